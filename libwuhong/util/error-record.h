/*
 * util/error-record.h — filling the caller's error record (wuhong/error.h) with a message and a position. Not installed.
 */
#ifndef WUHONG_UTIL_ERROR_RECORD_H
#define WUHONG_UTIL_ERROR_RECORD_H

#include "util/compiler.h"
#include "wuhong/error.h"

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
/* As wh_error_at with a message already made (and translated). */
int wh_error_text_at(wuhong_error *err, int code, const wh_pos *pos, const char *text);
int wh_error_oom(wuhong_error *err);
void wh_error_set_unit(wuhong_error *err, const char *unit, long row);
void wh_error_set_field(wuhong_error *err, const char *field);
void wh_copy(char *dst, size_t size, const char *src);

#endif
