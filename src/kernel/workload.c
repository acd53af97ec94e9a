// SPDX-License-Identifier: GPL-2.0
/*
 * workload.c - simulated processes with real page contents, and the
 * kernel's own background allocations (see workload.h for the model).
 *
 * An allocation takes its bookkeeping and all its contents buffers first
 * (the fault-injectable part) and checks that the allowed zones have
 * enough free pages; only then does it take pages, which cannot fail any
 * more.  So a failed allocation never touched the free lists.
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
	w->max_pages = WORKLOAD_DEFAULT_MAX_PAGES;
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

void workload_fill_page(uint8_t *buf, uint64_t seed, unsigned long index)
{
	uint64_t base = pattern_base(seed, index);
	unsigned long w;

	for (w = 0; w < PAGE_SIZE / 8; w++) {
		uint64_t v = pattern_word(base, w);

		memcpy(buf + w * 8, &v, 8);
	}
}

bool workload_page_intact(const uint8_t *buf, uint64_t seed, unsigned long index)
{
	uint64_t base = pattern_base(seed, index), diff = 0;
	unsigned long w;

	for (w = 0; w < PAGE_SIZE / 8; w++) {
		uint64_t v;

		memcpy(&v, buf + w * 8, 8);
		diff |= v ^ pattern_word(base, w);
	}
	return !diff;
}

uint8_t workload_pattern_byte(uint64_t seed, unsigned long index, unsigned int off)
{
	uint64_t v = pattern_word(pattern_base(seed, index), off / 8);
	uint8_t bytes[8];

	memcpy(bytes, &v, 8);
	return bytes[off % 8];
}

/* ---------------------------------------------------------- allocations */

static void walloc_free(struct hm_system *sys, struct hm_walloc *wa)
{
	unsigned long i;

	if (wa->data)
		for (i = 0; i < wa->nr_pages; i++)
			hm_kfree(&sys->alloc, wa->data[i]);
	hm_kfree(&sys->alloc, wa->data);
	hm_kfree(&sys->alloc, wa->pfns);
	hm_kfree(&sys->alloc, wa->name);
	hm_kfree(&sys->alloc, wa);
}

void workload_destroy(struct hm_system *sys)
{
	struct hm_walloc *wa, *next;

	/* teardown: the struct pages go with the memmap, only host memory is freed */
	for (wa = sys->workload.allocs; wa; wa = next) {
		next = wa->next;
		walloc_free(sys, wa);
	}
	sys->workload.allocs = NULL;
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
	wa->data = hm_kcalloc(&sys->alloc, nr_pages, sizeof(*wa->data));
	if (!wa->pfns || !wa->data)
		goto out_free;
	for (i = 0; i < nr_pages; i++) {
		wa->data[i] = hm_kmalloc(&sys->alloc, PAGE_SIZE);
		if (!wa->data[i])
			goto out_free;
	}
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
		workload_fill_page(wa->data[i], wa->seed, i);
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
	return page->refcount == 1 && page->mapping == wa && page->index == i && wa->data[i];
}

static int walloc_check(struct hm_system *sys, struct hm_walloc *wa)
{
	unsigned long i;

	for (i = 0; i < wa->nr_pages; i++)
		if (!walloc_page_owned(sys, wa, i) ||
		    !workload_page_intact(wa->data[i], wa->seed, i))
			return -EIO;
	return 0;
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
	struct kernel_online_alloc *next;
	unsigned long start_pfn, nr_pages;	/* the range onlined */
	unsigned long nr;			/* pages taken */
	unsigned long pfns[];
};

static void kernel_alloc_online(struct hm_system *sys, const struct memory_notify *arg)
{
	unsigned long want = sys->workload.kernel_pages_per_online;
	struct kernel_online_alloc *ka;
	int nid = page_to_nid(sys, pfn_to_page(sys, arg->start_pfn));

	if (!want)
		return;
	/* a failure here is a kernel allocation failing: the online goes on without it */
	ka = hm_kmalloc(&sys->alloc, sizeof(*ka) + want * sizeof(ka->pfns[0]));
	if (!ka)
		return;
	ka->start_pfn = arg->start_pfn;
	ka->nr_pages = arg->nr_pages;
	ka->nr = 0;
	/* CPUs allocate: a CPU-less node's memory is onlined by another node's CPU */
	if (!node_state(sys, nid, N_CPU))
		nid = local_node(sys);
	workload_lock(sys);
	while (ka->nr < want) {
		struct page *page = __alloc_pages(sys, GFP_KERNEL, 0, nid, NULL);

		if (!page)
			break;
		page->flags |= 1ULL << PG_slab;
		ka->pfns[ka->nr++] = page_to_pfn(sys, page);
	}
	sys->workload.kernel_pages += ka->nr;
	ka->next = sys->workload.kernel_allocs;
	sys->workload.kernel_allocs = ka;
	workload_unlock(sys);
}

static void kernel_alloc_offline(struct hm_system *sys, const struct memory_notify *arg)
{
	struct kernel_online_alloc **pp, *ka;
	unsigned long i;

	workload_lock(sys);
	for (pp = &sys->workload.kernel_allocs; (ka = *pp);) {
		if (ka->start_pfn < arg->start_pfn ||
		    ka->start_pfn + ka->nr_pages > arg->start_pfn + arg->nr_pages) {
			pp = &ka->next;
			continue;
		}
		for (i = 0; i < ka->nr; i++) {
			struct page *page = pfn_to_page(sys, ka->pfns[i]);

			page->flags &= ~(1ULL << PG_slab);
			__free_pages(sys, page, 0);
		}
		sys->workload.kernel_pages -= ka->nr;
		*pp = ka->next;
		hm_kfree(&sys->alloc, ka);
	}
	workload_unlock(sys);
}

struct page *kernel_alloc_pages_node(struct hm_system *sys, int nid, unsigned int order)
{
	struct page *page;
	unsigned long i;

	workload_lock(sys);
	page = __alloc_pages(sys, GFP_KERNEL, order, nid, NULL);
	if (page) {
		for (i = 0; i < (1UL << order); i++) {
			page[i].flags |= 1ULL << PG_slab;
			page[i].refcount = 1;
		}
		sys->workload.kernel_pages += 1UL << order;
	}
	workload_unlock(sys);
	return page;
}

void kernel_free_pages(struct hm_system *sys, struct page *page, unsigned int order)
{
	unsigned long i;

	workload_lock(sys);
	for (i = 0; i < (1UL << order); i++) {
		page[i].flags &= ~(1ULL << PG_slab);
		page[i].refcount = i ? 0 : 1;
	}
	__free_pages(sys, page, order);
	sys->workload.kernel_pages -= 1UL << order;
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
	struct kernel_online_alloc *ka, *next;

	/* teardown: the pages go with the memmap, only the bookkeeping is freed */
	for (ka = sys->workload.kernel_allocs; ka; ka = next) {
		next = ka->next;
		hm_kfree(&sys->alloc, ka);
	}
	sys->workload.kernel_allocs = NULL;
}

/* ------------------------------------------------------------ verifier */

unsigned long workload_verify(struct hm_system *sys, struct hm_report *r)
{
	unsigned long total = 0, i;
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
			if (!wa->movable && page_zonenum(sys, page) == ZONE_MOVABLE)
				hm_report_add(r, obj, "unmovable page %lu in ZONE_MOVABLE", i);
		}
		total += wa->nr_pages;
	}
	if (total != sys->workload.nr_pages)
		hm_report_add(r, "workload", "%lu pages in allocations, %lu counted", total,
			      sys->workload.nr_pages);
	workload_unlock(sys);
	return total;
}
