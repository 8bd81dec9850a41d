/*
 * util/alloc.h — libwuhong's own allocations, all through the allocator set
 * with wuhong_set_alloc_funcs. Every source file of the library uses these
 * instead of the C library's functions. Not installed.
 */
#ifndef WUHONG_ALLOC_INTERNAL_H
#define WUHONG_ALLOC_INTERNAL_H

#include <stddef.h>

void *wh_malloc(size_t size);
/* Zeroed; NULL when n * size overflows. */
void *wh_calloc(size_t n, size_t size);
void *wh_realloc(void *ptr, size_t size);
void wh_free(void *ptr);
char *wh_strdup(const char *s);
/* At most n bytes of s, NUL-terminated. */
char *wh_strndup(const char *s, size_t n);

/* size bytes at a multiple of align (a power of two, at most 256), through
 * the same allocator; freed with wh_aligned_free only. */
void *wh_aligned_alloc(size_t align, size_t size);
void wh_aligned_free(void *ptr);

#endif
