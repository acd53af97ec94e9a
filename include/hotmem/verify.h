/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - the invariant verifier: every module's own check plus the
 * relations between modules (reference notes, kernel-model.md section 8).
 */
#ifndef HOTMEM_VERIFY_H
#define HOTMEM_VERIFY_H

#include "hotmem/report.h"

struct hm_system;

/**
 * verify_system() - check every invariant of the kernel model
 * @sys: the system; nothing is changed
 * @out: appended one line per violation (the object, both values)
 *
 * Context: the caller serialises access to the machine.
 * Return: the number of violations (0: clean).
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
