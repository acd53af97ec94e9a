// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_iomem.c - what /proc/iomem shows of the machine and its
 * firmware on pc and q35 (SeaBIOS), and on virt (below): the option ROMs the kernel finds below
 * 1 MiB (probe_roms), the PCI host bridge's windows from QEMU's ACPI _CRS,
 * q35's MMCONFIG, the IOAPIC, HPET and local APIC, and each PCI device's
 * BARs as SeaBIOS assigned them (pci_claim_resource), with the region a
 * bound driver requests inside (virtio_pci: "virtio-pci-modern").
 *
 * SeaBIOS (pciinit.c) sizes the root bus's BARs per type (non-prefetchable
 * and prefetchable memory; a 64-bit prefetchable BAR that fits goes below
 * 4 GiB too), sorts each type's list by alignment then size, largest first
 * (in device and BAR order among equals), and lays each list out from an
 * aligned base: the type with the larger alignment ends just below the
 * IOAPIC (0xfec00000, rounded down), the other ends below it.  The board's
 * VGA keeps its ROM shadowed at 0xc0000: the kernel shows that as "Video
 * ROM" and not the BAR.
 *
 * The ROMs below 1 MiB are what the oracle's guest shows for a -kernel boot:
 * the VGA BIOS (0x9c00 bytes) and two option ROMs SeaBIOS copied after it,
 * each at the next 2 KiB boundary (probe_roms' scan).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine/machine_internal.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define IOAPIC_BASE	0xfec00000ULL
#define PCI_BAR_MAX	48
#define PORT_WINDOW	(2 * MiB)

enum bar_type { BAR_MEM, BAR_PREFMEM };

struct pci_bar {
	int devfn;
	uint64_t size;
	enum bar_type type;
	bool shown;		/* in /proc/iomem (not the shadowed VGA ROM) */
	bool virtio;		/* virtio-pci's modern BAR: the driver's region inside */
	int window;		/* a root port's bridge window: its secondary bus number, else 0 */
	uint64_t addr;
};

struct bar_list {
	struct pci_bar bar[PCI_BAR_MAX];
	unsigned int n;
};

static void bar_add(struct bar_list *l, int devfn, uint64_t size, enum bar_type type, bool shown,
		    bool virtio)
{
	if (l->n < PCI_BAR_MAX)
		l->bar[l->n++] = (struct pci_bar){ devfn, size, type, shown, virtio, 0, 0 };
}

/* The root bus's devices in devfn order, each's BARs in BAR order, the ROM last. */
static void root_bus_bars(const struct hm_machine *m, struct bar_list *l)
{
	const int vga = m->type == MACHINE_PC ? 2 << 3 : 1 << 3;
	const int nic = m->type == MACHINE_PC ? 3 << 3 : 2 << 3;
	unsigned int i;
	int devfn, bus;

	for (devfn = 0; devfn < PCI_SLOT_MAX << 3; devfn += 8) {
		const struct hm_dimm *d;

		if (devfn == vga) {
			/* stdvga: 16 MiB framebuffer, 4 KiB MMIO, 64 KiB ROM */
			bar_add(l, devfn, 16 * MiB, BAR_PREFMEM, true, false);
			bar_add(l, devfn, 4 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, 64 * KiB, BAR_MEM, false, false);
		} else if (devfn == nic && m->type == MACHINE_PC) {
			/* e1000: 128 KiB registers, 256 KiB ROM */
			bar_add(l, devfn, 128 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, 256 * KiB, BAR_MEM, true, false);
		} else if (devfn == nic) {
			/* e1000e: registers, flash, MSI-X (16 KiB), 256 KiB ROM */
			bar_add(l, devfn, 128 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, 128 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, 16 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, 256 * KiB, BAR_MEM, true, false);
		} else if (devfn == 0x1f << 3 && m->type == MACHINE_Q35) {
			/* ICH9 AHCI (1f.2): its 4 KiB ABAR */
			bar_add(l, (0x1f << 3) | 2, 4 * KiB, BAR_MEM, true, false);
		}
		for (d = m->dimms; d; d = d->next)
			if (d->pci_bus == PCI_BUS_ROOT && d->devfn == devfn)
				/* virtio-mem-pci: the modern BAR, 64-bit prefetchable */
				bar_add(l, devfn, 16 * KiB, BAR_PREFMEM, true, true);
		for (i = 0; i < m->nr_ports; i++)
			if (m->ports[i].devfn == devfn)	/* pcie-root-port: its MSI-X BAR */
				bar_add(l, devfn, 4 * KiB, BAR_MEM, true, false);
	}
	/*
	 * The bridge windows SeaBIOS reserves for each hot-pluggable port (2 MiB
	 * each of memory and prefetchable memory: QEMU's resource reserve
	 * capability left at its defaults).  pci_bios_check_devices creates them
	 * after every device's BARs, walking the secondary buses from the
	 * highest number down: among equals, the last port's windows come first.
	 */
	for (bus = (int)m->nr_ports; bus > 0; bus--) {
		for (i = 0; i < m->nr_ports; i++) {
			if (pci_port_bus_nr(m, i) != bus)
				continue;
			bar_add(l, m->ports[i].devfn, PORT_WINDOW, BAR_MEM, true, false);
			l->bar[l->n - 1].window = bus;
			bar_add(l, m->ports[i].devfn, PORT_WINDOW, BAR_PREFMEM, true, false);
			l->bar[l->n - 1].window = bus;
		}
	}
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* pci_region_align / pci_region_sum of one type */
static void region_sums(const struct bar_list *l, enum bar_type t, uint64_t *sum, uint64_t *align)
{
	unsigned int i;

	*sum = 0;
	*align = 1;
	for (i = 0; i < l->n; i++) {
		if (l->bar[i].type != t)
			continue;
		*sum += l->bar[i].size;
		if (l->bar[i].size > *align)
			*align = l->bar[i].size;
	}
}

/* pci_region_map_entries: largest first, equals in list order, from base up. */
static void region_map(struct bar_list *l, enum bar_type t, uint64_t base)
{
	bool done[PCI_BAR_MAX] = { false };
	unsigned int k, i;

	for (k = 0; k < l->n; k++) {
		int best = -1;

		for (i = 0; i < l->n; i++)
			if (l->bar[i].type == t && !done[i] &&
			    (best < 0 || l->bar[i].size > l->bar[best].size))
				best = (int)i;
		if (best < 0)
			return;
		done[best] = true;
		base = align_up(base, l->bar[best].size);
		l->bar[best].addr = base;
		base += l->bar[best].size;
	}
}

/* pci_bios_init_root_regions_mem: the larger-aligned type just below the IOAPIC. */
static void seabios_assign(struct bar_list *l)
{
	uint64_t sum_mem, align_mem, sum_pref, align_pref, end_base;
	enum bar_type end = BAR_PREFMEM, start = BAR_MEM;

	region_sums(l, BAR_MEM, &sum_mem, &align_mem);
	region_sums(l, BAR_PREFMEM, &sum_pref, &align_pref);
	if (align_mem < align_pref) {	/* swap regions to improve alignment */
		end = BAR_MEM;
		start = BAR_PREFMEM;
	}
	end_base = align_down(IOAPIC_BASE - (end == BAR_MEM ? sum_mem : sum_pref),
			      end == BAR_MEM ? align_mem : align_pref);
	region_map(l, end, end_base);
	region_map(l, start, align_down(end_base - (start == BAR_MEM ? sum_mem : sum_pref),
					start == BAR_MEM ? align_mem : align_pref));
}

static int iomem_insert(struct hm_system *sys, uint64_t start, uint64_t end, const char *name,
			unsigned long flags)
{
	return insert_new_resource(&sys->alloc, &sys->iomem_resource, start, end, name, flags,
				   IORES_DESC_NONE);
}

/* A resource requested inside the deepest one holding start (request_resource there). */
static int iomem_request_in(struct hm_system *sys, uint64_t start, uint64_t end,
			    const char *name, unsigned long flags)
{
	struct resource *parent = resource_lookup(&sys->iomem_resource, start);
	struct resource *res;
	int ret;

	if (!parent)
		return -ENOENT;
	res = resource_alloc(&sys->alloc, start, end, name, flags, IORES_DESC_NONE);
	if (!res)
		return -ENOMEM;
	ret = request_resource(parent, res);
	if (ret)
		resource_free(&sys->alloc, res);
	return ret;
}

/* The PCI host bridge's memory windows (QEMU's build_dsdt _CRS of PCI0). */
static int pci_windows(struct hm_machine *m)
{
	struct hm_system *sys = m->sys;
	uint64_t hole64 = m->above_4g_start + m->above_4g, hole64_size;
	int ret;

	ret = iomem_insert(sys, 0xa0000, 0xbffff, "PCI Bus 0000:00", IORESOURCE_MEM);
	if (!ret && m->type == MACHINE_Q35) {
		/* MMCONFIG is cut out of the 32-bit hole */
		ret = iomem_insert(sys, m->below_4g, Q35_MMCONFIG_BASE - 1, "PCI Bus 0000:00",
				   IORESOURCE_MEM);
		if (!ret)
			ret = iomem_insert(sys, Q35_MMCONFIG_BASE + Q35_MMCONFIG_SIZE,
					   IOAPIC_BASE - 1, "PCI Bus 0000:00", IORESOURCE_MEM);
	} else if (!ret) {
		ret = iomem_insert(sys, m->below_4g, IOAPIC_BASE - 1, "PCI Bus 0000:00",
				   IORESOURCE_MEM);
	}
	if (ret)
		return ret;
	/* pc_pci_hole64_start: after device memory, 1 GiB aligned */
	if (m->device_mem_size)
		hole64 = m->device_mem_base + m->device_mem_size;
	hole64 = align_up(hole64 > 1ULL << 32 ? hole64 : 1ULL << 32, GiB);
	hole64_size = m->type == MACHINE_Q35 ? 32 * GiB : 2 * GiB;
	return iomem_insert(sys, hole64, hole64 + hole64_size - 1, "PCI Bus 0000:00",
			    IORESOURCE_MEM);
}

/*
 * The root bus's BARs and bridge windows as placed, in /proc/iomem (with
 * virtio_pci's region in a virtio modern BAR); the prefetchable ones only
 * with pref (virt without its high window: they get no address).
 */
static int insert_bars(struct hm_machine *m, const struct bar_list *l, bool pref)
{
	struct hm_system *sys = m->sys;
	char name[24];
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < l->n; i++) {
		const struct pci_bar *b = &l->bar[i];
		unsigned int k;

		if (!b->shown || (b->type == BAR_PREFMEM && !pref))
			continue;
		if (b->window)
			snprintf(name, sizeof(name), "PCI Bus 0000:%02x", b->window);
		else
			snprintf(name, sizeof(name), "0000:00:%02x.%x", b->devfn >> 3, b->devfn & 7);
		ret = iomem_insert(sys, b->addr, b->addr + b->size - 1, name, IORESOURCE_MEM);
		if (!ret && b->virtio)
			ret = iomem_request_in(sys, b->addr, b->addr + b->size - 1,
					       "virtio-pci-modern", IORESOURCE_MEM | IORESOURCE_BUSY);
		for (k = 0; !ret && b->window && b->type == BAR_PREFMEM && k < m->nr_ports; k++)
			if (m->ports[k].devfn == b->devfn)
				m->ports[k].pref_window = b->addr;
	}
	return ret;
}

/*
 * virt (hw/arm/virt.c, its ACPI tables, EDK2): the PL011 UART (ARMH0011,
 * and the amba driver's region inside), fw_cfg (QEMU0002), the 32
 * virtio-mmio transports (LNRO0005, 512 bytes each), the PCIe host's
 * windows (_CRS: the 32-bit MMIO window and the high one) and its ECAM,
 * and the default NIC's BARs as EDK2 assigns them (virtio-net-pci at
 * 00:01.0: its ROM and MSI-X table from the bottom of the 32-bit window,
 * its modern BAR from the bottom of the high one).  The high regions
 * (virt_set_memmap) come after device memory, from 256 GiB at least, each
 * aligned to its size: the second GIC redistributor region (64 MiB), ECAM
 * (256 MiB), MMIO (512 GiB).  Cold virtio-mem-pci devices and root ports
 * get BARs and windows from EDK2 too (virt_root_bus_bars below).
 */
#define VIRT_UART		0x09000000ULL
#define VIRT_FW_CFG		0x09020000ULL
#define VIRT_MMIO		0x0a000000ULL
#define VIRT_NR_MMIO		32
#define VIRT_PCIE_MMIO		0x10000000ULL
#define VIRT_PCIE_MMIO_SIZE	0x2eff0000ULL

/*
 * EDK2's PCI bus driver places the root bus's resources in each aperture
 * (the 32-bit MMIO window and the high one for 64-bit prefetchable BARs)
 * from its bottom up, largest first, equals in scan order: the default
 * NIC's ROM and MSI-X table, its modern BAR, each cold virtio-mem-pci's
 * modern BAR, and for each pcie-root-port its MSI-X BAR and the 2 MiB
 * windows it reserves for a hot-pluggable slot (QEMU's resource reserve
 * capability at its defaults), memory and prefetchable.
 */
static void virt_root_bus_bars(const struct hm_machine *m, struct bar_list *l)
{
	const struct hm_dimm *d;
	unsigned int i;
	int devfn;

	bar_add(l, 1 << 3, 256 * KiB, BAR_MEM, true, false);	/* virtio-net-pci: ROM */
	bar_add(l, 1 << 3, 4 * KiB, BAR_MEM, true, false);	/* MSI-X */
	bar_add(l, 1 << 3, 16 * KiB, BAR_PREFMEM, true, true);	/* modern */
	for (devfn = 2 << 3; devfn < PCI_SLOT_MAX << 3; devfn += 8) {
		for (d = m->dimms; d; d = d->next)
			if (d->pci_bus == PCI_BUS_ROOT && d->devfn == devfn)
				bar_add(l, devfn, 16 * KiB, BAR_PREFMEM, true, true);
		for (i = 0; i < m->nr_ports; i++) {
			if (m->ports[i].devfn != devfn)
				continue;
			bar_add(l, devfn, 4 * KiB, BAR_MEM, true, false);
			bar_add(l, devfn, PORT_WINDOW, BAR_MEM, true, false);
			l->bar[l->n - 1].window = pci_port_bus_nr(m, i);
			bar_add(l, devfn, PORT_WINDOW, BAR_PREFMEM, true, false);
			l->bar[l->n - 1].window = pci_port_bus_nr(m, i);
		}
	}
}

static int virt_iomem_setup(struct hm_machine *m)
{
	struct hm_system *sys = m->sys;
	uint64_t high = m->device_mem_base + m->device_mem_size, ecam, mmio;
	struct bar_list l = { .n = 0 };
	bool has_high;
	char name[24];
	unsigned int i;
	int ret;

	if (high < 256 * GiB)
		high = 256 * GiB;
	high = align_up(high, 64 * MiB) + 64 * MiB;	/* VIRT_HIGH_GIC_REDIST2 */
	ecam = align_up(high, 256 * MiB);
	mmio = align_up(ecam + 256 * MiB, 512 * GiB);
	has_high = mmio + 512 * GiB <= sys->iomem_resource.end + 1;
	ret = iomem_insert(sys, VIRT_UART, VIRT_UART + 0xfff, "ARMH0011:00", IORESOURCE_MEM);
	if (!ret)
		ret = iomem_request_in(sys, VIRT_UART, VIRT_UART + 0xfff, "ARMH0011:00 ARMH0011:00",
				       IORESOURCE_MEM | IORESOURCE_BUSY);
	if (!ret)
		ret = iomem_insert(sys, VIRT_FW_CFG, VIRT_FW_CFG + 0x17, "QEMU0002:00",
				   IORESOURCE_MEM);
	for (i = 0; !ret && i < VIRT_NR_MMIO; i++) {
		snprintf(name, sizeof(name), "LNRO0005:%02x", i);
		ret = iomem_insert(sys, VIRT_MMIO + i * 0x200, VIRT_MMIO + i * 0x200 + 0x1ff, name,
				   IORESOURCE_MEM);
	}
	if (!ret)
		ret = iomem_insert(sys, VIRT_PCIE_MMIO, VIRT_PCIE_MMIO + VIRT_PCIE_MMIO_SIZE - 1,
				   "PCI Bus 0000:00", IORESOURCE_MEM);
	if (!ret)
		ret = iomem_insert(sys, ecam, ecam + 256 * MiB - 1, "PCI ECAM",
				   IORESOURCE_MEM | IORESOURCE_BUSY);
	if (!ret && has_high)
		ret = iomem_insert(sys, mmio, mmio + 512 * GiB - 1, "PCI Bus 0000:00",
				   IORESOURCE_MEM);
	if (ret)
		return ret;
	virt_root_bus_bars(m, &l);
	region_map(&l, BAR_MEM, VIRT_PCIE_MMIO);
	region_map(&l, BAR_PREFMEM, mmio);
	return insert_bars(m, &l, has_high);
}

/* A fixed range of the pc machines, inserted or requested inside its parent. */
struct iomem_fixed {
	uint64_t start, end;
	const char *name;
	unsigned long flags;
	bool in_parent;		/* request it inside the range that holds it */
};

#define BUSY (IORESOURCE_MEM | IORESOURCE_BUSY)
/*
 * probe_roms: the video BIOS at 0xc0000, option ROMs from the next 2 KiB on;
 * the BIOS at 0xf0000, inside the e820 reservation that adopted it
 */
static const struct iomem_fixed pc_roms[] = {
	{ 0xc0000, 0xc9bff, "Video ROM", BUSY, false },
	{ 0xca000, 0xcadff, "Adapter ROM", BUSY, false },
	{ 0xcb000, 0xcb5ff, "Adapter ROM", BUSY, false },
	{ 0xf0000, 0xfffff, "System ROM", BUSY, true },
};

/* the IOAPIC, the HPET (its PNP device inside) and the local APIC */
static const struct iomem_fixed pc_chipset[] = {
	{ IOAPIC_BASE, IOAPIC_BASE + 0x3ff, "IOAPIC 0", BUSY, false },
	{ 0xfed00000, 0xfed003ff, "HPET 0", IORESOURCE_MEM, false },
	{ 0xfed00000, 0xfed003ff, "PNP0103:00", BUSY, true },
	{ 0xfee00000, 0xfee00fff, "Local APIC", BUSY, false },
};
#undef BUSY

/* The ranges of t in order; stops at the first that fails. */
static int iomem_add_fixed(struct hm_system *sys, const struct iomem_fixed *t, size_t n)
{
	int ret = 0;
	size_t i;

	for (i = 0; !ret && i < n; i++)
		ret = (t[i].in_parent ? iomem_request_in : iomem_insert)(sys, t[i].start, t[i].end,
									 t[i].name, t[i].flags);
	return ret;
}

int machine_iomem_setup(struct hm_machine *m)
{
	struct hm_system *sys = m->sys;
	struct bar_list l = { .n = 0 };
	int ret;

	if (m->type == MACHINE_VIRT)
		return virt_iomem_setup(m);
	ret = iomem_add_fixed(sys, pc_roms, ARRAY_SIZE(pc_roms));
	if (!ret)
		ret = pci_windows(m);
	if (!ret && m->type == MACHINE_Q35) {
		/* the PNP0C02 motherboard resource (pnp/system.c), then MMCONFIG adopting it */
		ret = iomem_request_in(sys, Q35_MMCONFIG_BASE,
				       Q35_MMCONFIG_BASE + Q35_MMCONFIG_SIZE - 1, "pnp 00:05",
				       IORESOURCE_MEM | IORESOURCE_BUSY);
		if (!ret)
			ret = iomem_insert(sys, Q35_MMCONFIG_BASE,
					   Q35_MMCONFIG_BASE + Q35_MMCONFIG_SIZE - 1,
					   "PCI MMCONFIG 0000 [bus 00-ff]",
					   IORESOURCE_MEM | IORESOURCE_BUSY);
	}
	if (!ret)
		ret = iomem_add_fixed(sys, pc_chipset, ARRAY_SIZE(pc_chipset));
	if (ret)
		return ret;
	root_bus_bars(m, &l);
	seabios_assign(&l);
	return insert_bars(m, &l, true);
}

/*
 * A virtio-mem-pci the guest finds behind a root port (cold, or hot-plugged
 * and then enumerated by the guest's hotplug driver): its modern BAR at the
 * start of the port's prefetchable window, and virtio_pci's region in it.
 */
int machine_iomem_port_device(struct hm_machine *m, const struct hm_dimm *d)
{
	const struct hm_pcie_port *port;
	char name[16];
	unsigned int i;
	int ret;

	if (d->pci_bus < 0 || d->hidden || !m->ports[d->pci_bus].pref_window)
		return 0;
	port = &m->ports[d->pci_bus];
	for (i = 0; &m->ports[i] != port; i++)
		;
	snprintf(name, sizeof(name), "0000:%02x:00.0", pci_port_bus_nr(m, i));
	ret = iomem_insert(m->sys, port->pref_window, port->pref_window + 16 * KiB - 1, name,
			   IORESOURCE_MEM);
	if (!ret)
		ret = iomem_request_in(m->sys, port->pref_window, port->pref_window + 16 * KiB - 1,
				       "virtio-pci-modern", IORESOURCE_MEM | IORESOURCE_BUSY);
	return ret;
}
