/* SPDX-License-Identifier: GPL-2.0 */
/*
 * node.h - node devices and node <-> memory block links (mirrors
 * drivers/base/node.c).
 *
 * /sys/devices/system/node/nodeX exists while the node is registered; each
 * memory block with pages on node X has two links, node/nodeX/memoryN and
 * memory/memoryN/nodeX.  The two directions are stored separately, as the
 * kernel's two sysfs links are, so that a removal that misses one is visible.
 */
#ifndef HOTMEM_NODE_H
#define HOTMEM_NODE_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/types.h"
#include "hotmem/memory.h"

struct hm_system;
struct hm_report;

struct node_device {
	int nid;
	unsigned long *memory_links;	/* bitmap of block ids: nodeX/memoryN */
	unsigned long nr_link_bits;	/* capacity of the bitmap */
};

bool node_is_registered(struct hm_system *sys, int nid);

/**
 * node_next() - the next registered node, for a sysfs directory's listing
 * @sys: the system
 * @parent: unused (the sysfs_dir next callback's argument)
 * @from: the first node id to look at
 *
 * Lists /sys/devices/system/node/nodeX and /sys/bus/node/devices alike.
 *
 * Return: the first registered node >= @from, or -1.
 */
long node_next(struct hm_system *sys, long parent, long from);
/* register_one_node: creates node/nodeX; -ENOMEM. */
int register_one_node(struct hm_system *sys, int nid);
void unregister_one_node(struct hm_system *sys, int nid);
bool node_has_memory_link(struct hm_system *sys, int nid, unsigned long block_id);

/*
 * Links the blocks of [start_pfn, end_pfn) to nid.  Early: only blocks with
 * a pfn of nid (from memblock), and the block's zone is recomputed; hotplug:
 * every block.  Returns 0, or -ENOMEM when a node's link could not be made
 * (the kernel only logs that; hotmem's callers fail and unwind); the other
 * blocks are linked all the same.
 */
int register_memory_blocks_under_node(struct hm_system *sys, int nid,
				      unsigned long start_pfn, unsigned long end_pfn,
				      enum meminit_context context);
/*
 * Removes the links of a block for every node that its valid pfns belong
 * to (found through pfn_valid and the section's node, never struct pages).
 */
void unregister_memory_block_under_nodes(struct hm_system *sys, struct memory_block *mem);
/* try_offline_node: unregisters the node once nothing uses it. */
void try_offline_node(struct hm_system *sys, int nid);
void node_devices_destroy(struct hm_system *sys);

unsigned long node_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_NODE_H */
