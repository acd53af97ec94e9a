// SPDX-License-Identifier: GPL-2.0
/*
 * notifier.c - the memory notifier chain (kernel/notifier.c, as
 * memory_notify() uses it).
 */
#include "hotmem/notifier.h"
#include "hotmem/system.h"

void register_memory_notifier(struct hm_system *sys, struct notifier_block *nb)
{
	struct notifier_block **pp = &sys->memory_chain;

	while (*pp && (*pp)->priority >= nb->priority)
		pp = &(*pp)->next;
	nb->next = *pp;
	*pp = nb;
}

void unregister_memory_notifier(struct hm_system *sys, struct notifier_block *nb)
{
	struct notifier_block **pp;

	for (pp = &sys->memory_chain; *pp; pp = &(*pp)->next) {
		if (*pp == nb) {
			*pp = nb->next;
			return;
		}
	}
}

int memory_notify(struct hm_system *sys, unsigned long action, struct memory_notify *arg)
{
	struct notifier_block *nb;
	int ret = NOTIFY_DONE;

	for (nb = sys->memory_chain; nb; nb = nb->next) {
		ret = nb->fn(sys, nb->data, action, arg);
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	return ret;
}

/*
 * memory-notifier-error-inject: a notifier that fails MEM_GOING_ONLINE or
 * MEM_GOING_OFFLINE with the errno written to
 * /sys/kernel/debug/notifier-error-inject/memory/actions/<ACTION>/error.
 */
static int error_inject_cb(struct hm_system *sys, void *data, unsigned long action,
			   struct memory_notify *arg)
{
	int err = 0;

	if (action == MEM_GOING_ONLINE)
		err = sys->inject_going_online;
	else if (action == MEM_GOING_OFFLINE)
		err = sys->inject_going_offline;
	if (err)
		pr_info(sys, "memory notifier error injection: action %lu, error %d", action, err);
	return notifier_from_errno(err);
}

void memory_notifier_error_inject_init(struct hm_system *sys)
{
	sys->error_inject_nb.fn = error_inject_cb;
	sys->error_inject_nb.priority = 0;
	register_memory_notifier(sys, &sys->error_inject_nb);
}
