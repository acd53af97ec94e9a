// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - one resolver for the emulated /sys and /proc (fs/sysfs,
 * fs/namei.c's walk, much reduced), and the skeleton of directories that
 * links each owner's directory kinds together (see sysfs.h).
 *
 * A path is walked a component at a time from the root: each component is
 * looked up in the directory instance reached so far, among its
 * attributes, its fixed children and its numbered entries.  A symlink met
 * inside the path (or at its end, for read, write and readdir) is replaced
 * by its target, relative to the directory that holds it, and the walk
 * starts again, at most SYSFS_MAX_LINKS times (-ELOOP), as the VFS does.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "hotmem/bus.h"
#include "hotmem/cpu.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

#define SYSFS_MAX_COMPS 16
#define SYSFS_PATH_MAX 512
#define SYSFS_MAX_LINKS 8	/* the VFS allows 40; no chain here is longer than 1 */

typedef int (*list_fn)(const char *name, const struct sysfs_stat *st, void *arg);

/* What a path resolved to: a directory instance, a file, or a link. */
struct snode {
	struct sysfs_stat st;
	const struct sysfs_dir *dir;	/* SYSFS_DIR */
	const struct sysfs_attr *attr;	/* SYSFS_FILE */
	long id;			/* the instance's number (see sysfs.h) */
};

/* ------------------------------------------------------------- skeleton */

/* /sys/firmware/memmap/N: firmware_memmap.c takes only its own struct */
static int fwmap_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	const struct firmware_map_entry *e = firmware_map_find_nr(&sys->fwmap,
								  (unsigned long)id);

	switch (attr->arg) {
	case 0:
		hm_buf_printf(out, "0x%llx\n", (unsigned long long)e->end);
		break;
	case 1:
		hm_buf_printf(out, "0x%llx\n", (unsigned long long)e->start);
		break;
	default:
		hm_buf_printf(out, "%s\n", e->type);
		break;
	}
	return 0;
}

static long fwmap_next(struct hm_system *sys, long parent, long from)
{
	const struct firmware_map_entry *e;
	long best = -1;

	for (e = sys->fwmap.entries; e; e = e->next)
		if ((long)e->nr >= from && (best < 0 || (long)e->nr < best))
			best = (long)e->nr;
	return best;
}

static const struct sysfs_attr fwmap_entry_attrs[] = {
	{ .name = "end", .mode = 0444, .show = fwmap_show, .arg = 0 },
	{ .name = "start", .mode = 0444, .show = fwmap_show, .arg = 1 },
	{ .name = "type", .mode = 0444, .show = fwmap_show, .arg = 2 },
	{ NULL }
};
static const struct sysfs_attr *const fwmap_entry_groups[] = { fwmap_entry_attrs, NULL };
static const struct sysfs_dir fwmap_entry_dir = { .groups = fwmap_entry_groups };
static const struct sysfs_numbered fwmap_entries[] = {
	{ "", fwmap_next, .dir = &fwmap_entry_dir },
	{ NULL }
};

/* /proc/iomem: resource.c takes only its own struct */
static int iomem_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	resource_print_iomem(&sys->iomem_resource, out);
	return 0;
}

static const struct sysfs_attr proc_iomem_attrs[] = {
	SYSFS_ATTR_RO(iomem),
	{ NULL }
};

static const struct sysfs_attr *const proc_groups[] = { proc_iomem_attrs, mmzone_proc_attrs,
							NULL };
static const struct sysfs_dir proc_dir = { .groups = proc_groups };

/*
 * /sys/kernel/debug/memblock/{memory,reserved}: there only with
 * CONFIG_ARCH_KEEP_MEMBLOCK (arm64); on x86 the directory does not exist.
 */
static bool memblock_debug_visible(const struct hm_system *sys)
{
	return sys->arch.keep_memblock;
}

/* /sys/firmware/memmap: CONFIG_FIRMWARE_MEMMAP, x86 only. */
static bool fwmap_visible(const struct hm_system *sys)
{
	return arch_has_firmware_memmap(sys->arch.kind);
}

static int memblock_debug_show_attr(struct hm_system *sys, long id,
				    const struct sysfs_attr *attr, struct hm_buf *out)
{
	memblock_debug_show(attr->arg ? &sys->memblock.reserved : &sys->memblock.memory, out);
	return 0;
}

static const struct sysfs_attr memblock_debug_attrs[] = {
	{ .name = "memory", .mode = 0444, .show = memblock_debug_show_attr, .arg = 0 },
	{ .name = "reserved", .mode = 0444, .show = memblock_debug_show_attr, .arg = 1 },
	{ NULL }
};

static const struct sysfs_attr *const memblock_debug_groups[] = { memblock_debug_attrs, NULL };
static const struct sysfs_dir memblock_debug_dir = { .groups = memblock_debug_groups,
						     .visible = memblock_debug_visible };
static const struct sysfs_dir fwmap_dir = { .numbered = fwmap_entries, .visible = fwmap_visible };

#define DIR_OF(...) (&(const struct sysfs_dir){ .children = (const struct sysfs_child[]){ \
	__VA_ARGS__, { NULL } } })

/* The tree above the owners' kinds: one line per directory. */
static const struct sysfs_dir root_dir = {
	.children = (const struct sysfs_child[]){
		{ "proc", &proc_dir },
		{ "sys", DIR_OF(
			{ "bus", &bus_root_dir },
			{ "class", DIR_OF({ "nd", &nd_class_dir }) },
			{ "dev", DIR_OF({ "block", &nd_sys_dev_block_dir },
					{ "char", &nd_sys_dev_char_dir }) },
			{ "devices", DIR_OF(
				{ "LNXSYSTM:00", DIR_OF({ "LNXSYBUS:00", DIR_OF(
					{ "ACPI0012:00", &acpi_nfit_dev_dir }) }) },
				{ "system", DIR_OF({ "cpu", &cpu_subsys_dir },
						   { "memory", &memory_subsys_dir },
						   { "node", &node_subsys_dir }) }) },
			{ "firmware", DIR_OF({ "memmap", &fwmap_dir }) },
			{ "kernel", DIR_OF(
				{ "debug", DIR_OF(
					{ "memblock", &memblock_debug_dir },
					{ "notifier-error-inject", DIR_OF(
						{ "memory", &memory_notifier_inject_dir }) }) }) },
			{ "module", DIR_OF(
				{ "memory_hotplug", DIR_OF(
					{ "parameters", &memory_hotplug_params_dir }) }) }) },
		{ NULL }
	},
};

/* ------------------------------------------------------------- resolution */

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

/* "prefixA.B" (both as parse_indexed takes them, B < SYSFS_DOTTED): A * SYSFS_DOTTED + B, or -1. */
static long parse_dotted(const char *comp, const char *prefix)
{
	char head[64];
	const char *dot = strchr(comp + strlen(prefix), '.');
	long a, b;

	if (!dot || (size_t)(dot - comp) >= sizeof(head))
		return -1;
	memcpy(head, comp, (size_t)(dot - comp));
	head[dot - comp] = '\0';
	a = parse_indexed(head, prefix);
	b = parse_indexed(dot + 1, "");
	if (a < 0 || b < 0 || b >= SYSFS_DOTTED || a > LONG_MAX / SYSFS_DOTTED - 1)
		return -1;
	return a * SYSFS_DOTTED + b;
}

/* A numbered entry's name for N. */
static void numbered_name(struct hm_system *sys, const struct sysfs_numbered *num, long v,
			  char *buf, size_t size)
{
	if (num->name_get)
		num->name_get(sys, v, buf, size);
	else if (num->dotted)
		snprintf(buf, size, "%s%ld.%ld", num->prefix, v / SYSFS_DOTTED, v % SYSFS_DOTTED);
	else
		snprintf(buf, size, "%s%ld", num->prefix, v);
}

/* A numbered link's target for N: 0, or -ENOENT where it has none. */
static int numbered_target(struct hm_system *sys, const struct sysfs_numbered *num, long v,
			   char *buf, size_t size)
{
	if (num->link_get)
		return num->link_get(sys, v, buf, size);
	snprintf(buf, size, num->link, v);
	return 0;
}

static void make_dir(struct snode *n, const struct sysfs_dir *dir, long id)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_DIR;
	n->st.mode = 0755;
	n->dir = dir;
	n->id = id;
}

static void make_file(struct snode *n, const struct sysfs_attr *attr, long id)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_FILE;
	n->st.mode = attr->mode;
	n->attr = attr;
	n->id = id;
}

static void make_link(struct snode *n, const char *fmt, long v)
{
	memset(n, 0, sizeof(*n));
	n->st.kind = SYSFS_LINK;
	n->st.mode = 0777;
	snprintf(n->st.target, sizeof(n->st.target), fmt, v);
}

/* A fixed link's target for instance id: 0, or -ENOENT when it has none. */
static int link_target(struct hm_system *sys, const struct sysfs_link *l, long id, char *buf,
		       size_t size)
{
	if (l->get)
		return l->get(sys, id, buf, size);
	snprintf(buf, size, l->target, id);
	return 0;
}

/* The entry name of the directory instance dir/id; 0 or -ENOENT. */
static int lookup(struct hm_system *sys, const struct sysfs_dir *dir, long id,
		  const char *name, struct snode *out)
{
	const struct sysfs_attr *const *g;
	const struct sysfs_attr *a;
	const struct sysfs_child *c;
	const struct sysfs_numbered *num;
	const struct sysfs_link *l;

	for (g = dir->groups; g && *g; g++)
		for (a = *g; a->name; a++)
			if (!strcmp(a->name, name) && (!a->visible || a->visible(sys, id, a))) {
				make_file(out, a, id);
				return 0;
			}
	for (l = dir->links; l && l->name; l++) {
		char target[sizeof(out->st.target)];

		if (strcmp(l->name, name) || link_target(sys, l, id, target, sizeof(target)))
			continue;
		make_link(out, "", 0);
		snprintf(out->st.target, sizeof(out->st.target), "%s", target);
		return 0;
	}
	for (c = dir->children; c && c->name; c++)
		if (!strcmp(c->name, name) && (!c->dir->visible || c->dir->visible(sys))) {
			make_dir(out, c->dir, id);
			return 0;
		}
	for (num = dir->numbered; num && num->prefix; num++) {
		long v = num->dotted ? parse_dotted(name, num->prefix) :
				       parse_indexed(name, num->prefix);
		char target[sizeof(out->st.target)];

		if (num->name_get)	/* names not of the prefix<N> form: compare each */
			for (v = num->next(sys, id, 0); v >= 0; v = num->next(sys, id, v + 1)) {
				numbered_name(sys, num, v, target, sizeof(target));
				if (!strcmp(target, name))
					break;
			}

		if (v < 0 || num->next(sys, id, v) != v)
			continue;
		if (num->dir) {
			make_dir(out, num->dir, v);
		} else {
			if (numbered_target(sys, num, v, target, sizeof(target)))
				continue;
			make_link(out, "", 0);
			snprintf(out->st.target, sizeof(out->st.target), "%s", target);
		}
		if (num->dir && num->serial)
			out->st.serial = num->serial(sys, v);
		return 0;
	}
	return -ENOENT;
}

/* Splits buf in place into its components ("." dropped); the count or -ENOENT. */
static int split_path(char *buf, char **comps)
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (n == SYSFS_MAX_COMPS || !strcmp(tok, ".."))
			return -ENOENT;
		comps[n++] = tok;
	}
	return n;
}

/*
 * The path that replaces c[0..n) when c[i] is a link to target: the
 * directory holding the link, the target's components (".." going up),
 * then c[i+1..n).  0 or -ENOENT.
 */
static int splice_link(char *const *c, int n, int i, const char *target, char *out)
{
	char *stack[SYSFS_MAX_COMPS * 2], tbuf[sizeof(((struct sysfs_stat *)0)->target)];
	char *save, *tok;
	size_t len = 0;
	int depth = 0, k;

	for (k = 0; k < i; k++)
		stack[depth++] = c[k];
	snprintf(tbuf, sizeof(tbuf), "%s", target);
	for (tok = strtok_r(tbuf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (!depth)
				return -ENOENT;
			depth--;
			continue;
		}
		if (depth == SYSFS_MAX_COMPS * 2)
			return -ENOENT;
		stack[depth++] = tok;
	}
	for (k = i + 1; k < n && depth < SYSFS_MAX_COMPS * 2; k++)
		stack[depth++] = c[k];
	out[0] = '\0';
	for (k = 0; k < depth; k++) {
		int w = snprintf(out + len, SYSFS_PATH_MAX - len, "/%s", stack[k]);

		if (w < 0 || (size_t)w >= SYSFS_PATH_MAX - len)
			return -ENOENT;
		len += (size_t)w;
	}
	return 0;
}

/*
 * Resolves an absolute path.  Links inside it are followed; a link in the
 * last component only if follow.  0, -ENOENT, -ELOOP.
 */
static int resolve(struct hm_system *sys, const char *path, bool follow, struct snode *out)
{
	char buf[SYSFS_PATH_MAX], next[SYSFS_PATH_MAX], *c[SYSFS_MAX_COMPS];
	int n, i, ret, links = 0;
	struct snode node;

	if (path[0] != '/' || strlen(path) >= sizeof(buf))
		return -ENOENT;
	strcpy(buf, path);
again:
	n = split_path(buf, c);
	if (n < 0)
		return n;
	make_dir(&node, &root_dir, 0);
	for (i = 0; i < n; i++) {
		uint64_t serial = node.st.serial;

		if (node.st.kind != SYSFS_DIR)
			return -ENOENT;
		ret = lookup(sys, node.dir, node.id, c[i], &node);
		if (ret)
			return ret;
		if (!node.st.serial)	/* what lies in an instance is that instance's */
			node.st.serial = serial;
		if (node.st.kind == SYSFS_LINK && (i + 1 < n || follow)) {
			if (++links > SYSFS_MAX_LINKS)
				return -ELOOP;
			ret = splice_link(c, n, i, node.st.target, next);
			if (ret)
				return ret;
			strcpy(buf, next);
			goto again;
		}
	}
	*out = node;
	return 0;
}

static int emit(list_fn fn, void *arg, const char *name, enum sysfs_kind kind, unsigned int mode,
		const char *target)
{
	struct sysfs_stat st = { .kind = kind, .mode = mode };

	if (target)
		snprintf(st.target, sizeof(st.target), "%s", target);
	return fn(name, &st, arg);
}

/* Lists a directory instance: attributes, fixed children, numbered entries. */
static int list_dir(struct hm_system *sys, const struct snode *n, list_fn fn, void *arg)
{
	const struct sysfs_attr *const *g;
	const struct sysfs_attr *a;
	const struct sysfs_child *c;
	const struct sysfs_numbered *num;
	const struct sysfs_link *l;
	char name[64], target[sizeof(((struct sysfs_stat *)0)->target)];
	int ret;

	for (g = n->dir->groups; g && *g; g++)
		for (a = *g; a->name; a++) {
			if (a->visible && !a->visible(sys, n->id, a))
				continue;
			ret = emit(fn, arg, a->name, SYSFS_FILE, a->mode, NULL);
			if (ret)
				return ret;
		}
	for (l = n->dir->links; l && l->name; l++) {
		if (link_target(sys, l, n->id, target, sizeof(target)))
			continue;
		ret = emit(fn, arg, l->name, SYSFS_LINK, 0777, target);
		if (ret)
			return ret;
	}
	for (c = n->dir->children; c && c->name; c++) {
		if (c->dir->visible && !c->dir->visible(sys))
			continue;
		ret = emit(fn, arg, c->name, SYSFS_DIR, 0755, NULL);
		if (ret)
			return ret;
	}
	for (num = n->dir->numbered; num && num->prefix; num++) {
		long v;

		for (v = num->next(sys, n->id, 0); v >= 0; v = num->next(sys, n->id, v + 1)) {
			numbered_name(sys, num, v, name, sizeof(name));
			if (num->dir) {
				ret = emit(fn, arg, name, SYSFS_DIR, 0755, NULL);
			} else {
				if (numbered_target(sys, num, v, target, sizeof(target)))
					continue;
				ret = emit(fn, arg, name, SYSFS_LINK, 0777, target);
			}
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- the API */

int sysfs_stat(struct hm_system *sys, const char *path, struct sysfs_stat *st)
{
	struct snode n;
	int ret = resolve(sys, path, false, &n);

	if (!ret)
		*st = n.st;
	return ret;
}

int sysfs_read(struct hm_system *sys, const char *path, struct hm_buf *out)
{
	struct snode n;
	int ret = resolve(sys, path, true, &n);

	if (ret)
		return ret;
	if (n.st.kind != SYSFS_FILE)
		return -EISDIR;
	if (!n.attr->show)
		return -EACCES;
	return n.attr->show(sys, n.id, n.attr, out);
}

int sysfs_write(struct hm_system *sys, const char *path, const char *buf, size_t len)
{
	struct snode n;
	char *copy;
	int ret = resolve(sys, path, true, &n);

	if (ret)
		return ret;
	if (n.st.kind != SYSFS_FILE)
		return -EISDIR;
	if (!n.attr->store)
		return -EACCES;
	copy = hm_kmalloc(&sys->alloc, len + 1);	/* the kernel's memdup_user_nul */
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	ret = n.attr->store(sys, n.id, n.attr, copy);
	hm_kfree(&sys->alloc, copy);
	return ret;
}

/* kernfs_name_hash (fs/kernfs/dir.c): full_name_hash's step, hash_long's fold, 2..INT_MAX-1 */
unsigned int kernfs_name_hash(const char *name)
{
	uint64_t hash = 0;
	unsigned int h;

	for (; *name; name++)
		hash = (hash + ((uint64_t)(unsigned char)*name << 4) +
			((unsigned char)*name >> 4)) * 11;
	h = (unsigned int)((hash * 0x61C8864680B583EBULL) >> 32);
	h &= 0x7fffffffU;
	if (h < 2)
		h += 2;
	if (h >= 0x7fffffffU)
		h = 0x7fffffffU - 1;
	return h;
}

int sysfs_readdir(struct hm_system *sys, const char *path, list_fn fn, void *arg)
{
	struct snode n;
	int ret = resolve(sys, path, true, &n);

	if (ret)
		return ret;
	if (n.st.kind != SYSFS_DIR)
		return -ENOTDIR;
	return list_dir(sys, &n, fn, arg);
}

/*
 * The export, in two halves: a snapshot of the tree taken under the
 * machine's lock (nothing but memory), then written out with no lock held,
 * so that a directory anywhere, even inside the live mount, cannot wait for
 * the machine.  One record an entry in a buffer: kind, mode, the path, the
 * payload's length, the payload (a file's content or a link's target).
 */
struct snap_rec {
	unsigned char kind;
	unsigned int mode;
	uint64_t time;		/* kernfs times an inode by its creation: the machine's boot */
	size_t path_len, payload_len;
};

struct snapshot_ctx {
	struct hm_system *sys;
	struct hm_buf *snap;
	const char *dir;	/* the emulated directory being listed */
};

static int snapshot_dir(struct hm_system *sys, struct hm_buf *snap, const char *dir);

static void snap_add(struct hm_system *sys, struct hm_buf *snap, enum sysfs_kind kind,
		     unsigned int mode, const char *path, const char *payload, size_t len)
{
	struct snap_rec r = { .kind = (unsigned char)kind, .mode = mode,
			      .time = (uint64_t)sys->boot_time,
			      .path_len = strlen(path), .payload_len = len };

	hm_buf_append(snap, (const char *)&r, sizeof(r));
	hm_buf_append(snap, path, r.path_len);
	if (len)
		hm_buf_append(snap, payload, len);
}

static int snapshot_entry(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct snapshot_ctx *ctx = arg;
	struct hm_buf content;
	char epath[512];
	int ret;

	snprintf(epath, sizeof(epath), "%s/%s", strcmp(ctx->dir, "/") ? ctx->dir : "", name);
	switch (st->kind) {
	case SYSFS_DIR:
		snap_add(ctx->sys, ctx->snap, SYSFS_DIR, 0755, epath, NULL, 0);
		return snapshot_dir(ctx->sys, ctx->snap, epath);
	case SYSFS_LINK:
		snap_add(ctx->sys, ctx->snap, SYSFS_LINK, 0777, epath, st->target, strlen(st->target));
		return 0;
	case SYSFS_FILE:
		hm_buf_init(&content);
		ret = sysfs_read(ctx->sys, epath, &content);	/* a file that fails reads empty */
		snap_add(ctx->sys, ctx->snap, SYSFS_FILE, st->mode, epath, ret ? NULL : content.data,
			 ret ? 0 : content.len);
		hm_buf_free(&content);
		return 0;
	}
	return 0;
}

static int snapshot_dir(struct hm_system *sys, struct hm_buf *snap, const char *dir)
{
	struct snapshot_ctx ctx = { .sys = sys, .snap = snap, .dir = dir };

	return sysfs_readdir(sys, dir, snapshot_entry, &ctx);
}

int sysfs_snapshot(struct hm_system *sys, struct hm_buf *snap)
{
	int ret = snapshot_dir(sys, snap, "/");

	return ret ? ret : snap->oom ? -ENOMEM : 0;
}

/* The host path of the record at off: 0, or -ENAMETOOLONG. */
static int snap_host_path(const struct hm_buf *snap, size_t off, const char *dir, char *hpath,
			  size_t size, struct snap_rec *r)
{
	memcpy(r, snap->data + off, sizeof(*r));
	return snprintf(hpath, size, "%s%.*s", dir, (int)r->path_len,
			snap->data + off + sizeof(*r)) >= (int)size ? -ENAMETOOLONG : 0;
}

static void snap_times(const char *hpath, const struct snap_rec *r)
{
	struct timespec t[2] = { { .tv_sec = (time_t)r->time }, { .tv_sec = (time_t)r->time } };

	utimensat(AT_FDCWD, hpath, t, AT_SYMLINK_NOFOLLOW);
}

int sysfs_snapshot_write(const struct hm_buf *snap, const char *dir)
{
	char hpath[1024], target[1024];
	size_t off = 0, *dirs = NULL, nr_dirs = 0, cap = 0;
	int ret = 0;

	while (off + sizeof(struct snap_rec) <= snap->len) {
		struct snap_rec r;
		const char *payload;
		FILE *f;
		size_t at = off;

		ret = snap_host_path(snap, off, dir, hpath, sizeof(hpath), &r);
		payload = snap->data + off + sizeof(r) + r.path_len;
		off += sizeof(r) + r.path_len + r.payload_len;
		if (ret)
			break;
		switch (r.kind) {
		case SYSFS_DIR:
			if (mkdir(hpath, r.mode) && errno != EEXIST) {
				ret = -errno;
				break;
			}
			if (nr_dirs == cap) {
				size_t *d = realloc(dirs, (cap = cap ? cap * 2 : 64) * sizeof(*d));

				if (!d) {
					ret = -ENOMEM;
					break;
				}
				dirs = d;
			}
			dirs[nr_dirs++] = at;
			break;
		case SYSFS_LINK:
			snprintf(target, sizeof(target), "%.*s", (int)r.payload_len, payload);
			if (symlink(target, hpath)) {
				ret = -errno;
				break;
			}
			snap_times(hpath, &r);
			break;
		case SYSFS_FILE:
			f = fopen(hpath, "w");
			if (!f) {
				ret = -errno;
				break;
			}
			if (r.payload_len)
				fwrite(payload, 1, r.payload_len, f);
			if (fclose(f)) {
				ret = -errno;
				break;
			}
			chmod(hpath, r.mode);
			snap_times(hpath, &r);
			break;
		}
		if (ret)
			break;
	}
	/* a directory's time after its entries, which touch it: the deepest first */
	while (!ret && nr_dirs--) {
		struct snap_rec r;

		if (!snap_host_path(snap, dirs[nr_dirs], dir, hpath, sizeof(hpath), &r))
			snap_times(hpath, &r);
	}
	free(dirs);
	return ret;
}

int sysfs_export(struct hm_system *sys, const char *dir)
{
	struct hm_buf snap;
	int ret;

	hm_buf_init(&snap);
	ret = sysfs_snapshot(sys, &snap);
	if (!ret)
		ret = sysfs_snapshot_write(&snap, dir);
	hm_buf_free(&snap);
	return ret;
}
