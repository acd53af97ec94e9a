#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds the benchmarks in Release and runs them all (--all: the 1 TiB, 16 TiB
# and 64 TiB boots, the 1 TiB hot-add cycle and the cost-against-size table
# up to 64 TiB too).  Results go to stdout, one line per figure, and to
# $BUILD_DIR/results.txt; then bench/tables.py makes the tables of doc/benchmarks.md's
# generated section from them (between its "bench/run.sh: begin" and "end" lines).
#
# Needs about 3 GiB of free memory: the memset bounds are measured on at most
# 1 GiB and scaled, and the compact memmap of 64 TiB takes about 130 MB.
# Run it under a limit on a shared host: prlimit --as=8589934592 bench/run.sh
#
#	BUILD_DIR	build directory (default: build-bench in the source tree)
#	BENCH_DOC	the document to write the tables into (default: doc/benchmarks.md;
#			empty: only print them)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-bench}

doc=${BENCH_DOC-$src/doc/benchmarks.md}

echo "bench/run.sh: building the benchmarks in Release ($build)" >&2
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOTMEM_WERROR=ON >/dev/null
ninja -C "$build" -j2 bench_boot bench_hotplug bench_offline bench_devdax bench_virtio_mem \
	bench_scale >/dev/null

results=$build/results.txt
# the load average goes with the figures: the machine is shared, and they vary with it
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -r) $(nproc) cpus" \
     "$(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start" | tee "$results"
# every benchmark runs even if one fails; the exit status tells whether any did
failed=""
for b in "bench_boot --all" "bench_hotplug --all" "bench_offline --all" \
	 "bench_devdax --all" "bench_virtio_mem" "bench_scale $*"; do
	echo "bench/run.sh: ${b%% *}" >&2
	# shellcheck disable=SC2086 # the benchmark's name and arguments
	{ "$build/bench/"$b || echo "# failed: ${b%% *}"; } | tee -a "$results"
done
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" | tee -a "$results"
failed=$(sed -n 's/^# failed: //p' "$results" | tr '\n' ' ')
# the tables, from the lines above only
if [ -n "$doc" ]; then
	python3 "$src/bench/tables.py" "$results" "$doc"
	echo "bench/run.sh: tables written into $doc" >&2
else
	python3 "$src/bench/tables.py" "$results"
fi
if [ -n "$failed" ]; then
	echo "# failed:$failed" >&2
	exit 1
fi
