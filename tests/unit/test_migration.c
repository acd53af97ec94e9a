// SPDX-License-Identifier: GPL-2.0
/*
 * test_migration.c - unit tests for src/kernel/workload.c and
 * src/kernel/migrate.c, and offline with memory in use: allocations with
 * contents (errors leave nothing behind, every allocation failure point
 * rolls back), unmovable allocations never in ZONE_MOVABLE, migration of a
 * page with its bytes, offline of a full Movable block, where migrated
 * pages may go (never from Normal into Movable; to another node first),
 * EBUSY at once for unmovable pages, EINTR at once when nothing can take
 * the pages (or after the live mount's waits), allocation failures during migration absorbed by the
 * retries, and a million migrations with every byte checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/migrate.h"

#define BPFN(b)		((unsigned long)(b) * BLOCK_PAGES)
#define BADDR(b)	((uint64_t)(b) * SZ_128M)

static void add_online(struct hm_system *sys, int nid, unsigned long first, unsigned long n,
		       const char *type)
{
	unsigned long id;

	assert_int_equal(add_memory(sys, nid, BADDR(first), n * SZ_128M, MHP_NONE), 0);
	for (id = first; id < first + n; id++)
		fx_set_state(sys, id, type);
}

/* Free pages of every zone of every node, and the free chunks per order. */
static unsigned long free_fingerprint(struct hm_system *sys)
{
	struct pglist_data *pgdat;
	unsigned long fp = 0;
	unsigned int o;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			fp = fp * 31 + zone->nr_free_pages;
			for (o = 0; o < MAX_ORDER; o++)
				fp = fp * 31 + zone->free_area[o].nr_free;
		}
	return fp;
}

static unsigned long pages_in(struct hm_system *sys, struct hm_walloc *wa, unsigned long start,
			      unsigned long end)
{
	unsigned long i, n = 0;

	for (i = 0; i < wa->nr_pages; i++)
		n += wa->pfns[i] >= start && wa->pfns[i] < end;
	return n;
}

static unsigned long pages_in_zone(struct hm_system *sys, struct hm_walloc *wa, int zid)
{
	unsigned long i, n = 0;

	for (i = 0; i < wa->nr_pages; i++)
		n += page_zonenum(sys, pfn_to_page(sys, wa->pfns[i])) == zid;
	return n;
}

/* ----------------------------------------------------------- allocations */

static void workload_alloc_check_free(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long live = sys->alloc.nr_live, i;
	struct hm_walloc *wa;

	assert_int_equal(workload_alloc(sys, "a", true, 100, NUMA_NO_NODE), 0);
	assert_int_equal(workload_alloc(sys, NULL, false, 3, 0), 0);
	wa = workload_find(sys, "a");
	assert_non_null(wa);
	assert_int_equal(sys->workload.nr_pages, 103);
	assert_int_equal(pages_in_zone(sys, wa, ZONE_DMA32), 100);
	for (i = 0; i < wa->nr_pages; i++) {
		struct page *page = pfn_to_page(sys, wa->pfns[i]);

		assert_true(page_test_flag(sys, page, PG_lru));
		assert_ptr_equal(page->mapping, wa);
		assert_int_equal(page->index, i);
		uint8_t b;

		assert_int_equal(workload_read(sys, "a", i, 4095, &b, 1), 0);
		assert_int_equal(b, workload_pattern_byte(wa->seed, i, 4095));
	}
	assert_int_equal(workload_check(sys, "a"), 0);
	assert_int_equal(workload_check_all(sys), 0);
	assert_verify_clean(sys);

	/* one flipped bit anywhere is found */
	{
		uint8_t b = workload_pattern_byte(wa->seed, 57, 1234) ^ 0x10;

		assert_int_equal(physmem_write(sys, wa->pfns[57], 1234, &b, 1), 0);
		assert_int_equal(workload_check(sys, "a"), -EIO);
		b ^= 0x10;
		assert_int_equal(physmem_write(sys, wa->pfns[57], 1234, &b, 1), 0);
		assert_int_equal(workload_check(sys, "a"), 0);
		assert_int_equal(sys->workload.nr_stored, 1);
		assert_verify_clean(sys);
	}

	assert_int_equal(workload_alloc(sys, "a", false, 1, 0), -EEXIST);
	assert_int_equal(workload_free(sys, "a"), 0);
	assert_int_equal(workload_free(sys, "a"), -ENOENT);
	assert_int_equal(workload_check(sys, "a"), -ENOENT);
	assert_int_equal(sys->workload.nr_pages, 3);
	assert_verify_clean(sys);
	assert_true(sys->alloc.nr_live > live);	/* the anonymous one stays */
}

/* Refused allocations change nothing. */
static void workload_alloc_errors(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long fp = free_fingerprint(sys), live = sys->alloc.nr_live;
	unsigned long free = fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages +
			     fx_zone(sys, 0, ZONE_DMA)->nr_free_pages;

	assert_int_equal(workload_alloc(sys, "x", true, 0, 0), -EINVAL);
	assert_int_equal(workload_alloc(sys, "x", true, 1, 5), -EINVAL);
	assert_int_equal(workload_alloc(sys, "x", true, 1, MAX_NUMNODES), -EINVAL);
	sys->workload.max_pages = free + 10;
	assert_int_equal(workload_alloc(sys, "x", true, free + 1, 0), -ENOMEM);
	sys->workload.max_pages = 10;
	assert_int_equal(workload_alloc(sys, "x", true, 11, 0), -ENOMEM);
	assert_int_equal(free_fingerprint(sys), fp);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_null(workload_find(sys, "x"));
	assert_verify_clean(sys);
}

/* Every allocation failure point of an allocation rolls back completely. */
static void workload_alloc_enomem_changes_nothing(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long fp = free_fingerprint(sys), live = sys->alloc.nr_live, i, points = 0;
	int ret;

	for (i = 1;; i++) {
		sys->alloc.nr_failed = 0;
		sys->alloc.fail_at = sys->alloc.nr_calls + i;
		ret = workload_alloc(sys, "f", true, 64, 0);
		sys->alloc.fail_at = 0;
		if (!sys->alloc.nr_failed)
			break;
		points++;
		assert_int_equal(ret, -ENOMEM);
		assert_int_equal(free_fingerprint(sys), fp);
		assert_int_equal(sys->alloc.nr_live, live);
		assert_int_equal(sys->workload.nr_pages, 0);
	}
	assert_int_equal(ret, 0);
	assert_int_equal(points, 3);	/* the allocation, name, page table: contents cost nothing */
	assert_int_equal(workload_check(sys, "f"), 0);
	assert_verify_clean(sys);
}

/*
 * Unmovable allocations stop at ZONE_NORMAL: with DMA and DMA32 taken by
 * the kernel, they fail although ZONE_MOVABLE is free; movable ones fit.
 */
static void workload_alloc_unmovable_never_in_movable(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_walloc *wa;

	add_online(sys, 0, 32, 1, "online_movable");
	sys->workload.kernel_pages_per_online = (unsigned int)(SZ_1G / PAGE_SIZE);
	fx_kernel_alloc(sys);
	sys->workload.kernel_pages_per_online = 0;
	assert_int_equal(workload_alloc(sys, "u", false, 1, 0), -ENOMEM);
	assert_int_equal(workload_alloc(sys, "m", true, 16, 0), 0);
	wa = workload_find(sys, "m");
	assert_int_equal(pages_in_zone(sys, wa, ZONE_MOVABLE), 16);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------- migration */

/* The process writes one byte of each page: every frame stores its bytes. */
static void write_every_page(struct hm_system *sys, const char *name, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		uint8_t b = (uint8_t)i;

		assert_int_equal(workload_write(sys, name, i, (unsigned int)(i * 97 % PAGE_SIZE), &b, 1),
				 0);
	}
}

/* One page at a time: a new frame, the same bytes, the old frame free. */
static void migrate_pages_keeps_contents(void **state)
{
	struct hm_system *sys = fx_sys(state);
	uint8_t hello[5] = "hello", got[5];
	unsigned long live, i;
	struct hm_walloc *wa;

	assert_int_equal(workload_alloc(sys, "p", true, 8, 0), 0);
	wa = workload_find(sys, "p");
	/* page 3 written: its frame stores its bytes, page 3 must hold them */
	assert_int_equal(workload_write(sys, "p", 3, 100, hello, 5), 0);
	assert_int_equal(sys->workload.nr_stored, 1);
	assert_int_equal(workload_check(sys, "p"), 0);
	for (i = 0; i < wa->nr_pages; i++) {
		unsigned long old = wa->pfns[i];
		struct page *page = pfn_to_page(sys, old);

		assert_int_equal(migrate_page_hotplug(sys, page), 0);
		assert_int_not_equal(wa->pfns[i], old);
		assert_int_equal(page->refcount, 0);
		assert_false(page_test_flag(sys, page, PG_lru));
		assert_ptr_equal(pfn_to_page(sys, wa->pfns[i])->mapping, wa);
		assert_int_equal(workload_check(sys, "p"), 0);
	}
	assert_int_equal(sys->workload.nr_migrated, 8);
	assert_int_equal(sys->workload.nr_stored, 1);	/* moved, not copied twice */
	assert_int_equal(workload_read(sys, "p", 3, 100, got, 5), 0);
	assert_memory_equal(got, hello, 5);
	/* no memory to copy the stored frame: -ENOMEM, the page stays where it is */
	live = sys->alloc.nr_live;
	sys->alloc.fail_at = sys->alloc.nr_calls + 1;
	assert_int_equal(migrate_page_hotplug(sys, pfn_to_page(sys, wa->pfns[3])), -ENOMEM);
	sys->alloc.fail_at = 0;
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(workload_check(sys, "p"), 0);
	assert_verify_clean(sys);
}

/* A migration that moves ownership but not the bytes is found by check. */
static void workload_check_finds_lost_contents(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_walloc *wa;
	struct page *page;
	uint32_t word;

	assert_int_equal(workload_alloc(sys, "l", true, 4, 0), 0);
	wa = workload_find(sys, "l");
	page = pfn_to_page(sys, wa->pfns[2]);
	/* the frame holds page 1's bytes (a copy from the wrong frame) */
	word = (uint32_t)page->private;
	page->private = content_word(wa->seed, 1);
	assert_int_equal(workload_check(sys, "l"), -EIO);
	page->private = word;
	assert_int_equal(workload_check(sys, "l"), 0);
	/* a written page whose frame lost the write */
	assert_int_equal(workload_write(sys, "l", 0, 0, "x", 1), 0);
	assert_int_equal(physmem_write(sys, wa->pfns[0], 0, "y", 1), 0);
	assert_int_equal(workload_check(sys, "l"), -EIO);
	assert_int_equal(physmem_write(sys, wa->pfns[0], 0, "x", 1), 0);
	assert_int_equal(workload_check(sys, "l"), 0);
	/* bad arguments change nothing */
	assert_int_equal(workload_write(sys, "l", 4, 0, "x", 1), -EINVAL);
	assert_int_equal(workload_write(sys, "l", 0, 4095, "xy", 2), -EINVAL);
	assert_int_equal(workload_write(sys, "nope", 0, 0, "x", 1), -ENOENT);
	assert_int_equal(physmem_write(sys, wa->pfns[0] + 1000, 0, "x", 1), -EINVAL);
	assert_int_equal(workload_free(sys, "l"), 0);
	assert_int_equal(sys->workload.nr_stored, 0);
	assert_verify_clean(sys);
}

/*
 * A Movable block full of a process's pages goes offline: every page moves
 * to the other Movable block, bytes intact, and the offline block's pages
 * are gone from the buddy.
 */
static void offline_pages_migrates_full_movable_block(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct hm_walloc *wa;

	add_online(sys, 0, 32, 2, "online_movable");
	assert_int_equal(workload_alloc(sys, "full", true, BLOCK_PAGES, 0), 0);
	wa = workload_find(sys, "full");
	assert_int_equal(pages_in(sys, wa, BPFN(32), BPFN(33)), BLOCK_PAGES);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	fx_set_state(sys, 32, "offline");
	assert_int_equal(pages_in(sys, wa, BPFN(33), BPFN(34)), BLOCK_PAGES);
	assert_int_equal(movable->nr_free_pages, 0);
	assert_int_equal(movable->managed_pages, BLOCK_PAGES);
	assert_int_equal(sys->workload.nr_migrated, BLOCK_PAGES);
	assert_int_equal(workload_check(sys, "full"), 0);
	assert_verify_clean(sys);
	/* and on down to DMA32 */
	fx_set_state(sys, 33, "offline");
	assert_int_equal(pages_in_zone(sys, wa, ZONE_DMA32), BLOCK_PAGES);
	assert_int_equal(workload_check(sys, "full"), 0);
	assert_int_equal(remove_memory(sys, BADDR(32), SZ_256M), 0);
	assert_int_equal(workload_check(sys, "full"), 0);
	assert_verify_clean(sys);
}

/* Movable pages of a Normal block migrate within Normal and below, never to Movable. */
static void offline_pages_normal_keeps_out_of_movable(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_walloc *wa;

	/*
	 * Block 33 is added first: its memmap comes from the buddy allocator,
	 * and added later it would land in block 32's Normal zone (unmovable).
	 */
	assert_int_equal(add_memory(sys, 0, BADDR(33), SZ_128M, MHP_NONE), 0);
	add_online(sys, 0, 32, 1, "online_kernel");
	assert_int_equal(workload_alloc(sys, "n", true, 1000, 0), 0);
	wa = workload_find(sys, "n");
	assert_int_equal(pages_in(sys, wa, BPFN(32), BPFN(33)), 1000);
	fx_set_state(sys, 33, "online_movable");
	fx_set_state(sys, 32, "offline");
	assert_int_equal(pages_in_zone(sys, wa, ZONE_DMA32), 1000);
	assert_int_equal(workload_check(sys, "n"), 0);
	assert_verify_clean(sys);
}

/* Offlining memory of node 1 moves its pages to node 0, although node 1 has room. */
static void offline_pages_migrates_to_other_node(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct hm_walloc *wa;
	unsigned long i;

	fx_machine(fx, "-m 2G,slots=4,maxmem=8G -smp 2 -object memory-backend-ram,id=m0,size=1G "
		   "-object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0,memdev=m0 "
		   "-numa node,nodeid=1,cpus=1,memdev=m1", NULL);
	sys = fx->sys;
	add_online(sys, 1, 32, 1, "online_movable");
	assert_int_equal(workload_alloc(sys, "n1", true, 500, 1), 0);
	wa = workload_find(sys, "n1");
	assert_int_equal(pages_in(sys, wa, BPFN(32), BPFN(33)), 500);
	fx_set_state(sys, 32, "offline");
	for (i = 0; i < wa->nr_pages; i++)
		assert_int_equal(page_to_nid(sys, pfn_to_page(sys, wa->pfns[i])), 0);
	assert_int_equal(workload_check(sys, "n1"), 0);
	assert_verify_clean(sys);
}

/* Unmovable pages: EBUSY at once, nothing changed, the contents intact. */
static void offline_pages_unmovable_ebusy(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long fp, live;

	add_online(sys, 0, 32, 1, "online_kernel");
	assert_int_equal(workload_alloc(sys, "pin", false, 10, 0), 0);
	assert_int_equal(workload_alloc(sys, "mov", true, 10, 0), 0);
	fp = free_fingerprint(sys);
	live = sys->alloc.nr_live;
	assert_int_equal(fx_block_write(sys, 32, "state", "offline"), -EBUSY);
	assert_int_equal(free_fingerprint(sys), fp);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(sys->workload.nr_migrated, 0);
	assert_block_sysfs(sys, 32, "state", "online\n");
	assert_int_equal(workload_check(sys, "pin"), 0);
	assert_int_equal(workload_free(sys, "pin"), 0);
	fx_set_state(sys, 32, "offline");
	assert_int_equal(workload_check(sys, "mov"), 0);
	assert_verify_clean(sys);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* sys->offline_wait of the test: frees "filler" at the first call, then gives up */
struct wait_log {
	unsigned int calls;
};

static int free_filler_then_eintr(struct hm_system *sys, void *arg)
{
	struct wait_log *log = arg;

	if (log->calls++)
		return -EINTR;
	assert_int_equal(workload_free(sys, "filler"), 0);
	return 0;
}

/*
 * Nothing can take the block's pages: without offline_wait (hotmem run:
 * nothing else runs while a step does) the offline ends at the first pass
 * that moved nothing, with -EINTR and no wall-clock wait; the pages moved
 * so far stay moved, nothing is lost, and once there is memory again the
 * offline succeeds.  With offline_wait (the live mount), each pass that
 * moved nothing waits for it, and goes on when it answers 0.
 */
static void offline_pages_no_progress_eintr(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct wait_log log = { 0 };
	unsigned long free_low;
	double t0;

	add_online(sys, 0, 32, 1, "online_movable");
	/* added now: later there would be no memory for its memmap */
	assert_int_equal(add_memory(sys, 0, BADDR(33), SZ_128M, MHP_NONE), 0);
	/* the kernel takes all but 2000 pages of DMA32 and DMA, a driver 1000 of them */
	free_low = fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages +
		   fx_zone(sys, 0, ZONE_DMA)->nr_free_pages;
	sys->workload.kernel_pages_per_online = (unsigned int)(free_low - 2000);
	fx_kernel_alloc(sys);
	sys->workload.kernel_pages_per_online = 0;
	assert_int_equal(workload_alloc(sys, "filler", false, 1000, 0), 0);
	assert_int_equal(workload_alloc(sys, "big", true, 4000, 0), 0);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - 4000);
	t0 = now_ms();
	assert_int_equal(fx_block_write(sys, 32, "state", "offline"), -EINTR);
	assert_true(now_ms() - t0 < 1000);	/* no timeout: at once (a loose bound) */
	assert_true(printk_log_contains(&sys->log, "signal backoff"));
	assert_block_sysfs(sys, 32, "state", "online\n");
	assert_int_equal(sys->workload.nr_migrated, 1000);
	assert_int_equal(workload_check(sys, "big"), 0);
	assert_verify_clean(sys);
	/* the live mount's wait: the filler freed, 1000 more move, then the writer's signal */
	sys->offline_wait = free_filler_then_eintr;
	sys->offline_wait_arg = &log;
	assert_int_equal(fx_block_write(sys, 32, "state", "offline"), -EINTR);
	sys->offline_wait = NULL;
	assert_int_equal(log.calls, 2);
	assert_int_equal(sys->workload.nr_migrated, 2000);
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages +
			 fx_zone(sys, 0, ZONE_DMA)->nr_free_pages, 0);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - 2000);
	assert_int_equal(workload_check(sys, "big"), 0);
	assert_verify_clean(sys);
	/* more memory: the rest moves there */
	fx_set_state(sys, 33, "online_movable");
	fx_set_state(sys, 32, "offline");
	assert_int_equal(sys->workload.nr_migrated, 4000);
	assert_int_equal(workload_check(sys, "big"), 0);
	assert_verify_clean(sys);
}

/*
 * An allocation failure while migrating is a migration failure: the loop
 * retries and the offline succeeds, at every failure point.
 */
static void offline_pages_migration_enomem_absorbed(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long i, points = 0;

	add_online(sys, 0, 32, 1, "online_movable");
	assert_int_equal(workload_alloc(sys, "w", true, 40, 0), 0);
	write_every_page(sys, "w", 40);	/* stored frames: migration allocates */
	for (i = 1;; i++) {
		int ret;

		sys->alloc.nr_failed = 0;
		sys->alloc.fail_at = sys->alloc.nr_calls + i;
		ret = fx_block_write(sys, 32, "state", "offline");
		sys->alloc.fail_at = 0;
		if (i == 1) {
			/* the write's own copy (memdup_user_nul): ENOMEM, nothing done */
			assert_int_equal(ret, -ENOMEM);
			assert_sysfs(sys, "/sys/devices/system/memory/memory32/state",
				       "online\n");
			assert_int_equal(workload_check(sys, "w"), 0);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(workload_check(sys, "w"), 0);
		assert_verify_clean(sys);
		if (!sys->alloc.nr_failed)
			break;
		points++;
		/* put the pages back into the block for the next round */
		fx_set_state(sys, 32, "online_movable");
		assert_int_equal(workload_free(sys, "w"), 0);
		assert_int_equal(workload_alloc(sys, "w", true, 40, 0), 0);
		write_every_page(sys, "w", 40);
	}
	assert_true(points >= 40);
}

/*
 * A million migrations, every byte checked: a process's pages go back and
 * forth between two Movable blocks, one offline after the other, and after
 * every offline each byte of each page is compared with its pattern.
 */
static void migrate_pages_million_migrations(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long nr = 8192, target = 1000000;
	unsigned long round = 0;
	struct hm_walloc *wa;

	add_online(sys, 0, 32, 2, "online_movable");
	assert_int_equal(workload_alloc(sys, "m", true, nr, 0), 0);
	wa = workload_find(sys, "m");
	while (sys->workload.nr_migrated < target) {
		unsigned long from = 32 + (round & 1), to = 33 - (round & 1);

		assert_int_equal(pages_in(sys, wa, BPFN(from), BPFN(from + 1)), nr);
		fx_set_state(sys, from, "offline");
		assert_int_equal(pages_in(sys, wa, BPFN(to), BPFN(to + 1)), nr);
		assert_int_equal(workload_check(sys, "m"), 0);
		fx_set_state(sys, from, "online_movable");
		if (!(round % 16))
			assert_verify_clean(sys);
		round++;
	}
	assert_int_equal(sys->workload.nr_migrated, round * nr);
	assert_true(round * nr >= target);
	assert_verify_clean(sys);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(workload_alloc_check_free),
		T(workload_alloc_errors),
		T(workload_alloc_enomem_changes_nothing),
		T(workload_alloc_unmovable_never_in_movable),
		T(migrate_pages_keeps_contents),
		T(workload_check_finds_lost_contents),
		T(offline_pages_migrates_full_movable_block),
		T(offline_pages_normal_keeps_out_of_movable),
		TE(offline_pages_migrates_to_other_node),
		T(offline_pages_unmovable_ebusy),
		T(offline_pages_no_progress_eintr),
		T(offline_pages_migration_enomem_absorbed),
		T(migrate_pages_million_migrations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
