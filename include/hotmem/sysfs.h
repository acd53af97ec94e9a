/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs.h - the emulated /sys and /proc files of memory hotplug.
 *
 * Each file is declared once with its mode, show and store (as the
 * kernel's DEVICE_ATTR tables do); show prints exactly what the kernel
 * prints, store returns 0 or the kernel's -errno.  Paths are absolute
 * ("/sys/devices/system/memory/memory32/state").
 */
#ifndef HOTMEM_SYSFS_H
#define HOTMEM_SYSFS_H

#include <stddef.h>
#include "hotmem/report.h"

struct hm_system;

enum sysfs_kind { SYSFS_DIR, SYSFS_FILE, SYSFS_LINK };

struct sysfs_stat {
	enum sysfs_kind kind;
	unsigned int mode;	/* permission bits: 0444, 0644, 0200, ... */
	char target[128];	/* a link's relative target */
};

/* Reads a file: 0, -ENOENT, -EISDIR, -EACCES (write-only). */
int sysfs_read(struct hm_system *sys, const char *path, struct hm_buf *out);
/* Writes len bytes to a file: 0, -ENOENT, -EISDIR, -EACCES (read-only), or the store's error. */
int sysfs_write(struct hm_system *sys, const char *path, const char *buf, size_t len);
int sysfs_stat(struct hm_system *sys, const char *path, struct sysfs_stat *st);
/* Calls fn for each entry of a directory, in a stable order. */
int sysfs_readdir(struct hm_system *sys, const char *path,
		  int (*fn)(const char *name, const struct sysfs_stat *st, void *arg), void *arg);
/* Writes the tree below /sys and /proc into dir (files and symlinks). */
int sysfs_export(struct hm_system *sys, const char *dir);

#endif /* HOTMEM_SYSFS_H */
