/*
 * rows.c — wuhong_rows: the answer of queries, a table of text cells that
 * bindings can read without knowing each query's shape.
 */
#include <stdlib.h>
#include <string.h>

#include "rows.h"

struct wuhong_rows {
	wh_arena arena;
	size_t n_cols, n, cap;
	const char **names;
	const char **cells; /* n * n_cols */
};

wuhong_rows *rows_new(size_t n_cols, const char *const *names)
{
	wuhong_rows *r = wh_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->n_cols = n_cols;
	r->names = wh_arena_alloc(&r->arena, (n_cols ? n_cols : 1) * sizeof *r->names);
	for (size_t c = 0; r->names && c < n_cols; c++)
		if (!(r->names[c] = wh_arena_strdup(&r->arena, names[c])))
			r->names = NULL;
	if (!r->names) {
		wuhong_rows_free(r);
		return NULL;
	}
	return r;
}

int rows_add(wuhong_rows *r, const char *const *cells, wuhong_error *err)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		const char **c = wh_realloc(r->cells, cap * r->n_cols * sizeof *c);
		if (!c)
			return wh_error_oom(err);
		r->cells = c;
		r->cap = cap;
	}
	for (size_t c = 0; c < r->n_cols; c++) {
		const char *s = wh_arena_strdup(&r->arena, cells[c] ? cells[c] : "");
		if (!s)
			return wh_error_oom(err);
		r->cells[r->n * r->n_cols + c] = s;
	}
	r->n++;
	return 0;
}

void wuhong_rows_free(wuhong_rows *r)
{
	if (!r)
		return;
	wh_free(r->cells);
	wh_arena_free(&r->arena);
	wh_free(r);
}

size_t wuhong_rows_count(const wuhong_rows *r) { return r ? r->n : 0; }
size_t wuhong_rows_columns(const wuhong_rows *r) { return r ? r->n_cols : 0; }

const char *wuhong_rows_name(const wuhong_rows *r, size_t c)
{
	return r && c < r->n_cols ? r->names[c] : "";
}

const char *wuhong_rows_cell(const wuhong_rows *r, size_t k, size_t c)
{
	return r && k < r->n && c < r->n_cols ? r->cells[k * r->n_cols + c] : "";
}
