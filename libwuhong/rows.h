/*
 * rows.h — building a wuhong_rows (a small table of text). Not installed.
 */
#ifndef WUHONG_ROWS_H
#define WUHONG_ROWS_H

#include "util.h"
#include "wuhong/review.h"

/* A table with these column names (copied); NULL on OOM. */
wuhong_rows *rows_new(size_t n_cols, const char *const *names);
/* Append a row of n_cols cells (copied; NULL = ""). */
int rows_add(wuhong_rows *r, const char *const *cells, wuhong_error *err);

#endif
