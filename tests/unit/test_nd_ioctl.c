// SPDX-License-Identifier: GPL-2.0
/*
 * test_nd_ioctl.c - the ND_IOCTL commands (src/drivers/nd_ioctl.c) and the
 * label area's bytes (src/drivers/nd_label.c): sizes as the kernel computes
 * them, QEMU's answers, the kernel's refusals, the on-media format written
 * as label.c writes it and read back as nd_label_validate reads it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hm_fixture.h"
#include "hotmem/nvdimm.h"

#define NV_MACHINE "-machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 " \
	"-object memory-backend-ram,id=nvm,size=1075838976 " \
	"-device nvdimm,id=nv0,memdev=nvm,label-size=128K"
#define NV_NOLABEL "-machine pc,nvdimm=on -m 1G,slots=4,maxmem=8G -smp 1 " \
	"-object memory-backend-ram,id=nvm,size=1073741824 " \
	"-device nvdimm,id=nv0,memdev=nvm"

/* _IOWR('N', nr, size) as include/uapi/linux/ndctl.h builds them */
#define ND_IOWR(nr, size) ((3UL << 30) | ((unsigned long)(size) << 16) | ('N' << 8) | (nr))
#define GET_CONFIG_SIZE ND_IOWR(4, 12)
#define GET_CONFIG_DATA ND_IOWR(5, 12)
#define SET_CONFIG_DATA ND_IOWR(6, 8)
#define ND_CALL ND_IOWR(10, 64)

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void boot(struct fx *fx, const char *opts)
{
	fx_machine(fx, opts, NULL);
	assert_int_equal(machine_guest_sync(fx->m), 0);
}

/* Reads len bytes of nmem0's label area at off through the ioctl. */
static void label_read(struct hm_system *sys, uint32_t off, uint32_t len, uint8_t *out)
{
	static uint8_t buf[12 + 4096];

	put32(buf, off);
	put32(buf + 4, len);
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", GET_CONFIG_DATA, buf, 8), 12 + len);
	assert_int_equal(nd_ioctl(sys, "nmem0", GET_CONFIG_DATA, false, buf, 12 + len), 0);
	assert_int_equal(get32(buf + 8), 0);
	memcpy(out, buf + 12, len);
}

static uint64_t fletcher64(const uint8_t *p, size_t len)
{
	uint32_t lo = 0, hi = 0;

	for (size_t i = 0; i < len; i += 4) {
		lo += get32(p + i);
		hi += lo;
	}
	return (uint64_t)hi << 32 | lo;
}

static void config_size_and_sizing(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	uint8_t buf[64] = { 0 };

	boot(fx, NV_MACHINE);
	sys = fx->sys;
	/* get_config_size: no input, 12 bytes out: status, 128 KiB, QEMU's max_xfer */
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", GET_CONFIG_SIZE, buf, 0), 12);
	assert_int_equal(nd_ioctl(sys, "nmem0", GET_CONFIG_SIZE, true, buf, 12), 0);
	assert_int_equal(get32(buf), 0);
	assert_int_equal(get32(buf + 4), 128 << 10);
	assert_int_equal(get32(buf + 8), 4072);
	/* get_config_data: the header first, then header + status + in_length */
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", GET_CONFIG_DATA, buf, 0), 8);
	put32(buf, 0);
	put32(buf + 4, 256);
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", GET_CONFIG_DATA, buf, 8), 12 + 256);
	/* a length past ND_IOCTL_MAX_BUFLEN is refused before anything moves */
	put32(buf + 4, 5u << 20);
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", GET_CONFIG_DATA, buf, 8), -EINVAL);
	/* other commands and devices */
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", ND_IOWR(1, 0x84), buf, 0), -ENOTTY);
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem1", GET_CONFIG_SIZE, buf, 0), -ENXIO);
	assert_int_equal(nd_ioctl_arg_size(sys, "ndctl0", ND_IOWR(1, 16), buf, 0), -ENOTTY);
	assert_int_equal(nd_ioctl_arg_size(sys, "nmem0", 0x5401 /* TCGETS */, buf, 0), -ENOTTY);
	/* the bus: ND_CMD_CALL sized by its package, then refused by nfit */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(nd_ioctl_arg_size(sys, "ndctl0", ND_CALL, buf, 0), 64);
	assert_int_equal(nd_ioctl(sys, "ndctl0", ND_CALL, true, buf, 64), -EPERM);
	assert_int_equal(nd_ioctl(sys, "ndctl0", ND_CALL, false, buf, 64), -ENOTTY);
	put32(buf + 24, 1);	/* nd_reserved2[0] */
	assert_int_equal(nd_ioctl(sys, "ndctl0", ND_CALL, false, buf, 64), -EINVAL);
}

static void no_label_area_no_commands(void **state)
{
	struct fx *fx = *state;
	uint8_t buf[16] = { 0 };

	boot(fx, NV_NOLABEL);
	assert_int_equal(nd_ioctl_arg_size(fx->sys, "nmem0", GET_CONFIG_SIZE, buf, 0), -ENOTTY);
}

static void qemu_checks_and_kernel_refusals(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;
	static uint8_t buf[12 + 8192];
	struct nd_region *region;

	boot(fx, NV_MACHINE);
	sys = fx->sys;
	/* past the area, or more than max_xfer: QEMU's status 3, the ioctl succeeds */
	put32(buf, (128 << 10) - 16);
	put32(buf + 4, 32);
	assert_int_equal(nd_ioctl(sys, "nmem0", GET_CONFIG_DATA, false, buf, 12 + 32), 0);
	assert_int_equal(get32(buf + 8), 3);
	put32(buf, 0);
	put32(buf + 4, 4073);
	assert_int_equal(nd_ioctl(sys, "nmem0", GET_CONFIG_DATA, false, buf, 12 + 4073), 0);
	assert_int_equal(get32(buf + 8), 3);
	/* a label write while the region is enabled: nd_cmd_clear_to_send's EBUSY */
	put32(buf, 0);
	put32(buf + 4, 16);
	assert_int_equal(nd_ioctl(sys, "nmem0", SET_CONFIG_DATA, false, buf, 12 + 16), -EBUSY);
	/* on a read-only descriptor: EPERM first */
	region = nd_region_find(sys, "region0");
	assert_int_equal(nd_region_disable(sys, region), 0);
	assert_int_equal(nd_ioctl(sys, "nmem0", SET_CONFIG_DATA, true, buf, 12 + 16), -EPERM);
	assert_int_equal(nd_ioctl(sys, "nmem0", SET_CONFIG_DATA, false, buf, 12 + 16), 0);
	assert_int_equal(get32(buf + 8 + 16), 0);
	/* a size that is not what arg_size said */
	assert_int_equal(nd_ioctl(sys, "nmem0", SET_CONFIG_DATA, false, buf, 12 + 15), -EFAULT);
}

/*
 * init-labels, then a namespace: the index blocks as label.c writes them
 * (v1.1: 1016 slots of 128 bytes, 256-byte index blocks, checksums), the
 * label in slot 0; then the same bytes written back are parsed to the
 * same labels.
 */
static void label_format_round_trip(void **state)
{
	struct fx *fx = *state;
	static uint8_t area[128 << 10], ix[256];
	struct hm_system *sys;
	struct nd_region *region;
	struct nd_namespace *ns;
	struct nvdimm_media *m;
	uint64_t sum;

	boot(fx, NV_MACHINE);
	sys = fx->sys;
	region = nd_region_find(sys, "region0");
	m = region->dimm->desc.media;
	/* a fresh area reads as zeros: no index, the label-less namespace */
	label_read(sys, 0, 256, ix);
	for (int i = 0; i < 256; i++)
		assert_int_equal(ix[i], 0);
	assert_int_equal(nd_region_disable(sys, region), 0);
	assert_int_equal(nvdimm_init_labels(sys, region->dimm), 0);
	label_read(sys, 0, 256, ix);
	assert_memory_equal(ix, "NAMESPACE_INDEX\0", 16);
	assert_int_equal(get32(ix + 20), 3);			/* seq */
	assert_int_equal(get32(ix + 32), 256);			/* mysize */
	assert_int_equal(get32(ix + 40), 256);			/* otheroff */
	assert_int_equal(get32(ix + 48), 512);			/* labeloff */
	assert_int_equal(get32(ix + 56), 1016);			/* nslot */
	assert_int_equal(ix[60] | ix[61] << 8, 1);
	assert_int_equal(ix[62] | ix[63] << 8, 1);
	assert_int_equal(ix[72], 0xff);				/* all free */
	assert_int_equal(ix[72 + 1016 / 8], 0);			/* bits past nslot clear */
	sum = (uint64_t)get32(ix + 64) | (uint64_t)get32(ix + 68) << 32;
	memset(ix + 64, 0, 8);
	assert_true(sum == fletcher64(ix, 256));
	label_read(sys, 256, 256, ix);
	assert_int_equal(get32(ix + 20), 2);			/* the other index */
	assert_int_equal(get32(ix + 24), 256);			/* myoff */

	assert_int_equal(nd_region_enable(sys, region), 0);
	assert_int_equal(nd_namespace_create(sys, region, 256ULL << 20, &ns), 0);
	/* one label update: index 1 with seq 1 is current, slot 0 used */
	label_read(sys, 256, 256, ix);
	assert_int_equal(get32(ix + 20), 1);
	assert_int_equal(ix[72], 0xfe);
	label_read(sys, 512, 128, ix);
	assert_memory_equal(ix, ns->uuid, 16);
	assert_int_equal(get32(ix + 104), 0);			/* dpa */
	assert_int_equal(get32(ix + 112), 256 << 20);		/* rawsize */
	assert_int_equal(get32(ix + 120), 0);			/* slot */

	/* written back whole, with the region disabled: parsed to the same label */
	for (uint32_t off = 0; off < sizeof(area); off += 4072)	/* max_xfer at a time */
		label_read(sys, off, sizeof(area) - off < 4072 ? sizeof(area) - off : 4072,
			   area + off);
	assert_int_equal(nd_region_disable(sys, region), 0);
	memset(m->labels, 0, sizeof(m->labels));
	m->labels_initialized = false;
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_true(m->labels_initialized);
	assert_int_equal(m->index_cur, 1);
	assert_true(m->labels[0].used);
	assert_int_equal(m->labels[0].rawsize, 256ULL << 20);
	assert_false(m->labels[1].used);
	/* a corrupted index 1 falls back to index 0 (seq 3, no label) */
	area[256 + 16] ^= 1;
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_true(m->labels_initialized);
	assert_int_equal(m->index_cur, 0);
	assert_false(m->labels[0].used);
	/* zeroed: no index at all */
	memset(area, 0, sizeof(area));
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_false(m->labels_initialized);
	assert_int_equal(nd_region_enable(sys, region), 0);
	assert_non_null(nd_namespace_find(sys, "namespace0.0"));
}

/* The verifier reads the area back: bytes that disagree with the labels held are a violation. */
static void verifier_checks_the_bytes(void **state)
{
	struct fx *fx = *state;
	struct nd_region *region;
	struct nd_namespace *ns;
	struct nvdimm_media *m;
	struct hm_report r;

	boot(fx, NV_MACHINE);
	region = nd_region_find(fx->sys, "region0");
	m = region->dimm->desc.media;
	assert_int_equal(nd_region_disable(fx->sys, region), 0);
	assert_int_equal(nvdimm_init_labels(fx->sys, region->dimm), 0);
	assert_int_equal(nd_region_enable(fx->sys, region), 0);
	assert_int_equal(nd_namespace_create(fx->sys, region, 256ULL << 20, &ns), 0);
	hm_report_init(&r);
	assert_int_equal(nvdimm_check(fx->sys, &r), 0);
	m->label_data[512 + 112 + 3] ^= 1;	/* slot 0's rawsize */
	assert_int_equal(nvdimm_check(fx->sys, &r), 1);
	assert_non_null(strstr(hm_buf_str(&r.text), "nmem0: label area bytes disagree"));
	m->label_data[512 + 112 + 3] ^= 1;
	hm_report_free(&r);
}

static int sized_namespaces(const struct nd_region *region)
{
	int n = 0;

	for (const struct nd_namespace *ns = region->namespaces; ns; ns = ns->next)
		n += ns->size != 0;
	return n;
}

/* A label a tool wrote past the DIMM, or over another, makes no namespace (scan_labels). */
static void labels_outside_or_overlapping_are_skipped(void **state)
{
	struct fx *fx = *state;
	static uint8_t area[4096];
	struct nd_region *region;
	struct nd_namespace *a, *b;
	struct nvdimm_media *m;

	boot(fx, NV_MACHINE);
	region = nd_region_find(fx->sys, "region0");
	m = region->dimm->desc.media;
	assert_int_equal(nd_region_disable(fx->sys, region), 0);
	assert_int_equal(nvdimm_init_labels(fx->sys, region->dimm), 0);
	assert_int_equal(nd_region_enable(fx->sys, region), 0);
	assert_int_equal(nd_namespace_create(fx->sys, region, 256ULL << 20, &a), 0);
	assert_int_equal(nd_namespace_create(fx->sys, region, 256ULL << 20, &b), 0);
	assert_int_equal(nd_region_disable(fx->sys, region), 0);
	/* slot 1's label now starts inside slot 0's; slot 0's ends past the region */
	assert_int_equal(nvdimm_label_get(m, 0, sizeof(area), area), 0);
	put32(area + 512 + 128 + 104, 128 << 20);		/* slot 1 dpa */
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_true(m->labels[1].used);
	assert_int_equal(nd_region_enable(fx->sys, region), 0);
	assert_non_null(nd_namespace_find(fx->sys, "namespace0.0"));
	assert_int_equal(nd_namespace_find(fx->sys, "namespace0.0")->size, 256ULL << 20);
	assert_int_equal(sized_namespaces(region), 1);	/* namespace0.1 is only the seed */
	assert_int_equal(nd_region_disable(fx->sys, region), 0);
	put32(area + 512 + 128 + 104, 0);
	put32(area + 512 + 112, 2048u << 20);			/* slot 0 rawsize: 2 GiB */
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_int_equal(nd_region_enable(fx->sys, region), 0);
	assert_int_equal(sized_namespaces(region), 1);
	assert_int_equal(nd_namespace_find(fx->sys, "namespace0.1")->size, 256ULL << 20);
	/* back to the labels the model wrote, so that the teardown's verifier agrees */
	assert_int_equal(nd_region_disable(fx->sys, region), 0);
	put32(area + 512 + 112, 256u << 20);
	assert_int_equal(nvdimm_label_set(m, 0, sizeof(area), area), 0);
	assert_int_equal(nd_region_enable(fx->sys, region), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(config_size_and_sizing, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(no_label_area_no_commands, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(qemu_checks_and_kernel_refusals, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(label_format_round_trip, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(verifier_checks_the_bytes, fx_setup_empty,
						fx_teardown),
		cmocka_unit_test_setup_teardown(labels_outside_or_overlapping_are_skipped,
						fx_setup_empty, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
