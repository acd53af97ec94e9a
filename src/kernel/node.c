// SPDX-License-Identifier: GPL-2.0
/*
 * node.c - node devices and the links between nodes and memory blocks
 * (drivers/base/node.c, plus memory_block_add_nid of drivers/base/memory.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/node.h"
#include "hotmem/sysfs.h"
#include "hotmem/bus.h"
#include "hotmem/system.h"
#include "hotmem/vmstat.h"

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/* device_register/device_unregister of nodeN: its uevent */
static void node_uevent(struct hm_system *sys, int nid, enum kobject_action action)
{
	char devpath[64];

	snprintf(devpath, sizeof(devpath), "/devices/system/node/node%d", nid);
	kobject_uevent(sys, action, devpath, "node");
}

bool node_is_registered(struct hm_system *sys, int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && sys->node_devices[nid];
}

int register_one_node(struct hm_system *sys, int nid)
{
	struct node_device *nd;

	if (sys->node_devices[nid])
		return 0;
	nd = hm_kzalloc(&sys->alloc, sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	nd->nid = nid;
	sys->node_devices[nid] = nd;
	node_uevent(sys, nid, KOBJ_ADD);
	return 0;
}

void unregister_one_node(struct hm_system *sys, int nid)
{
	struct node_device *nd = sys->node_devices[nid];

	if (!nd)
		return;
	hm_kfree(&sys->alloc, nd->memory_links);
	hm_kfree(&sys->alloc, nd);
	sys->node_devices[nid] = NULL;
	node_uevent(sys, nid, KOBJ_REMOVE);
}

void node_devices_destroy(struct hm_system *sys)
{
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		unregister_one_node(sys, nid);
}

bool node_has_memory_link(struct hm_system *sys, int nid, unsigned long block_id)
{
	struct node_device *nd = node_is_registered(sys, nid) ? sys->node_devices[nid] : NULL;

	if (!nd || block_id >= nd->nr_link_bits)
		return false;
	return (nd->memory_links[block_id / BITS_PER_LONG] >> (block_id % BITS_PER_LONG)) & 1;
}

/* sysfs_create_link_nowarn(nodeX -> memoryN): 0, -EEXIST or -ENOMEM. */
static int node_link_create(struct hm_system *sys, struct node_device *nd, unsigned long id)
{
	unsigned long *bits;
	unsigned long words;

	if (id >= nd->nr_link_bits) {
		words = (id / BITS_PER_LONG + 1) * 2;
		bits = hm_krealloc(&sys->alloc, nd->memory_links, words * sizeof(*bits));
		if (!bits)
			return -ENOMEM;
		memset(bits + nd->nr_link_bits / BITS_PER_LONG, 0,
		       (words - nd->nr_link_bits / BITS_PER_LONG) * sizeof(*bits));
		nd->memory_links = bits;
		nd->nr_link_bits = words * BITS_PER_LONG;
	}
	if (node_has_memory_link(sys, nd->nid, id))
		return -EEXIST;
	nd->memory_links[id / BITS_PER_LONG] |= 1UL << (id % BITS_PER_LONG);
	return 0;
}

static void node_link_remove(struct node_device *nd, unsigned long id)
{
	if (id < nd->nr_link_bits)
		nd->memory_links[id / BITS_PER_LONG] &= ~(1UL << (id % BITS_PER_LONG));
}

/*
 * early_node_zone_for_memory_block: the single populated zone of nid that
 * intersects the block, or NULL if several do.
 */
static struct zone *early_node_zone_for_memory_block(struct hm_system *sys,
						     struct memory_block *mem, int nid)
{
	unsigned long start_pfn = memory_block_start_pfn(mem);
	unsigned long nr_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;
	struct pglist_data *pgdat = NODE_DATA(sys, nid);
	struct zone *matching = NULL;
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (!populated_zone(zone) || !zone_intersects(zone, start_pfn, nr_pages))
			continue;
		if (matching)
			return NULL;
		matching = zone;
	}
	return matching;
}

static void memory_block_add_nid(struct hm_system *sys, struct memory_block *mem, int nid,
				 enum meminit_context context)
{
	if (context == MEMINIT_EARLY && mem->nid != nid) {
		/* A boot block on two nodes has no single zone. */
		if (mem->nid == NUMA_NO_NODE)
			mem->zone = early_node_zone_for_memory_block(sys, mem, nid);
		else
			mem->zone = NULL;
	}
	mem->nid = nid;
}

/* Links a block and a node both ways: 0, or -ENOMEM for the node's link (logged). */
static int do_register_memory_block_under_node(struct hm_system *sys, int nid,
					       struct memory_block *mem,
					       enum meminit_context context)
{
	int ret;

	memory_block_add_nid(sys, mem, nid, context);
	ret = node_link_create(sys, sys->node_devices[nid], mem->id);
	if (ret == -EEXIST)
		ret = 0;
	if (ret)
		pr_err(sys, "node node%d: can't create link to memory%lu in sysfs (%d)", nid,
		       mem->id, ret);
	node_set(nid, mem->node_links);
	return ret;
}

/*
 * The boot rule (register_mem_block_under_node_early): the block belongs to
 * nid if a pfn of a present section has nid, as early_pfn_to_nid() answers:
 * the node of the memblock region holding it, the first online node for a
 * pfn in a hole.
 */
static bool memory_block_has_early_nid(struct hm_system *sys, struct memory_block *mem,
				       int nid)
{
	unsigned long i, spb = sys->memory.sections_per_block;
	const struct memblock_type *memory = &sys->memblock.memory;
	int first_online = 0;

	while (first_online < MAX_NUMNODES && !node_online(sys, first_online))
		first_online++;
	for (i = 0; i < spb; i++) {
		unsigned long nr = mem->start_section_nr + i;
		uint64_t start = PFN_PHYS(section_nr_to_pfn(nr));
		uint64_t end = start + MIN_MEMORY_BLOCK_SIZE, covered = 0;
		const struct memblock_region *rgn;
		unsigned long k;

		if (!present_section(__nr_to_section(sys, nr)))
			continue;
		for_each_memblock_type(k, memory, rgn) {
			uint64_t rs = rgn->base, re = rgn->base + rgn->size;

			if (re <= start || rs >= end)
				continue;
			/* whole pages only, as pfns are */
			rs = rs > start ? rs : start;
			re = re < end ? re : end;
			rs = ALIGN(rs, PAGE_SIZE);
			re = ALIGN_DOWN(re, PAGE_SIZE);
			if (re <= rs)
				continue;
			if (rgn->nid == nid)
				return true;
			covered += re - rs;
		}
		if (covered < end - start && nid == first_online)
			return true;
	}
	return false;
}

int register_memory_blocks_under_node(struct hm_system *sys, int nid,
				      unsigned long start_pfn, unsigned long end_pfn,
				      enum meminit_context context)
{
	unsigned long first, last, id;
	int ret = 0, err;

	if (end_pfn <= start_pfn || !node_is_registered(sys, nid))
		return 0;
	first = phys_to_block_id(sys, PFN_PHYS(start_pfn));
	last = phys_to_block_id(sys, PFN_PHYS(end_pfn) - 1);
	for (id = first; id <= last; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		if (!mem)
			continue;
		if (context == MEMINIT_EARLY && !memory_block_has_early_nid(sys, mem, nid))
			continue;
		/* every block is linked as far as it can be; the first error is returned */
		err = do_register_memory_block_under_node(sys, nid, mem, context);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

void unregister_memory_block_under_nodes(struct hm_system *sys, struct memory_block *mem)
{
	unsigned long pfn = memory_block_start_pfn(mem);
	unsigned long end = pfn + (memory_block_size_bytes(sys) >> PAGE_SHIFT);
	nodemask_t unlinked = 0;

	/* pfn_valid and the section's node: valid until arch_remove_memory. */
	for (; pfn < end; pfn += PAGES_PER_SUBSECTION) {
		int nid = get_nid_for_pfn(sys, pfn);

		if (nid < 0 || !node_online(sys, nid) || node_isset(nid, unlinked))
			continue;
		node_set(nid, unlinked);
		if (node_is_registered(sys, nid))
			node_link_remove(sys->node_devices[nid], mem->id);
		node_clear(nid, mem->node_links);
	}
}

/* Does a block still belong to nid? */
static bool node_has_memory_blocks(struct hm_system *sys, int nid)
{
	struct memory_block *mem;
	unsigned long id;

	for_each_memory_block(sys, id, mem)
		if (mem->nid == nid)
			return true;
	return false;
}

void try_offline_node(struct hm_system *sys, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(sys, nid);

	if (!pgdat || pgdat->node_spanned_pages)
		return;
	if (node_has_memory_blocks(sys, nid))
		return;
	if (node_state(sys, nid, N_CPU))
		return;
	node_clear_state(sys, nid, N_ONLINE);
	unregister_one_node(sys, nid);
}

unsigned long node_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations, id;
	struct memory_block *mem;
	char obj[48];
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		struct node_device *nd = sys->node_devices[nid];

		snprintf(obj, sizeof(obj), "node%d", nid);
		if (!nd != !node_online(sys, nid))
			hm_report_add(r, obj, "registered %d but online %d", !!nd,
				      node_online(sys, nid));
		if (!nd)
			continue;
		for (id = 0; id < nd->nr_link_bits; id++) {
			if (!node_has_memory_link(sys, nid, id))
				continue;
			mem = find_memory_block_by_id(sys, id);
			if (!mem)
				hm_report_add(r, obj, "link memory%lu to a block that does not exist",
					      id);
			else if (!node_isset(nid, mem->node_links))
				hm_report_add(r, obj, "link memory%lu without memory%lu/node%d",
					      id, id, nid);
		}
	}
	for_each_memory_block(sys, id, mem) {
		snprintf(obj, sizeof(obj), "memory%lu", id);
		for_each_node_mask(nid, mem->node_links) {
			if (!node_has_memory_link(sys, nid, id))
				hm_report_add(r, obj, "link node%d without node%d/memory%lu", nid,
					      nid, id);
		}
		if (mem->nid != NUMA_NO_NODE && !node_isset(mem->nid, mem->node_links))
			hm_report_add(r, obj, "nid %d but no link to node%d", mem->nid, mem->nid);
	}
	return r->nr_violations - before;
}

/* -------------------------------------- sysfs: /sys/devices/system/node */

/* has_cpu, has_memory, ...: attr->arg is the node state (node_state_attr[]) */
static int node_state_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			   struct hm_buf *out)
{
	/* %*pbl: the node mask as a list of ranges, "0-1,3" */
	bitmap_print_list(out, sys->node_states[attr->arg], MAX_NUMNODES);
	return 0;
}

long node_next(struct hm_system *sys, long parent, long from)
{
	long nid;

	for (nid = from; nid < MAX_NUMNODES; nid++)
		if (node_is_registered(sys, (int)nid))
			return nid;
	return -1;
}

/* The first block >= from that node parent links to, or -1. */
static long node_memory_next(struct hm_system *sys, long parent, long from)
{
	struct node_device *nd = sys->node_devices[parent];
	unsigned long id;

	for (id = (unsigned long)from; id < nd->nr_link_bits; id++)
		if (node_has_memory_link(sys, (int)parent, id))
			return (long)id;
	return -1;
}

#define NODE_STATE_ATTR(_name, _state) \
	{ .name = _name, .mode = 0444, .show = node_state_show, .arg = _state }

static int has_generic_initiator_show(struct hm_system *sys, long id,
				      const struct sysfs_attr *attr, struct hm_buf *out)
{
	hm_buf_printf(out, "\n");	/* N_GENERIC_INITIATOR: no SRAT initiator affinity */
	return 0;
}

static int root_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			     const char *buf)
{
	return kobject_synth_uevent(sys, "/devices/system/node", "node", buf, strlen(buf));
}

static int uevent_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out);

static const struct sysfs_attr node_state_attrs[] = {
	NODE_STATE_ATTR("has_cpu", N_CPU),
	SYSFS_ATTR_RO(has_generic_initiator),
	NODE_STATE_ATTR("has_memory", N_MEMORY),
	NODE_STATE_ATTR("has_normal_memory", N_NORMAL_MEMORY),
	NODE_STATE_ATTR("online", N_ONLINE),
	NODE_STATE_ATTR("possible", N_POSSIBLE),
	{ .name = "uevent", .mode = 0644, .show = uevent_show, .store = root_uevent_store },
	{ NULL }
};
static const struct sysfs_attr *const node_root_groups[] = { node_state_attrs, NULL };
/* nodeN/uevent: no variables of its own to show; a write sends a synthetic uevent. */
static int uevent_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	return 0;
}

static int uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	return system_device_synth_uevent(sys, "node", id, buf);
}

/*
 * nodeN/meminfo (node_read_meminfo), Debian's 6.1 lines: the node's managed
 * and free pages and its processes' anonymous pages; what vmstat.h does not
 * model prints 0, the hugetlb pool is empty.
 */
static int node_meminfo_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			struct hm_buf *out)
{
	static const char *const zero_after_anon[] = {
		"Shmem:", "KernelStack:", "PageTables:", "SecPageTables:", "NFS_Unstable:",
		"Bounce:", "WritebackTmp:", "KReclaimable:", "Slab:", "SReclaimable:",
		"SUnreclaim:", "AnonHugePages:", "ShmemHugePages:", "ShmemPmdMapped:", NULL
	};
	const unsigned int kb = PAGE_SIZE / 1024;
	struct vm_node_stat st;
	unsigned int i;
	int nid = (int)id;

#define NODE_KB(label, pages) \
	hm_buf_printf(out, "Node %d %-16s%8lu kB\n", nid, label, (unsigned long)(pages) * kb)
	vm_node_stat_get(sys, nid, &st);
	NODE_KB("MemTotal:", st.managed);
	NODE_KB("MemFree:", st.free);
	NODE_KB("MemUsed:", st.managed - st.free);
	NODE_KB("SwapCached:", 0);
	NODE_KB("Active:", 0);
	NODE_KB("Inactive:", st.inactive_anon);
	NODE_KB("Active(anon):", 0);
	NODE_KB("Inactive(anon):", st.inactive_anon);
	NODE_KB("Active(file):", 0);
	NODE_KB("Inactive(file):", 0);
	NODE_KB("Unevictable:", 0);
	NODE_KB("Mlocked:", 0);
	NODE_KB("Dirty:", 0);
	NODE_KB("Writeback:", 0);
	NODE_KB("FilePages:", 0);
	NODE_KB("Mapped:", 0);
	NODE_KB("AnonPages:", st.inactive_anon);
	for (i = 0; zero_after_anon[i]; i++)
		NODE_KB(zero_after_anon[i], 0);
#undef NODE_KB
	/* the kernel's format has one space less for these two */
	hm_buf_printf(out, "Node %d FileHugePages: %8lu kB\n", nid, 0UL);
	hm_buf_printf(out, "Node %d FilePmdMapped: %8lu kB\n", nid, 0UL);
	hm_buf_printf(out, "Node %d HugePages_Total: %5u\nNode %d HugePages_Free:  %5u\n"
			   "Node %d HugePages_Surp:  %5u\n", nid, 0U, nid, 0U, nid, 0U);
	return 0;
}

static int numastat_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	node_numastat_show(sys, (int)id, out);
	return 0;
}

static int vmstat_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	node_vmstat_show(sys, (int)id, out);
	return 0;
}

/* cpumap and cpulist (node_read_cpumap): the node's CPUs, nr_cpu_ids bits */
static int cpumap_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	if (attr->arg)
		bitmap_print_list(out, cpumask_of_node(sys, (int)id), sys->cpus.nr);
	else
		bitmap_print_mask(out, cpumask_of_node(sys, (int)id), sys->cpus.nr);
	return 0;
}

/*
 * distance (node_read_distance): to every online node.  QEMU builds no
 * SLIT without -numa dist, so the kernel's defaults hold: LOCAL_DISTANCE
 * 10, REMOTE_DISTANCE 20.
 */
static int distance_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	const char *sep = "";
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!node_isset(nid, sys->node_states[N_ONLINE]))
			continue;
		hm_buf_printf(out, "%s%d", sep, nid == id ? 10 : 20);
		sep = " ";
	}
	hm_buf_printf(out, "\n");
	return 0;
}

/*
 * compact (sysfs_compact_node): compacts the node's zones.  hotmem's
 * allocator keeps no fragmentation for compaction to undo; the write is
 * accepted as the kernel accepts it.
 */
static int compact_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 const char *buf)
{
	return 0;
}

static const struct sysfs_attr node_dev_attrs[] = {
	SYSFS_ATTR_WO(compact),
	{ .name = "cpulist", .mode = 0444, .show = cpumap_show, .arg = 1 },
	{ .name = "cpumap", .mode = 0444, .show = cpumap_show, .arg = 0 },
	SYSFS_ATTR_RO(distance),
	{ .name = "meminfo", .mode = 0444, .show = node_meminfo_show },
	SYSFS_ATTR_RO(numastat),
	SYSFS_ATTR_RW(uevent),
	SYSFS_ATTR_RO(vmstat),
	{ NULL }
};
static const struct sysfs_attr *const node_dev_groups[] = { node_dev_attrs, NULL };

/*
 * hugepages/hugepages-<size>kB (mm/hugetlb.c's per-node hstate
 * attributes): one per huge page size the architecture registers, x86's
 * 2 MiB (and 1 GiB with pdpe1gb), arm64's 64K, 2M, 32M and 1G with 4K
 * pages; the pools are empty (no hugetlb pages are modelled).  demote
 * and demote_size exist where a smaller size can be demoted to.
 */
static const unsigned long hstate_kb[] = { 64, 2048, 32768, 1048576 };

static bool hstate_exists(const struct hm_system *sys, unsigned long kb)
{
	if (sys->arch.kind == HM_ARCH_ARM64)
		return true;
	return kb == 2048 || (kb == 1048576 && sys->arch.gbpages);
}

/* the next smaller size registered, or 0 */
static unsigned long hstate_demote_kb(const struct hm_system *sys, unsigned long kb)
{
	unsigned long best = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hstate_kb); i++)
		if (hstate_kb[i] < kb && hstate_exists(sys, hstate_kb[i]))
			best = hstate_kb[i];
	return best;
}

static int hstate_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	if (attr->arg >= 0)
		hm_buf_printf(out, "0\n");
	else
		hm_buf_printf(out, "%lukB\n", hstate_demote_kb(sys, (unsigned long)-attr->arg));
	return 0;
}

static bool demote_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return hstate_demote_kb(sys, (unsigned long)(attr->arg < 0 ? -attr->arg : attr->arg)) != 0;
}

#define HSTATE_DIR(KB)								\
	static const struct sysfs_attr hstate_attrs_##KB[] = {			\
		{ .name = "demote", .mode = 0200, .arg = KB, .visible = demote_visible }, \
		{ .name = "demote_size", .mode = 0644, .show = hstate_show, .arg = -KB, \
		  .visible = demote_visible },					\
		{ .name = "free_hugepages", .mode = 0444, .show = hstate_show },	\
		{ .name = "nr_hugepages", .mode = 0644, .show = hstate_show },	\
		{ .name = "surplus_hugepages", .mode = 0444, .show = hstate_show }, \
		{ NULL } };							\
	static const struct sysfs_attr *const hstate_groups_##KB[] = { hstate_attrs_##KB, NULL }; \
	static bool hstate_visible_##KB(const struct hm_system *sys)		\
	{ return hstate_exists(sys, KB); }					\
	static const struct sysfs_dir hstate_dir_##KB = {			\
		.groups = hstate_groups_##KB, .visible = hstate_visible_##KB };
HSTATE_DIR(64)
HSTATE_DIR(2048)
HSTATE_DIR(32768)
HSTATE_DIR(1048576)

/* x86: SGX's "x86" group (sgx_total_bytes), empty without SGX */
static bool x86_visible(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_X86_64;
}

static long node_cpu_next(struct hm_system *sys, long nid, long from)
{
	uint64_t mask = cpumask_of_node(sys, (int)nid);
	long cpu;

	for (cpu = from < 0 ? 0 : from; cpu < 64; cpu++)
		if (mask >> cpu & 1)
			return cpu;
	return -1;
}

static const struct sysfs_numbered node_links[] = {
	{ "cpu", node_cpu_next, .link = "../../cpu/cpu%ld" },
	{ "memory", node_memory_next, .link = "../../memory/memory%ld" },
	{ NULL }
};

static const struct sysfs_dir node_dir = {
	.groups = node_dev_groups,
	.links = (const struct sysfs_link[]){
		{ "subsystem", .target = "../../../../bus/node" }, { NULL } },
	.children = (const struct sysfs_child[]){
		{ "hugepages", &(const struct sysfs_dir){
			.children = (const struct sysfs_child[]){
				{ "hugepages-1048576kB", &hstate_dir_1048576 },
				{ "hugepages-2048kB", &hstate_dir_2048 },
				{ "hugepages-32768kB", &hstate_dir_32768 },
				{ "hugepages-64kB", &hstate_dir_64 },
				{ NULL } } } },
		{ "power", &device_power_dir },
		{ "x86", &(const struct sysfs_dir){ .visible = x86_visible } },
		{ NULL } },
	.numbered = node_links,
};
static const struct sysfs_numbered nodes[] = {
	{ "node", node_next, .dir = &node_dir },
	{ NULL }
};
const struct sysfs_dir node_subsys_dir = {
	.groups = node_root_groups,
	.children = (const struct sysfs_child[]){ { "power", &device_power_dir }, { NULL } },
	.numbered = nodes,
};
