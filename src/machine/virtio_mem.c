// SPDX-License-Identifier: GPL-2.0
/*
 * virtio_mem.c - the guest's virtio-mem driver (drivers/virtio/virtio_mem.c),
 * as far as hotmem models it: probing a device requests its parent resource
 * "virtioN" over the whole device region (System RAM, not busy, so that the
 * memory it adds can sit below it) and registers a dynamic memory group with
 * the memory block as unit.  Plugging and unplugging (requested-size) are
 * not modelled yet: the device stays at size 0.
 */
#include <stdio.h>
#include "machine/machine_internal.h"

void virtio_mem_probe(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	char name[32];
	int mgid, ret;

	snprintf(name, sizeof(name), "virtio%d", dev->virtio_index);
	ret = request_region(&sys->alloc, &sys->iomem_resource, dev->addr, dev->size, name,
			     IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE, &dev->parent_resource);
	if (ret) {
		hm_log(sys, "virtio_mem %s: could not reserve device region", name);
		dev->guest = DIMM_GUEST_FAILED;
		return;
	}
	mgid = memory_group_register_dynamic(sys, dev->node,
					     memory_block_size_bytes(sys) >> PAGE_SHIFT);
	if (mgid < 0) {
		release_region(&sys->alloc, dev->parent_resource);
		dev->parent_resource = NULL;
		dev->guest = DIMM_GUEST_FAILED;
		return;
	}
	dev->mgid = mgid;
	dev->guest = DIMM_GUEST_ADDED;
}
