// SPDX-License-Identifier: GPL-2.0
/*
 * percpu.c - the per-CPU first chunk as mm/percpu.c embeds it at boot
 * (pcpu_build_alloc_info, pcpu_embed_first_chunk, pcpu_fc_alloc), called
 * from the arch's setup_per_cpu_areas (x86: arch/x86/kernel/setup_percpu.c;
 * arm64: drivers/base/arch_numa.c).
 *
 * The sizes of the first chunk are the kernel binary's: the static per-CPU
 * section, the module reserve and the dynamic reserve, as Debian's 6.1
 * kernels print them at boot ("percpu: Embedded 62 pages/cpu s217088 r8192
 * d28672" for 6.1.0-56-amd64, "percpu: Embedded 30 pages/cpu s85864 r8192
 * d28824" for 6.1.0-56-cloud-arm64, in the oracles' kernel logs).  Where
 * the areas go follows from memblock, as the kernel allocates them.
 */
#include <errno.h>
#include <string.h>
#include "hotmem/percpu.h"
#include "hotmem/system.h"

#define PCPU_MIN_UNIT_SIZE	(32UL << 10)	/* PFN_ALIGN(32 << 10) */

struct pcpu_arch {
	uint64_t static_size, reserved_size, dyn_size;
	uint64_t atom_size;	/* x86_64: PMD_SIZE (cpu_has_pse); arm64: PAGE_SIZE */
	uint64_t goal;		/* pcpu_fc_alloc's __pa(MAX_DMA_ADDRESS) */
	/*
	 * Where crash_core.c's alloc_percpu(note_buf_t) lands in the unit:
	 * the dynamic area's allocations by the boot code and initcalls
	 * before crash_notes_memory_init (a subsys_initcall) decide it, and
	 * their sizes are the binary's, so this is measured, not derived:
	 * the oracles' cpuN/crash_notes less the unit's address.  x86 (pc
	 * and q35): 0x3a400 with 1 or 2 CPUs on one node, 0x3a600 with 4 or
	 * 8, 0x3a800 with 2 CPUs on 2 nodes, 0x3ae00 with 3 CPUs on 3 nodes:
	 * crash_notes, plus more_cpus above two CPUs, plus per_node for each
	 * possible node after the first.  arm64: 0x1a000 with 1, 2 and 4
	 * CPUs (it boots with one node: numa_off).
	 */
	uint64_t crash_notes, crash_notes_more_cpus, crash_notes_per_node;
};

static const struct pcpu_arch pcpu_x86_64 = {
	.static_size = 217088, .reserved_size = 8192, .dyn_size = 28672,
	.atom_size = 2UL << 20, .goal = 16UL << 20,
	.crash_notes = 0x3a400, .crash_notes_more_cpus = 0x200, .crash_notes_per_node = 0x400,
};

static const struct pcpu_arch pcpu_arm64 = {
	.static_size = 85864, .reserved_size = 8192, .dyn_size = 28824,
	.atom_size = PAGE_SIZE, .goal = 0,
	.crash_notes = 0x1a000,
};

static const struct pcpu_arch *pcpu_arch(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_ARM64 ? &pcpu_arm64 : &pcpu_x86_64;
}

/*
 * pcpu_build_alloc_info's grouping: CPUs further apart than LOCAL_DISTANCE
 * go to different groups.  QEMU's distances (no SLIT, or its defaults)
 * are local exactly within a node.
 */
static unsigned int pcpu_group_cpus(const struct hm_system *sys, int *group_map,
				    unsigned int *group_cnt)
{
	unsigned int cpu, tcpu, nr_groups = 1;
	int group;

	for (cpu = 0; cpu < sys->cpus.nr; cpu++) {
		group = 0;
next_group:
		for (tcpu = 0; tcpu < cpu; tcpu++) {
			if (group_map[tcpu] == group &&
			    sys->cpus.node[tcpu] != sys->cpus.node[cpu]) {
				group++;
				if ((unsigned int)group + 1 > nr_groups)
					nr_groups = group + 1;
				goto next_group;
			}
		}
		group_map[cpu] = group;
		group_cnt[group]++;
	}
	return nr_groups;
}

/* The units per allocation that waste at most a third of the CPUs' units, fewest allocations. */
static unsigned int pcpu_best_upa(const struct hm_system *sys, uint64_t alloc_size,
				  uint64_t min_unit_size, const unsigned int *group_cnt,
				  unsigned int nr_groups)
{
	unsigned int upa = alloc_size / min_unit_size, best_upa = 0, last_allocs = ~0U, g;

	while (alloc_size % upa || ((alloc_size / upa) & (PAGE_SIZE - 1)))
		upa--;
	for (; upa; upa--) {
		unsigned int allocs = 0, wasted = 0;

		if (alloc_size % upa || ((alloc_size / upa) & (PAGE_SIZE - 1)))
			continue;
		for (g = 0; g < nr_groups; g++) {
			unsigned int this_allocs = (group_cnt[g] + upa - 1) / upa;

			allocs += this_allocs;
			wasted += this_allocs * upa - group_cnt[g];
		}
		if (wasted > sys->cpus.nr / 3)
			continue;
		if (allocs > last_allocs)
			break;
		last_allocs = allocs;
		best_upa = upa;
	}
	return best_upa;
}

/* pcpu_fc_alloc: on the CPU's node when it has a pgdat, anywhere from the goal otherwise. */
static uint64_t pcpu_fc_alloc(struct hm_system *sys, unsigned int cpu, uint64_t size,
			      uint64_t align)
{
	const struct pcpu_arch *a = pcpu_arch(sys);
	int nid = sys->cpus.node[cpu];

	if (!node_isset(nid, sys->node_states[N_ONLINE]) || !NODE_DATA(sys, nid))
		return memblock_alloc_from(&sys->memblock, size, align, a->goal);
	return memblock_alloc_try_nid(&sys->memblock, size, align, a->goal,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

int setup_per_cpu_areas(struct hm_system *sys)
{
	const struct pcpu_arch *a = pcpu_arch(sys);
	const uint64_t size_sum = ALIGN(a->static_size + a->reserved_size + a->dyn_size,
					(uint64_t)PAGE_SIZE);
	const uint64_t min_unit_size = size_sum > PCPU_MIN_UNIT_SIZE ? size_sum :
				       PCPU_MIN_UNIT_SIZE;
	const uint64_t alloc_size = ALIGN(min_unit_size, a->atom_size);
	unsigned int group_cnt[HM_NR_CPUS] = { 0 }, nr_groups, upa, g, cpu, unit, nr_units;
	uint64_t unit_addr[HM_NR_CPUS] = { 0 }, unit_size, ptr;
	int group_map[HM_NR_CPUS];

	if (!sys->cpus.nr)
		return 0;
	nr_groups = pcpu_group_cpus(sys, group_map, group_cnt);
	upa = pcpu_best_upa(sys, alloc_size, min_unit_size, group_cnt, nr_groups);
	if (!upa)
		return -EINVAL;
	unit_size = alloc_size / upa;
	/* pcpu_embed_first_chunk: each group's area, in group order, from its first CPU's node */
	for (g = 0; g < nr_groups; g++) {
		unsigned int first = sys->cpus.nr;

		for (cpu = 0; cpu < sys->cpus.nr; cpu++)
			if (group_map[cpu] == (int)g && cpu < first)
				first = cpu;
		nr_units = (group_cnt[g] + upa - 1) / upa * upa;
		ptr = pcpu_fc_alloc(sys, first, nr_units * unit_size, a->atom_size);
		if (!ptr) {
			pr_err(sys, "Failed to allocate memory for percpu areas.");
			return -ENOMEM;
		}
		unit = 0;
		for (cpu = 0; cpu < sys->cpus.nr; cpu++)
			if (group_map[cpu] == (int)g)
				unit_addr[cpu] = ptr + unit++ * unit_size;
		/* units no CPU uses go back whole, the others from size_sum on */
		for (; unit < nr_units; unit++)
			if (memblock_phys_free(&sys->memblock, ptr + unit * unit_size, unit_size))
				return -ENOMEM;
	}
	for (cpu = 0; cpu < sys->cpus.nr; cpu++)
		if (unit_size > size_sum &&
		    memblock_phys_free(&sys->memblock, unit_addr[cpu] + size_sum,
				       unit_size - size_sum))
			return -ENOMEM;
	sys->pcpu.unit_size = unit_size;
	memcpy(sys->pcpu.unit_addr, unit_addr, sizeof(unit_addr));
	pr_info(sys, "percpu: Embedded %llu pages/cpu s%llu r%llu d%llu u%llu",
		(unsigned long long)(size_sum >> PAGE_SHIFT), (unsigned long long)a->static_size,
		(unsigned long long)a->reserved_size,
		(unsigned long long)(size_sum - a->static_size - a->reserved_size),
		(unsigned long long)unit_size);
	return 0;
}

uint64_t per_cpu_ptr_crash_notes(const struct hm_system *sys, unsigned int cpu)
{
	const struct pcpu_arch *a = pcpu_arch(sys);
	unsigned int nr_node_ids = 0;
	int nid;

	if (cpu >= HM_NR_CPUS || !sys->pcpu.unit_addr[cpu])
		return 0;
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_isset(nid, sys->node_states[N_POSSIBLE]))
			nr_node_ids = nid + 1;
	return sys->pcpu.unit_addr[cpu] + a->crash_notes +
	       (sys->cpus.nr > 2 ? a->crash_notes_more_cpus : 0) +
	       (nr_node_ids ? nr_node_ids - 1 : 0) * a->crash_notes_per_node;
}
