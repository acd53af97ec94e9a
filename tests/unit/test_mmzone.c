// SPDX-License-Identifier: GPL-2.0
/*
 * test_mmzone.c - unit tests for the zone and node span helpers of
 * src/kernel/mmzone.c: resize_zone_range, resize_pgdat_range,
 * shrink_zone_span and update_pgdat_span.
 *
 * The grow side is a taxonomy run on local zones and nodes (first range in
 * an empty zone, below, above, overlapping an edge, inside).  The shrink
 * side needs online struct pages, so it runs on a fresh default pc machine
 * with hot-added blocks 32-35 (4 GiB up) driven through their sysfs state
 * files: offline at the start, at the end, in the middle (no change), of
 * the last range (the zone empties: start 0, spanned 0), and with a Normal
 * block inside a Movable span, whose pages the Movable shrink must skip.
 * A few shrink cases call shrink_zone_span directly on a saved zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

/* The first pfn of hot-added block b (blocks 32-35 start at 4 GiB). */
#define BPFN(b)		((unsigned long)(b) * BLOCK_PAGES)

static void add_blocks(struct hm_system *sys, unsigned long first, unsigned long n)
{
	assert_int_equal(add_memory(sys, 0, first * SZ_128M, n * SZ_128M, MHP_NONE), 0);
}

/* ------------------------------------------------------ resize_zone_range */

/*
 * The first range in an empty zone, also one whose start_pfn is stale (a
 * value below the range: an empty zone never has a start above 0 in the
 * kernel, so a stale start can only lie below).  Expect the zone to become
 * exactly the range.
 */
static void resize_zone_range_empty(void **state)
{
	struct zone z = { 0 };

	resize_zone_range(&z, 1000, 500);
	assert_zone_span(&z, 1000, 500);

	memset(&z, 0, sizeof(z));
	z.zone_start_pfn = 10;
	resize_zone_range(&z, 1000, 500);
	assert_zone_span(&z, 1000, 500);
}

/*
 * Grow below [1000, 1500): a disjoint range [200, 300) and one overlapping
 * the start, [900, 1100).  Expect the start to move down and the end to
 * stay, holes included in the span.
 */
static void resize_zone_range_below(void **state)
{
	struct zone z = { .zone_start_pfn = 1000, .spanned_pages = 500 };

	resize_zone_range(&z, 200, 100);
	assert_zone_span(&z, 200, 1300);

	z.zone_start_pfn = 1000;
	z.spanned_pages = 500;
	resize_zone_range(&z, 900, 200);
	assert_zone_span(&z, 900, 600);
}

/*
 * Grow above [1000, 1500): a disjoint range [3000, 3100), one overlapping the
 * end, [1400, 1700), and one adjacent, [1500, 1600).  Expect the start to
 * stay and the end to move up.
 */
static void resize_zone_range_above(void **state)
{
	struct zone z = { .zone_start_pfn = 1000, .spanned_pages = 500 };

	resize_zone_range(&z, 3000, 100);
	assert_zone_span(&z, 1000, 2100);

	z.spanned_pages = 500;
	resize_zone_range(&z, 1400, 300);
	assert_zone_span(&z, 1000, 700);

	z.spanned_pages = 500;
	resize_zone_range(&z, 1500, 100);
	assert_zone_span(&z, 1000, 600);
}

/*
 * Ranges inside [1000, 1500), the exact span included, and one covering it
 * on both sides.  Expect no change for the former, the range for the
 * latter.
 */
static void resize_zone_range_inside_and_around(void **state)
{
	struct zone z = { .zone_start_pfn = 1000, .spanned_pages = 500 };

	resize_zone_range(&z, 1100, 100);
	assert_zone_span(&z, 1000, 500);
	resize_zone_range(&z, 1000, 500);
	assert_zone_span(&z, 1000, 500);
	resize_zone_range(&z, 500, 2000);
	assert_zone_span(&z, 500, 2000);
}

/*
 * resize_pgdat_range: the same taxonomy on a node.  Expect an empty node
 * (with a stale start below) to take the range, then to grow below and
 * above, and to ignore a range inside.
 */
static void resize_pgdat_range_cases(void **state)
{
	struct pglist_data p = { .node_start_pfn = 10 };

	resize_pgdat_range(&p, 1000, 500);
	assert_node_span(&p, 1000, 500);
	resize_pgdat_range(&p, 200, 100);
	assert_node_span(&p, 200, 1300);
	resize_pgdat_range(&p, 3000, 100);
	assert_node_span(&p, 200, 2900);
	resize_pgdat_range(&p, 1100, 10);
	assert_node_span(&p, 200, 2900);
}

/* ------------------------------------------------------ update_pgdat_span */

static void set_zone(struct pglist_data *p, enum zone_type zid, unsigned long start,
		     unsigned long spanned)
{
	p->node_zones[zid].zone_start_pfn = start;
	p->node_zones[zid].spanned_pages = spanned;
}

/*
 * Node span = hull of the non-empty zones.  Expect: no zone - [0, 0);
 * only Movable - its span; the boot zones plus Movable - the hull with the
 * hole; a Normal zone inside the Movable span - the Movable span; Normal
 * reaching below Movable - from Normal's start; ZONE_DEVICE above all - up
 * to its end; an empty zone with a stale start pfn - ignored.
 */
static void update_pgdat_span_from_zones(void **state)
{
	struct pglist_data p = { .node_start_pfn = 99, .node_spanned_pages = 99 };

	update_pgdat_span(&p);
	assert_node_span(&p, 0, 0);

	set_zone(&p, ZONE_MOVABLE, 1048576, 65536);
	update_pgdat_span(&p);
	assert_node_span(&p, 1048576, 65536);

	set_zone(&p, ZONE_DMA, 1, 4095);
	set_zone(&p, ZONE_DMA32, 4096, 258016);
	update_pgdat_span(&p);
	assert_node_span(&p, 1, 1114111);

	memset(&p, 0, sizeof(p));
	set_zone(&p, ZONE_MOVABLE, 1000, 4000);
	set_zone(&p, ZONE_NORMAL, 2000, 1000);
	update_pgdat_span(&p);
	assert_node_span(&p, 1000, 4000);

	set_zone(&p, ZONE_NORMAL, 500, 1500);
	update_pgdat_span(&p);
	assert_node_span(&p, 500, 4500);

	set_zone(&p, ZONE_DEVICE, 9000, 1000);
	update_pgdat_span(&p);
	assert_node_span(&p, 500, 9500);

	set_zone(&p, ZONE_DMA32, 100, 0);	/* empty, stale start */
	update_pgdat_span(&p);
	assert_node_span(&p, 500, 9500);
}

/* ------------------------------------------------ real online and offline */

static void assert_zone_pages(struct zone *z, unsigned long present)
{
	assert_int_equal(z->present_pages, present);
	assert_int_equal(z->managed_pages, present);
	assert_int_equal(z->nr_free_pages, present);
}

/*
 * Onlining blocks 34, 32, 35, 33 to Movable.  Expect the first to make the
 * empty zone exactly its block, 32 to grow it below (block 33's hole
 * inside the span), 35 above, 33 inside to change only the present
 * pages; the node span follows from pfn 1 (boot) to the end of block 35.
 */
static void move_pfn_range_to_zone_grows_spans(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct pglist_data *pgdat = NODE_DATA(sys, 0);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);

	add_blocks(sys, 32, 4);
	assert_zone_span(movable, 0, 0);
	assert_node_span(pgdat, BOOT_DMA_START, BOOT_NODE_END - 1);

	fx_set_state(sys, 34, "online_movable");
	assert_zone_span(movable, BPFN(34), BLOCK_PAGES);
	assert_zone_pages(movable, BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(35) - 1);

	fx_set_state(sys, 32, "online_movable");
	assert_zone_span(movable, BPFN(32), 3 * BLOCK_PAGES);
	assert_zone_pages(movable, 2 * BLOCK_PAGES);

	fx_set_state(sys, 35, "online_movable");
	assert_zone_span(movable, BPFN(32), 4 * BLOCK_PAGES);
	assert_zone_pages(movable, 3 * BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(36) - 1);

	fx_set_state(sys, 33, "online_movable");
	assert_zone_span(movable, BPFN(32), 4 * BLOCK_PAGES);
	assert_zone_pages(movable, 4 * BLOCK_PAGES);
	assert_int_equal(pgdat->node_present_pages,
			 BOOT_DMA_PRESENT + BOOT_DMA32_PRESENT + 4 * BLOCK_PAGES);
	/* the boot zones did not move */
	assert_zone_span(fx_zone(sys, 0, ZONE_DMA), BOOT_DMA_START, BOOT_DMA_SPANNED);
	assert_zone_span(fx_zone(sys, 0, ZONE_DMA32), BOOT_DMA32_START, BOOT_DMA32_SPANNED);
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), 0, 0);
}

/*
 * From blocks 32-35 online in Movable: offline 33 (middle), 32 (start), 35
 * (end), 34 (the last range).  Expect: the middle leaves the span as it is;
 * the start moves to the next online block (34, skipping offline 33); the
 * end moves down to the last online pfn; the last range empties the zone
 * to start 0, spanned 0, and the node span falls back to the boot zones.
 */
static void remove_pfn_range_from_zone_shrinks_spans(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct pglist_data *pgdat = NODE_DATA(sys, 0);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long id;

	add_blocks(sys, 32, 4);
	for (id = 32; id < 36; id++)
		fx_set_state(sys, id, "online_movable");

	fx_set_state(sys, 33, "offline");
	assert_zone_span(movable, BPFN(32), 4 * BLOCK_PAGES);
	assert_zone_pages(movable, 3 * BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(36) - 1);

	fx_set_state(sys, 32, "offline");
	assert_zone_span(movable, BPFN(34), 2 * BLOCK_PAGES);
	assert_zone_pages(movable, 2 * BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(36) - 1);

	fx_set_state(sys, 35, "offline");
	assert_zone_span(movable, BPFN(34), BLOCK_PAGES);
	assert_zone_pages(movable, BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(35) - 1);

	fx_set_state(sys, 34, "offline");
	assert_zone_span(movable, 0, 0);
	assert_zone_pages(movable, 0);
	assert_node_span(pgdat, BOOT_DMA_START, BOOT_NODE_END - 1);
	assert_int_equal(pgdat->node_present_pages, BOOT_DMA_PRESENT + BOOT_DMA32_PRESENT);
	assert_true(node_state(sys, 0, N_MEMORY));
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Overlapping zones, shrinking at the start: blocks 32 and 34 Movable, 33
 * Normal inside the Movable span.  Offline 32.  Expect Movable to start at
 * block 34: the online Normal pages of block 33 do not belong to it.  Then
 * offline 33: Normal was one range and empties; Movable unchanged.  The
 * node span keeps the hull of what is left.
 */
static void shrink_zone_span_overlapping_start(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct pglist_data *pgdat = NODE_DATA(sys, 0);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);

	add_blocks(sys, 32, 3);
	fx_set_state(sys, 32, "online_movable");
	fx_set_state(sys, 34, "online_movable");
	fx_set_state(sys, 33, "online_kernel");
	assert_zone_span(movable, BPFN(32), 3 * BLOCK_PAGES);
	assert_zone_span(normal, BPFN(33), BLOCK_PAGES);
	assert_ptr_equal(find_memory_block_by_id(sys, 33)->zone, normal);

	fx_set_state(sys, 32, "offline");
	assert_zone_span(movable, BPFN(34), BLOCK_PAGES);
	assert_zone_span(normal, BPFN(33), BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(35) - 1);

	fx_set_state(sys, 33, "offline");
	assert_zone_span(normal, 0, 0);
	assert_zone_pages(normal, 0);
	assert_zone_span(movable, BPFN(34), BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(35) - 1);
}

/*
 * Overlapping zones, shrinking at the end: the same layout, offline 34.
 * Expect Movable to end with block 32 (skipping the Normal pages of 33),
 * the node to end with Normal's block 33.
 */
static void shrink_zone_span_overlapping_end(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct pglist_data *pgdat = NODE_DATA(sys, 0);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);

	add_blocks(sys, 32, 3);
	fx_set_state(sys, 32, "online_movable");
	fx_set_state(sys, 34, "online_movable");
	fx_set_state(sys, 33, "online_kernel");

	fx_set_state(sys, 34, "offline");
	assert_zone_span(movable, BPFN(32), BLOCK_PAGES);
	assert_zone_pages(movable, BLOCK_PAGES);
	assert_zone_span(normal, BPFN(33), BLOCK_PAGES);
	assert_node_span(pgdat, 1, BPFN(34) - 1);
}

/*
 * shrink_zone_span called directly on the Movable zone of online blocks
 * 32-35 (the zone is restored after each call).  Expect: a range in the
 * middle - no change; a range not at either edge even though it touches
 * one block's start - no change; the first block's range - the start moves
 * to the next online pfn (block 33); the last block's range - the end moves
 * to the end of block 34; the whole span - the zone empties.
 */
static void shrink_zone_span_direct(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone saved;
	unsigned long id;

	add_blocks(sys, 32, 4);
	for (id = 32; id < 36; id++)
		fx_set_state(sys, id, "online_movable");
	saved = *movable;

	shrink_zone_span(sys, movable, BPFN(33), BPFN(34));
	assert_zone_span(movable, BPFN(32), 4 * BLOCK_PAGES);

	shrink_zone_span(sys, movable, BPFN(32) + PAGES_PER_SUBSECTION, BPFN(33));
	assert_zone_span(movable, BPFN(32), 4 * BLOCK_PAGES);

	shrink_zone_span(sys, movable, BPFN(32), BPFN(33));
	assert_zone_span(movable, BPFN(33), 3 * BLOCK_PAGES);
	*movable = saved;

	shrink_zone_span(sys, movable, BPFN(35), BPFN(36));
	assert_zone_span(movable, BPFN(32), 3 * BLOCK_PAGES);
	*movable = saved;

	shrink_zone_span(sys, movable, BPFN(32), BPFN(36));
	assert_zone_span(movable, 0, 0);
	*movable = saved;
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * /proc/zoneinfo on arm64 virt with 1 GiB: one populated zone, so
 * khugepaged's recommended min_free_kbytes (5632 pages) is its min, and
 * low, high, the pageset's high and batch and the stat threshold are the
 * real kernel's (recorded: 5632, 7040, 8448, 7040, 63, 8); no Device zone.
 */
static void zoneinfo_show_watermarks_virt(void **state)
{
	struct fx *fx = *state;
	struct hm_buf out;
	const char *s;

	fx_machine(fx, "-M virt -m 1G,slots=4,maxmem=8G -smp 1", NULL);
	hm_buf_init(&out);
	zoneinfo_show(fx->sys, &out);
	s = hm_buf_str(&out);
	assert_non_null(strstr(s, "Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon"));
	assert_non_null(strstr(s, "\n        min      5632\n        low      7040\n"
				  "        high     8448\n"));
	assert_non_null(strstr(s, "\n        protection: (0, 0, 0, 0)\n"));
	assert_non_null(strstr(s, "\n  pagesets\n    cpu: 0\n              count: 0\n"
				  "              high:  7040\n              batch: 63\n"
				  "  vm stats threshold: 8\n  node_unreclaimable:  0\n"));
	assert_null(strstr(s, "Device"));
	assert_null(strstr(strstr(s, "per-node stats") + 1, "per-node stats"));
	hm_buf_free(&out);
}

/* x86: the DMA zone's protection is 1/256 of the managed pages of the zones above it */
static void zoneinfo_show_protection_x86(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long r = sys->node_data[0]->node_zones[ZONE_DMA32].managed_pages / 256;
	struct hm_buf out;
	char want[160];

	hm_buf_init(&out);
	zoneinfo_show(sys, &out);
	snprintf(want, sizeof(want), "\n        protection: (0, %lu, %lu, %lu, %lu)\n", r, r, r, r);
	assert_non_null(strstr(hm_buf_str(&out), want));
	assert_non_null(strstr(hm_buf_str(&out), "Node 0, zone   Device"));
	hm_buf_free(&out);
}

#define TL(f) cmocka_unit_test(f)
#define TS(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TL(resize_zone_range_empty),
		TL(resize_zone_range_below),
		TL(resize_zone_range_above),
		TL(resize_zone_range_inside_and_around),
		TL(resize_pgdat_range_cases),
		TL(update_pgdat_span_from_zones),
		TS(move_pfn_range_to_zone_grows_spans),
		TS(remove_pfn_range_from_zone_shrinks_spans),
		TS(shrink_zone_span_overlapping_start),
		TS(shrink_zone_span_overlapping_end),
		TS(shrink_zone_span_direct),
		TE(zoneinfo_show_watermarks_virt),
		TS(zoneinfo_show_protection_x86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
