/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memmap.h - struct page, one per pfn of a valid section (mirrors the parts of
 * include/linux/mm_types.h, page-flags.h and mm/mm_init.c that hotplug and
 * the page allocator use).
 *
 * hotmem's struct page is 32 bytes (the kernel's is 64), so that the memmap
 * of a 1 TiB machine costs 8 GiB: flags, refcount, private (the buddy
 * order), and a union that is either the free-list links of a free chunk's
 * first page or the owner (mapping, index) of a page in use.  As with
 * classic SPARSEMEM, page->flags holds the section number, which is how a
 * struct page found on a free list gives back its pfn.
 *
 * Hot-added memmap is poisoned (all 0xff bytes, as DEBUG_VM's
 * page_init_poison does) until online initialises it; every read of page
 * state goes through page_flags(), which counts reads of poisoned pages in
 * the system (the kernel's PF_POISONED_CHECK).  That is how tests prove
 * that hot-remove never touches struct pages.
 *
 * The compact memmap.  Most of a large machine's memmap is uniform: a
 * section whose pages are all offline (poisoned), all reserved, all
 * initialised alike, or all free as max-order chunks of one zone and
 * migratetype.  Such a section keeps one template struct page
 * (mem_section.tmpl) instead of PAGES_PER_SECTION of them, and a free one
 * sits on its free list as one entry (mem_section.run, flagged PG_run)
 * standing for its chunks in pfn order.  The first change that needs the
 * pages one by one (pfn_to_page) materialises them: the template copied
 * into every page, the run replaced on its list by the chunk heads at its
 * place, so nothing observable changes.  A section becomes uniform again
 * when all of it is (re)initialised at once: online's memmap init, the
 * poisoning at offline; or when its pages come to be all alike (memory
 * blocks and kernel pages filling it); or when its last free chunk
 * completes it: a run if the 32 chunks sit together at the head of their
 * list, else the 32 chunk heads alone (MEMMAP_HEADS, 1 KiB instead of
 * 1 MiB), each where it is on its list.  Boot, hot-add, online, offline, remove, the
 * isolation walks and the verifier work on whole uniform sections.
 * HOTMEM_MEMMAP=dense keeps every memmap page by page (the debug mode the
 * tests compare against).
 */
#ifndef HOTMEM_MEMMAP_H
#define HOTMEM_MEMMAP_H

#include <stdint.h>
#include "hotmem/list.h"
#include "hotmem/types.h"

struct hm_system;
struct zone;

struct page {
	uint64_t flags;		/* PG_* bits, section, node and zone ids */
	int32_t refcount;	/* _refcount */
	uint32_t private;	/* buddy order while PageBuddy */
	union {
		/* the first page of a free chunk: its free list (zone->lock) */
		struct list_head lru;
		/* a page in use by a workload allocation (workload.h) */
		struct {
			void *mapping;		/* the struct hm_walloc owning it */
			unsigned long index;	/* its page index in the owner */
		};
	};
};

#define PAGE_POISON_PATTERN	(~0ULL)

enum pageflags {
	PG_reserved = 0,	/* boot allocation, hole, or ZONE_DEVICE */
	PG_buddy,		/* free, in the buddy allocator (a page type upstream) */
	PG_offline,		/* logically offline (a page type upstream) */
	PG_hwpoison,
	PG_lru,			/* movable user page (on an LRU list upstream) */
	PG_movable,		/* __PageMovable */
	PG_slab,		/* unmovable kernel allocation (slab, page tables) */
	PG_vmemmap_self_hosted,
	PG_dirty,		/* with PG_offline: kept fake-offline since onlining (virtio-mem) */
	NR_PAGEFLAGS,
	/* hotmem's own: a free-list entry standing for a section's chunks (mem_section.run) */
	PG_run = 15,
	/* with PG_run: the chunks in descending pfn order (freed to the head one by one) */
	PG_run_desc = 14,
};

#define PAGE_SECTION_SHIFT	16
#define PAGE_SECTION_MASK	((1ULL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)) - 1)
#define PAGE_NODE_SHIFT	48
#define PAGE_NODE_MASK	0xffULL
#define PAGE_ZONE_SHIFT	56
#define PAGE_ZONE_MASK	0x7ULL

/**
 * page_poisoned() - whether a struct page was never initialised
 * @page: the struct page
 *
 * Return: true if it holds the poison pattern (no counting: page_flags()
 * counts).
 */
static inline bool page_poisoned(const struct page *page)
{
	return page->flags == PAGE_POISON_PATTERN;
}

/**
 * page_poisoned_read() - count a read of a poisoned struct page
 * @sys: the system: sys->stats.poisoned_page_reads, which the verifier and
 *	the tests check
 * @page: the page read (the kernel's PF_POISONED_CHECK would BUG)
 */
void page_poisoned_read(struct hm_system *sys, const struct page *page);

/**
 * page_flags() - read page->flags, counting a read of a poisoned page
 * @sys: the system
 * @page: the struct page
 *
 * Return: the flags word (PG_* bits, section, node and zone ids).
 */
static inline uint64_t page_flags(struct hm_system *sys, const struct page *page)
{
	if (__builtin_expect(page_poisoned(page), 0))
		page_poisoned_read(sys, page);
	return page->flags;
}

/**
 * page_test_flag() - test a PG_* bit, as PageFoo()
 * @sys: the system (counts a poisoned read)
 * @page: the struct page
 * @f: the bit
 *
 * Return: true if it is set.
 */
static inline bool page_test_flag(struct hm_system *sys, const struct page *page,
				  enum pageflags f)
{
	return (page_flags(sys, page) >> f) & 1;
}

/**
 * page_set_flag() - set a PG_* bit, as SetPageFoo()
 * @page: the struct page
 * @f: the bit
 *
 * Context: the caller owns the page's state (zone->lock for buddy pages).
 */
static inline void page_set_flag(struct page *page, enum pageflags f)
{
	page->flags |= 1ULL << f;
}

/**
 * page_clear_flag() - clear a PG_* bit, as ClearPageFoo()
 * @page: the struct page
 * @f: the bit
 *
 * Context: as page_set_flag().
 */
static inline void page_clear_flag(struct page *page, enum pageflags f)
{
	page->flags &= ~(1ULL << f);
}

/**
 * page_to_nid() - the node a page is linked to
 * @sys: the system (counts a poisoned read)
 * @page: an initialised struct page
 *
 * Return: the node id in page->flags.
 */
static inline int page_to_nid(struct hm_system *sys, const struct page *page)
{
	return (int)((page_flags(sys, page) >> PAGE_NODE_SHIFT) & PAGE_NODE_MASK);
}

/**
 * page_zonenum() - the zone index a page is linked to
 * @sys: the system (counts a poisoned read)
 * @page: an initialised struct page
 *
 * Return: ZONE_DMA ... ZONE_DEVICE, from page->flags.
 */
static inline int page_zonenum(struct hm_system *sys, const struct page *page)
{
	return (int)((page_flags(sys, page) >> PAGE_ZONE_SHIFT) & PAGE_ZONE_MASK);
}

/**
 * page_zone() - the zone a page is linked to
 * @sys: the system
 * @page: an initialised struct page
 *
 * Return: the zone of its node and zone index.
 */
struct zone *page_zone(struct hm_system *sys, const struct page *page);

/**
 * page_to_section() - the section number in page->flags
 * @page: an initialised struct page
 *
 * Return: the section number (no poison check: the caller knows).
 */
static inline unsigned long page_to_section(const struct page *page)
{
	return (unsigned long)((page->flags >> PAGE_SECTION_SHIFT) & PAGE_SECTION_MASK);
}

/**
 * page_to_pfn() - the pfn of an initialised struct page
 * @sys: the system
 * @page: a struct page of a section's memmap (its section is in
 *	page->flags), not a uniform section's template
 *
 * Return: the pfn.
 */
unsigned long page_to_pfn(struct hm_system *sys, const struct page *page);

/**
 * init_single_page() - initialise a struct page, as __init_single_page()
 * @page: the struct page
 * @pfn: its pfn (for the section number)
 * @zid: its zone index
 * @nid: its node
 *
 * Zeroes it and links it to its zone, node and section, refcount 1.
 */
static inline void init_single_page(struct page *page, unsigned long pfn, int zid, int nid)
{
	page->flags = ((uint64_t)nid << PAGE_NODE_SHIFT) | ((uint64_t)zid << PAGE_ZONE_SHIFT) |
		      ((uint64_t)pfn_to_section_nr(pfn) << PAGE_SECTION_SHIFT);
	page->refcount = 1;
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
}

/**
 * page_init_poison() - fill struct pages with the poison pattern
 * @page: the first
 * @nr: how many
 */
void page_init_poison(struct page *page, unsigned long nr);

/**
 * page_alike() - whether two struct pages are alike, byte for byte
 * @p: one
 * @q: the other
 *
 * Return: true if they are (struct page has no padding).
 */
static inline bool page_alike(const struct page *p, const struct page *q)
{
	return !__builtin_memcmp(p, q, sizeof(*p));
}

/**
 * pages_alike() - whether struct pages are all alike, byte for byte
 * @pages: the first
 * @nr: how many
 *
 * Return: true if all @nr are alike.
 */
bool pages_alike(const struct page *pages, unsigned long nr);

struct mem_section;
/**
 * memmap_materialise() - give a compact section its struct pages
 * @sys: the system
 * @ms: a uniform (or free-run) section
 *
 * One struct page per pfn, in the state the template and the run stand
 * for.  Never fails: the host being out of memory aborts, as the kernel's
 * memmap exists all along.
 *
 * Context: zone->lock held when the section has a free run.
 */
void memmap_materialise(struct hm_system *sys, struct mem_section *ms);
/**
 * memmap_set_uniform() - set every struct page of a section to a template
 * @sys: the system
 * @ms: a section with a memmap; none of its pages on a free list
 * @tmpl: the state of every page
 *
 * The section becomes uniform (its struct pages freed), or, in the dense
 * mode, every page is written.
 */
void memmap_set_uniform(struct hm_system *sys, struct mem_section *ms,
			const struct page *tmpl);
/**
 * memmap_try_fold() - fold a dense section whose pages are all alike
 * @sys: the system
 * @ms: the section
 *
 * No free chunk among them, the same flags, refcount and owner: it goes
 * back to one template.  Cheap when they are not (the first and last page
 * differ); nothing changes then.
 */
void memmap_try_fold(struct hm_system *sys, struct mem_section *ms);
/**
 * memmap_uniform_range() - the uniform section a range is the whole of
 * @sys: the system
 * @pfn: first pfn
 * @nr: pages
 *
 * Return: the section if [@pfn, @pfn + @nr) is the whole of one uniform
 * section (MEMMAP_UNIFORM), whose template a caller may change for all its
 * pages at once; NULL otherwise.
 */
struct mem_section *memmap_uniform_range(struct hm_system *sys, unsigned long pfn,
					 unsigned long nr);
/**
 * memmap_keep_heads() - keep only the chunk heads of an all-free section
 * @sys: the system
 * @ms: a dense section all of whose pages are free max-order chunks
 * @tmpl: the state of every page but the heads
 *
 * Each head takes its page's place on its free list (MEMMAP_HEADS).
 * Changes nothing if the host has no memory for them (the section stays
 * dense).
 *
 * Context: zone->lock held.
 */
void memmap_keep_heads(struct hm_system *sys, struct mem_section *ms, const struct page *tmpl);
/**
 * memmap_heads_taken() - a MEMMAP_HEADS section whose heads left their lists
 * @sys: the system
 * @ms: the section; every page is now as @tmpl
 * @tmpl: that state
 *
 * The section becomes uniform.
 *
 * Context: zone->lock held.
 */
void memmap_heads_taken(struct hm_system *sys, struct mem_section *ms, const struct page *tmpl);
/**
 * memmap_array_put() - give a section's memmap array back
 * @sys: the system
 * @map: the array (a section's worth of struct pages); kept for reuse
 *	(parked, not counted live) or freed
 */
void memmap_array_put(struct hm_system *sys, struct page *map);
/**
 * memmap_pool_drain() - free the memmap arrays kept for reuse
 * @sys: the system (sparse_destroy())
 */
void memmap_pool_drain(struct hm_system *sys);

/**
 * page_template() - the template of an initialised page
 * @tmpl: filled in: init_single_page(), with PG_reserved if @reserved
 * @section_nr: its section
 * @zid: its zone index
 * @nid: its node
 * @reserved: whether the pages are reserved (boot allocations, holes)
 */
void page_template(struct page *tmpl, unsigned long section_nr, int zid, int nid, bool reserved);
/**
 * page_template_poison() - the template of a poisoned (uninitialised) page
 * @tmpl: filled in
 */
void page_template_poison(struct page *tmpl);

#endif /* HOTMEM_MEMMAP_H */
