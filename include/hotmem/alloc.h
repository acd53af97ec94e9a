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

/**
 * hm_alloc_init() - start an allocator with every counter at zero
 * @a: the allocator (its owner's storage)
 *
 * No injection (fail_at 0), nothing live.
 */
void hm_alloc_init(struct hm_alloc *a);

/**
 * hm_kmalloc() - allocate metadata, as kmalloc()
 * @a: the allocator that counts it
 * @size: bytes; 0 gives a valid block of no bytes
 *
 * Counts one call (a fault-injection point unless @a->no_inject) and, on
 * success, one live block of @size bytes.
 *
 * Return: the block (uninitialised, 16-byte aligned), or NULL when the call
 * was failed by injection or the host's malloc() failed; @a->nr_null counts
 * both.  The caller turns NULL into -ENOMEM.
 */
void *hm_kmalloc(struct hm_alloc *a, size_t size);
/**
 * hm_kzalloc() - allocate zeroed metadata, as kzalloc()
 * @a: the allocator that counts it
 * @size: bytes
 *
 * Return: the zero-filled block, or NULL as hm_kmalloc().
 */
void *hm_kzalloc(struct hm_alloc *a, size_t size);
/**
 * hm_kcalloc() - allocate a zeroed array, as kcalloc()
 * @a: the allocator that counts it
 * @n: elements
 * @size: bytes of one element
 *
 * Return: the zero-filled array, or NULL as hm_kmalloc(); NULL also when
 * @n * @size overflows (counted in nr_null, not as a call).
 */
void *hm_kcalloc(struct hm_alloc *a, size_t n, size_t size);
/**
 * hm_kstrdup() - copy a string into counted memory, as kstrdup()
 * @a: the allocator that counts it
 * @s: the string (not NULL)
 *
 * Return: the copy (free with hm_kfree()), or NULL as hm_kmalloc().
 */
char *hm_kstrdup(struct hm_alloc *a, const char *s);
/**
 * hm_krealloc() - resize a block, as krealloc()
 * @a: the allocator @p came from
 * @p: the block; NULL allocates as hm_kmalloc()
 * @size: its new size in bytes
 *
 * Return: the resized block (contents kept up to the smaller size), or NULL
 * on an injected or real failure; then @p is untouched and still live.
 */
void *hm_krealloc(struct hm_alloc *a, void *p, size_t size);
/**
 * hm_kfree() - free a block of hm_kmalloc() and its kin, as kfree()
 * @a: the allocator it came from
 * @p: the block; NULL does nothing
 */
void hm_kfree(struct hm_alloc *a, void *p);

/**
 * hm_vzalloc() - allocate a large zero-filled region, as vzalloc()
 * @a: the allocator that counts it
 * @size: bytes (whole pages)
 *
 * For the memmap of a section: page-aligned, backed by mmap() so that pages
 * never touched cost nothing.  One injection point, as hm_kmalloc().
 *
 * Return: the region, or NULL on an injected failure or when mmap() failed.
 */
void *hm_vzalloc(struct hm_alloc *a, size_t size);
/**
 * hm_vfree() - free a region of hm_vzalloc() or hm_vzalloc_nofail()
 * @a: the allocator it came from
 * @p: the region; NULL does nothing
 * @size: the size it was allocated with
 *
 * Context: a parked region (hm_vpark()) is unparked first.
 */
void hm_vfree(struct hm_alloc *a, void *p, size_t size);
/**
 * hm_vzalloc_nofail() - hm_vzalloc() without fault injection
 * @a: the allocator that counts it
 * @size: bytes (whole pages)
 *
 * For the memmap of a section that was kept as a uniform state and is
 * needed page by page now (memmap.h): the kernel has that memmap all along,
 * so materialising it cannot fail in the model.  Counts a live block, not
 * a call.
 *
 * Return: the region, or NULL only if the host itself is out of memory.
 */
void *hm_vzalloc_nofail(struct hm_alloc *a, size_t size);
/**
 * hm_alloc_charge() - an allocation point that allocates nothing
 * @a: the allocator
 *
 * Counts a call and fails it as an injected failure would.  Where the
 * compact memmap needs no host memory, the kernel still allocates
 * (vmemmap): the failure point stays where the kernel has it.
 *
 * Return: 0, or -ENOMEM when injection fails this call.
 */
int hm_alloc_charge(struct hm_alloc *a);
/**
 * hm_vpark() - take an hm_vzalloc() region out of the live count, or back
 * @a: the allocator it came from
 * @size: the region's size
 * @parked: true: kept aside for reuse, not counted live (leak counts stay
 *	what they would be had it been freed); false: counted live again
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

/**
 * hm_json_scope_enter() - make jansson allocate from an allocator
 * @a: the allocator; NULL: libc
 *
 * Context: per thread; scopes nest, each closed by hm_json_scope_leave()
 * with what this returned.
 * Return: the scope it replaces, to pass to hm_json_scope_leave().
 */
struct hm_alloc *hm_json_scope_enter(struct hm_alloc *a);
/**
 * hm_json_scope_leave() - close the innermost jansson scope
 * @prev: what the matching hm_json_scope_enter() returned
 */
void hm_json_scope_leave(struct hm_alloc *prev);
/**
 * hm_json_free() - free a string json_dumps() returned under a scope
 * @p: the string; NULL does nothing
 *
 * Context: the allocator it came from must still exist.
 */
void hm_json_free(void *p);

/*
 * json_loads from a's scope (a may be NULL: libc).  jansson's parser is not
 * safe against a failed allocation inside it: its lexer ignores a failure
 * to grow the token buffer (load.c, lex_save) and then reads and writes
 * past it.  So the parse is one injectable point of its own, before it
 * starts; its allocations are counted, but not failed by injection.
 * Returns NULL with the allocator's nr_null raised when memory ran out.
 */
/**
 * hm_json_loads() - json_loads() with one injection point before the parse
 * @a: the allocator of the scope to parse in; NULL: libc
 * @text: the JSON text
 * @flags: json_loads() flags
 * @err: json_loads()'s error, as it fills it
 *
 * Return: the value, or NULL: a parse error (in @err), or out of memory
 * (injected or real; @a->nr_null raised).
 */
json_t *hm_json_loads(struct hm_alloc *a, const char *text, size_t flags, json_error_t *err);

#endif /* HOTMEM_ALLOC_H */
