// SPDX-License-Identifier: GPL-2.0
/*
 * lockdep.c - per-thread held-lock ranks and the order check (see lockdep.h).
 */
#include <errno.h>
#include <stdlib.h>
#include "hotmem/lockdep.h"

/* The locks one thread holds. */
struct lockdep_state {
	unsigned int held;	/* bit per rank */
};

static struct lockdep_state *lockdep_state(struct lockdep *ld)
{
	struct lockdep_state *st = pthread_getspecific(ld->key);

	if (!st) {
		/* a diagnostic's bookkeeping, not kernel-model metadata: no injection */
		st = calloc(1, sizeof(*st));
		if (!st)
			abort();
		pthread_setspecific(ld->key, st);
	}
	return st;
}

int lockdep_init(struct lockdep *ld, struct printk_log *log)
{
	ld->log = log;
	return pthread_key_create(&ld->key, free) ? -ENOMEM : 0;
}

void lockdep_destroy(struct lockdep *ld)
{
	free(pthread_getspecific(ld->key));
	pthread_setspecific(ld->key, NULL);
	pthread_key_delete(ld->key);
}

void lockdep_acquire(struct lockdep *ld, enum hm_lock_rank rank)
{
	struct lockdep_state *st = lockdep_state(ld);

	/* Taking a lock ranked at or below one already held is an inversion. */
	if (st->held >> rank)
		warn_printk(ld->log, "lockdep: lock rank %d taken while holding %#x", rank,
			    st->held);
	st->held |= 1U << rank;
}

void lockdep_release(struct lockdep *ld, enum hm_lock_rank rank)
{
	lockdep_state(ld)->held &= ~(1U << rank);
}

bool lockdep_held(struct lockdep *ld, enum hm_lock_rank rank)
{
	return (lockdep_state(ld)->held >> rank) & 1;
}

void lockdep_assert_held(struct lockdep *ld, enum hm_lock_rank rank)
{
	if (!lockdep_held(ld, rank))
		warn_printk(ld->log, "lockdep: lock rank %d not held", rank);
}
