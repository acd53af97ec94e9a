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
