/* SPDX-License-Identifier: GPL-2.0 */
/*
 * machine_internal.h - state shared by the machine model's files: pc.c
 * (options, RAM layout, firmware tables), dimm.c (memory backends, pc-dimm
 * placement, QMP) and acpi_memhotplug.c (the guest's ACPI driver).
 */
#ifndef HOTMEM_MACHINE_INTERNAL_H
#define HOTMEM_MACHINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "hotmem/machine.h"
#include "hotmem/system.h"

#define MAX_NUMA 16		/* nodes modelled (QEMU's MAX_NODES is 128) */
#define QEMU_MAX_NODES 128
#define ACPI_MAX_RAM_SLOTS 256	/* QEMU's limit of pc-dimm slots */

struct hm_memdev {
	char *id;
	uint64_t size;
	bool numa_node;			/* backs a -numa node: never usable by a DIMM */
	struct hm_dimm *user;		/* the DIMM mapping it */
	struct hm_memdev *next;
};

enum dimm_guest_state {
	DIMM_GUEST_NEW,			/* plugged, the guest has not seen it yet */
	DIMM_GUEST_ADDED,		/* the guest's driver bound it (memory added) */
	DIMM_GUEST_FAILED,		/* the guest's add failed: no memory, device unbound */
};

enum memory_device_type { MDEV_PC_DIMM, MDEV_VIRTIO_MEM, MDEV_NVDIMM };

/* A memory device in the device-memory region: a pc-dimm or a virtio-mem-pci. */
struct hm_dimm {
	enum memory_device_type type;
	char *id;			/* may be NULL */
	int anon_index;			/* without id: /machine/peripheral-anon/device[N] */
	struct hm_memdev *memdev;
	int node;
	uint64_t addr;
	uint64_t size;
	int slot;
	bool hotplugged;
	bool unplug_pending;		/* device_del sent, the guest has not answered */
	enum dimm_guest_state guest;
	int mgid;			/* the guest's memory group */
	/* virtio-mem: the device (QEMU's side) */
	uint64_t requested_size;
	uint64_t block_size;
	uint64_t plugged_size;		/* "size": the plugged blocks, in bytes */
	uint64_t usable_region_size;	/* what the guest may plug: request + 256 MiB */
	uint8_t *plugged_blocks;	/* one byte a device block */
	bool config_changed;		/* requested-size changed: a config interrupt */
	int virtio_index;		/* the guest's virtioN */
	bool unplugged_inaccessible;	/* VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE offered */
	struct virtio_mem *vm;		/* the guest's driver, once probed */
	/* virtio-mem-pci: its PCI bus (PCI_BUS_*, or a root port's index) and devfn */
	int pci_bus;
	int devfn;
	bool hidden;			/* behind a PCIe port at a slot the guest never scans */
	/* nvdimm: the label area and media (the guest reads them through the NFIT) */
	struct nvdimm_media *media;
	struct hm_dimm *next;		/* in creation order */
};

/* -device hmm-dmirror (emulator-only device-private memory, test_hmm.h) */
struct hm_dmirror {
	char *id;
	uint64_t size;
	int node;
	bool probed;
	struct dmirror_device *guest;
	struct hm_dmirror *next;
};

/*
 * PCI (pci.c): the root bus (pci.0 on pc, hot-pluggable through ACPI PCI
 * hotplug; pcie.0 on q35 and virt, which is not) and the pcie-root-ports
 * given with -device, each with its secondary bus named after its id.
 */
#define PCI_BUS_NONE	(-2)		/* a device without a bus: pc-dimm, nvdimm */
#define PCI_BUS_ROOT	(-1)
#define MAX_PCIE_PORTS	8
#define PCI_SLOT_MAX	32

struct hm_pcie_port {
	char *id;			/* may be NULL: its bus is then pcie.N */
	char *bus_name;
	uint64_t chassis, slot;		/* PCIe slot capability: chassis and slot number */
	int devfn;			/* on the root bus */
	uint32_t used_slots;		/* of its secondary bus */
	uint64_t pref_window;		/* its prefetchable bridge window, from SeaBIOS */
};

struct hm_numa_node {
	int nodeid;
	uint64_t mem;
	uint64_t cpus;
	bool has_cpus;
	unsigned long max_cpu;		/* the highest CPU index of cpus= */
	char loc[160];			/* "-numa ...", for the messages after parsing */
};

/* -smp as machine_parse_smp_config leaves it (smp.c) */
struct hm_smp {
	uint32_t cpus, sockets, dies, clusters, cores, threads, max_cpus;
};

enum machine_type { MACHINE_PC, MACHINE_Q35, MACHINE_VIRT };

struct hm_machine {
	struct hm_system *sys;
	enum machine_type type;
	bool cpu_max;			/* -cpu max: x86 pdpe1gb (1 GiB pages) */
	char cpu_model[32];		/* as given with -cpu; "" for the board's default */
	uint64_t ram_base;		/* 0 on pc; 1 GiB on virt */
	uint64_t ram_size, maxram_size;
	uint64_t ram_slots;		/* checked against ACPI_MAX_RAM_SLOTS at layout */
	bool has_maxmem, has_slots;
	unsigned int smp;		/* CPUs present at boot */
	struct hm_smp smp_topo;
	const char *smp_opts[8];	/* the -smp arguments, while the options are parsed */
	unsigned int nr_smp_opts;
	unsigned int phys_bits;
	bool nvdimm;
	uint64_t below_4g, above_4g, above_4g_start;
	uint64_t device_mem_base, device_mem_size;
	struct hm_numa_node numa[MAX_NUMA];
	unsigned int nr_numa;
	struct hm_memdev *memdevs;
	struct hm_dimm *dimms;
	struct hm_dmirror *dmirrors;
	struct hm_pcie_port ports[MAX_PCIE_PORTS];
	unsigned int nr_ports;
	unsigned int nr_anon_buses;	/* pcie.N names of root ports without id */
	uint32_t root_slots_used;	/* the root bus's slots: the board's devices, then -device */
	char *cold_devices[16];		/* -device arguments, realised after the layout */
	unsigned int nr_cold_devices;
	uint64_t now_ms;		/* guest time: advanced by machine_sleep */
	uint64_t init_log_seq;		/* the kernel log when the guest's init started */
	int nr_anon_devices;		/* devices created without an id */
	json_t *events;			/* QMP events not yet handed out (qmp_events.c) */
	hm_qmp_event_fn event_listener;
	void *event_listener_arg;
};

/*
 * q35.c: what the q35 board (hw/i386/pc_q35.c, hw/pci-host/q35.c) and
 * SeaBIOS do differently from pc: the RAM split below 4 GiB, the 64-bit
 * PCI hole's size, MMCONFIG and the ICH9 root complex register block in
 * the e820 map.
 */
#define Q35_MMCONFIG_BASE	0xb0000000ULL	/* MCH_HOST_BRIDGE_PCIEXBAR_DEFAULT */
#define Q35_MMCONFIG_SIZE	0x10000000ULL	/* 256 buses of 1 MiB */
#define ICH9_RCRB_BASE		0xfed1c000ULL	/* ICH9_LPC_RCBA_DEFAULT */
#define ICH9_RCRB_SIZE		0x4000ULL
/**
 * q35_below_4g() - the RAM q35 maps below 4 GiB
 * @ram_size: -m's size, in bytes
 *
 * pc_q35_init's split: all of it up to the MMCONFIG base (2.75 GiB), else
 * 2 GiB below and the rest above 4 GiB.  Pure: no state.
 *
 * Return: the bytes of RAM below 4 GiB (at most @ram_size).
 */
uint64_t q35_below_4g(uint64_t ram_size);
/**
 * bios_e820_add() - append an entry to the firmware's e820 map
 * @bi: the boot information being built
 * @addr: the range's start
 * @size: its length, in bytes
 * @t: its e820 type
 *
 * Appends unsorted and unmerged (the caller sorts the map when it is
 * complete).  The caller must know there is room: nothing checks
 * @bi->nr_e820 against E820_MAX_ENTRIES.
 */
void bios_e820_add(struct hm_boot_info *bi, uint64_t addr, uint64_t size, enum e820_type t);
/**
 * q35_e820_add() - the ranges SeaBIOS reserves on q35 only
 * @bi: the boot information being built
 *
 * Appends, as E820_TYPE_RESERVED through bios_e820_add() (same room
 * requirement), the MMCONFIG window and the ICH9 root complex register
 * block.
 */
void q35_e820_add(struct hm_boot_info *bi);

/**
 * machine_parse_smp() - resolve the -smp options into a CPU topology
 * @m: the machine, with its type set and @m->smp_opts collected
 * @err: written QEMU's message on failure
 *
 * machine_parse_smp_config of QEMU 7.2: missing counts derived from the
 * others, then the product, maxcpus >= cpus, the board's limit, virt's
 * GICv2 limit of 8 and the model's own limit checked.
 *
 * Return: 0 with @m->smp_topo set; -EINVAL with @err written for an
 * unparsable option or an invalid topology.  A failure after the counts
 * were resolved has already written @m->smp_topo: the caller must give up
 * on the machine, not retry.
 */
int machine_parse_smp(struct hm_machine *m, struct hm_buf *err);
/**
 * machine_cpu_node() - the node QEMU gives a possible CPU
 * @m: the machine, after machine_parse_smp() and the -numa options
 * @cpu: the CPU index, below 64 (the width of a node's cpus= mask)
 *
 * The -numa node whose cpus= names @cpu, else the board's default: its
 * socket modulo the number of nodes.
 *
 * Return: the node id; 0 without -numa.
 */
int machine_cpu_node(const struct hm_machine *m, unsigned int cpu);
/**
 * qemu_id_wellformed() - whether a string is a valid QEMU identifier
 * @id: the id, NUL-terminated, not NULL
 *
 * QEMU's id_wellformed: a letter, then letters, digits, '-', '.' or '_'.
 *
 * Return: true if @id is well formed (false for "").
 */
bool qemu_id_wellformed(const char *id);
/**
 * qemu_backend_type_other() - a QEMU memory backend the model lacks
 * @type: an -object type name, not NULL
 *
 * Return: true for memory-backend-epc (SGX), which QEMU 7.2 has and
 * hotmem does not model (the caller reports it as unsupported, not as an
 * unknown type); false for anything else.
 */
bool qemu_backend_type_other(const char *type);

/*
 * QEMU 7.2's memory backends hotmem models (memory-backend-ram, -file and
 * -memfd: to the guest they are all RAM; a file backend's mem-path is never
 * opened) and their properties in the QAPI schema's order
 * (MemoryBackendProperties, then the type's own), for object-add and
 * -object alike.
 */
enum backend_kind { BACKEND_RAM = 1, BACKEND_FILE = 2, BACKEND_MEMFD = 4 };
enum backend_prop_type {
	BPROP_BOOL, BPROP_SIZE, BPROP_UINT32, BPROP_POLICY, BPROP_STR, BPROP_NODES,
};
struct backend_prop {
	const char *name;
	enum backend_prop_type type;
	unsigned int kinds;		/* the backends that have it */
	unsigned int required;		/* the backends that require it */
};
extern const struct backend_prop backend_props[];
extern const unsigned int nr_backend_props;
/**
 * backend_kind - the memory backend a qom-type names
 * @type: the qom-type
 *
 * Return: BACKEND_RAM, BACKEND_FILE or BACKEND_MEMFD, or 0 for any other type.
 */
unsigned int backend_kind(const char *type);
/**
 * backend_policy_valid - whether a policy is one of HostMemPolicy's values
 * @policy: the text given
 *
 * Return: true for "default", "preferred", "bind" and "interleave".
 */
bool backend_policy_valid(const char *policy);
/**
 * backend_complete - create a backend whose properties were all read
 * @m: the machine
 * @type: its qom-type, for the messages
 * @kind: backend_kind() of @type
 * @id: its id, well formed
 * @size: its size property
 * @val: each property of backend_props[] as text, NULL where not given
 * @err: QEMU's message on failure, without a location
 *
 * The setters' and complete's checks that follow the properties' visit
 * (size and prealloc-threads 0, a prealloc-context, a duplicate id, a policy
 * without host-nodes, a file backend's align), then memdev_add().
 *
 * Return: 0; -EINVAL, -EEXIST or -ENOENT (no such thread-context object)
 * with @err set and nothing created; -ENOMEM.
 */
int backend_complete(struct hm_machine *m, const char *type, unsigned int kind, const char *id,
		     uint64_t size, const char *const *val, struct hm_buf *err);

/* virt.c: the arm64 virt board's memory map and its UEFI/ACPI tables. */
/**
 * srat_add() - append a memory affinity structure to the SRAT
 * @bi: the boot information being built
 * @start: the range's start
 * @len: its length, in bytes
 * @nid: its proximity domain
 * @ram: boot RAM (false: the hotplug region or an NVDIMM)
 *
 * build_srat_memory, on either board.  Silently does nothing once
 * SRAT_MAX_MEM_AFFINITY structures are there (system.h sizes the table for
 * every structure a machine can describe).
 */
void srat_add(struct hm_boot_info *bi, uint64_t start, uint64_t len, int nid, bool ram);
/**
 * srat_add_nvdimms() - the SRAT's affinities of the cold-plugged NVDIMMs
 * @m: the machine, its NVDIMMs placed (addr and size set)
 * @bi: the boot information being built
 *
 * nvdimm_build_srat: one non-volatile srat_add() per NVDIMM present at
 * boot, in device-list order; hot-plugged ones are skipped.
 */
void srat_add_nvdimms(const struct hm_machine *m, struct hm_boot_info *bi);
/**
 * virt_memory_layout() - the arm64 virt board's memory map
 * @m: the machine, with its RAM size, maxmem and slots parsed
 * @err: written QEMU's message on failure
 *
 * machvirt_init: RAM at 1 GiB, the device-memory region after it aligned
 * to 1 GiB (maxmem - RAM plus 1 GiB a slot).
 *
 * Return: 0 with @m->ram_base, @m->device_mem_base and
 * @m->device_mem_size set; -EINVAL with @err written for more than
 * ACPI_MAX_RAM_SLOTS slots (@m unchanged) or a map beyond VIRT_PA_BITS
 * (44) bits of physical address (then the layout fields are written).
 */
int virt_memory_layout(struct hm_machine *m, struct hm_buf *err);
/**
 * virt_build_boot_info() - the boot information EDK2 and QEMU give on virt
 * @m: the machine, after virt_memory_layout()
 * @bi: overwritten (cleared first): machine_boot_cpus() comes after it
 *
 * The UEFI memory map (flash, system memory with EDK2's runtime regions),
 * the kernel image's base and, with -numa, QEMU's SRAT and the possible
 * nodes.  Cannot fail.
 */
void virt_build_boot_info(struct hm_machine *m, struct hm_boot_info *bi);
/**
 * machine_boot_cpus() - the boot CPUs, their nodes and their model
 * @m: the machine, after machine_parse_smp() and the -numa options
 * @bi: the boot information, after the board's part (which clears it)
 *
 * Sets the CPUs present (-smp cpus) and possible (maxcpus), both capped at
 * HM_NR_CPUS, each possible CPU's node (machine_cpu_node()), the CPU
 * model's description (the board's default when -cpu gave none) and the
 * name of the ACPI memory hotplug container.  Cannot fail.
 */
void machine_boot_cpus(struct hm_machine *m, struct hm_boot_info *bi);

/*
 * The machine's own objects (backends, devices, their names, scratch
 * arrays) come from the system's counted allocator, as the kernel model's
 * do: one fault-injection sequence covers both, and the teardown's leak
 * count includes them.  The system is created first for this.
 */
#define machine_alloc(m) (&(m)->sys->alloc)

/**
 * memdev_find() - a memory backend by its id
 * @m: the machine
 * @id: the -object/object-add id, not NULL
 *
 * Return: the backend, owned by @m (valid until memdevs_free()), or NULL
 * if no backend has that id.
 */
struct hm_memdev *memdev_find(struct hm_machine *m, const char *id);
/**
 * memdev_add() - add a memory backend at the end of the machine's list
 * @m: the machine
 * @id: its id, copied; the caller has checked it is well formed and unused
 * @size: its size, in bytes
 *
 * The backend and its id come from the system's counted allocator.
 *
 * Return: 0, or -ENOMEM with the list unchanged.
 */
int memdev_add(struct hm_machine *m, const char *id, uint64_t size);
/**
 * memdevs_free() - free every memory backend
 * @m: the machine, its devices already freed (dimms_free()): a DIMM's
 *	@memdev would dangle
 */
void memdevs_free(struct hm_machine *m);
/**
 * dimms_free() - free every device and the kept -device arguments
 * @m: the machine, at teardown
 *
 * The hmm-dmirrors (hmm_dmirrors_free()), each memory device as
 * dimm_unplug() does (no guest involvement: the memory the guest added is
 * the system's to tear down), then the cold -device strings.
 */
void dimms_free(struct hm_machine *m);
/**
 * dimm_unplug() - QEMU's side of an accepted eject (_EJ0)
 * @m: the machine
 * @dimm: a device on @m->dimms; the guest has already released its memory
 *
 * Unlinks @dimm, frees its PCI devfn, releases its backend (which stays,
 * free for another device) and frees its virtio-mem or nvdimm state, its id
 * and @dimm itself: the caller's pointer is dangling afterwards.
 */
void dimm_unplug(struct hm_machine *m, struct hm_dimm *dimm);
/**
 * dimm_id_in_use() - whether a device id is taken
 * @m: the machine
 * @id: the id, not NULL
 *
 * qdev_set_id's namespace (/machine/peripheral/ID): the memory devices and
 * the PCIe root ports.
 *
 * Return: true if a memory device or a root port has @id.
 */
bool dimm_id_in_use(struct hm_machine *m, const char *id);
/**
 * cold_device_add() - keep a -device argument until the layout is known
 * @m: the machine, while its options are parsed
 * @arg: the argument ("DRIVER,PROP=VALUE,..."), copied
 * @err: written the message of a failure other than -ENOMEM
 *
 * Return: 0; -EINVAL beyond 16 devices; -ENOMEM.  Either failure leaves
 * the kept list unchanged.
 */
int cold_device_add(struct hm_machine *m, const char *arg, struct hm_buf *err);
/**
 * cold_devices_place() - realise the kept -device arguments, in order
 * @m: the machine, after its memory layout and the board's PCI devices
 * @err: written QEMU's message (prefixed "-device ARG: ") on failure
 *
 * pc-dimm, nvdimm and virtio-mem-pci are parsed and plugged cold;
 * hmm-dmirror and pcie-root-port go to their own cold add.
 *
 * Return: 0; -EINVAL with @err written for an unknown driver, a bad
 * property or a device QEMU refuses; -ENOMEM.  The devices before the
 * failing one stay realised: the caller abandons the machine.
 */
int cold_devices_place(struct hm_machine *m, struct hm_buf *err);

/*
 * virtio-mem (virtio_mem.c).  The device: virtio_mem_device_init at
 * realize (the plugged-block bitmap, the usable region), the usable region
 * resized on a new requested-size (QEMU: the request plus 256 MiB, block
 * aligned, growing only unless can_shrink).  The guest's driver: probe
 * (parent resource, memory group, notifier, online-page callback), then
 * virtio_mem_guest_step runs its work item when something queued it (1 if
 * it ran, *err a fatal error); virtio_mem_sleep fires its retry timer once
 * the guest time reached it.  virtio_mem_check is the verifier's part.
 */
#define VIRTIO_MEM_USABLE_EXTENT	(2 * (128ULL << 20))
/**
 * virtio_mem_device_init() - QEMU's realize of a virtio-mem device
 * @m: the machine
 * @dev: the device, its size, block size and requested size set
 *
 * Allocates the plugged-block bitmap (none plugged) from the counted
 * allocator and sets the usable region for the requested size.
 *
 * Return: 0, or -ENOMEM with @dev unchanged.
 */
int virtio_mem_device_init(struct hm_machine *m, struct hm_dimm *dev);
/**
 * virtio_mem_resize_usable_region() - the usable region for a request
 * @dev: the device
 * @requested: the new requested size, in bytes
 * @can_shrink: whether the region may get smaller (at realize, or when
 *	nothing is plugged)
 *
 * QEMU's virtio_mem_resize_usable_region: the request plus
 * VIRTIO_MEM_USABLE_EXTENT, capped at the device's size and rounded up to
 * its block size; 0 for a request of 0.  Without @can_shrink a smaller
 * result leaves the region as it was.
 */
void virtio_mem_resize_usable_region(struct hm_dimm *dev, uint64_t requested, bool can_shrink);
/**
 * virtio_mem_probe() - the guest's virtio_mem driver binds the device
 * @m: the machine
 * @dev: the device, realised (virtio_mem_device_init()), not yet probed
 *
 * Logs the device's geometry, picks Sub Block or Big Block Mode, reserves
 * the parent resource, registers the memory group, the memory notifier and
 * the online-page callback, then queues the first run of the work item.
 * Sets @dev->guest to DIMM_GUEST_ADDED with @dev->vm owned by @dev, or on
 * any failure (allocation, busy region, group, callback) to
 * DIMM_GUEST_FAILED with everything it took released, as the kernel's
 * probe fails with the device left unbound.
 */
void virtio_mem_probe(struct hm_machine *m, struct hm_dimm *dev);
/**
 * virtio_mem_guest_step() - run the driver's work item once if queued
 * @m: the machine
 * @dev: the device
 * @err: set to a fatal error of the work item; left alone otherwise
 *
 * Delivers a pending config-change interrupt to the driver first.  The
 * work item's transient failures (-ENOSPC, -EBUSY, -ENOMEM, -ETXTBSY)
 * are the driver's to retry by its timer and are not reported.
 *
 * Return: 1 if the work item ran, 0 if there was nothing to run (no
 * driver bound, or no work queued).
 */
int virtio_mem_guest_step(struct hm_machine *m, struct hm_dimm *dev, int *err);
/**
 * virtio_mem_sleep() - fire the driver's retry timer if it expired
 * @m: the machine, its guest time @m->now_ms advanced
 * @dev: the device
 *
 * An armed timer due by @m->now_ms queues the work item and doubles the
 * next timeout (up to the driver's maximum).  Nothing without a driver.
 */
void virtio_mem_sleep(struct hm_machine *m, struct hm_dimm *dev);
/**
 * virtio_mem_free() - free a virtio-mem device's state
 * @m: the machine
 * @dev: the device (any type: nothing to free is fine)
 *
 * Frees the plugged-block bitmap and the guest driver's state, unregisters
 * its memory notifier and, for the last bound driver, restores the
 * online-page callback.  The memory the driver added stays in the system.
 */
void virtio_mem_free(struct hm_machine *m, struct hm_dimm *dev);
/**
 * virtio_mem_check() - the verifier's checks of a virtio-mem device
 * @m: the machine
 * @dev: the device
 * @r: the report the violations are added to
 *
 * The plugged blocks sum to the device's size, which stays within the
 * usable region; with a driver bound, the driver's accounting and block
 * states agree with the device and the system's memory blocks.
 *
 * Return: the number of violations added to @r.
 */
unsigned long virtio_mem_check(struct hm_machine *m, struct hm_dimm *dev, struct hm_report *r);

/* nvdimm (hw/mem/nvdimm.c) */
/**
 * nvdimm_prepare_memory_region() - the size QEMU maps of an NVDIMM
 * @m: the machine (unused: QEMU's signature)
 * @memdev_size: the backend's size, in bytes
 * @label_size: the label-size property (0: no label area)
 * @memdev_id: the backend's id, for the message
 * @pmem_size: set to the mapped size on success
 * @desc: written QEMU's message on failure
 * @desc_len: @desc's size
 *
 * The backend's size less the label area, aligned down to the backend's
 * 2 MiB alignment.
 *
 * Return: 0 with *@pmem_size set; -1 (not an errno: the caller turns it
 * into QEMU's GenericError) with @desc written for a label area below
 * 128 KiB or a backend too small for the label and 2 MiB of PMEM.
 * *@pmem_size is unchanged on failure.
 */
int nvdimm_prepare_memory_region(struct hm_machine *m, uint64_t memdev_size,
				 uint64_t label_size, const char *memdev_id, uint64_t *pmem_size,
				 char *desc, size_t desc_len);
/**
 * nvdimm_realize() - create an NVDIMM's media (its label area)
 * @m: the machine
 * @dimm: the device, without media yet
 * @label_size: the label area's size, checked by
 *	nvdimm_prepare_memory_region()
 *
 * The label storage starts zeroed (no valid index block); the number of
 * label slots is capped at ND_MAX_LABELS.  @dimm owns the media, freed by
 * nvdimm_free().
 *
 * Return: 0 with @dimm->media set, or -ENOMEM with @dimm unchanged.
 */
int nvdimm_realize(struct hm_machine *m, struct hm_dimm *dimm, uint64_t label_size);
/**
 * nvdimm_free() - free an NVDIMM's media
 * @m: the machine
 * @dimm: the device (any type: without media nothing happens)
 *
 * Leaves @dimm->media NULL.  The guest's nvdimm objects must be gone
 * first: they point at the media.
 */
void nvdimm_free(struct hm_machine *m, struct hm_dimm *dimm);
/**
 * nvdimm_guest_probe() - the guest's nfit driver finds the NVDIMM
 * @m: the machine
 * @dimm: a cold-plugged NVDIMM, placed and realised, at boot
 *
 * Describes it as the NFIT does (SPA range on its node, handle slot + 1,
 * serial 0x123456 + slot, vendor 0x8086, the label area) to
 * acpi_nfit_add_nvdimm().
 *
 * Return: 0 with @dimm->guest DIMM_GUEST_ADDED, else the negative errno of
 * acpi_nfit_add_nvdimm() with @dimm->guest DIMM_GUEST_FAILED.
 */
int nvdimm_guest_probe(struct hm_machine *m, struct hm_dimm *dimm);

/* hmm-dmirror (the emulator-only device of test_hmm.h) */
/**
 * hmm_dmirror_cold_add() - parse a -device hmm-dmirror,... and add it
 * @m: the machine, after the -numa options
 * @arg: the -device argument: id=, size= (a non-zero multiple of 256 MiB),
 *	node= (an existing node)
 * @err: written the message of an -EINVAL
 *
 * The device is appended to @m->dmirrors, not yet probed by the guest
 * (hmm_dmirror_guest_step()).
 *
 * Return: 0; -EINVAL with @err written for an unknown or malformed
 * property (a second id= included), a bad size or a missing node;
 * -ENOMEM (@err untouched).  A failure leaves @m->dmirrors unchanged.
 */
int hmm_dmirror_cold_add(struct hm_machine *m, const char *arg, struct hm_buf *err);
/**
 * hmm_dmirror_guest_step() - the guest probes the next unprobed device
 * @m: the machine, booted
 * @err: set to dmirror_device_add()'s result (0 or a negative errno) when
 *	a device was probed
 *
 * One device a call, in creation order; a device whose probe failed is
 * not tried again.
 *
 * Return: 1 if a device was probed, 0 if none was left.
 */
int hmm_dmirror_guest_step(struct hm_machine *m, int *err);
/**
 * hmm_dmirror_del() - device_del of an hmm-dmirror
 * @m: the machine
 * @id: the device id, not NULL
 *
 * Removes the guest's device (dmirror_device_remove(), if probed), then
 * frees the device at once.
 *
 * Return: 1 if @id named an hmm-dmirror, now gone; 0 if none has @id
 * (the caller tries the other devices).
 */
int hmm_dmirror_del(struct hm_machine *m, const char *id);
/**
 * hmm_dmirrors_free() - free every hmm-dmirror at teardown
 * @m: the machine
 *
 * Frees the machine's side only: the guest's dmirror devices and their
 * device-private memory are the system's to tear down.
 */
void hmm_dmirrors_free(struct hm_machine *m);

/* pci.c: buses by name, slots, root ports */
/**
 * pci_root_bus_name() - the name of the board's root bus
 * @m: the machine
 *
 * Return: "pci.0" on pc, "pcie.0" on q35 and virt (a static string).
 */
const char *pci_root_bus_name(const struct hm_machine *m);
/**
 * pci_bus_name() - the name of a bus
 * @m: the machine
 * @bus: PCI_BUS_ROOT or the index of an existing root port (not
 *	PCI_BUS_NONE: not checked)
 *
 * Return: the name, owned by @m: the root port's id, or "pcie.N" for one
 * without id; valid until pci_free().
 */
const char *pci_bus_name(const struct hm_machine *m, int bus);
/**
 * pci_bus_find() - a bus by the name device_add's "bus" gives
 * @m: the machine
 * @name: the name, not NULL
 * @bus: set to PCI_BUS_ROOT or the root port's index when found
 *
 * qbus_find's order: the root bus first, then the root ports in order.
 *
 * Return: 0 with *@bus set, or -ENOENT with *@bus unchanged.
 */
int pci_bus_find(const struct hm_machine *m, const char *name, int *bus);
/**
 * pci_bus_hotpluggable() - whether device_add may put a device on a bus
 * @m: the machine
 * @bus: PCI_BUS_ROOT or a root port's index
 *
 * Return: true for a root port's bus and for pc's root bus (ACPI PCI
 * hotplug); false for the PCIe root bus of q35 and virt.
 */
bool pci_bus_hotpluggable(const struct hm_machine *m, int bus);
/**
 * pci_bus_type() - QEMU's type name of a bus
 * @m: the machine
 * @bus: PCI_BUS_ROOT or a root port's index
 *
 * For QEMU's "Device 'X' can't go on PCI bus" messages.
 *
 * Return: "PCI" for pc's root bus, "PCIE" for any other (a static string).
 */
const char *pci_bus_type(const struct hm_machine *m, int bus);
/**
 * pci_bus_slots() - the slots in use on a bus
 * @m: the machine
 * @bus: PCI_BUS_ROOT or the index of an existing root port
 *
 * Return: a pointer into @m to the bus's bitmap, a bit a slot (function 0
 * taken); the caller may set and clear bits through it.
 */
uint32_t *pci_bus_slots(struct hm_machine *m, int bus);
/**
 * pci_free_devfn() - free a device's slot on its bus
 * @m: the machine
 * @bus: PCI_BUS_ROOT or a root port's index
 * @devfn: the device's devfn; its whole slot is freed
 */
void pci_free_devfn(struct hm_machine *m, int bus, int devfn);
/**
 * pci_port_bus_nr() - the secondary bus number of a root port
 * @m: the machine
 * @i: the port, in slot order, from 1
 *
 * Return: the bus number.
 */
int pci_port_bus_nr(const struct hm_machine *m, unsigned int i);
/**
 * pci_slot_user() - what QEMU names as the device at function 0 of a slot
 * @m: the machine
 * @bus: the bus
 * @slot: the slot
 * @buf: written the name, as QEMU's "in use by" messages give it:
 *	"MODEL,id=ID", "(null)" for a device without an id
 * @size: @buf's size
 */
void pci_slot_user(const struct hm_machine *m, int bus, int slot, char *buf, size_t size);
/**
 * pci_devfn_parse() - a PCI device's "addr" property as QEMU parses it
 * @str: "SLOT" or "SLOT.FN", hexadecimal (set_pci_devfn)
 * @devfn: the device and function number
 *
 * Return: 0 with *@devfn set, else -EINVAL (QEMU: "Property
 * 'DRIVER.addr' doesn't take value 'STR'").
 */
int pci_devfn_parse(const char *str, int *devfn);
/**
 * pci_init_board() - the board's own devices on the root bus
 * @m: the machine, its type set, before any -device is placed
 *
 * Sets the root bus's slots in use to the board's devices (pc: host
 * bridge, PIIX3, VGA, e1000; q35: MCH, VGA, e1000e, ICH9 at 1f; virt: the
 * GPEX host and virtio-net), overwriting what was there.
 */
void pci_init_board(struct hm_machine *m);
/**
 * pcie_root_port_cold_add() - -device pcie-root-port,... on the command line
 * @m: the machine, after pci_init_board()
 * @arg: the -device argument: id=, chassis=, slot=, port=, bus= (the root
 *	bus only), addr= (a free slot of the root bus, function 0)
 * @err: written QEMU's message (prefixed "-device ARG: ") of an -EINVAL
 *
 * Takes the root bus slot (the first free one without addr=) and names the
 * port's bus after its id, or "pcie.N" without one.
 *
 * Return: 0 with the port appended to @m->ports; -EINVAL with @err
 * written on pc, beyond MAX_PCIE_PORTS, for a bad or unknown property, a
 * duplicate id, a taken or exhausted slot or a chassis/slot pair in use;
 * -ENOMEM.  Every failure leaves the ports and the slots unchanged.
 */
int pcie_root_port_cold_add(struct hm_machine *m, const char *arg, struct hm_buf *err);
/**
 * pcie_port_find() - a root port by its id
 * @m: the machine
 * @id: the id, not NULL
 *
 * Return: the port's index in @m->ports, or -ENOENT (ports without an id
 * never match).
 */
int pcie_port_find(const struct hm_machine *m, const char *id);
/**
 * pci_free() - free the root ports' names at teardown
 * @m: the machine, its devices already freed (they refer to the ports by
 *	index)
 *
 * Leaves @m->nr_ports 0.
 */
void pci_free(struct hm_machine *m);

/**
 * machine_iomem_setup() - the machine's and firmware's resources in iomem
 * @m: the machine, right after hm_system_boot(), its devices placed
 *
 * On pc and q35: the ROMs, the PCI windows, q35's MMCONFIG (inside its
 * PNP0C02 reservation), the chipset's IOAPIC, HPET and LAPIC, then the
 * root bus's BARs as SeaBIOS assigns them; virt has its own map.
 *
 * Return: 0, or the negative errno of the first insertion that failed
 * (-EBUSY for a conflict, -ENOENT for a missing parent, -ENOMEM).  The
 * resources inserted before it stay: the caller abandons the machine.
 */
int machine_iomem_setup(struct hm_machine *m);
/**
 * machine_iomem_port_device() - a virtio-mem-pci's BAR behind a root port
 * @m: the machine, booted
 * @d: the device, on a root port's bus
 *
 * The 16 KiB modern BAR at the start of the port's prefetchable window and
 * virtio_pci's busy region in it, as the guest finds them when it
 * enumerates the port (at boot or by its hotplug driver).  Does nothing
 * for a device on the root bus, one the guest never scans (@d->hidden) or
 * a port without a window.
 *
 * Return: 0, or the negative errno of the insertion (-EBUSY, -ENOMEM);
 * the BAR stays if only the busy region failed.
 */
int machine_iomem_port_device(struct hm_machine *m, const struct hm_dimm *d);
/**
 * pci_hotplug_virtio_mem() - the guest's scan of a new virtio-mem-pci
 * @m: the machine
 * @dev: the device
 *
 * Its BAR (from the host bridge's windows on pc's root bus, at its port's
 * window behind a root port), and for one hot-plugged on pc or q35, as
 * acpiphp enumerates it, the wakeup source of its ACPI slot and the PCI
 * and virtio devices' add and bind uevents, around virtio_mem_probe().
 */
void pci_hotplug_virtio_mem(struct hm_machine *m, struct hm_dimm *dev);

/* The guest's ACPI memory device driver. */
/**
 * acpi_memory_device_add() - the guest's ACPI driver adds a DIMM's memory
 * @m: the machine
 * @dimm: a pc-dimm, placed, that the guest has not added
 *
 * acpi_memory_enable_device: a static memory group on the DIMM's node,
 * then __add_memory() of its range (memmap_on_memory where supported) and
 * each memory block bound to the DIMM's ACPI device.  -EEXIST from
 * __add_memory() counts as added, as in the kernel.
 *
 * Context: takes the device hotplug lock; the caller must not hold it.
 * Return: 0 with @dimm->guest DIMM_GUEST_ADDED and @dimm->mgid set; else
 * the negative errno of the group's registration or of __add_memory(),
 * logged as the kernel logs it, with the group unregistered again and
 * @dimm->guest DIMM_GUEST_FAILED (the DIMM stays plugged, without memory).
 */
int acpi_memory_device_add(struct hm_machine *m, struct hm_dimm *dimm);
/**
 * acpi_memory_device_eject() - the guest's side of a DIMM's eject request
 * @m: the machine
 * @dimm: a pc-dimm with an unplug request pending
 *
 * acpi_scan_hot_remove: every memory block of the DIMM offlined, in a
 * second pass again if one failed; then __remove_memory() and the memory
 * group unregistered.  The caller completes the unplug (dimm_unplug()) on
 * success.
 *
 * Context: takes the device hotplug lock; the caller must not hold it.
 * Return: 0 with the memory gone and @dimm->guest DIMM_GUEST_NEW, or 0 at
 * once for a DIMM the guest never added; -EBUSY if a block stayed online
 * ("Offline failed." logged), with the blocks this eject offlined put
 * online again; -ENOMEM with nothing done; the error of __remove_memory()
 * (where the kernel BUG()s) with the blocks left offline.
 */
int acpi_memory_device_eject(struct hm_machine *m, struct hm_dimm *dimm);

#endif /* HOTMEM_MACHINE_INTERNAL_H */
