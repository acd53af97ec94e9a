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

/**
 * scenario_tree_check() - check a `tree` step's arguments when it is parsed
 * @args: the paths, separated by blanks
 *
 * Return: NULL if they are all absolute paths, else a static message
 * saying what is wrong.
 */
const char *scenario_tree_check(const char *args);
/**
 * scenario_tree() - the `tree` step: list each path as the tools see it
 * @sys: the system
 * @args: the paths, separated by blanks
 * @out: appended the listings
 *
 * Return: 0, or -ENOMEM with @out holding exactly "error: ENOMEM\n"
 * (nothing partial).  Nothing changes in the machine.
 */
int scenario_tree(struct hm_system *sys, const char *args, struct hm_buf *out);
/**
 * scenario_tree_json() - the same listing as JSON, for --json
 * @sys: the system
 * @args: the paths, separated by blanks
 *
 * An array with one object per path, {"path", "entries": [{"type":
 * "d"|"l"|"f", "name", "target" (a link's), "mode" (a file's), "lines" (a
 * readable file's) or "unreadable": true}]}.
 *
 * Return: a new reference to the array, or NULL when an allocation failed.
 */
json_t *scenario_tree_json(struct hm_system *sys, const char *args);

#endif
