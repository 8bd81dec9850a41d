/*
 * csv-read.c — see csv-read.h. libcsv does the quoting rules; this file
 * feeds it one physical line at a time so that every record knows the line
 * it started on.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__SSE2__) && !defined(WUHONG_NO_MULTIVERSION)
#include <emmintrin.h>
#endif

#include "csv-read.h"
#include "xlsx-read.h"

static long line_of(const char *s, size_t offset)
{
	long line = 1;
	for (size_t i = 0; i < offset; i++)
		line += s[i] == '\n';
	return line;
}

/*
 * data as GB18030, converted to UTF-8. utf8_valid: how far it read as UTF-8
 * when UTF-8 was tried first (the encoding was detected), or SIZE_MAX. When
 * neither reads, the error's line is where the one that read further
 * stopped: a UTF-8 file with one bad byte is named at that byte, not where
 * its first CJK character fails as GB18030.
 */
static int from_gb18030(const char *data, size_t len, size_t utf8_valid, const char *file, char **out,
			size_t *out_len, wuhong_error *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return wh_error(err, WUHONG_EIO, "GB18030 conversion is not available on this system");
	size_t cap = len * 2 + 16; /* a GB18030 character (2 or 4 bytes) is at most 4 UTF-8 bytes */
	char *buf = wh_malloc(cap + 1);
	if (!buf) {
		iconv_close(cd);
		return wh_error_oom(err);
	}
	char *in = (char *)data, *o = buf;
	size_t in_left = len, out_left = cap;
	size_t r = iconv(cd, &in, &in_left, &o, &out_left);
	int e = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		size_t at = (size_t)(in - data);
		const char *cut = e == EINVAL ? wh_tr(N_(", cut short")) : "";
		wh_free(buf);
		if (utf8_valid == SIZE_MAX) {
			wh_pos pos = { file, line_of(data, at), 0 };
			return wh_error_at(err, WUHONG_EDATA, &pos,
					   "invalid GB18030 at byte %zu%s; expected GB18030 (or give the encoding, e.g. utf-8)",
					   at + 1, cut);
		}
		wh_pos pos = { file, line_of(data, utf8_valid > at ? utf8_valid : at), 0 };
		return wh_error_at(err, WUHONG_EDATA, &pos,
				   "the file is neither valid UTF-8 (byte %zu) nor valid GB18030 (byte %zu%s); "
				   "save it as UTF-8 or GB18030/GBK",
				   utf8_valid + 1, at + 1, cut);
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

int wh_decode_text(const char *data, size_t len, const char *encoding, const char *file, const char **out,
		   size_t *out_len, char **owned, wuhong_error *err)
{
	*out = NULL;
	*owned = NULL;
	bool is_auto = !encoding || !*encoding || strcasecmp(encoding, "auto") == 0;
	bool utf8 = !is_auto && (strcasecmp(encoding, "utf-8") == 0 || strcasecmp(encoding, "utf8") == 0);
	bool gb = !is_auto && (strcasecmp(encoding, "gb18030") == 0 || strcasecmp(encoding, "gbk") == 0 ||
			       strcasecmp(encoding, "gb2312") == 0);
	if (!is_auto && !utf8 && !gb)
		return wh_error(err, WUHONG_EINVAL, "unknown encoding '%s'; expected auto, utf-8, gb18030 or gbk",
				encoding);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 && !gb) {
		data += 3;
		len -= 3;
		utf8 = true; /* a UTF-8 BOM settles it */
	}
	size_t valid = SIZE_MAX; /* UTF-8 not tried */
	if (!gb) {
		valid = wh_utf8_valid_prefix(data, len);
		if (valid == len) {
			*out = data;
			*out_len = len;
			return 0;
		}
		if (utf8) {
			wh_pos pos = { file, line_of(data, valid), 0 };
			return wh_error_at(err, WUHONG_EDATA, &pos,
					   "invalid UTF-8 at byte %zu; expected UTF-8 (or give the encoding, e.g. gb18030)",
					   valid + 1);
		}
	}
	int rc = from_gb18030(data, len, valid, file, owned, out_len, err);
	*out = *owned;
	return rc;
}

/* ---- records ------------------------------------------------------------- */

struct rec_state {
	char **fields;     /* pointers into text, made when the record ends */
	size_t *offset;    /* field k starts at text.data + offset[k]; SIZE_MAX for NULL */
	size_t n, cap;
	wh_buf text;       /* the record's fields, each NUL-terminated */
	const char *file;
	long record;      /* next record's number */
	long start_line;  /* line the current record started on */
	bool in_record;   /* a record has started and not yet ended */
	long line;        /* line being fed */
	wh_csv_record_fn fn;
	void *ctx;
	wuhong_error *err;
	int rc;
};

static bool grow_fields(rec_state *st)
{
	size_t cap = st->cap;
	return wh_grow((void **)&st->offset, &cap, st->n, sizeof *st->offset) &&
	       wh_grow((void **)&st->fields, &st->cap, st->n, sizeof *st->fields);
}

/* Room for the field after the last one (both arrays). */
static inline bool field_room(rec_state *st)
{
	return st->n < st->cap || grow_fields(st);
}

static bool csv_space(char c)
{
	return c == ' ' || c == '\t';
}

static void on_field(void *s, size_t len, void *data)
{
	rec_state *st = data;
	if (st->rc)
		return;
	if (!field_room(st)) {
		st->rc = wh_error_oom(st->err);
		return;
	}
	if (s && memchr(s, '\0', len)) {
		/* C strings would cut the cell at the NUL and read a different value */
		wh_pos pos = { st->file, st->line, (long)st->n + 1 };
		st->rc = wh_error_at(st->err, WUHONG_EDATA, &pos, "field %zu holds a NUL byte; expected text", st->n + 1);
		if (st->err)
			st->err->row = st->start_line;
		return;
	}
	st->offset[st->n] = s ? st->text.len : SIZE_MAX;
	if (s && !wh_buf_append_string(&st->text, s, len)) {
		st->rc = wh_error_oom(st->err);
		return;
	}
	st->n++;
}

static void clear_fields(rec_state *st)
{
	st->n = 0;
	st->text.len = 0;
}

bool wh_fields_blank(char *const *fields, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const unsigned char *s = (const unsigned char *)fields[k];
		if (!s)
			continue;
		while (*s == ' ' || *s == '\t' || *s == '\r' || (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80))
			s += *s == 0xE3 ? 3 : 1;
		if (*s)
			return false;
	}
	return true;
}

static void on_record(int c, void *data)
{
	(void)c;
	rec_state *st = data;
	if (!st->rc) {
		for (size_t k = 0; k < st->n; k++)
			st->fields[k] = st->offset[k] == SIZE_MAX ? NULL : st->text.data + st->offset[k];
		/* a row blank in every cell (",,,," — what Excel and WPS write for a
		 * formatted empty row) is no record, as a blank line is none */
		if (wh_fields_blank(st->fields, st->n)) {
			clear_fields(st);
			st->in_record = false;
			return;
		}
		st->rc = st->fn(st->ctx, st->fields, st->n, st->record, st->start_line, st->err);
		st->record++;
	}
	clear_fields(st);
	st->in_record = false;
}

/* Bytes of a line looked at together by plain_record. */
#define CHUNK 16

/* Bit k: byte k of c[0 .. CHUNK) is a comma (*commas), or a quote, carriage
 * return or NUL (the result), which only libcsv reads rightly. */
static inline uint32_t chunk_marks(const char *c, uint32_t *commas)
{
#if defined(__SSE2__) && !defined(WUHONG_NO_MULTIVERSION)
	__m128i v = _mm_loadu_si128((const __m128i *)c);
	*commas = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
	__m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
				   _mm_cmpeq_epi8(v, _mm_setzero_si128()));
	return (uint32_t)_mm_movemask_epi8(odd);
#else
	uint32_t cm = 0, odd = 0;
	for (int k = 0; k < CHUNK; k++) {
		cm |= (uint32_t)(c[k] == ',') << k;
		odd |= (uint32_t)(c[k] == '"' || c[k] == '\r' || c[k] == '\0') << k;
	}
	*commas = cm;
	return odd;
#endif
}

/*
 * A line libcsv reads as plain comma-separated fields — no quote, NUL or
 * carriage return (but one before the newline), not blank, libcsv between
 * records — split here without a call per byte, into what libcsv makes of
 * it: each field trimmed of spaces and tabs, an empty one NULL. The line
 * is copied whole and its commas become the fields' NULs. s[0 .. len) is
 * the line without its newline. Returns false, having done nothing, for
 * any other line (libcsv reads it); true once the record is in st
 * (st->rc says whether room for it could be made).
 */
static bool plain_record(rec_state *st, const char *s, size_t len)
{
	if (len && s[len - 1] == '\r')
		len--;
	size_t base = st->text.len;
	char *out = wh_buf_grow(&st->text, len + CHUNK); /* the line, its NUL, and room to read whole chunks */
	if (!out) {
		st->rc = wh_error_oom(st->err);
		return true;
	}
	memcpy(out, s, len);
	memset(out + len, ',', CHUNK); /* past the end: a comma ends the last field */
	size_t start = 0;
	for (size_t k = 0; k < len + 1; k += CHUNK) {
		uint32_t commas, odd = chunk_marks(out + k, &commas);
		if (k + CHUNK > len) { /* the last chunk: only the line's bytes and the comma after */
			uint32_t keep = (UINT32_C(1) << (len - k)) - 1;
			odd &= keep;
			commas &= keep | (UINT32_C(1) << (len - k));
		}
		if (odd) {
			st->n = 0;
			st->text.len = base;
			return false;
		}
		for (; commas; commas &= commas - 1) {
			size_t end = k + (size_t)__builtin_ctz(commas);
			while (start < end && csv_space(out[start]))
				start++;
			size_t stop = end;
			while (stop > start && csv_space(out[stop - 1]))
				stop--;
			out[stop] = '\0';
			if (!field_room(st)) {
				st->rc = wh_error_oom(st->err);
				return true;
			}
			st->offset[st->n++] = stop == start ? SIZE_MAX : base + start;
			start = end + 1;
		}
	}
	st->text.len = base + len + 1;
	return true;
}

int wh_csv_stream_init(wh_csv_stream *cs, const char *file, wh_csv_record_fn fn, void *ctx, wuhong_error *err)
{
	memset(cs, 0, sizeof *cs);
	if (csv_init(&cs->p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
		return wh_error_oom(err);
	cs->st = wh_malloc(sizeof *cs->st);
	if (!cs->st) {
		csv_free(&cs->p);
		return wh_error_oom(err);
	}
	*cs->st = (rec_state){ .fn = fn, .ctx = ctx, .err = err, .line = 1, .file = file };
	/* $WUHONG_CSV=libcsv: every line through libcsv (to compare the two) */
	const char *mode = getenv("WUHONG_CSV");
	cs->plain = !mode || strcmp(mode, "libcsv") != 0;
	cs->row_start = true;
	return 0;
}

int wh_csv_stream_feed(wh_csv_stream *cs, const char *text, size_t len)
{
	rec_state *st = cs->st;
	struct csv_parser *p = &cs->p;
	size_t i = 0;
	while (i < len && !st->rc) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t j = nl ? (size_t)(nl - text) + 1 : len; /* the newline included */
		/* a record starts on the first non-blank line fed while none is
		 * open (libcsv skips lines of nothing but spaces, tabs and CRs) */
		bool blank = true;
		for (size_t k = i; k < j && blank; k++)
			blank = text[k] == '\n' || text[k] == '\r' || csv_space(text[k]);
		if (!st->in_record && !blank) {
			st->in_record = true;
			st->start_line = st->line;
			if (cs->row_start && nl && cs->plain && plain_record(st, text + i, j - i - 1)) {
				if (!st->rc)
					on_record(0, st);
				st->line++;
				i = j;
				continue;
			}
		}
		if (csv_parse(p, text + i, j - i, on_field, on_record, st) != j - i && !st->rc) {
			wh_pos pos = { st->file, st->line, 0 };
			st->rc = wh_error_at(st->err, WUHONG_EDATA, &pos, "malformed CSV (%s); check the quotes on this line",
					     csv_strerror(csv_error(p)));
			if (st->err)
				st->err->row = st->start_line;
		}
		/* libcsv is between records after a line unless a quoted field is
		 * open: then the quotes fed since it last was are odd (strict CSV:
		 * a quote opens or closes a field, "" inside one is two) */
		for (const char *q = text + i; (q = memchr(q, '"', (size_t)(text + j - q))); q++)
			cs->quotes++;
		cs->row_start = cs->quotes % 2 == 0;
		st->line++;
		i = j;
	}
	return st->rc;
}

int wh_csv_stream_finish(wh_csv_stream *cs)
{
	rec_state *st = cs->st;
	if (!st->rc && csv_fini(&cs->p, on_field, on_record, st) != 0 && !st->rc) {
		wh_pos pos = { st->file, st->start_line, 0 };
		st->rc = wh_error_at(st->err, WUHONG_EDATA, &pos,
				     "unterminated quoted field; expected a closing '\"' before the end of the file");
		if (st->err)
			st->err->row = st->start_line;
	}
	return st->rc;
}

long wh_csv_stream_line(const wh_csv_stream *cs)
{
	return cs->st->line;
}

void wh_csv_stream_free(wh_csv_stream *cs)
{
	if (!cs->st)
		return;
	wh_free(cs->st->fields);
	wh_free(cs->st->offset);
	wh_buf_free(&cs->st->text);
	wh_free(cs->st);
	cs->st = NULL;
	csv_free(&cs->p);
}

int wh_csv_each(const char *text, size_t len, const char *file, wh_csv_record_fn fn, void *ctx,
		wuhong_error *err)
{
	wh_csv_stream cs;
	int rc = wh_csv_stream_init(&cs, file, fn, ctx, err);
	if (rc)
		return rc;
	rc = wh_csv_stream_feed(&cs, text, len);
	if (!rc)
		rc = wh_csv_stream_finish(&cs);
	wh_csv_stream_free(&cs);
	return rc;
}

int wh_csv_options_check(const wuhong_csv_options *opts, wuhong_error *err)
{
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_CSV_OPTIONS_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_csv_options: unknown version %u", opts->version);
	return 0;
}

int wh_table_read(const char *data, size_t len, const char *file, const wuhong_csv_options *opts,
		  wh_csv_record_fn fn, void *ctx, char *where, size_t where_size, wuhong_error *err)
{
	int rc = wh_csv_options_check(opts, err);
	if (rc)
		return rc;
	wh_copy(where, where_size, file);
	if (wh_is_zip(data, len))
		return wh_xlsx_each(data, len, file, opts && opts->version >= 2 ? opts->sheet : NULL, fn, ctx, where,
				    where_size, err);
	const char *encoding = opts ? opts->encoding : NULL;
	const char *text;
	char *owned;
	size_t tlen;
	rc = wh_decode_text(data, len, encoding, file, &text, &tlen, &owned, err);
	if (rc)
		return rc;
	rc = wh_csv_each(text, tlen, file, fn, ctx, err);
	wh_free(owned);
	return rc;
}

int wh_csv_read(const char *data, size_t len, const char *file, const wuhong_csv_options *opts, wh_csv_record_fn fn,
		void *ctx, wuhong_error *err)
{
	char where[WUHONG_ERROR_FILE_MAX];
	return wh_table_read(data, len, file, opts, fn, ctx, where, sizeof where, err);
}

/* ---- named columns ---------------------------------------------------------- */

int wh_csv_columns_header(wh_csv_columns *c, char **f, size_t n, const wh_pos *pos, wuhong_error *err)
{
	c->n_fields = n;
	for (int k = 0; k < c->n; k++) {
		c->at[k] = -1;
		for (size_t i = 0; i < n; i++)
			for (int j = 0; c->names[k][j]; j++)
				if (f[i] && strcmp(f[i], c->names[k][j]) == 0)
					c->at[k] = (int)i;
		if (c->at[k] < 0 && !(c->optional & (1u << k)))
			return wh_error_at(err, WUHONG_EDATA, pos, "the %s header has no '%s' column; expected %s", wh_tr(c->what),
					   c->names[k][0], c->expected);
	}
	return 0;
}

int wh_csv_columns_width(const wh_csv_columns *c, size_t n, const wh_pos *pos, const char *unit, long record,
			 wuhong_error *err)
{
	if (n == c->n_fields)
		return 0;
	wh_error_at(err, WUHONG_EDATA, pos, "expected %zu fields as in the header, found %zu", c->n_fields, n);
	wh_error_set_unit(err, unit, record);
	return WUHONG_EDATA;
}

const char *wh_csv_cell(const wh_csv_columns *c, char **f, size_t n, int k)
{
	int i = c->at[k];
	if (i < 0 || (size_t)i >= n || !f[i])
		return "";
	const char *s = f[i];
	while (*s == ' ')
		s++;
	return s;
}

int wh_csv_keyword(const char *word, const char *const (*words)[2], int n, const char *field, const char *expected,
		   const wh_pos *pos, const char *unit, long record, wuhong_error *err)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(word, words[i][0]) == 0 || strcmp(word, words[i][1]) == 0)
			return i;
	wh_error_at(err, WUHONG_EDATA, pos, "%s '%s' is not %s", field, word, wh_tr(expected));
	wh_error_set_unit(err, unit, record);
	wh_error_set_field(err, field);
	return -1;
}
