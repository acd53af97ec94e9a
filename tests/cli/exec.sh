#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exec.sh HOTMEM: `hotmem exec DIR -- COMMAND` runs host commands unchanged on a live
# machine: its tree is /sys, its /proc files are /proc's, /lib/modules declares its drivers
# built in; writes act on the machine; exit statuses pass through; words reach the command
# as they are; the host's own mounts are left alone; usage errors exit 2.
set -u
hotmem=$1
dir=$(mktemp -d)
mnt=$dir/mnt
mkdir "$mnt"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }

if ! unshare -m true 2>/dev/null && ! unshare -Urm true 2>/dev/null; then
	echo "skip: neither root nor an unprivileged user namespace (unshare -m, unshare -Urm)"
	rm -rf "$dir"
	exit 77
fi

"$hotmem" mount "$mnt" --control "$dir/ctl" > "$dir/mount.log" 2>&1 &
pid=$!
cleanup() {
	"$hotmem" ctl "$dir/ctl" quit > /dev/null 2>&1
	wait $pid 2>/dev/null
	umount "$mnt" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
for i in $(seq 50); do
	[ -S "$dir/ctl" ] && [ -e "$mnt/sys/devices/system/memory/memory0" ] && break
	sleep 0.1
done
[ -e "$mnt/sys/devices/system/memory/memory0" ] || { cat "$dir/mount.log"; exit 1; }

# 1. usage: exit 2 and a message, nothing run
"$hotmem" exec > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "missing the mounted tree" "$dir/out" || fail "no DIR: rc $rc"
"$hotmem" exec "$mnt" -- > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "missing the command" "$dir/out" || fail "no command: rc $rc"
"$hotmem" exec "$dir/nowhere" -- true > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "is not a hotmem tree" "$dir/out" || fail "not a tree: rc $rc"
[ $fails -eq 0 ] && ok "usage errors exit 2 with a message"

# 2. the machine's files are where the kernel's are
want=$(cat "$mnt/sys/devices/system/memory/block_size_bytes")
got=$("$hotmem" exec "$mnt" -- cat /sys/devices/system/memory/block_size_bytes)
[ "$got" = "$want" ] || fail "block_size_bytes: '$got', the tree has '$want'"
# (through a pipe: cmp and diff take sysfs's size, 4096, for the content's)
cat "$mnt/proc/iomem" | diff -q - "$("$hotmem" exec "$mnt" -- sh -c 'cat /proc/iomem > '"$dir"'/iomem; echo '"$dir"'/iomem')" > /dev/null ||
	fail "/proc/iomem is not the machine's"
"$hotmem" exec "$mnt" -- cat /proc/self/status > /dev/null || fail "/proc/self is gone"
n=$("$hotmem" exec "$mnt" -- lsmem -n -o STATE | grep -c online)
[ "$n" -ge 1 ] || fail "lsmem saw no online block"
[ $fails -eq 0 ] && ok "/sys and /proc are the machine's (block size $want, lsmem $n ranges online)"

# 3. libkmod finds the modelled drivers built in, and loads nothing
"$hotmem" exec "$mnt" -- modinfo -F filename nd_pmem > "$dir/out" 2>&1
grep -qx "(builtin)" "$dir/out" || { fail "nd_pmem not built in:"; cat "$dir/out"; }
"$hotmem" exec "$mnt" -- modprobe -q dax_pmem || fail "modprobe dax_pmem failed"
"$hotmem" exec "$mnt" -- modprobe --resolve-alias dax:t0 > "$dir/out" 2>&1
grep -qx device_dax "$dir/out" && grep -qx kmem "$dir/out" || { fail "dax:t0 aliases:"; cat "$dir/out"; }
[ $fails -eq 0 ] && ok "/lib/modules/$(uname -r): the drivers are built in"

# 4. writes act on the machine: a hot-added DIMM's block onlined and offlined by chmem
"$hotmem" ctl "$dir/ctl" \
	'qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"m1","size":134217728}}' \
	'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d1","memdev":"m1","node":0}}' \
	'sleep 1' > /dev/null || fail "hot-adding a DIMM"
state() { "$hotmem" ctl "$dir/ctl" "read /sys/devices/system/memory/memory32/state" | sed -n 2p; }
[ "$(state)" = offline ] || fail "memory32 is '$(state)' after the hot-add"
"$hotmem" exec "$mnt" -- chmem -e -b 32 > "$dir/out" 2>&1 || { fail "chmem -e -b 32:"; cat "$dir/out"; }
[ "$(state)" = online ] || fail "memory32 is '$(state)' after chmem -e"
"$hotmem" exec "$mnt" -- chmem -d -b 32 > "$dir/out" 2>&1 || { fail "chmem -d -b 32:"; cat "$dir/out"; }
[ "$(state)" = offline ] || fail "memory32 is '$(state)' after chmem -d"
[ $fails -eq 0 ] && ok "chmem -e/-d through exec act on the machine"

# 5. exit statuses, words as they are, no shell
"$hotmem" exec "$mnt" -- false; rc=$?
[ $rc -eq 1 ] || fail "false: rc $rc"
"$hotmem" exec "$mnt" -- sh -c 'kill -TERM $$'; rc=$?
[ $rc -eq 143 ] || fail "a command killed by SIGTERM: rc $rc, want 143"
"$hotmem" exec "$mnt" -- no-such-command-hotmem > "$dir/out" 2>&1; rc=$?
[ $rc -eq 127 ] && grep -q "cannot run no-such-command-hotmem" "$dir/out" || fail "missing command: rc $rc"
"$hotmem" exec "$mnt" -- printf '[%s]' ';' '$(touch '"$dir"'/pwned)' '|' '>x' > "$dir/out"
[ "$(cat "$dir/out")" = "[;][\$(touch $dir/pwned)][|][>x]" ] || fail "words: $(cat "$dir/out")"
[ -e "$dir/pwned" ] && fail "a word ran a command"
"$hotmem" exec "$mnt" -- sh -c 'read a; echo "in:$a"' > "$dir/out" <<EOT
hello
EOT
grep -qx "in:hello" "$dir/out" || fail "stdin does not reach the command"
[ $fails -eq 0 ] && ok "exit statuses, words and stdin pass through"

# 6. the host is left alone
grep -q hotmem-modules /proc/self/mountinfo && fail "the namespace's mounts leaked to the host"
[ "$(readlink -f /sys/devices/system/memory)" = /sys/devices/system/memory ] || fail "host /sys moved"
[ -e /sys/devices/system/memory/block_size_bytes ] && [ ! -e /sys/devices/system/memory/memory0/.hotmem ] ||
	fail "host /sys changed"
[ $fails -eq 0 ] && ok "the host's mounts are untouched"

# 7. without root: a user namespace (a static tree, as FUSE mounts are per user)
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urm true 2>/dev/null; then
	user=$dir/user
	mkdir "$user"
	"$hotmem" export "$user/tree" > /dev/null
	cp "$hotmem" "$user/hotmem"
	chown -R 65534:65534 "$user"
	chmod 755 "$dir" "$user"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$user/hotmem" exec "$user/tree" -- \
		sh -c 'id -u; cat /sys/devices/system/memory/block_size_bytes; modinfo -F filename kmem' \
		> "$dir/out" 2>&1
	[ "$(cat "$dir/out")" = "$(printf '65534\n%s\n(builtin)' "$want")" ] ||
		{ fail "in a user namespace:"; cat "$dir/out"; }
	[ $fails -eq 0 ] && ok "as uid 65534, in a user namespace"
else
	echo "skip a user namespace as another user (not root, or no setpriv/user namespaces)"
fi

[ $fails -eq 0 ] && echo "exec: all passed"
exit $((fails > 0))
