#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mem-on-off.sh HOTMEM: runs the kernel's own memory-hotplug selftest,
# tools/testing/selftests/memory-hotplug/mem-on-off-test.sh, against hotmem's live sysfs.
#
# The script is taken at test time from Debian's linux-source-6.1 package (never kept in
# the repository) and cached in $HOTMEM_SELFTEST_CACHE (default /tmp/hotmem-selftest).
# It runs through `hotmem exec`: in a private mount namespace where the live tree of
# `hotmem mount` is /sys, its /sys/kernel/debug (notifier error injection) over a debugfs.
#
# Passing: the script exits 0 (its own verdict), runs its notifier error injection phase,
# skips nothing, prints no "unexpected" result, onlines the hot-added blocks, and the
# verifier is clean afterwards.
set -u
hotmem=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${HOTMEM_SELFTEST_CACHE:-/tmp/hotmem-selftest}
script=$cache/mem-on-off-test.sh
mkdir -p "$cache"
if [ ! -s "$script" ]; then
	work=$(mktemp -d)
	( cd "$work" && apt-get download -qq linux-source-6.1 >/dev/null 2>&1 ) ||
		{ apt-get update -qq >/dev/null 2>&1; ( cd "$work" && apt-get download -qq linux-source-6.1 ); } ||
		{ echo "cannot download linux-source-6.1"; exit 1; }
	dpkg-deb --fsys-tarfile "$work"/linux-source-6.1_*.deb |
		tar -xO ./usr/src/linux-source-6.1.tar.xz |
		tar -xJO linux-source-6.1/tools/testing/selftests/memory-hotplug/mem-on-off-test.sh \
		> "$script.tmp" && mv "$script.tmp" "$script"
	rm -rf "$work"
	[ -s "$script" ] || { echo "mem-on-off-test.sh not found in linux-source-6.1"; exit 1; }
fi

. "$here/../cli/live.sh"
live_init "$hotmem"
mnt=$dir/mnt
live_mount "$mnt" "$here/machine.scn" sys/devices/system/memory/memory32

"$hotmem" exec --quiet "$mnt" -- bash "$script" > "$dir/out" 2> "$dir/err"
rc=$?
cat "$dir/out"
sed 's/^/stderr: /' "$dir/err"
state=$(live_verify "$mnt")
echo "$state" | sed 's/^/verify: /'

fail=0
[ $rc -eq 0 ] || { echo "FAIL: exit status $rc"; fail=1; }
grep -q "Test with memory notifier error injection" "$dir/out" ||
	{ echo "FAIL: no notifier error injection phase"; fail=1; }
grep -q "skip" "$dir/err" && { echo "FAIL: the selftest skipped tests"; fail=1; }
bad=$(grep "unexpected" "$dir/err")
[ -z "$bad" ] || { echo "FAIL: unexpected results:"; echo "$bad"; fail=1; }
echo "$state" | grep -qx "ok" || { echo "FAIL: the verifier found violations"; fail=1; }
hot=$(grep -c -E '^offline->online memory3[2-9]$' "$dir/out")
[ "$hot" -gt 0 ] || { echo "FAIL: no hot-added block was onlined"; fail=1; }
[ $fail -eq 0 ] && echo "mem-on-off-test.sh passed ($hot transitions of hot-added blocks)"
exit $fail
