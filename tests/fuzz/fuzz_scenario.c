// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_scenario - libFuzzer target over operation sequences: the input is a
 * scenario (the same parser and runner as `hotmem run`), run on a fresh
 * machine with the verifier after every step.  A verifier violation, a
 * leak at teardown or a sanitizer report is a finding (abort).
 *
 * External tools (lsmem) are skipped, and machines are kept small (at most
 * 4 GiB of RAM and 64 GiB of maxmem; 256 MiB when the input names none) so
 * that an execution stays fast (an offline that makes no progress ends at
 * once, as in every run).  The build
 * (tests/fuzz/run.sh) is -O1 with comparison tracing only where input is
 * parsed: about 220 executions per CPU-second on the development machine,
 * half of it the verifier after every step, a quarter the boot.
 */
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	free(text);
	/* without a machine line, a small one: boots several times faster */
	if (!scn.machine_line)
		scn.machine = "-m 256M,slots=4,maxmem=4G -smp 1";
	if (!machine_is_small(scn.machine) || scn.nr_steps > 200) {
		scenario_free(&scn);
		hm_buf_free(&err);
		return 0;
	}
	null = fopen("/dev/null", "w");
	ret = null ? scenario_run(&scn, &opts, null, &err) : 0;
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
