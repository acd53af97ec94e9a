// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - the "dump" step: what the oracle's guest prints from sysfs and
 * procfs (block files, node links, /proc/zoneinfo, /proc/iomem, the
 * firmware map, /proc/meminfo), read here through the same sysfs layer.
 */
#include <jansson.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "scenario/dump.h"

/* Reads a sysfs file without its trailing newline. */
static void read_value(struct hm_system *sys, const char *path, struct hm_buf *v)
{
	hm_buf_reset(v);
	if (sysfs_read(sys, path, v))
		hm_buf_reset(v);
	while (v->len && v->data[v->len - 1] == '\n')
		v->data[--v->len] = '\0';
}

/* Directory entries, from the system's counted allocator (fault injection). */
struct names {
	char **v;
	size_t n, cap;
	const char *prefix;
	struct hm_alloc *a;
};

static int collect(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct names *ns = arg;

	if (strncmp(name, ns->prefix, strlen(ns->prefix)) ||
	    name[strlen(ns->prefix)] < '0' || name[strlen(ns->prefix)] > '9')
		return 0;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		char **v = hm_krealloc(ns->a, ns->v, cap * sizeof(*v));

		if (!v)
			return -1;
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n] = hm_kstrdup(ns->a, name);
	if (!ns->v[ns->n])
		return -1;
	ns->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_num_suffix(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long nx = strtol(x + strcspn(x, "0123456789"), NULL, 10);
	long ny = strtol(y + strcspn(y, "0123456789"), NULL, 10);

	return nx < ny ? -1 : nx > ny;
}

/* The entries of dir named prefix<digits>, sorted as the shell glob or sort -n does. */
static void list_dir(struct hm_system *sys, const char *dir, const char *prefix, bool numeric,
		     struct names *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->prefix = prefix;
	ns->a = &sys->alloc;
	sysfs_readdir(sys, dir, collect, ns);
	if (ns->n)	/* qsort(NULL, 0) is undefined */
		qsort(ns->v, ns->n, sizeof(*ns->v), numeric ? cmp_num_suffix : cmp_str);
}

static void names_free(struct names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		hm_kfree(ns->a, ns->v[i]);
	hm_kfree(ns->a, ns->v);
}

static void dump_blocks(struct hm_system *sys, struct hm_buf *out, struct hm_buf *v)
{
	static const char *const files[] = { "phys_index", "state", "online", "phys_device",
					     "removable", "valid_zones" };
	struct names blocks, nodes;
	char path[256];
	size_t i, j, k;

	list_dir(sys, "/sys/devices/system/memory", "memory", true, &blocks);
	for (i = 0; i < blocks.n; i++) {
		hm_buf_printf(out, "block %s", blocks.v[i] + 6);
		for (k = 0; k < ARRAY_SIZE(files); k++) {
			snprintf(path, sizeof(path), "/sys/devices/system/memory/%s/%s",
				 blocks.v[i], files[k]);
			read_value(sys, path, v);
			for (j = 0; k == 5 && j < v->len; j++)
				if (v->data[j] == ' ')
					v->data[j] = ',';
			hm_buf_printf(out, " %s=%s", files[k], hm_buf_str(v));
		}
		snprintf(path, sizeof(path), "/sys/devices/system/memory/%s", blocks.v[i]);
		list_dir(sys, path, "node", false, &nodes);
		hm_buf_printf(out, " nodes=");
		for (j = 0; j < nodes.n; j++)
			hm_buf_printf(out, "%s%s", j ? " " : "", nodes.v[j] + 4);
		hm_buf_printf(out, "\n");
		names_free(&nodes);
	}
	names_free(&blocks);
}

static void dump_nodelinks(struct hm_system *sys, struct hm_buf *out)
{
	struct names nodes, links;
	char path[256];
	size_t i, j;

	list_dir(sys, "/sys/devices/system/node", "node", false, &nodes);
	for (i = 0; i < nodes.n; i++) {
		snprintf(path, sizeof(path), "/sys/devices/system/node/%s", nodes.v[i]);
		list_dir(sys, path, "memory", true, &links);
		hm_buf_printf(out, "nodelinks %s ", nodes.v[i]);
		for (j = 0; j < links.n; j++)
			hm_buf_printf(out, "%s%s", j ? " " : "", links.v[j] + 6);
		hm_buf_printf(out, "\n");
		names_free(&links);
	}
	names_free(&nodes);
}

static void dump_zones(struct hm_system *sys, struct hm_buf *out)
{
	struct pglist_data *pgdat;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pgdat->node_zones[zid];

			if (!populated_zone(z) && !z->spanned_pages)
				continue;
			hm_buf_printf(out, "zone %d, %s start_pfn=", nid, zone_names[zid]);
			if (populated_zone(z))
				hm_buf_printf(out, "%lu", z->zone_start_pfn);
			else
				hm_buf_printf(out, "-");
			hm_buf_printf(out, " spanned=%lu present=%lu managed=%lu\n",
				      z->spanned_pages, z->present_pages, z->managed_pages);
		}
	}
}

static void dump_iomem(struct hm_system *sys, struct hm_buf *out)
{
	struct hm_buf iomem;
	regex_t re;
	char *line, *save = NULL;

	hm_buf_init(&iomem);
	sysfs_read(sys, "/proc/iomem", &iomem);
	if (regcomp(&re, "System RAM|Persistent Memory|dax|namespace|virtio[0-9]",
		    REG_EXTENDED | REG_NOSUB)) {
		hm_buf_free(&iomem);
		return;
	}
	for (line = strtok_r(iomem.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (regexec(&re, line, 0, NULL, 0))
			continue;
		while (*line == ' ')
			line++;
		hm_buf_printf(out, "iomem %s\n", line);
	}
	regfree(&re);
	hm_buf_free(&iomem);
}

static void dump_fwmap(struct hm_system *sys, struct hm_buf *out, struct hm_buf *v)
{
	struct names entries;
	char **lines, path[256];
	size_t i;

	list_dir(sys, "/sys/firmware/memmap", "", false, &entries);
	lines = hm_kcalloc(&sys->alloc, entries.n + 1, sizeof(*lines));
	for (i = 0; lines && i < entries.n; i++) {
		struct hm_buf l;

		hm_buf_init(&l);
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/start", entries.v[i]);
		read_value(sys, path, v);
		hm_buf_printf(&l, "fwmap %s", hm_buf_str(v));
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/end", entries.v[i]);
		read_value(sys, path, v);
		hm_buf_printf(&l, " %s", hm_buf_str(v));
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/type", entries.v[i]);
		read_value(sys, path, v);
		hm_buf_printf(&l, " %s", hm_buf_str(v));
		lines[i] = hm_kstrdup(&sys->alloc, hm_buf_str(&l));
		hm_buf_free(&l);
		if (!lines[i])
			break;	/* dump_state answers ENOMEM */
	}
	if (lines && i == entries.n && entries.n) {
		qsort(lines, entries.n, sizeof(*lines), cmp_str);
		for (i = 0; i < entries.n; i++)
			hm_buf_printf(out, "%s\n", lines[i]);
	}
	for (i = 0; lines && i < entries.n; i++)
		hm_kfree(&sys->alloc, lines[i]);
	hm_kfree(&sys->alloc, lines);	/* also when there is no entry (arm64: no firmware memmap) */
	names_free(&entries);
}

static void dump_meminfo(struct hm_system *sys, struct hm_buf *out)
{
	unsigned long kb = PAGE_SIZE / 1024;

	hm_buf_printf(out, "meminfo MemTotal: %lu\n", totalram_pages(sys) * kb);
	hm_buf_printf(out, "meminfo MemFree: %lu\n", global_free_pages(sys) * kb);
}

int dump_state(struct hm_system *sys, struct hm_buf *out)
{
	static const char *const params[] = { "memmap_on_memory", "online_policy",
					      "auto_movable_ratio", "auto_movable_numa_aware" };
	unsigned long null_before = sys->alloc.nr_null;
	struct hm_buf v;
	bool oom;
	char path[256];
	size_t i;

	hm_buf_init(&v);
	read_value(sys, "/sys/devices/system/memory/block_size_bytes", &v);
	hm_buf_printf(out, "block_size_bytes %s\n", hm_buf_str(&v));
	read_value(sys, "/sys/devices/system/memory/auto_online_blocks", &v);
	hm_buf_printf(out, "auto_online_blocks %s\n", hm_buf_str(&v));
	for (i = 0; i < ARRAY_SIZE(params); i++) {
		snprintf(path, sizeof(path), "/sys/module/memory_hotplug/parameters/%s",
			 params[i]);
		read_value(sys, path, &v);
		hm_buf_printf(out, "param %s %s\n", params[i], hm_buf_str(&v));
	}
	dump_blocks(sys, out, &v);
	dump_nodelinks(sys, out);
	dump_zones(sys, out);
	dump_iomem(sys, out);
	dump_fwmap(sys, out, &v);
	dump_meminfo(sys, out);
	oom = v.oom || out->oom;
	hm_buf_free(&v);
	/* a listing or a sysfs read that could not allocate would print a wrong state */
	return sys->alloc.nr_null != null_before || oom ? -ENOMEM : 0;
}

/* "a,b c" -> ["a", "b", "c"]; "none" stays a one-element list */
/*
 * The JSON form of a dump (schema: doc/scenarios.md, --json).  Built from
 * the same sysfs files and kernel structures as the text, with typed
 * values: numbers as JSON integers (addresses and pfns too), flags as
 * booleans, lists as arrays; nothing is parsed back out of the text.
 */
static json_t *json_u64(struct hm_buf *v, int base)
{
	char *end;
	unsigned long long n = strtoull(hm_buf_str(v), &end, base);

	return v->len && !*end ? json_integer((json_int_t)n) : json_null();
}

static json_t *json_words(struct hm_alloc *alloc, const char *s, bool numbers)
{
	json_t *a = json_array();
	char *copy = hm_kstrdup(alloc, s), *w, *save = NULL;

	for (w = copy ? strtok_r(copy, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save))
		json_array_append_new(a, numbers ? json_integer(strtoll(w, NULL, 10)) :
						   json_string(w));
	hm_kfree(alloc, copy);
	return a;
}

static json_t *blocks_json(struct hm_system *sys, struct hm_buf *v)
{
	json_t *blocks = json_array();
	struct names names, nodes;
	char path[256];
	size_t i, j;

	list_dir(sys, "/sys/devices/system/memory", "memory", true, &names);
	for (i = 0; i < names.n; i++) {
		const char *b = names.v[i];
		json_t *o = json_object(), *nids = json_array();

		json_object_set_new(o, "block", json_integer(strtoll(b + 6, NULL, 10)));
#define BLOCK_FILE(file) (snprintf(path, sizeof(path), "/sys/devices/system/memory/%s/%s", b, \
				   file), read_value(sys, path, v), v)
		json_object_set_new(o, "phys_index", json_u64(BLOCK_FILE("phys_index"), 16));
		json_object_set_new(o, "state", json_string(hm_buf_str(BLOCK_FILE("state"))));
		json_object_set_new(o, "online",
				    json_boolean(!strcmp(hm_buf_str(BLOCK_FILE("online")), "1")));
		json_object_set_new(o, "phys_device", json_u64(BLOCK_FILE("phys_device"), 10));
		json_object_set_new(o, "removable",
				    json_boolean(!strcmp(hm_buf_str(BLOCK_FILE("removable")), "1")));
		json_object_set_new(o, "valid_zones",
				    json_words(&sys->alloc, hm_buf_str(BLOCK_FILE("valid_zones")), false));
#undef BLOCK_FILE
		snprintf(path, sizeof(path), "/sys/devices/system/memory/%s", b);
		list_dir(sys, path, "node", false, &nodes);
		for (j = 0; j < nodes.n; j++)
			json_array_append_new(nids, json_integer(strtoll(nodes.v[j] + 4, NULL, 10)));
		names_free(&nodes);
		json_object_set_new(o, "nodes", nids);
		json_array_append_new(blocks, o);
	}
	names_free(&names);
	return blocks;
}

static json_t *nodelinks_json(struct hm_system *sys)
{
	struct names nodes, links;
	json_t *o = json_object();
	char path[256];
	size_t i, j;

	list_dir(sys, "/sys/devices/system/node", "node", false, &nodes);
	for (i = 0; i < nodes.n; i++) {
		json_t *a = json_array();

		snprintf(path, sizeof(path), "/sys/devices/system/node/%s", nodes.v[i]);
		list_dir(sys, path, "memory", true, &links);
		for (j = 0; j < links.n; j++)
			json_array_append_new(a, json_integer(strtoll(links.v[j] + 6, NULL, 10)));
		names_free(&links);
		json_object_set_new(o, nodes.v[i], a);
	}
	names_free(&nodes);
	return o;
}

static json_t *zones_json(struct hm_system *sys)
{
	struct pglist_data *pgdat;
	json_t *zones = json_array();
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pgdat->node_zones[zid];

			if (!populated_zone(z) && !z->spanned_pages)
				continue;
			json_array_append_new(zones, json_pack("{s:i,s:s,s:o,s:I,s:I,s:I}",
				"node", nid, "zone", zone_names[zid], "start_pfn",
				populated_zone(z) ? json_integer((json_int_t)z->zone_start_pfn) :
						    json_null(),
				"spanned", (json_int_t)z->spanned_pages,
				"present", (json_int_t)z->present_pages,
				"managed", (json_int_t)z->managed_pages));
		}
	}
	return zones;
}

/* The /proc/iomem entries the text dump shows, from the resource tree. */
static void iomem_json(const struct resource *r, int level, regex_t *re, json_t *out)
{
	for (; r; r = r->sibling) {
		if (r->name && !regexec(re, r->name, 0, NULL, 0))
			json_array_append_new(out, json_pack("{s:I,s:I,s:s,s:i}",
				"start", (json_int_t)r->start, "end", (json_int_t)r->end,
				"name", r->name, "level", level));
		iomem_json(r->child, level + 1, re, out);
	}
}

static int fwmap_cmp(const void *a, const void *b)
{
	const struct firmware_map_entry *x = *(const struct firmware_map_entry *const *)a;
	const struct firmware_map_entry *y = *(const struct firmware_map_entry *const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static json_t *fwmap_json(struct hm_system *sys)
{
	const struct firmware_map_entry *e, **v;
	json_t *a = json_array();
	size_t n = 0, i;

	for (e = sys->fwmap.entries; e; e = e->next)
		n++;
	v = hm_kcalloc(&sys->alloc, n ? n : 1, sizeof(*v));
	if (!v)
		return a;
	for (n = 0, e = sys->fwmap.entries; e; e = e->next)
		v[n++] = e;
	qsort(v, n, sizeof(*v), fwmap_cmp);
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I,s:I,s:s}", "start", (json_int_t)v[i]->start,
						   "end", (json_int_t)v[i]->end, "type", v[i]->type));
	hm_kfree(&sys->alloc, v);
	return a;
}

json_t *dump_state_json(struct hm_system *sys)
{
	unsigned long kb = PAGE_SIZE / 1024;
	json_t *d = json_object(), *params = json_object(), *iomem = json_array();
	struct hm_buf v;
	regex_t re;

	hm_buf_init(&v);
	read_value(sys, "/sys/devices/system/memory/block_size_bytes", &v);
	json_object_set_new(d, "block_size_bytes", json_u64(&v, 16));
	read_value(sys, "/sys/devices/system/memory/auto_online_blocks", &v);
	json_object_set_new(d, "auto_online_blocks", json_string(hm_buf_str(&v)));
	read_value(sys, "/sys/module/memory_hotplug/parameters/memmap_on_memory", &v);
	json_object_set_new(params, "memmap_on_memory", json_boolean(!strcmp(hm_buf_str(&v), "Y")));
	read_value(sys, "/sys/module/memory_hotplug/parameters/online_policy", &v);
	json_object_set_new(params, "online_policy", json_string(hm_buf_str(&v)));
	read_value(sys, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", &v);
	json_object_set_new(params, "auto_movable_ratio", json_u64(&v, 10));
	read_value(sys, "/sys/module/memory_hotplug/parameters/auto_movable_numa_aware", &v);
	json_object_set_new(params, "auto_movable_numa_aware",
			    json_boolean(!strcmp(hm_buf_str(&v), "Y")));
	json_object_set_new(d, "params", params);
	json_object_set_new(d, "blocks", blocks_json(sys, &v));
	json_object_set_new(d, "nodelinks", nodelinks_json(sys));
	json_object_set_new(d, "zones", zones_json(sys));
	if (!regcomp(&re, "System RAM|Persistent Memory|dax|namespace|virtio[0-9]",
		     REG_EXTENDED | REG_NOSUB)) {
		iomem_json(sys->iomem_resource.child, 0, &re, iomem);
		regfree(&re);
	}
	json_object_set_new(d, "iomem", iomem);
	json_object_set_new(d, "fwmap", fwmap_json(sys));
	/* /proc/meminfo's values and their unit */
	json_object_set_new(d, "meminfo", json_pack("{s:{s:I,s:s},s:{s:I,s:s}}",
		"MemTotal", "value", (json_int_t)(totalram_pages(sys) * kb), "unit", "kB",
		"MemFree", "value", (json_int_t)(global_free_pages(sys) * kb), "unit", "kB"));
	hm_buf_free(&v);
	return d;
}
