// SPDX-License-Identifier: GPL-2.0
/*
 * init.c - booting a system: the command line, the e820 map (firmware map,
 * iomem, memblock), NUMA affinity, zones, sparse sections, the memmap, the
 * page allocator's initial free memory, memory blocks and node devices
 * (start_kernel's memory set-up, as x86_64 does it).
 *
 * The kernel's own boot allocations that decide answers are placed with
 * memblock's allocator in the kernel's order: the kernel image (x86: at
 * 16 MiB after the first MiB; arm64: where EDK2 put it), the initrd where
 * the boot loader put it (x86: QEMU's placement, pc.c), arm64's early page
 * tables, each node's memmap, on arm64 the CMA area, the per-CPU first
 * chunk (percpu.c), and on arm64 the swiotlb; the initrd is given back
 * before the buddy allocator takes the rest.  The others (the DTB's copy,
 * the large system hashes, the log buffer with many CPUs, slab) are not:
 * real managed and free counts differ and the comparison masks them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hotmem/page_alloc.h"
#include "hotmem/system.h"

/*
 * x86: the image at CONFIG_PHYSICAL_START (0x1000000 in Debian's
 * config-6.1.0-56-amd64; nokaslr), and early_reserve_memory reserves
 * [_text, __end_of_kernel_reserve): in the ELF vmlinux inside Debian's
 * vmlinuz-6.1.0-56-amd64 (xz payload) .text starts at 0xffffffff81000000
 * and .brk, whose end that is, at 0xffffffff84400000 with 0x30000 bytes.
 */
#define KERNEL_IMAGE_START	0x1000000ULL
#define KERNEL_IMAGE_SIZE	(0x4430000ULL - KERNEL_IMAGE_START)
/*
 * setup_arch's code, rodata, data and bss resources, from the same ELF
 * (readelf -S / -l, physical = virtual - 0xffffffff80000000): .text
 * 0x1000000 + 0xe01d32 (_text.._etext); .rodata from 0x2000000 to the end of
 * the first LOAD segment (.text through .BTF_ids, 0x18ea9f0 bytes from
 * 0x1000000) page-aligned (__end_rodata); .data 0x2a00000 + 0x248980
 * (_sdata.._edata); .bss 0x3310000 + 0x10f0000 (__bss_start..__bss_stop).
 */
static const struct {
	const char *name;
	uint64_t start, end;	/* [start, end) */
} x86_kernel_resources[] = {
	{ "Kernel code", 0x1000000, 0x1000000 + 0xe01d32 },
	{ "Kernel rodata", 0x2000000, 0x28eb000 },
	{ "Kernel data", 0x2a00000, 0x2a00000 + 0x248980 },
	{ "Kernel bss", 0x3310000, 0x3310000 + 0x10f0000 },
};
/*
 * Debian's arm64 image (vmlinuz-6.1.0-56-cloud-arm64, an uncompressed
 * Image): its header's image_size (_end - _text) is 0x1ab0000, and its
 * PE/COFF .text section starts at _text + 0x10000 (_stext, after the 64 KiB
 * of headers).  Both read from the file, whose System.map is a stub.
 */
#define ARM64_KIMG_STEXT	0x10000ULL
#define ARM64_KIMG_SIZE		0x1ab0000ULL
/*
 * __init_begin and _sdata, the ends of "Kernel code" and the start of
 * "Kernel data" in /proc/iomem: the image has no symbols, so these are
 * from the arm64 oracle's /proc/iomem (at _text 0x77400000: Kernel code
 * 77410000-7878ffff, Kernel data 78c10000-78eaffff).
 */
#define ARM64_KIMG_INIT_BEGIN	0x1390000ULL
#define ARM64_KIMG_SDATA	0x1810000ULL
#define KERNEL_STRUCT_PAGE_SIZE	64

const char *e820_type_to_string(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return "System RAM";
	case E820_TYPE_ACPI:
		return "ACPI Tables";
	case E820_TYPE_NVS:
		return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:
		return "Unusable memory";
	case E820_TYPE_PMEM:
		return "Persistent Memory";
	default:
		return "Reserved";
	}
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "y") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on") || !strcasecmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "0") || !strcasecmp(v, "n") || !strcasecmp(v, "no") ||
		 !strcasecmp(v, "off") || !strcasecmp(v, "false"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

/*
 * The kernel command line: what memory hotplug reads.  Unknown words are
 * passed on to init by the kernel, so they are ignored here; a bad value
 * of a known parameter is ignored with a log line, as the kernel does.
 */
static int parse_cmdline(struct hm_system *sys, const char *cmdline)
{
	char *copy, *tok, *save;

	if (!cmdline)
		return 0;
	copy = hm_kstrdup(&sys->alloc, cmdline);	/* boot fails without it, not the params */
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *val = strchr(tok, '=');
		bool b;

		if (val)
			*val++ = '\0';
		if (!strcmp(tok, "movable_node")) {
			sys->params.movable_node = true;
		} else if (!strcmp(tok, "nogbpages")) {
			sys->arch.gbpages = false;	/* x86: no 1 GiB linear-map pages */
		} else if (!strcmp(tok, "no5lvl")) {
			sys->arch.la57 = false;		/* x86: 4-level paging on an la57 CPU */
		} else if (!val) {
			continue;
		} else if (!strcmp(tok, "memhp_default_state")) {
			int type = mhp_online_type_from_str(val);

			if (type >= 0)
				sys->params.default_online_type = type;
		} else if (!strcmp(tok, "memory_hotplug.memmap_on_memory")) {
			if (!parse_bool(val, &b))
				sys->params.memmap_on_memory = b;
		} else if (!strcmp(tok, "memory_hotplug.online_policy")) {
			if (!strcmp(val, "contig-zones"))
				sys->params.online_policy = ONLINE_POLICY_CONTIG_ZONES;
			else if (!strcmp(val, "auto-movable"))
				sys->params.online_policy = ONLINE_POLICY_AUTO_MOVABLE;
			else
				pr_warn(sys, "memory_hotplug.online_policy: bad value '%s'", val);
		} else if (!strcmp(tok, "memory_hotplug.auto_movable_ratio")) {
			char *end;
			unsigned long v = strtoul(val, &end, 0);

			if (*end || end == val || v > 0xffffffffUL)
				pr_warn(sys, "memory_hotplug.auto_movable_ratio: bad value '%s'", val);
			else
				sys->params.auto_movable_ratio = (unsigned int)v;
		} else if (!strcmp(tok, "memory_hotplug.auto_movable_numa_aware")) {
			if (!parse_bool(val, &b))
				sys->params.auto_movable_numa_aware = b;
		} else if (!strcmp(tok, "hotmem.arm64_pfn_valid")) {
			/*
			 * emulator only: "memblock" is arm64's pfn_valid before
			 * v5.14 (it asks memblock_is_map_memory), "generic" 6.1's
			 */
			if (sys->arch.kind != HM_ARCH_ARM64)
				pr_warn(sys, "hotmem.arm64_pfn_valid: not an arm64 kernel");
			else if (!strcmp(val, "memblock") || !strcmp(val, "generic"))
				sys->arch.pfn_valid_uses_memblock = !strcmp(val, "memblock");
			else
				pr_warn(sys, "hotmem.arm64_pfn_valid: bad value '%s'", val);
		} else if (!strcmp(tok, "hotmem.pgtable_free_regardless")) {
			/* emulator only: free_empty_tables ignores floor/ceiling (a bug) */
			if (!parse_bool(val, &b))
				sys->pgtable.free_regardless = b;
		}
	}
	hm_kfree(&sys->alloc, copy);
	return 0;
}

/* A boot resource in the iomem tree: 0, -ENOMEM or insert_resource's conflict. */
static int boot_insert_resource(struct hm_system *sys, uint64_t start, uint64_t size,
				const char *name, unsigned long flags, unsigned long desc)
{
	return insert_new_resource(&sys->alloc, &sys->iomem_resource, start, start + size - 1,
				   name, flags, desc);
}

/* e820__reserve_resources: the kernel's e820 table as iomem resources. */
static int e820_reserve_resources(struct hm_system *sys, const struct e820_entry *e,
				  unsigned int n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		unsigned long flags = e[i].type == E820_TYPE_RAM ? IORESOURCE_SYSTEM_RAM :
								   IORESOURCE_MEM;
		unsigned long desc = e[i].type == E820_TYPE_RESERVED ? IORES_DESC_RESERVED :
				     e[i].type == E820_TYPE_ACPI ? IORES_DESC_ACPI_TABLES :
				     e[i].type == E820_TYPE_PMEM ? IORES_DESC_PERSISTENT_MEMORY :
				     IORES_DESC_NONE;
		bool busy = e[i].addr < (1ULL << 20) ||
			    (e[i].type != E820_TYPE_RESERVED && e[i].type != E820_TYPE_PMEM);

		if (busy)
			flags |= IORESOURCE_BUSY;
		ret = boot_insert_resource(sys, e[i].addr, e[i].size,
					   e820_type_to_string(e[i].type), flags, desc);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * early_reserve_initrd (x86) and arm64_memblock_init: the initrd where the
 * boot loader put it, to whole pages, until free_initrd_mem gives it back.
 */
static int early_reserve_initrd(struct hm_system *sys, const struct hm_boot_info *bi)
{
	uint64_t end = ALIGN(bi->initrd_start + bi->initrd_size, (uint64_t)PAGE_SIZE);

	if (!bi->initrd_size)
		return 0;
	return memblock_reserve(&sys->memblock, bi->initrd_start, end - bi->initrd_start);
}

/*
 * free_initrd_mem (populate_rootfs, once the initramfs is unpacked): its
 * pages go to the buddy allocator and, on arm64, out of memblock.reserved.
 * Done before memblock_free_all, which then frees them, to the same end.
 */
static int free_initrd_mem(struct hm_system *sys, const struct hm_boot_info *bi)
{
	uint64_t end = ALIGN(bi->initrd_start + bi->initrd_size, (uint64_t)PAGE_SIZE);

	if (!bi->initrd_size)
		return 0;
	return memblock_phys_free(&sys->memblock, bi->initrd_start, end - bi->initrd_start);
}

/* memblock: RAM of the kernel's e820 table, with NUMA nodes, and reservations. */
static int memblock_setup(struct hm_system *sys, const struct hm_boot_info *bi,
			  const struct e820_entry *e, unsigned int n)
{
	const struct memblock_region *rgn;
	unsigned long i;
	int ret;

	memblock_allow_resize(&sys->memblock);	/* e820__memblock_setup */
	for (i = 0; i < n; i++) {
		if (e[i].type != E820_TYPE_RAM)
			continue;
		ret = memblock_add(&sys->memblock, e[i].addr, e[i].size);
		if (ret)
			return ret;
	}
	if (bi->nr_numa) {
		for (i = 0; i < bi->nr_numa; i++) {
			ret = memblock_set_node(&sys->memblock, bi->numa[i].start,
						bi->numa[i].end - bi->numa[i].start,
						bi->numa[i].nid);
			if (ret)
				return ret;
		}
	} else {
		ret = memblock_set_node(&sys->memblock, 0, ~0ULL, 0);
		if (ret)
			return ret;
	}
	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		if (rgn->nid < 0 || rgn->nid >= MAX_NUMNODES) {
			pr_warn(sys, "memblock: [%#llx-%#llx] has no NUMA node",
			       (unsigned long long)rgn->base,
			       (unsigned long long)(rgn->base + rgn->size - 1));
			return -EINVAL;
		}
	}
	/* the first MiB (always reserved on x86) and the kernel image, [_text, .brk's end) */
	ret = memblock_reserve(&sys->memblock, 0, 1ULL << 20);
	if (!ret)
		ret = memblock_reserve(&sys->memblock, KERNEL_IMAGE_START, KERNEL_IMAGE_SIZE);
	if (!ret)
		ret = early_reserve_initrd(sys, bi);
	return ret;
}

/* Pages of memblock.memory with nid inside [start_pfn, end_pfn). */
static unsigned long memblock_pages_in(struct hm_system *sys, int nid, unsigned long start_pfn,
				       unsigned long end_pfn, unsigned long *first,
				       unsigned long *last)
{
	const struct memblock_region *rgn;
	unsigned long i, pages = 0;

	*first = *last = 0;
	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		unsigned long s = PFN_UP(rgn->base), e = PFN_DOWN(rgn->base + rgn->size);

		if (rgn->nid != nid)
			continue;
		if (s < start_pfn)
			s = start_pfn;
		if (e > end_pfn)
			e = end_pfn;
		if (s >= e)
			continue;
		if (!pages)
			*first = s;
		*last = e;
		pages += e - s;
	}
	return pages;
}

/* free_area_init: node and zone spans and present pages from memblock. */
static int free_area_init(struct hm_system *sys)
{
	const unsigned long *zone_limit = sys->max_zone_pfn;
	const struct memblock_region *rgn;
	unsigned long i;
	int nid, zid, ret;

	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		ret = pgdat_alloc(sys, rgn->nid);
		if (ret)
			return ret;
	}
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = NODE_DATA(sys, nid);
		unsigned long lo = 0, node_start, node_end;

		if (!pgdat)
			continue;
		/* zone spans are the node's range clamped to each zone's limits */
		if (!memblock_pages_in(sys, nid, 0, ~0UL, &node_start, &node_end))
			continue;
		for (zid = ZONE_DMA; zid <= ZONE_NORMAL; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			unsigned long first, last, present, start, end;

			present = memblock_pages_in(sys, nid, lo, zone_limit[zid], &first, &last);
			start = node_start > lo ? node_start : lo;
			end = node_end < zone_limit[zid] ? node_end : zone_limit[zid];
			lo = zone_limit[zid];
			if (end <= start)
				continue;
			zone->zone_start_pfn = start;
			zone->spanned_pages = end - start;
			zone->present_pages = present;
			zone->present_early_pages = present;
			pgdat->node_present_pages += present;
		}
		update_pgdat_span(pgdat);
		if (pgdat->node_present_pages) {
			node_set_state(sys, nid, N_MEMORY);
			node_set_state(sys, nid, N_NORMAL_MEMORY);
			node_set_state(sys, nid, N_ONLINE);
		}
	}
	return 0;
}

/* section_map_size(): one section's struct pages, in whole PMDs (vmemmap) */
#define SECTION_MAP_SIZE	ALIGN((uint64_t)PAGES_PER_SECTION * KERNEL_STRUCT_PAGE_SIZE, 2ULL << 20)

/*
 * sparse_init_nid's memmap: one buffer per node for each present section
 * of the node (the sections memblock memory touches), not for the holes of
 * the node's span (a node with RAM below 4 GiB and at 1 TiB spans a
 * terabyte but has a memmap for its RAM only).  sparse_buffer_init takes it
 * with memblock_alloc_exact_nid_raw from __pa(MAX_DMA_ADDRESS) (16 MiB on
 * x86, 0 on arm64), section_map_size() aligned, top-down; when that fails,
 * vmemmap_populate takes each section's from the node or any other
 * (__earlyonly_bootmem_alloc), and a section nothing fits goes without
 * ("memory map backing failed").
 */
static int reserve_node_memmaps(struct hm_system *sys)
{
	const uint64_t min_addr = sys->arch.kind == HM_ARCH_X86_64 ? 16ULL << 20 : 0;
	struct pglist_data *pgdat;
	int nid;

	for_each_online_pgdat(sys, pgdat, nid) {
		const struct memblock_region *rgn;
		unsigned long i, nr_sections = 0, last = ULONG_MAX;

		for_each_memblock_type(i, &sys->memblock.memory, rgn) {
			unsigned long first, end;

			if (rgn->nid != nid || !rgn->size)
				continue;
			first = pfn_to_section_nr(PHYS_PFN(rgn->base));
			end = pfn_to_section_nr(PHYS_PFN(rgn->base + rgn->size - 1)) + 1;
			if (first == last)
				first++;	/* shared with the region before */
			if (end > first)
				nr_sections += end - first;
			last = end - 1;
		}
		if (!nr_sections)
			continue;
		if (memblock_alloc_exact_nid_raw(&sys->memblock, nr_sections * SECTION_MAP_SIZE,
						 SECTION_MAP_SIZE, min_addr,
						 MEMBLOCK_ALLOC_ACCESSIBLE, nid))
			continue;
		for (i = 0; i < nr_sections; i++)
			if (!memblock_alloc_try_nid_raw(&sys->memblock, SECTION_MAP_SIZE,
							SECTION_MAP_SIZE, min_addr,
							MEMBLOCK_ALLOC_ACCESSIBLE, nid))
				pr_err(sys, "sparse_init_nid: node[%d] memory map backing failed. "
				       "Some memory will not be available.", nid);
	}
	return 0;
}

static void memblock_free_all(struct hm_system *sys);

/* CONFIG_CMA_SIZE_MBYTES of Debian's arm64 6.1 kernel (config-6.1.0-56-cloud-arm64) */
#define ARM64_CMA_SIZE_MBYTES	64ULL

/*
 * arm64's dma_contiguous_reserve(arm64_dma_phys_limit), after sparse_init's
 * memmap as bootmem_init orders them: cma_declare_contiguous_nid places the
 * default area, aligned to MAX_ORDER - 1 pages (4 MiB), below the DMA limit
 * (memblock's end if higher): bottom-up from 4 GiB when memblock ends at
 * least 4 GiB + size up (below a 4 GiB limit that finds nothing), else
 * top-down, on any node (memblock_alloc_range_nid, exact_nid).  A failure
 * leaves the kernel without an area ("Failed to reserve 64 MiB").
 */
static int dma_contiguous_reserve(struct hm_system *sys, uint64_t limit)
{
	const uint64_t size = ARM64_CMA_SIZE_MBYTES << 20;
	const uint64_t align = PAGE_SIZE << (MAX_ORDER - 1 > pageblock_order ?
					     MAX_ORDER - 1 : pageblock_order);
	struct memblock *mb = &sys->memblock;
	uint64_t end = memblock_end_of_DRAM(mb), addr = 0;

	limit &= ~(align - 1);
	if (!limit || limit > end)
		limit = end;
	if (size > limit) {
		pr_err(sys, "cma: Size (%#llx) of region at 0x0000000000000000 exceeds limit "
		       "(%#llx)", (unsigned long long)size, (unsigned long long)limit);
		return 0;
	}
	if (!memblock_bottom_up(mb) && end >= (4ULL << 30) + size) {
		memblock_set_bottom_up(mb, true);
		addr = memblock_alloc_range_nid(mb, size, align, 4ULL << 30, limit,
						NUMA_NO_NODE, true);
		memblock_set_bottom_up(mb, false);
	}
	if (!addr)
		addr = memblock_alloc_range_nid(mb, size, align, 0, limit, NUMA_NO_NODE, true);
	if (!addr) {
		pr_err(sys, "cma: Failed to reserve %llu MiB", ARM64_CMA_SIZE_MBYTES);
		return 0;
	}
	sys->cma_base = addr;
	sys->totalcma_pages = size >> PAGE_SHIFT;
	pr_info(sys, "cma: Reserved %llu MiB at 0x%016llx", ARM64_CMA_SIZE_MBYTES,
		(unsigned long long)addr);
	return 0;
}

/*
 * arm64's reserve_memblock_reserved_regions (arch_initcall): under each
 * boot memory resource, every memblock.reserved range it meets, widened to
 * whole pages, as "reserved" around the kernel's code and data.
 */
static int arm64_reserve_memblock_reserved_regions(struct hm_system *sys)
{
	const struct memblock_type *rsv = &sys->memblock.reserved;
	const struct memblock_region *rgn;
	struct resource *mem;
	unsigned long k;
	int ret;

	for (mem = sys->iomem_resource.child; mem; mem = mem->sibling) {
		if (!memblock_is_memory(&sys->memblock, mem->start) ||
		    !memblock_overlaps_region(rsv, mem->start, mem->end - mem->start + 1))
			continue;
		for_each_memblock_type(k, rsv, rgn) {
			uint64_t start = PFN_PHYS(PFN_DOWN(rgn->base));
			uint64_t end = PFN_PHYS(PFN_UP(rgn->base + rgn->size)) - 1;

			if (start > mem->end || end < mem->start)
				continue;
			ret = reserve_region_with_split(&sys->alloc, mem, start, end, "reserved");
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * arm64's mem_init: the bounce buffer when memory reaches past the DMA
 * limit (max_pfn > PFN_DOWN(arm64_dma_phys_limit)): swiotlb_init_remap
 * takes its default 64 MiB (IO_TLB_DEFAULT_SIZE) with memblock_alloc_low,
 * below ARCH_LOW_ADDRESS_LIMIT (the DMA limit), top-down.  Its slot arrays
 * (memblock_alloc, anywhere) are not modelled.  A failure leaves the kernel
 * without one ("swiotlb: Failed to allocate 67108864 bytes tlb").  Reserved
 * from boot on, so not in the buddy allocator: unmovable for offlining.
 */
static void swiotlb_init(struct hm_system *sys)
{
	const uint64_t bytes = 64ULL << 20;
	uint64_t dma_limit = PFN_PHYS(sys->max_zone_pfn[ZONE_DMA]), tlb;

	if (sys->max_pfn <= sys->max_zone_pfn[ZONE_DMA])
		return;
	tlb = memblock_alloc_try_nid(&sys->memblock, bytes, PAGE_SIZE, MEMBLOCK_LOW_LIMIT,
				     dma_limit - 1, NUMA_NO_NODE);
	if (!tlb) {
		pr_warn(sys, "swiotlb: Failed to allocate %llu bytes tlb",
			(unsigned long long)bytes);
		return;
	}
	pr_info(sys, "software IO TLB: mapped [mem 0x%016llx-0x%016llx] (64MB)",
		(unsigned long long)tlb, (unsigned long long)(tlb + bytes - 1));
}

/*
 * cma_init_reserved_areas -> cma_activate_area: each pageblock of the area
 * goes MIGRATE_CMA and its pages to the buddy allocator (they were
 * reserved), counted in the zone's managed and cma pages.
 */
static void cma_activate_area(struct hm_system *sys)
{
	unsigned long pfn = PHYS_PFN(sys->cma_base), end = pfn + sys->totalcma_pages;
	struct zone *zone;

	if (!sys->totalcma_pages)
		return;
	zone = page_zone(sys, pfn_to_page(sys, pfn));
	set_pageblock_range(sys, pfn, sys->totalcma_pages, MIGRATE_CMA);
	__free_pages_core_range(sys, zone, pfn, end);
	zone->cma_pages += sys->totalcma_pages;
}

/* The zone of nid spanning pfn, or the zone its address range belongs to. */
static int boot_zone_of(struct hm_system *sys, struct pglist_data *pgdat, unsigned long pfn)
{
	int zid;

	for (zid = ZONE_DMA; zid <= ZONE_NORMAL; zid++)
		if (zone_spans_pfn(&pgdat->node_zones[zid], pfn))
			return zid;
	return pfn < sys->max_zone_pfn[ZONE_DMA] ? ZONE_DMA :
	       pfn < sys->max_zone_pfn[ZONE_DMA32] ? ZONE_DMA32 : ZONE_NORMAL;
}

/* Does boot_zone_of give one zone for every pfn of [start, end)? */
static bool boot_zone_uniform(struct hm_system *sys, struct pglist_data *pgdat,
			      unsigned long start, unsigned long end)
{
	const unsigned long limits[] = { sys->max_zone_pfn[ZONE_DMA],
					 sys->max_zone_pfn[ZONE_DMA32] };
	int zid;
	size_t i;

	if (boot_zone_of(sys, pgdat, start) != boot_zone_of(sys, pgdat, end - 1))
		return false;
	/* boot_zone_of changes only at a zone's edges and at the DMA limits */
	for (i = 0; i < ARRAY_SIZE(limits); i++)
		if (limits[i] > start && limits[i] < end)
			return false;
	for (zid = ZONE_DMA; zid <= ZONE_NORMAL; zid++) {
		const struct zone *zone = &pgdat->node_zones[zid];

		if (zone_is_empty(zone))
			continue;
		if ((zone->zone_start_pfn > start && zone->zone_start_pfn < end) ||
		    (zone_end_pfn(zone) > start && zone_end_pfn(zone) < end))
			return false;
	}
	return true;
}

/*
 * memmap_init + memblock_free_all: every struct page of a present section
 * is initialised (holes as reserved pages); memory that is neither reserved
 * nor a hole goes to the buddy allocator.
 */
static void memmap_init(struct hm_system *sys)
{

	unsigned long nr;

	for_each_present_section_nr(sys, nr) {
		struct mem_section *ms = __nr_to_section(sys, nr);
		struct pglist_data *pgdat = NODE_DATA(sys, ms->nid);
		unsigned long pfn = section_nr_to_pfn(nr), end = pfn + PAGES_PER_SECTION;

		if (boot_zone_uniform(sys, pgdat, pfn, end)) {
			/* one zone: the section's pages are one template (memmap.h) */
			struct page tmpl;

			page_template(&tmpl, nr, boot_zone_of(sys, pgdat, pfn), ms->nid, true);
			memmap_set_uniform(sys, ms, &tmpl);
			pfn = end;
		}
		for (; pfn < end; pfn++) {
			struct page *page = pfn_to_page(sys, pfn);

			init_single_page(page, pfn, boot_zone_of(sys, pgdat, pfn), ms->nid);
			page_set_flag(page, PG_reserved);
		}
		for (pfn = section_nr_to_pfn(nr); pfn < end; pfn += pageblock_nr_pages)
			set_pageblock_migratetype(sys, pfn, MIGRATE_MOVABLE);
	}
	memblock_free_all(sys);
	cma_activate_area(sys);
}

/*
 * memblock_free_all: memory minus reserved, walking both sorted arrays
 * together, cut at zone boundaries.
 */
static void memblock_free_all(struct hm_system *sys)
{
	const unsigned long cuts[] = { sys->max_zone_pfn[ZONE_DMA], sys->max_zone_pfn[ZONE_DMA32] };
	const struct memblock_type *mem = &sys->memblock.memory;
	const struct memblock_type *rsv = &sys->memblock.reserved;
	unsigned long i, r = 0, c;

	for (i = 0; i < mem->cnt; i++) {
		const struct memblock_region *rgn = &mem->regions[i];
		struct pglist_data *pgdat = NODE_DATA(sys, rgn->nid);
		uint64_t pos = rgn->base, end = rgn->base + rgn->size;

		if (rgn->flags & MEMBLOCK_NOMAP)	/* for_each_free_mem_range skips it */
			continue;
		while (pos < end) {
			uint64_t free_end = end;
			unsigned long s, e;

			while (r < rsv->cnt &&
			       rsv->regions[r].base + rsv->regions[r].size <= pos)
				r++;
			if (r < rsv->cnt && rsv->regions[r].base <= pos) {
				pos = rsv->regions[r].base + rsv->regions[r].size;
				continue;
			}
			if (r < rsv->cnt && rsv->regions[r].base < free_end)
				free_end = rsv->regions[r].base;
			s = PFN_UP(pos);
			e = PFN_DOWN(free_end);
			pos = free_end;
			for (c = 0; c <= ARRAY_SIZE(cuts) && s < e; c++) {
				unsigned long stop = c < ARRAY_SIZE(cuts) && cuts[c] < e ?
						     cuts[c] : e;

				if (stop <= s)
					continue;
				__free_pages_core_range(sys,
					&pgdat->node_zones[boot_zone_of(sys, pgdat, s)], s, stop);
				s = stop;
			}
		}
	}
}

/* x86: the e820 map gives the firmware map, iomem and memblock. */
static int e820_memory_setup(struct hm_system *sys, const struct hm_boot_info *bi)
{
	struct e820_entry e820[E820_MAX_ENTRIES + 2];
	unsigned int i, n = 0;
	uint64_t ram_end = 0;
	int ret;

	/* /sys/firmware/memmap: the map as the firmware gave it */
	for (i = 0; i < bi->nr_e820; i++) {
		ret = firmware_map_add_early(&sys->fwmap, bi->e820[i].addr,
					     bi->e820[i].addr + bi->e820[i].size,
					     e820_type_to_string(bi->e820[i].type));
		if (ret)
			return ret;
	}
	/* The kernel's table: page 0 becomes reserved (trim_bios_range). */
	for (i = 0; i < bi->nr_e820; i++) {
		struct e820_entry ent = bi->e820[i];

		if (ent.type == E820_TYPE_RAM && ent.addr == 0 && ent.size > PAGE_SIZE) {
			e820[n++] = (struct e820_entry){ 0, PAGE_SIZE, E820_TYPE_RESERVED };
			ent.addr = PAGE_SIZE;
			ent.size -= PAGE_SIZE;
		}
		e820[n++] = ent;
		if (ent.type == E820_TYPE_RAM && ent.addr + ent.size > ram_end)
			ram_end = ent.addr + ent.size;
	}
	/*
	 * setup_arch inserts the kernel image's resources first;
	 * e820__reserve_resources' System RAM then adopts them as children.
	 */
	for (i = 0; i < ARRAY_SIZE(x86_kernel_resources); i++) {
		ret = boot_insert_resource(sys, x86_kernel_resources[i].start,
					   x86_kernel_resources[i].end - x86_kernel_resources[i].start,
					   x86_kernel_resources[i].name,
					   IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE);
		if (ret)
			return ret;
	}
	ret = e820_reserve_resources(sys, e820, n);
	if (ret)
		return ret;
	ret = memblock_setup(sys, bi, e820, n);
	if (ret)
		return ret;
	sys->max_pfn = PFN_DOWN(ram_end);
	/* init_mem_mapping: before NUMA and sparse_init take memblock memory */
	ret = pgtable_map_boot_memory(sys);
	if (ret)
		return ret;
	sys->max_zone_pfn[ZONE_DMA] = MAX_DMA_PFN;
	sys->max_zone_pfn[ZONE_DMA32] = MAX_DMA32_PFN;
	sys->max_zone_pfn[ZONE_NORMAL] = ~0UL;
	sys->node_states[N_POSSIBLE] = bi->possible_nodes ? bi->possible_nodes : 1;
	sys->node_states[N_CPU] = bi->cpu_nodes ? bi->cpu_nodes : 1;
	return 0;
}

/*
 * arm64's early_pgtable_alloc: each table page of paging_init's mappings
 * (the linear map, page by page with rodata=full) from memblock, top-down,
 * one page at a time; the PGD is swapper_pg_dir, in the image.  The
 * kernel panics when one does not fit.
 */
static int arm64_early_pgtable_alloc(struct hm_system *sys)
{
	unsigned long i;

	for (i = 1; i < sys->pgtable.nr_boot_tables; i++) {
		if (!memblock_phys_alloc_range(&sys->memblock, PAGE_SIZE, PAGE_SIZE, 0,
					       MEMBLOCK_ALLOC_NOLEAKTRACE)) {
			pr_err(sys, "Failed to allocate page table page");
			return -ENOMEM;
		}
	}
	return 0;
}

/* drivers/firmware/efi/efi-init.c is_memory: cacheable ranges are memory. */
static bool efi_is_memory(const struct efi_memory_desc *md)
{
	return md->attribute & (EFI_MEMORY_WB | EFI_MEMORY_WT | EFI_MEMORY_WC);
}

/* is_usable_memory: free after ExitBootServices and mappable write-back. */
static bool efi_is_usable_memory(const struct efi_memory_desc *md)
{
	switch (md->type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_ACPI_RECLAIM_MEMORY:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
	case EFI_PERSISTENT_MEMORY:
		return md->attribute & EFI_MEMORY_WB;
	default:
		return false;
	}
}

/*
 * arm64_numa_init with ACPI: the SRAT's memory affinities become memblock
 * nodes; numa_register_nodes fails if any memblock region has none ("NUMA:
 * Warning: invalid memblk node"), and then dummy_numa_init fakes one node
 * over all memory and sets numa_off.
 */
static int arm64_numa_init(struct hm_system *sys, const struct hm_boot_info *bi)
{
	const struct memblock_region *rgn;
	unsigned long i;
	int ret;

	if (bi->nr_numa) {
		ret = memblock_set_node(&sys->memblock, 0, ~0ULL, MEMBLOCK_ANY_NODE);
		for (i = 0; !ret && i < bi->nr_numa; i++)
			ret = memblock_set_node(&sys->memblock, bi->numa[i].start,
						bi->numa[i].end - bi->numa[i].start,
						bi->numa[i].nid);
		if (ret)
			return ret;
		for_each_memblock_type(i, &sys->memblock.memory, rgn) {
			if (rgn->nid >= 0 && rgn->nid < MAX_NUMNODES)
				continue;
			pr_warn(sys, "NUMA: Warning: invalid memblk node %d [mem %#010llx-%#010llx]",
			       rgn->nid, (unsigned long long)rgn->base,
			       (unsigned long long)(rgn->base + rgn->size - 1));
			break;
		}
		if (i == sys->memblock.memory.cnt) {
			sys->node_states[N_POSSIBLE] = bi->possible_nodes;
			sys->node_states[N_CPU] = bi->cpu_nodes ? bi->cpu_nodes : 1;
			return 0;
		}
		pr_info(sys, "NUMA: Failed to initialise from firmware");
	}
	pr_info(sys, "NUMA: Faking a node at [mem %#018llx-%#018llx]",
	       (unsigned long long)memblock_start_of_DRAM(&sys->memblock),
	       (unsigned long long)memblock_end_of_DRAM(&sys->memblock) - 1);
	sys->numa_off = true;
	sys->node_states[N_POSSIBLE] = 1;
	sys->node_states[N_CPU] = 1;
	return memblock_set_node(&sys->memblock, 0, ~0ULL, 0);
}

/*
 * arm64's max_zone_phys(bits): the DMA limit (32 bits on QEMU virt, from
 * IORT and DT) clamped to the end of DRAM; the whole of memory when DRAM
 * starts above 4 GiB.
 */
static uint64_t arm64_max_zone_phys(struct hm_system *sys, unsigned int bits)
{
	uint64_t mask = (1ULL << bits) - 1, start = memblock_start_of_DRAM(&sys->memblock);
	uint64_t end = memblock_end_of_DRAM(&sys->memblock);

	if (start > 0xffffffffULL)
		mask = ~0ULL;
	else if (start > mask)
		mask = 0xffffffffULL;
	return (mask < end - 1 ? mask : end - 1) + 1;
}

/*
 * arm64 with UEFI: efi_init's reserve_regions (memory from the UEFI map,
 * nomap for what is not usable), the kernel image, NUMA, and
 * request_standard_resources (one top-level resource per memblock region:
 * "reserved" for nomap, "System RAM" otherwise).  Zones as zone_sizes_init:
 * ZONE_DMA up to the 32-bit DMA limit, ZONE_DMA32 up to the same limit
 * (empty), ZONE_NORMAL above.
 */
static int efi_memory_setup(struct hm_system *sys, const struct hm_boot_info *bi)
{
	const struct memblock_region *rgn;
	uint64_t dma_end, kernel = 0;
	unsigned int i;
	unsigned long k;
	int ret;

	for (i = 0; i < bi->nr_efi; i++) {
		const struct efi_memory_desc *md = &bi->efi[i];
		uint64_t size = md->num_pages << 12;

		if (!efi_is_memory(md))
			continue;
		ret = memblock_add(&sys->memblock, md->phys_addr, size);
		if (!ret && !efi_is_usable_memory(md))
			ret = memblock_mark_nomap(&sys->memblock, md->phys_addr, size);
		if (ret)
			return ret;
	}
	if (!sys->memblock.memory.cnt)
		return -EINVAL;
	ret = arm64_numa_init(sys, bi);
	if (ret)
		return ret;
	/*
	 * The kernel image where the boot loader put it (else low in the first
	 * usable RAM); arm64_memblock_init reserves [_stext, _end).
	 */
	kernel = bi->kernel_base;
	for_each_memblock_type(k, &sys->memblock.memory, rgn) {
		if (kernel)
			break;
		if (!(rgn->flags & MEMBLOCK_NOMAP) && rgn->size >= ARM64_KIMG_SIZE + (2 << 20))
			kernel = rgn->base + (2 << 20);
	}
	if (kernel) {
		ret = memblock_reserve(&sys->memblock, kernel + ARM64_KIMG_STEXT,
				       ARM64_KIMG_SIZE - ARM64_KIMG_STEXT);
		/* request_standard_resources: the System RAM below adopts them */
		if (!ret)
			ret = boot_insert_resource(sys, kernel + ARM64_KIMG_STEXT,
						   ARM64_KIMG_INIT_BEGIN - ARM64_KIMG_STEXT,
						   "Kernel code", IORESOURCE_SYSTEM_RAM,
						   IORES_DESC_NONE);
		if (!ret)
			ret = boot_insert_resource(sys, kernel + ARM64_KIMG_SDATA,
						   ARM64_KIMG_SIZE - ARM64_KIMG_SDATA,
						   "Kernel data", IORESOURCE_SYSTEM_RAM,
						   IORES_DESC_NONE);
		if (ret)
			return ret;
	}
	for_each_memblock_type(k, &sys->memblock.memory, rgn) {
		bool nomap = rgn->flags & MEMBLOCK_NOMAP;

		ret = boot_insert_resource(sys, rgn->base, rgn->size,
					   nomap ? "reserved" : "System RAM",
					   nomap ? IORESOURCE_MEM :
						   IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
					   nomap ? IORES_DESC_RESERVED : IORES_DESC_NONE);
		if (ret)
			return ret;
	}
	ret = early_reserve_initrd(sys, bi);	/* arm64_memblock_init */
	if (ret)
		return ret;
	sys->max_pfn = PFN_DOWN(memblock_end_of_DRAM(&sys->memblock));
	ret = pgtable_map_boot_memory(sys);	/* paging_init: map_mem */
	if (ret)
		return ret;
	ret = arm64_early_pgtable_alloc(sys);
	if (ret)
		return ret;
	memblock_allow_resize(&sys->memblock);	/* paging_init, after map_mem */
	dma_end = arm64_max_zone_phys(sys, 32);
	sys->max_zone_pfn[ZONE_DMA] = PFN_DOWN(dma_end);
	sys->max_zone_pfn[ZONE_DMA32] = PFN_DOWN(dma_end);
	sys->max_zone_pfn[ZONE_NORMAL] = ~0UL;
	return 0;
}

/*
 * arm64 prevent_bootmem_remove_notifier: boot memory cannot be removed, so
 * offlining any early section is refused (-EPERM to the writer).
 */
static int prevent_bootmem_remove_notifier(struct hm_system *sys, void *data,
					   unsigned long action, struct memory_notify *arg)
{
	unsigned long pfn, end = arg->start_pfn + arg->nr_pages;

	if (action != MEM_GOING_OFFLINE && action != MEM_OFFLINE)
		return NOTIFY_OK;
	for (pfn = arg->start_pfn; pfn < end; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(sys, pfn);

		if (!early_section(ms))
			continue;
		if (action == MEM_GOING_OFFLINE) {
			pr_warn(sys, "Boot memory [%lx %lx] offlining attempted", arg->start_pfn,
			       end);
			return NOTIFY_BAD;
		}
		hm_warn(sys, "Boot memory [%lx %lx] offlined", arg->start_pfn, end);
	}
	return NOTIFY_OK;
}

static int system_boot(struct hm_system *sys, const struct hm_boot_info *bi);

int hm_system_boot(struct hm_system *sys, const struct hm_boot_info *bi)
{
	struct hm_boot_info *srat_bi = NULL;
	int ret;

	if (sys->booted || bi->nr_e820 > E820_MAX_ENTRIES || bi->nr_efi > EFI_MAX_ENTRIES ||
	    bi->nr_srat_cpus > HM_NR_CPUS || bi->nr_cpus > HM_NR_CPUS)
		return -EINVAL;
	if (bi->srat) {
		/* an SRAT: its proximity domains become nodes (acpi_numa_init) */
		srat_bi = hm_kmalloc(&sys->alloc, sizeof(*srat_bi));
		if (!srat_bi)
			return -ENOMEM;
		*srat_bi = *bi;
		ret = acpi_numa_init(sys, srat_bi);
		if (!ret)
			ret = system_boot(sys, srat_bi);
		hm_kfree(&sys->alloc, srat_bi);
		return ret;
	}
	return system_boot(sys, bi);
}

static int system_boot(struct hm_system *sys, const struct hm_boot_info *bi)
{
	const struct memblock_region *rgn;
	struct pglist_data *pgdat;
	unsigned long k;
	int ret, nid;

	ret = parse_cmdline(sys, bi->cmdline);
	if (ret)
		return ret;
	/* setup_arch (x86): iomem_resource ends where the CPU's physical addresses do */
	if (sys->arch.kind == HM_ARCH_X86_64 && sys->arch.phys_bits &&
	    sys->arch.phys_bits < MAX_PHYSMEM_BITS)
		sys->iomem_resource.end = (1ULL << sys->arch.phys_bits) - 1;
	ret = pgtable_init(sys);
	if (ret)
		return ret;
	ret = bi->nr_efi ? efi_memory_setup(sys, bi) : e820_memory_setup(sys, bi);
	if (ret)
		return ret;
	sys->boot_mem_end = PFN_PHYS(sys->max_pfn);
	ret = cpu_dev_init(sys, bi);	/* after numa_init made the nodes possible */
	if (ret)
		return ret;
	snprintf(sys->acpi_memhp_container, sizeof(sys->acpi_memhp_container), "%s",
		 bi->acpi_memhp_container ? bi->acpi_memhp_container : "");
	sys->boot_time = (int64_t)time(NULL);

	ret = free_area_init(sys);
	if (ret)
		return ret;
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!node_isset(nid, sys->node_states[N_CPU]))
			continue;
		ret = pgdat_alloc(sys, nid);	/* a memoryless node with CPUs */
		if (ret)
			return ret;
		node_set_state(sys, nid, N_ONLINE);
	}
	ret = reserve_node_memmaps(sys);
	if (ret)
		return ret;
	if (sys->arch.kind == HM_ARCH_ARM64) {
		ret = dma_contiguous_reserve(sys, PFN_PHYS(sys->max_zone_pfn[ZONE_DMA]));
		if (ret)
			return ret;
	}
	ret = setup_per_cpu_areas(sys);	/* start_kernel, after setup_arch */
	if (ret)
		return ret;

	for_each_memblock_type(k, &sys->memblock.memory, rgn) {
		ret = sparse_memory_present(sys, PFN_DOWN(rgn->base),
					    PFN_UP(rgn->base + rgn->size), rgn->nid);
		if (ret)
			return ret;
	}
	ret = sparse_init(sys);
	if (ret)
		return ret;
	for_each_memblock_type(k, &sys->memblock.memory, rgn) {
		sparse_subsection_map_init(sys, PFN_DOWN(rgn->base),
					   PFN_UP(rgn->base + rgn->size) - PFN_DOWN(rgn->base));
		if (rgn->flags & MEMBLOCK_NOMAP)
			continue;	/* arm64: not in the linear map */
		ret = arch_map_boot_memory(sys, rgn->base, rgn->base + rgn->size);
		if (ret)
			return ret;
	}
	ret = pgtable_populate_boot_vmemmap(sys);	/* sparse_init's memmap */
	if (ret)
		return ret;
	if (sys->arch.kind == HM_ARCH_ARM64)
		swiotlb_init(sys);	/* mem_init, before memblock_free_all */
	ret = free_initrd_mem(sys, bi);
	if (ret)
		return ret;
	memmap_init(sys);

	sys->memory.block_size = arch_probe_memory_block_size(sys, sys->boot_mem_end);
	sys->memory.sections_per_block = sys->memory.block_size / MIN_MEMORY_BLOCK_SIZE;
	if (sys->arch.kind == HM_ARCH_X86_64)
		pr_info(sys, "x86/mm: Memory block size: %luMB", sys->memory.block_size >> 20);
	ret = memory_dev_init(sys);
	if (ret)
		return ret;

	/* node_dev_init: the online nodes and their boot blocks */
	for_each_online_pgdat(sys, pgdat, nid) {
		ret = register_one_node(sys, nid);
		if (ret)
			return ret;
		ret = register_memory_blocks_under_node(sys, nid, pgdat->node_start_pfn,
							pgdat_end_pfn(pgdat), MEMINIT_EARLY);
		if (ret)
			return ret;
	}
	build_all_zonelists(sys);	/* mm_core_init: the first zonelists */
	if (sys->arch.kind == HM_ARCH_ARM64) {
		ret = arm64_reserve_memblock_reserved_regions(sys);
		if (ret)
			return ret;
	}
	workload_boot_kernel_allocs(sys);	/* kswapd_init, kcompactd_init, slab */
	sys->memblock.slab_available = true;	/* mm_core_init: kmem_cache_init */
	if (sys->arch.prevent_bootmem_remove) {
		sys->bootmem_nb.fn = prevent_bootmem_remove_notifier;
		register_memory_notifier(sys, &sys->bootmem_nb);
	}
	sys->booted = true;
	return 0;
}
