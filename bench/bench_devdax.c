// SPDX-License-Identifier: GPL-2.0
/*
 * bench_devdax.c - creating and destroying a devdax namespace, with the
 * memmap on the device (map=dev) and in RAM (map=mem), as ratios to a
 * bound measured in the same run.
 *
 * An NVDIMM of SIZE on a small pc machine (-cpu max,phys-bits=48 so that
 * 1 TiB fits); its label-less namespace0.0 is reconfigured through the
 * library, as `ndctl create-namespace -f -e namespace0.0 -m devdax
 * --map=dev|mem` drives the kernel:
 *
 *	create	disable the raw namespace, write the info block, enable:
 *		dax_pmem + device_dax: memremap_pages of the whole namespace
 *		(sections, linear map, ZONE_DEVICE, every struct page
 *		initialised; with map=dev the memmap PMDs come from the altmap)
 *	destroy	disable (memunmap_pages: poison, sections, linear map), raw
 *
 * The kernel touches the whole memmap (SIZE / 4096 struct pages) in both;
 * the compact memmap holds a section of device pages as one template from
 * creation on, so the bound is what the dense memmap cost: a first-touch
 * memset of as many bytes as hotmem's dense struct pages (fresh mmap,
 * memset, munmap; MEMSET_RUNS), measured in the same process after a
 * warm-up, on at most BOUND_SAMPLE bytes and scaled linearly (common.h:
 * 1 TiB's 8 GiB would fault in slower per GiB, so the scaled bound is the
 * smaller, stricter one).  Each of RUNS create/destroy pairs is timed; min and median
 * are printed, as ms per GiB of namespace and as ratios to the memset:
 * min to min and median to median.
 *
 * Usage: bench_devdax [--all] ["QEMU options"]: 64 GiB; --all adds 1 TiB
 * (a 24 GiB guest: its compact memmap and the 1 GiB bound fit under
 * prlimit --as=8589934592).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/memmap.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"
#include "common.h"

#define RUNS 5
#define MEMSET_RUNS 3
#define GiB (1ULL << 30)

static const char default_options[] = "-machine pc,nvdimm=on -m 2G,slots=2,maxmem=1200G "
				      "-cpu max,phys-bits=48";
static const char options_1t[] = "-machine pc,nvdimm=on -m 24G,slots=2,maxmem=1200G "
				 "-cpu max,phys-bits=48";

static int step(struct hm_system *sys, struct nd_namespace *ns, enum nd_mode mode,
		enum nd_map map)
{
	int ret = nd_namespace_disable(sys, ns);

	if (!ret)
		ret = nd_namespace_set_mode(sys, ns, mode, map, 2UL << 20);
	if (!ret && mode != ND_MODE_RAW)
		ret = nd_namespace_enable(sys, ns);
	/* device_dax bound: the pages really have a memmap (map=mem: in RAM) */
	if (!ret && mode == ND_MODE_DEVDAX && (!ns->dax || ns->dax->driver != DAX_DRV_DEVICE))
		ret = -ENOMEM;
	return ret;
}

static int run_case(const struct bench_case *c)
{
	static const char *const maps[] = { "dev", "mem" };
	char options[512];
	struct hm_machine *m = NULL;
	struct hm_system *sys;
	struct nd_namespace *ns;
	struct hm_buf err;
	double create[2][RUNS], destroy[2][RUNS], gib = (double)c->size / GiB;
	double ms_med, ms_min, t;
	size_t sample;
	unsigned long long memmap_bytes = c->size / PAGE_SIZE * sizeof(struct page);
	int ret, mi, r;

	snprintf(options, sizeof(options), "%s -object memory-backend-ram,id=nvm,size=%llu "
		 "-device nvdimm,id=nv0,memdev=nvm,label-size=128K", c->options,
		 (unsigned long long)(c->size + (128ULL << 10)));
	hm_buf_init(&err);
	ret = machine_create(&m, options, NULL, &err);
	if (ret) {
		fprintf(stderr, "%s: machine_create(\"%s\"): %d %s\n", c->label, options, ret,
			hm_buf_str(&err));
		hm_buf_free(&err);
		return 1;
	}
	hm_buf_free(&err);
	sys = machine_system(m);
	if (machine_guest_sync(m) || !(ns = nd_namespace_find(sys, "namespace0.0"))) {
		fprintf(stderr, "%s: no namespace0.0\n", c->label);
		machine_destroy(m);
		return 1;
	}
	/* warm-up: the host backs the pages once */
	memset_once(memmap_bytes < BOUND_SAMPLE ? memmap_bytes : BOUND_SAMPLE);
	for (r = 0; r < RUNS; r++)
		for (mi = 0; mi < 2; mi++) {
			t = now_s();
			ret = step(sys, ns, ND_MODE_DEVDAX, mi ? ND_MAP_MEM : ND_MAP_DEV);
			create[mi][r] = now_s() - t;
			if (ret) {
				fprintf(stderr, "%s: create map=%s: %d\n", c->label, maps[mi], ret);
				machine_destroy(m);
				return 1;
			}
			t = now_s();
			ret = step(sys, ns, ND_MODE_RAW, ND_MAP_DEV);
			destroy[mi][r] = now_s() - t;
			if (ret) {
				fprintf(stderr, "%s: destroy map=%s: %d\n", c->label, maps[mi], ret);
				machine_destroy(m);
				return 1;
			}
		}
	if (sys->log.warnings)
		fprintf(stderr, "%s: %lu warnings\n", c->label, sys->log.warnings);
	machine_destroy(m);
	ms_med = memset_bound_scaled(memmap_bytes, MEMSET_RUNS, &ms_min, &sample);
	if (ms_med <= 0) {
		fprintf(stderr, "%s: memset bound failed\n", c->label);
		return 1;
	}
	for (mi = 0; mi < 2; mi++) {
		qsort(create[mi], RUNS, sizeof(double), cmp_double);
		qsort(destroy[mi], RUNS, sizeof(double), cmp_double);
		printf("%s_map_%s create_ms_per_gib_min=%.4f create_ms_per_gib_median=%.4f "
		       "destroy_ms_per_gib_min=%.4f destroy_ms_per_gib_median=%.4f "
		       "create_to_memset_min=%.5f create_to_memset_median=%.5f "
		       "destroy_to_memset_min=%.5f destroy_to_memset_median=%.5f\n", c->label,
		       maps[mi], create[mi][0] * 1e3 / gib, create[mi][RUNS / 2] * 1e3 / gib,
		       destroy[mi][0] * 1e3 / gib, destroy[mi][RUNS / 2] * 1e3 / gib,
		       create[mi][0] / ms_min, create[mi][RUNS / 2] / ms_med,
		       destroy[mi][0] / ms_min, destroy[mi][RUNS / 2] / ms_med);
	}
	printf("%s_bound memmap_bytes=%llu sample_bytes=%zu memset_ms_per_gib_median=%.3f "
	       "memset_ms_per_gib_min=%.3f runs=%d\n", c->label, memmap_bytes, sample,
	       ms_med * 1e3 / gib, ms_min * 1e3 / gib, RUNS);
	fflush(stdout);		/* the child leaves with _exit */
	return 0;
}

int main(int argc, char **argv)
{
	const char *options = default_options;
	bool all = false;
	int ret;

	if (bench_args(argc, argv, &options, &all))
		return 2;
	ret = run_forked(run_case, &(struct bench_case){ "devdax_64G", options, 64 * GiB });
	/*
	 * 1 TiB with map=mem puts 16 GiB of 64-byte struct pages in the
	 * guest's RAM (vmemmap_populate from the buddy): a 2 GiB guest cannot
	 * hold them and device_dax is never bound, so the case boots 24 GiB.
	 */
	if (all)
		ret |= run_forked(run_case, &(struct bench_case){ "devdax_1T",
				  options == default_options ? options_1t : options,
				  1024 * GiB });
	return ret ? 1 : 0;
}
