// SPDX-License-Identifier: GPL-2.0
/*
 * workload.c - simulated processes with real page contents, and the
 * kernel's own background allocations (see workload.h for the model).
 *
 * An allocation takes its bookkeeping first (the fault-injectable part)
 * and checks that the allowed zones have enough free pages; only then does
 * it take pages, which cannot fail any more.  So a failed allocation never
 * touched the free lists.  Filling a page costs no host memory: its frame's
 * content word says which pattern its bytes hold (workload.h); a frame store
 * keeps the bytes of the few frames written away from their pattern.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/page_alloc.h"
#include "hotmem/system.h"
#include "hotmem/workload.h"

#define GOLDEN	0x9e3779b97f4a7c15ULL

static void workload_lock(struct hm_system *sys)
{
	lockdep_acquire(&sys->lockdep, LOCK_RANK_WORKLOAD);
	pthread_mutex_lock(&sys->workload.lock);
}

static void workload_unlock(struct hm_system *sys)
{
	pthread_mutex_unlock(&sys->workload.lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_WORKLOAD);
}

static int kernel_alloc_memory_callback(struct hm_system *sys, void *data,
					unsigned long action, struct memory_notify *arg);
static void kernel_allocs_destroy(struct hm_system *sys);

void workload_init(struct hm_system *sys)
{
	struct hm_workload *w = &sys->workload;

	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	w->next_seed = 1;
	w->max_pages = ~0UL;
	w->kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	w->kernel_nb.fn = kernel_alloc_memory_callback;
	w->kernel_nb.priority = SLAB_CALLBACK_PRI;
	register_memory_notifier(sys, &w->kernel_nb);
}

/* ------------------------------------------------------------- contents */

/* A 64-bit finaliser (murmur3's): every input bit reaches every output bit. */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Word w of page index of an allocation: distinct per page and per word. */
static inline uint64_t pattern_word(uint64_t base, unsigned long w)
{
	return base ^ ((uint64_t)(w + 1) * GOLDEN);
}

static inline uint64_t pattern_base(uint64_t seed, unsigned long index)
{
	return mix64(seed * GOLDEN + index);
}

uint32_t content_word(uint64_t seed, unsigned long index)
{
	return (uint32_t)(mix64(seed * GOLDEN + index) >> 32) | 1;
}

void workload_fill_word(uint8_t *buf, uint32_t word)
{
	uint64_t base = mix64(word);
	unsigned long w;

	for (w = 0; w < PAGE_SIZE / 8; w++) {
		uint64_t v = pattern_word(base, w);

		memcpy(buf + w * 8, &v, 8);
	}
}

uint8_t workload_pattern_byte(uint64_t seed, unsigned long index, unsigned int off)
{
	uint64_t v = pattern_word(mix64(content_word(seed, index)), off / 8);
	uint8_t bytes[8];

	memcpy(bytes, &v, 8);
	return bytes[off % 8];
}

/* FNV-1a over a page: what a written page must hold. */
static uint64_t page_hash(const uint8_t *buf)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned long i;

	for (i = 0; i < PAGE_SIZE; i++)
		h = (h ^ buf[i]) * 0x100000001b3ULL;
	return h;
}

/* ---------------------------------------------------------- frame store */

static struct frame_buf **store_slot(struct hm_workload *w, unsigned long pfn)
{
	struct frame_buf **pp = &w->store[(pfn * GOLDEN) >> 56 & (FRAME_STORE_BUCKETS - 1)];

	while (*pp && (*pp)->pfn != pfn)
		pp = &(*pp)->next;
	return pp;
}

static struct frame_buf *frame_buf_alloc(struct hm_system *sys)
{
	struct frame_buf *fb = hm_kzalloc(&sys->alloc, sizeof(*fb));

	if (fb && !(fb->data = hm_kmalloc(&sys->alloc, PAGE_SIZE))) {
		hm_kfree(&sys->alloc, fb);
		fb = NULL;
	}
	return fb;
}

static void frame_buf_free(struct hm_system *sys, struct frame_buf *fb)
{
	if (!fb)
		return;
	hm_kfree(&sys->alloc, fb->data);
	hm_kfree(&sys->alloc, fb);
}

/* The stored buffer of a frame whose word is PAGE_CONTENT_STORED. */
static const uint8_t *frame_stored(struct hm_system *sys, unsigned long pfn)
{
	struct frame_buf *fb = *store_slot(&sys->workload, pfn);

	return fb ? fb->data : NULL;
}

static void frame_store_insert(struct hm_system *sys, struct frame_buf *fb, unsigned long pfn)
{
	struct frame_buf **pp = store_slot(&sys->workload, pfn);

	fb->pfn = pfn;
	fb->next = NULL;
	*pp = fb;
	sys->workload.nr_stored++;
}

void page_contents_release(struct hm_system *sys, struct page *page)
{
	struct frame_buf **pp, *fb;

	if (page->private != PAGE_CONTENT_STORED)
		return;
	pp = store_slot(&sys->workload, page_to_pfn(sys, page));
	fb = *pp;
	if (!fb)
		return;
	*pp = fb->next;
	sys->workload.nr_stored--;
	frame_buf_free(sys, fb);
}

/* Makes a frame's bytes a stored buffer (for a write): 0 or -ENOMEM. */
static int frame_make_stored(struct hm_system *sys, struct page *page, uint8_t **data)
{
	unsigned long pfn = page_to_pfn(sys, page);
	struct frame_buf *fb;

	if (page->private == PAGE_CONTENT_STORED) {
		fb = *store_slot(&sys->workload, pfn);
		*data = fb->data;
		return 0;
	}
	fb = frame_buf_alloc(sys);
	if (!fb)
		return -ENOMEM;
	workload_fill_word(fb->data, page->private);
	frame_store_insert(sys, fb, pfn);
	page->private = PAGE_CONTENT_STORED;
	*data = fb->data;
	return 0;
}

int copy_highpage_prepare(struct hm_system *sys, const struct page *src, struct frame_buf **fb)
{
	*fb = NULL;
	if (src->private != PAGE_CONTENT_STORED)
		return 0;
	*fb = frame_buf_alloc(sys);
	return *fb ? 0 : -ENOMEM;
}

void copy_highpage(struct hm_system *sys, struct page *dst, const struct page *src,
		   struct frame_buf *fb)
{
	dst->private = src->private;
	if (fb) {
		memcpy(fb->data, frame_stored(sys, page_to_pfn(sys, src)), PAGE_SIZE);
		frame_store_insert(sys, fb, page_to_pfn(sys, dst));
	}
}

void copy_highpage_abort(struct hm_system *sys, struct frame_buf *fb)
{
	frame_buf_free(sys, fb);
}

/* ---------------------------------------------------------- allocations */

static void walloc_free(struct hm_system *sys, struct hm_walloc *wa)
{
	hm_kfree(&sys->alloc, wa->written);
	hm_kfree(&sys->alloc, wa->pfns);
	hm_kfree(&sys->alloc, wa->name);
	hm_kfree(&sys->alloc, wa);
}

void workload_destroy(struct hm_system *sys)
{
	struct hm_walloc *wa, *next;
	struct frame_buf *fb, *fnext;
	unsigned int b;

	/* teardown: the struct pages go with the memmap, only host memory is freed */
	for (wa = sys->workload.allocs; wa; wa = next) {
		next = wa->next;
		walloc_free(sys, wa);
	}
	sys->workload.allocs = NULL;
	for (b = 0; b < FRAME_STORE_BUCKETS; b++) {
		for (fb = sys->workload.store[b]; fb; fb = fnext) {
			fnext = fb->next;
			frame_buf_free(sys, fb);
		}
		sys->workload.store[b] = NULL;
	}
	kernel_allocs_destroy(sys);
	unregister_memory_notifier(sys, &sys->workload.kernel_nb);
	pthread_mutex_destroy(&sys->workload.lock);
}

struct hm_walloc *workload_find(struct hm_system *sys, const char *name)
{
	struct hm_walloc *wa;

	for (wa = sys->workload.allocs; wa; wa = wa->next)
		if (wa->name && !strcmp(wa->name, name))
			return wa;
	return NULL;
}

/* The node a process runs on when it names none: the first node with a CPU. */
static int local_node(struct hm_system *sys)
{
	int nid;

	for_each_node_mask(nid, sys->node_states[N_CPU])
		if (NODE_DATA(sys, nid))
			return nid;
	return 0;
}

/* Free pages the zonelist of an allocation can reach (nothing isolated). */
static unsigned long zonelist_free_pages(struct hm_system *sys, gfp_t gfp)
{
	int highest = (gfp & __GFP_HIGHMEM) ? ZONE_MOVABLE : ZONE_NORMAL;
	struct pglist_data *pgdat;
	unsigned long free = 0;
	int nid, zid;

	for_each_online_pgdat(sys, pgdat, nid)
		for (zid = ZONE_DMA; zid <= highest; zid++)
			free += pgdat->node_zones[zid].nr_free_pages;
	return free;
}

/* Gives an allocation's first nr pages back to the buddy. */
static void walloc_put_pages(struct hm_system *sys, struct hm_walloc *wa, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		struct page *page = pfn_to_page(sys, wa->pfns[i]);

		page->flags &= ~(1ULL << PG_lru);
		page_contents_release(sys, page);
		__free_pages(sys, page, 0);
	}
}

int workload_alloc(struct hm_system *sys, const char *name, bool movable,
		   unsigned long nr_pages, int nid)
{
	gfp_t gfp = movable ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL;
	struct hm_workload *w = &sys->workload;
	struct hm_walloc *wa;
	unsigned long i;
	int ret;

	if (!nr_pages)
		return -EINVAL;
	if (nid == NUMA_NO_NODE)
		nid = local_node(sys);
	if (nid < 0 || nid >= MAX_NUMNODES || !NODE_DATA(sys, nid) || !node_online(sys, nid))
		return -EINVAL;

	workload_lock(sys);
	if (name && workload_find(sys, name)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	if (nr_pages > w->max_pages - w->nr_pages) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	ret = -ENOMEM;
	wa = hm_kzalloc(&sys->alloc, sizeof(*wa));
	if (!wa)
		goto out_unlock;
	wa->movable = movable;
	wa->nid = nid;
	wa->nr_pages = nr_pages;
	wa->seed = w->next_seed;
	if (name) {
		wa->name = hm_kstrdup(&sys->alloc, name);
		if (!wa->name)
			goto out_free;
	}
	wa->pfns = hm_kcalloc(&sys->alloc, nr_pages, sizeof(*wa->pfns));
	if (!wa->pfns)
		goto out_free;
	/* with this many free pages in reach, no order-0 allocation can fail */
	if (zonelist_free_pages(sys, gfp) < nr_pages)
		goto out_free;
	for (i = 0; i < nr_pages; i++) {
		struct page *page = __alloc_pages(sys, gfp, 0, nid, NULL);

		if (!page) {	/* memory went elsewhere meanwhile */
			walloc_put_pages(sys, wa, i);
			goto out_free;
		}
		if (movable)
			page->flags |= 1ULL << PG_lru;
		page->mapping = wa;
		page->index = i;
		wa->pfns[i] = page_to_pfn(sys, page);
		page->private = content_word(wa->seed, i);	/* the page is filled */
	}
	w->next_seed++;
	w->nr_pages += nr_pages;
	wa->next = w->allocs;
	w->allocs = wa;
	workload_unlock(sys);
	return 0;

out_free:
	walloc_free(sys, wa);
out_unlock:
	workload_unlock(sys);
	return ret;
}

int workload_free(struct hm_system *sys, const char *name)
{
	struct hm_walloc **pp, *wa;

	workload_lock(sys);
	for (pp = &sys->workload.allocs; (wa = *pp); pp = &wa->next)
		if (wa->name && !strcmp(wa->name, name))
			break;
	if (!wa) {
		workload_unlock(sys);
		return -ENOENT;
	}
	*pp = wa->next;
	walloc_put_pages(sys, wa, wa->nr_pages);
	sys->workload.nr_pages -= wa->nr_pages;
	walloc_free(sys, wa);
	workload_unlock(sys);
	return 0;
}

/* Is page i of wa where wa says, in use by it?  Reads only online pages. */
static bool walloc_page_owned(struct hm_system *sys, struct hm_walloc *wa, unsigned long i)
{
	struct page *page = pfn_to_online_page(sys, wa->pfns[i]);
	uint64_t flags;

	if (!page)
		return false;
	flags = page_flags(sys, page);
	if (flags & ((1ULL << PG_buddy) | (1ULL << PG_slab) | (1ULL << PG_reserved)))
		return false;
	if (!!(flags & (1ULL << PG_lru)) != wa->movable)
		return false;
	return page->refcount == 1 && page->mapping == wa && page->index == i;
}

static struct walloc_written *walloc_find_written(struct hm_walloc *wa, unsigned long i)
{
	unsigned long k;

	for (k = 0; k < wa->nr_written; k++)
		if (wa->written[k].index == i)
			return &wa->written[k];
	return NULL;
}

/*
 * Does the frame of page i hold every byte it must?  The expectation is the
 * pattern of content_word(seed, i), or a written page's hash; the frame holds
 * a pattern word or stored bytes.  Two words are equal iff their PAGE_SIZE
 * bytes are (the bytes are a function of the word); stored bytes are
 * compared byte by byte with the pattern, or hashed.
 */
static bool walloc_page_intact(struct hm_system *sys, struct hm_walloc *wa, unsigned long i)
{
	struct page *page = pfn_to_page(sys, wa->pfns[i]);
	const struct walloc_written *wr = walloc_find_written(wa, i);
	uint32_t want = content_word(wa->seed, i);
	const uint8_t *bytes = NULL;
	uint8_t buf[PAGE_SIZE];

	if (page->private == PAGE_CONTENT_STORED) {
		bytes = frame_stored(sys, wa->pfns[i]);
		if (!bytes)
			return false;
	}
	if (!wr && !bytes)
		return page->private == want;
	if (!bytes) {
		workload_fill_word(buf, page->private);
		bytes = buf;
	}
	if (wr)
		return page_hash(bytes) == wr->hash;
	workload_fill_word(buf, want);
	return !memcmp(bytes, buf, PAGE_SIZE);
}

static int walloc_check(struct hm_system *sys, struct hm_walloc *wa)
{
	unsigned long i;

	for (i = 0; i < wa->nr_pages; i++)
		if (!walloc_page_owned(sys, wa, i) || !walloc_page_intact(sys, wa, i))
			return -EIO;
	return 0;
}

/* The allocation NAME and a byte range inside its page index: 0, -ENOENT, -EINVAL. */
static int walloc_page_range(struct hm_system *sys, const char *name, unsigned long index,
			     unsigned int off, size_t len, struct hm_walloc **wap)
{
	struct hm_walloc *wa = workload_find(sys, name);

	if (!wa)
		return -ENOENT;
	if (index >= wa->nr_pages || off > PAGE_SIZE || len > PAGE_SIZE - off)
		return -EINVAL;
	*wap = wa;
	return 0;
}

int workload_write(struct hm_system *sys, const char *name, unsigned long index,
		   unsigned int off, const void *buf, size_t len)
{
	struct walloc_written *wr, *grown;
	struct hm_walloc *wa;
	uint8_t *data;
	int ret = -ENOENT;

	workload_lock(sys);
	ret = walloc_page_range(sys, name, index, off, len, &wa);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (!walloc_page_owned(sys, wa, index))
		goto out;
	ret = -ENOMEM;
	wr = walloc_find_written(wa, index);
	if (!wr) {
		grown = hm_kmalloc(&sys->alloc, (wa->nr_written + 1) * sizeof(*grown));
		if (!grown)
			goto out;
		if (wa->nr_written)
			memcpy(grown, wa->written, wa->nr_written * sizeof(*grown));
		if (frame_make_stored(sys, pfn_to_page(sys, wa->pfns[index]), &data)) {
			hm_kfree(&sys->alloc, grown);
			goto out;
		}
		hm_kfree(&sys->alloc, wa->written);
		wa->written = grown;
		wr = &wa->written[wa->nr_written++];
		wr->index = index;
	} else if (frame_make_stored(sys, pfn_to_page(sys, wa->pfns[index]), &data)) {
		goto out;
	}
	memcpy(data + off, buf, len);
	wr->hash = page_hash(data);
	ret = 0;
out:
	workload_unlock(sys);
	return ret;
}

int workload_read(struct hm_system *sys, const char *name, unsigned long index,
		  unsigned int off, void *buf, size_t len)
{
	struct hm_walloc *wa;
	struct page *page;
	uint8_t tmp[PAGE_SIZE];
	const uint8_t *bytes;
	int ret = -ENOENT;

	workload_lock(sys);
	ret = walloc_page_range(sys, name, index, off, len, &wa);
	if (ret)
		goto out;
	page = pfn_to_page(sys, wa->pfns[index]);
	if (page->private == PAGE_CONTENT_STORED) {
		bytes = frame_stored(sys, wa->pfns[index]);
		if (!bytes)
			goto out;
	} else {
		workload_fill_word(tmp, page->private);
		bytes = tmp;
	}
	memcpy(buf, bytes + off, len);
	ret = 0;
out:
	workload_unlock(sys);
	return ret;
}

int physmem_write(struct hm_system *sys, unsigned long pfn, unsigned int off,
		  const void *buf, size_t len)
{
	struct page *page = pfn_to_online_page(sys, pfn);
	struct hm_walloc *wa;
	uint8_t *data;
	int ret = -EINVAL;

	workload_lock(sys);
	if (!page || off > PAGE_SIZE || len > PAGE_SIZE - off)
		goto out;
	/* only frames in use by a workload have contents here */
	for (wa = sys->workload.allocs; wa; wa = wa->next)
		if (page->mapping == wa && page->index < wa->nr_pages &&
		    wa->pfns[page->index] == pfn)
			break;
	if (!wa)
		goto out;
	ret = frame_make_stored(sys, page, &data);
	if (!ret)
		memcpy(data + off, buf, len);
out:
	workload_unlock(sys);
	return ret;
}

int workload_check(struct hm_system *sys, const char *name)
{
	struct hm_walloc *wa;
	int ret;

	workload_lock(sys);
	wa = workload_find(sys, name);
	ret = wa ? walloc_check(sys, wa) : -ENOENT;
	workload_unlock(sys);
	return ret;
}

int workload_check_all(struct hm_system *sys)
{
	struct hm_walloc *wa;
	int ret = 0;

	workload_lock(sys);
	for (wa = sys->workload.allocs; wa && !ret; wa = wa->next)
		ret = walloc_check(sys, wa);
	workload_unlock(sys);
	return ret;
}

/* -------------------------------------------------- kernel allocations */

/* The pages taken when one range went online, given back when it goes offline. */
struct kernel_online_alloc {
	struct kernel_online_alloc *next;	/* in its hash bucket */
	unsigned long start_pfn, nr_pages;	/* the range onlined */
	unsigned long nr;			/* pages taken */
	unsigned long pfns[];
};

/*
 * The allocations are hashed by the section of the range's first pfn, so
 * that an offline finds those of its range in time that follows the
 * range's sections, not the number of ranges online (a list made a cycle of a
 * 32 TiB machine's 256K blocks quadratic).  Onlined ranges never overlap.
 */
static unsigned long ka_bucket(const struct hm_workload *w, unsigned long section_nr)
{
	return (unsigned long)((section_nr * GOLDEN) >> 32) & (w->ka_size - 1);
}

/* Doubles the table when it holds more entries than buckets; a failed growth keeps it. */
static void ka_grow(struct hm_system *sys)
{
	struct hm_workload *w = &sys->workload;
	unsigned long size = w->ka_size ? w->ka_size * 2 : 64, old = w->ka_size, i;
	struct kernel_online_alloc **table, *ka, *next;

	if (w->ka_size && w->nr_kernel_allocs <= w->ka_size)
		return;
	table = hm_kcalloc(&sys->alloc, size, sizeof(*table));
	if (!table)
		return;
	w->ka_size = size;
	for (i = 0; i < old; i++) {
		for (ka = w->ka_table[i]; ka; ka = next) {
			unsigned long b = ka_bucket(w, pfn_to_section_nr(ka->start_pfn));

			next = ka->next;
			ka->next = table[b];
			table[b] = ka;
		}
	}
	hm_kfree(&sys->alloc, w->ka_table);
	w->ka_table = table;
}

/*
 * Takes kernel_pages_per_online unmovable pages from the zonelist of nid for
 * the range [start_pfn, start_pfn + nr_pages), given back when that range
 * goes offline as a whole.
 */
static void kernel_alloc_range(struct hm_system *sys, unsigned long start_pfn,
			       unsigned long nr_pages, int nid)
{
	unsigned long want = sys->workload.kernel_pages_per_online;
	struct hm_workload *w = &sys->workload;
	struct kernel_online_alloc *ka;
	unsigned long b, i;

	if (!want)
		return;
	/* a failure here is a kernel allocation failing: the online goes on without it */
	ka = hm_kmalloc(&sys->alloc, sizeof(*ka) + want * sizeof(ka->pfns[0]));
	if (!ka)
		return;
	ka->start_pfn = start_pfn;
	ka->nr_pages = nr_pages;
	ka->nr = 0;
	workload_lock(sys);
	ka_grow(sys);
	if (!w->ka_size) {	/* no table: the allocation fails as a whole */
		workload_unlock(sys);
		hm_kfree(&sys->alloc, ka);
		return;
	}
	while (ka->nr < want) {
		struct page *page = __alloc_pages(sys, GFP_KERNEL, 0, nid, NULL);

		if (!page)
			break;
		page->flags |= 1ULL << PG_slab;
		ka->pfns[ka->nr++] = page_to_pfn(sys, page);
	}
	/* a section these pages filled (with memmap blocks, say) is uniform again */
	for (i = 0; i < ka->nr; i++)
		if (i + 1 == ka->nr ||
		    pfn_to_section_nr(ka->pfns[i]) != pfn_to_section_nr(ka->pfns[i + 1]))
			memmap_try_fold(sys, __pfn_to_section(sys, ka->pfns[i]));
	w->kernel_pages += ka->nr;
	b = ka_bucket(w, pfn_to_section_nr(ka->start_pfn));
	ka->next = w->ka_table[b];
	w->ka_table[b] = ka;
	w->nr_kernel_allocs++;
	workload_unlock(sys);
}

static void kernel_alloc_online(struct hm_system *sys, const struct memory_notify *arg)
{
	int nid = page_to_nid(sys, pfn_page_peek(sys, arg->start_pfn));

	/* CPUs allocate: a CPU-less node's memory is onlined by another node's CPU */
	if (!node_state(sys, nid, N_CPU))
		nid = local_node(sys);
	kernel_alloc_range(sys, arg->start_pfn, arg->nr_pages, nid);
}

/*
 * The same per-node allocations at boot, once the buddy allocator has the
 * boot memory (memblock_free_all): for each node with memory, its kswapd and
 * kcompactd (kswapd_init, kcompactd_init: kthread_create_on_node, their
 * stacks vmalloc'd on the node), its slab structures (kmem_cache_node,
 * kmalloc_node) and the pagesets of its zones.  They come from the node's
 * zonelist as the first unmovable allocations: the buddy's first fallback
 * steals the lowest whole free pageblock of the node's highest zone, since
 * memblock_free_all gave every page to the tail of the free lists
 * (__free_pages_core, FPI_TO_TAIL).  They are made for the whole node and
 * given back only if all of its memory goes offline at once.
 */
void workload_boot_kernel_allocs(struct hm_system *sys)
{
	struct pglist_data *pgdat;
	int nid;

	for_each_online_pgdat(sys, pgdat, nid)
		if (node_state(sys, nid, N_MEMORY) && pgdat->node_spanned_pages)
			kernel_alloc_range(sys, pgdat->node_start_pfn, pgdat->node_spanned_pages,
					   nid);
}

/* Gives back the pages of every allocation in bucket b for a range inside [start, end). */
static void kernel_alloc_offline_bucket(struct hm_system *sys, unsigned long b,
					unsigned long start, unsigned long end)
{
	struct hm_workload *w = &sys->workload;
	struct kernel_online_alloc **pp, *ka;
	unsigned long i;

	for (pp = &w->ka_table[b]; (ka = *pp);) {
		if (ka->start_pfn < start || ka->start_pfn + ka->nr_pages > end) {
			pp = &ka->next;
			continue;
		}
		for (i = 0; i < ka->nr; i++) {
			struct page *page = pfn_to_page(sys, ka->pfns[i]);

			page->flags &= ~(1ULL << PG_slab);
			__free_pages(sys, page, 0);
		}
		w->kernel_pages -= ka->nr;
		w->nr_kernel_allocs--;
		*pp = ka->next;
		hm_kfree(&sys->alloc, ka);
	}
}

static void kernel_alloc_offline(struct hm_system *sys, const struct memory_notify *arg)
{
	const unsigned long start = arg->start_pfn, end = start + arg->nr_pages;
	struct hm_workload *w = &sys->workload;
	unsigned long nr, last;

	if (!arg->nr_pages)
		return;
	workload_lock(sys);
	last = pfn_to_section_nr(end - 1);
	for (nr = pfn_to_section_nr(start); w->ka_size && nr <= last; nr++)
		kernel_alloc_offline_bucket(sys, ka_bucket(w, nr), start, end);
	workload_unlock(sys);
}

/*
 * The kernel's own allocations for memory that goes online, as a memory
 * notifier (slab_memory_callback's place in the chain, SLAB_CALLBACK_PRI).
 * At MEM_ONLINE, once the range is in the buddy, it takes
 * kernel_pages_per_online unmovable pages along the zonelist of the
 * range's node (or of the first node with a CPU): the per-cpu pagesets of
 * the zone, slab for the node, the stacks of kswapd and kcompactd.  At
 * MEM_OFFLINE of that range it gives them back, as zone_pcp_reset,
 * kswapd_stop and kcompactd_stop give theirs back when the memory they
 * were made for goes.  MEM_CANCEL_ONLINE finds nothing to give back: the
 * pages are taken only at MEM_ONLINE.  So a machine that adds, onlines,
 * offlines and removes memory for ever holds the same pages after each
 * cycle.
 */
static int kernel_alloc_memory_callback(struct hm_system *sys, void *data,
					unsigned long action, struct memory_notify *arg)
{
	if (action == MEM_ONLINE)
		kernel_alloc_online(sys, arg);
	else if (action == MEM_OFFLINE)
		kernel_alloc_offline(sys, arg);
	return NOTIFY_OK;
}

static void kernel_allocs_destroy(struct hm_system *sys)
{
	struct hm_workload *w = &sys->workload;
	struct kernel_online_alloc *ka, *next;
	unsigned long i;

	/* teardown: the pages go with the memmap, only the bookkeeping is freed */
	for (i = 0; i < w->ka_size; i++) {
		for (ka = w->ka_table[i]; ka; ka = next) {
			next = ka->next;
			hm_kfree(&sys->alloc, ka);
		}
	}
	hm_kfree(&sys->alloc, w->ka_table);
	w->ka_table = NULL;
	w->ka_size = 0;
	w->nr_kernel_allocs = 0;
}

/* ------------------------------------------------------------ verifier */

unsigned long workload_verify(struct hm_system *sys, struct hm_report *r)
{
	unsigned long total = 0, stored = 0, i;
	struct hm_walloc *wa;
	char obj[64];

	workload_lock(sys);
	for (wa = sys->workload.allocs; wa; wa = wa->next) {
		snprintf(obj, sizeof(obj), "allocation %s", wa->name ? wa->name : "(anonymous)");
		for (i = 0; i < wa->nr_pages; i++) {
			struct page *page;

			if (!walloc_page_owned(sys, wa, i)) {
				hm_report_add(r, obj, "page %lu at pfn %#lx is not in use by it",
					      i, wa->pfns[i]);
				continue;
			}
			page = pfn_to_page(sys, wa->pfns[i]);
			if (page->private == PAGE_CONTENT_STORED) {
				stored++;
				if (!frame_stored(sys, wa->pfns[i]))
					hm_report_add(r, obj, "page %lu: stored contents missing", i);
			}
			if (!wa->movable && page_zonenum(sys, page) == ZONE_MOVABLE)
				hm_report_add(r, obj, "unmovable page %lu in ZONE_MOVABLE", i);
		}
		total += wa->nr_pages;
	}
	if (stored != sys->workload.nr_stored)
		hm_report_add(r, "workload", "%lu frames stored, %lu in use by allocations",
			      sys->workload.nr_stored, stored);
	if (total != sys->workload.nr_pages)
		hm_report_add(r, "workload", "%lu pages in allocations, %lu counted", total,
			      sys->workload.nr_pages);
	workload_unlock(sys);
	return total;
}
