// SPDX-License-Identifier: GPL-2.0
/*
 * dax.c - the drivers of a dax device: device_dax and kmem (mirrors
 * drivers/dax/device.c and drivers/dax/kmem.c).
 *
 * device_dax claims the dax range as "daxX.Y" (busy) and maps the static
 * pgmap its dax_pmem parent set up: memremap_pages(MEMORY_DEVICE_GENERIC)
 * of the whole namespace, on the region's target node.
 *
 * kmem hot-plugs the range as System RAM: the range aligned inward to
 * memory blocks, one static memory group on the target node, "daxX.Y"
 * requested with the flags of System RAM but not busy, so that
 * add_memory_driver_managed() can put "System RAM (kmem)" below it.  No
 * firmware map entry (driver-managed memory is not for kexec'd kernels).
 * The blocks are onlined by the policy (auto_online_blocks) or by daxctl.
 * Unbinding refuses with -EBUSY while a block is online; once all are
 * offline remove_memory() takes them away (sections, memblock, resources:
 * no zone work, that was done at offline) and "daxX.Y" goes with it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

static void dax_name(const struct dax_dev *dax, char *buf, size_t n)
{
	snprintf(buf, n, "dax%d.%d", dax->region_id, dax->id);
}

int dax_bind_device_dax(struct hm_system *sys, struct dax_dev *dax)
{
	char name[32];
	int ret;

	if (dax->driver == DAX_DRV_DEVICE)
		return 0;
	if (dax->driver != DAX_DRV_NONE)
		return -EBUSY;
	dax_name(dax, name, sizeof(name));
	ret = request_region(&sys->alloc, &sys->iomem_resource, dax->start,
			     dax->end - dax->start + 1, name, IORESOURCE_MEM | IORESOURCE_BUSY,
			     IORES_DESC_NONE, &dax->res);
	if (ret)
		return ret;
	ret = memremap_pages(sys, &dax->ns->pgmap, dax->target_node);
	if (ret) {
		release_region(&sys->alloc, dax->res);
		dax->res = NULL;
		return ret;
	}
	dax->driver = DAX_DRV_DEVICE;
	return 0;
}

/* dax_kmem_range: the range aligned inward to memory blocks. */
static bool dax_kmem_range(struct hm_system *sys, const struct dax_dev *dax, uint64_t *start,
			   uint64_t *size)
{
	uint64_t bs = memory_block_size_bytes(sys);
	uint64_t s = ALIGN(dax->start, bs), e = ALIGN_DOWN(dax->end + 1, bs);

	if (s >= e)
		return false;
	*start = s;
	*size = e - s;
	return true;
}

int dax_bind_kmem(struct hm_system *sys, struct dax_dev *dax)
{
	uint64_t start, size;
	char name[32];
	int mgid, ret, nid = dax->target_node;

	if (dax->driver == DAX_DRV_KMEM)
		return 0;
	if (dax->driver != DAX_DRV_NONE)
		return -EBUSY;
	dax_name(dax, name, sizeof(name));
	if (!dax_kmem_range(sys, dax, &start, &size)) {
		pr_warn(sys, "kmem %s: rejecting DAX region without any memory after alignment",
		       name);
		return -EINVAL;
	}
	mgid = memory_group_register_static(sys, nid, PFN_UP(size));
	if (mgid < 0)
		return mgid;
	ret = request_region(&sys->alloc, &sys->iomem_resource, start, size, name,
			     IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, &dax->res);
	if (ret) {
		pr_warn(sys, "kmem %s: mapping0: %#llx-%#llx could not reserve region", name,
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		goto out_group;
	}
	/* Flags of System RAM, busy clear: add_memory_driver_managed adds below it. */
	dax->res->flags = IORESOURCE_SYSTEM_RAM;
	ret = add_memory_driver_managed(sys, mgid, start, size, "System RAM (kmem)",
					MHP_NID_IS_MGID);
	if (ret) {
		pr_warn(sys, "kmem %s: mapping0: %#llx-%#llx memory add failed", name,
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		release_region(&sys->alloc, dax->res);
		dax->res = NULL;
		goto out_group;
	}
	dax->kmem_start = start;
	dax->kmem_size = size;
	dax->mgid = mgid;
	dax->driver = DAX_DRV_KMEM;
	return 0;

out_group:
	memory_group_unregister(sys, mgid);
	return ret;
}

int dax_unbind(struct hm_system *sys, struct dax_dev *dax)
{
	int ret;

	switch (dax->driver) {
	case DAX_DRV_NONE:
		return 0;
	case DAX_DRV_DEVICE:
		memunmap_pages(sys, &dax->ns->pgmap);
		break;
	case DAX_DRV_KMEM:
		ret = remove_memory(sys, dax->kmem_start, dax->kmem_size);
		if (ret)
			return ret;	/* a block is online: the memory stays */
		memory_group_unregister(sys, dax->mgid);
		dax->mgid = -1;
		dax->kmem_start = dax->kmem_size = 0;
		break;
	}
	release_region(&sys->alloc, dax->res);
	dax->res = NULL;
	dax->driver = DAX_DRV_NONE;
	return 0;
}
