// SPDX-License-Identifier: GPL-2.0
/*
 * nvdimm.c - QEMU's NVDIMM device (mirrors hw/mem/nvdimm.c and the NFIT of
 * hw/acpi/nvdimm.c) on the pc machine with -machine pc,nvdimm=on.
 *
 * An nvdimm is a pc-dimm: it takes a slot and is placed first-fit in the
 * device-memory region, but what it maps is the memory backend less the
 * label area at its end, aligned down to the backend's 2 MiB alignment
 * (a 1 GiB + 2 MiB backend with label-size=128K maps 1 GiB).  The guest
 * finds it in the NFIT: one SPA range (the mapped memory, proximity domain
 * = the node property), a memory-device-to-SPA map, a control region with
 * vendor 0x8086 and serial number 0x123456 + slot, and the _LSI/_LSR/_LSW
 * label methods over the label-size bytes.  The label area starts zeroed
 * (no valid index: the guest sees a label-less namespace); hotmem keeps
 * its content as the labels it holds rather than as bytes.
 * Cold-plugged only: hot-unplug is refused as QEMU refuses it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/nvdimm.h"
#include "hotmem/test_hmm.h"
#include "machine_internal.h"

#define NVDIMM_ALIGN		(2ULL << 20)	/* memory_region_get_alignment of a RAM backend */
#define MIN_NAMESPACE_LABEL_SIZE	(128ULL << 10)

int nvdimm_prepare_memory_region(struct hm_machine *m, uint64_t memdev_size,
				 uint64_t label_size, const char *memdev_id, uint64_t *pmem_size,
				 char *desc, size_t desc_len)
{
	uint64_t size;

	(void)m;
	if (label_size && label_size < MIN_NAMESPACE_LABEL_SIZE) {
		snprintf(desc, desc_len, "Property 'nvdimm.label-size' must be at least 0x%llx",
			 (unsigned long long)MIN_NAMESPACE_LABEL_SIZE);
		return -1;
	}
	size = memdev_size > label_size ? ALIGN_DOWN(memdev_size - label_size, NVDIMM_ALIGN) : 0;
	if (memdev_size <= label_size || !size) {
		snprintf(desc, desc_len, "the size of memdev %s (0x%llx) is too small to contain "
			 "nvdimm label (0x%llx) and aligned PMEM (0x%llx)", memdev_id,
			 (unsigned long long)memdev_size, (unsigned long long)label_size,
			 (unsigned long long)NVDIMM_ALIGN);
		return -1;
	}
	*pmem_size = size;
	return 0;
}

int nvdimm_realize(struct hm_machine *m, struct hm_dimm *dimm, uint64_t label_size)
{
	struct nvdimm_media *media = hm_kzalloc(machine_alloc(m), sizeof(*media));

	if (!media)
		return -ENOMEM;
	media->label_size = label_size;
	/* the label storage, zeroed as a fresh backend's (QEMU keeps it in the memdev) */
	if (label_size) {
		media->label_data = hm_kzalloc(machine_alloc(m), label_size);
		if (!media->label_data) {
			hm_kfree(machine_alloc(m), media);
			return -ENOMEM;
		}
	}
	/*
	 * Label slots: two index blocks, then 256-byte labels (v1.1 128-byte
	 * ones double this); hotmem holds up to ND_MAX_LABELS of them.
	 */
	media->nslot = label_size ? (unsigned int)((label_size - 2 * 4096) / 256) : 0;
	if (media->nslot > ND_MAX_LABELS)
		media->nslot = ND_MAX_LABELS;
	dimm->media = media;
	return 0;
}

void nvdimm_free(struct hm_machine *m, struct hm_dimm *dimm)
{
	if (dimm->media)
		hm_kfree(machine_alloc(m), dimm->media->label_data);
	hm_kfree(machine_alloc(m), dimm->media);
	dimm->media = NULL;
}

int nvdimm_guest_probe(struct hm_machine *m, struct hm_dimm *dimm)
{
	struct nvdimm_desc desc = {
		.spa_base = dimm->addr,
		.spa_size = dimm->size,
		/* the NFIT's proximity domain: acpi_nfit_register_region's pxm_to_node */
		.node = hotplug_memory_nid(m->sys, dimm->node, dimm->addr),
		.handle = (uint32_t)dimm->slot + 1,	/* nvdimm_slot_to_handle */
		.serial = 0x123456 + (uint32_t)dimm->slot,
		.vendor_id = 0x8086,
		.media = dimm->media,
	};
	int ret;

	ret = acpi_nfit_add_nvdimm(m->sys, &desc);
	dimm->guest = ret ? DIMM_GUEST_FAILED : DIMM_GUEST_ADDED;
	return ret;
}

/* ------------------------------------------------------------ hmm-dmirror */

int hmm_dmirror_cold_add(struct hm_machine *m, const char *arg, struct hm_buf *err)
{
	char *copy = hm_kstrdup(machine_alloc(m), arg), *save = NULL, *tok;
	struct hm_dmirror *d = hm_kzalloc(machine_alloc(m), sizeof(*d)), **pp;
	int ret = 0;

	if (!copy || !d) {
		hm_kfree(machine_alloc(m), copy);
		hm_kfree(machine_alloc(m), d);
		return -ENOMEM;
	}
	strtok_r(copy, ",", &save);	/* the driver */
	while (!ret && (tok = strtok_r(NULL, ",", &save))) {
		char *v = strchr(tok, '=');

		if (!v) {
			ret = -EINVAL;
			break;
		}
		*v++ = '\0';
		if (!strcmp(tok, "id") && !d->id)
			ret = (d->id = hm_kstrdup(machine_alloc(m), v)) ? 0 : -ENOMEM;
		else if (!strcmp(tok, "size"))
			ret = qemu_parse_size(v, 1, &d->size);
		else if (!strcmp(tok, "node"))
			d->node = (int)strtol(v, NULL, 0);
		else
			ret = -EINVAL;
	}
	if (!ret && (!d->size || d->size % DEVMEM_CHUNK_SIZE)) {
		hm_buf_printf(err, "-device %s: size must be a non-zero multiple of 256M", arg);
		ret = -EINVAL;
	} else if (!ret && (d->node < 0 || (m->nr_numa ? d->node >= (int)m->nr_numa : d->node))) {
		hm_buf_printf(err, "-device %s: node %d does not exist", arg, d->node);
		ret = -EINVAL;
	} else if (ret == -EINVAL) {
		hm_buf_printf(err, "-device %s: invalid property", arg);
	}
	hm_kfree(machine_alloc(m), copy);
	if (ret) {
		hm_kfree(machine_alloc(m), d->id);
		hm_kfree(machine_alloc(m), d);
		return ret;
	}
	for (pp = &m->dmirrors; *pp; pp = &(*pp)->next)
		;
	*pp = d;
	return 0;
}

int hmm_dmirror_guest_step(struct hm_machine *m, int *err)
{
	struct hm_dmirror *d;

	for (d = m->dmirrors; d; d = d->next) {
		if (d->probed)
			continue;
		d->probed = true;
		*err = dmirror_device_add(m->sys, d->size, d->node, &d->guest);
		return 1;
	}
	return 0;
}

int hmm_dmirror_del(struct hm_machine *m, const char *id)
{
	struct hm_dmirror **pp, *d;

	for (pp = &m->dmirrors; (d = *pp); pp = &d->next) {
		if (!d->id || strcmp(d->id, id))
			continue;
		if (d->guest)
			dmirror_device_remove(m->sys, d->guest);
		*pp = d->next;
		hm_kfree(machine_alloc(m), d->id);
		hm_kfree(machine_alloc(m), d);
		return 1;
	}
	return 0;
}

void hmm_dmirrors_free(struct hm_machine *m)
{
	struct hm_dmirror *d;

	while ((d = m->dmirrors)) {
		m->dmirrors = d->next;
		hm_kfree(machine_alloc(m), d->id);
		hm_kfree(machine_alloc(m), d);
	}
}
