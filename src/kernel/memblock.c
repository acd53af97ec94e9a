// SPDX-License-Identifier: GPL-2.0
/*
 * memblock.c - the boot-time physical memory map (mirrors mm/memblock.c).
 *
 * The "memory" and "reserved" region arrays, adding and removing ranges,
 * node ids and region flags, the lookups the hotplug paths make, and the
 * boot-time allocator (memblock_find_in_range_node, memblock_alloc_range_nid
 * and the memblock_alloc family) the boot code places its allocations with.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/memblock.h"
#include "hotmem/types.h"

/**
 * DOC: memblock overview
 *
 * A struct memblock holds two struct memblock_type arrays, "memory" and
 * "reserved".  Each is a sorted array of non-overlapping, non-empty
 * [base, base + size) regions, each carrying a node id and a set of
 * MEMBLOCK_* flags.  Neighbours that touch and have the same nid and flags
 * are always merged, so the array is the minimal description of the map.
 *
 * An empty array has cnt == 0 and regions[0] zeroed, as the kernel's since
 * v6.3.  (6.1 keeps one zero-sized dummy region, cnt == 1, in an empty
 * array; we do not, so that a zero-sized region is always a bug that
 * memblock_check() can report.)  Every slot past cnt is kept zero.
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
 * Arrays start with INIT_MEMBLOCK_REGIONS slots and only ever grow, to a
 * new array; the first one is kept (the kernel's is static __initdata).
 * After memblock_allow_resize() and until slab is up, a grown array lies in
 * memblock memory, found as memblock_double_array() finds it and reserved
 * in memblock.reserved, and the one it replaces is freed there.  The
 * kernel doubles once per missing slot; we grow once to the power-of-two
 * multiple needed, which is the same whenever one doubling suffices.
 *
 * The allocator.  Free memory is memory minus reserved, walked in address
 * order or in reverse (__next_mem_range and __next_mem_range_rev): every
 * intersection of a memory region with a gap between reserved regions.
 * memblock_find_in_range_node() takes the first (bottom-up) or last
 * (top-down) aligned fit of that walk inside [start, end), never below
 * PAGE_SIZE, and the allocating calls reserve what it found.  A node
 * request that is not exact falls back to any node; a MIRROR request (made
 * once a mirrored region exists) falls back to any memory.  Regions marked
 * NOMAP or DRV_MNG are never handed out, nor HOTPLUG ones under
 * movable_node.
 */

/* The kernel's struct memblock_region on 64-bit: base, size, flags, nid. */
_Static_assert(sizeof(struct memblock_region) == 24,
	       "doubled arrays are sized as the kernel's struct memblock_region");

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
	type->init_regions = type->regions;
	type->cnt = 0;
	type->max = INIT_MEMBLOCK_REGIONS;
	type->total_size = 0;
	type->name = name;
	return 0;
}

static void memblock_type_destroy(struct memblock *mb, struct memblock_type *type)
{
	if (type->regions != type->init_regions)
		hm_kfree(mb->alloc, type->regions);
	hm_kfree(mb->alloc, type->init_regions);
	type->regions = NULL;
	type->init_regions = NULL;
	type->array_phys = 0;
	type->array_phys_size = 0;
	type->cnt = 0;
	type->max = 0;
	type->total_size = 0;
}

int memblock_init(struct memblock *mb, struct hm_alloc *alloc)
{
	int err;

	memset(mb, 0, sizeof(*mb));
	mb->alloc = alloc;
	mb->current_limit = MEMBLOCK_ALLOC_ANYWHERE;
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

void memblock_destroy(struct memblock *mb)
{
	memblock_type_destroy(mb, &mb->memory);
	memblock_type_destroy(mb, &mb->reserved);
}

static int memblock_add_range(struct memblock *mb, struct memblock_type *type,
			      uint64_t base, uint64_t size, int nid,
			      unsigned int flags);
static int memblock_remove_range(struct memblock *mb, struct memblock_type *type,
				 uint64_t base, uint64_t size);

/**
 * memblock_grow_array - make room for @nr_new more regions
 * @mb: the memblock owning @type
 * @type: the array to grow
 * @nr_new: regions the caller is about to insert
 * @area_start: start of the range the caller is adding to @type
 * @area_size: its size; a new reserved array is not placed there
 *
 * Doubles the capacity as many times as needed, into one new zero-filled
 * array.  Once memblock_allow_resize() was called and until slab is up,
 * the new array takes PAGE_ALIGN(max * 24) bytes of memblock memory, found
 * as memblock_double_array() finds it: from the end of @area (reserved's
 * array only) up to current_limit, else below @area, PAGE_SIZE aligned.  It
 * is reserved, and the array it replaces released, in memblock.reserved,
 * which is grown first when it has no room for that.  Everything that can
 * fail happens before anything changes.
 *
 * Return: 0 if there is room (allocating or not), -ENOMEM otherwise.
 */
static int memblock_grow_array(struct memblock *mb, struct memblock_type *type,
			       unsigned long nr_new, uint64_t area_start,
			       uint64_t area_size)
{
	const unsigned long limit = ULONG_MAX / 2 / sizeof(struct memblock_region);
	struct memblock_type *rsv = &mb->reserved;
	struct memblock_region *regions, *old = type->regions;
	uint64_t addr = 0, alloc_size = 0, old_phys = type->array_phys;
	uint64_t old_phys_size = type->array_phys_size;
	bool in_memblock = mb->can_resize && !mb->slab_available;
	unsigned long new_max, spare = 0;
	int err;

	if (nr_new <= type->max - type->cnt)
		return 0;

	/* reserved's own growth: releasing the old array may split, the new adds one */
	if (type == rsv && (in_memblock || old_phys_size))
		spare = 2;
	new_max = type->max ? type->max : INIT_MEMBLOCK_REGIONS;
	while (new_max - type->cnt < nr_new + spare) {
		if (new_max > limit)
			return -ENOMEM;
		new_max *= 2;
	}

	if (in_memblock) {
		uint64_t below;

		alloc_size = ALIGN((uint64_t)new_max * sizeof(*regions), PAGE_SIZE);
		/* only a reserved array keeps out of the range being reserved */
		if (type != rsv)
			area_start = area_size = 0;
		addr = memblock_find_in_range(mb, area_start + area_size,
					      mb->current_limit, alloc_size, PAGE_SIZE);
		below = area_start < mb->current_limit ? area_start : mb->current_limit;
		if (!addr && area_size)
			addr = memblock_find_in_range(mb, 0, below, alloc_size, PAGE_SIZE);
		if (!addr)	/* "memblock: Failed to double %s array" */
			return -ENOMEM;
	}

	regions = hm_kcalloc(mb->alloc, new_max, sizeof(*regions));
	if (!regions)
		return -ENOMEM;
	if (type != rsv && (in_memblock || old_phys_size)) {
		err = memblock_grow_array(mb, rsv, 2, addr, alloc_size);
		if (err) {
			hm_kfree(mb->alloc, regions);
			return err;
		}
	}

	/* nothing fails from here on */
	if (type->cnt)	/* an array that was never filled may not exist yet */
		memcpy(regions, old, type->cnt * sizeof(*regions));
	type->regions = regions;
	type->max = new_max;
	if (old != type->init_regions)
		hm_kfree(mb->alloc, old);
	type->array_phys = addr;
	type->array_phys_size = alloc_size;
	if (old_phys_size)
		memblock_remove_range(mb, rsv, old_phys, old_phys_size);
	if (alloc_size)
		memblock_add_range(mb, rsv, addr, alloc_size, MEMBLOCK_ANY_NODE,
				   MEMBLOCK_NONE);
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
	/* the vacated slots, regions[0] of an emptied array among them, are zeroed */
	memset(&type->regions[type->cnt], 0, (end - start) * sizeof(type->regions[0]));
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
		memset(&type->regions[type->cnt], 0, sizeof(*next));
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

	/* counted again after a growth: a reserved array may have moved */
	for (;;) {
		nr_new = memblock_fill_gaps(type, base, end, nid, flags, false);
		if (!nr_new)
			return 0;
		if (nr_new <= type->max - type->cnt)
			break;
		err = memblock_grow_array(mb, type, nr_new, base, size);
		if (err)
			return err;
	}
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
	unsigned long idx = 0, nr_new;
	uint64_t end;
	int err;

	*start_rgn = *end_rgn = 0;
	if (!memblock_cap_size(base, &size))
		return 0;
	end = base + size;

	/* counted again after a growth: a reserved array may have moved */
	while ((nr_new = memblock_count_splits(type, base, end)) > type->max - type->cnt) {
		err = memblock_grow_array(mb, type, nr_new, base, size);
		if (err)
			return err;
	}

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

int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid,
		      unsigned int flags)
{
	return memblock_add_range(mb, &mb->memory, base, size, nid, flags);
}

int memblock_add(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_range(mb, &mb->memory, base, size, MEMBLOCK_ANY_NODE,
				  MEMBLOCK_NONE);
}

int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_remove_range(mb, &mb->memory, base, size);
}

int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_range(mb, &mb->reserved, base, size, MEMBLOCK_ANY_NODE,
				  MEMBLOCK_NONE);
}

int memblock_phys_free(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_remove_range(mb, &mb->reserved, base, size);
}

int memblock_mark_hotplug(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, true, MEMBLOCK_HOTPLUG);
}

int memblock_clear_hotplug(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, false, MEMBLOCK_HOTPLUG);
}

int memblock_mark_nomap(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, true, MEMBLOCK_NOMAP);
}

int memblock_clear_nomap(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_setclr_flag(mb, base, size, false, MEMBLOCK_NOMAP);
}

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

int memblock_mark_mirror(struct memblock *mb, uint64_t base, uint64_t size)
{
	int err = memblock_setclr_flag(mb, base, size, true, MEMBLOCK_MIRROR);

	if (!err)
		mb->has_mirror = true;
	return err;
}

void memblock_trim_memory(struct memblock *mb, uint64_t align)
{
	struct memblock_type *type = &mb->memory;
	unsigned long i = 0;

	while (i < type->cnt) {
		struct memblock_region *rgn = &type->regions[i];
		uint64_t start = ALIGN(rgn->base, align);
		uint64_t end = ALIGN_DOWN(memblock_region_end(rgn), align);

		if (start < end && start >= rgn->base) {
			type->total_size -= rgn->size - (end - start);
			rgn->base = start;
			rgn->size = end - start;
			i++;
		} else {
			memblock_remove_regions(type, i, i + 1);
		}
	}
}

void memblock_set_bottom_up(struct memblock *mb, bool enable)
{
	mb->bottom_up = enable;
}

bool memblock_bottom_up(const struct memblock *mb)
{
	return mb->bottom_up;
}

void memblock_set_current_limit(struct memblock *mb, uint64_t limit)
{
	mb->current_limit = limit;
}

uint64_t memblock_get_current_limit(const struct memblock *mb)
{
	return mb->current_limit;
}

/*
 * memblock_allow_resize - arrays may grow into memblock memory from now on.
 * The kernel calls it once the architecture has reserved what must not be
 * allocated (x86's setup_arch after e820__memblock_setup, arm64's
 * arm64_memblock_init).
 */
void memblock_allow_resize(struct memblock *mb)
{
	mb->can_resize = true;
}

/*
 * should_skip_region: whether the free-range walk passes over a memory
 * region: another node's, HOTPLUG memory under movable_node unless asked
 * for, non-MIRROR memory when MIRROR is asked for, NOMAP and
 * driver-managed memory unless asked for.
 */
static bool memblock_should_skip_region(const struct memblock *mb,
					const struct memblock_region *m, int nid,
					unsigned int flags)
{
	if (nid != NUMA_NO_NODE && nid != m->nid)
		return true;
	if (mb->movable_node && (m->flags & MEMBLOCK_HOTPLUG) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !(m->flags & MEMBLOCK_MIRROR))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && (m->flags & MEMBLOCK_NOMAP))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && (m->flags & MEMBLOCK_DRIVER_MANAGED))
		return true;
	return false;
}

/*
 * The gap of reserved before region @ib ([end of region ib - 1, base of
 * region ib)); gap 0 starts at 0, gap cnt ends at the top of the address
 * space.
 */
static void memblock_reserved_gap(const struct memblock_type *rsv, unsigned long ib,
				  uint64_t *start, uint64_t *end)
{
	*start = ib ? memblock_region_end(&rsv->regions[ib - 1]) : 0;
	*end = ib < rsv->cnt ? rsv->regions[ib].base : UINT64_MAX;
}

/* The walk over free memory: positions in memory (ia) and in reserved's gaps (ib). */
struct memblock_free_iter {
	unsigned long ia, ib;
	bool started;	/* the reverse walk has set its positions */
};

/**
 * memblock_next_free_range - next free range in address order
 * @mb: the memblock
 * @it: the walk, zeroed to start
 * @nid: the node to walk, or NUMA_NO_NODE
 * @flags: MEMBLOCK_* flags asked for
 * @out_start: start of the range found
 * @out_end: its end (exclusive)
 *
 * __next_mem_range over memory and reserved: every intersection of a memory
 * region with a gap of reserved, in address order.
 *
 * Return: true with a range, false at the end of the walk.
 */
static bool memblock_next_free_range(const struct memblock *mb,
				     struct memblock_free_iter *it, int nid,
				     unsigned int flags, uint64_t *out_start,
				     uint64_t *out_end)
{
	const struct memblock_type *mem = &mb->memory, *rsv = &mb->reserved;

	for (; it->ia < mem->cnt; it->ia++) {
		const struct memblock_region *m = &mem->regions[it->ia];
		uint64_t m_start = m->base, m_end = memblock_region_end(m);

		if (memblock_should_skip_region(mb, m, nid, flags))
			continue;
		for (; it->ib <= rsv->cnt; it->ib++) {
			uint64_t r_start, r_end;

			memblock_reserved_gap(rsv, it->ib, &r_start, &r_end);
			if (r_start >= m_end)
				break;
			if (m_start >= r_end)
				continue;
			*out_start = m_start > r_start ? m_start : r_start;
			*out_end = m_end < r_end ? m_end : r_end;
			/* the one of the two that ends first is done */
			if (m_end <= r_end)
				it->ia++;
			else
				it->ib++;
			return true;
		}
	}
	return false;
}

/**
 * memblock_prev_free_range - next free range in reverse address order
 * @mb: the memblock
 * @it: the walk, zeroed to start
 * @nid: the node to walk, or NUMA_NO_NODE
 * @flags: MEMBLOCK_* flags asked for
 * @out_start: start of the range found
 * @out_end: its end (exclusive)
 *
 * __next_mem_range_rev: the ranges of memblock_next_free_range() from the
 * top down.  ia and ib count down from one past the last.
 *
 * Return: true with a range, false at the end of the walk.
 */
static bool memblock_prev_free_range(const struct memblock *mb,
				     struct memblock_free_iter *it, int nid,
				     unsigned int flags, uint64_t *out_start,
				     uint64_t *out_end)
{
	const struct memblock_type *mem = &mb->memory, *rsv = &mb->reserved;

	if (!it->started) {
		it->ia = mem->cnt;
		it->ib = rsv->cnt + 1;
		it->started = true;
	}
	for (; it->ia > 0; it->ia--) {
		const struct memblock_region *m = &mem->regions[it->ia - 1];
		uint64_t m_start = m->base, m_end = memblock_region_end(m);

		if (memblock_should_skip_region(mb, m, nid, flags))
			continue;
		for (; it->ib > 0; it->ib--) {
			uint64_t r_start, r_end;

			memblock_reserved_gap(rsv, it->ib - 1, &r_start, &r_end);
			if (r_end <= m_start)
				break;
			if (m_end <= r_start)
				continue;
			*out_start = m_start > r_start ? m_start : r_start;
			*out_end = m_end < r_end ? m_end : r_end;
			/* the one of the two that starts last is done */
			if (m_start >= r_start)
				it->ia--;
			else
				it->ib--;
			return true;
		}
	}
	return false;
}

static uint64_t memblock_clamp(uint64_t x, uint64_t lo, uint64_t hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* __memblock_find_range_bottom_up: the lowest aligned fit in [start, end). */
static uint64_t memblock_find_range_bottom_up(const struct memblock *mb, uint64_t start,
					      uint64_t end, uint64_t size,
					      uint64_t align, int nid, unsigned int flags)
{
	struct memblock_free_iter it = { 0 };
	uint64_t this_start, this_end, cand;

	while (memblock_next_free_range(mb, &it, nid, flags, &this_start, &this_end)) {
		this_start = memblock_clamp(this_start, start, end);
		this_end = memblock_clamp(this_end, start, end);
		cand = ALIGN(this_start, align);
		if (cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

/* __memblock_find_range_top_down: the highest aligned fit in [start, end). */
static uint64_t memblock_find_range_top_down(const struct memblock *mb, uint64_t start,
					     uint64_t end, uint64_t size,
					     uint64_t align, int nid, unsigned int flags)
{
	struct memblock_free_iter it = { 0 };
	uint64_t this_start, this_end, cand;

	while (memblock_prev_free_range(mb, &it, nid, flags, &this_start, &this_end)) {
		this_start = memblock_clamp(this_start, start, end);
		this_end = memblock_clamp(this_end, start, end);
		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

uint64_t memblock_find_in_range_node(const struct memblock *mb, uint64_t size,
				     uint64_t align, uint64_t start, uint64_t end,
				     int nid, unsigned int flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = mb->current_limit;
	if (start < PAGE_SIZE)
		start = PAGE_SIZE;
	if (end < start)
		end = start;
	if (nid == MEMBLOCK_ANY_NODE)
		nid = NUMA_NO_NODE;
	if (mb->bottom_up)
		return memblock_find_range_bottom_up(mb, start, end, size, align, nid, flags);
	return memblock_find_range_top_down(mb, start, end, size, align, nid, flags);
}

/* choose_memblock_flags: mirrored memory first once some exists. */
static unsigned int memblock_choose_flags(const struct memblock *mb)
{
	return mb->has_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
}

uint64_t memblock_find_in_range(const struct memblock *mb, uint64_t start,
				uint64_t end, uint64_t size, uint64_t align)
{
	unsigned int flags = memblock_choose_flags(mb);
	uint64_t ret;

	ret = memblock_find_in_range_node(mb, size, align, start, end, NUMA_NO_NODE, flags);
	if (!ret && (flags & MEMBLOCK_MIRROR))
		ret = memblock_find_in_range_node(mb, size, align, start, end,
						  NUMA_NO_NODE, flags & ~MEMBLOCK_MIRROR);
	return ret;
}

uint64_t memblock_alloc_range_nid(struct memblock *mb, uint64_t size, uint64_t align,
				  uint64_t start, uint64_t end, int nid, bool exact_nid)
{
	unsigned int flags = memblock_choose_flags(mb);
	uint64_t found;

	if (nid == MEMBLOCK_ANY_NODE)
		nid = NUMA_NO_NODE;
	if (!align)
		align = MEMBLOCK_SMP_CACHE_BYTES;
	for (;;) {
		found = memblock_find_in_range_node(mb, size, align, start, end, nid, flags);
		if (found && !memblock_reserve(mb, found, size))
			return found;
		if (nid != NUMA_NO_NODE && !exact_nid) {
			found = memblock_find_in_range_node(mb, size, align, start, end,
							    NUMA_NO_NODE, flags);
			if (found && !memblock_reserve(mb, found, size))
				return found;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		/* "Could not allocate %pap bytes of mirrored memory" */
		flags &= ~MEMBLOCK_MIRROR;
	}
}

uint64_t memblock_phys_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
				   uint64_t start, uint64_t end)
{
	return memblock_alloc_range_nid(mb, size, align, start, end, NUMA_NO_NODE, false);
}

uint64_t memblock_phys_alloc_try_nid(struct memblock *mb, uint64_t size, uint64_t align,
				     int nid)
{
	return memblock_alloc_range_nid(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
					nid, false);
}

uint64_t memblock_phys_alloc(struct memblock *mb, uint64_t size, uint64_t align)
{
	return memblock_phys_alloc_range(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
}

/**
 * memblock_alloc_internal - the allocation behind memblock_alloc_try_nid
 * @mb: the memblock
 * @size: bytes wanted
 * @align: alignment, a power of two; 0 for MEMBLOCK_SMP_CACHE_BYTES
 * @min_addr: lowest base wanted
 * @max_addr: end of the range, capped at current_limit
 * @nid: the node wanted, or NUMA_NO_NODE
 * @exact_nid: no fallback to other nodes
 *
 * When nothing fits above @min_addr, the allocation is retried from 0.
 *
 * Return: the base reserved, 0 if nothing fits.
 */
static uint64_t memblock_alloc_internal(struct memblock *mb, uint64_t size,
					uint64_t align, uint64_t min_addr,
					uint64_t max_addr, int nid, bool exact_nid)
{
	uint64_t alloc;

	if (max_addr > mb->current_limit)
		max_addr = mb->current_limit;
	alloc = memblock_alloc_range_nid(mb, size, align, min_addr, max_addr, nid, exact_nid);
	if (!alloc && min_addr)
		alloc = memblock_alloc_range_nid(mb, size, align, 0, max_addr, nid, exact_nid);
	return alloc;
}

uint64_t memblock_alloc_try_nid(struct memblock *mb, uint64_t size, uint64_t align,
				uint64_t min_addr, uint64_t max_addr, int nid)
{
	return memblock_alloc_internal(mb, size, align, min_addr, max_addr, nid, false);
}

/* The same placement: _raw only skips the kernel's memset, and hotmem keeps no contents. */
uint64_t memblock_alloc_try_nid_raw(struct memblock *mb, uint64_t size, uint64_t align,
				    uint64_t min_addr, uint64_t max_addr, int nid)
{
	return memblock_alloc_internal(mb, size, align, min_addr, max_addr, nid, false);
}

uint64_t memblock_alloc_exact_nid_raw(struct memblock *mb, uint64_t size, uint64_t align,
				      uint64_t min_addr, uint64_t max_addr, int nid)
{
	return memblock_alloc_internal(mb, size, align, min_addr, max_addr, nid, true);
}

uint64_t memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align)
{
	return memblock_alloc_try_nid(mb, size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

uint64_t memblock_alloc_from(struct memblock *mb, uint64_t size, uint64_t align,
			     uint64_t min_addr)
{
	return memblock_alloc_try_nid(mb, size, align, min_addr,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

uint64_t memblock_alloc_low(struct memblock *mb, uint64_t size, uint64_t align)
{
	return memblock_alloc_try_nid(mb, size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

uint64_t memblock_alloc_node(struct memblock *mb, uint64_t size, uint64_t align, int nid)
{
	return memblock_alloc_try_nid(mb, size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
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

bool memblock_overlaps_region(const struct memblock_type *type, uint64_t base,
			      uint64_t size)
{
	unsigned long i;

	memblock_cap_size(base, &size);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *rgn = &type->regions[i];

		if (base < memblock_region_end(rgn) && rgn->base < base + size)
			return true;
	}
	return false;
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

bool memblock_is_region_memory(const struct memblock *mb, uint64_t base,
			       uint64_t size)
{
	const struct memblock_region *rgn = memblock_search(&mb->memory, base);

	if (!rgn)
		return false;
	memblock_cap_size(base, &size);
	return memblock_region_end(rgn) >= base + size;
}

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
	for (i = n; i < type->max; i++) {
		const struct memblock_region *rgn = &type->regions[i];

		if (rgn->base || rgn->size || rgn->flags || rgn->nid) {
			hm_report_add(r, obj, "slot %lu past cnt %lu is not zero (base 0x%"
				      PRIx64 " size 0x%" PRIx64 ")", i, type->cnt,
				      rgn->base, rgn->size);
			nr++;
			break;
		}
	}
	return nr;
}

unsigned long memblock_check(const struct memblock *mb, struct hm_report *r)
{
	const struct memblock_type *types[] = { &mb->memory, &mb->reserved };
	unsigned long i, nr = 0;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		const struct memblock_type *type = types[i];
		const struct memblock_region *rgn;

		nr += memblock_check_type(type, r);
		if (!type->array_phys_size)
			continue;
		/* a doubled array in memblock memory is reserved where it lies */
		rgn = memblock_search(&mb->reserved, type->array_phys);
		if (!rgn || memblock_region_end(rgn) < type->array_phys + type->array_phys_size) {
			hm_report_add(r, "memblock", "the %s array at [0x%" PRIx64 "-0x%" PRIx64
				      "] is not reserved", type->name ? type->name : "?",
				      type->array_phys,
				      type->array_phys + type->array_phys_size - 1);
			nr++;
		}
	}
	return nr;
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

void memblock_dump(const struct memblock *mb, struct hm_buf *out)
{
	memblock_dump_type(&mb->memory, out);
	memblock_dump_type(&mb->reserved, out);
}

void memblock_debug_show(const struct memblock_type *type, struct hm_buf *out)
{
	unsigned long i, n = type->cnt < type->max ? type->cnt : type->max;

	for (i = 0; i < n; i++)
		hm_buf_printf(out, "%4lu: 0x%016" PRIx64 "..0x%016" PRIx64 "\n", i,
			      type->regions[i].base,
			      type->regions[i].base + type->regions[i].size - 1);
}
