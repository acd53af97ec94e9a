/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs.h - the emulated /sys and /proc files of memory hotplug.
 *
 * The API (sysfs_read, sysfs_write, sysfs_stat, sysfs_readdir,
 * sysfs_export) takes absolute paths ("/sys/devices/system/memory/memory32/state").
 * show prints exactly what the kernel prints, store returns 0 or the
 * kernel's -errno.  Symlinks inside a path are followed as the VFS follows
 * them (/sys/devices/system/node/node0/memory32/state is the block's state
 * file); sysfs_stat does not follow a link in the last component (lstat),
 * sysfs_read, sysfs_write and sysfs_readdir do.
 *
 * The tree is made of directory kinds, each a static struct sysfs_dir
 * defined by the module that owns it, beside the code it shows (memory
 * blocks in memory.c, nodes in node.c, module parameters in
 * memory_hotplug.c, the error injection debugfs in notifier.c, /proc files
 * in mmzone.c; the firmware map and /proc/iomem in sysfs.c, as
 * firmware_memmap.c and resource.c take only their own struct).  sysfs.c
 * holds one resolver and the skeleton (/, /sys, /proc, /sys/devices/system,
 * /sys/bus, ...) that links the kinds together.  A directory has:
 *
 *  - groups: attribute tables (the kernel's attribute_group lists), each a
 *    static array of struct sysfs_attr ended by an empty entry, made with
 *    SYSFS_ATTR_RO/RW/WO (DEVICE_ATTR_RO/RW/WO: name_show/name_store);
 *  - children: fixed subdirectories, each a name and a kind;
 *  - numbered: entries named prefix<N> (memory32, node1, or "" for the
 *    firmware map's 0, 1, ...), that exist as next() says; each is a
 *    directory of a kind, or a symlink whose target is printf'd with N.
 *
 * A directory instance carries one number, id: the N of the nearest
 * numbered directory above it (a block id, a nid, a map entry number), or
 * 0; every show and store receives it, as the kernel's receive the device.
 *
 * Adding a device type (for example /sys/bus/nd/devices/regionN):
 *
 *	static int size_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
 *			     struct hm_buf *out) { ... }
 *	static const struct sysfs_attr region_attrs[] = {
 *		SYSFS_ATTR_RO(size),
 *		{ NULL }
 *	};
 *	static const struct sysfs_attr *const region_groups[] = { region_attrs, NULL };
 *	const struct sysfs_dir nd_region_dir = { .groups = region_groups };
 *	// an iterator: the first region id >= from, or -1
 *	static long region_next(struct hm_system *sys, long parent, long from) { ... }
 *	const struct sysfs_dir nd_bus_devices_dir = {
 *		.numbered = (const struct sysfs_numbered[]){
 *			{ "region", region_next, .dir = &nd_region_dir },
 *			{ NULL } },
 *	};
 *
 * then declare the top kind below (extern const struct sysfs_dir ...) and
 * add one line to its parent's children in sysfs.c's skeleton (or in the
 * owner's table, when the parent is a kind of its own).  Nothing else: the
 * resolver, listing, stat, FUSE and export follow the tables.
 *
 * Files of a group appear in table order, then fixed links, fixed
 * children, then numbered entries by increasing N.  A show that cannot print returns a
 * negative errno (the read fails with it); show may be NULL (write-only).
 */
#ifndef HOTMEM_SYSFS_H
#define HOTMEM_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hotmem/report.h"

struct hm_system;

enum sysfs_kind { SYSFS_DIR, SYSFS_FILE, SYSFS_LINK };

struct sysfs_stat {
	enum sysfs_kind kind;
	unsigned int mode;	/* permission bits: 0444, 0644, 0200, ... */
	char target[128];	/* a link's relative target */
	/*
	 * The creation serial of the nearest numbered directory on the path
	 * that keeps one (0: none): a device removed and added again at the
	 * same path is a new kernfs node, with a new serial (sysfs_stat only).
	 */
	uint64_t serial;
};

/* One file of a directory kind (struct device_attribute). */
struct sysfs_attr {
	const char *name;	/* NULL ends a table */
	unsigned int mode;
	int (*show)(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		    struct hm_buf *out);
	int (*store)(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		     const char *buf);
	long arg;		/* a datum for a show or store that serves several files */
	/* NULL: always there; else the file exists only when true (a group's is_visible) */
	bool (*visible)(const struct hm_system *sys, long id, const struct sysfs_attr *attr);
};

#define SYSFS_ATTR_RO(_name) { .name = #_name, .mode = 0444, .show = _name##_show }
#define SYSFS_ATTR_RW(_name) \
	{ .name = #_name, .mode = 0644, .show = _name##_show, .store = _name##_store }
#define SYSFS_ATTR_WO(_name) { .name = #_name, .mode = 0200, .store = _name##_store }

struct sysfs_dir;

/* A fixed subdirectory. */
struct sysfs_child {
	const char *name;	/* NULL ends a list */
	const struct sysfs_dir *dir;
};

/* Entries prefix<N> of a directory instance whose id is parent. */
struct sysfs_numbered {
	const char *prefix;	/* NULL ends a list */
	/* the first N >= from that exists, or -1 */
	long (*next)(struct hm_system *sys, long parent, long from);
	const struct sysfs_dir *dir;	/* each a directory of this kind, its id N; or */
	const char *link;		/* each a symlink to this target, printf'd with N */
	/* a directory's creation serial (sys->kobj_serial when it was made), or NULL */
	uint64_t (*serial)(struct hm_system *sys, long id);
	/*
	 * Names of two numbers, prefix<A>.<B> (libnvdimm's namespace0.1, the
	 * dax device dax0.1): N is A * SYSFS_DOTTED + B, B < SYSFS_DOTTED.
	 */
	bool dotted;
	/*
	 * The entry's name for N written into buf, instead of prefix<N> (the
	 * prefix then only ends the list): names a device takes from
	 * another's (pmem0, pmem0.1, pmem0s)
	 */
	void (*name_get)(struct hm_system *sys, long id, char *buf, size_t size);
	/* a symlink's target for N written into buf (instead of link): 0 or -ENOENT */
	int (*link_get)(struct hm_system *sys, long id, char *buf, size_t size);
};

#define SYSFS_DOTTED	4096L

/* A fixed symlink of a directory kind (a device's subsystem, driver, firmware_node). */
struct sysfs_link {
	const char *name;	/* NULL ends a list */
	const char *target;	/* the target, printf'd with the instance's id; or */
	/* writes instance id's target into buf: 0, or -ENOENT where it has no such link */
	int (*get)(struct hm_system *sys, long id, char *buf, size_t size);
};

struct sysfs_dir {
	const struct sysfs_attr *const *groups;		/* NULL-terminated */
	const struct sysfs_link *links;			/* ended by { NULL } */
	const struct sysfs_child *children;		/* ended by { NULL } */
	const struct sysfs_numbered *numbered;		/* ended by { NULL } */
	/* NULL: always there; else a fixed child only when true (a config option) */
	bool (*visible)(const struct hm_system *sys);
};

/* The directory kinds of each owner, linked into the tree by sysfs.c. */
extern const struct sysfs_dir memory_subsys_dir;	/* memory.c: /sys/devices/system/memory */
extern const struct sysfs_dir memory_bus_devices_dir;	/* memory.c: /sys/bus/memory/devices */
extern const struct sysfs_dir node_subsys_dir;		/* node.c: /sys/devices/system/node */
extern const struct sysfs_dir memory_hotplug_params_dir; /* memory_hotplug.c: module parameters */
extern const struct sysfs_dir memory_notifier_inject_dir; /* notifier.c: .../notifier-error-inject/memory */
extern const struct sysfs_dir nd_bus_devices_dir;	/* nvdimm_sysfs.c: /sys/bus/nd/devices */
extern const struct sysfs_dir dax_bus_devices_dir;	/* nvdimm_sysfs.c: /sys/bus/dax/devices */
extern const struct sysfs_dir acpi_nfit_dev_dir;	/* nvdimm_sysfs.c: .../ACPI0012:00 */
extern const struct sysfs_dir nd_class_dir;		/* nvdimm_sysfs.c: /sys/class/nd */
/* nvdimm_sysfs.c: /sys/dev/char and /sys/dev/block, for the nd, dax and pmem devices */
extern const struct sysfs_dir nd_sys_dev_char_dir, nd_sys_dev_block_dir;
/* nvdimm_sysfs.c: the dax devices device_dax and kmem hold (their driver directories) */
extern const struct sysfs_numbered dax_device_dax_bound[];
extern const struct sysfs_numbered dax_kmem_bound[];
/* nvdimm_sysfs.c: the nd devices each nd driver holds */
extern const struct sysfs_numbered nd_bus_bound[], nvdimm_bound[], nd_region_bound[],
				   nd_pmem_bound[], dax_pmem_bound[];
extern const struct sysfs_attr mmzone_proc_attrs[];	/* mmzone.c: /proc/meminfo, /proc/zoneinfo */

/**
 * sysfs_read() - read a file of the tree, as cat does
 * @sys: the system
 * @path: absolute ("/sys/devices/system/memory/memory32/state"); links on
 *	the way are followed
 * @out: appended the file's content
 *
 * Context: the caller serialises access to the machine (one thread, or the
 * machine's mutex).
 * Return: 0; -ENOENT for no such file (a relative or too long path too);
 * -ELOOP for too many links; -EISDIR for a directory; -EACCES for a
 * write-only file; or the show's error (-ENOMEM, -ENXIO, ...), as the
 * kernel answers the read.  Nothing changes.
 */
int sysfs_read(struct hm_system *sys, const char *path, struct hm_buf *out);
/**
 * sysfs_write() - write to a file of the tree, as `echo value > path`
 * @sys: the system
 * @path: absolute; links on the way are followed
 * @buf: the bytes written (need not be NUL-terminated)
 * @len: how many
 *
 * The store gets a NUL-terminated copy (the kernel's memdup_user_nul()).
 *
 * Context: the caller serialises access to the machine and holds what a
 * store's writer would (hotmem mount: the machine's hotplug flag).
 * Return: 0; -ENOENT, -ELOOP, -EISDIR as sysfs_read(); -EACCES for a
 * read-only file; -ENOMEM for the copy; or the store's error (the kernel's
 * errno: -EINVAL, -EBUSY, ...).  A failed store leaves the state unchanged.
 */
int sysfs_write(struct hm_system *sys, const char *path, const char *buf, size_t len);
/**
 * sysfs_stat() - what a path is
 * @sys: the system
 * @path: absolute; a link in the last component is not followed
 * @st: its kind, mode, target and serial
 *
 * Return: 0; -ENOENT; -ELOOP.
 */
int sysfs_stat(struct hm_system *sys, const char *path, struct sysfs_stat *st);
/**
 * sysfs_readdir() - list a directory
 * @sys: the system
 * @path: absolute
 * @fn: called for each entry, in a stable order; a non-zero return stops
 *	the listing
 * @arg: passed to @fn
 *
 * Return: 0; -ENOENT; -ELOOP; -ENOTDIR; or @fn's non-zero return.
 */
int sysfs_readdir(struct hm_system *sys, const char *path,
		  int (*fn)(const char *name, const struct sysfs_stat *st, void *arg), void *arg);
/**
 * kernfs_name_hash() - the hash kernfs orders a directory's entries by
 * @name: an entry's name
 *
 * fs/kernfs/dir.c: readdir returns a directory by (hash, name), as the
 * live mount does under /sys.
 *
 * Return: the hash, 2..INT_MAX-1.
 */
unsigned int kernfs_name_hash(const char *name);
/**
 * sysfs_export() - write the tree below /sys and /proc into a directory
 * @sys: the system
 * @dir: the host directory written into (files, directories, symlinks)
 *
 * sysfs_snapshot() then sysfs_snapshot_write().
 *
 * Return: 0, or the -errno of either; what was written stays.
 */
int sysfs_export(struct hm_system *sys, const char *dir);
/**
 * sysfs_snapshot() - the tree's content, for sysfs_snapshot_write()
 * @sys: the system
 * @snap: appended the snapshot
 *
 * Context: under the machine's lock (the writing half needs none).
 * Return: 0, or -ENOMEM when @snap could not grow.
 */
int sysfs_snapshot(struct hm_system *sys, struct hm_buf *snap);
/**
 * sysfs_snapshot_write() - write a snapshot into a host directory
 * @snap: from sysfs_snapshot()
 * @dir: the host directory written into
 *
 * Context: reads only @snap: no lock needed.
 * Return: 0, or the -errno of mkdir(), open(), write() or symlink() on the
 * host; what was written stays.
 */
int sysfs_snapshot_write(const struct hm_buf *snap, const char *dir);

#endif /* HOTMEM_SYSFS_H */
