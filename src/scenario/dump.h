/* SPDX-License-Identifier: GPL-2.0 */
/* dump.h - the hotplug state as the conformance format's "dump" step prints it. */
#ifndef HOTMEM_SCENARIO_DUMP_H
#define HOTMEM_SCENARIO_DUMP_H

#include <jansson.h>
#include "hotmem/report.h"

struct hm_system;

/**
 * dump_state() - the `dump` step's text: the state the transcript compares
 * @sys: the system
 * @out: appended the dump (memory blocks, node links, zones, iomem, the
 *	firmware map, ...)
 *
 * Reads through sysfs, as the oracle's guest script does; changes nothing.
 *
 * Return: 0, or -ENOMEM when an allocation failed (@out then holds a
 * partial dump).
 */
int dump_state(struct hm_system *sys, struct hm_buf *out);
/**
 * dump_state_json() - the same state as a JSON object, for --json
 * @sys: the system
 *
 * Return: a new reference to the object (blocks, nodelinks, zones, iomem,
 * fwmap, ...), or NULL when an allocation failed.
 */
json_t *dump_state_json(struct hm_system *sys);
/**
 * errno_name() - the symbolic name of an errno, as transcripts print it
 * @err: a positive errno
 *
 * Return: "EBUSY", "EINVAL", ... (a static string); "EUNKNOWN" for one the
 * table does not name.
 */
const char *errno_name(int err);

#endif
