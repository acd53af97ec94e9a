// SPDX-License-Identifier: GPL-2.0
/*
 * test_sparse.c - unit tests for src/kernel/sparse.c: pfn_valid,
 * pfn_to_online_page and get_nid_for_pfn on boot sections, holes and absent
 * sections; sparse_add_section/sparse_remove_section of whole sections and
 * of subsections; the deferred (RCU) free of usage maps; early sections; and
 * allocation failures that must change nothing.
 *
 * Every test runs on a fresh default pc machine (1 GiB of RAM: sections 0-7
 * are early, present and online).  Sections are added directly, without
 * memory blocks; each test removes what it added so that the teardown's
 * verify_system() finds a consistent system.
 */
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

#define BOOT_FLAGS	(SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_IS_ONLINE | \
			 SECTION_IS_EARLY)
#define ADDED_FLAGS	(SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP)
#define SUB		PAGES_PER_SUBSECTION

/* Three sections nobody uses: in root 0, root 1 and root 2. */
#define SEC_A		32UL
#define SEC_B		33UL
#define SEC_ROOT1	300UL
#define SEC_ROOT2	512UL

static void assert_all_poisoned(struct hm_system *sys, unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		struct page *page = pfn_to_page(sys, pfn + i);

		assert_non_null(page);
		if (!page_poisoned(page)) {
			print_error("pfn %#lx is not poisoned\n", pfn + i);
			fail();
		}
	}
}

/* A copy of a section and the sparse counters, to prove a call changed nothing. */
struct section_snap {
	unsigned long flags;
	struct page *memmap;
	struct mem_section_usage *usage;
	uint64_t subsection_map;
	int nid;
	unsigned long highest, nr_memmap, nr_live;
	struct mem_section_usage *rcu_pending;
};

static void snap_section(struct hm_system *sys, unsigned long nr, struct section_snap *s)
{
	struct mem_section *ms = __nr_to_section(sys, nr);

	memset(s, 0, sizeof(*s));
	if (ms) {
		s->flags = ms->flags;
		s->memmap = ms->memmap;
		s->usage = ms->usage;
		s->subsection_map = ms->usage ? ms->usage->subsection_map : 0;
		s->nid = ms->nid;
	}
	s->highest = sys->sparse.highest_present_section_nr;
	s->nr_memmap = sys->sparse.nr_memmap_sections;
	s->nr_live = sys->alloc.nr_live;
	s->rcu_pending = sys->sparse.rcu_pending;
}

static void assert_section_unchanged(struct hm_system *sys, unsigned long nr,
				     const struct section_snap *before)
{
	struct section_snap now;

	snap_section(sys, nr, &now);
	assert_int_equal(now.flags, before->flags);
	assert_ptr_equal(now.memmap, before->memmap);
	assert_ptr_equal(now.usage, before->usage);
	assert_int_equal(now.subsection_map, before->subsection_map);
	assert_int_equal(now.nid, before->nid);
	assert_int_equal(now.highest, before->highest);
	assert_int_equal(now.nr_memmap, before->nr_memmap);
	assert_int_equal(now.nr_live, before->nr_live);
	assert_ptr_equal(now.rcu_pending, before->rcu_pending);
}

/*
 * Boot sections 0-7.  Expect all of them early, present, online and valid
 * with a boot usage map, section 7 the highest, and every pfn of them -
 * page 0 and the 640K-1M hole included - valid, online and on node 0.
 */
static void sparse_init_boot_sections(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long nr;

	assert_int_equal(sys->sparse.highest_present_section_nr, 7);
	assert_int_equal(sys->sparse.nr_memmap_sections, 8);
	for (nr = 0; nr < 8; nr++) {
		struct mem_section *ms = __nr_to_section(sys, nr);

		assert_non_null(ms);
		assert_int_equal(ms->flags, BOOT_FLAGS);
		assert_non_null(ms->memmap);
		assert_non_null(ms->usage);
		assert_true(ms->usage->boot);
		assert_int_equal(ms->usage->subsection_map, ~0ULL);
		assert_int_equal(ms->nid, 0);
	}
	/* page 0 (e820 reserved), the 640K hole, the last page below 1 GiB */
	assert_true(pfn_valid(sys, 0));
	assert_true(pfn_valid(sys, 0x9f));
	assert_true(pfn_valid(sys, 0xa0));
	assert_true(pfn_valid(sys, BOOT_NODE_END - 1));
	assert_true(pfn_valid(sys, 8 * PAGES_PER_SECTION - 1));
	assert_ptr_equal(pfn_to_online_page(sys, 0xa0), pfn_to_page(sys, 0xa0));
	assert_ptr_equal(pfn_to_online_page(sys, 8 * PAGES_PER_SECTION - 1),
			 pfn_to_page(sys, 8 * PAGES_PER_SECTION - 1));
	assert_int_equal(get_nid_for_pfn(sys, 0), 0);
	assert_int_equal(get_nid_for_pfn(sys, BOOT_NODE_END - 1), 0);
	assert_true(pfn_in_present_section(sys, 0x9f));
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Sections that do not exist: section 8 (its root is allocated), section
 * 32 (4 GiB, where hotplug goes), section 256 (root 1, never allocated) and
 * pfns beyond the 46-bit physical address space.  Expect none valid, none
 * online, no node, no struct page for an unallocated root.
 */
static void sparse_absent_sections(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfns[] = {
		8 * PAGES_PER_SECTION, 8 * PAGES_PER_SECTION + 12345,
		HOTPLUG_PFN, 256 * PAGES_PER_SECTION,
		section_nr_to_pfn(NR_MEM_SECTIONS - 1),
		section_nr_to_pfn(NR_MEM_SECTIONS), ~0UL,
	};
	unsigned long i;

	assert_non_null(__nr_to_section(sys, 8));
	assert_int_equal(__nr_to_section(sys, 8)->flags, 0);
	assert_null(__nr_to_section(sys, 256));
	assert_null(__nr_to_section(sys, NR_MEM_SECTIONS));
	assert_null(sys->sparse.roots[1]);
	for (i = 0; i < ARRAY_SIZE(pfns); i++) {
		assert_false(pfn_valid(sys, pfns[i]));
		assert_null(pfn_to_online_page(sys, pfns[i]));
		assert_int_equal(get_nid_for_pfn(sys, pfns[i]), -1);
		assert_false(pfn_in_present_section(sys, pfns[i]));
	}
	assert_null(pfn_to_page(sys, 256 * PAGES_PER_SECTION));
	assert_null(pfn_to_page(sys, HOTPLUG_PFN));
}

/*
 * Hot-add of a whole section (32) and its removal.  Expect after the add:
 * present and valid but neither online nor early, all 64 subsection bits,
 * a non-boot usage, every struct page poisoned, two allocations (usage and
 * memmap; root 0 exists), pfn_valid but no online page, the node recorded
 * and section 32 the highest present.  A second add: -EEXIST, nothing
 * changed.  After the removal: flags, memmap and usage cleared, the memmap
 * freed at once, the usage on the RCU list until sparse_rcu_barrier() frees
 * it; highest_present_section_nr stays (the kernel never lowers it).
 */
static void sparse_add_section_full_then_remove(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(SEC_A);
	unsigned long live = sys->alloc.nr_live;
	struct mem_section_usage *usage;
	struct section_snap snap;
	struct mem_section *ms;

	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), 0);
	ms = __nr_to_section(sys, SEC_A);
	assert_int_equal(ms->flags, ADDED_FLAGS);
	assert_non_null(ms->memmap);
	assert_non_null(ms->usage);
	assert_false(ms->usage->boot);
	assert_int_equal(ms->usage->subsection_map, ~0ULL);
	assert_int_equal(ms->nid, 0);
	assert_int_equal(sys->alloc.nr_live, live + 2);
	assert_int_equal(sys->sparse.nr_memmap_sections, 9);
	assert_int_equal(sys->sparse.highest_present_section_nr, SEC_A);
	assert_all_poisoned(sys, pfn, PAGES_PER_SECTION);
	assert_true(pfn_valid(sys, pfn));
	assert_true(pfn_valid(sys, pfn + PAGES_PER_SECTION - 1));
	assert_null(pfn_to_online_page(sys, pfn));
	assert_int_equal(get_nid_for_pfn(sys, pfn + 77), 0);
	assert_false(online_section(ms));
	assert_false(early_section(ms));

	/* overlap: the whole section, then one subsection of it */
	snap_section(sys, SEC_A, &snap);
	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), -EEXIST);
	assert_section_unchanged(sys, SEC_A, &snap);
	assert_int_equal(sparse_add_section(sys, 0, pfn + 5 * SUB, SUB, NULL), -EEXIST);
	assert_section_unchanged(sys, SEC_A, &snap);

	usage = ms->usage;
	sparse_remove_section(sys, pfn, PAGES_PER_SECTION, NULL);
	assert_int_equal(ms->flags, 0);
	assert_null(ms->memmap);
	assert_null(ms->usage);
	assert_ptr_equal(sys->sparse.rcu_pending, usage);
	assert_int_equal(usage->subsection_map, 0);
	assert_int_equal(sys->alloc.nr_live, live + 1);	/* the usage waits for RCU */
	assert_int_equal(sys->sparse.nr_memmap_sections, 8);
	assert_int_equal(sys->sparse.highest_present_section_nr, SEC_A);
	assert_false(pfn_valid(sys, pfn));
	assert_int_equal(get_nid_for_pfn(sys, pfn), -1);

	sparse_rcu_barrier(sys);
	assert_null(sys->sparse.rcu_pending);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(sys->log.warnings, 0);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Subsections of section 33: [2, 5) first.  Expect bits 0x1c, only those
 * pfns valid, only those struct pages poisoned.  Then [4, 6) overlaps:
 * -EEXIST and nothing changed; [5, 7) is adjacent: bits 0x7c without a new
 * allocation (usage and memmap are shared).  Removing [2, 5) leaves the
 * section valid with bits 0x60 and nothing on the RCU list; removing a
 * range that is not all active ([0, 3)) warns and changes nothing; removing
 * [5, 7) empties the section, which then behaves as a whole removal.
 */
static void sparse_add_section_subsections(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(SEC_B);
	unsigned long live = sys->alloc.nr_live, calls;
	struct mem_section_usage *usage;
	struct section_snap snap;
	struct mem_section *ms;
	struct page *memmap;

	assert_int_equal(sparse_add_section(sys, 1, pfn + 2 * SUB, 3 * SUB, NULL), 0);
	ms = __nr_to_section(sys, SEC_B);
	assert_int_equal(ms->flags, ADDED_FLAGS);
	assert_int_equal(ms->usage->subsection_map, 0x1cULL);
	assert_int_equal(sys->alloc.nr_live, live + 2);
	assert_false(pfn_valid(sys, pfn));
	assert_false(pfn_valid(sys, pfn + 2 * SUB - 1));
	assert_true(pfn_valid(sys, pfn + 2 * SUB));
	assert_true(pfn_valid(sys, pfn + 5 * SUB - 1));
	assert_false(pfn_valid(sys, pfn + 5 * SUB));
	assert_false(pfn_valid(sys, pfn + PAGES_PER_SECTION - 1));
	assert_int_equal(get_nid_for_pfn(sys, pfn + 3 * SUB), 1);
	assert_int_equal(get_nid_for_pfn(sys, pfn + SUB), -1);
	assert_all_poisoned(sys, pfn + 2 * SUB, 3 * SUB);
	assert_false(page_poisoned(pfn_to_page(sys, pfn + 2 * SUB - 1)));
	assert_false(page_poisoned(pfn_to_page(sys, pfn + 5 * SUB)));

	snap_section(sys, SEC_B, &snap);
	assert_int_equal(sparse_add_section(sys, 1, pfn + 4 * SUB, 2 * SUB, NULL), -EEXIST);
	assert_section_unchanged(sys, SEC_B, &snap);

	memmap = ms->memmap;
	usage = ms->usage;
	calls = sys->alloc.nr_calls;
	assert_int_equal(sparse_add_section(sys, 1, pfn + 5 * SUB, 2 * SUB, NULL), 0);
	assert_int_equal(sys->alloc.nr_calls, calls);
	assert_ptr_equal(ms->memmap, memmap);
	assert_ptr_equal(ms->usage, usage);
	assert_int_equal(ms->usage->subsection_map, 0x7cULL);
	assert_true(pfn_valid(sys, pfn + 7 * SUB - 1));
	assert_false(pfn_valid(sys, pfn + 7 * SUB));

	sparse_remove_section(sys, pfn + 2 * SUB, 3 * SUB, NULL);
	assert_int_equal(ms->usage->subsection_map, 0x60ULL);
	assert_int_equal(ms->flags, ADDED_FLAGS);
	assert_ptr_equal(ms->memmap, memmap);
	assert_null(sys->sparse.rcu_pending);
	assert_false(pfn_valid(sys, pfn + 2 * SUB));
	assert_true(pfn_valid(sys, pfn + 5 * SUB));

	snap_section(sys, SEC_B, &snap);
	sparse_remove_section(sys, pfn, 3 * SUB, NULL);
	assert_int_equal(sys->log.warnings, 1);
	assert_section_unchanged(sys, SEC_B, &snap);
	sys->log.warnings = 0;

	sparse_remove_section(sys, pfn + 5 * SUB, 2 * SUB, NULL);
	assert_int_equal(ms->flags, 0);
	assert_null(ms->memmap);
	assert_null(ms->usage);
	assert_ptr_equal(sys->sparse.rcu_pending, usage);
	sparse_rcu_barrier(sys);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Removing from an empty or absent section (section 40, never added).
 * Expect a warning and nothing changed.
 */
static void sparse_remove_section_absent_warns(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct section_snap snap;

	snap_section(sys, 40, &snap);
	sparse_remove_section(sys, section_nr_to_pfn(40), PAGES_PER_SECTION, NULL);
	assert_int_equal(sys->log.warnings, 1);
	assert_section_unchanged(sys, 40, &snap);
	sparse_remove_section(sys, section_nr_to_pfn(SEC_ROOT1), SUB, NULL);
	assert_int_equal(sys->log.warnings, 2);
	assert_null(sys->sparse.roots[1]);
	sys->log.warnings = 0;
}

/*
 * Two sections added after each other: section 300 needs root 1, then
 * section 33 below it.  Expect three allocations for the first (root, usage,
 * memmap), highest_present_section_nr 300 and not lowered by the lower add;
 * after removing both and a grace period only the root stays allocated (the
 * kernel never frees roots).
 */
static void sparse_add_section_allocates_root(void **state)
{
	struct hm_system *sys = fx_sys(state);
	unsigned long live = sys->alloc.nr_live;

	assert_int_equal(sparse_add_section(sys, 0, section_nr_to_pfn(SEC_ROOT1),
					    PAGES_PER_SECTION, NULL), 0);
	assert_non_null(sys->sparse.roots[1]);
	assert_int_equal(sys->alloc.nr_live, live + 3);
	assert_int_equal(sys->sparse.highest_present_section_nr, SEC_ROOT1);
	assert_int_equal(sparse_add_section(sys, 0, section_nr_to_pfn(SEC_B),
					    PAGES_PER_SECTION, NULL), 0);
	assert_int_equal(sys->sparse.highest_present_section_nr, SEC_ROOT1);
	assert_int_equal(sys->sparse.nr_memmap_sections, 10);

	sparse_remove_section(sys, section_nr_to_pfn(SEC_ROOT1), PAGES_PER_SECTION, NULL);
	sparse_remove_section(sys, section_nr_to_pfn(SEC_B), PAGES_PER_SECTION, NULL);
	assert_non_null(sys->sparse.rcu_pending);
	assert_non_null(sys->sparse.rcu_pending->rcu_next);
	sparse_rcu_barrier(sys);
	assert_non_null(sys->sparse.roots[1]);
	assert_int_equal(sys->alloc.nr_live, live + 1);
	assert_int_equal(sys->sparse.nr_memmap_sections, 8);
}

/*
 * An early section emptied (section 6, all of it) and added back.  Expect
 * the removal to keep the boot usage map (same pointer, empty bitmap, not
 * put on the RCU list, not freed by a grace period) and the boot memmap,
 * with no allocation or free; the section no longer valid.  The re-add
 * reuses both without allocating and gives a hotplugged section: present
 * and valid, not early, not online, pages poisoned.
 *
 * The section is then restored by hand (flags, bitmap, struct pages) so
 * that the machine is consistent again for the teardown.
 */
static void sparse_remove_section_early_keeps_usage(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(6);
	struct mem_section *ms = __nr_to_section(sys, 6);
	const size_t bytes = PAGES_PER_SECTION * sizeof(struct page);
	unsigned long live = sys->alloc.nr_live, calls = sys->alloc.nr_calls;
	struct mem_section_usage *usage = ms->usage;
	unsigned long flags = ms->flags;
	struct page *memmap = ms->memmap;
	struct page *saved = malloc(bytes);

	assert_non_null(saved);
	memcpy(saved, memmap, bytes);
	assert_true(early_section(ms));

	sparse_remove_section(sys, pfn, PAGES_PER_SECTION, NULL);
	assert_int_equal(ms->flags, 0);
	assert_ptr_equal(ms->usage, usage);
	assert_int_equal(usage->subsection_map, 0);
	assert_null(sys->sparse.rcu_pending);
	assert_ptr_equal(ms->memmap, memmap);
	assert_int_equal(sys->sparse.nr_memmap_sections, 8);
	assert_false(pfn_valid(sys, pfn));
	assert_null(pfn_to_online_page(sys, pfn));
	sparse_rcu_barrier(sys);
	assert_ptr_equal(ms->usage, usage);
	assert_int_equal(sys->alloc.nr_live, live);

	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), 0);
	assert_int_equal(sys->alloc.nr_calls, calls);
	assert_ptr_equal(ms->usage, usage);
	assert_ptr_equal(ms->memmap, memmap);
	assert_int_equal(ms->flags, ADDED_FLAGS);
	assert_int_equal(usage->subsection_map, ~0ULL);
	assert_true(pfn_valid(sys, pfn));
	assert_null(pfn_to_online_page(sys, pfn));
	assert_all_poisoned(sys, pfn, PAGES_PER_SECTION);

	ms->flags = flags;
	memcpy(memmap, saved, bytes);
	free(saved);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
	assert_int_equal(sys->log.warnings, 0);
}

/*
 * The last subsection of the early section 6 removed and added back.
 * Expect the section to stay valid, early and online (other bits remain),
 * the removed pfn still pfn_valid (early sections are valid as a whole),
 * and the re-add to reuse the boot memmap without any allocation,
 * poisoning only that subsection.
 */
static void sparse_remove_section_early_partial(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(7) - SUB;	/* last 2 MiB of section 6 */
	struct mem_section *ms = __nr_to_section(sys, 6);
	const size_t bytes = SUB * sizeof(struct page);
	unsigned long calls = sys->alloc.nr_calls;
	struct page *saved = malloc(bytes);

	assert_non_null(saved);
	memcpy(saved, pfn_to_page(sys, pfn), bytes);

	sparse_remove_section(sys, pfn, SUB, NULL);
	assert_int_equal(ms->usage->subsection_map, ~0ULL >> 1);
	assert_int_equal(ms->flags, BOOT_FLAGS);
	assert_true(pfn_valid(sys, pfn));
	assert_null(sys->sparse.rcu_pending);

	assert_int_equal(sparse_add_section(sys, 0, pfn, SUB, NULL), 0);
	assert_int_equal(sys->alloc.nr_calls, calls);
	assert_int_equal(ms->usage->subsection_map, ~0ULL);
	assert_int_equal(ms->flags, BOOT_FLAGS);
	assert_all_poisoned(sys, pfn, SUB);
	assert_false(page_poisoned(pfn_to_page(sys, pfn - 1)));

	memcpy(pfn_to_page(sys, pfn), saved, bytes);
	free(saved);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

/*
 * Allocation failures of sparse_add_section.  In a new root (section 512):
 * failing the root, then the usage (the root stays, as sparse_index_init is
 * not undone upstream either), then the memmap (the new usage is freed).
 * Expect -ENOMEM each time with the section's flags, memmap, usage, the
 * counters and the live allocations unchanged.  A subsection added to a
 * section that has its usage and memmap allocates nothing, so an armed
 * failure does not fire.
 */
static void sparse_add_section_enomem_changes_nothing(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(SEC_ROOT2);
	unsigned long live = sys->alloc.nr_live;
	struct section_snap snap;
	struct mem_section *ms;

	sys->alloc.fail_at = sys->alloc.nr_calls + 1;		/* the root */
	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), -ENOMEM);
	assert_null(sys->sparse.roots[2]);
	assert_int_equal(sys->alloc.nr_live, live);
	assert_int_equal(sys->alloc.nr_failed, 1);
	assert_int_equal(sys->sparse.highest_present_section_nr, 7);

	sys->alloc.fail_at = sys->alloc.nr_calls + 2;		/* the usage */
	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), -ENOMEM);
	ms = __nr_to_section(sys, SEC_ROOT2);
	assert_non_null(ms);
	assert_int_equal(ms->flags, 0);
	assert_null(ms->usage);
	assert_null(ms->memmap);
	assert_int_equal(sys->alloc.nr_live, live + 1);
	assert_int_equal(sys->alloc.nr_failed, 2);
	assert_int_equal(sys->sparse.highest_present_section_nr, 7);
	assert_int_equal(sys->sparse.nr_memmap_sections, 8);

	snap_section(sys, SEC_ROOT2, &snap);
	sys->alloc.fail_at = sys->alloc.nr_calls + 2;		/* the memmap */
	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), -ENOMEM);
	assert_int_equal(sys->alloc.nr_failed, 3);
	assert_section_unchanged(sys, SEC_ROOT2, &snap);

	sys->alloc.fail_at = 0;
	assert_int_equal(sparse_add_section(sys, 0, pfn, 2 * SUB, NULL), 0);
	assert_int_equal(ms->usage->subsection_map, 0x3ULL);

	snap_section(sys, SEC_ROOT2, &snap);
	sys->alloc.fail_at = sys->alloc.nr_calls + 1;
	assert_int_equal(sparse_add_section(sys, 0, pfn + 2 * SUB, 2 * SUB, NULL), 0);
	assert_int_equal(sys->alloc.nr_failed, 3);
	assert_int_equal(ms->usage->subsection_map, 0xfULL);
	assert_int_equal(sys->alloc.nr_live, snap.nr_live);
	sys->alloc.fail_at = 0;

	sparse_remove_section(sys, pfn, 4 * SUB, NULL);
	sparse_rcu_barrier(sys);
	assert_int_equal(sys->alloc.nr_live, live + 1);
	assert_int_equal(ms->flags, 0);
}

/*
 * online_mem_sections/offline_mem_sections on an added section and on an
 * absent one.  Expect the ONLINE flag set and cleared (and with it
 * pfn_to_online_page), and a warning, with no change, for the absent one.
 */
static void online_mem_sections_then_offline(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const unsigned long pfn = section_nr_to_pfn(SEC_A);
	struct mem_section *ms;

	assert_int_equal(sparse_add_section(sys, 0, pfn, PAGES_PER_SECTION, NULL), 0);
	ms = __nr_to_section(sys, SEC_A);
	online_mem_sections(sys, pfn, pfn + PAGES_PER_SECTION);
	assert_int_equal(ms->flags, ADDED_FLAGS | SECTION_IS_ONLINE);
	assert_ptr_equal(pfn_to_online_page(sys, pfn + 1), pfn_to_page(sys, pfn + 1));
	offline_mem_sections(sys, pfn, pfn + PAGES_PER_SECTION);
	assert_int_equal(ms->flags, ADDED_FLAGS);
	assert_null(pfn_to_online_page(sys, pfn + 1));
	assert_int_equal(sys->log.warnings, 0);

	online_mem_sections(sys, section_nr_to_pfn(SEC_B), section_nr_to_pfn(SEC_B + 1));
	assert_int_equal(sys->log.warnings, 1);
	assert_int_equal(__nr_to_section(sys, SEC_B)->flags, 0);
	offline_mem_sections(sys, section_nr_to_pfn(SEC_B), section_nr_to_pfn(SEC_B + 1));
	assert_int_equal(sys->log.warnings, 2);
	sys->log.warnings = 0;

	sparse_remove_section(sys, pfn, PAGES_PER_SECTION, NULL);
	sparse_rcu_barrier(sys);
	assert_int_equal(sys->stats.poisoned_page_reads, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(sparse_init_boot_sections),
		T(sparse_absent_sections),
		T(sparse_add_section_full_then_remove),
		T(sparse_add_section_subsections),
		T(sparse_remove_section_absent_warns),
		T(sparse_add_section_allocates_root),
		T(sparse_remove_section_early_keeps_usage),
		T(sparse_remove_section_early_partial),
		T(sparse_add_section_enomem_changes_nothing),
		T(online_mem_sections_then_offline),
	};

	/*
	 * These tests look at the memmap arrays themselves: the dense mode
	 * (the compact memmap has its own tests, test_memmap.c).
	 */
	setenv("HOTMEM_MEMMAP", "dense", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
