// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_scenario - libFuzzer target over operation sequences: the input is a
 * scenario (the same parser and runner as `hotmem run`).  A verifier
 * violation, a leak at teardown or a sanitizer report is a finding (abort).
 *
 * The machine of each configuration (machine options and cmdline) is booted
 * once and each input runs on a fork() of it (boot_cache.c), with the
 * verifier after its last step.  HOTMEM_FUZZ_MODE selects:
 *   end   (the default) a fork per input, the verifier after the last step;
 *   step  a fork per input, the verifier after every step and the machine
 *         torn down at the end with the leak check;
 *   boot  the old harness: every input boots its own machine in process,
 *         with the verifier after every step and the leak check.
 *
 * External tools (lsmem) are skipped, and machines are kept small (at most
 * 4 GiB of RAM and 64 GiB of maxmem; 256 MiB when the input names none) so
 * that an execution stays fast (an offline that makes no progress ends at
 * once, as in every run).  The build (tests/fuzz/run.sh) is -O1 with
 * comparison tracing only where input is parsed, which happens in the
 * parent.  At load average 12-15 on the 2-core machine: about 200
 * executions per wall-clock second, 400 per CPU-second (the booting mode:
 * 150 and 340), 40% of it the kernel's fork and copy-on-write.
 */
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot_cache.h"
#include "hotmem/machine.h"
#include "hotmem/scenario.h"

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

enum fuzz_mode { MODE_END, MODE_STEP, MODE_BOOT };

static enum fuzz_mode fuzz_mode(void)
{
	static int mode = -1;

	if (mode < 0) {
		const char *s = getenv("HOTMEM_FUZZ_MODE");

		mode = !s || !*s || !strcmp(s, "end") ? MODE_END :
		       !strcmp(s, "step") ? MODE_STEP :
		       !strcmp(s, "boot") ? MODE_BOOT : -2;
		if (mode == -2) {
			fprintf(stderr, "fuzz_scenario: HOTMEM_FUZZ_MODE is end, step or boot\n");
			exit(2);
		}
	}
	return mode;
}

static struct boot_cache cache;

/* At exit, the server destroys its machines: a leak there is a finding. */
static void stop_cache(void)
{
	if (boot_cache_stop(&cache) == -EUCLEAN)
		abort();
}

static void start_cache(void)
{
	if (boot_cache_start(&cache)) {
		fprintf(stderr, "fuzz_scenario: cannot start the boot cache\n");
		exit(2);
	}
	atexit(stop_cache);
}

/* libFuzzer calls it before it allocates its corpus: the server is forked small. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fuzz_mode() != MODE_BOOT)
		start_cache();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum fuzz_mode mode = fuzz_mode();
	struct scenario_options opts = { .verify = true, .no_tools = true };
	struct scenario scn;
	struct hm_buf err;
	char *text;
	FILE *null;
	int ret;

	if (size > 8192)
		return 0;
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
	/* without a machine line, a small one: boots several times faster */
	if (!scn.machine_line)
		scn.machine = "-m 256M,slots=4,maxmem=4G -smp 1";
	if (!machine_is_small(scn.machine) || scn.nr_steps > 200) {
		free(text);
		scenario_free(&scn);
		hm_buf_free(&err);
		return 0;
	}
	if (mode != MODE_BOOT) {
		if (!cache.server)
			start_cache();	/* the replay's main does not call LLVMFuzzerInitialize */
		ret = boot_cache_run(&cache, scn.machine, scn.cmdline, text, size,
				     mode == MODE_STEP ? BC_VERIFY_STEP | BC_TEARDOWN : 0, NULL);
		free(text);
		scenario_free(&scn);
		hm_buf_free(&err);
		if (ret == BC_FINDING || ret == BC_CRASHED || ret < 0) {
			fprintf(stderr, "fuzz_scenario: %s\n",
				ret == BC_FINDING ? "finding (the report above)" :
				ret == BC_CRASHED ? "the run crashed (the report above)" :
				"the boot cache's server is gone");
			abort();
		}
		return 0;
	}
	null = fopen("/dev/null", "w");
	ret = null ? scenario_run(&scn, &opts, null, &err) : 0;
	free(text);
	if (null)
		fclose(null);
	if (ret == -EUCLEAN) {
		fprintf(stderr, "fuzz_scenario: finding:\n%s\n", hm_buf_str(&err));
		abort();
	}
	scenario_free(&scn);
	hm_buf_free(&err);
	return 0;
}
