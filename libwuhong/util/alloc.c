/*
 * util/alloc.c — see util/alloc.h and wuhong/alloc.h.
 */
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wuhong/alloc.h"
#include "wuhong/error.h"

/* The process-wide allocator (documented as set before first use). */
static wuhong_malloc_fn use_malloc = malloc;
static wuhong_realloc_fn use_realloc = realloc;
static wuhong_free_fn use_free = free;

int wuhong_set_alloc_funcs(wuhong_malloc_fn malloc_fn, wuhong_realloc_fn realloc_fn, wuhong_free_fn free_fn)
{
	if (!malloc_fn && !realloc_fn && !free_fn) {
		use_malloc = malloc;
		use_realloc = realloc;
		use_free = free;
		return 0;
	}
	if (!malloc_fn || !realloc_fn || !free_fn)
		return WUHONG_EINVAL;
	use_malloc = malloc_fn;
	use_realloc = realloc_fn;
	use_free = free_fn;
	return 0;
}

void wuhong_get_alloc_funcs(wuhong_malloc_fn *malloc_fn, wuhong_realloc_fn *realloc_fn, wuhong_free_fn *free_fn)
{
	if (malloc_fn)
		*malloc_fn = use_malloc;
	if (realloc_fn)
		*realloc_fn = use_realloc;
	if (free_fn)
		*free_fn = use_free;
}

void wuhong_free(void *ptr)
{
	use_free(ptr);
}

void *wh_malloc(size_t size)
{
	/* malloc(0) may return NULL, which callers would take for failure */
	return use_malloc(size ? size : 1);
}

void *wh_calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	void *p = wh_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *wh_realloc(void *ptr, size_t size)
{
	return use_realloc(ptr, size ? size : 1);
}

void wh_free(void *ptr)
{
	if (ptr)
		use_free(ptr);
}

char *wh_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = wh_malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *wh_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = wh_malloc(len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* The byte before the aligned block says how far back the real one starts. */
void *wh_aligned_alloc(size_t align, size_t size)
{
	if (size > (size_t)-1 - align)
		return NULL;
	unsigned char *raw = wh_malloc(size + align);
	if (!raw)
		return NULL;
	size_t shift = align - ((uintptr_t)raw & (align - 1)); /* 1 .. align */
	unsigned char *p = raw + shift;
	p[-1] = (unsigned char)(shift - 1);
	return p;
}

void wh_aligned_free(void *ptr)
{
	if (!ptr)
		return;
	unsigned char *p = ptr;
	wh_free(p - p[-1] - 1);
}
