#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what hotmem needs and runs every test in two builds: the normal one with
# -Werror (build-ci) and one with AddressSanitizer and UBSan (build-asan); the control
# socket's concurrent test under ThreadSanitizer (build-tsan); then a short libFuzzer run
# of each fuzz target (tests/fuzz/run.sh).  Ends with a line
# "N passed, N failed".
set -u
cd "$(dirname "$0")"
scripts/deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
# lsmem and chmem steps export the sysfs tree to a directory under $TMPDIR, and the
# fault-injection loop replays them thousands of times: on ext4 creating those inodes
# took 80% of the slowest loop, on tmpfs it costs little
# (mode 1777 as /tmp: the control socket's test connects as another user)
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
   TMPDIR=$(mktemp -d /dev/shm/hotmem-test.XXXXXX); then
	export TMPDIR
	trap 'rm -rf "$TMPDIR"' EXIT
	trap 'exit 130' INT TERM
	chmod 1777 "$TMPDIR"
fi
passed=0 failed=0
for cfg in ci asan; do
	dir=build-$cfg
	opts="-DHOTMEM_WERROR=ON"
	[ $cfg = asan ] && opts="$opts -DHOTMEM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
	if ! cmake -S . -B $dir -G Ninja $opts >/dev/null || ! ninja -C $dir -j "$jobs"; then
		echo "build $cfg failed"
		failed=$((failed + 1))
		continue
	fi
	(cd $dir && ctest -j "$jobs" --output-on-failure) > $dir/ctest.log 2>&1
	tail -n 25 $dir/ctest.log
	p=$(sed -n 's/.* tests passed, \([0-9]*\) tests failed out of \([0-9]*\)/\2 \1/p' $dir/ctest.log)
	total=${p% *} bad=${p#* }
	[ -n "$p" ] || { total=0; bad=1; }
	passed=$((passed + total - bad))
	failed=$((failed + bad))
done
# ThreadSanitizer: the control socket's concurrent test (many clients, FUSE writers) and its
# QMP test, on a TSan build of the hotmem binary alone (about 20 s of build)
rm -f build-tsan/tsan.*
if cmake -S . -B build-tsan -G Ninja -DHOTMEM_TSAN=ON -DHOTMEM_TESTS=OFF -DHOTMEM_BENCH=OFF \
	>/dev/null && ninja -C build-tsan -j "$jobs" hotmem >/dev/null &&
   TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$PWD/build-tsan/tsan" \
	python3 tests/cli/control_socket.py build-tsan/hotmem > build-tsan/control.log 2>&1 &&
   TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$PWD/build-tsan/tsan" \
	python3 tests/cli/qmp_socket.py build-tsan/hotmem >> build-tsan/control.log 2>&1 &&
   TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$PWD/tests/tsan.supp log_path=$PWD/build-tsan/tsan" \
	python3 tests/cli/abuse.py build-tsan/hotmem blocked_offline signals stress \
	>> build-tsan/control.log 2>&1 &&
   ! ls build-tsan/tsan.* >/dev/null 2>&1; then
	echo "tsan control socket: passed"
	passed=$((passed + 1))
else
	echo "tsan control socket: FAILED"; tail -20 build-tsan/control.log
	cat build-tsan/tsan.* 2>/dev/null | head -60
	failed=$((failed + 1))
fi
# a short libFuzzer run of each target (FUZZ_SECONDS each, default 60)
if command -v clang >/dev/null; then
	out=$(tests/fuzz/run.sh "${FUZZ_SECONDS:-60}" 2>&1)
	r=$?
	echo "$out"
	n=$(echo "$out" | grep -c "executions in")
	targets=$(sed -n 's/^for t in \(fuzz_.*\); do$/\1/p' tests/fuzz/run.sh | wc -w)
	if [ $r -eq 0 ] && [ "$n" -eq "$targets" ] && [ "$n" -gt 0 ]; then
		passed=$((passed + n))
	else
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
