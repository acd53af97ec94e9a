// SPDX-License-Identifier: GPL-2.0
/*
 * test_virtio_mem.c - alloc_contig_range and the virtio-mem driver model
 * (machine/virtio_mem.c): sub-blocks kept fake-offline, the notifier paths
 * when a partly plugged block goes offline and online again, Big Block Mode,
 * and QEMU's property checks.
 *
 *   block 33, 192 MiB requested (SBM, 2 MiB sub-blocks):
 *   |################################................................|
 *    sb 0-31 plugged: buddy            sb 32-63: PG_offline, refcount 1
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/machine.h"
#include "hotmem/page_alloc.h"

#define VM_MACHINE "-m 1G,maxmem=4G -smp 2 -object memory-backend-ram,id=m0,size=512M " \
	"-object memory-backend-ram,id=m1,size=512M -numa node,nodeid=0,cpus=0,memdev=m0 " \
	"-numa node,nodeid=1,cpus=1,memdev=m1 -object memory-backend-ram,id=vmem0,size=1G " \
	"-device virtio-mem-pci,id=vm0,memdev=vmem0,node=1,requested-size=0"
#define SB_PAGES	512UL

static void qmp_expect(struct hm_machine *m, const char *cmd, const char *want)
{
	struct hm_buf ans;

	hm_buf_init(&ans);
	machine_qmp(m, cmd, &ans);
	if (strcmp(hm_buf_str(&ans), want))
		print_error("%s\n  got  %s\n  want %s\n", cmd, hm_buf_str(&ans), want);
	assert_string_equal(hm_buf_str(&ans), want);
	hm_buf_free(&ans);
}

static void request(struct hm_machine *m, unsigned long long size)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "{\"execute\":\"qom-set\",\"arguments\":{\"path\":"
		 "\"/machine/peripheral/vm0\",\"property\":\"requested-size\",\"value\":%llu}}",
		 size);
	qmp_expect(m, cmd, "ok");
	assert_int_equal(machine_guest_sync(m), 0);
}

static void plugged_is(struct hm_machine *m, unsigned long long size)
{
	char want[64];

	snprintf(want, sizeof(want), "return %llu", size);
	qmp_expect(m, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":"
		   "\"/machine/peripheral/vm0\",\"property\":\"size\"}}", want);
}

static void machine_verify_clean(struct hm_machine *m)
{
	struct hm_buf out;
	unsigned long n;

	hm_buf_init(&out);
	n = machine_verify(m, &out);
	if (n)
		print_error("%s", hm_buf_str(&out));
	hm_buf_free(&out);
	assert_int_equal(n, 0);
}

static void online_movable(struct hm_system *sys, unsigned long id)
{
	assert_int_equal(add_memory(sys, 0, (uint64_t)id * SZ_128M, SZ_128M, MHP_NONE), 0);
	assert_int_equal(fx_block_write(sys, id, "state", "online_movable"), 0);
}

/* ------------------------------------------------------ alloc_contig_range */

/* Free pageblocks: taken whole, one reference a page; freed back to the buddy. */
static void alloc_contig_range_free_range(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long pfn = HOTPLUG_PFN + 4 * SB_PAGES, i;

	online_movable(sys, HOTPLUG_BLOCK);
	assert_int_equal(alloc_contig_range(sys, pfn, pfn + 2 * SB_PAGES), 0);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES - 2 * SB_PAGES);
	for (i = 0; i < 2 * SB_PAGES; i++) {
		struct page *page = pfn_to_page(sys, pfn + i);

		assert_int_equal(page->refcount, 1);
		assert_false(page_test_flag(sys, page, PG_buddy));
	}
	assert_int_equal(get_pageblock_migratetype(sys, pfn), MIGRATE_MOVABLE);
	free_contig_range(sys, pfn, 2 * SB_PAGES);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	assert_verify_clean(sys);
}

/* Movable pages in the range move out with their contents. */
static void alloc_contig_range_migrates(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long pfn = HOTPLUG_PFN, i;
	struct hm_walloc *wa;

	online_movable(sys, HOTPLUG_BLOCK);
	assert_int_equal(workload_alloc(sys, "p", true, 700, 0), 0);
	wa = workload_find(sys, "p");
	assert_int_equal(alloc_contig_range(sys, pfn, pfn + 2 * SB_PAGES), 0);
	for (i = 0; i < wa->nr_pages; i++)
		assert_true(wa->pfns[i] < pfn || wa->pfns[i] >= pfn + 2 * SB_PAGES);
	assert_int_equal(workload_check(sys, "p"), 0);
	free_contig_range(sys, pfn, 2 * SB_PAGES);
	assert_verify_clean(sys);
}

/* An unmovable page in a kernel zone: -EBUSY, nothing taken, the range movable again. */
static void alloc_contig_range_unmovable_ebusy(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	unsigned long pfn = HOTPLUG_PFN, free_before;

	assert_int_equal(add_memory(sys, 0, HOTPLUG_BASE, SZ_128M, MHP_NONE), 0);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online_kernel"), 0);
	assert_int_equal(workload_alloc(sys, "drv", false, 10, 0), 0);
	free_before = normal->nr_free_pages;
	assert_int_equal(alloc_contig_range(sys, pfn, pfn + BLOCK_PAGES), -EBUSY);
	assert_int_equal(normal->nr_free_pages, free_before);
	/* (the first pageblock went unmovable when the driver's pages claimed it) */
	assert_int_equal(get_pageblock_migratetype(sys, pfn + BLOCK_PAGES - SB_PAGES),
			 MIGRATE_MOVABLE);
	assert_int_equal(normal->nr_isolate_pageblock, 0);
	assert_int_equal(alloc_contig_range(sys, pfn + 1, pfn + SB_PAGES), -EINVAL);
	assert_int_equal(workload_check(sys, "drv"), 0);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------ the driver */

/* 192 MiB: block 33 half plugged, the rest PG_offline, present but not managed. */
static void virtio_mem_sbm_fake_offline(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct zone *movable;
	unsigned long pfn33 = PHYS_PFN(33 * SZ_128M);

	fx_machine(fx, VM_MACHINE, "memhp_default_state=online_movable");
	sys = fx->sys;
	request(fx->m, 192ULL << 20);
	plugged_is(fx->m, 192ULL << 20);
	movable = fx_zone(sys, 1, ZONE_MOVABLE);
	assert_int_equal(movable->present_pages, 2 * BLOCK_PAGES);
	assert_int_equal(movable->managed_pages, BLOCK_PAGES + BLOCK_PAGES / 2);
	assert_false(page_test_flag(sys, pfn_to_page(sys, pfn33 + 32 * SB_PAGES - 1), PG_offline));
	assert_true(page_test_flag(sys, pfn_to_page(sys, pfn33 + 32 * SB_PAGES), PG_offline));
	assert_true(page_test_flag(sys, pfn_to_page(sys, pfn33 + 32 * SB_PAGES), PG_dirty));
	machine_verify_clean(fx->m);
	/* plugging the rest fake-onlines it: the block is whole again */
	request(fx->m, 256ULL << 20);
	assert_int_equal(movable->managed_pages, 2 * BLOCK_PAGES);
	assert_false(page_test_flag(sys, pfn_to_page(sys, pfn33 + 63 * SB_PAGES), PG_offline));
	machine_verify_clean(fx->m);
}

/*
 * A partly plugged block offlined by the user: going offline drops the
 * fake-offline references; onlining it again keeps the unplugged part out.
 */
static void virtio_mem_sbm_partial_offline_online(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct zone *movable;

	fx_machine(fx, VM_MACHINE, "memhp_default_state=online_movable");
	sys = fx->sys;
	request(fx->m, 160ULL << 20);
	movable = fx_zone(sys, 1, ZONE_MOVABLE);
	assert_int_equal(fx_block_write(sys, 33, "state", "offline"), 0);
	assert_int_equal(movable->managed_pages, BLOCK_PAGES);
	machine_verify_clean(fx->m);
	assert_int_equal(fx_block_write(sys, 33, "state", "online_movable"), 0);
	assert_int_equal(movable->managed_pages, BLOCK_PAGES + 16 * SB_PAGES);
	machine_verify_clean(fx->m);
	/* unplug 96 MiB: 33's 32 MiB first (then it goes), then 64 MiB of 32's top */
	request(fx->m, 64ULL << 20);
	plugged_is(fx->m, 64ULL << 20);
	assert_null(find_memory_block_by_id(sys, 33));
	assert_int_equal(movable->managed_pages, 32 * SB_PAGES);
	machine_verify_clean(fx->m);
}

/* Big Block Mode: 256 MiB device blocks, two memory blocks each, added and removed whole. */
static void virtio_mem_bbm_plug_unplug(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	char opts[600];

	snprintf(opts, sizeof(opts), "%s", VM_MACHINE);
	strcpy(strstr(opts, "requested-size=0"), "block-size=256M,requested-size=0");
	fx_machine(fx, opts, "memhp_default_state=online_movable");
	sys = fx->sys;
	request(fx->m, 768ULL << 20);
	plugged_is(fx->m, 768ULL << 20);
	assert_non_null(find_memory_block_by_id(sys, 37));
	assert_null(find_memory_block_by_id(sys, 38));
	request(fx->m, 256ULL << 20);
	plugged_is(fx->m, 256ULL << 20);
	assert_non_null(find_memory_block_by_id(sys, 33));
	assert_null(find_memory_block_by_id(sys, 34));
	qmp_expect(fx->m, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":"
		   "\"/machine/peripheral/vm0\",\"property\":\"requested-size\",\"value\":"
		   "134217728}}", "error GenericError: 'requested-size' has to be multiples of "
		   "'block-size' (0x10000000)");
	machine_verify_clean(fx->m);
}

/* QEMU's checks of a hot-plugged virtio-mem-pci, and of one on the command line. */
static void virtio_mem_qemu_property_checks(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m;
	struct hm_buf err;

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-m 1G,maxmem=4G -object memory-backend-ram,"
					"id=v,size=1G -device virtio-mem-pci,id=vm0,memdev=v,"
					"block-size=3M", NULL, &err), -EINVAL);
	assert_non_null(strstr(hm_buf_str(&err), "'block-size' property has to be a power of two"));
	hm_buf_free(&err);

	fx_machine(fx, "-m 1G,slots=2,maxmem=8G -smp 1", NULL);
	qmp_expect(fx->m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		   "\"memory-backend-ram\",\"id\":\"v\",\"size\":1073741824}}", "ok");
	qmp_expect(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":"
		   "\"virtio-mem-pci\",\"id\":\"vm0\",\"memdev\":\"v\",\"block-size\":524288}}",
		   "error GenericError: 'block-size' property has to be at least 0x100000");
	qmp_expect(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":"
		   "\"virtio-mem-pci\",\"id\":\"vm0\",\"memdev\":\"v\",\"memaddr\":4296015872}}",
		   "error GenericError: address must be aligned to 0x200000 bytes");
	qmp_expect(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":"
		   "\"virtio-mem-pci\",\"id\":\"vm0\",\"memdev\":\"v\",\"requested-size\":"
		   "268435456}}", "ok");
	assert_int_equal(machine_guest_sync(fx->m), 0);
	plugged_is(fx->m, 256ULL << 20);
	assert_block_sysfs(fx->sys, 33, "state", "offline\n");
	qmp_expect(fx->m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"vm0\"}}",
		   "error GenericError: virtio based memory devices cannot be unplugged.");
	machine_verify_clean(fx->m);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(alloc_contig_range_free_range),
		T(alloc_contig_range_migrates),
		T(alloc_contig_range_unmovable_ebusy),
		TE(virtio_mem_sbm_fake_offline),
		TE(virtio_mem_sbm_partial_offline_online),
		TE(virtio_mem_bbm_plug_unplug),
		TE(virtio_mem_qemu_property_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
