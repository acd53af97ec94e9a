/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resource.h - the iomem resource tree (mirrors kernel/resource.c).
 *
 * A tree of struct resource: siblings sorted and disjoint, every child
 * inside its parent, both ends inclusive.  The root is iomem_resource.
 * Memory hotplug requests a BUSY "System RAM" (or "System RAM (driver)")
 * resource at add, and gives it back with release_mem_region_adjustable() at
 * remove.  /proc/iomem is this tree, printed.
 */
#ifndef HOTMEM_RESOURCE_H
#define HOTMEM_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/alloc.h"
#include "hotmem/report.h"

#define IORESOURCE_MEM			0x00000200UL
#define IORESOURCE_SYSRAM		0x01000000UL
#define IORESOURCE_SYSRAM_DRIVER_MANAGED 0x02000000UL
#define IORESOURCE_SYSRAM_MERGEABLE	0x04000000UL
#define IORESOURCE_BUSY			0x80000000UL
#define IORESOURCE_SYSTEM_RAM		(IORESOURCE_MEM | IORESOURCE_SYSRAM)

enum ioresource_desc {
	IORES_DESC_NONE = 0,
	IORES_DESC_CRASH_KERNEL = 1,
	IORES_DESC_ACPI_TABLES = 2,
	IORES_DESC_ACPI_NV_STORAGE = 3,
	IORES_DESC_PERSISTENT_MEMORY = 4,
	IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	IORES_DESC_RESERVED = 7,
	IORES_DESC_SOFT_RESERVED = 8,
};

/* region_intersects() answers */
enum { REGION_INTERSECTS, REGION_DISJOINT, REGION_MIXED };

struct resource {
	uint64_t start;
	uint64_t end;		/* inclusive */
	char *name;		/* owned copy */
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

/*
 * Initialises a root (no parent) covering [start, end].  The root itself is
 * not heap-allocated; its name is owned.  Returns 0 or -ENOMEM.
 */
int resource_root_init(struct hm_alloc *a, struct resource *root, const char *name,
		       uint64_t start, uint64_t end);
/* Frees every descendant of root and root's name. */
void resource_root_destroy(struct hm_alloc *a, struct resource *root);

/*
 * Allocates a resource [start, start+size-1] named name with flags and desc,
 * and inserts it under parent as a leaf where it fits: if a non-BUSY
 * resource fully contains it, it descends into that one (like
 * __request_region).  *out receives the new resource.
 * Returns 0, -EBUSY on any other conflict, -EINVAL for size 0 or a wrapping
 * range, -ENOMEM.  Nothing changes on failure.
 */
int request_region(struct hm_alloc *a, struct resource *parent, uint64_t start,
		   uint64_t size, const char *name, unsigned long flags,
		   unsigned long desc, struct resource **out);

/*
 * Inserts an allocated resource as a direct child of parent (request_resource):
 * -EBUSY if it overlaps a child or lies outside parent.
 */
int request_resource(struct resource *parent, struct resource *res);
/*
 * Inserts res and adopts the existing children it fully contains
 * (insert_resource); -EBUSY on a partial overlap.
 */
int insert_resource(struct resource *parent, struct resource *res);
/* Unlinks res from its parent (its children must be gone); -EINVAL if not linked. */
int release_resource(struct resource *res);
/* Unlinks res and moves its children up to its parent (remove_resource). */
int remove_resource(struct resource *res);
/* Unlinks and frees a leaf resource obtained from request_region. */
void release_region(struct hm_alloc *a, struct resource *res);

/*
 * Gives back [start, start+size) of BUSY System RAM at hot-remove: finds the
 * BUSY resource containing the range (descending through non-BUSY parents)
 * and frees it, trims it, or splits it in two (the new upper part gets the
 * same name, flags and desc).  Never fails: a needed allocation is retried
 * (the kernel's __GFP_NOFAIL).  A range that is not inside one BUSY resource
 * is left alone.
 */
void release_mem_region_adjustable(struct hm_alloc *a, struct resource *root,
				   uint64_t start, uint64_t size);

/*
 * Marks res mergeable and merges it with its next, then its previous
 * sibling when both are System RAM, BUSY, adjacent, of the same name, flags
 * and desc, and childless.  res may be freed; the survivor is returned.
 */
struct resource *merge_system_ram_resource(struct hm_alloc *a, struct resource *res);

/*
 * Calls fn(start_pfn, nr_pages, arg) for each piece of BUSY System RAM (any
 * name) inside [start_pfn, start_pfn + nr_pages), rounded inward to pages,
 * in address order.  Stops at the first non-zero return and returns it;
 * returns -EINVAL if no piece was found, 0 otherwise.
 */
int walk_system_ram_range(const struct resource *root, uint64_t start_pfn,
			  uint64_t nr_pages, void *arg,
			  int (*fn)(uint64_t start_pfn, uint64_t nr_pages, void *arg));

/*
 * Does [start, start+size) intersect resources with these flags (and desc,
 * unless IORES_DESC_NONE)?  REGION_INTERSECTS if it lies entirely in such
 * resources, REGION_MIXED if partly, REGION_DISJOINT if not at all.
 */
int region_intersects(const struct resource *root, uint64_t start, uint64_t size,
		      unsigned long flags, unsigned long desc);

/* The resource holding addr at the deepest level, or NULL. */
struct resource *resource_lookup(const struct resource *root, uint64_t addr);

/* Prints the tree below root as /proc/iomem does. */
void resource_print_iomem(const struct resource *root, struct hm_buf *out);

/* Checks order, nesting and disjointness; returns the violations added. */
unsigned long resource_check(const struct resource *root, struct hm_report *r);

#endif /* HOTMEM_RESOURCE_H */
