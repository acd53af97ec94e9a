/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_alloc.h - the page allocator as memory hotplug sees it (mirrors the
 * parts of mm/page_alloc.c and mm/page_isolation.c used by online and
 * offline): handing pages to the buddy allocator, pageblock migratetypes,
 * isolation, the unmovable-page test and taking free pages back out.
 *
 * Free memory is kept as naturally aligned chunks: the first page of a chunk
 * is PageBuddy with its order in page->private.
 */
#ifndef HOTMEM_PAGE_ALLOC_H
#define HOTMEM_PAGE_ALLOC_H

#include <stdbool.h>
#include "hotmem/types.h"

struct hm_system;
struct zone;
struct page;

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

void set_pageblock_migratetype(struct hm_system *sys, unsigned long pfn, int migratetype);
int get_pageblock_migratetype(struct hm_system *sys, unsigned long pfn);

/*
 * __free_pages_core: gives 2^order pages starting at pfn (initialised,
 * refcount 1) to the buddy allocator of zone; raises managed and free.
 */
void __free_pages_core(struct hm_system *sys, struct zone *zone, unsigned long pfn,
		       unsigned int order);

/*
 * start_isolate_page_range: marks the pageblocks of [start_pfn, end_pfn)
 * MIGRATE_ISOLATE.  -EBUSY (nothing changed) if one is isolated already or
 * holds an unmovable page (has_unmovable_pages).
 */
int start_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn);
void undo_isolate_page_range(struct hm_system *sys, struct zone *zone,
			     unsigned long start_pfn, unsigned long end_pfn, int migratetype);
/* 0 if every page is free (buddy) or offline with no reference, else -EBUSY. */
int test_pages_isolated(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn);
/* The pfn of a movable in-use page in the range (0 found), -ENOENT, or -EBUSY. */
int scan_movable_pages(struct hm_system *sys, unsigned long start, unsigned long end,
		       unsigned long *movable_pfn);
/*
 * __offline_isolated_pages: takes the free pages of [start_pfn, end_pfn) out
 * of the buddy.  Returns the number of managed pages taken (pages already
 * offline are not counted).
 */
unsigned long __offline_isolated_pages(struct hm_system *sys, struct zone *zone,
				       unsigned long start_pfn, unsigned long end_pfn);

#endif /* HOTMEM_PAGE_ALLOC_H */
