/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmstat.h - the counters of mm/vmstat.c, as far as hotmem models them, and
 * the files that print them: /proc/buddyinfo, /proc/pagetypeinfo, and
 * /sys/devices/system/node/nodeN/{vmstat,numastat} (node.c prints nodeN/meminfo
 * from the same counters, mmzone.c /proc/meminfo).
 *
 * Modelled: free pages by zone, order and migratetype (the buddy's own
 * lists), pageblock migratetypes, managed pages, the anonymous pages of the
 * simulated processes (workload.c's movable allocations: on the inactive anon
 * LRU, where 6.1 puts a new anonymous page), and the NUMA events every page
 * allocation counts (zone_statistics: numa_hit, numa_miss, numa_foreign,
 * numa_local, numa_other; interleave_hit stays 0, no allocation interleaves).
 * The CPU an allocation runs on is the preferred node's if it has one, else
 * the first node with a CPU, as for the workloads.  Everything else the
 * kernel counts (page cache, slab, kernel stacks, page tables, swap, reclaim
 * and compaction events) is not modelled and printed as 0: so a node or zone
 * that only hot-added memory reached shows what the kernel shows, and a boot
 * node shows less used memory than the kernel's own boot allocations make.
 */
#ifndef HOTMEM_VMSTAT_H
#define HOTMEM_VMSTAT_H

#include "hotmem/mmzone.h"

struct hm_system;
struct hm_buf;

/* What the files print of one node (or of all, for /proc/meminfo), in pages. */
struct vm_node_stat {
	unsigned long managed;
	unsigned long free;
	unsigned long free_cma;		/* NR_FREE_CMA_PAGES */
	unsigned long inactive_anon;	/* = anon pages: the workloads' movable pages */
	unsigned long numa[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long zone_free[MAX_NR_ZONES];
	unsigned long zone_anon[MAX_NR_ZONES];
};

/*
 * The counters of node nid, or of every online node for nid < 0.  Takes
 * the workload lock (the processes' pages), so not under it.
 */
void vm_node_stat_get(struct hm_system *sys, int nid, struct vm_node_stat *st);

/*
 * zone_statistics: one allocation of nr pages from z, for preferred_nid
 * whose zonelist starts at preferred_zone (NULL: none has memory).
 */
void zone_statistics(struct hm_system *sys, struct zone *preferred_zone, struct zone *z,
		     int preferred_nid, unsigned long nr);

/* /proc/buddyinfo, /proc/pagetypeinfo; nodeN/vmstat, nodeN/numastat */
void buddyinfo_show(struct hm_system *sys, struct hm_buf *out);
void pagetypeinfo_show(struct hm_system *sys, struct hm_buf *out);
void node_vmstat_show(struct hm_system *sys, int nid, struct hm_buf *out);
void node_numastat_show(struct hm_system *sys, int nid, struct hm_buf *out);

/* /proc/zoneinfo's per-node stats and a populated zone's counters ("\n      %-12s %lu") */
void zoneinfo_node_stats(struct hm_system *sys, int nid, struct hm_buf *out);
void zoneinfo_zone_stats(struct hm_system *sys, int nid, int zid, struct hm_buf *out);

#endif /* HOTMEM_VMSTAT_H */
