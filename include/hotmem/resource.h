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
 * Allocates an unlinked resource [start, end] (inclusive) with an owned copy
 * of name; NULL on failure, with nothing left allocated.  Resources handed
 * to request_resource()/insert_resource() must come from here (or at least
 * from hm_kzalloc() with an hm_kstrdup() name on the tree's allocator):
 * resource_root_destroy() frees everything below the root that way.
 */
struct resource *resource_alloc(struct hm_alloc *a, uint64_t start, uint64_t end,
				const char *name, unsigned long flags,
				unsigned long desc);
/* Frees an unlinked resource, its name and everything below it; NULL is a no-op. */
void resource_free(struct hm_alloc *a, struct resource *res);

/*
 * Allocates a resource [start, start+size-1] named name with flags and desc,
 * and inserts it under parent as a leaf where it fits: if a non-BUSY
 * resource fully contains it, it descends into that one (like
 * __request_region).  *out receives the new resource.
 * Returns 0, -EBUSY on any other conflict, -EINVAL for size 0 or a wrapping
 * range, -ENOMEM.  Nothing changes on failure.
 * flags are stored exactly as given (IORESOURCE_BUSY is not added for you:
 * pass IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY for hot-added RAM, as the
 * kernel's add_memory path does).  out may be NULL.
 */
int request_region(struct hm_alloc *a, struct resource *parent, uint64_t start,
		   uint64_t size, const char *name, unsigned long flags,
		   unsigned long desc, struct resource **out);

/*
 * Inserts an allocated resource as a direct child of parent (request_resource):
 * -EBUSY if it overlaps a child or lies outside parent (-EINVAL if start > end).
 */
int request_resource(struct resource *parent, struct resource *res);
/*
 * Inserts res and adopts the existing children it fully contains
 * (insert_resource); -EBUSY on a partial overlap.  Like the kernel, it first
 * descends into any resource (BUSY or not) that strictly contains res.
 * -EINVAL if res is empty or already has children.
 */
int insert_resource(struct resource *parent, struct resource *res);
/*
 * A new resource [start, end] allocated from a and inserted below parent as
 * insert_resource() does (firmware and boot ranges); freed again on failure.
 * 0, -ENOMEM, or insert_resource()'s errno; nothing changes on failure.
 */
int insert_new_resource(struct hm_alloc *a, struct resource *parent, uint64_t start,
			uint64_t end, const char *name, unsigned long flags, unsigned long desc);
/*
 * Unlinks res from its parent (its children must be gone); -EINVAL if not
 * linked.  Children that are still there leave the tree with res, as in the
 * kernel: resource_free() frees the lot.
 */
int release_resource(struct resource *res);
/* Unlinks res and moves its children up to its parent (remove_resource). */
int remove_resource(struct resource *res);
/*
 * Unlinks and frees a leaf resource obtained from request_region (children,
 * if any, are handed to its parent first).  NULL is a no-op.
 */
void release_region(struct hm_alloc *a, struct resource *res);

/*
 * reserve_region_with_split: a BUSY resource named name, of root's type,
 * for each part of [start, end] (clipped to root) that no child of root
 * holds.  Returns 0 or -ENOMEM (the parts linked before stay).
 */
int reserve_region_with_split(struct hm_alloc *a, struct resource *root, uint64_t start,
			      uint64_t end, const char *name);

/*
 * Gives back [start, start+size) of BUSY System RAM at hot-remove: finds the
 * BUSY resource containing the range (descending through non-BUSY parents)
 * and frees it, trims it, or splits it in two (the new upper part gets the
 * same name, flags and desc).  Never fails: a needed allocation is retried
 * (the kernel's __GFP_NOFAIL).  A range that is not inside one BUSY resource
 * is left alone.
 * The retry is capped: after 1000 failures in a row it abort()s, as a kernel
 * BUG would.  fail_at injection fails one call, so the retry succeeds; never
 * use fail_repeat around a NOFAIL path (it would hit the abort).
 * An exact match frees the resource together with anything below it.
 */
void release_mem_region_adjustable(struct hm_alloc *a, struct resource *root,
				   uint64_t start, uint64_t size);

/*
 * Marks res mergeable and merges it with its next, then its previous
 * sibling when both are System RAM, BUSY, adjacent, of the same name, flags
 * and desc, and childless.  res may be freed; the survivor is returned.
 * Flags must be identical, IORESOURCE_SYSRAM_MERGEABLE included, so only
 * resources passed here merge.  Names are compared as strings.  If res lacks
 * IORESOURCE_SYSTEM_RAM|IORESOURCE_BUSY or is not linked, it is returned as is.
 */
struct resource *merge_system_ram_resource(struct hm_alloc *a, struct resource *res);

/*
 * Calls fn(start_pfn, nr_pages, arg) for each piece of BUSY System RAM (any
 * name) inside [start_pfn, start_pfn + nr_pages), rounded inward to pages,
 * in address order.  Stops at the first non-zero return and returns it;
 * returns -EINVAL if no piece was found, 0 otherwise.
 * Pieces smaller than a page after rounding are skipped (and do not count
 * as found).  -EINVAL also for nr_pages 0 or a range past 2^64.
 */
int walk_system_ram_range(const struct resource *root, uint64_t start_pfn,
			  uint64_t nr_pages, void *arg,
			  int (*fn)(uint64_t start_pfn, uint64_t nr_pages, void *arg));

/*
 * Does [start, start+size) intersect resources with these flags (and desc,
 * unless IORES_DESC_NONE)?  REGION_INTERSECTS if it lies entirely in such
 * resources, REGION_MIXED if partly, REGION_DISJOINT if not at all.
 * Precisely (the kernel's descendant-aware version): each top-level resource
 * overlapping the range counts as a match if it matches, or if matching
 * descendants cover its overlap without a gap; otherwise as a mismatch.
 * Holes with no resource count for neither side, as in the kernel, so a
 * range half in System RAM and half in a hole is REGION_INTERSECTS.
 * An empty or wrapping range is REGION_DISJOINT.
 */
int region_intersects(const struct resource *root, uint64_t start, uint64_t size,
		      unsigned long flags, unsigned long desc);

/*
 * request_free_mem_region: the highest free size-aligned-down range below
 * 2^physmem_bits (the running kernel's MAX_PHYSMEM_BITS) that no resource
 * touches, claimed busy as IORES_DESC_DEVICE_PRIVATE_MEMORY (device-private
 * memory has no physical address of its own).  NULL if none is free or out
 * of memory.
 */
struct resource *request_free_mem_region(struct hm_alloc *a, struct resource *root,
					 uint64_t size, const char *name,
					 unsigned int physmem_bits);

/* The resource holding addr at the deepest level, or NULL (never root itself). */
struct resource *resource_lookup(const struct resource *root, uint64_t addr);

/* Prints the tree below root as /proc/iomem does. */
void resource_print_iomem(const struct resource *root, struct hm_buf *out);

/* Checks order, nesting and disjointness; returns the violations added. */
unsigned long resource_check(const struct resource *root, struct hm_report *r);

#endif /* HOTMEM_RESOURCE_H */
