/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvdimm.h - libnvdimm, device-dax and kmem as the guest sees them (mirrors
 * drivers/acpi/nfit, drivers/nvdimm/{bus,region_devs,namespace_devs,label,
 * pfn_devs,pmem}.c and drivers/dax/{bus,pmem,device,kmem}.c).
 *
 * The machine hands the kernel one NFIT entry per NVDIMM (struct
 * nvdimm_desc: its SPA range, node, handle, serial and label storage); the
 * nfit driver registers an nmem, a pmem region ("Persistent Memory" in
 * iomem) and enables the region, whose namespaces then come from the labels
 * (or, without initialised labels, one label-less namespace over the whole
 * region).  A namespace is claimed by one of three drivers, chosen by the
 * info block at its start:
 *   raw     nd_pmem: "namespaceX.Y" over all of it, no struct pages;
 *   fsdax   nd_pmem with a pfn info block: "namespaceX.Y" over all of it and
 *           memremap_pages(FS_DAX) of the whole range, the memmap on the
 *           device after the 8 KiB info block (map=dev) or in RAM (map=mem);
 *   devdax  dax_pmem: "namespaceX.Y" over the info block and memmap only, a
 *           dax region and device daxX.Y over the data, device_dax's
 *           "daxX.Y" and memremap_pages(GENERIC) of the whole range.
 * A dax device can instead be bound to kmem: its range, aligned to memory
 * blocks, becomes "daxX.Y" > "System RAM (kmem)" added with
 * add_memory_driver_managed in a static memory group.
 */
#ifndef HOTMEM_NVDIMM_H
#define HOTMEM_NVDIMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hotmem/memremap.h"

struct hm_system;
struct hm_report;
struct resource;

#define ND_MAX_DIMMS		16
#define ND_MAX_LABELS		64
#define ND_INFO_BLOCK_RESERVE	(8UL << 10)	/* nd_info_block_reserve() */
#define ND_REGION_ALIGN		(16UL << 20)	/* MEMREMAP_COMPAT_ALIGN_MAX, one way */

enum nd_mode { ND_MODE_RAW, ND_MODE_FSDAX, ND_MODE_DEVDAX };
enum nd_map { ND_MAP_DEV, ND_MAP_MEM };		/* PFN_MODE_PMEM, PFN_MODE_RAM */

/* A pfn/dax info block as written on the media at the namespace's start. */
struct nd_info_block {
	bool valid;
	enum nd_mode mode;		/* FSDAX (pfn) or DEVDAX (dax) */
	enum nd_map map;
	unsigned long align;
	uint8_t uuid[16];
	uint64_t dataoff;		/* from the namespace start */
	uint64_t npfns;
	uint64_t end_trunc;
};

/* One namespace label (only what the kernel uses of it). */
struct nd_label {
	bool used;
	uint8_t uuid[16];
	uint64_t dpa, rawsize;		/* offset in the region, size */
	int id;				/* the namespace id it was created as */
};

/*
 * The device's side: the label storage area and the media's info blocks.
 * Owned by the machine (QEMU's label data and memory backend).
 */
struct nvdimm_media {
	uint64_t label_size;
	uint8_t *label_data;		/* the area's bytes (nd_label.c), label_size of them */
	bool labels_initialized;	/* a valid label index */
	unsigned int label_minor;	/* its version: 1.1 (128-byte labels) or 1.2 */
	unsigned int index_cur;		/* the current index block, 0 or 1 */
	uint32_t index_seq;		/* its sequence number (1, 2, 3) */
	unsigned int nslot;		/* label slots the area holds */
	struct nd_label labels[ND_MAX_LABELS];
	struct { uint64_t offset; struct nd_info_block ib; } ib[ND_MAX_LABELS];
};

/* One NFIT entry: an NVDIMM and its SPA range. */
struct nvdimm_desc {
	uint64_t spa_base, spa_size;
	int node;			/* proximity domain */
	uint32_t handle;		/* NFIT device handle */
	uint32_t serial;		/* DCR serial number (QEMU: 0x123456 + slot) */
	uint16_t vendor_id;
	struct nvdimm_media *media;
};

struct dax_dev;

/*
 * What a pfn or nd_dax seed was told through its files before its bind
 * (pfn_devs.c's uuid, mode, align and namespace stores): nd_pfn_init
 * writes the info block from it.
 */
struct nd_seed_cfg {
	bool has_ns;			/* namespace: "namespace<R>.<ns_id>" attached */
	int ns_id;
	bool uuid_set;
	uint8_t uuid[16];
	int map;			/* mode: -1 "none", ND_MAP_DEV "pmem", ND_MAP_MEM "ram" */
	unsigned long align;		/* 0: the default, PMD_SIZE */
};

/* holder_class (namespace_devs.c's claim_class) */
enum nd_cclass { ND_CCLASS_NONE, ND_CCLASS_BTT, ND_CCLASS_BTT2, ND_CCLASS_PFN, ND_CCLASS_DAX };

struct nd_namespace {
	struct nd_region *region;
	int id;				/* namespace<region>.<id> */
	bool io;			/* label-less (namespace_io) */
	bool raw_uuid;			/* io: ndctl gave it a uuid (a raw reconfiguration) */
	uint64_t start, size;		/* size 0: the seed */
	uint8_t uuid[16];		/* the label's uuid */
	bool uuid_set;			/* a seed given its uuid (uuid_store), not yet its size */
	bool force_raw;			/* force_raw: nd_pmem binds it raw, info block or not */
	enum nd_cclass claim_class;	/* holder_class as written */
	char alt_name[64];		/* alt_name (NSLABEL_NAME_LEN) */
	enum nd_mode mode;		/* the claim, from the info block */
	bool enabled;			/* a driver is bound */
	struct nd_info_block ib;	/* fsdax/devdax configuration */
	struct resource *res;		/* "namespaceX.Y" */
	struct dev_pagemap pgmap;	/* fsdax: pmem's; devdax: the static pgmap */
	struct dax_dev *dax;
	/*
	 * The fsdax namespace's pfn device (pfn<R>.<claim_id>) or the devdax
	 * one's nd_dax (dax<R>.<claim_id>): -1 for none.
	 */
	int claim_id;
	/* its disk while enabled raw or fsdax: pmem block minor and diskseq */
	int disk_minor;
	uint64_t diskseq;
	struct nd_namespace *next;	/* by id */
};

struct nvdimm {
	int id;				/* nmemN */
	bool unbound;			/* unbound from the nvdimm driver (sysfs unbind) */
	struct nvdimm_desc desc;
	struct resource *res;		/* the region's "Persistent Memory" */
};

struct nd_region {
	int id;
	struct nvdimm *dimm;		/* one mapping: QEMU interleaves nothing */
	uint64_t start, size;
	int numa_node, target_node;
	bool enabled;
	int next_ns_id;
	/*
	 * The seed devices nd_region_probe makes, btt<R>.<id>, pfn<R>.<id>,
	 * dax<R>.<id> (nd_region_advance_seeds makes the next when one is
	 * claimed): -1 while the region is disabled.
	 */
	int btt_seed, pfn_seed, dax_seed;
	struct nd_seed_cfg pfn_cfg, dax_cfg;	/* the seeds' configuration */
	int init_ns;			/* namespaces made at probe (init_namespaces) */
	struct nd_namespace *namespaces;
};

enum dax_driver { DAX_DRV_NONE, DAX_DRV_DEVICE, DAX_DRV_KMEM };

struct dax_dev {
	int region_id, id;		/* daxX.Y */
	int minor;			/* its char device's minor (dax_minor_ida: lowest free) */
	struct nd_namespace *ns;
	uint64_t start, end;		/* the dax range, inclusive */
	int target_node;
	unsigned long align;
	enum dax_driver driver;
	struct resource *res;		/* device_dax's or kmem's "daxX.Y" */
	/* kmem */
	uint64_t kmem_start, kmem_size;
	int mgid;
};

struct hm_nvdimm_bus {
	struct nvdimm *dimms[ND_MAX_DIMMS];
	struct nd_region *regions[ND_MAX_DIMMS];
	unsigned int nr_dimms;
	uint64_t uuid_seq;		/* deterministic "random" uuids */
	uint64_t diskseq;		/* the last disk sequence number (block/genhd.c) */
};

/* nfit: registers the NVDIMM, its region, and enables the region. 0 or -errno. */
int acpi_nfit_add_nvdimm(struct hm_system *sys, const struct nvdimm_desc *desc);
/* Frees the bus (system teardown). */
void nvdimm_bus_destroy(struct hm_system *sys);

struct nd_region *nd_region_find(struct hm_system *sys, const char *name);
struct nvdimm *nvdimm_find(struct hm_system *sys, const char *name);
struct nd_namespace *nd_namespace_find(struct hm_system *sys, const char *name);
struct dax_dev *dax_dev_find(struct hm_system *sys, const char *name);

int nd_region_enable(struct hm_system *sys, struct nd_region *region);
int nd_region_disable(struct hm_system *sys, struct nd_region *region);
/* ndctl init-labels: an empty label index (the region must be disabled). */
int nvdimm_init_labels(struct hm_system *sys, struct nvdimm *dimm);
/*
 * nvdimm_init_labels_version() - nvdimm_init_labels with labels of v1.@minor
 * (1: 128-byte labels, init-labels' default; 2: 256-byte ones, ndctl's
 * autolabel).  Return: as nvdimm_init_labels.
 */
int nvdimm_init_labels_version(struct hm_system *sys, struct nvdimm *dimm, unsigned int minor);

/* Binds the namespace's driver (raw/fsdax/devdax per its info block). */
int nd_namespace_enable(struct hm_system *sys, struct nd_namespace *ns);
/* Unbinds it: -EBUSY while its dax device is kmem memory. */
int nd_namespace_disable(struct hm_system *sys, struct nd_namespace *ns);
/*
 * Writes the namespace's info block for a mode (nd_pfn_init/nd_dax):
 * raw clears it.  The namespace must be disabled.  0, -EINVAL, -ENXIO
 * (the alignment leaves no data).
 */
int nd_namespace_set_mode(struct hm_system *sys, struct nd_namespace *ns, enum nd_mode mode,
			  enum nd_map map, unsigned long align);
/* Creates a labelled namespace of size at the region's first free space. */
int nd_namespace_create(struct hm_system *sys, struct nd_region *region, uint64_t size,
			struct nd_namespace **out);
/*
 * nd_namespace_reconfigure() - ndctl's reconfiguration of a labelled
 * namespace: its label deleted and written again with a new uuid and
 * size, at the region's first free space, the namespace keeping its name
 * (ndctl zeroes its size, then sets it)
 *
 * Return: 0; -EBUSY while enabled; -EOPNOTSUPP for a label-less or seed
 * namespace; -EINVAL for a size not a multiple of the region's align;
 * -ENOSPC.  The label is kept on failure, the namespace back in raw mode.
 */
int nd_namespace_reconfigure(struct hm_system *sys, struct nd_namespace *ns, uint64_t size);
/* Deletes a disabled labelled namespace (its label and info block). */
int nd_namespace_delete(struct hm_system *sys, struct nd_namespace *ns);
/*
 * nd_claim_next() - the next device of a kind in a region
 * @region: an enabled region
 * @mode: ND_MODE_FSDAX for the pfn devices, ND_MODE_DEVDAX for the nd_dax ones
 * @from: the first id to look at
 *
 * Return: the lowest id >= from of a live device of that kind (the seed
 * or one claiming a namespace), or -1.
 */
int nd_claim_next(const struct nd_region *region, enum nd_mode mode, int from);
/* The namespace a pfn (FSDAX) or nd_dax (DEVDAX) device claims, or NULL (the seed). */
struct nd_namespace *nd_claim_namespace(const struct nd_region *region, enum nd_mode mode,
					int id);

/**
 * nd_namespace_store() - a store to a namespace's sysfs file
 * @sys: the system
 * @ns: the namespace
 * @attr: the file's name
 * @buf: what was written
 *
 * The sysfs stores of namespace_devs.c and pfn_devs.c (buf: what was
 * written), with the kernel's errnos: 0 or -errno, nothing changed on
 * failure.
 *   force_raw     kstrtobool: -EINVAL;
 *   holder_class  bound or claimed: -EBUSY; not btt, btt2, pfn, dax or "": -EINVAL;
 *   uuid          bound or claimed: -EBUSY; not a uuid: -EINVAL; on a
 *                 namespace with a size its label is written again;
 *   size          bound or claimed: -EBUSY; no uuid: -ENXIO; not a multiple
 *                 of the region's align: -EINVAL; no room: -ENOSPC; 0
 *                 deletes the label (and the namespace device);
 *   alt_name      longer than 63 bytes: -EINVAL;  sector_size: 512 or 4096.
 *
 * Return: 0, or the negative errno above with nothing changed.
 */
int nd_namespace_store(struct hm_system *sys, struct nd_namespace *ns, const char *attr,
		       const char *buf);
/**
 * nd_seed_store() - a store to a pfn (FSDAX) or nd_dax (DEVDAX) device
 * @sys: the system
 * @region: the device's region
 * @mode: ND_MODE_FSDAX for a pfn device, ND_MODE_DEVDAX for an nd_dax one
 * @id: the device's id in the region
 * @attr: "uuid", "mode" (pmem, ram), "align" (4K, 2M, 1G) or "namespace"
 *        (a namespace of the region not claimed, or "" to detach: a claimed
 *        device that is not bound then goes away)
 * @buf: what was written
 *
 * Return: 0, or a negative errno (-EBUSY for a bound device) with nothing
 * changed.
 */
int nd_seed_store(struct hm_system *sys, struct nd_region *region, enum nd_mode mode, int id,
		  const char *attr, const char *buf);
/**
 * nd_seed_bind() - bind a region's seed of a kind to its driver
 * @sys: the system
 * @region: the region
 * @mode: ND_MODE_FSDAX (nd_pmem binds the pfn seed) or ND_MODE_DEVDAX
 *        (dax_pmem binds the nd_dax seed)
 *
 * nd_pfn_probe / nd_dax_probe of the namespace the seed was given: the info
 * block found or written from its configuration (nd_pfn_init), the
 * namespace enabled and the next seed made.
 *
 * Return: 0; -ENODEV without a namespace or with an info block of another
 * kind or uuid, -EBUSY if the namespace is bound, -ENXIO without a mode.
 */
int nd_seed_bind(struct hm_system *sys, struct nd_region *region, enum nd_mode mode);
/**
 * nd_namespace_probe_info() - nd_pmem's probe of an unclaimed namespace
 * @ns: the namespace, without force_raw
 *
 * An info block at its start makes a pfn or nd_dax device claim it
 * (nd_pfn_probe, nd_dax_probe); without one nothing changes.
 */
void nd_namespace_probe_info(struct nd_namespace *ns);
/**
 * nd_disk_find() - the namespace behind a pmem disk
 * @sys: the system
 * @name: the disk's name, "pmemX" or "pmemX.Y"
 *
 * Return: the namespace whose disk has that name, or NULL.
 */
struct nd_namespace *nd_disk_find(struct hm_system *sys, const char *name);
/**
 * nd_disk_name() - the name of a namespace's pmem disk
 * @ns: the namespace
 * @buf: where the name goes, NUL-terminated and cut to @size
 * @size: the size of @buf
 */
void nd_disk_name(const struct nd_namespace *ns, char *buf, size_t size);
/**
 * nd_disk_size() - the size of a namespace's pmem disk
 * @ns: the namespace
 *
 * Return: its size in bytes (the namespace's data, after any info block).
 */
uint64_t nd_disk_size(const struct nd_namespace *ns);
/**
 * nd_disk_rw() - read or write a pmem disk's bytes
 * @sys: the system
 * @ns: the namespace behind the disk
 * @write: true to write @buf, false to read into it
 * @buf: the bytes
 * @len: how many
 * @off: the offset in the disk
 *
 * Only the info block is kept: a write over it that is not one invalidates
 * it, as a zeroed block reads back.
 *
 * Return: the bytes done (short at the disk's end), or a negative errno.
 */
long nd_disk_rw(struct hm_system *sys, struct nd_namespace *ns, bool write, void *buf,
		size_t len, uint64_t off);

/**
 * nd_region_ns_seed() - a region's namespace seed
 * @region: the region
 *
 * Return: its namespace_seed (its namespace_io when label-less), or NULL.
 */
struct nd_namespace *nd_region_ns_seed(struct nd_region *region);
uint64_t nd_region_available_size(struct nd_region *region);
uint64_t nd_region_max_extent(struct nd_region *region);
uint64_t nd_region_set_cookie(struct nd_region *region);
/* The namespace's usable size in its mode (the dax or pfn data, or all of it). */
uint64_t nd_namespace_data_size(const struct nd_namespace *ns);
void nd_uuid_generate(struct hm_system *sys, uint8_t uuid[16]);
void nd_uuid_format(const uint8_t uuid[16], char out[37]);

/* device_dax / kmem binding of a dax device. */
int dax_bind_device_dax(struct hm_system *sys, struct dax_dev *dax);
int dax_bind_kmem(struct hm_system *sys, struct dax_dev *dax);
/* Unbinds either driver: kmem refuses with -EBUSY while a block is online. */
int dax_unbind(struct hm_system *sys, struct dax_dev *dax);

/*
 * nd_label.c: the label area as bytes.  get and set copy len bytes at off
 * (-EINVAL past the area); set parses the labels again (the region must
 * be disabled).  sync writes the current index block (both, for an
 * initialisation) and the used labels of the media's state, as label.c
 * writes them (cookie: the region's set cookie).
 */
int nvdimm_label_get(const struct nvdimm_media *m, uint32_t off, uint32_t len, void *out);
int nvdimm_label_set(struct nvdimm_media *m, uint32_t off, uint32_t len, const void *in);
void nvdimm_label_sync(const struct nvdimm_media *m, uint64_t cookie, bool both);
/* The verifier's check: the area's bytes parse to the labels the media holds. */
bool nvdimm_label_consistent(const struct nvdimm_media *m);

/*
 * nd_ioctl.c: an ND_IOCTL on /dev/ndctl0 or /dev/nmemN (dev: that name).
 * arg_size: how many bytes the ioctl's argument has, given the first have
 * of them (the kernel's nd_cmd_in_size/nd_cmd_out_size): asked again as
 * long as it wants more; -ENOTTY, -ENXIO, -EINVAL for one it refuses.
 * nd_ioctl: answers it in arg (size bytes, as arg_size said): 0 or -errno.
 */
long nd_ioctl_arg_size(struct hm_system *sys, const char *dev, unsigned long ioctl_cmd,
		       const void *arg, size_t have);
int nd_ioctl(struct hm_system *sys, const char *dev, unsigned long ioctl_cmd, bool read_only,
	     void *arg, size_t size);

/*
 * nd_driver.c: the driver core's stores on the nd and dax buses (drv: the
 * driver's name, buf: what was written).  0 or the kernel's -errno.
 */
int nd_driver_bind(struct hm_system *sys, const char *drv, const char *buf);
int nd_driver_unbind(struct hm_system *sys, const char *drv, const char *buf);
int dax_driver_bind(struct hm_system *sys, const char *drv, const char *buf);
int dax_driver_unbind(struct hm_system *sys, const char *drv, const char *buf);
int dax_driver_id(struct hm_system *sys, const char *drv, const char *buf, bool add);
int nd_drivers_probe(struct hm_system *sys, bool dax_bus, const char *buf);
/* The dax bus driver holding dax ("device_dax", "kmem"), or NULL. */
const char *dax_dev_driver_name(const struct dax_dev *dax);

unsigned long nvdimm_check(struct hm_system *sys, struct hm_report *r);

#endif /* HOTMEM_NVDIMM_H */
