// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the /sys and /proc files of memory hotplug, as Linux 6.1
 * prints and parses them (drivers/base/memory.c, drivers/base/node.c,
 * drivers/firmware/memmap.c, mm/memory_hotplug.c module parameters,
 * /proc/iomem, /proc/zoneinfo, /proc/meminfo).
 *
 * A path resolves to a struct snode: a directory (with a lister), a file
 * (mode, show, store) or a symlink.  Stores take device_hotplug_lock where
 * the kernel does and return the kernel's errno.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

#define MAX_COMPS 8

struct snode;
typedef int (*list_fn)(const char *name, const struct sysfs_stat *st, void *arg);

struct snode {
	struct sysfs_stat st;
	int (*show)(struct hm_system *sys, const struct snode *n, struct hm_buf *out);
	int (*store)(struct hm_system *sys, const struct snode *n, const char *buf);
	int (*list)(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg);
	long a;		/* block id, nid, firmware map entry number, ... */
	const char *const *names;	/* fixed directory entries */
};

/* ------------------------------------------------------------ helpers */

static int emit_entry(list_fn fn, void *arg, const char *name, enum sysfs_kind kind,
		      unsigned int mode, const char *target)
{
	struct sysfs_stat st = { .kind = kind, .mode = mode };

	if (target)
		snprintf(st.target, sizeof(st.target), "%s", target);
	return fn(name, &st, arg);
}

/* "prefixN" with N decimal, no sign, no leading zero: N, or -1. */
static long parse_indexed(const char *comp, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(comp, prefix, n) || comp[n] < '0' || comp[n] > '9')
		return -1;
	if (comp[n] == '0' && comp[n + 1])
		return -1;
	v = strtol(comp + n, &end, 10);
	if (*end || v < 0 || v == LONG_MAX)
		return -1;
	return v;
}

/* kstrtobool as 6.1 has it: the first character, or "on"/"off". */
static int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/*
 * kstrtoull(base 0): an optional '+', 0x for hex, a leading 0 for octal, a
 * trailing newline; -EINVAL for anything else, -ERANGE on overflow.
 */
static int kstrtoull(const char *s, unsigned long long *res)
{
	unsigned int base = 10, digits = 0;
	unsigned long long v = 0;

	if (*s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; *s; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits || (*s && !(*s == '\n' && !s[1])))
		return -EINVAL;
	*res = v;
	return 0;
}

/* %*pbl: a node mask as a list of ranges, "0-1,3". */
static void print_nodelist(struct hm_buf *out, nodemask_t mask)
{
	bool first = true;
	int nid = 0;

	while (nid < MAX_NUMNODES) {
		int end;

		if (!node_isset(nid, mask)) {
			nid++;
			continue;
		}
		for (end = nid; end + 1 < MAX_NUMNODES && node_isset(end + 1, mask); end++)
			;
		hm_buf_printf(out, first ? "%d" : ",%d", nid);
		if (end > nid)
			hm_buf_printf(out, "-%d", end);
		first = false;
		nid = end + 1;
	}
	hm_buf_printf(out, "\n");
}

/* ------------------------------------------------ /sys/devices/system/memory */

static int show_block_size_bytes(struct hm_system *sys, const struct snode *n,
				 struct hm_buf *out)
{
	hm_buf_printf(out, "%lx\n", memory_block_size_bytes(sys));
	return 0;
}

static int show_auto_online_blocks(struct hm_system *sys, const struct snode *n,
				   struct hm_buf *out)
{
	hm_buf_printf(out, "%s\n", online_type_to_str[mhp_get_default_online_type(sys)]);
	return 0;
}

static int store_auto_online_blocks(struct hm_system *sys, const struct snode *n,
				    const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);

	if (online_type < 0)
		return -EINVAL;
	sys->params.default_online_type = online_type;
	return 0;
}

static struct memory_block *node_block(struct hm_system *sys, const struct snode *n)
{
	return find_memory_block_by_id(sys, (unsigned long)n->a);
}

static int show_phys_index(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	hm_buf_printf(out, "%08lx\n", node_block(sys, n)->start_section_nr /
				      sys->memory.sections_per_block);
	return 0;
}

static int show_phys_device(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	hm_buf_printf(out, "0\n");
	return 0;
}

static int show_removable(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	hm_buf_printf(out, "1\n");
	return 0;
}

static int show_state(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	struct memory_block *mem = node_block(sys, n);
	const char *s = memory_block_state_str(mem->state);

	if (s) {
		hm_buf_printf(out, "%s\n", s);
	} else {
		hm_warn(sys, "memory%lu: unknown state %lu", mem->id, mem->state);
		hm_buf_printf(out, "ERROR-UNKNOWN-%lu\n", mem->state);
	}
	return 0;
}

static int show_online(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	struct memory_block *mem = node_block(sys, n);

	pthread_mutex_lock(&mem->dev_lock);
	hm_buf_printf(out, "%u\n", !mem->dev_offline);
	pthread_mutex_unlock(&mem->dev_lock);
	return 0;
}

static int show_valid_zones(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	struct memory_block *mem = node_block(sys, n);
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

static int store_state(struct hm_system *sys, const struct snode *n, const char *buf)
{
	const int online_type = mhp_online_type_from_str(buf);
	struct memory_block *mem;
	int ret;

	if (online_type < 0)
		return -EINVAL;
	lock_device_hotplug(sys);
	mem = node_block(sys, n);
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

static int store_online(struct hm_system *sys, const struct snode *n, const char *buf)
{
	struct memory_block *mem;
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret < 0)
		return ret;
	lock_device_hotplug(sys);
	mem = node_block(sys, n);
	if (!mem) {
		unlock_device_hotplug(sys);
		return -ENODEV;
	}
	ret = val ? memory_block_device_online(sys, mem) : memory_block_device_offline(sys, mem);
	unlock_device_hotplug(sys);
	return ret < 0 ? ret : 0;
}

/* ------------------------------------------------ /sys/devices/system/node */

static int show_node_state(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	print_nodelist(out, sys->node_states[n->a]);
	return 0;
}

/* ---------------------------------------------------- /sys/firmware/memmap */

static int show_fwmap(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	const struct firmware_map_entry *e = firmware_map_find_nr(&sys->fwmap,
								  (unsigned long)n->a);

	if (!strcmp(n->names[0], "start"))
		hm_buf_printf(out, "0x%llx\n", (unsigned long long)e->start);
	else if (!strcmp(n->names[0], "end"))
		hm_buf_printf(out, "0x%llx\n", (unsigned long long)e->end);
	else
		hm_buf_printf(out, "%s\n", e->type);
	return 0;
}

/* ------------------------------------- /sys/module/memory_hotplug/parameters */

static int show_param(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	switch (n->a) {
	case 0:
		hm_buf_printf(out, "%c\n", sys->params.memmap_on_memory ? 'Y' : 'N');
		break;
	case 1:
		hm_buf_printf(out, "%s\n", online_policy_to_str[sys->params.online_policy]);
		break;
	case 2:
		hm_buf_printf(out, "%u\n", sys->params.auto_movable_ratio);
		break;
	default:
		hm_buf_printf(out, "%c\n", sys->params.auto_movable_numa_aware ? 'Y' : 'N');
		break;
	}
	return 0;
}

/* sysfs_match_string: like sysfs_streq against each. */
static int match_words(const char *buf, const char *const *words, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(words[i]);

		if (!strncmp(buf, words[i], len) &&
		    (!buf[len] || (buf[len] == '\n' && !buf[len + 1])))
			return i;
	}
	return -EINVAL;
}

static int store_param(struct hm_system *sys, const struct snode *n, const char *buf)
{
	unsigned long long v;
	bool b;
	int ret;

	switch (n->a) {
	case 1:
		ret = match_words(buf, online_policy_to_str, 2);
		if (ret < 0)
			return ret;
		sys->params.online_policy = ret;
		return 0;
	case 2:		/* param_set_uint: kstrtouint(base 0) */
		ret = kstrtoull(buf, &v);
		if (ret)
			return ret;
		if (v > 0xffffffffULL)
			return -ERANGE;
		sys->params.auto_movable_ratio = (unsigned int)v;
		return 0;
	default:
		ret = kstrtobool(buf, &b);
		if (ret)
			return ret;
		sys->params.auto_movable_numa_aware = b;
		return 0;
	}
}

/* ------------------------- /sys/kernel/debug/notifier-error-inject/memory */

static const char *const inject_actions[] = { "MEM_GOING_OFFLINE", "MEM_GOING_ONLINE", NULL };

static int *inject_slot(struct hm_system *sys, long action)
{
	return action ? &sys->inject_going_online : &sys->inject_going_offline;
}

static int show_inject(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	hm_buf_printf(out, "%d\n", *inject_slot(sys, n->a));
	return 0;
}

/* debugfs_create_errno: an integer in [-MAX_ERRNO, 0] */
static int store_inject(struct hm_system *sys, const struct snode *n, const char *buf)
{
	char *end;
	long v = strtol(buf, &end, 0);

	if (end == buf || (*end && !(*end == '\n' && !end[1])) || v > 0 || v < -4095)
		return -EINVAL;
	*inject_slot(sys, n->a) = (int)v;
	return 0;
}

/* ------------------------------------------------------------------ /proc */

static int show_iomem(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	resource_print_iomem(&sys->iomem_resource, out);
	return 0;
}

static int show_zoneinfo(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	zoneinfo_show(sys, out);
	return 0;
}

static int show_meminfo(struct hm_system *sys, const struct snode *n, struct hm_buf *out)
{
	meminfo_show(sys, out);
	return 0;
}

/* ------------------------------------------------------------- directories */

static int list_names(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg);

static const char *const root_names[] = { "proc", "sys", NULL };
static const char *const proc_names[] = { "iomem", "meminfo", "zoneinfo", NULL };
static const char *const sys_names[] = { "bus", "devices", "firmware", "kernel", "module",
					 NULL };
static const char *const kernel_names[] = { "debug", NULL };
static const char *const debug_names[] = { "notifier-error-inject", NULL };
static const char *const nei_names[] = { "memory", NULL };
static const char *const nei_memory_names[] = { "actions", NULL };
static const char *const error_names[] = { "error", NULL };
static const char *const devices_names[] = { "system", NULL };
static const char *const system_names[] = { "memory", "node", NULL };
static const char *const bus_names[] = { "memory", NULL };
static const char *const bus_memory_names[] = { "devices", NULL };
static const char *const firmware_names[] = { "memmap", NULL };
static const char *const module_names[] = { "memory_hotplug", NULL };
static const char *const mhp_names[] = { "parameters", NULL };
static const char *const param_names[] = { "memmap_on_memory", "online_policy",
					   "auto_movable_ratio", "auto_movable_numa_aware",
					   NULL };
static const char *const block_files[] = { "online", "phys_device", "phys_index",
					   "removable", "state", "valid_zones", NULL };
static const char *const fwmap_files[] = { "end", "start", "type", NULL };
static const char *const node_state_files[] = { "has_cpu", "has_memory",
						"has_normal_memory", "online", "possible",
						NULL };
static const int node_state_ids[] = { N_CPU, N_MEMORY, N_NORMAL_MEMORY, N_ONLINE,
				      N_POSSIBLE };

static void make_dir(struct snode *n, const char *const *names,
		     int (*list)(struct hm_system *, const struct snode *, list_fn, void *),
		     long a)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_DIR;
	n->st.mode = 0755;
	n->names = names;
	n->list = list ? list : list_names;
	n->a = a;
}

static void make_file(struct snode *n, unsigned int mode,
		      int (*show)(struct hm_system *, const struct snode *, struct hm_buf *),
		      int (*store)(struct hm_system *, const struct snode *, const char *),
		      long a)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_FILE;
	n->st.mode = mode;
	n->show = show;
	n->store = store;
	n->a = a;
}

static void make_link(struct snode *n, const char *fmt, long a)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_LINK;
	n->st.mode = 0777;
	snprintf(n->st.target, sizeof(n->st.target), fmt, a);
}

static int list_names(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	const char *const *p;
	int ret;

	for (p = n->names; p && *p; p++) {
		ret = emit_entry(fn, arg, *p, SYSFS_DIR, 0755, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int resolve(struct hm_system *sys, const char *path, struct snode *n);

/* Lists fixed names with their real kinds (resolving each). */
static int list_resolved(struct hm_system *sys, const char *dir, const char *const *names,
			 list_fn fn, void *arg)
{
	char path[256];
	struct snode child;
	int ret;

	for (; names && *names; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		if (resolve(sys, path, &child))
			continue;
		ret = fn(*names, &child.st, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_memory_root(struct hm_system *sys, const struct snode *n, list_fn fn,
			    void *arg)
{
	static const char *const files[] = { "auto_online_blocks", "block_size_bytes", NULL };
	struct memory_block *mem;
	unsigned long id;
	char name[32];
	int ret;

	ret = list_resolved(sys, "/sys/devices/system/memory", files, fn, arg);
	if (ret)
		return ret;
	for_each_memory_block(sys, id, mem) {
		snprintf(name, sizeof(name), "memory%lu", id);
		ret = emit_entry(fn, arg, name, SYSFS_DIR, 0755, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_block(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	struct memory_block *mem = node_block(sys, n);
	char dir[64], name[32], target[64];
	int nid, ret;

	snprintf(dir, sizeof(dir), "/sys/devices/system/memory/memory%ld", n->a);
	ret = list_resolved(sys, dir, block_files, fn, arg);
	if (ret)
		return ret;
	for_each_node_mask(nid, mem->node_links) {
		snprintf(name, sizeof(name), "node%d", nid);
		snprintf(target, sizeof(target), "../../node/node%d", nid);
		ret = emit_entry(fn, arg, name, SYSFS_LINK, 0777, target);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_node_root(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	char name[32];
	int nid, ret;

	ret = list_resolved(sys, "/sys/devices/system/node", node_state_files, fn, arg);
	if (ret)
		return ret;
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!node_is_registered(sys, nid))
			continue;
		snprintf(name, sizeof(name), "node%d", nid);
		ret = emit_entry(fn, arg, name, SYSFS_DIR, 0755, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_node(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	struct node_device *nd = sys->node_devices[n->a];
	char name[32], target[64];
	unsigned long id;
	int ret;

	for (id = 0; id < nd->nr_link_bits; id++) {
		if (!node_has_memory_link(sys, (int)n->a, id))
			continue;
		snprintf(name, sizeof(name), "memory%lu", id);
		snprintf(target, sizeof(target), "../../memory/memory%lu", id);
		ret = emit_entry(fn, arg, name, SYSFS_LINK, 0777, target);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_bus_devices(struct hm_system *sys, const struct snode *n, list_fn fn,
			    void *arg)
{
	struct memory_block *mem;
	char name[32], target[96];
	unsigned long id;
	int ret;

	for_each_memory_block(sys, id, mem) {
		snprintf(name, sizeof(name), "memory%lu", id);
		snprintf(target, sizeof(target), "../../../devices/system/memory/memory%lu", id);
		ret = emit_entry(fn, arg, name, SYSFS_LINK, 0777, target);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_fwmap(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	const struct firmware_map_entry *e;
	char name[32];
	int ret;

	for (e = sys->fwmap.entries; e; e = e->next) {
		snprintf(name, sizeof(name), "%lu", e->nr);
		ret = emit_entry(fn, arg, name, SYSFS_DIR, 0755, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_files(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	const char *const *p;
	int ret;

	for (p = n->names; p && *p; p++) {
		ret = emit_entry(fn, arg, *p, SYSFS_FILE, 0444, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int list_params(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	return list_resolved(sys, "/sys/module/memory_hotplug/parameters", param_names, fn, arg);
}

/* ------------------------------------------------------------- resolution */

static int split_path(char *buf, char **comps)
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (n == MAX_COMPS || !strcmp(tok, ".."))
			return -ENOENT;
		comps[n++] = tok;
	}
	return n;
}

static int index_of(const char *const *names, const char *name)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

static int resolve_memory(struct hm_system *sys, char **c, int n, struct snode *out)
{
	long id, nid;
	int i;

	if (n == 0) {
		make_dir(out, NULL, list_memory_root, 0);
		return 0;
	}
	if (n == 1 && !strcmp(c[0], "block_size_bytes")) {
		make_file(out, 0444, show_block_size_bytes, NULL, 0);
		return 0;
	}
	if (n == 1 && !strcmp(c[0], "auto_online_blocks")) {
		make_file(out, 0644, show_auto_online_blocks, store_auto_online_blocks, 0);
		return 0;
	}
	id = parse_indexed(c[0], "memory");
	if (id < 0 || !find_memory_block_by_id(sys, (unsigned long)id))
		return -ENOENT;
	if (n == 1) {
		make_dir(out, NULL, list_block, id);
		return 0;
	}
	if (n > 2)
		return -ENOENT;
	nid = parse_indexed(c[1], "node");
	if (nid >= 0) {
		if (nid >= MAX_NUMNODES ||
		    !node_isset(nid, find_memory_block_by_id(sys, id)->node_links))
			return -ENOENT;
		make_link(out, "../../node/node%ld", nid);
		return 0;
	}
	i = index_of(block_files, c[1]);
	switch (i) {
	case 0:
		make_file(out, 0644, show_online, store_online, id);
		return 0;
	case 1:
		make_file(out, 0444, show_phys_device, NULL, id);
		return 0;
	case 2:
		make_file(out, 0444, show_phys_index, NULL, id);
		return 0;
	case 3:
		make_file(out, 0444, show_removable, NULL, id);
		return 0;
	case 4:
		make_file(out, 0644, show_state, store_state, id);
		return 0;
	case 5:
		make_file(out, 0444, show_valid_zones, NULL, id);
		return 0;
	default:
		return -ENOENT;
	}
}

static int resolve_node(struct hm_system *sys, char **c, int n, struct snode *out)
{
	long nid, id;
	int i;

	if (n == 0) {
		make_dir(out, NULL, list_node_root, 0);
		return 0;
	}
	i = index_of(node_state_files, c[0]);
	if (i >= 0 && n == 1) {
		make_file(out, 0444, show_node_state, NULL, node_state_ids[i]);
		return 0;
	}
	nid = parse_indexed(c[0], "node");
	if (nid < 0 || nid >= MAX_NUMNODES || !node_is_registered(sys, (int)nid))
		return -ENOENT;
	if (n == 1) {
		make_dir(out, NULL, list_node, nid);
		return 0;
	}
	id = parse_indexed(c[1], "memory");
	if (n == 2 && id >= 0 && node_has_memory_link(sys, (int)nid, (unsigned long)id)) {
		make_link(out, "../../memory/memory%ld", id);
		return 0;
	}
	return -ENOENT;
}

static int resolve(struct hm_system *sys, const char *path, struct snode *out)
{
	char buf[256], *c[MAX_COMPS];
	int n, i;
	long v;

	if (path[0] != '/' || strlen(path) >= sizeof(buf))
		return -ENOENT;
	strcpy(buf, path);
	n = split_path(buf, c);
	if (n < 0)
		return n;
	if (n == 0) {
		make_dir(out, root_names, NULL, 0);
		return 0;
	}
	if (!strcmp(c[0], "proc")) {
		if (n == 1) {
			make_dir(out, proc_names, list_files, 0);
			return 0;
		}
		if (n > 2)
			return -ENOENT;
		if (!strcmp(c[1], "iomem"))
			make_file(out, 0444, show_iomem, NULL, 0);
		else if (!strcmp(c[1], "zoneinfo"))
			make_file(out, 0444, show_zoneinfo, NULL, 0);
		else if (!strcmp(c[1], "meminfo"))
			make_file(out, 0444, show_meminfo, NULL, 0);
		else
			return -ENOENT;
		return 0;
	}
	if (strcmp(c[0], "sys"))
		return -ENOENT;
	if (n == 1) {
		make_dir(out, sys_names, NULL, 0);
		return 0;
	}
	if (!strcmp(c[1], "devices")) {
		if (n == 2) {
			make_dir(out, devices_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[2], "system"))
			return -ENOENT;
		if (n == 3) {
			make_dir(out, system_names, NULL, 0);
			return 0;
		}
		if (!strcmp(c[3], "memory"))
			return resolve_memory(sys, c + 4, n - 4, out);
		if (!strcmp(c[3], "node"))
			return resolve_node(sys, c + 4, n - 4, out);
		return -ENOENT;
	}
	if (!strcmp(c[1], "bus")) {
		if (n == 2) {
			make_dir(out, bus_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[2], "memory"))
			return -ENOENT;
		if (n == 3) {
			make_dir(out, bus_memory_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[3], "devices"))
			return -ENOENT;
		if (n == 4) {
			make_dir(out, NULL, list_bus_devices, 0);
			return 0;
		}
		v = parse_indexed(c[4], "memory");
		if (n == 5 && v >= 0 && find_memory_block_by_id(sys, (unsigned long)v)) {
			make_link(out, "../../../devices/system/memory/memory%ld", v);
			return 0;
		}
		return -ENOENT;
	}
	if (!strcmp(c[1], "firmware")) {
		if (n == 2) {
			make_dir(out, firmware_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[2], "memmap"))
			return -ENOENT;
		if (n == 3) {
			make_dir(out, NULL, list_fwmap, 0);
			return 0;
		}
		v = parse_indexed(c[3], "");
		if (v < 0 || !firmware_map_find_nr(&sys->fwmap, (unsigned long)v))
			return -ENOENT;
		if (n == 4) {
			make_dir(out, fwmap_files, list_files, v);
			return 0;
		}
		i = n == 5 ? index_of(fwmap_files, c[4]) : -1;
		if (i < 0)
			return -ENOENT;
		make_file(out, 0444, show_fwmap, NULL, v);
		out->names = &fwmap_files[i];
		return 0;
	}
	if (!strcmp(c[1], "kernel")) {
		static const char *const *const levels[] = { kernel_names, debug_names, nei_names,
							     nei_memory_names };

		/* kernel/debug/notifier-error-inject/memory/actions/<ACTION>/error */
		for (i = 2; i < n && i < 6; i++)
			if (strcmp(c[i], levels[i - 2][0]))
				return -ENOENT;
		if (n < 6) {
			make_dir(out, levels[n - 2], NULL, 0);
			return 0;
		}
		i = n >= 7 ? index_of(inject_actions, c[6]) : -1;
		if (n == 6) {
			make_dir(out, inject_actions, NULL, 0);
			return 0;
		}
		if (i < 0)
			return -ENOENT;
		if (n == 7) {
			make_dir(out, error_names, list_files, i);
			return 0;
		}
		if (n == 8 && !strcmp(c[7], "error")) {
			make_file(out, 0600, show_inject, store_inject, i);
			return 0;
		}
		return -ENOENT;
	}
	if (!strcmp(c[1], "module")) {
		if (n == 2) {
			make_dir(out, module_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[2], "memory_hotplug"))
			return -ENOENT;
		if (n == 3) {
			make_dir(out, mhp_names, NULL, 0);
			return 0;
		}
		if (strcmp(c[3], "parameters"))
			return -ENOENT;
		if (n == 4) {
			make_dir(out, NULL, list_params, 0);
			return 0;
		}
		i = n == 5 ? index_of(param_names, c[4]) : -1;
		if (i < 0)
			return -ENOENT;
		make_file(out, i == 0 ? 0444 : 0644, show_param, i == 0 ? NULL : store_param, i);
		return 0;
	}
	return -ENOENT;
}

/* ---------------------------------------------------------------- the API */

int sysfs_stat(struct hm_system *sys, const char *path, struct sysfs_stat *st)
{
	struct snode n;
	int ret = resolve(sys, path, &n);

	if (!ret)
		*st = n.st;
	return ret;
}

int sysfs_read(struct hm_system *sys, const char *path, struct hm_buf *out)
{
	struct snode n;
	int ret = resolve(sys, path, &n);

	if (ret)
		return ret;
	/* every link of this tree points at a directory */
	if (n.st.kind == SYSFS_DIR || n.st.kind == SYSFS_LINK)
		return -EISDIR;
	if (!n.show)
		return -EACCES;
	return n.show(sys, &n, out);
}

int sysfs_write(struct hm_system *sys, const char *path, const char *buf, size_t len)
{
	struct snode n;
	char *copy;
	int ret = resolve(sys, path, &n);

	if (ret)
		return ret;
	if (n.st.kind != SYSFS_FILE)
		return -EISDIR;
	if (!n.store)
		return -EACCES;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	ret = n.store(sys, &n, copy);
	free(copy);
	return ret;
}

int sysfs_readdir(struct hm_system *sys, const char *path, list_fn fn, void *arg)
{
	struct snode n;
	int ret = resolve(sys, path, &n);

	if (ret)
		return ret;
	if (n.st.kind != SYSFS_DIR)
		return -ENOTDIR;
	return n.list(sys, &n, fn, arg);
}

struct export_ctx {
	struct hm_system *sys;
	const char *root;
	const char *dir;	/* the emulated directory being listed */
	int err;
};

static int export_dir(struct hm_system *sys, const char *root, const char *dir);

static int export_entry(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct export_ctx *ctx = arg;
	char epath[512], hpath[1024];
	struct hm_buf content;
	FILE *f;
	int ret;

	snprintf(epath, sizeof(epath), "%s/%s", strcmp(ctx->dir, "/") ? ctx->dir : "", name);
	snprintf(hpath, sizeof(hpath), "%s%s", ctx->root, epath);
	switch (st->kind) {
	case SYSFS_DIR:
		if (mkdir(hpath, 0755) && errno != EEXIST)
			return -errno;
		return export_dir(ctx->sys, ctx->root, epath);
	case SYSFS_LINK:
		if (symlink(st->target, hpath))
			return -errno;
		return 0;
	case SYSFS_FILE:
		hm_buf_init(&content);
		ret = sysfs_read(ctx->sys, epath, &content);
		f = fopen(hpath, "w");
		if (!f) {
			hm_buf_free(&content);
			return -errno;
		}
		if (!ret)
			fwrite(hm_buf_str(&content), 1, content.len, f);
		fclose(f);
		hm_buf_free(&content);
		chmod(hpath, st->mode);
		return 0;
	}
	return 0;
}

static int export_dir(struct hm_system *sys, const char *root, const char *dir)
{
	struct export_ctx ctx = { .sys = sys, .root = root, .dir = dir };

	return sysfs_readdir(sys, dir, export_entry, &ctx);
}

int sysfs_export(struct hm_system *sys, const char *dir)
{
	return export_dir(sys, dir, "/");
}
