/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockdep.h - a small lock validator (after kernel/locking/lockdep.c).
 *
 * A leaf service.  The hotplug locks have a fixed order, given by their
 * rank: a thread may take a lock only while every lock it holds has a
 * lower rank.  Each thread's held locks are a bitmask kept in thread-local
 * storage (one pthread key per system); taking a lock ranked at or below
 * one already held is an inversion, reported as a WARN in the log the
 * validator was given.  Lock wrappers call lockdep_acquire() before they
 * block and lockdep_release() after they unlock, as lock_acquire() and
 * lock_release() sit in the kernel's lock primitives.
 */
#ifndef HOTMEM_LOCKDEP_H
#define HOTMEM_LOCKDEP_H

#include <pthread.h>
#include <stdbool.h>
#include "hotmem/printk.h"

/* The order of the hotplug locks (Documentation/core-api/memory-hotplug.rst). */
enum hm_lock_rank {
	LOCK_RANK_DEVICE_HOTPLUG = 1,
	LOCK_RANK_DEVICE,
	LOCK_RANK_MEM_HOTPLUG,
	LOCK_RANK_WORKLOAD,	/* the simulated processes' mmap and page locks */
	LOCK_RANK_ZONE,		/* zone->lock */
};

struct lockdep {
	pthread_key_t key;		/* per thread: unsigned int, a bit per rank held */
	struct printk_log *log;		/* where inversions are reported */
};

/* Returns 0, or -ENOMEM when no thread key is left. */
int lockdep_init(struct lockdep *ld, struct printk_log *log);
/* Frees the calling thread's state and the key (other threads' states go with them). */
void lockdep_destroy(struct lockdep *ld);

/* Notes that this thread takes / drops a lock of this rank. */
void lockdep_acquire(struct lockdep *ld, enum hm_lock_rank rank);
void lockdep_release(struct lockdep *ld, enum hm_lock_rank rank);
bool lockdep_held(struct lockdep *ld, enum hm_lock_rank rank);
/* lockdep_assert_held: a WARN unless this thread holds a lock of this rank. */
void lockdep_assert_held(struct lockdep *ld, enum hm_lock_rank rank);

#endif /* HOTMEM_LOCKDEP_H */
