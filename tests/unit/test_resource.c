// SPDX-License-Identifier: GPL-2.0
/*
 * test_resource.c - unit tests of the iomem resource tree (src/kernel/resource.c).
 *
 * Every test gets a fresh root covering the whole 64-bit space and a fresh
 * counting allocator; the teardown runs resource_check(), destroys the tree
 * and requires that no allocation is left (alloc.nr_live == 0).
 *
 * Range diagrams: "|---|" is an existing resource, "[===]" the request.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "hotmem/resource.h"

#define SYSRAM_BUSY	(IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY)
#define DRV_RAM_BUSY	(SYSRAM_BUSY | IORESOURCE_SYSRAM_DRIVER_MANAGED)
#define SZ_4K		0x1000ULL
#define SZ_1M		0x100000ULL
#define SZ_128M		0x8000000ULL
#define SZ_256M		0x10000000ULL
#define SZ_1G		0x40000000ULL

struct fixture {
	struct hm_alloc a;
	struct resource root;
	struct hm_buf buf;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	hm_alloc_init(&fx->a);
	hm_buf_init(&fx->buf);
	if (resource_root_init(&fx->a, &fx->root, "PCI mem", 0, UINT64_MAX)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct hm_report r;
	unsigned long nr_bad, nr_live;

	hm_report_init(&r);
	nr_bad = resource_check(&fx->root, &r);
	if (nr_bad)
		fprintf(stderr, "resource_check:\n%s", hm_buf_str(&r.text));
	hm_report_free(&r);
	resource_root_destroy(&fx->a, &fx->root);
	nr_live = fx->a.nr_live;
	if (nr_live)
		fprintf(stderr, "leak: %lu allocations live\n", nr_live);
	hm_buf_free(&fx->buf);
	free(fx);
	return nr_bad || nr_live ? -1 : 0;
}

/* /proc/iomem of the fixture's tree, valid until the next call. */
static const char *iomem(struct fixture *fx)
{
	hm_buf_reset(&fx->buf);
	resource_print_iomem(&fx->root, &fx->buf);
	return hm_buf_str(&fx->buf);
}

/* A copy of /proc/iomem to compare with later; free() it. */
static char *iomem_dup(struct fixture *fx)
{
	char *s = strdup(iomem(fx));

	assert_non_null(s);
	return s;
}

static struct resource *req(struct fixture *fx, struct resource *parent,
			    uint64_t start, uint64_t size, const char *name,
			    unsigned long flags)
{
	struct resource *res = NULL;

	assert_int_equal(request_region(&fx->a, parent ? parent : &fx->root, start,
					size, name, flags, IORES_DESC_NONE, &res),
			 0);
	assert_non_null(res);
	return res;
}

static void assert_clean(struct fixture *fx)
{
	struct hm_report r;
	unsigned long nr;

	hm_report_init(&r);
	nr = resource_check(&fx->root, &r);
	if (nr)
		print_error("%s", hm_buf_str(&r.text));
	hm_report_free(&r);
	assert_int_equal(nr, 0);
}

/* ---- root ---------------------------------------------------------------- */

static void resource_root_init_invalid(void **state)
{
	struct fixture *fx = *state;
	struct resource root;

	assert_int_equal(resource_root_init(&fx->a, &root, "x", 2, 1), -EINVAL);
	fx->a.fail_at = fx->a.nr_calls + 1;
	assert_int_equal(resource_root_init(&fx->a, &root, "x", 0, 0xffff), -ENOMEM);
	fx->a.fail_at = 0;
	assert_int_equal(resource_root_init(&fx->a, &root, "ioport", 0, 0xffff), 0);
	assert_string_equal(root.name, "ioport");
	assert_null(root.child);
	resource_root_destroy(&fx->a, &root);
}

/* ---- request_region: the range taxonomy ---------------------------------- */

/*
 * Simple: an empty tree.
 *   [===]
 * Expect one top-level line.
 */
static void resource_request_region_simple(void **state)
{
	struct fixture *fx = *state;
	struct resource *res = req(fx, NULL, 0x1000, 0x9ec00, "System RAM",
				   SYSRAM_BUSY);

	assert_int_equal(res->start, 0x1000);
	assert_int_equal(res->end, 0x9fbff);
	assert_int_equal(res->flags, SYSRAM_BUSY);
	assert_ptr_equal(res->parent, &fx->root);
	assert_string_equal(iomem(fx), "00001000-0009fbff : System RAM\n");
	assert_int_equal(fx->a.nr_live, 3);	/* root name, struct, name */
}

/*
 * Disjoint, requested high first:
 *            |---|
 *   [===]
 * Expect both, sorted by address.
 */
static void resource_request_region_disjoint(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, SZ_1M, SZ_1G - SZ_1M - 0x20000, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x1000, 0x9ec00, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0xfed00000, 0x400, "HPET 0", IORESOURCE_MEM | IORESOURCE_BUSY);
	assert_string_equal(iomem(fx),
			    "00001000-0009fbff : System RAM\n"
			    "00100000-3ffdffff : System RAM\n"
			    "fed00000-fed003ff : HPET 0\n");
}

/*
 * Overlap at the bottom of an existing resource:
 *      |-----|
 *   [====]
 * Expect -EBUSY, tree unchanged, nothing leaked.
 */
static void resource_request_region_overlap_bottom(void **state)
{
	struct fixture *fx = *state;
	struct resource *res = NULL;
	char *before;

	req(fx, NULL, 0x2000, 0x1000, "a", SYSRAM_BUSY);
	before = iomem_dup(fx);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x1800, 0x1000, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, &res), -EBUSY);
	assert_null(res);
	assert_string_equal(iomem(fx), before);
	/* a non-BUSY one that does not contain the request does not help */
	req(fx, NULL, 0x4000, 0x1000, "container", IORESOURCE_MEM);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x3800, 0x1000, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, &res), -EBUSY);
	assert_int_equal(fx->a.nr_live, 5);
	free(before);
}

/*
 * Overlap at the top:
 *   |-----|
 *      [====]
 * Expect -EBUSY.
 */
static void resource_request_region_overlap_top(void **state)
{
	struct fixture *fx = *state;
	char *before;

	req(fx, NULL, 0x2000, 0x1000, "a", SYSRAM_BUSY);
	req(fx, NULL, 0x8000, 0x1000, "container", IORESOURCE_MEM);
	before = iomem_dup(fx);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x2800, 0x1000, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x8800, 0x1000, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	/* the first byte of the request on the last byte of the resource */
	assert_int_equal(request_region(&fx->a, &fx->root, 0x2fff, 0x1000, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	/* the last byte of the request on the first byte of the resource */
	assert_int_equal(request_region(&fx->a, &fx->root, 0x1000, 0x1001, "b",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	assert_string_equal(iomem(fx), before);
	free(before);
}

/*
 * Within a non-BUSY resource (a driver's container, virtio-mem style):
 *   |------ virtio0 -------|
 *        [===]
 * Expect the request to land below virtio0, and below a second non-BUSY
 * level as well.
 */
static void resource_request_region_within_nonbusy(void **state)
{
	struct fixture *fx = *state;
	struct resource *virtio0, *ram, *inner, *deep;

	virtio0 = req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	ram = req(fx, NULL, 0x100000000ULL, SZ_256M, "System RAM (virtio_mem)",
		  DRV_RAM_BUSY);
	assert_ptr_equal(ram->parent, virtio0);
	assert_ptr_equal(virtio0->child, ram);

	inner = req(fx, NULL, 0x120000000ULL, SZ_256M, "inner", IORESOURCE_MEM);
	assert_ptr_equal(inner->parent, virtio0);
	deep = req(fx, NULL, 0x128000000ULL, SZ_128M, "deep", SYSRAM_BUSY);
	assert_ptr_equal(deep->parent, inner);

	/* explicitly below a parent: the same */
	req(fx, virtio0, 0x138000000ULL, SZ_128M, "explicit", SYSRAM_BUSY);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-10fffffff : System RAM (virtio_mem)\n"
			    "  120000000-12fffffff : inner\n"
			    "    128000000-12fffffff : deep\n"
			    "  138000000-13fffffff : explicit\n");
}

/*
 * Within a BUSY resource:
 *   |-- System RAM (BUSY) --|
 *        [===]
 * Expect -EBUSY: request_region only descends into non-BUSY resources.
 * Also within a non-BUSY container, overlapping its BUSY child: -EBUSY.
 */
static void resource_request_region_within_busy(void **state)
{
	struct fixture *fx = *state;
	char *before;

	req(fx, NULL, SZ_1M, SZ_1G, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	req(fx, NULL, 0x100000000ULL, SZ_256M, "System RAM (virtio_mem)",
	    DRV_RAM_BUSY);
	before = iomem_dup(fx);
	assert_int_equal(request_region(&fx->a, &fx->root, 2 * SZ_1M, SZ_1M, "x",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x108000000ULL, SZ_256M,
					"x", SYSRAM_BUSY, IORES_DESC_NONE, NULL),
			 -EBUSY);
	/* sticking out of the container at the top */
	assert_int_equal(request_region(&fx->a, &fx->root, 0x138000000ULL, SZ_256M,
					"x", SYSRAM_BUSY, IORES_DESC_NONE, NULL),
			 -EBUSY);
	assert_string_equal(iomem(fx), before);
	free(before);
}

/*
 * Spanning: the request covers existing resources.
 *      |-|  |-|
 *   [==========]
 * Expect -EBUSY (request_region never adopts; insert_resource does).
 */
static void resource_request_region_spanning(void **state)
{
	struct fixture *fx = *state;
	char *before;

	req(fx, NULL, 0x2000, 0x1000, "a", SYSRAM_BUSY);
	req(fx, NULL, 0x4000, 0x1000, "b", IORESOURCE_MEM);
	before = iomem_dup(fx);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x1000, 0x8000, "x",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x4000, 0x2000, "x",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EBUSY);
	assert_string_equal(iomem(fx), before);
	free(before);
}

/*
 * Adjacent on both sides:
 *   |---|     |---|
 *       [=====]
 * Expect three lines: request_region does not merge.
 */
static void resource_request_region_adjacent(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x110000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x108000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	assert_string_equal(iomem(fx),
			    "100000000-107ffffff : System RAM\n"
			    "108000000-10fffffff : System RAM\n"
			    "110000000-117ffffff : System RAM\n");
}

/*
 * Duplicate:
 *   |---|
 *   [===]
 * Expect -EBUSY against a BUSY resource, but a child of the same range below
 * a non-BUSY one (a container exactly as large as its RAM).
 */
static void resource_request_region_duplicate(void **state)
{
	struct fixture *fx = *state;
	struct resource *dax, *kmem;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	assert_int_equal(request_region(&fx->a, &fx->root, 0x100000000ULL, SZ_1G,
					"System RAM", SYSRAM_BUSY, IORES_DESC_NONE,
					NULL), -EBUSY);

	dax = req(fx, NULL, 0x240000000ULL, SZ_1G, "dax0.0", IORESOURCE_MEM);
	kmem = req(fx, NULL, 0x240000000ULL, SZ_1G, "System RAM (kmem)",
		   DRV_RAM_BUSY);
	assert_ptr_equal(kmem->parent, dax);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : System RAM\n"
			    "240000000-27fffffff : dax0.0\n"
			    "  240000000-27fffffff : System RAM (kmem)\n");
}

/*
 * Empty, wrapping and out-of-root requests.
 * Expect -EINVAL, -EINVAL, -EBUSY, and no allocation for the -EINVAL ones.
 */
static void resource_request_region_invalid(void **state)
{
	struct fixture *fx = *state;
	struct resource small, *res;
	unsigned long calls = fx->a.nr_calls;

	assert_int_equal(request_region(&fx->a, &fx->root, 0x1000, 0, "x",
					SYSRAM_BUSY, IORES_DESC_NONE, NULL), -EINVAL);
	assert_int_equal(request_region(&fx->a, &fx->root, UINT64_MAX - 0xfff,
					0x2000, "x", SYSRAM_BUSY, IORES_DESC_NONE,
					NULL), -EINVAL);
	assert_int_equal(fx->a.nr_calls, calls);

	/* the very last byte is fine */
	res = req(fx, NULL, UINT64_MAX - 0xfff, 0x1000, "top", SYSRAM_BUSY);
	assert_int_equal(res->end, UINT64_MAX);

	assert_int_equal(resource_root_init(&fx->a, &small, "ioport", 0, 0xffff), 0);
	assert_int_equal(request_region(&fx->a, &small, 0xff00, 0x200, "x", 0,
					IORES_DESC_NONE, NULL), -EBUSY);
	assert_int_equal(request_region(&fx->a, &small, 0x60, 1, "keyboard",
					IORESOURCE_BUSY, IORES_DESC_NONE, NULL), 0);
	hm_buf_reset(&fx->buf);
	resource_print_iomem(&small, &fx->buf);
	assert_string_equal(hm_buf_str(&fx->buf), "0060-0060 : keyboard\n");
	resource_root_destroy(&fx->a, &small);
}

/* The desc is stored, and the flags as given (no implicit BUSY). */
static void resource_request_region_flags_desc(void **state)
{
	struct fixture *fx = *state;
	struct resource *res = NULL;

	assert_int_equal(request_region(&fx->a, &fx->root, 0x200000000ULL, SZ_1G,
					"Persistent Memory", IORESOURCE_MEM,
					IORES_DESC_PERSISTENT_MEMORY, &res), 0);
	assert_int_equal(res->desc, IORES_DESC_PERSISTENT_MEMORY);
	assert_int_equal(res->flags, IORESOURCE_MEM);
}

/* ---- request_resource, insert_resource, release, remove ------------------- */

static void resource_request_resource_direct(void **state)
{
	struct fixture *fx = *state;
	struct resource *container, *a, *b, *bad;

	container = req(fx, NULL, 0x10000, 0x10000, "container", IORESOURCE_MEM);
	a = resource_alloc(&fx->a, 0x12000, 0x12fff, "a", SYSRAM_BUSY, 0);
	assert_non_null(a);
	/* request_resource does not descend: it overlaps the container */
	assert_int_equal(request_resource(&fx->root, a), -EBUSY);
	assert_null(a->parent);
	assert_int_equal(request_resource(container, a), 0);
	assert_ptr_equal(a->parent, container);

	b = resource_alloc(&fx->a, 0x12800, 0x137ff, "b", SYSRAM_BUSY, 0);
	assert_int_equal(request_resource(container, b), -EBUSY);
	b->start = 0x1f000;
	b->end = 0x20000;	/* sticks out of the container */
	assert_int_equal(request_resource(container, b), -EBUSY);
	b->end = 0x1ffff;
	assert_int_equal(request_resource(container, b), 0);

	bad = resource_alloc(&fx->a, 0x5000, 0x4fff, "empty", 0, 0);
	assert_int_equal(request_resource(&fx->root, bad), -EINVAL);
	resource_free(&fx->a, bad);

	assert_string_equal(iomem(fx),
			    "00010000-0001ffff : container\n"
			    "  00012000-00012fff : a\n"
			    "  0001f000-0001ffff : b\n");
}

/*
 * insert_resource adopts what it covers:
 *     |a| |b|      |c|
 *   [=== dax ===]
 * Expect dax at the top level with a and b as children, c untouched; a
 * partial overlap fails; an identical range becomes the child; a resource
 * strictly inside an existing one descends (even into a BUSY one).
 */
static void resource_insert_resource_adopts(void **state)
{
	struct fixture *fx = *state;
	struct resource *a, *b, *c, *dax, *bad, *same, *inner;
	char *before;

	a = req(fx, NULL, 0x1000, 0x1000, "a", SYSRAM_BUSY);
	b = req(fx, NULL, 0x3000, 0x1000, "b", SYSRAM_BUSY);
	c = req(fx, NULL, 0x9000, 0x1000, "c", SYSRAM_BUSY);

	before = iomem_dup(fx);
	bad = resource_alloc(&fx->a, 0x1800, 0x4fff, "bad", IORESOURCE_MEM, 0);
	assert_int_equal(insert_resource(&fx->root, bad), -EBUSY);
	assert_string_equal(iomem(fx), before);
	assert_null(bad->parent);
	resource_free(&fx->a, bad);
	free(before);

	dax = resource_alloc(&fx->a, 0x1000, 0x5fff, "dax", IORESOURCE_MEM, 0);
	assert_int_equal(insert_resource(&fx->root, dax), 0);
	assert_ptr_equal(a->parent, dax);
	assert_ptr_equal(b->parent, dax);
	assert_ptr_equal(c->parent, &fx->root);
	assert_ptr_equal(fx->root.child, dax);
	assert_ptr_equal(dax->sibling, c);
	assert_null(b->sibling);

	same = resource_alloc(&fx->a, 0x9000, 0x9fff, "same", IORESOURCE_MEM, 0);
	assert_int_equal(insert_resource(&fx->root, same), 0);
	assert_ptr_equal(c->parent, same);

	inner = resource_alloc(&fx->a, 0x3400, 0x37ff, "inner", IORESOURCE_MEM, 0);
	assert_int_equal(insert_resource(&fx->root, inner), 0);
	assert_ptr_equal(inner->parent, b);

	assert_string_equal(iomem(fx),
			    "00001000-00005fff : dax\n"
			    "  00001000-00001fff : a\n"
			    "  00003000-00003fff : b\n"
			    "    00003400-000037ff : inner\n"
			    "00009000-00009fff : same\n"
			    "  00009000-00009fff : c\n");
	assert_clean(fx);
}

static void resource_release_and_remove(void **state)
{
	struct fixture *fx = *state;
	struct resource *dax, *kmem, *other, *lone;

	dax = req(fx, NULL, 0x240000000ULL, SZ_1G, "dax0.0", IORESOURCE_MEM);
	kmem = req(fx, NULL, 0x240000000ULL, SZ_256M, "System RAM (kmem)",
		   DRV_RAM_BUSY);
	other = req(fx, NULL, 0x260000000ULL, SZ_256M, "other", DRV_RAM_BUSY);
	req(fx, NULL, 0x300000000ULL, SZ_1G, "after", SYSRAM_BUSY);

	/* remove_resource: the children move up, in place */
	assert_int_equal(remove_resource(dax), 0);
	assert_null(dax->parent);
	assert_null(dax->child);
	assert_ptr_equal(kmem->parent, &fx->root);
	assert_ptr_equal(other->parent, &fx->root);
	assert_string_equal(iomem(fx),
			    "240000000-24fffffff : System RAM (kmem)\n"
			    "260000000-26fffffff : other\n"
			    "300000000-33fffffff : after\n");
	assert_int_equal(remove_resource(dax), -EINVAL);
	assert_int_equal(release_resource(dax), -EINVAL);
	resource_free(&fx->a, dax);

	/* release_resource: a lone one */
	assert_int_equal(release_resource(other), 0);
	assert_null(other->parent);
	resource_free(&fx->a, other);

	/* release_resource with a child: the subtree leaves together */
	lone = req(fx, NULL, 0x400000000ULL, SZ_1G, "box", IORESOURCE_MEM);
	req(fx, NULL, 0x400000000ULL, SZ_4K, "in box", SYSRAM_BUSY);
	assert_int_equal(release_resource(lone), 0);
	resource_free(&fx->a, lone);

	/* release_region: frees; a child is handed to the parent */
	lone = req(fx, NULL, 0x500000000ULL, SZ_1G, "box2", IORESOURCE_MEM);
	req(fx, NULL, 0x500000000ULL, SZ_4K, "kept", SYSRAM_BUSY);
	release_region(&fx->a, lone);
	release_region(&fx->a, kmem);
	release_region(&fx->a, NULL);
	assert_string_equal(iomem(fx),
			    "300000000-33fffffff : after\n"
			    "500000000-500000fff : kept\n");
}

/* ---- release_mem_region_adjustable ---------------------------------------- */

static void resource_release_adjustable_exact(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x108000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x100000000ULL, SZ_128M);
	assert_string_equal(iomem(fx), "108000000-10fffffff : System RAM\n");
	release_mem_region_adjustable(&fx->a, &fx->root, 0x108000000ULL, SZ_128M);
	assert_string_equal(iomem(fx), "");
	assert_int_equal(fx->a.nr_live, 1);
}

/* The same start: the resource keeps its upper part. */
static void resource_release_adjustable_head(void **state)
{
	struct fixture *fx = *state;
	unsigned long calls = fx->a.nr_calls;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	calls = fx->a.nr_calls;
	release_mem_region_adjustable(&fx->a, &fx->root, 0x100000000ULL, SZ_128M);
	assert_int_equal(fx->a.nr_calls, calls);
	assert_string_equal(iomem(fx), "108000000-13fffffff : System RAM\n");
}

/* The same end: the resource keeps its lower part. */
static void resource_release_adjustable_tail(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x138000000ULL, SZ_128M);
	assert_string_equal(iomem(fx), "100000000-137ffffff : System RAM\n");
}

/*
 * Strictly inside: a split.
 *   |--------- System RAM ---------|
 *            [= released =]
 * Expect [rs, start-1] and a new [end+1, re] as its next sibling with the
 * same name, flags and desc; children stay with the lower part.
 */
static void resource_release_adjustable_split(void **state)
{
	struct fixture *fx = *state;
	struct resource *res, *upper, *next, *child = NULL;

	res = req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	res->desc = IORES_DESC_RESERVED;
	next = req(fx, NULL, 0x200000000ULL, SZ_1G, "next", SYSRAM_BUSY);
	assert_int_equal(request_region(&fx->a, res, 0x100000000ULL, SZ_4K,
					"Kernel code", IORESOURCE_MEM | IORESOURCE_BUSY,
					IORES_DESC_NONE, &child), 0);

	release_mem_region_adjustable(&fx->a, &fx->root, 0x110000000ULL, SZ_256M);
	upper = res->sibling;
	assert_non_null(upper);
	assert_ptr_equal(upper->sibling, next);
	assert_ptr_equal(upper->parent, &fx->root);
	assert_null(upper->child);
	assert_int_equal(upper->start, 0x120000000ULL);
	assert_int_equal(upper->end, 0x13fffffffULL);
	assert_string_equal(upper->name, "System RAM");
	assert_ptr_not_equal(upper->name, res->name);
	assert_int_equal(upper->flags, SYSRAM_BUSY);
	assert_int_equal(upper->desc, IORES_DESC_RESERVED);
	assert_ptr_equal(res->child, child);
	assert_string_equal(iomem(fx),
			    "100000000-10fffffff : System RAM\n"
			    "  100000000-100000fff : Kernel code\n"
			    "120000000-13fffffff : System RAM\n"
			    "200000000-23fffffff : next\n");
	assert_clean(fx);
}

/*
 * Inside a non-BUSY parent (virtio-mem unplugging a block):
 *   |------------ virtio0 ------------|
 *   |-- System RAM (virtio_mem) --|
 *          [= released =]
 * Expect the walk to descend and split the driver's RAM; exact releases of
 * the pieces empty the container.
 */
static void resource_release_adjustable_nested(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	req(fx, NULL, 0x100000000ULL, 3 * SZ_128M, "System RAM (virtio_mem)",
	    DRV_RAM_BUSY);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x108000000ULL, SZ_128M);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-107ffffff : System RAM (virtio_mem)\n"
			    "  110000000-117ffffff : System RAM (virtio_mem)\n");
	release_mem_region_adjustable(&fx->a, &fx->root, 0x110000000ULL, SZ_128M);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x100000000ULL, SZ_128M);
	assert_string_equal(iomem(fx), "100000000-13fffffff : virtio0\n");
}

/*
 * Not found: a hole, a range spanning two resources, a range inside a
 * non-BUSY resource only, a non-memory BUSY resource, outside the root,
 * empty and wrapping.  Expect nothing to change.
 */
static void resource_release_adjustable_not_found(void **state)
{
	struct fixture *fx = *state;
	struct resource small;
	char *before;

	req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x108000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x200000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	req(fx, NULL, 0x300000000ULL, SZ_1G, "busy io", IORESOURCE_BUSY);
	before = iomem_dup(fx);

	release_mem_region_adjustable(&fx->a, &fx->root, 0x180000000ULL, SZ_128M);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x104000000ULL, SZ_128M);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x200000000ULL, SZ_128M);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x300000000ULL, SZ_128M);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x100000000ULL, 0);
	release_mem_region_adjustable(&fx->a, &fx->root, UINT64_MAX, 2);
	assert_string_equal(iomem(fx), before);

	assert_int_equal(resource_root_init(&fx->a, &small, "small", 0, 0xffffffff), 0);
	release_mem_region_adjustable(&fx->a, &small, 0xfffff000, 0x2000);
	resource_root_destroy(&fx->a, &small);
	free(before);
}

/* An exact release of a resource with children frees them too. */
static void resource_release_adjustable_exact_with_child(void **state)
{
	struct fixture *fx = *state;
	struct resource *res;

	res = req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	req(fx, res, 0x100000000ULL, SZ_4K, "child", IORESOURCE_MEM);
	release_mem_region_adjustable(&fx->a, &fx->root, 0x100000000ULL, SZ_128M);
	assert_string_equal(iomem(fx), "");
}

/* ---- merge_system_ram_resource -------------------------------------------- */

static struct resource *add_merge(struct fixture *fx, struct resource *parent,
				  uint64_t start, uint64_t size)
{
	struct resource *res = req(fx, parent, start, size,
				   "System RAM (virtio_mem)", DRV_RAM_BUSY);

	return merge_system_ram_resource(&fx->a, res);
}

/* With the next sibling: B then A. */
static void resource_merge_next(void **state)
{
	struct fixture *fx = *state;
	struct resource *virtio0, *a, *b;

	virtio0 = req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	b = add_merge(fx, NULL, 0x108000000ULL, SZ_128M);
	a = add_merge(fx, NULL, 0x100000000ULL, SZ_128M);
	assert_ptr_equal(virtio0->child, a);
	assert_null(a->sibling);
	assert_int_equal(a->end, 0x10fffffffULL);
	assert_int_equal(a->flags, DRV_RAM_BUSY | IORESOURCE_SYSRAM_MERGEABLE);
	(void)b;
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-10fffffff : System RAM (virtio_mem)\n");
}

/* With the previous sibling: A then B; B is freed and A returned. */
static void resource_merge_prev(void **state)
{
	struct fixture *fx = *state;
	struct resource *a, *survivor;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	a = add_merge(fx, NULL, 0x100000000ULL, SZ_128M);
	survivor = add_merge(fx, NULL, 0x108000000ULL, SZ_128M);
	assert_ptr_equal(survivor, a);
	assert_int_equal(a->end, 0x10fffffffULL);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-10fffffff : System RAM (virtio_mem)\n");
	assert_int_equal(fx->a.nr_live, 5);
}

/* Both: A, C, then B in the middle; one line, A survives. */
static void resource_merge_both(void **state)
{
	struct fixture *fx = *state;
	struct resource *a, *c, *survivor;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	a = add_merge(fx, NULL, 0x100000000ULL, SZ_128M);
	c = add_merge(fx, NULL, 0x110000000ULL, SZ_128M);
	assert_ptr_equal(a->sibling, c);
	survivor = add_merge(fx, NULL, 0x108000000ULL, SZ_128M);
	assert_ptr_equal(survivor, a);
	assert_null(a->sibling);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-117ffffff : System RAM (virtio_mem)\n");
	/* and a release splits it again */
	release_mem_region_adjustable(&fx->a, &fx->root, 0x108000000ULL, SZ_128M);
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-107ffffff : System RAM (virtio_mem)\n"
			    "  110000000-117ffffff : System RAM (virtio_mem)\n");
}

/*
 * Refused: a different name, different flags (not marked mergeable, or not
 * driver-managed), a different desc, a child on either side, a gap.
 */
static void resource_merge_refused(void **state)
{
	struct fixture *fx = *state;
	struct resource *res, *mid, *ret;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	/* neighbour with another name */
	res = req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM (other)", DRV_RAM_BUSY);
	merge_system_ram_resource(&fx->a, res);
	/* neighbour not marked mergeable */
	req(fx, NULL, 0x110000000ULL, SZ_128M, "System RAM (virtio_mem)",
	    DRV_RAM_BUSY);
	mid = add_merge(fx, NULL, 0x108000000ULL, SZ_128M);
	assert_int_equal(mid->start, 0x108000000ULL);
	assert_int_equal(mid->end, 0x10fffffffULL);

	/* a different desc */
	res = add_merge(fx, NULL, 0x118000000ULL, SZ_128M);
	res->desc = IORES_DESC_RESERVED;
	ret = add_merge(fx, NULL, 0x120000000ULL, SZ_128M);
	assert_ptr_not_equal(ret, res);

	/* a child on the lower side */
	res = add_merge(fx, NULL, 0x130000000ULL, SZ_4K);
	req(fx, res, 0x130000000ULL, SZ_4K, "child", IORESOURCE_MEM);
	ret = add_merge(fx, NULL, 0x130001000ULL, SZ_4K);
	assert_ptr_not_equal(ret, res);

	/* a gap */
	ret = add_merge(fx, NULL, 0x130003000ULL, SZ_4K);
	assert_int_equal(ret->start, 0x130003000ULL);

	/* different flags: one is not driver-managed */
	res = req(fx, NULL, 0x130004000ULL, SZ_4K, "System RAM (virtio_mem)",
		  SYSRAM_BUSY);
	res = merge_system_ram_resource(&fx->a, res);
	assert_int_equal(res->start, 0x130004000ULL);

	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-107ffffff : System RAM (other)\n"
			    "  108000000-10fffffff : System RAM (virtio_mem)\n"
			    "  110000000-117ffffff : System RAM (virtio_mem)\n"
			    "  118000000-11fffffff : System RAM (virtio_mem)\n"
			    "  120000000-127ffffff : System RAM (virtio_mem)\n"
			    "  130000000-130000fff : System RAM (virtio_mem)\n"
			    "    130000000-130000fff : child\n"
			    "  130001000-130001fff : System RAM (virtio_mem)\n"
			    "  130003000-130003fff : System RAM (virtio_mem)\n"
			    "  130004000-130004fff : System RAM (virtio_mem)\n");

	/* wrong flags: not BUSY System RAM; returned untouched, not marked */
	res = req(fx, NULL, 0x200000000ULL, SZ_4K, "io", IORESOURCE_MEM | IORESOURCE_BUSY);
	ret = merge_system_ram_resource(&fx->a, res);
	assert_ptr_equal(ret, res);
	assert_int_equal(res->flags, IORESOURCE_MEM | IORESOURCE_BUSY);
	/* not linked: returned untouched */
	res = resource_alloc(&fx->a, 0x300000000ULL, 0x300000fffULL, "x", SYSRAM_BUSY, 0);
	assert_ptr_equal(merge_system_ram_resource(&fx->a, res), res);
	assert_int_equal(res->flags, SYSRAM_BUSY);
	resource_free(&fx->a, res);
}

/* Boot System RAM stays unmerged; only resources passed in merge. */
static void resource_merge_top_level(void **state)
{
	struct fixture *fx = *state;

	req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM", SYSRAM_BUSY);
	add_merge(fx, NULL, 0x108000000ULL, SZ_128M);
	assert_string_equal(iomem(fx),
			    "100000000-107ffffff : System RAM\n"
			    "108000000-10fffffff : System RAM (virtio_mem)\n");
}

/* ---- walk_system_ram_range ------------------------------------------------- */

struct walk_log {
	unsigned int nr;
	uint64_t pfn[16];
	uint64_t nr_pages[16];
	unsigned int stop_at;	/* return 7 from call stop_at (1-based); 0: never */
};

static int walk_record(uint64_t start_pfn, uint64_t nr_pages, void *arg)
{
	struct walk_log *log = arg;

	if (log->nr < 16) {
		log->pfn[log->nr] = start_pfn;
		log->nr_pages[log->nr] = nr_pages;
	}
	log->nr++;
	return log->stop_at && log->nr == log->stop_at ? 7 : 0;
}

/*
 * A boot-like map with holes, a Reserved range, and driver-managed RAM
 * nested in containers:
 *   1000-9fbff RAM | hole | 100000-3ffdffff RAM | 3ffe0000-3fffffff Reserved
 *   virtio0 [ RAM(virtio_mem) | gap | RAM(virtio_mem) ]   dax0.0 [ RAM(kmem) ]
 */
static void build_walk_tree(struct fixture *fx)
{
	req(fx, NULL, 0x1000, 0x9ec00, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x100000, 0x3fee0000, "System RAM", SYSRAM_BUSY);
	req(fx, NULL, 0x3ffe0000, 0x20000, "Reserved", IORESOURCE_MEM | IORESOURCE_BUSY);
	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	req(fx, NULL, 0x100000000ULL, SZ_128M, "System RAM (virtio_mem)", DRV_RAM_BUSY);
	req(fx, NULL, 0x110000000ULL, SZ_128M, "System RAM (virtio_mem)", DRV_RAM_BUSY);
	req(fx, NULL, 0x240000000ULL, SZ_1G, "dax0.0", IORESOURCE_MEM);
	req(fx, NULL, 0x240000000ULL, SZ_1G, "System RAM (kmem)", DRV_RAM_BUSY);
}

static void resource_walk_system_ram_holes(void **state)
{
	struct fixture *fx = *state;
	struct walk_log log = { 0 };

	build_walk_tree(fx);
	/* the first GiB: two pieces, 0x9fbff rounded down, the Reserved skipped */
	assert_int_equal(walk_system_ram_range(&fx->root, 0, 0x40000, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 2);
	assert_int_equal(log.pfn[0], 0x1);
	assert_int_equal(log.nr_pages[0], 0x9e);
	assert_int_equal(log.pfn[1], 0x100);
	assert_int_equal(log.nr_pages[1], 0x3fee0);

	/* clipped to the range */
	memset(&log, 0, sizeof(log));
	assert_int_equal(walk_system_ram_range(&fx->root, 0x200, 0x100, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.pfn[0], 0x200);
	assert_int_equal(log.nr_pages[0], 0x100);

	/* only a hole and Reserved: -EINVAL, fn never called */
	memset(&log, 0, sizeof(log));
	assert_int_equal(walk_system_ram_range(&fx->root, 0x3ffe0, 0x20, &log,
					       walk_record), -EINVAL);
	assert_int_equal(walk_system_ram_range(&fx->root, 0xa0, 0x60, &log,
					       walk_record), -EINVAL);
	assert_int_equal(walk_system_ram_range(&fx->root, 0, 0, &log,
					       walk_record), -EINVAL);
	assert_int_equal(walk_system_ram_range(&fx->root, UINT64_MAX, 2, &log,
					       walk_record), -EINVAL);
	assert_int_equal(log.nr, 0);
}

static void resource_walk_system_ram_nested(void **state)
{
	struct fixture *fx = *state;
	struct walk_log log = { 0 };

	build_walk_tree(fx);
	/* virtio0's 1 GiB: two pieces with a gap; the container itself is not RAM */
	assert_int_equal(walk_system_ram_range(&fx->root, 0x100000, 0x40000, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 2);
	assert_int_equal(log.pfn[0], 0x100000);
	assert_int_equal(log.nr_pages[0], 0x8000);
	assert_int_equal(log.pfn[1], 0x110000);
	assert_int_equal(log.nr_pages[1], 0x8000);

	/* kmem below dax0.0 */
	memset(&log, 0, sizeof(log));
	assert_int_equal(walk_system_ram_range(&fx->root, 0x250000, 0x10000, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.pfn[0], 0x250000);
	assert_int_equal(log.nr_pages[0], 0x10000);

	/* everything, and stopping at the third piece */
	memset(&log, 0, sizeof(log));
	assert_int_equal(walk_system_ram_range(&fx->root, 0, 0x1000000, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 5);
	assert_int_equal(log.pfn[4], 0x240000);
	memset(&log, 0, sizeof(log));
	log.stop_at = 3;
	assert_int_equal(walk_system_ram_range(&fx->root, 0, 0x1000000, &log,
					       walk_record), 7);
	assert_int_equal(log.nr, 3);
}

/* Pieces not page aligned are rounded inward; a sub-page piece is skipped. */
static void resource_walk_system_ram_rounding(void **state)
{
	struct fixture *fx = *state;
	struct walk_log log = { 0 };

	req(fx, NULL, 0x10800, 0x2000, "System RAM", SYSRAM_BUSY);	/* 10800-127ff */
	req(fx, NULL, 0x20800, 0x400, "System RAM", SYSRAM_BUSY);	/* sub-page */
	req(fx, NULL, UINT64_MAX - 0x1fff, 0x2000, "System RAM", SYSRAM_BUSY);
	assert_int_equal(walk_system_ram_range(&fx->root, 0x10, 0x20, &log,
					       walk_record), 0);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.pfn[0], 0x11);
	assert_int_equal(log.nr_pages[0], 1);

	memset(&log, 0, sizeof(log));
	assert_int_equal(walk_system_ram_range(&fx->root, 0x20, 1, &log,
					       walk_record), -EINVAL);
	assert_int_equal(log.nr, 0);

	/* the very top of the address space */
	assert_int_equal(walk_system_ram_range(&fx->root, (UINT64_MAX >> 12) - 3, 4,
					       &log, walk_record), 0);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.pfn[0], (UINT64_MAX >> 12) - 1);
	assert_int_equal(log.nr_pages[0], 2);
}

/* ---- region_intersects, resource_lookup ------------------------------------ */

static void resource_region_intersects_cases(void **state)
{
	struct fixture *fx = *state;
	const struct resource *root = &fx->root;

	struct resource *pmem;

	build_walk_tree(fx);
	pmem = req(fx, NULL, 0x300000000ULL, SZ_1G, "pmem0", IORESOURCE_MEM);
	pmem->desc = IORES_DESC_PERSISTENT_MEMORY;

	/* inside RAM */
	assert_int_equal(region_intersects(root, 0x200000, SZ_1M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	/* a hole only */
	assert_int_equal(region_intersects(root, 0x200000000ULL, SZ_1G,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
	/* RAM and Reserved */
	assert_int_equal(region_intersects(root, 0x3ff00000, SZ_1M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_MIXED);
	/* RAM and a hole: holes count for neither side (kernel semantics) */
	assert_int_equal(region_intersects(root, 0x90000, 0x80000,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	/* a container whose RAM child covers the overlap */
	assert_int_equal(region_intersects(root, 0x100000000ULL, SZ_128M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	assert_int_equal(region_intersects(root, 0x240000000ULL, SZ_1G,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	/* a container only partly covered */
	assert_int_equal(region_intersects(root, 0x100000000ULL, SZ_256M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_MIXED);
	/* a container part with a gap before its RAM */
	assert_int_equal(region_intersects(root, 0x108000000ULL, SZ_256M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_MIXED);
	/* a container part without RAM */
	assert_int_equal(region_intersects(root, 0x108000000ULL, SZ_128M,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
	/* by desc */
	assert_int_equal(region_intersects(root, 0x300000000ULL, SZ_4K,
					   IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY),
			 REGION_INTERSECTS);
	/* dax0.0 and its kmem RAM do not have the desc: mixed */
	assert_int_equal(region_intersects(root, 0x270000000ULL, 0x90001000ULL,
					   IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY),
			 REGION_MIXED);
	assert_int_equal(region_intersects(root, 0x200000, SZ_4K,
					   IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY),
			 REGION_DISJOINT);
	/* empty or wrapping */
	assert_int_equal(region_intersects(root, 0x200000, 0,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
	assert_int_equal(region_intersects(root, UINT64_MAX, 2,
					   IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
}

static void resource_lookup_deepest(void **state)
{
	struct fixture *fx = *state;
	struct resource *res;

	build_walk_tree(fx);
	res = resource_lookup(&fx->root, 0x100001000ULL);
	assert_non_null(res);
	assert_string_equal(res->name, "System RAM (virtio_mem)");
	res = resource_lookup(&fx->root, 0x108000000ULL);
	assert_non_null(res);
	assert_string_equal(res->name, "virtio0");
	res = resource_lookup(&fx->root, 0x9fbff);
	assert_non_null(res);
	assert_int_equal(res->start, 0x1000);
	assert_null(resource_lookup(&fx->root, 0x9fc00));
	assert_null(resource_lookup(&fx->root, 0));
	assert_null(resource_lookup(&fx->root, UINT64_MAX));
}

/* ---- /proc/iomem ------------------------------------------------------------ */

static void resource_print_iomem_nested(void **state)
{
	struct fixture *fx = *state;
	struct resource *ram, *l1, *l2, *l3, *l4, *l5, *l6;

	req(fx, NULL, 0x0, 0x1000, "Reserved", IORESOURCE_MEM | IORESOURCE_BUSY);
	ram = req(fx, NULL, 0x100000, 0x3fee0000, "System RAM", SYSRAM_BUSY);
	req(fx, ram, 0x1000000, 0x1000000, "Kernel code", IORESOURCE_MEM | IORESOURCE_BUSY);
	req(fx, ram, 0x2000000, 0x800000, "Kernel rodata", IORESOURCE_MEM | IORESOURCE_BUSY);
	req(fx, NULL, 0xfebc0000, 0x40000, "0000:00:02.0", IORESOURCE_MEM);
	req(fx, NULL, 0xfebc0000, 0x20000, "e1000", IORESOURCE_MEM | IORESOURCE_BUSY);
	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	req(fx, NULL, 0x100000000ULL, SZ_256M, "System RAM (virtio_mem)", DRV_RAM_BUSY);
	/* seven levels deep: the indent stops growing at five levels */
	l1 = req(fx, NULL, 0xfd00000000ULL, 0x10000000000ULL - 0xfd00000000ULL,
		 "l1", IORESOURCE_MEM);
	l2 = req(fx, l1, 0xfd00000000ULL, 0x1000000, "l2", IORESOURCE_MEM);
	l3 = req(fx, l2, 0xfd00000000ULL, 0x100000, "l3", IORESOURCE_MEM);
	l4 = req(fx, l3, 0xfd00000000ULL, 0x10000, "l4", IORESOURCE_MEM);
	l5 = req(fx, l4, 0xfd00000000ULL, 0x1000, "l5", IORESOURCE_MEM);
	l6 = req(fx, l5, 0xfd00000000ULL, 0x100, "l6", IORESOURCE_MEM);
	req(fx, l6, 0xfd00000000ULL, 0x10, "l7", IORESOURCE_MEM);
	req(fx, NULL, 0xfd00000100ULL, 0x100, "l6b", IORESOURCE_MEM);
	assert_string_equal(iomem(fx),
			    "00000000-00000fff : Reserved\n"
			    "00100000-3ffdffff : System RAM\n"
			    "  01000000-01ffffff : Kernel code\n"
			    "  02000000-027fffff : Kernel rodata\n"
			    "febc0000-febfffff : 0000:00:02.0\n"
			    "  febc0000-febdffff : e1000\n"
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-10fffffff : System RAM (virtio_mem)\n"
			    "fd00000000-ffffffffff : l1\n"
			    "  fd00000000-fd00ffffff : l2\n"
			    "    fd00000000-fd000fffff : l3\n"
			    "      fd00000000-fd0000ffff : l4\n"
			    "        fd00000000-fd00000fff : l5\n"
			    "          fd00000000-fd000000ff : l6\n"
			    "          fd00000000-fd0000000f : l7\n"
			    "          fd00000100-fd000001ff : l6b\n");
}

static void resource_print_iomem_empty(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(iomem(fx), "");
}

/* ---- fault injection -------------------------------------------------------- */

/*
 * The OOM loop: fail allocation N of a request_region (top level and
 * nested) for N = 1, 2, ... until it succeeds.  Expect -ENOMEM each time,
 * the tree byte-for-byte unchanged and no allocation left behind.
 */
static void resource_request_region_oom_loop(void **state)
{
	struct fixture *fx = *state;
	struct resource *res;
	unsigned long n, live;
	char *before;
	int ret;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "virtio0", IORESOURCE_MEM);
	for (int nested = 0; nested < 2; nested++) {
		before = iomem_dup(fx);
		live = fx->a.nr_live;
		for (n = 1; ; n++) {
			res = NULL;
			fx->a.fail_at = fx->a.nr_calls + n;
			ret = request_region(&fx->a, &fx->root,
					     nested ? 0x100000000ULL : 0x200000000ULL,
					     SZ_128M, "System RAM (virtio_mem)",
					     DRV_RAM_BUSY, IORES_DESC_NONE, &res);
			fx->a.fail_at = 0;
			if (!ret)
				break;
			assert_int_equal(ret, -ENOMEM);
			assert_null(res);
			assert_string_equal(iomem(fx), before);
			assert_int_equal(fx->a.nr_live, live);
			assert_clean(fx);
		}
		assert_int_equal(n, 3);	/* two allocations: struct and name */
		assert_non_null(res);
		free(before);
	}
	assert_string_equal(iomem(fx),
			    "100000000-13fffffff : virtio0\n"
			    "  100000000-107ffffff : System RAM (virtio_mem)\n"
			    "200000000-207ffffff : System RAM (virtio_mem)\n");
}

/*
 * The NOFAIL path: a split whose first (then second) allocation is failed.
 * Expect the split to complete anyway, one injected failure each time.
 */
static void resource_release_adjustable_nofail(void **state)
{
	struct fixture *fx = *state;
	unsigned long failed;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	for (unsigned long n = 1; n <= 2; n++) {
		failed = fx->a.nr_failed;
		fx->a.fail_at = fx->a.nr_calls + n;
		release_mem_region_adjustable(&fx->a, &fx->root,
					      n == 1 ? 0x108000000ULL : 0x118000000ULL,
					      SZ_128M);
		fx->a.fail_at = 0;
		assert_int_equal(fx->a.nr_failed, failed + 1);
	}
	assert_string_equal(iomem(fx),
			    "100000000-107ffffff : System RAM\n"
			    "110000000-117ffffff : System RAM\n"
			    "120000000-13fffffff : System RAM\n");
	assert_int_equal(fx->a.nr_live, 7);
}

/*
 * fail_repeat on a NOFAIL path is a bug of the caller: the retries are
 * capped and the process aborts like a kernel BUG.  Run it in a child.
 */
static void resource_release_adjustable_nofail_abort(void **state)
{
	struct fixture *fx = *state;
	int status = 0;
	pid_t pid;

	req(fx, NULL, 0x100000000ULL, SZ_1G, "System RAM", SYSRAM_BUSY);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		signal(SIGABRT, SIG_DFL);
		fx->a.fail_at = fx->a.nr_calls + 1;
		fx->a.fail_repeat = true;
		release_mem_region_adjustable(&fx->a, &fx->root, 0x108000000ULL,
					      SZ_128M);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_string_equal(iomem(fx), "100000000-13fffffff : System RAM\n");
}

/* ---- resource_check ---------------------------------------------------------- */

static void resource_check_reports(void **state)
{
	struct fixture *fx = *state;
	struct resource a = { .start = 0x3000, .end = 0x3fff, .name = "a" };
	struct resource b = { .start = 0x1000, .end = 0x1fff, .name = "b" };
	struct resource c = { .start = 0x1800, .end = 0x27ff, .name = "c" };
	struct resource kid = { .start = 0x3800, .end = 0x48ff, .name = "kid" };
	struct resource empty = { .start = 0x3200, .end = 0x31ff, .name = "empty" };
	struct hm_report r;
	unsigned long nr;

	assert_clean(fx);

	/* a -> b: out of order; b -> c: overlap; kid sticks out of a */
	fx->root.child = &a;
	a.parent = &fx->root;
	a.sibling = &b;
	b.parent = &fx->root;
	b.sibling = &c;
	c.parent = &b;		/* wrong parent pointer */
	a.child = &empty;
	empty.parent = &a;
	empty.sibling = &kid;
	kid.parent = &a;

	hm_report_init(&r);
	nr = resource_check(&fx->root, &r);
	print_message("%s", hm_buf_str(&r.text));
	assert_int_equal(nr, r.nr_violations);
	assert_int_equal(nr, 5);
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "resource [0x3200-0x31ff] \"empty\": empty range"));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "resource [0x3800-0x48ff] \"kid\": not inside its parent [0x3000-0x3fff] \"a\""));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "resource [0x1000-0x1fff] \"b\": not after its previous sibling [0x3000-0x3fff] \"a\""));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "resource [0x1800-0x27ff] \"c\": parent pointer is \"b\" but it is a child of \"PCI mem\""));
	assert_non_null(strstr(hm_buf_str(&r.text),
			       "resource [0x1800-0x27ff] \"c\": not after its previous sibling [0x1000-0x1fff] \"b\""));
	hm_report_free(&r);

	/* a sibling cycle ends the walk */
	b.sibling = &a;
	hm_report_init(&r);
	nr = resource_check(&fx->root, &r);
	assert_non_null(strstr(hm_buf_str(&r.text), "sibling list loops back to"));
	hm_report_free(&r);

	fx->root.child = NULL;
}

/*
 * allocate_resource: the lowest aligned gap of a window, from min up to max.
 *   window 0x400000000-0x47fffffff
 *   |a| gap |b|          a, b: existing children
 * Expect the first fit in address order, min and max honoured, -EBUSY with
 * the tree unchanged when nothing fits, -EINVAL for a bad alignment.
 */
static void resource_allocate_lowest_gap(void **state)
{
	struct fixture *fx = *state;
	struct resource *w = req(fx, NULL, 0x400000000ULL, 2 * SZ_1G, "PCI Bus 0000:00",
				 IORESOURCE_MEM);
	struct resource *r1, *r2, *r3, *r4;

	req(fx, w, 0x400000000ULL, 0x2000, "a", IORESOURCE_MEM);
	req(fx, w, 0x400008000ULL, 0x4000, "b", IORESOURCE_MEM);
	r1 = resource_alloc(&fx->a, 0, 0, "r1", IORESOURCE_MEM, IORES_DESC_NONE);
	r2 = resource_alloc(&fx->a, 0, 0, "r2", IORESOURCE_MEM, IORES_DESC_NONE);
	r3 = resource_alloc(&fx->a, 0, 0, "r3", IORESOURCE_MEM, IORES_DESC_NONE);
	r4 = resource_alloc(&fx->a, 0, 0, "r4", IORESOURCE_MEM, IORES_DESC_NONE);
	assert_non_null(r4);
	/* 16 KiB aligned: the gap 0x2000-0x7fff holds 0x4000-0x7fff */
	assert_int_equal(allocate_resource(w, r1, 0x4000, 0, UINT64_MAX, 0x4000), 0);
	assert_int_equal(r1->start, 0x400004000ULL);
	assert_int_equal(r1->end, 0x400007fffULL);
	/* the next one after b */
	assert_int_equal(allocate_resource(w, r2, 0x4000, 0, UINT64_MAX, 0x4000), 0);
	assert_int_equal(r2->start, 0x40000c000ULL);
	/* min past the children; then max just too low for the 1 GiB left */
	assert_int_equal(allocate_resource(w, r3, SZ_256M, 0x400010000ULL, UINT64_MAX,
					   SZ_256M), 0);
	assert_int_equal(r3->start, 0x410000000ULL);
	assert_int_equal(allocate_resource(w, r4, SZ_1G, 0, 0x47ffffffeULL, SZ_1G), -EBUSY);
	assert_null(r4->parent);
	assert_int_equal(allocate_resource(w, r4, 0x1000, 0, UINT64_MAX, 0x3000), -EINVAL);
	assert_int_equal(allocate_resource(w, r4, 0, 0, UINT64_MAX, 0x1000), -EINVAL);
	/* an exact fit at the window's end */
	assert_int_equal(allocate_resource(w, r4, 0x1000, 0x47ffff000ULL, UINT64_MAX, 0x1000),
			 0);
	assert_int_equal(r4->end, 0x47fffffffULL);
	assert_string_equal(iomem(fx),
			    "400000000-47fffffff : PCI Bus 0000:00\n"
			    "  400000000-400001fff : a\n"
			    "  400004000-400007fff : r1\n"
			    "  400008000-40000bfff : b\n"
			    "  40000c000-40000ffff : r2\n"
			    "  410000000-41fffffff : r3\n"
			    "  47ffff000-47fffffff : r4\n");
	assert_clean(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(resource_root_init_invalid),
		T(resource_request_region_simple),
		T(resource_request_region_disjoint),
		T(resource_request_region_overlap_bottom),
		T(resource_request_region_overlap_top),
		T(resource_request_region_within_nonbusy),
		T(resource_request_region_within_busy),
		T(resource_request_region_spanning),
		T(resource_request_region_adjacent),
		T(resource_request_region_duplicate),
		T(resource_request_region_invalid),
		T(resource_request_region_flags_desc),
		T(resource_request_resource_direct),
		T(resource_insert_resource_adopts),
		T(resource_release_and_remove),
		T(resource_release_adjustable_exact),
		T(resource_release_adjustable_head),
		T(resource_release_adjustable_tail),
		T(resource_release_adjustable_split),
		T(resource_release_adjustable_nested),
		T(resource_release_adjustable_not_found),
		T(resource_release_adjustable_exact_with_child),
		T(resource_merge_next),
		T(resource_merge_prev),
		T(resource_merge_both),
		T(resource_merge_refused),
		T(resource_merge_top_level),
		T(resource_walk_system_ram_holes),
		T(resource_walk_system_ram_nested),
		T(resource_walk_system_ram_rounding),
		T(resource_region_intersects_cases),
		T(resource_lookup_deepest),
		T(resource_print_iomem_nested),
		T(resource_print_iomem_empty),
		T(resource_request_region_oom_loop),
		T(resource_release_adjustable_nofail),
		T(resource_release_adjustable_nofail_abort),
		T(resource_check_reports),
		T(resource_allocate_lowest_gap),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
