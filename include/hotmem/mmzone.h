/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmzone.h - nodes and zones (mirrors include/linux/mmzone.h and the span
 * and accounting helpers of mm/memory_hotplug.c and mm/page_alloc.c).
 *
 * Every node has the five zones of an x86_64 kernel: DMA, DMA32, Normal,
 * Movable and Device.  A zone spans [zone_start_pfn, zone_start_pfn +
 * spanned_pages), holes included; present_pages counts the pages of the zone
 * that are online, managed_pages those the buddy allocator manages.
 */
#ifndef HOTMEM_MMZONE_H
#define HOTMEM_MMZONE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hotmem/page_alloc.h"
#include "hotmem/types.h"

struct hm_system;
struct hm_report;
struct hm_buf;

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES
};

/* x86_64: DMA below 16 MiB, DMA32 below 4 GiB. */
#define MAX_DMA_PFN	(16UL << (20 - PAGE_SHIFT))
#define MAX_DMA32_PFN	(1UL << (32 - PAGE_SHIFT))

extern const char *const zone_names[MAX_NR_ZONES];

struct pglist_data;

/* enum numa_stat_item: the NUMA events of page allocation, counted per zone (vmstat.c) */
enum numa_stat_item {
	NUMA_HIT,		/* allocated on the preferred node */
	NUMA_MISS,		/* allocated here, preferred elsewhere */
	NUMA_FOREIGN,		/* preferred here, allocated elsewhere */
	NUMA_INTERLEAVE_HIT,
	NUMA_LOCAL,		/* allocated on the node of the allocating CPU */
	NUMA_OTHER,
	NR_VM_NUMA_EVENT_ITEMS
};

struct zone {
	struct pglist_data *zone_pgdat;
	enum zone_type idx;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long present_early_pages;
	unsigned long managed_pages;
	unsigned long cma_pages;
	unsigned long nr_free_pages;		/* NR_FREE_PAGES: isolated ones excluded */
	unsigned long nr_free_cma_pages;	/* NR_FREE_CMA_PAGES: free on the CMA lists */
	unsigned long nr_isolate_pageblock;
	unsigned long numa_events[NR_VM_NUMA_EVENT_ITEMS];	/* zone_statistics() */
	pthread_mutex_t lock;			/* the free lists (page_alloc.h) */
	struct free_area free_area[MAX_ORDER];
};

enum node_states {
	N_POSSIBLE,
	N_ONLINE,
	N_NORMAL_MEMORY,
	N_MEMORY,
	N_CPU,
	N_GENERIC_INITIATOR,
	NR_NODE_STATES
};

struct pglist_data {
	int node_id;
	struct zone node_zones[MAX_NR_ZONES];
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
};

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}
static inline bool zone_is_empty(const struct zone *zone)
{
	return zone->spanned_pages == 0;
}
static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}
static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}
static inline int zone_to_nid(const struct zone *zone)
{
	return zone->zone_pgdat->node_id;
}
static inline bool zone_intersects(const struct zone *zone, unsigned long start_pfn,
				   unsigned long nr_pages)
{
	if (zone_is_empty(zone))
		return false;
	if (start_pfn >= zone_end_pfn(zone) || start_pfn + nr_pages <= zone->zone_start_pfn)
		return false;
	return true;
}
static inline unsigned long pgdat_end_pfn(const struct pglist_data *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/* NODE_DATA(nid): the node's pglist_data, or NULL if it was never allocated. */
struct pglist_data *NODE_DATA(struct hm_system *sys, int nid);
bool node_state(struct hm_system *sys, int nid, enum node_states state);
void node_set_state(struct hm_system *sys, int nid, enum node_states state);
void node_clear_state(struct hm_system *sys, int nid, enum node_states state);
static inline bool node_online(struct hm_system *sys, int nid)
{
	return node_state(sys, nid, N_ONLINE);
}

/**
 * numa_map_to_online_node() - the online node nearest to @nid
 * @sys: the system
 * @nid: a node, possibly offline, or NUMA_NO_NODE
 *
 * mm/mempolicy.c: @nid itself when online (or NUMA_NO_NODE), else the
 * online node at the smallest node_distance.  Without a SLIT (QEMU builds
 * none without -numa dist) every other node is at REMOTE_DISTANCE, so the
 * lowest online node.
 *
 * Return: the node.
 */
static inline int numa_map_to_online_node(struct hm_system *sys, int nid)
{
	int n;

	if (nid == NUMA_NO_NODE || node_online(sys, nid))
		return nid;
	for (n = 0; n < MAX_NUMNODES; n++)
		if (node_online(sys, n))
			return n;
	return nid;
}

/* Allocates an empty pgdat for nid (hotadd_init_pgdat / boot); -ENOMEM. */
int pgdat_alloc(struct hm_system *sys, int nid);
void pgdat_free_all(struct hm_system *sys);

/* Grows a zone (and its node) so that it spans [start_pfn, start_pfn+nr_pages). */
void resize_zone_range(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages);
void resize_pgdat_range(struct pglist_data *pgdat, unsigned long start_pfn,
			unsigned long nr_pages);
/* Shrinks the zone span after [start_pfn, end_pfn) went offline (at its edges only). */
void shrink_zone_span(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
		      unsigned long end_pfn);
/* Node span = hull of its non-empty zones. */
void update_pgdat_span(struct pglist_data *pgdat);

void adjust_managed_page_count(struct zone *zone, long count);

/* /proc/zoneinfo and /proc/meminfo */
void zoneinfo_show(struct hm_system *sys, struct hm_buf *out);
void meminfo_show(struct hm_system *sys, struct hm_buf *out);
unsigned long totalram_pages(struct hm_system *sys);
unsigned long global_free_pages(struct hm_system *sys);

unsigned long mmzone_check(struct hm_system *sys, struct hm_report *r);

#define for_each_online_pgdat(sys, pgdat, nid)				\
	for ((nid) = 0; (nid) < MAX_NUMNODES; (nid)++)			\
		if (((pgdat) = NODE_DATA(sys, nid)) && node_online(sys, nid))

#endif /* HOTMEM_MMZONE_H */
