// SPDX-License-Identifier: GPL-2.0
/*
 * test_kobject_uevent.c - uevents: the environment in the kernel's order,
 * synthetic uevents from a write to a uevent file, the ring's bounds, and
 * the uevents of the memory-block and node lifecycle.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/kobject_uevent.h"

/* The uevents from *seq on, as the transcript prints them. */
static void assert_uevents(struct hm_system *sys, uint64_t *seq, const char *want)
{
	struct hm_buf out;

	hm_buf_init(&out);
	uevents_read(sys, seq, &out);
	assert_string_equal(hm_buf_str(&out), want);
	hm_buf_free(&out);
}

static void kobject_uevent_env_in_kernel_order(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const char *ext[] = { "MAJOR=251", "MINOR=0", "DEVNAME=dax0.0", NULL };
	uint64_t seq = uevents_seq(sys), s;

	s = kobject_uevent(sys, KOBJ_ONLINE, "/devices/system/memory/memory3", "memory");
	assert_int_equal(s, seq);
	kobject_uevent_env(sys, KOBJ_ADD, "/devices/platform/dax0.0", "dax", ext);
	assert_uevents(sys, &seq,
		       "ACTION=online\nDEVPATH=/devices/system/memory/memory3\nSUBSYSTEM=memory\n"
		       "\n"
		       "ACTION=add\nDEVPATH=/devices/platform/dax0.0\nSUBSYSTEM=dax\n"
		       "MAJOR=251\nMINOR=0\nDEVNAME=dax0.0\n");
	assert_uevents(sys, &seq, "");	/* each seen once */
}

static void uevent_store_synthesizes_event(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const char *dev = "/devices/system/memory/memory1";
	uint64_t seq = uevents_seq(sys);
	enum kobject_action a;

	assert_int_equal(kobject_synth_uevent(sys, dev, "memory", "add\n", 4), 0);
	assert_int_equal(kobject_synth_uevent(sys, dev, "memory",
		"change 00000000-0000-0000-0000-000000000000 ORACLE=1\n", 52), 0);
	assert_uevents(sys, &seq,
		       "ACTION=add\nDEVPATH=/devices/system/memory/memory1\nSUBSYSTEM=memory\n"
		       "SYNTH_UUID=0\n\n"
		       "ACTION=change\nDEVPATH=/devices/system/memory/memory1\nSUBSYSTEM=memory\n"
		       "SYNTH_UUID=00000000-0000-0000-0000-000000000000\nSYNTH_ARG_ORACLE=1\n");
	/* a bad action, UUID or argument sends nothing */
	assert_int_equal(kobject_synth_uevent(sys, dev, "memory", "frob", 4), -EINVAL);
	assert_int_equal(kobject_synth_uevent(sys, dev, "memory", "add 1234", 8), -EINVAL);
	assert_int_equal(kobject_synth_uevent(sys, dev, "memory",
		"add 00000000-0000-0000-0000-000000000000 A-B=1", 46), -EINVAL);
	assert_int_equal(kobject_synth_uevent(sys, dev, "memory",
		"add 00000000-0000-0000-0000-000000000000 NOEQ", 45), -EINVAL);
	assert_uevents(sys, &seq, "");
	assert_int_equal(kobject_action_type("offline\n", 8, &a), 0);
	assert_int_equal(a, KOBJ_OFFLINE);
	assert_int_equal(kobject_action_type("onlinex", 7, &a), -EINVAL);
}

/* A reader that falls behind loses the oldest, never sees one twice. */
static void kobject_uevent_ring_drops_oldest(void **state)
{
	struct hm_system *sys = fx_sys(state);
	uint64_t seq = uevents_seq(sys);
	struct hm_buf out;
	unsigned long i, n;

	for (i = 0; i < UEVENT_RING_SIZE + 10; i++)
		kobject_uevent(sys, KOBJ_CHANGE, "/devices/virtual/mem/null", "mem");
	hm_buf_init(&out);
	n = uevents_read(sys, &seq, &out);
	assert_int_equal(n, UEVENT_RING_SIZE);
	assert_true(sys->uevents.dropped >= 10);
	assert_int_equal(uevents_read(sys, &seq, &out), 0);
	hm_buf_free(&out);
}

/* A DIMM's blocks: add, online, offline, remove, as udev sees them. */
static void memory_block_hotplug_sends_uevents(void **state)
{
	struct hm_system *sys = fx_sys(state);
	uint64_t seq = uevents_seq(sys);

	lock_device_hotplug(sys);
	assert_int_equal(__add_memory(sys, 0, HOTPLUG_BASE, SZ_128M, MHP_NONE), 0);
	unlock_device_hotplug(sys);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online_movable"), 0);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online_movable"), -EINVAL);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "online", "0"), 0);
	lock_device_hotplug(sys);
	assert_int_equal(__remove_memory(sys, HOTPLUG_BASE, SZ_128M), 0);
	unlock_device_hotplug(sys);
	assert_uevents(sys, &seq,
		       "ACTION=add\nDEVPATH=/devices/system/memory/memory32\nSUBSYSTEM=memory\n\n"
		       "ACTION=online\nDEVPATH=/devices/system/memory/memory32\nSUBSYSTEM=memory\n\n"
		       "ACTION=offline\nDEVPATH=/devices/system/memory/memory32\nSUBSYSTEM=memory\n\n"
		       "ACTION=remove\nDEVPATH=/devices/system/memory/memory32\nSUBSYSTEM=memory\n");
}

/* memoryN/uevent and nodeN/uevent: empty to read, a synthetic uevent when written. */
static void uevent_show_memory_and_node(void **state)
{
	struct hm_system *sys = fx_sys(state);
	uint64_t seq = uevents_seq(sys);

	assert_sysfs(sys, "/sys/devices/system/memory/memory3/uevent", "");
	assert_int_equal(fx_write(sys, "/sys/devices/system/memory/memory3/uevent", "add\n"), 0);
	assert_int_equal(fx_write(sys, "/sys/devices/system/node/node0/uevent", "change\n"), 0);
	assert_int_equal(fx_write(sys, "/sys/devices/system/node/node0/uevent", "bogus\n"),
			 -EINVAL);
	assert_uevents(sys, &seq,
		       "ACTION=add\nDEVPATH=/devices/system/memory/memory3\nSUBSYSTEM=memory\n"
		       "SYNTH_UUID=0\n\n"
		       "ACTION=change\nDEVPATH=/devices/system/node/node0\nSUBSYSTEM=node\n"
		       "SYNTH_UUID=0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kobject_uevent_env_in_kernel_order, fx_setup_machine, fx_teardown),
		cmocka_unit_test_setup_teardown(uevent_store_synthesizes_event, fx_setup_machine, fx_teardown),
		cmocka_unit_test_setup_teardown(kobject_uevent_ring_drops_oldest, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(memory_block_hotplug_sends_uevents, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(uevent_show_memory_and_node, fx_setup_machine, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
