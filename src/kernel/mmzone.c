// SPDX-License-Identifier: GPL-2.0
/*
 * mmzone.c - nodes, zones, their spans and counters, /proc/zoneinfo and
 * /proc/meminfo.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/mmzone.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/vmstat.h"

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

struct pglist_data *NODE_DATA(struct hm_system *sys, int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return NULL;
	return sys->node_data[nid];
}

bool node_state(struct hm_system *sys, int nid, enum node_states state)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return false;
	return node_isset(nid, sys->node_states[state]);
}

void node_set_state(struct hm_system *sys, int nid, enum node_states state)
{
	node_set(nid, sys->node_states[state]);
}

void node_clear_state(struct hm_system *sys, int nid, enum node_states state)
{
	node_clear(nid, sys->node_states[state]);
}

int pgdat_alloc(struct hm_system *sys, int nid)
{
	struct pglist_data *pgdat;
	int zid;

	if (sys->node_data[nid])
		return 0;
	pgdat = hm_kzalloc(&sys->alloc, sizeof(*pgdat));
	if (!pgdat)
		return -ENOMEM;
	pgdat->node_id = nid;
	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		pgdat->node_zones[zid].zone_pgdat = pgdat;
		pgdat->node_zones[zid].idx = zid;
		pthread_mutex_init(&pgdat->node_zones[zid].lock, NULL);
		zone_init_free_lists(&pgdat->node_zones[zid]);
	}
	sys->node_data[nid] = pgdat;
	return 0;
}

void pgdat_free_all(struct hm_system *sys)
{
	int nid, zid;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!sys->node_data[nid])
			continue;
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			pthread_mutex_destroy(&sys->node_data[nid]->node_zones[zid].lock);
		hm_kfree(&sys->alloc, sys->node_data[nid]);
		sys->node_data[nid] = NULL;
	}
}

void resize_zone_range(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long old_end_pfn = zone_end_pfn(zone);
	unsigned long end_pfn = start_pfn + nr_pages;

	if (zone_is_empty(zone) || start_pfn < zone->zone_start_pfn)
		zone->zone_start_pfn = start_pfn;
	zone->spanned_pages = (end_pfn > old_end_pfn ? end_pfn : old_end_pfn) -
			      zone->zone_start_pfn;
}

void resize_pgdat_range(struct pglist_data *pgdat, unsigned long start_pfn,
			unsigned long nr_pages)
{
	unsigned long old_end_pfn = pgdat_end_pfn(pgdat);
	unsigned long end_pfn = start_pfn + nr_pages;

	if (!pgdat->node_spanned_pages || start_pfn < pgdat->node_start_pfn)
		pgdat->node_start_pfn = start_pfn;
	pgdat->node_spanned_pages = (end_pfn > old_end_pfn ? end_pfn : old_end_pfn) -
				    pgdat->node_start_pfn;
}

/* Is pfn an online page of this zone (and its node)?  Reads only online pages. */
static bool pfn_belongs_to_zone(struct hm_system *sys, struct zone *zone, unsigned long pfn)
{
	const struct page *page = pfn_to_online_page_peek(sys, pfn);

	if (!page)
		return false;
	if (page_to_nid(sys, page) != zone_to_nid(zone))
		return false;
	return page_zone(sys, page) == zone;
}

static unsigned long find_smallest_section_pfn(struct hm_system *sys, struct zone *zone,
					       unsigned long start_pfn, unsigned long end_pfn)
{
	for (; start_pfn < end_pfn; start_pfn += PAGES_PER_SUBSECTION)
		if (pfn_belongs_to_zone(sys, zone, start_pfn))
			return start_pfn;
	return 0;
}

static unsigned long find_biggest_section_pfn(struct hm_system *sys, struct zone *zone,
					      unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	if (end_pfn <= start_pfn)
		return 0;
	for (pfn = end_pfn - 1; pfn >= start_pfn; pfn -= PAGES_PER_SUBSECTION) {
		if (pfn_belongs_to_zone(sys, zone, pfn))
			return pfn;
		if (pfn < PAGES_PER_SUBSECTION)
			break;
	}
	return 0;
}

void shrink_zone_span(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
		      unsigned long end_pfn)
{
	unsigned long pfn;

	if (zone->zone_start_pfn == start_pfn) {
		/* The lowest range went: the next online pfn above is the new start. */
		pfn = find_smallest_section_pfn(sys, zone, end_pfn, zone_end_pfn(zone));
		if (pfn) {
			zone->spanned_pages = zone_end_pfn(zone) - pfn;
			zone->zone_start_pfn = pfn;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	} else if (zone_end_pfn(zone) == end_pfn) {
		/* The highest range went: the last online pfn below is the new end. */
		pfn = find_biggest_section_pfn(sys, zone, zone->zone_start_pfn, start_pfn);
		if (pfn) {
			zone->spanned_pages = pfn - zone->zone_start_pfn + 1;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	}
	/* A hole in the middle leaves the span as it is. */
}

void update_pgdat_span(struct pglist_data *pgdat)
{
	unsigned long node_start_pfn = 0, node_end_pfn = 0;
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];
		unsigned long end_pfn = zone_end_pfn(zone);

		if (!zone->spanned_pages)
			continue;
		if (!node_end_pfn) {
			node_start_pfn = zone->zone_start_pfn;
			node_end_pfn = end_pfn;
			continue;
		}
		if (end_pfn > node_end_pfn)
			node_end_pfn = end_pfn;
		if (zone->zone_start_pfn < node_start_pfn)
			node_start_pfn = zone->zone_start_pfn;
	}
	pgdat->node_start_pfn = node_start_pfn;
	pgdat->node_spanned_pages = node_end_pfn - node_start_pfn;
}

void adjust_managed_page_count(struct zone *zone, long count)
{
	zone->managed_pages += count;
}

unsigned long totalram_pages(struct hm_system *sys)
{
	struct pglist_data *pgdat;
	unsigned long total = 0;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			total += pgdat->node_zones[zid].managed_pages;
	return total;
}

unsigned long global_free_pages(struct hm_system *sys)
{
	struct pglist_data *pgdat;
	unsigned long total = 0;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			total += pgdat->node_zones[zid].nr_free_pages;
	return total;
}

/* The zones /proc/zoneinfo lists: Debian's cloud-arm64 kernel has no ZONE_DEVICE. */
static int zoneinfo_nr_zones(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_ARM64 ? ZONE_DEVICE : MAX_NR_ZONES;
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, b;

	for (b = 1UL << 31; b; b >>= 1)
		if ((r + b) * (r + b) <= x)
			r += b;
	return r;
}

/*
 * min_free_kbytes as the kernel last set it (init_per_zone_wmark_min at
 * boot and after every online and offline): calculate_min_free_kbytes
 * from the lowmem zones' managed pages, then khugepaged's
 * set_recommended_min_free_kbytes (both Debian kernels start khugepaged):
 * two pageblocks a populated kernel zone, plus MIGRATE_PCPTYPES^2, at
 * most 5% of RAM.
 */
static unsigned long min_free_kbytes(struct hm_system *sys)
{
	unsigned long lowmem = 0, nr_zones = 0, recommended, kb;
	struct pglist_data *pgdat;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = 0; zid <= ZONE_NORMAL; zid++) {
			lowmem += pgdat->node_zones[zid].managed_pages;
			nr_zones += populated_zone(&pgdat->node_zones[zid]);
		}
	kb = int_sqrt(lowmem * (PAGE_SIZE >> 10) * 16);
	kb = kb < 128 ? 128 : kb > 262144 ? 262144 : kb;
	recommended = pageblock_nr_pages * nr_zones * 2 + pageblock_nr_pages * nr_zones * 3 * 3;
	if (recommended > totalram_pages(sys) / 20)
		recommended = totalram_pages(sys) / 20;
	recommended <<= PAGE_SHIFT - 10;
	return recommended > kb ? recommended : kb;
}

struct zone_wmarks {
	unsigned long min, low, high;
	long reserve[MAX_NR_ZONES];	/* lowmem_reserve: protection */
};

/*
 * __setup_per_zone_wmarks (watermark_scale_factor 10) and
 * setup_per_zone_lowmem_reserve (sysctl_lowmem_reserve_ratio 256, 256,
 * 32 for DMA, DMA32, Normal; none above): pure functions of the managed
 * pages, which the kernel recomputes whenever they change.
 */
static void zone_wmarks(struct hm_system *sys, const struct zone *zone, struct zone_wmarks *w)
{
	static const unsigned long ratio[MAX_NR_ZONES] = { 256, 256, 32, 0, 0 };
	const struct pglist_data *pgdat = zone->zone_pgdat;
	unsigned long lowmem = 0, tmp, scaled, upper = 0;
	struct pglist_data *p;
	int nid, zid;

	memset(w, 0, sizeof(*w));
	for_each_online_pgdat(sys, p, nid)
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			lowmem += p->node_zones[zid].managed_pages;
	if (lowmem) {
		tmp = (min_free_kbytes(sys) >> (PAGE_SHIFT - 10)) * zone->managed_pages / lowmem;
		scaled = zone->managed_pages * 10 / 10000;
		w->min = tmp;
		tmp = (tmp >> 2) > scaled ? tmp >> 2 : scaled;
		w->low = w->min + tmp;
		w->high = w->min + 2 * tmp;
	}
	for (zid = zone->idx + 1; zid < MAX_NR_ZONES; zid++) {
		upper += pgdat->node_zones[zid].managed_pages;
		if (ratio[zone->idx] && zone->managed_pages)
			w->reserve[zid] = (long)(upper / ratio[zone->idx]);
	}
}

static unsigned int fls_ul(unsigned long x)
{
	unsigned int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

/* zone_batchsize: a quarter of the zone's managed MiB, at most 1 MiB, 2^n - 1; at least 1 */
static unsigned long zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages >> 10;

	if (batch > (1UL << 20) / PAGE_SIZE)
		batch = (1UL << 20) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (batch & (batch - 1))
		batch &= batch - 1;	/* rounddown_pow_of_two */
	return batch - 1 ? batch - 1 : 1;	/* zone_set_pageset_high_and_batch: max(1, ...) */
}

/*
 * /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print), every line: a node's
 * per-node stats before its first populated zone; every zone's free pages,
 * watermarks, sizes and protection; a populated zone's counters, its
 * per-CPU pagesets (zone_highsize: the low watermark split among the
 * node's CPUs; calculate_normal_threshold) and start_pfn.  The per-CPU
 * lists hold no pages in the model (count 0).
 */
void zoneinfo_show(struct hm_system *sys, struct hm_buf *out)
{
	struct pglist_data *pgdat;
	int nid, zid, i, first;
	unsigned int cpu;

	for_each_online_pgdat(sys, pgdat, nid) {
		for (first = 0; first < MAX_NR_ZONES; first++)
			if (populated_zone(&pgdat->node_zones[first]))
				break;
		for (zid = 0; zid < zoneinfo_nr_zones(sys); zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			unsigned long batch, high, node_cpus;
			struct zone_wmarks w;
			unsigned int threshold;

			zone_wmarks(sys, zone, &w);
			hm_buf_printf(out, "Node %d, zone %8s", nid, zone_names[zid]);
			if (zid == first) {
				hm_buf_printf(out, "\n  per-node stats");
				zoneinfo_node_stats(sys, nid, out);
			}
			hm_buf_printf(out, "\n  pages free     %lu", zone->nr_free_pages);
			hm_buf_printf(out, "\n        boost    0\n        min      %lu"
					   "\n        low      %lu\n        high     %lu",
				      w.min, w.low, w.high);
			hm_buf_printf(out, "\n        spanned  %lu", zone->spanned_pages);
			hm_buf_printf(out, "\n        present  %lu", zone->present_pages);
			hm_buf_printf(out, "\n        managed  %lu", zone->managed_pages);
			hm_buf_printf(out, "\n        cma      %lu", zone->cma_pages);
			hm_buf_printf(out, "\n        protection: (%ld", w.reserve[0]);
			for (i = 1; i < zoneinfo_nr_zones(sys); i++)
				hm_buf_printf(out, ", %ld", w.reserve[i]);
			hm_buf_printf(out, ")");
			if (!populated_zone(zone)) {
				hm_buf_printf(out, "\n");
				continue;
			}
			zoneinfo_zone_stats(sys, nid, zid, out);
			batch = zone_batchsize(zone);
			node_cpus = (unsigned long)__builtin_popcountll(cpumask_of_node(sys, nid));
			high = w.low / (node_cpus ? node_cpus : sys->cpus.nr);
			if (high < batch << 2)
				high = batch << 2;
			/* calculate_normal_threshold: 2 fls(cpus) (1 + fls(managed / 128 MiB)) <= 125 */
			threshold = 2 * fls_ul(sys->cpus.nr) *
				    (1 + fls_ul(zone->managed_pages >> (27 - PAGE_SHIFT)));
			if (threshold > 125)
				threshold = 125;
			hm_buf_printf(out, "\n  pagesets");
			for (cpu = 0; cpu < sys->cpus.nr; cpu++)
				hm_buf_printf(out, "\n    cpu: %u\n              count: 0"
						   "\n              high:  %lu\n              batch: %lu"
						   "\n  vm stats threshold: %u", cpu, high, batch,
					      threshold);
			hm_buf_printf(out, "\n  node_unreclaimable:  0");
			hm_buf_printf(out, "\n  start_pfn:           %lu", zone->zone_start_pfn);
			hm_buf_printf(out, "\n");
		}
	}
}

static void show_val_kb(struct hm_buf *out, const char *label, unsigned long pages)
{
	hm_buf_printf(out, "%-16s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/*
 * /proc/meminfo, every line of Debian's 6.1 in its order and format
 * (fs/proc/meminfo.c).  Modelled: MemTotal (managed pages), MemFree,
 * MemAvailable (= MemFree: without watermarks, page cache or reclaimable
 * slab, si_mem_available() adds and takes nothing), the processes' anonymous
 * memory (AnonPages, Inactive(anon), Inactive, Committed_AS), CommitLimit
 * (overcommit_ratio 50 of RAM, no swap), VmallocTotal (the architecture's
 * area), the empty hugetlb pool and its 2 MiB page size.  Debian's arm64
 * (cloud) kernel has no Zswap lines and has CmaTotal (its CMA area, see
 * init.c) and CmaFree (the free pages of the CMA pageblocks).  The rest is what
 * the model has none of (page cache, swap, slab, kernel stacks, page tables,
 * vmalloc and per-cpu memory, THP, hardware errors) and prints 0.  The
 * DirectMap lines count the linear map's pages by size (pgtable.c).
 */
void meminfo_show(struct hm_system *sys, struct hm_buf *out)
{
	static const char *const zero_after_swap[] = {
		"SwapTotal:", "SwapFree:", "Zswap:", "Zswapped:", "Dirty:", "Writeback:", NULL
	};
	static const char *const zero_after_anon[] = {
		"Mapped:", "Shmem:", "KReclaimable:", "Slab:", "SReclaimable:", "SUnreclaim:",
		"KernelStack:", "PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:",
		"WritebackTmp:", NULL
	};
	bool arm64 = sys->arch.kind == HM_ARCH_ARM64;
	struct vm_node_stat st;
	unsigned int i;

	vm_node_stat_get(sys, -1, &st);
	show_val_kb(out, "MemTotal:", st.managed);
	show_val_kb(out, "MemFree:", st.free);
	show_val_kb(out, "MemAvailable:", st.free);
	show_val_kb(out, "Buffers:", 0);
	show_val_kb(out, "Cached:", 0);
	show_val_kb(out, "SwapCached:", 0);
	show_val_kb(out, "Active:", 0);
	show_val_kb(out, "Inactive:", st.inactive_anon);
	show_val_kb(out, "Active(anon):", 0);
	show_val_kb(out, "Inactive(anon):", st.inactive_anon);
	show_val_kb(out, "Active(file):", 0);
	show_val_kb(out, "Inactive(file):", 0);
	show_val_kb(out, "Unevictable:", 0);
	show_val_kb(out, "Mlocked:", 0);
	for (i = 0; zero_after_swap[i]; i++)
		if (arm64 ? strncmp(zero_after_swap[i], "Zswap", 5) : 1)	/* arm64: no ZSWAP */
			show_val_kb(out, zero_after_swap[i], 0);
	show_val_kb(out, "AnonPages:", st.inactive_anon);
	for (i = 0; zero_after_anon[i]; i++)
		show_val_kb(out, zero_after_anon[i], 0);
	/* vm_commit_limit(): overcommit_ratio 50, no hugetlb pages, no swap */
	show_val_kb(out, "CommitLimit:", st.managed * 50 / 100);
	show_val_kb(out, "Committed_AS:", st.inactive_anon);
	/*
	 * VMALLOC_END - VMALLOC_START in kB: x86_64's 4-level layout (32 TiB),
	 * its 5-level one (la57: 12800 TiB), arm64's 48-bit VA
	 */
	hm_buf_printf(out, "%-16s%8lu kB\n", "VmallocTotal:",
		      arm64 ? 133143592960UL : sys->arch.la57 ? 13743895347199UL : 34359738367UL);
	show_val_kb(out, "VmallocUsed:", 0);
	show_val_kb(out, "VmallocChunk:", 0);
	show_val_kb(out, "Percpu:", 0);
	hm_buf_printf(out, "HardwareCorrupted: %5lu kB\n", 0UL);
	show_val_kb(out, "AnonHugePages:", 0);
	show_val_kb(out, "ShmemHugePages:", 0);
	show_val_kb(out, "ShmemPmdMapped:", 0);
	show_val_kb(out, "FileHugePages:", 0);
	show_val_kb(out, "FilePmdMapped:", 0);
	if (arm64) {
		/* CONFIG_CMA: totalcma_pages, NR_FREE_CMA_PAGES */
		show_val_kb(out, "CmaTotal:", sys->totalcma_pages);
		show_val_kb(out, "CmaFree:", st.free_cma);
	}
	/* hugetlb_report_meminfo: the default pool of 2 MiB pages, empty */
	hm_buf_printf(out, "HugePages_Total:   %5lu\nHugePages_Free:    %5lu\n"
			   "HugePages_Rsvd:    %5lu\nHugePages_Surp:    %5lu\n", 0UL, 0UL, 0UL, 0UL);
	hm_buf_printf(out, "%-16s%8lu kB\n", "Hugepagesize:", 2048UL);
	show_val_kb(out, "Hugetlb:", 0);
	/* arch_report_meminfo: x86's DirectMap lines */
	pgtable_report_meminfo(sys, out);
}

unsigned long mmzone_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations;
	struct pglist_data *pgdat;
	int nid, zid;
	char obj[48];

	for_each_online_pgdat(sys, pgdat, nid) {
		unsigned long present = 0, start = 0, end = 0;

		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			snprintf(obj, sizeof(obj), "node %d zone %s", nid, zone_names[zid]);
			if (zone->managed_pages > zone->present_pages)
				hm_report_add(r, obj, "managed %lu > present %lu",
					      zone->managed_pages, zone->present_pages);
			if (zone->present_pages > zone->spanned_pages)
				hm_report_add(r, obj, "present %lu > spanned %lu",
					      zone->present_pages, zone->spanned_pages);
			if (zone->present_early_pages > zone->present_pages)
				hm_report_add(r, obj, "present_early %lu > present %lu",
					      zone->present_early_pages, zone->present_pages);
			if (zone->nr_free_pages > zone->managed_pages)
				hm_report_add(r, obj, "free %lu > managed %lu",
					      zone->nr_free_pages, zone->managed_pages);
			if (!zone->spanned_pages && zone->zone_start_pfn)
				hm_report_add(r, obj, "empty but start_pfn %lu",
					      zone->zone_start_pfn);
			if (zid == ZONE_DEVICE && (zone->present_pages || zone->managed_pages))
				hm_report_add(r, obj, "ZONE_DEVICE present %lu managed %lu",
					      zone->present_pages, zone->managed_pages);
			present += zone->present_pages;
			if (zone->spanned_pages) {
				if (!end || zone->zone_start_pfn < start)
					start = zone->zone_start_pfn;
				if (zone_end_pfn(zone) > end)
					end = zone_end_pfn(zone);
			}
		}
		snprintf(obj, sizeof(obj), "node %d", nid);
		if (present != pgdat->node_present_pages)
			hm_report_add(r, obj, "node_present_pages %lu, sum of zones %lu",
				      pgdat->node_present_pages, present);
		if (pgdat->node_start_pfn != start || pgdat->node_spanned_pages != end - start)
			hm_report_add(r, obj, "span [%lu, +%lu), hull of zones [%lu, +%lu)",
				      pgdat->node_start_pfn, pgdat->node_spanned_pages,
				      start, end - start);
		if (node_state(sys, nid, N_MEMORY) != (pgdat->node_present_pages > 0))
			hm_report_add(r, obj, "N_MEMORY %d but present pages %lu",
				      node_state(sys, nid, N_MEMORY), pgdat->node_present_pages);
	}
	return r->nr_violations - before;
}

/* ------------- /proc/meminfo, /proc/zoneinfo, /proc/buddyinfo, /proc/pagetypeinfo */

/* The /proc files of the mm: each writes the whole file (attr->arg: which one). */
enum { PROC_BUDDYINFO, PROC_MEMINFO, PROC_PAGETYPEINFO, PROC_ZONEINFO };

static int mm_proc_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			struct hm_buf *out)
{
	static void (*const show[])(struct hm_system *, struct hm_buf *) = {
		[PROC_BUDDYINFO] = buddyinfo_show, [PROC_MEMINFO] = meminfo_show,
		[PROC_PAGETYPEINFO] = pagetypeinfo_show, [PROC_ZONEINFO] = zoneinfo_show,
	};

	show[attr->arg](sys, out);
	return 0;
}

const struct sysfs_attr mmzone_proc_attrs[] = {
	{ .name = "buddyinfo", .mode = 0444, .show = mm_proc_show, .arg = PROC_BUDDYINFO },
	{ .name = "meminfo", .mode = 0444, .show = mm_proc_show, .arg = PROC_MEMINFO },
	{ .name = "pagetypeinfo", .mode = 0400, .show = mm_proc_show, .arg = PROC_PAGETYPEINFO },
	{ .name = "zoneinfo", .mode = 0444, .show = mm_proc_show, .arg = PROC_ZONEINFO },
	{ NULL }
};
