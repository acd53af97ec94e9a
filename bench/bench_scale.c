// SPDX-License-Identifier: GPL-2.0
/*
 * bench_scale.c - cost against size: boot, and a hot-add + online +
 * offline + remove cycle, from 4 GiB to 64 TiB, time and peak memory per
 * size, with the bound of each (a first-touch memset of the dense memmap,
 * 32 bytes per 4 KiB page, measured on at most BOUND_SAMPLE bytes and
 * scaled linearly, memset_bound_scaled).
 *
 * With the compact memmap (memmap.h) the cost follows sections and memory
 * blocks, not pages: the table shows time and memory per section and the
 * ratio to the bound falling as the size grows.  HOTMEM_MEMMAP=dense runs
 * the same cases with the dense memmap (only the small ones fit a host).
 *
 *	boot	machine_create("-m SIZE -cpu max,phys-bits=48"), RUNS times
 *	cycle	on a guest with the boot RAM the range's kernel memmap needs
 *		(SIZE/64, vmemmap_populate takes it from the buddy) plus 24 GiB:
 *		add_memory of SIZE, every block online_movable, offline,
 *		remove_memory, RUNS times on one machine
 *
 *	mixed	(--all) the scenario MIXED_SCENARIO: a 16 TiB DIMM and 15 TiB of
 *		virtio-mem plugged, onlined movable and unplugged again on a
 *		machine of 32 TiB boot RAM (63 TiB in all), the steps timed after
 *		boot; its bound the memset of the 31 TiB's dense memmap; and
 *		how many sections were given struct pages (memmap.h), how many
 *		of them on fresh host memory
 *
 * min and median of RUNS; each size and kind in a child forked before
 * anything is allocated, its peak RSS reset (clear_refs) before the runs.
 * -cpu max: 5-level paging, so that -m 64T (RAM up to 64 TiB + 1 GiB) boots.
 *
 * Usage: bench_scale [--all] [SIZE_GIB|mixed]	default: 4 GiB .. 1 TiB; --all up
 *	to 64 TiB and mixed; SIZE_GIB: only that size; mixed: only that
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/memmap.h"
#include "hotmem/memory.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/scenario.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "machine/machine_internal.h"
#include "common.h"

#define RUNS		3
#define MEMSET_RUNS	3
#define GiB		(1ULL << 30)
#define TiB		(1ULL << 40)

static int create(const char *options, struct hm_machine **m)
{
	struct hm_buf err;
	int ret;

	hm_buf_init(&err);
	ret = machine_create(m, options, NULL, &err);
	if (ret)
		fprintf(stderr, "machine_create(\"%s\"): %d %s\n", options, ret, hm_buf_str(&err));
	hm_buf_free(&err);
	return ret;
}

static void print_row(const char *kind, uint64_t size, const double *t, unsigned long sections,
		      unsigned long long rss, unsigned long dense)
{
	double bound, bound_min, min = t[0], med = t[RUNS / 2];
	size_t sample;

	bound = memset_bound_scaled(size / PAGE_SIZE * sizeof(struct page), MEMSET_RUNS,
				    &bound_min, &sample);
	printf("scale_%s size_gib=%llu sections=%lu min_s=%.4f median_s=%.4f "
	       "us_per_section=%.2f peak_rss_bytes=%llu rss_per_section=%.0f "
	       "dense_sections=%lu memset_s=%.3f ratio_median=%.4f ratio_min=%.4f\n", kind,
	       (unsigned long long)(size / GiB), sections, min, med, med * 1e6 / (double)sections,
	       rss, (double)rss / (double)sections, dense, bound, med / bound, min / bound_min);
	fflush(stdout);
}

static int run_boot(const struct bench_case *c)
{
	unsigned long sections = 0, dense = 0;
	struct hm_machine *m;
	double t[RUNS], t0;
	int i;

	reset_peak_rss();
	for (i = 0; i < RUNS; i++) {
		t0 = now_s();
		if (create(c->options, &m))
			return 1;
		t[i] = now_s() - t0;
		sections = machine_system(m)->sparse.nr_memmap_sections;
		dense = machine_system(m)->sparse.nr_dense_sections;
		machine_destroy(m);
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	print_row("boot", c->size, t, sections, maxrss_bytes(), dense);
	return 0;
}

static int run_cycle(const struct bench_case *c)
{
	unsigned long dense = 0;
	struct hm_machine *m;
	struct hm_system *sys;
	double t[RUNS], t0;
	uint64_t start;
	int i, ret = 0;

	if (create(c->options, &m))
		return 1;
	sys = machine_system(m);
	start = m->device_mem_base;
	if (sysfs_write(sys, "/sys/devices/system/memory/auto_online_blocks", "offline\n", 8)) {
		machine_destroy(m);
		return 1;
	}
	reset_peak_rss();
	for (i = 0; i < RUNS && !ret; i++) {
		t0 = now_s();
		ret = add_memory(sys, 0, start, c->size, MHP_NONE);
		if (!ret)
			ret = write_states(sys, start, c->size, "online_movable\n");
		if (!ret)
			ret = write_states(sys, start, c->size, "offline\n");
		if (!dense)
			dense = sys->sparse.nr_dense_sections;
		if (!ret)
			ret = remove_memory(sys, start, c->size);
		t[i] = now_s() - t0;
	}
	if (ret || sys->log.warnings || sys->stats.poisoned_page_reads) {
		fprintf(stderr, "cycle of %llu GiB: %d, %lu warnings, %lu poisoned reads\n",
			(unsigned long long)(c->size / GiB), ret, sys->log.warnings,
			sys->stats.poisoned_page_reads);
		printk_log_print(&sys->log, stderr);
		machine_destroy(m);
		return 1;
	}
	machine_destroy(m);
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	print_row("cycle", c->size, t, (unsigned long)(c->size / MIN_MEMORY_BLOCK_SIZE),
		  maxrss_bytes(), dense);
	return 0;
}

#define MIXED_SIZE	(31 * TiB)
static const char MIXED_SCENARIO[] =
	"machine -m 32T,slots=2,maxmem=63T -cpu max,phys-bits=48"
	" -object memory-backend-ram,id=vmem0,size=15T"
	" -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0\n"
	"cmdline memhp_default_state=online_movable\n"
	"qmp {\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\","
	"\"id\":\"d0\",\"size\":17592186044416}}\n"
	"qmp {\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"dimm0\","
	"\"memdev\":\"d0\"}}\n"
	"qmp {\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/vm0\","
	"\"property\":\"requested-size\",\"value\":16492674416640}}\n"
	"sleep 4\n"
	"read /proc/meminfo\n"
	"qmp {\"execute\":\"device_del\",\"arguments\":{\"id\":\"dimm0\"}}\n"
	"sleep 4\n"
	"qmp {\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/vm0\","
	"\"property\":\"requested-size\",\"value\":0}}\n"
	"sleep 4\n"
	"read /proc/meminfo\n";

/* One run of MIXED_SCENARIO: *t the seconds of its steps; 0, or 1 with a message. */
static int mixed_once(const struct scenario *scn, double *t, unsigned long *dense,
		      unsigned long *materialised, unsigned long *fresh)
{
	unsigned long total_before = 0, total_after = 0;
	struct scenario_exec x;
	struct hm_buf ans, err;
	unsigned int i;
	double t0;
	int ret = 0;

	hm_buf_init(&ans);
	hm_buf_init(&err);
	if (scenario_begin(scn, &x, &err)) {
		fprintf(stderr, "mixed: %s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	t0 = now_s();
	for (i = 0; i < scn->nr_steps && !ret; i++) {
		hm_buf_reset(&ans);
		if (scenario_sync_before(&x, i) || scenario_step(&x, i, &ans) == 2 ||
		    strstr(hm_buf_str(&ans), "error")) {
			fprintf(stderr, "mixed: step %u: %s\n", i + 1, hm_buf_str(&ans));
			ret = 1;
		}
		if (!strncmp(hm_buf_str(&ans), "MemTotal:", 9))
			*(total_before ? &total_after : &total_before) =
				strtoul(hm_buf_str(&ans) + 9, NULL, 10);
		if (x.sys->sparse.nr_dense_sections > *dense)
			*dense = x.sys->sparse.nr_dense_sections;
	}
	*t = now_s() - t0;
	*materialised = x.sys->stats.memmap_materialised;
	*fresh = x.sys->stats.memmap_materialised_fresh;
	/* all of it plugged, then all of it gone again */
	if (!ret && (total_before < total_after + (MIXED_SIZE >> 10) * 31 / 32 ||
		     x.sys->log.warnings || x.sys->stats.poisoned_page_reads)) {
		fprintf(stderr, "mixed: MemTotal %lu kB then %lu kB, %lu warnings, "
			"%lu poisoned reads\n", total_before, total_after, x.sys->log.warnings,
			x.sys->stats.poisoned_page_reads);
		ret = 1;
	}
	if (scenario_end(&x))
		ret = 1;
	hm_buf_free(&ans);
	hm_buf_free(&err);
	return ret;
}

static int run_mixed(const struct bench_case *c)
{
	unsigned long dense = 0, materialised = 0, fresh = 0;
	struct scenario scn;
	struct hm_buf err;
	double t[RUNS];
	int i, ret = 0;

	hm_buf_init(&err);
	if (scenario_parse(&scn, "mixed", MIXED_SCENARIO, &err)) {
		fprintf(stderr, "%s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	reset_peak_rss();
	for (i = 0; i < RUNS && !ret; i++)
		ret = mixed_once(&scn, &t[i], &dense, &materialised, &fresh);
	scenario_free(&scn);
	hm_buf_free(&err);
	if (ret)
		return 1;
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	/* the sections plugged and unplugged */
	print_row("mixed", c->size, t, (unsigned long)(c->size >> SECTION_SIZE_BITS),
		  maxrss_bytes(), dense);
	/* of the last run, boot included: the sections given struct pages, how many on fresh memory */
	printf("scale_mixed_detail materialised=%lu materialised_fresh=%lu\n", materialised, fresh);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const uint64_t sizes[] = { 4 * GiB, 64 * GiB, TiB, 4 * TiB, 16 * TiB, 32 * TiB, 64 * TiB };
	const char *options = NULL;
	bool all = false, mixed_only;
	char boot[128], cycle[160];
	size_t i;
	int ret = 0;

	if (bench_args(argc, argv, &options, &all))
		return 0;
	mixed_only = options && !strcmp(options, "mixed");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint64_t size = sizes[i], gib = size / GiB, ram = gib / 64 * 5 / 4 + 24;
		struct bench_case b = { "boot", boot, size }, c = { "cycle", cycle, size };

		if ((!all && size > TiB) || mixed_only)
			break;
		if (options && size != strtoull(options, NULL, 0) * GiB)
			continue;	/* "SIZE_GIB": that size only */
		snprintf(boot, sizeof(boot), "-m %lluG -cpu max,phys-bits=48",
			 (unsigned long long)gib);
		ret |= run_forked(run_boot, &b);
		snprintf(cycle, sizeof(cycle), "-m %lluG,slots=1,maxmem=%lluG -cpu max,phys-bits=48",
			 (unsigned long long)ram, (unsigned long long)(ram + gib + 1100));
		ret |= run_forked(run_cycle, &c);
	}
	if ((all && !options) || mixed_only) {
		struct bench_case x = { "mixed", MIXED_SCENARIO, MIXED_SIZE };

		ret |= run_forked(run_mixed, &x);
	}
	return ret;
}
