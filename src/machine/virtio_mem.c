// SPDX-License-Identifier: GPL-2.0
/*
 * virtio_mem.c - the guest's virtio-mem driver as Linux 6.1 has it
 * (drivers/virtio/virtio_mem.c), and the device side of its requests
 * (QEMU's hw/virtio/virtio-mem.c: the plugged-block bitmap, "size").
 *
 * DOC: the two modes
 *
 * The device exposes a region [addr, addr + region_size) in device blocks
 * (QEMU's block-size, 2 MiB by default).  The driver works in
 *  - Sub Block Mode (SBM) when the sub-block, max(device block, pageblock),
 *    is smaller than a memory block: a memory block is added whole
 *    (add_memory_driver_managed, "System RAM (virtio_mem)", merged
 *    resource, the device's dynamic memory group) once some of its
 *    sub-blocks are plugged; the unplugged sub-blocks of an online block are
 *    kept fake-offline: PageOffline, never in the buddy, not managed, but
 *    present.  The online-page callback decides, chunk by chunk, what of a
 *    block being onlined goes to the buddy;
 *  - Big Block Mode (BBM) otherwise: big blocks of max(device block, memory
 *    block), plugged, added and removed whole.
 *
 *   memory block 33 (SBM, 64 sub-blocks of 2 MiB), 96 MiB plugged:
 *   |####################################################............|
 *    sb 0 ...                                         sb 47 | 48 ... 63
 *    plugged: online, in the buddy                  fake-offline (PG_offline)
 *
 * DOC: the work item (virtio_mem_run_wq)
 *
 * A config change (QEMU's requested-size), a finished removal, onlining
 * that brought the memory not onlined below half the offline threshold, or
 * the retry timer queues it.  One run plugs or unplugs toward the request:
 *  - SBM plug: free sub-blocks of partly plugged kernel blocks, then movable
 *    ones, then offline ones (each from the lowest block, from its lowest
 *    free sub-block; online ones are fake-onlined at once), then unused
 *    blocks, then new ones (plugged from sub-block 0, then added), as long
 *    as the memory added but not online stays within the offline threshold
 *    (max(2 memory blocks, 1 GiB); BBM: also >= 2 big blocks);
 *  - SBM unplug, each state from the highest block: offline partly plugged,
 *    offline, movable partly plugged, kernel partly plugged, movable,
 *    kernel.  Offline blocks give up their sub-blocks from the top and are
 *    removed when empty; online ones are unplugged whole if the request
 *    covers the block (alloc_contig_range of all of it), else sub-block by
 *    sub-block from the top, skipping busy ones (alloc_contig_range: on
 *    ZONE_MOVABLE tried five times, on kernel zones once); an online block
 *    with nothing plugged left is offlined and removed;
 *  - BBM unplug, from the highest big block: offline ones, then movable
 *    ones, then any; a big block is fake-offlined section by section
 *    (alloc_contig_range), then offlined and removed, then unplugged.
 * The result: 0 (the retry timer is reset to 50 s), -ENOSPC (nothing more
 * can be added: wait for onlining), -EBUSY/-ENOMEM/-ETXTBSY (retry after
 * the timer, which doubles up to 300 s), anything else breaks the device.
 * Time passes only at the scenario's `sleep` steps (machine_sleep).
 *
 * Not modelled: kdump, unplug_all at probe (a device comes up empty), the
 * module parameters (unplug_online=Y, force_bbm=N, bbm_block_size=0), and
 * VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE, which changes nothing the guest shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/memory_hotplug.h"
#include "hotmem/page_alloc.h"
#include "machine/machine_internal.h"
#include "machine/qmp_events.h"

enum sbm_mb_state {
	SBM_MB_UNUSED = 0,	/* not plugged, not added */
	SBM_MB_PLUGGED,		/* sub-blocks plugged, not added: unplug them later */
	SBM_MB_OFFLINE,
	SBM_MB_OFFLINE_PARTIAL,
	SBM_MB_KERNEL,
	SBM_MB_KERNEL_PARTIAL,
	SBM_MB_MOVABLE,
	SBM_MB_MOVABLE_PARTIAL,
	SBM_MB_COUNT
};

enum bbm_bb_state {
	BBM_BB_UNUSED = 0,
	BBM_BB_PLUGGED,		/* plugged, not added: unplug later */
	BBM_BB_ADDED,
	BBM_BB_FAKE_OFFLINE,	/* being unplugged: onlining keeps it back */
	BBM_BB_COUNT
};

/* device responses */
enum { RESP_ACK, RESP_NACK, RESP_BUSY, RESP_ERROR };

#define DEFAULT_OFFLINE_THRESHOLD	SZ_1G
#define RETRY_TIMER_MIN_MS		50000U
#define RETRY_TIMER_MAX_MS		300000U

struct virtio_mem {
	struct hm_machine *m;
	struct hm_dimm *dev;
	char name[16];			/* virtioN */
	uint64_t addr, region_size, device_block_size;
	uint64_t plugged_size, requested_size;
	int nid, mgid;
	struct resource *parent_resource;
	uint64_t offline_size, offline_threshold;
	bool in_sbm;
	/* SBM */
	unsigned long first_mb_id, next_mb_id, last_usable_mb_id, nr_mb;
	uint64_t sb_size;
	unsigned int sbs_per_mb;
	bool have_unplugged_mb;
	unsigned long mb_count[SBM_MB_COUNT];
	uint8_t *mb_states;
	uint8_t *sb_plugged;		/* one byte a sub-block */
	/* BBM */
	unsigned long first_bb_id, next_bb_id, last_usable_bb_id, nr_bb;
	uint64_t bb_size;
	unsigned long bb_count[BBM_BB_COUNT];
	uint8_t *bb_states;

	bool hotplug_active, wq_active, broken, config_changed, work_pending;
	bool retry_armed;
	unsigned int retry_timer_ms;
	uint64_t retry_at_ms;
	struct notifier_block nb;
};

/* ------------------------------------------------------------ device side */

static uint64_t dev_nr_blocks(const struct hm_dimm *dev)
{
	return dev->size / dev->block_size;
}

static bool dev_range_is(const struct hm_dimm *dev, uint64_t gpa, uint64_t size, bool plugged)
{
	uint64_t b = (gpa - dev->addr) / dev->block_size, n = size / dev->block_size;

	while (n--)
		if (!!dev->plugged_blocks[b++] != plugged)
			return false;
	return true;
}

/* virtio_mem_state_change_request: QEMU's checks of a guest request. */
static int device_request(struct hm_dimm *dev, uint64_t gpa, uint64_t size, bool plug)
{
	uint64_t b, n;

	if (!size || gpa % dev->block_size || size % dev->block_size || gpa < dev->addr ||
	    gpa + size < gpa || gpa + size > dev->addr + dev->usable_region_size)
		return RESP_ERROR;
	if (plug && dev->plugged_size + size > dev->requested_size)
		return RESP_NACK;
	if (!dev_range_is(dev, gpa, size, !plug))
		return RESP_ERROR;
	b = (gpa - dev->addr) / dev->block_size;
	for (n = size / dev->block_size; n--; b++)
		dev->plugged_blocks[b] = plug;
	if (plug)
		dev->plugged_size += size;
	else
		dev->plugged_size -= size;
	return RESP_ACK;
}

void virtio_mem_resize_usable_region(struct hm_dimm *dev, uint64_t requested, bool can_shrink)
{
	uint64_t newsize = requested + VIRTIO_MEM_USABLE_EXTENT;

	if (newsize > dev->size)
		newsize = dev->size;
	newsize = (newsize + dev->block_size - 1) / dev->block_size * dev->block_size;
	if (!requested)
		newsize = 0;
	if (newsize < dev->usable_region_size && !can_shrink)
		return;
	dev->usable_region_size = newsize;
}

/* ---------------------------------------------------------- driver: ids */

static uint64_t mb_size(const struct virtio_mem *vm)
{
	return memory_block_size_bytes(vm->m->sys);
}

static uint64_t mb_id_to_phys(const struct virtio_mem *vm, unsigned long mb_id)
{
	return (uint64_t)mb_id * mb_size(vm);
}

static unsigned long phys_to_mb_id(const struct virtio_mem *vm, uint64_t addr)
{
	return (unsigned long)(addr / mb_size(vm));
}

static uint64_t bb_id_to_phys(const struct virtio_mem *vm, unsigned long bb_id)
{
	return (uint64_t)bb_id * vm->bb_size;
}

static unsigned long phys_to_bb_id(const struct virtio_mem *vm, uint64_t addr)
{
	return (unsigned long)(addr / vm->bb_size);
}

/* A block's state changes: the count of blocks in each state follows. */
static void set_state(uint8_t *st, unsigned long *count, int state)
{
	count[*st]--;
	count[state]++;
	*st = (uint8_t)state;
}

static void sbm_set_mb_state(struct virtio_mem *vm, unsigned long mb_id, int state)
{
	set_state(&vm->mb_states[mb_id - vm->first_mb_id], vm->mb_count, state);
}

static int sbm_get_mb_state(const struct virtio_mem *vm, unsigned long mb_id)
{
	return vm->mb_states[mb_id - vm->first_mb_id];
}

static void bbm_set_bb_state(struct virtio_mem *vm, unsigned long bb_id, int state)
{
	set_state(&vm->bb_states[bb_id - vm->first_bb_id], vm->bb_count, state);
}

static int bbm_get_bb_state(const struct virtio_mem *vm, unsigned long bb_id)
{
	return vm->bb_states[bb_id - vm->first_bb_id];
}

static uint8_t *sb_bit(struct virtio_mem *vm, unsigned long mb_id, int sb_id)
{
	return &vm->sb_plugged[(mb_id - vm->first_mb_id) * vm->sbs_per_mb + (unsigned int)sb_id];
}

static bool sbm_test_sb_plugged(struct virtio_mem *vm, unsigned long mb_id, int sb_id,
				int count)
{
	while (count--)
		if (!*sb_bit(vm, mb_id, sb_id++))
			return false;
	return true;
}

static bool sbm_test_sb_unplugged(struct virtio_mem *vm, unsigned long mb_id, int sb_id,
				  int count)
{
	while (count--)
		if (*sb_bit(vm, mb_id, sb_id++))
			return false;
	return true;
}

static int sbm_first_unplugged_sb(struct virtio_mem *vm, unsigned long mb_id)
{
	int sb_id = 0;

	while (sb_id < (int)vm->sbs_per_mb && *sb_bit(vm, mb_id, sb_id))
		sb_id++;
	return sb_id;
}

/* ------------------------------------------------------ driver: requests */

static int send_request(struct virtio_mem *vm, uint64_t addr, uint64_t size, bool plug)
{
	switch (device_request(vm->dev, addr, size, plug)) {
	case RESP_ACK:
		if (plug)
			vm->plugged_size += size;
		else
			vm->plugged_size -= size;
		qmp_event_memory_device_size_change(vm->m, vm->dev);
		return 0;
	case RESP_NACK:
		return -EAGAIN;
	case RESP_BUSY:
		return -ETXTBSY;
	default:
		return -EINVAL;
	}
}

/* Asks the device to plug or unplug count sub-blocks; the bitmap follows its answer. */
static int sbm_request_sb(struct virtio_mem *vm, unsigned long mb_id, int sb_id, int count,
			  bool plug)
{
	int rc = send_request(vm, mb_id_to_phys(vm, mb_id) + (uint64_t)sb_id * vm->sb_size,
			      (uint64_t)count * vm->sb_size, plug);

	if (!rc)
		memset(sb_bit(vm, mb_id, sb_id), plug, (size_t)count);
	return rc;
}

static int sbm_plug_sb(struct virtio_mem *vm, unsigned long mb_id, int sb_id, int count)
{
	return sbm_request_sb(vm, mb_id, sb_id, count, true);
}

static int sbm_unplug_sb(struct virtio_mem *vm, unsigned long mb_id, int sb_id, int count)
{
	return sbm_request_sb(vm, mb_id, sb_id, count, false);
}

/* ------------------------------------------------- fake-offline pages */

static void adjust_managed(struct hm_system *sys, unsigned long pfn, long nr)
{
	adjust_managed_page_count(page_zone(sys, pfn_page_peek(sys, pfn)), nr);
}

/*
 * Marks pages fake-offline: PG_offline; those kept back while onlining
 * (onlined false) also PG_dirty and no longer reserved.  Their reference
 * stays: they are neither free nor anybody's.
 */
/* The part of [pfn, pfn + nr) in pfn's section. */
static unsigned long section_piece(unsigned long pfn, unsigned long nr)
{
	unsigned long left = PAGES_PER_SECTION - (pfn & (PAGES_PER_SECTION - 1));

	return nr < left ? nr : left;
}

static void set_fake_offline_piece(struct hm_system *sys, unsigned long pfn, unsigned long nr,
				   bool onlined)
{
	struct mem_section *ms = memmap_uniform_range(sys, pfn, nr);

	if (ms) {	/* a whole uniform section: its template (memmap.h) */
		page_set_flag(&ms->tmpl, PG_offline);
		if (!onlined) {
			page_set_flag(&ms->tmpl, PG_dirty);
			page_clear_flag(&ms->tmpl, PG_reserved);
		}
		return;
	}
	for (; nr--; pfn++) {
		struct page *page = pfn_to_page(sys, pfn);

		page_set_flag(page, PG_offline);
		if (!onlined) {
			page_set_flag(page, PG_dirty);
			page_clear_flag(page, PG_reserved);
		}
	}
}

/* Calls piece for each part of [pfn, pfn + nr) that lies in one section. */
static void for_each_section_piece(struct hm_system *sys, unsigned long pfn, unsigned long nr,
				   bool onlined,
				   void (*piece)(struct hm_system *, unsigned long, unsigned long,
						 bool))
{
	while (nr) {
		unsigned long n = section_piece(pfn, nr);

		piece(sys, pfn, n, onlined);
		pfn += n;
		nr -= n;
	}
}

static void set_fake_offline(struct hm_system *sys, unsigned long pfn, unsigned long nr,
			     bool onlined)
{
	for_each_section_piece(sys, pfn, nr, onlined, set_fake_offline_piece);
}

static void clear_fake_offline_piece(struct hm_system *sys, unsigned long pfn, unsigned long nr,
				     bool onlined)
{
	struct mem_section *ms = memmap_uniform_range(sys, pfn, nr);

	if (ms) {
		page_clear_flag(&ms->tmpl, PG_offline);
		if (!onlined)
			page_clear_flag(&ms->tmpl, PG_dirty);
		return;
	}
	for (; nr--; pfn++) {
		struct page *page = pfn_to_page(sys, pfn);

		page_clear_flag(page, PG_offline);
		if (!onlined)
			page_clear_flag(page, PG_dirty);
	}
}

static void clear_fake_offline(struct hm_system *sys, unsigned long pfn, unsigned long nr,
			       bool onlined)
{
	for_each_section_piece(sys, pfn, nr, onlined, clear_fake_offline_piece);
}

/*
 * virtio_mem_fake_online: gives fake-offline pages to the buddy, in the
 * biggest aligned order the range allows: pages kept back at onlining
 * (PG_dirty) as generic_online_page does, pages taken by
 * alloc_contig_range by freeing them again.
 */
static void fake_online(struct hm_system *sys, unsigned long pfn, unsigned long nr)
{
	unsigned int order = MAX_ORDER - 1;
	unsigned long i;

	while ((pfn | nr) & ((1UL << order) - 1))
		order--;
	for (i = 0; i < nr; i += 1UL << order) {
		struct page *page = pfn_to_page(sys, pfn + i);

		if (page_test_flag(sys, page, PG_dirty)) {
			clear_fake_offline(sys, pfn + i, 1UL << order, false);
			generic_online_page(sys, page, order);
		} else {
			clear_fake_offline(sys, pfn + i, 1UL << order, true);
			free_contig_range(sys, pfn + i, 1UL << order);
			adjust_managed(sys, pfn + i, 1L << order);
		}
	}
}

/*
 * virtio_mem_fake_offline: takes online pages from the buddy with
 * alloc_contig_range (five tries on ZONE_MOVABLE, one elsewhere) and keeps
 * them fake-offline.  0, -ENOMEM or -EBUSY.
 */
static int fake_offline(struct hm_system *sys, unsigned long pfn, unsigned long nr)
{
	bool movable = page_zonenum(sys, pfn_page_peek(sys, pfn)) == ZONE_MOVABLE;
	int rc, tries;

	for (tries = 0; tries < 5; tries++) {
		rc = alloc_contig_range(sys, pfn, pfn + nr);
		if (rc == -ENOMEM)
			return rc;
		if (rc && !movable)
			break;
		if (rc)
			continue;
		set_fake_offline(sys, pfn, nr, true);
		adjust_managed(sys, pfn, -(long)nr);
		return 0;
	}
	return -EBUSY;
}

/* MEM_GOING_OFFLINE: fake-offline pages drop their reference and count as managed. */
static void fake_offline_going_offline(struct hm_system *sys, unsigned long pfn,
				       unsigned long nr)
{
	unsigned long i, n;

	adjust_managed(sys, pfn, (long)nr);
	for (; nr; pfn += n, nr -= n) {
		struct mem_section *ms;

		n = section_piece(pfn, nr);
		ms = memmap_uniform_range(sys, pfn, n);
		if (ms && ms->tmpl.refcount == 1) {	/* every page: one reference less */
			ms->tmpl.refcount = 0;
			continue;
		}
		for (i = 0; i < n; i++) {
			struct page *page = pfn_to_page(sys, pfn + i);

			if (--page->refcount)
				hm_warn(sys, "virtio_mem: fake-offline page %#lx referenced",
					pfn + i);
		}
	}
}

static void fake_offline_cancel_offline(struct hm_system *sys, unsigned long pfn,
					unsigned long nr)
{
	unsigned long i, n;

	adjust_managed(sys, pfn, -(long)nr);
	for (; nr; pfn += n, nr -= n) {
		struct mem_section *ms;

		n = section_piece(pfn, nr);
		ms = memmap_uniform_range(sys, pfn, n);
		if (ms) {
			ms->tmpl.refcount++;
			continue;
		}
		for (i = 0; i < n; i++)
			pfn_to_page(sys, pfn + i)->refcount++;
	}
}

/* ---------------------------------------------------- add and remove */

static bool could_add_memory(struct virtio_mem *vm, uint64_t size)
{
	if (size > vm->offline_threshold)
		return false;
	return vm->offline_size + size <= vm->offline_threshold;
}

static void virtio_mem_retry(struct virtio_mem *vm)
{
	vm->work_pending = true;
}

static int add_memory_range(struct virtio_mem *vm, uint64_t addr, uint64_t size)
{
	int rc;

	vm->offline_size += size;
	rc = add_memory_driver_managed(vm->m->sys, vm->mgid, addr, size,
				       "System RAM (virtio_mem)",
				       MHP_MERGE_RESOURCE | MHP_NID_IS_MGID);
	if (rc) {
		vm->offline_size -= size;
		pr_warn(vm->m->sys, "virtio_mem %s: adding memory failed: %d", vm->name, rc);
	}
	return rc;
}

static int remove_memory_range(struct virtio_mem *vm, uint64_t addr, uint64_t size)
{
	int rc = remove_memory(vm->m->sys, addr, size);

	if (!rc) {
		vm->offline_size -= size;
		virtio_mem_retry(vm);	/* we might be able to plug or unplug more now */
	}
	return rc;
}

static int offline_and_remove_range(struct virtio_mem *vm, uint64_t addr, uint64_t size)
{
	int rc = offline_and_remove_memory(vm->m->sys, addr, size);

	if (!rc) {
		vm->offline_size -= size;
		virtio_mem_retry(vm);
		return 0;
	}
	return rc == -ENOMEM ? -ENOMEM : -EBUSY;
}

/* ------------------------------------------------------------ notifier */

static int sbm_notify_going_online(struct virtio_mem *vm, unsigned long mb_id)
{
	int st = sbm_get_mb_state(vm, mb_id);

	if (st == SBM_MB_OFFLINE_PARTIAL || st == SBM_MB_OFFLINE)
		return NOTIFY_OK;
	pr_warn(vm->m->sys, "virtio_mem %s: memory block onlining denied", vm->name);
	return NOTIFY_BAD;
}

static void sbm_notify_offline(struct virtio_mem *vm, unsigned long mb_id)
{
	switch (sbm_get_mb_state(vm, mb_id)) {
	case SBM_MB_KERNEL_PARTIAL:
	case SBM_MB_MOVABLE_PARTIAL:
		sbm_set_mb_state(vm, mb_id, SBM_MB_OFFLINE_PARTIAL);
		break;
	case SBM_MB_KERNEL:
	case SBM_MB_MOVABLE:
		sbm_set_mb_state(vm, mb_id, SBM_MB_OFFLINE);
		break;
	default:
		hm_warn(vm->m->sys, "virtio_mem: block %lu offlined in state %d", mb_id,
			sbm_get_mb_state(vm, mb_id));
	}
}

static void sbm_notify_online(struct virtio_mem *vm, unsigned long mb_id,
			      unsigned long start_pfn)
{
	struct hm_system *sys = vm->m->sys;
	bool movable = page_zonenum(sys, pfn_page_peek(sys, start_pfn)) == ZONE_MOVABLE;

	switch (sbm_get_mb_state(vm, mb_id)) {
	case SBM_MB_OFFLINE_PARTIAL:
		sbm_set_mb_state(vm, mb_id, movable ? SBM_MB_MOVABLE_PARTIAL :
						       SBM_MB_KERNEL_PARTIAL);
		break;
	case SBM_MB_OFFLINE:
		sbm_set_mb_state(vm, mb_id, movable ? SBM_MB_MOVABLE : SBM_MB_KERNEL);
		break;
	default:
		hm_warn(sys, "virtio_mem: block %lu onlined in state %d", mb_id,
			sbm_get_mb_state(vm, mb_id));
	}
}

/*
 * The unplugged sub-blocks of a block going offline (or not), each run of
 * adjacent ones at once, so that a section they cover whole is changed
 * through its template (memmap.h) rather than page by page.
 */
static void sbm_fake_offline_unplugged(struct virtio_mem *vm, unsigned long mb_id, bool cancel)
{
	const unsigned long nr = vm->sb_size >> PAGE_SHIFT;
	const int sbs = (int)vm->sbs_per_mb;
	int sb_id, count;

	for (sb_id = 0; sb_id < sbs; sb_id += count) {
		unsigned long pfn;

		count = 1;
		if (sbm_test_sb_plugged(vm, mb_id, sb_id, 1))
			continue;
		while (sb_id + count < sbs && !sbm_test_sb_plugged(vm, mb_id, sb_id + count, 1))
			count++;
		pfn = PFN_DOWN(mb_id_to_phys(vm, mb_id) + (uint64_t)sb_id * vm->sb_size);
		if (cancel)
			fake_offline_cancel_offline(vm->m->sys, pfn, nr * (unsigned long)count);
		else
			fake_offline_going_offline(vm->m->sys, pfn, nr * (unsigned long)count);
	}
}

static int memory_notifier_cb(struct hm_system *sys, void *data, unsigned long action,
			      struct memory_notify *mhp)
{
	struct virtio_mem *vm = data;
	const uint64_t start = PFN_PHYS(mhp->start_pfn), size = PFN_PHYS(mhp->nr_pages);
	unsigned long id;
	int rc = NOTIFY_OK;

	if (!(start < vm->addr + vm->region_size && vm->addr < start + size))
		return NOTIFY_DONE;
	if (vm->in_sbm) {
		id = phys_to_mb_id(vm, start);
		if (size != mb_size(vm) || start % mb_size(vm)) {
			hm_warn(sys, "virtio_mem: notifier range is not one memory block");
			return NOTIFY_BAD;
		}
	} else {
		id = phys_to_bb_id(vm, start);
		if (id != phys_to_bb_id(vm, start + size - 1)) {
			hm_warn(sys, "virtio_mem: notifier range crosses big blocks");
			return NOTIFY_BAD;
		}
	}

	switch (action) {
	case MEM_GOING_OFFLINE:
		vm->hotplug_active = true;
		if (vm->in_sbm)
			sbm_fake_offline_unplugged(vm, id, false);
		else if (bbm_get_bb_state(vm, id) == BBM_BB_FAKE_OFFLINE)
			fake_offline_going_offline(sys, mhp->start_pfn, mhp->nr_pages);
		break;
	case MEM_GOING_ONLINE:
		vm->hotplug_active = true;
		if (vm->in_sbm)
			rc = sbm_notify_going_online(vm, id);
		break;
	case MEM_OFFLINE:
		if (vm->in_sbm)
			sbm_notify_offline(vm, id);
		vm->offline_size += size;
		vm->hotplug_active = false;
		break;
	case MEM_ONLINE:
		if (vm->in_sbm)
			sbm_notify_online(vm, id, mhp->start_pfn);
		vm->offline_size -= size;
		/* onlining may let it add more: once half the threshold is free */
		if (!vm->wq_active && could_add_memory(vm, vm->offline_threshold / 2))
			virtio_mem_retry(vm);
		vm->hotplug_active = false;
		break;
	case MEM_CANCEL_OFFLINE:
		if (!vm->hotplug_active)
			break;
		if (vm->in_sbm)
			sbm_fake_offline_unplugged(vm, id, true);
		else if (bbm_get_bb_state(vm, id) == BBM_BB_FAKE_OFFLINE)
			fake_offline_cancel_offline(sys, mhp->start_pfn, mhp->nr_pages);
		vm->hotplug_active = false;
		break;
	case MEM_CANCEL_ONLINE:
		vm->hotplug_active = false;
		break;
	}
	return rc;
}

/* ------------------------------------------------- online-page callback */

static void online_page(struct virtio_mem *vm, struct page *page, unsigned int order)
{
	struct hm_system *sys = vm->m->sys;
	const uint64_t start = PFN_PHYS(page_to_pfn(sys, page));
	const uint64_t end = start + PFN_PHYS(1ULL << order);
	uint64_t addr, next;
	bool do_online;

	/*
	 * A chunk may hold plugged and unplugged sub-blocks (sub-blocks are
	 * pageblocks, chunks up to MAX_ORDER - 1): then it goes sub-block by
	 * sub-block, from the first mixed chunk on.
	 */
	for (addr = start; addr < end;) {
		next = addr + PFN_PHYS(1ULL << order);
		if (vm->in_sbm) {
			unsigned long id = phys_to_mb_id(vm, addr);
			int sb_id = (int)((addr - mb_id_to_phys(vm, id)) / vm->sb_size);
			int count = (int)((next - 1 - mb_id_to_phys(vm, id)) / vm->sb_size) - sb_id + 1;

			if (sbm_test_sb_plugged(vm, id, sb_id, count)) {
				do_online = true;
			} else if (count == 1 || sbm_test_sb_unplugged(vm, id, sb_id, count)) {
				do_online = false;
			} else {
				order = (unsigned int)__builtin_ctzll(vm->sb_size) - PAGE_SHIFT;
				continue;
			}
		} else {
			do_online = bbm_get_bb_state(vm, phys_to_bb_id(vm, addr)) !=
				    BBM_BB_FAKE_OFFLINE;
		}
		if (do_online)
			generic_online_page(sys, pfn_to_page(sys, PFN_DOWN(addr)), order);
		else
			set_fake_offline(sys, PFN_DOWN(addr), 1UL << order, false);
		addr = next;
	}
}

static void online_page_cb(struct hm_system *sys, void *data, struct page *page,
			   unsigned int order)
{
	struct hm_machine *m = data;
	const uint64_t addr = PFN_PHYS(page_to_pfn(sys, page)), size = PFN_PHYS(1ULL << order);
	struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next) {
		struct virtio_mem *vm = d->vm;

		if (d->type != MDEV_VIRTIO_MEM || !vm || addr < vm->addr ||
		    addr + size > vm->addr + vm->region_size)
			continue;
		online_page(vm, page, order);
		return;
	}
	generic_online_page(sys, page, order);	/* a DIMM, or boot memory */
}

/*
 * Would online_page_cb give every chunk of [pfn, pfn + nr_pages) (within
 * one memory block) to generic_online_page?  Yes outside virtio-mem; in a
 * device, if all its sub-blocks are plugged (SBM) or its big block is not
 * kept fake-offline (BBM).
 */
static bool online_range_query(struct hm_system *sys, void *data, unsigned long pfn,
			       unsigned long nr_pages)
{
	struct hm_machine *m = data;
	const uint64_t addr = PFN_PHYS(pfn), size = PFN_PHYS(nr_pages);
	struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next) {
		struct virtio_mem *vm = d->vm;
		unsigned long id;
		int sb_id, count;

		if (d->type != MDEV_VIRTIO_MEM || !vm || addr + size <= vm->addr ||
		    addr >= vm->addr + vm->region_size)
			continue;
		if (addr < vm->addr || addr + size > vm->addr + vm->region_size)
			return false;
		if (!vm->in_sbm)
			return bbm_get_bb_state(vm, phys_to_bb_id(vm, addr)) != BBM_BB_FAKE_OFFLINE &&
			       phys_to_bb_id(vm, addr) == phys_to_bb_id(vm, addr + size - 1);
		id = phys_to_mb_id(vm, addr);
		if (id != phys_to_mb_id(vm, addr + size - 1))
			return false;
		sb_id = (int)((addr - mb_id_to_phys(vm, id)) / vm->sb_size);
		count = (int)((addr + size - 1 - mb_id_to_phys(vm, id)) / vm->sb_size) - sb_id + 1;
		return sbm_test_sb_plugged(vm, id, sb_id, count);
	}
	return true;	/* a DIMM, or boot memory */
}

/* ------------------------------------------------------------ SBM plug */

static int sbm_plug_and_add_mb(struct virtio_mem *vm, unsigned long mb_id, uint64_t *nb_sb)
{
	const int count = *nb_sb < vm->sbs_per_mb ? (int)*nb_sb : (int)vm->sbs_per_mb;
	int rc;

	rc = sbm_plug_sb(vm, mb_id, 0, count);
	if (rc)
		return rc;
	/* in the right state before adding: the notifiers look at it */
	sbm_set_mb_state(vm, mb_id, count == (int)vm->sbs_per_mb ? SBM_MB_OFFLINE :
				     SBM_MB_OFFLINE_PARTIAL);
	rc = add_memory_range(vm, mb_id_to_phys(vm, mb_id), mb_size(vm));
	if (rc) {
		int new_state = SBM_MB_UNUSED;

		if (sbm_unplug_sb(vm, mb_id, 0, count))
			new_state = SBM_MB_PLUGGED;
		sbm_set_mb_state(vm, mb_id, new_state);
		return rc;
	}
	*nb_sb -= (uint64_t)count;
	return 0;
}

static int sbm_plug_any_sb(struct virtio_mem *vm, unsigned long mb_id, uint64_t *nb_sb)
{
	const int old_state = sbm_get_mb_state(vm, mb_id);
	int sb_id, count, rc;

	while (*nb_sb) {
		sb_id = sbm_first_unplugged_sb(vm, mb_id);
		if (sb_id >= (int)vm->sbs_per_mb)
			break;
		count = 1;
		while ((uint64_t)count < *nb_sb && sb_id + count < (int)vm->sbs_per_mb &&
		       !sbm_test_sb_plugged(vm, mb_id, sb_id + count, 1))
			count++;
		rc = sbm_plug_sb(vm, mb_id, sb_id, count);
		if (rc)
			return rc;
		*nb_sb -= (uint64_t)count;
		if (old_state == SBM_MB_OFFLINE_PARTIAL)
			continue;
		/* the block is online: its new sub-blocks go to the buddy now */
		fake_online(vm->m->sys,
			    PFN_DOWN(mb_id_to_phys(vm, mb_id) + (uint64_t)sb_id * vm->sb_size),
			    PFN_DOWN((uint64_t)count * vm->sb_size));
	}
	if (sbm_test_sb_plugged(vm, mb_id, 0, (int)vm->sbs_per_mb))
		sbm_set_mb_state(vm, mb_id, old_state - 1);
	return 0;
}

static int sbm_plug_request(struct virtio_mem *vm, uint64_t diff)
{
	static const int states[] = { SBM_MB_KERNEL_PARTIAL, SBM_MB_MOVABLE_PARTIAL,
				      SBM_MB_OFFLINE_PARTIAL };
	uint64_t nb_sb = diff / vm->sb_size;
	unsigned long mb_id;
	unsigned int i;
	int rc;

	if (!nb_sb)
		return 0;
	for (i = 0; i < 3; i++) {
		for (mb_id = vm->first_mb_id; mb_id < vm->next_mb_id; mb_id++) {
			if (!vm->mb_count[states[i]])
				break;
			if (sbm_get_mb_state(vm, mb_id) != states[i])
				continue;
			rc = sbm_plug_any_sb(vm, mb_id, &nb_sb);
			if (rc || !nb_sb)
				return rc;
		}
	}
	/* unused blocks, then new ones */
	for (mb_id = vm->first_mb_id; mb_id < vm->next_mb_id; mb_id++) {
		if (!vm->mb_count[SBM_MB_UNUSED])
			break;
		if (sbm_get_mb_state(vm, mb_id) != SBM_MB_UNUSED)
			continue;
		if (!could_add_memory(vm, mb_size(vm)))
			return -ENOSPC;
		rc = sbm_plug_and_add_mb(vm, mb_id, &nb_sb);
		if (rc || !nb_sb)
			return rc;
	}
	while (nb_sb) {
		if (!could_add_memory(vm, mb_size(vm)))
			return -ENOSPC;
		if (vm->next_mb_id > vm->last_usable_mb_id)
			return -ENOSPC;
		mb_id = vm->next_mb_id++;
		vm->mb_count[SBM_MB_UNUSED]++;
		rc = sbm_plug_and_add_mb(vm, mb_id, &nb_sb);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---------------------------------------------------------- SBM unplug */

/* Unplugs plugged sub-blocks of an offline or unadded block, from the top. */
static int sbm_unplug_any_sb_raw(struct virtio_mem *vm, unsigned long mb_id, uint64_t *nb_sb)
{
	int sb_id = (int)vm->sbs_per_mb - 1, count, rc;

	while (*nb_sb) {
		while (sb_id >= 0 && sbm_test_sb_unplugged(vm, mb_id, sb_id, 1))
			sb_id--;
		if (sb_id < 0)
			break;
		count = 1;
		while ((uint64_t)count < *nb_sb && sb_id > 0 &&
		       sbm_test_sb_plugged(vm, mb_id, sb_id - 1, 1)) {
			count++;
			sb_id--;
		}
		rc = sbm_unplug_sb(vm, mb_id, sb_id, count);
		if (rc)
			return rc;
		*nb_sb -= (uint64_t)count;
		sb_id--;
	}
	return 0;
}

static int sbm_unplug_any_sb_offline(struct virtio_mem *vm, unsigned long mb_id,
				     uint64_t *nb_sb)
{
	int rc = sbm_unplug_any_sb_raw(vm, mb_id, nb_sb);

	if (!sbm_test_sb_plugged(vm, mb_id, 0, (int)vm->sbs_per_mb))
		sbm_set_mb_state(vm, mb_id, SBM_MB_OFFLINE_PARTIAL);
	if (rc)
		return rc;
	if (sbm_test_sb_unplugged(vm, mb_id, 0, (int)vm->sbs_per_mb)) {
		/* unused first, so that nothing onlines it meanwhile */
		sbm_set_mb_state(vm, mb_id, SBM_MB_UNUSED);
		rc = remove_memory_range(vm, mb_id_to_phys(vm, mb_id), mb_size(vm));
		if (rc)
			hm_warn(vm->m->sys, "virtio_mem: removing offline block %lu: %d", mb_id,
				rc);
	}
	return 0;
}

static int sbm_unplug_sb_online(struct virtio_mem *vm, unsigned long mb_id, int sb_id,
				int count)
{
	const unsigned long nr = PFN_DOWN(vm->sb_size) * (unsigned long)count;
	const unsigned long pfn = PFN_DOWN(mb_id_to_phys(vm, mb_id) +
					   (uint64_t)sb_id * vm->sb_size);
	const int old_state = sbm_get_mb_state(vm, mb_id);
	int rc;

	rc = fake_offline(vm->m->sys, pfn, nr);
	if (rc)
		return rc;
	rc = sbm_unplug_sb(vm, mb_id, sb_id, count);
	if (rc) {
		fake_online(vm->m->sys, pfn, nr);	/* back to the buddy */
		return rc;
	}
	if (old_state == SBM_MB_KERNEL)
		sbm_set_mb_state(vm, mb_id, SBM_MB_KERNEL_PARTIAL);
	else if (old_state == SBM_MB_MOVABLE)
		sbm_set_mb_state(vm, mb_id, SBM_MB_MOVABLE_PARTIAL);
	return 0;
}

/* Offlines and removes an online block whose sub-blocks are all unplugged. */
static int sbm_try_remove_unplugged_mb(struct virtio_mem *vm, unsigned long mb_id)
{
	int rc;

	if (!sbm_test_sb_unplugged(vm, mb_id, 0, (int)vm->sbs_per_mb))
		return 0;
	rc = offline_and_remove_range(vm, mb_id_to_phys(vm, mb_id), mb_size(vm));
	if (!rc)
		sbm_set_mb_state(vm, mb_id, SBM_MB_UNUSED);
	return rc;
}

static int sbm_unplug_any_sb_online(struct virtio_mem *vm, unsigned long mb_id,
				    uint64_t *nb_sb)
{
	const int sbs = (int)vm->sbs_per_mb;
	int rc, sb_id;

	/* the whole block in one go if the request covers it */
	if (*nb_sb >= (uint64_t)sbs && sbm_test_sb_plugged(vm, mb_id, 0, sbs)) {
		rc = sbm_unplug_sb_online(vm, mb_id, 0, sbs);
		if (!rc) {
			*nb_sb -= (uint64_t)sbs;
			goto unplugged;
		} else if (rc != -EBUSY) {
			return rc;
		}
	}
	/* else sub-block by sub-block from the top, skipping busy ones */
	for (sb_id = sbs - 1; sb_id >= 0 && *nb_sb; sb_id--) {
		while (sb_id >= 0 && !sbm_test_sb_plugged(vm, mb_id, sb_id, 1))
			sb_id--;
		if (sb_id < 0)
			break;
		rc = sbm_unplug_sb_online(vm, mb_id, sb_id, 1);
		if (rc == -EBUSY)
			continue;
		else if (rc)
			return rc;
		*nb_sb -= 1;
	}
unplugged:
	if (sbm_try_remove_unplugged_mb(vm, mb_id))
		vm->have_unplugged_mb = true;	/* retried later */
	return 0;
}

static int sbm_unplug_any_sb(struct virtio_mem *vm, unsigned long mb_id, uint64_t *nb_sb)
{
	switch (sbm_get_mb_state(vm, mb_id)) {
	case SBM_MB_KERNEL_PARTIAL:
	case SBM_MB_KERNEL:
	case SBM_MB_MOVABLE_PARTIAL:
	case SBM_MB_MOVABLE:
		return sbm_unplug_any_sb_online(vm, mb_id, nb_sb);
	case SBM_MB_OFFLINE_PARTIAL:
	case SBM_MB_OFFLINE:
		return sbm_unplug_any_sb_offline(vm, mb_id, nb_sb);
	}
	return -EINVAL;
}

static int sbm_unplug_request(struct virtio_mem *vm, uint64_t diff)
{
	static const int states[] = { SBM_MB_OFFLINE_PARTIAL, SBM_MB_OFFLINE,
				      SBM_MB_MOVABLE_PARTIAL, SBM_MB_KERNEL_PARTIAL,
				      SBM_MB_MOVABLE, SBM_MB_KERNEL };
	uint64_t nb_sb = diff / vm->sb_size;
	unsigned long mb_id;
	unsigned int i;
	int rc;

	if (!nb_sb)
		return 0;
	for (i = 0; i < 6; i++) {
		for (mb_id = vm->next_mb_id; mb_id-- > vm->first_mb_id;) {
			if (!vm->mb_count[states[i]])
				break;
			if (sbm_get_mb_state(vm, mb_id) != states[i])
				continue;
			rc = sbm_unplug_any_sb(vm, mb_id, &nb_sb);
			if (rc || !nb_sb)
				return rc;
		}
	}
	return nb_sb ? -EBUSY : 0;
}

/* ------------------------------------------------------------------ BBM */

static int bbm_plug_and_add_bb(struct virtio_mem *vm, unsigned long bb_id)
{
	int rc = send_request(vm, bb_id_to_phys(vm, bb_id), vm->bb_size, true);

	if (rc)
		return rc;
	bbm_set_bb_state(vm, bb_id, BBM_BB_ADDED);
	rc = add_memory_range(vm, bb_id_to_phys(vm, bb_id), vm->bb_size);
	if (rc) {
		if (!send_request(vm, bb_id_to_phys(vm, bb_id), vm->bb_size, false))
			bbm_set_bb_state(vm, bb_id, BBM_BB_UNUSED);
		else
			bbm_set_bb_state(vm, bb_id, BBM_BB_PLUGGED);
	}
	return rc;
}

static int bbm_plug_request(struct virtio_mem *vm, uint64_t diff)
{
	uint64_t nb_bb = diff / vm->bb_size;
	unsigned long bb_id;
	int rc;

	if (!nb_bb)
		return 0;
	for (bb_id = vm->first_bb_id; bb_id < vm->next_bb_id; bb_id++) {
		if (!vm->bb_count[BBM_BB_UNUSED])
			break;
		if (bbm_get_bb_state(vm, bb_id) != BBM_BB_UNUSED)
			continue;
		if (!could_add_memory(vm, vm->bb_size))
			return -ENOSPC;
		rc = bbm_plug_and_add_bb(vm, bb_id);
		if (!rc)
			nb_bb--;
		if (rc || !nb_bb)
			return rc;
	}
	while (nb_bb) {
		if (!could_add_memory(vm, vm->bb_size))
			return -ENOSPC;
		if (vm->next_bb_id > vm->last_usable_bb_id)
			return -ENOSPC;
		bb_id = vm->next_bb_id++;
		vm->bb_count[BBM_BB_UNUSED]++;
		rc = bbm_plug_and_add_bb(vm, bb_id);
		if (rc)
			return rc;
		nb_bb--;
	}
	return 0;
}

static int bbm_offline_remove_and_unplug_bb(struct virtio_mem *vm, unsigned long bb_id)
{
	struct hm_system *sys = vm->m->sys;
	const unsigned long start_pfn = PFN_DOWN(bb_id_to_phys(vm, bb_id));
	unsigned long end_pfn = start_pfn + PFN_DOWN(vm->bb_size), pfn;
	int rc;

	bbm_set_bb_state(vm, bb_id, BBM_BB_FAKE_OFFLINE);
	/* take what is online out of the buddy first, a section at a time */
	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		if (!pfn_to_online_page_peek(sys, pfn))
			continue;
		rc = fake_offline(sys, pfn, PAGES_PER_SECTION);
		if (rc) {
			end_pfn = pfn;
			goto rollback;
		}
	}
	rc = offline_and_remove_range(vm, bb_id_to_phys(vm, bb_id), vm->bb_size);
	if (rc)
		goto rollback;
	rc = send_request(vm, bb_id_to_phys(vm, bb_id), vm->bb_size, false);
	bbm_set_bb_state(vm, bb_id, rc ? BBM_BB_PLUGGED : BBM_BB_UNUSED);
	return rc;

rollback:
	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION)
		if (pfn_to_online_page_peek(sys, pfn))
			fake_online(sys, pfn, PAGES_PER_SECTION);
	bbm_set_bb_state(vm, bb_id, BBM_BB_ADDED);
	return rc;
}

/* Is any section of the big block online (i == 0), or one not in ZONE_MOVABLE (i == 1)? */
static bool bbm_bb_skip(struct virtio_mem *vm, unsigned long bb_id, int pass)
{
	struct hm_system *sys = vm->m->sys;
	const unsigned long start_pfn = PFN_DOWN(bb_id_to_phys(vm, bb_id));
	unsigned long pfn;

	if (pass == 2)
		return false;
	for (pfn = start_pfn; pfn < start_pfn + PFN_DOWN(vm->bb_size); pfn += PAGES_PER_SECTION) {
		const struct page *page = pfn_to_online_page_peek(sys, pfn);

		if (!page)
			continue;
		if (pass == 0 || page_zonenum(sys, page) != ZONE_MOVABLE)
			return true;
	}
	return false;
}

static int bbm_unplug_request(struct virtio_mem *vm, uint64_t diff)
{
	uint64_t nb_bb = diff / vm->bb_size;
	unsigned long bb_id;
	int rc, pass;

	if (!nb_bb)
		return 0;
	/* offline big blocks first, then movable ones, then any */
	for (pass = 0; pass < 3; pass++) {
		for (bb_id = vm->next_bb_id; bb_id-- > vm->first_bb_id;) {
			if (!vm->bb_count[BBM_BB_ADDED])
				break;
			if (bbm_get_bb_state(vm, bb_id) != BBM_BB_ADDED ||
			    bbm_bb_skip(vm, bb_id, pass))
				continue;
			rc = bbm_offline_remove_and_unplug_bb(vm, bb_id);
			if (rc == -EBUSY)
				continue;
			if (!rc)
				nb_bb--;
			if (rc || !nb_bb)
				return rc;
		}
	}
	return nb_bb ? -EBUSY : 0;
}

/* ---------------------------------------------------------- work item */

/* Blocks plugged but never added, and online blocks emptied before. */
static int cleanup_pending_mb(struct virtio_mem *vm)
{
	unsigned long id;
	uint64_t nb;
	int rc = 0;

	if (!vm->in_sbm) {
		for (id = vm->first_bb_id; id < vm->next_bb_id; id++) {
			if (bbm_get_bb_state(vm, id) != BBM_BB_PLUGGED)
				continue;
			rc = send_request(vm, bb_id_to_phys(vm, id), vm->bb_size, false);
			if (rc)
				return rc;
			bbm_set_bb_state(vm, id, BBM_BB_UNUSED);
		}
		return 0;
	}
	for (id = vm->first_mb_id; id < vm->next_mb_id; id++) {
		if (sbm_get_mb_state(vm, id) != SBM_MB_PLUGGED)
			continue;
		nb = vm->sbs_per_mb;
		rc = sbm_unplug_any_sb_raw(vm, id, &nb);
		if (rc)
			return rc;
		sbm_set_mb_state(vm, id, SBM_MB_UNUSED);
	}
	if (!vm->have_unplugged_mb)
		return 0;
	vm->have_unplugged_mb = false;
	rc = 0;
	for (id = vm->first_mb_id; id < vm->next_mb_id; id++) {
		int st = sbm_get_mb_state(vm, id);

		if (st == SBM_MB_MOVABLE_PARTIAL || st == SBM_MB_KERNEL_PARTIAL ||
		    st == SBM_MB_OFFLINE_PARTIAL)
			rc |= sbm_try_remove_unplugged_mb(vm, id);
	}
	if (rc)
		vm->have_unplugged_mb = true;
	return 0;
}

/* virtio_mem_refresh_config: the requested size and the usable region. */
static void refresh_config(struct virtio_mem *vm)
{
	struct hm_dimm *dev = vm->dev;
	uint64_t end_addr = vm->addr + dev->usable_region_size - 1;

	vm->requested_size = dev->requested_size;
	if (!dev->usable_region_size) {
		vm->last_usable_mb_id = vm->first_mb_id - 1;
		vm->last_usable_bb_id = vm->first_bb_id - 1;
	} else if (vm->in_sbm) {
		vm->last_usable_mb_id = phys_to_mb_id(vm, end_addr);
		if ((end_addr + 1) % mb_size(vm))
			vm->last_usable_mb_id--;
	} else {
		vm->last_usable_bb_id = phys_to_bb_id(vm, end_addr);
		if ((end_addr + 1) % vm->bb_size)
			vm->last_usable_bb_id--;
	}
	pr_info(vm->m->sys, "virtio_mem %s: plugged size: 0x%llx", vm->name,
	       (unsigned long long)vm->plugged_size);
	pr_info(vm->m->sys, "virtio_mem %s: requested size: 0x%llx", vm->name,
	       (unsigned long long)vm->requested_size);
}

static int run_wq(struct virtio_mem *vm)
{
	int rc, again = 0;

	vm->retry_armed = false;	/* hrtimer_cancel */
	if (vm->broken)
		return 0;
	vm->wq_active = true;
retry:
	rc = 0;
	if (vm->config_changed) {
		vm->config_changed = false;
		refresh_config(vm);
	}
	rc = cleanup_pending_mb(vm);
	if (!rc && vm->requested_size != vm->plugged_size) {
		if (vm->requested_size > vm->plugged_size)
			rc = vm->in_sbm ? sbm_plug_request(vm, vm->requested_size - vm->plugged_size)
					: bbm_plug_request(vm, vm->requested_size - vm->plugged_size);
		else
			rc = vm->in_sbm ? sbm_unplug_request(vm, vm->plugged_size - vm->requested_size)
					: bbm_unplug_request(vm, vm->plugged_size - vm->requested_size);
	}
	if (!rc && vm->in_sbm && vm->have_unplugged_mb)
		rc = -EBUSY;
	switch (rc) {
	case 0:
		vm->retry_timer_ms = RETRY_TIMER_MIN_MS;
		break;
	case -ENOSPC:
		break;		/* onlining or a new request wakes it */
	case -ETXTBSY:
	case -EBUSY:
	case -ENOMEM:
		vm->retry_armed = true;
		vm->retry_at_ms = vm->m->now_ms + vm->retry_timer_ms < vm->m->now_ms ?
				  UINT64_MAX : vm->m->now_ms + vm->retry_timer_ms;
		break;
	case -EAGAIN:
		if (++again < 16)
			goto retry;
		/* the device keeps refusing */
		__attribute__((fallthrough));
	default:
		pr_err(vm->m->sys, "virtio_mem %s: unknown error, marking device broken: %d",
		       vm->name, rc);
		vm->broken = true;
	}
	vm->wq_active = false;
	return rc;
}

/* ---------------------------------------------------------------- probe */

/* The driver's state comes from the machine's counted allocator (fault injection). */
static void driver_free(struct hm_machine *m, struct virtio_mem *vm)
{
	if (!vm)
		return;
	hm_kfree(machine_alloc(m), vm->mb_states);
	hm_kfree(machine_alloc(m), vm->sb_plugged);
	hm_kfree(machine_alloc(m), vm->bb_states);
	hm_kfree(machine_alloc(m), vm);
}

void virtio_mem_probe(struct hm_machine *m, struct hm_dimm *dev)
{
	struct hm_system *sys = m->sys;
	const uint64_t block = memory_block_size_bytes(sys);
	uint64_t sb_size, unit_pages;
	struct virtio_mem *vm;
	int mgid, ret;

	dev->guest = DIMM_GUEST_FAILED;
	vm = hm_kzalloc(machine_alloc(m), sizeof(*vm));
	if (!vm)
		return;
	vm->m = m;
	vm->dev = dev;
	snprintf(vm->name, sizeof(vm->name), "virtio%d", dev->virtio_index);
	vm->addr = dev->addr;
	vm->region_size = dev->size;
	vm->device_block_size = dev->block_size;
	vm->plugged_size = dev->plugged_size;
	/* virtio_mem_translate_node_id, then memory_add_physaddr_to_nid */
	vm->nid = hotplug_memory_nid(sys, dev->node, dev->addr);
	vm->retry_timer_ms = RETRY_TIMER_MIN_MS;
	pr_info(sys, "virtio_mem %s: start address: 0x%llx", vm->name,
	       (unsigned long long)vm->addr);
	pr_info(sys, "virtio_mem %s: region size: 0x%llx", vm->name,
	       (unsigned long long)vm->region_size);
	pr_info(sys, "virtio_mem %s: device block size: 0x%llx", vm->name,
	       (unsigned long long)vm->device_block_size);
	pr_info(sys, "virtio_mem %s: nid: %d", vm->name, vm->nid);
	/* virtio_mem_init_hotplug: a bad device setup is only warned about */
	if (vm->addr % block)
		pr_warn(sys, "virtio_mem %s: The alignment of the physical start address can "
			"make some memory unusable.", vm->name);
	if ((vm->addr + vm->region_size) % block)
		pr_warn(sys, "virtio_mem %s: The alignment of the physical end address can "
			"make some memory unusable.", vm->name);
	if (!mhp_range_pluggable(sys, vm->addr, vm->region_size))
		pr_warn(sys, "virtio_mem %s: Some device memory is not addressable/pluggable. "
			"This can make some memory unusable.", vm->name);

	vm->offline_threshold = 2 * block > DEFAULT_OFFLINE_THRESHOLD ? 2 * block :
				DEFAULT_OFFLINE_THRESHOLD;
	sb_size = (uint64_t)pageblock_nr_pages * PAGE_SIZE;
	if (vm->device_block_size > sb_size)
		sb_size = vm->device_block_size;
	if (sb_size < block) {
		vm->in_sbm = true;
		vm->sb_size = sb_size;
		vm->sbs_per_mb = (unsigned int)(block / sb_size);
		vm->first_mb_id = phys_to_mb_id(vm, vm->addr + block - 1);
		vm->next_mb_id = vm->first_mb_id;
		vm->nr_mb = phys_to_mb_id(vm, vm->addr + vm->region_size) > vm->first_mb_id ?
			    phys_to_mb_id(vm, vm->addr + vm->region_size) - vm->first_mb_id : 0;
		vm->mb_states = hm_kzalloc(machine_alloc(m), vm->nr_mb + 1);
		vm->sb_plugged = hm_kcalloc(machine_alloc(m), vm->nr_mb + 1, vm->sbs_per_mb);
		if (!vm->mb_states || !vm->sb_plugged)
			goto out_free;
		unit_pages = block >> PAGE_SHIFT;
	} else {
		vm->bb_size = vm->device_block_size > block ? vm->device_block_size : block;
		vm->first_bb_id = phys_to_bb_id(vm, vm->addr + vm->bb_size - 1);
		vm->next_bb_id = vm->first_bb_id;
		vm->nr_bb = phys_to_bb_id(vm, vm->addr + vm->region_size) > vm->first_bb_id ?
			    phys_to_bb_id(vm, vm->addr + vm->region_size) - vm->first_bb_id : 0;
		vm->bb_states = hm_kzalloc(machine_alloc(m), vm->nr_bb + 1);
		if (!vm->bb_states)
			goto out_free;
		if (2 * vm->bb_size > vm->offline_threshold)
			vm->offline_threshold = 2 * vm->bb_size;
		unit_pages = vm->bb_size >> PAGE_SHIFT;
	}
	pr_info(sys, "virtio_mem %s: memory block size: 0x%llx", vm->name,
	       (unsigned long long)block);
	if (vm->in_sbm)
		pr_info(sys, "virtio_mem %s: subblock size: 0x%llx", vm->name,
		       (unsigned long long)vm->sb_size);
	else
		pr_info(sys, "virtio_mem %s: big block size: 0x%llx", vm->name,
		       (unsigned long long)vm->bb_size);

	/* System RAM, not busy: the memory added below it fits */
	ret = request_region(&sys->alloc, &sys->iomem_resource, vm->addr, vm->region_size,
			     vm->name, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE,
			     &vm->parent_resource);
	if (ret) {
		pr_warn(sys, "virtio_mem %s: could not reserve device region", vm->name);
		goto out_free;
	}
	mgid = memory_group_register_dynamic(sys, vm->nid, unit_pages);
	if (mgid < 0)
		goto out_release;
	vm->mgid = mgid;
	vm->nb.fn = memory_notifier_cb;
	vm->nb.data = vm;
	register_memory_notifier(sys, &vm->nb);
	if (sys->online_page_cb != online_page_cb &&
	    set_online_page_callback(sys, online_page_cb, m)) {
		unregister_memory_notifier(sys, &vm->nb);
		memory_group_unregister(sys, mgid);
		goto out_release;
	}
	set_online_range_query(sys, online_page_cb, online_range_query);
	dev->vm = vm;
	dev->guest = DIMM_GUEST_ADDED;
	/* virtio_device_ready, then a first run of the work item */
	vm->config_changed = true;
	vm->work_pending = true;
	return;

out_release:
	release_region(&sys->alloc, vm->parent_resource);
out_free:
	driver_free(m, vm);
}

void virtio_mem_free(struct hm_machine *m, struct hm_dimm *dev)
{
	struct virtio_mem *vm = dev->vm;
	struct hm_dimm *d;

	hm_kfree(machine_alloc(m), dev->plugged_blocks);
	dev->plugged_blocks = NULL;
	if (!vm)
		return;
	dev->vm = NULL;
	unregister_memory_notifier(m->sys, &vm->nb);
	for (d = m->dimms; d; d = d->next)
		if (d->vm)
			break;
	if (!d)
		restore_online_page_callback(m->sys, online_page_cb);
	driver_free(m, vm);
}

int virtio_mem_device_init(struct hm_machine *m, struct hm_dimm *dev)
{
	dev->plugged_blocks = hm_kzalloc(machine_alloc(m),
					 dev_nr_blocks(dev) ? dev_nr_blocks(dev) : 1);
	if (!dev->plugged_blocks)
		return -ENOMEM;
	virtio_mem_resize_usable_region(dev, dev->requested_size, true);
	return 0;
}

int virtio_mem_guest_step(struct hm_machine *m, struct hm_dimm *dev, int *err)
{
	struct virtio_mem *vm = dev->vm;
	int rc;

	if (dev->config_changed) {
		dev->config_changed = false;
		if (vm) {		/* virtio_mem_config_changed */
			vm->config_changed = true;
			virtio_mem_retry(vm);
		}
	}
	if (!vm || !vm->work_pending)
		return 0;
	vm->work_pending = false;
	rc = run_wq(vm);
	if (rc && rc != -ENOSPC && rc != -EBUSY && rc != -ENOMEM && rc != -ETXTBSY)
		*err = rc;
	return 1;
}

void virtio_mem_sleep(struct hm_machine *m, struct hm_dimm *dev)
{
	struct virtio_mem *vm = dev->vm;

	if (vm && vm->retry_armed && vm->retry_at_ms <= m->now_ms) {
		vm->retry_armed = false;
		virtio_mem_retry(vm);
		vm->retry_timer_ms = vm->retry_timer_ms * 2 < RETRY_TIMER_MAX_MS ?
				     vm->retry_timer_ms * 2 : RETRY_TIMER_MAX_MS;
	}
}

/* ------------------------------------------------------------- verifier */

unsigned long virtio_mem_check(struct hm_machine *m, struct hm_dimm *dev, struct hm_report *r)
{
	struct virtio_mem *vm = dev->vm;
	struct hm_system *sys = m->sys;
	unsigned long before = r->nr_violations, id, i;
	uint64_t plugged = 0, b;
	char obj[48];

	snprintf(obj, sizeof(obj), "virtio-mem %s", dev->id ? dev->id : "(unnamed)");
	for (b = 0; b < dev_nr_blocks(dev); b++)
		plugged += dev->plugged_blocks[b] ? dev->block_size : 0;
	if (plugged != dev->plugged_size)
		hm_report_add(r, obj, "size %#llx, the plugged blocks sum to %#llx",
			      (unsigned long long)dev->plugged_size,
			      (unsigned long long)plugged);
	if (dev->plugged_size > dev->usable_region_size)
		hm_report_add(r, obj, "size %#llx beyond the usable region %#llx",
			      (unsigned long long)dev->plugged_size,
			      (unsigned long long)dev->usable_region_size);
	if (!vm)
		return r->nr_violations - before;
	if (vm->plugged_size != dev->plugged_size)
		hm_report_add(r, obj, "driver's plugged size %#llx, the device's %#llx",
			      (unsigned long long)vm->plugged_size,
			      (unsigned long long)dev->plugged_size);
	if (!vm->in_sbm) {
		for (id = vm->first_bb_id; id < vm->next_bb_id; id++) {
			uint64_t start = bb_id_to_phys(vm, id);
			bool dev_plugged = start >= dev->addr &&
					   start + vm->bb_size <= dev->addr + dev->size &&
					   dev_range_is(dev, start, vm->bb_size, true);

			if ((bbm_get_bb_state(vm, id) != BBM_BB_UNUSED) != dev_plugged)
				hm_report_add(r, obj, "big block %lu state %d, plugged at the "
					      "device %d", id, bbm_get_bb_state(vm, id),
					      dev_plugged);
		}
		return r->nr_violations - before;
	}
	for (id = vm->first_mb_id; id < vm->next_mb_id; id++) {
		int st = sbm_get_mb_state(vm, id), sb;
		struct memory_block *mem = find_memory_block_by_id(sys, id);
		bool online = st >= SBM_MB_KERNEL, partial;

		if (id >= vm->first_mb_id + vm->nr_mb) {
			hm_report_add(r, obj, "block %lu outside the device region", id);
			continue;
		}
		for (sb = 0; sb < (int)vm->sbs_per_mb; sb++) {
			uint64_t addr = mb_id_to_phys(vm, id) + (uint64_t)sb * vm->sb_size;

			if (*sb_bit(vm, id, sb) != dev_range_is(dev, addr, vm->sb_size, true))
				hm_report_add(r, obj, "sub-block %d of block %lu: the driver and "
					      "the device disagree", sb, id);
		}
		partial = !sbm_test_sb_plugged(vm, id, 0, (int)vm->sbs_per_mb);
		if ((st == SBM_MB_UNUSED && !sbm_test_sb_unplugged(vm, id, 0, (int)vm->sbs_per_mb)) ||
		    ((st == SBM_MB_OFFLINE || st == SBM_MB_KERNEL || st == SBM_MB_MOVABLE) && partial) ||
		    ((st == SBM_MB_OFFLINE_PARTIAL || st == SBM_MB_KERNEL_PARTIAL ||
		      st == SBM_MB_MOVABLE_PARTIAL) && !partial))
			hm_report_add(r, obj, "block %lu in state %d with %s sub-blocks", id, st,
				      partial ? "unplugged" : "only plugged");
		if ((st >= SBM_MB_OFFLINE) != (mem != NULL) ||
		    (mem && (mem->state == MEM_ONLINE) != online))
			hm_report_add(r, obj, "block %lu in state %d, memory block %s", id, st,
				      !mem ? "absent" : mem->state == MEM_ONLINE ? "online" :
				      "offline");
		if (!online || !mem || mem->state != MEM_ONLINE)
			continue;
		/* fake-offline pages: never free, never managed; plugged ones never offline */
		for (sb = 0; sb < (int)vm->sbs_per_mb; sb++) {
			unsigned long pfn = PFN_DOWN(mb_id_to_phys(vm, id) +
						     (uint64_t)sb * vm->sb_size);
			bool plugged_sb = *sb_bit(vm, id, sb);

			for (i = 0; i < PFN_DOWN(vm->sb_size); i++) {
				struct page *page = pfn_to_page(sys, pfn + i);
				uint64_t f = page_flags(sys, page);
				bool off = f & (1ULL << PG_offline);

				if (plugged_sb == off || (off && ((f & (1ULL << PG_buddy)) ||
								  page->refcount != 1))) {
					hm_report_add(r, obj, "pfn %#lx of %s sub-block %d of "
						      "block %lu: flags %#llx refcount %d",
						      pfn + i, plugged_sb ? "plugged" : "unplugged",
						      sb, id, (unsigned long long)f,
						      page->refcount);
					break;
				}
			}
		}
	}
	return r->nr_violations - before;
}
