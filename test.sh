#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what hotmem needs and runs every test in two builds: the normal one with
# -Werror (build-ci) and one with AddressSanitizer and UBSan (build-asan); then a short
# libFuzzer run of each fuzz target (tests/fuzz/run.sh).  Ends with a line
# "N passed, N failed".
set -u
cd "$(dirname "$0")"
scripts/deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0
for cfg in ci asan; do
	dir=build-$cfg
	opts="-DHOTMEM_WERROR=ON"
	[ $cfg = asan ] && opts="$opts -DHOTMEM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
	if ! cmake -S . -B $dir -G Ninja $opts >/dev/null || ! ninja -C $dir -j "$jobs"; then
		echo "build $cfg failed"
		failed=$((failed + 1))
		continue
	fi
	(cd $dir && ctest -j "$jobs" --output-on-failure) > $dir/ctest.log 2>&1
	tail -n 25 $dir/ctest.log
	p=$(sed -n 's/.* tests passed, \([0-9]*\) tests failed out of \([0-9]*\)/\2 \1/p' $dir/ctest.log)
	total=${p% *} bad=${p#* }
	[ -n "$p" ] || { total=0; bad=1; }
	passed=$((passed + total - bad))
	failed=$((failed + bad))
done
# a short libFuzzer run of each target (FUZZ_SECONDS each, default 60)
if command -v clang >/dev/null; then
	out=$(tests/fuzz/run.sh "${FUZZ_SECONDS:-60}" 2>&1)
	r=$?
	echo "$out"
	n=$(echo "$out" | grep -c "executions in")
	if [ $r -eq 0 ] && [ "$n" -eq 2 ]; then
		passed=$((passed + 2))
	else
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
