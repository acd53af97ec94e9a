// SPDX-License-Identifier: GPL-2.0
/*
 * cpu.c - /sys/devices/system/cpu as Linux 6.1 shows it
 * (drivers/base/cpu.c, topology.c, cacheinfo.c, kernel/cpu.c's hotplug
 * states, drivers/cpuidle/sysfs.c, arch/x86/kernel/cpu/bugs.c and
 * arch/arm64/kernel/proton-pack.c's vulnerabilities): see cpu.h.
 *
 * The per-CPU directories' id is the CPU number; cache/indexK are fixed
 * children whose attributes carry K, so that they keep it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/bus.h"
#include "hotmem/cpu.h"
#include "hotmem/kstrtox.h"
#include "hotmem/report.h"
#include "hotmem/system.h"

static bool is_x86(const struct hm_system *sys)
{
	return sys->arch.kind == HM_ARCH_X86_64;
}

static uint64_t all_cpus(const struct hm_system *sys)
{
	return sys->cpus.nr >= 64 ? ~0ULL : (1ULL << sys->cpus.nr) - 1;
}

uint64_t cpumask_of_node(const struct hm_system *sys, int nid)
{
	uint64_t mask = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < sys->cpus.nr; cpu++)
		if (sys->cpus.node[cpu] == nid)
			mask |= 1ULL << cpu;
	return mask;
}

long cpu_next(struct hm_system *sys, long parent, long from)
{
	return from >= 0 && from < (long)sys->cpus.nr ? from : -1;
}

int cpu_dev_init(struct hm_system *sys, const struct hm_boot_info *bi)
{
	unsigned int cpu;

	int nid;

	if (bi->nr_cpus > HM_NR_CPUS)
		return -EINVAL;
	sys->cpus.desc = bi->cpu_desc;
	if (!bi->nr_cpus) {
		sys->cpus.nr = 0;
		for (nid = 0; nid < MAX_NUMNODES && sys->cpus.nr < HM_NR_CPUS; nid++)
			if (node_isset(nid, sys->node_states[N_CPU]))
				sys->cpus.node[sys->cpus.nr++] = nid;
		if (!sys->cpus.nr)
			sys->cpus.node[sys->cpus.nr++] = 0;
		return 0;
	}
	sys->cpus.nr = bi->nr_cpus;
	for (cpu = 0; cpu < sys->cpus.nr; cpu++) {
		nid = bi->cpu_node[cpu];
		sys->cpus.node[cpu] = nid >= 0 && nid < MAX_NUMNODES &&
				      node_isset(nid, sys->node_states[N_POSSIBLE]) ? nid : 0;
	}
	return 0;
}

unsigned long cpu_check(struct hm_system *sys, struct hm_report *r)
{
	unsigned long before = r->nr_violations;
	uint64_t with_cpu = 0;
	unsigned int cpu;
	char obj[16];
	int nid;

	if (!sys->booted)
		return 0;
	if (!sys->cpus.nr || sys->cpus.nr > HM_NR_CPUS)
		hm_report_add(r, "cpu", "%u CPUs", sys->cpus.nr);
	for (cpu = 0; cpu < sys->cpus.nr && cpu < HM_NR_CPUS; cpu++) {
		nid = sys->cpus.node[cpu];
		snprintf(obj, sizeof(obj), "cpu%u", cpu);
		if (nid < 0 || nid >= MAX_NUMNODES || !node_isset(nid, sys->node_states[N_ONLINE]) ||
		    !node_isset(nid, sys->node_states[N_CPU])) {
			hm_report_add(r, obj, "on node %d, which is not online with N_CPU", nid);
			continue;
		}
		with_cpu |= 1ULL << nid;
	}
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_isset(nid, sys->node_states[N_CPU]) && !(with_cpu >> nid & 1))
			hm_report_add(r, "cpu", "node %d has N_CPU but no CPU", nid);
	if (sys->cpus.nr < 64 && sys->buses.processor_unbound >> sys->cpus.nr)
		hm_report_add(r, "processor", "unbound set %#llx beyond the %u CPUs",
			      (unsigned long long)sys->buses.processor_unbound, sys->cpus.nr);
	return r->nr_violations - before;
}

/* ------------------------------------------------------------ the root */

/* kernel/cpu.c's registered hotplug states, as states_show lists them (Debian's 6.1) */
struct cpuhp_state_name {
	int state;
	const char *name;
	unsigned int arches;	/* X86, ARM64: where Debian's 6.1 registers it */
};

#define X86	(1U << 0)
#define ARM64	(1U << 1)
#define BOTH	(X86 | ARM64)
static const struct cpuhp_state_name cpuhp_states[] = {
	{ 0, "offline", BOTH }, { 1, "threads:prepare", BOTH }, { 2, "perf:prepare", BOTH },
	{ 9, "x86/mce:dead", X86 }, { 11, "slub:dead", BOTH }, { 13, "mm/writeback:dead", BOTH },
	{ 15, "mm/vmstat:dead", BOTH }, { 16, "softirq:dead", BOTH },
	{ 19, "arm64/fpsimd:dead", ARM64 }, { 21, "irq_poll:dead", BOTH },
	{ 22, "block/softirq:dead", BOTH }, { 23, "block/bio:dead", BOTH },
	{ 24, "acpi/cpu-drv:dead", BOTH }, { 26, "block/mq:dead", BOTH },
	{ 27, "fs/buffer:dead", BOTH }, { 28, "printk:dead", BOTH },
	{ 29, "mm/memctrl:dead", BOTH }, { 31, "lib/percpu_cnt:dead", BOTH },
	{ 32, "lib/radix:dead", BOTH }, { 33, "mm/page_alloc:pcp", BOTH },
	{ 34, "net/dev:dead", BOTH }, { 36, "iommu/iova:dead", BOTH },
	{ 40, "random:prepare", BOTH }, { 41, "workqueue:prepare", BOTH },
	{ 43, "hrtimers:prepare", BOTH }, { 46, "smpcfd:prepare", BOTH },
	{ 47, "relay:prepare", BOTH }, { 48, "slab:prepare", BOTH },
	{ 50, "RCU/tree:prepare", BOTH }, { 59, "base/topology:prepare", BOTH },
	{ 62, "trace/RB:prepare", BOTH }, { 64, "mm/zswap:prepare", X86 },
	{ 65, "mm/zswap_pool:prepare", X86 }, { 68, "timers:prepare", BOTH },
	{ 70, "fork:vm_stack_cache", BOTH }, { 91, "cpu:bringup", BOTH },
	{ 92, "idle:dead", BOTH }, { 93, "ap:offline", BOTH }, { 94, "sched:starting", BOTH },
	{ 95, "RCU/tree:dying", BOTH }, { 97, "irqchip/arm/gic:starting", ARM64 },
	{ 116, "arm64/debug_monitors:starting", ARM64 },
	{ 117, "perf/arm64/hw_breakpoint:starting", ARM64 },
	{ 118, "perf/arm/pmu_acpi:starting", ARM64 }, { 119, "perf/arm/pmu:starting", ARM64 },
	{ 123, "clockevents/arm/arch_timer:starting", ARM64 },
	{ 142, "clockevents/dummy_timer:starting", ARM64 },
	{ 147, "arm64/isndep:starting", ARM64 }, { 148, "smpcfd:dying", BOTH },
	{ 149, "hrtimers:dying", BOTH }, { 152, "ap:online", BOTH }, { 153, "cpu:teardown", BOTH },
	{ 155, "sched:waitempty", BOTH }, { 156, "smpboot/threads:online", BOTH },
	{ 158, "irq/affinity:online", BOTH }, { 159, "block/mq:online", BOTH },
	{ 162, "perf:online", BOTH }, { 175, "AP_PERF_ARM_HISI_CPA_ONLINE", ARM64 },
	{ 176, "AP_PERF_ARM_HISI_DDRC_ONLINE", ARM64 },
	{ 177, "AP_PERF_ARM_HISI_HHA_ONLINE", ARM64 },
	{ 178, "AP_PERF_ARM_HISI_L3_ONLINE", ARM64 }, { 179, "AP_PERF_ARM_HISI_PA_ONLINE", ARM64 },
	{ 180, "AP_PERF_ARM_HISI_SLLC_ONLINE", ARM64 },
	{ 184, "AP_PERF_ARM_QCOM_L2_ONLINE", ARM64 }, { 185, "perf/qcom/l3cache:online", ARM64 },
	{ 196, "lockup_detector:online", BOTH }, { 197, "workqueue:online", BOTH },
	{ 198, "random:online", BOTH }, { 199, "RCU/tree:online", BOTH },
	{ 200, "base/cacheinfo:online", BOTH }, { 201, "mm/writeback:online", BOTH },
	{ 202, "mm/vmstat:online", BOTH }, { 203, "padata:online", BOTH },
	{ 204, "mm/compaction:online", BOTH }, { 205, "io-wq/online", BOTH },
	{ 206, "lib/percpu_cnt:online", X86 }, { 206, "arm64/cpuinfo:online", ARM64 },
	{ 207, "acpi/cpu-drv:online", X86 }, { 207, "lib/percpu_cnt:online", ARM64 },
	{ 208, "leds/trigger:starting", X86 }, { 208, "acpi/cpu-drv:online", ARM64 },
	{ 209, "x86/mce:online", X86 }, { 209, "printk:online", ARM64 },
	{ 210, "printk:online", X86 }, { 235, "sched:active", BOTH }, { 236, "online", BOTH },
};
#undef BOTH

static int states_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	unsigned int arch = is_x86(sys) ? X86 : ARM64;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cpuhp_states); i++)
		if (cpuhp_states[i].arches & arch)
			hm_buf_printf(out, "%3d: %s\n", cpuhp_states[i].state, cpuhp_states[i].name);
	return 0;
}

/* CPUHP_ONLINE in Debian's 6.1 state table (its last line above) */
#define CPUHP_ONLINE 236

/*
 * The vulnerabilities files (cpu_show_*): what the x86 kernel finds on
 * QEMU's TCG CPUs (no affected family, retpolines compiled in) and what
 * arm64 6.1 says of a Cortex-A57 (no SSBS, no firmware mitigation call).
 */
static const struct { const char *name, *x86, *arm64; } vulnerabilities[] = {
	{ "gather_data_sampling", "Not affected", "Not affected" },
	{ "indirect_target_selection", "Not affected", "Not affected" },
	{ "itlb_multihit", "Not affected", "Not affected" },
	{ "l1tf", "Not affected", "Not affected" },
	{ "mds", "Not affected", "Not affected" },
	{ "meltdown", "Not affected", "Not affected" },
	{ "mmio_stale_data", "Not affected", "Not affected" },
	{ "reg_file_data_sampling", "Not affected", "Not affected" },
	{ "retbleed", "Not affected", "Not affected" },
	{ "spec_rstack_overflow", "Not affected", "Not affected" },
	{ "spec_store_bypass", "Not affected", "Vulnerable" },
	{ "spectre_v1", "Mitigation: usercopy/swapgs barriers and __user pointer sanitization",
	  "Mitigation: __user pointer sanitization" },
	{ "spectre_v2", "Mitigation: Retpolines; STIBP: disabled; RSB filling; PBRSB-eIBRS: Not "
	  "affected; BHI: Not affected", "Vulnerable" },
	{ "srbds", "Not affected", "Not affected" },
	{ "tsa", "Not affected", "Not affected" },
	{ "tsx_async_abort", "Not affected", "Not affected" },
	{ "vmscape", "Not affected", "Not affected" },
};

static int vulnerability_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			      struct hm_buf *out)
{
	hm_buf_printf(out, "%s\n", is_x86(sys) ? vulnerabilities[attr->arg].x86 :
						 vulnerabilities[attr->arg].arm64);
	return 0;
}

static const struct sysfs_attr vulnerability_attrs[] = {
	{ "gather_data_sampling", 0444, vulnerability_show, NULL, 0, NULL },
	{ "indirect_target_selection", 0444, vulnerability_show, NULL, 1, NULL },
	{ "itlb_multihit", 0444, vulnerability_show, NULL, 2, NULL },
	{ "l1tf", 0444, vulnerability_show, NULL, 3, NULL },
	{ "mds", 0444, vulnerability_show, NULL, 4, NULL },
	{ "meltdown", 0444, vulnerability_show, NULL, 5, NULL },
	{ "mmio_stale_data", 0444, vulnerability_show, NULL, 6, NULL },
	{ "reg_file_data_sampling", 0444, vulnerability_show, NULL, 7, NULL },
	{ "retbleed", 0444, vulnerability_show, NULL, 8, NULL },
	{ "spec_rstack_overflow", 0444, vulnerability_show, NULL, 9, NULL },
	{ "spec_store_bypass", 0444, vulnerability_show, NULL, 10, NULL },
	{ "spectre_v1", 0444, vulnerability_show, NULL, 11, NULL },
	{ "spectre_v2", 0444, vulnerability_show, NULL, 12, NULL },
	{ "srbds", 0444, vulnerability_show, NULL, 13, NULL },
	{ "tsa", 0444, vulnerability_show, NULL, 14, NULL },
	{ "tsx_async_abort", 0444, vulnerability_show, NULL, 15, NULL },
	{ "vmscape", 0444, vulnerability_show, NULL, 16, NULL },
	{ NULL }
};

/* the root's files: cpu_root_attrs and cpu_root_vulnerabilities_group */
static int text_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		     struct hm_buf *out)
{
	static const char *const text[] = {
		"", "ladder menu ", "none", "menu", "0",
	};

	hm_buf_printf(out, "%s\n", text[attr->arg]);
	return 0;
}

static int kernel_max_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			   struct hm_buf *out)
{
	/* NR_CPUS - 1: Debian's amd64 CONFIG_NR_CPUS=8192, cloud-arm64's 256 */
	hm_buf_printf(out, "%d\n", is_x86(sys) ? 8191 : 255);
	return 0;
}

static int modalias_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	if (!sys->cpus.desc)
		return -ENODEV;
	hm_buf_printf(out, "%s\n", sys->cpus.desc->modalias);
	return 0;
}

/* online, possible, present: every CPU (cpumask lists) */
static int cpus_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		     struct hm_buf *out)
{
	bitmap_print_list(out, attr->arg ? all_cpus(sys) : 0, sys->cpus.nr);
	return 0;
}

/* nohz_full: amd64 has CONFIG_NO_HZ_FULL with no mask allocated, "%*pbl" of NULL */
static int nohz_full_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			  struct hm_buf *out)
{
	hm_buf_printf(out, "%s\n", is_x86(sys) ? "(null)" : "");
	return 0;
}

static int smt_control_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	/* CONFIG_HOTPLUG_SMT: x86 says the CPU has none; elsewhere it is not built */
	hm_buf_printf(out, "%s\n", is_x86(sys) ? "notsupported" : "notimplemented");
	return 0;
}

static int smt_control_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			     const char *buf)
{
	return is_x86(sys) ? -ENODEV : -EOPNOTSUPP;	/* __store_smt_control */
}

static int uevent_show(struct hm_system *sys, long id, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	return 0;
}

static int root_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			     const char *buf)
{
	return kobject_synth_uevent(sys, "/devices/system/cpu", "cpu", buf, strlen(buf));
}

static int governor_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			  const char *buf)
{
	size_t n = strcspn(buf, "\n");

	/* store_current_governor: a registered governor's name */
	if ((n == 4 && !strncmp(buf, "menu", 4)) || (n == 6 && !strncmp(buf, "ladder", 6)))
		return 0;
	return -EINVAL;
}

static const struct sysfs_attr cpu_root_attrs[] = {
	{ .name = "isolated", .mode = 0444, .show = text_show, .arg = 0 },
	SYSFS_ATTR_RO(kernel_max),
	SYSFS_ATTR_RO(modalias),
	SYSFS_ATTR_RO(nohz_full),
	{ .name = "offline", .mode = 0444, .show = cpus_show, .arg = 0 },
	{ .name = "online", .mode = 0444, .show = cpus_show, .arg = 1 },
	{ .name = "possible", .mode = 0444, .show = cpus_show, .arg = 1 },
	{ .name = "present", .mode = 0444, .show = cpus_show, .arg = 1 },
	{ .name = "uevent", .mode = 0644, .show = uevent_show, .store = root_uevent_store },
	{ NULL }
};
static const struct sysfs_attr *const cpu_root_groups[] = { cpu_root_attrs, NULL };

static const struct sysfs_attr cpuidle_attrs[] = {
	{ .name = "available_governors", .mode = 0444, .show = text_show, .arg = 1 },
	{ .name = "current_driver", .mode = 0444, .show = text_show, .arg = 2 },
	{ .name = "current_governor", .mode = 0644, .show = text_show, .store = governor_store,
	  .arg = 3 },
	{ .name = "current_governor_ro", .mode = 0444, .show = text_show, .arg = 3 },
	{ NULL }
};
static const struct sysfs_attr *const cpuidle_groups[] = { cpuidle_attrs, NULL };

static const struct sysfs_attr hotplug_root_attrs[] = {
	SYSFS_ATTR_RO(states),
	{ NULL }
};
static const struct sysfs_attr *const hotplug_root_groups[] = { hotplug_root_attrs, NULL };

static const struct sysfs_attr smt_attrs[] = {
	{ .name = "active", .mode = 0444, .show = text_show, .arg = 4 },
	{ .name = "control", .mode = 0644, .show = smt_control_show, .store = smt_control_store },
	{ NULL }
};
static const struct sysfs_attr *const smt_groups[] = { smt_attrs, NULL };
static const struct sysfs_attr *const vulnerability_groups[] = { vulnerability_attrs, NULL };

/* ------------------------------------------------------------ cpuN */

/* cache/indexK: arg = K * 16 + the field */
enum { C_LINE, C_ID, C_LEVEL, C_SETS, C_PART, C_SHARED_LIST, C_SHARED_MAP, C_SIZE, C_TYPE,
       C_WAYS };

static const struct hm_cpu_cache *cache_of(const struct hm_system *sys, long arg)
{
	unsigned int k = (unsigned int)(arg / 16);

	return sys->cpus.desc && k < sys->cpus.desc->nr_caches ? &sys->cpus.desc->caches[k] : NULL;
}

static unsigned int cache_value(const struct hm_cpu_cache *c, long field)
{
	switch (field) {
	case C_LINE: return c->line_size;
	case C_SETS: return c->sets;
	case C_PART: return c->partitions;
	case C_SIZE: return c->size_kb;
	case C_WAYS: return c->ways;
	case C_ID: return c->has_id;
	default: return 1;
	}
}

/* cache_default_attrs_is_visible: a value the CPU does not report has no file */
static bool cache_attr_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	const struct hm_cpu_cache *c = cache_of(sys, attr->arg);

	return c && cache_value(c, attr->arg % 16);
}

static int cache_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
		      struct hm_buf *out)
{
	const struct hm_cpu_cache *c = cache_of(sys, attr->arg);
	uint64_t shared = c->shared == CACHE_SHARED_ALL ? all_cpus(sys) :
			  c->shared == CACHE_SHARED_LLC ?
			  cpumask_of_node(sys, sys->cpus.node[cpu]) : 1ULL << cpu;

	switch (attr->arg % 16) {
	case C_ID:
		hm_buf_printf(out, "%ld\n", cpu);
		break;
	case C_LEVEL:
		hm_buf_printf(out, "%u\n", c->level);
		break;
	case C_SHARED_LIST:
		bitmap_print_list(out, shared, sys->cpus.nr);
		break;
	case C_SHARED_MAP:
		bitmap_print_mask(out, shared, sys->cpus.nr);
		break;
	case C_SIZE:
		hm_buf_printf(out, "%uK\n", c->size_kb);
		break;
	case C_TYPE:
		hm_buf_printf(out, "%s\n", c->type);
		break;
	default:
		hm_buf_printf(out, "%u\n", cache_value(c, attr->arg % 16));
		break;
	}
	return 0;
}

static int cache_uevent_store(struct hm_system *sys, long id, const struct sysfs_attr *attr,
			      const char *buf)
{
	return 0;	/* a cacheinfo kobject sends nothing (cache_default_filter-free ktype) */
}

#define CACHE_ATTR(_name, K, F) \
	{ .name = _name, .mode = 0444, .show = cache_show, .arg = (K) * 16 + (F), \
	  .visible = cache_attr_visible }
#define CACHE_INDEX(K)								\
	static const struct sysfs_attr cache_index_attrs_##K[] = {		\
		CACHE_ATTR("coherency_line_size", K, C_LINE),			\
		CACHE_ATTR("id", K, C_ID),					\
		CACHE_ATTR("level", K, C_LEVEL),				\
		CACHE_ATTR("number_of_sets", K, C_SETS),			\
		CACHE_ATTR("physical_line_partition", K, C_PART),		\
		CACHE_ATTR("shared_cpu_list", K, C_SHARED_LIST),		\
		CACHE_ATTR("shared_cpu_map", K, C_SHARED_MAP),			\
		CACHE_ATTR("size", K, C_SIZE),					\
		CACHE_ATTR("type", K, C_TYPE),					\
		{ .name = "uevent", .mode = 0644, .show = uevent_show,		\
		  .store = cache_uevent_store },				\
		CACHE_ATTR("ways_of_associativity", K, C_WAYS),			\
		{ NULL } };							\
	static const struct sysfs_attr *const cache_index_groups_##K[] = {	\
		cache_index_attrs_##K, NULL };					\
	static bool cache_index_visible_##K(const struct hm_system *sys)	\
	{ return sys->cpus.desc && (K) < sys->cpus.desc->nr_caches; }		\
	static const struct sysfs_dir cache_index_dir_##K = {			\
		.groups = cache_index_groups_##K, .visible = cache_index_visible_##K };
CACHE_INDEX(0)
CACHE_INDEX(1)
CACHE_INDEX(2)
CACHE_INDEX(3)

static const struct sysfs_attr cache_attrs[] = {
	{ .name = "uevent", .mode = 0644, .show = uevent_show, .store = cache_uevent_store },
	{ NULL }
};
static const struct sysfs_attr *const cache_groups[] = { cache_attrs, NULL };

/* kstrtoint(buf, 10): a signed decimal with an optional newline; 0 or -EINVAL */
static int parse_state(const char *buf, long *v)
{
	unsigned long long u;
	bool neg = buf[0] == '-';

	if (kstrtoull(buf + neg, &u) || (buf[neg] == '0' && buf[neg + 1] && buf[neg + 1] != '\n') ||
	    u > 0x7fffffff)
		return -EINVAL;
	*v = neg ? -(long)u : (long)u;
	return 0;
}

/* hotplug/: the CPU's state machine (kernel/cpu.c) */
static int hotplug_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			struct hm_buf *out)
{
	switch (attr->arg) {
	case 0:		/* fail: no failure injected */
		hm_buf_printf(out, "-1\n");
		break;
	case 1:
		hm_buf_printf(out, "%d\n", CPUHP_ONLINE);
		break;
	default:	/* target: the boot CPU's is never set (cpuhp_online_idle) */
		hm_buf_printf(out, "%d\n", cpu ? CPUHP_ONLINE : 0);
		break;
	}
	return 0;
}

static int fail_store(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
		      const char *buf)
{
	long v;

	/* write_cpuhp_fail: a state number, or -1; only states that can fail */
	if (parse_state(buf, &v))
		return -EINVAL;
	return v == -1 ? 0 : -EINVAL;
}

static int target_store(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			const char *buf)
{
	long v;

	/* write_cpuhp_target: CPU hot-unplug is not modelled; staying online is */
	if (parse_state(buf, &v))
		return -EINVAL;
	return v == CPUHP_ONLINE ? 0 : -EINVAL;
}

static const struct sysfs_attr cpu_hotplug_attrs[] = {
	{ .name = "fail", .mode = 0644, .show = hotplug_show, .store = fail_store, .arg = 0 },
	{ .name = "state", .mode = 0444, .show = hotplug_show, .arg = 1 },
	{ .name = "target", .mode = 0644, .show = hotplug_show, .store = target_store, .arg = 2 },
	{ NULL }
};
static const struct sysfs_attr *const cpu_hotplug_groups[] = { cpu_hotplug_attrs, NULL };

/*
 * topology/ (drivers/base/topology.c).  QEMU 7.2's -smp N is one socket
 * of N cores, one thread each.  x86: the package and die are the socket
 * (ids 0), the core id the APIC id, the cluster the L2 (the core's own)
 * with no cluster id (BAD_APICID); arm64: the ids are the offsets of
 * ACPI PPTT's nodes as QEMU's build_pptt lays them out (the socket
 * right after the 36-byte header, its one cluster 20 bytes on), the
 * cluster every core.
 */
#define PPTT_HEADER_LEN 36
#define PPTT_NODE_LEN 20

enum { T_CLUSTER, T_CLUSTER_LIST, T_CLUSTER_ID, T_CORE, T_CORE_LIST, T_CORE_ID, T_SIB,
       T_SIB_LIST, T_DIE, T_DIE_LIST, T_DIE_ID, T_PKG, T_PKG_LIST, T_PKG_ID, T_THREAD,
       T_THREAD_LIST };

static int topology_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			 struct hm_buf *out)
{
	uint64_t self = 1ULL << cpu, pkg = all_cpus(sys);
	uint64_t cluster = is_x86(sys) ? self : pkg;

	switch (attr->arg) {
	case T_CLUSTER: bitmap_print_mask(out, cluster, sys->cpus.nr); break;
	case T_CLUSTER_LIST: bitmap_print_list(out, cluster, sys->cpus.nr); break;
	case T_CORE:
	case T_THREAD: bitmap_print_mask(out, self, sys->cpus.nr); break;
	case T_CORE_LIST:
	case T_THREAD_LIST: bitmap_print_list(out, self, sys->cpus.nr); break;
	case T_SIB:
	case T_DIE:
	case T_PKG: bitmap_print_mask(out, pkg, sys->cpus.nr); break;
	case T_SIB_LIST:
	case T_DIE_LIST:
	case T_PKG_LIST: bitmap_print_list(out, pkg, sys->cpus.nr); break;
	case T_CORE_ID: hm_buf_printf(out, "%ld\n", cpu); break;
	case T_DIE_ID: hm_buf_printf(out, "0\n"); break;
	case T_CLUSTER_ID:
		hm_buf_printf(out, "%d\n", is_x86(sys) ? 65535 : PPTT_HEADER_LEN + PPTT_NODE_LEN);
		break;
	case T_PKG_ID:
		hm_buf_printf(out, "%d\n", is_x86(sys) ? 0 : PPTT_HEADER_LEN);
		break;
	}
	return 0;
}

static bool x86_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return is_x86(sys);
}

static bool arm64_visible(const struct hm_system *sys, long id, const struct sysfs_attr *attr)
{
	return !is_x86(sys);
}

#define TOPO(_name, T, _vis) \
	{ .name = _name, .mode = 0444, .show = topology_show, .arg = T, .visible = _vis }
static const struct sysfs_attr topology_attrs[] = {
	TOPO("cluster_cpus", T_CLUSTER, NULL),
	TOPO("cluster_cpus_list", T_CLUSTER_LIST, NULL),
	TOPO("cluster_id", T_CLUSTER_ID, NULL),
	TOPO("core_cpus", T_CORE, NULL),
	TOPO("core_cpus_list", T_CORE_LIST, NULL),
	TOPO("core_id", T_CORE_ID, NULL),
	TOPO("core_siblings", T_SIB, NULL),
	TOPO("core_siblings_list", T_SIB_LIST, NULL),
	TOPO("die_cpus", T_DIE, x86_visible),		/* topology_die_cpumask: x86 only */
	TOPO("die_cpus_list", T_DIE_LIST, x86_visible),
	TOPO("die_id", T_DIE_ID, x86_visible),
	TOPO("package_cpus", T_PKG, NULL),
	TOPO("package_cpus_list", T_PKG_LIST, NULL),
	TOPO("physical_package_id", T_PKG_ID, NULL),
	TOPO("thread_siblings", T_THREAD, NULL),
	TOPO("thread_siblings_list", T_THREAD_LIST, NULL),
	{ NULL }
};
static const struct sysfs_attr *const topology_groups[] = { topology_attrs, NULL };

/* regs/identification (arm64 cpuinfo.c): the ID registers QEMU's CPU model has */
static int id_reg_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	hm_buf_printf(out, "0x%016llx\n",
		      (unsigned long long)(attr->arg || !sys->cpus.desc ? 0 : sys->cpus.desc->midr));
	return 0;
}

static const struct sysfs_attr id_reg_attrs[] = {
	{ .name = "midr_el1", .mode = 0444, .show = id_reg_show, .arg = 0 },
	{ .name = "revidr_el1", .mode = 0444, .show = id_reg_show, .arg = 1 },
	{ NULL }
};
static const struct sysfs_attr *const id_reg_groups[] = { id_reg_attrs, NULL };
static bool arm64_dir_visible(const struct hm_system *sys)
{
	return !is_x86(sys);
}

static bool x86_dir_visible(const struct hm_system *sys)
{
	return is_x86(sys);
}

/* crash_notes_size: sizeof(note_buf_t), from each arch's struct elf_prstatus */
static int crash_notes_size_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
				 struct hm_buf *out)
{
	hm_buf_printf(out, "%d\n", is_x86(sys) ? 368 : 424);
	return 0;
}

/*
 * crash_notes: the physical address of the CPU's note buffer in its
 * per-CPU area, placed by the kernel's own boot allocations, which hotmem
 * does not lay out: the read fails rather than print an invented address.
 */
static int crash_notes_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			    struct hm_buf *out)
{
	return -ENODATA;
}

static int cpu_capacity_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			     struct hm_buf *out)
{
	hm_buf_printf(out, "1024\n");	/* SCHED_CAPACITY_SCALE: no capacity-dmips-mhz */
	return 0;
}

static int online_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
		       struct hm_buf *out)
{
	hm_buf_printf(out, "1\n");
	return 0;
}

/* x86's boot CPU cannot be offlined: it has no online file (arch_register_cpu) */
static bool online_visible(const struct hm_system *sys, long cpu, const struct sysfs_attr *attr)
{
	return !is_x86(sys) || cpu;
}

static bool processor_bound(const struct hm_system *sys, long cpu)
{
	return !(sys->buses.processor_unbound >> cpu & 1);
}

/* cpuN/uevent: DRIVER while bound, and the MODALIAS of cpu_uevent */
static int cpu_uevent_show(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			   struct hm_buf *out)
{
	if (processor_bound(sys, cpu))
		hm_buf_printf(out, "DRIVER=processor\n");
	if (sys->cpus.desc)
		hm_buf_printf(out, "MODALIAS=%s\n", sys->cpus.desc->modalias);
	return 0;
}

static int cpu_uevent_store(struct hm_system *sys, long cpu, const struct sysfs_attr *attr,
			    const char *buf)
{
	return system_device_synth_uevent(sys, "cpu", cpu, buf);
}

static const struct sysfs_attr cpu_dev_attrs[] = {
	{ .name = "cpu_capacity", .mode = 0444, .show = cpu_capacity_show,
	  .visible = arm64_visible },
	{ .name = "crash_notes", .mode = 0400, .show = crash_notes_show },
	{ .name = "crash_notes_size", .mode = 0400, .show = crash_notes_size_show },
	{ .name = "online", .mode = 0644, .show = online_show, .visible = online_visible },
	{ .name = "uevent", .mode = 0644, .show = cpu_uevent_show, .store = cpu_uevent_store },
	{ NULL }
};
static const struct sysfs_attr *const cpu_dev_groups[] = { cpu_dev_attrs, NULL };

static int driver_link(struct hm_system *sys, long cpu, char *buf, size_t size)
{
	if (!processor_bound(sys, cpu))
		return -ENOENT;
	snprintf(buf, size, "../../../../bus/cpu/drivers/processor");
	return 0;
}

/* the ACPI processor device: LNXCPU under QEMU's \_SB.CPUS on x86, ACPI0007 on arm64 */
static int firmware_node_link(struct hm_system *sys, long cpu, char *buf, size_t size)
{
	if (is_x86(sys))
		snprintf(buf, size, "../../../LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00/LNXCPU:%02lx", cpu);
	else
		snprintf(buf, size, "../../../LNXSYSTM:00/LNXSYBUS:00/ACPI0007:%02lx", cpu);
	return 0;
}

static const struct sysfs_link cpu_dev_links[] = {
	{ "driver", .get = driver_link },
	{ "firmware_node", .get = firmware_node_link },
	{ "subsystem", .target = "../../../../bus/cpu" },
	{ NULL }
};

static long cpu_node_next(struct hm_system *sys, long cpu, long from)
{
	long nid = sys->cpus.node[cpu];

	return nid >= from ? nid : -1;
}

static const struct sysfs_numbered cpu_node_links[] = {
	{ "node", cpu_node_next, .link = "../../node/node%ld" },
	{ NULL }
};

static const struct sysfs_dir cpu_dev_dir = {
	.groups = cpu_dev_groups,
	.links = cpu_dev_links,
	.children = (const struct sysfs_child[]){
		{ "cache", &(const struct sysfs_dir){
			.groups = cache_groups,
			.children = (const struct sysfs_child[]){
				{ "index0", &cache_index_dir_0 }, { "index1", &cache_index_dir_1 },
				{ "index2", &cache_index_dir_2 }, { "index3", &cache_index_dir_3 },
				{ NULL } } } },
		{ "hotplug", &(const struct sysfs_dir){ .groups = cpu_hotplug_groups } },
		{ "power", &cpu_power_dir },
		{ "regs", &(const struct sysfs_dir){ .visible = arm64_dir_visible,
			.children = (const struct sysfs_child[]){
				{ "identification", &(const struct sysfs_dir){
					.groups = id_reg_groups } },
				{ NULL } } } },
		{ "topology", &(const struct sysfs_dir){ .groups = topology_groups } },
		{ NULL } },
	.numbered = cpu_node_links,
};

static const struct sysfs_numbered cpus[] = {
	{ "cpu", cpu_next, .dir = &cpu_dev_dir },
	{ NULL }
};

const struct sysfs_dir cpu_subsys_dir = {
	.groups = cpu_root_groups,
	.children = (const struct sysfs_child[]){
		{ "cpufreq", &(const struct sysfs_dir){ .visible = x86_dir_visible } },
		{ "cpuidle", &(const struct sysfs_dir){ .groups = cpuidle_groups } },
		{ "hotplug", &(const struct sysfs_dir){ .groups = hotplug_root_groups } },
		{ "power", &device_power_dir },
		{ "smt", &(const struct sysfs_dir){ .groups = smt_groups } },
		{ "vulnerabilities", &(const struct sysfs_dir){ .groups = vulnerability_groups } },
		{ NULL } },
	.numbered = cpus,
};

const struct sysfs_dir cpu_bus_devices_dir = {
	.numbered = (const struct sysfs_numbered[]){
		{ "cpu", cpu_next, .link = "../../../devices/system/cpu/cpu%ld" },
		{ NULL } },
};
