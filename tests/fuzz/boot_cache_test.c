// SPDX-License-Identifier: GPL-2.0
/*
 * boot_cache_test - the fuzzing harness's snapshot restores exactly: every
 * scenario given (files or directories of .scn), with steps appended that
 * show the whole state (dump, dmesg, uevents, events, verify), prints the
 * same transcript on a fork of a cached booted machine (boot_cache.c) as on
 * a machine booted for it alone (scenario_run).  The scenarios run twice
 * through the cache, the second time in reverse order, so that each fork
 * comes from a machine that earlier runs forked from too; the server's
 * machines must also tear down without a leak.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "boot_cache.h"
#include "hotmem/report.h"
#include "hotmem/scenario.h"

#define TAIL "\ndump\ndmesg\nuevents\nevents\nverify\n"

struct input {
	char *name;
	char *text;
	size_t len;
};

/* The file, with TAIL appended if @tail. */
static char *slurp(const char *path, size_t *len, bool tail)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + sizeof(TAIL));
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	memcpy(buf + n, tail ? TAIL : "", tail ? sizeof(TAIL) : 1);
	*len = (size_t)n + (tail ? sizeof(TAIL) - 1 : 0);
out:
	fclose(f);
	return buf;
}

static int add_input(struct input **in, size_t *nr, const char *path)
{
	struct input *grown = realloc(*in, (*nr + 1) * sizeof(**in));
	struct input *i;

	if (!grown)
		return -ENOMEM;
	*in = grown;
	i = &grown[*nr];
	i->name = strdup(path);
	i->text = slurp(path, &i->len, true);
	if (!i->name || !i->text) {
		free(i->name);
		free(i->text);
		fprintf(stderr, "%s: cannot read it\n", path);
		return -EIO;
	}
	(*nr)++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(struct input **in, size_t *nr, const char *path)
{
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *d;
	DIR *dir = opendir(path);
	int ret = 0;

	if (!dir)
		return add_input(in, nr, path);
	while ((d = readdir(dir))) {
		size_t l = strlen(d->d_name);
		char **grown;

		if (l < 5 || strcmp(d->d_name + l - 4, ".scn"))
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown || asprintf(&grown[n], "%s/%s", path, d->d_name) < 0) {
			names = grown ? grown : names;
			ret = -ENOMEM;
			break;
		}
		names = grown;
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = add_input(in, nr, names[i]);
		free(names[i]);
	}
	free(names);
	return ret;
}

/* The transcript of a machine booted for @in alone; NULL if it does not run. */
static char *fresh(const struct input *in, const char *tmp, struct scenario *scn)
{
	struct scenario_options opts = { .verify_end = true, .no_tools = true };
	struct hm_buf err;
	size_t len;
	FILE *out = fopen(tmp, "w");
	int ret;

	if (!out)
		return NULL;
	hm_buf_init(&err);
	ret = scenario_run(scn, &opts, out, &err);
	fclose(out);
	if (ret) {
		fprintf(stderr, "%s: does not run (%d): %s\n", in->name, ret, hm_buf_str(&err));
		hm_buf_free(&err);
		return NULL;
	}
	hm_buf_free(&err);
	return slurp(tmp, &len, false);
}

int main(int argc, char **argv)
{
	char tmp_a[] = "/tmp/boot_cache_test_a.XXXXXX", tmp_b[] = "/tmp/boot_cache_test_b.XXXXXX";
	struct input *in = NULL;
	size_t nr = 0, i, k, ran = 0;
	struct boot_cache c;
	char **want;
	int failed = 0, fd, ret;

	for (i = 1; i < (size_t)argc; i++)
		if (add_path(&in, &nr, argv[i]))
			return 1;
	want = calloc(nr ? nr : 1, sizeof(*want));
	fd = mkstemp(tmp_a);
	if (fd >= 0)
		close(fd);
	if (fd < 0 || (fd = mkstemp(tmp_b)) < 0 || !want)
		return 1;
	close(fd);
	/* each input on a machine of its own */
	for (i = 0; i < nr; i++) {
		struct scenario scn;
		struct hm_buf err;

		hm_buf_init(&err);
		if (scenario_parse(&scn, in[i].name, in[i].text, &err)) {
			fprintf(stderr, "%s\n", hm_buf_str(&err));
			hm_buf_free(&err);
			failed = 1;
			continue;
		}
		hm_buf_free(&err);
		want[i] = fresh(&in[i], tmp_a, &scn);
		scenario_free(&scn);
		if (!want[i])
			failed = 1;
	}
	if (boot_cache_start(&c)) {
		fprintf(stderr, "cannot start the boot cache\n");
		return 1;
	}
	/* the same on forks of cached machines: forward, then backward */
	for (k = 0; k < 2 * nr; k++) {
		size_t idx = k < nr ? k : 2 * nr - 1 - k;
		struct scenario scn;
		struct hm_buf err;
		size_t len;
		char *got;

		if (!want[idx])
			continue;
		hm_buf_init(&err);
		ret = scenario_parse(&scn, in[idx].name, in[idx].text, &err);
		hm_buf_free(&err);
		if (ret)
			continue;
		ret = boot_cache_run(&c, scn.machine, scn.cmdline, in[idx].text, in[idx].len,
				     k < nr ? 0 : BC_VERIFY_STEP | BC_TEARDOWN, tmp_b);
		scenario_free(&scn);
		got = ret == BC_OK ? slurp(tmp_b, &len, false) : NULL;
		if (ret != BC_OK)
			fprintf(stderr, "%s: the forked run answered %d\n", in[idx].name, ret);
		else if (!got || strcmp(got, want[idx])) {
			fprintf(stderr, "%s: the forked run's transcript differs (pass %zu): "
				"diff %s %s\n", in[idx].name, k / nr + 1, tmp_a, tmp_b);
			if (got) {	/* keep both for the diff */
				FILE *f = fopen(tmp_a, "w");

				if (f) {
					fputs(want[idx], f);
					fclose(f);
				}
			}
			free(got);
			failed = 1;
			break;
		}
		free(got);
		ran++;
	}
	ret = boot_cache_stop(&c);
	if (ret) {
		fprintf(stderr, "the server's machines: %s\n",
			ret == -EUCLEAN ? "leaked at teardown" : "the server died");
		failed = 1;
	}
	printf("boot_cache_test: %zu scenarios, %zu forked runs identical to fresh boots%s\n",
	       nr, ran, failed ? ", FAILED" : "");
	if (!failed) {
		unlink(tmp_a);
		unlink(tmp_b);
	}
	for (i = 0; i < nr; i++) {
		free(in[i].name);
		free(in[i].text);
		free(want[i]);
	}
	free(want);
	free(in);
	return failed;
}
