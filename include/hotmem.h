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

/**
 * hm_version() - the library's version
 *
 * Return: "0.1" (a static string).
 */
const char *hm_version(void);

/* ---------------------------------------------------------------- machine */

typedef struct hm_machine hm_machine;
typedef struct hm_system hm_system;

/**
 * hm_machine_new() - build and boot a machine
 * @out: the machine, for hm_machine_free()
 * @options: QEMU options ("-m 1G,slots=4,maxmem=8G -smp 1"); NULL: that
 * @cmdline: a kernel command line, or NULL
 * @error: NULL, or set to QEMU's message on bad options (free() it)
 *
 * Return: 0; -EINVAL for bad options; -ENOMEM; the boot's errno.  Nothing
 * is left on failure.
 */
int hm_machine_new(hm_machine **out, const char *options, const char *cmdline, char **error);
/**
 * hm_machine_free() - destroy a machine
 * @m: the machine; NULL does nothing
 *
 * Return: the kernel-model allocations it leaked (0 unless hotmem has a bug).
 */
unsigned long hm_machine_free(hm_machine *m);
/**
 * hm_machine_qmp() - run a QMP command
 * @m: the machine
 * @json: the command, a JSON object with "execute" (and "arguments")
 * @answer: set to "ok", "return <json>" or "error <Class>: <desc>", as the
 *	transcript prints it (free() it)
 *
 * Then lets the guest handle what follows (an ACPI hot-add or eject, a
 * virtio-mem request).  A QMP error is an answer, not a failure.
 *
 * Context: one thread at a time per machine.
 * Return: 0; -ENOMEM.
 */
int hm_machine_qmp(hm_machine *m, const char *json, char **answer);
/**
 * hm_machine_events() - the QMP events since the last call
 * @m: the machine
 * @events: set to one JSON object a line, "" for none (free() it)
 *
 * Return: 0; -ENOMEM.
 */
int hm_machine_events(hm_machine *m, char **events);
/**
 * hm_machine_system() - the emulated kernel of a machine
 * @m: the machine
 *
 * Return: the kernel, valid until hm_machine_free().
 */
hm_system *hm_machine_system(hm_machine *m);

/* ----------------------------------------------------------------- system */

/**
 * hm_system_dmesg() - the kernel log lines since the last call
 * @sys: the kernel
 * @log: set to the lines, one a line, all levels (free() it)
 *
 * Return: 0; -ENOMEM.
 */
int hm_system_dmesg(hm_system *sys, char **log);
/**
 * hm_system_uevents() - the uevents since the last call
 * @sys: the kernel
 * @uevents: set to KEY=VALUE lines, an empty line between events (free() it)
 *
 * Return: 0; -ENOMEM.
 */
int hm_system_uevents(hm_system *sys, char **uevents);
/**
 * hm_system_verify() - run the invariant checker
 * @sys: the kernel; nothing changes
 * @report: NULL, or set to the violations, one a line (free() it); left
 *	unset if the host ran out of memory for it
 *
 * Return: 0 when clean; -EUCLEAN when a violation was found.
 */
int hm_system_verify(hm_system *sys, char **report);

/* ------------------------------------------------------------------ sysfs */

/**
 * hm_sysfs_read() - read a file of the emulated /sys or /proc
 * @sys: the kernel
 * @path: absolute ("/sys/devices/system/memory/memory32/state")
 * @content: set to the file's content (free() it)
 *
 * Return: 0; the kernel's errno: -ENOENT, -EISDIR, -EACCES (write-only),
 * the file's own (-ENXIO, ...); -ENOMEM.
 */
int hm_sysfs_read(hm_system *sys, const char *path, char **content);
/**
 * hm_sysfs_write() - write to a file, as `echo value > path`
 * @sys: the kernel
 * @path: absolute
 * @value: what is written (a newline is added, as echo does)
 *
 * Return: 0, or the kernel's errno (-EINVAL, -EBUSY, -EACCES, ...); a
 * failed write changes nothing.
 */
int hm_sysfs_write(hm_system *sys, const char *path, const char *value);
/**
 * hm_sysfs_export() - write the /sys and /proc tree into a directory
 * @sys: the kernel
 * @dir: an existing directory (for lsmem --sysroot DIR and your tools)
 *
 * Return: 0, or the errno of writing the files; what was written stays.
 */
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

/**
 * hm_scenario_load() - read and check a scenario file
 * @out: the scenario, for hm_scenario_free()
 * @path: the file (hotmem.scn(5)); "-" reads standard input; NULL gives
 *	the default machine and no steps
 * @error: NULL, or set to the message of a failure (free() it)
 *
 * Every line is parsed and checked; nothing runs.
 *
 * Return: 0; -EINVAL for a bad line ("FILE:LINE: message" in *@error);
 * the errno of opening or reading the file; -ENOMEM.
 */
int hm_scenario_load(hm_scenario **out, const char *path, char **error);
/**
 * hm_scenario_free() - free a scenario
 * @scn: the scenario; NULL does nothing
 */
void hm_scenario_free(hm_scenario *scn);

struct hm_run_options {
	unsigned int flags;	/* HM_SCENARIO_* */
	FILE *klog;		/* if not NULL, every kernel log line as it is written */
	const char *export_dir;	/* if not NULL, the /sys and /proc tree at the end, here */
};

/**
 * hm_scenario_run() - run a scenario on a new machine
 * @scn: the scenario
 * @opts: flags, the kernel log's stream, an export directory; NULL: none
 * @out: where the transcript is printed
 * @error: NULL, or set to the message of a failure (free() it)
 *
 * Return: 0; with HM_SCENARIO_STRICT, the number of steps that answered
 * an error (a write's errno, a QMP error, a tool's non-zero exit status),
 * "FILE:LINE: STEP" lines in *@error; or -EINVAL for bad machine options
 * (nothing printed), -EUCLEAN when the verifier found a violation or the
 * kernel model leaked, -EIO when the tree could not be exported, the
 * message in *@error.
 */
int hm_scenario_run(const hm_scenario *scn, const struct hm_run_options *opts, FILE *out,
		    char **error);
/**
 * hm_scenario_run_file() - hm_scenario_load() and hm_scenario_run() in one call
 * @path: the file, as hm_scenario_load() takes it
 * @flags: HM_SCENARIO_*
 * @out: where the transcript is printed
 * @error: NULL, or set to the message of a failure (free() it)
 *
 * Return: as hm_scenario_load(), then as hm_scenario_run().
 */
int hm_scenario_run_file(const char *path, unsigned int flags, FILE *out, char **error);
/**
 * hm_scenario_map() - run a scenario and draw its physical address space
 * @scn: the scenario
 * @html: 0: SVG of the end; else an HTML page of the state at each dump
 *	step and at the end
 * @out: where the drawing goes
 * @error: NULL, or set to the message of a failure (free() it)
 *
 * Return: 0, or a negative errno as hm_scenario_run() returns it.
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
/**
 * hm_scenario_step() - a row of the step table
 * @i: its index, from 0
 * @info: filled in (static strings)
 *
 * Return: 0, or -ENOENT past the table's end.
 */
int hm_scenario_step(unsigned int i, struct hm_step_info *info);

/* ---------------------------------------------------------------- session */

typedef struct hm_session hm_session;

/**
 * hm_session_start() - a live machine (hotmem mount)
 * @out: the session, for hm_session_serve() and hm_session_stop()
 * @scn: its scenario: the steps run first, their transcript to standard
 *	output
 * @mountpoint: an existing directory: the /sys and /proc tree is mounted
 *	there with FUSE
 * @control_path: where the UNIX socket that takes scenario steps, one a
 *	line (and QMP), is made
 * @error: NULL, or set to the message of a failure (free() it)
 *
 * Return: 0; -EINVAL for bad machine options; the errno of the socket or
 * the mount; nothing is left mounted on failure.
 */
int hm_session_start(hm_session **out, const hm_scenario *scn, const char *mountpoint,
		     const char *control_path, char **error);
/**
 * hm_session_serve() - serve the control socket
 * @s: the session
 *
 * Until "quit", SIGINT or SIGTERM.
 *
 * Return: 0, or the errno of the socket.
 */
int hm_session_serve(hm_session *s);
/**
 * hm_session_stop() - unmount, close the socket, destroy the machine
 * @s: the session; freed
 */
void hm_session_stop(hm_session *s);
/**
 * hm_session_client() - send steps to a session (hotmem ctl)
 * @control_path: the session's control socket
 * @steps: the steps, one a string
 * @nr: how many
 * @out: where the answers are printed, as the transcript would
 *
 * Return: the number of steps that answered an error, or -errno if the
 * socket could not be reached.
 */
int hm_session_client(const char *control_path, char *const *steps, int nr, FILE *out);

/* ------------------------------------------------------------------- exec */

enum {
	HM_EXEC_QUIET = 1 << 0,	/* no notes on standard error about what the namespace leaves out */
};

/**
 * hm_exec() - run a host command, unchanged, on a mounted machine
 * @dir: the machine's mountpoint (hm_session_start())
 * @argv: the command, NULL-terminated; argv[0] found in PATH, no shell
 * @flags: HM_EXEC_*
 * @status: the command's exit status
 *
 * Where the kernel's files are: dir/sys over /sys, the modelled /proc
 * files over /proc's, the machine's character devices in a /dev of its
 * own (their opens, descriptor stats and ND ioctls answered by the
 * emulator serving @dir), and a /lib/modules/$(uname -r) declaring its
 * drivers built in; in a private mount namespace (a user namespace too
 * when not root).  The command has the caller's stdin, stdout and stderr.
 *
 * Return: 0 with *@status set (128 + N if signal N killed it; 127 if the
 * namespace could not be made or the command not run, the reason on its
 * stderr), or -errno if no process could be started.
 */
int hm_exec(const char *dir, char *const *argv, unsigned int flags, int *status);

#ifdef __cplusplus
}
#endif

#endif /* HOTMEM_H */
