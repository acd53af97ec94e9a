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

/*
 * "0", "0-1": a CPU range as a node mask of CPUs; *max the highest index
 * (checked against maxcpus once -smp is known).
 */
static int parse_cpus(const char *s, uint64_t *mask, unsigned long *max)
{
	unsigned long a, b;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	a = strtoul(s, &end, 10);
	b = a;
	if (*end == '-') {
		const char *p = end + 1;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		b = strtoul(p, &end, 10);
		if (b < a)
			return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	if (b > *max)
		*max = b;
	for (; a <= b && a < 64; a++)
		*mask |= 1ULL << a;
	return 0;
}

/*
 * A size option as QemuOpts reads it (qemu_strtosz, bytes without a
 * suffix), with QEMU's messages under the option's location.
 */
static int opt_size(const char *loc, const char *name, const char *v, uint64_t *out,
		    struct hm_buf *err)
{
	int ret = qemu_parse_size(v, 1, out);

	if (ret == -ERANGE)
		hm_buf_printf(err, "%s: Value '%s' is out of range for parameter '%s'", loc, v,
			      name);
	else if (ret)
		hm_buf_printf(err, "%s: Parameter '%s' expects a non-negative number below 2^64",
			      loc, name);
	return ret ? -EINVAL : 0;
}

/*
 * -m [size=]SIZE[,slots=N][,maxmem=SIZE] (vl.c parse_memory_options): the
 * options as QemuOpts parse them, keys of a later -m replacing an earlier
 * one's; a size without suffix is then MiB (the legacy format, "M"
 * appended and read again: "memory.size" beyond 64 bits), 0 means QEMU's
 * default of 128 MiB, and the size is rounded up to 8 KiB.  maxmem without
 * suffix is bytes.  slots is a number (a sign wraps).
 */
static int parse_m(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	char loc[300];
	const char *p = arg;
	int first = 1;

	snprintf(loc, sizeof(loc), "-m %s", arg);
	while (*p) {
		const char *comma = strchr(p, ','), *eq;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char key[32], val[128];
		uint64_t v;

		eq = memchr(p, '=', len);
		if (!eq && first) {
			snprintf(key, sizeof(key), "size");
			snprintf(val, sizeof(val), "%.*s", (int)len, p);
		} else if (!eq) {
			hm_buf_printf(err, "%s: Invalid parameter '%.*s'", loc, (int)len, p);
			return -EINVAL;
		} else {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
			snprintf(val, sizeof(val), "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
		}
		first = 0;
		p += len + (comma ? 1 : 0);
		if (!strcmp(key, "size")) {
			if (opt_size(loc, key, val, &v, err))
				return -EINVAL;
			if (*val && isdigit((unsigned char)val[strlen(val) - 1]) &&
			    qemu_parse_size(val, 1ULL << 20, &v)) {
				hm_buf_printf(err, "Parameter 'memory.size' expects size");
				return -EINVAL;
			}
			m->ram_size = v;
		} else if (!strcmp(key, "maxmem")) {
			if (opt_size(loc, key, val, &m->maxram_size, err))
				return -EINVAL;
			m->has_maxmem = true;
		} else if (!strcmp(key, "slots")) {
			char *end;
			const char *q = val;
			bool neg = *q == '-';

			errno = 0;
			v = strtoull(q + neg, &end, 0);
			if (!val[neg] || *end || errno || !isdigit((unsigned char)val[neg])) {
				hm_buf_printf(err, "%s: Parameter 'slots' expects a number", loc);
				return -EINVAL;
			}
			/* a uint64 property: its limit is checked with the layout, as QEMU does */
			m->ram_slots = neg ? -v : v;
			m->has_slots = true;
		} else {
			hm_buf_printf(err, "%s: Invalid parameter '%s'", loc, key);
			return -EINVAL;
		}
	}
	return 0;
}

/* QEMU 7.2's other memory backends: real types this model does not have. */
bool qemu_backend_type_other(const char *type)
{
	return !strcmp(type, "memory-backend-epc");
}

#define BACKEND_ALL (BACKEND_RAM | BACKEND_FILE | BACKEND_MEMFD)
const struct backend_prop backend_props[] = {
	{ "dump", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "host-nodes", BPROP_NODES, BACKEND_ALL, 0 },
	{ "merge", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "policy", BPROP_POLICY, BACKEND_ALL, 0 },
	{ "prealloc", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "prealloc-threads", BPROP_UINT32, BACKEND_ALL, 0 },
	{ "prealloc-context", BPROP_STR, BACKEND_ALL, 0 },
	{ "share", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "reserve", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "size", BPROP_SIZE, BACKEND_ALL, BACKEND_ALL },
	{ "x-use-canonical-path-for-ramblock-id", BPROP_BOOL, BACKEND_ALL, 0 },
	{ "align", BPROP_SIZE, BACKEND_FILE, 0 },
	{ "discard-data", BPROP_BOOL, BACKEND_FILE, 0 },
	{ "mem-path", BPROP_STR, BACKEND_FILE, BACKEND_FILE },
	{ "pmem", BPROP_BOOL, BACKEND_FILE, 0 },
	{ "readonly", BPROP_BOOL, BACKEND_FILE, 0 },
	{ "hugetlb", BPROP_BOOL, BACKEND_MEMFD, 0 },
	{ "hugetlbsize", BPROP_SIZE, BACKEND_MEMFD, 0 },
	{ "seal", BPROP_BOOL, BACKEND_MEMFD, 0 },
};
const unsigned int nr_backend_props = ARRAY_SIZE(backend_props);

unsigned int backend_kind(const char *type)
{
	return !strcmp(type, "memory-backend-ram") ? BACKEND_RAM :
	       !strcmp(type, "memory-backend-file") ? BACKEND_FILE :
	       !strcmp(type, "memory-backend-memfd") ? BACKEND_MEMFD : 0;
}

bool backend_policy_valid(const char *policy)
{
	return !strcmp(policy, "default") || !strcmp(policy, "preferred") ||
	       !strcmp(policy, "bind") || !strcmp(policy, "interleave");
}

/* keyval's bool (qapi_bool_parse) */
static int keyval_bool(const char *v)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "y"))
		return 1;
	if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "n"))
		return 0;
	return -1;
}

/* id_wellformed: a letter, then letters, digits, '-', '.', '_'. */
bool qemu_id_wellformed(const char *id)
{
	const char *p;

	if (!isalpha((unsigned char)*id))
		return false;
	for (p = id + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-._", *p))
			return false;
	return true;
}

/*
 * The setters and complete of a backend whose properties were all read
 * (val[] indexed as backend_props[], NULL where not given): size and
 * prealloc-threads 0 refused, the duplicate id, a policy other than default
 * without host-nodes, a file backend's align.  Messages without a location
 * as QEMU prints them.
 */
int backend_complete(struct hm_machine *m, const char *type, unsigned int kind, const char *id,
		     uint64_t size, const char *const *val, struct hm_buf *err)
{
	uint64_t align = 0;
	unsigned int i;

	for (i = 0; i < nr_backend_props; i++) {
		if (!val[i] || !(backend_props[i].kinds & kind))
			continue;
		if (!strcmp(backend_props[i].name, "prealloc-threads") &&
		    !strtoull(val[i], NULL, 0)) {
			hm_buf_printf(err, "property 'prealloc-threads' of %s doesn't take value '0'",
				      type);
			return -EINVAL;
		}
		if (!strcmp(backend_props[i].name, "prealloc-context")) {
			/* no thread-context object is modelled */
			hm_buf_printf(err, "Device '%s' not found", val[i]);
			return -ENOENT;
		}
		if (!strcmp(backend_props[i].name, "align"))
			qemu_parse_size(val[i], 1, &align);
	}
	if (!size) {
		hm_buf_printf(err, "property 'size' of %s doesn't take value '0'", type);
		return -EINVAL;
	}
	if (memdev_find(m, id)) {
		hm_buf_printf(err, "attempt to add duplicate property '%s' to object (type "
			      "'container')", id);
		return -EEXIST;
	}
	for (i = 0; i < nr_backend_props; i++)
		if (val[i] && !strcmp(backend_props[i].name, "policy") && strcmp(val[i], "default")) {
			hm_buf_printf(err, "host-nodes must be set for policy %s", val[i]);
			return -EINVAL;
		}
	if (align % 4096) {
		hm_buf_printf(err, "alignment 0x%llx must be multiples of page size 0x1000",
			      (unsigned long long)align);
		return -EINVAL;
	}
	return memdev_add(m, id, size) ? -ENOMEM : 0;
}

/*
 * -object memory-backend-ram|file|memfd,id=ID,size=SIZE,... (user_creatable_add_qapi):
 * the type first (keyval's implied key qom-type), then id and the type's
 * properties as the QAPI visitor asks for them (backend_props' order), the
 * keys it does not know, the id's form, the setters (size and
 * prealloc-threads 0 refused), a duplicate, then the backend's complete
 * (a NUMA policy other than default needs host-nodes; a file's align).
 */
static int parse_object(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	const char *id = NULL, *type = NULL, *unknown = NULL, *val[32] = { NULL };
	char loc[300], *copy, *p;
	uint64_t bytes = 0, u;
	unsigned int kind, i;
	int first = 1, ret = -EINVAL;

	snprintf(loc, sizeof(loc), "-object %s", arg);
	copy = hm_kstrdup(machine_alloc(m), arg);
	if (!copy)
		return -ENOMEM;
	for (p = strtok(copy, ","); p; p = strtok(NULL, ","), first = 0) {
		char *eq = strchr(p, '=');

		if (!eq && first) {
			type = p;
			continue;
		}
		if (eq)
			*eq = '\0';
		for (i = 0; eq && i < nr_backend_props && strcmp(p, backend_props[i].name); i++)
			;
		if (eq && !strcmp(p, "qom-type"))
			type = eq + 1;
		else if (eq && !strcmp(p, "id"))
			id = eq + 1;
		else if (eq && i < nr_backend_props)
			val[i] = eq + 1;
		else if (!unknown)
			unknown = p;	/* visit_check_struct: after the members */
	}
	if (!type) {
		hm_buf_printf(err, "%s: Parameter 'qom-type' is missing", loc);
		goto out;
	}
	kind = backend_kind(type);
	if (!kind) {
		if (qemu_backend_type_other(type))
			hm_buf_printf(err, "%s: -object %s is not modelled (only memory-backend-ram, "
				      "-file and -memfd)", loc, type);
		else
			hm_buf_printf(err, "%s: Parameter 'qom-type' does not accept value '%s'",
				      loc, type);
		goto out;
	}
	if (!id) {
		hm_buf_printf(err, "%s: Parameter 'id' is missing", loc);
		goto out;
	}
	for (i = 0; i < nr_backend_props; i++) {
		const struct backend_prop *bp = &backend_props[i];
		const char *v = val[i];

		if (!(bp->kinds & kind)) {
			if (v && !unknown)
				unknown = bp->name;
			continue;
		}
		if (!v) {
			if (bp->required & kind) {
				hm_buf_printf(err, "%s: Parameter '%s' is missing", loc, bp->name);
				goto out;
			}
			continue;
		}
		switch (bp->type) {
		case BPROP_BOOL:
			if (keyval_bool(v) < 0) {
				hm_buf_printf(err, "%s: Parameter '%s' expects 'on' or 'off'", loc,
					      bp->name);
				goto out;
			}
			break;
		case BPROP_SIZE:
			if (qemu_parse_size(v, 1, &u)) {
				hm_buf_printf(err, "%s: Parameter '%s' expects a size value", loc,
					      bp->name);
				goto out;
			}
			if (!strcmp(bp->name, "size"))
				bytes = u;
			break;
		case BPROP_UINT32:
			if (qemu_parse_size(v, 1, &u) || strpbrk(v, "kKmMgGtTpPeEbB.")) {
				hm_buf_printf(err, "%s: Parameter '%s' expects a uint64 value", loc,
					      bp->name);
				goto out;
			}
			if (u > UINT32_MAX) {
				hm_buf_printf(err, "%s: Parameter '%s' expects uint32_t", loc,
					      bp->name);
				goto out;
			}
			break;
		case BPROP_POLICY:
			if (!backend_policy_valid(v)) {
				hm_buf_printf(err, "%s: Parameter 'policy' does not accept value '%s'",
					      loc, v);
				goto out;
			}
			break;
		case BPROP_STR:
			break;
		case BPROP_NODES:
			hm_buf_printf(err, "%s: host-nodes are not modelled (they bind the backend "
				      "to the host's NUMA nodes)", loc);
			goto out;
		}
	}
	if (unknown) {
		hm_buf_printf(err, "%s: Invalid parameter '%s'", loc, unknown);
		goto out;
	}
	if (memdev_find(m, id)) {	/* qemu_opts_create: -object's ids are unique */
		hm_buf_printf(err, "%s: Duplicate ID '%s' for object", loc, id);
		goto out;
	}
	if (!qemu_id_wellformed(id)) {
		hm_buf_printf(err, "%s: Parameter 'id' expects an identifier", loc);
		goto out;
	}
	ret = backend_complete(m, type, kind, id, bytes, val, err);
out:
	hm_kfree(machine_alloc(m), copy);
	return ret;
}

/*
 * -numa node,nodeid=N,cpus=A[-B],memdev=ID (numa.c parse_numa_node), with
 * QEMU's messages under the option's location; the CPU indexes are checked
 * against maxcpus once -smp is known (numa_check_cpus).
 */
static int parse_numa(struct hm_machine *m, char *arg, struct hm_buf *err)
{
	static const char *const keys[] = { "type", "nodeid", "cpus", "memdev", NULL };
	static const char *const other_types[] = { "dist", "cpu", "hmat-lb", "hmat-cache" };
	struct hm_numa_node *node;
	struct hm_memdev *md = NULL;
	char loc[sizeof(node->loc)], *kv[8];
	const char *v, *type;
	int n, first = 0;
	long nodeid = m->nr_numa;
	unsigned int i, k;

	snprintf(loc, sizeof(loc), "-numa %s", arg);
	n = split_commas(arg, kv, 8);
	if (n > 0 && !strchr(kv[0], '='))
		first = 1;
	type = first ? kv[0] : opt_get(kv, n, "type");
	if (!type) {
		hm_buf_printf(err, "%s: Parameter 'type' is missing", loc);
		return -EINVAL;
	}
	if (strcmp(type, "node")) {
		for (k = 0; k < ARRAY_SIZE(other_types) && strcmp(type, other_types[k]); k++)
			;
		if (k < ARRAY_SIZE(other_types))
			hm_buf_printf(err, "%s: -numa %s is not modelled (only -numa node)", loc,
				      type);
		else
			hm_buf_printf(err, "%s: Parameter 'type' does not accept value '%s'", loc,
				      type);
		return -EINVAL;
	}
	for (i = first; i < (unsigned int)n; i++) {
		const char *eq = strchr(kv[i], '=');
		size_t len = eq ? (size_t)(eq - kv[i]) : strlen(kv[i]);

		for (k = 0; keys[k] && (strlen(keys[k]) != len || strncmp(kv[i], keys[k], len)); k++)
			;
		if (!keys[k] || !eq) {
			hm_buf_printf(err, "%s: Invalid parameter '%.*s'", loc, (int)len, kv[i]);
			return -EINVAL;
		}
	}
	v = opt_get(kv, n, "nodeid");
	if (v && parse_int(v, 0, 65535, &nodeid)) {
		hm_buf_printf(err, "%s: Parameter 'nodeid' expects uint16_t", loc);
		return -EINVAL;
	}
	/* parse_numa_node's checks, with its messages */
	if (nodeid >= QEMU_MAX_NODES) {
		hm_buf_printf(err, "%s: Max number of NUMA nodes reached: %ld", loc, nodeid);
		return -EINVAL;
	}
	for (i = 0; i < m->nr_numa; i++) {
		if (m->numa[i].nodeid == nodeid) {
			hm_buf_printf(err, "%s: Duplicate NUMA nodeid: %ld", loc, nodeid);
			return -EINVAL;
		}
	}
	if (m->nr_numa == MAX_NUMA || nodeid >= MAX_NUMA) {
		hm_buf_printf(err, "%s: at most %d NUMA nodes are modelled", loc, MAX_NUMA);
		return -EINVAL;
	}
	node = &m->numa[m->nr_numa];
	memset(node, 0, sizeof(*node));
	node->nodeid = (int)nodeid;
	snprintf(node->loc, sizeof(node->loc), "%s", loc);
	for (i = first; i < (unsigned int)n; i++) {
		if (strncmp(kv[i], "cpus=", 5))
			continue;
		if (parse_cpus(kv[i] + 5, &node->cpus, &node->max_cpu)) {
			hm_buf_printf(err, "%s: Parameter 'cpus' expects a list of integers", loc);
			return -EINVAL;
		}
		node->has_cpus = true;
	}
	v = opt_get(kv, n, "memdev");
	if (v) {
		md = memdev_find(m, v);
		if (!md) {
			/* object_resolve_path_type found none: QEMU 7.2's words */
			hm_buf_printf(err, "%s: memdev=%s is ambiguous", loc, v);
			return -EINVAL;
		}
		md->numa_node = true;
		node->mem = md->size;
	}
	m->nr_numa++;
	return 0;
}

/* numa.c parse_numa_node: each CPU index of cpus= below maxcpus. */
static int numa_check_cpus(struct hm_machine *m, struct hm_buf *err)
{
	unsigned int i;

	for (i = 0; i < m->nr_numa; i++) {
		if (m->numa[i].has_cpus && m->numa[i].max_cpu >= m->smp_topo.max_cpus) {
			hm_buf_printf(err, "%s: CPU index (%lu) should be smaller than maxcpus (%u)",
				      m->numa[i].loc, m->numa[i].max_cpu, m->smp_topo.max_cpus);
			return -EINVAL;
		}
	}
	return 0;
}

/* The boards modelled, by the names -machine takes (QEMU's aliases of the 7.2 types). */
static int machine_type_by_name(const char *name, enum machine_type *type)
{
	static const struct { const char *name; enum machine_type type; } boards[] = {
		{ "pc", MACHINE_PC }, { "q35", MACHINE_Q35 }, { "virt", MACHINE_VIRT },
		{ "pc-i440fx-7.2", MACHINE_PC }, { "pc-q35-7.2", MACHINE_Q35 },
		{ "virt-7.2", MACHINE_VIRT },
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
	int n = split_commas(arg, kv, 8), first = 0, i, k;
	const char *v, *pending = NULL;
	size_t pending_len = 0;

	if (n > 0 && !strchr(kv[0], '=')) {
		if (machine_type_by_name(kv[0], &m->type)) {
			hm_buf_printf(err, "-machine: only the pc, q35 and virt machines are "
				      "modelled");
			return -EINVAL;
		}
		first = 1;
	}
	for (i = first; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		size_t len = eq ? (size_t)(eq - kv[i]) : strlen(kv[i]);

		for (k = 0; keys[k] && (strlen(keys[k]) != len || strncmp(kv[i], keys[k], len)); k++)
			;
		if (!keys[k]) {
			/* a machine property: the board's type names it */
			pending = kv[i];
			pending_len = len;
		}
	}
	v = opt_get(kv, n, "type");
	if (v && machine_type_by_name(v, &m->type)) {
		hm_buf_printf(err, "-machine: only the pc, q35 and virt machines are modelled");
		return -EINVAL;
	}
	if (pending) {
		hm_buf_printf(err, "Property '%s-machine.%.*s' not found",
			      m->type == MACHINE_PC ? "pc-i440fx-7.2" :
			      m->type == MACHINE_Q35 ? "pc-q35-7.2" : "virt-7.2",
			      (int)pending_len, pending);
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
			/* read with the board's limits, after every option */
			if (m->nr_smp_opts == ARRAY_SIZE(m->smp_opts)) {
				hm_buf_printf(err, "-smp: at most %zu -smp options",
					      ARRAY_SIZE(m->smp_opts));
				ret = -EINVAL;
			} else {
				m->smp_opts[m->nr_smp_opts++] = arg;
			}
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
	/* vl.c set_memory_options: -m 0 is QEMU's default, and 8 KiB aligned */
	if (!m->ram_size)
		m->ram_size = 128ULL << 20;
	m->ram_size = (m->ram_size + 8191) & ~8191ULL;
	if (!ret)
		ret = machine_parse_smp(m, err);
	if (!ret)
		ret = numa_check_cpus(m, err);
	m->smp = m->smp_topo.cpus;
	m->nr_smp_opts = 0;	/* they point into copy */
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

/*
 * A memory affinity structure of the SRAT (build_srat_memory), on either
 * board; @ram: boot RAM, not the hotplug region or an NVDIMM.  The table
 * has room for every structure a machine can describe (system.h).
 */
void srat_add(struct hm_boot_info *bi, uint64_t start, uint64_t len, int nid, bool ram)
{
	if (bi->nr_numa == SRAT_MAX_MEM_AFFINITY)
		return;
	bi->numa[bi->nr_numa].start = start;
	bi->numa[bi->nr_numa].end = start + len;
	bi->numa[bi->nr_numa].nid = nid;
	bi->numa[bi->nr_numa].ram = ram;
	bi->nr_numa++;
}

/*
 * The initrd every machine boots with: the oracle's busybox initramfs
 * (/work/shared/oracle/build-initramfs.sh's initramfs.gz, 6705321 bytes
 * as built for Debian's 6.1.0-56-amd64; the kernel logs "RAMDISK: [mem
 * 0x3f97a000-0x3ffdffff]" at -m 1G).  QEMU 7.2's x86_load_linux puts it
 * at the top of RAM below 4 GiB less acpi_data_size (0x20000): the
 * kernel's header allows it anywhere below 4 GiB
 * (XLF_CAN_BE_LOADED_ABOVE_4G), so initrd_max is below_4g - 0x20000 - 1,
 * and the image starts at (initrd_max - size) rounded down to a page.
 */
#define PC_INITRD_SIZE		6705321ULL
#define PC_ACPI_DATA_SIZE	0x20000ULL

static void pc_place_initrd(const struct hm_machine *m, struct hm_boot_info *bi)
{
	uint64_t initrd_max = m->below_4g - PC_ACPI_DATA_SIZE - 1;

	if (m->below_4g < PC_ACPI_DATA_SIZE + PC_INITRD_SIZE + (1ULL << 20))
		return;	/* QEMU: "qemu: initrd is too large, cannot support" */
	bi->initrd_start = (initrd_max - PC_INITRD_SIZE) & ~4095ULL;
	bi->initrd_size = PC_INITRD_SIZE;
}

/*
 * nvdimm_build_srat (hw/acpi/nvdimm.c), on both boards between the nodes'
 * RAM and the hotplug region: one enabled, non-volatile memory affinity per
 * cold-plugged NVDIMM on its node= property.  QEMU walks the QOM tree for
 * them; hotmem takes them in the order its NFIT numbers them (the device
 * list, guest.c).  A domain met first here (an NVDIMM on a node with no CPU
 * and no RAM) is given the next kernel node (srat.c).
 */
void srat_add_nvdimms(const struct hm_machine *m, struct hm_boot_info *bi)
{
	const struct hm_dimm *d;

	for (d = m->dimms; d; d = d->next)
		if (d->type == MDEV_NVDIMM && !d->hotplugged)
			srat_add(bi, d->addr, d->size, d->node, false);
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
	pc_place_initrd(m, bi);

	if (!m->nr_numa) {
		bi->possible_nodes = 1;
		bi->cpu_nodes = 1;
		return;
	}
	/*
	 * build_srat: a processor affinity per possible CPU, then node memory
	 * laid out in order, cutting the 640K and PCI holes; proximity
	 * domains are QEMU's node ids, the kernel numbers the nodes (srat.c)
	 */
	bi->srat = true;	/* machine_boot_cpus: a processor affinity per possible CPU */
	for (i = 0; i < m->nr_numa; i++) {
		int nid = m->numa[i].nodeid;

		mem_base = next_base;
		mem_len = m->numa[i].mem;
		next_base = mem_base + mem_len;
		if (mem_base <= hole_640k_start && next_base > hole_640k_start) {
			mem_len -= next_base - hole_640k_start;
			if (mem_len > 0)
				srat_add(bi, mem_base, mem_len, nid, true);
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
				srat_add(bi, mem_base, mem_len, nid, true);
			mem_base = m->above_4g_start;
			mem_len = next_base - m->below_4g;
			next_base = mem_base + mem_len;
		}
		if (mem_len > 0)
			srat_add(bi, mem_base, mem_len, nid, true);
	}
	if (m->nvdimm)
		srat_add_nvdimms(m, bi);
	if (m->device_mem_size)
		srat_add(bi, m->device_mem_base, m->device_mem_size,
			 m->numa[m->nr_numa - 1].nodeid, false);
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
 *
 * The dense page tables (HOTMEM_PGTABLE=dense, and the dense memmap's mode:
 * pgtable_init) hold every table of the linear map as a struct pt_table
 * and its 512 entries.  arm64 maps RAM in 4 KiB pages (map_mem with
 * rodata=full, arch/arm64/mm/mmu.c): a PTE table per 2 MiB and a PMD
 * table per GiB, 2 GiB of tables for 1 TiB; x86 in 1 GiB pages
 * (arch/x86/mm/init_64.c, gbpages), a few tables, inside the fixed overhead.
 */
#define BOOT_OVERHEAD (32ULL << 20)
#define SECTION_OVERHEAD 1024ULL
#define PT_DENSE_TABLE_BYTES (sizeof(struct pt_table) + 512 * sizeof(uint64_t) + 32)
static int check_host_memory(struct hm_machine *m, struct hm_buf *err)
{
	bool dense = m->sys->sparse.memmap_dense;
	bool pt_dense = dense || (getenv("HOTMEM_PGTABLE") &&
				  !strcmp(getenv("HOTMEM_PGTABLE"), "dense"));
	uint64_t sections = (m->ram_size + MIN_MEMORY_BLOCK_SIZE - 1) / MIN_MEMORY_BLOCK_SIZE;
	uint64_t need = sections * SECTION_OVERHEAD + BOOT_OVERHEAD, tables = 0;
	const char *what;
	uint64_t avail;

	if (dense)	/* the struct pages are the whole story */
		need = m->ram_size / PAGE_SIZE * sizeof(struct page) + BOOT_OVERHEAD;
	if (pt_dense && m->type == MACHINE_VIRT) {
		tables = (m->ram_size >> 21) + (m->ram_size >> 30) + 2;
		need += tables * PT_DENSE_TABLE_BYTES;
	}
	avail = host_available(&what);
	if (need <= avail)
		return 0;
	hm_buf_printf(err, "guest too big for this host: the memmap of ");
	print_size(err, m->ram_size);
	if (dense)
		hm_buf_printf(err, " of RAM (%zu bytes of struct page per 4 KiB page, "
			      "HOTMEM_MEMMAP=dense)", sizeof(struct page));
	else
		hm_buf_printf(err, " of RAM (%llu bytes per 128 MiB section)", SECTION_OVERHEAD);
	if (tables)
		hm_buf_printf(err, ", the %llu dense tables of its linear map (%zu bytes each, "
			      "HOTMEM_%s=dense)", (unsigned long long)tables, PT_DENSE_TABLE_BYTES,
			      dense ? "MEMMAP" : "PGTABLE");
	hm_buf_printf(err, " and its overhead need about ");
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
	ret = machine_iomem_setup(m);
	if (ret) {
		hm_buf_printf(err, "the machine's resources do not fit the guest's iomem (%d)",
			      ret);
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
		out[n].type = d->type == MDEV_VIRTIO_MEM ? "virtio-mem-pci" :
			      d->type == MDEV_NVDIMM ? "nvdimm" : "pc-dimm";
		out[n].addr = d->addr;
		out[n].size = d->size;
		out[n].plugged = d->type == MDEV_VIRTIO_MEM ? d->plugged_size : d->size;
		out[n].node = d->node;
		out[n].block_size = d->type == MDEV_VIRTIO_MEM ? d->block_size : 0;
		out[n].plugged_blocks = d->type == MDEV_VIRTIO_MEM ? d->plugged_blocks : NULL;
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
