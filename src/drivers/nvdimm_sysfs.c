// SPDX-License-Identifier: GPL-2.0
/*
 * nvdimm_sysfs.c - /sys/bus/nd/devices and /sys/bus/dax/devices as the
 * tools read them (the attribute tables of drivers/nvdimm/region_devs.c,
 * namespace_devs.c and drivers/dax/bus.c), in sysfs.h's table shape.
 *
 * Directory names carry two numbers (namespace0.1, dax0.1) while sysfs.h
 * numbers entries by one: each region gets its own "namespace<R>." and
 * "dax<R>." prefix, and an instance id encodes both as R * ID_SPLIT + N.
 * hotmem's tree shows the nd devices (no driver links and no uevent
 * files) under /sys/bus/nd/devices, and the dax devices where the kernel
 * has them, under their nd_dax device in /sys/devices, linked from
 * /sys/bus/dax; the ndctl and daxctl steps do not read it (see ndctl.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/bus.h"
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

/*
 * The dax device (drivers/dax/bus.c dev_dax_attributes, under its nd_dax
 * device in /sys/devices): its char device is DAX_MAJOR, the dynamic
 * major Debian's 6.1 gets for dax at boot on these machines (252).
 */
#define DAX_MAJOR 252

enum { DAX_ALIGN, DAX_DEV, DAX_MODALIAS, DAX_NUMA_NODE, DAX_RESOURCE, DAX_SIZE,
       DAX_TARGET_NODE, DAX_UEVENT, DAX_MAP_END, DAX_MAP_OFFSET, DAX_MAP_START, DAX_MAP_UEVENT };

static const char *const dax_driver_names[] = { NULL, "device_dax", "kmem" };

static int dax_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	struct dax_dev *dax = dax_by_id(sys, id);

	if (!dax)
		return -ENODEV;
	switch (attr->arg) {
	case DAX_ALIGN: hm_buf_printf(out, "%lu\n", dax->align); break;
	case DAX_DEV: hm_buf_printf(out, "%d:%d\n", DAX_MAJOR, dax->minor); break;
	case DAX_MODALIAS: hm_buf_printf(out, "dax:t0\n"); break;	/* IORESOURCE_DAX_STATIC */
	case DAX_NUMA_NODE: hm_buf_printf(out, "%d\n", dax->ns->region->numa_node); break;
	case DAX_RESOURCE:
	case DAX_MAP_START: hm_buf_printf(out, "%#llx\n", (unsigned long long)dax->start); break;
	case DAX_SIZE:
		hm_buf_printf(out, "%llu\n", (unsigned long long)(dax->end - dax->start + 1));
		break;
	case DAX_TARGET_NODE: hm_buf_printf(out, "%d\n", dax->target_node); break;
	case DAX_UEVENT:
		hm_buf_printf(out, "MAJOR=%d\nMINOR=%d\nDEVNAME=dax%d.%d\n", DAX_MAJOR, dax->minor,
			      dax->region_id, dax->id);
		if (dax->driver != DAX_DRV_NONE)
			hm_buf_printf(out, "DRIVER=%s\n", dax_driver_names[dax->driver]);
		hm_buf_printf(out, "MODALIAS=dax:t0\n");
		break;
	case DAX_MAP_END: hm_buf_printf(out, "%#llx\n", (unsigned long long)dax->end); break;
	case DAX_MAP_OFFSET: hm_buf_printf(out, "0x0\n"); break;	/* one range, from 0 */
	default: break;							/* mapping0/uevent */
	}
	return 0;
}

/* the dax device's driver link, while bound */
static int dax_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct dax_dev *dax = dax_by_id(sys, id);

	if (!dax || dax->driver == DAX_DRV_NONE)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../../bus/dax/drivers/%s",
		 dax_driver_names[dax->driver]);
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
	static int dax_link_##R(struct hm_system *sys, long id, char *buf, size_t size) \
	{ return dax_driver_link(sys, R * ID_SPLIT + id, buf, size); }		\
	static const struct sysfs_attr dax_map_attrs_##R[] = {			\
		{ .name = "end", .mode = 0400, .show = dax_show_##R, .arg = DAX_MAP_END }, \
		{ .name = "page_offset", .mode = 0400, .show = dax_show_##R,	\
		  .arg = DAX_MAP_OFFSET },					\
		{ .name = "start", .mode = 0400, .show = dax_show_##R, .arg = DAX_MAP_START }, \
		{ .name = "uevent", .mode = 0644, .show = dax_show_##R,		\
		  .arg = DAX_MAP_UEVENT },					\
		{ NULL } };							\
	static const struct sysfs_attr *const dax_map_groups_##R[] = { dax_map_attrs_##R, NULL }; \
	static const struct sysfs_attr dax_attrs_##R[] = {			\
		{ .name = "align", .mode = 0444, .show = dax_show_##R, .arg = DAX_ALIGN }, \
		{ .name = "dev", .mode = 0444, .show = dax_show_##R, .arg = DAX_DEV }, \
		{ .name = "modalias", .mode = 0444, .show = dax_show_##R, .arg = DAX_MODALIAS }, \
		{ .name = "numa_node", .mode = 0444, .show = dax_show_##R,	\
		  .arg = DAX_NUMA_NODE },					\
		{ .name = "resource", .mode = 0400, .show = dax_show_##R, .arg = DAX_RESOURCE }, \
		{ .name = "size", .mode = 0444, .show = dax_show_##R, .arg = DAX_SIZE }, \
		{ .name = "target_node", .mode = 0444, .show = dax_show_##R,	\
		  .arg = DAX_TARGET_NODE },					\
		{ .name = "uevent", .mode = 0644, .show = dax_show_##R, .arg = DAX_UEVENT }, \
		{ NULL } };							\
	static const struct sysfs_attr *const dax_groups_##R[] = { dax_attrs_##R, NULL }; \
	static const struct sysfs_dir dax_dir_##R = {				\
		.groups = dax_groups_##R,					\
		.links = (const struct sysfs_link[]){				\
			{ "driver", .get = dax_link_##R },			\
			{ "subsystem", .target = "../../../../../../../../bus/dax" }, \
			{ NULL } },						\
		.children = (const struct sysfs_child[]){			\
			{ "mapping0", &(const struct sysfs_dir){			\
				.groups = dax_map_groups_##R,			\
				.children = (const struct sysfs_child[]){	\
					{ "power", &device_power_dir }, { NULL } } } }, \
			{ "power", &device_power_dir },				\
			{ NULL } } };						\
	/* region<R>/dax<R>.N, the nd_dax device holding the dax device dax<R>.N */ \
	static long nd_dax_inner_next_##R(struct hm_system *sys, long parent, long from) \
	{ return from <= parent ? parent : -1; }				\
	static const struct sysfs_dir nd_dax_dir_##R = {			\
		.numbered = (const struct sysfs_numbered[]){			\
			{ "dax" #R ".", nd_dax_inner_next_##R, .dir = &dax_dir_##R }, \
			{ NULL } } };						\
	static long region_dax_next_##R(struct hm_system *sys, long parent, long from) \
	{ return parent == R ? dax_next_##R(sys, parent, from) : -1; }		\
	/* the dax devices a driver holds */					\
	static long dax_bound_next_##R(struct hm_system *sys, long from, enum dax_driver drv) \
	{									\
		long n;								\
		for (n = dax_next_##R(sys, 0, from); n >= 0; n = dax_next_##R(sys, 0, n + 1)) \
			if (dax_by_id(sys, R * ID_SPLIT + n)->driver == drv)	\
				return n;					\
		return -1;							\
	}									\
	static long device_dax_next_##R(struct hm_system *sys, long parent, long from) \
	{ return dax_bound_next_##R(sys, from, DAX_DRV_DEVICE); }		\
	static long kmem_next_##R(struct hm_system *sys, long parent, long from) \
	{ return dax_bound_next_##R(sys, from, DAX_DRV_KMEM); }
KIND(0) KIND(1) KIND(2) KIND(3) KIND(4) KIND(5) KIND(6) KIND(7)

static const struct sysfs_dir region_dir = { .groups = region_groups };
static const struct sysfs_numbered nd_devices[] = {
	{ "region", region_next, .dir = &region_dir },
#define NS(R) { "namespace" #R ".", ns_next_##R, .dir = &ns_dir_##R }
	NS(0), NS(1), NS(2), NS(3), NS(4), NS(5), NS(6), NS(7),
	{ NULL }
};
const struct sysfs_dir nd_bus_devices_dir = { .numbered = nd_devices };

#define DAX_DEV_PATH(R) "devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0/region" #R \
	"/dax" #R ".%1$ld/dax" #R ".%1$ld"

/* /sys/bus/dax/devices: links to the dax devices (bus_add_device) */
static const struct sysfs_numbered dax_devices[] = {
#define DAX(R) { "dax" #R ".", dax_next_##R, .link = "../../../" DAX_DEV_PATH(R) }
	DAX(0), DAX(1), DAX(2), DAX(3), DAX(4), DAX(5), DAX(6), DAX(7),
	{ NULL }
};
const struct sysfs_dir dax_bus_devices_dir = { .numbered = dax_devices };

/* /sys/bus/dax/drivers/{device_dax,kmem}: links to the devices each holds */
#define BOUND(R, D) { "dax" #R ".", D##_next_##R, .link = "../../../../" DAX_DEV_PATH(R) }
const struct sysfs_numbered dax_device_dax_bound[] = {
	BOUND(0, device_dax), BOUND(1, device_dax), BOUND(2, device_dax), BOUND(3, device_dax),
	BOUND(4, device_dax), BOUND(5, device_dax), BOUND(6, device_dax), BOUND(7, device_dax),
	{ NULL }
};
const struct sysfs_numbered dax_kmem_bound[] = {
	BOUND(0, kmem), BOUND(1, kmem), BOUND(2, kmem), BOUND(3, kmem),
	BOUND(4, kmem), BOUND(5, kmem), BOUND(6, kmem), BOUND(7, kmem),
	{ NULL }
};

/*
 * /sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0 (the NFIT's bus,
 * with nvdimm=on): regionR and, under it, the nd_dax devices holding the
 * dax devices.  The rest of libnvdimm's device tree (nmemN, the
 * namespaces, the btt, pfn and dax seeds, the regions' attributes) is
 * still shown under /sys/bus/nd/devices only.
 */
static const struct sysfs_dir region_dev_dir = {
	.numbered = (const struct sysfs_numbered[]){
#define REGION_DAX(R) { "dax" #R ".", region_dax_next_##R, .dir = &nd_dax_dir_##R }
		REGION_DAX(0), REGION_DAX(1), REGION_DAX(2), REGION_DAX(3),
		REGION_DAX(4), REGION_DAX(5), REGION_DAX(6), REGION_DAX(7),
		{ NULL } },
};

static bool acpi_nfit_visible(const struct hm_system *sys)
{
	return sys->nd_bus && sys->nd_bus->nr_dimms;
}

/*
 * ndbus0/nd/ndctl0: the bus's control device (nvdimm_bus_create_ndctl),
 * a device of the nd class with the char major libnvdimm registers for
 * "ndctl" at load, 246 on these machines (dynamic majors are handed out
 * downwards; dax has 252).
 */
#define NDCTL_MAJOR 246

static int ndctl_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	if (attr->arg)
		hm_buf_printf(out, "MAJOR=%d\nMINOR=0\nDEVNAME=ndctl0\n", NDCTL_MAJOR);
	else
		hm_buf_printf(out, "%d:0\n", NDCTL_MAJOR);
	return 0;
}

static int ndctl_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			      const char *buf)
{
	return kobject_synth_uevent(sys, "/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0/nd/"
				    "ndctl0", "nd", buf, strlen(buf));
}

static const struct sysfs_attr ndctl_attrs[] = {
	{ .name = "dev", .mode = 0444, .show = ndctl_show, .arg = 0 },
	{ .name = "uevent", .mode = 0644, .show = ndctl_show, .store = ndctl_uevent_store,
	  .arg = 1 },
	{ NULL }
};
static const struct sysfs_attr *const ndctl_groups[] = { ndctl_attrs, NULL };

static const struct sysfs_dir ndctl_dir = {
	.groups = ndctl_groups,
	.links = (const struct sysfs_link[]){
		{ "device", .target = "../../../ndbus0" },
		{ "subsystem", .target = "../../../../../../../class/nd" },
		{ NULL } },
};

const struct sysfs_dir acpi_nfit_dev_dir = {
	.visible = acpi_nfit_visible,
	.children = (const struct sysfs_child[]){
		{ "ndbus0", &(const struct sysfs_dir){
			.children = (const struct sysfs_child[]){
				{ "nd", &(const struct sysfs_dir){
					.children = (const struct sysfs_child[]){
						{ "ndctl0", &ndctl_dir }, { NULL } } } },
				{ NULL } },
			.numbered = (const struct sysfs_numbered[]){
				{ "region", region_next, .dir = &region_dev_dir },
				{ NULL } } } },
		{ NULL } },
};

/* /sys/class/nd (libnvdimm's class, x86 where the guest loads it): the bus's ndctl0 */
static int nd_class_ndctl_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	if (!acpi_nfit_visible(sys))
		return -ENOENT;
	snprintf(buf, size, "../../devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0/nd/ndctl0");
	return 0;
}

static bool nd_class_visible(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_X86_64;
}

const struct sysfs_dir nd_class_dir = {
	.visible = nd_class_visible,
	.links = (const struct sysfs_link[]){ { "ndctl0", .get = nd_class_ndctl_link }, { NULL } },
};
