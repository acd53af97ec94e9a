// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - the invariant verifier.  It runs each module's check and then
 * the cross-module relations of memory hotplug: blocks against sections,
 * zones against online blocks (present pages recomputed from scratch),
 * resources, the firmware map and the linear map against added ranges.
 */
#include <stdio.h>
#include <string.h>
#include "hotmem/system.h"
#include "hotmem/verify.h"

/* Present pages of each zone, recomputed from the online sections' pages. */
static void verify_zone_present(struct hm_system *sys, struct hm_report *r)
{
	struct memory_block *mem;
	struct pglist_data *pgdat;
	unsigned long id;
	int nid, zid;
	char obj[64];

	for_each_online_pgdat(sys, pgdat, nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			unsigned long present = zone->present_early_pages;

			for_each_memory_block(sys, id, mem) {
				unsigned long spb_pages = memory_block_size_bytes(sys) >> PAGE_SHIFT;

				if (mem->zone != zone || !mem->start_section_nr)
					continue;
				/* hot-added blocks: every page of an online block */
				if (!early_section(__nr_to_section(sys, mem->start_section_nr)))
					present += spb_pages;
			}
			snprintf(obj, sizeof(obj), "node %d zone %s", nid, zone_names[zid]);
			if (zid != ZONE_DEVICE && present != zone->present_pages)
				hm_report_add(r, obj, "present_pages %lu, recomputed %lu",
					      zone->present_pages, present);
			if (populated_zone(zone) && zid != ZONE_DEVICE) {
				/*
				 * Where an edge lies in hot-added memory, it is an online
				 * page of the zone (spans shrink at offline); boot zones may
				 * end in holes or absent sections.
				 */
				unsigned long edge[2] = { zone->zone_start_pfn,
							  zone_end_pfn(zone) - 1 };
				int k;

				for (k = 0; k < 2; k++) {
					struct mem_section *ms = __pfn_to_section(sys, edge[k]);
					struct page *page;

					if (!present_section(ms) || early_section(ms))
						continue;
					page = pfn_to_online_page(sys, edge[k]);
					if (!page || page_zone(sys, page) != zone)
						hm_report_add(r, obj, "%s pfn %lu is not an online page "
							      "of the zone", k ? "end" : "start",
							      edge[k]);
				}
			}
		}
	}
}

/* Each hot-added block: System RAM resource, firmware map, linear map, memblock. */
static void verify_added_ranges(struct hm_system *sys, struct hm_report *r)
{
	unsigned long block = memory_block_size_bytes(sys), id;
	struct memory_block *mem;
	char obj[48];

	for_each_memory_block(sys, id, mem) {
		uint64_t start = (uint64_t)id * block, end = start + block;
		struct resource *res = resource_lookup(&sys->iomem_resource, start);

		snprintf(obj, sizeof(obj), "memory%lu", id);
		if (early_section(__nr_to_section(sys, mem->start_section_nr)))
			continue;
		while (res && !(res->flags & IORESOURCE_BUSY))
			res = res->parent;
		if (!res || (res->flags & IORESOURCE_SYSTEM_RAM) != IORESOURCE_SYSTEM_RAM ||
		    res->start > start || res->end < end - 1)
			hm_report_add(r, obj, "[%#llx-%#llx] not covered by busy System RAM",
				      (unsigned long long)start, (unsigned long long)end - 1);
		if (!arch_range_is_mapped(sys, start, end))
			hm_report_add(r, obj, "[%#llx-%#llx] not in the linear map",
				      (unsigned long long)start, (unsigned long long)end - 1);
		if (sys->arch.keep_memblock &&
		    !memblock_is_region_memory(&sys->memblock, start, block))
			hm_report_add(r, obj, "[%#llx-%#llx] not in memblock.memory",
				      (unsigned long long)start, (unsigned long long)end - 1);
		if (mem->nid < 0 || !node_isset(mem->nid, mem->node_links))
			hm_report_add(r, obj, "hot-added block has nid %d, links %#llx", mem->nid,
				      (unsigned long long)mem->node_links);
		else if (mem->node_links != (1ULL << mem->nid))
			hm_report_add(r, obj, "hot-added block linked to nodes %#llx, nid %d",
				      (unsigned long long)mem->node_links, mem->nid);
	}
}

unsigned long verify_system(struct hm_system *sys, struct hm_buf *out)
{
	struct hm_report r;
	unsigned long n;

	hm_report_init(&r);
	memblock_check(&sys->memblock, &r);
	resource_check(&sys->iomem_resource, &r);
	firmware_map_check(&sys->fwmap, &r);
	sparse_check(sys, &r);
	mmzone_check(sys, &r);
	memory_block_check(sys, &r);
	node_check(sys, &r);
	verify_zone_present(sys, &r);
	verify_added_ranges(sys, &r);
	if (sys->stats.poisoned_page_reads)
		hm_report_add(&r, "memmap", "%lu reads of uninitialised struct pages",
			      sys->stats.poisoned_page_reads);
	n = r.nr_violations;
	if (n)
		hm_buf_append(out, hm_buf_str(&r.text), r.text.len);
	hm_report_free(&r);
	return n;
}
