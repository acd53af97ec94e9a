/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuse_dev.h - DIR/dev of a mounted tree: the machine's character devices
 * (ndctl0, nmemN) as files that carry their ioctls for `hotmem exec`.
 *
 * A client opens DIR/dev/NAME read-write, writes one request and reads its
 * answer at offset 0 (each write replaces the answer).  A request is
 * little-endian: u32 kind, u32 read_only, u64 the ioctl number, then the
 * argument bytes; kind FUSE_DEV_SIZE asks nd_ioctl_arg_size (the answer:
 * i64), kind FUSE_DEV_IOCTL runs nd_ioctl (the answer: i64 result, then
 * the argument as the ioctl left it).
 */
#ifndef HOTMEM_FUSE_DEV_H
#define HOTMEM_FUSE_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include "hotmem/report.h"

struct hm_system;

enum { FUSE_DEV_SIZE = 1, FUSE_DEV_IOCTL = 2 };
#define FUSE_DEV_HDR 16		/* kind, read_only, cmd */

/*
 * The pmem disks (pmemX[.Y]) are there too, as files of the disk's size
 * whose bytes are the disk's (nd_disk_rw): what `hotmem exec` hands a
 * command that opens /dev/pmemX[.Y].
 */
bool fuse_dev_is_disk(const char *path);
/* A read or write of a disk's bytes: the bytes done, or -errno. */
long fuse_dev_disk_rw(struct hm_system *sys, const char *path, bool write, void *buf,
		      size_t len, off_t off);

/* "/dev" or a path below it. */
bool fuse_dev_path(const char *path);
/* stat of "/dev" (a directory) or "/dev/NAME" (a 0600 file): 0 or -ENOENT. */
int fuse_dev_getattr(struct hm_system *sys, const char *path, struct stat *st);
/* Calls fn for each device of "/dev": 0 or fn's error. */
int fuse_dev_readdir(struct hm_system *sys, int (*fn)(const char *name, void *arg), void *arg);
/* One request written to path: its answer in reply.  0 or -EINVAL (a malformed request). */
int fuse_dev_transact(struct hm_system *sys, const char *path, const char *req, size_t len,
		      struct hm_buf *reply);

#endif /* HOTMEM_FUSE_DEV_H */
