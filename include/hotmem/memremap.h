/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memremap.h - device memory: struct dev_pagemap and memremap_pages (mirrors
 * include/linux/memremap.h and mm/memremap.c).
 *
 * Memory that belongs to a device (an NVDIMM namespace, a device-dax range,
 * a device-private range) gets struct pages in ZONE_DEVICE through one
 * add/remove path: memremap_pages() adds sections (with a linear mapping,
 * arch_add_memory, or without one for device-private memory, add_pages),
 * with the memmap in RAM or on the device (a vmem_altmap), moves the range
 * into ZONE_DEVICE and initialises its pages; memunmap_pages() tears it
 * down in the reverse order.  No memory blocks, no memblock, no firmware
 * map entry, no present or managed pages; the ZONE_DEVICE span only grows.
 * Resources are the caller's: memunmap_pages never releases any.
 */
#ifndef HOTMEM_MEMREMAP_H
#define HOTMEM_MEMREMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/vmem_altmap.h"

struct hm_system;
struct hm_report;

enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
	MEMORY_DEVICE_FS_DAX,
	MEMORY_DEVICE_GENERIC,
	MEMORY_DEVICE_PCI_P2PDMA,
};

#define PGMAP_ALTMAP_VALID	(1U << 0)

/* The callbacks a type needs (only their presence is checked). */
struct dev_pagemap_ops {
	bool page_free;
	bool migrate_to_ram;
};

struct dev_pagemap {
	struct vmem_altmap altmap;	/* valid with PGMAP_ALTMAP_VALID */
	enum memory_type type;
	unsigned int flags;
	uint64_t start, end;		/* struct range: inclusive */
	struct dev_pagemap_ops ops;
	const void *owner;		/* device-private/coherent: the owner */
	/* state */
	int nid;
	long ref;			/* the percpu_ref: one per data page */
	bool live;			/* mapped (between memremap and memunmap) */
	struct dev_pagemap *next;	/* the pgmap_array */
};

/**
 * pgmap_pfn_first() - the first pfn of a pgmap's data pages
 * @pgmap: the pgmap
 *
 * Return: the range's first pfn, past the altmap's reserve and memmap
 * pages when the memmap is on the device.
 */
static inline unsigned long pgmap_pfn_first(const struct dev_pagemap *pgmap)
{
	unsigned long pfn = (unsigned long)(pgmap->start >> 12);

	return pgmap->flags & PGMAP_ALTMAP_VALID ? pfn + vmem_altmap_offset(&pgmap->altmap) : pfn;
}

/**
 * pgmap_pfn_end() - the pfn after a pgmap's range
 * @pgmap: the pgmap
 *
 * Return: that pfn.
 */
static inline unsigned long pgmap_pfn_end(const struct dev_pagemap *pgmap)
{
	return (unsigned long)((pgmap->end + 1) >> 12);
}

/**
 * memremap_pages() - gives a device range struct pages in ZONE_DEVICE.
 * @sys: the system
 * @pgmap: type, range (subsection aligned), flags and altmap filled in
 * @nid: the node whose ZONE_DEVICE takes the range
 *
 * Return: 0; -EINVAL for a bad type, missing ops or a range the linear map
 * cannot hold; -ENOMEM if another pgmap holds the start or the end (or out
 * of memory); -ENXIO if the range intersects System RAM; the error of
 * arch_add_memory/add_pages.  Nothing changes on failure.
 */
int memremap_pages(struct hm_system *sys, struct dev_pagemap *pgmap, int nid);
/**
 * memunmap_pages() - tear down what memremap_pages() set up
 * @sys: the system
 * @pgmap: the live pgmap
 *
 * In the reverse order; warns if the altmap is not all given back.
 *
 * Context: takes mem_hotplug_lock.
 */
void memunmap_pages(struct hm_system *sys, struct dev_pagemap *pgmap);
/**
 * get_dev_pagemap() - the live pgmap that holds a pfn
 * @sys: the system
 * @pfn: the pfn
 *
 * Return: the pgmap, or NULL.
 */
struct dev_pagemap *get_dev_pagemap(struct hm_system *sys, unsigned long pfn);
/**
 * memremap_nr_pgmaps() - the number of live pgmaps
 * @sys: the system
 *
 * Return: that number.
 */
unsigned long memremap_nr_pgmaps(struct hm_system *sys);

/**
 * memremap_check() - the verifier's checks of ZONE_DEVICE memory
 * @sys: the system
 * @r: the report violations are added to
 *
 * ZONE_DEVICE pages never free and never present, every pgmap range
 * covered by its sections, resources and (except device-private) the
 * linear map and never by System RAM, altmap accounting within bounds.
 *
 * Return: the number of violations found.
 */
unsigned long memremap_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_MEMREMAP_H */
