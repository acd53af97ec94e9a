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

static const struct {
	const char *name;
	enum step_verb verb;
} verbs[] = {
	{ "machine", STEP_MACHINE }, { "cmdline", STEP_CMDLINE }, { "qmp", STEP_QMP },
	{ "write", STEP_WRITE }, { "read", STEP_READ }, { "lsmem", STEP_LSMEM },
	{ "chmem", STEP_CHMEM }, { "ndctl", STEP_NDCTL }, { "daxctl", STEP_DAXCTL },
	{ "dump", STEP_DUMP }, { "sleep", STEP_SLEEP }, { "verify", STEP_VERIFY },
	{ "alloc", STEP_ALLOC }, { "free", STEP_FREE }, { "check", STEP_CHECK },
	{ "dmesg", STEP_DMESG }, { "events", STEP_EVENTS }, { "uevents", STEP_UEVENTS },
	{ "tree", STEP_TREE },
};

static const char *verb_name(enum step_verb v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		if (verbs[i].verb == v)
			return verbs[i].name;
	return "?";
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

struct alloc_args {
	bool movable;
	unsigned long nr_pages;
	int nid;		/* NUMA_NO_NODE: the local node */
	char name[65];		/* "" for an anonymous allocation */
};

/*
 * "alloc movable|unmovable SIZE [node=N] [as=NAME]": the arguments, or a
 * message.  SIZE is QEMU's (bytes, or a K/M/G/T suffix), rounded up to pages.
 */
static const char *parse_alloc(const char *rest, struct alloc_args *a)
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

/* Checks one step's arguments; returns a message or NULL. */
/* check_step's answer when the check could not allocate: -ENOMEM, not a bad line */
static const char check_oom[] = "out of memory";

static const char *check_step(enum step_verb verb, const char *rest, bool *machine_seen,
			      struct hm_alloc *counted)
{
	struct alloc_args alloc;
	json_error_t jerr;
	json_t *j;
	char *end;
	double secs;

	switch (verb) {
	case STEP_MACHINE:
		if (*machine_seen)
			return "a second 'machine' line";
		*machine_seen = true;
		return *rest ? NULL : "'machine' needs QEMU options";
	case STEP_CMDLINE:
		return *rest ? NULL : "'cmdline' needs kernel arguments";
	case STEP_QMP: {
		/* the parser's JSON comes from its allocator too */
		unsigned long null_before = counted ? counted->nr_null : 0;

		j = hm_json_loads(counted, rest, 0, &jerr);
		/* jansson does not always say that it ran out of memory; the allocator does */
		if ((!j && json_error_code(&jerr) == json_error_out_of_memory) ||
		    (counted && counted->nr_null != null_before)) {
			json_decref(j);	/* a value parsed around a failure: ENOMEM all the same */
			return check_oom;
		}
		if (!j)
			return "'qmp' needs a JSON object";
		if (!json_is_object(j) || !json_is_string(json_object_get(j, "execute"))) {
			json_decref(j);
			return "'qmp' needs a JSON object with \"execute\"";
		}
		json_decref(j);
		return NULL;
	}
	case STEP_WRITE:
	case STEP_READ:
		return rest[0] == '/' ? NULL : "needs an absolute path";
	case STEP_TREE:
		return scenario_tree_check(rest);
	case STEP_SLEEP:
		secs = strtod(rest, &end);
		return (*rest && !*end && secs >= 0) ? NULL : "'sleep' needs a number of seconds";
	case STEP_ALLOC:
		return parse_alloc(rest, &alloc);
	case STEP_LSMEM:
	case STEP_CHMEM: {
		char buf[4096], *words[TOOL_MAX_ARGS];

		return tool_split_args(rest, words, TOOL_MAX_ARGS, buf, sizeof(buf)) < 0 ?
			"too many arguments" : NULL;
	}
	case STEP_FREE:
	case STEP_CHECK:
		return valid_alloc_name(rest, strlen(rest)) ? NULL :
							      "needs the NAME of an allocation";
	default:
		return NULL;
	}
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

int scenario_parse_alloc(struct scenario *scn, const char *path, const char *text,
			 struct hm_alloc *alloc, struct hm_buf *err)
{
	char *copy, *line, *next;
	bool machine_seen = false;
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
		struct scenario_step *st;
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
		for (i = 0; i < ARRAY_SIZE(verbs); i++)
			if (!strcmp(verbs[i].name, t))
				break;
		if (i == ARRAY_SIZE(verbs)) {
			hm_buf_printf(err, "%s:%u: unknown step '%s'", path, lineno, t);
			ret = -EINVAL;
			break;
		}
		msg = check_step(verbs[i].verb, rest, &machine_seen, alloc);
		if (msg == check_oom) {
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
				ret = -ENOMEM;
				break;
			}
			scn->steps = st;
		}
		st = &scn->steps[scn->nr_steps];
		st->verb = verbs[i].verb;
		st->rest = scn_strdup(alloc, rest);
		st->line = lineno;
		if (!st->rest) {
			ret = -ENOMEM;
			break;
		}
		scn->nr_steps++;
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

	for (i = 0; i < scn->nr_steps; i++)
		scn_free(a, scn->steps[i].rest);
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

/* write: the shell's echo "$value" > path */
static int step_write(struct hm_system *sys, const char *rest, struct hm_buf *out)
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
	if (ret)
		hm_buf_printf(out, "error: %s\n", errno_name(-ret));
	else
		hm_buf_printf(out, "ok\n");
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

/* alloc, free, check: answered as write is, ok or error: ERRNO */
static int step_workload(struct hm_system *sys, const struct scenario_step *st,
			  struct hm_buf *out)
{
	struct alloc_args a;
	int ret;

	if (st->verb == STEP_ALLOC) {
		parse_alloc(st->rest, &a);	/* checked at parse time */
		ret = workload_alloc(sys, a.name[0] ? a.name : NULL, a.movable, a.nr_pages, a.nid);
	} else if (st->verb == STEP_FREE) {
		ret = workload_free(sys, st->rest);
	} else {
		ret = workload_check(sys, st->rest);
	}
	if (ret)
		hm_buf_printf(out, "error: %s\n", errno_name(-ret));
	else
		hm_buf_printf(out, "ok\n");
	return ret;
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
	return 2;
}

int scenario_sync_before(struct scenario_exec *x, unsigned int i)
{
	enum step_verb v = x->scn->steps[i].verb;

	if (v == STEP_QMP || v == STEP_MACHINE || v == STEP_CMDLINE)
		return 0;
	return machine_guest_sync(x->m);
}

int scenario_step(struct scenario_exec *x, unsigned int i, struct hm_buf *ans)
{
	const struct scenario_step *st = &x->scn->steps[i];
	size_t start = ans->len;
	int ret = 0;

	x->last_errno = 0;
	switch (st->verb) {
	case STEP_MACHINE:
	case STEP_CMDLINE:
		return 1;
	case STEP_SLEEP: {
		/* guest time; a year or more is as good as forever (and inf too) */
		double secs = strtod(st->rest, NULL);

		machine_sleep(x->m, secs < 3.2e7 ? (uint64_t)(secs * 1000) : 3.2e10);
		return 1;
	}
	case STEP_QMP:
		machine_qmp(x->m, st->rest, ans);
		hm_buf_append(ans, "\n", 1);
		break;
	case STEP_WRITE:
		x->last_errno = -step_write(x->sys, st->rest, ans);
		break;
	case STEP_READ:
		x->last_errno = -step_read(x->sys, st->rest, ans);
		break;
	case STEP_TREE:
		x->last_errno = -scenario_tree(x->sys, st->rest, ans);
		break;
	case STEP_DUMP:
		if (dump_state(x->sys, ans)) {
			ans->len = start;	/* no partial dump */
			if (ans->data)
				ans->data[start] = '\0';
			x->last_errno = ENOMEM;
			hm_buf_printf(ans, "error: ENOMEM\n");
		}
		break;
	case STEP_LSMEM:
		if (x->no_tools)
			hm_buf_printf(ans, "lsmem: skipped\n");
		else if (tool_lsmem(x, st->rest, ans))
			hm_buf_printf(ans, "lsmem: cannot export the emulated sysfs\n");
		break;
	case STEP_CHMEM:
		if (x->no_tools)
			hm_buf_printf(ans, "chmem: skipped\nrc=0\n");
		else if (tool_chmem(x, st->rest, ans))
			hm_buf_printf(ans, "chmem: cannot mount the live sysfs\nrc=1\n");
		break;
	case STEP_EVENTS:
		machine_events(x->m, ans);
		return 0;	/* an empty answer has no lines */
	case STEP_UEVENTS:
		uevents_read(x->sys, &x->uevent_seq, ans);
		return 0;
	case STEP_DMESG:
		step_dmesg(x, ans);
		return 0;
	case STEP_NDCTL:
	case STEP_DAXCTL:
		machine_guest_sync(x->m);
		if (run_nd_tool(x->sys, st->verb == STEP_DAXCTL, st->rest, ans))
			hm_buf_printf(ans, "%s: out of memory\nrc=1\n", verb_name(st->verb));
		break;
	case STEP_VERIFY:
		if (machine_verify(x->m, ans))
			ret = 2;
		else
			hm_buf_printf(ans, "ok\n");
		break;
	case STEP_ALLOC:
	case STEP_FREE:
	case STEP_CHECK:
		x->last_errno = -step_workload(x->sys, st, ans);
		break;
	default:
		hm_buf_printf(ans, "%s: not modelled yet\nrc=1\n", verb_name(st->verb));
		break;
	}
	if (ans->len == start)
		hm_buf_append(ans, "\n", 1);
	ensure_newline(ans);
	return ret;
}

unsigned long scenario_end(struct scenario_exec *x)
{
	unsigned long leaks = machine_destroy(x->m);

	memset(x, 0, sizeof(*x));
	return leaks;
}

/*
 * The JSON form of one step (schema_version 1): its verb, text, line and
 * answer, "errno" (the errno name of a failed write, read or workload step,
 * else null), and what the answer means for tools: a dump as typed
 * values, a QMP return or error, a tool's exit status, lsmem -J's document.
 */
static json_t *step_json(struct scenario_exec *x, const struct scenario_step *st,
			 const char *answer)
{
	json_t *j = json_pack("{s:s,s:s,s:i,s:s}", "verb", verb_name(st->verb), "args", st->rest,
			      "line", st->line, "answer", answer);

	json_object_set_new(j, "errno", x->last_errno ? json_string(errno_name(x->last_errno)) :
							json_null());
	if (st->verb == STEP_DUMP) {
		json_object_set_new(j, "state", dump_state_json(x->sys));
	} else if (st->verb == STEP_TREE) {
		json_object_set_new(j, "tree", scenario_tree_json(x->sys, st->rest));
	} else if (st->verb == STEP_QMP && !strncmp(answer, "return ", 7)) {
		json_t *ret = json_loads(answer + 7, JSON_DECODE_ANY, NULL);

		json_object_set_new(j, "return", ret ? ret : json_null());
	} else if (st->verb == STEP_QMP && !strncmp(answer, "error ", 6)) {
		const char *colon = strstr(answer, ": ");

		if (colon)
			json_object_set_new(j, "error", json_pack("{s:s%,s:s%}", "class",
				answer + 6, (size_t)(colon - answer - 6), "desc", colon + 2,
				strcspn(colon + 2, "\n")));
	} else if (st->verb == STEP_CHMEM || st->verb == STEP_NDCTL || st->verb == STEP_DAXCTL) {
		const char *rc = strstr(answer, "rc=");

		while (rc && strstr(rc + 3, "rc="))
			rc = strstr(rc + 3, "rc=");
		json_object_set_new(j, "rc", rc ? json_integer(atoi(rc + 3)) : json_null());
	} else if (st->verb == STEP_LSMEM && !x->no_tools) {
		struct hm_buf out;
		char args[1024];
		json_t *doc;

		/* lsmem -J with the step's arguments: its own JSON, for tools */
		hm_buf_init(&out);
		snprintf(args, sizeof(args), "-J %s", st->rest);
		doc = tool_lsmem(x, args, &out) ? NULL :
		      json_loads(hm_buf_str(&out), 0, NULL);
		json_object_set_new(j, "lsmem", doc ? doc : json_null());
		hm_buf_free(&out);
	}
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

int scenario_run(const struct scenario *scn, const struct scenario_options *opts, FILE *out,
		 struct hm_buf *err)
{
	json_t *doc = NULL, *steps = NULL;
	struct scenario_exec x;
	unsigned long leaks;
	struct hm_buf ans;
	unsigned int i;
	int ret;

	ret = scenario_begin(scn, &x, err);
	if (ret)
		return ret;
	x.no_tools = opts && opts->no_tools;
	if (opts && opts->json) {
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
			ret = 1;
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
		if (opts && opts->klog)
			print_klog(&x, opts->klog);
		if (opts && opts->verify && machine_verify(x.m, err)) {
			hm_buf_printf(err, "after %s:%u (%s)\n", scn->path, st->line,
				      verb_name(st->verb));
			ret = 1;
		}
	}
	hm_buf_free(&ans);
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
			ret = 1;
		}
	}
	leaks = scenario_end(&x);
	if (leaks) {
		hm_buf_printf(err, "%lu kernel-model allocations leaked at teardown\n", leaks);
		ret = 1;
	}
	return ret;
}
