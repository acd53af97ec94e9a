// SPDX-License-Identifier: GPL-2.0
/*
 * nd_driver.c - what the driver core's files do on the nd and dax buses:
 * bind, unbind, new_id, remove_id and drivers_probe (drivers/base/bus.c's
 * stores, dd.c's attach and release) with the buses' match, probe and
 * remove (drivers/nvdimm/bus.c: nvdimm_bus_match, nvdimm_bus_probe,
 * nvdimm_bus_remove; drivers/dax/bus.c: dax_bus_match, do_id_store).
 *
 * The devices and which driver holds each:
 *   nd  nmemN        nvdimm      bound unless unbound through sysfs
 *       regionN      nd_region   bound while the region is enabled
 *       namespaceX.Y nd_pmem     raw and fsdax namespaces, while enabled
 *       daxX.Y       dax_pmem    the nd_dax of a devdax namespace, while enabled
 *   dax daxX.Y       device_dax or kmem, as the dax device says
 * A bind names the device as /sys/bus/<bus>/devices does (one trailing
 * newline ignored, as sysfs_streq does).  The kernel's answers:
 *   bind    no such device, or the driver does not match it: -ENODEV; the
 *           device already has a driver: -EBUSY (__driver_probe_device);
 *           else the probe's own error, 0 when it binds;
 *   unbind  no such device, or this driver does not hold it: -ENODEV;
 *   new_id, remove_id (dax only): a name other than "dax%d.%d": -EINVAL;
 *           new_id then attaches the driver to every unbound device it
 *           matches (driver_attach), probe errors ignored;
 *   drivers_probe: no such device -ENODEV; an unbound device gets the first
 *           driver that matches and probes, in the order the drivers
 *           registered.
 * device_dax matches every dax device (match_always); kmem only the names
 * in its id list (new_id).  Where a removal cannot complete (kmem's memory
 * online, a region holding kmem memory) the model refuses with -EBUSY and
 * keeps the binding; the kernel's remove cannot fail: it unbinds and
 * leaves the memory added until reboot ("cannot be hotremoved").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/bus.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

/* The name written, without the one trailing newline sysfs_streq ignores: 0 or -ENODEV. */
static int dev_name(const char *buf, char *out, size_t size)
{
	size_t n = strlen(buf);

	if (n && buf[n - 1] == '\n')
		n--;
	if (!n || n >= size || memchr(buf, '\n', n))
		return -ENODEV;
	memcpy(out, buf, n);
	out[n] = 0;
	return 0;
}

/*
 * The namespace the pfn device "pfnX.Y" (an fsdax namespace, nd_pmem's)
 * or the nd_dax device "daxX.Y" (a devdax namespace, dax_pmem's) claims,
 * with that driver's name in *drv; NULL for a seed or no such device.
 */
/*
 * The region of a pfn or nd_dax device's name "pfnX.Y" or "daxX.Y" (regionX),
 * with Y in *k and whether it is a pfn in *pfn; NULL for another name.
 */
static struct nd_region *nd_claim_region(struct hm_system *sys, const char *name, int *k,
					 bool *pfn)
{
	char rname[32];
	int r, n = 0;

	*pfn = !strncmp(name, "pfn", 3);
	if (sscanf(name, *pfn ? "pfn%d.%d%n" : "dax%d.%d%n", &r, k, &n) != 2 || name[n])
		return NULL;
	snprintf(rname, sizeof(rname), "region%d", r);
	return nd_region_find(sys, rname);
}

static struct nd_namespace *nd_claim_find(struct hm_system *sys, const char *name,
					  const char **drv)
{
	struct nd_region *region;
	bool pfn;
	int k;

	region = nd_claim_region(sys, name, &k, &pfn);
	if (!region)
		return NULL;
	*drv = pfn ? "nd_pmem" : "dax_pmem";
	return nd_claim_namespace(region, pfn ? ND_MODE_FSDAX : ND_MODE_DEVDAX, k);
}

/* ------------------------------------------------------------------ nd */

/* A device of the nd bus, by its name: one of dimm, region, ns is set. */
struct nd_dev {
	struct nvdimm *dimm;
	struct nd_region *region;
	struct nd_namespace *ns;	/* a namespace, or the one a pfn or nd_dax claims */
	const char *claim_drv;		/* a pfn or nd_dax device: its driver */
};

/* The nd bus's device named name: 0, or -ENODEV if there is none. */
static int nd_dev_find(struct hm_system *sys, const char *name, struct nd_dev *d)
{
	memset(d, 0, sizeof(*d));
	if (!strncmp(name, "nmem", 4) && (d->dimm = nvdimm_find(sys, name)))
		return 0;
	if ((d->region = nd_region_find(sys, name)))
		return 0;
	if ((d->ns = nd_namespace_find(sys, name)))
		return 0;
	return (d->ns = nd_claim_find(sys, name, &d->claim_drv)) ? 0 : -ENODEV;
}

/*
 * The pfn or nd_dax seed named name, with its kind in *mode and its driver
 * in *drv; NULL if name is no seed.
 */
static struct nd_region *nd_seed_find(struct hm_system *sys, const char *name,
				      enum nd_mode *mode, const char **drv)
{
	struct nd_region *region;
	bool pfn;
	int k;

	region = nd_claim_region(sys, name, &k, &pfn);
	if (!region || k != (pfn ? region->pfn_seed : region->dax_seed))
		return NULL;
	*mode = pfn ? ND_MODE_FSDAX : ND_MODE_DEVDAX;
	*drv = pfn ? "nd_pmem" : "dax_pmem";
	return region;
}

int nd_driver_bind(struct hm_system *sys, const char *drv, const char *buf)
{
	struct nd_region *seed_region;
	struct nd_namespace *ns;
	const char *seed_drv;
	enum nd_mode mode;
	struct nd_dev d;
	char name[48];

	if (dev_name(buf, name, sizeof(name)))
		return -ENODEV;
	seed_region = nd_seed_find(sys, name, &mode, &seed_drv);
	if (seed_region)	/* nd_pfn_probe / nd_dax_probe of the seed */
		return strcmp(drv, seed_drv) ? -ENODEV : nd_seed_bind(sys, seed_region, mode);
	if (nd_dev_find(sys, name, &d))
		return -ENODEV;
	if (d.dimm) {
		if (strcmp(drv, "nvdimm"))
			return -ENODEV;
		if (!d.dimm->unbound)
			return -EBUSY;
		d.dimm->unbound = false;	/* nvdimm_probe: the labels are read again */
		return 0;
	}
	if (d.region) {
		if (strcmp(drv, "nd_region"))
			return -ENODEV;		/* nvdimm_bus_match: the region type only */
		return d.region->enabled ? -EBUSY : nd_region_enable(sys, d.region);
	}
	ns = d.ns;
	if (strcmp(drv, d.claim_drv ? d.claim_drv : "nd_pmem"))
		return -ENODEV;
	if (!ns->region->enabled)
		return -ENODEV;			/* a disabled region has no namespaces */
	if (ns->enabled)
		return -EBUSY;
	/* a devdax namespace is claimed through its nd_dax, not bound itself */
	if (!d.claim_drv && ns->mode == ND_MODE_DEVDAX && ns->claim_id >= 0)
		return -ENXIO;
	/* nd_pmem_probe: an info block makes a pfn or nd_dax device claim it */
	if (!d.claim_drv)
		nd_namespace_probe_info(ns);
	return nd_namespace_enable(sys, ns);
}

int nd_driver_unbind(struct hm_system *sys, const char *drv, const char *buf)
{
	struct nd_dev d;
	char name[48];

	if (dev_name(buf, name, sizeof(name)) || nd_dev_find(sys, name, &d))
		return -ENODEV;
	if (d.dimm) {
		/* nvdimm_remove: an enabled region keeps what it read */
		if (strcmp(drv, "nvdimm") || d.dimm->unbound)
			return -ENODEV;
		d.dimm->unbound = true;
		return 0;
	}
	if (d.region) {
		if (strcmp(drv, "nd_region") || !d.region->enabled)
			return -ENODEV;
		return nd_region_disable(sys, d.region);
	}
	/* a devdax namespace is unbound through its nd_dax */
	if (strcmp(drv, d.claim_drv ? d.claim_drv : "nd_pmem") || !d.ns->enabled ||
	    (!d.claim_drv && d.ns->mode == ND_MODE_DEVDAX))
		return -ENODEV;
	return nd_namespace_disable(sys, d.ns);
}

/* drivers_probe on the nd bus: the device's driver, if it has none */
static int nd_probe_device(struct hm_system *sys, const char *name)
{
	struct nd_dev d;

	if (nd_dev_find(sys, name, &d))
		return -ENODEV;
	if (d.dimm) {
		d.dimm->unbound = false;
		return 0;
	}
	if (d.region)
		return d.region->enabled ? 0 : nd_region_enable(sys, d.region);
	if (d.ns->enabled || !d.ns->size)
		return 0;			/* bound, or a seed no driver takes */
	if (!d.claim_drv)
		nd_namespace_probe_info(d.ns);
	nd_namespace_enable(sys, d.ns);		/* a failed probe leaves it unbound */
	return 0;
}

/* ------------------------------------------------------------------ dax */

enum { DAX_ID_DEVICE, DAX_ID_KMEM };

static int dax_drv_index(const char *drv)
{
	return !strcmp(drv, "kmem") ? DAX_ID_KMEM : DAX_ID_DEVICE;
}

static bool dax_id_listed(struct hm_system *sys, int d, const char *name)
{
	for (unsigned int i = 0; i < ND_MAX_DAX_IDS; i++)
		if (!strcmp(sys->buses.dax_ids[d][i], name))
			return true;
	return false;
}

/* dax_bus_match: device_dax matches always, kmem by id */
static bool dax_match(struct hm_system *sys, int d, const char *name)
{
	return d == DAX_ID_DEVICE || dax_id_listed(sys, d, name);
}

static int dax_probe(struct hm_system *sys, int d, struct dax_dev *dax)
{
	return d == DAX_ID_KMEM ? dax_bind_kmem(sys, dax) : dax_bind_device_dax(sys, dax);
}

int dax_driver_bind(struct hm_system *sys, const char *drv, const char *buf)
{
	int d = dax_drv_index(drv);
	struct dax_dev *dax;
	char name[48];

	if (dev_name(buf, name, sizeof(name)) || !(dax = dax_dev_find(sys, name)) ||
	    !dax_match(sys, d, name))
		return -ENODEV;
	if (dax->driver != DAX_DRV_NONE)
		return -EBUSY;
	return dax_probe(sys, d, dax);
}

int dax_driver_unbind(struct hm_system *sys, const char *drv, const char *buf)
{
	int want = dax_drv_index(drv) == DAX_ID_KMEM ? DAX_DRV_KMEM : DAX_DRV_DEVICE;
	struct dax_dev *dax;
	char name[48];

	if (dev_name(buf, name, sizeof(name)) || !(dax = dax_dev_find(sys, name)) ||
	    (int)dax->driver != want)
		return -ENODEV;
	return dax_unbind(sys, dax);
}

/* do_id_store: "dax%d.%d" exactly (one trailing newline aside), any device or none */
int dax_driver_id(struct hm_system *sys, const char *drv, const char *buf, bool add)
{
	int d = dax_drv_index(drv), region, id, n = 0;
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	char (*ids)[ND_MAX_DAX_IDS][32] = sys->buses.dax_ids;
	char name[48], canon[32];
	unsigned int i;

	if (dev_name(buf, name, sizeof(name)) ||
	    sscanf(name, "dax%d.%d%n", &region, &id, &n) != 2 || name[n])
		return -EINVAL;
	snprintf(canon, sizeof(canon), "dax%d.%d", region, id);
	if (strcmp(canon, name))
		return -EINVAL;
	for (i = 0; i < ND_MAX_DAX_IDS; i++)
		if (!strcmp(ids[d][i], name))
			break;
	if (!add) {
		if (i < ND_MAX_DAX_IDS)
			ids[d][i][0] = 0;
		return 0;
	}
	if (i == ND_MAX_DAX_IDS) {
		for (i = 0; i < ND_MAX_DAX_IDS && ids[d][i][0]; i++)
			;
		if (i == ND_MAX_DAX_IDS)
			return -ENOMEM;		/* the kernel's list is unbounded: kzalloc's */
		memcpy(ids[d][i], canon, strlen(canon) + 1);	/* "dax%d.%d": under 27 */
	}
	/* driver_attach: every unbound device the driver now matches, errors ignored */
	for (unsigned int r = 0; bus && r < bus->nr_dimms; r++) {
		struct nd_namespace *ns;

		for (ns = bus->regions[r]->namespaces; ns; ns = ns->next) {
			char dn[32];

			if (!ns->dax || ns->dax->driver != DAX_DRV_NONE)
				continue;
			snprintf(dn, sizeof(dn), "dax%d.%d", ns->dax->region_id, ns->dax->id);
			if (dax_match(sys, d, dn))
				dax_probe(sys, d, ns->dax);
		}
	}
	return 0;
}

/* drivers_probe on the dax bus: device_dax registered first, then kmem */
static int dax_probe_device(struct hm_system *sys, const char *name)
{
	struct dax_dev *dax = dax_dev_find(sys, name);

	if (!dax)
		return -ENODEV;
	if (dax->driver != DAX_DRV_NONE)
		return 0;
	for (int d = DAX_ID_DEVICE; d <= DAX_ID_KMEM; d++)
		if (dax_match(sys, d, name) && !dax_probe(sys, d, dax))
			break;
	return 0;
}

int nd_drivers_probe(struct hm_system *sys, bool dax_bus, const char *buf)
{
	char name[48];

	if (dev_name(buf, name, sizeof(name)))
		return -ENODEV;
	return dax_bus ? dax_probe_device(sys, name) : nd_probe_device(sys, name);
}

const char *dax_dev_driver_name(const struct dax_dev *dax)
{
	switch (dax->driver) {
	case DAX_DRV_DEVICE:
		return "device_dax";
	case DAX_DRV_KMEM:
		return "kmem";
	default:
		return NULL;
	}
}
