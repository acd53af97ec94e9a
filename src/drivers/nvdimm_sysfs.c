// SPDX-License-Identifier: GPL-2.0
/*
 * nvdimm_sysfs.c - /sys/bus/nd/devices and /sys/bus/dax/devices as the
 * tools read them (the attribute tables of drivers/nvdimm/region_devs.c,
 * namespace_devs.c and drivers/dax/bus.c), in sysfs.h's table shape.
 *
 * Directory names carry two numbers (namespace0.1, dax0.1) while sysfs.h
 * numbers entries by one: each region gets its own "namespace<R>." and
 * "dax<R>." prefix, and an instance id encodes both as R * ID_SPLIT + N.
 * hotmem's tree shows the devices (no driver links and no uevent files);
 * the ndctl and daxctl steps do not read it (see ndctl.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/nvdimm.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

#define ID_SPLIT 4096L

static struct nd_region *region_by_id(struct hm_system *sys, long rid)
{
	char name[32];

	snprintf(name, sizeof(name), "region%ld", rid);
	return nd_region_find(sys, name);
}

static struct nd_namespace *ns_by_id(struct hm_system *sys, long id)
{
	char name[48];

	snprintf(name, sizeof(name), "namespace%ld.%ld", id / ID_SPLIT, id % ID_SPLIT);
	return nd_namespace_find(sys, name);
}

static struct dax_dev *dax_by_id(struct hm_system *sys, long id)
{
	char name[48];

	snprintf(name, sizeof(name), "dax%ld.%ld", id / ID_SPLIT, id % ID_SPLIT);
	return dax_dev_find(sys, name);
}

/* ------------------------------------------------------------ regions */

static long region_next(struct hm_system *sys, long parent, long from)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	long best = -1;
	unsigned int i;

	(void)parent;
	for (i = 0; bus && i < bus->nr_dimms; i++)
		if (bus->regions[i]->id >= from && (best < 0 || bus->regions[i]->id < best))
			best = bus->regions[i]->id;
	return best;
}

static int region_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	struct nd_region *r = region_by_id(sys, id);

	if (!r)
		return -ENODEV;
	switch (attr->arg) {
	case 0: hm_buf_printf(out, "%llu\n", (unsigned long long)r->size); break;
	case 1: hm_buf_printf(out, "%#llx\n", (unsigned long long)r->start); break;
	case 2: hm_buf_printf(out, "%lu\n", ND_REGION_ALIGN); break;
	case 3: hm_buf_printf(out, "%llu\n", (unsigned long long)nd_region_available_size(r)); break;
	case 4: hm_buf_printf(out, "%llu\n", (unsigned long long)nd_region_max_extent(r)); break;
	case 5: hm_buf_printf(out, "%#llx\n", (unsigned long long)nd_region_set_cookie(r)); break;
	case 6: hm_buf_printf(out, "%d\n", r->numa_node); break;
	case 7: hm_buf_printf(out, "%d\n", r->target_node); break;
	case 8: hm_buf_printf(out, "1\n"); break;			/* mappings */
	case 9: hm_buf_printf(out, "nmem%d,0,%llu,0\n", r->dimm->id,	/* mapping0 */
			      (unsigned long long)r->size); break;
	default: hm_buf_printf(out, "\n"); break;
	}
	return 0;
}

#define REGION_ATTR(n, a) { .name = n, .mode = 0444, .show = region_attr_show, .arg = a }
static const struct sysfs_attr region_attrs[] = {
	REGION_ATTR("size", 0), REGION_ATTR("resource", 1), REGION_ATTR("align", 2),
	REGION_ATTR("available_size", 3), REGION_ATTR("max_available_extent", 4),
	REGION_ATTR("set_cookie", 5), REGION_ATTR("numa_node", 6),
	REGION_ATTR("target_node", 7), REGION_ATTR("mappings", 8), REGION_ATTR("mapping0", 9),
	{ NULL }
};
static const struct sysfs_attr *const region_groups[] = { region_attrs, NULL };

/* ------------------------------------------------------------ namespaces */

static long ns_next_in(struct hm_system *sys, long rid, long from)
{
	struct nd_region *r = region_by_id(sys, rid);
	struct nd_namespace *ns;
	long best = -1;

	for (ns = r ? r->namespaces : NULL; ns; ns = ns->next)
		if (ns->id >= from && (best < 0 || ns->id < best))
			best = ns->id;
	return best < 0 ? -1 : rid * ID_SPLIT + best;
}

static int ns_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			struct hm_buf *out)
{
	static const char *const modes[] = { "raw", "fsdax", "devdax" };
	struct nd_namespace *ns = ns_by_id(sys, id);
	char uuid[37];

	if (!ns)
		return -ENODEV;
	switch (attr->arg) {
	case 0: hm_buf_printf(out, "%llu\n", (unsigned long long)ns->size); break;
	case 1:
		if (!ns->size)
			return -ENXIO;
		hm_buf_printf(out, "%#llx\n", (unsigned long long)ns->start);
		break;
	case 2: hm_buf_printf(out, "%s\n", ns->size ? modes[ns->mode] : "raw"); break;
	case 3: hm_buf_printf(out, "%d\n", ns->region->numa_node); break;
	case 4: hm_buf_printf(out, "%d\n", ns->region->target_node); break;
	case 5:
		if (ns->io)
			return -ENOENT;
		nd_uuid_format(ns->uuid, uuid);
		hm_buf_printf(out, "%s\n", ns->size ? uuid : "");
		break;
	case 6:
		if (ns->dax)
			hm_buf_printf(out, "dax%d.%d\n", ns->dax->region_id, ns->dax->id);
		else if (ns->mode == ND_MODE_FSDAX)
			hm_buf_printf(out, "pfn%d.%d\n", ns->region->id, ns->id);
		else
			hm_buf_printf(out, "\n");
		break;
	default: break;
	}
	return 0;
}



/* ------------------------------------------------------------ dax */

static long dax_next_in(struct hm_system *sys, long rid, long from)
{
	struct nd_region *r = region_by_id(sys, rid);
	struct nd_namespace *ns;
	long best = -1;

	for (ns = r ? r->namespaces : NULL; ns; ns = ns->next)
		if (ns->dax && ns->dax->id >= from && (best < 0 || ns->dax->id < best))
			best = ns->dax->id;
	return best < 0 ? -1 : rid * ID_SPLIT + best;
}

static int dax_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	struct dax_dev *dax = dax_by_id(sys, id);

	if (!dax)
		return -ENODEV;
	switch (attr->arg) {
	case 0: hm_buf_printf(out, "%llu\n", (unsigned long long)(dax->end - dax->start + 1)); break;
	case 1: hm_buf_printf(out, "%d\n", dax->target_node); break;
	case 2: hm_buf_printf(out, "%lu\n", dax->align); break;
	case 3: hm_buf_printf(out, "%#llx\n", (unsigned long long)dax->start); break;
	case 4: hm_buf_printf(out, "%d\n", dax->ns->region->numa_node); break;
	case 5: hm_buf_printf(out, "dax:t0\n"); break;
	default: break;
	}
	return 0;
}



/* one namespace<R>. and dax<R>. prefix per region */
#define PER_REGION(R)								\
	static long ns_next_##R(struct hm_system *sys, long parent, long from)	\
	{									\
		long id = ns_next_in(sys, R, from);				\
		(void)parent;							\
		return id < 0 ? -1 : id % ID_SPLIT;				\
	}									\
	static long dax_next_##R(struct hm_system *sys, long parent, long from)	\
	{									\
		long id = dax_next_in(sys, R, from);				\
		(void)parent;							\
		return id < 0 ? -1 : id % ID_SPLIT;				\
	}
PER_REGION(0) PER_REGION(1) PER_REGION(2) PER_REGION(3)
PER_REGION(4) PER_REGION(5) PER_REGION(6) PER_REGION(7)

/*
 * The numbered entry's id is N alone; the directory kinds below need the
 * region too, so each region's namespaces and dax devices have a
 * directory kind whose attributes add R * ID_SPLIT.
 */
#define KIND(R)									\
	static int ns_show_##R(struct hm_system *sys, long id,			\
			       const struct sysfs_attr *attr, struct hm_buf *out)	\
	{ return ns_attr_show(sys, R * ID_SPLIT + id, attr, out); }		\
	static int dax_show_##R(struct hm_system *sys, long id,		\
				const struct sysfs_attr *attr, struct hm_buf *out)	\
	{ return dax_attr_show(sys, R * ID_SPLIT + id, attr, out); }		\
	static const struct sysfs_attr ns_attrs_##R[] = {			\
		{ .name = "size", .mode = 0444, .show = ns_show_##R, .arg = 0 },				\
		{ .name = "resource", .mode = 0444, .show = ns_show_##R, .arg = 1 },			\
		{ .name = "mode", .mode = 0444, .show = ns_show_##R, .arg = 2 },				\
		{ .name = "numa_node", .mode = 0444, .show = ns_show_##R, .arg = 3 },			\
		{ .name = "target_node", .mode = 0444, .show = ns_show_##R, .arg = 4 },			\
		{ .name = "uuid", .mode = 0444, .show = ns_show_##R, .arg = 5 },				\
		{ .name = "holder", .mode = 0444, .show = ns_show_##R, .arg = 6 },			\
		{ NULL } };							\
	static const struct sysfs_attr *const ns_groups_##R[] = { ns_attrs_##R, NULL }; \
	static const struct sysfs_dir ns_dir_##R = { .groups = ns_groups_##R };	\
	static const struct sysfs_attr dax_attrs_##R[] = {			\
		{ .name = "size", .mode = 0444, .show = dax_show_##R, .arg = 0 },			\
		{ .name = "target_node", .mode = 0444, .show = dax_show_##R, .arg = 1 },			\
		{ .name = "align", .mode = 0444, .show = dax_show_##R, .arg = 2 },			\
		{ .name = "resource", .mode = 0444, .show = dax_show_##R, .arg = 3 },			\
		{ .name = "numa_node", .mode = 0444, .show = dax_show_##R, .arg = 4 },			\
		{ .name = "modalias", .mode = 0444, .show = dax_show_##R, .arg = 5 },			\
		{ NULL } };							\
	static const struct sysfs_attr *const dax_groups_##R[] = { dax_attrs_##R, NULL }; \
	static const struct sysfs_dir dax_dir_##R = { .groups = dax_groups_##R };
KIND(0) KIND(1) KIND(2) KIND(3) KIND(4) KIND(5) KIND(6) KIND(7)

static const struct sysfs_dir region_dir = { .groups = region_groups };
static const struct sysfs_numbered nd_devices[] = {
	{ "region", region_next, .dir = &region_dir },
#define NS(R) { "namespace" #R ".", ns_next_##R, .dir = &ns_dir_##R }
	NS(0), NS(1), NS(2), NS(3), NS(4), NS(5), NS(6), NS(7),
	{ NULL }
};
const struct sysfs_dir nd_bus_devices_dir = { .numbered = nd_devices };

static const struct sysfs_numbered dax_devices[] = {
#define DAX(R) { "dax" #R ".", dax_next_##R, .dir = &dax_dir_##R }
	DAX(0), DAX(1), DAX(2), DAX(3), DAX(4), DAX(5), DAX(6), DAX(7),
	{ NULL }
};
const struct sysfs_dir dax_bus_devices_dir = { .numbered = dax_devices };
