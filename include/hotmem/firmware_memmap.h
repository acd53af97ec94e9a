/* SPDX-License-Identifier: GPL-2.0 */
/*
 * firmware_memmap.h - /sys/firmware/memmap (mirrors drivers/firmware/memmap.c).
 *
 * The firmware's memory map as the kernel saw it at boot (the raw e820 table
 * on x86), plus an entry per range hot-added as plain "System RAM".  Each
 * entry is a sysfs directory named by a global counter that never goes back,
 * so an entry added again after removal gets a new number.  Boot entries that
 * are removed are remembered and their storage reused when the same range
 * is added again (the kernel's map_entries_bootmem list).
 */
#ifndef HOTMEM_FIRMWARE_MEMMAP_H
#define HOTMEM_FIRMWARE_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/alloc.h"
#include "hotmem/report.h"

struct firmware_map_entry {
	uint64_t start;		/* inclusive */
	uint64_t end;		/* inclusive */
	char *type;		/* "System RAM", "Reserved", ... (owned) */
	unsigned long nr;	/* the sysfs directory name /sys/firmware/memmap/<nr> */
	bool bootmem;		/* came from the boot map */
	struct firmware_map_entry *next;
};

struct firmware_map {
	struct firmware_map_entry *entries;	/* in insertion order */
	struct firmware_map_entry *bootmem;	/* removed boot entries kept for reuse */
	unsigned long map_entries_nr;		/* next directory number */
	struct hm_alloc *alloc;
};

/**
 * firmware_map_init - initialise an empty map
 * @fm: caller-owned storage
 * @alloc: the allocator for every entry and type string
 */
void firmware_map_init(struct firmware_map *fm, struct hm_alloc *alloc);
/**
 * firmware_map_destroy - free every entry, live or kept for reuse
 * @fm: the map; left empty (the counter is kept)
 */
void firmware_map_destroy(struct firmware_map *fm);

/**
 * firmware_map_add_early - add an entry of the firmware's boot map
 * @fm: the map
 * @start: first byte
 * @end: first byte after the range (exclusive)
 * @type: copied ("System RAM", "Reserved", "ACPI Tables", ...)
 *
 * The entry is appended and numbered at once.  (The kernel numbers boot
 * entries in a late initcall, in list order, before anything can be
 * hot-added, which comes to the same numbers.)
 *
 * Return: 0, -EINVAL if @end <= @start, or -ENOMEM (map unchanged).
 */
int firmware_map_add_early(struct firmware_map *fm, uint64_t start, uint64_t end,
			   const char *type);
/**
 * firmware_map_add_hotplug - add an entry for hot-added memory
 * @fm: the map
 * @start: first byte
 * @end: first byte after the range (exclusive)
 * @type: copied ("System RAM")
 *
 * Nothing happens if the same entry is already there.  A removed boot entry
 * with the same range and type is taken off the bootmem list and reused;
 * otherwise a new one is allocated.  Either way the entry is appended and
 * gets a new directory number.
 *
 * Return: 0, -EINVAL if @end <= @start, or -ENOMEM (map and counter
 * unchanged).
 */
int firmware_map_add_hotplug(struct firmware_map *fm, uint64_t start, uint64_t end,
			     const char *type);
/**
 * firmware_map_remove - remove the entry of a range
 * @fm: the map
 * @start: first byte
 * @end: first byte after the range (exclusive)
 * @type: the type it was added with
 *
 * A boot entry moves to the bootmem list for reuse; any other is freed.
 *
 * Return: 0, or -EINVAL if no entry has exactly this range and type.
 */
int firmware_map_remove(struct firmware_map *fm, uint64_t start, uint64_t end,
			const char *type);
/**
 * firmware_map_find_nr - look up a live entry by directory number
 * @fm: the map
 * @nr: the number
 *
 * Return: the entry, or NULL (also for removed entries kept for reuse).
 */
const struct firmware_map_entry *firmware_map_find_nr(const struct firmware_map *fm,
						      unsigned long nr);

/**
 * firmware_map_check - verify the map's invariants
 * @fm: the map
 * @r: violations are appended here, one line each with both values
 *
 * Live entries: start <= end, a type, numbers strictly increasing in list
 * order (they are handed out in that order and never reused) and below the
 * counter.  Kept entries: start <= end, a type, and marked bootmem.
 *
 * Return: the number of violations added.
 */
unsigned long firmware_map_check(const struct firmware_map *fm, struct hm_report *r);

#endif /* HOTMEM_FIRMWARE_MEMMAP_H */
