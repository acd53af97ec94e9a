// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - the invariant verifier.  It runs each module's check and then
 * the cross-module relations of memory hotplug: blocks against sections,
 * zones against online blocks (present pages recomputed from scratch),
 * resources, the firmware map and the linear map against added ranges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/system.h"
#include "hotmem/verify.h"
#include "hotmem/nvdimm.h"

/* Counts one page of an online section into its zone's slot. */
static void count_page(struct hm_system *sys, const struct page *page, unsigned long n,
		       unsigned long (*present)[MAX_NR_ZONES])
{
	int nid = page_to_nid(sys, page), zid = page_zonenum(sys, page);

	if (nid < MAX_NUMNODES && zid < MAX_NR_ZONES)
		present[nid][zid] += n;
}

void verify_online_ram(struct hm_system *sys,
		       void (*fn)(struct hm_system *sys, unsigned long start_pfn,
				  unsigned long end_pfn, void *arg),
		       void *arg)
{
	const struct memblock_type *memory = &sys->memblock.memory;
	unsigned long nr, pfn, end, i;

	for_each_present_section_nr(sys, nr) {
		struct mem_section *ms = __nr_to_section(sys, nr);

		if (!online_section(ms) || !valid_section(ms))
			continue;
		pfn = section_nr_to_pfn(nr);
		end = pfn + PAGES_PER_SECTION;
		if (!early_section(ms)) {
			/* runs of online subsections: a free chunk may cover several */
			while (pfn < end) {
				unsigned long run = pfn;

				while (run < end && pfn_to_online_page_peek(sys, run))
					run += PAGES_PER_SUBSECTION;
				if (run > pfn)
					fn(sys, pfn, run, arg);
				pfn = run + PAGES_PER_SUBSECTION;
			}
			continue;
		}
		for (i = 0; i < memory->cnt; i++) {
			unsigned long s = PFN_UP(memory->regions[i].base);
			unsigned long e = PFN_DOWN(memory->regions[i].base + memory->regions[i].size);

			s = s < pfn ? pfn : s;
			e = e > end ? end : e;
			if (s < e)
				fn(sys, s, e, arg);
		}
	}
}

/*
 * Present pages of a range of online RAM, by the zone their struct page
 * names: zone boundaries are pageblock aligned, one page per pageblock.
 */
static void recount_present(struct hm_system *sys, unsigned long s, unsigned long e, void *arg)
{
	unsigned long (*present)[MAX_NR_ZONES] = arg;

	while (s < e) {
		unsigned long next = ALIGN_DOWN(s, pageblock_nr_pages) + pageblock_nr_pages;

		if (next > e)
			next = e;
		count_page(sys, pfn_page_peek(sys, s), next - s, present);
		s = next;
	}
}

static unsigned long verify_zone_present(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations;
	/* 2.5 KiB on the stack: the verifier allocates nothing, so it cannot fail */
	unsigned long recount[MAX_NUMNODES][MAX_NR_ZONES] = { { 0 } };
	struct pglist_data *pgdat;
	int nid, zid;
	char obj[64];

	/* recounted from scratch in one pass over the RAM of online sections */
	verify_online_ram(sys, recount_present, recount);
	for_each_online_pgdat(sys, pgdat, nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			unsigned long present = recount[nid][zid];

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
					const struct page *page;

					if (!present_section(ms) || early_section(ms))
						continue;
					page = pfn_to_online_page_peek(sys, edge[k]);
					if (!page || page_zone(sys, page) != zone)
						hm_report_add(r, obj, "%s pfn %lu is not an online page "
							      "of the zone", k ? "end" : "start",
							      edge[k]);
				}
			}
		}
	}
	return r->nr_violations - before;
}

/* Each hot-added block: System RAM resource, firmware map, linear map, memblock. */
static unsigned long verify_added_ranges(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations;
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
		if (!arch_range_is_mapped(sys, start, end) ||
		    !pgtable_linear_is_mapped(sys, start) || !pgtable_linear_is_mapped(sys, end - 1))
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
	return r->nr_violations - before;
}

/* The checks of the system's parts, in the order the report lists what they find. */
static unsigned long (*const system_checks[])(struct hm_system *sys, struct hm_report *r) = {
	sparse_check, mmzone_check, memory_block_check, node_check, cpu_check,
	verify_zone_present, verify_added_ranges, page_alloc_check, memremap_check,
	nvdimm_check, workload_verify, pgtable_check,
};

unsigned long verify_system(struct hm_system *sys, struct hm_buf *out)
{
	struct hm_report r;
	unsigned long n;
	size_t i;

	hm_report_init(&r);
	memblock_check(&sys->memblock, &r);
	resource_check(&sys->iomem_resource, &r);
	firmware_map_check(&sys->fwmap, &r);
	for (i = 0; i < ARRAY_SIZE(system_checks); i++)
		system_checks[i](sys, &r);
	if (sys->stats.poisoned_page_reads)
		hm_report_add(&r, "memmap", "%lu reads of uninitialised struct pages",
			      sys->stats.poisoned_page_reads);
	n = r.nr_violations;
	if (n)
		hm_buf_append(out, hm_buf_str(&r.text), r.text.len);
	hm_report_free(&r);
	return n;
}
