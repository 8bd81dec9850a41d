/*
 * util.h — internal helpers: error records, an arena for strings, a growable
 * string buffer, a string-to-index map, UTF-8 helpers. Not installed.
 */
#ifndef WUHONG_UTIL_H
#define WUHONG_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "wuhong/error.h"

#define WH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define WH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WH_PRINTF(f, a)
#endif


/*
 * Hot block loops are compiled twice, for AVX2 and for the baseline, and
 * the loader picks one (an ifunc): baseline x86-64 cannot turn a double
 * comparison into a byte without AVX2, so those loops only vectorise there.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(WUHONG_NO_MULTIVERSION)
#define WH_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define WH_MULTIVERSION
#endif

/* A position in a source file; any field may be empty/0. */
typedef struct wh_pos {
	const char *file;
	long line;
	long column;
} wh_pos;

/* Fill err (if not NULL) and return code. */
int wh_error(wuhong_error *err, int code, const char *fmt, ...) WH_PRINTF(3, 4);
/* As wh_error, with a source position. */
int wh_error_at(wuhong_error *err, int code, const wh_pos *pos, const char *fmt, ...)
	WH_PRINTF(4, 5);
int wh_error_oom(wuhong_error *err);
void wh_error_set_unit(wuhong_error *err, const char *unit, long row);
void wh_error_set_field(wuhong_error *err, const char *field);
void wh_copy(char *dst, size_t size, const char *src);

/* ---- arena: many small allocations freed at once ---------------------- */
typedef struct wh_arena_chunk wh_arena_chunk;
typedef struct wh_arena {
	wh_arena_chunk *head;
} wh_arena;

void *wh_arena_alloc(wh_arena *a, size_t size);
char *wh_arena_strdup(wh_arena *a, const char *s);
char *wh_arena_strndup(wh_arena *a, const char *s, size_t n);
void wh_arena_free(wh_arena *a);

/* ---- string buffer ------------------------------------------------------ */
typedef struct wh_buf {
	char *data;
	size_t len;
	size_t cap;
	bool oom; /* sticky: once an append failed, the buffer is unusable */
} wh_buf;

bool wh_buf_append(wh_buf *b, const char *s, size_t n);
bool wh_buf_puts(wh_buf *b, const char *s);
bool wh_buf_printf(wh_buf *b, const char *fmt, ...) WH_PRINTF(2, 3);
bool wh_buf_putc(wh_buf *b, char c);
/* Hand the NUL-terminated text to the caller (who frees it); empties b. */
char *wh_buf_steal(wh_buf *b);
void wh_buf_free(wh_buf *b);

/* ---- string -> size_t map (open addressing) ---------------------------- */
typedef struct wh_map {
	const char **keys; /* borrowed; must outlive the map */
	size_t *values;
	size_t cap;
	size_t count;
} wh_map;

/* 0 on success, WUHONG_ENOMEM; *existed tells whether key was already there
 * (its old value is then left unchanged and returned in *value_out). */
int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out);
bool wh_map_get(const wh_map *m, const char *key, size_t *value);
void wh_map_free(wh_map *m);

/* ---- growable array of anything ---------------------------------------- */
/* Make room for one more element; returns false on OOM. */
bool wh_grow(void **items, size_t *cap, size_t count, size_t elem_size);

/* ---- text ---------------------------------------------------------------- */
/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t wh_utf8_valid_prefix(const char *s, size_t n);
/* Number of code points in s[0..n). */
size_t wh_utf8_chars(const char *s, size_t n);
/* Display width in terminal columns (CJK wide characters count 2). */
size_t wh_utf8_width(const char *s);
bool wh_is_identifier(const char *s);
/* Levenshtein distance, capped at cap+1 (for "did you mean"). */
size_t wh_edit_distance(const char *a, const char *b, size_t cap);
/* Format a double the shortest way that reads back the same ("12", "0.1"). */
void wh_format_number(char *buf, size_t size, double v);
/* Parse a whole decimal number ("12", "-3.5", "1e3"); no inf/nan/hex. */
bool wh_parse_number(const char *s, double *out);



/* Read a whole file; *data is NUL-terminated and freed by the caller. */
int wh_read_file(const char *path, char **data, size_t *len, wuhong_error *err);

/* Read a whole file and hand its bytes to fn (the *_load(path) functions
 * are their *_load_string twins applied to a file's contents). */
typedef int (*wh_bytes_fn)(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err);
int wh_with_file(const char *path, wh_bytes_fn fn, void *ctx, wuhong_error *err);
#endif
