// SPDX-License-Identifier: GPL-2.0
/*
 * smp.c - QEMU 7.2's -smp (hw/core/machine-smp.c machine_parse_smp_config)
 * on the modelled boards, with its messages, and which node each possible
 * CPU belongs to (the -numa cpus= lists, else the board's default).
 *
 * -smp is [cpus=]N,sockets=,dies=,clusters=,cores=,threads=,maxcpus=, each
 * an integer as QEMU's keyval visitor reads it (decimal, 0x-hex, octal, a
 * sign), kept in unsigned 32 bits; a later key overrides an earlier one; 0
 * is deprecated and taken as omitted.  Omitted values: with neither cpus nor
 * maxcpus everything is 1; else maxcpus = cpus, and since QEMU 6.2 cores
 * are preferred over sockets (cores = maxcpus / the rest), then threads.
 * The product of the hierarchy must equal maxcpus, and maxcpus be at least
 * cpus; then the board's CPU limit.  x86 has dies (no clusters), virt
 * clusters (no dies).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "machine/machine_internal.h"

#define MODELLED_MAX_CPUS 64	/* a node's CPUs are a 64-bit mask */

/* qemu_strtoi64 with base 0: the whole string, a sign allowed. */
static int parse_i64(const char *s, int64_t *out)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*out = strtoll(s, &end, 0);
	return *end || errno ? -EINVAL : 0;
}

struct smp_config {
	uint32_t cpus, sockets, dies, clusters, cores, threads, maxcpus;
};

static int smp_parse_opt(const char *arg, struct smp_config *c, struct hm_buf *err)
{
	static const char *const keys[] = { "cpus", "sockets", "dies", "clusters", "cores",
					    "threads", "maxcpus" };
	uint32_t *const fields[] = { &c->cpus, &c->sockets, &c->dies, &c->clusters, &c->cores,
				     &c->threads, &c->maxcpus };
	const char *p = arg;
	int first = 1;

	while (*p) {
		const char *comma = strchr(p, ','), *eq;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char key[32], val[64];
		unsigned int k;
		int64_t v;

		eq = memchr(p, '=', len);
		if (!eq && first) {
			snprintf(key, sizeof(key), "cpus");
			snprintf(val, sizeof(val), "%.*s", (int)len, p);
		} else if (!eq) {
			/* a bare key without value: keyval's "expects" of a flag */
			hm_buf_printf(err, "Parameter 'smp.%.*s' is unexpected", (int)len, p);
			return -EINVAL;
		} else {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
			snprintf(val, sizeof(val), "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
		}
		first = 0;
		for (k = 0; k < ARRAY_SIZE(keys) && strcmp(key, keys[k]); k++)
			;
		if (k == ARRAY_SIZE(keys)) {
			hm_buf_printf(err, "Parameter 'smp.%s' is unexpected", key);
			return -EINVAL;
		}
		if (parse_i64(val, &v)) {
			hm_buf_printf(err, "Parameter 'smp.%s' expects integer", key);
			return -EINVAL;
		}
		*fields[k] = (uint32_t)v;	/* "unsigned cpus = config->cpus" */
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

static void topology_string(const struct hm_machine *m, const struct hm_smp *s,
			    struct hm_buf *err)
{
	hm_buf_printf(err, "sockets (%u)", s->sockets);
	if (m->type == MACHINE_VIRT)
		hm_buf_printf(err, " * clusters (%u)", s->clusters);
	else
		hm_buf_printf(err, " * dies (%u)", s->dies);
	hm_buf_printf(err, " * cores (%u) * threads (%u)", s->cores, s->threads);
}

int machine_parse_smp(struct hm_machine *m, struct hm_buf *err)
{
	const char *name = m->type == MACHINE_PC ? "pc-i440fx-7.2" :
			   m->type == MACHINE_Q35 ? "pc-q35-7.2" : "virt-7.2";
	const uint32_t board_max = m->type == MACHINE_PC ? 255 : m->type == MACHINE_Q35 ? 288 :
				   512;
	struct smp_config c = { 0 };
	struct hm_smp *s = &m->smp_topo;
	uint32_t cpus, sockets, dies, clusters, cores, threads, maxcpus, div;
	unsigned int i;

	for (i = 0; i < m->nr_smp_opts; i++)
		if (smp_parse_opt(m->smp_opts[i], &c, err))
			return -EINVAL;
	cpus = c.cpus;
	sockets = c.sockets;
	dies = c.dies;
	clusters = c.clusters;
	cores = c.cores;
	threads = c.threads;
	maxcpus = c.maxcpus;
	if (m->type == MACHINE_VIRT && dies > 1) {
		hm_buf_printf(err, "dies not supported by this machine's CPU topology");
		return -EINVAL;
	}
	if (m->type != MACHINE_VIRT && clusters > 1) {
		hm_buf_printf(err, "clusters not supported by this machine's CPU topology");
		return -EINVAL;
	}
	dies = dies ? dies : 1;
	clusters = clusters ? clusters : 1;
	if (!cpus && !maxcpus) {
		sockets = sockets ? sockets : 1;
		cores = cores ? cores : 1;
		threads = threads ? threads : 1;
	} else {
		maxcpus = maxcpus ? maxcpus : cpus;
		if (!cores) {
			sockets = sockets ? sockets : 1;
			threads = threads ? threads : 1;
			div = sockets * dies * clusters * threads;
			cores = div ? maxcpus / div : 0;
		} else if (!sockets) {
			threads = threads ? threads : 1;
			div = dies * clusters * cores * threads;
			sockets = div ? maxcpus / div : 0;
		} else {
			div = 1;
		}
		if (!threads) {
			div = sockets * dies * clusters * cores;
			threads = div ? maxcpus / div : 0;
		}
		if (!div) {
			/* QEMU 7.2 divides by zero here and dies of SIGFPE */
			hm_buf_printf(err, "-smp: the product of the CPU topology overflows 32 bits "
				      "(QEMU 7.2 dies of a floating point exception)");
			return -EINVAL;
		}
	}
	maxcpus = maxcpus ? maxcpus : sockets * dies * clusters * cores * threads;
	cpus = cpus ? cpus : maxcpus;
	s->cpus = cpus;
	s->sockets = sockets;
	s->dies = dies;
	s->clusters = clusters;
	s->cores = cores;
	s->threads = threads;
	s->max_cpus = maxcpus;
	if (sockets * dies * clusters * cores * threads != maxcpus) {
		hm_buf_printf(err, "Invalid CPU topology: product of the hierarchy must match "
			      "maxcpus: ");
		topology_string(m, s, err);
		hm_buf_printf(err, " != maxcpus (%u)", maxcpus);
		return -EINVAL;
	}
	if (maxcpus < cpus) {
		hm_buf_printf(err, "Invalid CPU topology: maxcpus must be equal to or greater "
			      "than smp: ");
		topology_string(m, s, err);
		hm_buf_printf(err, " == maxcpus (%u) < smp_cpus (%u)", maxcpus, cpus);
		return -EINVAL;
	}
	if (maxcpus > board_max) {
		hm_buf_printf(err, "Invalid SMP CPUs %d. The max CPUs supported by machine '%s' "
			      "is %u", (int)maxcpus, name, board_max);
		return -EINVAL;
	}
	/* machvirt_init: the default GICv2 under TCG serves 8 CPUs */
	if (m->type == MACHINE_VIRT && maxcpus > 8) {
		hm_buf_printf(err, "Number of SMP CPUs requested (%u) exceeds max CPUs supported "
			      "by machine 'mach-virt' (8)", maxcpus);
		return -EINVAL;
	}
	if (maxcpus > MODELLED_MAX_CPUS) {
		hm_buf_printf(err, "-smp: %u possible CPUs, at most %d are modelled", maxcpus,
			      MODELLED_MAX_CPUS);
		return -EINVAL;
	}
	return 0;
}

/*
 * The node of possible CPU i: the -numa node whose cpus= lists it, else
 * the board's get_default_cpu_node_id: its socket modulo the number of
 * nodes (x86 decodes the socket from the APIC id: dies * cores * threads
 * CPUs a package; virt: clusters * cores * threads a socket).
 */
int machine_cpu_node(const struct hm_machine *m, unsigned int cpu)
{
	const struct hm_smp *s = &m->smp_topo;
	unsigned int i, per_socket;

	for (i = 0; i < m->nr_numa; i++)
		if (m->numa[i].cpus & 1ULL << cpu)
			return m->numa[i].nodeid;
	per_socket = (m->type == MACHINE_VIRT ? s->clusters : s->dies) * s->cores * s->threads;
	return m->nr_numa ? (int)(cpu / per_socket % m->nr_numa) : 0;
}
