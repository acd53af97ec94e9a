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

void srat_numa_init(struct srat_numa *s);
/*
 * acpi_numa_init (with bi->srat): the processor affinities (one per
 * possible CPU, in APIC order) map their domains to nodes first, then the memory affinities, in
 * table order: nodes are numbered as domains are first seen, so a domain
 * with neither CPU nor memory has no node, and the next domain takes its
 * number.  Rewrites bi's memory affinities and node masks from domains to
 * those nodes, and cpu_node[] too.  -EINVAL for a domain beyond MAX_PXM_DOMAINS or more domains
 * than MAX_NUMNODES.
 */
int acpi_numa_init(struct hm_system *sys, struct hm_boot_info *bi);
/* NUMA_NO_NODE for a domain the SRAT did not name. */
int pxm_to_node(const struct hm_system *sys, int pxm);
int node_to_pxm(const struct hm_system *sys, int nid);
/* The node whose boot memory holds start, else the first one's. */
int memory_add_physaddr_to_nid(const struct hm_system *sys, uint64_t start);

#endif /* HOTMEM_SRAT_H */
