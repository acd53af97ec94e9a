// SPDX-License-Identifier: GPL-2.0
/*
 * alloc.c - counted, fault-injectable allocation of kernel-model metadata.
 *
 * Every block carries a small header with its size so that the live byte
 * count is exact.  Injection fails the fail_at-th call (and, with
 * fail_repeat, every later one) by returning NULL without allocating.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "hotmem/alloc.h"

struct alloc_hdr {
	size_t size;
	size_t pad;	/* keeps the payload 16-byte aligned */
};

void hm_alloc_init(struct hm_alloc *a)
{
	memset(a, 0, sizeof(*a));
}

/* One allocation call: counts it and says whether injection fails it. */
static bool alloc_should_fail(struct hm_alloc *a)
{
	a->nr_calls++;
	if (a->fail_at && (a->nr_calls == a->fail_at ||
			   (a->fail_repeat && a->nr_calls > a->fail_at))) {
		a->nr_failed++;
		return true;
	}
	return false;
}

static void alloc_account(struct hm_alloc *a, size_t size, int sign)
{
	if (sign > 0) {
		a->nr_live++;
		a->bytes_live += size;
		if (a->bytes_live > a->bytes_peak)
			a->bytes_peak = a->bytes_live;
	} else {
		a->nr_live--;
		a->bytes_live -= size;
	}
}

void *hm_kmalloc(struct hm_alloc *a, size_t size)
{
	struct alloc_hdr *h;

	if (alloc_should_fail(a))
		return NULL;
	h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	alloc_account(a, size, 1);
	return h + 1;
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
	if (size && n > (size_t)-1 / size)
		return NULL;
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
		return NULL;
	old = (struct alloc_hdr *)p - 1;
	old_size = old->size;
	h = realloc(old, sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	alloc_account(a, old_size, -1);
	alloc_account(a, size, 1);
	return h + 1;
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
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	alloc_account(a, size, 1);
	return p;
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
