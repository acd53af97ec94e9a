/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tool.h - external tools (lsmem, chmem) run with an argv, never a shell.
 */
#ifndef HOTMEM_SCENARIO_TOOL_H
#define HOTMEM_SCENARIO_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include "hotmem/report.h"

/* The most words a tool step may have. */
#define TOOL_MAX_ARGS 64

/*
 * Splits a step's arguments at spaces and tabs into words (pointers into
 * buf, a copy of args); every other character is literal.  Returns the
 * number of words, or -E2BIG for more than max words or a text longer than
 * buf.
 */
int tool_split_args(const char *args, char **words, int max, char *buf, size_t bufsz);

/*
 * Runs argv[0] (found in PATH) with argv, stdin from /dev/null, stdout and
 * stderr appended to out.  With bind_src, the tool runs in a private mount
 * namespace where bind_src is bind-mounted over bind_dst.  Returns 0 with
 * the exit status in *status (128 + signal if it was killed; 127 if it
 * could not be run, with a message in out), or -errno if no process could
 * be started.
 */
int tool_run(char *const *argv, const char *bind_src, const char *bind_dst,
	     struct hm_buf *out, int *status);

/*
 * Runs argv on the live machine (tool_exec.c): its tree mounted with FUSE
 * (the server taking lock a request at a time, as the devices' ioctls do),
 * the tool in `hotmem exec`'s namespace with the machine's devices.  0 with
 * the exit status in *rc and the output (stdout and stderr) appended to
 * out, or -errno (-EIO: the tree could not be mounted, with a message in out).
 */
struct hm_system;
struct hm_machine_lock;
int tool_exec_live(struct hm_system *sys, struct hm_machine_lock *lock, char *const *argv,
		   bool tty, struct hm_buf *out, int *rc);

/* Whether execvp would find name in PATH (an executable file). */
bool tool_in_path(const char *name);

/* Removes a directory tree without following symlinks: 0 or -EIO. */
int tool_rm_tree(const char *dir);

struct scenario_exec;
/*
 * The tool steps: lsmem on a snapshot of x's sysfs (exported at a
 * --sysroot), chmem on the live tree (its output then "rc=N").  The tool
 * runs with x->lock's mutex released, if there is one (held on entry and
 * on return).  0 with the tool's output in out and its exit status in
 * *status, or -errno if it could not be run (nothing in out for lsmem;
 * chmem's reason in out).  lsmem with json not NULL runs again with -J on
 * the same tree, its document in json (empty if that run failed).
 */
int tool_lsmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status,
	       struct hm_buf *json);
int tool_chmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status);
/* chmem's way for any tool (ndctl, daxctl): output, then "rc=N". */
int tool_live(struct scenario_exec *x, const char *tool, const char *args, struct hm_buf *out,
	      int *status);

#endif /* HOTMEM_SCENARIO_TOOL_H */
