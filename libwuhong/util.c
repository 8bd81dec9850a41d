/*
 * util.c — internal helpers shared by every module (see util.h).
 */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wuhong/money.h"

/* ---- errors ------------------------------------------------------------- */

void wh_copy(char *dst, size_t size, const char *src)
{
	if (size == 0)
		return;
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* do not cut a UTF-8 sequence in half */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int error_v(wuhong_error *err, int code, const wh_pos *pos, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	wuhong_error_clear(err);
	err->code = code;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	if (pos) {
		wh_copy(err->file, sizeof err->file, pos->file);
		err->line = pos->line;
		err->column = pos->column;
	}
	return code;
}

int wh_error(wuhong_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int wh_error_at(wuhong_error *err, int code, const wh_pos *pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(err, code, pos, fmt, ap);
	va_end(ap);
	return code;
}

int wh_error_oom(wuhong_error *err)
{
	return wh_error(err, WUHONG_ENOMEM, "out of memory");
}

void wh_error_set_unit(wuhong_error *err, const char *unit, long row)
{
	if (!err)
		return;
	wh_copy(err->unit, sizeof err->unit, unit);
	err->row = row;
}

void wh_error_set_field(wuhong_error *err, const char *field)
{
	if (err)
		wh_copy(err->field, sizeof err->field, field);
}

/* ---- arena -------------------------------------------------------------- */

struct wh_arena_chunk {
	wh_arena_chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

void *wh_arena_alloc(wh_arena *a, size_t size)
{
	size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	wh_arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = wh_malloc(sizeof *c + want);
		if (!c)
			return NULL;
		c->size = want;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

char *wh_arena_strndup(wh_arena *a, const char *s, size_t n)
{
	char *p = wh_arena_alloc(a, n + 1);
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

/* ---- buffer ------------------------------------------------------------- */

static bool buf_reserve(wh_buf *b, size_t extra)
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
	if (!buf_reserve(b, n))
		return false;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
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
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
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
		if (!buf_reserve(b, 0))
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

/* ---- map ---------------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int map_resize(wh_map *m, size_t cap)
{
	const char **keys = wh_calloc(cap, sizeof *keys);
	size_t *values = wh_calloc(cap, sizeof *values);
	if (!keys || !values) {
		wh_free(keys);
		wh_free(values);
		return WUHONG_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = hash_str(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	wh_free(m->keys);
	wh_free(m->values);
	m->keys = keys;
	m->values = values;
	m->cap = cap;
	return 0;
}

int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out)
{
	if ((m->count + 1) * 2 > m->cap) {
		int rc = map_resize(m, m->cap ? m->cap * 2 : 16);
		if (rc)
			return rc;
	}
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			if (existed)
				*existed = true;
			if (value_out)
				*value_out = m->values[j];
			return 0;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = key;
	m->values[j] = value;
	m->count++;
	if (existed)
		*existed = false;
	if (value_out)
		*value_out = value;
	return 0;
}

bool wh_map_get(const wh_map *m, const char *key, size_t *value)
{
	if (!m->cap || !key)
		return false;
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			if (value)
				*value = m->values[j];
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void wh_map_free(wh_map *m)
{
	wh_free(m->keys);
	wh_free(m->values);
	memset(m, 0, sizeof *m);
}

bool wh_grow(void **items, size_t *cap, size_t count, size_t elem_size)
{
	if (count < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / elem_size)
		return false;
	void *p = wh_realloc(*items, ncap * elem_size);
	if (!p)
		return false;
	*items = p;
	*cap = ncap;
	return true;
}

/* ---- text --------------------------------------------------------------- */

size_t wh_utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return i;
		}
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

size_t wh_utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static bool is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t wh_utf8_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;
	while (*s) {
		uint32_t cp;
		size_t len;
		if (*s < 0x80)
			cp = *s, len = 1;
		else if ((*s & 0xE0) == 0xC0)
			cp = *s & 0x1F, len = 2;
		else if ((*s & 0xF0) == 0xE0)
			cp = *s & 0x0F, len = 3;
		else
			cp = *s & 0x07, len = 4;
		for (size_t k = 1; k < len && s[k]; k++)
			cp = (cp << 6) | (s[k] & 0x3F);
		for (size_t k = 0; k < len && *s; k++)
			s++;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

bool wh_is_identifier(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (s++; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

size_t wh_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > cap || lb > 255)
		return cap + 1;
	size_t row[256];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

void wh_format_number(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		snprintf(buf, size, "missing");
		return;
	}
	/* the fewest digits that read back as the same double; plain notation
	 * for everyday magnitudes (90, not 9e+01) */
	bool plain = fabs(v) >= 1e-4 && fabs(v) < 1e15;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (plain && strchr(buf, 'e'))
			continue;
		if (strtod(buf, NULL) == v)
			return;
	}
	snprintf(buf, size, "%.17g", v);
}

bool wh_parse_number(const char *s, double *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	errno = 0;
	double v = strtod(s, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

/* ---- money (public) ----------------------------------------------------- */

int wuhong_parse_yuan(const char *s, int64_t *fen)
{
	if (!s || !fen)
		return WUHONG_EINVAL;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	if (!(*s >= '0' && *s <= '9'))
		return WUHONG_EINVAL;
	int64_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > WUHONG_MONEY_MAX / 10)
			return WUHONG_EOVERFLOW;
		v = v * 10 + (*s - '0');
	}
	int decimals = 0;
	int64_t frac = 0;
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return WUHONG_EINVAL;
			frac = frac * 10 + (*s - '0');
		}
		if (decimals == 0)
			return WUHONG_EINVAL;
	}
	if (*s != '\0')
		return WUHONG_EINVAL;
	if (decimals == 1)
		frac *= 10;
	if (v > (WUHONG_MONEY_MAX - frac) / 100)
		return WUHONG_EOVERFLOW;
	v = v * 100 + frac;
	*fen = neg ? -v : v;
	return 0;
}

char *wuhong_format_yuan(char *buf, size_t size, int64_t fen)
{
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(buf, size, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(mag / 100),
		 (unsigned long long)(mag % 100));
	return buf;
}

/* ---- files -------------------------------------------------------------- */

int wh_read_file(const char *path, char **data, size_t *len, wuhong_error *err)
{
	wh_pos pos = { path, 0, 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return wh_error_at(err, WUHONG_EIO, &pos, "cannot open: %s", strerror(errno));
	wh_buf b = { 0 };
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (!wh_buf_append(&b, chunk, n))
			break;
	int failed = ferror(f);
	fclose(f);
	if (b.oom) {
		wh_buf_free(&b);
		return wh_error_oom(err);
	}
	if (failed) {
		wh_buf_free(&b);
		return wh_error_at(err, WUHONG_EIO, &pos, "read error");
	}
	*len = b.len;
	*data = wh_buf_steal(&b);
	return *data ? 0 : wh_error_oom(err);
}

int wh_with_file(const char *path, wh_bytes_fn fn, void *ctx, wuhong_error *err)
{
	char *data;
	size_t len;
	int rc = wh_read_file(path, &data, &len, err);
	if (rc)
		return rc;
	rc = fn(ctx, data, len, path, err);
	wh_free(data);
	return rc;
}
