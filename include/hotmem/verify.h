/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - the invariant verifier: every module's own check plus the
 * relations between modules (reference notes, kernel-model.md section 8).
 */
#ifndef HOTMEM_VERIFY_H
#define HOTMEM_VERIFY_H

#include "hotmem/report.h"

struct hm_system;

/*
 * Checks everything; returns the number of violations and appends one
 * line per violation (object, both values) to out.
 */
unsigned long verify_system(struct hm_system *sys, struct hm_buf *out);

/**
 * verify_online_ram() - call a function on every range of online RAM
 * @sys: the system
 * @fn: called with each range [start_pfn, end_pfn) and @arg
 * @arg: passed to @fn
 *
 * The RAM of every online section, in pfn order: of boot memory, the parts
 * of its sections that memblock.memory holds; of hot-added memory, each run
 * of online subsections.  The checks that recount what the memmap says
 * (present pages, free lists) walk the same ranges.
 *
 * Return: nothing; @fn is called for each range.
 */
void verify_online_ram(struct hm_system *sys,
		       void (*fn)(struct hm_system *sys, unsigned long start_pfn,
				  unsigned long end_pfn, void *arg),
		       void *arg);

#endif /* HOTMEM_VERIFY_H */
