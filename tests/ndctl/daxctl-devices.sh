#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# daxctl-devices.sh HOTMEM: runs ndctl's own test/daxctl-devices.sh (ndctl 76, the version
# Debian 12 ships) with Debian's /usr/bin/ndctl and /usr/bin/daxctl against a live hotmem
# NVDIMM machine, through `hotmem exec`.
#
# The script and its test/common are ndctl's upstream source, never kept in this
# repository: taken at test time from $HOTMEM_NDCTL_SRC (an ndctl source tree, or a git
# repository of pmem/ndctl, whose tag v76.1 is read) or else from Debian's source package
# (`apt-get source ndctl`, with a deb-src line for the mirror apt already uses), and cached
# in $HOTMEM_NDCTL_CACHE (default /tmp/hotmem-ndctl-test).
#
# Exit: the script's own (0 passed, 77 skipped, other failed); 77 as well when the script
# cannot be had, or ndctl, daxctl, jq or root (device nodes) are missing, with the reason.
set -u
hotmem=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
cache=${HOTMEM_NDCTL_CACHE:-/tmp/hotmem-ndctl-test}
skip() { echo "skip: $*"; exit 77; }

for t in ndctl daxctl jq; do
	command -v $t > /dev/null || skip "$t is not installed (Debian: apt-get install ndctl daxctl jq)"
done
[ "$(id -u)" = 0 ] || skip "the machine's device nodes need root"
ver=$(ndctl --version)
case $ver in 76*) ;; *) echo "note: ndctl $ver here, the test is ndctl 76.1's" ;; esac

mkdir -p "$cache/test"
if [ ! -s "$cache/test/daxctl-devices.sh" ] || [ ! -s "$cache/test/common" ]; then
	src=${HOTMEM_NDCTL_SRC:-}
	if [ -n "$src" ] && git -C "$src" rev-parse -q --verify v76.1 > /dev/null 2>&1; then
		git -C "$src" show v76.1:test/daxctl-devices.sh > "$cache/test/daxctl-devices.sh"
		git -C "$src" show v76.1:test/common > "$cache/test/common"
	elif [ -n "$src" ] && [ -s "$src/test/daxctl-devices.sh" ]; then
		cp "$src/test/daxctl-devices.sh" "$src/test/common" "$cache/test/"
	elif [ -e "$cache/no-source" ]; then
		skip "no ndctl source: apt-get source ndctl failed before ($(cat "$cache/no-source"));" \
		     "set HOTMEM_NDCTL_SRC, or remove $cache/no-source to try again"
	else
		work=$(mktemp -d)
		mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
		echo "deb-src ${mirror:-http://deb.debian.org/debian} bookworm main" > "$work/sources.list"
		mkdir -p "$work/lists/partial"
		apt="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$work/lists"
		# shellcheck disable=SC2086
		( cd "$work" && apt-get -qq $apt update && apt-get -qq $apt source --download-only ndctl ) \
			> "$work/log" 2>&1
		tarball=$(ls "$work"/ndctl_*.orig.tar.* 2>/dev/null | head -1)
		if [ -n "$tarball" ]; then
			tar -xaf "$tarball" -C "$work" --wildcards '*/test/daxctl-devices.sh' '*/test/common'
			cp "$work"/*/test/daxctl-devices.sh "$work"/*/test/common "$cache/test/" 2>/dev/null
		else
			# remembered, so that every run does not download the source lists again
			tail -1 "$work/log" | cut -c1-200 > "$cache/no-source"
		fi
		rm -rf "$work"
	fi
	[ -s "$cache/test/daxctl-devices.sh" ] && [ -s "$cache/test/common" ] ||
		skip "no ndctl source: set HOTMEM_NDCTL_SRC to an ndctl tree or git repository" \
		     "(apt-get source ndctl found nothing)"
fi

. "$here/../cli/live.sh"
live_init "$hotmem"
mnt=$dir/mnt
cat > "$dir/machine.scn" <<'EOF'
# one 1 GiB NVDIMM with a label area (the test creates a 256 MiB devdax namespace)
machine -machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 -object memory-backend-ram,id=nv1,size=1075838976 -device nvdimm,id=nv1,memdev=nv1,label-size=128K
EOF
live_mount "$mnt" "$dir/machine.scn" sys/bus/nd

# labels on the DIMM, as nfit_test's DIMMs have them: the script sub-divides the region
# (create-namespace -s 256M), which a label-less region refuses
for c in "disable-region region0" "init-labels -f nmem0" "enable-region region0"; do
	# shellcheck disable=SC2086
	"$hotmem" exec --quiet "$mnt" -- ndctl $c > "$dir/labels" 2>&1 ||
		{ echo "ndctl $c:"; cat "$dir/labels"; exit 1; }
done

# the script finds the tools through NDCTL, DAXCTL (and CXL, which it does not use)
cd "$cache" || exit 1
NDCTL=/usr/bin/ndctl DAXCTL=/usr/bin/daxctl CXL=/bin/false \
	"$hotmem" exec --quiet "$mnt" -- bash test/daxctl-devices.sh > "$dir/out" 2>&1
rc=$?
cat "$dir/out"
echo "daxctl-devices.sh: exit $rc ($(case $rc in 0) echo passed;; 77) echo skipped;; *) echo failed;; esac))"
state=$(live_verify "$mnt")
echo "verify: $state"
[ "$state" = ok ] || exit 1
exit $rc
