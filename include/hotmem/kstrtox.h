/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstrtox.h - parsing what is written to sysfs files, as lib/kstrtox.c
 * and lib/string.c parse it (the store functions of every attribute table).
 */
#ifndef HOTMEM_KSTRTOX_H
#define HOTMEM_KSTRTOX_H

#include <stdbool.h>

/* kstrtobool as 6.1 has it: the first character, or "on"/"off".  0 or -EINVAL. */
int kstrtobool(const char *s, bool *res);
/*
 * kstrtoull(base 0): an optional '+', 0x for hex, a leading 0 for octal, a
 * trailing newline.  0, -EINVAL for anything else, -ERANGE on overflow.
 */
int kstrtoull(const char *s, unsigned long long *res);
/* sysfs_match_string: the index of the word buf equals (sysfs_streq), or -EINVAL. */
int sysfs_match_string(const char *const *words, int n, const char *buf);

#endif /* HOTMEM_KSTRTOX_H */
