// SPDX-License-Identifier: GPL-2.0
/*
 * hotmem - the command line: a thin layer over the library.
 *
 *   hotmem run [--verify] FILE.scn      run a scenario, print its transcript
 *   hotmem export DIR [FILE.scn]        write the machine's sysfs/procfs tree
 *
 * Exit status: 0 done, 1 the verifier found a violation, 2 bad usage,
 * a bad scenario line or bad machine options (nothing run).
 */
#include <stdio.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: hotmem run [--verify] FILE.scn\n"
		   "       hotmem export DIR [FILE.scn]\n");
	return 2;
}

static int cmd_run(int argc, char **argv)
{
	struct scenario_options opts = { 0 };
	struct scenario scn;
	struct hm_buf err;
	const char *file = NULL;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--verify"))
			opts.verify = true;
		else if (argv[i][0] == '-' || file)
			return usage(stderr);
		else
			file = argv[i];
	}
	if (!file)
		return usage(stderr);
	hm_buf_init(&err);
	if (scenario_load(&scn, file, &err)) {
		fprintf(stderr, "hotmem: %s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 2;
	}
	ret = scenario_run(&scn, &opts, stdout, &err);
	if (ret)
		fprintf(stderr, "hotmem: %s%s", hm_buf_str(&err),
			err.len && err.data[err.len - 1] == '\n' ? "" : "\n");
	scenario_free(&scn);
	hm_buf_free(&err);
	return ret;
}

static int cmd_export(int argc, char **argv)
{
	struct scenario_options opts = { 0 };
	struct hm_machine *m;
	struct scenario scn;
	struct hm_buf err;
	FILE *null;
	int ret;

	if (argc < 1 || argc > 2)
		return usage(stderr);
	hm_buf_init(&err);
	if (argc == 2) {
		/* the machine at the end of the scenario */
		if (scenario_load(&scn, argv[1], &err)) {
			fprintf(stderr, "hotmem: %s\n", hm_buf_str(&err));
			return 2;
		}
		null = fopen("/dev/null", "w");
		opts.export_dir = argv[0];
		ret = null ? scenario_run(&scn, &opts, null, &err) : 2;
		if (null)
			fclose(null);
		scenario_free(&scn);
	} else {
		ret = machine_create(&m, DEFAULT_MACHINE, NULL, &err);
		if (!ret) {
			ret = sysfs_export(machine_system(m), argv[0]) ? 1 : 0;
			machine_destroy(m);
		} else {
			ret = 2;
		}
	}
	if (ret)
		fprintf(stderr, "hotmem: export failed %s\n", hm_buf_str(&err));
	hm_buf_free(&err);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(argv[1], "export"))
		return cmd_export(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	return usage(stderr);
}
