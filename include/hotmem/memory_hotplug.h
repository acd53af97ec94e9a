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


/*
 * Locks, in the kernel's order (lockdep.h ranks them): device_hotplug_lock
 * (a sysfs store's, an ACPI event's whole operation), then the device's,
 * then mem_hotplug_lock (the memory layout changing), then zone->lock.
 */

/**
 * lock_device_hotplug() - take device_hotplug_lock
 * @sys: the system
 *
 * Context: sleeps; not under mem_hotplug_lock nor zone->lock (lockdep warns).
 */
void lock_device_hotplug(struct hm_system *sys);
/**
 * unlock_device_hotplug() - release device_hotplug_lock
 * @sys: the system
 */
void unlock_device_hotplug(struct hm_system *sys);
/**
 * mem_hotplug_begin() - take mem_hotplug_lock for writing
 * @sys: the system
 *
 * Context: sleeps; under device_hotplug_lock when a device operation runs;
 * not under zone->lock.
 */
void mem_hotplug_begin(struct hm_system *sys);
/**
 * mem_hotplug_done() - release mem_hotplug_lock
 * @sys: the system
 *
 * A grace period passes: sections freed under the lock go now.
 */
void mem_hotplug_done(struct hm_system *sys);
/**
 * get_online_mems() - take mem_hotplug_lock for reading
 * @sys: the system
 *
 * Keeps the memory layout from changing (readers of the sections).
 */
void get_online_mems(struct hm_system *sys);
/**
 * put_online_mems() - release what get_online_mems() took
 * @sys: the system
 */
void put_online_mems(struct hm_system *sys);

/**
 * add_memory() - hot-add a range of System RAM
 * @sys: the system
 * @nid: its node (possible, not necessarily online)
 * @start: physical start, aligned to the memory block size
 * @size: bytes, a multiple of the memory block size
 * @flags: MHP_* (MHP_MEMMAP_ON_MEMORY, MHP_MERGE_RESOURCE, MHP_NID_IS_MGID:
 *	@nid is a memory group's id)
 *
 * The iomem resource, memblock (arm64), the node, the linear map and the
 * sections, the memory block devices and their node links, the firmware
 * map entry; then the blocks are onlined if the online policy says so
 * (that failing does not fail the add).
 *
 * Context: takes device_hotplug_lock: the caller must not hold it.
 * Return: 0; -EINVAL for a misaligned range, an impossible node or group,
 * memmap_on_memory the range cannot have; -E2BIG beyond MAX_PHYSMEM_BITS;
 * -EEXIST when the range overlaps a resource; -ENOMEM.  Nothing changes on
 * failure.
 */
int add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags);
/**
 * hotplug_memory_nid() - the node a driver adds memory to
 * @sys: the system
 * @pxm: the firmware's proximity domain (the node id on a system booted
 *	without an SRAT)
 * @start: the memory's physical start
 *
 * pxm_to_node() (srat.h); for a domain without a node, x86's
 * memory_add_physaddr_to_nid(); with numa_off (arm64 on QEMU virt) the
 * generic memory_add_physaddr_to_nid(): node 0, logged once ("Unknown
 * online node for memory at ..., assuming node 0").
 *
 * Return: the node id.
 */
int hotplug_memory_nid(struct hm_system *sys, int pxm, uint64_t start);
/**
 * __add_memory() - add_memory() for a caller that holds device_hotplug_lock
 * @sys: the system
 * @nid: its node
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks
 * @flags: MHP_*
 *
 * Context: the caller holds device_hotplug_lock (ACPI memory hot-add).
 * Return: as add_memory().
 */
int __add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags);
/**
 * add_memory_driver_managed() - hot-add memory a driver manages (virtio-mem, kmem)
 * @sys: the system
 * @nid: its node
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks
 * @resource_name: the iomem resource's name, "System RAM (driver)"
 * @flags: MHP_*
 *
 * As add_memory(), with an IORESOURCE_SYSRAM_DRIVER_MANAGED resource and no
 * firmware map entry.
 *
 * Context: takes device_hotplug_lock.
 * Return: as add_memory(); -EINVAL also for a name not of the form
 * "System RAM (...)".
 */
int add_memory_driver_managed(struct hm_system *sys, int nid, uint64_t start,
			      uint64_t size, const char *resource_name, mhp_t flags);
/**
 * add_memory_resource() - hot-add the range of a requested resource
 * @sys: the system
 * @nid: its node (or memory group id with MHP_NID_IS_MGID)
 * @res: the busy System RAM resource already in the iomem tree
 * @flags: MHP_*
 *
 * Context: the caller holds device_hotplug_lock; takes mem_hotplug_lock.
 * Return: as add_memory() but -E2BIG and -EEXIST (the resource is the
 * caller's).  Nothing changes on failure; the resource stays the caller's.
 */
int add_memory_resource(struct hm_system *sys, int nid, struct resource *res, mhp_t flags);

/**
 * remove_memory() - hot-remove a range whose blocks are all offline
 * @sys: the system
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks
 *
 * The reverse of add_memory(): the firmware map entry, the block devices,
 * the sections and the linear map, memblock (arm64), the resource, and the
 * node if nothing is left on it.
 *
 * Context: takes device_hotplug_lock.
 * Return: 0; -EINVAL for a misaligned range, or a memmap_on_memory range
 * not removed one block at a time; -EBUSY when a block is not offline
 * (logged).  Nothing changes on failure.
 */
int remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);
/**
 * __remove_memory() - remove_memory() for a caller that holds device_hotplug_lock
 * @sys: the system
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks
 *
 * Context: the caller holds device_hotplug_lock (ACPI eject).
 * Return: as remove_memory().
 */
int __remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);
/**
 * offline_and_remove_memory() - offline every block of a range, then remove it
 * @sys: the system
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks
 *
 * For drivers (virtio-mem unplug).  When a block cannot be offlined, the
 * blocks offlined so far are onlined again to the zones they had.
 *
 * Context: takes device_hotplug_lock.
 * Return: 0; -EINVAL for a misaligned range; -ENOMEM; an offline's errno
 * (-EBUSY, -EINTR, ...) with the range online again as it was; or
 * remove_memory()'s.
 */
int offline_and_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size);

/**
 * zone_for_pfn_range() - the zone a range would be onlined to
 * @sys: the system
 * @online_type: MMOP_ONLINE_KERNEL, MMOP_ONLINE_MOVABLE, or MMOP_ONLINE
 *	(the zone the policy picks: contiguous zones or auto-movable)
 * @nid: the range's node
 * @group: its memory group, or NULL
 * @start_pfn: first pfn
 * @nr_pages: pages
 *
 * Changes nothing (valid_zones reads it too).
 *
 * Return: the zone.
 */
struct zone *zone_for_pfn_range(struct hm_system *sys, int online_type, int nid,
				struct memory_group *group, unsigned long start_pfn,
				unsigned long nr_pages);
/**
 * online_pages() - online a range of present pages into a zone
 * @sys: the system
 * @pfn: first pfn, section-aligned (pageblock-aligned after memmap pages)
 * @nr_pages: pages, up to a section end
 * @zone: the zone (zone_for_pfn_range())
 * @group: the range's memory group, or NULL
 *
 * The range moves to @zone, the notifier chain is asked (MEM_GOING_ONLINE),
 * the pages go to the buddy through the online-page callback, the node's
 * states change, MEM_ONLINE is sent.
 *
 * Context: the caller holds mem_hotplug_lock (mem_hotplug_begin()), as
 * memory_block_online() does around the whole block operation.
 * Return: 0; -EINVAL for a misaligned range; a notifier's errno (injected
 * errors).  A failure leaves the range offline as it was.
 */
int online_pages(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		 struct zone *zone, struct memory_group *group);
/**
 * offline_pages() - offline a range of online pages
 * @sys: the system
 * @start_pfn: first pfn, pageblock-aligned
 * @nr_pages: pages, the range ending on a section boundary
 * @zone: the zone every page of the range is in
 * @group: the range's memory group, or NULL
 *
 * Isolates the pageblocks, asks the notifier chain (MEM_GOING_OFFLINE),
 * migrates what is in use until nothing movable is left, takes the free
 * pages out of the buddy, then MEM_OFFLINE.  A pass that moves nothing asks
 * sys->offline_wait whether to go on (none: it fails, as a signal would).
 *
 * Context: the caller holds mem_hotplug_lock.
 * Return: 0; -EINVAL for a misaligned range, memory holes or a range across
 * zones; -EBUSY when a pageblock cannot be isolated or a page cannot be
 * moved; a notifier's errno (-EPERM for arm64 boot memory, injected
 * errors); -EINTR ("signal backoff") when migration made no progress and
 * nothing waits for it.  A failure leaves the range online as it was.
 */
int offline_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct zone *zone, struct memory_group *group);
/**
 * mhp_init_memmap_on_memory() - put a block's own memmap pages in its zone
 * @sys: the system
 * @pfn: the block's first pfn (its memmap pages come first)
 * @nr_pages: how many memmap pages
 * @zone: the zone the block is onlined to
 *
 * memmap_on_memory: they join @zone (and the sections they fill go online)
 * before the rest of the block is onlined.
 *
 * Context: the caller holds mem_hotplug_lock.
 * Return: 0 (the kernel's can fail; nothing here allocates).
 */
int mhp_init_memmap_on_memory(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
			      struct zone *zone);
/**
 * mhp_deinit_memmap_on_memory() - take a block's memmap pages out of their zone
 * @sys: the system
 * @pfn: the block's first pfn
 * @nr_pages: how many memmap pages
 *
 * After the rest of the block is offlined, or when its online failed.
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void mhp_deinit_memmap_on_memory(struct hm_system *sys, unsigned long pfn,
				 unsigned long nr_pages);

/**
 * move_pfn_range_to_zone() - make a range part of a zone
 * @sys: the system
 * @zone: the zone; its and its node's spans grow to cover the range
 * @start_pfn: first pfn
 * @nr_pages: pages
 * @migratetype: the pageblocks' migrate type (MIGRATE_MOVABLE, or
 *	MIGRATE_UNMOVABLE for memmap pages)
 *
 * The pages' zone and node links are set (the memmap initialised), their
 * pageblocks typed; nothing goes to the buddy yet.
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void move_pfn_range_to_zone(struct hm_system *sys, struct zone *zone,
			    unsigned long start_pfn, unsigned long nr_pages, int migratetype);
/**
 * remove_pfn_range_from_zone() - the reverse of move_pfn_range_to_zone()
 * @sys: the system
 * @zone: the zone; its and its node's spans shrink if the range was at an end
 * @start_pfn: first pfn
 * @nr_pages: pages, offline
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void remove_pfn_range_from_zone(struct hm_system *sys, struct zone *zone,
				unsigned long start_pfn, unsigned long nr_pages);
/**
 * adjust_present_page_count() - count pages onlined (> 0) or offlined (< 0)
 * @sys: the system
 * @pfn: the range's first pfn (its memory block gets the count)
 * @zone: the zone whose present pages change (and its node's)
 * @group: the memory group whose present counts change, or NULL
 * @nr_pages: the change
 *
 * Context: the caller holds mem_hotplug_lock.
 */
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
/**
 * set_online_page_callback() - install a driver's online-page callback
 * @sys: the system
 * @cb: the callback
 * @data: passed to it
 *
 * Context: takes mem_hotplug_lock for reading.
 * Return: 0, or -EINVAL when a callback is already set (nothing changes).
 */
int set_online_page_callback(struct hm_system *sys, online_page_callback_t cb, void *data);
/**
 * restore_online_page_callback() - go back to generic_online_page()
 * @sys: the system
 * @cb: the callback set_online_page_callback() installed
 *
 * Also clears the range query of set_online_range_query().
 *
 * Context: takes mem_hotplug_lock for reading.
 * Return: 0, or -EINVAL when @cb is not the one set (nothing changes).
 */
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
/**
 * set_online_range_query() - tell online_pages() which ranges go whole
 * @sys: the system
 * @cb: the callback set (the query belongs to it)
 * @query: answers whether @cb would hand every chunk of a range to
 *	generic_online_page(), in order
 *
 * Context: takes mem_hotplug_lock for reading.
 * Return: 0, or -EINVAL when @cb is not the callback set.
 */
int set_online_range_query(struct hm_system *sys, online_page_callback_t cb,
			   online_range_query_t query);
/**
 * generic_online_page() - hand a chunk of onlined pages to the buddy
 * @sys: the system
 * @page: the chunk's first page
 * @order: its order (naturally aligned)
 *
 * Managed pages grow; the default online-page callback.
 *
 * Context: under online_pages(), mem_hotplug_lock held.
 */
void generic_online_page(struct hm_system *sys, struct page *page, unsigned int order);

/**
 * mhp_get_default_online_type() - the online type for newly added memory
 * @sys: the system
 *
 * memhp_default_state= at boot, /sys/devices/system/memory/auto_online_blocks
 * at run time.
 *
 * Return: MMOP_OFFLINE, MMOP_ONLINE, MMOP_ONLINE_KERNEL or MMOP_ONLINE_MOVABLE.
 */
int mhp_get_default_online_type(struct hm_system *sys);
/**
 * mhp_supports_memmap_on_memory() - whether an add of this size can hold its memmap
 * @sys: the system
 * @size: the add's size in bytes
 *
 * Linux 6.1: memory_hotplug.memmap_on_memory is set, @size is one memory
 * block, and what is left after the memmap is pageblock-aligned.
 *
 * Return: true if MHP_MEMMAP_ON_MEMORY may be used.
 */
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
