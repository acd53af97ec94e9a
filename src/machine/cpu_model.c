// SPDX-License-Identifier: GPL-2.0
/*
 * cpu_model.c - what QEMU's default CPU models tell the guest kernel of
 * themselves: CPUID's vendor, family, model and feature bits (x86
 * "qemu64", target/i386/cpu.c) or MIDR and hwcaps (arm64 "cortex-a57",
 * target/arm/cpu64.c), and their caches; and which CPU sits on which
 * node (-numa node,cpus=...).
 *
 * The modalias strings are the kernel's spelling of those facts
 * (arch/x86/kernel/cpu/match.c's cpu:type:x86,venVVVVfamFFFFmodMMMM:
 * feature:,NNNN... with each set X86_FEATURE_* number; arm64's
 * cpu:type:aarch64:feature:,NNNN... with each hwcap number), as
 * Linux 6.1 prints them for these models under TCG.
 */
#include <string.h>
#include "machine/machine_internal.h"

/*
 * qemu64's caches: QEMU 7.2 gives an AMD-vendor model without cache
 * info of its own the legacy_l1d/l1i_cache_amd, legacy_l2_cache_amd
 * and legacy_l3_cache descriptors; each core has its own of every level.
 */
static const struct hm_cpu_cache qemu64_caches[] = {
	{ 1, "Data", 64, 512, 2, 1, 64, true, false },
	{ 1, "Instruction", 64, 512, 2, 1, 64, true, false },
	{ 2, "Unified", 64, 512, 16, 1, 512, true, false },
	{ 3, "Unified", 64, 16384, 16, 1, 16384, true, false },
};

static const struct hm_cpu_desc qemu64 = {
	.modalias = "cpu:type:x86,ven0002fam000Fmod006B:feature:,0000,0002,0003,0004,0005,"
		    "0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0017,0018,"
		    "0019,001A,001C,0020,0022,0023,0024,0025,0026,0027,0028,0029,002B,002C,"
		    "002D,002E,002F,0030,0031,0034,0037,0038,003D,0064,006E,0070,0072,0074,"
		    "0075,0079,007A,0080,008D,009F,00C0,00C1,00C2,00C8,00ED,00F3,010F,0165,"
		    "016C",
	.caches = qemu64_caches,
	.nr_caches = 4,
};

/*
 * cortex-a57: CLIDR's levels only; QEMU 7.2's PPTT has no cache nodes,
 * so 6.1 knows no sizes and treats every cache as shared by all CPUs.
 */
static const struct hm_cpu_cache cortex_a57_caches[] = {
	{ 1, "Data", 0, 0, 0, 0, 0, false, true },
	{ 1, "Instruction", 0, 0, 0, 0, 0, false, true },
	{ 2, "Unified", 0, 0, 0, 0, 0, false, true },
};

static const struct hm_cpu_desc cortex_a57 = {
	.modalias = "cpu:type:aarch64:feature:,0000,0001,0002,0003,0004,0005,0006,0007,000B",
	.caches = cortex_a57_caches,
	.nr_caches = 3,
	.midr = 0x411fd070,	/* ARM, variant 1, Cortex-A57 (0xd07), revision 0 */
};

/*
 * The CPUs of -smp N and their nodes: a CPU named by a -numa node's cpus=
 * is on that node; one no node names goes where QEMU 7.2 puts it, by its
 * socket (x86_get_default_cpu_node_id, virt_get_default_cpu_node_id):
 * -smp N is one socket, node index 0.
 */
void machine_boot_cpus(struct hm_machine *m, struct hm_boot_info *bi)
{
	unsigned int cpu, i;

	bi->nr_cpus = m->smp < HM_NR_CPUS ? m->smp : HM_NR_CPUS;
	if (m->nr_numa)
		bi->cpu_nodes = 0;	/* SRAT's processor affinity: the nodes of the CPUs */
	for (cpu = 0; cpu < bi->nr_cpus; cpu++) {
		bi->cpu_node[cpu] = m->nr_numa ? m->numa[0].nodeid : 0;
		for (i = 0; i < m->nr_numa; i++)
			if (m->numa[i].cpus >> cpu & 1)
				bi->cpu_node[cpu] = m->numa[i].nodeid;
		if (m->nr_numa)
			node_set(bi->cpu_node[cpu], bi->cpu_nodes);
	}
	if (!m->cpu_model[0])
		bi->cpu_desc = m->type == MACHINE_VIRT ? &cortex_a57 : &qemu64;
	else if (!strcmp(m->cpu_model, "qemu64"))
		bi->cpu_desc = &qemu64;
	else if (!strcmp(m->cpu_model, "cortex-a57"))
		bi->cpu_desc = &cortex_a57;
	/*
	 * The ACPI memory hotplug container (QEMU's \_SB.MHPC, a PNP0A06) is
	 * the fifth PNP0A06 the kernel enumerates on pc, the second on virt.
	 */
	bi->acpi_memhp_container = m->type == MACHINE_VIRT ? "PNP0A06:01" : "PNP0A06:04";
}
