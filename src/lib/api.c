// SPDX-License-Identifier: GPL-2.0
/*
 * api.c - the public API (include/hotmem.h) over the internal modules.
 * Each function is a thin wrapper; libhotmem.so exports these and nothing
 * else (src/lib/libhotmem.map; tests/lib/exports.sh checks it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem.h"
#include "hotmem/exec.h"
#include "hotmem/machine.h"
#include "hotmem/map.h"
#include "hotmem/scenario.h"
#include "hotmem/session.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"

#ifndef HOTMEM_VERSION
#define HOTMEM_VERSION "unknown"
#endif



const char *hm_version(void)
{
	return HOTMEM_VERSION;
}

/* Hands a buffer's text to the caller (malloc()ed); -ENOMEM if it could not grow. */
static int take(struct hm_buf *b, char **out)
{
	if (b->oom) {
		hm_buf_free(b);
		return -ENOMEM;
	}
	*out = b->data ? b->data : strdup("");
	return *out ? 0 : -ENOMEM;
}

int hm_machine_new(hm_machine **out, const char *options, const char *cmdline, char **error)
{
	struct hm_buf err;
	int ret;

	hm_buf_init(&err);
	ret = machine_create(out, options ? options : DEFAULT_MACHINE, cmdline, &err);
	if (ret && error)
		take(&err, error);
	else
		hm_buf_free(&err);
	if (!ret) {
		hm_system *sys = machine_system(*out);

		/* the readers start where a scenario's dmesg and uevents would */
		sys->api_log_seq = machine_init_log_seq(*out);
		sys->api_uevent_seq = uevents_seq(sys);
	}
	return ret;
}

unsigned long hm_machine_free(hm_machine *m)
{
	return machine_destroy(m);
}

int hm_machine_qmp(hm_machine *m, const char *json, char **answer)
{
	struct hm_buf ans;

	hm_buf_init(&ans);
	machine_qmp(m, json, &ans);
	machine_guest_sync(m);
	return take(&ans, answer);
}

int hm_machine_events(hm_machine *m, char **events)
{
	struct hm_buf b;

	hm_buf_init(&b);
	machine_events(m, &b);
	return take(&b, events);
}

hm_system *hm_machine_system(hm_machine *m)
{
	return machine_system(m);
}

int hm_system_dmesg(hm_system *sys, char **log)
{
	struct printk_record r;
	struct hm_buf b;

	hm_buf_init(&b);
	while (printk_log_next(&sys->log, &sys->api_log_seq, &r))
		hm_buf_printf(&b, "%s\n", r.text);
	return take(&b, log);
}

int hm_system_uevents(hm_system *sys, char **uevents)
{
	struct hm_buf b;

	hm_buf_init(&b);
	uevents_read(sys, &sys->api_uevent_seq, &b);
	return take(&b, uevents);
}

int hm_system_verify(hm_system *sys, char **report)
{
	struct hm_buf b;
	int bad;

	hm_buf_init(&b);
	bad = verify_system(sys, &b);
	if (report)
		take(&b, report);
	else
		hm_buf_free(&b);
	return bad ? -EUCLEAN : 0;
}

int hm_sysfs_read(hm_system *sys, const char *path, char **content)
{
	struct hm_buf b;
	int ret;

	hm_buf_init(&b);
	ret = sysfs_read(sys, path, &b);
	if (ret) {
		hm_buf_free(&b);
		return ret;
	}
	return take(&b, content);
}

int hm_sysfs_write(hm_system *sys, const char *path, const char *value)
{
	size_t n = strlen(value);
	char *v = malloc(n + 2);
	int ret;

	if (!v)
		return -ENOMEM;
	memcpy(v, value, n);
	v[n] = '\n';	/* echo's newline */
	v[n + 1] = '\0';
	ret = sysfs_write(sys, path, v, n + 1);
	free(v);
	return ret;
}

int hm_sysfs_export(hm_system *sys, const char *dir)
{
	return sysfs_export(sys, dir);
}

/* A loaded scenario: the parse of its file. */
struct hm_scenario {
	struct scenario scn;
};

int hm_scenario_load(hm_scenario **out, const char *path, char **error)
{
	hm_scenario *h = calloc(1, sizeof(*h));
	struct hm_buf err;
	int ret;

	if (!h)
		return -ENOMEM;
	hm_buf_init(&err);
	ret = path ? scenario_load(&h->scn, path, &err) :
		     scenario_parse(&h->scn, "(default machine)", "", &err);
	if (ret) {
		free(h);
		if (error)
			take(&err, error);
		else
			hm_buf_free(&err);
		return ret;
	}
	hm_buf_free(&err);
	*out = h;
	return 0;
}

void hm_scenario_free(hm_scenario *h)
{
	if (!h)
		return;
	scenario_free(&h->scn);
	free(h);
}

/* Hands err to *error (if error is not NULL) when ret says so, else drops it. */
static int give(int ret, struct hm_buf *err, char **error)
{
	if (ret && error)
		take(err, error);
	else
		hm_buf_free(err);
	return ret;
}

int hm_scenario_run(const hm_scenario *h, const struct hm_run_options *o, FILE *out,
		    char **error)
{
	struct scenario_options opts = { 0 };
	struct hm_buf err, steps;
	int ret;

	hm_buf_init(&err);
	hm_buf_init(&steps);
	if (o) {
		opts.verify = o->flags & HM_SCENARIO_VERIFY;
		opts.json = o->flags & HM_SCENARIO_JSON;
		opts.klog = o->klog;
		opts.export_dir = o->export_dir;
		if (o->flags & HM_SCENARIO_STRICT)
			opts.errors = &steps;
	}
	ret = scenario_run(&h->scn, &opts, out, &err);
	if (!ret && steps.len) {
		const char *p;

		for (p = hm_buf_str(&steps); *p; p++)
			ret += *p == '\n';
		hm_buf_free(&err);
		return give(ret, &steps, error);
	}
	hm_buf_free(&steps);
	return give(ret, &err, error);
}

int hm_scenario_run_file(const char *path, unsigned int flags, FILE *out, char **error)
{
	struct hm_run_options opts = { .flags = flags };
	hm_scenario *h;
	int ret;

	ret = hm_scenario_load(&h, path, error);
	if (ret)
		return ret;
	ret = hm_scenario_run(h, &opts, out, error);
	hm_scenario_free(h);
	return ret;
}

int hm_scenario_map(const hm_scenario *h, int html, FILE *out, char **error)
{
	struct hm_buf err;

	hm_buf_init(&err);
	return give(map_scenario(&h->scn, html, out, &err), &err, error);
}

int hm_scenario_step(unsigned int i, struct hm_step_info *info)
{
	const struct step_op *ops;
	unsigned int nr;

	ops = scenario_step_ops(&nr);
	if (i >= nr)
		return -ENOENT;
	info->name = ops[i].name;
	info->synopsis = ops[i].synopsis;
	info->summary = ops[i].summary;
	info->flags = (ops[i].flags & STEP_F_SYNC ? HM_STEP_SYNC : 0) |
		      (ops[i].flags & STEP_F_EMU_ONLY ? HM_STEP_EMULATOR_ONLY : 0) |
		      (ops[i].flags & STEP_F_CONTROL ? HM_STEP_CONTROL : 0);
	return 0;
}

int hm_session_start(hm_session **out, const hm_scenario *h, const char *mountpoint,
		     const char *control_path, char **error)
{
	struct hm_buf err;

	hm_buf_init(&err);
	return give(session_start(out, &h->scn, mountpoint, control_path, &err), &err, error);
}

/* ------------------------------------------------------------------- exec */

int hm_exec(const char *dir, char *const *argv, unsigned int flags, int *status)
{
	struct hm_exec x = { .root = dir, .fd_in = -1, .fd_out = -1, .fd_err = -1,
			     .quiet = !!(flags & HM_EXEC_QUIET) };
	struct hm_exec_dev_ops dev;

	/* the machine's devices answer through the emulator that serves dir */
	hm_exec_tree_dev(&dev, dir);
	x.dev = &dev;
	return hm_exec_run(&x, argv, status);
}
