# SPDX-License-Identifier: GPL-2.0
# live.sh - sourced by the tests that run tools on a live machine (`hotmem mount`), so that
# each of them says only what it checks:
#
#	. "$(dirname "$0")/../cli/live.sh"
#	live_init HOTMEM                 $dir: a scratch directory
#	live_mount MNT [SCENARIO] WAIT   mounts the machine of SCENARIO (the default machine
#	                                 without one) at the new directory MNT, its control
#	                                 socket at MNT.ctl, its log in MNT.log; returns once
#	                                 MNT/WAIT exists, or fails the test with the log
#	live_ctl MNT STEP...             steps on its control socket (the answers on stdout)
#	live_verify MNT                  the verifier's answer: "ok", or the violations
#	live_stop MNT                    quits that machine and unmounts it
#
# At exit (the test's end, a failure, a signal) every machine still mounted is stopped, its
# mount undone and $dir removed.  The tests run hotmem only through these and `hotmem exec`.

live_init() {
	live_hotmem=$1
	live_mnts=
	dir=$(mktemp -d) || exit 1
	trap live_cleanup EXIT
	trap 'exit 130' INT TERM
}

live_mount() {
	_mnt=$1
	if [ $# -ge 3 ]; then _scn=$2; _wait=$3; else _scn=; _wait=$2; fi
	mkdir -p "$_mnt" || exit 1
	if [ -n "$_scn" ]; then
		"$live_hotmem" mount "$_mnt" --control "$_mnt.ctl" "$_scn" > "$_mnt.log" 2>&1 &
	else
		"$live_hotmem" mount "$_mnt" --control "$_mnt.ctl" > "$_mnt.log" 2>&1 &
	fi
	echo $! > "$_mnt.pid"
	live_mnts="$live_mnts $_mnt"
	for _i in $(seq 50); do
		[ -S "$_mnt.ctl" ] && [ -e "$_mnt/$_wait" ] && return 0
		sleep 0.1
	done
	echo "FAIL: hotmem mount: $_mnt/$_wait did not appear within 5 s"
	cat "$_mnt.log"
	exit 1
}

live_ctl() {
	_m=$1
	shift
	"$live_hotmem" ctl "$_m.ctl" "$@"
}

live_verify() {
	"$live_hotmem" ctl "$1.ctl" verify | tail -n +2
}

live_stop() {
	[ -e "$1.pid" ] || return 0
	"$live_hotmem" ctl "$1.ctl" quit > /dev/null 2>&1
	wait "$(cat "$1.pid")" 2>/dev/null
	umount "$1" 2>/dev/null
	rm -f "$1.pid"
}

live_cleanup() {
	for _m in $live_mnts; do
		live_stop "$_m"
	done
	rm -rf "$dir"
}
