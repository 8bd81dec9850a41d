/*
 * csv-read.h — reading CSV text: decoding to UTF-8 (BOM, strict UTF-8,
 * GB18030 through iconv) and splitting records with libcsv while keeping
 * both the record number and the line each record starts on (they differ
 * when a quoted field holds a newline).
 */
#ifndef WUHONG_CSV_READ_H
#define WUHONG_CSV_READ_H

#include "util.h"

/*
 * Decode bytes to UTF-8 without a BOM. encoding: NULL/"auto", "utf-8",
 * "gb18030" or "gbk". *out is malloc'd (NUL-terminated) and owned by the
 * caller. Invalid bytes are an error naming the line, never dropped.
 */
int wh_decode_text(const char *data, size_t len, const char *encoding, const char *file, char **out,
		   size_t *out_len, wuhong_error *err);

/* One record: fields[i] is NULL for an empty unquoted cell. */
typedef int (*wh_csv_record_fn)(void *ctx, char **fields, size_t n_fields, long record, long line,
				wuhong_error *err);

/*
 * Split UTF-8 text into records and call fn for each (record 0 is the
 * header). Stops at the first non-zero return of fn and returns it.
 */
int wh_csv_each(const char *text, size_t len, const char *file, wh_csv_record_fn fn, void *ctx,
		wuhong_error *err);

/* Decode (as wh_decode_text) and split (as wh_csv_each) in one step. */
int wh_csv_read(const char *data, size_t len, const char *file, const char *encoding, wh_csv_record_fn fn,
		void *ctx, wuhong_error *err);

#endif
