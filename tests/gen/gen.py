#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random memory-hotplug scenarios, deterministic in their seed (issue 21).

    gen.py [--arch pc|q35|virt] SEED      prints one scenario (.scn, ../conformance/FORMAT.md)

The same (arch, SEED) gives the same scenario on every host and Python 3 version: every draw
comes from one random.Random seeded with the string "ARCH:SEED" (seeding from a str hashes it
with SHA-512, fixed across versions). Without --arch the machine type is drawn from the seed.

A scenario is a machine (RAM, slots, maxmem, NUMA nodes with and without CPUs or memory, a CPU
model, cold-plugged virtio-mem and NVDIMMs), a kernel command line, and 5-15 steps drawn from
what a user does: hot-add and remove DIMMs, online and offline blocks (sysfs, chmem), resize
virtio-mem, ndctl/daxctl, reads of sysfs and procfs, lsmem, dumps, dmesg, events and uevents,
and now and then a mistake (a bad value, a missing block, a used id, a node that is not there).

The only thing it avoids is what the real kernel itself does not reproduce from run to run:
offlining memory that may sit in a kernel zone (ZONE_NORMAL/DMA32: the kernel's own unmovable
allocations land there at random), directly, through a DIMM's eject or through a virtio-mem
shrink. Memory is offlined only where the generator knows it is movable (onlined
online_movable, by memhp_default_state=online_movable, or by daxctl) or offline. After an
asynchronous action it sleeps as FORMAT.md says (ACPI hot-plug and eject, virtio-mem resizes).
The recording keeps a scenario only if two oracle runs agree (record.py), which catches the rest.
"""
import argparse, json, random, sys

# Bumped whenever a change alters what a (arch, seed) draws: the corpus's scenarios name the
# version that drew them, and check.sh regenerates those of the current one.
VERSION = 11
M, G = 1 << 20, 1 << 30
BLOCK = 128 * M  # memory block size on both machines at these RAM sizes (x86 below 64 GiB of RAM, arm64 sections)


def size_str(n):
    for unit, s in (("G", G), ("M", M), ("K", 1 << 10)):
        if n % s == 0:
            return f"{n // s}{unit}"
    return str(n)


def qmp(execute, **arguments):
    return "qmp " + json.dumps({"execute": execute, "arguments": arguments}, separators=(",", ":"))


class Gen:
    def __init__(self, arch, seed):
        self.arch, self.seed = arch, seed
        self.r = random.Random(f"{arch}:{seed}")
        self.steps = []
        self.blocks = {}        # hot-added block number -> offline | movable | kernel | unknown
        self.dimms = {}         # id -> (base, size, memdev)
        self.free_backends = []  # object-added backends not plugged: (id, size)
        self.used_ids = set()
        self.vmem = {}          # id -> dict(base, size, bs, req, node, shrinkable)
        self.nvdimms = []
        self.ns = None          # namespace0.0 mode: None, raw, fsdax, devdax, kmem
        self.kmem_online = None  # None, movable, kernel, offline
        self.n_obj = 0
        self.root_busy = set()  # root ports with a device (a root port has one slot)

    # ---- machine -------------------------------------------------------------
    def pick(self, choices):
        """choices: list of (weight, value); a weight may be a function, called now"""
        choices = [(w() if callable(w) else w, v) for w, v in choices]
        tot = sum(w for w, _ in choices)
        x = self.r.uniform(0, tot)
        for w, v in choices:
            x -= w
            if x <= 0:
                return v
        return choices[-1][1]

    def machine(self):
        r = self.r
        x86 = self.arch in ("pc", "q35")
        self.ram = self.pick([(2, 512 * M), (1, 768 * M), (6, 1 * G), (2, 1536 * M), (3, 2 * G), (1, 3 * G), (1, 4 * G)])
        self.smp = self.pick([(6, 1), (4, 2), (1, 3), (1, 4)])
        opts = []
        mopt = []
        self.nvdimm_on = x86 and r.random() < 0.22
        if self.arch == "virt":
            opts += ["-M", "virt"]
        elif self.arch == "q35":
            opts += ["-M", "q35"]
            if self.nvdimm_on:
                opts += ["-machine", "nvdimm=on"]
        elif self.nvdimm_on:
            opts += ["-machine", "pc,nvdimm=on"]
        # NUMA
        self.nodes = [0]
        numa = []
        if r.random() < 0.45:
            n = self.pick([(5, 2), (2, 3), (1, 4)])
            self.nodes = list(range(n))
            has_mem = [r.random() < 0.75 for _ in range(n)]
            if not any(has_mem):
                has_mem[r.randrange(n)] = True
            has_cpu = [r.random() < 0.7 for _ in range(n)]
            if not any(has_cpu):
                has_cpu[r.randrange(n)] = True
            cpu_nodes = [i for i in range(n) if has_cpu[i]]
            cpus = {i: [] for i in range(n)}
            for c in range(self.smp):
                cpus[r.choice(cpu_nodes)].append(c)
            # RAM split into 128 MiB multiples over the nodes with memory
            mem_nodes = [i for i in range(n) if has_mem[i]]
            units = self.ram // BLOCK
            if units < len(mem_nodes):
                mem_nodes = mem_nodes[:units]
            split = {i: 1 for i in mem_nodes}
            for _ in range(units - len(mem_nodes)):
                split[r.choice(mem_nodes)] += 1
            for i in range(n):
                o = f"node,nodeid={i}"
                for c in cpus[i]:
                    o += f",cpus={c}"
                if i in split:
                    numa += ["-object", f"memory-backend-ram,id=m{i},size={size_str(split[i] * BLOCK)}"]
                    o += f",memdev=m{i}"
                numa += ["-numa", o]
            self.mem_nodes = sorted(split)
        else:
            self.mem_nodes = [0]
        # devices
        dev = []
        self.slots = self.pick([(1, 0), (3, 2), (4, 4), (2, 8)])
        extra = self.pick([(3, 2 * G), (4, 4 * G), (3, 8 * G), (1, 16 * G)])
        devmem = extra + (G * self.slots)  # QEMU adds 1 GiB a slot for alignment (pc, virt)
        if r.random() < (0.3 if x86 else 0.35):
            vsize = self.pick([(3, 512 * M), (3, 1 * G), (1, 2 * G)])
            if vsize > extra:
                extra = vsize + 1 * G
            bs = self.pick([(8, None), (1, 4 * M), (1, 128 * M)])
            unit = bs or 2 * M
            req = self.pick([(4, 0), (2, 128 * M), (1, 256 * M), (1, 100 * M)])
            req -= req % unit
            node = r.choice(self.nodes)
            o = f"virtio-mem-pci,id=vm0,memdev=vmem0,node={node}"
            if bs:
                o += f",block-size={size_str(bs)}"
            o += f",requested-size={size_str(req) if req else 0}"
            dev += ["-object", f"memory-backend-ram,id=vmem0,size={size_str(vsize)}", "-device", o]
            self.vmem["vm0"] = dict(size=vsize, bs=unit, req=req, node=node, hot=False)
            self.used_ids |= {"vm0", "vmem0"}
        if self.nvdimm_on:
            k = self.pick([(3, 1), (1, 2)])
            if self.slots < k:
                self.slots = k + self.pick([(1, 0), (1, 2)])
            for i in range(k):
                nsz = self.pick([(2, 256 * M), (3, 512 * M), (2, 1 * G)]) + 128 * 1024
                node = r.choice(self.nodes)
                o = f"nvdimm,id=nv{i},memdev=nvm{i},label-size=128K"
                if len(self.nodes) > 1 and r.random() < 0.6:
                    o += f",node={node}"
                dev += ["-object", f"memory-backend-ram,id=nvm{i},size={nsz}", "-device", o]
                self.nvdimms.append(nsz)
                self.used_ids |= {f"nv{i}", f"nvm{i}"}
        # cold-plugged devices must fit in maxmem - RAM, or QEMU refuses the machine
        cold = sum(self.nvdimms) + sum(v["size"] for v in self.vmem.values())
        if cold > extra - 512 * M:
            extra = (cold + 512 * M + G - 1) // G * G
        self.maxmem = self.ram + extra
        m = f"-m {size_str(self.ram)}"
        if self.slots:
            m += f",slots={self.slots}"
        m += f",maxmem={size_str(self.maxmem)}"
        opts += m.split() + ["-smp", str(self.smp)]
        if x86:
            cpu = self.pick([(6, None), (2, "qemu64"), (2, "max"), (1, "max,phys-bits=40"), (1, "max,phys-bits=46")])
        else:
            cpu = self.pick([(6, None), (2, "cortex-a57"), (1, "cortex-a53"), (1, "cortex-a72")])
        if cpu:
            opts += ["-cpu", cpu]
        # PCIe root ports (q35, virt): pcie.0 takes no hot-plugged device, a root port does
        self.root_ports = []
        if self.arch in ("q35", "virt") and r.random() < 0.4:
            for i in range(self.pick([(3, 1), (1, 2)])):
                self.root_ports.append(f"rp{i}")
                dev += ["-device", f"pcie-root-port,id=rp{i},chassis={i + 1}"]
                self.used_ids.add(f"rp{i}")
        opts += numa + dev
        self.steps.append("machine " + " ".join(opts))
        # device memory, where QEMU places DIMMs (first fit from its base)
        if self.arch == "virt":
            self.devbase = (1 * G + self.ram + G - 1) // G * G
        else:
            low_lim = 0xe0000000 if self.arch == "pc" else 0xb0000000
            low = self.ram if self.ram < low_lim else (3 * G if self.arch == "pc" else 2 * G)
            above = self.ram - low
            self.devbase = (4 * G + above + G - 1) // G * G if above else 4 * G
        self.regions = []  # (base, size) used in device memory

    def cold_devices(self):
        for name, v in self.vmem.items():
            v["base"] = self.place(v["size"], max(v["bs"], 2 * M))
            self.mark_vmem_blocks(v)
        for nsz in self.nvdimms:
            self.place(nsz, 2 * M)

    def place(self, size, align):
        a = self.devbase
        for b, s in sorted(self.regions):
            if a + size <= b:
                break
            a = max(a, (b + s + align - 1) // align * align)
        self.regions.append((a, size))
        return a

    def unplace(self, base):
        self.regions = [(b, s) for b, s in self.regions if b != base]

    # ---- kernel command line -------------------------------------------------
    def cmdline(self):
        r = self.r
        args = []
        self.default_state = "offline"  # Debian's 6.1 (CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE unset)
        st = self.pick([(4, None), (2, "online"), (2, "online_movable"), (1, "online_kernel"), (1, "offline")])
        if st:
            args.append(f"memhp_default_state={st}")
            self.default_state = st
        self.auto_movable = False
        if r.random() < 0.15:
            args.append("memory_hotplug.online_policy=auto-movable")
            self.auto_movable = True
            if r.random() < 0.7:
                args.append(f"memory_hotplug.auto_movable_ratio={r.choice([0, 100, 301, 1000])}")
            if r.random() < 0.3:
                args.append("memory_hotplug.auto_movable_numa_aware=0")
        if r.random() < 0.2:
            args.append("memory_hotplug.memmap_on_memory=1")
        self.movable_node = r.random() < 0.1
        if self.movable_node:
            args.append("movable_node")
        # KASLR places the kernel image at random: the direct map's splits around it (DirectMap4k
        # and 2M of /proc/meminfo) and the kernel's lines of /proc/iomem differ from boot to boot
        # (pc-0006's two runs), so those files are read only with nokaslr
        self.nokaslr = r.random() < 0.5
        if self.nokaslr:
            args.append("nokaslr")
        if args:
            self.steps.append("cmdline " + " ".join(args))

    def auto_zone(self):
        """Where the kernel's auto-online puts a newly added block, as far as the generator knows."""
        s = self.default_state
        if s == "offline":
            return "offline"
        if s == "online_movable":
            return "movable"
        if s == "online_kernel":
            return "kernel"
        return "unknown"  # online: the kernel's default zone (or auto-movable's pick)

    def mark_vmem_blocks(self, v):
        # the blocks virtio-mem has plugged memory in are added and auto-onlined as the policy says
        first = v["base"] // BLOCK
        n = (v["req"] + BLOCK - 1) // BLOCK
        z = self.auto_zone()
        if z in ("kernel", "unknown") and v["req"]:
            v["kernel"] = True
        v.setdefault("kernel", False)

    # ---- steps -----------------------------------------------------------------
    def add(self, s):
        self.steps.append(s)

    def new_id(self, prefix):
        self.n_obj += 1
        while f"{prefix}{self.n_obj}" in self.used_ids:
            self.n_obj += 1
        i = f"{prefix}{self.n_obj}"
        self.used_ids.add(i)
        return i

    def hot_dimm(self):
        r = self.r
        size = self.pick([(3, 128 * M), (4, 256 * M), (3, 512 * M), (2, 1 * G), (1, 64 * M), (1, 384 * M)])
        if self.free_backends and r.random() < 0.4:
            mem, size = self.free_backends.pop(r.randrange(len(self.free_backends)))
        else:
            mem = self.new_id("mem")
            self.add(qmp("object-add", **{"qom-type": "memory-backend-ram", "id": mem, "size": size}))
        did = self.new_id("dimm")
        args = {"driver": "pc-dimm", "id": did, "memdev": mem}
        node = None
        if len(self.nodes) > 1 or r.random() < 0.5:
            node = r.choice(self.nodes) if r.random() < 0.93 else len(self.nodes)
            args["node"] = node
        self.add(qmp("device_add", **args))
        self.add("sleep 2")
        ok = self.slots > len(self.dimms) + len(self.nvdimms) and (node is None or node < len(self.nodes)) \
            and sum(s for _, s in self.regions) + size <= self.maxmem - self.ram
        if ok:
            base = self.place(size, 2 * M)
            self.dimms[did] = (base, size, mem)
            if base % BLOCK == 0 and size % BLOCK == 0:
                for b in range(base // BLOCK, (base + size) // BLOCK):
                    self.blocks[b] = self.auto_zone()
        else:
            self.free_backends.append((mem, size))

    def dimm_weight(self):
        # a user with a free slot and room adds DIMMs; one without tries now and then
        free = self.slots - len(self.dimms) - len(self.nvdimms)
        room = self.maxmem - self.ram - sum(s for _, s in self.regions)
        return 6 if free > 0 and room >= 128 * M else 0.3

    def dimm_blocks(self, did):
        base, size, _ = self.dimms[did]
        return [b for b in range(base // BLOCK, (base + size) // BLOCK) if b in self.blocks]

    def remove_dimm(self):
        r = self.r
        ok = [d for d in self.dimms if all(self.blocks[b] in ("offline", "movable") for b in self.dimm_blocks(d))]
        if not ok:
            return False
        did = r.choice(ok)
        self.add(qmp("device_del", id=did))
        self.add("sleep 3")
        base, size, mem = self.dimms.pop(did)
        for b in range(base // BLOCK, (base + size) // BLOCK):
            self.blocks.pop(b, None)
        self.unplace(base)
        if r.random() < 0.5:
            self.add(qmp("object-del", id=mem))
        else:
            self.free_backends.append((mem, size))
        return True

    def bpath(self, b, attr):
        return f"/sys/devices/system/memory/memory{b}/{attr}"

    def online(self):
        r = self.r
        off = sorted(b for b, s in self.blocks.items() if s == "offline")
        if not off:
            return False
        b = r.choice(off)
        how = self.pick([(4, "online_movable"), (2, "online_kernel"), (2, "online"), (1, "online1"), (1, "chmem"),
                         (1, "chmem-movable")])
        if how == "online1":
            self.add(f"write {self.bpath(b, 'online')} 1")
            self.blocks[b] = "unknown"  # online 1: the default zone (memory_subsys_online)
        elif how == "chmem":
            self.add(f"chmem -e -b {b}")
            self.blocks[b] = "unknown"
        elif how == "chmem-movable":
            n = 1
            while b + n in self.blocks and self.blocks[b + n] == "offline" and n < 3 and r.random() < 0.6:
                n += 1
            self.add(f"chmem -e -z Movable -b {b}-{b + n - 1}" if n > 1 else f"chmem -e -z Movable -b {b}")
            for k in range(b, b + n):
                self.blocks[k] = "movable"
        else:
            self.add(f"write {self.bpath(b, 'state')} {how}")
            self.blocks[b] = {"online_movable": "movable", "online_kernel": "kernel"}.get(how, "unknown")
        return True

    def offline(self):
        r = self.r
        mov = sorted(b for b, s in self.blocks.items() if s == "movable")
        if not mov:
            return False
        b = r.choice(mov)
        how = self.pick([(4, "state"), (1, "online0"), (1, "chmem")])
        if how == "state":
            self.add(f"write {self.bpath(b, 'state')} offline")
        elif how == "online0":
            self.add(f"write {self.bpath(b, 'online')} 0")
        else:
            self.add(f"chmem -d -b {b}")
        self.blocks[b] = "offline"
        return True

    def resize_vmem(self):
        r = self.r
        if not self.vmem:
            return False
        vid = r.choice(sorted(self.vmem))
        v = self.vmem[vid]
        unit = v["bs"]
        choices = [s for s in (64 * M, 128 * M, 200 * M, 256 * M, 384 * M, 512 * M, 1 * G) if s <= v["size"]]
        new = r.choice(choices)
        new -= new % unit
        if r.random() < 0.1:
            new = v["size"] + unit  # more than the memdev holds: QEMU refuses
        if new < v["req"] and v["kernel"]:
            new = min(v["size"], v["req"] + unit * r.randint(1, 64))  # grow instead
            new -= new % unit
        path = f"/machine/peripheral/{vid}"
        self.add(qmp("qom-set", path=path, property="requested-size", value=new))
        self.add("sleep 4")
        if new <= v["size"]:
            if new > v["req"] and self.auto_zone() in ("kernel", "unknown"):
                v["kernel"] = True
            v["req"] = new
        if r.random() < 0.6:
            self.add(qmp("qom-get", path=path, property="size"))
        return True

    def hot_vmem(self):
        # virtio-mem-pci hot-plugged: on pc a PCI slot takes it; on virt/q35 pcie.0 does not
        r = self.r
        mem, vid = self.new_id("vmem"), self.new_id("vm")
        size = self.pick([(2, 512 * M), (1, 1 * G)])
        self.add(qmp("object-add", **{"qom-type": "memory-backend-ram", "id": mem, "size": size}))
        req = self.pick([(1, 0), (2, 128 * M), (1, 256 * M)])
        args = {"driver": "virtio-mem-pci", "id": vid, "memdev": mem, "requested-size": req}
        if len(self.nodes) > 1:
            args["node"] = r.choice(self.nodes)
        bus_ok = self.arch == "pc"
        if self.root_ports and r.random() < 0.85:
            args["bus"] = r.choice(self.root_ports)
            bus_ok = args["bus"] not in self.root_busy
            self.root_busy.add(args["bus"])
        self.add(qmp("device_add", **args))
        self.add("sleep 4")
        if bus_ok and sum(s for _, s in self.regions) + size <= self.maxmem - self.ram:
            v = dict(size=size, bs=2 * M, req=req, node=args.get("node", 0), hot=True)
            v["base"] = self.place(size, 2 * M)
            self.mark_vmem_blocks(v)
            self.vmem[vid] = v
        return True

    def nd(self):
        r = self.r
        if not self.nvdimms:
            return False
        ns = self.ns
        acts = [(1, "list")]
        if ns in (None, "raw", "fsdax", "devdax"):
            acts += [(4, "create")]
        if ns == "devdax":
            acts += [(4, "kmem"), (1, "kmem-no-online")]
        if ns == "kmem":
            if self.kmem_online in ("movable", "offline"):
                acts += [(3, "back")]
            if self.kmem_online == "movable":
                acts += [(2, "offline-memory")]
            if self.kmem_online == "offline":
                acts += [(2, "online-memory")]
        if ns in ("raw", "fsdax", "devdax"):
            acts += [(1, "destroy"), (1, "disable")]
        if ns == "disabled":
            acts += [(2, "enable")]
        a = self.pick(acts)
        if a == "list":
            self.add(self.pick([(1, "ndctl list -R"), (1, "ndctl list -N"), (1, "ndctl list -D"), (1, "daxctl list")]))
        elif a == "create":
            mode = self.pick([(3, "devdax"), (2, "fsdax"), (1, "raw")])
            extra = ""
            if mode == "fsdax" and r.random() < 0.4:
                extra = " --map=" + r.choice(["mem", "dev"])
            if ns is None and r.random() < 0.3:
                self.add(f"ndctl create-namespace -r region0 -m {mode} -s {self.pick([(1, '128M'), (1, '256M')])}{extra}")
            else:
                self.add(f"ndctl create-namespace -f -e namespace0.0 -m {mode}{extra}")
            self.ns = mode
        elif a in ("kmem", "kmem-no-online"):
            if a == "kmem":
                self.add("daxctl reconfigure-device --mode=system-ram dax0.0")
                z = self.auto_zone()
                self.kmem_online = "movable" if z in ("offline", "movable") else "kernel"
            else:
                self.add("daxctl reconfigure-device --mode=system-ram --no-online dax0.0")
                z = self.auto_zone()
                self.kmem_online = "offline" if z == "offline" else ("movable" if z == "movable" else "kernel")
            self.ns = "kmem"
        elif a == "back":
            self.add(self.pick([(2, "daxctl reconfigure-device --mode=devdax --force dax0.0"),
                                (1, "daxctl reconfigure-device --mode=devdax dax0.0")]))
            if self.kmem_online == "offline" or "--force" in self.steps[-1]:
                self.ns, self.kmem_online = "devdax", None
        elif a == "offline-memory":
            self.add("daxctl offline-memory dax0.0")
            self.kmem_online = "offline"
        elif a == "online-memory":
            self.add("daxctl online-memory dax0.0")
            self.kmem_online = "movable"
        elif a == "destroy":
            self.add("ndctl destroy-namespace -f all")
            self.ns = None
        elif a == "disable":
            self.add("ndctl disable-namespace namespace0.0")
            self.ns = "disabled"
            self.ns_before = ns
        elif a == "enable":
            self.add("ndctl enable-namespace namespace0.0")
            self.ns = self.ns_before
        return True

    def read(self):
        r = self.r
        blocks = sorted(self.blocks) or [self.devbase // BLOCK]
        boot_last = (self.ram // BLOCK - 1) if self.arch != "virt" else (1 * G + self.ram) // BLOCK - 1
        b = r.choice(blocks + [0, boot_last])
        node = r.choice(self.nodes + [len(self.nodes)])
        p = self.pick([
            (3, self.bpath(b, "valid_zones")), (2, self.bpath(b, "state")), (1, self.bpath(b, "online")),
            (1, self.bpath(b, "phys_device")), (1, self.bpath(b, "removable")), (1, self.bpath(b, "phys_index")),
            (1, "/sys/devices/system/memory/block_size_bytes"), (1, "/sys/devices/system/memory/auto_online_blocks"),
            (1, "/sys/devices/system/node/online"), (1, "/sys/devices/system/node/possible"),
            (1, "/sys/devices/system/node/has_memory"), (1, "/sys/devices/system/node/has_normal_memory"),
            (1, "/sys/devices/system/node/has_cpu"), (1, f"/sys/devices/system/node/node{node}/meminfo"),
            (1, "/proc/buddyinfo"), (self.nokaslr, "/proc/meminfo"), (self.nokaslr, "/proc/iomem"), (1, "/proc/zoneinfo"),
            (1, "/sys/module/memory_hotplug/parameters/online_policy"),
            (1, "/sys/module/memory_hotplug/parameters/memmap_on_memory"),
        ])
        self.add(f"read {p}")
        return True

    def tree(self):
        r = self.r
        blocks = sorted(self.blocks) or [self.devbase // BLOCK]
        b = r.choice(blocks + [0])
        node = r.choice(self.nodes)
        paths = [(3, f"/sys/devices/system/memory/memory{b}"), (1, f"/sys/devices/system/node/node{node}"),
                 (1, "/sys/bus/memory/devices")]
        if self.nvdimms:
            paths += [(2, "/sys/bus/nd/devices"), (1, "/sys/bus/dax/devices")]
        self.add("tree " + self.pick(paths))
        return True

    def mistake(self):
        r = self.r
        k = self.pick([(2, "badval"), (1, "noblock"), (1, "dupid"), (1, "deldup"), (1, "badsize"), (1, "auto")])
        if k == "badval":
            b = r.choice(sorted(self.blocks) or [1])
            self.add(f"write {self.bpath(b, 'state')} {r.choice(['online_foo', 'on', '2', 'going-offline'])}")
        elif k == "noblock":
            self.add(f"write {self.bpath(r.randrange(300, 2000), 'state')} online")
        elif k == "dupid":
            i = r.choice(sorted(self.used_ids | {"mem1"}))
            self.add(qmp("object-add", **{"qom-type": "memory-backend-ram", "id": i, "size": 128 * M}))
        elif k == "deldup":
            self.add(qmp("device_del", id=r.choice(["dimm9", "nosuch"] + sorted(self.dimms))))
            if self.steps[-1].endswith('"dimm9"}}') or "nosuch" in self.steps[-1]:
                pass
            else:  # a real eject: only if every block may go
                did = json.loads(self.steps[-1][4:])["arguments"]["id"]
                if all(self.blocks[b] in ("offline", "movable") for b in self.dimm_blocks(did)):
                    self.steps.pop()
                    self.dimms_remove_forced(did)
                else:
                    self.steps.pop()
                    self.add(qmp("device_del", id="nosuch"))
        elif k == "badsize":
            self.add(qmp("object-add", **{"qom-type": "memory-backend-ram", "id": self.new_id("bad"), "size": 0}))
        elif k == "auto":
            st = self.pick([(2, "online_movable"), (1, "offline"), (1, "online"), (1, "online_kernel"), (1, "bogus")])
            self.add(f"write /sys/devices/system/memory/auto_online_blocks {st}")
            if st != "bogus":
                self.default_state = st
        return True

    def dimms_remove_forced(self, did):
        self.add(qmp("device_del", id=did))
        self.add("sleep 3")
        base, size, mem = self.dimms.pop(did)
        for b in range(base // BLOCK, (base + size) // BLOCK):
            self.blocks.pop(b, None)
        self.unplace(base)
        self.free_backends.append((mem, size))

    def observe(self):
        # (the arm64 oracle records no dmesg, events or uevents steps yet)
        logs = 0 if self.arch == "virt" else 1
        k = self.pick([(3, "dump"), (2, "lsmem"), (2 * logs, "dmesg"), (logs, "events"), (logs, "uevents")])
        if k == "dump":
            self.add(f"dump s{len(self.steps)}")
        elif k == "lsmem":
            self.add("lsmem" + self.pick([(2, ""), (2, " -a"), (2, " -o RANGE,SIZE,STATE,BLOCK,NODE,ZONES"),
                                           (1, " -a -o BLOCK,STATE,ZONES,NODE"), (1, " --summary=only")]))
        else:
            self.add(k)
        return True

    def generate(self):
        r = self.r
        self.machine()
        self.cmdline()
        self.cold_devices()
        n = r.randint(4, 9)
        if r.random() < 0.3:
            self.add("dump boot")
        acts = [(self.dimm_weight, self.hot_dimm), (5, self.online), (3, self.offline), (2, self.remove_dimm),
                (4 if self.vmem else 0, self.resize_vmem), (5 if self.nvdimms else 0, self.nd),
                (3, self.read), (1, self.tree), (3, self.observe), (1, self.mistake),
                (0.8 if self.root_ports else 0.4 if self.arch == "pc" else 0.2, self.hot_vmem)]
        done = 0
        tries = 0
        while done < n and tries < 200:
            tries += 1
            if self.pick(acts)():
                done += 1
        if r.random() < 0.7:
            self.add("dump end")
        if r.random() < 0.3 and self.arch != "virt":
            self.add(self.pick([(1, "dmesg"), (1, "events")]))
        return self.steps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", choices=["pc", "q35", "virt"])
    ap.add_argument("seed", type=int)
    a = ap.parse_args()
    arch = a.arch or random.Random(f"arch:{a.seed}").choice(["pc", "pc", "q35", "virt"])
    g = Gen(arch, a.seed)
    steps = g.generate()
    print(f"# random scenario v{VERSION}: tests/gen/gen.py --arch {arch} {a.seed}")
    print("\n".join(steps))


if __name__ == "__main__":
    main()
