#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""control_socket.py HOTMEM: the control socket of `hotmem mount`, as an adversary and a
stress tester would use it.

- the socket is mode 0600 under umask 000; a peer of another uid is refused (SO_PEERCRED)
  even when the file mode would let it in;
- --control PATH is refused when PATH is a regular file (left intact) or a live socket,
  and a stale socket is replaced;
- lines pipelined in one write are all answered, in order;
- many clients at once: clients checking that every answer is theirs (answers that
  name the client), idle clients, a client with half a line, clients that disconnect
  before (or while) their answers come, a client that never reads, a hot-plug client,
  and writers and readers on the FUSE tree; the server stays up, `verify` stays clean,
  and `quit` ends it with exit status 0.
"""
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

HOTMEM = os.path.abspath(sys.argv[1])
CLIENTS = int(os.environ.get("CTL_CLIENTS", "24"))
ROUNDS = int(os.environ.get("CTL_ROUNDS", "150"))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg, flush=True)


def ok(msg):
    print("ok   " + msg, flush=True)


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(path)
    return s


def read_answers(s, n):
    """n answers (each up to its @@END line), as lists of lines."""
    buf, out = b"", []
    while len(out) < n:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("server closed after %d answers" % len(out))
        buf += chunk
        while b"@@END\n" in buf and len(out) < n:
            ans, buf = buf.split(b"@@END\n", 1)
            out.append(ans.decode())
    return out


def ask(path, *lines):
    s = connect(path)
    s.sendall("".join(l + "\n" for l in lines).encode())
    ans = read_answers(s, len(lines))
    s.close()
    return ans


def start_mount(tmp, name, control, umask=None):
    mnt = os.path.join(tmp, name)
    os.makedirs(mnt, exist_ok=True)
    old = os.umask(umask) if umask is not None else None
    try:
        p = subprocess.Popen([HOTMEM, "mount", mnt, "--control", control],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finally:
        if old is not None:
            os.umask(old)
    return mnt, p


def finish(p, secs=30):
    """The exit status of p; killed (-9) if it does not end in secs."""
    try:
        return p.wait(secs)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return -9


def wait_socket(path, p, secs=30):
    end = time.time() + secs
    while time.time() < end:
        if p.poll() is not None:
            return False
        try:
            connect(path).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def main():
    tmp = tempfile.mkdtemp(prefix="hotmem-ctl-")
    os.chmod(tmp, 0o755)
    sock = os.path.join(tmp, "ctl.sock")
    mnt, p = start_mount(tmp, "mnt", sock, umask=0)
    try:
        if not wait_socket(sock, p):
            fail("the server did not come up: %s" % p.stderr.read().decode())
            return
        run_checks(tmp, sock, mnt, p)
    finally:
        if p.poll() is None:
            try:
                ask(sock, "quit")
            except OSError:
                pass
            finish(p, 20)
        for d in ("mnt", "mnt2", "mnt3", "mnt4"):
            subprocess.run(["fusermount3", "-u", "-q", os.path.join(tmp, d)],
                           stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", tmp])


def run_checks(tmp, sock, mnt, p):
    # --- access
    mode = stat.S_IMODE(os.stat(sock).st_mode)
    if mode != 0o600:
        fail("socket mode %o under umask 000, expected 600" % mode)
    else:
        ok("socket mode 600 under umask 000")
    if os.getuid() == 0:
        os.chmod(sock, 0o666)   # as the old umask-only socket was: SO_PEERCRED must hold
        out = client_as_other(sock, 65534)
        os.chmod(sock, 0o600)
        if "permission denied" in out and "REFUSED" in out and "ANSWERED" not in out:
            ok("uid 65534 refused: " + out.splitlines()[0])
        else:
            fail("uid 65534 was not refused: %r" % out)
    else:
        print("skip peer uid check (needs root to become another user)")

    # --- PATH handling
    reg = os.path.join(tmp, "regular")
    with open(reg, "w") as f:
        f.write("precious\n")
    m2, p2 = start_mount(tmp, "mnt2", reg)
    rc = finish(p2)
    err = p2.stderr.read().decode()
    if rc != 0 and open(reg).read() == "precious\n" and "not a socket" in err:
        ok("a regular file at PATH refused and kept: " + err.strip())
    else:
        fail("regular file at PATH: exit %d, %r, content %r" % (rc, err, open(reg).read()))
    m3, p3 = start_mount(tmp, "mnt3", sock)
    rc = finish(p3)
    err = p3.stderr.read().decode()
    if rc != 0 and "in use" in err and ask(sock, "verify") == ["ok\n"]:
        ok("a live socket at PATH refused, the server still answers: " + err.strip())
    else:
        fail("live socket at PATH: exit %d, %r" % (rc, err))
    stale = os.path.join(tmp, "stale.sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(stale)
    s.close()
    m4, p4 = start_mount(tmp, "mnt4", stale)
    if wait_socket(stale, p4) and ask(stale, "verify") == ["ok\n"]:
        ok("a stale socket at PATH replaced")
        ask(stale, "quit")
    else:
        fail("stale socket at PATH not replaced: %r" % p4.stderr.read().decode())
    finish(p4)

    # --- pipelining
    lines = ["read /sys/devices/system/memory/block_size_bytes", "read /nope/pipelined",
             "verify", "", "read /sys/devices/system/memory/memory0/state"]
    s = connect(sock)
    s.sendall("".join(l + "\n" for l in lines).encode())
    ans = read_answers(s, 4)
    s.close()
    want = ["8000000\n", "cat: can't open '/nope/pipelined': No such file or directory\n",
            "ok\n", "online\n"]
    if ans == want:
        ok("four pipelined lines (and an empty one) answered in order")
    else:
        fail("pipelined answers: %r" % ans)

    # --- a client killed before reading its answer (timeout 5 hotmem ctl SOCK verify)
    s = connect(sock)
    s.sendall(b"dump x\n" * 50)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
    s.close()   # RST: the server's writes fail with EPIPE/ECONNRESET
    if p.poll() is None and ask(sock, "verify") == ["ok\n"]:
        ok("a client gone before its answers did not kill the server")
    else:
        fail("the server died after a client disconnected (exit %s)" % p.poll())

    # --- many clients at once
    stop = threading.Event()
    errors = []
    counts = {"answers": 0, "fuse": 0, "hotplug": 0}
    lock = threading.Lock()

    def checker(i):
        try:
            s = connect(sock)
            for r in range(ROUNDS):
                tag = "/nope/client%d/round%d" % (i, r)
                batch = ["read " + tag, "read /sys/devices/system/memory/memory%d/phys_index" % (i % 8)]
                s.sendall("".join(l + "\n" for l in batch).encode())
                a = read_answers(s, 2)
                if a[0] != "cat: can't open '%s': No such file or directory\n" % tag:
                    errors.append("client %d got %r" % (i, a[0]))
                if a[1] != "%08x\n" % (i % 8):
                    errors.append("client %d phys_index %r" % (i, a[1]))
                with lock:
                    counts["answers"] += 2
            s.close()
        except Exception as e:
            errors.append("client %d: %r" % (i, e))

    def idle(holder):
        s = connect(sock)
        holder.append(s)

    def half_line(holder):
        s = connect(sock)
        s.sendall(b"read /sys/devices/system/memory/block_")
        holder.append(s)

    def quitter(k):
        for _ in range(5):
            try:
                s = connect(sock)
                s.sendall(b"dump x\nread /sys/devices/system/memory/memory1/state\n" * (k + 1))
                if k % 2:
                    s.recv(100)      # part of an answer, then gone
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
                s.close()
            except OSError as e:
                errors.append("quitter: %r" % e)

    def never_reads(holder):
        s = connect(sock)
        s.setblocking(False)
        try:
            for _ in range(400):
                s.send(b"dump x\n")
        except BlockingIOError:
            pass
        holder.append(s)

    def hotplug():
        try:
            for r in range(8):
                a = ask(sock,
                        'qmp {"execute":"object-add","arguments":{"qom-type":"memory-backend-ram","id":"hp%d","size":268435456}}' % r,
                        'qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"hd%d","memdev":"hp%d"}}' % (r, r),
                        "sleep 1",
                        'qmp {"execute":"device_del","arguments":{"id":"hd%d"}}' % r,
                        "sleep 1",
                        'qmp {"execute":"object-del","arguments":{"id":"hp%d"}}' % r)
                if a[0] != "ok\n" or a[1] != "ok\n":
                    errors.append("hotplug round %d: %r" % (r, a))
                with lock:
                    counts["hotplug"] += 1
        except Exception as e:
            errors.append("hotplug: %r" % e)

    def fuse_writer(k):
        mem = os.path.join(mnt, "sys/devices/system/memory")
        while not stop.is_set():
            for b in (9, 10, 11, 12):
                state = os.path.join(mem, "memory%d" % b, "state")
                for v in ("offline", "online_movable" if k else "online"):
                    try:
                        with open(state, "w") as f:
                            f.write(v)
                    except OSError:
                        pass     # EBUSY, EINVAL: the kernel's answers
                    with lock:
                        counts["fuse"] += 1
            try:
                with open(os.path.join(mem, "memory0/valid_zones")) as f:
                    f.read()
                os.listdir(mem)
            except OSError as e:
                errors.append("fuse read: %r" % e)

    held = []
    threads = [threading.Thread(target=checker, args=(i,)) for i in range(CLIENTS)]
    threads += [threading.Thread(target=quitter, args=(k,)) for k in range(4)]
    threads.append(threading.Thread(target=hotplug))
    writers = [threading.Thread(target=fuse_writer, args=(k,)) for k in range(2)]
    for _ in range(4):
        idle(held)
    half_line(held)
    never_reads(held)
    t0 = time.time()
    for t in threads + writers:
        t.start()
    for t in threads:
        t.join(240)
    stop.set()
    for t in writers:
        t.join(60)
    secs = time.time() - t0
    for e in errors[:10]:
        fail(e)
    if p.poll() is not None:
        fail("the server died (exit %s)" % p.returncode)
        return
    v = ask(sock, "verify")
    if v != ["ok\n"]:
        fail("verify after the storm: %r" % v)
    # the idle clients and the half line are still there; the half line completes
    held[4].sendall(b"size_bytes\n")
    held[4].settimeout(30)
    a = read_answers(held[4], 1)
    if a != ["8000000\n"]:
        fail("half line completed late: %r" % a)
    for s in held:
        s.close()
    if not errors:
        ok("%d checking clients, 4 idle, 1 half line, 1 never reading, 20 dropping out, "
           "hot-plug and 2 FUSE writers: %d answers, all to their clients, %d hot-plug "
           "cycles, %d FUSE writes in %.1f s; verify clean"
           % (CLIENTS, counts["answers"], counts["hotplug"], counts["fuse"], secs))
    a = ask(sock, "quit")
    rc = finish(p)
    if a == [""] and rc == 0:
        ok("quit: the server stopped with exit 0")
    else:
        fail("quit answered %r, exit %d: %s" % (a, rc, p.stderr.read().decode()))


def client_as_other(path, uid):
    """Connects as uid (a forked child) and sends verify: what came back."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.setgid(uid)
            os.setuid(uid)
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(20)
            s.connect(path)
            try:
                s.sendall(b"verify\n")
            except BrokenPipeError:
                pass     # refused before the line went out: read the refusal
            data = b""
            while True:
                try:
                    c = s.recv(4096)
                except ConnectionResetError:
                    break
                if not c:
                    break
                data += c
            data += b"\nANSWERED\n" if b"@@END" in data else b"\nREFUSED\n"
            os.write(w, data)
        except Exception as e:
            os.write(w, repr(e).encode())
        os._exit(0)
    os.close(w)
    out = b""
    while True:
        c = os.read(r, 4096)
        if not c:
            break
        out += c
    os.close(r)
    os.waitpid(pid, 0)
    return out.decode()


if __name__ == "__main__":
    main()
    print("%d failures" % len(failures))
    sys.exit(1 if failures else 0)
