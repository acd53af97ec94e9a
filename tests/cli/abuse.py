#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""abuse.py HOTMEM [CHECK...]: the live machine and the command line under abuse (issue 24).

One check per finding, each failing on the code the issue was filed against:
deadlocks (tool steps with TMPDIR or --sysroot inside the mount), signals (a clean
unmount), --control under the mount point, offline as the kernel does it (a writer
blocked until progress or a signal, every other request going on), no wall-clock wait
in a run, bounded queues and buffers, linear handling of empty lines, stale handles
(ENODEV), QMP's stray tokens and answers pipelined before quit, input edges (NUL,
invalid UTF-8, --json, export and map -o).  With CHECK names, only those run.
"""
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOTMEM = os.path.abspath(sys.argv[1])
# set by CTest for a -DHOTMEM_SANITIZE=ON build (ASan and UBSan)
SANITIZED = os.environ.get("HOTMEM_SANITIZED") == "1"
ONLY = set(sys.argv[2:])
failures = []
TMP = tempfile.mkdtemp(prefix="hotmem-abuse-")
os.chmod(TMP, 0o755)

MACHINE = "machine -m 512M,slots=2,maxmem=2G -smp 1\n"
DIMM = ('qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram",'
        '"id":"mem1","size":134217728}}\n'
        'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"dimm1",'
        '"memdev":"mem1","node":0}}\nsleep 1\n')
# memory32 movable and memory so full that its pages cannot move away
FULL = (MACHINE + DIMM + "write /sys/devices/system/memory/memory32/state online_movable\n"
        "alloc movable 400M as=a\nalloc movable 120M as=b\n")
STATE32 = "/sys/devices/system/memory/memory32/state"


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg, flush=True)


def ok(msg):
    print("ok   " + msg, flush=True)


def scn_file(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w" if isinstance(text, str) else "wb") as f:
        f.write(text)
    return path


def connect(path, timeout=20):
    """A blocking connect (it waits while the server's backlog is full), then a timeout."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(timeout)
    return s


def ask(path, *lines, timeout=20):
    """The answers to lines, each a string (up to its @@END)."""
    s = connect(path, timeout)
    s.sendall(b"\n" + "".join(l + "\n" for l in lines).encode())
    buf, out = b"", []
    while len(out) < len(lines):
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("server closed after %d answers" % len(out))
        buf += chunk
        while b"@@END\n" in buf and len(out) < len(lines):
            a, buf = buf.split(b"@@END\n", 1)
            out.append(a.decode(errors="replace"))
    s.close()
    return out


def mounted(mnt):
    with open("/proc/mounts") as f:
        return any(l.split()[1] == mnt for l in f)


def abort_fuse(mnt):
    """Ends a wedged FUSE connection (a deadlock SIGKILL cannot end) through fusectl."""
    dev = None
    with open("/proc/self/mountinfo") as f:
        for l in f:
            w = l.split()
            if w[4] == mnt:
                dev = int(w[2].split(":")[0]) * 0 + int(w[2].split(":")[1])
    if dev is None:
        return
    conns = "/sys/fs/fuse/connections"
    if not os.listdir(conns):
        subprocess.run(["mount", "-t", "fusectl", "none", conns], stderr=subprocess.DEVNULL)
    for c in os.listdir(conns):
        if int(c) == dev:
            try:
                with open(os.path.join(conns, c, "abort"), "w") as f:
                    f.write("1")
            except OSError:
                pass


class Mount:
    def __init__(self, name, scn=None, env=None, control=None):
        self.mnt = os.path.join(TMP, name)
        os.makedirs(self.mnt, exist_ok=True)
        self.sock = control or self.mnt + ".sock"
        args = [HOTMEM, "mount", self.mnt, "--control", self.sock]
        if scn:
            args.append(scn_file(name + ".scn", scn))
        e = dict(os.environ)
        e.update(env or {})
        self.p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env=e)
        end = time.time() + 30
        self.up = False
        while time.time() < end and self.p.poll() is None:
            if mounted(self.mnt) and os.path.exists(self.sock):
                try:
                    connect(self.sock).close()
                    self.up = True
                    break
                except OSError:
                    pass
            time.sleep(0.05)

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for l in f:
                if l.startswith("VmRSS:"):
                    return int(l.split()[1])
        return 0

    def close(self):
        if self.p.poll() is None:
            try:
                ask(self.sock, "quit", timeout=5)
            except (OSError, ConnectionError):
                pass
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                try:
                    self.p.wait(5)
                except subprocess.TimeoutExpired:
                    abort_fuse(self.mnt)
                    self.p.wait(10)
        subprocess.run(["fusermount3", "-u", "-q", "-z", self.mnt], stderr=subprocess.DEVNULL)
        try:
            os.unlink(self.sock)
        except OSError:
            pass


def ask_within(m, secs, *lines):
    """ask() in a thread: the answers, or None if none came within secs (then the
    mount is aborted so that the wedged server ends)."""
    res = []

    def run():
        try:
            res.append(ask(m.sock, *lines, timeout=secs + 5))
        except (OSError, ConnectionError) as e:
            res.append(e)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(secs)
    if t.is_alive():
        abort_fuse(m.mnt)
        return None
    return res[0]


# ------------------------------------------------------------------ deadlocks

def check_tmpdir_in_mount():
    """lsmem and chmem control lines with TMPDIR inside the mount: answered, no deadlock."""
    mnt = os.path.join(TMP, "tmpdir")
    m = Mount("tmpdir", env={"TMPDIR": mnt + "/sys/devices/system/memory"})
    try:
        for line in ("lsmem", "chmem -e 128M"):
            ans = ask_within(m, 10, line, "verify")
            if ans is None:
                fail("'%s' with TMPDIR in the mount: no answer in 10 s (deadlock)" % line)
                return
            if isinstance(ans, Exception) or ans[1] != "ok\n":
                fail("'%s' with TMPDIR in the mount: %r" % (line, ans))
            else:
                ok("'%s' with TMPDIR in the mount answered: %s" % (line, ans[0].split("\n")[0]))
    finally:
        m.close()


def check_lsmem_sysroot_mount():
    """lsmem --sysroot MOUNT reads the live tree while the step runs."""
    m = Mount("sysroot")
    try:
        ans = ask_within(m, 10, "lsmem --sysroot " + m.mnt + " -o RANGE,STATE", "verify")
        if ans is None:
            fail("lsmem --sysroot MOUNT: no answer in 10 s (deadlock)")
        elif isinstance(ans, Exception) or "online" not in ans[0] or ans[1] != "ok\n":
            fail("lsmem --sysroot MOUNT: %r" % (ans,))
        else:
            ok("lsmem --sysroot MOUNT lists the live tree")
    finally:
        m.close()


def check_signals():
    """SIGHUP, SIGTERM, SIGINT and SIGUSR1: a clean unmount, the socket removed, exit 0."""
    for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
        m = Mount("sig")
        try:
            if not m.up:
                fail("%s: the server did not come up" % sig.name)
                continue
            m.p.send_signal(sig)
            try:
                rc = m.p.wait(10)
            except subprocess.TimeoutExpired:
                rc = None
            if rc == 0 and not mounted(m.mnt) and not os.path.exists(m.sock):
                ok("%s: exit 0, unmounted, socket removed" % sig.name)
            else:
                fail("%s: exit %r, mounted %s, socket left %s" %
                     (sig.name, rc, mounted(m.mnt), os.path.exists(m.sock)))
            # the next mount on DIR works
            m2 = Mount("sig")
            if not m2.up:
                fail("%s: the next mount failed: %s" % (sig.name, m2.p.stderr.read1(4096)))
            m2.close()
        finally:
            m.close()


def check_control_under_mount():
    """--control under the mount point is refused at start, nothing mounted."""
    mnt = os.path.join(TMP, "ctlin")
    os.makedirs(mnt, exist_ok=True)
    for ctl in (mnt + "/ctl.sock", mnt + "/sys/ctl.sock", mnt + "/./x/../ctl.sock"):
        p = subprocess.run([HOTMEM, "mount", mnt, "--control", ctl], capture_output=True,
                           text=True, timeout=30)
        if p.returncode == 2 and "control" in p.stderr and not mounted(mnt):
            ok("--control %s refused: %s" % (ctl, p.stderr.strip()))
        else:
            fail("--control %s: exit %d, %r, mounted %s" %
                 (ctl, p.returncode, p.stderr, mounted(mnt)))
            subprocess.run(["fusermount3", "-u", "-q", "-z", mnt])


# ------------------------------------------------------------------- offline

WRITER = r"""
import os, signal, sys, time
class Sig(Exception): pass
def h(*a): raise Sig()
signal.signal(signal.SIGUSR1, h)
fd = os.open(sys.argv[1], os.O_WRONLY)
print("open", flush=True)
t = time.time()
try:
    os.write(fd, b"offline\n")
    print("ok %.2f" % (time.time() - t), flush=True)
except Sig:
    print("interrupted %.2f" % (time.time() - t), flush=True)
except OSError as e:
    print("error %s %.2f" % (e.strerror, time.time() - t), flush=True)
"""


def start_writer(path):
    w = subprocess.Popen([sys.executable, "-c", WRITER, path], stdout=subprocess.PIPE,
                         text=True)
    w.stdout.readline()         # "open"
    return w


def timed(fn):
    t = time.time()
    r = fn()
    return r, time.time() - t


def check_blocked_offline():
    """A writer whose offline cannot progress stays blocked while everything else goes
    on; a signal interrupts it (EINTR); freeing memory lets the next one finish."""
    m = Mount("offline", FULL)
    try:
        if not m.up:
            fail("blocked offline: the server did not come up")
            return
        w = start_writer(m.mnt + STATE32)
        time.sleep(1.5)
        if w.poll() is not None:
            fail("blocked offline: the writer ended without a signal: %s" % w.stdout.read())
            return
        walk, secs = timed(lambda: subprocess.run(
            ["ls", "-R", m.mnt + "/sys/devices/system/memory"], capture_output=True,
            timeout=30))
        st, _ = timed(lambda: open(m.mnt + STATE32).read())
        ans, asecs = timed(lambda: ask_within(m, 10, "read " + STATE32, "free nothing"))
        if secs < 2 and asecs < 2 and ans and not isinstance(ans, Exception):
            ok("while an offline is blocked: ls -R %.2f s, state %r, control %.2f s" %
               (secs, st.strip(), asecs))
        else:
            fail("while an offline is blocked: ls -R %.2f s, control %r in %.2f s" %
                 (secs, ans, asecs))
        w.send_signal(signal.SIGUSR1)
        try:
            out, _ = w.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            w.kill()
            out = "(still blocked)"
        if out.startswith("interrupted"):
            ok("the blocked writer interrupted by a signal: " + out.strip())
        else:
            fail("the blocked writer after SIGUSR1: %r" % out)
        # blocked again, then memory freed: it finishes by itself
        w = start_writer(m.mnt + STATE32)
        time.sleep(0.5)
        ans = ask_within(m, 10, "free b")
        try:
            out, _ = w.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            w.kill()
            out = "(still blocked)"
        state = open(m.mnt + STATE32).read().strip()
        v = ask_within(m, 10, "check a", "verify")
        if out.startswith("ok") and state == "offline" and v == ["ok\n", "ok\n"]:
            ok("freeing memory lets the blocked offline finish: %s" % out.strip())
        else:
            fail("after free b: writer %r, state %r, %r" % (out, state, v))
    finally:
        m.close()


def check_run_no_wall_clock():
    """hotmem run of an offline that cannot progress: EINTR at once, no sleeping."""
    path = scn_file("stuck.scn", FULL + "write " + STATE32 + " offline\nread " + STATE32 +
                    "\ncheck a\ncheck b\nverify\n")
    if not shutil.which("strace"):
        print("skip no-wall-clock check (no strace)")
        return
    # LeakSanitizer refuses to run under ptrace (a sanitizer build exits 1 under strace)
    env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    p = subprocess.run(["strace", "-f", "-qq", "-e",
                        "trace=nanosleep,clock_nanosleep,poll,ppoll,select,pselect6,"
                        "epoll_wait,futex", HOTMEM, "run", path],
                       capture_output=True, text=True, timeout=120, env=env)
    sleeps = [l for l in p.stderr.splitlines()
              if "sleep" in l or ("poll" in l and "0)" not in l) or "select" in l]
    if "error: EINTR" in p.stdout and p.returncode == 0 and not sleeps:
        ok("run: the stuck offline fails with EINTR at once, no wall-clock wait")
    else:
        fail("run: exit %d, EINTR %s, waits %r" % (p.returncode, "error: EINTR" in p.stdout,
                                                   sleeps[:5]))


# ------------------------------------------------------------ bounded queues

INUSE = (MACHINE + DIMM + "write /sys/devices/system/memory/memory32/state online_kernel\n"
         "alloc unmovable 400M as=u\n")
DEVICE_DEL = b'{"execute":"device_del","arguments":{"id":"dimm1"}}'


def qmp_client(path):
    s = connect(path, 30)
    s.sendall(b'{"execute":"qmp_capabilities"}')
    buf = b""
    while buf.count(b"\r\n") < 2:
        buf += s.recv(4096)
    return s


def read_until_eof(s, secs):
    """Bytes read until EOF (then True) or secs of silence (then False)."""
    n = 0
    s.settimeout(secs)
    try:
        while True:
            c = s.recv(1 << 20)
            if not c:
                return n, True
            n += len(c)
    except socket.timeout:
        return n, False
    except OSError:
        return n, True


def check_qmp_never_reading():
    """QMP clients that never read: their events are bounded (then a disconnect)."""
    m = Mount("events", INUSE)
    try:
        idle = [qmp_client(m.sock) for _ in range(6)]
        rss0 = m.rss_kb()
        q = qmp_client(m.sock)
        n = 12000               # each device_del: two ACPI_DEVICE_OST events, ~340 bytes
        sender = threading.Thread(target=lambda: q.sendall(DEVICE_DEL * n), daemon=True)
        sender.start()
        got, end = 0, time.time() + 120
        q.settimeout(120)
        buf = b""
        while got < n and time.time() < end:
            c = q.recv(1 << 20)
            if not c:
                break
            buf += c
            got += c.count(b'"return"')
            buf = buf[-100:]
        rss1 = m.rss_kb()
        res = [read_until_eof(c, 3) for c in idle]
        eofs = sum(1 for _, e in res if e)
        # AddressSanitizer's quarantine keeps freed memory resident: the bound on RSS is
        # checked in the normal build, the disconnects in both
        if got == n and eofs == len(idle) and (SANITIZED or rss1 - rss0 < 64 * 1024):
            ok("never-reading QMP clients disconnected after %d bytes; RSS +%d KiB" %
               (max(b for b, _ in res), rss1 - rss0))
        else:
            fail("never-reading QMP clients: %d/%d answers, %d/%d disconnected, RSS +%d KiB" %
                 (got, n, eofs, len(idle), rss1 - rss0))
    finally:
        m.close()


def send_all_or_closed(s, data):
    """Sends data; the server may close before it has all of it (the refusal)."""
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def check_long_requests():
    """Complete QMP requests and lines over 64 KiB: refused, then a disconnect."""
    m = Mount("long")
    try:
        s = qmp_client(m.sock)
        send_all_or_closed(s, b'{"execute":"query-status","id":"' + b"x" * (1 << 20) + b'"}')
        n, eof = 0, False
        data = b""
        s.settimeout(10)
        try:
            while True:
                c = s.recv(65536)
                if not c:
                    eof = True
                    break
                data += c
        except OSError:
            eof = True
        if eof and b"JSON parse error" in data and b'"return"' not in data:
            ok("a complete 1 MiB QMP request: %s, then a disconnect" %
               data.decode(errors="replace").strip()[:90])
        else:
            fail("a complete 1 MiB QMP request: %r, eof %s" % (data[:200], eof))
        s = connect(m.sock)
        send_all_or_closed(s, b"\nread /" + b"x" * (1 << 20) + b"\n")
        data = b""
        eof = False
        try:
            while True:
                c = s.recv(65536)
                if not c:
                    eof = True
                    break
                data += c
        except OSError:
            eof = True
        if eof and b"longer than" in data:
            ok("a complete 1 MiB line: %s" % data.decode().splitlines()[0])
        else:
            fail("a complete 1 MiB line: %r, eof %s" % (data[:200], eof))
        v = ask(m.sock, "verify")
        if v != ["ok\n"]:
            fail("after long requests: %r" % v)
    finally:
        m.close()


def check_empty_lines():
    """Megabytes of empty lines on one connection do not hold up another's verify."""
    m = Mount("empty")
    try:
        s = connect(m.sock)
        t = threading.Thread(target=lambda: s.sendall(b"\n" * (8 << 20)), daemon=True)
        t.start()
        time.sleep(0.2)
        ans, secs = timed(lambda: ask(m.sock, "verify"))
        t.join(60)
        ans2, secs2 = timed(lambda: ask(m.sock, "verify"))
        if ans == ["ok\n"] and secs < 2 and not t.is_alive():
            ok("verify beside 8 MiB of empty lines: %.2f s" % secs)
        else:
            fail("verify beside 8 MiB of empty lines: %r in %.2f s, sender done %s" %
                 (ans, secs, not t.is_alive()))
        s.close()
    finally:
        m.close()


def check_run_dev_zero():
    """hotmem run /dev/zero: refused with a message, exit 2, memory bounded."""
    # AddressSanitizer reserves terabytes of shadow: no address-space limit in that build
    limit = [] if SANITIZED else ["prlimit", "--as=1073741824"]
    p = subprocess.run(limit + [HOTMEM, "run", "/dev/zero"],
                       capture_output=True, text=True, timeout=60)
    if p.returncode == 2 and p.stderr.strip():
        ok("run /dev/zero: " + p.stderr.strip())
    else:
        fail("run /dev/zero: exit %d, %r" % (p.returncode, p.stderr[:200]))


# ------------------------------------------------------ handles and protocol

def check_stale_handle():
    """An fd open on a removed DIMM's block: ENODEV, not the next DIMM's block."""
    m = Mount("stale", MACHINE + DIMM)
    try:
        fd = os.open(m.mnt + STATE32, os.O_WRONLY)
        rfd = os.open(m.mnt + STATE32, os.O_RDONLY)
        ans = ask(m.sock, 'qmp {"execute":"device_del","arguments":{"id":"dimm1"}}', "sleep 1",
                  'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"dimm2",'
                  '"memdev":"mem1","node":0}}', "sleep 1", "read " + STATE32)
        try:
            os.write(fd, b"online\n")
            res = "written"
        except OSError as e:
            res = e.strerror
        try:
            os.read(rfd, 100)
            rres = "read"
        except OSError as e:
            rres = e.strerror
        state = ask(m.sock, "read " + STATE32)[0].strip()
        os.close(fd)
        os.close(rfd)
        if res == os.strerror(19) and rres == os.strerror(19) and state == "offline":
            ok("a write and a read on a removed block's fd: ENODEV; the new block untouched")
        else:
            fail("stale fd: write %s, read %s, new block %s (%r)" % (res, rres, state, ans))
    finally:
        m.close()


def check_qmp_stray():
    """Stray } ] : , on QMP: QEMU's JSON parse error each, the connection goes on."""
    m = Mount("stray")
    try:
        s = qmp_client(m.sock)
        s.sendall(b'}]:,{"execute":"query-status","id":7}')
        data = b""
        s.settimeout(5)
        try:
            while data.count(b"\r\n") < 5:
                c = s.recv(4096)
                if not c:
                    break
                data += c
        except OSError:
            pass
        lines = data.decode(errors="replace").split("\r\n")
        errs = [l for l in lines if "JSON parse error, expecting value" in l]
        if len(errs) == 4 and any('"id": 7' in l and "return" in l for l in lines):
            ok("stray } ] : , answered with 4 parse errors, then the command")
        else:
            fail("stray tokens: %r" % lines)
    finally:
        m.close()


def check_pipelined_quit():
    """Answers pipelined before quit reach a slow reader."""
    m = Mount("pquit")
    try:
        s = qmp_client(m.sock)
        n = 400
        s.sendall(b'{"execute":"query-commands"}' * n + b'{"execute":"quit"}')
        time.sleep(1)
        data = b""
        s.settimeout(20)
        try:
            while True:
                c = s.recv(4096)
                if not c:
                    break
                data += c
                time.sleep(0.001)
        except OSError:
            pass
        got = data.count(b'"return"')
        if got == n + 1 and b'"SHUTDOWN"' in data:
            ok("all %d answers pipelined before quit delivered, then SHUTDOWN" % (n + 1))
        else:
            fail("pipelined before quit: %d of %d answers, SHUTDOWN %s" %
                 (got, n + 1, b"SHUTDOWN" in data))
        m.p.wait(20)
    finally:
        m.close()


# -------------------------------------------------------------- input edges

def check_scenario_bytes():
    """A NUL byte or invalid UTF-8 in a scenario: reported with its line, exit 2."""
    for name, data, what in (("nul", b"# ok\nread /proc/meminfo\x00\nverify\n", "NUL"),
                             ("utf8", b"# ok\n\nread /sys/\xff\xfe\n", "UTF-8")):
        path = scn_file(name + ".scn", data)
        for args in (["run"], ["run", "--json"]):
            p = subprocess.run([HOTMEM] + args + [path], capture_output=True, timeout=60)
            err = p.stderr.decode(errors="replace")
            line = "2" if name == "nul" else "3"
            if p.returncode == 2 and (":%s:" % line) in err and what in err and not p.stdout:
                ok("%s %s: %s" % (" ".join(args), name, err.strip()))
            else:
                fail("%s %s: exit %d, %r, stdout %r" % (" ".join(args), name, p.returncode,
                                                        err, p.stdout[:100]))


def check_export_paths():
    """export into a symlinked directory and with a trailing slash; nothing left behind."""
    base = os.path.join(TMP, "exp")
    os.makedirs(base + "/real")
    os.symlink("real", base + "/link")
    for target in (base + "/link", base + "/real/", base + "/new/", base + "/link/"):
        p = subprocess.run([HOTMEM, "export", "--force", target], capture_output=True,
                           text=True, timeout=60)
        left = [f for f in os.listdir(base) + os.listdir(base + "/real") if "hotmem" in f]
        t = target.rstrip("/")
        okay = (p.returncode == 0 and os.path.isfile(t + "/sys/devices/system/memory/"
                                                      "block_size_bytes") and not left)
        if okay:
            ok("export %s" % target)
        else:
            fail("export %s: exit %d, %r, left %r" % (target, p.returncode, p.stderr, left))
    if os.path.islink(base + "/link") and os.path.isdir(base + "/real/sys"):
        ok("export through the symlink kept the link and filled its target")
    else:
        fail("export through the symlink replaced the link: %r" % os.listdir(base))
    # a refused run leaves the old tree and nothing else
    bad = scn_file("bad.scn", "bogus step\n")
    p = subprocess.run([HOTMEM, "export", "--force", base + "/real", bad], capture_output=True,
                       text=True, timeout=60)
    left = [f for f in os.listdir(base) if "hotmem" in f]
    if p.returncode == 2 and os.path.isdir(base + "/real/sys") and not left:
        ok("export of a refused scenario: exit 2, the old tree kept")
    else:
        fail("export of a refused scenario: exit %d, left %r" % (p.returncode, left))


def check_map_output():
    """map -o FILE of a refused run leaves FILE as it was, and nothing beside it."""
    out = os.path.join(TMP, "map.txt")
    with open(out, "w") as f:
        f.write("precious\n")
    bad = scn_file("badmap.scn", "machine -m 1G,slots=300\n")
    p = subprocess.run([HOTMEM, "map", "-o", out, bad], capture_output=True, text=True,
                       timeout=60)
    left = [f for f in os.listdir(TMP) if f.startswith("map.txt") and f != "map.txt"]
    if p.returncode != 0 and open(out).read() == "precious\n" and not left:
        ok("map -o of a refused run: FILE kept (exit %d)" % p.returncode)
    else:
        fail("map -o of a refused run: exit %d, FILE %r, left %r" %
             (p.returncode, open(out).read(), left))


# ------------------------------------------------------------------- stress

STRESS_SECS = float(os.environ.get("STRESS_SECS", "20"))
STRESS_SCN = (MACHINE + DIMM + 'qmp {"execute":"object-add","arguments":{"qom-type":'
              '"memory-backend-ram","id":"mem2","size":134217728}}\n'
              'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"dimm2",'
              '"memdev":"mem2","node":0}}\nsleep 1\n'
              "write /sys/devices/system/memory/memory32/state online_movable\n"
              "write /sys/devices/system/memory/memory33/state online_movable\n"
              "alloc movable 560M as=a\n")


def check_stress():
    """Many clients (checking their answers, never reading, sending garbage, leaving),
    FUSE readers and writers, offlines that block and signals that end them, for
    STRESS_SECS: the server stays up, every answer goes to its client, memory stays
    bounded, verify stays clean, and quit ends it with exit 0."""
    m = Mount("stress", STRESS_SCN)
    errors, counts = [], {}
    stop = time.time() + STRESS_SECS
    lock = threading.Lock()

    def note(kind, n=1):
        with lock:
            counts[kind] = counts.get(kind, 0) + n

    def err(msg):
        with lock:
            errors.append(msg)

    def line_client(k):
        while time.time() < stop:
            try:
                a = ask(m.sock, "read /sys/devices/system/memory/memory%d/phys_index" % (32 + k % 2),
                        "check a", "read /proc/meminfo", timeout=60)
                if a[0] != "%08x\n" % (32 + k % 2) or a[1] not in ("ok\n",):
                    err("line client %d: %r" % (k, a[:2]))
                note("lines", 3)
            except ConnectionResetError:
                note("refused (64 clients)")    # the server's bound: refused, not lost
            except (OSError, ConnectionError) as e:
                err("line client %d: %r" % (k, e))

    def qmp_checker(k):
        try:
            q = qmp_client(m.sock)
            q.settimeout(60)
            buf, i = b"", 0
            while time.time() < stop:
                i += 1
                q.sendall(b'}{"execute":"query-status","id":"%d-%d"}garbage\n' % (k, i))
                want = [b"expecting value", b'"id": "%d-%d"' % (k, i), b"invalid keyword"]
                got = 0
                while got < 3:
                    while b"\r\n" not in buf:
                        c = q.recv(65536)
                        if not c:
                            raise ConnectionError("closed")
                        buf += c
                    line, buf = buf.split(b"\r\n", 1)
                    if b'"event"' in line:
                        continue
                    if want[got] not in line:
                        err("qmp client %d: %r for %r" % (k, line[:120], want[got]))
                    got += 1
                note("qmp", 3)
            q.close()
        except (OSError, ConnectionError) as e:
            err("qmp client %d: %r" % (k, e))

    def never_reads():
        try:
            q = qmp_client(m.sock)
            while time.time() < stop:
                time.sleep(0.5)
            q.close()
        except OSError as e:
            err("never-reading client: %r" % e)

    def leaver():
        while time.time() < stop:
            try:
                s = connect(m.sock)
                s.sendall(b"\nread /proc/meminfo\nverify\nread /sys/devi")
                s.close()
                s = connect(m.sock)
                s.sendall(b'{"execute":"qmp_capabilities"}{"execute":"query-commands"}')
                s.close()
                note("leavers")
            except OSError as e:
                err("leaver: %r" % e)
            time.sleep(0.1)

    def fuse_reader():
        while time.time() < stop:
            r = subprocess.run(["ls", "-R", m.mnt + "/sys/devices/system/memory"],
                               capture_output=True, timeout=60)
            if r.returncode:
                err("ls -R: %r" % r.stderr[:200])
            for b in (32, 33):
                try:
                    st = open(m.mnt + "/sys/devices/system/memory/memory%d/state" % b).read()
                    if st.strip() not in ("online", "offline", "going-offline"):
                        err("state %r" % st)
                except OSError as e:
                    err("read state: %r" % e)
            note("fuse reads")

    def fuse_writer(block):
        path = m.mnt + "/sys/devices/system/memory/memory%d/state" % block
        while time.time() < stop:
            w = start_writer(path)
            time.sleep(0.3)
            if w.poll() is None:
                w.send_signal(signal.SIGUSR1)       # blocked: the signal ends it
            try:
                out, _ = w.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                w.kill()
                err("memory%d writer not ended by its signal" % block)
                continue
            note("offline " + out.split()[0] if out else "offline ?")
            try:
                with open(path, "w") as f:
                    f.write("online_movable\n")
            except OSError:
                pass

    def churn():
        k = 0
        while time.time() < stop:
            k += 1
            try:
                a = ask(m.sock, "alloc movable 8M as=c%d" % k, "free c%d" % k, timeout=60)
                note("churn")
            except ConnectionResetError:
                note("refused (64 clients)")
            except (OSError, ConnectionError) as e:
                err("churn: %r" % e)

    try:
        if not m.up:
            fail("stress: the server did not come up")
            return
        rss0 = m.rss_kb()
        threads = ([threading.Thread(target=line_client, args=(k,)) for k in range(6)] +
                   [threading.Thread(target=qmp_checker, args=(k,)) for k in range(4)] +
                   [threading.Thread(target=never_reads) for _ in range(6)] +
                   [threading.Thread(target=leaver), threading.Thread(target=churn)] +
                   [threading.Thread(target=fuse_reader) for _ in range(2)] +
                   [threading.Thread(target=fuse_writer, args=(b,)) for b in (32, 33)])
        for t in threads:
            t.daemon = True
            t.start()
        peak = rss0
        while time.time() < stop:
            time.sleep(0.5)
            if m.p.poll() is not None:
                break
            peak = max(peak, m.rss_kb())
        for t in threads:
            t.join(90)
        alive = m.p.poll() is None
        v = ask_within(m, 30, "verify", "check a") if alive else None
        if errors:
            fail("stress: %d errors, first %s" % (len(errors), errors[:3]))
        if not alive or v != ["ok\n", "ok\n"] or peak - rss0 > 256 * 1024 or \
                any(t.is_alive() for t in threads):
            fail("stress: alive %s, verify %r, RSS %d -> peak %d KiB, stuck threads %d" %
                 (alive, v, rss0, peak, sum(t.is_alive() for t in threads)))
        else:
            ok("stress %.0f s: %s; RSS %d -> peak %d KiB; verify ok" %
               (STRESS_SECS, ", ".join("%s %d" % kv for kv in sorted(counts.items())),
                rss0, peak))
        ask_within(m, 10, "quit")
        try:
            rc = m.p.wait(30)
        except subprocess.TimeoutExpired:
            rc = None
        if rc == 0 and not mounted(m.mnt):
            ok("stress: quit, exit 0, unmounted")
        else:
            fail("stress: quit gave exit %r, mounted %s" % (rc, mounted(m.mnt)))
    finally:
        m.close()


CHECKS = [check_tmpdir_in_mount, check_lsmem_sysroot_mount, check_signals,
          check_control_under_mount, check_blocked_offline, check_run_no_wall_clock,
          check_qmp_never_reading, check_long_requests, check_empty_lines, check_run_dev_zero,
          check_stale_handle, check_qmp_stray, check_pipelined_quit, check_scenario_bytes,
          check_export_paths, check_map_output, check_stress]


def main():
    try:
        for c in CHECKS:
            name = c.__name__[len("check_"):]
            if ONLY and name not in ONLY:
                continue
            print("--- " + name, flush=True)
            try:
                c()
            except Exception as e:      # a check that raised is a failure, the others run
                fail("%s raised %r" % (name, e))
    finally:
        subprocess.run(["rm", "-rf", TMP])
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
