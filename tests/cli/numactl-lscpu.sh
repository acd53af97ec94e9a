#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# numactl-lscpu.sh HOTMEM: Debian's `numactl --hardware` and util-linux `lscpu` run on the
# live tree of a two-node machine whose second node has a CPU and no memory, bound over
# /sys/devices/system in a private mount namespace as doc/testing-your-tool.md shows, and find what a
# guest shows them: both nodes with their CPUs, node 1 without memory, the distance table,
# and the CPUs, cores and caches of /sys/devices/system/cpu.
set -u
. "$(dirname "$0")/live.sh"
command -v numactl > /dev/null || { echo "FAIL: numactl is not installed (scripts/deps.sh)"; exit 1; }
live_init "$1"
mnt=$dir/mnt
cat > "$dir/machine.scn" <<'SCN'
machine -m 1G,slots=2,maxmem=4G -smp 2 -object memory-backend-ram,id=r0,size=1G -numa node,nodeid=0,cpus=0,memdev=r0 -numa node,nodeid=1,cpus=1
SCN
live_mount "$mnt" "$dir/machine.scn" sys/devices/system/cpu/cpu1

unshare -m --propagation private sh -c '
	mount --bind "$1/sys/devices/system" /sys/devices/system || exit 97
	numactl --hardware > "$2/numactl" 2>&1; echo "rc=$?" >> "$2/numactl"
	LC_ALL=C lscpu > "$2/lscpu" 2>&1; echo "rc=$?" >> "$2/lscpu"' _ "$mnt" "$dir"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: the private mount namespace: exit $rc"; exit 1; }
sed 's/^/numactl: /' "$dir/numactl"
sed 's/^/lscpu: /' "$dir/lscpu"

fail=0
expect() {	# FILE REGEX WHAT
	grep -Eq "$2" "$dir/$1" || { echo "FAIL: $1 does not show $3 ($2)"; fail=1; }
}
expect numactl '^available: 2 nodes \(0-1\)$' "both nodes"
expect numactl '^node 0 cpus: 0$' "node 0's CPU"
expect numactl '^node 1 cpus: 1$' "node 1's CPU"
expect numactl '^node 0 size: [1-9][0-9]* MB$' "node 0's memory"
expect numactl '^node 1 size: 0 MB$' "node 1 without memory"
expect numactl '^node distances:$' "the distance table"
expect numactl '^ +0: +10 +20 *$' "node 0's distances"
expect numactl '^ +1: +20 +10 *$' "node 1's distances"
expect numactl '^rc=0$' "success"
expect lscpu '^CPU\(s\): +2$' "two CPUs"
expect lscpu '^On-line CPU\(s\) list: +0,1$' "the online CPUs"
expect lscpu '^Core\(s\) per socket: +2$' "one socket of two cores"
expect lscpu '^NUMA node\(s\): +2$' "two nodes"
expect lscpu '^NUMA node0 CPU\(s\): +0$' "node 0's CPU"
expect lscpu '^NUMA node1 CPU\(s\): +1$' "node 1's CPU"
expect lscpu '^L1d cache: +128 KiB \(2 instances\)$' "qemu64's 64K L1d per core"
expect lscpu '^L3 cache: +32 MiB \(2 instances\)$' "qemu64's 16M L3 per core"
expect lscpu '^rc=0$' "success"
[ $fail -eq 0 ] && echo "numactl --hardware and lscpu read the live tree"
exit $fail
