// SPDX-License-Identifier: GPL-2.0
/*
 * page_alloc.c - the buddy allocator, pageblock migratetypes and isolation
 * (mm/page_alloc.c, mm/page_isolation.c).
 *
 * Each zone keeps free chunks of 2^order pages on free lists per order and
 * migratetype.  Allocation takes the first chunk of the smallest order that
 * fits from the list of the wanted migratetype (the head of the list) and
 * gives the unused halves back; when that type has nothing, it falls back
 * to the other types, taking the biggest chunk and claiming its whole
 * pageblock where the kernel would.  Freeing merges a chunk with its free
 * buddy as long as it can; pages given to the buddy for the first time
 * (boot, online) go to the tail of the lists, others to the head.
 *
 * Offline isolates the pageblocks of a range (their free pages leave the
 * allocatable lists), migrates what is in use, and takes the free chunks
 * out.  has_unmovable_pages decides at once whether that can work.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/cpu.h"
#include "hotmem/migrate.h"
#include "hotmem/page_alloc.h"
#include "hotmem/page_isolation.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"
#include "hotmem/vmstat.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable",
	[MIGRATE_MOVABLE] = "Movable",
	[MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_PCPTYPES] = "HighAtomic",
	[MIGRATE_CMA] = "CMA",
	[MIGRATE_ISOLATE] = "Isolate",
};

/* Where an allocation of one migratetype looks when its own lists are empty. */
static const int fallbacks[MIGRATE_TYPES][2] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

#define PAGE_IDS_MASK	((PAGE_NODE_MASK << PAGE_NODE_SHIFT) | \
			 (PAGE_ZONE_MASK << PAGE_ZONE_SHIFT))

/* ------------------------------------------------------------ locking */

void zone_lock(struct hm_system *sys, struct zone *zone)
{
	lockdep_acquire(&sys->lockdep, LOCK_RANK_ZONE);
	pthread_mutex_lock(&zone->lock);
}

void zone_unlock(struct hm_system *sys, struct zone *zone)
{
	pthread_mutex_unlock(&zone->lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_ZONE);
}

/* ------------------------------------------------------- pageblocks */

static struct mem_section_usage *pfn_usage(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section *ms = __pfn_to_section(sys, pfn);

	return ms ? ms->usage : NULL;
}

void set_pageblock_migratetype(struct hm_system *sys, unsigned long pfn, int migratetype)
{
	struct mem_section_usage *usage = pfn_usage(sys, pfn);

	if (usage)
		usage->pageblock_mt[subsection_map_index(pfn)] = (uint8_t)migratetype;
}

int get_pageblock_migratetype(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section_usage *usage = pfn_usage(sys, pfn);

	return usage ? usage->pageblock_mt[subsection_map_index(pfn)] : MIGRATE_UNMOVABLE;
}

void set_pageblock_range(struct hm_system *sys, unsigned long pfn, unsigned long nr,
			 int migratetype)
{
	unsigned long end = pfn + nr;

	for (pfn = ALIGN_DOWN(pfn, pageblock_nr_pages); pfn < end;) {
		unsigned long stop = ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;
		struct mem_section_usage *usage = pfn_usage(sys, pfn);

		if (stop > end)
			stop = ALIGN(end, pageblock_nr_pages);
		if (usage)
			memset(&usage->pageblock_mt[subsection_map_index(pfn)], migratetype,
			       (stop - pfn) / pageblock_nr_pages);
		pfn = stop;
	}
}

unsigned long find_pageblock(struct hm_system *sys, unsigned long pfn, unsigned long end,
			     int migratetype, bool is)
{
	for (pfn = ALIGN_DOWN(pfn, pageblock_nr_pages); pfn < end;) {
		unsigned long stop = ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;
		struct mem_section_usage *usage = pfn_usage(sys, pfn);

		if (stop > end)
			stop = end;
		for (; pfn < stop; pfn += pageblock_nr_pages) {
			int mt = usage ? usage->pageblock_mt[subsection_map_index(pfn)] :
				 MIGRATE_UNMOVABLE;

			if ((mt == migratetype) == is)
				return pfn;
		}
	}
	return end;
}

/* ------------------------------------------------------- free lists */

void zone_init_free_lists(struct zone *zone)
{
	unsigned int order;
	int mt;

	for (order = 0; order < MAX_ORDER; order++) {
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[mt]);
		zone->free_area[order].nr_free = 0;
	}
}

static inline struct page *lru_to_page(struct list_head *entry)
{
	return container_of(entry, struct page, lru);
}

/*
 * __mod_zone_freepage_state: NR_FREE_PAGES counts the free pages that can
 * be allocated (not isolated ones), NR_FREE_CMA_PAGES those of them in CMA
 * pageblocks.
 */
static inline void account_freepages(struct zone *zone, long nr, int migratetype)
{
	if (migratetype == MIGRATE_ISOLATE)
		return;
	zone->nr_free_pages += nr;
	if (migratetype == MIGRATE_CMA)
		zone->nr_free_cma_pages += nr;
}

static void add_to_free_list(struct zone *zone, struct page *page, unsigned int order,
			     int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	page->flags |= 1ULL << PG_buddy;
	page->private = order;
	if (tail)
		list_add_tail(&page->lru, &area->free_list[migratetype]);
	else
		list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
	account_freepages(zone, 1L << order, migratetype);
}

/*
 * A section's free run (memmap.h) on the tail of a max-order list: its
 * chunks, in pfn order, where they would have been added one by one.
 */
static void add_run_to_free_list(struct zone *zone, struct mem_section *ms, int migratetype)
{
	struct free_area *area = &zone->free_area[MAX_ORDER - 1];

	list_add_tail(&ms->run.lru, &area->free_list[migratetype]);
	area->nr_free += MAX_ORDER_CHUNKS_PER_SECTION;
	account_freepages(zone, (long)PAGES_PER_SECTION, migratetype);
}

static void del_run_from_free_list(struct zone *zone, struct mem_section *ms, int migratetype)
{
	list_del(&ms->run.lru);
	zone->free_area[MAX_ORDER - 1].nr_free -= MAX_ORDER_CHUNKS_PER_SECTION;
	account_freepages(zone, -(long)PAGES_PER_SECTION, migratetype);
}

static inline bool page_is_run(const struct page *page)
{
	return !page_poisoned(page) && (page->flags & (1ULL << PG_run));
}

/*
 * The first chunk of a non-empty free list; a free run or the heads of a
 * section's chunks alone (MEMMAP_HEADS) get the section's struct pages
 * first, so that the chunk can be taken.  zone->lock held.
 */
static struct page *free_list_first(struct hm_system *sys, struct list_head *head)
{
	struct page *page = lru_to_page(head->next);
	struct mem_section *ms;

	if (!page_is_run(page) && page->private != MAX_ORDER - 1)
		return page;
	ms = __nr_to_section(sys, page_to_section(page));
	if (page_is_run(page) || ms->memmap_state == MEMMAP_HEADS) {
		memmap_materialise(sys, ms);
		page = lru_to_page(head->next);
	}
	return page;
}

static void del_from_free_list(struct zone *zone, struct page *page, unsigned int order,
			       int migratetype)
{
	list_del(&page->lru);
	page->flags &= ~(1ULL << PG_buddy);
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
	zone->free_area[order].nr_free--;
	account_freepages(zone, -(1L << order), migratetype);
}

/*
 * Is buddy the first page of a free chunk of this order in the same zone as
 * page?  A never-initialised (poisoned) struct page is not: hot-added
 * memory that is not online yet can neighbour online memory.
 */
static bool page_is_buddy(struct hm_system *sys, const struct page *page,
			  const struct page *buddy, unsigned int order)
{
	if (page_poisoned(buddy))
		return false;
	if (!(buddy->flags & (1ULL << PG_buddy)) || buddy->private != order)
		return false;
	return ((buddy->flags ^ page->flags) & PAGE_IDS_MASK) == 0;
}

/*
 * buddy_merge_likely: is the buddy of the chunk one order up free?  Then
 * this chunk goes to the tail, where it is likely to merge before being
 * allocated.
 */
static bool buddy_merge_likely(struct hm_system *sys, struct page *page, unsigned long pfn,
			       unsigned int order)
{
	unsigned long higher_pfn, higher_buddy_pfn;

	if (order >= MAX_ORDER - 2)
		return false;
	higher_pfn = pfn & ~(1UL << order);
	higher_buddy_pfn = higher_pfn ^ (1UL << (order + 1));
	return page_is_buddy(sys, page, page + ((long)higher_buddy_pfn - (long)pfn), order + 1);
}

/*
 * A dense section whose last free page has just joined a max-order chunk
 * holds nothing but free chunks: its struct pages go.  Freed chunk by chunk
 * in pfn order, its max-order chunks are at the head of one list, the last
 * freed first: then the 32 entries become one free run (memmap.h;
 * descending if freed upwards, ascending if freed downwards).  Anywhere
 * else on the lists, the chunk heads stay alone where they are
 * (MEMMAP_HEADS).  Both keep to one zone and migratetype, and never an
 * isolated range: a walk over it (migration, offline) holds pointers into
 * its struct pages.  zone->lock held.
 */
static void fold_free_section(struct hm_system *sys, struct zone *zone, struct page *page,
			      unsigned long pfn, int mt)
{
	const unsigned long last = PAGES_PER_SECTION - MAX_ORDER_NR_PAGES;
	const unsigned long off = pfn & (PAGES_PER_SECTION - 1);
	struct mem_section *ms = __pfn_to_section(sys, pfn);
	struct list_head *head = &zone->free_area[MAX_ORDER - 1].free_list[mt], *e;
	const unsigned long section_pfn = pfn - off;
	uint64_t ids = page->flags & ~(1ULL << PG_buddy);
	struct page *map, tmpl;
	unsigned long i;
	bool run;

	if (sys->sparse.memmap_dense || mt == MIGRATE_ISOLATE || !ms ||
	    ms->memmap_state != MEMMAP_DENSE)
		return;
	map = ms->memmap;
	/* the chunk heads first: a section still in use stops here, cheaply */
	for (i = 0; i < PAGES_PER_SECTION; i += MAX_ORDER_NR_PAGES)
		if (map[i].flags != (ids | (1ULL << PG_buddy)) || map[i].refcount ||
		    map[i].private != MAX_ORDER - 1)
			return;
	page_template(&tmpl, pfn_to_section_nr(pfn), page_zonenum(sys, page),
		      page_to_nid(sys, page), false);
	tmpl.refcount = 0;
	if (ids != tmpl.flags)
		return;
	if (find_pageblock(sys, section_pfn, section_pfn + PAGES_PER_SECTION, mt, false) <
	    section_pfn + PAGES_PER_SECTION)
		return;
	/* the pages after each head: plain free pages, the template's */
	for (i = 0; i < PAGES_PER_SECTION; i += MAX_ORDER_NR_PAGES)
		if (!page_alike(&map[i + 1], &tmpl) ||
		    !pages_alike(&map[i + 1], MAX_ORDER_NR_PAGES - 1))
			return;
	/* the heads at the head of the list, from the one just added on */
	run = (off == last || off == 0) && head->next == &page->lru;
	for (i = 0, e = head->next; run && i < MAX_ORDER_CHUNKS_PER_SECTION; i++, e = e->next)
		if (e != &map[off ? last - i * MAX_ORDER_NR_PAGES : i * MAX_ORDER_NR_PAGES].lru)
			run = false;
	if (!run) {
		memmap_keep_heads(sys, ms, &tmpl);
		return;
	}
	ms->run = tmpl;
	ms->run.flags |= (1ULL << PG_buddy) | (1ULL << PG_run) | (off ? 1ULL << PG_run_desc : 0);
	ms->run.private = MAX_ORDER - 1;
	list_add(&ms->run.lru, head);
	for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++)
		list_del(ms->run.lru.next);
	ms->tmpl = tmpl;
	ms->memmap = NULL;
	ms->memmap_state = MEMMAP_FREE;
	sys->sparse.nr_dense_sections--;
	memmap_array_put(sys, map);
}

/*
 * __free_one_page: frees the chunk [pfn, pfn + 2^order) of zone, merging it
 * with free buddies.  Two pageblocks merge only if neither is isolated;
 * the buddy's pageblocks take the freed chunk's migratetype (a merged
 * chunk lives on one list).  zone->lock held.
 */
static void __free_one_page(struct hm_system *sys, struct zone *zone, struct page *page,
			    unsigned long pfn, unsigned int order, int migratetype,
			    unsigned int fpi)
{
	bool to_tail;

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = page + ((long)buddy_pfn - (long)pfn);
		int buddy_mt = migratetype;

		if (!page_is_buddy(sys, page, buddy, order))
			break;
		if (order >= pageblock_order) {
			buddy_mt = get_pageblock_migratetype(sys, buddy_pfn);
			/* isolated and CMA pageblocks keep their free pages apart */
			if (buddy_mt != migratetype &&
			    (!migratetype_is_mergeable(buddy_mt) ||
			     !migratetype_is_mergeable(migratetype)))
				break;
		}
		del_from_free_list(zone, buddy, order, buddy_mt);
		if (buddy_mt != migratetype) {
			set_pageblock_range(sys, buddy_pfn, 1UL << order, migratetype);
			/* the buddy's pages count again under the merged type */
		}
		if (buddy_pfn < pfn) {
			page = buddy;
			pfn = buddy_pfn;
		}
		order++;
	}
	to_tail = (fpi & FPI_TO_TAIL) || buddy_merge_likely(sys, page, pfn, order);
	add_to_free_list(zone, page, order, migratetype, to_tail);
	/*
	 * Not on a tail add (__free_pages_core): the walks that hand memory
	 * to the buddy that way hold a pointer into the section's struct pages.
	 */
	if (order == MAX_ORDER - 1 && !to_tail)
		fold_free_section(sys, zone, page, pfn, migratetype);
}

/*
 * expand: the chunk [pfn, pfn + 2^high) was taken off a list to satisfy an
 * allocation of order low; its upper halves go back to the head of the
 * lists of their pageblocks' migratetype, the first 2^low pages stay.
 */
static void expand(struct hm_system *sys, struct zone *zone, struct page *page,
		   unsigned long pfn, unsigned int low, unsigned int high)
{
	while (high > low) {
		unsigned long size;

		high--;
		size = 1UL << high;
		add_to_free_list(zone, page + size, high,
				 get_pageblock_migratetype(sys, pfn + size), false);
	}
}

/* Takes the chunk at the head of a list and keeps 2^order pages of it. */
static struct page *take_chunk(struct hm_system *sys, struct zone *zone, struct page *page,
			       unsigned int chunk_order, unsigned int order, int migratetype)
{
	unsigned long pfn = page_to_pfn(sys, page);

	del_from_free_list(zone, page, chunk_order, migratetype);
	expand(sys, zone, page, pfn, order, chunk_order);
	return page;
}

/* __rmqueue_smallest: the smallest chunk of this migratetype that fits. */
static struct page *__rmqueue_smallest(struct hm_system *sys, struct zone *zone,
				       unsigned int order, int migratetype)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct list_head *head = &zone->free_area[o].free_list[migratetype];

		if (!list_empty(head))
			return take_chunk(sys, zone, free_list_first(sys, head), o, order,
					  migratetype);
	}
	return NULL;
}

/* can_steal_fallback: may an allocation take a whole pageblock of another type? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	return order >= pageblock_order / 2 || start_mt == MIGRATE_UNMOVABLE ||
	       start_mt == MIGRATE_RECLAIMABLE;
}

/* find_suitable_fallback: the first fallback type with a chunk of this order. */
static int find_suitable_fallback(struct zone *zone, unsigned int order, int start_mt,
				  bool *can_steal)
{
	struct free_area *area = &zone->free_area[order];
	size_t i;

	*can_steal = false;
	if (!area->nr_free)
		return -1;
	for (i = 0; i < ARRAY_SIZE(fallbacks[0]); i++) {
		int mt = fallbacks[start_mt][i];

		if (list_empty(&area->free_list[mt]))
			continue;
		*can_steal = can_steal_fallback(order, start_mt);
		return mt;
	}
	return -1;
}

/*
 * Moves the free chunks whose first page lies in [start, end) to the tail
 * of the lists of new_mt; returns the pages moved.  The chunks must not
 * reach past end.  zone->lock held.
 */
static unsigned long move_free_chunks(struct hm_system *sys, struct zone *zone,
				      unsigned long start, unsigned long end, int new_mt)
{
	unsigned long moved = 0, c;
	enum pfn_walk_step step;
	struct pfn_walk w;

	for (pfn_walk_start(&w, start, end, PFN_WALK_TAKE);
	     (step = pfn_walk_next(sys, &w)) != PFN_WALK_END;) {
		switch (step) {
		case PFN_WALK_FREE_RUN:
			/* a whole free run moves as one entry */
			del_run_from_free_list(zone, w.ms, get_pageblock_migratetype(sys, w.pfn));
			/* moved chunk by chunk in pfn order: ascending at the tail */
			w.ms->run.flags &= ~(1ULL << PG_run_desc);
			add_run_to_free_list(zone, w.ms, new_mt);
			moved += w.nr;
			break;
		case PFN_WALK_FREE_HEADS:
			/* its chunk heads, one by one in pfn order, as page by page */
			for (c = 0; c < MAX_ORDER_CHUNKS_PER_SECTION; c++) {
				unsigned long pfn = w.pfn + c * MAX_ORDER_NR_PAGES;

				del_from_free_list(zone, &w.ms->memmap[c], MAX_ORDER - 1,
						   get_pageblock_migratetype(sys, pfn));
				add_to_free_list(zone, &w.ms->memmap[c], MAX_ORDER - 1, new_mt,
						 true);
			}
			moved += w.nr;
			break;
		case PFN_WALK_FREE_CHUNK:
			del_from_free_list(zone, w.page, w.order,
					   get_pageblock_migratetype(sys, w.pfn));
			add_to_free_list(zone, w.page, w.order, new_mt, true);
			moved += w.nr;
			break;
		default:
			break;		/* no free chunk there */
		}
	}
	return moved;
}

/* The free pages of one pageblock, and its movable pages in use. */
static unsigned long pageblock_free_pages(struct hm_system *sys, unsigned long block,
					  unsigned long *movable)
{
	struct page *page = pfn_to_page(sys, block);
	unsigned long pfn = block, free_pages = 0;

	*movable = 0;
	while (pfn < block + pageblock_nr_pages) {
		uint64_t flags = page_flags(sys, page);

		if (flags & (1ULL << PG_buddy)) {
			unsigned long nr = 1UL << page->private;

			free_pages += nr;
			pfn += nr;
			page += nr;
			continue;
		}
		if (page->refcount && (flags & ((1ULL << PG_lru) | (1ULL << PG_movable))))
			(*movable)++;
		pfn++;
		page++;
	}
	return free_pages;
}

/*
 * steal_suitable_fallback: an allocation of start_mt found the chunk page
 * (order chunk_order) on the list of another type.  A chunk of a pageblock
 * or more takes its pageblocks over; a smaller one claims its pageblock if
 * stealing is allowed and at least half of the pageblock is free or of a
 * compatible kind: the pageblock's free chunks then move to start_mt's
 * lists.  Returns true if the chunk is now on start_mt's list.
 */
static bool steal_suitable_fallback(struct hm_system *sys, struct zone *zone,
				    struct page *page, unsigned int chunk_order,
				    int start_mt, bool can_steal)
{
	unsigned long pfn = page_to_pfn(sys, page), block, free_pages, movable, alike;
	int old_mt = get_pageblock_migratetype(sys, pfn);

	if (chunk_order >= pageblock_order) {
		del_from_free_list(zone, page, chunk_order, old_mt);
		set_pageblock_range(sys, pfn, 1UL << chunk_order, start_mt);
		add_to_free_list(zone, page, chunk_order, start_mt, false);
		return true;
	}
	if (!can_steal)
		return false;
	block = ALIGN_DOWN(pfn, pageblock_nr_pages);
	/* count first: the free chunks move only if the pageblock is claimed */
	free_pages = pageblock_free_pages(sys, block, &movable);
	if (start_mt == MIGRATE_MOVABLE)
		alike = movable;
	else if (old_mt == MIGRATE_MOVABLE)
		alike = pageblock_nr_pages - (free_pages + movable);
	else
		alike = 0;
	if (free_pages + alike < pageblock_nr_pages / 2)
		return false;
	move_free_chunks(sys, zone, block, block + pageblock_nr_pages, start_mt);
	set_pageblock_migratetype(sys, block, start_mt);
	return true;
}

/*
 * __rmqueue_fallback: no chunk of start_mt: take the biggest chunk of a
 * fallback type (the smallest one for a movable allocation that may not
 * claim the pageblock, which fragments less).  Returns the allocated
 * pages or NULL.
 */
static struct page *__rmqueue_fallback(struct hm_system *sys, struct zone *zone,
				       unsigned int order, int start_mt)
{
	bool can_steal = false;
	int fallback_mt = -1;
	struct page *page;
	int o;

	for (o = MAX_ORDER - 1; o >= (int)order; o--) {
		fallback_mt = find_suitable_fallback(zone, (unsigned int)o, start_mt, &can_steal);
		if (fallback_mt < 0)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE && o > (int)order) {
			for (o = (int)order; o < MAX_ORDER; o++) {
				fallback_mt = find_suitable_fallback(zone, (unsigned int)o,
								     start_mt, &can_steal);
				if (fallback_mt >= 0)
					break;
			}
		}
		break;
	}
	if (fallback_mt < 0 || o < (int)order || o >= MAX_ORDER)
		return NULL;
	page = free_list_first(sys, &zone->free_area[o].free_list[fallback_mt]);
	if (steal_suitable_fallback(sys, zone, page, (unsigned int)o, start_mt, can_steal))
		return __rmqueue_smallest(sys, zone, order, start_mt);
	return take_chunk(sys, zone, page, (unsigned int)o, order, fallback_mt);
}

/*
 * __rmqueue: movable allocations may take CMA pages (ALLOC_CMA): first when
 * more than half of the zone's free pages are CMA ones, so that the two
 * are used evenly, and after their own lists before stealing from other
 * types.
 */
static struct page *rmqueue(struct hm_system *sys, struct zone *zone, unsigned int order,
			    int migratetype)
{
	bool alloc_cma = migratetype == MIGRATE_MOVABLE;
	struct page *page = NULL;

	zone_lock(sys, zone);
	if (alloc_cma && zone->nr_free_cma_pages > zone->nr_free_pages / 2)
		page = __rmqueue_smallest(sys, zone, order, MIGRATE_CMA);
	if (!page)
		page = __rmqueue_smallest(sys, zone, order, migratetype);
	if (!page && alloc_cma)
		page = __rmqueue_smallest(sys, zone, order, MIGRATE_CMA);
	if (!page)
		page = __rmqueue_fallback(sys, zone, order, migratetype);
	zone_unlock(sys, zone);
	return page;
}

static struct page *alloc_from_node(struct hm_system *sys, int nid, int highest_zone,
				    unsigned int order, int migratetype)
{
	struct pglist_data *pgdat = NODE_DATA(sys, nid);
	int zid;

	if (!pgdat || !node_online(sys, nid))
		return NULL;
	for (zid = highest_zone; zid >= ZONE_DMA; zid--) {
		struct zone *zone = &pgdat->node_zones[zid];
		struct page *page;

		if (!zone->managed_pages)
			continue;
		page = rmqueue(sys, zone, order, migratetype);
		if (page)
			return page;
	}
	return NULL;
}

/* The first zone of the zonelist that has managed pages (ac->preferred_zoneref). */
static struct zone *preferred_zone(struct hm_system *sys, int highest, int preferred_nid,
				   const nodemask_t *nodemask)
{
	int nid, i, zid;

	for (i = -1; i < MAX_NUMNODES; i++) {
		struct pglist_data *pgdat;

		nid = i < 0 ? preferred_nid : i;
		if (nid < 0 || nid >= MAX_NUMNODES || (i >= 0 && nid == preferred_nid))
			continue;
		if (nodemask && !node_isset(nid, *nodemask))
			continue;
		pgdat = NODE_DATA(sys, nid);
		if (!pgdat || !node_online(sys, nid))
			continue;
		for (zid = highest; zid >= ZONE_DMA; zid--)
			if (pgdat->node_zones[zid].managed_pages)
				return &pgdat->node_zones[zid];
	}
	return NULL;
}

struct page *__alloc_pages(struct hm_system *sys, gfp_t gfp, unsigned int order,
			   int preferred_nid, const nodemask_t *nodemask)
{
	int highest = (gfp & __GFP_MOVABLE) && (gfp & __GFP_HIGHMEM) ? ZONE_MOVABLE :
								       ZONE_NORMAL;
	int mt = gfp_migratetype(gfp), nid, i;
	struct page *page = NULL;

	if (order >= MAX_ORDER)
		return NULL;
	/* the zonelist: the preferred node, then the others in node order */
	for (i = -1; i < MAX_NUMNODES && !page; i++) {
		nid = i < 0 ? preferred_nid : i;
		if (nid < 0 || nid >= MAX_NUMNODES || (i >= 0 && nid == preferred_nid))
			continue;
		if (nodemask && !node_isset(nid, *nodemask))
			continue;
		page = alloc_from_node(sys, nid, highest, order, mt);
	}
	if (page) {
		/* prep_new_page */
		unsigned long n;

		zone_statistics(sys, preferred_zone(sys, highest, preferred_nid, nodemask),
				page_zone(sys, page), preferred_nid, 1UL << order);

		for (n = 0; n < (1UL << order); n++) {
			page[n].refcount = 0;
			page[n].mapping = NULL;
			page[n].index = 0;
		}
		page->refcount = 1;
	}
	return page;
}

void __free_pages(struct hm_system *sys, struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(sys, page);
	unsigned long pfn = page_to_pfn(sys, page), nr = 1UL << order, p;
	int mt = get_pageblock_migratetype(sys, pfn);
	bool uniform = true;

	page->refcount = 0;
	page->mapping = NULL;
	page->index = 0;
	for (p = pfn + pageblock_nr_pages; p < pfn + nr; p += pageblock_nr_pages)
		uniform &= get_pageblock_migratetype(sys, p) == mt;
	zone_lock(sys, zone);
	if (uniform) {
		__free_one_page(sys, zone, page, pfn, order, mt, FPI_NONE);
	} else {
		/* pageblocks of different types (one isolated since): one piece each */
		for (p = pfn; p < pfn + nr; p += pageblock_nr_pages)
			__free_one_page(sys, zone, page + (p - pfn), p, pageblock_order,
					get_pageblock_migratetype(sys, p), FPI_NONE);
	}
	zone_unlock(sys, zone);
}

void __free_pages_core(struct hm_system *sys, struct zone *zone, unsigned long pfn,
		       unsigned int order)
{
	unsigned long nr = 1UL << order, i;
	struct page *page = pfn_to_page(sys, pfn);

	/* one section's memmap holds the whole chunk (MAX_ORDER <= the section) */
	for (i = 0; i < nr; i++) {
		page[i].flags &= ~((1ULL << PG_offline) | (1ULL << PG_reserved));
		page[i].refcount = 0;
	}
	adjust_managed_page_count(zone, (long)nr);
	zone_lock(sys, zone);
	__free_one_page(sys, zone, page, pfn, order, get_pageblock_migratetype(sys, pfn),
			FPI_TO_TAIL);
	zone_unlock(sys, zone);
}

/*
 * __free_pages_core of a whole section held as one template, reserved (or
 * offline) pages of this zone, its pageblocks of one migratetype: its
 * max-order chunks go to the tail of that list as one free run.  Returns
 * false (nothing done) for any other section.
 */
static bool free_pages_core_section(struct hm_system *sys, struct zone *zone, unsigned long pfn)
{
	const uint64_t cleared = (1ULL << PG_offline) | (1ULL << PG_reserved);
	struct mem_section *ms = __pfn_to_section(sys, pfn);
	struct page tmpl;
	int mt;

	if (!ms || ms->memmap_state != MEMMAP_UNIFORM || page_poisoned(&ms->tmpl))
		return false;
	page_template(&tmpl, pfn_to_section_nr(pfn), zone->idx, zone_to_nid(zone), false);
	if ((ms->tmpl.flags & ~cleared) != tmpl.flags || ms->tmpl.private ||
	    ms->tmpl.mapping || ms->tmpl.index)
		return false;
	mt = get_pageblock_migratetype(sys, pfn);
	if (find_pageblock(sys, pfn, pfn + PAGES_PER_SECTION, mt, false) < pfn + PAGES_PER_SECTION)
		return false;
	tmpl.refcount = 0;
	ms->tmpl = tmpl;
	ms->run = tmpl;
	ms->run.flags |= (1ULL << PG_buddy) | (1ULL << PG_run);
	ms->run.private = MAX_ORDER - 1;
	ms->memmap_state = MEMMAP_FREE;
	adjust_managed_page_count(zone, (long)PAGES_PER_SECTION);
	zone_lock(sys, zone);
	add_run_to_free_list(zone, ms, mt);
	zone_unlock(sys, zone);
	return true;
}

void __free_pages_core_range(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
			     unsigned long end_pfn)
{
	unsigned long pfn = start_pfn;

	while (pfn < end_pfn) {
		unsigned int order;

		if (IS_ALIGNED(pfn, PAGES_PER_SECTION) && end_pfn - pfn >= PAGES_PER_SECTION &&
		    free_pages_core_section(sys, zone, pfn)) {
			pfn += PAGES_PER_SECTION;
			continue;
		}
		order = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_ORDER - 1;
		if (order > MAX_ORDER - 1)
			order = MAX_ORDER - 1;
		while (pfn + (1UL << order) > end_pfn)
			order--;
		__free_pages_core(sys, zone, pfn, order);
		pfn += 1UL << order;
	}
}

/* ------------------------------------------------------------ isolation */

/*
 * Splits a free chunk that starts before boundary and reaches past it, so
 * that no chunk crosses it (boundary is pageblock aligned).  The pieces go
 * to the lists of their own pageblocks.  zone->lock held.
 */
static void split_free_chunk_at(struct hm_system *sys, struct zone *zone,
				unsigned long boundary)
{
	const struct page *peek;
	unsigned long head;
	struct page *page;
	unsigned int order;

	if (IS_ALIGNED(boundary, MAX_ORDER_NR_PAGES))
		return;
	head = ALIGN_DOWN(boundary, MAX_ORDER_NR_PAGES);
	peek = pfn_page_peek(sys, head);
	if (!peek || page_poisoned(peek) || !(peek->flags & (1ULL << PG_buddy)) ||
	    page_zone(sys, peek) != zone)
		return;
	page = pfn_to_page(sys, head);	/* a free run gets its struct pages */
	order = page->private;
	if (head + (1UL << order) <= boundary)
		return;
	del_from_free_list(zone, page, order, get_pageblock_migratetype(sys, head));
	/* halve until the piece holding the boundary starts at it */
	while (head < boundary) {
		unsigned long half = 1UL << --order;

		if (head + half <= boundary) {
			add_to_free_list(zone, page, order,
					 get_pageblock_migratetype(sys, head), true);
			head += half;
			page += half;
		} else {
			add_to_free_list(zone, page + half, order,
					 get_pageblock_migratetype(sys, head + half), true);
		}
	}
	add_to_free_list(zone, page, order, get_pageblock_migratetype(sys, head), true);
}

/*
 * Moves the free pages of [start, end) (pageblock aligned) to the lists of
 * new_mt and sets the pageblocks' type; chunks crossing the ends are split
 * first.  zone->lock held.
 */
void move_freepages_range(struct hm_system *sys, struct zone *zone, unsigned long start,
			  unsigned long end, int new_mt)
{
	split_free_chunk_at(sys, zone, start);
	split_free_chunk_at(sys, zone, end);
	move_free_chunks(sys, zone, start, end, new_mt);
	set_pageblock_range(sys, start, end - start, new_mt);
}

/*
 * A chunk split at an isolation boundary merges again with its buddy when
 * the boundary goes: taken off its list and freed again, as the kernel
 * does in unset_migratetype_isolate.
 */
void remerge_free_chunk_at(struct hm_system *sys, struct zone *zone, unsigned long boundary)
{
	const struct page *peek;
	struct page *page;
	unsigned int order;
	int mt;

	if (IS_ALIGNED(boundary, MAX_ORDER_NR_PAGES) || !pfn_valid(sys, boundary))
		return;
	peek = pfn_page_peek(sys, boundary);
	if (page_poisoned(peek) || !(peek->flags & (1ULL << PG_buddy)) ||
	    page_zone(sys, peek) != zone)
		return;
	page = pfn_to_page(sys, boundary);
	order = page->private;
	mt = get_pageblock_migratetype(sys, boundary);
	del_from_free_list(zone, page, order, mt);
	__free_one_page(sys, zone, page, boundary, order, mt, FPI_TO_TAIL);
}

int scan_movable_pages(struct hm_system *sys, unsigned long start, unsigned long end,
		       unsigned long *movable_pfn)
{
	struct pfn_walk w;

	/* the pages in use, a uniform section's at once (its template) */
	for (pfn_walk_start(&w, start, end, PFN_WALK_READ); pfn_walk_next(sys, &w);) {
		if (w.flags & ((1ULL << PG_lru) | (1ULL << PG_movable))) {
			*movable_pfn = w.pfn;
			return 0;
		}
		if ((w.flags & (1ULL << PG_offline)) && w.like->refcount)
			return -EBUSY;
	}
	return -ENOENT;
}

/*
 * Takes the chunks of a MEMMAP_HEADS section off the isolate lists, as the
 * page-by-page walks do: every page left plain with refcount references.
 */
static void take_free_heads(struct hm_system *sys, struct zone *zone, struct mem_section *ms,
			    int refcount)
{
	struct page tmpl = ms->tmpl;
	unsigned long c;

	for (c = 0; c < MAX_ORDER_CHUNKS_PER_SECTION; c++)
		del_from_free_list(zone, &ms->memmap[c], MAX_ORDER - 1, MIGRATE_ISOLATE);
	tmpl.refcount = refcount;
	memmap_heads_taken(sys, ms, &tmpl);
}

/*
 * Takes a whole free run off the isolate list: its pages are plain pages
 * with refcount references, one uniform section (memmap.h).
 */
static void take_free_run(struct zone *zone, struct mem_section *ms, int refcount)
{
	del_run_from_free_list(zone, ms, MIGRATE_ISOLATE);
	memset(&ms->run, 0, sizeof(ms->run));
	ms->tmpl.refcount = refcount;
	ms->memmap_state = MEMMAP_UNIFORM;
}

/*
 * Takes every free chunk of [start_pfn, end_pfn) (all on the isolate lists)
 * out of the buddy, its pages left with refcount references: 0 for offline,
 * 1 for alloc_contig_range (order-0 pages, as split_free_page and the
 * compaction code hand them out).  zone->lock held.  Returns the pages of
 * the range that were not free.
 */
static unsigned long take_free_pages(struct hm_system *sys, struct zone *zone,
				     unsigned long start_pfn, unsigned long end_pfn, int refcount)
{
	unsigned long not_free = 0, i;
	enum pfn_walk_step step;
	struct pfn_walk w;

	for (pfn_walk_start(&w, start_pfn, end_pfn, PFN_WALK_TAKE);
	     (step = pfn_walk_next(sys, &w));) {
		switch (step) {
		case PFN_WALK_FREE_RUN:
			take_free_run(zone, w.ms, refcount);
			break;
		case PFN_WALK_FREE_HEADS:
			take_free_heads(sys, zone, w.ms, refcount);
			break;
		case PFN_WALK_FREE_CHUNK:
			del_from_free_list(zone, w.page, w.order, MIGRATE_ISOLATE);
			for (i = 0; refcount && i < w.nr; i++) {
				w.page[i].refcount = refcount;
				w.page[i].mapping = NULL;
				w.page[i].index = 0;
			}
			break;
		default:
			not_free += w.nr;
			break;
		}
	}
	return not_free;
}

unsigned long __offline_isolated_pages(struct hm_system *sys, struct zone *zone,
				       unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long already_offline;

	offline_mem_sections(sys, start_pfn, end_pfn);
	zone_lock(sys, zone);
	/* no free page: hwpoisoned or logically offline pages, not managed */
	already_offline = take_free_pages(sys, zone, start_pfn, end_pfn, 0);
	zone_unlock(sys, zone);
	return (end_pfn - start_pfn) - already_offline;
}

/* ------------------------------------------------------ contiguous ranges */

int alloc_contig_range(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn)
{
	const struct page *first = pfn_to_online_page_peek(sys, start_pfn);
	unsigned long pfn = start_pfn;
	struct zone *zone;
	int ret, tries;

	if (!first || !IS_ALIGNED(start_pfn, pageblock_nr_pages) ||
	    !IS_ALIGNED(end_pfn, pageblock_nr_pages) || end_pfn <= start_pfn)
		return -EINVAL;
	zone = page_zone(sys, first);
	ret = start_isolate_page_range(sys, zone, start_pfn, end_pfn);
	if (ret)
		return ret;
	/* __alloc_contig_migrate_range: at most five rounds without progress */
	for (tries = 0; tries < 5;) {
		unsigned long migrated, failed;

		ret = scan_movable_pages(sys, pfn, end_pfn, &pfn);
		if (ret == -ENOENT) {
			ret = 0;
			break;
		}
		if (ret)
			goto undo;
		migrated = migrate_range_contig(sys, pfn, end_pfn, &failed);
		if (!failed)
			continue;
		if (!migrated)
			tries++;
	}
	if (tries == 5) {
		ret = -EBUSY;
		goto undo;
	}
	ret = test_pages_isolated(sys, start_pfn, end_pfn);
	if (ret)
		goto undo;
	/* isolate_freepages_range: every free chunk, as order-0 pages with a reference */
	zone_lock(sys, zone);
	take_free_pages(sys, zone, start_pfn, end_pfn, 1);
	zone_unlock(sys, zone);
undo:
	undo_isolate_page_range(sys, zone, start_pfn, end_pfn, MIGRATE_MOVABLE);
	return ret;
}

void free_contig_range(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages)
{
	unsigned long end = pfn + nr_pages;
	struct page *page = pfn_to_page(sys, pfn);

	for (; pfn < end; pfn++, page++) {
		if (!(pfn & (PAGES_PER_SECTION - 1)))
			page = pfn_to_page(sys, pfn);
		if (--page->refcount == 0)
			__free_pages(sys, page, 0);
	}
}

unsigned long zone_free_pages_of_type(struct zone *zone, int migratetype)
{
	unsigned long nr = 0;
	unsigned int order;

	for (order = 0; order < MAX_ORDER; order++) {
		struct list_head *head = &zone->free_area[order].free_list[migratetype], *e;

		for (e = head->next; e != head; e = e->next)
			nr += page_is_run(lru_to_page(e)) ? PAGES_PER_SECTION : 1UL << order;
	}
	return nr;
}

/* ------------------------------------------------------------- verifier */

struct zone_recount {
	unsigned long managed, free, chunks, kernel, owned;
};

/* A free run on list order/mt: its section's chunks; returns how many. */
static unsigned long check_free_run(struct hm_system *sys, struct zone *zone, const char *obj,
				    const struct page *run, unsigned int order, int mt,
				    struct hm_report *r)
{
	unsigned long nr = page_to_section(run), pfn = section_nr_to_pfn(nr), p;
	struct mem_section *ms = __nr_to_section(sys, nr);

	if (!ms || run != &ms->run || ms->memmap_state != MEMMAP_FREE) {
		hm_report_add(r, obj, "a free run on list %u/%s is not a section's run", order,
			      migratetype_names[mt]);
		return 1;
	}
	if (order != MAX_ORDER - 1 || run->private != MAX_ORDER - 1 || run->refcount ||
	    !(run->flags & (1ULL << PG_buddy)))
		hm_report_add(r, obj, "a page on free list %u/%s is not a free chunk of that "
			      "order (the free run of section %lu)", order, migratetype_names[mt],
			      nr);
	if (page_zone(sys, run) != zone || !zone_spans_pfn(zone, pfn) ||
	    !zone_spans_pfn(zone, pfn + PAGES_PER_SECTION - 1))
		hm_report_add(r, obj, "free run of section %lu outside the zone", nr);
	for (p = pfn; p < pfn + PAGES_PER_SECTION; p += pageblock_nr_pages)
		if (get_pageblock_migratetype(sys, p) != mt)
			hm_report_add(r, obj, "free run of section %lu on list %s, pageblock %#lx "
				      "is %s", nr, migratetype_names[mt], p,
				      migratetype_names[get_pageblock_migratetype(sys, p)]);
	return MAX_ORDER_CHUNKS_PER_SECTION;
}

/* Checks the free lists of one zone; returns the pages on them. */
static unsigned long check_free_lists(struct hm_system *sys, struct zone *zone,
				      const char *obj, unsigned long *chunks,
				      struct hm_report *r)
{
	unsigned long total = 0, allocatable = 0, cma = 0, limit = zone->spanned_pages + 1;
	unsigned int order;
	int mt;

	*chunks = 0;
	for (order = 0; order < MAX_ORDER; order++) {
		unsigned long n = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *head = &zone->free_area[order].free_list[mt], *e;

			for (e = head->next; e != head; e = e->next) {
				struct page *page = lru_to_page(e);
				unsigned long pfn, p;

				if (++n > limit) {
					hm_report_add(r, obj, "free list %u/%s does not end",
						      order, migratetype_names[mt]);
					break;
				}
				if (page_is_run(page)) {
					n += check_free_run(sys, zone, obj, page, order, mt, r) - 1;
					total += PAGES_PER_SECTION;
					if (mt != MIGRATE_ISOLATE)
						allocatable += PAGES_PER_SECTION;
					if (mt == MIGRATE_CMA)
						cma += PAGES_PER_SECTION;
					continue;
				}
				if (page_poisoned(page) || !(page->flags & (1ULL << PG_buddy)) ||
				    page->private != order || page->refcount) {
					hm_report_add(r, obj, "a page on free list %u/%s is not a "
						      "free chunk of that order", order,
						      migratetype_names[mt]);
					continue;
				}
				pfn = page_to_pfn(sys, page);
				if (page_zone(sys, page) != zone || !zone_spans_pfn(zone, pfn) ||
				    !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
					hm_report_add(r, obj, "free chunk at pfn %#lx (order %u) "
						      "outside the zone", pfn, order);
				if (!IS_ALIGNED(pfn, 1UL << order))
					hm_report_add(r, obj, "free chunk at pfn %#lx misaligned "
						      "for order %u", pfn, order);
				for (p = ALIGN_DOWN(pfn, pageblock_nr_pages);
				     p < pfn + (1UL << order); p += pageblock_nr_pages)
					if (get_pageblock_migratetype(sys, p) != mt)
						hm_report_add(r, obj, "free chunk at pfn %#lx on "
							      "list %s, pageblock %#lx is %s",
							      pfn, migratetype_names[mt], p,
							      migratetype_names[
								get_pageblock_migratetype(sys, p)]);
				total += 1UL << order;
				if (mt != MIGRATE_ISOLATE)
					allocatable += 1UL << order;
				if (mt == MIGRATE_CMA)
					cma += 1UL << order;
			}
		}
		if (n != zone->free_area[order].nr_free)
			hm_report_add(r, obj, "order %u: nr_free %lu, chunks on the lists %lu",
				      order, zone->free_area[order].nr_free, n);
		*chunks += n;
	}
	if (allocatable != zone->nr_free_pages)
		hm_report_add(r, obj, "nr_free_pages %lu, recomputed from the free lists %lu",
			      zone->nr_free_pages, allocatable);
	if (cma != zone->nr_free_cma_pages)
		hm_report_add(r, obj, "nr_free_cma_pages %lu, recomputed from the CMA lists %lu",
			      zone->nr_free_cma_pages, cma);
	return total;
}

/*
 * [pfn, min(end, the section's end)) of a uniform section or a free run,
 * counted as recount_range counts its pages one by one; returns the pfn
 * where the page-by-page count goes on (pfn itself: not uniform here).
 */
static unsigned long recount_uniform(struct hm_system *sys, unsigned long pfn, unsigned long end,
				     struct zone_recount (*rc)[MAX_NR_ZONES], struct hm_report *r)
{
	struct mem_section *ms = __pfn_to_section(sys, pfn);
	unsigned long stop = ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION, n, i;
	const struct page *t;
	uint64_t flags;
	int nid, zid;
	char obj[48];

	if (!ms || ms->memmap_state < MEMMAP_UNIFORM)
		return pfn;
	if (stop > end)
		stop = end;
	n = stop - pfn;
	t = &ms->tmpl;
	if (page_poisoned(t)) {
		/* each page read three times (flags, node, zone), all poisoned */
		sys->stats.poisoned_page_reads += 3 * n;
		return stop;
	}
	flags = t->flags;
	nid = (int)((flags >> PAGE_NODE_SHIFT) & PAGE_NODE_MASK);
	zid = (int)((flags >> PAGE_ZONE_SHIFT) & PAGE_ZONE_MASK);
	if (nid >= MAX_NUMNODES || zid >= MAX_NR_ZONES || zid == ZONE_DEVICE ||
	    (flags & ((1ULL << PG_reserved) | (1ULL << PG_offline) | (1ULL << PG_hwpoison))))
		return stop;
	if (ms->memmap_state == MEMMAP_FREE || ms->memmap_state == MEMMAP_HEADS) {
		unsigned long chunks;

		if (!IS_ALIGNED(pfn, MAX_ORDER_NR_PAGES))
			return pfn;
		/* a chunk reaching past end counts whole, as page by page */
		chunks = (n + MAX_ORDER_NR_PAGES - 1) / MAX_ORDER_NR_PAGES;
		rc[nid][zid].managed += chunks * MAX_ORDER_NR_PAGES;
		rc[nid][zid].free += chunks * MAX_ORDER_NR_PAGES;
		rc[nid][zid].chunks += chunks;
		return pfn + chunks * MAX_ORDER_NR_PAGES;
	}
	if (flags & (1ULL << PG_buddy))
		return pfn;
	rc[nid][zid].managed += n;
	if (t->refcount > 0 && (flags & (1ULL << PG_slab))) {
		rc[nid][zid].kernel += n;
	} else if (t->refcount > 0 && t->mapping) {
		rc[nid][zid].owned += n;
	} else {
		for (i = pfn; i < stop; i++) {
			snprintf(obj, sizeof(obj), "pfn %#lx", i);
			if (t->refcount <= 0)
				hm_report_add(r, obj, "managed page neither free nor in use "
					      "(refcount %d)", t->refcount);
			else
				hm_report_add(r, obj, "page in use by nobody (flags %#llx)",
					      (unsigned long long)flags);
		}
	}
	return stop;
}

/* One page of RAM in an online section: what it is, counted into its zone. */
static void recount_range(struct hm_system *sys, unsigned long pfn, unsigned long end,
			  struct zone_recount (*rc)[MAX_NR_ZONES], struct hm_report *r)
{
	struct page *page = NULL;
	char obj[48];

	while (pfn < end) {
		if (!page || !(pfn & (PAGES_PER_SECTION - 1))) {
			unsigned long next = recount_uniform(sys, pfn, end, rc, r);

			if (next != pfn) {
				pfn = next;
				page = NULL;
				continue;
			}
			page = pfn_to_page(sys, pfn);
		}
		uint64_t flags = page_flags(sys, page);
		int nid = page_to_nid(sys, page), zid = page_zonenum(sys, page);
		struct zone_recount *z;

		if (nid >= MAX_NUMNODES || zid >= MAX_NR_ZONES || zid == ZONE_DEVICE) {
			pfn++;
			page++;
			continue;
		}
		z = &rc[nid][zid];
		if (flags & ((1ULL << PG_reserved) | (1ULL << PG_offline) |
			     (1ULL << PG_hwpoison))) {
			pfn++;
			page++;
			continue;
		}
		if (flags & (1ULL << PG_buddy)) {
			unsigned long nr = 1UL << page->private;

			if (page->private >= MAX_ORDER || (pfn & (nr - 1)) ||
			    (pfn & (PAGES_PER_SECTION - 1)) + nr > PAGES_PER_SECTION) {
				snprintf(obj, sizeof(obj), "pfn %#lx", pfn);
				hm_report_add(r, obj, "bad free chunk order %u", page->private);
				nr = 1;
			}
			z->managed += nr;
			z->free += nr;
			z->chunks++;
			pfn += nr;
			page += nr;
			continue;
		}
		z->managed++;
		/* the page's name is written only for a violation: the walk is per page */
		if (page->refcount <= 0) {
			snprintf(obj, sizeof(obj), "pfn %#lx", pfn);
			hm_report_add(r, obj, "managed page neither free nor in use "
				      "(refcount %d)", page->refcount);
		} else if (flags & (1ULL << PG_slab))
			z->kernel++;
		else if (page->mapping)
			z->owned++;
		else {
			snprintf(obj, sizeof(obj), "pfn %#lx", pfn);
			hm_report_add(r, obj, "page in use by nobody (flags %#llx)",
				      (unsigned long long)flags);
		}
		pfn++;
		page++;
	}
}

/* Recounts the pages of a range of online RAM (verify_online_ram). */
struct recount_arg {
	struct zone_recount (*rc)[MAX_NR_ZONES];
	struct hm_report *r;
};

static void recount_ram(struct hm_system *sys, unsigned long pfn, unsigned long end, void *arg)
{
	struct recount_arg *a = arg;

	recount_range(sys, pfn, end, a->rc, a->r);
}

unsigned long page_alloc_check(struct hm_system *sys, struct hm_report *r)
{
	/* 12.5 KiB on the stack: the verifier allocates nothing, so it cannot fail */
	struct zone_recount rc[MAX_NUMNODES][MAX_NR_ZONES] = { { { 0 } } };
	unsigned long before = r->nr_violations, kernel = 0, owned = 0;
	struct pglist_data *pgdat;
	int nid, zid;
	char obj[48];

	verify_online_ram(sys, recount_ram, &(struct recount_arg){ rc, r });
	for_each_online_pgdat(sys, pgdat, nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			struct zone_recount *z = &rc[nid][zid];
			unsigned long chunks, free;

			snprintf(obj, sizeof(obj), "node %d zone %s", nid, zone_names[zid]);
			zone_lock(sys, zone);
			free = check_free_lists(sys, zone, obj, &chunks, r);
			zone_unlock(sys, zone);
			if (free != z->free || chunks != z->chunks)
				hm_report_add(r, obj, "free lists hold %lu pages in %lu chunks, "
					      "the memmap %lu in %lu", free, chunks, z->free,
					      z->chunks);
			if (zid != ZONE_DEVICE && z->managed != zone->managed_pages)
				hm_report_add(r, obj, "managed_pages %lu, present minus reserved "
					      "%lu", zone->managed_pages, z->managed);
			if (zid == ZONE_MOVABLE && z->kernel)
				hm_report_add(r, obj, "%lu kernel pages in ZONE_MOVABLE",
					      z->kernel);
			kernel += z->kernel;
			owned += z->owned;
		}
	}
	if (kernel != sys->workload.kernel_pages + pgtable_buddy_pages(sys))
		hm_report_add(r, "page allocator", "%lu kernel pages in the memmap, %lu "
			      "allocated (%lu of them page tables and vmemmap)", kernel,
			      sys->workload.kernel_pages + pgtable_buddy_pages(sys),
			      pgtable_buddy_pages(sys));
	if (owned != sys->workload.nr_pages)
		hm_report_add(r, "page allocator", "%lu workload pages in the memmap, %lu "
			      "allocated", owned, sys->workload.nr_pages);
	return r->nr_violations - before;
}

/* mm/debug.c dump_page: the page's state, then why it was dumped. */
void dump_page(struct hm_system *sys, struct page *page, const char *reason)
{
	pr_warn(sys, "page:%p refcount:%d mapcount:0 mapping:%p index:%#lx pfn:%#lx", (void *)page,
		page->refcount, page->mapping, page->index, page_to_pfn(sys, page));
	pr_warn(sys, "flags: %#llx", (unsigned long long)page->flags);
	pr_warn(sys, "page dumped because: %s", reason);
}

/*
 * find_next_best_node (mm/page_alloc.c): the local node first, then of the
 * nodes with memory not taken yet the one with the least distance, plus one
 * for a node below the local one ("prefer the next node") and one
 * (PENALTY_FOR_NODE_WITH_CPUS) for a node with CPUs, then the least
 * node_load, then the lowest id.  Distances are the kernel's defaults
 * (LOCAL_DISTANCE 10, REMOTE_DISTANCE 20: QEMU builds no SLIT without
 * -numa dist, node.c).
 */
static int find_next_best_node(struct hm_system *sys, int node, nodemask_t *used,
			       const int *node_load)
{
	long val, min_val = LONG_MAX;
	int n, best = NUMA_NO_NODE;

	if (!node_isset(node, *used)) {
		node_set(node, *used);
		return node;
	}
	for (n = 0; n < MAX_NUMNODES; n++) {
		if (!node_state(sys, n, N_MEMORY) || node_isset(n, *used))
			continue;
		val = n == node ? 10 : 20;
		val += n < node;
		if (cpumask_of_node(sys, n))
			val += 1;
		val = val * MAX_NUMNODES + node_load[n];
		if (val < min_val) {
			min_val = val;
			best = n;
		}
	}
	if (best != NUMA_NO_NODE)
		node_set(best, *used);
	return best;
}

/*
 * build_zonelists' node order and its "Fallback order" line; node_load
 * makes the first node of each distance group round-robin over the nodes
 * (__build_all_zonelists clears it before the first node).
 */
static void print_fallback_order(struct hm_system *sys, int local, int *node_load)
{
	char line[16 + 4 * MAX_NUMNODES];
	nodemask_t used = 0;
	int node, prev = local, n;

	n = snprintf(line, sizeof(line), "Fallback order for Node %d: ", local);
	while ((node = find_next_best_node(sys, local, &used, node_load)) != NUMA_NO_NODE) {
		if ((node == local ? 10 : 20) != (prev == local ? 10 : 20))
			node_load[node]++;
		if (n < (int)sizeof(line))
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%d ", node);
		prev = node;
	}
	pr_info(sys, "%s", line);
}

void build_all_zonelists(struct hm_system *sys)
{
	int node_load[MAX_NUMNODES] = { 0 };
	struct pglist_data *pgdat;
	unsigned long total = 0;
	unsigned int nr_online = 0;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid) {
		print_fallback_order(sys, nid, node_load);
		nr_online++;
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			if (!populated_zone(zone))
				continue;
			/* check_highest_zone: never ZONE_MOVABLE, never lowered */
			if (zid > sys->policy_zone && zid != ZONE_MOVABLE && zid != ZONE_DEVICE)
				sys->policy_zone = zid;
			/* nr_free_zone_pages(GFP_HIGHUSER_MOVABLE), without the watermarks */
			if (zid <= ZONE_MOVABLE)
				total += zone->managed_pages;
		}
	}
	pr_info(sys, "Built %u zonelists, mobility grouping %s.  Total pages: %lu", nr_online,
		total < pageblock_nr_pages * MIGRATE_TYPES ? "off" : "on", total);
	pr_info(sys, "Policy zone: %s", zone_names[sys->policy_zone]);
}
