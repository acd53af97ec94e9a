/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloc.h - the one allocator every piece of kernel-model metadata goes through.
 *
 * The kernel allocates its metadata with kmalloc/kzalloc and can fail with
 * -ENOMEM at any of those points.  hotmem routes every metadata allocation
 * through a struct hm_alloc owned by the system object, so that tests can
 * fail the N-th call (fault injection, the SQLite "OOM loop") and so that
 * leaks can be counted without a sanitizer.
 *
 * The counters are atomic (the page-table model frees tables from
 * concurrent walkers); fault injection is for one thread at a time.
 */
#ifndef HOTMEM_ALLOC_H
#define HOTMEM_ALLOC_H

#include <stddef.h>
#include <stdbool.h>
#include <jansson.h>

struct hm_alloc {
	unsigned long nr_calls;		/* allocation calls so far */
	unsigned long fail_at;		/* fail call number fail_at (1-based); 0: never */
	bool fail_repeat;		/* with fail_at: fail every call from fail_at on */
	unsigned long nr_failed;	/* calls failed by injection */
	unsigned long nr_null;		/* calls that returned NULL, injected or real */
	unsigned int no_inject;		/* > 0: calls are counted as live blocks, not as calls */
	unsigned long nr_live;		/* allocations not yet freed */
	size_t bytes_live;		/* their total size */
	size_t bytes_peak;		/* the largest bytes_live seen */
};

void hm_alloc_init(struct hm_alloc *a);

/* Returns NULL on a (real or injected) failure. */
void *hm_kmalloc(struct hm_alloc *a, size_t size);
void *hm_kzalloc(struct hm_alloc *a, size_t size);
void *hm_kcalloc(struct hm_alloc *a, size_t n, size_t size);
char *hm_kstrdup(struct hm_alloc *a, const char *s);
/* Like krealloc: on failure the old block is untouched and NULL is returned. */
void *hm_krealloc(struct hm_alloc *a, void *p, size_t size);
void hm_kfree(struct hm_alloc *a, void *p);

/*
 * Large, page-aligned, zero-filled allocations (the memmap of a section).
 * Backed by mmap so that untouched pages cost nothing; same failure rules.
 */
void *hm_vzalloc(struct hm_alloc *a, size_t size);
void hm_vfree(struct hm_alloc *a, void *p, size_t size);
/*
 * The same without fault injection, for the memmap of a section that was
 * kept as a uniform state and is needed page by page now (memmap.h): the
 * kernel has that memmap all along, so this cannot fail in the model.
 * NULL only if the host itself is out of memory.
 */
void *hm_vzalloc_nofail(struct hm_alloc *a, size_t size);
/*
 * An allocation point that allocates nothing: counts a call and fails it
 * (-ENOMEM) as an injected failure would.  Where the compact memmap needs
 * no host memory, the kernel still allocates (vmemmap): the failure point
 * stays where it is.
 */
int hm_alloc_charge(struct hm_alloc *a);
/*
 * An hm_vzalloc block kept aside for reuse (parked) is not counted live,
 * so that leak counts stay what they would be had it been freed; unparked
 * it is again.  A parked block is unparked before hm_vfree.
 */
void hm_vpark(struct hm_alloc *a, size_t size, bool parked);

/*
 * jansson (QMP commands, answers and events) has one allocator for the whole
 * process (json_set_alloc_funcs); hotmem installs its hooks when the library
 * is loaded.  They allocate from the counted allocator of the innermost
 * scope open on the calling thread, so that the machine's JSON is counted
 * and fault-injected with everything else, and from libc outside any scope
 * (the parser without a counted allocator, the --json transcript).  Each
 * block remembers where it came from, so it may be freed in or out of a
 * scope, but not after its allocator is gone.
 *
 *	struct hm_alloc *prev = hm_json_scope_enter(a);
 *	... json_loads, json_pack, json_dumps ...
 *	hm_json_scope_leave(prev);
 *
 * The strings json_dumps returns are freed with hm_json_free, not free().
 */
struct hm_alloc *hm_json_scope_enter(struct hm_alloc *a);
void hm_json_scope_leave(struct hm_alloc *prev);
void hm_json_free(void *p);

/*
 * json_loads from a's scope (a may be NULL: libc).  jansson's parser is not
 * safe against a failed allocation inside it: its lexer ignores a failure
 * to grow the token buffer (load.c, lex_save) and then reads and writes
 * past it.  So the parse is one injectable point of its own, before it
 * starts; its allocations are counted, but not failed by injection.
 * Returns NULL with the allocator's nr_null raised when memory ran out.
 */
json_t *hm_json_loads(struct hm_alloc *a, const char *text, size_t flags, json_error_t *err);

#endif /* HOTMEM_ALLOC_H */
