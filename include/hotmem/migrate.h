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

/**
 * migrate_page_hotplug() - migrate one movable page for memory offline
 * @sys: the system
 * @page: a page in use on the LRU (the caller holds the workload lock)
 *
 * MR_MEMORY_HOTPLUG: the new frame comes from another node with memory if
 * there is one, else from the page's own node (alloc_migration_target with
 * the source node cleared from N_MEMORY), from ZONE_MOVABLE only if the
 * page was there; the contents are copied, the owner pointed at the new
 * frame and the old one freed.
 *
 * Return: 0; -ENOMEM if no frame was found, the page untouched.
 */
int migrate_page_hotplug(struct hm_system *sys, struct page *page);

/**
 * migrate_range() - do_migrate_range's work for memory offline
 * @sys: the system
 * @start_pfn: first pfn
 * @end_pfn: the pfn past the range
 * @nr_failed: gets the number of pages that could not be moved now (not
 *	an error: offline retries)
 *
 * Migrates every movable page of [@start_pfn, @end_pfn) as
 * migrate_page_hotplug() does; the first failure is logged.
 *
 * Return: the number of pages moved.
 */
unsigned long migrate_range(struct hm_system *sys, unsigned long start_pfn,
			    unsigned long end_pfn, unsigned long *nr_failed);

/**
 * migrate_range_contig() - migrate_range() for alloc_contig_range
 * @sys: the system
 * @start_pfn: first pfn
 * @end_pfn: the pfn past the range
 * @nr_failed: gets the number of pages that could not be moved
 *
 * The targets come from the pages' own node first (alloc_migration_target
 * without a nodemask).
 *
 * Return: the number of pages moved.
 */
unsigned long migrate_range_contig(struct hm_system *sys, unsigned long start_pfn,
				   unsigned long end_pfn, unsigned long *nr_failed);

#endif /* HOTMEM_MIGRATE_H */
