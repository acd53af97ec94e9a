/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hm_fixture.h - set-up shared by the unit tests that need a whole booted
 * system (test_sparse.c, test_mmzone.c, test_memory_block.c,
 * test_memory_hotplug.c, test_sysfs.c, test_machine.c).
 *
 * Every test gets a fresh system: either QEMU's default pc machine
 * ("-m 1G,slots=4,maxmem=8G -smp 1", booted by machine_create), or an empty
 * fixture in which the test boots a hand-built hm_boot_info with fx_boot().
 * The teardown runs verify_system() and fails the test, printing the report,
 * if it finds a violation; then it destroys the machine or system.
 *
 * These systems run without the kernel's background allocations
 * (workload.kernel_pages_per_online = 0): the tests here are about the
 * mechanics of hotplug, and on the 1 GiB machine those allocations would
 * make every fresh ZONE_NORMAL block unmovable, as in the real kernel.
 * test_page_alloc.c and test_migration.c turn them back on.
 *
 * Include after <cmocka.h> and its prerequisites.
 */
#ifndef HM_FIXTURE_H
#define HM_FIXTURE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/page_alloc.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"

#define FX_DEFAULT_MACHINE	"-m 1G,slots=4,maxmem=8G -smp 1"

#define SZ_128M		(128ULL << 20)
#define SZ_256M		(256ULL << 20)
#define SZ_4G		(4ULL << 30)
/* pages of one 128 MiB memory block */
#define BLOCK_PAGES	PAGES_PER_SECTION

/*
 * The default machine, as it boots: RAM [0x1000, 0x9fc00) and
 * [0x100000, 0x3ffe0000), hotplug memory from 4 GiB (block 32, pfn 0x100000).
 */
#define BOOT_DMA_START		1UL
#define BOOT_DMA_SPANNED	4095UL
#define BOOT_DMA_PRESENT	3998UL
#define BOOT_DMA32_START	4096UL
#define BOOT_DMA32_SPANNED	258016UL
#define BOOT_DMA32_PRESENT	258016UL
#define BOOT_NODE_END		262112UL
#define HOTPLUG_BASE		SZ_4G
#define HOTPLUG_PFN		PHYS_PFN(SZ_4G)
#define HOTPLUG_BLOCK		32UL

struct fx {
	struct hm_machine *m;	/* NULL for a hand-built system */
	struct hm_system *sys;
};

static inline int fx_setup_machine(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct hm_buf err;
	int ret;

	if (!fx)
		return -1;
	hm_buf_init(&err);
	ret = machine_create(&fx->m, FX_DEFAULT_MACHINE, NULL, &err);
	if (ret) {
		fprintf(stderr, "machine_create: %d %s\n", ret, hm_buf_str(&err));
		hm_buf_free(&err);
		free(fx);
		return -1;
	}
	hm_buf_free(&err);
	fx->sys = machine_system(fx->m);
	fx->sys->workload.kernel_pages_per_online = 0;
	*state = fx;
	return 0;
}

/* No system yet: the test boots one with fx_boot() or fx_machine(). */
static inline int fx_setup_empty(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	*state = fx;
	return 0;
}

static inline void fx_print_log(struct hm_system *sys)
{
	print_error("kernel log:\n");
	printk_log_print(&sys->log, stdout);
}

/* Fails the test with the report if verify_system() finds a violation. */
static inline void fx_check_verify(struct hm_system *sys, const char *file, int line)
{
	struct hm_buf out;
	unsigned long n;

	hm_buf_init(&out);
	n = verify_system(sys, &out);
	if (n) {
		print_error("verify_system: %lu violation(s):\n%s", n, hm_buf_str(&out));
		fx_print_log(sys);
	}
	hm_buf_free(&out);
	if (n)
		_fail(file, line);
}
#define assert_verify_clean(sys) fx_check_verify(sys, __FILE__, __LINE__)

/* Verifies, then destroys; a violation fails the test (after the clean-up). */
static inline int fx_teardown(void **state)
{
	struct fx *fx = *state;
	unsigned long n = 0;
	struct hm_buf out;

	hm_buf_init(&out);
	if (fx->sys) {
		n = verify_system(fx->sys, &out);
		if (n) {
			print_error("teardown: verify_system: %lu violation(s):\n%s", n,
				    hm_buf_str(&out));
			fx_print_log(fx->sys);
		}
	}
	hm_buf_free(&out);
	if (fx->m)
		machine_destroy(fx->m);
	else
		hm_system_destroy(fx->sys);
	free(fx);
	return n ? -1 : 0;
}

/* A machine from QEMU options, for the tests that need another one. */
static inline void fx_machine(struct fx *fx, const char *options, const char *cmdline)
{
	struct hm_buf err;
	int ret;

	hm_buf_init(&err);
	ret = machine_create(&fx->m, options, cmdline, &err);
	if (ret)
		print_error("machine_create(%s): %d %s\n", options, ret, hm_buf_str(&err));
	hm_buf_free(&err);
	assert_int_equal(ret, 0);
	fx->sys = machine_system(fx->m);
	fx->sys->workload.kernel_pages_per_online = 0;
}

/*
 * Boots a hand-built system: RAM ranges [r[2i], r[2i+1]) as e820 RAM, all
 * on node 0, with the given possible and CPU nodes.
 */
static inline void fx_boot(struct fx *fx, const struct hm_arch_config *arch,
			   const uint64_t *ram, unsigned int nr_ranges, nodemask_t possible,
			   nodemask_t cpus)
{
	struct hm_boot_info *bi = calloc(1, sizeof(*bi));
	unsigned int i;
	int ret;

	assert_non_null(bi);
	for (i = 0; i < nr_ranges; i++)
		bi->e820[i] = (struct e820_entry){ ram[2 * i], ram[2 * i + 1] - ram[2 * i],
						   E820_TYPE_RAM };
	bi->nr_e820 = nr_ranges;
	bi->possible_nodes = possible;
	bi->cpu_nodes = cpus;
	assert_int_equal(hm_system_create(&fx->sys, arch), 0);
	fx->sys->workload.kernel_pages_per_online = 0;
	ret = hm_system_boot(fx->sys, bi);
	free(bi);
	assert_int_equal(ret, 0);
}

/* sysfs: a read that must succeed with exactly this text. */
static inline void fx_check_sysfs(struct hm_system *sys, const char *path, const char *want,
				  const char *file, int line)
{
	struct hm_buf out;
	int ret;
	bool ok;

	hm_buf_init(&out);
	ret = sysfs_read(sys, path, &out);
	ok = !ret && !strcmp(hm_buf_str(&out), want);
	if (!ok)
		print_error("%s: read %d \"%s\", expected \"%s\"\n", path, ret, hm_buf_str(&out),
			    want);
	hm_buf_free(&out);
	if (!ok)
		_fail(file, line);
}
#define assert_sysfs(sys, path, want) fx_check_sysfs(sys, path, want, __FILE__, __LINE__)

static inline int fx_write(struct hm_system *sys, const char *path, const char *s)
{
	return sysfs_write(sys, path, s, strlen(s));
}

/* /sys/devices/system/memory/memoryN/<file> */
static inline const char *fx_block_path(char *buf, size_t size, unsigned long id,
					const char *file)
{
	snprintf(buf, size, "/sys/devices/system/memory/memory%lu/%s", id, file);
	return buf;
}

static inline int fx_block_write(struct hm_system *sys, unsigned long id, const char *file,
				 const char *s)
{
	char path[96];

	return fx_write(sys, fx_block_path(path, sizeof(path), id, file), s);
}

#define assert_block_sysfs(sys, id, file, want)					\
	do {									\
		char path_[96];							\
										\
		assert_sysfs(sys, fx_block_path(path_, sizeof(path_), id, file), want); \
	} while (0)

static inline struct zone *fx_zone(struct hm_system *sys, int nid, enum zone_type zid)
{
	return &NODE_DATA(sys, nid)->node_zones[zid];
}

/*
 * The kernel's allocations of an online (workload.c's MEM_ONLINE notifier)
 * for a range that never goes offline, at pfn 0: kernel_pages_per_online
 * pages that stay.
 */
static inline void fx_kernel_alloc(struct hm_system *sys)
{
	struct memory_notify arg = { .start_pfn = 0, .nr_pages = 0,
				     .status_change_nid = NUMA_NO_NODE,
				     .status_change_nid_normal = NUMA_NO_NODE };

	memory_notify(sys, MEM_ONLINE, &arg);
}

/* A zone's span, checked as [start, start + spanned). */
#define assert_zone_span(zone, start, spanned)					\
	do {									\
		assert_int_equal((zone)->zone_start_pfn, (start));		\
		assert_int_equal((zone)->spanned_pages, (spanned));		\
	} while (0)

#define assert_node_span(pgdat, start, spanned)					\
	do {									\
		assert_int_equal((pgdat)->node_start_pfn, (start));		\
		assert_int_equal((pgdat)->node_spanned_pages, (spanned));	\
	} while (0)

#endif /* HM_FIXTURE_H */
