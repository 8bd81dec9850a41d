/*
 * xlsx-read.h — one sheet of an .xlsx workbook (Excel, WPS) as the records
 * CSV reading gives (csv-read.h), so every loader of a CSV reads a workbook
 * too. The container is read with libzip and the XML streamed through
 * expat; cells keep what the sheet holds: numbers as written, shared and
 * inline strings, booleans as 1/0, a percent-formatted number as "96.9%",
 * an Excel error (#N/A) as its text. Not installed.
 */
#ifndef WUHONG_XLSX_READ_H
#define WUHONG_XLSX_READ_H

#include "csv-read.h"

/* Whether the bytes are a zip archive (an .xlsx, .docx, … file). */
bool wh_is_zip(const char *data, size_t len);

/*
 * Call fn for each row of the sheet named `sheet` (NULL: the first) that has
 * a value: record 0 is the first such row, `line` is the row's number in the
 * sheet, fields[k] is column k+1 (NULL when empty), and every record has at
 * least as many fields as the widest before it (a sheet's rows are all as
 * wide as the sheet; a title row above the header is narrower). `label` receives "file[Sheet1]", the
 * file name wuhong_error_format writes as "file: Sheet1!C17"; errors the
 * callback returns with `file` as their file are moved to the label.
 */
int wh_xlsx_each(const char *data, size_t len, const char *file, const char *sheet, wh_csv_record_fn fn, void *ctx,
		 char *label, size_t label_size, wuhong_error *err);

#endif
