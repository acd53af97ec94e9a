/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hotmem.h - the public API of libhotmem: Linux memory hotplug on emulated
 * QEMU machines.  This is the one installed header; everything under
 * hotmem/ is internal to the library and may change at any commit.
 *
 *	#include <hotmem.h>
 *	cc prog.c $(pkg-config --cflags --libs hotmem)
 *
 * Six parts, each a few functions on opaque handles:
 *  - machine: build a machine from QEMU options and a kernel command line,
 *    send it QMP commands, collect its QMP events;
 *  - system: the emulated kernel of a machine: the kernel log (dmesg), the
 *    uevents, the invariant checker;
 *  - sysfs: read and write the emulated /sys and /proc files, export them;
 *  - scenario: load a scenario file (hotmem.scn(5)), run it and print its
 *    transcript, draw its address space, list the steps;
 *  - session: a live machine whose tree is mounted with FUSE, driven over
 *    a control socket, and that socket's client;
 *  - exec: a host command, unchanged, on a mounted machine.
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

typedef struct hm_scenario hm_scenario;

enum {
	HM_SCENARIO_VERIFY = 1 << 0,	/* the invariant checker after every step */
	HM_SCENARIO_JSON = 1 << 1,	/* the transcript as one JSON document */
	HM_SCENARIO_STRICT = 1 << 2,	/* count the steps that answered an error */
	/*
	 * Kept for callers that set it: ndctl and daxctl steps always run
	 * the host's binaries on the live machine (hm_exec's way).
	 */
	HM_SCENARIO_REAL_TOOLS = 1 << 3,
};

/*
 * Reads and checks a scenario file (hotmem.scn(5)); "-" reads standard
 * input, NULL gives the default machine and no steps.  Nothing runs.
 * Returns 0; -EINVAL for a bad line ("FILE:LINE: message" in *error), or
 * the errno of opening or reading the file.
 */
int hm_scenario_load(hm_scenario **out, const char *path, char **error);
void hm_scenario_free(hm_scenario *scn);

struct hm_run_options {
	unsigned int flags;	/* HM_SCENARIO_* */
	FILE *klog;		/* if not NULL, every kernel log line as it is written */
	const char *export_dir;	/* if not NULL, the /sys and /proc tree at the end, here */
};

/*
 * Runs a scenario on a new machine and prints its transcript to out
 * (opts may be NULL).  Returns 0; with HM_SCENARIO_STRICT, the number of
 * steps that answered an error (a write's errno, a QMP error, a tool's
 * non-zero exit status), "FILE:LINE: STEP" lines in *error; or -EINVAL
 * bad machine options (nothing printed), -EUCLEAN the verifier found a
 * violation or the kernel model leaked, -EIO the tree could not be
 * exported; the message in *error.
 */
int hm_scenario_run(const hm_scenario *scn, const struct hm_run_options *opts, FILE *out,
		    char **error);
/*
 * hm_scenario_load and hm_scenario_run in one call, with flags only.
 */
int hm_scenario_run_file(const char *path, unsigned int flags, FILE *out, char **error);
/*
 * Runs a scenario and draws the physical address space at its end as SVG,
 * or (html) an HTML page of the state at each dump step and at the end.
 * Returns 0 or a negative errno as hm_scenario_run does.
 */
int hm_scenario_map(const hm_scenario *scn, int html, FILE *out, char **error);

/* A scenario step as `hotmem help steps` lists it: one row of the step table. */
struct hm_step_info {
	const char *name;	/* "write" */
	const char *synopsis;	/* its arguments: "PATH VALUE" */
	const char *summary;	/* what it does and answers, one line */
	unsigned int flags;	/* HM_STEP_* */
};
enum {
	HM_STEP_SYNC = 1 << 0,		/* the guest handles pending events before it */
	HM_STEP_EMULATOR_ONLY = 1 << 1,	/* hotmem's own: the real kernel cannot run it */
	HM_STEP_CONTROL = 1 << 2,	/* allowed on a session's control socket */
};
/* Step i of the table: 0, or -ENOENT past its end. */
int hm_scenario_step(unsigned int i, struct hm_step_info *info);

/* ---------------------------------------------------------------- session */

typedef struct hm_session hm_session;

/*
 * A live machine (hotmem mount): runs scn's steps (their transcript to
 * standard output), mounts its /sys and /proc tree at mountpoint with FUSE
 * and takes scenario steps, one a line, on a UNIX socket at control_path.
 * Returns 0; -EINVAL bad machine options; -errno of the socket or the
 * mount; the message in *error.
 */
int hm_session_start(hm_session **out, const hm_scenario *scn, const char *mountpoint,
		     const char *control_path, char **error);
/* Serves the control socket until "quit", SIGINT or SIGTERM: 0 or -errno. */
int hm_session_serve(hm_session *s);
/* Unmounts, closes the socket and destroys the machine. */
void hm_session_stop(hm_session *s);
/*
 * The client (hotmem ctl): sends each step to a session's control socket
 * and prints the answers to out as the transcript would.  Returns the
 * number of steps that answered an error, or -errno if the socket could
 * not be reached.
 */
int hm_session_client(const char *control_path, char *const *steps, int nr, FILE *out);

/* ------------------------------------------------------------------- exec */

enum {
	HM_EXEC_QUIET = 1 << 0,	/* no notes on standard error about what the namespace leaves out */
};

/*
 * Runs argv (argv[0] found in PATH, no shell) on the machine mounted at
 * dir (hm_session_start's mountpoint), unchanged, where the kernel's
 * files are: dir/sys over /sys, the modelled /proc files over /proc's,
 * the machine's character devices in a /dev of its own (their opens,
 * descriptor stats and ND ioctls answered by the emulator serving dir),
 * and a /lib/modules/$(uname -r) declaring its drivers built in; in a
 * private mount namespace (a user namespace too when not root).  The
 * command has the caller's stdin, stdout and stderr.  Returns 0 with its
 * exit status in *status (128 + N if signal N killed it; 127 if the
 * namespace could not be made or the command not run, the reason on its
 * stderr), or -errno if no process could be started.
 */
int hm_exec(const char *dir, char *const *argv, unsigned int flags, int *status);

#ifdef __cplusplus
}
#endif

#endif /* HOTMEM_H */
