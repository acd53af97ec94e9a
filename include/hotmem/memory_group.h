/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory_group.h - memory groups (drivers/base/memory.c): the memory of one
 * device, static (an ACPI DIMM, dax/kmem: max_pages known up front) or
 * dynamic (virtio-mem: grows in units).  The auto-movable online policy
 * decides per group.
 */
#ifndef HOTMEM_MEMORY_GROUP_H
#define HOTMEM_MEMORY_GROUP_H

#include <stdbool.h>

struct hm_system;

struct memory_group {
	int id;				/* mgid */
	int nid;
	unsigned long present_kernel_pages;
	unsigned long present_movable_pages;
	bool is_dynamic;
	unsigned long max_pages;	/* static */
	unsigned long unit_pages;	/* dynamic */
	struct memory_group *next;
};

/**
 * memory_group_register_static() - register the group of a static device
 * @sys: the system
 * @nid: its node, a possible one
 * @max_pages: the pages the device has (an ACPI DIMM's, dax/kmem's)
 *
 * Return: the new group's mgid (>= 0); -EINVAL for @max_pages 0 or a node
 * that is not possible; -ENOMEM.  Nothing changes on failure.
 */
int memory_group_register_static(struct hm_system *sys, int nid, unsigned long max_pages);

/**
 * memory_group_register_dynamic() - register the group of a dynamic device
 * @sys: the system
 * @nid: its node, a possible one
 * @unit_pages: the unit it grows and shrinks by (virtio-mem's): a power of
 *	two, at least a memory block
 *
 * Return: the new group's mgid (>= 0); -EINVAL for a @unit_pages that is
 * not such or a node that is not possible; -ENOMEM.  Nothing changes on
 * failure.
 */
int memory_group_register_dynamic(struct hm_system *sys, int nid, unsigned long unit_pages);

/**
 * memory_group_unregister() - remove a group
 * @sys: the system
 * @mgid: the group's id
 *
 * Return: 0; -EINVAL if there is no such group; -EBUSY if memory blocks
 * still belong to it (the group stays).
 */
int memory_group_unregister(struct hm_system *sys, int mgid);

/**
 * memory_group_find_by_id() - the memory group of an id
 * @sys: the system
 * @mgid: the id memory_group_register_*() returned
 *
 * Return: the group, or NULL if there is none with that id.
 */
struct memory_group *memory_group_find_by_id(struct hm_system *sys, int mgid);

/**
 * memory_groups_destroy() - free every group
 * @sys: the system being torn down
 */
void memory_groups_destroy(struct hm_system *sys);

#endif /* HOTMEM_MEMORY_GROUP_H */
