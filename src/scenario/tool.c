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
