// SPDX-License-Identifier: GPL-2.0
/*
 * hotmem - the command line: a thin layer over the library's public API
 * (include/hotmem.h, nothing else).
 *
 *   hotmem run [-v] [--verify] [--json] FILE.scn|-
 *                                       run a scenario, print its transcript
 *   hotmem export [--force] DIR [FILE.scn]
 *                                       write the machine's sysfs/procfs tree
 *   hotmem mount [--control SOCK] DIR [FILE.scn]
 *                                       a live tree (FUSE) and a control socket
 *   hotmem ctl SOCK STEP...             send scenario steps to a mounted emulator
 *   hotmem exec DIR -- COMMAND [ARG...] a host command on the machine mounted at DIR
 *
 * Exit status (hotmem(1)): 0 done; 1 the run failed (the verifier found a
 * violation, the model leaked, a ctl step answered an error, the tree
 * could not be written or served); 2 bad usage, a scenario that cannot be
 * read or parsed, or bad machine options (nothing run).
 */
#define _GNU_SOURCE	/* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <hotmem.h>

#ifndef HOTMEM_VERSION
#define HOTMEM_VERSION "unknown"
#endif

enum { EXIT_RUN_FAILED = 1, EXIT_USAGE = 2 };

/*
 * The exit status of a run (hm_scenario_run, hm_scenario_map): 0; 1 the
 * run failed (the verifier, a leak, the export) or, strict, a step
 * answered an error; 2 the machine could not be built (bad options:
 * nothing ran).
 */
static int run_status(int ret)
{
	if (!ret)
		return 0;
	return ret > 0 || ret == -EUCLEAN || ret == -EIO ? EXIT_RUN_FAILED : EXIT_USAGE;
}

struct command {
	const char *name;
	const char *synopsis;
	const char *help;	/* the options, one a line */
	int (*fn)(int argc, char **argv);
};

static const struct command *find_command(const char *name);

static void print_usage(FILE *f)
{
	fprintf(f, "usage: hotmem run [-v] [--verify] [--json] [--strict] FILE.scn|-\n"
		   "       hotmem export [--force] DIR [FILE.scn|-]\n"
		   "       hotmem mount [--control SOCKET] DIR [FILE.scn|-]\n"
		   "       hotmem map [--html] [-o FILE] [FILE.scn|-]\n"
		   "       hotmem ctl SOCKET STEP...\n"
		   "       hotmem exec [--quiet] DIR -- COMMAND [ARG...]\n"
		   "       hotmem help [COMMAND|steps] | --help | --version\n");
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "hotmem%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'hotmem %s%s--help' for more information.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

static int command_help(const struct command *c)
{
	printf("usage: hotmem %s %s\n\n%s", c->name, c->synopsis, c->help);
	printf("\nExit status: 0 done, 1 the run failed, 2 bad usage or input.\n"
	       "See hotmem(1) and hotmem.scn(5).\n");
	return 0;
}

/*
 * getopt_long over a command's arguments (options anywhere, GNU style; ctl stops at its first step).
 * Returns the option, -1 at the end, or '?' after printing the error.
 */
static int next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
		    const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == '?')
		fprintf(stderr, "Try 'hotmem %s --help' for more information.\n", cmd);
	return c;
}

/* Prints a message of the library (and frees it). */
static void print_error(char *err)
{
	size_t n = err ? strlen(err) : 0;

	if (n)
		fprintf(stderr, "hotmem: %s%s", err, err[n - 1] == '\n' ? "" : "\n");
	free(err);
}

/*
 * Loads a scenario (path NULL: the default machine), printing why it
 * cannot be: 0 or EXIT_USAGE.
 */
static int load(hm_scenario **scn, const char *path)
{
	char *err = NULL;
	int ret = hm_scenario_load(scn, path, &err);

	if (ret)
		print_error(err);
	return ret ? EXIT_USAGE : 0;
}

/* ------------------------------------------------------------------ run */

static int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verify", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "strict", no_argument, NULL, 's' },
		{ "real-tools", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hm_run_options opts = { 0 };
	hm_scenario *scn;
	char *err = NULL;
	int c, ret;

	while ((c = next_opt("run", argc, argv, "vh", longopts)) != -1) {
		switch (c) {
		case 'c':
			opts.flags |= HM_SCENARIO_VERIFY;
			break;
		case 'j':
			opts.flags |= HM_SCENARIO_JSON;
			break;
		case 'v':
			opts.klog = stderr;
			break;
		case 's':
			opts.flags |= HM_SCENARIO_STRICT;
			break;
		case 'r':	/* --real-tools: what every run does now, still accepted */
			opts.flags |= HM_SCENARIO_REAL_TOOLS;
			break;
		case 'h':
			return command_help(find_command("run"));
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("run", "%s", "missing scenario file (FILE.scn, or - for stdin)");
	if (argc - optind > 1)
		return usage_error("run", "unexpected argument '%s'", argv[optind + 1]);
	ret = load(&scn, argv[optind]);
	if (ret)
		return ret;
	ret = hm_scenario_run(scn, &opts, stdout, &err);
	if (ret > 0) {
		/* one "FILE:LINE: STEP" line each */
		fprintf(stderr, "hotmem: run --strict: %d step%s answered an error:\n%s", ret,
			ret == 1 ? "" : "s", err ? err : "");
		free(err);
	} else if (ret) {
		print_error(err);
	}
	hm_scenario_free(scn);
	return run_status(ret);
}

/* --------------------------------------------------------------- export */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes a tree without following symlinks: 0 or -errno. */
static int rmtree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
}

/* The process's umask (umask() can only be read by setting it). */
static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* Is dir an empty directory?  1 yes, 0 no (entries), -errno. */
static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 1;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			ret = 0;
			break;
		}
	closedir(d);
	return ret;
}

/*
 * The path an output is written at: trailing slashes dropped ("/" stays),
 * and a symlink followed to what it names, so that the link stays and its
 * target is replaced.  0, or -ENAMETOOLONG.
 */
static int output_path(const char *path, char *out, size_t size)
{
	char target[PATH_MAX];
	struct stat st;
	size_t len;

	if (snprintf(out, size, "%s", path) >= (int)size)
		return -ENAMETOOLONG;
	len = strlen(out);
	while (len > 1 && out[len - 1] == '/')
		out[--len] = '\0';
	if (!lstat(out, &st) && S_ISLNK(st.st_mode) && realpath(out, target)) {
		if (snprintf(out, size, "%s", target) >= (int)size)
			return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * Exports into a fresh directory beside DIR, then puts it in DIR's place:
 * DIR is never left half written, and nothing is left beside it.  A DIR
 * with entries is refused (-ENOTEMPTY) unless force, which replaces it
 * whole.  A symlink DIR keeps the link: its target is replaced.
 */
static int export_to(const char *path, bool force, const hm_scenario *scn)
{
	char tmp[PATH_MAX + 32], old[PATH_MAX + 32], dir[PATH_MAX];
	struct stat st;
	bool exists;
	int ret;

	if (output_path(path, dir, sizeof(dir))) {
		fprintf(stderr, "hotmem: export: %s: %s\n", path, strerror(ENAMETOOLONG));
		return EXIT_USAGE;
	}
	exists = !stat(dir, &st);
	if (exists && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hotmem: export: %s: %s\n", dir, strerror(ENOTDIR));
		return EXIT_USAGE;
	}
	if (exists && !force) {
		ret = dir_is_empty(dir);
		if (ret <= 0) {
			fprintf(stderr, "hotmem: export: %s: %s%s\n", dir, strerror(ret ? -ret : ENOTEMPTY),
				      ret ? "" : " (use --force to replace it)");
			return EXIT_USAGE;
		}
	}
	if (snprintf(tmp, sizeof(tmp), "%s.hotmem-XXXXXX", dir) >= (int)sizeof(tmp) ||
	    !mkdtemp(tmp)) {
		fprintf(stderr, "hotmem: export: cannot create a directory beside %s: %s\n", dir,
			      strerror(errno));
		return EXIT_RUN_FAILED;
	}
	if (scn) {
		struct hm_run_options opts = { .export_dir = tmp };
		FILE *null = fopen("/dev/null", "w");
		char *err = NULL;

		ret = null ? run_status(hm_scenario_run(scn, &opts, null, &err)) : EXIT_RUN_FAILED;
		if (ret)
			print_error(err);
		if (null)
			fclose(null);
	} else {
		hm_machine *m;
		char *err = NULL;

		ret = hm_machine_new(&m, NULL, NULL, &err) ? EXIT_USAGE : 0;
		if (ret)
			print_error(err);
		if (!ret) {
			ret = hm_sysfs_export(hm_machine_system(m), tmp);
			if (ret)
				fprintf(stderr, "hotmem: export: %s: %s\n", dir, strerror(-ret));
			ret = ret ? EXIT_RUN_FAILED : 0;
			hm_machine_free(m);
		}
	}
	if (ret)
		goto out_rm;
	if (exists) {
		snprintf(old, sizeof(old), "%s.hotmem-old-XXXXXX", dir);
		if (!mkdtemp(old)) {
			fprintf(stderr, "hotmem: export: cannot replace %s: %s\n", dir, strerror(errno));
			ret = EXIT_RUN_FAILED;
			goto out_rm;
		}
		if (rename(dir, old)) {
			fprintf(stderr, "hotmem: export: cannot replace %s: %s\n", dir, strerror(errno));
			rmdir(old);
			ret = EXIT_RUN_FAILED;
			goto out_rm;
		}
	}
	if (rename(tmp, dir)) {
		fprintf(stderr, "hotmem: export: %s: %s\n", dir, strerror(errno));
		if (exists)
			rename(old, dir);	/* put the old tree back */
		ret = EXIT_RUN_FAILED;
		goto out_rm;
	}
	if (exists && rmtree(old))
		fprintf(stderr, "hotmem: export: cannot remove the old tree %s: %s\n", old,
			strerror(errno));
	return 0;
out_rm:
	rmtree(tmp);
	return ret;
}

static int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	hm_scenario *scn = NULL;
	bool force = false;
	int c, ret;

	while ((c = next_opt("export", argc, argv, "fh", longopts)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			return command_help(find_command("export"));
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("export", "%s", "missing directory (DIR)");
	if (argc - optind > 2)
		return usage_error("export", "unexpected argument '%s'", argv[optind + 2]);
	if (argc - optind == 2) {
		ret = load(&scn, argv[optind + 1]);
		if (ret)
			return ret;
	}
	ret = export_to(argv[optind], force, scn);
	hm_scenario_free(scn);
	return ret;
}

/* ---------------------------------------------------------------- mount */

static int cmd_mount(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "control", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir, *control = NULL;
	hm_session *s;
	hm_scenario *scn;
	char sock[4096], *err = NULL;
	int c, ret;

	while ((c = next_opt("mount", argc, argv, "c:h", longopts)) != -1) {
		switch (c) {
		case 'c':
			control = optarg;
			break;
		case 'h':
			return command_help(find_command("mount"));
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("mount", "%s", "missing mount point (DIR)");
	if (argc - optind > 2)
		return usage_error("mount", "unexpected argument '%s'", argv[optind + 2]);
	dir = argv[optind];
	if (!control) {
		snprintf(sock, sizeof(sock), "%s.sock", dir);
		control = sock;
	}
	ret = load(&scn, argc - optind == 2 ? argv[optind + 1] : NULL);
	if (ret)
		return ret;
	ret = hm_session_start(&s, scn, dir, control, &err);
	if (ret) {
		print_error(err);
		hm_scenario_free(scn);
		return ret == -EINVAL ? EXIT_USAGE : EXIT_RUN_FAILED;
	}
	fprintf(stderr, "hotmem: serving %s, control socket %s\n", dir, control);
	ret = hm_session_serve(s);
	hm_session_stop(s);
	hm_scenario_free(scn);
	return ret ? EXIT_RUN_FAILED : 0;
}

/* ------------------------------------------------------------------ ctl */

static int cmd_ctl(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = next_opt("ctl", argc, argv, "+h", longopts)) != -1) {
		if (c == 'h')
			return command_help(find_command("ctl"));
		return EXIT_USAGE;
	}
	if (optind == argc)
		return usage_error("ctl", "%s", "missing control socket (SOCKET)");
	if (argc - optind < 2)
		return usage_error("ctl", "%s", "missing steps (STEP...)");
	ret = hm_session_client(argv[optind], argv + optind + 1, argc - optind - 1, stdout);
	if (ret < 0) {
		fprintf(stderr, "hotmem: ctl: %s: %s\n", argv[optind], strerror(-ret));
		return EXIT_RUN_FAILED;
	}
	if (ret)
		fprintf(stderr, "hotmem: ctl: %d step%s failed\n", ret, ret == 1 ? "" : "s");
	return ret ? EXIT_RUN_FAILED : 0;
}

/* ------------------------------------------------------------------ map */

static int cmd_map(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "html", no_argument, NULL, 'H' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	char dest[PATH_MAX], tmp[PATH_MAX + 16];
	hm_scenario *scn;
	bool html = false;
	FILE *out = stdout;
	char *err = NULL;
	int c, ret;

	while ((c = next_opt("map", argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'H':
			html = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			return command_help(find_command("map"));
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return usage_error("map", "unexpected argument '%s'", argv[optind + 1]);
	ret = load(&scn, optind < argc ? argv[optind] : NULL);
	if (ret)
		return ret;
	/* FILE is written beside under a temporary name, renamed over FILE on success */
	if (output) {
		int fd = -1;

		if (!output_path(output, dest, sizeof(dest)) &&
		    snprintf(tmp, sizeof(tmp), "%s.hotmem-XXXXXX", dest) < (int)sizeof(tmp))
			fd = mkstemp(tmp);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			fprintf(stderr, "hotmem: map: %s: %s\n", output, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			hm_scenario_free(scn);
			return EXIT_RUN_FAILED;
		}
		fchmod(fd, 0666 & ~current_umask());
	}
	ret = run_status(hm_scenario_map(scn, html, out, &err));
	if (ret)
		print_error(err);
	if (output && fclose(out) && !ret) {
		fprintf(stderr, "hotmem: map: %s: %s\n", output, strerror(errno));
		ret = EXIT_RUN_FAILED;
	}
	if (output && !ret && rename(tmp, dest)) {
		fprintf(stderr, "hotmem: map: %s: %s\n", output, strerror(errno));
		ret = EXIT_RUN_FAILED;
	}
	if (output && ret)
		unlink(tmp);
	hm_scenario_free(scn);
	return ret;
}

/* ----------------------------------------------------------------- main */

/* ----------------------------------------------------------------- exec */

static int cmd_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int flags = 0;
	char path[PATH_MAX];
	const char *dir;
	struct stat st;
	int c, ret, status;

	/* "+": options end at DIR; the command's own options are its own */
	while ((c = next_opt("exec", argc, argv, "+qh", longopts)) != -1) {
		switch (c) {
		case 'q':
			flags |= HM_EXEC_QUIET;
			break;
		case 'h':
			return command_help(find_command("exec"));
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("exec", "%s", "missing the mounted tree (DIR)");
	dir = argv[optind++];
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind == argc)
		return usage_error("exec", "%s", "missing the command (DIR -- COMMAND [ARG...])");
	snprintf(path, sizeof(path), "%s/sys", dir);
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hotmem exec: %s is not a hotmem tree (no %s; start one with "
			"'hotmem mount %s')\n", dir, path, dir);
		return EXIT_USAGE;
	}
	fflush(NULL);
	ret = hm_exec(dir, argv + optind, flags, &status);
	if (ret) {
		fprintf(stderr, "hotmem exec: cannot run %s: %s\n", argv[optind], strerror(-ret));
		return EXIT_RUN_FAILED;
	}
	return status;
}

static const struct command commands[] = {
	{ "run", "[-v] [--verify] [--json] [--strict] FILE.scn|-",
	  "Runs a scenario (FILE.scn, or - for standard input) on an emulated machine and\n"
	  "prints its transcript, as tests/conformance/FORMAT.md describes it.\n\n"
	  "  -v, --verbose  the kernel log on standard error as it is written\n"
	  "      --verify   run the invariant checker after every step (exit 1 on a violation)\n"
	  "      --json     print the transcript as one JSON document\n"
	  "      --strict   exit 1 if a step answered an error (a write's errno, a QMP\n"
	  "                 error, a tool's non-zero rc), naming the steps on standard error\n"
	  "  -h, --help     this help\n",
	  cmd_run },
	{ "export", "[--force] DIR [FILE.scn|-]",
	  "Writes the sysfs and procfs tree of the default machine, or of the machine at\n"
	  "the end of FILE.scn, into DIR (created if missing).  A DIR with entries is\n"
	  "refused; --force replaces it whole.  DIR is never left half written.\n\n"
	  "  -f, --force    replace a DIR that has entries\n"
	  "  -h, --help     this help\n",
	  cmd_export },
	{ "mount", "[--control SOCKET] DIR [FILE.scn|-]",
	  "Runs FILE.scn (or boots the default machine), mounts its live sysfs/procfs\n"
	  "tree at DIR with FUSE and takes scenario steps on a control socket (default\n"
	  "DIR.sock) until 'quit', SIGINT or SIGTERM.\n\n"
	  "  -c, --control SOCKET  the control socket's path\n"
	  "  -h, --help            this help\n",
	  cmd_mount },
	{ "map", "[--html] [-o FILE] [FILE.scn|-]",
	  "Draws the physical address space as SVG: memory blocks by state and zone, their\n"
	  "nodes, holes, the device-memory region, ZONE_DEVICE memory, DIMMs, NVDIMMs and\n"
	  "virtio-mem devices (the sub-blocks not plugged faded), addresses as lsmem writes\n"
	  "them; of the default machine, or of the machine at the end of FILE.scn.  --html\n"
	  "writes a page that steps through the state at each dump step of FILE.scn (arrow\n"
	  "keys too).\n\n"
	  "  -o, --output FILE  write to FILE instead of standard output\n"
	  "      --html         an HTML page of every dump, not one SVG\n"
	  "  -h, --help         this help\n",
	  cmd_map },
	{ "ctl", "SOCKET STEP...",
	  "Sends scenario steps, one an argument, to a mounted emulator and prints their\n"
	  "answers as the transcript would.  Exits 1 if a step answered an error.\n\n"
	  "  -h, --help     this help\n",
	  cmd_ctl },
	{ "exec", "[--quiet] DIR -- COMMAND [ARG...]",
	  "Runs COMMAND (found in PATH, never through a shell) in a private mount\n"
	  "namespace where the machine mounted at DIR ('hotmem mount DIR') is what the\n"
	  "kernel would show: DIR/sys over /sys, DIR/proc's files over /proc's, its\n"
	  "character devices in /dev, and /lib/modules/$(uname -r) with its\n"
	  "drivers built in.  Needs root or an unprivileged user namespace.  Exits with\n"
	  "the command's status (128 + N if signal N killed it; 127 if it could not run).\n\n"
	  "  -q, --quiet    no notes on what the namespace leaves out\n"
	  "  -h, --help     this help\n",
	  cmd_exec },
};

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int general_help(void)
{
	print_usage(stdout);
	printf("\nThe Linux memory-hotplug subsystem on emulated QEMU machines.\n\n"
	       "Commands:\n"
	       "  run      run a scenario and print its transcript\n"
	       "  export   write a machine's sysfs/procfs tree into a directory\n"
	       "  mount    a live machine: FUSE sysfs/procfs and a control socket\n"
	       "  ctl      send scenario steps to a live machine\n"
	       "  map      draw the physical address space (SVG, or HTML of every dump)\n\n"
	       "'hotmem COMMAND --help' describes a command.  Exit status: 0 done, 1 the\n"
	       "run failed, 2 bad usage or input.  See hotmem(1) and hotmem.scn(5).\n");
	return 0;
}

/*
 * hotmem help steps: the step table, one verb a line: its name, its flags
 * (sync: the guest catches up first; emu: hotmem's own, the real kernel
 * cannot run it; ctl: allowed on a mount's control socket), its arguments
 * and what it answers.
 */
static int steps_help(void)
{
	struct hm_step_info st;
	unsigned int i;

	printf("Scenario steps (hotmem.scn(5)), one a line: VERB ARGS.\n\n");
	for (i = 0; !hm_scenario_step(i, &st); i++) {
		char flags[32];

		snprintf(flags, sizeof(flags), "%s%s%s", st.flags & HM_STEP_SYNC ? " sync" : "",
			 st.flags & HM_STEP_EMULATOR_ONLY ? " emu" : "",
			 st.flags & HM_STEP_CONTROL ? " ctl" : "");
		printf("  %-8s %-42s [%s]\n           %s\n", st.name, st.synopsis,
		       flags + (flags[0] == ' '), st.summary);
	}
	printf("\nsync: the guest handles pending events first; emu: hotmem's own (the real\n"
	       "kernel cannot run it); ctl: allowed on the control socket of hotmem mount.\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return general_help();
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("hotmem %s\n", HOTMEM_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3)
			return general_help();
		if (!strcmp(argv[2], "steps"))
			return steps_help();
		c = find_command(argv[2]);
		if (!c)
			return usage_error(NULL, "unknown command '%s'", argv[2]);
		return command_help(c);
	}
	if (argv[1][0] == '-')
		return usage_error(NULL, "unrecognized option '%s'", argv[1]);
	c = find_command(argv[1]);
	if (!c)
		return usage_error(NULL, "unknown command '%s'", argv[1]);
	/* getopt_long over the command's own arguments; its messages name "hotmem CMD" */
	{
		char prog[32];

		snprintf(prog, sizeof(prog), "hotmem %s", c->name);
		argv[1] = prog;
		optind = 1;
		return c->fn(argc - 1, argv + 1);
	}
}
