// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_scenario - libFuzzer target over operation sequences: the input is a
 * scenario (the same parser and runner as `hotmem run`), run with the
 * verifier after every step.  A verifier violation, a leak at teardown or
 * a sanitizer report is a finding (abort).
 *
 * External tools (lsmem) are skipped, and machines are kept small (at most
 * 4 GiB of RAM and 64 GiB of maxmem; 256 MiB when the input names none) so
 * that an execution stays fast (an offline that makes no progress ends at
 * once, as in every run).  The build (tests/fuzz/run.sh) is -O1 with
 * comparison tracing only where input is parsed.
 *
 * Boot once, fork per input.  A machine is booted once per configuration
 * (its options and kernel command line) and kept, never changed, in this
 * process (a few, the least recently used evicted); each input runs in a
 * child forked from it: its steps, the verifier after each, the teardown
 * and its leak count, then the child's edge counters are handed back
 * (libFuzzer's inline 8-bit counters, copied through shared memory into
 * this process's, where libFuzzer reads them after the callback), and the
 * child leaves with _exit.  A finding in the child (a failed check, an
 * abort, a sanitizer report) makes the parent abort too, so that libFuzzer
 * keeps the input.  Booting was a quarter of an execution; the fork
 * replaces it, and the machine's state cannot leak from one input into the
 * next.  Comparison tracing in the child is lost (its tables are the
 * child's), edge coverage is kept.  The machine model has no threads
 * outside the FUSE mount, which fuzzing never starts, so a fork copies all
 * of it.  A gcc build without coverage (the replay main, CTest) forks the
 * same way and copies nothing.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
#include "sancov_counters.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Is the size after every "key" in options at most max?  Bare numbers are
 * in unit (QEMU's -m takes MiB).  An unparsable size is "too big".
 */
static int sizes_at_most(const char *options, const char *key, uint64_t unit, uint64_t max)
{
	const char *p = options;
	uint64_t v;

	while ((p = strstr(p, key))) {
		char num[32];
		size_t n;

		p += strlen(key);
		n = strcspn(p, ", ");
		if (n >= sizeof(num))
			return 0;
		memcpy(num, p, n);
		num[n] = '\0';
		if (!strchr(num, '=') && (qemu_parse_size(num, unit, &v) || v > max))
			return 0;
	}
	return 1;
}

/* Are the machine's sizes small enough for a fuzzing execution? */
static int machine_is_small(const char *options)
{
	return sizes_at_most(options, "size=", 1, 4ULL << 30) &&
	       sizes_at_most(options, "-m ", 1ULL << 20, 4ULL << 30) &&
	       sizes_at_most(options, "maxmem=", 1ULL << 20, 64ULL << 30);
}

/* A booted machine, kept for the inputs of its configuration. */
struct booted {
	char *key;			/* options "\n" cmdline */
	char *options, *cmdline;
	struct scenario scn;		/* machine and cmdline only, no steps */
	struct scenario_exec x;
	int ret;			/* scenario_begin's: 2 for a machine that cannot boot */
	unsigned long last_use;
};

#define NR_BOOTED	32

static struct booted booted[NR_BOOTED];
static unsigned long use_clock;
static uint8_t *shared_counters;	/* the child's counters, handed back */

static size_t nr_counters(void)
{
	uint8_t *start;

	return sancov_counters(&start);
}

static uint8_t *counters(void)
{
	uint8_t *start;

	return sancov_counters(&start) ? start : NULL;
}

/* dst = src, counters to counters (nothing without them) */
static void copy_counters(uint8_t *dst, const uint8_t *src)
{
	if (nr_counters())
		memcpy(dst, src, nr_counters());
}

static void booted_free(struct booted *b)
{
	if (b->key && !b->ret && scenario_end(&b->x)) {
		fprintf(stderr, "fuzz_scenario: finding: a kept machine leaked at teardown\n");
		abort();
	}
	free(b->key);
	free(b->options);
	free(b->cmdline);
	memset(b, 0, sizeof(*b));
}

/*
 * The booted machine of scn's configuration: booted now if no kept one
 * has it (the least recently used kept one is torn down for it).  NULL if
 * out of memory.
 */
static struct booted *boot(const struct scenario *scn)
{
	const char *cmdline = scn->cmdline ? scn->cmdline : "";
	size_t klen = strlen(scn->machine) + strlen(cmdline) + 2;
	struct booted *b, *lru = &booted[0];
	struct hm_buf err;
	char *key;
	int i;

	key = malloc(klen);
	if (!key)
		return NULL;
	snprintf(key, klen, "%s\n%s", scn->machine, cmdline);
	for (i = 0; i < NR_BOOTED; i++) {
		b = &booted[i];
		if (b->key && !strcmp(b->key, key)) {
			free(key);
			b->last_use = ++use_clock;
			return b;
		}
		if (!b->key || (lru->key && b->last_use < lru->last_use))
			lru = b;
	}
	b = lru;
	booted_free(b);
	b->key = key;
	b->options = strdup(scn->machine);
	b->cmdline = scn->cmdline ? strdup(scn->cmdline) : NULL;
	if (!b->options || (scn->cmdline && !b->cmdline)) {
		free(b->options);
		free(b->cmdline);
		free(key);
		memset(b, 0, sizeof(*b));
		return NULL;
	}
	b->scn.path = scn->path;
	b->scn.machine = b->options;
	b->scn.machine_line = scn->machine_line;
	b->scn.cmdline = b->cmdline;
	hm_buf_init(&err);
	b->ret = scenario_begin(&b->scn, &b->x, &err);
	hm_buf_free(&err);
	b->last_use = ++use_clock;
	return b;
}

/* In the child: the input's steps on the booted machine, as scenario_run runs them. */
static void run_child(struct booted *b, const struct scenario *scn)
{
	struct scenario_exec x = b->x;
	struct hm_buf ans, err;
	unsigned long leaks;
	unsigned int i;
	int bad = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* a timeout kills the parent: this too */
	x.scn = scn;
	x.no_tools = true;
	hm_buf_init(&ans);
	hm_buf_init(&err);
	for (i = 0; i < scn->nr_steps && !bad; i++) {
		const struct scenario_step *st = &scn->steps[i];
		int rc;

		scenario_sync_before(&x, i);
		hm_buf_reset(&ans);
		rc = scenario_step(&x, i, &ans);
		if (rc == 1)
			continue;
		if (rc == 2 || machine_verify(x.m, &err)) {
			if (rc == 2)
				hm_buf_append(&err, hm_buf_str(&ans), ans.len);
			hm_buf_printf(&err, "after %s:%u (%s)\n", scn->path, st->line, st->rest);
			bad = 1;
		}
	}
	leaks = scenario_end(&x);
	if (leaks) {
		hm_buf_printf(&err, "%lu kernel-model allocations leaked at teardown\n", leaks);
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, "fuzz_scenario: finding:\n%s\n", hm_buf_str(&err));
		abort();
	}
	if (shared_counters)
		copy_counters(shared_counters, counters());
	_exit(0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario scn;
	struct booted *b;
	struct hm_buf err;
	int status;
	char *text;
	pid_t pid;

	if (size > 8192)
		return 0;
	if (!shared_counters && nr_counters()) {
		shared_counters = mmap(NULL, nr_counters(), PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared_counters == MAP_FAILED)
			abort();
	}
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	hm_buf_init(&err);
	if (scenario_parse(&scn, "fuzz.scn", text, &err)) {
		free(text);
		hm_buf_free(&err);
		return 0;
	}
	free(text);
	hm_buf_free(&err);
	/* without a machine line, a small one: boots several times faster */
	if (!scn.machine_line)
		scn.machine = "-m 256M,slots=4,maxmem=4G -smp 1";
	if (!machine_is_small(scn.machine) || scn.nr_steps > 200) {
		scenario_free(&scn);
		return 0;
	}
	b = boot(&scn);
	if (!b || b->ret) {	/* out of memory, or a machine that cannot be built */
		scenario_free(&scn);
		return 0;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fuzz_scenario: fork");
		abort();
	}
	if (!pid)
		run_child(b, &scn);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("fuzz_scenario: waitpid");
			abort();
		}
	scenario_free(&scn);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "fuzz_scenario: the input's child %s %d\n",
			WIFSIGNALED(status) ? "died of signal" : "exited",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		abort();
	}
	if (shared_counters)
		copy_counters(counters(), shared_counters);
	return 0;
}
