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

/**
 * node_is_registered() - whether /sys/devices/system/node/node<nid> exists
 * @sys: the system
 * @nid: the node
 *
 * Return: true if it does; false for a @nid out of range.
 */
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
/**
 * register_one_node() - create node/node@nid
 * @sys: the system
 * @nid: the node (0..MAX_NUMNODES-1)
 *
 * Sends the node's KOBJ_ADD uevent.  A node registered already is left as
 * it is.
 *
 * Return: 0; -ENOMEM (nothing created).
 */
int register_one_node(struct hm_system *sys, int nid);

/**
 * unregister_one_node() - remove a node's device and its memory links
 * @sys: the system
 * @nid: the node; nothing happens if it is not registered
 *
 * Sends KOBJ_REMOVE.
 */
void unregister_one_node(struct hm_system *sys, int nid);

/**
 * node_has_memory_link() - whether node<nid>/memory<block_id> exists
 * @sys: the system
 * @nid: the node
 * @block_id: the memory block
 *
 * Return: true if the link exists.
 */
bool node_has_memory_link(struct hm_system *sys, int nid, unsigned long block_id);

/**
 * register_memory_blocks_under_node() - link the blocks of a range to a node
 * @sys: the system
 * @nid: the node
 * @start_pfn: first pfn
 * @end_pfn: the pfn past the range
 * @context: MEMINIT_EARLY: only blocks with a pfn of @nid (from memblock),
 *	and the block's zone is recomputed; MEMINIT_HOTPLUG: every block
 *
 * Return: 0; -ENOMEM when a link could not be made (the kernel only logs
 * that; hotmem's callers fail and unwind).  The other blocks are linked all
 * the same: the links made stay on failure.
 */
int register_memory_blocks_under_node(struct hm_system *sys, int nid,
				      unsigned long start_pfn, unsigned long end_pfn,
				      enum meminit_context context);
/**
 * unregister_memory_block_under_nodes() - remove a block's node links
 * @sys: the system
 * @mem: the block
 *
 * For every node that its valid pfns belong to, found through pfn_valid()
 * and the section's node, never struct pages (they may be gone).
 */
void unregister_memory_block_under_nodes(struct hm_system *sys, struct memory_block *mem);
/**
 * try_offline_node() - unregister a node nothing uses any more
 * @sys: the system
 * @nid: the node
 *
 * A node that spans no pages, holds no memory block and has no CPU leaves
 * N_ONLINE and is unregistered; any other is left as it is.
 */
void try_offline_node(struct hm_system *sys, int nid);

/**
 * node_devices_destroy() - unregister every node
 * @sys: the system being torn down
 */
void node_devices_destroy(struct hm_system *sys);

/**
 * node_check() - the verifier's checks of the node devices
 * @sys: the system
 * @r: where violations are recorded
 *
 * Return: the number of violations added to @r.
 */
unsigned long node_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_NODE_H */
