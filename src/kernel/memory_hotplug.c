// SPDX-License-Identifier: GPL-2.0
/*
 * memory_hotplug.c - add, online, offline and remove memory, as Linux 6.1
 * does it after the 2018-2019 reworks:
 *
 *  - hot-add creates metadata only (resource, memblock where kept,
 *    sections and memmap, block devices, node links, firmware map entry);
 *  - zones and page accounting change only at online and offline time, and
 *    offline shrinks the zone and node spans;
 *  - hot-remove is the exact reverse of hot-add, never reads a struct page,
 *    and removes memblock only after the sections and the linear map.
 *
 * Where the kernel only logs an allocation failure inside an add (node
 * links, the firmware map entry) and carries on, hotmem fails the add and
 * unwinds, so that a failed call always leaves the system as it was.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/kstrtox.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/migrate.h"
#include "hotmem/page_alloc.h"
#include "hotmem/page_isolation.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

const char *const online_policy_to_str[] = {
	[ONLINE_POLICY_CONTIG_ZONES] = "contig-zones",
	[ONLINE_POLICY_AUTO_MOVABLE] = "auto-movable",
};

/* ---------------------------------------------------------------- locks */

void lock_device_hotplug(struct hm_system *sys)
{
	lockdep_acquire(&sys->lockdep, LOCK_RANK_DEVICE_HOTPLUG);
	pthread_mutex_lock(&sys->device_hotplug_lock);
}

void unlock_device_hotplug(struct hm_system *sys)
{
	pthread_mutex_unlock(&sys->device_hotplug_lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_DEVICE_HOTPLUG);
}

void mem_hotplug_begin(struct hm_system *sys)
{
	lockdep_acquire(&sys->lockdep, LOCK_RANK_MEM_HOTPLUG);
	pthread_rwlock_wrlock(&sys->mem_hotplug_lock);
}

void mem_hotplug_done(struct hm_system *sys)
{
	pthread_rwlock_unlock(&sys->mem_hotplug_lock);
	lockdep_release(&sys->lockdep, LOCK_RANK_MEM_HOTPLUG);
	sparse_rcu_barrier(sys);	/* a grace period passes between operations */
}

void get_online_mems(struct hm_system *sys)
{
	pthread_rwlock_rdlock(&sys->mem_hotplug_lock);
}

void put_online_mems(struct hm_system *sys)
{
	pthread_rwlock_unlock(&sys->mem_hotplug_lock);
}

int mhp_get_default_online_type(struct hm_system *sys)
{
	return sys->params.default_online_type;
}

/* ------------------------------------------------------------ zone choice */

static struct zone *default_kernel_zone_for_pfn(struct hm_system *sys, int nid,
						unsigned long start_pfn,
						unsigned long nr_pages)
{
	struct pglist_data *pgdat = NODE_DATA(sys, nid);
	int zid;

	for (zid = 0; zid < ZONE_NORMAL; zid++)
		if (zone_intersects(&pgdat->node_zones[zid], start_pfn, nr_pages))
			return &pgdat->node_zones[zid];
	return &pgdat->node_zones[ZONE_NORMAL];
}

struct auto_movable_stats {
	unsigned long kernel_early_pages;
	unsigned long movable_pages;
};

static void auto_movable_stats_account_zone(struct auto_movable_stats *stats,
					    struct zone *zone)
{
	if (zone->idx == ZONE_MOVABLE) {
		stats->movable_pages += zone->present_pages;
	} else {
		stats->kernel_early_pages += zone->present_early_pages;
		stats->movable_pages += zone->cma_pages;
		stats->kernel_early_pages -= zone->cma_pages;
	}
}

/*
 * Could nr_pages more go to ZONE_MOVABLE (of nid, or of the whole system
 * for NUMA_NO_NODE) and stay within auto_movable_ratio?
 */
static bool auto_movable_can_online_movable(struct hm_system *sys, int nid,
					    struct memory_group *group,
					    unsigned long nr_pages)
{
	unsigned long req_kernel_early = 0, group_movable = 0, kernel_early, movable;
	unsigned int ratio = sys->params.auto_movable_ratio;
	struct auto_movable_stats stats = { 0 };
	struct pglist_data *pgdat;
	struct memory_group *g;
	int n, zid;

	for_each_online_pgdat(sys, pgdat, n) {
		if (nid != NUMA_NO_NODE && n != nid)
			continue;
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			if (populated_zone(&pgdat->node_zones[zid]))
				auto_movable_stats_account_zone(&stats,
								&pgdat->node_zones[zid]);
	}
	/* What every other dynamic group needs of kernel memory for its movable part. */
	for (g = sys->memory_groups; g; g = g->next) {
		unsigned long need;

		if (!g->is_dynamic || g == group || (nid != NUMA_NO_NODE && g->nid != nid))
			continue;
		need = g->present_movable_pages * 100 / ratio;
		need = need > g->present_kernel_pages ? need - g->present_kernel_pages : 0;
		req_kernel_early += need;
		group_movable += g->present_movable_pages;
	}
	kernel_early = stats.kernel_early_pages;
	movable = stats.movable_pages;
	if (kernel_early <= req_kernel_early)
		return false;
	kernel_early -= req_kernel_early;
	movable -= group_movable;
	if (group && group->is_dynamic)
		kernel_early += group->present_kernel_pages;
	movable += nr_pages;
	return movable <= (unsigned long)ratio * kernel_early / 100;
}

static struct zone *auto_movable_zone_for_pfn(struct hm_system *sys, int nid,
					      struct memory_group *group,
					      unsigned long pfn, unsigned long nr_pages)
{
	unsigned long online_pages = 0, max_pages;

	if (!sys->params.auto_movable_ratio)
		goto kernel_zone;
	if (group && !group->is_dynamic) {
		max_pages = group->max_pages;
		online_pages = group->present_movable_pages;
		if (group->present_kernel_pages)
			goto kernel_zone;
	} else if (!group || group->unit_pages == nr_pages) {
		max_pages = nr_pages;
	} else {
		/* The unit of a dynamic group: kernel if any online part of it is. */
		unsigned long start = ALIGN_DOWN(pfn, group->unit_pages), p;

		max_pages = group->unit_pages;
		for (p = start; p < start + group->unit_pages; p += PAGES_PER_SECTION) {
			const struct page *page = pfn_to_online_page_peek(sys, p);

			if (!page)
				continue;
			if (page_zonenum(sys, page) != ZONE_MOVABLE)
				goto kernel_zone;
			online_pages += PAGES_PER_SECTION;
		}
	}
	nr_pages = max_pages - online_pages;
	if (!auto_movable_can_online_movable(sys, NUMA_NO_NODE, group, nr_pages))
		goto kernel_zone;
	if (sys->params.auto_movable_numa_aware &&
	    !auto_movable_can_online_movable(sys, nid, group, nr_pages))
		goto kernel_zone;
	return &NODE_DATA(sys, nid)->node_zones[ZONE_MOVABLE];

kernel_zone:
	return default_kernel_zone_for_pfn(sys, nid, pfn, nr_pages);
}

static struct zone *default_zone_for_pfn(struct hm_system *sys, int nid,
					 unsigned long start_pfn, unsigned long nr_pages)
{
	struct zone *kernel_zone = default_kernel_zone_for_pfn(sys, nid, start_pfn, nr_pages);
	struct zone *movable_zone = &NODE_DATA(sys, nid)->node_zones[ZONE_MOVABLE];
	bool in_kernel = zone_intersects(kernel_zone, start_pfn, nr_pages);
	bool in_movable = zone_intersects(movable_zone, start_pfn, nr_pages);

	/* Inherit the zone where exactly one of them already spans the range. */
	if (in_kernel ^ in_movable)
		return in_kernel ? kernel_zone : movable_zone;
	return sys->params.movable_node ? movable_zone : kernel_zone;
}

struct zone *zone_for_pfn_range(struct hm_system *sys, int online_type, int nid,
				struct memory_group *group, unsigned long start_pfn,
				unsigned long nr_pages)
{
	if (online_type == MMOP_ONLINE_KERNEL)
		return default_kernel_zone_for_pfn(sys, nid, start_pfn, nr_pages);
	if (online_type == MMOP_ONLINE_MOVABLE)
		return &NODE_DATA(sys, nid)->node_zones[ZONE_MOVABLE];
	if (sys->params.online_policy == ONLINE_POLICY_AUTO_MOVABLE)
		return auto_movable_zone_for_pfn(sys, nid, group, start_pfn, nr_pages);
	return default_zone_for_pfn(sys, nid, start_pfn, nr_pages);
}

/* --------------------------------------------------- zone association */

void move_pfn_range_to_zone(struct hm_system *sys, struct zone *zone,
			    unsigned long start_pfn, unsigned long nr_pages, int migratetype)
{
	struct pglist_data *pgdat = zone->zone_pgdat;
	unsigned long pfn, end = start_pfn + nr_pages;

	resize_zone_range(zone, start_pfn, nr_pages);
	resize_pgdat_range(pgdat, start_pfn, nr_pages);
	if (zone->idx == ZONE_DEVICE) {
		if (!IS_ALIGNED(start_pfn, PAGES_PER_SECTION))
			__pfn_to_section(sys, start_pfn)->flags |= SECTION_TAINT_ZONE_DEVICE;
		if (!IS_ALIGNED(end, PAGES_PER_SECTION))
			__pfn_to_section(sys, end)->flags |= SECTION_TAINT_ZONE_DEVICE;
	}
	/* memmap_init_range(MEMINIT_HOTPLUG): 6.1 marks the pages reserved */
	for (pfn = start_pfn; pfn < end;) {
		unsigned long stop = ALIGN_DOWN(pfn, PAGES_PER_SECTION) + PAGES_PER_SECTION;
		struct page *page;

		if (stop > end)
			stop = end;
		if (IS_ALIGNED(pfn, PAGES_PER_SECTION) && stop - pfn == PAGES_PER_SECTION) {
			/* a whole section: one template (memmap.h) */
			struct page tmpl;

			page_template(&tmpl, pfn_to_section_nr(pfn), zone->idx, pgdat->node_id,
				      true);
			memmap_set_uniform(sys, __pfn_to_section(sys, pfn), &tmpl);
			set_pageblock_range(sys, pfn, stop - pfn, migratetype);
			pfn = stop;
			continue;
		}
		page = pfn_to_page(sys, pfn);
		for (; pfn < stop; pfn++, page++) {
			init_single_page(page, pfn, zone->idx, pgdat->node_id);
			page_set_flag(page, PG_reserved);
			if (IS_ALIGNED(pfn, pageblock_nr_pages))
				set_pageblock_migratetype(sys, pfn, migratetype);
		}
	}
}

void remove_pfn_range_from_zone(struct hm_system *sys, struct zone *zone,
				unsigned long start_pfn, unsigned long nr_pages)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	struct pglist_data *pgdat = zone->zone_pgdat;
	unsigned long pfn;

	/* The struct pages are uninitialised again: a whole section folds back. */
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned long n = end_pfn - pfn < PAGES_PER_SUBSECTION ?
				  end_pfn - pfn : PAGES_PER_SUBSECTION;

		if (IS_ALIGNED(pfn, PAGES_PER_SECTION) && end_pfn - pfn >= PAGES_PER_SECTION) {
			struct page tmpl;

			page_template_poison(&tmpl);
			memmap_set_uniform(sys, __pfn_to_section(sys, pfn), &tmpl);
			pfn += PAGES_PER_SECTION;
			continue;
		}
		page_init_poison(pfn_to_page(sys, pfn), n);
		pfn += n;
	}
	if (zone->idx == ZONE_DEVICE)
		return;		/* device zones never shrink */
	shrink_zone_span(sys, zone, start_pfn, end_pfn);
	update_pgdat_span(pgdat);
}

void adjust_present_page_count(struct hm_system *sys, unsigned long pfn, struct zone *zone,
			       struct memory_group *group, long nr_pages)
{
	/* boot memory counts as early: the auto-movable policy weighs it */
	if (early_section(__pfn_to_section(sys, pfn)))
		zone->present_early_pages += nr_pages;
	zone->present_pages += nr_pages;
	zone->zone_pgdat->node_present_pages += nr_pages;
	if (group && zone->idx == ZONE_MOVABLE)
		group->present_movable_pages += nr_pages;
	else if (group)
		group->present_kernel_pages += nr_pages;
}

/* ------------------------------------------------------------- online */

static void node_states_check_changes_online(struct hm_system *sys, struct zone *zone,
					     struct memory_notify *arg)
{
	int nid = zone_to_nid(zone);

	arg->status_change_nid = NUMA_NO_NODE;
	arg->status_change_nid_normal = NUMA_NO_NODE;
	if (!node_state(sys, nid, N_MEMORY))
		arg->status_change_nid = nid;
	if (zone->idx <= ZONE_NORMAL && !node_state(sys, nid, N_NORMAL_MEMORY))
		arg->status_change_nid_normal = nid;
}

static void node_states_set_node(struct hm_system *sys, int nid, struct memory_notify *arg)
{
	if (arg->status_change_nid_normal >= 0)
		node_set_state(sys, nid, N_NORMAL_MEMORY);
	if (arg->status_change_nid >= 0)
		node_set_state(sys, nid, N_MEMORY);
}

int set_online_page_callback(struct hm_system *sys, online_page_callback_t cb, void *data)
{
	int ret = -EINVAL;

	get_online_mems(sys);
	if (!sys->online_page_cb) {
		sys->online_page_cb = cb;
		sys->online_page_data = data;
		ret = 0;
	}
	put_online_mems(sys);
	return ret;
}

int restore_online_page_callback(struct hm_system *sys, online_page_callback_t cb)
{
	int ret = -EINVAL;

	get_online_mems(sys);
	if (sys->online_page_cb == cb) {
		sys->online_page_cb = NULL;
		sys->online_page_data = NULL;
		sys->online_range_query = NULL;
		ret = 0;
	}
	put_online_mems(sys);
	return ret;
}

int set_online_range_query(struct hm_system *sys, online_page_callback_t cb,
			   online_range_query_t query)
{
	int ret = -EINVAL;

	get_online_mems(sys);
	if (sys->online_page_cb == cb) {
		sys->online_range_query = query;
		ret = 0;
	}
	put_online_mems(sys);
	return ret;
}

void generic_online_page(struct hm_system *sys, struct page *page, unsigned int order)
{
	__free_pages_core(sys, page_zone(sys, page), page_to_pfn(sys, page), order);
}

/*
 * Hands the range to the online-page callback in naturally aligned chunks
 * of up to MAX_ORDER - 1 (the first one smaller where the range starts
 * pageblock aligned only, after a memmap_on_memory vmemmap); all of it is
 * present whatever the callback does with it.
 */
static void online_pages_range(struct hm_system *sys, struct zone *zone,
			       unsigned long start_pfn, unsigned long nr_pages)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	unsigned long pfn = start_pfn;

	if (!sys->online_page_cb) {
		__free_pages_core_range(sys, zone, start_pfn, end_pfn);
	} else {
		while (pfn < end_pfn) {
			unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) :
					     MAX_ORDER - 1;

			/* a whole section the callback would give to the buddy anyway */
			if (IS_ALIGNED(pfn, PAGES_PER_SECTION) &&
			    end_pfn - pfn >= PAGES_PER_SECTION && sys->online_range_query &&
			    sys->online_range_query(sys, sys->online_page_data, pfn,
						    PAGES_PER_SECTION)) {
				__free_pages_core_range(sys, zone, pfn, pfn + PAGES_PER_SECTION);
				pfn += PAGES_PER_SECTION;
				continue;
			}
			if (order > MAX_ORDER - 1)
				order = MAX_ORDER - 1;
			while (pfn + (1UL << order) > end_pfn)
				order--;
			sys->online_page_cb(sys, sys->online_page_data, pfn_to_page(sys, pfn),
					    order);
			pfn += 1UL << order;
		}
	}
	online_mem_sections(sys, start_pfn, end_pfn);
}

int online_pages(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
		 struct zone *zone, struct memory_group *group)
{
	const int nid = zone_to_nid(zone);
	bool need_zonelists_rebuild;
	struct memory_notify arg;
	int ret;

	if (!nr_pages || !IS_ALIGNED(pfn, pageblock_nr_pages) ||
	    !IS_ALIGNED(pfn + nr_pages, PAGES_PER_SECTION)) {
		hm_warn(sys, "online_pages: misaligned range %#lx+%#lx", pfn, nr_pages);
		return -EINVAL;
	}
	lockdep_assert_held(&sys->lockdep, LOCK_RANK_MEM_HOTPLUG);

	move_pfn_range_to_zone(sys, zone, pfn, nr_pages, MIGRATE_ISOLATE);

	arg.start_pfn = pfn;
	arg.nr_pages = nr_pages;
	node_states_check_changes_online(sys, zone, &arg);
	ret = notifier_to_errno(memory_notify(sys, MEM_GOING_ONLINE, &arg));
	if (ret)
		goto failed_addition;

	zone->nr_isolate_pageblock += nr_pages / pageblock_nr_pages;
	/* an unpopulated zone is in no zonelist: rebuild them once it has pages */
	need_zonelists_rebuild = !populated_zone(zone);
	online_pages_range(sys, zone, pfn, nr_pages);
	adjust_present_page_count(sys, pfn, zone, group, (long)nr_pages);
	node_states_set_node(sys, nid, &arg);
	if (need_zonelists_rebuild)
		build_all_zonelists(sys);

	/* Basic onlining is complete: allocations may come from the range now. */
	undo_isolate_page_range(sys, zone, pfn, pfn + nr_pages, MIGRATE_MOVABLE);
	/* the kernel's allocations for the new memory: workload.c's notifier */
	memory_notify(sys, MEM_ONLINE, &arg);
	return 0;

failed_addition:
	pr_debug(sys, "online_pages [mem %#010llx-%#010llx] failed",
	       (unsigned long long)PFN_PHYS(pfn),
	       (unsigned long long)PFN_PHYS(pfn + nr_pages) - 1);
	memory_notify(sys, MEM_CANCEL_ONLINE, &arg);
	remove_pfn_range_from_zone(sys, zone, pfn, nr_pages);
	return ret;
}

/* ------------------------------------------------------------ offline */

static void node_states_check_changes_offline(struct hm_system *sys, unsigned long nr_pages,
					      struct zone *zone, struct memory_notify *arg)
{
	struct pglist_data *pgdat = zone->zone_pgdat;
	unsigned long present_pages = 0;
	int zt;

	arg->status_change_nid = NUMA_NO_NODE;
	arg->status_change_nid_normal = NUMA_NO_NODE;
	for (zt = 0; zt <= ZONE_NORMAL; zt++)
		present_pages += pgdat->node_zones[zt].present_pages;
	if (zone->idx <= ZONE_NORMAL && nr_pages >= present_pages)
		arg->status_change_nid_normal = zone_to_nid(zone);
	present_pages += pgdat->node_zones[ZONE_MOVABLE].present_pages;
	if (nr_pages >= present_pages)
		arg->status_change_nid = zone_to_nid(zone);
}

static void node_states_clear_node(struct hm_system *sys, int nid, struct memory_notify *arg)
{
	if (arg->status_change_nid_normal >= 0)
		node_clear_state(sys, nid, N_NORMAL_MEMORY);
	if (arg->status_change_nid >= 0)
		node_clear_state(sys, nid, N_MEMORY);
}

static int count_system_ram_pages_cb(uint64_t start_pfn, uint64_t nr_pages, void *data)
{
	*(unsigned long *)data += nr_pages;
	return 0;
}

/*
 * do_migrate_range: moves the movable pages of the range elsewhere.  A page
 * that cannot move now (no free memory where it may go) stays; that is not
 * an error, the caller's loop tries again.  Returns the pages moved;
 * *nr_failed gets the pages that stayed.
 */
static unsigned long do_migrate_range(struct hm_system *sys, unsigned long start_pfn,
				      unsigned long end_pfn, unsigned long *nr_failed)
{
	return migrate_range(sys, start_pfn, end_pfn, nr_failed);
}

/*
 * A pass that moved nothing: the kernel's loop goes on until a signal
 * arrives (signal_pending -> -EINTR, "signal backoff").  sys->offline_wait
 * waits for something else to free memory (0: try again) or for the signal.
 */
static int offline_no_progress(struct hm_system *sys)
{
	return sys->offline_wait ? sys->offline_wait(sys, sys->offline_wait_arg) : -EINTR;
}

int offline_pages(struct hm_system *sys, unsigned long start_pfn, unsigned long nr_pages,
		  struct zone *zone, struct memory_group *group)
{
	const unsigned long end_pfn = start_pfn + nr_pages;
	unsigned long pfn, system_ram_pages = 0, failed;
	const int node = zone_to_nid(zone);
	struct memory_notify arg;
	const char *reason;
	int ret;

	if (!nr_pages || !IS_ALIGNED(start_pfn, pageblock_nr_pages) ||
	    !IS_ALIGNED(start_pfn + nr_pages, PAGES_PER_SECTION)) {
		hm_warn(sys, "offline_pages: misaligned range %#lx+%#lx", start_pfn, nr_pages);
		return -EINVAL;
	}
	lockdep_assert_held(&sys->lockdep, LOCK_RANK_MEM_HOTPLUG);

	/* Blocks with holes can never be offlined (nor onlined again). */
	walk_system_ram_range(&sys->iomem_resource, start_pfn, nr_pages, &system_ram_pages,
			      count_system_ram_pages_cb);
	if (system_ram_pages != nr_pages) {
		ret = -EINVAL;
		reason = "memory holes";
		goto failed_removal;
	}
	if (page_zone(sys, pfn_page_peek(sys, start_pfn)) != zone ||
	    page_zone(sys, pfn_page_peek(sys, end_pfn - 1)) != zone) {
		hm_warn(sys, "offline_pages: multizone range");
		ret = -EINVAL;
		reason = "multizone range";
		goto failed_removal;
	}

	ret = start_isolate_page_range(sys, zone, start_pfn, end_pfn);
	if (ret) {
		reason = "failure to isolate range";
		goto failed_removal;
	}

	arg.start_pfn = start_pfn;
	arg.nr_pages = nr_pages;
	node_states_check_changes_offline(sys, nr_pages, zone, &arg);
	ret = notifier_to_errno(memory_notify(sys, MEM_GOING_OFFLINE, &arg));
	if (ret) {
		reason = "notifier failure";
		goto failed_removal_isolated;
	}

	/*
	 * Migrate until nothing movable is left.  The kernel goes on until a
	 * signal arrives; a pass that moved nothing cannot do better until
	 * something else frees memory, so it asks offline_no_progress whether
	 * to go on (hotmem run: never; the answer is the interrupted writer's).
	 */
	do {
		bool moved = false;

		pfn = start_pfn;
		do {
			ret = scan_movable_pages(sys, pfn, end_pfn, &pfn);
			if (ret)
				break;
			if (do_migrate_range(sys, pfn, end_pfn, &failed))
				moved = true;
			if (failed && !moved) {
				ret = offline_no_progress(sys);
				if (ret) {
					reason = "signal backoff";
					goto failed_removal_isolated;
				}
			}
			if (failed)
				moved = false;
		} while (!ret);
		if (ret != -ENOENT) {
			reason = "unmovable page";
			goto failed_removal_isolated;
		}
		ret = test_pages_isolated(sys, start_pfn, end_pfn);
		if (ret && offline_no_progress(sys)) {
			ret = -EINTR;
			reason = "signal backoff";
			goto failed_removal_isolated;
		}
	} while (ret);

	/* Mark the sections offline and take the free pages out of the buddy. */
	__offline_isolated_pages(sys, zone, start_pfn, end_pfn);
	pr_debug(sys, "Offlined Pages %lu", nr_pages);
	zone->nr_isolate_pageblock -= nr_pages / pageblock_nr_pages;

	adjust_managed_page_count(zone, -(long)nr_pages);
	adjust_present_page_count(sys, start_pfn, zone, group, -(long)nr_pages);
	if (!populated_zone(zone))
		build_all_zonelists(sys);
	node_states_clear_node(sys, node, &arg);
	memory_notify(sys, MEM_OFFLINE, &arg);
	remove_pfn_range_from_zone(sys, zone, start_pfn, nr_pages);
	return 0;

failed_removal_isolated:
	undo_isolate_page_range(sys, zone, start_pfn, end_pfn, MIGRATE_MOVABLE);
	memory_notify(sys, MEM_CANCEL_OFFLINE, &arg);
failed_removal:
	pr_debug(sys, "memory offlining [mem %#010llx-%#010llx] failed due to %s",
	       (unsigned long long)PFN_PHYS(start_pfn),
	       (unsigned long long)PFN_PHYS(end_pfn) - 1, reason);
	return ret;
}

/* ------------------------------------------------ memmap_on_memory */

int mhp_init_memmap_on_memory(struct hm_system *sys, unsigned long pfn, unsigned long nr_pages,
			      struct zone *zone)
{
	const unsigned long end_pfn = pfn + nr_pages;

	move_pfn_range_to_zone(sys, zone, pfn, nr_pages, MIGRATE_UNMOVABLE);
	/* vmemmap pages that span whole sections: those sections go online here */
	if (nr_pages >= PAGES_PER_SECTION)
		online_mem_sections(sys, pfn, ALIGN_DOWN(end_pfn, PAGES_PER_SECTION));
	return 0;
}

void mhp_deinit_memmap_on_memory(struct hm_system *sys, unsigned long pfn,
				 unsigned long nr_pages)
{
	const unsigned long end_pfn = pfn + nr_pages;

	if (nr_pages >= PAGES_PER_SECTION)
		offline_mem_sections(sys, pfn, ALIGN_DOWN(end_pfn, PAGES_PER_SECTION));
	remove_pfn_range_from_zone(sys, page_zone(sys, pfn_page_peek(sys, pfn)), pfn, nr_pages);
}

/* ------------------------------------------------------------- hot-add */

static int check_hotplug_memory_range(struct hm_system *sys, uint64_t start, uint64_t size)
{
	uint64_t block_size = memory_block_size_bytes(sys);

	if (!size || !IS_ALIGNED(start, block_size) || !IS_ALIGNED(size, block_size)) {
		pr_err(sys, "Block size [%#llx] unaligned hotplug range: start %#llx, size %#llx",
		       (unsigned long long)block_size, (unsigned long long)start,
		       (unsigned long long)size);
		return -EINVAL;
	}
	return 0;
}

bool mhp_range_pluggable(struct hm_system *sys, uint64_t start, uint64_t size)
{
	uint64_t end = start + size;

	return start < end && end <= (1ULL << arch_physmem_bits(&sys->arch));
}

static int register_memory_resource(struct hm_system *sys, uint64_t start, uint64_t size,
				    const char *name, struct resource **out)
{
	unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	int ret;

	if (strcmp(name, "System RAM"))
		flags |= IORESOURCE_SYSRAM_DRIVER_MANAGED;
	if (!mhp_range_pluggable(sys, start, size)) {
		/* the kernel's %#llx prints 0 as 0x0 */
		pr_warn(sys, "Hotplug memory [0x%llx-0x%llx] exceeds maximum addressable range "
			"[0x%llx-0x%llx]", (unsigned long long)start,
			(unsigned long long)(start + size), 0ULL,
			(unsigned long long)((1ULL << arch_physmem_bits(&sys->arch)) - 1));
		return -E2BIG;
	}
	ret = request_region(&sys->alloc, &sys->iomem_resource, start, size, name, flags,
			     IORES_DESC_NONE, out);
	if (ret == -EBUSY || ret == -EINVAL) {
		pr_debug(sys, "Unable to reserve System RAM region: %016llx->%016llx",
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		return -EEXIST;
	}
	return ret;
}

bool mhp_supports_memmap_on_memory(struct hm_system *sys, uint64_t size)
{
	unsigned long nr_vmemmap_pages = size / PAGE_SIZE;
	unsigned long vmemmap_size = nr_vmemmap_pages * 64;	/* the kernel's struct page */
	unsigned long remaining_size = size - vmemmap_size;

	/* 6.1: one memory block, PMD-mapped vmemmap, pageblock aligned rest */
	return sys->params.memmap_on_memory && size == memory_block_size_bytes(sys) &&
	       IS_ALIGNED(vmemmap_size, 2 * SZ_1M) &&
	       IS_ALIGNED(remaining_size, pageblock_nr_pages << PAGE_SHIFT);
}

/* __try_online_node(nid, false): 1 if the node is new, 0, or -ENOMEM. */
static int __try_online_node(struct hm_system *sys, int nid)
{
	int ret;

	if (node_online(sys, nid))
		return 0;
	ret = pgdat_alloc(sys, nid);	/* hotadd_init_pgdat: empty zones */
	return ret ? ret : 1;
}

/* Links the new blocks to nid; -ENOMEM (links already made are removed). */
static int link_new_blocks(struct hm_system *sys, int nid, uint64_t start, uint64_t size)
{
	return register_memory_blocks_under_node(sys, nid, PFN_DOWN(start),
						 PFN_UP(start + size), MEMINIT_HOTPLUG);
}

static int online_memory_block(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	mem->online_type = mhp_get_default_online_type(sys);
	memory_block_device_online(sys, mem);	/* failures are ignored */
	return 0;
}

int add_memory_resource(struct hm_system *sys, int nid, struct resource *res, mhp_t flags)
{
	struct vmem_altmap mhp_altmap = { 0 }, *altmap = NULL;
	struct memory_group *group = NULL;
	unsigned int memblock_flags = MEMBLOCK_NONE;
	uint64_t start = res->start, size = res->end - res->start + 1;
	unsigned long id;
	bool new_node = false;
	int ret;

	ret = check_hotplug_memory_range(sys, start, size);
	if (ret)
		return ret;
	if (flags & MHP_NID_IS_MGID) {
		group = memory_group_find_by_id(sys, nid);
		if (!group)
			return -EINVAL;
		nid = group->nid;
	}
	if (nid < 0 || nid >= MAX_NUMNODES || !node_state(sys, nid, N_POSSIBLE)) {
		hm_warn(sys, "node %d was absent from the node_possible_map", nid);
		return -EINVAL;
	}

	mem_hotplug_begin(sys);

	if (sys->arch.keep_memblock) {
		if (res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED)
			memblock_flags = MEMBLOCK_DRIVER_MANAGED;
		ret = memblock_add_node(&sys->memblock, start, size, nid, memblock_flags);
		if (ret)
			goto out_hotplug_done;
	}

	ret = __try_online_node(sys, nid);
	if (ret < 0)
		goto out_remove_memblock;
	new_node = ret;
	if (new_node) {
		/* The kernel registers the node later and BUGs if that fails. */
		ret = register_one_node(sys, nid);
		if (ret)
			goto out_remove_memblock;
	}

	if (flags & MHP_MEMMAP_ON_MEMORY) {
		if (!mhp_supports_memmap_on_memory(sys, size)) {
			ret = -EINVAL;
			goto out_unregister_node;
		}
		mhp_altmap.free = PHYS_PFN(size);
		mhp_altmap.base_pfn = PHYS_PFN(start);
		altmap = &mhp_altmap;
	}

	ret = arch_add_memory(sys, nid, start, size, altmap);
	if (ret < 0)
		goto out_unregister_node;

	ret = create_memory_block_devices(sys, start, size, NULL, group);
	if (ret)
		goto out_arch_remove;
	for (id = phys_to_block_id(sys, start); id < phys_to_block_id(sys, start + size); id++)
		find_memory_block_by_id(sys, id)->nr_vmemmap_pages = mhp_altmap.alloc;

	if (new_node)
		node_set_state(sys, nid, N_ONLINE);
	ret = link_new_blocks(sys, nid, start, size);
	if (ret)
		goto out_remove_blocks;

	if (arch_has_firmware_memmap(sys->arch.kind) && !strcmp(res->name, "System RAM")) {
		ret = firmware_map_add_hotplug(&sys->fwmap, start, start + size, "System RAM");
		if (ret)
			goto out_remove_blocks;
	}

	mem_hotplug_done(sys);

	if (flags & MHP_MERGE_RESOURCE)
		merge_system_ram_resource(&sys->alloc, res);

	if (mhp_get_default_online_type(sys) != MMOP_OFFLINE)
		walk_memory_blocks(sys, start, size, NULL, online_memory_block);
	return 0;

out_remove_blocks:
	remove_memory_block_devices(sys, start, size);
	if (new_node)
		node_clear_state(sys, nid, N_ONLINE);
out_arch_remove:
	arch_remove_memory(sys, start, size, altmap);
out_unregister_node:
	if (new_node)
		unregister_one_node(sys, nid);
out_remove_memblock:
	if (sys->arch.keep_memblock)
		memblock_remove(&sys->memblock, start, size);
out_hotplug_done:
	mem_hotplug_done(sys);
	return ret;
}

static int add_memory_named(struct hm_system *sys, int nid, uint64_t start, uint64_t size,
			    const char *name, mhp_t flags)
{
	struct resource *res;
	int ret;

	ret = register_memory_resource(sys, start, size, name, &res);
	if (ret)
		return ret;
	ret = add_memory_resource(sys, nid, res, flags);
	if (ret < 0)
		release_region(&sys->alloc, res);
	return ret;
}

int hotplug_memory_nid(struct hm_system *sys, int pxm, uint64_t start)
{
	static const char msg[] = "Unknown online node for memory at 0x%llx, assuming node 0";

	if (!sys->numa_off) {
		int nid;

		if (!sys->srat.parsed)
			return pxm;
		/* acpi_get_node (pxm_to_node), then x86's memory_add_physaddr_to_nid */
		nid = pxm_to_node(sys, pxm);
		return nid != NUMA_NO_NODE ? nid : memory_add_physaddr_to_nid(sys, start);
	}
	/* pr_info_once: the kernel logs this for the first such memory only */
	if (!sys->logged_unknown_node) {
		sys->logged_unknown_node = true;
		pr_info(sys, msg, (unsigned long long)start);
	}
	return 0;
}

int __add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags)
{
	return add_memory_named(sys, nid, start, size, "System RAM", flags);
}

int add_memory(struct hm_system *sys, int nid, uint64_t start, uint64_t size, mhp_t flags)
{
	int ret;

	lock_device_hotplug(sys);
	ret = __add_memory(sys, nid, start, size, flags);
	unlock_device_hotplug(sys);
	return ret;
}

int add_memory_driver_managed(struct hm_system *sys, int nid, uint64_t start,
			      uint64_t size, const char *resource_name, mhp_t flags)
{
	size_t n = strlen(resource_name);
	int ret;

	if (strncmp(resource_name, "System RAM (", 12) || n < 13 ||
	    resource_name[n - 1] != ')')
		return -EINVAL;
	lock_device_hotplug(sys);
	ret = add_memory_named(sys, nid, start, size, resource_name, flags);
	unlock_device_hotplug(sys);
	return ret;
}

/* ---------------------------------------------------------- hot-remove */

static int check_memblock_offlined_cb(struct hm_system *sys, struct memory_block *mem,
				      void *arg)
{
	*(int *)arg = mem->nid;
	if (mem->state != MEM_OFFLINE) {
		uint64_t begin = PFN_PHYS(memory_block_start_pfn(mem));

		pr_warn(sys, "removing memory fails, because memory [%#llx-%#llx] is onlined",
		       (unsigned long long)begin,
		       (unsigned long long)(begin + memory_block_size_bytes(sys) - 1));
		return -EBUSY;
	}
	return 0;
}

static int get_nr_vmemmap_pages_cb(struct hm_system *sys, struct memory_block *mem,
				   void *arg)
{
	*(unsigned long *)arg += mem->nr_vmemmap_pages;
	return 0;
}

/* try_remove_memory: the reverse of add_memory_resource. */
static int try_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size)
{
	struct vmem_altmap mhp_altmap = { 0 }, *altmap = NULL;
	unsigned long nr_vmemmap_pages = 0;
	int rc, nid = NUMA_NO_NODE;

	rc = check_hotplug_memory_range(sys, start, size);
	if (rc)
		return rc;
	rc = walk_memory_blocks(sys, start, size, &nid, check_memblock_offlined_cb);
	if (rc)
		return rc;

	/* memmap_on_memory ranges go away in the granularity they came: one block */
	walk_memory_blocks(sys, start, size, &nr_vmemmap_pages, get_nr_vmemmap_pages_cb);
	if (nr_vmemmap_pages) {
		if (size != memory_block_size_bytes(sys)) {
			pr_warn(sys, "Refuse to remove %#llx - %#llx, wrong granularity",
			       (unsigned long long)start, (unsigned long long)(start + size));
			return -EINVAL;
		}
		mhp_altmap.alloc = nr_vmemmap_pages;
		altmap = &mhp_altmap;
	}

	if (arch_has_firmware_memmap(sys->arch.kind))
		firmware_map_remove(&sys->fwmap, start, start + size, "System RAM");

	/* Block devices go under device_hotplug_lock alone, a barrier to online. */
	remove_memory_block_devices(sys, start, size);

	mem_hotplug_begin(sys);
	arch_remove_memory(sys, start, size, altmap);
	/* memblock only now: pfn lookups had to work until the sections were gone */
	if (sys->arch.keep_memblock) {
		memblock_phys_free(&sys->memblock, start, size);
		memblock_remove(&sys->memblock, start, size);
	}
	release_mem_region_adjustable(&sys->alloc, &sys->iomem_resource, start, size);
	if (nid != NUMA_NO_NODE)
		try_offline_node(sys, nid);
	mem_hotplug_done(sys);
	return 0;
}

int __remove_memory(struct hm_system *sys, uint64_t start, uint64_t size)
{
	return try_remove_memory(sys, start, size);
}

int remove_memory(struct hm_system *sys, uint64_t start, uint64_t size)
{
	int rc;

	lock_device_hotplug(sys);
	rc = try_remove_memory(sys, start, size);
	unlock_device_hotplug(sys);
	return rc;
}

struct offline_remove_state {
	uint8_t *online_types;
	unsigned long first_id;
};

static int try_offline_memory_block(struct hm_system *sys, struct memory_block *mem,
				    void *arg)
{
	struct offline_remove_state *st = arg;
	uint8_t online_type = MMOP_ONLINE_KERNEL;
	const struct page *page = pfn_to_online_page_peek(sys, memory_block_start_pfn(mem) +
								  mem->nr_vmemmap_pages);
	int rc;

	if (page && page_zonenum(sys, page) == ZONE_MOVABLE)
		online_type = MMOP_ONLINE_MOVABLE;
	rc = memory_block_device_offline(sys, mem);
	if (!rc)
		st->online_types[mem->id - st->first_id] = online_type;
	return rc < 0 ? rc : 0;
}

static int try_reonline_memory_block(struct hm_system *sys, struct memory_block *mem,
				     void *arg)
{
	struct offline_remove_state *st = arg;
	uint8_t online_type = st->online_types[mem->id - st->first_id];

	if (online_type != MMOP_OFFLINE) {
		mem->online_type = online_type;
		if (memory_block_device_online(sys, mem) < 0)
			pr_warn(sys, "Failed to re-online memory%lu", mem->id);
		mem->online_type = MMOP_OFFLINE;
	}
	return 0;
}

int offline_and_remove_memory(struct hm_system *sys, uint64_t start, uint64_t size)
{
	unsigned long block_size = memory_block_size_bytes(sys);
	struct offline_remove_state st;
	int rc;

	if (!size || !IS_ALIGNED(start, block_size) || !IS_ALIGNED(size, block_size))
		return -EINVAL;
	st.first_id = phys_to_block_id(sys, start);
	st.online_types = hm_kzalloc(&sys->alloc, size / block_size);	/* MMOP_OFFLINE */
	if (!st.online_types)
		return -ENOMEM;

	lock_device_hotplug(sys);
	rc = walk_memory_blocks(sys, start, size, &st, try_offline_memory_block);
	if (!rc)
		rc = try_remove_memory(sys, start, size);
	if (rc)
		walk_memory_blocks(sys, start, size, &st, try_reonline_memory_block);
	unlock_device_hotplug(sys);

	hm_kfree(&sys->alloc, st.online_types);
	return rc;
}

/* ------------------------- sysfs: /sys/module/memory_hotplug/parameters */

static int memmap_on_memory_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
				 struct hm_buf *out)
{
	hm_buf_printf(out, "%c\n", sys->params.memmap_on_memory ? 'Y' : 'N');
	return 0;
}

static int online_policy_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			      struct hm_buf *out)
{
	hm_buf_printf(out, "%s\n", online_policy_to_str[sys->params.online_policy]);
	return 0;
}

static int online_policy_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			       const char *buf)
{
	int ret = sysfs_match_string(online_policy_to_str, 2, buf);

	if (ret < 0)
		return ret;
	sys->params.online_policy = ret;
	return 0;
}

static int auto_movable_ratio_show(struct hm_system *sys, long id,
				   const struct sysfs_attr *attr, struct hm_buf *out)
{
	hm_buf_printf(out, "%u\n", sys->params.auto_movable_ratio);
	return 0;
}

/* param_set_uint: kstrtouint(base 0) */
static int auto_movable_ratio_store(struct hm_system *sys, long id,
				    const struct sysfs_attr *attr, const char *buf)
{
	unsigned long long v;
	int ret = kstrtoull(buf, &v);

	if (ret)
		return ret;
	if (v > 0xffffffffULL)
		return -ERANGE;
	sys->params.auto_movable_ratio = (unsigned int)v;
	return 0;
}

static int auto_movable_numa_aware_show(struct hm_system *sys, long id,
					const struct sysfs_attr *attr, struct hm_buf *out)
{
	hm_buf_printf(out, "%c\n", sys->params.auto_movable_numa_aware ? 'Y' : 'N');
	return 0;
}

static int auto_movable_numa_aware_store(struct hm_system *sys, long id,
					 const struct sysfs_attr *attr, const char *buf)
{
	bool b;
	int ret = kstrtobool(buf, &b);

	if (ret)
		return ret;
	sys->params.auto_movable_numa_aware = b;
	return 0;
}

static const struct sysfs_attr memory_hotplug_params[] = {
	SYSFS_ATTR_RO(memmap_on_memory),
	SYSFS_ATTR_RW(online_policy),
	SYSFS_ATTR_RW(auto_movable_ratio),
	SYSFS_ATTR_RW(auto_movable_numa_aware),
	{ NULL }
};
static const struct sysfs_attr *const memory_hotplug_param_groups[] = { memory_hotplug_params,
									 NULL };
const struct sysfs_dir memory_hotplug_params_dir = { .groups = memory_hotplug_param_groups };
