#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exec.sh HOTMEM: `hotmem exec DIR -- COMMAND` runs host commands unchanged on a live
# machine: its tree is /sys, its /proc files are /proc's, /lib/modules declares its drivers
# built in; writes act on the machine; exit statuses pass through; words reach the command
# as they are; the host's own mounts are left alone; usage errors exit 2.
set -u
hotmem=$1
. "$(dirname "$0")/live.sh"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }

if ! unshare -m true 2>/dev/null && ! unshare -Urm true 2>/dev/null; then
	echo "skip: neither root nor an unprivileged user namespace (unshare -m, unshare -Urm)"
	exit 77
fi
live_init "$hotmem"
mnt=$dir/mnt
live_mount "$mnt" sys/devices/system/memory/memory0

# 1. usage: exit 2 and a message, nothing run
"$hotmem" exec > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "missing the mounted tree" "$dir/out" || fail "no DIR: rc $rc"
"$hotmem" exec "$mnt" -- > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "missing the command" "$dir/out" || fail "no command: rc $rc"
"$hotmem" exec "$dir/nowhere" -- true > "$dir/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "is not a hotmem tree" "$dir/out" || fail "not a tree: rc $rc"
[ $fails -eq 0 ] && ok "usage errors exit 2 with a message"

# 2. the machine's files are where the kernel's are
want=$(cat "$mnt/sys/devices/system/memory/block_size_bytes")
got=$("$hotmem" exec "$mnt" -- cat /sys/devices/system/memory/block_size_bytes)
[ "$got" = "$want" ] || fail "block_size_bytes: '$got', the tree has '$want'"
# (through a pipe: cmp and diff take sysfs's size, 4096, for the content's)
cat "$mnt/proc/iomem" | diff -q - "$("$hotmem" exec "$mnt" -- sh -c 'cat /proc/iomem > '"$dir"'/iomem; echo '"$dir"'/iomem')" > /dev/null ||
	fail "/proc/iomem is not the machine's"
"$hotmem" exec "$mnt" -- cat /proc/self/status > /dev/null || fail "/proc/self is gone"
n=$("$hotmem" exec "$mnt" -- lsmem -n -o STATE | grep -c online)
[ "$n" -ge 1 ] || fail "lsmem saw no online block"
[ $fails -eq 0 ] && ok "/sys and /proc are the machine's (block size $want, lsmem $n ranges online)"

# 3. libkmod finds the modelled drivers built in, and loads nothing
"$hotmem" exec "$mnt" -- modinfo -F filename nd_pmem > "$dir/out" 2>&1
grep -qx "(builtin)" "$dir/out" || { fail "nd_pmem not built in:"; cat "$dir/out"; }
"$hotmem" exec "$mnt" -- modprobe -q dax_pmem || fail "modprobe dax_pmem failed"
"$hotmem" exec "$mnt" -- modprobe --resolve-alias dax:t0 > "$dir/out" 2>&1
grep -qx device_dax "$dir/out" && grep -qx kmem "$dir/out" || { fail "dax:t0 aliases:"; cat "$dir/out"; }
[ $fails -eq 0 ] && ok "/lib/modules/$(uname -r): the drivers are built in"

# 4. writes act on the machine: a hot-added DIMM's block onlined and offlined by chmem
live_ctl "$mnt" \
	'qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"m1","size":134217728}}' \
	'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d1","memdev":"m1","node":0}}' \
	'sleep 1' > /dev/null || fail "hot-adding a DIMM"
state() { live_ctl "$mnt" "read /sys/devices/system/memory/memory32/state" | sed -n 2p; }
[ "$(state)" = offline ] || fail "memory32 is '$(state)' after the hot-add"
"$hotmem" exec "$mnt" -- chmem -e -b 32 > "$dir/out" 2>&1 || { fail "chmem -e -b 32:"; cat "$dir/out"; }
[ "$(state)" = online ] || fail "memory32 is '$(state)' after chmem -e"
"$hotmem" exec "$mnt" -- chmem -d -b 32 > "$dir/out" 2>&1 || { fail "chmem -d -b 32:"; cat "$dir/out"; }
[ "$(state)" = offline ] || fail "memory32 is '$(state)' after chmem -d"
[ $fails -eq 0 ] && ok "chmem -e/-d through exec act on the machine"

# 5. exit statuses, words as they are, no shell
"$hotmem" exec "$mnt" -- false; rc=$?
[ $rc -eq 1 ] || fail "false: rc $rc"
"$hotmem" exec "$mnt" -- sh -c 'kill -TERM $$'; rc=$?
[ $rc -eq 143 ] || fail "a command killed by SIGTERM: rc $rc, want 143"
"$hotmem" exec "$mnt" -- no-such-command-hotmem > "$dir/out" 2>&1; rc=$?
[ $rc -eq 127 ] && grep -q "cannot run no-such-command-hotmem" "$dir/out" || fail "missing command: rc $rc"
"$hotmem" exec "$mnt" -- printf '[%s]' ';' '$(touch '"$dir"'/pwned)' '|' '>x' > "$dir/out"
[ "$(cat "$dir/out")" = "[;][\$(touch $dir/pwned)][|][>x]" ] || fail "words: $(cat "$dir/out")"
[ -e "$dir/pwned" ] && fail "a word ran a command"
"$hotmem" exec "$mnt" -- sh -c 'read a; echo "in:$a"' > "$dir/out" <<EOT
hello
EOT
grep -qx "in:hello" "$dir/out" || fail "stdin does not reach the command"
[ $fails -eq 0 ] && ok "exit statuses, words and stdin pass through"

# 6. the host is left alone
grep -q hotmem-modules /proc/self/mountinfo && fail "the namespace's mounts leaked to the host"
[ "$(readlink -f /sys/devices/system/memory)" = /sys/devices/system/memory ] || fail "host /sys moved"
[ -e /sys/devices/system/memory/block_size_bytes ] && [ ! -e /sys/devices/system/memory/memory0/.hotmem ] ||
	fail "host /sys changed"
[ $fails -eq 0 ] && ok "the host's mounts are untouched"

# 7. without root: a user namespace (a static tree, as FUSE mounts are per user)
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urm true 2>/dev/null; then
	user=$dir/user
	mkdir "$user"
	"$hotmem" export "$user/tree" > /dev/null
	cp "$hotmem" "$user/hotmem"
	chown -R 65534:65534 "$user"
	chmod 755 "$dir" "$user"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$user/hotmem" exec --quiet "$user/tree" -- \
		sh -c 'id -u; cat /sys/devices/system/memory/block_size_bytes; modinfo -F filename kmem' \
		> "$dir/out" 2>&1
	[ "$(cat "$dir/out")" = "$(printf '65534\n%s\n(builtin)' "$want")" ] ||
		{ fail "in a user namespace:"; cat "$dir/out"; }
	# a device named by a uevent: no node can be made, its open and fstat are answered
	# all the same (the ioctl finds no emulator behind a static tree: ENXIO)
	mkdir -p "$user/tree/sys/bus/nd/devices/nmem7"
	printf 'MAJOR=249\nMINOR=7\nDEVNAME=nmem7\n' > "$user/tree/sys/bus/nd/devices/nmem7/uevent"
	chown -R 65534:65534 "$user/tree/sys/bus/nd"
	if command -v python3 > /dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$user/hotmem" exec "$user/tree" -- \
			python3 -c '
import fcntl, os, stat
fd = os.open("/dev/nmem7", os.O_RDWR)
st = os.fstat(fd)
print("chr", stat.S_ISCHR(st.st_mode), os.major(st.st_rdev), os.minor(st.st_rdev))
try:
    fcntl.ioctl(fd, 0xC00C4E04, bytearray(12))
except OSError as e:
    print("ioctl", e.errno)
' > "$dir/out" 2>&1
		printf 'chr True 249 7\nioctl 6\n' > "$dir/want"
		grep -v "^hotmem exec: not root" "$dir/out" | diff "$dir/want" - > /dev/null &&
		grep -q "^hotmem exec: not root: the machine's devices are plain files" "$dir/out" ||
			{ fail "a device in a user namespace:"; cat "$dir/out"; }
	fi
	[ $fails -eq 0 ] && ok "as uid 65534, in a user namespace (devices opened and stat'ed)"
else
	echo "skip a user namespace as another user (not root, or no setpriv/user namespaces)"
fi

# 8. the machine's devices: ioctls on /dev/nmem0 answered by the NVDIMM model of a live
# machine, through its DIR/dev channel (root: the nodes need mknod).  The device list comes
# from the tree's uevent files; a stand-in tree names nmem0 where the live one lists none.
if [ "$(id -u)" = 0 ] && command -v python3 > /dev/null; then
	nv=$dir/nv
	mkdir -p "$nv/fake/sys/bus/nd/devices/nmem0" "$nv/fake/proc"
	cat > "$nv/m.scn" <<'EOT'
machine -machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 -object memory-backend-ram,id=nv1,size=1075838976 -device nvdimm,id=nv1,memdev=nv1,label-size=128K
EOT
	live_mount "$nv/mnt" "$nv/m.scn" dev/nmem0
	printf 'MAJOR=249\nMINOR=0\nDEVNAME=nmem0\n' > "$nv/fake/sys/bus/nd/devices/nmem0/uevent"
	ln -s "$nv/mnt/dev" "$nv/fake/dev"
	"$hotmem" exec "$nv/fake" -- python3 -c '
import fcntl, os, stat, struct
fd = os.open("/dev/nmem0", os.O_RDWR)
st = os.fstat(fd)
print("chr", stat.S_ISCHR(st.st_mode), os.major(st.st_rdev), os.minor(st.st_rdev))
buf = bytearray(12)
fcntl.ioctl(fd, 0xC00C4E04, buf)                       # ND_IOCTL_GET_CONFIG_SIZE
print("size", *struct.unpack("<III", buf))
buf = bytearray(struct.pack("<II", 0, 16) + bytes(20))
fcntl.ioctl(fd, 0xC00C4E05, buf)                       # ND_IOCTL_GET_CONFIG_DATA
print("data", buf[8:].hex())
ro = os.open("/dev/nmem0", os.O_RDONLY)
buf = bytearray(struct.pack("<II", 0, 4) + b"abcd" + bytes(4))
for name, f in (("ro", ro), ("rw", fd)):
    try:
        fcntl.ioctl(f, 0xC0084E06, buf)                # ND_IOCTL_SET_CONFIG_DATA
        print(name, "ok")
    except OSError as e:
        print(name, e.errno)
try:
    fcntl.ioctl(fd, 0xC0104E01, bytearray(16))         # ARS_CAP: not a DIMM command
except OSError as e:
    print("ars", e.errno)
' > "$dir/out" 2>&1
	cat > "$dir/want" <<'EOT'
chr True 249 0
size 0 131072 4072
data 0000000000000000000000000000000000000000
ro 1
rw 16
ars 25
EOT
	diff "$dir/want" "$dir/out" > /dev/null || { fail "device ioctls:"; diff "$dir/want" "$dir/out"; }
	live_stop "$nv/mnt"
	[ $fails -eq 0 ] && ok "ioctls on /dev/nmem0 answered by the machine (size, data, EPERM, EBUSY, ENOTTY)"
else
	echo "skip device ioctls (not root, or no python3)"
fi

# 8b. Debian's ndctl on a live NVDIMM machine: it finds the bus through /sys/class/nd,
# /sys/dev/char and the nd devices under /sys/devices, and lists the DIMM, region and
# namespace as the guest's would (root: the device nodes need mknod).
if [ "$(id -u)" = 0 ] && command -v ndctl > /dev/null; then
	nv=$dir/nv2
	mkdir -p "$nv"
	printf '%s\n' 'machine -machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 -object memory-backend-ram,id=nv1,size=1075838976 -device nvdimm,id=nv1,memdev=nv1,label-size=128K' > "$nv/m.scn"
	live_mount "$nv/mnt" "$nv/m.scn" sys/bus/nd/devices/region0
	"$hotmem" exec --quiet "$nv/mnt" -- ndctl list -DRN > "$dir/out" 2>&1; rc=$?
	for want in '"dev":"nmem0",' '"id":"8680-56341200",' '"dev":"region0",' \
		    '"size":1073741824,' '"dev":"namespace0.0",' '"mode":"raw",' '"blockdev":"pmem0"'; do
		grep -qF "$want" "$dir/out" || { fail "ndctl list -DRN lacks $want (rc $rc):"; cat "$dir/out"; break; }
	done
	grep -q "add_dev() failed" "$dir/out" && fail "ndctl: add_dev() failed"
	live_stop "$nv/mnt"
	[ $fails -eq 0 ] && ok "Debian's ndctl lists the live machine's DIMM, region and namespace"
else
	echo "skip ndctl on the live tree (not root, or ndctl not installed)"
fi

# 9. hotmem run: ndctl and daxctl steps run the host's binaries in the same namespace
# (stand-ins early in PATH print their words and what they see), or skip where the binary
# is missing; --real-tools, now what every run does, is still accepted.
mkdir -p "$dir/bin"
for t in ndctl daxctl; do
	cat > "$dir/bin/$t" <<'EOT'
#!/bin/sh
printf '%s' "$(basename "$0")"; printf ' [%s]' "$@"; echo
echo "sys: $(cat /sys/devices/system/memory/block_size_bytes) modules: $(modinfo -F filename nd_pmem)"
exit 3
EOT
	chmod +x "$dir/bin/$t"
done
printf 'ndctl list -R ;x\ndaxctl list $(id)\n' > "$dir/real.scn"
PATH="$dir/bin:$PATH" "$hotmem" run "$dir/real.scn" > "$dir/out" 2>&1
cat > "$dir/want" <<'EOT'
== machine -m 1G,slots=4,maxmem=8G -smp 1
== ndctl list -R ;x
ndctl [list] [-R] [;x]
sys: 8000000 modules: (builtin)
rc=3
== daxctl list $(id)
daxctl [list] [$(id)]
sys: 8000000 modules: (builtin)
rc=3
EOT
diff "$dir/want" "$dir/out" > /dev/null || { fail "ndctl, daxctl steps:"; diff "$dir/want" "$dir/out"; }
PATH="$dir/nowhere" "$(realpath "$hotmem")" run "$dir/real.scn" > "$dir/out" 2>&1
grep -qx "ndctl: skipped: not installed (Debian: apt-get install ndctl)" "$dir/out" ||
	{ fail "ndctl step without ndctl:"; cat "$dir/out"; }
PATH="$dir/bin:$PATH" "$hotmem" run --real-tools "$dir/real.scn" > "$dir/out" 2>&1
diff "$dir/want" "$dir/out" > /dev/null || { fail "--real-tools:"; diff "$dir/want" "$dir/out"; }
[ $fails -eq 0 ] && ok "ndctl and daxctl steps run the host's binaries there, or skip"

[ $fails -eq 0 ] && echo "exec: all passed"
exit $((fails > 0))
