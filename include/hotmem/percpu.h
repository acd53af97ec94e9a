/* SPDX-License-Identifier: GPL-2.0 */
/*
 * percpu.h - the per-CPU first chunk (mm/percpu.c, pcpu_embed_first_chunk
 * with the arch's setup_per_cpu_areas): where each possible CPU's unit lies
 * in physical memory, allocated from memblock at boot in the kernel's order.
 */
#ifndef HOTMEM_PERCPU_H
#define HOTMEM_PERCPU_H

#include <stdint.h>
#include "hotmem/cpu.h"

struct hm_system;

struct pcpu_first_chunk {
	uint64_t unit_size;		/* ai->unit_size */
	uint64_t unit_addr[HM_NR_CPUS];	/* each CPU's unit (physical); 0 before boot */
};

/**
 * setup_per_cpu_areas() - the first percpu chunk, from memblock
 * @sys: the system, at boot
 *
 * Builds the first chunk's allocation info (CPUs grouped by node, units
 * per allocation), takes each group's area from memblock on the group's
 * node, then frees the unused tail of each unit.
 *
 * Context: after the memmap and before memblock_free_all().
 * Return: 0, or -ENOMEM when a group's area does not fit (the kernel
 * panics: "Failed to allocate memory for percpu areas").
 */
int setup_per_cpu_areas(struct hm_system *sys);

/**
 * per_cpu_ptr_crash_notes() - the physical address of a CPU's crash note buffer
 * @sys: the system
 * @cpu: the CPU
 *
 * kernel/crash_core.c's alloc_percpu(note_buf_t).
 *
 * Return: the address, or 0 for a CPU without a unit.
 */
uint64_t per_cpu_ptr_crash_notes(const struct hm_system *sys, unsigned int cpu);

#endif /* HOTMEM_PERCPU_H */
