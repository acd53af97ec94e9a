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

/**
 * tool_split_args() - split a tool step's arguments into words
 * @args: the arguments; split at spaces and tabs, every other character
 *	is literal (no quoting, no shell)
 * @words: filled with pointers into @buf
 * @max: @words' size
 * @buf: where the words are copied
 * @bufsz: @buf's size
 *
 * Return: the number of words, or -E2BIG for more than @max words or a
 * text longer than @buf.
 */
int tool_split_args(const char *args, char **words, int max, char *buf, size_t bufsz);

/**
 * tool_run() - run a host tool and collect its output
 * @argv: the tool (argv[0], found in PATH) and its arguments, NULL-terminated
 * @bind_src: NULL, or a directory bind-mounted over @bind_dst in a private
 *	mount namespace the tool runs in
 * @bind_dst: where @bind_src goes
 * @out: appended the tool's stdout and stderr (stdin is /dev/null)
 * @status: its exit status
 *
 * Return: 0 with *@status set (128 + signal if it was killed; 127 if it
 * could not be run, with a message in @out), or -errno if no process could
 * be started.
 */
int tool_run(char *const *argv, const char *bind_src, const char *bind_dst,
	     struct hm_buf *out, int *status);

struct hm_system;
struct hm_machine_lock;
/**
 * tool_exec_live() - run a host tool on the live machine
 * @sys: the machine's kernel
 * @lock: its locks; the FUSE server takes @lock->mutex a request at a time,
 *	as the devices' ioctls do
 * @argv: the tool and its arguments, NULL-terminated
 * @tty: stdout and stderr a terminal (a pty), as on the oracle's console
 * @out: appended the tool's stdout and stderr
 * @rc: its exit status
 *
 * The tree is mounted with FUSE in a directory of its own, the tool run in
 * `hotmem exec`'s namespace with the machine's devices (tool_exec.c), then
 * the tree unmounted.
 *
 * Context: the caller does not hold @lock->mutex.
 * Return: 0 with *@rc set, or -errno: -EIO when the tree could not be
 * mounted (a message in @out), -ENOMEM, or hm_exec_run()'s.
 */
int tool_exec_live(struct hm_system *sys, struct hm_machine_lock *lock, char *const *argv,
		   bool tty, struct hm_buf *out, int *rc);

/**
 * tool_in_path() - whether execvp() would find a program
 * @name: the program's name
 *
 * Return: true if an executable file of that name is in PATH.
 */
bool tool_in_path(const char *name);

/**
 * tool_rm_tree() - remove a host directory tree without following symlinks
 * @dir: the directory
 *
 * Return: 0, or -EIO when something could not be removed (the rest is).
 */
int tool_rm_tree(const char *dir);

struct scenario_exec;
/**
 * tool_lsmem() - the lsmem step: lsmem on a snapshot of the machine's sysfs
 * @x: the running scenario
 * @args: lsmem's arguments (split by tool_split_args())
 * @out: appended lsmem's output
 * @status: its exit status
 * @json: NULL, or appended the document of a second run with -J on the
 *	same tree (empty if that run failed)
 *
 * The tree is exported to a directory and lsmem given --sysroot.
 *
 * Context: @x->lock's mutex, if there is one, is held on entry and on
 * return, released while the tool runs.
 * Return: 0 with *@status set, or -errno if it could not be run (nothing in
 * @out): -E2BIG for too many words, -ENOMEM for the snapshot, -EIO, or
 * the host's errno of making the directory or running the tool.
 */
int tool_lsmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status,
	       struct hm_buf *json);
/**
 * tool_chmem() - the chmem step: chmem on the live tree
 * @x: the running scenario
 * @args: chmem's arguments
 * @out: appended chmem's output, then "rc=N"
 * @status: its exit status
 *
 * Context: as tool_lsmem().
 * Return: 0 with *@status set, or -errno if it could not be run (the
 * reason in @out).  What chmem changed stays, as on the real machine.
 */
int tool_chmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status);
/**
 * tool_live() - chmem's way for any tool (ndctl, daxctl)
 * @x: the running scenario
 * @tool: the program
 * @args: its arguments
 * @out: appended its output, then "rc=N"
 * @status: its exit status
 *
 * Context: as tool_lsmem().
 * Return: as tool_chmem().
 */
int tool_live(struct scenario_exec *x, const char *tool, const char *args, struct hm_buf *out,
	      int *status);

#endif /* HOTMEM_SCENARIO_TOOL_H */
