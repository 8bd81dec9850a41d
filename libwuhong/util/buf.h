/*
 * util/buf.h — a growable string buffer whose failure is sticky. Not installed.
 */
#ifndef WUHONG_UTIL_BUF_H
#define WUHONG_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/compiler.h"

typedef struct wh_buf {
	char *data;
	size_t len;
	size_t cap;
	bool oom; /* sticky: once an append failed, the buffer is unusable */
} wh_buf;

/* Room for extra more bytes (and the NUL) without growing again: one
 * allocation for a text whose size is roughly known. */
bool wh_buf_reserve(wh_buf *b, size_t extra);
bool wh_buf_append(wh_buf *b, const char *s, size_t n);
/* s[0 .. n-1] and a NUL after it, both kept (strings packed one after another). */
bool wh_buf_append_string(wh_buf *b, const char *s, size_t n);
/* n more bytes at the end, for the caller to fill (kept NUL-terminated);
 * NULL when out of memory. */
char *wh_buf_grow(wh_buf *b, size_t n);
bool wh_buf_puts(wh_buf *b, const char *s);
bool wh_buf_printf(wh_buf *b, const char *fmt, ...) WH_PRINTF(2, 3);
bool wh_buf_putc(wh_buf *b, char c);
/* Hand the NUL-terminated text to the caller (who frees it); empties b. */
char *wh_buf_steal(wh_buf *b);
/* The text so far: NULL if an append ran out of memory (the text would be
 * cut short), "" if nothing was appended. */
static inline const char *wh_buf_text(const wh_buf *b)
{
	return b->oom ? NULL : b->data ? b->data : "";
}
void wh_buf_free(wh_buf *b);

#endif
