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

/**
 * section_has_memmap() - whether a section's memmap is held in any form
 * @ms: the section, or NULL
 *
 * Return: true unless @ms is NULL or MEMMAP_NONE.
 */
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

/**
 * __nr_to_section() - the section of a section number
 * @sys: the system
 * @nr: the section number
 *
 * Return: the section, or NULL if its root was never allocated (or @nr is
 * beyond NR_MEM_SECTIONS).
 */
struct mem_section *__nr_to_section(struct hm_system *sys, unsigned long nr);
/**
 * __pfn_to_section() - the section a pfn lies in
 * @sys: the system
 * @pfn: the pfn
 *
 * Return: as __nr_to_section().
 */
static inline struct mem_section *__pfn_to_section(struct hm_system *sys, unsigned long pfn)
{
	return __nr_to_section(sys, pfn_to_section_nr(pfn));
}

/**
 * present_section() - whether a section present (memory was added or found at boot)
 * @ms: the section, or NULL
 *
 * Return: true if @ms is not NULL and has SECTION_MARKED_PRESENT.
 */
static inline bool present_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_MARKED_PRESENT);
}
/**
 * valid_section() - whether a section has a memmap
 * @ms: the section, or NULL
 *
 * Return: true if @ms is not NULL and has SECTION_HAS_MEM_MAP.
 */
static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_HAS_MEM_MAP);
}
/**
 * online_section() - whether a section is online
 * @ms: the section, or NULL
 *
 * Return: true if @ms is not NULL and has SECTION_IS_ONLINE.
 */
static inline bool online_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_IS_ONLINE);
}
/**
 * early_section() - whether a section was populated at boot
 * @ms: the section, or NULL
 *
 * Return: true if @ms is not NULL and has SECTION_IS_EARLY.
 */
static inline bool early_section(const struct mem_section *ms)
{
	return ms && (ms->flags & SECTION_IS_EARLY);
}

/**
 * subsection_map_index() - a pfn's bit in its section's subsection_map
 * @pfn: the pfn
 *
 * Return: the index of its 2 MiB subsection within the section.
 */
static inline unsigned long subsection_map_index(unsigned long pfn)
{
	return (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;
}

/**
 * pfn_valid() - whether a struct page exists for a pfn
 * @sys: the system
 * @pfn: the pfn
 *
 * The generic rule (valid section, and early or the subsection is valid)
 * plus, when the arch asks for it (arm64 before 5.14), that memblock knows
 * the pfn as mapped memory.
 *
 * Return: true if it does.
 */
bool pfn_valid(struct hm_system *sys, unsigned long pfn);
/**
 * pfn_in_present_section() - whether a pfn's section is present
 * @sys: the system
 * @pfn: the pfn
 *
 * Return: true if it is.
 */
bool pfn_in_present_section(struct hm_system *sys, unsigned long pfn);
/**
 * pfn_to_online_page() - the struct page of an online pfn, to change it
 * @sys: the system
 * @pfn: the pfn
 *
 * As pfn_to_page(): a uniform section is materialised.
 *
 * Return: the page if @pfn is valid, its section online, and it is not
 * ZONE_DEVICE memory; NULL otherwise.
 */
struct page *pfn_to_online_page(struct hm_system *sys, unsigned long pfn);
/**
 * pfn_to_page() - the struct page of a valid pfn, to change it
 * @sys: the system
 * @pfn: a valid pfn (no check beyond the section's memmap)
 *
 * A section held as a uniform state gets its struct pages now
 * (memmap_materialise()): use pfn_page_peek() to only read.
 *
 * Context: zone->lock held if the section may be a free run.
 * Return: the struct page.
 */
struct page *pfn_to_page(struct hm_system *sys, unsigned long pfn);
/**
 * pfn_page_peek() - the struct page of a valid pfn, for reading only
 * @sys: the system
 * @pfn: a valid pfn
 *
 * Does not materialise the section.
 *
 * Return: the page; for a uniform section its template, for a free run's
 * chunk head the run entry.  Never to be written, nor given to
 * page_to_pfn().
 */
const struct page *pfn_page_peek(struct hm_system *sys, unsigned long pfn);
/**
 * pfn_to_online_page_peek() - pfn_to_online_page() for reading only
 * @sys: the system
 * @pfn: the pfn
 *
 * Return: as pfn_to_online_page(), the page as pfn_page_peek() gives it.
 */
const struct page *pfn_to_online_page_peek(struct hm_system *sys, unsigned long pfn);
/**
 * get_nid_for_pfn() - the node of a pfn, from its section
 * @sys: the system
 * @pfn: the pfn
 *
 * Never reads struct pages.
 *
 * Return: the node id, or -1 if @pfn is not valid.
 */
int get_nid_for_pfn(struct hm_system *sys, unsigned long pfn);

/**
 * sparse_memory_present() - mark boot memory's sections present
 * @sys: the system
 * @start_pfn: first pfn
 * @end_pfn: end pfn (exclusive)
 * @nid: their node
 *
 * Boot only (memblocks_present()).
 *
 * Return: 0; -EINVAL beyond NR_MEM_SECTIONS; -ENOMEM for a root array
 * (sections marked so far stay: boot fails as a whole).
 */
int sparse_memory_present(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn, int nid);
/**
 * sparse_init() - give every present section its memmap and usage
 * @sys: the system
 *
 * Boot only: the sections are flagged early and online.
 *
 * Return: 0, or -ENOMEM (boot fails as a whole; sparse_destroy() frees
 * what was made).
 */
int sparse_init(struct hm_system *sys);
/**
 * sparse_subsection_map_init() - set the subsection bits of boot RAM
 * @sys: the system
 * @start_pfn: first pfn
 * @nr_pages: pages
 *
 * Boot only (subsection_map_init()).
 */
void sparse_subsection_map_init(struct hm_system *sys, unsigned long start_pfn,
				unsigned long nr_pages);

/**
 * sparse_add_section() - hot-add a range within one section
 * @sys: the system
 * @nid: the section's node
 * @start_pfn: first pfn, subsection-aligned
 * @nr_pages: pages, whole subsections, not past the section's end
 * @altmap: where the memmap goes, NULL: host memory
 *
 * The root, the usage, the subsection bits, the memmap (poisoned until the
 * pages are onlined), then the section marked present.
 *
 * Context: the caller holds mem_hotplug_lock.
 * Return: 0; -EINVAL for a misaligned range; -EEXIST when a subsection of
 * it is already there; -ENOMEM.  Nothing changes on failure.
 */
int sparse_add_section(struct hm_system *sys, int nid, unsigned long start_pfn,
		       unsigned long nr_pages, struct vmem_altmap *altmap);
/**
 * sparse_remove_section() - the reverse of sparse_add_section()
 * @sys: the system
 * @pfn: first pfn
 * @nr_pages: pages, as added
 * @altmap: as given to sparse_add_section()
 *
 * Clears the subsection bits; frees the memmap when the section is empty,
 * and its usage after a grace period (sparse_rcu_barrier()).
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void sparse_remove_section(struct hm_system *sys, unsigned long pfn,
			   unsigned long nr_pages, struct vmem_altmap *altmap);

/**
 * online_mem_sections() - flag the sections of a range online
 * @sys: the system
 * @start_pfn: first pfn, section-aligned
 * @end_pfn: end pfn (exclusive)
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void online_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			 unsigned long end_pfn);
/**
 * offline_mem_sections() - clear the online flag of a range's sections
 * @sys: the system
 * @start_pfn: first pfn, section-aligned
 * @end_pfn: end pfn (exclusive)
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void offline_mem_sections(struct hm_system *sys, unsigned long start_pfn,
			  unsigned long end_pfn);

/**
 * sparse_rcu_barrier() - free the usage objects whose grace period is over
 * @sys: the system
 *
 * synchronize_rcu(): called as mem_hotplug_lock is released.
 */
void sparse_rcu_barrier(struct hm_system *sys);
/**
 * sparse_destroy() - free every section, memmap, usage and root
 * @sys: the system being torn down
 */
void sparse_destroy(struct hm_system *sys);

/**
 * sparse_check() - the verifier's checks of the sections
 * @sys: the system
 * @r: the report violations are added to
 *
 * Flags, memmaps, subsection maps and the counters agree.
 *
 * Return: the number of violations found.
 */
unsigned long sparse_check(struct hm_system *sys, struct hm_report *r);

/**
 * next_present_section_nr() - the first present section at or after a number
 * @sys: the system
 * @nr: where to start
 *
 * Skips roots never allocated, 256 sections at a time: a device at the top
 * of the physical address space (hmm-dmirror) makes the highest section
 * number 2^19.
 *
 * Return: the section number, or highest_present_section_nr + 1 when there
 * is none (the kernel's next_present_section_nr()).
 */
unsigned long next_present_section_nr(struct hm_system *sys, unsigned long nr);

#define for_each_present_section_nr(sys, nr)					\
	for ((nr) = next_present_section_nr(sys, 0);				\
	     (nr) <= (sys)->sparse.highest_present_section_nr;			\
	     (nr) = next_present_section_nr(sys, (nr) + 1))

#endif /* HOTMEM_SPARSE_H */
