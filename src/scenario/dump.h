/* SPDX-License-Identifier: GPL-2.0 */
/* dump.h - the hotplug state as the conformance format's "dump" step prints it. */
#ifndef HOTMEM_SCENARIO_DUMP_H
#define HOTMEM_SCENARIO_DUMP_H

#include <jansson.h>
#include "hotmem/report.h"

struct hm_system;

/* 0, or -ENOMEM when an allocation failed (out then holds a partial dump). */
int dump_state(struct hm_system *sys, struct hm_buf *out);
/* The same state as a JSON object (blocks, nodelinks, zones, iomem, fwmap, ...). */
json_t *dump_state_json(struct hm_system *sys);
const char *errno_name(int err);

#endif
