/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pgtable.h - the kernel's page tables (init_mm / swapper_pg_dir) as real
 * tables: four levels of 512 entries, 4 KiB granule, on both x86_64 and
 * arm64.  They map the linear map (direct map) and the vmemmap, and the
 * vmalloc model fills them too.
 *
 * Levels are numbered by what their entries map: 0 = PTE table (4 KiB
 * pages), 1 = PMD table (2 MiB blocks), 2 = PUD table (1 GiB blocks),
 * 3 = the PGD (512 GiB per entry).  Every table but the PGD lives in a
 * guest page: from memblock at boot (reserved, never freed), from the buddy
 * allocator after boot (GFP_KERNEL on the local node), given back when the
 * table is freed.
 *
 * Concurrency: hot-add and hot-remove change the tables under
 * mem_hotplug_lock; the vmalloc model walks and fills them with no lock at
 * all (the kernel's vmap_range takes no lock hot-remove takes), so entries
 * are read and written atomically, a table is populated with a
 * compare-and-swap, and a freed table is kept (poisoned, marked dead)
 * until no walker runs: a walker that reaches a dead table has hit a
 * use-after-free, which is counted (pgtable.uaf) instead of crashing.
 */
#ifndef HOTMEM_PGTABLE_H
#define HOTMEM_PGTABLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct hm_system;
struct hm_report;
struct hm_buf;
struct vmem_altmap;
struct page;

#define PT_ENTRIES		512
#define PT_LEVELS		5	/* at most: x86 with la57 */
#define PT_LEVEL_SHIFT(l)	(12 + 9 * (l))
#define PT_LEVEL_SIZE(l)	(1ULL << PT_LEVEL_SHIFT(l))

/* x86's enum pg_level for direct_pages_count, without PG_LEVEL_NONE */
enum { PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G, PG_LEVEL_NUM };

/*
 * A table.  Dense, its entries are e[0..511].  Compact (e == NULL), it is
 * uniform and its entries are computed (pgtable.c, "The compact form"):
 * - leaves: entry i is first + i * PT_LEVEL_SIZE(level) (a page or block
 *   of a contiguous range, same attributes), or none at all (first 0);
 * - with children (children_pfn set or children_boot): entry i is a table
 *   of level - 1 that is itself compact with leaves, mapping first + i *
 *   PT_LEVEL_SIZE(level) (or nothing, first 0), held as its page only
 *   (children_pfn[i], or memblock), until a walk needs it as a table.
 * The first change that needs the entries one by one materialises them;
 * HOTMEM_PGTABLE=dense (or HOTMEM_MEMMAP=dense) keeps every table dense.
 */
struct pt_table {
	uint64_t magic;			/* PT_MAGIC while live, PT_DEAD once freed */
	/*
	 * The pfn of the guest page holding it; 0: memblock.  A pfn, not a
	 * struct page: a section's struct pages move when its memmap folds
	 * back to a template and materialises again (memmap.h).
	 */
	unsigned long page_pfn;
	unsigned int level;
	bool children_boot;		/* compact, with children from memblock */
	struct pt_table *next_dead;	/* freed, waiting for the walkers */
	struct pt_table *all_prev, *all_next;	/* every live table (ownership) */
	uint64_t first;			/* compact: the first leaf entry, 0: none */
	unsigned long *children_pfn;	/* compact with children from the buddy */
	uint64_t *e;			/* the 512 entries; NULL: compact */
};

/* The kernel's virtual memory layout: [start, end) of each region. */
struct kernel_va_layout {
	uint64_t page_offset, page_end;		/* the linear map */
	uint64_t vmemmap_start, vmemmap_end;
	uint64_t vmalloc_start, vmalloc_end;
};

struct hm_pgtable {
	struct pt_table *pgd;
	unsigned int levels;			/* 4, or 5 with x86 la57 */
	struct kernel_va_layout layout;
	unsigned long nr_tables;		/* live table pages, the PGD included */
	unsigned long nr_boot_tables;		/* of them from memblock */
	/* x86 direct_pages_count: what /proc/meminfo's DirectMap lines print */
	long direct_pages[PG_LEVEL_NUM];
	unsigned long vmemmap_pages;		/* pages backing the vmemmap */
	unsigned long vmemmap_altmap_pages;	/* of them from an altmap */
	unsigned long vmemmap_boot_pages;	/* of them from memblock */
	/*
	 * Test switch (hotmem.pgtable_free_regardless=1): arm64's
	 * free_empty_tables frees every empty table, ignoring floor and
	 * ceiling, i.e. also tables shared with the vmalloc area.
	 */
	bool free_regardless;
	unsigned long uaf;			/* walkers that reached a freed table */
	int active_walkers;
	pthread_mutex_t dead_lock;		/* dead and all */
	struct pt_table *all;			/* every live table */
	struct pt_table *dead;			/* freed tables kept for the walkers */
	unsigned long nr_dead;
	bool booted;
	bool dense;				/* the debug mode: no compact tables */
	unsigned long nr_compact;		/* compact tables (statistics) */
};

/**
 * pgtable_init() - set up the virtual memory layout and the PGD
 * @sys: the system (at boot; its arch configuration decides the levels)
 *
 * Return: 0, or -ENOMEM (nothing allocated is left).
 */
int pgtable_init(struct hm_system *sys);
/**
 * pgtable_destroy() - free every table
 * @sys: the system being torn down
 */
void pgtable_destroy(struct hm_system *sys);
/**
 * pgtable_phys_to_virt() - __va(): a physical address in the linear map
 * @sys: the system
 * @pa: the physical address
 *
 * Return: its virtual address.
 */
uint64_t pgtable_phys_to_virt(struct hm_system *sys, uint64_t pa);

/**
 * pgtable_map_boot_memory() - the linear map of boot memory
 * @sys: the system, at boot
 *
 * x86 init_mem_mapping() (the top-down steps, split_mem_range(), the
 * boot-time page counts), arm64 map_mem() (memblock memory without nomap;
 * page granular with rodata=full).  Tables come from memblock.
 *
 * Return: 0, or -ENOMEM (boot fails as a whole).
 */
int pgtable_map_boot_memory(struct hm_system *sys);
/**
 * pgtable_populate_boot_vmemmap() - the boot vmemmap of every present section
 * @sys: the system, at boot (sparse_init()); backing from memblock
 *
 * Return: 0, or -ENOMEM (boot fails as a whole).
 */
int pgtable_populate_boot_vmemmap(struct hm_system *sys);

/**
 * pgtable_linear_map() - the linear map of a hot-added range
 * @sys: the system
 * @start: physical start
 * @size: bytes
 *
 * x86 init_memory_mapping() (2 MiB pages, 1 GiB with gbpages, where size
 * and alignment allow), arm64 __create_pgd_mapping() (page mappings under
 * rodata=full); missing tables from the buddy allocator.
 *
 * Context: the caller holds mem_hotplug_lock.
 * Return: 0, or -ENOMEM with nothing of the range left mapped.
 */
int pgtable_linear_map(struct hm_system *sys, uint64_t start, uint64_t size);
/**
 * pgtable_linear_unmap() - remove a range's linear mapping
 * @sys: the system
 * @start: physical start
 * @size: bytes
 *
 * x86 kernel_physical_mapping_remove(), arm64 __remove_pgd_mapping() (and
 * its free_empty_tables()); freed tables wait until no walker is inside.
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void pgtable_linear_unmap(struct hm_system *sys, uint64_t start, uint64_t size);

/**
 * vmemmap_populate() - map the memmap of a range
 * @sys: the system
 * @pfn: first pfn (one section or part of one)
 * @nr_pages: pages
 * @nid: the node whose buddy allocator backs it
 * @altmap: the device pages to back it with, or NULL
 *
 * PMD blocks where a whole 2 MiB of memmap is wanted (from @altmap if
 * given, else the buddy allocator of @nid, falling back to base pages),
 * base pages otherwise.
 *
 * Context: the caller holds mem_hotplug_lock.
 * Return: 0, or -ENOMEM with nothing of the range left populated.
 */
int vmemmap_populate(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		     int nid, struct vmem_altmap *altmap);
/**
 * vmemmap_free() - unmap a range's memmap and free its backing
 * @sys: the system
 * @pfn: first pfn, as populated
 * @nr_pages: pages
 * @altmap: as given to vmemmap_populate(): its pages go back to it
 *
 * Context: the caller holds mem_hotplug_lock.
 */
void vmemmap_free(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		  struct vmem_altmap *altmap);
/**
 * vmemmap_is_populated() - whether the vmemmap of a pfn's struct page is mapped
 * @sys: the system
 * @pfn: the pfn
 *
 * Return: true if it is.
 */
bool vmemmap_is_populated(struct hm_system *sys, unsigned long pfn);
/**
 * pgtable_linear_is_mapped() - whether the linear map maps a physical address
 * @sys: the system
 * @pa: the physical address
 *
 * Return: true if it does.
 */
bool pgtable_linear_is_mapped(struct hm_system *sys, uint64_t pa);

/**
 * vmalloc_map() - map one page in the vmalloc area
 * @sys: the system
 * @va: where, in the vmalloc area (2 MiB-aligned with @huge)
 * @pfn: the page (or the first of a 2 MiB block)
 * @huge: a 2 MiB block, replacing an empty PTE table as pmd_free_pte_page()
 *	does
 *
 * The vmalloc model (mm/vmalloc.c vmap_range()): missing tables are
 * allocated.
 *
 * Context: no lock is taken: concurrent walkers race with hot-remove's
 * table freeing as in the kernel (what the tests look for).
 * Return: 0; -EINVAL for @va outside the vmalloc area or misaligned;
 * -EBUSY when a block mapping is in the way; -ENOMEM (tables allocated on
 * the way stay, as the kernel's do); -EFAULT when the walk reached a table
 * hot-remove had freed (the use after free counted in uaf).
 */
int vmalloc_map(struct hm_system *sys, uint64_t va, unsigned long pfn, bool huge);
/**
 * vmalloc_unmap() - clear one leaf entry of the vmalloc area
 * @sys: the system
 * @va: where
 * @huge: a 2 MiB block entry
 *
 * Never frees tables (vunmap_range()).
 */
void vmalloc_unmap(struct hm_system *sys, uint64_t va, bool huge);

/*
 * A visitor of pgtable_walk: a table (leaf false; e: the pfn of its page,
 * 0 from memblock) or a leaf entry (leaf true; e: the entry), of level,
 * at va.
 */
typedef void (*pgtable_visit_fn)(void *arg, bool leaf, unsigned int level, uint64_t va,
				 uint64_t e);

/**
 * pgtable_walk() - visit every table and every leaf entry, depth first, in VA order
 * @sys: the system
 * @fn: the visitor
 * @arg: its argument
 *
 * Compact tables are visited as the dense tables they stand for, without
 * being expanded: what the twin tests compare between a system with compact
 * tables and one with dense tables (HOTMEM_PGTABLE=dense).
 */
void pgtable_walk(struct hm_system *sys, pgtable_visit_fn fn, void *arg);

/**
 * pgtable_buddy_pages() - pages the tables and the vmemmap hold from the buddy
 * @sys: the system
 *
 * Return: the number of such pages (PG_slab).
 */
unsigned long pgtable_buddy_pages(struct hm_system *sys);
/**
 * pgtable_report_meminfo() - /proc/meminfo's last lines (arch_report_meminfo())
 * @sys: the system
 * @out: appended x86's DirectMap lines (nothing on arm64)
 */
void pgtable_report_meminfo(struct hm_system *sys, struct hm_buf *out);
/**
 * pgtable_check() - the verifier's checks of the page tables
 * @sys: the system
 * @r: the report violations are added to
 *
 * Every table reachable from the PGD once and live, its page accounted; no
 * empty table where the teardown would have freed it; the linear map
 * covering exactly the expected ranges (sys->direct_map) above the boot
 * memory; the vmemmap covering every present section.
 *
 * Return: the number of violations found.
 */
unsigned long pgtable_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_PGTABLE_H */
