// SPDX-License-Identifier: GPL-2.0
/*
 * system.c - creation and destruction of a system: the composition root.
 *
 * It initialises and tears down every module's part of struct hm_system
 * and nothing else; the services the modules call (the log and WARN,
 * lockdep) are leaf modules of their own, printk.c and lockdep.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/system.h"
#include "hotmem/nvdimm.h"
#include "hotmem/test_hmm.h"

int hm_system_create(struct hm_system **out, const struct hm_arch_config *arch)
{
	struct hm_system *sys;
	int ret;

	sys = calloc(1, sizeof(*sys));
	if (!sys)
		return -ENOMEM;
	hm_alloc_init(&sys->alloc);
	if (arch) {
		sys->arch = *arch;
	} else {
		sys->arch.kind = HM_ARCH_X86_64;
		sys->arch.hypervisor = true;
	}
	sys->params.default_online_type = MMOP_OFFLINE;
	sys->params.online_policy = ONLINE_POLICY_CONTIG_ZONES;
	sys->params.auto_movable_ratio = 301;
	sys->params.auto_movable_numa_aware = true;
	/* the debug mode of the memmap: every struct page held (memmap.h) */
	sys->sparse.memmap_dense = getenv("HOTMEM_MEMMAP") &&
				   !strcmp(getenv("HOTMEM_MEMMAP"), "dense");
	workload_init(sys);
	printk_log_init(&sys->log, 0);
	sys->log.alloc = &sys->alloc;	/* the log buffer is counted too */
	memory_notifier_error_inject_init(sys);

	ret = memblock_init(&sys->memblock, &sys->alloc);
	if (ret)
		goto out_free;
	ret = resource_root_init(&sys->alloc, &sys->iomem_resource, "PCI mem", 0,
				 (1ULL << MAX_PHYSMEM_BITS) - 1);
	if (ret)
		goto out_memblock;
	firmware_map_init(&sys->fwmap, &sys->alloc);
	pthread_mutex_init(&sys->device_hotplug_lock, NULL);
	pthread_rwlock_init(&sys->mem_hotplug_lock, NULL);
	ret = lockdep_init(&sys->lockdep, &sys->log);
	if (ret)
		goto out_resource;
	*out = sys;
	return 0;

out_resource:
	pthread_rwlock_destroy(&sys->mem_hotplug_lock);
	pthread_mutex_destroy(&sys->device_hotplug_lock);
	resource_root_destroy(&sys->alloc, &sys->iomem_resource);
out_memblock:
	memblock_destroy(&sys->memblock);
out_free:
	pthread_mutex_destroy(&sys->workload.lock);
	printk_log_destroy(&sys->log);
	free(sys);
	return ret;
}

unsigned long hm_system_destroy(struct hm_system *sys)
{
	unsigned long leaks;

	if (!sys)
		return 0;
	dmirror_devices_destroy(sys);
	nvdimm_bus_destroy(sys);
	workload_destroy(sys);
	memory_subsys_destroy(sys);
	memory_groups_destroy(sys);
	node_devices_destroy(sys);
	sparse_destroy(sys);
	pgdat_free_all(sys);
	arch_destroy(sys);
	firmware_map_destroy(&sys->fwmap);
	resource_root_destroy(&sys->alloc, &sys->iomem_resource);
	memblock_destroy(&sys->memblock);
	lockdep_destroy(&sys->lockdep);
	pthread_rwlock_destroy(&sys->mem_hotplug_lock);
	pthread_mutex_destroy(&sys->device_hotplug_lock);
	printk_log_destroy(&sys->log);
	uevent_ring_destroy(sys);
	leaks = sys->alloc.nr_live;
	free(sys);
	return leaks;
}
