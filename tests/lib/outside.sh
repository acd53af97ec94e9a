#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# outside.sh BUILD_DIR: installs the build into a fresh prefix (cmake --install) and
# builds tests/lib/outside.c against it with pkg-config only, as C17 -pedantic and as
# C++17; runs both.  libhotmem.so must export nothing but hm_-prefixed symbols.
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
bad=$(nm -D --defined-only "$lib/libhotmem.so" | awk '$3 !~ /^(hm_|HOTMEM_)/ { print $3 }')
[ -z "$bad" ] || { echo "FAIL exported without the hm_ prefix: $bad"; exit 1; }
echo "ok   libhotmem.so exports $(nm -D --defined-only "$lib/libhotmem.so" | grep -c ' hm_') hm_ symbols, nothing else"
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
