/*
 * rows.h — building a wuhong_rows (wuhong/rows.h). Not installed.
 */
#ifndef WUHONG_ROWS_INTERNAL_H
#define WUHONG_ROWS_INTERNAL_H

#include "util.h"
#include "wuhong/rows.h"

/* One value to add: type, then the member of that type (text for TEXT). */
typedef struct rows_value {
	wuhong_value_type type;
	const char *text;
	int64_t i;
	double d;
} rows_value;

static inline rows_value ROWS_TEXT(const char *s)
{
	return (rows_value){ s ? WUHONG_VALUE_TEXT : WUHONG_VALUE_NULL, s, 0, 0 };
}
#define ROWS_INT(v) ((rows_value){ WUHONG_VALUE_INTEGER, NULL, (v), 0 })
#define ROWS_NULL ((rows_value){ WUHONG_VALUE_NULL, NULL, 0, 0 })

/* A table with these column names (copied); NULL on OOM. */
wuhong_rows *rows_new(size_t n_cols, const char *const *names);
/* Append a row of n_cols values (texts copied). */
int rows_add(wuhong_rows *r, const rows_value *values, wuhong_error *err);

#endif
