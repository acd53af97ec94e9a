// SPDX-License-Identifier: GPL-2.0
/*
 * test_pgtable.c - the kernel page tables (pgtable.c): x86's DirectMap
 * counts, the vmemmap and its altmap, arm64's teardown against a
 * concurrent vmalloc walker, the 2019 pfn_valid pin on the virt board, and
 * the compact tables against the dense ones (twins).
 *
 * The walker tests use arm64's test layout (arch.linear_map_size): the
 * linear map ends at 4.5 GiB, inside the 1 GiB that one PMD table maps,
 * and the vmalloc area starts right there.  A DIMM at [4 GiB, +128 MiB)
 * puts its PTE tables under that shared PMD table T:
 *
 *	T (PMD table, maps PAGE_OFFSET + [4 GiB, 5 GiB))
 *	| entries 0..63   : the DIMM's linear map (PTE tables)
 *	| entries 64..255 : none (linear map, nothing there)
 *	| entries 256..511: vmalloc (the walker's PTE table or 2 MiB block)
 *
 * The walker maps a page at the start of the vmalloc area, unmaps it, maps
 * a 2 MiB block there (freeing its empty PTE table), unmaps it, again and
 * again; each time it finds entry 256 none it populates T.  Hot-remove's
 * free_empty_tables(PAGE_OFFSET, PAGE_END) must never free T: its span
 * crosses PAGE_END.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/machine.h"
#include "hotmem/pgtable.h"
#include "hotmem/sysfs.h"
#include "hotmem/verify.h"

#define SZ_512M		(512ULL << 20)
#define WALK_VA(sys)	((sys)->pgtable.layout.vmalloc_start)

static const uint64_t ram_1g[] = { 0, 1ULL << 30 };

static const struct hm_arch_config arm64_shared = {
	.kind = HM_ARCH_ARM64,
	.keep_memblock = true,
	.prevent_bootmem_remove = true,
	.linear_map_size = SZ_4G + SZ_512M,
};

struct walker {
	struct hm_system *sys;
	bool stop;
	unsigned long rounds, faults;
};

static void *walker_fn(void *arg)
{
	struct walker *w = arg;
	struct hm_system *sys = w->sys;
	const uint64_t va = WALK_VA(sys);

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		if (vmalloc_map(sys, va, 0x1234, false) == -EFAULT)
			w->faults++;
		vmalloc_unmap(sys, va, false);
		if (vmalloc_map(sys, va, 0x1200, true) == -EFAULT)
			w->faults++;
		vmalloc_unmap(sys, va, true);
		__atomic_fetch_add(&w->rounds, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Hot-add and hot-remove the DIMM against the walker until stop(sys) or max cycles. */
static unsigned long race(struct hm_system *sys, unsigned long max, bool stop_at_uaf,
			  struct walker *w)
{
	pthread_t th;
	unsigned long n;

	w->sys = sys;
	assert_int_equal(pthread_create(&th, NULL, walker_fn, w), 0);
	/* the race starts once the walker runs: a cycle can be faster than a thread start */
	while (!__atomic_load_n(&w->rounds, __ATOMIC_ACQUIRE))
		sched_yield();
	for (n = 0; n < max; n++) {
		assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
		assert_true(pgtable_linear_is_mapped(sys, SZ_4G));
		assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
		if (stop_at_uaf && __atomic_load_n(&sys->pgtable.uaf, __ATOMIC_RELAXED))
			break;
	}
	__atomic_store_n(&w->stop, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(th, NULL), 0);
	return n;
}

/*
 * The kernel's rule: 300 add/remove cycles against the walker.  Expect no
 * walker ever to reach a freed table, the DIMM's PTE tables freed each
 * time, the shared table kept, and the verifier clean.
 */
static void free_empty_tables_spares_vmalloc_walker(void **state)
{
	struct fx *fx = *state;
	struct walker w = { 0 };
	struct hm_system *sys;
	unsigned long tables;

	fx_boot(fx, &arm64_shared, ram_1g, 1, 0x1, 0x1);
	sys = fx->sys;
	assert_int_equal(vmalloc_map(sys, WALK_VA(sys), 0x1234, false), 0);
	vmalloc_unmap(sys, WALK_VA(sys), false);
	tables = sys->pgtable.nr_tables;
	race(sys, 300, false, &w);
	assert_true(w.rounds > 0);
	assert_int_equal(sys->pgtable.uaf, 0);
	assert_int_equal(w.faults, 0);
	/* what is left: at most the walker's PTE table, never fewer than before */
	assert_true(sys->pgtable.nr_tables >= tables - 1 && sys->pgtable.nr_tables <= tables);
	assert_false(pgtable_linear_is_mapped(sys, SZ_4G));
	assert_verify_clean(sys);
}

/*
 * The same race with tables freed regardless of sharing (the bug the
 * floor/ceiling rule prevents): expect the walker to be caught in a freed
 * table within 5000 cycles.  The system is torn down without the verifier:
 * the race may have left its tables inconsistent, as it would the kernel's.
 */
static void free_empty_tables_regardless_walker_uaf(void **state)
{
	struct fx *fx = *state;
	struct walker w = { 0 };
	struct hm_system *sys;
	unsigned long cycles;

	fx_boot(fx, &arm64_shared, ram_1g, 1, 0x1, 0x1);
	sys = fx->sys;
	sys->pgtable.free_regardless = true;
	cycles = race(sys, 5000, true, &w);
	print_message("use-after-free caught after %lu cycles, %lu walker rounds\n", cycles + 1,
		      w.rounds);
	assert_true(sys->pgtable.uaf > 0);
	assert_true(w.faults > 0);
	hm_system_destroy(sys);
	fx->sys = NULL;
}

/* Without any walker, the buggy rule frees the shared table (and the verifier is clean). */
static void free_empty_tables_regardless_frees_shared(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long before;

	fx_boot(fx, &arm64_shared, ram_1g, 1, 0x1, 0x1);
	sys = fx->sys;
	before = sys->pgtable.nr_tables;
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	/* a PMD table T and 64 PTE tables for the linear map */
	assert_int_equal(sys->pgtable.nr_tables, before + 1 + 64);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_int_equal(sys->pgtable.nr_tables, before + 1);	/* T stays: shared */
	assert_verify_clean(sys);
	sys->pgtable.free_regardless = true;
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_int_equal(sys->pgtable.nr_tables, before);	/* T freed */
	assert_verify_clean(sys);
}

static long direct_kb(struct hm_system *sys, int level)
{
	return sys->pgtable.direct_pages[level] << (level == 0 ? 2 : level == 1 ? 11 : 20);
}

/*
 * x86 DirectMap: the counts of the oracle at boot (1 GiB; 5 GiB with -cpu
 * max), then hot-add maps with 2 MiB pages, or 1 GiB where aligned with
 * pdpe1gb, and hot-remove gives exactly that back.
 */
static void init_memory_mapping_x86_directmap_counts(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, "-m 1G,slots=4,maxmem=8G -smp 1", NULL);
	sys = fx->sys;
	assert_int_equal(direct_kb(sys, 0), 26496);
	assert_int_equal(direct_kb(sys, 1), 1021952);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_1G, MHP_NONE), 0);
	assert_int_equal(direct_kb(sys, 1), 1021952 + 1048576);
	assert_int_equal(direct_kb(sys, 2), 0);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_1G), 0);
	assert_int_equal(direct_kb(sys, 1), 1021952);
	assert_verify_clean(sys);
	machine_destroy(fx->m);
	fx->m = NULL;

	fx_machine(fx, "-m 5G,slots=4,maxmem=16G -smp 1 -cpu max", NULL);
	sys = fx->sys;
	assert_int_equal(direct_kb(sys, 0), 30592);
	assert_int_equal(direct_kb(sys, 1), 4163584);
	assert_int_equal(direct_kb(sys, 2), 3145728);
	/* 1 GiB-aligned GiBs get 1 GiB pages, the rest 2 MiB */
	assert_int_equal(add_memory(sys, 0, 6 * SZ_1G, SZ_1G + SZ_128M, MHP_NONE), 0);
	assert_int_equal(direct_kb(sys, 2), 3145728 + 1048576);
	assert_int_equal(direct_kb(sys, 1), 4163584 + 131072);
	assert_int_equal(remove_memory(sys, 6 * SZ_1G, SZ_1G + SZ_128M), 0);
	assert_int_equal(direct_kb(sys, 2), 3145728);
	assert_int_equal(direct_kb(sys, 1), 4163584);
	assert_verify_clean(sys);
}

/*
 * The verifier finds linear-map entries where no memory was added also far
 * above boot memory (1 TiB, 32 TiB - 128 MiB with phys-bits=46), and does
 * not call boot memory's own mapping stray where boot RAM ends inside a
 * section (QEMU's default -m 128M ends at 0x7fe0000: a fuzz finding).
 */
static void pgtable_check_stray_mapping_far_and_unaligned_boot_end(void **state)
{
	static const uint64_t at[] = { 5ULL << 30, 1ULL << 40, (32ULL << 40) - SZ_128M };
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned int i;

	fx_machine(fx, "-m 1G,slots=4,maxmem=8G -smp 1 -cpu max,phys-bits=46", NULL);
	sys = fx->sys;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		struct hm_report r;
		char want[64];

		hm_report_init(&r);
		assert_int_equal(pgtable_check(sys, &r), 0);
		assert_int_equal(pgtable_linear_map(sys, at[i], SZ_128M), 0);
		assert_int_equal(pgtable_check(sys, &r), 1);
		snprintf(want, sizeof(want), "linear map %#llx: mapped, but no memory",
			 (unsigned long long)at[i]);
		assert_non_null(strstr(hm_buf_str(&r.text), want));
		pgtable_linear_unmap(sys, at[i], SZ_128M);
		hm_report_free(&r);
	}
	assert_verify_clean(sys);
	machine_destroy(fx->m);
	fx->m = NULL;

	/*
	 * QEMU's default -m 128M: RAM ends at 0x7fe0000, inside section 0,
	 * whose linear map is boot memory's (a fuzz finding: the check began
	 * at section 0 and called its mapping stray).
	 */
	fx_machine(fx, "-m 128M", NULL);
	assert_verify_clean(fx->sys);
}

/*
 * The vmemmap: 2 MiB of memmap per section from the buddy (one 2 MiB block
 * each), or from the block itself with memmap_on_memory (the altmap), given
 * back at removal; verify checks every present section is covered.
 */
static void vmemmap_populate_buddy_and_altmap(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long pages, free;

	fx_machine(fx, "-m 1G,slots=4,maxmem=8G -smp 1", "memory_hotplug.memmap_on_memory=1");
	sys = fx->sys;
	pages = sys->pgtable.vmemmap_pages;
	free = fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages;
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_256M, MHP_NONE), 0);
	assert_int_equal(sys->pgtable.vmemmap_pages, pages + 2 * 512);
	assert_true(vmemmap_is_populated(sys, PHYS_PFN(SZ_4G) + BLOCK_PAGES + 5));
	assert_true(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages <= free - 2 * 512);
	assert_verify_clean(sys);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_256M), 0);
	assert_int_equal(sys->pgtable.vmemmap_pages, pages);
	assert_false(vmemmap_is_populated(sys, PHYS_PFN(SZ_4G)));
	assert_int_equal(fx_zone(sys, 0, ZONE_DMA32)->nr_free_pages, free);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_MEMMAP_ON_MEMORY), 0);
	assert_int_equal(sys->pgtable.vmemmap_altmap_pages, 512);
	assert_int_equal(find_memory_block_by_id(sys, 32)->nr_vmemmap_pages, 512);
	assert_verify_clean(sys);
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_int_equal(sys->pgtable.vmemmap_altmap_pages, 0);
	assert_int_equal(sys->pgtable.vmemmap_pages, pages);
	assert_verify_clean(sys);
}

static void qmp_ok(struct hm_machine *m, const char *json)
{
	struct hm_buf ans;

	hm_buf_init(&ans);
	machine_qmp(m, json, &ans);
	if (strcmp(hm_buf_str(&ans), "ok"))
		print_error("%s: %s\n", json, hm_buf_str(&ans));
	assert_string_equal(hm_buf_str(&ans), "ok");
	hm_buf_free(&ans);
	machine_guest_sync(m);
}

/*
 * The 2019 pin on the real arm64 machine: QEMU virt, UEFI, Linux's
 * memblock kept, pfn_valid as before v5.14 (hotmem.arm64_pfn_valid=memblock,
 * it asks memblock_is_map_memory).  A DIMM is plugged (memory16-17),
 * onlined movable and unplugged (the guest offlines and removes it).  The
 * node links must be gone with it: try_remove_memory removes memblock only
 * after the blocks and arch_remove_memory, so pfn_valid still finds the
 * node while the links go.  The nomap flash shows the switch: no pfn_valid
 * with memblock's rule, pfn_valid (a memmap) with 6.1's.
 */
static void try_remove_memory_pin_pfn_valid_memblock_virt(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct sysfs_stat st;
	int ret;

	fx_machine(fx, "-M virt -m 1G,slots=4,maxmem=8G -smp 1", "hotmem.arm64_pfn_valid=memblock");
	sys = fx->sys;
	assert_true(sys->arch.pfn_valid_uses_memblock);
	assert_false(pfn_valid(sys, PHYS_PFN(0x04000000)));	/* nomap flash */
	assert_true(pfn_valid(sys, PHYS_PFN(0x40000000)));
	qmp_ok(fx->m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"m1\",\"size\":268435456}}");
	qmp_ok(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d1\",\"memdev\":\"m1\"}}");
	assert_true(node_has_memory_link(sys, 0, 16));
	assert_true(node_has_memory_link(sys, 0, 17));
	assert_true(pfn_valid(sys, PHYS_PFN(0x80000000)));
	assert_int_equal(fx_block_write(sys, 16, "state", "online_movable"), 0);
	assert_int_equal(fx_block_write(sys, 17, "state", "online_movable"), 0);
	qmp_ok(fx->m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}");
	assert_false(node_has_memory_link(sys, 0, 16));
	assert_false(node_has_memory_link(sys, 0, 17));
	ret = sysfs_stat(sys, "/sys/devices/system/node/node0/memory16", &st);
	assert_int_equal(ret, -ENOENT);
	assert_false(memblock_is_memory(&sys->memblock, 0x80000000));
	assert_false(pgtable_linear_is_mapped(sys, 0x80000000));
	assert_false(vmemmap_is_populated(sys, PHYS_PFN(0x80000000)));
	assert_verify_clean(sys);
	machine_destroy(fx->m);
	fx->m = NULL;

	/* 6.1's generic pfn_valid: the nomap flash has a memmap */
	fx_machine(fx, "-M virt -m 1G,slots=4,maxmem=8G -smp 1", NULL);
	assert_true(pfn_valid(fx->sys, PHYS_PFN(0x04000000)));
	assert_false(pgtable_linear_is_mapped(fx->sys, 0x04000000));	/* nomap */
	assert_true(pgtable_linear_is_mapped(fx->sys, 0x40000000));
}

/*
 * x86 5-level paging (la57, QEMU's -cpu max): the PGD is level 4 and the
 * linear map holds 2^52 bytes, so a DIMM's range above 64 TiB can be added
 * (x86-la57 on the real kernel); with no5lvl the same add is -E2BIG
 * (x86-no5lvl).  Teardown frees the PUD tables of the range too
 * (free_pud_table runs only with 5 levels); with 4 they stay.
 */
static void init_memory_mapping_la57_above_64t(void **state)
{
	const uint64_t at = 70ULL << 40;
	struct fx *fx = *state;
	struct hm_system *sys;
	unsigned long tables;

	fx_machine(fx, "-m 1G,slots=2,maxmem=80T -cpu max,phys-bits=52", NULL);
	sys = fx->sys;
	assert_int_equal(sys->pgtable.levels, 5);
	assert_int_equal(sys->pgtable.pgd->level, 4);
	tables = sys->pgtable.nr_tables;
	assert_int_equal(add_memory(sys, 0, at, SZ_1G, MHP_NONE), 0);
	assert_int_equal(sys->pgtable.nr_tables, tables + 3);	/* 2 PUD tables, 1 PMD table */
	assert_true(pgtable_linear_is_mapped(sys, at));
	assert_true(vmemmap_is_populated(sys, PHYS_PFN(at)));
	assert_int_equal(direct_kb(sys, 2), 1048576);
	assert_verify_clean(sys);
	assert_int_equal(remove_memory(sys, at, SZ_1G), 0);
	assert_false(pgtable_linear_is_mapped(sys, at));
	/* with 5 levels free_pud_table runs: all three go (the P4D tables are boot's) */
	assert_int_equal(sys->pgtable.nr_tables, tables);
	assert_verify_clean(sys);
	machine_destroy(fx->m);
	fx->m = NULL;

	fx_machine(fx, "-m 1G,slots=2,maxmem=80T -cpu max,phys-bits=52", "no5lvl");
	sys = fx->sys;
	assert_int_equal(sys->pgtable.levels, 4);
	assert_int_equal(add_memory(sys, 0, at, SZ_1G, MHP_NONE), -E2BIG);
	/* below 64 TiB it works, and with 4 levels the two PUD tables stay */
	tables = sys->pgtable.nr_tables;
	assert_int_equal(add_memory(sys, 0, 60ULL << 40, SZ_1G, MHP_NONE), 0);
	assert_int_equal(remove_memory(sys, 60ULL << 40, SZ_1G), 0);
	assert_int_equal(sys->pgtable.nr_tables, tables + 2);
	assert_true(printk_log_contains(&sys->log, "exceeds maximum addressable range "
					"[0x0-0x3fffffffffff]"));
	assert_verify_clean(sys);
}

/* The verifier finds a linear mapping above boot memory that no memory was added for. */
static void pgtable_check_finds_stray_linear_mapping(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	struct hm_buf out;

	fx_machine(fx, "-m 1G,slots=2,maxmem=8G", NULL);
	sys = fx->sys;
	assert_int_equal(pgtable_linear_map(sys, SZ_4G, SZ_128M), 0);
	hm_buf_init(&out);
	assert_int_not_equal(verify_system(sys, &out), 0);
	assert_non_null(strstr(hm_buf_str(&out), "linear map 0x100000000"));
	assert_non_null(strstr(hm_buf_str(&out), "mapped, but no memory was added there"));
	hm_buf_free(&out);
	pgtable_linear_unmap(sys, SZ_4G, SZ_128M);
	assert_verify_clean(sys);
}

/* ------------------------------------------------------------------ twins */

/*
 * The compact tables against the dense ones (HOTMEM_PGTABLE=dense): two
 * machines built alike, the same operations on both, and after each every
 * table (its level, VA and page) and every leaf entry compared in walk
 * order, with the counters, /proc/meminfo, buddyinfo and pagetypeinfo.
 */
struct twins {
	struct hm_machine *m[2];	/* compact, dense */
	struct hm_system *sys[2];
};

struct pt_trace {
	uint64_t *v;
	size_t n, cap;
};

static void trace_visit(void *arg, bool leaf, unsigned int level, uint64_t va, uint64_t e)
{
	struct pt_trace *t = arg;

	if (t->n + 4 > t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4096;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		assert_non_null(t->v);
	}
	t->v[t->n++] = leaf;
	t->v[t->n++] = level;
	t->v[t->n++] = va;
	t->v[t->n++] = e;
}

static void compare_file(struct twins *tw, const char *path)
{
	struct hm_buf a, b;

	hm_buf_init(&a);
	hm_buf_init(&b);
	assert_int_equal(sysfs_read(tw->sys[0], path, &a), 0);
	assert_int_equal(sysfs_read(tw->sys[1], path, &b), 0);
	assert_string_equal(hm_buf_str(&a), hm_buf_str(&b));
	hm_buf_free(&a);
	hm_buf_free(&b);
}

static void compare_twin_tables(struct twins *tw)
{
	const struct hm_pgtable *a = &tw->sys[0]->pgtable, *b = &tw->sys[1]->pgtable;
	struct pt_trace ta = { 0 }, tb = { 0 };
	size_t i;
	int l;

	assert_false(a->dense);
	assert_true(b->dense);
	assert_int_equal(b->nr_compact, 0);
	pgtable_walk(tw->sys[0], trace_visit, &ta);
	pgtable_walk(tw->sys[1], trace_visit, &tb);
	for (i = 0; i < ta.n && i < tb.n; i += 4)
		if (memcmp(&ta.v[i], &tb.v[i], 4 * sizeof(*ta.v)))
			fail_msg("walk item %zu: %s L%llu at %#llx: %#llx, dense %s L%llu at %#llx: "
				 "%#llx", i / 4, ta.v[i] ? "leaf" : "table",
				 (unsigned long long)ta.v[i + 1], (unsigned long long)ta.v[i + 2],
				 (unsigned long long)ta.v[i + 3], tb.v[i] ? "leaf" : "table",
				 (unsigned long long)tb.v[i + 1], (unsigned long long)tb.v[i + 2],
				 (unsigned long long)tb.v[i + 3]);
	assert_int_equal(ta.n, tb.n);
	free(ta.v);
	free(tb.v);
	assert_int_equal(a->nr_tables, b->nr_tables);
	assert_int_equal(a->nr_boot_tables, b->nr_boot_tables);
	assert_int_equal(a->vmemmap_pages, b->vmemmap_pages);
	assert_int_equal(a->vmemmap_altmap_pages, b->vmemmap_altmap_pages);
	for (l = 0; l < PG_LEVEL_NUM; l++)
		assert_int_equal(a->direct_pages[l], b->direct_pages[l]);
	assert_int_equal(tw->sys[0]->alloc.nr_calls, tw->sys[1]->alloc.nr_calls);
	compare_file(tw, "/proc/meminfo");
	compare_file(tw, "/proc/buddyinfo");
	compare_file(tw, "/proc/pagetypeinfo");
	assert_verify_clean(tw->sys[0]);
	assert_verify_clean(tw->sys[1]);
}

static void twins_create(struct twins *tw, const char *options)
{
	int i;

	/* in a dense debug mode both twins would be dense */
	if ((getenv("HOTMEM_MEMMAP") && !strcmp(getenv("HOTMEM_MEMMAP"), "dense")) ||
	    getenv("HOTMEM_PGTABLE"))
		skip();
	for (i = 0; i < 2; i++) {
		if (i)
			setenv("HOTMEM_PGTABLE", "dense", 1);
		assert_int_equal(machine_create(&tw->m[i], options, NULL, NULL), 0);
		unsetenv("HOTMEM_PGTABLE");
		tw->sys[i] = machine_system(tw->m[i]);
	}
	compare_twin_tables(tw);
}

static void twins_destroy(struct twins *tw)
{
	assert_int_equal(machine_destroy(tw->m[0]), 0);
	assert_int_equal(machine_destroy(tw->m[1]), 0);
}

/* Runs stmt with sys bound to each twin in turn, then compares them. */
#define TWINS(tw, stmt)							\
	do {								\
		int twin_;						\
									\
		for (twin_ = 0; twin_ < 2; twin_++) {			\
			struct hm_system *sys = (tw)->sys[twin_];	\
									\
			stmt;						\
		}							\
		compare_twin_tables(tw);				\
	} while (0)

/*
 * x86: boot's 2 MiB and 1 GiB pages and the page attribute splits, a
 * hot-added GiB of 2 MiB pages (one compact PMD table), part of it
 * unmapped and mapped again (expanded), removal.
 */
static void twins_x86(void **state)
{
	struct twins tw;

	(void)state;
	twins_create(&tw, "-m 5G,slots=4,maxmem=16G -smp 1 -cpu max");
	assert_true(tw.sys[0]->pgtable.nr_compact > 0);	/* the splits */
	TWINS(&tw, assert_int_equal(add_memory(sys, 0, 6 * SZ_1G, SZ_1G + SZ_128M, MHP_NONE), 0));
	TWINS(&tw, assert_int_equal(remove_memory(sys, 6 * SZ_1G, SZ_1G + SZ_128M), 0));
	twins_destroy(&tw);

	twins_create(&tw, "-m 1G,slots=4,maxmem=8G -smp 1");
	TWINS(&tw, assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_1G, MHP_NONE), 0));
	assert_true(tw.sys[0]->pgtable.nr_compact > 0);
	TWINS(&tw, pgtable_linear_unmap(sys, SZ_4G + SZ_128M, SZ_128M);
		   assert_int_equal(pgtable_linear_map(sys, SZ_4G + SZ_128M, SZ_128M), 0));
	TWINS(&tw, pgtable_linear_unmap(sys, SZ_4G + 0x600000, 0x200000);
		   assert_int_equal(pgtable_linear_map(sys, SZ_4G + 0x600000, 0x200000), 0));
	TWINS(&tw, assert_int_equal(remove_memory(sys, SZ_4G, SZ_1G), 0));
	twins_destroy(&tw);
}

/*
 * arm64 virt: boot's linear map in 4 KiB pages (compact tables from
 * memblock around the UEFI holes), a hot-added GiB (a PMD table and its
 * 512 PTE tables, all compact, pages from the buddy), parts of it unmapped
 * and mapped again, removal, and the add failing at every allocation
 * point around its tables (fault injection): the same tables, pages and
 * buddy lists in both.
 */
static void twins_arm64(void **state)
{
	const uint64_t base = 3 * SZ_1G;	/* virt's device memory after 2 GiB of RAM */
	struct twins tw;
	unsigned long k, calls;
	int ret[2];

	(void)state;
	twins_create(&tw, "-M virt -m 2G,slots=4,maxmem=8G");
	assert_true(tw.sys[0]->pgtable.nr_compact > 0);
	TWINS(&tw, assert_int_equal(add_memory(sys, 0, base, SZ_1G, MHP_NONE), 0));
	TWINS(&tw, pgtable_linear_unmap(sys, base + SZ_128M + 0x5000, 0x2000);
		   assert_int_equal(pgtable_linear_map(sys, base + SZ_128M + 0x5000, 0x2000), 0));
	TWINS(&tw, pgtable_linear_unmap(sys, base + SZ_256M, SZ_128M);
		   assert_int_equal(pgtable_linear_map(sys, base + SZ_256M, SZ_128M), 0));
	TWINS(&tw, assert_int_equal(remove_memory(sys, base, SZ_1G), 0));
	TWINS(&tw, assert_int_equal(add_memory(sys, 0, base, 2 * SZ_1G, MHP_NONE), 0));
	TWINS(&tw, assert_int_equal(remove_memory(sys, base, 2 * SZ_1G), 0));

	/* how many allocation calls a whole add makes */
	calls = tw.sys[0]->alloc.nr_calls;
	TWINS(&tw, assert_int_equal(add_memory(sys, 0, base, SZ_1G, MHP_NONE), 0));
	calls = tw.sys[0]->alloc.nr_calls - calls;
	TWINS(&tw, assert_int_equal(remove_memory(sys, base, SZ_1G), 0));
	for (k = 1; k <= calls; k += k < 8 || calls - k < 8 ? 1 : 97) {
		TWINS(&tw, sys->alloc.fail_at = sys->alloc.nr_calls + k;
			   ret[twin_] = add_memory(sys, 0, base, SZ_1G, MHP_NONE);
			   sys->alloc.fail_at = 0);
		assert_int_equal(ret[0], ret[1]);
		if (!ret[0])
			TWINS(&tw, assert_int_equal(remove_memory(sys, base, SZ_1G), 0));
	}
	twins_destroy(&tw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(free_empty_tables_spares_vmalloc_walker, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(free_empty_tables_regardless_walker_uaf,
						fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(free_empty_tables_regardless_frees_shared,
						fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(init_memory_mapping_x86_directmap_counts, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(pgtable_check_stray_mapping_far_and_unaligned_boot_end,
						fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(vmemmap_populate_buddy_and_altmap, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(init_memory_mapping_la57_above_64t, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(pgtable_check_finds_stray_linear_mapping,
						fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(try_remove_memory_pin_pfn_valid_memblock_virt, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test(twins_x86),
		cmocka_unit_test(twins_arm64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
