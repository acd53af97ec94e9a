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

#endif /* HOTMEM_VERIFY_H */
