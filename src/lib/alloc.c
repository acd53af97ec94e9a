// SPDX-License-Identifier: GPL-2.0
/*
 * alloc.c - counted, fault-injectable allocation of kernel-model metadata.
 *
 * Every block carries a small header with its size so that the live byte
 * count is exact.  Injection fails the fail_at-th call (and, with
 * fail_repeat, every later one) by returning NULL without allocating.
 * The header also names the allocator, for jansson's free hook (alloc.h).
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "hotmem/alloc.h"

struct alloc_hdr {
	size_t size;
	struct hm_alloc *owner;	/* NULL: a jansson block from libc; also keeps 16-byte alignment */
};

void hm_alloc_init(struct hm_alloc *a)
{
	memset(a, 0, sizeof(*a));
}

/* One allocation call: counts it and says whether injection fails it. */
/*
 * The counters are updated atomically: the page-table model allocates and
 * frees its tables from concurrent walkers (vmalloc) outside the system's
 * locks.  Injection itself is meant for one thread at a time.
 */
static bool alloc_should_fail(struct hm_alloc *a)
{
	unsigned long n;

	if (a->no_inject)
		return false;
	n = __atomic_add_fetch(&a->nr_calls, 1, __ATOMIC_RELAXED);
	if (a->fail_at && (n == a->fail_at || (a->fail_repeat && n > a->fail_at))) {
		__atomic_add_fetch(&a->nr_failed, 1, __ATOMIC_RELAXED);
		return true;
	}
	return false;
}

static void alloc_account(struct hm_alloc *a, size_t size, int sign)
{
	if (sign > 0) {
		size_t live = __atomic_add_fetch(&a->bytes_live, size, __ATOMIC_RELAXED);
		size_t peak = __atomic_load_n(&a->bytes_peak, __ATOMIC_RELAXED);

		__atomic_add_fetch(&a->nr_live, 1, __ATOMIC_RELAXED);
		while (live > peak && !__atomic_compare_exchange_n(&a->bytes_peak, &peak, live,
								   true, __ATOMIC_RELAXED,
								   __ATOMIC_RELAXED))
			;
	} else {
		__atomic_sub_fetch(&a->nr_live, 1, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&a->bytes_live, size, __ATOMIC_RELAXED);
	}
}

void *hm_kmalloc(struct hm_alloc *a, size_t size)
{
	struct alloc_hdr *h;

	if (alloc_should_fail(a))
		goto fail;
	h = malloc(sizeof(*h) + size);
	if (!h)
		goto fail;
	h->size = size;
	h->owner = a;
	alloc_account(a, size, 1);
	return h + 1;
fail:
	__atomic_add_fetch(&a->nr_null, 1, __ATOMIC_RELAXED);
	return NULL;
}

void *hm_kzalloc(struct hm_alloc *a, size_t size)
{
	void *p = hm_kmalloc(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *hm_kcalloc(struct hm_alloc *a, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size) {
		__atomic_add_fetch(&a->nr_null, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	return hm_kzalloc(a, n * size);
}

char *hm_kstrdup(struct hm_alloc *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = hm_kmalloc(a, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

void *hm_krealloc(struct hm_alloc *a, void *p, size_t size)
{
	struct alloc_hdr *old, *h;
	size_t old_size;

	if (!p)
		return hm_kmalloc(a, size);
	if (alloc_should_fail(a))
		goto fail;
	old = (struct alloc_hdr *)p - 1;
	old_size = old->size;
	h = realloc(old, sizeof(*h) + size);
	if (!h)
		goto fail;
	h->size = size;
	alloc_account(a, old_size, -1);
	alloc_account(a, size, 1);
	return h + 1;
fail:
	__atomic_add_fetch(&a->nr_null, 1, __ATOMIC_RELAXED);
	return NULL;
}

void hm_kfree(struct hm_alloc *a, void *p)
{
	struct alloc_hdr *h;

	if (!p)
		return;
	h = (struct alloc_hdr *)p - 1;
	alloc_account(a, h->size, -1);
	free(h);
}

void *hm_vzalloc(struct hm_alloc *a, size_t size)
{
	void *p;

	if (alloc_should_fail(a))
		goto fail;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		goto fail;
	alloc_account(a, size, 1);
	return p;
fail:
	__atomic_add_fetch(&a->nr_null, 1, __ATOMIC_RELAXED);
	return NULL;
}

void *hm_vzalloc_nofail(struct hm_alloc *a, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	alloc_account(a, size, 1);
	return p;
}

void hm_vpark(struct hm_alloc *a, size_t size, bool parked)
{
	alloc_account(a, size, parked ? -1 : 1);
}

int hm_alloc_charge(struct hm_alloc *a)
{
	return alloc_should_fail(a) ? -ENOMEM : 0;
}

void hm_vfree(struct hm_alloc *a, void *p, size_t size)
{
	if (!p)
		return;
	munmap(p, size);
	alloc_account(a, size, -1);
}

/* ------------------------------------------------------------ jansson */

/* The innermost scope of this thread (alloc.h); NULL: libc. */
static _Thread_local struct hm_alloc *json_scope;

struct hm_alloc *hm_json_scope_enter(struct hm_alloc *a)
{
	struct hm_alloc *prev = json_scope;

	json_scope = a;
	return prev;
}

void hm_json_scope_leave(struct hm_alloc *prev)
{
	json_scope = prev;
}

static void *json_hook_malloc(size_t size)
{
	struct alloc_hdr *h;

	if (json_scope)
		return hm_kmalloc(json_scope, size);
	h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->owner = NULL;
	return h + 1;
}

void hm_json_free(void *p)
{
	struct alloc_hdr *h;

	if (!p)
		return;
	h = (struct alloc_hdr *)p - 1;
	if (h->owner)
		hm_kfree(h->owner, p);
	else
		free(h);
}

json_t *hm_json_loads(struct hm_alloc *a, const char *text, size_t flags, json_error_t *err)
{
	struct hm_alloc *prev;
	json_t *j;

	if (a && alloc_should_fail(a)) {
		__atomic_add_fetch(&a->nr_null, 1, __ATOMIC_RELAXED);
		if (err)
			snprintf(err->text, sizeof(err->text), "out of memory");
		return NULL;
	}
	prev = hm_json_scope_enter(a);
	if (a)
		a->no_inject++;
	j = json_loads(text, flags, err);
	if (a)
		a->no_inject--;
	hm_json_scope_leave(prev);
	return j;
}

/*
 * Before main and before any JSON exists: jansson requires the hooks to be
 * set before its first allocation, since its free must match its malloc.
 */
__attribute__((constructor)) static void json_hooks_install(void)
{
	json_set_alloc_funcs(json_hook_malloc, hm_json_free);
}
