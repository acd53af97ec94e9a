/* SPDX-License-Identifier: GPL-2.0 */
/*
 * types.h - granularities and small helpers shared by the whole kernel model.
 *
 * hotmem models x86_64 and arm64 with 4 KiB pages: 128 MiB sections, 2 MiB
 * subsections and pageblocks, buddy orders 0..10 (the kernel 6.1 MAX_ORDER
 * of 11), 46 physical address bits.
 */
#ifndef HOTMEM_TYPES_H
#define HOTMEM_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define SECTION_SIZE_BITS	27
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define SUBSECTION_SHIFT	21
#define PAGES_PER_SUBSECTION	(1UL << (SUBSECTION_SHIFT - PAGE_SHIFT))
#define SUBSECTIONS_PER_SECTION	(1UL << (SECTION_SIZE_BITS - SUBSECTION_SHIFT))
#define MIN_MEMORY_BLOCK_SIZE	(1UL << SECTION_SIZE_BITS)
/* The most any modelled kernel maps (x86 with 5-level paging); arch_physmem_bits() is the running one's. */
#define MAX_PHYSMEM_BITS	52
#define NR_MEM_SECTIONS		(1UL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS))
#define MAX_ORDER		11	/* orders 0 .. MAX_ORDER-1, as in 6.1 */
#define MAX_ORDER_NR_PAGES	(1UL << (MAX_ORDER - 1))
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)
#define MAX_NUMNODES		64
#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE		(-1)
#endif

#define PFN_PHYS(pfn)		((uint64_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(addr)		((unsigned long)((addr) >> PAGE_SHIFT))
#define PFN_UP(addr)		((unsigned long)(((addr) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(addr)		((unsigned long)((addr) >> PAGE_SHIFT))
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define ALIGN_DOWN(x, a)	((x) & ~((typeof(x))(a) - 1))
#define ALIGN(x, a)		ALIGN_DOWN((x) + (a) - 1, (a))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define SZ_1M			(1UL << 20)
#define SZ_1G			(1UL << 30)

/**
 * pfn_to_section_nr() - the memory section a pfn lies in
 * @pfn: the page frame number
 *
 * Return: the section number.
 */
static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

/**
 * section_nr_to_pfn() - the first pfn of a memory section
 * @nr: the section number
 *
 * Return: the pfn.
 */
static inline unsigned long section_nr_to_pfn(unsigned long nr)
{
	return nr << PFN_SECTION_SHIFT;
}

/* A set of nodes; MAX_NUMNODES is 64 so one word holds it. */
typedef uint64_t nodemask_t;
#define node_isset(nid, mask)	(((mask) >> (nid)) & 1)
#define node_set(nid, mask)	((mask) |= (1ULL << (nid)))
#define node_clear(nid, mask)	((mask) &= ~(1ULL << (nid)))
#define for_each_node_mask(nid, mask) \
	for ((nid) = 0; (nid) < MAX_NUMNODES; (nid)++) \
		if (node_isset(nid, mask))

#endif /* HOTMEM_TYPES_H */
