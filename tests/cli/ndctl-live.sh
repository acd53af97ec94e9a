#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ndctl-live.sh HOTMEM: Debian's ndctl and daxctl, unchanged, act on a live NVDIMM machine
# through `hotmem exec`: list -RN, create-namespace (devdax), daxctl list -DR,
# reconfigure-device --mode=system-ram (lsmem then shows the kmem blocks), offline-memory,
# online-memory, back to devdax, destroy-namespace; each checked on the machine's own tree.
# 77 (skipped, with why) without ndctl, daxctl, lsmem or a mount namespace.
set -u
hotmem=$1
dir=$(mktemp -d)
mnt=$dir/mnt
mkdir "$mnt"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }
skip() { echo "skip: $*"; rm -rf "$dir"; exit 77; }

for t in ndctl daxctl lsmem; do
	command -v $t > /dev/null || skip "$t is not installed (Debian: apt-get install ndctl daxctl util-linux)"
done
unshare -m true 2>/dev/null || unshare -Urm true 2>/dev/null ||
	skip "neither root nor an unprivileged user namespace (unshare -m, unshare -Urm)"

cat > "$dir/machine.scn" <<'EOF'
# one 1 GiB NVDIMM with a label area, labels initialised: namespaces are made by size
machine -machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 -object memory-backend-ram,id=nv1,size=1075838976 -device nvdimm,id=nv1,memdev=nv1,label-size=128K
EOF
"$hotmem" mount "$mnt" --control "$dir/ctl" "$dir/machine.scn" > "$dir/mount.log" 2>&1 &
pid=$!
cleanup() {
	"$hotmem" ctl "$dir/ctl" quit > /dev/null 2>&1
	wait $pid 2>/dev/null
	umount "$mnt" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
for i in $(seq 50); do
	[ -S "$dir/ctl" ] && [ -e "$mnt/sys/bus/nd/devices/region0" ] && break
	sleep 0.1
done
[ -e "$mnt/sys/bus/nd/devices/region0" ] || { cat "$dir/mount.log"; exit 1; }
x() { "$hotmem" exec --quiet "$mnt" -- "$@" > "$dir/out" 2>&1; }
sys=$mnt/sys/bus/nd/devices

# 1. ndctl list -RN: the region and its label-less namespace
x ndctl list -RN || fail "ndctl list -RN: rc $?"
grep -q '"dev":"region0"' "$dir/out" && grep -q '"dev":"namespace0.0"' "$dir/out" &&
	grep -q '"mode":"raw"' "$dir/out" || { fail "ndctl list -RN:"; cat "$dir/out"; }
[ $fails -eq 0 ] && ok "ndctl list -RN shows region0 and its raw namespace0.0"

# 2. labels, then create-namespace of a 256 MiB devdax namespace through the seeds
x ndctl disable-region region0 && x ndctl init-labels -f nmem0 && x ndctl enable-region region0 ||
	{ fail "init-labels:"; cat "$dir/out"; }
x ndctl create-namespace -r region0 -m devdax -s 256M
rc=$?
[ $rc -eq 0 ] && grep -q '"mode":"devdax"' "$dir/out" || { fail "create-namespace: rc $rc"; cat "$dir/out"; }
[ "$(cat "$sys/namespace0.0/size")" = 268435456 ] || fail "namespace0.0/size: $(cat "$sys/namespace0.0/size")"
[ "$(cat "$sys/namespace0.0/holder")" = dax0.0 ] || fail "namespace0.0/holder: $(cat "$sys/namespace0.0/holder")"
[ -e "$mnt/sys/bus/dax/devices/dax0.0" ] || fail "no dax0.0 on the dax bus"
[ $fails -eq 0 ] && ok "create-namespace -m devdax -s 256M: namespace0.0 of 256 MiB held by dax0.0"

# 3. daxctl list -DR
x daxctl list -DR || fail "daxctl list -DR: rc $?"
grep -q '"chardev":"dax0.0"' "$dir/out" && grep -q '"mode":"devdax"' "$dir/out" ||
	{ fail "daxctl list -DR:"; cat "$dir/out"; }
[ $fails -eq 0 ] && ok "daxctl list -DR shows dax0.0 in devdax mode"

# 4. reconfigure-device --mode=system-ram: kmem's memory blocks, online, lsmem shows them
x daxctl reconfigure-device --mode=system-ram dax0.0
rc=$?
[ $rc -eq 0 ] && grep -q '"mode":"system-ram"' "$dir/out" || { fail "reconfigure-device: rc $rc"; cat "$dir/out"; }
grep -q "System RAM (kmem)" "$mnt/proc/iomem" || fail "no System RAM (kmem) in /proc/iomem"
"$hotmem" exec --quiet "$mnt" -- lsmem -o RANGE,SIZE,STATE,BLOCK > "$dir/lsmem" 2>&1
# boot memory ends at 1 GiB: the NVDIMM, and so the kmem blocks, sit from 4 GiB
kmem=$(grep '^0x00000001' "$dir/lsmem" | grep online)
[ -n "$kmem" ] || { fail "lsmem shows no online block above 4 GiB (the kmem range):"; cat "$dir/lsmem"; }
[ $fails -eq 0 ] && ok "reconfigure-device --mode=system-ram: lsmem shows the kmem blocks online ($(echo $kmem | cut -c1-60))"

# 5. offline-memory, online-memory: the blocks' state files follow
x daxctl offline-memory dax0.0 || { fail "offline-memory: rc $?"; cat "$dir/out"; }
n=$(grep -l offline "$mnt"/sys/devices/system/memory/memory*/state 2>/dev/null | wc -l)
[ "$n" -ge 1 ] || fail "offline-memory left no block offline"
x daxctl online-memory dax0.0 || { fail "online-memory: rc $?"; cat "$dir/out"; }
m=$(grep -l offline "$mnt"/sys/devices/system/memory/memory*/state 2>/dev/null | wc -l)
[ "$m" -eq 0 ] || fail "online-memory left $m blocks offline"
[ $fails -eq 0 ] && ok "offline-memory offlined $n blocks, online-memory onlined them again"

# 6. back to devdax, then destroy-namespace: the label and the dax device are gone
x daxctl offline-memory dax0.0 && x daxctl reconfigure-device --mode=devdax dax0.0 ||
	{ fail "back to devdax:"; cat "$dir/out"; }
x ndctl destroy-namespace -f namespace0.0
rc=$?
[ $rc -eq 0 ] && grep -q "destroyed 1 namespace" "$dir/out" || { fail "destroy-namespace: rc $rc"; cat "$dir/out"; }
[ "$(cat "$sys/namespace0.0/size")" = 0 ] || fail "namespace0.0 keeps $(cat "$sys/namespace0.0/size") bytes"
[ -e "$mnt/sys/bus/dax/devices/dax0.0" ] && fail "dax0.0 is still there"
[ "$(cat "$sys/region0/available_size")" = "$(cat "$sys/region0/size")" ] ||
	fail "region0 has $(cat "$sys/region0/available_size") of $(cat "$sys/region0/size") available"
[ $fails -eq 0 ] && ok "destroy-namespace: namespace0.0 idle, dax0.0 gone, the region free again"

state=$("$hotmem" ctl "$dir/ctl" verify | tail -n +2)
[ "$state" = ok ] || fail "verify: $state"
[ $fails -eq 0 ] || exit 1
