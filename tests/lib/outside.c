// SPDX-License-Identifier: GPL-2.0
/*
 * outside.c - a program outside the tree, built against the installed
 * libhotmem with nothing but `pkg-config --cflags --libs hotmem`, as C17
 * (-pedantic) and as C++: a DIMM's lifecycle through the public API.
 */
#include <hotmem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok  " : "FAIL", what);
	failures += !cond;
}

int main(void)
{
	hm_machine *m = NULL;
	hm_system *sys;
	char *s = NULL, *err = NULL;
	int ret;

	expect(strcmp(hm_version(), "") != 0, "hm_version");
	ret = hm_machine_new(&m, "-m 1G -frobnicate 1", NULL, &err);
	expect(ret < 0 && err && strstr(err, "frobnicate"), "bad options refused with QEMU's message");
	free(err);
	expect(hm_machine_new(&m, NULL, NULL, NULL) == 0, "hm_machine_new (default machine)");
	sys = hm_machine_system(m);

	hm_machine_qmp(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
		       "\"memory-backend-ram\",\"id\":\"mem1\",\"size\":268435456}}", &s);
	expect(!strcmp(s, "ok"), "object-add");
	free(s);
	hm_machine_qmp(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
		       "\"id\":\"dimm1\",\"memdev\":\"mem1\"}}", &s);
	expect(!strcmp(s, "ok"), "device_add");
	free(s);
	expect(hm_sysfs_write(sys, "/sys/devices/system/memory/memory32/state", "online_movable") == 0,
	       "online_movable");
	expect(hm_sysfs_write(sys, "/sys/devices/system/memory/memory32/state", "bogus") == -22,
	       "a bad value: -EINVAL");
	expect(hm_sysfs_read(sys, "/sys/devices/system/memory/memory32/valid_zones", &s) == 0 &&
	       !strcmp(s, "Movable\n"), "valid_zones Movable");
	free(s);
	hm_system_uevents(sys, &s);
	expect(strstr(s, "ACTION=online\nDEVPATH=/devices/system/memory/memory32\n") != NULL,
	       "the online uevent");
	free(s);
	hm_machine_qmp(m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"dimm1\"}}", &s);
	free(s);
	hm_machine_events(m, &s);
	expect(strstr(s, "\"event\":\"DEVICE_DELETED\"") != NULL, "DEVICE_DELETED");
	free(s);
	hm_system_dmesg(sys, &s);
	expect(strstr(s, "Offlined Pages 32768") != NULL, "the kernel log");
	free(s);
	expect(hm_system_verify(sys, NULL) == 0, "verifier clean");
	expect(hm_machine_free(m) == 0, "no leak at teardown");
	{
		struct hm_run_options opts = { HM_SCENARIO_STRICT, NULL, NULL };
		struct hm_step_info st;
		hm_scenario *scn = NULL;
		FILE *out = tmpfile();
		unsigned int i, ctl = 0;

		for (i = 0; !hm_scenario_step(i, &st); i++)
			ctl += (st.flags & HM_STEP_CONTROL) && !strcmp(st.name, "qmp");
		expect(i >= 10 && ctl == 1, "the step table: qmp allowed on the control socket");
		expect(hm_scenario_load(&scn, NULL, NULL) == 0, "hm_scenario_load (default machine)");
		expect(out && hm_scenario_run(scn, &opts, out, NULL) == 0,
		       "hm_scenario_run: no step, no error");
		expect(out && ftell(out) > 0, "the transcript names the machine");
		hm_scenario_free(scn);
		if (out)
			fclose(out);
		expect(hm_scenario_load(&scn, "/nonexistent/x.scn", &err) == -2 && err &&
		       strstr(err, "x.scn"), "a missing file: -ENOENT, named");
		free(err);
	}
	return failures ? 1 : 0;
}
