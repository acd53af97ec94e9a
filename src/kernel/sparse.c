// SPDX-License-Identifier: GPL-2.0
/*
 * sparse.c - SPARSEMEM sections: boot set-up, hot-add and hot-remove of
 * (sub)sections, pfn_valid and pfn_to_online_page.
 *
 * A section's memmap is one allocation of PAGES_PER_SECTION struct pages,
 * made when its first subsection is activated and freed when its last one
 * is deactivated (the kernel populates vmemmap per subsection; hotmem keeps
 * the whole section's array but only initialises what is in use).
 *
 * Usage objects are freed one grace period after removal: removal moves
 * them to sys->sparse.rcu_pending and sparse_rcu_barrier() frees them, so
 * that a pfn walker that read ms->usage before removal never touches freed
 * memory (the 5ec8e8ea8b77 rule).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/sparse.h"
#include "hotmem/system.h"

#define MEMMAP_BYTES (PAGES_PER_SECTION * sizeof(struct page))

struct mem_section *__nr_to_section(struct hm_system *sys, unsigned long nr)
{
	struct mem_section *root;

	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	root = sys->sparse.roots[nr / SECTIONS_PER_ROOT];
	if (!root)
		return NULL;
	return &root[nr % SECTIONS_PER_ROOT];
}

unsigned long next_present_section_nr(struct hm_system *sys, unsigned long nr)
{
	const unsigned long highest = sys->sparse.highest_present_section_nr;

	while (nr <= highest && nr < NR_MEM_SECTIONS) {
		struct mem_section *root = sys->sparse.roots[nr / SECTIONS_PER_ROOT];

		if (!root) {
			nr = (nr / SECTIONS_PER_ROOT + 1) * SECTIONS_PER_ROOT;
			continue;
		}
		if (present_section(&root[nr % SECTIONS_PER_ROOT]))
			return nr;
		nr++;
	}
	return highest + 1;
}

/* sparse_index_init: allocates the root array holding section nr. */
static int sparse_index_init(struct hm_system *sys, unsigned long nr)
{
	unsigned long r = nr / SECTIONS_PER_ROOT;
	struct mem_section *root;

	if (nr >= NR_MEM_SECTIONS)
		return -EINVAL;
	if (sys->sparse.roots[r])
		return 0;
	root = hm_kcalloc(&sys->alloc, SECTIONS_PER_ROOT, sizeof(*root));
	if (!root)
		return -ENOMEM;
	sys->sparse.roots[r] = root;
	if (r >= sys->sparse.roots_end)
		sys->sparse.roots_end = r + 1;
	return 0;
}

static bool pfn_section_valid(const struct mem_section *ms, unsigned long pfn)
{
	const struct mem_section_usage *usage = ms->usage;	/* READ_ONCE */

	if (!usage)
		return false;
	return (usage->subsection_map >> subsection_map_index(pfn)) & 1;
}

bool pfn_valid(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section *ms;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return false;
	ms = __pfn_to_section(sys, pfn);
	if (!valid_section(ms))
		return false;
	if (sys->arch.pfn_valid_uses_memblock &&
	    !memblock_is_map_memory(&sys->memblock, PFN_PHYS(pfn)))
		return false;
	return early_section(ms) || pfn_section_valid(ms, pfn);
}

bool pfn_in_present_section(struct hm_system *sys, unsigned long pfn)
{
	return present_section(__pfn_to_section(sys, pfn));
}

struct page *pfn_to_page(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section *ms = __pfn_to_section(sys, pfn);

	if (!ms)
		return NULL;
	if (ms->memmap_state >= MEMMAP_UNIFORM)
		memmap_materialise(sys, ms);
	if (!ms->memmap)
		return NULL;
	return &ms->memmap[pfn & (PAGES_PER_SECTION - 1)];
}

const struct page *pfn_page_peek(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section *ms = __pfn_to_section(sys, pfn);

	if (!ms)
		return NULL;
	switch (ms->memmap_state) {
	case MEMMAP_DENSE:
		return &ms->memmap[pfn & (PAGES_PER_SECTION - 1)];
	case MEMMAP_UNIFORM:
		return &ms->tmpl;
	case MEMMAP_FREE:
		return IS_ALIGNED(pfn, MAX_ORDER_NR_PAGES) ? &ms->run : &ms->tmpl;
	case MEMMAP_HEADS:
		return IS_ALIGNED(pfn, MAX_ORDER_NR_PAGES) ?
		       &ms->memmap[(pfn & (PAGES_PER_SECTION - 1)) / MAX_ORDER_NR_PAGES] : &ms->tmpl;
	default:
		return NULL;
	}
}

/* The checks of pfn_to_online_page: is pfn an online page? */
static bool pfn_is_online_page(struct hm_system *sys, unsigned long pfn)
{
	struct mem_section *ms;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return false;
	ms = __pfn_to_section(sys, pfn);
	if (!online_section(ms))
		return false;
	if (!pfn_valid(sys, pfn))
		return false;
	/* A section shared with ZONE_DEVICE: the device part is never online. */
	if ((ms->flags & SECTION_TAINT_ZONE_DEVICE) &&
	    page_zonenum(sys, pfn_page_peek(sys, pfn)) == ZONE_DEVICE)
		return false;
	return true;
}

struct page *pfn_to_online_page(struct hm_system *sys, unsigned long pfn)
{
	return pfn_is_online_page(sys, pfn) ? pfn_to_page(sys, pfn) : NULL;
}

const struct page *pfn_to_online_page_peek(struct hm_system *sys, unsigned long pfn)
{
	return pfn_is_online_page(sys, pfn) ? pfn_page_peek(sys, pfn) : NULL;
}

int get_nid_for_pfn(struct hm_system *sys, unsigned long pfn)
{
	if (!pfn_valid(sys, pfn))
		return -1;
	return __pfn_to_section(sys, pfn)->nid;
}

int sparse_memory_present(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn, int nid)
{
	unsigned long pfn;
	int ret;

	for (pfn = ALIGN_DOWN(start_pfn, PAGES_PER_SECTION); pfn < end_pfn;
	     pfn += PAGES_PER_SECTION) {
		unsigned long nr = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		ret = sparse_index_init(sys, nr);
		if (ret)
			return ret;
		ms = __nr_to_section(sys, nr);
		if (!(ms->flags & SECTION_MARKED_PRESENT)) {
			/* memblocks_present marks boot sections present and online */
			ms->flags |= SECTION_MARKED_PRESENT | SECTION_IS_ONLINE;
			ms->nid = nid;
			if (nr > sys->sparse.highest_present_section_nr)
				sys->sparse.highest_present_section_nr = nr;
		}
	}
	return 0;
}

/*
 * A section's memmap, never initialised (zeroed): page by page in the dense
 * mode, else one zeroed template (the failure point stays: hm_alloc_charge).
 */
static int memmap_alloc(struct hm_system *sys, struct mem_section *ms)
{
	if (sys->sparse.memmap_dense) {
		ms->memmap = hm_vzalloc(&sys->alloc, MEMMAP_BYTES);
		if (!ms->memmap)
			return -ENOMEM;
		ms->memmap_state = MEMMAP_DENSE;
		sys->sparse.nr_dense_sections++;
		return 0;
	}
	if (hm_alloc_charge(&sys->alloc))
		return -ENOMEM;
	memset(&ms->tmpl, 0, sizeof(ms->tmpl));
	ms->memmap_state = MEMMAP_UNIFORM;
	return 0;
}

static void memmap_free(struct hm_system *sys, struct mem_section *ms)
{
	if (ms->memmap_state == MEMMAP_DENSE) {
		if (sys->sparse.memmap_dense)
			hm_vfree(&sys->alloc, ms->memmap, MEMMAP_BYTES);
		else
			memmap_array_put(sys, ms->memmap);
		sys->sparse.nr_dense_sections--;
	} else if (ms->memmap_state == MEMMAP_FREE) {
		list_del(&ms->run.lru);
	} else if (ms->memmap_state == MEMMAP_HEADS) {
		unsigned long i;

		for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++)
			list_del(&ms->memmap[i].lru);
		hm_kfree(&sys->alloc, ms->memmap);
	}
	ms->memmap = NULL;
	ms->memmap_state = MEMMAP_NONE;
}

int sparse_init(struct hm_system *sys)
{
	unsigned long nr;
	int ret;

	for_each_present_section_nr(sys, nr) {
		struct mem_section *ms = __nr_to_section(sys, nr);

		if (section_has_memmap(ms))
			continue;
		ms->usage = hm_kzalloc(&sys->alloc, sizeof(*ms->usage));
		if (!ms->usage)
			return -ENOMEM;
		ms->usage->boot = true;
		ret = memmap_alloc(sys, ms);
		if (ret)
			return ret;
		ms->flags |= SECTION_HAS_MEM_MAP | SECTION_IS_EARLY;
		sys->sparse.nr_memmap_sections++;
	}
	return 0;
}

void sparse_subsection_map_init(struct hm_system *sys, unsigned long start_pfn,
				unsigned long nr_pages)
{
	unsigned long pfn, end = start_pfn + nr_pages;

	for (pfn = ALIGN_DOWN(start_pfn, PAGES_PER_SUBSECTION); pfn < end;
	     pfn += PAGES_PER_SUBSECTION) {
		struct mem_section *ms = __pfn_to_section(sys, pfn);

		if (ms && ms->usage)
			ms->usage->subsection_map |= 1ULL << subsection_map_index(pfn);
	}
}

/* The subsection bits of [pfn, pfn+nr_pages) within one section. */
static uint64_t subsection_mask(unsigned long pfn, unsigned long nr_pages)
{
	unsigned long first = subsection_map_index(pfn);
	unsigned long last = subsection_map_index(pfn + nr_pages - 1);

	if (last - first + 1 == 64)
		return ~0ULL;
	return ((1ULL << (last - first + 1)) - 1) << first;
}

int sparse_add_section(struct hm_system *sys, int nid, unsigned long start_pfn,
		       unsigned long nr_pages, struct vmem_altmap *altmap)
{
	unsigned long nr = pfn_to_section_nr(start_pfn);
	struct mem_section_usage *new_usage = NULL;
	struct page *new_memmap = NULL;
	bool new_uniform = false;
	struct mem_section *ms;
	uint64_t mask;
	int ret;

	ret = sparse_index_init(sys, nr);
	if (ret)
		return ret;
	ms = __nr_to_section(sys, nr);
	mask = subsection_mask(start_pfn, nr_pages);
	if (!mask)
		return -EINVAL;
	if (ms->usage && (ms->usage->subsection_map & mask))
		return -EEXIST;

	if (!ms->usage) {
		new_usage = hm_kzalloc(&sys->alloc, sizeof(*new_usage));
		if (!new_usage)
			return -ENOMEM;
	}
	/*
	 * A partial section inside an early section reuses the boot memmap.
	 * A whole new section starts uniform (all poisoned) unless the memmap
	 * is dense; a partial one is zeroed but for the range, page by page.
	 */
	if (!section_has_memmap(ms)) {
		if (!sys->sparse.memmap_dense && nr_pages == PAGES_PER_SECTION) {
			if (hm_alloc_charge(&sys->alloc)) {
				ret = -ENOMEM;
				goto out_free_usage;
			}
			new_uniform = true;
		} else {
			new_memmap = hm_vzalloc(&sys->alloc, MEMMAP_BYTES);
			if (!new_memmap) {
				ret = -ENOMEM;
				goto out_free_usage;
			}
		}
	}

	/* Nothing can fail from here on. */
	if (new_usage)
		ms->usage = new_usage;
	if (new_memmap || new_uniform) {
		if (new_memmap) {
			ms->memmap = new_memmap;
			ms->memmap_state = MEMMAP_DENSE;
			sys->sparse.nr_dense_sections++;
		} else {
			page_template_poison(&ms->tmpl);
			ms->memmap_state = MEMMAP_UNIFORM;
		}
		sys->sparse.nr_memmap_sections++;
	}
	ms->usage->subsection_map |= mask;
	if (!new_uniform)
		page_init_poison(pfn_to_page(sys, start_pfn), nr_pages);
	ms->nid = nid;
	ms->flags |= SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
	if (nr > sys->sparse.highest_present_section_nr)
		sys->sparse.highest_present_section_nr = nr;
	return 0;

out_free_usage:
	hm_kfree(&sys->alloc, new_usage);
	return ret;
}

void sparse_remove_section(struct hm_system *sys, unsigned long pfn,
			   unsigned long nr_pages, struct vmem_altmap *altmap)
{
	struct mem_section *ms = __pfn_to_section(sys, pfn);
	uint64_t mask = subsection_mask(pfn, nr_pages);
	struct mem_section_usage *usage;

	if (!ms || !ms->usage || (ms->usage->subsection_map & mask) != mask) {
		hm_warn(sys, "section %lu already deactivated", pfn_to_section_nr(pfn));
		return;
	}
	usage = ms->usage;
	usage->subsection_map &= ~mask;
	if (usage->subsection_map)
		return;

	/* Empty now: invalid first, then free the usage after a grace period. */
	ms->flags &= ~SECTION_HAS_MEM_MAP;
	if (!usage->boot) {
		ms->usage = NULL;
		usage->rcu_next = sys->sparse.rcu_pending;
		sys->sparse.rcu_pending = usage;
	}
	if (!early_section(ms)) {
		memmap_free(sys, ms);
		sys->sparse.nr_memmap_sections--;
	}
	ms->flags = 0;		/* clears present, online, early and taint */
	ms->nid = 0;
}

/* Sets or clears SECTION_IS_ONLINE on the sections of a range; who warns of a hole. */
static void set_mem_sections_online(struct hm_system *sys, unsigned long start_pfn,
				    unsigned long end_pfn, bool online, const char *who)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(sys, pfn);

		if (!valid_section(ms)) {
			hm_warn(sys, "%s: invalid section %lu", who, pfn_to_section_nr(pfn));
			continue;
		}
		if (online)
			ms->flags |= SECTION_IS_ONLINE;
		else
			ms->flags &= ~SECTION_IS_ONLINE;
	}
}

void online_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			 unsigned long end_pfn)
{
	set_mem_sections_online(sys, start_pfn, end_pfn, true, __func__);
}

void offline_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn)
{
	set_mem_sections_online(sys, start_pfn, end_pfn, false, __func__);
}

void sparse_rcu_barrier(struct hm_system *sys)
{
	while (sys->sparse.rcu_pending) {
		struct mem_section_usage *u = sys->sparse.rcu_pending;

		sys->sparse.rcu_pending = u->rcu_next;
		hm_kfree(&sys->alloc, u);
	}
}

void sparse_destroy(struct hm_system *sys)
{
	unsigned long r, i;

	sparse_rcu_barrier(sys);
	for (r = 0; r < sys->sparse.roots_end; r++) {
		struct mem_section *root = sys->sparse.roots[r];

		if (!root)
			continue;
		for (i = 0; i < SECTIONS_PER_ROOT; i++) {
			if (root[i].memmap_state == MEMMAP_DENSE)
				hm_vfree(&sys->alloc, root[i].memmap, MEMMAP_BYTES);
			else if (root[i].memmap_state == MEMMAP_HEADS)
				hm_kfree(&sys->alloc, root[i].memmap);
			hm_kfree(&sys->alloc, root[i].usage);
		}
		hm_kfree(&sys->alloc, root);
		sys->sparse.roots[r] = NULL;
	}
	memmap_pool_drain(sys);
	sys->sparse.roots_end = 0;
	sys->sparse.nr_memmap_sections = 0;
	sys->sparse.nr_dense_sections = 0;
}

/* The chunk heads of a MEMMAP_HEADS section: free max-order chunks of the section's pages. */
/* a violation of section nr; its name is written only then (the walk is per section) */
#define SECTION_REPORT(...)							\
	do {									\
		snprintf(obj, sizeof(obj), "section %lu", nr);			\
		hm_report_add(r, obj, __VA_ARGS__);				\
	} while (0)

static void sparse_check_heads(struct hm_system *sys, const struct mem_section *ms,
			       unsigned long nr, struct hm_report *r)
{
	const uint64_t ids = ms->tmpl.flags | (1ULL << PG_buddy);
	unsigned long i;
	char obj[48];

	if (!online_section(ms))
		SECTION_REPORT("free chunk heads in a section that is not online");
	if (page_poisoned(&ms->tmpl) || ms->tmpl.refcount || ms->tmpl.private ||
	    ms->tmpl.mapping || ms->tmpl.index || (ms->tmpl.flags & (1ULL << PG_buddy)))
		SECTION_REPORT("the pages of free chunks are not alike free pages");
	for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION; i++) {
		const struct page *h = &ms->memmap[i];

		if (h->flags != ids || h->refcount || h->private != MAX_ORDER - 1)
			SECTION_REPORT("chunk head %lu is not a free max-order chunk "
				       "of the section's pages", i);
	}
}

unsigned long sparse_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations, nr, count = 0, dense = 0;
	char obj[48];

	/* sparse_index_init() is the only place a root is allocated, roots_end kept there */
	for (nr = 0; nr < sys->sparse.roots_end * SECTIONS_PER_ROOT; nr++) {
		struct mem_section *ms;

		if (!sys->sparse.roots[nr / SECTIONS_PER_ROOT]) {
			nr += SECTIONS_PER_ROOT - 1;
			continue;
		}
		ms = __nr_to_section(sys, nr);
		if (section_has_memmap(ms))
			count++;
		if (ms->memmap_state == MEMMAP_DENSE)
			dense++;
		if ((ms->memmap_state == MEMMAP_DENSE || ms->memmap_state == MEMMAP_HEADS) !=
		    (ms->memmap != NULL))
			SECTION_REPORT("memmap state %u with memmap %p", ms->memmap_state,
				       (void *)ms->memmap);
		if (ms->memmap_state == MEMMAP_FREE && !online_section(ms))
			SECTION_REPORT("a free run in a section that is not online");
		if (ms->memmap_state == MEMMAP_HEADS && ms->memmap)
			sparse_check_heads(sys, ms, nr, r);
		if (valid_section(ms)) {
			if (!present_section(ms))
				SECTION_REPORT("has a memmap but is not present");
			if (!ms->usage)
				SECTION_REPORT("valid but usage is NULL");
			else if (!early_section(ms) && !ms->usage->subsection_map)
				SECTION_REPORT("valid, not early, empty subsection map");
			if (!section_has_memmap(ms))
				SECTION_REPORT("valid but memmap is NULL");
		} else if (ms->flags & (SECTION_IS_ONLINE | SECTION_IS_EARLY)) {
			if (!present_section(ms))
				SECTION_REPORT("flags %#lx on a section that is not present",
					       ms->flags);
		}
		if (present_section(ms) && nr > sys->sparse.highest_present_section_nr)
			SECTION_REPORT("present above highest_present_section_nr %lu",
				       sys->sparse.highest_present_section_nr);
	}
	if (count != sys->sparse.nr_memmap_sections)
		hm_report_add(r, "sparse", "nr_memmap_sections %lu, counted %lu",
			      sys->sparse.nr_memmap_sections, count);
	if (dense != sys->sparse.nr_dense_sections)
		hm_report_add(r, "sparse", "nr_dense_sections %lu, counted %lu",
			      sys->sparse.nr_dense_sections, dense);
	return r->nr_violations - before;
}
