// SPDX-License-Identifier: GPL-2.0
/*
 * nd_label.c - the label storage area as bytes (drivers/nvdimm/label.[ch]'s
 * on-media format), for the tools that read and write it through
 * ND_CMD_GET_CONFIG_DATA and ND_CMD_SET_CONFIG_DATA.
 *
 * The area is the device's (QEMU keeps it beside the backend), so it is
 * kept as bytes: two index blocks, then the label slots.  hotmem's kernel
 * side holds the labels it parsed (struct nvdimm_media's labels[], what
 * nd_label_data_init and scan_labels would have found); whenever it
 * writes labels (namespace creation and deletion, and ndctl init-labels as
 * the ndctl steps produce it) the index blocks and the used slots are
 * written here as label.c writes them; whenever a tool writes the area,
 * the labels are parsed again as nd_label_validate and
 * nd_label_active do (the region is disabled then: the bus refuses the
 * write while it is enabled, as nd_cmd_clear_to_send does).
 *
 * The format (label.h, label.c):
 *  - nslot = config_size / (label size + 1); an index block is
 *    ALIGN(72 + DIV_ROUND_UP(nslot, 8), 256) bytes (sizeof_namespace_index),
 *    the two at 0 and at that size, the slots after both;
 *  - an index: "NAMESPACE_INDEX\0", flags, labelsize (v1.2: log2(size) - 7),
 *    seq (1, 2, 3 in a cycle: nd_inc_seq), myoff, mysize, otheroff,
 *    labeloff, nslot, major 1, minor 1 (128-byte labels) or 2 (256), the
 *    fletcher64 checksum of the block, and the free bitmap (a set bit is a
 *    free slot; ND_NSINDEX_INIT sets the bits of ALIGN(nslot, 64) and clears
 *    those past nslot);
 *  - a label: uuid, name, flags, nlabel, position, isetcookie, lbasize, dpa,
 *    rawsize, slot (v1.1 ends there, 128 bytes), then align, type_guid,
 *    abstraction_guid and the checksum (v1.2, 256 bytes).
 * A label update writes the next index block only (it becomes current) and
 * the used slots; freed slots keep their old bytes, as on the media.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/nvdimm.h"

#define NSINDEX_HDR	72	/* sizeof(struct nd_namespace_index) */
#define NSINDEX_ALIGN	256
#define NSINDEX_SIG	"NAMESPACE_INDEX\0"

/* Field offsets (label.h: struct nd_namespace_index, struct nvdimm_efi_label). */
enum {
	IX_SIG = 0, IX_FLAGS = 16, IX_LABELSIZE = 19, IX_SEQ = 20, IX_MYOFF = 24,
	IX_MYSIZE = 32, IX_OTHEROFF = 40, IX_LABELOFF = 48, IX_NSLOT = 56, IX_MAJOR = 60,
	IX_MINOR = 62, IX_CHECKSUM = 64, IX_FREE = 72,
	LB_UUID = 0, LB_NAME = 16, LB_FLAGS = 80, LB_NLABEL = 84, LB_POSITION = 86,
	LB_ISETCOOKIE = 88, LB_LBASIZE = 96, LB_DPA = 104, LB_RAWSIZE = 112, LB_SLOT = 120,
	LB_ALIGN = 124, LB_TYPE_GUID = 128, LB_ABSTRACTION_GUID = 144, LB_CHECKSUM = 248,
};

/* ACPI's persistent-memory range GUID 66f0d379-b4f3-4074-ac43-0d3318b78cdb (guid_t bytes) */
static const uint8_t pmem_range_guid[16] = {
	0x79, 0xd3, 0xf0, 0x66, 0xf3, 0xb4, 0x74, 0x40,
	0xac, 0x43, 0x0d, 0x33, 0x18, 0xb7, 0x8c, 0xdb,
};

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/*
 * nd_fletcher64 (include/linux/nd.h) over little-endian 32-bit words, the
 * 8 bytes at skip read as zero (a block's own checksum field, which the
 * kernel zeroes before it sums); skip >= len sums every word.
 */
static uint64_t fletcher64_skip(const uint8_t *p, size_t len, size_t skip)
{
	uint32_t lo = 0, hi = 0;

	for (size_t i = 0; i + 4 <= len; i += 4) {
		lo += i >= skip && i < skip + 8 ? 0 : (uint32_t)get_le(p + i, 4);
		hi += lo;
	}
	return (uint64_t)hi << 32 | lo;
}

static uint64_t fletcher64(const uint8_t *p, size_t len)
{
	return fletcher64_skip(p, len, len);
}

/* nd_inc_seq: 1 -> 2 -> 3 -> 1 */
static uint32_t inc_seq(uint32_t seq)
{
	static const uint32_t next[] = { 0, 2, 3, 1 };

	return next[seq & 3];
}

/* best_seq of label.c: which of two valid sequence numbers is newer. */
static uint32_t best_seq(uint32_t a, uint32_t b)
{
	a &= 3;
	b &= 3;
	if (a == 0 || a == b)
		return b;
	if (b == 0)
		return a;
	return inc_seq(a) == b ? b : a;
}

struct geometry {
	uint32_t lsize, nslot, isize;
};

/* nvdimm_num_label_slots and sizeof_namespace_index for one label size: false if too small. */
static bool geometry(uint64_t config_size, uint32_t lsize, struct geometry *g)
{
	uint32_t space;

	g->lsize = lsize;
	g->nslot = (uint32_t)(config_size / (lsize + 1));
	space = (uint32_t)config_size - g->nslot * lsize;
	g->isize = (NSINDEX_HDR + (g->nslot + 7) / 8 + NSINDEX_ALIGN - 1) / NSINDEX_ALIGN *
		   NSINDEX_ALIGN;
	return 2 * g->isize <= space;
}

/* nd_label_write_index: index block i with seq and the labels of m as its free bitmap. */
static void write_index(const struct nvdimm_media *m, const struct geometry *g, int i,
			uint32_t seq)
{
	uint8_t *ix = m->label_data + (size_t)i * g->isize;
	uint32_t nfree = (g->nslot + 63) / 64 * 64;

	memset(ix, 0, g->isize);
	memcpy(ix + IX_SIG, NSINDEX_SIG, 16);
	ix[IX_LABELSIZE] = g->lsize >= 256 ? (uint8_t)(g->lsize >> 8) : 0;
	put_le(ix + IX_SEQ, seq, 4);
	put_le(ix + IX_MYOFF, (uint64_t)i * g->isize, 8);
	put_le(ix + IX_MYSIZE, g->isize, 8);
	put_le(ix + IX_OTHEROFF, (uint64_t)!i * g->isize, 8);
	put_le(ix + IX_LABELOFF, 2ULL * g->isize, 8);
	put_le(ix + IX_NSLOT, g->nslot, 4);
	put_le(ix + IX_MAJOR, 1, 2);
	put_le(ix + IX_MINOR, g->lsize < 256 ? 1 : 2, 2);
	for (uint32_t s = 0; s < nfree; s++) {
		bool free = s < g->nslot && !(s < ND_MAX_LABELS && m->labels[s].used);

		if (free)
			ix[IX_FREE + s / 8] |= (uint8_t)(1u << (s % 8));
	}
	put_le(ix + IX_CHECKSUM, fletcher64(ix, g->isize), 8);
}

/* __pmem_label_update's label in slot s. */
static void write_label(const struct nvdimm_media *m, const struct geometry *g, uint32_t s,
			uint64_t cookie)
{
	uint8_t *lb = m->label_data + 2 * (size_t)g->isize + (size_t)s * g->lsize;
	const struct nd_label *l = &m->labels[s];

	memset(lb, 0, g->lsize);
	memcpy(lb + LB_UUID, l->uuid, 16);
	put_le(lb + LB_NLABEL, 1, 2);		/* one mapping: QEMU interleaves nothing */
	put_le(lb + LB_ISETCOOKIE, cookie, 8);
	put_le(lb + LB_DPA, l->dpa, 8);
	put_le(lb + LB_RAWSIZE, l->rawsize, 8);
	put_le(lb + LB_SLOT, s, 4);
	if (g->lsize >= 256) {
		memcpy(lb + LB_TYPE_GUID, pmem_range_guid, 16);
		put_le(lb + LB_CHECKSUM, fletcher64(lb, g->lsize), 8);
	}
}

void nvdimm_label_sync(const struct nvdimm_media *m, uint64_t cookie, bool both)
{
	static const uint32_t prev_seq[] = { 0, 3, 1, 2 };	/* inc_seq's inverse */
	struct geometry g;

	if (!m->label_data || !m->labels_initialized ||
	    !geometry(m->label_size, m->label_minor >= 2 ? 256 : 128, &g))
		return;
	write_index(m, &g, (int)m->index_cur, m->index_seq);
	/* the other index stays as it was written, one update earlier, but at init */
	if (both)
		write_index(m, &g, (int)!m->index_cur, prev_seq[m->index_seq & 3]);
	for (uint32_t s = 0; s < g.nslot && s < ND_MAX_LABELS; s++)
		if (m->labels[s].used)
			write_label(m, &g, s, cookie);
}

/* __nd_label_validate for one label size: the current index, or -1. */
static int validate(const struct nvdimm_media *m, const struct geometry *g)
{
	bool valid[2] = { false, false };
	uint32_t seq[2] = { 0, 0 };

	for (int i = 0; i < 2; i++) {
		const uint8_t *ix = m->label_data + (size_t)i * g->isize;
		unsigned int version, labelsize;
		uint64_t size;

		if ((uint64_t)2 * g->isize > m->label_size || memcmp(ix + IX_SIG, NSINDEX_SIG, 16))
			continue;
		version = (unsigned int)(get_le(ix + IX_MAJOR, 2) * 100 + get_le(ix + IX_MINOR, 2));
		/* 1 << (7 + labelsize) as the kernel computes it; only 128 and 256 can match */
		labelsize = version < 102 ? 128 : ix[IX_LABELSIZE] <= 1 ? 1u << (7 + ix[IX_LABELSIZE]) : 0;
		if (labelsize != g->lsize)
			continue;
		if (fletcher64_skip(ix, g->isize, IX_CHECKSUM) != get_le(ix + IX_CHECKSUM, 8))
			continue;
		seq[i] = (uint32_t)get_le(ix + IX_SEQ, 4);
		if (!(seq[i] & 3))
			continue;
		if (get_le(ix + IX_MYOFF, 8) != (uint64_t)i * g->isize ||
		    get_le(ix + IX_OTHEROFF, 8) != (uint64_t)!i * g->isize)
			continue;
		size = get_le(ix + IX_MYSIZE, 8);
		if (size > g->isize || size < NSINDEX_HDR)
			continue;
		if ((uint64_t)get_le(ix + IX_NSLOT, 4) * g->lsize + 2ULL * g->isize > m->label_size)
			continue;
		valid[i] = true;
	}
	if (valid[0] && valid[1])
		return best_seq(seq[0], seq[1]) == (seq[1] & 3) ? 1 : 0;
	return valid[0] ? 0 : valid[1] ? 1 : -1;
}

/* nd_label_validate, then nd_label_active's walk of the free bitmap: the labels of the area. */
static void parse(struct nvdimm_media *m)
{
	static const uint32_t sizes[] = { 128, 256 };
	struct geometry g;
	int cur = -1, next_id = 0;

	for (unsigned int k = 0; k < 2 && cur < 0; k++)
		if (geometry(m->label_size, sizes[k], &g))
			cur = validate(m, &g);
	memset(m->labels, 0, sizeof(m->labels));
	m->labels_initialized = cur >= 0;
	if (cur < 0)
		return;
	{
		const uint8_t *ix = m->label_data + (size_t)cur * g.isize;
		uint32_t nslot = (uint32_t)get_le(ix + IX_NSLOT, 4);

		m->index_cur = (unsigned int)cur;
		m->index_seq = (uint32_t)get_le(ix + IX_SEQ, 4) & 3;
		m->label_minor = g.lsize >= 256 ? 2 : 1;
		for (uint32_t s = 0; s < nslot && s < ND_MAX_LABELS; s++) {
			const uint8_t *lb = m->label_data + 2 * (size_t)g.isize + (size_t)s * g.lsize;
			uint64_t dpa = get_le(lb + LB_DPA, 8), raw = get_le(lb + LB_RAWSIZE, 8);

			if (ix[IX_FREE + s / 8] & (1u << (s % 8)))
				continue;	/* free */
			/* slot_valid: where it was written, 4 KiB aligned, its checksum (v1.2) */
			if (get_le(lb + LB_SLOT, 4) != s || (dpa | raw) % 4096 || !raw)
				continue;
			if (g.lsize >= 256) {
				uint8_t copy[256];

				memcpy(copy, lb, 256);
				memset(copy + LB_CHECKSUM, 0, 8);
				if (fletcher64(copy, 256) != get_le(lb + LB_CHECKSUM, 8))
					continue;
			}
			m->labels[s].used = true;
			memcpy(m->labels[s].uuid, lb + LB_UUID, 16);
			m->labels[s].dpa = dpa;
			m->labels[s].rawsize = raw;
			m->labels[s].id = next_id++;
		}
	}
}

int nvdimm_label_get(const struct nvdimm_media *m, uint32_t off, uint32_t len, void *out)
{
	if (!m->label_data || (uint64_t)off + len > m->label_size)
		return -EINVAL;
	memcpy(out, m->label_data + off, len);
	return 0;
}

int nvdimm_label_set(struct nvdimm_media *m, uint32_t off, uint32_t len, const void *in)
{
	if (!m->label_data || (uint64_t)off + len > m->label_size)
		return -EINVAL;
	memcpy(m->label_data + off, in, len);
	parse(m);
	return 0;
}

bool nvdimm_label_consistent(const struct nvdimm_media *m)
{
	struct nvdimm_media read = *m;	/* the area as nd_label_validate would read it */

	if (!m->label_data)
		return true;
	parse(&read);
	if (read.labels_initialized != m->labels_initialized)
		return false;
	for (unsigned int s = 0; s < ND_MAX_LABELS; s++) {
		const struct nd_label *a = &read.labels[s], *b = &m->labels[s];

		if (a->used != b->used || (a->used && (memcmp(a->uuid, b->uuid, 16) ||
						       a->dpa != b->dpa || a->rawsize != b->rawsize)))
			return false;
	}
	return true;
}
