#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bad-input.sh HOTMEM: a malformed scenario line or an unknown machine option is an
# error naming file and line, exit status 2, and nothing is run (no transcript).
set -u
hotmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

# expect NAME EXPECTED_MESSAGE_PART: runs $dir/NAME.scn
expect() {
	"$hotmem" run "$dir/$1.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		echo "FAIL $1: exit $rc, expected 2"; fails=$((fails + 1)); return
	fi
	if [ -s "$dir/out" ]; then
		echo "FAIL $1: printed a transcript:"; cat "$dir/out"; fails=$((fails + 1)); return
	fi
	if ! grep -qF -- "$2" "$dir/err"; then
		echo "FAIL $1: message '$(cat "$dir/err")' lacks '$2'"; fails=$((fails + 1)); return
	fi
	echo "ok   $1: $(cat "$dir/err")"
}

printf 'dump boot\nfrobnicate now\n' > "$dir/unknown-step.scn"
expect unknown-step "unknown-step.scn:2: unknown step 'frobnicate'"

printf '# comment\n\nqmp {"execute":\n' > "$dir/bad-json.scn"
expect bad-json "bad-json.scn:3: qmp"

printf 'qmp [1,2]\n' > "$dir/json-not-object.scn"
expect json-not-object "json-not-object.scn:1: qmp"

printf 'write relative/path 1\n' > "$dir/relative.scn"
expect relative "relative.scn:1: write"

printf 'sleep soon\n' > "$dir/sleep.scn"
expect sleep "sleep.scn:1: sleep"

printf 'machine -m 1G\nmachine -m 2G\n' > "$dir/two-machines.scn"
expect two-machines "two-machines.scn:2: machine"

printf 'machine -m 1G -frobnicate 1\ndump x\n' > "$dir/bad-option.scn"
expect bad-option "bad-option.scn:1: machine: unknown option '-frobnicate'"

printf 'machine -m lots\n' > "$dir/bad-size.scn"
expect bad-size "bad-size.scn:1: machine: -m: invalid value"

printf 'machine -m 2G -object memory-backend-ram,id=m0,size=1G -numa node,nodeid=0,memdev=m0\n' > "$dir/numa-sum.scn"
expect numa-sum "total memory for NUMA nodes"

"$hotmem" run "$dir/missing.scn" > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && echo "ok   missing file: exit 2" || { echo "FAIL missing file: exit $rc"; fails=$((fails + 1)); }

"$hotmem" frobnicate > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && echo "ok   unknown command: exit 2" || { echo "FAIL unknown command: exit $rc"; fails=$((fails + 1)); }

[ $fails -eq 0 ]
