// SPDX-License-Identifier: GPL-2.0
/*
 * tree.c - the "tree" step (tests/conformance/FORMAT.md): every entry under
 * each path, as the oracle's guest lists the real kernel's with
 * `find "$(readlink -f PATH)" -mindepth 1 | LC_ALL=C sort`, `stat -c %a`
 * and `cat`:
 *
 *	@ PATH
 *	d REL			a directory
 *	l REL -> TARGET		a symlink, not followed
 *	f REL MODE		a file, MODE in octal; when any of its read bits
 *	  line			is set its lines follow, indented, trailing
 *	  ! unreadable		newlines dropped as $(cat) drops them; or this
 *				when the read fails (a show's error)
 *
 * The entries are gathered breadth first through sysfs_readdir (which
 * follows a PATH that is a link, as readlink -f does), then sorted by
 * their path relative to PATH, bytewise.  A PATH that is missing or a file
 * lists nothing, as find prints nothing below it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/system.h"
#include "hotmem/sysfs.h"
#include "scenario/tool.h"
#include "scenario/tree.h"

#define TREE_PATH_MAX 512
#define TREE_MAX_PATHS 64

struct tree_entry {
	char *rel;			/* the path relative to PATH */
	struct sysfs_stat st;
};

struct tree_walk {
	struct hm_system *sys;
	const char *root;		/* PATH as written */
	struct tree_entry *v;
	size_t nr, cap;
	const char *dir;		/* the relative directory being listed ("" for PATH) */
	int err;
};

static void tree_walk_free(struct tree_walk *w)
{
	size_t i;

	for (i = 0; i < w->nr; i++)
		hm_kfree(&w->sys->alloc, w->v[i].rel);
	hm_kfree(&w->sys->alloc, w->v);
	w->v = NULL;
	w->nr = w->cap = 0;
}

static int tree_add(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct tree_walk *w = arg;
	size_t len = strlen(w->dir) + strlen(name) + 2;
	char *rel;

	if (w->nr == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct tree_entry *v = hm_krealloc(&w->sys->alloc, w->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	rel = hm_kmalloc(&w->sys->alloc, len);
	if (!rel)
		return -ENOMEM;
	if (*w->dir)
		snprintf(rel, len, "%s/%s", w->dir, name);
	else
		snprintf(rel, len, "%s", name);
	w->v[w->nr].rel = rel;
	w->v[w->nr].st = *st;
	w->nr++;
	return 0;
}

static int tree_cmp(const void *a, const void *b)
{
	const struct tree_entry *x = a, *y = b;

	return strcmp(x->rel, y->rel);	/* bytewise: LC_ALL=C sort */
}

/* PATH + "/" + rel, or "" if it does not fit. */
static void tree_join(char *buf, const char *root, const char *rel)
{
	int n = snprintf(buf, TREE_PATH_MAX, "%s%s%s", root, *rel ? "/" : "", rel);

	if (n < 0 || n >= TREE_PATH_MAX)
		buf[0] = '\0';
}

/*
 * Gathers every entry below root into w, sorted: 0 or -ENOMEM.  A root
 * that is missing or not a directory has none.
 */
static int tree_collect(struct hm_system *sys, const char *root, struct tree_walk *w)
{
	char path[TREE_PATH_MAX];
	size_t i;
	int ret;

	memset(w, 0, sizeof(*w));
	w->sys = sys;
	w->root = root;
	w->dir = "";
	ret = sysfs_readdir(sys, root, tree_add, w);
	if (ret && ret != -ENOMEM)
		ret = 0;	/* find: nothing below a file or a missing path */
	for (i = 0; !ret && i < w->nr; i++) {
		if (w->v[i].st.kind != SYSFS_DIR)
			continue;
		tree_join(path, root, w->v[i].rel);
		w->dir = w->v[i].rel;
		ret = *path ? sysfs_readdir(sys, path, tree_add, w) : 0;
		if (ret && ret != -ENOMEM)
			ret = 0;
	}
	if (ret) {
		tree_walk_free(w);
		return ret;
	}
	if (w->nr)	/* an empty walk has no array: qsort takes none */
		qsort(w->v, w->nr, sizeof(*w->v), tree_cmp);
	return 0;
}

/* Whether `case $(stat -c %a) in *[4567]*` lets the oracle cat the file. */
static bool tree_readable(unsigned int mode)
{
	return mode & 0444;
}

/*
 * A readable file's content as $(cat) gives it (trailing newlines dropped)
 * into content: 0, or the read's error.
 */
static int tree_read(struct hm_system *sys, const char *root, const char *rel,
		     struct hm_buf *content)
{
	char path[TREE_PATH_MAX];
	int ret;

	tree_join(path, root, rel);
	ret = *path ? sysfs_read(sys, path, content) : -ENAMETOOLONG;
	if (ret)
		return ret;
	while (content->len && content->data[content->len - 1] == '\n')
		content->data[--content->len] = '\0';
	return 0;
}

/* The paths of args, split at blanks (at most TREE_MAX_PATHS). */
static int tree_paths(const char *args, char **paths, char *buf, size_t bufsz)
{
	return tool_split_args(args, paths, TREE_MAX_PATHS, buf, bufsz);
}

const char *scenario_tree_check(const char *args)
{
	char buf[4096], *paths[TREE_MAX_PATHS];
	int n = tree_paths(args, paths, buf, sizeof(buf)), i;

	if (n < 0)
		return "too many paths";
	if (!n)
		return "'tree' needs a path";
	for (i = 0; i < n; i++)
		if (paths[i][0] != '/')
			return "needs absolute paths";
	return NULL;
}

static void tree_print(struct hm_system *sys, const struct tree_walk *w, struct hm_buf *out)
{
	struct hm_buf content;
	size_t i;

	hm_buf_init(&content);
	for (i = 0; i < w->nr; i++) {
		const struct tree_entry *e = &w->v[i];
		const char *p, *nl;

		switch (e->st.kind) {
		case SYSFS_DIR:
			hm_buf_printf(out, "d %s\n", e->rel);
			continue;
		case SYSFS_LINK:
			hm_buf_printf(out, "l %s -> %s\n", e->rel, e->st.target);
			continue;
		case SYSFS_FILE:
			break;
		}
		hm_buf_printf(out, "f %s %o\n", e->rel, e->st.mode);
		if (!tree_readable(e->st.mode))
			continue;
		hm_buf_reset(&content);
		if (tree_read(sys, w->root, e->rel, &content)) {
			hm_buf_printf(out, "  ! unreadable\n");
			continue;
		}
		for (p = hm_buf_str(&content); *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl) {
				hm_buf_printf(out, "  %s\n", p);
				break;
			}
			hm_buf_printf(out, "  %.*s\n", (int)(nl - p), p);
		}
	}
	hm_buf_free(&content);
}

int scenario_tree(struct hm_system *sys, const char *args, struct hm_buf *out)
{
	char buf[4096], *paths[TREE_MAX_PATHS];
	struct tree_walk w;
	size_t start = out->len;
	int n = tree_paths(args, paths, buf, sizeof(buf)), i, ret = 0;

	for (i = 0; i < n && !ret; i++) {
		ret = tree_collect(sys, paths[i], &w);
		if (ret)
			break;
		hm_buf_printf(out, "@ %s\n", paths[i]);
		tree_print(sys, &w, out);
		tree_walk_free(&w);
	}
	if (ret) {
		out->len = start;	/* no partial listing */
		if (out->data)
			out->data[start] = '\0';
		hm_buf_printf(out, "error: ENOMEM\n");
	}
	return ret;
}

/* One entry as JSON; NULL when an allocation failed. */
static json_t *tree_entry_json(struct hm_system *sys, const struct tree_walk *w,
			       const struct tree_entry *e)
{
	const char *type = e->st.kind == SYSFS_DIR ? "d" : e->st.kind == SYSFS_LINK ? "l" : "f";
	json_t *j = json_pack("{s:s,s:s}", "type", type, "name", e->rel);
	struct hm_buf content;
	json_t *lines;
	const char *p, *nl;
	int bad = 0;

	if (!j)
		return NULL;
	if (e->st.kind == SYSFS_LINK)
		bad |= json_object_set_new(j, "target", json_string(e->st.target));
	if (e->st.kind != SYSFS_FILE)
		return bad ? (json_decref(j), NULL) : j;
	bad |= json_object_set_new(j, "mode", json_integer(e->st.mode));
	if (!tree_readable(e->st.mode))
		return bad ? (json_decref(j), NULL) : j;
	hm_buf_init(&content);
	if (tree_read(sys, w->root, e->rel, &content)) {
		bad |= json_object_set_new(j, "unreadable", json_true());
	} else {
		lines = json_array();
		bad |= json_object_set_new(j, "lines", lines);
		for (p = hm_buf_str(&content); lines && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			bad |= json_array_append_new(lines, json_stringn(p, nl ? (size_t)(nl - p) :
									 strlen(p)));
			if (!nl)
				break;
		}
	}
	hm_buf_free(&content);
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *scenario_tree_json(struct hm_system *sys, const char *args)
{
	char buf[4096], *paths[TREE_MAX_PATHS];
	json_t *doc = json_array(), *one, *entries;
	struct tree_walk w;
	int n = tree_paths(args, paths, buf, sizeof(buf)), i;
	size_t k;

	for (i = 0; doc && i < n; i++) {
		if (tree_collect(sys, paths[i], &w))
			goto fail;
		entries = json_array();
		one = json_pack("{s:s,s:o}", "path", paths[i], "entries", entries);
		if (!one || json_array_append_new(doc, one)) {
			tree_walk_free(&w);
			goto fail;
		}
		for (k = 0; k < w.nr; k++)
			if (json_array_append_new(entries, tree_entry_json(sys, &w, &w.v[k]))) {
				tree_walk_free(&w);
				goto fail;
			}
		tree_walk_free(&w);
	}
	return doc;
fail:
	json_decref(doc);
	return NULL;
}
