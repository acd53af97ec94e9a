/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hotmem.h - the public API of libhotmem: Linux memory hotplug on emulated
 * QEMU machines.  This is the one installed header; everything under
 * hotmem/ is internal to the library and may change at any commit.
 *
 *	#include <hotmem.h>
 *	cc prog.c $(pkg-config --cflags --libs hotmem)
 *
 * Four parts, each a few functions on opaque handles:
 *  - machine: build a machine from QEMU options and a kernel command line,
 *    send it QMP commands, collect its QMP events;
 *  - system: the emulated kernel of a machine: the kernel log (dmesg), the
 *    uevents, the invariant checker;
 *  - sysfs: read and write the emulated /sys and /proc files, export them;
 *  - scenario: run a scenario file (hotmem.scn(5)) and print its transcript.
 * Strings returned in a char ** are malloc()ed: free() them.  Functions
 * return 0 or a negative errno (the kernel's, for a sysfs write), unless
 * they say otherwise.  A machine is not thread-safe: one thread at a time.
 * C17 and C++ (extern "C"); no dependency of the library shows here.
 */
#ifndef HOTMEM_H
#define HOTMEM_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HOTMEM_API_VERSION 1

/* The library's version ("0.1"). */
const char *hm_version(void);

/* ---------------------------------------------------------------- machine */

typedef struct hm_machine hm_machine;
typedef struct hm_system hm_system;

/*
 * Builds and boots a machine: QEMU options ("-m 1G,slots=4,maxmem=8G -smp 1",
 * NULL for that default) and a kernel command line (may be NULL).  On bad
 * options returns -EINVAL and, if error is not NULL, QEMU's message in
 * *error.
 */
int hm_machine_new(hm_machine **out, const char *options, const char *cmdline, char **error);
/* Destroys the machine; returns the kernel-model allocations it leaked (0). */
unsigned long hm_machine_free(hm_machine *m);
/*
 * Runs a QMP command (a JSON object with "execute") and lets the guest
 * handle what follows (an ACPI hot-add or eject, a virtio-mem request).
 * *answer: "ok", "return <json>" or "error <Class>: <desc>".
 */
int hm_machine_qmp(hm_machine *m, const char *json, char **answer);
/* The QMP events since the last call, one JSON object a line (may be ""). */
int hm_machine_events(hm_machine *m, char **events);
/* The emulated kernel of the machine. */
hm_system *hm_machine_system(hm_machine *m);

/* ----------------------------------------------------------------- system */

/* The kernel log lines since the last call, one a line (all levels). */
int hm_system_dmesg(hm_system *sys, char **log);
/* The uevents since the last call: KEY=VALUE lines, an empty line between events. */
int hm_system_uevents(hm_system *sys, char **uevents);
/* Runs the invariant checker: 0, or -EUCLEAN with the report in *report. */
int hm_system_verify(hm_system *sys, char **report);

/* ------------------------------------------------------------------ sysfs */

/* Reads a file ("/sys/devices/system/memory/memory32/state"): its content. */
int hm_sysfs_read(hm_system *sys, const char *path, char **content);
/* Writes a value to a file, as `echo value > path`: 0 or the kernel's -errno. */
int hm_sysfs_write(hm_system *sys, const char *path, const char *value);
/* Writes the /sys and /proc tree into dir (which must exist). */
int hm_sysfs_export(hm_system *sys, const char *dir);

/* --------------------------------------------------------------- scenario */

enum {
	HM_SCENARIO_VERIFY = 1 << 0,	/* the invariant checker after every step */
	HM_SCENARIO_JSON = 1 << 1,	/* the transcript as one JSON document */
};

/*
 * Runs a scenario file ("-": stdin) and prints its transcript to out.
 * Returns 0, or a negative errno with the message in *error (if error is
 * not NULL): -EINVAL a bad line or bad machine options, or the errno of
 * opening or reading the file (nothing ran); -EUCLEAN the verifier found a
 * violation or the kernel model leaked.
 */
int hm_scenario_run_file(const char *path, unsigned int flags, FILE *out, char **error);

#ifdef __cplusplus
}
#endif

#endif /* HOTMEM_H */
