#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs hotmem's build and test dependencies from Debian if any is missing.
set -e
# chromium: the headless browser that renders hotmem map's HTML in tests/map (44 s to
# install here; the test skips itself without it)
pkgs="gcc cmake ninja-build pkg-config libjansson-dev libcmocka-dev libfuse3-dev fuse3 util-linux numactl python3 clang libclang-rt-dev chromium"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "hotmem: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
