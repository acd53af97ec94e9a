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
/* The online type a string names (sysfs_streq: a trailing newline is fine), or -EINVAL. */
int mhp_online_type_from_str(const char *str);

enum meminit_context { MEMINIT_EARLY, MEMINIT_HOTPLUG };

struct memory_group;

struct memory_block {
	unsigned long id;
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

static inline unsigned long memory_block_start_pfn(const struct memory_block *mem)
{
	return section_nr_to_pfn(mem->start_section_nr);
}

/* The block with this id, or NULL. */
struct memory_block *find_memory_block_by_id(struct hm_system *sys, unsigned long id);
unsigned long phys_to_block_id(struct hm_system *sys, uint64_t phys);

/*
 * Calls fn on each existing block overlapping [start, start+size) in id
 * order, stopping at the first non-zero return, which it returns.
 */
int walk_memory_blocks(struct hm_system *sys, uint64_t start, uint64_t size, void *arg,
		       int (*fn)(struct hm_system *sys, struct memory_block *mem, void *arg));
#define for_each_memory_block(sys, id, mem)					\
	for ((id) = 0; (id) < (sys)->memory.nr_slots; (id)++)			\
		if (((mem) = (sys)->memory.blocks[id]) != NULL)

/* Boot: one online block per group of present sections (memory_dev_init). */
int memory_dev_init(struct hm_system *sys);
/*
 * Hot-add: offline block devices for [start, start+size); -EEXIST if one
 * exists, -ENOMEM; on failure the blocks made here are removed again.
 */
int create_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size,
				struct vmem_altmap *altmap, struct memory_group *group);
void remove_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size);
void memory_subsys_destroy(struct hm_system *sys);

/*
 * The device core's device_online()/device_offline() for a block: 0 done,
 * 1 already in that state, or -errno.  The caller holds device_hotplug_lock.
 */
int memory_block_device_online(struct hm_system *sys, struct memory_block *mem);
int memory_block_device_offline(struct hm_system *sys, struct memory_block *mem);

const char *memory_block_state_str(unsigned long state);

unsigned long memory_block_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_MEMORY_H */
