// SPDX-License-Identifier: GPL-2.0
/*
 * nvdimm.c - libnvdimm as the guest sees it: the nfit bus, nmem and region
 * devices, namespaces from labels (or label-less), the pfn/dax info block
 * and the nd_pmem and dax_pmem drivers (mirrors drivers/acpi/nfit/core.c,
 * drivers/nvdimm/{bus,dimm_devs,region_devs,namespace_devs,label,pfn_devs,
 * pmem}.c and drivers/dax/pmem.c).
 *
 * DOC: the info block and its reserve
 *
 * A namespace in fsdax or devdax mode starts with an 8 KiB reserve (the
 * info block sits at 4 KiB) followed, with map=dev, by the memmap of the
 * whole namespace (64 bytes per 4 KiB page), the data starting at the
 * next multiple of the alignment (at least memremap_compat_align(), 2 MiB):
 *
 *   dataoff = ALIGN(start + 8K [+ 64 * npfns], align) - start,
 *   npfns   = (size - 8K) / 4K,   end_trunc = the tail past ALIGN_DOWN(end),
 *
 * so a 1 GiB namespace with map=dev keeps 18 MiB (1006 MiB of data), with
 * map=mem 2 MiB.  The pgmap covers the whole namespace; its altmap starts at
 * the namespace with reserve = 2 pfns and free = (dataoff - 8K) / 4K, which
 * the PMD-sized memmap blocks fill exactly (510 pfns of alignment first).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/kstrtox.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

#define SZ_4K	4096UL
#define SZ_2M	(2UL << 20)

static struct hm_nvdimm_bus *bus_get(struct hm_system *sys)
{
	if (!sys->nd_bus)
		sys->nd_bus = hm_kzalloc(&sys->alloc, sizeof(*sys->nd_bus));
	return sys->nd_bus;
}

/* ------------------------------------------------------------ uuids */

void nd_uuid_generate(struct hm_system *sys, uint8_t uuid[16])
{
	/* deterministic, so that transcripts stay reproducible (compare.py masks them) */
	uint64_t x = 0x9e3779b97f4a7c15ULL * (++bus_get(sys)->uuid_seq + 1);
	int i;

	for (i = 0; i < 16; i++) {
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ULL;
		x ^= x >> 32;
		uuid[i] = (uint8_t)x;
	}
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);	/* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
}

void nd_uuid_format(const uint8_t u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		 u[12], u[13], u[14], u[15]);
}

/* ------------------------------------------------------------ lookups */

/* The index on the bus of the region (regions) or DIMM named "regionN" or "nmemN", or -1. */
static int nd_bus_index(struct hm_system *sys, const char *name, bool regions)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned int i;
	int id;
	char end;

	if (!bus || sscanf(name, regions ? "region%d%c" : "nmem%d%c", &id, &end) != 1)
		return -1;
	for (i = 0; i < bus->nr_dimms; i++)
		if ((regions ? bus->regions[i]->id : bus->dimms[i]->id) == id)
			return (int)i;
	return -1;
}

struct nd_region *nd_region_find(struct hm_system *sys, const char *name)
{
	int i = nd_bus_index(sys, name, true);

	return i < 0 ? NULL : sys->nd_bus->regions[i];
}

struct nvdimm *nvdimm_find(struct hm_system *sys, const char *name)
{
	int i = nd_bus_index(sys, name, false);

	return i < 0 ? NULL : sys->nd_bus->dimms[i];
}

struct nd_namespace *nd_namespace_find(struct hm_system *sys, const char *name)
{
	struct nd_region *region;
	struct nd_namespace *ns;
	char rname[32], end;
	int rid, id;

	if (sscanf(name, "namespace%d.%d%c", &rid, &id, &end) != 2)
		return NULL;
	snprintf(rname, sizeof(rname), "region%d", rid);
	region = nd_region_find(sys, rname);
	if (!region)
		return NULL;
	for (ns = region->namespaces; ns; ns = ns->next)
		if (ns->id == id)
			return ns;
	return NULL;
}

struct dax_dev *dax_dev_find(struct hm_system *sys, const char *name)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	struct nd_namespace *ns;
	unsigned int i;
	int rid, id;
	char end;

	if (!bus || sscanf(name, "dax%d.%d%c", &rid, &id, &end) != 2)
		return NULL;
	for (i = 0; i < bus->nr_dimms; i++)
		for (ns = bus->regions[i]->namespaces; ns; ns = ns->next)
			if (ns->dax && ns->dax->region_id == rid && ns->dax->id == id)
				return ns->dax;
	return NULL;
}

/* ------------------------------------------------------------ info block */

static struct nd_info_block *media_ib(struct nd_namespace *ns, bool create)
{
	struct nvdimm_media *m = ns->region->dimm->desc.media;
	uint64_t off = ns->start - ns->region->start;
	unsigned int i, free_slot = ND_MAX_LABELS;

	for (i = 0; i < ND_MAX_LABELS; i++) {
		if (m->ib[i].ib.valid && m->ib[i].offset == off)
			return &m->ib[i].ib;
		if (!m->ib[i].ib.valid && free_slot == ND_MAX_LABELS)
			free_slot = i;
	}
	if (!create || free_slot == ND_MAX_LABELS)
		return NULL;
	m->ib[free_slot].offset = off;
	return &m->ib[free_slot].ib;
}

uint64_t nd_namespace_data_size(const struct nd_namespace *ns)
{
	if (ns->mode == ND_MODE_RAW || !ns->ib.valid)
		return ns->size;
	return ns->size - ns->ib.dataoff - ns->ib.end_trunc;
}

int nd_claim_next(const struct nd_region *region, enum nd_mode mode, int from)
{
	const struct nd_namespace *ns;
	int seed = mode == ND_MODE_FSDAX ? region->pfn_seed : region->dax_seed, best = -1;

	if (!region->enabled)
		return -1;
	if (seed >= from)
		best = seed;
	for (ns = region->namespaces; ns; ns = ns->next)
		if (ns->mode == mode && ns->claim_id >= from && (best < 0 || ns->claim_id < best))
			best = ns->claim_id;
	return best;
}

struct nd_namespace *nd_claim_namespace(const struct nd_region *region, enum nd_mode mode,
					int id)
{
	struct nd_namespace *ns;

	for (ns = region->namespaces; ns; ns = ns->next)
		if (ns->mode == mode && ns->claim_id == id)
			return ns;
	return NULL;
}

/* The ida's lowest free id of a kind (the seed and the claims hold theirs). */
static int claim_alloc(const struct nd_region *region, enum nd_mode mode)
{
	int id;

	for (id = 0; nd_claim_next(region, mode, id) == id; id++)
		;
	return id;
}

/* a new seed's configuration: no namespace, uuid or mode, the default align */
static void seed_cfg_reset(struct nd_seed_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->map = -1;
}

/*
 * A namespace configured through the seed of its kind (ndctl writes the
 * seed's namespace, then binds it): the seed claims it and, once it
 * probes, nd_region_advance_seeds makes the next seed.
 */
static void claim_seed(struct nd_namespace *ns)
{
	struct nd_region *r = ns->region;
	int *seed = ns->mode == ND_MODE_FSDAX ? &r->pfn_seed : &r->dax_seed;

	ns->claim_id = *seed;
	*seed = -1;
	*seed = claim_alloc(r, ns->mode);
	seed_cfg_reset(ns->mode == ND_MODE_FSDAX ? &r->pfn_cfg : &r->dax_cfg);
}

/* nd_pfn_supported_alignments: 4K, 2M (PMD) and 1G (PUD) on x86_64 */
static bool align_supported(unsigned long align)
{
	return align == SZ_4K || align == SZ_2M || align == SZ_1G;
}

int nd_namespace_set_mode(struct hm_system *sys, struct nd_namespace *ns, enum nd_mode mode,
			  enum nd_map map, unsigned long align)
{
	uint64_t start = ns->start, size = ns->size, end_trunc, offset, npfns;
	struct nd_info_block ib = { 0 }, *slot;
	unsigned long a;

	if (ns->enabled || !ns->size)
		return -EBUSY;
	if (mode == ND_MODE_RAW) {
		slot = media_ib(ns, false);
		if (slot)
			memset(slot, 0, sizeof(*slot));
		memset(&ns->ib, 0, sizeof(ns->ib));
		ns->mode = ND_MODE_RAW;
		ns->claim_id = -1;
		return 0;
	}
	if (!align_supported(align))
		return -EINVAL;
	a = align > SZ_2M ? align : SZ_2M;	/* max(align, memremap_compat_align()) */
	if (!IS_ALIGNED(start, SZ_2M))
		return -EINVAL;			/* "start ... misaligned" */
	npfns = PHYS_PFN(size - ND_INFO_BLOCK_RESERVE);
	end_trunc = start + size - ALIGN_DOWN(start + size, a);
	if (map == ND_MAP_DEV)
		offset = ALIGN(start + ND_INFO_BLOCK_RESERVE + KERNEL_STRUCT_PAGE_SIZE * npfns, a) - start;
	else
		offset = ALIGN(start + ND_INFO_BLOCK_RESERVE, a) - start;
	if (offset >= size - end_trunc)
		return -ENXIO;			/* "unable to satisfy requested alignment" */
	slot = media_ib(ns, true);
	if (!slot)
		return -ENOSPC;
	ib.valid = true;
	ib.mode = mode;
	ib.map = map;
	ib.align = align;
	nd_uuid_generate(sys, ib.uuid);
	ib.dataoff = offset;
	ib.npfns = PHYS_PFN(size - offset - end_trunc);
	ib.end_trunc = end_trunc;
	*slot = ib;
	ns->ib = ib;
	ns->mode = mode;
	ns->claim_id = -1;
	if (ns->region->enabled)
		claim_seed(ns);
	return 0;
}

/* __nvdimm_setup_pfn: the pgmap of the whole namespace, its altmap with map=dev. */
static void nvdimm_setup_pfn(struct nd_namespace *ns, enum memory_type type)
{
	struct dev_pagemap *pgmap = &ns->pgmap;
	unsigned long base_pfn = PHYS_PFN(ns->start);

	memset(pgmap, 0, sizeof(*pgmap));
	pgmap->type = type;
	pgmap->start = ns->start;
	pgmap->end = ns->start + ns->size - ns->ib.end_trunc - 1;
	if (ns->ib.map == ND_MAP_DEV) {
		pgmap->altmap.base_pfn = ALIGN_DOWN(base_pfn, PAGES_PER_SUBSECTION);
		pgmap->altmap.reserve = PHYS_PFN(ND_INFO_BLOCK_RESERVE) +
					(base_pfn - pgmap->altmap.base_pfn);
		pgmap->altmap.end_pfn = PHYS_PFN(pgmap->end);
		pgmap->altmap.free = PHYS_PFN(ns->ib.dataoff - ND_INFO_BLOCK_RESERVE);
		pgmap->flags |= PGMAP_ALTMAP_VALID;
	}
}

/* ------------------------------------------------------------ drivers */

static int ns_request(struct hm_system *sys, struct nd_namespace *ns, uint64_t size)
{
	char name[32];

	snprintf(name, sizeof(name), "namespace%d.%d", ns->region->id, ns->id);
	return request_region(&sys->alloc, &sys->iomem_resource, ns->start, size, name,
			      IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, &ns->res);
}

static void ns_release(struct hm_system *sys, struct nd_namespace *ns)
{
	release_region(&sys->alloc, ns->res);
	ns->res = NULL;
}

/* An ida's lowest free id: the lowest id no namespace of the bus holds. */
static int nd_ida_lowest(struct hm_nvdimm_bus *bus,
			 bool (*holds)(const struct nd_namespace *ns, int id))
{
	struct nd_namespace *ns;
	unsigned int i;
	bool used;
	int id;

	for (id = 0;; id++) {
		used = false;
		for (i = 0; i < bus->nr_dimms && !used; i++)
			for (ns = bus->regions[i]->namespaces; ns && !used; ns = ns->next)
				used = holds(ns, id);
		if (!used)
			return id;
	}
}

static bool dax_minor_held(const struct nd_namespace *ns, int minor)
{
	return ns->dax && ns->dax->minor == minor;
}

static bool disk_minor_held(const struct nd_namespace *ns, int minor)
{
	return ns->disk_minor == minor;
}

/* dax_minor_ida (drivers/dax/super.c): the lowest minor no live dax device holds */
static int dax_minor_alloc(struct hm_system *sys)
{
	return nd_ida_lowest(sys->nd_bus, dax_minor_held);
}

/* dax_pmem: the dax region and device over the data, then device_dax binds it. */
static int dax_pmem_probe(struct hm_system *sys, struct nd_namespace *ns)
{
	struct dax_dev *dax;
	int ret;

	ret = ns_request(sys, ns, ns->ib.dataoff);
	if (ret)
		return ret;
	dax = hm_kzalloc(&sys->alloc, sizeof(*dax));
	if (!dax) {
		ns_release(sys, ns);
		return -ENOMEM;
	}
	nvdimm_setup_pfn(ns, MEMORY_DEVICE_GENERIC);
	dax->minor = dax_minor_alloc(sys);
	dax->region_id = ns->region->id;
	dax->id = ns->id;
	dax->ns = ns;
	dax->start = ns->start + ns->ib.dataoff;
	dax->end = ns->pgmap.end;
	dax->target_node = ns->region->target_node;
	dax->align = ns->ib.align;
	dax->mgid = -1;
	ns->dax = dax;
	ret = dax_bind_device_dax(sys, dax);
	if (ret) {
		/* the dax device stays, unbound, as the kernel's would */
		pr_err(sys, "dax%d.%d: probe failed: %d", dax->region_id, dax->id, ret);
	}
	return 0;
}

/*
 * pmem_attach_disk's disk: its minor from the block layer's extended devt
 * ida (major 259, lowest free) and the next disk sequence number.
 */
static void pmem_disk_add(struct hm_system *sys, struct nd_namespace *ns)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	int minor = nd_ida_lowest(bus, disk_minor_held);

	ns->disk_minor = minor;
	ns->diskseq = ++bus->diskseq;
}

int nd_namespace_enable(struct hm_system *sys, struct nd_namespace *ns)
{
	int ret;

	if (ns->enabled)
		return 0;
	if (!ns->size || !ns->region->enabled)
		return -ENXIO;
	switch (ns->mode) {
	case ND_MODE_RAW:
		/* nd_pmem on a raw namespace: memremap() only, no struct pages */
		ret = ns_request(sys, ns, ns->size);
		break;
	case ND_MODE_FSDAX:
		ret = ns_request(sys, ns, ns->size);
		if (ret)
			break;
		nvdimm_setup_pfn(ns, MEMORY_DEVICE_FS_DAX);
		ret = memremap_pages(sys, &ns->pgmap, ns->region->numa_node);
		if (ret)
			ns_release(sys, ns);
		break;
	case ND_MODE_DEVDAX:
		ret = dax_pmem_probe(sys, ns);
		break;
	default:
		ret = -EINVAL;
	}
	if (!ret) {
		ns->enabled = true;
		if (ns->mode != ND_MODE_DEVDAX)
			pmem_disk_add(sys, ns);
	}
	return ret;
}

int nd_namespace_disable(struct hm_system *sys, struct nd_namespace *ns)
{
	int ret;

	if (!ns->enabled)
		return 0;
	if (ns->dax) {
		ret = dax_unbind(sys, ns->dax);
		if (ret)
			return ret;
		hm_kfree(&sys->alloc, ns->dax);
		ns->dax = NULL;
	} else if (ns->mode == ND_MODE_FSDAX) {
		memunmap_pages(sys, &ns->pgmap);
	}
	ns_release(sys, ns);
	ns->enabled = false;
	ns->disk_minor = -1;
	return 0;
}

/* ------------------------------------------------------------ namespaces */

static struct nd_namespace *ns_alloc(struct hm_system *sys, struct nd_region *region, int id,
				     uint64_t start, uint64_t size)
{
	struct nd_namespace *ns = hm_kzalloc(&sys->alloc, sizeof(*ns)), **pp;

	if (!ns)
		return NULL;
	ns->region = region;
	ns->id = id;
	ns->claim_id = -1;
	ns->disk_minor = -1;
	ns->start = start;
	ns->size = size;
	for (pp = &region->namespaces; *pp && (*pp)->id < id; pp = &(*pp)->next)
		;
	ns->next = *pp;
	*pp = ns;
	if (id >= region->next_ns_id)
		region->next_ns_id = id + 1;
	return ns;
}

static void ns_unlink_free(struct hm_system *sys, struct nd_namespace *ns)
{
	struct nd_namespace **pp;

	for (pp = &ns->region->namespaces; *pp; pp = &(*pp)->next)
		if (*pp == ns) {
			*pp = ns->next;
			break;
		}
	hm_kfree(&sys->alloc, ns);
}

/* The info block found at the namespace start decides its claim (nd_pfn/dax probe). */
static void ns_read_info_block(struct nd_namespace *ns)
{
	struct nd_info_block *ib = media_ib(ns, false);

	if (ib && ib->valid) {
		ns->ib = *ib;
		ns->mode = ib->mode;
		/* nd_pfn_probe / nd_dax_probe: a new device of the kind claims it */
		ns->claim_id = claim_alloc(ns->region, ns->mode);
	} else {
		memset(&ns->ib, 0, sizeof(ns->ib));
		ns->mode = ND_MODE_RAW;
	}
}

/*
 * The region's namespace seed: the newest namespace without a size (a
 * destroyed one, kept idle with size 0 as the kernel keeps it, is older
 * than the seed made after it); a label-less region's namespace_io.
 */
struct nd_namespace *nd_region_ns_seed(struct nd_region *region)
{
	struct nd_namespace *ns, *seed = NULL;

	for (ns = region->namespaces; ns; ns = ns->next) {
		if (ns->io)
			return ns;
		if (!ns->size)
			seed = ns;
	}
	return seed;
}

static struct nd_namespace *region_seed(struct nd_region *region)
{
	struct nd_namespace *ns = nd_region_ns_seed(region);

	return ns && !ns->io ? ns : NULL;
}
/*
 * A label the kernel turns into a namespace: inside the DIMM's mapping and
 * clear of the namespaces already made (scan_labels skips a label starting
 * outside the mapping; nd_label_reserve_dpa's nvdimm_allocate_dpa refuses
 * a range outside the DIMM or overlapping another).  A tool may write
 * any label; the model's own always fit.
 */
static bool label_fits(const struct nd_region *region, const struct nd_label *l)
{
	const struct nd_namespace *ns;
	uint64_t start = region->start + l->dpa;

	if (!l->rawsize || l->dpa >= region->size || l->rawsize > region->size - l->dpa)
		return false;
	for (ns = region->namespaces; ns; ns = ns->next)
		if (ns->size && start < ns->start + ns->size && ns->start < start + l->rawsize)
			return false;
	return true;
}

int nd_region_enable(struct hm_system *sys, struct nd_region *region)
{
	struct nvdimm_media *m = region->dimm->desc.media;
	struct nd_namespace *ns;
	unsigned int i;

	if (region->enabled)
		return 0;
	/*
	 * init_active_labels: a DIMM unbound from the nvdimm driver has no
	 * label data; a label-less region does without, one with labels fails.
	 */
	if (region->dimm->unbound && m->labels_initialized) {
		pr_err(sys, "nd_region region%d: nmem%d: is disabled, failing probe", region->id,
		       region->dimm->id);
		return -ENXIO;
	}
	region->enabled = true;
	region->next_ns_id = 0;
	region->btt_seed = region->pfn_seed = region->dax_seed = -1;
	if (!m->labels_initialized) {
		/* label-less: one namespace_io over the whole region */
		ns = ns_alloc(sys, region, 0, region->start, region->size);
		if (!ns)
			goto nomem;
		ns->io = true;
	} else {
		for (i = 0; i < ND_MAX_LABELS; i++) {
			if (!m->labels[i].used || !label_fits(region, &m->labels[i]))
				continue;
			ns = ns_alloc(sys, region, m->labels[i].id, region->start + m->labels[i].dpa,
				      m->labels[i].rawsize);
			if (!ns)
				goto nomem;
			memcpy(ns->uuid, m->labels[i].uuid, 16);
		}
		if (!ns_alloc(sys, region, region->next_ns_id, 0, 0))	/* the seed */
			goto nomem;
	}
	region->init_ns = 0;
	for (ns = region->namespaces; ns; ns = ns->next)
		region->init_ns++;
	for (ns = region->namespaces; ns; ns = ns->next) {
		if (!ns->size)
			continue;
		ns_read_info_block(ns);
		if (nd_namespace_enable(sys, ns))
			pr_err(sys, "nd_pmem namespace%d.%d: probe failed", region->id, ns->id);
	}
	/*
	 * The seeds come after: the oracle shows the pfn and nd_dax devices
	 * of namespaces found configured taking the lowest ids (pfn0.0), the
	 * seeds the next free ones (pfn0.1).
	 */
	region->btt_seed = 0;
	seed_cfg_reset(&region->pfn_cfg);
	seed_cfg_reset(&region->dax_cfg);
	region->pfn_seed = claim_alloc(region, ND_MODE_FSDAX);
	region->dax_seed = claim_alloc(region, ND_MODE_DEVDAX);
	return 0;
nomem:
	nd_region_disable(sys, region);
	return -ENOMEM;
}

int nd_region_disable(struct hm_system *sys, struct nd_region *region)
{
	struct nd_namespace *ns;

	for (ns = region->namespaces; ns; ns = ns->next)
		if (ns->dax && ns->dax->driver == DAX_DRV_KMEM)
			return -EBUSY;
	while ((ns = region->namespaces)) {
		nd_namespace_disable(sys, ns);
		ns_unlink_free(sys, ns);
	}
	region->enabled = false;
	region->btt_seed = region->pfn_seed = region->dax_seed = -1;
	return 0;
}

int nvdimm_init_labels(struct hm_system *sys, struct nvdimm *dimm)
{
	return nvdimm_init_labels_version(sys, dimm, 1);
}

int nvdimm_init_labels_version(struct hm_system *sys, struct nvdimm *dimm, unsigned int minor)
{
	struct nvdimm_media *m = dimm->desc.media;
	unsigned int i;

	for (i = 0; i < sys->nd_bus->nr_dimms; i++)
		if (sys->nd_bus->regions[i]->dimm == dimm &&
		    sys->nd_bus->regions[i]->enabled)
			return -EBUSY;
	if (!m->label_size)
		return -ENXIO;
	memset(m->labels, 0, sizeof(m->labels));
	m->labels_initialized = true;
	/* ndctl's write_label_index: index 0 with seq 3, index 1 with seq 2 */
	m->label_minor = minor;
	m->index_cur = 0;
	m->index_seq = 3;
	for (i = 0; i < sys->nd_bus->nr_dimms; i++)
		if (sys->nd_bus->regions[i]->dimm == dimm)
			nvdimm_label_sync(m, nd_region_set_cookie(sys->nd_bus->regions[i]), true);
	return 0;
}

/* label.c's index update after a label write: the next index, seq + 1, becomes current. */
static void label_index_update(struct nd_region *region)
{
	struct nvdimm_media *m = region->dimm->desc.media;
	static const uint32_t next_seq[] = { 0, 2, 3, 1 };	/* nd_inc_seq */

	m->index_cur = !m->index_cur;
	m->index_seq = next_seq[m->index_seq & 3];
	nvdimm_label_sync(m, nd_region_set_cookie(region), false);
}

/* Free extents of the region's DPA space, lowest first. */
static uint64_t region_first_fit(struct nd_region *region, uint64_t size, uint64_t *max_extent,
				 uint64_t *available)
{
	uint64_t pos = 0, found = UINT64_MAX, best = 0, avail = 0;

	for (;;) {
		struct nd_namespace *ns, *next = NULL;
		uint64_t gap_end;

		for (ns = region->namespaces; ns; ns = ns->next)
			if (ns->size && ns->start - region->start >= pos &&
			    (!next || ns->start < next->start))
				next = ns;
		gap_end = next ? next->start - region->start : region->size;
		if (gap_end > pos) {
			avail += gap_end - pos;
			if (gap_end - pos > best)
				best = gap_end - pos;
			if (found == UINT64_MAX && size && gap_end - pos >= size)
				found = pos;
		}
		if (!next)
			break;
		pos = next->start - region->start + next->size;
	}
	if (max_extent)
		*max_extent = best;
	if (available)
		*available = avail;
	return found;
}

/*
 * nd_region_available_dpa / nd_pmem_available_dpa: the mapping's DPA less
 * what "pmem" DPA resources (labels) claim; a label-less region has none,
 * so all of it is available (libndctl still reports 0 for such a region:
 * its nstype is IO, ndctl.c).
 */
uint64_t nd_region_available_size(struct nd_region *region)
{
	uint64_t avail = 0;

	if (!region->dimm->desc.media->labels_initialized)
		return region->size;
	region_first_fit(region, 0, NULL, &avail);
	return avail;
}

uint64_t nd_region_max_extent(struct nd_region *region)
{
	uint64_t best = 0;

	if (!region->dimm->desc.media->labels_initialized)
		return 0;
	region_first_fit(region, 0, &best, NULL);
	return best;
}

/*
 * Gives ns (size 0) size bytes at the region's first free DPA, a new uuid
 * and a label: 0, -EINVAL, -ENOSPC.  Nothing changes on failure.
 */
static int ns_place(struct hm_system *sys, struct nd_namespace *ns, uint64_t size)
{
	struct nd_region *region = ns->region;
	struct nvdimm_media *m = region->dimm->desc.media;
	unsigned int i, slot = ND_MAX_LABELS;
	uint64_t off;

	if (!size || !IS_ALIGNED(size, ND_REGION_ALIGN))
		return -EINVAL;
	off = region_first_fit(region, size, NULL, NULL);
	if (off == UINT64_MAX)
		return -ENOSPC;
	for (i = 0; i < m->nslot && i < ND_MAX_LABELS; i++)
		if (!m->labels[i].used) {
			slot = i;
			break;
		}
	if (slot == ND_MAX_LABELS)
		return -ENOSPC;
	ns->start = region->start + off;
	ns->size = size;
	nd_uuid_generate(sys, ns->uuid);
	m->labels[slot].used = true;
	memcpy(m->labels[slot].uuid, ns->uuid, 16);
	m->labels[slot].dpa = off;
	m->labels[slot].rawsize = size;
	m->labels[slot].id = ns->id;
	label_index_update(region);
	ns->mode = ND_MODE_RAW;
	ns->claim_id = -1;
	memset(&ns->ib, 0, sizeof(ns->ib));
	return 0;
}

int nd_namespace_create(struct hm_system *sys, struct nd_region *region, uint64_t size,
			struct nd_namespace **out)
{
	struct nd_namespace *seed = region_seed(region), *next;
	int ret;

	if (!region->enabled || !seed)
		return -ENXIO;
	next = ns_alloc(sys, region, region->next_ns_id, 0, 0);	/* the next seed */
	if (!next)
		return -ENOMEM;
	ret = ns_place(sys, seed, size);
	if (ret) {
		ns_unlink_free(sys, next);
		region->next_ns_id--;
		return ret;
	}
	*out = seed;
	return 0;
}

int nd_namespace_reconfigure(struct hm_system *sys, struct nd_namespace *ns, uint64_t size)
{
	struct nvdimm_media *m = ns->region->dimm->desc.media;
	uint64_t old_start = ns->start, old_size = ns->size;
	struct nd_label saved;
	unsigned int i, at = ND_MAX_LABELS;
	int ret;

	if (ns->enabled)
		return -EBUSY;
	if (ns->io || !ns->size)
		return -EOPNOTSUPP;
	nd_namespace_set_mode(sys, ns, ND_MODE_RAW, ND_MAP_DEV, 0);
	for (i = 0; i < ND_MAX_LABELS; i++)
		if (m->labels[i].used && !memcmp(m->labels[i].uuid, ns->uuid, 16)) {
			saved = m->labels[i];
			at = i;
			memset(&m->labels[i], 0, sizeof(m->labels[i]));
		}
	ns->size = 0;
	ret = ns_place(sys, ns, size);
	if (ret) {
		/* put the label back where it was */
		ns->start = old_start;
		ns->size = old_size;
		if (at < ND_MAX_LABELS)
			m->labels[at] = saved;
	}
	return ret;
}

/* A seed's configuration naming ns, or NULL (__nd_attach_ndns's ndns->claim). */
static struct nd_seed_cfg *ns_seed_claim(struct nd_namespace *ns)
{
	struct nd_region *r = ns->region;

	if (r->pfn_cfg.has_ns && r->pfn_cfg.ns_id == ns->id)
		return &r->pfn_cfg;
	if (r->dax_cfg.has_ns && r->dax_cfg.ns_id == ns->id)
		return &r->dax_cfg;
	return NULL;
}

/*
 * A namespace's labels deleted (nd_pmem_namespace_label_update with size 0):
 * back to raw mode, its labels gone from the label area, its seed's claim
 * released.  -EOPNOTSUPP for a label-less (io) namespace.
 */
static int ns_labels_delete(struct hm_system *sys, struct nd_namespace *ns)
{
	struct nvdimm_media *m = ns->region->dimm->desc.media;
	struct nd_seed_cfg *cfg = ns_seed_claim(ns);
	unsigned int i;

	if (ns->io)
		return -EOPNOTSUPP;
	nd_namespace_set_mode(sys, ns, ND_MODE_RAW, ND_MAP_DEV, 0);
	for (i = 0; i < ND_MAX_LABELS; i++)
		if (m->labels[i].used && !memcmp(m->labels[i].uuid, ns->uuid, 16))
			memset(&m->labels[i], 0, sizeof(m->labels[i]));
	label_index_update(ns->region);
	if (cfg)
		cfg->has_ns = false;
	return 0;
}

int nd_namespace_delete(struct hm_system *sys, struct nd_namespace *ns)
{
	int ret;

	if (ns->enabled)
		return -EBUSY;
	ret = ns_labels_delete(sys, ns);
	if (!ret)
		ns_unlink_free(sys, ns);
	return ret;
}

/* ------------------------------------------------------------ sysfs stores */

/* uuid_store's parse (nd_uuid_parse): 36 characters, dashes at 8 13 18 23, one newline. */
static int uuid_parse(const char *buf, uint8_t out[16])
{
	size_t n = strlen(buf);
	unsigned int i, j = 0;

	if (n && buf[n - 1] == '\n')
		n--;
	if (n != 36)
		return -EINVAL;
	for (i = 0; i < 36; i++) {
		char c = buf[i];
		int v;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return -EINVAL;
			continue;
		}
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -EINVAL;
		if (j % 2 == 0)
			out[j / 2] = (uint8_t)(v << 4);
		else
			out[j / 2] |= (uint8_t)v;
		j++;
	}
	return 0;
}

/* The written word without its trailing newline (sysfs_strim's for these stores). */
static void strim(const char *buf, char *out, size_t size)
{
	size_t n = strlen(buf);

	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, buf, n);
	out[n] = 0;
}

/*
 * Gives the namespace's label the uuid (namespace_update_uuid), written as
 * a new label update, or into the update just made (size_store's).
 */
static void ns_label_uuid(struct nd_namespace *ns, const uint8_t uuid[16], bool update)
{
	struct nvdimm_media *m = ns->region->dimm->desc.media;
	unsigned int i;

	for (i = 0; i < ND_MAX_LABELS; i++)
		if (m->labels[i].used && !memcmp(m->labels[i].uuid, ns->uuid, 16))
			memcpy(m->labels[i].uuid, uuid, 16);
	memcpy(ns->uuid, uuid, 16);
	if (ns->size && update)
		label_index_update(ns->region);
	else if (ns->size)
		nvdimm_label_sync(m, nd_region_set_cookie(ns->region), false);
}

/*
 * size_store of 0: the label deleted and the uuid forgotten; the device is
 * unregistered, but for namespace<R>.0, which stays idle with size 0 until
 * the region is disabled (__size_store: "val == 0 && id != 0 && ns_seed !=
 * dev"; libndctl's region_get_namespace then prefers it to the seed).
 */
static int ns_size_clear(struct hm_system *sys, struct nd_namespace *ns)
{
	int ret = ns_labels_delete(sys, ns);

	if (ret)
		return ret;
	if (ns->id) {
		ns_unlink_free(sys, ns);
		return 0;
	}
	ns->start = 0;
	ns->size = 0;
	memset(ns->uuid, 0, sizeof(ns->uuid));
	ns->uuid_set = false;
	return 0;
}

static int ns_size_store(struct hm_system *sys, struct nd_namespace *ns, const char *buf)
{
	unsigned long long val;
	struct nd_namespace *made;
	uint8_t uuid[16];
	int ret;

	if (kstrtoull(buf, &val))
		return -EINVAL;
	if (val == ns->size)
		return 0;
	if (val && !ns->size && !ns->uuid_set)
		return -ENXIO;			/* uuid_not_set: "needs a uuid" */
	if (val % ND_REGION_ALIGN)
		return -EINVAL;			/* not a multiple of the region's align */
	if (!val)
		return ns_size_clear(sys, ns);
	memcpy(uuid, ns->uuid, 16);
	if (region_seed(ns->region) == ns) {
		/* the seed: its first allocation and label (the next seed made with it) */
		ret = nd_namespace_create(sys, ns->region, val, &made);
	} else if (!ns->size) {
		/* an idle namespace (destroyed) allocated again: no new seed */
		ret = ns_place(sys, ns, val);
	} else {
		ret = nd_namespace_reconfigure(sys, ns, val);
	}
	if (ret)
		return ret;
	ns->uuid_set = false;
	ns_label_uuid(ns, uuid, false);
	return 0;
}

int nd_namespace_store(struct hm_system *sys, struct nd_namespace *ns, const char *attr,
		       const char *buf)
{
	static const char *const classes[] = { "", "btt", "btt2", "pfn", "dax" };
	bool busy = ns->enabled || ns->claim_id >= 0 || ns_seed_claim(ns);
	char word[80];
	uint8_t uuid[16];
	bool b;
	unsigned int i;

	if (!strcmp(attr, "force_raw")) {
		if (kstrtobool(buf, &b))
			return -EINVAL;
		ns->force_raw = b;
		return 0;
	}
	if (!strcmp(attr, "alt_name")) {
		strim(buf, word, sizeof(word));
		if (strlen(word) >= sizeof(ns->alt_name))
			return -EINVAL;
		if (ns->enabled)
			return -EBUSY;
		memcpy(ns->alt_name, word, strlen(word) + 1);	/* its length checked above */
		return 0;
	}
	if (busy)
		return -EBUSY;			/* dev->driver || ndns->claim */
	if (!strcmp(attr, "holder_class")) {
		strim(buf, word, sizeof(word));
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (!strcmp(word, classes[i])) {
				ns->claim_class = (enum nd_cclass)i;
				return 0;
			}
		return -EINVAL;
	}
	if (!strcmp(attr, "uuid")) {
		if (uuid_parse(buf, uuid))
			return -EINVAL;
		if (ns->size) {
			ns_label_uuid(ns, uuid, true);
		} else {
			memcpy(ns->uuid, uuid, 16);
			ns->uuid_set = true;
		}
		return 0;
	}
	if (!strcmp(attr, "size"))
		return ns_size_store(sys, ns, buf);
	if (!strcmp(attr, "sector_size")) {
		strim(buf, word, sizeof(word));
		return !strcmp(word, "512") || !strcmp(word, "4096") ? 0 : -EINVAL;
	}
	return -EINVAL;
}

int nd_seed_store(struct hm_system *sys, struct nd_region *region, enum nd_mode mode, int id,
		  const char *attr, const char *buf)
{
	struct nd_seed_cfg *cfg = mode == ND_MODE_FSDAX ? &region->pfn_cfg : &region->dax_cfg;
	int seed = mode == ND_MODE_FSDAX ? region->pfn_seed : region->dax_seed;
	struct nd_namespace *ns = nd_claim_namespace(region, mode, id);
	unsigned long long v;
	char word[64];
	uint8_t uuid[16];

	if (id != seed) {
		/* a claiming device: bound, busy; unbound, namespace "" lets go of it */
		if (!ns || ns->enabled)
			return -EBUSY;
		if (strcmp(attr, "namespace"))
			return 0;
		strim(buf, word, sizeof(word));
		if (word[0])
			return -EBUSY;		/* "namespace already set" */
		/* nd_detach_and_reset: the idle device is unregistered */
		ns->claim_id = -1;
		ns->mode = ND_MODE_RAW;
		memset(&ns->ib, 0, sizeof(ns->ib));
		return 0;
	}
	if (!strcmp(attr, "uuid")) {
		if (uuid_parse(buf, uuid))
			return -EINVAL;
		memcpy(cfg->uuid, uuid, 16);
		cfg->uuid_set = true;
		return 0;
	}
	strim(buf, word, sizeof(word));
	if (!strcmp(attr, "mode")) {
		if (!strcmp(word, "pmem"))
			cfg->map = ND_MAP_DEV;
		else if (!strcmp(word, "ram"))
			cfg->map = ND_MAP_MEM;
		else
			return -EINVAL;
		return 0;
	}
	if (!strcmp(attr, "align")) {
		if (kstrtoull(word, &v) || !align_supported((unsigned long)v))
			return -EINVAL;
		cfg->align = (unsigned long)v;
		return 0;
	}
	if (strcmp(attr, "namespace"))
		return -EINVAL;
	if (!word[0]) {
		cfg->has_ns = false;
		return 0;
	}
	if (strncmp(word, "namespace", 9))
		return -EINVAL;
	if (cfg->has_ns)
		return -EBUSY;
	ns = nd_namespace_find(sys, word);
	if (!ns || ns->region != region)
		return -ENODEV;
	if (ns->claim_class != ND_CCLASS_NONE &&
	    ns->claim_class != (mode == ND_MODE_FSDAX ? ND_CCLASS_PFN : ND_CCLASS_DAX))
		return -EBUSY;
	if (ns->size < (16UL << 20))
		return -ENXIO;			/* "too small to host" */
	if (ns->claim_id >= 0 || ns_seed_claim(ns))
		return -EBUSY;			/* "already claimed" */
	cfg->has_ns = true;
	cfg->ns_id = ns->id;
	return 0;
}

int nd_seed_bind(struct hm_system *sys, struct nd_region *region, enum nd_mode mode)
{
	struct nd_seed_cfg *cfg = mode == ND_MODE_FSDAX ? &region->pfn_cfg : &region->dax_cfg;
	struct nd_seed_cfg saved = *cfg;
	struct nd_info_block *ib;
	struct nd_namespace *ns;
	int ret;

	if (!cfg->has_ns)
		return -ENODEV;			/* nvdimm_namespace_common_probe: no ndns */
	for (ns = region->namespaces; ns && ns->id != cfg->ns_id; ns = ns->next)
		;
	if (!ns)
		return -ENODEV;
	if (ns->enabled)
		return -EBUSY;			/* "is active, can't bind" */
	ib = media_ib(ns, false);
	if (ib && ib->valid) {
		/* nd_pfn_validate: the block found must be of this kind (and uuid) */
		if (ib->mode != mode || (cfg->uuid_set && memcmp(cfg->uuid, ib->uuid, 16)))
			return -ENODEV;
		ns->ib = *ib;
		ns->mode = mode;
		claim_seed(ns);
	} else {
		/* nd_pfn_init: an info block from the seed's configuration */
		if (cfg->map < 0)
			return -ENXIO;
		ret = nd_namespace_set_mode(sys, ns, mode, (enum nd_map)cfg->map,
					    saved.align ? saved.align : SZ_2M);
		if (ret)
			return ret;
		if (saved.uuid_set) {
			memcpy(ns->ib.uuid, saved.uuid, 16);
			ib = media_ib(ns, false);
			if (ib)
				memcpy(ib->uuid, saved.uuid, 16);
		}
	}
	ret = nd_namespace_enable(sys, ns);
	if (ret)
		pr_err(sys, "%s%d.%d: probe failed: %d", mode == ND_MODE_FSDAX ? "pfn" : "dax",
		       region->id, ns->claim_id, ret);
	return ret;
}

void nd_namespace_probe_info(struct nd_namespace *ns)
{
	if (ns->claim_id < 0 && !ns->force_raw)
		ns_read_info_block(ns);
}

/* ------------------------------------------------------------ the pmem disks */

/* pmem's disk name (nvdimm_namespace_disk_name): pmemR, pmemR.N */
void nd_disk_name(const struct nd_namespace *ns, char *buf, size_t size)
{
	if (ns->io || !ns->id)
		snprintf(buf, size, "pmem%d", ns->region->id);
	else
		snprintf(buf, size, "pmem%d.%d", ns->region->id, ns->id);
}

struct nd_namespace *nd_disk_find(struct hm_system *sys, const char *name)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	struct nd_namespace *ns;
	char disk[32];
	unsigned int i;

	for (i = 0; bus && i < bus->nr_dimms; i++)
		for (ns = bus->regions[i]->namespaces; ns; ns = ns->next) {
			if (!ns->enabled || ns->disk_minor < 0)
				continue;
			nd_disk_name(ns, disk, sizeof(disk));
			if (!strcmp(disk, name))
				return ns;
		}
	return NULL;
}

/* the disk's capacity: the namespace (raw) or the pfn device's data (fsdax) */
uint64_t nd_disk_size(const struct nd_namespace *ns)
{
	return nd_namespace_data_size(ns);
}

/*
 * The info block's first bytes as nd_pfn_sb starts (its signature), at
 * SZ_4K of a raw disk; everything else reads as zeroes.
 */
#define ND_IB_OFFSET	SZ_4K
#define ND_IB_SIG_LEN	16

static void ib_signature(const struct nd_info_block *ib, uint8_t sig[ND_IB_SIG_LEN])
{
	memset(sig, 0, ND_IB_SIG_LEN);
	memcpy(sig, ib->mode == ND_MODE_DEVDAX ? "NVDIMM_DAX_INFO" : "NVDIMM_PFN_INFO", 15);
}

long nd_disk_rw(struct hm_system *sys, struct nd_namespace *ns, bool write, void *buf,
		size_t len, uint64_t off)
{
	uint64_t size = nd_disk_size(ns), lo, hi;
	struct nd_info_block *ib;
	uint8_t sig[ND_IB_SIG_LEN];

	if (!ns->enabled)
		return -ENXIO;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	/* only a raw disk starts at the namespace, where the info block is */
	ib = ns->mode == ND_MODE_RAW ? media_ib(ns, false) : NULL;
	if (!ib || !ib->valid) {
		if (!write)
			memset(buf, 0, len);
		return (long)len;
	}
	ib_signature(ib, sig);
	lo = off > ND_IB_OFFSET ? off : ND_IB_OFFSET;
	hi = off + len < ND_IB_OFFSET + ND_IB_SIG_LEN ? off + len : ND_IB_OFFSET + ND_IB_SIG_LEN;
	if (!write) {
		memset(buf, 0, len);
		if (lo < hi)
			memcpy((uint8_t *)buf + (lo - off), sig + (lo - ND_IB_OFFSET), hi - lo);
		return (long)len;
	}
	/* a write over the signature that does not repeat it: the block is gone */
	if (lo < hi && memcmp((uint8_t *)buf + (lo - off), sig + (lo - ND_IB_OFFSET), hi - lo))
		memset(ib, 0, sizeof(*ib));
	return (long)len;
}

/*
 * The interleave-set cookie (nd_fletcher64 over the sorted nfit_set_info
 * maps): v1.1 labels use {region_offset, serial}, otherwise the v1.2
 * {region_offset, serial, vendor, date, location, reserved} form.
 */
uint64_t nd_region_set_cookie(struct nd_region *region)
{
	uint32_t w[12] = { 0 }, lo = 0;
	uint64_t hi = 0;
	unsigned int i, n;

	w[2] = region->dimm->desc.serial;
	/* nd_region_interleave_set_cookie: the v1.1 cookie for a v1.1 index only */
	if (region->dimm->desc.media->labels_initialized &&
	    region->dimm->desc.media->label_minor < 2) {
		n = 4;
	} else {
		w[3] = region->dimm->desc.vendor_id;
		n = 12;
	}
	for (i = 0; i < n; i++) {
		lo += w[i];
		hi += lo;
	}
	return hi << 32 | lo;
}

/* ------------------------------------------------------------ nfit */

int acpi_nfit_add_nvdimm(struct hm_system *sys, const struct nvdimm_desc *desc)
{
	struct hm_nvdimm_bus *bus = bus_get(sys);
	struct nvdimm *dimm;
	struct nd_region *region;
	int ret, node = desc->node;

	if (!bus)
		return -ENOMEM;
	if (bus->nr_dimms == ND_MAX_DIMMS)
		return -ENOSPC;
	if (node < 0 || node >= MAX_NUMNODES)
		node = 0;
	dimm = hm_kzalloc(&sys->alloc, sizeof(*dimm));
	region = hm_kzalloc(&sys->alloc, sizeof(*region));
	if (!dimm || !region) {
		ret = -ENOMEM;
		goto out_free;
	}
	dimm->id = (int)bus->nr_dimms;
	dimm->desc = *desc;
	/* acpi_nfit_insert_resource: "Persistent Memory", not busy */
	dimm->res = resource_alloc(&sys->alloc, desc->spa_base, desc->spa_base + desc->spa_size - 1,
				   "Persistent Memory", IORESOURCE_MEM,
				   IORES_DESC_PERSISTENT_MEMORY);
	if (!dimm->res) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = insert_resource(&sys->iomem_resource, dimm->res);
	if (ret) {
		resource_free(&sys->alloc, dimm->res);
		goto out_free;
	}
	region->id = dimm->id;
	region->dimm = dimm;
	region->start = desc->spa_base;
	region->size = desc->spa_size;
	/*
	 * acpi_nfit_register_region, QEMU's SPA having a valid proximity
	 * domain: the region's device lives on pxm_to_online_node (the nearest
	 * online node), its memory on pxm_to_node, which may be a node with
	 * no CPU and no RAM, met first in the SRAT's NVDIMM entries (srat.c).
	 */
	region->numa_node = numa_map_to_online_node(sys, node);
	region->target_node = node;
	region->btt_seed = region->pfn_seed = region->dax_seed = -1;
	bus->dimms[bus->nr_dimms] = dimm;
	bus->regions[bus->nr_dimms] = region;
	bus->nr_dimms++;
	return nd_region_enable(sys, region);

out_free:
	hm_kfree(&sys->alloc, dimm);
	hm_kfree(&sys->alloc, region);
	return ret;
}

void nvdimm_bus_destroy(struct hm_system *sys)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned int i;

	if (!bus)
		return;
	for (i = 0; i < bus->nr_dimms; i++) {
		struct nd_region *region = bus->regions[i];
		struct nd_namespace *ns;

		for (ns = region->namespaces; ns; ns = ns->next)
			if (ns->dax && ns->dax->driver == DAX_DRV_KMEM)
				ns->dax->driver = DAX_DRV_NONE;	/* the memory stays: no unbind */
		nd_region_disable(sys, region);
		release_region(&sys->alloc, bus->dimms[i]->res);
		hm_kfree(&sys->alloc, region);
		hm_kfree(&sys->alloc, bus->dimms[i]);
	}
	hm_kfree(&sys->alloc, bus);
	sys->nd_bus = NULL;
}

unsigned long nvdimm_check(struct hm_system *sys, struct hm_report *r)
{
	struct hm_nvdimm_bus *bus = sys->nd_bus;
	unsigned long before = r->nr_violations;
	unsigned int i;
	char obj[48];

	if (!bus)
		return 0;
	for (i = 0; i < bus->nr_dimms; i++) {
		struct nd_region *region = bus->regions[i];
		struct nd_namespace *ns;

		snprintf(obj, sizeof(obj), "nmem%d", bus->dimms[i]->id);
		if (bus->dimms[i]->desc.media && !nvdimm_label_consistent(bus->dimms[i]->desc.media))
			hm_report_add(r, obj, "label area bytes disagree with the labels held");

		for (ns = region->namespaces; ns; ns = ns->next) {
			struct dax_dev *dax = ns->dax;

			snprintf(obj, sizeof(obj), "namespace%d.%d", region->id, ns->id);
			if (ns->size && (ns->start < region->start ||
					 ns->start + ns->size > region->start + region->size))
				hm_report_add(r, obj, "outside its region");
			if (ns->enabled != !!ns->res)
				hm_report_add(r, obj, "enabled %d but resource %p", ns->enabled,
					      (void *)ns->res);
			if (ns->enabled && ns->mode == ND_MODE_FSDAX && !ns->pgmap.live)
				hm_report_add(r, obj, "fsdax without a live pgmap");
			if (!dax)
				continue;
			if (dax->start < ns->start + ns->ib.dataoff || dax->end > ns->pgmap.end)
				hm_report_add(r, obj, "dax range outside the namespace data");
			if ((dax->driver == DAX_DRV_DEVICE) != ns->pgmap.live)
				hm_report_add(r, obj, "device_dax bound %d, pgmap live %d",
					      dax->driver == DAX_DRV_DEVICE, ns->pgmap.live);
			if (dax->driver == DAX_DRV_KMEM &&
			    (dax->kmem_start < dax->start ||
			     dax->kmem_start + dax->kmem_size - 1 > dax->end ||
			     !IS_ALIGNED(dax->kmem_start | dax->kmem_size,
					 memory_block_size_bytes(sys))))
				hm_report_add(r, obj, "kmem range [%#llx+%#llx] not block-aligned "
					      "inside the dax range",
					      (unsigned long long)dax->kmem_start,
					      (unsigned long long)dax->kmem_size);
		}
	}
	return r->nr_violations - before;
}
