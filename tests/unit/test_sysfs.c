// SPDX-License-Identifier: GPL-2.0
/*
 * test_sysfs.c - unit tests for the emulated /sys and /proc files of
 * src/kernel/sysfs.c: the kernel's errnos for reads and writes (bad string
 * -EINVAL, missing path -ENOENT, read-only file -EACCES, directory -EISDIR),
 * the kstrtobool parsing of memoryN/online, auto_online_blocks, the node
 * state lists (%*pbl), the firmware memmap files, the memory_hotplug module
 * parameters, the block files and /proc/meminfo.
 *
 * Every test runs on a fresh system: the default pc machine (1 GiB, node
 * 0), or a machine or hand-built system it makes itself.  The teardown runs
 * verify_system().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "hm_fixture.h"

#define MEM_DIR		"/sys/devices/system/memory"
#define NODE_DIR	"/sys/devices/system/node"
#define PARAM_DIR	"/sys/module/memory_hotplug/parameters"
#define FW_DIR		"/sys/firmware/memmap"

static void assert_mode(struct hm_system *sys, const char *path, enum sysfs_kind kind,
			unsigned int mode)
{
	struct sysfs_stat st;

	assert_int_equal(sysfs_stat(sys, path, &st), 0);
	assert_int_equal(st.kind, kind);
	assert_int_equal(st.mode, mode);
}

static int read_errno(struct hm_system *sys, const char *path)
{
	struct hm_buf out;
	int ret;

	hm_buf_init(&out);
	ret = sysfs_read(sys, path, &out);
	hm_buf_free(&out);
	return ret;
}

struct name_list {
	char names[32][32];
	int n;
};

static int collect(const char *name, const struct sysfs_stat *st, void *arg)
{
	struct name_list *l = arg;

	if (l->n == 32)
		return -ENOSPC;
	snprintf(l->names[l->n++], sizeof(l->names[0]), "%s", name);
	return 0;
}

/* The entries of a directory, joined with spaces. */
static void assert_dir(struct hm_system *sys, const char *path, const char *want)
{
	struct name_list l = { .n = 0 };
	char got[1024] = "";
	int i;

	assert_int_equal(sysfs_readdir(sys, path, collect, &l), 0);
	for (i = 0; i < l.n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, l.names[i]);
	}
	assert_string_equal(got, want);
}

/*
 * Writes to memoryN/state.  Expect bad strings (a typo, another case, two
 * newlines, a space, empty) to be -EINVAL with the block unchanged;
 * "online\n" 0; "online" again -EINVAL (already online); "offline" 0 and
 * again -EINVAL; "offline" to boot block 0 (spans two zones) -EINVAL.
 */
static void state_store_values(void **state)
{
	static const char *const bad[] = { "onlinex", "Online", "online_movable\n\n",
					   "online ", "", "\n", "offline_" };
	struct hm_system *sys = fx_sys(state);
	unsigned long i;

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", bad[i]), -EINVAL);
		assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "offline\n");
	}
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online\n"), 0);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "online\n");
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online"), -EINVAL);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online_movable"), -EINVAL);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "valid_zones", "Normal\n");
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "offline"), 0);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "offline"), -EINVAL);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "offline\n");
	assert_int_equal(fx_block_write(sys, 0, "state", "offline"), -EINVAL);
	assert_block_sysfs(sys, 0, "state", "online\n");
}

/*
 * Paths that do not exist.  Expect -ENOENT for reads, writes and stat: a
 * block that was never added, a block id with a leading zero, a file a
 * block does not have, a node without a device, a link that does not
 * exist, a firmware map entry out of range or a file it does not have,
 * unknown top-level names, "..", and relative paths.  "." and double
 * slashes are fine.
 */
static void sysfs_missing_paths_enoent(void **state)
{
	static const char *const missing[] = {
		MEM_DIR "/memory32/state", MEM_DIR "/memory99/online",
		MEM_DIR "/memory01/state", MEM_DIR "/memory1/foo", MEM_DIR "/memory1/node1",
		MEM_DIR "/memory-1/state", MEM_DIR "/memoryx/state", MEM_DIR "/probe",
		NODE_DIR "/node1", NODE_DIR "/node0/memory8", NODE_DIR "/node0/foo",
		NODE_DIR "/has_high_memory", FW_DIR "/7/start", FW_DIR "/0/size",
		"/sys/nope", "/proc/nope", "/proc/iomem/x", "/sys/bus/memory/devices/memory32",
		MEM_DIR "/../memory/block_size_bytes", "sys/devices/system/memory",
		"", "/sys/module/memory_hotplug/parameters/nope",
	};
	struct hm_system *sys = fx_sys(state);
	struct sysfs_stat st;
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(missing); i++) {
		int r = read_errno(sys, missing[i]), w = fx_write(sys, missing[i], "1");
		int s = sysfs_stat(sys, missing[i], &st);

		if (r != -ENOENT || w != -ENOENT || s != -ENOENT)
			print_error("%s: read %d write %d stat %d\n", missing[i], r, w, s);
		assert_int_equal(r, -ENOENT);
		assert_int_equal(w, -ENOENT);
		assert_int_equal(s, -ENOENT);
	}
	assert_sysfs(sys, "/sys//devices/./system/memory/block_size_bytes", "8000000\n");
}

/*
 * Read-only files.  Expect mode 0444 and -EACCES for a write, whatever is
 * written, with the value unchanged.
 */
static void sysfs_readonly_files_eacces(void **state)
{
	static const char *const ro[] = {
		MEM_DIR "/block_size_bytes", MEM_DIR "/memory1/phys_index",
		MEM_DIR "/memory1/phys_device", MEM_DIR "/memory1/removable",
		MEM_DIR "/memory1/valid_zones", NODE_DIR "/online", NODE_DIR "/possible",
		NODE_DIR "/has_cpu", NODE_DIR "/has_memory", NODE_DIR "/has_normal_memory",
		FW_DIR "/0/start", FW_DIR "/0/end", FW_DIR "/0/type",
		PARAM_DIR "/memmap_on_memory", "/proc/iomem", "/proc/meminfo",
		"/proc/zoneinfo",
	};
	struct hm_system *sys = fx_sys(state);
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(ro); i++) {
		assert_mode(sys, ro[i], SYSFS_FILE, 0444);
		assert_int_equal(fx_write(sys, ro[i], "1"), -EACCES);
		assert_int_equal(fx_write(sys, ro[i], "online"), -EACCES);
	}
	assert_sysfs(sys, MEM_DIR "/block_size_bytes", "8000000\n");
	assert_sysfs(sys, PARAM_DIR "/memmap_on_memory", "N\n");
	assert_mode(sys, MEM_DIR "/memory1/state", SYSFS_FILE, 0644);
	assert_mode(sys, MEM_DIR "/memory1/online", SYSFS_FILE, 0644);
	assert_mode(sys, MEM_DIR "/auto_online_blocks", SYSFS_FILE, 0644);
	assert_mode(sys, PARAM_DIR "/online_policy", SYSFS_FILE, 0644);
}

/*
 * Directories and links.  Expect reads and writes of a directory to be
 * -EISDIR, and of a link too (each link here points at a directory);
 * readdir of a file -ENOTDIR; the listings of the memory, node and bus
 * directories and a node directory.
 */
static void sysfs_directories_eisdir_and_lists(void **state)
{
	static const char *const dirs[] = {
		"/", "/sys", "/proc", MEM_DIR, MEM_DIR "/memory1", NODE_DIR, NODE_DIR "/node0",
		FW_DIR, FW_DIR "/0", PARAM_DIR, "/sys/bus/memory/devices",
		MEM_DIR "/memory1/node0", NODE_DIR "/node0/memory1",
		"/sys/bus/memory/devices/memory1",
	};
	struct hm_system *sys = fx_sys(state);
	struct name_list l = { .n = 0 };
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		assert_int_equal(read_errno(sys, dirs[i]), -EISDIR);
		assert_int_equal(fx_write(sys, dirs[i], "online"), -EISDIR);
	}
	assert_mode(sys, MEM_DIR, SYSFS_DIR, 0755);
	assert_mode(sys, MEM_DIR "/memory1/node0", SYSFS_LINK, 0777);
	assert_int_equal(sysfs_readdir(sys, MEM_DIR "/block_size_bytes", collect, &l), -ENOTDIR);
	assert_int_equal(sysfs_readdir(sys, MEM_DIR "/nope", collect, &l), -ENOENT);

	assert_dir(sys, MEM_DIR, "auto_online_blocks block_size_bytes hard_offline_page "
				 "soft_offline_page uevent power memory0 memory1 memory2 "
				 "memory3 memory4 memory5 memory6 memory7");
	assert_dir(sys, NODE_DIR, "has_cpu has_generic_initiator has_memory has_normal_memory "
				  "online possible uevent power node0");
	assert_dir(sys, NODE_DIR "/node0", "compact cpulist cpumap distance meminfo numastat uevent "
		   "vmstat subsystem hugepages power x86 cpu0 memory0 memory1 memory2 "
		   "memory3 memory4 memory5 memory6 memory7");
	assert_dir(sys, PARAM_DIR, "memmap_on_memory online_policy auto_movable_ratio "
				   "auto_movable_numa_aware");
	assert_dir(sys, "/", "proc sys");
	assert_dir(sys, "/proc", "iomem buddyinfo meminfo pagetypeinfo zoneinfo");
}

/*
 * Symlinks inside a path are followed as the VFS follows them: the state
 * file of a block read through its node's link and through the bus link is
 * the block's own; a write through a link changes the block; a link in the
 * last component is a link for stat and its directory for readdir; a
 * link to a block that is gone is -ENOENT.
 */
static void sysfs_path_through_links(void **state)
{
	struct hm_system *sys = fx_sys(state);

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_sysfs(sys, NODE_DIR "/node0/memory1/state", "online\n");
	assert_sysfs(sys, "/sys/bus/memory/devices/memory1/phys_index", "00000001\n");
	assert_sysfs(sys, MEM_DIR "/memory1/node0/memory1/node0/memory1/removable", "1\n");
	assert_int_equal(fx_write(sys, "/sys/bus/memory/devices/memory32/state", "online"), 0);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "online\n");
	assert_sysfs(sys, NODE_DIR "/node0/memory32/valid_zones", "Normal\n");
	assert_int_equal(fx_write(sys, NODE_DIR "/node0/memory32/online", "0"), 0);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", "offline\n");
	assert_mode(sys, NODE_DIR "/node0/memory32", SYSFS_LINK, 0777);
	assert_mode(sys, NODE_DIR "/node0/memory32/state", SYSFS_FILE, 0644);
	assert_dir(sys, NODE_DIR "/node0/memory1", "online phys_device phys_index removable "
						   "state uevent valid_zones subsystem power node0");
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_int_equal(read_errno(sys, "/sys/bus/memory/devices/memory32/state"), -ENOENT);
	assert_int_equal(read_errno(sys, NODE_DIR "/node0/memory32/state"), -ENOENT);
}

/*
 * memoryN/online and kstrtobool (first character y/Y/1 or n/N/0, or
 * "on"/"off" in either case).  Expect each accepted string to give 0 and
 * the state it names, also when the block is already in it (then without
 * a uevent); "2", "x", "o", "", "\n", " 1", "-1" to give -EINVAL and leave
 * the block as it was.
 */
static void online_store_kstrtobool(void **state)
{
	static const struct { const char *s; int ret; const char *state; } cases[] = {
		{ "1", 0, "online\n" }, { "1", 0, "online\n" }, { "0", 0, "offline\n" },
		{ "0", 0, "offline\n" }, { "y", 0, "online\n" }, { "n", 0, "offline\n" },
		{ "Y\n", 0, "online\n" }, { "N\n", 0, "offline\n" }, { "on", 0, "online\n" },
		{ "off", 0, "offline\n" }, { "ON", 0, "online\n" }, { "oFf\n", 0, "offline\n" },
		{ "yes", 0, "online\n" }, { "no", 0, "offline\n" }, { "online", 0, "online\n" },
		{ "of", 0, "offline\n" }, { "1x", 0, "online\n" },
		{ "2", -EINVAL, "online\n" }, { "x", -EINVAL, "online\n" },
		{ "o", -EINVAL, "online\n" }, { "", -EINVAL, "online\n" },
		{ "\n", -EINVAL, "online\n" }, { " 1", -EINVAL, "online\n" },
		{ "-1", -EINVAL, "online\n" }, { "0", 0, "offline\n" },
		{ "2", -EINVAL, "offline\n" }, { "o", -EINVAL, "offline\n" },
		{ "", -EINVAL, "offline\n" }, { "ox", -EINVAL, "offline\n" },
	};
	struct hm_system *sys = fx_sys(state);
	unsigned long i, changes = 0, uevents;
	const char *prev = "offline\n";

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	uevents = sys->stats.uevents;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = fx_block_write(sys, HOTPLUG_BLOCK, "online", cases[i].s);

		if (ret != cases[i].ret)
			print_error("online <- \"%s\": %d, expected %d\n", cases[i].s, ret,
				    cases[i].ret);
		assert_int_equal(ret, cases[i].ret);
		assert_block_sysfs(sys, HOTPLUG_BLOCK, "state", cases[i].state);
		assert_block_sysfs(sys, HOTPLUG_BLOCK, "online",
				   strcmp(cases[i].state, "online\n") ? "0\n" : "1\n");
		if (strcmp(prev, cases[i].state))
			changes++;
		prev = cases[i].state;
	}
	assert_int_equal(sys->stats.uevents, uevents + changes);
	/* onlining through this file picks the default zone */
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "online", "1"), 0);
	assert_ptr_equal(find_memory_block_by_id(sys, HOTPLUG_BLOCK)->zone,
			 fx_zone(sys, 0, ZONE_NORMAL));
	/* a boot block spanning two zones cannot go offline */
	assert_int_equal(fx_block_write(sys, 0, "online", "0"), -EINVAL);
}

/*
 * auto_online_blocks.  Expect "offline" at boot; each of the four types,
 * with or without a trailing newline, read back as written; a bad string
 * -EINVAL with the value unchanged.
 */
static void auto_online_blocks_store(void **state)
{
	static const char *const types[] = { "online", "online_kernel\n", "online_movable",
					     "offline\n" };
	static const char *const shown[] = { "online\n", "online_kernel\n", "online_movable\n",
					     "offline\n" };
	struct hm_system *sys = fx_sys(state);
	const char *path = MEM_DIR "/auto_online_blocks";
	unsigned long i;

	assert_sysfs(sys, path, "offline\n");
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		assert_int_equal(fx_write(sys, path, types[i]), 0);
		assert_sysfs(sys, path, shown[i]);
	}
	assert_int_equal(fx_write(sys, path, "online_movable"), 0);
	assert_int_equal(fx_write(sys, path, "movable"), -EINVAL);
	assert_int_equal(fx_write(sys, path, ""), -EINVAL);
	assert_int_equal(fx_write(sys, path, "1"), -EINVAL);
	assert_sysfs(sys, path, "online_movable\n");
	assert_int_equal(sys->params.default_online_type, MMOP_ONLINE_MOVABLE);
	assert_int_equal(fx_write(sys, path, "offline"), 0);
}

/*
 * The node state lists on the default machine (one node).  Expect "0" in
 * each of online, possible, has_cpu, has_memory and has_normal_memory.
 */
static void node_state_lists_one_node(void **state)
{
	struct hm_system *sys = fx_sys(state);

	assert_sysfs(sys, NODE_DIR "/online", "0\n");
	assert_sysfs(sys, NODE_DIR "/possible", "0\n");
	assert_sysfs(sys, NODE_DIR "/has_cpu", "0\n");
	assert_sysfs(sys, NODE_DIR "/has_memory", "0\n");
	assert_sysfs(sys, NODE_DIR "/has_normal_memory", "0\n");
}

/*
 * A two-node NUMA machine (512 MiB and a CPU per node).  Expect "0-1" in
 * every list and both node directories, each with its own blocks.
 */
static void node_state_lists_numa(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, "-m 1G,slots=2,maxmem=2G -smp 2 "
		       "-object memory-backend-ram,id=m0,size=512M "
		       "-object memory-backend-ram,id=m1,size=512M "
		       "-numa node,nodeid=0,cpus=0,memdev=m0 "
		       "-numa node,nodeid=1,cpus=1,memdev=m1", NULL);
	sys = fx->sys;
	assert_sysfs(sys, NODE_DIR "/online", "0-1\n");
	assert_sysfs(sys, NODE_DIR "/possible", "0-1\n");
	assert_sysfs(sys, NODE_DIR "/has_cpu", "0-1\n");
	assert_sysfs(sys, NODE_DIR "/has_memory", "0-1\n");
	assert_sysfs(sys, NODE_DIR "/has_normal_memory", "0-1\n");
	assert_dir(sys, NODE_DIR "/node1", "compact cpulist cpumap distance meminfo numastat uevent "
		   "vmstat subsystem hugepages power x86 cpu1 memory4 memory5 memory6 memory7");
	assert_dir(sys, NODE_DIR "/node0", "compact cpulist cpumap distance meminfo numastat uevent "
		   "vmstat subsystem hugepages power x86 cpu0 memory0 memory1 memory2 memory3");
	assert_sysfs(sys, NODE_DIR "/node1/cpulist", "1\n");
	assert_sysfs(sys, NODE_DIR "/node1/cpumap", "2\n");
	assert_sysfs(sys, NODE_DIR "/node1/distance", "20 10\n");
}

/*
 * Lists with gaps: a hand-built system with possible nodes 0, 1 and 3 and
 * a CPU on node 0; memory added to node 3, then node 1.  Expect possible
 * "0-1,3"; online "0", then "0,3", then "0-1,3"; has_memory to follow
 * onlining, has_normal_memory only kernel zones.
 */
static void node_state_lists_gaps(void **state)
{
	static const uint64_t ram[] = { 0, 1ULL << 30 };
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_boot(fx, NULL, ram, 1, 0xb, 0x1);
	sys = fx->sys;
	assert_sysfs(sys, NODE_DIR "/possible", "0-1,3\n");
	assert_sysfs(sys, NODE_DIR "/online", "0\n");
	assert_int_equal(add_memory(sys, 3, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_sysfs(sys, NODE_DIR "/online", "0,3\n");
	assert_int_equal(add_memory(sys, 1, SZ_4G + SZ_128M, SZ_128M, MHP_NONE), 0);
	assert_sysfs(sys, NODE_DIR "/online", "0-1,3\n");
	assert_sysfs(sys, NODE_DIR "/has_memory", "0\n");
	assert_int_equal(fx_block_write(sys, 32, "state", "online_movable"), 0);
	assert_int_equal(fx_block_write(sys, 33, "state", "online_kernel"), 0);
	assert_sysfs(sys, NODE_DIR "/has_memory", "0-1,3\n");
	assert_sysfs(sys, NODE_DIR "/has_normal_memory", "0-1\n");
	assert_sysfs(sys, NODE_DIR "/has_cpu", "0\n");
	assert_dir(sys, NODE_DIR, "has_cpu has_generic_initiator has_memory has_normal_memory "
				  "online possible uevent power node0 node1 node3");
}

/*
 * /sys/firmware/memmap.  Expect the 7 boot entries of the default
 * machine's e820 in order with inclusive ends in hex ("0x%llx"); a hot-add
 * to append entry 7, its removal to take it away, and a re-add to get
 * entry 8 (the directory number is never reused).
 */
static void firmware_memmap_sysfs_entries(void **state)
{
	static const char *const want[][3] = {
		{ "0x0\n", "0x9fbff\n", "System RAM\n" },
		{ "0x9fc00\n", "0x9ffff\n", "Reserved\n" },
		{ "0xf0000\n", "0xfffff\n", "Reserved\n" },
		{ "0x100000\n", "0x3ffdffff\n", "System RAM\n" },
		{ "0x3ffe0000\n", "0x3fffffff\n", "Reserved\n" },
		{ "0xfffc0000\n", "0xffffffff\n", "Reserved\n" },
		{ "0xfd00000000\n", "0xffffffffff\n", "Reserved\n" },
	};
	struct hm_system *sys = fx_sys(state);
	char path[64];
	unsigned long i;

	assert_dir(sys, FW_DIR, "0 1 2 3 4 5 6");
	assert_dir(sys, FW_DIR "/3", "end start type");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(path, sizeof(path), FW_DIR "/%lu/start", i);
		assert_sysfs(sys, path, want[i][0]);
		snprintf(path, sizeof(path), FW_DIR "/%lu/end", i);
		assert_sysfs(sys, path, want[i][1]);
		snprintf(path, sizeof(path), FW_DIR "/%lu/type", i);
		assert_sysfs(sys, path, want[i][2]);
	}

	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_dir(sys, FW_DIR, "0 1 2 3 4 5 6 7");
	assert_sysfs(sys, FW_DIR "/7/start", "0x100000000\n");
	assert_sysfs(sys, FW_DIR "/7/end", "0x107ffffff\n");
	assert_sysfs(sys, FW_DIR "/7/type", "System RAM\n");
	assert_int_equal(remove_memory(sys, SZ_4G, SZ_128M), 0);
	assert_dir(sys, FW_DIR, "0 1 2 3 4 5 6");
	assert_int_equal(read_errno(sys, FW_DIR "/7/start"), -ENOENT);
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_dir(sys, FW_DIR, "0 1 2 3 4 5 6 8");
	assert_sysfs(sys, FW_DIR "/8/end", "0x107ffffff\n");
}

/*
 * The memory_hotplug module parameters.  Expect the defaults N,
 * contig-zones, 301, Y; writes of the kernel's accepted forms (a policy
 * name with a newline, "0x10" and "+7" for kstrtouint base 0, "n" for a
 * bool) to be read back; bad policies, negative, trailing garbage, empty
 * and bad bools to be -EINVAL with the value unchanged.
 */
static void module_params_store(void **state)
{
	struct hm_system *sys = fx_sys(state);
	const char *ratio = PARAM_DIR "/auto_movable_ratio";
	const char *policy = PARAM_DIR "/online_policy";
	const char *numa = PARAM_DIR "/auto_movable_numa_aware";

	assert_sysfs(sys, PARAM_DIR "/memmap_on_memory", "N\n");
	assert_sysfs(sys, policy, "contig-zones\n");
	assert_sysfs(sys, ratio, "301\n");
	assert_sysfs(sys, numa, "Y\n");

	assert_int_equal(fx_write(sys, policy, "auto-movable\n"), 0);
	assert_sysfs(sys, policy, "auto-movable\n");
	assert_int_equal(sys->params.online_policy, ONLINE_POLICY_AUTO_MOVABLE);
	assert_int_equal(fx_write(sys, policy, "auto_movable"), -EINVAL);
	assert_int_equal(fx_write(sys, policy, "contig-zones\n\n"), -EINVAL);
	assert_int_equal(fx_write(sys, policy, ""), -EINVAL);
	assert_sysfs(sys, policy, "auto-movable\n");
	assert_int_equal(fx_write(sys, policy, "contig-zones"), 0);
	assert_sysfs(sys, policy, "contig-zones\n");

	assert_int_equal(fx_write(sys, ratio, "0x10"), 0);
	assert_sysfs(sys, ratio, "16\n");
	assert_int_equal(fx_write(sys, ratio, "150\n"), 0);
	assert_sysfs(sys, ratio, "150\n");
	assert_int_equal(fx_write(sys, ratio, "+7"), 0);
	assert_sysfs(sys, ratio, "7\n");
	assert_int_equal(fx_write(sys, ratio, "0"), 0);
	assert_int_equal(sys->params.auto_movable_ratio, 0);
	assert_int_equal(fx_write(sys, ratio, "-1"), -EINVAL);
	assert_int_equal(fx_write(sys, ratio, "12a"), -EINVAL);
	assert_int_equal(fx_write(sys, ratio, "5 "), -EINVAL);
	assert_int_equal(fx_write(sys, ratio, ""), -EINVAL);
	assert_int_equal(fx_write(sys, ratio, "\n"), -EINVAL);
	assert_int_equal(fx_write(sys, ratio, "0x"), -EINVAL);
	assert_sysfs(sys, ratio, "0\n");
	assert_int_equal(fx_write(sys, ratio, "4294967295"), 0);
	assert_sysfs(sys, ratio, "4294967295\n");

	assert_int_equal(fx_write(sys, numa, "n"), 0);
	assert_sysfs(sys, numa, "N\n");
	assert_int_equal(fx_write(sys, numa, "x"), -EINVAL);
	assert_int_equal(fx_write(sys, numa, ""), -EINVAL);
	assert_sysfs(sys, numa, "N\n");
	assert_int_equal(fx_write(sys, numa, "on"), 0);
	assert_sysfs(sys, numa, "Y\n");
}

/*
 * The same parameters from the kernel command line, with
 * memhp_default_state, and bad values that are ignored.  Expect memmap on
 * memory Y, auto-movable, ratio 150, numa_aware N, auto_online_blocks
 * online_movable; a bad policy value logged and ignored.
 */
static void module_params_from_cmdline(void **state)
{
	struct fx *fx = *state;
	struct hm_system *sys;

	fx_machine(fx, FX_DEFAULT_MACHINE,
		   "quiet memory_hotplug.memmap_on_memory=1 "
		   "memory_hotplug.online_policy=auto-movable "
		   "memory_hotplug.auto_movable_ratio=150 "
		   "memory_hotplug.auto_movable_numa_aware=0 memhp_default_state=online_movable "
		   "memory_hotplug.online_policy=bogus");
	sys = fx->sys;
	assert_sysfs(sys, PARAM_DIR "/memmap_on_memory", "Y\n");
	assert_sysfs(sys, PARAM_DIR "/online_policy", "auto-movable\n");
	assert_sysfs(sys, PARAM_DIR "/auto_movable_ratio", "150\n");
	assert_sysfs(sys, PARAM_DIR "/auto_movable_numa_aware", "N\n");
	assert_sysfs(sys, MEM_DIR "/auto_online_blocks", "online_movable\n");
	assert_true(printk_log_contains(&sys->log, "memory_hotplug.online_policy: bad value"));
}

/*
 * The block files.  Expect block_size_bytes in hex without 0x; phys_index
 * the block id in 8 hex digits (memory32 "00000020"); phys_device "0";
 * removable "1"; state "going-offline" for a block in that transient state.
 */
static void memory_block_files_show(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct memory_block *mem = find_memory_block_by_id(sys, 1);

	assert_sysfs(sys, MEM_DIR "/block_size_bytes", "8000000\n");
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "phys_index", "00000020\n");
	assert_block_sysfs(sys, 7, "phys_index", "00000007\n");
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "phys_device", "0\n");
	assert_block_sysfs(sys, HOTPLUG_BLOCK, "removable", "1\n");
	assert_block_sysfs(sys, 1, "removable", "1\n");

	mem->state = MEM_GOING_OFFLINE;
	assert_block_sysfs(sys, 1, "state", "going-offline\n");
	mem->state = MEM_ONLINE;
	assert_block_sysfs(sys, 1, "state", "online\n");
}

/*
 * /proc/meminfo.  Expect MemTotal to be the managed pages in kB, printed
 * "%8lu kB": 977352 kB at boot (1 GiB less the first MiB, the image, the
 * memmap and the CPU's per-CPU unit, 248 kB), 131072 kB more after a block
 * is onlined.
 */
static void meminfo_proc_show(void **state)
{
	struct hm_system *sys = fx_sys(state);
	struct hm_buf out;

	hm_buf_init(&out);
	assert_int_equal(sysfs_read(sys, "/proc/meminfo", &out), 0);
	assert_non_null(strstr(hm_buf_str(&out), "MemTotal:         977352 kB\n"));
	assert_int_equal(add_memory(sys, 0, SZ_4G, SZ_128M, MHP_NONE), 0);
	assert_int_equal(fx_block_write(sys, HOTPLUG_BLOCK, "state", "online"), 0);
	hm_buf_reset(&out);
	assert_int_equal(sysfs_read(sys, "/proc/meminfo", &out), 0);
	assert_non_null(strstr(hm_buf_str(&out), "MemTotal:        1108424 kB\n"));
	hm_buf_free(&out);
}

/*
 * Directories of a config option: /sys/kernel/debug/memblock only with
 * ARCH_KEEP_MEMBLOCK (arm64), /sys/firmware/memmap only with
 * FIRMWARE_MEMMAP (x86).  Absent means absent everywhere: stat, read,
 * write and the listing of the parent.
 */
static void sysfs_config_dirs_x86_and_virt(void **state)
{
	struct fx *fx = *state;
	struct sysfs_stat st;
	struct hm_buf out;

	hm_buf_init(&out);
	fx_machine(fx, "-m 1G", NULL);
	assert_int_equal(sysfs_stat(fx->sys, "/sys/kernel/debug/memblock", &st), -ENOENT);
	assert_int_equal(sysfs_read(fx->sys, "/sys/kernel/debug/memblock/memory", &out), -ENOENT);
	assert_int_equal(fx_write(fx->sys, "/sys/kernel/debug/memblock/memory", "1"), -ENOENT);
	assert_dir(fx->sys, "/sys/kernel/debug", "notifier-error-inject");
	assert_dir(fx->sys, "/sys/firmware", "memmap");
	machine_destroy(fx->m);
	fx->m = NULL;

	fx_machine(fx, "-M virt -m 1G", NULL);
	assert_int_equal(sysfs_stat(fx->sys, "/sys/firmware/memmap", &st), -ENOENT);
	assert_int_equal(sysfs_read(fx->sys, "/sys/firmware/memmap/0/type", &out), -ENOENT);
	assert_dir(fx->sys, "/sys/firmware", "");
	assert_dir(fx->sys, "/sys/kernel/debug", "memblock notifier-error-inject");
	assert_int_equal(sysfs_read(fx->sys, "/sys/kernel/debug/memblock/memory", &out), 0);
	assert_non_null(strstr(hm_buf_str(&out), "0x0000000004000000..0x0000000007ffffff"));
	hm_buf_free(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_machine, fx_teardown)
#define TE(f) cmocka_unit_test_setup_teardown(f, fx_setup_empty, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(state_store_values),
		T(sysfs_missing_paths_enoent),
		T(sysfs_readonly_files_eacces),
		T(sysfs_directories_eisdir_and_lists),
		T(sysfs_path_through_links),
		T(online_store_kstrtobool),
		T(auto_online_blocks_store),
		T(node_state_lists_one_node),
		TE(node_state_lists_numa),
		TE(node_state_lists_gaps),
		T(firmware_memmap_sysfs_entries),
		T(module_params_store),
		TE(module_params_from_cmdline),
		T(memory_block_files_show),
		T(meminfo_proc_show),
		TE(sysfs_config_dirs_x86_and_virt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
