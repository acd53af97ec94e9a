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
		hm_buf_printf(err, "-device %s: PCI: slot %ld function 0 not available for "
			      "pcie-root-port, in use by another device", arg, addr);
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
	p->id = p->id ? hm_kstrdup(machine_alloc(m), p->id) : NULL;
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
