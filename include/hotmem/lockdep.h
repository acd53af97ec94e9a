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

/**
 * lockdep_init() - start a validator
 * @ld: the validator (in the system object)
 * @log: where inversions are reported
 *
 * Return: 0, or -ENOMEM when no thread key is left (nothing to undo).
 */
int lockdep_init(struct lockdep *ld, struct printk_log *log);
/**
 * lockdep_destroy() - free the calling thread's state and the key
 * @ld: the validator
 *
 * Context: the other threads that used it have ended (their states are
 * freed when they exit).
 */
void lockdep_destroy(struct lockdep *ld);

/**
 * lockdep_acquire() - note that this thread takes a lock of a rank
 * @ld: the validator
 * @rank: the lock's rank
 *
 * A WARN in the log when this thread holds a lock of the same or a higher
 * rank (an inversion); the lock is noted as held all the same.  The
 * thread's state is allocated from libc on first use (abort() if it
 * cannot: a diagnostic, not kernel-model metadata).
 *
 * Context: called before the wrapper blocks on the lock.
 */
void lockdep_acquire(struct lockdep *ld, enum hm_lock_rank rank);
/**
 * lockdep_release() - note that this thread dropped a lock of a rank
 * @ld: the validator
 * @rank: the lock's rank
 *
 * Context: called after the wrapper unlocked.
 */
void lockdep_release(struct lockdep *ld, enum hm_lock_rank rank);
/**
 * lockdep_held() - whether this thread holds a lock of a rank
 * @ld: the validator
 * @rank: the rank
 *
 * Return: true if it does.
 */
bool lockdep_held(struct lockdep *ld, enum hm_lock_rank rank);
/**
 * lockdep_assert_held() - WARN unless this thread holds a lock of a rank
 * @ld: the validator
 * @rank: the rank
 */
void lockdep_assert_held(struct lockdep *ld, enum hm_lock_rank rank);

#endif /* HOTMEM_LOCKDEP_H */
