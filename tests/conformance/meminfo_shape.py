#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""meminfo_shape.py HOTMEM: every 'read /proc/meminfo' of the corpus (tests/conformance/expected),
run on hotmem, has the real kernel's lines in the kernel's order, and the values that do not depend
on the kernel's own allocations equal: VmallocTotal, the hugetlb lines, swap, DirectMap*.
compare.py compares only DirectMap and Hugepagesize of these reads; this is the rest of the format.
Scenarios pending in tests/conformance/status are left to their own test.
Prints one line per scenario that reads /proc/meminfo; exit 1 if any differ."""
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXACT = re.compile(r"^(VmallocTotal|Hugepagesize|HugePages_\w+|Hugetlb|SwapTotal|SwapFree|DirectMap\w+):")


def steps(text):
    out, cur = [], None
    for line in text.splitlines():
        if line.startswith("== "):
            cur = [line, []]
            out.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return out


def key(line):
    return re.sub(r"\s*\d+( kB)?$", "", line)


def pending():
    """The scenarios status lists as pending: run-one.sh holds them to their status."""
    with open(os.path.join(HERE, "status")) as f:
        return {l.split()[0] for l in f if len(l.split()) > 1 and l.split()[1] == "pending"}


def main():
    hotmem, failed, seen = sys.argv[1], 0, 0
    skip = pending()
    for exp in sorted(glob.glob(os.path.join(HERE, "expected", "*.out"))):
        name = os.path.basename(exp)[:-4]
        if name in skip:
            continue
        text = open(exp).read()
        if "== read /proc/meminfo" not in text:
            continue
        seen += 1
        scn = os.path.join(HERE, "scenarios", name + ".scn")
        act = subprocess.run([hotmem, "run", scn], capture_output=True, text=True).stdout
        problems = []
        for (eh, el), (ah, al) in zip(steps(text), steps(act)):
            if eh != "== read /proc/meminfo" or ah != eh:
                continue
            if [key(l) for l in el] != [key(l) for l in al]:
                problems.append("lines: %s" % sorted(set(map(key, el)) ^ set(map(key, al))))
            problems += ["%r, kernel %r" % (a, e) for e, a in zip(el, al)
                         if EXACT.match(e) and e != a]
        print(("FAIL %s: %s" % (name, "; ".join(problems[:4]))) if problems else "ok   " + name)
        failed += bool(problems)
    print("%d scenarios read /proc/meminfo, %d differ" % (seen, failed))
    sys.exit(1 if failed or not seen else 0)


if __name__ == "__main__":
    main()
