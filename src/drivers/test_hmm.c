// SPDX-License-Identifier: GPL-2.0
/*
 * test_hmm.c - the hmm_dmirror device-private memory (mirrors the chunk
 * allocation of lib/test_hmm.c, dmirror_allocate_chunk): see test_hmm.h.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/system.h"
#include "hotmem/test_hmm.h"

static void chunk_free(struct hm_system *sys, struct dmirror_chunk *c)
{
	memunmap_pages(sys, &c->pgmap);
	release_region(&sys->alloc, c->res);
	c->res = NULL;
}

int dmirror_device_add(struct hm_system *sys, uint64_t size, int nid,
		       struct dmirror_device **out)
{
	struct dmirror_device *dev, **pp;
	unsigned int i;
	int ret = 0, id = 0;

	if (!size || size % DEVMEM_CHUNK_SIZE)
		return -EINVAL;
	for (dev = sys->dmirrors; dev; dev = dev->next)
		if (dev->id >= id)
			id = dev->id + 1;
	dev = hm_kzalloc(&sys->alloc, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->nr_chunks = (unsigned int)(size / DEVMEM_CHUNK_SIZE);
	dev->chunks = hm_kzalloc(&sys->alloc, dev->nr_chunks * sizeof(*dev->chunks));
	if (!dev->chunks) {
		hm_kfree(&sys->alloc, dev);
		return -ENOMEM;
	}
	dev->id = id;
	dev->nid = nid;
	for (i = 0; i < dev->nr_chunks; i++) {
		struct dmirror_chunk *c = &dev->chunks[i];

		c->res = request_free_mem_region(&sys->alloc, &sys->iomem_resource,
						 DEVMEM_CHUNK_SIZE, "hmm_dmirror",
						 arch_physmem_bits(&sys->arch));
		if (!c->res) {
			ret = -EBUSY;
			break;
		}
		c->pgmap.type = MEMORY_DEVICE_PRIVATE;
		c->pgmap.start = c->res->start;
		c->pgmap.end = c->res->end;
		c->pgmap.ops.page_free = true;
		c->pgmap.ops.migrate_to_ram = true;
		c->pgmap.owner = dev;
		ret = memremap_pages(sys, &c->pgmap, nid);
		if (ret) {
			release_region(&sys->alloc, c->res);
			c->res = NULL;
			break;
		}
	}
	if (ret) {
		while (i--)
			chunk_free(sys, &dev->chunks[i]);
		hm_kfree(&sys->alloc, dev->chunks);
		hm_kfree(&sys->alloc, dev);
		return ret;
	}
	for (pp = &sys->dmirrors; *pp; pp = &(*pp)->next)
		;
	*pp = dev;
	if (out)
		*out = dev;
	return 0;
}

void dmirror_device_remove(struct hm_system *sys, struct dmirror_device *dev)
{
	struct dmirror_device **pp;
	unsigned int i = dev->nr_chunks;

	for (pp = &sys->dmirrors; *pp; pp = &(*pp)->next)
		if (*pp == dev) {
			*pp = dev->next;
			break;
		}
	while (i--)
		chunk_free(sys, &dev->chunks[i]);
	hm_kfree(&sys->alloc, dev->chunks);
	hm_kfree(&sys->alloc, dev);
}

void dmirror_devices_destroy(struct hm_system *sys)
{
	while (sys->dmirrors)
		dmirror_device_remove(sys, sys->dmirrors);
}
