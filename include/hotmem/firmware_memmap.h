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

void firmware_map_init(struct firmware_map *fm, struct hm_alloc *alloc);
void firmware_map_destroy(struct firmware_map *fm);

/*
 * end is exclusive, as in the kernel, for add_early, add_hotplug and remove
 * alike; entries store end - 1.  All three return -EINVAL for end <= start.
 * Return 0, -EINVAL (end <= start), -ENOMEM; on failure nothing changes (nor
 * does map_entries_nr).
 */
int firmware_map_add_early(struct firmware_map *fm, uint64_t start, uint64_t end,
			   const char *type);
/*
 * No-op returning 0 if an identical entry exists.  Reusing a kept boot entry
 * allocates nothing (and so cannot fail); it gets a new nr either way.
 */
int firmware_map_add_hotplug(struct firmware_map *fm, uint64_t start, uint64_t end,
			     const char *type);
/* -EINVAL if there is no entry with exactly this range and type. */
int firmware_map_remove(struct firmware_map *fm, uint64_t start, uint64_t end,
			const char *type);
/* The entry with directory number nr, or NULL. */
const struct firmware_map_entry *firmware_map_find_nr(const struct firmware_map *fm,
						      unsigned long nr);

unsigned long firmware_map_check(const struct firmware_map *fm, struct hm_report *r);

#endif /* HOTMEM_FIRMWARE_MEMMAP_H */
