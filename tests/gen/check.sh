#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check.sh HOTMEM: the generator is deterministic in its seed (two draws of each of a few seeds
# are identical), every committed random scenario of the current generator version is what
# gen.py draws for its seed, and hotmem runs what it draws (no parse error, the verifier quiet).
set -u
hotmem=$1
dir=$(dirname "$0")
corpus=$dir/../conformance/random/scenarios
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for arch in pc q35 virt; do
	for seed in 1 17 1234; do
		python3 "$dir/gen.py" --arch $arch $seed > "$out/a.scn" || { echo "gen.py $arch $seed failed"; exit 1; }
		python3 "$dir/gen.py" --arch $arch $seed > "$out/b.scn"
		if ! cmp -s "$out/a.scn" "$out/b.scn"; then
			echo "gen.py --arch $arch $seed drew two different scenarios"
			fail=1
		fi
		"$hotmem" run --verify "$out/a.scn" > "$out/run.out" 2> "$out/run.err"
		rc=$?
		if [ $rc -ne 0 ]; then
			echo "hotmem run of gen.py --arch $arch $seed: exit $rc"
			cat "$out/run.err"
			fail=1
		fi
	done
done
version=$(sed -n 's/^VERSION = //p' "$dir/gen.py")
for scn in "$corpus"/*.scn; do
	[ -e "$scn" ] || continue
	set -- $(sed -n "1s/^# random scenario v$version: tests\/gen\/gen.py --arch \([a-z0-9]*\) \([0-9]*\)$/\1 \2/p" "$scn")
	[ $# -eq 2 ] || continue
	python3 "$dir/gen.py" --arch "$1" "$2" > "$out/g.scn"
	if ! cmp -s "$out/g.scn" "$scn"; then
		echo "$(basename "$scn") is not what gen.py --arch $1 $2 draws now (bump VERSION when changing the draws)"
		fail=1
	fi
done
exit $fail
