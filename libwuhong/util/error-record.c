/*
 * util/error-record.c — see util/error-record.h.
 */
#include "util/error-record.h"
#include "util/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wh_copy(char *dst, size_t size, const char *src)
{
	if (size == 0)
		return;
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* do not cut a UTF-8 sequence in half */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A cleared record with code and position; its message is the caller's to fill. */
static void start(wuhong_error *err, int code, const wh_pos *pos)
{
	wuhong_error_clear(err);
	err->code = code;
	if (pos) {
		wh_copy(err->file, sizeof err->file, pos->file);
		err->line = pos->line;
		err->column = pos->column;
	}
}

static int error_v(wuhong_error *err, int code, const wh_pos *pos, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	start(err, code, pos);
	/* fmt is a msgid: the caller's language, its arguments unchanged */
	vsnprintf(err->message, sizeof err->message, wh_tr(fmt), ap);
	return code;
}

int wh_error(wuhong_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int wh_error_at(wuhong_error *err, int code, const wh_pos *pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(err, code, pos, fmt, ap);
	va_end(ap);
	return code;
}

int wh_error_text_at(wuhong_error *err, int code, const wh_pos *pos, const char *text)
{
	if (!err)
		return code;
	start(err, code, pos);
	wh_copy(err->message, sizeof err->message, text);
	return code;
}

int wh_error_oom(wuhong_error *err)
{
	return wh_error(err, WUHONG_ENOMEM, N_("out of memory"));
}

void wh_error_set_unit(wuhong_error *err, const char *unit, long row)
{
	if (!err)
		return;
	wh_copy(err->unit, sizeof err->unit, unit);
	err->row = row;
}

void wh_error_set_field(wuhong_error *err, const char *field)
{
	if (err)
		wh_copy(err->field, sizeof err->field, field);
}
