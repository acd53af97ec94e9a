// SPDX-License-Identifier: GPL-2.0
/*
 * memory_group.c - registration of memory groups (drivers/base/memory.c).
 */
#include <errno.h>
#include "hotmem/memory_group.h"
#include "hotmem/system.h"

static int memory_group_register(struct hm_system *sys, struct memory_group *tmpl)
{
	struct memory_group *group;

	if (tmpl->nid < 0 || tmpl->nid >= MAX_NUMNODES ||
	    !node_state(sys, tmpl->nid, N_POSSIBLE))
		return -EINVAL;
	group = hm_kzalloc(&sys->alloc, sizeof(*group));
	if (!group)
		return -ENOMEM;
	*group = *tmpl;
	group->id = sys->next_mgid++;
	group->next = sys->memory_groups;
	sys->memory_groups = group;
	return group->id;
}

int memory_group_register_static(struct hm_system *sys, int nid, unsigned long max_pages)
{
	struct memory_group tmpl = { .nid = nid, .max_pages = max_pages };

	if (!max_pages)
		return -EINVAL;
	return memory_group_register(sys, &tmpl);
}

int memory_group_register_dynamic(struct hm_system *sys, int nid, unsigned long unit_pages)
{
	struct memory_group tmpl = { .nid = nid, .is_dynamic = true, .unit_pages = unit_pages };
	unsigned long block_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;

	if (!unit_pages || (unit_pages & (unit_pages - 1)) || unit_pages < block_pages)
		return -EINVAL;
	return memory_group_register(sys, &tmpl);
}

struct memory_group *memory_group_find_by_id(struct hm_system *sys, int mgid)
{
	struct memory_group *group;

	for (group = sys->memory_groups; group; group = group->next)
		if (group->id == mgid)
			return group;
	return NULL;
}

int memory_group_unregister(struct hm_system *sys, int mgid)
{
	struct memory_group **pp, *group = memory_group_find_by_id(sys, mgid);
	struct memory_block *mem;
	unsigned long id;

	if (!group)
		return -EINVAL;
	for_each_memory_block(sys, id, mem)
		if (mem->group == group)
			return -EBUSY;
	for (pp = &sys->memory_groups; *pp != group; pp = &(*pp)->next)
		;
	*pp = group->next;
	hm_kfree(&sys->alloc, group);
	return 0;
}

void memory_groups_destroy(struct hm_system *sys)
{
	while (sys->memory_groups) {
		struct memory_group *group = sys->memory_groups;

		sys->memory_groups = group->next;
		hm_kfree(&sys->alloc, group);
	}
}
