/*
 * error.c — the public error record and status names.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "util/i18n.h"
#include "wuhong/error.h"
#include "wuhong/version.h"

void wuhong_error_clear(wuhong_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *wuhong_strerror(int code)
{
	switch (code) {
	case WUHONG_OK: return wh_tr(N_("success"));
	case WUHONG_ENOMEM: return wh_tr(N_("out of memory"));
	case WUHONG_EINVAL: return wh_tr(N_("invalid argument"));
	case WUHONG_EPOLICY: return wh_tr(N_("invalid policy"));
	case WUHONG_ERULE: return wh_tr(N_("invalid rule"));
	case WUHONG_EDATA: return wh_tr(N_("invalid data"));
	case WUHONG_EIO: return wh_tr(N_("input/output error"));
	case WUHONG_EOVERFLOW: return wh_tr(N_("number out of range"));
	case WUHONG_ENOTFOUND: return wh_tr(N_("not found"));
	case WUHONG_EBUDGET: return wh_tr(N_("over budget"));
	default: return wh_tr(N_("unknown error"));
	}
}

size_t wuhong_error_format(const wuhong_error *err, char *buf, size_t size)
{
	char where[WUHONG_ERROR_FILE_MAX + 64] = "";
	char unit[WUHONG_ERROR_NAME_MAX + 64] = "";
	if (!err)
		return (size_t)snprintf(buf, size, "%s", wh_tr(N_("no error")));
	size_t fl = strlen(err->file);
	const char *sheet = fl && err->file[fl - 1] == ']' ? strrchr(err->file, '[') : NULL;
	if (sheet && sheet > err->file) {
		/* "book.xlsx[Sheet1]": a workbook's cell, written as Excel names it */
		char col[8] = "";
		int n = 0;
		for (long c = err->column; c > 0 && n < 7; c = (c - 1) / 26)
			n++;
		for (long c = err->column, k = n; c > 0 && k > 0; c = (c - 1) / 26)
			col[--k] = (char)('A' + (c - 1) % 26);
		col[n] = '\0';
		int book = (int)(sheet - err->file);
		if (err->line && err->column)
			snprintf(where, sizeof where, "%.*s: %.*s!%s%ld: ", book, err->file, (int)(fl - book - 2), sheet + 1, col,
				 err->line);
		else if (err->line)
			snprintf(where, sizeof where, wh_tr(N_("%.*s: %.*s row %ld: ")), book, err->file, (int)(fl - book - 2), sheet + 1,
				 err->line);
		else
			snprintf(where, sizeof where, "%.*s: %.*s: ", book, err->file, (int)(fl - book - 2), sheet + 1);
		if (err->unit[0])
			snprintf(unit, sizeof unit, wh_tr(N_("unit %s: ")), err->unit);
	} else if (err->file[0] && err->line && err->column)
		snprintf(where, sizeof where, "%s:%ld:%ld: ", err->file, err->line, err->column);
	else if (err->file[0] && err->line)
		snprintf(where, sizeof where, "%s:%ld: ", err->file, err->line);
	else if (err->file[0])
		snprintf(where, sizeof where, "%s: ", err->file);
	if (sheet && sheet > err->file)
		; /* the cell says where; the unit is set above */
	else if (err->row && err->unit[0] && !err->line) /* with a line, the line is the row */
		snprintf(unit, sizeof unit, wh_tr(N_("row %ld (unit %s): ")), err->row, err->unit);
	else if (err->row && !err->line)
		snprintf(unit, sizeof unit, wh_tr(N_("row %ld: ")), err->row);
	else if (err->unit[0])
		snprintf(unit, sizeof unit, wh_tr(N_("unit %s: ")), err->unit);
	int n = snprintf(buf, size, "%s%s%s%s%s", where, unit, err->message,
			 err->excerpt[0] ? "\n" : "", err->excerpt);
	return n < 0 ? 0 : (size_t)n;
}

const char *wuhong_version(void)
{
	return WUHONG_VERSION_STRING;
}
