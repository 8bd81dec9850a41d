/*
 * util/buf.c — see util/buf.h.
 */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/c-locale.h"

bool wh_buf_reserve(wh_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = wh_realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

bool wh_buf_append(wh_buf *b, const char *s, size_t n)
{
	if (!wh_buf_reserve(b, n))
		return false;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool wh_buf_append_string(wh_buf *b, const char *s, size_t n)
{
	if (!wh_buf_reserve(b, n + 1))
		return false;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len++] = '\0';
	b->data[b->len] = '\0';
	return true;
}

char *wh_buf_grow(wh_buf *b, size_t n)
{
	if (!wh_buf_reserve(b, n))
		return NULL;
	char *at = b->data + b->len;
	b->len += n;
	b->data[b->len] = '\0';
	return at;
}

bool wh_buf_puts(wh_buf *b, const char *s)
{
	return wh_buf_append(b, s, strlen(s));
}

bool wh_buf_putc(wh_buf *b, char c)
{
	return wh_buf_append(b, &c, 1);
}

bool wh_buf_printf(wh_buf *b, const char *fmt, ...)
{
	va_list ap;
	if (!wh_buf_reserve(b, 128)) /* room for most pieces: formatted once, straight into place */
		return false;
	locale_t prev = wh_c_locale_push(); /* numbers in files and pages: 96.9 in every locale */
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= b->cap - b->len) { /* it did not fit: grow, and format again */
		if (!wh_buf_reserve(b, (size_t)n)) {
			wh_c_locale_pop(prev);
			return false;
		}
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	wh_c_locale_pop(prev);
	if (n < 0) {
		b->data[b->len] = '\0';
		return false;
	}
	b->len += (size_t)n;
	return true;
}

char *wh_buf_steal(wh_buf *b)
{
	if (b->oom) {
		wh_buf_free(b);
		return NULL;
	}
	if (!b->data) {
		if (!wh_buf_reserve(b, 0))
			return NULL;
		b->data[0] = '\0';
	}
	char *p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void wh_buf_free(wh_buf *b)
{
	wh_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}
