#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""qmp_socket.py HOTMEM: the control socket of `hotmem mount` speaking QMP, as QEMU 7.2 does.

A small QMP client (json + socket: Debian 12 packages no QEMU QMP library, qemu.qmp or
qmp-shell) checks, against the texts real QEMU 7.2 (Debian's qemu-system-x86
1:7.2+dfsg-7+deb12u18+b3) answered to the same requests:
- the greeting, sent to a client that waits for it and to one that sends at once;
- capabilities negotiation: commands before it, a bad capability, enabling oob, a second
  qmp_capabilities;
- QEMU's error classes and descriptions for malformed requests (bad JSON, not an object,
  unknown members, a non-string execute, parameters to a command that takes none, exec-oob);
- "id" echoed, the answer's member order, CRLF line ends, requests pipelined with and
  without newlines;
- the device commands (object-add, device_add, query-memory-devices, qom-get, device_del)
  with the events of the hot-plug and the unplug (ACPI_DEVICE_OST, DEVICE_DELETED) delivered
  with timestamps to every negotiated client and to none that has not negotiated;
- the line protocol beside it: `hotmem ctl`, and a client that was greeted (it sent nothing
  at first) and then sends a step line;
- a request over 64 KiB is refused and its client disconnected, the server stays up;
- quit answers, sends SHUTDOWN and ends the server with exit status 0;
- MEMORY_DEVICE_SIZE_CHANGE is rate-limited as QEMU does it: a virtio-mem resize sends the
  first size change at once and the burst's last one a second later, nothing between.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HOTMEM = os.path.abspath(sys.argv[1])
failures = []


def check(cond, msg):
    if cond:
        print("ok   " + msg, flush=True)
    else:
        failures.append(msg)
        print("FAIL " + msg, flush=True)


class QMP:
    """A QMP client: one JSON object a line, events kept apart from answers."""

    def __init__(self, path, wait_greeting=True):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(30)
        for attempt in range(100):
            try:
                self.s.connect(path)
                break
            except ConnectionRefusedError:	# bound, not yet listening: the server is starting
                if attempt == 99:
                    raise
                time.sleep(0.05)
        self.buf, self.events, self.raw = b"", [], []
        self.greeting = self.read_line() if wait_greeting else None

    def read_line(self):
        while b"\r\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("server closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        self.raw.append(line)
        return line.decode()

    def send(self, data):
        self.s.sendall(data if isinstance(data, bytes) else data.encode())

    def answer(self):
        """The next answer (return or error), as its exact text; events are kept."""
        while True:
            line = self.read_line()
            obj = json.loads(line)
            if "event" in obj:
                self.events.append(obj)
                continue
            return line

    def cmd(self, execute, args=None, qid=None):
        req = {"execute": execute}
        if args is not None:
            req["arguments"] = args
        if qid is not None:
            req["id"] = qid
        self.send(json.dumps(req))
        return self.answer()

    def wait_event(self, name, secs=10):
        end = time.time() + secs
        while time.time() < end:
            for e in self.events:
                if e["event"] == name:
                    self.events.remove(e)
                    return e
            self.s.settimeout(max(0.1, end - time.time()))
            try:
                line = self.read_line()
            except socket.timeout:
                break
            finally:
                self.s.settimeout(30)
            obj = json.loads(line)
            if "event" in obj:
                self.events.append(obj)
        return None

    def close(self):
        self.s.close()


GREETING = re.compile(r'^\{"QMP": \{"version": \{"qemu": \{"micro": 22, "minor": 2, "major": 7\}, '
                      r'"package": "[^"]*"\}, "capabilities": \["oob"\]\}\}$')
NEGOTIATE = "Expecting capabilities negotiation with 'qmp_capabilities'"

# request -> QEMU 7.2's answer, as real QEMU printed them (before / after negotiation)
BEFORE = [
    ('{"execute":"query-status"}',
     '{"error": {"class": "CommandNotFound", "desc": "%s"}}' % NEGOTIATE),
    ('{"execute":"device_add","arguments":{"driver":"pc-dimm"}}',
     '{"error": {"class": "CommandNotFound", "desc": "%s"}}' % NEGOTIATE),
    ('{"execute":"qmp_capabilities","arguments":{"enable":["foo"]}}',
     '{"error": {"class": "GenericError", "desc": "Parameter \'null\' does not accept value \'foo\'"}}'),
    ('{"execute":"qmp_capabilities","id":7}', '{"return": {}, "id": 7}'),
]
AFTER = [
    ('{"execute":"qmp_capabilities"}',
     '{"error": {"class": "CommandNotFound", "desc": "Capabilities negotiation is already complete, command ignored"}}'),
    ('{"execute":"nosuch","id":"x"}',
     '{"id": "x", "error": {"class": "CommandNotFound", "desc": "The command nosuch has not been found"}}'),
    ('{"execute":"query-status","arguments":{"a":1}}',
     '{"error": {"class": "GenericError", "desc": "Parameter \'a\' is unexpected"}}'),
    ('[1,2]', '{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}'),
    ('{"foo":1}', '{"error": {"class": "GenericError", "desc": "QMP input member \'foo\' is unexpected"}}'),
    ('{"execute":1}',
     '{"error": {"class": "GenericError", "desc": "QMP input member \'execute\' must be a string"}}'),
    ('{"exec-oob":"query-status"}',
     '{"error": {"class": "GenericError", "desc": "QMP input member \'exec-oob\' is unexpected"}}'),
    ('{"execute":"query-status", "control":{}}',
     '{"error": {"class": "GenericError", "desc": "QMP input member \'control\' is unexpected"}}'),
    ('garbage\n', '{"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword \'garbage\'"}}'),
    ('{"execute": }\n', '{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}'),
    ('{"execute":"device_del","arguments":{"id":"zz"}}',
     '{"error": {"class": "DeviceNotFound", "desc": "Device \'zz\' not found"}}'),
    ('{"execute":"device_add","arguments":{"driver":"nosuch"}}',
     '{"error": {"class": "GenericError", "desc": "\'nosuch\' is not a valid device model name"}}'),
]


def wait_socket(path, p, secs=30):
    """Until the server accepts connections (the file exists from bind on, before listen)."""
    end = time.time() + secs
    while time.time() < end:
        if p.poll() is not None:
            return False
        try:
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.connect(path)
            probe.close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def ctl(sock, *steps):
    r = subprocess.run([HOTMEM, "ctl", sock, *steps], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout


def main():
    tmp = tempfile.mkdtemp(prefix="hotmem-qmp-")
    mnt, sock = os.path.join(tmp, "mnt"), os.path.join(tmp, "qmp.sock")
    os.makedirs(mnt)
    p = subprocess.Popen([HOTMEM, "mount", mnt, "--control", sock],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if not wait_socket(sock, p):
            print("hotmem mount did not start: " + p.stderr.read().decode())
            sys.exit(1)
        check(os.stat(sock).st_mode & 0o777 == 0o600, "the socket is mode 0600")
        run(sock, mnt)
        rc = p.wait(timeout=30)
        check(rc == 0, "quit over QMP ends the server with exit status 0 (got %s)" % rc)
    finally:
        if p.poll() is None:
            p.terminate()
            p.wait(timeout=30)
        subprocess.run(["fusermount3", "-u", "-q", mnt], stderr=subprocess.DEVNULL)
    rate_limit(tmp)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


VMEM = ("machine -m 1G,maxmem=4G -smp 1 -object memory-backend-ram,id=vmem0,size=1G "
        "-device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=0\n")


def rate_limit(tmp):
    """QEMU sends MEMORY_DEVICE_SIZE_CHANGE at most once a second a device, the last of a burst
    held to the end of the second."""
    scn, mnt, sock = (os.path.join(tmp, n) for n in ("vmem.scn", "mnt2", "vmem.sock"))
    with open(scn, "w") as f:
        f.write(VMEM)
    os.makedirs(mnt)
    p = subprocess.Popen([HOTMEM, "mount", mnt, "--control", sock, scn],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if not wait_socket(sock, p):
            check(False, "hotmem mount with a virtio-mem device: " + p.stderr.read().decode())
            return
        q = QMP(sock)
        q.cmd("qmp_capabilities")
        t0 = time.time()
        got = q.cmd("qom-set", {"path": "/machine/peripheral/vm0", "property": "requested-size",
                                "value": 402653184})
        check(got == '{"return": {}}', "qom-set requested-size: " + got)
        first = q.wait_event("MEMORY_DEVICE_SIZE_CHANGE", 5)
        t1 = time.time()
        last = q.wait_event("MEMORY_DEVICE_SIZE_CHANGE", 5)
        t2 = time.time()
        extra = q.wait_event("MEMORY_DEVICE_SIZE_CHANGE", 1.5)
        check(first is not None and t1 - t0 < 0.5, "the first size change at once: %s" % first)
        check(last is not None and last["data"] == {"qom-path": "/machine/peripheral/vm0",
                                                    "size": 402653184, "id": "vm0"}
              and t2 - t1 > 0.7, "the last of the burst a second later (%.2f s): %s"
              % (t2 - t1, last))
        check(extra is None, "nothing after the burst's last: %s" % extra)
        q.cmd("quit")
        check(p.wait(timeout=30) == 0, "quit")
    finally:
        if p.poll() is None:
            p.terminate()
            p.wait(timeout=30)
        subprocess.run(["fusermount3", "-u", "-q", mnt], stderr=subprocess.DEVNULL)


def run(sock, mnt):
    # a client that waits for the greeting, as QEMU's clients do
    a = QMP(sock)
    check(bool(GREETING.match(a.greeting)), "greeting after silence: " + a.greeting)
    check(a.raw and True, "lines end in CRLF")
    # one that sends at once gets the greeting first, then its answer
    b = QMP(sock, wait_greeting=False)
    b.send('{"execute":"qmp_capabilities"}\n')
    check(bool(GREETING.match(b.read_line())), "greeting before the first answer")
    check(b.answer() == '{"return": {}}', "qmp_capabilities sent at once")
    # a third client never negotiates: it must get no events
    c = QMP(sock)

    for req, want in BEFORE:
        a.send(req)
        got = a.answer()
        check(got == want, "before negotiation: %s -> %s" % (req, got))
    for req, want in AFTER:
        a.send(req)
        got = a.answer()
        check(got == want, "%s -> %s" % (req.strip(), got))
    # pipelined: two requests in one write, without a newline between them
    a.send('{"execute":"query-status","id":1}{"execute":"query-version","id":2}')
    s1, s2 = json.loads(a.answer()), json.loads(a.answer())
    check(s1.get("id") == 1 and s1["return"]["status"] == "running"
          and s2.get("id") == 2 and s2["return"]["qemu"]["major"] == 7,
          "two requests in one write, answered in order")
    cmds = [x["name"] for x in json.loads(a.cmd("query-commands"))["return"]]
    check({"qmp_capabilities", "device_add", "device_del", "object-add", "qom-get", "qom-set",
           "query-memory-devices", "quit"} <= set(cmds), "query-commands: " + " ".join(cmds))

    # oob negotiated (as qemu.qmp does when the greeting offers it): no command here allows it
    f = QMP(sock)
    f.send('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}')
    check(f.answer() == '{"return": {}}', "qmp_capabilities enabling oob")
    f.send('{"exec-oob":"query-status","id":1}')
    got = f.answer()
    check(got == '{"id": 1, "error": {"class": "GenericError", "desc": "The command query-status '
          'does not support OOB"}}', "exec-oob: " + got)
    f.close()

    # the device commands and their events
    check(a.cmd("object-add", {"qom-type": "memory-backend-ram", "id": "m1",
                                "size": 268435456}) == '{"return": {}}', "object-add")
    check(a.cmd("device_add", {"driver": "pc-dimm", "id": "d1", "memdev": "m1"}) == '{"return": {}}',
          "device_add pc-dimm")
    ost = a.wait_event("ACPI_DEVICE_OST")
    check(ost is not None and ost["data"]["info"] == {"device": "d1", "slot": "0",
                                                      "slot-type": "DIMM", "source": 1,
                                                      "status": 0},
          "ACPI_DEVICE_OST of the insertion: %s" % ost)
    check(ost is not None and set(ost["timestamp"]) == {"seconds", "microseconds"},
          "events carry QEMU's timestamp")
    busy = a.cmd("device_add", {"driver": "pc-dimm", "id": "d2", "memdev": "m1"})
    check(busy == '{"error": {"class": "GenericError", "desc": "can\'t use already busy memdev: m1"}}',
          "a busy memdev: " + busy)
    dup = a.cmd("device_add", {"driver": "pc-dimm", "id": "d1", "memdev": "nosuch"})
    check(dup == '{"error": {"class": "GenericError", "desc": "Duplicate device ID \'d1\'"}}',
          "a duplicate id: " + dup)
    devs = json.loads(a.cmd("query-memory-devices"))["return"]
    check(len(devs) == 1 and devs[0]["type"] == "dimm" and devs[0]["data"]["addr"] == 4294967296,
          "query-memory-devices: %s" % devs)
    check(a.cmd("qom-get", {"path": "/machine/peripheral/d1", "property": "addr"}, "g")
          == '{"return": 4294967296, "id": "g"}', "qom-get addr, with id")
    # the line protocol beside QMP: the guest saw the DIMM
    rc, out = ctl(sock, "read /sys/devices/system/memory/memory32/state", "events")
    check(rc == 0 and "offline" in out, "hotmem ctl beside QMP clients: %r" % out)
    with open(os.path.join(mnt, "sys/devices/system/memory/memory32/state")) as f:
        check(f.read() == "offline\n", "the FUSE tree shows the hot-added block")
    with open(os.path.join(mnt, "sys/devices/system/memory/memory32/state"), "w") as f:
        f.write("online_movable")
    with open(os.path.join(mnt, "proc/buddyinfo")) as f:
        bi = f.read()
    check("Node 0, zone  Movable      0      0      0      0      0      0      0      0      0"
          "      0     32 \n" in bi, "the FUSE tree's /proc/buddyinfo: %r" % bi)
    with open(os.path.join(mnt, "sys/devices/system/node/node0/meminfo")) as f:
        check(f.read().startswith("Node 0 MemTotal: "), "the FUSE tree's node0/meminfo")
    check(os.stat(os.path.join(mnt, "proc/pagetypeinfo")).st_mode & 0o777 == 0o400,
          "the FUSE tree's /proc/pagetypeinfo is mode 0400")
    with open(os.path.join(mnt, "sys/devices/system/memory/memory32/state"), "w") as f:
        f.write("offline")

    check(a.cmd("device_del", {"id": "d1"}) == '{"return": {}}', "device_del")
    deleted = a.wait_event("DEVICE_DELETED")
    check(deleted is not None and deleted["data"] == {"device": "d1", "path": "/machine/peripheral/d1"},
          "DEVICE_DELETED after the guest's eject: %s" % deleted)
    check(b.wait_event("DEVICE_DELETED") is not None, "a second negotiated client gets the events")
    c.s.settimeout(1)
    try:
        extra = c.s.recv(65536)
    except socket.timeout:
        extra = b""
    check(extra == b"", "a client that did not negotiate gets no events: %r" % extra)

    # a client greeted because it was silent, then speaking the line protocol
    d = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    d.settimeout(30)
    d.connect(sock)
    time.sleep(0.5)
    d.sendall(b"read /sys/devices/system/memory/block_size_bytes\n")
    got = b""
    while b"@@END\n" not in got:
        got += d.recv(65536)
    lines = got.decode().split("\n")
    check(GREETING.match(lines[0].rstrip("\r")) is not None and lines[1] == "8000000"
          and lines[2] == "@@END", "greeted, then served the line protocol: %r" % got)
    d.close()

    # too long a request: refused, that client closed, the others go on
    e = QMP(sock)
    e.send("{" + '"x": "' + "a" * 70000)
    try:
        ans = e.read_line()
    except (ConnectionError, OSError):
        ans = ""
    try:
        closed = e.s.recv(1) == b""
    except (ConnectionError, OSError):
        closed = True
    check("request longer than 65536 bytes" in ans and closed, "an oversized request: %s" % ans[:80])
    check(json.loads(b.cmd("query-status"))["return"]["running"], "the server is still up")

    # quit: the answer, then SHUTDOWN to every negotiated client
    check(a.cmd("quit") == '{"return": {}}', "quit")
    shut = b.wait_event("SHUTDOWN")
    check(shut is not None and shut["data"] == {"guest": False, "reason": "host-qmp-quit"},
          "SHUTDOWN: %s" % shut)
    for x in (a, b, c):
        x.close()


if __name__ == "__main__":
    main()
