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

/**
 * zone_end_pfn() - the pfn after a zone's span
 * @zone: the zone
 *
 * Return: zone_start_pfn + spanned_pages.
 */
static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}
/**
 * zone_is_empty() - whether a zone spans nothing
 * @zone: the zone
 *
 * Return: true if its span is empty.
 */
static inline bool zone_is_empty(const struct zone *zone)
{
	return zone->spanned_pages == 0;
}
/**
 * populated_zone() - whether a zone has present pages
 * @zone: the zone
 *
 * Return: true if it does.
 */
static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}
/**
 * zone_spans_pfn() - whether a pfn lies in a zone's span
 * @zone: the zone
 * @pfn: the pfn
 *
 * Return: true if it does (present or not).
 */
static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}
/**
 * zone_to_nid() - a zone's node
 * @zone: the zone
 *
 * Return: the node id.
 */
static inline int zone_to_nid(const struct zone *zone)
{
	return zone->zone_pgdat->node_id;
}
/**
 * zone_intersects() - whether a range overlaps a zone's span
 * @zone: the zone
 * @start_pfn: the range's first pfn
 * @nr_pages: its length
 *
 * Return: true if it does; false for an empty zone.
 */
static inline bool zone_intersects(const struct zone *zone, unsigned long start_pfn,
				   unsigned long nr_pages)
{
	if (zone_is_empty(zone))
		return false;
	if (start_pfn >= zone_end_pfn(zone) || start_pfn + nr_pages <= zone->zone_start_pfn)
		return false;
	return true;
}
/**
 * pgdat_end_pfn() - the pfn after a node's span
 * @pgdat: the node
 *
 * Return: node_start_pfn + node_spanned_pages.
 */
static inline unsigned long pgdat_end_pfn(const struct pglist_data *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/**
 * NODE_DATA() - a node's pglist_data
 * @sys: the system
 * @nid: the node
 *
 * Return: the pglist_data, or NULL if it was never allocated (or @nid is
 * out of range).
 */
struct pglist_data *NODE_DATA(struct hm_system *sys, int nid);
/**
 * node_state() - whether a node is in a state (N_POSSIBLE, N_ONLINE, N_MEMORY, ...)
 * @sys: the system
 * @nid: the node
 * @state: the state
 *
 * Return: true if it is; false for a @nid out of range.
 */
bool node_state(struct hm_system *sys, int nid, enum node_states state);
/**
 * node_set_state() - put a node in a state
 * @sys: the system
 * @nid: the node
 * @state: the state
 */
void node_set_state(struct hm_system *sys, int nid, enum node_states state);
/**
 * node_clear_state() - take a node out of a state
 * @sys: the system
 * @nid: the node
 * @state: the state
 */
void node_clear_state(struct hm_system *sys, int nid, enum node_states state);
/**
 * node_online() - whether a node is online
 * @sys: the system
 * @nid: the node
 *
 * Return: node_state(N_ONLINE).
 */
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

/**
 * pgdat_alloc() - allocate an empty pglist_data for a node
 * @sys: the system
 * @nid: the node (hotadd_init_pgdat(), or boot)
 *
 * Return: 0 (also when it exists already), or -ENOMEM (nothing changed).
 */
int pgdat_alloc(struct hm_system *sys, int nid);
/**
 * pgdat_free_all() - free every node's pglist_data
 * @sys: the system being torn down
 */
void pgdat_free_all(struct hm_system *sys);

/**
 * resize_zone_range() - grow a zone's span to cover a range
 * @zone: the zone
 * @start_pfn: the range's first pfn
 * @nr_pages: its length
 *
 * Context: mem_hotplug_lock held (move_pfn_range_to_zone()).
 */
void resize_zone_range(struct zone *zone, unsigned long start_pfn, unsigned long nr_pages);
/**
 * resize_pgdat_range() - grow a node's span to cover a range
 * @pgdat: the node
 * @start_pfn: the range's first pfn
 * @nr_pages: its length
 *
 * Context: mem_hotplug_lock held.
 */
void resize_pgdat_range(struct pglist_data *pgdat, unsigned long start_pfn,
			unsigned long nr_pages);
/**
 * shrink_zone_span() - shrink a zone's span after a range went offline
 * @sys: the system
 * @zone: the zone
 * @start_pfn: the range's first pfn
 * @end_pfn: the pfn after it
 *
 * Only at the span's edges, as the kernel's: a hole in the middle stays
 * spanned.
 *
 * Context: mem_hotplug_lock held.
 */
void shrink_zone_span(struct hm_system *sys, struct zone *zone, unsigned long start_pfn,
		      unsigned long end_pfn);
/**
 * update_pgdat_span() - set a node's span to the hull of its non-empty zones
 * @pgdat: the node
 *
 * Context: mem_hotplug_lock held.
 */
void update_pgdat_span(struct pglist_data *pgdat);

/**
 * adjust_managed_page_count() - count pages given to or taken from the buddy
 * @zone: the zone whose managed pages change
 * @count: the change (negative: taken)
 */
void adjust_managed_page_count(struct zone *zone, long count);

/**
 * zoneinfo_show() - /proc/zoneinfo
 * @sys: the system
 * @out: appended the text
 */
void zoneinfo_show(struct hm_system *sys, struct hm_buf *out);
/**
 * meminfo_show() - /proc/meminfo
 * @sys: the system
 * @out: appended the text
 */
void meminfo_show(struct hm_system *sys, struct hm_buf *out);
/**
 * totalram_pages() - the managed pages of every zone
 * @sys: the system
 *
 * Return: MemTotal in pages.
 */
unsigned long totalram_pages(struct hm_system *sys);
/**
 * global_free_pages() - the free pages of every zone
 * @sys: the system
 *
 * Return: MemFree in pages.
 */
unsigned long global_free_pages(struct hm_system *sys);

/**
 * mmzone_check() - the verifier's checks of nodes and zones
 * @sys: the system
 * @r: the report violations are added to
 *
 * Return: the number of violations found.
 */
unsigned long mmzone_check(struct hm_system *sys, struct hm_report *r);

#define for_each_online_pgdat(sys, pgdat, nid)				\
	for ((nid) = 0; (nid) < MAX_NUMNODES; (nid)++)			\
		if (((pgdat) = NODE_DATA(sys, nid)) && node_online(sys, nid))

#endif /* HOTMEM_MMZONE_H */
