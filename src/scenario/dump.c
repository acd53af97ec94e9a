// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - the "dump" step: what the oracle's guest prints from sysfs and
 * procfs (block files, node links, /proc/zoneinfo, /proc/iomem, the
 * firmware map, /proc/meminfo), read here through the same sysfs layer.
 */
#include <jansson.h>
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

struct names {
	char **v;
	size_t n, cap;
	const char *prefix;
};

static int collect(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct names *ns = arg;

	if (strncmp(name, ns->prefix, strlen(ns->prefix)) ||
	    name[strlen(ns->prefix)] < '0' || name[strlen(ns->prefix)] > '9')
		return 0;
	if (ns->n == ns->cap) {
		char **v = realloc(ns->v, (ns->cap = ns->cap ? ns->cap * 2 : 16) * sizeof(*v));

		if (!v)
			return -1;
		ns->v = v;
	}
	ns->v[ns->n++] = strdup(name);
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
	sysfs_readdir(sys, dir, collect, ns);
	if (ns->n)	/* qsort(NULL, 0) is undefined */
		qsort(ns->v, ns->n, sizeof(*ns->v), numeric ? cmp_num_suffix : cmp_str);
}

static void names_free(struct names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
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
	lines = calloc(entries.n + 1, sizeof(*lines));
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
		lines[i] = l.data ? l.data : strdup("");
	}
	if (lines && entries.n) {
		qsort(lines, entries.n, sizeof(*lines), cmp_str);
		for (i = 0; i < entries.n; i++) {
			hm_buf_printf(out, "%s\n", lines[i]);
			free(lines[i]);
		}
	}
	free(lines);	/* also when there is no entry (arm64: no firmware memmap) */
	names_free(&entries);
}

static void dump_meminfo(struct hm_system *sys, struct hm_buf *out)
{
	unsigned long kb = PAGE_SIZE / 1024;

	hm_buf_printf(out, "meminfo MemTotal: %lu\n", totalram_pages(sys) * kb);
	hm_buf_printf(out, "meminfo MemFree: %lu\n", global_free_pages(sys) * kb);
}

void dump_state(struct hm_system *sys, struct hm_buf *out)
{
	static const char *const params[] = { "memmap_on_memory", "online_policy",
					      "auto_movable_ratio", "auto_movable_numa_aware" };
	struct hm_buf v;
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
	hm_buf_free(&v);
}

/* "a,b c" -> ["a", "b", "c"]; "none" stays a one-element list */
static json_t *split_list(const char *s, const char *seps, bool numbers)
{
	json_t *a = json_array();
	char *copy = strdup(s), *tok, *save = NULL;

	for (tok = copy ? strtok_r(copy, seps, &save) : NULL; tok;
	     tok = strtok_r(NULL, seps, &save))
		json_array_append_new(a, numbers ? json_integer(strtol(tok, NULL, 10)) :
					  json_string(tok));
	free(copy);
	return a;
}

static json_t *parse_block(char *line)
{
	json_t *b = json_object();
	char *tok, *save = NULL;

	tok = strtok_r(line + 6, " ", &save);
	json_object_set_new(b, "id", json_integer(strtol(tok, NULL, 10)));
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq = '\0';
		if (!strcmp(tok, "valid_zones"))
			json_object_set_new(b, tok, split_list(eq + 1, ",", false));
		else if (!strcmp(tok, "online") || !strcmp(tok, "phys_device") ||
			 !strcmp(tok, "removable"))
			json_object_set_new(b, tok, json_integer(strtol(eq + 1, NULL, 10)));
		else if (strcmp(tok, "nodes"))
			json_object_set_new(b, tok, json_string(eq + 1));
		if (!strcmp(tok, "nodes")) {
			/* "nodes=N1 N2": the last field, its ids separated by spaces */
			json_t *nodes = split_list(eq + 1, " ", true);

			while ((tok = strtok_r(NULL, " ", &save)))
				json_array_append_new(nodes, json_integer(strtol(tok, NULL, 10)));
			json_object_set_new(b, "nodes", nodes);
		}
	}
	return b;
}

json_t *dump_state_json(struct hm_system *sys)
{
	json_t *d = json_object(), *params = json_object(), *blocks = json_array();
	json_t *links = json_object(), *zones = json_array(), *iomem = json_array();
	json_t *fwmap = json_array(), *meminfo = json_object();
	struct hm_buf text;
	char *line, *save = NULL;

	hm_buf_init(&text);
	dump_state(sys, &text);
	for (line = strtok_r(text.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[64], b[64], c[128];
		long long n1, n2, n3;
		int nid;

		if (!strncmp(line, "block_size_bytes ", 17)) {
			json_object_set_new(d, "block_size_bytes", json_string(line + 17));
		} else if (!strncmp(line, "auto_online_blocks ", 19)) {
			json_object_set_new(d, "auto_online_blocks", json_string(line + 19));
		} else if (sscanf(line, "param %63s %63s", a, b) == 2) {
			json_object_set_new(params, a, json_string(b));
		} else if (!strncmp(line, "block ", 6)) {
			json_array_append_new(blocks, parse_block(line));
		} else if (sscanf(line, "nodelinks %63s", a) == 1) {
			json_object_set_new(links, a, split_list(line + 10 + strlen(a), " ", true));
		} else if (sscanf(line, "zone %d, %63s start_pfn=%63s spanned=%lld present=%lld "
				  "managed=%lld", &nid, a, b, &n1, &n2, &n3) == 6) {
			json_array_append_new(zones, json_pack("{s:i,s:s,s:o,s:I,s:I,s:I}", "node",
				nid, "zone", a, "start_pfn",
				strcmp(b, "-") ? json_integer(strtoll(b, NULL, 10)) : json_null(),
				"spanned", (json_int_t)n1, "present", (json_int_t)n2,
				"managed", (json_int_t)n3));
		} else if (sscanf(line, "iomem %63[0-9a-f]-%63[0-9a-f] : %127[^\n]", a, b, c) == 3) {
			json_array_append_new(iomem, json_pack("{s:s,s:s,s:s}", "start", a, "end", b,
							       "name", c));
		} else if (sscanf(line, "fwmap %63s %63s %127[^\n]", a, b, c) == 3) {
			json_array_append_new(fwmap, json_pack("{s:s,s:s,s:s}", "start", a, "end", b,
							       "type", c));
		} else if (sscanf(line, "meminfo %63[^:]: %lld", a, &n1) == 2) {
			json_object_set_new(meminfo, a, json_integer((json_int_t)n1));
		}
	}
	hm_buf_free(&text);
	json_object_set_new(d, "params", params);
	json_object_set_new(d, "blocks", blocks);
	json_object_set_new(d, "nodelinks", links);
	json_object_set_new(d, "zones", zones);
	json_object_set_new(d, "iomem", iomem);
	json_object_set_new(d, "fwmap", fwmap);
	json_object_set_new(d, "meminfo", meminfo);
	return d;
}
