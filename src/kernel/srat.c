// SPDX-License-Identifier: GPL-2.0
/*
 * srat.c - the ACPI SRAT's proximity domains as the kernel numbers them
 * (drivers/acpi/numa/srat.c: acpi_numa_init, acpi_map_pxm_to_node,
 * pxm_to_node) and the node of memory outside every affinity
 * (arch/x86/mm/numa.c: memory_add_physaddr_to_nid).
 *
 * QEMU writes one processor affinity per possible CPU and one memory
 * affinity per piece of a node's RAM, then one per NVDIMM (non-volatile, on
 * its node= property), then the hotplug region on the last node; a -numa
 * node with neither CPU, memory nor NVDIMM is in none of them.  The
 * kernel gives nodes to domains as it meets them, processor affinities
 * first: QEMU's node 2 after such a node 1 is the kernel's node 1, and a
 * device whose _PXM (or virtio-mem's node_id) names the skipped domain
 * gets NUMA_NO_NODE and then memory_add_physaddr_to_nid's answer.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/srat.h"
#include "hotmem/system.h"

void srat_numa_init(struct srat_numa *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < MAX_PXM_DOMAINS; i++)
		s->pxm_to_node_map[i] = NUMA_NO_NODE;
	for (i = 0; i < MAX_NUMNODES; i++)
		s->node_to_pxm_map[i] = -1;
}

/* acpi_map_pxm_to_node: the domain's node, a new one the first time. */
static int acpi_map_pxm_to_node(struct srat_numa *s, int pxm, int *nr_nodes)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS)
		return NUMA_NO_NODE;
	if (s->pxm_to_node_map[pxm] == NUMA_NO_NODE) {
		if (*nr_nodes >= MAX_NUMNODES)
			return NUMA_NO_NODE;
		s->pxm_to_node_map[pxm] = *nr_nodes;
		s->node_to_pxm_map[*nr_nodes] = pxm;
		(*nr_nodes)++;
	}
	return s->pxm_to_node_map[pxm];
}

int acpi_numa_init(struct hm_system *sys, struct hm_boot_info *bi)
{
	struct srat_numa *s = &sys->srat;
	nodemask_t possible = 0, cpus = 0;
	int nr_nodes = 0, nid;
	unsigned int i;

	srat_numa_init(s);
	s->parsed = true;
	for (i = 0; i < bi->nr_srat_cpus; i++) {
		nid = acpi_map_pxm_to_node(s, bi->cpu_node[i], &nr_nodes);
		if (nid == NUMA_NO_NODE)
			return -EINVAL;
		bi->cpu_node[i] = nid;
		node_set(nid, possible);
		if (i < bi->nr_cpus)	/* a CPU present at boot */
			node_set(nid, cpus);
	}
	for (i = 0; i < bi->nr_numa; i++) {
		nid = acpi_map_pxm_to_node(s, bi->numa[i].nid, &nr_nodes);
		if (nid == NUMA_NO_NODE)
			return -EINVAL;
		bi->numa[i].nid = nid;
		node_set(nid, possible);
		/*
		 * numa_cleanup_meminfo moves what memblock.memory does not
		 * overlap (the hotplug region, NVDIMMs) to numa_reserved_meminfo
		 */
		if (bi->numa[i].ram) {
			s->meminfo[s->nr_meminfo].start = bi->numa[i].start;
			s->meminfo[s->nr_meminfo].end = bi->numa[i].end;
			s->meminfo[s->nr_meminfo].nid = nid;
			s->nr_meminfo++;
		}
	}
	bi->possible_nodes = possible;
	bi->cpu_nodes = cpus;
	return 0;
}

int pxm_to_node(const struct hm_system *sys, int pxm)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS)
		return NUMA_NO_NODE;
	return sys->srat.pxm_to_node_map[pxm];
}

int node_to_pxm(const struct hm_system *sys, int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return -1;
	return sys->srat.node_to_pxm_map[nid];
}

int memory_add_physaddr_to_nid(const struct hm_system *sys, uint64_t start)
{
	const struct srat_numa *s = &sys->srat;
	int nid = s->nr_meminfo ? s->meminfo[0].nid : 0;
	unsigned int i;

	for (i = 0; i < s->nr_meminfo; i++)
		if (s->meminfo[i].start <= start && start < s->meminfo[i].end)
			nid = s->meminfo[i].nid;
	return nid;
}
