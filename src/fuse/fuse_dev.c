// SPDX-License-Identifier: GPL-2.0
/*
 * fuse_dev.c - DIR/dev of a mounted tree (fuse_dev.h): the requests of
 * `hotmem exec`'s supervisor, answered by nd_ioctl.c under the machine's
 * lock (the caller, fuse_sysfs.c, holds it).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fuse/fuse_dev.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

bool fuse_dev_path(const char *path)
{
	return !strncmp(path, "/dev", 4) && (path[4] == 0 || path[4] == '/');
}

/* The devices: ndctl0 while the bus has a DIMM, then nmemN of each. */
static bool dev_exists(struct hm_system *sys, const char *name)
{
	if (!sys->nd_bus || !sys->nd_bus->nr_dimms)
		return false;
	return !strcmp(name, "ndctl0") || (!strncmp(name, "nmem", 4) && nvdimm_find(sys, name));
}

bool fuse_dev_is_disk(const char *path)
{
	return fuse_dev_path(path) && !strncmp(path + 4, "/pmem", 5);
}

long fuse_dev_disk_rw(struct hm_system *sys, const char *path, bool write, void *buf,
		      size_t len, off_t off)
{
	struct nd_namespace *ns = fuse_dev_is_disk(path) ? nd_disk_find(sys, path + 5) : NULL;

	if (!ns)
		return -ENXIO;		/* the disk went away */
	if (off < 0)
		return -EINVAL;
	return nd_disk_rw(sys, ns, write, buf, len, (uint64_t)off);
}

int fuse_dev_getattr(struct hm_system *sys, const char *path, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	if (!strcmp(path, "/dev")) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		return 0;
	}
	if (fuse_dev_is_disk(path)) {
		struct nd_namespace *ns = nd_disk_find(sys, path + 5);

		if (!ns)
			return -ENOENT;
		st->st_mode = S_IFREG | 0600;
		st->st_nlink = 1;
		st->st_size = (off_t)nd_disk_size(ns);
		return 0;
	}
	if (!dev_exists(sys, path + 5))
		return -ENOENT;
	st->st_mode = S_IFREG | 0600;
	st->st_nlink = 1;
	return 0;
}

int fuse_dev_readdir(struct hm_system *sys, int (*fn)(const char *name, void *arg), void *arg)
{
	char name[32];
	int ret;

	if (!sys->nd_bus || !sys->nd_bus->nr_dimms)
		return 0;
	ret = fn("ndctl0", arg);
	for (unsigned int i = 0; !ret && i < sys->nd_bus->nr_dimms; i++) {
		snprintf(name, sizeof(name), "nmem%d", sys->nd_bus->dimms[i]->id);
		ret = fn(name, arg);
	}
	for (unsigned int i = 0; !ret && i < sys->nd_bus->nr_dimms; i++)
		for (struct nd_namespace *ns = sys->nd_bus->regions[i]->namespaces; !ret && ns;
		     ns = ns->next)
			if (ns->enabled && ns->disk_minor >= 0) {
				nd_disk_name(ns, name, sizeof(name));
				ret = fn(name, arg);
			}
	return ret;
}

static uint64_t get_le(const char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | (uint8_t)p[i];
	return v;
}

static void put_i64(char *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (char)((uint64_t)v >> (8 * i));
}

int fuse_dev_transact(struct hm_system *sys, const char *path, const char *req, size_t len,
		      struct hm_buf *reply)
{
	const char *dev = path + 5;
	uint32_t kind, read_only;
	unsigned long cmd;
	char head[8];
	int64_t ret;

	if (len < FUSE_DEV_HDR || !dev_exists(sys, dev))
		return -EINVAL;
	kind = (uint32_t)get_le(req, 4);
	read_only = (uint32_t)get_le(req + 4, 4);
	cmd = (unsigned long)get_le(req + 8, 8);
	req += FUSE_DEV_HDR;
	len -= FUSE_DEV_HDR;
	reply->len = 0;
	if (kind == FUSE_DEV_SIZE) {
		ret = nd_ioctl_arg_size(sys, dev, cmd, req, len);
		put_i64(head, ret);
		hm_buf_append(reply, head, 8);
		return 0;
	}
	if (kind != FUSE_DEV_IOCTL)
		return -EINVAL;
	hm_buf_append(reply, head, 8);
	hm_buf_append(reply, req, len);
	if (reply->len != 8 + len)
		return -ENOMEM;
	ret = nd_ioctl(sys, dev, cmd, read_only, reply->data + 8, len);
	put_i64(reply->data, ret);
	return 0;
}
