// SPDX-License-Identifier: GPL-2.0
/*
 * ndctl.c - the ndctl and daxctl scenario steps (ndctl/daxctl v76 as
 * Debian 12 ships them, whose output the oracle recorded).
 *
 * Neither tool can run against the emulated tree: ndctl talks to the bus
 * through ioctls on /dev/ndctl0 (labels, DSMs) and both load modules
 * through libkmod and bind drivers through /sys/bus/{nd,dax}/drivers, none
 * of which a FUSE file system can serve.  So hotmem produces their output:
 * the same decisions in the same order (device iteration as libndctl and
 * libdaxctl do it: readdir order of sysfs, that is kernfs name-hash order,
 * and libndctl's lists built by prepending), the same messages, the same
 * JSON (json-c's pretty printer, ndctl's human sizes) and exit codes
 * (a negative errno, & 0xff).  The memory-block operations of daxctl go
 * through the emulated sysfs files exactly as libdaxctl writes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/nvdimm.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "scenario/ndctl.h"

/* ------------------------------------------------------------ json-c output */

struct jw {
	struct hm_buf *b;
	int depth;
	bool first[16];
};

static void jw_sep(struct jw *w, const char *key)
{
	int i;

	if (w->depth > 0) {
		hm_buf_printf(w->b, "%s\n", w->first[w->depth] ? "" : ",");
		w->first[w->depth] = false;
		for (i = 0; i < w->depth; i++)
			hm_buf_printf(w->b, "  ");
	}
	if (key)
		hm_buf_printf(w->b, "\"%s\":", key);
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_sep(w, key);
	hm_buf_printf(w->b, "%c", c);
	w->first[++w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	int i;

	w->depth--;
	hm_buf_printf(w->b, "\n");
	for (i = 0; i < w->depth; i++)
		hm_buf_printf(w->b, "  ");
	hm_buf_printf(w->b, "%c", c);
	if (!w->depth)
		hm_buf_printf(w->b, "\n");
}

static void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_sep(w, key);
	hm_buf_printf(w->b, "\"%s\"", v);
}

static void jw_int(struct jw *w, const char *key, long long v)
{
	jw_sep(w, key);
	hm_buf_printf(w->b, "%lld", v);
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_sep(w, key);
	hm_buf_printf(w->b, "%s", v ? "true" : "false");
}

/* util_json_object_size: ndctl's display_size with UTIL_JSON_HUMAN */
static void jw_size(struct jw *w, const char *key, unsigned long long bytes, bool human)
{
	const unsigned long long k = 1024, m = k * k, g = m * k, t = g * k;

	jw_sep(w, key);
	if (!human || bytes < 5000 * k) {
		hm_buf_printf(w->b, "%llu", bytes);
		return;
	}
	if (bytes < 2 * g) {
		long long c = ((long long)(bytes * 200 / m) + 1) / 2;

		hm_buf_printf(w->b, "\"%lld.%02lld MiB", c / 100, c % 100);
	} else if (bytes < 2 * t) {
		long long c = ((long long)(bytes * 200 / g) + 1) / 2;

		hm_buf_printf(w->b, "\"%lld.%02lld GiB", c / 100, c % 100);
	} else {
		long long c = ((long long)(bytes * 200 / t) + 1) / 2;

		hm_buf_printf(w->b, "\"%lld.%02lld TiB", c / 100, c % 100);
	}
	if (bytes < 2 * g) {
		long long c = ((long long)bytes / (1000000LL / 200) + 1) / 2;

		hm_buf_printf(w->b, " (%lld.%02lld MB)\"", c / 100, c % 100);
	} else if (bytes < 2 * t) {
		long long c = ((long long)bytes / (1000000000LL / 200) + 1) / 2;

		hm_buf_printf(w->b, " (%lld.%02lld GB)\"", c / 100, c % 100);
	} else {
		long long c = ((long long)bytes / (1000000000000LL / 200) + 1) / 2;

		hm_buf_printf(w->b, " (%lld.%02lld TB)\"", c / 100, c % 100);
	}
}

/* ------------------------------------------------------------ helpers */

/* kernfs_name_hash: the order readdir returns a sysfs directory in */
static unsigned int kernfs_name_hash(const char *name)
{
	uint64_t hash = 0;
	unsigned int h;

	for (; *name; name++)
		hash = (hash + ((uint64_t)(unsigned char)*name << 4) +
			((unsigned char)*name >> 4)) * 11;
	h = (unsigned int)((hash * 0x61C8864680B583EBULL) >> 32);
	h &= 0x7fffffffU;
	if (h < 2)
		h += 2;
	if (h >= 0x7fffffffU)
		h = 0x7fffffffU - 1;
	return h;
}

static const char *errstr(int err)
{
	return strerror(err < 0 ? -err : err);
}

static int rc_of(int rc)
{
	return rc & 0xff;
}

static void dax_devname(const struct dax_dev *dax, char *buf, size_t n)
{
	snprintf(buf, n, "dax%d.%d", dax->region_id, dax->id);
}

/* Namespaces of a region as libndctl lists them: readdir order, prepended. */
static unsigned int region_namespaces(struct nd_region *region, struct nd_namespace **v,
				      unsigned int max)
{
	struct nd_namespace *ns;
	unsigned int n = 0, i, j;
	unsigned int hash[ND_MAX_LABELS + 2];
	char name[32];

	for (ns = region->namespaces; ns && n < max; ns = ns->next) {
		snprintf(name, sizeof(name), "namespace%d.%d", region->id, ns->id);
		hash[n] = kernfs_name_hash(name);
		v[n++] = ns;
	}
	/* sort by descending hash: readdir ascending, then list_add at the head */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && hash[j - 1] < hash[j]; j--) {
			unsigned int th = hash[j];
			struct nd_namespace *tn = v[j];

			hash[j] = hash[j - 1];
			v[j] = v[j - 1];
			hash[j - 1] = th;
			v[j - 1] = tn;
		}
	return n;
}

/* ------------------------------------------------------------ daxctl memory */

struct dax_mem {
	struct hm_system *sys;
	struct dax_dev *dax;
	unsigned long ids[1024];	/* the blocks in the device, readdir order */
	unsigned int nr;
};

static void dax_mem_init(struct hm_system *sys, struct dax_dev *dax, struct dax_mem *dm)
{
	uint64_t bs = memory_block_size_bytes(sys);
	unsigned int hash[1024], i, j;
	struct memory_block *mem;
	unsigned long id;
	char name[32];

	dm->sys = sys;
	dm->dax = dax;
	dm->nr = 0;
	/* node_path = /sys/devices/system/node/node<target>; memblock_in_dev */
	for_each_memory_block(sys, id, mem) {
		uint64_t addr = (uint64_t)id * bs;

		if (mem->nid != dax->target_node || addr < dax->start || addr > dax->end)
			continue;
		if (dm->nr == ARRAY_SIZE(dm->ids))
			break;
		snprintf(name, sizeof(name), "memory%lu", id);
		hash[dm->nr] = kernfs_name_hash(name);
		dm->ids[dm->nr++] = id;
	}
	for (i = 1; i < dm->nr; i++)
		for (j = i; j > 0 && hash[j - 1] > hash[j]; j--) {
			unsigned int th = hash[j];
			unsigned long ti = dm->ids[j];

			hash[j] = hash[j - 1];
			dm->ids[j] = dm->ids[j - 1];
			hash[j - 1] = th;
			dm->ids[j - 1] = ti;
		}
}

static int block_read(struct dax_mem *dm, unsigned long id, const char *attr, char *buf,
		      size_t n)
{
	char path[96];
	struct hm_buf b;
	int ret;

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%lu/%s", id, attr);
	hm_buf_init(&b);
	ret = sysfs_read(dm->sys, path, &b);
	snprintf(buf, n, "%s", hm_buf_str(&b));
	buf[strcspn(buf, "\n")] = '\0';
	hm_buf_free(&b);
	return ret;
}

static int block_write(struct dax_mem *dm, unsigned long id, const char *val)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%lu/state", id);
	return sysfs_write(dm->sys, path, val, strlen(val));
}

static bool block_online(struct dax_mem *dm, unsigned long id)
{
	char buf[64];

	return !block_read(dm, id, "state", buf, sizeof(buf)) && !strncmp(buf, "online", 6);
}

static int dm_count_online(struct dax_mem *dm)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < dm->nr; i++)
		n += block_online(dm, dm->ids[i]);
	return n;
}

/* daxctl_memory_is_movable: 1, 0, or -ENXIO when a block is offline */
static int dm_is_movable(struct dax_mem *dm)
{
	int zone = 0, cur;
	unsigned int i;
	char buf[64];

	for (i = 0; i < dm->nr; i++) {
		if (!block_online(dm, dm->ids[i]))
			return -ENXIO;
		block_read(dm, dm->ids[i], "valid_zones", buf, sizeof(buf));
		cur = !strcmp(buf, "Movable") ? 1 : !strcmp(buf, "Normal") ? 2 : 3;
		if (!zone)
			zone = cur;
		else if (zone != cur)
			zone = 3;
	}
	return zone == 1;
}

/* daxctl_memory_op(MEM_SET_ONLINE[_NO_MOVABLE]): count onlined, or -errno */
static int dm_online(struct dax_mem *dm, bool movable)
{
	unsigned int i;
	int count = 0, rc;

	for (i = 0; i < dm->nr; i++) {
		if (block_online(dm, dm->ids[i]))
			continue;
		rc = block_write(dm, dm->ids[i], movable ? "online_movable" : "online");
		if (rc && !block_online(dm, dm->ids[i]))
			return rc;
		count++;
	}
	return count;
}

static int dm_offline(struct dax_mem *dm, const char *devname, struct hm_buf *out)
{
	unsigned int i;
	int count = 0, rc;

	for (i = 0; i < dm->nr; i++) {
		if (!block_online(dm, dm->ids[i]))
			continue;
		rc = block_write(dm, dm->ids[i], "offline");
		if (rc) {
			if (!block_online(dm, dm->ids[i]))
				continue;
			hm_buf_printf(out, "libdaxctl: offline_one_memblock: %s: Failed to offline "
				      "/sys/devices/system/node/node%d/memory%lu/state: %s\n",
				      devname, dm->dax->target_node, dm->ids[i], errstr(rc));
			return rc;
		}
		count++;
	}
	return count;
}

static void dax_dev_json(struct hm_system *sys, struct jw *w, struct dax_dev *dax, bool human)
{
	char name[32];

	dax_devname(dax, name, sizeof(name));
	jw_open(w, NULL, '{');
	jw_str(w, "chardev", name);
	jw_size(w, "size", dax->end - dax->start + 1, human);
	jw_int(w, "target_node", dax->target_node);
	jw_size(w, "align", dax->align, human);
	jw_str(w, "mode", dax->driver == DAX_DRV_KMEM ? "system-ram" : "devdax");
	if (dax->driver == DAX_DRV_KMEM) {
		struct dax_mem dm;
		int movable;

		dax_mem_init(sys, dax, &dm);
		jw_int(w, "online_memblocks", dm_count_online(&dm));
		jw_int(w, "total_memblocks", dm.nr);
		movable = dm_is_movable(&dm);
		if (movable >= 0)
			jw_bool(w, "movable", movable);
	}
	if (dax->driver == DAX_DRV_NONE)
		jw_str(w, "state", "disabled");
	jw_close(w, '}');
}

struct dax_opts {
	const char *mode;
	bool no_online, no_movable, force;
};

static int dev_online_memory(struct hm_system *sys, struct dax_dev *dax, bool no_movable,
			     struct hm_buf *out)
{
	struct dax_mem dm;
	char name[32];
	int num_on, rc;

	dax_devname(dax, name, sizeof(name));
	dax_mem_init(sys, dax, &dm);
	num_on = dm_count_online(&dm);
	if (num_on)
		hm_buf_printf(out, "%s:\n  WARNING: detected a race while onlining memory\n"
			      "  Some memory may not be in the expected zone. It is\n"
			      "  recommended to disable any other onlining mechanisms,\n"
			      "  and retry. If onlining is to be left to other agents,\n"
			      "  use the --no-online option to suppress this warning\n", name);
	if (num_on == (int)dm.nr) {
		hm_buf_printf(out, "%s: all memory sections (%d) already online\n", name, num_on);
		return 1;
	}
	if (num_on > 0)
		hm_buf_printf(out, "%s: %d memory section%s already online\n", name, num_on,
			      num_on == 1 ? "" : "s");
	rc = dm_online(&dm, !no_movable);
	if (rc == 0) {
		/* daxctl_memory_online_with_zone: the zone check after nothing new */
		int movable = dm_is_movable(&dm);

		if (movable < 0)
			rc = movable;
		else if (movable != !no_movable) {
			hm_buf_printf(out, "libdaxctl: daxctl_memory_online_with_zone: %s:\n"
				      "  WARNING: detected a race while onlining memory\n"
				      "  See 'man daxctl-reconfigure-device' for more details\n", name);
			rc = -EBUSY;
		}
	}
	if (rc < 0) {
		hm_buf_printf(out, "%s: failed to online memory: %s\n", name, errstr(rc));
		return rc;
	}
	num_on = dm_count_online(&dm);
	if (num_on < (int)dm.nr) {
		hm_buf_printf(out, "%s: failed to online %d memory sections\n", name,
			      (int)dm.nr - num_on);
		return -ENXIO;
	}
	return 0;
}

static int dev_offline_memory(struct hm_system *sys, struct dax_dev *dax, struct hm_buf *out)
{
	struct dax_mem dm;
	char name[32];
	int num_on, num_off, rc;

	dax_devname(dax, name, sizeof(name));
	dax_mem_init(sys, dax, &dm);
	num_on = dm_count_online(&dm);
	num_off = (int)dm.nr - num_on;
	if (num_off == (int)dm.nr) {
		hm_buf_printf(out, "%s: all memory sections (%d) already offline\n", name, num_off);
		return 1;
	}
	if (num_off)
		hm_buf_printf(out, "%s: %d memory section%s already offline\n", name, num_off,
			      num_off == 1 ? "" : "s");
	rc = dm_offline(&dm, name, out);
	if (rc < 0) {
		hm_buf_printf(out, "%s: failed to offline memory: %s\n", name, errstr(rc));
		return rc;
	}
	num_on = dm_count_online(&dm);
	if (num_on) {
		hm_buf_printf(out, "%s: failed to offline %d memory sections\n", name, num_on);
		return -ENXIO;
	}
	return 0;
}

static int reconfig_system_ram(struct hm_system *sys, struct dax_dev *dax,
			       const struct dax_opts *o, struct hm_buf *out)
{
	char name[32], buf[64];
	struct hm_buf b;
	int rc;

	dax_devname(dax, name, sizeof(name));
	if (o->no_online || !o->no_movable) {
		hm_buf_init(&b);
		sysfs_read(sys, "/sys/devices/system/memory/auto_online_blocks", &b);
		snprintf(buf, sizeof(buf), "%s", hm_buf_str(&b));
		hm_buf_free(&b);
		if (!o->force && !strncmp(buf, "online", 6)) {
			hm_buf_printf(out, "%s: error: kernel policy will auto-online memory, "
				      "aborting\n", name);
			return -EBUSY;
		}
	}
	if (dax->driver == DAX_DRV_KMEM) {
		hm_buf_printf(out, "%s was already in system-ram mode\n", name);
	} else {
		rc = dax_unbind(sys, dax);
		if (rc) {
			hm_buf_printf(out, "%s: disable failed: %s\n", name, errstr(rc));
			return rc;
		}
		rc = dax_bind_kmem(sys, dax);
		if (rc)
			return rc;
	}
	if (o->no_online)
		return 0;
	return dev_online_memory(sys, dax, o->no_movable, out);
}

static int reconfig_devdax(struct hm_system *sys, struct dax_dev *dax, const struct dax_opts *o,
			   struct hm_buf *out)
{
	char name[32];
	int rc;

	dax_devname(dax, name, sizeof(name));
	if (dax->driver != DAX_DRV_NONE) {
		struct dax_mem dm;

		if (dax->driver != DAX_DRV_KMEM) {
			hm_buf_printf(out, "%s was already in devdax mode\n", name);
			return 1;
		}
		if (o->force) {
			rc = dev_offline_memory(sys, dax, out);
			if (rc < 0)
				return rc;
		}
		dax_mem_init(sys, dax, &dm);
		if (dm_count_online(&dm) > 0)
			return -EBUSY;
		rc = dax_unbind(sys, dax);
		if (rc) {
			hm_buf_printf(out, "%s: disable failed: %s\n", name, errstr(rc));
			return rc;
		}
	}
	return dax_bind_device_dax(sys, dax);
}

/*
 * All dax devices as libdaxctl visits them: each has a dax region of its
 * own, found by reading /sys/bus/dax/devices (readdir: kernfs hash order)
 * and prepended to the context's region list, so descending hash order.
 */
static unsigned int all_dax(struct hm_system *sys, struct dax_dev **v, unsigned int max)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned int i, j, n = 0, hash[64];
	struct nd_namespace *ns;
	char name[32];

	if (!bus)
		return 0;
	for (i = 0; i < bus->nr_dimms; i++)
		for (ns = bus->regions[i]->namespaces; ns; ns = ns->next)
			if (ns->dax && n < max && n < ARRAY_SIZE(hash)) {
				dax_devname(ns->dax, name, sizeof(name));
				hash[n] = kernfs_name_hash(name);
				v[n++] = ns->dax;
			}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && hash[j - 1] < hash[j]; j--) {
			unsigned int th = hash[j];
			struct dax_dev *td = v[j];

			hash[j] = hash[j - 1];
			v[j] = v[j - 1];
			hash[j - 1] = th;
			v[j - 1] = td;
		}
	return n;
}

static int daxctl_main(struct hm_system *sys, int argc, char **argv, struct hm_buf *out)
{
	struct dax_opts o = { 0 };
	struct dax_dev *devs[64];
	const char *cmd = argc > 0 ? argv[0] : "", *device = NULL;
	unsigned int nr, i;
	int processed = 0, rc = 0, saved = 0, a;
	bool human = false;
	struct jw w = { .b = out };
	bool any_json = false;
	struct hm_buf json;

	for (a = 1; a < argc; a++) {
		const char *s = argv[a];

		if (!strncmp(s, "--mode=", 7))
			o.mode = s + 7;
		else if (!strcmp(s, "-m") && a + 1 < argc)
			o.mode = argv[++a];
		else if (!strcmp(s, "--no-online") || !strcmp(s, "-N"))
			o.no_online = true;
		else if (!strcmp(s, "--no-movable"))
			o.no_movable = true;
		else if (!strcmp(s, "--force") || !strcmp(s, "-f"))
			o.force = true;
		else if (!strcmp(s, "--human") || !strcmp(s, "-u"))
			human = true;
		else if (!strcmp(s, "-d") && a + 1 < argc)
			device = argv[++a];
		else if (s[0] == '-') {
			hm_buf_printf(out, "  Error: unknown option `%s'\n", s + (s[1] == '-' ? 2 : 1));
			return 129;
		} else if (!device)
			device = s;
		else {
			hm_buf_printf(out, "  Error: too many arguments\n");
			return 129;
		}
	}
	nr = all_dax(sys, devs, ARRAY_SIZE(devs));

	if (!strcmp(cmd, "list")) {
		unsigned int shown = 0;

		for (i = 0; i < nr; i++) {
			char name[32];

			dax_devname(devs[i], name, sizeof(name));
			if (device && strcmp(device, "all") && strcmp(device, name))
				continue;
			if (!shown++)
				jw_open(&w, NULL, '[');
			dax_dev_json(sys, &w, devs[i], human);
		}
		if (shown)
			jw_close(&w, ']');
		return 0;
	}
	if (strcmp(cmd, "reconfigure-device") && strcmp(cmd, "online-memory") &&
	    strcmp(cmd, "offline-memory") && strcmp(cmd, "enable-device") &&
	    strcmp(cmd, "disable-device")) {
		hm_buf_printf(out, "daxctl: '%s' is not a daxctl command. See 'daxctl --help'\n", cmd);
		return 1;
	}
	if (!device) {
		hm_buf_printf(out, "  Error: specify a device to %s, or \"all\"\n", cmd);
		return 129;
	}
	if (!strcmp(cmd, "reconfigure-device") &&
	    (!o.mode || (strcmp(o.mode, "system-ram") && strcmp(o.mode, "devdax")))) {
		hm_buf_printf(out, "error: a valid mode is required\n");
		return 129;
	}

	hm_buf_init(&json);
	w.b = &json;
	rc = -ENXIO;
	for (i = 0; i < nr; i++) {
		struct dax_dev *dax = devs[i];
		char name[32];

		dax_devname(dax, name, sizeof(name));
		if (strcmp(device, "all") && strcmp(device, name))
			continue;
		if (!strcmp(cmd, "reconfigure-device")) {
			rc = !strcmp(o.mode, "system-ram") ? reconfig_system_ram(sys, dax, &o, out)
							    : reconfig_devdax(sys, dax, &o, out);
			if (rc >= 0) {
				/* do_reconfig makes a new array each time: the last one shows */
				hm_buf_reset(&json);
				w.depth = 0;
				jw_open(&w, NULL, '[');
				any_json = true;
				dax_dev_json(sys, &w, dax, human);
			}
			if (rc == 0)
				processed++;
		} else if (!strcmp(cmd, "online-memory") || !strcmp(cmd, "offline-memory")) {
			if (dax->driver != DAX_DRV_KMEM) {
				hm_buf_printf(out, "%s: memory operations are not applicable in "
					      "devdax mode\n", name);
				rc = -ENXIO;
			} else if (cmd[1] == 'n') {
				rc = dev_online_memory(sys, dax, o.no_movable, out);
			} else {
				rc = dev_offline_memory(sys, dax, out);
			}
			if (rc == 0)
				processed++;
		} else {
			if (dax->driver == DAX_DRV_KMEM) {
				hm_buf_printf(out, "%s: status operations are only applicable in "
					      "devdax mode\n", name);
				rc = -ENXIO;
			} else {
				rc = cmd[0] == 'e' ? dax_bind_device_dax(sys, dax) : dax_unbind(sys, dax);
				if (rc)
					hm_buf_printf(out, "%s: %s failed: %s\n", name,
						      cmd[0] == 'e' ? "enable" : "disable", errstr(rc));
			}
			if (rc == 0)
				processed++;
		}
		if (rc)
			saved = rc;
	}
	rc = saved;
	if (any_json) {
		jw_close(&w, ']');
		hm_buf_append(out, hm_buf_str(&json), json.len);
	}
	hm_buf_free(&json);
	if (!strcmp(cmd, "reconfigure-device")) {
		if (rc < 0)
			hm_buf_printf(out, "error reconfiguring devices: %s\n", errstr(rc));
		hm_buf_printf(out, "reconfigured %d device%s\n", processed, processed == 1 ? "" : "s");
	} else if (!strcmp(cmd, "online-memory") || !strcmp(cmd, "offline-memory")) {
		bool on = cmd[1] == 'n';

		if (rc < 0)
			hm_buf_printf(out, "error %s memory: %s\n", on ? "onlining" : "offlining",
				      errstr(rc));
		hm_buf_printf(out, "%s memory for %d device%s\n", on ? "onlined" : "offlined",
			      processed, processed == 1 ? "" : "s");
	} else {
		bool en = cmd[0] == 'e';

		if (rc < 0)
			hm_buf_printf(out, "error %s devices: %s\n", en ? "enabling" : "disabling",
				      errstr(rc));
		hm_buf_printf(out, "%s %d device%s\n", en ? "enabled" : "disabled", processed,
			      processed == 1 ? "" : "s");
	}
	return rc_of(rc);
}

/* ------------------------------------------------------------ ndctl */

/*
 * The bus's regions (or dimms) as libndctl lists them: readdir of the bus
 * directory (kernfs hash order of "regionN"/"nmemN"), each prepended.
 */
static unsigned int bus_order(struct hm_system *sys, bool dimms, unsigned int *idx)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned int i, j, n = bus ? bus->nr_dimms : 0, hash[ND_MAX_DIMMS];
	char name[32];

	for (i = 0; i < n; i++) {
		if (dimms)
			snprintf(name, sizeof(name), "nmem%d", bus->dimms[i]->id);
		else
			snprintf(name, sizeof(name), "region%d", bus->regions[i]->id);
		hash[i] = kernfs_name_hash(name);
		idx[i] = i;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && hash[idx[j - 1]] < hash[idx[j]]; j--) {
			unsigned int t = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	return n;
}

static void ns_json(struct hm_system *sys, struct jw *w, struct nd_namespace *ns, bool human,
		    bool verbose)
{
	static const char *const modes[] = { "raw", "fsdax", "devdax" };
	char name[32], uuid[37];

	(void)sys;
	snprintf(name, sizeof(name), "namespace%d.%d", ns->region->id, ns->id);
	jw_open(w, NULL, '{');
	jw_str(w, "dev", name);
	jw_str(w, "mode", modes[ns->mode]);
	if (ns->mode != ND_MODE_RAW)
		jw_str(w, "map", ns->ib.map == ND_MAP_DEV ? "dev" : "mem");
	jw_size(w, "size", nd_namespace_data_size(ns), human);
	if (ns->mode != ND_MODE_RAW) {
		nd_uuid_format(ns->ib.uuid, uuid);
		jw_str(w, "uuid", uuid);
		if (verbose) {	/* -v: the namespace's own label uuid too */
			nd_uuid_format(ns->uuid, uuid);
			jw_str(w, "raw_uuid", uuid);
		}
	} else if (!ns->io || ns->raw_uuid) {
		nd_uuid_format(ns->uuid, uuid);
		jw_str(w, "uuid", uuid);
	}
	if (ns->mode == ND_MODE_DEVDAX && ns->dax) {
		struct dax_dev *dax = ns->dax;

		if (human) {
			jw_open(w, "daxregion", '{');
			jw_int(w, "id", dax->region_id);
			jw_size(w, "size", dax->end - dax->start + 1, true);
			jw_int(w, "align", (long long)dax->align);
			jw_open(w, "devices", '[');
			dax_dev_json(sys, w, dax, true);
			jw_close(w, ']');
			jw_close(w, '}');
		} else {
			dax_devname(dax, name, sizeof(name));
			jw_str(w, "chardev", name);
		}
	}
	if (ns->mode != ND_MODE_DEVDAX)
		jw_int(w, "sector_size", 512);
	if (ns->mode != ND_MODE_RAW)
		jw_int(w, "align", (long long)ns->ib.align);
	if (ns->mode != ND_MODE_DEVDAX) {
		if (ns->id)
			snprintf(name, sizeof(name), "pmem%d.%d", ns->region->id, ns->id);
		else
			snprintf(name, sizeof(name), "pmem%d", ns->region->id);
		if (ns->enabled)
			jw_str(w, "blockdev", name);
	}
	if (verbose && ns->region->numa_node >= 0) {	/* UTIL_JSON_VERBOSE */
		jw_int(w, "numa_node", ns->region->numa_node);
		jw_int(w, "target_node", ns->region->target_node);
	}
	if (!ns->enabled)
		jw_str(w, "state", "disabled");
	jw_close(w, '}');
}

static void region_json(struct hm_system *sys, struct jw *w, struct nd_region *region,
			bool with_ns, bool idle, bool verbose)
{
	/*
	 * Before its labels are initialised a region's namespace is label-less
	 * (nstype IO): libndctl reports no capacity to allocate and reads no
	 * interleave-set cookie for it.
	 */
	const bool labels = region->dimm->desc.media->labels_initialized;
	struct nd_namespace *v[ND_MAX_LABELS + 2];
	unsigned int n, i, shown = 0;
	char name[32];

	snprintf(name, sizeof(name), "region%d", region->id);
	jw_open(w, NULL, '{');
	jw_str(w, "dev", name);
	jw_int(w, "size", (long long)region->size);
	jw_int(w, "align", (long long)ND_REGION_ALIGN);
	jw_int(w, "available_size", labels ? (long long)nd_region_available_size(region) : 0);
	jw_int(w, "max_available_extent", labels ? (long long)nd_region_max_extent(region) : 0);
	jw_str(w, "type", "pmem");
	if (verbose && region->numa_node >= 0) {
		jw_int(w, "numa_node", region->numa_node);
		jw_int(w, "target_node", region->target_node);
	}
	if (labels)
		jw_int(w, "iset_id", (long long)nd_region_set_cookie(region));
	jw_str(w, "persistence_domain", "unknown");
	if (with_ns) {
		n = region_namespaces(region, v, ARRAY_SIZE(v));
		for (i = 0; i < n; i++) {
			if (!v[i]->size || (!v[i]->enabled && !idle))
				continue;
			if (!shown++)
				jw_open(w, "namespaces", '[');
			ns_json(sys, w, v[i], false, verbose);
		}
		if (shown)
			jw_close(w, ']');
	}
	if (!region->enabled)
		jw_str(w, "state", "disabled");
	jw_close(w, '}');
}

struct ndctl_opts {
	bool force, regions, namespaces, idle, verbose;
	const char *mode, *map, *region, *ns, *size, *align;
};

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	case 't': case 'T': v <<= 40; end++; break;
	}
	if (end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int mode_of(const char *s, enum nd_mode *mode)
{
	if (!strcmp(s, "raw"))
		*mode = ND_MODE_RAW;
	else if (!strcmp(s, "fsdax") || !strcmp(s, "memory"))
		*mode = ND_MODE_FSDAX;
	else if (!strcmp(s, "devdax") || !strcmp(s, "dax"))
		*mode = ND_MODE_DEVDAX;
	else
		return -EINVAL;
	return 0;
}

/* namespace_reconfig / namespace_create: set the mode and enable. */
static int ns_setup(struct hm_system *sys, struct nd_namespace *ns, const struct ndctl_opts *o,
		    struct hm_buf *out)
{
	enum nd_mode mode = ND_MODE_FSDAX;
	enum nd_map map = ND_MAP_DEV;
	uint64_t align = 2UL << 20;
	struct jw w = { .b = out };
	int rc;

	if (o->mode && mode_of(o->mode, &mode)) {
		hm_buf_printf(out, "  Error: invalid mode '%s'\n", o->mode);
		return -EINVAL;
	}
	if (o->map && !strcmp(o->map, "mem"))
		map = ND_MAP_MEM;
	else if (o->map && strcmp(o->map, "dev")) {
		hm_buf_printf(out, "  Error: invalid map location '%s'\n", o->map);
		return -EINVAL;
	}
	if (o->align && (parse_size(o->align, &align) || !align)) {
		hm_buf_printf(out, "  Error: invalid align '%s'\n", o->align);
		return -EINVAL;
	}
	rc = nd_namespace_set_mode(sys, ns, mode, map, (unsigned long)align);
	if (rc)
		return rc;
	if (mode == ND_MODE_RAW && ns->io && !ns->raw_uuid) {
		/* as the oracle shows: a raw reconfiguration reports a fresh uuid */
		nd_uuid_generate(sys, ns->uuid);
		ns->raw_uuid = true;
	}
	rc = nd_namespace_enable(sys, ns);
	if (rc)
		return rc;
	ns_json(sys, &w, ns, true, false);
	return 0;
}

static int ndctl_create(struct hm_system *sys, const struct ndctl_opts *o, struct hm_buf *out)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	struct nd_namespace *ns;
	unsigned int i, nr, idx[ND_MAX_DIMMS];
	uint64_t size = 0;
	int rc;

	if (o->ns) {
		ns = nd_namespace_find(sys, o->ns);
		if (!ns || !ns->size) {
			rc = -ENODEV;
			hm_buf_printf(out, "failed to reconfigure namespace: %s\n", errstr(rc));
			return rc;
		}
		if (ns->enabled && !o->force) {
			hm_buf_printf(out, "  Error: %s is active, specify --force for "
				      "re-configuration\n\n", o->ns);
			hm_buf_printf(out, "failed to reconfigure namespace: %s\n", errstr(-EBUSY));
			return -EBUSY;
		}
		rc = nd_namespace_disable(sys, ns);
		if (!rc && ns->io && ns->region->dimm->desc.media->label_size && o->mode &&
		    strcmp(o->mode, "raw")) {
			/*
			 * namespace_reconfig's autolabel: a label-less region on
			 * DIMMs with a label area gets v1.2 labels (enable_labels:
			 * disable, init, enable), then its seed is made as large
			 * as the namespace was.
			 */
			struct nd_region *region = ns->region;
			uint64_t old = ns->size;

			rc = nd_region_disable(sys, region);
			if (!rc)
				rc = nvdimm_init_labels_version(sys, region->dimm, 2);
			if (!rc)
				rc = nd_region_enable(sys, region);
			if (!rc)
				rc = nd_namespace_create(sys, region, old, &ns);
		} else if (!rc && !ns->io) {
			/* labelled: its label written again, the name kept */
			uint64_t old = ns->size;

			if (o->size && parse_size(o->size, &size))
				return -EINVAL;
			rc = nd_namespace_reconfigure(sys, ns, size ? size : old);
		}
		if (!rc)
			rc = ns_setup(sys, ns, o, out);
		if (rc)
			hm_buf_printf(out, "failed to reconfigure namespace: %s\n", errstr(rc));
		return rc;
	}
	if (o->size && parse_size(o->size, &size)) {
		hm_buf_printf(out, "  Error: invalid size '%s'\n", o->size);
		return -EINVAL;
	}
	rc = -EAGAIN;
	nr = bus_order(sys, false, idx);
	for (i = 0; i < nr; i++) {
		struct nd_region *region = bus->regions[idx[i]];
		char name[32];
		uint64_t want;

		snprintf(name, sizeof(name), "region%d", region->id);
		if (o->region && strcmp(o->region, name) && strcmp(o->region, "all"))
			continue;
		want = size ? size : nd_region_max_extent(region);
		if (!region->enabled || !want || nd_region_max_extent(region) < want)
			continue;
		rc = nd_namespace_create(sys, region, want, &ns);
		if (rc)
			continue;
		rc = ns_setup(sys, ns, o, out);
		break;
	}
	if (rc == -EAGAIN)
		rc = -ENOSPC;
	if (rc) {
		hm_buf_printf(out, "failed to create namespace: %s\n", errstr(rc));
		rc = -ENODEV;
	}
	return rc;
}

/* Namespaces named by arg ("all" or one), enabled-or-not, in list order. */
static unsigned int select_ns(struct hm_system *sys, const char *arg, struct nd_namespace **v,
			      unsigned int max)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned int i, n = 0, k, nr, r, nreg, idx[ND_MAX_DIMMS];
	struct nd_namespace *rv[ND_MAX_LABELS + 2];
	char name[32];

	nreg = bus_order(sys, false, idx);
	for (r = 0; r < nreg; r++) {
		i = idx[r];
		nr = region_namespaces(bus->regions[i], rv, ARRAY_SIZE(rv));
		for (k = 0; k < nr && n < max; k++) {
			snprintf(name, sizeof(name), "namespace%d.%d", bus->regions[i]->id,
				 rv[k]->id);
			if (!rv[k]->size || (strcmp(arg, "all") && strcmp(arg, name)))
				continue;
			v[n++] = rv[k];
		}
	}
	return n;
}

static int ndctl_main(struct hm_system *sys, int argc, char **argv, struct hm_buf *out)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	struct ndctl_opts o = { 0 };
	const char *cmd = argc > 0 ? argv[0] : "", *target = NULL;
	struct jw w = { .b = out };
	struct nd_namespace *v[ND_MAX_LABELS * ND_MAX_DIMMS];
	unsigned int i, n, k, nr, idx[ND_MAX_DIMMS];
	int a, rc = 0, count = 0;

	for (a = 1; a < argc; a++) {
		const char *s = argv[a];
		const char **opt = NULL;

		if (!strcmp(s, "-f") || !strcmp(s, "--force"))
			o.force = true;
		else if (!strcmp(s, "-R") || !strcmp(s, "--regions"))
			o.regions = true;
		else if (!strcmp(s, "-N") || !strcmp(s, "--namespaces"))
			o.namespaces = true;
		else if (!strcmp(s, "-i") || !strcmp(s, "--idle"))
			o.idle = true;
		else if (!strcmp(cmd, "list") && (!strcmp(s, "-v") || !strcmp(s, "--verbose")))
			o.verbose = true;
		else if (!strcmp(s, "-m") || !strcmp(s, "--mode"))
			opt = &o.mode;
		else if (!strcmp(s, "-M") || !strcmp(s, "--map"))
			opt = &o.map;
		else if (!strcmp(s, "-r") || !strcmp(s, "--region"))
			opt = &o.region;
		else if (!strcmp(s, "-e") || !strcmp(s, "--reconfig"))
			opt = &o.ns;
		else if (!strcmp(s, "-s") || !strcmp(s, "--size"))
			opt = &o.size;
		else if (!strcmp(s, "-a") || !strcmp(s, "--align"))
			opt = &o.align;
		else if (!strncmp(s, "--mode=", 7))
			o.mode = s + 7;
		else if (!strncmp(s, "--map=", 6))
			o.map = s + 6;
		else if (!strncmp(s, "--region=", 9))
			o.region = s + 9;
		else if (!strncmp(s, "--size=", 7))
			o.size = s + 7;
		else if (!strncmp(s, "--align=", 8))
			o.align = s + 8;
		else if (!strncmp(s, "--reconfig=", 11))
			o.ns = s + 11;
		else if (s[0] == '-') {
			hm_buf_printf(out, "  Error: unknown option `%s'\n", s + (s[1] == '-' ? 2 : 1));
			return 129;
		} else if (!target)
			target = s;
		else {
			hm_buf_printf(out, "  Error: too many arguments\n");
			return 129;
		}
		if (opt) {
			if (a + 1 >= argc) {
				hm_buf_printf(out, "  Error: switch `%s' requires a value\n", s);
				return 129;
			}
			*opt = argv[++a];
		}
	}

	if (!strcmp(cmd, "create-namespace"))
		return rc_of(ndctl_create(sys, &o, out));

	if (!strcmp(cmd, "list")) {
		unsigned int shown = 0, nr_regions = 0;
		bool wrap = false;

		if (!o.regions || o.verbose)	/* -v lists namespaces (and media errors, dax) */
			o.namespaces = true;
		nr = bus_order(sys, false, idx);
		for (k = 0; k < nr; k++) {
			i = idx[k];
			if (!bus->regions[i]->enabled && !o.idle)
				continue;
			nr_regions++;
			n = region_namespaces(bus->regions[i], v, ARRAY_SIZE(v));
			for (a = 0; a < (int)n; a++)
				if (v[a]->size && (v[a]->enabled || o.idle))
					wrap = o.regions && o.namespaces;
		}
		if (wrap) {
			/* more than one kind of object: ndctl prints {"regions":[...]} */
			jw_open(&w, NULL, '{');
			jw_open(&w, "regions", '[');
			shown = 1;
		} else if (o.regions && nr_regions) {
			jw_open(&w, NULL, '[');
			shown = 1;
		}
		for (k = 0; k < nr; k++) {
			i = idx[k];
			if (o.regions) {
				if (bus->regions[i]->enabled || o.idle)
					region_json(sys, &w, bus->regions[i], o.namespaces, o.idle,
						    o.verbose);
				continue;
			}
			n = region_namespaces(bus->regions[i], v, ARRAY_SIZE(v));
			for (a = 0; a < (int)n; a++) {
				if (!v[a]->size || (!v[a]->enabled && !o.idle))
					continue;
				if (!shown++)
					jw_open(&w, NULL, '[');
				ns_json(sys, &w, v[a], false, o.verbose);
			}
		}
		if (shown)
			jw_close(&w, ']');
		if (wrap)
			jw_close(&w, '}');
		return 0;
	}

	if (!target) {
		hm_buf_printf(out, "  Error: specify a target or \"all\"\n");
		return 129;
	}
	if (!strcmp(cmd, "enable-region") || !strcmp(cmd, "disable-region")) {
		bool en = cmd[0] == 'e';

		nr = bus_order(sys, false, idx);
		for (k = 0; k < nr; k++) {
			char name[32];
			int r;

			i = idx[k];
			snprintf(name, sizeof(name), "region%d", bus->regions[i]->id);
			if (strcmp(target, "all") && strcmp(target, name))
				continue;
			r = en ? nd_region_enable(sys, bus->regions[i])
			       : nd_region_disable(sys, bus->regions[i]);
			if (r)
				rc = r;
			else
				count++;
		}
		if (rc < 0)
			hm_buf_printf(out, "error %s regions: %s\n", en ? "enabling" : "disabling",
				      errstr(rc));
		hm_buf_printf(out, "%s %d region%s\n", en ? "enabled" : "disabled", count,
			      count == 1 ? "" : "s");
		return rc_of(rc);
	}
	if (!strcmp(cmd, "init-labels")) {
		nr = bus_order(sys, true, idx);
		for (k = 0; k < nr; k++) {
			char name[32];
			int r;

			i = idx[k];
			snprintf(name, sizeof(name), "nmem%d", bus->dimms[i]->id);
			if (strcmp(target, "all") && strcmp(target, name))
				continue;
			r = nvdimm_init_labels(sys, bus->dimms[i]);
			if (r == -EBUSY)
				hm_buf_printf(out, "%s: regions active, abort label write\n", name);
			if (r)
				rc = r;
			else
				count++;
		}
		hm_buf_printf(out, "initialized %d nmem%s\n", count, count == 1 ? "" : "s");
		return rc_of(rc);
	}
	if (!strcmp(cmd, "enable-namespace") || !strcmp(cmd, "disable-namespace") ||
	    !strcmp(cmd, "destroy-namespace")) {
		const char *verb = cmd[0] == 'e' ? "enabl" : cmd[1] == 'i' ? "disabl" : "destroy";

		n = select_ns(sys, target, v, ARRAY_SIZE(v));
		for (i = 0; i < n; i++) {
			struct nd_namespace *ns = v[i];
			char name[32];
			int r;

			snprintf(name, sizeof(name), "namespace%d.%d", ns->region->id, ns->id);
			if (cmd[0] == 'e') {
				r = nd_namespace_enable(sys, ns);
			} else if (cmd[1] == 'i') {
				r = nd_namespace_disable(sys, ns);
			} else if (ns->enabled && !o.force) {
				hm_buf_printf(out, "%s is active, specify --force for deletion\n",
					      name);
				r = -EBUSY;
			} else {
				r = nd_namespace_disable(sys, ns);
				if (!r)
					r = ns->io ? nd_namespace_set_mode(sys, ns, ND_MODE_RAW,
									   ND_MAP_DEV, 0)
						   : nd_namespace_delete(sys, ns);
			}
			if (r)
				rc = r;
			else
				count++;
		}
		if (rc < 0)
			hm_buf_printf(out, "error %sing namespaces: %s\n", verb, errstr(rc));
		hm_buf_printf(out, "%s%s %d namespace%s\n", verb, cmd[1] == 'e' ? "ed" : "ed",
			      count, count == 1 ? "" : "s");
		return rc_of(rc);
	}
	hm_buf_printf(out, "ndctl: '%s' is not a ndctl command. See 'ndctl --help'\n", cmd);
	return 1;
}

/* ------------------------------------------------------------ entry */

static int split_args(char *s, char **argv, int max)
{
	int argc = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(s, " \t", &save); tok && argc < max; tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	return argc;
}

int run_nd_tool(struct hm_system *sys, bool daxctl, const char *args, struct hm_buf *out,
		int *status)
{
	char *copy = hm_kstrdup(&sys->alloc, args ? args : ""), *argv[32];
	int argc, rc;

	if (!copy)
		return -ENOMEM;
	argc = split_args(copy, argv, 32);
	rc = daxctl ? daxctl_main(sys, argc, argv, out) : ndctl_main(sys, argc, argv, out);
	hm_buf_printf(out, "rc=%d\n", rc);
	*status = rc;
	hm_kfree(&sys->alloc, copy);
	return 0;
}
