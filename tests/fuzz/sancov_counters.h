/* SPDX-License-Identifier: GPL-2.0 */
/* sancov_counters.h - libFuzzer's inline 8-bit counters (sancov_counters.c). */
#ifndef HOTMEM_FUZZ_SANCOV_COUNTERS_H
#define HOTMEM_FUZZ_SANCOV_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

/* The counters' first byte in *start and their number; 0 without coverage. */
size_t sancov_counters(uint8_t **start);

#endif
