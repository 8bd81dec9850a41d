/*
 * csv-file.c — see csv-file.h. Both passes read the file into one buffer
 * of a piece (larger only for a longer line) and look at the whole lines
 * in it; the bytes after its last newline move to the front for the next
 * read. UTF-8 is checked a line at a time, so no character is split.
 *
 * With two cores the reading, checking and splitting of records runs on a
 * thread of its own, handing records over in batches; the caller's thread
 * takes them in order, so records, errors and their order are those of one
 * thread (an error of the reader's is taken after the records before it).
 */
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csv-file.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error-record.h"
#include "util/utf8.h"
#include "xlsx-read.h"

size_t wh_csv_piece(void)
{
	const char *asked = getenv("WUHONG_CSV_PIECE");
	long long n = asked ? atoll(asked) : 0;
	return n >= 4096 ? (size_t)n : (size_t)4 << 20;
}

typedef struct piece_reader {
	FILE *f;
	const char *path;
	char *buf;
	size_t cap, have; /* bytes in buf */
	size_t offset;    /* of buf[0] in the file */
	size_t end;       /* the offset it reads up to (SIZE_MAX: the end of the file) */
	bool eof;
} piece_reader;

static int reader_open(piece_reader *r, const char *path, wuhong_error *err)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->end = SIZE_MAX;
	r->f = fopen(path, "rb");
	if (!r->f) {
		wh_pos pos = { path, 0, 0 };
		return wh_error_at(err, WUHONG_EIO, &pos, "cannot open: %s", strerror(errno));
	}
	r->cap = wh_csv_piece();
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
		size_t want = r->cap - r->have, left = r->end - (r->offset + r->have);
		bool last = want >= left; /* this read reaches the end asked for */
		if (last)
			want = left;
		size_t got = want ? fread(r->buf + r->have, 1, want, r->f) : 0;
		r->have += got;
		if (got < want && ferror(r->f)) {
			wh_pos pos = { r->path, 0, 0 };
			return wh_error_at(err, WUHONG_EIO, &pos, "read error");
		}
		r->eof = got < want || last;
	}
}

/* Past a UTF-8 BOM at the start of the file. */
static size_t bom_at(const piece_reader *r, const char *text, size_t len)
{
	return r->offset == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* One part of the first pass: the whole lines in bytes [from, to) of the file. */
typedef struct scan_part {
	const char *path;
	size_t from, to;
	locale_t locale; /* the caller's, for a message made on another thread */
	int rc;
	wuhong_error err;
	bool valid;      /* UTF-8 throughout (and, in the part at 0, not a workbook) */
	size_t newlines;
	size_t end;      /* the offset read up to */
} scan_part;

static void *scan_lines(void *arg)
{
	scan_part *sp = arg;
	if (sp->locale)
		uselocale(sp->locale);
	wuhong_error_clear(&sp->err);
	piece_reader r;
	sp->valid = true;
	if ((sp->rc = reader_open(&r, sp->path, &sp->err)))
		return NULL;
	if (sp->from && fseeko(r.f, (off_t)sp->from, SEEK_SET) != 0) {
		wh_pos pos = { sp->path, 0, 0 };
		sp->rc = wh_error_at(&sp->err, WUHONG_EIO, &pos, "read error");
		reader_close(&r);
		return NULL;
	}
	r.offset = sp->from;
	r.end = sp->to;
	size_t dropped = 0;
	const char *text;
	size_t len;
	while (sp->valid && !(sp->rc = reader_next(&r, &dropped, &text, &len, &sp->err)) && len) {
		if (r.offset == 0 && wh_is_zip(text, len))
			sp->valid = false;
		size_t skip = bom_at(&r, text, len);
		sp->valid = sp->valid && wh_utf8_valid_prefix(text + skip, len - skip) == len - skip;
		for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			sp->newlines++;
	}
	sp->end = r.offset + r.have;
	reader_close(&r);
	return NULL;
}

static bool two_threads(void);

/* Where a second part of the first pass starts: past the first newline at
 * or after the middle of a file of size bytes (0: no such newline). */
static size_t second_part_at(FILE *f, size_t size)
{
	char buf[4096];
	size_t at = size / 2, got;
	if (fseeko(f, (off_t)at, SEEK_SET) != 0)
		return 0;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		const char *nl = memchr(buf, '\n', got);
		if (nl)
			return at + (size_t)(nl - buf) + 1;
		at += got;
	}
	return 0;
}

int wh_csv_file_scan(const char *path, const char *encoding, bool *streamable, size_t *lines, wuhong_error *err)
{
	*streamable = false;
	*lines = 1;
	if (encoding && *encoding && strcasecmp(encoding, "auto") != 0 && strcasecmp(encoding, "utf-8") != 0 &&
	    strcasecmp(encoding, "utf8") != 0)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		wh_pos pos = { path, 0, 0 };
		return wh_error_at(err, WUHONG_EIO, &pos, "cannot open: %s", strerror(errno));
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f); /* a pipe or a device is read once, whole: this pass would consume it */
		return 0;
	}
	/* with two cores, the halves of a large file at once */
	size_t size = (size_t)st.st_size;
	size_t split = two_threads() && size > 2 * wh_csv_piece() ? second_part_at(f, size) : 0;
	fclose(f);
	scan_part parts[2] = { { .path = path, .to = split ? split : SIZE_MAX },
			       { .path = path, .from = split, .to = SIZE_MAX, .locale = uselocale((locale_t)0) } };
	pthread_t second;
	bool started = split && pthread_create(&second, NULL, scan_lines, &parts[1]) == 0;
	if (split && !started)
		parts[0].to = SIZE_MAX; /* no thread: this one reads it all */
	scan_lines(&parts[0]);
	if (started)
		pthread_join(second, NULL);
	const scan_part *last = started ? &parts[1] : &parts[0];
	for (int k = 0; k < (started ? 2 : 1); k++)
		if (parts[k].rc) {
			if (err)
				*err = parts[k].err;
			return parts[k].rc;
		}
	*streamable = parts[0].valid && (!started || parts[1].valid) && last->end > wh_csv_piece();
	*lines = parts[0].newlines + (started ? parts[1].newlines : 0) + 1;
	return 0;
}

/* The file's records to fn, on this thread. */
static int read_records(const char *path, wh_csv_record_fn fn, void *ctx, wuhong_error *err)
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

/* ---- the reader on a thread of its own ------------------------------------- */

/* A batch is handed over at this many records or a quarter of a piece of text. */
enum { BATCH_RECORDS = 8192, READER_STOPPED = -1 };

typedef struct batch_record {
	size_t first_field, n_fields;
	long record, line;
} batch_record;

/* Records as the reader made them: their fields' text, NUL-terminated, at
 * offsets (SIZE_MAX: NULL). */
typedef struct record_batch {
	wh_buf text;
	size_t *field_at;
	size_t n_fields, cap_fields;
	batch_record *recs;
	size_t n_recs, cap_recs;
} record_batch;

typedef struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	record_batch slots[2];
	bool full[2]; /* filled, for the caller */
	int fill;     /* the slot the reader fills */
	bool done;    /* the reader has finished, with reader_rc */
	bool cancel;  /* the caller has stopped: the reader stops too */
	int reader_rc;
	wuhong_error reader_err;
	const char *path;
	locale_t locale; /* the caller's, for the reader's messages */
	size_t batch_bytes;
} pipeline;

static void batch_free(record_batch *b)
{
	wh_buf_free(&b->text);
	wh_free(b->field_at);
	wh_free(b->recs);
}

/* The filled slot to the caller; wait for the other to be free. false: the caller stopped. */
static bool hand_over(pipeline *pl)
{
	pthread_mutex_lock(&pl->mu);
	pl->full[pl->fill] = true;
	pthread_cond_broadcast(&pl->cv);
	pl->fill ^= 1;
	while (pl->full[pl->fill] && !pl->cancel)
		pthread_cond_wait(&pl->cv, &pl->mu);
	bool go = !pl->cancel;
	pthread_mutex_unlock(&pl->mu);
	record_batch *b = &pl->slots[pl->fill];
	b->text.len = 0, b->n_fields = 0, b->n_recs = 0;
	return go;
}

/* The reader's fn: a copy of the record into the batch being filled. */
static int batch_add(void *ctx, char **fields, size_t n, long record, long line, wuhong_error *err)
{
	pipeline *pl = ctx;
	record_batch *b = &pl->slots[pl->fill];
	if (!wh_grow((void **)&b->recs, &b->cap_recs, b->n_recs, sizeof *b->recs))
		return wh_error_oom(err);
	while (b->n_fields + n > b->cap_fields)
		if (!wh_grow((void **)&b->field_at, &b->cap_fields, b->n_fields + n - 1, sizeof *b->field_at))
			return wh_error_oom(err);
	b->recs[b->n_recs++] = (batch_record){ b->n_fields, n, record, line };
	for (size_t k = 0; k < n; k++) {
		b->field_at[b->n_fields++] = fields[k] ? b->text.len : SIZE_MAX;
		if (fields[k] && !wh_buf_append_string(&b->text, fields[k], strlen(fields[k])))
			return wh_error_oom(err);
	}
	if (b->n_recs >= BATCH_RECORDS || b->text.len >= pl->batch_bytes)
		return hand_over(pl) ? 0 : READER_STOPPED;
	return 0;
}

static void *reader_thread(void *arg)
{
	pipeline *pl = arg;
	uselocale(pl->locale);
	wuhong_error_clear(&pl->reader_err);
	int rc = read_records(pl->path, batch_add, pl, &pl->reader_err);
	pthread_mutex_lock(&pl->mu);
	pl->reader_rc = rc;
	pl->full[pl->fill] = true; /* the last batch, perhaps empty */
	pl->done = true;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/* The batches' records to fn in order, then the reader's own result. */
static int take_records(pipeline *pl, wh_csv_record_fn fn, void *ctx, wuhong_error *err)
{
	char **fields = NULL;
	size_t cap = 0;
	int rc = 0;
	for (int take = 0;; take ^= 1) {
		pthread_mutex_lock(&pl->mu);
		while (!pl->full[take])
			pthread_cond_wait(&pl->cv, &pl->mu);
		bool last = pl->done && pl->fill == take;
		pthread_mutex_unlock(&pl->mu);
		record_batch *b = &pl->slots[take];
		for (size_t r = 0; r < b->n_recs && !rc; r++) {
			const batch_record *br = &b->recs[r];
			if (br->n_fields > cap) {
				void *p = wh_realloc(fields, br->n_fields * sizeof *fields);
				if (!p) {
					rc = wh_error_oom(err);
					break;
				}
				fields = p;
				cap = br->n_fields;
			}
			for (size_t k = 0; k < br->n_fields; k++) {
				size_t at = b->field_at[br->first_field + k];
				fields[k] = at == SIZE_MAX ? NULL : b->text.data + at;
			}
			rc = fn(ctx, fields, br->n_fields, br->record, br->line, err);
		}
		if (!rc && last && pl->reader_rc) {
			rc = pl->reader_rc;
			if (err)
				*err = pl->reader_err;
		}
		pthread_mutex_lock(&pl->mu);
		pl->full[take] = false;
		pl->cancel = rc != 0;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		if (rc || last)
			break;
	}
	wh_free(fields);
	return rc;
}

/* $WUHONG_LOAD_THREADS=1: the reader on the caller's thread (to compare the two). */
static bool two_threads(void)
{
	const char *asked = getenv("WUHONG_LOAD_THREADS");
	if (asked && strcmp(asked, "1") == 0)
		return false;
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

int wh_csv_file_each(const char *path, wh_csv_record_fn fn, void *ctx, wuhong_error *err)
{
	if (!two_threads())
		return read_records(path, fn, ctx, err);
	pipeline *pl = wh_calloc(1, sizeof *pl);
	if (!pl)
		return wh_error_oom(err);
	pl->path = path;
	pl->batch_bytes = wh_csv_piece() / 4;
	pl->locale = uselocale((locale_t)0);
	pthread_t reader;
	bool started = pthread_mutex_init(&pl->mu, NULL) == 0;
	if (started && pthread_cond_init(&pl->cv, NULL) != 0) {
		pthread_mutex_destroy(&pl->mu);
		started = false;
	}
	bool made = started;
	started = started && pthread_create(&reader, NULL, reader_thread, pl) == 0;
	int rc = started ? take_records(pl, fn, ctx, err) : read_records(path, fn, ctx, err);
	if (started)
		pthread_join(reader, NULL);
	if (made) {
		pthread_cond_destroy(&pl->cv);
		pthread_mutex_destroy(&pl->mu);
	}
	batch_free(&pl->slots[0]);
	batch_free(&pl->slots[1]);
	wh_free(pl);
	return rc;
}
