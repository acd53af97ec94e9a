// SPDX-License-Identifier: GPL-2.0
/*
 * printk.c - the kernel log: a bounded ring of records (see printk.h).
 *
 * Records are laid out one after another in buf[head, tail): a header
 * (struct rec) and the text with its NUL, padded to the header's alignment.
 * A record that does not fit after tail first drops the oldest records
 * until the live ones and the new one fit in size bytes, then moves the
 * live ones to the front; each byte is moved at most once per record
 * dropped, so a store costs O(record) amortised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotmem/printk.h"

struct rec {
	uint64_t seq;
	uint32_t len;		/* text length without the NUL */
	uint32_t level;
	char text[];
};

static size_t rec_size(size_t len)
{
	size_t n = sizeof(struct rec) + len + 1, a = _Alignof(struct rec);

	return (n + a - 1) / a * a;
}

static struct rec *rec_at(const struct printk_log *log, size_t off)
{
	return (struct rec *)(void *)(log->buf + off);
}

void printk_log_init(struct printk_log *log, size_t size)
{
	memset(log, 0, sizeof(*log));
	log->size = size ? size : PRINTK_LOG_BUF_LEN;
}

void printk_log_destroy(struct printk_log *log)
{
	struct hm_alloc *a = log->alloc;

	if (a)
		hm_kfree(a, log->buf);
	else
		free(log->buf);
	printk_log_init(log, log->size);
	log->alloc = a;
}

/* Makes room for need bytes at tail, dropping the oldest records. Returns 0 or -1. */
static int log_make_room(struct printk_log *log, size_t need)
{
	if (need > log->size)
		return -1;
	if (!log->buf) {
		log->buf = log->alloc ? hm_kmalloc(log->alloc, log->size) : malloc(log->size);
		if (!log->buf)
			return -1;
	}
	if (log->tail + need <= log->size)
		return 0;
	while (log->head < log->tail && log->tail - log->head + need > log->size) {
		log->head += rec_size(rec_at(log, log->head)->len);
		log->first_seq++;
		log->dropped++;
	}
	memmove(log->buf, log->buf + log->head, log->tail - log->head);
	log->tail -= log->head;
	log->head = 0;
	return 0;
}

int vprintk_store(struct printk_log *log, int level, const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	struct rec *r;
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0) {
		log->dropped++;
		return 0;
	}
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (log_make_room(log, rec_size((size_t)n))) {
		log->dropped++;
		return 0;
	}
	r = rec_at(log, log->tail);
	r->seq = log->next_seq++;
	r->len = (uint32_t)n;
	r->level = (uint32_t)level;
	memcpy(r->text, line, (size_t)n + 1);
	log->tail += rec_size((size_t)n);
	return n;
}

int printk_store(struct printk_log *log, int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk_store(log, level, fmt, ap);
	va_end(ap);
	return n;
}

void warn_printk(struct printk_log *log, const char *fmt, ...)
{
	char line[PRINTK_LINE_MAX];
	va_list ap;

	log->warnings++;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk_store(log, LOGLEVEL_WARNING, "WARNING: %s", line);
}

bool printk_log_next(const struct printk_log *log, uint64_t *seq, struct printk_record *out)
{
	size_t off = log->head;
	const struct rec *r;

	/* records are in seq order: skip to the first one at or after *seq */
	if (*seq > log->first_seq) {
		uint64_t skip = *seq - log->first_seq;

		while (skip-- && off < log->tail)
			off += rec_size(rec_at(log, off)->len);
	}
	if (off >= log->tail)
		return false;
	r = rec_at(log, off);
	out->seq = r->seq;
	out->level = (int)r->level;
	out->text = r->text;
	out->len = r->len;
	*seq = r->seq + 1;
	return true;
}

bool printk_log_contains(const struct printk_log *log, const char *text)
{
	struct printk_record r;
	uint64_t seq = 0;

	while (printk_log_next(log, &seq, &r))
		if (strstr(r.text, text))
			return true;
	return false;
}

void printk_log_print(const struct printk_log *log, FILE *f)
{
	struct printk_record r;
	uint64_t seq = 0;

	while (printk_log_next(log, &seq, &r))
		fprintf(f, "%s\n", r.text);
}
