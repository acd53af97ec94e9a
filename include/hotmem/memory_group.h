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

/* Return the new mgid, or -EINVAL / -ENOMEM. */
int memory_group_register_static(struct hm_system *sys, int nid, unsigned long max_pages);
int memory_group_register_dynamic(struct hm_system *sys, int nid, unsigned long unit_pages);
/* -EINVAL if unknown, -EBUSY if blocks still use it. */
int memory_group_unregister(struct hm_system *sys, int mgid);
struct memory_group *memory_group_find_by_id(struct hm_system *sys, int mgid);
void memory_groups_destroy(struct hm_system *sys);

#endif /* HOTMEM_MEMORY_GROUP_H */
