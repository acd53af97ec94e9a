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

/**
 * fuse_dev_is_disk() - whether a path is one of the pmem disks
 * @path: the path in the mount ("/dev/pmem0")
 *
 * The pmem disks (pmemX[.Y]) are under /dev too, as files of the disk's
 * size whose bytes are the disk's (nd_disk_rw): what `hotmem exec` hands
 * a command that opens /dev/pmemX[.Y].
 *
 * Return: true for "/dev/pmem..." paths.
 */
bool fuse_dev_is_disk(const char *path);
/**
 * fuse_dev_disk_rw() - read or write a disk's bytes
 * @sys: the system
 * @path: "/dev/pmemX[.Y]"
 * @write: a write (else a read)
 * @buf: the bytes
 * @len: how many
 * @off: from where
 *
 * Context: under the machine's mutex.
 * Return: the bytes done; -ENXIO for a disk that is gone; -EINVAL.
 */
long fuse_dev_disk_rw(struct hm_system *sys, const char *path, bool write, void *buf,
		      size_t len, off_t off);

/**
 * fuse_dev_path() - whether a path of the mount is this module's
 * @path: the path in the mount ("/dev/nmem0")
 *
 * Return: true for "/dev" and the paths below it.
 */
bool fuse_dev_path(const char *path);
/**
 * fuse_dev_getattr() - stat of "/dev" or one of its devices
 * @sys: the system
 * @path: "/dev" (a directory) or "/dev/NAME" (a 0600 file)
 * @st: filled in
 *
 * Context: under the machine's mutex.
 * Return: 0, or -ENOENT for no such device.
 */
int fuse_dev_getattr(struct hm_system *sys, const char *path, struct stat *st);
/**
 * fuse_dev_readdir() - list the machine's character devices
 * @sys: the system
 * @fn: called with each device's name; a non-zero return stops the listing
 * @arg: passed to @fn
 *
 * Context: under the machine's mutex.
 * Return: 0, or @fn's non-zero return.
 */
int fuse_dev_readdir(struct hm_system *sys, int (*fn)(const char *name, void *arg), void *arg);
/**
 * fuse_dev_transact() - run one request written to a device file
 * @sys: the system
 * @path: "/dev/NAME"
 * @req: the request (the header, then the ioctl's argument bytes)
 * @len: its length
 * @reply: replaced by the answer (an i64, then for FUSE_DEV_IOCTL the
 *	argument as the ioctl left it)
 *
 * The ioctl's own error is in the answer, not in the return value.
 *
 * Context: under the machine's mutex.
 * Return: 0; -EINVAL for a request shorter than its header, an unknown kind
 * or a device that is gone; -ENOMEM when @reply could not hold the answer.
 */
int fuse_dev_transact(struct hm_system *sys, const char *path, const char *req, size_t len,
		      struct hm_buf *reply);

#endif /* HOTMEM_FUSE_DEV_H */
