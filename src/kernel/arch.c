// SPDX-License-Identifier: GPL-2.0
/*
 * arch.c - arch_add_memory/arch_remove_memory and the linear map they
 * maintain (arch/x86/mm/init_64.c, arch/arm64/mm/mmu.c), and the memory
 * block size (arch/x86/mm/init_64.c probe_memory_block_size).
 *
 * The linear map and the vmemmap are real page tables (pgtable.c); the set
 * of ranges kept here is what the linear map must cover, for the verifier.
 * Hot-add maps the range before the sections are added (x86
 * init_memory_mapping, arm64 __create_pgd_mapping), each section's memmap
 * populated just before the section (section_activate); hot-remove tears
 * the sections and their memmap down first and the mapping after.  On x86
 * the mapping stays when __add_pages fails (as the kernel leaves it);
 * hotmem unmaps it so that a failed add changes nothing.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/arch.h"
#include "hotmem/pgtable.h"
#include "hotmem/system.h"

/* Makes room for one more range; -ENOMEM with the set unchanged. */
static int ranges_grow(struct hm_system *sys, struct hm_ranges *set)
{
	unsigned long cap = set->cap ? set->cap * 2 : 16;
	void *r;

	if (set->nr < set->cap)
		return 0;
	r = hm_krealloc(&sys->alloc, set->r, cap * sizeof(*set->r));
	if (!r)
		return -ENOMEM;
	set->r = r;
	set->cap = cap;
	return 0;
}

static int ranges_add(struct hm_system *sys, struct hm_ranges *set, uint64_t start,
		      uint64_t end)
{
	unsigned long i, j;

	/* merge with every range that touches [start, end) */
	for (i = 0; i < set->nr && set->r[i][1] < start; i++)
		;
	for (j = i; j < set->nr && set->r[j][0] <= end; j++) {
		if (set->r[j][0] < start)
			start = set->r[j][0];
		if (set->r[j][1] > end)
			end = set->r[j][1];
	}
	if (j == i) {		/* a new entry at i */
		if (ranges_grow(sys, set))
			return -ENOMEM;
		memmove(&set->r[i + 1], &set->r[i], (set->nr - i) * sizeof(*set->r));
		set->nr++;
	} else if (j > i + 1) {	/* entries i..j-1 collapse into i */
		memmove(&set->r[i + 1], &set->r[j], (set->nr - j) * sizeof(*set->r));
		set->nr -= j - i - 1;
	}
	set->r[i][0] = start;
	set->r[i][1] = end;
	return 0;
}

/* Removes [start, end); a range split in two needs a free slot (-ENOMEM). */
static int ranges_remove(struct hm_system *sys, struct hm_ranges *set, uint64_t start,
			 uint64_t end)
{
	unsigned long i = 0;

	while (i < set->nr) {
		uint64_t rs = set->r[i][0], re = set->r[i][1];

		if (re <= start || rs >= end) {
			i++;
			continue;
		}
		if (rs < start && re > end) {
			if (ranges_grow(sys, set))
				return -ENOMEM;
			memmove(&set->r[i + 1], &set->r[i], (set->nr - i) * sizeof(*set->r));
			set->nr++;
			set->r[i][1] = start;
			set->r[i + 1][0] = end;
			return 0;
		}
		if (rs < start) {
			set->r[i][1] = start;
			i++;
		} else if (re > end) {
			set->r[i][0] = end;
			i++;
		} else {
			memmove(&set->r[i], &set->r[i + 1], (set->nr - i - 1) * sizeof(*set->r));
			set->nr--;
		}
	}
	return 0;
}

bool arch_range_is_mapped(struct hm_system *sys, uint64_t start, uint64_t end)
{
	unsigned long i;

	for (i = 0; i < sys->direct_map.nr; i++)
		if (sys->direct_map.r[i][0] <= start && end <= sys->direct_map.r[i][1])
			return true;
	return false;
}

int arch_map_boot_memory(struct hm_system *sys, uint64_t start, uint64_t end)
{
	return ranges_add(sys, &sys->direct_map, start, end);
}

/*
 * __remove_pages: the sections of the range, one section (or part) at a
 * time; section_deactivate frees the section's memmap (vmemmap_free, back
 * to the altmap where it came from).
 */
static void __remove_pages(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
			   struct vmem_altmap *altmap)
{
	const unsigned long end_pfn = pfn + nr_pages;
	unsigned long cur_nr_pages;

	for (; pfn < end_pfn; pfn += cur_nr_pages) {
		cur_nr_pages = PAGES_PER_SECTION - (pfn & (PAGES_PER_SECTION - 1));
		if (cur_nr_pages > end_pfn - pfn)
			cur_nr_pages = end_pfn - pfn;
		sparse_remove_section(sys, pfn, cur_nr_pages, altmap);
		vmemmap_free(sys, pfn, cur_nr_pages, altmap);
	}
	if (altmap && altmap->alloc)
		hm_warn(sys, "__remove_pages: %lu altmap pages still in use", altmap->alloc);
}

/*
 * __add_pages: adds the sections; the kernel stops at the first error
 * without unwinding, hotmem removes the sections it added.
 */
static int __add_pages(struct hm_system *sys, int nid, unsigned long pfn,
		       unsigned long nr_pages, struct vmem_altmap *altmap)
{
	const unsigned long start_pfn = pfn, end_pfn = pfn + nr_pages;
	unsigned long cur_nr_pages;
	int err = 0;

	if (altmap) {
		if (altmap->base_pfn != pfn || altmap->reserve + altmap->free > nr_pages) {
			hm_warn(sys, "__add_pages: bad altmap");
			return -EINVAL;
		}
	}
	if (!IS_ALIGNED(pfn | nr_pages, PAGES_PER_SUBSECTION)) {
		hm_warn(sys, "__add_pages: misaligned range %#lx+%#lx", pfn, nr_pages);
		return -EINVAL;
	}
	for (; pfn < end_pfn; pfn += cur_nr_pages) {
		cur_nr_pages = PAGES_PER_SECTION - (pfn & (PAGES_PER_SECTION - 1));
		if (cur_nr_pages > end_pfn - pfn)
			cur_nr_pages = end_pfn - pfn;
		/* section_activate: the memmap (vmemmap_populate), then the section */
		err = vmemmap_populate(sys, pfn, cur_nr_pages, nid, altmap);
		if (err)
			break;
		err = sparse_add_section(sys, nid, pfn, cur_nr_pages, altmap);
		if (err) {
			vmemmap_free(sys, pfn, cur_nr_pages, altmap);
			break;
		}
	}
	if (err) {
		if (pfn > start_pfn)
			__remove_pages(sys, start_pfn, pfn - start_pfn, altmap);
		return err;
	}
	return 0;
}

int arch_add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size,
		    struct vmem_altmap *altmap)
{
	int ret;

	ret = ranges_add(sys, &sys->direct_map, start, start + size);
	if (ret)
		return ret;
	/* x86 init_memory_mapping, arm64 __create_pgd_mapping */
	ret = pgtable_linear_map(sys, start, size);
	if (ret) {
		ranges_remove(sys, &sys->direct_map, start, start + size);
		return ret;
	}
	if (sys->arch.kind == HM_ARCH_ARM64)
		memblock_clear_nomap(&sys->memblock, start, size);
	ret = __add_pages(sys, nid, PHYS_PFN(start), PHYS_PFN(size), altmap);
	if (ret) {
		pgtable_linear_unmap(sys, start, size);
		ranges_remove(sys, &sys->direct_map, start, start + size);
		return ret;
	}
	if (PFN_UP(start + size) > sys->max_pfn)
		sys->max_pfn = PFN_UP(start + size);	/* update_end_of_memory_vars */
	return 0;
}

void arch_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size,
			struct vmem_altmap *altmap)
{
	__remove_pages(sys, PHYS_PFN(start), PHYS_PFN(size), altmap);
	pgtable_linear_unmap(sys, start, size);
	/* Removing a whole mapped range never needs a slot; warn if it would. */
	if (ranges_remove(sys, &sys->direct_map, start, start + size))
		hm_warn(sys, "linear map: cannot split for [%#llx-%#llx)",
			(unsigned long long)start, (unsigned long long)(start + size));
}

void arch_destroy(struct hm_system *sys)
{
	pgtable_destroy(sys);
	hm_kfree(&sys->alloc, sys->direct_map.r);
	memset(&sys->direct_map, 0, sizeof(sys->direct_map));
}

unsigned long arch_probe_memory_block_size(struct hm_system *sys, uint64_t boot_mem_end)
{
	const unsigned long max_block = 2UL << 30;	/* MAX_BLOCK_SIZE */
	unsigned long bz;

	if (sys->arch.block_size)
		return sys->arch.block_size;
	if (sys->arch.kind == HM_ARCH_ARM64)
		return MIN_MEMORY_BLOCK_SIZE;
	if (boot_mem_end < (64ULL << 30))	/* MEM_SIZE_FOR_LARGE_BLOCK */
		return MIN_MEMORY_BLOCK_SIZE;
	if (!sys->arch.hypervisor)
		return max_block;
	for (bz = max_block; bz > MIN_MEMORY_BLOCK_SIZE; bz >>= 1)
		if (IS_ALIGNED(boot_mem_end, bz))
			break;
	return bz;
}

/*
 * add_pages: sections and memmap without the linear map (device-private
 * memory: memremap_pages maps nothing the CPU could reach).
 */
int add_pages(struct hm_system *sys, int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct vmem_altmap *altmap)
{
	return __add_pages(sys, nid, start_pfn, nr_pages, altmap);
}

/* The kernel's __remove_pages, for the ranges add_pages added. */
void remove_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct vmem_altmap *altmap)
{
	__remove_pages(sys, start_pfn, nr_pages, altmap);
}
