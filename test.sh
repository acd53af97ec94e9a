#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what hotmem needs and runs the tests, meant to take under 15 minutes on two quiet
# cores (build-ci/test-times keeps how long each phase took).
# Ends with a line "N passed, N failed".  What runs where:
#  - build-ci, -Werror, LTO for hotmem and the fault-injection loop (the unit tests link
#    without it): every test of ctest, the allocation-failure loop (oom_) on every scenario
#    of the corpus at every failure point;
#  - build-asan, AddressSanitizer and UBSan: every test again, the oom_ loop on a subset
#    of scenarios with every kind of step and device (tests/CMakeLists.txt,
#    OOM_SANITIZE_SUBSET), every eighth failure point;
#  - build-tsan: the control socket's concurrent and QMP tests under ThreadSanitizer;
#  - build-fuzz: libFuzzer on each fuzz target, FUZZ_SECONDS each (default 30; their
#    corpora are replayed by ctest in both builds above).
# Longer campaigns are for outside this script: the oom_ loop on every scenario and point
# under the sanitizers (cmake -DHOTMEM_SANITIZE=ON -DHOTMEM_OOM_FULL=ON, ctest -R oom_),
# the 10,000-cycle soak (-DHOTMEM_SOAK=ON, ctest -L soak), a fuzzing campaign
# (tests/fuzz/run.sh 3600), the benchmarks (bench/run.sh); doc/verification.md.
# It says what it is doing as it goes, each phase with how long it should take: the last
# run's time of that phase (build-ci/test-times), or a first guess for two cores.
set -u
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_targets=$(sed -n 's/^for t in \(fuzz_.*\); do$/\1/p' tests/fuzz/run.sh | wc -w)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
fuzz_s=$((fuzz_targets * FUZZ_SECONDS + 120))
mkdir -p build-ci
times=build-ci/test-times
# the phases, with a first guess in seconds for a run without a record
phases="deps:10 build-ci:240 ctest-ci:420 build-asan:120 ctest-asan:240 tsan:60 fuzz:$fuzz_s"
command -v clang >/dev/null || phases=${phases% fuzz:*}
# est NAME GUESS: the last run's seconds for NAME, else GUESS
est() { t=$(sed -n "s/^$1 //p" "$times" 2>/dev/null | tail -n 1); echo "${t:-$2}"; }
fmt() { if [ "$1" -ge 90 ]; then echo "$(( ($1 + 30) / 60 )) min"; else echo "$1 s"; fi; }
total=0 nphases=0
for p in $phases; do
	total=$((total + $(est "${p%%:*}" "${p#*:}")))
	nphases=$((nphases + 1))
done
echo "test.sh: $nphases phases, about $(fmt $total) in all on $jobs cores" \
     "($([ -s "$times" ] && echo "the last run's times" || echo "a first guess"))"
iphase=0
# phase NAME TEXT: says that NAME starts and how long it should take
phase() {
	pname=$1
	shift
	iphase=$((iphase + 1))
	for p in $phases; do
		[ "${p%%:*}" = "$pname" ] && guess=${p#*:}
	done
	echo "test.sh: [$iphase/$nphases] $* (about $(fmt "$(est "$pname" "$guess")"))"
	pstart=$(date +%s)
}
# phase_end: how long it took, recorded for the next run's estimate
phase_end() {
	d=$(( $(date +%s) - pstart ))
	echo "test.sh: $pname took $(fmt $d)"
	{ grep -v "^$pname " "$times" 2>/dev/null || true; echo "$pname $d"; } > "$times.new"
	mv "$times.new" "$times"
}
phase deps "checking the Debian packages (scripts/deps.sh test)"
scripts/deps.sh test || exit 1
phase_end
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
	phase build-$cfg "building $dir ($([ $cfg = asan ] && echo "ASan and UBSan, " )-Werror)"
	mkdir -p $dir
	if ! cmake -S . -B $dir -G Ninja $opts >/dev/null ||
	   ! ninja -C $dir -j "$jobs" > $dir/build.log 2>&1; then
		tail -n 30 $dir/build.log
		echo "build $cfg failed"
		failed=$((failed + 1))
		phase_end
		iphase=$((iphase + 1))	# no tests to run
		continue
	fi
	phase_end
	phase ctest-$cfg "running the $(cd $dir && ctest -N | sed -n 's/^Total Tests: //p') tests of $dir" \
		"(ctest -j $jobs; the log: $dir/ctest.log)"
	(cd $dir && ctest -j "$jobs" --output-on-failure) > $dir/ctest.log 2>&1
	phase_end
	tail -n 25 $dir/ctest.log
	p=$(sed -n 's/.* tests passed, \([0-9]*\) tests failed out of \([0-9]*\)/\2 \1/p' $dir/ctest.log)
	total=${p% *} bad=${p#* }
	[ -n "$p" ] || { total=0; bad=1; }
	passed=$((passed + total - bad))
	failed=$((failed + bad))
done
# ThreadSanitizer: the control socket's concurrent test (many clients, FUSE writers) and its
# QMP test, on a TSan build of the hotmem binary alone (about 20 s of build)
phase tsan "the control socket under ThreadSanitizer (build-tsan)"
mkdir -p build-tsan
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
phase_end
# a short libFuzzer run of each target (FUZZ_SECONDS each, default 30)
if command -v clang >/dev/null; then
	phase fuzz "libFuzzer, $fuzz_targets targets of $FUZZ_SECONDS s each (tests/fuzz/run.sh)"
	out=$(tests/fuzz/run.sh "$FUZZ_SECONDS" 2>&1)
	r=$?
	phase_end
	echo "$out"
	n=$(echo "$out" | grep -c "executions in")
	if [ $r -eq 0 ] && [ "$n" -eq "$fuzz_targets" ] && [ "$n" -gt 0 ]; then
		passed=$((passed + n))
	else
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
