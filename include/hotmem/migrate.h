/* SPDX-License-Identifier: GPL-2.0 */
/*
 * migrate.h - page migration (mirrors the parts of mm/migrate.c that
 * offlining uses): a movable page in use gets a new frame, its contents are
 * copied there, its owner is pointed at the new frame and the old frame is
 * freed.
 */
#ifndef HOTMEM_MIGRATE_H
#define HOTMEM_MIGRATE_H

#include "hotmem/types.h"

struct hm_system;
struct page;

/*
 * Migrates one movable page for memory offline (MR_MEMORY_HOTPLUG): the new
 * frame comes from another node with memory if there is one, else from the
 * page's own node (alloc_migration_target with the source node cleared from
 * N_MEMORY), from ZONE_MOVABLE only if the page was there.  The caller
 * holds the workload lock.  Returns 0, or -ENOMEM with the page untouched.
 */
int migrate_page_hotplug(struct hm_system *sys, struct page *page);

/*
 * do_migrate_range's work: migrates every movable page of [start_pfn,
 * end_pfn).  Returns the number of pages it moved; *nr_failed gets the
 * number that could not be moved now (not an error: offline retries).
 */
unsigned long migrate_range(struct hm_system *sys, unsigned long start_pfn,
			    unsigned long end_pfn, unsigned long *nr_failed);

/*
 * The same for alloc_contig_range: the targets come from the pages' own
 * node first (alloc_migration_target without a nodemask).  Returns what it
 * moved, *nr_failed what it could not.
 */
unsigned long migrate_range_contig(struct hm_system *sys, unsigned long start_pfn,
				   unsigned long end_pfn, unsigned long *nr_failed);

#endif /* HOTMEM_MIGRATE_H */
