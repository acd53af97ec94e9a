// SPDX-License-Identifier: GPL-2.0
/*
 * vmstat.c - the counters of mm/vmstat.c that hotmem models, and the files
 * that print them in Linux 6.1's formats: /proc/buddyinfo (frag_show),
 * /proc/pagetypeinfo (pagetypeinfo_show), nodeN/vmstat (node_read_vmstat)
 * and nodeN/numastat (node_read_numastat).  See vmstat.h for what is
 * modelled and what prints 0.
 */
#include <stdio.h>
#include <string.h>
#include "hotmem/memmap.h"
#include "hotmem/sparse.h"
#include "hotmem/system.h"
#include "hotmem/vmstat.h"

/*
 * zone_statistics: a hit or miss against the node of the preferred zone
 * (the first zone of the zonelist that has managed pages: for a node without
 * memory, a zone of another node), local or other against the node of the
 * allocating CPU: the preferred node's if it has a CPU, else the first node
 * with one (CPUs allocate: see workload.h).
 */
void zone_statistics(struct hm_system *sys, struct zone *preferred_zone, struct zone *z,
		     int preferred_nid, unsigned long nr)
{
	int local = preferred_nid, nid;

	if (!node_state(sys, preferred_nid, N_CPU)) {
		local = zone_to_nid(z);
		for (nid = 0; nid < MAX_NUMNODES; nid++)
			if (node_state(sys, nid, N_CPU)) {
				local = nid;
				break;
			}
	}
	if (!preferred_zone || zone_to_nid(z) == zone_to_nid(preferred_zone)) {
		z->numa_events[NUMA_HIT] += nr;
	} else {
		z->numa_events[NUMA_MISS] += nr;
		preferred_zone->numa_events[NUMA_FOREIGN] += nr;
	}
	z->numa_events[zone_to_nid(z) == local ? NUMA_LOCAL : NUMA_OTHER] += nr;
}

void vm_node_stat_get(struct hm_system *sys, int nid, struct vm_node_stat *st)
{
	struct pglist_data *pgdat;
	struct hm_walloc *wa;
	int n, zid, i;

	memset(st, 0, sizeof(*st));
	for_each_online_pgdat(sys, pgdat, n) {
		if (nid >= 0 && n != nid)
			continue;
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &pgdat->node_zones[zid];

			st->managed += z->managed_pages;
			st->free += z->nr_free_pages;
			st->free_cma += z->nr_free_cma_pages;
			st->zone_free[zid] += z->nr_free_pages;
			for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
				st->numa[i] += z->numa_events[i];
		}
	}
	/* the processes' anonymous pages, where they are now */
	lockdep_acquire(&sys->lockdep, LOCK_RANK_WORKLOAD);
	pthread_mutex_lock(&sys->workload.lock);
	for (wa = sys->workload.allocs; wa; wa = wa->next) {
		unsigned long p;

		if (!wa->movable)
			continue;
		for (p = 0; p < wa->nr_pages; p++) {
			const struct page *page = pfn_to_page(sys, wa->pfns[p]);

			if (!page || (nid >= 0 && page_to_nid(sys, page) != nid))
				continue;
			st->zone_anon[page_zonenum(sys, page)]++;
			st->inactive_anon++;
		}
	}
	pthread_mutex_unlock(&sys->workload.lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_WORKLOAD);
}

/* --------------------------------------------------------- /proc/buddyinfo */

void buddyinfo_show(struct hm_system *sys, struct hm_buf *out)
{
	struct pglist_data *pgdat;
	int nid, zid, order;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			if (!populated_zone(zone))
				continue;
			hm_buf_printf(out, "Node %d, zone %8s ", nid, zone_names[zid]);
			for (order = 0; order < MAX_ORDER; order++)
				hm_buf_printf(out, "%6lu ", zone->free_area[order].nr_free);
			hm_buf_printf(out, "\n");
		}
}

/* ------------------------------------------------------- /proc/pagetypeinfo */

/*
 * The kernel's migratetype_names, with CONFIG_MEMORY_ISOLATION; CMA only
 * with CONFIG_CMA (Debian's arm64 cloud kernel, not its amd64 one).  hotmem
 * makes no MIGRATE_HIGHATOMIC pageblocks (the kernel reserves such
 * pageblocks only for high-order atomic allocations, which nothing here
 * makes): their counts are 0.
 */
static const struct { const char *name; int mt; } pagetypes[] = {
	{ "Unmovable", MIGRATE_UNMOVABLE },
	{ "Movable", MIGRATE_MOVABLE },
	{ "Reclaimable", MIGRATE_RECLAIMABLE },
	{ "HighAtomic", MIGRATE_PCPTYPES },
	{ "CMA", MIGRATE_CMA },	/* printed on arm64 only */
	{ "Isolate", MIGRATE_ISOLATE },
};

static bool pagetype_shown(struct hm_system *sys, unsigned int t)
{
	return pagetypes[t].mt != MIGRATE_CMA || sys->arch.kind == HM_ARCH_ARM64;
}

/* pagetypeinfo caps each count at 100000 chunks and prints ">100000" then. */
#define PAGETYPE_COUNT_CAP 100000

static void showfree_print(struct hm_system *sys, int nid, struct zone *zone, struct hm_buf *out)
{
	unsigned int t, order;

	zone_lock(sys, zone);
	for (t = 0; t < ARRAY_SIZE(pagetypes); t++) {
		if (!pagetype_shown(sys, t))
			continue;
		hm_buf_printf(out, "Node %4d, zone %8s, type %12s ", nid, zone_names[zone->idx],
			      pagetypes[t].name);
		for (order = 0; order < MAX_ORDER; order++) {
			unsigned long count = 0;
			bool overflow = false;

			if (pagetypes[t].mt >= 0) {
				const struct list_head *head =
					&zone->free_area[order].free_list[pagetypes[t].mt];
				const struct list_head *e;

				for (e = head->next; e != head; e = e->next) {
					/* a free run stands for a section's chunks */
					count += free_list_entry_chunks(container_of(e, struct page,
										     lru));
					if (count >= PAGETYPE_COUNT_CAP) {
						count = PAGETYPE_COUNT_CAP;	/* ">100000" */
						overflow = true;
						break;
					}
				}
			}
			hm_buf_printf(out, "%s%6lu ", overflow ? ">" : "", count);
		}
		hm_buf_printf(out, "\n");
	}
	zone_unlock(sys, zone);
}

static void showblockcount_print(struct hm_system *sys, int nid, struct zone *zone,
				 struct hm_buf *out)
{
	unsigned long count[MIGRATE_TYPES] = { 0 }, pfn;
	unsigned int t;

	for (pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages) {
		struct page *page = pfn_to_online_page(sys, pfn);
		int mt;

		if (!page || page_zone(sys, page) != zone)
			continue;
		mt = get_pageblock_migratetype(sys, pfn);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			count[mt]++;
	}
	hm_buf_printf(out, "Node %d, zone %8s ", nid, zone_names[zone->idx]);
	for (t = 0; t < ARRAY_SIZE(pagetypes); t++)
		if (pagetype_shown(sys, t))
			hm_buf_printf(out, "%12lu ",
				      pagetypes[t].mt >= 0 ? count[pagetypes[t].mt] : 0UL);
	hm_buf_printf(out, "\n");
}

/* One section per node with memory (N_MEMORY), its populated zones in order. */
void pagetypeinfo_show(struct hm_system *sys, struct hm_buf *out)
{
	struct pglist_data *pgdat;
	int nid, zid, order;
	unsigned int t;

	for_each_online_pgdat(sys, pgdat, nid) {
		if (!node_state(sys, nid, N_MEMORY))
			continue;
		hm_buf_printf(out, "Page block order: %d\n", pageblock_order);
		hm_buf_printf(out, "Pages per block:  %lu\n\n", pageblock_nr_pages);
		hm_buf_printf(out, "%-43s ", "Free pages count per migrate type at order");
		for (order = 0; order < MAX_ORDER; order++)
			hm_buf_printf(out, "%6d ", order);
		hm_buf_printf(out, "\n");
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			if (populated_zone(&pgdat->node_zones[zid]))
				showfree_print(sys, nid, &pgdat->node_zones[zid], out);
		hm_buf_printf(out, "\n%-23s", "Number of blocks type ");
		for (t = 0; t < ARRAY_SIZE(pagetypes); t++)
			if (pagetype_shown(sys, t))
				hm_buf_printf(out, "%12s ", pagetypes[t].name);
		hm_buf_printf(out, "\n");
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			if (populated_zone(&pgdat->node_zones[zid]))
				showblockcount_print(sys, nid, &pgdat->node_zones[zid], out);
	}
}

/* ------------------------------------------------- nodeN/vmstat, numastat */

static const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	"numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local", "numa_other",
};

/*
 * 6.1's node_stat_item names (Debian's config), in order, after
 * nr_inactive_anon and nr_active_anon; the model keeps none of them but
 * nr_anon_pages, printed at its place.
 */
static const char *const node_stat_zero_names[] = {
	"nr_inactive_file", "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
	"nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
	"workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", NULL /* nr_anon_pages */, "nr_mapped", "nr_file_pages",
	"nr_dirty", "nr_writeback", "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
	"nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim",
	"nr_dirtied", "nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
	"nr_page_table_pages", "nr_sec_page_table_pages", "nr_swapcached",
	"pgpromote_success", "pgpromote_candidate",
};

void node_vmstat_show(struct hm_system *sys, int nid, struct hm_buf *out)
{
	struct vm_node_stat st;
	unsigned int i;

	vm_node_stat_get(sys, nid, &st);
	/* zone_stat_item, summed over the node's zones */
	hm_buf_printf(out, "nr_free_pages %lu\n", st.free);
	hm_buf_printf(out, "nr_zone_inactive_anon %lu\n", st.inactive_anon);
	hm_buf_printf(out, "nr_zone_active_anon 0\nnr_zone_inactive_file 0\n"
			   "nr_zone_active_file 0\nnr_zone_unevictable 0\n"
			   "nr_zone_write_pending 0\nnr_mlock 0\nnr_bounce 0\nnr_zspages 0\n");
	hm_buf_printf(out, "nr_free_cma %lu\n", st.free_cma);
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		hm_buf_printf(out, "%s %lu\n", numa_stat_names[i], st.numa[i]);
	/* node_stat_item */
	hm_buf_printf(out, "nr_inactive_anon %lu\nnr_active_anon 0\n", st.inactive_anon);
	for (i = 0; i < ARRAY_SIZE(node_stat_zero_names); i++) {
		if (node_stat_zero_names[i])
			hm_buf_printf(out, "%s 0\n", node_stat_zero_names[i]);
		else
			hm_buf_printf(out, "nr_anon_pages %lu\n", st.inactive_anon);
	}
}

/* /proc/zoneinfo's per-node stats of a node's first populated zone: node_stat_item */
void zoneinfo_node_stats(struct hm_system *sys, int nid, struct hm_buf *out)
{
	struct vm_node_stat st;
	unsigned int i;

	vm_node_stat_get(sys, nid, &st);
	hm_buf_printf(out, "\n      %-12s %lu", "nr_inactive_anon", st.inactive_anon);
	hm_buf_printf(out, "\n      %-12s %lu", "nr_active_anon", 0UL);
	for (i = 0; i < ARRAY_SIZE(node_stat_zero_names); i++)
		hm_buf_printf(out, "\n      %-12s %lu",
			      node_stat_zero_names[i] ? node_stat_zero_names[i] : "nr_anon_pages",
			      node_stat_zero_names[i] ? 0UL : st.inactive_anon);
}

/*
 * /proc/zoneinfo's counters of a populated zone: zone_stat_item, then the
 * NUMA events, which hotmem counts per node only (a zone's are 0).
 */
void zoneinfo_zone_stats(struct hm_system *sys, int nid, int zid, struct hm_buf *out)
{
	static const char *const zero_names[] = {
		"nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
		"nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce",
		"nr_zspages", "nr_free_cma",
	};
	struct vm_node_stat st;
	unsigned int i;

	vm_node_stat_get(sys, nid, &st);
	hm_buf_printf(out, "\n      %-12s %lu", "nr_free_pages", st.zone_free[zid]);
	hm_buf_printf(out, "\n      %-12s %lu", "nr_zone_inactive_anon", st.zone_anon[zid]);
	for (i = 0; i < ARRAY_SIZE(zero_names); i++)
		hm_buf_printf(out, "\n      %-12s %lu", zero_names[i], 0UL);
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		hm_buf_printf(out, "\n      %-12s %lu", numa_stat_names[i], 0UL);
}

void node_numastat_show(struct hm_system *sys, int nid, struct hm_buf *out)
{
	struct vm_node_stat st;

	vm_node_stat_get(sys, nid, &st);
	hm_buf_printf(out, "numa_hit %lu\nnuma_miss %lu\nnuma_foreign %lu\n"
			   "interleave_hit %lu\nlocal_node %lu\nother_node %lu\n",
		      st.numa[NUMA_HIT], st.numa[NUMA_MISS], st.numa[NUMA_FOREIGN],
		      st.numa[NUMA_INTERLEAVE_HIT], st.numa[NUMA_LOCAL], st.numa[NUMA_OTHER]);
}
