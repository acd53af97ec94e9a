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

/*
 * Moves one page; the target is taken from another node if exclude_own
 * (memory offlining: the node may be going away) and there is one, else
 * from the page's node first (alloc_contig_range).
 */
static int migrate_page_to(struct hm_system *sys, struct page *page, bool exclude_own)
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
	if (exclude_own) {
		node_clear(nid, nmask);
		if (!nmask)
			node_set(nid, nmask);
	}
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

int migrate_page_hotplug(struct hm_system *sys, struct page *page)
{
	return migrate_page_to(sys, page, true);
}

/* A page of a process (on the LRU, mapped): what offlining migrates. */
static bool walk_migratable(const struct pfn_walk *w)
{
	return (w->flags & (1ULL << PG_lru)) && w->like->refcount > 0 && w->like->mapping;
}

static unsigned long migrate_range_to(struct hm_system *sys, unsigned long start_pfn,
				      unsigned long end_pfn, bool exclude_own,
				      unsigned long *nr_failed)
{
	unsigned long failed = 0, migrated = 0;
	enum pfn_walk_step step;
	struct pfn_walk w;

	lockdep_acquire(&sys->lockdep, LOCK_RANK_WORKLOAD);
	pthread_mutex_lock(&sys->workload.lock);
	for (pfn_walk_start(&w, start_pfn, end_pfn, PFN_WALK_READ);
	     (step = pfn_walk_next(sys, &w));) {
		/* a uniform section of pages to migrate: one by one */
		if (step == PFN_WALK_UNIFORM && walk_migratable(&w))
			step = pfn_walk_pages(sys, &w);
		if (step != PFN_WALK_PAGE || !walk_migratable(&w))
			continue;	/* nothing to migrate */
		if (!migrate_page_to(sys, w.page, exclude_own)) {
			migrated++;
		} else {
			if (!failed)
				pr_warn(sys, "migrating pfn %#lx failed ret:%d", w.pfn, -ENOMEM);
			failed++;
		}
	}
	pthread_mutex_unlock(&sys->workload.lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_WORKLOAD);
	*nr_failed = failed;
	return migrated;
}

unsigned long migrate_range(struct hm_system *sys, unsigned long start_pfn,
			    unsigned long end_pfn, unsigned long *nr_failed)
{
	return migrate_range_to(sys, start_pfn, end_pfn, true, nr_failed);
}

unsigned long migrate_range_contig(struct hm_system *sys, unsigned long start_pfn,
				   unsigned long end_pfn, unsigned long *nr_failed)
{
	return migrate_range_to(sys, start_pfn, end_pfn, false, nr_failed);
}
