// SPDX-License-Identifier: GPL-2.0
/*
 * virt.c - QEMU's arm64 "virt" board (hw/arm/virt.c, virt-acpi-build.c)
 * as QEMU 7.2 builds it and as the kernel sees it through EDK2's UEFI
 * (AAVMF 2022.11): the memory map, the UEFI memory map, the SRAT and the
 * device-memory region where pc-dimm and virtio-mem devices go.
 *
 * Memory map (virt_set_memmap): RAM from 1 GiB (VIRT_MEM); the device
 * memory region starts at the next 1 GiB boundary above RAM and is
 * maxmem - ram + 1 GiB per slot long; the high IO regions go above it.  The second flash bank (the UEFI variable store,
 * 0x04000000, 64 MiB) is in UEFI's memory map as runtime MMIO with the WC
 * attribute, which arm64's efi_init takes for memory: memblock memory,
 * nomap, and so the section of memory0.
 *
 * UEFI's runtime services code and data land at the top of the first
 * memory node (EDK2 uses the first DT memory node as its system memory):
 * two ranges, [top - 0x3bc0000, +0x2f0000) and [top - 0x400000, top -
 * 0x20000), seen as nomap holes in the boot RAM.  These offsets are what
 * the arm64 oracle showed with 512 MiB, 1 GiB and 2 GiB nodes.
 *
 * The SRAT (build_srat) has one memory affinity per NUMA node from 1 GiB
 * on, and the device memory region as hotpluggable on the last node.  It
 * does not cover the flash, so Linux 6.1 rejects it and runs with one node
 * (see init.c).
 */
#include <errno.h>
#include <string.h>
#include "machine/machine_internal.h"

#define GiB (1ULL << 30)
#define VIRT_MEM_BASE GiB
#define VIRT_FLASH1_BASE 0x04000000ULL
#define VIRT_FLASH_SIZE 0x04000000ULL
#define ACPI_MAX_RAM_SLOTS 256
/* cortex-a57/a53/a72 and max under TCG: 44-bit physical addresses (pamax) */
#define VIRT_PA_BITS 44
/* EDK2's runtime allocations below the top of the first memory node */
#define RT_DATA_OFFSET 0x3bc0000ULL
#define RT_DATA_SIZE 0x2f0000ULL
#define RT_CODE_OFFSET 0x400000ULL
#define RT_CODE_SIZE 0x3e0000ULL
/*
 * The kernel image: the EFI stub (nokaslr) asks EDK2 for pages at the
 * highest address (efi_allocate_pages_aligned, AllocateMaxAddress), which
 * lands the image (_text) below EDK2's own boot-time allocations at the
 * top of its system memory: 0x8c00000 below the top, as the arm64 oracle
 * showed with 1, 2 and 4 GiB (0x77400000, 0xb7400000, 0x137400000).
 */
#define KIMG_OFFSET 0x8c00000ULL

/* machvirt_init's memory map, after the checks every board makes (pc.c). */
int virt_memory_layout(struct hm_machine *m, struct hm_buf *err)
{
	uint64_t memtop;

	if (m->ram_slots > ACPI_MAX_RAM_SLOTS) {
		hm_buf_printf(err, "unsupported number of memory slots: %llu, max %d",
			      (unsigned long long)m->ram_slots, ACPI_MAX_RAM_SLOTS);
		return -EINVAL;
	}
	m->ram_base = VIRT_MEM_BASE;
	m->below_4g = 0;
	m->above_4g = 0;
	m->device_mem_base = (VIRT_MEM_BASE + m->ram_size + GiB - 1) & ~(GiB - 1);
	m->device_mem_size = 0;
	if (m->maxram_size > m->ram_size || m->ram_slots)
		m->device_mem_size = m->maxram_size - m->ram_size + GiB * m->ram_slots;
	/* the high IO regions that do not fit are dropped; RAM must fit */
	memtop = m->device_mem_base + ((m->device_mem_size + GiB - 1) & ~(GiB - 1));
	if (memtop > (1ULL << VIRT_PA_BITS)) {
		hm_buf_printf(err, "Addressing limited to %d bits, but memory exceeds it by %llu "
			      "bytes", VIRT_PA_BITS,
			      (unsigned long long)(memtop - (1ULL << VIRT_PA_BITS)));
		return -EINVAL;
	}
	return 0;
}

static void efi_add(struct hm_boot_info *bi, uint64_t start, uint64_t end,
		    enum efi_memory_type type, uint64_t attr)
{
	struct efi_memory_desc *md;

	if (end <= start || bi->nr_efi == EFI_MAX_ENTRIES)
		return;
	md = &bi->efi[bi->nr_efi++];
	md->type = type;
	md->phys_addr = start;
	md->num_pages = (end - start) >> 12;
	md->attribute = attr;
}

/* The UEFI memory map as EDK2 hands it to the kernel, and QEMU's SRAT. */
void virt_build_boot_info(struct hm_machine *m, struct hm_boot_info *bi)
{
	const uint64_t ram_end = VIRT_MEM_BASE + m->ram_size;
	const uint64_t wb = EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB;
	uint64_t top = ram_end, rt_data, rt_code, base;
	unsigned int i;

	memset(bi, 0, sizeof(*bi));
	efi_add(bi, VIRT_FLASH1_BASE, VIRT_FLASH1_BASE + VIRT_FLASH_SIZE, EFI_MEMORY_MAPPED_IO,
		EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_RUNTIME);
	/* the first DT memory node is EDK2's system memory */
	if (m->nr_numa) {
		for (i = 0; i < m->nr_numa && !m->numa[i].mem; i++)
			;
		if (i < m->nr_numa)
			top = VIRT_MEM_BASE + m->numa[i].mem;
	}
	rt_data = top - RT_DATA_OFFSET;
	rt_code = top - RT_CODE_OFFSET;
	efi_add(bi, VIRT_MEM_BASE, rt_data, EFI_CONVENTIONAL_MEMORY, wb);
	efi_add(bi, rt_data, rt_data + RT_DATA_SIZE, EFI_RUNTIME_SERVICES_DATA,
		wb | EFI_MEMORY_RUNTIME);
	efi_add(bi, rt_data + RT_DATA_SIZE, rt_code, EFI_CONVENTIONAL_MEMORY, wb);
	efi_add(bi, rt_code, rt_code + RT_CODE_SIZE, EFI_RUNTIME_SERVICES_CODE,
		wb | EFI_MEMORY_RUNTIME);
	efi_add(bi, rt_code + RT_CODE_SIZE, ram_end, EFI_CONVENTIONAL_MEMORY, wb);
	if (top - VIRT_MEM_BASE > KIMG_OFFSET)
		bi->kernel_base = top - KIMG_OFFSET;

	if (!m->nr_numa) {
		bi->possible_nodes = 1;
		bi->cpu_nodes = 1;
		return;
	}
	/*
	 * build_srat: a GICC affinity per possible CPU, then the nodes in
	 * order from the RAM base, then the hotplug region (proximity domains:
	 * QEMU's node ids; the kernel numbers the nodes, srat.c)
	 */
	bi->srat = true;	/* machine_boot_cpus: a processor affinity per possible CPU */
	base = VIRT_MEM_BASE;
	for (i = 0; i < m->nr_numa; i++) {
		if (m->numa[i].mem)
			srat_add(bi, base, m->numa[i].mem, m->numa[i].nodeid, true);
		base += m->numa[i].mem;
	}
	if (m->nvdimm)
		srat_add_nvdimms(m, bi);
	if (m->device_mem_size)
		srat_add(bi, m->device_mem_base, m->device_mem_size,
			 m->numa[m->nr_numa - 1].nodeid, false);
}
