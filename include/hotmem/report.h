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

void hm_buf_init(struct hm_buf *b);
void hm_buf_free(struct hm_buf *b);
void hm_buf_reset(struct hm_buf *b);
void hm_buf_printf(struct hm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hm_buf_vprintf(struct hm_buf *b, const char *fmt, va_list ap);
void hm_buf_append(struct hm_buf *b, const char *s, size_t n);
/* The text so far ("" when empty). */
const char *hm_buf_str(const struct hm_buf *b);

struct hm_report {
	struct hm_buf text;
	unsigned long nr_violations;
};

void hm_report_init(struct hm_report *r);
void hm_report_free(struct hm_report *r);
/* Records one violation: "object: message\n". */
void hm_report_add(struct hm_report *r, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HOTMEM_REPORT_H */
