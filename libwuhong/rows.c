/*
 * rows.c — wuhong_rows: the answer of queries, a table of typed cells that
 * bindings can read without knowing each query's shape.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rows.h"

typedef struct cell {
	wuhong_value_type type;
	const char *text; /* every cell's text form, "" for NULL */
	int64_t i;
	double d;
} cell;

struct wuhong_rows {
	wh_arena arena;
	size_t n_cols, n, cap;
	const char **names;
	cell *cells; /* n * n_cols */
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

int rows_add(wuhong_rows *r, const rows_value *values, wuhong_error *err)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		cell *c = wh_realloc(r->cells, cap * (r->n_cols ? r->n_cols : 1) * sizeof *c);
		if (!c)
			return wh_error_oom(err);
		r->cells = c;
		r->cap = cap;
	}
	for (size_t c = 0; c < r->n_cols; c++) {
		const rows_value *v = &values[c];
		cell *x = &r->cells[r->n * r->n_cols + c];
		char num[40] = "";
		*x = (cell){ v->type, "", v->i, v->d };
		if (v->type == WUHONG_VALUE_INTEGER) {
			snprintf(num, sizeof num, "%lld", (long long)v->i);
			x->d = (double)v->i;
		} else if (v->type == WUHONG_VALUE_REAL) {
			wh_format_number(num, sizeof num, v->d);
		} else if (v->type != WUHONG_VALUE_TEXT) {
			x->d = NAN;
			continue;
		}
		if (!(x->text = wh_arena_strdup(&r->arena, v->type == WUHONG_VALUE_TEXT ? v->text : num)))
			return wh_error_oom(err);
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

static const cell *at(const wuhong_rows *r, size_t k, size_t c)
{
	return r && k < r->n && c < r->n_cols ? &r->cells[k * r->n_cols + c] : NULL;
}

size_t wuhong_rows_count(const wuhong_rows *r) { return r ? r->n : 0; }
size_t wuhong_rows_columns(const wuhong_rows *r) { return r ? r->n_cols : 0; }

const char *wuhong_rows_name(const wuhong_rows *r, size_t c)
{
	return r && c < r->n_cols ? r->names[c] : "";
}

const char *wuhong_rows_cell(const wuhong_rows *r, size_t k, size_t c)
{
	const cell *x = at(r, k, c);
	return x ? x->text : "";
}

wuhong_value_type wuhong_rows_type(const wuhong_rows *r, size_t k, size_t c)
{
	const cell *x = at(r, k, c);
	return x ? x->type : WUHONG_VALUE_NULL;
}

int64_t wuhong_rows_int(const wuhong_rows *r, size_t k, size_t c)
{
	const cell *x = at(r, k, c);
	return x && x->type == WUHONG_VALUE_INTEGER ? x->i : 0;
}

double wuhong_rows_double(const wuhong_rows *r, size_t k, size_t c)
{
	const cell *x = at(r, k, c);
	return x && (x->type == WUHONG_VALUE_INTEGER || x->type == WUHONG_VALUE_REAL) ? x->d : NAN;
}
