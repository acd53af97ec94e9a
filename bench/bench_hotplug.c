// SPDX-License-Identifier: GPL-2.0
/*
 * bench_hotplug.c - the four phases of memory hotplug on a big range, as
 * ratios against a bound measured in the same run.
 *
 * On a small machine with a big device-memory region, through the library
 * API on machine_system():
 *
 *	add	add_memory(sys, 0, start, size, MHP_NONE)
 *	online	"online_movable" to memoryN/state of every block
 *	offline	"offline" to memoryN/state of every block
 *	remove	remove_memory(sys, start, size)
 *
 * With the dense memmap adding and onlining build the memmap of the range
 * (size / 4096 struct pages of 32 bytes, fresh mmaps), and nothing does
 * that faster than a first-touch memset of as many bytes (fresh mmap,
 * memset 0x11, munmap; the median of MEMSET_RUNS) measured in the same
 * process after the phases: that memset is the bound.  The compact memmap
 * (memmap.h) no longer needs it: the whole cycle, add + online + offline +
 * remove, is reported against it (ratio_cycle, target <= 0.02, a 50x
 * gain on the dense memmap's ~1.0), and add + online too (ratio_add_online,
 * the old target <= 2; the real kernel needs about 12 ms per GiB for it).
 * The bound of a 1 TiB range is an 8 GiB memset, too much to touch on a
 * shared host: it is measured on BOUND_SAMPLE bytes and scaled linearly
 * (memset_bound_scaled).  HOTMEM_MEMMAP=dense measures the dense memmap.
 *
 * The range starts at the machine's device-memory base (struct hm_machine,
 * machine_internal.h): the first GiB boundary after the RAM above 4 GiB,
 * whose start QEMU moves from 4 GiB to 1 TiB when the device memory and
 * the 64-bit PCI hole would cross the AMD HyperTransport hole - as with
 * maxmem=1200G.  "The first GiB boundary after boot RAM" would be 2 GiB on
 * a 2 GiB machine, which collides with the firmware's reservations below
 * 4 GiB and with the HyperTransport hole.
 *
 * The first touch of guest pages the host has not backed yet (or took back
 * after a few seconds) costs several times a later one: a 4 GiB memset
 * takes 12 s cold and 3 s warm here.  So a memset of the bound's sample
 * size runs first (memset_warmup_s) and the bound finds warm pages.
 *
 * Each case runs in a child forked before anything is allocated; the peak
 * RSS is reset (clear_refs) before the phases and read before the memset
 * bound, so that it is the phases' own.
 *
 * The same cases run on QEMU virt (arm64: the linear map in 4 KiB pages,
 * as rodata=full makes it, so the add builds a PTE table per 2 MiB), and
 * a _pgtable line says what the add built in the page tables and what the
 * remove left of it.
 *
 * Usage: bench_hotplug [--all] ["QEMU options"]
 *	default: 64 GiB on pc and on virt; --all adds 1 TiB (about 8 GiB of
 *	memmap) on both; with options given, only that machine.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/memmap.h"
#include "hotmem/memory.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/pgtable.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "machine/machine_internal.h"
#include "common.h"

#define MEMSET_RUNS 3
#define GiB (1ULL << 30)
#define TARGET_RATIO 2.0
#define TARGET_CYCLE 0.02

static const char default_options[] = "-m 2G,slots=1,maxmem=1200G -cpu max,phys-bits=48";
/* arm64: the same range on QEMU virt (device memory after RAM, at 1 GiB alignment) */
static const char virt_options[] = "-M virt -m 2G,slots=1,maxmem=1200G -cpu max";
/*
 * 1 TiB: its vmemmap (16 GiB of 64-byte struct pages) comes from the
 * buddy allocator as in the kernel, and on virt 2 GiB of PTE tables too,
 * so the guest needs 24 GiB of RAM (a 2 GiB guest fails the add, -ENOMEM).
 */
static const char options_1t[] = "-m 24G,slots=1,maxmem=1200G -cpu max,phys-bits=48";
static const char virt_options_1t[] = "-M virt -m 24G,slots=1,maxmem=1200G -cpu max";

/* The kernel page tables' counters: table pages and the vmemmap's backing. */
struct pt_snap {
	unsigned long tables, vmemmap;
	long direct[PG_LEVEL_NUM];
};

static void pt_snap(const struct hm_system *sys, struct pt_snap *s)
{
	int l;

	s->tables = sys->pgtable.nr_tables;
	s->vmemmap = sys->pgtable.vmemmap_pages;
	for (l = 0; l < PG_LEVEL_NUM; l++)
		s->direct[l] = sys->pgtable.direct_pages[l];
}

struct phase {
	double wall, user, sys;
};

static void phase_begin(struct phase *p)
{
	cpu_s(&p->user, &p->sys);
	p->wall = now_s();
}

static void phase_end(struct phase *p)
{
	double u, s;

	p->wall = now_s() - p->wall;
	cpu_s(&u, &s);
	p->user = u - p->user;
	p->sys = s - p->sys;
}

/* Writes val to memoryN/state of every block of [start, start + size). */
static int run_case(const struct bench_case *c)
{
	const char *label = c->label, *options = c->options;
	uint64_t size = c->size;
	struct phase add, online, offline, remove;
	struct pt_snap pt_boot, pt_added, pt_removed;
	const char *arch;
	double t0, t_boot, t_add, t_online, t_warm, ms_median, ms_min, gib, t_cycle;
	unsigned long long rss_before, rss_peak, alloc_before, alloc_peak, memmap_bytes;
	struct hm_machine *m = NULL;
	struct hm_system *sys;
	struct hm_buf err;
	bool rss_reset, sys_dense;
	unsigned long bs;
	size_t sample;
	uint64_t start;
	int ret;

	hm_buf_init(&err);
	t0 = now_s();
	ret = machine_create(&m, options, NULL, &err);
	t_boot = now_s() - t0;
	if (ret) {
		fprintf(stderr, "%s: machine_create(\"%s\"): %d %s\n", label, options, ret,
			hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	hm_buf_free(&err);
	sys = machine_system(m);
	arch = sys->arch.kind == HM_ARCH_ARM64 ? "arm64" : "x86_64";
	start = m->device_mem_base;
	bs = memory_block_size_bytes(sys);
	if (!m->device_mem_size || start + size > m->device_mem_base + m->device_mem_size) {
		fprintf(stderr, "%s: device memory [%#llx, +%#llx) cannot hold %#llx bytes\n",
			label, (unsigned long long)m->device_mem_base,
			(unsigned long long)m->device_mem_size, (unsigned long long)size);
		machine_destroy(m);
		return 1;
	}
	/* the blocks must come offline so that onlining is a phase of its own */
	ret = sysfs_write(sys, "/sys/devices/system/memory/auto_online_blocks", "offline\n", 8);
	if (ret) {
		fprintf(stderr, "%s: auto_online_blocks: %d\n", label, ret);
		machine_destroy(m);
		return 1;
	}
	memmap_bytes = (unsigned long long)(size / PAGE_SIZE) * sizeof(struct page);
	/*
	 * The first touch of guest pages the host has not backed yet (or took
	 * back) is several times slower than later ones: one memset of the
	 * memmap's size first, so that add and the bound find the same pages.
	 */
	t_warm = memset_once(memmap_bytes < BOUND_SAMPLE ? memmap_bytes : BOUND_SAMPLE);
	rss_reset = !reset_peak_rss();
	rss_before = maxrss_bytes();
	alloc_before = sys->alloc.bytes_live;

	pt_snap(sys, &pt_boot);
	phase_begin(&add);
	ret = add_memory(sys, 0, start, size, MHP_NONE);
	phase_end(&add);
	pt_snap(sys, &pt_added);
	t_add = add.wall;
	if (ret) {
		fprintf(stderr, "%s: add_memory(%#llx, %#llx): %d\n", label,
			(unsigned long long)start, (unsigned long long)size, ret);
		goto fail;
	}

	phase_begin(&online);
	ret = write_states(sys, start, size, "online_movable\n");
	phase_end(&online);
	t_online = online.wall;
	if (ret)
		goto fail;

	phase_begin(&offline);
	ret = write_states(sys, start, size, "offline\n");
	phase_end(&offline);
	if (ret)
		goto fail;

	phase_begin(&remove);
	ret = remove_memory(sys, start, size);
	phase_end(&remove);
	if (ret) {
		fprintf(stderr, "%s: remove_memory: %d\n", label, ret);
		goto fail;
	}
	pt_snap(sys, &pt_removed);
	rss_peak = maxrss_bytes();
	alloc_peak = sys->alloc.bytes_peak;
	sys_dense = sys->sparse.memmap_dense;
	if (sys->log.warnings || sys->stats.poisoned_page_reads) {
		fprintf(stderr, "%s: warnings %lu poisoned page reads %lu\n", label,
			sys->log.warnings, sys->stats.poisoned_page_reads);
		printk_log_print(&sys->log, stderr);
	}
	machine_destroy(m);

	ms_median = memset_bound_scaled(memmap_bytes, MEMSET_RUNS, &ms_min, &sample);
	if (ms_median <= 0) {
		fprintf(stderr, "%s: memset bound of %llu bytes failed\n", label, memmap_bytes);
		return 1;
	}
	gib = (double)size / GiB;
	t_cycle = add.wall + online.wall + offline.wall + remove.wall;
	printf("%s_cycle cycle_s=%.4f memset_s=%.4f ratio_cycle=%.4f target_cycle=%.2f "
	       "verdict=%s memmap=%s\n", label, t_cycle, ms_median, t_cycle / ms_median,
	       TARGET_CYCLE, t_cycle / ms_median <= TARGET_CYCLE ? "PASS" : "FAIL",
	       sys_dense ? "dense" : "compact");
	printf("%s add_ms_per_gib=%.3f online_ms_per_gib=%.3f offline_ms_per_gib=%.3f "
	       "remove_ms_per_gib=%.3f memset_ms_per_gib=%.3f ratio_add_online=%.2f "
	       "target_ratio=%.1f verdict=%s\n", label, t_add * 1e3 / gib, t_online * 1e3 / gib,
	       offline.wall * 1e3 / gib, remove.wall * 1e3 / gib, ms_median * 1e3 / gib,
	       (t_add + t_online) / ms_median, TARGET_RATIO,
	       (t_add + t_online) / ms_median <= TARGET_RATIO ? "PASS" : "FAIL");
	printf("%s_detail options=\"%s\" start=%#llx size=%llu blocks=%llu block_size=%lu "
	       "boot_s=%.4f add_s=%.4f online_s=%.4f offline_s=%.4f remove_s=%.4f "
	       "memmap_bytes=%llu memset_s=%.4f memset_min_s=%.4f memset_warmup_s=%.4f "
	       "memset_sample_bytes=%zu memset_gbps=%.2f\n", label, options, (unsigned long long)start,
	       (unsigned long long)size, (unsigned long long)(size / bs), bs, t_boot, add.wall,
	       online.wall, offline.wall, remove.wall, memmap_bytes, ms_median, ms_min, t_warm,
	       sample, (double)memmap_bytes / ms_median / 1e9);
	printf("%s_cpu add_user_s=%.3f add_sys_s=%.3f online_user_s=%.3f online_sys_s=%.3f "
	       "offline_user_s=%.3f offline_sys_s=%.3f remove_user_s=%.3f remove_sys_s=%.3f\n",
	       label, add.user, add.sys, online.user, online.sys, offline.user, offline.sys,
	       remove.user, remove.sys);
	printf("%s_mem peak_rss_bytes=%llu rss_before_bytes=%llu rss_peak_reset=%s "
	       "ratio_rss=%.3f alloc_peak_bytes=%llu alloc_before_bytes=%llu "
	       "ratio_alloc=%.3f\n", label, rss_peak, rss_before, rss_reset ? "yes" : "no",
	       (double)(rss_peak - rss_before) / (double)memmap_bytes, alloc_peak, alloc_before,
	       (double)(alloc_peak - alloc_before) / (double)memmap_bytes);
	/*
	 * What the add built in the page tables: the table pages (PTE tables
	 * on arm64, whose rodata=full maps 4 KiB pages; PMD tables on x86)
	 * and the vmemmap's backing, and what the remove left (x86 keeps PUD
	 * tables; arm64's free_empty_tables frees what vmalloc does not share).
	 */
	printf("%s_pgtable arch=%s tables_added=%lu table_bytes_per_gib=%.0f vmemmap_pages_added=%lu "
	       "direct_4k_added=%ld direct_2m_added=%ld direct_1g_added=%ld tables_left=%ld "
	       "vmemmap_pages_left=%ld\n", label,
	       arch,
	       pt_added.tables - pt_boot.tables,
	       (double)(pt_added.tables - pt_boot.tables) * PAGE_SIZE / gib,
	       pt_added.vmemmap - pt_boot.vmemmap,
	       pt_added.direct[PG_LEVEL_4K] - pt_boot.direct[PG_LEVEL_4K],
	       pt_added.direct[PG_LEVEL_2M] - pt_boot.direct[PG_LEVEL_2M],
	       pt_added.direct[PG_LEVEL_1G] - pt_boot.direct[PG_LEVEL_1G],
	       (long)(pt_removed.tables - pt_boot.tables),
	       (long)(pt_removed.vmemmap - pt_boot.vmemmap));
	fflush(stdout);
	return 0;

fail:
	printk_log_print(&sys->log, stderr);
	machine_destroy(m);
	return 1;
}

int main(int argc, char **argv)
{
	const char *options = default_options;
	bool all = false;
	int ret;

	if (bench_args(argc, argv, &options, &all))
		return 0;
	ret = run_forked(run_case, &(struct bench_case){ "hotplug_64G", options, 64 * GiB });
	if (options == default_options)
		ret |= run_forked(run_case,
				  &(struct bench_case){ "hotplug_virt_64G", virt_options, 64 * GiB });
	if (all) {
		ret |= run_forked(run_case, &(struct bench_case){ "hotplug_1T",
				  options == default_options ? options_1t : options, 1024 * GiB });
		if (options == default_options)
			ret |= run_forked(run_case, &(struct bench_case){ "hotplug_virt_1T",
									virt_options_1t, 1024 * GiB });
	}
	return ret;
}
