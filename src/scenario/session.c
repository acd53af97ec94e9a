// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - a live emulator for `hotmem mount`: the FUSE tree of a
 * running machine plus a control socket that takes scenario steps.  One
 * mutex serialises the FUSE server thread and the control loop, which
 * serves every client from one poll loop.
 */
#define _GNU_SOURCE		/* accept4, struct ucred */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "hotmem/fuse_sysfs.h"
#include "hotmem/machine.h"
#include "hotmem/session.h"
#include "hotmem/system.h"

#define SESSION_MAX_CLIENTS 64
#define SESSION_MAX_LINE (64 * 1024)		/* a longer line closes the connection */
#define SESSION_MAX_PENDING (4 * 1024 * 1024)	/* unread answers: stop reading its lines */

/* One control connection: its unread input and its unsent answers. */
struct session_client {
	int fd;
	struct hm_buf in;	/* received, not yet run (at most one partial line at the end) */
	struct hm_buf out;	/* answers not yet sent, from out_off */
	size_t out_off;
	bool eof;		/* the client shut down its side: answer what came, then close */
	bool dead;		/* a write failed or the line was too long: close now */
};

struct hm_session {
	struct scenario_exec x;
	pthread_mutex_t lock;
	struct hm_fuse *fuse;
	int listen_fd;
	char *control_path;
	uid_t owner;		/* the mounting user: the only one (and root) served */
	struct session_client clients[SESSION_MAX_CLIENTS];
	unsigned int nr_clients;
};

static volatile sig_atomic_t session_stop;

static void on_signal(int sig)
{
	session_stop = 1;
}

/*
 * Makes the control socket: PATH must be absent, or a socket nobody
 * listens on (a stale one, left by a server that died), which is removed.
 * Anything else is refused and left alone.  The socket is created with
 * mode 0600 whatever the umask.
 */
static int control_socket(const char *path, struct hm_buf *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old_mask;
	int fd, ret;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		hm_buf_printf(err, "control socket path too long: %s", path);
		return -EINVAL;
	}
	strcpy(addr.sun_path, path);
	if (!lstat(path, &st)) {
		int probe;

		if (!S_ISSOCK(st.st_mode)) {
			hm_buf_printf(err, "control socket %s: the path exists and is not a socket; "
				      "not removing it", path);
			return -EEXIST;
		}
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe < 0)
			goto sys_err;
		ret = connect(probe, (struct sockaddr *)&addr, sizeof(addr));
		close(probe);
		if (!ret) {
			hm_buf_printf(err, "control socket %s: in use by a running server", path);
			return -EADDRINUSE;
		}
		if (errno != ECONNREFUSED) {
			hm_buf_printf(err, "control socket %s: %s", path, strerror(errno));
			return -errno;
		}
		if (unlink(path) && errno != ENOENT)	/* stale */
			goto sys_err;
	} else if (errno != ENOENT) {
		goto sys_err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto sys_err;
	old_mask = umask(0177);		/* bind creates the file 0600 */
	ret = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old_mask);
	if (ret || chmod(path, 0600) || listen(fd, SESSION_MAX_CLIENTS)) {
		ret = -errno;
		hm_buf_printf(err, "control socket %s: %s", path, strerror(errno));
		close(fd);
		return ret;
	}
	return fd;
sys_err:
	ret = -errno;
	hm_buf_printf(err, "control socket %s: %s", path, strerror(errno));
	return ret;
}

int hm_session_start(struct hm_session **out, const struct scenario *scn,
		     const char *mountpoint, const char *control_path, struct hm_buf *err)
{
	struct hm_session *s;
	struct hm_buf ans;
	unsigned int i;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->control_path = strdup(control_path);
	if (!s->control_path) {
		free(s);
		return -ENOMEM;
	}
	s->owner = getuid();
	/* a client that goes away before its answer must not kill the server */
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&s->lock, NULL);
	s->listen_fd = control_socket(control_path, err);
	if (s->listen_fd < 0) {
		ret = s->listen_fd;
		goto out_free;
	}
	ret = scenario_begin(scn, &s->x, err);
	if (ret)
		goto out_close;
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
	*out = s;
	return 0;

out_end:
	scenario_end(&s->x);
out_close:
	close(s->listen_fd);
	unlink(control_path);
out_free:
	pthread_mutex_destroy(&s->lock);
	free(s->control_path);
	free(s);
	return ret ? ret : -EIO;
}

/*
 * Runs one control line on the live machine; the answer goes to ans.  The
 * line is parsed from the machine's counted allocator, under its lock, so
 * that fault injection reaches the session as it reaches the steps.
 */
static int session_line(struct hm_session *s, const char *line, struct hm_buf *ans)
{
	const struct scenario *saved = s->x.scn;
	struct scenario one;
	struct hm_buf err;
	int ret;

	if (!strcmp(line, "quit"))
		return 1;
	hm_buf_init(&err);
	pthread_mutex_lock(&s->lock);
	ret = scenario_parse_alloc(&one, "control", line, &s->x.sys->alloc, &err);
	if (ret) {
		hm_buf_printf(ans, "error: %s\n", ret == -ENOMEM ? "out of memory" : hm_buf_str(&err));
		goto out_unlock;
	}
	if (one.nr_steps != 1 || one.steps[0].verb == STEP_MACHINE ||
	    one.steps[0].verb == STEP_CMDLINE) {
		hm_buf_printf(ans, "error: one step a line, not machine or cmdline\n");
		scenario_free(&one);
		goto out_unlock;
	}
	s->x.scn = &one;
	scenario_sync_before(&s->x, 0);
	if (one.steps[0].verb == STEP_SLEEP)
		machine_guest_sync(s->x.m);
	scenario_step(&s->x, 0, ans);
	s->x.scn = saved;
	scenario_free(&one);
out_unlock:
	pthread_mutex_unlock(&s->lock);
	hm_buf_free(&err);
	return 0;
}

static void client_close(struct hm_session *s, unsigned int i)
{
	struct session_client *c = &s->clients[i];

	close(c->fd);
	hm_buf_free(&c->in);
	hm_buf_free(&c->out);
	s->clients[i] = s->clients[--s->nr_clients];
}

/* Sends what the socket takes now of c's answers; a failed write kills c. */
static void client_flush(struct session_client *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			c->out_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		c->dead = true;		/* EPIPE, ECONNRESET: the client went away */
		return;
	}
	hm_buf_reset(&c->out);
	c->out_off = 0;
}

/* Reads what c sent; EOF or an error marks it. */
static void client_read(struct session_client *c)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = recv(c->fd, chunk, sizeof(chunk), MSG_DONTWAIT);
		if (n > 0) {
			hm_buf_append(&c->in, chunk, (size_t)n);
			if (c->in.oom)
				c->dead = true;
			if (c->in.len > SESSION_MAX_LINE && !memchr(c->in.data, '\n', c->in.len)) {
				hm_buf_printf(&c->out, "error: line longer than %d bytes\n@@END\n",
					      SESSION_MAX_LINE);
				client_flush(c);
				c->dead = true;
			}
			if ((size_t)n < sizeof(chunk) || c->dead)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == 0)
			c->eof = true;
		else
			c->dead = true;
		return;
	}
}

/*
 * Runs the first complete line c sent, if any: 1 if it was "quit", 0
 * otherwise.  One line a turn, so that a client with many pipelined lines
 * does not starve the others; its answers go out in order.
 */
static int client_run_one(struct hm_session *s, struct session_client *c)
{
	char *nl, *line;
	size_t n, len;
	int quit = 0;

	while (c->in.len && (nl = memchr(c->in.data, '\n', c->in.len))) {
		line = c->in.data;
		*nl = '\0';
		n = (size_t)(nl - line) + 1;
		len = n - 1;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' ||
			       line[len - 1] == '\t'))
			line[--len] = '\0';
		if (len) {
			quit = session_line(s, line, &c->out);
			hm_buf_printf(&c->out, "@@END\n");
			if (c->out.oom)
				c->dead = true;
		}
		memmove(c->in.data, c->in.data + n, c->in.len - n);
		c->in.len -= n;
		c->in.data[c->in.len] = '\0';
		if (len)
			break;
	}
	return quit;
}

static bool client_has_line(const struct session_client *c)
{
	return c->in.len && memchr(c->in.data, '\n', c->in.len);
}

/* Refuses a peer that is not the mounting user (or root), as SO_PEERCRED says. */
static bool peer_allowed(struct hm_session *s, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	char msg[160];
	int n;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return false;
	if (cred.uid == s->owner || cred.uid == 0)
		return true;
	n = snprintf(msg, sizeof(msg), "error: permission denied: uid %u is not the user "
		     "who mounted (uid %u)\n", (unsigned int)cred.uid,
		     (unsigned int)s->owner);
	if (send(fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* nothing to do: the peer is refused either way */
	}
	/* drop what it sent, so that the close is not a reset that loses the message */
	while (recv(fd, msg, sizeof(msg), MSG_DONTWAIT) > 0)
		;
	return false;
}

static void session_accept(struct hm_session *s)
{
	for (;;) {
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct session_client *c;

		if (fd < 0)
			return;		/* EAGAIN: no more; other errors: try at the next poll */
		if (!peer_allowed(s, fd)) {
			close(fd);
			continue;
		}
		if (s->nr_clients == SESSION_MAX_CLIENTS) {
			static const char msg[] = "error: too many clients\n";

			if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
				/* refused either way */
			}
			close(fd);
			continue;
		}
		c = &s->clients[s->nr_clients++];
		memset(c, 0, sizeof(*c));
		c->fd = fd;
	}
}

/*
 * The control loop: one poll over the listening socket and every client.
 * Clients are served in turns, one line each, their answers sent as their
 * sockets take them; a client that sends nothing, or reads nothing, holds
 * up no one (a client whose unread answers pass SESSION_MAX_PENDING is not
 * read from until it reads them).  Steps run one at a time under the
 * machine's lock, as FUSE requests do.
 */
int hm_session_serve(struct hm_session *s)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd[SESSION_MAX_CLIENTS + 1];
	bool quit = false;
	unsigned int i;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!session_stop && !quit) {
		bool work = false;
		int n;

		pfd[0] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (i = 0; i < s->nr_clients; i++) {
			struct session_client *c = &s->clients[i];
			bool busy = c->out.len - c->out_off > SESSION_MAX_PENDING;

			pfd[i + 1] = (struct pollfd){ .fd = c->fd };
			if (!c->eof && !busy)
				pfd[i + 1].events |= POLLIN;
			if (c->out_off < c->out.len)
				pfd[i + 1].events |= POLLOUT;
			if (client_has_line(c) && !busy)
				work = true;
		}
		n = poll(pfd, s->nr_clients + 1, work ? 0 : -1);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n < 0)
			continue;
		for (i = 0; i < s->nr_clients; i++) {
			struct session_client *c = &s->clients[i];

			if (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR))
				client_read(c);
			if (pfd[i + 1].revents & POLLOUT)
				client_flush(c);
		}
		/* one line from each client that has one, in turn */
		for (i = 0; i < s->nr_clients && !quit; i++) {
			struct session_client *c = &s->clients[i];

			if (c->dead || c->out.len - c->out_off > SESSION_MAX_PENDING)
				continue;
			quit = client_run_one(s, c);
			client_flush(c);
		}
		/* close the dead, and those that are done: input ended, all answered */
		for (i = s->nr_clients; i-- > 0;) {
			struct session_client *c = &s->clients[i];

			if (c->dead || (c->eof && !client_has_line(c) && c->out_off >= c->out.len))
				client_close(s, i);
		}
		if (pfd[0].revents & POLLIN)
			session_accept(s);
	}
	/* the answer to quit (@@END), and what else is pending, best effort */
	for (i = 0; i < s->nr_clients; i++)
		client_flush(&s->clients[i]);
	return 0;
}

void hm_session_stop(struct hm_session *s)
{
	if (!s)
		return;
	while (s->nr_clients)
		client_close(s, s->nr_clients - 1);
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
	int fd, i, ret = 0, failed = 0;
	FILE *io;

	if (strlen(control_path) >= sizeof(addr.sun_path))
		return -EINVAL;
	strcpy(addr.sun_path, control_path);
	signal(SIGPIPE, SIG_IGN);	/* a server gone away is an error, not a death */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		ret = -errno;
		if (fd >= 0)
			close(fd);
		return ret;
	}
	io = fdopen(fd, "r+");
	if (!io) {
		ret = -errno;
		close(fd);
		return ret;
	}
	for (i = 0; i < nr && !ret; i++) {
		bool ended = false, first = true;

		if (fprintf(io, "%s\n", lines[i]) < 0 || fflush(io)) {
			ret = -errno;
			break;
		}
		fprintf(out, "== %s\n", lines[i]);
		while (getline(&buf, &cap, io) > 0) {
			if (!strcmp(buf, "@@END\n")) {
				ended = true;
				break;
			}
			/* "error: ..." (write, workloads, a bad line), "error Class: ..." (qmp) */
			if (first && !strncmp(buf, "error", 5) && (buf[5] == ':' || buf[5] == ' '))
				failed++;
			first = false;
			fputs(buf, out);
		}
		if (!ended)
			ret = -ECONNRESET;	/* the server closed before answering */
	}
	free(buf);
	fclose(io);
	return ret ? ret : failed;
}
