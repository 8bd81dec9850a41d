/*
 * csv-file.h — a large UTF-8 CSV file parsed a piece at a time, so that
 * loading it never holds the whole file beside the columns it fills.
 * Not installed.
 */
#ifndef WUHONG_CSV_FILE_H
#define WUHONG_CSV_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "csv-read.h"

/* Bytes read at a time: 4 MB, or $WUHONG_CSV_PIECE (at least 4096), so
 * that tests see many pieces in a small file. */
size_t wh_csv_piece(void);

/*
 * A first pass over the file: *streamable when it is a regular file (a
 * pipe is not read here: it can be read only once) larger than a piece,
 * not a workbook, and valid UTF-8 throughout (the encoding option not
 * GB18030); *lines is then its newlines + 1. Anything else — a small file,
 * an .xlsx, GB18030, an invalid byte — is for the whole-file path, which
 * decodes it or says where it is wrong.
 */
int wh_csv_file_scan(const char *path, const char *encoding, bool *streamable, size_t *lines, wuhong_error *err);

/*
 * wh_csv_each over the file's text (past a UTF-8 BOM), read a piece at a
 * time; positions name path. A byte that is no longer valid UTF-8 (the
 * file changed since the scan) is an error naming its line.
 */
int wh_csv_file_each(const char *path, wh_csv_record_fn fn, void *ctx, wuhong_error *err);

#endif
