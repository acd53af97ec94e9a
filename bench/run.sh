#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds the benchmarks in Release and runs them all (--all: the 1 TiB boot
# and the 1 TiB hot-add too).  Results go to stdout, one line per figure.
#
# Needs about 9 GiB of free memory: an 8 GiB memmap (1 TiB of 32-byte
# struct pages) and, after it is freed, a memset bound of the same size.
#
#	BUILD_DIR	build directory (default: build-bench in the source tree)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-bench}

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOTMEM_WERROR=ON >/dev/null
ninja -C "$build" -j2 bench_boot bench_hotplug bench_offline bench_devdax >/dev/null

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -r) $(nproc) cpus" \
     "$(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
"$build/bench/bench_boot" --all
"$build/bench/bench_hotplug" --all
"$build/bench/bench_offline" --all
"$build/bench/bench_devdax" --all
