/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workload.h - what runs on the emulated machine and uses its memory:
 * simulated processes whose pages hold real contents, and the kernel's own
 * background allocations.  Offlining is only interesting when memory is in
 * use.
 *
 * A workload allocation (struct hm_walloc) is a set of order-0 pages,
 * named or anonymous:
 *  - movable: a process's anonymous memory (GFP_HIGHUSER_MOVABLE, so
 *    ZONE_MOVABLE first).  Its pages are PageLRU and migrate with their
 *    contents when their memory goes offline;
 *  - unmovable: memory a driver holds (GFP_KERNEL: ZONE_NORMAL, DMA32, DMA,
 *    never ZONE_MOVABLE).  Its pages make isolation fail with -EBUSY.
 * Each page has PAGE_SIZE bytes of contents, a pattern that follows from
 * the allocation's seed and the page's index, so that workload_check() can
 * prove that nothing was lost however often the pages moved.  Contents are
 * stored only for pages in use by a workload (one host buffer per page),
 * never for the machine's memory as a whole.
 *
 * The kernel's own allocations (slab, page tables, per-cpu pagesets of a
 * newly populated zone, the stacks of kswapd and kcompactd) are modelled by
 * a memory notifier, as slab_memory_callback is one: at MEM_ONLINE it takes
 * kernel_pages_per_online unmovable pages, from the zonelist of the
 * range's node if it has a CPU, else of the first node with a CPU (CPUs
 * allocate: on a CPU-less node nothing allocates locally); at MEM_OFFLINE
 * of the same range it gives them back.  A shortage is ignored, as the
 * kernel's callers handle it.
 * The vmemmap of hot-added memory (without memmap_on_memory) is an
 * unmovable kernel allocation too, one PMD (2 MiB, order 9) a section from
 * the zonelist of the memory's node, taken at hot-add and given back at
 * hot-remove (see sparse.c); so a DIMM's memmap can land in memory onlined
 * to a kernel zone before, and keep it from being offlined or unplugged.
 * Because kernel allocations prefer the highest kernel zone (Normal before
 * DMA32) and hot-added memory is freed to the tail of the free lists, they
 * land in boot memory where the Normal zone has some (-m 5G: offlining
 * hot-added Normal blocks works) and in the first onlined Normal block
 * where it has none (-m 1G: offlining that block fails with -EBUSY), as
 * the real kernel shows.
 *
 * Locking: workload->lock (LOCK_RANK_WORKLOAD: the simulated processes'
 * mmap and page locks) guards the allocation list, owners and contents; it
 * nests inside mem_hotplug_lock (migration) and outside zone->lock.
 */
#ifndef HOTMEM_WORKLOAD_H
#define HOTMEM_WORKLOAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hotmem/notifier.h"
#include "hotmem/types.h"

struct hm_system;
struct hm_report;
struct page;

struct hm_walloc {
	struct hm_walloc *next;
	char *name;			/* as=NAME, or NULL */
	bool movable;
	int nid;			/* the preferred node */
	unsigned long nr_pages;
	uint64_t seed;			/* the contents' pattern */
	unsigned long *pfns;		/* the frame holding each page */
	uint8_t **data;			/* the contents of each page */
};

struct hm_workload {
	pthread_mutex_t lock;
	struct hm_walloc *allocs;	/* newest first */
	uint64_t next_seed;
	unsigned long nr_pages;		/* pages of all allocations */
	unsigned long max_pages;	/* host memory bound: ENOMEM beyond */
	unsigned long kernel_pages;	/* the kernel's pages, taken at online */
	unsigned int kernel_pages_per_online;
	struct kernel_online_alloc *kernel_allocs;	/* per onlined range, newest first */
	struct notifier_block kernel_nb;		/* their memory notifier */
	unsigned long nr_migrated;	/* pages moved by migration so far */
};

/* Default bound of workload contents: 1 GiB of host memory. */
#define WORKLOAD_DEFAULT_MAX_PAGES	(SZ_1G / PAGE_SIZE)
/* Pages the kernel takes each time memory of a node goes online. */
#define KERNEL_PAGES_PER_ONLINE		64

void workload_init(struct hm_system *sys);
/* Frees every allocation's contents and bookkeeping (teardown). */
void workload_destroy(struct hm_system *sys);

/*
 * Allocates nr_pages pages (movable or not) preferring node nid and fills
 * them with their pattern.  name may be NULL.  Returns 0, -EEXIST (name
 * taken), -EINVAL (no such node), -ENOMEM (no memory left in the allowed
 * zones, or over max_pages); nothing changed on failure.
 */
int workload_alloc(struct hm_system *sys, const char *name, bool movable,
		   unsigned long nr_pages, int nid);
/* Frees a named allocation: 0 or -ENOENT. */
int workload_free(struct hm_system *sys, const char *name);
/*
 * Checks every byte of a named allocation against its pattern and that
 * each of its pages is in use by it: 0, -ENOENT, or -EIO (a mismatch).
 */
int workload_check(struct hm_system *sys, const char *name);
struct hm_walloc *workload_find(struct hm_system *sys, const char *name);
/* Checks every byte of every allocation: 0 or -EIO. */
int workload_check_all(struct hm_system *sys);

/* slab_memory_callback's priority: before other memory notifiers */
#define SLAB_CALLBACK_PRI 1

/*
 * An unmovable kernel allocation of 2^order pages along the zonelist of
 * nid, as alloc_pages_node(nid, GFP_KERNEL) (the vmemmap of hot-added
 * memory): every page PG_slab with a reference, counted in kernel_pages.
 * NULL if no allowed zone has such a chunk.  kernel_free_pages gives it back.
 */
struct page *kernel_alloc_pages_node(struct hm_system *sys, int nid, unsigned int order);
void kernel_free_pages(struct hm_system *sys, struct page *page, unsigned int order);

/* The byte at offset off of page index of an allocation with this seed. */
uint8_t workload_pattern_byte(uint64_t seed, unsigned long index, unsigned int off);
/* Fills one page of contents with its pattern. */
void workload_fill_page(uint8_t *buf, uint64_t seed, unsigned long index);
/* Compares one page of contents with its pattern: true if equal. */
bool workload_page_intact(const uint8_t *buf, uint64_t seed, unsigned long index);

/*
 * The verifier's part: every page of every allocation is online, in use by
 * it (refcount, owner, index, LRU iff movable); returns the pages counted.
 */
unsigned long workload_verify(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_WORKLOAD_H */
