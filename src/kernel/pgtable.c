// SPDX-License-Identifier: GPL-2.0
/*
 * pgtable.c - the kernel page tables as real tables (arch/x86/mm/init.c,
 * init_64.c, arch/arm64/mm/mmu.c, mm/sparse-vmemmap.c, mm/vmalloc.c).
 *
 * DOC: Overview
 *
 * One set of tables (init_mm) with four levels of 512 entries.  An entry
 * is none (0), a table (a pointer to struct pt_table | PTE_TABLE) or a
 * leaf (a physical address | PTE_LEAF, at level 0 a page, at level 1 or 2
 * a block), plus where a vmemmap leaf's memory came from (PTE_ALTMAP,
 * PTE_BOOTMEM).
 *
 * x86_64 (init_64.c):
 *   boot	init_mem_mapping: [0, 1 MiB) with 4 KiB pages, then the RAM
 *		top-down in growing steps (2 MiB, then x256), each step's memblock
 *		ranges through init_memory_mapping: split_mem_range into 4K, 2M
 *		and (gbpages) 1G pieces, widened to a whole 2M/1G page where
 *		memblock has memory around it (adjust_range_page_size_mask).
 *		Before after_bootmem, a page already mapped counts again
 *		(phys_pud_init/phys_pmd_init/phys_pte_init "pages++"), which is
 *		why a 1 GiB page mapped in two steps is two in DirectMap1G.
 *		Then the boot-time splits of the page attribute code (below).
 *   hot-add	init_memory_mapping(start, end): the same without the widening
 *		and the recount; table pages from the buddy allocator.
 *   remove	remove_pagetable(direct): leaves cleared, then PTE and PMD
 *		tables freed once all their entries are none; PUD tables stay
 *		(4-level paging); direct_pages_count lowered per level.
 *   vmemmap	vmemmap_populate_hugepages: 2 MiB blocks (altmap or buddy,
 *		base pages when the buddy has no 2 MiB); vmemmap_free =
 *		remove_pagetable(!direct), which frees the backing too.
 *
 * arm64 (mmu.c, 4 KiB pages, 48-bit VA, rodata=full as Debian's 6.1):
 *   boot	map_mem: memblock memory without nomap, page-granular (rodata=full
 *		forces NO_BLOCK_MAPPINGS), tables from memblock.
 *   hot-add	__create_pgd_mapping with NO_BLOCK_MAPPINGS|NO_CONT_MAPPINGS:
 *		4 KiB pages, tables from the buddy (pgd_pgtable_alloc).
 *   remove	__remove_pgd_mapping: unmap_hotplug_range(free_mapped=false)
 *		then free_empty_tables(PAGE_OFFSET, PAGE_END).
 *   vmemmap	vmemmap_populate: PMD blocks for a whole section (altmap or
 *		buddy, base pages if the buddy fails), base pages otherwise;
 *		vmemmap_free = unmap_hotplug_range(free_mapped=true) +
 *		free_empty_tables(VMEMMAP_START, VMEMMAP_END).
 *   floor/ceiling  free_empty_tables frees a table only if all its entries
 *		are none and the whole VA span it maps lies inside [floor,
 *		ceiling) (pgtable_range_aligned): a table shared with vmalloc,
 *		which walks and fills the tables without any lock the remover
 *		holds, is never freed.
 *
 * The vmalloc model (vmap_range / vunmap_range) walks from the PGD, fills
 * missing tables with a compare-and-swap and never frees a table except an
 * empty PTE table it replaces by a 2 MiB block (pmd_free_pte_page).
 *
 * Freed tables stay allocated, marked dead and poisoned, until no walker
 * runs (active_walkers, checked after the table is unlinked); a walker that
 * finds a dead table counts a use-after-free in pgtable.uaf.
 *
 * DOC: The compact form
 *
 * arm64's linear map takes a PTE table per 2 MiB (525,330 table pages per
 * TiB, 8 million at boot for 16 TiB); x86's a PMD table per GiB.  Nearly
 * all of them are uniform: 512 leaves of one contiguous range, same
 * attributes.  Such a table is created compact (e == NULL): its first
 * leaf stands for the 512, and a PMD table of arm64's whole GiB also
 * stands for its 512 PTE tables (children: each still allocated in the
 * kernel's order, a page from the buddy or memblock and an allocation
 * point of the fault injection, but held as a pfn only).  Unmapping all
 * of a compact table clears its leaves at once; free_empty_tables frees
 * the empty children in order, as it frees each; reads compute the entry
 * (pt_get, pt_lookup, the census, pgtable_walk).  Anything else, a part
 * unmapped, a leaf written, a walk descending below a table with children,
 * expands it first (pt_expand: its entries, its children made tables),
 * so the kernel's tables, their pages, the buddy's lists and DirectMap are
 * what the dense walk would have left.  Only tables inside the linear map
 * are compact: the vmalloc model's lock-free walkers never meet one.
 * HOTMEM_PGTABLE=dense (and HOTMEM_MEMMAP=dense) keep every table dense,
 * for the twin tests (test_pgtable) and memmap_modes_*.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/page_alloc.h"
#include "hotmem/pgtable.h"
#include "hotmem/system.h"

#define PT_MAGIC	0x7461626c65ULL	/* "table" */
#define PT_DEAD		0xdeadULL

#define PTE_LEAF	0x1ULL
#define PTE_TABLE	0x2ULL
#define PTE_ALTMAP	0x4ULL		/* vmemmap backing from an altmap */
#define PTE_BOOTMEM	0x8ULL		/* vmemmap backing from memblock */
#define PTE_ADDR_MASK	(~0xfffULL)
#define PTE_FLAGS	0xfffULL

#define PTE_SIZE	PT_LEVEL_SIZE(0)
#define PMD_SIZE_	PT_LEVEL_SIZE(1)
#define PUD_SIZE_	PT_LEVEL_SIZE(2)
#define PGD_SIZE_	PT_LEVEL_SIZE(3)
#define STRUCT_PAGE_SIZE 64ULL

/* x86 (4-level, nokaslr) and arm64 (48-bit VA, 6.1) layouts */
#define X86_PAGE_OFFSET		0xffff888000000000ULL
#define X86_VMALLOC_START	0xffffc90000000000ULL
#define X86_VMALLOC_END		0xffffe8ffffffffffULL
#define X86_VMEMMAP_START	0xffffea0000000000ULL
/* x86 with 5-level paging (la57): 52 bits of physical, 57 of virtual addresses */
#define X86_L5_PAGE_OFFSET	0xff11000000000000ULL
#define X86_L5_VMALLOC_START	0xffa0000000000000ULL
#define X86_L5_VMALLOC_END	0xffd1ffffffffffffULL
#define X86_L5_VMEMMAP_START	0xffd4000000000000ULL
#define ARM64_PAGE_OFFSET	0xffff000000000000ULL
#define ARM64_PAGE_END		0xffff800000000000ULL
#define ARM64_MODULES_VSIZE	(128ULL << 20)
#define ARM64_VMEMMAP_START	0xfffffc0000000000ULL
#define ARM64_VMEMMAP_END	0xfffffe0000000000ULL

/* ------------------------------------------------------------ entries */

static inline uint64_t *pt_entries(const struct pt_table *t)
{
	return __atomic_load_n(&t->e, __ATOMIC_ACQUIRE);
}

/* A compact table whose entries stand for tables (pgtable.h). */
static inline bool pt_has_children(const struct pt_table *t)
{
	return t->children_pfn || t->children_boot;
}

/*
 * Entry i: read, or computed for a compact table of leaves.  A compact
 * table with children has none to give: walks that descend expand it
 * first (pt_entry), the read-only walks compute (pt_lookup, the census).
 */
static inline uint64_t pt_get(const struct pt_table *t, unsigned int i)
{
	const uint64_t *e = pt_entries(t);

	if (e)
		return __atomic_load_n(&e[i], __ATOMIC_ACQUIRE);
	if (pt_has_children(t)) {
		fprintf(stderr, "hotmem: pgtable: a compact L%u table read as entries\n", t->level);
		abort();
	}
	return t->first ? t->first + i * PT_LEVEL_SIZE(t->level) : 0;
}

/* Entries are written in dense tables only (pt_set_dense expands first). */
static inline void pt_set(struct pt_table *t, unsigned int i, uint64_t v)
{
	__atomic_store_n(&t->e[i], v, __ATOMIC_RELEASE);
}

static inline bool pt_cas(struct pt_table *t, unsigned int i, uint64_t old, uint64_t v)
{
	return __atomic_compare_exchange_n(&t->e[i], &old, v, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

static inline bool pte_is_table(uint64_t e)
{
	return e & PTE_TABLE;
}

static inline bool pte_is_leaf(uint64_t e)
{
	return e & PTE_LEAF;
}

static inline struct pt_table *pte_table(uint64_t e)
{
	return (struct pt_table *)(uintptr_t)(e & ~0xfULL);	/* calloc: 16-aligned */
}

static inline uint64_t mk_table(struct pt_table *t)
{
	return (uint64_t)(uintptr_t)t | PTE_TABLE;
}

static inline unsigned int pt_index(uint64_t va, unsigned int level)
{
	return (unsigned int)((va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1));
}

/* The PGD's level: 3 with 4-level paging, 4 with 5 (x86 la57). */
static inline unsigned int pt_top_level(const struct hm_system *sys)
{
	return sys->pgtable.levels - 1;
}

/* The first VA after the entry of level mapping va (pXd_addr_end). */
static inline uint64_t pt_addr_end(uint64_t va, uint64_t end, unsigned int level)
{
	uint64_t next = (va & ~(PT_LEVEL_SIZE(level) - 1)) + PT_LEVEL_SIZE(level);

	return next - 1 < end - 1 ? next : end;
}

static inline void counter_add(unsigned long *c, long v)
{
	__atomic_fetch_add(c, (unsigned long)v, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------ table pages */

/*
 * Host memory the model cannot fail to get: a compact table's entries or
 * children, needed one by one now (the kernel had them all along).  Not an
 * allocation point of the fault injection (hm_alloc no_inject), as
 * hm_vzalloc_nofail for the memmap; the host itself out of memory aborts.
 */
static void *pt_host_alloc(struct hm_system *sys, size_t size)
{
	void *p;

	__atomic_fetch_add(&sys->alloc.no_inject, 1, __ATOMIC_RELAXED);
	p = hm_kzalloc(&sys->alloc, size);
	__atomic_fetch_sub(&sys->alloc.no_inject, 1, __ATOMIC_RELAXED);
	if (!p) {
		fprintf(stderr, "hotmem: pgtable: out of host memory\n");
		abort();
	}
	return p;
}

/* Gives back the host memory of a table: its entries, children and itself. */
static void pt_host_free(struct hm_system *sys, struct pt_table *t)
{
	hm_kfree(&sys->alloc, t->e);
	hm_kfree(&sys->alloc, t->children_pfn);
	hm_kfree(&sys->alloc, t);
}

static void pt_link_all(struct hm_pgtable *pt, struct pt_table *t)
{
	pthread_mutex_lock(&pt->dead_lock);
	t->all_next = pt->all;
	if (pt->all)
		pt->all->all_prev = t;
	pt->all = t;
	pthread_mutex_unlock(&pt->dead_lock);
}

/* A table page from the buddy (unmovable, like a slab page); 0 if none. */
static unsigned long pt_alloc_page(struct hm_system *sys, int nid)
{
	struct page *page = __alloc_pages(sys, GFP_KERNEL, 0, nid < 0 ? 0 : nid, NULL);

	if (!page)
		return 0;
	page_set_flag(page, PG_slab);
	return page_to_pfn(sys, page);
}

static void pt_free_page(struct hm_system *sys, unsigned long pfn)
{
	struct page *page = pfn_to_page(sys, pfn);

	page_clear_flag(page, PG_slab);
	__free_pages(sys, page, 0);
}

/*
 * A table page: from memblock at boot (a host allocation only: the kernel's
 * memblock pages are reserved memory hotmem does not track one by one), the
 * buddy allocator after boot (the local node first, as __get_free_page).
 * Compact (first: its leaves, 0: none), or dense with its 512 entries.
 */
static struct pt_table *pt_alloc(struct hm_system *sys, unsigned int level, int nid,
				 bool compact, uint64_t first)
{
	struct hm_pgtable *pt = &sys->pgtable;
	/* the host struct from the counted allocator (16-byte aligned, as mk_table needs) */
	struct pt_table *t = hm_kzalloc(&sys->alloc, sizeof(*t));
	unsigned long pfn = 0;

	if (!t)
		return NULL;
	if (pt->booted) {
		pfn = pt_alloc_page(sys, nid);
		if (!pfn) {
			hm_kfree(&sys->alloc, t);
			return NULL;
		}
	} else {
		counter_add(&pt->nr_boot_tables, 1);
	}
	t->magic = PT_MAGIC;
	t->page_pfn = pfn;
	t->level = level;
	if (compact) {
		t->first = first;
		counter_add(&pt->nr_compact, 1);
	} else {
		t->e = pt_host_alloc(sys, PT_ENTRIES * sizeof(*t->e));
	}
	counter_add(&pt->nr_tables, 1);
	pt_link_all(pt, t);
	return t;
}

/* May a table mapping [va, va + span) be compact?  Only inside the linear map. */
static bool pt_may_compact(struct hm_system *sys, uint64_t va, uint64_t span)
{
	const struct kernel_va_layout *l = &sys->pgtable.layout;

	return !sys->pgtable.dense && va >= l->page_offset && va + span - 1 <= l->page_end - 1;
}

/*
 * A compact table of level whose 512 entries are compact tables of leaves
 * (level - 1) mapping from first on: the tables and their pages allocated
 * in the kernel's order (this one, then each child), each child's host
 * struct an allocation point still (hm_alloc_charge) though none is made.
 * On failure *out is what was built: a dense table with the children made
 * so far, for the caller's unwinding.
 */
static int pt_alloc_with_children(struct hm_system *sys, unsigned int level, int nid,
				  uint64_t first, struct pt_table **out)
{
	struct hm_pgtable *pt = &sys->pgtable;
	const uint64_t step = PT_LEVEL_SIZE(level);
	struct pt_table *t = pt_alloc(sys, level, nid, true, first), *c;
	unsigned long *pfns = NULL;
	unsigned int i, k;

	*out = t;
	if (!t)
		return -ENOMEM;
	if (pt->booted)
		pfns = pt_host_alloc(sys, PT_ENTRIES * sizeof(*pfns));
	for (i = 0; i < PT_ENTRIES; i++) {
		if (hm_alloc_charge(&sys->alloc))
			break;
		if (pfns) {
			pfns[i] = pt_alloc_page(sys, nid);
			if (!pfns[i])
				break;
		}
	}
	/* the children made, counted at once */
	if (!pfns)
		counter_add(&pt->nr_boot_tables, (long)i);
	counter_add(&pt->nr_tables, (long)i);
	counter_add(&pt->nr_compact, (long)i);
	if (i == PT_ENTRIES) {
		t->children_pfn = pfns;
		t->children_boot = !pfns;
		return 0;
	}
	/* the children made so far, as tables of their own */
	t->e = pt_host_alloc(sys, PT_ENTRIES * sizeof(*t->e));
	counter_add(&pt->nr_compact, -1);
	for (k = 0; k < i; k++) {
		c = pt_host_alloc(sys, sizeof(*c));
		c->magic = PT_MAGIC;
		c->page_pfn = pfns ? pfns[k] : 0;
		c->level = level - 1;
		c->first = first + k * step;
		pt_link_all(pt, c);
		t->e[k] = mk_table(c);
	}
	hm_kfree(&sys->alloc, pfns);
	return -ENOMEM;
}

/*
 * Makes a compact table dense: its entries written out, its children made
 * tables of their own (compact, with their leaves).  Walks that change a
 * table, or descend below one with children, call it first.
 */
static void pt_expand(struct hm_system *sys, struct pt_table *t)
{
	struct hm_pgtable *pt = &sys->pgtable;
	const uint64_t step = PT_LEVEL_SIZE(t->level);
	uint64_t *e;
	unsigned int i;

	if (pt_entries(t))
		return;
	e = pt_host_alloc(sys, PT_ENTRIES * sizeof(*e));
	for (i = 0; i < PT_ENTRIES; i++) {
		struct pt_table *c;

		if (!pt_has_children(t)) {
			e[i] = t->first ? t->first + i * step : 0;
			continue;
		}
		c = pt_host_alloc(sys, sizeof(*c));
		c->magic = PT_MAGIC;
		c->page_pfn = t->children_pfn ? t->children_pfn[i] : 0;
		c->level = t->level - 1;
		c->first = t->first ? t->first + i * step : 0;
		pt_link_all(pt, c);
		e[i] = mk_table(c);
	}
	hm_kfree(&sys->alloc, t->children_pfn);
	t->children_pfn = NULL;
	t->children_boot = false;
	counter_add(&pt->nr_compact, -1);
	/* the entries before the pointer: a reader sees one form or the other */
	__atomic_store_n(&t->e, e, __ATOMIC_RELEASE);
}

/* Entry i of t for a walk that may descend or write: expanded first if need be. */
static uint64_t pt_entry(struct hm_system *sys, struct pt_table *t, unsigned int i)
{
	if (!pt_entries(t) && pt_has_children(t))
		pt_expand(sys, t);
	return pt_get(t, i);
}

static void pt_set_dense(struct hm_system *sys, struct pt_table *t, unsigned int i, uint64_t v)
{
	pt_expand(sys, t);
	pt_set(t, i, v);
}

static void pt_unlink_all(struct hm_pgtable *pt, struct pt_table *t)
{
	if (t->all_prev)
		t->all_prev->all_next = t->all_next;
	else
		pt->all = t->all_next;
	if (t->all_next)
		t->all_next->all_prev = t->all_prev;
	t->all_prev = t->all_next = NULL;
}

/* Frees the dead tables if no walker runs. */
static void pt_reap(struct hm_pgtable *pt)
{
	struct pt_table *list, *next;

	if (__atomic_load_n(&pt->active_walkers, __ATOMIC_SEQ_CST))
		return;
	pthread_mutex_lock(&pt->dead_lock);
	if (__atomic_load_n(&pt->active_walkers, __ATOMIC_SEQ_CST)) {
		pthread_mutex_unlock(&pt->dead_lock);
		return;
	}
	list = pt->dead;
	pt->dead = NULL;
	pt->nr_dead = 0;
	pthread_mutex_unlock(&pt->dead_lock);
	for (; list; list = next) {
		next = list->next_dead;
		pt_host_free(container_of(pt, struct hm_system, pgtable), list);
	}
}

/* Gives a table (already unlinked) back: its page to the buddy, itself to the dead list. */
static void pt_free(struct hm_system *sys, struct pt_table *t)
{
	struct hm_pgtable *pt = &sys->pgtable;
	uint64_t *e = pt_entries(t);
	unsigned int i;

	if (t->page_pfn)
		pt_free_page(sys, t->page_pfn);
	else
		counter_add(&pt->nr_boot_tables, -1);
	counter_add(&pt->nr_tables, -1);
	if (!e)
		counter_add(&pt->nr_compact, -1);
	t->page_pfn = 0;
	/* dead first, then what a reused page would hold: a walker sees one or the other */
	__atomic_store_n(&t->magic, PT_DEAD, __ATOMIC_SEQ_CST);
	__atomic_store_n(&t->first, 0x5a5a5a5a5a5a5a5aULL, __ATOMIC_RELEASE);
	for (i = 0; e && i < PT_ENTRIES; i++)
		__atomic_store_n(&e[i], 0x5a5a5a5a5a5a5a5aULL, __ATOMIC_RELEASE);
	/* the unlink (by the caller) before the walker count is read (pt_reap) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_lock(&pt->dead_lock);
	pt_unlink_all(pt, t);
	t->next_dead = pt->dead;
	pt->dead = t;
	pt->nr_dead++;
	pthread_mutex_unlock(&pt->dead_lock);
	pt_reap(pt);
}

/*
 * Frees the (empty) children of a compact table, in order, as the kernel's
 * walk frees each empty table below it; the table is then an empty compact
 * table of leaves.
 */
static void pt_free_children(struct hm_system *sys, struct pt_table *t)
{
	struct hm_pgtable *pt = &sys->pgtable;
	unsigned int i;

	for (i = 0; t->children_pfn && i < PT_ENTRIES; i++)
		pt_free_page(sys, t->children_pfn[i]);
	if (!t->children_pfn)
		counter_add(&pt->nr_boot_tables, -PT_ENTRIES);
	counter_add(&pt->nr_tables, -PT_ENTRIES);
	counter_add(&pt->nr_compact, -PT_ENTRIES);
	hm_kfree(&sys->alloc, t->children_pfn);
	t->children_pfn = NULL;
	t->children_boot = false;
}

static bool pt_table_empty(const struct pt_table *t)
{
	unsigned int i;

	if (!pt_entries(t))
		return !pt_has_children(t) && !t->first;
	for (i = 0; i < PT_ENTRIES; i++)
		if (pt_get(t, i))
			return false;
	return true;
}

/* Does [va, end) cover the whole span of a table of level below va? */
static bool pt_covers(uint64_t va, uint64_t end, unsigned int level)
{
	const uint64_t span = PT_LEVEL_SIZE(level + 1);

	return IS_ALIGNED(va, span) && end - va >= span;
}

/*
 * The table below entry i of t, allocated and linked if missing.  The link
 * is a compare-and-swap: a racing filler (vmalloc) may have linked one.
 */
static struct pt_table *pt_next(struct hm_system *sys, struct pt_table *t, unsigned int i,
				int nid)
{
	uint64_t e = pt_entry(sys, t, i);
	struct pt_table *n;

	if (pte_is_table(e))
		return pte_table(e);
	if (e)
		return NULL;	/* a leaf is in the way */
	n = pt_alloc(sys, t->level - 1, nid, false, 0);
	if (!n)
		return NULL;
	pt_expand(sys, t);
	if (!pt_cas(t, i, 0, mk_table(n))) {
		/* lost the race: use the winner's */
		if (n->page_pfn)
			pt_free_page(sys, n->page_pfn);
		else
			counter_add(&sys->pgtable.nr_boot_tables, -1);
		counter_add(&sys->pgtable.nr_tables, -1);
		pthread_mutex_lock(&sys->pgtable.dead_lock);
		pt_unlink_all(&sys->pgtable, n);
		pthread_mutex_unlock(&sys->pgtable.dead_lock);
		pt_host_free(sys, n);
		e = pt_get(t, i);
		return pte_is_table(e) ? pte_table(e) : NULL;
	}
	return n;
}

/* ------------------------------------------------------------- set-up */

int pgtable_init(struct hm_system *sys)
{
	struct hm_pgtable *pt = &sys->pgtable;
	struct kernel_va_layout *l = &pt->layout;

	pthread_mutex_init(&pt->dead_lock, NULL);
	/* the debug mode: every table dense (HOTMEM_PGTABLE=dense, or the dense memmap's mode) */
	pt->dense = sys->sparse.memmap_dense ||
		    (getenv("HOTMEM_PGTABLE") && !strcmp(getenv("HOTMEM_PGTABLE"), "dense"));
	pt->levels = 4;
	if (sys->arch.kind == HM_ARCH_ARM64) {
		l->page_offset = ARM64_PAGE_OFFSET;
		l->page_end = ARM64_PAGE_END;
		l->vmalloc_start = ARM64_PAGE_END + ARM64_MODULES_VSIZE;
		l->vmemmap_start = ARM64_VMEMMAP_START;
		l->vmemmap_end = ARM64_VMEMMAP_END;
		l->vmalloc_end = ARM64_VMEMMAP_START - (256ULL << 20);
		if (sys->arch.linear_map_size) {
			/* the test layout: vmalloc right after a short linear map */
			l->page_end = ARM64_PAGE_OFFSET + sys->arch.linear_map_size;
			l->vmalloc_start = l->page_end;
			l->vmalloc_end = (l->page_end | (PGD_SIZE_ - 1)) + 1;
		}
	} else if (sys->arch.la57) {
		pt->levels = 5;
		l->page_offset = X86_L5_PAGE_OFFSET;
		l->vmalloc_start = X86_L5_VMALLOC_START;
		l->vmalloc_end = X86_L5_VMALLOC_END + 1;
		l->vmemmap_start = X86_L5_VMEMMAP_START;
	} else {
		l->page_offset = X86_PAGE_OFFSET;
		l->vmalloc_start = X86_VMALLOC_START;
		l->vmalloc_end = X86_VMALLOC_END + 1;
		l->vmemmap_start = X86_VMEMMAP_START;
	}
	if (sys->arch.kind == HM_ARCH_X86_64) {
		l->page_end = l->page_offset + (1ULL << arch_physmem_bits(&sys->arch));
		l->vmemmap_end = l->vmemmap_start + (1ULL << (arch_physmem_bits(&sys->arch) -
							      PAGE_SHIFT)) * STRUCT_PAGE_SIZE;
	}
	pt->pgd = pt_alloc(sys, pt_top_level(sys), 0, false, 0);
	return pt->pgd ? 0 : -ENOMEM;
}

void pgtable_destroy(struct hm_system *sys)
{
	struct hm_pgtable *pt = &sys->pgtable;

	struct pt_table *t, *next;

	if (!pt->pgd)
		return;
	for (t = pt->all; t; t = next) {
		next = t->all_next;
		pt_host_free(sys, t);
	}
	pt->all = NULL;
	pt->pgd = NULL;
	pt_reap(pt);
	pthread_mutex_destroy(&pt->dead_lock);
}

uint64_t pgtable_phys_to_virt(struct hm_system *sys, uint64_t pa)
{
	return sys->pgtable.layout.page_offset + pa;
}

static uint64_t vmemmap_va(struct hm_system *sys, unsigned long pfn)
{
	return sys->pgtable.layout.vmemmap_start + pfn * STRUCT_PAGE_SIZE;
}

/* The leaf mapping va, its level in *level; 0 if none. */
static uint64_t pt_lookup(struct hm_system *sys, uint64_t va, unsigned int *level)
{
	struct pt_table *t = sys->pgtable.pgd;
	int l;

	for (l = (int)pt_top_level(sys); l >= 0; l--) {
		uint64_t e;

		if (!pt_entries(t) && pt_has_children(t)) {
			/* the child's leaf, computed: its table is not needed */
			if (!t->first)
				return 0;
			if (level)
				*level = (unsigned int)l - 1;
			return t->first + pt_index(va, (unsigned int)l) * PT_LEVEL_SIZE((unsigned int)l) +
			       pt_index(va, (unsigned int)l - 1) * PT_LEVEL_SIZE((unsigned int)l - 1);
		}
		e = pt_get(t, pt_index(va, (unsigned int)l));
		if (!e)
			return 0;
		if (pte_is_leaf(e)) {
			if (level)
				*level = (unsigned int)l;
			return e;
		}
		t = pte_table(e);
	}
	return 0;
}

bool pgtable_linear_is_mapped(struct hm_system *sys, uint64_t pa)
{
	return pt_lookup(sys, pgtable_phys_to_virt(sys, pa), NULL) != 0;
}

bool vmemmap_is_populated(struct hm_system *sys, unsigned long pfn)
{
	return pt_lookup(sys, vmemmap_va(sys, pfn), NULL) != 0;
}

/* ----------------------------------------------- x86: the direct map */

/*
 * kernel_physical_mapping_init's level walk: maps [pa, pa_end) below table
 * t with the page sizes in mask (bit 1: 2M, bit 2: 1G), a block at the
 * aligned-down address (the range was widened to allow it); counts the
 * pages it maps, and, before after_bootmem, the ones already there.
 */
static int x86_phys_init(struct hm_system *sys, struct pt_table *t, uint64_t pa,
			 uint64_t pa_end, unsigned int mask, long *pages)
{
	const unsigned int level = t->level;
	const uint64_t size = PT_LEVEL_SIZE(level);
	const bool boot = !sys->pgtable.booted;
	uint64_t next;
	int ret;

	for (; pa < pa_end; pa = next) {
		unsigned int i = pt_index(pgtable_phys_to_virt(sys, pa), level);
		uint64_t e = pt_entry(sys, t, i);
		struct pt_table *n;

		next = (pa & ~(size - 1)) + size;
		if (next > pa_end && level == 0)
			next = pa_end;
		if (level == 0) {
			if (!e) {
				pt_set_dense(sys, t, i, (pa & ~(size - 1)) | PTE_LEAF);
				pages[0]++;
			} else if (boot) {
				pages[0]++;
			}
			continue;
		}
		if (pte_is_table(e)) {
			ret = x86_phys_init(sys, pte_table(e), pa, next < pa_end ? next : pa_end,
					    mask, pages);
			if (ret)
				return ret;
			continue;
		}
		if (pte_is_leaf(e)) {
			/* an existing large page that may stay: use it */
			if (mask & (1U << level)) {
				if (boot)
					pages[level]++;
				continue;
			}
			hm_warn(sys, "x86 direct map: a %s page in the way at %#llx",
				level == 2 ? "1G" : "2M", (unsigned long long)pa);
			return -EINVAL;
		}
		if (level < 3 && (mask & (1U << level))) {
			pt_set_dense(sys, t, i, (pa & ~(size - 1)) | PTE_LEAF);
			pages[level]++;
			continue;
		}
		/*
		 * A whole table of 4 KiB pages, or (level 2) of 2 MiB pages: a
		 * compact one, as uniform as the dense walk below would fill it
		 */
		if ((level == 1 || (level == 2 && (mask & 2U))) && IS_ALIGNED(pa, size) &&
		    pa_end - pa >= size &&
		    pt_may_compact(sys, pgtable_phys_to_virt(sys, pa), size)) {
			n = pt_alloc(sys, level - 1, 0, true, pa | PTE_LEAF);
			if (!n)
				return -ENOMEM;
			pt_set_dense(sys, t, i, mk_table(n));
			pages[level - 1] += PT_ENTRIES;
			continue;
		}
		n = pt_next(sys, t, i, 0);
		if (!n)
			return -ENOMEM;
		ret = x86_phys_init(sys, n, pa, next < pa_end ? next : pa_end, mask, pages);
		if (ret)
			return ret;
	}
	return 0;
}

struct map_range {
	uint64_t start, end;
	unsigned int mask;	/* 1 << 1: 2M, 1 << 2: 1G */
};

/* split_mem_range (x86_64) and, at boot, adjust_range_page_size_mask. */
static int x86_split_mem_range(struct hm_system *sys, struct map_range *mr, uint64_t start,
			       uint64_t end)
{
	const unsigned int psm = 2U | (sys->arch.gbpages ? 4U : 0U);
	uint64_t s = start, e, limit = end;
	int n = 0, i, j;

#define ADD_RANGE(a, b, m) do { if ((a) < (b)) mr[n++] = (struct map_range){ a, b, m }; } while (0)
	/* head: 4K up to the first 2M boundary */
	e = s == 0 ? PMD_SIZE_ : ALIGN(s, PMD_SIZE_);
	if (e > limit)
		e = limit;
	ADD_RANGE(s, e, 0);
	s = e > s ? e : s;
	/* 2M up to the first 1G boundary */
	e = ALIGN(s, PUD_SIZE_);
	if (e > ALIGN_DOWN(limit, PMD_SIZE_))
		e = ALIGN_DOWN(limit, PMD_SIZE_);
	ADD_RANGE(s, e, psm & 2U);
	s = e > s ? e : s;
	/* 1G */
	e = ALIGN_DOWN(limit, PUD_SIZE_);
	ADD_RANGE(s, e, psm & 6U);
	s = e > s ? e : s;
	/* tail 2M, tail 4K */
	e = ALIGN_DOWN(limit, PMD_SIZE_);
	ADD_RANGE(s, e, psm & 2U);
	s = e > s ? e : s;
	ADD_RANGE(s, limit, 0);
#undef ADD_RANGE
	/* adjust_range_page_size_mask, at boot, before the merge as the kernel's */
	for (i = 0; i < n && !sys->pgtable.booted; i++) {
		uint64_t a, b;

		if ((psm & 2U) && !(mr[i].mask & 2U)) {
			a = ALIGN_DOWN(mr[i].start, PMD_SIZE_);
			b = ALIGN(mr[i].end, PMD_SIZE_);
			if (memblock_is_region_memory(&sys->memblock, a, b - a))
				mr[i].mask |= 2U;
		}
		if ((psm & 4U) && !(mr[i].mask & 4U)) {
			a = ALIGN_DOWN(mr[i].start, PUD_SIZE_);
			b = ALIGN(mr[i].end, PUD_SIZE_);
			if (memblock_is_region_memory(&sys->memblock, a, b - a))
				mr[i].mask |= 4U;
		}
	}
	/* merge neighbours with the same page sizes */
	for (i = 0; i + 1 < n; i++) {
		if (mr[i].end != mr[i + 1].start || mr[i].mask != mr[i + 1].mask)
			continue;
		mr[i].end = mr[i + 1].end;
		for (j = i + 1; j + 1 < n; j++)
			mr[j] = mr[j + 1];
		n--;
		i--;
	}
	return n;
}

/* init_memory_mapping: the pieces, each through kernel_physical_mapping_init. */
static int x86_init_memory_mapping(struct hm_system *sys, uint64_t start, uint64_t end)
{
	struct map_range mr[8];
	long pages[PG_LEVEL_NUM] = { 0 };
	int n = x86_split_mem_range(sys, mr, start, end), i, ret = 0, l;

	for (i = 0; i < n && !ret; i++)
		ret = x86_phys_init(sys, sys->pgtable.pgd, mr[i].start, mr[i].end, mr[i].mask,
				    pages);
	for (l = 0; l < PG_LEVEL_NUM; l++)
		sys->pgtable.direct_pages[l] += pages[l];
	return ret;
}

/* init_range_memory_mapping: the memblock memory of [start, end). */
static uint64_t x86_init_range_memory_mapping(struct hm_system *sys, uint64_t start,
					      uint64_t end, int *err)
{
	const struct memblock_region *rgn;
	uint64_t mapped = 0;
	unsigned long i;

	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		uint64_t s = PFN_PHYS(PFN_UP(rgn->base)), e = PFN_PHYS(PFN_DOWN(rgn->base + rgn->size));

		if (s < start)
			s = start;
		if (e > end)
			e = end;
		if (s >= e)
			continue;
		*err = x86_init_memory_mapping(sys, s, e);
		if (*err)
			return mapped;
		mapped += e - s;
	}
	return mapped;
}

/* The highest free 2 MiB-aligned 2 MiB of memblock memory in [lo, hi). */
static uint64_t memblock_top_free_pmd(struct hm_system *sys, uint64_t lo, uint64_t hi)
{
	const struct memblock_region *rgn;
	uint64_t best = 0;
	unsigned long i;

	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		uint64_t a, top = rgn->base + rgn->size < hi ? rgn->base + rgn->size : hi;

		for (a = ALIGN_DOWN(top, PMD_SIZE_); a >= PMD_SIZE_ && a - PMD_SIZE_ >= rgn->base &&
		     a - PMD_SIZE_ >= lo; a -= PMD_SIZE_) {
			const struct memblock_region *r;
			unsigned long k;
			bool busy = false;

			for_each_memblock_type(k, &sys->memblock.reserved, r)
				if (r->base < a && a - PMD_SIZE_ < r->base + r->size)
					busy = true;
			if (!busy) {
				if (a - PMD_SIZE_ > best)
					best = a - PMD_SIZE_;
				break;
			}
		}
	}
	return best;
}

/*
 * Boot-time splits of the direct map by the page attribute code
 * (cpa_process_alias for the kernel image and for the modules and BPF
 * programs made read-only or executable while booting).  They are not
 * derived: they are what Debian's 6.1 showed on QEMU pc in the oracle
 * (x86-directmap: 11 2 MiB pages split to 4 KiB; x86-directmap-1g, -cpu
 * max and 5 GiB: two 1 GiB pages split to 2 MiB and 13 2 MiB pages split;
 * x86-directmap-virtio-mem, -cpu max and 1 GiB, where boot RAM has no
 * 1 GiB page: 11 again).  So each 1 GiB page split costs one more 2 MiB
 * split.  hotmem splits, with gbpages, the two highest 1 GiB pages of boot
 * RAM, then 11 plus one per 1 GiB split of the 2 MiB pages of the kernel
 * image from 16 MiB up, in the tables as in the counters.
 */
#define X86_BOOT_PMD_SPLITS		11
#define X86_BOOT_PUD_SPLITS_GBPAGES	2

/* __split_large_page of the leaf mapping va at level: a table of the next size down. */
static int x86_split_large_page(struct hm_system *sys, uint64_t va, unsigned int level)
{
	struct pt_table *t = sys->pgtable.pgd, *n;
	unsigned int l, i;
	uint64_t e, pa;

	for (l = pt_top_level(sys); l > level; l--) {
		e = pt_entry(sys, t, pt_index(va, l));
		if (!pte_is_table(e))
			return -EINVAL;
		t = pte_table(e);
	}
	i = pt_index(va, level);
	e = pt_entry(sys, t, i);
	if (!pte_is_leaf(e))
		return -EINVAL;
	pa = e & PTE_ADDR_MASK;
	/* the pages of the old one, with its attributes: uniform */
	n = pt_alloc(sys, level - 1, 0, pt_may_compact(sys, va & ~(PT_LEVEL_SIZE(level) - 1),
						       PT_LEVEL_SIZE(level)), pa | PTE_LEAF);
	if (!n)
		return -ENOMEM;
	for (l = 0; pt_entries(n) && l < PT_ENTRIES; l++)
		n->e[l] = (pa + l * PT_LEVEL_SIZE(level - 1)) | PTE_LEAF;
	pt_set_dense(sys, t, i, mk_table(n));
	/* split_page_count */
	sys->pgtable.direct_pages[level]--;
	sys->pgtable.direct_pages[level - 1] += PT_ENTRIES;
	return 0;
}

static int x86_boot_splits(struct hm_system *sys)
{
	const struct kernel_va_layout *lay = &sys->pgtable.layout;
	int pmds = X86_BOOT_PMD_SPLITS;
	int puds = sys->arch.gbpages ? X86_BOOT_PUD_SPLITS_GBPAGES : 0;
	uint64_t pa, va;
	unsigned int level;
	int ret;

	for (pa = ALIGN_DOWN(PFN_PHYS(sys->max_pfn), PUD_SIZE_); puds && pa >= PUD_SIZE_;
	     pa -= PUD_SIZE_) {
		va = lay->page_offset + pa - PUD_SIZE_;
		if (pt_lookup(sys, va, &level) && level == 2) {
			ret = x86_split_large_page(sys, va, 2);
			if (ret)
				return ret;
			puds--;
			pmds++;
		}
	}
	for (pa = 16ULL << 20; pmds && pa < PFN_PHYS(sys->max_pfn); pa += PMD_SIZE_) {
		va = lay->page_offset + pa;
		if (pt_lookup(sys, va, &level) && level == 1) {
			ret = x86_split_large_page(sys, va, 1);
			if (ret)
				return ret;
			pmds--;
		}
	}
	return 0;
}

/* init_mem_mapping (top-down, memblock_bottom_up() false). */
static int x86_init_mem_mapping(struct hm_system *sys)
{
	const uint64_t isa_end = 1ULL << 20, end = PFN_PHYS(sys->max_pfn);
	uint64_t real_end, last_start, step = PMD_SIZE_, mapped = 0, start;
	int ret;

	ret = x86_init_memory_mapping(sys, 0, isa_end);
	if (ret)
		return ret;
	real_end = memblock_top_free_pmd(sys, isa_end, end) + PMD_SIZE_;
	if (real_end <= PMD_SIZE_)
		real_end = end;
	last_start = real_end;
	while (last_start > isa_end) {
		if (last_start > step) {
			start = ALIGN_DOWN(last_start - 1, step);
			if (start < isa_end)
				start = isa_end;
		} else {
			start = isa_end;
		}
		mapped += x86_init_range_memory_mapping(sys, start, last_start, &ret);
		if (ret)
			return ret;
		last_start = start;
		if (mapped >= step)
			step <<= PT_LEVEL_SHIFT(1) - PAGE_SHIFT - 1;	/* get_new_step_size */
	}
	if (real_end < end) {
		x86_init_range_memory_mapping(sys, real_end, end, &ret);
		if (ret)
			return ret;
	}
	return x86_boot_splits(sys);
}

/*
 * remove_pagetable: clears leaves in [va, end) below t; frees the backing
 * of !direct (vmemmap) leaves; frees a PTE or PMD table once empty; counts
 * direct pages per level.  (The kernel's "first GiB is the identity map"
 * test adds a virtual address to the entry and never fires; it is left out.)
 */
static void x86_remove_table(struct hm_system *sys, struct pt_table *t, uint64_t va,
			     uint64_t end, bool direct, struct vmem_altmap *altmap, long *pages);

static void free_vmemmap_backing(struct hm_system *sys, uint64_t e, unsigned int level,
				 struct vmem_altmap *altmap)
{
	unsigned long nr = 1UL << (9 * level);
	unsigned long pfn = PHYS_PFN(e & PTE_ADDR_MASK);

	counter_add(&sys->pgtable.vmemmap_pages, -(long)nr);
	if (e & PTE_ALTMAP) {
		counter_add(&sys->pgtable.vmemmap_altmap_pages, -(long)nr);
		if (altmap) {
			if (vmem_altmap_free(altmap, nr))
				hm_warn(sys, "vmemmap_free: altmap underflow at pfn %#lx", pfn);
		} else
			hm_warn(sys, "vmemmap: altmap-backed memmap freed without its altmap");
		return;
	}
	if (e & PTE_BOOTMEM) {
		/* boot memmap: memblock memory, not the buddy's */
		counter_add(&sys->pgtable.vmemmap_boot_pages, -(long)nr);
		return;
	}
	{
		struct page *page = pfn_to_page(sys, pfn);
		unsigned long k;

		for (k = 0; k < nr; k++) {
			page_clear_flag(&page[k], PG_slab);
			page[k].refcount = k ? 0 : 1;
		}
		__free_pages(sys, page, 9 * level);
	}
}

static void x86_remove_table(struct hm_system *sys, struct pt_table *t, uint64_t va,
			     uint64_t end, bool direct, struct vmem_altmap *altmap, long *pages)
{
	const unsigned int level = t->level;
	uint64_t next;

	if (!pt_entries(t) && !pt_has_children(t) && direct && pt_covers(va, end, level)) {
		/* a compact table of the direct map, all of it: its leaves cleared at once */
		if (t->first)
			pages[level] += PT_ENTRIES;
		t->first = 0;
		return;
	}
	for (; va < end; va = next) {
		unsigned int i = pt_index(va, level);
		uint64_t e = pt_entry(sys, t, i);

		next = pt_addr_end(va, end, level);
		if (!e)
			continue;
		if (pte_is_leaf(e)) {
			if (!IS_ALIGNED(va, PT_LEVEL_SIZE(level)) ||
			    !IS_ALIGNED(next, PT_LEVEL_SIZE(level))) {
				/* a partly covered vmemmap block stays in use */
				continue;
			}
			if (!direct)
				free_vmemmap_backing(sys, e, level, altmap);
			pt_set_dense(sys, t, i, 0);
			pages[level]++;
			continue;
		}
		x86_remove_table(sys, pte_table(e), va, next, direct, altmap, pages);
		/*
		 * free_pte_table, free_pmd_table; free_pud_table only with 5
		 * levels (remove_p4d_table); P4D tables (5 levels) and PUD
		 * tables (4 levels) stay.
		 */
		if (level >= 1 && level <= pt_top_level(sys) - 1 && pt_table_empty(pte_table(e))) {
			pt_set_dense(sys, t, i, 0);
			pt_free(sys, pte_table(e));
		}
	}
}

static void x86_remove_pagetable(struct hm_system *sys, uint64_t va, uint64_t end, bool direct,
				 struct vmem_altmap *altmap)
{
	long pages[PG_LEVEL_NUM] = { 0 };
	int l;

	x86_remove_table(sys, sys->pgtable.pgd, va, end, direct, altmap, pages);
	if (direct)
		for (l = 0; l < PG_LEVEL_NUM; l++)
			sys->pgtable.direct_pages[l] -= pages[l];
}

/* --------------------------------------------- arm64: the linear map */

/*
 * __create_pgd_mapping: maps [va, va + size) to pa with 4 KiB pages
 * (NO_BLOCK_MAPPINGS: rodata=full), or blocks where allowed.
 */
static int arm64_map(struct hm_system *sys, struct pt_table *t, uint64_t va, uint64_t end,
		     uint64_t pa, bool blocks, int nid)
{
	const unsigned int level = t->level;
	uint64_t next;
	int ret;

	for (; va < end; pa += next - va, va = next) {
		unsigned int i = pt_index(va, level);
		struct pt_table *n;

		next = pt_addr_end(va, end, level);
		if (level == 0) {
			pt_set_dense(sys, t, i, pa | PTE_LEAF);
			continue;
		}
		if (blocks && level <= 2 && IS_ALIGNED(va | next | pa, PT_LEVEL_SIZE(level)) &&
		    !pt_entry(sys, t, i)) {
			pt_set_dense(sys, t, i, pa | PTE_LEAF);
			continue;
		}
		/*
		 * The pages of a whole 2 MiB (a PTE table), or of a whole 1 GiB
		 * (a PMD table and its 512 PTE tables): compact tables, in the
		 * order the walk below would allocate them
		 */
		if (!blocks && level <= 2 && !pt_entry(sys, t, i) &&
		    pt_covers(va, next, level - 1) &&
		    pt_may_compact(sys, va, PT_LEVEL_SIZE(level))) {
			if (level == 1) {
				n = pt_alloc(sys, 0, nid, true, pa | PTE_LEAF);
				if (!n)
					return -ENOMEM;
				pt_set_dense(sys, t, i, mk_table(n));
				continue;
			}
			ret = pt_alloc_with_children(sys, 1, nid, pa | PTE_LEAF, &n);
			if (n)
				pt_set_dense(sys, t, i, mk_table(n));
			if (ret)
				return ret;
			continue;
		}
		n = pt_next(sys, t, i, nid);
		if (!n)
			return -ENOMEM;
		ret = arm64_map(sys, n, va, next, pa, blocks, nid);
		if (ret)
			return ret;
	}
	return 0;
}

/* unmap_hotplug_range: clears the leaves; frees the backing if free_mapped. */
static void arm64_unmap_hotplug_range(struct hm_system *sys, struct pt_table *t, uint64_t va,
				      uint64_t end, bool free_mapped,
				      struct vmem_altmap *altmap)
{
	const unsigned int level = t->level;
	uint64_t next;

	if (!free_mapped && altmap && level == pt_top_level(sys))
		hm_warn(sys, "unmap_hotplug_range: an altmap without free_mapped");
	if (!pt_entries(t) && !free_mapped && pt_covers(va, end, level)) {
		/* a compact table, all of it: its leaves (its children's) cleared at once */
		t->first = 0;
		return;
	}
	for (; va < end; va = next) {
		unsigned int i = pt_index(va, level);
		uint64_t e = pt_entry(sys, t, i);

		next = pt_addr_end(va, end, level);
		if (!e)
			continue;
		if (pte_is_leaf(e)) {
			pt_set_dense(sys, t, i, 0);	/* and flush_tlb_kernel_range */
			if (free_mapped)
				free_vmemmap_backing(sys, e, level, altmap);
			continue;
		}
		arm64_unmap_hotplug_range(sys, pte_table(e), va, next, free_mapped, altmap);
	}
}

/*
 * pgtable_range_aligned: may the table mapping [start, end) (masked to the
 * table's span) be freed within [floor, ceiling)?
 */
static bool pgtable_range_aligned(uint64_t start, uint64_t end, uint64_t floor,
				  uint64_t ceiling, uint64_t mask)
{
	start &= mask;
	if (start < floor)
		return false;
	if (ceiling) {
		ceiling &= mask;
		if (!ceiling)
			return false;
	}
	if (end - 1 > ceiling - 1)
		return false;
	return true;
}

/*
 * free_empty_tables: after the children of each entry, frees the table
 * below it if it is empty and maps nothing outside [floor, ceiling).
 */
static void arm64_free_empty_tables(struct hm_system *sys, struct pt_table *t, uint64_t va,
				    uint64_t end, uint64_t floor, uint64_t ceiling)
{
	const unsigned int level = t->level;
	uint64_t next;

	if (!pt_entries(t) && pt_has_children(t) && !t->first && pt_covers(va, end, level)) {
		/* compact children, all empty: freed in order if the walk below would free each */
		uint64_t c = va, span = PT_LEVEL_SIZE(level) - 1;
		unsigned int i;

		for (i = 0; i < PT_ENTRIES; i++, c += PT_LEVEL_SIZE(level))
			if (!sys->pgtable.free_regardless &&
			    !pgtable_range_aligned(c, c + PT_LEVEL_SIZE(level), floor, ceiling, ~span))
				break;
		if (i == PT_ENTRIES) {
			pt_free_children(sys, t);
			return;
		}
	}
	for (; va < end; va = next) {
		unsigned int i = pt_index(va, level);
		uint64_t e = pt_entry(sys, t, i);
		struct pt_table *n;
		uint64_t span = PT_LEVEL_SIZE(level) - 1;

		next = pt_addr_end(va, end, level);
		if (!pte_is_table(e))
			continue;
		n = pte_table(e);
		if (n->level)
			arm64_free_empty_tables(sys, n, va, next, floor, ceiling);
		/* the table n maps [va & ~span, + span]; free it only inside [floor, ceiling) */
		if (!sys->pgtable.free_regardless &&
		    !pgtable_range_aligned(va, next, floor, ceiling, ~span))
			continue;
		if (!pt_table_empty(n))
			continue;
		pt_set_dense(sys, t, i, 0);	/* then __flush_tlb_kernel_pgtable */
		pt_free(sys, n);
	}
}

/* ------------------------------------------------------- the linear map */

int pgtable_map_boot_memory(struct hm_system *sys)
{
	const struct memblock_region *rgn;
	unsigned long i;
	int ret;

	if (sys->arch.kind == HM_ARCH_X86_64)
		return x86_init_mem_mapping(sys);
	/* map_mem: memblock memory without nomap, pages (rodata=full) */
	for_each_memblock_type(i, &sys->memblock.memory, rgn) {
		if (rgn->flags & MEMBLOCK_NOMAP)
			continue;
		ret = arm64_map(sys, sys->pgtable.pgd, pgtable_phys_to_virt(sys, rgn->base),
				pgtable_phys_to_virt(sys, rgn->base + rgn->size), rgn->base, false,
				rgn->nid);
		if (ret)
			return ret;
	}
	return 0;
}

int pgtable_linear_map(struct hm_system *sys, uint64_t start, uint64_t size)
{
	int ret;

	if (sys->arch.kind == HM_ARCH_X86_64) {
		ret = x86_init_memory_mapping(sys, start, start + size);
	} else {
		const struct kernel_va_layout *l = &sys->pgtable.layout;

		/* arch_get_mappable_range */
		if (pgtable_phys_to_virt(sys, start + size) > l->page_end ||
		    start + size < start)
			return -ERANGE;
		ret = arm64_map(sys, sys->pgtable.pgd, pgtable_phys_to_virt(sys, start),
				pgtable_phys_to_virt(sys, start + size), start, false,
				memblock_nid_of(&sys->memblock, start));
	}
	if (ret)
		pgtable_linear_unmap(sys, start, size);
	return ret;
}

void pgtable_linear_unmap(struct hm_system *sys, uint64_t start, uint64_t size)
{
	const struct kernel_va_layout *l = &sys->pgtable.layout;
	uint64_t va = pgtable_phys_to_virt(sys, start), end = pgtable_phys_to_virt(sys, start + size);

	if (sys->arch.kind == HM_ARCH_X86_64) {
		x86_remove_pagetable(sys, va, end, true, NULL);
		return;
	}
	arm64_unmap_hotplug_range(sys, sys->pgtable.pgd, va, end, false, NULL);
	arm64_free_empty_tables(sys, sys->pgtable.pgd, va, end, l->page_offset, l->page_end);
}

/* ------------------------------------------------------------ vmemmap */

/* The backing of one vmemmap leaf: 0 and *e, or -ENOMEM. */
static int vmemmap_alloc_block(struct hm_system *sys, unsigned int level, int nid,
			       struct vmem_altmap *altmap, uint64_t *e)
{
	unsigned long nr = 1UL << (9 * level), k;
	struct page *page;

	if (!sys->pgtable.booted) {
		/* sparse_buffer: memblock memory, not tracked page by page */
		*e = PTE_LEAF | PTE_BOOTMEM;
		counter_add(&sys->pgtable.vmemmap_boot_pages, (long)nr);
		counter_add(&sys->pgtable.vmemmap_pages, (long)nr);
		return 0;
	}
	if (altmap) {
		unsigned long pfn;

		/* altmap_alloc_block_buf */
		if (vmem_altmap_alloc(altmap, nr, &pfn))
			return -ENOMEM;
		*e = PFN_PHYS(pfn) | PTE_LEAF | PTE_ALTMAP;
		counter_add(&sys->pgtable.vmemmap_altmap_pages, (long)nr);
		counter_add(&sys->pgtable.vmemmap_pages, (long)nr);
		return 0;
	}
	page = __alloc_pages(sys, GFP_KERNEL, 9 * level, nid < 0 ? 0 : nid, NULL);
	if (!page)
		return -ENOMEM;
	/* like split_page(): each page of the block held and unmovable */
	for (k = 0; k < nr; k++) {
		page[k].refcount = 1;
		page_set_flag(&page[k], PG_slab);
	}
	*e = PFN_PHYS(page_to_pfn(sys, page)) | PTE_LEAF;
	/* a section of memmap blocks only is uniform again (memmap.h) */
	memmap_try_fold(sys, __pfn_to_section(sys, page_to_pfn(sys, page)));
	counter_add(&sys->pgtable.vmemmap_pages, (long)nr);
	return 0;
}

/* vmemmap_populate_basepages for [va, end) (page aligned). */
static int vmemmap_populate_basepages(struct hm_system *sys, uint64_t va, uint64_t end,
				      int nid, struct vmem_altmap *altmap)
{
	for (; va < end; va += PTE_SIZE) {
		struct pt_table *t = sys->pgtable.pgd;
		unsigned int l;
		uint64_t e;
		int ret;

		for (l = pt_top_level(sys); l > 0 && t; l--)
			t = pt_next(sys, t, pt_index(va, l), nid);
		if (!t)
			return -ENOMEM;
		if (pt_entry(sys, t, pt_index(va, 0)))
			continue;
		ret = vmemmap_alloc_block(sys, 0, nid, altmap, &e);
		if (ret)
			return ret;
		pt_set_dense(sys, t, pt_index(va, 0), e);
	}
	return 0;
}

int vmemmap_populate(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages, int nid,
		     struct vmem_altmap *altmap)
{
	uint64_t va = vmemmap_va(sys, pfn), end = vmemmap_va(sys, pfn + nr_pages), next;
	int ret = 0;

	if (nr_pages * STRUCT_PAGE_SIZE < PMD_SIZE_ || !IS_ALIGNED(va, PMD_SIZE_)) {
		/* a subsection: base pages (x86 takes no altmap here) */
		ret = vmemmap_populate_basepages(sys, ALIGN_DOWN(va, PTE_SIZE), ALIGN(end, PTE_SIZE),
						 nid, sys->arch.kind == HM_ARCH_X86_64 ? NULL :
						 altmap);
		goto out;
	}
	for (; va < end; va = next) {
		struct pt_table *t = sys->pgtable.pgd;
		unsigned int l;
		uint64_t e;

		next = pt_addr_end(va, end, 1);
		for (l = pt_top_level(sys); l > 1 && t; l--)
			t = pt_next(sys, t, pt_index(va, l), nid);
		if (!t) {
			ret = -ENOMEM;
			break;
		}
		e = pt_entry(sys, t, pt_index(va, 1));
		if (e)
			continue;	/* vmemmap_verify: already populated */
		ret = vmemmap_alloc_block(sys, 1, nid, altmap, &e);
		if (!ret) {
			pt_set_dense(sys, t, pt_index(va, 1), e);
			continue;
		}
		if (altmap)
			break;		/* no fallback from an altmap */
		ret = vmemmap_populate_basepages(sys, va, next, nid, NULL);
		if (ret)
			break;
	}
out:
	if (ret)
		vmemmap_free(sys, pfn, nr_pages, altmap);
	return ret;
}

void vmemmap_free(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		  struct vmem_altmap *altmap)
{
	const struct kernel_va_layout *l = &sys->pgtable.layout;
	uint64_t va = ALIGN_DOWN(vmemmap_va(sys, pfn), PTE_SIZE);
	uint64_t end = ALIGN(vmemmap_va(sys, pfn + nr_pages), PTE_SIZE);

	if (sys->arch.kind == HM_ARCH_X86_64) {
		x86_remove_pagetable(sys, va, end, false, altmap);
		return;
	}
	arm64_unmap_hotplug_range(sys, sys->pgtable.pgd, va, end, true, altmap);
	arm64_free_empty_tables(sys, sys->pgtable.pgd, va, end, l->vmemmap_start, l->vmemmap_end);
}

int pgtable_populate_boot_vmemmap(struct hm_system *sys)
{
	unsigned long nr;
	int ret;

	for_each_present_section_nr(sys, nr) {
		ret = vmemmap_populate(sys, section_nr_to_pfn(nr), PAGES_PER_SECTION,
				       __nr_to_section(sys, nr)->nid, NULL);
		if (ret)
			return ret;
	}
	sys->pgtable.booted = true;
	return 0;
}

/* ------------------------------------------------------------ vmalloc */

static bool in_vmalloc(struct hm_system *sys, uint64_t va)
{
	return va >= sys->pgtable.layout.vmalloc_start && va < sys->pgtable.layout.vmalloc_end;
}

/* A walker reached t: a dead one is a use-after-free. */
static bool walker_check(struct hm_system *sys, const struct pt_table *t)
{
	if (__atomic_load_n(&t->magic, __ATOMIC_ACQUIRE) == PT_MAGIC)
		return true;
	counter_add(&sys->pgtable.uaf, 1);
	return false;
}

/* Takes back a table a walker linked into a table found dead afterwards. */
static void walker_unpopulate(struct hm_system *sys, struct pt_table *t, unsigned int i,
			      struct pt_table *n)
{
	if (pt_cas(t, i, mk_table(n), 0))
		pt_free(sys, n);
}

int vmalloc_map(struct hm_system *sys, uint64_t va, unsigned long pfn, bool huge)
{
	struct hm_pgtable *pt = &sys->pgtable;
	const unsigned int leaf = huge ? 1 : 0;
	struct pt_table *t = pt->pgd;
	unsigned int l, i;
	int ret = 0;
	uint64_t e;

	if (!in_vmalloc(sys, va) || !IS_ALIGNED(va, PT_LEVEL_SIZE(leaf)))
		return -EINVAL;
	__atomic_fetch_add(&pt->active_walkers, 1, __ATOMIC_SEQ_CST);
	for (l = pt_top_level(sys); l > leaf; l--) {
		struct pt_table *n;

		i = pt_index(va, l);
		e = pt_get(t, i);
		if (!walker_check(sys, t)) {	/* the entry may be garbage */
			ret = -EFAULT;
			goto out;
		}
		if (pte_is_table(e)) {
			n = pte_table(e);
		} else if (e) {
			ret = -EBUSY;		/* a block is in the way */
			goto out;
		} else {
			/* p?d_alloc: the page allocation is where a walker may sleep */
			sched_yield();
			n = pt_next(sys, t, i, 0);
			if (!n) {
				ret = -ENOMEM;
				goto out;
			}
			if (!walker_check(sys, t)) {
				/* linked into a freed table: a write after free */
				walker_unpopulate(sys, t, i, n);
				ret = -EFAULT;
				goto out;
			}
		}
		t = n;
	}
	i = pt_index(va, leaf);
	e = pt_get(t, i);
	if (!walker_check(sys, t)) {
		ret = -EFAULT;
		goto out;
	}
	if (huge && pte_is_table(e)) {
		/* vmap_try_huge_pmd: pmd_free_pte_page of an empty PTE table */
		struct pt_table *pte = pte_table(e);

		if (!pt_table_empty(pte) || !pt_cas(t, i, e, 0)) {
			ret = -EBUSY;
			goto out;
		}
		pt_free(sys, pte);
		e = 0;
	}
	if (e || !pt_cas(t, i, 0, PFN_PHYS(pfn) | PTE_LEAF))
		ret = -EBUSY;
	else if (!walker_check(sys, t))
		ret = -EFAULT;
out:
	__atomic_fetch_sub(&pt->active_walkers, 1, __ATOMIC_SEQ_CST);
	pt_reap(pt);
	return ret;
}

void vmalloc_unmap(struct hm_system *sys, uint64_t va, bool huge)
{
	struct hm_pgtable *pt = &sys->pgtable;
	const unsigned int leaf = huge ? 1 : 0;
	struct pt_table *t = pt->pgd;
	unsigned int l;

	if (!in_vmalloc(sys, va))
		return;
	__atomic_fetch_add(&pt->active_walkers, 1, __ATOMIC_SEQ_CST);
	for (l = pt_top_level(sys); l > leaf && t; l--) {
		uint64_t e = pt_get(t, pt_index(va, l));

		if (!walker_check(sys, t))
			t = NULL;
		else
			t = pte_is_table(e) ? pte_table(e) : NULL;
	}
	if (t) {
		uint64_t e = pt_get(t, pt_index(va, leaf));

		if (walker_check(sys, t) && pte_is_leaf(e))
			pt_cas(t, pt_index(va, leaf), e, 0);
	}
	__atomic_fetch_sub(&pt->active_walkers, 1, __ATOMIC_SEQ_CST);
	pt_reap(pt);
}

unsigned long pgtable_buddy_pages(struct hm_system *sys)
{
	const struct hm_pgtable *pt = &sys->pgtable;

	return pt->nr_tables - pt->nr_boot_tables + pt->vmemmap_pages - pt->vmemmap_altmap_pages -
	       pt->vmemmap_boot_pages;
}

/* ---------------------------------------------------------- the walk */

static void pt_walk_table(const struct pt_table *t, uint64_t base, pgtable_visit_fn fn,
			  void *arg)
{
	const uint64_t *ents = pt_entries(t);
	const uint64_t size = PT_LEVEL_SIZE(t->level);
	unsigned int i, j;

	fn(arg, false, t->level, base, t->page_pfn);
	for (i = 0; i < PT_ENTRIES; i++) {
		uint64_t va = base + i * size, e;

		if (ents) {
			e = __atomic_load_n(&ents[i], __ATOMIC_ACQUIRE);
			if (pte_is_table(e))
				pt_walk_table(pte_table(e), va, fn, arg);
			else if (e)
				fn(arg, true, t->level, va, e);
			continue;
		}
		if (!pt_has_children(t)) {
			if (t->first)
				fn(arg, true, t->level, va, t->first + i * size);
			continue;
		}
		/* a child of a compact table: its table, then its leaves */
		fn(arg, false, t->level - 1, va, t->children_pfn ? t->children_pfn[i] : 0);
		for (j = 0; t->first && j < PT_ENTRIES; j++)
			fn(arg, true, t->level - 1, va + j * PT_LEVEL_SIZE(t->level - 1),
			   t->first + i * size + j * PT_LEVEL_SIZE(t->level - 1));
	}
}

void pgtable_walk(struct hm_system *sys, pgtable_visit_fn fn, void *arg)
{
	if (sys->pgtable.pgd)
		pt_walk_table(sys->pgtable.pgd, ~0ULL << PT_LEVEL_SHIFT(sys->pgtable.levels), fn,
			      arg);
}

/* ------------------------------------------------------------ meminfo */

void pgtable_report_meminfo(struct hm_system *sys, struct hm_buf *out)
{
	const long *d = sys->pgtable.direct_pages;

	if (sys->arch.kind != HM_ARCH_X86_64)
		return;
	hm_buf_printf(out, "DirectMap4k:    %8lu kB\n", (unsigned long)d[PG_LEVEL_4K] << 2);
	hm_buf_printf(out, "DirectMap2M:    %8lu kB\n", (unsigned long)d[PG_LEVEL_2M] << 11);
	if (sys->arch.gbpages)
		hm_buf_printf(out, "DirectMap1G:    %8lu kB\n", (unsigned long)d[PG_LEVEL_1G] << 20);
}

/* ----------------------------------------------------------- verifier */

struct pt_census {
	struct hm_system *sys;
	struct hm_report *r;
	unsigned long tables, boot_tables, vmemmap_pages;
	uint64_t reported;	/* the section last reported as mapped without memory */
};

#define SECTION_ALIGN_DOWN_PA(pa)	((pa) & ~((1ULL << SECTION_SIZE_BITS) - 1))

static bool va_in(uint64_t start, uint64_t end, uint64_t lo, uint64_t hi)
{
	return start >= lo && end - 1 <= hi - 1;
}

/* A table met by the walk: counted, its page checked, reported if empty where it must not be. */
static void census_table(struct pt_census *c, unsigned int level, uint64_t base,
			 unsigned long page_pfn, bool dead, bool empty)
{
	const struct kernel_va_layout *l = &c->sys->pgtable.layout;
	const uint64_t span = PT_LEVEL_SIZE(level + 1);
	char obj[64];

	snprintf(obj, sizeof(obj), "page table L%u at %#llx", level, (unsigned long long)base);
	if (dead)
		hm_report_add(c->r, obj, "reachable but freed");
	c->tables++;
	if (!page_pfn) {
		c->boot_tables++;
	} else {
		const struct page *page = pfn_page_peek(c->sys, page_pfn);

		if (!page || page->refcount != 1 || !page_test_flag(c->sys, page, PG_slab))
			hm_report_add(c->r, obj, "its page is not allocated (refcount %d)",
				      page ? page->refcount : 0);
	}
	if (level < pt_top_level(c->sys) && empty) {
		bool linear = va_in(base, base + span, l->page_offset, l->page_end);
		bool vmemmap = va_in(base, base + span, l->vmemmap_start, l->vmemmap_end);

		/*
		 * x86 keeps the tables below the PGD (PUD tables with 4 levels,
		 * P4D tables with 5); arm64 keeps what floor/ceiling protect
		 */
		if ((linear || vmemmap) && !(c->sys->arch.kind == HM_ARCH_X86_64 &&
					     level == pt_top_level(c->sys) - 1))
			hm_report_add(c->r, obj, "empty, inside the %s region: teardown would "
				      "have freed it", linear ? "linear map" : "vmemmap");
	}
}

/* A leaf of level at va: vmemmap pages counted, the linear map above boot memory checked. */
static void census_leaf(struct pt_census *c, uint64_t va, unsigned int level)
{
	const struct kernel_va_layout *l = &c->sys->pgtable.layout;
	char obj[64];

	if (va >= l->vmemmap_start && va < l->vmemmap_end) {
		c->vmemmap_pages += 1UL << (9 * level);
	} else if (va >= l->page_offset && va < l->page_end) {
		uint64_t pa = va - l->page_offset;

		/* above boot memory, the linear map is exactly the added ranges */
		if (c->sys->boot_mem_end && pa >= c->sys->boot_mem_end &&
		    SECTION_ALIGN_DOWN_PA(pa) != c->reported &&
		    !arch_range_is_mapped(c->sys, pa, pa + 1)) {
			c->reported = SECTION_ALIGN_DOWN_PA(pa);
			snprintf(obj, sizeof(obj), "linear map %#llx", (unsigned long long)c->reported);
			hm_report_add(c->r, obj, "mapped, but no memory was added there");
		}
	}
}

/*
 * The 512 leaves of level of a compact table at va: as census_leaf of each,
 * at once where the whole run lies in one region and is added memory.
 */
static void census_leaf_run(struct pt_census *c, uint64_t va, unsigned int level)
{
	const struct kernel_va_layout *l = &c->sys->pgtable.layout;
	const uint64_t size = PT_LEVEL_SIZE(level), end = va + PT_ENTRIES * size;
	uint64_t lo, hi;
	unsigned int i;

	if (va_in(va, end, l->vmemmap_start, l->vmemmap_end)) {
		c->vmemmap_pages += (unsigned long)PT_ENTRIES << (9 * level);
		return;
	}
	if (va_in(va, end, l->page_offset, l->page_end)) {
		lo = va - l->page_offset;
		hi = end - l->page_offset;
		if (!c->sys->boot_mem_end || hi <= c->sys->boot_mem_end)
			return;
		if (lo < c->sys->boot_mem_end)
			lo = c->sys->boot_mem_end;
		if (arch_range_is_mapped(c->sys, lo, hi))
			return;
	}
	for (i = 0; i < PT_ENTRIES; i++)
		census_leaf(c, va + i * size, level);
}

static void pt_census_walk(struct pt_census *c, const struct pt_table *t, uint64_t base)
{
	const uint64_t *ents = pt_entries(t);
	const uint64_t size = PT_LEVEL_SIZE(t->level);
	unsigned int i;
	char obj[64];

	census_table(c, t->level, base, t->page_pfn, t->magic != PT_MAGIC, pt_table_empty(t));
	if (!ents) {
		/* compact: its leaves, or its children and theirs */
		for (i = 0; pt_has_children(t) && i < PT_ENTRIES; i++) {
			census_table(c, t->level - 1, base + i * size,
				     t->children_pfn ? t->children_pfn[i] : 0, false, !t->first);
			if (t->first)
				census_leaf_run(c, base + i * size, t->level - 1);
		}
		if (!pt_has_children(t) && t->first)
			census_leaf_run(c, base, t->level);
		return;
	}
	snprintf(obj, sizeof(obj), "page table L%u at %#llx", t->level, (unsigned long long)base);
	for (i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = ents[i], va = base + i * size;

		if (pte_is_table(e)) {
			const struct pt_table *n = pte_table(e);

			if (n->level + 1 != t->level)
				hm_report_add(c->r, obj, "entry %u: a level %u table", i, n->level);
			else
				pt_census_walk(c, n, va);
		} else if (pte_is_leaf(e)) {
			census_leaf(c, va, t->level);
		}
	}
}

unsigned long pgtable_check(struct hm_system *sys, struct hm_report *r)
{
	const struct hm_pgtable *pt = &sys->pgtable;
	unsigned long before = r->nr_violations, nr, i;
	/* the PGD maps the top 2^48 (2^57 with 5 levels) of the address space */
	struct pt_census c = { .sys = sys, .r = r, .reported = ~0ULL };
	char obj[64];

	if (!pt->pgd)
		return 0;
	pt_census_walk(&c, pt->pgd, ~0ULL << PT_LEVEL_SHIFT(pt->levels));
	if (c.tables != pt->nr_tables || c.boot_tables != pt->nr_boot_tables)
		hm_report_add(r, "page tables", "%lu reachable (%lu from memblock), %lu accounted "
			      "(%lu)", c.tables, c.boot_tables, pt->nr_tables, pt->nr_boot_tables);
	if (c.vmemmap_pages != pt->vmemmap_pages)
		hm_report_add(r, "vmemmap", "%lu pages mapped, %lu accounted", c.vmemmap_pages,
			      pt->vmemmap_pages);
	/* the vmemmap covers every present section */
	for_each_present_section_nr(sys, nr) {
		unsigned long pfn = section_nr_to_pfn(nr), p;

		for (p = pfn; p < pfn + PAGES_PER_SECTION; p += PAGES_PER_SUBSECTION) {
			if (!pfn_in_present_section(sys, p) || !pfn_valid(sys, p))
				continue;
			if (!vmemmap_is_populated(sys, p)) {
				snprintf(obj, sizeof(obj), "section %lu", nr);
				hm_report_add(r, obj, "present, but the memmap of pfn %#lx is not "
					      "mapped", p);
				break;
			}
		}
	}
	/* the linear map: every expected range mapped; nothing else above boot memory */
	for (i = 0; i < sys->direct_map.nr; i++) {
		uint64_t a;

		for (a = sys->direct_map.r[i][0]; a < sys->direct_map.r[i][1]; a += PMD_SIZE_) {
			if (!pgtable_linear_is_mapped(sys, a)) {
				snprintf(obj, sizeof(obj), "linear map %#llx",
					 (unsigned long long)a);
				hm_report_add(r, obj, "added, not mapped");
				break;
			}
		}
	}
	return r->nr_violations - before;
}
