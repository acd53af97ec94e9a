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
 * nr_isolate_pageblock.  Every function below takes it itself.
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

/*
 * For page_isolation.c (mm/internal.h's share of page_alloc.c): zone->lock
 * (LOCK_RANK_ZONE); the free pages of [start, end) (pageblock aligned)
 * moved to the lists of new_mt, chunks crossing the ends split first, the
 * pageblocks' type set; and a chunk split at a boundary that has gone
 * merged again with its buddy.  Under zone->lock.
 */
void zone_lock(struct hm_system *sys, struct zone *zone);
void zone_unlock(struct hm_system *sys, struct zone *zone);
void move_freepages_range(struct hm_system *sys, struct zone *zone, unsigned long start,
			  unsigned long end, int new_mt);
void remerge_free_chunk_at(struct hm_system *sys, struct zone *zone, unsigned long boundary);

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

/*
 * alloc_contig_range (MIGRATE_MOVABLE): takes [start_pfn, end_pfn) (online,
 * one zone, pageblock aligned) out of the buddy for the caller: isolates
 * the pageblocks, migrates what is movable (to any node, its own first),
 * checks that everything is free and takes the free pages, each an order-0
 * page with one reference.  Returns 0, -EINVAL, or -EBUSY (an unmovable
 * page, migration without progress five times, or pages still in use):
 * then nothing was taken and the pageblocks are movable again.
 */
int alloc_contig_range(struct hm_system *sys, unsigned long start_pfn, unsigned long end_pfn);
/* free_contig_range: drops one reference of each page; pages at 0 go to the buddy. */
void free_contig_range(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages);

/* Free pages of a zone on the lists of one migratetype (under zone->lock). */
unsigned long zone_free_pages_of_type(struct zone *zone, int migratetype);

/*
 * The verifier's part: free lists against the memmap, free and managed
 * counts recomputed, every in-use page accounted for.
 */
/*
 * build_all_zonelists: the allocator's zonelists follow the zones that have
 * memory, so the kernel rebuilds them when a zone gets its first present
 * pages or loses its last, and logs the result: "Fallback order for Node
 * N: ..." per online node, "Built N zonelists, mobility grouping on.
 * Total pages: T" and "Policy zone: Z".  hotmem walks zones at allocation
 * time, so only the log and policy_zone change here.
 */
void build_all_zonelists(struct hm_system *sys);
/* mm/debug.c dump_page(): logs a page's state and "page dumped because: reason". */
void dump_page(struct hm_system *sys, struct page *page, const char *reason);

unsigned long page_alloc_check(struct hm_system *sys, struct hm_report *r);

/*
 * How many chunks an entry of a free list stands for: one, or the
 * MAX_ORDER_CHUNKS_PER_SECTION of a section's free run (PG_run, memmap.h).
 * Whoever counts the entries of a list (pagetypeinfo) counts these.
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

/* Pages from w->pfn to the end of its section or of the walk. */
static inline unsigned long pfn_walk_section_left(const struct pfn_walk *w)
{
	unsigned long next = ALIGN_DOWN(w->pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;

	return (next < w->end ? next : w->end) - w->pfn;
}

/* Inside a section held page by page (its memmap read): no section step. */
static inline bool pfn_walk_mid_section(const struct pfn_walk *w)
{
	return w->page && (w->pfn & (PAGES_PER_SECTION - 1));
}

/* Does the walk cover the whole section at w->pfn? */
static inline bool pfn_walk_whole_section(const struct pfn_walk *w)
{
	return IS_ALIGNED(w->pfn, PAGES_PER_SECTION) && w->end - w->pfn >= PAGES_PER_SECTION;
}

/* The section step at w->pfn, if its memmap is compact and the mode takes it. */
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

/*
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

/* One step of pfn_walk_next(), free ones included. */
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

/*
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
