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
 * An empty array has cnt == 0 and regions[0] zeroed, as since v6.3 (6.1
 * keeps cnt == 1 with a zero-sized dummy region instead).  Every slot past
 * cnt is zero.  Nids are stored as given; memblock_add() and
 * memblock_reserve() use MEMBLOCK_ANY_NODE.  A call that needs no new slot
 * never allocates.
 *
 * The boot allocator (memblock_find_in_range_node, memblock_alloc_range_nid
 * and the memblock_alloc* family) finds free space (memory minus reserved)
 * top-down or bottom-up and reserves it.  hotmem models no memory contents:
 * the calls that return a pointer in the kernel return the physical address
 * here, 0 on failure, and zeroing (memblock_alloc_try_nid against _raw) is
 * left to a caller that has contents.
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

/* Limits of an allocation's range (include/linux/memblock.h) */
#define MEMBLOCK_LOW_LIMIT		0
#define MEMBLOCK_ALLOC_ANYWHERE		(~(uint64_t)0)	/* no upper limit */
#define MEMBLOCK_ALLOC_ACCESSIBLE	0		/* up to current_limit */
#define MEMBLOCK_ALLOC_NOLEAKTRACE	1		/* the same, kmemleak not told */
/* memblock_alloc_low's limit (ARCH_LOW_ADDRESS_LIMIT of x86 and arm64's default) */
#define MEMBLOCK_LOW_ADDRESS_LIMIT	0xffffffffULL
/* SMP_CACHE_BYTES of x86-64 and arm64: the alignment of an align of 0 */
#define MEMBLOCK_SMP_CACHE_BYTES	64

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
	/* the INIT_MEMBLOCK_REGIONS array (the kernel's static one), never freed before destroy */
	struct memblock_region *init_regions;
	/* where a doubled regions[] lies in memblock memory (reserved there); size 0: nowhere */
	uint64_t array_phys;
	uint64_t array_phys_size;
};

struct memblock {
	bool bottom_up;		/* allocate from low addresses up (memblock_set_bottom_up) */
	bool can_resize;	/* memblock_allow_resize(): doubled arrays come from memblock */
	bool slab_available;	/* after boot: doubled arrays are kmalloc'ed, not reserved */
	bool movable_node;	/* the movable_node parameter: allocations avoid HOTPLUG memory */
	bool has_mirror;	/* system_has_some_mirror: a MIRROR region was marked */
	uint64_t current_limit;	/* allocations end below this (memblock_set_current_limit) */
	struct memblock_type memory;
	struct memblock_type reserved;
	struct hm_alloc *alloc;
};

/**
 * memblock_init - set up empty memory and reserved arrays
 * @mb: the memblock to initialise
 * @alloc: allocator for the region arrays; must outlive @mb
 *
 * Both arrays start with INIT_MEMBLOCK_REGIONS slots.  On failure @mb is
 * left empty, with no allocation outstanding; memblock_destroy() on it is
 * harmless.
 *
 * Return: 0 on success, -ENOMEM if an array could not be allocated.
 */
int memblock_init(struct memblock *mb, struct hm_alloc *alloc);
/**
 * memblock_destroy - free both region arrays
 * @mb: the memblock; it is left empty (cnt and max 0) and may be destroyed again
 */
void memblock_destroy(struct memblock *mb);

/*
 * All range calls take [base, base+size).  A size of 0 is a no-op returning 0.
 * A range that wraps past the top of the address space is clipped to it.
 * Return 0, or -ENOMEM if the region array could not grow (nothing changed).
 */
/**
 * memblock_add_node - add RAM on a known node to "memory"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size; 0 is a no-op, a range past the top is clipped
 * @nid: node of the new regions (stored as given)
 * @flags: MEMBLOCK_* flags of the new regions
 *
 * Parts of the range already in "memory" keep their nid and flags.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if the array could not grow.
 */
int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid,
		      unsigned int flags);
/**
 * memblock_add - add RAM whose node is not known yet to "memory"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * The new regions get nid MEMBLOCK_ANY_NODE and no flags, as the kernel's
 * memblock_add() gives them MAX_NUMNODES.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if the array could not grow.
 */
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_remove - remove a range from "memory"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Regions are trimmed or split at the edges of the range; holes in the
 * range are fine.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_reserve - add a range to "reserved"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Reserved regions get nid MEMBLOCK_ANY_NODE and no flags.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if the array could not grow.
 */
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_phys_free - remove a range from "reserved"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_mark_hotplug - set MEMBLOCK_HOTPLUG on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_mark_hotplug(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_clear_hotplug - clear MEMBLOCK_HOTPLUG on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_clear_hotplug(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_mark_nomap - set MEMBLOCK_NOMAP on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * NOMAP memory is not in the linear map but still has a memmap.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_mark_nomap(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_clear_nomap - clear MEMBLOCK_NOMAP on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * arm64's arch_add_memory() calls this on the range it hot-adds.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_clear_nomap(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_mark_mirror - set MEMBLOCK_MIRROR on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * From then on allocations ask for mirrored memory first
 * (system_has_some_mirror).
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_mark_mirror(struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_set_node - set the node of the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 * @nid: the node (stored as given)
 *
 * Regions crossing the edges are split; holes in the range stay holes.
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_set_node(struct memblock *mb, uint64_t base, uint64_t size, int nid);
/**
 * memblock_trim_memory - trim every memory region to an alignment
 * @mb: the memblock
 * @align: a power of two
 *
 * Each region's base is rounded up and its end down to @align; a region
 * with nothing left is removed.  Unlike the kernel's, which leaves
 * memblock.memory.total_size as it was, total_size follows the trim.
 */
void memblock_trim_memory(struct memblock *mb, uint64_t align);

/**
 * memblock_set_bottom_up() - allocate from the bottom up, or top down
 * @mb: the memblock
 * @enable: true: the lowest fitting range; false: the highest
 */
void memblock_set_bottom_up(struct memblock *mb, bool enable);
/**
 * memblock_bottom_up() - whether allocations go bottom up
 * @mb: the memblock
 *
 * Return: true if they do.
 */
bool memblock_bottom_up(const struct memblock *mb);
/**
 * memblock_set_current_limit() - the highest end the accessible allocations may reach
 * @mb: the memblock
 * @limit: the end (MEMBLOCK_ALLOC_ACCESSIBLE in a call means up to it)
 */
void memblock_set_current_limit(struct memblock *mb, uint64_t limit);
/**
 * memblock_get_current_limit() - the limit memblock_set_current_limit() set
 * @mb: the memblock
 *
 * Return: the limit.
 */
uint64_t memblock_get_current_limit(const struct memblock *mb);
/**
 * memblock_allow_resize() - let the region arrays grow into memblock memory
 * @mb: the memblock
 *
 * From now on a full array doubles into memory memblock allocates and
 * reserves for it.
 */
void memblock_allow_resize(struct memblock *mb);

/*
 * The allocator.  @align must be a power of two (0 means
 * MEMBLOCK_SMP_CACHE_BYTES in the allocating calls); @nid NUMA_NO_NODE for
 * any node (MEMBLOCK_ANY_NODE counts as NUMA_NO_NODE, as the kernel's
 * MAX_NUMNODES does).  The find calls change nothing and return the base
 * found or 0; the alloc calls reserve what they find and return its base,
 * or 0 when there is no room (or the reserved array could not grow).
 */
/**
 * memblock_find_in_range_node - find free memory
 * @mb: the memblock
 * @size: bytes wanted
 * @align: alignment, a power of two
 * @start: lowest base
 * @end: end of the range, MEMBLOCK_ALLOC_ACCESSIBLE (or _NOLEAKTRACE) for
 *	 current_limit
 * @nid: the node, or NUMA_NO_NODE
 * @flags: MEMBLOCK_* flags the memory may have
 *
 * The first page is never handed out (@start is at least PAGE_SIZE).
 * Bottom-up or top-down as memblock_set_bottom_up() says.
 *
 * Return: the base found, 0 if there is none.
 */
uint64_t memblock_find_in_range_node(const struct memblock *mb, uint64_t size,
				     uint64_t align, uint64_t start, uint64_t end,
				     int nid, unsigned int flags);
/**
 * memblock_find_in_range - find free memory on any node
 * @mb: the memblock
 * @start: lowest base
 * @end: end of the range
 * @size: bytes wanted
 * @align: alignment, a power of two
 *
 * Mirrored memory first if there is some, then any.
 *
 * Return: the base found, 0 if there is none.
 */
uint64_t memblock_find_in_range(const struct memblock *mb, uint64_t start,
				uint64_t end, uint64_t size, uint64_t align);
/**
 * memblock_alloc_range_nid - find and reserve free memory
 * @mb: the memblock
 * @size: bytes wanted
 * @align: alignment, a power of two; 0 for MEMBLOCK_SMP_CACHE_BYTES
 * @start: lowest base
 * @end: end of the range (MEMBLOCK_ALLOC_ACCESSIBLE for current_limit)
 * @nid: the node wanted, or NUMA_NO_NODE
 * @exact_nid: no fallback to other nodes
 *
 * The node first, then (unless @exact_nid) any node; with mirrored memory
 * in the system, all of that for mirrored memory first.
 *
 * Return: the base reserved, 0 if nothing fits (or reserving failed).
 */
uint64_t memblock_alloc_range_nid(struct memblock *mb, uint64_t size, uint64_t align,
				  uint64_t start, uint64_t end, int nid, bool exact_nid);
/**
 * memblock_phys_alloc_range() - allocate in a range, any node
 * @mb: the memblock
 * @size: bytes
 * @align: alignment (0: MEMBLOCK_SMP_CACHE_BYTES)
 * @start: lowest base
 * @end: end of the range (MEMBLOCK_ALLOC_ACCESSIBLE: the current limit)
 *
 * Return: the base reserved, 0 if nothing fits (or reserving failed).
 */
uint64_t memblock_phys_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
				   uint64_t start, uint64_t end);
/**
 * memblock_phys_alloc_try_nid() - allocate on a node, else on any
 * @mb: the memblock
 * @size: bytes
 * @align: alignment (0: MEMBLOCK_SMP_CACHE_BYTES)
 * @nid: the node preferred
 *
 * Return: as memblock_phys_alloc_range().
 */
uint64_t memblock_phys_alloc_try_nid(struct memblock *mb, uint64_t size, uint64_t align,
				     int nid);
/**
 * memblock_phys_alloc() - allocate anywhere below the current limit
 * @mb: the memblock
 * @size: bytes
 * @align: alignment (0: MEMBLOCK_SMP_CACHE_BYTES)
 *
 * Return: as memblock_phys_alloc_range().
 */
uint64_t memblock_phys_alloc(struct memblock *mb, uint64_t size, uint64_t align);
/**
 * memblock_alloc_try_nid() - the kernel's memblock_alloc_try_nid() placement
 * @mb: the memblock
 * @size: bytes
 * @align: alignment (0: MEMBLOCK_SMP_CACHE_BYTES)
 * @min_addr: lowest base wanted; dropped on a second try if nothing fits
 * @max_addr: end of the range, capped at the current limit
 * @nid: the node preferred, or NUMA_NO_NODE
 *
 * Return: as memblock_phys_alloc_range() (a physical address: hotmem keeps
 * no contents).
 */
uint64_t memblock_alloc_try_nid(struct memblock *mb, uint64_t size, uint64_t align,
				uint64_t min_addr, uint64_t max_addr, int nid);
/**
 * memblock_alloc_try_nid_raw() - memblock_alloc_try_nid() without zeroing
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 * @min_addr: lowest base wanted
 * @max_addr: end of the range
 * @nid: the node preferred
 *
 * The same placement: _raw only skips the kernel's memset.
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc_try_nid_raw(struct memblock *mb, uint64_t size, uint64_t align,
				    uint64_t min_addr, uint64_t max_addr, int nid);
/**
 * memblock_alloc_exact_nid_raw() - memblock_alloc_try_nid_raw() on @nid only
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 * @min_addr: lowest base wanted
 * @max_addr: end of the range
 * @nid: the node: no fallback to another
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc_exact_nid_raw(struct memblock *mb, uint64_t size, uint64_t align,
				      uint64_t min_addr, uint64_t max_addr, int nid);
/**
 * memblock_alloc() - allocate anywhere accessible, any node
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align);
/**
 * memblock_alloc_from() - allocate at or above an address, any node
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 * @min_addr: lowest base wanted
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc_from(struct memblock *mb, uint64_t size, uint64_t align,
			     uint64_t min_addr);
/**
 * memblock_alloc_low() - allocate below MEMBLOCK_LOW_ADDRESS_LIMIT
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc_low(struct memblock *mb, uint64_t size, uint64_t align);
/**
 * memblock_alloc_node() - allocate on a node, else on any
 * @mb: the memblock
 * @size: bytes
 * @align: alignment
 * @nid: the node preferred
 *
 * Return: as memblock_alloc_try_nid().
 */
uint64_t memblock_alloc_node(struct memblock *mb, uint64_t size, uint64_t align, int nid);

/**
 * memblock_is_memory() - whether an address is in a memory region
 * @mb: the memblock
 * @addr: the address
 *
 * Return: true if it is.
 */
bool memblock_is_memory(const struct memblock *mb, uint64_t addr);
/**
 * memblock_is_map_memory() - whether an address is memory and not NOMAP
 * @mb: the memblock
 * @addr: the address
 *
 * arm64's old pfn_valid() asked this.
 *
 * Return: true if it is.
 */
bool memblock_is_map_memory(const struct memblock *mb, uint64_t addr);
/**
 * memblock_is_reserved() - whether an address is in a reserved region
 * @mb: the memblock
 * @addr: the address
 *
 * Return: true if it is.
 */
bool memblock_is_reserved(const struct memblock *mb, uint64_t addr);
/**
 * memblock_is_region_memory - is a range inside one memory region
 * @mb: the memblock
 * @base: start of the range
 * @size: its size (clipped at the top of the address space)
 *
 * As in the kernel, a range of size 0 asks whether @base is memory.
 *
 * Return: true if one region of "memory" covers the whole range.
 */
bool memblock_is_region_memory(const struct memblock *mb, uint64_t base, uint64_t size);
/**
 * memblock_overlaps_region - does a range overlap any region of an array
 * @type: memblock.memory or memblock.reserved
 * @base: start of the range
 * @size: its size (clipped at the top of the address space)
 *
 * Return: true if some region of @type shares a byte with the range.
 */
bool memblock_overlaps_region(const struct memblock_type *type, uint64_t base,
			      uint64_t size);
/**
 * memblock_nid_of - node of the memory at an address
 * @mb: the memblock
 * @addr: the address
 *
 * Return: the nid stored in the memory region holding @addr (which is
 * MEMBLOCK_ANY_NODE for memory added without a node), or NUMA_NO_NODE if
 * @addr is not memory.
 */
int memblock_nid_of(const struct memblock *mb, uint64_t addr);
/**
 * memblock_phys_mem_size() - the size of every memory region together
 * @mb: the memblock
 *
 * Return: bytes.
 */
uint64_t memblock_phys_mem_size(const struct memblock *mb);
/**
 * memblock_start_of_DRAM() - the base of the lowest memory region
 * @mb: the memblock
 *
 * Return: the base; 0 when there is no memory.
 */
uint64_t memblock_start_of_DRAM(const struct memblock *mb);
/**
 * memblock_end_of_DRAM() - the end of the highest memory region
 * @mb: the memblock
 *
 * Return: the end (exclusive); 0 when there is no memory.
 */
uint64_t memblock_end_of_DRAM(const struct memblock *mb);

/* Iterate the regions of a type: for_each_memblock_type(i, type, rgn) */
#define for_each_memblock_type(i, type, rgn) \
	for ((i) = 0, (rgn) = &(type)->regions[0]; (i) < (type)->cnt; \
	     (i)++, (rgn) = &(type)->regions[i])

/**
 * memblock_check - verify both region arrays
 * @mb: the memblock
 * @r: where violations are recorded
 *
 * Checks that each array is sorted and non-overlapping, has no zero-sized
 * or wrapping region, no pair of touching neighbours with the same nid and
 * flags, a total_size equal to the sum of the sizes and cnt <= max, the
 * slots past cnt zero, and a doubled array reserved where it lies.  Each
 * violation is one line naming the array, the region index(es) and both
 * values.
 *
 * Return: the number of violations added to @r.
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
/**
 * memblock_debug_show - one array as Linux 6.1's debugfs file prints it
 * @type: memblock.memory or memblock.reserved
 * @out: the text is appended here
 *
 * One line per region, "%4d: %pa..%pa" (base and last byte); 6.1 prints
 * neither the node nor the flags (they came in v6.3).
 */
void memblock_debug_show(const struct memblock_type *type, struct hm_buf *out);
/**
 * memblock_dump - print both arrays as /sys/kernel/debug/memblock/ does
 * @mb: the memblock
 * @out: the text is appended here
 *
 * See the comment at the declaration for the format.
 */
void memblock_dump(const struct memblock *mb, struct hm_buf *out);

#endif /* HOTMEM_MEMBLOCK_H */
