// SPDX-License-Identifier: GPL-2.0
/*
 * test_regressions.c - behaviour that once differed from Linux 6.1 or QEMU 7.2, found by
 * the unit tests; each case says what upstream does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

/* Regression 1: offline of a boot block must lower present_early_pages (6.1 adjust_present_page_count). */
static void regression_present_early_on_boot_offline(void **state)
{
	struct fx *fx = *state;
	struct zone *dma32 = fx_zone(fx->sys, 0, ZONE_DMA32);

	assert_int_equal(fx_block_write(fx->sys, 6, "state", "offline"), 0);
	assert_int_equal(dma32->present_pages, BOOT_DMA32_PRESENT - BLOCK_PAGES);
	assert_int_equal(dma32->present_early_pages, BOOT_DMA32_PRESENT - BLOCK_PAGES);
}

/* Regression 1b: the realistic "early section keeps its usage" path: offline + remove a boot block. */
static void regression_remove_boot_block(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys = fx->sys;
	struct mem_section *ms = __nr_to_section(sys, 6);
	struct mem_section_usage *usage = ms->usage;

	assert_int_equal(fx_block_write(sys, 6, "state", "offline"), 0);
	assert_int_equal(remove_memory(sys, 6 * SZ_128M, SZ_128M), 0);
	assert_ptr_equal(ms->usage, usage);
	assert_int_equal(ms->flags, 0);
	assert_verify_clean(sys);
}

/* Regression 2: auto_movable_ratio is kstrtouint: no leading blanks; overflow is -ERANGE. */
static void regression_ratio_kstrtouint(void **state)
{
	struct fx *fx = *state;
	const char *p = "/sys/module/memory_hotplug/parameters/auto_movable_ratio";

	assert_int_equal(fx_write(fx->sys, p, " 5"), -EINVAL);
	assert_int_equal(fx_write(fx->sys, p, "4294967296"), -ERANGE);
	assert_int_equal(fx_write(fx->sys, p, "99999999999999999999"), -ERANGE);
}

/* Regression 3: state_show WARNs on an unknown state. */
static void regression_state_unknown_warns(void **state)
{
	struct fx *fx = *state;
	struct memory_block *mem = find_memory_block_by_id(fx->sys, 1);

	mem->state = 0x40;
	assert_block_sysfs(fx->sys, 1, "state", "ERROR-UNKNOWN-64\n");
	mem->state = MEM_ONLINE;
	assert_int_equal(fx->sys->log.warnings, 1);
	fx->sys->log.warnings = 0;
}

/* Regression 4: QEMU's qemu_strtosz reports -ERANGE for an integer beyond 64 bits. */
static void regression_parse_size_overflow(void **state)
{
	uint64_t v = 7;

	assert_int_not_equal(qemu_parse_size("99999999999999999999", 1, &v), 0);
	assert_int_equal(v, 7);
}

/* Regression 5: QEMU's text for slots with maxmem == RAM size. */
static void regression_slots_message(void **state)
{
	struct hm_machine *m = NULL;
	struct hm_buf err;

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-m 1G,slots=2,maxmem=1G", NULL, &err), -EINVAL);
	assert_string_equal(hm_buf_str(&err), "invalid value of maxmem: memory slots were specified "
			    "but maximum memory size (0x40000000) is equal to the initial memory size "
			    "(0x40000000)");
	hm_buf_free(&err);
}

/* Regression 6: QMP dispatch checks: non-object input and a non-string execute. */
static void regression_qmp_dispatch_errors(void **state)
{
	struct fx *fx = *state;
	struct hm_buf a;

	hm_buf_init(&a);
	machine_qmp(fx->m, "[1]", &a);
	assert_string_equal(hm_buf_str(&a), "error GenericError: QMP input must be a JSON object");
	hm_buf_reset(&a);
	machine_qmp(fx->m, "{\"execute\":1}", &a);
	assert_string_equal(hm_buf_str(&a),
			    "error GenericError: QMP input member 'execute' must be a string");
	hm_buf_free(&a);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(regression_present_early_on_boot_offline), T(regression_remove_boot_block), T(regression_ratio_kstrtouint),
		T(regression_state_unknown_warns), cmocka_unit_test(regression_parse_size_overflow),
		cmocka_unit_test(regression_slots_message), T(regression_qmp_dispatch_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
