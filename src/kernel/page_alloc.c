// SPDX-License-Identifier: GPL-2.0
/*
 * page_alloc.c - free-page bookkeeping, pageblock migratetypes and isolation
 * for memory online and offline.
 *
 * Pages given to the buddy become free chunks of their natural order; the
 * offline path proves the range holds nothing but free or logically
 * offline pages before it takes them back.  Pages in use are either
 * reserved (boot allocations) or, later, owned by allocations.
 */
#include <errno.h>
#include "hotmem/page_alloc.h"
#include "hotmem/system.h"

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
	page_set_flag(page, PG_buddy);
	page->private = order;
	zone->nr_free_pages += nr;
}

/*
 * has_unmovable_pages for one pageblock: the first page that can neither
 * be migrated nor is free, or -1.
 */
static long pageblock_unmovable_pfn(struct hm_system *sys, struct zone *zone,
				    unsigned long pfn, unsigned long end)
{
	while (pfn < end) {
		struct page *page = pfn_to_page(sys, pfn);
		uint64_t flags = page_flags(sys, page);

		if (flags & (1ULL << PG_reserved))
			return (long)pfn;
		if (flags & (1ULL << PG_buddy)) {
			pfn += 1UL << page->private;
			continue;
		}
		if (page->refcount == 0 || (flags & (1ULL << PG_offline)) ||
		    (flags & (1ULL << PG_hwpoison))) {
			pfn++;
			continue;
		}
		if (zone->idx == ZONE_MOVABLE)	/* assumed movable */
			return -1;
		if (flags & ((1ULL << PG_lru) | (1ULL << PG_movable))) {
			pfn++;
			continue;
		}
		return (long)pfn;
	}
	return -1;
}

int start_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages) {
		if (get_pageblock_migratetype(sys, pfn) == MIGRATE_ISOLATE ||
		    pageblock_unmovable_pfn(sys, zone, pfn, pfn + pageblock_nr_pages) >= 0) {
			hm_log(sys, "page isolation failed at pfn %#lx", pfn);
			undo_isolate_page_range(sys, zone, start_pfn, pfn, MIGRATE_MOVABLE);
			return -EBUSY;
		}
		set_pageblock_migratetype(sys, pfn, MIGRATE_ISOLATE);
		zone->nr_isolate_pageblock++;
	}
	return 0;
}

void undo_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn, int migratetype)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages) {
		if (get_pageblock_migratetype(sys, pfn) != MIGRATE_ISOLATE)
			continue;
		set_pageblock_migratetype(sys, pfn, migratetype);
		zone->nr_isolate_pageblock--;
	}
}

int test_pages_isolated(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn;

	for (; pfn < end_pfn; pfn += pageblock_nr_pages)
		if (get_pageblock_migratetype(sys, pfn) != MIGRATE_ISOLATE)
			return -EBUSY;
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(sys, pfn);
		uint64_t flags = page_flags(sys, page);

		if (flags & (1ULL << PG_buddy)) {
			pfn += 1UL << page->private;
		} else if (((flags & (1ULL << PG_offline)) && page->refcount == 0) ||
			   (flags & (1ULL << PG_hwpoison))) {
			pfn++;
		} else {
			return -EBUSY;
		}
	}
	return 0;
}

int scan_movable_pages(struct hm_system *sys, unsigned long start, unsigned long end,
		       unsigned long *movable_pfn)
{
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(sys, pfn);
		uint64_t flags = page_flags(sys, page);

		if (flags & (1ULL << PG_buddy)) {
			pfn += (1UL << page->private) - 1;
			continue;
		}
		if (flags & ((1ULL << PG_lru) | (1ULL << PG_movable))) {
			*movable_pfn = pfn;
			return 0;
		}
		if ((flags & (1ULL << PG_offline)) && page->refcount)
			return -EBUSY;
	}
	return -ENOENT;
}

unsigned long __offline_isolated_pages(struct hm_system *sys, struct zone *zone,
				       unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn, already_offline = 0;

	offline_mem_sections(sys, start_pfn, end_pfn);
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(sys, pfn);
		uint64_t flags = page_flags(sys, page);
		unsigned long nr;

		if (flags & (1ULL << PG_buddy)) {
			nr = 1UL << page->private;
			page_clear_flag(page, PG_buddy);
			zone->nr_free_pages -= nr;
			pfn += nr;
			continue;
		}
		/* hwpoisoned or logically offline pages were not managed */
		already_offline++;
		pfn++;
	}
	return (end_pfn - start_pfn) - already_offline;
}
