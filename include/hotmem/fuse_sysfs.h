/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuse_sysfs.h - the emulated /sys and /proc as a live FUSE file system.
 *
 * Reads and writes go to the running emulator with the kernel's semantics
 * and errnos; file modes are sysfs's (0444, 0644, 0200, 0600), files belong
 * to the user who mounted, and the kernel's permission checks apply
 * (default_permissions), so only that user writes.  A mutex serialises
 * every access to the machine; requests are served by several threads, so
 * that none waits behind a writer blocked in an offline.
 */
#ifndef HOTMEM_FUSE_SYSFS_H
#define HOTMEM_FUSE_SYSFS_H

#include <pthread.h>
#include "hotmem/report.h"

#include <stdbool.h>
#include <stdint.h>

struct hm_system;
struct hm_fuse;

/*
 * The locks of a machine that several threads drive (the FUSE server's,
 * the control loop): mutex guards every access to the machine; hotplug is
 * the kernel's device_hotplug_lock, held by a sysfs store for its whole
 * run, also while an offline that cannot make progress waits with mutex
 * released (as the kernel's offline sleeps holding it).  Whoever changes
 * the machine under mutex calls hm_machine_lock_changed, which wakes such
 * waiters.
 */
struct hm_machine_lock {
	pthread_mutex_t mutex;
	pthread_cond_t changed;
	uint64_t gen;		/* bumped at every change */
	bool hotplug;		/* device_hotplug_lock taken */
};

void hm_machine_lock_init(struct hm_machine_lock *l);
void hm_machine_lock_destroy(struct hm_machine_lock *l);
/* With l->mutex held: the machine changed (memory may be free now), or hotplug was released. */
void hm_machine_lock_changed(struct hm_machine_lock *l);

/*
 * Mounts the tree at mountpoint and serves it from background threads
 * (one a request in flight, at most HM_FUSE_MAX_THREADS).  lock->mutex is
 * taken around every request, lock->hotplug around every write.  With
 * may_block, an offline written here that cannot make progress waits
 * (mutex released) until the machine changes or the writer is interrupted
 * (FUSE INTERRUPT: -EINTR), as the kernel's does; without it (a step's
 * chmem: nothing else runs while a step does) it fails at once with -EINTR.
 * Returns 0, or -errno with a message.
 */
#define HM_FUSE_MAX_THREADS 64
int hm_fuse_start(struct hm_fuse **out, struct hm_system *sys, struct hm_machine_lock *lock,
		  bool may_block, const char *mountpoint, struct hm_buf *err);
/* Ends the waits of blocked writers (-EINTR), unmounts and waits for the server threads. */
void hm_fuse_stop(struct hm_fuse *f);

#endif /* HOTMEM_FUSE_SYSFS_H */
