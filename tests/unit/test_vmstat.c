// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmstat.c - the counter files of src/kernel/vmstat.c, node.c and
 * mmzone.c: /proc/buddyinfo, /proc/pagetypeinfo, /proc/meminfo and
 * /sys/devices/system/node/nodeN/{meminfo,numastat,vmstat}.
 *
 * Formats: /proc/meminfo and nodeN/meminfo have the real kernel's keys in
 * its order, each value ending in the kernel's column (the texts below are
 * Debian's 6.1, recorded with the oracle).  Contents: a block onlined movable
 * appears in buddyinfo and pagetypeinfo as free order-10 chunks and movable
 * pageblocks, and leaves both when offlined; a process's pages count as
 * inactive anonymous memory of the node they are on; NUMA events follow the
 * preferred node and the allocating CPU's node, with misses on the node that
 * served and foreign events on the one preferred.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/workload.h"

/* node 1: no CPU, no boot memory (a node that only hot-added memory reaches) */
#define TWO_NODES "-m 1G,slots=4,maxmem=8G -smp 1 -object memory-backend-ram,id=m0,size=1G " \
		  "-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1"

/* The oracle's /proc/meminfo of the default machine (x86-directmap.out, at boot). */
static const char kernel_meminfo[] =
	"MemTotal:         917440 kB\nMemFree:          860272 kB\nMemAvailable:     793960 kB\n"
	"Buffers:               0 kB\nCached:            17336 kB\nSwapCached:            0 kB\n"
	"Active:             4868 kB\nInactive:          12576 kB\nActive(anon):       4868 kB\n"
	"Inactive(anon):    12576 kB\nActive(file):          0 kB\nInactive(file):        0 kB\n"
	"Unevictable:           0 kB\nMlocked:               0 kB\nSwapTotal:             0 kB\n"
	"SwapFree:              0 kB\nZswap:                 0 kB\nZswapped:              0 kB\n"
	"Dirty:                 0 kB\nWriteback:             0 kB\nAnonPages:           108 kB\n"
	"Mapped:             1664 kB\nShmem:             17336 kB\nKReclaimable:       8840 kB\n"
	"Slab:              15276 kB\nSReclaimable:       8840 kB\nSUnreclaim:         6436 kB\n"
	"KernelStack:         764 kB\nPageTables:           36 kB\nSecPageTables:         0 kB\n"
	"NFS_Unstable:          0 kB\nBounce:                0 kB\nWritebackTmp:          0 kB\n"
	"CommitLimit:      458720 kB\nCommitted_AS:      18008 kB\n"
	"VmallocTotal:   34359738367 kB\nVmallocUsed:        7904 kB\nVmallocChunk:          0 kB\n"
	"Percpu:              260 kB\nHardwareCorrupted:     0 kB\nAnonHugePages:         0 kB\n"
	"ShmemHugePages:        0 kB\nShmemPmdMapped:        0 kB\nFileHugePages:         0 kB\n"
	"FilePmdMapped:         0 kB\nHugePages_Total:       0\nHugePages_Free:        0\n"
	"HugePages_Rsvd:        0\nHugePages_Surp:        0\nHugepagesize:       2048 kB\n"
	"Hugetlb:               0 kB\nDirectMap4k:       26496 kB\nDirectMap2M:     1021952 kB\n";

/* The oracle's node1/meminfo after a 128 MiB block of node 1 went online movable. */
static const char kernel_node1_meminfo[] =
	"Node 1 MemTotal:         131072 kB\nNode 1 MemFree:          131072 kB\n"
	"Node 1 MemUsed:               0 kB\nNode 1 SwapCached:            0 kB\n"
	"Node 1 Active:                0 kB\nNode 1 Inactive:              0 kB\n"
	"Node 1 Active(anon):          0 kB\nNode 1 Inactive(anon):        0 kB\n"
	"Node 1 Active(file):          0 kB\nNode 1 Inactive(file):        0 kB\n"
	"Node 1 Unevictable:           0 kB\nNode 1 Mlocked:               0 kB\n"
	"Node 1 Dirty:                 0 kB\nNode 1 Writeback:             0 kB\n"
	"Node 1 FilePages:             0 kB\nNode 1 Mapped:                0 kB\n"
	"Node 1 AnonPages:             0 kB\nNode 1 Shmem:                 0 kB\n"
	"Node 1 KernelStack:           0 kB\nNode 1 PageTables:            0 kB\n"
	"Node 1 SecPageTables:         0 kB\nNode 1 NFS_Unstable:          0 kB\n"
	"Node 1 Bounce:                0 kB\nNode 1 WritebackTmp:          0 kB\n"
	"Node 1 KReclaimable:          0 kB\nNode 1 Slab:                  0 kB\n"
	"Node 1 SReclaimable:          0 kB\nNode 1 SUnreclaim:            0 kB\n"
	"Node 1 AnonHugePages:         0 kB\nNode 1 ShmemHugePages:        0 kB\n"
	"Node 1 ShmemPmdMapped:        0 kB\nNode 1 FileHugePages:        0 kB\n"
	"Node 1 FilePmdMapped:        0 kB\nNode 1 HugePages_Total:     0\n"
	"Node 1 HugePages_Free:      0\nNode 1 HugePages_Surp:      0\n";

static char *read_file(struct hm_system *sys, const char *path)
{
	struct hm_buf out;
	char *s;

	hm_buf_init(&out);
	assert_int_equal(sysfs_read(sys, path, &out), 0);
	s = strdup(hm_buf_str(&out));
	hm_buf_free(&out);
	assert_non_null(s);
	return s;
}

/*
 * The shape of a counter file: per line its key (up to the first ':') and
 * the column after its value's last digit.  Two files of the kernel's
 * format differ only in their numbers, as long as those fit the width.
 */
static void assert_same_shape(const char *want, const char *got)
{
	while (*want && *got) {
		const char *we = strchr(want, '\n'), *ge = strchr(got, '\n');
		const char *wc = strchr(want, ':'), *gc = strchr(got, ':');
		const char *wd = we, *gd = ge;

		assert_non_null(we);
		assert_non_null(ge);
		while (wd > want && (wd[-1] < '0' || wd[-1] > '9'))
			wd--;
		while (gd > got && (gd[-1] < '0' || gd[-1] > '9'))
			gd--;
		if (wc - want != gc - got || strncmp(want, got, (size_t)(wc - want)) ||
		    wd - want != gd - got || strncmp(wd, gd, (size_t)(we - wd)))
			fail_msg("line \"%.*s\" has not the kernel's shape \"%.*s\"",
				 (int)(ge - got), got, (int)(we - want), want);
		want = we + 1;
		got = ge + 1;
	}
	assert_string_equal(want, got);	/* both ended */
}

static void meminfo_show_every_line_x86(void **state)
{
	struct fx *fx = *state;
	char *s = read_file(fx->sys, "/proc/meminfo");
	char line[64];

	assert_same_shape(kernel_meminfo, s);
	/* CommitLimit: half of MemTotal, in pages rounded down */
	snprintf(line, sizeof(line), "CommitLimit:    %8lu kB\n",
		 totalram_pages(fx->sys) * 50 / 100 * 4);
	assert_non_null(strstr(s, line));
	free(s);
}

/* arm64 (Debian's cloud kernel): no Zswap lines, CmaTotal/CmaFree, the CMA pageblocks */
static void meminfo_show_arm64_lines_and_cma(void **state)
{
	struct fx *fx = *state;
	char *s;

	fx_machine(fx, "-M virt -m 1G,slots=4,maxmem=8G -smp 1", NULL);
	s = read_file(fx->sys, "/proc/meminfo");
	assert_null(strstr(s, "Zswap"));
	assert_null(strstr(s, "DirectMap"));
	/* the 64 MiB CMA area, free at boot (CmaTotal as the arm64 oracle's virt-procfs) */
	assert_non_null(strstr(s, "FilePmdMapped:         0 kB\nCmaTotal:          65536 kB\n"
				  "CmaFree:           65536 kB\nHugePages_Total:       0\n"));
	assert_non_null(strstr(s, "VmallocTotal:   133143592960 kB\n"));
	free(s);
	s = read_file(fx->sys, "/proc/pagetypeinfo");
	assert_non_null(strstr(s, "Number of blocks type     Unmovable      Movable  Reclaimable"
				  "   HighAtomic          CMA      Isolate \n"));
	assert_non_null(strstr(s, "zone      DMA, type          CMA      0      0      0      0"
				  "      0      0      0      0      0      0     16 \n"));
	assert_non_null(strstr(s, "Node 0, zone      DMA "));
	assert_non_null(strstr(s, "           32            0 \n"));	/* 32 CMA blocks */
	free(s);
}

static void buddyinfo_pagetypeinfo_follow_online_offline(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys = fx->sys;
	char *s;

	assert_int_equal(add_memory(sys, 0, HOTPLUG_BASE, SZ_256M, MHP_NONE), 0);
	s = read_file(sys, "/proc/buddyinfo");
	assert_null(strstr(s, "Movable"));
	assert_non_null(strstr(s, "Node 0, zone    DMA32 "));
	free(s);

	assert_int_equal(fx_write(sys, "/sys/devices/system/memory/memory32/state",
				  "online_movable"), 0);
	s = read_file(sys, "/proc/buddyinfo");
	assert_non_null(strstr(s, "Node 0, zone  Movable      0      0      0      0      0      0"
				  "      0      0      0      0     32 \n"));
	free(s);
	s = read_file(sys, "/proc/pagetypeinfo");
	assert_non_null(strstr(s, "Node    0, zone  Movable, type      Movable      0      0      0"
				  "      0      0      0      0      0      0      0     32 \n"));
	assert_non_null(strstr(s, "Node 0, zone  Movable            0           64            0"
				  "            0            0 \n"));
	assert_non_null(strstr(s, "Number of blocks type     Unmovable      Movable  Reclaimable"
				  "   HighAtomic      Isolate \n"));
	free(s);

	assert_int_equal(fx_write(sys, "/sys/devices/system/memory/memory32/state", "offline"), 0);
	s = read_file(sys, "/proc/buddyinfo");
	assert_null(strstr(s, "Movable"));
	free(s);
	s = read_file(sys, "/proc/pagetypeinfo");
	assert_null(strstr(s, "Movable,"));
	free(s);
	assert_int_equal(remove_memory(sys, HOTPLUG_BASE, SZ_256M), 0);
}

/* pagetypeinfo is root's alone, as in the kernel (0400); the others 0444 */
static void vmstat_proc_files_modes(void **state)
{
	struct fx *fx = *state;
	struct sysfs_stat st;

	assert_int_equal(sysfs_stat(fx->sys, "/proc/pagetypeinfo", &st), 0);
	assert_int_equal(st.mode, 0400);
	assert_int_equal(sysfs_stat(fx->sys, "/proc/buddyinfo", &st), 0);
	assert_int_equal(st.mode, 0444);
	assert_int_equal(sysfs_stat(fx->sys, "/sys/devices/system/node/node0/meminfo", &st), 0);
	assert_int_equal(st.mode, 0444);
	assert_int_equal(sysfs_stat(fx->sys, "/sys/devices/system/node/node0/vmstat", &st), 0);
	assert_int_equal(sysfs_stat(fx->sys, "/sys/devices/system/node/node0/numastat", &st), 0);
}

static void online_node1_block(struct hm_system *sys)
{
	assert_int_equal(add_memory(sys, 1, HOTPLUG_BASE, SZ_128M, MHP_NONE), 0);
	assert_int_equal(fx_write(sys, "/sys/devices/system/memory/memory32/state",
				  "online_movable"), 0);
}

static void node_meminfo_show_hotplugged_node(void **state)
{
	struct fx *fx = *state;
	char *s;

	fx_machine(fx, TWO_NODES, NULL);
	online_node1_block(fx->sys);
	s = read_file(fx->sys, "/sys/devices/system/node/node1/meminfo");
	assert_string_equal(s, kernel_node1_meminfo);
	free(s);
	s = read_file(fx->sys, "/sys/devices/system/node/node1/numastat");
	assert_string_equal(s, "numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\n"
			       "local_node 0\nother_node 0\n");
	free(s);
}

/* A process's pages: inactive anon, AnonPages and Committed_AS, on the node they are on. */
static void meminfo_anon_pages_of_workloads(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	char *s;

	fx_machine(fx, TWO_NODES, NULL);
	sys = fx->sys;
	online_node1_block(sys);
	assert_int_equal(workload_alloc(sys, "p", true, 1024, 1), 0);
	s = read_file(sys, "/sys/devices/system/node/node1/meminfo");
	assert_non_null(strstr(s, "Node 1 MemUsed:            4096 kB\n"));
	assert_non_null(strstr(s, "Node 1 Inactive(anon):     4096 kB\n"));
	assert_non_null(strstr(s, "Node 1 AnonPages:          4096 kB\n"));
	free(s);
	s = read_file(sys, "/proc/meminfo");
	assert_non_null(strstr(s, "Inactive(anon):     4096 kB\n"));
	assert_non_null(strstr(s, "AnonPages:          4096 kB\n"));
	assert_non_null(strstr(s, "Committed_AS:       4096 kB\n"));
	free(s);
	s = read_file(sys, "/sys/devices/system/node/node1/vmstat");
	assert_non_null(strstr(s, "nr_free_pages 31744\nnr_zone_inactive_anon 1024\n"));
	assert_non_null(strstr(s, "\nnr_anon_pages 1024\n"));
	free(s);
	assert_int_equal(workload_free(sys, "p"), 0);
	s = read_file(sys, "/proc/meminfo");
	assert_non_null(strstr(s, "AnonPages:             0 kB\n"));
	free(s);
}

/*
 * NUMA events: 1024 pages preferred on node 1 (no CPU: the CPU of node 0
 * allocates) are hits and "other" there; 32768 more overflow its 32768 - 1024
 * free pages: the rest are misses on node 0 and foreign on node 1.
 */
static void numastat_show_numa_events(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	char *s, want[256];

	fx_machine(fx, TWO_NODES, NULL);
	sys = fx->sys;
	online_node1_block(sys);
	assert_int_equal(workload_alloc(sys, "a", true, 1024, 1), 0);
	s = read_file(sys, "/sys/devices/system/node/node1/numastat");
	assert_string_equal(s, "numa_hit 1024\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\n"
			       "local_node 0\nother_node 1024\n");
	free(s);
	assert_int_equal(workload_alloc(sys, "b", true, 32768, 1), 0);
	s = read_file(sys, "/sys/devices/system/node/node1/numastat");
	snprintf(want, sizeof(want), "numa_hit %d\nnuma_miss 0\nnuma_foreign %d\n"
		 "interleave_hit 0\nlocal_node 0\nother_node %d\n", 32768, 1024, 32768);
	assert_string_equal(s, want);
	free(s);
	s = read_file(sys, "/sys/devices/system/node/node0/numastat");
	assert_non_null(strstr(s, "numa_miss 1024\n"));
	free(s);
	assert_int_equal(workload_free(sys, "a"), 0);
	assert_int_equal(workload_free(sys, "b"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(meminfo_show_every_line_x86, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(buddyinfo_pagetypeinfo_follow_online_offline, fx_setup_machine,
						fx_teardown),
		cmocka_unit_test_setup_teardown(vmstat_proc_files_modes, fx_setup_machine, fx_teardown),
		cmocka_unit_test_setup_teardown(meminfo_show_arm64_lines_and_cma, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(node_meminfo_show_hotplugged_node,
						fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(meminfo_anon_pages_of_workloads, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(numastat_show_numa_events, fx_setup_empty, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
