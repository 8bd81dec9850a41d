/*
 * problems.c — a list of problems (wuhong/problems.h), and what the loaders
 * and the evaluation use to fill it (problems-internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "problems-internal.h"

/* More are kept than shown, so that the first `max` in the order of the file
 * are there when the loader's and the evaluation's are put together. */
#define KEEP_AT_LEAST 10000

struct wuhong_problems {
	wuhong_error *items;
	size_t n, cap, max, keep, found;
};

int wuhong_problems_new(wuhong_problems **out, size_t max, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_problems_new: out is NULL");
	if (!(*out = wh_calloc(1, sizeof **out)))
		return wh_error_oom(err);
	(*out)->max = max ? max : WUHONG_PROBLEMS_DEFAULT_MAX;
	(*out)->keep = (*out)->max > KEEP_AT_LEAST ? (*out)->max : KEEP_AT_LEAST;
	return 0;
}

void wuhong_problems_free(wuhong_problems *p)
{
	if (!p)
		return;
	wh_free(p->items);
	wh_free(p);
}

size_t wuhong_problems_count(const wuhong_problems *p)
{
	return !p ? 0 : p->n < p->max ? p->n : p->max;
}

size_t wuhong_problems_found(const wuhong_problems *p)
{
	return p ? p->found : 0;
}

const wuhong_error *wuhong_problems_at(const wuhong_problems *p, size_t i)
{
	return i < wuhong_problems_count(p) ? &p->items[i] : NULL;
}

int pr_add(wuhong_problems *p, const wuhong_error *e, wuhong_error *err)
{
	p->found++;
	if (p->n == p->keep)
		return 0;
	if (!wh_grow((void **)&p->items, &p->cap, p->n, sizeof *p->items))
		return wh_error_oom(err);
	p->items[p->n++] = *e;
	return 0;
}

size_t pr_max(const wuhong_problems *p)
{
	return p->keep;
}

bool pr_full(const wuhong_problems *p)
{
	return p && p->n == p->keep;
}

/* file, then line, then column; a problem without a line (a whole column) first */
static int by_place(const void *a, const void *b)
{
	const wuhong_error *x = a, *y = b;
	int f = strcmp(x->file, y->file);
	if (f)
		return f;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->message, y->message); /* one order on every platform */
}

void pr_sort_from(wuhong_problems *p, size_t mark)
{
	if (p && p->n > mark + 1)
		qsort(p->items + mark, p->n - mark, sizeof *p->items, by_place);
}
