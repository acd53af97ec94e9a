#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""step_docs.py HOTMEM SRCDIR: the documents that list scenario steps say what the step
table (`hotmem help steps`) says.

- hotmem.scn(5): one item per verb, the emulator-only ones after "Emulator-only steps";
- tests/conformance/FORMAT.md: every verb in the step table of "Scenario", the
  emulator-only ones in the table of "Emulator-only steps";
- the bash completion: `hotmem ctl`'s words are the verbs allowed on the control
  socket and quit; `hotmem help`'s are the commands and steps.
A verb added to the table and not to these (or documented and gone) fails here."""
import re, subprocess, sys

def table(hotmem):
    out = subprocess.run([hotmem, "help", "steps"], capture_output=True, text=True,
                         check=True).stdout
    verbs = {}
    for line in out.splitlines():
        m = re.match(r"  (\S+) .*\[([a-z ]*)\]$", line)
        if m:
            verbs[m.group(1)] = set(m.group(2).split())
    return verbs

def man_items(text):
    """verbs named in the headers of .TP items, before and after Emulator-only steps"""
    lines, base, emu, part = text.splitlines(), set(), set(), None
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            part = "steps" if line.strip() == ".SH STEPS" else None
        if part and line.startswith("Emulator-only steps"):
            part = "emu"
        if part and line.strip() == ".TP" and i + 1 < len(lines):
            head = lines[i + 1]
            words = re.findall(r'^\.B[IR]? "?([a-z]+)|\\fR, "? ?([a-z]+)', head)
            for w in words:
                (emu if part == "emu" else base).add(w[0] or w[1])
    return base, emu

def format_items(text):
    base, emu, part = set(), set(), None
    for line in text.splitlines():
        if line.startswith("## "):
            part = {"## Scenario (`.scn`)": "base", "## Emulator-only steps": "emu"}.get(line)
        if part and line.startswith("| `"):
            first = line.split("|")[1]
            for w in re.findall(r"`([a-z]+)", first):
                (emu if part == "emu" else base).add(w)
    return base, emu

def completion_words(text, case):
    m = re.search(r"\t" + case + r"\)\n(.*?)\n\t\t;;", text, re.S)
    words = set()
    for w in re.findall(r'compgen -W "([^"]*)"', m.group(1) if m else ""):
        words |= set(w.split())
    return words

def main():
    hotmem, src = sys.argv[1], sys.argv[2]
    verbs = table(hotmem)
    problems = []
    if len(verbs) < 10:
        problems.append(f"hotmem help steps lists {len(verbs)} verbs")
    emu = {v for v, f in verbs.items() if "emu" in f}
    base = set(verbs) - emu
    ctl = {v for v, f in verbs.items() if "ctl" in f}

    man_base, man_emu = man_items(open(f"{src}/doc/man/hotmem.scn.5").read())
    fmt_base, fmt_emu = format_items(open(f"{src}/tests/conformance/FORMAT.md").read())
    for where, got_base, got_emu in (("hotmem.scn(5)", man_base, man_emu),
                                     ("FORMAT.md", fmt_base, fmt_emu)):
        for v in sorted(base - got_base):
            problems.append(f"{where}: no item for step '{v}'")
        for v in sorted(emu - got_emu):
            problems.append(f"{where}: no emulator-only item for step '{v}'")
        for v in sorted((got_base | got_emu) - set(verbs)):
            problems.append(f"{where}: documents '{v}', which is no step")
        for v in sorted(got_base & emu):
            problems.append(f"{where}: emulator-only step '{v}' among the real kernel's")

    comp = open(f"{src}/contrib/bash-completion/hotmem").read()
    ctl_words = completion_words(comp, "ctl") - {"quit"}
    if ctl_words != ctl:
        problems.append(f"completion: ctl offers {sorted(ctl_words)}, the control socket "
                        f"takes {sorted(ctl)}")
    help_words = completion_words(comp, "help")
    if "steps" not in help_words:
        problems.append("completion: help does not offer steps")

    for p in problems:
        print(p)
    print(f"{len(verbs)} steps, {len(problems)} problems")
    return 1 if problems else 0

sys.exit(main())
