// SPDX-License-Identifier: GPL-2.0
/*
 * bench_virtio_mem.c - 1 TiB of virtio-mem plugged and unplugged by the
 * guest's driver, in Sub Block Mode and Big Block Mode, timed after boot.
 *
 * Each case is a scenario (the same steps a user would write): a guest
 * with the boot RAM that the kernel's memmap of 1 TiB needs (16 GiB of
 * 64-byte struct pages, vmemmap_populate takes them from the buddy),
 * memhp_default_state=online_movable, one virtio-mem device of 1 TiB;
 *
 *	plug	qom-set requested-size 1 TiB, then a sleep: the driver plugs
 *		sub-blocks (SBM) or big blocks (BBM), adds and onlines them
 *	unplug	qom-set requested-size 0, then a sleep: it unplugs them all
 *		(alloc_contig_range, offline, remove)
 *
 *	sbm_128M  -m 24G: memory blocks of 128 MiB, 64 sub-blocks of 2 MiB
 *	sbm_1G    -m 64G: memory blocks of 1 GiB, 512 sub-blocks of 2 MiB
 *	sbm_odd   -m 24G, plugged in 1 TiB - 2 MiB and unplugged in steps
 *		  that leave a block partly plugged at each: the driver's
 *		  sub-block paths (fake-offline runs, single sub-blocks)
 *	bbm_2G    -m 24G, block-size=2G: big blocks of 2 GiB
 *
 * MemTotal is read after each phase and checked (all of it plugged, all
 * of it gone), as are the kernel log's warnings.  RUNS runs of each case,
 * each on a fresh machine; min and median of plug, unplug and their sum
 * (the target: under 0.3 s for SBM), the CPU seconds of the
 * same steps (what a loaded host does not inflate), and the sum's ratio to a
 * bound measured in the same run: a first-touch memset of the dense
 * memmap of 1 TiB (what the emulator's per-page work cost before the
 * compact memmap), on at most BOUND_SAMPLE bytes, scaled.
 *
 * Usage: bench_virtio_mem [--all]	(--all: the same cases; kept for run.sh)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/memmap.h"
#include "hotmem/scenario.h"
#include "hotmem/system.h"
#include "common.h"

#define RUNS		5
#define MEMSET_RUNS	3
#define GiB		(1ULL << 30)
#define TiB		(1ULL << 40)
#define MAX_STEPS	32

struct vm_case {
	const char *label;
	const char *text;
	/* the first and last step (0-based) of each phase */
	unsigned int plug_from, plug_to, unplug_from, unplug_to;
};

#define MACHINE(m, opts)							\
	"machine -m " m ",slots=2,maxmem=2T -cpu max,phys-bits=48"		\
	" -object memory-backend-ram,id=vmem0,size=1T"				\
	" -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0" opts "\n" \
	"cmdline memhp_default_state=online_movable\n"
#define RESIZE(v)								\
	"qmp {\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/vm0\"," \
	"\"property\":\"requested-size\",\"value\":" v "}}\n"

static const struct vm_case cases[] = {
	{ "sbm_128M", MACHINE("24G", "") RESIZE("1099511627776") "sleep 4\nread /proc/meminfo\n"
	  RESIZE("0") "sleep 4\nread /proc/meminfo\n", 2, 3, 5, 6 },
	{ "sbm_1G", MACHINE("64G", "") RESIZE("1099511627776") "sleep 4\nread /proc/meminfo\n"
	  RESIZE("0") "sleep 4\nread /proc/meminfo\n", 2, 3, 5, 6 },
	/* 1 TiB - 2 MiB, then 1 TiB - 2 MiB - 300 GiB - 6 MiB, then 0 */
	{ "sbm_odd", MACHINE("24G", "") RESIZE("1099509530624") "sleep 4\nread /proc/meminfo\n"
	  RESIZE("777380691968") "sleep 4\n" RESIZE("0") "sleep 4\nread /proc/meminfo\n",
	  2, 3, 5, 8 },
	{ "bbm_2G", MACHINE("24G", ",block-size=2G") RESIZE("1099511627776")
	  "sleep 4\nread /proc/meminfo\n" RESIZE("0") "sleep 4\nread /proc/meminfo\n",
	  2, 3, 5, 6 },
};

/* One run: the seconds of each step in t[]; 0, or 1 with a message. */
static int run_once(const struct vm_case *c, const struct scenario *scn, double *t,
		    double *cpu)
{
	unsigned long total[2] = { 0, 0 };
	struct scenario_exec x;
	struct hm_buf ans, err;
	unsigned int i, nr_total = 0;
	double t0;
	int ret = 0;

	hm_buf_init(&ans);
	hm_buf_init(&err);
	if (scenario_begin(scn, &x, &err)) {
		fprintf(stderr, "%s: %s\n", c->label, hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	for (i = 0; i < scn->nr_steps && !ret; i++) {
		double u0, s0, u1, s1;

		hm_buf_reset(&ans);
		cpu_s(&u0, &s0);
		t0 = now_s();
		if (scenario_sync_before(&x, i) || scenario_step(&x, i, &ans) == 2 ||
		    strstr(hm_buf_str(&ans), "error")) {
			fprintf(stderr, "%s: step %u: %s\n", c->label, i + 1, hm_buf_str(&ans));
			ret = 1;
		}
		t[i] = now_s() - t0;
		cpu_s(&u1, &s1);
		cpu[i] = u1 - u0 + s1 - s0;
		if (!strncmp(hm_buf_str(&ans), "MemTotal:", 9) && nr_total < 2)
			total[nr_total++] = strtoul(hm_buf_str(&ans) + 9, NULL, 10);
	}
	/* within 2 MiB of 1 TiB plugged (sbm_odd), then all of it gone */
	if (!ret && (nr_total != 2 || total[0] < total[1] + (TiB >> 10) - 2048 ||
		     x.sys->log.warnings || x.sys->stats.poisoned_page_reads)) {
		fprintf(stderr, "%s: MemTotal %lu kB then %lu kB, %lu warnings, "
			"%lu poisoned reads\n", c->label, total[0], total[1], x.sys->log.warnings,
			x.sys->stats.poisoned_page_reads);
		ret = 1;
	}
	if (scenario_end(&x))
		ret = 1;
	hm_buf_free(&ans);
	hm_buf_free(&err);
	return ret;
}

static double sum(const double *t, unsigned int from, unsigned int to)
{
	double s = 0;

	for (; from <= to; from++)
		s += t[from];
	return s;
}

static int run_case(const struct bench_case *bc)
{
	const struct vm_case *c = &cases[bc->size];
	double plug[RUNS], unplug[RUNS], both[RUNS], cpu_both[RUNS], t[MAX_STEPS], cpu[MAX_STEPS];
	double ms_med, ms_min, rss;
	struct scenario scn;
	struct hm_buf err;
	size_t sample;
	int i, ret = 0;

	hm_buf_init(&err);
	if (scenario_parse(&scn, c->label, c->text, &err)) {
		fprintf(stderr, "%s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	hm_buf_free(&err);
	if (scn.nr_steps > MAX_STEPS) {
		scenario_free(&scn);
		return 1;
	}
	reset_peak_rss();
	for (i = 0; i < RUNS && !ret; i++) {
		memset(t, 0, sizeof(t));
		memset(cpu, 0, sizeof(cpu));
		ret = run_once(c, &scn, t, cpu);
		plug[i] = sum(t, c->plug_from, c->plug_to);
		unplug[i] = sum(t, c->unplug_from, c->unplug_to);
		both[i] = plug[i] + unplug[i];
		cpu_both[i] = sum(cpu, c->plug_from, c->plug_to) +
			      sum(cpu, c->unplug_from, c->unplug_to);
	}
	scenario_free(&scn);
	if (ret)
		return 1;
	rss = (double)maxrss_bytes() / 1e6;	/* before the bound's memset */
	ms_med = memset_bound_scaled(TiB / PAGE_SIZE * sizeof(struct page), MEMSET_RUNS, &ms_min,
				     &sample);
	if (ms_med <= 0)
		return 1;
	qsort(plug, RUNS, sizeof(double), cmp_double);
	qsort(unplug, RUNS, sizeof(double), cmp_double);
	qsort(both, RUNS, sizeof(double), cmp_double);
	qsort(cpu_both, RUNS, sizeof(double), cmp_double);
	printf("virtio_mem_%s plug_s_min=%.4f plug_s_median=%.4f unplug_s_min=%.4f "
	       "unplug_s_median=%.4f plug_unplug_s_min=%.4f plug_unplug_s_median=%.4f "
	       "cpu_s_min=%.4f cpu_s_median=%.4f to_memset_min=%.4f to_memset_median=%.4f "
	       "memset_s_median=%.3f peak_rss_mb=%.1f runs=%d\n", c->label, plug[0],
	       plug[RUNS / 2], unplug[0], unplug[RUNS / 2], both[0], both[RUNS / 2],
	       cpu_both[0], cpu_both[RUNS / 2], both[0] / ms_min, both[RUNS / 2] / ms_med,
	       ms_med, rss, RUNS);
	fflush(stdout);		/* the child leaves with _exit */
	return 0;
}

int main(int argc, char **argv)
{
	const char *options = NULL;
	bool all = false;
	size_t i;
	int ret = 0;

	if (bench_args(argc, argv, &options, &all))
		return 2;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ret |= run_forked(run_case, &(struct bench_case){ cases[i].label, NULL, i });
	return ret ? 1 : 0;
}
