/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srat.h - the ACPI SRAT's proximity domains as the kernel numbers them
 * (drivers/acpi/numa/srat.c) and x86's memory_add_physaddr_to_nid
 * (arch/x86/mm/numa.c).
 */
#ifndef HOTMEM_SRAT_H
#define HOTMEM_SRAT_H

#include <stdint.h>
#include "hotmem/types.h"

#define MAX_PXM_DOMAINS	256	/* the kernel's, for SRAT revision 2 and later */

struct hm_system;
struct hm_boot_info;

/*
 * The kernel's view of the SRAT: proximity domain to node, node to
 * proximity domain, and numa_meminfo (the enabled memory affinities below
 * the end of boot RAM, in table order) that memory_add_physaddr_to_nid
 * searches.
 */
struct srat_numa {
	bool parsed;			/* the firmware had an SRAT */
	int pxm_to_node_map[MAX_PXM_DOMAINS];
	int node_to_pxm_map[MAX_NUMNODES];
	struct { uint64_t start, end; int nid; } meminfo[MAX_NUMNODES + 1];
	unsigned int nr_meminfo;
};

/**
 * srat_numa_init() - empty the SRAT's numbering
 * @s: the numbering: no domain mapped (NUMA_NO_NODE), no node's domain
 *	(-1), no meminfo
 */
void srat_numa_init(struct srat_numa *s);

/**
 * acpi_numa_init() - number the SRAT's proximity domains as nodes
 * @sys: the system (its srat is rewritten)
 * @bi: the boot description with bi->srat: its domains become nodes
 *
 * The processor affinities (one per possible CPU, in APIC order) map their
 * domains to nodes first, then the memory affinities, in table order:
 * nodes are numbered as domains are first seen, so a domain with neither
 * CPU nor memory has no node, and the next domain takes its number.
 * Rewrites @bi's memory affinities, cpu_node[] and node masks from domains
 * to those nodes; the affinities of boot RAM make numa_meminfo.
 *
 * Return: 0; -EINVAL for a domain beyond MAX_PXM_DOMAINS or more domains
 * than MAX_NUMNODES (@bi is then partly rewritten: boot fails).
 */
int acpi_numa_init(struct hm_system *sys, struct hm_boot_info *bi);

/**
 * pxm_to_node() - the node of a proximity domain
 * @sys: the system
 * @pxm: the domain
 *
 * Return: the node; NUMA_NO_NODE for a domain the SRAT did not name.
 */
int pxm_to_node(const struct hm_system *sys, int pxm);

/**
 * node_to_pxm() - the proximity domain of a node
 * @sys: the system
 * @nid: the node
 *
 * Return: the domain; -1 for a node no domain became.
 */
int node_to_pxm(const struct hm_system *sys, int nid);

/**
 * memory_add_physaddr_to_nid() - x86's node for hot-added memory
 * @sys: the system
 * @start: the memory's first byte
 *
 * Return: the node of the last numa_meminfo range (boot RAM) that holds
 * @start, else the first range's node (0 without an SRAT).
 */
int memory_add_physaddr_to_nid(const struct hm_system *sys, uint64_t start);

#endif /* HOTMEM_SRAT_H */
