// SPDX-License-Identifier: GPL-2.0
/*
 * qmp_events.c - the machine's QMP events (see qmp_events.h).
 *
 * QEMU sends an event to every monitor as {"timestamp": {"seconds": S,
 * "microseconds": U}, "event": NAME, "data": {...}}.  Here the events wait
 * in m->events (a JSON array, oldest first) until machine_events() prints
 * and drops them in the transcript's form (FORMAT.md: compact, keys sorted,
 * no timestamp).  QEMU rate-limits MEMORY_DEVICE_SIZE_CHANGE to one a
 * second per device and delivers the last of a burst, so of a run of
 * consecutive size changes of one device only the last is printed.  The
 * queue keeps the last QMP_EVENTS_KEPT events (a long session that never
 * asks for them, a soak, stays flat); a live monitor gets every one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "machine/machine_internal.h"
#include "machine/qmp_events.h"

#define QMP_EVENTS_KEPT 1024

/* A size change followed by another of the same device: QEMU's rate limit drops it. */
static bool superseded(json_t *ev, json_t *next)
{
	const char *name = json_string_value(json_object_get(ev, "event"));
	const char *a, *b;

	if (!next || strcmp(name, "MEMORY_DEVICE_SIZE_CHANGE") ||
	    strcmp(json_string_value(json_object_get(next, "event")), name))
		return false;
	a = json_string_value(json_object_get(json_object_get(ev, "data"), "qom-path"));
	b = json_string_value(json_object_get(json_object_get(next, "data"), "qom-path"));
	return a && b && !strcmp(a, b);
}

/* Queues an event; without memory for it, drops it (data is consumed either way). */
void qmp_event_emit(struct hm_machine *m, const char *name, json_t *data)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	struct timeval tv;
	json_t *ev;
	size_t n;

	gettimeofday(&tv, NULL);
	ev = json_pack("{s:{s:I,s:I},s:s}", "timestamp", "seconds", (json_int_t)tv.tv_sec,
		       "microseconds", (json_int_t)tv.tv_usec, "event", name);
	if (ev && data && json_object_set_new(ev, "data", data)) {
		json_decref(ev);
		goto out;
	} else if (!ev) {
		json_decref(data);
		goto out;
	}
	if (m->event_listener) {
		char *text = json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (text)
			m->event_listener(m->event_listener_arg, text);
		hm_json_free(text);
	}
	if (!m->events)
		m->events = json_array();
	if (!m->events) {
		json_decref(ev);
		goto out;
	}
	/*
	 * A size change right after one of the same device takes its place:
	 * machine_events would drop the first (QEMU's rate limit), and a burst
	 * of a virtio-mem resize does not push older events out of the queue.
	 */
	n = json_array_size(m->events);
	if (n && superseded(json_array_get(m->events, n - 1), ev)) {
		json_array_set_new(m->events, n - 1, ev);	/* consumes ev */
		goto out;
	}
	/* bounded, as the kernel's log and uevents are: the oldest goes */
	if (n >= QMP_EVENTS_KEPT)
		json_array_remove(m->events, 0);
	json_array_append_new(m->events, ev);	/* consumes ev, also on failure */
out:
	hm_json_scope_leave(prev);
}

void qmp_device_path(const struct hm_dimm *dimm, char *buf, size_t len)
{
	if (dimm->id)
		snprintf(buf, len, "/machine/peripheral/%s", dimm->id);
	else
		snprintf(buf, len, "/machine/peripheral-anon/device[%d]", dimm->anon_index);
}

void qmp_event_acpi_ost(struct hm_machine *m, const char *id, int slot, int source,
			int status)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	char slot_str[16];
	json_t *info;

	snprintf(slot_str, sizeof(slot_str), "%d", slot);
	info = json_pack("{s:s,s:s,s:i,s:i}", "slot", slot_str, "slot-type", "DIMM",
			 "source", source, "status", status);
	if (info && id)
		json_object_set_new(info, "device", json_string(id));
	if (info)
		qmp_event_emit(m, "ACPI_DEVICE_OST", json_pack("{s:o}", "info", info));
	hm_json_scope_leave(prev);
}

/*
 * An event about a device: its QOM path under path_key, its id (if it has
 * one) under id_key, and size if not NULL.  Out of memory: nothing sent.
 */
static void qmp_event_device(struct hm_machine *m, const char *name, const struct hm_dimm *dev,
			     const char *path_key, const char *id_key, const uint64_t *size)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	char path[256];
	json_t *data;

	qmp_device_path(dev, path, sizeof(path));
	data = json_pack("{s:s}", path_key, path);
	if (data && size)
		json_object_set_new(data, "size", json_integer((json_int_t)*size));
	if (data && dev->id)
		json_object_set_new(data, id_key, json_string(dev->id));
	if (data)
		qmp_event_emit(m, name, data);
	hm_json_scope_leave(prev);
}

void qmp_event_device_deleted(struct hm_machine *m, const struct hm_dimm *dimm)
{
	qmp_event_device(m, "DEVICE_DELETED", dimm, "path", "device", NULL);
}

void qmp_event_memory_device_size_change(struct hm_machine *m, const struct hm_dimm *dev)
{
	qmp_event_device(m, "MEMORY_DEVICE_SIZE_CHANGE", dev, "qom-path", "id", &dev->plugged_size);
}

void machine_events(struct hm_machine *m, struct hm_buf *out)
{
	struct hm_alloc *prev = hm_json_scope_enter(machine_alloc(m));
	size_t i, n = m->events ? json_array_size(m->events) : 0;

	for (i = 0; i < n; i++) {
		json_t *ev = json_array_get(m->events, i), *copy;
		char *text;

		if (superseded(ev, json_array_get(m->events, i + 1)))
			continue;
		copy = json_copy(ev);
		if (!copy)
			continue;
		json_object_del(copy, "timestamp");
		text = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
		if (text)
			hm_buf_printf(out, "%s\n", text);
		hm_json_free(text);
		json_decref(copy);
	}
	if (m->events)
		json_array_clear(m->events);
	hm_json_scope_leave(prev);
}

void machine_set_event_listener(struct hm_machine *m, hm_qmp_event_fn fn, void *arg)
{
	m->event_listener = fn;
	m->event_listener_arg = arg;
}

void qmp_events_free(struct hm_machine *m)
{
	json_decref(m->events);
	m->events = NULL;
}
