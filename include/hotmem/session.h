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

/*
 * Builds the machine of scn (its steps run first, transcript to stdout),
 * mounts the tree at mountpoint and listens on control_path.
 */
int session_start(struct hm_session **out, const struct scenario *scn,
		  const char *mountpoint, const char *control_path, struct hm_buf *err);
/* Serves control connections until "quit" or SIGINT/SIGTERM. */
int hm_session_serve(struct hm_session *s);
void hm_session_stop(struct hm_session *s);

/*
 * The client: sends each line and prints the answers.  Returns the number
 * of steps that failed (an answer starting "error: " or "error <Class>: "),
 * or -errno if the socket could not be reached.
 */
int hm_session_client(const char *control_path, char *const *lines, int nr, FILE *out);

#endif /* HOTMEM_SESSION_H */
