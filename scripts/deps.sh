#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# scripts/deps.sh [COMMAND]: installs from Debian what COMMAND needs, if any of it is missing.
#   COMMAND is a hotmem command (run, map, export, mount, ctl, exec, help, ...), or
#   build, test or bench; none means test (everything).  hotmem.sh passes its command,
#   test.sh passes test.  `scripts/deps.sh --list COMMAND` prints the packages only.
#
# The groups (doc/testing-your-tool.md explains what each tool is for):
#   build: the compiler, CMake, Ninja and the libraries hotmem links (jansson, fuse3) and
#          its tests link (cmocka: the default build builds them)
#   run:   util-linux (the lsmem and chmem steps run the real tools), numactl
#   mount: fuse3 (hotmem mount serves the sysfs tree through FUSE)
#   exec:  fuse3, kmod (hotmem exec indexes its /lib/modules with depmod), ndctl, daxctl
#          (the real tools, also for the ndctl and daxctl steps)
#   test:  all of the above, python3, clang and its runtime (the fuzz targets), jq
#          (ndctl's own test scripts), chromium (renders hotmem map's HTML in tests/map;
#          44 s to install here)
# map, export and the rest need the build alone: `hotmem map` writes SVG and HTML, and
# no browser is installed for it.
set -e
list=false
if [ "${1:-}" = --list ]; then
	list=true
	shift
fi
build="gcc cmake ninja-build pkg-config libjansson-dev libcmocka-dev libfuse3-dev"
run="util-linux numactl"
exec_tools="fuse3 kmod ndctl daxctl util-linux"
case "${1:-test}" in
test)		pkgs="$build $run $exec_tools python3 clang libclang-rt-dev jq chromium" ;;
run|ctl)	pkgs="$build $run" ;;
mount)		pkgs="$build $run fuse3" ;;
exec)		pkgs="$build $run $exec_tools" ;;
bench)		pkgs="$build python3" ;;
*)		pkgs="$build" ;;	# build, map, export, help, version, ...
esac
if $list; then
	echo $pkgs
	exit 0
fi
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "hotmem: '${1:-test}' needs these Debian packages:$missing" >&2
	echo "hotmem: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing for '${1:-test}':$missing (apt-get; a minute or two)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps.sh: installed" >&2
