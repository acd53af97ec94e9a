// SPDX-License-Identifier: GPL-2.0
/*
 * kobject_uevent.c - uevents (mirrors lib/kobject_uevent.c; see
 * kobject_uevent.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/kobject_uevent.h"
#include "hotmem/report.h"
#include "hotmem/system.h"

static const char *const kobject_actions[] = {
	[KOBJ_ADD] = "add",		[KOBJ_REMOVE] = "remove",
	[KOBJ_CHANGE] = "change",	[KOBJ_MOVE] = "move",
	[KOBJ_ONLINE] = "online",	[KOBJ_OFFLINE] = "offline",
	[KOBJ_BIND] = "bind",		[KOBJ_UNBIND] = "unbind",
};

const char *kobject_action_name(enum kobject_action action)
{
	if ((unsigned int)action >= sizeof(kobject_actions) / sizeof(kobject_actions[0]))
		return NULL;
	return kobject_actions[action];
}

int kobject_action_type(const char *buf, size_t len, enum kobject_action *action)
{
	size_t i, n = len;

	/* the action is the first word; a trailing newline is allowed */
	for (i = 0; i < len; i++)
		if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\0') {
			n = i;
			break;
		}
	for (i = 0; i < sizeof(kobject_actions) / sizeof(kobject_actions[0]); i++)
		if (strlen(kobject_actions[i]) == n && !strncmp(kobject_actions[i], buf, n)) {
			*action = (enum kobject_action)i;
			return 0;
		}
	return -EINVAL;
}

uint64_t kobject_uevent_env(struct hm_system *sys, enum kobject_action action,
			    const char *devpath, const char *subsystem,
			    const char *const *envp_ext)
{
	struct uevent_ring *ring = &sys->uevents;
	uint64_t seq = ring->next_seq++;
	unsigned int slot = (unsigned int)(seq % UEVENT_RING_SIZE);
	struct hm_buf env;
	char *kenv;
	size_t i;

	sys->stats.uevents++;
	hm_buf_init(&env);
	hm_buf_printf(&env, "ACTION=%s\nDEVPATH=%s\nSUBSYSTEM=%s\n", kobject_action_name(action),
		      devpath, subsystem);
	for (i = 0; envp_ext && envp_ext[i]; i++)
		hm_buf_printf(&env, "%s\n", envp_ext[i]);
	if (seq - ring->first_seq >= UEVENT_RING_SIZE) {
		free(ring->env[slot]);
		ring->first_seq++;
		ring->dropped++;
	}
	/*
	 * The kernel's side: the environment is a kzalloc'ed buffer, freed once
	 * sent; without it kobject_uevent_env answers -ENOMEM and the event is
	 * lost (its callers carry on).  The ring is the listener's side (udev's
	 * socket buffer, userspace memory): its copy is libc's, kept until
	 * overwritten, and not kernel memory that could leak.
	 */
	kenv = env.data ? hm_kstrdup(&sys->alloc, hm_buf_str(&env)) : NULL;
	ring->env[slot] = kenv ? strdup(kenv) : NULL;
	ring->seqnum[slot] = seq;
	if (!ring->env[slot])
		ring->dropped++;
	hm_kfree(&sys->alloc, kenv);
	hm_buf_free(&env);
	return seq;
}

static bool uuid_valid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* "prefix" followed by value, malloc'ed; NULL without memory. */
static char *env_var(struct hm_system *sys, const char *prefix, const char *value)
{
	size_t n = strlen(prefix) + strlen(value) + 1;
	char *v = hm_kmalloc(&sys->alloc, n);

	if (v)
		snprintf(v, n, "%s%s", prefix, value);
	return v;
}

int kobject_synth_uevent(struct hm_system *sys, const char *devpath, const char *subsystem,
			 const char *buf, size_t len)
{
	char *copy, *save = NULL, *word, *env[34];
	enum kobject_action action;
	unsigned int n = 0, i;
	int ret = 0;

	if (kobject_action_type(buf, len, &action))
		return -EINVAL;
	copy = hm_kmalloc(&sys->alloc, len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	strtok_r(copy, " \n", &save);		/* the action */
	word = strtok_r(NULL, " \n", &save);	/* UUID, then KEY=VALUE arguments */
	if (word && !uuid_valid(word, strlen(word)))
		ret = -EINVAL;
	else if (!(env[n++] = env_var(sys, "SYNTH_UUID=", word ? word : "0")))
		ret = -ENOMEM;
	while (!ret && word && (word = strtok_r(NULL, " \n", &save))) {
		char *eq = strchr(word, '='), *k;

		if (!eq || eq == word || n == 33) {
			ret = -EINVAL;
			break;
		}
		for (k = word; k < eq; k++)
			if (!isalnum((unsigned char)*k))
				ret = -EINVAL;
		if (!ret && !(env[n++] = env_var(sys, "SYNTH_ARG_", word)))
			ret = -ENOMEM;
	}
	if (!ret) {
		env[n] = NULL;
		kobject_uevent_env(sys, action, devpath, subsystem, (const char *const *)env);
	}
	for (i = 0; i < n; i++)
		hm_kfree(&sys->alloc, env[i]);
	hm_kfree(&sys->alloc, copy);
	return ret;
}

unsigned long uevents_read(struct hm_system *sys, uint64_t *seq, struct hm_buf *out)
{
	struct uevent_ring *ring = &sys->uevents;
	unsigned long n = 0;
	uint64_t s;

	for (s = *seq > ring->first_seq ? *seq : ring->first_seq; s < ring->next_seq; s++) {
		const char *env = ring->env[s % UEVENT_RING_SIZE];

		if (!env)
			continue;
		hm_buf_printf(out, "%s%s", n ? "\n" : "", env);
		n++;
	}
	*seq = ring->next_seq;
	return n;
}

uint64_t uevents_seq(struct hm_system *sys)
{
	return sys->uevents.next_seq;
}

void uevent_ring_destroy(struct hm_system *sys)
{
	struct uevent_ring *ring = &sys->uevents;
	uint64_t s;

	for (s = ring->first_seq; s < ring->next_seq; s++) {
		free(ring->env[s % UEVENT_RING_SIZE]);
		ring->env[s % UEVENT_RING_SIZE] = NULL;
	}
	ring->first_seq = ring->next_seq;
}

int system_device_synth_uevent(struct hm_system *sys, const char *subsystem, long id,
			       const char *buf)
{
	char devpath[64];

	snprintf(devpath, sizeof(devpath), "/devices/system/%s/%s%ld", subsystem, subsystem, id);
	return kobject_synth_uevent(sys, devpath, subsystem, buf, strlen(buf));
}
