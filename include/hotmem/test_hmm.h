/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_hmm.h - an emulator-only device-private memory device, after the
 * kernel's lib/test_hmm.c ("hmm_dmirror").
 *
 * `-device hmm-dmirror,id=ID,size=SIZE[,node=N]` gives the guest SIZE of
 * device-private memory in 256 MiB chunks (DEVMEM_CHUNK_SIZE).  Each chunk
 * is a range from request_free_mem_region() at the top of the physical
 * address space ("hmm_dmirror", IORES_DESC_DEVICE_PRIVATE_MEMORY) and a
 * MEMORY_DEVICE_PRIVATE pgmap: struct pages in ZONE_DEVICE through
 * add_pages(), with no linear map, no memblock, no memory blocks and no
 * firmware map entry; the pages start free (refcount 0), owned by the
 * device.  QMP device_del removes it at once (memunmap_pages, then the
 * resource): nothing of the guest can hold such memory in hotmem.
 */
#ifndef HOTMEM_TEST_HMM_H
#define HOTMEM_TEST_HMM_H

#include <stdint.h>
#include "hotmem/memremap.h"

struct hm_system;
struct resource;

#define DEVMEM_CHUNK_SIZE	(256ULL << 20)

struct dmirror_chunk {
	struct resource *res;
	struct dev_pagemap pgmap;
};

struct dmirror_device {
	int id;				/* the guest's hmm_dmirrorN */
	int nid;
	unsigned int nr_chunks;
	struct dmirror_chunk *chunks;
	struct dmirror_device *next;
};

/**
 * dmirror_device_add() - add a device of device-private memory
 * @sys: the system
 * @size: its memory, a multiple of DEVMEM_CHUNK_SIZE (256 MiB)
 * @nid: the node of its struct pages
 * @out: gets the device (may be NULL)
 *
 * Each chunk takes a free range at the top of the address space and is
 * mapped with memremap_pages(), in order.
 *
 * Return: 0; -EINVAL for a @size 0 or not a multiple of the chunk; -ENOMEM;
 * -EBUSY if no free range of a chunk's size is left; memremap_pages()'s
 * errno.  Nothing changes on failure (the chunks mapped before are undone).
 */
int dmirror_device_add(struct hm_system *sys, uint64_t size, int nid,
		       struct dmirror_device **out);

/**
 * dmirror_device_remove() - remove a device of device-private memory
 * @sys: the system
 * @dev: a device dmirror_device_add() gave
 *
 * Its pgmaps go in the reverse order (memunmap_pages()), then their
 * resources; @dev is freed.
 */
void dmirror_device_remove(struct hm_system *sys, struct dmirror_device *dev);

/**
 * dmirror_devices_destroy() - remove every hmm-dmirror device
 * @sys: the system being torn down
 */
void dmirror_devices_destroy(struct hm_system *sys);

#endif /* HOTMEM_TEST_HMM_H */
