// SPDX-License-Identifier: GPL-2.0
/*
 * dimm_cycles - N add/online/offline/remove cycles of a 128 MiB DIMM on the
 * default 1 GiB guest, with the kernel's allocations at online on (issue 11:
 * each online used to keep 64 kernel pages for ever, so that after about
 * 1,950 cycles offlines failed and DIMMs could not be unplugged).
 *
 * Each cycle: device_add, the guest's hot-add, online_movable of block 32,
 * device_del, the guest's eject (offline and remove).  After every cycle
 * the DIMM must be gone (every unplug succeeded), and the kernel model must
 * be exactly as after the first one: the same kernel pages (none), the same
 * free pages in every zone, the same kernel-model bytes allocated.  Host
 * memory is measured too (resident set size at the first cycle, at one
 * tenth and at the end); outside sanitizer builds it must not grow by more
 * than 4 MiB between one tenth and the end.
 *
 * usage: dimm_cycles N	prints one line of figures; exit 0 or 1
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hotmem/machine.h"
#include "hotmem/pgtable.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#define DEVICE_ADD "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\"," \
		   "\"id\":\"dimm1\",\"memdev\":\"mem1\"}}"
#define DEVICE_DEL "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"dimm1\"}}"
#define STATE "/sys/devices/system/memory/memory32/state"

/* Resident set size in bytes (/proc/self/statm), 0 if unknown. */
static unsigned long long rss_bytes(void)
{
	unsigned long long size, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* What must be the same after every cycle. */
struct snapshot {
	unsigned long kernel_pages;
	unsigned long pgtable_pages;	/* tables and vmemmap from the buddy */
	unsigned long nr_blocks;
	size_t bytes_live;
	unsigned long free[MAX_NR_ZONES];
};

static void snap(struct hm_system *sys, struct snapshot *s)
{
	int z;

	memset(s, 0, sizeof(*s));
	s->kernel_pages = sys->workload.kernel_pages;
	s->pgtable_pages = pgtable_buddy_pages(sys);
	s->nr_blocks = sys->memory.nr_blocks;
	s->bytes_live = sys->alloc.bytes_live;
	for (z = 0; z < MAX_NR_ZONES; z++)
		s->free[z] = NODE_DATA(sys, 0)->node_zones[z].nr_free_pages;
}

/* Runs a QMP command: 0 if it answered want, else -1 (and says so if loud). */
static int qmp_expect(struct hm_machine *m, const char *cmd, const char *want, bool loud)
{
	struct hm_buf answer;
	bool ok;

	hm_buf_init(&answer);
	machine_qmp(m, cmd, &answer);
	ok = !strncmp(hm_buf_str(&answer), want, strlen(want));
	if (!ok && loud)
		fprintf(stderr, "%s: %s\n", cmd, hm_buf_str(&answer));
	hm_buf_free(&answer);
	return ok ? 0 : -1;
}

static int qmp(struct hm_machine *m, const char *cmd)
{
	return qmp_expect(m, cmd, "ok", true);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cycle(struct hm_machine *m, struct hm_system *sys, unsigned long i)
{
	int ret;

	if (qmp(m, DEVICE_ADD))
		return -1;
	ret = machine_guest_sync(m);
	if (ret) {
		fprintf(stderr, "cycle %lu: hot-add: %d\n", i, ret);
		return -1;
	}
	ret = sysfs_write(sys, STATE, "online_movable", 14);
	if (ret) {
		fprintf(stderr, "cycle %lu: online: %d\n", i, ret);
		return -1;
	}
	/*
	 * The online's pages and the boot's (one node, as many); the memmap
	 * of the DIMM's one section (2 MiB) is the page tables'
	 * (vmemmap_populate) while the DIMM is added.
	 */
	if (sys->workload.kernel_pages != 2 * sys->workload.kernel_pages_per_online ||
	    pgtable_buddy_pages(sys) < PAGES_PER_SECTION * 64 / PAGE_SIZE) {
		fprintf(stderr, "cycle %lu: %lu kernel pages, %lu page-table pages after online\n",
			i, sys->workload.kernel_pages, pgtable_buddy_pages(sys));
		return -1;
	}
	if (qmp(m, DEVICE_DEL))
		return -1;
	machine_guest_sync(m);
	if (find_memory_block_by_id(sys, 32) ||
	    qmp_expect(m, DEVICE_DEL, "error DeviceNotFound", false)) {
		fprintf(stderr, "cycle %lu: the DIMM was not unplugged\n", i);
		return -1;
	}
	/*
	 * Read the cycle's QMP events, as a client does: they wait in the
	 * machine (jansson's memory, counted) until read.
	 */
	{
		struct hm_buf ev;

		hm_buf_init(&ev);
		machine_events(m, &ev);
		hm_buf_free(&ev);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 500, i, done = 0;
	unsigned long long rss_first = 0, rss_tenth = 0, rss_end;
	struct snapshot first, now;
	struct hm_machine *m;
	struct hm_system *sys;
	struct hm_buf report;
	struct hm_buf err;
	double t0;
	int bad = 0;

	hm_buf_init(&err);
	if (n < 10 || machine_create(&m, "-m 1G,slots=4,maxmem=8G -smp 1", NULL, &err)) {
		fprintf(stderr, "usage: dimm_cycles N (N >= 10) %s\n", hm_buf_str(&err));
		return 1;
	}
	hm_buf_free(&err);
	sys = machine_system(m);
	sys->workload.kernel_pages_per_online = KERNEL_PAGES_PER_ONLINE;
	if (qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		   "\"memory-backend-ram\",\"id\":\"mem1\",\"size\":134217728}}"))
		return 1;
	t0 = now_s();
	for (i = 1; i <= n; i++) {
		if (cycle(m, sys, i)) {
			bad = 1;
			break;
		}
		snap(sys, &now);
		if (i == 1) {
			first = now;
			done++;
			rss_first = rss_bytes();
			continue;
		}
		if (memcmp(&first, &now, sizeof(now))) {
			fprintf(stderr, "cycle %lu: kernel pages %lu (first %lu), bytes live %zu "
				"(first %zu), free DMA32 %lu (first %lu)\n", i, now.kernel_pages,
				first.kernel_pages, now.bytes_live, first.bytes_live,
				now.free[ZONE_DMA32], first.free[ZONE_DMA32]);
			bad = 1;
			break;
		}
		done++;
		if (i == n / 10)
			rss_tenth = rss_bytes();
	}
	rss_end = rss_bytes();
	hm_buf_init(&report);
	if (!bad && verify_system(sys, &report)) {
		fprintf(stderr, "verify_system:\n%s", hm_buf_str(&report));
		bad = 1;
	}
	hm_buf_free(&report);
	printf("dimm_cycles: %lu of %lu cycles in %.1f s, every unplug done: %s; kernel pages "
	       "after each %lu; RSS %.1f MiB at cycle 1, %.1f MiB at %lu, %.1f MiB at the end%s\n",
	       done, n, now_s() - t0, bad ? "no" : "yes", first.kernel_pages,
	       rss_first / 1048576.0, rss_tenth / 1048576.0, n / 10, rss_end / 1048576.0,
	       SANITIZED ? " (sanitizer build: RSS not judged)" : "");
	if (!bad && !SANITIZED && rss_end > rss_tenth + (4ULL << 20)) {
		fprintf(stderr, "host memory grew by %.1f MiB after cycle %lu\n",
			(rss_end - rss_tenth) / 1048576.0, n / 10);
		bad = 1;
	}
	if (machine_destroy(m)) {
		fprintf(stderr, "kernel-model allocations leaked\n");
		bad = 1;
	}
	return bad;
}
