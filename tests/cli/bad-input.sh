#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bad-input.sh HOTMEM: a malformed scenario line or an unknown machine option is an
# error naming file and line, exit status 2, and nothing is run (no transcript).
set -u
hotmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

# expect NAME EXPECTED_MESSAGE_PART [ANOTHER_PART]: runs $dir/NAME.scn
expect() {
	"$hotmem" run "$dir/$1.scn" > "$dir/out" 2> "$dir/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		echo "FAIL $1: exit $rc, expected 2"; fails=$((fails + 1)); return
	fi
	if [ -s "$dir/out" ]; then
		echo "FAIL $1: printed a transcript:"; cat "$dir/out"; fails=$((fails + 1)); return
	fi
	if ! grep -qF -- "$2" "$dir/err" || ! grep -qF -- "${3:-$2}" "$dir/err"; then
		echo "FAIL $1: message '$(cat "$dir/err")' lacks '$2' or '${3:-}'"
		fails=$((fails + 1)); return
	fi
	echo "ok   $1: $(cat "$dir/err")"
}

printf 'dump boot\nfrobnicate now\n' > "$dir/unknown-step.scn"
expect unknown-step "unknown-step.scn:2: unknown step 'frobnicate'"

printf '# comment\n\nqmp {"execute":\n' > "$dir/bad-json.scn"
expect bad-json "bad-json.scn:3: qmp"

printf 'qmp [1,2]\n' > "$dir/json-not-object.scn"
expect json-not-object "json-not-object.scn:1: qmp"

printf 'write relative/path 1\n' > "$dir/relative.scn"
expect relative "relative.scn:1: write"

printf 'sleep soon\n' > "$dir/sleep.scn"
expect sleep "sleep.scn:1: sleep"

printf 'machine -m 1G\nmachine -m 2G\n' > "$dir/two-machines.scn"
expect two-machines "two-machines.scn:2: machine"

printf 'machine -m 1G -frobnicate 1\ndump x\n' > "$dir/bad-option.scn"
expect bad-option "bad-option.scn:1: machine: unknown option '-frobnicate'"

printf 'machine -m lots\n' > "$dir/bad-size.scn"
expect bad-size "bad-size.scn:1: machine: -m lots: Parameter 'size' expects a non-negative number below 2^64"

printf 'machine -m 2G -object memory-backend-ram,id=m0,size=1G -numa node,nodeid=0,memdev=m0\n' > "$dir/numa-sum.scn"
expect numa-sum "total memory for NUMA nodes"

# Machine options QEMU 7.2 refuses, with QEMU's messages (issue 11: each was accepted,
# divided by zero, overflowed a mask, wrapped, or left a DIMM that never appears).
# machine_expect NAME 'OPTIONS' 'MESSAGE'
machine_expect() {
	printf 'machine %s\ndump x\n' "$2" > "$dir/$1.scn"
	expect "$1" "$1.scn:1: machine: " "$3"
}
B='-m 1G,slots=4,maxmem=8G -object memory-backend-ram,id=m1,size=1G'
machine_expect vmem-block-0 "$B -device virtio-mem-pci,id=v,memdev=m1,block-size=0" \
	"-device virtio-mem-pci,id=v,memdev=m1,block-size=0: 'block-size' property has to be at least 0x100000"
machine_expect vmem-block-3m "$B -device virtio-mem-pci,id=v,memdev=m1,block-size=3M" \
	"'block-size' property has to be a power of two"
machine_expect vmem-block-bad "$B -device virtio-mem-pci,id=v,memdev=m1,block-size=big" \
	"Parameter 'block-size' expects size"
machine_expect vmem-memdev-mult "-m 1G,slots=4,maxmem=8G -object memory-backend-ram,id=m1,size=6M -device virtio-mem-pci,id=v,memdev=m1,block-size=4M" \
	"backend memory size must be multiple of 0x400000"
machine_expect slots-300 "-m 1G,slots=300,maxmem=8G" "unsupported amount of memory slots: 300"
machine_expect slot-100 "$B -device pc-dimm,id=d,memdev=m1,slot=100" \
	"invalid slot number 100, valid range is [0-3]"
machine_expect slot-abc "$B -device pc-dimm,id=d,memdev=m1,slot=abc" "Parameter 'slot' expects integer"
machine_expect maxmem-wrap "-m 1G,slots=4,maxmem=18446744073709551615B" \
	"maximum memory size must by aligned to multiple of 4096 bytes"
machine_expect maxmem-top "-m 8G,slots=0,maxmem=18446744073709547520B" \
	"unsupported amount of maximum memory: fffffffffffff000"
machine_expect node-minus1 "$B -device pc-dimm,id=d,memdev=m1,node=-1" "Parameter 'node' expects uint32_t"
machine_expect node-abc "$B -device pc-dimm,id=d,memdev=m1,node=abc" "Parameter 'node' expects integer"
machine_expect node-big "$B -device pc-dimm,id=d,memdev=m1,node=7" \
	"'DIMM property node has value 7' which exceeds the number of numa nodes: 1"
N='-m 2G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G'
machine_expect numa-dup "$N -numa node,nodeid=0,memdev=a -numa node,nodeid=0,memdev=b" \
	"Duplicate NUMA nodeid: 0"
machine_expect numa-sparse "$N -numa node,nodeid=0,memdev=a -numa node,nodeid=2,memdev=b" \
	"numa: Node ID missing: 1"
machine_expect numa-max "$N -numa node,nodeid=200,memdev=a" "Max number of NUMA nodes reached: 200"

# ... and at run time, over QMP: answered as QEMU answers, the machine unchanged
cat > "$dir/qmp.scn" <<'EOT'
machine -m 1G,slots=4,maxmem=8G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,id=vmem0,memdev=vm,node=0
qmp {"execute":"qom-set","arguments":{"path":"/machine/peripheral/vmem0","property":"block-size","value":0}}
qmp {"execute":"qom-set","arguments":{"path":"/machine/peripheral/vmem0","property":"requested-size","value":134217728}}
qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"m","size":134217728}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d","memdev":"m","node":-1}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d","memdev":"m","node":"x"}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d","memdev":"m","slot":4}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d","memdev":"m","slot":4294967296}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d","memdev":"m","slot":3}}
verify
EOT
cat > "$dir/qmp.want" <<'EOT'
error GenericError: 'block-size' cannot be changed
ok
ok
error GenericError: Parameter 'node' expects uint32_t
error GenericError: Parameter 'node' expects uint64
error GenericError: invalid slot number 4, valid range is [0-3]
error GenericError: Parameter 'slot' expects int32_t
ok
ok
EOT
"$hotmem" run "$dir/qmp.scn" 2>&1 | grep -v '^==' > "$dir/qmp.got"
if cmp -s "$dir/qmp.want" "$dir/qmp.got"; then
	echo "ok   QMP: block-size, node and slot checked as QEMU does"
else
	echo "FAIL QMP answers:"; diff "$dir/qmp.want" "$dir/qmp.got"; fails=$((fails + 1))
fi

# more than 64 slots: slot 70 and slot 6 are different slots (a 64-bit busy mask aliased them)
cat > "$dir/slots.scn" <<'EOT'
machine -m 1G,slots=100,maxmem=8G -object memory-backend-ram,id=c,size=128M -device pc-dimm,id=d70,memdev=c,slot=70
qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"m","size":134217728}}
qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d6","memdev":"m","slot":6}}
qmp {"execute":"qom-get","arguments":{"path":"/machine/peripheral/d70","property":"slot"}}
qmp {"execute":"qom-get","arguments":{"path":"/machine/peripheral/d6","property":"slot"}}
EOT
printf 'ok\nok\nreturn 70\nreturn 6\n' > "$dir/slots.want"
"$hotmem" run "$dir/slots.scn" 2>&1 | grep -v '^==' > "$dir/slots.got"
if cmp -s "$dir/slots.want" "$dir/slots.got"; then
	echo "ok   slots=100: slot 70 and slot 6 both plugged"
else
	echo "FAIL slots=100:"; diff "$dir/slots.want" "$dir/slots.got"; fails=$((fails + 1))
fi

"$hotmem" run "$dir/missing.scn" > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && echo "ok   missing file: exit 2" || { echo "FAIL missing file: exit $rc"; fails=$((fails + 1)); }

"$hotmem" frobnicate > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && echo "ok   unknown command: exit 2" || { echo "FAIL unknown command: exit $rc"; fails=$((fails + 1)); }

[ $fails -eq 0 ]
