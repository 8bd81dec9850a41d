/*
 * util/arena.h — an arena: many small allocations freed at once. Not installed.
 */
#ifndef WUHONG_UTIL_ARENA_H
#define WUHONG_UTIL_ARENA_H

#include <stddef.h>

typedef struct wh_arena_chunk wh_arena_chunk;
typedef struct wh_arena {
	wh_arena_chunk *head;
} wh_arena;

void *wh_arena_alloc(wh_arena *a, size_t size);
char *wh_arena_strdup(wh_arena *a, const char *s);
char *wh_arena_strndup(wh_arena *a, const char *s, size_t n);
void wh_arena_free(wh_arena *a);

#endif
