#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""json_transcript.py HOTMEM SCENARIO...: `hotmem run --json` says what the text transcript says.

For each scenario: the same steps in the same order with the same answers, and each
dump's structured form holds the blocks, zones and iomem lines of the text dump."""
import json, subprocess, sys

def text_steps(out):
    steps, cur = [], None
    for line in out.splitlines():
        if line.startswith("== "):
            cur = [line[3:], []]
            steps.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return [s for s in steps if not s[0].startswith(("machine ", "cmdline "))]

def main():
    hotmem, failed = sys.argv[1], 0
    for scn in sys.argv[2:]:
        t = subprocess.run([hotmem, "run", scn], capture_output=True, text=True)
        j = subprocess.run([hotmem, "run", "--json", scn], capture_output=True, text=True)
        if t.returncode == 2 and j.returncode == 2:
            print("skip " + scn + ": the machine is not modelled")
            continue
        text, doc = t.stdout, json.loads(j.stdout)
        ts, js = text_steps(text), doc["steps"]
        problems = []
        if len(ts) != len(js):
            problems.append(f"{len(ts)} text steps, {len(js)} json steps")
        for (head, lines), j in zip(ts, js):
            if head != (j["verb"] + (" " + j["args"] if j["args"] else "")):
                problems.append(f"step '{head}' vs '{j['verb']} {j['args']}'")
            if "\n".join(lines) != j["answer"].rstrip("\n") and not head.startswith("lsmem"):
                problems.append(f"answer of '{head}' differs")
            if j["verb"] == "dump":
                st = j["state"]
                nb = sum(1 for l in lines if l.startswith("block "))
                nz = sum(1 for l in lines if l.startswith("zone "))
                ni = sum(1 for l in lines if l.startswith("iomem "))
                if (nb, nz, ni) != (len(st["blocks"]), len(st["zones"]), len(st["iomem"])):
                    problems.append(f"dump '{head}': blocks/zones/iomem {nb}/{nz}/{ni} vs "
                                    f"{len(st['blocks'])}/{len(st['zones'])}/{len(st['iomem'])}")
            if j["verb"] in ("write", "alloc", "free", "check") and \
                    (j["errno"] is None) != (lines == ["ok"]):
                problems.append(f"write '{head}': errno {j['errno']} vs {lines}")
        print(("ok   " if not problems else "FAIL ") + scn)
        for p in problems[:5]:
            print("    " + p)
        failed += bool(problems)
    sys.exit(1 if failed else 0)

main()
