/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - collects invariant violations and warnings in readable form.
 *
 * The verifier and every module's *_check() function append one line per
 * violated relation, naming the object and both values.  A report is a
 * growable text buffer plus a count.
 */
#ifndef HOTMEM_REPORT_H
#define HOTMEM_REPORT_H

#include <stddef.h>
#include <stdarg.h>

struct hm_buf {
	char *data;	/* NUL-terminated; NULL while empty */
	size_t len;
	size_t cap;
	int oom;	/* set if an append could not grow the buffer */
};

/*
 * Buffers hold diagnostics and generated file contents, not kernel-model
 * metadata: they use libc and never fail the caller.  An append that
 * cannot grow the buffer is dropped and sets ->oom, which the owner checks
 * once at the end (sysfs_snapshot() answers -ENOMEM).
 */

/**
 * hm_buf_init() - an empty buffer, allocating nothing
 * @b: the buffer
 */
void hm_buf_init(struct hm_buf *b);
/**
 * hm_buf_free() - free a buffer's text; it is empty (and usable) again
 * @b: the buffer
 */
void hm_buf_free(struct hm_buf *b);
/**
 * hm_buf_reset() - empty a buffer, keeping its memory (and ->oom)
 * @b: the buffer
 */
void hm_buf_reset(struct hm_buf *b);
/**
 * hm_buf_printf() - append formatted text
 * @b: the buffer
 * @fmt: printf format
 *
 * Out of memory: nothing appended, ->oom set.
 */
void hm_buf_printf(struct hm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/**
 * hm_buf_vprintf() - append formatted text, as hm_buf_printf()
 * @b: the buffer
 * @fmt: printf format
 * @ap: its arguments
 */
void hm_buf_vprintf(struct hm_buf *b, const char *fmt, va_list ap);
/**
 * hm_buf_append() - append bytes
 * @b: the buffer
 * @s: the bytes (may hold NULs; the text stays NUL-terminated after them)
 * @n: how many
 *
 * Out of memory: nothing appended, ->oom set.
 */
void hm_buf_append(struct hm_buf *b, const char *s, size_t n);
/**
 * hm_buf_str() - the text so far
 * @b: the buffer
 *
 * Return: the NUL-terminated text, "" when empty; valid until the next
 * append, reset or free.
 */
const char *hm_buf_str(const struct hm_buf *b);

struct hm_report {
	struct hm_buf text;
	unsigned long nr_violations;
};

/**
 * hm_report_init() - an empty report
 * @r: the report
 */
void hm_report_init(struct hm_report *r);
/**
 * hm_report_free() - free a report's text
 * @r: the report
 */
void hm_report_free(struct hm_report *r);
/**
 * hm_report_add() - record one violation
 * @r: the report: nr_violations counts it, the text gets "object: message\n"
 * @object: what is wrong ("memory32", "zone Normal")
 * @fmt: printf format of the message
 */
void hm_report_add(struct hm_report *r, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HOTMEM_REPORT_H */
