// SPDX-License-Identifier: GPL-2.0
/*
 * system.c - creation and destruction of a system, the kernel log, WARN,
 * and a small lockdep that checks the hotplug lock order per thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/system.h"

/* The locks one thread holds, as a bitmask of ranks and the highest one. */
struct lockdep_state {
	unsigned int held;	/* bit per rank */
};

static struct lockdep_state *lockdep_state(struct hm_system *sys)
{
	struct lockdep_state *st = pthread_getspecific(sys->lockdep_key);

	if (!st) {
		st = calloc(1, sizeof(*st));
		if (!st)
			abort();
		pthread_setspecific(sys->lockdep_key, st);
	}
	return st;
}

void lockdep_acquire(struct hm_system *sys, enum hm_lock_rank rank)
{
	struct lockdep_state *st = lockdep_state(sys);

	/* Taking a lock below one already held is an inversion. */
	if (st->held >> rank)
		hm_warn(sys, "lockdep: lock rank %d taken while holding %#x", rank, st->held);
	st->held |= 1U << rank;
}

void lockdep_release(struct hm_system *sys, enum hm_lock_rank rank)
{
	lockdep_state(sys)->held &= ~(1U << rank);
}

bool lockdep_held(struct hm_system *sys, enum hm_lock_rank rank)
{
	return (lockdep_state(sys)->held >> rank) & 1;
}

void hm_log(struct hm_system *sys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hm_buf_vprintf(&sys->log, fmt, ap);
	va_end(ap);
	hm_buf_append(&sys->log, "\n", 1);
}

void hm_warn(struct hm_system *sys, const char *fmt, ...)
{
	va_list ap;

	sys->stats.warnings++;
	hm_buf_printf(&sys->log, "WARNING: ");
	va_start(ap, fmt);
	hm_buf_vprintf(&sys->log, fmt, ap);
	va_end(ap);
	hm_buf_append(&sys->log, "\n", 1);
}

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
	sys->offline_timeout_ms = 1000;
	workload_init(sys);
	hm_buf_init(&sys->log);
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
	if (pthread_key_create(&sys->lockdep_key, free)) {
		ret = -ENOMEM;
		goto out_resource;
	}
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
	free(sys);
	return ret;
}

unsigned long hm_system_destroy(struct hm_system *sys)
{
	unsigned long leaks;
	void *st;

	if (!sys)
		return 0;
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
	st = pthread_getspecific(sys->lockdep_key);
	free(st);
	pthread_setspecific(sys->lockdep_key, NULL);
	pthread_key_delete(sys->lockdep_key);
	pthread_rwlock_destroy(&sys->mem_hotplug_lock);
	pthread_mutex_destroy(&sys->device_hotplug_lock);
	hm_buf_free(&sys->log);
	uevent_ring_destroy(&sys->uevents);
	leaks = sys->alloc.nr_live;
	free(sys);
	return leaks;
}
