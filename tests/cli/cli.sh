#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cli.sh HOTMEM: the command line behaves like a Debian tool (issue 13): every
# error names its cause, exit codes are the documented ones (0 done, 1 the run
# failed, 2 bad usage or input), --help and --version answer on stdout.
set -u
hotmem=$1
dir=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && { "$hotmem" ctl "$dir/ctl" quit > /dev/null 2>&1; wait "$pid"; }
	rm -rf "$dir"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# expect NAME RC MESSAGE CMD...: CMD exits RC and its stderr contains MESSAGE
expect() {
	name=$1 want=$2 msg=$3
	shift 3
	"$@" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		fail "$name: exit $rc, expected $want ($(cat "$dir/err"))"
	elif [ -n "$msg" ] && ! grep -qF -- "$msg" "$dir/err"; then
		fail "$name: stderr '$(cat "$dir/err")' lacks '$msg'"
	else
		echo "ok   $name: $(head -n 1 "$dir/err")"
	fi
}

printf 'dump boot\n' > "$dir/a.scn"

# a misspelt option, an unknown command, a missing operand: named, exit 2
expect bad-option 2 "unrecognized option '--jsn'" "$hotmem" run --jsn "$dir/a.scn"
expect unknown-command 2 "unknown command 'frobnicate'" "$hotmem" frobnicate
expect missing-file-operand 2 "missing scenario file" "$hotmem" run
expect extra-operand 2 "unexpected argument 'b.scn'" "$hotmem" run "$dir/a.scn" b.scn
expect missing-file 2 "$dir/none.scn: No such file or directory" "$hotmem" run "$dir/none.scn"
# a directory is not a scenario (it used to run the default machine, exit 0)
expect run-dir 2 "$dir: Is a directory" "$hotmem" run "$dir"

# run - reads the scenario from stdin, with "<stdin>" in messages
"$hotmem" run "$dir/a.scn" > "$dir/file.out"
"$hotmem" run - < "$dir/a.scn" > "$dir/stdin.out" || fail "run -: exit $?"
cmp -s "$dir/file.out" "$dir/stdin.out" && echo "ok   run -: same transcript as the file" ||
	fail "run -: transcript differs"
printf 'dump x\nfoo\n' > "$dir/bad.scn"
expect stdin-line 2 "<stdin>:2: unknown step 'foo'" sh -c "\"$hotmem\" run - < \"$dir/bad.scn\""

# --version, --help, help COMMAND, COMMAND --help: stdout, exit 0
for args in "--version" "--help" "help" "help run" "run --help" "export --help" "mount --help" "ctl --help"; do
	# shellcheck disable=SC2086
	if "$hotmem" $args > "$dir/out" 2> "$dir/err" && [ -s "$dir/out" ] && [ ! -s "$dir/err" ]; then
		echo "ok   $args: $(head -n 1 "$dir/out")"
	else
		fail "$args: exit $?, stdout $(wc -c < "$dir/out") bytes, stderr '$(cat "$dir/err")'"
	fi
done
grep -q "^hotmem [0-9]" "$dir/out" 2>/dev/null || "$hotmem" --version | grep -q "^hotmem [0-9]" ||
	fail "--version: no version"
expect help-unknown 2 "unknown command 'nope'" "$hotmem" help nope

# export: a missing parent is named; a used DIR is refused and left as it was;
# --force replaces it whole (nothing of the old tree stays)
expect export-no-parent 1 "$dir/no/such: No such file or directory" "$hotmem" export "$dir/no/such"
mkdir "$dir/used" && echo keep > "$dir/used/mine"
expect export-used 2 "$dir/used: Directory not empty" "$hotmem" export "$dir/used"
[ "$(ls "$dir/used")" = mine ] && echo "ok   export-used: DIR unchanged" ||
	fail "export-used: DIR changed: $(ls "$dir/used")"
"$hotmem" export --force "$dir/used" "$dir/a.scn" || fail "export --force: exit $?"
if [ -e "$dir/used/mine" ] || [ ! -f "$dir/used/sys/devices/system/memory/block_size_bytes" ]; then
	fail "export --force: not replaced whole: $(ls "$dir/used")"
else
	echo "ok   export --force: replaced whole"
fi
[ "$(ls "$dir" | grep -c hotmem-)" -eq 0 ] || fail "export left temporary directories: $(ls "$dir")"
"$hotmem" export "$dir/fresh" && [ -f "$dir/fresh/sys/devices/system/memory/block_size_bytes" ] &&
	echo "ok   export to a new DIR" || fail "export to a new DIR"
# the counter files are in the export, in the kernel's formats and modes
if grep -q "^Node 0, zone    DMA32 " "$dir/fresh/proc/buddyinfo" &&
   grep -q "^Node 0 MemTotal: " "$dir/fresh/sys/devices/system/node/node0/meminfo" &&
   grep -q "^numa_hit " "$dir/fresh/sys/devices/system/node/node0/numastat" &&
   grep -q "^nr_free_pages " "$dir/fresh/sys/devices/system/node/node0/vmstat" &&
   [ "$(stat -c %a "$dir/fresh/proc/pagetypeinfo")" = 400 ] &&
   grep -q "^Page block order: 9$" "$dir/fresh/proc/pagetypeinfo"; then
	echo "ok   export: buddyinfo, pagetypeinfo (0400), node meminfo, numastat, vmstat"
else
	fail "export: the counter files"
fi
expect export-bad-scn 2 "bad.scn:2: unknown step 'foo'" "$hotmem" export "$dir/x" "$dir/bad.scn"
[ ! -e "$dir/x" ] && echo "ok   export-bad-scn: nothing written" || fail "export-bad-scn: wrote $dir/x"

# run -v: the kernel log on stderr (a refused offline explains itself)
cat > "$dir/refused.scn" <<'SCN'
qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"mem1","size":268435456}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"dimm1","memdev":"mem1","node":0}}
write /sys/devices/system/memory/memory32/state online
write /sys/devices/system/memory/memory32/state offline
SCN
expect run-v 0 "failed due to failure to isolate range" "$hotmem" run -v "$dir/refused.scn"
"$hotmem" run "$dir/refused.scn" 2> "$dir/err" > /dev/null
[ ! -s "$dir/err" ] && echo "ok   run without -v: quiet" || fail "run without -v wrote '$(cat "$dir/err")'"

# ctl: exit 1 when a step answers an error, 0 when all went through
if command -v fusermount3 > /dev/null && [ -e /dev/fuse ]; then
	mkdir "$dir/mnt"
	"$hotmem" mount "$dir/mnt" --control "$dir/ctl" > "$dir/mount.log" 2>&1 &
	pid=$!
	i=0
	while [ ! -S "$dir/ctl" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	expect ctl-ok 0 "" "$hotmem" ctl "$dir/ctl" "read /sys/devices/system/memory/block_size_bytes"
	expect ctl-failed-write 1 "1 step failed" "$hotmem" ctl "$dir/ctl" \
		"write /sys/devices/system/memory/memory1/state bogus"
	grep -q "error: EINVAL" "$dir/out" && echo "ok   ctl-failed-write: answer printed" ||
		fail "ctl-failed-write: answer '$(cat "$dir/out")'"
	expect ctl-failed-qmp 1 "1 step failed" "$hotmem" ctl "$dir/ctl" '{"execute":"nope"}'
	expect ctl-bad-qmp 1 "1 step failed" "$hotmem" ctl "$dir/ctl" 'qmp {"execute":"nope"}'
	expect ctl-no-socket 1 "$dir/none.sock: No such file or directory" "$hotmem" ctl "$dir/none.sock" "dump x"
else
	echo "skip ctl: no FUSE here"
fi
expect ctl-usage 2 "missing steps" "$hotmem" ctl "$dir/ctl"

# bash completion: commands, then each command's options
src=$(cd "$(dirname "$0")/../.." && pwd)
if command -v bash > /dev/null; then
	got=$(bash -c '. "$1"; COMP_WORDS=(hotmem ex); COMP_CWORD=1; _hotmem; echo "${COMPREPLY[*]}";
		COMP_WORDS=(hotmem run --ve); COMP_CWORD=2; _hotmem; echo "${COMPREPLY[*]}"' sh \
		"$src/contrib/bash-completion/hotmem")
	[ "$got" = "$(printf 'export\n--verbose --verify')" ] && echo "ok   bash completion" ||
		fail "bash completion: '$got'"
fi
# run --strict: exit 1 when a step answered an error, the step named with its line;
# without it the same run exits 0 (the transcript is the result)
printf 'dump boot\nwrite /sys/devices/system/memory/nothere 1\nqmp {"execute":"device_del","arguments":{"id":"none"}}\n' > "$dir/err.scn"
expect strict-errors 1 "$dir/err.scn:2: write /sys/devices/system/memory/nothere 1" \
	"$hotmem" run --strict "$dir/err.scn"
grep -qF "$dir/err.scn:3: qmp" "$dir/err" || fail "strict-errors: the qmp step is not named"
expect strict-clean 0 "" "$hotmem" run --strict "$dir/a.scn"
expect not-strict 0 "" "$hotmem" run "$dir/err.scn"

# the man pages render without warnings
if command -v groff > /dev/null; then
	for page in hotmem.1 hotmem.3 hotmem.scn.5; do
		w=$(groff -man -Tutf8 -ww -z "$src/doc/man/$page" 2>&1)
		[ -z "$w" ] && echo "ok   man $page" || fail "man $page: $w"
	done
fi

[ $fails -eq 0 ]
