#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what hotmem needs, builds it (build/hotmem) and runs it with the given arguments:
#   ./hotmem.sh run tests/conformance/scenarios/boot-default.scn
set -e
cd "$(dirname "$0")"
scripts/deps.sh
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build hotmem >/dev/null
exec build/hotmem "$@"
