// SPDX-License-Identifier: GPL-2.0
/*
 * hotmem - the command line: a thin layer over the library.
 *
 *   hotmem run [--verify] [--json] FILE.scn
 *                                       run a scenario, print its transcript
 *   hotmem export DIR [FILE.scn]        write the machine's sysfs/procfs tree
 *   hotmem mount DIR [--control SOCK] [FILE.scn]
 *                                       a live tree (FUSE) and a control socket
 *   hotmem ctl SOCK STEP...             send scenario steps to a mounted emulator
 *
 * Exit status: 0 done, 1 the verifier found a violation, 2 bad usage,
 * a bad scenario line or bad machine options (nothing run).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
#include "hotmem/session.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: hotmem run [--verify] [--json] FILE.scn\n"
		   "       hotmem export DIR [FILE.scn]\n"
		   "       hotmem mount DIR [--control SOCKET] [FILE.scn]\n"
		   "       hotmem ctl SOCKET STEP...\n");
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
		else if (!strcmp(argv[i], "--json"))
			opts.json = true;
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

static int cmd_mount(int argc, char **argv)
{
	const char *dir = NULL, *control = NULL, *file = NULL;
	struct hm_session *s;
	struct scenario scn;
	struct hm_buf err;
	char sock[4096];
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--control") && i + 1 < argc)
			control = argv[++i];
		else if (argv[i][0] == '-')
			return usage(stderr);
		else if (!dir)
			dir = argv[i];
		else if (!file)
			file = argv[i];
		else
			return usage(stderr);
	}
	if (!dir)
		return usage(stderr);
	if (!control) {
		snprintf(sock, sizeof(sock), "%s.sock", dir);
		control = sock;
	}
	hm_buf_init(&err);
	if (file ? scenario_load(&scn, file, &err) :
		   scenario_parse(&scn, "(default machine)", "", &err)) {
		fprintf(stderr, "hotmem: %s\n", hm_buf_str(&err));
		hm_buf_free(&err);
		return 2;
	}
	ret = hm_session_start(&s, &scn, dir, control, &err);
	if (ret) {
		fprintf(stderr, "hotmem: %s\n", hm_buf_str(&err));
		scenario_free(&scn);
		hm_buf_free(&err);
		return ret == -EINVAL ? 2 : 1;
	}
	fprintf(stderr, "hotmem: serving %s, control socket %s\n", dir, control);
	ret = hm_session_serve(s);
	hm_session_stop(s);
	scenario_free(&scn);
	hm_buf_free(&err);
	return ret ? 1 : 0;
}

static int cmd_ctl(int argc, char **argv)
{
	int ret;

	if (argc < 2)
		return usage(stderr);
	ret = hm_session_client(argv[0], argv + 1, argc - 1, stdout);
	if (ret)
		fprintf(stderr, "hotmem: %s: %s\n", argv[0], strerror(-ret));
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(argv[1], "export"))
		return cmd_export(argc - 2, argv + 2);
	if (!strcmp(argv[1], "mount"))
		return cmd_mount(argc - 2, argv + 2);
	if (!strcmp(argv[1], "ctl"))
		return cmd_ctl(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	return usage(stderr);
}
