// SPDX-License-Identifier: GPL-2.0
/*
 * tool.c - running the external tools of lsmem and chmem steps without a
 * shell.
 *
 * A step's arguments are split at spaces and tabs, and every word reaches
 * the tool as it is: there is no quoting, no expansion, no redirection, no
 * command separator (";", "$(...)", quotes and ">" are text).  The tool is
 * found in PATH and run with fork and execvp; its stdout and stderr go to
 * one pipe the caller reads.  For chmem, which has no --sysroot, the child
 * enters a private mount namespace (unshare(CLONE_NEWNS), then "/" made
 * private recursively so that nothing propagates back) and bind-mounts the
 * live tree over /sys/devices/system/memory before the exec.
 *
 * A tool runs without the machine's lock held (the caller's, x->lock, if
 * the machine is live): lsmem on a snapshot of the tree taken under it, so
 * that a TMPDIR or a --sysroot inside the live mount is harmless; chmem
 * (and ndctl, daxctl) through a FUSE server that takes
 * the lock a request at a time, in hotmem exec's namespace.
 */
#define _GNU_SOURCE		/* unshare, close_range */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hotmem/fuse_sysfs.h"
#include "hotmem/scenario.h"
#include "hotmem/sysfs.h"
#include "scenario/tool.h"

int tool_split_args(const char *args, char **words, int max, char *buf, size_t bufsz)
{
	size_t len = strlen(args);
	char *p, *save;
	int n = 0;

	if (len >= bufsz)
		return -E2BIG;
	memcpy(buf, args, len + 1);
	for (p = strtok_r(buf, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return -E2BIG;
		words[n++] = p;
	}
	return n;
}

/* In the child: the private mount namespace with src bound over dst. */
static int child_bind(const char *src, const char *dst)
{
	if (unshare(CLONE_NEWNS))
		return -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	return mount(src, dst, NULL, MS_BIND, NULL);
}

/* In the child: a message on fd 2 (the pipe) without stdio. */
static void child_fail(const char *what, const char *arg)
{
	const char *e = strerror(errno);

	if (write(2, what, strlen(what)) < 0 || write(2, arg, strlen(arg)) < 0 ||
	    write(2, ": ", 2) < 0 || write(2, e, strlen(e)) < 0 || write(2, "\n", 1) < 0)
		_exit(127);
	_exit(127);
}

int tool_run(char *const *argv, const char *bind_src, const char *bind_dst,
	     struct hm_buf *out, int *status)
{
	char chunk[4096];
	int fds[2], wstatus, err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* stdin from /dev/null, stdout and stderr to the pipe, nothing else open */
		if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0)
			_exit(127);
#ifdef CLOSE_RANGE_CLOEXEC
		close_range(3, ~0U, 0);
#else
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
#endif
		signal(SIGPIPE, SIG_DFL);
		{	/* the caller may block signals it handles itself (hotmem mount) */
			sigset_t none;

			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
		}
		if (bind_src && child_bind(bind_src, bind_dst))
			child_fail("cannot bind the live sysfs over ", bind_dst);
		execvp(argv[0], argv);
		child_fail("cannot run ", argv[0]);
	}
	close(fds[1]);
	for (;;) {
		n = read(fds[0], chunk, sizeof(chunk));
		if (n > 0) {
			hm_buf_append(out, chunk, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	close(fds[0]);
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) ? -1 : 0;
}

int tool_rm_tree(const char *dir)
{
	return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? -EIO : 0;
}

/*
 * argv for a tool step: the tool, --sysroot DIR (if sysroot), then the
 * step's own words (split at blanks, no shell).  Returns the number of
 * entries, or -E2BIG.
 */
static int tool_argv(char **argv, const char *tool, const char *sysroot, const char *args,
		     char *buf, size_t bufsz)
{
	int n = 0, k;

	argv[n++] = (char *)tool;
	if (sysroot) {
		argv[n++] = "--sysroot";
		argv[n++] = (char *)sysroot;
	}
	k = tool_split_args(args, argv + n, TOOL_MAX_ARGS, buf, bufsz);
	if (k < 0)
		return k;
	n += k;
	argv[n] = NULL;
	return n;
}

/*
 * A mkdtemp() template for a tool step's directory: under $TMPDIR if it is
 * an absolute path that fits (a tmpfs there makes the export cheap: inode
 * creation on ext4 was most of the slowest scenario), else under /tmp.
 */
static void tool_tmpdir(char *dir, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || tmp[0] != '/' || strlen(tmp) + strlen(name) + 9 > size)
		tmp = "/tmp";
	snprintf(dir, size, "%s/%s-XXXXXX", tmp, name);
}

static void tool_unlock(struct scenario_exec *x)
{
	if (x->lock)
		pthread_mutex_unlock(&x->lock->mutex);
}

static void tool_relock(struct scenario_exec *x)
{
	if (x->lock)
		pthread_mutex_lock(&x->lock->mutex);
}

int tool_lsmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status,
	       struct hm_buf *json)
{
	char dir[256], buf[4096];
	char *argv[TOOL_MAX_ARGS + 5];
	struct hm_buf snap, text;
	int ret, n, jstatus;

	tool_tmpdir(dir, sizeof(dir), "hotmem-sysroot");
	n = tool_argv(argv, "lsmem", dir, args, buf, sizeof(buf));
	if (n < 0)
		return -E2BIG;
	hm_buf_init(&snap);
	ret = sysfs_snapshot(x->sys, &snap);
	if (ret) {
		hm_buf_free(&snap);
		return ret;
	}
	/* from here on the machine is not touched: its lock is free for the tool's reads */
	hm_buf_init(&text);
	tool_unlock(x);
	if (!mkdtemp(dir)) {
		ret = -errno;
	} else {
		ret = sysfs_snapshot_write(&snap, dir);
		if (!ret)
			ret = tool_run(argv, NULL, NULL, &text, status);
		if (!ret && json) {
			/* lsmem --sysroot DIR -J ARGS...: its document, on the same tree */
			memmove(argv + 4, argv + 3, (size_t)(n - 2) * sizeof(*argv));
			argv[3] = "-J";
			if (tool_run(argv, NULL, NULL, json, &jstatus))
				hm_buf_reset(json);
		}
		if (tool_rm_tree(dir))
			ret = ret ? ret : -EIO;
	}
	tool_relock(x);
	hm_buf_append(out, hm_buf_str(&text), text.len);
	hm_buf_free(&text);
	hm_buf_free(&snap);
	return ret;
}

/*
 * chmem, ndctl and daxctl: the host's tool acting on the
 * live machine.  The emulated tree is mounted with FUSE and the tool runs
 * as `hotmem exec` runs a command (tool_exec.c, exec.c): in a private
 * mount namespace where that tree is /sys, with the machine's devices.
 * Output (stdout and stderr) then "rc=N", as the oracle prints it.  Its
 * offlines never wait: nothing else frees memory while a step runs.
 */
int tool_live(struct scenario_exec *x, const char *tool, const char *args, struct hm_buf *out,
	      int *status)
{
	struct hm_machine_lock own, *lock = x->lock ? x->lock : &own;
	char *argv[TOOL_MAX_ARGS + 2];
	struct hm_buf text;
	char buf[4096];
	int ret, rc = 0;

	if (tool_argv(argv, tool, NULL, args, buf, sizeof(buf)) < 0)
		return -E2BIG;
	if (!x->lock)
		hm_machine_lock_init(&own);
	hm_buf_init(&text);
	tool_unlock(x);
	/* ndctl and daxctl print for a terminal, as on the oracle's console */
	ret = tool_exec_live(x->sys, lock, argv, strcmp(tool, "chmem"), &text, &rc);
	tool_relock(x);
	if (!x->lock)
		hm_machine_lock_destroy(&own);
	hm_buf_append(out, hm_buf_str(&text), text.len);
	hm_buf_free(&text);
	if (ret < 0)
		return -EIO;
	if (out->len && out->data[out->len - 1] != '\n')
		hm_buf_append(out, "\n", 1);
	hm_buf_printf(out, "rc=%d\n", rc);
	*status = rc;
	return 0;
}

int tool_chmem(struct scenario_exec *x, const char *args, struct hm_buf *out, int *status)
{
	return tool_live(x, "chmem", args, out, status);
}
