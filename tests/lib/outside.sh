#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# outside.sh BUILD_DIR: installs the build into a fresh prefix (cmake --install) and
# builds tests/lib/outside.c against it with pkg-config only, as C17 -pedantic and as
# C++17; runs both.  libhotmem.so must export exactly the functions of hotmem.h, and
# pkg-config --cflags must not name the library's dependencies.
set -u
build=$1
src=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cmake --install "$build" --prefix "$dir/usr" > "$dir/install.log" || { cat "$dir/install.log"; exit 1; }
pc=$(find "$dir/usr" -name hotmem.pc)
[ -n "$pc" ] || { echo "FAIL no hotmem.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
lib=$(pkg-config --variable=libdir hotmem)
ls "$dir/usr/include" | grep -qx hotmem.h || { echo "FAIL hotmem.h not installed"; exit 1; }
[ ! -e "$dir/usr/include/hotmem/system.h" ] || { echo "FAIL internal headers installed"; exit 1; }
# exactly the functions hotmem.h declares: nothing internal, nothing missing
nm -D --defined-only "$lib/libhotmem.so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	sort > "$dir/exported"
grep -o '\bhm_[a-z0-9_]*(' "$dir/usr/include/hotmem.h" | tr -d '(' | sort -u > "$dir/declared"
if ! cmp -s "$dir/exported" "$dir/declared"; then
	echo "FAIL libhotmem.so's exports (<) differ from hotmem.h's functions (>):"
	diff "$dir/exported" "$dir/declared"
	exit 1
fi
echo "ok   libhotmem.so exports the $(wc -l < "$dir/declared") functions of hotmem.h, nothing else"
# the library's dependencies stay out of its users' compile lines
cflags=$(pkg-config --cflags hotmem)
case "$cflags" in
*fuse*|*jansson*) echo "FAIL pkg-config --cflags leaks a dependency: $cflags"; exit 1 ;;
esac
echo "ok   pkg-config --cflags hotmem: $cflags"
cc -std=c17 -pedantic -Wall -Wextra -Werror -o "$dir/outside" "$src/outside.c" \
	$(pkg-config --cflags --libs hotmem) || { echo "FAIL C17 build"; exit 1; }
LD_LIBRARY_PATH=$lib "$dir/outside" || { echo "FAIL the C program"; exit 1; }
if command -v c++ > /dev/null; then
	c++ -std=c++17 -pedantic -Wall -Wextra -Werror -x c++ -o "$dir/outside++" "$src/outside.c" \
		$(pkg-config --cflags --libs hotmem) || { echo "FAIL C++ build"; exit 1; }
	LD_LIBRARY_PATH=$lib "$dir/outside++" > /dev/null || { echo "FAIL the C++ program"; exit 1; }
	echo "ok   the same program as C++17"
else
	echo "skip C++: no c++ compiler"
fi
