// SPDX-License-Identifier: GPL-2.0
/*
 * nvdimm_sysfs.c - libnvdimm's device tree as Linux 6.1 lays it out on
 * QEMU's NVDIMM machines (the attribute tables of drivers/nvdimm/bus.c,
 * dimm_devs.c, region_devs.c, namespace_devs.c, btt_devs.c, pfn_devs.c,
 * dax_devs.c, drivers/acpi/nfit/core.c, drivers/dax/bus.c and the pmem
 * disk's of block/genhd.c), in sysfs.h's table shape:
 *
 *   /sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0
 *	nd/ndctl0	the bus's control device (/sys/class/nd/ndctl0)
 *	nmemN		the DIMMs
 *	regionN		a region per DIMM (QEMU interleaves nothing), holding
 *	  namespaceR.N	  its namespaces (the seed: size 0),
 *	  bttR.N	  the btt seed,
 *	  pfnR.N	  pfn devices: the seed and those claiming an fsdax
 *			  namespace (their disk under block/),
 *	  daxR.N	  nd_dax devices: the seed and those claiming a devdax
 *			  namespace, each with its dax device daxR.M (M: the
 *			  namespace's number, as dax_pmem names it)
 *	  namespaceR.N/block/pmemR[.N]	a raw namespace's disk
 *   /sys/bus/nd/devices, /sys/bus/nd/drivers/X, /sys/bus/dax/devices,
 *   /sys/bus/dax/drivers/X: links into that tree (bus_add_device,
 *   driver_sysfs_add).
 *
 * Names of two numbers are sysfs.h's dotted entries: the id of
 * namespace0.1's directory is 0 * SYSFS_DOTTED + 1, as every file below
 * it receives.  nd devices have no power/ directory (libnvdimm's devices
 * are not runtime-PM enabled and the tree shows none); dax devices and
 * disks do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/bus.h"
#include "hotmem/kobject_uevent.h"
#include "hotmem/nvdimm.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

#define S SYSFS_DOTTED
#define NDBUS "devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0"
/* the char majors libnvdimm and dax register at load, dynamic, handed out downwards */
#define DAX_MAJOR 252
#define NDCTL_MAJOR 246
#define NVDIMM_MAJOR 245
#define BLOCK_EXT_MAJOR 259	/* the pmem disks' minors come from the extended devt range */
#define SZ_4K	(4UL << 10)
#define SZ_2M	(2UL << 20)
#define SZ_1G	(1UL << 30)

static bool bus_visible(const struct hm_system *sys)
{
	return sys->nd_bus && sys->nd_bus->nr_dimms;
}

static struct nd_region *region_by_id(struct hm_system *sys, long rid)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;

	if (!bus || rid < 0 || rid >= (long)bus->nr_dimms)
		return NULL;
	return bus->regions[rid];
}

static struct nd_namespace *ns_in(struct nd_region *r, long n)
{
	struct nd_namespace *ns;

	for (ns = r ? r->namespaces : NULL; ns; ns = ns->next)
		if (ns->id == n)
			return ns;
	return NULL;
}

static struct nd_namespace *ns_by_id(struct hm_system *sys, long id)
{
	return ns_in(region_by_id(sys, id / S), id % S);
}

static struct dax_dev *dax_by_id(struct hm_system *sys, long id)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	return ns ? ns->dax : NULL;
}

/* ------------------------------------------------------------ which devices */

enum nd_kind { K_NS, K_BTT, K_PFN, K_DAX, K_DAXDEV };

/* The first number >= from of a device of the kind in region r, or -1. */
static long kind_next(struct nd_region *r, enum nd_kind k, long from)
{
	struct nd_namespace *ns;
	long best = -1;

	if (!r || from >= S)
		return -1;
	switch (k) {
	case K_NS:
	case K_DAXDEV:
		for (ns = r->namespaces; ns; ns = ns->next)
			if (ns->id >= from && (best < 0 || ns->id < best) && (k == K_NS || ns->dax))
				best = ns->id;
		return best;
	case K_BTT:
		return r->enabled && r->btt_seed >= from ? r->btt_seed : -1;
	case K_PFN:
		return nd_claim_next(r, ND_MODE_FSDAX, (int)from);
	case K_DAX:
		return nd_claim_next(r, ND_MODE_DEVDAX, (int)from);
	}
	return -1;
}

/* Over every region (/sys/bus/X/devices): the next encoded id >= from. */
static long all_next(struct hm_system *sys, enum nd_kind k, long from)
{
	long rid, n;

	for (rid = from / S; region_by_id(sys, rid); rid++) {
		n = kind_next(region_by_id(sys, rid), k, rid == from / S ? from % S : 0);
		if (n >= 0)
			return rid * S + n;
	}
	return -1;
}

/* In region directory parent: the next encoded id >= from. */
static long in_region_next(struct hm_system *sys, enum nd_kind k, long parent, long from)
{
	long n;

	if (from < parent * S)
		from = parent * S;
	if (from / S != parent)
		return -1;
	n = kind_next(region_by_id(sys, parent), k, from % S);
	return n < 0 ? -1 : parent * S + n;
}

/* The namespace a pfn or nd_dax device (encoded id) claims, or NULL for a seed. */
static struct nd_namespace *claimed(struct hm_system *sys, enum nd_kind k, long id)
{
	struct nd_region *r = region_by_id(sys, id / S);

	if (!r)
		return NULL;
	return nd_claim_namespace(r, k == K_PFN ? ND_MODE_FSDAX : ND_MODE_DEVDAX, (int)(id % S));
}

/* ------------------------------------------------------------ the bus */

static int ndbus_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	switch (attr->arg) {
	case 0: hm_buf_printf(out, "cmd_call \n"); break;	/* commands: QEMU's root DSM */
	case 1: hm_buf_printf(out, "ACPI.NFIT\n"); break;	/* provider */
	case 2: hm_buf_printf(out, "DRIVER=nd_bus\nMODALIAS=nd:t0\n"); break;
	case 3: hm_buf_printf(out, "1\n"); break;		/* wait_probe: flushed */
	case 4: hm_buf_printf(out, "0x0\n"); break;		/* nfit/dsm_mask */
	case 5: hm_buf_printf(out, "0\n"); break;		/* nfit/hw_error_scrub */
	case 6: hm_buf_printf(out, "1\n"); break;		/* nfit/revision */
	}
	return 0;
}

static int ndbus_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			      const char *buf)
{
	return kobject_synth_uevent(sys, "/" NDBUS, "nd", buf, strlen(buf));
}

static const struct sysfs_attr ndbus_attrs[] = {
	{ .name = "commands", .mode = 0444, .show = ndbus_show, .arg = 0 },
	{ .name = "provider", .mode = 0444, .show = ndbus_show, .arg = 1 },
	{ .name = "uevent", .mode = 0644, .show = ndbus_show, .store = ndbus_uevent_store,
	  .arg = 2 },
	{ .name = "wait_probe", .mode = 0444, .show = ndbus_show, .arg = 3 },
	{ NULL }
};
static const struct sysfs_attr *const ndbus_groups[] = { ndbus_attrs, NULL };
static const struct sysfs_attr ndbus_nfit_attrs[] = {
	{ .name = "dsm_mask", .mode = 0444, .show = ndbus_show, .arg = 4 },
	{ .name = "hw_error_scrub", .mode = 0644, .show = ndbus_show, .arg = 5 },
	{ .name = "revision", .mode = 0444, .show = ndbus_show, .arg = 6 },
	{ NULL }
};
static const struct sysfs_attr *const ndbus_nfit_groups[] = { ndbus_nfit_attrs, NULL };

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
	return kobject_synth_uevent(sys, "/" NDBUS "/nd/ndctl0", "nd", buf, strlen(buf));
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

/* ------------------------------------------------------------ nmemN */

static struct nvdimm *dimm_by_id(struct hm_system *sys, long id)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;

	return bus && id >= 0 && id < (long)bus->nr_dimms ? bus->dimms[id] : NULL;
}

static long dimm_next(struct hm_system *sys, long parent, long from)
{
	return dimm_by_id(sys, from) ? from : -1;
}

/*
 * nd_label_nfree: the free slots of the current index (nslot less the
 * labels in use), or without one
 * nvdimm_num_label_slots for 256-byte labels: the area less two index
 * blocks (72 bytes and a bit a slot, 256-byte aligned), in labels.
 */
static unsigned int label_nfree(const struct nvdimm_media *m)
{
	unsigned int lsize = m->labels_initialized && m->label_minor < 2 ? 128 : 256;
	unsigned int tmp = (unsigned int)(m->label_size / lsize), used = 0, i;
	unsigned int index = (72 + (tmp + 7) / 8 + 255) / 256 * 256;
	unsigned int nslot = (unsigned int)((m->label_size - 2 * index) / lsize);

	if (m->labels_initialized) {
		/* the index's nslot, as ndctl wrote it (nd_label.c) */
		nslot = (unsigned int)(m->label_size / (lsize + 1));
		for (i = 0; i < ND_MAX_LABELS; i++)
			used += m->labels[i].used;
	}
	return nslot > used ? nslot - used : 0;
}

enum { NM_SLOTS, NM_COMMANDS, NM_DEV, NM_DEVTYPE, NM_FLAGS, NM_MODALIAS, NM_STATE, NM_UEVENT,
       NF_DEVICE, NF_DSM_MASK, NF_FAMILY, NF_FLAGS, NF_FORMAT, NF_FORMATS, NF_HANDLE, NF_ID,
       NF_PHYS_ID, NF_REV_ID, NF_SERIAL, NF_SUBSYS_DEVICE, NF_SUBSYS_REV_ID,
       NF_SUBSYS_VENDOR, NF_VENDOR };

/*
 * nvdimm's attributes and the NFIT's (acpi_nfit_dimm_attributes) as QEMU
 * 7.2 describes its NVDIMMs: vendor 0x8680, device 0x0100, revision
 * 0x0100, format interface code 0x0301, the DSM functions 4-6 (get/set
 * the label area) when it has one.
 */
static int nmem_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		     struct hm_buf *out)
{
	struct nvdimm *d = dimm_by_id(sys, id);
	const struct nvdimm_desc *desc;
	bool labels;

	if (!d)
		return -ENODEV;
	desc = &d->desc;
	labels = desc->media && desc->media->label_size;
	switch (attr->arg) {
	case NM_SLOTS:
		if (!labels)
			return -ENXIO;
		hm_buf_printf(out, "%u\n", label_nfree(desc->media) - 1);
		break;
	case NM_COMMANDS:
		hm_buf_printf(out, "%scmd_call \n", labels ? "get_size get_data set_data " : "");
		break;
	case NM_DEV: hm_buf_printf(out, "%d:%ld\n", NVDIMM_MAJOR, id); break;
	case NM_DEVTYPE: hm_buf_printf(out, "nvdimm\n"); break;
	case NM_FLAGS: hm_buf_printf(out, "\n"); break;
	case NM_MODALIAS: hm_buf_printf(out, "nd:t1\n"); break;
	case NM_STATE: {
		/*
		 * nvdimm->busy: init_active_labels takes it for each enabled
		 * region the DIMM's label data serves, deactivate_labels drops it
		 */
		bool busy = false;

		for (unsigned int i = 0; i < sys->nd_bus->nr_dimms; i++)
			if (sys->nd_bus->regions[i]->dimm == d && sys->nd_bus->regions[i]->enabled)
				busy = !d->unbound;
		hm_buf_printf(out, "%s\n", busy ? "active" : "idle");
		break;
	}
	case NM_UEVENT:
		hm_buf_printf(out, "MAJOR=%d\nMINOR=%ld\nDEVNAME=nmem%ld\nDEVTYPE=nvdimm\n",
			      NVDIMM_MAJOR, id, id);
		if (!d->unbound)
			hm_buf_printf(out, "DRIVER=nvdimm\n");
		hm_buf_printf(out, "MODALIAS=nd:t1\n");
		break;
	case NF_DEVICE:
	case NF_REV_ID: hm_buf_printf(out, "0x0100\n"); break;
	case NF_DSM_MASK: hm_buf_printf(out, "%#x\n", labels ? 0x70 : 0); break;
	case NF_FAMILY: hm_buf_printf(out, "0\n"); break;
	case NF_FLAGS: hm_buf_printf(out, "\n"); break;
	case NF_FORMAT: hm_buf_printf(out, "0x0301\n"); break;
	case NF_FORMATS: hm_buf_printf(out, "1\n"); break;
	case NF_HANDLE: hm_buf_printf(out, "%#x\n", desc->handle); break;
	case NF_ID:
		hm_buf_printf(out, "%04x-%08x\n", __builtin_bswap16(desc->vendor_id),
			      __builtin_bswap32(desc->serial));
		break;
	case NF_PHYS_ID: hm_buf_printf(out, "0x0\n"); break;
	case NF_SERIAL: hm_buf_printf(out, "0x%08x\n", __builtin_bswap32(desc->serial)); break;
	case NF_SUBSYS_DEVICE:
	case NF_SUBSYS_REV_ID:
	case NF_SUBSYS_VENDOR: hm_buf_printf(out, "0x0000\n"); break;
	case NF_VENDOR: hm_buf_printf(out, "%#06x\n", __builtin_bswap16(desc->vendor_id)); break;
	}
	return 0;
}

static int nmem_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			     const char *buf)
{
	char path[128];

	snprintf(path, sizeof(path), "/%s/nmem%ld", NDBUS, id);
	return kobject_synth_uevent(sys, path, "nd", buf, strlen(buf));
}

#define NM(n, m, a) { .name = n, .mode = m, .show = nmem_show, .arg = a }
static const struct sysfs_attr nmem_attrs[] = {
	NM("available_slots", 0444, NM_SLOTS), NM("commands", 0444, NM_COMMANDS),
	NM("dev", 0444, NM_DEV), NM("devtype", 0444, NM_DEVTYPE), NM("flags", 0444, NM_FLAGS),
	NM("modalias", 0444, NM_MODALIAS), NM("state", 0444, NM_STATE),
	{ .name = "uevent", .mode = 0644, .show = nmem_show, .store = nmem_uevent_store,
	  .arg = NM_UEVENT },
	{ NULL }
};
static const struct sysfs_attr *const nmem_groups[] = { nmem_attrs, NULL };
static const struct sysfs_attr nmem_nfit_attrs[] = {
	NM("device", 0444, NF_DEVICE), NM("dsm_mask", 0444, NF_DSM_MASK),
	NM("family", 0444, NF_FAMILY), NM("flags", 0444, NF_FLAGS),
	NM("format", 0444, NF_FORMAT), NM("formats", 0444, NF_FORMATS),
	NM("handle", 0444, NF_HANDLE), NM("id", 0444, NF_ID), NM("phys_id", 0444, NF_PHYS_ID),
	NM("rev_id", 0444, NF_REV_ID), NM("serial", 0444, NF_SERIAL),
	NM("subsystem_device", 0444, NF_SUBSYS_DEVICE),
	NM("subsystem_rev_id", 0444, NF_SUBSYS_REV_ID),
	NM("subsystem_vendor", 0444, NF_SUBSYS_VENDOR), NM("vendor", 0444, NF_VENDOR),
	{ NULL }
};
static const struct sysfs_attr *const nmem_nfit_groups[] = { nmem_nfit_attrs, NULL };

static int nmem_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nvdimm *d = dimm_by_id(sys, id);

	if (!d || d->unbound)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../bus/nd/drivers/nvdimm");
	return 0;
}

static const struct sysfs_dir nmem_dir = {
	.groups = nmem_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = nmem_driver_link },
		{ "subsystem", .target = "../../../../../../bus/nd" },
		{ NULL } },
	.children = (const struct sysfs_child[]){
		{ "firmware", &(const struct sysfs_dir){ 0 } },
		{ "nfit", &(const struct sysfs_dir){ .groups = nmem_nfit_groups } },
		{ NULL } },
};

/* ------------------------------------------------------------ the disks */

static void disk_name(struct nd_namespace *ns, char *buf, size_t size)
{
	nd_disk_name(ns, buf, size);
}

static bool has_disk(const struct nd_namespace *ns)
{
	return ns && ns->enabled && ns->disk_minor >= 0;
}

#define BLK_TEXT(X)								\
	X(integrity_device_is_integrity_capable, 0444, "0")			\
	X(integrity_format, 0444, "none") X(integrity_protection_interval_bytes, 0444, "0") \
	X(integrity_read_verify, 0644, "0") X(integrity_tag_size, 0444, "0")	\
	X(integrity_write_generate, 0644, "0")					\
	X(add_random, 0644, "0") X(chunk_sectors, 0444, "0")			\
	X(discard_granularity, 0444, "0") X(discard_max_bytes, 0644, "0")	\
	X(discard_max_hw_bytes, 0444, "0") X(discard_zeroes_data, 0444, "0")	\
	X(dma_alignment, 0444, "511") X(fua, 0444, "0") X(hw_sector_size, 0444, "512") \
	X(io_poll, 0644, "0") X(io_poll_delay, 0644, "0") X(iostats, 0644, "0")	\
	X(logical_block_size, 0444, "512") X(max_discard_segments, 0444, "1")	\
	X(max_hw_sectors_kb, 0444, "2147483647") X(max_integrity_segments, 0444, "0") \
	X(max_sectors_kb, 0644, "1280") X(max_segment_size, 0444, "65536")	\
	X(max_segments, 0444, "128") X(minimum_io_size, 0444, "4096")		\
	X(nomerges, 0644, "0") X(nr_requests, 0644, "128") X(nr_zones, 0444, "0") \
	X(optimal_io_size, 0444, "0") X(physical_block_size, 0444, "4096")	\
	X(read_ahead_kb, 0644, "128") X(rotational, 0644, "0") X(rq_affinity, 0644, "0") \
	X(scheduler, 0644, "none") X(stable_writes, 0644, "0")			\
	X(virt_boundary_mask, 0444, "0") X(write_cache, 0644, "write back")	\
	X(write_same_max_bytes, 0444, "0") X(write_zeroes_max_bytes, 0444, "0")	\
	X(zone_append_max_bytes, 0444, "0") X(zone_write_granularity, 0444, "0") \
	X(zoned, 0444, "none")							\
	X(trace_act_mask, 0644, "disabled") X(trace_enable, 0644, "0")		\
	X(trace_end_lba, 0644, "disabled") X(trace_pid, 0644, "disabled")	\
	X(trace_start_lba, 0644, "disabled")					\
	X(alignment_offset, 0444, "0") X(badblocks, 0644, NULL) X(capability, 0444, "0") \
	X(dax_write_cache, 0644, "1") X(discard_alignment, 0444, "0")		\
	X(events, 0444, NULL) X(events_async, 0444, NULL)			\
	X(events_poll_msecs, 0644, "-1") X(ext_range, 0444, "256") X(hidden, 0444, "0") \
	X(range, 0444, "0") X(removable, 0444, "0") X(ro, 0444, "0")

#define BLK_ENUM(n, m, v) BLK_##n,
enum { BLK_TEXT(BLK_ENUM) BLK_DAX, BLK_DEV, BLK_DISKSEQ, BLK_INFLIGHT, BLK_SIZE, BLK_STAT,
       BLK_UEVENT, BLK_WBT };
#define BLK_STR(n, m, v) v,
static const char *const blk_text[] = { BLK_TEXT(BLK_STR) };

/* A disk's files; id is its namespace's */
static int blk_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		    struct hm_buf *out)
{
	struct nd_namespace *ns = ns_by_id(sys, id);
	char name[32];
	int i;

	if (!has_disk(ns))
		return -ENODEV;
	if (attr->arg < BLK_DAX) {
		if (blk_text[attr->arg])
			hm_buf_printf(out, "%s\n", blk_text[attr->arg]);
		return 0;
	}
	switch (attr->arg) {
	case BLK_DAX: hm_buf_printf(out, "%d\n", ns->mode == ND_MODE_FSDAX); break;
	case BLK_DEV: hm_buf_printf(out, "%d:%d\n", BLOCK_EXT_MAJOR, ns->disk_minor); break;
	case BLK_DISKSEQ: hm_buf_printf(out, "%llu\n", (unsigned long long)ns->diskseq); break;
	case BLK_INFLIGHT: hm_buf_printf(out, "%8u %8u\n", 0, 0); break;
	case BLK_SIZE:	/* in 512-byte sectors: the pfn device's data, or all of it */
		hm_buf_printf(out, "%llu\n", (unsigned long long)(nd_namespace_data_size(ns) >> 9));
		break;
	case BLK_STAT:
		for (i = 0; i < 17; i++)
			hm_buf_printf(out, "%s%8u", i ? " " : "", 0);
		hm_buf_printf(out, "\n");
		break;
	case BLK_UEVENT:
		disk_name(ns, name, sizeof(name));
		hm_buf_printf(out, "MAJOR=%d\nMINOR=%d\nDEVNAME=%s\nDEVTYPE=disk\nDISKSEQ=%llu\n",
			      BLOCK_EXT_MAJOR, ns->disk_minor, name,
			      (unsigned long long)ns->diskseq);
		break;
	case BLK_WBT: return -EINVAL;	/* no writeback throttling on a bio-based queue */
	}
	return 0;
}

#define BA(n, m, a) { .name = n, .mode = m, .show = blk_show, .arg = a }
#define BLK_ATTR(n, m, v) BA(#n, m, BLK_##n),
static const struct sysfs_attr blk_queue_attrs[] = {
	BA("add_random", 0644, BLK_add_random), BA("chunk_sectors", 0444, BLK_chunk_sectors),
	BA("dax", 0444, BLK_DAX),
	BA("discard_granularity", 0444, BLK_discard_granularity),
	BA("discard_max_bytes", 0644, BLK_discard_max_bytes),
	BA("discard_max_hw_bytes", 0444, BLK_discard_max_hw_bytes),
	BA("discard_zeroes_data", 0444, BLK_discard_zeroes_data),
	BA("dma_alignment", 0444, BLK_dma_alignment), BA("fua", 0444, BLK_fua),
	BA("hw_sector_size", 0444, BLK_hw_sector_size), BA("io_poll", 0644, BLK_io_poll),
	BA("io_poll_delay", 0644, BLK_io_poll_delay), BA("iostats", 0644, BLK_iostats),
	BA("logical_block_size", 0444, BLK_logical_block_size),
	BA("max_discard_segments", 0444, BLK_max_discard_segments),
	BA("max_hw_sectors_kb", 0444, BLK_max_hw_sectors_kb),
	BA("max_integrity_segments", 0444, BLK_max_integrity_segments),
	BA("max_sectors_kb", 0644, BLK_max_sectors_kb),
	BA("max_segment_size", 0444, BLK_max_segment_size),
	BA("max_segments", 0444, BLK_max_segments),
	BA("minimum_io_size", 0444, BLK_minimum_io_size), BA("nomerges", 0644, BLK_nomerges),
	BA("nr_requests", 0644, BLK_nr_requests), BA("nr_zones", 0444, BLK_nr_zones),
	BA("optimal_io_size", 0444, BLK_optimal_io_size),
	BA("physical_block_size", 0444, BLK_physical_block_size),
	BA("read_ahead_kb", 0644, BLK_read_ahead_kb), BA("rotational", 0644, BLK_rotational),
	BA("rq_affinity", 0644, BLK_rq_affinity), BA("scheduler", 0644, BLK_scheduler),
	BA("stable_writes", 0644, BLK_stable_writes),
	BA("virt_boundary_mask", 0444, BLK_virt_boundary_mask),
	BA("wbt_lat_usec", 0644, BLK_WBT), BA("write_cache", 0644, BLK_write_cache),
	BA("write_same_max_bytes", 0444, BLK_write_same_max_bytes),
	BA("write_zeroes_max_bytes", 0444, BLK_write_zeroes_max_bytes),
	BA("zone_append_max_bytes", 0444, BLK_zone_append_max_bytes),
	BA("zone_write_granularity", 0444, BLK_zone_write_granularity),
	BA("zoned", 0444, BLK_zoned),
	{ NULL }
};
static const struct sysfs_attr *const blk_queue_groups[] = { blk_queue_attrs, NULL };
static const struct sysfs_attr blk_integrity_attrs[] = {
	BA("device_is_integrity_capable", 0444, BLK_integrity_device_is_integrity_capable),
	BA("format", 0444, BLK_integrity_format),
	BA("protection_interval_bytes", 0444, BLK_integrity_protection_interval_bytes),
	BA("read_verify", 0644, BLK_integrity_read_verify),
	BA("tag_size", 0444, BLK_integrity_tag_size),
	BA("write_generate", 0644, BLK_integrity_write_generate),
	{ NULL }
};
static const struct sysfs_attr *const blk_integrity_groups[] = { blk_integrity_attrs, NULL };
static const struct sysfs_attr blk_trace_attrs[] = {
	BA("act_mask", 0644, BLK_trace_act_mask), BA("enable", 0644, BLK_trace_enable),
	BA("end_lba", 0644, BLK_trace_end_lba), BA("pid", 0644, BLK_trace_pid),
	BA("start_lba", 0644, BLK_trace_start_lba),
	{ NULL }
};
static const struct sysfs_attr *const blk_trace_groups[] = { blk_trace_attrs, NULL };
static const struct sysfs_attr blk_dax_attrs[] = {
	BA("write_cache", 0644, BLK_dax_write_cache), { NULL }
};
static const struct sysfs_attr *const blk_dax_groups[] = { blk_dax_attrs, NULL };
static const struct sysfs_attr blk_attrs[] = {
	BA("alignment_offset", 0444, BLK_alignment_offset), BA("badblocks", 0644, BLK_badblocks),
	BA("capability", 0444, BLK_capability), BA("dev", 0444, BLK_DEV),
	BA("discard_alignment", 0444, BLK_discard_alignment), BA("diskseq", 0444, BLK_DISKSEQ),
	BA("events", 0444, BLK_events), BA("events_async", 0444, BLK_events_async),
	BA("events_poll_msecs", 0644, BLK_events_poll_msecs), BA("ext_range", 0444, BLK_ext_range),
	BA("hidden", 0444, BLK_hidden), BA("inflight", 0444, BLK_INFLIGHT),
	BA("range", 0444, BLK_range), BA("removable", 0444, BLK_removable), BA("ro", 0444, BLK_ro),
	BA("size", 0444, BLK_SIZE), BA("stat", 0444, BLK_STAT), BA("uevent", 0644, BLK_UEVENT),
	{ NULL }
};
static const struct sysfs_attr *const blk_groups[] = { blk_attrs, NULL };

static int blk_bdi_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	if (!has_disk(ns))
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../../virtual/bdi/%d:%d", BLOCK_EXT_MAJOR,
		 ns->disk_minor);
	return 0;
}

/* the device the disk hangs under: the pfn device of an fsdax namespace, else the namespace */
static int blk_device_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	if (!has_disk(ns))
		return -ENOENT;
	if (ns->mode == ND_MODE_FSDAX)
		snprintf(buf, size, "../../../pfn%d.%d", ns->region->id, ns->claim_id);
	else
		snprintf(buf, size, "../../../namespace%d.%d", ns->region->id, ns->id);
	return 0;
}

static const struct sysfs_dir blk_disk_dir = {
	.groups = blk_groups,
	.links = (const struct sysfs_link[]){
		{ "bdi", .get = blk_bdi_link },
		{ "device", .get = blk_device_link },
		{ "subsystem", .target = "../../../../../../../../../class/block" },
		{ NULL } },
	.children = (const struct sysfs_child[]){
		{ "dax", &(const struct sysfs_dir){ .groups = blk_dax_groups } },
		{ "holders", &(const struct sysfs_dir){ 0 } },
		{ "integrity", &(const struct sysfs_dir){ .groups = blk_integrity_groups } },
		{ "power", &device_power_dir },
		{ "queue", &(const struct sysfs_dir){ .groups = blk_queue_groups } },
		{ "slaves", &(const struct sysfs_dir){ 0 } },
		{ "trace", &(const struct sysfs_dir){ .groups = blk_trace_groups } },
		{ NULL } },
};

/* block/<disk> inside the block directory of the disk's namespace (id) */
static long disk_next(struct hm_system *sys, long parent, long from)
{
	return from <= parent && has_disk(ns_by_id(sys, parent)) ? parent : -1;
}

static void disk_entry_name(struct hm_system *sys, long id, char *buf, size_t size)
{
	disk_name(ns_by_id(sys, id), buf, size);
}

static const struct sysfs_dir blk_dir = {
	.numbered = (const struct sysfs_numbered[]){
		{ "pmem", disk_next, .dir = &blk_disk_dir, .name_get = disk_entry_name },
		{ NULL } },
};

static void block_name(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "block");
}

/* a raw namespace's block/ (its id the namespace's) */
static long ns_block_next(struct hm_system *sys, long parent, long from)
{
	struct nd_namespace *ns = ns_by_id(sys, parent);

	return from <= parent && has_disk(ns) && ns->mode == ND_MODE_RAW ? parent : -1;
}

/* an fsdax pfn device's block/: the id of its namespace */
static long pfn_block_next(struct hm_system *sys, long parent, long from)
{
	struct nd_namespace *ns = claimed(sys, K_PFN, parent);
	long id;

	if (!has_disk(ns))
		return -1;
	id = ns->region->id * S + ns->id;
	return from <= id ? id : -1;
}

/* ------------------------------------------------------------ regions */

static long region_next(struct hm_system *sys, long parent, long from)
{
	return region_by_id(sys, from) ? from : -1;
}

static int region_nstype(const struct nd_region *r)
{
	return r->dimm->desc.media->labels_initialized ? 5 : 4;	/* ND_DEVICE_NAMESPACE_PMEM : IO */
}

enum { RG_ALIGN, RG_AVAIL, RG_BADBLOCKS, RG_BTT_SEED, RG_DAX_SEED, RG_DEEP_FLUSH, RG_DEVTYPE,
       RG_INIT_NS, RG_MAPPING0, RG_MAPPINGS, RG_MAX_EXTENT, RG_MODALIAS, RG_NS_SEED, RG_NSTYPE,
       RG_NUMA_NODE, RG_PFN_SEED, RG_READ_ONLY, RG_RESOURCE, RG_SET_COOKIE, RG_SIZE,
       RG_TARGET_NODE, RG_UEVENT, RG_RANGE_INDEX };

static int region_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	struct nd_region *r = region_by_id(sys, id);
	struct nd_namespace *ns;

	if (!r)
		return -ENODEV;
	switch (attr->arg) {
	case RG_ALIGN: hm_buf_printf(out, "%#lx\n", ND_REGION_ALIGN); break;
	case RG_AVAIL:
		hm_buf_printf(out, "%llu\n", (unsigned long long)nd_region_available_size(r));
		break;
	case RG_BADBLOCKS: break;
	case RG_BTT_SEED:
	case RG_PFN_SEED:
	case RG_DAX_SEED: {
		int seed = attr->arg == RG_BTT_SEED ? r->btt_seed :
			   attr->arg == RG_PFN_SEED ? r->pfn_seed : r->dax_seed;

		if (seed >= 0)
			hm_buf_printf(out, "%s%d.%d\n", attr->arg == RG_BTT_SEED ? "btt" :
				      attr->arg == RG_PFN_SEED ? "pfn" : "dax", r->id, seed);
		else
			hm_buf_printf(out, "\n");
		break;
	}
	case RG_DEEP_FLUSH: hm_buf_printf(out, "0\n"); break;	/* no flush hint addresses */
	case RG_DEVTYPE: hm_buf_printf(out, "nd_pmem\n"); break;
	case RG_INIT_NS: hm_buf_printf(out, "%d/%d\n", r->init_ns, r->init_ns); break;
	case RG_MAPPING0:
		hm_buf_printf(out, "nmem%d,0,%llu,0\n", r->dimm->id, (unsigned long long)r->size);
		break;
	case RG_MAPPINGS: hm_buf_printf(out, "1\n"); break;
	case RG_MAX_EXTENT:
		hm_buf_printf(out, "%llu\n", (unsigned long long)(region_nstype(r) == 4 ?
				r->size : nd_region_max_extent(r)));
		break;
	case RG_MODALIAS: hm_buf_printf(out, "nd:t2\n"); break;
	case RG_NS_SEED:
		ns = nd_region_ns_seed(r);
		if (ns && r->enabled)
			hm_buf_printf(out, "namespace%d.%d\n", r->id, ns->id);
		else
			hm_buf_printf(out, "\n");
		break;
	case RG_NSTYPE: hm_buf_printf(out, "%d\n", region_nstype(r)); break;
	case RG_NUMA_NODE: hm_buf_printf(out, "%d\n", r->numa_node); break;
	case RG_READ_ONLY: hm_buf_printf(out, "0\n"); break;
	case RG_RESOURCE: hm_buf_printf(out, "%#llx\n", (unsigned long long)r->start); break;
	case RG_SET_COOKIE:
		hm_buf_printf(out, "%#llx\n", (unsigned long long)nd_region_set_cookie(r));
		break;
	case RG_SIZE: hm_buf_printf(out, "%llu\n", (unsigned long long)r->size); break;
	case RG_TARGET_NODE: hm_buf_printf(out, "%d\n", r->target_node); break;
	case RG_UEVENT:
		hm_buf_printf(out, "DEVTYPE=nd_pmem\n%sMODALIAS=nd:t2\n",
			      r->enabled ? "DRIVER=nd_region\n" : "");
		break;
	case RG_RANGE_INDEX:	/* QEMU's nvdimm_slot_to_spa_index: (slot + 1) << 1 */
		hm_buf_printf(out, "%u\n", r->dimm->desc.handle << 1);
		break;
	}
	return 0;
}

#define RG(n, m, a) { .name = n, .mode = m, .show = region_attr_show, .arg = a }
static const struct sysfs_attr region_attrs[] = {
	RG("align", 0644, RG_ALIGN), RG("available_size", 0444, RG_AVAIL),
	RG("badblocks", 0444, RG_BADBLOCKS), RG("btt_seed", 0444, RG_BTT_SEED),
	RG("dax_seed", 0444, RG_DAX_SEED), RG("deep_flush", 0444, RG_DEEP_FLUSH),
	RG("devtype", 0444, RG_DEVTYPE), RG("init_namespaces", 0444, RG_INIT_NS),
	RG("mapping0", 0444, RG_MAPPING0), RG("mappings", 0444, RG_MAPPINGS),
	RG("max_available_extent", 0444, RG_MAX_EXTENT), RG("modalias", 0444, RG_MODALIAS),
	RG("namespace_seed", 0444, RG_NS_SEED), RG("nstype", 0444, RG_NSTYPE),
	RG("numa_node", 0444, RG_NUMA_NODE), RG("pfn_seed", 0444, RG_PFN_SEED),
	RG("read_only", 0644, RG_READ_ONLY), RG("resource", 0400, RG_RESOURCE),
	RG("set_cookie", 0444, RG_SET_COOKIE), RG("size", 0444, RG_SIZE),
	RG("target_node", 0444, RG_TARGET_NODE), RG("uevent", 0644, RG_UEVENT),
	{ NULL }
};
static const struct sysfs_attr *const region_groups[] = { region_attrs, NULL };
static const struct sysfs_attr region_nfit_attrs[] = {
	RG("range_index", 0444, RG_RANGE_INDEX), { NULL }
};
static const struct sysfs_attr *const region_nfit_groups[] = { region_nfit_attrs, NULL };

static int region_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_region *r = region_by_id(sys, id);

	if (!r || !r->enabled)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../bus/nd/drivers/nd_region");
	return 0;
}

/* ------------------------------------------------------------ namespaces */

enum { NS_ALT_NAME, NS_DEVTYPE, NS_DPA_EXTENTS, NS_FORCE_RAW, NS_HOLDER, NS_HOLDER_CLASS,
       NS_MODALIAS, NS_MODE, NS_NSTYPE, NS_NUMA_NODE, NS_RESOURCE, NS_SECTOR_SIZE, NS_SIZE,
       NS_TARGET_NODE, NS_UEVENT, NS_UUID };

static int ns_attr_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			struct hm_buf *out)
{
	static const char *const modes[] = { "raw", "memory", "dax" };	/* claim classes */
	struct nd_namespace *ns = ns_by_id(sys, id);
	int t;
	char uuid[37];

	if (!ns)
		return -ENODEV;
	t = ns->io ? 4 : 5;
	switch (attr->arg) {
	case NS_ALT_NAME:
		if (ns->alt_name[0])
			hm_buf_printf(out, "%s\n", ns->alt_name);
		break;
	case NS_DEVTYPE: hm_buf_printf(out, "nd_namespace_%s\n", ns->io ? "io" : "pmem"); break;
	case NS_DPA_EXTENTS: hm_buf_printf(out, "%d\n", ns->size ? 1 : 0); break;
	case NS_FORCE_RAW: hm_buf_printf(out, "%d\n", ns->force_raw); break;
	case NS_HOLDER:
		if (ns->claim_id >= 0)
			hm_buf_printf(out, "%s%d.%d\n", ns->mode == ND_MODE_FSDAX ? "pfn" : "dax",
				      ns->region->id, ns->claim_id);
		else
			hm_buf_printf(out, "\n");
		break;
	case NS_HOLDER_CLASS: {
		static const char *const classes[] = { "", "btt", "btt", "pfn", "dax" };

		hm_buf_printf(out, "%s\n", ns->claim_id < 0 ? classes[ns->claim_class] :
			      ns->mode == ND_MODE_FSDAX ? "pfn" : "dax");
		break;
	}
	case NS_MODALIAS: hm_buf_printf(out, "nd:t%d\n", t); break;
	case NS_MODE: hm_buf_printf(out, "%s\n", modes[ns->claim_id >= 0 ? ns->mode : 0]); break;
	case NS_NSTYPE: hm_buf_printf(out, "%d\n", t); break;
	case NS_NUMA_NODE: hm_buf_printf(out, "%d\n", ns->region->numa_node); break;
	case NS_RESOURCE:
		if (!ns->size)
			return -ENXIO;
		hm_buf_printf(out, "%#llx\n", (unsigned long long)ns->start);
		break;
	case NS_SECTOR_SIZE:
		/*
		 * the lbasize selected: ndctl sets it on a namespace of v1.1
		 * labels; with v1.2 ones (autolabel) the oracle shows none
		 */
		hm_buf_printf(out, "%s\n", ns->size && ns->region->dimm->desc.media->label_minor < 2 ?
			      "[512] 4096 " : "512 4096 ");
		break;
	case NS_SIZE: hm_buf_printf(out, "%llu\n", (unsigned long long)ns->size); break;
	case NS_TARGET_NODE: hm_buf_printf(out, "%d\n", ns->region->target_node); break;
	case NS_UEVENT:
		hm_buf_printf(out, "DEVTYPE=nd_namespace_%s\n%sMODALIAS=nd:t%d\n",
			      ns->io ? "io" : "pmem",
			      ns->enabled && ns->mode == ND_MODE_RAW ? "DRIVER=nd_pmem\n" : "", t);
		break;
	case NS_UUID:
		nd_uuid_format(ns->uuid, uuid);
		hm_buf_printf(out, "%s\n", ns->size || ns->uuid_set ? uuid : "");
		break;
	}
	return 0;
}

/* namespace_devs.c's stores (nvdimm.h: nd_namespace_store) */
static int ns_attr_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 const char *buf)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	return ns ? nd_namespace_store(sys, ns, attr->name, buf) : -ENODEV;
}

/* the files a label-less namespace_io has not */
static bool ns_pmem_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	struct nd_namespace *ns = ns_by_id((struct hm_system *)sys, id);

	return ns && !ns->io;
}

#define NA(n, m, a) { .name = n, .mode = m, .show = ns_attr_show, .arg = a, \
		      .store = (m) & 0200 ? ns_attr_store : NULL }
#define NP(n, m, a) { .name = n, .mode = m, .show = ns_attr_show, .arg = a, \
		      .store = (m) & 0200 ? ns_attr_store : NULL, .visible = ns_pmem_visible }
static const struct sysfs_attr ns_attrs[] = {
	NP("alt_name", 0644, NS_ALT_NAME), NA("devtype", 0444, NS_DEVTYPE),
	NP("dpa_extents", 0444, NS_DPA_EXTENTS), NA("force_raw", 0644, NS_FORCE_RAW),
	NA("holder", 0444, NS_HOLDER), NA("holder_class", 0644, NS_HOLDER_CLASS),
	NA("modalias", 0444, NS_MODALIAS), NA("mode", 0444, NS_MODE),
	NA("nstype", 0444, NS_NSTYPE), NA("numa_node", 0444, NS_NUMA_NODE),
	NA("resource", 0400, NS_RESOURCE), NP("sector_size", 0644, NS_SECTOR_SIZE),
	{ .name = "size", .mode = 0644, .show = ns_attr_show, .arg = NS_SIZE,
	  .store = ns_attr_store, .visible = ns_pmem_visible },
	NA("target_node", 0444, NS_TARGET_NODE), { .name = "uevent", .mode = 0644, .show = ns_attr_show, .arg = NS_UEVENT },
	NP("uuid", 0644, NS_UUID),
	{ NULL }
};
/* namespace_io's size is read-only */
static bool ns_io_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return !ns_pmem_visible(sys, id, attr);
}
static const struct sysfs_attr ns_io_attrs[] = {
	{ .name = "size", .mode = 0444, .show = ns_attr_show, .arg = NS_SIZE,
	  .visible = ns_io_visible },
	{ NULL }
};
static const struct sysfs_attr *const ns_groups[] = { ns_attrs, ns_io_attrs, NULL };

static int ns_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	if (!ns || !ns->enabled || ns->mode != ND_MODE_RAW)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../bus/nd/drivers/nd_pmem");
	return 0;
}

static const struct sysfs_dir ns_dir = {
	.groups = ns_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = ns_driver_link },
		{ "subsystem", .target = "../../../../../../../bus/nd" },
		{ NULL } },
	.numbered = (const struct sysfs_numbered[]){
		{ "block", ns_block_next, .dir = &blk_dir, .name_get = block_name },
		{ NULL } },
};

/* ------------------------------------------------------------ btt, pfn, nd_dax */

/* modalias and uevent of the seeds: the region's namespace type (nd_device_type) */
static int nd_type(struct hm_system *sys, long id)
{
	struct nd_region *r = region_by_id(sys, id / S);

	return r ? region_nstype(r) : 5;
}

enum { CL_ALIGN, CL_DEVTYPE, CL_LOG_ZERO, CL_MODALIAS, CL_MODE, CL_NAMESPACE, CL_NUMA_NODE,
       CL_RESOURCE, CL_SECTOR_SIZE, CL_SIZE, CL_SUPPORTED, CL_TARGET_NODE, CL_UEVENT, CL_UUID,
       CL_REGION_ALIGN, CL_REGION_ID, CL_REGION_SIZE };

static int claim_show(struct hm_system *sys, enum nd_kind k, long id,
		      const struct sysfs_attr *attr, struct hm_buf *out)
{
	static const char *const devtypes[] = { [K_BTT] = "nd_btt", [K_PFN] = "nd_pfn",
						[K_DAX] = "nd_dax" };
	struct nd_namespace *ns = k == K_BTT ? NULL : claimed(sys, k, id);
	struct nd_region *r = region_by_id(sys, id / S);
	int t = k == K_DAX ? 7 : nd_type(sys, id);
	const struct nd_seed_cfg *cfg = NULL;
	char uuid[37];

	if (!r)
		return -ENODEV;
	if (!ns && k != K_BTT && id % S == (k == K_PFN ? r->pfn_seed : r->dax_seed))
		cfg = k == K_PFN ? &r->pfn_cfg : &r->dax_cfg;
	switch (attr->arg) {
	case CL_ALIGN:
		hm_buf_printf(out, "%lu\n", ns ? ns->ib.align :
			      cfg && cfg->align ? cfg->align : SZ_2M);
		break;
	case CL_DEVTYPE: hm_buf_printf(out, "%s\n", devtypes[k]); break;
	case CL_LOG_ZERO: hm_buf_printf(out, "Y\n"); break;
	case CL_MODALIAS: hm_buf_printf(out, "nd:t%d\n", t); break;
	case CL_MODE: {
		int map = ns ? (int)ns->ib.map : cfg ? cfg->map : -1;

		hm_buf_printf(out, "%s\n", map < 0 ? "none" : map == ND_MAP_DEV ? "pmem" : "ram");
		break;
	}
	case CL_NAMESPACE:
		if (ns)
			hm_buf_printf(out, "namespace%d.%d\n", r->id, ns->id);
		else if (cfg && cfg->has_ns)
			hm_buf_printf(out, "namespace%d.%d\n", r->id, cfg->ns_id);
		else
			hm_buf_printf(out, "\n");
		break;
	case CL_NUMA_NODE: hm_buf_printf(out, "%d\n", r->numa_node); break;
	case CL_RESOURCE:
	case CL_SIZE:
		if (!ns || !ns->enabled)
			return -ENXIO;
		hm_buf_printf(out, attr->arg == CL_SIZE ? "%llu\n" : "%#llx\n",
			      (unsigned long long)(attr->arg == CL_SIZE ? nd_namespace_data_size(ns) :
						   ns->start + ns->ib.dataoff));
		break;
	case CL_SECTOR_SIZE: hm_buf_printf(out, "512 520 528 4096 4104 4160 4224 \n"); break;
	case CL_SUPPORTED: hm_buf_printf(out, "%lu %lu %lu \n", SZ_4K, SZ_2M, SZ_1G); break;
	case CL_TARGET_NODE: hm_buf_printf(out, "%d\n", r->target_node); break;
	case CL_UEVENT:
		hm_buf_printf(out, "DEVTYPE=%s\n", devtypes[k]);
		if (ns && ns->enabled)
			hm_buf_printf(out, "DRIVER=%s\n", k == K_DAX ? "dax_pmem" : "nd_pmem");
		hm_buf_printf(out, "MODALIAS=nd:t%d\n", t);
		break;
	case CL_UUID:
		if (ns || (cfg && cfg->uuid_set)) {
			nd_uuid_format(ns ? ns->ib.uuid : cfg->uuid, uuid);
			hm_buf_printf(out, "%s\n", uuid);
		} else {
			hm_buf_printf(out, "\n");
		}
		break;
	case CL_REGION_ALIGN: hm_buf_printf(out, "%lu\n", ns ? ns->ib.align : 0UL); break;
	case CL_REGION_ID: hm_buf_printf(out, "%d\n", r->id); break;
	case CL_REGION_SIZE:
		hm_buf_printf(out, "%llu\n", (unsigned long long)(ns ? nd_namespace_data_size(ns) : 0));
		break;
	}
	return 0;
}

static int btt_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		    struct hm_buf *out)
{
	return claim_show(sys, K_BTT, id, attr, out);
}

static int pfn_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		    struct hm_buf *out)
{
	return claim_show(sys, K_PFN, id, attr, out);
}

static int nd_dax_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	return claim_show(sys, K_DAX, id, attr, out);
}

/* pfn_devs.c's uuid, mode, align and namespace stores (nvdimm.h: nd_seed_store) */
static int claim_store(struct hm_system *sys, enum nd_kind k, long id,
		       const struct sysfs_attr *attr, const char *buf)
{
	struct nd_region *r = region_by_id(sys, id / S);

	if (!r)
		return -ENODEV;
	return nd_seed_store(sys, r, k == K_PFN ? ND_MODE_FSDAX : ND_MODE_DEVDAX, (int)(id % S),
			     attr->name, buf);
}

static int pfn_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		     const char *buf)
{
	return claim_store(sys, K_PFN, id, attr, buf);
}

static int nd_dax_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			const char *buf)
{
	return claim_store(sys, K_DAX, id, attr, buf);
}

/* btt_size_show: nothing to show until the btt is bound */
static int btt_size_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	return -ENXIO;
}

static const struct sysfs_attr btt_attrs[] = {
	{ .name = "devtype", .mode = 0444, .show = btt_show, .arg = CL_DEVTYPE },
	{ .name = "log_zero_flags", .mode = 0444, .show = btt_show, .arg = CL_LOG_ZERO },
	{ .name = "modalias", .mode = 0444, .show = btt_show, .arg = CL_MODALIAS },
	{ .name = "namespace", .mode = 0644, .show = btt_show, .arg = CL_NAMESPACE },
	{ .name = "numa_node", .mode = 0444, .show = btt_show, .arg = CL_NUMA_NODE },
	{ .name = "sector_size", .mode = 0644, .show = btt_show, .arg = CL_SECTOR_SIZE },
	{ .name = "size", .mode = 0444, .show = btt_size_show },
	{ .name = "target_node", .mode = 0444, .show = btt_show, .arg = CL_TARGET_NODE },
	{ .name = "uevent", .mode = 0644, .show = btt_show, .arg = CL_UEVENT },
	{ .name = "uuid", .mode = 0644, .show = btt_show, .arg = CL_UUID },
	{ NULL }
};
static const struct sysfs_attr *const btt_groups[] = { btt_attrs, NULL };
static const struct sysfs_dir btt_dir = {
	.groups = btt_groups,
	.links = (const struct sysfs_link[]){
		{ "subsystem", .target = "../../../../../../../bus/nd" }, { NULL } },
};

#define PFN_ATTRS(p, SHOW, STORE)						\
	static const struct sysfs_attr p##_attrs[] = {				\
		{ .name = "align", .mode = 0644, .show = SHOW, .arg = CL_ALIGN,	\
		  .store = STORE },						\
		{ .name = "devtype", .mode = 0444, .show = SHOW, .arg = CL_DEVTYPE },	\
		{ .name = "modalias", .mode = 0444, .show = SHOW, .arg = CL_MODALIAS }, \
		{ .name = "mode", .mode = 0644, .show = SHOW, .arg = CL_MODE,	\
		  .store = STORE },						\
		{ .name = "namespace", .mode = 0644, .show = SHOW, .arg = CL_NAMESPACE, \
		  .store = STORE },						\
		{ .name = "numa_node", .mode = 0444, .show = SHOW, .arg = CL_NUMA_NODE }, \
		{ .name = "resource", .mode = 0400, .show = SHOW, .arg = CL_RESOURCE }, \
		{ .name = "size", .mode = 0444, .show = SHOW, .arg = CL_SIZE },	\
		{ .name = "supported_alignments", .mode = 0444, .show = SHOW,	\
		  .arg = CL_SUPPORTED },					\
		{ .name = "target_node", .mode = 0444, .show = SHOW, .arg = CL_TARGET_NODE }, \
		{ .name = "uevent", .mode = 0644, .show = SHOW, .arg = CL_UEVENT },	\
		{ .name = "uuid", .mode = 0644, .show = SHOW, .arg = CL_UUID,	\
		  .store = STORE },						\
		{ NULL } };							\
	static const struct sysfs_attr *const p##_groups[] = { p##_attrs, NULL };
PFN_ATTRS(pfn, pfn_show, pfn_store)
PFN_ATTRS(nd_dax, nd_dax_show, nd_dax_store)

static int pfn_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = claimed(sys, K_PFN, id);

	if (!ns || !ns->enabled)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../bus/nd/drivers/nd_pmem");
	return 0;
}

static const struct sysfs_dir pfn_dir = {
	.groups = pfn_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = pfn_driver_link },
		{ "subsystem", .target = "../../../../../../../bus/nd" }, { NULL } },
	.numbered = (const struct sysfs_numbered[]){
		{ "block", pfn_block_next, .dir = &blk_dir, .name_get = block_name },
		{ NULL } },
};

/* ------------------------------------------------------------ dax devices */

/*
 * The dax device (drivers/dax/bus.c dev_dax_attributes) under its nd_dax
 * device; id is its namespace's, whose number it is named after.
 */
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

static int dax_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct dax_dev *dax = dax_by_id(sys, id);

	if (!dax || dax->driver == DAX_DRV_NONE)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../../bus/dax/drivers/%s",
		 dax_driver_names[dax->driver]);
	return 0;
}

#define DX(n, m, a) { .name = n, .mode = m, .show = dax_attr_show, .arg = a }
static const struct sysfs_attr dax_map_attrs[] = {
	DX("end", 0400, DAX_MAP_END), DX("page_offset", 0400, DAX_MAP_OFFSET),
	DX("start", 0400, DAX_MAP_START), DX("uevent", 0644, DAX_MAP_UEVENT),
	{ NULL }
};
static const struct sysfs_attr *const dax_map_groups[] = { dax_map_attrs, NULL };
static const struct sysfs_attr dax_attrs[] = {
	DX("align", 0444, DAX_ALIGN), DX("dev", 0444, DAX_DEV),
	DX("modalias", 0444, DAX_MODALIAS), DX("numa_node", 0444, DAX_NUMA_NODE),
	DX("resource", 0400, DAX_RESOURCE), DX("size", 0444, DAX_SIZE),
	DX("target_node", 0444, DAX_TARGET_NODE), DX("uevent", 0644, DAX_UEVENT),
	{ NULL }
};
static const struct sysfs_attr *const dax_groups[] = { dax_attrs, NULL };
static const struct sysfs_dir dax_dir = {
	.groups = dax_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = dax_driver_link },
		{ "subsystem", .target = "../../../../../../../../bus/dax" },
		{ NULL } },
	.children = (const struct sysfs_child[]){
		{ "mapping0", &(const struct sysfs_dir){
			.groups = dax_map_groups,
			.children = (const struct sysfs_child[]){
				{ "power", &device_power_dir }, { NULL } } } },
		{ "power", &device_power_dir },
		{ NULL } },
};

/* the dax device inside nd_dax parent (encoded): its namespace's encoded id */
static long nd_dax_inner_next(struct hm_system *sys, long parent, long from)
{
	struct nd_namespace *ns = claimed(sys, K_DAX, parent);
	long id;

	if (!ns || !ns->dax)
		return -1;
	id = ns->region->id * S + ns->id;
	return from <= id ? id : -1;
}

/* dax_region/ while dax_pmem holds the nd_dax */
static long dax_region_next(struct hm_system *sys, long parent, long from)
{
	struct nd_namespace *ns = claimed(sys, K_DAX, parent);

	return from <= parent && ns && ns->enabled ? parent : -1;
}

static void dax_region_name(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "dax_region");
}

static const struct sysfs_attr dax_region_attrs[] = {
	{ .name = "align", .mode = 0400, .show = nd_dax_show, .arg = CL_REGION_ALIGN },
	{ .name = "id", .mode = 0444, .show = nd_dax_show, .arg = CL_REGION_ID },
	{ .name = "size", .mode = 0444, .show = nd_dax_show, .arg = CL_REGION_SIZE },
	{ NULL }
};
static const struct sysfs_attr *const dax_region_groups[] = { dax_region_attrs, NULL };

static int nd_dax_driver_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = claimed(sys, K_DAX, id);

	if (!ns || !ns->enabled)
		return -ENOENT;
	snprintf(buf, size, "../../../../../../../bus/nd/drivers/dax_pmem");
	return 0;
}

static const struct sysfs_dir nd_dax_dir = {
	.groups = nd_dax_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = nd_dax_driver_link },
		{ "subsystem", .target = "../../../../../../../bus/nd" }, { NULL } },
	.numbered = (const struct sysfs_numbered[]){
		{ "dax", nd_dax_inner_next, .dir = &dax_dir, .dotted = true },
		{ "dax_region", dax_region_next, .name_get = dax_region_name,
		  .dir = &(const struct sysfs_dir){ .groups = dax_region_groups } },
		{ NULL } },
};

/* ------------------------------------------------------------ the tree */

#define NEXT_FNS(k)								\
	static long all_next_##k(struct hm_system *sys, long parent, long from)	\
	{ return all_next(sys, k, from); }					\
	static long __attribute__((unused)) region_next_##k(struct hm_system *sys, long parent, long from) \
	{ return in_region_next(sys, k, parent, from); }
NEXT_FNS(K_NS) NEXT_FNS(K_BTT) NEXT_FNS(K_PFN) NEXT_FNS(K_DAX) NEXT_FNS(K_DAXDEV)

static const struct sysfs_dir region_dev_dir = {
	.groups = region_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .get = region_driver_link },
		{ "subsystem", .target = "../../../../../../bus/nd" },
		{ NULL } },
	.children = (const struct sysfs_child[]){
		{ "nfit", &(const struct sysfs_dir){ .groups = region_nfit_groups } },
		{ NULL } },
	.numbered = (const struct sysfs_numbered[]){
		{ "btt", region_next_K_BTT, .dir = &btt_dir, .dotted = true },
		{ "dax", region_next_K_DAX, .dir = &nd_dax_dir, .dotted = true },
		{ "namespace", region_next_K_NS, .dir = &ns_dir, .dotted = true },
		{ "pfn", region_next_K_PFN, .dir = &pfn_dir, .dotted = true },
		{ NULL } },
};

/* ACPI0012:00 itself (drivers/acpi/device_sysfs.c), the NFIT's root device QEMU declares */
static int acpi_nfit_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			  struct hm_buf *out)
{
	static const char *const text[] = { "ACPI0012\n", "acpi:ACPI0012:\n", "\\_SB_.NVDR\n",
					    "DRIVER=nfit\nMODALIAS=acpi:ACPI0012:\n" };

	hm_buf_printf(out, "%s", text[attr->arg]);
	return 0;
}

static const struct sysfs_attr acpi_nfit_attrs[] = {
	{ .name = "hid", .mode = 0444, .show = acpi_nfit_show, .arg = 0 },
	{ .name = "modalias", .mode = 0444, .show = acpi_nfit_show, .arg = 1 },
	{ .name = "path", .mode = 0444, .show = acpi_nfit_show, .arg = 2 },
	{ .name = "uevent", .mode = 0644, .show = acpi_nfit_show, .arg = 3 },
	{ NULL }
};
static const struct sysfs_attr *const acpi_nfit_groups[] = { acpi_nfit_attrs, NULL };

const struct sysfs_dir acpi_nfit_dev_dir = {
	.visible = bus_visible,
	.groups = acpi_nfit_groups,
	.links = (const struct sysfs_link[]){
		{ "driver", .target = "../../../../bus/acpi/drivers/nfit" },
		{ "physical_node", .target = "../../../platform/ACPI0012:00" },
		{ "subsystem", .target = "../../../../bus/acpi" },
		{ NULL } },
	.children = (const struct sysfs_child[]){
		{ "ndbus0", &(const struct sysfs_dir){
			.groups = ndbus_groups,
			.links = (const struct sysfs_link[]){
				{ "driver", .target = "../../../../../bus/nd/drivers/nd_bus" },
				{ "subsystem", .target = "../../../../../bus/nd" },
				{ NULL } },
			.children = (const struct sysfs_child[]){
				{ "firmware", &(const struct sysfs_dir){ 0 } },
				{ "nd", &(const struct sysfs_dir){
					.children = (const struct sysfs_child[]){
						{ "ndctl0", &ndctl_dir }, { NULL } } } },
				{ "nfit", &(const struct sysfs_dir){ .groups = ndbus_nfit_groups } },
				{ NULL } },
			.numbered = (const struct sysfs_numbered[]){
				{ "nmem", dimm_next, .dir = &nmem_dir },
				{ "region", region_next, .dir = &region_dev_dir },
				{ NULL } } } },
		{ "power", &device_power_dir },
		{ NULL } },
};

/* ------------------------------------------------------------ bus links */

/* a link from /sys/bus/X/<dir>/ (up = "../../../" or "../../../../") to an nd device */
static int nd_dev_link(struct hm_system *sys, const char *up, const char *prefix, long id,
		       char *buf, size_t size)
{
	snprintf(buf, size, "%s" NDBUS "/region%ld/%s%ld.%ld", up, id / S, prefix, id / S, id % S);
	return 0;
}

#define LINKS(name, prefix)							\
	static int dev_link_##name(struct hm_system *sys, long id, char *buf, size_t size) \
	{ return nd_dev_link(sys, "../../../", prefix, id, buf, size); }	\
	static int __attribute__((unused)) drv_link_##name(struct hm_system *sys, long id, char *buf, size_t size) \
	{ return nd_dev_link(sys, "../../../../", prefix, id, buf, size); }
LINKS(ns, "namespace") LINKS(btt, "btt") LINKS(pfn, "pfn") LINKS(nd_dax, "dax")

static long ndbus_next(struct hm_system *sys, long parent, long from)
{
	return !from && bus_visible(sys) ? 0 : -1;
}

static const struct sysfs_numbered nd_devices[] = {
	{ "btt", all_next_K_BTT, .dotted = true, .link_get = dev_link_btt },
	{ "dax", all_next_K_DAX, .dotted = true, .link_get = dev_link_nd_dax },
	{ "namespace", all_next_K_NS, .dotted = true, .link_get = dev_link_ns },
	{ "ndbus", ndbus_next, .link = "../../../" NDBUS },
	{ "nmem", dimm_next, .link = "../../../" NDBUS "/nmem%ld" },
	{ "pfn", all_next_K_PFN, .dotted = true, .link_get = dev_link_pfn },
	{ "region", region_next, .link = "../../../" NDBUS "/region%ld" },
	{ NULL }
};
const struct sysfs_dir nd_bus_devices_dir = { .numbered = nd_devices };

/* the nd drivers' links to the devices each holds (driver_sysfs_add) */
static long nvdimm_bound_next(struct hm_system *sys, long parent, long from)
{
	for (; dimm_by_id(sys, from); from++)
		if (!dimm_by_id(sys, from)->unbound)
			return from;
	return -1;
}

static long nd_region_bound_next(struct hm_system *sys, long parent, long from)
{
	for (; region_by_id(sys, from); from++)
		if (region_by_id(sys, from)->enabled)
			return from;
	return -1;
}

static long ns_bound_next(struct hm_system *sys, long parent, long from)
{
	struct nd_namespace *ns;

	for (; (from = all_next(sys, K_NS, from)) >= 0; from++) {
		ns = ns_by_id(sys, from);
		if (ns->enabled && ns->mode == ND_MODE_RAW)
			return from;
	}
	return -1;
}

static long claim_bound_next(struct hm_system *sys, enum nd_kind k, long from)
{
	struct nd_namespace *ns;

	for (; (from = all_next(sys, k, from)) >= 0; from++) {
		ns = claimed(sys, k, from);
		if (ns && ns->enabled)
			return from;
	}
	return -1;
}

static long pfn_bound_next(struct hm_system *sys, long parent, long from)
{
	return claim_bound_next(sys, K_PFN, from);
}

static long nd_dax_bound_next(struct hm_system *sys, long parent, long from)
{
	return claim_bound_next(sys, K_DAX, from);
}

const struct sysfs_numbered nd_bus_bound[] = {
	{ "ndbus", ndbus_next, .link = "../../../../" NDBUS }, { NULL }
};
const struct sysfs_numbered nvdimm_bound[] = {
	{ "nmem", nvdimm_bound_next, .link = "../../../../" NDBUS "/nmem%ld" }, { NULL }
};
const struct sysfs_numbered nd_region_bound[] = {
	{ "region", nd_region_bound_next, .link = "../../../../" NDBUS "/region%ld" }, { NULL }
};
const struct sysfs_numbered nd_pmem_bound[] = {
	{ "namespace", ns_bound_next, .dotted = true, .link_get = drv_link_ns },
	{ "pfn", pfn_bound_next, .dotted = true, .link_get = drv_link_pfn },
	{ NULL }
};
const struct sysfs_numbered dax_pmem_bound[] = {
	{ "dax", nd_dax_bound_next, .dotted = true, .link_get = drv_link_nd_dax }, { NULL }
};

/* /sys/bus/dax: the dax devices, and those device_dax and kmem hold */
static int dax_dev_link(struct hm_system *sys, const char *up, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = ns_by_id(sys, id);

	if (!ns || !ns->dax)
		return -ENOENT;
	snprintf(buf, size, "%s" NDBUS "/region%d/dax%d.%d/dax%d.%d", up, ns->region->id,
		 ns->region->id, ns->claim_id, ns->dax->region_id, ns->dax->id);
	return 0;
}

static int dax_bus_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	return dax_dev_link(sys, "../../../", id, buf, size);
}

static int dax_drv_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	return dax_dev_link(sys, "../../../../", id, buf, size);
}

static long dax_held_next(struct hm_system *sys, long from, enum dax_driver drv)
{
	for (; (from = all_next(sys, K_DAXDEV, from)) >= 0; from++)
		if (dax_by_id(sys, from)->driver == drv)
			return from;
	return -1;
}

static long device_dax_next(struct hm_system *sys, long parent, long from)
{
	return dax_held_next(sys, from, DAX_DRV_DEVICE);
}

static long kmem_next(struct hm_system *sys, long parent, long from)
{
	return dax_held_next(sys, from, DAX_DRV_KMEM);
}

static const struct sysfs_numbered dax_devices[] = {
	{ "dax", all_next_K_DAXDEV, .dotted = true, .link_get = dax_bus_link }, { NULL }
};
const struct sysfs_dir dax_bus_devices_dir = { .numbered = dax_devices };
const struct sysfs_numbered dax_device_dax_bound[] = {
	{ "dax", device_dax_next, .dotted = true, .link_get = dax_drv_link }, { NULL }
};
const struct sysfs_numbered dax_kmem_bound[] = {
	{ "dax", kmem_next, .dotted = true, .link_get = dax_drv_link }, { NULL }
};

/* /sys/class/nd (libnvdimm's class, x86 where the guest loads it): the bus's ndctl0 */
static int nd_class_ndctl_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	if (!bus_visible(sys))
		return -ENOENT;
	snprintf(buf, size, "../../" NDBUS "/nd/ndctl0");
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

/*
 * /sys/dev/char and /sys/dev/block (drivers/base/core.c device_create_sys_dev_entry):
 * "MAJOR:MINOR" links to the devices with a device number, where libndctl
 * and libdaxctl find a bus or a disk from its number (parent_dev_path).
 * Only the nd, dax and pmem ones: hotmem models no other device numbers.
 */
static long sysdev_one_next(struct hm_system *sys, long parent, long from)
{
	return !from && bus_visible(sys) ? 0 : -1;
}

static void ndctl_devno(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "%d:0", NDCTL_MAJOR);
}

static void nmem_devno(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%ld", NVDIMM_MAJOR, id);
}

static void dax_devno(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%d", DAX_MAJOR, dax_by_id(sys, id)->minor);
}

static int nmem_sysdev_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "../../" NDBUS "/nmem%ld", id);
	return 0;
}

static int dax_sysdev_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	return dax_dev_link(sys, "../../", id, buf, size);
}

static long disk_any_next(struct hm_system *sys, long parent, long from)
{
	for (; (from = all_next(sys, K_NS, from)) >= 0; from++)
		if (has_disk(ns_by_id(sys, from)))
			return from;
	return -1;
}

static void disk_devno(struct hm_system *sys, long id, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%d", BLOCK_EXT_MAJOR, ns_by_id(sys, id)->disk_minor);
}

static int disk_sysdev_link(struct hm_system *sys, long id, char *buf, size_t size)
{
	struct nd_namespace *ns = ns_by_id(sys, id);
	char name[32];

	disk_name(ns, name, sizeof(name));
	if (ns->mode == ND_MODE_FSDAX)
		snprintf(buf, size, "../../" NDBUS "/region%d/pfn%d.%d/block/%s", ns->region->id,
			 ns->region->id, ns->claim_id, name);
	else
		snprintf(buf, size, "../../" NDBUS "/region%d/namespace%d.%d/block/%s",
			 ns->region->id, ns->region->id, ns->id, name);
	return 0;
}

const struct sysfs_dir nd_sys_dev_char_dir = {
	.numbered = (const struct sysfs_numbered[]){
		{ "ndctl", sysdev_one_next, .name_get = ndctl_devno,
		  .link = "../../" NDBUS "/nd/ndctl0" },
		{ "nmem", dimm_next, .name_get = nmem_devno, .link_get = nmem_sysdev_link },
		{ "dax", all_next_K_DAXDEV, .name_get = dax_devno, .link_get = dax_sysdev_link },
		{ NULL } },
};

const struct sysfs_dir nd_sys_dev_block_dir = {
	.numbered = (const struct sysfs_numbered[]){
		{ "pmem", disk_any_next, .name_get = disk_devno, .link_get = disk_sysdev_link },
		{ NULL } },
};
