// SPDX-License-Identifier: GPL-2.0
/*
 * shim.c - the kernel's memblock API, as tools/testing/memblock calls it,
 * on hotmem's memblock (see include/linux/memblock.h here).
 *
 * The memblock is that of an hm_system created before main() runs, as the
 * kernel's is a static initialised before anything runs.  Every call:
 *  - takes over what the test wrote to the arrays directly (its
 *    reset_memblock_regions(), a region array it put back) and the
 *    simulator's movable_node switch;
 *  - calls hotmem's function;
 *  - runs memblock_check() and aborts on a violation, so the suite checks
 *    hotmem's invariants after every step as well as the kernel's answers.
 *
 * Linux 6.1 keeps an empty array as one zero-sized region (cnt == 1), v6.3
 * on as cnt == 0 with regions[0] zeroed, hotmem's representation.  Built
 * with -DHM_SHIM_EMPTY_IS_ONE (for 6.1's suite) the shim presents an empty
 * array as 6.1 does, and takes 6.1's back: nothing else is translated.
 *
 * Allocations return the physical address as a pointer (the simulator's
 * memory is identity-mapped: phys_to_virt is a cast) and are zeroed unless
 * raw, as mm/memblock.c's memblock_alloc_try_nid() does: hotmem keeps no
 * memory contents, the test's buffer has them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/alloc.h"
#include "hotmem/memblock.h"
#include "hotmem/report.h"
#include "hotmem/system.h"

/* the simulator's movable_node switch (tests/common.c) */
extern bool movable_node_enabled;

static struct hm_system *shim_sys;

__attribute__((constructor)) static void hm_shim_init(void)
{
	if (hm_system_create(&shim_sys, NULL)) {
		fprintf(stderr, "memblock shim: cannot create the hm_system\n");
		exit(2);
	}
#ifdef HM_SHIM_EMPTY_IS_ONE
	shim_sys->memblock.memory.cnt = 1;
	shim_sys->memblock.reserved.cnt = 1;
#endif
}

struct memblock *hm_shim_memblock(void)
{
	return &shim_sys->memblock;
}

/*
 * The regions[] each array had when the last call returned.  6.12's tests
 * of array doubling put the first array back afterwards (their doubled one
 * lay in a buffer they free): the grown array they dropped is hotmem's,
 * freed here, and the first one lies nowhere in memblock memory.
 */
static struct memblock_region *shim_seen[2];

static void hm_shim_enter_type(struct memblock_type *type, struct memblock_region **seen)
{
#ifdef HM_SHIM_EMPTY_IS_ONE
	if (type->cnt == 1 && !type->regions[0].size)
		type->cnt = 0;
#endif
	if (*seen && type->regions != *seen && type->regions == type->init_regions) {
		hm_kfree(&shim_sys->alloc, *seen);
		type->array_phys = 0;
		type->array_phys_size = 0;
	}
}

static void hm_shim_enter(void)
{
	hm_shim_enter_type(&shim_sys->memblock.memory, &shim_seen[0]);
	hm_shim_enter_type(&shim_sys->memblock.reserved, &shim_seen[1]);
	shim_sys->memblock.movable_node = movable_node_enabled;
}

static void hm_shim_leave(const char *call)
{
	struct hm_report r;

	hm_report_init(&r);
	if (memblock_check(&shim_sys->memblock, &r)) {
		fprintf(stderr, "memblock shim: after %s: memblock_check:\n%s", call,
			hm_buf_str(&r.text));
		abort();
	}
	hm_report_free(&r);
	shim_seen[0] = shim_sys->memblock.memory.regions;
	shim_seen[1] = shim_sys->memblock.reserved.regions;
#ifdef HM_SHIM_EMPTY_IS_ONE
	if (!shim_sys->memblock.memory.cnt)
		shim_sys->memblock.memory.cnt = 1;
	if (!shim_sys->memblock.reserved.cnt)
		shim_sys->memblock.reserved.cnt = 1;
#endif
}

#define HM_SHIM_CALL(call) ({			\
	__typeof__(call) _ret;			\
	hm_shim_enter();			\
	_ret = (call);				\
	hm_shim_leave(#call);			\
	_ret;					\
})

/*
 * Without CONFIG_NUMA the kernel keeps no node in a region and
 * memblock_get_region_node() answers 0 for every one: all memory is node 0.
 */
int hm_shim_add(uint64_t base, uint64_t size)
{
#ifdef CONFIG_NUMA
	return HM_SHIM_CALL(memblock_add(&shim_sys->memblock, base, size));
#else
	return HM_SHIM_CALL(memblock_add_node(&shim_sys->memblock, base, size, 0,
					      MEMBLOCK_NONE));
#endif
}

int hm_shim_add_node(uint64_t base, uint64_t size, int nid, enum memblock_flags flags)
{
#ifndef CONFIG_NUMA
	nid = 0;
#endif
	return HM_SHIM_CALL(memblock_add_node(&shim_sys->memblock, base, size, nid, flags));
}

int hm_shim_remove(uint64_t base, uint64_t size)
{
	return HM_SHIM_CALL(memblock_remove(&shim_sys->memblock, base, size));
}

int hm_shim_reserve(uint64_t base, uint64_t size)
{
	return HM_SHIM_CALL(memblock_reserve(&shim_sys->memblock, base, size));
}

int hm_shim_phys_free(uint64_t base, uint64_t size)
{
	return HM_SHIM_CALL(memblock_phys_free(&shim_sys->memblock, base, size));
}

/* memblock_free(): the kernel's takes a virtual address, __pa() of it here a cast */
void hm_shim_free(void *ptr, size_t size)
{
	hm_shim_phys_free((uint64_t)(uintptr_t)ptr, size);
}

void hm_shim_trim_memory(uint64_t align)
{
	hm_shim_enter();
	memblock_trim_memory(&shim_sys->memblock, align);
	hm_shim_leave("memblock_trim_memory");
}

void hm_shim_set_bottom_up(bool enable)
{
	memblock_set_bottom_up(&shim_sys->memblock, enable);
}

bool hm_shim_bottom_up(void)
{
	return memblock_bottom_up(&shim_sys->memblock);
}

void hm_shim_allow_resize(void)
{
	memblock_allow_resize(&shim_sys->memblock);
}

uint64_t hm_shim_start_of_DRAM(void)
{
	return HM_SHIM_CALL(memblock_start_of_DRAM(&shim_sys->memblock));
}

uint64_t hm_shim_end_of_DRAM(void)
{
	return HM_SHIM_CALL(memblock_end_of_DRAM(&shim_sys->memblock));
}

uint64_t hm_shim_phys_mem_size(void)
{
	return HM_SHIM_CALL(memblock_phys_mem_size(&shim_sys->memblock));
}

bool hm_shim_overlaps_region(struct memblock_type *type, uint64_t base, uint64_t size)
{
	return HM_SHIM_CALL(memblock_overlaps_region(type, base, size));
}

void *hm_shim_alloc(uint64_t size, uint64_t align, uint64_t min_addr,
		    uint64_t max_addr, int nid, bool exact_nid, bool raw)
{
	struct memblock *mb = &shim_sys->memblock;
	uint64_t phys;
	void *ptr;

	if (exact_nid)
		phys = HM_SHIM_CALL(memblock_alloc_exact_nid_raw(mb, size, align, min_addr,
								 max_addr, nid));
	else
		phys = HM_SHIM_CALL(memblock_alloc_try_nid(mb, size, align, min_addr,
							   max_addr, nid));
	if (!phys)
		return NULL;
	ptr = (void *)(uintptr_t)phys;
	if (!raw)
		memset(ptr, 0, size);
	return ptr;
}
