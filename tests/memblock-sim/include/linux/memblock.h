/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/memblock.h for the kernel's memblock simulator (tools/testing/memblock),
 * on hotmem's memblock.
 *
 * The simulator's tests are built unchanged; where its Makefile links them
 * with the kernel's mm/memblock.c, run.sh links them with hotmem's.  This
 * header gives the tests the kernel's names: the global "memblock" is the
 * memblock of an hm_system (shim.c), and each call of the kernel's API is a
 * call of shim.c, which calls hotmem's memblock_*() on that memblock.
 *
 * The tests read and write the arrays directly, as the kernel's own code
 * does, so struct memblock and its regions are hotmem's: the same fields
 * under the same names.
 */
#ifndef HOTMEM_SHIM_LINUX_MEMBLOCK_H
#define HOTMEM_SHIM_LINUX_MEMBLOCK_H

/* what the kernel's linux/memblock.h includes */
#include <linux/init.h>
#include <linux/mm.h>
#include <asm/dma.h>

#include "hotmem/memblock.h"

struct memblock *hm_shim_memblock(void);
#define memblock (*hm_shim_memblock())

int hm_shim_add(phys_addr_t base, phys_addr_t size);
int hm_shim_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags);
int hm_shim_remove(phys_addr_t base, phys_addr_t size);
int hm_shim_reserve(phys_addr_t base, phys_addr_t size);
void hm_shim_free(void *ptr, size_t size);
int hm_shim_phys_free(phys_addr_t base, phys_addr_t size);
void hm_shim_trim_memory(phys_addr_t align);
void hm_shim_set_bottom_up(bool enable);
bool hm_shim_bottom_up(void);
void hm_shim_allow_resize(void);
phys_addr_t hm_shim_start_of_DRAM(void);
phys_addr_t hm_shim_end_of_DRAM(void);
phys_addr_t hm_shim_phys_mem_size(void);
bool hm_shim_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
void *hm_shim_alloc(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
		    phys_addr_t max_addr, int nid, bool exact_nid, bool raw);

#define memblock_add(base, size)		hm_shim_add(base, size)
#define memblock_add_node(base, size, nid, flags) hm_shim_add_node(base, size, nid, flags)
#define memblock_remove(base, size)		hm_shim_remove(base, size)
#define memblock_reserve(base, size)		hm_shim_reserve(base, size)
#define memblock_free(ptr, size)		hm_shim_free(ptr, size)
#define memblock_phys_free(base, size)		hm_shim_phys_free(base, size)
#define memblock_trim_memory(align)		hm_shim_trim_memory(align)
#define memblock_set_bottom_up(enable)		hm_shim_set_bottom_up(enable)
#define memblock_bottom_up()			hm_shim_bottom_up()
#define memblock_allow_resize()			hm_shim_allow_resize()
#define memblock_start_of_DRAM()		hm_shim_start_of_DRAM()
#define memblock_end_of_DRAM()			hm_shim_end_of_DRAM()
#define memblock_phys_mem_size()		hm_shim_phys_mem_size()
#define memblock_overlaps_region(type, base, size) hm_shim_overlaps_region(type, base, size)

/* the memblock_alloc family of include/linux/memblock.h and mm/memblock.c */
#define memblock_alloc_try_nid(size, align, min, max, nid) \
	hm_shim_alloc(size, align, min, max, nid, false, false)
#define memblock_alloc_try_nid_raw(size, align, min, max, nid) \
	hm_shim_alloc(size, align, min, max, nid, false, true)
#define memblock_alloc_exact_nid_raw(size, align, min, max, nid) \
	hm_shim_alloc(size, align, min, max, nid, true, true)
#define memblock_alloc(size, align) \
	memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, \
			       NUMA_NO_NODE)
#define memblock_alloc_raw(size, align) \
	memblock_alloc_try_nid_raw(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, \
				   NUMA_NO_NODE)
#define memblock_alloc_from(size, align, min_addr) \
	memblock_alloc_try_nid(size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE)
#define memblock_alloc_low(size, align) \
	memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_LOW_ADDRESS_LIMIT, \
			       NUMA_NO_NODE)
#define memblock_alloc_node(size, align, nid) \
	memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, nid)

/* without CONFIG_NUMA the kernel keeps no node in a region */
#ifdef CONFIG_NUMA
#define memblock_get_region_node(r)	((r)->nid)
#else
#define memblock_get_region_node(r)	0
#endif

#endif /* HOTMEM_SHIM_LINUX_MEMBLOCK_H */
