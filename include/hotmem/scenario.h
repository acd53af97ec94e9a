/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scenario.h - scenario files (.scn) and their transcripts, in the format of
 * tests/conformance/FORMAT.md, shared with the real-kernel oracle.
 */
#ifndef HOTMEM_SCENARIO_H
#define HOTMEM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hotmem/alloc.h"
#include "hotmem/report.h"

enum step_verb {
	STEP_MACHINE, STEP_CMDLINE, STEP_QMP, STEP_WRITE, STEP_READ, STEP_LSMEM,
	STEP_CHMEM, STEP_NDCTL, STEP_DAXCTL, STEP_DUMP, STEP_SLEEP, STEP_VERIFY,
	STEP_ALLOC, STEP_FREE, STEP_CHECK,	/* emulator only: workloads */
	STEP_DMESG, STEP_EVENTS, STEP_UEVENTS, STEP_TREE,
};

struct scenario_step {
	enum step_verb verb;
	char *rest;		/* the text after the verb, trimmed */
	unsigned int line;	/* 1-based line in the file */
};

struct scenario {
	char *path;
	struct scenario_step *steps;
	unsigned int nr_steps;
	const char *machine;	/* the machine options (default if none) */
	unsigned int machine_line;	/* its line, 0 for the default */
	char *cmdline;		/* all cmdline steps, joined; NULL if none */
	struct hm_alloc *alloc;	/* what the parse allocated from (NULL: libc) */
};

#define DEFAULT_MACHINE "-m 1G,slots=4,maxmem=8G -smp 1"
/* The largest scenario file read (hotmem run /dev/zero stops there): 16 MiB of text. */
#define SCENARIO_MAX_BYTES (16 * 1024 * 1024)

/*
 * Parses a scenario from text.  On a bad line returns -EINVAL with
 * "FILE:LINE: message" in err; nothing is run.
 */
int scenario_parse(struct scenario *scn, const char *path, const char *text,
		   struct hm_buf *err);
/*
 * The same, allocating from a counted allocator (fault injection; the
 * session parses control lines from the machine's): -ENOMEM when an
 * allocation fails, with nothing left allocated.
 */
int scenario_parse_alloc(struct scenario *scn, const char *path, const char *text,
			 struct hm_alloc *alloc, struct hm_buf *err);
/*
 * Reads and parses a scenario file; path "-" reads standard input (named
 * "<stdin>" in messages).  Returns 0, -EINVAL (a bad line), or -errno of
 * opening or reading it (a directory: -EISDIR), with "PATH: message" in err.
 */
int scenario_load(struct scenario *scn, const char *path, struct hm_buf *err);
/*
 * A scenario's bytes checked whole before parsing: a NUL byte or invalid
 * UTF-8 is -EINVAL with "NAME:LINE: ..." in err (scenario_load does it).
 */
int scenario_check_text(const char *name, const char *text, size_t len, struct hm_buf *err);
void scenario_free(struct scenario *scn);

/* The JSON transcript's schema ("schema": "hotmem-transcript"); bumped on any change. */
#define SCENARIO_JSON_SCHEMA_VERSION 1

struct scenario_options {
	bool verify;		/* run the verifier after every step */
	const char *export_dir;	/* at the end, export the sysfs/procfs tree here */
	bool no_tools;		/* lsmem/chmem/ndctl/daxctl answer "skipped" (fuzzing) */
	bool json;		/* print the transcript as one JSON document */
	FILE *klog;		/* if set, every kernel log line as it is written (run -v) */
};

/* A scenario being run, one step at a time (the fault-injection loop uses it). */
struct hm_machine_lock;

struct scenario_exec {
	const struct scenario *scn;
	/* the lock held while a step runs on a live machine (tool steps release it), or NULL */
	struct hm_machine_lock *lock;
	struct hm_machine *m;
	struct hm_system *sys;
	bool no_tools;		/* do not run external tools */
	uint64_t klog_seq;	/* the next kernel log record for options->klog */
	uint64_t dmesg_seq;	/* the next kernel log record the dmesg step shows */
	uint64_t uevent_seq;	/* the next uevent the uevents step shows */
	int last_errno;		/* the errno of the last step that failed with one, else 0 */
};

/* Builds and boots the scenario's machine: 0, or 2 with a message in err. */
int scenario_begin(const struct scenario *scn, struct scenario_exec *x, struct hm_buf *err);
/*
 * Lets the guest handle pending events, as the runner does before step i
 * (nothing for qmp and machine/cmdline steps).  Returns 0 or the first
 * error of a guest operation.
 */
int scenario_sync_before(struct scenario_exec *x, unsigned int i);
/*
 * Runs step i (without the sync) and appends its answer to ans.  Returns 1
 * if the step prints nothing (machine, cmdline, sleep), 2 if a verify step
 * failed (report in ans), 0 otherwise.  The answer of dmesg, events and
 * uevents may be empty (no lines); every other answer has at least one.
 */
int scenario_step(struct scenario_exec *x, unsigned int i, struct hm_buf *ans);
/* Destroys the machine; returns the number of allocations leaked by the kernel model. */
unsigned long scenario_end(struct scenario_exec *x);

/*
 * Runs a scenario and prints its transcript to out.  Returns 0, 2 for a
 * machine that cannot be built (message in err, nothing printed), or 1 if
 * the verifier found a violation or the kernel model leaked allocations at
 * teardown (the report is in err).
 */
int scenario_run(const struct scenario *scn, const struct scenario_options *opts, FILE *out,
		 struct hm_buf *err);

#endif /* HOTMEM_SCENARIO_H */
