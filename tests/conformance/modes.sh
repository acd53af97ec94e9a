#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# modes.sh HOTMEM SCENARIO: runs a scenario with the compact memmap and page tables (the
# default) and with the dense ones (HOTMEM_MEMMAP=dense: every struct page held, and every
# page table with its 512 entries), the verifier after every step, and requires the two
# transcripts to be identical, byte for byte (but for the uuids ndctl generates at random,
# masked as compare.py masks them).
set -u
hotmem=$1 scn=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
env -u HOTMEM_MEMMAP "$hotmem" run --verify "$scn" > "$out/compact.out" 2>&1
rc1=$?
HOTMEM_MEMMAP=dense "$hotmem" run --verify "$scn" > "$out/dense.out" 2>&1
rc2=$?
if [ $rc1 -ne $rc2 ]; then
	echo "exit status: compact $rc1, dense $rc2"
	exit 1
fi
if [ $rc1 -eq 1 ]; then
	echo "the verifier failed"
	cat "$out/compact.out"
	exit 1
fi
uuid='[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}'
for m in dense compact; do
	sed "s/$uuid/UUID/g" "$out/$m.out" > "$out/$m.masked" && mv "$out/$m.masked" "$out/$m.out"
done
if ! cmp -s "$out/dense.out" "$out/compact.out"; then
	echo "the compact memmap's transcript differs from the dense one's:"
	diff -u "$out/dense.out" "$out/compact.out" | head -50
	exit 1
fi
