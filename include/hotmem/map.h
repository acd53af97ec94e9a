/* SPDX-License-Identifier: GPL-2.0 */
/*
 * map.h - pictures of the physical address space (hotmem map).
 *
 * One SVG per machine state: the address space in rows of memory blocks,
 * each block coloured by state and zone (online DMA/DMA32, Normal, Movable,
 * Device; offline; absent), with its node, the boot RAM and the holes (long
 * runs without memory folded into one labelled row), the device-memory
 * region, and each DIMM and virtio-mem device outlined with its id.  An
 * HTML page steps through the states at a scenario's dump steps.
 */
#ifndef HOTMEM_MAP_H
#define HOTMEM_MAP_H

#include <stdbool.h>
#include <stdio.h>
#include "hotmem/report.h"

struct hm_machine;
struct scenario;

/* Appends an SVG document of the machine's address space now to out. */
void map_svg(struct hm_machine *m, const char *title, struct hm_buf *out);

/*
 * Runs a scenario and writes to out the SVG of its final state (html
 * false), or an HTML page with one SVG per dump step and the final state,
 * and buttons to step through them (html true).  Returns 0, or a
 * negative errno as scenario_run() does, with a message in err.
 */
int map_scenario(const struct scenario *scn, bool html, FILE *out, struct hm_buf *err);

#endif /* HOTMEM_MAP_H */
