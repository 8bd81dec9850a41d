/*
 * wuhong/alloc.h — the one process-wide setting: the allocator libwuhong's
 * own allocations go through.
 *
 * Not included directly; use <wuhong.h>.
 */
#ifndef WUHONG_ALLOC_H
#define WUHONG_ALLOC_H

#include "common.h"

WUHONG_BEGIN_DECL

/** malloc-like: size bytes, or NULL. */
typedef void *(*wuhong_malloc_fn)(size_t size);
/** realloc-like: ptr may be NULL; on failure ptr is left as it was. */
typedef void *(*wuhong_realloc_fn)(void *ptr, size_t size);
/** free-like: accepts NULL. */
typedef void (*wuhong_free_fn)(void *ptr);

/**
 * Route every allocation libwuhong makes itself through these functions
 * (in the manner of jansson's json_set_alloc_funcs). The libraries it uses
 * (libyaml, libcsv, jansson, SQLite, iconv) keep their own allocators.
 *
 * This is libwuhong's only process-wide setting. Call it before the first
 * use of any other function, from one thread; never while objects made
 * with the previous functions are alive. NULL for all three restores the
 * C library's malloc, realloc and free.
 *
 * @return 0, or WUHONG_EINVAL when some but not all functions are NULL
 */
WUHONG_EXTERN int wuhong_set_alloc_funcs(wuhong_malloc_fn malloc_fn, wuhong_realloc_fn realloc_fn,
					 wuhong_free_fn free_fn);

/** The functions in force (never NULL). Any out-parameter may be NULL. */
WUHONG_EXTERN void wuhong_get_alloc_funcs(wuhong_malloc_fn *malloc_fn, wuhong_realloc_fn *realloc_fn,
					  wuhong_free_fn *free_fn);

/**
 * Free memory the library handed to the caller as a plain buffer
 * (wuhong_policy_to_json's text). Accepts NULL.
 */
WUHONG_EXTERN void wuhong_free(void *ptr);

WUHONG_END_DECL

#endif
