// SPDX-License-Identifier: GPL-2.0
/*
 * boot_cache.c - the fuzzing harness's snapshot of a booted machine.
 *
 * A server process, forked early while the fuzzer is still small, boots the
 * machine of each configuration (its options and cmdline) once and keeps it
 * without ever running a step on it.  Each input runs in a fork() of the
 * server: the kernel's copy-on-write is the deep copy of the booted machine,
 * exact by construction, and whatever the input changes dies with the run.
 * The server stays small (the boot cache, not libFuzzer's corpus and feature
 * tables), so a fork copies few page tables; forking libFuzzer's own process
 * cost more than a boot.
 *
 * libFuzzer reads its coverage counters (the __sancov_cntrs section of
 * -fsanitize=fuzzer) in its own process after the input returns: the server
 * clears its counters for each input, the run copies them into a shared
 * mapping before it exits, and the fuzzer adds them to its own.  They hold
 * the boot when the input needed one, and the run; the run's parse is left
 * out (the fuzzer parsed the input itself, with its comparison tracing).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "boot_cache.h"
#include "hotmem/machine.h"
#include "hotmem/report.h"
#include "hotmem/scenario.h"

/* The linker's bounds of the inline 8-bit counters; absent without -fsanitize=fuzzer. */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));
/* ASan's: empties the quarantine and gives freed memory back (sanitizer/allocator_interface.h) */
extern void __sanitizer_purge_allocator(void) __attribute__((weak));

#define BC_STOP (1u << 31)

struct req_hdr {
	uint32_t flags;		/* enum boot_cache_flags, or BC_STOP */
	uint32_t machine_len;
	int32_t cmdline_len;	/* -1: none */
	uint32_t text_len;
	uint32_t out_len;	/* 0: the transcript goes nowhere */
};

struct cov_shm {
	volatile uint32_t valid;
	uint8_t counters[];
};

static size_t cov_len(void)
{
	uintptr_t start = (uintptr_t)__start___sancov_cntrs;
	uintptr_t stop = (uintptr_t)__stop___sancov_cntrs;

	return start && stop > start ? stop - start : 0;
}

/* The whole of len bytes written (wr) or read, across short counts and EINTR: 0, or -1. */
static int io_full(int fd, void *buf, size_t len, bool wr)
{
	char *p = buf;

	while (len) {
		ssize_t n = wr ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	return io_full(fd, (void *)buf, len, true);
}

static int read_full(int fd, void *buf, size_t len)
{
	return io_full(fd, buf, len, false);
}

/* ---- the server ---- */

struct entry {
	char *machine;			/* the options and cmdline it was booted with */
	char *cmdline;			/* NULL: none */
	struct scenario boot;		/* what scenario_begin() booted (no steps) */
	struct scenario_exec x;		/* the booted machine, never run on here */
	unsigned long last_use;
};

struct server {
	struct entry e[BOOT_CACHE_ENTRIES];
	unsigned long clock;
	struct cov_shm *cov;
	size_t cov_len;
	uint8_t *cov_saved;
	int devnull;
	bool stats;			/* HOTMEM_FUZZ_STATS: print them at each power of two */
	unsigned long runs, boots;
};

static void print_stats(struct server *s)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	fprintf(stderr, "boot_cache: %lu runs, %lu boots, server rss %ld KiB\n", s->runs,
		s->boots, rss * (sysconf(_SC_PAGESIZE) / 1024));
}

static unsigned long entry_free(struct entry *e)
{
	unsigned long leaks = 0;

	if (e->machine) {
		leaks = scenario_end(&e->x);
		free(e->machine);
		free(e->cmdline);
	}
	memset(e, 0, sizeof(*e));
	return leaks;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The machine booted with @machine and @cmdline, booted on a miss: a BC_ code. */
static int entry_get(struct server *s, const char *machine, const char *cmdline,
		     struct entry **out)
{
	struct entry *e, *victim = &s->e[0];
	struct hm_buf err;
	unsigned long leaks;
	unsigned int i;
	int ret;

	for (i = 0; i < BOOT_CACHE_ENTRIES; i++) {
		e = &s->e[i];
		if (e->machine && !strcmp(e->machine, machine) && same(e->cmdline, cmdline)) {
			e->last_use = ++s->clock;
			*out = e;
			return BC_OK;
		}
		if (!e->machine || (victim->machine && e->last_use < victim->last_use))
			victim = e;
	}
	if (victim->machine) {
		leaks = entry_free(victim);
		/* the server's size is what each run's fork copies */
		if (__sanitizer_purge_allocator)
			__sanitizer_purge_allocator();
	} else
		leaks = 0;
	if (leaks) {
		fprintf(stderr, "boot_cache: finding: a cached machine leaked %lu allocations "
			"at teardown\n", leaks);
		return BC_FINDING;
	}
	e = victim;
	e->machine = strdup(machine);
	e->cmdline = cmdline ? strdup(cmdline) : NULL;
	if (!e->machine || (cmdline && !e->cmdline)) {
		entry_free(e);
		return BC_ERROR;
	}
	e->boot.path = "fuzz.scn";
	e->boot.machine = e->machine;
	e->boot.cmdline = e->cmdline;
	hm_buf_init(&err);
	ret = scenario_begin(&e->boot, &e->x, &err);
	if (ret) {
		free(e->machine);
		free(e->cmdline);
		memset(e, 0, sizeof(*e));
		hm_buf_free(&err);
		return ret == -EINVAL ? BC_BAD_MACHINE : BC_ERROR;
	}
	e->last_use = ++s->clock;
	s->boots++;
	/* the boot is checked once, here, as a run's first step would check it */
	if (machine_verify(e->x.m, &err)) {
		fprintf(stderr, "boot_cache: finding: after booting %s:\n%s\n", machine,
			hm_buf_str(&err));
		hm_buf_free(&err);
		return BC_FINDING;
	}
	hm_buf_free(&err);
	*out = e;
	return BC_OK;
}

/* One input, in a fork of the server: never returns. */
static void run_child(struct server *s, struct entry *e, unsigned int flags, const char *text,
		      const char *out_path)
{
	struct scenario_options opts = { .verify = flags & BC_VERIFY_STEP, .verify_end = true,
					 .no_tools = true };
	struct scenario_exec x = e->x;
	struct scenario scn;
	struct hm_buf err;
	unsigned long leaks;
	FILE *out;
	int ret;

	/* a server that dies (the fuzzer's timeout) takes its run with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(BC_ERROR);
	hm_buf_init(&err);
	if (s->cov_len)
		memcpy(s->cov_saved, __start___sancov_cntrs, s->cov_len);
	ret = scenario_parse(&scn, "fuzz.scn", text, &err);
	if (s->cov_len)	/* the fuzzer has the parse's coverage */
		memcpy(__start___sancov_cntrs, s->cov_saved, s->cov_len);
	if (ret) {
		fprintf(stderr, "boot_cache: the input does not parse again: %s\n",
			hm_buf_str(&err));
		_exit(BC_ERROR);
	}
	scn.machine = e->machine;
	out = *out_path ? fopen(out_path, "w") : fdopen(s->devnull, "w");
	if (!out)
		_exit(BC_ERROR);
	ret = scenario_run_booted(&x, &scn, &opts, out, &err);
	if (flags & BC_TEARDOWN) {
		leaks = scenario_end(&x);
		if (leaks) {
			hm_buf_printf(&err, "%lu kernel-model allocations leaked at teardown\n",
				      leaks);
			ret = -EUCLEAN;
		}
	}
	if (fflush(out))
		ret = ret ? ret : -EIO;
	if (ret == -EUCLEAN)
		fprintf(stderr, "boot_cache: finding:\n%s\n", hm_buf_str(&err));
	fflush(stderr);
	if (s->cov_len) {
		memcpy(s->cov->counters, __start___sancov_cntrs, s->cov_len);
		s->cov->valid = 1;
	}
	_exit(ret == -EUCLEAN ? BC_FINDING : ret ? BC_ERROR : BC_OK);
}

static int serve_one(struct server *s, const struct req_hdr *h, const char *machine,
		     const char *cmdline, const char *text, const char *out_path)
{
	struct entry *e;
	int ret, status;
	pid_t pid;

	ret = entry_get(s, machine, cmdline, &e);
	if (ret != BC_OK)
		return ret;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return BC_ERROR;
	if (pid == 0)
		run_child(s, e, h->flags, text, out_path);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return BC_ERROR;
	if (!WIFEXITED(status))
		return BC_CRASHED;
	switch (WEXITSTATUS(status)) {
	case BC_OK:
	case BC_FINDING:
	case BC_ERROR:
		return WEXITSTATUS(status);
	default:	/* a sanitizer's exit code */
		return BC_CRASHED;
	}
}

static void serve(int req_fd, int rep_fd, struct cov_shm *cov)
{
	struct server s = { .cov = cov, .cov_len = cov ? cov_len() : 0 };
	char *buf = NULL;
	size_t cap = 0;
	unsigned long leaks = 0;
	unsigned int i;

	s.stats = getenv("HOTMEM_FUZZ_STATS") != NULL;
	if (s.stats)
		print_stats(&s);
	s.devnull = open("/dev/null", O_WRONLY);
	s.cov_saved = s.cov_len ? malloc(s.cov_len) : NULL;
	if (s.devnull < 0 || (s.cov_len && !s.cov_saved))
		_exit(BC_ERROR);
	for (;;) {
		struct req_hdr h;
		size_t mlen, clen, need;
		char *machine, *cmdline, *text, *out;
		int32_t rep;

		if (read_full(req_fd, &h, sizeof(h)) || h.flags == BC_STOP)
			break;
		mlen = h.machine_len;
		clen = h.cmdline_len < 0 ? 0 : (size_t)h.cmdline_len;
		need = mlen + clen + h.text_len + h.out_len + 4;
		if (need > cap) {
			free(buf);
			buf = malloc(need);
			cap = buf ? need : 0;
			if (!buf)
				_exit(BC_ERROR);
		}
		machine = buf;
		cmdline = machine + mlen + 1;
		text = cmdline + clen + 1;
		out = text + h.text_len + 1;
		if (read_full(req_fd, machine, mlen) || read_full(req_fd, cmdline, clen) ||
		    read_full(req_fd, text, h.text_len) || read_full(req_fd, out, h.out_len))
			break;
		machine[mlen] = cmdline[clen] = text[h.text_len] = out[h.out_len] = '\0';
		if (s.cov_len) {
			memset(__start___sancov_cntrs, 0, s.cov_len);
			s.cov->valid = 0;
		}
		rep = serve_one(&s, &h, machine, h.cmdline_len < 0 ? NULL : cmdline, text, out);
		s.runs++;
		if (s.stats && !(s.runs & (s.runs - 1)))
			print_stats(&s);
		if (write_full(rep_fd, &rep, sizeof(rep)))
			break;
	}
	if (s.stats)
		print_stats(&s);
	free(buf);
	free(s.cov_saved);
	for (i = 0; i < BOOT_CACHE_ENTRIES; i++)
		leaks += entry_free(&s.e[i]);
	if (leaks)
		fprintf(stderr, "boot_cache: finding: the cached machines leaked %lu "
			"allocations at teardown\n", leaks);
	_exit(leaks ? BC_FINDING : BC_OK);
}

/* ---- the fuzzer's side ---- */

int boot_cache_start(struct boot_cache *c)
{
	int req[2], rep[2];
	size_t len = cov_len();
	pid_t parent = getpid();
	void *cov = NULL;

	memset(c, 0, sizeof(*c));
	if (len) {
		cov = mmap(NULL, sizeof(struct cov_shm) + len, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (cov == MAP_FAILED)
			return -ENOMEM;
	}
	if (pipe2(req, O_CLOEXEC)) {
		int ret = -errno;

		if (cov)
			munmap(cov, sizeof(struct cov_shm) + len);
		return ret;
	}
	if (pipe2(rep, O_CLOEXEC)) {
		int ret = -errno;

		close(req[0]);
		close(req[1]);
		if (cov)
			munmap(cov, sizeof(struct cov_shm) + len);
		return ret;
	}
	fflush(stdout);
	fflush(stderr);
	c->server = fork();
	if (c->server < 0) {
		close(req[0]);
		close(req[1]);
		close(rep[0]);
		close(rep[1]);
		if (cov)
			munmap(cov, sizeof(struct cov_shm) + len);
		c->server = 0;
		return -ECHILD;
	}
	if (c->server == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(BC_ERROR);
		close(req[1]);
		close(rep[0]);
		serve(req[0], rep[1], cov);
	}
	close(req[0]);
	close(rep[1]);
	c->req_fd = req[1];
	c->rep_fd = rep[0];
	c->cov = cov;
	return 0;
}

int boot_cache_stop(struct boot_cache *c)
{
	struct req_hdr h = { .flags = BC_STOP };
	int status, ret = 0;

	if (!c->server)
		return 0;
	write_full(c->req_fd, &h, sizeof(h));
	close(c->req_fd);
	close(c->rep_fd);
	while (waitpid(c->server, &status, 0) < 0)
		if (errno != EINTR) {
			ret = -ECHILD;
			break;
		}
	if (!ret && (!WIFEXITED(status) || WEXITSTATUS(status) != BC_OK))
		ret = WIFEXITED(status) && WEXITSTATUS(status) == BC_FINDING ? -EUCLEAN : -ECHILD;
	if (c->cov)
		munmap(c->cov, sizeof(struct cov_shm) + cov_len());
	memset(c, 0, sizeof(*c));
	return ret;
}

int boot_cache_run(struct boot_cache *c, const char *machine, const char *cmdline,
		   const char *text, size_t len, unsigned int flags, const char *out)
{
	struct req_hdr h = {
		.flags = flags & (BC_VERIFY_STEP | BC_TEARDOWN),
		.machine_len = (uint32_t)strlen(machine),
		.cmdline_len = cmdline ? (int32_t)strlen(cmdline) : -1,
		.text_len = (uint32_t)len,
		.out_len = out ? (uint32_t)strlen(out) : 0,
	};
	struct cov_shm *cov = c->cov;
	size_t i, n = cov_len();
	int32_t rep;

	if (!c->server)
		return -ECHILD;
	if (write_full(c->req_fd, &h, sizeof(h)) ||
	    write_full(c->req_fd, machine, h.machine_len) ||
	    (cmdline && write_full(c->req_fd, cmdline, (size_t)h.cmdline_len)) ||
	    write_full(c->req_fd, text, len) ||
	    (out && write_full(c->req_fd, out, h.out_len)) ||
	    read_full(c->rep_fd, &rep, sizeof(rep)))
		return -ECHILD;
	if (cov && cov->valid) {
		for (i = 0; i < n; i++) {
			unsigned int sum;

			/* most counters are zero: skip them eight at a time */
			if (!(i & 7) && i + 8 <= n) {
				uint64_t w;

				memcpy(&w, &cov->counters[i], 8);
				if (!w) {
					i += 7;
					continue;
				}
			}
			sum = __start___sancov_cntrs[i] + cov->counters[i];
			__start___sancov_cntrs[i] = sum > 255 ? 255 : (uint8_t)sum;
		}
	}
	return rep;
}
