// SPDX-License-Identifier: GPL-2.0
/*
 * migrate.c - migrating the movable pages of a range being offlined.
 *
 * A page's contents belong to its frame (a pattern word, or stored bytes:
 * workload.h); they are copied to the new frame (copy_highpage), the
 * owner's page table (pfns[]) and the struct pages change hands, and the
 * old frame goes back to the buddy, onto the isolated free list of the
 * range being offlined.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/migrate.h"
#include "hotmem/page_alloc.h"
#include "hotmem/system.h"
#include "hotmem/workload.h"

int migrate_page_hotplug(struct hm_system *sys, struct page *page)
{
	struct hm_walloc *wa = page->mapping;
	unsigned long index = page->index;
	int nid = page_to_nid(sys, page);
	nodemask_t nmask = sys->node_states[N_MEMORY];
	gfp_t gfp = GFP_USER | __GFP_MOVABLE;
	struct frame_buf *fb;
	struct page *newpage;

	/* ZONE_MOVABLE pages may land in ZONE_MOVABLE again, others not */
	if (page_zonenum(sys, page) == ZONE_MOVABLE)
		gfp |= __GFP_HIGHMEM;
	node_clear(nid, nmask);
	if (!nmask)
		node_set(nid, nmask);
	if (copy_highpage_prepare(sys, page, &fb))
		return -ENOMEM;
	newpage = __alloc_pages(sys, gfp, 0, nid, &nmask);
	if (!newpage) {
		copy_highpage_abort(sys, fb);
		return -ENOMEM;
	}
	copy_highpage(sys, newpage, page, fb);
	newpage->flags |= 1ULL << PG_lru;
	newpage->mapping = wa;
	newpage->index = index;
	wa->pfns[index] = page_to_pfn(sys, newpage);

	page->flags &= ~(1ULL << PG_lru);
	page_contents_release(sys, page);
	__free_pages(sys, page, 0);
	sys->workload.nr_migrated++;
	return 0;
}

unsigned long migrate_range(struct hm_system *sys, unsigned long start_pfn,
			    unsigned long end_pfn)
{
	unsigned long failed = 0;
	struct pfn_walk w;
	struct page *page;

	lockdep_acquire(&sys->lockdep, LOCK_RANK_WORKLOAD);
	pthread_mutex_lock(&sys->workload.lock);
	for (pfn_walk_start(&w, start_pfn, end_pfn); (page = pfn_walk_page(sys, &w));) {
		uint64_t flags = page_flags(sys, page);

		if (flags & (1ULL << PG_buddy)) {
			pfn_walk_advance(&w, 1UL << page->private);
			continue;
		}
		if ((flags & (1ULL << PG_lru)) && page->refcount > 0 && page->mapping &&
		    migrate_page_hotplug(sys, page)) {
			if (!failed)
				pr_warn(sys, "migrating pfn %#lx failed ret:%d", w.pfn, -ENOMEM);
			failed++;
		}
		pfn_walk_advance(&w, 1);
	}
	pthread_mutex_unlock(&sys->workload.lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_WORKLOAD);
	return failed;
}
