// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_memmap.c - /sys/firmware/memmap (mirrors drivers/firmware/memmap.c).
 */

/**
 * DOC: firmware memory map
 *
 * A list of [start, end] ranges with a type string, in the order they were
 * added: first the firmware's boot map (firmware_map_add_early()), then one
 * "System RAM" entry per hot-added range.  Every entry is a sysfs directory
 * named by map_entries_nr, a counter that only goes up: an entry removed and
 * added again gets a new number.
 *
 * The kernel cannot free a boot entry (it came from memblock), so a removed
 * boot entry goes to a second list, map_entries_bootmem, and is reused when
 * exactly the same range and type is hot-added again.  We keep that
 * behaviour so that allocation counts and failure points match: reusing a
 * boot entry needs no allocation and cannot fail.
 *
 * The public functions take end exclusive, as the kernel's do, and store it
 * inclusive.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/firmware_memmap.h"

/**
 * firmware_map_init - initialise an empty map
 * @fm: caller-owned storage
 * @alloc: the allocator for every entry and type string
 */
void firmware_map_init(struct firmware_map *fm, struct hm_alloc *alloc)
{
	memset(fm, 0, sizeof(*fm));
	fm->alloc = alloc;
}

static void free_entry_list(struct hm_alloc *a, struct firmware_map_entry *entry)
{
	struct firmware_map_entry *next;

	for (; entry; entry = next) {
		next = entry->next;
		hm_kfree(a, entry->type);
		hm_kfree(a, entry);
	}
}

/**
 * firmware_map_destroy - free every entry, live or kept for reuse
 * @fm: the map; left empty (the counter is kept)
 */
void firmware_map_destroy(struct firmware_map *fm)
{
	free_entry_list(fm->alloc, fm->entries);
	free_entry_list(fm->alloc, fm->bootmem);
	fm->entries = NULL;
	fm->bootmem = NULL;
}

/* The first entry on list with exactly [start, end] (inclusive) and type. */
static struct firmware_map_entry **
find_entry_in_list(struct firmware_map_entry **list, uint64_t start, uint64_t end,
		   const char *type)
{
	struct firmware_map_entry **p;

	for (p = list; *p; p = &(*p)->next) {
		if ((*p)->start == start && (*p)->end == end &&
		    !strcmp((*p)->type, type))
			return p;
	}
	return NULL;
}

/* Appends entry to the live list and gives it the next directory number. */
static void firmware_map_add_entry(struct firmware_map *fm,
				   struct firmware_map_entry *entry)
{
	struct firmware_map_entry **p;

	for (p = &fm->entries; *p; p = &(*p)->next)
		;
	entry->next = NULL;
	entry->nr = fm->map_entries_nr++;
	*p = entry;
}

/* A new entry for [start, end] (inclusive) with a copy of type, or NULL. */
static struct firmware_map_entry *alloc_entry(struct hm_alloc *a, uint64_t start,
					      uint64_t end, const char *type,
					      bool bootmem)
{
	struct firmware_map_entry *entry;

	entry = hm_kzalloc(a, sizeof(*entry));
	if (!entry)
		return NULL;
	entry->type = hm_kstrdup(a, type);
	if (!entry->type)
		goto out_free_entry;
	entry->start = start;
	entry->end = end;
	entry->bootmem = bootmem;
	return entry;

out_free_entry:
	hm_kfree(a, entry);
	return NULL;
}

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
			   const char *type)
{
	struct firmware_map_entry *entry;

	if (end <= start)
		return -EINVAL;
	entry = alloc_entry(fm->alloc, start, end - 1, type, true);
	if (!entry)
		return -ENOMEM;
	firmware_map_add_entry(fm, entry);
	return 0;
}

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
			     const char *type)
{
	struct firmware_map_entry **p, *entry;

	if (end <= start)
		return -EINVAL;
	if (find_entry_in_list(&fm->entries, start, end - 1, type))
		return 0;

	p = find_entry_in_list(&fm->bootmem, start, end - 1, type);
	if (p) {
		entry = *p;
		*p = entry->next;
	} else {
		entry = alloc_entry(fm->alloc, start, end - 1, type, false);
		if (!entry)
			return -ENOMEM;
	}
	firmware_map_add_entry(fm, entry);
	return 0;
}

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
			const char *type)
{
	struct firmware_map_entry **p, *entry;

	if (end <= start)
		return -EINVAL;
	p = find_entry_in_list(&fm->entries, start, end - 1, type);
	if (!p)
		return -EINVAL;
	entry = *p;
	*p = entry->next;
	if (entry->bootmem) {
		entry->next = fm->bootmem;
		fm->bootmem = entry;
	} else {
		hm_kfree(fm->alloc, entry->type);
		hm_kfree(fm->alloc, entry);
	}
	return 0;
}

/**
 * firmware_map_find_nr - look up a live entry by directory number
 * @fm: the map
 * @nr: the number
 *
 * Return: the entry, or NULL (also for removed entries kept for reuse).
 */
const struct firmware_map_entry *firmware_map_find_nr(const struct firmware_map *fm,
						      unsigned long nr)
{
	const struct firmware_map_entry *entry;

	for (entry = fm->entries; entry; entry = entry->next) {
		if (entry->nr == nr)
			return entry;
	}
	return NULL;
}

static void entry_name(char *buf, size_t len, const char *list,
		       const struct firmware_map_entry *entry)
{
	snprintf(buf, len, "firmware_map %s %lu [%#llx-%#llx] \"%s\"", list,
		 entry->nr, (unsigned long long)entry->start,
		 (unsigned long long)entry->end,
		 entry->type ? entry->type : "(null)");
}

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
unsigned long firmware_map_check(const struct firmware_map *fm, struct hm_report *r)
{
	const struct firmware_map_entry *entry, *prev = NULL, *live, *slow;
	unsigned long nr = 0, nr_live = 0, i, steps = 0;
	char name[160];

	for (entry = fm->entries; entry; prev = entry, entry = entry->next) {
		entry_name(name, sizeof(name), "entry", entry);
		if (entry->start > entry->end) {
			hm_report_add(r, name, "start %#llx > end %#llx",
				      (unsigned long long)entry->start,
				      (unsigned long long)entry->end);
			nr++;
		}
		if (!entry->type) {
			hm_report_add(r, name, "no type");
			nr++;
		}
		if (entry->nr >= fm->map_entries_nr) {
			hm_report_add(r, name, "nr %lu >= map_entries_nr %lu",
				      entry->nr, fm->map_entries_nr);
			nr++;
		}
		if (prev && entry->nr <= prev->nr) {
			hm_report_add(r, name,
				      "nr %lu not above the previous entry's nr %lu",
				      entry->nr, prev->nr);
			nr++;
			/* a cycle must go backwards somewhere: stop there */
			break;
		}
		nr_live++;
	}

	for (entry = slow = fm->bootmem; entry; entry = entry->next) {
		entry_name(name, sizeof(name), "bootmem", entry);
		if (entry->start > entry->end) {
			hm_report_add(r, name, "start %#llx > end %#llx",
				      (unsigned long long)entry->start,
				      (unsigned long long)entry->end);
			nr++;
		}
		if (!entry->type) {
			hm_report_add(r, name, "no type");
			nr++;
		}
		if (!entry->bootmem) {
			hm_report_add(r, name,
				      "kept for reuse but not from the boot map (bootmem %d)",
				      entry->bootmem);
			nr++;
		}
		for (live = fm->entries, i = 0; live && i < nr_live;
		     live = live->next, i++) {
			if (live == entry) {
				hm_report_add(r, name, "also on the live list as nr %lu",
					      live->nr);
				nr++;
				break;
			}
		}
		/* the slow pointer moves at half speed: meeting it means a cycle */
		if (++steps % 2 == 0)
			slow = slow->next;
		if (entry->next && entry->next == slow) {
			hm_report_add(r, name, "the bootmem list loops");
			nr++;
			break;
		}
	}
	return nr;
}
