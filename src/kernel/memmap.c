// SPDX-License-Identifier: GPL-2.0
/*
 * memmap.c - struct page accessors (the parts of page-flags.h and mm_init.c
 * that hotplug needs).  Reads go through page_flags(), which counts reads
 * of a poisoned struct page, as DEBUG_VM's PF_POISONED_CHECK would trap.
 */
#include <string.h>
#include "hotmem/memmap.h"
#include "hotmem/system.h"

void page_poisoned_read(struct hm_system *sys, const struct page *page)
{
	sys->stats.poisoned_page_reads++;
}

struct zone *page_zone(struct hm_system *sys, const struct page *page)
{
	struct pglist_data *pgdat = NODE_DATA(sys, page_to_nid(sys, page));
	int zid = page_zonenum(sys, page);

	if (!pgdat || zid >= MAX_NR_ZONES)
		return NULL;
	return &pgdat->node_zones[zid];
}

unsigned long page_to_pfn(struct hm_system *sys, const struct page *page)
{
	unsigned long nr = page_to_section(page);

	return section_nr_to_pfn(nr) + (unsigned long)(page - __nr_to_section(sys, nr)->memmap);
}

void page_init_poison(struct page *page, unsigned long nr)
{
	memset(page, 0xff, nr * sizeof(*page));
}
