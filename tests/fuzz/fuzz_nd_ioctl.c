// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_nd_ioctl - libFuzzer target over the ND ioctls of /dev/ndctl0 and
 * /dev/nmemN (src/drivers/nd_ioctl.c) and the label area they reach
 * (nd_label.c): what `hotmem exec` hands over from any command, and the
 * bytes a tool writes, which the kernel side then parses.
 *
 * The input is a sequence of requests, each: a device byte (0 ndctl0,
 * 1 nmem0, 2 nmem1, 3 toggles region0 disabled/enabled, 4 the same for
 * region1), a flags byte (bit 0: read-only descriptor), the ioctl number
 * (4 bytes, little-endian), a length (2 bytes) and that many argument
 * bytes.  Each is sized as the supervisor sizes it (nd_ioctl_arg_size
 * asked again as long as it wants more, zeros past the input) and run; the
 * verifier then runs (label bytes against the labels held, the namespaces
 * the regions enabled from them).  A violation, a leak at teardown or a
 * sanitizer report is a finding (abort).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/machine.h"
#include "hotmem/nvdimm.h"
#include "hotmem/system.h"

#define MACHINE "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G -smp 1 " \
	"-object memory-backend-ram,id=a,size=268566528 " \
	"-device nvdimm,id=n0,memdev=a,label-size=128K " \
	"-object memory-backend-ram,id=b,size=268697600 " \
	"-device nvdimm,id=n1,memdev=b,label-size=256K"
#define ARG_MAX_FUZZ (1u << 16)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void verify_or_abort(struct hm_machine *m)
{
	struct hm_buf out;

	hm_buf_init(&out);
	if (machine_verify(m, &out)) {
		fprintf(stderr, "verifier: %s\n", hm_buf_str(&out));
		abort();
	}
	hm_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const devs[] = { "ndctl0", "nmem0", "nmem1" };
	static uint8_t arg[ARG_MAX_FUZZ];
	struct hm_machine *m;
	struct hm_system *sys;
	struct hm_buf err;
	size_t pos = 0;

	hm_buf_init(&err);
	if (machine_create(&m, MACHINE, NULL, &err)) {
		fprintf(stderr, "machine_create: %s\n", hm_buf_str(&err));
		abort();
	}
	hm_buf_free(&err);
	sys = machine_system(m);
	if (machine_guest_sync(m))
		abort();
	while (pos + 8 <= size) {
		unsigned int dev = data[pos], ro = data[pos + 1] & 1;
		unsigned long cmd = (unsigned long)data[pos + 2] | (unsigned long)data[pos + 3] << 8 |
				    (unsigned long)data[pos + 4] << 16 |
				    (unsigned long)data[pos + 5] << 24;
		size_t len = (size_t)data[pos + 6] | (size_t)data[pos + 7] << 8, have = 0;
		long want;

		pos += 8;
		if (len > size - pos)
			len = size - pos;
		if (dev == 3 || dev == 4) {
			struct nd_region *r = sys->nd_bus->regions[dev - 3];

			if (r->enabled)
				nd_region_disable(sys, r);
			else
				nd_region_enable(sys, r);
			verify_or_abort(m);
			continue;
		}
		if (dev > 2)
			continue;
		memset(arg, 0, sizeof(arg));
		memcpy(arg, data + pos, len < sizeof(arg) ? len : sizeof(arg));
		pos += len;
		for (;;) {
			want = nd_ioctl_arg_size(sys, devs[dev], cmd, arg, have);
			if (want < 0 || (size_t)want <= have || (size_t)want > sizeof(arg))
				break;
			have = (size_t)want;
		}
		if (want >= 0 && (size_t)want <= have)
			nd_ioctl(sys, devs[dev], cmd, ro, arg, have);
		verify_or_abort(m);
	}
	if (machine_destroy(m))
		abort();	/* a leak */
	return 0;
}
