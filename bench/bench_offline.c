// SPDX-License-Identifier: GPL-2.0
/*
 * bench_offline.c - offlining memory full of a process's pages, as a ratio
 * against a memcpy of the same bytes measured in the same run.
 *
 * On a small machine, through the library API on machine_system():
 *
 *	add_memory() 2 x SIZE at the device-memory base, both halves
 *	"online_movable" (the first half first, so it is used first);
 *	workload_alloc() of SIZE of movable pages: they fill the first half;
 *	"offline" to memoryN/state of every block of the first half: every
 *	page migrates to the second half, its 4 KiB copied (timed);
 *	workload_check(): every byte is where it should be (not timed).
 *
 * Migration copies each page into a new frame, so nothing moves them
 * faster than a memcpy of SIZE bytes.  Two bounds, each the median of
 * MEMCPY_RUNS runs measured in the same process after the offlines (on at
 * most BOUND_SAMPLE bytes, scaled linearly):
 *
 *	memcpy		one memcpy between two buffers of SIZE bytes touched
 *			before (warm);
 *	memcpy_4k	every 4 KiB page of a SIZE buffer copied into one same
 *			4 KiB buffer: reads from memory, writes into the cache.
 *
 * The second is the fair one: a migrated page's new buffer is usually the
 * one the previous page's old frame just gave back, still in the cache, so
 * migration writes into the cache too.  The bench reports
 *
 *	offline_ms_per_gib	the offline of the full half, per GiB
 *	ratio_memcpy, ratio_memcpy_4k	offline time / each bound
 *	empty_offline_ms_per_gib	the same offline with nothing to migrate
 *
 * Like is compared with like: the fastest offline of OFFLINE_RUNS (each
 * on a fresh machine, in a child forked before anything is allocated)
 * against the fastest of MEMCPY_RUNS copies (ratio_*_min), the median
 * against the median (ratio_*; the headline figures).
 *
 * Usage: bench_offline [--all] ["QEMU options"]
 *	default: 1 GiB of pages; --all adds 4 GiB.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "hotmem/machine.h"
#include "hotmem/memory.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/workload.h"
#include "machine/machine_internal.h"
#include "common.h"

#define MEMCPY_RUNS	3
#define OFFLINE_RUNS	3
#define GiB		(1ULL << 30)

static const char default_options[] = "-m 2G,slots=1,maxmem=64G";

/*
 * The median of MEMCPY_RUNS copies of size bytes between two warm buffers,
 * and (*page_bound) of size bytes copied page by page into one 4 KiB buffer;
 * measured on at most BOUND_SAMPLE bytes and scaled linearly (two buffers of
 * 4 GiB would not fit beside the benchmark under prlimit --as=8G).
 */
static double memcpy_bound(size_t size, double *min, double *page_bound, double *page_min)
{
	const size_t sample = size < BOUND_SAMPLE ? size : BOUND_SAMPLE;
	const double scale = (double)size / (double)sample;
	double t[MEMCPY_RUNS], tp[MEMCPY_RUNS];
	static char page[PAGE_SIZE];
	char *src, *dst;
	size_t off;
	int i;

	size = sample;

	src = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED)
		return -1;
	memset(src, 0x5a, size);
	memset(dst, 0xa5, size);
	for (i = 0; i < MEMCPY_RUNS; i++) {
		double t0 = now_s();

		memcpy(dst, src, size);
		t[i] = now_s() - t0;
		if (((volatile char *)dst)[size - 1] != 0x5a)
			abort();
		dst[size - 1] = 0;
		t0 = now_s();
		for (off = 0; off < size; off += PAGE_SIZE) {
			memcpy(page, src + off, PAGE_SIZE);
			__asm__ volatile("" : : "r"(page) : "memory");
		}
		tp[i] = now_s() - t0;
	}
	munmap(src, size);
	munmap(dst, size);
	qsort(t, MEMCPY_RUNS, sizeof(t[0]), cmp_double);
	qsort(tp, MEMCPY_RUNS, sizeof(tp[0]), cmp_double);
	*min = t[0] * scale;
	*page_min = tp[0] * scale;
	*page_bound = tp[MEMCPY_RUNS / 2] * scale;
	return t[MEMCPY_RUNS / 2] * scale;
}

/* Writes val to memoryN/state of every block of [start, start + size). */
struct result {
	double offline_s, empty_offline_s;
	unsigned long migrated;
};

/* One run on a fresh machine: the offline of SIZE full of pages, and of SIZE empty. */
static int run_once(const char *options, uint64_t size, bool fill, struct result *res)
{
	struct hm_machine *m = NULL;
	struct hm_system *sys;
	struct hm_buf err;
	uint64_t start;
	double t0, t;
	int ret;

	hm_buf_init(&err);
	ret = machine_create(&m, options, NULL, &err);
	if (ret) {
		fprintf(stderr, "machine_create(\"%s\"): %d %s\n", options, ret, hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	hm_buf_free(&err);
	sys = machine_system(m);
	start = m->device_mem_base;
	if (!m->device_mem_size || start + 2 * size > m->device_mem_base + m->device_mem_size) {
		fprintf(stderr, "device memory cannot hold 2 x %#llx bytes\n",
			(unsigned long long)size);
		goto fail;
	}
	sys->workload.max_pages = (unsigned long)(2 * size / PAGE_SIZE);
	if (add_memory(sys, 0, start, 2 * size, MHP_NONE) ||
	    write_states(sys, start, size, "online_movable\n") ||
	    write_states(sys, start + size, size, "online_movable\n"))
		goto fail;
	if (fill && workload_alloc(sys, "fill", true, (unsigned long)(size / PAGE_SIZE), 0)) {
		fprintf(stderr, "workload_alloc of %#llx bytes failed\n", (unsigned long long)size);
		goto fail;
	}
	t0 = now_s();
	ret = write_states(sys, start, size, "offline\n");
	t = now_s() - t0;
	if (ret)
		goto fail;
	if (fill) {
		if (workload_check(sys, "fill")) {
			fprintf(stderr, "workload_check failed after the offline\n");
			goto fail;
		}
		res->offline_s = t;
		res->migrated = sys->workload.nr_migrated;
	} else {
		res->empty_offline_s = t;
	}
	machine_destroy(m);
	return 0;

fail:
	machine_destroy(m);
	return 1;
}

static int run_case(const struct bench_case *c)
{
	const char *label = c->label, *options = c->options;
	uint64_t size = c->size;
	double t[OFFLINE_RUNS], te[OFFLINE_RUNS], best, med, best_empty, med_empty;
	double cp, cp_min, cp4k, cp4k_min, gib = (double)size / GiB;
	struct result res = { 0 };
	unsigned long migrated = 0;
	int i;

	for (i = 0; i < OFFLINE_RUNS; i++) {
		if (run_once(options, size, true, &res) || run_once(options, size, false, &res))
			return 1;
		t[i] = res.offline_s;
		te[i] = res.empty_offline_s;
		migrated = res.migrated;
	}
	qsort(t, OFFLINE_RUNS, sizeof(t[0]), cmp_double);
	qsort(te, OFFLINE_RUNS, sizeof(te[0]), cmp_double);
	best = t[0];
	med = t[OFFLINE_RUNS / 2];
	best_empty = te[0];
	med_empty = te[OFFLINE_RUNS / 2];
	cp = memcpy_bound(size, &cp_min, &cp4k, &cp4k_min);
	if (cp <= 0) {
		fprintf(stderr, "%s: memcpy bound of %llu bytes failed\n", label,
			(unsigned long long)size);
		return 1;
	}
	printf("%s offline_ms_per_gib=%.1f memcpy_ms_per_gib=%.1f ratio_memcpy=%.2f "
	       "memcpy_4k_ms_per_gib=%.1f ratio_memcpy_4k=%.2f empty_offline_ms_per_gib=%.2f "
	       "ns_per_page=%.0f (medians)\n", label, med * 1e3 / gib, cp * 1e3 / gib, med / cp,
	       cp4k * 1e3 / gib, med / cp4k, med_empty * 1e3 / gib,
	       med * 1e9 / (double)(size / PAGE_SIZE));
	printf("%s_min offline_ms_per_gib=%.1f memcpy_ms_per_gib=%.1f ratio_memcpy_min=%.2f "
	       "memcpy_4k_ms_per_gib=%.1f ratio_memcpy_4k_min=%.2f empty_offline_ms_per_gib=%.2f "
	       "(minima)\n", label, best * 1e3 / gib, cp_min * 1e3 / gib, best / cp_min,
	       cp4k_min * 1e3 / gib, best / cp4k_min, best_empty * 1e3 / gib);
	printf("%s_detail options=\"%s\" size=%llu pages_migrated=%lu offline_min_s=%.4f "
	       "offline_median_s=%.4f empty_offline_min_s=%.4f memcpy_s=%.4f memcpy_min_s=%.4f "
	       "memcpy_4k_s=%.4f memcpy_4k_min_s=%.4f memcpy_gbps=%.2f\n", label, options,
	       (unsigned long long)size, migrated, best, med, best_empty, cp, cp_min, cp4k,
	       cp4k_min, (double)size / cp / 1e9);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const char *options = default_options;
	bool all = false;
	int ret;

	if (bench_args(argc, argv, &options, &all))
		return 0;
	ret = run_forked(run_case, &(struct bench_case){ "offline_1G", options, GiB });
	if (all)
		ret |= run_forked(run_case, &(struct bench_case){ "offline_4G", options, 4 * GiB });
	return ret;
}
