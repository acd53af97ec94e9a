// SPDX-License-Identifier: GPL-2.0
/*
 * test_memory_hotplug.c - unit tests for src/kernel/memory_hotplug.c: hot-add
 * (alignment, overlap, impossible nodes, allocation failures), online to
 * each zone type with the exact spans and page counts, valid_zones, offline
 * shrinking the spans, hot-remove (-EBUSY while online, then a complete
 * clean-up, a new node going away again), offline_and_remove_memory,
 * auto-online and the auto-movable online policy.
 *
 * Two tests pin properties the project depends on:
 *  - the remove order: try_remove_memory removes memblock only after the
 *    block devices and the sections are gone, which arm64 with the
 *    memblock-based pfn_valid needs to find and remove the node links
 *    (with a twin that shows the stale link the other order leaves);
 *  - hot-remove never reads a struct page: never-onlined memory has
 *    poisoned struct pages and removing it must not count a single
 *    poisoned read (with a control that shows the counter works).
 *
 * Most tests run on a fresh default pc machine (1 GiB of boot RAM, hotplug
 * memory from 4 GiB = block 32); some boot a hand-built system.  The
 * teardown runs verify_system() on every one of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

#define BPFN(b)		((unsigned long)(b) * BLOCK_PAGES)
#define BADDR(b)	((uint64_t)(b) * SZ_128M)
#define BOOT_PRESENT	(BOOT_DMA_PRESENT + BOOT_DMA32_PRESENT)
#define NR_BOOT_FWMAP	7	/* entries of the default machine's e820 */

static const uint64_t ram_1g[] = { 0, 1ULL << 30 };
/* RAM with a one-block hole at [512 MiB, 640 MiB) inside ZONE_DMA32 */
static const uint64_t ram_hole[] = { 0, 512ULL << 20, 640ULL << 20, 1ULL << 30 };

static const struct firmware_map_entry *fw_entry(struct hm_system *sys, uint64_t start,
						 uint64_t size)
{
	const struct firmware_map_entry *e;

	for (e = sys->fwmap.entries; e; e = e->next)
		if (e->start == start && e->end == start + size - 1)
			return e;
	return NULL;
}

static unsigned long nr_fw_entries(struct hm_system *sys)
{
	const struct firmware_map_entry *e;
	unsigned long n = 0;

	for (e = sys->fwmap.entries; e; e = e->next)
		n++;
	return n;
}

static bool log_has(struct hm_system *sys, const char *text)
{
	return printk_log_contains(&sys->log, text);
}

/*
 * Everything a failed add or remove must leave alone: /proc/iomem, the
 * firmware map, the blocks, memblock, the linear map, the sections, the
 * node states and the live allocations.
 */
struct sys_snap {
	struct hm_buf iomem;
	unsigned long nr_fw, nr_blocks, nr_live, nr_memmap, nr_direct, nr_memblock;
	nodemask_t online, possible;
	unsigned long present, totalram;
};

static void snap_take(struct hm_system *sys, struct sys_snap *s)
{
	hm_buf_init(&s->iomem);
	assert_int_equal(sysfs_read(sys, "/proc/iomem", &s->iomem), 0);
	s->nr_fw = nr_fw_entries(sys);
	s->nr_blocks = sys->memory.nr_blocks;
	s->nr_live = sys->alloc.nr_live;
	s->nr_memmap = sys->sparse.nr_memmap_sections;
	s->nr_direct = sys->direct_map.nr;
	s->nr_memblock = sys->memblock.memory.cnt;
	s->online = sys->node_states[N_ONLINE];
	s->possible = sys->node_states[N_POSSIBLE];
	s->present = NODE_DATA(sys, 0)->node_present_pages;
	s->totalram = totalram_pages(sys);
}

static void snap_check_free(struct hm_system *sys, struct sys_snap *s)
{
	struct hm_buf now;

	hm_buf_init(&now);
	assert_int_equal(sysfs_read(sys, "/proc/iomem", &now), 0);
	if (strcmp(hm_buf_str(&now), hm_buf_str(&s->iomem)))
		print_error("iomem before:\n%s\nafter:\n%s\n", hm_buf_str(&s->iomem),
			    hm_buf_str(&now));
	assert_string_equal(hm_buf_str(&now), hm_buf_str(&s->iomem));
	hm_buf_free(&now);
	hm_buf_free(&s->iomem);
	assert_int_equal(nr_fw_entries(sys), s->nr_fw);
	assert_int_equal(sys->memory.nr_blocks, s->nr_blocks);
	assert_int_equal(sys->alloc.nr_live, s->nr_live);
	assert_int_equal(sys->sparse.nr_memmap_sections, s->nr_memmap);
	assert_int_equal(sys->direct_map.nr, s->nr_direct);
	assert_int_equal(sys->memblock.memory.cnt, s->nr_memblock);
	assert_int_equal(sys->node_states[N_ONLINE], s->online);
	assert_int_equal(sys->node_states[N_POSSIBLE], s->possible);
	assert_int_equal(NODE_DATA(sys, 0)->node_present_pages, s->present);
	assert_int_equal(totalram_pages(sys), s->totalram);
}

/* ---------------------------------------------------------------- add */

/*
 * add_memory of 256 MiB at 4 GiB.  Expect blocks 32 and 33, offline, on
 * node 0 with links both ways; their sections present and valid but not
 * online; a busy "System RAM" resource of exactly the range; a firmware
 * map entry numbered 7 (after the 7 boot entries); the range in the linear
 * map; max_pfn raised; no zone, present or managed count touched; one
 * KOBJ_ADD per block.
 */
static void add_memory_simple(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const struct firmware_map_entry *e;
	unsigned long uevents = sys->stats.uevents, totalram = totalram_pages(sys), id;
	struct resource *res;

	assert_int_equal(nr_fw_entries(sys), NR_BOOT_FWMAP);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);

	assert_int_equal(sys->memory.nr_blocks, 10);
	for (id = 32; id < 34; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);
		struct mem_section *ms = __nr_to_section(sys, id);

		assert_non_null(mem);
		assert_int_equal(mem->state, MEM_OFFLINE);
		assert_true(mem->dev_offline);
		assert_int_equal(mem->nid, 0);
		assert_null(mem->zone);
		assert_int_equal(mem->node_links, 1);
		assert_true(node_has_memory_link(sys, 0, id));
		assert_int_equal(ms->flags, SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP);
		assert_int_equal(ms->usage->subsection_map, ~0ULL);
	}
	assert_block_sysfs(sys, 32, "state", "offline\n");
	assert_block_sysfs(sys, 33, "online", "0\n");
	assert_block_sysfs(sys, 33, "phys_index", "00000021\n");

	res = resource_lookup(&sys->iomem_resource, SZ_4G);
	assert_non_null(res);
	assert_string_equal(res->name, "System RAM");
	assert_int_equal(res->start, SZ_4G);
	assert_int_equal(res->end, SZ_4G + SZ_256M - 1);
	assert_int_equal(res->flags & (IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY |
				       IORESOURCE_SYSRAM_DRIVER_MANAGED),
			 IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);

	assert_int_equal(nr_fw_entries(sys), NR_BOOT_FWMAP + 1);
	e = fw_entry(sys, SZ_4G, SZ_256M);
	assert_non_null(e);
	assert_int_equal(e->nr, 7);
	assert_string_equal(e->type, "System RAM");
	assert_sysfs(sys, "/sys/firmware/memmap/7/start", "0x100000000\n");
	assert_sysfs(sys, "/sys/firmware/memmap/7/end", "0x10fffffff\n");

	assert_true(arch_range_is_mapped(sys, SZ_4G, SZ_4G + SZ_256M));
	assert_int_equal(sys->max_pfn, PHYS_PFN(SZ_4G + SZ_256M));
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), 0, 0);
	assert_zone_span(fx_zone(sys, 0, ZONE_MOVABLE), 0, 0);
	assert_node_span(NODE_DATA(sys, 0), BOOT_DMA_START, BOOT_NODE_END - 1);
	assert_int_equal(NODE_DATA(sys, 0)->node_present_pages, BOOT_PRESENT);
	assert_int_equal(totalram_pages(sys), totalram);
	assert_int_equal(sys->stats.uevents, uevents + 2);
	assert_int_equal(sys->log.warnings, 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Ranges that are not whole blocks: a start 64 MiB into a block, a 64 MiB
 * size, 128 MiB + 4 KiB.  Expect -EINVAL and nothing changed (the resource
 * requested first is released).  A size of 0 and a range past the 46-bit
 * physical address space fail earlier, in register_memory_resource, with
 * -E2BIG, as upstream's mhp_range_allowed does.
 */
static void add_memory_misaligned_einval(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct sys_snap snap;

	snap_take(sys, &snap);
	assert_int_equal(add_memory(sys, 0, SZ_4G + (64ULL << 20), SZ_128M, MHP_NONE), -EINVAL);
	assert_int_equal(add_memory(sys, 0, SZ_4G, 64ULL << 20, MHP_NONE), -EINVAL);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M + PAGE_SIZE, MHP_NONE), -EINVAL);
	assert_int_equal(add_memory(sys, 0, SZ_4G, 0, MHP_NONE), -E2BIG);
	assert_int_equal(add_memory(sys, 0, 1ULL << MAX_PHYSMEM_BITS, SZ_128M, MHP_NONE),
			 -E2BIG);
	assert_int_equal(add_memory(sys, 0, (1ULL << MAX_PHYSMEM_BITS) - SZ_128M, SZ_256M,
				    MHP_NONE), -E2BIG);
	snap_check_free(sys, &snap);
	assert_true(log_has(sys, "unaligned hotplug range"));
	assert_true(log_has(sys, "exceeds maximum addressable range"));
}

/*
 * Overlapping ranges: the same range again, one overlapping its top half,
 * one inside it, and boot RAM (block 7).  Expect -EEXIST each time and
 * nothing changed.
 */
static void add_memory_overlap_eexist(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct sys_snap snap;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	snap_take(sys, &snap);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), -EEXIST);
	assert_int_equal(add_memory(sys, 0, SZ_4G + SZ_128M, SZ_256M, MHP_NONE), -EEXIST);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), -EEXIST);
	assert_int_equal(add_memory(sys, 0, BADDR(7), SZ_128M, MHP_NONE), -EEXIST);
	snap_check_free(sys, &snap);
	assert_null(find_memory_block_by_id(sys, 34));
	assert_true(log_has(sys, "Unable to reserve System RAM region"));
}

/*
 * Nodes that are not possible (the machine has only node 0): 1, 63, -1 and
 * MAX_NUMNODES.  Expect -EINVAL with a WARN each, and nothing changed.
 */
static void add_memory_node_not_possible_einval(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const int nids[] = { 1, MAX_NUMNODES - 1, NUMA_NO_NODE, MAX_NUMNODES };
	struct sys_snap snap;
	unsigned long i;

	snap_take(sys, &snap);
	for (i = 0; i < ARRAY_SIZE(nids); i++) {
		assert_int_equal(add_memory(sys, nids[i], SZ_4G, SZ_128M, MHP_NONE), -EINVAL);
		assert_int_equal(sys->log.warnings, i + 1);
	}
	snap_check_free(sys, &snap);
	assert_null(NODE_DATA(sys, 1));
	assert_true(log_has(sys, "node 1 was absent from the node_possible_map"));
	sys->log.warnings = 0;
}

/*
 * Allocation failures of add_memory, the N-th allocation failed for N = 1,
 * 2, ... until the add succeeds, on a hand-built system where the memory
 * goes to a new node 1.  Expect -ENOMEM every time with nothing changed
 * (the new node's pgdat may stay allocated, as upstream never frees it),
 * a clean verify_system, node 1 neither online nor registered; and at
 * least 5 failure points before the success.
 */
static void add_memory_enomem_loop_changes_nothing(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long n;
	int ret;

	fx_boot(fx, NULL, ram_1g, 1, 0x3, 0x1);
	sys = fx->sys;
	for (n = 1; n < 100; n++) {
		bool had_pgdat = NODE_DATA(sys, 1) != NULL;
		struct sys_snap snap;

		snap_take(sys, &snap);
		sys->alloc.fail_at = sys->alloc.nr_calls + n;
		ret = add_memory(sys, 1, SZ_4G, SZ_256M, MHP_NONE);
		sys->alloc.fail_at = 0;
		if (!ret) {
			hm_buf_free(&snap.iomem);
			break;
		}
		assert_int_equal(ret, -ENOMEM);
		if (NODE_DATA(sys, 1) && !had_pgdat)
			snap.nr_live++;		/* hotadd_init_pgdat's pgdat stays */
		snap_check_free(sys, &snap);
		assert_false(node_online(sys, 1));
		assert_false(node_is_registered(sys, 1));
		assert_verify_clean(sys);
	}
	assert_int_equal(ret, 0);
	assert_true(n > 5);
	assert_true(node_online(sys, 1));
	assert_true(node_has_memory_link(sys, 1, 33));
	assert_int_equal(sys->alloc.nr_failed, n - 1);
}

/*
 * add_memory_driver_managed ("System RAM (kmem)").  Expect the resource to
 * carry the name and IORESOURCE_SYSRAM_DRIVER_MANAGED, no firmware map
 * entry, the blocks as usual; names not of the form "System RAM (...)" to
 * be -EINVAL.
 */
static void add_memory_driver_managed_no_fwmap(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct resource *res;

	assert_int_equal(add_memory_driver_managed(sys, 0, SZ_4G, SZ_128M, "System RAM",
						   MHP_NONE), -EINVAL);
	assert_int_equal(add_memory_driver_managed(sys, 0, SZ_4G, SZ_128M, "System RAM (kmem",
						   MHP_NONE), -EINVAL);
	assert_int_equal(add_memory_driver_managed(sys, 0, SZ_4G, SZ_128M, "kmem", MHP_NONE),
			 -EINVAL);
	assert_int_equal(add_memory_driver_managed(sys, 0, SZ_4G, SZ_128M, "System RAM (kmem)",
						   MHP_NONE), 0);
	res = resource_lookup(&sys->iomem_resource, SZ_4G);
	assert_non_null(res);
	assert_string_equal(res->name, "System RAM (kmem)");
	assert_true(res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED);
	assert_int_equal(nr_fw_entries(sys), NR_BOOT_FWMAP);
	assert_non_null(find_memory_block_by_id(sys, HOTPLUG_BLOCK));
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_null(resource_lookup(&sys->iomem_resource, SZ_4G));
}

/* -------------------------------------------------------------- online */

/*
 * Online to ZONE_MOVABLE ("online_movable").  Expect Movable to be exactly
 * the block, with present, managed and free pages of one block; Normal
 * untouched; the node span to reach the end of the block; node present
 * pages and totalram up by one block; the block's zone Movable, its
 * section online; valid_zones "Movable".
 */
static void online_pages_movable(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	unsigned long totalram = totalram_pages(sys);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	fx_set_state(sys, HOTPLUG_BLOCK, "online_movable");
	assert_zone_span(movable, HOTPLUG_PFN, BLOCK_PAGES);
	assert_int_equal(movable->present_pages, BLOCK_PAGES);
	assert_int_equal(movable->managed_pages, BLOCK_PAGES);
	assert_int_equal(movable->nr_free_pages, BLOCK_PAGES);
	assert_int_equal(movable->present_early_pages, 0);
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), 0, 0);
	assert_node_span(NODE_DATA(sys, 0), 1, HOTPLUG_PFN + BLOCK_PAGES - 1);
	assert_int_equal(NODE_DATA(sys, 0)->node_present_pages, BOOT_PRESENT + BLOCK_PAGES);
	assert_int_equal(totalram_pages(sys), totalram + BLOCK_PAGES);
	assert_ptr_equal(find_memory_block_by_id(sys, HOTPLUG_BLOCK)->zone, movable);
	assert_true(online_section(__nr_to_section(sys, HOTPLUG_BLOCK)));
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "online\n");
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "online", "1\n");
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "valid_zones", "Movable\n");
	assert_non_null(pfn_to_online_page(sys, HOTPLUG_PFN));
	assert_int_equal(page_zonenum(sys, pfn_to_online_page(sys, HOTPLUG_PFN)), ZONE_MOVABLE);
}

/*
 * Online to ZONE_NORMAL, block 32 with "online_kernel" and block 33 with
 * "online" (the default zone outside every span is the kernel zone).
 * Expect Normal to span both blocks with their pages present and managed,
 * Movable untouched, N_NORMAL_MEMORY and N_MEMORY set.
 */
static void online_pages_normal(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online_kernel");
	assert_zone_span(normal, HOTPLUG_PFN, BLOCK_PAGES);
	fx_set_state(sys, 33, "online");
	assert_zone_span(normal, HOTPLUG_PFN, 2 * BLOCK_PAGES);
	assert_int_equal(normal->present_pages, 2 * BLOCK_PAGES);
	assert_int_equal(normal->managed_pages, 2 * BLOCK_PAGES);
	assert_int_equal(normal->nr_free_pages, 2 * BLOCK_PAGES);
	assert_zone_span(fx_zone(sys, 0, ZONE_MOVABLE), 0, 0);
	assert_ptr_equal(find_memory_block_by_id(sys, 33)->zone, normal);
	assert_node_span(NODE_DATA(sys, 0), 1, HOTPLUG_PFN + 2 * BLOCK_PAGES - 1);
	assert_true(node_state(sys, 0, N_NORMAL_MEMORY));
	assert_true(node_state(sys, 0, N_MEMORY));
	assert_block_sysfs(sys, 33, "valid_zones", "Normal\n");
}

/*
 * Online into ZONE_DMA32: a hand-built machine whose boot RAM has a hole
 * at block 4, inside the DMA32 span; the hole hot-added and onlined with
 * "online_kernel".  Expect valid_zones "DMA32 Movable" before; DMA32's span
 * unchanged ([4096, 262144)), its present pages up from 225280 to 258048
 * and managed up by one block; the block's zone DMA32.
 */
static void online_pages_dma32(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct zone *dma32;
	unsigned long managed;

	fx_boot(fx, NULL, ram_hole, 2, 0x1, 0x1);
	sys = fx->sys;
	dma32 = fx_zone(sys, 0, ZONE_DMA32);
	assert_int_equal(sys->memory.nr_blocks, 7);
	assert_null(find_memory_block_by_id(sys, 4));
	assert_zone_span(dma32, 4096, 258048);
	assert_int_equal(dma32->present_pages, 225280);
	managed = dma32->managed_pages;

	assert_int_equal(add_memory(sys, 0, BADDR(4), SZ_128M, MHP_NONE), 0);
	assert_block_sysfs(sys, 4, "valid_zones", "DMA32 Movable\n");
	fx_set_state(sys, 4, "online_kernel");
	assert_zone_span(dma32, 4096, 258048);
	assert_int_equal(dma32->present_pages, 258048);
	assert_int_equal(dma32->present_early_pages, 225280);
	assert_int_equal(dma32->managed_pages, managed + BLOCK_PAGES);
	assert_ptr_equal(find_memory_block_by_id(sys, 4)->zone, dma32);
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), 0, 0);
	assert_block_sysfs(sys, 4, "valid_zones", "DMA32\n");

	fx_set_state(sys, 4, "offline");
	assert_zone_span(dma32, 4096, 258048);
	assert_int_equal(dma32->present_pages, 225280);
	assert_int_equal(dma32->managed_pages, managed);
}

/*
 * valid_zones of offline blocks 32-39 as the zones around them change.
 * Movable is made to span [32, 39) (32 and 38 online_movable), Normal
 * [34, 37) inside it (34 and 36 online_kernel).  Expect: "Normal Movable"
 * while no zone is near; "Movable Normal" inside the Movable span only
 * (33, 37), and "online" there picks Movable; "Normal Movable" where both
 * spans intersect the block (35: the kernel zone wins) and where none does
 * (39, just past Movable's end); with movable_node "Movable Normal" for
 * all of them; the online ones their zone, "none" for block 0 and "DMA32"
 * for a boot block.
 */
static void valid_zones_show_cases(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);

	assert_block_sysfs(sys, 0, "valid_zones", "none\n");
	assert_block_sysfs(sys, 5, "valid_zones", "DMA32\n");
	assert_int_equal(add_memory(sys, 0, SZ_4G, 8 * SZ_128M, MHP_NONE), 0);
	assert_block_sysfs(sys, 32, "valid_zones", "Normal Movable\n");
	assert_block_sysfs(sys, 39, "valid_zones", "Normal Movable\n");

	fx_set_state(sys, 32, "online_movable");
	fx_set_state(sys, 38, "online_movable");
	assert_zone_span(movable, BPFN(32), 7 * BLOCK_PAGES);
	assert_block_sysfs(sys, 32, "valid_zones", "Movable\n");
	assert_block_sysfs(sys, 33, "valid_zones", "Movable Normal\n");
	assert_block_sysfs(sys, 35, "valid_zones", "Movable Normal\n");
	assert_block_sysfs(sys, 39, "valid_zones", "Normal Movable\n");
	fx_set_state(sys, 33, "online");
	assert_ptr_equal(find_memory_block_by_id(sys, 33)->zone, movable);

	fx_set_state(sys, 34, "online_kernel");
	fx_set_state(sys, 36, "online_kernel");
	assert_zone_span(normal, BPFN(34), 3 * BLOCK_PAGES);
	assert_zone_span(movable, BPFN(32), 7 * BLOCK_PAGES);
	assert_block_sysfs(sys, 34, "valid_zones", "Normal\n");
	assert_block_sysfs(sys, 35, "valid_zones", "Normal Movable\n");
	assert_block_sysfs(sys, 37, "valid_zones", "Movable Normal\n");
	assert_block_sysfs(sys, 39, "valid_zones", "Normal Movable\n");

	sys->params.movable_node = true;
	assert_block_sysfs(sys, 35, "valid_zones", "Movable Normal\n");
	assert_block_sysfs(sys, 37, "valid_zones", "Movable Normal\n");
	assert_block_sysfs(sys, 39, "valid_zones", "Movable Normal\n");
	sys->params.movable_node = false;

	fx_set_state(sys, 35, "online");
	assert_ptr_equal(find_memory_block_by_id(sys, 35)->zone, normal);
	assert_block_sysfs(sys, 35, "valid_zones", "Normal\n");
}

/*
 * Offline shrinking: Normal blocks 32 and 33, offline 33 then 32.  Expect
 * Normal to shrink to block 32, then to empty (start 0, spanned 0), the
 * node span and present pages and totalram back to the boot values,
 * N_MEMORY and N_NORMAL_MEMORY kept (boot memory), KOBJ_OFFLINE each.
 */
static void offline_pages_shrinks_spans(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);
	unsigned long totalram = totalram_pages(sys), uevents;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online");
	fx_set_state(sys, 33, "online");
	uevents = sys->stats.uevents;

	fx_set_state(sys, 33, "offline");
	assert_zone_span(normal, HOTPLUG_PFN, BLOCK_PAGES);
	assert_int_equal(normal->present_pages, BLOCK_PAGES);
	assert_int_equal(normal->managed_pages, BLOCK_PAGES);
	assert_node_span(NODE_DATA(sys, 0), 1, HOTPLUG_PFN + BLOCK_PAGES - 1);
	assert_false(online_section(__nr_to_section(sys, 33)));
	assert_null(find_memory_block_by_id(sys, 33)->zone);

	fx_set_state(sys, 32, "offline");
	assert_zone_span(normal, 0, 0);
	assert_int_equal(normal->present_pages, 0);
	assert_int_equal(normal->managed_pages, 0);
	assert_int_equal(normal->nr_free_pages, 0);
	assert_node_span(NODE_DATA(sys, 0), BOOT_DMA_START, BOOT_NODE_END - 1);
	assert_int_equal(NODE_DATA(sys, 0)->node_present_pages, BOOT_PRESENT);
	assert_int_equal(totalram_pages(sys), totalram);
	assert_true(node_state(sys, 0, N_MEMORY));
	assert_true(node_state(sys, 0, N_NORMAL_MEMORY));
	assert_int_equal(sys->stats.uevents, uevents + 2);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/* -------------------------------------------------------------- remove */

/*
 * remove_memory while block 33 is online.  Expect -EBUSY with the reason
 * logged and nothing changed.  After offlining it, expect 0 and nothing
 * left of the range: no block (nor its sysfs directory), no firmware map
 * entry, no System RAM in iomem, no node link either way, sections not
 * present with their usage freed, the linear map and the live allocations
 * back to what they were before the add.
 */
static void remove_memory_simple(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long live = sys->alloc.nr_live, id;
	struct sysfs_stat st;
	struct sys_snap snap;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 33, "online");
	snap_take(sys, &snap);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_256M), -EBUSY);
	snap_check_free(sys, &snap);
	assert_non_null(find_memory_block_by_id(sys, 32));
	assert_true(log_has(sys, "removing memory fails, because memory "
				 "[0x108000000-0x10fffffff] is onlined"));

	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M + SZ_1M), -EINVAL);
	fx_set_state(sys, 33, "offline");
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_256M), 0);

	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_int_equal(nr_fw_entries(sys), NR_BOOT_FWMAP);
	assert_null(fw_entry(sys, SZ_4G, SZ_256M));
	assert_sysfs(sys, "/sys/firmware/memmap/6/type", "Reserved\n");
	assert_int_equal(sysfs_stat(sys, "/sys/firmware/memmap/7", &st), -ENOENT);
	assert_int_equal(region_intersects(&sys->iomem_resource, SZ_4G, SZ_256M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
	assert_null(resource_lookup(&sys->iomem_resource, SZ_4G));
	for (id = 32; id < 34; id++) {
		struct mem_section *ms = __nr_to_section(sys, id);

		assert_null(find_memory_block_by_id(sys, id));
		assert_false(node_has_memory_link(sys, 0, id));
		assert_int_equal(ms->flags, 0);
		assert_null(ms->usage);
		assert_null(ms->memmap);
	}
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/memory/memory32", &st), -ENOENT);
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/node/node0/memory32", &st),
			 -ENOENT);
	assert_null(sys->sparse.rcu_pending);
	assert_false(arch_range_is_mapped(sys, SZ_4G, SZ_4G + SZ_128M));
	assert_int_equal(sys->alloc.nr_live, live);
	assert_true(node_online(sys, 0));
	assert_int_equal(sys->log.warnings, 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Memory on a new node: a hand-built machine with possible nodes 0-1 and
 * a CPU on node 0 only; 256 MiB added to node 1.  Expect node 1 online and
 * registered with links to blocks 32-33, "0-1" online and "0" has_memory
 * until a block is onlined ("0-1" then).  After offline and removal expect
 * node 1 offline and unregistered again ("0"), node 0 untouched; a re-add
 * to bring it back.
 */
static void remove_memory_last_of_new_node(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct sysfs_stat st;

	fx_boot(fx, NULL, ram_1g, 1, 0x3, 0x1);
	sys = fx->sys;
	assert_false(node_online(sys, 1));
	assert_sysfs(sys, "/sys/devices/system/node/online", "0\n");
	assert_sysfs(sys, "/sys/devices/system/node/possible", "0-1\n");

	assert_int_equal(add_memory(sys, 1, SZ_4G, SZ_256M, MHP_NONE), 0);
	assert_true(node_online(sys, 1));
	assert_true(node_is_registered(sys, 1));
	assert_true(node_has_memory_link(sys, 1, 32));
	assert_true(node_has_memory_link(sys, 1, 33));
	assert_false(node_has_memory_link(sys, 0, 32));
	assert_int_equal(find_memory_block_by_id(sys, 32)->nid, 1);
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/memory/memory32/node1", &st), 0);
	assert_sysfs(sys, "/sys/devices/system/node/online", "0-1\n");
	assert_sysfs(sys, "/sys/devices/system/node/has_memory", "0\n");

	fx_set_state(sys, 32, "online_movable");
	assert_sysfs(sys, "/sys/devices/system/node/has_memory", "0-1\n");
	assert_sysfs(sys, "/sys/devices/system/node/has_normal_memory", "0\n");
	assert_zone_span(fx_zone(sys, 1, ZONE_MOVABLE), HOTPLUG_PFN, BLOCK_PAGES);
	fx_set_state(sys, 32, "offline");
	assert_sysfs(sys, "/sys/devices/system/node/has_memory", "0\n");

	assert_int_equal(remove_memory(sys, SZ_4G, SZ_256M), 0);
	assert_false(node_online(sys, 1));
	assert_false(node_is_registered(sys, 1));
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/node/node1", &st), -ENOENT);
	assert_sysfs(sys, "/sys/devices/system/node/online", "0\n");
	assert_true(node_online(sys, 0));
	assert_int_equal(sys->memory.nr_blocks, 8);

	assert_int_equal(add_memory(sys, 1, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_true(node_is_registered(sys, 1));
	assert_true(node_has_memory_link(sys, 1, 32));
}

/*
 * A node that has a CPU (possible 0-1, CPUs on both) keeps its device when
 * its hot-added memory goes.  Expect node 1 online before the add (a
 * memoryless CPU node), and still online and registered after the remove.
 */
static void remove_memory_cpu_node_stays_online(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_boot(fx, NULL, ram_1g, 1, 0x3, 0x3);
	sys = fx->sys;
	assert_true(node_online(sys, 1));
	assert_true(node_is_registered(sys, 1));
	assert_int_equal(add_memory(sys, 1, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_true(node_online(sys, 1));
	assert_true(node_is_registered(sys, 1));
	assert_false(node_has_memory_link(sys, 1, 32));
	assert_sysfs(sys, "/sys/devices/system/node/online", "0-1\n");
}

/*
 * offline_and_remove_memory of blocks 32 (Movable) and 33 (Normal), both
 * online.  Expect 0, both zones empty again, no block, no firmware map
 * entry, present pages at the boot value.
 */
static void offline_and_remove_memory_simple(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long live = sys->alloc.nr_live;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online_movable");
	fx_set_state(sys, 33, "online_kernel");
	assert_int_equal(offline_and_remove_memory(sys, SZ_4G, SZ_256M), 0);
	assert_null(find_memory_block_by_id(sys, 32));
	assert_null(find_memory_block_by_id(sys, 33));
	assert_zone_span(fx_zone(sys, 0, ZONE_MOVABLE), 0, 0);
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), 0, 0);
	assert_null(fw_entry(sys, SZ_4G, SZ_256M));
	assert_int_equal(NODE_DATA(sys, 0)->node_present_pages, BOOT_PRESENT);
	assert_int_equal(sys->alloc.nr_live, live);
}

/*
 * offline_and_remove_memory failures.  Expect: a misaligned range -EINVAL;
 * the first allocation failing -ENOMEM with the block still online; boot
 * blocks 6-7, where 6 offlines but 7 cannot (a memory hole at its top),
 * -EINVAL with block 6 re-onlined to DMA32 (it was kernel memory), both
 * online and DMA32's present pages back to the boot value.
 */
static void offline_and_remove_memory_errors(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *dma32 = fx_zone(sys, 0, ZONE_DMA32);

	assert_int_equal(offline_and_remove_memory(sys, SZ_4G, SZ_1M), -EINVAL);
	assert_int_equal(offline_and_remove_memory(sys, SZ_4G + SZ_1M, SZ_128M), -EINVAL);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online_movable");
	sys->alloc.fail_at = sys->alloc.nr_calls + 1;
	assert_int_equal(offline_and_remove_memory(sys, SZ_4G, SZ_128M), -ENOMEM);
	sys->alloc.fail_at = 0;
	assert_int_equal(find_memory_block_by_id(sys, 32)->state, MEM_ONLINE);

	assert_int_equal(offline_and_remove_memory(sys, BADDR(6), SZ_256M), -EINVAL);
	assert_int_equal(find_memory_block_by_id(sys, 6)->state, MEM_ONLINE);
	assert_ptr_equal(find_memory_block_by_id(sys, 6)->zone, dma32);
	assert_int_equal(find_memory_block_by_id(sys, 7)->state, MEM_ONLINE);
	assert_int_equal(dma32->present_pages, BOOT_DMA32_PRESENT);
	assert_true(log_has(sys, "failed due to memory holes"));
	assert_false(log_has(sys, "Failed to re-online"));
}

/* --------------------------------------------------------- auto-online */

/*
 * Auto-online by the default online type (memhp_default_state /
 * auto_online_blocks).  Expect: online_movable - the new block online in
 * Movable; online_kernel (written to auto_online_blocks) - Normal;
 * online - the kernel zone; offline - the block stays offline.
 */
static void auto_online_blocks_policies(void **state)
{
	struct hm_system *sys = fx_sys(state);

	sys->params.default_online_type = MMOP_ONLINE_MOVABLE;
	assert_int_equal(add_memory(sys, 0, BADDR(32), SZ_128M, MHP_NONE), 0);
	assert_int_equal(find_memory_block_by_id(sys, 32)->state, MEM_ONLINE);
	assert_ptr_equal(find_memory_block_by_id(sys, 32)->zone, fx_zone(sys, 0, ZONE_MOVABLE));

	assert_int_equal(fx_write(sys, "/sys/devices/system/memory/auto_online_blocks",
				  "online_kernel"), 0);
	assert_int_equal(sys->params.default_online_type, MMOP_ONLINE_KERNEL);
	assert_int_equal(add_memory(sys, 0, BADDR(34), SZ_128M, MHP_NONE), 0);
	assert_ptr_equal(find_memory_block_by_id(sys, 34)->zone, fx_zone(sys, 0, ZONE_NORMAL));

	sys->params.default_online_type = MMOP_ONLINE;
	assert_int_equal(add_memory(sys, 0, BADDR(36), SZ_128M, MHP_NONE), 0);
	assert_ptr_equal(find_memory_block_by_id(sys, 36)->zone, fx_zone(sys, 0, ZONE_NORMAL));
	assert_int_equal(find_memory_block_by_id(sys, 36)->online_type, MMOP_OFFLINE);

	sys->params.default_online_type = MMOP_OFFLINE;
	assert_int_equal(add_memory(sys, 0, BADDR(38), SZ_128M, MHP_NONE), 0);
	assert_int_equal(find_memory_block_by_id(sys, 38)->state, MEM_OFFLINE);
	assert_zone_span(fx_zone(sys, 0, ZONE_NORMAL), BPFN(34), 3 * BLOCK_PAGES);
}

/*
 * The auto-movable policy without memory groups.  The boot kernel zones
 * hold 262014 early present pages.  With auto_movable_ratio 26 the Movable
 * limit is 26% of them, 68123 pages: two blocks (65536) fit, a third does
 * not.  Expect auto-online of three blocks to put 32 and 33 in Movable and
 * 34 in Normal; valid_zones of an offline block to start with Movable at
 * the default ratio 301 and with Normal at ratio 0.
 */
static void online_policy_auto_movable(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *movable = fx_zone(sys, 0, ZONE_MOVABLE);
	struct zone *normal = fx_zone(sys, 0, ZONE_NORMAL);

	assert_int_equal(fx_zone(sys, 0, ZONE_DMA)->present_early_pages +
			 fx_zone(sys, 0, ZONE_DMA32)->present_early_pages, 262014);
	sys->params.online_policy = ONLINE_POLICY_AUTO_MOVABLE;
	sys->params.auto_movable_ratio = 26;
	sys->params.default_online_type = MMOP_ONLINE;
	assert_int_equal(add_memory(sys, 0, SZ_4G, 3 * SZ_128M, MHP_NONE), 0);
	assert_ptr_equal(find_memory_block_by_id(sys, 32)->zone, movable);
	assert_ptr_equal(find_memory_block_by_id(sys, 33)->zone, movable);
	assert_ptr_equal(find_memory_block_by_id(sys, 34)->zone, normal);
	assert_int_equal(movable->present_pages, 2 * BLOCK_PAGES);
	assert_int_equal(normal->present_pages, BLOCK_PAGES);

	sys->params.default_online_type = MMOP_OFFLINE;
	sys->params.auto_movable_ratio = 301;
	assert_int_equal(add_memory(sys, 0, BADDR(40), SZ_128M, MHP_NONE), 0);
	assert_block_sysfs(sys, 40, "valid_zones", "Movable Normal\n");
	sys->params.auto_movable_ratio = 0;
	assert_block_sysfs(sys, 40, "valid_zones", "Normal Movable\n");
	sys->params.auto_movable_ratio = 26;
	assert_block_sysfs(sys, 40, "valid_zones", "Normal Movable\n");
}

/* ------------------------------------------------ pin: the remove order */

static const struct hm_arch_config arm64_old_pfn_valid = {
	.kind = HM_ARCH_ARM64,
	.keep_memblock = true,
	.pfn_valid_uses_memblock = true,
};

struct name_list {
	char names[32][16];
	int n;
};

static int collect_names(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct name_list *l = arg;

	if (l->n == 32)
		return -ENOSPC;
	snprintf(l->names[l->n++], sizeof(l->names[0]), "%s", name);
	return 0;
}

static bool node0_lists(struct hm_system *sys, const char *name)
{
	struct name_list l = { .n = 0 };
	int i;

	assert_int_equal(sysfs_readdir(sys, "/sys/devices/system/node/node0", collect_names,
				       &l), 0);
	for (i = 0; i < l.n; i++)
		if (!strcmp(l.names[i], name))
			return true;
	return false;
}

/* arm64 before 5.14 (memblock kept, pfn_valid asks memblock), 1 GiB at 0 */
static struct hm_system *boot_arm64(void **state)
{
	struct fx *fx = *state;

	fx_boot(fx, &arm64_old_pfn_valid, ram_1g, 1, 0x1, 0x1);
	assert_int_equal(fx->sys->memory.block_size, SZ_128M);
	return fx->sys;
}

/*
 * The remove-order pin.  On arm64 with the memblock-based pfn_valid,
 * unregister_memory_block_under_nodes finds a block's nodes through
 * pfn_valid, and so through memblock.  That works only because
 * try_remove_memory removes the memblock range after
 * remove_memory_block_devices and arch_remove_memory: if memblock went
 * first (as before v5.3), pfn_valid would be false for the whole range,
 * no node would be found and node0/memoryN would stay behind, pointing at
 * a block that no longer exists.
 *
 * Add 256 MiB at 1 GiB (blocks 8-9), remove it.  Expect the links to exist
 * while added; after the removal no node0/memory8 or memory9 link (bitmap
 * and readdir), no memory8/node0 link (the block is gone), the memblock
 * range gone; then the same range added again with its links.
 */
static void try_remove_memory_pin_memblock_last(void **state)
{
	struct hm_system *sys = boot_arm64(state);
	const uint64_t start = 1ULL << 30;
	struct sysfs_stat st;

	assert_int_equal(add_memory(sys, 0, start, SZ_256M, MHP_NONE), 0);
	assert_true(memblock_is_region_memory(&sys->memblock, start, SZ_256M));
	assert_true(pfn_valid(sys, PHYS_PFN(start)));
	assert_true(node_has_memory_link(sys, 0, 8));
	assert_true(node_has_memory_link(sys, 0, 9));
	assert_true(node0_lists(sys, "memory8"));
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/memory/memory8/node0", &st), 0);

	assert_int_equal(remove_memory(sys, start, SZ_256M), 0);
	assert_false(node_has_memory_link(sys, 0, 8));
	assert_false(node_has_memory_link(sys, 0, 9));
	assert_false(node0_lists(sys, "memory8"));
	assert_false(node0_lists(sys, "memory9"));
	assert_true(node0_lists(sys, "memory7"));
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/memory/memory8/node0", &st),
			 -ENOENT);
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/node/node0/memory8", &st),
			 -ENOENT);
	assert_false(memblock_is_memory(&sys->memblock, start));
	assert_verify_clean(sys);

	assert_int_equal(add_memory(sys, 0, start, SZ_256M, MHP_NONE), 0);
	assert_true(node_has_memory_link(sys, 0, 8));
	assert_true(node_has_memory_link(sys, 0, 9));
	assert_int_equal(find_memory_block_by_id(sys, 9)->node_links, 1);
	assert_int_equal(sysfs_stat(sys, "/sys/devices/system/memory/memory9/node0", &st), 0);
}

/*
 * The twin of the pin, proving it can fail: memblock_remove() of the range
 * first (the pre-5.3 order), then remove_memory.  Expect the removal to
 * succeed but leave the stale node0/memory8 and node0/memory9 links (bitmap
 * and readdir) and verify_system to report them.  The links are then
 * cleared by hand so that the teardown sees a consistent system.
 */
static void try_remove_memory_pin_old_order_leaves_links(void **state)
{
	struct hm_system *sys = boot_arm64(state);
	const uint64_t start = 1ULL << 30;
	struct node_device *nd = sys->node_devices[0];
	struct hm_buf out;
	unsigned long n;

	assert_int_equal(add_memory(sys, 0, start, SZ_256M, MHP_NONE), 0);
	assert_int_equal(memblock_remove(&sys->memblock, start, SZ_256M), 0);
	assert_false(pfn_valid(sys, PHYS_PFN(start)));
	assert_int_equal(remove_memory(sys, start, SZ_256M), 0);

	assert_null(find_memory_block_by_id(sys, 8));
	assert_true(node_has_memory_link(sys, 0, 8));
	assert_true(node_has_memory_link(sys, 0, 9));
	assert_true(node0_lists(sys, "memory8"));

	hm_buf_init(&out);
	n = verify_system(sys, &out);
	assert_int_equal(n, 2);
	assert_non_null(strstr(hm_buf_str(&out),
			       "node0: link memory8 to a block that does not exist"));
	assert_non_null(strstr(hm_buf_str(&out),
			       "node0: link memory9 to a block that does not exist"));
	hm_buf_free(&out);

	nd->memory_links[0] &= ~(3UL << 8);
	assert_false(node_has_memory_link(sys, 0, 8));
}

/* ------------------------------------------------ pin: no struct page read */

/*
 * The poison pin.  Hot-remove must never read a struct page: the memmap of
 * memory that was never onlined is poisoned, and every page_flags() read
 * of a poisoned page is counted.  Add 256 MiB and never online it; write
 * "offline" to its state (already offline: -EINVAL), "0" to its online
 * file (already offline: success), read its sysfs files, remove it.
 * Expect zero poisoned reads after every step.  Then a second round that
 * onlines and offlines block 32 (poisoning it again) and ends with
 * offline_and_remove_memory: still zero.
 */
static void remove_memory_pin_no_poisoned_reads(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_buf out;

	hm_buf_init(&out);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_true(page_poisoned(pfn_to_page(sys, HOTPLUG_PFN)));
	assert_null(pfn_to_online_page(sys, HOTPLUG_PFN));

	assert_int_equal(fx_block_write(sys, 32, "state", "offline"), -EINVAL);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_int_equal(fx_block_write(sys, 33, "online", "0"), 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_int_equal(sysfs_read(sys, "/sys/devices/system/memory/memory32/valid_zones",
				    &out), 0);
	assert_int_equal(sysfs_read(sys, "/sys/devices/system/memory/memory32/state", &out), 0);
	assert_int_equal(sysfs_read(sys, "/proc/zoneinfo", &out), 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_int_equal(find_memory_block_by_id(sys, 32)->state, MEM_OFFLINE);

	assert_int_equal(remove_memory(sys, SZ_4G, SZ_256M), 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	fx_set_state(sys, 32, "online");
	fx_set_state(sys, 32, "offline");
	assert_true(page_poisoned(pfn_to_page(sys, HOTPLUG_PFN)));
	assert_int_equal(offline_and_remove_memory(sys, SZ_4G, SZ_256M), 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_int_equal(sys->memory.nr_blocks, 8);
	hm_buf_free(&out);
}

/*
 * The control of the poison pin: the detector works.  Expect page_flags()
 * of a never-onlined pfn to return the poison pattern and count one read,
 * page_to_nid() another, and verify_system to report them; the counter is
 * then reset for the teardown.
 */
static void page_poison_detector_catches_reads(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct page *page;
	struct hm_buf out;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	page = pfn_to_page(sys, HOTPLUG_PFN + 100);
	assert_non_null(page);
	assert_int_equal(page_flags(sys, page), PAGE_POISON_PATTERN);
	assert_int_equal(sys->stats.poisoned_page_reads, 1);
	page_to_nid(sys, page);
	assert_int_equal(sys->stats.poisoned_page_reads, 2);

	hm_buf_init(&out);
	assert_int_equal(verify_system(sys, &out), 1);
	assert_string_equal(hm_buf_str(&out),
			    "memmap: 2 reads of uninitialised struct pages\n");
	hm_buf_free(&out);
	sys->stats.poisoned_page_reads = 0;

	/* an initialised page (boot RAM) is not counted */
	page_flags(sys, pfn_to_page(sys, BOOT_DMA32_START));
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/* offline of a boot block must lower present_early_pages (6.1 adjust_present_page_count). */
static void offline_pages_boot_block_lowers_present_early(void **state)
{
	struct fx *fx = *state;
	struct zone *dma32 = fx_zone(fx->sys, 0, ZONE_DMA32);

	assert_int_equal(fx_block_write(fx->sys, 6, "state", "offline"), 0);
	assert_int_equal(dma32->present_pages, BOOT_DMA32_PRESENT - BLOCK_PAGES);
	assert_int_equal(dma32->present_early_pages, BOOT_DMA32_PRESENT - BLOCK_PAGES);
}

/* the realistic "early section keeps its usage" path: offline + remove a boot block. */
static void remove_memory_boot_block_keeps_usage(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys = fx->sys;
	struct mem_section *ms = __nr_to_section(sys, 6);
	struct mem_section_usage *usage = ms->usage;

	assert_int_equal(fx_block_write(sys, 6, "state", "offline"), 0);
	assert_int_equal(remove_memory(sys, 6 * SZ_128M, SZ_128M), 0);
	assert_ptr_equal(ms->usage, usage);
	assert_int_equal(ms->flags, 0);
	assert_verify_clean(sys);
}

/* auto_movable_ratio is kstrtouint: no leading blanks; overflow is -ERANGE. */
static void auto_movable_ratio_store_kstrtouint_erange(void **state)
{
	struct fx *fx = *state;
	const char *p = "/sys/module/memory_hotplug/parameters/auto_movable_ratio";

	assert_int_equal(fx_write(fx->sys, p, " 5"), -EINVAL);
	assert_int_equal(fx_write(fx->sys, p, "4294967296"), -ERANGE);
	assert_int_equal(fx_write(fx->sys, p, "99999999999999999999"), -ERANGE);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add_memory_simple),
		T(add_memory_misaligned_einval),
		T(add_memory_overlap_eexist),
		T(add_memory_node_not_possible_einval),
		TE(add_memory_enomem_loop_changes_nothing),
		T(add_memory_driver_managed_no_fwmap),
		T(online_pages_movable),
		T(online_pages_normal),
		TE(online_pages_dma32),
		T(valid_zones_show_cases),
		T(offline_pages_shrinks_spans),
		T(remove_memory_simple),
		TE(remove_memory_last_of_new_node),
		TE(remove_memory_cpu_node_stays_online),
		T(offline_and_remove_memory_simple),
		T(offline_and_remove_memory_errors),
		T(auto_online_blocks_policies),
		T(online_policy_auto_movable),
		TE(try_remove_memory_pin_memblock_last),
		TE(try_remove_memory_pin_old_order_leaves_links),
		T(remove_memory_pin_no_poisoned_reads),
		T(page_poison_detector_catches_reads),
		T(offline_pages_boot_block_lowers_present_early),
		T(remove_memory_boot_block_keeps_usage),
		T(auto_movable_ratio_store_kstrtouint_erange),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
