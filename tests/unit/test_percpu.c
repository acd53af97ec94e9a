// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for percpu.c: the per-CPU first chunk placed by memblock at boot.
 * The addresses expected are the real kernel's (Debian 6.1 under QEMU, the
 * oracles): cpuN/crash_notes and "percpu: Embedded ... u<unit size>".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "hm_fixture.h"

#define TWO_NODES "-m 1G,slots=2,maxmem=4G -smp 2 -object memory-backend-ram,id=r0,size=1G " \
		  "-numa node,nodeid=0,cpus=0,memdev=r0 -numa node,nodeid=1,cpus=1"

static void assert_crash_notes(struct hm_system *sys, unsigned int cpu, const char *want)
{
	char path[64];
	struct hm_buf out;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/crash_notes", cpu);
	hm_buf_init(&out);
	assert_int_equal(sysfs_read(sys, path, &out), 0);
	assert_string_equal(hm_buf_str(&out), want);
	hm_buf_free(&out);
}

/*
 * Two CPUs on one node share one 2 MiB allocation (x86's atom) as two
 * 1 MiB units, below the memmap, itself below QEMU's initrd; each unit's
 * tail past the 0x3e000 bytes in use goes back to memblock.
 */
static void percpu_pc_two_cpus_share_an_atom(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, "-m 1G,slots=4,maxmem=8G -smp 2", NULL);
	sys = fx->sys;
	assert_int_equal(sys->pcpu.unit_size, 1ULL << 20);
	assert_int_equal(sys->pcpu.unit_addr[0], 0x3e600000ULL);
	assert_int_equal(sys->pcpu.unit_addr[1], 0x3e700000ULL);
	assert_true(memblock_is_reserved(&sys->memblock, 0x3e63d000));
	assert_false(memblock_is_reserved(&sys->memblock, 0x3e63e000));
	assert_true(memblock_is_reserved(&sys->memblock, 0x3e73d000));
	assert_false(memblock_is_reserved(&sys->memblock, 0x3e7ff000));
	/* the memmap above, 16 MiB from the 2 MiB below the initrd */
	assert_true(memblock_is_reserved(&sys->memblock, 0x3e800000));
	assert_true(memblock_is_reserved(&sys->memblock, 0x3f7ff000));
	/* the initrd went back to the buddy allocator */
	assert_false(memblock_is_reserved(&sys->memblock, 0x3f97a000));
	assert_crash_notes(sys, 0, "3e63a400\n");
	assert_crash_notes(sys, 1, "3e73a400\n");
}

/* A CPU on a memoryless node is a group of its own, allocated from any node. */
static void percpu_memoryless_node_group_falls_back(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, TWO_NODES, NULL);
	sys = fx->sys;
	assert_int_equal(sys->pcpu.unit_size, 2ULL << 20);
	assert_int_equal(sys->pcpu.unit_addr[0], 0x3e600000ULL);
	assert_int_equal(sys->pcpu.unit_addr[1], 0x3e400000ULL);
	assert_crash_notes(sys, 0, "3e63a800\n");
	assert_crash_notes(sys, 1, "3e43a800\n");
}

/* Eight CPUs: eight 256 KiB units in one atom ("u262144" on the kernel). */
static void percpu_pc_eight_cpus(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned int cpu;
	char want[16];

	fx_machine(fx, "-m 2G -smp 8", NULL);
	sys = fx->sys;
	assert_int_equal(sys->pcpu.unit_size, 256ULL << 10);
	for (cpu = 0; cpu < 8; cpu++) {
		snprintf(want, sizeof(want), "%llx\n", 0x7d63a600ULL + cpu * 0x40000ULL);
		assert_crash_notes(sys, cpu, want);
	}
}

/*
 * One CPU: one 2 MiB unit whose tail past 0x3e000 goes back.  (The kernel
 * logged "[0x7d600000-0x7d7fffff] pcpu_fc_alloc" and the free of
 * [0x7d63e000-0x7d7fffff]; another boot, without nokaslr, had its image
 * where the memmap goes and the unit at 0x7f600000.)
 */
static void percpu_pc_one_cpu(void **state)
{
	struct fx *fx = *state;

	fx_machine(fx, "-m 2G -smp 1", NULL);
	assert_int_equal(fx->sys->pcpu.unit_size, 2ULL << 20);
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0x7d63d000));
	assert_false(memblock_is_reserved(&fx->sys->memblock, 0x7d63e000));
	assert_crash_notes(fx->sys, 0, "7d63a400\n");
}

/*
 * arm64: page-sized atoms, so the units are exactly the 30 pages in use,
 * all in one allocation below the memmap (the early page tables above it).
 */
static void percpu_virt_four_cpus(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, "-M virt -m 1G -smp 4", NULL);
	sys = fx->sys;
	assert_int_equal(sys->pcpu.unit_size, 0x1e000);
	assert_int_equal(sys->pcpu.unit_addr[0], 0x7e788000ULL);
	assert_crash_notes(sys, 0, "7e7a2000\n");
	assert_crash_notes(sys, 1, "7e7c0000\n");
	assert_crash_notes(sys, 2, "7e7de000\n");
	assert_crash_notes(sys, 3, "7e7fc000\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(percpu_pc_two_cpus_share_an_atom),
		T(percpu_memoryless_node_group_falls_back),
		T(percpu_pc_eight_cpus),
		T(percpu_pc_one_cpu),
		T(percpu_virt_four_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
