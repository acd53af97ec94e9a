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
