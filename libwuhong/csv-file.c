/*
 * csv-file.c — see csv-file.h. Both passes read the file into one buffer
 * of a piece (larger only for a longer line) and look at the whole lines
 * in it; the bytes after its last newline move to the front for the next
 * read. UTF-8 is checked a line at a time, so no character is split.
 */
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv-file.h"

#include "util/alloc.h"
#include "util/error-record.h"
#include "util/utf8.h"
#include "xlsx-read.h"

typedef struct piece_reader {
	FILE *f;
	const char *path;
	char *buf;
	size_t cap, have; /* bytes in buf */
	size_t offset;    /* of buf[0] in the file */
	bool eof;
} piece_reader;

static int reader_open(piece_reader *r, const char *path, wuhong_error *err)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->f = fopen(path, "rb");
	if (!r->f) {
		wh_pos pos = { path, 0, 0 };
		return wh_error_at(err, WUHONG_EIO, &pos, "cannot open: %s", strerror(errno));
	}
	r->cap = WH_CSV_PIECE;
	r->buf = wh_malloc(r->cap);
	if (!r->buf) {
		fclose(r->f);
		r->f = NULL;
		return wh_error_oom(err);
	}
	return 0;
}

static void reader_close(piece_reader *r)
{
	if (r->f)
		fclose(r->f);
	wh_free(r->buf);
	memset(r, 0, sizeof *r);
}

/*
 * The next whole lines: *len bytes at *text, ending with a newline, or
 * (at the end of the file) the rest. *len 0: nothing is left. The lines
 * of the call before are dropped first.
 */
static int reader_next(piece_reader *r, size_t *dropped, const char **text, size_t *len, wuhong_error *err)
{
	if (*dropped) {
		memmove(r->buf, r->buf + *dropped, r->have - *dropped);
		r->have -= *dropped;
		r->offset += *dropped;
		*dropped = 0;
	}
	for (;;) {
		const char *nl = r->have ? memrchr(r->buf, '\n', r->have) : NULL;
		if (nl || r->eof) {
			*text = r->buf;
			*len = nl ? (size_t)(nl - r->buf) + 1 : r->have;
			*dropped = *len;
			return 0;
		}
		if (r->have == r->cap) { /* a line longer than the buffer */
			void *p = wh_realloc(r->buf, r->cap * 2);
			if (!p)
				return wh_error_oom(err);
			r->buf = p;
			r->cap *= 2;
		}
		size_t want = r->cap - r->have, got = fread(r->buf + r->have, 1, want, r->f);
		r->have += got;
		if (got < want) {
			if (ferror(r->f)) {
				wh_pos pos = { r->path, 0, 0 };
				return wh_error_at(err, WUHONG_EIO, &pos, "read error");
			}
			r->eof = true;
		}
	}
}

/* Past a UTF-8 BOM at the start of the file. */
static size_t bom_at(const piece_reader *r, const char *text, size_t len)
{
	return r->offset == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int wh_csv_file_scan(const char *path, const char *encoding, bool *streamable, size_t *lines, wuhong_error *err)
{
	*streamable = false;
	*lines = 1;
	if (encoding && *encoding && strcasecmp(encoding, "auto") != 0 && strcasecmp(encoding, "utf-8") != 0 &&
	    strcasecmp(encoding, "utf8") != 0)
		return 0;
	piece_reader r;
	int rc = reader_open(&r, path, err);
	if (rc)
		return rc;
	size_t dropped = 0, newlines = 0;
	bool valid = true;
	const char *text;
	size_t len;
	while (valid && !(rc = reader_next(&r, &dropped, &text, &len, err)) && len) {
		if (r.offset == 0 && wh_is_zip(text, len))
			valid = false;
		size_t skip = bom_at(&r, text, len);
		valid = valid && wh_utf8_valid_prefix(text + skip, len - skip) == len - skip;
		for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			newlines++;
	}
	size_t size = r.offset + r.have;
	reader_close(&r);
	if (rc)
		return rc;
	*streamable = valid && size > WH_CSV_PIECE;
	*lines = newlines + 1;
	return 0;
}

int wh_csv_file_each(const char *path, wh_csv_record_fn fn, void *ctx, wuhong_error *err)
{
	piece_reader r;
	int rc = reader_open(&r, path, err);
	if (rc)
		return rc;
	wh_csv_stream cs;
	if ((rc = wh_csv_stream_init(&cs, path, fn, ctx, err))) {
		reader_close(&r);
		return rc;
	}
	size_t dropped = 0, file_bom = 0;
	const char *text;
	size_t len;
	while (!(rc = reader_next(&r, &dropped, &text, &len, err)) && len) {
		size_t skip = bom_at(&r, text, len);
		if (r.offset == 0)
			file_bom = skip;
		size_t valid = wh_utf8_valid_prefix(text + skip, len - skip);
		if (valid != len - skip) {
			long line = wh_csv_stream_line(&cs);
			for (size_t i = 0; i < skip + valid; i++)
				line += text[i] == '\n';
			wh_pos pos = { path, line, 0 };
			rc = wh_error_at(err, WUHONG_EDATA, &pos,
					 "invalid UTF-8 at byte %zu; expected UTF-8 (or give the encoding, e.g. gb18030)",
					 r.offset + skip + valid - file_bom + 1); /* counted past the BOM */
			break;
		}
		if ((rc = wh_csv_stream_feed(&cs, text + skip, len - skip)))
			break;
	}
	if (!rc)
		rc = wh_csv_stream_finish(&cs);
	wh_csv_stream_free(&cs);
	reader_close(&r);
	return rc;
}
