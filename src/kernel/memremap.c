// SPDX-License-Identifier: GPL-2.0
/*
 * memremap.c - memremap_pages and memunmap_pages (mirrors mm/memremap.c).
 *
 * DOC: device memory
 *
 * One add/remove path for memory that belongs to a device.  pagemap_range()
 * checks that no other pgmap holds the range and that it does not touch
 * System RAM, records the pgmap, then under the hotplug lock adds the
 * sections: arch_add_memory() (linear map + sections + memmap, the memmap
 * from the altmap when PGMAP_ALTMAP_VALID) or, for device-private memory,
 * add_pages() (sections and memmap, nothing mapped), and moves the range
 * into the node's ZONE_DEVICE.  The pages are initialised after the lock
 * is dropped (memmap_init_zone_device) and each data page takes a reference
 * on the pgmap except for device-private and coherent memory, whose pages
 * start free (refcount 0).
 *
 * memunmap_pages() is the reverse in the reverse order: drop the
 * references, poison the pages (remove_pfn_range_from_zone; ZONE_DEVICE
 * never shrinks), remove the sections (and the linear map), forget the
 * pgmap.  It never touches memory blocks, memblock, the firmware map or
 * resources: the driver requested its resources and releases them itself,
 * and a hot-remove of System RAM would back off on them.
 *
 *   memremap_pages                      memunmap_pages
 *   1 conflict / System RAM checks
 *   2 pgmap_array insert                5 pgmap_array delete
 *   3 arch_add_memory | add_pages      4 arch_remove_memory | remove_pages
 *     move_pfn_range_to_zone(DEVICE)     remove_pfn_range_from_zone
 *   4 memmap_init_zone_device, refs    3 drop refs (percpu_ref_kill)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/memremap.h"
#include "hotmem/system.h"

struct dev_pagemap *get_dev_pagemap(struct hm_system *sys, unsigned long pfn)
{
	struct dev_pagemap *p;

	for (p = sys->pgmaps; p; p = p->next)
		if (pfn >= PHYS_PFN(p->start) && pfn <= PHYS_PFN(p->end))
			return p;
	return NULL;
}

unsigned long memremap_nr_pgmaps(struct hm_system *sys)
{
	unsigned long n = 0;
	struct dev_pagemap *p;

	for (p = sys->pgmaps; p; p = p->next)
		n++;
	return n;
}

static void pgmap_array_delete(struct hm_system *sys, struct dev_pagemap *pgmap)
{
	struct dev_pagemap **pp;

	for (pp = &sys->pgmaps; *pp; pp = &(*pp)->next)
		if (*pp == pgmap) {
			*pp = pgmap->next;
			pgmap->next = NULL;
			return;
		}
}

/*
 * memmap_init_zone_device: the pgmap pointer and the refcount of each data
 * page (__init_zone_device_page; the altmap's memmap pfns before the first
 * data page keep what move_pfn_range_to_zone gave them).  A whole section
 * of data pages is uniform when it is created: its one template takes the
 * pgmap for all of its pages (memmap.h), so creating a device range costs
 * its sections, not its pages; the section that holds the end of the
 * altmap's memmap, and any part section, is written page by page.  The
 * dense mode (HOTMEM_MEMMAP=dense) writes every page.
 */
static void memmap_init_zone_device(struct hm_system *sys, struct dev_pagemap *pgmap)
{
	unsigned long pfn = pgmap_pfn_first(pgmap), end = pgmap_pfn_end(pgmap);
	bool free_at_start = pgmap->type == MEMORY_DEVICE_PRIVATE ||
			     pgmap->type == MEMORY_DEVICE_COHERENT;

	while (pfn < end) {
		unsigned long stop = ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;
		struct mem_section *ms;
		struct page *page;

		if (stop > end)
			stop = end;
		ms = memmap_uniform_range(sys, pfn, stop - pfn);
		if (ms) {
			ms->tmpl.mapping = pgmap;	/* page->pgmap */
			ms->tmpl.refcount = free_at_start ? 0 : 1;
			pfn = stop;
			continue;
		}
		for (page = pfn_to_page(sys, pfn); pfn < stop; pfn++, page++) {
			page->mapping = pgmap;
			page->refcount = free_at_start ? 0 : 1;
		}
	}
}

static int pagemap_range(struct hm_system *sys, struct dev_pagemap *pgmap, int nid)
{
	const bool is_private = pgmap->type == MEMORY_DEVICE_PRIVATE;
	struct vmem_altmap *altmap = pgmap->flags & PGMAP_ALTMAP_VALID ? &pgmap->altmap : NULL;
	uint64_t start = pgmap->start, size = pgmap->end - pgmap->start + 1;
	unsigned long start_pfn = PHYS_PFN(start), nr_pages = PHYS_PFN(size);
	struct pglist_data *pgdat;
	int ret;

	if (get_dev_pagemap(sys, start_pfn) || get_dev_pagemap(sys, PHYS_PFN(pgmap->end))) {
		hm_warn(sys, "memremap_pages: conflicting mapping in range [%#llx-%#llx]",
			(unsigned long long)start, (unsigned long long)pgmap->end);
		return -ENOMEM;
	}
	if (region_intersects(&sys->iomem_resource, start, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		hm_warn(sys, "memremap_pages: [%#llx-%#llx] overlaps System RAM",
			(unsigned long long)start, (unsigned long long)pgmap->end);
		return -ENXIO;
	}
	/* mhp_range_allowed(need_mapping = !private): the linear map holds 2^46 (2^52 with la57) */
	if (!size || pgmap->end < start ||
	    (!is_private && pgmap->end >= (1ULL << arch_physmem_bits(&sys->arch))) ||
	    pgmap->end >= (1ULL << 52)) {
		pr_err(sys, "Hotplug memory [%#llx-%#llx] exceeds maximum addressable range",
		       (unsigned long long)start, (unsigned long long)pgmap->end);
		return -EINVAL;
	}
	if (nid < 0 || nid >= MAX_NUMNODES || !(pgdat = NODE_DATA(sys, nid)) || !node_online(sys, nid))
		return -EINVAL;

	pgmap->next = sys->pgmaps;		/* xa_store_range(pgmap_array) */
	sys->pgmaps = pgmap;

	mem_hotplug_begin(sys);
	if (is_private)
		ret = add_pages(sys, nid, start_pfn, nr_pages, altmap);
	else
		ret = arch_add_memory(sys, nid, start, size, altmap);
	if (!ret)
		move_pfn_range_to_zone(sys, &pgdat->node_zones[ZONE_DEVICE], start_pfn, nr_pages,
				       MIGRATE_MOVABLE);
	mem_hotplug_done(sys);
	if (ret) {
		pgmap_array_delete(sys, pgmap);
		return ret;
	}

	/* outside the hotplug lock, as the kernel does */
	memmap_init_zone_device(sys, pgmap);
	if (!is_private && pgmap->type != MEMORY_DEVICE_COHERENT)
		pgmap->ref += (long)(pgmap_pfn_end(pgmap) - pgmap_pfn_first(pgmap));
	return 0;
}

int memremap_pages(struct hm_system *sys, struct dev_pagemap *pgmap, int nid)
{
	int ret;

	switch (pgmap->type) {
	case MEMORY_DEVICE_PRIVATE:
		if (!pgmap->ops.migrate_to_ram || !pgmap->ops.page_free || !pgmap->owner)
			return -EINVAL;
		break;
	case MEMORY_DEVICE_COHERENT:
		if (!pgmap->ops.page_free || !pgmap->owner)
			return -EINVAL;
		break;
	case MEMORY_DEVICE_FS_DAX:
	case MEMORY_DEVICE_GENERIC:
	case MEMORY_DEVICE_PCI_P2PDMA:
		break;
	default:
		hm_warn(sys, "memremap_pages: invalid type %d", (int)pgmap->type);
		return -EINVAL;
	}
	if (pgmap->live)
		return -EBUSY;
	if (!IS_ALIGNED(pgmap->start, PAGES_PER_SUBSECTION << PAGE_SHIFT) ||
	    !IS_ALIGNED(pgmap->end + 1, PAGES_PER_SUBSECTION << PAGE_SHIFT))
		return -EINVAL;	/* __add_pages warns and fails on such a range */
	pgmap->ref = 0;
	ret = pagemap_range(sys, pgmap, nid);
	if (ret)
		return ret;
	pgmap->nid = nid;
	pgmap->live = true;
	return 0;
}

void memunmap_pages(struct hm_system *sys, struct dev_pagemap *pgmap)
{
	const bool is_private = pgmap->type == MEMORY_DEVICE_PRIVATE;
	struct vmem_altmap *altmap = pgmap->flags & PGMAP_ALTMAP_VALID ? &pgmap->altmap : NULL;
	uint64_t start = pgmap->start, size = pgmap->end - pgmap->start + 1;
	struct pglist_data *pgdat;

	if (!pgmap->live)
		return;
	pgdat = NODE_DATA(sys, pgmap->nid);
	/* percpu_ref_kill, put the per-page references, wait for the last one */
	if (!is_private && pgmap->type != MEMORY_DEVICE_COHERENT)
		pgmap->ref -= (long)(pgmap_pfn_end(pgmap) - pgmap_pfn_first(pgmap));
	if (pgmap->ref)
		hm_warn(sys, "memunmap_pages: %ld page references still held", pgmap->ref);

	mem_hotplug_begin(sys);
	remove_pfn_range_from_zone(sys, &pgdat->node_zones[ZONE_DEVICE], PHYS_PFN(start),
				   PHYS_PFN(size));
	if (is_private)
		remove_pages(sys, PHYS_PFN(start), PHYS_PFN(size), NULL);
	else
		arch_remove_memory(sys, start, size, altmap);
	mem_hotplug_done(sys);

	pgmap_array_delete(sys, pgmap);
	if (altmap && altmap->alloc)
		hm_warn(sys, "memunmap_pages: failed to free all reserved pages");
	pgmap->live = false;
}

unsigned long memremap_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations;
	struct dev_pagemap *p;
	char obj[80];
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = NODE_DATA(sys, nid);
		struct zone *z;

		if (!pgdat)
			continue;
		z = &pgdat->node_zones[ZONE_DEVICE];
		if (z->present_pages || z->managed_pages || z->nr_free_pages)
			hm_report_add(r, "zone Device", "node %d: present %lu managed %lu free %lu, "
				      "ZONE_DEVICE pages are never present or free", nid,
				      z->present_pages, z->managed_pages, z->nr_free_pages);
	}
	for (p = sys->pgmaps; p; p = p->next) {
		unsigned long pfn, end = pgmap_pfn_end(p), start_pfn = PHYS_PFN(p->start);
		unsigned long first = pgmap_pfn_first(p);
		struct zone *zone = &NODE_DATA(sys, p->nid)->node_zones[ZONE_DEVICE];
		struct resource *res;
		bool mapped;

		snprintf(obj, sizeof(obj), "pgmap [%#llx-%#llx]", (unsigned long long)p->start,
			 (unsigned long long)p->end);
		if (!p->live)
			hm_report_add(r, obj, "in the pgmap array but not live");
		if (region_intersects(&sys->iomem_resource, p->start, p->end - p->start + 1,
				      IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) != REGION_DISJOINT)
			hm_report_add(r, obj, "overlaps System RAM");
		res = resource_lookup(&sys->iomem_resource, p->start);
		if (!res || res->end < p->start ||
		    !(res = resource_lookup(&sys->iomem_resource, p->end)))
			hm_report_add(r, obj, "not covered by a resource");
		mapped = arch_range_is_mapped(sys, p->start, p->end + 1);
		if (p->type == MEMORY_DEVICE_PRIVATE && mapped)
			hm_report_add(r, obj, "device-private memory is in the linear map");
		if (p->type != MEMORY_DEVICE_PRIVATE && !mapped)
			hm_report_add(r, obj, "not in the linear map");
		if (!zone_spans_pfn(zone, start_pfn) || !zone_spans_pfn(zone, end - 1))
			hm_report_add(r, obj, "not spanned by node %d's ZONE_DEVICE", p->nid);
		if (p->flags & PGMAP_ALTMAP_VALID) {
			const struct vmem_altmap *a = &p->altmap;

			if (a->alloc + a->align > a->free)
				hm_report_add(r, obj, "altmap: alloc %lu + align %lu > free %lu",
					      a->alloc, a->align, a->free);
			if (a->base_pfn != start_pfn)
				hm_report_add(r, obj, "altmap: base_pfn %#lx is not the start",
					      a->base_pfn);
		}
		for (pfn = start_pfn; pfn < end; pfn += PAGES_PER_SUBSECTION) {
			struct mem_section *ms = __pfn_to_section(sys, pfn);
			const struct page *page;

			if (!valid_section(ms) || !ms->usage ||
			    !(ms->usage->subsection_map & (1ULL << subsection_map_index(pfn)))) {
				hm_report_add(r, obj, "subsection at pfn %#lx not added", pfn);
				break;
			}
			if (pfn_to_online_page_peek(sys, pfn) && online_section(ms) &&
			    !(ms->flags & SECTION_TAINT_ZONE_DEVICE)) {
				hm_report_add(r, obj, "pfn %#lx is an online page", pfn);
				break;
			}
			page = pfn_page_peek(sys, pfn);
			if (!page_poisoned(page) &&
			    (page_test_flag(sys, page, PG_buddy) ||
			     page_zonenum(sys, page) != ZONE_DEVICE)) {
				hm_report_add(r, obj, "pfn %#lx: free or not in ZONE_DEVICE", pfn);
				break;
			}
			/* a data page (a template for a whole section) points at its pgmap */
			if (pfn < first && pfn + PAGES_PER_SUBSECTION > first)
				page = pfn_page_peek(sys, first);
			if (pfn + PAGES_PER_SUBSECTION > first && !page_poisoned(page) &&
			    page->mapping != p) {
				hm_report_add(r, obj, "pfn %#lx: page->pgmap %p is not this pgmap",
					      pfn < first ? first : pfn, page->mapping);
				break;
			}
		}
	}
	return r->nr_violations - before;
}
