/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tree.h - the conformance format's "tree" step: every entry under a path
 * of the emulated /sys or /proc, as the oracle's find | sort | stat | cat
 * lists the real kernel's (tests/conformance/FORMAT.md).
 */
#ifndef HOTMEM_SCENARIO_TREE_H
#define HOTMEM_SCENARIO_TREE_H

#include <jansson.h>
#include "hotmem/report.h"

struct hm_system;

/* The step's arguments: NULL if they are absolute paths, else a message. */
const char *scenario_tree_check(const char *args);
/*
 * Prints the listing of each path of args (split at blanks) into out: 0,
 * or -ENOMEM with out holding exactly "error: ENOMEM\n" (nothing partial).
 */
int scenario_tree(struct hm_system *sys, const char *args, struct hm_buf *out);
/*
 * The same listing as JSON: an array with one object per path,
 * {"path", "entries": [{"type": "d"|"l"|"f", "name", "target" (a link's),
 * "mode" (a file's), "lines" (a readable file's) or "unreadable": true}]}.
 * NULL when an allocation failed.
 */
json_t *scenario_tree_json(struct hm_system *sys, const char *args);

#endif
