/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notifier.h - the memory notifier chain (mirrors kernel/notifier.c as the
 * memory hotplug code uses it).  Callbacks run by descending priority;
 * returning NOTIFY_BAD or notifier_from_errno(-E) stops the chain and
 * vetoes MEM_GOING_ONLINE / MEM_GOING_OFFLINE.
 */
#ifndef HOTMEM_NOTIFIER_H
#define HOTMEM_NOTIFIER_H

#define NOTIFY_DONE		0x0000
#define NOTIFY_OK		0x0001
#define NOTIFY_STOP_MASK	0x8000
#define NOTIFY_BAD		(NOTIFY_STOP_MASK | 0x0002)

/**
 * notifier_from_errno() - encode an errno as a notifier's answer
 * @err: 0 or a negative errno
 *
 * Return: NOTIFY_OK for 0; else NOTIFY_STOP_MASK with the errno encoded,
 * which stops the chain (notifier_to_errno() decodes it).
 */
static inline int notifier_from_errno(int err)
{
	if (err)
		return NOTIFY_STOP_MASK | (NOTIFY_OK - err);
	return NOTIFY_OK;
}

/**
 * notifier_to_errno() - the errno a chain's answer carries
 * @ret: what memory_notify() returned
 *
 * Return: the negative errno of notifier_from_errno(); -EPERM for a plain
 * NOTIFY_BAD (as the kernel decodes it); 0 for NOTIFY_DONE and NOTIFY_OK.
 */
static inline int notifier_to_errno(int ret)
{
	ret &= ~NOTIFY_STOP_MASK;
	return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
}

struct hm_system;

struct memory_notify {
	unsigned long start_pfn;
	unsigned long nr_pages;
	int status_change_nid_normal;
	int status_change_nid;
};

typedef int (*memory_notifier_fn)(struct hm_system *sys, void *data, unsigned long action,
				  struct memory_notify *arg);

struct notifier_block {
	memory_notifier_fn fn;
	void *data;
	int priority;
	struct notifier_block *next;
};

/**
 * register_memory_notifier() - add a callback to the memory notifier chain
 * @sys: the system
 * @nb: the block, not on the chain; it stays the caller's (not copied)
 *
 * Inserted by priority, higher first; after those of the same priority.
 * Cannot fail (the kernel's returns 0).
 */
void register_memory_notifier(struct hm_system *sys, struct notifier_block *nb);
/**
 * unregister_memory_notifier() - take a callback off the chain
 * @sys: the system
 * @nb: the block; not on the chain: nothing happens
 */
void unregister_memory_notifier(struct hm_system *sys, struct notifier_block *nb);
/**
 * memory_notify() - run the memory notifier chain
 * @sys: the system
 * @action: MEM_GOING_ONLINE, MEM_ONLINE, MEM_CANCEL_ONLINE, MEM_GOING_OFFLINE, ...
 * @arg: the range and the node whose state changes
 *
 * Stops at the first callback whose answer has NOTIFY_STOP_MASK.
 *
 * Context: the caller holds the memory hotplug lock (online_pages(),
 * offline_pages()).
 * Return: the last callback's answer, NOTIFY_DONE for an empty chain: pass
 * it to notifier_to_errno().
 */
int memory_notify(struct hm_system *sys, unsigned long action, struct memory_notify *arg);
/**
 * memory_notifier_error_inject_init() - register the error-injection notifier
 * @sys: the system
 *
 * debugfs notifier-error-inject/memory: fails MEM_GOING_ONLINE or
 * MEM_GOING_OFFLINE with the errno written to actions/<ACTION>/error.
 */
void memory_notifier_error_inject_init(struct hm_system *sys);

#endif /* HOTMEM_NOTIFIER_H */
