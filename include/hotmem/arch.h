/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch.h - what differs between the architectures hotmem models: the linear
 * map (direct map) bookkeeping of arch_add_memory/arch_remove_memory, the
 * memory block size, and the arm64 rules (memblock kept after boot, the old
 * memblock-based pfn_valid, boot memory that cannot be offlined).
 */
#ifndef HOTMEM_ARCH_H
#define HOTMEM_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct hm_system;
struct hm_report;
struct vmem_altmap;

enum hm_arch_kind { HM_ARCH_X86_64, HM_ARCH_ARM64 };

struct hm_arch_config {
	enum hm_arch_kind kind;
	/* CONFIG_ARCH_KEEP_MEMBLOCK: hotplug adds and removes memblock ranges */
	bool keep_memblock;
	/* arm64 before v5.14: pfn_valid also asks memblock_is_map_memory */
	bool pfn_valid_uses_memblock;
	/* arm64: boot memory cannot be offlined (-EPERM from a notifier) */
	bool prevent_bootmem_remove;
	/* X86_FEATURE_HYPERVISOR: block size follows the boot memory end */
	bool hypervisor;
	/* memory_block_size_bytes() override (set_memory_block_size_order); 0: probe */
	unsigned long block_size;
	/* x86 X86_FEATURE_GBPAGES (pdpe1gb, QEMU's -cpu max): 1 GiB linear-map pages */
	bool gbpages;
	/* x86 X86_FEATURE_LA57 (QEMU's -cpu max, unless no5lvl): 5-level paging */
	bool la57;
	/* x86 CPUID's physical address bits (QEMU's phys-bits); 0: not known */
	unsigned int phys_bits;
	/*
	 * arm64 test layout (0: Linux 6.1's 48-bit layout): the linear map is
	 * this long and the vmalloc area starts right after it, inside the
	 * same top-level table, so that hot-remove's free_empty_tables meets
	 * a table shared with vmalloc (as vmalloc and vmemmap share tables
	 * with 16K and 64K pages); arch_get_mappable_range shrinks with it.
	 */
	uint64_t linear_map_size;
};

/*
 * MAX_PHYSMEM_BITS as the running kernel has it: x86 46, or 52 with 5-level
 * paging (pgtable_l5_enabled()); arm64 (48-bit VA, 4K pages) 48.  What
 * memory hotplug can add lies below 2^bits (mhp_get_pluggable_range).
 */
static inline unsigned int arch_physmem_bits(const struct hm_arch_config *a)
{
	if (a->kind == HM_ARCH_ARM64)
		return 48;
	return a->la57 ? 52 : 46;
}

/* CONFIG_FIRMWARE_MEMMAP: x86 has /sys/firmware/memmap, arm64 does not. */
static inline bool arch_has_firmware_memmap(enum hm_arch_kind kind)
{
	return kind == HM_ARCH_X86_64;
}

/* A sorted set of disjoint [start, end) ranges of the linear map. */
struct hm_ranges {
	uint64_t (*r)[2];
	unsigned long nr, cap;
};

int arch_add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size,
		    struct vmem_altmap *altmap);
void arch_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size,
			struct vmem_altmap *altmap);
/* Sections and memmap only, no linear map (device-private memory); 0 or -errno. */
int add_pages(struct hm_system *sys, int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct vmem_altmap *altmap);
void remove_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct vmem_altmap *altmap);
/* Boot: maps the boot RAM (init_mem_mapping). */
int arch_map_boot_memory(struct hm_system *sys, uint64_t start, uint64_t end);
bool arch_range_is_mapped(struct hm_system *sys, uint64_t start, uint64_t end);
void arch_destroy(struct hm_system *sys);
/* probe_memory_block_size() on x86_64; the section size on arm64. */
unsigned long arch_probe_memory_block_size(struct hm_system *sys, uint64_t boot_mem_end);

#endif /* HOTMEM_ARCH_H */
