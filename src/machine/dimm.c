// SPDX-License-Identifier: GPL-2.0
/*
 * dimm.c - QEMU's memory backends and pc-dimm devices, and the QMP commands
 * that manage them (object-add/-del, device_add/_del, qom-get/-set,
 * query-memory-devices), with QEMU 7.2's checks, placement and error texts.
 *
 * Placement follows memory_device_get_free_addr: the lowest slot, then the
 * first gap in the device-memory region, in address order, that fits the
 * DIMM at the backend's alignment (2 MiB for RAM backends).
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/verify.h"
#include "machine/machine_internal.h"
#include "machine/qmp_events.h"

#define DIMM_ALIGN (2ULL << 20)		/* QEMU_VMALLOC_ALIGN of a RAM backend */
#define VIRTIO_MEM_MIN_BLOCK_SIZE (1ULL << 20)

enum qmp_class { QMP_GENERIC, QMP_DEVICE_NOT_FOUND, QMP_COMMAND_NOT_FOUND };
static const char *const qmp_class_names[] = { "GenericError", "DeviceNotFound",
					       "CommandNotFound" };

struct qmp_error {
	enum qmp_class cls;
	bool oom;		/* an allocation failed (QEMU would abort) */
	char desc[256];
};

static int qmp_fail(struct qmp_error *e, enum qmp_class cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int qmp_fail(struct qmp_error *e, enum qmp_class cls, const char *fmt, ...)
{
	va_list ap;

	e->cls = cls;
	va_start(ap, fmt);
	vsnprintf(e->desc, sizeof(e->desc), fmt, ap);
	va_end(ap);
	return -1;
}

/* An allocation failed: "out of memory", and nothing changed. */
static int qmp_oom(struct qmp_error *e)
{
	qmp_fail(e, QMP_GENERIC, "out of memory");
	e->oom = true;
	return -1;
}

/* ------------------------------------------------------------ backends */

struct hm_memdev *memdev_find(struct hm_machine *m, const char *id)
{
	struct hm_memdev *md;

	for (md = m->memdevs; md; md = md->next)
		if (!strcmp(md->id, id))
			return md;
	return NULL;
}

int memdev_add(struct hm_machine *m, const char *id, uint64_t size)
{
	struct hm_memdev *md = hm_kzalloc(machine_alloc(m), sizeof(*md)), **pp;

	if (!md || !(md->id = hm_kstrdup(machine_alloc(m), id))) {
		hm_kfree(machine_alloc(m), md);
		return -ENOMEM;
	}
	md->size = size;
	for (pp = &m->memdevs; *pp; pp = &(*pp)->next)
		;
	*pp = md;
	return 0;
}

static void memdev_del(struct hm_machine *m, struct hm_memdev *md)
{
	struct hm_memdev **pp;

	for (pp = &m->memdevs; *pp != md; pp = &(*pp)->next)
		;
	*pp = md->next;
	hm_kfree(machine_alloc(m), md->id);
	hm_kfree(machine_alloc(m), md);
}

void memdevs_free(struct hm_machine *m)
{
	while (m->memdevs)
		memdev_del(m, m->memdevs);
}

/* ---------------------------------------------------------------- DIMMs */

static struct hm_dimm *dimm_find(struct hm_machine *m, const char *id)
{
	struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next)
		if (d->id && !strcmp(d->id, id))
			return d;
	return NULL;
}

/* qdev_set_id's namespace: every device with an id (/machine/peripheral/ID). */
bool dimm_id_in_use(struct hm_machine *m, const char *id)
{
	return dimm_find(m, id) || pcie_port_find(m, id) >= 0;
}

void dimm_unplug(struct hm_machine *m, struct hm_dimm *dimm)
{
	struct hm_dimm **pp;

	for (pp = &m->dimms; *pp != dimm; pp = &(*pp)->next)
		;
	*pp = dimm->next;
	if (dimm->pci_bus != PCI_BUS_NONE)
		pci_free_devfn(m, dimm->pci_bus, dimm->devfn);
	dimm->memdev->user = NULL;
	virtio_mem_free(m, dimm);
	nvdimm_free(m, dimm);
	hm_kfree(machine_alloc(m), dimm->id);
	hm_kfree(machine_alloc(m), dimm);
}

void dimms_free(struct hm_machine *m)
{
	hmm_dmirrors_free(m);
	while (m->dimms)
		dimm_unplug(m, m->dimms);
	while (m->nr_cold_devices)
		hm_kfree(machine_alloc(m), m->cold_devices[--m->nr_cold_devices]);
}

static int dimm_addr_cmp(const void *a, const void *b)
{
	const struct hm_dimm *x = *(struct hm_dimm *const *)a, *y = *(struct hm_dimm *const *)b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The DIMMs sorted by address (a NULL-terminated array to free). */
static struct hm_dimm **dimms_by_addr(struct hm_machine *m, unsigned int *nr)
{
	struct hm_dimm *d, **v;
	unsigned int n = 0;

	for (d = m->dimms; d; d = d->next)
		n++;
	v = hm_kcalloc(machine_alloc(m), n + 1, sizeof(*v));
	if (!v)
		return NULL;
	n = 0;
	for (d = m->dimms; d; d = d->next)
		v[n++] = d;
	qsort(v, n, sizeof(*v), dimm_addr_cmp);
	*nr = n;
	return v;
}

static bool dimm_slot_busy(struct hm_machine *m, long slot)
{
	struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next)
		if (d->type != MDEV_VIRTIO_MEM && d->slot == slot)	/* pc-dimm, nvdimm */
			return true;
	return false;
}

/* pc_dimm_get_free_slot (slots are at most ACPI_MAX_RAM_SLOTS, checked at boot) */
static int dimm_get_slot(struct hm_machine *m, long hint, struct qmp_error *e)
{
	unsigned int slot;

	if (hint >= 0 || hint < -1) {
		if (hint < 0 || hint >= (long)m->ram_slots)
			return qmp_fail(e, QMP_GENERIC, "invalid slot number %ld, valid range is "
					"[0-%ld]", hint, (long)m->ram_slots - 1);
		if (dimm_slot_busy(m, hint))
			return qmp_fail(e, QMP_GENERIC, "slot %ld is busy", hint);
		return (int)hint;
	}
	if (!m->ram_slots)
		return qmp_fail(e, QMP_GENERIC, "no slots where allocated, please specify the "
				"'slots' option");
	for (slot = 0; slot < m->ram_slots; slot++)
		if (!dimm_slot_busy(m, slot))
			return (int)slot;
	return qmp_fail(e, QMP_GENERIC, "no free slots available");
}

/* memory_device_get_free_addr: 0 and *addr, or -1 with e set. */
static int dimm_get_free_addr(struct hm_machine *m, const uint64_t *hint, uint64_t size,
			      uint64_t align, uint64_t *addr, struct qmp_error *e)
{
	uint64_t base = m->device_mem_base, region = m->device_mem_size, used = 0, start;
	struct hm_dimm **v, *d;
	unsigned int n, i;
	int ret = 0;

	if (!region)
		return qmp_fail(e, QMP_GENERIC, "memory devices (e.g. for memory hotplug) are "
				"not enabled, please specify the maxmem option");
	for (d = m->dimms; d; d = d->next)
		used += d->size;
	if (used + size < used || used + size > m->maxram_size - m->ram_size)
		return qmp_fail(e, QMP_GENERIC, "not enough space, currently 0x%llx in use of "
				"total space for memory devices 0x%llx",
				(unsigned long long)used,
				(unsigned long long)(m->maxram_size - m->ram_size));
	if (hint && *hint % align)
		return qmp_fail(e, QMP_GENERIC, "address must be aligned to 0x%llx bytes",
				(unsigned long long)align);
	if (size % align)
		return qmp_fail(e, QMP_GENERIC, "backend memory size must be multiple of 0x%llx",
				(unsigned long long)align);
	if (hint) {
		if (*hint < base || *hint + size < *hint || *hint + size > base + region)
			return qmp_fail(e, QMP_GENERIC, "can't add memory device [0x%llx:0x%llx], "
					"usable range for memory devices [0x%llx:0x%llx]",
					(unsigned long long)*hint, (unsigned long long)size,
					(unsigned long long)base, (unsigned long long)region);
		start = *hint;
	} else {
		start = (base + align - 1) & ~(align - 1);
	}
	v = dimms_by_addr(m, &n);
	if (!v)
		return qmp_oom(e);
	for (i = 0; i < n; i++) {
		uint64_t ds = v[i]->addr, de = v[i]->addr + v[i]->size;

		if (ds < start + size && start < de) {
			if (hint) {
				ret = qmp_fail(e, QMP_GENERIC, "address range conflicts with "
					       "memory device id='%s'",
					       v[i]->id ? v[i]->id : "(unnamed)");
				goto out_free;
			}
			start = (de + align - 1) & ~(align - 1);
		} else if (ds >= start + size) {
			break;
		}
	}
	if (start + size > base + region || start + size < start) {
		ret = qmp_fail(e, QMP_GENERIC, "could not find position in guest address space "
			       "for memory device - memory fragmented due to alignments");
		goto out_free;
	}
	*addr = start;
out_free:
	hm_kfree(machine_alloc(m), v);
	return ret;
}

struct dimm_props {
	enum memory_device_type type;
	uint64_t requested_size;
	uint64_t block_size;
	const char *id;
	const char *memdev;
	long node, slot;
	int unplugged_inaccessible;	/* virtio-mem: 0 off, 1 on, -1 auto */
	bool has_addr;
	uint64_t addr;
	uint64_t label_size;		/* nvdimm */
	int pci_bus;			/* virtio-mem-pci: PCI_BUS_ROOT or a root port */
	int devfn;			/* virtio-mem-pci: its "addr", or -1 for the first free */
};

/*
 * device_add of a pc-dimm: the id, the properties, then pre_plug (slot,
 * memdev, placement) and realize (busy backend, node), as QEMU orders them.
 */
static int dimm_device_add(struct hm_machine *m, const struct dimm_props *p, bool hotplugged,
			   struct qmp_error *e)
{
	struct hm_memdev *md = NULL;
	struct hm_dimm *dimm, **pp;
	uint64_t addr = 0, size;
	int slot, devfn = 0;

	if (p->id && dimm_id_in_use(m, p->id))
		return qmp_fail(e, QMP_GENERIC, "Duplicate device ID '%s'", p->id);
	if (p->memdev) {
		md = memdev_find(m, p->memdev);
		if (!md)
			return qmp_fail(e, QMP_DEVICE_NOT_FOUND, "Device '%s' not found", p->memdev);
	}
	if (p->type == MDEV_NVDIMM && !m->nvdimm)
		return qmp_fail(e, QMP_GENERIC, "nvdimm is not enabled: missing 'nvdimm' in '-M'");
	slot = p->type != MDEV_VIRTIO_MEM ? dimm_get_slot(m, p->slot, e) : -1;
	if (p->type != MDEV_VIRTIO_MEM && slot < 0)
		return -1;
	if (!md)
		return qmp_fail(e, QMP_GENERIC, "'memdev' property must be set");
	/* memory_device_pre_plug: virtio-mem aligns to its block size */
	size = md->size;
	if (p->type == MDEV_NVDIMM &&
	    nvdimm_prepare_memory_region(m, md->size, p->label_size, md->id, &size, e->desc,
					 sizeof(e->desc))) {
		e->cls = QMP_GENERIC;
		return -1;
	}
	if (dimm_get_free_addr(m, p->has_addr ? &p->addr : NULL, size,
			       p->type == MDEV_VIRTIO_MEM && p->block_size > DIMM_ALIGN ?
			       p->block_size : DIMM_ALIGN, &addr, e))
		return -1;
	if (p->type == MDEV_VIRTIO_MEM && p->devfn >= 0) {
		/* do_pci_register_device: the slot asked for, with "addr" */
		char user[96];

		devfn = p->devfn;
		if (devfn & 7)
			return qmp_fail(e, QMP_GENERIC, "a virtio-mem-pci at function %d of a "
					"slot is not modelled: give addr=SLOT", devfn & 7);
		pci_slot_user(m, p->pci_bus, devfn >> 3, user, sizeof(user));
		if (*pci_bus_slots(m, p->pci_bus) & 1U << (devfn >> 3))
			return qmp_fail(e, QMP_GENERIC, "PCI: slot %d function 0 not available "
					"for virtio-mem-pci, in use by %s", devfn >> 3, user);
	} else if (p->type == MDEV_VIRTIO_MEM) {
		/* pci_qdev_realize: a slot on the bus, then virtio_mem_device_realize */
		for (devfn = 0; devfn < PCI_SLOT_MAX << 3 &&
		     (*pci_bus_slots(m, p->pci_bus) & 1U << (devfn >> 3)); devfn += 8)
			;
		if (devfn == PCI_SLOT_MAX << 3)
			return qmp_fail(e, QMP_GENERIC, "PCI: no slot/function available for "
					"virtio-mem-pci, all in use or reserved");
	}
	if (p->type == MDEV_VIRTIO_MEM) {
		if (md->user || md->numa_node)
			return qmp_fail(e, QMP_GENERIC, "'memdev' property specifies a busy "
					"memdev: %s", md->id);
		if ((m->nr_numa && p->node >= (long)m->nr_numa) || (!m->nr_numa && p->node))
			return qmp_fail(e, QMP_GENERIC, "'node' property has value '%ld', which "
					"exceedsthe number of numa nodes: %u", p->node,
					m->nr_numa ? m->nr_numa : 1);
		if (p->requested_size % p->block_size)
			return qmp_fail(e, QMP_GENERIC, "'requested-size' property has to be "
					"multiples of 'block-size' (0x%llx)",
					(unsigned long long)p->block_size);
		if (addr % p->block_size)
			return qmp_fail(e, QMP_GENERIC, "'memaddr' property has to be multiples "
					"of 'block-size' (0x%llx)",
					(unsigned long long)p->block_size);
		if (md->size % p->block_size)
			return qmp_fail(e, QMP_GENERIC, "'memdev' property memdev size has to be "
					"multiples of'block-size' (0x%llx)",
					(unsigned long long)p->block_size);
	} else {
		if (md->user || md->numa_node)
			return qmp_fail(e, QMP_GENERIC, "can't use already busy memdev: %s", md->id);
		if ((m->nr_numa && p->node >= (long)m->nr_numa) || (!m->nr_numa && p->node))
			return qmp_fail(e, QMP_GENERIC, "'DIMM property node has value %ld' which "
					"exceeds the number of numa nodes: %u", p->node,
					m->nr_numa ? m->nr_numa : 1);
	}
	dimm = hm_kzalloc(machine_alloc(m), sizeof(*dimm));
	if (!dimm || (p->id && !(dimm->id = hm_kstrdup(machine_alloc(m), p->id)))) {
		hm_kfree(machine_alloc(m), dimm);
		return qmp_oom(e);
	}
	dimm->type = p->type;
	/*
	 * auto: off where legacy guests may read unplugged memory (x86) and
	 * the backend has the shared zeropage (anonymous RAM: always here).
	 */
	dimm->unplugged_inaccessible = p->unplugged_inaccessible == 1;
	if (!p->id)
		dimm->anon_index = m->nr_anon_devices++;
	dimm->requested_size = p->requested_size;
	dimm->block_size = p->block_size;
	if (p->type == MDEV_VIRTIO_MEM) {
		struct hm_dimm *d;

		/* virt's default NIC is a virtio-net-pci: the guest's virtio0 */
		if (m->type == MACHINE_VIRT)
			dimm->virtio_index = 1;
		for (d = m->dimms; d; d = d->next)
			if (d->type == MDEV_VIRTIO_MEM && !d->hidden)
				dimm->virtio_index++;
		dimm->pci_bus = p->pci_bus;
		dimm->devfn = devfn;
		dimm->hidden = p->pci_bus != PCI_BUS_ROOT && devfn;
	} else {
		dimm->pci_bus = PCI_BUS_NONE;
	}
	dimm->memdev = md;
	dimm->node = (int)p->node;
	dimm->addr = addr;
	dimm->size = size;
	dimm->slot = slot;
	if (p->type == MDEV_NVDIMM && nvdimm_realize(m, dimm, p->label_size)) {
		hm_kfree(machine_alloc(m), dimm->id);
		hm_kfree(machine_alloc(m), dimm);
		return qmp_oom(e);
	}
	dimm->hotplugged = hotplugged;
	dimm->guest = DIMM_GUEST_NEW;
	dimm->mgid = -1;
	if (p->type == MDEV_VIRTIO_MEM && virtio_mem_device_init(m, dimm)) {
		hm_kfree(machine_alloc(m), dimm->id);
		hm_kfree(machine_alloc(m), dimm);
		return qmp_oom(e);
	}
	if (dimm->pci_bus != PCI_BUS_NONE)
		*pci_bus_slots(m, dimm->pci_bus) |= 1U << (devfn >> 3);
	md->user = dimm;
	for (pp = &m->dimms; *pp; pp = &(*pp)->next)
		;
	*pp = dimm;
	return 0;
}

/*
 * -device property values, as QEMU's keyval visitor reads them: integers
 * with qemu_strtou64 (decimal, 0x-hex or octal; a leading '-' wraps), then
 * the property type's range; sizes with qemu_strtosz.
 */
static int keyval_uint(const char *v, uint64_t max, const char *type, uint64_t *out,
		       const char *name, struct qmp_error *e)
{
	const char *p = v;
	bool neg = false;
	char *end;
	uint64_t x;

	while (*p == ' ')
		p++;
	if (*p == '-') {
		neg = true;
		p++;
	}
	errno = 0;
	x = strtoull(p, &end, 0);
	if (!*v || end == p || *end || errno || *p == '-' || *p == '+')
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects integer", name);
	if (neg)
		x = -x;
	if (x > max)
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects %s", name, type);
	*out = x;
	return 0;
}

static int keyval_int32(const char *v, long *out, const char *name, struct qmp_error *e)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 0);
	if (!*v || *end || errno)
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects integer", name);
	if (x < INT32_MIN || x > INT32_MAX)
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects int32_t", name);
	*out = (long)x;
	return 0;
}

static int keyval_size(const char *v, uint64_t *out, const char *name, struct qmp_error *e)
{
	if (qemu_parse_size(v, 1, out))
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects size", name);
	return 0;
}

/* virtio-mem's block-size setter: at least 1 MiB, a power of two. */
static int virtio_mem_check_block_size(uint64_t v, struct qmp_error *e)
{
	if (v < VIRTIO_MEM_MIN_BLOCK_SIZE)
		return qmp_fail(e, QMP_GENERIC, "'block-size' property has to be at least 0x%llx",
				(unsigned long long)VIRTIO_MEM_MIN_BLOCK_SIZE);
	if (v & (v - 1))
		return qmp_fail(e, QMP_GENERIC, "'block-size' property has to be a power of two");
	return 0;
}

/*
 * The "bus" of a device (qdev_device_add): a bus of that name, a device
 * that goes on a bus of its type (a pc-dimm or nvdimm goes on none), and,
 * hot-plugged, a bus that takes hot-plugged devices.
 */
static int device_bus(struct hm_machine *m, struct dimm_props *p, const char *driver,
		      const char *name, bool hotplug, struct qmp_error *e)
{
	int bus;

	if (pci_bus_find(m, name, &bus))
		return qmp_fail(e, QMP_GENERIC, "Bus '%s' not found", name);
	if (p->type != MDEV_VIRTIO_MEM)
		return qmp_fail(e, QMP_GENERIC, "Device '%s' can't go on %s bus", driver,
				pci_bus_type(m, bus));
	if (hotplug && !pci_bus_hotpluggable(m, bus))
		return qmp_fail(e, QMP_GENERIC, "Bus '%s' does not support hotplugging", name);
	p->pci_bus = bus;
	return 0;
}

/* -device pc-dimm,... on the command line */
int cold_device_add(struct hm_machine *m, const char *arg, struct hm_buf *err)
{
	if (m->nr_cold_devices == 16) {
		hm_buf_printf(err, "-device: too many devices");
		return -EINVAL;
	}
	m->cold_devices[m->nr_cold_devices] = hm_kstrdup(machine_alloc(m), arg);
	if (!m->cold_devices[m->nr_cold_devices])
		return -ENOMEM;
	m->nr_cold_devices++;
	return 0;
}

typedef int (*cold_add_fn)(struct hm_machine *m, const char *arg, struct hm_buf *err);

/* The -device drivers that are not memory devices: their own cold add, or NULL. */
static cold_add_fn cold_other_device(const char *drv)
{
	static const struct { const char *driver; cold_add_fn add; } others[] = {
		{ "hmm-dmirror", hmm_dmirror_cold_add },
		{ "pcie-root-port", pcie_root_port_cold_add },
	};
	size_t k;

	for (k = 0; k < ARRAY_SIZE(others); k++)
		if (!strcmp(drv, others[k].driver))
			return others[k].add;
	return NULL;
}

int cold_devices_place(struct hm_machine *m, struct hm_buf *err)
{
	cold_add_fn other;
	unsigned int i;

	for (i = 0; i < m->nr_cold_devices; i++) {
		struct dimm_props p = { .slot = -1, .block_size = 2ULL << 20,
					.unplugged_inaccessible = -1, .pci_bus = PCI_BUS_ROOT,
					.devfn = -1 };
		char *copy = hm_kstrdup(machine_alloc(m), m->cold_devices[i]), *save, *tok, *drv;
		struct qmp_error e = { 0 };
		uint64_t u;
		int ret = 0;

		if (!copy)
			return -ENOMEM;
		drv = strtok_r(copy, ",", &save);
		other = drv ? cold_other_device(drv) : NULL;
		if (other) {
			hm_kfree(machine_alloc(m), copy);
			ret = other(m, m->cold_devices[i], err);
			if (ret)
				return ret;
			continue;
		}
		if (drv && !strcmp(drv, "virtio-mem-pci")) {
			p.type = MDEV_VIRTIO_MEM;
		} else if (drv && !strcmp(drv, "nvdimm")) {
			p.type = MDEV_NVDIMM;
			p.label_size = 0;
		} else if (!drv || strcmp(drv, "pc-dimm")) {
			hm_buf_printf(err, "-device %s: only pc-dimm, nvdimm, virtio-mem-pci and "
				      "pcie-root-port devices are modelled", drv ? drv : "");
			hm_kfree(machine_alloc(m), copy);
			return -EINVAL;
		}
		while ((tok = strtok_r(NULL, ",", &save))) {
			char *v = strchr(tok, '=');

			if (!v) {
				ret = -EINVAL;
				break;
			}
			*v++ = '\0';
			if (!strcmp(tok, "id")) {
				p.id = v;
			} else if (!strcmp(tok, "memdev")) {
				p.memdev = v;
			} else if (!strcmp(tok, "node")) {
				ret = keyval_uint(v, 0xffffffffULL, "uint32_t", &u, tok, &e);
				p.node = (long)u;
			} else if (!strcmp(tok, "label-size") && p.type == MDEV_NVDIMM) {
				ret = keyval_size(v, &p.label_size, tok, &e);
			} else if (!strcmp(tok, "slot") && p.type != MDEV_VIRTIO_MEM) {
				ret = keyval_int32(v, &p.slot, tok, &e);
			} else if (!strcmp(tok, "requested-size") && p.type == MDEV_VIRTIO_MEM) {
				ret = keyval_size(v, &p.requested_size, tok, &e);
			} else if (!strcmp(tok, "block-size") && p.type == MDEV_VIRTIO_MEM) {
				ret = keyval_size(v, &p.block_size, tok, &e) ||
				      virtio_mem_check_block_size(p.block_size, &e);
			} else if (!strcmp(tok, "unplugged-inaccessible") &&
				   p.type == MDEV_VIRTIO_MEM) {
				p.unplugged_inaccessible = !strcmp(v, "on") ? 1 : !strcmp(v, "off") ?
							   0 : !strcmp(v, "auto") ? -1 : -2;
				if (p.unplugged_inaccessible == -2)
					ret = qmp_fail(&e, QMP_GENERIC, "Parameter '%s' does not "
						       "accept value '%s'", tok, v);
			} else if (!strcmp(tok, "bus")) {
				ret = device_bus(m, &p, drv, v, false, &e);
			} else if (!strcmp(tok, "memaddr") && p.type == MDEV_VIRTIO_MEM) {
				p.has_addr = true;
				ret = keyval_uint(v, UINT64_MAX, "uint64", &p.addr, tok, &e);
			} else if (!strcmp(tok, "addr") && p.type == MDEV_VIRTIO_MEM) {
				if (pci_devfn_parse(v, &p.devfn))
					ret = qmp_fail(&e, QMP_GENERIC, "Property 'virtio-mem-pci.addr' "
						       "doesn't take value '%s'", v);
			} else if (!strcmp(tok, "addr") && p.type == MDEV_PC_DIMM) {
				p.has_addr = true;
				ret = keyval_uint(v, UINT64_MAX, "uint64", &p.addr, tok, &e);
			} else {
				ret = -EINVAL;
			}
			if (ret)
				break;
		}
		if (ret && e.oom) {
			ret = -ENOMEM;
		} else if (ret && e.desc[0]) {
			hm_buf_printf(err, "-device %s: %s", m->cold_devices[i], e.desc);
			ret = -EINVAL;
		} else if (ret) {
			hm_buf_printf(err, "-device %s: invalid property", m->cold_devices[i]);
		} else if (dimm_device_add(m, &p, false, &e)) {
			hm_buf_printf(err, "-device %s: %s", m->cold_devices[i], e.desc);
			ret = e.oom ? -ENOMEM : -EINVAL;
		}
		hm_kfree(machine_alloc(m), copy);
		if (ret)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------------ QMP */

/*
 * An unsigned property from QMP, as QEMU's qobject input visitor reads it:
 * a JSON integer (a negative one wraps, for backward compatibility), then
 * the property type's range.
 */
static int get_uint_arg(json_t *args, const char *key, uint64_t max, const char *type,
			uint64_t *out, bool *present, struct qmp_error *e)
{
	json_t *v = json_object_get(args, key);
	uint64_t x;

	*present = v != NULL;
	if (!v)
		return 0;
	if (!json_is_integer(v))
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects uint64", key);
	x = (uint64_t)json_integer_value(v);
	if (x > max)
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects %s", key, type);
	*out = x;
	return 0;
}

/* A signed int32 property from QMP (the slot). */
static int get_int32_arg(json_t *args, const char *key, long *out, bool *present,
			 struct qmp_error *e)
{
	json_t *v = json_object_get(args, key);

	*present = v != NULL;
	if (!v)
		return 0;
	if (!json_is_integer(v))
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects integer", key);
	if (json_integer_value(v) < INT32_MIN || json_integer_value(v) > INT32_MAX)
		return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects int32_t", key);
	*out = (long)json_integer_value(v);
	return 0;
}

/*
 * object-add (qmp_object_add, user_creatable_add_qapi): the QAPI visit of
 * ObjectOptions (qom-type, id, the type's members: size, then unexpected
 * keys), then user_creatable_add_type: the id's form, the properties (size
 * 0 refused by its setter), the id's uniqueness under /objects.
 */
static int qmp_object_add(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *type = json_string_value(json_object_get(args, "qom-type"));
	json_t *idv = json_object_get(args, "id");
	const char *id = json_string_value(idv), *key, *text[32] = { NULL };
	char num[32][24];
	uint64_t size = 0;
	unsigned int kind, i;
	struct hm_buf err;
	json_t *val;
	int ret_code;

	if (!json_object_get(args, "qom-type"))
		return qmp_fail(e, QMP_GENERIC, "Parameter 'qom-type' is missing");
	if (!type)
		return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for 'qom-type', "
				"expected: string");
	kind = backend_kind(type);
	if (!kind) {
		if (qemu_backend_type_other(type))
			return qmp_fail(e, QMP_GENERIC, "object-add of %s is not modelled (only "
					"memory-backend-ram, -file and -memfd)", type);
		return qmp_fail(e, QMP_GENERIC, "Parameter 'qom-type' does not accept value '%s'",
				type);
	}
	if (!idv)
		return qmp_fail(e, QMP_GENERIC, "Parameter 'id' is missing");
	if (!id)
		return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for 'id', expected: "
				"string");
	/* the QAPI visitor: each member of the type in the schema's order */
	for (i = 0; i < nr_backend_props; i++) {
		const struct backend_prop *bp = &backend_props[i];
		json_t *v = json_object_get(args, bp->name);
		json_int_t n;

		if (!(bp->kinds & kind))
			continue;
		if (!v) {
			if (bp->required & kind)
				return qmp_fail(e, QMP_GENERIC, "Parameter '%s' is missing", bp->name);
			continue;
		}
		switch (bp->type) {
		case BPROP_BOOL:
			if (!json_is_boolean(v))
				return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for '%s', "
						"expected: boolean", bp->name);
			text[i] = json_is_true(v) ? "on" : "off";
			break;
		case BPROP_SIZE:
		case BPROP_UINT32:
			if (!json_is_integer(v))
				return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects uint64",
						bp->name);
			/* a negative JSON integer wraps (the visitor reads uint64 from int64) */
			n = json_integer_value(v);
			if (bp->type == BPROP_UINT32 && (n < 0 || (uint64_t)n > UINT32_MAX))
				return qmp_fail(e, QMP_GENERIC, "Parameter '%s' expects uint32_t",
						bp->name);
			snprintf(num[i], sizeof(num[i]), "%llu", (unsigned long long)n);
			text[i] = num[i];
			if (!strcmp(bp->name, "size"))
				size = (uint64_t)n;
			break;
		case BPROP_POLICY:
		case BPROP_STR:
			if (!json_is_string(v))
				return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for '%s', "
						"expected: string", bp->name);
			text[i] = json_string_value(v);
			if (bp->type == BPROP_POLICY && !backend_policy_valid(text[i]))
				return qmp_fail(e, QMP_GENERIC, "Parameter 'policy' does not accept "
						"value '%s'", text[i]);
			break;
		case BPROP_NODES:
			return qmp_fail(e, QMP_GENERIC, "host-nodes are not modelled (they bind the "
					"backend to the host's NUMA nodes)");
		}
	}
	json_object_foreach(args, key, val) {
		for (i = 0; i < nr_backend_props && (strcmp(key, backend_props[i].name) ||
						     !(backend_props[i].kinds & kind)); i++)
			;
		if (strcmp(key, "qom-type") && strcmp(key, "id") && i == nr_backend_props)
			return qmp_fail(e, QMP_GENERIC, "Parameter '%s' is unexpected", key);
	}
	if (!qemu_id_wellformed(id))
		return qmp_fail(e, QMP_GENERIC, "Parameter 'id' expects an identifier");
	hm_buf_init(&err);
	ret_code = backend_complete(m, type, kind, id, size, text, &err);
	if (ret_code == -ENOMEM) {
		hm_buf_free(&err);
		return qmp_oom(e);
	}
	if (ret_code)
		qmp_fail(e, ret_code == -ENOENT ? QMP_DEVICE_NOT_FOUND : QMP_GENERIC, "%s",
			 hm_buf_str(&err));
	hm_buf_free(&err);
	return ret_code ? -1 : 0;
}

static int qmp_object_del(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *id = json_string_value(json_object_get(args, "id"));
	struct hm_memdev *md;

	if (!id)
		return qmp_fail(e, QMP_GENERIC, "Parameter 'id' is missing");
	md = memdev_find(m, id);
	if (!md)
		return qmp_fail(e, QMP_GENERIC, "object '%s' not found", id);
	if (md->user || md->numa_node)
		return qmp_fail(e, QMP_GENERIC, "object '%s' is in use, can not be deleted", id);
	memdev_del(m, md);
	return 0;
}

/*
 * device_add of a virtio-mem-pci (QEMU 7.2 hot-plugs it on pc): the id,
 * then each property in the order given (the memdev link must exist,
 * block-size is checked by its setter), then pre_plug and realize.
 */
static int qmp_device_add_virtio_mem(struct hm_machine *m, json_t *args,
				     struct dimm_props *pp, struct qmp_error *e)
{
	struct dimm_props p = *pp;
	const char *key;
	json_t *val;

	p.block_size = DIMM_ALIGN;
	p.unplugged_inaccessible = -1;
	p.devfn = -1;
	json_object_foreach(args, key, val) {
		bool present;
		uint64_t v = 0;

		if (!strcmp(key, "driver") || !strcmp(key, "id") || !strcmp(key, "bus"))
			continue;
		if (!strcmp(key, "addr")) {
			/*
			 * qemu_opts_from_qdict: a string as it is, a number or a
			 * boolean as text; any other type leaves the property unset
			 */
			char text[32];
			const char *str = text;

			if (json_is_string(val))
				str = json_string_value(val);
			else if (json_is_integer(val))
				snprintf(text, sizeof(text), "%lld",
					 (long long)json_integer_value(val));
			else if (json_is_real(val))
				snprintf(text, sizeof(text), "%.17g", json_real_value(val));
			else if (json_is_boolean(val))
				snprintf(text, sizeof(text), "%s", json_is_true(val) ? "on" : "off");
			else
				continue;
			if (pci_devfn_parse(str, &p.devfn))
				return qmp_fail(e, QMP_GENERIC, "Property 'virtio-mem-pci.addr' "
						"doesn't take value '%s'", str);
			continue;
		}
		if (!strcmp(key, "memdev")) {
			if (!json_is_string(val))
				return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for "
						"'memdev', expected: string");
			p.memdev = json_string_value(val);
			if (!memdev_find(m, p.memdev))
				return qmp_fail(e, QMP_DEVICE_NOT_FOUND, "Device '%s' not found",
						p.memdev);
		} else if (!strcmp(key, "node")) {
			if (get_uint_arg(args, key, 0xffffffffULL, "uint32_t", &v, &present, e))
				return -1;
			p.node = (long)v;
		} else if (!strcmp(key, "unplugged-inaccessible")) {
			const char *str = json_string_value(val);

			p.unplugged_inaccessible = !str ? -2 : !strcmp(str, "on") ? 1 :
						   !strcmp(str, "off") ? 0 :
						   !strcmp(str, "auto") ? -1 : -2;
			if (p.unplugged_inaccessible == -2) {
				/* QEMU names the value as given: 'x', or '1' for a number */
				char *text = str ? NULL : json_dumps(val, JSON_ENCODE_ANY);

				qmp_fail(e, QMP_GENERIC, "Parameter '%s' does not accept value '%s'",
					 key, str ? str : text ? text : "");
				hm_json_free(text);
				return -1;
			}
		} else if (!strcmp(key, "requested-size") || !strcmp(key, "block-size") ||
			   !strcmp(key, "memaddr")) {
			if (get_uint_arg(args, key, UINT64_MAX, "uint64", &v, &present, e))
				return -1;
			if (!strcmp(key, "requested-size")) {
				p.requested_size = (uint64_t)v;
			} else if (!strcmp(key, "memaddr")) {
				p.has_addr = true;
				p.addr = (uint64_t)v;
			} else {
				if (virtio_mem_check_block_size((uint64_t)v, e))
					return -1;
				p.block_size = (uint64_t)v;
			}
		} else {
			return qmp_fail(e, QMP_GENERIC, "Property 'virtio-mem-pci.%s' not found",
					key);
		}
	}
	return dimm_device_add(m, &p, true, e);
}

/*
 * device_add (qdev_device_add_from_qdict): the driver, the bus (named, or
 * the root bus for a PCI device) and whether it takes hot-plugged devices,
 * the id, then the driver's properties.
 */
static int qmp_device_add(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *driver = json_string_value(json_object_get(args, "driver"));
	json_t *bus = json_object_get(args, "bus");
	struct dimm_props p = { .slot = -1, .pci_bus = PCI_BUS_NONE };
	json_t *val;
	const char *key;
	bool present;
	uint64_t v = 0;

	/* qemu_opts_from_qdict: the id's form, before anything else */
	p.id = json_string_value(json_object_get(args, "id"));
	if (p.id && !qemu_id_wellformed(p.id))
		return qmp_fail(e, QMP_GENERIC, "Parameter 'id' expects an identifier");
	if (!driver)
		return qmp_fail(e, QMP_GENERIC, "Parameter 'driver' is missing");
	if (!strcmp(driver, "virtio-mem-pci") || !strcmp(driver, "pcie-root-port"))
		p.type = MDEV_VIRTIO_MEM;	/* a PCI device */
	else if (!strcmp(driver, "pc-dimm"))
		p.type = MDEV_PC_DIMM;
	else if (!strcmp(driver, "nvdimm"))
		p.type = MDEV_NVDIMM;
	else
		return qmp_fail(e, QMP_GENERIC, "'%s' is not a valid device model name", driver);
	if (bus && !json_is_string(bus))
		return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for 'bus', expected: "
				"string");
	if (bus && device_bus(m, &p, driver, json_string_value(bus), true, e))
		return -1;
	if (!bus && p.type == MDEV_VIRTIO_MEM) {
		p.pci_bus = PCI_BUS_ROOT;
		if (!pci_bus_hotpluggable(m, PCI_BUS_ROOT))
			return qmp_fail(e, QMP_GENERIC, "Bus '%s' does not support hotplugging",
					pci_root_bus_name(m));
	}
	if (!strcmp(driver, "pcie-root-port"))
		return qmp_fail(e, QMP_GENERIC, "hot-plugging a pcie-root-port is not modelled");
	p.id = json_string_value(json_object_get(args, "id"));
	if (p.id && dimm_id_in_use(m, p.id))
		return qmp_fail(e, QMP_GENERIC, "Duplicate device ID '%s'", p.id);
	if (p.type == MDEV_VIRTIO_MEM)
		return qmp_device_add_virtio_mem(m, args, &p, e);
	json_object_foreach(args, key, val) {
		if (strcmp(key, "driver") && strcmp(key, "id") && strcmp(key, "memdev") &&
		    strcmp(key, "node") && strcmp(key, "slot") && strcmp(key, "addr") &&
		    (p.type != MDEV_NVDIMM || strcmp(key, "label-size")))
			return qmp_fail(e, QMP_GENERIC, "Property '%s.%s' not found", driver, key);
	}
	val = json_object_get(args, "memdev");
	if (val && !json_is_string(val))
		return qmp_fail(e, QMP_GENERIC, "Invalid parameter type for 'memdev', "
				"expected: string");
	p.memdev = json_string_value(val);
	if (get_uint_arg(args, "node", 0xffffffffULL, "uint32_t", &v, &present, e))
		return -1;
	p.node = (long)v;
	if (get_int32_arg(args, "slot", &p.slot, &present, e))
		return -1;
	if (!present)
		p.slot = -1;
	if (get_uint_arg(args, "addr", UINT64_MAX, "uint64", &p.addr, &p.has_addr, e))
		return -1;
	if (p.type == MDEV_NVDIMM) {
		if (get_uint_arg(args, "label-size", UINT64_MAX, "uint64", &p.label_size,
				 &present, e))
			return -1;
		/* pc_memory_pre_plug refuses it without nvdimm=on (dimm_device_add) */
		if (m->nvdimm)
			return qmp_fail(e, QMP_GENERIC, "hot-plugging an nvdimm is not modelled "
					"(only cold ones, with -device nvdimm)");
	}
	return dimm_device_add(m, &p, true, e);
}

static int qmp_device_del(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *id = json_string_value(json_object_get(args, "id"));
	struct hm_dimm *dimm;

	if (!id)
		return qmp_fail(e, QMP_GENERIC, "Parameter 'id' is missing");
	if (hmm_dmirror_del(m, id))
		return 0;
	dimm = dimm_find(m, id);
	/* qdev_unplug: a device on a bus that takes no hot-plugged devices stays */
	if (pcie_port_find(m, id) >= 0 ||
	    (dimm && dimm->pci_bus != PCI_BUS_NONE && !pci_bus_hotpluggable(m, dimm->pci_bus)))
		return qmp_fail(e, QMP_GENERIC, "Bus '%s' does not support hotplugging",
				pci_bus_name(m, dimm ? dimm->pci_bus : PCI_BUS_ROOT));
	if (!dimm)
		return qmp_fail(e, QMP_DEVICE_NOT_FOUND, "Device '%s' not found", id);
	if (dimm->type == MDEV_VIRTIO_MEM)	/* QEMU 7.2: pc_machine_device_unplug_request_cb */
		return qmp_fail(e, QMP_GENERIC, "virtio based memory devices cannot be unplugged.");
	if (dimm->type == MDEV_NVDIMM)
		return qmp_fail(e, QMP_GENERIC, "nvdimm device hot unplug is not supported yet.");
	dimm->unplug_pending = true;	/* the ACPI eject request; the guest answers later */
	return 0;
}

/*
 * QOM paths (object_resolve_path) over the objects modelled: /objects and
 * its backends, /machine, /machine/peripheral with the devices by id,
 * /machine/peripheral-anon with device[N].  An absolute path names one by
 * its components (empty ones skipped: a trailing '/' is fine); a partial
 * path names the one object whose path ends with its components, none if
 * several do.
 */
enum qom_kind { QOM_NONE, QOM_CONTAINER, QOM_MACHINE, QOM_MEMDEV, QOM_DIMM, QOM_PORT };

struct qom_obj {
	enum qom_kind kind;
	struct hm_memdev *memdev;
	struct hm_dimm *dimm;
	int port;
};

#define QOM_MAX_DEPTH	8
#define QOM_NAME_MAX	128

static int qom_split(const char *path, char comp[][QOM_NAME_MAX], int max)
{
	int n = 0;

	while (*path) {
		size_t len;

		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (!len)
			break;
		if (n == max || len >= QOM_NAME_MAX)
			return -1;
		memcpy(comp[n], path, len);
		comp[n][len] = '\0';
		n++;
		path += len;
	}
	return n;
}

/* Does the candidate (cand, nc) match the path (comp, n)? */
static bool qom_match(char cand[][QOM_NAME_MAX], int nc, char comp[][QOM_NAME_MAX], int n,
		      bool absolute)
{
	int i;

	if (absolute ? n != nc : (n > nc || n == 0))
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(cand[nc - n + i], comp[i]))
			return false;
	return true;
}

struct qom_search {
	char comp[QOM_MAX_DEPTH][QOM_NAME_MAX];
	int n;
	bool absolute;
	struct qom_obj found;
	int nr;
};

static void qom_consider(struct qom_search *q, char cand[][QOM_NAME_MAX], int nc,
			 struct qom_obj obj)
{
	if (qom_match(cand, nc, q->comp, q->n, q->absolute)) {
		q->found = obj;
		q->nr++;
	}
}

static struct qom_obj qom_resolve(struct hm_machine *m, const char *path)
{
	struct qom_search q = { .absolute = path[0] == '/' };
	char cand[3][QOM_NAME_MAX];
	struct hm_memdev *md;
	struct hm_dimm *d;
	unsigned int i;

	q.n = qom_split(path, q.comp, QOM_MAX_DEPTH);
	if (q.n < 0)
		return (struct qom_obj){ .kind = QOM_NONE };
	if (q.absolute && !q.n)
		return (struct qom_obj){ .kind = QOM_CONTAINER };	/* the root */
	snprintf(cand[0], QOM_NAME_MAX, "objects");
	qom_consider(&q, cand, 1, (struct qom_obj){ .kind = QOM_CONTAINER });
	for (md = m->memdevs; md; md = md->next) {
		snprintf(cand[1], QOM_NAME_MAX, "%s", md->id);
		qom_consider(&q, cand, 2, (struct qom_obj){ .kind = QOM_MEMDEV, .memdev = md });
	}
	snprintf(cand[0], QOM_NAME_MAX, "machine");
	qom_consider(&q, cand, 1, (struct qom_obj){ .kind = QOM_MACHINE });
	snprintf(cand[1], QOM_NAME_MAX, "peripheral");
	qom_consider(&q, cand, 2, (struct qom_obj){ .kind = QOM_CONTAINER });
	for (d = m->dimms; d; d = d->next) {
		if (!d->id)
			continue;
		snprintf(cand[2], QOM_NAME_MAX, "%s", d->id);
		qom_consider(&q, cand, 3, (struct qom_obj){ .kind = QOM_DIMM, .dimm = d });
	}
	for (i = 0; i < m->nr_ports; i++) {
		if (!m->ports[i].id)
			continue;
		snprintf(cand[2], QOM_NAME_MAX, "%s", m->ports[i].id);
		qom_consider(&q, cand, 3, (struct qom_obj){ .kind = QOM_PORT, .port = (int)i });
	}
	snprintf(cand[1], QOM_NAME_MAX, "peripheral-anon");
	qom_consider(&q, cand, 2, (struct qom_obj){ .kind = QOM_CONTAINER });
	for (d = m->dimms; d; d = d->next) {
		if (d->id)
			continue;
		snprintf(cand[2], QOM_NAME_MAX, "device[%d]", d->anon_index);
		qom_consider(&q, cand, 3, (struct qom_obj){ .kind = QOM_DIMM, .dimm = d });
	}
	return q.nr == 1 ? q.found : (struct qom_obj){ .kind = QOM_NONE };
}

static const char *machine_qom_type(const struct hm_machine *m)
{
	return m->type == MACHINE_PC ? "pc-i440fx-7.2-machine" :
	       m->type == MACHINE_Q35 ? "pc-q35-7.2-machine" : "virt-7.2-machine";
}

/* The backend's properties modelled: its size, the others at their defaults. */
static json_t *memdev_qom_get(const struct hm_memdev *md, const char *prop)
{
	if (!strcmp(prop, "size"))
		return json_integer((json_int_t)md->size);
	if (!strcmp(prop, "merge") || !strcmp(prop, "dump") || !strcmp(prop, "reserve"))
		return json_true();
	if (!strcmp(prop, "prealloc") || !strcmp(prop, "share"))
		return json_false();
	if (!strcmp(prop, "policy"))
		return json_string("default");
	if (!strcmp(prop, "prealloc-threads"))
		return json_integer(1);
	return NULL;
}

/*
 * The object a qom-get/qom-set names, and the property: a memory device,
 * or NULL with *obj saying what else it is (e set when it is nothing, or
 * an argument is missing).
 */
static struct hm_dimm *qom_target(struct hm_machine *m, json_t *args, const char **prop,
				  struct qom_obj *obj, struct qmp_error *e)
{
	const char *path = json_string_value(json_object_get(args, "path"));

	*prop = json_string_value(json_object_get(args, "property"));
	obj->kind = QOM_NONE;
	if (!path || !*prop) {
		qmp_fail(e, QMP_GENERIC, "Parameter '%s' is missing", path ? "property" : "path");
		return NULL;
	}
	*obj = qom_resolve(m, path);
	if (obj->kind == QOM_NONE)
		qmp_fail(e, QMP_DEVICE_NOT_FOUND, "Device '%s' not found", path);
	return obj->kind == QOM_DIMM ? obj->dimm : NULL;
}

/* qom-get/-set of what is not a memory device: 0 answered, -1 with e set. */
static int qom_other(struct hm_machine *m, const struct qom_obj *obj, const char *prop,
		     bool set, json_t **ret, struct qmp_error *e)
{
	/* obj->port means something only for a QOM_PORT */
	const struct hm_pcie_port *port = obj->kind == QOM_PORT ? &m->ports[obj->port] : NULL;

	switch (obj->kind) {
	case QOM_CONTAINER:
		return qmp_fail(e, QMP_GENERIC, "Property 'container.%s' not found", prop);
	case QOM_MACHINE:
		return qmp_fail(e, QMP_GENERIC, "Property '%s.%s' not found", machine_qom_type(m),
				prop);
	case QOM_MEMDEV:
		*ret = memdev_qom_get(obj->memdev, prop);
		if (!*ret)
			return qmp_fail(e, QMP_GENERIC, "Property 'memory-backend-ram.%s' not found",
					prop);
		if (!set)
			return 0;
		json_decref(*ret);
		*ret = NULL;
		/* host_memory_backend_set_size on a backend in use (QEMU's trailing space) */
		if (!strcmp(prop, "size"))
			return qmp_fail(e, QMP_GENERIC, "cannot change property size of "
					"memory-backend-ram ");
		return qmp_fail(e, QMP_GENERIC, "qom-set of memory-backend-ram's %s is not "
				"modelled", prop);
	case QOM_PORT:
		if (strcmp(prop, "chassis") && strcmp(prop, "slot"))
			return qmp_fail(e, QMP_GENERIC, "Property 'pcie-root-port.%s' not found",
					prop);
		if (set)
			return qmp_fail(e, QMP_GENERIC, "Attempt to set property '%s' on device "
					"'%s' (type 'pcie-root-port') after it was realized", prop,
					port->id);
		*ret = json_integer((json_int_t)(!strcmp(prop, "chassis") ? port->chassis :
						 port->slot));
		return 0;
	default:
		return -1;	/* QOM_NONE: e is set */
	}
}

static int qmp_qom_get(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *prop;
	struct qom_obj obj;
	struct hm_dimm *dimm = qom_target(m, args, &prop, &obj, e);
	char buf[160];

	if (!dimm)
		return qom_other(m, &obj, prop, false, ret, e);
	if (dimm->type == MDEV_VIRTIO_MEM) {
		if (!strcmp(prop, "size")) {
			*ret = json_integer((json_int_t)dimm->plugged_size);
		} else if (!strcmp(prop, "requested-size")) {
			*ret = json_integer((json_int_t)dimm->requested_size);
		} else if (!strcmp(prop, "block-size")) {
			*ret = json_integer((json_int_t)dimm->block_size);
		} else if (!strcmp(prop, "node")) {
			*ret = json_integer(dimm->node);
		} else if (!strcmp(prop, "memaddr")) {
			*ret = json_integer((json_int_t)dimm->addr);
		} else if (!strcmp(prop, "memdev")) {
			snprintf(buf, sizeof(buf), "/objects/%s", dimm->memdev->id);
			*ret = json_string(buf);
		} else if (!strcmp(prop, "unplugged-inaccessible")) {
			*ret = json_string(dimm->unplugged_inaccessible ? "on" : "off");
		} else {
			return qmp_fail(e, QMP_GENERIC, "Property 'virtio-mem-pci.%s' not found",
					prop);
		}
		return 0;
	}
	if (!strcmp(prop, "addr")) {
		*ret = json_integer((json_int_t)dimm->addr);
	} else if (!strcmp(prop, "size")) {
		*ret = json_integer((json_int_t)dimm->size);
	} else if (!strcmp(prop, "node")) {
		*ret = json_integer(dimm->node);
	} else if (!strcmp(prop, "slot")) {
		*ret = json_integer(dimm->slot);
	} else if (!strcmp(prop, "memdev")) {
		snprintf(buf, sizeof(buf), "/objects/%s", dimm->memdev->id);
		*ret = json_string(buf);
	} else {
		return qmp_fail(e, QMP_GENERIC, "Property 'pc-dimm.%s' not found", prop);
	}
	return 0;
}

static int qmp_qom_set(struct hm_machine *m, json_t *args, json_t **ret, struct qmp_error *e)
{
	const char *prop;
	struct qom_obj obj;
	struct hm_dimm *dimm = qom_target(m, args, &prop, &obj, e);

	if (!dimm)
		return qom_other(m, &obj, prop, true, ret, e) ? -1 : 0;
	if (dimm->type == MDEV_VIRTIO_MEM) {
		json_t *v = json_object_get(args, "value");

		if (!strcmp(prop, "block-size"))	/* its setter, on a realized device */
			return qmp_fail(e, QMP_GENERIC, "'block-size' cannot be changed");
		if (!strcmp(prop, "size"))	/* the alias's target: a getter only */
			return qmp_fail(e, QMP_GENERIC, "Property 'virtio-mem.size' is not "
					"writable");
		if (strcmp(prop, "requested-size"))
			return qmp_fail(e, QMP_GENERIC, "Property 'virtio-mem-pci.%s' not found "
					"or read-only", prop);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return qmp_fail(e, QMP_GENERIC, "Parameter 'requested-size' expects "
					"uint64");
		if ((uint64_t)json_integer_value(v) > dimm->size)
			return qmp_fail(e, QMP_GENERIC, "'requested-size' cannot exceed the memory "
					"backend size(0x%llx)", (unsigned long long)dimm->size);
		if ((uint64_t)json_integer_value(v) % dimm->block_size)
			return qmp_fail(e, QMP_GENERIC, "'requested-size' has to be multiples of "
					"'block-size' (0x%llx)",
					(unsigned long long)dimm->block_size);
		if (dimm->requested_size != (uint64_t)json_integer_value(v)) {
			dimm->requested_size = (uint64_t)json_integer_value(v);
			virtio_mem_resize_usable_region(dimm, dimm->requested_size, false);
			dimm->config_changed = true;	/* a config interrupt to the driver */
		}
		return 0;
	}
	if (strcmp(prop, "addr") && strcmp(prop, "size") && strcmp(prop, "node") &&
	    strcmp(prop, "slot") && strcmp(prop, "memdev"))
		return qmp_fail(e, QMP_GENERIC, "Property 'pc-dimm.%s' not found", prop);
	return qmp_fail(e, QMP_GENERIC, "Attempt to set property '%s' on device '%s' (type "
			"'pc-dimm') after it was realized", prop, dimm->id);
}

/*
 * query-memory-size-summary: the boot RAM and what the memory devices plug
 * (get_plugged_memory_size: a DIMM's region, an NVDIMM's without its label
 * area, a virtio-mem's plugged size).
 */
static int qmp_query_memory_size_summary(struct hm_machine *m, json_t *args, json_t **ret,
					 struct qmp_error *e)
{
	uint64_t plugged = 0;
	struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next)
		plugged += d->type == MDEV_VIRTIO_MEM ? d->plugged_size : d->size;
	*ret = json_pack("{s:I,s:I}", "base-memory", (json_int_t)m->ram_size, "plugged-memory",
			 (json_int_t)plugged);
	return *ret ? 0 : qmp_oom(e);
}

static int qmp_query_memory_devices(struct hm_machine *m, json_t *args, json_t **ret,
				    struct qmp_error *e)
{
	struct hm_dimm **v;
	unsigned int n, i;
	char buf[160];

	v = dimms_by_addr(m, &n);
	if (!v)
		return qmp_oom(e);
	*ret = json_array();
	for (i = 0; i < n; i++) {
		json_t *data = json_object();

		snprintf(buf, sizeof(buf), "/objects/%s", v[i]->memdev->id);
		if (v[i]->type == MDEV_VIRTIO_MEM) {
			json_object_set_new(data, "block-size",
					    json_integer((json_int_t)v[i]->block_size));
			if (v[i]->id)
				json_object_set_new(data, "id", json_string(v[i]->id));
			json_object_set_new(data, "max-size", json_integer((json_int_t)v[i]->size));
			json_object_set_new(data, "memaddr", json_integer((json_int_t)v[i]->addr));
			json_object_set_new(data, "memdev", json_string(buf));
			json_object_set_new(data, "node", json_integer(v[i]->node));
			json_object_set_new(data, "requested-size",
					    json_integer((json_int_t)v[i]->requested_size));
			json_object_set_new(data, "size",
					    json_integer((json_int_t)v[i]->plugged_size));
			json_array_append_new(*ret, json_pack("{s:o,s:s}", "data", data, "type",
							      "virtio-mem"));
			continue;
		}
		json_object_set_new(data, "addr", json_integer((json_int_t)v[i]->addr));
		json_object_set_new(data, "hotpluggable", json_true());
		json_object_set_new(data, "hotplugged", json_boolean(v[i]->hotplugged));
		if (v[i]->id)
			json_object_set_new(data, "id", json_string(v[i]->id));
		json_object_set_new(data, "memdev", json_string(buf));
		json_object_set_new(data, "node", json_integer(v[i]->node));
		json_object_set_new(data, "size", json_integer((json_int_t)v[i]->size));
		json_object_set_new(data, "slot", json_integer(v[i]->slot));
		json_array_append_new(*ret, json_pack("{s:o,s:s}", "data", data, "type",
						      v[i]->type == MDEV_NVDIMM ? "nvdimm" : "dimm"));
	}
	hm_kfree(machine_alloc(m), v);
	return 0;
}

/*
 * The QMP commands, one row each: the monitor's own (the session runs them:
 * they act on the connection) first, then the machine's, in the order
 * query-commands lists them.
 */
const struct qmp_command qmp_commands[] = {
	{ "qmp_capabilities", QMP_MON_CAPABILITIES, 0, NULL },
	{ "query-version", QMP_MON_QUERY_VERSION, 0, NULL },
	{ "query-commands", QMP_MON_QUERY_COMMANDS, 0, NULL },
	{ "query-status", QMP_MON_QUERY_STATUS, 0, NULL },
	{ "quit", QMP_MON_QUIT, 0, NULL },
	{ "object-add", QMP_MACHINE, QMP_F_CHANGES, qmp_object_add },
	{ "object-del", QMP_MACHINE, QMP_F_CHANGES, qmp_object_del },
	{ "device_add", QMP_MACHINE, QMP_F_CHANGES, qmp_device_add },
	{ "device_del", QMP_MACHINE, QMP_F_CHANGES, qmp_device_del },
	{ "qom-get", QMP_MACHINE, 0, qmp_qom_get },
	{ "qom-set", QMP_MACHINE, QMP_F_CHANGES, qmp_qom_set },
	{ "query-memory-devices", QMP_MACHINE, 0, qmp_query_memory_devices },
	{ "query-memory-size-summary", QMP_MACHINE, 0, qmp_query_memory_size_summary },
	{ NULL, 0, 0, NULL }
};

const struct qmp_command *qmp_command_find(const char *name)
{
	const struct qmp_command *c;

	for (c = qmp_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int qmp_check_request(void *request, bool oob_enabled, struct qmp_request *rq, char *desc,
		      size_t desc_len)
{
	json_t *req = request, *v;
	const char *key;
	bool both = false;

	memset(rq, 0, sizeof(*rq));
	if (!json_is_object(req)) {
		snprintf(desc, desc_len, "QMP input must be a JSON object");
		return -EINVAL;
	}
	rq->id = json_object_get(req, "id");
	/* qmp_dispatch_check_obj: every member known and of its type */
	json_object_foreach(req, key, v) {
		if (!strcmp(key, "execute") || (!strcmp(key, "exec-oob") && oob_enabled)) {
			if (!json_is_string(v)) {
				snprintf(desc, desc_len, "QMP input member '%s' must be a string", key);
				return -EINVAL;
			}
			if (rq->exec) {
				both = true;
				break;
			}
			rq->exec = json_string_value(v);
			rq->oob = !strcmp(key, "exec-oob");
		} else if (!strcmp(key, "arguments")) {
			if (!json_is_object(v)) {
				snprintf(desc, desc_len,
					 "QMP input member 'arguments' must be an object");
				return -EINVAL;
			}
			rq->args = v;
		} else if (strcmp(key, "id")) {
			snprintf(desc, desc_len, "QMP input member '%s' is unexpected", key);
			return -EINVAL;
		}
	}
	if (both) {
		snprintf(desc, desc_len, "QMP input must not have both 'execute' and 'exec-oob'");
		return -EINVAL;
	}
	if (!rq->exec) {
		snprintf(desc, desc_len, "QMP input lacks member 'execute'");
		return -EINVAL;
	}
	return 0;
}

/*
 * One command of the machine.  Its JSON comes from the machine's counted
 * allocator (hm_json_scope_enter).  A command during which an allocation
 * failed answers "out of memory" if it failed or only reads (its answer
 * would be wrong or missing otherwise) and the failed command changed
 * nothing; a command that changed the machine and lost only an event to
 * the failure answers as it succeeded, as QEMU would.
 */
int machine_qmp_call(struct hm_machine *m, const struct qmp_request *rq, unsigned int flags,
		     struct qmp_reply *r)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	unsigned long null_before = machine_alloc(m)->nr_null;
	const struct qmp_command *c = qmp_command_find(rq->exec);
	json_t *empty = NULL, *args = rq->args, *ret = NULL;
	struct qmp_error e = { 0 };
	int rc;

	memset(r, 0, sizeof(*r));
	if (!c || c->monitor != QMP_MACHINE)
		rc = qmp_fail(&e, QMP_COMMAND_NOT_FOUND, "The command %s has not been found",
			      rq->exec);
	else if (!args && !(args = empty = json_object()))
		rc = qmp_oom(&e);
	else
		rc = c->fn(m, args, &ret, &e);
	json_decref(empty);
	if (!rc && ret && (flags & QMP_CALL_TEXT))
		r->text = json_dumps(ret, JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (machine_alloc(m)->nr_null != null_before && (rc || !c || !(c->flags & QMP_F_CHANGES))) {
		rc = qmp_fail(&e, QMP_GENERIC, "out of memory");
		hm_json_free(r->text);
		r->text = NULL;
	}
	if (rc) {
		json_decref(ret);
		r->cls = qmp_class_names[e.cls];
		snprintf(r->desc, sizeof(r->desc), "%s", e.desc);
	} else {
		r->ret = ret;
	}
	hm_json_scope_leave(prev);
	return rc ? -EINVAL : 0;
}

void qmp_reply_free(struct qmp_reply *r)
{
	json_decref(r->ret);
	hm_json_free(r->text);
	memset(r, 0, sizeof(*r));
}

void qmp_reply_answer(const struct qmp_reply *r, struct hm_buf *answer)
{
	if (r->cls)
		hm_buf_printf(answer, "error %s: %s", r->cls, r->desc);
	else if (r->ret)
		hm_buf_printf(answer, "return %s", r->text ? r->text : "null");
	else
		hm_buf_printf(answer, "ok");
}

void machine_qmp(struct hm_machine *m, const char *text, struct hm_buf *answer)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	unsigned long null_before = machine_alloc(m)->nr_null;
	struct qmp_request rq;
	struct qmp_reply r = { 0 };
	json_error_t jerr;
	json_t *cmd;

	cmd = hm_json_loads(machine_alloc(m), text, 0, &jerr);
	if (!cmd) {
		/* jansson does not always say that it ran out of memory; the allocator does */
		if (json_error_code(&jerr) == json_error_out_of_memory ||
		    machine_alloc(m)->nr_null != null_before)
			hm_buf_printf(answer, "error GenericError: out of memory");
		else
			hm_buf_printf(answer, "error GenericError: JSON parse error, %s",
				      jerr.text);
		hm_json_scope_leave(prev);
		return;
	}
	if (qmp_check_request(cmd, false, &rq, r.desc, sizeof(r.desc)))
		r.cls = qmp_class_names[QMP_GENERIC];
	else
		machine_qmp_call(m, &rq, QMP_CALL_TEXT, &r);
	qmp_reply_answer(&r, answer);
	qmp_reply_free(&r);
	json_decref(cmd);
	hm_json_scope_leave(prev);
}
