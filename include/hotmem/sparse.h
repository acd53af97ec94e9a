/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sparse.h - SPARSEMEM memory sections (mirrors mm/sparse.c and the section
 * parts of include/linux/mmzone.h).
 *
 * Physical memory is cut into 128 MiB sections, each with flags (present,
 * has a memmap, online, early, tainted by ZONE_DEVICE), a usage object with
 * a bitmap of valid 2 MiB subsections, and the memmap of its pfns.  As with
 * SPARSEMEM_EXTREME, sections live in root arrays allocated on demand, so a
 * machine pays only for the address space it uses.
 */
#ifndef HOTMEM_SPARSE_H
#define HOTMEM_SPARSE_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/types.h"
#include "hotmem/memmap.h"

struct hm_system;
struct vmem_altmap;
struct hm_report;

#define SECTION_MARKED_PRESENT		(1UL << 0)
#define SECTION_HAS_MEM_MAP		(1UL << 1)
#define SECTION_IS_ONLINE		(1UL << 2)
#define SECTION_IS_EARLY		(1UL << 3)
#define SECTION_TAINT_ZONE_DEVICE	(1UL << 4)

struct mem_section_usage {
	uint64_t subsection_map;	/* one bit per 2 MiB subsection */
	uint8_t pageblock_mt[SUBSECTIONS_PER_SECTION];	/* migratetype per pageblock */
	bool boot;			/* allocated at boot: never freed */
	struct mem_section_usage *rcu_next;	/* on the deferred-free list */
};

/*
 * How a section's memmap is held (see memmap.h, "The compact memmap"):
 * not at all, as PAGES_PER_SECTION struct pages, or as one state that all
 * its struct pages share.
 */
enum memmap_state {
	MEMMAP_NONE,		/* no memmap (not valid) */
	MEMMAP_DENSE,		/* ms->memmap: one struct page per pfn */
	MEMMAP_UNIFORM,		/* every struct page is ms->tmpl */
	MEMMAP_FREE,		/* max-order free chunks of one zone and migratetype */
	/* the same, the chunk heads anywhere on their list: ms->memmap holds them alone */
	MEMMAP_HEADS,
};

struct mem_section {
	unsigned long flags;		/* SECTION_* */
	/*
	 * MEMMAP_DENSE: PAGES_PER_SECTION struct pages; MEMMAP_HEADS: the
	 * MAX_ORDER_CHUNKS_PER_SECTION chunk heads, each on a free list
	 */
	struct page *memmap;
	struct mem_section_usage *usage;
	int nid;			/* set_section_nid() */
	uint8_t memmap_state;		/* enum memmap_state */
	/* MEMMAP_UNIFORM: every struct page; FREE, HEADS: every page but the chunk heads */
	struct page tmpl;
	/*
	 * MEMMAP_FREE: the section's MAX_ORDER_CHUNKS_PER_SECTION chunk heads
	 * as one free-list entry (PG_run), where the chunks would sit one after
	 * the other in pfn order.
	 */
	struct page run;
};

#define MAX_ORDER_CHUNKS_PER_SECTION	(PAGES_PER_SECTION / MAX_ORDER_NR_PAGES)

static inline bool section_has_memmap(const struct mem_section *ms)
{
	return ms && ms->memmap_state != MEMMAP_NONE;
}

#define SECTIONS_PER_ROOT	256UL
#define NR_SECTION_ROOTS	(NR_MEM_SECTIONS / SECTIONS_PER_ROOT)

struct sparse {
	struct mem_section *roots[NR_SECTION_ROOTS];
	/* one past the highest root allocated: the walks of every root stop there */
	unsigned long roots_end;
	unsigned long highest_present_section_nr;
	struct mem_section_usage *rcu_pending;	/* freed at the next grace period */
	unsigned long nr_memmap_sections;	/* sections with a memmap */
	unsigned long nr_dense_sections;	/* of those, held page by page */
	/*
	 * The debug mode (HOTMEM_MEMMAP=dense in the environment): every
	 * memmap is held page by page, as before the compact memmap; the
	 * tests compare the two.
	 */
	bool memmap_dense;
	/*
	 * Memmap arrays of sections folded back, kept for the next section to
	 * materialise (still counted live): a host page is touched once.
	 */
#define MEMMAP_POOL_SIZE 8
	struct page *memmap_pool[MEMMAP_POOL_SIZE];
	unsigned int nr_memmap_pool;
};

/* The section of nr, or NULL if its root was never allocated. */
struct mem_section *__nr_to_section(struct hm_system *sys, unsigned long nr);
static inline struct mem_section *__pfn_to_section(struct hm_system *sys, unsigned long pfn)
{
	return __nr_to_section(sys, pfn_to_section_nr(pfn));
}

static inline bool present_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_MARKED_PRESENT);
}
static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_HAS_MEM_MAP);
}
static inline bool online_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_IS_ONLINE);
}
static inline bool early_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_IS_EARLY);
}

static inline unsigned long subsection_map_index(unsigned long pfn)
{
	return (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;
}

/*
 * pfn_valid: a struct page exists for pfn.  The generic rule (valid section,
 * and early or the subsection is valid) plus, when the arch asks for it
 * (arm64 before 5.14), that memblock knows the pfn as mapped memory.
 */
bool pfn_valid(struct hm_system *sys, unsigned long pfn);
bool pfn_in_present_section(struct hm_system *sys, unsigned long pfn);
/* The page if pfn is valid, its section online, and it is not ZONE_DEVICE. */
struct page *pfn_to_online_page(struct hm_system *sys, unsigned long pfn);
/*
 * The struct page of a valid pfn (no check beyond the section's memmap).
 * A section held as a uniform state gets its struct pages now
 * (memmap_materialise): use this to change pages.
 */
struct page *pfn_to_page(struct hm_system *sys, unsigned long pfn);
/*
 * The struct page of a valid pfn for reading only, without materialising
 * the section: for a uniform section its template, for a free run's chunk
 * head the run entry.  Never to be written, nor given to page_to_pfn().
 */
const struct page *pfn_page_peek(struct hm_system *sys, unsigned long pfn);
/* pfn_to_online_page for reading only (pfn_page_peek). */
const struct page *pfn_to_online_page_peek(struct hm_system *sys, unsigned long pfn);
/* Node of a pfn from its section (never reads struct pages); -1 if invalid. */
int get_nid_for_pfn(struct hm_system *sys, unsigned long pfn);

/* Boot: marks the sections of [start_pfn, end_pfn) present for nid (memblocks_present). */
int sparse_memory_present(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn, int nid);
/* Boot: memmap and usage for every present section, flagged early and online. */
int sparse_init(struct hm_system *sys);
/* Boot: sets the subsection bits of boot RAM (subsection_map_init). */
void sparse_subsection_map_init(struct hm_system *sys, unsigned long start_pfn,
				unsigned long nr_pages);

/*
 * Hot-add of [start_pfn, start_pfn+nr_pages) within one section: root,
 * usage, subsection bits (-EEXIST on overlap), memmap (poisoned), present.
 * Returns 0 or -errno with nothing changed.
 */
int sparse_add_section(struct hm_system *sys, int nid, unsigned long start_pfn,
		       unsigned long nr_pages, struct vmem_altmap *altmap);
/* The reverse: clears subsection bits, frees the memmap and usage when empty. */
void sparse_remove_section(struct hm_system *sys, unsigned long pfn,
			   unsigned long nr_pages, struct vmem_altmap *altmap);

void online_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			 unsigned long end_pfn);
void offline_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn);

/* Frees usage objects whose grace period is over (synchronize_rcu). */
void sparse_rcu_barrier(struct hm_system *sys);
void sparse_destroy(struct hm_system *sys);

unsigned long sparse_check(struct hm_system *sys, struct hm_report *r);

/*
 * The first present section at or after nr, or highest_present_section_nr
 * + 1 (the kernel's next_present_section_nr); skips roots never allocated,
 * 256 sections at a time: a device at the top of the physical address space
 * (hmm-dmirror) makes the highest section number 2^19.
 */
unsigned long next_present_section_nr(struct hm_system *sys, unsigned long nr);

#define for_each_present_section_nr(sys, nr)					\
	for ((nr) = next_present_section_nr(sys, 0);				\
	     (nr) <= (sys)->sparse.highest_present_section_nr;			\
	     (nr) = next_present_section_nr(sys, (nr) + 1))

#endif /* HOTMEM_SPARSE_H */
