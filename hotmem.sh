#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what the command needs (scripts/deps.sh COMMAND), builds hotmem (build/hotmem)
# and runs it with the given arguments:
#   ./hotmem.sh run tests/conformance/scenarios/boot-default.scn
# What it does before hotmem runs goes to stderr, with how long it should take; stdout is
# hotmem's alone.  A second call with nothing to build says nothing.
set -e
cd "$(dirname "$0")"
say() { echo "hotmem.sh: $*" >&2; }
scripts/deps.sh "${1:-help}"
if [ ! -f build/build.ninja ]; then
	say "configuring build/ (cmake, a few seconds)"
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# ninja's own progress ("[k/N] ...") read as it goes: how many steps, and a line at every
# quarter; nothing when there is nothing to build
cores=$(nproc 2>/dev/null || echo 1)
status=$(mktemp)
start=$(date +%s)
{ ninja -C build hotmem; echo $? > "$status"; } | awk -v cores="$cores" -v built="$status.built" '
	/^\[[0-9]+\/[0-9]+\] / {
		split(substr($1, 2), a, "/"); k = a[1] + 0; n = a[2] + 0
		if (n < 3)
			next		# CMake checking its globs
		if (n != total) {
			# about 1.5 s of one core a compile, and 30 s for the link with
			# its link-time optimisation (a first build: 110 steps, 2 min)
			printf "hotmem.sh: building build/hotmem: %d steps, about %d s on %d" \
			       " cores (more on a busy machine)\n",
			       n, (n * 3 / 2 + cores - 1) / cores + 30, cores > "/dev/stderr"
			total = n; shown = 0
		}
		if (k * 4 >= (shown + 1) * n && k < n) {
			shown = int(k * 4 / n)
			printf "hotmem.sh: %d%% (%d/%d)\n", 100 * k / n, k, n > "/dev/stderr"
		}
	}
	/error|FAILED/ { print > "/dev/stderr" }
	END { if (total) print total > built }'
rc=$(cat "$status")
[ -s "$status.built" ] && echo "hotmem.sh: built in $(( $(date +%s) - start )) s" >&2
rm -f "$status" "$status.built"
[ "$rc" = 0 ] || { echo "hotmem.sh: the build failed (ninja -C build hotmem)" >&2; exit 1; }
exec build/hotmem "$@"
