// SPDX-License-Identifier: GPL-2.0
/*
 * sancov_counters.c - where libFuzzer's inline 8-bit counters are: the
 * linker's bounds of their section (none in a build without coverage).
 *
 * Built without coverage instrumentation (tests/CMakeLists.txt): in an
 * instrumented file, a declaration of these names makes the compiler
 * rename its own references to them, and the module constructor that
 * hands the counters to libFuzzer then passes NULL.
 */
#include <stddef.h>
#include <stdint.h>
#include "sancov_counters.h"

extern uint8_t __start___sancov_cntrs[] __attribute__((weak, visibility("hidden")));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak, visibility("hidden")));

size_t sancov_counters(uint8_t **start)
{
	*start = __start___sancov_cntrs;
	if (!__start___sancov_cntrs || !__stop___sancov_cntrs)
		return 0;
	return (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs);
}
