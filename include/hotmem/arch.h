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

/**
 * arch_physmem_bits() - MAX_PHYSMEM_BITS as the running kernel has it
 * @a: the architecture's configuration
 *
 * x86 46, or 52 with 5-level paging (pgtable_l5_enabled()); arm64 (48-bit
 * VA, 4K pages) 48.  What memory hotplug can add lies below 2^bits
 * (mhp_get_pluggable_range).
 *
 * Return: the number of physical address bits.
 */
static inline unsigned int arch_physmem_bits(const struct hm_arch_config *a)
{
	if (a->kind == HM_ARCH_ARM64)
		return 48;
	return a->la57 ? 52 : 46;
}

/**
 * arch_has_firmware_memmap() - CONFIG_FIRMWARE_MEMMAP of the architecture
 * @kind: the architecture
 *
 * Return: true on x86 (/sys/firmware/memmap), false on arm64.
 */
static inline bool arch_has_firmware_memmap(enum hm_arch_kind kind)
{
	return kind == HM_ARCH_X86_64;
}

/* A sorted set of disjoint [start, end) ranges of the linear map. */
struct hm_ranges {
	uint64_t (*r)[2];
	unsigned long nr, cap;
};

/**
 * arch_add_memory() - map a range into the linear map and add its sections
 * @sys: the system
 * @nid: the node the memmap is allocated on
 * @start: physical start (bytes, section-aligned for RAM)
 * @size: bytes
 * @altmap: where the memmap goes (a device's own pages), NULL: host memory
 *
 * x86 init_memory_mapping() / arm64 __create_pgd_mapping(), then
 * __add_pages(): each section's memmap populated, then the section added.
 * On arm64 the range's MEMBLOCK_NOMAP is cleared.
 *
 * Context: the caller holds the memory hotplug lock (mem_hotplug_begin()).
 * Return: 0; -EINVAL for a range not aligned to a subsection or an altmap
 * that does not fit it; -EEXIST when a subsection is already present;
 * -ENOMEM.  Nothing changes on failure (the kernel leaves the linear
 * mapping of a failed x86 add in place: hotmem unmaps it).
 */
int arch_add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size,
		    struct vmem_altmap *altmap);
/**
 * arch_remove_memory() - remove a range's sections and its linear mapping
 * @sys: the system
 * @start: physical start, as given to arch_add_memory()
 * @size: bytes
 * @altmap: as given to arch_add_memory()
 *
 * Context: the caller holds the memory hotplug lock; the range's pages are
 * offline.  A linear map that cannot be split is warned about in the log.
 */
void arch_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size,
			struct vmem_altmap *altmap);
/**
 * add_pages() - add the sections and memmap of a range, without mapping it
 * @sys: the system
 * @nid: the node of the memmap
 * @start_pfn: first pfn (subsection-aligned)
 * @nr_pages: pages (a multiple of a subsection)
 * @altmap: where the memmap goes, NULL: host memory
 *
 * For device-private memory: memremap_pages() maps nothing the CPU could
 * reach.
 *
 * Context: the caller holds the memory hotplug lock.
 * Return: 0, or -EINVAL, -EEXIST, -ENOMEM as arch_add_memory(); nothing
 * changes on failure.
 */
int add_pages(struct hm_system *sys, int nid, unsigned long start_pfn, unsigned long nr_pages,
	      struct vmem_altmap *altmap);
/**
 * remove_pages() - remove what add_pages() added
 * @sys: the system
 * @start_pfn: as given to add_pages()
 * @nr_pages: as given to add_pages()
 * @altmap: as given to add_pages()
 *
 * Context: the caller holds the memory hotplug lock.
 */
void remove_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct vmem_altmap *altmap);
/**
 * arch_map_boot_memory() - record boot RAM as linearly mapped
 * @sys: the system
 * @start: physical start (bytes)
 * @end: physical end (exclusive)
 *
 * Boot only (init_mem_mapping()).
 *
 * Return: 0, or -ENOMEM with the set of mapped ranges unchanged.
 */
int arch_map_boot_memory(struct hm_system *sys, uint64_t start, uint64_t end);
/**
 * arch_range_is_mapped() - whether the linear map covers a range
 * @sys: the system
 * @start: physical start (bytes)
 * @end: physical end (exclusive)
 *
 * Return: true when one mapped range holds all of [@start, @end).
 */
bool arch_range_is_mapped(struct hm_system *sys, uint64_t start, uint64_t end);
/**
 * arch_destroy() - free the page tables and the mapped-range set
 * @sys: the system being torn down
 */
void arch_destroy(struct hm_system *sys);
/**
 * arch_probe_memory_block_size() - the memory block size chosen at boot
 * @sys: the system (its arch configuration)
 * @boot_mem_end: the end of boot memory (bytes)
 *
 * x86_64's probe_memory_block_size(): 128 MiB below 64 GiB of boot memory,
 * else 2 GiB on bare metal, or under a hypervisor the largest size up to
 * 2 GiB that aligns @boot_mem_end; arm64: the section size.  A block size
 * set in the arch configuration wins.
 *
 * Return: the block size in bytes.
 */
unsigned long arch_probe_memory_block_size(struct hm_system *sys, uint64_t boot_mem_end);

#endif /* HOTMEM_ARCH_H */
