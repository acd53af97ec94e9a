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

/**
 * hm_machine_lock_init() - initialise a machine's locks, nothing held
 * @l: the locks
 *
 * The condition variable waits on CLOCK_MONOTONIC.
 */
void hm_machine_lock_init(struct hm_machine_lock *l);
/**
 * hm_machine_lock_destroy() - destroy a machine's locks
 * @l: the locks
 *
 * Context: no thread holds or waits on them (the FUSE server is stopped).
 */
void hm_machine_lock_destroy(struct hm_machine_lock *l);
/**
 * hm_machine_lock_changed() - wake the writers waiting for the machine to change
 * @l: the locks
 *
 * Bumps @l->gen and broadcasts: the machine changed (memory may be free
 * now), or hotplug was released.
 *
 * Context: the caller holds @l->mutex.
 */
void hm_machine_lock_changed(struct hm_machine_lock *l);

#define HM_FUSE_MAX_THREADS 64
/**
 * hm_fuse_start() - mount a machine's tree with FUSE and serve it
 * @out: the server, for hm_fuse_stop()
 * @sys: the machine's kernel
 * @lock: its locks: @lock->mutex is taken around every request,
 *	@lock->hotplug around every write
 * @may_block: an offline written here that cannot make progress waits
 *	(mutex released) until the machine changes or the writer is
 *	interrupted (FUSE INTERRUPT: -EINTR), as the kernel's does; false (a
 *	step's chmem: nothing else runs while a step does): it fails at once
 *	with -EINTR
 * @mountpoint: an existing directory
 * @err: appended the reason of a failure
 *
 * Serves from background threads, one a request in flight, at most
 * HM_FUSE_MAX_THREADS.
 *
 * Context: the caller does not hold @lock->mutex.
 * Return: 0; -ENOMEM; -EIO when libfuse could not create the file system,
 * mount it (is /dev/fuse usable?) or start its thread, with the reason in
 * @err.  Nothing is mounted on failure.
 */
int hm_fuse_start(struct hm_fuse **out, struct hm_system *sys, struct hm_machine_lock *lock,
		  bool may_block, const char *mountpoint, struct hm_buf *err);
/**
 * hm_fuse_stop() - unmount and stop a server of hm_fuse_start()
 * @f: the server; freed
 *
 * Ends the waits of blocked writers (-EINTR to them), unmounts, and waits
 * for the server threads.
 *
 * Context: the caller does not hold the machine's mutex.
 */
void hm_fuse_stop(struct hm_fuse *f);

#endif /* HOTMEM_FUSE_SYSFS_H */
