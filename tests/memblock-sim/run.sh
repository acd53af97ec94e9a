#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run.sh LIBHOTMEMCORE INCLUDE_DIR CC VERSION [LINK_LIBRARY...]: the kernel's own
# memblock tests (tools/testing/memblock of Linux VERSION, 6.1 or 6.12) against
# hotmem's memblock; LINK_LIBRARY: what libhotmemcore needs (jansson, fuse3).
#
# The simulator is taken at test time from Debian's linux-source-VERSION package
# (never kept in the repository) and cached in $HOTMEM_SELFTEST_CACHE (default
# /tmp/hotmem-selftest).  Its tests and main.c are built unchanged, with the flags of
# its Makefile, against the shim here (include/linux/memblock.h, shim.c) in place of
# the kernel's mm/memblock.c, and run as its Makefile's configurations are: default,
# NUMA=1, and each with --movable-node.  Every case that passes prints "ok N"
# (--verbose); a failed ASSERT aborts its run.
#
# Exit 0 when every run completes (each prints its count of cases), 1 on a failure,
# 77 (CTest's SKIP_RETURN_CODE) with the reason when the package cannot be fetched.
set -u
lib=$1
incdir=$2
cc=$3
ver=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
cache=${HOTMEM_SELFTEST_CACHE:-/tmp/hotmem-selftest}
src=$cache/memblock-$ver
mkdir -p "$cache"

if [ ! -f "$src/.complete" ]; then
	work=$(mktemp -d "$cache/memblock-$ver.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	if ! ( cd "$work" && apt-get download -qq "linux-source-$ver" >/dev/null 2>&1 ) &&
	   ! { apt-get update -qq >/dev/null 2>&1 &&
	       ( cd "$work" && apt-get download -qq "linux-source-$ver" >/dev/null 2>&1 ); }; then
		echo "SKIP: cannot download Debian's linux-source-$ver (apt-get download failed)"
		exit 77
	fi
	t=linux-source-$ver
	mkdir "$work/src"
	dpkg-deb --fsys-tarfile "$work"/linux-source-${ver}_*.deb |
		tar -xO "./usr/src/$t.tar.xz" |
		tar -xJ -C "$work/src" --strip-components=1 "$t/tools/testing/memblock" \
			"$t/tools/include" "$t/tools/arch/x86/include" \
			"$t/tools/testing/selftests/kselftest.h" ||
		{ echo "FAIL: cannot extract tools/testing/memblock from linux-source-$ver"; exit 1; }
	# the links its Makefile's "include" target makes (linux/memblock.h is the shim's)
	ln -sf ../../../arch/x86/include/asm/asm.h "$work/src/tools/testing/memblock/asm/asm.h"
	ln -sf ../../../arch/x86/include/asm/cmpxchg.h \
		"$work/src/tools/testing/memblock/asm/cmpxchg.h"
	touch "$work/src/.complete"
	# a concurrent run may have put it there first: either copy is the same
	mv -T "$work/src" "$src" 2>/dev/null || [ -f "$src/.complete" ] ||
		{ echo "FAIL: cannot move the extracted simulator to $src"; exit 1; }
	rm -rf "$work"
	trap - EXIT
fi
m=$src/tools/testing/memblock
[ -f "$m/main.c" ] || { echo "FAIL: no tools/testing/memblock/main.c in linux-source-$ver"; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cflags="-I$here/include -I$m -I$src/tools/include -I$incdir -O1 -g -fsanitize=address
	-fsanitize=undefined -fno-sanitize-recover=undefined -D CONFIG_PHYS_ADDR_T_64BIT"
[ "$ver" = 6.1 ] && cflags="$cflags -DHM_SHIM_EMPTY_IS_ONE"

fail=0
total=0
for numa in 0 1; do
	flags=$cflags
	[ $numa = 1 ] && flags="$flags -D CONFIG_NUMA -D CONFIG_NODES_SHIFT=4"
	objs=
	for f in $(cd "$m" && echo main.c tests/*.c); do
		o=$out/numa$numa-$(echo "$f" | tr / _).o
		# shellcheck disable=SC2086
		( cd "$m" && $cc $flags -w -c "$f" -o "$o" ) ||
			{ echo "FAIL: $f of linux-source-$ver does not build against the shim"; exit 1; }
		objs="$objs $o"
	done
	# shellcheck disable=SC2086
	$cc $flags -Wall -Werror -c "$here/shim.c" -o "$out/numa$numa-shim.o" &&
	$cc -fsanitize=address -fsanitize=undefined $objs "$out/numa$numa-shim.o" "$lib" \
		"$@" -lpthread -lm -o "$out/main-numa$numa" ||
		{ echo "FAIL: the simulator does not link with hotmem's memblock"; exit 1; }
	for opt in "" --movable-node; do
		"$out/main-numa$numa" --verbose $opt > "$out/log" 2>&1
		rc=$?
		n=$(grep -c '^ok ' "$out/log")
		total=$((total + n))
		if [ $rc -ne 0 ] || grep -q '^not ok' "$out/log"; then
			echo "FAIL: NUMA=$numa $opt: exit $rc after $n passing cases:"
			grep -v '^ok ' "$out/log" | tail -20
			fail=1
		else
			echo "NUMA=$numa ${opt:-(default)}: $n of $n cases passed"
		fi
	done
done
echo "linux-source-$ver tools/testing/memblock: $total cases passed in 4 runs"
exit $fail
