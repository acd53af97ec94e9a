// SPDX-License-Identifier: GPL-2.0
/*
 * test_firmware_memmap.c - unit tests of /sys/firmware/memmap
 * (src/kernel/firmware_memmap.c).
 *
 * Every test starts from a fresh map and allocator; the teardown runs
 * firmware_map_check(), destroys the map and requires alloc.nr_live == 0.
 * Ends passed to the API are exclusive, stored ends inclusive.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hotmem/firmware_memmap.h"

#define SZ_128M	0x8000000ULL

struct fixture {
	struct hm_alloc a;
	struct firmware_map fm;
	struct hm_buf buf;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	hm_alloc_init(&fx->a);
	hm_buf_init(&fx->buf);
	firmware_map_init(&fx->fm, &fx->a);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct hm_report r;
	unsigned long nr_bad, nr_live;

	hm_report_init(&r);
	nr_bad = firmware_map_check(&fx->fm, &r);
	if (nr_bad)
		fprintf(stderr, "firmware_map_check:\n%s", hm_buf_str(&r.text));
	hm_report_free(&r);
	firmware_map_destroy(&fx->fm);
	nr_live = fx->a.nr_live;
	if (nr_live)
		fprintf(stderr, "leak: %lu allocations live\n", nr_live);
	hm_buf_free(&fx->buf);
	free(fx);
	return nr_bad || nr_live ? -1 : 0;
}

/*
 * The live entries as "nr start end type" lines in list order, then the
 * kept boot entries as "(bootmem) start end type"; valid until the next call.
 */
static const char *dump(struct fixture *fx)
{
	const struct firmware_map_entry *e;

	hm_buf_reset(&fx->buf);
	for (e = fx->fm.entries; e; e = e->next)
		hm_buf_printf(&fx->buf, "%lu 0x%llx 0x%llx %s\n", e->nr,
			      (unsigned long long)e->start,
			      (unsigned long long)e->end, e->type);
	for (e = fx->fm.bootmem; e; e = e->next)
		hm_buf_printf(&fx->buf, "(bootmem) 0x%llx 0x%llx %s\n",
			      (unsigned long long)e->start,
			      (unsigned long long)e->end, e->type);
	return hm_buf_str(&fx->buf);
}

static char *dump_dup(struct fixture *fx)
{
	char *s = strdup(dump(fx));

	assert_non_null(s);
	return s;
}

/* A small e820 table, in firmware order (not sorted). */
static void add_boot_map(struct fixture *fx)
{
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x0, 0x9fc00, "System RAM"), 0);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x9fc00, 0xa0000, "Reserved"), 0);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0xf0000, 0x100000, "Reserved"), 0);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x100000, 0x3ffe0000,
						"System RAM"), 0);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x3ffe0000, 0x40000000,
						"Reserved"), 0);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x100000000ULL, 0x140000000ULL,
						"System RAM"), 0);
}

static void assert_clean(struct fixture *fx)
{
	struct hm_report r;
	unsigned long nr;

	hm_report_init(&r);
	nr = firmware_map_check(&fx->fm, &r);
	if (nr)
		print_error("%s", hm_buf_str(&r.text));
	hm_report_free(&r);
	assert_int_equal(nr, 0);
}

static void firmware_map_add_early_numbering(void **state)
{
	struct fixture *fx = *state;
	const struct firmware_map_entry *e;

	add_boot_map(fx);
	assert_string_equal(dump(fx),
			    "0 0x0 0x9fbff System RAM\n"
			    "1 0x9fc00 0x9ffff Reserved\n"
			    "2 0xf0000 0xfffff Reserved\n"
			    "3 0x100000 0x3ffdffff System RAM\n"
			    "4 0x3ffe0000 0x3fffffff Reserved\n"
			    "5 0x100000000 0x13fffffff System RAM\n");
	assert_int_equal(fx->fm.map_entries_nr, 6);
	e = firmware_map_find_nr(&fx->fm, 3);
	assert_non_null(e);
	assert_int_equal(e->start, 0x100000);
	assert_true(e->bootmem);
	assert_null(firmware_map_find_nr(&fx->fm, 6));
	assert_int_equal(fx->a.nr_live, 12);	/* entry and type string each */
	assert_clean(fx);
}

static void firmware_map_add_invalid(void **state)
{
	struct fixture *fx = *state;
	unsigned long calls = fx->a.nr_calls;

	assert_int_equal(firmware_map_add_early(&fx->fm, 0x1000, 0x1000, "Reserved"),
			 -EINVAL);
	assert_int_equal(firmware_map_add_early(&fx->fm, 0x2000, 0x1000, "Reserved"),
			 -EINVAL);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x1000, 0x1000, "System RAM"),
			 -EINVAL);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x1000, 0x1000, "System RAM"),
			 -EINVAL);
	assert_int_equal(fx->a.nr_calls, calls);
	assert_int_equal(fx->fm.map_entries_nr, 0);
	assert_string_equal(dump(fx), "");
}

/* Hot-add: appended with the next number; the same entry again is a no-op. */
static void firmware_map_add_hotplug_appends(void **state)
{
	struct fixture *fx = *state;
	const struct firmware_map_entry *e;
	unsigned long calls;

	add_boot_map(fx);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
						  0x148000000ULL, "System RAM"), 0);
	e = firmware_map_find_nr(&fx->fm, 6);
	assert_non_null(e);
	assert_int_equal(e->start, 0x140000000ULL);
	assert_int_equal(e->end, 0x147ffffffULL);
	assert_false(e->bootmem);

	calls = fx->a.nr_calls;
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
						  0x148000000ULL, "System RAM"), 0);
	/* also identical to a boot entry */
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000000ULL,
						  0x140000000ULL, "System RAM"), 0);
	assert_int_equal(fx->a.nr_calls, calls);
	assert_int_equal(fx->fm.map_entries_nr, 7);

	/* the same range with another type is another entry */
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
						  0x148000000ULL, "Reserved"), 0);
	assert_int_equal(fx->fm.map_entries_nr, 8);
	assert_string_equal(dump(fx),
			    "0 0x0 0x9fbff System RAM\n"
			    "1 0x9fc00 0x9ffff Reserved\n"
			    "2 0xf0000 0xfffff Reserved\n"
			    "3 0x100000 0x3ffdffff System RAM\n"
			    "4 0x3ffe0000 0x3fffffff Reserved\n"
			    "5 0x100000000 0x13fffffff System RAM\n"
			    "6 0x140000000 0x147ffffff System RAM\n"
			    "7 0x140000000 0x147ffffff Reserved\n");
}

/* Remove, then add the same range again: a new number, never the old one. */
static void firmware_map_remove_then_add_new_nr(void **state)
{
	struct fixture *fx = *state;
	unsigned long live;

	add_boot_map(fx);
	live = fx->a.nr_live;
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
						  0x148000000ULL, "System RAM"), 0);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x148000000ULL,
						  0x150000000ULL, "System RAM"), 0);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x140000000ULL,
					     0x148000000ULL, "System RAM"), 0);
	assert_null(firmware_map_find_nr(&fx->fm, 6));
	assert_null(fx->fm.bootmem);	/* not a boot entry: freed */
	assert_int_equal(fx->a.nr_live, live + 2);

	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
						  0x148000000ULL, "System RAM"), 0);
	assert_null(firmware_map_find_nr(&fx->fm, 6));
	assert_non_null(firmware_map_find_nr(&fx->fm, 8));
	assert_string_equal(dump(fx),
			    "0 0x0 0x9fbff System RAM\n"
			    "1 0x9fc00 0x9ffff Reserved\n"
			    "2 0xf0000 0xfffff Reserved\n"
			    "3 0x100000 0x3ffdffff System RAM\n"
			    "4 0x3ffe0000 0x3fffffff Reserved\n"
			    "5 0x100000000 0x13fffffff System RAM\n"
			    "7 0x148000000 0x14fffffff System RAM\n"
			    "8 0x140000000 0x147ffffff System RAM\n");
	assert_clean(fx);
}

/*
 * A removed boot entry is kept on the bootmem list and its storage reused,
 * with a new number, when the same range and type comes back: no
 * allocation.  Removing it again keeps it again.
 */
static void firmware_map_bootmem_reuse(void **state)
{
	struct fixture *fx = *state;
	const struct firmware_map_entry *boot, *e;
	unsigned long calls, live;

	add_boot_map(fx);
	boot = firmware_map_find_nr(&fx->fm, 5);
	live = fx->a.nr_live;
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x140000000ULL,
					     "System RAM"), 0);
	assert_null(firmware_map_find_nr(&fx->fm, 5));
	assert_ptr_equal(fx->fm.bootmem, boot);
	assert_int_equal(fx->a.nr_live, live);

	/* a different type or range does not reuse it */
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000000ULL,
						  0x140000000ULL, "Reserved"), 0);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000000ULL,
						  0x108000000ULL, "System RAM"), 0);
	assert_ptr_equal(fx->fm.bootmem, boot);
	assert_int_equal(fx->a.nr_live, live + 4);
	assert_string_equal(dump(fx),
			    "0 0x0 0x9fbff System RAM\n"
			    "1 0x9fc00 0x9ffff Reserved\n"
			    "2 0xf0000 0xfffff Reserved\n"
			    "3 0x100000 0x3ffdffff System RAM\n"
			    "4 0x3ffe0000 0x3fffffff Reserved\n"
			    "6 0x100000000 0x13fffffff Reserved\n"
			    "7 0x100000000 0x107ffffff System RAM\n"
			    "(bootmem) 0x100000000 0x13fffffff System RAM\n");

	calls = fx->a.nr_calls;
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000000ULL,
						  0x140000000ULL, "System RAM"), 0);
	assert_int_equal(fx->a.nr_calls, calls);
	assert_null(fx->fm.bootmem);
	e = firmware_map_find_nr(&fx->fm, 8);
	assert_ptr_equal(e, boot);
	assert_true(e->bootmem);
	assert_int_equal(e->end, 0x13fffffffULL);
	assert_clean(fx);

	/* out again: kept again, and back again with yet another number */
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x140000000ULL,
					     "System RAM"), 0);
	assert_ptr_equal(fx->fm.bootmem, boot);
	assert_clean(fx);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000000ULL,
						  0x140000000ULL, "System RAM"), 0);
	assert_ptr_equal(firmware_map_find_nr(&fx->fm, 9), boot);

	/* a boot entry left on the bootmem list is freed by destroy */
	assert_int_equal(firmware_map_remove(&fx->fm, 0x0, 0x9fc00, "System RAM"), 0);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x9fc00, 0xa0000, "Reserved"), 0);
	assert_string_equal(dump(fx),
			    "2 0xf0000 0xfffff Reserved\n"
			    "3 0x100000 0x3ffdffff System RAM\n"
			    "4 0x3ffe0000 0x3fffffff Reserved\n"
			    "6 0x100000000 0x13fffffff Reserved\n"
			    "7 0x100000000 0x107ffffff System RAM\n"
			    "9 0x100000000 0x13fffffff System RAM\n"
			    "(bootmem) 0x9fc00 0x9ffff Reserved\n"
			    "(bootmem) 0x0 0x9fbff System RAM\n");
}

/* No exact entry: -EINVAL and nothing changes. */
static void firmware_map_remove_not_found(void **state)
{
	struct fixture *fx = *state;
	char *before;

	add_boot_map(fx);
	before = dump_dup(fx);
	/* wrong type, part of a range, a larger range, end inclusive by mistake */
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x140000000ULL,
					     "Reserved"), -EINVAL);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x108000000ULL,
					     "System RAM"), -EINVAL);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x180000000ULL,
					     "System RAM"), -EINVAL);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000000ULL, 0x13fffffffULL,
					     "System RAM"), -EINVAL);
	assert_string_equal(dump(fx), before);

	/* removing twice: the second time there is nothing */
	assert_int_equal(firmware_map_remove(&fx->fm, 0x3ffe0000, 0x40000000,
					     "Reserved"), 0);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x3ffe0000, 0x40000000,
					     "Reserved"), -EINVAL);
	free(before);
}

/*
 * The OOM loop for hot-add and early add: fail allocation N for N = 1, 2, ...
 * until the call succeeds.  Expect -ENOMEM, the map and counter unchanged
 * and nothing leaked each time.
 */
static void firmware_map_add_oom_loop(void **state)
{
	struct fixture *fx = *state;
	unsigned long n, live, counter;
	char *before;
	int ret;

	add_boot_map(fx);
	for (int early = 0; early < 2; early++) {
		before = dump_dup(fx);
		live = fx->a.nr_live;
		counter = fx->fm.map_entries_nr;
		for (n = 1; ; n++) {
			fx->a.fail_at = fx->a.nr_calls + n;
			if (early)
				ret = firmware_map_add_early(&fx->fm, 0xfd00000000ULL,
							     0x10000000000ULL,
							     "Reserved");
			else
				ret = firmware_map_add_hotplug(&fx->fm, 0x140000000ULL,
							       0x140000000ULL + SZ_128M,
							       "System RAM");
			fx->a.fail_at = 0;
			if (!ret)
				break;
			assert_int_equal(ret, -ENOMEM);
			assert_string_equal(dump(fx), before);
			assert_int_equal(fx->a.nr_live, live);
			assert_int_equal(fx->fm.map_entries_nr, counter);
			assert_clean(fx);
		}
		assert_int_equal(n, 3);	/* entry and type string */
		assert_int_equal(fx->fm.map_entries_nr, counter + 1);
		free(before);
	}
	assert_non_null(firmware_map_find_nr(&fx->fm, 6));
	assert_non_null(firmware_map_find_nr(&fx->fm, 7));
}

/* Reusing a bootmem entry cannot fail: it allocates nothing. */
static void firmware_map_bootmem_reuse_no_alloc(void **state)
{
	struct fixture *fx = *state;

	add_boot_map(fx);
	assert_int_equal(firmware_map_remove(&fx->fm, 0x100000, 0x3ffe0000,
					     "System RAM"), 0);
	fx->a.fail_at = fx->a.nr_calls + 1;
	fx->a.fail_repeat = true;
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x100000, 0x3ffe0000,
						  "System RAM"), 0);
	assert_int_equal(firmware_map_add_hotplug(&fx->fm, 0x200000000ULL,
						  0x208000000ULL, "System RAM"), -ENOMEM);
	fx->a.fail_at = 0;
	fx->a.fail_repeat = false;
	assert_non_null(firmware_map_find_nr(&fx->fm, 6));
	assert_null(firmware_map_find_nr(&fx->fm, 7));
}

static void firmware_map_check_reports(void **state)
{
	struct fixture *fx = *state;
	struct firmware_map_entry *e2, *e3, kept = {
		.start = 0x2000, .end = 0x1fff, .type = "Reserved", .bootmem = false,
	};
	struct hm_report r;
	unsigned long nr;

	add_boot_map(fx);
	assert_clean(fx);

	e2 = (struct firmware_map_entry *)firmware_map_find_nr(&fx->fm, 2);
	e3 = (struct firmware_map_entry *)firmware_map_find_nr(&fx->fm, 3);
	e2->nr = 3;		/* two entries with nr 3: not increasing */
	e3->start = 0x4000;
	e3->end = 0x3fff;
	fx->fm.bootmem = &kept;

	hm_report_init(&r);
	nr = firmware_map_check(&fx->fm, &r);
	print_message("%s", hm_buf_str(&r.text));
	assert_int_equal(nr, r.nr_violations);
	assert_int_equal(nr, 4);
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "firmware_map entry 3 [0x4000-0x3fff] \"System RAM\": start 0x4000 > end 0x3fff"));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "firmware_map entry 3 [0x4000-0x3fff] \"System RAM\": nr 3 not above the previous entry's nr 3"));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "firmware_map bootmem 0 [0x2000-0x1fff] \"Reserved\": start 0x2000 > end 0x1fff"));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "kept for reuse but not from the boot map (bootmem 0)"));
	hm_report_free(&r);

	/* a counter behind the numbers, an entry on both lists, a loop */
	e2->nr = 2;
	e3->start = 0x100000;
	e3->end = 0x3ffdffff;
	fx->fm.map_entries_nr = 5;
	kept.start = 0x1000;
	kept.bootmem = true;
	kept.next = &kept;
	hm_report_init(&r);
	nr = firmware_map_check(&fx->fm, &r);
	print_message("%s", hm_buf_str(&r.text));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "firmware_map entry 5 [0x100000000-0x13fffffff] \"System RAM\": nr 5 >= map_entries_nr 5"));
	assert_non_null(strstr(hm_buf_str(&r.text), "the bootmem list loops"));
	hm_report_free(&r);
	fx->fm.map_entries_nr = 6;
	/* the last live entry (next == NULL) also on the bootmem list */
	fx->fm.bootmem = (struct firmware_map_entry *)firmware_map_find_nr(&fx->fm, 5);
	hm_report_init(&r);
	nr = firmware_map_check(&fx->fm, &r);
	print_message("%s", hm_buf_str(&r.text));
	assert_int_equal(nr, 1);
	assert_non_null(strstr(hm_buf_str(&r.text), "also on the live list as nr 5"));
	hm_report_free(&r);

	/* put everything back so that the teardown frees each entry once */
	fx->fm.bootmem = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(firmware_map_add_early_numbering),
		T(firmware_map_add_invalid),
		T(firmware_map_add_hotplug_appends),
		T(firmware_map_remove_then_add_new_nr),
		T(firmware_map_bootmem_reuse),
		T(firmware_map_remove_not_found),
		T(firmware_map_add_oom_loop),
		T(firmware_map_bootmem_reuse_no_alloc),
		T(firmware_map_check_reports),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
