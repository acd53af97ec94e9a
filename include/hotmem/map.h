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

/**
 * map_svg() - draw the machine's address space now
 * @m: the machine
 * @title: the picture's title
 * @out: an SVG document is appended here
 */
void map_svg(struct hm_machine *m, const char *title, struct hm_buf *out);

/**
 * map_scenario() - run a scenario and draw its address space
 * @scn: the scenario
 * @html: false: the SVG of the final state; true: an HTML page with one
 *	SVG per dump step and the final state, and buttons to step through them
 * @out: the document
 * @err: the message on failure
 *
 * Return: 0, or a negative errno as scenario_run() returns it (-EINVAL a
 * machine that cannot be built, -EUCLEAN a failed verify step or a leak),
 * with the message in @err.
 */
int map_scenario(const struct scenario *scn, bool html, FILE *out, struct hm_buf *err);

#endif /* HOTMEM_MAP_H */
