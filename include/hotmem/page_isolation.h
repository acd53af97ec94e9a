/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_isolation.h - pageblock isolation for memory offline (mirrors
 * mm/page_isolation.c): the pageblocks of a range go MIGRATE_ISOLATE so
 * that nothing allocates their free pages while the rest is migrated away,
 * and come back to their type if the offline fails.  Every function takes
 * zone->lock itself.
 */
#ifndef HOTMEM_PAGE_ISOLATION_H
#define HOTMEM_PAGE_ISOLATION_H

struct hm_system;
struct zone;

/*
 * start_isolate_page_range: marks the pageblocks of [start_pfn, end_pfn)
 * MIGRATE_ISOLATE and moves their free pages to the isolate lists, where
 * nothing allocates them and they do not count as free.  -EBUSY (nothing
 * changed) if a pageblock is isolated already or holds an unmovable page
 * (has_unmovable_pages).
 */
int start_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn);
/* The isolated pageblocks of the range become migratetype again. */
void undo_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn, int migratetype);
/*
 * has_unmovable_pages for [start_pfn, end_pfn) of zone: the pfn of the
 * first page that is neither free nor movable, or -1.
 */
long has_unmovable_pages(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
			 unsigned long end_pfn);
/* 0 if every page is free (buddy) or offline with no reference, else -EBUSY. */
int test_pages_isolated(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn);
#endif /* HOTMEM_PAGE_ISOLATION_H */
