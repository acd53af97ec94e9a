/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuse_sysfs.h - the emulated /sys and /proc as a live FUSE file system.
 *
 * Reads and writes go to the running emulator with the kernel's semantics
 * and errnos; file modes are sysfs's (0444, 0644, 0200, 0600), files belong
 * to the user who mounted, and the kernel's permission checks apply
 * (default_permissions), so only that user writes.  A mutex serialises
 * every request with whatever else drives the machine.
 */
#ifndef HOTMEM_FUSE_SYSFS_H
#define HOTMEM_FUSE_SYSFS_H

#include <pthread.h>
#include "hotmem/report.h"

struct hm_system;
struct hm_fuse;

/*
 * Mounts the tree at mountpoint and serves it from a background thread.
 * *lock is taken around every request.  Returns 0, or -errno with a message.
 */
int hm_fuse_start(struct hm_fuse **out, struct hm_system *sys, pthread_mutex_t *lock,
		  const char *mountpoint, struct hm_buf *err);
/* Unmounts and waits for the server thread. */
void hm_fuse_stop(struct hm_fuse *f);

#endif /* HOTMEM_FUSE_SYSFS_H */
