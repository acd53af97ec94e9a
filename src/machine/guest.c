// SPDX-License-Identifier: GPL-2.0
/*
 * guest.c - the guest's side of device memory: the loop that hands each
 * pending ACPI or virtio event to the guest driver that handles it
 * (acpi_memhotplug.c for pc-dimm hot-add and eject, virtio_mem.c for
 * virtio-mem probe and config changes, the NVDIMM probe, the test_hmm
 * dmirror), in the order the devices came.
 *
 * QMP commands (dimm.c, the QEMU side) only change the devices and raise
 * the events, answering at once as QEMU does; the guest reacts here, when
 * machine_guest_sync() or machine_guest_step() runs, or guest time passes
 * (machine_sleep(): virtio-mem's retry timer).  An eject the guest
 * accepts (_EJ0) is answered by QEMU unplugging the DIMM (dimm_unplug).
 */
#include <stdint.h>
#include "hotmem/report.h"
#include "hotmem/verify.h"
#include "machine/machine_internal.h"
#include "machine/qmp_events.h"

int machine_guest_step(struct hm_machine *m, int *err)
{
	struct hm_dimm *d;

	*err = 0;
	if (hmm_dmirror_guest_step(m, err))
		return 1;
	/* ACPI and virtio events in the order the devices came */
	for (d = m->dimms; d; d = d->next) {
		if (d->hidden)
			continue;	/* the guest never scans its slot (pci.c) */
		if (d->guest == DIMM_GUEST_NEW && d->type == MDEV_VIRTIO_MEM) {
			/* the PCI core's resources first (a -ENOMEM only loses the lines) */
			pci_hotplug_virtio_mem(m, d);
			return 1;
		}
		if (d->type == MDEV_VIRTIO_MEM) {
			if (virtio_mem_guest_step(m, d, err))
				return 1;
			continue;
		}
		if (d->guest == DIMM_GUEST_NEW && d->type == MDEV_NVDIMM) {
			*err = nvdimm_guest_probe(m, d);
			return 1;
		}
		if (d->guest == DIMM_GUEST_NEW && !d->unplug_pending) {
			*err = acpi_memory_device_add(m, d);
			/* acpi_device_hotplug: a driver's failure does not fail the scan */
			if (d->hotplugged)
				qmp_event_acpi_ost(m, d->id, d->slot, ACPI_OST_EV_INSERT,
						   ACPI_OST_SUCCESS);
			return 1;
		}
		if (d->unplug_pending) {
			qmp_event_acpi_ost(m, d->id, d->slot, ACPI_OST_EV_EJECT,
					   ACPI_OST_EJECT_IN_PROGRESS);
			if (acpi_memory_device_eject(m, d) == 0) {
				int slot = d->slot;

				/* _EJ0: QEMU unplugs the DIMM, then the guest's _OST arrives */
				qmp_event_device_deleted(m, d);
				dimm_unplug(m, d);
				qmp_event_acpi_ost(m, NULL, slot, ACPI_OST_EV_EJECT,
						   ACPI_OST_SUCCESS);
			} else {
				d->unplug_pending = false;
				qmp_event_acpi_ost(m, d->id, d->slot, ACPI_OST_EV_EJECT,
						   ACPI_OST_EJECT_DEVICE_IN_USE);
			}
			return 1;
		}
	}
	return 0;
}

int machine_guest_sync(struct hm_machine *m)
{
	int ret = 0, err;

	while (machine_guest_step(m, &err))
		if (err && !ret)
			ret = err;
	return ret;
}

void machine_sleep(struct hm_machine *m, uint64_t ms)
{
	struct hm_dimm *d;

	m->now_ms = m->now_ms + ms < m->now_ms ? UINT64_MAX : m->now_ms + ms;
	for (d = m->dimms; d; d = d->next)
		if (d->type == MDEV_VIRTIO_MEM)
			virtio_mem_sleep(m, d);
}

unsigned long machine_verify(struct hm_machine *m, struct hm_buf *out)
{
	unsigned long n = verify_system(m->sys, out);
	struct hm_report r;
	struct hm_dimm *d;

	hm_report_init(&r);
	for (d = m->dimms; d; d = d->next)
		if (d->type == MDEV_VIRTIO_MEM)
			virtio_mem_check(m, d, &r);
	if (r.nr_violations)
		hm_buf_append(out, hm_buf_str(&r.text), r.text.len);
	n += r.nr_violations;
	hm_report_free(&r);
	return n;
}
