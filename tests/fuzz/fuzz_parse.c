// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_parse - libFuzzer target over the scenario parser: any input is
 * either a scenario or an error naming the file and a line; never a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario scn;
	struct hm_buf err;
	char *text = malloc(size + 1);
	unsigned int i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	hm_buf_init(&err);
	if (scenario_parse(&scn, "fuzz.scn", text, &err)) {
		/* an error names the file and a line */
		if (strncmp(hm_buf_str(&err), "fuzz.scn:", 9)) {
			fprintf(stderr, "fuzz_parse: error without a line: %s\n", hm_buf_str(&err));
			abort();
		}
	} else {
		for (i = 0; i < scn.nr_steps; i++)
			if (!scn.steps[i].rest || !scn.steps[i].line) {
				fprintf(stderr, "fuzz_parse: step %u without text or line\n", i);
				abort();
			}
		scenario_free(&scn);
	}
	hm_buf_free(&err);
	free(text);
	return 0;
}
