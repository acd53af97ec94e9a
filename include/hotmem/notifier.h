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

static inline int notifier_from_errno(int err)
{
	if (err)
		return NOTIFY_STOP_MASK | (NOTIFY_OK - err);
	return NOTIFY_OK;
}

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

/* Inserts nb by priority (higher first). */
void register_memory_notifier(struct hm_system *sys, struct notifier_block *nb);
void unregister_memory_notifier(struct hm_system *sys, struct notifier_block *nb);
/* Runs the chain; returns the last callback's value (NOTIFY_* encoding). */
int memory_notify(struct hm_system *sys, unsigned long action, struct memory_notify *arg);
/* Registers the error-injection notifier (debugfs notifier-error-inject/memory). */
void memory_notifier_error_inject_init(struct hm_system *sys);

#endif /* HOTMEM_NOTIFIER_H */
