// SPDX-License-Identifier: GPL-2.0
/* hotmem - command line front end (being written). */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "usage: hotmem run FILE.scn\n");
	return 2;
}
