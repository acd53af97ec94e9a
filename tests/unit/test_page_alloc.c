// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_alloc.c - unit tests for src/kernel/page_alloc.c: the buddy
 * allocator's split and merge taxonomy, where allocations come from (the
 * zonelist, the head of the lists, hot-added memory at the tail), fallback
 * and pageblock claiming, isolation that succeeds and that fails leaving
 * everything as it was, has_unmovable_pages case by case, the kernel's
 * background allocations that make a fresh ZONE_NORMAL block unmovable on
 * the 1 GiB machine but not on the 5 GiB one nor on a CPU-less node, and the
 * verifier catching a broken free list.
 *
 * Most tests run on a fresh default pc machine (1 GiB of boot RAM, hotplug
 * memory from 4 GiB = block 32) with one 128 MiB block onlined; the
 * teardown runs verify_system() on every one of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/page_isolation.h"

#define BPFN(b)		((unsigned long)(b) * BLOCK_PAGES)
#define BADDR(b)	((uint64_t)(b) * SZ_128M)
#define CHUNKS_PER_BLOCK	(BLOCK_PAGES / MAX_ORDER_NR_PAGES)

/* Adds n blocks from block first and onlines them with type. */
static void add_online(struct hm_system *sys, unsigned long first, unsigned long n,
		       const char *type)
{
	unsigned long id;

	assert_int_equal(add_memory(sys, 0, BADDR(first), n * SZ_128M, MHP_NONE), 0);
	for (id = first; id < first + n; id++)
		fx_set_state(sys, id, type);
}

static unsigned long nr_free(struct zone *zone, unsigned int order)
{
	return zone->free_area[order].nr_free;
}

static struct page *list_first(struct zone *zone, unsigned int order, int mt)
{
	struct list_head *head = &zone->free_area[order].free_list[mt];

	return list_empty(head) ? NULL : container_of(head->next, struct page, lru);
}

static unsigned long pfn_of(struct hm_system *sys, struct page *page)
{
	return page_to_pfn(sys, page);
}

/* A snapshot of a zone's free state, to prove that nothing changed. */
struct zone_snap {
	unsigned long free, nr_free[MAX_ORDER], per_type[MIGRATE_TYPES], isolate_pb;
};

static void snap(struct zone *zone, struct zone_snap *s)
{
	unsigned int o;
	int mt;

	memset(s, 0, sizeof(*s));
	s->free = zone->nr_free_pages;
	s->isolate_pb = zone->nr_isolate_pageblock;
	for (o = 0; o < MAX_ORDER; o++)
		s->nr_free[o] = zone->free_area[o].nr_free;
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		s->per_type[mt] = zone_free_pages_of_type(zone, mt);
}

static void assert_snap_equal(const struct zone_snap *a, const struct zone_snap *b)
{
	assert_memory_equal(a, b, sizeof(*a));
}

/* ------------------------------------------------------------------ boot */

/*
 * The boot memory is on the Movable lists of DMA and DMA32, in chunks as big
 * as alignment allows, and the counters agree with the lists; but for the
 * kernel's own allocations at boot (one node: KERNEL_PAGES_PER_ONLINE pages),
 * whose fallback stole whole pageblocks of DMA32 below the free chunks.
 */
static void memblock_free_all_boot_free_lists(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *dma32 = fx_zone(sys, 0, ZONE_DMA32), *dma = fx_zone(sys, 0, ZONE_DMA);
	unsigned long stolen = pageblock_nr_pages - KERNEL_PAGES_PER_ONLINE, pfn;

	assert_int_equal(sys->workload.kernel_pages, KERNEL_PAGES_PER_ONLINE);
	/* whole pageblocks stolen (the boot splits' page tables take theirs too) */
	assert_true(zone_free_pages_of_type(dma32, MIGRATE_UNMOVABLE) >= stolen);
	assert_int_equal((zone_free_pages_of_type(dma32, MIGRATE_UNMOVABLE) +
			  KERNEL_PAGES_PER_ONLINE) % pageblock_nr_pages, 0);
	assert_int_equal(zone_free_pages_of_type(dma32, MIGRATE_MOVABLE) +
			 zone_free_pages_of_type(dma32, MIGRATE_UNMOVABLE), dma32->nr_free_pages);
	assert_int_equal(zone_free_pages_of_type(dma, MIGRATE_MOVABLE), dma->nr_free_pages);
	assert_int_equal(dma32->nr_free_pages, dma32->managed_pages - KERNEL_PAGES_PER_ONLINE);
	assert_true(nr_free(dma32, MAX_ORDER - 1) > 100);
	/* the lists run in address order: boot memory was freed to the tail */
	pfn = pfn_of(sys, list_first(dma32, MAX_ORDER - 1, MIGRATE_MOVABLE));
	assert_true(pfn < pfn_of(sys, container_of(dma32->free_area[MAX_ORDER - 1]
						   .free_list[MIGRATE_MOVABLE].prev, struct page, lru)));
	/* the stolen pageblock lies below every whole free MAX_ORDER chunk left */
	assert_true(find_pageblock(sys, dma32->zone_start_pfn, pfn, MIGRATE_UNMOVABLE, true) < pfn);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------- split and merge */

/*
 * An order-0 allocation from a fresh Movable block splits the first
 * order-10 chunk: it gets its first page, and one chunk of every order 0..9
 * is left, each at the head of its list.  Freeing it merges everything back.
 */
static void alloc_pages_split_then_free_merges(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct page *page;
	unsigned int o;

	add_online(sys, 32, 1, "online_movable");
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);

	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_non_null(page);
	assert_int_equal(pfn_of(sys, page), HOTPLUG_PFN);
	assert_ptr_equal(page_zone(sys, page), movable);
	assert_int_equal(page->refcount, 1);
	assert_false(page_test_flag(sys, page, PG_buddy));
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK - 1);
	for (o = 0; o < MAX_ORDER - 1; o++) {
		assert_int_equal(nr_free(movable, o), 1);
		assert_int_equal(pfn_of(sys, list_first(movable, o, MIGRATE_MOVABLE)),
				 HOTPLUG_PFN + (1UL << o));
	}
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - 1);

	__free_pages(sys, page, 0);
	for (o = 0; o < MAX_ORDER - 1; o++)
		assert_int_equal(nr_free(movable, o), 0);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	assert_verify_clean(sys);
}

/*
 * Two buddies: freeing the first alone cannot merge (its buddy is in
 * use); freeing the second merges both and then up to order 10.  Pages
 * that are not buddies (p and p+2) never merge with each other.
 */
static void free_pages_merge_taxonomy(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct page *p[4];
	unsigned int o;
	int i;

	add_online(sys, 32, 1, "online_movable");
	for (i = 0; i < 4; i++) {
		p[i] = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
		assert_non_null(p[i]);
		assert_int_equal(pfn_of(sys, p[i]), HOTPLUG_PFN + i);
	}
	/* orders 2..9 hold one chunk each, orders 0 and 1 none */
	assert_int_equal(nr_free(movable, 0), 0);
	assert_int_equal(nr_free(movable, 1), 0);

	__free_pages(sys, p[0], 0);		/* buddy p[1] in use */
	assert_int_equal(nr_free(movable, 0), 1);
	__free_pages(sys, p[2], 0);		/* buddy p[3] in use; p[0] is no buddy */
	assert_int_equal(nr_free(movable, 0), 2);
	assert_int_equal(nr_free(movable, 1), 0);
	__free_pages(sys, p[1], 0);		/* p[0]+p[1] -> order 1, buddy p[2..3] busy */
	assert_int_equal(nr_free(movable, 0), 1);
	assert_int_equal(nr_free(movable, 1), 1);
	assert_int_equal(pfn_of(sys, list_first(movable, 1, MIGRATE_MOVABLE)), HOTPLUG_PFN);
	__free_pages(sys, p[3], 0);		/* everything merges */
	for (o = 0; o < MAX_ORDER - 1; o++)
		assert_int_equal(nr_free(movable, o), 0);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);
	assert_verify_clean(sys);
}

/* Higher orders: an order-3 allocation, a too-big order, exhaustion. */
static void alloc_pages_orders_and_exhaustion(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	nodemask_t only0 = 1;
	struct page *page, *pages[CHUNKS_PER_BLOCK];
	unsigned long i;

	add_online(sys, 32, 1, "online_movable");
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 3, 0, NULL);
	assert_non_null(page);
	assert_int_equal(pfn_of(sys, page), HOTPLUG_PFN);
	assert_int_equal(page[1].refcount, 0);
	assert_int_equal(nr_free(movable, 3), 1);
	assert_int_equal(nr_free(movable, 2), 0);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - 8);
	__free_pages(sys, page, 3);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);

	assert_null(__alloc_pages(sys, GFP_HIGHUSER_MOVABLE, MAX_ORDER, 0, NULL));
	/* no node in the mask: nothing */
	only0 = 0;
	assert_null(__alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, &only0));

	/* take every order-10 chunk of the Movable zone, then it falls to DMA32 */
	for (i = 0; i < CHUNKS_PER_BLOCK; i++) {
		pages[i] = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, MAX_ORDER - 1, 0, NULL);
		assert_ptr_equal(page_zone(sys, pages[i]), movable);
	}
	assert_int_equal(movable->nr_free_pages, 0);
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, page), fx_zone(sys, 0, ZONE_DMA32));
	__free_pages(sys, page, 0);
	for (i = 0; i < CHUNKS_PER_BLOCK; i++)
		__free_pages(sys, pages[i], MAX_ORDER - 1);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------- zonelists */

/*
 * Kernel allocations prefer Normal, then DMA32, never Movable; a
 * process's movable allocations prefer Movable.
 */
static void build_zonelists_order(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct page *k, *m;

	add_online(sys, 32, 1, "online_movable");
	k = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, k), fx_zone(sys, 0, ZONE_DMA32));
	m = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, m), fx_zone(sys, 0, ZONE_MOVABLE));
	__free_pages(sys, k, 0);
	__free_pages(sys, m, 0);

	add_online(sys, 33, 1, "online_kernel");
	k = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, k), fx_zone(sys, 0, ZONE_NORMAL));
	/* GFP_USER | __GFP_MOVABLE without __GFP_HIGHMEM stops at Normal */
	m = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, m), fx_zone(sys, 0, ZONE_NORMAL));
	__free_pages(sys, k, 0);
	__free_pages(sys, m, 0);
	assert_verify_clean(sys);
}

/*
 * Hot-added memory goes to the tail of the free lists: the block onlined
 * first is used first, whatever the addresses.
 */
static void alloc_pages_onlined_first_used_first(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct page *page;

	assert_int_equal(add_memory(sys, 0, BADDR(32), SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 33, "online_kernel");
	fx_set_state(sys, 32, "online_kernel");
	page = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, page), BPFN(33));
	__free_pages(sys, page, 0);
	assert_verify_clean(sys);
}

/* A two-node machine: the preferred node first, then the others. */
static void build_zonelists_nodes(void **state)
{
	struct fx *fx = *state;
	struct page *page;
	nodemask_t only1 = 2;

	fx_machine(fx, "-m 2G,slots=4,maxmem=8G -smp 2 -object memory-backend-ram,id=m0,size=1G "
		   "-object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0,memdev=m0 "
		   "-numa node,nodeid=1,cpus=1,memdev=m1", NULL);
	page = __alloc_pages(fx->sys, GFP_KERNEL, 0, 1, NULL);
	assert_int_equal(page_to_nid(fx->sys, page), 1);
	__free_pages(fx->sys, page, 0);
	page = __alloc_pages(fx->sys, GFP_KERNEL, 0, 0, &only1);
	assert_int_equal(page_to_nid(fx->sys, page), 1);
	__free_pages(fx->sys, page, 0);
	page = __alloc_pages(fx->sys, GFP_KERNEL, 0, 0, NULL);
	assert_int_equal(page_to_nid(fx->sys, page), 0);
	__free_pages(fx->sys, page, 0);
	assert_verify_clean(fx->sys);
}

/*
 * find_next_best_node's order (q35-0004 on the real kernel): after the local
 * node, a node above it before one below and a node without CPUs before
 * one with them.
 */
static void build_zonelists_fallback_order(void **state)
{
	struct fx *fx = *state;

	fx_machine(fx, "-m 512M,slots=2,maxmem=4G -smp 1 -object memory-backend-ram,id=m0,size=128M "
		   "-numa node,nodeid=0,cpus=0,memdev=m0 -object memory-backend-ram,id=m1,size=128M "
		   "-numa node,nodeid=1,memdev=m1 -object memory-backend-ram,id=m2,size=256M "
		   "-numa node,nodeid=2,memdev=m2", NULL);
	assert_true(printk_log_contains(&fx->sys->log, "Fallback order for Node 0: 0 1 2 "));
	assert_true(printk_log_contains(&fx->sys->log, "Fallback order for Node 1: 1 2 0 "));
	assert_true(printk_log_contains(&fx->sys->log, "Fallback order for Node 2: 2 1 0 "));
	assert_verify_clean(fx->sys);
}

/* ---------------------------------------------------- fallback and claims */

/*
 * An unmovable allocation in a zone with only Movable pageblocks takes the
 * biggest chunk and claims its pageblocks; the next ones come from there.
 */
static void alloc_pages_fallback_claims_pageblocks(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	struct page *a, *b;

	add_online(sys, 32, 1, "online_kernel");
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32)), MIGRATE_MOVABLE);
	a = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, a), BPFN(32));
	/* the order-10 chunk covered two pageblocks: both claimed */
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32)), MIGRATE_UNMOVABLE);
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32) + pageblock_nr_pages),
			 MIGRATE_UNMOVABLE);
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32) + 2 * pageblock_nr_pages),
			 MIGRATE_MOVABLE);
	assert_int_equal(zone_free_pages_of_type(normal, MIGRATE_UNMOVABLE),
			 MAX_ORDER_NR_PAGES - 1);
	b = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, b), BPFN(32) + 1);
	/* a movable allocation does not touch the Unmovable pageblocks */
	__free_pages(sys, b, 0);
	b = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, b), BPFN(32) + MAX_ORDER_NR_PAGES);
	__free_pages(sys, a, 0);
	__free_pages(sys, b, 0);
	assert_verify_clean(sys);
}

/*
 * A movable allocation that finds only Unmovable chunks smaller than a
 * quarter pageblock may not claim their pageblock: it takes the smallest
 * chunk and the pageblock stays Unmovable.
 */
static void alloc_pages_fallback_without_claim(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	struct page *k[MAX_ORDER], *pages[CHUNKS_PER_BLOCK], *m;
	unsigned long i, n = 0;
	unsigned int o;

	add_online(sys, 32, 1, "online_kernel");
	k[0] = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);	/* claims pageblocks 0-1 */
	/* the kernel also takes the Unmovable chunks of order 4 and up */
	for (o = pageblock_order; o >= pageblock_order / 2; o--) {
		k[o] = __alloc_pages(sys, GFP_KERNEL, o, 0, NULL);
		assert_int_equal(pfn_of(sys, k[o]), BPFN(32) + (1UL << o));
	}
	/* and a process every Movable chunk */
	while (n < CHUNKS_PER_BLOCK &&
	       (pages[n] = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, MAX_ORDER - 1, 0, NULL))) {
		if (page_zone(sys, pages[n]) != normal) {
			__free_pages(sys, pages[n], MAX_ORDER - 1);
			break;
		}
		n++;
	}
	assert_int_equal(n, CHUNKS_PER_BLOCK - 1);
	assert_int_equal(zone_free_pages_of_type(normal, MIGRATE_MOVABLE), 0);
	assert_int_equal(zone_free_pages_of_type(normal, MIGRATE_UNMOVABLE), 15);
	m = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, 0, 0, NULL);
	assert_ptr_equal(page_zone(sys, m), normal);
	assert_int_equal(pfn_of(sys, m), BPFN(32) + 1);
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32)), MIGRATE_UNMOVABLE);
	assert_int_equal(zone_free_pages_of_type(normal, MIGRATE_UNMOVABLE), 14);
	__free_pages(sys, m, 0);
	__free_pages(sys, k[0], 0);
	for (o = pageblock_order; o >= pageblock_order / 2; o--)
		__free_pages(sys, k[o], o);
	for (i = 0; i < n; i++)
		__free_pages(sys, pages[i], MAX_ORDER - 1);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------- isolation */

/*
 * Isolating a free block moves all its pages to the isolate lists (not
 * free any more for NR_FREE_PAGES, not allocatable); undoing it brings
 * them back as whole order-10 chunks.
 */
static void start_isolate_page_range_then_undo(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone_snap before, after;
	struct page *page;

	add_online(sys, 32, 1, "online_movable");
	snap(movable, &before);
	assert_int_equal(start_isolate_page_range(sys, movable, BPFN(32), BPFN(33)), 0);
	assert_int_equal(movable->nr_free_pages, 0);
	assert_int_equal(zone_free_pages_of_type(movable, MIGRATE_ISOLATE), BLOCK_PAGES);
	assert_int_equal(movable->nr_isolate_pageblock, BLOCK_PAGES / pageblock_nr_pages);
	assert_int_equal(get_pageblock_migratetype(sys, BPFN(32) + 5 * pageblock_nr_pages),
			 MIGRATE_ISOLATE);
	assert_int_equal(test_pages_isolated(sys, BPFN(32), BPFN(33)), 0);
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_ptr_not_equal(page_zone(sys, page), movable);
	__free_pages(sys, page, 0);
	/* a second isolation of the same range: busy */
	assert_int_equal(start_isolate_page_range(sys, movable, BPFN(32), BPFN(33)), -EBUSY);
	assert_verify_clean(sys);

	undo_isolate_page_range(sys, movable, BPFN(32), BPFN(33), MIGRATE_MOVABLE);
	snap(movable, &after);
	assert_snap_equal(&before, &after);
	assert_verify_clean(sys);
}

/*
 * Isolating one pageblock in the middle of an order-10 chunk splits it at
 * the boundary; undoing the isolation merges the halves again.
 */
static void start_isolate_page_range_splits_and_remerges(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long pb = BPFN(32) + pageblock_nr_pages;	/* second half of chunk 0 */
	struct zone_snap before, after;

	add_online(sys, 32, 1, "online_movable");
	snap(movable, &before);
	assert_int_equal(start_isolate_page_range(sys, movable, pb, pb + pageblock_nr_pages), 0);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK - 1);
	assert_int_equal(nr_free(movable, pageblock_order), 2);
	assert_int_equal(pfn_of(sys, list_first(movable, pageblock_order, MIGRATE_ISOLATE)), pb);
	assert_int_equal(pfn_of(sys, list_first(movable, pageblock_order, MIGRATE_MOVABLE)),
			 BPFN(32));
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - pageblock_nr_pages);
	assert_verify_clean(sys);
	undo_isolate_page_range(sys, movable, pb, pb + pageblock_nr_pages, MIGRATE_MOVABLE);
	snap(movable, &after);
	assert_snap_equal(&before, &after);
	assert_verify_clean(sys);
}

/*
 * An order-10 allocation whose second pageblock was isolated meanwhile is
 * freed in one piece per pageblock, each onto its own pageblock's list.
 */
static void free_pages_across_isolated_pageblock(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long pb = BPFN(32) + pageblock_nr_pages;
	struct page *page;

	add_online(sys, 32, 1, "online_movable");
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, MAX_ORDER - 1, 0, NULL);
	assert_int_equal(pfn_of(sys, page), BPFN(32));
	assert_int_equal(start_isolate_page_range(sys, movable, pb, pb + pageblock_nr_pages), 0);
	__free_pages(sys, page, MAX_ORDER - 1);
	assert_int_equal(zone_free_pages_of_type(movable, MIGRATE_ISOLATE), pageblock_nr_pages);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - pageblock_nr_pages);
	assert_verify_clean(sys);
	undo_isolate_page_range(sys, movable, pb, pb + pageblock_nr_pages, MIGRATE_MOVABLE);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);
	assert_verify_clean(sys);
}

/*
 * An unmovable page in a Normal block: isolation fails with -EBUSY at
 * once, and nothing changed, not even the pageblocks before it.
 */
static void start_isolate_page_range_ebusy_changes_nothing(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	struct zone_snap before, after;
	struct page *pages[3], *k;
	int i;

	add_online(sys, 32, 1, "online_kernel");
	/* movable pages first, so that the kernel page sits further in */
	for (i = 0; i < 3; i++) {
		pages[i] = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, MAX_ORDER - 1, 0, NULL);
		pages[i]->flags |= 1ULL << PG_lru;
	}
	k = __alloc_pages(sys, GFP_KERNEL, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, k), BPFN(32) + 3 * MAX_ORDER_NR_PAGES);
	k->flags |= 1ULL << PG_slab;
	snap(normal, &before);
	assert_int_equal(start_isolate_page_range(sys, normal, BPFN(32), BPFN(33)), -EBUSY);
	snap(normal, &after);
	assert_snap_equal(&before, &after);
	for (i = 0; i < 8; i++)
		assert_int_equal(get_pageblock_migratetype(sys, BPFN(32) + i * pageblock_nr_pages),
				 i < 6 ? MIGRATE_MOVABLE : i < 8 ? MIGRATE_UNMOVABLE : -1);
	/* the same range without the kernel page's pageblock isolates fine */
	assert_int_equal(start_isolate_page_range(sys, normal, BPFN(32),
						  BPFN(32) + 6 * pageblock_nr_pages), 0);
	undo_isolate_page_range(sys, normal, BPFN(32), BPFN(32) + 6 * pageblock_nr_pages,
				MIGRATE_MOVABLE);
	k->flags &= ~(1ULL << PG_slab);
	__free_pages(sys, k, 0);
	for (i = 0; i < 3; i++) {
		pages[i]->flags &= ~(1ULL << PG_lru);
		__free_pages(sys, pages[i], MAX_ORDER - 1);
	}
	assert_verify_clean(sys);
}

/* has_unmovable_pages, one kind of page at a time. */
static void has_unmovable_pages_cases(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long n0 = BPFN(32), m0 = BPFN(33), end = n0 + pageblock_nr_pages;
	struct page *page, *second;

	assert_int_equal(add_memory(sys, 0, BADDR(32), SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online_kernel");
	fx_set_state(sys, 33, "online_movable");

	/* all free */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), -1);
	page = __alloc_pages(sys, GFP_USER | __GFP_MOVABLE, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, page), n0);
	/* in use by nobody known: unmovable outside ZONE_MOVABLE */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), (long)n0);
	page->flags |= 1ULL << PG_lru;		/* an LRU page: movable */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), -1);
	page->flags &= ~(1ULL << PG_lru);
	page->flags |= 1ULL << PG_movable;	/* __PageMovable */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), -1);
	page->flags &= ~(1ULL << PG_movable);
	page->flags |= 1ULL << PG_slab;
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), (long)n0);
	page->flags &= ~(1ULL << PG_slab);
	page->flags |= 1ULL << PG_hwpoison;	/* skipped when offlining */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), -1);
	page->flags &= ~(1ULL << PG_hwpoison);
	page->flags |= 1ULL << PG_offline;	/* skipped when offlining */
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), -1);
	page->flags &= ~(1ULL << PG_offline);
	page->flags |= 1ULL << PG_reserved;
	assert_int_equal(has_unmovable_pages(sys, normal, n0, end), (long)n0);
	page->flags &= ~(1ULL << PG_reserved);
	__free_pages(sys, page, 0);

	/* ZONE_MOVABLE: whatever is in use is assumed movable, except reserved pages */
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, page), m0);
	page->flags |= 1ULL << PG_slab;
	assert_int_equal(has_unmovable_pages(sys, movable, m0, m0 + pageblock_nr_pages), -1);
	page->flags &= ~(1ULL << PG_slab);
	second = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_int_equal(pfn_of(sys, second), m0 + 1);
	second->flags |= 1ULL << PG_reserved;	/* behind a page in use */
	assert_int_equal(has_unmovable_pages(sys, movable, m0, m0 + pageblock_nr_pages),
			 (long)m0 + 1);
	second->flags &= ~(1ULL << PG_reserved);
	__free_pages(sys, second, 0);
	__free_pages(sys, page, 0);
	assert_verify_clean(sys);
}

/* scan_movable_pages and test_pages_isolated on an isolated range. */
static void test_pages_isolated_after_scan(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long pfn = 0;
	struct page *page;

	add_online(sys, 32, 1, "online_movable");
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);
	assert_int_equal(start_isolate_page_range(sys, movable, BPFN(32), BPFN(33)), 0);
	assert_int_equal(scan_movable_pages(sys, BPFN(32), BPFN(33), &pfn), -ENOENT);
	assert_int_equal(test_pages_isolated(sys, BPFN(32), BPFN(33)), -EBUSY);
	page->flags |= 1ULL << PG_lru;
	assert_int_equal(scan_movable_pages(sys, BPFN(32), BPFN(33), &pfn), 0);
	assert_int_equal(pfn, BPFN(32));
	page->flags &= ~(1ULL << PG_lru);
	/* freed into an isolated pageblock: on the isolate list, not free */
	__free_pages(sys, page, 0);
	assert_int_equal(movable->nr_free_pages, 0);
	assert_int_equal(test_pages_isolated(sys, BPFN(32), BPFN(33)), 0);
	undo_isolate_page_range(sys, movable, BPFN(32), BPFN(33), MIGRATE_MOVABLE);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	assert_int_equal(nr_free(movable, MAX_ORDER - 1), CHUNKS_PER_BLOCK);
	assert_verify_clean(sys);
}

/* -------------------------------------- the kernel's background allocations */

/* The buddy pages backing a hot-added section's memmap (64-byte struct pages). */
#define VMEMMAP_PAGES	(PAGES_PER_SECTION * 64 / PAGE_SIZE)

/*
 * 1 GiB machine: the Normal zone has no boot memory, the kernel's pages
 * land in the first Normal block onlined, which cannot go offline; the
 * second one can.  The failed offline leaves the block as it was.
 */
static void kernel_alloc_pins_first_normal_block(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	struct zone_snap before, after;

	sys->workload.kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	add_online(sys, 32, 2, "online_kernel");
	/* the onlines' pages, after boot's; the memmaps are the page tables' */
	assert_int_equal(sys->workload.kernel_pages, 3 * KERNEL_PAGES_PER_ONLINE);
	assert_true(pgtable_buddy_pages(sys) >= 2 * VMEMMAP_PAGES);
	assert_int_equal(normal->nr_free_pages, 2 * BLOCK_PAGES - 2 * KERNEL_PAGES_PER_ONLINE);
	snap(normal, &before);
	assert_int_equal(fx_block_write(sys, 32, "state", "offline"), -EBUSY);
	snap(normal, &after);
	assert_snap_equal(&before, &after);
	assert_block_sysfs(sys, 32, "state", "online\n");
	assert_true(printk_log_contains(&sys->log, "failure to isolate range"));
	fx_set_state(sys, 33, "offline");
	/* movable blocks never get kernel pages */
	add_online(sys, 34, 1, "online_movable");
	fx_set_state(sys, 34, "offline");
	assert_verify_clean(sys);
}

/*
 * 5 GiB machine: boot memory in Normal (4-6 GiB) is at the head of the
 * lists, the kernel's pages go there, and hot-added Normal blocks go
 * offline (dimm-5g.scn on the real kernel).
 */
static void kernel_alloc_stays_in_boot_memory(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long b = (6ULL << 30) / SZ_128M;

	fx_machine(fx, "-m 5G,slots=4,maxmem=16G -smp 1", NULL);
	sys = fx->sys;
	sys->workload.kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	add_online(sys, b, 2, "online_kernel");
	/* the onlines' pages, after boot's; the memmaps are the page tables' */
	assert_int_equal(sys->workload.kernel_pages, 3 * KERNEL_PAGES_PER_ONLINE);
	assert_true(pgtable_buddy_pages(sys) >= 2 * VMEMMAP_PAGES);
	fx_set_state(sys, b, "offline");
	fx_set_state(sys, b + 1, "offline");
	assert_verify_clean(sys);
}

/*
 * A CPU-less node: its memory is onlined by node 0's CPU, whose kernel
 * allocations stay on node 0 (node 0 has no Normal memory: DMA32), so node
 * 1's Normal blocks go offline (virtio-mem-kernel.scn on the real kernel).
 */
static void kernel_alloc_cpuless_node_uses_cpu_node(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long dma32_free;

	fx_machine(fx, "-m 1G,slots=2,maxmem=4G -smp 1 "
		   "-object memory-backend-ram,id=m0,size=512M "
		   "-object memory-backend-ram,id=m1,size=512M "
		   "-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,memdev=m1", NULL);
	sys = fx->sys;
	sys->workload.kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	assert_int_equal(add_memory(sys, 1, BADDR(32), SZ_256M, MHP_NONE), 0);
	/* after the add: its page tables came from node 0, its memmap from node 1 */
	dma32_free = fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages;
	fx_set_state(sys, 32, "online_kernel");
	fx_set_state(sys, 33, "online_kernel");
	assert_int_equal(fx_zone(sys, 1, ZONE_NORMAL)->nr_free_pages, 2 * BLOCK_PAGES);
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages,
			 dma32_free - 2 * KERNEL_PAGES_PER_ONLINE);
	fx_set_state(sys, 32, "offline");
	fx_set_state(sys, 33, "offline");
	assert_verify_clean(sys);
}

/*
 * The kernel's pages of an online go back at the offline of that range:
 * a movable block onlined takes 64 pages of DMA32 (none of its own) and
 * offlining it gives them back, so that DMA32 is as before; a failed
 * online (MEM_GOING_ONLINE vetoed, then MEM_CANCEL_ONLINE) takes none.
 */
static void kernel_alloc_given_back_at_offline(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long dma32_free;

	sys->workload.kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	/* measured after the add: the add itself takes page tables and the memmap */
	assert_int_equal(add_memory(sys, 0, BADDR(32), SZ_128M, MHP_NONE), 0);
	dma32_free = fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages;
	fx_set_state(sys, 32, "online_movable");
	assert_int_equal(sys->workload.kernel_pages, 2 * KERNEL_PAGES_PER_ONLINE);
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages,
			 dma32_free - KERNEL_PAGES_PER_ONLINE);
	assert_int_equal(fx_zone(sys, 0, ZONE_MOVABLE)->nr_free_pages, BLOCK_PAGES);
	fx_set_state(sys, 32, "offline");
	assert_int_equal(sys->workload.kernel_pages, KERNEL_PAGES_PER_ONLINE);	/* boot's */
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages, dma32_free);

	sys->inject_going_online = -ENOMEM;
	assert_int_equal(fx_block_write(sys, 32, "state", "online_movable"), -ENOMEM);
	sys->inject_going_online = 0;
	assert_int_equal(sys->workload.kernel_pages, KERNEL_PAGES_PER_ONLINE);
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages, dma32_free);
	assert_verify_clean(sys);
}

/* Nowhere to allocate from: the kernel's shortfall is ignored. */
static void kernel_alloc_shortage_ignored(void **state)
{
	struct hm_system *sys = fx_sys(state);

	sys->workload.kernel_pages_per_online = 10;
	fx_kernel_alloc(sys);
	assert_int_equal(sys->workload.kernel_pages, KERNEL_PAGES_PER_ONLINE + 10);
	sys->workload.kernel_pages_per_online = (unsigned int)(SZ_1G / PAGE_SIZE);
	fx_kernel_alloc(sys);	/* takes all of DMA32 and DMA */
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages, 0);
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA)->nr_free_pages, 0);
	assert_true(sys->workload.kernel_pages < SZ_1G / PAGE_SIZE);
	assert_verify_clean(sys);
}

/* -------------------------------------------------------------- verifier */

/* The verifier sees a free-list count that is off and a page both free and used. */
static void page_alloc_verify_catches_corruption(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct hm_buf out;
	struct page *page;

	add_online(sys, 32, 1, "online_movable");
	hm_buf_init(&out);
	movable->free_area[3].nr_free++;
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "order 3: nr_free 1"));
	movable->free_area[3].nr_free--;

	hm_buf_reset(&out);
	page = list_first(movable, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page->refcount = 1;		/* "in use" while on a free list */
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "not a free chunk"));
	page->refcount = 0;

	hm_buf_reset(&out);
	movable->nr_free_pages--;
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "recomputed from the free lists"));
	movable->nr_free_pages++;

	hm_buf_reset(&out);
	movable->managed_pages--;
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "present minus reserved"));
	movable->managed_pages++;

	hm_buf_reset(&out);
	page = __alloc_pages(sys, GFP_HIGHUSER_MOVABLE, 0, 0, NULL);	/* owned by nobody */
	assert_true(verify_system(sys, &out) > 0);
	assert_non_null(strstr(hm_buf_str(&out), "in use by nobody"));
	__free_pages(sys, page, 0);
	hm_buf_free(&out);
	assert_verify_clean(sys);
}

/*
 * Pageblock types set and found a section at a time, across a section's
 * end; an isolation meeting an isolated pageblock in the middle of a free
 * section fails there and changes nothing.
 *
 *	block 33                    block 34
 *	... 60 61 |62 63|          |0  1 | 2 ...    Unmovable: 33/62 .. 34/1
 */
static void pageblock_types_by_section(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pb = pageblock_nr_pages, start = BPFN(33), end = BPFN(35);
	struct zone *zone;
	struct zone_snap before, after;

	add_online(sys, 33, 2, "online_movable");
	zone = fx_zone(sys, 0, ZONE_MOVABLE);
	assert_int_equal(find_pageblock(sys, start, end, MIGRATE_MOVABLE, false), end);
	set_pageblock_range(sys, start + 62 * pb, 4 * pb, MIGRATE_UNMOVABLE);
	assert_int_equal(find_pageblock(sys, start, end, MIGRATE_MOVABLE, false),
			 start + 62 * pb);
	assert_int_equal(find_pageblock(sys, start + 62 * pb, end, MIGRATE_UNMOVABLE, false),
			 BPFN(34) + 2 * pb);
	assert_int_equal(find_pageblock(sys, BPFN(34) + 2 * pb, end, MIGRATE_UNMOVABLE, true),
			 end);
	set_pageblock_range(sys, start + 62 * pb, 4 * pb, MIGRATE_MOVABLE);

	/* block 34 is a free run; its pageblock 40 isolated by hand */
	set_pageblock_migratetype(sys, BPFN(34) + 40 * pb, MIGRATE_ISOLATE);
	snap(zone, &before);
	assert_int_equal(start_isolate_page_range(sys, zone, start, end), -EBUSY);
	snap(zone, &after);
	assert_snap_equal(&before, &after);
	assert_int_equal(find_pageblock(sys, start, end, MIGRATE_MOVABLE, false),
			 BPFN(34) + 40 * pb);
	set_pageblock_migratetype(sys, BPFN(34) + 40 * pb, MIGRATE_MOVABLE);
	assert_int_equal(start_isolate_page_range(sys, zone, start, end), 0);
	assert_int_equal(find_pageblock(sys, start, end, MIGRATE_ISOLATE, false), end);
	undo_isolate_page_range(sys, zone, start, end, MIGRATE_MOVABLE);
	assert_int_equal(find_pageblock(sys, start, end, MIGRATE_MOVABLE, false), end);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(memblock_free_all_boot_free_lists),
		T(alloc_pages_split_then_free_merges),
		T(free_pages_merge_taxonomy),
		T(alloc_pages_orders_and_exhaustion),
		T(build_zonelists_order),
		T(alloc_pages_onlined_first_used_first),
		TE(build_zonelists_nodes), TE(build_zonelists_fallback_order),
		T(alloc_pages_fallback_claims_pageblocks),
		T(alloc_pages_fallback_without_claim),
		T(start_isolate_page_range_then_undo),
		T(start_isolate_page_range_splits_and_remerges),
		T(free_pages_across_isolated_pageblock),
		T(start_isolate_page_range_ebusy_changes_nothing),
		T(has_unmovable_pages_cases),
		T(test_pages_isolated_after_scan),
		T(pageblock_types_by_section),
		T(kernel_alloc_pins_first_normal_block),
		TE(kernel_alloc_stays_in_boot_memory),
		TE(kernel_alloc_cpuless_node_uses_cpu_node),
		T(kernel_alloc_shortage_ignored),
		T(kernel_alloc_given_back_at_offline),
		T(page_alloc_verify_catches_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
