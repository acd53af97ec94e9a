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

/**
 * qmp_event_emit() - queue a QMP event
 * @m: the machine
 * @name: the event's name ("ACPI_DEVICE_OST")
 * @data: its data, a JSON object, or NULL for none; the reference is taken
 *
 * Stamped with the time now.  Never fails: an event that cannot be queued
 * for lack of memory is dropped, as QEMU's monitor drops events of a full
 * queue.
 */
void qmp_event_emit(struct hm_machine *m, const char *name, json_t *data);

/**
 * qmp_event_acpi_ost() - queue ACPI_DEVICE_OST: the guest's _OST for a DIMM
 * @m: the machine
 * @id: the device's id; NULL once QEMU has unplugged it (the last _OST of
 *	an eject) or for a device without one
 * @slot: the DIMM slot (slot-type "DIMM")
 * @source: ACPI_OST_EV_*
 * @status: ACPI_OST_* status
 */
void qmp_event_acpi_ost(struct hm_machine *m, const char *id, int slot, int source,
			int status);
/**
 * qmp_event_device_deleted() - queue DEVICE_DELETED for a device QEMU unplugged
 * @m: the machine
 * @dimm: the device: "device" is its id (absent for a device without one),
 *	"path" its QOM path
 */
void qmp_event_device_deleted(struct hm_machine *m, const struct hm_dimm *dimm);
/**
 * qmp_event_memory_device_size_change() - queue MEMORY_DEVICE_SIZE_CHANGE
 * @m: the machine
 * @dev: the virtio-mem device whose plugged size changed (its size now)
 */
void qmp_event_memory_device_size_change(struct hm_machine *m, const struct hm_dimm *dev);

/**
 * qmp_device_path() - the QOM path of a device
 * @dimm: the device
 * @buf: written the path: /machine/peripheral/ID, or
 *	/machine/peripheral-anon/... for a device without an id
 * @len: @buf's size (the path is cut to fit)
 */
void qmp_device_path(const struct hm_dimm *dimm, char *buf, size_t len);

/**
 * qmp_events_free() - drop every queued event
 * @m: the machine (being torn down)
 */
void qmp_events_free(struct hm_machine *m);

#endif /* HOTMEM_MACHINE_QMP_EVENTS_H */
