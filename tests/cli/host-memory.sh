#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# host-memory.sh HOTMEM: a guest whose memmap cannot fit the host is refused at once,
# before anything is allocated, with a message naming the estimate and what the host
# has (issue 11: -m 16T grew to the host's memory and met the OOM killer minutes later).
set -u
hotmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# hotmem under an address-space limit, if it runs there (sanitizer builds do not): also a
# guard should the check ever be lost
printf 'machine -m 1G,slots=4,maxmem=8G -smp 1\nverify\n' > "$dir/small.scn"
limit=
prlimit --as=1073741824 "$hotmem" run "$dir/small.scn" > "$dir/out" 2>&1 && limit="prlimit --as=4294967296"

# 16 TiB of RAM: a 128 GiB memmap, more than any machine this runs on
printf 'machine -m 16T -cpu max,phys-bits=52\ndump x\n' > "$dir/16t.scn"
start=$(date +%s)
$limit "$hotmem" run "$dir/16t.scn" > "$dir/out" 2> "$dir/err"
rc=$? secs=$(( $(date +%s) - start ))
if [ $rc -eq 2 ] && [ ! -s "$dir/out" ] && [ $secs -le 5 ] &&
   grep -Eq "16t.scn:1: machine: guest too big for this host: the memmap of 16.0 TiB of RAM .* need about 128.0 GiB of host memory, and only .* is (available|left under the address-space limit)" "$dir/err"; then
	echo "ok   -m 16T refused in ${secs}s: $(cat "$dir/err")"
else
	fail "-m 16T: exit $rc after ${secs}s: $(cat "$dir/out" "$dir/err" | head -5)"
fi

# under an address-space limit of 1 GiB: 256 GiB (a 2 GiB memmap) is refused, 1 GiB boots
if [ -z "$limit" ]; then
	echo "skip prlimit checks: hotmem does not run under --as=1G here (sanitizer build?)"
else
	printf 'machine -m 256G -cpu max,phys-bits=48\ndump x\n' > "$dir/256g.scn"
	prlimit --as=1073741824 "$hotmem" run "$dir/256g.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "need about 2.0 GiB of host memory, and only .* is left under the address-space limit" "$dir/err"; then
		echo "ok   under prlimit --as=1G: $(cat "$dir/err")"
	else
		fail "-m 256G under prlimit --as=1G: exit $rc: $(head -c 400 "$dir/err")"
	fi
	prlimit --as=1073741824 "$hotmem" run "$dir/small.scn" | grep -q '^ok$' ||
		fail "-m 1G does not boot under prlimit --as=1G"
fi
[ $fails -eq 0 ]
