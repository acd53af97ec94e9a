// SPDX-License-Identifier: GPL-2.0
/*
 * api.c - the public API (include/hotmem.h) over the internal modules.
 * Each function is a thin wrapper; libhotmem.so exports these and the
 * other hm_-prefixed symbols only (src/lib/libhotmem.map).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem.h"
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
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

int hm_scenario_run_file(const char *path, unsigned int flags, FILE *out, char **error)
{
	struct scenario_options opts = { 0 };
	struct scenario scn;
	struct hm_buf err;
	int ret;

	hm_buf_init(&err);
	ret = scenario_load(&scn, path, &err);
	if (ret) {
		if (error)
			take(&err, error);
		else
			hm_buf_free(&err);
		return ret;
	}
	opts.verify = flags & HM_SCENARIO_VERIFY;
	opts.json = flags & HM_SCENARIO_JSON;
	ret = scenario_run(&scn, &opts, out, &err);
	scenario_free(&scn);
	if (ret && error)
		take(&err, error);
	else
		hm_buf_free(&err);
	return ret;
}
