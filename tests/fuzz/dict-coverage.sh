#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# dict-coverage.sh SRC_DIR: every machine option, property, CPU model, board,
# step verb and kernel parameter the sources accept appears in the fuzz
# dictionary (tests/fuzz/scenario.dict), so that the fuzzer can write each one.
set -u
src=${1:-$(dirname "$0")/../..}
dict=$src/tests/fuzz/scenario.dict
m=$src/src/machine
missing=0
words=$( {
	# -m/-object/-numa/-machine/-cpu keys and the options themselves
	grep -h 'keys\[\] = {' "$m/pc.c" | grep -o '"[a-z-]*"'
	grep -h 'strcmp(opt, "' "$m/pc.c" | grep -o '"-[a-zA-Z]*"'
	# -device properties (pc-dimm, virtio-mem-pci, nvdimm, hmm-dmirror)
	grep -h 'strcmp(tok, "' "$m/dimm.c" "$m/nvdimm.c" | grep -o 'tok, "[a-z-]*"' | grep -o '"[a-z-]*"'
	grep -h 'strcmp(drv, "' "$m/dimm.c" | grep -o '"[a-z-]*"'
	# boards and CPU models
	grep -h 'strcmp(kv\[0\], "' "$m/pc.c" | grep -o 'kv\[0\], "[a-z0-9-]*"' | grep -o '"[a-z0-9-]*"'
	# the scenario's verbs and the kernel parameters init.c reads
	sed -n '/step_ops\[STEP_NR_VERBS\] = {/,/^};/p' "$src/src/scenario/scenario.c" |
		grep -o '\] = { "[a-z]*"' | grep -o '"[a-z]*"'
	grep -h 'strcmp(tok, "' "$src/src/kernel/init.c" | grep -o 'tok, "[a-z_.0-9]*"' | grep -o '"[a-z_.0-9]*"'
} | tr -d '"' | sort -u)
for w in $words; do
	grep -q -- "$w" "$dict" || { echo "not in the dictionary: $w"; missing=1; }
done
[ $missing -eq 0 ] && echo "dictionary covers $(echo "$words" | wc -w) option words"
exit $missing
