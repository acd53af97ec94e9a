// SPDX-License-Identifier: GPL-2.0
/*
 * fuse_sysfs.c - serves the emulated sysfs/procfs tree over FUSE (libfuse3,
 * high-level API, its multi-threaded loop: a thread a request in flight).
 *
 * A file's content is made at open, as sysfs fills its buffer on the first
 * read; a write calls the store with the bytes written and returns its
 * errno, as a sysfs store does.  Truncation is accepted (the shell's ">"
 * opens with O_TRUNC) and does nothing.
 *
 * Writes take the device hotplug lock, as the kernel's stores do
 * (lock_device_hotplug_sysfs): one at a time, the others waiting (or
 * -EINTR if their writer is interrupted meanwhile: the kernel restarts the
 * call instead, which FUSE cannot).  An offline that cannot make progress
 * waits for the machine to change, or for its writer's signal (FUSE
 * INTERRUPT, then -EINTR as signal_pending ends the kernel's), the mutex
 * released meanwhile, so that every other request goes on.
 */
#define _GNU_SOURCE		/* pthread_timedjoin_np */
#define FUSE_USE_VERSION 312
#include <errno.h>
#include <fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fuse/fuse_dev.h"
#include "hotmem/fuse_sysfs.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

struct open_file;

/* How often a waiting writer looks whether it was interrupted (FUSE has no wake-up for it). */
#define FUSE_INTR_POLL_MS 20

struct hm_fuse {
	struct hm_system *sys;
	struct open_file *open_files;	/* freed at stop if no release came */
	struct hm_machine_lock *lock;
	bool may_block;		/* offlines wait for progress (the live mount) */
	bool stopping;		/* hm_fuse_stop: waiting writers give up */
	struct fuse *fuse;
	pthread_t thread;
	uid_t uid;
	gid_t gid;
	char *mountpoint;
};

struct open_file {
	struct hm_buf content;
	uint64_t serial;	/* its device's sysfs node (sysfs_stat), 0: not tracked */
	struct open_file *prev, *next;
};

void hm_machine_lock_init(struct hm_machine_lock *l)
{
	pthread_condattr_t ca;

	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->mutex, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->changed, &ca);
	pthread_condattr_destroy(&ca);
}

void hm_machine_lock_destroy(struct hm_machine_lock *l)
{
	pthread_cond_destroy(&l->changed);
	pthread_mutex_destroy(&l->mutex);
}

void hm_machine_lock_changed(struct hm_machine_lock *l)
{
	l->gen++;
	pthread_cond_broadcast(&l->changed);
}

static struct hm_fuse *hm_fuse_ctx(void)
{
	return fuse_get_context()->private_data;
}

/* Waits (mutex held) for a change, at most FUSE_INTR_POLL_MS. */
static void wait_changed(struct hm_machine_lock *l)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += FUSE_INTR_POLL_MS * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&l->changed, &l->mutex, &ts);
}

/*
 * sys->offline_wait of the live mount: a writer's offline that moved nothing
 * waits until the machine changes (0: try again) or the writer is
 * interrupted (-EINTR).  Anyone else (a control line, a step's chmem) gets
 * -EINTR at once: nothing can free memory while it runs.
 */
static int fuse_offline_wait(struct hm_system *sys, void *arg)
{
	struct hm_fuse *f = arg;
	struct fuse_context *ctx = fuse_get_context();
	uint64_t gen = f->lock->gen;

	if (!ctx || ctx->fuse != f->fuse)
		return -EINTR;
	while (f->lock->gen == gen) {
		if (f->stopping || fuse_interrupted())
			return -EINTR;
		wait_changed(f->lock);
	}
	return 0;
}

/* sysfs_stat under the machine's lock */
static int locked_stat(struct hm_fuse *f, const char *path, struct sysfs_stat *ss)
{
	int ret;

	pthread_mutex_lock(&f->lock->mutex);
	ret = sysfs_stat(f->sys, path, ss);
	pthread_mutex_unlock(&f->lock->mutex);
	return ret;
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct hm_fuse *f = hm_fuse_ctx();
	struct sysfs_stat ss;
	int ret;

	if (fuse_dev_path(path)) {	/* DIR/dev: hotmem exec's device channel */
		pthread_mutex_lock(&f->lock->mutex);
		ret = fuse_dev_getattr(f->sys, path, st);
		pthread_mutex_unlock(&f->lock->mutex);
		st->st_uid = f->uid;
		st->st_gid = f->gid;
		st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec =
			(time_t)f->sys->boot_time;
		return ret;
	}
	ret = locked_stat(f, path, &ss);

	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->st_uid = f->uid;
	st->st_gid = f->gid;
	/* kernfs gives an inode the time it is made: the machine's boot, here */
	st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = (time_t)f->sys->boot_time;
	switch (ss.kind) {
	case SYSFS_DIR:
		st->st_mode = S_IFDIR | ss.mode;
		st->st_nlink = 2;
		break;
	case SYSFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_nlink = 1;
		st->st_size = (off_t)strlen(ss.target);
		break;
	case SYSFS_FILE:
		st->st_mode = S_IFREG | ss.mode;
		st->st_nlink = 1;
		st->st_size = 4096;	/* as sysfs reports */
		break;
	}
	return 0;
}

static int fs_readlink(const char *path, char *buf, size_t size)
{
	struct sysfs_stat ss;
	int ret = locked_stat(hm_fuse_ctx(), path, &ss);

	if (ret)
		return ret;
	if (ss.kind != SYSFS_LINK)
		return -EINVAL;
	snprintf(buf, size, "%s", ss.target);
	return 0;
}

struct fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
};

static int fill_entry(const char *name, const struct sysfs_stat *ss, void *arg)
{
	struct fill_ctx *c = arg;

	return c->filler(c->buf, name, NULL, 0, 0) ? -ENOMEM : 0;
}

static int fill_dev(const char *name, void *arg)
{
	struct fill_ctx *c = arg;

	return c->filler(c->buf, name, NULL, 0, 0) ? -ENOMEM : 0;
}

/* A directory's names, collected to be given in kernfs order. */
struct name_list {
	char **names;
	size_t n, cap;
};

static int collect_entry(const char *name, const struct sysfs_stat *ss, void *arg)
{
	struct name_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **p = realloc(l->names, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->names = p;
		l->cap = cap;
	}
	l->names[l->n] = strdup(name);
	return l->names[l->n] ? (l->n++, 0) : -ENOMEM;
}

/* kernfs_sd_compare: by hash, then by name */
static int kernfs_order(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	unsigned int hx = kernfs_name_hash(x), hy = kernfs_name_hash(y);

	return hx != hy ? (hx < hy ? -1 : 1) : strcmp(x, y);
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct hm_fuse *f = hm_fuse_ctx();
	struct fill_ctx c = { buf, filler };
	int ret;

	filler(buf, ".", NULL, 0, 0);
	filler(buf, "..", NULL, 0, 0);
	pthread_mutex_lock(&f->lock->mutex);
	if (fuse_dev_path(path)) {
		ret = path[4] ? -ENOTDIR : fuse_dev_readdir(f->sys, fill_dev, &c);
	} else if (!strncmp(path, "/sys", 4) && (!path[4] || path[4] == '/')) {
		/* sysfs lists a directory in kernfs's order, which tools walk in */
		struct name_list l = { 0 };

		ret = sysfs_readdir(f->sys, path, collect_entry, &l);
		if (!ret && l.n)	/* an empty directory has no array (qsort wants one) */
			qsort(l.names, l.n, sizeof(*l.names), kernfs_order);
		for (size_t i = 0; i < l.n; i++) {
			if (!ret)
				ret = fill_dev(l.names[i], &c);
			free(l.names[i]);
		}
		free(l.names);
	} else {
		ret = sysfs_readdir(f->sys, path, fill_entry, &c);
	}
	if (!ret && !strcmp(path, "/"))
		ret = fill_dev("dev", &c);
	pthread_mutex_unlock(&f->lock->mutex);
	return ret;
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	struct hm_fuse *f = hm_fuse_ctx();
	struct open_file *of;
	struct sysfs_stat ss;
	int ret;

	pthread_mutex_lock(&f->lock->mutex);
	if (fuse_dev_path(path)) {
		struct stat st;

		/* a device's channel: the answers of its requests, nothing at open */
		ret = fuse_dev_getattr(f->sys, path, &st);
		if (!ret && S_ISDIR(st.st_mode))
			ret = -EISDIR;
		memset(&ss, 0, sizeof(ss));	/* no content, no sysfs node (serial 0) */
	} else {
		ret = sysfs_stat(f->sys, path, &ss);
		if (!ret && ss.kind != SYSFS_FILE)
			ret = -EISDIR;
	}
	if (ret) {
		pthread_mutex_unlock(&f->lock->mutex);
		return ret;
	}
	of = hm_kzalloc(&f->sys->alloc, sizeof(*of));	/* counted: fault injection */
	if (!of) {
		pthread_mutex_unlock(&f->lock->mutex);
		return -ENOMEM;
	}
	hm_buf_init(&of->content);
	of->serial = ss.serial;
	/* the content of a readable file, made once as sysfs does */
	if ((fi->flags & O_ACCMODE) != O_WRONLY && (ss.mode & 0444)) {
		ret = sysfs_read(f->sys, path, &of->content);
		if (ret) {
			pthread_mutex_unlock(&f->lock->mutex);
			hm_buf_free(&of->content);
			hm_kfree(&f->sys->alloc, of);
			return ret;
		}
	}
	of->next = f->open_files;
	if (of->next)
		of->next->prev = of;
	f->open_files = of;
	pthread_mutex_unlock(&f->lock->mutex);
	fi->fh = (uint64_t)(uintptr_t)of;
	fi->direct_io = 1;	/* sizes are not real: read what show made */
	return 0;
}

/*
 * kernfs deactivates the node of a removed device for good: reads and
 * writes through a file opened before answer ENODEV, even once another
 * device sits at the same path (its node is a new one).  Mutex held.
 */
static bool of_removed(struct hm_fuse *f, const char *path, const struct open_file *of)
{
	struct sysfs_stat ss;

	if (!of->serial)
		return false;
	return sysfs_stat(f->sys, path, &ss) || ss.serial != of->serial;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	struct open_file *of = (struct open_file *)(uintptr_t)fi->fh;
	struct hm_fuse *f = hm_fuse_ctx();
	bool removed;

	if (fuse_dev_is_disk(path)) {	/* a pmem disk's bytes */
		long n;

		pthread_mutex_lock(&f->lock->mutex);
		n = fuse_dev_disk_rw(f->sys, path, false, buf, size, off);
		pthread_mutex_unlock(&f->lock->mutex);
		return (int)n;
	}
	pthread_mutex_lock(&f->lock->mutex);
	removed = of_removed(f, path, of);
	pthread_mutex_unlock(&f->lock->mutex);
	if (removed)
		return -ENODEV;

	if (off < 0 || (size_t)off >= of->content.len)
		return 0;
	if (size > of->content.len - (size_t)off)
		size = of->content.len - (size_t)off;
	memcpy(buf, of->content.data + off, size);
	return (int)size;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct hm_fuse *f = hm_fuse_ctx();
	struct hm_machine_lock *l = f->lock;
	int ret;

	if (fuse_dev_is_disk(path)) {	/* a pmem disk's bytes */
		long n;

		pthread_mutex_lock(&l->mutex);
		n = fuse_dev_disk_rw(f->sys, path, true, (void *)buf, size, off);
		pthread_mutex_unlock(&l->mutex);
		return (int)n;
	}
	if (fuse_dev_path(path)) {	/* an ioctl's request: nvdimm_bus_lock, not hotplug's */
		pthread_mutex_lock(&l->mutex);
		ret = fuse_dev_transact(f->sys, path, buf, size,
					&((struct open_file *)(uintptr_t)fi->fh)->content);
		pthread_mutex_unlock(&l->mutex);
		return ret ? ret : (int)size;
	}
	pthread_mutex_lock(&l->mutex);
	while (l->hotplug) {		/* another store runs (or waits in an offline) */
		if (f->stopping || fuse_interrupted()) {
			pthread_mutex_unlock(&l->mutex);
			return -EINTR;
		}
		wait_changed(l);
	}
	if (fi && of_removed(f, path, (struct open_file *)(uintptr_t)fi->fh)) {
		pthread_mutex_unlock(&l->mutex);
		return -ENODEV;
	}
	l->hotplug = true;
	ret = sysfs_write(f->sys, path, buf, size);
	l->hotplug = false;
	hm_machine_lock_changed(l);
	pthread_mutex_unlock(&l->mutex);
	return ret ? ret : (int)size;
}

static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct sysfs_stat ss;
	int ret = locked_stat(hm_fuse_ctx(), path, &ss);

	if (ret)
		return ret;
	return ss.kind == SYSFS_FILE ? 0 : -EISDIR;
}

/* Creating files is refused, as in sysfs. */
static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	return -EACCES;
}

static void open_file_free(struct hm_fuse *f, struct open_file *of)
{
	if (of->prev)
		of->prev->next = of->next;
	else
		f->open_files = of->next;
	if (of->next)
		of->next->prev = of->prev;
	hm_buf_free(&of->content);
	hm_kfree(&f->sys->alloc, of);
}

static int fs_release(const char *path, struct fuse_file_info *fi)
{
	struct hm_fuse *f = hm_fuse_ctx();

	pthread_mutex_lock(&f->lock->mutex);
	open_file_free(f, (struct open_file *)(uintptr_t)fi->fh);
	pthread_mutex_unlock(&f->lock->mutex);
	return 0;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations fs_ops = {
	.init = fs_init,
	.getattr = fs_getattr,
	.readlink = fs_readlink,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
	.write = fs_write,
	.truncate = fs_truncate,
	.create = fs_create,
	.release = fs_release,
};

/* SIGUSR2 only interrupts the server thread's read of /dev/fuse. */
static void fs_wakeup(int sig)
{
}

static void *fs_thread(void *arg)
{
	struct hm_fuse *f = arg;
	struct fuse_loop_config *cfg = fuse_loop_cfg_create();

	if (!cfg)
		return NULL;
	/* libfuse starts a thread for a request when none is idle, up to the maximum */
	fuse_loop_cfg_set_max_threads(cfg, HM_FUSE_MAX_THREADS);
	fuse_loop_cfg_set_idle_threads(cfg, 4);
	fuse_loop_cfg_set_clone_fd(cfg, 0);
	fuse_loop_mt(f->fuse, cfg);
	fuse_loop_cfg_destroy(cfg);
	return NULL;
}

int hm_fuse_start(struct hm_fuse **out, struct hm_system *sys, struct hm_machine_lock *lock,
		  bool may_block, const char *mountpoint, struct hm_buf *err)
{
	char *argv[] = { "hotmem", "-o", "default_permissions,fsname=hotmem,subtype=hotmem",
			 NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct hm_fuse *f;

	/* counted, as the open files are: the machine's allocator, before any thread */
	f = hm_kzalloc(&sys->alloc, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->sys = sys;
	f->lock = lock;
	f->may_block = may_block;
	f->uid = getuid();
	f->gid = getgid();
	f->mountpoint = hm_kstrdup(&sys->alloc, mountpoint);
	if (!f->mountpoint) {
		fuse_opt_free_args(&args);
		hm_kfree(&sys->alloc, f);
		return -ENOMEM;
	}
	f->fuse = fuse_new(&args, &fs_ops, sizeof(fs_ops), f);
	fuse_opt_free_args(&args);
	if (!f->fuse) {
		hm_buf_printf(err, "fuse: cannot create the file system");
		goto out_free;
	}
	if (fuse_mount(f->fuse, mountpoint)) {
		hm_buf_printf(err, "fuse: cannot mount at %s (is /dev/fuse usable?)", mountpoint);
		goto out_destroy;
	}
	/* a no-op handler without SA_RESTART, so that hm_fuse_stop can wake the loop */
	{
		struct sigaction old, sa = { .sa_handler = fs_wakeup };

		if (!sigaction(SIGUSR2, NULL, &old) && old.sa_handler == SIG_DFL)
			sigaction(SIGUSR2, &sa, NULL);
	}
	if (pthread_create(&f->thread, NULL, fs_thread, f)) {
		hm_buf_printf(err, "fuse: cannot start the server thread");
		fuse_unmount(f->fuse);
		goto out_destroy;
	}
	if (may_block) {
		pthread_mutex_lock(&lock->mutex);
		sys->offline_wait = fuse_offline_wait;
		sys->offline_wait_arg = f;
		pthread_mutex_unlock(&lock->mutex);
	}
	*out = f;
	return 0;

out_destroy:
	fuse_destroy(f->fuse);
out_free:
	hm_kfree(&sys->alloc, f->mountpoint);
	hm_kfree(&sys->alloc, f);
	return -EIO;
}

void hm_fuse_stop(struct hm_fuse *f)
{
	if (!f)
		return;
	/* writers waiting in an offline or for the hotplug lock give up */
	pthread_mutex_lock(&f->lock->mutex);
	f->stopping = true;
	if (f->sys->offline_wait_arg == f) {
		f->sys->offline_wait = NULL;
		f->sys->offline_wait_arg = NULL;
	}
	pthread_cond_broadcast(&f->lock->changed);
	pthread_mutex_unlock(&f->lock->mutex);
	/*
	 * Stop the loop between requests: set its exit flag and interrupt its
	 * read of /dev/fuse; unmount once it has returned, so that no request
	 * is cut off half-way (an unmount first makes libfuse drop a request
	 * it has allocated).
	 */
	fuse_exit(f->fuse);
	do {
		/* again and again: the thread may have been just about to read */
		struct timespec ts;

		pthread_kill(f->thread, SIGUSR2);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!pthread_timedjoin_np(f->thread, NULL, &ts))
			break;
	} while (1);
	fuse_unmount(f->fuse);
	fuse_destroy(f->fuse);
	/* files whose release the unmount overtook */
	while (f->open_files)
		open_file_free(f, f->open_files);
	hm_kfree(&f->sys->alloc, f->mountpoint);
	hm_kfree(&f->sys->alloc, f);
}
