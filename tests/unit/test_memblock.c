// SPDX-License-Identifier: GPL-2.0
/*
 * test_memblock.c - unit tests for src/kernel/memblock.c.
 *
 * Organised like the kernel's tools/testing/memblock basic_api tests: every
 * range operation is run through the same taxonomy of situations (simple,
 * disjoint, overlap at the bottom, overlap at the top, within, spanning,
 * adjacent below/above/bridging, exact duplicate, empty, wrap at the top of
 * the address space, table growth), each case opening with a diagram of the
 * regions and an "Expect ..." sentence.
 *
 * "Bottom" and "top" mean lower and higher addresses: a range that overlaps
 * the bottom of r1 covers r1.base.  (The kernel's tests use the opposite
 * words for the same diagrams; the diagrams are what count.)
 *
 * The add and remove situations are written once and registered twice:
 * against "memory" (memblock_add/memblock_remove) and against "reserved"
 * (memblock_reserve/memblock_phys_free); the other array must stay empty.
 *
 * Every test gets a fresh memblock from setup(); teardown() runs
 * memblock_check() (must be clean), destroys the memblock and checks that
 * nothing is left allocated.  Fault injection fails the next allocation
 * and checks -ENOMEM with both arrays byte-identical to a snapshot.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hotmem/memblock.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SZ_4K	0x1000ULL
#define SZ_64K	0x10000ULL
#define SZ_1M	0x100000ULL
#define SZ_1G	0x40000000ULL
#define ANY	MEMBLOCK_ANY_NODE

/* One expected region. */
#define R(b, s, n, f) { .base = (b), .size = (s), .flags = (f), .nid = (n) }
/* A region as memblock_add()/memblock_reserve() create it. */
#define RA(b, s) R(b, s, ANY, MEMBLOCK_NONE)

/* The array a generic add/remove test works on. */
struct range_api {
	int (*add)(struct memblock *mb, uint64_t base, uint64_t size);
	int (*remove)(struct memblock *mb, uint64_t base, uint64_t size);
	bool memory;	/* "memory" if true, "reserved" if false */
};

static const struct range_api memory_api = {
	.add = memblock_add, .remove = memblock_remove, .memory = true,
};

static const struct range_api reserved_api = {
	.add = memblock_reserve, .remove = memblock_phys_free, .memory = false,
};

struct fixture {
	struct hm_alloc alloc;
	struct memblock mb;
	const void *param;	/* the test's initial state: an api or a fault case */
};

static const struct range_api *fx_api(const struct fixture *f)
{
	return f->param ? f->param : &memory_api;
}

/* The array the generic test works on, and the one it must leave alone. */
static struct memblock_type *fx_type(struct fixture *f)
{
	return fx_api(f)->memory ? &f->mb.memory : &f->mb.reserved;
}

static struct memblock_type *fx_other(struct fixture *f)
{
	return fx_api(f)->memory ? &f->mb.reserved : &f->mb.memory;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->param = *state;
	hm_alloc_init(&f->alloc);
	if (memblock_init(&f->mb, &f->alloc)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static void print_memblock(const struct memblock *mb)
{
	struct hm_buf out;

	hm_buf_init(&out);
	memblock_dump(mb, &out);
	print_error("%s", hm_buf_str(&out));
	hm_buf_free(&out);
}

static void check_clean(const struct memblock *mb, const char *file, int line)
{
	struct hm_report r;
	unsigned long n;

	hm_report_init(&r);
	n = memblock_check(mb, &r);
	if (n) {
		print_error("memblock_check: %lu violation(s):\n%s", n,
			    hm_buf_str(&r.text));
		print_memblock(mb);
	}
	hm_report_free(&r);
	if (n)
		_fail(file, line);
}

#define assert_check_clean(mb) check_clean(mb, __FILE__, __LINE__)

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_check_clean(&f->mb);
	memblock_destroy(&f->mb);
	assert_int_equal(f->alloc.nr_live, 0);
	assert_int_equal(f->alloc.bytes_live, 0);
	free(f);
	return 0;
}

/* Teardown for generic tests: the array not under test must be empty too. */
static int teardown_generic(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fx_other(f)->cnt, 0);
	assert_int_equal(fx_other(f)->total_size, 0);
	return teardown(state);
}

static void check_type(const struct memblock *mb, const struct memblock_type *type,
		       const struct memblock_region *want, unsigned long n,
		       const char *file, int line)
{
	bool ok = type->cnt == n;
	uint64_t total = 0;
	unsigned long i;

	for (i = 0; ok && i < n; i++) {
		const struct memblock_region *rgn = &type->regions[i];

		ok = rgn->base == want[i].base && rgn->size == want[i].size &&
		     rgn->nid == want[i].nid && rgn->flags == want[i].flags;
		total += want[i].size;
	}
	if (ok && type->total_size != total)
		ok = false;
	if (ok)
		return;

	print_error("%s: expected %lu region(s):\n", type->name, n);
	for (i = 0; i < n; i++)
		print_error("%4lu: 0x%016" PRIx64 "+0x%" PRIx64 " nid %d flags 0x%x\n",
			    i, want[i].base, want[i].size, want[i].nid, want[i].flags);
	print_error("got cnt %lu, total_size 0x%" PRIx64 ":\n", type->cnt,
		    type->total_size);
	print_memblock(mb);
	_fail(file, line);
}

#define assert_regions(mb, type, ...)						\
	check_type(mb, type, (const struct memblock_region[]){ __VA_ARGS__ },	\
		   ARRAY_SIZE(((const struct memblock_region[]){ __VA_ARGS__ })),	\
		   __FILE__, __LINE__)
#define assert_no_regions(mb, type) check_type(mb, type, NULL, 0, __FILE__, __LINE__)

/* A byte copy of both arrays, to prove that a failed call changed nothing. */
struct snapshot {
	struct memblock_type memory, reserved;
	struct memblock_region *memory_regions, *reserved_regions;
};

static struct memblock_region *copy_regions(const struct memblock_type *type)
{
	size_t bytes = type->max * sizeof(*type->regions);
	struct memblock_region *copy = malloc(bytes ? bytes : 1);

	assert_non_null(copy);
	memcpy(copy, type->regions, bytes);
	return copy;
}

static void snapshot_take(struct snapshot *s, const struct memblock *mb)
{
	s->memory = mb->memory;
	s->reserved = mb->reserved;
	s->memory_regions = copy_regions(&mb->memory);
	s->reserved_regions = copy_regions(&mb->reserved);
}

static void snapshot_free(struct snapshot *s)
{
	free(s->memory_regions);
	free(s->reserved_regions);
}

static void assert_type_unchanged(const struct memblock_type *old,
				  const struct memblock_region *old_regions,
				  const struct memblock_type *type)
{
	assert_int_equal(type->cnt, old->cnt);
	assert_int_equal(type->max, old->max);
	assert_int_equal(type->total_size, old->total_size);
	assert_ptr_equal(type->regions, old->regions);
	assert_ptr_equal(type->name, old->name);
	assert_memory_equal(type->regions, old_regions,
			    type->max * sizeof(*type->regions));
}

static void assert_snapshot_equal(const struct snapshot *s, const struct memblock *mb)
{
	assert_type_unchanged(&s->memory, s->memory_regions, &mb->memory);
	assert_type_unchanged(&s->reserved, s->reserved_regions, &mb->reserved);
}

/*
 * Adds nr disjoint regions [base + i * stride, + size) to the array under
 * test (nid 0 and flags for "memory" through memblock_add_node()).
 */
static void fill_disjoint(struct fixture *f, bool memory, unsigned long nr,
			  uint64_t base, uint64_t stride, uint64_t size, int nid,
			  unsigned int flags)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		uint64_t b = base + i * stride;

		if (memory)
			assert_int_equal(memblock_add_node(&f->mb, b, size, nid, flags), 0);
		else
			assert_int_equal(memblock_reserve(&f->mb, b, size), 0);
	}
}

/* ------------------------------------------------------------------------
 * init / destroy
 */

/*
 * memblock_init() gives two empty arrays of INIT_MEMBLOCK_REGIONS slots.
 * Expect cnt 0, max INIT_MEMBLOCK_REGIONS, total_size 0, the kernel's names,
 * two live allocations, and memblock_check clean.
 */
static void memblock_init_empty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->mb.memory.cnt, 0);
	assert_int_equal(f->mb.memory.max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->mb.memory.total_size, 0);
	assert_string_equal(f->mb.memory.name, "memory");
	assert_int_equal(f->mb.reserved.cnt, 0);
	assert_int_equal(f->mb.reserved.max, INIT_MEMBLOCK_REGIONS);
	assert_string_equal(f->mb.reserved.name, "reserved");
	assert_ptr_equal(f->mb.alloc, &f->alloc);
	assert_int_equal(f->alloc.nr_live, 2);
	assert_int_equal(memblock_phys_mem_size(&f->mb), 0);
	assert_int_equal(memblock_start_of_DRAM(&f->mb), 0);
	assert_int_equal(memblock_end_of_DRAM(&f->mb), 0);
	assert_check_clean(&f->mb);
}

/*
 * OOM loop over memblock_init(): fail its first, then its second
 * allocation.  Expect -ENOMEM each time with nothing left allocated, a
 * memblock that memblock_destroy() accepts, and success on the third try.
 */
static void memblock_init_enomem(void **state)
{
	unsigned long n;

	(void)state;
	for (n = 1; ; n++) {
		struct hm_alloc alloc;
		struct memblock mb;
		int rc;

		hm_alloc_init(&alloc);
		alloc.fail_at = n;
		rc = memblock_init(&mb, &alloc);
		if (!rc) {
			assert_int_equal(n, 3);
			assert_int_equal(alloc.nr_live, 2);
			memblock_destroy(&mb);
			assert_int_equal(alloc.nr_live, 0);
			break;
		}
		assert_int_equal(rc, -ENOMEM);
		assert_int_equal(alloc.nr_failed, 1);
		assert_int_equal(alloc.nr_live, 0);
		assert_int_equal(mb.memory.cnt, 0);
		assert_int_equal(mb.reserved.cnt, 0);
		memblock_destroy(&mb);
		assert_int_equal(alloc.nr_live, 0);
	}
}

/*
 * memblock_destroy() twice, and a memblock used again after destroy.
 * Expect no crash, no leak, and that an add on a destroyed memblock starts
 * a fresh array of INIT_MEMBLOCK_REGIONS slots.
 */
static void memblock_destroy_twice(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_1M), 0);
	memblock_destroy(&f->mb);
	memblock_destroy(&f->mb);
	assert_int_equal(f->alloc.nr_live, 0);
	assert_int_equal(f->mb.memory.cnt, 0);
	assert_int_equal(f->mb.memory.max, 0);

	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(f->mb.memory.max, INIT_MEMBLOCK_REGIONS);
	assert_regions(&f->mb, &f->mb.memory, RA(SZ_1M, SZ_1M));
}

/* ------------------------------------------------------------------------
 * add / reserve: the generic taxonomy, run on "memory" and on "reserved"
 */

/*
 * A simple test that adds one range to an empty array:
 *
 *  |        +--------------------+        |
 *  |        |        r1          |        |
 *  +--------+--------------------+--------+
 *           ^
 *           r1.base
 *
 * Expect one region with r1's base and size, nid MEMBLOCK_ANY_NODE, no
 * flags, and total_size equal to r1.size.  No allocation is needed.
 */
static void memblock_add_simple(void **state)
{
	struct fixture *f = *state;
	unsigned long calls = f->alloc.nr_calls;

	assert_int_equal(fx_api(f)->add(&f->mb, 0x1000, 0x9e000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x1000, 0x9e000));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * Two ranges that neither overlap nor touch, the higher one added first:
 *
 *  |   +--------+          +--------+     |
 *  |   |   r1   |          |   r2   |     |
 *  +---+--------+----------+--------+-----+
 *      ^                   ^
 *      r1.base             r2.base
 *
 * Expect two regions sorted by address, and total_size the sum of both.
 */
static void memblock_add_disjoint(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, SZ_1G, SZ_1M), 0);
	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_64K), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_64K), RA(SZ_1G, SZ_1M));
}

/*
 * r2 overlaps the bottom of r1 (r2.base < r1.base < r2.base + r2.size):
 *
 *  |    +----+----+------------+          |
 *  |    | r2 |////|     r1     |          |
 *  +----+----+----+------------+----------+
 *       ^    ^
 *       |    r1.base
 *       r2.base
 *
 * Expect one region from r2.base to the end of r1: the two sizes minus
 * the overlap.
 */
static void memblock_add_overlap_bottom(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x20000, 0x20000), 0);
	assert_int_equal(api->add(&f->mb, 0x10000, 0x18000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x30000));
}

/*
 * r2 overlaps the top of r1 (r1.base < r2.base < r1.base + r1.size):
 *
 *  |    +------------+----+----+          |
 *  |    |     r1     |////| r2 |          |
 *  +----+------------+----+----+----------+
 *       ^            ^
 *       r1.base      r2.base
 *
 * Expect one region from r1.base to the end of r2.
 */
static void memblock_add_overlap_top(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x10000, 0x20000), 0);
	assert_int_equal(api->add(&f->mb, 0x28000, 0x20000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x38000));
}

/*
 * r2 lies within r1:
 *
 *  |    +-------+----+-------+            |
 *  |    |  r1   | r2 |       |            |
 *  +----+-------+----+-------+------------+
 *       ^       ^
 *       r1.base r2.base
 *
 * Expect r1 unchanged, total_size r1.size, and no allocation.
 */
static void memblock_add_within(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	unsigned long calls;

	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	calls = f->alloc.nr_calls;
	assert_int_equal(api->add(&f->mb, SZ_1M + SZ_64K, SZ_64K), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_1M));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * r4 spans r1, r2 and r3 and the gaps between them:
 *
 *  |  +--+----+--+----+--+----+--+        |
 *  |  |  | r1 |  | r2 |  | r3 |  |        |
 *  +--+--+----+--+----+--+----+--+--------+
 *     ^                          ^
 *     r4.base                    r4.base + r4.size
 *
 * Expect the gaps to be filled and everything merged into one region
 * equal to r4.
 */
static void memblock_add_spanning(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x20000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x40000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x60000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x10000, 0x70000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x70000));
}

/*
 * r2 ends exactly where r1 begins (adjacent below):
 *
 *  |    +--------+--------+               |
 *  |    |   r2   |   r1   |               |
 *  +----+--------+--------+---------------+
 *       ^        ^
 *       r2.base  r1.base
 *
 * Expect one merged region from r2.base, size r1.size + r2.size.
 */
static void memblock_add_adjacent_below(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x30000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x10000, 0x20000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x30000));
}

/*
 * r2 begins exactly where r1 ends (adjacent above):
 *
 *  |    +--------+--------+               |
 *  |    |   r1   |   r2   |               |
 *  +----+--------+--------+---------------+
 *       ^        ^
 *       r1.base  r2.base
 *
 * Expect one merged region from r1.base, size r1.size + r2.size.
 */
static void memblock_add_adjacent_above(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x20000, 0x30000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x40000));
}

/*
 * r3 exactly fills the gap between r1 and r2 (bridging):
 *
 *  |    +--------+--------+--------+      |
 *  |    |   r1   |   r3   |   r2   |      |
 *  +----+--------+--------+--------+------+
 *       ^        ^        ^
 *       r1.base  r3.base  r2.base
 *
 * Expect the three to merge into one region: cnt goes from 2 to 1.
 */
static void memblock_add_adjacent_bridge(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x30000, 0x10000), 0);
	assert_int_equal(fx_type(f)->cnt, 2);
	assert_int_equal(api->add(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x30000));
}

/*
 * The same range added twice:
 *
 *  |    +--------+                        |
 *  |    | r1, r1 |                        |
 *  +----+--------+------------------------+
 *       ^
 *       r1.base
 *
 * Expect one region and total_size counted once.
 */
static void memblock_add_twice(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_1M));
}

/*
 * A range of size 0, into an empty array and next to an existing region:
 *
 *  |    +--------+                        |
 *  |    |   r1   |    (r2: size 0)        |
 *  +----+--------+------------------------+
 *
 * Expect 0 and nothing changed, without any allocation call.
 */
static void memblock_add_empty(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	unsigned long calls = f->alloc.nr_calls;

	assert_int_equal(api->add(&f->mb, SZ_1M, 0), 0);
	assert_no_regions(&f->mb, fx_type(f));
	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->add(&f->mb, 2 * SZ_1M, 0), 0);
	assert_int_equal(api->add(&f->mb, 0, 0), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_1M));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * A range that runs past the top of the address space:
 *
 *  |                          +-----------|--->
 *  |                          |    r1     |
 *  +--------------------------+-----------+
 *                             ^           ^
 *                             r1.base     UINT64_MAX
 *
 * Expect it clipped to end at UINT64_MAX (exclusive, as the kernel's
 * memblock_cap_size() does), and a range starting at UINT64_MAX to be
 * empty after clipping, so a no-op.
 */
static void memblock_add_wrap(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, UINT64_MAX - 0xfff, 0x2000), 0);
	assert_regions(&f->mb, fx_type(f), RA(UINT64_MAX - 0xfff, 0xfff));
	assert_int_equal(api->add(&f->mb, UINT64_MAX, UINT64_MAX), 0);
	assert_int_equal(api->add(&f->mb, 0, UINT64_MAX), 0);
	assert_regions(&f->mb, fx_type(f), RA(0, UINT64_MAX));
}

/*
 * More disjoint ranges than the initial array holds:
 *
 *  | +-+ +-+ +-+     +-+ +-+               |
 *  | |0| |1| |2| ... |n| |n+1| ...         |
 *  +-+-+-+-+-+-+-----+-+-+-+---------------+
 *
 * 2 * INIT_MEMBLOCK_REGIONS + 1 ranges.  Expect the array to double twice
 * (128 -> 256 -> 512, one allocation call each), every region in place,
 * total_size the sum, and the unused slots zero-filled.
 */
static void memblock_add_table_growth(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	struct memblock_type *type = fx_type(f);
	unsigned long i, nr = 2 * INIT_MEMBLOCK_REGIONS + 1;
	unsigned long calls = f->alloc.nr_calls;

	for (i = 0; i < nr; i++)
		assert_int_equal(api->add(&f->mb, (nr - i) * SZ_64K, SZ_4K), 0);
	assert_int_equal(type->cnt, nr);
	assert_int_equal(type->max, 4 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->alloc.nr_calls, calls + 2);
	assert_int_equal(type->total_size, nr * SZ_4K);
	for (i = 0; i < nr; i++) {
		assert_int_equal(type->regions[i].base, (i + 1) * SZ_64K);
		assert_int_equal(type->regions[i].size, SZ_4K);
	}
	/* the slots past cnt are zero-filled, so snapshots compare whole arrays */
	for (; i < type->max; i++) {
		assert_int_equal(type->regions[i].base, 0);
		assert_int_equal(type->regions[i].size, 0);
		assert_int_equal(type->regions[i].nid, 0);
	}
}

/*
 * A full array (cnt == max) and one range spanning all its regions:
 *
 *  | +--+-+--+-+--+     +-+--+-+--+       |
 *  | |  |0|  |1|  | ... |n|  | |  |       |
 *  +-+--+-+--+-+--+-----+-+--+-+--+-------+
 *    ^                               ^
 *    r.base                          r.base + r.size
 *
 * The range has max + 1 gaps, so it needs cnt + max + 1 slots: two
 * doublings, made in one reallocation.  Expect first, with that allocation
 * failed, -ENOMEM and both arrays byte-identical; then success, max
 * 4 * INIT_MEMBLOCK_REGIONS, and everything merged into one region.
 */
static void memblock_add_spanning_growth(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	struct memblock_type *type = fx_type(f);
	struct snapshot s;

	fill_disjoint(f, api->memory, INIT_MEMBLOCK_REGIONS, 2 * SZ_64K, 2 * SZ_64K,
		      SZ_64K, ANY, MEMBLOCK_NONE);
	assert_int_equal(type->cnt, type->max);

	snapshot_take(&s, &f->mb);
	f->alloc.fail_at = f->alloc.nr_calls + 1;
	assert_int_equal(api->add(&f->mb, SZ_64K, (2 * INIT_MEMBLOCK_REGIONS + 1) * SZ_64K),
			 -ENOMEM);
	assert_int_equal(f->alloc.nr_failed, 1);
	assert_snapshot_equal(&s, &f->mb);
	snapshot_free(&s);
	assert_check_clean(&f->mb);

	f->alloc.fail_at = 0;
	assert_int_equal(api->add(&f->mb, SZ_64K, (2 * INIT_MEMBLOCK_REGIONS + 1) * SZ_64K), 0);
	assert_int_equal(type->max, 4 * INIT_MEMBLOCK_REGIONS);
	assert_regions(&f->mb, type, RA(SZ_64K, (2 * INIT_MEMBLOCK_REGIONS + 1) * SZ_64K));
}

/* ------------------------------------------------------------------------
 * add_node: nid and flags (memory only)
 */

/*
 * memblock_add_node() with a nid and flags into an empty array:
 *
 *  |        +--------------------+        |
 *  |        |   r1 (nid 1, HP)   |        |
 *  +--------+--------------------+--------+
 *
 * Expect one region carrying nid 1 and MEMBLOCK_HOTPLUG.
 */
static void memblock_add_node_simple(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, SZ_1G, SZ_1G, 1, MEMBLOCK_HOTPLUG), 0);
	assert_regions(&f->mb, &f->mb.memory, R(SZ_1G, SZ_1G, 1, MEMBLOCK_HOTPLUG));
	assert_int_equal(memblock_nid_of(&f->mb, SZ_1G), 1);
}

/*
 * Adjacent ranges that differ in nid, or in flags:
 *
 *  |    +--------+--------+--------+      |
 *  |    | r1 n0  | r2 n1  | r3 n1 DM|     |
 *  +----+--------+--------+--------+------+
 *
 * Expect no merge: three regions, each with its own nid and flags.  Then
 * r4 = r3's twin (nid 1, DRIVER_MANAGED) adjacent above r3: expect it to
 * merge with r3 only.
 */
static void memblock_add_node_adjacent_different(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x20000, 0x10000, 1, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x30000, 0x10000, 1,
					   MEMBLOCK_DRIVER_MANAGED), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 0, 0),
		       R(0x20000, 0x10000, 1, 0),
		       R(0x30000, 0x10000, 1, MEMBLOCK_DRIVER_MANAGED));
	assert_int_equal(memblock_add_node(&f->mb, 0x40000, 0x10000, 1,
					   MEMBLOCK_DRIVER_MANAGED), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 0, 0),
		       R(0x20000, 0x10000, 1, 0),
		       R(0x30000, 0x20000, 1, MEMBLOCK_DRIVER_MANAGED));
}

/*
 * An overlapping add with a different nid and flags:
 *
 *  |    +----+------------+----+          |
 *  |    | r2 |  r1 (n0)   | r2 |          |
 *  +----+----+------------+----+----------+
 *       ^    ^            ^
 *       r2.base r1.base   r1 end
 *
 * r2 (nid 1, HOTPLUG) covers r1 (nid 0) and more on both sides.  Expect,
 * as in the kernel, r1 to keep nid 0 and no flags, and only the two gaps
 * to get nid 1 and HOTPLUG: three regions.
 */
static void memblock_add_node_overlap_keeps_existing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x20000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x30000, 1,
					   MEMBLOCK_HOTPLUG), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 1, MEMBLOCK_HOTPLUG),
		       R(0x20000, 0x10000, 0, 0),
		       R(0x30000, 0x10000, 1, MEMBLOCK_HOTPLUG));
}

/*
 * A spanning add with a different nid over three regions:
 *
 *  |  +--+----+--+----+--+----+--+        |
 *  |  |n1| n0 |n1| n0 |n1| n0 |n1|        |
 *  +--+--+----+--+----+--+----+--+--------+
 *     ^                          ^
 *     r4.base                    r4 end
 *
 * Expect the four gaps filled with nid 1 and the three old regions kept:
 * seven alternating regions, none merged.
 */
static void memblock_add_node_spanning_fills_gaps(void **state)
{
	struct fixture *f = *state;

	fill_disjoint(f, true, 3, 0x20000, 0x20000, 0x10000, 0, 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x70000, 1, 0), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 1, 0), R(0x20000, 0x10000, 0, 0),
		       R(0x30000, 0x10000, 1, 0), R(0x40000, 0x10000, 0, 0),
		       R(0x50000, 0x10000, 1, 0), R(0x60000, 0x10000, 0, 0),
		       R(0x70000, 0x10000, 1, 0));
}

/* ------------------------------------------------------------------------
 * remove / phys_free: the generic taxonomy
 */

/*
 * Remove exactly one of two regions:
 *
 *  |    +--------+      +--------+        |
 *  |    |  rem   |      |   r2   |        |
 *  +----+--------+------+--------+--------+
 *       ^               ^
 *       r1.base         r2.base
 *
 * Expect only r2 left and total_size r2.size.
 */
static void memblock_remove_simple(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x30000, 0x20000), 0);
	assert_int_equal(api->remove(&f->mb, 0x10000, 0x10000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x30000, 0x20000));
}

/*
 * Remove the only region.  Expect an empty array: cnt 0 (no dummy region),
 * total_size 0, and (for memory) start/end of DRAM 0.
 */
static void memblock_remove_only_region(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->remove(&f->mb, SZ_1M, SZ_1M), 0);
	assert_no_regions(&f->mb, fx_type(f));
	assert_int_equal(memblock_end_of_DRAM(&f->mb), 0);
}

/*
 * Remove a range that does not intersect the region:
 *
 *  |    +--------+      +--------+        |
 *  |    |   r1   |      |  rem   |        |
 *  +----+--------+------+--------+--------+
 *
 * Also remove from an empty array.  Expect nothing changed and no
 * allocation call.
 */
static void memblock_remove_disjoint(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	unsigned long calls = f->alloc.nr_calls;

	assert_int_equal(api->remove(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(api->remove(&f->mb, 0x30000, 0x10000), 0);
	assert_int_equal(api->remove(&f->mb, 0, 0x8000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x10000));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * Remove a range that ends exactly where r1 begins, and one that begins
 * exactly where it ends (adjacent, no overlap):
 *
 *  |    +--------+--------+--------+      |
 *  |    |  rem   |   r1   |  rem   |      |
 *  +----+--------+--------+--------+------+
 *
 * Expect r1 unchanged.
 */
static void memblock_remove_adjacent(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x20000, 0x10000), 0);
	assert_int_equal(api->remove(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(api->remove(&f->mb, 0x30000, 0x10000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x20000, 0x10000));
}

/*
 * The removed range overlaps the bottom of r1:
 *
 *  |    +----+----+------------+          |
 *  |    |rem |////|     r1     |          |
 *  +----+----+----+------------+----------+
 *       ^    ^    ^
 *       |    |    rem end = new r1.base
 *       |    r1.base
 *       rem.base
 *
 * Expect r1 trimmed to start at the end of the removed range.
 */
static void memblock_remove_overlap_bottom(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x20000, 0x20000), 0);
	assert_int_equal(api->remove(&f->mb, 0x10000, 0x18000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x28000, 0x18000));
}

/*
 * The removed range overlaps the top of r1:
 *
 *  |    +------------+----+----+          |
 *  |    |     r1     |////|rem |          |
 *  +----+------------+----+----+----------+
 *       ^            ^
 *       r1.base      rem.base = new r1 end
 *
 * Expect r1 trimmed to end where the removed range begins.
 */
static void memblock_remove_overlap_top(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x20000, 0x20000), 0);
	assert_int_equal(api->remove(&f->mb, 0x38000, 0x20000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x20000, 0x18000));
}

/*
 * The removed range lies within r1:
 *
 *  |    +-------+----+-------+            |
 *  |    |  r1   |rem |  r1   |            |
 *  +----+-------+----+-------+------------+
 *       ^       ^    ^
 *       r1.base |    rem end
 *               rem.base
 *
 * Expect r1 split in two around the hole, total_size reduced by the hole.
 */
static void memblock_remove_within(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->remove(&f->mb, SZ_1M + SZ_64K, SZ_64K), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_64K),
		       RA(SZ_1M + 2 * SZ_64K, SZ_1M - 2 * SZ_64K));
}

/*
 * The removed range spans r2 and cuts into r1 and r3:
 *
 *  |    +----+----+--+----+--+----+----+  |
 *  |    | r1 |////|  | r2 |  |////| r3 |  |
 *  +----+----+----+--+----+--+----+----+--+
 *            ^                    ^
 *            rem.base             rem end
 *
 * Expect the bottom half of r1 and the top half of r3 to remain.
 */
static void memblock_remove_spanning(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, 0x10000, 0x20000), 0);
	assert_int_equal(api->add(&f->mb, 0x40000, 0x10000), 0);
	assert_int_equal(api->add(&f->mb, 0x60000, 0x20000), 0);
	assert_int_equal(api->remove(&f->mb, 0x20000, 0x50000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x10000), RA(0x70000, 0x10000));
}

/*
 * The same range removed twice:
 *
 *  |    +----+----+----+                  |
 *  |    | r1 |rem | r1 |                  |
 *  +----+----+----+----+------------------+
 *
 * Expect the second call to change nothing and not to allocate.
 */
static void memblock_remove_twice(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	unsigned long calls;

	assert_int_equal(api->add(&f->mb, 0x10000, 0x30000), 0);
	assert_int_equal(api->remove(&f->mb, 0x20000, 0x10000), 0);
	calls = f->alloc.nr_calls;
	assert_int_equal(api->remove(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, fx_type(f), RA(0x10000, 0x10000), RA(0x30000, 0x10000));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * Remove a range of size 0 inside r1:
 *
 *  |    +-------+-+-------+               |
 *  |    |  r1   |0|  r1   |               |
 *  +----+-------+-+-------+---------------+
 *
 * Expect no split, nothing changed.
 */
static void memblock_remove_empty(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(api->remove(&f->mb, SZ_1M + SZ_64K, 0), 0);
	assert_regions(&f->mb, fx_type(f), RA(SZ_1M, SZ_1M));
}

/*
 * A removed range that runs past the top of the address space:
 *
 *  |                 +------+------------|--->
 *  |                 |  r1  |    rem     |
 *  +-----------------+------+------------+
 *                           ^            ^
 *                           rem.base     UINT64_MAX
 *
 * Expect the range clipped at UINT64_MAX, and r1 trimmed to end at rem.base.
 */
static void memblock_remove_wrap(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);

	assert_int_equal(api->add(&f->mb, UINT64_MAX - SZ_1M, SZ_1M), 0);
	assert_int_equal(api->remove(&f->mb, UINT64_MAX - SZ_64K, UINT64_MAX), 0);
	assert_regions(&f->mb, fx_type(f), RA(UINT64_MAX - SZ_1M, SZ_1M - SZ_64K));
}

/*
 * A hole punched into a region of a full array (cnt == max):
 *
 *  | +-+ +-+ +-+-+-+ +-+                  |
 *  | |0| |1| |2|h|2| |3| ...   (max regions)
 *  +-+-+-+-+-+-+-+-+-+-+------------------+
 *
 * Expect the split to grow the array first (max doubles, one allocation)
 * and then cnt to be max + 1 with the two halves of region 2 in place.
 */
static void memblock_remove_table_growth(void **state)
{
	struct fixture *f = *state;
	const struct range_api *api = fx_api(f);
	struct memblock_type *type = fx_type(f);
	unsigned long calls;

	fill_disjoint(f, api->memory, INIT_MEMBLOCK_REGIONS, SZ_1M, SZ_1M, SZ_64K,
		      ANY, MEMBLOCK_NONE);
	assert_int_equal(type->cnt, type->max);
	calls = f->alloc.nr_calls;
	assert_int_equal(api->remove(&f->mb, 3 * SZ_1M + SZ_4K, SZ_4K), 0);
	assert_int_equal(f->alloc.nr_calls, calls + 1);
	assert_int_equal(type->max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(type->cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(type->regions[2].base, 3 * SZ_1M);
	assert_int_equal(type->regions[2].size, SZ_4K);
	assert_int_equal(type->regions[3].base, 3 * SZ_1M + 2 * SZ_4K);
	assert_int_equal(type->regions[3].size, SZ_64K - 2 * SZ_4K);
	assert_int_equal(type->total_size, INIT_MEMBLOCK_REGIONS * SZ_64K - SZ_4K);
}

/*
 * Removing memory keeps the nid and flags of the pieces left behind:
 *
 *  |    +-------+----+-------+            |
 *  |    | n2 HP |rem | n2 HP |            |
 *  +----+-------+----+-------+------------+
 *
 * Expect both halves with nid 2 and MEMBLOCK_HOTPLUG.
 */
static void memblock_remove_keeps_attrs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x30000, 2,
					   MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(memblock_remove(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 2, MEMBLOCK_HOTPLUG),
		       R(0x30000, 0x10000, 2, MEMBLOCK_HOTPLUG));
}

/*
 * reserve and phys_free touch only "reserved"; add and remove only
 * "memory":
 *
 *  memory:   |  +--------------+      |
 *  reserved: |      +----+            |
 *
 * Expect each array to be changed only by its own calls.
 */
static void memblock_reserve_independent_of_memory(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, SZ_1M, 4 * SZ_1M), 0);
	assert_int_equal(memblock_reserve(&f->mb, 2 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_phys_free(&f->mb, SZ_1M, 4 * SZ_1M), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(SZ_1M, 4 * SZ_1M));
	assert_no_regions(&f->mb, &f->mb.reserved);
	assert_int_equal(memblock_reserve(&f->mb, 2 * SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_remove(&f->mb, SZ_1M, 4 * SZ_1M), 0);
	assert_no_regions(&f->mb, &f->mb.memory);
	assert_regions(&f->mb, &f->mb.reserved, RA(2 * SZ_1M, SZ_1M));
	assert_true(memblock_is_reserved(&f->mb, 2 * SZ_1M));
	assert_false(memblock_is_memory(&f->mb, 2 * SZ_1M));
	assert_int_equal(memblock_phys_free(&f->mb, 2 * SZ_1M, SZ_1M), 0);
}

/* ------------------------------------------------------------------------
 * set_node
 */

/*
 * Set the node of a whole region:
 *
 *  |    +--------------+                  |
 *  |    |  r1 (x -> 2) |                  |
 *  +----+--------------+------------------+
 *
 * Expect one region with nid 2, and no allocation.
 */
static void memblock_set_node_simple(void **state)
{
	struct fixture *f = *state;
	unsigned long calls;

	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_1M), 0);
	calls = f->alloc.nr_calls;
	assert_int_equal(memblock_set_node(&f->mb, SZ_1M, SZ_1M, 2), 0);
	assert_regions(&f->mb, &f->mb.memory, R(SZ_1M, SZ_1M, 2, 0));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * Set the node of the middle of a region:
 *
 *  |    +-------+----+-------+            |
 *  |    |  r1 x | n1 | r1 x  |            |
 *  +----+-------+----+-------+------------+
 *
 * Expect three regions; the outer two keep MEMBLOCK_ANY_NODE.
 */
static void memblock_set_node_within(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x30000), 0);
	assert_int_equal(memblock_set_node(&f->mb, 0x20000, 0x10000, 1), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(0x10000, 0x10000),
		       R(0x20000, 0x10000, 1, 0), RA(0x30000, 0x10000));
	assert_int_equal(memblock_nid_of(&f->mb, 0x2ffff), 1);
	assert_int_equal(memblock_nid_of(&f->mb, 0x30000), ANY);
}

/*
 * The range overlaps the bottom of r1, then another overlaps its top:
 *
 *  |  +----+----+------+----+----+        |
 *  |  |hole| n1 |  r1  | n2 |hole|        |
 *  +--+----+----+------+----+----+--------+
 *
 * Expect r1 split into three, with the holes staying holes.
 */
static void memblock_set_node_overlap_bottom_top(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x20000, 0x30000, 0, 0), 0);
	assert_int_equal(memblock_set_node(&f->mb, 0x10000, 0x20000, 1), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x20000, 0x10000, 1, 0),
		       R(0x30000, 0x20000, 0, 0));
	assert_int_equal(memblock_set_node(&f->mb, 0x40000, 0x20000, 2), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x20000, 0x10000, 1, 0),
		       R(0x30000, 0x10000, 0, 0), R(0x40000, 0x10000, 2, 0));
	assert_int_equal(memblock_phys_mem_size(&f->mb), 0x30000);
}

/*
 * A range spanning r2 and cutting into r1 and r3:
 *
 *  |    +----+----+--+----+--+----+----+  |
 *  |    | r1 | n3 |  | n3 |  | n3 | r3 |  |
 *  +----+----+----+--+----+--+----+----+--+
 *            ^                    ^
 *            base                 end
 *
 * Expect five regions: the pieces inside get nid 3 but stay separate
 * because of the holes between them.
 */
static void memblock_set_node_spanning(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x20000), 0);
	assert_int_equal(memblock_add(&f->mb, 0x40000, 0x10000), 0);
	assert_int_equal(memblock_add(&f->mb, 0x60000, 0x20000), 0);
	assert_int_equal(memblock_set_node(&f->mb, 0x20000, 0x50000, 3), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       RA(0x10000, 0x10000), R(0x20000, 0x10000, 3, 0),
		       R(0x40000, 0x10000, 3, 0),
		       R(0x60000, 0x10000, 3, 0), RA(0x70000, 0x10000));
}

/*
 * Two touching regions on different nodes set to the same node:
 *
 *  |    +--------+--------+               |
 *  |    | n0->1  |   n1   |               |
 *  +----+--------+--------+---------------+
 *
 * Expect them to merge into one region on node 1.
 */
static void memblock_set_node_merge(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x20000, 0x10000, 1, 0), 0);
	assert_int_equal(f->mb.memory.cnt, 2);
	assert_int_equal(memblock_set_node(&f->mb, 0x10000, 0x10000, 1), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x10000, 0x20000, 1, 0));
}

/*
 * set_node on a hole, with size 0, twice, and past the top:
 *
 *  |    +--------+  hole  +----------|--->
 *  |    |   r1   |        |    r2    |
 *  +----+--------+--------+----------+
 *
 * Expect the hole and the empty range to change nothing, a repeated call
 * to change nothing more, and a range past the top to be clipped.
 */
static void memblock_set_node_hole_empty_wrap(void **state)
{
	struct fixture *f = *state;
	unsigned long calls;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(memblock_add(&f->mb, UINT64_MAX - SZ_1M, SZ_1M), 0);
	calls = f->alloc.nr_calls;
	assert_int_equal(memblock_set_node(&f->mb, 0x30000, 0x10000, 1), 0);
	assert_int_equal(memblock_set_node(&f->mb, 0x18000, 0, 1), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(0x10000, 0x10000),
		       RA(UINT64_MAX - SZ_1M, SZ_1M));
	assert_int_equal(memblock_set_node(&f->mb, UINT64_MAX - SZ_64K, SZ_1M, 1), 0);
	assert_int_equal(memblock_set_node(&f->mb, UINT64_MAX - SZ_64K, SZ_1M, 1), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(0x10000, 0x10000),
		       RA(UINT64_MAX - SZ_1M, SZ_1M - SZ_64K),
		       R(UINT64_MAX - SZ_64K, SZ_64K, 1, 0));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/* ------------------------------------------------------------------------
 * mark / clear flags
 */

/*
 * Mark the middle of a region NOMAP, then clear it again:
 *
 *  |    +-------+-------+-------+         |
 *  |    |  r1   | NOMAP |  r1   |         |
 *  +----+-------+-------+-------+---------+
 *
 * Expect three regions with only the middle one NOMAP: memblock_is_memory
 * everywhere, memblock_is_map_memory false only in the middle.  After
 * clear_nomap expect one region again.
 */
static void memblock_mark_nomap_within(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x30000, 0, 0), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x10000, 0x10000, 0, 0),
		       R(0x20000, 0x10000, 0, MEMBLOCK_NOMAP),
		       R(0x30000, 0x10000, 0, 0));
	assert_true(memblock_is_memory(&f->mb, 0x20000));
	assert_false(memblock_is_map_memory(&f->mb, 0x20000));
	assert_false(memblock_is_map_memory(&f->mb, 0x2ffff));
	assert_true(memblock_is_map_memory(&f->mb, 0x1ffff));
	assert_true(memblock_is_map_memory(&f->mb, 0x30000));
	assert_int_equal(memblock_phys_mem_size(&f->mb), 0x30000);

	assert_int_equal(memblock_clear_nomap(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x10000, 0x30000, 0, 0));
}

/*
 * Mark NOMAP over a range spanning a hole and two regions:
 *
 *  |    +----+----+  hole  +----+----+    |
 *  |    | r1 | NM |        | NM | r2 |    |
 *  +----+----+----+--------+----+----+----+
 *
 * Expect the hole to stay a hole and each region split at the range edge.
 */
static void memblock_mark_nomap_spanning(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x20000), 0);
	assert_int_equal(memblock_add(&f->mb, 0x50000, 0x20000), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x20000, 0x40000), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(0x10000, 0x10000),
		       R(0x20000, 0x10000, ANY, MEMBLOCK_NOMAP),
		       R(0x50000, 0x10000, ANY, MEMBLOCK_NOMAP),
		       RA(0x60000, 0x10000));
}

/*
 * Mark NOMAP twice on the same range, with size 0, on a hole, and past
 * the top:
 *
 *  |    +----+----+----+  hole      +------|--->
 *  |    | r1 | NM | r1 |            |  NM  |
 *  +----+----+----+----+------------+------+
 *
 * Expect the second mark to change nothing (and not allocate), size 0 and
 * the hole to change nothing, and the wrapping range to be clipped.
 */
static void memblock_mark_nomap_twice_empty_wrap(void **state)
{
	struct fixture *f = *state;
	unsigned long calls;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x30000), 0);
	assert_int_equal(memblock_add(&f->mb, UINT64_MAX - SZ_1M, SZ_1M), 0);
	calls = f->alloc.nr_calls;
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x20000, 0x10000), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x20000, 0x10000), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x18000, 0), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x50000, 0x10000), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, UINT64_MAX - SZ_1M, UINT64_MAX), 0);
	assert_regions(&f->mb, &f->mb.memory, RA(0x10000, 0x10000),
		       R(0x20000, 0x10000, ANY, MEMBLOCK_NOMAP), RA(0x30000, 0x10000),
		       R(UINT64_MAX - SZ_1M, SZ_1M, ANY, MEMBLOCK_NOMAP));
	assert_int_equal(f->alloc.nr_calls, calls);
}

/*
 * HOTPLUG and NOMAP on overlapping ranges, then cleared in another order:
 *
 *  |    +----+----+----+----+             |
 *  |    | HP |HP+NM| NM | -- |            |
 *  +----+----+----+----+----+-------------+
 *
 * mark_hotplug overlaps the bottom of r1, mark_nomap a range above it that
 * overlaps it.  Expect each piece to carry exactly its flags; after
 * clearing both everywhere expect one region with no flags.
 */
static void memblock_mark_hotplug_overlap_nomap(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x40000, 0, 0), 0);
	assert_int_equal(memblock_mark_hotplug(&f->mb, 0, 0x30000), 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 0x20000, 0x20000), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 0, MEMBLOCK_HOTPLUG),
		       R(0x20000, 0x10000, 0, MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP),
		       R(0x30000, 0x10000, 0, MEMBLOCK_NOMAP),
		       R(0x40000, 0x10000, 0, 0));

	assert_int_equal(memblock_clear_hotplug(&f->mb, 0x20000, 0x10000), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x10000, 0, MEMBLOCK_HOTPLUG),
		       R(0x20000, 0x20000, 0, MEMBLOCK_NOMAP),
		       R(0x40000, 0x10000, 0, 0));
	assert_int_equal(memblock_clear_nomap(&f->mb, 0, SZ_1M), 0);
	assert_int_equal(memblock_clear_hotplug(&f->mb, 0, SZ_1M), 0);
	assert_regions(&f->mb, &f->mb.memory, R(0x10000, 0x40000, 0, 0));
}

/*
 * clear_hotplug overlapping the top of a HOTPLUG region:
 *
 *  |    +----------+-----+                |
 *  |    |    HP    | --  |  (clear range runs on into the hole)
 *  +----+----------+-----+----------------+
 *
 * Expect the region split at the clear range's base, the top part without
 * HOTPLUG.
 */
static void memblock_clear_hotplug_overlap_top(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x30000, 1,
					   MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(memblock_clear_hotplug(&f->mb, 0x30000, 0x30000), 0);
	assert_regions(&f->mb, &f->mb.memory,
		       R(0x10000, 0x20000, 1, MEMBLOCK_HOTPLUG),
		       R(0x30000, 0x10000, 1, 0));
}

/*
 * mark_nomap on a full array (cnt == max) inside one region:
 *
 *  | +-+ +-+ +-+--+-+ +-+                 |
 *  | |0| |1| |2|NM|2| |3| ... (max regions)
 *  +-+-+-+-+-+-+--+-+-+-+-----------------+
 *
 * Expect the array to double first and end with max + 2 regions.
 */
static void memblock_mark_nomap_table_growth(void **state)
{
	struct fixture *f = *state;

	fill_disjoint(f, true, INIT_MEMBLOCK_REGIONS, SZ_1M, SZ_1M, SZ_64K, 0, 0);
	assert_int_equal(memblock_mark_nomap(&f->mb, 2 * SZ_1M + SZ_4K, SZ_4K), 0);
	assert_int_equal(f->mb.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->mb.memory.cnt, INIT_MEMBLOCK_REGIONS + 2);
	assert_int_equal(f->mb.memory.regions[2].flags, MEMBLOCK_NOMAP);
	assert_int_equal(f->mb.memory.regions[2].base, 2 * SZ_1M + SZ_4K);
	assert_false(memblock_is_map_memory(&f->mb, 2 * SZ_1M + SZ_4K));
	assert_true(memblock_is_map_memory(&f->mb, 2 * SZ_1M));
}

/* ------------------------------------------------------------------------
 * queries
 */

/*
 * Lookups at the edges of two touching regions on different nodes and a
 * third one apart:
 *
 *  |    +--------+--------+     +----+    |
 *  |    |   n0   |   n1   |     | x  |    |
 *  +----+--------+--------+-----+----+----+
 *
 * Expect is_memory/nid_of true/correct from base to end - 1 and false/
 * NUMA_NO_NODE at end and in the hole; is_region_memory true only within
 * one region (not across the n0/n1 boundary), and for size 0 the answer
 * for base alone.
 */
static void memblock_queries_edges(void **state)
{
	struct fixture *f = *state;
	const struct memblock *mb = &f->mb;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x20000, 0x10000, 1, 0), 0);
	assert_int_equal(memblock_add(&f->mb, 0x50000, 0x10000), 0);

	assert_false(memblock_is_memory(mb, 0xffff));
	assert_true(memblock_is_memory(mb, 0x10000));
	assert_true(memblock_is_memory(mb, 0x2ffff));
	assert_false(memblock_is_memory(mb, 0x30000));
	assert_true(memblock_is_memory(mb, 0x5ffff));
	assert_false(memblock_is_memory(mb, 0x60000));
	assert_false(memblock_is_memory(mb, UINT64_MAX));
	assert_false(memblock_is_reserved(mb, 0x10000));

	assert_int_equal(memblock_nid_of(mb, 0x1ffff), 0);
	assert_int_equal(memblock_nid_of(mb, 0x20000), 1);
	assert_int_equal(memblock_nid_of(mb, 0x40000), NUMA_NO_NODE);
	assert_int_equal(memblock_nid_of(mb, 0x50000), ANY);

	assert_true(memblock_is_region_memory(mb, 0x10000, 0x10000));
	assert_true(memblock_is_region_memory(mb, 0x18000, 0x8000));
	assert_false(memblock_is_region_memory(mb, 0x18000, 0x8001));
	assert_false(memblock_is_region_memory(mb, 0x18000, 0x10000));
	assert_false(memblock_is_region_memory(mb, 0x40000, 0x1000));
	assert_true(memblock_is_region_memory(mb, 0x20000, 0));
	assert_false(memblock_is_region_memory(mb, 0x30000, 0));
	assert_false(memblock_is_region_memory(mb, 0x50000, UINT64_MAX));

	assert_int_equal(memblock_phys_mem_size(mb), 0x30000);
	assert_int_equal(memblock_start_of_DRAM(mb), 0x10000);
	assert_int_equal(memblock_end_of_DRAM(mb), 0x60000);
}

/*
 * Lookups in a large array (binary search): 300 disjoint regions.
 * Expect every region's first and last byte found, and every gap not.
 */
static void memblock_queries_many(void **state)
{
	struct fixture *f = *state;
	unsigned long i, nr = 300;

	for (i = 0; i < nr; i++)
		assert_int_equal(memblock_add_node(&f->mb, (2 * i + 1) * SZ_64K, SZ_64K,
						   (int)(i % 4), 0), 0);
	for (i = 0; i < nr; i++) {
		uint64_t base = (2 * i + 1) * SZ_64K;

		assert_true(memblock_is_memory(&f->mb, base));
		assert_true(memblock_is_memory(&f->mb, base + SZ_64K - 1));
		assert_false(memblock_is_memory(&f->mb, base - 1));
		assert_false(memblock_is_memory(&f->mb, base + SZ_64K));
		assert_int_equal(memblock_nid_of(&f->mb, base), (int)(i % 4));
	}
}

/* ------------------------------------------------------------------------
 * memblock_check: each violation is found and named
 */

static unsigned long run_check(struct fixture *f, struct hm_report *r)
{
	hm_report_init(r);
	return memblock_check(&f->mb, r);
}

static void assert_report_has(const struct hm_report *r, const char *needle)
{
	if (!strstr(hm_buf_str(&r->text), needle)) {
		print_error("report lacks \"%s\":\n%s", needle, hm_buf_str(&r->text));
		fail();
	}
}

/*
 * Regions out of order, then overlapping.
 * Expect one violation each, naming the array, both indexes and both values.
 */
static void memblock_check_unsorted_overlap(void **state)
{
	struct fixture *f = *state;
	struct memblock_region *rgn = f->mb.memory.regions;
	struct memblock_region save;
	struct hm_report r;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x10000), 0);
	assert_int_equal(memblock_add(&f->mb, 0x30000, 0x10000), 0);

	save = rgn[1];
	rgn[1].base = 0x8000;
	assert_int_equal(run_check(f, &r), 1);
	assert_int_equal(r.nr_violations, 1);
	assert_report_has(&r, "memblock.memory: ");
	assert_report_has(&r, "region 1 base 0x8000 below region 0 base 0x10000");
	hm_report_free(&r);

	rgn[1].base = 0x18000;
	assert_int_equal(run_check(f, &r), 1);
	assert_report_has(&r, "region 0 end 0x20000 overlaps region 1 base 0x18000");
	hm_report_free(&r);
	rgn[1] = save;
}

/*
 * A zero-sized region in "reserved" (total_size kept consistent).
 * Expect one violation naming reserved, the index, base and size.
 */
static void memblock_check_zero_size(void **state)
{
	struct fixture *f = *state;
	struct hm_report r;

	assert_int_equal(memblock_reserve(&f->mb, 0x10000, 0x10000), 0);
	f->mb.reserved.regions[1] = (struct memblock_region)RA(0x30000, 0);
	f->mb.reserved.cnt = 2;
	assert_int_equal(run_check(f, &r), 1);
	assert_report_has(&r, "memblock.reserved: region 1 at 0x30000 has size 0x0");
	hm_report_free(&r);
	f->mb.reserved.cnt = 1;
	memset(&f->mb.reserved.regions[1], 0, sizeof(struct memblock_region));
}

/*
 * Two touching regions with the same nid and flags left unmerged, next to
 * touching ones that differ (which are fine).
 * Expect exactly one violation, for the equal pair.
 */
static void memblock_check_unmerged(void **state)
{
	struct fixture *f = *state;
	struct memblock_type *type = &f->mb.memory;
	struct hm_report r;

	assert_int_equal(memblock_add_node(&f->mb, 0x10000, 0x20000, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 0x30000, 0x10000, 1, 0), 0);
	/* split region 0 by hand, as a buggy isolate would leave it */
	type->regions[2] = type->regions[1];
	type->regions[1] = (struct memblock_region)R(0x20000, 0x10000, 0, 0);
	type->regions[0].size = 0x10000;
	type->cnt = 3;
	assert_int_equal(run_check(f, &r), 1);
	assert_report_has(&r, "regions 0 and 1 touch at 0x20000 with equal nid 0/0 "
			  "and flags 0x0/0x0 (not merged)");
	hm_report_free(&r);
	type->regions[0].size = 0x20000;
	type->regions[1] = type->regions[2];
	type->cnt = 2;
	memset(&type->regions[2], 0, sizeof(type->regions[2]));
}

/*
 * total_size that does not match the regions, and cnt > max.
 * Expect one violation each, with both values.
 */
static void memblock_check_total_and_cnt(void **state)
{
	struct fixture *f = *state;
	struct memblock_type *type = &f->mb.memory;
	struct hm_report r;

	assert_int_equal(memblock_add(&f->mb, 0x10000, 0x10000), 0);
	type->total_size = 0x20000;
	assert_int_equal(run_check(f, &r), 1);
	assert_report_has(&r, "total_size 0x20000 but regions sum to 0x10000");
	hm_report_free(&r);
	type->total_size = 0x10000;

	type->cnt = type->max + 1;
	assert_true(run_check(f, &r) >= 1);
	assert_report_has(&r, "memblock.memory: cnt 129 exceeds max 128");
	hm_report_free(&r);
	type->cnt = 1;

	assert_int_equal(run_check(f, &r), 0);
	assert_int_equal(hm_buf_str(&r.text)[0], '\0');
	hm_report_free(&r);
}

/* ------------------------------------------------------------------------
 * memblock_dump
 */

/*
 * Dump of both arrays with every kind of nid and flag.
 * Expect the debugfs format: "%4d: base..end-inclusive nid flag" under the
 * "memory:" and "reserved:" headings, 'x' for MEMBLOCK_ANY_NODE, and only
 * the lowest flag named.
 */
static void memblock_dump_format(void **state)
{
	struct fixture *f = *state;
	struct hm_buf out;
	static const char expect[] =
		"memory:\n"
		"   0: 0x0000000000001000..0x000000000009efff    0 NONE\n"
		"   1: 0x0000000000100000..0x00000000001fffff    x NONE\n"
		"   2: 0x0000000100000000..0x000000013fffffff    1 HOTPLUG\n"
		"   3: 0x0000000140000000..0x000000017fffffff    1 HOTPLUG\n"
		"   4: 0x0000000180000000..0x00000001bfffffff    2 DRV_MNG\n"
		"   5: 0x00000001c0000000..0x00000001c0000fff    2 NOMAP\n"
		"   6: 0x00000001c0001000..0x00000001c0001fff    2 MIRROR\n"
		"reserved:\n"
		"   0: 0x0000000000002000..0x0000000000002fff    x NONE\n";

	assert_int_equal(memblock_add_node(&f->mb, 0x1000, 0x9e000, 0, 0), 0);
	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add_node(&f->mb, 4 * SZ_1G, SZ_1G, 1,
					   MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(memblock_add_node(&f->mb, 5 * SZ_1G, SZ_1G, 1,
					   MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP), 0);
	assert_int_equal(memblock_add_node(&f->mb, 6 * SZ_1G, SZ_1G, 2,
					   MEMBLOCK_DRIVER_MANAGED), 0);
	assert_int_equal(memblock_add_node(&f->mb, 7 * SZ_1G, SZ_4K, 2,
					   MEMBLOCK_NOMAP), 0);
	assert_int_equal(memblock_add_node(&f->mb, 7 * SZ_1G + SZ_4K, SZ_4K, 2,
					   MEMBLOCK_MIRROR), 0);
	assert_int_equal(memblock_reserve(&f->mb, 0x2000, 0x1000), 0);

	hm_buf_init(&out);
	memblock_dump(&f->mb, &out);
	assert_string_equal(hm_buf_str(&out), expect);
	hm_buf_free(&out);
}

/* Dump of an empty memblock.  Expect just the two headings. */
static void memblock_dump_empty(void **state)
{
	struct fixture *f = *state;
	struct hm_buf out;

	hm_buf_init(&out);
	memblock_dump(&f->mb, &out);
	assert_string_equal(hm_buf_str(&out), "memory:\nreserved:\n");
	hm_buf_free(&out);
}

/* ------------------------------------------------------------------------
 * the allocator
 */

#define SZ_8K	0x2000ULL
#define SZ_16M	0x1000000ULL

/*
 * One memory region with its top page reserved; allocate 8K, 4K aligned:
 *
 *  |   +----------------------------+--+
 *  |   |          memory       | a  |r |   top-down: a below r
 *  +---+----------------------------+--+
 *  |   | a |                      |r |   bottom-up: a at the base
 *
 * Expect top-down the highest fit (merged with r), bottom-up the lowest,
 * each reserved, and memblock_find_in_range() to change nothing.
 */
static void memblock_alloc_top_down_bottom_up(void **state)
{
	struct fixture *f = *state;
	uint64_t base = SZ_1M, end = SZ_1M + SZ_64K;

	assert_int_equal(memblock_add(&f->mb, base, SZ_64K), 0);
	assert_int_equal(memblock_reserve(&f->mb, end - SZ_4K, SZ_4K), 0);
	assert_int_equal(memblock_find_in_range(&f->mb, 0, MEMBLOCK_ALLOC_ANYWHERE,
						SZ_8K, SZ_4K), end - SZ_4K - SZ_8K);
	assert_regions(&f->mb, &f->mb.reserved, RA(end - SZ_4K, SZ_4K));

	assert_int_equal(memblock_alloc(&f->mb, SZ_8K, SZ_4K), end - SZ_4K - SZ_8K);
	assert_regions(&f->mb, &f->mb.reserved, RA(end - SZ_4K - SZ_8K, SZ_8K + SZ_4K));

	memblock_set_bottom_up(&f->mb, true);
	assert_true(memblock_bottom_up(&f->mb));
	assert_int_equal(memblock_phys_alloc(&f->mb, SZ_8K, SZ_4K), base);
	assert_regions(&f->mb, &f->mb.reserved, RA(base, SZ_8K),
		       RA(end - SZ_4K - SZ_8K, SZ_8K + SZ_4K));
	/* an align of 0 is SMP_CACHE_BYTES */
	assert_int_equal(memblock_alloc(&f->mb, 100, 0), base + SZ_8K);
	assert_int_equal(memblock_alloc(&f->mb, 100, 0), base + SZ_8K + 128);
}

/*
 * Memory from 0 and a request that would fit at 0.
 * Expect the first page never handed out, either way, and a range too small
 * for the request to find nothing.
 */
static void memblock_find_not_first_page(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, 0, SZ_64K), 0);
	memblock_set_bottom_up(&f->mb, true);
	assert_int_equal(memblock_find_in_range(&f->mb, 0, SZ_64K, SZ_4K, SZ_4K), SZ_4K);
	memblock_set_bottom_up(&f->mb, false);
	assert_int_equal(memblock_find_in_range(&f->mb, 0, SZ_8K, SZ_8K, SZ_4K), 0);
	assert_int_equal(memblock_find_in_range(&f->mb, 0, SZ_8K, SZ_4K, SZ_4K), SZ_4K);
	assert_int_equal(memblock_phys_alloc_range(&f->mb, SZ_64K, SZ_4K, 0, SZ_64K), 0);
	assert_no_regions(&f->mb, &f->mb.reserved);
}

/*
 * Two nodes, node 1 above node 0; node 1 then fully reserved:
 *
 *  |  +--------node 0--------+--------node 1--------+
 *  |  |                  | a |rrrrrrrrrrrrrrrrrrrrrr|
 *  +--+----------------------+----------------------+
 *
 * Expect an allocation for node 0 at the top of node 0; for node 1 (full)
 * the fallback to any node, i.e. the same place; an exact-node one to fail
 * and change nothing; and NUMA_NO_NODE and MEMBLOCK_ANY_NODE alike.
 */
static void memblock_alloc_nid_exact_and_fallback(void **state)
{
	struct fixture *f = *state;
	uint64_t top0 = 2 * SZ_1M;

	assert_int_equal(memblock_add_node(&f->mb, SZ_1M, SZ_1M, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, top0, SZ_1M, 1, 0), 0);
	assert_int_equal(memblock_alloc_node(&f->mb, SZ_4K, SZ_4K, 0), top0 - SZ_4K);
	assert_int_equal(memblock_alloc_try_nid_raw(&f->mb, SZ_4K, SZ_4K, 0,
						    MEMBLOCK_ALLOC_ACCESSIBLE, 1),
			 3 * SZ_1M - SZ_4K);
	assert_int_equal(memblock_reserve(&f->mb, top0, SZ_1M), 0);
	assert_regions(&f->mb, &f->mb.reserved, RA(top0 - SZ_4K, SZ_1M + SZ_4K));

	assert_int_equal(memblock_alloc_exact_nid_raw(&f->mb, SZ_4K, SZ_4K, 0,
						      MEMBLOCK_ALLOC_ACCESSIBLE, 1), 0);
	assert_regions(&f->mb, &f->mb.reserved, RA(top0 - SZ_4K, SZ_1M + SZ_4K));
	assert_int_equal(memblock_phys_alloc_try_nid(&f->mb, SZ_4K, SZ_4K, 1),
			 top0 - 2 * SZ_4K);
	assert_int_equal(memblock_alloc_try_nid(&f->mb, SZ_4K, SZ_4K, 0,
						MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE),
			 top0 - 3 * SZ_4K);
	assert_int_equal(memblock_alloc_range_nid(&f->mb, SZ_4K, SZ_4K, 0,
						  MEMBLOCK_ALLOC_ACCESSIBLE,
						  MEMBLOCK_ANY_NODE, true),
			 top0 - 4 * SZ_4K);
	/* a node with no memory: exact fails, the fallback does not */
	assert_int_equal(memblock_find_in_range_node(&f->mb, SZ_4K, SZ_4K, 0,
						     MEMBLOCK_ALLOC_ANYWHERE, 5, 0), 0);
}

/*
 * memblock_alloc_try_nid's limits: @max_addr capped at current_limit, and
 * a retry from 0 when nothing fits above @min_addr.
 * Expect the allocation just below the limit, then, with @min_addr too
 * high for the size, the highest fit below the limit after all;
 * memblock_alloc_low below 4 GiB.
 */
static void memblock_alloc_limits(void **state)
{
	struct fixture *f = *state;
	uint64_t limit = SZ_1M + SZ_1M / 2;

	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_1M), 0);
	assert_int_equal(memblock_add(&f->mb, 8 * SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_get_current_limit(&f->mb), MEMBLOCK_ALLOC_ANYWHERE);
	assert_int_equal(memblock_alloc_low(&f->mb, SZ_4K, SZ_4K), 2 * SZ_1M - SZ_4K);
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 8 * SZ_1G + SZ_1M - SZ_4K);

	memblock_set_current_limit(&f->mb, limit);
	assert_int_equal(memblock_alloc_try_nid(&f->mb, SZ_64K, SZ_4K, 0, 2 * SZ_1M,
						NUMA_NO_NODE), limit - SZ_64K);
	assert_int_equal(memblock_alloc_from(&f->mb, SZ_64K, SZ_4K, limit - SZ_4K),
			 limit - 2 * SZ_64K);
	assert_regions(&f->mb, &f->mb.reserved, RA(limit - 2 * SZ_64K, 2 * SZ_64K),
		       RA(2 * SZ_1M - SZ_4K, SZ_4K), RA(8 * SZ_1G + SZ_1M - SZ_4K, SZ_4K));
	assert_int_equal(memblock_alloc(&f->mb, SZ_1M, SZ_4K), 0);
}

/*
 * NOMAP, driver-managed and (under movable_node) HOTPLUG memory above
 * ordinary memory.
 * Expect allocations below all three, HOTPLUG used without movable_node.
 */
static void memblock_alloc_skips_flagged(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, SZ_1M, SZ_1M, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 2 * SZ_1M, SZ_1M, 0, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(memblock_add_node(&f->mb, 3 * SZ_1M, SZ_1M, 0, MEMBLOCK_NOMAP), 0);
	assert_int_equal(memblock_add_node(&f->mb, 4 * SZ_1M, SZ_1M, 0,
					   MEMBLOCK_DRIVER_MANAGED), 0);
	f->mb.movable_node = true;
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 2 * SZ_1M - SZ_4K);
	f->mb.movable_node = false;
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 3 * SZ_1M - SZ_4K);
	assert_int_equal(memblock_find_in_range_node(&f->mb, SZ_4K, SZ_4K, 0,
						     MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE,
						     MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED),
			 5 * SZ_1M - SZ_4K);
}

/*
 * A mirrored region below ordinary memory.
 * Expect allocations from the mirror first, and from the rest once the
 * mirror is full (choose_memblock_flags and the fallback).
 */
static void memblock_alloc_mirror_first(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add(&f->mb, SZ_1M, 2 * SZ_1M), 0);
	assert_int_equal(memblock_mark_mirror(&f->mb, SZ_1M, SZ_64K), 0);
	assert_true(f->mb.has_mirror);
	assert_int_equal(memblock_alloc(&f->mb, SZ_64K - SZ_4K, SZ_4K), SZ_1M + SZ_4K);
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), SZ_1M);
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 3 * SZ_1M - SZ_4K);
	assert_int_equal(memblock_find_in_range(&f->mb, 0, 2 * SZ_1M, SZ_4K, SZ_4K),
			 2 * SZ_1M - SZ_4K);
}

/*
 * memblock_trim_memory to 64K: an aligned region, one with an unaligned
 * base, one with an unaligned end, one too small to keep anything.
 * Expect the first as it was, the next two trimmed, the last removed, and
 * total_size following (the kernel's leaves it as it was).
 */
static void memblock_trim_memory_cases(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_add_node(&f->mb, SZ_1M, SZ_64K, 0, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 2 * SZ_1M + SZ_4K, SZ_64K * 2, 1, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 3 * SZ_1M + SZ_4K, SZ_64K - SZ_8K, 2, 0), 0);
	assert_int_equal(memblock_add_node(&f->mb, 4 * SZ_1M, SZ_64K + SZ_8K, 3, 0), 0);
	memblock_trim_memory(&f->mb, SZ_64K);
	assert_regions(&f->mb, &f->mb.memory, R(SZ_1M, SZ_64K, 0, 0),
		       R(2 * SZ_1M + SZ_64K, SZ_64K, 1, 0), R(4 * SZ_1M, SZ_64K, 3, 0));
	memblock_trim_memory(&f->mb, SZ_1M);
	assert_no_regions(&f->mb, &f->mb.memory);
	assert_memory_equal(&f->mb.memory.regions[0],
			    &(struct memblock_region){ 0 }, sizeof(struct memblock_region));
}

/*
 * The last region of an array freed.
 * Expect cnt 0 and regions[0] zeroed, as the kernel's since v6.3.
 */
static void memblock_emptied_array_zeroed(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(memblock_reserve(&f->mb, SZ_1M, SZ_64K), 0);
	assert_int_equal(memblock_phys_free(&f->mb, 0, SZ_1G), 0);
	assert_int_equal(f->mb.reserved.cnt, 0);
	assert_memory_equal(&f->mb.reserved.regions[0],
			    &(struct memblock_region){ 0 }, sizeof(struct memblock_region));
	assert_true(memblock_overlaps_region(&f->mb.memory, 0, SZ_1G) == false);
	assert_int_equal(memblock_add(&f->mb, SZ_1M, SZ_64K), 0);
	assert_true(memblock_overlaps_region(&f->mb.memory, SZ_1M + SZ_64K - 1, 1));
	assert_false(memblock_overlaps_region(&f->mb.memory, SZ_1M + SZ_64K, SZ_1G));
}

/*
 * After memblock_allow_resize(), 129 reserved regions, then 129 memory
 * regions, then 257, all below one large memory region [64M, 80M):
 *
 *  | ++ ++ ++ ...  ++          +-------------------+---+---+
 *  | || || ||      ||          |                   | m | r |
 *  +-++-++-++------++----------+-------------------+---+---+
 *                              64M                          80M
 *
 * Expect each doubled array at the top of free memory, PAGE_SIZE aligned
 * and PAGE_ALIGN(max * 24) long, reserved there: the reserved array's
 * first, the memory array's below it; the memory array's next one below
 * that (found before the old one is released), the old one released;
 * memblock_check clean throughout.
 */
static void memblock_double_array_in_memblock(void **state)
{
	struct fixture *f = *state;
	uint64_t top = 80 * SZ_1M;
	unsigned long i;

	assert_int_equal(memblock_add(&f->mb, 64 * SZ_1M, SZ_16M), 0);
	memblock_allow_resize(&f->mb);
	for (i = 0; i < INIT_MEMBLOCK_REGIONS + 1; i++)
		assert_int_equal(memblock_reserve(&f->mb, SZ_1M + i * SZ_8K, SZ_4K), 0);
	assert_int_equal(f->mb.reserved.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->mb.reserved.array_phys, top - SZ_8K);
	assert_int_equal(f->mb.reserved.array_phys_size, SZ_8K);
	assert_int_equal(f->mb.reserved.cnt, INIT_MEMBLOCK_REGIONS + 2);
	assert_true(memblock_is_reserved(&f->mb, top - 1));
	assert_check_clean(&f->mb);

	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		assert_int_equal(memblock_add(&f->mb, SZ_1M + i * 2 * SZ_64K, SZ_64K), 0);
	assert_int_equal(f->mb.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->mb.memory.array_phys, top - 2 * SZ_8K);
	assert_int_equal(f->mb.memory.array_phys_size, SZ_8K);
	assert_true(memblock_is_reserved(&f->mb, top - 2 * SZ_8K));
	assert_check_clean(&f->mb);

	for (; i < 2 * INIT_MEMBLOCK_REGIONS; i++)
		assert_int_equal(memblock_add(&f->mb, SZ_1M + i * 2 * SZ_64K, SZ_64K), 0);
	assert_int_equal(f->mb.memory.max, 4 * INIT_MEMBLOCK_REGIONS);
	/* 512 * 24 bytes: three pages */
	assert_int_equal(f->mb.memory.array_phys, top - 2 * SZ_8K - 3 * SZ_4K);
	assert_int_equal(f->mb.memory.array_phys_size, 3 * SZ_4K);
	assert_false(memblock_is_reserved(&f->mb, top - 2 * SZ_8K));
	assert_true(memblock_is_reserved(&f->mb, top - SZ_8K));
	assert_check_clean(&f->mb);
}

/*
 * A full memory array and a full reserved array after
 * memblock_allow_resize(): the 129th memory region needs a new memory array
 * reserved in a new reserved array.  Fail the first, then the second
 * allocation; then leave no room in memory for the array.
 * Expect -ENOMEM each time with both arrays byte-identical, then success
 * with both grown.
 */
static void memblock_double_array_enomem(void **state)
{
	struct fixture *f = *state;
	unsigned long n;
	struct snapshot s;

	fill_disjoint(f, true, INIT_MEMBLOCK_REGIONS - 1, SZ_1M, SZ_1M, SZ_64K, 0, 0);
	assert_int_equal(memblock_add_node(&f->mb, SZ_1G, SZ_1M, 0, 0), 0);
	fill_disjoint(f, false, INIT_MEMBLOCK_REGIONS, SZ_1M, SZ_1M, SZ_4K, 0, 0);
	memblock_allow_resize(&f->mb);

	for (n = 1; n <= 2; n++) {
		snapshot_take(&s, &f->mb);
		f->alloc.fail_at = f->alloc.nr_calls + n;
		assert_int_equal(memblock_add(&f->mb, 2 * SZ_1G, SZ_64K), -ENOMEM);
		assert_snapshot_equal(&s, &f->mb);
		snapshot_free(&s);
		assert_check_clean(&f->mb);
	}
	f->alloc.fail_at = 0;

	/* no free memory for the new array: the kernel's "Failed to double" */
	assert_int_equal(memblock_reserve(&f->mb, 0, 4 * SZ_1G), 0);
	assert_int_equal(f->mb.reserved.cnt, 1);
	snapshot_take(&s, &f->mb);
	assert_int_equal(memblock_add(&f->mb, 2 * SZ_1G, SZ_64K), -ENOMEM);
	assert_snapshot_equal(&s, &f->mb);
	snapshot_free(&s);
	/* the reserved array grew for that (129 gaps) and lies at the top of it */
	assert_int_equal(f->mb.reserved.array_phys, SZ_1G + SZ_1M - 3 * SZ_4K);
	assert_int_equal(memblock_phys_free(&f->mb, SZ_1G, SZ_64K), 0);

	assert_int_equal(memblock_add(&f->mb, 2 * SZ_1G, SZ_64K), 0);
	assert_int_equal(f->mb.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(f->mb.memory.array_phys, SZ_1G + SZ_64K - SZ_8K);
	assert_check_clean(&f->mb);
}

/*
 * An allocation whose reservation needs a new reserved array, with that
 * allocation failed.
 * Expect 0 (the kernel's failure), both arrays byte-identical.
 */
static void memblock_alloc_enomem_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct snapshot s;

	assert_int_equal(memblock_add(&f->mb, 0, 4 * SZ_1G), 0);
	fill_disjoint(f, false, INIT_MEMBLOCK_REGIONS, SZ_1M, SZ_1M, SZ_4K, 0, 0);
	snapshot_take(&s, &f->mb);
	f->alloc.fail_at = f->alloc.nr_calls + 1;
	f->alloc.fail_repeat = true;
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 0);
	f->alloc.fail_at = 0;
	f->alloc.fail_repeat = false;
	assert_snapshot_equal(&s, &f->mb);
	snapshot_free(&s);
	assert_int_equal(memblock_alloc(&f->mb, SZ_4K, SZ_4K), 4 * SZ_1G - SZ_4K);
}

/* ------------------------------------------------------------------------
 * fault injection, one test per mutating call
 */

enum mb_op {
	OP_ADD, OP_ADD_NODE, OP_RESERVE, OP_REMOVE, OP_PHYS_FREE, OP_SET_NODE,
	OP_MARK_HOTPLUG, OP_CLEAR_HOTPLUG, OP_MARK_NOMAP, OP_CLEAR_NOMAP,
	NR_MB_OPS,
};

static const char * const mb_op_names[NR_MB_OPS] = {
	[OP_ADD] = "add", [OP_ADD_NODE] = "add_node", [OP_RESERVE] = "reserve",
	[OP_REMOVE] = "remove", [OP_PHYS_FREE] = "phys_free",
	[OP_SET_NODE] = "set_node", [OP_MARK_HOTPLUG] = "mark_hotplug",
	[OP_CLEAR_HOTPLUG] = "clear_hotplug", [OP_MARK_NOMAP] = "mark_nomap",
	[OP_CLEAR_NOMAP] = "clear_nomap",
};

static int run_op(struct memblock *mb, enum mb_op op, uint64_t base, uint64_t size,
		  int nid, unsigned int flags)
{
	switch (op) {
	case OP_ADD:
		return memblock_add(mb, base, size);
	case OP_ADD_NODE:
		return memblock_add_node(mb, base, size, nid, flags);
	case OP_RESERVE:
		return memblock_reserve(mb, base, size);
	case OP_REMOVE:
		return memblock_remove(mb, base, size);
	case OP_PHYS_FREE:
		return memblock_phys_free(mb, base, size);
	case OP_SET_NODE:
		return memblock_set_node(mb, base, size, nid);
	case OP_MARK_HOTPLUG:
		return memblock_mark_hotplug(mb, base, size);
	case OP_CLEAR_HOTPLUG:
		return memblock_clear_hotplug(mb, base, size);
	case OP_MARK_NOMAP:
		return memblock_mark_nomap(mb, base, size);
	case OP_CLEAR_NOMAP:
		return memblock_clear_nomap(mb, base, size);
	default:
		return -EINVAL;
	}
}

static const enum mb_op fault_ops[NR_MB_OPS] = {
	OP_ADD, OP_ADD_NODE, OP_RESERVE, OP_REMOVE, OP_PHYS_FREE, OP_SET_NODE,
	OP_MARK_HOTPLUG, OP_CLEAR_HOTPLUG, OP_MARK_NOMAP, OP_CLEAR_NOMAP,
};

/*
 * A full array (cnt == max) and a call that needs new slots: an add of a
 * new disjoint range needs one, a remove/set_node/mark/clear inside one
 * region needs two (a split at each edge):
 *
 *  | +-+ +-+ +-+ +-+-+-+ +-+      +-+  +--+
 *  | |0| |1| |2| |3|r|3| |4| ...  |n|  |r |   (add: r beyond the last)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+------+-+--+--+
 *
 * Expect, with the next allocation failed: -ENOMEM, one injected failure,
 * both arrays byte-identical to the snapshot (cnt, max, total_size, the
 * array pointer and every slot) and memblock_check clean.  Then, without
 * injection: success and the expected cnt.  Then the same call again with
 * every allocation failing: success, because it needs no new slot.
 */
static void memblock_ops_enomem_change_nothing(void **state)
{
	struct fixture *f = *state;
	enum mb_op op = *(const enum mb_op *)f->param;
	bool adds = op == OP_ADD || op == OP_ADD_NODE || op == OP_RESERVE;
	bool reserved = op == OP_RESERVE || op == OP_PHYS_FREE;
	unsigned int flags = (op == OP_CLEAR_HOTPLUG || op == OP_CLEAR_NOMAP) ?
			     MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP : 0;
	struct memblock_type *type = reserved ? &f->mb.reserved : &f->mb.memory;
	uint64_t base = adds ? 2 * SZ_1G : 5 * SZ_1M + SZ_4K;
	uint64_t size = adds ? SZ_1M : 2 * SZ_4K;
	bool removes = op == OP_REMOVE || op == OP_PHYS_FREE;
	/* an add inserts one region; an isolate splits one region into three */
	unsigned long expect_cnt = INIT_MEMBLOCK_REGIONS + (adds || removes ? 1 : 2);
	struct snapshot s;
	int rc;

	print_message("op %s\n", mb_op_names[op]);
	fill_disjoint(f, !reserved, INIT_MEMBLOCK_REGIONS, SZ_1M, SZ_1M, SZ_64K, 0, flags);
	/* something in the other array too, so that both are compared */
	if (reserved)
		assert_int_equal(memblock_add(&f->mb, 0, SZ_64K), 0);
	else
		assert_int_equal(memblock_reserve(&f->mb, 0, SZ_64K), 0);
	assert_int_equal(type->cnt, type->max);

	snapshot_take(&s, &f->mb);
	f->alloc.fail_at = f->alloc.nr_calls + 1;
	rc = run_op(&f->mb, op, base, size, 3, MEMBLOCK_HOTPLUG);
	assert_int_equal(rc, -ENOMEM);
	assert_int_equal(f->alloc.nr_failed, 1);
	assert_snapshot_equal(&s, &f->mb);
	snapshot_free(&s);
	assert_check_clean(&f->mb);

	f->alloc.fail_at = 0;
	assert_int_equal(run_op(&f->mb, op, base, size, 3, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(type->max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(type->cnt, expect_cnt);
	assert_check_clean(&f->mb);

	f->alloc.fail_at = f->alloc.nr_calls + 1;
	f->alloc.fail_repeat = true;
	assert_int_equal(run_op(&f->mb, op, base, size, 3, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(type->cnt, expect_cnt);
	f->alloc.fail_at = 0;
	f->alloc.fail_repeat = false;
	assert_int_equal(f->alloc.nr_failed, 1);
}

/* ------------------------------------------------------------------------
 * randomised operations against a page-granular model
 */

#define MODEL_UNITS	600
#define MODEL_UNIT	SZ_4K
#define MODEL_BASE	SZ_1M
#define MODEL_STEPS	15000
#define MODEL_AFTER_GROWTH 100	/* steps run on after a growth before starting over */

struct model {
	bool mem[MODEL_UNITS];
	int nid[MODEL_UNITS];
	unsigned int flags[MODEL_UNITS];
	bool rsv[MODEL_UNITS];
};

static uint32_t prng_next(uint32_t *s)
{
	/* xorshift32 */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void model_apply(struct model *m, enum mb_op op, unsigned long first,
			unsigned long nr, int nid, unsigned int flags)
{
	unsigned long i;

	for (i = first; i < first + nr; i++) {
		switch (op) {
		case OP_ADD:
		case OP_ADD_NODE:
			if (!m->mem[i]) {
				m->mem[i] = true;
				m->nid[i] = op == OP_ADD ? ANY : nid;
				m->flags[i] = op == OP_ADD ? 0 : flags;
			}
			break;
		case OP_REMOVE:
			m->mem[i] = false;
			break;
		case OP_RESERVE:
			m->rsv[i] = true;
			break;
		case OP_PHYS_FREE:
			m->rsv[i] = false;
			break;
		case OP_SET_NODE:
			m->nid[i] = nid;
			break;
		case OP_MARK_HOTPLUG:
			m->flags[i] |= MEMBLOCK_HOTPLUG;
			break;
		case OP_CLEAR_HOTPLUG:
			m->flags[i] &= ~MEMBLOCK_HOTPLUG;
			break;
		case OP_MARK_NOMAP:
			m->flags[i] |= MEMBLOCK_NOMAP;
			break;
		case OP_CLEAR_NOMAP:
			m->flags[i] &= ~MEMBLOCK_NOMAP;
			break;
		default:
			break;
		}
	}
}

/* The minimal region array the model describes; returns the count. */
static unsigned long model_regions(const struct model *m, bool memory,
				   struct memblock_region *out)
{
	unsigned long i, n = 0;

	for (i = 0; i < MODEL_UNITS; i++) {
		bool present = memory ? m->mem[i] : m->rsv[i];
		int nid = memory ? m->nid[i] : ANY;
		unsigned int flags = memory ? m->flags[i] : 0;
		uint64_t base = MODEL_BASE + i * MODEL_UNIT;

		if (!present)
			continue;
		if (n && out[n - 1].base + out[n - 1].size == base &&
		    out[n - 1].nid == nid && out[n - 1].flags == flags) {
			out[n - 1].size += MODEL_UNIT;
			continue;
		}
		out[n++] = (struct memblock_region)R(base, MODEL_UNIT, nid, flags);
	}
	return n;
}

static void model_compare(const struct fixture *f, const struct model *m,
			  unsigned long step)
{
	static struct memblock_region want[MODEL_UNITS];
	unsigned long n;

	n = model_regions(m, true, want);
	if (f->mb.memory.cnt != n || memcmp(f->mb.memory.regions, want, n * sizeof(want[0])))
		print_error("memory differs from the model after step %lu\n", step);
	check_type(&f->mb, &f->mb.memory, want, n, __FILE__, __LINE__);
	n = model_regions(m, false, want);
	if (f->mb.reserved.cnt != n)
		print_error("reserved differs from the model after step %lu\n", step);
	check_type(&f->mb, &f->mb.reserved, want, n, __FILE__, __LINE__);
}

/* Starts over with an empty memblock and model, so that the arrays grow again. */
static void model_restart(struct fixture *f, struct model *m)
{
	memblock_destroy(&f->mb);
	assert_int_equal(f->alloc.nr_live, 0);
	assert_int_equal(memblock_init(&f->mb, &f->alloc), 0);
	memset(m, 0, sizeof(*m));
}

static bool memblock_nearly_full(const struct memblock *mb)
{
	return mb->memory.max - mb->memory.cnt < 2 ||
	       mb->reserved.max - mb->reserved.cnt < 2;
}

/*
 * Random operations on a window of MODEL_UNITS pages, checked after every
 * step against a per-page model (present, nid, flags) turned into the
 * minimal region array: this checks gap filling, splitting and merging in
 * all combinations.  Short ranges keep the arrays fragmented enough to
 * outgrow INIT_MEMBLOCK_REGIONS; some time after an array has grown the
 * run starts over from an empty memblock so that growth happens again.
 *
 * Some steps fail the next allocation (one in two when an array is nearly
 * full, one in eight otherwise); a step that then returns -ENOMEM must
 * leave a byte-identical snapshot, and the model is not updated.
 *
 * Expect agreement with the model and a clean memblock_check after every
 * step, and, so that the test proves what it claims, several growths and
 * several injected -ENOMEM.
 */
static void memblock_random_ops_model(void **state)
{
	struct fixture *f = *state;
	static struct model m;
	uint32_t seed = 0x6d656d62;	/* "memb" */
	unsigned long step, last_growth = 0, nr_growth = 0, nr_enomem = 0;

	memset(&m, 0, sizeof(m));
	print_message("seed 0x%08" PRIx32 "\n", seed);
	for (step = 0; step < MODEL_STEPS; step++) {
		enum mb_op op = (enum mb_op)(prng_next(&seed) % NR_MB_OPS);
		unsigned long first = prng_next(&seed) % MODEL_UNITS;
		unsigned long nr = prng_next(&seed) % 8;
		int nid = (int)(prng_next(&seed) % 3);
		unsigned int flags = prng_next(&seed) % 4 ? 0 : MEMBLOCK_DRIVER_MANAGED;
		unsigned int odds = memblock_nearly_full(&f->mb) ? 2 : 8;
		bool inject = prng_next(&seed) % odds == 0;
		unsigned long old_max = f->mb.memory.max + f->mb.reserved.max;
		struct snapshot s;
		int rc;

		if (prng_next(&seed) % 32 == 0)	/* now and then a long range */
			nr = prng_next(&seed) % MODEL_UNITS;
		if (first + nr > MODEL_UNITS)
			nr = MODEL_UNITS - first;
		if (nid == 2)
			nid = ANY;

		if (inject) {
			snapshot_take(&s, &f->mb);
			f->alloc.fail_at = f->alloc.nr_calls + 1;
		}
		rc = run_op(&f->mb, op, MODEL_BASE + first * MODEL_UNIT,
			    nr * MODEL_UNIT, nid, flags);
		f->alloc.fail_at = 0;
		if (inject && rc == -ENOMEM) {
			assert_snapshot_equal(&s, &f->mb);
			nr_enomem++;
		} else {
			assert_int_equal(rc, 0);
			model_apply(&m, op, first, nr, nid, flags);
		}
		if (inject)
			snapshot_free(&s);

		model_compare(f, &m, step);
		assert_check_clean(&f->mb);

		if (f->mb.memory.max + f->mb.reserved.max > old_max) {
			nr_growth++;
			last_growth = step;
		} else if (last_growth && step - last_growth == MODEL_AFTER_GROWTH) {
			model_restart(f, &m);
			last_growth = 0;
		}
	}
	print_message("%lu steps, %lu growths, %lu -ENOMEM\n", step, nr_growth,
		      nr_enomem);
	assert_true(nr_growth >= 4);
	assert_true(nr_enomem >= 4);
}

/* ------------------------------------------------------------------------ */

#define GENERIC(name, fn, api) \
	{ name, fn, setup, teardown_generic, (void *)&(api) }
#define TEST(fn)		cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define FAULT(name, op)	{ name, memblock_ops_enomem_change_nothing, setup, teardown, (void *)&fault_ops[op] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(memblock_init_empty),
		cmocka_unit_test(memblock_init_enomem),
		TEST(memblock_destroy_twice),

		GENERIC("memblock_add_simple", memblock_add_simple, memory_api),
		GENERIC("memblock_add_disjoint", memblock_add_disjoint, memory_api),
		GENERIC("memblock_add_overlap_bottom", memblock_add_overlap_bottom, memory_api),
		GENERIC("memblock_add_overlap_top", memblock_add_overlap_top, memory_api),
		GENERIC("memblock_add_within", memblock_add_within, memory_api),
		GENERIC("memblock_add_spanning", memblock_add_spanning, memory_api),
		GENERIC("memblock_add_adjacent_below", memblock_add_adjacent_below, memory_api),
		GENERIC("memblock_add_adjacent_above", memblock_add_adjacent_above, memory_api),
		GENERIC("memblock_add_adjacent_bridge", memblock_add_adjacent_bridge, memory_api),
		GENERIC("memblock_add_twice", memblock_add_twice, memory_api),
		GENERIC("memblock_add_empty", memblock_add_empty, memory_api),
		GENERIC("memblock_add_wrap", memblock_add_wrap, memory_api),
		GENERIC("memblock_add_table_growth", memblock_add_table_growth, memory_api),
		GENERIC("memblock_add_spanning_growth", memblock_add_spanning_growth, memory_api),

		TEST(memblock_add_node_simple),
		TEST(memblock_add_node_adjacent_different),
		TEST(memblock_add_node_overlap_keeps_existing),
		TEST(memblock_add_node_spanning_fills_gaps),

		GENERIC("memblock_reserve_simple", memblock_add_simple, reserved_api),
		GENERIC("memblock_reserve_disjoint", memblock_add_disjoint, reserved_api),
		GENERIC("memblock_reserve_overlap_bottom", memblock_add_overlap_bottom, reserved_api),
		GENERIC("memblock_reserve_overlap_top", memblock_add_overlap_top, reserved_api),
		GENERIC("memblock_reserve_within", memblock_add_within, reserved_api),
		GENERIC("memblock_reserve_spanning", memblock_add_spanning, reserved_api),
		GENERIC("memblock_reserve_adjacent_below", memblock_add_adjacent_below, reserved_api),
		GENERIC("memblock_reserve_adjacent_above", memblock_add_adjacent_above, reserved_api),
		GENERIC("memblock_reserve_adjacent_bridge", memblock_add_adjacent_bridge, reserved_api),
		GENERIC("memblock_reserve_twice", memblock_add_twice, reserved_api),
		GENERIC("memblock_reserve_empty", memblock_add_empty, reserved_api),
		GENERIC("memblock_reserve_wrap", memblock_add_wrap, reserved_api),
		GENERIC("memblock_reserve_table_growth", memblock_add_table_growth, reserved_api),
		GENERIC("memblock_reserve_spanning_growth", memblock_add_spanning_growth, reserved_api),

		GENERIC("memblock_remove_simple", memblock_remove_simple, memory_api),
		GENERIC("memblock_remove_only_region", memblock_remove_only_region, memory_api),
		GENERIC("memblock_remove_disjoint", memblock_remove_disjoint, memory_api),
		GENERIC("memblock_remove_adjacent", memblock_remove_adjacent, memory_api),
		GENERIC("memblock_remove_overlap_bottom", memblock_remove_overlap_bottom, memory_api),
		GENERIC("memblock_remove_overlap_top", memblock_remove_overlap_top, memory_api),
		GENERIC("memblock_remove_within", memblock_remove_within, memory_api),
		GENERIC("memblock_remove_spanning", memblock_remove_spanning, memory_api),
		GENERIC("memblock_remove_twice", memblock_remove_twice, memory_api),
		GENERIC("memblock_remove_empty", memblock_remove_empty, memory_api),
		GENERIC("memblock_remove_wrap", memblock_remove_wrap, memory_api),
		GENERIC("memblock_remove_table_growth", memblock_remove_table_growth, memory_api),
		TEST(memblock_remove_keeps_attrs),

		GENERIC("memblock_phys_free_simple", memblock_remove_simple, reserved_api),
		GENERIC("memblock_phys_free_only_region", memblock_remove_only_region, reserved_api),
		GENERIC("memblock_phys_free_disjoint", memblock_remove_disjoint, reserved_api),
		GENERIC("memblock_phys_free_adjacent", memblock_remove_adjacent, reserved_api),
		GENERIC("memblock_phys_free_overlap_bottom", memblock_remove_overlap_bottom,
			reserved_api),
		GENERIC("memblock_phys_free_overlap_top", memblock_remove_overlap_top, reserved_api),
		GENERIC("memblock_phys_free_within", memblock_remove_within, reserved_api),
		GENERIC("memblock_phys_free_spanning", memblock_remove_spanning, reserved_api),
		GENERIC("memblock_phys_free_twice", memblock_remove_twice, reserved_api),
		GENERIC("memblock_phys_free_empty", memblock_remove_empty, reserved_api),
		GENERIC("memblock_phys_free_wrap", memblock_remove_wrap, reserved_api),
		GENERIC("memblock_phys_free_table_growth", memblock_remove_table_growth, reserved_api),
		TEST(memblock_reserve_independent_of_memory),

		TEST(memblock_set_node_simple),
		TEST(memblock_set_node_within),
		TEST(memblock_set_node_overlap_bottom_top),
		TEST(memblock_set_node_spanning),
		TEST(memblock_set_node_merge),
		TEST(memblock_set_node_hole_empty_wrap),

		TEST(memblock_mark_nomap_within),
		TEST(memblock_mark_nomap_spanning),
		TEST(memblock_mark_nomap_twice_empty_wrap),
		TEST(memblock_mark_hotplug_overlap_nomap),
		TEST(memblock_clear_hotplug_overlap_top),
		TEST(memblock_mark_nomap_table_growth),

		TEST(memblock_queries_edges),
		TEST(memblock_queries_many),

		TEST(memblock_check_unsorted_overlap),
		TEST(memblock_check_zero_size),
		TEST(memblock_check_unmerged),
		TEST(memblock_check_total_and_cnt),

		TEST(memblock_dump_format),
		TEST(memblock_dump_empty),

		TEST(memblock_alloc_top_down_bottom_up),
		TEST(memblock_find_not_first_page),
		TEST(memblock_alloc_nid_exact_and_fallback),
		TEST(memblock_alloc_limits),
		TEST(memblock_alloc_skips_flagged),
		TEST(memblock_alloc_mirror_first),
		TEST(memblock_trim_memory_cases),
		TEST(memblock_emptied_array_zeroed),
		TEST(memblock_double_array_in_memblock),
		TEST(memblock_double_array_enomem),
		TEST(memblock_alloc_enomem_changes_nothing),

		FAULT("memblock_add_enomem", OP_ADD),
		FAULT("memblock_add_node_enomem", OP_ADD_NODE),
		FAULT("memblock_reserve_enomem", OP_RESERVE),
		FAULT("memblock_remove_enomem", OP_REMOVE),
		FAULT("memblock_phys_free_enomem", OP_PHYS_FREE),
		FAULT("memblock_set_node_enomem", OP_SET_NODE),
		FAULT("memblock_mark_hotplug_enomem", OP_MARK_HOTPLUG),
		FAULT("memblock_clear_hotplug_enomem", OP_CLEAR_HOTPLUG),
		FAULT("memblock_mark_nomap_enomem", OP_MARK_NOMAP),
		FAULT("memblock_clear_nomap_enomem", OP_CLEAR_NOMAP),

		TEST(memblock_random_ops_model),
	};

	return cmocka_run_group_tests_name("memblock", tests, NULL, NULL);
}
