/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_alloc.h - the buddy page allocator (mirrors the parts of
 * mm/page_alloc.c that memory hotplug meets; isolation is page_isolation.h):
 * free lists per zone, order and migratetype, allocation along a zonelist,
 * freeing with buddy merging, pageblock migratetypes and their isolation,
 * the unmovable-page test and taking free pages back out at offline.
 *
 * Free memory is kept as naturally aligned chunks of 2^order pages, order
 * 0 .. MAX_ORDER-1.  The first page of a chunk is PageBuddy with its order in
 * page->private and sits on zone->free_area[order].free_list[mt], where mt
 * is the migratetype of the chunk's pageblock(s); the other pages of the
 * chunk are plain pages with refcount 0.  A chunk bigger than a pageblock
 * covers pageblocks of one migratetype.  (Linux 6.1 lets a free list and
 * the pageblock type disagree after a fallback; newer kernels keep them in
 * step, and hotmem does too, so that the verifier can check it.)
 *
 * Locking: zone->lock (a mutex, LOCK_RANK_ZONE) guards the free lists,
 * the free counters, the pageblock migratetypes of the zone's memory and
 * nr_isolate_pageblock.  The functions below take it themselves, except
 * those whose Context says the caller holds it.
 *
 * Not modelled: per-cpu page lists (pcp), watermarks and reclaim (an
 * allocation fails only when no allowed zone has a free page), the
 * ALLOC_NOFRAGMENT preference for a lower zone, CMA, highatomic reserves,
 * compound pages and hugetlb.
 */
#ifndef HOTMEM_PAGE_ALLOC_H
#define HOTMEM_PAGE_ALLOC_H

#include <stdbool.h>
#include "hotmem/list.h"
#include "hotmem/sparse.h"
#include "hotmem/types.h"

struct hm_system;
struct hm_report;
struct zone;
struct page;

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the types with per-cpu lists; the kernel's HIGHATOMIC */
	/*
	 * A contiguous memory allocator's area (arm64's default one): only
	 * movable allocations take its pages, it never merges with other
	 * types, and isolating it for offline fails.  MIGRATE_PCPTYPES itself
	 * (MIGRATE_HIGHATOMIC) is never set: nothing here makes high-order
	 * atomic allocations.
	 */
	MIGRATE_CMA = MIGRATE_PCPTYPES + 1,
	MIGRATE_ISOLATE,	/* can't allocate from here */
	MIGRATE_TYPES
};

/**
 * migratetype_is_mergeable() - whether free chunks of a type merge across types
 * @mt: a migratetype
 *
 * Return: true for MIGRATE_UNMOVABLE, MIGRATE_MOVABLE and
 * MIGRATE_RECLAIMABLE, whose free chunks merge with a buddy of another of
 * these types; false for CMA and ISOLATE, which merge only with their own.
 */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

extern const char *const migratetype_names[MIGRATE_TYPES];

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;		/* chunks of this order, all types */
};

/*
 * Allocation flags, as far as they choose zones and migratetypes.  The
 * highest zone an allocation may use is ZONE_MOVABLE with both
 * __GFP_HIGHMEM and __GFP_MOVABLE, ZONE_NORMAL otherwise (x86_64 has no
 * highmem, and __GFP_DMA/__GFP_DMA32 are not modelled).
 */
typedef unsigned int gfp_t;
#define __GFP_HIGHMEM		(1U << 1)
#define __GFP_MOVABLE		(1U << 3)
#define __GFP_RECLAIMABLE	(1U << 4)
#define GFP_KERNEL		0U
#define GFP_USER		0U
#define GFP_HIGHUSER_MOVABLE	(__GFP_HIGHMEM | __GFP_MOVABLE)

/**
 * gfp_migratetype() - the migratetype an allocation's flags ask for
 * @gfp: the allocation flags
 *
 * Return: MIGRATE_MOVABLE with __GFP_MOVABLE, else MIGRATE_RECLAIMABLE
 * with __GFP_RECLAIMABLE, else MIGRATE_UNMOVABLE.
 */
static inline int gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	return gfp & __GFP_RECLAIMABLE ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;
}

/* Free page insertion flags (fpi_t). */
#define FPI_NONE	0U
#define FPI_TO_TAIL	(1U << 1)	/* hot-added and boot memory: used last */

/**
 * zone_init_free_lists() - empty free lists for a zone
 * @zone: the zone, at pgdat allocation, before any page is freed to it
 *
 * Every list of every order and migratetype empty, nr_free 0.  Whatever
 * the lists held is forgotten, not freed.
 */
void zone_init_free_lists(struct zone *zone);

/**
 * set_pageblock_migratetype() - set the migratetype of one pageblock
 * @sys: the system
 * @pfn: any pfn of the pageblock
 * @migratetype: the new type
 *
 * Only the pageblock's type: free chunks stay on the lists they are on
 * (move_freepages_range() moves both).  Nothing happens for a pfn without
 * a present section.
 *
 * Context: the pageblock types are zone->lock's: the caller holds it, or
 * the pageblock's pages are not in the buddy (init, online).
 */
void set_pageblock_migratetype(struct hm_system *sys, unsigned long pfn, int migratetype);
/**
 * get_pageblock_migratetype() - the migratetype of a pfn's pageblock
 * @sys: the system
 * @pfn: any pfn
 *
 * Return: the pageblock's type; MIGRATE_UNMOVABLE for a pfn without a
 * present section.
 */
int get_pageblock_migratetype(struct hm_system *sys, unsigned long pfn);
/**
 * set_pageblock_range() - set the migratetype of the pageblocks of a range
 * @sys: the system
 * @pfn: the range's first pfn
 * @nr: its pages
 * @migratetype: the new type
 *
 * Every pageblock [@pfn, @pfn + @nr) touches, a section's pageblocks at a
 * time (the range is rounded out to pageblocks); sections not present are
 * skipped.  Free chunks stay on their lists, as with
 * set_pageblock_migratetype(), whose Context applies.
 */
void set_pageblock_range(struct hm_system *sys, unsigned long pfn, unsigned long nr,
			 int migratetype);
/**
 * find_pageblock() - the first pageblock of a range of a type, or not of it
 * @sys: the system
 * @pfn: where to start (rounded down to its pageblock)
 * @end: the pfn past the range
 * @migratetype: the type compared with
 * @is: look for a pageblock of @migratetype (true) or of another type
 *	(false)
 *
 * Walks a section's pageblocks at a time; a pfn without a present section
 * counts as MIGRATE_UNMOVABLE.
 *
 * Return: the first pfn of the first matching pageblock, or @end if none.
 */
unsigned long find_pageblock(struct hm_system *sys, unsigned long pfn, unsigned long end,
			     int migratetype, bool is);

/**
 * __alloc_pages() - allocate 2^order contiguous pages
 * @sys: the system
 * @gfp: the allocation flags (they choose the highest zone and the
 *	migratetype)
 * @order: the chunk's order
 * @preferred_nid: the node tried first (a bad id: only the others)
 * @nodemask: the nodes allowed, or NULL for every node
 *
 * Along the zonelist: @preferred_nid first, then the other nodes in node
 * order; in each node the zones from the highest @gfp allows down to
 * ZONE_DMA, each zone's free lists with the kernel's fallback order of
 * migratetypes.  Counts the NUMA statistics.  No reclaim, no watermarks.
 *
 * Context: takes each zone's zone->lock; the caller holds none.
 * Return: the first page, refcount 1, the others of the chunk refcount 0,
 * none with a mapping; the caller owns them and gives them back with
 * __free_pages() of the same order.  NULL for @order >= MAX_ORDER or when
 * no allowed zone has a free chunk big enough (nothing changed then).
 */
struct page *__alloc_pages(struct hm_system *sys, gfp_t gfp, unsigned int order,
			   int preferred_nid, const nodemask_t *nodemask);
/**
 * __free_pages() - give back pages from __alloc_pages()
 * @sys: the system
 * @page: the chunk's first page
 * @order: the order it was allocated with
 *
 * The caller has dropped its owner state (flags) and its reference: the
 * refcount is not tested, it is cleared.  The chunk goes to the free list
 * of its pageblock's migratetype, merged with free buddies; a chunk whose
 * pageblocks' types have come to differ (one isolated since) is freed a
 * pageblock at a time, each to its own type's list.
 *
 * Context: takes zone->lock; the caller must not hold it.
 */
void __free_pages(struct hm_system *sys, struct page *page, unsigned int order);

/**
 * __free_pages_core() - give pages to the buddy allocator the first time
 * @sys: the system
 * @zone: the zone the pages belong to
 * @pfn: the chunk's first pfn, aligned to 2^@order
 * @order: the chunk's order, below MAX_ORDER (so in one section)
 *
 * At boot and online: the pages (initialised, reserved or offline) lose
 * PG_reserved and PG_offline and their reference, @zone's managed count
 * rises by 2^@order, and the chunk goes to the TAIL of its free list, so
 * that memory freed earlier is allocated first.
 *
 * Context: takes zone->lock; the caller must not hold it.
 */
void __free_pages_core(struct hm_system *sys, struct zone *zone, unsigned long pfn,
		       unsigned int order);
/**
 * __free_pages_core_range() - give a range to the buddy allocator
 * @sys: the system
 * @zone: the zone that spans the range
 * @start_pfn: the range's first pfn
 * @end_pfn: the pfn past it
 *
 * As boot and online do: __free_pages_core() of the largest naturally
 * aligned chunks (at most MAX_ORDER - 1); a whole section held as one
 * reserved template with pageblocks of one type goes at once as a free run
 * (memmap.h), its struct pages never materialised.
 *
 * Context: takes zone->lock per chunk; the caller must not hold it.
 */
void __free_pages_core_range(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
			     unsigned long end_pfn);

/* For page_isolation.c (mm/internal.h's share of page_alloc.c) */
/**
 * zone_lock() - take a zone's lock
 * @sys: the system (its lockdep checks the rank)
 * @zone: the zone
 *
 * zone->lock, a mutex of rank LOCK_RANK_ZONE: it guards the zone's free
 * lists and counters, its pageblock types and nr_isolate_pageblock.  Not
 * recursive: taking it twice deadlocks.
 *
 * Context: the caller holds no lock of rank LOCK_RANK_ZONE or above (no
 * other zone's lock either): lockdep WARNs of an inversion.
 */
void zone_lock(struct hm_system *sys, struct zone *zone);
/**
 * zone_unlock() - release a zone's lock
 * @sys: the system
 * @zone: the zone, its lock held by the caller
 */
void zone_unlock(struct hm_system *sys, struct zone *zone);
/**
 * move_freepages_range() - move a range's free pages to another type
 * @sys: the system
 * @zone: the zone of the range
 * @start: the range's first pfn, pageblock aligned
 * @end: the pfn past it, pageblock aligned
 * @new_mt: the new migratetype
 *
 * Free chunks crossing @start or @end are split there first (the pieces to
 * their own pageblocks' lists); then every free chunk of the range goes to
 * the @new_mt lists and the range's pageblocks become @new_mt.
 *
 * Context: the caller holds @zone's zone->lock.
 */
void move_freepages_range(struct hm_system *sys, struct zone *zone, unsigned long start,
			  unsigned long end, int new_mt);
/**
 * remerge_free_chunk_at() - merge a chunk split at a boundary that is gone
 * @sys: the system
 * @zone: the zone
 * @boundary: a pageblock-aligned pfn where move_freepages_range() split
 *
 * If a free chunk of @zone starts at @boundary (not max-order aligned), it
 * is taken off its list and freed again, merging with its buddy as
 * unset_migratetype_isolate does.  Anything else: nothing happens.
 *
 * Context: the caller holds @zone's zone->lock.
 */
void remerge_free_chunk_at(struct hm_system *sys, struct zone *zone, unsigned long boundary);

/**
 * scan_movable_pages() - the first movable page in use in a range
 * @sys: the system
 * @start: the range's first pfn
 * @end: the pfn past it
 * @movable_pfn: set to the page's pfn when found
 *
 * An LRU or __PageMovable page counts as movable; free pages are passed
 * over (a uniform section is read as its template).
 *
 * Return: 0 with *@movable_pfn set; -EBUSY if first a logically offline
 * page with references is met; -ENOENT if the range has no movable page
 * in use.  *@movable_pfn is unchanged on failure.
 */
int scan_movable_pages(struct hm_system *sys, unsigned long start, unsigned long end,
		       unsigned long *movable_pfn);
/**
 * __offline_isolated_pages() - take an isolated range's free pages out
 * @sys: the system
 * @zone: the zone of the range
 * @start_pfn: the range's first pfn
 * @end_pfn: the pfn past it
 *
 * At offline, after test_pages_isolated() succeeded: the range's sections
 * are marked offline, then every free chunk (all on the isolate lists) is
 * taken off its list, its pages left with refcount 0.
 *
 * Context: takes zone->lock; the caller must not hold it.
 * Return: the pages taken that were free, i.e. the managed pages of the
 * range (hwpoisoned and already logically offline pages are not counted).
 */
unsigned long __offline_isolated_pages(struct hm_system *sys, struct zone *zone,
				       unsigned long start_pfn, unsigned long end_pfn);

/**
 * alloc_contig_range() - take a range of pages for the caller (MIGRATE_MOVABLE)
 * @sys: the system
 * @start_pfn: the first pfn: online, pageblock aligned
 * @end_pfn: the pfn past the range, pageblock aligned, in the same zone
 *
 * Isolates the pageblocks, migrates what is movable (to any node, its own
 * first; at most five rounds without progress), checks that every page is
 * free and takes the free pages, then puts the pageblocks back to
 * MIGRATE_MOVABLE, whatever they were before.
 *
 * Context: takes zone->lock and the locks migration takes; the caller
 * holds none of them.
 * Return: 0, the range's pages now the caller's, each an order-0 page with
 * one reference (give them back with free_contig_range()); -EINVAL for an
 * offline first pfn, a misaligned or empty range (nothing changed);
 * -EBUSY if isolation fails (an unmovable page, a pageblock already
 * isolated), migration makes no progress five times, or a page is still
 * in use.  On -EBUSY nothing was taken, but pages already migrated stay
 * migrated and the pageblocks are MIGRATE_MOVABLE.
 */
int alloc_contig_range(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn);
/**
 * free_contig_range() - drop a reference of each page of a range
 * @sys: the system
 * @pfn: the first pfn
 * @nr_pages: the pages, each with at least one reference (as
 *	alloc_contig_range() hands them out)
 *
 * A page whose count drops to 0 goes back to the buddy as an order-0
 * page (__free_pages(), which takes zone->lock: the caller must not hold
 * it).
 */
void free_contig_range(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages);

/**
 * zone_free_pages_of_type() - the free pages on one migratetype's lists
 * @zone: the zone
 * @migratetype: the type
 *
 * Counts the lists' entries, a free run (memmap.h) as its whole section.
 *
 * Context: the caller holds @zone's zone->lock.
 * Return: the free pages of @zone on the @migratetype lists of every order.
 */
unsigned long zone_free_pages_of_type(struct zone *zone, int migratetype);

/**
 * build_all_zonelists() - the kernel's zonelist rebuild and its log
 * @sys: the system
 *
 * The kernel rebuilds the zonelists when a zone gets its first present
 * pages or loses its last, and logs "Fallback order for Node N: ..." per
 * online node, "Built N zonelists, mobility grouping on.  Total pages: T"
 * and "Policy zone: Z".  hotmem walks zones at allocation time, so only
 * the log and policy_zone (raised, never lowered, never to ZONE_MOVABLE)
 * change here.
 */
void build_all_zonelists(struct hm_system *sys);
/**
 * dump_page() - mm/debug.c's dump of a page
 * @sys: the system
 * @page: the page (only read)
 * @reason: logged as "page dumped because: @reason"
 *
 * Logs, at warning level, the page's refcount, mapping, index, pfn and
 * flags, then the reason.
 */
void dump_page(struct hm_system *sys, struct page *page, const char *reason);

/**
 * page_alloc_check() - the verifier's checks of the page allocator
 * @sys: the system
 * @r: the report the violations are added to
 *
 * Per zone: the free lists against the memmap (pages and chunks), managed
 * pages against present minus reserved, no kernel pages in ZONE_MOVABLE;
 * overall, the kernel and workload pages in the memmap against what was
 * allocated.  Allocates nothing, so it cannot fail.
 *
 * Context: takes each zone's zone->lock; the caller holds none.
 * Return: the number of violations added to @r.
 */
unsigned long page_alloc_check(struct hm_system *sys, struct hm_report *r);

/**
 * free_list_entry_chunks() - how many chunks a free list entry stands for
 * @page: the entry's page (a chunk head or a free run's)
 *
 * Whoever counts the entries of a list (pagetypeinfo) counts these.
 *
 * Return: MAX_ORDER_CHUNKS_PER_SECTION for a section's free run (PG_run,
 * memmap.h), else 1.
 */
static inline unsigned long free_list_entry_chunks(const struct page *page)
{
	return !page_poisoned(page) && (page->flags & (1ULL << PG_run)) ?
	       MAX_ORDER_CHUNKS_PER_SECTION : 1;
}

/*
 * One walk over the struct pages of [start, end), for every loop that
 * visits a pfn range (isolation, migration, offline, the free chunks'
 * moves): pfn_walk_next() hands out one step at a time, of one of the kinds
 * below, and the next call goes past it (a whole section, a free chunk or
 * one page).  A section whose memmap is compact (memmap.h) is one step and
 * its struct pages are not read (nor materialised); elsewhere the memmap
 * pointer is read once per section (a free chunk never crosses one).
 *
 *	for (pfn_walk_start(&w, start, end, PFN_WALK_READ);
 *	     (step = pfn_walk_next(sys, &w)) != PFN_WALK_END;)
 *		switch (step) { ... }
 *
 * A PFN_WALK_READ or PFN_WALK_READ_HEADS walk is handed the pages in use
 * alone (PFN_WALK_UNIFORM and PFN_WALK_PAGE steps): it goes past the free
 * ones itself.  A caller may stop at any step: w.pfn is the step's first pfn.
 */
enum pfn_walk_step {
	PFN_WALK_END,
	/*
	 * w.ms, a section of free max-order chunks from w.pfn on: a free run
	 * (MEMMAP_FREE); for a PFN_WALK_READ walk also free chunk heads alone
	 * (MEMMAP_HEADS).  A PFN_WALK_TAKE walk gets one only when it covers
	 * the whole section (it takes the run off its list).
	 */
	PFN_WALK_FREE_RUN,
	/* w.ms, a whole section of free chunk heads alone (PFN_WALK_TAKE only) */
	PFN_WALK_FREE_HEADS,
	/*
	 * w.like, with w.flags: every page from w.pfn to the section's end is
	 * like it (MEMMAP_UNIFORM, not poisoned: poisoned pages are left to the
	 * page by page steps, which count every read of one).
	 */
	PFN_WALK_UNIFORM,
	/* w.page heads a free chunk of w.order (PG_buddy) */
	PFN_WALK_FREE_CHUNK,
	/* w.page (= w.like) with w.flags (page_flags(), read once), not free */
	PFN_WALK_PAGE,
};

/* What a walk does with compact sections of free chunks. */
enum pfn_walk_mode {
	PFN_WALK_READ,		/* reads them: a free run or heads is one step */
	PFN_WALK_READ_HEADS,	/* the same, but only from a chunk head on */
	PFN_WALK_TAKE,		/* takes or moves their chunks */
};

struct pfn_walk {
	unsigned long pfn, end;
	struct page *page;		/* the memmap at pfn, once read */
	enum pfn_walk_mode mode;
	enum pfn_walk_step step;	/* the last step handed out */
	unsigned long nr;		/* the pages it covers */
	struct mem_section *ms;		/* FREE_RUN, FREE_HEADS */
	const struct page *like;	/* UNIFORM: the template; PAGE: the page */
	uint64_t flags;			/* UNIFORM, FREE_CHUNK, PAGE */
	unsigned int order;		/* FREE_CHUNK */
};

/**
 * pfn_walk_start() - start a walk over a pfn range
 * @w: the walk, caller's storage (nothing to free at the end)
 * @start: the range's first pfn
 * @end: the pfn past it
 * @mode: what the walk does with compact sections of free chunks
 *
 * Reads nothing yet: pfn_walk_next() hands out the first step.
 */
static inline void pfn_walk_start(struct pfn_walk *w, unsigned long start, unsigned long end,
				  enum pfn_walk_mode mode)
{
	w->pfn = start;
	w->end = end;
	w->page = NULL;
	w->mode = mode;
	w->step = PFN_WALK_END;
	w->nr = 0;
}

/**
 * pfn_walk_section_left() - the pages left in the walk's current section
 * @w: the walk
 *
 * Return: the pages from @w->pfn to the end of its section or of the
 * walk, whichever comes first.
 */
static inline unsigned long pfn_walk_section_left(const struct pfn_walk *w)
{
	unsigned long next = ALIGN_DOWN(w->pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;

	return (next < w->end ? next : w->end) - w->pfn;
}

/**
 * pfn_walk_mid_section() - whether the walk is inside a section it reads by page
 * @w: the walk
 *
 * Return: true if the walk has read the memmap of the section at @w->pfn
 * and is past its first pfn: no section step is possible there.
 */
static inline bool pfn_walk_mid_section(const struct pfn_walk *w)
{
	return w->page && (w->pfn & (PAGES_PER_SECTION - 1));
}

/**
 * pfn_walk_whole_section() - whether the walk covers the section at w->pfn
 * @w: the walk
 *
 * Return: true if @w->pfn starts a section and the walk reaches its end.
 */
static inline bool pfn_walk_whole_section(const struct pfn_walk *w)
{
	return IS_ALIGNED(w->pfn, PAGES_PER_SECTION) && w->end - w->pfn >= PAGES_PER_SECTION;
}

/**
 * pfn_walk_section() - the section step at w->pfn, if there is one
 * @sys: the system
 * @w: the walk
 *
 * For a section whose memmap is compact (free run, free heads or uniform,
 * memmap.h) and a mode that takes it as one step; @w->ms, and for a
 * uniform section @w->like and @w->flags, set.  Does not advance the walk
 * nor set @w->nr (pfn_walk_step() does).
 *
 * Return: PFN_WALK_FREE_RUN, PFN_WALK_FREE_HEADS or PFN_WALK_UNIFORM; or
 * PFN_WALK_END if the step must be taken page by page (mid-section, no
 * section, a poisoned template, a mode that does not take it).
 */
static inline enum pfn_walk_step pfn_walk_section(struct hm_system *sys, struct pfn_walk *w)
{
	struct mem_section *ms;

	if (pfn_walk_mid_section(w))
		return PFN_WALK_END;
	ms = __pfn_to_section(sys, w->pfn);
	if (!ms)
		return PFN_WALK_END;
	w->ms = ms;
	switch (ms->memmap_state) {
	case MEMMAP_FREE:
		if (w->mode == PFN_WALK_TAKE ? pfn_walk_whole_section(w) :
		    w->mode == PFN_WALK_READ || IS_ALIGNED(w->pfn, MAX_ORDER_NR_PAGES))
			return PFN_WALK_FREE_RUN;
		break;
	case MEMMAP_HEADS:
		if (w->mode == PFN_WALK_TAKE)
			return pfn_walk_whole_section(w) ? PFN_WALK_FREE_HEADS : PFN_WALK_END;
		if (w->mode == PFN_WALK_READ || IS_ALIGNED(w->pfn, MAX_ORDER_NR_PAGES))
			return PFN_WALK_FREE_RUN;
		break;
	case MEMMAP_UNIFORM:
		if (page_poisoned(&ms->tmpl))
			break;
		w->like = &ms->tmpl;
		w->flags = ms->tmpl.flags;
		return PFN_WALK_UNIFORM;
	default:
		break;
	}
	return PFN_WALK_END;
}

/**
 * pfn_walk_pages() - take the step at w->pfn page by page
 * @sys: the system
 * @w: the walk
 *
 * For a caller that needs the struct pages of a uniform section after all
 * (it reads, and so materialises, the section's memmap), and for
 * pfn_walk_next().
 *
 * Return: PFN_WALK_FREE_CHUNK or PFN_WALK_PAGE, w->page and w->flags set.
 */
static inline enum pfn_walk_step pfn_walk_pages(struct hm_system *sys, struct pfn_walk *w)
{
	if (!w->page || !(w->pfn & (PAGES_PER_SECTION - 1)))
		w->page = pfn_to_page(sys, w->pfn);
	w->flags = page_flags(sys, w->page);
	if (w->flags & (1ULL << PG_buddy)) {
		w->order = w->page->private;
		w->nr = 1UL << w->order;
		return w->step = PFN_WALK_FREE_CHUNK;
	}
	w->nr = 1;
	w->like = w->page;
	return w->step = PFN_WALK_PAGE;
}

/**
 * pfn_walk_step() - one step of a walk, free ones included
 * @sys: the system
 * @w: the walk, started by pfn_walk_start()
 *
 * Goes past the step handed out last, then classifies what is at @w->pfn
 * (pfn_walk_section(), else pfn_walk_pages()).  pfn_walk_next() is this
 * without the free steps for a reading walk.
 *
 * Return: the step's kind, its data in @w; PFN_WALK_END past the end.
 */
static inline enum pfn_walk_step pfn_walk_step(struct hm_system *sys, struct pfn_walk *w)
{
	enum pfn_walk_step step;

	switch (w->step) {
	case PFN_WALK_FREE_RUN:
	case PFN_WALK_FREE_HEADS:
	case PFN_WALK_UNIFORM:
		w->pfn += w->nr;
		w->page = NULL;		/* the next section's memmap is read anew */
		break;
	case PFN_WALK_FREE_CHUNK:
	case PFN_WALK_PAGE:
		w->pfn += w->nr;
		w->page += w->nr;
		break;
	case PFN_WALK_END:
		break;
	}
	w->step = PFN_WALK_END;
	if (w->pfn >= w->end)
		return PFN_WALK_END;
	step = pfn_walk_section(sys, w);
	if (step != PFN_WALK_END) {
		w->nr = pfn_walk_section_left(w);
		return w->step = step;
	}
	return pfn_walk_pages(sys, w);
}

/**
 * pfn_walk_next() - the next step of a walk
 * @sys: the system
 * @w: the walk, started by pfn_walk_start()
 *
 * Goes past the step handed out last (its w->nr pages), then classifies
 * what is at w->pfn: a compact section (the rest of it, one step), a free
 * chunk's head or a single page.  A reading walk goes on past free ones.
 *
 * Return: the step's kind, its data in @w; PFN_WALK_END (0) past the end.
 */
static inline enum pfn_walk_step pfn_walk_next(struct hm_system *sys, struct pfn_walk *w)
{
	enum pfn_walk_step step;

	do
		step = pfn_walk_step(sys, w);
	while (w->mode != PFN_WALK_TAKE &&
	       (step == PFN_WALK_FREE_RUN || step == PFN_WALK_FREE_CHUNK));
	return step;
}

#endif /* HOTMEM_PAGE_ALLOC_H */
