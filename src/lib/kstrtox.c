// SPDX-License-Identifier: GPL-2.0
/*
 * kstrtox.c - the kernel's parsers of sysfs input (see kstrtox.h).
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include "hotmem/kstrtox.h"

int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

int kstrtoull(const char *s, unsigned long long *res)
{
	unsigned int base = 10, digits = 0;
	unsigned long long v = 0;

	if (*s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; *s; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits || (*s && !(*s == '\n' && !s[1])))
		return -EINVAL;
	*res = v;
	return 0;
}

int sysfs_match_string(const char *const *words, int n, const char *buf)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(words[i]);

		if (!strncmp(buf, words[i], len) &&
		    (!buf[len] || (buf[len] == '\n' && !buf[len + 1])))
			return i;
	}
	return -EINVAL;
}
