// SPDX-License-Identifier: GPL-2.0
/*
 * test_memory_block.c - unit tests for the memory block devices of
 * src/kernel/memory.c: the boot blocks, create_memory_block_devices and
 * remove_memory_block_devices, walk_memory_blocks, the device core's
 * online/offline return codes, the state strings and
 * mhp_online_type_from_str.
 *
 * Every test runs on a fresh default pc machine: 1 GiB of RAM in blocks
 * 0-7 of 128 MiB, block 0 spanning ZONE_DMA and ZONE_DMA32.  Blocks made
 * directly (without sections) are removed again before the teardown's
 * verify_system().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

/*
 * The boot blocks.  Expect 8 blocks, each online (dev->offline false), no
 * pending online type, start section = id, node 0 with links in both
 * directions; block 0 without a zone (it spans DMA and DMA32), blocks 1-7
 * in DMA32; no block 8 or beyond.
 */
static void memory_dev_init_boot_blocks(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct zone *dma32 = fx_zone(sys, 0, ZONE_DMA32);
	unsigned long id;

	assert_int_equal(sys->memory.block_size, SZ_128M);
	assert_int_equal(sys->memory.sections_per_block, 1);
	assert_int_equal(sys->memory.nr_blocks, 8);
	for (id = 0; id < 8; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		assert_non_null(mem);
		assert_int_equal(mem->id, id);
		assert_int_equal(mem->start_section_nr, id);
		assert_int_equal(mem->state, MEM_ONLINE);
		assert_false(mem->dev_offline);
		assert_int_equal(mem->online_type, MMOP_OFFLINE);
		assert_int_equal(mem->nid, 0);
		assert_int_equal(mem->node_links, 1);
		assert_true(node_has_memory_link(sys, 0, id));
		assert_null(mem->group);
		assert_int_equal(mem->nr_vmemmap_pages, 0);
		if (id == 0)
			assert_null(mem->zone);
		else
			assert_ptr_equal(mem->zone, dma32);
	}
	assert_null(find_memory_block_by_id(sys, 8));
	assert_null(find_memory_block_by_id(sys, HOTPLUG_BLOCK));
	assert_null(find_memory_block_by_id(sys, 1UL << 40));
	assert_false(node_has_memory_link(sys, 0, 8));
	assert_int_equal(phys_to_block_id(sys, SZ_128M - 1), 0);
	assert_int_equal(phys_to_block_id(sys, SZ_128M), 1);
	assert_int_equal(phys_to_block_id(sys, SZ_4G), HOTPLUG_BLOCK);
	assert_block_sysfs(sys, 0, "state", "online\n");
	assert_block_sysfs(sys, 0, "online", "1\n");
	assert_block_sysfs(sys, 0, "valid_zones", "none\n");
	assert_block_sysfs(sys, 7, "valid_zones", "DMA32\n");
	assert_block_sysfs(sys, 7, "phys_index", "00000007\n");
}

static int count_cb(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	unsigned long *ids = arg;

	ids[ids[0] + 1] = mem->id;
	ids[0]++;
	return 0;
}

static int stop_at_3(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	*(unsigned long *)arg = mem->id;
	return mem->id == 3 ? -EBUSY : 0;
}

/*
 * walk_memory_blocks.  Expect all 8 boot blocks for [0, 1 GiB) in id order;
 * blocks 0 and 1 for a 2 MiB range straddling their boundary; nothing for
 * a size of 0 or a range without blocks; the first non-zero return (block
 * 3) to stop the walk and be returned.
 */
static void walk_memory_blocks_range_and_stop(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long ids[16] = { 0 }, last = 0, i;

	assert_int_equal(walk_memory_blocks(sys, 0, 1ULL << 30, ids, count_cb), 0);
	assert_int_equal(ids[0], 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(ids[i + 1], i);

	memset(ids, 0, sizeof(ids));
	assert_int_equal(walk_memory_blocks(sys, SZ_128M - SZ_1M, 2 * SZ_1M, ids, count_cb), 0);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 0);
	assert_int_equal(ids[2], 1);

	memset(ids, 0, sizeof(ids));
	assert_int_equal(walk_memory_blocks(sys, 0, 0, ids, count_cb), 0);
	assert_int_equal(walk_memory_blocks(sys, SZ_4G, SZ_256M, ids, count_cb), 0);
	assert_int_equal(ids[0], 0);

	assert_int_equal(walk_memory_blocks(sys, 0, 1ULL << 30, &last, stop_at_3), -EBUSY);
	assert_int_equal(last, 3);
}

/*
 * create_memory_block_devices at 4 GiB (blocks 32-34), without sections,
 * then removal.  Expect new blocks offline (dev->offline), no node yet
 * (NUMA_NO_NODE), no zone, no links, the group passed, one KOBJ_ADD each;
 * removal takes them away with one KOBJ_REMOVE each.
 */
static void create_memory_block_devices_then_remove(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct memory_group group = { .id = 7 };
	unsigned long uevents = sys->stats.uevents, id;

	assert_int_equal(create_memory_block_devices(sys, SZ_4G, 3 * SZ_128M, NULL, &group), 0);
	assert_int_equal(sys->memory.nr_blocks, 11);
	assert_int_equal(sys->stats.uevents, uevents + 3);
	for (id = 32; id < 35; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		assert_non_null(mem);
		assert_int_equal(mem->state, MEM_OFFLINE);
		assert_true(mem->dev_offline);
		assert_int_equal(mem->nid, NUMA_NO_NODE);
		assert_null(mem->zone);
		assert_int_equal(mem->node_links, 0);
		assert_ptr_equal(mem->group, &group);
		assert_int_equal(mem->online_type, MMOP_OFFLINE);
	}
	remove_memory_block_devices(sys, SZ_4G, 3 * SZ_128M);
	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_int_equal(sys->stats.uevents, uevents + 6);
	for (id = 32; id < 35; id++)
		assert_null(find_memory_block_by_id(sys, id));
	assert_int_equal(sys->log.warnings, 0);
}

/*
 * create_memory_block_devices errors.  Expect -EEXIST for a boot block;
 * -EEXIST for [32, 35) when 33 exists, with 32 (made before the clash)
 * removed again and 34 never made; -EINVAL for a start or size that is not
 * a multiple of the block size; nothing left behind by any of them.
 */
static void create_memory_block_devices_errors(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long uevents;

	assert_int_equal(create_memory_block_devices(sys, 7 * SZ_128M, SZ_128M, NULL, NULL),
			 -EEXIST);
	assert_int_equal(sys->memory.nr_blocks, 8);

	assert_int_equal(create_memory_block_devices(sys, SZ_4G + SZ_128M, SZ_128M, NULL, NULL),
			 0);
	uevents = sys->stats.uevents;
	assert_int_equal(create_memory_block_devices(sys, SZ_4G, 3 * SZ_128M, NULL, NULL),
			 -EEXIST);
	assert_int_equal(sys->memory.nr_blocks, 9);
	assert_null(find_memory_block_by_id(sys, 32));
	assert_non_null(find_memory_block_by_id(sys, 33));
	assert_null(find_memory_block_by_id(sys, 34));
	assert_int_equal(sys->stats.uevents, uevents + 2);	/* 32 added and removed */

	assert_int_equal(create_memory_block_devices(sys, SZ_4G + SZ_1M, SZ_128M, NULL, NULL),
			 -EINVAL);
	assert_int_equal(create_memory_block_devices(sys, SZ_4G + 2 * SZ_128M, SZ_1M, NULL,
						     NULL), -EINVAL);
	assert_int_equal(create_memory_block_devices(sys, SZ_4G + 2 * SZ_128M,
						     SZ_128M + SZ_1M, NULL, NULL), -EINVAL);
	assert_int_equal(sys->memory.nr_blocks, 9);

	remove_memory_block_devices(sys, SZ_4G + SZ_128M, SZ_128M);
	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_int_equal(sys->log.warnings, 0);
}

/*
 * create_memory_block_devices with allocation failures: the second block's
 * allocation (the third call: the first block's uevent comes between), then the growth of the block array (block 200 is beyond the
 * 64 slots of a 1 GiB machine).  Expect -ENOMEM, no new block, the live
 * allocations unchanged.
 */
static void create_memory_block_devices_enomem_unwinds(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long live = sys->alloc.nr_live, slots = sys->memory.nr_slots;

	assert_int_equal(slots, 64);
	/* allocation 2 is the first block's uevent (kobject_uevent_env's env) */
	sys->alloc.fail_at = sys->alloc.nr_calls + 3;
	assert_int_equal(create_memory_block_devices(sys, SZ_4G, 3 * SZ_128M, NULL, NULL),
			 -ENOMEM);
	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_null(find_memory_block_by_id(sys, 32));
	assert_int_equal(sys->alloc.nr_live, live);

	sys->alloc.fail_at = sys->alloc.nr_calls + 1;
	assert_int_equal(create_memory_block_devices(sys, 200 * SZ_128M, SZ_128M, NULL, NULL),
			 -ENOMEM);
	assert_int_equal(sys->memory.nr_slots, slots);
	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(sys->alloc.nr_failed, 2);
	sys->alloc.fail_at = 0;
}

/*
 * The device core's online/offline on a hot-added block (4 GiB).  Expect:
 * offline of an offline block 1 (no uevent); online 0 (state online,
 * dev->offline cleared, a zone, one KOBJ_ONLINE, online_type reset);
 * online again 1; offline 0 (one KOBJ_OFFLINE); and -EINVAL from offline of
 * boot block 0 (no zone: it spans DMA and DMA32) and of block 7 (a hole at
 * its top), which stay online.
 */
static void memory_block_online_offline(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct memory_block *mem;
	unsigned long uevents;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	mem = find_memory_block_by_id(sys, HOTPLUG_BLOCK);
	assert_non_null(mem);
	uevents = sys->stats.uevents;

	lock_device_hotplug(sys);
	assert_int_equal(memory_block_device_offline(sys, mem), 1);
	assert_int_equal(sys->stats.uevents, uevents);

	assert_int_equal(memory_block_device_online(sys, mem), 0);
	assert_int_equal(mem->state, MEM_ONLINE);
	assert_false(mem->dev_offline);
	assert_ptr_equal(mem->zone, fx_zone(sys, 0, ZONE_NORMAL));
	assert_int_equal(mem->online_type, MMOP_OFFLINE);
	assert_int_equal(sys->stats.uevents, uevents + 1);

	assert_int_equal(memory_block_device_online(sys, mem), 1);
	assert_int_equal(sys->stats.uevents, uevents + 1);

	assert_int_equal(memory_block_device_offline(sys, mem), 0);
	assert_int_equal(mem->state, MEM_OFFLINE);
	assert_true(mem->dev_offline);
	assert_null(mem->zone);
	assert_int_equal(sys->stats.uevents, uevents + 2);

	assert_int_equal(memory_block_device_offline(sys, find_memory_block_by_id(sys, 0)),
			 -EINVAL);
	assert_int_equal(memory_block_device_offline(sys, find_memory_block_by_id(sys, 7)),
			 -EINVAL);
	unlock_device_hotplug(sys);
	assert_int_equal(find_memory_block_by_id(sys, 0)->state, MEM_ONLINE);
	assert_false(find_memory_block_by_id(sys, 0)->dev_offline);
	assert_int_equal(find_memory_block_by_id(sys, 7)->state, MEM_ONLINE);
	assert_int_equal(sys->stats.uevents, uevents + 2);
	assert_block_sysfs(sys, 0, "state", "online\n");
}

/*
 * The online type a block gets from mem->online_type.  Expect
 * MMOP_ONLINE_MOVABLE to put it in ZONE_MOVABLE, MMOP_ONLINE_KERNEL in
 * ZONE_NORMAL, and the type to be reset to MMOP_OFFLINE (unset) after each.
 */
static void memory_block_online_type_zones(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct memory_block *mem;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	mem = find_memory_block_by_id(sys, HOTPLUG_BLOCK);
	lock_device_hotplug(sys);
	mem->online_type = MMOP_ONLINE_MOVABLE;
	assert_int_equal(memory_block_device_online(sys, mem), 0);
	assert_ptr_equal(mem->zone, fx_zone(sys, 0, ZONE_MOVABLE));
	assert_int_equal(mem->online_type, MMOP_OFFLINE);
	assert_int_equal(memory_block_device_offline(sys, mem), 0);
	mem->online_type = MMOP_ONLINE_KERNEL;
	assert_int_equal(memory_block_device_online(sys, mem), 0);
	assert_ptr_equal(mem->zone, fx_zone(sys, 0, ZONE_NORMAL));
	assert_int_equal(mem->online_type, MMOP_OFFLINE);
	unlock_device_hotplug(sys);
}

/*
 * The state strings.  Expect the three states a block shows, NULL for the
 * notifier-only actions and unknown values; the online type names in
 * enum mmop order.
 */
static void state_show_strings(void **state)
{
	assert_string_equal(memory_block_state_str(MEM_ONLINE), "online");
	assert_string_equal(memory_block_state_str(MEM_OFFLINE), "offline");
	assert_string_equal(memory_block_state_str(MEM_GOING_OFFLINE), "going-offline");
	assert_null(memory_block_state_str(MEM_GOING_ONLINE));
	assert_null(memory_block_state_str(MEM_CANCEL_ONLINE));
	assert_null(memory_block_state_str(MEM_CANCEL_OFFLINE));
	assert_null(memory_block_state_str(0));
	assert_null(memory_block_state_str(MEM_ONLINE | MEM_OFFLINE));

	assert_string_equal(online_type_to_str[MMOP_OFFLINE], "offline");
	assert_string_equal(online_type_to_str[MMOP_ONLINE], "online");
	assert_string_equal(online_type_to_str[MMOP_ONLINE_KERNEL], "online_kernel");
	assert_string_equal(online_type_to_str[MMOP_ONLINE_MOVABLE], "online_movable");
}

/*
 * mhp_online_type_from_str (sysfs_streq).  Expect the four names, with or
 * without one trailing newline, to give their type; two newlines, a space,
 * another case, a prefix, an extension, an empty string and a lone newline
 * to give -EINVAL.
 */
static void mhp_online_type_from_str_values(void **state)
{
	static const struct { const char *s; int type; } cases[] = {
		{ "offline", MMOP_OFFLINE },
		{ "offline\n", MMOP_OFFLINE },
		{ "online", MMOP_ONLINE },
		{ "online\n", MMOP_ONLINE },
		{ "online_kernel", MMOP_ONLINE_KERNEL },
		{ "online_kernel\n", MMOP_ONLINE_KERNEL },
		{ "online_movable", MMOP_ONLINE_MOVABLE },
		{ "online_movable\n", MMOP_ONLINE_MOVABLE },
		{ "online\n\n", -EINVAL },
		{ "online ", -EINVAL },
		{ " online", -EINVAL },
		{ "Online", -EINVAL },
		{ "ONLINE_MOVABLE", -EINVAL },
		{ "onlin", -EINVAL },
		{ "online_kerne", -EINVAL },
		{ "online_movablex", -EINVAL },
		{ "offline\r\n", -EINVAL },
		{ "", -EINVAL },
		{ "\n", -EINVAL },
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int got = mhp_online_type_from_str(cases[i].s);

		if (got != cases[i].type)
			print_error("mhp_online_type_from_str(\"%s\") = %d, expected %d\n",
				    cases[i].s, got, cases[i].type);
		assert_int_equal(got, cases[i].type);
	}
}

struct dirent_list {
	char names[16][32];
	struct sysfs_stat st[16];
	int n;
};

static int collect(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct dirent_list *l = arg;

	if (l->n == 16)
		return -ENOSPC;
	snprintf(l->names[l->n], sizeof(l->names[0]), "%s", name);
	l->st[l->n++] = *st;
	return 0;
}

/*
 * The sysfs directory of a boot block and its bus link.  Expect the seven
 * attribute files (uevent among them), the subsystem link, power/ and a
 * node0 link to ../../node/node0; the bus entry linking to
 * ../../../devices/system/memory/memory3.
 */
static void memory_block_sysfs_directory(void **state)
{
	static const char *const want[] = { "online", "phys_device", "phys_index", "removable",
					    "state", "uevent", "valid_zones", "subsystem", "power",
					    "node0" };
	struct hm_system *sys = fx_sys(state);
	struct dirent_list l = { .n = 0 };
	struct sysfs_stat st;
	int i;

	assert_int_equal(sysfs_readdir(sys, "/sys/devices/system/memory/memory3", collect, &l),
			 0);
	assert_int_equal(l.n, 10);
	for (i = 0; i < 10; i++)
		assert_string_equal(l.names[i], want[i]);
	assert_int_equal(l.st[7].kind, SYSFS_LINK);
	assert_string_equal(l.st[7].target, "../../../../bus/memory");
	assert_int_equal(l.st[8].kind, SYSFS_DIR);
	assert_int_equal(l.st[9].kind, SYSFS_LINK);
	assert_string_equal(l.st[9].target, "../../node/node0");
	assert_int_equal(l.st[4].kind, SYSFS_FILE);
	assert_int_equal(l.st[4].mode, 0644);
	assert_int_equal(l.st[5].mode, 0644);	/* uevent */
	assert_int_equal(l.st[6].mode, 0444);

	assert_int_equal(sysfs_stat(sys, "/sys/bus/memory/devices/memory3", &st), 0);
	assert_int_equal(st.kind, SYSFS_LINK);
	assert_string_equal(st.target, "../../../devices/system/memory/memory3");
	assert_int_equal(sysfs_stat(sys, "/sys/bus/memory/devices/memory8", &st), -ENOENT);
}

/* state_show WARNs on an unknown state. */
static void state_show_unknown_state_warns(void **state)
{
	struct fx *fx = *state;
	struct memory_block *mem = find_memory_block_by_id(fx->sys, 1);

	mem->state = 0x40;
	assert_block_sysfs(fx->sys, 1, "state", "ERROR-UNKNOWN-64\n");
	mem->state = MEM_ONLINE;
	assert_int_equal(fx->sys->log.warnings, 1);
	fx->sys->log.warnings = 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(memory_dev_init_boot_blocks),
		T(walk_memory_blocks_range_and_stop),
		T(create_memory_block_devices_then_remove),
		T(create_memory_block_devices_errors),
		T(create_memory_block_devices_enomem_unwinds),
		T(memory_block_online_offline),
		T(memory_block_online_type_zones),
		cmocka_unit_test(state_show_strings),
		cmocka_unit_test(mhp_online_type_from_str_values),
		T(memory_block_sysfs_directory),
		T(state_show_unknown_state_warns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
