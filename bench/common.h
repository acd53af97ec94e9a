/* SPDX-License-Identifier: GPL-2.0 */
/*
 * common.h - what the benchmarks share: clocks, peak memory, the first-touch
 * memset bound, running a case in a child process, writing block states.
 */
#ifndef HOTMEM_BENCH_COMMON_H
#define HOTMEM_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

struct hm_system;

/* One benchmark case: its label, the machine's QEMU options, a size. */
struct bench_case {
	const char *label;
	const char *options;
	uint64_t size;
};

/* Monotonic seconds. */
double now_s(void);
/* Peak RSS of this process in bytes (ru_maxrss). */
unsigned long long maxrss_bytes(void);
/* Resets the peak RSS to the current RSS (/proc/self/clear_refs "5"); 0 or -1. */
int reset_peak_rss(void);
/* User and system CPU seconds of this process so far. */
void cpu_s(double *user, double *sys_s);
/* One first-touch memset of size bytes (fresh mmap, memset, munmap), in seconds. */
double memset_once(size_t size);
int cmp_double(const void *a, const void *b);
/* The median of runs first-touch memsets of size bytes, and (*min) the fastest. */
double memset_bound(size_t size, int runs, double *min);
/*
 * The same bound for a size too big to touch on a shared host: first-touch
 * memsets of at most BOUND_SAMPLE bytes, scaled linearly to size (a
 * first-touch memset is linear in its size: page faults and stores).
 * *sample gets the bytes actually set.
 */
#define BOUND_SAMPLE (1ULL << 30)
double memset_bound_scaled(size_t size, int runs, double *min, size_t *sample);
/*
 * Runs fn(c) in a child, so that each case has its own peak memory;
 * returns its exit status (1 if it died).
 */
int run_forked(int (*fn)(const struct bench_case *c), const struct bench_case *c);
/*
 * The benchmarks' arguments: [--all] ["QEMU options"].  Returns 1 after
 * printing the usage for -h/--help, 0 otherwise.
 */
int bench_args(int argc, char **argv, const char **options, bool *all);
/* Writes val to the state file of every block of [start, start+size); 0 or the errno. */
int write_states(struct hm_system *sys, uint64_t start, uint64_t size, const char *val);

#endif /* HOTMEM_BENCH_COMMON_H */
