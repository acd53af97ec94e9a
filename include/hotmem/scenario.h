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
	STEP_NR_VERBS
};

/* alloc's arguments: "alloc movable|unmovable SIZE [node=N] [as=NAME]" */
struct step_alloc_args {
	bool movable;
	unsigned long nr_pages;	/* SIZE rounded up to pages */
	int nid;		/* NUMA_NO_NODE (-1): the local node */
	char name[65];		/* "" for an anonymous allocation */
};

struct step_op;

struct scenario_step {
	enum step_verb verb;
	const struct step_op *op;	/* its row of the step table (scenario.c) */
	char *rest;		/* the text after the verb, trimmed */
	unsigned int line;	/* 1-based line in the file */
	union {			/* its arguments, parsed once, when the file is */
		struct step_alloc_args alloc;
		uint64_t sleep_ms;	/* sleep: guest milliseconds */
		void *qmp;		/* qmp: the request, a jansson json_t */
	} arg;
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

/**
 * scenario_parse() - parse and check a scenario's text
 * @scn: filled on success (scenario_free() it)
 * @path: the name messages give the text
 * @text: the scenario, one step a line
 * @err: the message of a bad line
 *
 * Every step's arguments are checked and parsed (the row's parse function)
 * before anything runs.
 *
 * Return: 0; -EINVAL for a bad line ("FILE:LINE: message" in @err);
 * -ENOMEM.  Nothing is left allocated on failure.
 */
int scenario_parse(struct scenario *scn, const char *path, const char *text,
		   struct hm_buf *err);
/**
 * scenario_parse_alloc() - scenario_parse() from a counted allocator
 * @scn: as scenario_parse()
 * @path: as scenario_parse()
 * @text: as scenario_parse()
 * @alloc: the allocator (fault injection; the session parses control lines
 *	from the machine's); NULL: libc
 * @err: as scenario_parse()
 *
 * Return: as scenario_parse(); -ENOMEM when an allocation of @alloc fails,
 * with nothing left allocated.
 */
int scenario_parse_alloc(struct scenario *scn, const char *path, const char *text,
			 struct hm_alloc *alloc, struct hm_buf *err);
/**
 * scenario_load() - read and parse a scenario file
 * @scn: filled on success (scenario_free() it)
 * @path: the file; "-" reads standard input (named "<stdin>" in messages)
 * @err: the message on failure
 *
 * Return: 0; -EINVAL for a bad line; the -errno of opening or reading the
 * file (a directory: -EISDIR), with "PATH: message" in @err.
 */
int scenario_load(struct scenario *scn, const char *path, struct hm_buf *err);
/**
 * scenario_check_text() - check a scenario's bytes whole, before parsing
 * @name: the name messages give the text
 * @text: the bytes
 * @len: how many
 * @err: the message
 *
 * scenario_load() does it.
 *
 * Return: 0; -EINVAL for a NUL byte or invalid UTF-8, with "NAME:LINE: ..."
 * in @err.
 */
int scenario_check_text(const char *name, const char *text, size_t len, struct hm_buf *err);
/**
 * scenario_free() - free what scenario_parse() or scenario_load() made
 * @scn: the scenario; zeroed
 */
void scenario_free(struct scenario *scn);

/*
 * The step table (scenario.c): one row per verb, with its flags, its
 * synopsis and summary (hotmem help steps; the completion, hotmem.scn(5)
 * and FORMAT.md are checked against them by tests/cli/step-docs.sh), the
 * function that parses its arguments once, when the file is parsed, and
 * the one that runs it.
 */
enum step_flags {
	STEP_F_SYNC = 1 << 0,		/* the guest handles pending events before it */
	STEP_F_EMU_ONLY = 1 << 1,	/* hotmem's own: the real kernel cannot run it */
	STEP_F_CONTROL = 1 << 2,	/* allowed on hotmem mount's control socket */
	STEP_F_SILENT = 1 << 3,		/* prints nothing (no "== " line either) */
	STEP_F_MAY_BE_EMPTY = 1 << 4,	/* its answer may have no lines */
};

struct step_parse;
struct scenario_exec;
struct step_op {
	const char *name;
	enum step_verb verb;
	unsigned int flags;		/* enum step_flags */
	const char *synopsis;		/* its arguments, as hotmem.scn(5) writes them */
	const char *summary;		/* one line */
	/* checks and parses st->rest into st->arg: NULL, or the message for a bad line */
	const char *(*parse)(struct scenario_step *st, struct step_parse *p);
	/* runs the step, as scenario_step() documents it */
	int (*run)(struct scenario_exec *x, const struct scenario_step *st, struct hm_buf *ans);
};

/**
 * scenario_step_ops() - the step table
 * @nr: set to the number of rows
 *
 * Return: the rows, in the order of enum step_verb.
 */
const struct step_op *scenario_step_ops(unsigned int *nr);

/*
 * What one step answered: the answer's text (the transcript's lines) and
 * what it means for tools (--json).
 */
struct step_result {
	int err;		/* the errno of a failed write, read, dump or workload step, else 0 */
	int status;		/* a tool's exit status (lsmem, chmem, ndctl, daxctl), else 0 */
	bool error;		/* the step answered an error (run --strict) */
	void *data;		/* --json: members of the step's object (a json_t), or NULL */
};

/* The JSON transcript's schema ("schema": "hotmem-transcript"); bumped on any change. */
/*
 * 2: a qmp step's "args" is the request as an object, its "return" is {}
 * where the text says "ok", and a dump's meminfo values are objects with
 * their unit ({"value": N, "unit": "kB"}, as /proc/meminfo writes them).
 */
#define SCENARIO_JSON_SCHEMA_VERSION 2

struct scenario_options {
	bool verify;		/* run the verifier after every step */
	bool verify_end;	/* run it once, after the last step (fuzzing's fast mode) */
	const char *export_dir;	/* at the end, export the sysfs/procfs tree here */
	bool no_tools;		/* lsmem/chmem/ndctl/daxctl answer "skipped" (fuzzing) */
	bool real_nd_tools;	/* ndctl/daxctl steps run Debian's tools (hotmem exec), not ndctl.c */
	bool json;		/* print the transcript as one JSON document */
	FILE *klog;		/* if set, every kernel log line as it is written (run -v) */
	struct hm_buf *errors;	/* if set, "FILE:LINE: STEP" of each step that answered an error */
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
	bool real_nd_tools;	/* ndctl/daxctl: the host's binaries on the live machine */
	bool json;		/* fill res.data for the JSON transcript */
	uint64_t klog_seq;	/* the next kernel log record for options->klog */
	uint64_t dmesg_seq;	/* the next kernel log record the dmesg step shows */
	uint64_t uevent_seq;	/* the next uevent the uevents step shows */
	struct step_result res;	/* what the last step answered */
};

/**
 * scenario_begin() - build and boot a scenario's machine
 * @scn: the scenario
 * @x: the run's state, filled
 * @err: the message on failure
 *
 * Return: 0; -EINVAL for bad machine options, -ENOMEM, with "FILE:LINE:
 * machine: message" in @err.  Nothing is left on failure.
 */
int scenario_begin(const struct scenario *scn, struct scenario_exec *x, struct hm_buf *err);
/**
 * scenario_sync_before() - let the guest catch up before step @i
 * @x: the run
 * @i: the step's index
 *
 * The guest handles its pending events (ACPI hot-add and eject, virtio-mem
 * requests) if the step's row has STEP_F_SYNC, as the runner does.
 *
 * Return: 0, or the first error of a guest operation.
 */
int scenario_sync_before(struct scenario_exec *x, unsigned int i);
/**
 * scenario_step() - run step @i (without the sync)
 * @x: the run; x->res says what the step answered
 * @i: the step's index
 * @ans: its answer is appended here (the transcript's lines)
 *
 * The answer of dmesg, events and uevents may be empty (no lines); every
 * other answer has at least one.
 *
 * Return: 1 if the step prints nothing (machine, cmdline, sleep); 2 if a
 * verify step failed (the report in @ans); 0 otherwise.
 */
int scenario_step(struct scenario_exec *x, unsigned int i, struct hm_buf *ans);
/**
 * scenario_end() - destroy the run's machine
 * @x: the run; zeroed
 *
 * Return: the number of allocations the kernel model leaked (0).
 */
unsigned long scenario_end(struct scenario_exec *x);

/**
 * scenario_run_booted() - run a scenario's steps on a machine already booted
 * @x: the run, from scenario_begin() with a scenario of the same machine
 *	options and cmdline; its state after the steps (scenario_end() it)
 * @scn: the scenario whose steps run
 * @opts: as scenario_run()
 * @out: as scenario_run()
 * @err: as scenario_run()
 *
 * scenario_run() is scenario_begin(), this and scenario_end(); the fuzzing
 * harness boots a machine once and runs each input on a fork of it.
 *
 * Return: as scenario_run(), without the leak check of the teardown.
 */
int scenario_run_booted(struct scenario_exec *x, const struct scenario *scn,
			const struct scenario_options *opts, FILE *out, struct hm_buf *err);
/**
 * scenario_run() - run a scenario and print its transcript
 * @scn: the scenario
 * @opts: the options (may be NULL)
 * @out: the transcript, text or JSON
 * @err: the message or report on failure
 *
 * With opts->errors, the steps that answered an error are listed there
 * ("FILE:LINE: STEP"); they do not fail the run.
 *
 * Return: 0; -EINVAL or -ENOMEM for a machine that cannot be built
 * (message in @err, nothing printed); -EUCLEAN if the verifier found a
 * violation or the kernel model leaked allocations at teardown (the report
 * in @err); -EIO if the tree could not be exported to opts->export_dir.
 */
int scenario_run(const struct scenario *scn, const struct scenario_options *opts, FILE *out,
		 struct hm_buf *err);

#endif /* HOTMEM_SCENARIO_H */
