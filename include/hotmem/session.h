/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - a live emulator: a machine whose sysfs/procfs tree is mounted
 * with FUSE, and which takes scenario steps on a control channel.
 *
 * Control protocol (a UNIX stream socket): the client sends scenario steps,
 * one a line, exactly as in a .scn file ("qmp {...}", "write PATH VALUE",
 * "dump LABEL", "sleep 1", ...; not "machine" or "cmdline"); for each line
 * the server answers what the transcript would print for it, then a line
 * "@@END".  A line "quit" stops the session.
 */
#ifndef HOTMEM_SESSION_H
#define HOTMEM_SESSION_H

#include "hotmem/report.h"
#include "hotmem/scenario.h"

struct hm_session;

/**
 * session_start() - a live machine: its tree mounted, its control socket open
 * @out: the session, on success
 * @scn: the scenario whose steps run first (their transcript to stdout)
 * @mountpoint: where the FUSE tree is mounted
 * @control_path: the control socket's path
 * @err: the message on failure
 *
 * Return: 0; -EINVAL for bad machine options, a control path too long for
 * a socket or inside @mountpoint (the mount would hide it); -EEXIST if something that is not a socket is at
 * @control_path; -EADDRINUSE if a running server listens there; -ENOMEM;
 * the -errno of creating the socket or of the mount.  Nothing is left on
 * failure.
 */
int session_start(struct hm_session **out, const struct scenario *scn,
		  const char *mountpoint, const char *control_path, struct hm_buf *err);
/**
 * hm_session_serve() - serve the control socket
 * @s: the session
 *
 * Serves control connections until "quit" or SIGINT/SIGTERM.
 *
 * Return: 0, or the -errno of the poll loop.
 */
int hm_session_serve(struct hm_session *s);
/**
 * hm_session_stop() - unmount, close the socket, destroy the machine
 * @s: the session; freed
 */
void hm_session_stop(struct hm_session *s);

/**
 * hm_session_client() - send steps to a session and print the answers
 * @control_path: the session's control socket
 * @lines: the steps, one a string
 * @nr: how many
 * @out: the answers, as the transcript prints them
 *
 * Return: the number of steps that failed (an answer starting "error: " or
 * "error <Class>: "); -errno if the socket could not be reached.
 */
int hm_session_client(const char *control_path, char *const *lines, int nr, FILE *out);

#endif /* HOTMEM_SESSION_H */
