/* SPDX-License-Identifier: GPL-2.0 */
/*
 * system.h - the one object that holds a whole emulated kernel.
 *
 * The kernel's globals (memblock, iomem_resource, mem_section, NODE_DATA,
 * node_states, the memory_blocks xarray, the firmware map, the hotplug
 * locks) are fields of struct hm_system.  Every kernel-model function takes
 * the system as its first argument; two systems never share anything.
 */
#ifndef HOTMEM_SYSTEM_H
#define HOTMEM_SYSTEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hotmem/alloc.h"
#include "hotmem/arch.h"
#include "hotmem/bus.h"
#include "hotmem/cpu.h"
#include "hotmem/firmware_memmap.h"
#include "hotmem/kobject_uevent.h"
#include "hotmem/lockdep.h"
#include "hotmem/memblock.h"
#include "hotmem/memory.h"
#include "hotmem/memory_group.h"
#include "hotmem/memory_hotplug.h"
#include "hotmem/memremap.h"
#include "hotmem/mmzone.h"
#include "hotmem/node.h"
#include "hotmem/notifier.h"
#include "hotmem/percpu.h"
#include "hotmem/pgtable.h"
#include "hotmem/printk.h"
#include "hotmem/report.h"
#include "hotmem/resource.h"
#include "hotmem/sparse.h"
#include "hotmem/srat.h"
#include "hotmem/workload.h"

/* e820 types as the kernel names them */
enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
};
/**
 * e820_type_to_string() - an e820 type's name, as /sys/firmware/memmap shows it
 * @type: the type
 *
 * Return: "System RAM", "Reserved", "ACPI Tables", ... (a static string).
 */
const char *e820_type_to_string(enum e820_type type);

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	enum e820_type type;
};

#define E820_MAX_ENTRIES 128

/* UEFI memory map (include/linux/efi.h): the types and attributes arm64 reads */
enum efi_memory_type {
	EFI_RESERVED_TYPE,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
};
#define EFI_MEMORY_UC		0x1ULL
#define EFI_MEMORY_WC		0x2ULL
#define EFI_MEMORY_WT		0x4ULL
#define EFI_MEMORY_WB		0x8ULL
#define EFI_MEMORY_RUNTIME	(1ULL << 63)

struct efi_memory_desc {
	enum efi_memory_type type;
	uint64_t phys_addr;
	uint64_t num_pages;		/* 4 KiB EFI pages */
	uint64_t attribute;
};
#define EFI_MAX_ENTRIES 64

/* SRAT memory affinities a machine can describe (hm_boot_info.numa) */
#define SRAT_MAX_MEM_AFFINITY	(MAX_NUMNODES + 2 + 256 + 1)

/* What the firmware (the machine model) hands the kernel at boot. */
struct hm_boot_info {
	struct e820_entry e820[E820_MAX_ENTRIES];	/* as the BIOS reports it */
	unsigned int nr_e820;
	/* UEFI's memory map (arm64 boots from it; then nr_e820 is 0) */
	struct efi_memory_desc efi[EFI_MAX_ENTRIES];
	unsigned int nr_efi;
	/*
	 * NUMA memory affinity (SRAT), in the table's order; nr_numa == 0: one
	 * node, 0.  Room for every node's RAM (one node may be cut in three by
	 * the 640K and PCI holes), one entry per NVDIMM slot and the hotplug
	 * region.  @ram: the entry describes boot RAM (neither the hotplug
	 * region nor an NVDIMM): only those stay in numa_meminfo.
	 */
	struct { uint64_t start, end; int nid; bool ram; } numa[SRAT_MAX_MEM_AFFINITY];
	unsigned int nr_numa;
	nodemask_t possible_nodes;	/* SRAT nodes; node 0 without NUMA */
	nodemask_t cpu_nodes;		/* nodes with a CPU */
	/* the CPUs (-smp) and the node of each (SRAT processor affinity; 0 without) */
	unsigned int nr_cpus;
	int cpu_node[HM_NR_CPUS];
	/*
	 * An ACPI SRAT (srat.h): then numa[].nid and cpu_node[] are proximity
	 * domains, not nodes, cpu_node[] has one for each of nr_srat_cpus
	 * possible CPUs (a processor affinity each), the kernel numbers the
	 * nodes, and possible_nodes and cpu_nodes are computed, not read.
	 */
	bool srat;
	unsigned int nr_srat_cpus;
	const struct hm_cpu_desc *cpu_desc;	/* the CPU model's CPUID/ID registers */
	/* the ACPI device of the memory hotplug container (DSDT order): "PNP0A06:04" */
	const char *acpi_memhp_container;
	const char *cmdline;		/* extra kernel command line */
	uint64_t kernel_base;		/* where the boot loader put the image (_text); 0: default */
	uint64_t initrd_start, initrd_size;	/* where the boot loader put the initrd; size 0: none */
};

/* Counters the tests and the verifier read. */
struct hm_stats {
	unsigned long poisoned_page_reads;	/* PF_POISONED_CHECK hits */
	unsigned long uevents;
	unsigned long memmap_materialised;	/* sections given a dense memmap */
	unsigned long memmap_materialised_fresh;	/* ... on host memory not reused */
};

struct hm_system {
	struct hm_alloc alloc;
	struct hm_arch_config arch;
	struct hotplug_params params;

	struct memblock memblock;
	struct resource iomem_resource;
	struct firmware_map fwmap;
	struct sparse sparse;
	struct pglist_data *node_data[MAX_NUMNODES];
	nodemask_t node_states[NR_NODE_STATES];
	struct node_device *node_devices[MAX_NUMNODES];
	struct memory_subsys memory;
	struct notifier_block *memory_chain;
	struct memory_group *memory_groups;
	int next_mgid;
	/*
	 * offline_pages retries migration until it is done, as the kernel
	 * does until a signal arrives.  When a pass moved nothing, it asks
	 * offline_wait whether to try again: 0 once something else may have
	 * freed memory (a live mount's other requests), -EINTR if the writer
	 * was interrupted.  NULL (hotmem run: nothing else runs while a step
	 * does, so no progress can come) ends the offline at once with -EINTR,
	 * the kernel's answer to the signal that would end the wait.
	 */
	int (*offline_wait)(struct hm_system *sys, void *arg);
	/* the last serial given to a device's sysfs directory (struct sysfs_stat.serial) */
	uint64_t kobj_serial;
	void *offline_wait_arg;
	struct hm_ranges direct_map;	/* what the linear map must cover */
	struct hm_pgtable pgtable;	/* init_mm's page tables */
	/* zone_sizes_init's max_zone_pfns (ZONE_DMA, ZONE_DMA32, ZONE_NORMAL) */
	unsigned long max_zone_pfn[3];
	/* arm64_numa_init fell back to one faked node (numa_off) */
	bool numa_off;
	bool logged_unknown_node;	/* memory_add_physaddr_to_nid's pr_info_once */
	struct srat_numa srat;		/* proximity domains and nodes (srat.c) */
	/* arm64 prevent_bootmem_remove_notifier */
	struct notifier_block bootmem_nb;
	unsigned long max_pfn;
	unsigned long totalcma_pages;	/* the CMA area's pages (arm64: CONFIG_CMA_SIZE_MBYTES) */
	uint64_t cma_base;		/* and where it lies */
	struct pcpu_first_chunk pcpu;	/* the per-CPU units (percpu.h) */
	int policy_zone;		/* the highest kernel zone ever populated (mempolicy.c) */
	uint64_t boot_mem_end;

	pthread_mutex_t device_hotplug_lock;
	pthread_rwlock_t mem_hotplug_lock;
	struct lockdep lockdep;		/* the order of the locks above and below */

	/* memory-notifier-error-inject: errno returned for MEM_GOING_ONLINE, _OFFLINE */
	struct notifier_block error_inject_nb;
	int inject_going_online, inject_going_offline;

	struct hm_workload workload;	/* processes and kernel allocations */

	/* online_page_callback (memory_hotplug.h); NULL: generic_online_page */
	void (*online_page_cb)(struct hm_system *sys, void *data, struct page *page,
			       unsigned int order);
	void *online_page_data;
	online_range_query_t online_range_query;	/* with online_page_cb, or NULL */
	struct dev_pagemap *pgmaps;	/* the pgmap_array: live device memory */
	struct hm_nvdimm_bus *nd_bus;	/* libnvdimm, device-dax, kmem (nvdimm.h) */
	struct dmirror_device *dmirrors;	/* device-private memory (test_hmm.h) */

	struct hm_cpus cpus;		/* drivers/base/cpu.c (cpu.h) */
	struct hm_buses buses;		/* the driver core's run-time state (bus.h) */
	char acpi_memhp_container[16];	/* hm_boot_info's, for memoryN/firmware_node */
	int64_t boot_time;		/* the host's clock at boot: sysfs inode times */

	struct hm_stats stats;
	struct printk_log log;		/* the kernel log (printk.h); ->warnings counts WARNs */
	struct uevent_ring uevents;	/* the uevents sent (kobject_uevent.h) */
	uint64_t api_log_seq, api_uevent_seq;	/* hm_system_dmesg/uevents readers */
	bool booted;
};

/**
 * hm_system_create() - create an unbooted system
 * @out: gets the system
 * @arch: its architecture; NULL: x86_64 in a VM
 *
 * Return: 0; -ENOMEM (nothing allocated).
 */
int hm_system_create(struct hm_system **out, const struct hm_arch_config *arch);
/**
 * hm_system_destroy() - free a system and everything it holds
 * @sys: the system (NULL: nothing)
 *
 * Return: the number of kernel-model allocations that were still live
 * (leaks); 0 for NULL.
 */
unsigned long hm_system_destroy(struct hm_system *sys);

/**
 * hm_system_boot() - boot a system
 * @sys: a system hm_system_create() made, not booted yet
 * @bi: the boot description (firmware tables, command line, CPUs); with
 *	bi->srat, a copy of it is renumbered by acpi_numa_init()
 *
 * Parses the command line, builds the firmware map, iomem, memblock,
 * zones, sections, memmap, memory blocks and node devices.
 *
 * Return: 0; -EINVAL for a system booted already or a bad boot description
 * (too many e820/EFI entries or CPUs, a bad SRAT, memory without a node
 * or no memory at all);
 * -ENOMEM.  A failed boot leaves the system to hm_system_destroy() alone.
 */
int hm_system_boot(struct hm_system *sys, const struct hm_boot_info *bi);

/**
 * memory_block_size_bytes() - the memory block size chosen at boot
 * @sys: the system
 *
 * Return: the size in bytes (block_size_bytes in sysfs).
 */
static inline unsigned long memory_block_size_bytes(struct hm_system *sys)
{
	return sys->memory.block_size;
}

#endif /* HOTMEM_SYSTEM_H */
