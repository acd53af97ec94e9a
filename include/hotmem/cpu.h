/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpu.h - the CPUs as the kernel's CPU subsystem shows them
 * (drivers/base/cpu.c, topology.c, cacheinfo.c; kernel/cpu.c's hotplug
 * states): /sys/devices/system/cpu.
 *
 * Every CPU the machine has is possible, present and online from boot
 * (QEMU's -smp N: no CPU hot-plug is modelled).  The machine model hands
 * the kernel what CPUID or the ID registers and ACPI's tables say of them
 * (struct hm_cpu_desc); the kernel-side files follow from that, the CPU
 * count and the node of each CPU (SRAT's processor affinity).
 */
#ifndef HOTMEM_CPU_H
#define HOTMEM_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "hotmem/sysfs.h"

struct hm_system;

#define HM_NR_CPUS 64	/* -smp's limit in the machine models */

/* One cache level as cacheinfo reports it; a 0 field has no file (cache_default_attrs). */
struct hm_cpu_cache {
	unsigned int level;
	const char *type;		/* "Data", "Instruction", "Unified" */
	unsigned int line_size, sets, ways, partitions;
	unsigned int size_kb;
	bool has_id;			/* x86: CPUID leaf 4's id (the CPU's own here) */
	enum {
		CACHE_SHARED_SELF,	/* each core its own */
		CACHE_SHARED_LLC,	/* x86's last level: the CPUs of the package on its node */
		CACHE_SHARED_ALL,	/* no topology for it: every CPU (arm64 6.1) */
	} shared;
};

/* What the machine's CPU model tells the kernel (CPUID, MIDR, ACPI PPTT). */
struct hm_cpu_desc {
	const char *modalias;		/* cpu:type:...:feature:,... */
	const struct hm_cpu_cache *caches;
	unsigned int nr_caches;
	uint64_t midr;			/* arm64 MIDR_EL1; 0 on x86 */
};

struct hm_cpus {
	unsigned int nr;		/* CPUs 0..nr-1, all online */
	int node[HM_NR_CPUS];		/* cpu_to_node */
	const struct hm_cpu_desc *desc;	/* NULL: a CPU model whose caches are not modelled */
};

struct hm_boot_info;

/**
 * cpu_dev_init() - register the CPUs the firmware describes
 * @sys: the system
 * @bi: the boot description: its CPUs and their nodes
 *
 * Each CPU goes on its node (a node the SRAT did not make possible: node
 * 0, as numa_init's fallback has it); a boot info that names none (a
 * hand-built one) gets one CPU on each node with the N_CPU state.
 *
 * Return: 0; -EINVAL for more than HM_NR_CPUS CPUs (nothing registered).
 */
int cpu_dev_init(struct hm_system *sys, const struct hm_boot_info *bi);

struct hm_report;
/**
 * cpu_check() - the verifier's checks of the CPUs
 * @sys: the system
 * @r: where violations are recorded
 *
 * 1..HM_NR_CPUS CPUs, each on an online node that has the N_CPU state,
 * every N_CPU node with a CPU, and the processor driver's unbound set
 * within the CPUs.
 *
 * Return: the number of violations added to @r.
 */
unsigned long cpu_check(struct hm_system *sys, struct hm_report *r);

extern const struct sysfs_dir cpu_subsys_dir;	/* /sys/devices/system/cpu */
extern const struct sysfs_dir cpu_bus_devices_dir;	/* /sys/bus/cpu/devices */

/**
 * cpumask_of_node() - the CPUs of a node
 * @sys: the system
 * @nid: the node
 *
 * Return: a mask of CPU numbers (bit N: CPU N); 0 for a node without CPUs.
 */
uint64_t cpumask_of_node(const struct hm_system *sys, int nid);
/**
 * cpu_next() - the sysfs iterator of the CPU devices
 * @sys: the system
 * @parent: unused (the CPUs are not under a parent device)
 * @from: where to start
 *
 * Return: the first CPU number >= @from (every CPU is a device), or -1.
 */
long cpu_next(struct hm_system *sys, long parent, long from);

#endif /* HOTMEM_CPU_H */
