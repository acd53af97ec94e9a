// SPDX-License-Identifier: GPL-2.0
/*
 * acpi_memhotplug.c - the guest's ACPI memory device driver
 * (drivers/acpi/acpi_memhotplug.c) and the eject path of the ACPI scan
 * code (drivers/acpi/scan.c acpi_scan_try_to_offline) for pc-dimm devices.
 *
 * Add: one static memory group per DIMM, then __add_memory() of the
 * DIMM's range with the group as node, memmap_on_memory where supported.
 * Eject: offline every memory block of the DIMM in two passes; if one
 * stays online, online again the blocks this eject offlined and refuse;
 * otherwise remove the memory and the group.
 */
#include <errno.h>
#include <stdlib.h>
#include "machine/machine_internal.h"

static int bind_block_cb(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	const struct hm_dimm *dimm = arg;

	mem->acpi_device = (int)dimm->slot + 1;
	return 0;
}

int acpi_memory_device_add(struct hm_machine *m, struct hm_dimm *dimm)
{
	struct hm_system *sys = m->sys;
	mhp_t flags = MHP_NID_IS_MGID;
	int mgid, ret;

	/* acpi_get_node, then memory_add_physaddr_to_nid for an unknown node */
	mgid = memory_group_register_static(sys, hotplug_memory_nid(sys, dimm->node, dimm->addr),
					    PFN_UP(dimm->size));
	if (mgid < 0) {
		pr_err(sys, "acpi PNP0C80:%02x: memory group registration failed (%d)", dimm->slot,
		       mgid);
		dimm->guest = DIMM_GUEST_FAILED;
		return mgid;
	}
	if (mhp_supports_memmap_on_memory(sys, dimm->size))
		flags |= MHP_MEMMAP_ON_MEMORY;
	lock_device_hotplug(sys);
	ret = __add_memory(sys, mgid, dimm->addr, dimm->size, flags);
	unlock_device_hotplug(sys);
	if (ret && ret != -EEXIST) {
		/* the ACPI device of slot N is the N-th PNP0C80: its name is PNP0C80:%02x */
		pr_err(sys, "acpi PNP0C80:%02x: add_memory failed", dimm->slot);
		pr_err(sys, "acpi PNP0C80:%02x: acpi_memory_enable_device() error", dimm->slot);
		memory_group_unregister(sys, mgid);
		dimm->guest = DIMM_GUEST_FAILED;
		return ret;
	}
	/* acpi_bind_memory_blocks: each block's firmware_node is the DIMM's device */
	walk_memory_blocks(sys, dimm->addr, dimm->size, dimm, bind_block_cb);
	dimm->mgid = mgid;
	dimm->guest = DIMM_GUEST_ADDED;
	return 0;
}

struct eject_state {
	bool *put_online;	/* per block of the DIMM: offlined by this eject */
	unsigned long first_id;
	bool second_pass;
	int error;
	unsigned long errdev;	/* the block that failed the second pass */
};

/* acpi_bus_offline for the DIMM's physical nodes (its memory blocks). */
static int eject_offline_cb(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	struct eject_state *st = arg;
	bool *put_online = &st->put_online[mem->id - st->first_id];
	int ret;

	if (st->second_pass && *put_online)
		return 0;
	if (!st->second_pass)
		*put_online = false;
	ret = memory_block_device_offline(sys, mem);
	if (ret >= 0) {
		*put_online = !ret;
		return 0;
	}
	st->error = ret;
	st->errdev = mem->id;
	return st->second_pass ? ret : 0;
}

static int eject_online_cb(struct hm_system *sys, struct memory_block *mem, void *arg)
{
	struct eject_state *st = arg;
	bool *put_online = &st->put_online[mem->id - st->first_id];

	if (*put_online) {
		memory_block_device_online(sys, mem);
		*put_online = false;
	}
	return 0;
}

int acpi_memory_device_eject(struct hm_machine *m, struct hm_dimm *dimm)
{
	struct hm_system *sys = m->sys;
	unsigned long block_size = memory_block_size_bytes(sys);
	struct eject_state st = { 0 };
	int ret = 0;

	if (dimm->guest != DIMM_GUEST_ADDED)
		return 0;	/* no driver bound: nothing to offline */

	st.first_id = dimm->addr / block_size;
	st.put_online = hm_kcalloc(machine_alloc(m), dimm->size / block_size + 1, sizeof(bool));
	if (!st.put_online)
		return -ENOMEM;

	lock_device_hotplug(sys);
	walk_memory_blocks(sys, dimm->addr, dimm->size, &st, eject_offline_cb);
	if (st.error) {
		st.error = 0;
		st.second_pass = true;
		walk_memory_blocks(sys, dimm->addr, dimm->size, &st, eject_offline_cb);
		if (st.error) {
			pr_warn(sys, "memory memory%lu: Offline failed.", st.errdev);
			walk_memory_blocks(sys, dimm->addr, dimm->size, &st, eject_online_cb);
			ret = -EBUSY;
			goto out_unlock;
		}
	}
	ret = __remove_memory(sys, dimm->addr, dimm->size);
	if (ret) {
		/* the kernel BUG()s here: every block was offline a moment ago */
		hm_warn(sys, "__remove_memory failed (%d)", ret);
		goto out_unlock;
	}
	memory_group_unregister(sys, dimm->mgid);
	dimm->guest = DIMM_GUEST_NEW;
out_unlock:
	unlock_device_hotplug(sys);
	hm_kfree(machine_alloc(m), st.put_online);
	return ret;
}
