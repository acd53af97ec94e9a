/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exec.h - a host command, unchanged, on the emulated machine.
 *
 * hm_exec_run() forks the command into a private mount namespace (a user
 * namespace too when not root) where the live tree at root (`hotmem
 * mount`, or a tool step's own mount) is what the kernel would show:
 *
 *  - root/sys over /sys;
 *  - each file of root/proc over the same file of /proc (only the files
 *    hotmem models; /proc/self and the rest stay the host's);
 *  - the machine's character devices (ndctl0, nmemN, daxX.Y: every device
 *    of the tree whose uevent names a DEVNAME) as nodes in a /dev of its
 *    own, beside bind mounts of the host's /dev entries (in a user
 *    namespace, which may not make device nodes, empty files: opens and
 *    descriptor stats are answered all the same, a note says so);
 *  - /lib/modules/$(uname -r) on a tmpfs that declares the drivers hotmem
 *    models as built in (modules.builtin, modules.builtin.modinfo, indexed
 *    by the host's depmod as libkmod reads them), so that libkmod finds
 *    them loaded and no module is ever inserted.
 *
 * argv[0] is found in PATH and run with execvp: nothing reaches a shell.
 */
#ifndef HOTMEM_EXEC_H
#define HOTMEM_EXEC_H

#include <stddef.h>
#include "hotmem/report.h"

/* Answers one ioctl of the command on a device of the machine (exec.c's supervisor). */
struct hm_exec_dev_ops {
	/*
	 * How many bytes of argument the ioctl cmd on /dev/dev has, given the
	 * first have bytes of it in buf (have grows from 0 as the size calls
	 * for more: the kernel's own sizing of its envelope): the total, or
	 * -errno for an ioctl the device refuses.
	 */
	long (*arg_size)(void *arg, const char *dev, unsigned long cmd, const void *buf,
			 size_t have);
	/*
	 * Answers it: buf holds the size bytes read from the command's memory
	 * and the answer is written back over them; read_only says the
	 * descriptor was opened O_RDONLY.  The ioctl's result (>= 0) or -errno.
	 */
	int (*ioctl)(void *arg, const char *dev, unsigned long cmd, int read_only, void *buf,
		     size_t size);
	void *arg;
};

struct hm_exec {
	const char *root;		/* the tree: root/sys, root/proc */
	int fd_in, fd_out, fd_err;	/* the command's stdin, stdout, stderr; -1: inherit */
	struct hm_buf *capture;		/* else: stdin /dev/null, stdout and stderr appended here */
	const struct hm_exec_dev_ops *dev;	/* NULL: device ioctls fail with ENOTTY */
	int quiet;			/* no notes on stderr (what is left out and why) */
	/*
	 * With capture: stdout and stderr are one terminal (a pty, output
	 * not post-processed) rather than a pipe, as on a console, where
	 * tools that check isatty(1) print for a person (ndctl's sizes).
	 */
	int tty;
};

/**
 * hm_exec_run() - run a host command on the machine and wait for it
 * @x: the tree, the command's descriptors or capture, the device ops
 * @argv: the command and its arguments, NULL-terminated; argv[0] is looked
 *	up in PATH, nothing reaches a shell
 * @status: its exit status
 *
 * Context: the tree at @x->root is served (mounted) for the whole call; the
 * caller's own namespaces are not changed (the command runs in a child).
 * Return: 0 with *@status set (128 + signal if it was killed; 127 if the
 * namespace could not be made or the command not run, the reason on its
 * stderr), or, if no process could be started, the -errno of
 * socketpair(), pipe2() or fork() (-EMFILE, -EAGAIN, -ENOMEM).
 */
int hm_exec_run(const struct hm_exec *x, char *const *argv, int *status);

/**
 * hm_exec_tree_dev() - device ops that pass each ioctl to a mounted tree
 * @ops: filled in
 * @root: the tree (`hotmem mount`'s directory): root/dev/NAME carries each
 *	ioctl to the emulator serving it (fuse_dev.h)
 *
 * Context: @root must outlive the use of @ops.
 */
void hm_exec_tree_dev(struct hm_exec_dev_ops *ops, const char *root);

#endif /* HOTMEM_EXEC_H */
