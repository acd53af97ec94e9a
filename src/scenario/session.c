// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - a live emulator for `hotmem mount`: the FUSE tree of a
 * running machine plus a control socket that takes scenario steps.  One
 * mutex serialises the FUSE server thread and the control loop, which
 * serves every client from one poll loop.
 *
 * Each connection speaks one of two protocols, told apart by what the
 * client does first: the line protocol (scenario steps, one a line, each
 * answered and ended by "@@END") if its first byte is not '{'; QMP (QEMU's
 * monitor protocol, as QEMU 7.2 speaks it) if its first byte is '{', or if
 * it sends nothing for SESSION_GREET_MS after connecting, as a QMP client
 * waits for the server's greeting.  A client greeted that way and then
 * sending a step line is served the line protocol (after one greeting line
 * it did not ask for).  hotmem ctl sends an empty line first, so that a
 * step line starting with '{' stays a line.
 *
 * QMP: the greeting {"QMP": {"version": ..., "capabilities": ["oob"]}};
 * capabilities negotiation (qmp_capabilities, optionally enabling oob; any
 * other command before it fails with CommandNotFound "Expecting capabilities
 * negotiation with 'qmp_capabilities'"); then the machine's device commands
 * (qmp_commands[], machine_qmp_call: object-add, object-del, device_add, device_del,
 * qom-get, qom-set, query-memory-devices) and the monitor's own
 * query-version, query-commands, query-status and quit.  Requests are JSON
 * objects, one after another with or without newlines between them (QEMU's
 * JSON streamer), checked as qmp_dispatch checks them ("execute", optional
 * "arguments" object and "id", echoed in the answer; "exec-oob" once oob is
 * enabled, always refused: no command here allows OOB).  Answers and events
 * are QEMU's text: one JSON object a line ending in CRLF, ", " and ": "
 * separators, {"return": R[, "id": I]} or {["id": I, ]"error": {"class": C,
 * "desc": D}}.  After every command the guest handles what it started
 * (machine_guest_sync), and the events the machine emits (ACPI_DEVICE_OST,
 * DEVICE_DELETED, MEMORY_DEVICE_SIZE_CHANGE, SHUTDOWN at quit) go to every
 * client past negotiation, with their timestamps, after the command's
 * answer as QEMU sends them (MEMORY_DEVICE_SIZE_CHANGE rate-limited as
 * QEMU limits it: struct qmp_rate_slot).
 */
#define _GNU_SOURCE		/* accept4, struct ucred */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "hotmem/fuse_sysfs.h"
#include "hotmem/machine.h"
#include "hotmem/session.h"
#include "hotmem/system.h"

#define SESSION_MAX_CLIENTS 64
/*
 * The bounds of a connection.  A line or a QMP request longer than
 * SESSION_MAX_LINE, complete or not, is refused and the connection closed
 * (QEMU's JSON streamer refuses oversized input with a parse error too).
 * At most SESSION_MAX_INPUT bytes received and not yet run are held; the
 * rest waits in the socket (the client's writes block).  Answers unread
 * past SESSION_MAX_PENDING stop the running of its lines until it reads;
 * events, which come unasked, past SESSION_MAX_EVENTS unread close a QMP
 * connection, as a monitor whose client stopped reading is dropped.
 * Together: at most 64 clients x (128 KiB in + 1 MiB out + one answer).
 */
#define SESSION_MAX_LINE (64 * 1024)
#define SESSION_MAX_INPUT (2 * SESSION_MAX_LINE)
#define SESSION_MAX_PENDING (1024 * 1024)
#define SESSION_MAX_EVENTS (1024 * 1024)
#define SESSION_QUIT_DRAIN_MS 5000	/* after quit, answers already made go out this long */
#define SESSION_GREET_MS 200	/* a client silent this long after connecting is greeted (QMP) */
#define SESSION_RETRY_MS 5	/* a line waiting for the hotplug lock tries again (the kernel's
				   lock_device_hotplug_sysfs sleeps 5 ms and restarts) */

#ifndef HOTMEM_VERSION
#define HOTMEM_VERSION "unknown"
#endif
/* the QEMU whose machine and monitor hotmem models */
#define QMP_QEMU_VERSION "{\"micro\": 22, \"minor\": 2, \"major\": 7}"

enum session_proto { PROTO_UNKNOWN, PROTO_LINE, PROTO_QMP };

/*
 * QEMU's rate limit of MEMORY_DEVICE_SIZE_CHANGE: one a second a device
 * (qom-path); one emitted within the second after the last is held, the
 * latest replacing it, and sent when the second is over.
 */
#define QMP_RATE_LIMIT_MS	1000
#define QMP_RATE_SLOTS		16
struct qmp_rate_slot {
	char *path;		/* NULL: free */
	uint64_t last_ms;	/* when the last one was sent */
	char *pending;		/* the event held, QEMU's text with CRLF, or NULL */
};

/* One control connection: its unread input and its unsent answers. */
struct session_client {
	int fd;
	enum session_proto proto;
	bool greeted;		/* the QMP greeting was sent */
	bool qmp_commands;	/* QMP: capabilities negotiated (command mode) */
	bool qmp_oob;		/* QMP: the oob capability enabled */
	uint64_t accepted_ms;	/* when it connected (CLOCK_MONOTONIC) */
	struct hm_buf in;	/* received, not yet run (at most one partial line at the end) */
	struct hm_buf out;	/* answers not yet sent, from out_off */
	size_t out_off;
	bool eof;		/* the client shut down its side: answer what came, then close */
	bool waiting;		/* its next line waits for the hotplug lock */
	bool dead;		/* a write failed or the line was too long: close now */
};

struct hm_session {
	struct scenario_exec x;
	struct hm_machine_lock lock;
	bool sync_pending;	/* guest work left while a store held the hotplug lock */
	struct hm_fuse *fuse;
	int listen_fd;
	int signal_fd;		/* SESSION_SIGNALS, blocked in every thread, read here */
	sigset_t old_mask;	/* the mask before, restored at stop */
	char *control_path;
	uid_t owner;		/* the mounting user: the only one (and root) served */
	struct session_client clients[SESSION_MAX_CLIENTS];
	unsigned int nr_clients;
	struct hm_buf events;	/* QMP events emitted, not yet given to the clients */
	struct qmp_rate_slot rate[QMP_RATE_SLOTS];
};

static void session_deliver_events(struct hm_session *s);
static void session_on_event(void *arg, const char *text);

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

/*
 * Refuses a control socket inside the mount point: the mount would hide it
 * (and a client's connect would go through the FUSE tree).  The path is
 * judged by its longest existing prefix, resolved; what lies under the
 * mount point is refused.
 */
static int control_inside(const char *path, const char *mountpoint, struct hm_buf *err)
{
	char mnt[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
	size_t len;
	char *slash;

	if (!realpath(mountpoint, mnt))
		return 0;	/* the mount reports it */
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return 0;	/* control_socket reports it */
	for (;;) {
		slash = strrchr(dir, '/');
		if (!slash) {
			if (!realpath(".", real))
				return 0;
			break;
		}
		*slash = '\0';
		if (realpath(dir[0] ? dir : "/", real))
			break;
	}
	len = strlen(mnt);
	if (!strncmp(real, mnt, len) && (real[len] == '\0' || real[len] == '/' ||
					 !strcmp(mnt, "/"))) {
		hm_buf_printf(err, "control socket %s: inside the mount point %s, which would hide "
			      "it; choose a path outside it", path, mountpoint);
		return -EINVAL;
	}
	return 0;
}

int session_start(struct hm_session **out, const struct scenario *scn,
		  const char *mountpoint, const char *control_path, struct hm_buf *err)
{
	struct scenario_exec x;
	struct hm_session *s;
	struct hm_buf ans;
	unsigned int i;
	int ret;

	/* the machine first: the session and its names come from its allocator */
	ret = scenario_begin(scn, &x, err);
	if (ret)
		return ret;
	s = hm_kzalloc(&x.sys->alloc, sizeof(*s));
	if (!s) {
		scenario_end(&x);
		return -ENOMEM;
	}
	s->x = x;
	s->control_path = hm_kstrdup(&x.sys->alloc, control_path);
	if (!s->control_path) {
		ret = -ENOMEM;
		goto out_end;
	}
	s->owner = getuid();
	/* a client that goes away before its answer must not kill the server */
	signal(SIGPIPE, SIG_IGN);
	hm_machine_lock_init(&s->lock);
	hm_buf_init(&s->events);
	s->signal_fd = -1;
	ret = control_inside(control_path, mountpoint, err);
	if (ret)
		goto out_lock;
	/*
	 * The signals that end the server (a closing terminal's SIGHUP, SIGINT,
	 * SIGTERM, and SIGUSR1, which would kill it) are blocked in every thread,
	 * the FUSE server's included (they inherit the mask), and read from a
	 * signalfd by the control loop, which then unmounts cleanly.
	 */
	{
		sigset_t mask;

		sigemptyset(&mask);
		sigaddset(&mask, SIGHUP);
		sigaddset(&mask, SIGINT);
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGUSR1);
		pthread_sigmask(SIG_BLOCK, &mask, &s->old_mask);
		s->signal_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
		if (s->signal_fd < 0) {
			ret = -errno;
			hm_buf_printf(err, "signalfd: %s", strerror(errno));
			goto out_mask;
		}
	}
	s->listen_fd = control_socket(control_path, err);
	if (s->listen_fd < 0) {
		ret = s->listen_fd;
		goto out_mask;
	}
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
	/* from now on the machine's QMP events go to the QMP clients too */
	machine_set_event_listener(s->x.m, session_on_event, s);

	ret = hm_fuse_start(&s->fuse, s->x.sys, &s->lock, true, mountpoint, err);
	if (ret)
		goto out_close;
	s->x.lock = &s->lock;	/* tool steps release it while the tool runs */
	*out = s;
	return 0;

out_close:
	close(s->listen_fd);
	unlink(control_path);
out_mask:
	if (s->signal_fd >= 0)
		close(s->signal_fd);
	pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
out_lock:
	hm_machine_lock_destroy(&s->lock);
out_end:
	x = s->x;
	hm_kfree(&x.sys->alloc, s->control_path);
	hm_kfree(&x.sys->alloc, s);
	scenario_end(&x);
	return ret ? ret : -EIO;
}

/*
 * Lets the guest handle what is pending (ACPI hot-add, eject, virtio-mem
 * work), unless a store holds the hotplug lock: the guest's handlers take it
 * too, so they run once it is released (session_serve looks again).
 */
static void session_guest_sync(struct hm_session *s)
{
	if (s->lock.hotplug) {
		s->sync_pending = true;
		return;
	}
	s->sync_pending = false;
	machine_guest_sync(s->x.m);
}

/* The steps that hotplug (or let the guest do so): they wait for the hotplug lock. */
static bool step_hotplugs(enum step_verb v)
{
	return v == STEP_WRITE || v == STEP_CHMEM || v == STEP_NDCTL || v == STEP_DAXCTL ||
	       v == STEP_SLEEP;
}

/*
 * Runs one control line on the live machine; the answer goes to ans.  The
 * line is parsed from the machine's counted allocator, under its lock, so
 * that fault injection reaches the session as it reaches the steps.
 * Returns 1 for quit, -EAGAIN (nothing run) for a hotplugging step while a
 * FUSE writer holds the hotplug lock (the kernel's store waits for it, so
 * the line waits), 0 otherwise.
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
	pthread_mutex_lock(&s->lock.mutex);
	ret = scenario_parse_alloc(&one, "control", line, &s->x.sys->alloc, &err);
	if (ret) {
		hm_buf_printf(ans, "error: %s\n", ret == -ENOMEM ? "out of memory" : hm_buf_str(&err));
		ret = 0;
		goto out_unlock;
	}
	if (one.nr_steps != 1 || !(one.steps[0].op->flags & STEP_F_CONTROL)) {
		hm_buf_printf(ans, "error: one step a line, not machine or cmdline\n");
		scenario_free(&one);
		goto out_unlock;
	}
	if (s->lock.hotplug && step_hotplugs(one.steps[0].verb)) {
		scenario_free(&one);
		ret = -EAGAIN;
		goto out_unlock;
	}
	s->x.scn = &one;
	if (one.steps[0].verb != STEP_QMP)
		session_guest_sync(s);
	scenario_step(&s->x, 0, ans);
	s->x.scn = saved;
	scenario_free(&one);
	session_deliver_events(s);	/* a sleep lets the guest run: QMP clients see its events */
	hm_machine_lock_changed(&s->lock);	/* a blocked offline may go on now */
out_unlock:
	pthread_mutex_unlock(&s->lock.mutex);
	hm_buf_free(&err);
	return ret;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* --------------------------------------------------------------- QMP */

/* The rate-limit slot of a device, made if needed; NULL if all are taken (no limit then). */
static struct qmp_rate_slot *rate_slot(struct hm_session *s, const char *path)
{
	struct qmp_rate_slot *free_slot = NULL;
	unsigned int i;

	for (i = 0; i < QMP_RATE_SLOTS; i++) {
		if (s->rate[i].path && !strcmp(s->rate[i].path, path))
			return &s->rate[i];
		if (!s->rate[i].path && !free_slot)
			free_slot = &s->rate[i];
	}
	if (free_slot) {
		free_slot->path = strdup(path);
		if (!free_slot->path)
			return NULL;
		free_slot->last_ms = 0;
		free_slot->pending = NULL;
	}
	return free_slot;
}

/* Sends the held size changes whose second is over; the ms until the next is due, or -1. */
static int session_rate_flush(struct hm_session *s)
{
	uint64_t now = now_ms();
	int next = -1;
	unsigned int i;

	for (i = 0; i < QMP_RATE_SLOTS; i++) {
		struct qmp_rate_slot *r = &s->rate[i];
		int left;

		if (!r->path)
			continue;
		if (now - r->last_ms < QMP_RATE_LIMIT_MS) {
			left = (int)(QMP_RATE_LIMIT_MS - (now - r->last_ms));
			if (r->pending && (next < 0 || left < next))
				next = left;
			continue;
		}
		if (r->pending) {
			hm_buf_printf(&s->events, "%s", r->pending);
			free(r->pending);
			r->pending = NULL;
			r->last_ms = now;
			if (next < 0 || QMP_RATE_LIMIT_MS < next)
				next = QMP_RATE_LIMIT_MS;
		} else {
			free(r->path);		/* a quiet second: the limit starts afresh */
			r->path = NULL;
		}
	}
	return next;
}

/* The machine's event listener: QEMU's text of the event, kept for the clients. */
static void session_on_event(void *arg, const char *text)
{
	struct hm_session *s = arg;
	json_t *ev = json_loads(text, 0, NULL);
	char *out = ev ? json_dumps(ev, JSON_PRESERVE_ORDER) : NULL;
	const char *name = json_string_value(json_object_get(ev, "event"));
	const char *path = json_string_value(json_object_get(json_object_get(ev, "data"),
							     "qom-path"));
	struct qmp_rate_slot *r = NULL;
	uint64_t now = now_ms();

	if (out && name && path && !strcmp(name, "MEMORY_DEVICE_SIZE_CHANGE"))
		r = rate_slot(s, path);
	if (r && r->last_ms && now - r->last_ms < QMP_RATE_LIMIT_MS) {
		char *held = malloc(strlen(out) + 3);

		if (held) {
			sprintf(held, "%s\r\n", out);
			free(r->pending);
			r->pending = held;
		}
	} else if (out) {
		hm_buf_printf(&s->events, "%s\r\n", out);
		if (r)
			r->last_ms = now;
	}
	hm_json_free(out);	/* json_dumps' text: jansson's allocator (alloc.h) */
	json_decref(ev);
}

/*
 * Gives the events emitted since the last call to every QMP client past
 * negotiation (QEMU sends events to the monitors in command mode only).
 */
static void session_deliver_events(struct hm_session *s)
{
	unsigned int i;

	if (!s->events.len)
		return;
	for (i = 0; i < s->nr_clients; i++) {
		struct session_client *c = &s->clients[i];

		if (c->proto != PROTO_QMP || !c->qmp_commands || c->dead)
			continue;
		if (c->out.len - c->out_off + s->events.len > SESSION_MAX_EVENTS) {
			c->dead = true;		/* it stopped reading: dropped, not queued for */
			continue;
		}
		hm_buf_append(&c->out, s->events.data, s->events.len);
		if (c->out.oom)
			c->dead = true;
	}
	hm_buf_reset(&s->events);
}

/* Sends one QMP object (a reference taken) as QEMU prints it: one line, CRLF. */
static void qmp_send(struct session_client *c, json_t *obj)
{
	char *text = obj ? json_dumps(obj, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;

	if (text)
		hm_buf_printf(&c->out, "%s\r\n", text);
	if (!text || c->out.oom)
		c->dead = true;		/* out of memory: QEMU would abort; drop this client */
	hm_json_free(text);	/* json_dumps' text: jansson's allocator (alloc.h) */
	json_decref(obj);
}

/* {"id": ID, "error": {"class": CLS, "desc": ...}}, the id first as QEMU orders it */
static void qmp_reply_error(struct session_client *c, json_t *id, const char *cls,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void qmp_reply_error(struct session_client *c, json_t *id, const char *cls,
			    const char *fmt, ...)
{
	json_t *r = json_object();
	char desc[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (r && id)
		json_object_set(r, "id", id);
	if (r)
		json_object_set_new(r, "error", json_pack("{s:s,s:s}", "class", cls, "desc", desc));
	qmp_send(c, r);
}

/* {"return": RET, "id": ID}; ret (a reference taken) NULL is {} */
static void qmp_reply_return(struct session_client *c, json_t *id, json_t *ret)
{
	json_t *r = json_object();

	if (r)
		json_object_set_new(r, "return", ret ? ret : json_object());
	else
		json_decref(ret);
	if (r && id)
		json_object_set(r, "id", id);
	qmp_send(c, r);
}

static void qmp_greet(struct session_client *c)
{
	hm_buf_printf(&c->out, "{\"QMP\": {\"version\": {\"qemu\": " QMP_QEMU_VERSION ", "
		      "\"package\": \"hotmem " HOTMEM_VERSION "\"}, \"capabilities\": [\"oob\"]}}\r\n");
	c->greeted = true;
}

/* A command without parameters given some: QEMU's visitor names the first. */
static bool qmp_no_args(struct session_client *c, json_t *id, json_t *args)
{
	const char *key;
	json_t *v;

	json_object_foreach(args, key, v) {
		qmp_reply_error(c, id, "GenericError", "Parameter '%s' is unexpected", key);
		return false;
	}
	return true;
}

/* qmp_capabilities [enable: ["oob"]], in negotiation mode */
static void qmp_capabilities(struct session_client *c, json_t *id, json_t *args)
{
	const char *key;
	json_t *v, *enable = NULL;
	bool oob = false;
	size_t i;

	json_object_foreach(args, key, v) {
		if (strcmp(key, "enable")) {
			qmp_reply_error(c, id, "GenericError", "Parameter '%s' is unexpected", key);
			return;
		}
		enable = v;
	}
	if (enable && !json_is_array(enable)) {
		qmp_reply_error(c, id, "GenericError",
				"Invalid parameter type for 'enable', expected: array");
		return;
	}
	json_array_foreach(enable, i, v) {
		/* QEMU 7.2's visitor names a list element 'null' */
		if (!json_is_string(v)) {
			qmp_reply_error(c, id, "GenericError",
					"Invalid parameter type for 'null', expected: string");
			return;
		}
		if (strcmp(json_string_value(v), "oob")) {
			qmp_reply_error(c, id, "GenericError",
					"Parameter 'null' does not accept value '%s'",
					json_string_value(v));
			return;
		}
		oob = true;
	}
	c->qmp_commands = true;
	c->qmp_oob = oob;
	qmp_reply_return(c, id, NULL);
}

/*
 * Runs one QMP request (a parsed JSON value) of client c under the machine's
 * lock: 1 if it was quit, else 0.
 */
static int qmp_request(struct hm_session *s, struct session_client *c, json_t *req)
{
	const struct qmp_command *cmd;
	struct qmp_request rq;
	struct qmp_reply r;
	json_t *ret = NULL;
	int quit = 0;

	if (qmp_check_request(req, c->qmp_oob, &rq, r.desc, sizeof(r.desc))) {
		qmp_reply_error(c, NULL, "GenericError", "%s", r.desc);
		return 0;
	}
	if (!c->qmp_commands) {
		if (strcmp(rq.exec, "qmp_capabilities") || rq.oob)
			qmp_reply_error(c, rq.id, "CommandNotFound",
					"Expecting capabilities negotiation with 'qmp_capabilities'");
		else
			qmp_capabilities(c, rq.id, rq.args);
		return 0;
	}
	cmd = qmp_command_find(rq.exec);
	if (!cmd) {
		qmp_reply_error(c, rq.id, "CommandNotFound", "The command %s has not been found",
				rq.exec);
		return 0;
	}
	if (rq.oob) {
		qmp_reply_error(c, rq.id, "GenericError", "The command %s does not support OOB",
				rq.exec);
		return 0;
	}
	switch (cmd->monitor) {
	case QMP_MON_CAPABILITIES:
		qmp_reply_error(c, rq.id, "CommandNotFound",
				"Capabilities negotiation is already complete, command ignored");
		return 0;
	case QMP_MACHINE:
		if (machine_qmp_call(s->x.m, &rq, 0, &r))
			qmp_reply_error(c, rq.id, r.cls, "%s", r.desc);
		else
			qmp_reply_return(c, rq.id, r.ret);
		/* the guest handles what the command started (ACPI hot-add, eject) */
		session_guest_sync(s);
		hm_machine_lock_changed(&s->lock);
		return 0;
	default:
		break;
	}
	if (rq.args && !qmp_no_args(c, rq.id, rq.args))
		return 0;
	switch (cmd->monitor) {
	case QMP_MON_QUERY_VERSION:
		ret = json_loads("{\"qemu\": " QMP_QEMU_VERSION ", \"package\": \"hotmem "
				 HOTMEM_VERSION "\"}", 0, NULL);
		break;
	case QMP_MON_QUERY_STATUS:
		ret = json_pack("{s:s,s:b,s:b}", "status", "running", "singlestep", 0, "running", 1);
		break;
	case QMP_MON_QUERY_COMMANDS: {
		const struct qmp_command *k;

		ret = json_array();
		for (k = qmp_commands; k->name && ret; k++)
			json_array_append_new(ret, json_pack("{s:s}", "name", k->name));
		break;
	}
	default:	/* quit: QEMU answers, then sends SHUTDOWN and exits */
		quit = 1;
		break;
	}
	qmp_reply_return(c, rq.id, ret);
	if (quit) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		hm_buf_printf(&s->events, "{\"timestamp\": {\"seconds\": %lld, \"microseconds\": "
			      "%ld}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, "
			      "\"reason\": \"host-qmp-quit\"}}\r\n", (long long)ts.tv_sec,
			      ts.tv_nsec / 1000);
	}
	return quit;
}

/*
 * The end of the first complete JSON value in buf (after leading white
 * space), as QEMU's JSON streamer finds it: an object or array at its
 * closing bracket, a string at its closing quote, a bare word (number,
 * keyword or garbage) at the next delimiter.  0 if incomplete.
 */
static bool json_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static size_t json_value_end(const char *buf, size_t len, bool *bare)
{
	size_t i = 0;
	int depth = 0;
	bool str = false, esc = false;

	while (i < len && json_ws(buf[i]))
		i++;
	if (i == len)
		return 0;
	*bare = buf[i] != '{' && buf[i] != '[' && buf[i] != '"';
	if (buf[i] && strchr("}],:", buf[i]))
		return i + 1;	/* a stray delimiter: a value of its own, and an error */
	if (*bare) {
		while (i < len && !json_ws(buf[i]) && (!buf[i] || !strchr("{}[]\",:", buf[i])))
			i++;
		return i < len ? i : 0;
	}
	for (; i < len; i++) {
		char ch = buf[i];

		if (str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"') {
				str = false;
				if (depth == 0)
					return i + 1;
			}
			continue;
		}
		if (ch == '"')
			str = true;
		else if (ch == '{' || ch == '[')
			depth++;
		else if ((ch == '}' || ch == ']') && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Runs the first complete QMP request c sent, if any: 1 if it was quit. */
static int qmp_run_one(struct hm_session *s, struct session_client *c)
{
	size_t end, start = 0;
	json_error_t jerr;
	json_t *req;
	bool bare = false;
	int quit = 0;

	end = json_value_end(c->in.data, c->in.len, &bare);
	if (end > SESSION_MAX_LINE || (!end && c->in.len > SESSION_MAX_LINE)) {
		qmp_reply_error(c, NULL, "GenericError", "JSON parse error, request longer than %d "
				"bytes", SESSION_MAX_LINE);
		c->dead = true;
		return 0;
	}
	if (!end)
		return 0;	/* incomplete */
	while (json_ws(c->in.data[start]))
		start++;
	req = json_loadb(c->in.data + start, end - start, JSON_DECODE_ANY, &jerr);
	pthread_mutex_lock(&s->lock.mutex);
	if (end - start == 1 && c->in.data[start] && strchr("}],:", c->in.data[start]))
		qmp_reply_error(c, NULL, "GenericError", "JSON parse error, expecting value");
	else if (!req && bare && (isalpha((unsigned char)c->in.data[start])))
		qmp_reply_error(c, NULL, "GenericError", "JSON parse error, invalid keyword '%.*s'",
				(int)(end - start > 64 ? 64 : end - start), c->in.data + start);
	else if (!req && strstr(jerr.text, "unexpected token"))
		qmp_reply_error(c, NULL, "GenericError", "JSON parse error, expecting value");
	else if (!req)
		qmp_reply_error(c, NULL, "GenericError", "JSON parse error, Invalid JSON syntax");
	else
		quit = qmp_request(s, c, req);
	session_deliver_events(s);
	pthread_mutex_unlock(&s->lock.mutex);
	json_decref(req);
	memmove(c->in.data, c->in.data + end, c->in.len - end);
	c->in.len -= end;
	c->in.data[c->in.len] = '\0';
	return quit;
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

/*
 * The first byte a client sends tells its protocol: '{' is QMP, anything
 * else (an empty line too: hotmem ctl starts with one) a step line.
 */
static void client_detect(struct session_client *c)
{
	if (c->proto != PROTO_UNKNOWN || !c->in.len)
		return;
	c->proto = c->in.data[0] == '{' ? PROTO_QMP : PROTO_LINE;
	if (c->proto == PROTO_QMP && !c->greeted)
		qmp_greet(c);
}

/* A line past SESSION_MAX_LINE: refused, and the connection closed once that is sent. */
static void client_line_too_long(struct session_client *c)
{
	hm_buf_printf(&c->out, "error: line longer than %d bytes\n@@END\n", SESSION_MAX_LINE);
	client_flush(c);
	c->dead = true;
}

/* Reads what c sent, up to SESSION_MAX_INPUT held; EOF or an error marks it. */
static void client_read(struct session_client *c)
{
	char chunk[4096];
	ssize_t n;

	while (c->in.len < SESSION_MAX_INPUT) {
		n = recv(c->fd, chunk, sizeof(chunk), MSG_DONTWAIT);
		if (n > 0) {
			hm_buf_append(&c->in, chunk, (size_t)n);
			if (c->in.oom)
				c->dead = true;
			client_detect(c);
			if (c->proto == PROTO_LINE && c->in.len > SESSION_MAX_LINE &&
			    !memchr(c->in.data, '\n', c->in.len)) {
				client_line_too_long(c);
				return;
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
	size_t n, len, off = 0;
	int quit = 0;

	if (c->proto == PROTO_QMP)
		return qmp_run_one(s, c);

	/* empty lines are skipped in one go: one memmove for them all, not one each */
	while (off < c->in.len && (nl = memchr(c->in.data + off, '\n', c->in.len - off))) {
		char saved;

		line = c->in.data + off;
		n = (size_t)(nl - line) + 1;
		len = n - 1;
		if (len > SESSION_MAX_LINE) {
			client_line_too_long(c);
			return 0;
		}
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' ||
			       line[len - 1] == '\t'))
			len--;
		if (len) {
			saved = line[len];
			line[len] = '\0';
			quit = session_line(s, line, &c->out);
			line[len] = saved;
			if (quit == -EAGAIN) {		/* not run: the line stays */
				c->waiting = true;
				quit = 0;
				break;
			}
			hm_buf_printf(&c->out, "@@END\n");
			if (c->out.oom)
				c->dead = true;
		}
		off += n;
		if (len)
			break;
	}
	if (off) {
		memmove(c->in.data, c->in.data + off, c->in.len - off);
		c->in.len -= off;
		c->in.data[c->in.len] = '\0';
	}
	return quit;
}

static bool client_has_line(const struct session_client *c)
{
	bool bare;

	if (c->proto == PROTO_QMP)
		return c->in.len && json_value_end(c->in.data, c->in.len, &bare);
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
		c->accepted_ms = now_ms();
	}
}

/* Sends the answers already made, until all are out or SESSION_QUIT_DRAIN_MS passed. */
static void session_drain(struct hm_session *s)
{
	uint64_t end = now_ms() + SESSION_QUIT_DRAIN_MS;
	struct pollfd pfd[SESSION_MAX_CLIENTS];
	struct session_client *who[SESSION_MAX_CLIENTS];
	unsigned int i, n;
	uint64_t now;

	while ((now = now_ms()) < end) {
		for (i = n = 0; i < s->nr_clients; i++) {
			struct session_client *c = &s->clients[i];

			if (c->dead || c->out_off >= c->out.len)
				continue;
			pfd[n] = (struct pollfd){ .fd = c->fd, .events = POLLOUT };
			who[n++] = c;
		}
		if (!n || poll(pfd, n, (int)(end - now)) < 0)
			return;
		for (i = 0; i < n; i++)
			if (pfd[i].revents)
				client_flush(who[i]);
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
	struct pollfd pfd[SESSION_MAX_CLIENTS + 2];
	bool quit = false, stop = false;
	unsigned int i;

	while (!stop && !quit) {
		bool work = false, hotplug, retry;
		int n, timeout;
		uint64_t now = now_ms();

		/* held size changes whose second is over go to the QMP clients now */
		pthread_mutex_lock(&s->lock.mutex);
		if (s->sync_pending)
			session_guest_sync(s);	/* the hotplug lock may be free now */
		timeout = session_rate_flush(s);
		session_deliver_events(s);
		hotplug = s->lock.hotplug;
		retry = s->sync_pending;
		pthread_mutex_unlock(&s->lock.mutex);

		pfd[0] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (i = 0; i < s->nr_clients; i++) {
			struct session_client *c = &s->clients[i];
			bool busy = c->out.len - c->out_off > SESSION_MAX_PENDING;

			pfd[i + 1] = (struct pollfd){ .fd = c->fd };
			if (!c->eof && !busy && c->in.len < SESSION_MAX_INPUT)
				pfd[i + 1].events |= POLLIN;
			if (c->out_off < c->out.len)
				pfd[i + 1].events |= POLLOUT;
			if (!hotplug)
				c->waiting = false;
			retry |= c->waiting;
			if (client_has_line(c) && !busy && !c->waiting)
				work = true;
			/* silent since it connected: a QMP client waiting for the greeting */
			if (c->proto == PROTO_UNKNOWN && !c->greeted && !c->in.len) {
				if (now - c->accepted_ms >= SESSION_GREET_MS) {
					qmp_greet(c);
					pfd[i + 1].events |= POLLOUT;
				} else {
					int left = (int)(SESSION_GREET_MS - (now - c->accepted_ms));

					if (timeout < 0 || left < timeout)
						timeout = left;
				}
			}
		}
		if (retry && (timeout < 0 || timeout > SESSION_RETRY_MS))
			timeout = SESSION_RETRY_MS;
		pfd[s->nr_clients + 1] = (struct pollfd){ .fd = s->signal_fd, .events = POLLIN };
		n = poll(pfd, s->nr_clients + 2, work ? 0 : timeout);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n < 0)
			continue;
		if (pfd[s->nr_clients + 1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(s->signal_fd, &si, sizeof(si)) == sizeof(si))
				stop = true;	/* served clients get nothing more: the server ends */
		}
		for (i = 0; i < s->nr_clients; i++) {
			struct session_client *c = &s->clients[i];

			if (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR))
				client_read(c);
			if (pfd[i + 1].revents & POLLOUT)
				client_flush(c);
		}
		/* one line from each client that has one, in turn */
		for (i = 0; i < s->nr_clients && !quit && !stop; i++) {
			struct session_client *c = &s->clients[i];

			if (c->dead || c->waiting || c->out.len - c->out_off > SESSION_MAX_PENDING)
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
	/*
	 * The answer to quit (@@END, or SHUTDOWN), and every answer made before
	 * it, go out to clients that read them, for SESSION_QUIT_DRAIN_MS at
	 * most; nothing more is read or run.  A signal ends at once.
	 */
	session_deliver_events(s);
	for (i = 0; i < s->nr_clients; i++)
		client_flush(&s->clients[i]);
	if (quit)
		session_drain(s);
	return 0;
}

void hm_session_stop(struct hm_session *s)
{
	struct scenario_exec x;
	unsigned int i;

	if (!s)
		return;
	while (s->nr_clients)
		client_close(s, s->nr_clients - 1);
	close(s->listen_fd);
	unlink(s->control_path);
	hm_fuse_stop(s->fuse);
	close(s->signal_fd);
	pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
	machine_set_event_listener(s->x.m, NULL, NULL);
	hm_buf_free(&s->events);
	for (i = 0; i < QMP_RATE_SLOTS; i++) {
		free(s->rate[i].path);
		free(s->rate[i].pending);
	}
	hm_machine_lock_destroy(&s->lock);
	x = s->x;
	hm_kfree(&x.sys->alloc, s->control_path);
	hm_kfree(&x.sys->alloc, s);
	scenario_end(&x);
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
	/* an empty line first: the server takes this client for a line one, whatever its steps */
	if (fputs("\n", io) < 0 || fflush(io))
		ret = -errno;
	for (i = 0; i < nr && !ret; i++) {
		bool ended = false, first = true;

		if (fprintf(io, "%s\n", lines[i]) < 0 || fflush(io)) {
			ret = -errno;
			break;
		}
		fprintf(out, "== %s\n", lines[i]);
		while (getline(&buf, &cap, io) > 0) {
			/* a QMP greeting, if the server took this client for a QMP one */
			if (first && !strncmp(buf, "{\"QMP\": ", 8))
				continue;
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
