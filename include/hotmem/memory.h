/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory.h - memory block devices (mirrors drivers/base/memory.c and
 * include/linux/memory.h).
 *
 * A memory block is the unit user space onlines and offlines:
 * /sys/devices/system/memory/memoryN, N = phys / block_size.  Blocks live in
 * an array indexed by id (the kernel's xarray).  Each block carries the
 * state of its struct device: dev_offline and a device lock.
 */
#ifndef HOTMEM_MEMORY_H
#define HOTMEM_MEMORY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hotmem/types.h"

struct hm_system;
struct hm_report;
struct zone;
struct vmem_altmap;

/* Block states and notifier actions, with the kernel's values. */
#define MEM_ONLINE		(1UL << 0)
#define MEM_GOING_OFFLINE	(1UL << 1)
#define MEM_OFFLINE		(1UL << 2)
#define MEM_GOING_ONLINE	(1UL << 3)
#define MEM_CANCEL_ONLINE	(1UL << 4)
#define MEM_CANCEL_OFFLINE	(1UL << 5)

enum mmop {
	MMOP_OFFLINE = 0,
	MMOP_ONLINE,
	MMOP_ONLINE_KERNEL,
	MMOP_ONLINE_MOVABLE,
};

extern const char *const online_type_to_str[];
/**
 * mhp_online_type_from_str() - the online type a string names
 * @str: "offline", "online", "online_kernel", "online_movable" (as
 *	sysfs_streq(): a trailing newline is fine)
 *
 * Return: MMOP_*, or -EINVAL for another string.
 */
int mhp_online_type_from_str(const char *str);

enum meminit_context { MEMINIT_EARLY, MEMINIT_HOTPLUG };

struct memory_group;

struct memory_block {
	unsigned long id;
	uint64_t serial;		/* its kernfs node: sys->kobj_serial at creation */
	unsigned long start_section_nr;
	unsigned long state;		/* MEM_ONLINE, MEM_GOING_OFFLINE, MEM_OFFLINE */
	int online_type;		/* for the next online; MMOP_OFFLINE = unset */
	int nid;
	struct zone *zone;		/* the one zone of an online block, or NULL */
	struct vmem_altmap *altmap;	/* memmap_on_memory */
	unsigned long nr_vmemmap_pages;
	struct memory_group *group;
	/* struct device */
	bool dev_offline;
	pthread_mutex_t dev_lock;
	nodemask_t node_links;		/* memoryN/nodeX links */
	/* acpi_bind_memory_blocks: 1 + the PNP0C80 instance whose memory it is; 0: none */
	int acpi_device;
};

struct memory_subsys {
	unsigned long block_size;	/* bytes, a power of two >= section size */
	unsigned long sections_per_block;
	struct memory_block **blocks;	/* indexed by id */
	unsigned long nr_slots;		/* capacity of blocks[] */
	unsigned long nr_blocks;	/* blocks that exist */
};

/**
 * memory_block_start_pfn() - a memory block's first pfn
 * @mem: the block
 *
 * Return: the pfn.
 */
static inline unsigned long memory_block_start_pfn(const struct memory_block *mem)
{
	return section_nr_to_pfn(mem->start_section_nr);
}

/**
 * find_memory_block_by_id() - the memory block of an id
 * @sys: the system
 * @id: the block's number (memory<id>)
 *
 * Return: the block, or NULL if it does not exist.
 */
struct memory_block *find_memory_block_by_id(struct hm_system *sys, unsigned long id);
/**
 * phys_to_block_id() - the id of the block that holds a physical address
 * @sys: the system
 * @phys: the address (memory0 holds 0)
 *
 * Return: the id, whether or not the block exists.
 */
unsigned long phys_to_block_id(struct hm_system *sys, uint64_t phys);

/**
 * walk_memory_blocks() - call a function on the blocks of a range
 * @sys: the system
 * @start: first byte
 * @size: bytes
 * @arg: passed to @fn
 * @fn: called on each existing block overlapping [@start, @start+@size),
 *	in id order
 *
 * Return: 0, or the first non-zero value @fn returned (the walk stops
 * there).
 */
int walk_memory_blocks(struct hm_system *sys, uint64_t start, uint64_t size, void *arg,
		       int (*fn)(struct hm_system *sys, struct memory_block *mem, void *arg));
#define for_each_memory_block(sys, id, mem)					\
	for ((id) = 0; (id) < (sys)->memory.nr_slots; (id)++)			\
		if (((mem) = (sys)->memory.blocks[id]) != NULL)

/**
 * memory_dev_init() - the memory blocks of boot
 * @sys: the system, its present sections known
 *
 * One online block per group of present sections (the kernel's
 * memory_dev_init()), with its KOBJ_ADD uevent.
 *
 * Return: 0; -ENOMEM (the blocks made before stay: boot fails as a whole).
 */
int memory_dev_init(struct hm_system *sys);

/**
 * create_memory_block_devices() - the blocks of hot-added memory
 * @sys: the system
 * @start: first byte, block aligned
 * @size: bytes, a multiple of the block size
 * @altmap: the memmap on the memory (memmap_on_memory), or NULL
 * @group: the memory group of the device, or NULL
 *
 * Offline block devices for [@start, @start+@size), each with its KOBJ_ADD
 * uevent.
 *
 * Return: 0; -EINVAL for a range that is not block aligned; -EEXIST if a
 * block exists already; -ENOMEM.  Nothing changes on failure (the blocks
 * made here are removed again).
 */
int create_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size,
				struct vmem_altmap *altmap, struct memory_group *group);

/**
 * remove_memory_block_devices() - remove the blocks of a range
 * @sys: the system
 * @start: physical start, block-aligned
 * @size: bytes, whole blocks; the blocks are offline
 *
 * KOBJ_REMOVE for each.
 *
 * Context: the caller holds device_hotplug_lock.
 */
void remove_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size);

/**
 * memory_subsys_destroy() - free every block
 * @sys: the system being torn down
 */
void memory_subsys_destroy(struct hm_system *sys);

/**
 * memory_block_device_online() - device_online() of a memory block
 * @sys: the system
 * @mem: the block; the caller holds device_hotplug_lock
 *
 * Onlines the block with its online_type (MMOP_ONLINE if none was given)
 * and sends KOBJ_ONLINE.
 *
 * Return: 0 done; 1 if the device was online already; the errno of
 * online_pages() (memory_hotplug.h), the block left offline.
 */
int memory_block_device_online(struct hm_system *sys, struct memory_block *mem);

/**
 * memory_block_device_offline() - device_offline() of a memory block
 * @sys: the system
 * @mem: the block; the caller holds device_hotplug_lock
 *
 * Return: 0 done (KOBJ_OFFLINE sent); 1 if the device was offline already;
 * the errno of offline_pages() (memory_hotplug.h), the block left online.
 */
int memory_block_device_offline(struct hm_system *sys, struct memory_block *mem);

/**
 * memory_block_state_str() - a block's state as its state file shows it
 * @state: MEM_ONLINE, MEM_OFFLINE or MEM_GOING_OFFLINE
 *
 * Return: "online", "offline" or "going-offline"; NULL for another value.
 */
const char *memory_block_state_str(unsigned long state);

/**
 * memory_block_check() - the verifier's checks of the memory blocks
 * @sys: the system
 * @r: where violations are recorded
 *
 * Return: the number of violations added to @r.
 */
unsigned long memory_block_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_MEMORY_H */
