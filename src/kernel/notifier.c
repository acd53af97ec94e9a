// SPDX-License-Identifier: GPL-2.0
/*
 * notifier.c - the memory notifier chain (kernel/notifier.c, as
 * memory_notify() uses it).
 */
#include <errno.h>
#include <stdlib.h>
#include "hotmem/notifier.h"
#include "hotmem/sysfs.h"
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

/* --------------- sysfs: /sys/kernel/debug/notifier-error-inject/memory */

/* attr->arg: the action whose errno the file holds */
static int *inject_slot(struct hm_system *sys, long action)
{
	return action == MEM_GOING_ONLINE ? &sys->inject_going_online : &sys->inject_going_offline;
}

static int error_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	hm_buf_printf(out, "%d\n", *inject_slot(sys, attr->arg));
	return 0;
}

/* debugfs_create_errno: an integer in [-MAX_ERRNO, 0] */
static int error_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       const char *buf)
{
	char *end;
	long v = strtol(buf, &end, 0);

	if (end == buf || (*end && !(*end == '\n' && !end[1])) || v > 0 || v < -4095)
		return -EINVAL;
	*inject_slot(sys, attr->arg) = (int)v;
	return 0;
}

#define INJECT_ACTION_DIR(_action)							\
	(&(const struct sysfs_dir){ .groups = (const struct sysfs_attr *const[]){	\
		(const struct sysfs_attr[]){						\
			{ .name = "error", .mode = 0600, .show = error_show,		\
			  .store = error_store, .arg = _action },			\
			{ NULL } },							\
		NULL } })

static const struct sysfs_child inject_actions[] = {
	{ "MEM_GOING_OFFLINE", INJECT_ACTION_DIR(MEM_GOING_OFFLINE) },
	{ "MEM_GOING_ONLINE", INJECT_ACTION_DIR(MEM_GOING_ONLINE) },
	{ NULL }
};
static const struct sysfs_child inject_memory_children[] = {
	{ "actions", &(const struct sysfs_dir){ .children = inject_actions } },
	{ NULL }
};
const struct sysfs_dir memory_notifier_inject_dir = { .children = inject_memory_children };
