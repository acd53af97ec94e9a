// SPDX-License-Identifier: GPL-2.0
/*
 * test_memmap.c - the compact memmap (memmap.h): uniform sections and free
 * runs, their materialisation and folding back.
 *
 * Taxonomy:
 *   states  - what a section is held as after boot, hot-add, online,
 *             an allocation, offline and remove, and that the host memory
 *             follows (nr_dense_sections);
 *   twins   - the same operations on a compact and a dense system: every
 *             struct page, every free list in order, every counter equal
 *             after each step;
 *             (a section freed in scattered order keeps its chunk heads
 *             alone: MEMMAP_HEADS);
 *   order   - a free run stands for its chunks in pfn order on its list:
 *             allocation from it takes them in the dense order;
 *   device  - ZONE_DEVICE: a section of device pages is one template with
 *             its pgmap from creation on (the memmap on the device or in
 *             RAM, device-private), page by page only where a page is
 *             used, every page as in the dense twin.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/memremap.h"
#include "hotmem/workload.h"

#define BADDR(b)	((uint64_t)(b) * SZ_128M)
#define TWIN_MACHINE	"-m 4G,slots=4,maxmem=64G -smp 1"

static void machine_in_mode(struct fx *fx, const char *options, bool dense)
{
	if (dense)
		setenv("HOTMEM_MEMMAP", "dense", 1);
	else
		unsetenv("HOTMEM_MEMMAP");
	fx_machine(fx, options, NULL);
	unsetenv("HOTMEM_MEMMAP");
	assert_int_equal(fx->sys->sparse.memmap_dense, dense);
}

static int setup_twins(void **state)
{
	struct fx *fx = calloc(2, sizeof(*fx));

	if (!fx)
		return -1;
	*state = fx;
	return 0;
}

static int teardown_twins(void **state)
{
	struct fx *fx = *state;
	int i, ret = 0;

	for (i = 0; i < 2; i++) {
		struct fx *one = malloc(sizeof(*one));

		if (!fx[i].m) {
			free(one);
			continue;
		}
		*one = fx[i];
		if (fx_teardown((void **)&one))
			ret = -1;
	}
	free(fx);
	return ret;
}

/* --------------------------------------------------------------- states */

static struct mem_section *section(struct hm_system *sys, unsigned long block)
{
	return __nr_to_section(sys, block);	/* 128 MiB blocks: one section each */
}

static void memmap_section_states_follow_the_lifecycle(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long dense, id;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	sys = fx[0].sys;
	dense = sys->sparse.nr_dense_sections;
	/* boot: the sections wholly in one zone are uniform or free runs */
	assert_true(dense < sys->sparse.nr_memmap_sections / 2);
	assert_int_equal(section(sys, 20)->memmap_state, MEMMAP_FREE);

	assert_int_equal(add_memory(sys, 0, BADDR(40), 4 * SZ_128M, MHP_NONE), 0);
	for (id = 40; id < 44; id++) {
		assert_int_equal(section(sys, id)->memmap_state, MEMMAP_UNIFORM);
		assert_true(page_poisoned(&section(sys, id)->tmpl));
	}
	/* their vmemmap came from the buddy: one boot section split for it */
	assert_true(sys->sparse.nr_dense_sections <= dense + 1);
	dense = sys->sparse.nr_dense_sections;
	for (id = 40; id < 44; id++)
		fx_set_state(sys, id, "online_movable");
	for (id = 40; id < 44; id++)
		assert_int_equal(section(sys, id)->memmap_state, MEMMAP_FREE);
	assert_int_equal(sys->sparse.nr_dense_sections, dense);
	assert_verify_clean(sys);

	/* a process's pages: the first free run of Movable gets its struct pages */
	assert_int_equal(workload_alloc(sys, "p", true, 1000, 0), 0);
	assert_int_equal(section(sys, 40)->memmap_state, MEMMAP_DENSE);
	assert_int_equal(section(sys, 41)->memmap_state, MEMMAP_FREE);
	assert_int_equal(sys->sparse.nr_dense_sections, dense + 1);
	assert_verify_clean(sys);

	/* offline migrates them; the poisoning folds the section back */
	fx_set_state(sys, 40, "offline");
	assert_int_equal(section(sys, 40)->memmap_state, MEMMAP_UNIFORM);
	assert_true(page_poisoned(&section(sys, 40)->tmpl));
	assert_int_equal(workload_check(sys, "p"), 0);
	assert_int_equal(section(sys, 41)->memmap_state, MEMMAP_DENSE);
	assert_int_equal(sys->sparse.nr_dense_sections, dense + 1);
	for (id = 41; id < 44; id++)
		fx_set_state(sys, id, "offline");
	assert_int_equal(sys->sparse.nr_dense_sections, dense);
	assert_int_equal(remove_memory(sys, BADDR(40), 4 * SZ_128M), 0);
	assert_int_equal(section(sys, 40)->memmap_state, MEMMAP_NONE);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_verify_clean(sys);
}

/* ---------------------------------------------------------------- twins */

/* The chunks of a free list in order, runs expanded: pfn << 4 | order. */
static unsigned long list_signature(struct hm_system *sys, struct list_head *head,
				    unsigned int order, unsigned long *out, unsigned long max)
{
	unsigned long n = 0, i;
	struct list_head *e;

	for (e = head->next; e != head; e = e->next) {
		struct page *page = container_of(e, struct page, lru);

		if (page->flags & (1ULL << PG_run)) {
			unsigned long pfn = section_nr_to_pfn(page_to_section(page));

			bool desc = page->flags & (1ULL << PG_run_desc);

			for (i = 0; i < MAX_ORDER_CHUNKS_PER_SECTION && n < max; i++) {
				unsigned long c = desc ? MAX_ORDER_CHUNKS_PER_SECTION - 1 - i : i;

				out[n++] = (pfn + c * MAX_ORDER_NR_PAGES) << 4 | order;
			}
			continue;
		}
		if (n < max)
			out[n++] = page_to_pfn(sys, page) << 4 | order;
	}
	return n;
}

static void compare_lists(struct hm_system *a, struct hm_system *b, struct zone *za,
			  struct zone *zb)
{
	enum { MAX_CHUNKS = 1 << 16 };
	unsigned long *sa = malloc(MAX_CHUNKS * sizeof(*sa)), *sb = malloc(MAX_CHUNKS * sizeof(*sb));
	unsigned int order;
	int mt;

	assert_non_null(sa);
	assert_non_null(sb);
	assert_int_equal(za->nr_free_pages, zb->nr_free_pages);
	assert_int_equal(za->managed_pages, zb->managed_pages);
	assert_int_equal(za->present_pages, zb->present_pages);
	assert_int_equal(za->nr_isolate_pageblock, zb->nr_isolate_pageblock);
	for (order = 0; order < MAX_ORDER; order++) {
		assert_int_equal(za->free_area[order].nr_free, zb->free_area[order].nr_free);
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long na = list_signature(a, &za->free_area[order].free_list[mt],
							  order, sa, MAX_CHUNKS);
			unsigned long nb = list_signature(b, &zb->free_area[order].free_list[mt],
							  order, sb, MAX_CHUNKS);

			assert_int_equal(na, nb);
			assert_memory_equal(sa, sb, (na < MAX_CHUNKS ? na : MAX_CHUNKS) *
					    sizeof(*sa));
		}
	}
	free(sa);
	free(sb);
}

/* One struct page, as far as it is state (not a free list's links). */
static void compare_page(const struct page *pa, const struct page *pb, unsigned long pfn)
{
	const uint64_t mine = (1ULL << PG_run) | (1ULL << PG_run_desc);
	uint64_t fa = pa->flags & ~mine, fb = pb->flags & ~mine;

	if (page_poisoned(pa) || page_poisoned(pb)) {
		if (page_poisoned(pa) != page_poisoned(pb))
			fail_msg("pfn %#lx: poisoned in one mode only", pfn);
		return;
	}
	if (fa != fb || pa->refcount != pb->refcount || pa->private != pb->private)
		fail_msg("pfn %#lx: flags %#llx/%#llx refcount %d/%d private %u/%u", pfn,
			 (unsigned long long)fa, (unsigned long long)fb, pa->refcount,
			 pb->refcount, pa->private, pb->private);
	if (!(fa & (1ULL << PG_buddy)) && (pa->mapping != NULL) != (pb->mapping != NULL))
		fail_msg("pfn %#lx: owner in one mode only", pfn);
	if (!(fa & (1ULL << PG_buddy)) && pa->index != pb->index)
		fail_msg("pfn %#lx: index %lu/%lu", pfn, pa->index, pb->index);
}

/*
 * A ZONE_DEVICE page points at its own system's pgmap if it is a data page
 * (from pgmap_pfn_first on), at nothing if it holds the altmap's memmap.
 */
static void check_device_page(struct hm_system *sys, unsigned long pfn)
{
	const struct page *page = pfn_page_peek(sys, pfn);
	struct dev_pagemap *pgmap;
	const void *want = NULL;

	if (page_poisoned(page) || page_zonenum(sys, page) != ZONE_DEVICE)
		return;
	pgmap = get_dev_pagemap(sys, pfn);
	if (pgmap && pfn >= pgmap_pfn_first(pgmap))
		want = pgmap;
	if (page->mapping != want)
		fail_msg("pfn %#lx: device page's pgmap %p, not %p", pfn, page->mapping, want);
}

/* Everything the two systems hold of pages: the memmap, the lists, the counters. */
static void compare_twins(struct fx *fx)
{
	struct hm_system *a = fx[0].sys, *b = fx[1].sys;
	unsigned long nr, pfn;
	int nid, zid;

	assert_int_equal(a->sparse.nr_memmap_sections, b->sparse.nr_memmap_sections);
	assert_int_equal(a->sparse.highest_present_section_nr,
			 b->sparse.highest_present_section_nr);
	for (nr = 0; nr <= a->sparse.highest_present_section_nr; nr++) {
		struct mem_section *ma = __nr_to_section(a, nr), *mb = __nr_to_section(b, nr);

		assert_int_equal(section_has_memmap(ma), section_has_memmap(mb));
		if (!section_has_memmap(ma))
			continue;
		assert_int_equal(ma->flags, mb->flags);
		assert_memory_equal(ma->usage->pageblock_mt, mb->usage->pageblock_mt,
				    sizeof(ma->usage->pageblock_mt));
		for (pfn = section_nr_to_pfn(nr); pfn < section_nr_to_pfn(nr + 1); pfn++) {
			compare_page(pfn_page_peek(a, pfn), pfn_page_peek(b, pfn), pfn);
			check_device_page(a, pfn);
			check_device_page(b, pfn);
		}
	}
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pa = NODE_DATA(a, nid), *pb = NODE_DATA(b, nid);

		assert_int_equal(pa != NULL, pb != NULL);
		if (!pa)
			continue;
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			compare_lists(a, b, &pa->node_zones[zid], &pb->node_zones[zid]);
	}
	assert_int_equal(a->stats.poisoned_page_reads, b->stats.poisoned_page_reads);
	assert_int_equal(a->workload.nr_migrated, b->workload.nr_migrated);
	assert_verify_clean(a);
	assert_verify_clean(b);
}

#define BOTH(stmt)					\
	do {						\
		struct hm_system *sys;			\
		int twin_;				\
		for (twin_ = 0; twin_ < 2; twin_++) {	\
			sys = fx[twin_].sys;		\
			stmt;				\
		}					\
		compare_twins(fx);			\
	} while (0)

static void memmap_compact_twin_of_dense_workloads_and_hotplug(void **state)
{
	struct fx *fx = *state;
	unsigned long id;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	machine_in_mode(&fx[1], TWIN_MACHINE, true);
	fx[0].sys->workload.kernel_pages_per_online = 64;
	fx[1].sys->workload.kernel_pages_per_online = 64;
	compare_twins(fx);

	BOTH(assert_int_equal(add_memory(sys, 0, BADDR(40), 8 * SZ_128M, MHP_NONE), 0));
	BOTH(for (id = 40; id < 44; id++) fx_set_state(sys, id, "online_movable"));
	BOTH(for (id = 44; id < 48; id++) fx_set_state(sys, id, "online_kernel"));
	BOTH(assert_int_equal(workload_alloc(sys, "a", true, 70000, 0), 0));
	BOTH(assert_int_equal(workload_alloc(sys, "k", false, 3000, 0), 0));
	BOTH(assert_int_equal(workload_alloc(sys, "b", true, 150000, 0), 0));
	BOTH(assert_int_equal(workload_free(sys, "a"), 0));
	/* offline with migrations, one failing at an unmovable page */
	BOTH(fx_set_state(sys, 41, "offline"));
	BOTH(fx_set_state(sys, 40, "offline"));
	BOTH(assert_int_equal(workload_check(sys, "b"), 0));
	BOTH(for (id = 44; id < 48; id++) (void)fx_block_write(sys, id, "state", "offline"));
	BOTH(assert_int_equal(workload_free(sys, "b"), 0));
	BOTH(assert_int_equal(workload_alloc(sys, "c", true, 200000, 0), 0));
	BOTH(fx_set_state(sys, 40, "online_movable"));
	BOTH(assert_int_equal(workload_check(sys, "c"), 0));
	BOTH(assert_int_equal(workload_free(sys, "c"), 0));
	BOTH(assert_int_equal(workload_free(sys, "k"), 0));
	BOTH(for (id = 40; id < 48; id++) (void)fx_block_write(sys, id, "state", "offline"));
	BOTH((void)remove_memory(sys, BADDR(40), 8 * SZ_128M));
}

/* Whole boot sections of memmap blocks fold to a template; freed again, to a descending run. */
static unsigned long count_state(struct hm_system *sys, int state, uint64_t flag)
{
	unsigned long nr, n = 0;

	for (nr = 0; nr <= sys->sparse.highest_present_section_nr; nr++) {
		struct mem_section *ms = __nr_to_section(sys, nr);

		if (!ms || ms->memmap_state != state)
			continue;
		if (state == MEMMAP_UNIFORM && !(ms->tmpl.flags & flag))
			continue;
		if (state == MEMMAP_FREE && !(ms->run.flags & flag))
			continue;
		n++;
	}
	return n;
}

static void memmap_compact_twin_of_dense_vmemmap_fold(void **state)
{
	struct fx *fx = *state;
	unsigned long dense_before;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	machine_in_mode(&fx[1], TWIN_MACHINE, true);
	dense_before = fx[0].sys->sparse.nr_dense_sections;
	/* 16 GiB: 256 MiB of the kernel's memmap from the boot memory */
	BOTH(assert_int_equal(add_memory(sys, 0, BADDR(40), 128 * SZ_128M, MHP_NONE), 0));
	assert_true(count_state(fx[0].sys, MEMMAP_UNIFORM, 1ULL << PG_slab) >= 1);
	BOTH(assert_int_equal(remove_memory(sys, BADDR(40), 128 * SZ_128M), 0));
	assert_true(count_state(fx[0].sys, MEMMAP_FREE, 1ULL << PG_run_desc) >= 1);
	assert_true(fx[0].sys->sparse.nr_dense_sections <= dense_before + 2);
	/* again: the runs are taken last chunk first, and freed back downwards */
	BOTH(assert_int_equal(add_memory(sys, 0, BADDR(40), 128 * SZ_128M, MHP_NONE), 0));
	BOTH(assert_int_equal(remove_memory(sys, BADDR(40), 128 * SZ_128M), 0));
	assert_true(fx[0].sys->sparse.nr_dense_sections <= dense_before + 2);
	/* allocations from the descending run take its chunks last first */
	BOTH(assert_int_equal(workload_alloc(sys, "a", false, 200000, 0), 0));
	BOTH(assert_int_equal(workload_check(sys, "a"), 0));
	BOTH(assert_int_equal(workload_free(sys, "a"), 0));
}

/* A max-order chunk of Movable, every page held as split_page() leaves them. */
static struct page *take_chunk_split(struct hm_system *sys)
{
	struct page *page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, MAX_ORDER - 1, 0, NULL);
	unsigned long k;

	assert_non_null(page);
	for (k = 0; k < MAX_ORDER_NR_PAGES; k++) {
		page[k].refcount = 1;
		page_set_flag(&page[k], PG_slab);
	}
	return page;
}

static void give_chunk_split(struct hm_system *sys, struct page *page)
{
	unsigned long k;

	for (k = 0; k < MAX_ORDER_NR_PAGES; k++) {
		page_clear_flag(&page[k], PG_slab);
		page[k].refcount = k ? 0 : 1;
	}
	__free_pages(sys, page, MAX_ORDER - 1);
}

/*
 * Two sections' max-order chunks freed alternately: neither section's 32
 * chunks sit together on the list, so each keeps its chunk heads alone
 * (MEMMAP_HEADS), the list order the dense twin's.  Taking a chunk gives the
 * section its struct pages back; a corrupted head is reported.
 */
static void memmap_compact_twin_of_dense_scattered_heads(void **state)
{
	const unsigned long n = MAX_ORDER_CHUNKS_PER_SECTION;
	struct page *chunks[2][2 * MAX_ORDER_CHUNKS_PER_SECTION];
	struct fx *fx = *state;
	unsigned long i, dense;
	struct mem_section *ms;
	struct hm_buf out;
	int t;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	machine_in_mode(&fx[1], TWIN_MACHINE, true);
	BOTH(assert_int_equal(add_memory(sys, 0, BADDR(40), 2 * SZ_128M, MHP_NONE), 0));
	BOTH(fx_set_state(sys, 40, "online_movable"); fx_set_state(sys, 41, "online_movable"));
	for (t = 0; t < 2; t++)
		for (i = 0; i < 2 * n; i++) {
			chunks[t][i] = take_chunk_split(fx[t].sys);
			assert_int_equal(pfn_to_section_nr(page_to_pfn(fx[t].sys, chunks[t][i])),
					 40 + i / n);
		}
	/* (the twins are compared with nothing held: held Movable pages have no owner) */
	dense = fx[0].sys->sparse.nr_dense_sections;
	/* section 40's chunk i, then 41's: the list alternates between them */
	for (t = 0; t < 2; t++)
		for (i = 0; i < n; i++) {
			give_chunk_split(fx[t].sys, chunks[t][i]);
			give_chunk_split(fx[t].sys, chunks[t][n + i]);
		}
	assert_int_equal(section(fx[0].sys, 40)->memmap_state, MEMMAP_HEADS);
	assert_int_equal(section(fx[0].sys, 41)->memmap_state, MEMMAP_HEADS);
	assert_int_equal(fx[0].sys->sparse.nr_dense_sections, dense - 2);
	compare_twins(fx);

	/* the first chunk taken: from 41's last head, whose section is dense again */
	for (t = 0; t < 2; t++)
		chunks[t][0] = __alloc_pages(fx[t].sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_int_equal(page_to_pfn(fx[0].sys, chunks[0][0]),
			 section_nr_to_pfn(41) + (n - 1) * MAX_ORDER_NR_PAGES);
	assert_int_equal(section(fx[0].sys, 41)->memmap_state, MEMMAP_DENSE);
	assert_int_equal(section(fx[0].sys, 40)->memmap_state, MEMMAP_HEADS);
	for (t = 0; t < 2; t++) {
		chunks[t][0]->refcount = 0;
		__free_pages(fx[t].sys, chunks[t][0], 0);
	}
	compare_twins(fx);

	/* a head that is no longer a free max-order chunk */
	ms = section(fx[0].sys, 40);
	hm_buf_init(&out);
	ms->memmap[3].private = 2;
	assert_true(verify_system(fx[0].sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "chunk head 3 is not a free max-order chunk"));
	ms->memmap[3].private = MAX_ORDER - 1;
	hm_buf_free(&out);
	assert_verify_clean(fx[0].sys);
	/* alloc_contig_range takes a section of heads whole, as the dense twin page by page */
	assert_int_equal(section(fx[0].sys, 41)->memmap_state, MEMMAP_HEADS);
	for (t = 0; t < 2; t++)
		assert_int_equal(alloc_contig_range(fx[t].sys, section_nr_to_pfn(41),
						    section_nr_to_pfn(42)), 0);
	assert_int_equal(section(fx[0].sys, 41)->memmap_state, MEMMAP_UNIFORM);
	/* given back page by page in pfn order: a free run */
	for (t = 0; t < 2; t++)
		free_contig_range(fx[t].sys, section_nr_to_pfn(41), PAGES_PER_SECTION);
	assert_int_equal(section(fx[0].sys, 41)->memmap_state, MEMMAP_FREE);
	compare_twins(fx);
	/* offline takes the chunks out of the buddy, page by page as in the dense twin */
	assert_int_equal(section(fx[0].sys, 40)->memmap_state, MEMMAP_HEADS);
	BOTH(fx_set_state(sys, 40, "offline"); fx_set_state(sys, 41, "offline"));
	BOTH(assert_int_equal(remove_memory(sys, BADDR(40), 2 * SZ_128M), 0));
}

/* ---------------------------------------------------------------- order */

/* Order-0 allocations from a fresh free run take its pages from the first chunk on. */
static void alloc_pages_from_free_run(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct page *page;
	unsigned long pfn;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	sys = fx[0].sys;
	assert_int_equal(add_memory(sys, 0, BADDR(40), SZ_128M, MHP_NONE), 0);
	fx_set_state(sys, 40, "online_movable");
	assert_int_equal(fx_zone(sys, 0, ZONE_MOVABLE)->free_area[MAX_ORDER - 1].nr_free,
			 MAX_ORDER_CHUNKS_PER_SECTION);
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_non_null(page);
	pfn = page_to_pfn(sys, page);
	assert_int_equal(pfn, section_nr_to_pfn(40));
	assert_int_equal(fx_zone(sys, 0, ZONE_MOVABLE)->free_area[MAX_ORDER - 1].nr_free,
			 MAX_ORDER_CHUNKS_PER_SECTION - 1);
	page->refcount = 0;
	__free_pages(sys, page, 0);
	assert_int_equal(fx_zone(sys, 0, ZONE_MOVABLE)->free_area[MAX_ORDER - 1].nr_free,
			 MAX_ORDER_CHUNKS_PER_SECTION);
	assert_verify_clean(sys);
}

/* A corrupted run is reported as the chunk it stands for would be. */
static void memmap_verify_catches_bad_run(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct mem_section *ms;
	struct hm_buf out;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	sys = fx[0].sys;
	assert_int_equal(add_memory(sys, 0, BADDR(40), SZ_128M, MHP_NONE), 0);
	fx_set_state(sys, 40, "online_movable");
	ms = section(sys, 40);
	assert_int_equal(ms->memmap_state, MEMMAP_FREE);
	hm_buf_init(&out);
	ms->run.refcount = 1;
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "not a free chunk"));
	ms->run.refcount = 0;
	hm_buf_reset(&out);
	ms->usage->pageblock_mt[5] = MIGRATE_UNMOVABLE;
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "free run of section 40 on list Movable"));
	ms->usage->pageblock_mt[5] = MIGRATE_MOVABLE;
	hm_buf_free(&out);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------- device */

/* A busy driver claim on [start, start + size), as a device driver makes. */
static struct resource *claim(struct hm_system *sys, uint64_t start, uint64_t size)
{
	struct resource *res = NULL;

	assert_int_equal(request_region(&sys->alloc, &sys->iomem_resource, start, size, "dev",
					IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, &res), 0);
	return res;
}

static unsigned long count_dense(struct hm_system *sys, unsigned long pfn, unsigned long nr)
{
	unsigned long n = 0, end = pfn + nr;

	for (; pfn < end; pfn += PAGES_PER_SECTION)
		n += __pfn_to_section(sys, pfn)->memmap_state == MEMMAP_DENSE;
	return n;
}

/*
 * Device memory in three shapes, on twins: 1 GiB with its memmap on the
 * device (an altmap: a reserve, then 8 PMDs of memmap, its last section
 * part memmap and part data), 6 MiB in RAM over three subsections of one
 * section, 512 MiB of device-private memory.  The compact twin holds the
 * whole sections of device pages as templates from creation on, and gives
 * one section its pages when one of its pages is used (a device-private
 * page handed out: zone_device_page_init's reference).  Every struct page,
 * its pgmap, every list and counter equal the dense twin's at each step.
 */
static void memmap_compact_twin_of_dense_device_memory(void **state)
{
	const uint64_t gen = 1ULL << 37, fsdax = (1ULL << 37) + (2ULL << 30) + (2ULL << 20);
	const uint64_t priv = 1ULL << 39;
	struct dev_pagemap p[2][3];
	struct resource *res[2][3];
	struct fx *fx = *state;
	unsigned long dense, pfn;
	struct page *page[2];
	int t;

	machine_in_mode(&fx[0], TWIN_MACHINE, false);
	machine_in_mode(&fx[1], TWIN_MACHINE, true);
	dense = fx[0].sys->sparse.nr_dense_sections;
	memset(p, 0, sizeof(p));
	for (t = 0; t < 2; t++) {
		struct hm_system *sys = fx[t].sys;

		res[t][0] = claim(sys, gen, 1ULL << 30);
		p[t][0].type = MEMORY_DEVICE_GENERIC;
		p[t][0].start = gen;
		p[t][0].end = gen + (1ULL << 30) - 1;
		p[t][0].altmap.base_pfn = PHYS_PFN(gen);
		p[t][0].altmap.reserve = 2;
		p[t][0].altmap.free = 4606;	/* an 18 MiB info block + memmap (nd_pfn_init) */
		p[t][0].flags = PGMAP_ALTMAP_VALID;
		res[t][1] = claim(sys, fsdax, 6ULL << 20);
		p[t][1].type = MEMORY_DEVICE_FS_DAX;
		p[t][1].start = fsdax;
		p[t][1].end = fsdax + (6ULL << 20) - 1;
		res[t][2] = claim(sys, priv, 512ULL << 20);
		p[t][2].type = MEMORY_DEVICE_PRIVATE;
		p[t][2].start = priv;
		p[t][2].end = priv + (512ULL << 20) - 1;
		p[t][2].ops.page_free = p[t][2].ops.migrate_to_ram = true;
		p[t][2].owner = &p[t][2];
	}
	BOTH(assert_int_equal(memremap_pages(sys, &p[twin_][0], 0), 0));
	/* eight sections: only the one where the memmap ends and the data begins is dense */
	assert_int_equal(count_dense(fx[0].sys, PHYS_PFN(gen), PHYS_PFN(1ULL << 30)), 1);
	BOTH(assert_int_equal(memremap_pages(sys, &p[twin_][1], 0), 0));
	assert_int_equal(count_dense(fx[0].sys, PHYS_PFN(fsdax), 1), 1);
	BOTH(assert_int_equal(memremap_pages(sys, &p[twin_][2], 0), 0));
	assert_int_equal(count_dense(fx[0].sys, PHYS_PFN(priv), PHYS_PFN(512ULL << 20)), 0);
	assert_int_equal(__pfn_to_section(fx[0].sys, PHYS_PFN(priv))->tmpl.refcount, 0);

	/* a device-private page handed out: its section alone gets its pages */
	pfn = PHYS_PFN(priv) + 3 * PAGES_PER_SECTION + 77;
	for (t = 0; t < 2; t++) {
		page[t] = pfn_to_page(fx[t].sys, pfn);
		page[t]->refcount = 1;
	}
	assert_int_equal(count_dense(fx[0].sys, PHYS_PFN(priv), PHYS_PFN(512ULL << 20)), 1);
	assert_ptr_equal(page[0]->mapping, &p[0][2]);
	compare_twins(fx);
	for (t = 0; t < 2; t++)
		page[t]->refcount = 0;	/* page_free: back to the driver */

	for (t = 2; t >= 0; t--)
		BOTH(memunmap_pages(sys, &p[twin_][t]));
	/* the device sections are gone; what stays dense is boot memory the page tables took */
	assert_true(fx[0].sys->sparse.nr_dense_sections <= dense + 2);
	for (t = 0; t < 2; t++) {
		int i;

		assert_int_equal(fx[t].sys->log.warnings, 0);
		for (i = 0; i < 3; i++)
			release_region(&fx[t].sys->alloc, res[t][i]);
	}
	compare_twins(fx);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_twins, teardown_twins)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(memmap_section_states_follow_the_lifecycle),
		T(memmap_compact_twin_of_dense_workloads_and_hotplug),
		T(memmap_compact_twin_of_dense_vmemmap_fold),
		T(memmap_compact_twin_of_dense_scattered_heads),
		T(alloc_pages_from_free_run),
		T(memmap_verify_catches_bad_run),
		T(memmap_compact_twin_of_dense_device_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
