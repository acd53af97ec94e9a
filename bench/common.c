// SPDX-License-Identifier: GPL-2.0
/* common.c - what the benchmarks share (see common.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "common.h"

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

unsigned long long maxrss_bytes(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (unsigned long long)ru.ru_maxrss * 1024ULL;	/* KiB on Linux */
}

int reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs("5", f) < 0;
	ret |= fclose(f) != 0;
	return ret ? -1 : 0;
}

void cpu_s(double *user, double *sys_s)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
	*sys_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

double memset_once(size_t size)
{
	double t0, t1;
	void *p;

	t0 = now_s();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	memset(p, 0x11, size);
	/* keep the stores: read one byte back through a volatile pointer */
	if (((volatile unsigned char *)p)[size - 1] != 0x11)
		abort();
	munmap(p, size);
	t1 = now_s();
	return t1 - t0;
}

int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double memset_bound(size_t size, int runs, double *min)
{
	double t[16];
	int i;

	if (runs > 16)
		runs = 16;
	for (i = 0; i < runs; i++) {
		t[i] = memset_once(size);
		if (t[i] < 0)
			return -1;
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
	*min = t[0];
	return t[runs / 2];
}

double memset_bound_scaled(size_t size, int runs, double *min, size_t *sample)
{
	double median, scale;

	*sample = size < BOUND_SAMPLE ? size : BOUND_SAMPLE;
	median = memset_bound(*sample, runs, min);
	if (median < 0)
		return -1;
	scale = (double)size / (double)*sample;
	*min *= scale;
	return median * scale;
}

int run_forked(int (*fn)(const struct bench_case *c), const struct bench_case *c)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid)
		_exit(fn(c));
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	if (!WIFEXITED(status)) {
		fprintf(stderr, "%s: child died (status %#x)\n", c->label, status);
		return 1;
	}
	return WEXITSTATUS(status);
}

int bench_args(int argc, char **argv, const char **options, bool *all)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			*all = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s [--all] [\"QEMU options\"]\n", argv[0]);
			return 1;
		} else {
			*options = argv[i];
		}
	}
	return 0;
}

int write_states(struct hm_system *sys, uint64_t start, uint64_t size, const char *val)
{
	unsigned long bs = memory_block_size_bytes(sys);
	unsigned long id, first = start / bs, end = (start + size) / bs;
	size_t len = strlen(val);
	char path[96];
	int ret;

	for (id = first; id < end; id++) {
		snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%lu/state", id);
		ret = sysfs_write(sys, path, val, len);
		if (ret) {
			fprintf(stderr, "write %s to %s: %d\n", val, path, ret);
			printk_log_print(&sys->log, stderr);
			return ret;
		}
	}
	return 0;
}
