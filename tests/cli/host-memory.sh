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

# 16 TiB of RAM with the dense memmap: 128 GiB of struct pages, more than any machine
# this runs on
printf 'machine -m 16T -cpu max,phys-bits=52\ndump x\n' > "$dir/16t.scn"
start=$(date +%s)
HOTMEM_MEMMAP=dense $limit "$hotmem" run "$dir/16t.scn" > "$dir/out" 2> "$dir/err"
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
	HOTMEM_MEMMAP=dense prlimit --as=1073741824 "$hotmem" run "$dir/256g.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "need about 2.0 GiB of host memory, and only .* is left under the address-space limit" "$dir/err"; then
		echo "ok   under prlimit --as=1G: $(cat "$dir/err")"
	else
		fail "-m 256G under prlimit --as=1G: exit $rc: $(head -c 400 "$dir/err")"
	fi
	prlimit --as=1073741824 "$hotmem" run "$dir/small.scn" | grep -q '^ok$' ||
		fail "-m 1G does not boot under prlimit --as=1G"
	# the compact memmap: 16 TiB boots under 1 GiB of address space; 63 TiB (516096
	# sections, about 536 MiB at the estimate's 1 KiB a section) does not fit 256 MiB
	printf 'machine -m 16T -cpu max,phys-bits=48\nverify\n' > "$dir/16tc.scn"
	prlimit --as=1073741824 "$hotmem" run "$dir/16tc.scn" > "$dir/out" 2> "$dir/err"
	if grep -q '^ok$' "$dir/out"; then
		echo "ok   -m 16T boots under prlimit --as=1G (compact memmap)"
	else
		fail "-m 16T under prlimit --as=1G: $(head -c 400 "$dir/err")"
	fi
	printf 'machine -m 63T -cpu max,phys-bits=48\nverify\n' > "$dir/63t.scn"
	prlimit --as=268435456 "$hotmem" run "$dir/63t.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "the memmap of 63.0 TiB of RAM (1024 bytes per 128 MiB section) and its overhead need about 536.0 MiB of host memory, and only .* is left under the address-space limit" "$dir/err"; then
		echo "ok   under prlimit --as=256M: $(cat "$dir/err")"
	else
		fail "-m 63T under prlimit --as=256M: exit $rc: $(head -c 400 "$dir/err")"
	fi
	# the dense page tables (HOTMEM_PGTABLE=dense): arm64's linear map of 1 TiB in 4 KiB
	# pages is 525,314 tables, about 2.1 GiB (2.08 GiB of peak RSS measured): refused
	# under 1.5 GiB of address space, where the compact tables boot
	printf 'machine -M virt -m 1T\nverify\n' > "$dir/virt1t.scn"
	HOTMEM_PGTABLE=dense prlimit --as=1610612736 "$hotmem" run "$dir/virt1t.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$dir/out" ] && grep -q "the memmap of 1.0 TiB of RAM (1024 bytes per 128 MiB section), the 525314 dense tables of its linear map (.* bytes each, HOTMEM_PGTABLE=dense) and its overhead need about 2.1 GiB of host memory, and only .* is left under the address-space limit" "$dir/err"; then
		echo "ok   HOTMEM_PGTABLE=dense virt -m 1T under prlimit --as=1.5G: $(cat "$dir/err")"
	else
		fail "HOTMEM_PGTABLE=dense virt -m 1T under prlimit --as=1.5G: exit $rc: $(head -c 400 "$dir/err")"
	fi
	prlimit --as=1610612736 "$hotmem" run "$dir/virt1t.scn" | grep -q '^ok$' ||
		fail "virt -m 1T (compact tables) does not boot under prlimit --as=1.5G"
fi
[ $fails -eq 0 ]
