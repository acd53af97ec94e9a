// SPDX-License-Identifier: GPL-2.0
/*
 * memmap.c - struct page accessors (the parts of page-flags.h and mm_init.c
 * that hotplug needs).  Reads go through page_flags(), which counts reads
 * of a poisoned struct page, as DEBUG_VM's PF_POISONED_CHECK would trap.
 */
#include <stdio.h>
#include <stdlib.h>
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
	struct mem_section *ms = __nr_to_section(sys, nr);

	if (page == &ms->run)	/* a free run: its first chunk */
		return section_nr_to_pfn(nr);
	if (ms->memmap_state == MEMMAP_HEADS)
		return section_nr_to_pfn(nr) +
		       (unsigned long)(page - ms->memmap) * MAX_ORDER_NR_PAGES;
	return section_nr_to_pfn(nr) + (unsigned long)(page - ms->memmap);
}

void page_init_poison(struct page *page, unsigned long nr)
{
	memset(page, 0xff, nr * sizeof(*page));
}

#define MEMMAP_BYTES (PAGES_PER_SECTION * sizeof(struct page))

void page_template(struct page *tmpl, unsigned long section_nr, int zid, int nid, bool reserved)
{
	init_single_page(tmpl, section_nr_to_pfn(section_nr), zid, nid);
	if (reserved)
		page_set_flag(tmpl, PG_reserved);
}

void page_template_poison(struct page *tmpl)
{
	page_init_poison(tmpl, 1);
}

static bool page_zero(const struct page *page)
{
	return !page->flags && !page->refcount && !page->private && !page->mapping &&
	       !page->index;
}

void memmap_array_put(struct hm_system *sys, struct page *map)
{
	struct sparse *sp = &sys->sparse;

	if (!map)
		return;
	if (sp->nr_memmap_pool < MEMMAP_POOL_SIZE) {
		sp->memmap_pool[sp->nr_memmap_pool++] = map;
		hm_vpark(&sys->alloc, MEMMAP_BYTES, true);
	} else
		hm_vfree(&sys->alloc, map, MEMMAP_BYTES);
}

void memmap_pool_drain(struct hm_system *sys)
{
	struct sparse *sp = &sys->sparse;

	while (sp->nr_memmap_pool) {
		hm_vpark(&sys->alloc, MEMMAP_BYTES, false);
		hm_vfree(&sys->alloc, sp->memmap_pool[--sp->nr_memmap_pool], MEMMAP_BYTES);
	}
}

void memmap_materialise(struct hm_system *sys, struct mem_section *ms)
{
	struct sparse *sp = &sys->sparse;
	bool fresh = !sp->nr_memmap_pool;
	struct page *map;
	unsigned long i;

	if (ms->memmap_state != MEMMAP_UNIFORM && ms->memmap_state != MEMMAP_FREE &&
	    ms->memmap_state != MEMMAP_HEADS)
		return;
	if (fresh) {
		map = hm_vzalloc_nofail(&sys->alloc, MEMMAP_BYTES);
	} else {
		map = sp->memmap_pool[--sp->nr_memmap_pool];
		hm_vpark(&sys->alloc, MEMMAP_BYTES, false);
	}
	if (!map) {
		fprintf(stderr, "hotmem: host out of memory for the memmap of a section\n");
		abort();
	}
	if (page_poisoned(&ms->tmpl)) {
		page_init_poison(map, PAGES_PER_SECTION);
	} else if (!fresh || !page_zero(&ms->tmpl)) {
		for (i = 0; i < PAGES_PER_SECTION; i++)
			map[i] = ms->tmpl;
	}
	if (ms->memmap_state == MEMMAP_FREE) {
		/* the chunk heads take the run's place on its list, in its order */
		bool desc = ms->run.flags & (1ULL << PG_run_desc);

		for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++) {
			unsigned long c = desc ? MAX_ORDER_CHUNKS_PER_SECTION - 1 - i : i;
			struct page *head = &map[c * MAX_ORDER_NR_PAGES];

			head->flags = ms->tmpl.flags | (1ULL << PG_buddy);
			head->private = MAX_ORDER - 1;
			list_add_tail(&head->lru, &ms->run.lru);
		}
		list_del(&ms->run.lru);
		memset(&ms->run, 0, sizeof(ms->run));
	} else if (ms->memmap_state == MEMMAP_HEADS) {
		/* each head takes its place on its list back to the page of its pfn */
		for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++) {
			struct page *head = &map[i * MAX_ORDER_NR_PAGES];

			*head = ms->memmap[i];
			list_replace(&ms->memmap[i].lru, &head->lru);
		}
		hm_kfree(&sys->alloc, ms->memmap);
	}
	ms->memmap = map;
	ms->memmap_state = MEMMAP_DENSE;
	sys->sparse.nr_dense_sections++;
	sys->stats.memmap_materialised++;
	if (fresh)
		sys->stats.memmap_materialised_fresh++;
}

void memmap_set_uniform(struct hm_system *sys, struct mem_section *ms,
			const struct page *tmpl)
{
	const struct page t = *tmpl;	/* tmpl may be one of the section's pages */
	unsigned long i;

	tmpl = &t;
	if (ms->memmap_state == MEMMAP_FREE || ms->memmap_state == MEMMAP_HEADS) {
		hm_warn(sys, "memmap_set_uniform: section %lu is on the free lists",
			page_to_section(&ms->tmpl));
		return;
	}
	if (sys->sparse.memmap_dense) {
		if (!ms->memmap)
			return;
		if (page_poisoned(tmpl))
			page_init_poison(ms->memmap, PAGES_PER_SECTION);
		else
			for (i = 0; i < PAGES_PER_SECTION; i++)
				ms->memmap[i] = *tmpl;
		return;
	}
	if (ms->memmap_state == MEMMAP_NONE)
		return;
	if (ms->memmap_state == MEMMAP_DENSE) {
		memmap_array_put(sys, ms->memmap);
		ms->memmap = NULL;
		sys->sparse.nr_dense_sections--;
	}
	ms->tmpl = *tmpl;
	ms->memmap_state = MEMMAP_UNIFORM;
}

void memmap_keep_heads(struct hm_system *sys, struct mem_section *ms, const struct page *tmpl)
{
	struct page *map = ms->memmap, *heads;
	unsigned long i;

	if (ms->memmap_state != MEMMAP_DENSE)
		return;
	heads = hm_kmalloc(&sys->alloc, MAX_ORDER_CHUNKS_PER_SECTION * sizeof(*heads));
	if (!heads)
		return;
	for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++) {
		struct page *head = &map[i * MAX_ORDER_NR_PAGES];

		heads[i] = *head;
		list_replace(&head->lru, &heads[i].lru);
	}
	ms->tmpl = *tmpl;
	ms->memmap = heads;
	ms->memmap_state = MEMMAP_HEADS;
	sys->sparse.nr_dense_sections--;
	memmap_array_put(sys, map);
}

void memmap_heads_taken(struct hm_system *sys, struct mem_section *ms, const struct page *tmpl)
{
	if (ms->memmap_state != MEMMAP_HEADS)
		return;
	hm_kfree(&sys->alloc, ms->memmap);
	ms->memmap = NULL;
	ms->tmpl = *tmpl;
	ms->memmap_state = MEMMAP_UNIFORM;
}

struct mem_section *memmap_uniform_range(struct hm_system *sys, unsigned long pfn,
					 unsigned long nr)
{
	struct mem_section *ms;

	if (!IS_ALIGNED(pfn, PAGES_PER_SECTION) || nr != PAGES_PER_SECTION)
		return NULL;
	ms = __nr_to_section(sys, pfn_to_section_nr(pfn));
	return ms && ms->memmap_state == MEMMAP_UNIFORM ? ms : NULL;
}

bool pages_alike(const struct page *pages, unsigned long nr)
{
	/* each page equal to the next: all equal to the first (struct page has no padding) */
	_Static_assert(sizeof(struct page) == 32, "struct page has padding");
	return nr < 2 || !memcmp(pages, pages + 1, (nr - 1) * sizeof(*pages));
}

void memmap_try_fold(struct hm_system *sys, struct mem_section *ms)
{
	const struct page *map = ms->memmap, *first;
	unsigned long i;

	if (sys->sparse.memmap_dense || ms->memmap_state != MEMMAP_DENSE)
		return;
	first = &map[0];
	if (page_poisoned(first) || (first->flags & (1ULL << PG_buddy)))
		return;
	/*
	 * The last page of each pageblock first: a section being filled block
	 * by block (memmap blocks, kernel pages) differs there, cheaply.
	 */
	for (i = PAGES_PER_SECTION; i > pageblock_nr_pages; i -= pageblock_nr_pages)
		if (!page_alike(&map[i - 1], first))
			return;
	if (!pages_alike(map, PAGES_PER_SECTION))
		return;
	memmap_set_uniform(sys, ms, first);
}
