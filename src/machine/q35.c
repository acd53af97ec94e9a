// SPDX-License-Identifier: GPL-2.0
/*
 * q35.c - what QEMU 7.2's "q35" machine (hw/i386/pc_q35.c, the MCH of
 * hw/pci-host/q35.c, the ICH9 LPC of hw/isa/lpc_ich9.c) and SeaBIOS do
 * differently from "pc" in memory: the rest is pc.c's.
 *
 * RAM below 4 GiB: pc_q35_init leaves 1/2 GiB for PCI and 256 MiB for
 * MMCONFIG below 4 GiB, so RAM below 4 GiB ends at 0xb0000000 (MMCONFIG's
 * base); a RAM size of 0xb0000000 or more is split at 2 GiB instead (so
 * that 1 GiB aligned guest addresses stay 1 GiB aligned on the host), the
 * rest from 4 GiB.
 *
 * The 64-bit PCI hole (the q35 host's pci-hole64-size) is 32 GiB, where
 * i440FX has 2 GiB: pc_max_used_gpa, and so the AMD HyperTransport
 * relocation and the phys-bits check, use it.
 *
 * e820: SeaBIOS reserves the PCIe MMCONFIG window it programs into the MCH's
 * PCIEXBAR (mch_mem_addr_setup: 0xb0000000, 256 MiB, buses 0-255) and the
 * ICH9 root complex register block it enables (RCBA, 16 KiB at 0xfed1c000).
 */
#include "machine/machine_internal.h"

#define Q35_LOWMEM		Q35_MMCONFIG_BASE
#define Q35_LOWMEM_SPLIT	0x80000000ULL

uint64_t q35_below_4g(uint64_t ram_size)
{
	uint64_t lowmem = ram_size >= Q35_LOWMEM ? Q35_LOWMEM_SPLIT : Q35_LOWMEM;

	return ram_size >= lowmem ? lowmem : ram_size;
}

void q35_e820_add(struct hm_boot_info *bi)
{
	bios_e820_add(bi, Q35_MMCONFIG_BASE, Q35_MMCONFIG_SIZE, E820_TYPE_RESERVED);
	bios_e820_add(bi, ICH9_RCRB_BASE, ICH9_RCRB_SIZE, E820_TYPE_RESERVED);
}
