// SPDX-License-Identifier: GPL-2.0
/*
 * test_tree.c - unit tests for the "tree" step of src/scenario/tree.c: the
 * listing the oracle's find | sort | stat | cat prints (entries sorted
 * bytewise by relative path, links not followed, a PATH that is a link
 * followed, file contents indented), nothing below a missing path or a
 * file, its argument check, and its JSON form holding the same entries.
 *
 * Every test runs on the default pc machine (1 GiB, node 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "scenario/tree.h"

static char *tree_of(struct hm_system *sys, const char *args)
{
	struct hm_buf out;
	char *s;

	hm_buf_init(&out);
	assert_int_equal(scenario_tree(sys, args, &out), 0);
	s = strdup(hm_buf_str(&out));
	hm_buf_free(&out);
	return s;
}

/* A memory block's directory: its files with modes and contents, its links, in C order. */
static void tree_memory_block_sorted_with_contents(void **state)
{
	struct fx *fx = *state;
	char *s = tree_of(fx->sys, "/sys/devices/system/memory/memory1");
	const char *state_line = strstr(s, "f state 644\n  online\n");
	const char *removable = strstr(s, "f removable 444\n  1\n");
	const char *node = strstr(s, "l node0 -> ../../node/node0\n");

	assert_true(!strncmp(s, "@ /sys/devices/system/memory/memory1\n", 37));
	assert_non_null(state_line);
	assert_non_null(removable);
	assert_non_null(node);
	/* bytewise: "node0" < "removable" < "state" */
	assert_true(node < removable && removable < state_line);
	free(s);
}

/* A PATH that is a link is followed (readlink -f); links below it are not. */
static void tree_link_path_followed(void **state)
{
	struct fx *fx = *state;
	char *direct = tree_of(fx->sys, "/sys/devices/system/memory/memory1");
	char *via = tree_of(fx->sys, "/sys/devices/system/node/node0/memory1");
	const char *a = strchr(direct, '\n'), *b = strchr(via, '\n');

	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);	/* the same listing after the "@ PATH" line */
	free(direct);
	free(via);
}

/* find prints nothing below a missing path or a file: only the "@" line. */
static void tree_missing_path_and_file_empty(void **state)
{
	struct fx *fx = *state;
	char *s = tree_of(fx->sys, "/sys/devices/system/memory/memory999 "
				   "/sys/devices/system/memory/block_size_bytes");

	assert_string_equal(s, "@ /sys/devices/system/memory/memory999\n"
			       "@ /sys/devices/system/memory/block_size_bytes\n");
	free(s);
}

static void tree_check_needs_absolute_paths(void **state)
{
	(void)state;
	assert_null(scenario_tree_check("/sys /proc"));
	assert_non_null(scenario_tree_check(""));
	assert_non_null(scenario_tree_check("/sys sys/devices"));
}

/* The JSON form lists the same entries as the text. */
static void tree_json_same_entries(void **state)
{
	struct fx *fx = *state;
	char *s = tree_of(fx->sys, "/sys/devices/system/memory/memory1");
	json_t *j = scenario_tree_json(fx->sys, "/sys/devices/system/memory/memory1");
	json_t *entries, *e;
	size_t i, lines = 0;
	const char *p;

	assert_non_null(j);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "path")),
			    "/sys/devices/system/memory/memory1");
	entries = json_object_get(json_array_get(j, 0), "entries");
	for (p = s; *p; p = strchr(p, '\n') + 1)
		lines += p[0] != '@' && p[0] != ' ';
	assert_int_equal(json_array_size(entries), lines);
	json_array_foreach(entries, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "name")), "state")) {
			assert_int_equal(json_integer_value(json_object_get(e, "mode")), 0644);
			assert_string_equal(json_string_value(json_array_get(
				json_object_get(e, "lines"), 0)), "online");
		}
	json_decref(j);
	free(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(tree_memory_block_sorted_with_contents),
		T(tree_link_path_followed),
		T(tree_missing_path_and_file_empty),
		T(tree_check_needs_absolute_paths),
		T(tree_json_same_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
