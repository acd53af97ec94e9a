// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - memory block devices (drivers/base/memory.c): their creation at
 * boot and hot-add, removal, and the device core's online/offline for them.
 *
 * Blocks are kept in an array indexed by block id, grown by doubling.
 * Each block embeds what hotplug uses of its struct device: the offline
 * flag (dev->offline) and the device lock.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/kstrtox.h"
#include "hotmem/memory.h"
#include "hotmem/sysfs.h"
#include "hotmem/bus.h"
#include "hotmem/system.h"

const char *const online_type_to_str[] = {
	[MMOP_OFFLINE] = "offline",
	[MMOP_ONLINE] = "online",
	[MMOP_ONLINE_KERNEL] = "online_kernel",
	[MMOP_ONLINE_MOVABLE] = "online_movable",
};

/* sysfs_streq: equal, except that one trailing newline on either side is ignored. */
static bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

int mhp_online_type_from_str(const char *str)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(online_type_to_str); i++)
		if (sysfs_streq(str, online_type_to_str[i]))
			return i;
	return -EINVAL;
}

const char *memory_block_state_str(unsigned long state)
{
	switch (state) {
	case MEM_ONLINE:
		return "online";
	case MEM_OFFLINE:
		return "offline";
	case MEM_GOING_OFFLINE:
		return "going-offline";
	default:
		return NULL;
	}
}

unsigned long phys_to_block_id(struct hm_system *sys, uint64_t phys)
{
	return (unsigned long)(phys / memory_block_size_bytes(sys));
}

struct memory_block *find_memory_block_by_id(struct hm_system *sys, unsigned long id)
{
	if (id >= sys->memory.nr_slots)
		return NULL;
	return sys->memory.blocks[id];
}

int walk_memory_blocks(struct hm_system *sys, uint64_t start, uint64_t size, void *arg,
		       int (*fn)(struct hm_system *sys, struct memory_block *mem, void *arg))
{
	unsigned long first, last, id;
	int ret;

	if (!size)
		return 0;
	first = phys_to_block_id(sys, start);
	last = phys_to_block_id(sys, start + size - 1);
	for (id = first; id <= last; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		if (!mem)
			continue;
		ret = fn(sys, mem, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* Makes room for block ids below nr; the array only grows. */
static int memory_blocks_reserve(struct hm_system *sys, unsigned long nr)
{
	struct memory_subsys *m = &sys->memory;
	unsigned long cap = m->nr_slots ? m->nr_slots : 64;
	struct memory_block **blocks;

	if (nr <= m->nr_slots)
		return 0;
	while (cap < nr)
		cap *= 2;
	blocks = hm_krealloc(&sys->alloc, m->blocks, cap * sizeof(*blocks));
	if (!blocks)
		return -ENOMEM;
	memset(blocks + m->nr_slots, 0, (cap - m->nr_slots) * sizeof(*blocks));
	m->blocks = blocks;
	m->nr_slots = cap;
	return 0;
}

/*
 * add_memory_block: creates memoryN in the given state.  The caller has
 * reserved the slot.  -EEXIST if the block exists, -ENOMEM.
 */
/* device_add/device_del/device_online/device_offline of memoryN: its uevent */
static void memory_block_uevent(struct hm_system *sys, struct memory_block *mem,
				enum kobject_action action)
{
	char devpath[64];

	snprintf(devpath, sizeof(devpath), "/devices/system/memory/memory%lu", mem->id);
	kobject_uevent(sys, action, devpath, "memory");
}

static int add_memory_block(struct hm_system *sys, unsigned long id, unsigned long state,
			    struct vmem_altmap *altmap, struct memory_group *group)
{
	struct memory_block *mem;

	if (find_memory_block_by_id(sys, id))
		return -EEXIST;
	mem = hm_kzalloc(&sys->alloc, sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	mem->id = id;
	mem->start_section_nr = id * sys->memory.sections_per_block;
	mem->state = state;
	mem->online_type = MMOP_OFFLINE;
	mem->nid = NUMA_NO_NODE;
	mem->altmap = altmap;
	mem->group = group;
	mem->dev_offline = (state == MEM_OFFLINE);
	pthread_mutex_init(&mem->dev_lock, NULL);
	sys->memory.blocks[id] = mem;
	sys->memory.nr_blocks++;
	memory_block_uevent(sys, mem, KOBJ_ADD);
	return 0;
}

static void remove_memory_block(struct hm_system *sys, struct memory_block *mem)
{
	sys->memory.blocks[mem->id] = NULL;
	sys->memory.nr_blocks--;
	memory_block_uevent(sys, mem, KOBJ_REMOVE);
	pthread_mutex_destroy(&mem->dev_lock);
	hm_kfree(&sys->alloc, mem);
}

int memory_dev_init(struct hm_system *sys)
{
	unsigned long spb = sys->memory.sections_per_block, nr, id;
	int ret;

	ret = memory_blocks_reserve(sys, sys->sparse.highest_present_section_nr / spb + 1);
	if (ret)
		return ret;
	for_each_present_section_nr(sys, nr) {
		id = nr / spb;
		if (find_memory_block_by_id(sys, id))
			continue;
		ret = add_memory_block(sys, id, MEM_ONLINE, NULL, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

int create_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size,
				struct vmem_altmap *altmap, struct memory_group *group)
{
	unsigned long first = phys_to_block_id(sys, start);
	unsigned long end = phys_to_block_id(sys, start + size);
	unsigned long id;
	int ret;

	if (!IS_ALIGNED(start, memory_block_size_bytes(sys)) ||
	    !IS_ALIGNED(size, memory_block_size_bytes(sys)))
		return -EINVAL;
	ret = memory_blocks_reserve(sys, end);
	if (ret)
		return ret;
	for (id = first; id < end; id++) {
		ret = add_memory_block(sys, id, MEM_OFFLINE, altmap, group);
		if (ret)
			goto out_remove_created;
	}
	return 0;

out_remove_created:
	while (id-- > first)
		remove_memory_block(sys, find_memory_block_by_id(sys, id));
	return ret;
}

void remove_memory_block_devices(struct hm_system *sys, uint64_t start, uint64_t size)
{
	unsigned long first = phys_to_block_id(sys, start);
	unsigned long end = phys_to_block_id(sys, start + size);
	unsigned long id;

	for (id = first; id < end; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		if (!mem) {
			hm_warn(sys, "remove_memory_block_devices: memory%lu missing", id);
			continue;
		}
		unregister_memory_block_under_nodes(sys, mem);
		remove_memory_block(sys, mem);
	}
}

void memory_subsys_destroy(struct hm_system *sys)
{
	struct memory_block *mem;
	unsigned long id;

	for_each_memory_block(sys, id, mem)
		remove_memory_block(sys, mem);
	hm_kfree(&sys->alloc, sys->memory.blocks);
	sys->memory.blocks = NULL;
	sys->memory.nr_slots = 0;
}

/*
 * memory_block_online/offline: one block's pages to and from its zone,
 * the memmap_on_memory pages apart (they are initialised and accounted at
 * online and offline, so that they belong to the zone of the memory they
 * describe), all under one mem_hotplug_begin/done.
 */
static int memory_block_online(struct hm_system *sys, struct memory_block *mem)
{
	unsigned long start_pfn = memory_block_start_pfn(mem);
	unsigned long nr_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;
	unsigned long nr_vmemmap_pages = mem->nr_vmemmap_pages;
	struct zone *zone;
	int ret;

	mem_hotplug_begin(sys);
	zone = zone_for_pfn_range(sys, mem->online_type, mem->nid, mem->group, start_pfn,
				  nr_pages);
	if (nr_vmemmap_pages) {
		ret = mhp_init_memmap_on_memory(sys, start_pfn, nr_vmemmap_pages, zone);
		if (ret)
			goto out;
	}
	ret = online_pages(sys, start_pfn + nr_vmemmap_pages, nr_pages - nr_vmemmap_pages,
			   zone, mem->group);
	if (ret) {
		if (nr_vmemmap_pages)
			mhp_deinit_memmap_on_memory(sys, start_pfn, nr_vmemmap_pages);
		goto out;
	}
	/* accounted once onlining succeeded: the zone is populated by now */
	if (nr_vmemmap_pages)
		adjust_present_page_count(sys, start_pfn, zone, mem->group, (long)nr_vmemmap_pages);
	mem->zone = zone;
out:
	mem_hotplug_done(sys);
	return ret;
}

static int memory_block_offline(struct hm_system *sys, struct memory_block *mem)
{
	unsigned long start_pfn = memory_block_start_pfn(mem);
	unsigned long nr_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;
	unsigned long nr_vmemmap_pages = mem->nr_vmemmap_pages;
	int ret;

	/* A boot block spanning zones or nodes cannot be offlined. */
	if (!mem->zone)
		return -EINVAL;
	mem_hotplug_begin(sys);
	/* unaccounted first, so that offline_pages sees the zone as it will be */
	if (nr_vmemmap_pages)
		adjust_present_page_count(sys, start_pfn, mem->zone, mem->group,
					  -(long)nr_vmemmap_pages);
	ret = offline_pages(sys, start_pfn + nr_vmemmap_pages, nr_pages - nr_vmemmap_pages,
			    mem->zone, mem->group);
	if (ret) {
		if (nr_vmemmap_pages)	/* account back */
			adjust_present_page_count(sys, start_pfn, mem->zone, mem->group,
						  (long)nr_vmemmap_pages);
		goto out;
	}
	if (nr_vmemmap_pages)
		mhp_deinit_memmap_on_memory(sys, start_pfn, nr_vmemmap_pages);
	mem->zone = NULL;
out:
	mem_hotplug_done(sys);
	return ret;
}

/* Runs the online or offline action, with the transient going-offline state. */
static int memory_block_change_state(struct hm_system *sys, struct memory_block *mem,
				     unsigned long to_state, unsigned long from_state_req)
{
	int ret;

	if (mem->state != from_state_req)
		return -EINVAL;
	if (to_state == MEM_OFFLINE)
		mem->state = MEM_GOING_OFFLINE;
	ret = to_state == MEM_ONLINE ? memory_block_online(sys, mem) :
				       memory_block_offline(sys, mem);
	mem->state = ret ? from_state_req : to_state;
	return ret;
}

/* bus->online of the memory subsystem */
static int memory_subsys_online(struct hm_system *sys, struct memory_block *mem)
{
	int ret;

	if (mem->state == MEM_ONLINE)
		return 0;
	/* No type given (the "online" file, or auto-online without one). */
	if (mem->online_type == MMOP_OFFLINE)
		mem->online_type = MMOP_ONLINE;
	ret = memory_block_change_state(sys, mem, MEM_ONLINE, MEM_OFFLINE);
	mem->online_type = MMOP_OFFLINE;
	return ret;
}

static int memory_subsys_offline(struct hm_system *sys, struct memory_block *mem)
{
	if (mem->state == MEM_OFFLINE)
		return 0;
	return memory_block_change_state(sys, mem, MEM_OFFLINE, MEM_ONLINE);
}

static void device_lock(struct hm_system *sys, struct memory_block *mem)
{
	lockdep_acquire(&sys->lockdep, LOCK_RANK_DEVICE);
	pthread_mutex_lock(&mem->dev_lock);
}

static void device_unlock(struct hm_system *sys, struct memory_block *mem)
{
	pthread_mutex_unlock(&mem->dev_lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_DEVICE);
}

int memory_block_device_online(struct hm_system *sys, struct memory_block *mem)
{
	int ret;

	device_lock(sys, mem);
	if (mem->dev_offline) {
		ret = memory_subsys_online(sys, mem);
		if (!ret) {
			memory_block_uevent(sys, mem, KOBJ_ONLINE);
			mem->dev_offline = false;
		}
	} else {
		ret = 1;
	}
	device_unlock(sys, mem);
	return ret;
}

int memory_block_device_offline(struct hm_system *sys, struct memory_block *mem)
{
	int ret;

	device_lock(sys, mem);
	if (mem->dev_offline) {
		ret = 1;
	} else {
		ret = memory_subsys_offline(sys, mem);
		if (!ret) {
			memory_block_uevent(sys, mem, KOBJ_OFFLINE);
			mem->dev_offline = true;
		}
	}
	device_unlock(sys, mem);
	return ret;
}

unsigned long memory_block_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations, id, count = 0, i;
	unsigned long spb = sys->memory.sections_per_block;
	struct memory_block *mem;
	char obj[48];

	for_each_memory_block(sys, id, mem) {
		unsigned long nr_present = 0;
		bool all_online = true;

		count++;
		snprintf(obj, sizeof(obj), "memory%lu", id);
		if (mem->id != id || mem->start_section_nr != id * spb)
			hm_report_add(r, obj, "id %lu start_section_nr %lu in slot %lu",
				      mem->id, mem->start_section_nr, id);
		if (mem->state != MEM_ONLINE && mem->state != MEM_OFFLINE)
			hm_report_add(r, obj, "state %lu at rest", mem->state);
		if (mem->dev_offline != (mem->state == MEM_OFFLINE))
			hm_report_add(r, obj, "dev->offline %d but state %s", mem->dev_offline,
				      memory_block_state_str(mem->state));
		for (i = 0; i < spb; i++) {
			unsigned long nr = mem->start_section_nr + i;
			struct mem_section *ms = __nr_to_section(sys, nr);

			if (!present_section(ms))
				continue;
			nr_present++;
			if (!online_section(ms))
				all_online = false;
			/* memmap_on_memory: the vmemmap sections are online apart */
			else if (mem->state == MEM_OFFLINE && !mem->nr_vmemmap_pages)
				hm_report_add(r, obj, "offline but section %lu is online", nr);
		}
		if (!nr_present)
			hm_report_add(r, obj, "exists but none of its %lu sections is present", spb);
		if (mem->state == MEM_ONLINE && !all_online)
			hm_report_add(r, obj, "online but a present section is not online");
		if (mem->state == MEM_OFFLINE && mem->zone)
			hm_report_add(r, obj, "offline but zone %s is set",
				      zone_names[mem->zone->idx]);
		/* firmware_node: only a hot-added DIMM's blocks have an ACPI memory device */
		if (mem->acpi_device < 0 || mem->acpi_device > 256 ||
		    (mem->acpi_device && (!sys->acpi_memhp_container[0] ||
		     early_section(__nr_to_section(sys, mem->start_section_nr)))))
			hm_report_add(r, obj, "ACPI device %d of a %s block (container '%s')",
				      mem->acpi_device - 1,
				      early_section(__nr_to_section(sys, mem->start_section_nr)) ?
				      "boot" : "hot-added", sys->acpi_memhp_container);
	}
	if (count != sys->memory.nr_blocks)
		hm_report_add(r, "memory", "nr_blocks %lu, counted %lu", sys->memory.nr_blocks,
			      count);
	return r->nr_violations - before;
}

/* ------------------------------------ sysfs: /sys/devices/system/memory */

static int block_size_bytes_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
				 struct hm_buf *out)
{
	hm_buf_printf(out, "%lx\n", memory_block_size_bytes(sys));
	return 0;
}

static int auto_online_blocks_show(struct hm_system *sys, long id,
				   const struct sysfs_attr *attr, struct hm_buf *out)
{
	hm_buf_printf(out, "%s\n", online_type_to_str[mhp_get_default_online_type(sys)]);
	return 0;
}

static int auto_online_blocks_store(struct hm_system *sys, long id,
				    const struct sysfs_attr *attr, const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);

	if (online_type < 0)
		return -EINVAL;
	sys->params.default_online_type = online_type;
	return 0;
}

static int phys_index_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			   struct hm_buf *out)
{
	hm_buf_printf(out, "%08lx\n", find_memory_block_by_id(sys, id)->start_section_nr /
				      sys->memory.sections_per_block);
	return 0;
}

static int phys_device_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	hm_buf_printf(out, "0\n");
	return 0;
}

static int removable_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			  struct hm_buf *out)
{
	hm_buf_printf(out, "1\n");
	return 0;
}

static int state_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	struct memory_block *mem = find_memory_block_by_id(sys, id);
	const char *s = memory_block_state_str(mem->state);

	if (s) {
		hm_buf_printf(out, "%s\n", s);
	} else {
		hm_warn(sys, "memory%lu: unknown state %lu", mem->id, mem->state);
		hm_buf_printf(out, "ERROR-UNKNOWN-%lu\n", mem->state);
	}
	return 0;
}

static int online_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	struct memory_block *mem = find_memory_block_by_id(sys, id);

	pthread_mutex_lock(&mem->dev_lock);
	hm_buf_printf(out, "%u\n", !mem->dev_offline);
	pthread_mutex_unlock(&mem->dev_lock);
	return 0;
}

static int valid_zones_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	struct memory_block *mem = find_memory_block_by_id(sys, id);
	unsigned long start_pfn = memory_block_start_pfn(mem);
	unsigned long nr_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;
	struct zone *dflt, *zone;

	if (mem->state == MEM_ONLINE) {
		/* A boot block spanning zones or nodes has no zone and cannot go offline. */
		hm_buf_printf(out, "%s\n", mem->zone ? zone_names[mem->zone->idx] : "none");
		return 0;
	}
	dflt = zone_for_pfn_range(sys, MMOP_ONLINE, mem->nid, mem->group, start_pfn, nr_pages);
	hm_buf_printf(out, "%s", zone_names[dflt->idx]);
	zone = zone_for_pfn_range(sys, MMOP_ONLINE_KERNEL, mem->nid, mem->group, start_pfn,
				  nr_pages);
	if (zone != dflt)
		hm_buf_printf(out, " %s", zone_names[zone->idx]);
	zone = zone_for_pfn_range(sys, MMOP_ONLINE_MOVABLE, mem->nid, mem->group, start_pfn,
				  nr_pages);
	if (zone != dflt)
		hm_buf_printf(out, " %s", zone_names[zone->idx]);
	hm_buf_printf(out, "\n");
	return 0;
}

static int state_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       const char *buf)
{
	const int online_type = mhp_online_type_from_str(buf);
	struct memory_block *mem;
	int ret;

	if (online_type < 0)
		return -EINVAL;
	lock_device_hotplug(sys);
	mem = find_memory_block_by_id(sys, id);
	if (!mem) {		/* removed while we waited for the lock */
		unlock_device_hotplug(sys);
		return -ENODEV;
	}
	if (online_type == MMOP_OFFLINE) {
		ret = memory_block_device_offline(sys, mem);
	} else {
		/* online_type is protected by device_hotplug_lock */
		mem->online_type = online_type;
		ret = memory_block_device_online(sys, mem);
	}
	unlock_device_hotplug(sys);
	if (ret < 0)
		return ret;
	return ret ? -EINVAL : 0;	/* already in that state */
}

static int online_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	struct memory_block *mem;
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret < 0)
		return ret;
	lock_device_hotplug(sys);
	mem = find_memory_block_by_id(sys, id);
	if (!mem) {
		unlock_device_hotplug(sys);
		return -ENODEV;
	}
	ret = val ? memory_block_device_online(sys, mem) : memory_block_device_offline(sys, mem);
	unlock_device_hotplug(sys);
	return ret < 0 ? ret : 0;
}

/* The first block id >= from, or -1. */
static long memory_block_next(struct hm_system *sys, long parent, long from)
{
	unsigned long id;

	for (id = (unsigned long)from; id < sys->memory.nr_slots; id++)
		if (sys->memory.blocks[id])
			return (long)id;
	return -1;
}

/* The first node >= from that block parent is linked to, or -1. */
static long memory_block_node_next(struct hm_system *sys, long parent, long from)
{
	struct memory_block *mem = find_memory_block_by_id(sys, parent);
	long nid;

	for (nid = from; nid < MAX_NUMNODES; nid++)
		if (node_isset(nid, mem->node_links))
			return nid;
	return -1;
}

/*
 * memoryN/uevent: reading shows the variables a uevent of the device adds
 * beyond ACTION, DEVPATH and SUBSYSTEM (none: no devt, type or driver, and
 * the memory bus has no uevent callback); a write sends a synthetic one.
 */
static int uevent_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	return 0;
}

static int uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	return system_device_synth_uevent(sys, "memory", id, buf);
}

static const struct sysfs_attr memory_memblk_attrs[] = {
	SYSFS_ATTR_RW(online),
	SYSFS_ATTR_RO(phys_device),
	SYSFS_ATTR_RO(phys_index),
	SYSFS_ATTR_RO(removable),
	SYSFS_ATTR_RW(state),
	SYSFS_ATTR_RW(uevent),
	SYSFS_ATTR_RO(valid_zones),
	{ NULL }
};
static const struct sysfs_attr *const memory_memblk_groups[] = { memory_memblk_attrs, NULL };
static const struct sysfs_numbered memory_block_links[] = {
	{ "node", memory_block_node_next, .link = "../../node/node%ld" },
	{ NULL }
};
/* firmware_node: the ACPI memory device a DIMM's blocks were bound to */
static int firmware_node_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct memory_block *mem = find_memory_block_by_id(sys, (unsigned long)id);

	if (!mem->acpi_device)
		return -ENOENT;
	snprintf(buf, size, "../../../LNXSYSTM:00/LNXSYBUS:00/%s/PNP0C80:%02x",
		 sys->acpi_memhp_container, mem->acpi_device - 1);
	return 0;
}

static const struct sysfs_link memory_block_fixed_links[] = {
	{ "firmware_node", .get = firmware_node_link },
	{ "subsystem", .target = "../../../../bus/memory" },
	{ NULL }
};

static const struct sysfs_dir memory_block_dir = {
	.groups = memory_memblk_groups,
	.links = memory_block_fixed_links,
	.children = (const struct sysfs_child[]){ { "power", &device_power_dir }, { NULL } },
	.numbered = memory_block_links,
};

/* the subsystem root device's uevent: nothing to show; a write sends a synthetic one */
static int root_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			     const char *buf)
{
	return kobject_synth_uevent(sys, "/devices/system/memory", "memory", buf, strlen(buf));
}

/*
 * The root's files (memory_root_attrs): CONFIG_MEMORY_FAILURE's
 * soft_offline_page and hard_offline_page are there, write-only; hotmem
 * does not model poisoning a page, so they take no write.
 */
static const struct sysfs_attr memory_root_attrs[] = {
	SYSFS_ATTR_RW(auto_online_blocks),
	SYSFS_ATTR_RO(block_size_bytes),
	{ .name = "hard_offline_page", .mode = 0200 },
	{ .name = "soft_offline_page", .mode = 0200 },
	{ .name = "uevent", .mode = 0644, .show = uevent_show, .store = root_uevent_store },
	{ NULL }
};
static const struct sysfs_attr *const memory_root_groups[] = { memory_root_attrs, NULL };
static const struct sysfs_numbered memory_blocks[] = {
	{ "memory", memory_block_next, .dir = &memory_block_dir },
	{ NULL }
};
const struct sysfs_dir memory_subsys_dir = {
	.groups = memory_root_groups,
	.children = (const struct sysfs_child[]){ { "power", &device_power_dir }, { NULL } },
	.numbered = memory_blocks,
};

static const struct sysfs_numbered memory_bus_links[] = {
	{ "memory", memory_block_next, .link = "../../../devices/system/memory/memory%ld" },
	{ NULL }
};
const struct sysfs_dir memory_bus_devices_dir = { .numbered = memory_bus_links };
