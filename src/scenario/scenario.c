// SPDX-License-Identifier: GPL-2.0
/*
 * scenario.c - parsing and running scenario files, and the transcript each
 * step prints (tests/conformance/FORMAT.md).
 *
 * The whole file is parsed and checked before anything runs, so that a
 * bad line is reported with its number and nothing happens.  The guest
 * handles ACPI events (DIMM add and eject) before every step that looks at
 * it and at "sleep", as the real guest does asynchronously.
 */
#include <errno.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hotmem/fuse_sysfs.h"
#include "hotmem/machine.h"
#include "hotmem/scenario.h"
#include "hotmem/sysfs.h"
#include "hotmem/system.h"
#include "hotmem/verify.h"
#include "scenario/dump.h"
#include "scenario/ndctl.h"
#include "scenario/tool.h"
#include "scenario/tree.h"

static const struct step_op step_ops[STEP_NR_VERBS];

static const char *verb_name(enum step_verb v)
{
	return step_ops[v].name;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
			   end[-1] == '\n'))
		*--end = '\0';
	return s;
}

/* A workload name: letters, digits, '_', '-', '.'. */
static bool valid_alloc_name(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/*
 * "alloc movable|unmovable SIZE [node=N] [as=NAME]": the arguments, or a
 * message.  SIZE is QEMU's (bytes, or a K/M/G/T suffix), rounded up to pages.
 */
static const char *parse_alloc(const char *rest, struct step_alloc_args *a)
{
	const char *p = rest;
	char word[80];
	uint64_t size;
	size_t n;
	int k;

	memset(a, 0, sizeof(*a));
	a->nid = NUMA_NO_NODE;
	for (k = 0; *p; k++) {
		n = strcspn(p, " \t");
		if (n >= sizeof(word))
			return "'alloc': argument too long";
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		p += strspn(p, " \t");
		if (k == 0) {
			if (strcmp(word, "movable") && strcmp(word, "unmovable"))
				return "'alloc' needs movable or unmovable";
			a->movable = !strcmp(word, "movable");
		} else if (k == 1) {
			if (qemu_parse_size(word, 1, &size) || !size ||
			    size > (1ULL << MAX_PHYSMEM_BITS))
				return "'alloc' needs a size";
			a->nr_pages = (unsigned long)((size + PAGE_SIZE - 1) / PAGE_SIZE);
		} else if (!strncmp(word, "node=", 5)) {
			char *end;
			long v = strtol(word + 5, &end, 10);

			if (!word[5] || *end || v < 0 || v >= MAX_NUMNODES)
				return "'alloc': bad node=";
			a->nid = (int)v;
		} else if (!strncmp(word, "as=", 3)) {
			if (!valid_alloc_name(word + 3, strlen(word + 3)))
				return "'alloc': bad as=NAME";
			strcpy(a->name, word + 3);
		} else {
			return "'alloc' takes movable|unmovable SIZE [node=N] [as=NAME]";
		}
	}
	return k >= 2 ? NULL : "'alloc' needs movable|unmovable and a size";
}

/* The parser's allocations: the counted allocator if there is one, else libc's. */
static void *scn_realloc(struct hm_alloc *a, void *p, size_t n)
{
	return a ? hm_krealloc(a, p, n) : realloc(p, n);
}

static char *scn_strdup(struct hm_alloc *a, const char *s)
{
	return a ? hm_kstrdup(a, s) : strdup(s);
}

static void scn_free(struct hm_alloc *a, void *p)
{
	if (a)
		hm_kfree(a, p);
	else
		free(p);
}

/* ------------------------------------------------------------ parsing */

/* What a step's parse function may look at besides its own line. */
struct step_parse {
	bool machine_seen;	/* a machine line came before */
	struct hm_alloc *alloc;	/* the parser's allocator (NULL: libc) */
};

/* A parse function's answer when it could not allocate: -ENOMEM, not a bad line */
static const char parse_oom[] = "out of memory";

static const char *parse_machine(struct scenario_step *st, struct step_parse *p)
{
	if (p->machine_seen)
		return "a second 'machine' line";
	p->machine_seen = true;
	return *st->rest ? NULL : "'machine' needs QEMU options";
}

static const char *parse_cmdline(struct scenario_step *st, struct step_parse *p)
{
	return *st->rest ? NULL : "'cmdline' needs kernel arguments";
}

/* qmp: the request, parsed here once; its envelope is QEMU's to check when it runs */
static const char *parse_qmp(struct scenario_step *st, struct step_parse *p)
{
	/* the parser's JSON comes from its allocator too */
	unsigned long null_before = p->alloc ? p->alloc->nr_null : 0;
	json_error_t jerr;
	json_t *j;

	j = hm_json_loads(p->alloc, st->rest, 0, &jerr);
	/* jansson does not always say that it ran out of memory; the allocator does */
	if ((!j && json_error_code(&jerr) == json_error_out_of_memory) ||
	    (p->alloc && p->alloc->nr_null != null_before)) {
		json_decref(j);	/* a value parsed around a failure: ENOMEM all the same */
		return parse_oom;
	}
	if (!j)
		return "'qmp' needs a JSON object";
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "execute"))) {
		json_decref(j);
		return "'qmp' needs a JSON object with \"execute\"";
	}
	st->arg.qmp = j;
	return NULL;
}

static const char *parse_path(struct scenario_step *st, struct step_parse *p)
{
	return st->rest[0] == '/' ? NULL : "needs an absolute path";
}

/* sleep SECONDS: guest time; a year or more is as good as forever (and inf too) */
static const char *parse_sleep(struct scenario_step *st, struct step_parse *p)
{
	char *end;
	double secs = strtod(st->rest, &end);

	if (!*st->rest || *end || !(secs >= 0))
		return "'sleep' needs a number of seconds";
	st->arg.sleep_ms = secs < 3.2e7 ? (uint64_t)(secs * 1000) : (uint64_t)3.2e10;
	return NULL;
}

static const char *parse_alloc_step(struct scenario_step *st, struct step_parse *p)
{
	return parse_alloc(st->rest, &st->arg.alloc);
}

/* lsmem, chmem: words split at blanks (tool.c), no shell */
static const char *parse_tool_args(struct scenario_step *st, struct step_parse *p)
{
	char buf[4096], *words[TOOL_MAX_ARGS];

	return tool_split_args(st->rest, words, TOOL_MAX_ARGS, buf, sizeof(buf)) < 0 ?
		"too many arguments" : NULL;
}

static const char *parse_name(struct scenario_step *st, struct step_parse *p)
{
	return valid_alloc_name(st->rest, strlen(st->rest)) ? NULL :
							      "needs the NAME of an allocation";
}

/* tree PATH...: absolute paths */
static const char *parse_tree(struct scenario_step *st, struct step_parse *p)
{
	return scenario_tree_check(st->rest);
}

/* The steps that take their text as it is (a dump's label, ndctl's words) or nothing. */
static const char *parse_any(struct scenario_step *st, struct step_parse *p)
{
	return NULL;
}

/* Drops what a step's parse function made (a qmp step's request). */
static void step_args_free(struct scenario_step *st)
{
	if (st->verb == STEP_QMP)
		json_decref(st->arg.qmp);
	st->arg.qmp = NULL;
}

int scenario_parse_alloc(struct scenario *scn, const char *path, const char *text,
			 struct hm_alloc *alloc, struct hm_buf *err)
{
	struct step_parse p = { .alloc = alloc };
	char *copy, *line, *next;
	unsigned int lineno = 0, cap = 0;
	int ret = 0;

	memset(scn, 0, sizeof(*scn));
	scn->alloc = alloc;
	copy = scn_strdup(alloc, text);
	scn->path = scn_strdup(alloc, path);
	scn->machine = DEFAULT_MACHINE;
	if (!copy || !scn->path) {
		scn_free(alloc, copy);
		scenario_free(scn);
		return -ENOMEM;
	}
	for (line = copy; line && !ret; line = next) {
		struct scenario_step one = { 0 }, *st;
		const struct step_op *op = NULL;
		char *t, *rest;
		const char *msg;
		size_t i, n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		t = trim(line);
		if (!*t || *t == '#')
			continue;
		n = strcspn(t, " \t");
		rest = t[n] ? trim(t + n + 1) : t + n;
		t[n] = '\0';
		for (i = 0; i < STEP_NR_VERBS && !op; i++)
			if (!strcmp(step_ops[i].name, t))
				op = &step_ops[i];
		if (!op) {
			hm_buf_printf(err, "%s:%u: unknown step '%s'", path, lineno, t);
			ret = -EINVAL;
			break;
		}
		one.verb = op->verb;
		one.op = op;
		one.rest = rest;
		one.line = lineno;
		msg = op->parse(&one, &p);
		if (msg == parse_oom) {
			ret = -ENOMEM;
			break;
		}
		if (msg) {
			hm_buf_printf(err, "%s:%u: %s: %s", path, lineno, t, msg);
			ret = -EINVAL;
			break;
		}
		if (scn->nr_steps == cap) {
			cap = cap ? cap * 2 : 32;
			st = scn_realloc(alloc, scn->steps, cap * sizeof(*st));
			if (!st) {
				step_args_free(&one);
				ret = -ENOMEM;
				break;
			}
			scn->steps = st;
		}
		one.rest = scn_strdup(alloc, rest);
		if (!one.rest) {
			step_args_free(&one);
			ret = -ENOMEM;
			break;
		}
		st = &scn->steps[scn->nr_steps++];
		*st = one;
		if (st->verb == STEP_MACHINE) {
			scn->machine = st->rest;
			scn->machine_line = lineno;
		}
		if (st->verb == STEP_CMDLINE) {
			size_t len = scn->cmdline ? strlen(scn->cmdline) + 1 : 0;
			char *c = scn_realloc(alloc, scn->cmdline, len + strlen(rest) + 1);

			if (!c) {
				ret = -ENOMEM;
				break;
			}
			if (len)
				c[len - 1] = ' ';
			strcpy(c + len, rest);
			scn->cmdline = c;
		}
	}
	scn_free(alloc, copy);
	if (ret)
		scenario_free(scn);
	return ret;
}

int scenario_parse(struct scenario *scn, const char *path, const char *text,
		   struct hm_buf *err)
{
	return scenario_parse_alloc(scn, path, text, NULL, err);
}

/* The byte offset of the first invalid UTF-8 sequence in s[0..len), or len. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (i + n >= len)	/* cut short */
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

int scenario_check_text(const char *name, const char *text, size_t len, struct hm_buf *err)
{
	const char *nul = memchr(text, '\0', len);
	size_t bad = utf8_valid_prefix((const unsigned char *)text, len), at;
	unsigned int line = 1;
	size_t i;

	if (!nul && bad == len)
		return 0;
	at = nul && (size_t)(nul - text) < bad ? (size_t)(nul - text) : bad;
	for (i = 0; i < at; i++)
		line += text[i] == '\n';
	hm_buf_printf(err, "%s:%u: %s", name, line, text + at == nul ? "a NUL byte" :
		      "not valid UTF-8");
	return -EINVAL;
}

int scenario_load(struct scenario *scn, const char *path, struct hm_buf *err)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	struct hm_buf text;
	char chunk[4096];
	struct stat st;
	size_t n;
	int ret;

	memset(scn, 0, sizeof(*scn));
	if (!f) {
		ret = -errno;
		hm_buf_printf(err, "%s: %s", name, strerror(-ret));
		return ret;
	}
	/* fopen() opens a directory for reading; reading it then fails */
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		if (!is_stdin)
			fclose(f);
		hm_buf_printf(err, "%s: %s", name, strerror(EISDIR));
		return -EISDIR;
	}
	hm_buf_init(&text);
	while (text.len <= SCENARIO_MAX_BYTES && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hm_buf_append(&text, chunk, n);
	ret = ferror(f) ? -(errno ? errno : EIO) : text.oom ? -ENOMEM : 0;
	if (!is_stdin)
		fclose(f);
	if (!ret && text.len > SCENARIO_MAX_BYTES) {
		hm_buf_printf(err, "%s: larger than %d bytes: not a scenario", name,
			      SCENARIO_MAX_BYTES);
		ret = -EFBIG;
	} else if (ret) {
		hm_buf_printf(err, "%s: %s", name, strerror(-ret));
	} else {
		ret = scenario_check_text(name, text.data, text.len, err);
	}
	if (ret) {
		hm_buf_free(&text);
		return ret;
	}
	ret = scenario_parse(scn, name, hm_buf_str(&text), err);
	hm_buf_free(&text);
	return ret;
}

void scenario_free(struct scenario *scn)
{
	struct hm_alloc *a = scn->alloc;
	unsigned int i;

	for (i = 0; i < scn->nr_steps; i++) {
		step_args_free(&scn->steps[i]);
		scn_free(a, scn->steps[i].rest);
	}
	scn_free(a, scn->steps);
	scn_free(a, scn->cmdline);
	scn_free(a, scn->path);
	memset(scn, 0, sizeof(*scn));
}

/* ---------------------------------------------------------------- running */

const char *errno_name(int err)
{
	static const struct { int e; const char *n; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { EHWPOISON, "EHWPOISON" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == err)
			return names[i].n;
	return "EUNKNOWN";
}

/* write: the shell's echo "$value" > path: 0 or the errno the shell would see */
static int step_write(struct hm_system *sys, const char *rest)
{
	const char *sp = strchr(rest, ' ');
	char path[512];
	struct hm_buf val;
	int ret;

	snprintf(path, sizeof(path), "%.*s", sp ? (int)(sp - rest) : (int)strlen(rest), rest);
	hm_buf_init(&val);
	hm_buf_printf(&val, "%s\n", sp ? sp + 1 : "");
	ret = sysfs_write(sys, path, hm_buf_str(&val), val.len);
	if (ret == -ENOENT) {
		/*
		 * The shell's ">" opens with O_CREAT: in an existing sysfs
		 * directory, creating the missing file is refused with EACCES.
		 */
		struct sysfs_stat st;
		char *slash = strrchr(path, '/');

		if (slash && slash != path) {
			*slash = '\0';
			if (!sysfs_stat(sys, path, &st) && st.kind == SYSFS_DIR)
				ret = -EACCES;
		}
	}
	hm_buf_free(&val);
	return ret;
}

/* read: cat path, as busybox cat answers */
static int step_read(struct hm_system *sys, const char *path, struct hm_buf *out)
{
	int ret = sysfs_read(sys, path, out);

	if (ret == -ENOENT)
		hm_buf_printf(out, "cat: can't open '%s': No such file or directory\n", path);
	else if (ret == -EISDIR)
		hm_buf_printf(out, "cat: read error: Is a directory\n");
	else if (ret == -EACCES)
		hm_buf_printf(out, "cat: read error: Input/output error\n");
	else if (ret)
		hm_buf_printf(out, "cat: read error: %s\n", strerror(-ret));
	return ret;
}

/*
 * The kernel log lines a dmesg step keeps (FORMAT.md): the messages of
 * memory-hotplug devices and drivers, why a page was dumped, the debug
 * messages of mm/memory_hotplug.c, zonelist rebuilds, and anything naming
 * hotplug, memory or System RAM.
 */
static const char *const dmesg_keep[] = {
	"^(node|acpi PNP0C80:[^[:space:]]+|virtio_mem|kmem|dax|device_dax|dax_pmem|nd_pmem|"
	"nd_region|pmem[0-9]+)[ :]",
	"^page dumped because: ",
	"^(Offlined Pages |online_pages |memory offlining )",
	"^(Fallback order for Node |Built [0-9]+ zonelists|Policy zone: )",
};

/*
 * dmesg: the kept kernel log lines since the previous dmesg, without
 * trailing spaces.  The patterns are compiled per step (steps are few; no
 * global state).
 */
static void step_dmesg(struct scenario_exec *x, struct hm_buf *out)
{
	regex_t re[ARRAY_SIZE(dmesg_keep) + 1];
	struct printk_record r;
	size_t i, nr = 0;

	for (i = 0; i < ARRAY_SIZE(dmesg_keep); i++, nr++)
		if (regcomp(&re[i], dmesg_keep[i], REG_EXTENDED | REG_NOSUB))
			goto out;
	if (regcomp(&re[nr], "hotplug|memory|system ram", REG_EXTENDED | REG_NOSUB | REG_ICASE))
		goto out;
	nr++;
	while (printk_log_next(&x->sys->log, &x->dmesg_seq, &r)) {
		size_t len = r.len;

		for (i = 0; i < nr; i++)
			if (!regexec(&re[i], r.text, 0, NULL, 0))
				break;
		if (i == nr)
			continue;
		while (len && r.text[len - 1] == ' ')
			len--;
		hm_buf_printf(out, "%.*s\n", (int)len, r.text);
	}
out:
	for (i = 0; i < nr; i++)
		regfree(&re[i]);
}

/* The step answered ret (0 or -errno): its errno in --json, an error for --strict. */
static void result_errno(struct scenario_exec *x, int ret)
{
	x->res.err = -ret;
	x->res.error = ret != 0;
}

/* Answers as write answers: ok, or error: ERRNO. */
static void answer_errno(struct scenario_exec *x, int ret, struct hm_buf *out)
{
	result_errno(x, ret);
	if (ret)
		hm_buf_printf(out, "error: %s\n", errno_name(-ret));
	else
		hm_buf_printf(out, "ok\n");
}

/* A tool's exit status: the answer's last line "rc=N", and the JSON's "rc". */
static void answer_status(struct scenario_exec *x, int status)
{
	x->res.status = status;
	x->res.error = status != 0;
	if (x->json)
		x->res.data = json_pack("{s:i}", "rc", status);
}

static int run_silent(struct scenario_exec *x, const struct scenario_step *st,
		      struct hm_buf *ans)
{
	return 1;
}

static int run_sleep(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	machine_sleep(x->m, st->arg.sleep_ms);
	return 1;
}

/*
 * qmp: the request parsed at load time, its envelope checked and its
 * command run as a monitor's are (machine_qmp_call); the JSON transcript
 * gets the request as an object ("args") and the return value ({} for the
 * text's "ok", as QMP sends it) or the error.
 */
static int run_qmp(struct scenario_exec *x, const struct scenario_step *st,
		   struct hm_buf *ans)
{
	struct qmp_request rq;
	struct qmp_reply r = { 0 };

	if (qmp_check_request(st->arg.qmp, false, &rq, r.desc, sizeof(r.desc)))
		r.cls = "GenericError";
	else
		machine_qmp_call(x->m, &rq, QMP_CALL_TEXT, &r);
	qmp_reply_answer(&r, ans);
	hm_buf_append(ans, "\n", 1);
	x->res.error = r.cls != NULL;
	if (x->json && r.cls)
		x->res.data = json_pack("{s:o,s:{s:s,s:s%}}", "args", json_deep_copy(st->arg.qmp),
					"error", "class", r.cls, "desc", r.desc, strcspn(r.desc, "\n"));
	else if (x->json)
		x->res.data = json_pack("{s:o,s:o}", "args", json_deep_copy(st->arg.qmp),
					"return", r.ret ? json_incref(r.ret) : json_object());
	qmp_reply_free(&r);
	return 0;
}

static int run_write(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	answer_errno(x, step_write(x->sys, st->rest), ans);
	return 0;
}

static int run_read(struct scenario_exec *x, const struct scenario_step *st,
		    struct hm_buf *ans)
{
	result_errno(x, step_read(x->sys, st->rest, ans));
	return 0;
}

/* tree: the JSON transcript gets the entries as values too */
static int run_tree(struct scenario_exec *x, const struct scenario_step *st,
		    struct hm_buf *ans)
{
	result_errno(x, scenario_tree(x->sys, st->rest, ans));
	if (x->json)
		x->res.data = json_pack("{s:o}", "tree", scenario_tree_json(x->sys, st->rest));
	return 0;
}

static int run_dump(struct scenario_exec *x, const struct scenario_step *st,
		    struct hm_buf *ans)
{
	size_t start = ans->len;

	if (dump_state(x->sys, ans)) {
		ans->len = start;	/* no partial dump */
		if (ans->data)
			ans->data[start] = '\0';
		answer_errno(x, -ENOMEM, ans);
	}
	if (x->json)
		x->res.data = json_pack("{s:o}", "state", dump_state_json(x->sys));
	return 0;
}

/* lsmem: the JSON transcript gets lsmem -J's document, run on the same export */
static int run_lsmem(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	struct hm_buf doc;
	json_t *j = NULL;
	int status = 0;

	if (x->no_tools) {
		hm_buf_printf(ans, "lsmem: skipped\n");
		return 0;
	}
	hm_buf_init(&doc);
	if (tool_lsmem(x, st->rest, ans, &status, x->json ? &doc : NULL)) {
		hm_buf_printf(ans, "lsmem: cannot export the emulated sysfs\n");
		status = 1;
	} else if (x->json && doc.len) {
		j = json_loads(hm_buf_str(&doc), 0, NULL);
	}
	x->res.status = status;
	x->res.error = status != 0;
	if (x->json)
		x->res.data = json_pack("{s:o}", "lsmem", j ? j : json_null());
	hm_buf_free(&doc);
	return 0;
}

static int run_chmem_step(struct scenario_exec *x, const struct scenario_step *st,
			  struct hm_buf *ans)
{
	int status = 0;

	if (x->no_tools) {
		hm_buf_printf(ans, "chmem: skipped\nrc=0\n");
	} else if (tool_chmem(x, st->rest, ans, &status)) {
		hm_buf_printf(ans, "chmem: cannot mount the live sysfs\nrc=1\n");
		status = 1;
	}
	answer_status(x, status);
	return 0;
}

/*
 * ndctl, daxctl: ndctl.c's tools, or with --real-tools the host's binaries,
 * on the state after the guest caught up
 */
static int run_nd(struct scenario_exec *x, const struct scenario_step *st,
		  struct hm_buf *ans)
{
	int status = 0;

	machine_guest_sync(x->m);
	if (x->real_nd_tools && !x->no_tools && !tool_in_path(verb_name(st->verb))) {
		/* the host decides: no binary, no transcript to compare */
		hm_buf_printf(ans, "%s: skipped: not installed (Debian: apt-get install %s)\nrc=0\n",
			      verb_name(st->verb), verb_name(st->verb));
	} else if (x->real_nd_tools && !x->no_tools) {
		if (tool_live(x, verb_name(st->verb), st->rest, ans, &status)) {
			hm_buf_printf(ans, "%s: cannot mount the live sysfs\nrc=1\n",
				      verb_name(st->verb));
			status = 1;
		}
	} else if (run_nd_tool(x->sys, st->verb == STEP_DAXCTL, st->rest, ans, &status)) {
		hm_buf_printf(ans, "%s: out of memory\nrc=1\n", verb_name(st->verb));
		status = 1;
	}
	answer_status(x, status);
	return 0;
}

static int run_events(struct scenario_exec *x, const struct scenario_step *st,
		      struct hm_buf *ans)
{
	machine_events(x->m, ans);
	return 0;
}

static int run_uevents(struct scenario_exec *x, const struct scenario_step *st,
		       struct hm_buf *ans)
{
	uevents_read(x->sys, &x->uevent_seq, ans);
	return 0;
}

static int run_dmesg(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	step_dmesg(x, ans);
	return 0;
}

static int run_verify(struct scenario_exec *x, const struct scenario_step *st,
		      struct hm_buf *ans)
{
	if (machine_verify(x->m, ans))
		return 2;
	hm_buf_printf(ans, "ok\n");
	return 0;
}

static int run_alloc(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	const struct step_alloc_args *a = &st->arg.alloc;

	answer_errno(x, workload_alloc(x->sys, a->name[0] ? a->name : NULL, a->movable,
				       a->nr_pages, a->nid), ans);
	return 0;
}

/* free NAME, check NAME */
static int run_named(struct scenario_exec *x, const struct scenario_step *st,
		     struct hm_buf *ans)
{
	int (*fn)(struct hm_system *, const char *) =
		st->verb == STEP_FREE ? workload_free : workload_check;

	answer_errno(x, fn(x->sys, st->rest), ans);
	return 0;
}

/*
 * The step table: one row per verb, in the order of enum step_verb.  A new
 * verb is a row here, its parse and run functions, and its lines in the
 * documents tests/cli/step-docs.sh checks against `hotmem help steps`
 * (hotmem.scn(5), FORMAT.md, the bash completion).
 */
#define SYNC STEP_F_SYNC
#define EMU STEP_F_EMU_ONLY
#define CTL STEP_F_CONTROL
#define SILENT STEP_F_SILENT
#define EMPTY STEP_F_MAY_BE_EMPTY
static const struct step_op step_ops[STEP_NR_VERBS] = {
	[STEP_MACHINE] = { "machine", STEP_MACHINE, SILENT, "QEMU-OPTIONS",
			   "the machine, as QEMU options (one line, before any other step)",
			   parse_machine, run_silent },
	[STEP_CMDLINE] = { "cmdline", STEP_CMDLINE, SILENT, "KERNEL-ARGS",
			   "kernel command line arguments (the lines are joined)",
			   parse_cmdline, run_silent },
	[STEP_QMP] = { "qmp", STEP_QMP, CTL, "JSON",
		       "a QMP command: ok, return JSON or error CLASS: DESC",
		       parse_qmp, run_qmp },
	[STEP_WRITE] = { "write", STEP_WRITE, SYNC | CTL, "PATH VALUE",
			 "echo VALUE > PATH: ok or error: ERRNO", parse_path, run_write },
	[STEP_READ] = { "read", STEP_READ, SYNC | CTL, "PATH",
			"cat PATH (a sysfs or procfs file)", parse_path, run_read },
	[STEP_LSMEM] = { "lsmem", STEP_LSMEM, SYNC | CTL, "ARGS",
			 "util-linux lsmem on the machine's sysfs", parse_tool_args, run_lsmem },
	[STEP_CHMEM] = { "chmem", STEP_CHMEM, SYNC | CTL, "ARGS",
			 "util-linux chmem on the machine's live sysfs, then rc=N",
			 parse_tool_args, run_chmem_step },
	[STEP_NDCTL] = { "ndctl", STEP_NDCTL, SYNC | CTL, "ARGS",
			 "ndctl (NVDIMM regions and namespaces), then rc=N", parse_any, run_nd },
	[STEP_DAXCTL] = { "daxctl", STEP_DAXCTL, SYNC | CTL, "ARGS",
			  "daxctl (device-dax, dax kmem), then rc=N", parse_any, run_nd },
	[STEP_DUMP] = { "dump", STEP_DUMP, SYNC | CTL, "LABEL",
			"the hotplug state: blocks, zones, iomem, meminfo", parse_any, run_dump },
	[STEP_SLEEP] = { "sleep", STEP_SLEEP, SYNC | CTL | SILENT, "SECONDS",
			 "let guest time pass (timers fire)", parse_sleep, run_sleep },
	[STEP_VERIFY] = { "verify", STEP_VERIFY, SYNC | CTL | EMU, "",
			  "run the invariant checker: ok, or the run fails", parse_any, run_verify },
	[STEP_ALLOC] = { "alloc", STEP_ALLOC, SYNC | CTL | EMU,
			 "movable|unmovable SIZE [node=N] [as=NAME]",
			 "allocate and fill pages: ok or error: ERRNO", parse_alloc_step, run_alloc },
	[STEP_FREE] = { "free", STEP_FREE, SYNC | CTL | EMU, "NAME",
			"free an allocation: ok or error: ERRNO", parse_name, run_named },
	[STEP_CHECK] = { "check", STEP_CHECK, SYNC | CTL | EMU, "NAME",
			 "check an allocation's pages and pattern: ok or error: ERRNO",
			 parse_name, run_named },
	[STEP_DMESG] = { "dmesg", STEP_DMESG, SYNC | CTL | EMPTY, "",
			 "the kernel log lines about memory hotplug since the last dmesg",
			 parse_any, run_dmesg },
	[STEP_EVENTS] = { "events", STEP_EVENTS, SYNC | CTL | EMPTY, "",
			  "the QMP events since the last events", parse_any, run_events },
	[STEP_UEVENTS] = { "uevents", STEP_UEVENTS, SYNC | CTL | EMPTY, "",
			   "the kernel uevents since the last uevents", parse_any, run_uevents },
	[STEP_TREE] = { "tree", STEP_TREE, SYNC | CTL, "PATH...",
			"every entry under each path, recursively, with the files' modes and lines",
			parse_tree, run_tree },
};
#undef SYNC
#undef EMU
#undef CTL
#undef SILENT
#undef EMPTY

const struct step_op *scenario_step_ops(unsigned int *nr)
{
	*nr = STEP_NR_VERBS;
	return step_ops;
}

static void ensure_newline(struct hm_buf *b)
{
	if (b->len && b->data[b->len - 1] != '\n')
		hm_buf_append(b, "\n", 1);
}

int scenario_begin(const struct scenario *scn, struct scenario_exec *x, struct hm_buf *err)
{
	struct hm_buf msg;
	int ret;

	memset(x, 0, sizeof(*x));
	x->scn = scn;
	ret = machine_create(&x->m, scn->machine, scn->cmdline, err);
	if (!ret) {
		x->sys = machine_system(x->m);
		/* dmesg from the end of boot; uevents once the guest is ready (modules loaded) */
		x->dmesg_seq = machine_init_log_seq(x->m);
		machine_guest_sync(x->m);
		x->uevent_seq = uevents_seq(x->sys);
		return 0;
	}
	hm_buf_init(&msg);
	hm_buf_printf(&msg, "%s:%u: machine: %s", scn->path, scn->machine_line, hm_buf_str(err));
	hm_buf_reset(err);
	hm_buf_append(err, hm_buf_str(&msg), msg.len);
	hm_buf_free(&msg);
	return ret;
}

int scenario_sync_before(struct scenario_exec *x, unsigned int i)
{
	if (!(x->scn->steps[i].op->flags & STEP_F_SYNC))
		return 0;
	return machine_guest_sync(x->m);
}

static void step_result_reset(struct step_result *r)
{
	json_decref(r->data);
	memset(r, 0, sizeof(*r));
}

int scenario_step(struct scenario_exec *x, unsigned int i, struct hm_buf *ans)
{
	const struct scenario_step *st = &x->scn->steps[i];
	const struct step_op *op = st->op;
	size_t start = ans->len;
	int ret;

	step_result_reset(&x->res);
	ret = op->run(x, st, ans);
	if (ret == 1 || (op->flags & STEP_F_MAY_BE_EMPTY))
		return ret;	/* an empty answer has no lines */
	if (ans->len == start)
		hm_buf_append(ans, "\n", 1);
	ensure_newline(ans);
	return ret;
}

unsigned long scenario_end(struct scenario_exec *x)
{
	unsigned long leaks;

	step_result_reset(&x->res);
	leaks = machine_destroy(x->m);
	memset(x, 0, sizeof(*x));
	return leaks;
}

/*
 * The JSON form of one step (schema_version 2): its verb, text, line and
 * answer, "errno" (the errno name of a failed write, read or workload step,
 * else null), and what the run said the answer means for tools
 * (step_result.data): a dump as typed values, a QMP return or error, a
 * tool's exit status, lsmem -J's document.
 */
static json_t *step_json(struct scenario_exec *x, const struct scenario_step *st,
			 const char *answer)
{
	json_t *j = json_pack("{s:s,s:s,s:i,s:s}", "verb", verb_name(st->verb), "args", st->rest,
			      "line", st->line, "answer", answer);

	json_object_set_new(j, "errno", x->res.err ? json_string(errno_name(x->res.err)) :
						     json_null());
	if (x->res.data)
		json_object_update(j, x->res.data);
	return j;
}

/* run -v: the kernel log written since the last call, every record. */
static void print_klog(struct scenario_exec *x, FILE *f)
{
	struct printk_record r;

	while (printk_log_next(&x->sys->log, &x->klog_seq, &r))
		fprintf(f, "%s\n", r.text);
	fflush(f);
}

int scenario_run_booted(struct scenario_exec *xp, const struct scenario *scn,
			const struct scenario_options *opts, FILE *out, struct hm_buf *err)
{
	json_t *doc = NULL, *steps = NULL;
	struct scenario_exec x = *xp;
	struct hm_buf ans;
	unsigned int i;
	int ret = 0;

	x.scn = scn;
	x.no_tools = opts && opts->no_tools;
	x.real_nd_tools = opts && opts->real_nd_tools;
	x.json = opts && opts->json;
	if (x.json) {
		steps = json_array();
		doc = json_pack("{s:s,s:i,s:s,s:o,s:o}", "schema", "hotmem-transcript",
				"schema_version", SCENARIO_JSON_SCHEMA_VERSION, "machine", scn->machine,
				"cmdline", scn->cmdline ? json_string(scn->cmdline) : json_null(),
				"steps", steps);
	} else {
		fprintf(out, "== machine %s\n", scn->machine);
		if (scn->cmdline)
			fprintf(out, "== cmdline %s\n", scn->cmdline);
	}
	hm_buf_init(&ans);
	for (i = 0; i < scn->nr_steps && !ret; i++) {
		const struct scenario_step *st = &scn->steps[i];
		int rc;

		scenario_sync_before(&x, i);
		hm_buf_reset(&ans);
		rc = scenario_step(&x, i, &ans);
		if (opts && opts->klog && rc)
			print_klog(&x, opts->klog);
		if (rc == 1)
			continue;
		if (!doc)
			fprintf(out, "== %s%s%s\n", verb_name(st->verb), *st->rest ? " " : "",
				st->rest);
		if (rc == 2) {
			hm_buf_append(err, hm_buf_str(&ans), ans.len);
			ret = -EUCLEAN;
			break;
		}
		if (doc) {
			json_t *sj = step_json(&x, st, hm_buf_str(&ans));

			/* a step that cannot be encoded fails the run: none is dropped */
			if (!sj || json_array_append_new(steps, sj)) {
				hm_buf_printf(err, "%s:%u: %s: cannot encode the step as JSON\n",
					      scn->path, st->line, verb_name(st->verb));
				ret = 1;
				break;
			}
		} else
			fputs(hm_buf_str(&ans), out);
		if (x.res.error && opts && opts->errors)
			hm_buf_printf(opts->errors, "%s:%u: %s%s%s\n", scn->path, st->line,
				      verb_name(st->verb), *st->rest ? " " : "", st->rest);
		if (opts && opts->klog)
			print_klog(&x, opts->klog);
		if (opts && opts->verify && machine_verify(x.m, err)) {
			hm_buf_printf(err, "after %s:%u (%s)\n", scn->path, st->line,
				      verb_name(st->verb));
			ret = -EUCLEAN;
		}
	}
	hm_buf_free(&ans);
	if (!ret && opts && opts->verify_end && !opts->verify && machine_verify(x.m, err)) {
		hm_buf_printf(err, "after the last step of %s\n", scn->path);
		ret = -EUCLEAN;
	}
	if (doc) {
		json_dumpf(doc, out, JSON_INDENT(2) | JSON_SORT_KEYS);
		fputc('\n', out);
		json_decref(doc);
	}
	fflush(out);
	if (!ret && opts && opts->export_dir) {
		machine_guest_sync(x.m);
		if (sysfs_export(x.sys, opts->export_dir)) {
			hm_buf_printf(err, "cannot export to %s", opts->export_dir);
			ret = -EIO;
		}
	}
	*xp = x;
	return ret;
}

int scenario_run(const struct scenario *scn, const struct scenario_options *opts, FILE *out,
		 struct hm_buf *err)
{
	struct scenario_exec x;
	unsigned long leaks;
	int ret;

	ret = scenario_begin(scn, &x, err);
	if (ret)
		return ret;
	ret = scenario_run_booted(&x, scn, opts, out, err);
	leaks = scenario_end(&x);
	if (leaks) {
		hm_buf_printf(err, "%lu kernel-model allocations leaked at teardown\n", leaks);
		ret = -EUCLEAN;
	}
	return ret;
}
