// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - a live emulator for `hotmem mount`: the FUSE tree of a
 * running machine plus a control socket that takes scenario steps.  One
 * mutex serialises the FUSE server thread and the control loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "hotmem/fuse_sysfs.h"
#include "hotmem/machine.h"
#include "hotmem/session.h"
#include "hotmem/system.h"

struct hm_session {
	struct scenario_exec x;
	pthread_mutex_t lock;
	struct hm_fuse *fuse;
	int listen_fd;
	char *control_path;
};

static volatile sig_atomic_t session_stop;

static void on_signal(int sig)
{
	session_stop = 1;
}

int hm_session_start(struct hm_session **out, const struct scenario *scn,
		     const char *mountpoint, const char *control_path, struct hm_buf *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct hm_session *s;
	struct hm_buf ans;
	unsigned int i;
	int ret;

	if (strlen(control_path) >= sizeof(addr.sun_path)) {
		hm_buf_printf(err, "control socket path too long: %s", control_path);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	pthread_mutex_init(&s->lock, NULL);
	s->listen_fd = -1;
	ret = scenario_begin(scn, &s->x, err);
	if (ret)
		goto out_free;
	/* the scenario's own steps first */
	hm_buf_init(&ans);
	printf("== machine %s\n", scn->machine);
	for (i = 0; i < scn->nr_steps; i++) {
		scenario_sync_before(&s->x, i);
		hm_buf_reset(&ans);
		if (scenario_step(&s->x, i, &ans) == 1)
			continue;
		printf("== %s\n%s", scn->steps[i].rest, hm_buf_str(&ans));
	}
	hm_buf_free(&ans);
	machine_guest_sync(s->x.m);
	fflush(stdout);

	ret = hm_fuse_start(&s->fuse, s->x.sys, &s->lock, mountpoint, err);
	if (ret)
		goto out_end;
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(addr.sun_path, control_path);
	unlink(control_path);
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(s->listen_fd, 4)) {
		hm_buf_printf(err, "control socket %s: %s", control_path, strerror(errno));
		ret = -errno;
		goto out_unmount;
	}
	s->control_path = strdup(control_path);
	*out = s;
	return 0;

out_unmount:
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	hm_fuse_stop(s->fuse);
out_end:
	scenario_end(&s->x);
out_free:
	pthread_mutex_destroy(&s->lock);
	free(s);
	return ret ? ret : -EIO;
}

/* Runs one control line on the live machine; the answer goes to ans. */
static int session_line(struct hm_session *s, const char *line, struct hm_buf *ans)
{
	const struct scenario *saved = s->x.scn;
	struct scenario one;
	struct hm_buf err;

	if (!strcmp(line, "quit"))
		return 1;
	hm_buf_init(&err);
	if (scenario_parse(&one, "control", line, &err)) {
		hm_buf_printf(ans, "error: %s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 0;
	}
	hm_buf_free(&err);
	if (one.nr_steps != 1 || one.steps[0].verb == STEP_MACHINE ||
	    one.steps[0].verb == STEP_CMDLINE) {
		hm_buf_printf(ans, "error: one step a line, not machine or cmdline\n");
		scenario_free(&one);
		return 0;
	}
	pthread_mutex_lock(&s->lock);
	s->x.scn = &one;
	scenario_sync_before(&s->x, 0);
	if (one.steps[0].verb == STEP_SLEEP)
		machine_guest_sync(s->x.m);
	scenario_step(&s->x, 0, ans);
	s->x.scn = saved;
	pthread_mutex_unlock(&s->lock);
	scenario_free(&one);
	return 0;
}

static int session_conn(struct hm_session *s, int fd)
{
	FILE *in = fdopen(fd, "r+");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int quit = 0;

	if (!in) {
		close(fd);
		return 0;
	}
	while (!quit && !session_stop && (n = getline(&line, &cap, in)) > 0) {
		struct hm_buf ans;

		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		hm_buf_init(&ans);
		quit = session_line(s, line, &ans);
		fprintf(in, "%s@@END\n", hm_buf_str(&ans));
		fflush(in);
		hm_buf_free(&ans);
	}
	free(line);
	fclose(in);
	return quit;
}

int hm_session_serve(struct hm_session *s)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!session_stop) {
		int fd = accept(s->listen_fd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (session_conn(s, fd))
			break;
	}
	return 0;
}

void hm_session_stop(struct hm_session *s)
{
	if (!s)
		return;
	close(s->listen_fd);
	unlink(s->control_path);
	free(s->control_path);
	hm_fuse_stop(s->fuse);
	scenario_end(&s->x);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int hm_session_client(const char *control_path, char *const *lines, int nr, FILE *out)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char *buf = NULL;
	size_t cap = 0;
	int fd, i, failed = 0;
	FILE *io;

	if (strlen(control_path) >= sizeof(addr.sun_path))
		return -EINVAL;
	strcpy(addr.sun_path, control_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	io = fdopen(fd, "r+");
	if (!io) {
		close(fd);
		return -errno;
	}
	for (i = 0; i < nr; i++) {
		bool first = true;

		fprintf(io, "%s\n", lines[i]);
		fflush(io);
		fprintf(out, "== %s\n", lines[i]);
		while (getline(&buf, &cap, io) > 0 && strcmp(buf, "@@END\n")) {
			/* "error: ..." (write, workloads, a bad line), "error Class: ..." (qmp) */
			if (first && !strncmp(buf, "error", 5) && (buf[5] == ':' || buf[5] == ' '))
				failed++;
			first = false;
			fputs(buf, out);
		}
	}
	free(buf);
	fclose(io);
	return failed;
}
