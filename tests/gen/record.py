#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Records random scenarios (gen.py) with the oracles into the random corpus.

    record.py [--mix pc=2,virt=1] [--count N] [--hotmem build/hotmem]

Takes the next N seeds of each machine type (after the last one in random/seeds.tsv), generates
each scenario, runs it on the real kernel twice (../../shared/oracle for pc and q35,
../../shared/oracle-arm64 for virt; every run under `flock /tmp/oracle.lock`, one QEMU at a
time, niced), and keeps it only if the two transcripts agree under compare.py: the scenario goes
to tests/conformance/random/scenarios/ARCH-SEED.scn, the first transcript to
tests/conformance/random/expected/ARCH-SEED.out. Every seed drawn gets a line in
tests/conformance/random/seeds.tsv: ARCH SEED RESULT DETAIL, RESULT one of
  kept       both runs agree (DETAIL: hotmem's verdict, 'identical' or 'miss: first differing step')
  unstable   the runs differ (DETAIL: compare.py's first difference)
  failed     the oracle could not run it (DETAIL: its last message)
"""
import argparse, os, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONF = os.path.join(ROOT, "tests", "conformance")
RAND = os.path.join(CONF, "random")
SHARED = os.environ.get("HOTMEM_SHARED", "/work/shared")
ORACLE = {"pc": f"{SHARED}/oracle/oracle.py", "q35": f"{SHARED}/oracle/oracle.py",
          "virt": f"{SHARED}/oracle-arm64/oracle.py"}
LOCK = "/tmp/oracle.lock"


def oracle_run(arch, scn, out, timeout):
    """One oracle run under the shared lock, in its own process group (QEMU included), so that a
    run that hangs is killed whole."""
    with open(out, "w") as f, open(out + ".err", "w") as e:
        p = subprocess.Popen(["flock", LOCK, "nice", "-n", "5", "python3", ORACLE[arch], scn],
                             stdout=f, stderr=e, start_new_session=True)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return False, "timeout"
    if rc != 0:
        msg = open(out + ".err").read().strip().splitlines()
        return False, (msg[-1] if msg else f"rc={rc}")[:200]
    return True, ""


def compare(a, b):
    """compare.py's verdict: (True, '') or (False, its first lines)"""
    p = subprocess.run([sys.executable, os.path.join(CONF, "compare.py"), a, b, "-v"],
                       capture_output=True, text=True)
    lines = [l for l in (p.stdout + p.stderr).splitlines() if l.strip()]
    return p.returncode == 0, " | ".join(lines[:6])[:400]


def hotmem_verdict(hotmem, scn, expected, tmp):
    if not hotmem or not os.path.exists(hotmem):
        return "not run"
    out = os.path.join(tmp, "hotmem.out")
    try:
        with open(out, "w") as f:
            subprocess.run([hotmem, "run", scn], stdout=f, stderr=subprocess.DEVNULL)
    except OSError as e:
        # the binary being rebuilt meanwhile: the recording itself is kept
        return f"not run ({e.strerror})"

    ok, diff = compare(expected, out)
    return "identical" if ok else "miss: " + diff


def last_seeds():
    last = {}
    path = os.path.join(RAND, "seeds.tsv")
    if os.path.exists(path):
        for line in open(path):
            f = line.split("\t")
            if len(f) >= 2 and not line.startswith("#"):
                last[f[0]] = max(last.get(f[0], 0), int(f[1]))
    return last


def log_seed(arch, seed, result, detail):
    path = os.path.join(RAND, "seeds.tsv")
    with open(path, "a") as f:
        f.write(f"{arch}\t{seed}\t{result}\t{detail}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mix", default="pc=2,virt=1", help="machine types and their shares, e.g. pc=2,q35=1,virt=1")
    ap.add_argument("--count", type=int, default=10, help="seeds to draw in all")
    ap.add_argument("--hotmem", default=os.path.join(ROOT, "build", "hotmem"))
    ap.add_argument("--timeout", type=int, default=1800, help="seconds for one oracle run, lock wait included")
    a = ap.parse_args()
    mix = []
    for part in a.mix.split(","):
        arch, _, w = part.partition("=")
        mix += [arch] * int(w or 1)
    os.makedirs(os.path.join(RAND, "scenarios"), exist_ok=True)
    os.makedirs(os.path.join(RAND, "expected"), exist_ok=True)
    next_seed = {arch: s + 1 for arch, s in last_seeds().items()}
    for i in range(a.count):
        arch = mix[i % len(mix)]
        seed = next_seed.get(arch, 1)
        next_seed[arch] = seed + 1
        name = f"{arch}-{seed:04d}"
        with tempfile.TemporaryDirectory(prefix="hm-record-") as tmp:
            scn = os.path.join(tmp, name + ".scn")
            with open(scn, "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--arch", arch, str(seed)],
                               stdout=f, check=True)
            t0 = time.time()
            runs = []
            for k in (1, 2):
                out = os.path.join(tmp, f"run{k}.out")
                ok, why = oracle_run(arch, scn, out, a.timeout)
                if not ok and why != "timeout":
                    # once more: on a loaded host QEMU's sockets may not be ready in time
                    # (q35-0003: ConnectionRefusedError, the machine itself is valid)
                    ok, why = oracle_run(arch, scn, out, a.timeout)
                if not ok:
                    break
                runs.append(out)
            if len(runs) < 2:
                log_seed(arch, seed, "failed", why)
                print(f"{name}: oracle failed: {why}", flush=True)
                continue
            same, diff = compare(runs[0], runs[1])
            if not same:
                log_seed(arch, seed, "unstable", diff)
                print(f"{name}: runs differ: {diff}", flush=True)
                continue
            dst_scn = os.path.join(RAND, "scenarios", name + ".scn")
            dst_out = os.path.join(RAND, "expected", name + ".out")
            with open(scn) as s, open(dst_scn, "w") as d:
                d.write(s.read())
            with open(runs[0]) as s, open(dst_out, "w") as d:
                d.write(s.read())
            verdict = hotmem_verdict(a.hotmem, dst_scn, dst_out, tmp)
            log_seed(arch, seed, "kept", verdict)
            print(f"{name}: kept ({time.time() - t0:.0f} s), hotmem {verdict}", flush=True)


if __name__ == "__main__":
    main()
