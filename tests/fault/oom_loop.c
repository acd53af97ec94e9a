// SPDX-License-Identifier: GPL-2.0
/*
 * oom_loop - the allocation-failure loop (SQLite's OOM loop, on hotplug).
 *
 * The parse of the file, then the boot (option parsing, the machine's
 * objects, the kernel's boot), then every step of a scenario, and
 * separately the guest's event handling before it (a DIMM's hot-add runs
 * there): fail allocation 1, 2, ... N until the unit completes without
 * reaching a failure point.  The machine's own objects (backends, devices,
 * scratch arrays), the parser's and the FUSE glue's come from the same
 * counted allocator as the kernel model's.  After each failure of a step:
 *  - the step answers the kernel's errno (ENOMEM) or succeeds because the
 *    kernel ignores that failure (auto-online after an add);
 *  - a failed step left the state exactly as before (the dump is compared);
 *  - the verifier is clean;
 *  - tearing the machine down leaves no kernel-model allocation live.
 *
 * HOTMEM_OOM_STRIDE=N fails allocation 1, 1+N, 1+2N, ... of each unit
 * instead (the sanitizer build samples the points: every one of them under
 * ASan would take most of the test run).
 *
 * usage: oom_loop SCENARIO.scn...    prints a line per scenario, exit 1 on a problem
 *        oom_loop --fuse DIR SCENARIO.scn
 *
 * --fuse: the FUSE glue of `hotmem mount` on the scenario's booted machine:
 * mounting at DIR (its server struct, its names), then opening, reading and
 * writing a file through the mount (the open file, the write's copy), then
 * unmounting, failing allocation 1, 2, ... N.  A failed mount answers
 * ENOMEM, a failed open or write ENOMEM to the reader, and every point
 * leaves the machine's allocations as they were (nothing leaked).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "hotmem/fuse_sysfs.h"
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"
#include "scenario/dump.h"

enum unit { UNIT_SYNC, UNIT_STEP };

struct totals {
	unsigned long points, rolled_back, absorbed, problems;
};

/*
 * Replays steps 0..k-1, then, for UNIT_SYNC, the first ev guest events
 * before step k; for UNIT_STEP all of them.
 */
static int replay(const struct scenario *scn, struct scenario_exec *x, unsigned int k,
		  enum unit unit, unsigned int ev)
{
	int e;

	struct hm_buf err, ans;
	unsigned int j;

	hm_buf_init(&err);
	hm_buf_init(&ans);
	if (scenario_begin(scn, x, &err)) {
		hm_buf_free(&err);
		return -1;
	}
	/*
	 * Debian's ndctl and daxctl are processes: run for every point of every
	 * replay they would take hours; their steps are skipped (chmem's run)
	 */
	x->no_nd_tools = true;
	for (j = 0; j < k; j++) {
		scenario_sync_before(x, j);
		hm_buf_reset(&ans);
		scenario_step(x, j, &ans);
	}
	if (unit == UNIT_STEP)
		scenario_sync_before(x, k);
	else
		while (ev-- && machine_guest_step(x->m, &e))
			;
	hm_buf_free(&ans);
	hm_buf_free(&err);
	return 0;
}

/* Does the runner let the guest handle events before step k? */
static bool step_may_sync(const struct scenario *scn, unsigned int k)
{
	return scn->steps[k].op->flags & STEP_F_SYNC;
}

static void problem(struct totals *t, const struct scenario *scn, unsigned int k,
		    enum unit unit, unsigned long i, const char *what, const char *detail)
{
	t->problems++;
	printf("PROBLEM %s:%u %s, failing allocation %lu: %s\n%s", scn->path,
	       scn->steps[k].line, unit == UNIT_SYNC ? "(guest events before it)" : "", i,
	       what, detail ? detail : "");
}

/*
 * Runs one unit (guest event ev before step k, or step k itself) with
 * allocation i failing; returns 0 when no failure point was reached.
 */
static int one_point(const struct scenario *scn, unsigned int k, enum unit unit,
		     unsigned int ev, unsigned long i, struct totals *t)
{
	int e;

	struct scenario_exec x;
	struct hm_buf before, after, ans, report;
	bool failed_step = false;
	unsigned long leaks;
	int rc = 0, reached = 0;

	if (replay(scn, &x, k, unit, ev))
		return 0;
	hm_buf_init(&before);
	hm_buf_init(&after);
	hm_buf_init(&ans);
	hm_buf_init(&report);
	dump_state(x.sys, &before);

	x.sys->alloc.nr_failed = 0;
	x.sys->alloc.fail_at = x.sys->alloc.nr_calls + i;
	if (unit == UNIT_SYNC) {
		if (!step_may_sync(scn, k) || !machine_guest_step(x.m, &e)) {
			scenario_end(&x);
			goto out;	/* no such event */
		}
		failed_step = e != 0;
	} else
		rc = scenario_step(&x, k, &ans);
	x.sys->alloc.fail_at = 0;

	if (!x.sys->alloc.nr_failed) {
		scenario_end(&x);
		goto out;	/* the unit makes fewer than i allocations */
	}
	t->points++;
	if (unit == UNIT_STEP && !strncmp(hm_buf_str(&ans), "error: ", 7)) {
		failed_step = true;
		if (strcmp(hm_buf_str(&ans), "error: ENOMEM\n"))
			problem(t, scn, k, unit, i, "answer is not ENOMEM", hm_buf_str(&ans));
	}
	/* a QMP command whose allocation failed (the machine's own objects) */
	if (unit == UNIT_STEP && !strcmp(hm_buf_str(&ans), "error GenericError: out of memory\n"))
		failed_step = true;
	if (rc == 2)
		problem(t, scn, k, unit, i, "the verify step failed", hm_buf_str(&ans));
	reached = 1;
	if (verify_system(x.sys, &report))
		problem(t, scn, k, unit, i, "verifier", hm_buf_str(&report));
	dump_state(x.sys, &after);
	if (failed_step) {
		t->rolled_back++;
		if (strcmp(hm_buf_str(&before), hm_buf_str(&after)))
			problem(t, scn, k, unit, i, "state changed by a failed step", NULL);
	} else {
		t->absorbed++;
	}
	leaks = scenario_end(&x);
	if (leaks) {
		char n[32];

		snprintf(n, sizeof(n), "%lu\n", leaks);
		problem(t, scn, k, unit, i, "allocations leaked", n);
	}
out:
	hm_buf_free(&before);
	hm_buf_free(&after);
	hm_buf_free(&ans);
	hm_buf_free(&report);
	return reached;
}

static void boot_problem(struct totals *t, const struct scenario *scn, unsigned long i,
			 const char *what, const char *detail)
{
	t->problems++;
	printf("PROBLEM %s (the boot), failing allocation %lu: %s\n%s", scn->path, i, what,
	       detail ? detail : "");
}

/* The number of guest events pending before step k. */
static unsigned int events_before(const struct scenario *scn, unsigned int k)
{
	struct scenario_exec x;
	unsigned int n = 0;
	int e;

	if (!step_may_sync(scn, k) || replay(scn, &x, k, UNIT_SYNC, 0))
		return 0;
	while (machine_guest_step(x.m, &e))
		n++;
	scenario_end(&x);
	return n;
}

/*
 * The boot: machine_create failing allocation i of the option parsing, the
 * machine's objects, the layout, the cold-plugged devices and the kernel's
 * boot.  Either the creation fails with ENOMEM and its unwinding leaves
 * nothing allocated, or the failure is one the kernel absorbs (a cold DIMM
 * whose ACPI add fails): then the verifier is clean and teardown leak-free.
 * Returns 0 when allocation i was never reached.
 */
static int boot_point(const struct scenario *scn, unsigned long i, struct totals *t)
{
	struct machine_fault f = { .fail_at = i };
	struct hm_buf err, report;
	struct hm_machine *m = NULL;
	unsigned long leaks;
	char n[64];
	int ret;

	hm_buf_init(&err);
	hm_buf_init(&report);
	ret = machine_create_fault(&m, scn->machine, scn->cmdline, &f, &err);
	if (!f.nr_failed) {
		if (!ret)
			machine_destroy(m);
		hm_buf_free(&err);
		hm_buf_free(&report);
		return 0;
	}
	t->points++;
	if (ret) {
		t->rolled_back++;
		if (ret != -ENOMEM) {
			snprintf(n, sizeof(n), "%d: ", ret);
			hm_buf_append(&report, n, strlen(n));
			hm_buf_append(&report, hm_buf_str(&err), err.len);
			hm_buf_append(&report, "\n", 1);
			boot_problem(t, scn, i, "machine_create did not fail with ENOMEM",
				     hm_buf_str(&report));
		}
		if (f.leaks) {
			snprintf(n, sizeof(n), "%lu\n", f.leaks);
			boot_problem(t, scn, i, "allocations leaked by the unwinding", n);
		}
	} else {
		t->absorbed++;
		if (verify_system(machine_system(m), &report))
			boot_problem(t, scn, i, "verifier", hm_buf_str(&report));
		leaks = machine_destroy(m);
		if (leaks) {
			snprintf(n, sizeof(n), "%lu\n", leaks);
			boot_problem(t, scn, i, "allocations leaked", n);
		}
	}
	hm_buf_free(&err);
	hm_buf_free(&report);
	return 1;
}

/*
 * The parser: scenario_parse_alloc failing allocation i answers ENOMEM and
 * leaves nothing allocated.  Returns 0 when allocation i was never reached.
 */
static int parse_point(const char *path, const char *text, unsigned long i, struct totals *t)
{
	struct scenario scn;
	struct hm_alloc a;
	struct hm_buf err;
	char n[64];
	int ret;

	hm_alloc_init(&a);
	a.fail_at = i;
	hm_buf_init(&err);
	ret = scenario_parse_alloc(&scn, path, text, &a, &err);
	hm_buf_free(&err);
	if (!ret)
		scenario_free(&scn);
	if (!a.nr_failed)
		return 0;
	t->points++;
	t->rolled_back++;
	if (ret != -ENOMEM) {
		t->problems++;
		printf("PROBLEM %s (parsing), failing allocation %lu: returned %d, not -ENOMEM\n",
		       path, i, ret);
	}
	if (a.nr_live) {
		snprintf(n, sizeof(n), "%lu", a.nr_live);
		t->problems++;
		printf("PROBLEM %s (parsing), failing allocation %lu: %s allocations leaked\n",
		       path, i, n);
	}
	return 1;
}

static char *read_text(const char *path)
{
	struct hm_buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	hm_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hm_buf_append(&b, chunk, n);
	fclose(f);
	return b.data ? b.data : strdup("");
}

/* Reads and writes through the mount from this thread; 0 or -errno of the first failure. */
static int fuse_io(const char *dir)
{
	char path[4096], buf[256];
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/sys/devices/system/memory/block_size_bytes", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		ret = -errno;
	else if (n == 0 || buf[n - 1] != '\n')
		ret = -EPROTO;	/* a short or empty answer would be a wrong file */
	close(fd);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/sys/devices/system/memory/auto_online_blocks", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, "offline", 7) != 7)
		ret = -errno;
	close(fd);
	return ret;
}

static int fuse_loop_main(const char *dir, const char *path)
{
	struct totals t = { 0 };
	struct scenario_exec x;
	struct scenario scn;
	struct hm_buf err;
	unsigned long i;
	bool reached = true;

	hm_buf_init(&err);
	if (scenario_load(&scn, path, &err) || scenario_begin(&scn, &x, &err)) {
		printf("PROBLEM %s: %s\n", path, hm_buf_str(&err));
		return 1;
	}
	for (i = 1; reached; i++) {
		struct hm_machine_lock lock;
		struct hm_alloc *a = &x.sys->alloc;
		unsigned long live = a->nr_live;
		struct hm_fuse *f = NULL;
		int ret, io = 0;

		hm_buf_reset(&err);
		a->nr_failed = 0;
		a->fail_at = a->nr_calls + i;
		hm_machine_lock_init(&lock);
		ret = hm_fuse_start(&f, x.sys, &lock, true, dir, &err);
		if (!ret) {
			io = fuse_io(dir);
			hm_fuse_stop(f);
		}
		hm_machine_lock_destroy(&lock);
		a->fail_at = 0;
		reached = a->nr_failed != 0;
		if (!reached)
			break;
		t.points++;
		if (ret || io)
			t.rolled_back++;
		else
			t.absorbed++;
		if (ret && ret != -ENOMEM) {
			t.problems++;
			printf("PROBLEM %s (fuse mount), failing allocation %lu: %d %s\n", path, i,
			       ret, hm_buf_str(&err));
		}
		if (io && io != -ENOMEM) {
			t.problems++;
			printf("PROBLEM %s (fuse io), failing allocation %lu: %s\n", path, i,
			       strerror(-io));
		}
		if (a->nr_live != live) {
			t.problems++;
			printf("PROBLEM %s (fuse), failing allocation %lu: %ld allocations leaked\n",
			       path, i, (long)(a->nr_live - live));
		}
	}
	printf("%s (fuse): %lu allocation failure points, %lu rolled back, %lu absorbed, "
	       "%lu problems\n", path, t.points, t.rolled_back, t.absorbed, t.problems);
	if (scenario_end(&x)) {
		printf("PROBLEM %s (fuse): leaks at teardown\n", path);
		t.problems++;
	}
	scenario_free(&scn);
	hm_buf_free(&err);
	return t.problems || t.points < 4 ? 1 : 0;	/* mount, names, open, write at least */
}

int main(int argc, char **argv)
{
	unsigned long all_problems = 0;
	int a;
	const char *stride_env = getenv("HOTMEM_OOM_STRIDE");
	const unsigned long stride = stride_env && atol(stride_env) > 0 ?
				     (unsigned long)atol(stride_env) : 1;

	if (argc == 4 && !strcmp(argv[1], "--fuse"))
		return fuse_loop_main(argv[2], argv[3]);

	for (a = 1; a < argc; a++) {
		struct totals t = { 0 };
		struct scenario_exec x;
		struct scenario scn;
		struct hm_buf err;
		unsigned int k;

		hm_buf_init(&err);
		if (scenario_load(&scn, argv[a], &err)) {
			printf("PROBLEM %s\n", hm_buf_str(&err));
			hm_buf_free(&err);
			all_problems++;
			continue;
		}
		if (scenario_begin(&scn, &x, &err)) {
			printf("skipped %s: %s\n", argv[a], hm_buf_str(&err));
			scenario_free(&scn);
			hm_buf_free(&err);
			continue;
		}
		scenario_end(&x);
		{
			char *text = read_text(argv[a]);
			unsigned long i;

			for (i = 1; text && parse_point(argv[a], text, i, &t); i += stride)
				;
			free(text);
			for (i = 1; boot_point(&scn, i, &t); i += stride)
				;
		}
		for (k = 0; k < scn.nr_steps; k++) {
			unsigned long i;

			unsigned int ev, nr_ev = events_before(&scn, k);

			for (ev = 0; ev < nr_ev; ev++)
				for (i = 1; one_point(&scn, k, UNIT_SYNC, ev, i, &t); i += stride)
					;
			for (i = 1; one_point(&scn, k, UNIT_STEP, 0, i, &t); i += stride)
				;
		}
		printf("%s: %lu allocation failure points%s, %lu rolled back, %lu absorbed as the "
		       "kernel does, %lu problems\n", argv[a], t.points,
		       stride > 1 ? " (sampled)" : "", t.rolled_back, t.absorbed, t.problems);
		all_problems += t.problems;
		scenario_free(&scn);
		hm_buf_free(&err);
	}
	return all_problems ? 1 : 0;
}
