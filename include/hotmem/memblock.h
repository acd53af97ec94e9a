/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memblock.h - the boot-time physical memory map (mirrors mm/memblock.c).
 *
 * Two sorted arrays of non-overlapping regions: "memory" (RAM the firmware
 * reported, plus hot-added RAM on architectures with ARCH_KEEP_MEMBLOCK) and
 * "reserved" (early allocations).  Adjacent regions with the same nid and
 * flags are merged.  Every mutating call either succeeds or returns a
 * negative errno and leaves both arrays exactly as they were: the arrays are
 * grown before anything is changed (the kernel's two-pass memblock_add_range
 * and the capacity check of memblock_isolate_range).
 *
 * An empty array has cnt == 0 (the kernel keeps a zero-sized dummy region
 * instead).  Nids are stored as given; memblock_add() and memblock_reserve()
 * use MEMBLOCK_ANY_NODE.  A call that needs no new slot never allocates.
 */
#ifndef HOTMEM_MEMBLOCK_H
#define HOTMEM_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/alloc.h"
#include "hotmem/report.h"

#define NUMA_NO_NODE (-1)
/* memblock's "any node" for regions whose node is not known yet */
#define MEMBLOCK_ANY_NODE 64

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,		/* firmware says hot-removable */
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,		/* not in the linear map */
	MEMBLOCK_DRIVER_MANAGED = 0x8,	/* added by a driver (virtio-mem, kmem) */
};

/* Initial capacity of each array (INIT_MEMBLOCK_REGIONS); it doubles as needed. */
#define INIT_MEMBLOCK_REGIONS 128

struct memblock_region {
	uint64_t base;
	uint64_t size;
	unsigned int flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;	/* regions in use */
	unsigned long max;	/* capacity of regions[] */
	uint64_t total_size;	/* sum of the sizes */
	struct memblock_region *regions;
	const char *name;	/* "memory" or "reserved" */
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	struct hm_alloc *alloc;
};

/* Returns 0 or -ENOMEM. */
int memblock_init(struct memblock *mb, struct hm_alloc *alloc);
void memblock_destroy(struct memblock *mb);

/*
 * All range calls take [base, base+size).  A size of 0 is a no-op returning 0.
 * A range that wraps past the top of the address space is clipped to it.
 * Return 0, or -ENOMEM if the region array could not grow (nothing changed).
 */
int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid,
		      unsigned int flags);
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_mark_hotplug(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_clear_hotplug(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_mark_nomap(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_clear_nomap(struct memblock *mb, uint64_t base, uint64_t size);
/* Sets the nid of the memory regions in the range (splitting at its edges). */
int memblock_set_node(struct memblock *mb, uint64_t base, uint64_t size, int nid);

bool memblock_is_memory(const struct memblock *mb, uint64_t addr);
/* In memory and not NOMAP (arm64's old pfn_valid asked this). */
bool memblock_is_map_memory(const struct memblock *mb, uint64_t addr);
bool memblock_is_reserved(const struct memblock *mb, uint64_t addr);
/* The whole range lies inside one memory region. */
bool memblock_is_region_memory(const struct memblock *mb, uint64_t base, uint64_t size);
/* Node of the memory region holding addr, or NUMA_NO_NODE. */
int memblock_nid_of(const struct memblock *mb, uint64_t addr);
uint64_t memblock_phys_mem_size(const struct memblock *mb);
uint64_t memblock_start_of_DRAM(const struct memblock *mb);
uint64_t memblock_end_of_DRAM(const struct memblock *mb);

/* Iterate the regions of a type: for_each_memblock_type(i, type, rgn) */
#define for_each_memblock_type(i, type, rgn) \
	for ((i) = 0, (rgn) = &(type)->regions[0]; (i) < (type)->cnt; \
	     (i)++, (rgn) = &(type)->regions[i])

/*
 * Checks the arrays: sorted, non-overlapping, no zero sizes, no mergeable
 * neighbours, total_size equal to the sum, cnt <= max.  Returns the number
 * of violations added to r.
 */
unsigned long memblock_check(const struct memblock *mb, struct hm_report *r);

/*
 * Prints both arrays as /sys/kernel/debug/memblock/{memory,reserved} do,
 * each under a heading line "memory:" or "reserved:", one line per region:
 *
 *	"%4lu: 0x%016llx..0x%016llx %4d %s\n"
 *	   0: 0x0000000000001000..0x000000000009efff    0 NONE
 *
 * index, base, INCLUSIVE end (base + size - 1), the nid (or "   x" when it
 * is not a real node, e.g. MEMBLOCK_ANY_NODE), and the name of the lowest
 * set flag (HOTPLUG, MIRROR, NOMAP, DRV_MNG; NONE without flags, UNKNOWN for
 * other bits).  Like debugfs, only one flag is named.
 */
/* /sys/kernel/debug/memblock/{memory,reserved} of Linux 6.1: "%4d: base..last". */
void memblock_debug_show(const struct memblock_type *type, struct hm_buf *out);
void memblock_dump(const struct memblock *mb, struct hm_buf *out);

#endif /* HOTMEM_MEMBLOCK_H */
