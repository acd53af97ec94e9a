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

/**
 * kobject_action_name() - the name of an action, as kobject_actions[]
 * @action: the action
 *
 * Return: "add", "remove", ...; NULL for a value outside the enum.
 */
const char *kobject_action_name(enum kobject_action action);
/**
 * kobject_action_type() - parse an action name as a uevent file's write does
 * @buf: the text ("add", "change\n"); its first word counts
 * @len: its length
 * @action: the action parsed
 *
 * Return: 0, or -EINVAL for an unknown name (@action untouched).
 */
int kobject_action_type(const char *buf, size_t len, enum kobject_action *action);

/**
 * kobject_uevent_env() - send a uevent with extra variables
 * @sys: the system
 * @action: the action
 * @devpath: the device's path under /sys ("/devices/system/memory/memory32")
 * @subsystem: its SUBSYSTEM
 * @envp_ext: extra "KEY=VALUE" variables, NULL-terminated; NULL: none
 *
 * Kept in the ring for readers (uevents_read()); the oldest event goes when
 * the ring is full.  When the kernel's environment buffer cannot be
 * allocated the event is lost, as the kernel's -ENOMEM is ignored by its
 * callers (counted in the ring's dropped).
 *
 * Return: the event's SEQNUM (consumed even if it was lost).
 */
uint64_t kobject_uevent_env(struct hm_system *sys, enum kobject_action action,
			    const char *devpath, const char *subsystem,
			    const char *const *envp_ext);
/**
 * kobject_uevent() - send a uevent, as kobject_uevent_env() without extras
 * @sys: the system
 * @action: the action
 * @devpath: the device's path under /sys
 * @subsystem: its SUBSYSTEM
 *
 * Return: the event's SEQNUM.
 */
static inline uint64_t kobject_uevent(struct hm_system *sys, enum kobject_action action,
				      const char *devpath, const char *subsystem)
{
	return kobject_uevent_env(sys, action, devpath, subsystem, NULL);
}

/**
 * kobject_synth_uevent() - a write to a device's uevent file
 * @sys: the system
 * @devpath: the device's path under /sys
 * @subsystem: its SUBSYSTEM
 * @buf: "ACTION [UUID [KEY=VALUE...]]"
 * @len: its length
 *
 * Sends a synthetic uevent with SYNTH_UUID (0 without a UUID) and a
 * SYNTH_ARG_KEY=VALUE per argument.
 *
 * Return: 0; -EINVAL for a bad action, UUID or argument (nothing sent);
 * -ENOMEM.
 */
int kobject_synth_uevent(struct hm_system *sys, const char *devpath, const char *subsystem,
			 const char *buf, size_t len);

/**
 * system_device_synth_uevent() - a write to a system device's uevent file
 * @sys: the system
 * @subsystem: "memory", "node", ...: the device is
 *	/devices/system/SUBSYSTEM/SUBSYSTEM<id>
 * @id: its number
 * @buf: what was written, NUL-terminated
 *
 * Return: as kobject_synth_uevent().
 */
int system_device_synth_uevent(struct hm_system *sys, const char *subsystem, long id,
			       const char *buf);

/**
 * uevents_read() - the uevents a reader has not seen yet
 * @sys: the system
 * @seq: the reader's position (from uevents_seq() or the last call); moved
 *	past what is read
 * @out: appended the events as the transcript prints them (blocks of
 *	KEY=VALUE lines without SEQNUM, separated by an empty line)
 *
 * Events dropped from the ring before they were read are skipped.
 *
 * Return: how many events were appended.
 */
unsigned long uevents_read(struct hm_system *sys, uint64_t *seq, struct hm_buf *out);
/**
 * uevents_seq() - the ring's position now
 * @sys: the system
 *
 * Return: a position from which uevents_read() sees only newer events.
 */
uint64_t uevents_seq(struct hm_system *sys);

/**
 * uevent_ring_destroy() - free the events still kept
 * @sys: the system being torn down
 *
 * They are the listener's copies, from libc, not counted kernel memory.
 */
void uevent_ring_destroy(struct hm_system *sys);

#endif /* HOTMEM_KOBJECT_UEVENT_H */
