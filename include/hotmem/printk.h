/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk.h - the kernel log (mirrors kernel/printk/printk.c, much reduced).
 *
 * A leaf service: it knows nothing of the system object.  The log is a
 * bounded ring of records, each a sequence number, a log level and one
 * line of text; when a new record does not fit, the oldest ones are
 * dropped, as the kernel's log_buf drops them.  The default size is the
 * kernel's default, 1 << CONFIG_LOG_BUF_SHIFT (17) bytes.
 *
 * Writing (kernel-model code; sys is any struct with a ->log member, in
 * practice struct hm_system):
 *
 *	printk(sys, LOGLEVEL_INFO, "Offlined Pages %lu", nr);	  one record
 *	pr_err(sys, ...), pr_warn(), pr_notice(), pr_info(), pr_debug()
 *	hm_warn(sys, ...)	WARN(): a LOGLEVEL_WARNING record "WARNING: ..."
 *				and one more in log->warnings
 *
 * A message is one line without its '\n' (a trailing '\n' is dropped);
 * text longer than PRINTK_LINE_MAX is cut there.  Nothing here fails the
 * caller: the log is a diagnostic (it uses the C library, not the
 * kernel-model allocator), and a message that cannot be stored is counted
 * in log->dropped.
 *
 * Reading (a dmesg step, the tests):
 *
 *	struct printk_record r;
 *	uint64_t seq = 0;
 *	while (printk_log_next(&sys->log, &seq, &r))
 *		printf("<%d>%s\n", r.level, r.text);
 *
 * Sequence numbers start at 0 and never repeat; a reader that keeps its
 * seq sees each record once (and skips the ones dropped meanwhile), as a
 * reader of /dev/kmsg does.
 */
#ifndef HOTMEM_PRINTK_H
#define HOTMEM_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "hotmem/alloc.h"

/* include/linux/kern_levels.h */
enum {
	LOGLEVEL_EMERG = 0,
	LOGLEVEL_ALERT,
	LOGLEVEL_CRIT,
	LOGLEVEL_ERR,
	LOGLEVEL_WARNING,
	LOGLEVEL_NOTICE,
	LOGLEVEL_INFO,
	LOGLEVEL_DEBUG,
};

#define PRINTK_LOG_BUF_LEN (1U << 17)	/* CONFIG_LOG_BUF_SHIFT=17 */
#define PRINTK_LINE_MAX 1024

struct printk_log {
	unsigned char *buf;	/* records at [head, tail); NULL until the first one */
	size_t size;		/* capacity of buf in bytes */
	size_t head, tail;
	uint64_t first_seq;	/* seq of the record at head */
	uint64_t next_seq;	/* seq the next record gets */
	unsigned long dropped;	/* records overwritten or not stored */
	unsigned long warnings;	/* hm_warn() calls (WARN_ON equivalents) */
	struct hm_alloc *alloc;	/* where buf comes from (NULL: libc); set after init */
};

/* One record as a reader sees it; text points into the log until the next write. */
struct printk_record {
	uint64_t seq;
	int level;
	const char *text;	/* NUL-terminated, no '\n' */
	size_t len;
};

/**
 * printk_log_init() - an empty log
 * @log: the log
 * @size: its capacity in bytes; 0: PRINTK_LOG_BUF_LEN
 *
 * Allocates nothing yet: the first record allocates the buffer, from
 * @log->alloc if the owner set one (the system's: counted and
 * fault-injected).  A record that finds no memory is dropped (counted in
 * dropped) and the next one tries again.
 */
void printk_log_init(struct printk_log *log, size_t size);
/**
 * printk_log_destroy() - free the log's buffer
 * @log: the log; @log->alloc must still be the one the buffer came from
 */
void printk_log_destroy(struct printk_log *log);

/**
 * vprintk_store() - store one record
 * @log: the log
 * @level: LOGLEVEL_*
 * @fmt: printf format; the text is cut at PRINTK_LINE_MAX - 1 bytes and a
 *	trailing newline dropped
 * @ap: its arguments
 *
 * The oldest records make room when the log is full.
 *
 * Return: the length stored; 0 when the record was not stored (formatting
 * failed or no memory for the buffer: counted in @log->dropped).
 */
int vprintk_store(struct printk_log *log, int level, const char *fmt, va_list ap);
/**
 * printk_store() - store one record, as vprintk_store()
 * @log: the log
 * @level: LOGLEVEL_*
 * @fmt: printf format
 *
 * Return: as vprintk_store().
 */
int printk_store(struct printk_log *log, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/**
 * warn_printk() - WARN(): count a warning and log it
 * @log: the log
 * @fmt: printf format of the message
 *
 * Counts in @log->warnings (the verifier and the tests look at it) and
 * stores "WARNING: <message>" at LOGLEVEL_WARNING.
 */
void warn_printk(struct printk_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * printk_log_next() - read the next record a reader has not seen
 * @log: the log
 * @seq: the reader's position; set past the record read
 * @r: the record: the first whose seq is >= *@seq (its text valid until
 *	the next write to the log)
 *
 * Records overwritten before they were read are skipped.
 *
 * Return: false when there is none (the reader is up to date).
 */
bool printk_log_next(const struct printk_log *log, uint64_t *seq, struct printk_record *r);
/**
 * printk_log_print() - print every record still in the log, one a line
 * @log: the log
 * @f: where to (for tests and benchmarks)
 */
void printk_log_print(const struct printk_log *log, FILE *f);
/**
 * printk_log_contains() - whether a record still in the log contains a text
 * @log: the log
 * @text: the text looked for
 *
 * Return: true if one does (for tests).
 */
bool printk_log_contains(const struct printk_log *log, const char *text);

#define printk(sys, level, ...) printk_store(&(sys)->log, (level), __VA_ARGS__)
#define pr_err(sys, ...) printk(sys, LOGLEVEL_ERR, __VA_ARGS__)
#define pr_warn(sys, ...) printk(sys, LOGLEVEL_WARNING, __VA_ARGS__)
#define pr_notice(sys, ...) printk(sys, LOGLEVEL_NOTICE, __VA_ARGS__)
#define pr_info(sys, ...) printk(sys, LOGLEVEL_INFO, __VA_ARGS__)
#define pr_debug(sys, ...) printk(sys, LOGLEVEL_DEBUG, __VA_ARGS__)
#define hm_warn(sys, ...) warn_printk(&(sys)->log, __VA_ARGS__)

#endif /* HOTMEM_PRINTK_H */
