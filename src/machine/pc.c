// SPDX-License-Identifier: GPL-2.0
/*
 * pc.c - QEMU's "pc" machine on x86_64, as QEMU 7.2 with SeaBIOS builds it
 * for the memory it reports: the RAM split below and above 4 GiB, the e820
 * map, the SRAT NUMA affinity (with the device-memory hotplug range on the
 * last node), and the device-memory region where pc-dimm devices go.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "hotmem/memmap.h"
#include "machine/machine_internal.h"
#include "machine/qmp_events.h"

#define GiB (1ULL << 30)
#define AMD_HT_START 0xfd00000000ULL
#define AMD_HT_END 0x10000000000ULL
#define AMD_ABOVE_1TB_START AMD_HT_END
#define I440FX_PCI_HOLE64_SIZE (1ULL << 31)
#define Q35_PCI_HOLE64_SIZE (1ULL << 35)
#define SEABIOS_HIGH_RESERVED 0x20000ULL

/* QEMU's size suffixes (powers of 1024), or 0 if c is none. */
static uint64_t suffix_mul(char c)
{
	static const char suffixes[] = "kmgtpe";
	const char *p;
	uint64_t mul = 1;

	if (c == 'b' || c == 'B')
		return 1;
	p = c ? strchr(suffixes, c | 0x20) : NULL;
	if (!p)
		return 0;
	for (; p >= suffixes; p--)
		mul <<= 10;
	return mul;
}

/*
 * qemu_strtosz: a decimal number with an optional fraction, or 0x-hex (no
 * fraction), then an optional B/K/M/G/T/P/E suffix; a fraction needs a
 * suffix; -ERANGE beyond 64 bits, -EINVAL otherwise.
 */
int qemu_parse_size(const char *s, uint64_t default_unit, uint64_t *out)
{
	unsigned __int128 v = 0;
	double frac = 0;
	const char *p = s;
	uint64_t mul;
	bool hex = false, any = false;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = true;
		p += 2;
	}
	for (; hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p); p++) {
		v = v * (hex ? 16 : 10) + (unsigned)(isdigit((unsigned char)*p) ? *p - '0' :
						      (*p | 0x20) - 'a' + 10);
		if (v > UINT64_MAX)
			return -ERANGE;
		any = true;
	}
	if (!any)
		return -EINVAL;
	if (*p == '.') {
		double scale = 0.1;

		if (hex)
			return -EINVAL;
		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	mul = suffix_mul(*p);
	if (mul)
		p++;
	else
		mul = default_unit;
	if (*p || (frac != 0 && mul == 1))
		return -EINVAL;
	v = v * mul + (unsigned __int128)(frac * (double)mul + 0.5);
	if (v > UINT64_MAX)
		return -ERANGE;
	*out = (uint64_t)v;
	return 0;
}

/* "key=value" options after a leading word: finds key's value or NULL. */
static const char *opt_get(char *const *kv, int n, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(kv[i], key, len) && kv[i][len] == '=')
			return kv[i] + len + 1;
	return NULL;
}

static int split_commas(char *s, char **kv, int max)
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max)
			return -1;
		kv[n++] = tok;
	}
	return n;
}

static int check_keys(struct hm_buf *err, const char *opt, char *const *kv, int n, int first,
		      const char *const *allowed)
{
	int i, k;

	for (i = first; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		size_t len = eq ? (size_t)(eq - kv[i]) : strlen(kv[i]);
		bool ok = false;

		for (k = 0; allowed[k]; k++)
			if (strlen(allowed[k]) == len && !strncmp(kv[i], allowed[k], len))
				ok = true;
		if (!ok || !eq) {
			hm_buf_printf(err, "%s: invalid parameter '%.*s'", opt, (int)len, kv[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	v = strtol(s, &end, 0);
	if (*end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* "0", "0-1": a CPU range as a node mask of CPUs. */
static int parse_cpus(const char *s, uint64_t *mask)
{
	long a, b;
	char *end;

	a = strtol(s, &end, 10);
	if (end == s || a < 0 || a > 63)
		return -EINVAL;
	b = a;
	if (*end == '-') {
		const char *p = end + 1;

		b = strtol(p, &end, 10);
		if (end == p || b < a || b > 63)
			return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	for (; a <= b; a++)
		*mask |= 1ULL << a;
	return 0;
}

static int parse_m(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "size", "slots", "maxmem", NULL };
	char *kv[8];
	const char *v;
	int n = split_commas(arg, kv, 8), first = 0;

	if (n <= 0)
		goto bad;
	if (!strchr(kv[0], '=')) {
		if (qemu_parse_size(kv[0], 1ULL << 20, &m->ram_size))
			goto bad;
		first = 1;
	}
	if (check_keys(err, "-m", kv, n, first, keys))
		return -EINVAL;
	v = opt_get(kv, n, "size");
	if (v && qemu_parse_size(v, 1ULL << 20, &m->ram_size))
		goto bad;
	v = opt_get(kv, n, "slots");
	if (v) {
		/* a uint64 property: its limit is checked with the layout, as QEMU does */
		char *end;

		if (!*v || *v == '-')
			goto bad;
		errno = 0;
		m->ram_slots = strtoull(v, &end, 0);
		if (*end || errno)
			goto bad;
	}
	v = opt_get(kv, n, "maxmem");
	if (v && qemu_parse_size(v, 1ULL << 20, &m->maxram_size))
		goto bad;
	m->has_maxmem = v != NULL;
	m->has_slots = opt_get(kv, n, "slots") != NULL;
	return 0;
bad:
	hm_buf_printf(err, "-m: invalid value");
	return -EINVAL;
}

static int parse_object(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "id", "size", NULL };
	char *kv[8];
	int n = split_commas(arg, kv, 8);
	const char *id, *size;
	uint64_t bytes;

	if (n <= 0 || strcmp(kv[0], "memory-backend-ram")) {
		hm_buf_printf(err, "-object: only memory-backend-ram is supported");
		return -EINVAL;
	}
	if (check_keys(err, "-object", kv, n, 1, keys))
		return -EINVAL;
	id = opt_get(kv, n, "id");
	size = opt_get(kv, n, "size");
	if (!id || !size || qemu_parse_size(size, 1, &bytes) || !bytes) {
		hm_buf_printf(err, "-object: memory-backend-ram needs id= and a size= above 0");
		return -EINVAL;
	}
	if (memdev_find(m, id)) {
		hm_buf_printf(err, "-object: duplicate id '%s'", id);
		return -EINVAL;
	}
	return memdev_add(m, id, bytes) ? -ENOMEM : 0;
}

static int parse_numa(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "nodeid", "cpus", "memdev", NULL };
	struct hm_numa_node *node;
	struct hm_memdev *md = NULL;
	char *kv[8];
	const char *v;
	int n = split_commas(arg, kv, 8);
	long nodeid = m->nr_numa;
	unsigned int i;

	if (n <= 0 || strcmp(kv[0], "node")) {
		hm_buf_printf(err, "-numa: only 'node' is supported");
		return -EINVAL;
	}
	if (check_keys(err, "-numa", kv, n, 1, keys))
		return -EINVAL;
	if (m->nr_numa == MAX_NUMA) {
		hm_buf_printf(err, "-numa: too many nodes");
		return -EINVAL;
	}
	v = opt_get(kv, n, "nodeid");
	if (v && parse_int(v, 0, 65535, &nodeid)) {
		hm_buf_printf(err, "-numa: invalid nodeid '%s'", v);
		return -EINVAL;
	}
	/* parse_numa_node's checks, with its messages */
	if (nodeid >= QEMU_MAX_NODES) {
		hm_buf_printf(err, "Max number of NUMA nodes reached: %ld", nodeid);
		return -EINVAL;
	}
	for (i = 0; i < m->nr_numa; i++) {
		if (m->numa[i].nodeid == nodeid) {
			hm_buf_printf(err, "Duplicate NUMA nodeid: %ld", nodeid);
			return -EINVAL;
		}
	}
	if (nodeid >= MAX_NUMA) {
		hm_buf_printf(err, "-numa: nodeid %ld: at most %d nodes are modelled", nodeid,
			      MAX_NUMA);
		return -EINVAL;
	}
	node = &m->numa[m->nr_numa];
	memset(node, 0, sizeof(*node));
	node->nodeid = (int)nodeid;
	v = opt_get(kv, n, "cpus");
	if (v && parse_cpus(v, &node->cpus)) {
		hm_buf_printf(err, "-numa: invalid cpus '%s'", v);
		return -EINVAL;
	}
	v = opt_get(kv, n, "memdev");
	if (v) {
		md = memdev_find(m, v);
		if (!md) {
			hm_buf_printf(err, "-numa: memdev '%s' not found", v);
			return -EINVAL;
		}
		md->numa_node = true;
		node->mem = md->size;
	}
	m->nr_numa++;
	return 0;
}

/* The boards modelled, by the names -machine takes (QEMU's aliases of the 7.2 types). */
static int machine_type_by_name(const char *name, enum machine_type *type)
{
	static const struct { const char *name; enum machine_type type; } boards[] = {
		{ "pc", MACHINE_PC }, { "q35", MACHINE_Q35 }, { "virt", MACHINE_VIRT },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(boards); i++) {
		if (!strcmp(name, boards[i].name)) {
			*type = boards[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_machine_opt(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "type", "nvdimm", NULL };
	char *kv[8];
	int n = split_commas(arg, kv, 8), first = 0;
	const char *v;

	if (n > 0 && !strchr(kv[0], '=')) {
		if (machine_type_by_name(kv[0], &m->type)) {
			hm_buf_printf(err, "-machine: only the pc, q35 and virt machines are "
				      "modelled");
			return -EINVAL;
		}
		first = 1;
	}
	if (check_keys(err, "-machine", kv, n, first, keys))
		return -EINVAL;
	v = opt_get(kv, n, "type");
	if (v && machine_type_by_name(v, &m->type)) {
		hm_buf_printf(err, "-machine: only the pc, q35 and virt machines are modelled");
		return -EINVAL;
	}
	v = opt_get(kv, n, "nvdimm");
	if (v)
		m->nvdimm = !strcmp(v, "on");
	return 0;
}

static int parse_cpu(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "phys-bits", NULL };
	char *kv[8];
	int n = split_commas(arg, kv, 8);
	const char *v;
	long bits;

	if (n <= 0 || (strcmp(kv[0], "qemu64") && strcmp(kv[0], "max") &&
		       strcmp(kv[0], "cortex-a57") && strcmp(kv[0], "cortex-a53") &&
		       strcmp(kv[0], "cortex-a72"))) {
		hm_buf_printf(err, "-cpu: only qemu64, max (pc, virt) and cortex-a53, "
			      "cortex-a57, cortex-a72 (virt) are modelled");
		return -EINVAL;
	}
	m->cpu_max = !strcmp(kv[0], "max");
	snprintf(m->cpu_model, sizeof(m->cpu_model), "%s", kv[0]);
	if (check_keys(err, "-cpu", kv, n, 1, keys))
		return -EINVAL;
	v = opt_get(kv, n, "phys-bits");
	if (v) {
		if (parse_int(v, 32, 52, &bits)) {
			hm_buf_printf(err, "-cpu: invalid phys-bits '%s'", v);
			return -EINVAL;
		}
		m->phys_bits = (unsigned int)bits;
	}
	return 0;
}

/* The options, one after the other; devices are kept for after boot. */
static int parse_options(struct hm_machine *m, const char *options, struct hm_buf *err)
{
	char *copy = hm_kstrdup(machine_alloc(m), options), *save, *opt, *arg;
	long smp = 1;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (opt = strtok_r(copy, " \t", &save); opt && !ret;
	     opt = strtok_r(NULL, " \t", &save)) {
		arg = strtok_r(NULL, " \t", &save);
		if (!arg) {
			hm_buf_printf(err, "option %s needs an argument", opt);
			ret = -EINVAL;
		} else if (!strcmp(opt, "-m")) {
			ret = parse_m(m, arg, err);
		} else if (!strcmp(opt, "-smp")) {
			if (parse_int(arg, 1, 64, &smp)) {
				hm_buf_printf(err, "-smp: invalid value '%s'", arg);
				ret = -EINVAL;
			}
			m->smp = (unsigned int)smp;
		} else if (!strcmp(opt, "-object")) {
			ret = parse_object(m, arg, err);
		} else if (!strcmp(opt, "-numa")) {
			ret = parse_numa(m, arg, err);
		} else if (!strcmp(opt, "-machine") || !strcmp(opt, "-M")) {
			ret = parse_machine_opt(m, arg, err);
		} else if (!strcmp(opt, "-cpu")) {
			ret = parse_cpu(m, arg, err);
		} else if (!strcmp(opt, "-device")) {
			ret = cold_device_add(m, arg, err);
		} else {
			hm_buf_printf(err, "unknown option '%s'", opt);
			ret = -EINVAL;
		}
	}
	hm_kfree(machine_alloc(m), copy);
	return ret;
}

static int numa_cmp(const void *a, const void *b)
{
	const struct hm_numa_node *x = a, *y = b;

	return x->nodeid - y->nodeid;
}

/*
 * The checks of any board, before its own: the memory options (vl.c's
 * set_memory_options) and numa_complete_configuration (no sparse node ids,
 * the largest missing one named first; nodes kept in nodeid order; their
 * memory adding up to the RAM size).
 */
static int machine_memory_check(struct hm_machine *m, struct hm_buf *err)
{
	unsigned int i, max_nodeid = 0;
	uint64_t numa_total = 0;

	if (m->has_maxmem && m->maxram_size < m->ram_size) {
		hm_buf_printf(err, "invalid value of maxmem: maximum memory size (0x%llx) must be "
			      "at least the initial memory size (0x%llx)",
			      (unsigned long long)m->maxram_size,
			      (unsigned long long)m->ram_size);
		return -EINVAL;
	}
	if (m->has_maxmem && m->ram_slots && m->maxram_size == m->ram_size) {
		hm_buf_printf(err, "invalid value of maxmem: memory slots were specified but "
			      "maximum memory size (0x%llx) is equal to the initial memory size "
			      "(0x%llx)", (unsigned long long)m->maxram_size,
			      (unsigned long long)m->ram_size);
		return -EINVAL;
	}
	if (!m->has_maxmem && m->has_slots) {
		hm_buf_printf(err, "slots specified but no max-size");
		return -EINVAL;
	}
	for (i = 0; i < m->nr_numa; i++)
		if ((unsigned int)m->numa[i].nodeid + 1 > max_nodeid)
			max_nodeid = (unsigned int)m->numa[i].nodeid + 1;
	for (i = max_nodeid; i-- > 0;) {
		unsigned int k;

		for (k = 0; k < m->nr_numa && m->numa[k].nodeid != (int)i; k++)
			;
		if (k == m->nr_numa) {
			hm_buf_printf(err, "numa: Node ID missing: %u", i);
			return -EINVAL;
		}
	}
	/* QEMU keeps nodes by id: the RAM and the SRAT go in nodeid order */
	if (m->nr_numa)
		qsort(m->numa, m->nr_numa, sizeof(m->numa[0]), numa_cmp);
	for (i = 0; i < m->nr_numa; i++)
		numa_total += m->numa[i].mem;
	if (m->nr_numa && numa_total != m->ram_size) {
		hm_buf_printf(err, "total memory for NUMA nodes (0x%llx) should equal RAM size "
			      "(0x%llx)", (unsigned long long)numa_total,
			      (unsigned long long)m->ram_size);
		return -EINVAL;
	}
	return 0;
}

/* pc_memory_init: RAM layout and the device-memory region. */
static int pc_memory_layout(struct hm_machine *m, struct hm_buf *err)
{
	/* the host bridge's pci-hole64-size: i440FX 2 GiB, q35 32 GiB (pc_max_used_gpa) */
	const uint64_t hole64_size = m->type == MACHINE_Q35 ? Q35_PCI_HOLE64_SIZE :
							      I440FX_PCI_HOLE64_SIZE;
	uint64_t hole64_start, max_used;

	/* pc_init1, gigabyte-aligned split: all below 4 GiB up to 3.5 GiB, else 3 GiB */
	if (m->type == MACHINE_Q35)
		m->below_4g = q35_below_4g(m->ram_size);
	else
		m->below_4g = m->ram_size >= 0xe0000000ULL ? 0xc0000000ULL : m->ram_size;
	m->above_4g = m->ram_size - m->below_4g;
	m->above_4g_start = 1ULL << 32;
	m->device_mem_size = 0;
	if (m->maxram_size > m->ram_size) {
		uint64_t base;

		if (m->ram_slots > ACPI_MAX_RAM_SLOTS) {
			hm_buf_printf(err, "unsupported amount of memory slots: %llu",
				      (unsigned long long)m->ram_slots);
			return -EINVAL;
		}
		if (m->maxram_size % PAGE_SIZE) {
			hm_buf_printf(err, "maximum memory size must by aligned to multiple of "
				      "%lu bytes", (unsigned long)PAGE_SIZE);
			return -EINVAL;
		}
		/* pc_get_device_memory_range, in QEMU's 64-bit arithmetic (it may wrap) */
		m->device_mem_size = m->maxram_size - m->ram_size + GiB * m->ram_slots;
		base = (m->above_4g_start + m->above_4g + GiB - 1) & ~(GiB - 1);
		if (base + m->device_mem_size < m->device_mem_size) {
			hm_buf_printf(err, "unsupported amount of maximum memory: %llx",
				      (unsigned long long)m->maxram_size);
			return -EINVAL;
		}
	}

	/* AMD CPUs (qemu64 is one): nothing may cross the HyperTransport hole */
	hole64_start = m->above_4g_start + m->above_4g;
	if (m->device_mem_size)
		hole64_start = ((hole64_start + GiB - 1) & ~(GiB - 1)) + m->device_mem_size;
	hole64_start = (hole64_start + GiB - 1) & ~(GiB - 1);
	max_used = hole64_start + hole64_size - 1;
	if (max_used >= AMD_HT_START) {
		m->above_4g_start = AMD_ABOVE_1TB_START;
		hole64_start = m->above_4g_start + m->above_4g;
		if (m->device_mem_size)
			hole64_start = ((hole64_start + GiB - 1) & ~(GiB - 1)) + m->device_mem_size;
		hole64_start = (hole64_start + GiB - 1) & ~(GiB - 1);
		max_used = hole64_start + hole64_size - 1;
	}
	if (max_used >= (1ULL << m->phys_bits) || max_used < m->device_mem_size) {
		hm_buf_printf(err, "Address space limit 0x%llx < 0x%llx phys-bits too low (%u)",
			      (unsigned long long)((1ULL << m->phys_bits) - 1),
			      (unsigned long long)max_used, m->phys_bits);
		return -EINVAL;
	}
	m->device_mem_base = (m->above_4g_start + m->above_4g + GiB - 1) & ~(GiB - 1);
	return 0;
}

void bios_e820_add(struct hm_boot_info *bi, uint64_t addr, uint64_t size, enum e820_type t)
{
	bi->e820[bi->nr_e820++] = (struct e820_entry){ addr, size, t };
}

static int e820_cmp(const void *a, const void *b)
{
	const struct e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* A memory affinity structure of the SRAT (build_srat_memory), on either board. */
void srat_add(struct hm_boot_info *bi, uint64_t start, uint64_t len, int nid, bool hotpluggable)
{
	bi->numa[bi->nr_numa].start = start;
	bi->numa[bi->nr_numa].end = start + len;
	bi->numa[bi->nr_numa].nid = nid;
	bi->numa[bi->nr_numa].hotpluggable = hotpluggable;
	bi->nr_numa++;
}

/* The firmware's view: e820 as SeaBIOS reports it, and QEMU's SRAT. */
static void pc_build_boot_info(struct hm_machine *m, struct hm_boot_info *bi)
{
	const uint64_t hole_640k_start = 0x9fc00, hole_640k_end = 0x100000;
	/*
	 * With nvdimm=on SeaBIOS also allocates the 4 KiB NVDIMM DSM buffer
	 * (fw_cfg "etc/acpi/nvdimm-mem") at the top of low RAM, reserved.
	 * On q35 the reservation is a page larger again: the oracle shows
	 * 0x21000 bytes at every RAM size (q35.c).
	 */
	const uint64_t high_reserved = SEABIOS_HIGH_RESERVED + (m->nvdimm ? 0x1000 : 0) +
				       (m->type == MACHINE_Q35 ? 0x1000 : 0);
	uint64_t next_base = 0, mem_base, mem_len;
	unsigned int i;

	memset(bi, 0, sizeof(*bi));
	bios_e820_add(bi, 0, hole_640k_start, E820_TYPE_RAM);
	bios_e820_add(bi, hole_640k_start, 0xa0000 - hole_640k_start, E820_TYPE_RESERVED);
	bios_e820_add(bi, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	bios_e820_add(bi, hole_640k_end, m->below_4g - high_reserved - hole_640k_end, E820_TYPE_RAM);
	bios_e820_add(bi, m->below_4g - high_reserved, high_reserved, E820_TYPE_RESERVED);
	bios_e820_add(bi, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	if (m->type == MACHINE_Q35)
		q35_e820_add(bi);
	if (m->above_4g)
		bios_e820_add(bi, m->above_4g_start, m->above_4g, E820_TYPE_RAM);
	if (m->phys_bits >= 40)
		bios_e820_add(bi, AMD_HT_START, AMD_HT_END - AMD_HT_START, E820_TYPE_RESERVED);
	qsort(bi->e820, bi->nr_e820, sizeof(bi->e820[0]), e820_cmp);

	if (!m->nr_numa) {
		bi->possible_nodes = 1;
		bi->cpu_nodes = 1;
		return;
	}
	/* build_srat: node memory laid out in order, cutting the 640K and PCI holes */
	for (i = 0; i < m->nr_numa; i++) {
		int nid = m->numa[i].nodeid;

		node_set(nid, bi->possible_nodes);
		if (m->numa[i].cpus)
			node_set(nid, bi->cpu_nodes);
		mem_base = next_base;
		mem_len = m->numa[i].mem;
		next_base = mem_base + mem_len;
		if (mem_base <= hole_640k_start && next_base > hole_640k_start) {
			mem_len -= next_base - hole_640k_start;
			if (mem_len > 0)
				srat_add(bi, mem_base, mem_len, nid, false);
			if (next_base <= hole_640k_end) {
				next_base = hole_640k_end;
				continue;
			}
			mem_base = hole_640k_end;
			mem_len = next_base - hole_640k_end;
		}
		if (mem_base <= m->below_4g && next_base > m->below_4g) {
			mem_len -= next_base - m->below_4g;
			if (mem_len > 0)
				srat_add(bi, mem_base, mem_len, nid, false);
			mem_base = m->above_4g_start;
			mem_len = next_base - m->below_4g;
			next_base = mem_base + mem_len;
		}
		if (mem_len > 0)
			srat_add(bi, mem_base, mem_len, nid, false);
	}
	if (m->device_mem_size)
		srat_add(bi, m->device_mem_base, m->device_mem_size,
			 m->numa[m->nr_numa - 1].nodeid, true);
}

/* The host memory this process may still take: MemAvailable, and rlimits below it. */
static uint64_t host_available(const char **what)
{
	uint64_t avail = UINT64_MAX, kb, vm_pages, page = (uint64_t)sysconf(_SC_PAGESIZE);
	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	char line[256];
	unsigned int i;
	FILE *f;

	*what = "available";
	f = fopen("/proc/meminfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemAvailable: %llu kB", (unsigned long long *)&kb) == 1)
				avail = kb << 10;
		fclose(f);
	}
	vm_pages = 0;
	f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%llu", (unsigned long long *)&vm_pages) != 1)
			vm_pages = 0;
		fclose(f);
	}
	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		struct rlimit rl;
		uint64_t left;

		if (getrlimit(limits[i], &rl) || rl.rlim_cur == RLIM_INFINITY)
			continue;
		left = rl.rlim_cur > vm_pages * page ? rl.rlim_cur - vm_pages * page : 0;
		if (left < avail) {
			avail = left;
			*what = limits[i] == RLIMIT_AS ? "left under the address-space limit" :
							  "left under the data limit";
		}
	}
	return avail;
}

static void print_size(struct hm_buf *b, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	double v = (double)bytes;
	int u = -1;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		hm_buf_printf(b, "%llu B", (unsigned long long)bytes);
	else
		hm_buf_printf(b, "%.1f %ciB", v, units[u]);
}

/*
 * Refuses a machine whose boot memmap cannot fit the host, before anything
 * is allocated, against the host's available memory and the process's
 * limits.  The compact memmap (memmap.h) costs what its sections cost: a
 * mem_section, its usage, a memory block and its sysfs, the kernel's page
 * tables of the range (SECTION_OVERHEAD, measured with bench_boot and
 * rounded up), plus a fixed overhead; the dense one (HOTMEM_MEMMAP=dense)
 * one struct page per 4 KiB page of boot RAM (RAM/128) more.  Hot-added
 * memory is checked as it comes (an add that cannot get its memmap fails
 * with ENOMEM).
 */
#define BOOT_OVERHEAD (32ULL << 20)
#define SECTION_OVERHEAD 1024ULL
static int check_host_memory(struct hm_machine *m, struct hm_buf *err)
{
	bool dense = m->sys->sparse.memmap_dense;
	uint64_t sections = (m->ram_size + MIN_MEMORY_BLOCK_SIZE - 1) / MIN_MEMORY_BLOCK_SIZE;
	uint64_t need = sections * SECTION_OVERHEAD + BOOT_OVERHEAD;
	const char *what;
	uint64_t avail;

	if (dense)	/* the struct pages are the whole story */
		need = m->ram_size / PAGE_SIZE * sizeof(struct page) + BOOT_OVERHEAD;
	avail = host_available(&what);
	if (need <= avail)
		return 0;
	hm_buf_printf(err, "guest too big for this host: the memmap of ");
	print_size(err, m->ram_size);
	if (dense)
		hm_buf_printf(err, " of RAM (%zu bytes of struct page per 4 KiB page, "
			      "HOTMEM_MEMMAP=dense) and its overhead need about ",
			      sizeof(struct page));
	else
		hm_buf_printf(err, " of RAM (%llu bytes per 128 MiB section) and its overhead "
			      "need about ", SECTION_OVERHEAD);
	print_size(err, need);
	hm_buf_printf(err, " of host memory, and only ");
	print_size(err, avail);
	hm_buf_printf(err, " is %s", what);
	return -ENOMEM;
}

/* Is word one of the words (separated by spaces or tabs) of the kernel command line? */
static bool cmdline_has_word(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = cmdline; p && (p = strstr(p, word)); p += n)
		if ((p == cmdline || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return true;
	return false;
}

int machine_create_fault(struct hm_machine **out, const char *options, const char *cmdline,
			 struct machine_fault *fault, struct hm_buf *err)
{
	struct hm_arch_config x86 = { .kind = HM_ARCH_X86_64, .hypervisor = true };
	struct hm_arch_config arm64 = {
		.kind = HM_ARCH_ARM64, .keep_memblock = true, .prevent_bootmem_remove = true,
	};
	struct hm_boot_info *bi;
	struct hm_system *sys;
	struct hm_machine *m;
	unsigned long leaks;
	int ret;

	/* the system first: the machine itself and its objects come from its allocator */
	ret = hm_system_create(&sys, NULL);
	if (ret)
		return ret;
	if (fault) {
		fault->nr_calls = sys->alloc.nr_calls;
		sys->alloc.nr_failed = 0;
		sys->alloc.fail_at = fault->fail_at ? sys->alloc.nr_calls + fault->fail_at : 0;
	}
	m = hm_kzalloc(&sys->alloc, sizeof(*m));
	if (!m) {
		if (fault) {
			fault->nr_failed = sys->alloc.nr_failed;
			fault->nr_calls = sys->alloc.nr_calls - fault->nr_calls;
			sys->alloc.fail_at = 0;
		}
		leaks = hm_system_destroy(sys);
		if (fault)
			fault->leaks = leaks;
		return -ENOMEM;
	}
	m->sys = sys;
	m->ram_size = 128ULL << 20;	/* QEMU's default -m */
	m->smp = 1;
	m->phys_bits = 40;
	ret = parse_options(m, options, err);
	if (ret)
		goto out_destroy;
	if (!m->maxram_size)
		m->maxram_size = m->ram_size;
	/* each board knows its own CPU models */
	if (m->cpu_model[0] && (m->type == MACHINE_VIRT ? !strcmp(m->cpu_model, "qemu64") :
				!strncmp(m->cpu_model, "cortex-", 7))) {
		hm_buf_printf(err, "unable to find CPU model '%s'", m->cpu_model);
		ret = -EINVAL;
		goto out_destroy;
	}
	ret = machine_memory_check(m, err);
	if (ret)
		goto out_destroy;
	ret = m->type == MACHINE_VIRT ? virt_memory_layout(m, err) : pc_memory_layout(m, err);
	if (ret)
		goto out_destroy;
	/*
	 * The guest kernel maps 2^arch_physmem_bits: 64 TiB with 4-level
	 * paging (a CPU without la57), 4 PiB with 5-level.  Boot RAM ending
	 * above it is refused with the reason, not half booted.
	 */
	if (m->type != MACHINE_VIRT && m->above_4g) {
		const struct hm_arch_config a = {
			.kind = HM_ARCH_X86_64,
			.la57 = m->cpu_max && !cmdline_has_word(cmdline, "no5lvl"),
		};
		const unsigned int bits = arch_physmem_bits(&a);

		if (m->above_4g_start + m->above_4g > (1ULL << bits)) {
			hm_buf_printf(err, "RAM up to 0x%llx: the guest kernel (%s-level paging) "
				      "maps physical memory below 0x%llx only",
				      (unsigned long long)(m->above_4g_start + m->above_4g),
				      bits > 46 ? "5" : "4", (unsigned long long)(1ULL << bits));
			ret = -EINVAL;
			goto out_destroy;
		}
	}
	ret = check_host_memory(m, err);
	if (ret)
		goto out_destroy;
	pci_init_board(m);
	ret = cold_devices_place(m, err);
	if (ret)
		goto out_destroy;

	bi = hm_kzalloc(machine_alloc(m), sizeof(*bi));
	if (!bi) {
		ret = -ENOMEM;
		goto out_destroy;
	}
	x86.gbpages = m->cpu_max;	/* qemu64 has no pdpe1gb, max has */
	x86.la57 = m->cpu_max;		/* nor la57: 5-level paging with max */
	x86.phys_bits = m->phys_bits;
	if (m->type == MACHINE_VIRT)
		virt_build_boot_info(m, bi);
	else
		pc_build_boot_info(m, bi);
	machine_boot_cpus(m, bi);
	bi->cmdline = cmdline;
	/* the board decides the architecture; nothing read it before boot */
	m->sys->arch = m->type == MACHINE_VIRT ? arm64 : x86;
	ret = hm_system_boot(m->sys, bi);
	hm_kfree(machine_alloc(m), bi);
	if (ret) {
		hm_buf_printf(err, "the kernel failed to boot (%d)", ret);
		goto out_destroy;
	}
	m->init_log_seq = m->sys->log.next_seq;	/* the guest's init starts */
	machine_guest_sync(m);	/* cold-plugged DIMMs are added by ACPI at boot */
	if (fault) {
		fault->nr_failed = m->sys->alloc.nr_failed;
		fault->nr_calls = m->sys->alloc.nr_calls - fault->nr_calls;
		m->sys->alloc.fail_at = 0;
	}
	*out = m;
	return 0;

out_destroy:
	if (fault) {
		fault->nr_failed = m->sys->alloc.nr_failed;
		fault->nr_calls = m->sys->alloc.nr_calls - fault->nr_calls;
		m->sys->alloc.fail_at = 0;
	}
	leaks = machine_destroy(m);
	if (fault)
		fault->leaks = leaks;
	return ret;
}

int machine_create(struct hm_machine **out, const char *options, const char *cmdline,
		   struct hm_buf *err)
{
	return machine_create_fault(out, options, cmdline, NULL, err);
}

struct hm_system *machine_system(struct hm_machine *m)
{
	return m->sys;
}

unsigned int machine_memory_devices(struct hm_machine *m, struct hm_memory_device_info *out,
				    unsigned int max, uint64_t *base, uint64_t *size)
{
	const struct hm_dimm *d;
	unsigned int n = 0;

	if (base)
		*base = m->device_mem_base;
	if (size)
		*size = m->device_mem_size;
	for (d = m->dimms; d; d = d->next, n++) {
		if (n >= max)
			continue;
		out[n].id = d->id;
		out[n].type = d->type == MDEV_VIRTIO_MEM ? "virtio-mem-pci" : "pc-dimm";
		out[n].addr = d->addr;
		out[n].size = d->size;
		out[n].plugged = d->type == MDEV_VIRTIO_MEM ? d->plugged_size : d->size;
		out[n].node = d->node;
	}
	return n;
}

uint64_t machine_init_log_seq(struct hm_machine *m)
{
	return m->init_log_seq;
}

unsigned long machine_destroy(struct hm_machine *m)
{
	struct hm_system *sys;
	unsigned long leaks;

	if (!m)
		return 0;
	dimms_free(m);
	pci_free(m);
	memdevs_free(m);
	qmp_events_free(m);
	sys = m->sys;
	hm_kfree(&sys->alloc, m);
	leaks = hm_system_destroy(sys);
	return leaks;
}
