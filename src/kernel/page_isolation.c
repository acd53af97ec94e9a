// SPDX-License-Identifier: GPL-2.0
/*
 * page_isolation.c - isolating the pageblocks of a range being offlined
 * (mm/page_isolation.c; see page_isolation.h).
 *
 * start_isolate_page_range refuses a range with a pageblock isolated
 * already or a page that is neither free nor movable, and changes nothing
 * then; otherwise the free pages move to the isolate lists at once (chunks
 * that cross the range's ends are split there).  undo moves back a run of
 * isolated pageblocks at a time and merges the chunks split at its ends
 * again, as unset_migratetype_isolate does.
 */
#include <errno.h>
#include "hotmem/page_alloc.h"
#include "hotmem/page_isolation.h"
#include "hotmem/system.h"

long has_unmovable_pages(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
			 unsigned long end_pfn)
{
	struct pfn_walk w;

	/*
	 * A CMA pageblock: movable only for cma_alloc's own alloc_contig_range,
	 * which nothing here makes; for offlining its first page is unmovable.
	 */
	if (get_pageblock_migratetype(sys, start_pfn) == MIGRATE_CMA)
		return (long)start_pfn;
	/* the pages in use; pages all alike: the first decides for the rest of the section */
	for (pfn_walk_start(&w, start_pfn, end_pfn, PFN_WALK_READ); pfn_walk_next(sys, &w);) {
		/* boot allocations, holes and memmap: unmovable even in ZONE_MOVABLE */
		if (w.flags & (1ULL << PG_reserved))
			return (long)w.pfn;
		/* ZONE_MOVABLE: the rest is assumed movable */
		if (zone->idx != ZONE_MOVABLE && w.like->refcount &&
		    !(w.flags & ((1ULL << PG_hwpoison) | (1ULL << PG_offline) |
				 (1ULL << PG_lru) | (1ULL << PG_movable))))
			return (long)w.pfn;
	}
	return -1;
}

/* Is the section of pfn uniform (not poisoned), a free run or free chunk heads alone? */
static bool section_pages_alike(struct hm_system *sys, unsigned long pfn)
{
	const struct mem_section *ms = __pfn_to_section(sys, pfn);

	if (!ms)
		return false;
	return (ms->memmap_state == MEMMAP_UNIFORM && !page_poisoned(&ms->tmpl)) ||
	       ms->memmap_state == MEMMAP_FREE || ms->memmap_state == MEMMAP_HEADS;
}

int start_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;
	long bad;

	zone_lock(sys, zone);
	for (pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages) {
		/*
		 * A whole section whose pages are all alike or all free: the
		 * first pageblock's answer is every pageblock's, the rest only
		 * need their migratetype looked at.  An isolated one or an
		 * unmovable answer is reported below, as page by page.
		 */
		if (IS_ALIGNED(pfn, PAGES_PER_SECTION) && end_pfn - pfn >= PAGES_PER_SECTION &&
		    section_pages_alike(sys, pfn) &&
		    has_unmovable_pages(sys, zone, pfn, pfn + pageblock_nr_pages) < 0) {
			unsigned long stop = pfn + PAGES_PER_SECTION, cma;

			cma = find_pageblock(sys, pfn, stop, MIGRATE_CMA, true);
			pfn = find_pageblock(sys, pfn, stop, MIGRATE_ISOLATE, true);
			if (cma < pfn)
				pfn = cma;	/* has_unmovable_pages answers for it below */
			if (pfn == stop) {
				pfn -= pageblock_nr_pages;	/* the loop goes on at stop */
				continue;
			}
		}
		if (get_pageblock_migratetype(sys, pfn) == MIGRATE_ISOLATE) {
			pr_info(sys, "page isolation failed at pfn %#lx: isolated already", pfn);
			goto busy;
		}
		bad = has_unmovable_pages(sys, zone, pfn, pfn + pageblock_nr_pages);
		if (bad >= 0) {
			dump_page(sys, pfn_to_page(sys, (unsigned long)bad), "unmovable page");
			goto busy;
		}
	}
	move_freepages_range(sys, zone, start_pfn, end_pfn, MIGRATE_ISOLATE);
	zone->nr_isolate_pageblock += (end_pfn - start_pfn) / pageblock_nr_pages;
	zone_unlock(sys, zone);
	return 0;
busy:
	zone_unlock(sys, zone);
	return -EBUSY;
}

void undo_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn, int migratetype)
{
	unsigned long pfn, run;

	zone_lock(sys, zone);
	for (pfn = start_pfn; pfn < end_pfn;) {
		pfn = find_pageblock(sys, pfn, end_pfn, MIGRATE_ISOLATE, true);
		if (pfn >= end_pfn)
			break;
		/* a run of isolated pageblocks moves at once: its chunks stay whole */
		run = find_pageblock(sys, pfn, end_pfn, MIGRATE_ISOLATE, false);
		zone->nr_isolate_pageblock -= (run - pfn) / pageblock_nr_pages;
		move_freepages_range(sys, zone, pfn, run, migratetype);
		remerge_free_chunk_at(sys, zone, pfn);
		remerge_free_chunk_at(sys, zone, run);
		pfn = run;
	}
	zone_unlock(sys, zone);
}

int test_pages_isolated(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn)
{
	struct pfn_walk w;
	struct zone *zone;
	int ret = 0;

	if (find_pageblock(sys, start_pfn, end_pfn, MIGRATE_ISOLATE, false) < end_pfn)
		return -EBUSY;
	zone = page_zone(sys, pfn_page_peek(sys, start_pfn));
	zone_lock(sys, zone);
	/* past the free chunks (a free run from a chunk head on): the rest must be offline */
	for (pfn_walk_start(&w, start_pfn, end_pfn, PFN_WALK_READ_HEADS); pfn_walk_next(sys, &w);)
		if (!((w.flags & (1ULL << PG_offline)) && w.like->refcount == 0) &&
		    !(w.flags & (1ULL << PG_hwpoison))) {
			ret = -EBUSY;
			break;
		}
	zone_unlock(sys, zone);
	return ret;
}
