// SPDX-License-Identifier: GPL-2.0
/*
 * test_machine.c - unit tests for the pc machine model (src/machine/): QEMU
 * size parsing, machine_create's option errors, and the QMP commands that
 * manage memory backends and pc-dimm devices (object-add/-del, device_add,
 * device_del, qom-get, query-memory-devices) with the guest's ACPI memory
 * hotplug driver reacting at machine_guest_sync().
 *
 * Answers are compared as exact strings in the conformance transcript
 * format: "ok", "return <json>", "error <Class>: <desc>".  Tests that build
 * a machine run on a fresh default one ("-m 1G,slots=4,maxmem=8G -smp 1":
 * device memory from 4 GiB) and end with verify_system() in the teardown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

static void check_qmp(struct hm_machine *m, const char *cmd, const char *want,
		      const char *file, int line)
{
	struct hm_buf answer;
	bool ok;

	hm_buf_init(&answer);
	machine_qmp(m, cmd, &answer);
	ok = !strcmp(hm_buf_str(&answer), want);
	if (!ok)
		print_error("%s\n  answered: %s\n  expected: %s\n", cmd, hm_buf_str(&answer), want);
	hm_buf_free(&answer);
	if (!ok)
		_fail(file, line);
}
#define assert_qmp(m, cmd, want) check_qmp(m, cmd, want, __FILE__, __LINE__)

#define OBJECT_ADD(id, size)							\
	"{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\"," \
	"\"id\":\"" id "\",\"size\":" size "}}"
#define DEVICE_ADD(id, memdev)							\
	"{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"" id \
	"\",\"memdev\":\"" memdev "\"}}"
#define DEVICE_DEL(id)								\
	"{\"execute\":\"device_del\",\"arguments\":{\"id\":\"" id "\"}}"
#define OBJECT_DEL(id)								\
	"{\"execute\":\"object-del\",\"arguments\":{\"id\":\"" id "\"}}"
#define QOM_GET(path, prop)							\
	"{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"" path "\",\"property\":\"" \
	prop "\"}}"

#define VMEM_ADD(id, memdev, bus)						\
	"{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"virtio-mem-pci\"," \
	"\"id\":\"" id "\",\"memdev\":\"" memdev "\"" bus "}}"

#define SZ_1G_STR	"1073741824"
#define SZ_128M_STR	"134217728"
#define SZ_256M_STR	"268435456"

static struct hm_machine *fx_m(void **state)
{
	return ((struct fx *)*state)->m;
}

/* ------------------------------------------------------- qemu_parse_size */

/*
 * qemu_parse_size.  Expect the suffixes B, K, M, G, T in either case to
 * scale, bare numbers to take the default unit, the largest values that fit
 * in 64 bits to be accepted; an empty string, a sign, an unknown or doubled
 * suffix, a suffix alone and a space to be -EINVAL; products beyond 64 bits
 * to fail (QEMU says -ERANGE; only the failure is visible to machine_create);
 * the output left alone on every failure.
 */
#define FAILS	1	/* any negative errno */

static void qemu_parse_size_units_and_errors(void **state)
{
	static const struct {
		const char *s;
		uint64_t unit;
		int ret;
		uint64_t value;
	} cases[] = {
		{ "512M", 1, 0, 512ULL << 20 },
		{ "512m", 1, 0, 512ULL << 20 },
		{ "1G", 1, 0, 1ULL << 30 },
		{ "1g", 1ULL << 20, 0, 1ULL << 30 },
		{ "1073741824", 1, 0, 1ULL << 30 },
		{ "2", 1ULL << 20, 0, 2ULL << 20 },
		{ "4k", 1, 0, 4096 },
		{ "4K", 1ULL << 20, 0, 4096 },
		{ "10b", 1ULL << 20, 0, 10 },
		{ "10B", 1, 0, 10 },
		{ "1T", 1, 0, 1ULL << 40 },
		{ "3t", 1, 0, 3ULL << 40 },
		{ "0", 1ULL << 20, 0, 0 },
		{ "0G", 1, 0, 0 },
		{ "18446744073709551615", 1, 0, UINT64_MAX },
		{ "17179869183G", 1, 0, 17179869183ULL << 30 },
		{ "16777215T", 1, 0, 16777215ULL << 40 },
		{ "17179869184G", 1, FAILS, 0 },
		{ "16777216T", 1, FAILS, 0 },
		{ "17592186044416", 1ULL << 20, FAILS, 0 },
		{ "", 1, -EINVAL, 0 },
		{ "-1", 1, -EINVAL, 0 },
		{ "-1G", 1, -EINVAL, 0 },
		{ "1X", 1, -EINVAL, 0 },
		{ "1GB", 1, -EINVAL, 0 },
		{ "1MM", 1, -EINVAL, 0 },
		{ "G", 1, -EINVAL, 0 },
		{ "1 G", 1, -EINVAL, 0 },
		{ "1G ", 1, -EINVAL, 0 },
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 0x5a5a;
		int ret = qemu_parse_size(cases[i].s, cases[i].unit, &v);
		bool ok = cases[i].ret == FAILS ? ret < 0 : ret == cases[i].ret;

		if (!ok || (!ret && v != cases[i].value))
			print_error("qemu_parse_size(\"%s\", %#llx) = %d, %#llx\n", cases[i].s,
				    (unsigned long long)cases[i].unit, ret, (unsigned long long)v);
		assert_true(ok);
		assert_int_equal(v, ret ? 0x5a5a : cases[i].value);
	}
}

/* ------------------------------------------------------- machine_create */

/*
 * machine_create with bad options.  Expect -EINVAL, no machine, and the
 * exact message: an unknown option, an option without its argument, a bad
 * -m value or key, maxmem below the RAM size, NUMA node memory that does
 * not add up to the RAM size, an unknown memdev, a bad -smp, another
 * machine type, a zero-sized backend, a device region beyond phys-bits.
 */
static void machine_create_bad_options_einval(void **state)
{
	static const struct { const char *opts, *msg; } cases[] = {
		{ "-m 1G -foo bar", "unknown option '-foo'" },
		{ "-m", "option -m needs an argument" },
		{ "-m abc", "-m abc: Parameter 'size' expects a non-negative number below 2^64" },
		{ "-m 1G,maxmem=x", "-m 1G,maxmem=x: Parameter 'maxmem' expects a non-negative "
				     "number below 2^64" },
		{ "-m 1G,bogus=1", "-m 1G,bogus=1: Invalid parameter 'bogus'" },
		{ "-m 2G,maxmem=1G", "invalid value of maxmem: maximum memory size (0x40000000) "
				     "must be at least the initial memory size (0x80000000)" },
		{ "-m 2G -object memory-backend-ram,id=m0,size=1G -numa node,nodeid=0,memdev=m0",
		  "total memory for NUMA nodes (0x40000000) should equal RAM size (0x80000000)" },
		{ "-m 1G -object memory-backend-ram,id=m0,size=512M "
		  "-object memory-backend-ram,id=m1,size=1G "
		  "-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memdev=m1",
		  "total memory for NUMA nodes (0x60000000) should equal RAM size (0x40000000)" },
		{ "-m 1G -numa node,memdev=nope", "-numa node,memdev=nope: memdev=nope is ambiguous" },
		/* the generic checks hold on every board */
		{ "-M virt -m 1G -object memory-backend-ram,id=m0,size=512M "
		  "-object memory-backend-ram,id=m2,size=512M "
		  "-numa node,nodeid=0,memdev=m0 -numa node,nodeid=2,memdev=m2",
		  "numa: Node ID missing: 1" },
		{ "-M virt -m 2G,maxmem=1G", "invalid value of maxmem: maximum memory size "
		  "(0x40000000) must be at least the initial memory size (0x80000000)" },
		{ "-smp abc", "Parameter 'smp.cpus' expects integer" },
		{ "-machine isapc", "-machine: only the pc, q35 and virt machines are modelled" },
		{ "-object memory-backend-ram,id=m0,size=0",
		  "property 'size' of memory-backend-ram doesn't take value '0'" },
		{ "-m 1G,maxmem=2000G",
		  "Address space limit 0xffffffffff < 0x2f43fffffff phys-bits too low (40)" },
		{ "-cpu cortex-a57", "unable to find CPU model 'cortex-a57'" },
		{ "-M virt -cpu qemu64", "unable to find CPU model 'qemu64'" },
		{ "-M virt -m 1G,maxmem=20T",
		  "Addressing limited to 44 bits, but memory exceeds it by 4399120252928 bytes" },
		{ "-M virt -m 1G,slots=2", "slots specified but no max-size" },
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct hm_machine *m = NULL;
		struct hm_buf err;
		int ret;

		hm_buf_init(&err);
		ret = machine_create(&m, cases[i].opts, NULL, &err);
		if (ret != -EINVAL || strcmp(hm_buf_str(&err), cases[i].msg))
			print_error("%s: %d \"%s\"\n", cases[i].opts, ret, hm_buf_str(&err));
		assert_int_equal(ret, -EINVAL);
		assert_null(m);
		assert_string_equal(hm_buf_str(&err), cases[i].msg);
		hm_buf_free(&err);
	}
}

/*
 * QEMU 7.2's answers to -smp, -m, -object, -numa, -machine and -device
 * options, each checked against qemu-system-x86_64 / qemu-system-aarch64
 * 7.2 (Debian 1:7.2+dfsg-7) with -S: expect -EINVAL and its message, the
 * option's location first where QEMU prints one.
 */
static void machine_create_qemu_option_errors(void **state)
{
	static const struct { const char *opts, *msg; } cases[] = {
		{ "-smp 4,sockets=3", "Invalid CPU topology: product of the hierarchy must match "
		  "maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) != maxcpus (4)" },
		{ "-smp 4,maxcpus=2", "Invalid CPU topology: maxcpus must be equal to or greater "
		  "than smp: sockets (1) * dies (1) * cores (2) * threads (1) == maxcpus (2) < "
		  "smp_cpus (4)" },
		{ "-smp 3,threads=2", "Invalid CPU topology: product of the hierarchy must match "
		  "maxcpus: sockets (1) * dies (1) * cores (1) * threads (2) != maxcpus (3)" },
		{ "-smp 2,maxcpus=3,sockets=2", "Invalid CPU topology: product of the hierarchy "
		  "must match maxcpus: sockets (2) * dies (1) * cores (1) * threads (1) != maxcpus "
		  "(3)" },
		{ "-smp 2,clusters=2", "clusters not supported by this machine's CPU topology" },
		{ "-smp 300", "Invalid SMP CPUs 300. The max CPUs supported by machine "
		  "'pc-i440fx-7.2' is 255" },
		{ "-M q35 -smp 289", "Invalid SMP CPUs 289. The max CPUs supported by machine "
		  "'pc-q35-7.2' is 288" },
		{ "-smp -1", "Invalid SMP CPUs -1. The max CPUs supported by machine "
		  "'pc-i440fx-7.2' is 255" },
		{ "-smp 2,foo=1", "Parameter 'smp.foo' is unexpected" },
		{ "-smp 1.5", "Parameter 'smp.cpus' expects integer" },
		{ "-M virt -smp 9", "Number of SMP CPUs requested (9) exceeds max CPUs supported by "
		  "machine 'mach-virt' (8)" },
		{ "-M virt -smp 2,dies=2", "dies not supported by this machine's CPU topology" },
		{ "-M virt -smp 3,sockets=2", "Invalid CPU topology: product of the hierarchy must "
		  "match maxcpus: sockets (2) * clusters (1) * cores (1) * threads (1) != maxcpus "
		  "(3)" },
		{ "-m 16E", "-m 16E: Value '16E' is out of range for parameter 'size'" },
		{ "-m -1", "-m -1: Parameter 'size' expects a non-negative number below 2^64" },
		{ "-m 18446744073709551615", "Parameter 'memory.size' expects size" },
		{ "-m 1G,slots=x,maxmem=2G", "-m 1G,slots=x,maxmem=2G: Parameter 'slots' expects a "
		  "number" },
		{ "-m 1G,slots=-1,maxmem=2G", "unsupported amount of memory slots: "
		  "18446744073709551615" },
		{ "-m 1G,maxmem=4096", "invalid value of maxmem: maximum memory size (0x1000) must "
		  "be at least the initial memory size (0x40000000)" },
		{ "-m 1G,maxmem=2G,slots=1 -m 2G", "invalid value of maxmem: memory slots were "
		  "specified but maximum memory size (0x80000000) is equal to the initial memory "
		  "size (0x80000000)" },
		{ "-object memory-backend-ram,size=1G", "-object memory-backend-ram,size=1G: "
		  "Parameter 'id' is missing" },
		{ "-object memory-backend-ram,id=1m,size=1G", "-object "
		  "memory-backend-ram,id=1m,size=1G: Parameter 'id' expects an identifier" },
		{ "-object memory-backend-ram,id=m", "-object memory-backend-ram,id=m: Parameter "
		  "'size' is missing" },
		{ "-object memory-backend-ram,id=m,foo=1", "-object memory-backend-ram,id=m,foo=1: "
		  "Parameter 'size' is missing" },
		{ "-object memory-backend-ram,id=m,size=1G,foo=1", "-object "
		  "memory-backend-ram,id=m,size=1G,foo=1: Invalid parameter 'foo'" },
		{ "-object memory-backend-ram,id=m,size=x", "-object memory-backend-ram,id=m,size=x: "
		  "Parameter 'size' expects a size value" },
		{ "-object memory-backend-file,id=m,size=1G", "-object "
		  "memory-backend-file,id=m,size=1G: Parameter 'mem-path' is missing" },
		{ "-object memory-backend-ram,id=m,size=1G,share=x", "-object "
		  "memory-backend-ram,id=m,size=1G,share=x: Parameter 'share' expects 'on' or 'off'" },
		{ "-object memory-backend-ram,id=m,size=1G,policy=x", "-object "
		  "memory-backend-ram,id=m,size=1G,policy=x: Parameter 'policy' does not accept "
		  "value 'x'" },
		{ "-object memory-backend-ram,id=m,size=1G,prealloc-threads=x", "-object "
		  "memory-backend-ram,id=m,size=1G,prealloc-threads=x: Parameter 'prealloc-threads' "
		  "expects a uint64 value" },
		{ "-object memory-backend-ram,id=m,size=1G,prealloc-threads=0",
		  "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'" },
		{ "-object memory-backend-epc,id=m,size=1G", "-object "
		  "memory-backend-epc,id=m,size=1G: -object memory-backend-epc is not modelled "
		  "(only memory-backend-ram, -file and -memfd)" },
		{ "-object memory-backend-foo,id=m,size=1G", "-object "
		  "memory-backend-foo,id=m,size=1G: Parameter 'qom-type' does not accept value "
		  "'memory-backend-foo'" },
		{ "-object frobnicator,id=m,size=1G", "-object frobnicator,id=m,size=1G: Parameter "
		  "'qom-type' does not accept value 'frobnicator'" },
		{ "-object id=m,size=1G", "-object id=m,size=1G: Parameter 'qom-type' is missing" },
		{ "-object memory-backend-ram,id=m,size=1G -object memory-backend-ram,id=m,size=1G",
		  "-object memory-backend-ram,id=m,size=1G: Duplicate ID 'm' for object" },
		{ "-m 1G -numa node,nodeid=0,cpus=5", "-numa node,nodeid=0,cpus=5: CPU index (5) "
		  "should be smaller than maxcpus (1)" },
		{ "-smp 2 -numa node,cpus=0-2", "-numa node,cpus=0-2: CPU index (2) should be "
		  "smaller than maxcpus (2)" },
		{ "-numa node,nodeid=200", "-numa node,nodeid=200: Max number of NUMA nodes "
		  "reached: 200" },
		{ "-numa node -numa node,nodeid=0", "-numa node,nodeid=0: Duplicate NUMA nodeid: 0" },
		{ "-numa foo", "-numa foo: Parameter 'type' does not accept value 'foo'" },
		{ "-numa node,foo=1", "-numa node,foo=1: Invalid parameter 'foo'" },
		{ "-machine q35,foo=on", "Property 'pc-q35-7.2-machine.foo' not found" },
		{ "-M q35 -device pcie-root-port,id=rp0,chassis=300", "-device "
		  "pcie-root-port,id=rp0,chassis=300: Parameter 'chassis' expects uint8_t" },
		{ "-M q35 -device pcie-root-port,id=rp0,foo=1", "-device "
		  "pcie-root-port,id=rp0,foo=1: Property 'pcie-root-port.foo' not found" },
		{ "-M q35 -device pcie-root-port,id=rp0 -device pcie-root-port,id=rp1", "-device "
		  "pcie-root-port,id=rp1: Can't add chassis slot, error -16" },
	};
	static const char *const good[] = {
		"-smp cpus=2", "-smp sockets=2", "-smp 0", "-smp 2,cpus=3", "-smp 0x2",
		"-smp 2,maxcpus=4", "-smp 4,sockets=2,cores=2", "-smp 2,dies=2",
		"-smp cpus=2,sockets=0", "-M virt -smp 4,clusters=2", "-m 0", "-m 100",
		"-m 1G -m maxmem=4G", "-m 1024,slots=2,maxmem=2147483648",
		"-object memory-backend-ram,id=m,size=1G -m 1G,slots=1,maxmem=2G "
		"-device pc-dimm,id=m,memdev=m",
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct hm_machine *m = NULL;
		struct hm_buf err;
		int ret;

		hm_buf_init(&err);
		ret = machine_create(&m, cases[i].opts, NULL, &err);
		if (ret != -EINVAL || strcmp(hm_buf_str(&err), cases[i].msg))
			print_error("%s: %d \"%s\"\n", cases[i].opts, ret, hm_buf_str(&err));
		assert_int_equal(ret, -EINVAL);
		assert_null(m);
		assert_string_equal(hm_buf_str(&err), cases[i].msg);
		hm_buf_free(&err);
	}
	/* and what QEMU 7.2 takes (with a deprecation warning for the zeros) */
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		struct hm_machine *m = NULL;
		struct hm_buf err;
		int ret;

		hm_buf_init(&err);
		ret = machine_create(&m, good[i], NULL, &err);
		if (ret)
			print_error("%s: %d \"%s\"\n", good[i], ret, hm_buf_str(&err));
		assert_int_equal(ret, 0);
		machine_destroy(m);
		hm_buf_free(&err);
	}
}

/*
 * machine_create with good options.  Expect "-m 512" (a bare number is
 * MiB) to boot 4 blocks and no device memory; the default machine 8 blocks
 * and a cold-plugged DIMM (-device) to be added by the guest at boot, at
 * the start of device memory (4 GiB), offline.
 */
static void machine_create_default_layout(void **state)
{
	struct fx *fx = *state;
	struct hm_buf err;
	struct hm_machine *m;

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-m 512", NULL, &err), 0);
	assert_int_equal(machine_system(m)->memory.nr_blocks, 4);
	assert_qmp(m, DEVICE_ADD("d", "nope"), "error DeviceNotFound: Device 'nope' not found");
	assert_qmp(m, OBJECT_ADD("m0", SZ_128M_STR), "ok");
	assert_qmp(m, DEVICE_ADD("d", "m0"), "error GenericError: no slots where allocated, "
					     "please specify the 'slots' option");
	machine_destroy(m);
	assert_string_equal(hm_buf_str(&err), "");
	hm_buf_free(&err);

	fx_machine(fx, "-m 1G,slots=2,maxmem=2G -object memory-backend-ram,id=d0,size=256M "
		       "-device pc-dimm,id=dimm0,memdev=d0", NULL);
	assert_int_equal(fx->sys->memory.nr_blocks, 10);
	assert_int_equal(find_memory_block_by_id(fx->sys, 32)->state, MEM_OFFLINE);
	assert_non_null(find_memory_block_by_id(fx->sys, 33));
	assert_qmp(fx->m, QOM_GET("/machine/peripheral/dimm0", "addr"), "return 4294967296");
}

/*
 * arm64 virt, 1 and 4 GiB: the boot allocations in the kernel's order, each
 * where the arm64 oracle's /sys/kernel/debug/memblock/reserved has it: the
 * image 0x8c00000 below the top, [_stext, _end); the memmap (66 MiB at
 * 4 GiB) top-down; the 64 MiB CMA area top-down below the DMA limit (below
 * the image at 1 GiB, below 4 GiB at 4 GiB) and, at 4 GiB only (memory past
 * the DMA limit), the 64 MiB swiotlb below it.  Expect CmaTotal's pages,
 * 32 MIGRATE_CMA pageblocks free in the DMA zone, and offlining the block
 * of the image and the CMA area (memory14 at 1 GiB) to fail with EBUSY
 * (isolation) where a block without boot allocations (memory13) gets
 * arm64's EPERM; /proc/iomem's Kernel code, Kernel data and the reserved
 * ranges around them as the oracle's; the verifier clean.
 */
static void machine_virt_boot_allocations(void **state)
{
	struct fx *fx = *state;
	struct zone *dma;
	struct hm_buf out;
	unsigned long pfn, nr_cma = 0;

	fx_machine(fx, "-M virt -m 1G", NULL);
	assert_int_equal(fx->sys->totalcma_pages, 16384);
	assert_int_equal(fx->sys->cma_base, 0x73400000);
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0x77410000));
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0x78eaffff));
	assert_false(memblock_is_reserved(&fx->sys->memblock, 0x78eb0000));
	assert_false(memblock_is_reserved(&fx->sys->memblock, 0x77400000));
	dma = &NODE_DATA(fx->sys, 0)->node_zones[ZONE_DMA];
	assert_int_equal(dma->cma_pages, 16384);
	assert_int_equal(dma->nr_free_cma_pages, 16384);
	for (pfn = 0x73400; pfn < 0x77400; pfn += pageblock_nr_pages)
		nr_cma += get_pageblock_migratetype(fx->sys, pfn) == MIGRATE_CMA;
	assert_int_equal(nr_cma, 32);
	assert_int_equal(get_pageblock_migratetype(fx->sys, 0x77400), MIGRATE_MOVABLE);
	/* /proc/iomem as the oracle's: the image's code and data, memblock.reserved around them */
	hm_buf_init(&out);
	assert_int_equal(sysfs_read(fx->sys, "/proc/iomem", &out), 0);
	assert_non_null(strstr(hm_buf_str(&out), "40000000-7c43ffff : System RAM\n"
				  "  73400000-773fffff : reserved\n"
				  "  77410000-7878ffff : Kernel code\n"
				  "  78790000-78c0ffff : reserved\n"
				  "  78c10000-78eaffff : Kernel data\n"));
	hm_buf_free(&out);

	lock_device_hotplug(fx->sys);
	assert_int_equal(memory_block_device_offline(fx->sys,
						     find_memory_block_by_id(fx->sys, 14)), -EBUSY);
	assert_int_equal(memory_block_device_offline(fx->sys,
						     find_memory_block_by_id(fx->sys, 13)), -EPERM);
	unlock_device_hotplug(fx->sys);
	assert_int_equal(dma->nr_free_cma_pages, 16384);
	hm_buf_init(&out);
	assert_int_equal(verify_system(fx->sys, &out), 0);
	hm_buf_free(&out);
	machine_destroy(fx->m);

	fx_machine(fx, "-M virt -m 4G", NULL);
	assert_int_equal(fx->sys->cma_base, 0xfc000000);
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0xf8000000));	/* swiotlb */
	assert_false(memblock_is_reserved(&fx->sys->memblock, 0xf7fff000));
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0x133200000));	/* memmap */
	assert_false(memblock_is_reserved(&fx->sys->memblock, 0x1331ff000));
	assert_true(memblock_is_reserved(&fx->sys->memblock, 0x137410000));	/* _stext */
}

/*
 * Every RAM size from 128 MiB to 8 GiB in 128 MiB steps, on pc and q35
 * with -cpu qemu64 and -cpu max (1 GiB pages in the linear map: 2176-2560 MiB
 * once failed there, a 2 MiB range merged before its page sizes were
 * adjusted met a 1 GiB page), and on virt.  Expect each to boot with the
 * verifier clean and the boot memory all in memory blocks.
 */
static void machine_boots_every_ram_size(void **state)
{
	static const char *const machines[] = {
		"-cpu qemu64", "-cpu max", "-M q35 -cpu qemu64", "-M q35 -cpu max", "-M virt",
	};
	unsigned long mb;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		for (mb = 128; mb <= 8192; mb += 128) {
			struct hm_machine *m;
			struct hm_buf err, out;
			char opts[64];
			int ret;

			snprintf(opts, sizeof(opts), "%s -m %luM -smp 1", machines[i], mb);
			hm_buf_init(&err);
			ret = machine_create(&m, opts, NULL, &err);
			if (ret)
				print_error("%s: %d %s\n", opts, ret, hm_buf_str(&err));
			hm_buf_free(&err);
			assert_int_equal(ret, 0);
			hm_buf_init(&out);
			if (verify_system(machine_system(m), &out))
				print_error("%s: %s\n", opts, hm_buf_str(&out));
			assert_string_equal(hm_buf_str(&out), "");
			hm_buf_free(&out);
			machine_destroy(m);
		}
	}
}

/* Is [start, end] (inclusive) an entry of the firmware map, of this type? */
static bool fwmap_has(const struct hm_system *sys, uint64_t start, uint64_t end,
		      const char *type)
{
	const struct firmware_map_entry *e;

	for (e = sys->fwmap.entries; e; e = e->next)
		if (e->start == start && e->end == end && !strcmp(e->type, type))
			return true;
	return false;
}

/*
 * The q35 layout (pc_q35_init, SeaBIOS).  Expect: RAM below 4 GiB up to
 * 0xb0000000 (MMCONFIG) for 2815 MiB, split at 2 GiB from 2816 MiB
 * (0xb0000000) on, the rest from 4 GiB; SeaBIOS's reservation of 0x21000
 * bytes below the top of low RAM; MMCONFIG (256 MiB at 0xb0000000) and the
 * ICH9 RCRB (16 KiB at 0xfed1c000) reserved; device memory from 4 GiB, or
 * from the 1 GiB boundary above the high RAM.  The 32 GiB 64-bit PCI hole
 * counts against phys-bits where pc's 2 GiB does not (QEMU 7.2's message
 * for 990 GiB of maxmem, checked against qemu-system-x86_64 7.2).
 */
static void machine_create_q35_layout(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m;
	struct hm_buf err;
	uint64_t base, size;

	fx_machine(fx, "-M q35 -m 2815M", NULL);
	assert_true(fwmap_has(fx->sys, 0x100000, 0xaff00000 - 0x21000 - 1, "System RAM"));
	assert_true(fwmap_has(fx->sys, 0xaff00000 - 0x21000, 0xaff00000 - 1, "Reserved"));
	assert_true(fwmap_has(fx->sys, 0xb0000000, 0xbfffffff, "Reserved"));
	assert_true(fwmap_has(fx->sys, 0xfed1c000, 0xfed1ffff, "Reserved"));
	assert_false(fwmap_has(fx->sys, 0x100000000, 0x100000000 + 0xfffff, "System RAM"));
	machine_destroy(fx->m);

	fx_machine(fx, "-M q35 -m 2816M,slots=2,maxmem=8G", NULL);
	assert_true(fwmap_has(fx->sys, 0x100000, 0x80000000 - 0x21000 - 1, "System RAM"));
	assert_true(fwmap_has(fx->sys, 0x100000000, 0x130000000 - 1, "System RAM"));
	machine_memory_devices(fx->m, NULL, 0, &base, &size);
	assert_int_equal(base, 0x140000000);	/* 1 GiB aligned above 0x130000000 */
	assert_int_equal(size, (8ULL << 30) - (2816ULL << 20) + (2ULL << 30));
	machine_destroy(fx->m);

	fx_machine(fx, "-M q35 -m 1G,slots=4,maxmem=8G", NULL);
	machine_memory_devices(fx->m, NULL, 0, &base, &size);
	assert_int_equal(base, 1ULL << 32);
	assert_int_equal(size, (7ULL + 4) << 30);

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-M q35 -m 1G,slots=1,maxmem=990G", NULL, &err),
			 -EINVAL);
	assert_string_equal(hm_buf_str(&err), "Address space limit 0xffffffffff < 0x1ff7fffffff "
			    "phys-bits too low (40)");
	hm_buf_reset(&err);
	assert_int_equal(machine_create(&m, "-M pc -m 1G,slots=1,maxmem=990G", NULL, &err), 0);
	machine_destroy(m);
	hm_buf_free(&err);
}

/* Does /proc/iomem hold this line? */
static bool iomem_has(struct hm_system *sys, const char *line)
{
	struct hm_buf b;
	bool found;

	hm_buf_init(&b);
	resource_print_iomem(&sys->iomem_resource, &b);
	found = strstr(hm_buf_str(&b), line) != NULL;
	if (!found)
		print_error("no line '%s' in\n%s", line, hm_buf_str(&b));
	hm_buf_free(&b);
	return found;
}

/*
 * /proc/iomem's machine and firmware lines (firmware_iomem.c), as the
 * oracle showed them on q35 with a root port and a cold virtio-mem-pci
 * (q35-iomem-devices.scn): the PCI windows around MMCONFIG, MMCONFIG
 * adopting the e820 reservation and its PNP0C02, SeaBIOS's BARs (the
 * port's 2 MiB windows, the devices' BARs largest first below the IOAPIC),
 * the virtio BAR with its driver's region, and the BAR of the device the
 * guest finds behind the port in the port's prefetchable window.
 */
static void machine_iomem_q35(void **state)
{
	struct fx *fx = *state;

	fx_machine(fx, "-M q35 -m 2G,slots=2,maxmem=8G -device pcie-root-port,id=rp0,chassis=1 "
		       "-object memory-backend-ram,id=cold,size=1G "
		       "-device virtio-mem-pci,id=vcold,memdev=cold,requested-size=128M", NULL);
	assert_true(iomem_has(fx->sys, "\n80000000-afffffff : PCI Bus 0000:00\n"
				       "b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
				       "  b0000000-bfffffff : Reserved\n"
				       "    b0000000-bfffffff : pnp 00:05\n"
				       "c0000000-febfffff : PCI Bus 0000:00\n"
				       "  fd000000-fdffffff : 0000:00:01.0\n"
				       "  fe000000-fe1fffff : PCI Bus 0000:01\n"
				       "  fe200000-fe203fff : 0000:00:04.0\n"
				       "    fe200000-fe203fff : virtio-pci-modern\n"
				       "  fe800000-fe9fffff : PCI Bus 0000:01\n"
				       "  fea00000-fea3ffff : 0000:00:02.0\n"));
	assert_true(iomem_has(fx->sys, "  fea95000-fea95fff : 0000:00:03.0\n"
				       "  fea96000-fea96fff : 0000:00:1f.2\n"
				       "fec00000-fec003ff : IOAPIC 0\n"));
	assert_true(iomem_has(fx->sys, "\n300000000-affffffff : PCI Bus 0000:00\n"));
	assert_qmp(fx->m, OBJECT_ADD("vm0", SZ_1G_STR), "ok");
	assert_qmp(fx->m, VMEM_ADD("vmem0", "vm0", ",\"bus\":\"rp0\""), "ok");
	machine_guest_sync(fx->m);
	assert_true(iomem_has(fx->sys, "  fe000000-fe1fffff : PCI Bus 0000:01\n"
				       "    fe000000-fe003fff : 0000:01:00.0\n"
				       "      fe000000-fe003fff : virtio-pci-modern\n"));
}

/*
 * NUMA numbering (srat.c): QEMU's node 1 has neither CPU nor memory, so
 * no SRAT entry; the kernel numbers nodes as their proximity domains first
 * appear.  Expect nodes 0-1 possible (QEMU's 0 and 2), QEMU's node 2's RAM
 * on the kernel's node 1, a DIMM given node 1 on node 0 (pxm_to_node finds
 * none, memory_add_physaddr_to_nid gives the first block's node) and one
 * given node 2 on node 1; as the oracle showed (numa-srat-order.scn).
 */
static void machine_numa_srat_order(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, "-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=m0,size=1G "
		       "-object memory-backend-ram,id=m2,size=1G "
		       "-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1 "
		       "-numa node,nodeid=2,memdev=m2", NULL);
	sys = fx->sys;
	assert_int_equal(sys->node_states[N_POSSIBLE], 0x3);
	assert_int_equal(find_memory_block_by_id(sys, 8)->nid, 1);
	assert_int_equal(pxm_to_node(sys, 1), NUMA_NO_NODE);
	assert_int_equal(pxm_to_node(sys, 2), 1);
	assert_int_equal(node_to_pxm(sys, 1), 2);
	assert_qmp(fx->m, OBJECT_ADD("mem1", SZ_256M_STR), "ok");
	assert_qmp(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d1\",\"memdev\":\"mem1\",\"node\":1}}", "ok");
	assert_qmp(fx->m, OBJECT_ADD("mem2", SZ_256M_STR), "ok");
	assert_qmp(fx->m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d2\",\"memdev\":\"mem2\",\"node\":2}}", "ok");
	machine_guest_sync(fx->m);
	assert_int_equal(find_memory_block_by_id(sys, 32)->nid, 0);
	assert_int_equal(find_memory_block_by_id(sys, 34)->nid, 1);
}

/* ------------------------------------------------------------------ QMP */

/*
 * PCIe hotplug on q35 (QEMU 7.2, as the oracle answered): pcie.0 takes no
 * hot-plugged device, a cold pcie-root-port's bus does, and a device on
 * pcie.0 or the port itself cannot be unplugged for the same reason.
 * Expect QEMU's texts for an unknown bus, a pc-dimm given a bus, a
 * duplicate id (the port's too), and a second pair of ports with the same
 * chassis and slot refused at boot; pc's pci.0 takes the device.
 */
static void qmp_pcie_hotplug_q35(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m;
	struct hm_buf err;

	fx_machine(fx, "-M q35 -m 1G,slots=2,maxmem=8G -device pcie-root-port,id=rp0,chassis=1",
		   NULL);
	m = fx->m;
	assert_qmp(m, OBJECT_ADD("vm0", SZ_1G_STR), "ok");
	assert_qmp(m, VMEM_ADD("v0", "vm0", ""),
		   "error GenericError: Bus 'pcie.0' does not support hotplugging");
	assert_qmp(m, VMEM_ADD("v0", "vm0", ",\"bus\":\"pcie.0\""),
		   "error GenericError: Bus 'pcie.0' does not support hotplugging");
	assert_qmp(m, VMEM_ADD("v0", "vm0", ",\"bus\":\"rp1\""),
		   "error GenericError: Bus 'rp1' not found");
	assert_qmp(m, VMEM_ADD("rp0", "vm0", ",\"bus\":\"rp0\""),
		   "error GenericError: Duplicate device ID 'rp0'");
	assert_qmp(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d\",\"memdev\":\"vm0\",\"bus\":\"rp0\"}}",
		   "error GenericError: Device 'pc-dimm' can't go on PCIE bus");
	assert_qmp(m, VMEM_ADD("v0", "vm0", ",\"bus\":\"rp0\""), "ok");
	assert_qmp(m, DEVICE_DEL("v0"),
		   "error GenericError: virtio based memory devices cannot be unplugged.");
	assert_qmp(m, DEVICE_DEL("rp0"),
		   "error GenericError: Bus 'pcie.0' does not support hotplugging");
	assert_qmp(m, QOM_GET("/machine/peripheral/rp0", "chassis"), "return 1");
	machine_guest_sync(m);	/* the guest's virtio_mem probes it: its region in iomem */
	assert_non_null(resource_lookup(&fx->sys->iomem_resource, 1ULL << 32));
	assert_string_equal(resource_lookup(&fx->sys->iomem_resource, 1ULL << 32)->name,
			    "virtio0");

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-M q35 -device pcie-root-port,id=a "
					"-device pcie-root-port,id=b", NULL, &err), -EINVAL);
	assert_string_equal(hm_buf_str(&err), "-device pcie-root-port,id=b: Can't add chassis "
			    "slot, error -16");
	hm_buf_free(&err);
	machine_destroy(fx->m);

	fx_machine(fx, "-m 1G,slots=2,maxmem=8G", NULL);
	assert_qmp(fx->m, OBJECT_ADD("vm0", SZ_1G_STR), "ok");
	assert_qmp(fx->m, VMEM_ADD("v0", "vm0", ",\"bus\":\"pci.0\""), "ok");
}

/*
 * object-add.  Expect "ok" for a RAM backend; errors with QEMU 7.2's texts
 * (as the oracle answered, qmp-checks.scn) for a duplicate id, size 0, a
 * missing size, a missing id, an id that is no identifier, a missing
 * qom-type, another memory backend (not modelled), no such type and an
 * unknown property; qom-get and qom-set of the backend by its path.
 */
static void qmp_object_add_backends(void **state)
{
	struct hm_machine *m = fx_m(state);

	assert_qmp(m, OBJECT_ADD("mem1", SZ_1G_STR), "ok");
	assert_qmp(m, OBJECT_ADD("mem1", SZ_1G_STR),
		   "error GenericError: attempt to add duplicate property 'mem1' to object "
		   "(type 'container')");
	assert_qmp(m, OBJECT_ADD("mem2", "0"),
		   "error GenericError: property 'size' of memory-backend-ram doesn't take "
		   "value '0'");
	assert_qmp(m, OBJECT_ADD("1mem", SZ_1G_STR),
		   "error GenericError: Parameter 'id' expects an identifier");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"mem3\"}}",
		   "error GenericError: Parameter 'size' is missing");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"size\":1}}",
		   "error GenericError: Parameter 'id' is missing");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"id\":\"x\",\"size\":1}}",
		   "error GenericError: Parameter 'qom-type' is missing");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-file\",\"id\":\"x\",\"size\":1}}",
		   "error GenericError: Parameter 'mem-path' is missing");
	/* the other properties of QEMU 7.2's backends, as its QMP answered */
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"x\",\"size\":1,\"share\":\"x\"}}",
		   "error GenericError: Invalid parameter type for 'share', expected: boolean");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"x\",\"size\":1,\"policy\":\"bind\"}}",
		   "error GenericError: host-nodes must be set for policy bind");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"x\",\"size\":1,"
		      "\"prealloc-threads\":-1}}",
		   "error GenericError: Parameter 'prealloc-threads' expects uint32_t");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-file\",\"id\":\"x\",\"size\":268435456,"
		      "\"mem-path\":\"/dev/shm/x\",\"align\":3}}",
		   "error GenericError: alignment 0x3 must be multiples of page size 0x1000");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-file\",\"id\":\"f1\",\"size\":268435456,"
		      "\"mem-path\":\"/dev/shm/x\",\"share\":true,\"pmem\":false}}", "ok");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-memfd\",\"id\":\"mf\",\"size\":268435456,"
		      "\"seal\":true,\"merge\":false}}", "ok");
	assert_qmp(m, "{\"execute\":\"query-memory-size-summary\"}",
		   "return {\"base-memory\": 1073741824, \"plugged-memory\": 0}");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"frob\",\"id\":\"x\",\"size\":1}}",
		   "error GenericError: Parameter 'qom-type' does not accept value 'frob'");
	assert_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		      "\"memory-backend-ram\",\"id\":\"x\",\"size\":1,\"foo\":true}}",
		   "error GenericError: Parameter 'foo' is unexpected");
	assert_qmp(m, QOM_GET("/objects/mem1", "size"), "return 1073741824");
	assert_qmp(m, QOM_GET("mem1", "size"), "return 1073741824");
	assert_qmp(m, QOM_GET("/objects/mem1", "nosuch"),
		   "error GenericError: Property 'memory-backend-ram.nosuch' not found");
	assert_qmp(m, QOM_GET("/objects/nosuch", "size"),
		   "error DeviceNotFound: Device '/objects/nosuch' not found");
	assert_qmp(m, QOM_GET("/objects", "size"),
		   "error GenericError: Property 'container.size' not found");
	assert_qmp(m, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/objects/mem1\","
		      "\"property\":\"size\",\"value\":1}}",
		   "error GenericError: cannot change property size of memory-backend-ram ");
	assert_qmp(m, OBJECT_DEL("mem1"), "ok");
	assert_qmp(m, OBJECT_DEL("mem1"), "error GenericError: object 'mem1' not found");
}

/*
 * device_add of a 1 GiB DIMM, then qom-get of its properties and
 * query-memory-devices.  Expect "ok" at once but no guest memory until
 * machine_guest_sync(); then blocks 32-39 added, offline, on node 0.  The
 * DIMM sits at 4 GiB in slot 0: qom-get answers "return 4294967296",
 * "return 1073741824", "return 0", "return 0" and "return \"/objects/mem1\"";
 * an unknown property or device are errors.  The backend cannot be deleted
 * while the DIMM uses it.
 */
static void qmp_device_add_then_qom_get(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m = fx->m;
	struct hm_system *sys = fx->sys;
	unsigned long id;

	assert_qmp(m, OBJECT_ADD("mem1", SZ_1G_STR), "ok");
	assert_qmp(m, DEVICE_ADD("dimm1", "mem1"), "ok");
	assert_int_equal(sys->memory.nr_blocks, 8);
	machine_guest_sync(m);
	assert_int_equal(sys->memory.nr_blocks, 16);
	for (id = 32; id < 40; id++) {
		struct memory_block *mem = find_memory_block_by_id(sys, id);

		assert_non_null(mem);
		assert_int_equal(mem->state, MEM_OFFLINE);
		assert_int_equal(mem->nid, 0);
		assert_non_null(mem->group);
		assert_true(node_has_memory_link(sys, 0, id));
	}
	assert_null(find_memory_block_by_id(sys, 40));

	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "addr"), "return 4294967296");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "size"), "return 1073741824");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "slot"), "return 0");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "node"), "return 0");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "memdev"),
		   "return \"/objects/mem1\"");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "foo"),
		   "error GenericError: Property 'pc-dimm.foo' not found");
	assert_qmp(m, QOM_GET("/machine/peripheral/nope", "addr"),
		   "error DeviceNotFound: Device '/machine/peripheral/nope' not found");
	assert_qmp(m, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/"
		      "dimm1\"}}", "error GenericError: Parameter 'property' is missing");
	assert_qmp(m, "{\"execute\":\"query-memory-devices\"}",
		   "return [{\"data\": {\"addr\": 4294967296, \"hotpluggable\": true, "
		   "\"hotplugged\": true, \"id\": \"dimm1\", \"memdev\": \"/objects/mem1\", "
		   "\"node\": 0, \"size\": 1073741824, \"slot\": 0}, \"type\": \"dimm\"}]");
	assert_qmp(m, OBJECT_DEL("mem1"),
		   "error GenericError: object 'mem1' is in use, can not be deleted");
	assert_qmp(m, DEVICE_ADD("dimm1", "mem1"),
		   "error GenericError: Duplicate device ID 'dimm1'");
	assert_qmp(m, DEVICE_ADD("dimm2", "mem1"),
		   "error GenericError: can't use already busy memdev: mem1");
}

/*
 * Slots: a machine with 4.  Expect four 128 MiB DIMMs to take slots 0-3 at
 * consecutive addresses, and a fifth to be refused with "no free slots
 * available"; an explicit busy or out-of-range slot refused as QEMU does.
 */
static void qmp_device_add_no_free_slot(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m = fx->m;

	assert_qmp(m, OBJECT_ADD("b0", SZ_128M_STR), "ok");
	assert_qmp(m, OBJECT_ADD("b1", SZ_128M_STR), "ok");
	assert_qmp(m, OBJECT_ADD("b2", SZ_128M_STR), "ok");
	assert_qmp(m, OBJECT_ADD("b3", SZ_128M_STR), "ok");
	assert_qmp(m, OBJECT_ADD("b4", SZ_128M_STR), "ok");
	assert_qmp(m, DEVICE_ADD("d0", "b0"), "ok");
	assert_qmp(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d1\",\"memdev\":\"b1\",\"slot\":0}}",
		   "error GenericError: slot 0 is busy");
	assert_qmp(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		      "\"id\":\"d1\",\"memdev\":\"b1\",\"slot\":4}}",
		   "error GenericError: invalid slot number 4, valid range is [0-3]");
	assert_qmp(m, DEVICE_ADD("d1", "b1"), "ok");
	assert_qmp(m, DEVICE_ADD("d2", "b2"), "ok");
	assert_qmp(m, DEVICE_ADD("d3", "b3"), "ok");
	assert_qmp(m, DEVICE_ADD("d4", "b4"), "error GenericError: no free slots available");
	assert_qmp(m, QOM_GET("/machine/peripheral/d1", "addr"), "return 4429185024");
	assert_qmp(m, QOM_GET("/machine/peripheral/d3", "slot"), "return 3");
	machine_guest_sync(m);
	assert_int_equal(fx->sys->memory.nr_blocks, 12);
	assert_non_null(find_memory_block_by_id(fx->sys, 35));
}

/*
 * device_del.  Expect "ok" at once with the DIMM still there until the
 * guest handles the eject at machine_guest_sync(); then its blocks gone
 * (one of them online before: the eject offlines it), the DIMM gone
 * (DeviceNotFound), its backend free to delete, the slot free again.  An
 * unknown id is DeviceNotFound.
 */
static void qmp_device_del_ejects(void **state)
{
	struct fx *fx = *state;
	struct hm_machine *m = fx->m;
	struct hm_system *sys = fx->sys;

	assert_qmp(m, DEVICE_DEL("nope"), "error DeviceNotFound: Device 'nope' not found");
	assert_qmp(m, "{\"execute\":\"device_del\",\"arguments\":{}}",
		   "error GenericError: Parameter 'id' is missing");
	assert_qmp(m, OBJECT_ADD("mem1", SZ_256M_STR), "ok");
	assert_qmp(m, DEVICE_ADD("dimm1", "mem1"), "ok");
	machine_guest_sync(m);
	assert_int_equal(sys->memory.nr_blocks, 10);
	assert_int_equal(fx_block_write(sys, 33, "state", "online_movable"), 0);

	assert_qmp(m, DEVICE_DEL("dimm1"), "ok");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "slot"), "return 0");
	assert_int_equal(sys->memory.nr_blocks, 10);
	machine_guest_sync(m);
	assert_int_equal(sys->memory.nr_blocks, 8);
	assert_null(find_memory_block_by_id(sys, 33));
	assert_zone_span(fx_zone(sys, 0, ZONE_MOVABLE), 0, 0);
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm1", "slot"),
		   "error DeviceNotFound: Device '/machine/peripheral/dimm1' not found");
	assert_qmp(m, DEVICE_DEL("dimm1"), "error DeviceNotFound: Device 'dimm1' not found");
	assert_qmp(m, OBJECT_DEL("mem1"), "ok");
	assert_qmp(m, OBJECT_ADD("mem2", SZ_128M_STR), "ok");
	assert_qmp(m, DEVICE_ADD("dimm2", "mem2"), "ok");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm2", "slot"), "return 0");
	assert_qmp(m, QOM_GET("/machine/peripheral/dimm2", "addr"), "return 4294967296");
}

/*
 * Malformed QMP.  Expect QEMU's answers for an unknown command, a missing
 * "execute", arguments that are not an object, and unparsable JSON.
 */
static void qmp_malformed_input_errors(void **state)
{
	struct hm_machine *m = fx_m(state);
	struct hm_buf answer;

	assert_qmp(m, "{\"execute\":\"foo\"}",
		   "error CommandNotFound: The command foo has not been found");
	assert_qmp(m, "{}", "error GenericError: QMP input lacks member 'execute'");
	assert_qmp(m, "{\"execute\":\"device_del\",\"arguments\":[1]}",
		   "error GenericError: QMP input member 'arguments' must be an object");
	hm_buf_init(&answer);
	machine_qmp(m, "{\"execute\":", &answer);
	assert_true(!strncmp(hm_buf_str(&answer), "error GenericError: JSON parse error, ", 38));
	hm_buf_free(&answer);
}

/* QEMU's qemu_strtosz reports -ERANGE for an integer beyond 64 bits. */
static void qemu_parse_size_overflow_erange(void **state)
{
	uint64_t v = 7;

	assert_int_equal(qemu_parse_size("99999999999999999999", 1, &v), -ERANGE);
	assert_int_equal(v, 7);
}

/* QEMU's text for slots with maxmem == RAM size. */
static void machine_create_slots_without_room_einval(void **state)
{
	struct hm_machine *m = NULL;
	struct hm_buf err;

	hm_buf_init(&err);
	assert_int_equal(machine_create(&m, "-m 1G,slots=2,maxmem=1G", NULL, &err), -EINVAL);
	assert_string_equal(hm_buf_str(&err), "invalid value of maxmem: memory slots were specified "
			    "but maximum memory size (0x40000000) is equal to the initial memory size "
			    "(0x40000000)");
	hm_buf_free(&err);
}

/* QMP dispatch checks: non-object input and a non-string execute. */
static void qmp_dispatch_non_object_and_bad_execute(void **state)
{
	struct fx *fx = *state;
	struct hm_buf a;

	hm_buf_init(&a);
	machine_qmp(fx->m, "[1]", &a);
	assert_string_equal(hm_buf_str(&a), "error GenericError: QMP input must be a JSON object");
	hm_buf_reset(&a);
	machine_qmp(fx->m, "{\"execute\":1}", &a);
	assert_string_equal(hm_buf_str(&a),
			    "error GenericError: QMP input member 'execute' must be a string");
	hm_buf_free(&a);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_parse_size_units_and_errors),
		cmocka_unit_test(machine_create_bad_options_einval),
		cmocka_unit_test(machine_create_qemu_option_errors),
		TE(machine_create_default_layout),
		TE(machine_virt_boot_allocations),
		cmocka_unit_test(machine_boots_every_ram_size),
		TE(machine_create_q35_layout),
		TE(qmp_pcie_hotplug_q35),
		TE(machine_numa_srat_order),
		TE(machine_iomem_q35),
		T(qmp_object_add_backends),
		T(qmp_device_add_then_qom_get),
		T(qmp_device_add_no_free_slot),
		T(qmp_device_del_ejects),
		T(qmp_malformed_input_errors),
		cmocka_unit_test(qemu_parse_size_overflow_erange),
		cmocka_unit_test(machine_create_slots_without_room_einval),
		T(qmp_dispatch_non_object_and_bad_execute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
