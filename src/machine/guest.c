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
 * machine_guest_sync() or machine_guest_step() runs.  An eject the guest
 * accepts (_EJ0) is answered by QEMU unplugging the DIMM (dimm_unplug).
 */
#include "machine/machine_internal.h"

int machine_guest_step(struct hm_machine *m, int *err)
{
	struct hm_dimm *d;

	*err = 0;
	if (hmm_dmirror_guest_step(m, err))
		return 1;
	/* ACPI and virtio events in the order the devices came */
	for (d = m->dimms; d; d = d->next) {
		if (d->guest == DIMM_GUEST_NEW && d->type == MDEV_VIRTIO_MEM) {
			virtio_mem_probe(m, d);
			return 1;
		}
		if (d->type == MDEV_VIRTIO_MEM && d->config_changed) {
			int done = d->guest == DIMM_GUEST_ADDED ? virtio_mem_work(m, d) : 0;

			/* the work item runs again while it makes progress */
			if (done == VIRTIO_MEM_WAIT)
				continue;
			if (done <= 0)
				d->config_changed = false;
			if (done < 0)
				*err = done;
			if (done)
				return 1;
			continue;
		}
		if (d->guest == DIMM_GUEST_NEW && d->type == MDEV_NVDIMM) {
			*err = nvdimm_guest_probe(m, d);
			return 1;
		}
		if (d->guest == DIMM_GUEST_NEW && !d->unplug_pending) {
			*err = acpi_memory_device_add(m, d);
			return 1;
		}
		if (d->unplug_pending) {
			if (acpi_memory_device_eject(m, d) == 0)
				dimm_unplug(m, d);	/* _EJ0: QEMU unplugs the DIMM */
			else
				d->unplug_pending = false;
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
