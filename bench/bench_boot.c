// SPDX-License-Identifier: GPL-2.0
/*
 * bench_boot.c - boot time and memory of a big machine, as ratios against
 * a bound measured in the same run.
 *
 * With the dense memmap (HOTMEM_MEMMAP=dense) booting builds one 32-byte
 * struct page per pfn of every present section, each section's array a
 * fresh mmap, and nothing can build it faster than a first-touch memset of
 * the same number of bytes; the compact memmap (memmap.h) holds uniform
 * sections as one template and is measured against the same bound:
 *
 *	ratio_time = boot wall time / first-touch memset time of memmap_bytes
 *	ratio_mem  = peak RSS / memmap_bytes
 *
 * with the memset (fresh mmap, memset 0x11, munmap; the median of
 * MEMSET_RUNS) measured in the same process right after the boot, on at
 * most BOUND_SAMPLE bytes and scaled linearly (memset_bound_scaled: the
 * dense memmap of 64 TiB would be 512 GiB).
 *
 * The first touch of guest pages the host has not backed yet (or took back
 * after a few seconds) costs several times a later one: a 4 GiB memset
 * takes 12 s cold and 3 s warm here.  So each case boots twice: the first,
 * cold boot warms the pages and is reported as cold_wall_s; the second is
 * the one measured, and the memsets after it find the same warm pages.
 * Each case runs in a child forked before anything is allocated, and the
 * peak RSS is reset (clear_refs) before the measured boot and read before
 * the memsets, so that it is the boot's own.
 *
 * On QEMU virt (arm64, rodata=full: the linear map in 4 KiB pages) the
 * boot also builds the page tables of all its RAM, a PTE table per 2 MiB
 * (8 million for 16 TiB), held compact (pgtable.h); boot_virt_max is the
 * largest virt machine QEMU 7.2 accepts with its 44-bit CPUs (-m 16383G:
 * RAM from 1 GiB; "Addressing limited to 44 bits" from 16384G on), whose
 * boot must take under TARGET_VIRT_MAX_S.
 *
 * Usage: bench_boot [--all] ["QEMU options"]
 *	default: the 1 TiB machine; --all adds 64 GiB, 16 TiB and 64 TiB
 *	(-cpu max: 5-level paging; with 4-level -m 64T puts RAM past 2^46),
 *	and virt with 1 TiB and 16383 GiB.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/memmap.h"
#include "hotmem/system.h"
#include "common.h"

#define MEMSET_RUNS 3
#define TARGET_VIRT_MAX_S 1.0

static const char default_1t[] = "-m 1T,slots=4,maxmem=1100G -cpu max,phys-bits=48";
static const char default_64g[] = "-m 64G";
static const char default_16t[] = "-m 16T -cpu max,phys-bits=48";
static const char default_64t[] = "-m 64T -cpu max,phys-bits=48";
static const char virt_1t[] = "-M virt -m 1T";
static const char virt_max[] = "-M virt -m 16383G";

static int boot(const char *label, const char *options, struct hm_machine **m)
{
	struct hm_buf err;
	int ret;

	hm_buf_init(&err);
	ret = machine_create(m, options, NULL, &err);
	if (ret)
		fprintf(stderr, "%s: machine_create(\"%s\"): %d %s\n", label, options, ret,
			hm_buf_str(&err));
	hm_buf_free(&err);
	return ret;
}

static int run_case(const struct bench_case *c)
{
	const char *label = c->label, *options = c->options;
	unsigned long long rss_before, rss_peak, memmap_bytes, alloc_peak;
	double t0, t_cold, t_boot, t_destroy, ms_median, ms_min, u0, s0, u1, s1;
	struct hm_machine *m = NULL;
	struct hm_system *sys;
	unsigned long nr_sections, nr_dense, nr_tables, nr_compact;
	bool rss_reset;
	size_t sample;

	/*
	 * The first boot of the process pays for guest pages the host has not
	 * backed yet (or took back); it warms them and is reported apart.
	 */
	t0 = now_s();
	if (boot(label, options, &m))
		return 1;
	t_cold = now_s() - t0;
	machine_destroy(m);
	rss_reset = !reset_peak_rss();

	rss_before = maxrss_bytes();
	cpu_s(&u0, &s0);
	t0 = now_s();
	if (boot(label, options, &m))
		return 1;
	t_boot = now_s() - t0;
	cpu_s(&u1, &s1);
	rss_peak = maxrss_bytes();
	sys = machine_system(m);
	nr_sections = sys->sparse.nr_memmap_sections;
	nr_dense = sys->sparse.nr_dense_sections;
	nr_tables = sys->pgtable.nr_tables;
	nr_compact = sys->pgtable.nr_compact;
	memmap_bytes = (unsigned long long)nr_sections * PAGES_PER_SECTION * sizeof(struct page);
	alloc_peak = sys->alloc.bytes_peak;

	t0 = now_s();
	machine_destroy(m);
	t_destroy = now_s() - t0;

	ms_median = memset_bound_scaled(memmap_bytes, MEMSET_RUNS, &ms_min, &sample);
	if (ms_median <= 0) {
		fprintf(stderr, "%s: memset bound of %llu bytes failed\n", label, memmap_bytes);
		return 1;
	}
	printf("%s wall_s=%.4f memmap_bytes=%llu memset_s=%.4f ratio_time=%.5f "
	       "peak_rss_bytes=%llu ratio_mem=%.5f\n", label, t_boot, memmap_bytes, ms_median,
	       t_boot / ms_median, rss_peak, (double)rss_peak / (double)memmap_bytes);
	printf("%s_detail options=\"%s\" memmap_sections=%lu cold_wall_s=%.4f destroy_s=%.4f "
	       "memset_min_s=%.4f memset_gbps=%.2f boot_gbps=%.2f boot_user_s=%.3f "
	       "boot_sys_s=%.3f\n", label, options, nr_sections, t_cold, t_destroy, ms_min,
	       (double)memmap_bytes / ms_median / 1e9, (double)memmap_bytes / t_boot / 1e9,
	       u1 - u0, s1 - s0);
	printf("%s_mem peak_rss_bytes=%llu rss_before_bytes=%llu rss_peak_reset=%s "
	       "alloc_peak_bytes=%llu ratio_alloc=%.3f dense_sections=%lu memset_sample=%zu "
	       "memmap=%s\n", label, rss_peak, rss_before, rss_reset ? "yes" : "no", alloc_peak,
	       (double)alloc_peak / (double)memmap_bytes, nr_dense, sample,
	       getenv("HOTMEM_MEMMAP") ? getenv("HOTMEM_MEMMAP") : "compact");
	printf("%s_pgtable tables=%lu compact=%lu\n", label, nr_tables, nr_compact);
	if (!strcmp(label, "boot_virt_max"))
		printf("%s_target wall_s=%.4f target_s=%.1f verdict=%s\n", label, t_boot,
		       TARGET_VIRT_MAX_S, t_boot < TARGET_VIRT_MAX_S ? "PASS" : "FAIL");
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_case big, small = { "boot_64G", default_64g, 0 };
	struct bench_case b16 = { "boot_16T", default_16t, 0 }, b64 = { "boot_64T", default_64t, 0 };
	struct bench_case v1 = { "boot_virt_1T", virt_1t, 0 };
	struct bench_case vmax = { "boot_virt_max", virt_max, 0 };
	const char *options = NULL;
	bool all = false;
	int ret;

	if (bench_args(argc, argv, &options, &all))
		return 0;
	big.label = options ? "boot_custom" : "boot_1T";
	big.options = options ? options : default_1t;
	big.size = 0;
	ret = run_forked(run_case, &big);
	if (all) {
		ret |= run_forked(run_case, &small);
		ret |= run_forked(run_case, &b16);
		ret |= run_forked(run_case, &b64);
		ret |= run_forked(run_case, &v1);
		ret |= run_forked(run_case, &vmax);
	}
	return ret;
}
