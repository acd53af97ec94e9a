// SPDX-License-Identifier: GPL-2.0
/*
 * nd_ioctl.c - the ND_IOCTL commands of /dev/ndctlN and /dev/nmemN
 * (drivers/nvdimm/bus.c: nd_ioctl, __nd_ioctl, nd_cmd_in_size,
 * nd_cmd_out_size, nd_cmd_clear_to_send), answered as the ACPI NFIT
 * driver (drivers/acpi/nfit/core.c: acpi_nfit_ctl) and QEMU 7.2's NVDIMM
 * DSMs (hw/acpi/nvdimm.c) answer them.
 *
 * What QEMU offers decides the command masks:
 *  - the root device's DSM implements function 0 only, so the bus has
 *    ND_CMD_CALL alone (acpi_nfit_init_dsms always sets it) and every bus
 *    function is refused by acpi_nfit_ctl (-ENOTTY);
 *  - an NVDIMM with a label area implements the Intel functions 4, 5 and 6:
 *    ND_CMD_GET_CONFIG_SIZE, ND_CMD_GET_CONFIG_DATA, ND_CMD_SET_CONFIG_DATA;
 *    one without (label-size=0) none of them.
 * The command number is the ioctl's _IOC_NR, as the kernel takes it; a
 * command outside the mask is -ENOTTY, a write command on a descriptor
 * opened read-only -EPERM, a label write while a region of the DIMM is
 * enabled -EBUSY.  QEMU checks a label transfer (nvdimm_rw_label_data_check)
 * and answers status 3 (invalid input) for one past the area or longer than
 * max_xfer; the ioctl itself then succeeds, the status is in the buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

/* include/uapi/linux/ndctl.h */
enum {
	/* the bus's */
	ND_CMD_ARS_START = 2, ND_CMD_CLEAR_ERROR = 4,
	/* a DIMM's */
	ND_CMD_GET_CONFIG_SIZE = 4,
	ND_CMD_GET_CONFIG_DATA = 5, ND_CMD_SET_CONFIG_DATA = 6, ND_CMD_VENDOR = 9,
	ND_CMD_CALL = 10,
	ND_CMD_PKG_HDR = 64,		/* sizeof(struct nd_cmd_pkg) */
};
#define ND_IOCTL_TYPE 'N'
#define ND_IOCTL_MAX_BUFLEN (4u << 20)	/* bus.c */

/*
 * QEMU's max_xfer (nvdimm_get_max_xfer_label_size): the 4096-byte DSM page
 * less what frames a label write: NvdimmMthdIn's header (8), NvdimmDsmIn's
 * up to arg3 (8) and NvdimmFuncSetLabelDataIn (8); reads could move 4088.
 */
#define QEMU_LABEL_MAX_XFER (4096u - 8 - 8 - 8)
#define DSM_STATUS_INVALID 3	/* NVDIMM_DSM_RET_STATUS_INVALID */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* "ndctlN" (the bus; hotmem has bus 0 only) or "nmemN": the DIMM, or NULL for the bus. */
static int nd_target(struct hm_system *sys, const char *dev, struct nvdimm **dimm)
{
	*dimm = NULL;
	if (!strcmp(dev, "ndctl0"))
		return sys->nd_bus && sys->nd_bus->nr_dimms ? 0 : -ENXIO;
	if (strncmp(dev, "nmem", 4))
		return -ENXIO;
	*dimm = nvdimm_find(sys, dev);
	return *dimm ? 0 : -ENXIO;
}

static bool dimm_has_cmd(const struct nvdimm *dimm, unsigned int cmd)
{
	if (!dimm->desc.media || !dimm->desc.media->label_size)
		return false;
	return cmd == ND_CMD_GET_CONFIG_SIZE || cmd == ND_CMD_GET_CONFIG_DATA ||
	       cmd == ND_CMD_SET_CONFIG_DATA;
}

long nd_ioctl_arg_size(struct hm_system *sys, const char *dev, unsigned long ioctl_cmd,
		       const void *arg, size_t have)
{
	unsigned int cmd = (unsigned int)(ioctl_cmd & 0xff);
	const uint8_t *p = arg;
	struct nvdimm *dimm;
	uint64_t total;
	int ret;

	if (((ioctl_cmd >> 8) & 0xff) != ND_IOCTL_TYPE)
		return -ENOTTY;
	ret = nd_target(sys, dev, &dimm);
	if (ret)
		return ret;
	if (!dimm) {
		if (cmd != ND_CMD_CALL)
			return -ENOTTY;
		if (have < ND_CMD_PKG_HDR)
			return ND_CMD_PKG_HDR;
		/* nd_cmd_pkg: nd_size_in at 16, nd_size_out at 20 */
		total = (uint64_t)ND_CMD_PKG_HDR + get32(p + 16) + get32(p + 20);
	} else {
		if (!dimm_has_cmd(dimm, cmd))
			return -ENOTTY;
		switch (cmd) {
		case ND_CMD_GET_CONFIG_SIZE:	/* out: status, config_size, max_xfer */
			return 12;
		case ND_CMD_GET_CONFIG_DATA:	/* in: offset, length; out: status, data */
			if (have < 8)
				return 8;
			total = 12ULL + get32(p + 4);
			break;
		default:			/* in: offset, length, data; out: status */
			if (have < 8)
				return 8;
			total = 12ULL + get32(p + 4);
			break;
		}
	}
	return total > ND_IOCTL_MAX_BUFLEN ? -EINVAL : (long)total;
}

/* A region of the DIMM is enabled: the kernel owns its labels (nvdimm->busy). */
static bool dimm_busy(struct hm_system *sys, const struct nvdimm *dimm)
{
	for (unsigned int i = 0; i < sys->nd_bus->nr_dimms; i++)
		if (sys->nd_bus->regions[i]->dimm == dimm && sys->nd_bus->regions[i]->enabled)
			return true;
	return false;
}

int nd_ioctl(struct hm_system *sys, const char *dev, unsigned long ioctl_cmd, bool read_only,
	     void *arg, size_t size)
{
	unsigned int cmd = (unsigned int)(ioctl_cmd & 0xff);
	long want = nd_ioctl_arg_size(sys, dev, ioctl_cmd, arg, size);
	struct nvdimm_media *m;
	struct nvdimm *dimm;
	uint8_t *p = arg;
	uint32_t off, len;

	if (want < 0)
		return (int)want;
	if ((size_t)want != size)
		return -EFAULT;
	nd_target(sys, dev, &dimm);
	/* __nd_ioctl: write commands fail on a read-only descriptor */
	if (read_only && (cmd == ND_CMD_SET_CONFIG_DATA || cmd == ND_CMD_CALL ||
			  cmd == ND_CMD_VENDOR || (!dimm && (cmd == ND_CMD_ARS_START || cmd == ND_CMD_CLEAR_ERROR))))
		return -EPERM;
	if (!dimm) {
		/* ND_CMD_CALL: reserved fields must be zero, then nfit knows no bus function */
		for (int i = 0; i < 9; i++)
			if (get32(p + 24 + 4 * i))
				return -EINVAL;
		return -ENOTTY;
	}
	m = dimm->desc.media;
	switch (cmd) {
	case ND_CMD_GET_CONFIG_SIZE:
		put32(p, 0);
		put32(p + 4, (uint32_t)m->label_size);
		put32(p + 8, QEMU_LABEL_MAX_XFER);
		return 0;
	case ND_CMD_GET_CONFIG_DATA:
		off = get32(p);
		len = get32(p + 4);
		if (off + len < off || off + len > m->label_size || len > QEMU_LABEL_MAX_XFER) {
			put32(p + 8, DSM_STATUS_INVALID);
			return 0;
		}
		put32(p + 8, 0);
		return nvdimm_label_get(m, off, len, p + 12);
	default:
		off = get32(p);
		len = get32(p + 4);
		/* nd_cmd_clear_to_send: no label writes while the kernel owns them */
		if (dimm_busy(sys, dimm))
			return -EBUSY;
		if (off + len < off || off + len > m->label_size || len > QEMU_LABEL_MAX_XFER) {
			put32(p + 8 + len, DSM_STATUS_INVALID);
			return 0;
		}
		put32(p + 8 + len, 0);
		return nvdimm_label_set(m, off, len, p + 8);
	}
}
