#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""json_transcript.py HOTMEM SCENARIO...: `hotmem run --json` says what the text transcript says.

For each scenario: a schema version; the same steps in the same order with the same
answers; each dump's structured form holds the blocks, zones, iomem and fwmap of the text
dump with typed values (integers, booleans, arrays: the same numbers the text shows);
every failed step carries its errno (write, read, alloc, free, check); a qmp step carries
its request as an object and its return ({} for "ok") or error; meminfo values carry their
unit; lsmem steps carry
lsmem -J's document; a tree step's structured form lists the same entries, modes, link
targets and file lines as its text."""
import json, re, subprocess, sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

def text_steps(out):
    steps, cur = [], None
    for line in out.splitlines():
        if line.startswith("== "):
            cur = [line[3:], []]
            steps.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return [s for s in steps if not s[0].startswith(("machine ", "cmdline "))]

def typed_dump(head, lines, st):
    """The text dump's numbers, found as integers in the JSON one."""
    out = []
    if st["block_size_bytes"] != int(lines[0].split()[1], 16):
        out.append(f"dump '{head}': block_size_bytes {st['block_size_bytes']}")
    blocks = [l for l in lines if l.startswith("block ")]
    for l, b in zip(blocks, st["blocks"]):
        f = dict(kv.split("=", 1) for kv in l.split(" nodes=")[0].split()[2:])
        nodes = [int(n) for n in l.split(" nodes=")[1].split()]
        want = {"block": int(l.split()[1]), "phys_index": int(f["phys_index"], 16),
                "state": f["state"], "online": f["online"] == "1",
                "phys_device": int(f["phys_device"]), "removable": f["removable"] == "1",
                "valid_zones": f["valid_zones"].split(","), "nodes": nodes}
        if b != want:
            out.append(f"dump '{head}': {b} vs {want}")
    for l, z in zip([l for l in lines if l.startswith("zone ")], st["zones"]):
        nums = [None if v == "-" else int(v) for v in
                (kv.split("=")[1] for kv in l.split()[3:])]
        if [z["start_pfn"], z["spanned"], z["present"], z["managed"]] != nums:
            out.append(f"dump '{head}': zone {z} vs {l}")
    for l, r in zip([l for l in lines if l.startswith("iomem ")], st["iomem"]):
        rng, name = l[6:].split(" : ", 1)
        a, b = (int(x, 16) for x in rng.split("-"))
        if (r["start"], r["end"], r["name"]) != (a, b, name):
            out.append(f"dump '{head}': iomem {r} vs {l}")
    fw = sorted(tuple(int(x, 16) for x in l.split()[1:3]) for l in lines if l.startswith("fwmap "))
    if fw != [(e["start"], e["end"]) for e in st["fwmap"]]:
        out.append(f"dump '{head}': fwmap differs")
    for l in lines:
        if l.startswith("meminfo "):
            k, v = l[8:].split(": ")
            if st["meminfo"].get(k) != {"value": int(v), "unit": "kB"}:
                out.append(f"dump '{head}': meminfo {k}")
    return out

def tree_text(tree):
    """The text listing of a tree step's structured form."""
    out = []
    for t in tree:
        out.append("@ " + t["path"])
        for e in t["entries"]:
            if e["type"] == "d":
                out.append("d " + e["name"])
            elif e["type"] == "l":
                out.append(f"l {e['name']} -> {e['target']}")
            else:
                out.append(f"f {e['name']} {e['mode']:o}")
                out += ["  ! unreadable"] if e.get("unreadable") else ["  " + l for l in e.get("lines", [])]
    return out

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
        if doc.get("schema") != "hotmem-transcript" or doc.get("schema_version") != 2:
            problems.append(f"schema {doc.get('schema')} {doc.get('schema_version')}")
        if len(ts) != len(js):
            problems.append(f"{len(ts)} text steps, {len(js)} json steps")
        for (head, lines), j in zip(ts, js):
            if j["verb"] == "qmp":
                # the request as an object, the answer's return ({} for "ok") or error
                if head.split(" ", 1)[0] != "qmp" or json.loads(head[4:]) != j["args"]:
                    problems.append(f"step '{head}' vs qmp {j['args']}")
                if lines == ["ok"] and j.get("return") != {}:
                    problems.append(f"qmp '{head}': ok without a return of {{}}")
                if lines[:1] and lines[0].startswith("return ") and \
                        json.loads(lines[0][7:]) != j.get("return"):
                    problems.append(f"qmp '{head}': return differs")
                if lines[:1] and lines[0].startswith("error ") and "error" not in j:
                    problems.append(f"qmp '{head}': no error object")
            elif head != (j["verb"] + (" " + j["args"] if j["args"] else "")):
                problems.append(f"step '{head}' vs '{j['verb']} {j['args']}'")
            # the uuids Debian's ndctl draws at random differ from run to run
            if UUID.sub("UUID", "\n".join(lines)) != UUID.sub("UUID", j["answer"].rstrip("\n")) \
                    and not head.startswith("lsmem"):
                problems.append(f"answer of '{head}' differs")
            if j["verb"] == "dump":
                st = j["state"]
                nb = sum(1 for l in lines if l.startswith("block "))
                nz = sum(1 for l in lines if l.startswith("zone "))
                ni = sum(1 for l in lines if l.startswith("iomem "))
                if (nb, nz, ni) != (len(st["blocks"]), len(st["zones"]), len(st["iomem"])):
                    problems.append(f"dump '{head}': blocks/zones/iomem {nb}/{nz}/{ni} vs "
                                    f"{len(st['blocks'])}/{len(st['zones'])}/{len(st['iomem'])}")
            if "errno" not in j:
                problems.append(f"'{head}': no errno key")
            if j["verb"] in ("write", "alloc", "free", "check") and \
                    (j["errno"] is None) != (lines == ["ok"]):
                problems.append(f"write '{head}': errno {j['errno']} vs {lines}")
            if j["verb"] == "read" and (j["errno"] is None) == \
                    bool(lines and lines[0].startswith("cat: ")):
                problems.append(f"read '{head}': errno {j['errno']} vs {lines[:1]}")
            if j["verb"] == "lsmem" and not isinstance(j.get("lsmem"), dict):
                problems.append(f"lsmem '{head}': no lsmem -J document")
            if j["verb"] == "dump":
                problems += typed_dump(head, lines, j["state"])
            if j["verb"] == "tree" and (not isinstance(j.get("tree"), list) or
                                        [UUID.sub("UUID", l) for l in tree_text(j["tree"])] !=
                                        [UUID.sub("UUID", l) for l in lines]):
                problems.append(f"tree '{head}': the structured form differs from the text")
        print(("ok   " if not problems else "FAIL ") + scn)
        for p in problems[:5]:
            print("    " + p)
        failed += bool(problems)
    sys.exit(1 if failed else 0)

main()
