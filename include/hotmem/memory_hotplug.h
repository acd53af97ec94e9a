/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory_hotplug.h - adding, onlining, offlining and removing memory
 * (mirrors mm/memory_hotplug.c and include/linux/memory_hotplug.h).
 *
 * The four phases are independent: add (resource, memblock, sections,
 * memmap, block devices, node links, firmware map), online (zone choice,
 * spans, present/managed, pages to the buddy), offline (isolate, migrate,
 * take free pages back, shrink spans) and remove (the reverse of add, which
 * touches no zone and no struct page).
 */
#ifndef HOTMEM_MEMORY_HOTPLUG_H
#define HOTMEM_MEMORY_HOTPLUG_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/types.h"
#include "hotmem/vmem_altmap.h"

struct hm_system;
struct zone;
struct resource;
struct memory_group;
struct memory_block;
struct page;

typedef unsigned int mhp_t;
#define MHP_NONE		0
#define MHP_MERGE_RESOURCE	(1U << 0)
#define MHP_MEMMAP_ON_MEMORY	(1U << 1)
#define MHP_NID_IS_MGID		(1U << 2)

enum online_policy {
	ONLINE_POLICY_CONTIG_ZONES = 0,
	ONLINE_POLICY_AUTO_MOVABLE,
};
extern const char *const online_policy_to_str[];

/* Boot parameters and runtime knobs of memory hotplug. */
struct hotplug_params {
	int default_online_type;	/* memhp_default_state=, auto_online_blocks */
	enum online_policy online_policy;	/* memory_hotplug.online_policy= */
	unsigned int auto_movable_ratio;	/* memory_hotplug.auto_movable_ratio= */
	bool auto_movable_numa_aware;	/* memory_hotplug.auto_movable_numa_aware= */
	bool memmap_on_memory;		/* memory_hotplug.memmap_on_memory= */
	bool movable_node;		/* movable_node */
};


/* Locks, in the kernel's order: device_hotplug_lock, then mem_hotplug_lock. */
void lock_device_hotplug(struct hm_system *sys);
void unlock_device_hotplug(struct hm_system *sys);
void mem_hotplug_begin(struct hm_system *sys);
void mem_hotplug_done(struct hm_system *sys);
void get_online_mems(struct hm_system *sys);
void put_online_mems(struct hm_system *sys);

/* Add: 0 or -EINVAL/-EEXIST/-E2BIG/-ENOMEM, nothing changed on failure. */
int add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags);
/*
 * The node a driver adds memory to: the firmware's proximity domain as
 * pxm_to_node maps it (srat.h; pxm is the node id on a system booted
 * without an SRAT), and for a domain without a node x86's
 * memory_add_physaddr_to_nid; NUMA_NO_NODE when the kernel runs with
 * numa_off (arm64 on QEMU virt), and then the generic
 * memory_add_physaddr_to_nid: node 0, logged once ("Unknown online node
 * for memory at ..., assuming node 0").
 */
int hotplug_memory_nid(struct hm_system *sys, int pxm, uint64_t start);
int __add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags);
int add_memory_driver_managed(struct hm_system *sys, int nid, uint64_t start,
			      uint64_t size, const char *resource_name, mhp_t flags);
int add_memory_resource(struct hm_system *sys, int nid, struct resource *res, mhp_t flags);

/* Remove: -EBUSY if a block is not offline; nothing changed then. */
int remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);
/* The caller holds device_hotplug_lock (ACPI eject). */
int __remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);
int offline_and_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);

struct zone *zone_for_pfn_range(struct hm_system *sys, int online_type, int nid,
				struct memory_group *group, unsigned long start_pfn,
				unsigned long nr_pages);
/*
 * online_pages, offline_pages: the caller holds mem_hotplug_lock
 * (mem_hotplug_begin), as memory_block_online/offline in memory.c do
 * around the whole block operation.  0 or the kernel's -errno; a failure
 * leaves the range as it was.
 */
int online_pages(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		 struct zone *zone, struct memory_group *group);
int offline_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct zone *zone, struct memory_group *group);
/*
 * memmap_on_memory: the block's own memmap pages join the zone (and their
 * whole sections go online) before the rest of the block is onlined, and
 * leave it after the rest is offlined.  The caller holds mem_hotplug_lock.
 */
int mhp_init_memmap_on_memory(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
			      struct zone *zone);
void mhp_deinit_memmap_on_memory(struct hm_system *sys, unsigned long pfn,
				 unsigned long nr_pages);

void move_pfn_range_to_zone(struct hm_system *sys, struct zone *zone,
			    unsigned long start_pfn, unsigned long nr_pages, int migratetype);
void remove_pfn_range_from_zone(struct hm_system *sys, struct zone *zone,
				unsigned long start_pfn, unsigned long nr_pages);
void adjust_present_page_count(struct hm_system *sys, unsigned long pfn, struct zone *zone,
			       struct memory_group *group, long nr_pages);

/*
 * The online-page callback (set_online_page_callback): online_pages gives
 * its range to it in naturally aligned chunks of up to MAX_ORDER - 1; the
 * default, generic_online_page, hands a chunk to the buddy (managed pages
 * grow).  A driver such as virtio-mem keeps some chunks back instead.  One
 * callback at a time: set returns -EINVAL if one is set, restore -EINVAL
 * if cb is not the one set.
 */
typedef void (*online_page_callback_t)(struct hm_system *sys, void *data, struct page *page,
				       unsigned int order);
int set_online_page_callback(struct hm_system *sys, online_page_callback_t cb, void *data);
int restore_online_page_callback(struct hm_system *sys, online_page_callback_t cb);
/*
 * hotmem's addition to the callback set (the kernel asks chunk by chunk):
 * would the callback hand every chunk of [pfn, pfn + nr_pages) to
 * generic_online_page, in order?  online_pages then gives a whole section
 * to the buddy at once, as a free run (memmap.h), instead of materialising
 * its struct pages for the callback.  Set for the callback cb (-EINVAL if
 * cb is not the one set); restore_online_page_callback clears it.
 */
typedef bool (*online_range_query_t)(struct hm_system *sys, void *data, unsigned long pfn,
				     unsigned long nr_pages);
int set_online_range_query(struct hm_system *sys, online_page_callback_t cb,
			   online_range_query_t query);
void generic_online_page(struct hm_system *sys, struct page *page, unsigned int order);

/* Runtime online type used for newly added memory (mhp_default_online_type). */
int mhp_get_default_online_type(struct hm_system *sys);
bool mhp_supports_memmap_on_memory(struct hm_system *sys, uint64_t size);

/**
 * mhp_range_pluggable - whether memory hotplug can add a range
 * @sys: the system
 * @start: the range's first byte
 * @size: its size
 *
 * mhp_range_allowed: the range lies inside mhp_get_pluggable_range(), here
 * [0, 2^MAX_PHYSMEM_BITS) (arch_physmem_bits(); on arm64 the linear map's
 * own end is checked when the range is mapped).
 *
 * Return: true if it does (false for an empty or wrapping range).
 */
bool mhp_range_pluggable(struct hm_system *sys, uint64_t start, uint64_t size);

#endif /* HOTMEM_MEMORY_HOTPLUG_H */
