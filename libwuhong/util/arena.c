/*
 * util/arena.c — see util/arena.h.
 */
#include "util/arena.h"

#include <string.h>

#include "util/alloc.h"

struct wh_arena_chunk {
	wh_arena_chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

/* size bytes at a multiple of align (a power of two) in the chunk. */
static void *arena_take(wh_arena *a, size_t size, size_t align)
{
	wh_arena_chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < size) {
		size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = wh_malloc(sizeof *c + want);
		if (!c)
			return NULL;
		c->size = want;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	void *p = (char *)c->data + at;
	c->used = at + size;
	return p;
}

void *wh_arena_alloc(wh_arena *a, size_t size)
{
	return arena_take(a, size, sizeof(max_align_t));
}

char *wh_arena_strndup(wh_arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1); /* text needs no alignment: a million ids and names pack */
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *wh_arena_strdup(wh_arena *a, const char *s)
{
	return wh_arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

void wh_arena_free(wh_arena *a)
{
	wh_arena_chunk *c = a->head;
	while (c) {
		wh_arena_chunk *next = c->next;
		wh_free(c);
		c = next;
	}
	a->head = NULL;
}
