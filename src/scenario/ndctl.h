/* SPDX-License-Identifier: GPL-2.0 */
/* ndctl.h - the ndctl and daxctl steps (ndctl.c). */
#ifndef HOTMEM_SCENARIO_NDCTL_H
#define HOTMEM_SCENARIO_NDCTL_H

#include <stdbool.h>
#include "hotmem/report.h"

struct hm_system;

/* Runs "ndctl ARGS" or "daxctl ARGS": its output, then "rc=N" (N in *status). 0 or -ENOMEM. */
int run_nd_tool(struct hm_system *sys, bool daxctl, const char *args, struct hm_buf *out,
		int *status);

#endif /* HOTMEM_SCENARIO_NDCTL_H */
