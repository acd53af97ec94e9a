// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c - the PCI buses of QEMU 7.2's boards, as far as memory devices meet
 * them: which bus device_add puts a virtio-mem-pci on, whether that bus
 * takes hot-plugged devices, the slot (devfn) it gets, and the
 * pcie-root-ports given with -device.
 *
 * pc: the i440FX root bus "pci.0" (type PCI) takes hot-plugged devices
 * (ACPI PCI hotplug of the PIIX4 PM).  q35 and virt: the root complex's bus
 * "pcie.0" (type PCIE) takes none (qbus_is_hotpluggable: the host bridge is
 * no hotplug handler), so device_add of a virtio-mem-pci needs a
 * pcie-root-port, whose secondary bus has the port's id as its name
 * (pci_bridge_initfn) or, without an id, "pcie.N" (qbus_init's automatic
 * ids).
 *
 * Slots (do_pci_register_device): a device without addr= gets function 0
 * of the first free slot of its bus.  The board's own devices come first
 * (pc_q35_init, pc_init1, machvirt_init), then the -device options in
 * order.  The guest scans only slot 0 behind a PCIe port (the kernel's
 * pci_scan_slot for a bus with only_one_child): a device QEMU put at
 * another slot there is never seen by the guest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/kobject_uevent.h"
#include "hotmem/resource.h"
#include "hotmem/system.h"
#include "machine/machine_internal.h"

/*
 * The board's devices on its root bus, by slot:
 * pc: 00.0 i440FX, 01.x PIIX3 (ISA, IDE, PM), 02.0 VGA, 03.0 e1000;
 * q35: 00.0 MCH, 01.0 VGA, 02.0 e1000e, 1f.x ICH9 (LPC, AHCI, SMBus);
 * virt: 00.0 GPEX host, 01.0 virtio-net-pci (the default NIC).
 */
void pci_init_board(struct hm_machine *m)
{
	switch (m->type) {
	case MACHINE_PC:
		m->root_slots_used = 0xf;
		break;
	case MACHINE_Q35:
		m->root_slots_used = 0x7 | 1U << 0x1f;
		break;
	case MACHINE_VIRT:
		m->root_slots_used = 0x3;
		break;
	}
}

const char *pci_root_bus_name(const struct hm_machine *m)
{
	return m->type == MACHINE_PC ? "pci.0" : "pcie.0";
}

const char *pci_bus_name(const struct hm_machine *m, int bus)
{
	return bus == PCI_BUS_ROOT ? pci_root_bus_name(m) : m->ports[bus].bus_name;
}

/* qbus_find of a bus name: the root bus is met first, then the ports in order. */
int pci_bus_find(const struct hm_machine *m, const char *name, int *bus)
{
	unsigned int i;

	if (!strcmp(name, pci_root_bus_name(m))) {
		*bus = PCI_BUS_ROOT;
		return 0;
	}
	for (i = 0; i < m->nr_ports; i++) {
		if (!strcmp(name, m->ports[i].bus_name)) {
			*bus = (int)i;
			return 0;
		}
	}
	return -ENOENT;
}

bool pci_bus_hotpluggable(const struct hm_machine *m, int bus)
{
	return bus != PCI_BUS_ROOT || m->type == MACHINE_PC;
}

const char *pci_bus_type(const struct hm_machine *m, int bus)
{
	return bus == PCI_BUS_ROOT && m->type == MACHINE_PC ? "PCI" : "PCIE";
}

uint32_t *pci_bus_slots(struct hm_machine *m, int bus)
{
	return bus == PCI_BUS_ROOT ? &m->root_slots_used : &m->ports[bus].used_slots;
}

void pci_free_devfn(struct hm_machine *m, int bus, int devfn)
{
	*pci_bus_slots(m, bus) &= ~(1U << (devfn >> 3));
}

int pcie_port_find(const struct hm_machine *m, const char *id)
{
	unsigned int i;

	for (i = 0; i < m->nr_ports; i++)
		if (m->ports[i].id && !strcmp(m->ports[i].id, id))
			return (int)i;
	return -ENOENT;
}

int pci_port_bus_nr(const struct hm_machine *m, unsigned int i)
{
	unsigned int k;
	int nr = 1;

	/* SeaBIOS and the kernel number the buses behind the root bus in slot order, from 1 */
	for (k = 0; k < m->nr_ports; k++)
		if (m->ports[k].devfn < m->ports[i].devfn)
			nr++;
	return nr;
}

/* QEMU's model names of the boards' own devices at function 0, by root-bus slot */
static const char *board_device(const struct hm_machine *m, int slot)
{
	static const char *const pc[] = { "i440FX", "PIIX3", "VGA", "e1000" };
	static const char *const q35[] = { "mch", "VGA", "e1000e" };
	static const char *const virt[] = { "gpex-root", "virtio-net-pci" };

	switch (m->type) {
	case MACHINE_PC:
		return slot < 4 ? pc[slot] : NULL;
	case MACHINE_Q35:
		return slot < 3 ? q35[slot] : slot == 0x1f ? "ICH9-LPC" : NULL;
	case MACHINE_VIRT:
		return slot < 2 ? virt[slot] : NULL;
	}
	return NULL;
}

void pci_slot_user(const struct hm_machine *m, int bus, int slot, char *buf, size_t size)
{
	const struct hm_dimm *d;
	unsigned int i;

	if (bus == PCI_BUS_ROOT && board_device(m, slot)) {
		snprintf(buf, size, "%s,id=(null)", board_device(m, slot));
		return;
	}
	for (i = 0; bus == PCI_BUS_ROOT && i < m->nr_ports; i++)
		if (m->ports[i].devfn >> 3 == slot) {
			snprintf(buf, size, "pcie-root-port,id=%s",
				 m->ports[i].id ? m->ports[i].id : "(null)");
			return;
		}
	for (d = m->dimms; d; d = d->next)
		if (d->pci_bus == bus && d->devfn >> 3 == slot) {
			snprintf(buf, size, "virtio-mem-pci,id=%s", d->id ? d->id : "(null)");
			return;
		}
	snprintf(buf, size, "(null),id=(null)");
}

int pci_devfn_parse(const char *str, int *devfn)
{
	unsigned int slot, fn;
	int n = 0;

	/* set_pci_devfn: "SLOT[.FN]" in hexadecimal, as sscanf reads it */
	if (sscanf(str, "%x.%x%n", &slot, &fn, &n) != 2) {
		fn = 0;
		n = 0;
		if (sscanf(str, "%x%n", &slot, &n) != 1)
			n = -1;
	}
	if (n < 0 || str[n] || fn > 7 || slot > 31)
		return -EINVAL;
	*devfn = (int)(slot << 3 | fn);
	return 0;
}

static int parse_uint(const char *v, uint64_t max, uint64_t *out)
{
	char *end;

	if (!*v || *v == '-')
		return -EINVAL;
	errno = 0;
	*out = strtoull(v, &end, 0);
	return *end || errno || *out > max ? -EINVAL : 0;
}

/*
 * -device pcie-root-port: id, chassis and slot (the PCIe slot's numbers,
 * unique together: pcie_chassis_add_slot), bus (the root bus), addr (its
 * slot on the root bus, hexadecimal as QEMU reads a PCI address), port.
 */
int pcie_root_port_cold_add(struct hm_machine *m, const char *arg, struct hm_buf *err)
{
	char *copy, *save, *tok;
	struct hm_pcie_port *p;
	long addr = -1;
	unsigned int i;
	int ret = 0;

	if (m->type == MACHINE_PC) {
		hm_buf_printf(err, "-device %s: pcie-root-port is modelled on q35 and virt only",
			      arg);
		return -EINVAL;
	}
	if (m->nr_ports == MAX_PCIE_PORTS) {
		hm_buf_printf(err, "-device %s: at most %d pcie-root-ports are modelled", arg,
			      MAX_PCIE_PORTS);
		return -EINVAL;
	}
	copy = hm_kstrdup(machine_alloc(m), arg);
	if (!copy)
		return -ENOMEM;
	p = &m->ports[m->nr_ports];
	memset(p, 0, sizeof(*p));
	strtok_r(copy, ",", &save);	/* the driver */
	while (!ret && (tok = strtok_r(NULL, ",", &save))) {
		char *v = strchr(tok, '=');
		uint64_t u;

		if (!v) {
			hm_buf_printf(err, "-device %s: Property 'pcie-root-port.%s' not found",
				      arg, tok);
			ret = -EINVAL;
			break;
		}
		*v++ = '\0';
		if (!strcmp(tok, "id")) {
			p->id = v;
		} else if (!strcmp(tok, "chassis") || !strcmp(tok, "slot") ||
			   !strcmp(tok, "port")) {
			/* chassis uint8, slot uint16, port uint8 */
			uint64_t max = !strcmp(tok, "slot") ? 0xffff : 0xff;

			if (parse_uint(v, UINT64_MAX, &u)) {
				hm_buf_printf(err, "-device %s: Parameter '%s' expects integer",
					      arg, tok);
				ret = -EINVAL;
			} else if (u > max) {
				hm_buf_printf(err, "-device %s: Parameter '%s' expects %s", arg,
					      tok, max == 0xff ? "uint8_t" : "uint16_t");
				ret = -EINVAL;
			} else if (!strcmp(tok, "chassis")) {
				p->chassis = u;
			} else if (!strcmp(tok, "slot")) {
				p->slot = u;
			}
		} else if (!strcmp(tok, "bus")) {
			int bus;

			if (pci_bus_find(m, v, &bus)) {
				hm_buf_printf(err, "-device %s: Bus '%s' not found", arg, v);
				ret = -EINVAL;
			} else if (bus != PCI_BUS_ROOT) {
				hm_buf_printf(err, "-device %s: a pcie-root-port behind another "
					      "is not modelled", arg);
				ret = -EINVAL;
			}
		} else if (!strcmp(tok, "addr")) {
			char *end;

			addr = strtol(v, &end, 16);
			if (end == v || (*end && strcmp(end, ".0")) || addr < 0 ||
			    addr >= PCI_SLOT_MAX) {
				hm_buf_printf(err, "-device %s: Property 'pcie-root-port.addr' "
					      "doesn't take value '%s'", arg, v);
				ret = -EINVAL;
			}
		} else {
			hm_buf_printf(err, "-device %s: Property 'pcie-root-port.%s' not found",
				      arg, tok);
			ret = -EINVAL;
		}
	}
	if (!ret && p->id && (pcie_port_find(m, p->id) >= 0 || dimm_id_in_use(m, p->id))) {
		hm_buf_printf(err, "-device %s: Duplicate device ID '%s'", arg, p->id);
		ret = -EINVAL;
	}
	if (!ret && addr >= 0 && (m->root_slots_used & 1U << addr)) {
		char user[96];

		pci_slot_user(m, PCI_BUS_ROOT, (int)addr, user, sizeof(user));
		hm_buf_printf(err, "-device %s: PCI: slot %ld function 0 not available for "
			      "pcie-root-port, in use by %s", arg, addr, user);
		ret = -EINVAL;
	}
	if (!ret && addr < 0) {
		for (addr = 0; addr < PCI_SLOT_MAX && (m->root_slots_used & 1U << addr); addr++)
			;
		if (addr == PCI_SLOT_MAX) {
			hm_buf_printf(err, "-device %s: PCI: no slot/function available for "
				      "pcie-root-port, all in use or reserved", arg);
			ret = -EINVAL;
		}
	}
	for (i = 0; !ret && i < m->nr_ports; i++) {
		if (m->ports[i].chassis == p->chassis && m->ports[i].slot == p->slot) {
			hm_buf_printf(err, "-device %s: Can't add chassis slot, error %d", arg,
				      -EBUSY);
			ret = -EINVAL;
		}
	}
	if (ret)
		goto out;
	p->devfn = (int)addr << 3;
	if (p->id && !(p->id = hm_kstrdup(machine_alloc(m), p->id))) {
		ret = -ENOMEM;	/* not an anonymous port */
		goto out;
	}
	if (p->id)
		p->bus_name = hm_kstrdup(machine_alloc(m), p->id);
	else if ((p->bus_name = hm_kmalloc(machine_alloc(m), 16)))
		snprintf(p->bus_name, 16, "pcie.%u", m->nr_anon_buses++);
	if (!p->bus_name) {
		hm_kfree(machine_alloc(m), p->id);
		ret = -ENOMEM;
		goto out;
	}
	m->root_slots_used |= 1U << addr;
	m->nr_ports++;
out:
	hm_kfree(machine_alloc(m), copy);
	return ret;
}

void pci_free(struct hm_machine *m)
{
	while (m->nr_ports) {
		struct hm_pcie_port *p = &m->ports[--m->nr_ports];

		hm_kfree(machine_alloc(m), p->id);
		hm_kfree(machine_alloc(m), p->bus_name);
	}
}

/*
 * The guest's side of ACPI PCI hotplug (acpiphp's enable_slot): a
 * virtio-mem-pci hot-plugged on pc's root bus, or behind a pcie-root-port of
 * q35 (QEMU 7.2 hot-plugs there through ACPI too), is scanned, its BAR
 * assigned, and the device is added and bound to its driver.
 *
 * Its ACPI companion is QEMU's Device(Sxx) of the slot, a device without
 * _HID, so "device:NN" in the order the kernel enumerates the namespace,
 * depth first.  pc's DSDT describes all 32 slots of its hot-pluggable root
 * bus: S00 (slot 0) is device:00, S08 (slot 1, the ISA bridge) device:01,
 * the floppy drive FDC0.FLPA below it device:02, then slot S from 2 on
 * device:(S + 1).  q35's describes the root bus's present devices only, in
 * slot order, each root port with the S00 of its secondary bus below it,
 * the LPC bridge (SF8, whose children have _HIDs) and the SMBus (SFB) last.
 */
static bool q35_root_slot_present(const struct hm_machine *m, int slot, bool *port)
{
	const struct hm_dimm *d;
	unsigned int i;

	*port = false;
	for (i = 0; i < m->nr_ports; i++)
		if (m->ports[i].devfn >> 3 == slot)
			return *port = true;
	for (d = m->dimms; d; d = d->next)
		if (d->pci_bus == PCI_BUS_ROOT && d->devfn >> 3 == slot)
			return true;
	return slot < 3;
}

/* "device:NN" or "device:NN/device:MM" of the companion of dev's slot */
static void acpi_companion(const struct hm_machine *m, const struct hm_dimm *dev, char *buf,
			   size_t size)
{
	int slot = dev->devfn >> 3, s, port_slot;
	unsigned int nr = 0;
	bool port;

	if (m->type == MACHINE_PC) {
		snprintf(buf, size, "device:%02x", slot < 2 ? slot : slot + 1);
		return;
	}
	port_slot = m->ports[dev->pci_bus].devfn >> 3;
	for (s = 0; s < port_slot; s++)
		if (q35_root_slot_present(m, s, &port))
			nr += port ? 2 : 1;
	snprintf(buf, size, "device:%02x/device:%02x", nr, nr + 1);
}

/*
 * The wakeup source pci_acpi_setup registers on the companion
 * (acpi_add_pm_notifier, named after the ACPI device): the lowest free id of
 * wakeup_ida.  At boot each PCI device with a companion takes one, the root
 * bus's in slot order (pc: slots 0-3; q35: slots 0-2, the root ports, 1f.0
 * and 1f.3; and the cold virtio-mem-pci devices there), then those behind
 * the root ports; then the host bridge's own (pci_acpi_add_bus_pm_notifier),
 * the power button (LNXPWRBN), the RTC's pnp device and its alarmtimer.
 * Hot-plugged devices follow in the order they came; none is ever freed,
 * QEMU 7.2 refusing to unplug a virtio-mem-pci.
 */
static unsigned int wakeup_id(const struct hm_machine *m, const struct hm_dimm *dev)
{
	unsigned int id = m->type == MACHINE_PC ? 4 + 4 : 3 + m->nr_ports + 2 + 4;
	const struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next)
		if (d->type == MDEV_VIRTIO_MEM && !d->hidden && d != dev &&
		    (!d->hotplugged || d->guest != DIMM_GUEST_NEW))
			id++;
	return id;
}

/* the uevent of a virtio-mem-pci's PCI device (pci_uevent), with DRIVER= for a bind */
static void pci_virtio_mem_uevent(struct hm_system *sys, enum kobject_action action,
				  const char *devpath, const char *slot_name)
{
	char slot[48];
	const char *env[] = { "DRIVER=virtio-pci", "PCI_CLASS=FF00", "PCI_ID=1AF4:1058",
			      "PCI_SUBSYS_ID=1AF4:1100", slot,
			      "MODALIAS=pci:v00001AF4d00001058sv00001AF4sd00001100bc00scFFi00",
			      NULL };

	snprintf(slot, sizeof(slot), "PCI_SLOT_NAME=%s", slot_name);
	kobject_uevent_env(sys, action, devpath, "pci", action == KOBJ_BIND ? env : env + 1);
}

static void virtio_mem_uevent(struct hm_system *sys, enum kobject_action action,
			      const char *devpath)
{
	const char *env[] = { "DRIVER=virtio_mem", "MODALIAS=virtio:d00000018v00001AF4", NULL };

	kobject_uevent_env(sys, action, devpath, "virtio", action == KOBJ_BIND ? env : env + 1);
}

/*
 * The BAR of a hot-plugged virtio-mem-pci (virtio-pci's modern BAR: 16 KiB,
 * 64-bit prefetchable), as __pci_assign_resource places it: the root bus's
 * windows are neither prefetchable nor 64-bit in QEMU's _CRS, so the last
 * try (any memory window) takes it, and pci_bus_alloc_resource gives a
 * 64-bit BAR the windows above 4 GiB first, then all of them, each from its
 * lowest free address.  virtio_pci then requests the whole BAR.  Failing
 * loses the lines only (the kernel's device would stay without its BAR).
 */
static int pc_assign_virtio_bar(struct hm_machine *m, const char *name)
{
	struct hm_system *sys = m->sys;
	const uint64_t size = 16 * 1024;
	struct resource *w, *res, *in;
	int pass, ret = -EBUSY;

	res = resource_alloc(&sys->alloc, 0, 0, name, IORESOURCE_MEM, IORES_DESC_NONE);
	if (!res)
		return -ENOMEM;
	for (pass = 0; pass < 2 && ret; pass++)
		for (w = sys->iomem_resource.child; w && ret; w = w->sibling)
			if (!strcmp(w->name, "PCI Bus 0000:00") &&
			    (pass || w->end >= 1ULL << 32))
				ret = allocate_resource(w, res, size, pass ? 0 : 1ULL << 32,
							UINT64_MAX, size);
	if (ret) {
		resource_free(&sys->alloc, res);
		return ret;
	}
	return request_region(&sys->alloc, res, res->start, size, "virtio-pci-modern",
			      IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, &in);
}

void pci_hotplug_virtio_mem(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	char slot_name[32], parent[32], pci[96], virtio[128], companion[32], wakeup[160];
	int bus_nr = 0;

	if (!dev->hotplugged || (m->type == MACHINE_PC && dev->pci_bus != PCI_BUS_ROOT) ||
	    (m->type == MACHINE_Q35 && dev->pci_bus < 0) || m->type == MACHINE_VIRT) {
		if (dev->pci_bus >= 0)	/* the BAR in its port's window */
			machine_iomem_port_device(m, dev);
		virtio_mem_probe(m, dev);
		return;
	}
	if (dev->pci_bus >= 0) {
		int port_devfn = m->ports[dev->pci_bus].devfn;

		bus_nr = pci_port_bus_nr(m, (unsigned int)dev->pci_bus);
		snprintf(parent, sizeof(parent), "/0000:00:%02x.%x", port_devfn >> 3,
			 port_devfn & 7);
	} else {
		parent[0] = '\0';
	}
	snprintf(slot_name, sizeof(slot_name), "0000:%02x:%02x.%x", bus_nr, dev->devfn >> 3,
		 dev->devfn & 7);
	snprintf(pci, sizeof(pci), "/devices/pci0000:00%s/%s", parent, slot_name);
	snprintf(virtio, sizeof(virtio), "%s/virtio%d", pci, dev->virtio_index);
	acpi_companion(m, dev, companion, sizeof(companion));
	snprintf(wakeup, sizeof(wakeup), "/devices/LNXSYSTM:00/LNXSYBUS:00/%s/%s/wakeup/wakeup%u",
		 m->type == MACHINE_PC ? "PNP0A03:00" : "PNP0A08:00", companion,
		 wakeup_id(m, dev));
	if (dev->pci_bus >= 0)
		machine_iomem_port_device(m, dev);
	else
		pc_assign_virtio_bar(m, slot_name);
	kobject_uevent(sys, KOBJ_ADD, wakeup, "wakeup");
	pci_virtio_mem_uevent(sys, KOBJ_ADD, pci, slot_name);
	/* virtio_pci_probe: register_virtio_device, whose driver binds first */
	virtio_mem_uevent(sys, KOBJ_ADD, virtio);
	virtio_mem_probe(m, dev);
	if (dev->guest == DIMM_GUEST_ADDED)
		virtio_mem_uevent(sys, KOBJ_BIND, virtio);
	pci_virtio_mem_uevent(sys, KOBJ_BIND, pci, slot_name);
}
