/*
 * wuhong/rows.h — a small table of typed values: what ledger queries, a
 * review and the rotation answer. Each cell has a type (as SQLite's
 * sqlite3_column_type), read with the getter of that type; every cell also
 * has a text form.
 *
 * Not included directly; use <wuhong.h>.
 */
#ifndef WUHONG_ROWS_H
#define WUHONG_ROWS_H

#include "common.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_rows wuhong_rows;

/** A cell's type. */
typedef enum wuhong_value_type {
	WUHONG_VALUE_NULL = 0,    /**< no value (text form "") */
	WUHONG_VALUE_INTEGER = 1, /**< a 64-bit integer: counts, tiers, revisions, money in fen */
	WUHONG_VALUE_REAL = 2,    /**< a double */
	WUHONG_VALUE_TEXT = 3     /**< UTF-8 text */
} wuhong_value_type;

/** Free the rows. Accepts NULL. */
WUHONG_EXTERN void wuhong_rows_free(wuhong_rows *r);
/** Number of rows. */
WUHONG_EXTERN size_t wuhong_rows_count(const wuhong_rows *r);
/** Number of columns. */
WUHONG_EXTERN size_t wuhong_rows_columns(const wuhong_rows *r);
/** Column name c; borrowed for the rows' life ("" past the end). */
WUHONG_EXTERN const char *wuhong_rows_name(const wuhong_rows *r, size_t c);
/** Cell (row k, column c) as text ("" for NULL or past the end); borrowed for the rows' life. */
WUHONG_EXTERN const char *wuhong_rows_cell(const wuhong_rows *r, size_t k, size_t c);
/** The cell's type; WUHONG_VALUE_NULL past the end. */
WUHONG_EXTERN wuhong_value_type wuhong_rows_type(const wuhong_rows *r, size_t k, size_t c);
/** An INTEGER cell's value; 0 for any other type. */
WUHONG_EXTERN int64_t wuhong_rows_int(const wuhong_rows *r, size_t k, size_t c);
/** A REAL or INTEGER cell's value as a double; NaN for NULL and TEXT. */
WUHONG_EXTERN double wuhong_rows_double(const wuhong_rows *r, size_t k, size_t c);

WUHONG_END_DECL

#endif
