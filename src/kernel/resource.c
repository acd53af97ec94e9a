// SPDX-License-Identifier: GPL-2.0
/*
 * resource.c - the iomem resource tree (mirrors kernel/resource.c).
 */

/**
 * DOC: iomem resource tree
 *
 * A resource is an inclusive range [start, end] with a name, flags and a
 * descriptor.  Resources form a tree: the children of a resource lie inside
 * it, and every list of siblings is sorted by address and disjoint.  The
 * root is owned by the caller (the kernel's iomem_resource); every resource
 * below it, and every name, comes from the struct hm_alloc passed in and is
 * freed by resource_root_destroy().
 *
 * Memory hotplug uses three things here: request_region() to claim a BUSY
 * "System RAM" range at add (descending into a driver's non-BUSY container
 * such as "virtio0" or "dax0.0"), merge_system_ram_resource() so that
 * adjacent driver-managed pieces show as one line, and
 * release_mem_region_adjustable() at remove, which may have to split a
 * resource and therefore allocates, but must not fail.
 *
 * Every mutating function that can fail allocates first and links last, so
 * that a failure leaves the tree exactly as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/resource.h"
#include "hotmem/types.h"

/* The kernel's PAGE_SHIFT on every architecture we model. */
#define RESOURCE_PAGE_SHIFT	12
/* The deepest indentation /proc/iomem prints (the kernel's MAX_IORES_LEVEL). */
#define MAX_IORES_LEVEL		5
/*
 * How often a __GFP_NOFAIL allocation is retried before we give up the way
 * a kernel BUG would.  Injection with fail_at fails one call only, so one
 * retry is enough; fail_repeat would fail them all.
 */
#define RESOURCE_NOFAIL_RETRIES	1000

static bool resource_overlaps(const struct resource *r, uint64_t start, uint64_t end)
{
	return r->start <= end && r->end >= start;
}

static bool resource_contains_range(const struct resource *r, uint64_t start,
				    uint64_t end)
{
	return r->start <= start && r->end >= end;
}

/*
 * The resource after p in a depth-first, address-ordered walk of the tree
 * below root; NULL at the end.  With skip_children, p's subtree is skipped.
 */
static struct resource *next_resource(const struct resource *root,
				      struct resource *p, bool skip_children)
{
	if (!skip_children && p->child)
		return p->child;
	while (!p->sibling) {
		p = p->parent;
		if (!p || p == root)
			return NULL;
	}
	return p->sibling;
}

static void free_resource_list(struct hm_alloc *a, struct resource *res)
{
	struct resource *next;

	for (; res; res = next) {
		next = res->sibling;
		free_resource_list(a, res->child);
		hm_kfree(a, res->name);
		hm_kfree(a, res);
	}
}

struct resource *resource_alloc(struct hm_alloc *a, uint64_t start, uint64_t end,
				const char *name, unsigned long flags,
				unsigned long desc)
{
	struct resource *res;

	res = hm_kzalloc(a, sizeof(*res));
	if (!res)
		return NULL;
	res->name = hm_kstrdup(a, name);
	if (!res->name)
		goto out_free_res;
	res->start = start;
	res->end = end;
	res->flags = flags;
	res->desc = desc;
	return res;

out_free_res:
	hm_kfree(a, res);
	return NULL;
}

void resource_free(struct hm_alloc *a, struct resource *res)
{
	if (!res)
		return;
	free_resource_list(a, res->child);
	hm_kfree(a, res->name);
	hm_kfree(a, res);
}

/*
 * A __GFP_NOFAIL allocation: retried until it succeeds.  The cap turns an
 * allocator that never recovers (fail_repeat) into a loud stop rather than a
 * silent hang, as a kernel BUG would.
 */
static void *kmalloc_nofail(struct hm_alloc *a, size_t size)
{
	unsigned int tries;
	void *p;

	for (tries = 0; tries <= RESOURCE_NOFAIL_RETRIES; tries++) {
		p = hm_kmalloc(a, size);
		if (p)
			return p;
	}
	fprintf(stderr,
		"hotmem: BUG: __GFP_NOFAIL allocation of %zu bytes failed %u times\n",
		size, tries);
	abort();
}

/* resource_alloc() that cannot fail: both the struct and the name are NOFAIL. */
static struct resource *resource_alloc_nofail(struct hm_alloc *a, uint64_t start,
					      uint64_t end, const char *name,
					      unsigned long flags,
					      unsigned long desc)
{
	size_t len = strlen(name) + 1;
	struct resource *res;

	res = kmalloc_nofail(a, sizeof(*res));
	memset(res, 0, sizeof(*res));
	res->name = kmalloc_nofail(a, len);
	memcpy(res->name, name, len);
	res->start = start;
	res->end = end;
	res->flags = flags;
	res->desc = desc;
	return res;
}

int resource_root_init(struct hm_alloc *a, struct resource *root, const char *name,
		       uint64_t start, uint64_t end)
{
	char *copy;

	if (start > end)
		return -EINVAL;
	copy = hm_kstrdup(a, name);
	if (!copy)
		return -ENOMEM;
	memset(root, 0, sizeof(*root));
	root->name = copy;
	root->start = start;
	root->end = end;
	root->flags = IORESOURCE_MEM;
	return 0;
}

void resource_root_destroy(struct hm_alloc *a, struct resource *root)
{
	free_resource_list(a, root->child);
	root->child = NULL;
	hm_kfree(a, root->name);
	root->name = NULL;
}

/*
 * Links res among the children of parent if it fits there without overlap.
 * Returns NULL on success, else the resource in the way: parent itself when
 * res is empty or sticks out of parent, otherwise the first overlapping child.
 */
static struct resource *__request_resource(struct resource *parent,
					   struct resource *res)
{
	struct resource **p, *tmp;

	if (res->start > res->end || !resource_contains_range(parent, res->start,
							      res->end))
		return parent;
	for (p = &parent->child; (tmp = *p); p = &tmp->sibling) {
		if (tmp->start > res->end)
			break;
		if (tmp->end >= res->start)
			return tmp;
	}
	res->sibling = tmp;
	res->parent = parent;
	*p = res;
	return NULL;
}

/* The link that points at res: its parent's child field or a sibling's. */
static struct resource **resource_link(struct resource *res)
{
	struct resource **p;

	if (!res->parent)
		return NULL;
	for (p = &res->parent->child; *p; p = &(*p)->sibling) {
		if (*p == res)
			return p;
	}
	return NULL;
}

int request_region(struct hm_alloc *a, struct resource *parent, uint64_t start,
		   uint64_t size, const char *name, unsigned long flags,
		   unsigned long desc, struct resource **out)
{
	struct resource *res, *conflict;
	uint64_t end;

	if (!size || start + (size - 1) < start)
		return -EINVAL;
	end = start + (size - 1);

	res = resource_alloc(a, start, end, name, flags, desc);
	if (!res)
		return -ENOMEM;

	for (;;) {
		conflict = __request_resource(parent, res);
		if (!conflict)
			break;
		if (conflict == parent || (conflict->flags & IORESOURCE_BUSY) ||
		    !resource_contains_range(conflict, start, end))
			goto out_free_res;
		parent = conflict;
	}
	if (out)
		*out = res;
	return 0;

out_free_res:
	resource_free(a, res);
	return -EBUSY;
}

int request_resource(struct resource *parent, struct resource *res)
{
	struct resource *conflict;

	if (res->start > res->end)
		return -EINVAL;
	conflict = __request_resource(parent, res);
	return conflict ? -EBUSY : 0;
}

static int reserve_region_piece(struct hm_alloc *a, struct resource *root, uint64_t start,
				uint64_t end, const char *name)
{
	struct resource *res = resource_alloc(a, start, end, name,
					      (root->flags & IORESOURCE_MEM) | IORESOURCE_BUSY,
					      IORES_DESC_NONE);

	if (!res)
		return -ENOMEM;
	if (request_resource(root, res)) {
		resource_free(a, res);
		return -EBUSY;
	}
	return 0;
}

int reserve_region_with_split(struct hm_alloc *a, struct resource *root, uint64_t start,
			      uint64_t end, const char *name)
{
	struct resource *c;
	int ret;

	if (start < root->start)
		start = root->start;
	if (end > root->end)
		end = root->end;
	for (c = root->child; c && start <= end; c = c->sibling) {
		if (c->end < start)
			continue;
		if (c->start > end)
			break;
		if (c->start > start) {
			ret = reserve_region_piece(a, root, start, c->start - 1, name);
			if (ret)
				return ret;
		}
		if (c->end >= end)
			return 0;
		start = c->end + 1;
	}
	return start <= end ? reserve_region_piece(a, root, start, end, name) : 0;
}

int insert_resource(struct resource *parent, struct resource *res)
{
	struct resource *first, *last, *p, **link;

	if (res->start > res->end || res->child)
		return -EINVAL;

	for (;;) {
		first = __request_resource(parent, res);
		if (!first)
			return 0;
		if (first == parent || first == res)
			return -EBUSY;
		if (!resource_contains_range(first, res->start, res->end))
			break;
		if (first->start == res->start && first->end == res->end)
			break;
		parent = first;
	}

	/* first .. last are the siblings that res will adopt. */
	for (last = first; ; last = last->sibling) {
		if (!resource_contains_range(res, last->start, last->end))
			return -EBUSY;
		if (!last->sibling || last->sibling->start > res->end)
			break;
	}

	link = resource_link(first);
	res->parent = parent;
	res->child = first;
	res->sibling = last->sibling;
	last->sibling = NULL;
	for (p = first; p; p = p->sibling)
		p->parent = res;
	*link = res;
	return 0;
}

int insert_new_resource(struct hm_alloc *a, struct resource *parent, uint64_t start,
			uint64_t end, const char *name, unsigned long flags, unsigned long desc)
{
	struct resource *res = resource_alloc(a, start, end, name, flags, desc);
	int ret;

	if (!res)
		return -ENOMEM;
	ret = insert_resource(parent, res);
	if (ret)
		resource_free(a, res);
	return ret;
}

int release_resource(struct resource *res)
{
	struct resource **link = resource_link(res);

	if (!link)
		return -EINVAL;
	*link = res->sibling;
	res->parent = NULL;
	res->sibling = NULL;
	return 0;
}

int remove_resource(struct resource *res)
{
	struct resource **link = resource_link(res);
	struct resource *p;

	if (!link)
		return -EINVAL;
	if (!res->child) {
		*link = res->sibling;
	} else {
		for (p = res->child; ; p = p->sibling) {
			p->parent = res->parent;
			if (!p->sibling)
				break;
		}
		p->sibling = res->sibling;
		*link = res->child;
		res->child = NULL;
	}
	res->parent = NULL;
	res->sibling = NULL;
	return 0;
}

void release_region(struct hm_alloc *a, struct resource *res)
{
	if (!res)
		return;
	if (res->parent)
		remove_resource(res);
	resource_free(a, res);
}

void release_mem_region_adjustable(struct hm_alloc *a, struct resource *root,
				   uint64_t start, uint64_t size)
{
	struct resource **p, *res, *upper;
	uint64_t end;

	if (!size || start + (size - 1) < start)
		return;
	end = start + (size - 1);
	if (!resource_contains_range(root, start, end))
		return;

	p = &root->child;
	while ((res = *p)) {
		if (res->start > end)
			return;
		if (!resource_contains_range(res, start, end)) {
			p = &res->sibling;
			continue;
		}
		if (!(res->flags & IORESOURCE_MEM))
			return;
		if (!(res->flags & IORESOURCE_BUSY)) {
			p = &res->child;
			continue;
		}
		/*
		 * A busy resource that is not System RAM belongs to a driver
		 * (devm_request_mem_region: a namespace, a dax device, HMM):
		 * it releases it itself, so back off and leave it.
		 */
		if (!(res->flags & IORESOURCE_SYSRAM))
			return;
		break;
	}
	if (!res)
		return;

	if (res->start == start && res->end == end) {
		*p = res->sibling;
		res->parent = NULL;
		res->sibling = NULL;
		resource_free(a, res);
	} else if (res->start == start) {
		res->start = end + 1;
	} else if (res->end == end) {
		res->end = start - 1;
	} else {
		upper = resource_alloc_nofail(a, end + 1, res->end, res->name,
					      res->flags, res->desc);
		upper->parent = res->parent;
		upper->sibling = res->sibling;
		res->sibling = upper;
		res->end = start - 1;
	}
}

static bool system_ram_resources_mergeable(const struct resource *r1,
					   const struct resource *r2)
{
	return r1->flags == r2->flags && r1->end + 1 == r2->start &&
	       !strcmp(r1->name, r2->name) && r1->desc == r2->desc &&
	       !r1->child && !r2->child;
}

struct resource *merge_system_ram_resource(struct hm_alloc *a, struct resource *res)
{
	const unsigned long need = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct resource *cur;

	if ((res->flags & need) != need || !res->parent)
		return res;
	res->flags |= IORESOURCE_SYSRAM_MERGEABLE;

	cur = res->sibling;
	if (cur && system_ram_resources_mergeable(res, cur)) {
		res->end = cur->end;
		res->sibling = cur->sibling;
		resource_free(a, cur);
	}

	for (cur = res->parent->child; cur && cur->sibling != res; cur = cur->sibling)
		;
	if (cur && system_ram_resources_mergeable(cur, res)) {
		cur->end = res->end;
		cur->sibling = res->sibling;
		resource_free(a, res);
		return cur;
	}
	return res;
}

/*
 * The first resource, in address order at any depth, that overlaps
 * [start, end] and has all of flags (and desc unless IORES_DESC_NONE).
 */
static const struct resource *find_next_iomem_res(const struct resource *root,
						  uint64_t start, uint64_t end,
						  unsigned long flags,
						  unsigned long desc)
{
	struct resource *p;

	for (p = root->child; p; p = next_resource(root, p, false)) {
		if (p->start > end)
			return NULL;
		if (p->end < start)
			continue;
		if ((p->flags & flags) != flags)
			continue;
		if (desc != IORES_DESC_NONE && p->desc != desc)
			continue;
		return p;
	}
	return NULL;
}

int walk_system_ram_range(const struct resource *root, uint64_t start_pfn,
			  uint64_t nr_pages, void *arg,
			  int (*fn)(uint64_t start_pfn, uint64_t nr_pages, void *arg))
{
	const unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	const uint64_t max_pfn = UINT64_MAX >> RESOURCE_PAGE_SHIFT;
	const struct resource *res;
	uint64_t start, end, lo, hi, pfn, end_pfn;
	int ret = -EINVAL;

	if (!nr_pages || start_pfn > max_pfn || nr_pages - 1 > max_pfn - start_pfn)
		return -EINVAL;
	start = start_pfn << RESOURCE_PAGE_SHIFT;
	end = ((start_pfn + nr_pages - 1) << RESOURCE_PAGE_SHIFT) +
	      ((1ULL << RESOURCE_PAGE_SHIFT) - 1);

	while (start <= end) {
		res = find_next_iomem_res(root, start, end, flags, IORES_DESC_NONE);
		if (!res)
			break;
		lo = res->start > start ? res->start : start;
		hi = res->end < end ? res->end : end;
		/* PFN_UP(lo) and PFN_DOWN(hi + 1), without overflowing at the top */
		pfn = (lo >> RESOURCE_PAGE_SHIFT) +
		      !!(lo & ((1ULL << RESOURCE_PAGE_SHIFT) - 1));
		end_pfn = (hi >> RESOURCE_PAGE_SHIFT) +
			  ((hi & ((1ULL << RESOURCE_PAGE_SHIFT) - 1)) ==
			   (1ULL << RESOURCE_PAGE_SHIFT) - 1);
		if (end_pfn > pfn) {
			ret = fn(pfn, end_pfn - pfn, arg);
			if (ret)
				break;
		}
		if (hi == UINT64_MAX)
			break;
		start = hi + 1;
	}
	return ret;
}

static bool is_type_match(const struct resource *p, unsigned long flags,
			  unsigned long desc)
{
	return (p->flags & flags) == flags &&
	       (desc == IORES_DESC_NONE || desc == p->desc);
}

int region_intersects(const struct resource *root, uint64_t start, uint64_t size,
		      unsigned long flags, unsigned long desc)
{
	unsigned long type = 0, other = 0;
	struct resource *p, *dp;
	uint64_t end, ostart, oend;
	bool covered;

	if (!size || start + (size - 1) < start)
		return REGION_DISJOINT;
	end = start + (size - 1);

	for (p = root->child; p; p = p->sibling) {
		if (!resource_overlaps(p, start, end))
			continue;
		if (is_type_match(p, flags, desc)) {
			type++;
			continue;
		}
		ostart = p->start > start ? p->start : start;
		oend = p->end < end ? p->end : end;
		covered = false;
		for (dp = p->child; dp; dp = next_resource(p, dp, false)) {
			if (!resource_overlaps(dp, ostart, oend))
				continue;
			if (!is_type_match(dp, flags, desc))
				continue;
			type++;
			if (dp->start > ostart)
				break;
			if (dp->end >= oend) {
				covered = true;
				break;
			}
			ostart = dp->end + 1;
		}
		if (!covered)
			other++;
	}

	if (!type)
		return REGION_DISJOINT;
	if (!other)
		return REGION_INTERSECTS;
	return REGION_MIXED;
}

struct resource *resource_lookup(const struct resource *root, uint64_t addr)
{
	struct resource *p = root->child, *found = NULL;

	while (p) {
		if (p->start > addr)
			break;
		if (p->end < addr) {
			p = p->sibling;
			continue;
		}
		found = p;
		p = p->child;
	}
	return found;
}

void resource_print_iomem(const struct resource *root, struct hm_buf *out)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *q;
	struct resource *p;
	int depth;

	for (p = root->child; p; p = next_resource(root, p, false)) {
		depth = 0;
		for (q = p->parent; q && q != root && depth < MAX_IORES_LEVEL;
		     q = q->parent)
			depth++;
		hm_buf_printf(out, "%*s%0*llx-%0*llx : %s\n", depth * 2, "",
			      width, (unsigned long long)p->start,
			      width, (unsigned long long)p->end,
			      p->name ? p->name : "<BAD>");
	}
}

static void resource_report(struct hm_report *r, const struct resource *res,
			    const char *fmt, const char *what,
			    const struct resource *other)
{
	char object[160];

	snprintf(object, sizeof(object), "resource [%#llx-%#llx] \"%s\"",
		 (unsigned long long)res->start, (unsigned long long)res->end,
		 res->name ? res->name : "<BAD>");
	hm_report_add(r, object, fmt, what, (unsigned long long)other->start,
		      (unsigned long long)other->end,
		      other->name ? other->name : "<BAD>");
}

/* Checks the children of parent and, recursively, their subtrees. */
static unsigned long check_children(const struct resource *parent,
				    struct hm_report *r)
{
	const struct resource *prev = NULL, *slow;
	unsigned long nr = 0, steps = 0;
	struct resource *p;

	slow = parent->child;
	for (p = parent->child; p; prev = p, p = p->sibling) {
		if (p->start > p->end) {
			resource_report(r, p, "%s: start %#llx > end %#llx (%s)",
					"empty range", p);
			nr++;
		}
		if (p->parent != parent) {
			char object[160];

			snprintf(object, sizeof(object),
				 "resource [%#llx-%#llx] \"%s\"",
				 (unsigned long long)p->start,
				 (unsigned long long)p->end,
				 p->name ? p->name : "<BAD>");
			hm_report_add(r, object,
				      "parent pointer is \"%s\" but it is a child of \"%s\"",
				      p->parent ? (p->parent->name ? p->parent->name : "<BAD>") :
						  "(none)",
				      parent->name ? parent->name : "<BAD>");
			nr++;
		}
		if (!resource_contains_range(parent, p->start, p->end)) {
			resource_report(r, p, "%s [%#llx-%#llx] \"%s\"",
					"not inside its parent", parent);
			nr++;
		}
		if (prev && p->start <= prev->end) {
			resource_report(r, p, "%s [%#llx-%#llx] \"%s\"",
					"not after its previous sibling", prev);
			nr++;
		}
		/* only descend where the parent link is sound, so a cycle ends */
		if (p->parent == parent)
			nr += check_children(p, r);
		/* the slow pointer moves at half speed: meeting it means a cycle */
		if (++steps % 2 == 0)
			slow = slow->sibling;
		if (p->sibling && p->sibling == slow) {
			resource_report(r, p, "%s [%#llx-%#llx] \"%s\"",
					"sibling list loops back to", slow);
			nr++;
			break;
		}
	}
	return nr;
}

unsigned long resource_check(const struct resource *root, struct hm_report *r)
{
	unsigned long nr = 0;

	if (root->start > root->end) {
		resource_report(r, root, "%s: start %#llx > end %#llx (%s)",
				"empty root", root);
		nr++;
	}
	if (root->parent) {
		resource_report(r, root, "%s [%#llx-%#llx] \"%s\"",
				"root has a parent", root->parent);
		nr++;
	}
	return nr + check_children(root, r);
}

/*
 * find_resource (kernel/resource.c __find_resource) with the default
 * alignment: the lowest gap among root's children, from min up to max, where
 * an align-aligned range of size fits.
 */
static int find_resource(const struct resource *root, uint64_t size, uint64_t min,
			 uint64_t max, uint64_t align, uint64_t *start)
{
	const struct resource *c = root->child;
	uint64_t lo = root->start;

	for (;;) {
		uint64_t hi = c ? c->start - 1 : root->end, l, h, a;

		if (!c || c->start > lo) {	/* a gap [lo, hi] */
			l = lo > min ? lo : min;
			h = hi < max ? hi : max;
			a = (l + align - 1) & ~(align - 1);
			if (l <= h && a >= l && a <= h && h - a >= size - 1) {
				*start = a;
				return 0;
			}
		}
		if (!c || c->end >= root->end)
			return -EBUSY;
		lo = c->end + 1;
		c = c->sibling;
	}
}

int allocate_resource(struct resource *root, struct resource *res, uint64_t size,
		      uint64_t min, uint64_t max, uint64_t align)
{
	uint64_t start;
	int ret;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	ret = find_resource(root, size, min, max, align, &start);
	if (ret)
		return ret;
	res->start = start;
	res->end = start + size - 1;
	return __request_resource(root, res) ? -EBUSY : 0;
}

struct resource *request_free_mem_region(struct hm_alloc *a, struct resource *root,
					 uint64_t size, const char *name,
					 unsigned int physmem_bits)
{
	uint64_t end = root->end, addr;
	struct resource *res = NULL;

	if (end > (1ULL << physmem_bits) - 1)
		end = (1ULL << physmem_bits) - 1;
	if (!size || size > end)
		return NULL;
	for (addr = end - size + 1; addr > size && addr >= root->start; addr -= size) {
		if (region_intersects(root, addr, size, 0, IORES_DESC_NONE) != REGION_DISJOINT)
			continue;
		if (request_region(a, root, addr, size, name, IORESOURCE_MEM | IORESOURCE_BUSY,
				   IORES_DESC_DEVICE_PRIVATE_MEMORY, &res))
			return NULL;
		return res;
	}
	return NULL;
}
