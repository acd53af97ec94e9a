// SPDX-License-Identifier: GPL-2.0
/*
 * bus.c - the driver core as sysfs shows it (drivers/base/bus.c,
 * driver.c, dd.c, power/sysfs.c): /sys/bus/NAME with devices/, drivers/,
 * drivers_autoprobe, drivers_probe and uevent; each driver's directory;
 * and the power/ directory every device has.  See bus.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/bus.h"
#include "hotmem/cpu.h"
#include "hotmem/kstrtox.h"
#include "hotmem/node.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

/* ---------------------------------------------------------------- bitmaps */

void bitmap_print_mask(struct hm_buf *out, uint64_t mask, unsigned int nbits)
{
	/* lib/vsprintf.c bitmap_string: 32-bit chunks, the first as wide as its bits */
	unsigned int chunksz = nbits % 32 ? nbits % 32 : 32;
	int i;

	for (i = (int)((nbits + 31) / 32 * 32) - 32; i >= 0; i -= 32) {
		uint64_t val = i < 64 ? (mask >> i) & ((1ULL << chunksz) - 1) : 0;

		hm_buf_printf(out, "%s%0*llx", i + 32 < (int)((nbits + 31) / 32 * 32) ? "," : "",
			      (int)(chunksz + 3) / 4, (unsigned long long)val);
		chunksz = 32;
	}
	hm_buf_printf(out, "\n");
}

void bitmap_print_list(struct hm_buf *out, uint64_t mask, unsigned int nbits)
{
	/* lib/vsprintf.c bitmap_list_string */
	unsigned int b = 0, e;
	bool first = true;

	while (b < nbits && b < 64) {
		if (!(mask >> b & 1)) {
			b++;
			continue;
		}
		for (e = b; e + 1 < nbits && e + 1 < 64 && (mask >> (e + 1) & 1); e++)
			;
		hm_buf_printf(out, first ? "%u" : ",%u", b);
		if (e > b)
			hm_buf_printf(out, "-%u", e);
		first = false;
		b = e + 1;
	}
	hm_buf_printf(out, "\n");
}

/* ----------------------------------------------------------------- power/ */

/*
 * drivers/base/power/sysfs.c: the runtime PM files of a device without
 * runtime PM (no driver enables it): control "auto", status "unsupported",
 * autosuspend_delay_ms fails with -EIO (no use_autosuspend).  Debian's
 * amd64 kernel has CONFIG_PM_SLEEP (async) and CONFIG_PM_ADVANCED_DEBUG
 * (runtime_active_kids, runtime_enabled, runtime_usage); its cloud-arm64
 * kernel neither.
 */
static bool pm_x86_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return sys->arch.kind == HM_ARCH_X86_64;
}

static int power_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	static const char *const text[] = { "disabled", "auto", "0", "disabled", "unsupported" };

	hm_buf_printf(out, "%s\n", text[attr->arg]);
	return 0;
}

static int autosuspend_delay_ms_show(struct hm_system *sys, long id,
				     const struct sysfs_attr *attr, struct hm_buf *out)
{
	return -EIO;	/* !dev->power.use_autosuspend */
}

static int autosuspend_delay_ms_store(struct hm_system *sys, long id,
				      const struct sysfs_attr *attr, const char *buf)
{
	return -EIO;
}

/* A power/ store that takes one of two words (a trailing newline allowed): 0 or -EINVAL. */
static int store_one_of(const char *buf, const char *a, const char *b)
{
	size_t n = strcspn(buf, "\n");

	if ((n == strlen(a) && !strncmp(buf, a, n)) || (n == strlen(b) && !strncmp(buf, b, n)))
		return 0;
	return -EINVAL;
}

/* control: "on" or "auto" (pm_runtime_forbid/allow); nothing changes without runtime PM */
static int control_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 const char *buf)
{
	return store_one_of(buf, "on", "auto");
}

/* async: "enabled" or "disabled" (device_enable_async_suspend) */
static int async_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       const char *buf)
{
	return store_one_of(buf, "enabled", "disabled");
}

static int pm_qos_resume_latency_us_store(struct hm_system *sys, long id,
					  const struct sysfs_attr *attr, const char *buf)
{
	unsigned long long v;

	/* pm_qos_resume_latency_us_store: a number of us or "n/a"; the limit is not modelled */
	if (!strncmp(buf, "n/a", 3) && (!buf[3] || !strcmp(buf + 3, "\n")))
		return 0;
	return kstrtoull(buf, &v) || v > 0x7fffffff ? -EINVAL : 0;
}

#define POWER_RO(_name, _text, _vis) \
	{ .name = _name, .mode = 0444, .show = power_show, .arg = _text, .visible = _vis }
#define POWER_ATTRS(...)							\
	{ .name = "async", .mode = 0644, .show = power_show, .store = async_store, .arg = 0, \
	  .visible = pm_x86_visible },						\
	SYSFS_ATTR_RW(autosuspend_delay_ms),					\
	{ .name = "control", .mode = 0644, .show = power_show, .store = control_store, \
	  .arg = 1 },								\
	__VA_ARGS__								\
	POWER_RO("runtime_active_kids", 2, pm_x86_visible),			\
	POWER_RO("runtime_active_time", 2, NULL),				\
	POWER_RO("runtime_enabled", 3, pm_x86_visible),				\
	POWER_RO("runtime_status", 4, NULL),					\
	POWER_RO("runtime_suspended_time", 2, NULL),				\
	POWER_RO("runtime_usage", 2, pm_x86_visible),				\
	{ NULL }

static const struct sysfs_attr power_attrs[] = { POWER_ATTRS() };
static const struct sysfs_attr cpu_power_attrs[] = { POWER_ATTRS(
	{ .name = "pm_qos_resume_latency_us", .mode = 0644, .show = power_show,
	  .store = pm_qos_resume_latency_us_store, .arg = 2 },) };
static const struct sysfs_attr *const power_groups[] = { power_attrs, NULL };
static const struct sysfs_attr *const cpu_power_groups[] = { cpu_power_attrs, NULL };
const struct sysfs_dir device_power_dir = { .groups = power_groups };
const struct sysfs_dir cpu_power_dir = { .groups = cpu_power_groups };

/* ---------------------------------------------------------------- drivers */

enum { DRV_PROCESSOR, DRV_DAX_PMEM, DRV_ND_BUS, DRV_ND_PMEM, DRV_ND_REGION, DRV_NVDIMM,
       DRV_DEVICE_DAX, DRV_KMEM, NR_DRIVERS };

/* processor (drivers/acpi/processor_driver.c): every CPU not unbound */
static long processor_bound_next(struct hm_system *sys, long parent, long from)
{
	long cpu;

	for (cpu = cpu_next(sys, 0, from); cpu >= 0; cpu = cpu_next(sys, 0, cpu + 1))
		if (!(sys->buses.processor_unbound >> cpu & 1))
			return cpu;
	return -1;
}

static const struct sysfs_numbered processor_bound[] = {
	{ "cpu", processor_bound_next, .link = "../../../../devices/system/cpu/cpu%ld" },
	{ NULL }
};

/*
 * The drivers registered on these machines: the processor driver built
 * in, and on x86 those of the modules the guest loads (nfit, nd_pmem,
 * dax_pmem, device_dax, kmem; libnvdimm registers nd_bus, nvdimm and
 * nd_region).  Which nd and dax devices they hold is nvdimm_sysfs.c's.
 */
static const struct device_driver drivers[NR_DRIVERS] = {
	[DRV_PROCESSOR] = { "processor", BUS_CPU, NULL, false },
	[DRV_DAX_PMEM] = { "dax_pmem", BUS_ND, "dax_pmem", false },
	[DRV_ND_BUS] = { "nd_bus", BUS_ND, "libnvdimm", true },
	[DRV_ND_PMEM] = { "nd_pmem", BUS_ND, "nd_pmem", false },
	[DRV_ND_REGION] = { "nd_region", BUS_ND, "libnvdimm", false },
	[DRV_NVDIMM] = { "nvdimm", BUS_ND, "libnvdimm", false },
	[DRV_DEVICE_DAX] = { "device_dax", BUS_DAX, "device_dax", false },
	[DRV_KMEM] = { "kmem", BUS_DAX, "kmem", false },
};

/* --------------------------------------------------------------- buses */

static long parse_dev(const char *name, const char *prefix, long max)
{
	size_t n = strlen(prefix), len = strcspn(name, "\n");
	char buf[32];
	unsigned long long v;

	if (len <= n || len - n >= sizeof(buf) || strncmp(name, prefix, n))
		return -ENODEV;
	memcpy(buf, name + n, len - n);
	buf[len - n] = '\0';
	if (buf[0] < '1' && strcmp(buf, "0"))
		return -ENODEV;	/* the device's name: decimal, no leading zero */
	if (kstrtoull(buf, &v) || v >= (unsigned long long)max)
		return -ENODEV;
	return (long)v;
}

static long cpu_find(struct hm_system *sys, const char *name)
{
	return parse_dev(name, "cpu", (long)sys->cpus.nr);
}

static long memory_find(struct hm_system *sys, const char *name)
{
	long id = parse_dev(name, "memory", (long)sys->memory.nr_slots);

	return id >= 0 && sys->memory.blocks[id] ? id : -ENODEV;
}

static long node_find(struct hm_system *sys, const char *name)
{
	long nid = parse_dev(name, "node", MAX_NUMNODES);

	return nid >= 0 && node_is_registered(sys, (int)nid) ? nid : -ENODEV;
}

/* nd and dax devices: named as libnvdimm names them; no number is needed here */
static long nd_find(struct hm_system *sys, const char *name)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(name, "\n"), name);
	return nd_region_find(sys, buf) || nd_namespace_find(sys, buf) ? 0 : -ENODEV;
}

static long dax_find(struct hm_system *sys, const char *name)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(name, "\n"), name);
	return dax_dev_find(sys, buf) ? 0 : -ENODEV;
}

/* the guest loads nfit, nd_pmem, dax_pmem, device_dax and kmem on x86 only */
static bool x86_modules(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_X86_64;
}

static const struct sysfs_dir node_bus_devices_dir = {
	.numbered = (const struct sysfs_numbered[]){
		{ "node", node_next, .link = "../../../devices/system/node/node%ld" },
		{ NULL } },
};

static const struct bus_type buses[NR_HM_BUSES] = {
	[BUS_CPU] = { "cpu", &cpu_bus_devices_dir, false, NULL, cpu_find },
	[BUS_DAX] = { "dax", &dax_bus_devices_dir, true, x86_modules, dax_find },
	[BUS_MEMORY] = { "memory", &memory_bus_devices_dir, false, NULL, memory_find },
	[BUS_ND] = { "nd", &nd_bus_devices_dir, false, x86_modules, nd_find },
	[BUS_NODE] = { "node", &node_bus_devices_dir, false, NULL, node_find },
};

/*
 * bind_store and unbind_store (drivers/base/bus.c): the device of that
 * name on the driver's bus; unbinding one the driver does not hold and
 * binding one already bound are -ENODEV and -EBUSY
 * (__driver_probe_device).  The processor driver binds and releases CPUs;
 * the nd and dax drivers' match, probe and remove are libnvdimm's and the
 * dax bus's (src/drivers/nd_driver.c).
 */
static int bind_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      const char *buf)
{
	const struct device_driver *drv = &drivers[attr->arg];
	long dev;

	if (drv->bus == BUS_ND)		/* its devices and their drivers: nd_driver.c's */
		return nd_driver_bind(sys, drv->name, buf);
	if (drv->bus == BUS_DAX)
		return dax_driver_bind(sys, drv->name, buf);
	dev = buses[drv->bus].find_device(sys, buf);
	if (dev < 0)
		return -ENODEV;
	if (!(sys->buses.processor_unbound >> dev & 1))
		return -EBUSY;
	sys->buses.processor_unbound &= ~(1ULL << dev);
	return 0;
}

static int unbind_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	const struct device_driver *drv = &drivers[attr->arg];
	long dev;

	if (drv->bus == BUS_ND)
		return nd_driver_unbind(sys, drv->name, buf);
	if (drv->bus == BUS_DAX)
		return dax_driver_unbind(sys, drv->name, buf);
	dev = buses[drv->bus].find_device(sys, buf);
	if (dev < 0)
		return -ENODEV;
	if (sys->buses.processor_unbound >> dev & 1)
		return -ENODEV;
	sys->buses.processor_unbound |= 1ULL << dev;
	return 0;
}

/* new_id and remove_id of the dax bus (drivers/dax/bus.c do_id_store): "daxX.Y" */
static int new_id_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	return dax_driver_id(sys, drivers[attr->arg].name, buf, true);
}

static int remove_id_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			   const char *buf)
{
	return dax_driver_id(sys, drivers[attr->arg].name, buf, false);
}

static int drv_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    const char *buf)
{
	const struct device_driver *drv = &drivers[attr->arg];
	char path[96];

	snprintf(path, sizeof(path), "/bus/%s/drivers/%s", buses[drv->bus].name, drv->name);
	return kobject_synth_uevent(sys, path, "drivers", buf, strlen(buf));
}

static bool bind_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return !drivers[attr->arg].suppress_bind_attrs;
}

static bool dynid_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return buses[drivers[attr->arg].bus].dynamic_ids;
}

static int module_link(struct hm_system *sys, long id, char *buf, size_t size, int drv)
{
	if (!drivers[drv].mod_name)
		return -ENOENT;
	snprintf(buf, size, "../../../../module/%s", drivers[drv].mod_name);
	return 0;
}

#define DRIVER_DIR(D, BOUND)							\
	static int module_link_##D(struct hm_system *sys, long id, char *buf, size_t size) \
	{ return module_link(sys, id, buf, size, D); }				\
	static const struct sysfs_attr drv_attrs_##D[] = {			\
		{ .name = "bind", .mode = 0200, .store = bind_store, .arg = D,	\
		  .visible = bind_visible },					\
		{ .name = "new_id", .mode = 0200, .store = new_id_store, .arg = D, \
		  .visible = dynid_visible },					\
		{ .name = "remove_id", .mode = 0200, .store = remove_id_store, .arg = D, \
		  .visible = dynid_visible },					\
		{ .name = "uevent", .mode = 0200, .store = drv_uevent_store, .arg = D }, \
		{ .name = "unbind", .mode = 0200, .store = unbind_store, .arg = D, \
		  .visible = bind_visible },					\
		{ NULL } };							\
	static const struct sysfs_attr *const drv_groups_##D[] = { drv_attrs_##D, NULL }; \
	static const struct sysfs_link drv_links_##D[] = {			\
		{ "module", .get = module_link_##D }, { NULL } };		\
	static const struct sysfs_dir drv_dir_##D __attribute__((unused)) = {	\
		.groups = drv_groups_##D, .links = drv_links_##D, .numbered = BOUND };
DRIVER_DIR(DRV_PROCESSOR, NULL)
DRIVER_DIR(DRV_DAX_PMEM, dax_pmem_bound)
DRIVER_DIR(DRV_ND_BUS, nd_bus_bound)
DRIVER_DIR(DRV_ND_PMEM, nd_pmem_bound)
DRIVER_DIR(DRV_ND_REGION, nd_region_bound)
DRIVER_DIR(DRV_NVDIMM, nvdimm_bound)
DRIVER_DIR(DRV_DEVICE_DAX, dax_device_dax_bound)
DRIVER_DIR(DRV_KMEM, dax_kmem_bound)

/* the processor driver's directory also links the CPUs it holds */
static const struct sysfs_dir processor_dir = {
	.groups = drv_groups_DRV_PROCESSOR, .links = drv_links_DRV_PROCESSOR,
	.numbered = processor_bound,
};

static int drivers_autoprobe_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
				  struct hm_buf *out)
{
	hm_buf_printf(out, "%d\n", !sys->buses.no_autoprobe[attr->arg]);
	return 0;
}

/* drivers_autoprobe_store: "0" turns it off, anything else on */
static int drivers_autoprobe_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
				   const char *buf)
{
	sys->buses.no_autoprobe[attr->arg] = buf[0] == '0';
	return 0;
}

/*
 * drivers_probe_store (bus_rescan_devices_helper via device_attach): the
 * named device gets a driver if one matches and it has none.
 */
static int drivers_probe_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			       const char *buf)
{
	long dev;

	if (attr->arg == BUS_ND || attr->arg == BUS_DAX)
		return nd_drivers_probe(sys, attr->arg == BUS_DAX, buf);
	dev = buses[attr->arg].find_device(sys, buf);
	if (dev < 0)
		return -ENODEV;
	if (attr->arg == BUS_CPU)
		sys->buses.processor_unbound &= ~(1ULL << dev);
	return 0;
}

static int bus_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    const char *buf)
{
	char path[48];

	snprintf(path, sizeof(path), "/bus/%s", buses[attr->arg].name);
	return kobject_synth_uevent(sys, path, "bus", buf, strlen(buf));
}

#define REGISTERED(B) \
	static bool buses_registered_##B(const struct hm_system *sys) \
	{ return !buses[B].registered || buses[B].registered(sys); }

/* /sys/bus/NAME: devices/ (the owner's links), drivers/, and the bus's own files */
#define BUS_DIR(B, DEVICES, ...)						\
	REGISTERED(B)								\
	static const struct sysfs_attr bus_attrs_##B[] = {			\
		{ .name = "drivers_autoprobe", .mode = 0644, .show = drivers_autoprobe_show, \
		  .store = drivers_autoprobe_store, .arg = B },			\
		{ .name = "drivers_probe", .mode = 0200, .store = drivers_probe_store, .arg = B }, \
		{ .name = "uevent", .mode = 0200, .store = bus_uevent_store, .arg = B }, \
		{ NULL } };							\
	static const struct sysfs_attr *const bus_groups_##B[] = { bus_attrs_##B, NULL }; \
	static const struct sysfs_dir bus_dir_##B = {				\
		.groups = bus_groups_##B,					\
		.visible = buses_registered_##B,				\
		.children = (const struct sysfs_child[]){			\
			{ "devices", DEVICES },					\
			{ "drivers", &(const struct sysfs_dir){ .children =	\
				(const struct sysfs_child[]){ __VA_ARGS__ { NULL } } } }, \
			{ NULL } } };

BUS_DIR(BUS_CPU, &cpu_bus_devices_dir, { "processor", &processor_dir },)
BUS_DIR(BUS_DAX, &dax_bus_devices_dir, { "device_dax", &drv_dir_DRV_DEVICE_DAX },
	{ "kmem", &drv_dir_DRV_KMEM },)
BUS_DIR(BUS_MEMORY, &memory_bus_devices_dir)
BUS_DIR(BUS_ND, &nd_bus_devices_dir, { "dax_pmem", &drv_dir_DRV_DAX_PMEM },
	{ "nd_bus", &drv_dir_DRV_ND_BUS }, { "nd_pmem", &drv_dir_DRV_ND_PMEM },
	{ "nd_region", &drv_dir_DRV_ND_REGION }, { "nvdimm", &drv_dir_DRV_NVDIMM },)
BUS_DIR(BUS_NODE, &node_bus_devices_dir)

const struct sysfs_dir bus_root_dir = {
	.children = (const struct sysfs_child[]){
		{ "cpu", &bus_dir_BUS_CPU },
		{ "dax", &bus_dir_BUS_DAX },
		{ "memory", &bus_dir_BUS_MEMORY },
		{ "nd", &bus_dir_BUS_ND },
		{ "node", &bus_dir_BUS_NODE },
		{ NULL } },
};
