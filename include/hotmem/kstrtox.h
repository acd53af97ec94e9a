/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstrtox.h - parsing what is written to sysfs files, as lib/kstrtox.c
 * and lib/string.c parse it (the store functions of every attribute table).
 */
#ifndef HOTMEM_KSTRTOX_H
#define HOTMEM_KSTRTOX_H

#include <stdbool.h>

/**
 * kstrtobool() - parse a boolean as a sysfs store does
 * @s: the text: its first character (y, t, 1 true; n, f, 0 false; either
 *	case), or its first two, "on" or "of" (only those are read)
 * @res: gets the value
 *
 * As Linux 6.1 has it.
 *
 * Return: 0; -EINVAL for any other text (@res untouched).
 */
int kstrtobool(const char *s, bool *res);

/**
 * kstrtoull() - parse an unsigned number as kstrtoull(s, 0, res) does
 * @s: the text: an optional '+', 0x for hex, a leading 0 for octal, an
 *	optional trailing newline
 * @res: gets the value
 *
 * Return: 0; -EINVAL for anything else; -ERANGE on overflow.
 */
int kstrtoull(const char *s, unsigned long long *res);

/**
 * sysfs_match_string() - find a written word in a list
 * @words: the words
 * @n: how many
 * @buf: what was written (a trailing newline is ignored, as sysfs_streq()
 *	ignores it)
 *
 * Return: the index of the word @buf equals; -EINVAL if none.
 */
int sysfs_match_string(const char *const *words, int n, const char *buf);

#endif /* HOTMEM_KSTRTOX_H */
