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

/**
 * resource_root_init - initialise the root of a resource tree
 * @a: the allocator for the name and, later, every resource below the root
 * @root: caller-owned storage
 * @name: copied ("PCI mem" for iomem in the kernel)
 * @start: first byte covered
 * @end: last byte covered (inclusive)
 *
 * The root gets IORESOURCE_MEM, like iomem_resource.
 *
 * Return: 0, -EINVAL if @start > @end, or -ENOMEM (@root is then untouched).
 */
int resource_root_init(struct hm_alloc *a, struct resource *root, const char *name,
		       uint64_t start, uint64_t end);
/**
 * resource_root_destroy - free a whole tree
 * @a: the allocator passed to resource_root_init()
 * @root: the root; its storage stays the caller's, emptied
 */
void resource_root_destroy(struct hm_alloc *a, struct resource *root);

/**
 * resource_alloc - allocate an unlinked resource
 * @a: the allocator
 * @start: first byte
 * @end: last byte (inclusive)
 * @name: copied
 * @flags: IORESOURCE_* flags, used as given
 * @desc: an enum ioresource_desc value
 *
 * Return: the resource, or NULL if an allocation failed (nothing is left
 * allocated then).
 */
struct resource *resource_alloc(struct hm_alloc *a, uint64_t start, uint64_t end,
				const char *name, unsigned long flags,
				unsigned long desc);
/**
 * resource_free - free an unlinked resource and everything below it
 * @a: the allocator the resources came from
 * @res: the resource (may be NULL); must not be linked into a tree
 */
void resource_free(struct hm_alloc *a, struct resource *res);

/**
 * request_region - allocate and insert a leaf resource
 * @a: the allocator
 * @parent: where to start looking (the root, usually)
 * @start: first byte
 * @size: number of bytes
 * @name: copied
 * @flags: IORESOURCE_* flags, used exactly as given: pass IORESOURCE_BUSY
 *	   for a claim, as the kernel's request_mem_region() does
 * @desc: an enum ioresource_desc value
 * @out: receives the new resource (may be NULL)
 *
 * Inserts among the children of @parent; when the range collides with a
 * non-BUSY resource that contains it entirely, inserts below that one
 * instead, as often as needed (the kernel's __request_region()).
 *
 * Return: 0; -EINVAL for @size 0 or a range that wraps; -EBUSY if the range
 * sticks out of @parent or overlaps anything else; -ENOMEM.  The tree is
 * unchanged on failure.
 */
int request_region(struct hm_alloc *a, struct resource *parent, uint64_t start,
		   uint64_t size, const char *name, unsigned long flags,
		   unsigned long desc, struct resource **out);

/**
 * request_resource - link a resource as a direct child
 * @parent: the parent
 * @res: an unlinked resource from resource_alloc()
 *
 * Return: 0; -EINVAL if @res is empty (start > end); -EBUSY if it sticks out
 * of @parent or overlaps one of its children.  Nothing changes on failure.
 */
int request_resource(struct resource *parent, struct resource *res);
/**
 * insert_resource - link a resource, adopting what it contains
 * @parent: where to start
 * @res: an unlinked, childless resource from resource_alloc()
 *
 * Descends into any resource that strictly contains @res (BUSY or not), then
 * links @res there and makes the siblings it fully covers its children.  A
 * resource with exactly the same range becomes a child of @res.
 *
 * Return: 0; -EINVAL if @res is empty or already has children; -EBUSY on a
 * partial overlap or if @res sticks out of @parent.  Nothing changes on
 * failure.
 */
int insert_resource(struct resource *parent, struct resource *res);
/**
 * insert_new_resource - allocate a resource and insert it
 * @a: allocator of the new resource
 * @parent: where to start (insert_resource())
 * @start: first byte
 * @end: last byte
 * @name: its name, copied
 * @flags: IORESOURCE_* flags
 * @desc: IORES_DESC_*
 *
 * What boot and firmware code does for the ranges it registers: a resource
 * built for the range and handed to insert_resource(), freed if that fails.
 *
 * Return: 0; -ENOMEM; insert_resource()'s -EINVAL or -EBUSY.  Nothing changes
 * on failure.
 */
int insert_new_resource(struct hm_alloc *a, struct resource *parent, uint64_t start,
			uint64_t end, const char *name, unsigned long flags, unsigned long desc);
/**
 * release_resource - unlink a resource
 * @res: a linked resource
 *
 * Its children, if any, stay attached to it and leave the tree with it (the
 * kernel's release_resource()); free them with resource_free().
 *
 * Return: 0, or -EINVAL if @res is not linked.
 */
int release_resource(struct resource *res);
/**
 * remove_resource - unlink a resource, handing its children to its parent
 * @res: a linked resource
 *
 * Return: 0, or -EINVAL if @res is not linked.
 */
int remove_resource(struct resource *res);
/**
 * release_region - unlink and free a resource from request_region()
 * @a: the allocator
 * @res: the resource (may be NULL or unlinked)
 *
 * Children, if any, are handed to the parent first, so nothing is lost.
 */
void release_region(struct hm_alloc *a, struct resource *res);

/**
 * reserve_region_with_split - claim the free parts of a range below a resource
 * @a: allocator of the new resources
 * @root: the resource to claim them in (a System RAM range at boot)
 * @start: first byte
 * @end: last byte (inclusive)
 * @name: their name ("reserved")
 *
 * __reserve_region_with_split: the range is clipped to @root, and split
 * around the children of @root it meets; each part is a BUSY resource of
 * @root's type.
 *
 * Return: 0, or -ENOMEM (the parts linked before stay, as the kernel's).
 */
int reserve_region_with_split(struct hm_alloc *a, struct resource *root, uint64_t start,
			      uint64_t end, const char *name);

/**
 * release_mem_region_adjustable - give back part of a BUSY memory resource
 * @a: the allocator; must not be in fail_repeat mode (see below)
 * @root: the tree
 * @start: first byte to give back
 * @size: number of bytes
 *
 * Walks from the children of @root, descending through non-BUSY resources
 * that contain the range, to the BUSY IORESOURCE_MEM resource [rs, re] that
 * contains [start, end] and then: frees it (exact match, with anything below
 * it); moves its start to end + 1 (same start); moves its end to start - 1
 * (same end); or splits it into [rs, start - 1] and a new [end + 1, re] with
 * the same name, flags and desc, linked as the next sibling (strictly inside;
 * children stay with the lower part, as in the kernel).
 *
 * A split allocates before anything changes, and retries a failed allocation
 * (__GFP_NOFAIL).  After RESOURCE_NOFAIL_RETRIES failures in a row it
 * abort()s, like a kernel BUG: never run this with fail_repeat injection.
 * Ranges that are empty, wrap, leave @root, span resources or hit no BUSY
 * memory resource are left alone, as the kernel does.
 */
void release_mem_region_adjustable(struct hm_alloc *a, struct resource *root,
				   uint64_t start, uint64_t size);

/**
 * merge_system_ram_resource - mark System RAM mergeable and merge it
 * @a: the allocator
 * @res: a linked resource with IORESOURCE_SYSTEM_RAM and IORESOURCE_BUSY
 *
 * Sets IORESOURCE_SYSRAM_MERGEABLE on @res, then absorbs its next sibling and
 * is absorbed by its previous one when they are mergeable: identical flags
 * (so only resources marked mergeable themselves), adjacent, the same name
 * and desc, and no children on either side.  Names are owned copies here,
 * so "the same name" means equal strings.
 *
 * Return: the resource now covering @res's range: @res, or its previous
 * sibling (then @res has been freed).  @res unchanged if its flags are wrong
 * or it is not linked.
 */
struct resource *merge_system_ram_resource(struct hm_alloc *a, struct resource *res);

/**
 * walk_system_ram_range - call fn for every piece of System RAM in a pfn range
 * @root: the tree
 * @start_pfn: first page
 * @nr_pages: number of pages
 * @arg: passed to @fn
 * @fn: called with the first pfn and page count of each piece
 *
 * A piece is a BUSY resource with IORESOURCE_SYSTEM_RAM at any depth
 * ("System RAM (kmem)" below "dax0.0" counts), clipped to the range and
 * shrunk to whole pages; pieces smaller than a page are skipped.
 *
 * Return: the first non-zero value @fn returns; 0 if @fn was called and
 * always returned 0; -EINVAL if it was never called.
 */
int walk_system_ram_range(const struct resource *root, uint64_t start_pfn,
			  uint64_t nr_pages, void *arg,
			  int (*fn)(uint64_t start_pfn, uint64_t nr_pages, void *arg));

/**
 * region_intersects - how does a range relate to resources of a type?
 * @root: the tree
 * @start: first byte
 * @size: number of bytes
 * @flags: the flags a matching resource has all of
 * @desc: the desc it has, or IORES_DESC_NONE for any
 *
 * Looks at the top-level resources that overlap the range.  Each one that
 * matches counts for the type; each one that does not counts against it
 * unless matching descendants cover its overlap with the range without a
 * gap (the kernel's descendant-aware version, so that "System RAM" inside a
 * "CXL Window" or "virtio0" container counts as System RAM).  Holes with no
 * resource at all count for neither side, as in the kernel.
 *
 * Return: REGION_DISJOINT if nothing matched, REGION_INTERSECTS if only
 * matches were seen, REGION_MIXED otherwise (and for an empty or wrapping
 * range, REGION_DISJOINT).
 */
int region_intersects(const struct resource *root, uint64_t start, uint64_t size,
		      unsigned long flags, unsigned long desc);

/**
 * allocate_resource - place a resource in the lowest free gap of a parent
 * @root: the parent (a bus window)
 * @res: the resource to place, not linked anywhere; its start and end are set
 * @size: its size
 * @min: the lowest start allowed
 * @max: the highest end allowed
 * @align: the start's alignment, a power of two
 *
 * kernel/resource.c allocate_resource with the default alignment function:
 * the first gap between root's children, from the lowest address, that holds
 * an aligned range of @size inside [@min, @max].
 *
 * Return: 0 with @res linked under @root; -EINVAL for a zero @size or a bad
 * @align, -EBUSY if no gap fits (@res is left unlinked and unchanged).
 */
int allocate_resource(struct resource *root, struct resource *res, uint64_t size,
		      uint64_t min, uint64_t max, uint64_t align);

/**
 * request_free_mem_region() - claim a free range for device-private memory
 * @a: the allocator of the resource
 * @root: the tree (iomem)
 * @size: bytes
 * @name: the resource's name
 * @physmem_bits: the running kernel's MAX_PHYSMEM_BITS
 *
 * The highest free range of @size, aligned down to it, below
 * 2^@physmem_bits that no resource touches, claimed busy as
 * IORES_DESC_DEVICE_PRIVATE_MEMORY (device-private memory has no physical
 * address of its own).
 *
 * Return: the resource, or NULL if no range is free or out of memory
 * (nothing claimed).
 */
struct resource *request_free_mem_region(struct hm_alloc *a, struct resource *root,
					 uint64_t size, const char *name,
					 unsigned int physmem_bits);

/**
 * resource_lookup - the deepest resource holding an address
 * @root: the tree
 * @addr: the address
 *
 * Return: the resource, or NULL if no resource below @root holds @addr
 * (the root itself is never returned).
 */
struct resource *resource_lookup(const struct resource *root, uint64_t addr);

/**
 * resource_print_iomem - print the tree as /proc/iomem
 * @root: the tree; its own line is not printed
 * @out: appended to
 *
 * One "start-end : name" line per resource, depth first in address order,
 * indented two spaces per level below the top (at most MAX_IORES_LEVEL
 * levels of indent), hex zero-padded to 8 digits, or 4 when the root ends
 * below 0x10000 (ioport).
 */
void resource_print_iomem(const struct resource *root, struct hm_buf *out);

/**
 * resource_check - verify the tree's invariants
 * @root: the tree
 * @r: violations are appended here, one line each with both values
 *
 * Checks start <= end, the parent pointers, that every child lies inside
 * its parent, and that siblings are sorted and disjoint.
 *
 * Return: the number of violations added.
 */
unsigned long resource_check(const struct resource *root, struct hm_report *r);

#endif /* HOTMEM_RESOURCE_H */
