// SPDX-License-Identifier: GPL-2.0
/*
 * test_bus.c - unit tests for the driver core of src/kernel/bus.c and the
 * CPU devices of src/kernel/cpu.c: the cpumask printers, /sys/bus/NAME's
 * devices as links into /sys/devices, each driver's files, bind and
 * unbind with the kernel's errnos, drivers_autoprobe and drivers_probe,
 * the buses a machine registers, the power/ directory by configuration,
 * and the CPUs' nodes.
 *
 * Every test runs on a fresh system: the default pc machine (1 GiB, one
 * CPU on node 0) or one it makes.  The teardown runs verify_system().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/bus.h"
#include "hotmem/cpu.h"

#define PROCESSOR "/sys/bus/cpu/drivers/processor"

static void assert_link(struct hm_system *sys, const char *path, const char *target)
{
	struct sysfs_stat st;

	assert_int_equal(sysfs_stat(sys, path, &st), 0);
	assert_int_equal(st.kind, SYSFS_LINK);
	assert_string_equal(st.target, target);
}

static void assert_missing(struct hm_system *sys, const char *path)
{
	struct sysfs_stat st;

	assert_int_equal(sysfs_stat(sys, path, &st), -ENOENT);
}

static void bitmap_print_mask_chunks(void **state)
{
	struct hm_buf out;

	(void)state;
	hm_buf_init(&out);
	bitmap_print_mask(&out, 3, 2);
	bitmap_print_mask(&out, 0, 2);
	bitmap_print_mask(&out, 0x10000000fULL, 40);	/* an 8-bit chunk, then 32 bits */
	bitmap_print_mask(&out, 0x80000000ULL, 32);
	assert_string_equal(hm_buf_str(&out), "3\n0\n01,0000000f\n80000000\n");
	hm_buf_free(&out);
}

static void bitmap_print_list_ranges(void **state)
{
	struct hm_buf out;

	(void)state;
	hm_buf_init(&out);
	bitmap_print_list(&out, 0xbULL, 4);
	bitmap_print_list(&out, 0, 4);
	bitmap_print_list(&out, 0x15ULL, 8);
	assert_string_equal(hm_buf_str(&out), "0-1,3\n\n0,2,4\n");
	hm_buf_free(&out);
}

/* devices/ holds links into /sys/devices, as bus_add_device makes them */
static void bus_devices_link_into_devices(void **state)
{
	struct hm_system *sys = fx_sys(state);

	assert_link(sys, "/sys/bus/cpu/devices/cpu0", "../../../devices/system/cpu/cpu0");
	assert_link(sys, "/sys/bus/node/devices/node0", "../../../devices/system/node/node0");
	assert_link(sys, "/sys/bus/memory/devices/memory7",
		    "../../../devices/system/memory/memory7");
	assert_link(sys, "/sys/devices/system/cpu/cpu0/subsystem", "../../../../bus/cpu");
	assert_link(sys, "/sys/devices/system/node/node0/subsystem", "../../../../bus/node");
	assert_sysfs(sys, "/sys/bus/cpu/devices/cpu0/topology/core_id", "0\n");
	assert_missing(sys, "/sys/bus/cpu/devices/cpu1");
	assert_sysfs(sys, "/sys/bus/memory/drivers_autoprobe", "1\n");
}

/* a driver's files: bind, unbind, uevent write-only; the module link where it has one */
static void driver_files_modes_and_module(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct sysfs_stat st;
	struct hm_buf out;

	assert_int_equal(sysfs_stat(sys, PROCESSOR "/bind", &st), 0);
	assert_int_equal(st.mode, 0200);
	assert_int_equal(sysfs_stat(sys, PROCESSOR "/unbind", &st), 0);
	assert_int_equal(sysfs_stat(sys, "/sys/bus/dax/drivers/kmem/new_id", &st), 0);
	assert_int_equal(st.mode, 0200);
	assert_missing(sys, PROCESSOR "/module");	/* built in, no mod_name */
	assert_missing(sys, PROCESSOR "/new_id");	/* the cpu bus has no dynamic ids */
	assert_missing(sys, "/sys/bus/nd/drivers/nd_bus/bind");	/* suppress_bind_attrs */
	assert_link(sys, "/sys/bus/nd/drivers/nd_bus/module", "../../../../module/libnvdimm");
	assert_link(sys, PROCESSOR "/cpu0", "../../../../devices/system/cpu/cpu0");
	hm_buf_init(&out);
	assert_int_equal(sysfs_read(sys, PROCESSOR "/bind", &out), -EACCES);
	hm_buf_free(&out);
}

/* unbind and bind move a CPU off and onto the processor driver, with the kernel's errnos */
static void bind_unbind_processor_errnos(void **state)
{
	struct hm_system *sys = fx_sys(state);

	assert_int_equal(fx_write(sys, PROCESSOR "/bind", "cpu7\n"), -ENODEV);
	assert_int_equal(fx_write(sys, PROCESSOR "/unbind", "memory0\n"), -ENODEV);
	assert_int_equal(fx_write(sys, PROCESSOR "/bind", "cpu0\n"), -EBUSY);
	assert_int_equal(fx_write(sys, PROCESSOR "/unbind", "cpu0\n"), 0);
	assert_missing(sys, PROCESSOR "/cpu0");
	assert_missing(sys, "/sys/devices/system/cpu/cpu0/driver");
	assert_sysfs(sys, "/sys/devices/system/cpu/cpu0/uevent",
		     "MODALIAS=cpu:type:x86,ven0002fam000Fmod006B:feature:,0000,0002,0003,0004,"
		     "0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0017,"
		     "0018,0019,001A,001C,0020,0022,0023,0024,0025,0026,0027,0028,0029,002B,"
		     "002C,002D,002E,002F,0030,0031,0034,0037,0038,003D,0064,006E,0070,0072,"
		     "0074,0075,0079,007A,0080,008D,009F,00C0,00C1,00C2,00C8,00ED,00F3,010F,"
		     "0165,016C\n");
	assert_int_equal(fx_write(sys, PROCESSOR "/unbind", "cpu0\n"), -ENODEV);
	assert_int_equal(fx_write(sys, PROCESSOR "/bind", "cpu0\n"), 0);
	assert_link(sys, "/sys/devices/system/cpu/cpu0/driver",
		    "../../../../bus/cpu/drivers/processor");
}

static void drivers_autoprobe_and_probe_store(void **state)
{
	struct hm_system *sys = fx_sys(state);

	assert_int_equal(fx_write(sys, "/sys/bus/cpu/drivers_autoprobe", "0\n"), 0);
	assert_sysfs(sys, "/sys/bus/cpu/drivers_autoprobe", "0\n");
	assert_sysfs(sys, "/sys/bus/node/drivers_autoprobe", "1\n");
	assert_int_equal(fx_write(sys, "/sys/bus/cpu/drivers_autoprobe", "1\n"), 0);
	assert_sysfs(sys, "/sys/bus/cpu/drivers_autoprobe", "1\n");
	assert_int_equal(fx_write(sys, "/sys/bus/cpu/drivers_probe", "cpu3\n"), -ENODEV);
	assert_int_equal(fx_write(sys, PROCESSOR "/unbind", "cpu0\n"), 0);
	assert_int_equal(fx_write(sys, "/sys/bus/cpu/drivers_probe", "cpu0\n"), 0);
	assert_link(sys, PROCESSOR "/cpu0", "../../../../devices/system/cpu/cpu0");
	assert_int_equal(fx_write(sys, "/sys/bus/memory/drivers_probe", "memory0\n"), 0);
	assert_int_equal(fx_write(sys, "/sys/bus/memory/drivers_probe", "memory00\n"), -ENODEV);
}

/* a bus's and a driver's uevent file sends a synthetic uevent */
static void bus_uevent_store_sends(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long before = sys->stats.uevents;

	assert_int_equal(fx_write(sys, "/sys/bus/memory/uevent", "add\n"), 0);
	assert_int_equal(fx_write(sys, PROCESSOR "/uevent", "change\n"), 0);
	assert_int_equal(sys->stats.uevents, before + 2);
	assert_int_equal(fx_write(sys, "/sys/bus/memory/uevent", "bogus\n"), -EINVAL);
}

/* arm64 virt: no nd or dax bus (the guest loads no NVDIMM modules), and its power/ files */
static void bus_registered_by_machine(void **state)
{
	struct fx *fx = *state;
	struct hm_buf out;

	fx_machine(fx, "-M virt -m 1G,slots=4,maxmem=8G -smp 2", NULL);
	assert_missing(fx->sys, "/sys/bus/nd");
	assert_missing(fx->sys, "/sys/bus/dax");
	assert_missing(fx->sys, "/sys/devices/system/node/node0/power/async");
	assert_sysfs(fx->sys, "/sys/devices/system/node/node0/power/control", "auto\n");
	assert_sysfs(fx->sys, "/sys/devices/system/node/node0/cpulist", "0-1\n");
	assert_link(fx->sys, "/sys/devices/system/cpu/cpu1/node0", "../../node/node0");
	assert_sysfs(fx->sys, "/sys/devices/system/cpu/cpu1/regs/identification/midr_el1",
		     "0x00000000411fd070\n");
	hm_buf_init(&out);
	assert_int_equal(sysfs_read(fx->sys, "/sys/devices/system/node/node0/power/"
				    "autosuspend_delay_ms", &out), -EIO);
	hm_buf_free(&out);
}

/* -numa cpus= places CPUs; a CPU no node names is on the first node */
static void cpu_nodes_from_numa(void **state)
{
	struct fx *fx = *state;

	fx_machine(fx, "-m 2G -smp 3 -object memory-backend-ram,id=m0,size=1G "
		       "-object memory-backend-ram,id=m1,size=1G "
		       "-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1", NULL);
	assert_int_equal(cpumask_of_node(fx->sys, 0), 0x5);
	assert_int_equal(cpumask_of_node(fx->sys, 1), 0x2);
	assert_sysfs(fx->sys, "/sys/devices/system/node/node0/cpumap", "5\n");
	assert_sysfs(fx->sys, "/sys/devices/system/node/node1/cpulist", "1\n");
	assert_sysfs(fx->sys, "/sys/devices/system/node/has_cpu", "0-1\n");
	assert_sysfs(fx->sys, "/sys/devices/system/cpu/online", "0-2\n");
	assert_missing(fx->sys, "/sys/devices/system/cpu/cpu0/online");	/* x86's boot CPU */
	assert_sysfs(fx->sys, "/sys/devices/system/cpu/cpu2/online", "1\n");
}

/* the verifier catches a CPU on a node without N_CPU, and an unbound bit past the CPUs */
static void cpu_check_violations(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_report r;

	hm_report_init(&r);
	assert_int_equal(cpu_check(sys, &r), 0);
	sys->cpus.node[0] = 5;
	assert_int_equal(cpu_check(sys, &r), 2);	/* cpu0's node, and node 0 left CPU-less */
	sys->cpus.node[0] = 0;
	sys->buses.processor_unbound = 1ULL << 9;
	assert_int_equal(cpu_check(sys, &r), 1);
	sys->buses.processor_unbound = 0;
	hm_report_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bitmap_print_mask_chunks),
		cmocka_unit_test(bitmap_print_list_ranges),
		T(bus_devices_link_into_devices),
		T(driver_files_modes_and_module),
		T(bind_unbind_processor_errnos),
		T(drivers_autoprobe_and_probe_store),
		T(bus_uevent_store_sends),
		TE(bus_registered_by_machine),
		TE(cpu_nodes_from_numa),
		T(cpu_check_violations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
