/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boot_cache.h - the fuzzing harness's snapshot: machines booted once per
 * configuration in a small server process, each input run on a fork() of
 * its machine.
 */
#ifndef HOTMEM_FUZZ_BOOT_CACHE_H
#define HOTMEM_FUZZ_BOOT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The server keeps this many booted machines, the least recently used replaced. */
#define BOOT_CACHE_ENTRIES 4

struct boot_cache {
	pid_t server;		/* 0: not started */
	int req_fd, rep_fd;	/* to and from the server */
	void *cov;		/* the coverage counters the run sends back (shared) */
};

/* What an input did (boot_cache_run's return). */
enum boot_cache_result {
	BC_OK = 0,		/* the run ended, no finding */
	BC_BAD_MACHINE = 2,	/* the machine could not be built (bad options): no run */
	BC_FINDING = 3,		/* the verifier or a leak check failed; the report on stderr */
	BC_ERROR = 4,		/* the run failed otherwise (a step not encodable, no memory) */
	BC_CRASHED = 5,		/* the run died (a signal, a sanitizer's report on stderr) */
};

/* How an input runs (boot_cache_run's flags). */
enum boot_cache_flags {
	BC_VERIFY_STEP = 1 << 0,	/* the verifier after every step (else after the last) */
	BC_TEARDOWN = 1 << 1,		/* destroy the machine at the end, with the leak check */
};

/**
 * boot_cache_start() - fork the server
 * @c: filled
 *
 * Call it early (LLVMFuzzerInitialize): the server is a fork of this process
 * as it is then, and each run forks the server, whose size is what a fork
 * costs.  The server dies with this process.
 *
 * Return: 0, or a negative errno.
 */
int boot_cache_start(struct boot_cache *c);
/**
 * boot_cache_stop() - end the server, which destroys its machines
 * @c: the cache; zeroed
 *
 * Return: 0; -EUCLEAN if a cached machine leaked allocations at teardown
 * (the server's report on stderr); -ECHILD if the server died.
 */
int boot_cache_stop(struct boot_cache *c);
/**
 * boot_cache_run() - run a scenario on a fork of its booted machine
 * @c: the cache
 * @machine: the machine options (the scenario's, or the default it runs with)
 * @cmdline: its cmdline steps joined (scenario.cmdline), or NULL
 * @text: the scenario's text, parsed again in the run
 * @len: its length
 * @flags: enum boot_cache_flags
 * @out: the transcript goes to this file (created), NULL: nowhere
 *
 * The server boots the machine of @machine and @cmdline once (and verifies
 * it), and never runs a step on it: each run is a fork of the server, so it
 * starts from the state the boot left, as a fresh machine_create() would.
 * With -fsanitize=fuzzer, the coverage counters of the run (and of a boot
 * it needed) are added to this process's, where libFuzzer reads them.
 *
 * Return: enum boot_cache_result; -ECHILD if the server is gone.
 */
int boot_cache_run(struct boot_cache *c, const char *machine, const char *cmdline,
		   const char *text, size_t len, unsigned int flags, const char *out);

#endif /* HOTMEM_FUZZ_BOOT_CACHE_H */
