/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bus.h - the driver core's buses, drivers and device files
 * (drivers/base/bus.c, driver.c, dd.c, power/sysfs.c), as sysfs shows them.
 *
 * A bus type (struct bus_type) is /sys/bus/NAME: its devices/ (symlinks
 * into /sys/devices), its drivers/ (a directory per struct
 * device_driver: bind, unbind, uevent, new_id and remove_id where the bus
 * has dynamic ids, a module link, and a link to every device bound), and
 * drivers_autoprobe, drivers_probe and uevent.  Devices of the system
 * subsystems (memory blocks, nodes, CPUs) carry a subsystem link back to
 * their bus and a power/ directory (device_power_dir).
 *
 * The buses are static tables (one row per bus, one per driver), as the
 * kernel's are static structures registered at boot; what changes at run
 * time (which devices exist, which are bound, drivers_autoprobe) lives in
 * struct hm_system (struct hm_buses) and the owners' own structures.
 */
#ifndef HOTMEM_BUS_H
#define HOTMEM_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/report.h"
#include "hotmem/sysfs.h"

struct hm_system;

enum hm_bus_id { BUS_CPU, BUS_DAX, BUS_MEMORY, BUS_ND, BUS_NODE, NR_HM_BUSES };

struct device_driver {
	const char *name;
	enum hm_bus_id bus;
	const char *mod_name;		/* the module/ link's module; NULL: none (built in) */
	bool suppress_bind_attrs;	/* no bind and unbind files */
};

struct bus_type {
	const char *name;
	const struct sysfs_dir *devices;	/* devices/: links into /sys/devices */
	bool dynamic_ids;		/* its drivers have new_id and remove_id */
	/* registered at boot on this machine (the guest's modules); NULL: always */
	bool (*registered)(const struct hm_system *sys);
	/* the id of the device named name on this bus, or -ENODEV */
	long (*find_device)(struct hm_system *sys, const char *name);
};

#define ND_MAX_DAX_IDS 16

/* What changes at run time. */
struct hm_buses {
	bool no_autoprobe[NR_HM_BUSES];	/* drivers_autoprobe written 0 */
	uint64_t processor_unbound;	/* CPUs unbound from the processor driver */
	/* the dax bus's dynamic ids (new_id) of device_dax [0] and kmem [1]; "" free */
	char dax_ids[2][ND_MAX_DAX_IDS][32];
};

/* /sys/bus and its buses. */
extern const struct sysfs_dir bus_root_dir;
/* drivers/base/power/sysfs.c: a device's power/ (the CPU's adds pm_qos_resume_latency_us) */
extern const struct sysfs_dir device_power_dir;
extern const struct sysfs_dir cpu_power_dir;

/**
 * bitmap_print_mask() - print a bitmap as the kernel's "%*pb" does (a cpumap)
 * @out: the buffer appended to
 * @mask: the bits (up to 64)
 * @nbits: the bitmap's width
 *
 * Hex in 32-bit chunks separated by ',', most significant first.
 */
void bitmap_print_mask(struct hm_buf *out, uint64_t mask, unsigned int nbits);
/**
 * bitmap_print_list() - print a bitmap as the kernel's "%*pbl" does
 * @out: the buffer appended to
 * @mask: the bits (up to 64)
 * @nbits: the bitmap's width
 *
 * Ranges ("0-1,3"); nothing for an empty bitmap.
 */
void bitmap_print_list(struct hm_buf *out, uint64_t mask, unsigned int nbits);

#endif /* HOTMEM_BUS_H */
