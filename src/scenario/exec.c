// SPDX-License-Identifier: GPL-2.0
/*
 * exec.c - a host command, unchanged, on the emulated machine (exec.h).
 *
 * The parent reads the machine's character devices from the tree, forks,
 * and supervises; the child makes the namespace and execs the command:
 *
 *   unshare(CLONE_NEWNS) as root, else unshare(CLONE_NEWUSER | CLONE_NEWNS)
 *   with the caller's uid and gid mapped to themselves; "/" made private
 *   recursively so that nothing propagates back to the host;
 *   /lib/modules/$(uname -r): a tmpfs over /lib/modules (or, on a host
 *   without /lib/modules, an overlay over the directory /lib is, its upper
 *   layer on a tmpfs), holding modules.builtin and modules.builtin.modinfo
 *   for the modelled drivers, indexed by depmod (libkmod reads only the
 *   .bin indexes);
 *   root/sys over /sys (its /sys/kernel/debug over a debugfs mounted there,
 *   where tools look for it), each file of root/proc over its /proc file;
 *   with devices: a tmpfs over /dev holding bind mounts of every host /dev
 *   entry, copies of its symlinks, and one node for each machine device
 *   (mknod, with the tree's major:minor, which libndctl checks with fstat;
 *   in a user namespace, which may not make nodes, an empty file);
 *   with devices and dev ops: a seccomp filter that passes the command's
 *   opens, descriptor stats and ioctls of type 'N' (ND_IOCTL,
 *   include/uapi/linux/ndctl.h)
 *   to the parent (SECCOMP_RET_USER_NOTIF).
 *
 * No driver of the host answers to the tree's device numbers, so the
 * parent answers for them: an open of /dev/NAME gets a memfd named after
 * the device (installed in the command with SECCOMP_IOCTL_NOTIF_ADDFD; a
 * dax device's is as large as the device, its memory, which hotmem does
 * not model, for a tool that maps it), a
 * stat of that descriptor the node's own stat (the character device and
 * its numbers, which libndctl checks; made up from them for the empty
 * file of a user namespace), an ioctl on it is read from the
 * command's memory (/proc/PID/mem), answered by the dev ops and written
 * back.  Every other open, stat and ioctl continues untouched
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE).  This is what CUSE would do with a
 * kernel that has it (CONFIG_CUSE; Debian's has, many container hosts'
 * have not), without needing root or /dev/cuse.
 */
#define _GNU_SOURCE		/* unshare, pipe2, close_range */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "fuse/fuse_dev.h"
#include "hotmem/exec.h"

/*
 * A path under the namespace's root, as snprintf would write it: 0, or
 * -ENAMETOOLONG with the path cut (the lookup then fails as for a missing
 * file, as it would under a root that long).
 */
static int pathf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

#define EXEC_MAX_DEVS 64
#define EXEC_MEMFD_PREFIX "hotmem-dev-"	/* the stand-in of an open device */
#define EXEC_ARG_MAX (1u << 20)	/* the largest ioctl argument read (ND_IOCTL_MAX_BUFLEN 4 MiB; labels are KiBs) */

struct exec_dev {
	char name[64];		/* under /dev */
	unsigned int major, minor;
	unsigned long long size;	/* its size file (a dax device's), or 0 */
	bool block;		/* a pmem disk: its bytes are the tree's root/dev/NAME */
	bool late;		/* made while the command ran: no node in its /dev */
};

struct exec_ctx {
	const struct hm_exec *x;
	char *const *argv;
	struct exec_dev devs[EXEC_MAX_DEVS];
	int ndevs;
	char root[PATH_MAX];	/* the tree's root, resolved: its disks' files are root/dev/NAME */
	int sock;		/* the child's end: the seccomp listener goes back on it */
	int out;		/* the capture pipe's write end, or -1 */
};

/* ----------------------------------------------------------- the modules */

/*
 * The drivers hotmem models, as Debian's 6.1 kernel builds them (modules),
 * with the aliases their MODULE_ALIAS / MODULE_DEVICE_TABLE give:
 * MODULE_ALIAS_ND_DEVICE(type) is "nd:t<type>*" (include/linux/nd.h) with
 * the ND_DEVICE_* numbers of include/uapi/linux/ndctl.h;
 * MODULE_ALIAS_DAX_DEVICE(0) is "dax:t0*" (drivers/dax/bus.h).
 */
static const struct builtin_module {
	const char *name, *file;
	const char *alias[3];
} builtin_modules[] = {
	/* drivers/nvdimm: the bus, dimm.c (ND_DEVICE_DIMM 1), region.c (REGION_PMEM 2, BLK 3) */
	{ "libnvdimm", "drivers/nvdimm/libnvdimm", { "nd:t1*", "nd:t2*", "nd:t3*" } },
	/* pmem.c: ND_DEVICE_NAMESPACE_IO 4, ND_DEVICE_NAMESPACE_PMEM 5 */
	{ "nd_pmem", "drivers/nvdimm/nd_pmem", { "nd:t4*", "nd:t5*" } },
	{ "nd_btt", "drivers/nvdimm/nd_btt", { NULL } },
	/* drivers/acpi/nfit/core.c: acpi_nfit_ids */
	{ "nfit", "drivers/acpi/nfit/nfit", { "acpi*:ACPI0012:*" } },
	{ "dax", "drivers/dax/dax", { NULL } },
	/* drivers/dax/pmem.c: ND_DEVICE_DAX_PMEM 7 */
	{ "dax_pmem", "drivers/dax/dax_pmem", { "nd:t7*" } },
	{ "device_dax", "drivers/dax/device_dax", { "dax:t0*" } },
	{ "kmem", "drivers/dax/kmem", { "dax:t0*" } },
	/* drivers/virtio/virtio_mem.c: VIRTIO_ID_MEM 24 */
	{ "virtio_mem", "drivers/virtio/virtio_mem", { "virtio:d00000018v*" } },
};

/* ------------------------------------------------------- child helpers */

/*
 * A message on fd 2 without stdio (after fork): "hotmem exec: WHAT ARG:
 * strerror"; a tool step's (captured) without the prefix, as the tool's
 * own would be in its transcript.
 */
static void note(const struct hm_exec *x, const char *what, const char *arg, int err)
{
	const char *e = err ? strerror(err) : NULL;
	struct iovec iov[] = {
		{ "hotmem exec: ", x->capture ? 0 : 13 }, { (void *)what, strlen(what) },
		{ (void *)arg, arg ? strlen(arg) : 0 }, { ": ", e ? 2 : 0 },
		{ (void *)(e ? e : ""), e ? strlen(e) : 0 }, { "\n", 1 },
	};

	if (writev(2, iov, 6) < 0)
		return;
}

static void __attribute__((noreturn)) child_fail(const struct hm_exec *x, const char *what,
						       const char *arg)
{
	note(x, what, arg, errno);
	_exit(127);
}

static int write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	if (close(fd) || n != (ssize_t)len)
		return -1;
	return 0;
}

/* The user namespace's maps: the caller's uid and gid, as themselves. */
static int map_self(uid_t uid, gid_t gid)
{
	char line[64];
	int n;

	if (write_file("/proc/self/setgroups", "deny", 4))
		return -1;
	n = snprintf(line, sizeof(line), "%u %u 1\n", (unsigned int)uid, (unsigned int)uid);
	if (write_file("/proc/self/uid_map", line, (size_t)n))
		return -1;
	n = snprintf(line, sizeof(line), "%u %u 1\n", (unsigned int)gid, (unsigned int)gid);
	return write_file("/proc/self/gid_map", line, (size_t)n);
}

/* Runs /sbin/depmod VERSION (a child of the child), output dropped: 0 or -1. */
static int run_depmod(const char *version)
{
	static const char *const paths[] = { "/sbin/depmod", "/usr/sbin/depmod", "/bin/depmod" };
	int wstatus;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			execl(paths[i], "depmod", version, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ? 0 : -1;
}

/* The contents of modules.builtin and modules.builtin.modinfo (kbuild's formats). */
static int write_module_lists(const char *dir)
{
	char path[PATH_MAX], builtin[2048], modinfo[4096];
	size_t nb = 0, nm = 0;

	for (size_t i = 0; i < sizeof(builtin_modules) / sizeof(builtin_modules[0]); i++) {
		const struct builtin_module *m = &builtin_modules[i];

		/* modules.builtin: one "kernel/PATH.ko" a line */
		nb += (size_t)snprintf(builtin + nb, sizeof(builtin) - nb, "kernel/%s.ko\n", m->file);
		/* modules.builtin.modinfo: "NAME.KEY=VALUE" strings, each ended by a NUL */
		nm += (size_t)snprintf(modinfo + nm, sizeof(modinfo) - nm, "%s.file=%s", m->name,
				       m->file) + 1;
		nm += (size_t)snprintf(modinfo + nm, sizeof(modinfo) - nm, "%s.license=GPL v2",
				       m->name) + 1;
		for (int a = 0; a < 3 && m->alias[a]; a++)
			nm += (size_t)snprintf(modinfo + nm, sizeof(modinfo) - nm, "%s.alias=%s",
					       m->name, m->alias[a]) + 1;
	}
	pathf(path, sizeof(path), "%s/modules.builtin", dir);
	if (write_file(path, builtin, nb))
		return -1;
	pathf(path, sizeof(path), "%s/modules.builtin.modinfo", dir);
	if (write_file(path, modinfo, nm))
		return -1;
	pathf(path, sizeof(path), "%s/modules.order", dir);
	return write_file(path, "", 0);
}

/*
 * /lib/modules/$(uname -r) with the modelled drivers built in.  Runs before
 * /sys is covered by the tree: without /lib/modules, the overlay's upper
 * and work directories live on a tmpfs mounted over /sys for the moment.
 */
static void setup_modules(const struct hm_exec *x)
{
	char lib[PATH_MAX], dir[PATH_MAX + 80], opts[3 * PATH_MAX];
	struct utsname u;
	struct stat st;

	if (uname(&u))
		child_fail(x, "uname", NULL);
	if (!stat("/lib/modules", &st) && S_ISDIR(st.st_mode)) {
		if (mount("hotmem-modules", "/lib/modules", "tmpfs", MS_NOSUID | MS_NODEV,
			  "mode=755"))
			child_fail(x, "cannot mount a tmpfs over ", "/lib/modules");
	} else {
		if (!realpath("/lib", lib))
			child_fail(x, "cannot resolve ", "/lib");
		if (mount("hotmem-modules", "/sys", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") ||
		    mkdir("/sys/upper", 0755) || mkdir("/sys/work", 0755) ||
		    mkdir("/sys/upper/modules", 0755))
			child_fail(x, "cannot make a tmpfs for ", "/lib/modules");
		snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=/sys/upper,workdir=/sys/work",
			 lib);
		if (mount("hotmem-lib", lib, "overlay", 0, opts))
			child_fail(x, "cannot make /lib/modules (an overlay over ", lib);
	}
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	if (mkdir(dir, 0755) || write_module_lists(dir))
		child_fail(x, "cannot write ", dir);
	if (run_depmod(u.release) && !x->quiet)
		note(x, "depmod failed: libkmod will not find the built-in drivers in ", dir, 0);
}

/*
 * The tree's /sys/kernel/debug over a debugfs mounted there, as a guest
 * has it: tools find debugfs where `mount -t debugfs` says (the kernel's
 * selftests do).  A user namespace may not mount debugfs: then the tree's
 * directory is there alone.
 */
static void mount_debugfs(const struct hm_exec *x)
{
	char src[PATH_MAX];
	struct stat st;

	snprintf(src, sizeof(src), "%s/sys/kernel/debug", x->root);
	if (stat(src, &st) || !S_ISDIR(st.st_mode) ||
	    mount("debugfs", "/sys/kernel/debug", "debugfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return;
	if (mount(src, "/sys/kernel/debug", NULL, MS_BIND, NULL))
		child_fail(x, "cannot bind the tree over ", "/sys/kernel/debug");
}

/* Each file of root/proc over the same /proc file. */
static void bind_proc(const struct hm_exec *x)
{
	const char *root = x->root;
	char src[PATH_MAX], dst[PATH_MAX];
	struct dirent *e;
	DIR *d;

	snprintf(src, sizeof(src), "%s/proc", root);
	d = opendir(src);
	if (!d)
		child_fail(x, "cannot read ", src);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
			continue;
		snprintf(src, sizeof(src), "%s/proc/%s", root, e->d_name);
		snprintf(dst, sizeof(dst), "/proc/%s", e->d_name);
		if (access(dst, F_OK))
			continue;	/* a file this kernel lacks: nothing to bind over */
		if (mount(src, dst, NULL, MS_BIND, NULL))
			child_fail(x, "cannot bind the tree's file over ", dst);
	}
	closedir(d);
}

/* mkdir -p of the directories of path (under /dev), 0 or -1. */
static int make_parents(char *path)
{
	for (char *p = path + 5; (p = strchr(p, '/')); p++) {
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static bool is_machine_dev(const struct exec_ctx *c, const char *name)
{
	for (int i = 0; i < c->ndevs; i++)
		if (!strcmp(c->devs[i].name, name))
			return true;
	return false;
}

/*
 * A /dev of the command's own: the host's entries bound into a tmpfs, and
 * the machine's device nodes.  False (and a note) where nodes cannot be
 * made (a user namespace).
 */
static bool setup_dev(struct exec_ctx *c)
{
	const struct hm_exec *x = c->x;
	char path[PATH_MAX], src[PATH_MAX], target[PATH_MAX];
	struct dirent *e;
	struct stat st;
	int old, ret;
	ssize_t n;
	DIR *d;

	if (!c->ndevs)
		return false;
	old = open("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (old < 0)
		child_fail(x, "cannot open ", "/dev");
	if (mount("hotmem-dev", "/dev", "tmpfs", MS_NOSUID, "mode=755"))
		child_fail(x, "cannot mount a tmpfs over ", "/dev");
	snprintf(src, sizeof(src), "/proc/self/fd/%d", old);
	d = opendir(src);
	if (!d)
		child_fail(x, "cannot read the host's ", "/dev");
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    is_machine_dev(c, e->d_name))
			continue;
		if (fstatat(old, e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		pathf(path, sizeof(path), "/dev/%s", e->d_name);
		snprintf(src, sizeof(src), "/proc/self/fd/%d/%s", old, e->d_name);
		if (S_ISLNK(st.st_mode)) {
			n = readlinkat(old, e->d_name, target, sizeof(target) - 1);
			if (n < 0)
				continue;
			target[n] = 0;
			ret = symlink(target, path);
		} else if (S_ISDIR(st.st_mode)) {
			ret = mkdir(path, st.st_mode & 07777) ||
			      mount(src, path, NULL, MS_BIND | MS_REC, NULL);
		} else {
			int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

			ret = fd < 0 || close(fd) || mount(src, path, NULL, MS_BIND, NULL);
		}
		if (ret)
			child_fail(x, "cannot bind the host's ", path);
	}
	closedir(d);
	close(old);
	for (int i = 0; i < c->ndevs; i++) {
		pathf(path, sizeof(path), "/dev/%s", c->devs[i].name);
		if (make_parents(path))
			child_fail(x, "cannot make the directory of ", path);
		if (!mknod(path, (c->devs[i].block ? S_IFBLK : S_IFCHR) | 0600,
			   makedev(c->devs[i].major, c->devs[i].minor)))
			continue;
		/*
		 * A user namespace may not make device nodes: an empty file
		 * holds the name (opens and descriptor stats are answered by
		 * the supervisor all the same; a stat by path sees the file).
		 */
		ret = errno == EPERM ? open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600) : -1;
		if (ret < 0 || close(ret))
			child_fail(x, "cannot make the device node ", path);
		if (!x->quiet && i == 0)
			note(x, "not root: the machine's devices are plain files in /dev (mknod is "
			     "refused in a user namespace); opening them works, a stat by path "
			     "does not show a character device, e.g. ", path, 0);
	}
	return true;
}

/*
 * The filter: open and openat (x86_64 has both), the stats of a
 * descriptor (fstat, newfstatat, statx) and ioctls of type 'N' (ND_IOCTL)
 * go to the supervisor; everything else, and every other architecture's
 * calls (a 32-bit binary), are allowed.
 */
static int install_filter(void)
{
#if defined(__x86_64__)
#define EXEC_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define EXEC_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef EXEC_AUDIT_ARCH
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, EXEC_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#ifdef __NR_open
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 8, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 8, 0),
#endif
#ifdef __NR_fstat
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fstat, 7, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_newfstatat, 7, 0),
#endif
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_newfstatat, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_statx, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 4),
		/* the low word of the ioctl number: its type byte */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff00),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'N' << 8, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	int fd;

	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0 && errno == EACCES) {
		/* without CAP_SYS_ADMIN in its namespace, a filter needs no_new_privs */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			return -1;
		fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	}
	return fd;
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* A message of one byte with room for one descriptor (SCM_RIGHTS). */
struct fd_msg {
	char data;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov;
	struct msghdr msg;
};

static void fd_msg_init(struct fd_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->data = 'L';
	m->iov.iov_base = &m->data;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->u.buf;
	m->msg.msg_controllen = sizeof(m->u.buf);
}

static int send_fd(int sock, int fd)
{
	struct fd_msg m;
	struct cmsghdr *cm;

	fd_msg_init(&m);
	cm = CMSG_FIRSTHDR(&m.msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &m.msg, 0) == 1 ? 0 : -1;
}

static void __attribute__((noreturn)) child_main(struct exec_ctx *c)
{
	const struct hm_exec *x = c->x;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char src[PATH_MAX];
	bool nodes;

	if (c->out >= 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(c->out, 1) < 0 || dup2(c->out, 2) < 0)
			_exit(127);
	} else {
		if ((x->fd_in >= 0 && dup2(x->fd_in, 0) < 0) ||
		    (x->fd_out >= 0 && dup2(x->fd_out, 1) < 0) ||
		    (x->fd_err >= 0 && dup2(x->fd_err, 2) < 0))
			_exit(127);
	}
	/* nothing of the caller's but stdio reaches the command (a server's sockets, FUSE) */
#ifdef CLOSE_RANGE_CLOEXEC
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#else
	for (int fd = 3; fd < 1024; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	{	/* the caller may block signals it handles itself (hotmem mount) */
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	if (uid == 0) {
		if (unshare(CLONE_NEWNS))
			child_fail(x, "cannot make a private mount namespace", NULL);
	} else if (unshare(CLONE_NEWUSER | CLONE_NEWNS) || map_self(uid, gid)) {
		child_fail(x, "not root, and no user namespace could be made "
			   "(kernel.unprivileged_userns_clone, user.max_user_namespaces?)", NULL);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		child_fail(x, "cannot make / private", NULL);
	setup_modules(x);
	snprintf(src, sizeof(src), "%s/sys", x->root);
	if (mount(src, "/sys", NULL, MS_BIND, NULL))
		child_fail(x, "cannot bind the tree over /sys: ", src);
	mount_debugfs(x);
	bind_proc(x);
	nodes = setup_dev(c);
	if (nodes && x->dev) {
		int fd = install_filter();

		if (fd < 0)
			child_fail(x, "cannot install the seccomp filter for the devices' ioctls", NULL);
		if (send_fd(c->sock, fd))
			child_fail(x, "cannot hand the seccomp listener over", NULL);
		close(fd);
	}
	close(c->sock);
	execvp(c->argv[0], c->argv);
	child_fail(x, "cannot run ", c->argv[0]);
}

/* ------------------------------------------------------------- parent */

/* "KEY=" in a uevent text: its value copied into out, or false. */
static bool uevent_value(const char *text, const char *key, char *out, size_t size)
{
	size_t k = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, k) && p[k] == '=') {
			size_t n = strcspn(p + k + 1, "\n");

			if (n >= size)
				return false;
			memcpy(out, p + k + 1, n);
			out[n] = 0;
			return true;
		}
	}
	return false;
}

/* The devices under one directory of the tree whose uevent names a DEVNAME. */
static void scan_devs(struct exec_ctx *c, const char *dir)
{
	char path[PATH_MAX], text[1024], num[32];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)) && c->ndevs < EXEC_MAX_DEVS) {
		struct exec_dev *v = &c->devs[c->ndevs];
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		pathf(path, sizeof(path), "%s/%s/uevent", dir, e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, text, sizeof(text) - 1);
		close(fd);
		if (n <= 0)
			continue;
		text[n] = 0;
		if (!uevent_value(text, "DEVNAME", v->name, sizeof(v->name)) ||
		    strstr(v->name, "..") || v->name[0] == '/' || is_machine_dev(c, v->name))
			continue;
		if (!uevent_value(text, "MAJOR", num, sizeof(num)))
			continue;
		v->major = (unsigned int)strtoul(num, NULL, 10);
		if (!uevent_value(text, "MINOR", num, sizeof(num)))
			continue;
		v->minor = (unsigned int)strtoul(num, NULL, 10);
		v->block = false;
		/* a dax device's memory: its stand-in is a sparse file of that size */
		v->size = 0;
		pathf(path, sizeof(path), "%s/%s/size", dir, e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, num, sizeof(num) - 1);
			if (n > 0) {
				num[n] = 0;
				v->size = strtoull(num, NULL, 0);
			}
			close(fd);
		}
		c->ndevs++;
	}
	closedir(d);
}

static int recv_fd(int sock)
{
	struct fd_msg m;
	struct cmsghdr *cm;
	int fd;

	fd_msg_init(&m);
	while (recvmsg(sock, &m.msg, MSG_CMSG_CLOEXEC) < 0)
		if (errno != EINTR)
			return -1;
	cm = CMSG_FIRSTHDR(&m.msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* How a descriptor of a device was opened (its stand-in memfd is read-write). */
struct dev_fd {
	pid_t pid;
	int fd;
	bool read_only;
};

struct supervisor {
	struct exec_ctx *c;
	struct dev_fd fds[EXEC_MAX_DEVS];
	unsigned int nfds;	/* entries of fds in use, the oldest replaced when full */
	int listener;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct seccomp_notif_sizes sizes;
	unsigned char *arg;	/* EXEC_ARG_MAX bytes */
};

static bool notif_valid(struct supervisor *s)
{
	return !ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &s->req->id);
}

/* Reads a NUL-terminated string of the command's memory: 0 or -1. */
static int read_string(int mem, unsigned long addr, char *out, size_t size)
{
	ssize_t n = pread(mem, out, size - 1, (off_t)addr);

	if (n <= 0)
		return -1;
	out[n] = 0;
	return memchr(out, 0, (size_t)n) ? 0 : -1;
}

/* The first line of a file of the tree (a dev or size file): 0 or -1. */
static int read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/*
 * A device the machine made while the command ran (ndctl enables a
 * namespace and opens its disk; libdaxctl stats the dax device it just
 * made): a pmem disk (root/dev/NAME, its dev file under the namespace or
 * pfn device holding it, libndctl's path) or a dax device
 * (root/sys/bus/dax/devices/NAME).  Its entry, or NULL.
 */
static const struct exec_dev *dev_appeared(struct exec_ctx *c, const char *name, bool late)
{
	char path[PATH_MAX], num[32], size[32] = "0";
	bool block = !strncmp(name, "pmem", 4);
	unsigned int major, minor;
	struct exec_dev *v;
	struct dirent *e;
	struct stat st;
	int found = -1;
	DIR *d;

	if ((!block && strncmp(name, "dax", 3)) || strchr(name, '/') ||
	    strlen(name) >= sizeof(v->name) || c->ndevs >= EXEC_MAX_DEVS)
		return NULL;
	if (block) {
		pathf(path, sizeof(path), "%s/dev/%s", c->root, name);
		if (stat(path, &st))
			return NULL;
		pathf(path, sizeof(path), "%s/sys/bus/nd/devices", c->root);
		d = opendir(path);
		if (!d)
			return NULL;
		while (found && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			pathf(path, sizeof(path), "%s/sys/bus/nd/devices/%s/block/%s/dev", c->root,
				 e->d_name, name);
			found = read_line(path, num, sizeof(num));
		}
		closedir(d);
	} else {
		pathf(path, sizeof(path), "%s/sys/bus/dax/devices/%s/dev", c->root, name);
		found = read_line(path, num, sizeof(num));
		pathf(path, sizeof(path), "%s/sys/bus/dax/devices/%s/size", c->root, name);
		if (!found && read_line(path, size, sizeof(size)))
			found = -1;
	}
	if (found || sscanf(num, "%u:%u", &major, &minor) != 2)
		return NULL;
	v = &c->devs[c->ndevs++];
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->major = major;
	v->minor = minor;
	v->block = block;
	v->late = late;
	v->size = block ? 0 : strtoull(size, NULL, 0);
	return v;
}

/* The pmem disks the machine has as the command starts (root/dev/pmem*). */
static void scan_disks(struct exec_ctx *c)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	pathf(path, sizeof(path), "%s/dev", c->root);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "pmem", 4) && !is_machine_dev(c, e->d_name))
			dev_appeared(c, e->d_name, false);
	closedir(d);
}

/* An open of /dev/NAME: the device, or NULL to let the call continue. */
static const struct exec_dev *open_target(struct supervisor *s, int mem)
{
	const struct seccomp_data *d = &s->req->data;
	char path[PATH_MAX];
	unsigned long addr;

#ifdef __NR_open
	addr = d->nr == __NR_open ? d->args[0] : d->args[1];
#else
	addr = d->args[1];
#endif
	if (read_string(mem, addr, path, sizeof(path)) || strncmp(path, "/dev/", 5))
		return NULL;
	for (int i = 0; i < s->c->ndevs; i++)
		if (!strcmp(path + 5, s->c->devs[i].name))
			return &s->c->devs[i];
	return dev_appeared(s->c, path + 5, true);
}

/* The flags of an open or openat being served. */
static int open_flags(struct supervisor *s)
{
#ifdef __NR_open
	if (s->req->data.nr == __NR_open)
		return (int)s->req->data.args[1];
#endif
	return (int)s->req->data.args[2];
}

/*
 * The device a descriptor of the command stands for, or NULL: the memfd
 * the supervisor installed for an open of /dev/NAME, named after it.
 */
static const struct exec_dev *fd_target(struct supervisor *s, unsigned long fd)
{
	char path[64], link[PATH_MAX + 64];
	ssize_t n;

	pathf(path, sizeof(path), "/proc/%u/fd/%lu", s->req->pid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return NULL;
	link[n] = 0;
	for (int i = 0; i < s->c->ndevs; i++) {
		size_t rl = strlen(s->c->root);

		if (s->c->devs[i].block && !strncmp(link, s->c->root, rl) &&
		    !strncmp(link + rl, "/dev/", 5) && !strcmp(link + rl + 5, s->c->devs[i].name))
			return &s->c->devs[i];
	}
	if (strncmp(link, "/memfd:" EXEC_MEMFD_PREFIX, strlen("/memfd:" EXEC_MEMFD_PREFIX)))
		return NULL;
	for (int i = 0; i < s->c->ndevs; i++) {
		const char *name = link + strlen("/memfd:" EXEC_MEMFD_PREFIX);
		size_t len = strlen(s->c->devs[i].name);

		if (!strncmp(name, s->c->devs[i].name, len) && !strcmp(name + len, " (deleted)"))
			return &s->c->devs[i];
	}
	return NULL;
}

static bool fd_read_only(struct supervisor *s)
{
	for (unsigned int i = 0; i < s->nfds && i < EXEC_MAX_DEVS; i++)
		if (s->fds[i].pid == (pid_t)s->req->pid &&
		    s->fds[i].fd == (int)s->req->data.args[0])
			return s->fds[i].read_only;
	return false;
}

static void fd_opened(struct supervisor *s, int fd, int flags)
{
	struct dev_fd *e = &s->fds[s->nfds++ % EXEC_MAX_DEVS];

	e->pid = (pid_t)s->req->pid;
	e->fd = fd;
	e->read_only = (flags & O_ACCMODE) == O_RDONLY;
}

/* The device's ioctl: the argument read, answered, written back; the result or -errno. */
static long dev_ioctl(struct supervisor *s, const struct exec_dev *v, int mem)
{
	const struct hm_exec_dev_ops *ops = s->c->x->dev;
	unsigned long cmd = s->req->data.args[1];
	unsigned long addr = s->req->data.args[2];
	size_t have = 0;
	long want;

	for (;;) {
		want = ops->arg_size(ops->arg, v->name, cmd, s->arg, have);
		if (want < 0)
			return want;
		if ((size_t)want > EXEC_ARG_MAX)
			return -EINVAL;
		if ((size_t)want <= have)
			break;
		if (pread(mem, s->arg + have, (size_t)want - have, (off_t)(addr + have)) !=
		    (ssize_t)((size_t)want - have))
			return -EFAULT;
		have = (size_t)want;
	}
	if (!notif_valid(s))
		return -ESRCH;
	want = ops->ioctl(ops->arg, v->name, cmd, fd_read_only(s), s->arg, have);
	if (want >= 0 && have && pwrite(mem, s->arg, have, (off_t)addr) != (ssize_t)have)
		return -EFAULT;
	return want;
}

static bool is_open(int nr)
{
#ifdef __NR_open
	if (nr == __NR_open)
		return true;
#endif
	return nr == __NR_openat;
}

/*
 * A stat of one of the stand-in descriptors (fstat; newfstatat or statx
 * with AT_EMPTY_PATH and ""): the device, or NULL to let it continue.  A
 * stat by path reaches the node itself, which answers for itself.
 */
static const struct exec_dev *stat_target(struct supervisor *s, int mem)
{
	const struct seccomp_data *d = &s->req->data;
	char path[80];

#ifdef __NR_fstat
	if (d->nr == __NR_fstat)
		return fd_target(s, d->args[0]);
#endif
	if (read_string(mem, d->args[1], path, sizeof(path)))
		return NULL;
	if (!strncmp(path, "/dev/", 5)) {
		/* a device made after the command started has no node: answered here */
		for (int i = 0; i < s->c->ndevs; i++)
			if (!strcmp(path + 5, s->c->devs[i].name))
				return s->c->devs[i].late ? &s->c->devs[i] : NULL;
		return dev_appeared(s->c, path + 5, true);
	}
	if (!((d->nr == __NR_newfstatat ? d->args[3] : d->args[2]) & AT_EMPTY_PATH) || path[0])
		return NULL;
	return fd_target(s, (unsigned long)(int)d->args[0]);
}

/* The node's own stat (lstat of /dev/NAME in the command's namespace), written back. */
static long stat_answer(struct supervisor *s, const struct exec_dev *v, int mem)
{
	const struct seccomp_data *d = &s->req->data;
	char path[128];

	pathf(path, sizeof(path), "/proc/%u/root/dev/%s", s->req->pid, v->name);
	if (d->nr == __NR_statx) {
		struct statx stx;

		if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, (unsigned int)d->args[3], &stx))
			memset(&stx, 0, sizeof(stx));	/* a disk made after the command started */
		if (!S_ISCHR(stx.stx_mode) && !S_ISBLK(stx.stx_mode)) {
			/* the placeholder of a user namespace */
			stx.stx_mask |= STATX_TYPE | STATX_MODE;
			stx.stx_mode = (v->block ? S_IFBLK : S_IFCHR) | 0600;
			stx.stx_rdev_major = v->major;
			stx.stx_rdev_minor = v->minor;
			stx.stx_size = 0;
		}
		if (!notif_valid(s))
			return -ESRCH;
		return pwrite(mem, &stx, sizeof(stx), (off_t)d->args[4]) == sizeof(stx) ? 0 : -EFAULT;
	} else {
		struct stat st;
		unsigned long buf = d->args[d->nr == __NR_newfstatat ? 2 : 1];

		if (lstat(path, &st))
			memset(&st, 0, sizeof(st));	/* a disk made after the command started */
		if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
			/* the placeholder of a user namespace */
			st.st_mode = (v->block ? S_IFBLK : S_IFCHR) | 0600;
			st.st_rdev = makedev(v->major, v->minor);
			st.st_size = 0;
		}
		if (!notif_valid(s))
			return -ESRCH;
		return pwrite(mem, &st, sizeof(st), (off_t)buf) == sizeof(st) ? 0 : -EFAULT;
	}
}

/* Answers one notification. */
static void supervise_one(struct supervisor *s)
{
	const struct exec_dev *v;
	char path[128];
	long ret = 0;
	int mem;

	memset(s->req, 0, s->sizes.seccomp_notif);
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, s->req))
		return;		/* the caller died meanwhile (ENOENT), or EINTR */
	memset(s->resp, 0, s->sizes.seccomp_notif_resp);
	s->resp->id = s->req->id;
	pathf(path, sizeof(path), "/proc/%u/mem", s->req->pid);
	mem = open(path, O_RDWR | O_CLOEXEC);
	if (s->req->data.nr == __NR_ioctl) {
		v = fd_target(s, s->req->data.args[0]);
		if (v)
			ret = mem < 0 ? -EFAULT : dev_ioctl(s, v, mem);
	} else if (is_open(s->req->data.nr)) {
		v = mem < 0 ? NULL : open_target(s, mem);
		if (v && notif_valid(s)) {
			int flags = open_flags(s);
			struct seccomp_notif_addfd add = {
				.id = s->req->id, .flags = SECCOMP_ADDFD_FLAG_SEND,
				.newfd_flags = (unsigned int)(flags & O_CLOEXEC),
			};
			char name[96];
			int fd, nfd;

			/*
			 * A memfd named after the device stands for it (an O_PATH
			 * descriptor of the node cannot be handed over, and no
			 * driver opens the node): ioctls and stats on it come here.
			 */
			snprintf(name, sizeof(name), EXEC_MEMFD_PREFIX "%s", v->name);
			if (v->block) {
				/* a disk: the tree's file of its bytes, read and written there */
				char file[PATH_MAX + 64];

				fd = -1;
				if (!pathf(file, sizeof(file), "%s/dev/%s", s->c->root, v->name))
					fd = open(file, ((flags & O_ACCMODE) == O_RDONLY ?
							  O_RDONLY : O_RDWR) | O_CLOEXEC);
			} else {
				fd = memfd_create(name, MFD_CLOEXEC);
			}
			if (fd >= 0 && v->size && ftruncate(fd, (off_t)v->size)) {
				close(fd);
				fd = -1;
			}
			if (fd >= 0) {
				add.srcfd = (unsigned int)fd;
				/* answered by the kernel: the new descriptor is the open's result */
				nfd = ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
				if (nfd >= 0) {
					fd_opened(s, nfd, flags);
					close(fd);
					close(mem);
					return;
				}
				close(fd);
			}
			ret = -errno;
		}
	} else {
		v = mem < 0 ? NULL : stat_target(s, mem);
		if (v)
			ret = stat_answer(s, v, mem);
	}
	if (mem >= 0)
		close(mem);
	if (!v) {
		s->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	} else if (ret < 0) {
		s->resp->error = (int)ret;
	} else {
		s->resp->val = ret;
	}
	ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, s->resp);
}

/* Waits for the child, serving its notifications and reading its output. */
static int supervise(struct exec_ctx *c, pid_t pid, int listener, int out_rd, int *status)
{
	struct supervisor s = { .c = c, .listener = listener };
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	bool exited = false;
	char chunk[4096];
	int wstatus, err = 0;

	if (listener >= 0) {
		if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &s.sizes))
			err = -errno;
		s.req = calloc(1, s.sizes.seccomp_notif + sizeof(*s.req));
		s.resp = calloc(1, s.sizes.seccomp_notif_resp + sizeof(*s.resp));
		s.arg = malloc(EXEC_ARG_MAX);
		if (!err && (!s.req || !s.resp || !s.arg))
			err = -ENOMEM;
		if (err) {
			/* the command cannot be served: stop it rather than hang it */
			kill(pid, SIGKILL);
			close(listener);
			listener = -1;
		}
	}
	while (!exited || out_rd >= 0) {
		struct pollfd p[3] = { { pidfd, POLLIN, 0 }, { listener, POLLIN, 0 },
				       { out_rd, POLLIN, 0 } };
		int n = poll(p, 3, pidfd < 0 && !exited ? 20 : -1);

		if (n < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
		if (p[1].revents & POLLIN)
			supervise_one(&s);
		else if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			close(listener);
			listener = -1;
		}
		if (p[2].revents) {
			ssize_t r = read(out_rd, chunk, sizeof(chunk));

			if (r > 0 && c->x->capture)
				hm_buf_append(c->x->capture, chunk, (size_t)r);
			else if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
				close(out_rd);
				out_rd = -1;
			}
		}
		if (!exited && (pidfd < 0 || (p[0].revents & POLLIN))) {
			pid_t w = waitpid(pid, &wstatus, pidfd < 0 ? WNOHANG : 0);

			if (w == pid) {
				exited = true;
				if (pidfd >= 0) {
					close(pidfd);
					pidfd = -1;
				}
			} else if (w < 0 && errno != EINTR) {
				err = -errno;
				break;
			}
		}
		/*
		 * Done when the command has exited and its output ended; what it
		 * left running loses its supervisor (a pending request fails).
		 */
		if (exited && out_rd < 0)
			break;
	}
	if (listener >= 0)
		close(listener);
	if (out_rd >= 0)
		close(out_rd);
	if (pidfd >= 0)
		close(pidfd);
	free(s.req);
	free(s.resp);
	free(s.arg);
	if (err)
		return err;
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	return 0;
}

/*
 * A pty as the capture's pipe: fds[0] its master, fds[1] its terminal,
 * whose output goes out as written (no "\r\n" for "\n").  0 or -1.
 */
static int open_tty(int fds[2])
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), e;
	char *name;

	if (m < 0)
		return -1;
	if (grantpt(m) || unlockpt(m) || !(name = ptsname(m)))
		goto fail;
	fds[1] = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fds[1] < 0)
		goto fail;
	if (tcgetattr(fds[1], &t) == 0) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		t.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
		tcsetattr(fds[1], TCSANOW, &t);
	}
	fds[0] = m;
	return 0;
fail:
	e = errno;
	close(m);
	errno = e;
	return -1;
}

int hm_exec_run(const struct hm_exec *x, char *const *argv, int *status)
{
	struct exec_ctx *c;
	char dir[PATH_MAX];
	int sock[2], pipefd[2] = { -1, -1 }, listener, ret;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	pid_t pid;

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->x = x;
	c->argv = argv;
	c->out = -1;
	/* the devices as the tree lists them, read before the child covers anything */
	if (!realpath(x->root, c->root))
		snprintf(c->root, sizeof(c->root), "%s", x->root);
	snprintf(dir, sizeof(dir), "%s/sys/dev/char", x->root);
	scan_devs(c, dir);
	snprintf(dir, sizeof(dir), "%s/sys/class/nd", x->root);
	scan_devs(c, dir);
	snprintf(dir, sizeof(dir), "%s/sys/bus/nd/devices", x->root);
	scan_devs(c, dir);
	snprintf(dir, sizeof(dir), "%s/sys/bus/dax/devices", x->root);
	scan_devs(c, dir);
	scan_disks(c);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock)) {
		ret = -errno;
		free(c);
		return ret;
	}
	if (x->capture && (x->tty ? open_tty(pipefd) : pipe2(pipefd, O_CLOEXEC))) {
		ret = -errno;
		goto out_sock;
	}
	c->sock = sock[1];
	c->out = pipefd[1];
	/*
	 * As system(3): the terminal's interrupt goes to the command, not to
	 * us; a captured tool step leaves its caller's signals alone (hotmem
	 * mount handles its own).
	 */
	if (!x->capture) {
		sigaction(SIGINT, &ign, &old_int);
		sigaction(SIGQUIT, &ign, &old_quit);
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out_sig;
	}
	if (pid == 0)
		child_main(c);
	close(sock[1]);
	sock[1] = -1;
	if (pipefd[1] >= 0) {
		close(pipefd[1]);
		pipefd[1] = -1;
	}
	/* the listener, or nothing (EOF at exec) when the command needs none */
	listener = recv_fd(sock[0]);
	ret = supervise(c, pid, listener, pipefd[0], status);
	pipefd[0] = -1;
out_sig:
	if (!x->capture) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
	}
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
out_sock:
	close(sock[0]);
	if (sock[1] >= 0)
		close(sock[1]);
	free(c);
	return ret;
}

/* ------------------------------------------- the tree's device channel */

/* One request on root/dev/dev (fuse_dev.h): the answer's length, or -errno. */
static ssize_t tree_transact(const char *root, const char *dev, uint32_t kind, int read_only,
			     unsigned long cmd, const void *arg, size_t size, void *answer,
			     size_t cap)
{
	char path[PATH_MAX];
	unsigned char *req;
	ssize_t n;
	int fd;

	pathf(path, sizeof(path), "%s/dev/%s", root, dev);
	req = malloc(FUSE_DEV_HDR + size);
	if (!req)
		return -ENOMEM;
	for (int i = 0; i < 4; i++) {
		req[i] = (unsigned char)(kind >> (8 * i));
		req[4 + i] = (unsigned char)((uint32_t)read_only >> (8 * i));
	}
	for (int i = 0; i < 8; i++)
		req[8 + i] = (unsigned char)((uint64_t)cmd >> (8 * i));
	if (size)
		memcpy(req + FUSE_DEV_HDR, arg, size);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		free(req);
		return -ENXIO;	/* the machine has no such device (any more) */
	}
	n = pwrite(fd, req, FUSE_DEV_HDR + size, 0);
	if (n == (ssize_t)(FUSE_DEV_HDR + size))
		n = pread(fd, answer, cap, 0);
	else if (n >= 0)
		n = -EIO;
	if (n < 0)
		n = -errno;
	close(fd);
	free(req);
	return n;
}

static int64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

static long tree_arg_size(void *arg, const char *dev, unsigned long cmd, const void *buf,
			  size_t have)
{
	unsigned char answer[8];
	ssize_t n = tree_transact(arg, dev, FUSE_DEV_SIZE, 0, cmd, buf, have, answer,
				  sizeof(answer));

	if (n < 0)
		return (long)n;
	return n == 8 ? (long)le64(answer) : -EIO;
}

static int tree_ioctl(void *arg, const char *dev, unsigned long cmd, int read_only, void *buf,
		      size_t size)
{
	unsigned char *answer = malloc(8 + size);
	ssize_t n;
	int ret;

	if (!answer)
		return -ENOMEM;
	n = tree_transact(arg, dev, FUSE_DEV_IOCTL, read_only, cmd, buf, size, answer, 8 + size);
	if (n < 0) {
		ret = (int)n;
	} else if (n != (ssize_t)(8 + size)) {
		ret = -EIO;
	} else {
		ret = (int)le64(answer);
		memcpy(buf, answer + 8, size);
	}
	free(answer);
	return ret;
}

void hm_exec_tree_dev(struct hm_exec_dev_ops *ops, const char *root)
{
	ops->arg_size = tree_arg_size;
	ops->ioctl = tree_ioctl;
	ops->arg = (void *)root;
}
