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

/**
 * start_isolate_page_range() - isolate the pageblocks of a range
 * @sys: the system
 * @zone: the zone of the range
 * @start_pfn: first pfn (pageblock aligned)
 * @end_pfn: the pfn past the range (pageblock aligned)
 *
 * Marks the pageblocks of [@start_pfn, @end_pfn) MIGRATE_ISOLATE and moves
 * their free pages to the isolate lists, where nothing allocates them and
 * they do not count as free.
 *
 * Return: 0; -EBUSY if a pageblock is isolated already or holds an
 * unmovable page (has_unmovable_pages()).  Nothing changes on failure.
 */
int start_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn);
/**
 * undo_isolate_page_range() - give isolated pageblocks their type back
 * @sys: the system
 * @zone: the zone of the range
 * @start_pfn: first pfn (pageblock aligned)
 * @end_pfn: the pfn past the range
 * @migratetype: the type they become (MIGRATE_MOVABLE after an offline)
 *
 * The isolated pageblocks of the range, and their free pages, go back to
 * @migratetype; pageblocks that are not isolated are left alone.
 */
void undo_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn, int migratetype);
/**
 * has_unmovable_pages() - find a page offlining cannot move
 * @sys: the system
 * @zone: the zone of the range
 * @start_pfn: first pfn
 * @end_pfn: the pfn past the range
 *
 * Reserved pages are unmovable in every zone, and so is the first page of
 * a CMA pageblock for offlining; outside ZONE_MOVABLE, a page in use that
 * is not on the LRU, movable, hwpoisoned or logically offline.  Changes
 * nothing.
 *
 * Return: the pfn of the first such page, or -1 if there is none.
 */
long has_unmovable_pages(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
			 unsigned long end_pfn);
/**
 * test_pages_isolated() - check that an isolated range is all free
 * @sys: the system
 * @start_pfn: first pfn
 * @end_pfn: the pfn past the range
 *
 * Return: 0 if every page is free (a buddy chunk from its head on),
 * hwpoisoned, or logically offline with no reference; -EBUSY if a
 * pageblock of the range is not isolated or a page is in use.  Changes
 * nothing.
 */
int test_pages_isolated(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn);
#endif /* HOTMEM_PAGE_ISOLATION_H */
