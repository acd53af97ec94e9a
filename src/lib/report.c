// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - text buffers and violation reports.
 *
 * These hold diagnostics and generated file contents, not kernel-model
 * metadata, so they use the C library directly and never fail the caller:
 * an append that cannot grow the buffer sets ->oom and is dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/report.h"

void hm_buf_init(struct hm_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void hm_buf_free(struct hm_buf *b)
{
	free(b->data);
	hm_buf_init(b);
}

void hm_buf_reset(struct hm_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int buf_reserve(struct hm_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap = b->cap ? b->cap : 256;
	char *p;

	if (need <= b->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void hm_buf_append(struct hm_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void hm_buf_vprintf(struct hm_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void hm_buf_printf(struct hm_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hm_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *hm_buf_str(const struct hm_buf *b)
{
	return b->data ? b->data : "";
}

void hm_report_init(struct hm_report *r)
{
	hm_buf_init(&r->text);
	r->nr_violations = 0;
}

void hm_report_free(struct hm_report *r)
{
	hm_buf_free(&r->text);
	r->nr_violations = 0;
}

void hm_report_add(struct hm_report *r, const char *object, const char *fmt, ...)
{
	va_list ap;

	r->nr_violations++;
	hm_buf_printf(&r->text, "%s: ", object);
	va_start(ap, fmt);
	hm_buf_vprintf(&r->text, fmt, ap);
	va_end(ap);
	hm_buf_append(&r->text, "\n", 1);
}
