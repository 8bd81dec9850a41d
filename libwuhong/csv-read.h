/*
 * csv-read.h — reading CSV text: decoding to UTF-8 (BOM, strict UTF-8,
 * GB18030 through iconv) and splitting records with libcsv while keeping
 * both the record number and the line each record starts on (they differ
 * when a quoted field holds a newline).
 */
#ifndef WUHONG_CSV_READ_H
#define WUHONG_CSV_READ_H

#include <csv.h>

#include "util.h"
#include "wuhong/dataset.h"

/*
 * Decode bytes to UTF-8 without a BOM. encoding: NULL/"auto", "utf-8",
 * "gb18030" or "gbk". *out is the text: data itself (past a BOM) when it
 * is valid UTF-8 already, so a large file is not copied; otherwise a
 * conversion the caller frees through *owned (NULL when nothing was
 * made). Invalid bytes are an error naming the line, never dropped.
 */
int wh_decode_text(const char *data, size_t len, const char *encoding, const char *file, const char **out,
		   size_t *out_len, char **owned, wuhong_error *err);

/* One record: fields[i] is NULL for an empty unquoted cell. */
typedef int (*wh_csv_record_fn)(void *ctx, char **fields, size_t n_fields, long record, long line,
				wuhong_error *err);

/* Whether every field is empty or holds only spaces, tabs and U+3000: a
 * blank row, which the readers skip as they skip a blank line. */
bool wh_fields_blank(char *const *fields, size_t n);

/*
 * Split UTF-8 text into records and call fn for each (record 0 is the
 * header). Stops at the first non-zero return of fn and returns it.
 */
int wh_csv_each(const char *text, size_t len, const char *file, wh_csv_record_fn fn, void *ctx,
		wuhong_error *err);

/*
 * The same, fed a piece at a time: each piece whole lines (ending with a
 * newline) but the last, which may end without one. Records, lines and
 * errors are numbered as if the pieces were one text. feed and finish
 * return what wh_csv_each would (0, or the first error).
 */
typedef struct rec_state rec_state;
typedef struct wh_csv_stream {
	struct csv_parser p;
	rec_state *st;
	bool plain;     /* plain lines split without libcsv ($WUHONG_CSV) */
	bool row_start; /* libcsv is between records */
	size_t quotes;  /* quotes fed to libcsv */
} wh_csv_stream;

int wh_csv_stream_init(wh_csv_stream *cs, const char *file, wh_csv_record_fn fn, void *ctx, wuhong_error *err);
int wh_csv_stream_feed(wh_csv_stream *cs, const char *text, size_t len);
int wh_csv_stream_finish(wh_csv_stream *cs);
/* The line the next piece starts on. */
long wh_csv_stream_line(const wh_csv_stream *cs);
void wh_csv_stream_free(wh_csv_stream *cs);

/* 0, or the error for options of a version this library does not know. */
int wh_csv_options_check(const wuhong_csv_options *opts, wuhong_error *err);

/* Check the options' version, then decode (as wh_decode_text, in opts'
 * encoding) and split (as wh_csv_each) in one step; or, for an .xlsx
 * workbook, read opts' sheet (xlsx-read.h). opts may be NULL. */
int wh_csv_read(const char *data, size_t len, const char *file, const wuhong_csv_options *opts, wh_csv_record_fn fn,
		void *ctx, wuhong_error *err);
/* As wh_csv_read; `where` receives the name positions use: the file, or
 * "file[Sheet1]" for a workbook's sheet. */
int wh_table_read(const char *data, size_t len, const char *file, const wuhong_csv_options *opts,
		  wh_csv_record_fn fn, void *ctx, char *where, size_t where_size, wuhong_error *err);

/*
 * The small CSV files with named columns (adjustments, decisions): each
 * column has up to three accepted header names (English first, then
 * Chinese); the header fixes where each is and how many fields a record has.
 */
#define WH_CSV_MAX_COLUMNS 8

typedef struct wh_csv_columns {
	const char *const (*names)[4]; /* names[k]: column k's accepted headers, NULL-terminated */
	int n;                         /* columns */
	unsigned optional;             /* bit k: column k may be absent */
	const char *what;              /* "adjustments", for messages */
	const char *expected;          /* "unit,kind,amount,reason,reference", for messages */
	int at[WH_CSV_MAX_COLUMNS];    /* field index of each column, -1 if absent */
	size_t n_fields;
} wh_csv_columns;

/* Read the header record (record 0): every required column must be there. */
int wh_csv_columns_header(wh_csv_columns *c, char **fields, size_t n, const wh_pos *pos, wuhong_error *err);
/* A record's field count must be the header's; the error names unit and record. */
int wh_csv_columns_width(const wh_csv_columns *c, size_t n, const wh_pos *pos, const char *unit, long record,
			 wuhong_error *err);
/* Column k of a record of n fields, without leading spaces; "" when absent,
 * empty or past the end of a short record. */
const char *wh_csv_cell(const wh_csv_columns *c, char **fields, size_t n, int k);
/*
 * Which keyword `word` is: words[i] = { English (any case), Chinese }; -1 if
 * none, with an error naming the field ("kind 'x' is not bonus, ...").
 */
int wh_csv_keyword(const char *word, const char *const (*words)[2], int n, const char *field, const char *expected,
		   const wh_pos *pos, const char *unit, long record, wuhong_error *err);

#endif
