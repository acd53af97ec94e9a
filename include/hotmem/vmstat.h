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

/**
 * vm_node_stat_get() - the counters the vmstat and meminfo files print
 * @sys: the system
 * @nid: the node; < 0: the sum over every online node (/proc/meminfo)
 * @st: filled in, in pages
 *
 * Context: takes the workload lock (the processes' pages): the caller must
 * not hold it (nor zone->lock, ranked above it).
 */
void vm_node_stat_get(struct hm_system *sys, int nid, struct vm_node_stat *st);

/**
 * zone_statistics() - count one allocation in the NUMA events
 * @sys: the system
 * @preferred_zone: the first zone of @preferred_nid's zonelist; NULL: none
 *	has memory
 * @z: the zone the pages came from
 * @preferred_nid: the node asked for
 * @nr: pages allocated
 *
 * numa_hit or numa_miss (and numa_foreign on the preferred zone),
 * numa_local or numa_other against the nearest node with a CPU, as
 * mm/vmstat.c zone_statistics().
 */
void zone_statistics(struct hm_system *sys, struct zone *preferred_zone, struct zone *z,
		     int preferred_nid, unsigned long nr);

/*
 * The files' show functions: each appends the file's whole text to out.
 * Context: they take the zone and workload locks as they need them: the
 * caller holds neither.
 */

/**
 * buddyinfo_show() - /proc/buddyinfo
 * @sys: the system
 * @out: appended the text
 */
void buddyinfo_show(struct hm_system *sys, struct hm_buf *out);
/**
 * pagetypeinfo_show() - /proc/pagetypeinfo
 * @sys: the system
 * @out: appended the text
 */
void pagetypeinfo_show(struct hm_system *sys, struct hm_buf *out);
/**
 * node_vmstat_show() - /sys/devices/system/node/nodeN/vmstat
 * @sys: the system
 * @nid: the node
 * @out: appended the text
 */
void node_vmstat_show(struct hm_system *sys, int nid, struct hm_buf *out);
/**
 * node_numastat_show() - /sys/devices/system/node/nodeN/numastat
 * @sys: the system
 * @nid: the node
 * @out: appended the text
 */
void node_numastat_show(struct hm_system *sys, int nid, struct hm_buf *out);

/**
 * zoneinfo_node_stats() - /proc/zoneinfo's per-node stats of a node
 * @sys: the system
 * @nid: the node
 * @out: appended the lines
 */
void zoneinfo_node_stats(struct hm_system *sys, int nid, struct hm_buf *out);
/**
 * zoneinfo_zone_stats() - /proc/zoneinfo's counters of a populated zone
 * @sys: the system
 * @nid: the node
 * @zid: the zone's index in the node
 * @out: appended the lines ("\n      %-12s %lu" each)
 */
void zoneinfo_zone_stats(struct hm_system *sys, int nid, int zid, struct hm_buf *out);

#endif /* HOTMEM_VMSTAT_H */
