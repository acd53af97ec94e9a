/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qmp_events.h - the QMP events the machine emits, as QEMU emits them.
 *
 * Any part of the machine model (pc-dimm, ACPI, virtio-mem, nvdimm) calls
 * qmp_event_emit() or one of the helpers below when QEMU would call its
 * qapi_event_send_*() function.  The events wait in the machine's queue
 * until machine_events() hands them out (the scenario's "events" step),
 * and are also passed at once to a listener (a live QMP monitor) if one is
 * set.  Each event carries QEMU's timestamp (seconds and microseconds of
 * the host clock).
 */
#ifndef HOTMEM_MACHINE_QMP_EVENTS_H
#define HOTMEM_MACHINE_QMP_EVENTS_H

#include <jansson.h>

struct hm_machine;
struct hm_dimm;

/* _OST source event codes (ACPI 6.x, table 6.x "_OST source events") */
#define ACPI_OST_EV_INSERT		0x01	/* insertion request */
#define ACPI_OST_EV_EJECT		0x03	/* eject request */
/* _OST status codes of an eject */
#define ACPI_OST_SUCCESS		0x00
#define ACPI_OST_EJECT_DEVICE_IN_USE	0x82	/* device in use: the eject failed */
#define ACPI_OST_EJECT_IN_PROGRESS	0x84	/* eject in progress */

/*
 * Queues event NAME with data (a JSON object, or NULL for none); takes the
 * reference to data.  Never fails: an event that cannot be queued for lack
 * of memory is dropped, as QEMU's monitor drops events of a full queue.
 */
void qmp_event_emit(struct hm_machine *m, const char *name, json_t *data);

/*
 * ACPI_DEVICE_OST: the guest's _OST for the DIMM in a slot (slot-type
 * "DIMM"); id is the device's id, NULL once QEMU has unplugged it (the
 * last _OST of an eject) or for a device without one.
 */
void qmp_event_acpi_ost(struct hm_machine *m, const char *id, int slot, int source,
			int status);
/*
 * DEVICE_DELETED for a device QEMU unplugged: "device" is its id (absent
 * for a device without one), "path" its QOM path.
 */
void qmp_event_device_deleted(struct hm_machine *m, const struct hm_dimm *dimm);
/* MEMORY_DEVICE_SIZE_CHANGE: a virtio-mem device's plugged size changed. */
void qmp_event_memory_device_size_change(struct hm_machine *m, const struct hm_dimm *dev);

/* The QOM path of a device: /machine/peripheral/ID or /machine/peripheral-anon/... */
void qmp_device_path(const struct hm_dimm *dimm, char *buf, size_t len);

/* Drops every queued event (machine teardown). */
void qmp_events_free(struct hm_machine *m);

#endif /* HOTMEM_MACHINE_QMP_EVENTS_H */
