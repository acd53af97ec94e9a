/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kobject_uevent.h - the uevents the kernel sends to userspace (udev), as
 * lib/kobject_uevent.c builds them.
 *
 * Each uevent is its environment, in the kernel's order: ACTION, DEVPATH,
 * SUBSYSTEM, then the caller's extra variables (MAJOR, MINOR, DEVNAME,
 * DEVTYPE, DRIVER, MODALIAS, SYNTH_UUID, ...), then SEQNUM.  They are kept
 * in a bounded ring (the oldest are dropped, as a listener's socket buffer
 * drops them when it overflows) for readers that keep a cursor: the
 * scenario's "uevents" step, a live udev-like monitor.  Like the kernel
 * log, the ring is a diagnostic: it uses the C library, never fails its
 * caller, and counts what it could not keep.
 */
#ifndef HOTMEM_KOBJECT_UEVENT_H
#define HOTMEM_KOBJECT_UEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hm_system;
struct hm_buf;

/* include/linux/kobject.h enum kobject_action */
enum kobject_action {
	KOBJ_ADD,
	KOBJ_REMOVE,
	KOBJ_CHANGE,
	KOBJ_MOVE,
	KOBJ_ONLINE,
	KOBJ_OFFLINE,
	KOBJ_BIND,
	KOBJ_UNBIND,
};

#define UEVENT_RING_SIZE 4096

struct uevent_ring {
	char *env[UEVENT_RING_SIZE];	/* "KEY=VALUE\n..." without SEQNUM; ring by seqnum */
	uint64_t seqnum[UEVENT_RING_SIZE];
	uint64_t first_seq;		/* the oldest event still kept */
	uint64_t next_seq;		/* uevent_seqnum: the next event's SEQNUM */
	unsigned long dropped;
};

/* "add", "remove", ... (kobject_actions[]); NULL for a bad action. */
const char *kobject_action_name(enum kobject_action action);
/* Parses an action name as a write to a uevent file does: 0 or -EINVAL. */
int kobject_action_type(const char *buf, size_t len, enum kobject_action *action);

/*
 * Sends a uevent of devpath ("/devices/system/memory/memory32") in
 * subsystem, with extra "KEY=VALUE" variables envp_ext (NULL-terminated, or
 * NULL).  Returns its SEQNUM.
 */
uint64_t kobject_uevent_env(struct hm_system *sys, enum kobject_action action,
			    const char *devpath, const char *subsystem,
			    const char *const *envp_ext);
static inline uint64_t kobject_uevent(struct hm_system *sys, enum kobject_action action,
				      const char *devpath, const char *subsystem)
{
	return kobject_uevent_env(sys, action, devpath, subsystem, NULL);
}

/*
 * A write to a device's uevent file (kobject_synth_uevent): "ACTION [UUID
 * [KEY=VALUE...]]" sends a synthetic uevent with SYNTH_UUID (0 without a
 * UUID) and SYNTH_ARG_KEY=VALUE.  0 or -EINVAL.
 */
int kobject_synth_uevent(struct hm_system *sys, const char *devpath, const char *subsystem,
			 const char *buf, size_t len);

/*
 * The write side of the uevent file of /devices/system/SUBSYSTEM/SUBSYSTEM<id>
 * (memory blocks, nodes): kobject_synth_uevent on that device.
 */
int system_device_synth_uevent(struct hm_system *sys, const char *subsystem, long id,
			       const char *buf);

/*
 * Appends the uevents from *seq on to out, as the transcript prints them
 * (blocks of KEY=VALUE lines without SEQNUM, separated by an empty line),
 * and moves *seq past them.  Returns how many.
 */
unsigned long uevents_read(struct hm_system *sys, uint64_t *seq, struct hm_buf *out);
/* The ring's position now: a reader starting here sees only newer events. */
uint64_t uevents_seq(struct hm_system *sys);

/* Frees the events still kept (the listener's copies, from libc). */
void uevent_ring_destroy(struct hm_system *sys);

#endif /* HOTMEM_KOBJECT_UEVENT_H */
