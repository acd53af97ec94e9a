// SPDX-License-Identifier: GPL-2.0
/*
 * test_printk.c - unit tests for src/kernel/printk.c and src/kernel/lockdep.c,
 * the two leaf services every module calls.
 *
 * The log: records come back in order with their level and seq; a
 * trailing newline is dropped, a long line is cut at PRINTK_LINE_MAX;
 * when the ring is full the oldest records go (seq keeps counting, a
 * reader that kept its seq skips what was dropped); WARN counts.
 * lockdep: taking the locks in rank order is silent, an inversion warns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hotmem/lockdep.h"
#include "hotmem/printk.h"

static void printk_store_reads_back_in_order(void **state)
{
	struct printk_log log;
	struct printk_record r;
	uint64_t seq = 0;

	printk_log_init(&log, 0);
	assert_int_equal(printk_store(&log, LOGLEVEL_INFO, "one %d", 1), 5);
	assert_int_equal(printk_store(&log, LOGLEVEL_ERR, "two\n"), 3);
	assert_true(printk_log_next(&log, &seq, &r));
	assert_int_equal(r.seq, 0);
	assert_int_equal(r.level, LOGLEVEL_INFO);
	assert_string_equal(r.text, "one 1");
	assert_true(printk_log_next(&log, &seq, &r));
	assert_int_equal(r.seq, 1);
	assert_int_equal(r.level, LOGLEVEL_ERR);
	assert_string_equal(r.text, "two");
	assert_int_equal(r.len, 3);
	assert_false(printk_log_next(&log, &seq, &r));
	assert_int_equal(seq, 2);
	/* a reader that is up to date sees only what comes next */
	printk_store(&log, LOGLEVEL_DEBUG, "three");
	assert_true(printk_log_next(&log, &seq, &r));
	assert_string_equal(r.text, "three");
	assert_true(printk_log_contains(&log, "wo"));
	assert_false(printk_log_contains(&log, "four"));
	assert_int_equal(log.dropped, 0);
	printk_log_destroy(&log);
}

static void printk_store_long_line_is_cut(void **state)
{
	char big[PRINTK_LINE_MAX * 2];
	struct printk_log log;
	struct printk_record r;
	uint64_t seq = 0;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	printk_log_init(&log, 0);
	assert_int_equal(printk_store(&log, LOGLEVEL_INFO, "%s", big), PRINTK_LINE_MAX - 1);
	assert_true(printk_log_next(&log, &seq, &r));
	assert_int_equal(strlen(r.text), PRINTK_LINE_MAX - 1);
	printk_log_destroy(&log);
}

/* A small ring: the oldest records go, seq keeps counting, memory stays bounded. */
static void printk_store_full_ring_drops_oldest(void **state)
{
	struct printk_log log;
	struct printk_record r;
	uint64_t seq = 0, last = 0;
	int i;

	printk_log_init(&log, 256);
	for (i = 0; i < 1000; i++)
		printk_store(&log, LOGLEVEL_INFO, "message %d", i);
	assert_int_equal(log.size, 256);
	assert_true(log.dropped > 900);
	assert_int_equal(log.first_seq, log.dropped);
	assert_int_equal(log.next_seq, 1000);
	assert_true(printk_log_next(&log, &seq, &r));
	assert_int_equal(r.seq, log.first_seq);
	do
		last = r.seq;
	while (printk_log_next(&log, &seq, &r));
	assert_int_equal(last, 999);
	assert_true(printk_log_contains(&log, "message 999"));
	assert_false(printk_log_contains(&log, "message 0"));
	printk_log_destroy(&log);
}

static void printk_store_record_bigger_than_ring_is_dropped(void **state)
{
	struct printk_log log;
	struct printk_record r;
	uint64_t seq = 0;

	printk_log_init(&log, 32);
	assert_int_equal(printk_store(&log, LOGLEVEL_INFO, "%s", "a line longer than the ring"),
			 0);
	assert_int_equal(log.dropped, 1);
	assert_false(printk_log_next(&log, &seq, &r));
	printk_log_destroy(&log);
}

static void warn_printk_counts_and_prefixes(void **state)
{
	struct printk_log log;
	struct printk_record r;
	uint64_t seq = 0;

	printk_log_init(&log, 0);
	warn_printk(&log, "bad %s", "thing");
	assert_int_equal(log.warnings, 1);
	assert_true(printk_log_next(&log, &seq, &r));
	assert_int_equal(r.level, LOGLEVEL_WARNING);
	assert_string_equal(r.text, "WARNING: bad thing");
	printk_log_destroy(&log);
}

static void lockdep_acquire_in_order_is_silent(void **state)
{
	struct printk_log log;
	struct lockdep ld;

	printk_log_init(&log, 0);
	assert_int_equal(lockdep_init(&ld, &log), 0);
	lockdep_acquire(&ld, LOCK_RANK_DEVICE_HOTPLUG);
	lockdep_acquire(&ld, LOCK_RANK_MEM_HOTPLUG);
	lockdep_acquire(&ld, LOCK_RANK_ZONE);
	assert_true(lockdep_held(&ld, LOCK_RANK_MEM_HOTPLUG));
	assert_false(lockdep_held(&ld, LOCK_RANK_DEVICE));
	lockdep_release(&ld, LOCK_RANK_ZONE);
	lockdep_release(&ld, LOCK_RANK_MEM_HOTPLUG);
	lockdep_release(&ld, LOCK_RANK_DEVICE_HOTPLUG);
	assert_false(lockdep_held(&ld, LOCK_RANK_DEVICE_HOTPLUG));
	assert_int_equal(log.warnings, 0);
	lockdep_destroy(&ld);
	printk_log_destroy(&log);
}

static void lockdep_acquire_inversion_warns(void **state)
{
	struct printk_log log;
	struct lockdep ld;

	printk_log_init(&log, 0);
	assert_int_equal(lockdep_init(&ld, &log), 0);
	lockdep_acquire(&ld, LOCK_RANK_ZONE);
	lockdep_acquire(&ld, LOCK_RANK_MEM_HOTPLUG);	/* below zone->lock */
	assert_int_equal(log.warnings, 1);
	assert_true(printk_log_contains(&log, "lockdep: lock rank 3 taken while holding"));
	lockdep_acquire(&ld, LOCK_RANK_ZONE);		/* recursion */
	assert_int_equal(log.warnings, 2);
	lockdep_assert_held(&ld, LOCK_RANK_ZONE);
	assert_int_equal(log.warnings, 2);
	lockdep_assert_held(&ld, LOCK_RANK_DEVICE);
	assert_int_equal(log.warnings, 3);
	assert_true(printk_log_contains(&log, "lockdep: lock rank 2 not held"));
	lockdep_destroy(&ld);
	printk_log_destroy(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printk_store_reads_back_in_order),
		cmocka_unit_test(printk_store_long_line_is_cut),
		cmocka_unit_test(printk_store_full_ring_drops_oldest),
		cmocka_unit_test(printk_store_record_bigger_than_ring_is_dropped),
		cmocka_unit_test(warn_printk_counts_and_prefixes),
		cmocka_unit_test(lockdep_acquire_in_order_is_silent),
		cmocka_unit_test(lockdep_acquire_inversion_warns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
