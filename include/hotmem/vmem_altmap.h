/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmem_altmap.h - memmap storage taken from the hot-added range itself
 * (mirrors struct vmem_altmap of include/linux/memremap.h and its
 * accounting in mm/sparse-vmemmap.c).
 *
 * A vmem_altmap describes pfns at the start of a range that hold the range's
 * own struct pages instead of RAM: NVDIMM namespaces with map=dev (the
 * memmap lives on the device, after the info block) and memmap_on_memory
 * blocks.  Layout, from base_pfn:
 *
 *   base_pfn      +reserve               +reserve+free
 *   | reserve     | free (memmap pfns)   | data ...      end_pfn
 *   | driver's    | align | alloc | ...  |
 *
 * reserve  pfns kept by the driver (the namespace info block), never memmap;
 * free     pfns available for the memmap;
 * align    pfns skipped to align allocations to their natural alignment;
 * alloc    pfns handed out (vmemmap pages currently mapped from here).
 *
 * Invariants (the verifier checks them): alloc + align <= free while the
 * range is mapped; alloc == 0 once it is unmapped (memunmap_pages warns
 * otherwise).  align is never given back: the kernel's vmem_altmap_free()
 * lowers alloc only.
 *
 * The kernel declares end_pfn and reserve const; hotmem keeps them plain so
 * that the struct can be filled in by assignment, and treats them as
 * read-only after set-up.
 */
#ifndef HOTMEM_VMEM_ALTMAP_H
#define HOTMEM_VMEM_ALTMAP_H

#include <errno.h>
#include <stdbool.h>
#include "hotmem/types.h"

/* sizeof(struct page) in the kernel (hotmem's own struct page is smaller) */
#define KERNEL_STRUCT_PAGE_SIZE	64
/* pfns of one section's memmap: one PMD (2 MiB) on x86_64 and arm64 4K */
#define SECTION_MEMMAP_PFNS	(PAGES_PER_SECTION * KERNEL_STRUCT_PAGE_SIZE / PAGE_SIZE)

struct vmem_altmap {
	unsigned long base_pfn;
	unsigned long end_pfn;
	unsigned long reserve;
	unsigned long free;
	unsigned long align;
	unsigned long alloc;
	bool inaccessible;	/* memory that cannot be written before online */
};

/**
 * vmem_altmap_offset() - pfns from base_pfn before the first data page.
 * @altmap: the altmap, or NULL.
 *
 * Return: reserve + free (0 without an altmap): pfn_to_page() is valid from
 * base_pfn + this offset on for the pages the caller hands out.
 */
static inline unsigned long vmem_altmap_offset(const struct vmem_altmap *altmap)
{
	return altmap ? altmap->reserve + altmap->free : 0;
}

/**
 * vmem_altmap_next_pfn() - the pfn the next allocation would start at
 * @altmap: the altmap
 *
 * Return: that pfn, before the allocation's alignment.
 */
static inline unsigned long vmem_altmap_next_pfn(const struct vmem_altmap *altmap)
{
	return altmap->base_pfn + altmap->reserve + altmap->alloc + altmap->align;
}

/**
 * vmem_altmap_nr_free() - the pfns still available for the memmap
 * @altmap: the altmap
 *
 * Return: their number.
 */
static inline unsigned long vmem_altmap_nr_free(const struct vmem_altmap *altmap)
{
	unsigned long allocated = altmap->alloc + altmap->align;

	return allocated < altmap->free ? altmap->free - allocated : 0;
}

/**
 * vmem_altmap_alloc() - altmap_alloc_block_buf(): take nr_pfns for the memmap.
 * @altmap: the altmap.
 * @nr_pfns: how many pfns (a PMD's 512 or one page's 1, as vmemmap_populate
 *	asks); the block is aligned to the lowest set bit of nr_pfns.
 * @pfn: set to the first pfn of the block on success; may be NULL.
 *
 * Return: 0, -EINVAL for nr_pfns == 0, -ENOMEM if the block and its
 * alignment do not fit in what is left (nothing changes then).
 */
static inline int vmem_altmap_alloc(struct vmem_altmap *altmap, unsigned long nr_pfns,
				    unsigned long *pfn)
{
	unsigned long next, nr_align;

	if (!nr_pfns)
		return -EINVAL;
	next = vmem_altmap_next_pfn(altmap);
	nr_align = nr_pfns & -nr_pfns;		/* 1 << __ffs(nr_pfns) */
	nr_align = ALIGN(next, nr_align) - next;
	if (nr_pfns + nr_align > vmem_altmap_nr_free(altmap))
		return -ENOMEM;
	altmap->alloc += nr_pfns;
	altmap->align += nr_align;
	if (pfn)
		*pfn = next + nr_align;
	return 0;
}

/**
 * vmem_altmap_free() - gives back nr_pfns of memmap (vmemmap_free).
 * @altmap: the altmap.
 * @nr_pfns: as many as one vmem_altmap_alloc() took.
 *
 * Return: 0, or -EINVAL if more is given back than was allocated (alloc is
 * then left alone: the caller's accounting is wrong and the verifier says so).
 */
static inline int vmem_altmap_free(struct vmem_altmap *altmap, unsigned long nr_pfns)
{
	if (nr_pfns > altmap->alloc)
		return -EINVAL;
	altmap->alloc -= nr_pfns;
	return 0;
}

/**
 * vmem_altmap_contains() - whether a pfn lies in the altmap's memmap part
 * @altmap: the altmap
 * @pfn: the pfn
 *
 * Return: true for [base + reserve, base + reserve + free).
 */
static inline bool vmem_altmap_contains(const struct vmem_altmap *altmap, unsigned long pfn)
{
	return pfn >= altmap->base_pfn + altmap->reserve &&
	       pfn < altmap->base_pfn + vmem_altmap_offset(altmap);
}

#endif /* HOTMEM_VMEM_ALTMAP_H */
