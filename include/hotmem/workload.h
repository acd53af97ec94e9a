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
 * prove that nothing was lost however often the pages moved.
 *
 * Contents belong to the frame, not to the allocation, and cost host memory
 * only where they differ from a pattern.  A frame in use by a workload has
 * a content word (page->private, unused outside the buddy): nonzero, its
 * PAGE_SIZE bytes are the pattern of that word (workload_fill_word());
 * PAGE_CONTENT_STORED, its bytes are a host buffer kept by pfn in the
 * workload's frame store, made by the first write that leaves the pattern.
 * Filling a page sets its word to content_word(seed, index); migration
 * copies the frame (copy_highpage: the word, or the buffer), so a migration
 * that moved ownership without the contents, or the contents of the wrong
 * frame, leaves a frame whose bytes are another page's pattern, and the
 * check finds it.  A written page's expected contents are kept by the
 * allocation as a hash of its bytes.  So a 15 GiB workload costs 8 bytes a
 * page (its pfns[]) and nothing else.
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
 * hot-remove (vmemmap_populate in pgtable.c); so a DIMM's memmap can land in memory onlined
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
#include <stddef.h>
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
	/* pages the process wrote: the hash of what each must hold, by index */
	struct walloc_written { unsigned long index; uint64_t hash; } *written;
	unsigned long nr_written;
};

/* page->private of a workload frame whose bytes are a stored buffer */
#define PAGE_CONTENT_STORED	0U

/* A frame whose bytes differ from every pattern: its buffer, by pfn. */
struct frame_buf {
	unsigned long pfn;
	uint8_t *data;
	struct frame_buf *next;
};
#define FRAME_STORE_BUCKETS	256

struct hm_workload {
	pthread_mutex_t lock;
	struct hm_walloc *allocs;	/* newest first */
	uint64_t next_seed;
	unsigned long nr_pages;		/* pages of all allocations */
	unsigned long max_pages;	/* a bound for tests: ENOMEM beyond (default none) */
	struct frame_buf *store[FRAME_STORE_BUCKETS];	/* stored frames, by pfn */
	unsigned long nr_stored;
	unsigned long kernel_pages;	/* the kernel's pages, taken at online */
	unsigned int kernel_pages_per_online;
	struct kernel_online_alloc **ka_table;	/* per onlined range, hashed by section */
	unsigned long ka_size;			/* buckets (a power of two) */
	unsigned long nr_kernel_allocs;		/* ranges in the table */
	struct notifier_block kernel_nb;		/* their memory notifier */
	unsigned long nr_migrated;	/* pages moved by migration so far */
};

/* Pages the kernel takes each time memory of a node goes online. */
#define KERNEL_PAGES_PER_ONLINE		64

/**
 * workload_init() - an empty workload: no allocation, no stored frame
 * @sys: the system
 */
void workload_init(struct hm_system *sys);
/**
 * workload_boot_kernel_allocs() - the kernel's own per-node allocations at boot
 * @sys: the system, its boot memory just given to the buddy allocator
 *
 * For each node with memory, kernel_pages_per_online unmovable pages from
 * the node's zonelist: kswapd's and kcompactd's stacks, slab's per-node
 * structures, the pagesets.  A shortage is ignored.
 */
void workload_boot_kernel_allocs(struct hm_system *sys);
/**
 * workload_destroy() - free every allocation's contents and bookkeeping
 * @sys: the system being torn down
 */
void workload_destroy(struct hm_system *sys);

/**
 * workload_alloc() - allocate pages for a process or a driver, and fill them
 * @sys: the system
 * @name: the allocation's name, or NULL for an anonymous one
 * @movable: a process's memory (ZONE_MOVABLE first), else a driver's
 *	(Normal, DMA32, DMA; never ZONE_MOVABLE)
 * @nr_pages: how many order-0 pages
 * @nid: the preferred node, NUMA_NO_NODE for the local one
 *
 * Every page is filled with its pattern.  Host memory: 8 bytes a page (the
 * page table), whatever the size.
 *
 * Return: 0; -EEXIST if @name is taken; -EINVAL for a node that does not
 * exist; -ENOMEM when the allowed zones have no memory left, or past
 * max_pages.  Nothing changes on failure.
 */
int workload_alloc(struct hm_system *sys, const char *name, bool movable,
		   unsigned long nr_pages, int nid);
/**
 * workload_free() - give a named allocation's pages back
 * @sys: the system
 * @name: the allocation
 *
 * Return: 0; -ENOENT if there is no such allocation.
 */
int workload_free(struct hm_system *sys, const char *name);
/**
 * workload_check() - check a named allocation's pages and their contents
 * @sys: the system
 * @name: the allocation
 *
 * Every byte against its pattern (or the hash of what was written), and
 * every page in use by the allocation where it says it is.
 *
 * Return: 0; -ENOENT if there is no such allocation; -EIO on a mismatch.
 */
int workload_check(struct hm_system *sys, const char *name);
/**
 * workload_find() - an allocation by name
 * @sys: the system
 * @name: the allocation's name (the alloc step's)
 *
 * Context: the allocations must not change meanwhile (the workload lock,
 * or one thread driving the machine).
 * Return: the allocation, or NULL.
 */
struct hm_walloc *workload_find(struct hm_system *sys, const char *name);
/**
 * workload_check_all() - check every byte of every allocation
 * @sys: the system
 *
 * Return: 0, or -EIO on the first mismatch.
 */
int workload_check_all(struct hm_system *sys);

/* slab_memory_callback's priority: before other memory notifiers */
#define SLAB_CALLBACK_PRI 1

/**
 * content_word() - the content word of a page of an allocation
 * @seed: the allocation's seed
 * @index: the page's index in it
 *
 * Return: the word, never 0.
 */
uint32_t content_word(uint64_t seed, unsigned long index);
/**
 * workload_fill_word() - the bytes of a frame whose content is a word's pattern
 * @buf: written PAGE_SIZE bytes
 * @word: the content word
 */
void workload_fill_word(uint8_t *buf, uint32_t word);
/**
 * workload_pattern_byte() - a byte of a page's pattern
 * @seed: the allocation's seed
 * @index: the page's index
 * @off: the byte's offset in the page
 *
 * Return: the byte.
 */
uint8_t workload_pattern_byte(uint64_t seed, unsigned long index, unsigned int off);

/**
 * workload_write() - a process writes into a page of its allocation
 * @sys: the system
 * @name: the allocation
 * @index: the page's index in it
 * @off: the offset in the page
 * @buf: the bytes
 * @len: how many
 *
 * The frame gets a stored buffer (if it has none) and the allocation
 * remembers what the page must now hold.
 *
 * Return: 0; -ENOENT for no such allocation; -EINVAL past the page or the
 * allocation; -ENOMEM (nothing changed).
 */
int workload_write(struct hm_system *sys, const char *name, unsigned long index,
		   unsigned int off, const void *buf, size_t len);
/**
 * workload_read() - read bytes of a page of an allocation, from its frame
 * @sys: the system
 * @name: the allocation
 * @index: the page's index
 * @off: the offset in the page
 * @buf: written the bytes
 * @len: how many
 *
 * Return: 0; -ENOENT for no such allocation; -EINVAL past the page or the
 * allocation.
 */
int workload_read(struct hm_system *sys, const char *name, unsigned long index,
		  unsigned int off, void *buf, size_t len);
/**
 * physmem_write() - the memory itself changes under a workload's frame
 * @sys: the system
 * @pfn: the frame
 * @off: the offset in it
 * @buf: the bytes
 * @len: how many
 *
 * A bit flip, a stray DMA: the allocation's expectation stays, so that
 * workload_check() finds it.
 *
 * Return: 0; -EINVAL for a frame not in use by a workload, or past the
 * page; -ENOMEM (nothing changed).
 */
int physmem_write(struct hm_system *sys, unsigned long pfn, unsigned int off,
		  const void *buf, size_t len);

/*
 * copy_highpage of migration, in two halves so that the fallible part comes
 * before the new page is taken: copy_highpage_prepare() allocates what
 * copying src needs (*fb, NULL if nothing: 0 or -ENOMEM); copy_highpage()
 * copies src's contents to dst and cannot fail; copy_highpage_abort()
 * drops what prepare took.  Call with workload->lock held.
 */
/**
 * copy_highpage_prepare() - allocate what copying a frame needs
 * @sys: the system
 * @src: the frame to copy
 * @fb: set to the buffer made, NULL if none is needed
 *
 * Context: the workload lock held.
 * Return: 0, or -ENOMEM (nothing allocated).
 */
int copy_highpage_prepare(struct hm_system *sys, const struct page *src, struct frame_buf **fb);
/**
 * copy_highpage() - copy a frame's contents to another
 * @sys: the system
 * @dst: the new frame
 * @src: the old one
 * @fb: what copy_highpage_prepare() gave; consumed
 *
 * Cannot fail.
 *
 * Context: the workload lock held.
 */
void copy_highpage(struct hm_system *sys, struct page *dst, const struct page *src,
		   struct frame_buf *fb);
/**
 * copy_highpage_abort() - drop what copy_highpage_prepare() took
 * @sys: the system
 * @fb: the buffer, or NULL
 *
 * Context: the workload lock held.
 */
void copy_highpage_abort(struct hm_system *sys, struct frame_buf *fb);
/**
 * page_contents_release() - a workload frame goes back to the buddy
 * @sys: the system
 * @page: the frame; its stored buffer, if any, is freed
 */
void page_contents_release(struct hm_system *sys, struct page *page);

/**
 * workload_verify() - the verifier's checks of the workloads
 * @sys: the system
 * @r: the report violations are added to
 *
 * Every page of every allocation is online, in use by it (refcount, owner,
 * index, LRU iff movable).
 *
 * Return: the number of pages counted.
 */
unsigned long workload_verify(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_WORKLOAD_H */
