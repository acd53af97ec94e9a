// SPDX-License-Identifier: GPL-2.0
/*
 * memblock.c - the boot-time physical memory map (mirrors mm/memblock.c).
 *
 * Only the parts memory hotplug relies on are modelled: the "memory" and
 * "reserved" region arrays, adding and removing ranges, node ids and
 * region flags, and the lookups the hotplug paths make.  The boot-time
 * allocator (memblock_alloc and friends) is not modelled.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/memblock.h"

/**
 * DOC: memblock overview
 *
 * A struct memblock holds two struct memblock_type arrays, "memory" and
 * "reserved".  Each is a sorted array of non-overlapping, non-empty
 * [base, base + size) regions, each carrying a node id and a set of
 * MEMBLOCK_* flags.  Neighbours that touch and have the same nid and flags
 * are always merged, so the array is the minimal description of the map.
 *
 * An empty array has cnt == 0.  (The kernel keeps one zero-sized dummy
 * region in an empty array; we do not, so that a zero-sized region is
 * always a bug that memblock_check() can report.)
 *
 * Adding a range that overlaps existing regions fills only the gaps: the
 * regions already there keep their nid and flags.  Removing a range, or
 * changing the nid or flags of one, first "isolates" it: regions that
 * cross its edges are split there, so that the range is covered by whole
 * regions, which are then dropped or modified and merged again.
 *
 * Failure atomicity.  The only failure is -ENOMEM from growing a region
 * array.  Every mutating operation first computes exactly how many new
 * slots it will need (the gaps to fill for an add, the edges to split for
 * an isolate: 0, 1 or 2), grows the array once to a large enough power-of-
 * two multiple of its size, and only then modifies it.  A failed call
 * therefore leaves cnt, max, total_size, the array pointer and every byte
 * of the array as they were.  The kernel does the same with its two-pass
 * memblock_add_range() and the capacity check in memblock_isolate_range();
 * unlike the kernel's isolate, we do not ask for two spare slots when the
 * range splits nothing, so a call that needs no new slot never allocates.
 *
 * Arrays start with INIT_MEMBLOCK_REGIONS slots and only ever grow; new
 * slots are zero-filled, so the bytes past cnt are deterministic.
 */

static const char * const memblock_flag_names[] = {
	"HOTPLUG",	/* MEMBLOCK_HOTPLUG */
	"MIRROR",	/* MEMBLOCK_MIRROR */
	"NOMAP",	/* MEMBLOCK_NOMAP */
	"DRV_MNG",	/* MEMBLOCK_DRIVER_MANAGED */
};

/* Clips *size so that base + *size does not pass the top of the address space. */
static uint64_t memblock_cap_size(uint64_t base, uint64_t *size)
{
	if (*size > UINT64_MAX - base)
		*size = UINT64_MAX - base;
	return *size;
}

static uint64_t memblock_region_end(const struct memblock_region *rgn)
{
	return rgn->base + rgn->size;
}

static int memblock_type_init(struct memblock *mb, struct memblock_type *type,
			      const char *name)
{
	type->regions = hm_kcalloc(mb->alloc, INIT_MEMBLOCK_REGIONS,
				   sizeof(*type->regions));
	if (!type->regions)
		return -ENOMEM;
	type->cnt = 0;
	type->max = INIT_MEMBLOCK_REGIONS;
	type->total_size = 0;
	type->name = name;
	return 0;
}

static void memblock_type_destroy(struct memblock *mb, struct memblock_type *type)
{
	hm_kfree(mb->alloc, type->regions);
	type->regions = NULL;
	type->cnt = 0;
	type->max = 0;
	type->total_size = 0;
}

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
int memblock_init(struct memblock *mb, struct hm_alloc *alloc)
{
	int err;

	memset(mb, 0, sizeof(*mb));
	mb->alloc = alloc;
	mb->memory.name = "memory";
	mb->reserved.name = "reserved";

	err = memblock_type_init(mb, &mb->memory, "memory");
	if (err)
		return err;
	err = memblock_type_init(mb, &mb->reserved, "reserved");
	if (err)
		goto out_free_memory;
	return 0;

out_free_memory:
	memblock_type_destroy(mb, &mb->memory);
	return err;
}

/**
 * memblock_destroy - free both region arrays
 * @mb: the memblock; it is left empty (cnt and max 0) and may be destroyed again
 */
void memblock_destroy(struct memblock *mb)
{
	memblock_type_destroy(mb, &mb->memory);
	memblock_type_destroy(mb, &mb->reserved);
}

/**
 * memblock_grow_array - make room for @nr_new more regions
 * @mb: the memblock owning @type (for its allocator)
 * @type: the array to grow
 * @nr_new: regions the caller is about to insert
 *
 * Doubles the capacity as many times as needed, in one reallocation, so
 * that a failure changes nothing.  The new slots are zero-filled.
 *
 * Return: 0 if there is room (allocating or not), -ENOMEM otherwise.
 */
static int memblock_grow_array(struct memblock *mb, struct memblock_type *type,
			       unsigned long nr_new)
{
	const unsigned long limit = ULONG_MAX / 2 / sizeof(struct memblock_region);
	struct memblock_region *regions;
	unsigned long new_max;

	if (nr_new <= type->max - type->cnt)
		return 0;

	new_max = type->max ? type->max : INIT_MEMBLOCK_REGIONS;
	while (new_max - type->cnt < nr_new) {
		if (new_max > limit)
			return -ENOMEM;
		new_max *= 2;
	}

	regions = hm_krealloc(mb->alloc, type->regions, new_max * sizeof(*regions));
	if (!regions)
		return -ENOMEM;
	memset(regions + type->max, 0, (new_max - type->max) * sizeof(*regions));
	type->regions = regions;
	type->max = new_max;
	return 0;
}

/**
 * memblock_insert_region - insert a region at index @idx
 * @type: the array; it must have a free slot (memblock_grow_array())
 * @idx: where the region goes; regions from @idx on move up by one
 * @base: base of the new region
 * @size: size of the new region
 * @nid: its node
 * @flags: its flags
 *
 * The caller keeps the array sorted; merging is left to the caller too.
 */
static void memblock_insert_region(struct memblock_type *type, unsigned long idx,
				   uint64_t base, uint64_t size, int nid,
				   unsigned int flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	assert(type->cnt < type->max && idx <= type->cnt);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	rgn->nid = nid;
	type->cnt++;
	type->total_size += size;
}

/**
 * memblock_split_region - cut region @idx in two at address @at
 * @type: the array; it must have a free slot
 * @idx: the region to cut; it must contain @at strictly inside
 * @at: the first address of the upper half
 *
 * Afterwards region @idx is [base, @at) and region @idx + 1 is [@at, end),
 * both with the original nid and flags.  total_size does not change.
 */
static void memblock_split_region(struct memblock_type *type, unsigned long idx,
				  uint64_t at)
{
	struct memblock_region *rgn = &type->regions[idx];
	uint64_t end = memblock_region_end(rgn);

	assert(type->cnt < type->max);
	assert(rgn->base < at && at < end);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn[0].size = at - rgn[0].base;
	rgn[1].base = at;
	rgn[1].size = end - at;
	type->cnt++;
}

/* Drops regions [start, end) from the array. */
static void memblock_remove_regions(struct memblock_type *type,
				    unsigned long start, unsigned long end)
{
	unsigned long i;

	if (start == end)
		return;
	for (i = start; i < end; i++)
		type->total_size -= type->regions[i].size;
	memmove(&type->regions[start], &type->regions[end],
		(type->cnt - end) * sizeof(type->regions[0]));
	type->cnt -= end - start;
}

static bool memblock_regions_mergeable(const struct memblock_region *this,
				       const struct memblock_region *next)
{
	return memblock_region_end(this) == next->base &&
	       this->nid == next->nid && this->flags == next->flags;
}

/**
 * memblock_merge_regions - merge every pair of compatible neighbours
 * @type: the array, sorted and non-overlapping
 *
 * Cannot fail and never needs a slot.  Scans the whole array: the callers'
 * changes are local, but a full pass is simple and keeps the invariant
 * obvious.
 */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = this + 1;

		if (!memblock_regions_mergeable(this, next)) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/**
 * memblock_fill_gaps - find, and optionally fill, the holes of a range
 * @type: the array
 * @base: start of the range
 * @end: end of the range (exclusive)
 * @nid: node of the regions to insert
 * @flags: flags of the regions to insert
 * @insert: false to only count, true to insert the regions as well
 *
 * The parts of [@base, @end) not covered by any region each need one new
 * region.  Counting and inserting share this one walk, so the count used
 * to grow the array is the number of insertions that follow.
 *
 * Return: the number of holes (regions inserted when @insert).
 */
static unsigned long memblock_fill_gaps(struct memblock_type *type,
					uint64_t base, uint64_t end, int nid,
					unsigned int flags, bool insert)
{
	unsigned long idx, nr_new = 0;

	for (idx = 0; idx < type->cnt && base < end; idx++) {
		const struct memblock_region *rgn = &type->regions[idx];
		uint64_t rbase = rgn->base, rend = memblock_region_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		/* rgn overlaps the range; the part below it is a hole */
		if (rbase > base) {
			nr_new++;
			if (insert)
				memblock_insert_region(type, idx++, base,
						       rbase - base, nid, flags);
		}
		base = rend < end ? rend : end;
	}
	if (base < end) {
		nr_new++;
		if (insert)
			memblock_insert_region(type, idx, base, end - base,
					       nid, flags);
	}
	return nr_new;
}

/**
 * memblock_add_range - add [@base, @base + @size) to an array
 * @mb: the memblock owning @type
 * @type: memory or reserved
 * @base: start of the range
 * @size: its size; 0 is a no-op, a range past the top is clipped
 * @nid: node of the new regions
 * @flags: flags of the new regions
 *
 * Overlaps are allowed: only the holes get new regions, and regions that
 * were already there keep their nid and flags.  The array is minimal
 * afterwards.
 *
 * Return: 0 on success, -ENOMEM (with @type unchanged) if it could not grow.
 */
static int memblock_add_range(struct memblock *mb, struct memblock_type *type,
			      uint64_t base, uint64_t size, int nid,
			      unsigned int flags)
{
	unsigned long nr_new;
	uint64_t end;
	int err;

	if (!memblock_cap_size(base, &size))
		return 0;
	end = base + size;

	nr_new = memblock_fill_gaps(type, base, end, nid, flags, false);
	if (!nr_new)
		return 0;
	err = memblock_grow_array(mb, type, nr_new);
	if (err)
		return err;
	memblock_fill_gaps(type, base, end, nid, flags, true);
	memblock_merge_regions(type);
	return 0;
}

/* How many regions cross an edge of [base, end): 0, 1 or 2 splits needed. */
static unsigned long memblock_count_splits(const struct memblock_type *type,
					   uint64_t base, uint64_t end)
{
	unsigned long i, nr = 0;

	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *rgn = &type->regions[i];
		uint64_t rbase = rgn->base, rend = memblock_region_end(rgn);

		if (rbase >= end)
			break;
		if (rbase < base && base < rend)
			nr++;
		if (rbase < end && end < rend)
			nr++;
	}
	return nr;
}

/**
 * memblock_isolate_range - split regions at the edges of a range
 * @mb: the memblock owning @type
 * @type: the array
 * @base: start of the range
 * @size: its size (clipped at the top of the address space)
 * @start_rgn: out: index of the first region inside the range
 * @end_rgn: out: index after the last region inside the range
 *
 * Afterwards every region either lies inside [@base, @base + @size) or
 * outside it; those inside are [*@start_rgn, *@end_rgn), an empty interval
 * if there are none.  Room for the splits is made before the first split.
 *
 * Return: 0 on success, -ENOMEM (with @type unchanged) if it could not grow.
 */
static int memblock_isolate_range(struct memblock *mb, struct memblock_type *type,
				  uint64_t base, uint64_t size,
				  unsigned long *start_rgn, unsigned long *end_rgn)
{
	unsigned long idx = 0;
	uint64_t end;
	int err;

	*start_rgn = *end_rgn = 0;
	if (!memblock_cap_size(base, &size))
		return 0;
	end = base + size;

	err = memblock_grow_array(mb, type, memblock_count_splits(type, base, end));
	if (err)
		return err;

	while (idx < type->cnt) {
		const struct memblock_region *rgn = &type->regions[idx];
		uint64_t rbase = rgn->base, rend = memblock_region_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base) {
			idx++;
			continue;
		}
		if (rbase < base) {
			/* crosses the lower edge: the upper half is looked at next */
			memblock_split_region(type, idx++, base);
			continue;
		}
		if (rend > end)	/* crosses the upper edge: keep the lower half */
			memblock_split_region(type, idx, end);
		if (!*end_rgn)
			*start_rgn = idx;
		*end_rgn = idx + 1;
		idx++;
	}
	return 0;
}

static int memblock_remove_range(struct memblock *mb, struct memblock_type *type,
				 uint64_t base, uint64_t size)
{
	unsigned long start_rgn, end_rgn;
	int err;

	err = memblock_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (err)
		return err;
	memblock_remove_regions(type, start_rgn, end_rgn);
	return 0;
}

/**
 * memblock_setclr_flag - set or clear a flag on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 * @set: true to set @flag, false to clear it
 * @flag: one MEMBLOCK_* flag
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
static int memblock_setclr_flag(struct memblock *mb, uint64_t base, uint64_t size,
				bool set, unsigned int flag)
{
	struct memblock_type *type = &mb->memory;
	unsigned long i, start_rgn, end_rgn;
	int err;

	err = memblock_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (err)
		return err;
	for (i = start_rgn; i < end_rgn; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(type);
	return 0;
}

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
		      unsigned int flags)
{
	return memblock_add_range(mb, &mb->memory, base, size, nid, flags);
}

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
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_range(mb, &mb->memory, base, size, MEMBLOCK_ANY_NODE,
				  MEMBLOCK_NONE);
}

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
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_remove_range(mb, &mb->memory, base, size);
}

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
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_range(mb, &mb->reserved, base, size, MEMBLOCK_ANY_NODE,
				  MEMBLOCK_NONE);
}

/**
 * memblock_phys_free - remove a range from "reserved"
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_remove_range(mb, &mb->reserved, base, size);
}

/**
 * memblock_mark_hotplug - set MEMBLOCK_HOTPLUG on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_mark_hotplug(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, true, MEMBLOCK_HOTPLUG);
}

/**
 * memblock_clear_hotplug - clear MEMBLOCK_HOTPLUG on the memory in a range
 * @mb: the memblock
 * @base: start of the range
 * @size: its size
 *
 * Return: 0 on success, -ENOMEM (nothing changed) if a split needed room.
 */
int memblock_clear_hotplug(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, false, MEMBLOCK_HOTPLUG);
}

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
int memblock_mark_nomap(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, true, MEMBLOCK_NOMAP);
}

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
int memblock_clear_nomap(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, false, MEMBLOCK_NOMAP);
}

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
int memblock_set_node(struct memblock *mb, uint64_t base, uint64_t size, int nid)
{
	struct memblock_type *type = &mb->memory;
	unsigned long i, start_rgn, end_rgn;
	int err;

	err = memblock_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (err)
		return err;
	for (i = start_rgn; i < end_rgn; i++)
		type->regions[i].nid = nid;
	memblock_merge_regions(type);
	return 0;
}

/* Binary search for the region holding addr; NULL if none does. */
static const struct memblock_region *
memblock_search(const struct memblock_type *type, uint64_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *rgn = &type->regions[mid];

		if (addr < rgn->base)
			hi = mid;
		else if (addr >= memblock_region_end(rgn))
			lo = mid + 1;
		else
			return rgn;
	}
	return NULL;
}

bool memblock_is_memory(const struct memblock *mb, uint64_t addr)
{
	return memblock_search(&mb->memory, addr) != NULL;
}

bool memblock_is_map_memory(const struct memblock *mb, uint64_t addr)
{
	const struct memblock_region *rgn = memblock_search(&mb->memory, addr);

	return rgn && !(rgn->flags & MEMBLOCK_NOMAP);
}

bool memblock_is_reserved(const struct memblock *mb, uint64_t addr)
{
	return memblock_search(&mb->reserved, addr) != NULL;
}

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
bool memblock_is_region_memory(const struct memblock *mb, uint64_t base,
			       uint64_t size)
{
	const struct memblock_region *rgn = memblock_search(&mb->memory, base);

	if (!rgn)
		return false;
	memblock_cap_size(base, &size);
	return memblock_region_end(rgn) >= base + size;
}

/**
 * memblock_nid_of - node of the memory at an address
 * @mb: the memblock
 * @addr: the address
 *
 * Return: the nid stored in the memory region holding @addr (which is
 * MEMBLOCK_ANY_NODE for memory added without a node), or NUMA_NO_NODE if
 * @addr is not memory.
 */
int memblock_nid_of(const struct memblock *mb, uint64_t addr)
{
	const struct memblock_region *rgn = memblock_search(&mb->memory, addr);

	return rgn ? rgn->nid : NUMA_NO_NODE;
}

uint64_t memblock_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

/* Base of the lowest memory region; 0 when there is no memory. */
uint64_t memblock_start_of_DRAM(const struct memblock *mb)
{
	if (!mb->memory.cnt)
		return 0;
	return mb->memory.regions[0].base;
}

/* End (exclusive) of the highest memory region; 0 when there is no memory. */
uint64_t memblock_end_of_DRAM(const struct memblock *mb)
{
	if (!mb->memory.cnt)
		return 0;
	return memblock_region_end(&mb->memory.regions[mb->memory.cnt - 1]);
}

/**
 * memblock_check_type - verify one region array
 * @type: the array
 * @r: where violations are recorded, one line each
 *
 * Only the first min(cnt, max) entries are looked at, so that a corrupt
 * cnt cannot make the check read past the array.
 *
 * Return: the number of violations found.
 */
static unsigned long memblock_check_type(const struct memblock_type *type,
					 struct hm_report *r)
{
	unsigned long i, n = type->cnt, nr = 0;
	uint64_t sum = 0;
	char obj[32];

	snprintf(obj, sizeof(obj), "memblock.%s", type->name ? type->name : "?");

	if (type->cnt > type->max) {
		hm_report_add(r, obj, "cnt %lu exceeds max %lu", type->cnt,
			      type->max);
		nr++;
		n = type->max;
	}
	if (n && !type->regions) {
		hm_report_add(r, obj, "cnt %lu but no region array", type->cnt);
		return nr + 1;
	}

	for (i = 0; i < n; i++) {
		const struct memblock_region *rgn = &type->regions[i];
		const struct memblock_region *prev = rgn - 1;

		sum += rgn->size;
		if (!rgn->size) {
			hm_report_add(r, obj,
				      "region %lu at 0x%" PRIx64 " has size 0x%" PRIx64,
				      i, rgn->base, rgn->size);
			nr++;
		} else if (rgn->base + rgn->size < rgn->base) {
			hm_report_add(r, obj,
				      "region %lu base 0x%" PRIx64 " size 0x%" PRIx64
				      " wraps past the top", i, rgn->base, rgn->size);
			nr++;
		}
		if (!i)
			continue;
		if (rgn->base < prev->base) {
			hm_report_add(r, obj,
				      "region %lu base 0x%" PRIx64
				      " below region %lu base 0x%" PRIx64 " (unsorted)",
				      i, rgn->base, i - 1, prev->base);
			nr++;
		} else if (memblock_region_end(prev) > rgn->base) {
			hm_report_add(r, obj,
				      "region %lu end 0x%" PRIx64
				      " overlaps region %lu base 0x%" PRIx64,
				      i - 1, memblock_region_end(prev), i, rgn->base);
			nr++;
		} else if (memblock_regions_mergeable(prev, rgn)) {
			hm_report_add(r, obj,
				      "regions %lu and %lu touch at 0x%" PRIx64
				      " with equal nid %d/%d and flags 0x%x/0x%x (not merged)",
				      i - 1, i, rgn->base, prev->nid, rgn->nid,
				      prev->flags, rgn->flags);
			nr++;
		}
	}

	if (type->cnt <= type->max && sum != type->total_size) {
		hm_report_add(r, obj,
			      "total_size 0x%" PRIx64 " but regions sum to 0x%" PRIx64,
			      type->total_size, sum);
		nr++;
	}
	return nr;
}

/**
 * memblock_check - verify both region arrays
 * @mb: the memblock
 * @r: where violations are recorded
 *
 * Checks that each array is sorted and non-overlapping, has no zero-sized
 * or wrapping region, no pair of touching neighbours with the same nid and
 * flags, a total_size equal to the sum of the sizes and cnt <= max.  Each
 * violation is one line naming the array, the region index(es) and both
 * values.
 *
 * Return: the number of violations added to @r.
 */
unsigned long memblock_check(const struct memblock *mb, struct hm_report *r)
{
	return memblock_check_type(&mb->memory, r) +
	       memblock_check_type(&mb->reserved, r);
}

static const char *memblock_flags_name(unsigned int flags)
{
	unsigned int i;

	if (!flags)
		return "NONE";
	/* like debugfs, only the lowest known flag is named */
	for (i = 0; i < sizeof(memblock_flag_names) / sizeof(memblock_flag_names[0]); i++)
		if (flags & (1U << i))
			return memblock_flag_names[i];
	return "UNKNOWN";
}

static void memblock_dump_type(const struct memblock_type *type, struct hm_buf *out)
{
	unsigned long i, n = type->cnt < type->max ? type->cnt : type->max;

	hm_buf_printf(out, "%s:\n", type->name ? type->name : "?");
	for (i = 0; i < n; i++) {
		const struct memblock_region *rgn = &type->regions[i];

		hm_buf_printf(out, "%4lu: 0x%016" PRIx64 "..0x%016" PRIx64 " ", i,
			      rgn->base, rgn->base + rgn->size - 1);
		if (rgn->nid >= 0 && rgn->nid < MEMBLOCK_ANY_NODE)
			hm_buf_printf(out, "%4d ", rgn->nid);
		else
			hm_buf_printf(out, "%4c ", 'x');
		hm_buf_printf(out, "%s\n", memblock_flags_name(rgn->flags));
	}
}

/**
 * memblock_dump - print both arrays as /sys/kernel/debug/memblock/ does
 * @mb: the memblock
 * @out: the text is appended here
 *
 * See the comment at the declaration for the format.
 */
void memblock_dump(const struct memblock *mb, struct hm_buf *out)
{
	memblock_dump_type(&mb->memory, out);
	memblock_dump_type(&mb->reserved, out);
}

/**
 * memblock_debug_show - one array as Linux 6.1's debugfs file prints it
 * @type: memblock.memory or memblock.reserved
 * @out: the text is appended here
 *
 * One line per region, "%4d: %pa..%pa" (base and last byte); 6.1 prints
 * neither the node nor the flags (they came in v6.3).
 */
void memblock_debug_show(const struct memblock_type *type, struct hm_buf *out)
{
	unsigned long i, n = type->cnt < type->max ? type->cnt : type->max;

	for (i = 0; i < n; i++)
		hm_buf_printf(out, "%4lu: 0x%016" PRIx64 "..0x%016" PRIx64 "\n", i,
			      type->regions[i].base,
			      type->regions[i].base + type->regions[i].size - 1);
}
