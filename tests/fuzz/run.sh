#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run.sh [SECONDS]: builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz
# and runs each for SECONDS (default 60) from a copy of its seed corpus.  Findings are
# kept as crash-* files in build-fuzz/findings; the script fails if there is one.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
command -v clang >/dev/null || { echo "fuzz: clang is not installed"; exit 1; }
# -O1 with asserts (no NDEBUG): several times the executions of -O0
CC=clang cmake -S . -B build-fuzz -G Ninja -DHOTMEM_FUZZ=ON -DHOTMEM_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
	-DHOTMEM_BENCH=OFF >/dev/null || exit 1
ninja -C build-fuzz fuzz_scenario fuzz_parse fuzz_nd_ioctl >/dev/null || exit 1
mkdir -p build-fuzz/findings
rc=0
for t in fuzz_scenario fuzz_parse fuzz_nd_ioctl; do
	work=$(mktemp -d)
	if [ $t = fuzz_nd_ioctl ]; then cp tests/fuzz/corpus-nd/* "$work/"; else cp tests/fuzz/corpus/* "$work/"; fi
	[ $t = fuzz_parse ] && cp tests/fuzz/corpus-parse/* "$work/"
	build-fuzz/tests/$t -max_total_time="$secs" -dict=tests/fuzz/scenario.dict \
		-max_len=4096 -timeout=20 -rss_limit_mb=4096 \
		-artifact_prefix=build-fuzz/findings/$t- "$work" > build-fuzz/$t.log 2>&1
	r=$?
	execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' build-fuzz/$t.log)
	findings=$(ls build-fuzz/findings | grep -c "^$t-")
	echo "$t: ${execs:-?} executions in ${secs}s, $findings findings, exit $r"
	[ $r -eq 0 ] || { rc=1; tail -30 build-fuzz/$t.log; }
	rm -rf "$work"
done
exit $rc
