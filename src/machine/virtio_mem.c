// SPDX-License-Identifier: GPL-2.0
/*
 * virtio_mem.c - the guest's virtio-mem driver (drivers/virtio/virtio_mem.c)
 * in Sub Block Mode, at memory-block granularity, and the device's plugged
 * state (QEMU's virtio-mem: "size" is what is plugged).
 *
 * Probe requests the parent resource "virtioN" over the device region
 * (System RAM, not busy, so that the memory added below it fits) and a
 * dynamic memory group with the memory block as unit.  A change of
 * requested-size makes the driver plug or unplug:
 *  - plug: blocks the driver used before (UNUSED) in ascending order, then
 *    new blocks, one block a work item (so that each add succeeds or fails
 *    on its own); each is plugged at the device and added with
 *    add_memory_driver_managed("System RAM (virtio_mem)", merge the
 *    resource, the group as node); onlining is left to auto-online or the
 *    user.  Adding stops when one more memory block would take the memory
 *    not onlined past the offline threshold (max(2 blocks, 1 GiB)), and
 *    goes on once onlining brought it down to half the threshold.
 *  - unplug, from the highest block down, offline blocks first, then
 *    ZONE_MOVABLE, then kernel blocks: an offline block is removed; an online
 *    one goes through offline_and_remove_memory(); a block that cannot go
 *    stays plugged (the driver retries later; it does not fake-offline
 *    kernel memory here).
 * Sub-block plugging (a memory block partly plugged, its unplugged part kept
 * fake-offline) is not modelled: requests are rounded down to whole memory
 * blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "machine/machine_internal.h"

enum sbm_mb_state {
	SBM_MB_UNUSED = 0,	/* not plugged, not added (or never used) */
	SBM_MB_PLUGGED,		/* plugged at the device, adding it failed */
	SBM_MB_ADDED,		/* plugged and added; online or not */
};

void virtio_mem_probe(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	unsigned long block = memory_block_size_bytes(sys);
	char name[32];
	int mgid, ret;

	snprintf(name, sizeof(name), "virtio%d", dev->virtio_index);
	dev->nr_mb = dev->size / block;
	dev->mb_state = calloc(dev->nr_mb ? dev->nr_mb : 1, 1);
	if (!dev->mb_state) {
		dev->guest = DIMM_GUEST_FAILED;
		return;
	}
	ret = request_region(&sys->alloc, &sys->iomem_resource, dev->addr, dev->size, name,
			     IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE, &dev->parent_resource);
	if (ret) {
		pr_warn(sys, "virtio_mem %s: could not reserve device region", name);
		dev->guest = DIMM_GUEST_FAILED;
		return;
	}
	/* virtio_mem_translate_node_id, then memory_add_physaddr_to_nid */
	mgid = memory_group_register_dynamic(sys, hotplug_memory_nid(sys, dev->node, dev->addr),
					     block >> PAGE_SHIFT);
	if (mgid < 0) {
		release_region(&sys->alloc, dev->parent_resource);
		dev->parent_resource = NULL;
		dev->guest = DIMM_GUEST_FAILED;
		return;
	}
	dev->mgid = mgid;
	dev->guest = DIMM_GUEST_ADDED;
}

void virtio_mem_free(struct hm_dimm *dev)
{
	free(dev->mb_state);
	dev->mb_state = NULL;
}

static uint64_t mb_addr(struct hm_system *sys, struct hm_dimm *dev, unsigned long i)
{
	return dev->addr + (uint64_t)i * memory_block_size_bytes(sys);
}

/* Added memory of the device that is not online (the driver's offline_size). */
static uint64_t offline_size(struct hm_system *sys, struct hm_dimm *dev)
{
	unsigned long block = memory_block_size_bytes(sys), i;
	uint64_t size = 0;

	for (i = 0; i < dev->nr_mb; i++) {
		struct memory_block *mem;

		if (dev->mb_state[i] != SBM_MB_ADDED)
			continue;
		mem = find_memory_block_by_id(sys, phys_to_block_id(sys, mb_addr(sys, dev, i)));
		if (mem && mem->state == MEM_OFFLINE)
			size += block;
	}
	return size;
}

/* The most added memory the driver leaves offline: max(2 blocks, 1 GiB). */
static uint64_t offline_threshold(struct hm_system *sys)
{
	uint64_t two_blocks = 2 * (uint64_t)memory_block_size_bytes(sys);

	return two_blocks > SZ_1G ? two_blocks : SZ_1G;
}

/* Plugs and adds one block; 0, or the add's error (the block stays PLUGGED). */
static int plug_and_add_mb(struct hm_machine *m, struct hm_dimm *dev, unsigned long i)
{
	struct hm_system *sys = m->sys;
	unsigned long block = memory_block_size_bytes(sys);
	int ret;

	if (dev->mb_state[i] == SBM_MB_UNUSED)
		dev->plugged_size += block;	/* VIRTIO_MEM_REQ_PLUG */
	dev->mb_state[i] = SBM_MB_PLUGGED;
	ret = add_memory_driver_managed(sys, dev->mgid, mb_addr(sys, dev, i), block,
					"System RAM (virtio_mem)",
					MHP_MERGE_RESOURCE | MHP_NID_IS_MGID);
	if (ret) {
		pr_err(sys, "virtio_mem: adding memory failed: %d", ret);
		return ret;
	}
	dev->mb_state[i] = SBM_MB_ADDED;
	return 0;
}

/*
 * Plugs the next block toward the request: 1 done, 0 nothing to do,
 * VIRTIO_MEM_WAIT if the offline threshold holds it back, <0 an error.
 */
static int plug_one(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	unsigned long block = memory_block_size_bytes(sys), i;
	uint64_t threshold = offline_threshold(sys);
	int pass, ret;

	/*
	 * Held back by the threshold, the driver runs again when onlining
	 * brings the memory not onlined down to half of it (its MEM_ONLINE
	 * notifier); the work item then adds up to the threshold again.
	 */
	if (dev->waiting && offline_size(sys, dev) > threshold / 2)
		return VIRTIO_MEM_WAIT;
	dev->waiting = false;

	/* blocks plugged but not added, then unused ones in ascending order */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < dev->nr_mb; i++) {
			if (dev->mb_state[i] != (pass ? SBM_MB_UNUSED : SBM_MB_PLUGGED))
				continue;
			if (offline_size(sys, dev) + block > threshold) {
				dev->waiting = true;	/* until memory is onlined */
				return VIRTIO_MEM_WAIT;
			}
			ret = plug_and_add_mb(m, dev, i);
			return ret ? ret : 1;
		}
	}
	return 0;
}

/* Unplugs one block: 1 done, -EBUSY if no block could go now. */
static int unplug_one(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	unsigned long block = memory_block_size_bytes(sys), i;
	int pass;

	/* offline blocks, then ZONE_MOVABLE, then kernel blocks; each from the top */
	for (pass = 0; pass < 3; pass++) {
		for (i = dev->nr_mb; i-- > 0;) {
			uint64_t addr = mb_addr(sys, dev, i);
			struct memory_block *mem;
			bool movable;
			int ret;

			if (dev->mb_state[i] == SBM_MB_PLUGGED && pass == 0) {
				dev->mb_state[i] = SBM_MB_UNUSED;	/* never added */
				dev->plugged_size -= block;
				return 1;
			}
			if (dev->mb_state[i] != SBM_MB_ADDED)
				continue;
			mem = find_memory_block_by_id(sys, phys_to_block_id(sys, addr));
			if (!mem)
				continue;
			movable = mem->zone && mem->zone->idx == ZONE_MOVABLE;
			if ((pass == 0) != (mem->state == MEM_OFFLINE) ||
			    (pass == 1 && !movable) || (pass == 2 && movable))
				continue;
			if (pass == 0)
				ret = remove_memory(sys, addr, block);
			else
				ret = offline_and_remove_memory(sys, addr, block);
			if (ret)
				continue;	/* this one stays; try the next */
			dev->mb_state[i] = SBM_MB_UNUSED;	/* VIRTIO_MEM_REQ_UNPLUG */
			dev->plugged_size -= block;
			return 1;
		}
	}
	return -EBUSY;
}

int virtio_mem_work(struct hm_machine *m, struct hm_dimm *dev)
{
	unsigned long block = memory_block_size_bytes(m->sys);
	uint64_t req = dev->requested_size, plugged = dev->plugged_size;

	if (req >= plugged + block)
		return plug_one(m, dev);
	if (plugged >= req + block)
		return unplug_one(m, dev);
	return 0;
}
