#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-one.sh HOTMEM SCENARIO EXPECTED [STATUS]: runs one scenario on hotmem and compares its
# transcript with the real kernel's, as the status file (tests/conformance/status unless
# given) says it must match.
set -u
hotmem=$1 scn=$2 expected=$3
dir=$(dirname "$0")
statusfile=${4:-$dir/status}
name=$(basename "$scn" .scn)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=$(awk -v n="$name" '$1 == n { $1 = ""; print substr($0, 2) }' "$statusfile")
# the verifier runs after every step: a violation fails the test whatever the status
"$hotmem" run --verify "$scn" > "$out/actual.out"
rc=$?
if [ $rc -eq 1 ] || { [ $rc -ne 0 ] && [ -z "$status" ]; }; then
	echo "hotmem run exited $rc"
	exit 1
fi
case "$status" in
"")
	python3 "$dir/compare.py" "$expected" "$out/actual.out" -v
	;;
pending*)
	if python3 "$dir/compare.py" "$expected" "$out/actual.out" > "$out/cmp" 2>&1; then
		echo "$name matches the real kernel now: remove it from $statusfile"
		exit 1
	fi
	echo "pending: ${status#pending }"
	exit 0
	;;
prefix*)
	n=$(echo "$status" | awk '{ print $2 }')
	# keep the first n steps of each transcript
	for f in expected actual; do
		src=$expected
		[ $f = actual ] && src=$out/actual.out
		awk -v n="$n" '/^== / { k++ } k <= n' "$src" > "$out/$f.cut"
	done
	python3 "$dir/compare.py" "$out/expected.cut" "$out/actual.cut" -v || exit 1
	if python3 "$dir/compare.py" "$expected" "$out/actual.out" > "$out/cmp" 2>&1; then
		echo "$name matches in full now: remove it from $statusfile"
		exit 1
	fi
	echo "first $n steps match; the rest is pending: ${status#prefix $n }"
	;;
esac
