// SPDX-License-Identifier: GPL-2.0
/*
 * tool_exec.c - a tool step run on the live machine: the tree mounted with
 * FUSE in a directory of its own, the tool run there as `hotmem exec` runs
 * a command (exec.c), with the machine's devices answered from the model
 * (nd_ioctl.c) under the same lock as the FUSE requests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hotmem/exec.h"
#include "hotmem/fuse_sysfs.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"
#include "scenario/tool.h"

struct live_dev {
	struct hm_system *sys;
	pthread_mutex_t *lock;	/* the machine's mutex: nvdimm_bus_lock's place */
};

static long live_arg_size(void *arg, const char *dev, unsigned long cmd, const void *buf,
			  size_t have)
{
	struct live_dev *d = arg;
	long ret;

	pthread_mutex_lock(d->lock);
	ret = nd_ioctl_arg_size(d->sys, dev, cmd, buf, have);
	pthread_mutex_unlock(d->lock);
	return ret;
}

static int live_ioctl(void *arg, const char *dev, unsigned long cmd, int read_only, void *buf,
		      size_t size)
{
	struct live_dev *d = arg;
	int ret;

	pthread_mutex_lock(d->lock);
	ret = nd_ioctl(d->sys, dev, cmd, read_only, buf, size);
	pthread_mutex_unlock(d->lock);
	return ret;
}

int tool_exec_live(struct hm_system *sys, struct hm_machine_lock *lock, char *const *argv,
		   bool tty, struct hm_buf *out, int *rc)
{
	struct live_dev d = { sys, &lock->mutex };
	const struct hm_exec_dev_ops ops = { live_arg_size, live_ioctl, &d };
	struct hm_exec x = { .fd_in = -1, .fd_out = -1, .fd_err = -1, .capture = out,
			     .dev = &ops, .quiet = 1, .tty = tty };
	const char *tmp = getenv("TMPDIR");
	char dir[256];
	struct hm_fuse *f;
	struct hm_buf err;
	int ret;

	/* under $TMPDIR if it is an absolute path that fits, else /tmp */
	if (!tmp || tmp[0] != '/' || snprintf(dir, sizeof(dir), "%s/hotmem-live-XXXXXX", tmp) >=
	    (int)sizeof(dir))
		snprintf(dir, sizeof(dir), "/tmp/hotmem-live-XXXXXX");
	if (!mkdtemp(dir)) {
		hm_buf_printf(out, "%s: %s: %s\n", argv[0], dir, strerror(errno));
		return -errno;
	}
	hm_buf_init(&err);
	ret = hm_fuse_start(&f, sys, lock, false, dir, &err);
	if (ret) {
		hm_buf_printf(out, "%s: %s\n", argv[0], hm_buf_str(&err));
		hm_buf_free(&err);
		rmdir(dir);
		return -EIO;
	}
	x.root = dir;
	ret = hm_exec_run(&x, argv, rc);
	hm_fuse_stop(f);
	rmdir(dir);
	hm_buf_free(&err);
	return ret;
}

bool tool_in_path(const char *name)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];

	if (strchr(name, '/'))
		return !access(name, X_OK);
	for (const char *p = path ? path : "/usr/bin:/bin"; *p; ) {
		size_t n = strcspn(p, ":");

		if (snprintf(file, sizeof(file), "%.*s/%s", (int)n, n ? p : ".", name) <
		    (int)sizeof(file) && !access(file, X_OK))
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}
