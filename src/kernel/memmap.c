// SPDX-License-Identifier: GPL-2.0
/*
 * memmap.c - struct page accessors (the parts of page-flags.h and mm_init.c
 * that hotplug needs).  Reads go through page_flags(), which counts reads
 * of a poisoned struct page, as DEBUG_VM's PF_POISONED_CHECK would trap.
 */
#include <string.h>
#include "hotmem/memmap.h"
#include "hotmem/system.h"

uint64_t page_flags(struct hm_system *sys, const struct page *page)
{
	if (page_poisoned(page))
		sys->stats.poisoned_page_reads++;
	return page->flags;
}

bool page_test_flag(struct hm_system *sys, const struct page *page, enum pageflags f)
{
	return (page_flags(sys, page) >> f) & 1;
}

void page_set_flag(struct page *page, enum pageflags f)
{
	page->flags |= 1ULL << f;
}

void page_clear_flag(struct page *page, enum pageflags f)
{
	page->flags &= ~(1ULL << f);
}

int page_to_nid(struct hm_system *sys, const struct page *page)
{
	return (int)((page_flags(sys, page) >> PAGE_NODE_SHIFT) & PAGE_NODE_MASK);
}

int page_zonenum(struct hm_system *sys, const struct page *page)
{
	return (int)((page_flags(sys, page) >> PAGE_ZONE_SHIFT) & PAGE_ZONE_MASK);
}

struct zone *page_zone(struct hm_system *sys, const struct page *page)
{
	struct pglist_data *pgdat = NODE_DATA(sys, page_to_nid(sys, page));
	int zid = page_zonenum(sys, page);

	if (!pgdat || zid >= MAX_NR_ZONES)
		return NULL;
	return &pgdat->node_zones[zid];
}

void init_single_page(struct page *page, int zid, int nid)
{
	page->flags = ((uint64_t)nid << PAGE_NODE_SHIFT) | ((uint64_t)zid << PAGE_ZONE_SHIFT);
	page->refcount = 1;
	page->private = 0;
}

void page_init_poison(struct page *page, unsigned long nr)
{
	memset(page, 0xff, nr * sizeof(*page));
}
