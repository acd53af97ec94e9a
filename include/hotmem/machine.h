/* SPDX-License-Identifier: GPL-2.0 */
/*
 * machine.h - the emulated machine: QEMU's x86_64 "pc" machine with boot
 * RAM, NUMA nodes, memory backends and pc-dimm slots, its QMP monitor, and
 * the guest's ACPI memory hotplug driver (drivers/acpi/acpi_memhotplug.c)
 * that turns DIMM plug and eject events into add_memory/remove_memory.
 *
 * The QEMU side answers a QMP command at once; the guest side (hot-add of
 * a DIMM, the ACPI eject of device_del) runs when machine_guest_sync() is
 * called, which the scenario runner does before any step that looks at
 * the guest and at "sleep", as the real guest handles these events
 * asynchronously.
 */
#ifndef HOTMEM_MACHINE_H
#define HOTMEM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/report.h"

struct hm_system;
struct hm_machine;

/**
 * machine_create() - build a machine and boot its kernel
 * @out: the machine, on success
 * @options: QEMU options ("-m 1G,slots=4,maxmem=8G -smp 1 ...")
 * @cmdline: the kernel command line (may be NULL)
 * @err: QEMU's message for bad options
 *
 * Return: 0; -EINVAL for options QEMU would refuse (its message in @err);
 * -ENOMEM.  Nothing is left on failure.
 */
int machine_create(struct hm_machine **out, const char *options, const char *cmdline,
		   struct hm_buf *err);
/**
 * machine_destroy() - tear a machine down
 * @m: the machine; freed
 *
 * Return: the number of kernel-model allocations still live (leaks; 0).
 */
unsigned long machine_destroy(struct hm_machine *m);

/*
 * Fault injection of the boot: machine_create failing allocation fail_at
 * (1-based; 0: none) of the machine's and the kernel's, counted together
 * from the option parsing on.  On return, nr_calls is the number of
 * allocation calls made, nr_failed how many injection failed, and, if the
 * creation failed, leaks the allocations left live by its unwinding.
 */
struct machine_fault {
	unsigned long fail_at;
	unsigned long nr_calls, nr_failed, leaks;
};
/**
 * machine_create_fault() - machine_create() with one allocation failed
 * @out: the machine
 * @options: QEMU options
 * @cmdline: the kernel command line, or NULL
 * @fault: which allocation fails (fail_at), and the counts on return
 * @err: appended the message of a failure
 *
 * Return: as machine_create(); on failure @fault->leaks counts what the
 * unwinding left live (the fault-injection loop wants 0).
 */
int machine_create_fault(struct hm_machine **out, const char *options, const char *cmdline,
			 struct machine_fault *fault, struct hm_buf *err);
/**
 * machine_system() - the emulated kernel of a machine
 * @m: the machine
 *
 * Return: its system, valid until machine_destroy().
 */
struct hm_system *machine_system(struct hm_machine *m);
/**
 * machine_init_log_seq() - the kernel log's sequence number when init started
 * @m: the machine
 *
 * The end of kernel boot, before drivers loaded as modules (virtio-mem)
 * probe.
 *
 * Return: that sequence number.
 */
uint64_t machine_init_log_seq(struct hm_machine *m);

/*
 * QMP.  Every command is a row of qmp_commands (dimm.c); a request's
 * envelope is checked by qmp_check_request, and a machine command runs
 * through machine_qmp_call, for the scenario's qmp step, the API and the
 * control socket alike.  JSON values are jansson's json_t, passed as
 * void * so that this header needs no jansson.
 */
enum qmp_monitor {
	QMP_MACHINE,		/* the machine's: machine_qmp_call runs it */
	QMP_MON_CAPABILITIES,	/* the monitor's own (session.c): they act on the connection */
	QMP_MON_QUERY_VERSION,
	QMP_MON_QUERY_COMMANDS,
	QMP_MON_QUERY_STATUS,
	QMP_MON_QUIT,
};

enum { QMP_F_CHANGES = 1 << 0 };	/* changes the machine when it succeeds */

struct qmp_error;
struct json_t;
struct qmp_command {
	const char *name;
	enum qmp_monitor monitor;
	unsigned int flags;
	int (*fn)(struct hm_machine *m, struct json_t *args, struct json_t **ret,
		  struct qmp_error *e);
};
/* The QMP commands, ended by a row whose name is NULL. */
extern const struct qmp_command qmp_commands[];
/**
 * qmp_command_find() - the row of a QMP command
 * @name: the command's name ("device_add")
 *
 * Return: its row of qmp_commands[], or NULL for an unknown command.
 */
const struct qmp_command *qmp_command_find(const char *name);

/* A request whose envelope qmp_check_request accepted: pointers into it. */
struct qmp_request {
	const char *exec;	/* "execute" (or "exec-oob": oob true) */
	void *args;		/* "arguments", NULL if none */
	void *id;		/* "id", NULL if none */
	bool oob;
};

/**
 * qmp_check_request() - check a QMP request's envelope
 * @request: the parsed request (a json_t *)
 * @oob_enabled: whether "exec-oob" is allowed (the monitor negotiated oob)
 * @rq: filled with the command's name, arguments and id (references into
 *	@request)
 * @desc: written the error's text
 * @desc_len: @desc's size
 *
 * As QEMU's qmp_dispatch_check_obj(): a JSON object whose members are
 * "execute" (a string), "arguments" (an object), "id", and "exec-oob" once
 * @oob_enabled.
 *
 * Return: 0 with @rq filled; -EINVAL with QEMU's GenericError text in @desc.
 */
int qmp_check_request(void *request, bool oob_enabled, struct qmp_request *rq, char *desc,
		      size_t desc_len);

/* What a command answered; qmp_reply_free drops it. */
struct qmp_reply {
	void *ret;		/* its return value (a new reference), NULL for {} or an error */
	char *text;		/* QMP_CALL_TEXT: ret as compact JSON, keys sorted */
	const char *cls;	/* NULL, or QEMU's error class ("GenericError", ...) */
	char desc[256];		/* the error's description */
};
enum { QMP_CALL_TEXT = 1 << 0 };

/**
 * machine_qmp_call() - run the machine command of a checked request
 * @m: the machine
 * @rq: the request, checked by qmp_check_request() (a monitor command is
 *	not found here)
 * @flags: QMP_CALL_TEXT: also the return value as compact JSON in r->text
 * @r: the reply; qmp_reply_free() drops it
 *
 * A command during which an allocation failed answers "out of memory",
 * unless it changed the machine and lost only an event.
 *
 * Context: one thread at a time per machine (the session's mutex).
 * Return: 0 with r->ret; -EINVAL with r->cls and r->desc.
 */
int machine_qmp_call(struct hm_machine *m, const struct qmp_request *rq, unsigned int flags,
		     struct qmp_reply *r);
/**
 * qmp_reply_free() - drop what a reply holds
 * @r: the reply (its storage is the caller's)
 */
void qmp_reply_free(struct qmp_reply *r);
/**
 * qmp_reply_answer() - a reply as the transcript prints it
 * @r: the reply
 * @answer: appended "ok", "return <json>" or "error <Class>: <desc>"
 */
void qmp_reply_answer(const struct qmp_reply *r, struct hm_buf *answer);
/**
 * machine_qmp() - parse, check and run a QMP command
 * @m: the machine
 * @json: the command's text
 * @answer: appended the answer, as qmp_reply_answer() writes it (a parse
 *	or envelope error is an "error" answer)
 */
void machine_qmp(struct hm_machine *m, const char *json, struct hm_buf *answer);

/**
 * machine_guest_sync() - let the guest handle its pending events
 * @m: the machine
 *
 * ACPI hot-add and eject, virtio-mem requests: what the real guest does
 * asynchronously after a QMP command.
 *
 * Return: 0, or the first error of a guest operation (a failed add; a
 * refused eject is not an error).
 */
int machine_guest_sync(struct hm_machine *m);
/**
 * machine_guest_step() - handle the first pending guest event
 * @m: the machine
 * @err: the event's error (0 if it succeeded)
 *
 * Return: 1 if there was an event, 0 if none was pending.
 */
int machine_guest_step(struct hm_machine *m, int *err);

/**
 * machine_events() - the QMP events since the previous call, dropped
 * @m: the machine
 * @out: appended one a line as the transcript's "events" step prints them
 *	(compact JSON, keys sorted, no timestamp; of a run of size changes of
 *	one device only the last)
 */
void machine_events(struct hm_machine *m, struct hm_buf *out);
/*
 * A live monitor's listener: called with each event as QEMU sends it (one
 * JSON object with its timestamp, no newline) the moment it is emitted.
 * fn NULL removes it.
 */
typedef void (*hm_qmp_event_fn)(void *arg, const char *json);
/**
 * machine_set_event_listener() - set a live monitor's event listener
 * @m: the machine
 * @fn: called with each event as QEMU sends it (one JSON object with its
 *	timestamp, no newline) the moment it is emitted; NULL removes it
 * @arg: passed to @fn
 */
void machine_set_event_listener(struct hm_machine *m, hm_qmp_event_fn fn, void *arg);

/* A memory device of the machine, as query-memory-devices sees it. */
struct hm_memory_device_info {
	const char *id;		/* NULL for a device without one */
	const char *type;	/* QEMU's: "pc-dimm", "nvdimm", "virtio-mem-pci" */
	uint64_t addr, size;	/* the device's region */
	uint64_t plugged;	/* virtio-mem: plugged bytes; a DIMM: its size */
	int node;
	/* virtio-mem: its block size and one byte a block, non-zero if plugged */
	uint64_t block_size;
	const uint8_t *plugged_blocks;
};
/**
 * machine_memory_devices() - the machine's memory devices
 * @m: the machine
 * @out: filled with up to @max devices, in creation order (pointers into
 *	the machine: valid until it changes)
 * @max: @out's size
 * @base: NULL, or set to the device-memory region's start
 * @size: NULL, or set to its size
 *
 * Return: how many devices there are (may be more than @max).
 */
unsigned int machine_memory_devices(struct hm_machine *m, struct hm_memory_device_info *out,
				    unsigned int max, uint64_t *base, uint64_t *size);

/**
 * qemu_parse_size() - parse a size as QEMU does
 * @s: "512M", "1G", "1073741824"
 * @default_unit: the unit of a bare number
 * @out: the size in bytes
 *
 * Return: 0; -EINVAL for text QEMU would refuse; -ERANGE past 2^64.
 */
int qemu_parse_size(const char *s, uint64_t default_unit, uint64_t *out);

/**
 * machine_sleep() - let guest time pass (the scenario's sleep)
 * @m: the machine
 * @ms: milliseconds
 *
 * Timers that are due fire (virtio-mem's retry timer); their work runs at
 * the next machine_guest_sync().
 */
void machine_sleep(struct hm_machine *m, uint64_t ms);
/**
 * machine_verify() - check every invariant of the machine
 * @m: the machine
 * @out: the report of each violation
 *
 * verify_system(), then the machine's own devices (virtio-mem).
 *
 * Return: the number of violations found (0).
 */
unsigned long machine_verify(struct hm_machine *m, struct hm_buf *out);

#endif /* HOTMEM_MACHINE_H */
