/*
 * output.c — see output.h.
 */
#define _GNU_SOURCE /* fopencookie, realpath */
#include "output.h"
#include "language.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <wuhong.h>

/* Set by any allocation of this run that failed (ours, libwuhong's, jansson's):
 * a run that lost memory on the way writes nothing. */
static bool run_failed;

void out_fail(void)
{
	run_failed = true;
}

bool out_failed(void)
{
	return run_failed;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Where a path leads: the file a symlink (or a chain of them) names, even
 * one that does not exist yet. malloc'd, or NULL (errno set). */
static char *resolve(const char *path)
{
	char *real = realpath(path, NULL);
	if (real || errno != ENOENT)
		return real;
	char *cur = strdup(path);
	for (int hops = 0; cur && hops < 40; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur; /* not there yet: the file to create */
		char target[4096];
		ssize_t n = readlink(cur, target, sizeof target - 1);
		if (n < 0) {
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = strdup(target);
		} else { /* relative to the link's directory */
			const char *slash = strrchr(cur, '/');
			size_t dir = slash ? (size_t)(slash - cur) + 1 : 0;
			next = malloc(dir + (size_t)n + 1);
			if (next) {
				memcpy(next, cur, dir);
				memcpy(next + dir, target, (size_t)n + 1);
			}
		}
		free(cur);
		cur = next;
	}
	if (cur) {
		free(cur);
		errno = ELOOP;
	}
	return NULL;
}

/*
 * -o FILE. A regular file (or a new one) is replaced whole: a temporary
 * file beside it is written, flushed to disk, given the old file's mode (a
 * new one 0666 & ~umask) and renamed over it, so readers see the old file
 * or the new one, never half of either, and a failure leaves the old one.
 * A symlink is followed (its target is replaced, the link stays). Anything
 * else — a FIFO, a device, /dev/stdout — is written to directly, at the end.
 *
 * A large output is not held whole: once STREAM_AFTER bytes are waiting,
 * the temporary file is made and written as the output grows (UTF-8 only:
 * GB18030 is converted whole, at the end).
 */
enum { STREAM_AFTER = 1 << 20 };

static void cannot_write(out_sink *o, const char *path, int e)
{
	if (!o->write_errno) {
		o->write_errno = e ? e : EIO;
		snprintf(o->why, sizeof o->why, _("cannot write %s: %s"), path, strerror(o->write_errno));
	}
}

/* Make the temporary file beside the target and write the BOM: true, or
 * false with o->why said (or, for a target that is not a regular file,
 * false with nothing said: it is written directly, at the end). */
static bool begin_replace(out_sink *o)
{
	free(o->target);
	o->target = resolve(o->path);
	if (!o->target) {
		cannot_write(o, o->path, errno);
		return false;
	}
	struct stat st;
	bool exists = stat(o->target, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return false;
	size_t n = strlen(o->target) + 16;
	o->tmp = malloc(n);
	if (!o->tmp) {
		cannot_write(o, o->path, ENOMEM);
		return false;
	}
	snprintf(o->tmp, n, "%s.XXXXXX", o->target);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		cannot_write(o, o->path, errno);
		free(o->tmp);
		o->tmp = NULL;
		return false;
	}
	mode_t mode;
	if (exists) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(o->fd, mode) != 0 || (exists && fchown(o->fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) ||
	    write_all(o->fd, o->bom_bytes, o->bom_len)) {
		cannot_write(o, o->path, errno);
		return false;
	}
	return true;
}

/* Flush, close and rename the temporary file over the target. */
static void commit_replace(out_sink *o)
{
	if (!o->write_errno && fsync(o->fd) != 0)
		cannot_write(o, o->path, errno);
	if (close(o->fd) != 0)
		cannot_write(o, o->path, errno);
	o->fd = -1;
	if (!o->write_errno && rename(o->tmp, o->target) != 0)
		cannot_write(o, o->path, errno);
}

/*
 * The writer: a thread that writes one buffer to the temporary file while
 * the command formats the next (the kernel's copy of a 100 MB output is a
 * sixth of an evaluation's time). Without a thread, the write is the
 * caller's.
 */
struct out_writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *buf;       /* the buffer being written, when busy */
	size_t len, cap;
	bool busy, quit;
	int fd;
	int error;       /* errno of a failed write, or 0 */
};

static void *writer_main(void *arg)
{
	struct out_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->busy && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->busy)
			break;
		pthread_mutex_unlock(&w->mu);
		int e = w->error ? 0 : write_all(w->fd, w->buf, w->len) ? (errno ? errno : EIO) : 0;
		pthread_mutex_lock(&w->mu);
		if (e)
			w->error = e;
		w->busy = false;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static struct out_writer *writer_start(int fd)
{
	struct out_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->fd = fd;
	if (pthread_mutex_init(&w->mu, NULL) != 0) {
		free(w);
		return NULL;
	}
	if (pthread_cond_init(&w->cv, NULL) != 0 || pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

/* Wait for the write in progress; its error, or 0. */
static int writer_wait(struct out_writer *w)
{
	pthread_mutex_lock(&w->mu);
	while (w->busy)
		pthread_cond_wait(&w->cv, &w->mu);
	int e = w->error;
	pthread_mutex_unlock(&w->mu);
	return e;
}

/* Finish the write in progress and end the thread. */
static void writer_stop(out_sink *o)
{
	struct out_writer *w = o->writer;
	if (!w)
		return;
	int e = writer_wait(w);
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	if (e)
		cannot_write(o, o->path, e);
	free(w->buf);
	free(w);
	o->writer = NULL;
}

/* The waiting bytes to the temporary file (made on the first call): handed
 * to the writer, whose last buffer, written, becomes the one to fill. */
static void stream_out(out_sink *o)
{
	if (o->fd < 0 && !o->write_errno && !begin_replace(o)) {
		o->streamable = false; /* not a regular file: held, written at the end */
		return;
	}
	if (!o->writer && !o->write_errno)
		o->writer = writer_start(o->fd);
	struct out_writer *w = o->writer;
	if (!w) {
		if (!o->write_errno && write_all(o->fd, o->buf, o->len))
			cannot_write(o, o->path, errno);
		o->len = 0;
		return;
	}
	int e = writer_wait(w);
	if (e)
		cannot_write(o, o->path, e);
	if (!o->write_errno) {
		pthread_mutex_lock(&w->mu);
		char *written = w->buf;
		size_t cap = w->cap;
		w->buf = o->buf, w->len = o->len, w->cap = o->cap;
		w->busy = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		o->buf = written, o->cap = cap;
	}
	o->len = 0;
}

/* The stream's bytes go here; unlike open_memstream, a failed growth is
 * never silent (glibc's memstream can lose the tail when its last realloc
 * fails). */
static ssize_t sink_write(void *cookie, const char *data, size_t n)
{
	out_sink *o = cookie;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *buf = realloc(o->buf, cap);
		if (!buf) {
			out_fail();
			return -1;
		}
		o->buf = buf;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, data, n);
	o->len += n;
	if (o->streamable && o->len >= STREAM_AFTER)
		stream_out(o);
	return o->write_errno ? -1 : (ssize_t)n;
}

int out_open(out_sink *o, const char *path, bool bom, const char *encoding, char *why, size_t why_size)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->path = path && strcmp(path, "-") != 0 ? path : NULL;
	if (encoding && strcasecmp(encoding, "gb18030") != 0 && strcasecmp(encoding, "gbk") != 0 &&
	    strcasecmp(encoding, "utf-8") != 0 && strcasecmp(encoding, "utf8") != 0) {
		snprintf(why, why_size, _("unknown output encoding '%s'; expected utf-8 or gb18030"), encoding);
		return 2;
	}
	o->gb18030 = encoding && (strcasecmp(encoding, "gb18030") == 0 || strcasecmp(encoding, "gbk") == 0);
	/* a BOM tells Excel and WPS the encoding: EF BB BF for UTF-8, 84 31 95 33 for GB18030 */
	o->bom_bytes = o->gb18030 ? "\x84\x31\x95\x33" : "\xEF\xBB\xBF";
	o->bom_len = bom ? (o->gb18030 ? 4 : 3) : 0;
	o->streamable = o->path && !o->gb18030;
	static const cookie_io_functions_t io = { .write = sink_write };
	o->f = fopencookie(o, "w", io);
	if (!o->f) {
		snprintf(why, why_size, _("out of memory"));
		return 3;
	}
	return 0;
}

void out_discard(out_sink *o)
{
	if (o->f)
		fclose(o->f);
	writer_stop(o);
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp && !o->committed)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	free(o->buf);
	memset(o, 0, sizeof *o);
	o->fd = -1;
}

/* The whole output, held, to a target that is not a regular file. */
static void write_direct(out_sink *o, const char *data, size_t len)
{
	int fd = open(o->path, O_WRONLY | O_APPEND);
	if (fd < 0 || write_all(fd, o->bom_bytes, o->bom_len) || write_all(fd, data, len))
		cannot_write(o, o->path, errno);
	if (fd >= 0 && close(fd) != 0)
		cannot_write(o, o->path, errno);
}

int out_close(out_sink *o, char *why, size_t why_size)
{
	bool lost = ferror(o->f) != 0;
	int closed = fclose(o->f);
	o->f = NULL;
	writer_stop(o);
	if (o->write_errno) {
		snprintf(why, why_size, "%s", o->why);
		out_discard(o);
		return 3;
	}
	if (closed != 0 || lost || run_failed) {
		snprintf(why, why_size, _("out of memory; nothing was written"));
		out_discard(o);
		return 3;
	}
	char *data = o->buf;
	size_t len = o->len;
	char *converted = NULL;
	if (o->gb18030) {
		wuhong_error err;
		if (wuhong_encode_gb18030(&converted, &len, o->buf, o->len, &err) != 0) {
			snprintf(why, why_size, _("cannot convert the output to GB18030: %s"), err.message);
			out_discard(o);
			return 3;
		}
		data = converted;
	}
	if (!o->path) {
		if (write_all(1, o->bom_bytes, o->bom_len) || write_all(1, data, len)) {
			o->write_errno = errno ? errno : EIO;
			snprintf(o->why, sizeof o->why, _("cannot write the output: %s"), strerror(o->write_errno));
		}
	} else if (o->fd >= 0 || (!o->write_errno && begin_replace(o))) {
		if (write_all(o->fd, data, len))
			cannot_write(o, o->path, errno);
		commit_replace(o);
		o->committed = !o->write_errno;
	} else if (!o->write_errno) {
		write_direct(o, data, len);
	}
	wuhong_free(converted);
	int status = o->write_errno ? 3 : 0;
	if (status)
		snprintf(why, why_size, "%s", o->why);
	out_discard(o);
	return status;
}

/* s (n bytes) as a CSV field followed by end, at buf + k (room: 2n + 3);
 * the new end. Quoted when it holds a comma, a quote or a line break. */
static size_t put_field(char *buf, size_t k, const char *s, size_t n, char end)
{
	bool plain = true;
	for (size_t j = 0; j < n; j++)
		plain &= s[j] != ',' && s[j] != '"' && s[j] != '\r' && s[j] != '\n';
	if (plain) {
		memcpy(buf + k, s, n);
		k += n;
	} else {
		buf[k++] = '"';
		for (size_t j = 0; j < n; j++) {
			if (s[j] == '"')
				buf[k++] = '"';
			buf[k++] = s[j];
		}
		buf[k++] = '"';
	}
	buf[k++] = end;
	return k;
}

/* fields, each ended by a comma and the last by end, in one write; each
 * field measured once (a CSV of a million units writes twelve million) */
static void write_fields(FILE *f, const char *const *fields, size_t n, char end)
{
	enum { MEASURED = 64 };
	char small[1024], *buf = small;
	size_t lens[MEASURED], need = 1;
	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(fields[k] ? fields[k] : "");
		if (k < MEASURED)
			lens[k] = len;
		need += 2 * len + 3;
	}
	if (need > sizeof small && !(buf = malloc(need))) {
		out_fail();
		return;
	}
	size_t len = 0;
	for (size_t k = 0; k < n; k++) {
		const char *s = fields[k] ? fields[k] : "";
		len = put_field(buf, len, s, k < MEASURED ? lens[k] : strlen(s), k + 1 == n ? end : ',');
	}
	if (len)
		fwrite(buf, 1, len, f);
	if (buf != small)
		free(buf);
}

void csv_field(FILE *f, const char *s, bool last)
{
	write_fields(f, &s, 1, last ? '\n' : ',');
}

void csv_row(FILE *f, const char *const *fields, size_t n)
{
	write_fields(f, fields, n, '\n');
}

/* ---- tables -------------------------------------------------------------- */

/* The display width of the next character at *s (CJK and full-width forms take two
 * columns), and its length in bytes. */
static size_t char_width(const unsigned char *s, int *bytes)
{
	int len = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3 : 4;
	uint32_t cp = len == 1 ? *s : (uint32_t)(*s & (0x3F >> (len - 1)));
	int k = 1;
	for (; k < len && s[k]; k++)
		cp = (cp << 6) | (s[k] & 0x3F);
	*bytes = k;
	bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
		    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
		    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
	return wide ? 2 : 1;
}

static size_t display_width(const char *str)
{
	size_t w = 0;
	int n;
	for (const unsigned char *s = (const unsigned char *)str; *s; s += n)
		w += char_width(s, &n);
	return w;
}

/* How many bytes of str fit in max display columns (at least one character). */
static size_t fit(const char *str, size_t max)
{
	size_t w = 0;
	int n;
	const unsigned char *s = (const unsigned char *)str;
	for (; *s; s += n) {
		size_t cw = char_width(s, &n);
		if (w + cw > max && w > 0)
			break;
		w += cw;
	}
	return (size_t)(s - (const unsigned char *)str);
}

/* Punctuation no line starts with (，。）… ) and none ends with (（“ ). */
static bool no_line_start(const char *s)
{
	static const char *const marks[] = { "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "”", "’", "》", "%", ")",
					      ",", ".", ";", ":", "!", "?" };
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		if (strncmp(s, marks[k], strlen(marks[k])) == 0)
			return true;
	return false;
}

static bool no_line_end(const char *s, size_t len)
{
	static const char *const marks[] = { "（", "「", "『", "“", "‘", "《", "(" };
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		size_t m = strlen(marks[k]);
		if (len >= m && memcmp(s + len - m, marks[k], m) == 0)
			return true;
	}
	return false;
}

/*
 * Where to end a line of at most max display columns of str: after a space
 * or a Chinese punctuation mark in its last two thirds if there is one,
 * else between two wide characters (Chinese breaks between any two); never
 * inside a Latin word or a number, unless the word alone is wider than the
 * line, nor between a wide and a narrow character but at a space — so a
 * reader joins the lines back with a space unless both sides are wide.
 * Returns the bytes of the line.
 */
static size_t wrap_at(const char *str, size_t max)
{
	size_t whole = fit(str, max);
	if (!str[whole])
		return whole;
	size_t soft = 0, hard = 0, w = 0; /* the last good break: after a space or mark; between characters */
	size_t soft_w = 0;
	int n;
	bool prev_wide = false;
	for (size_t b = 0; b < whole; b += (size_t)n) {
		size_t cw = char_width((const unsigned char *)str + b, &n);
		bool wide = cw == 2, space = str[b] == ' ';
		if (b > 0 && wide && prev_wide && !no_line_start(str + b) && !no_line_end(str, b))
			hard = b;
		w += cw;
		size_t after = b + (size_t)n;
		if ((space || (wide && n == 3 && no_line_start(str + b))) && !no_line_start(str + after)) {
			soft = after;
			soft_w = w;
		}
		prev_wide = wide;
	}
	/* the break at the full width itself, when the next character allows it */
	unsigned char next = (unsigned char)str[whole];
	int m;
	bool next_wide = char_width((const unsigned char *)str + whole, &m) == 2;
	if (((prev_wide && next_wide) || next == ' ') && !no_line_start(str + whole) && !no_line_end(str, whole))
		hard = whole;
	if (soft && soft_w * 3 >= max)
		return soft;
	if (hard)
		return hard;
	return soft ? soft : whole;
}

/* The display width of the longest run of Latin letters, digits and signs (no
 * space, no wide character) in str: the narrowest a wrapped column can be. */
static size_t longest_word(const char *str)
{
	size_t longest = 0, run = 0;
	int n;
	for (const unsigned char *s = (const unsigned char *)(str ? str : ""); *s; s += n) {
		bool wide = char_width(s, &n) == 2;
		run = wide || *s == ' ' ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	return longest;
}

static size_t table_width = 100;
static bool table_color;

void table_set_color(bool on)
{
	table_color = on;
}

void table_set_width(size_t columns)
{
	table_width = columns < 40 ? 40 : columns;
}

void table_init(table *t, size_t cols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->right = calloc(cols ? cols : 1, sizeof *t->right);
	if (!t->right)
		out_fail();
}

void table_align_right(table *t, size_t col)
{
	if (t->right && col < t->cols)
		t->right[col] = true;
}

void table_add(table *t, const char *const *cells)
{
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **c = realloc(t->cells, cap * t->cols * sizeof *c);
		if (!c) {
			out_fail();
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	for (size_t k = 0; k < t->cols; k++) {
		const char *c = cells[k] ? cells[k] : "";
		if (t->rows == 0 && language_zh()) /* the header row, in the reader's language */
			c = column_label(c);
		if (!(t->cells[t->rows * t->cols + k] = strdup(c)))
			out_fail();
	}
	t->rows++;
}

void table_print(const table *t, FILE *f)
{
	size_t *w = calloc(t->cols ? t->cols : 1, sizeof *w);
	if (!w || !t->right) {
		out_fail();
		free(w);
		return;
	}
	for (size_t r = 0; r < t->rows; r++)
		for (size_t k = 0; k < t->cols; k++) {
			const char *c = t->cells[r * t->cols + k];
			size_t cw = c ? display_width(c) : 0;
			if (cw > w[k])
				w[k] = cw;
		}
	/* a left-aligned last column (reasons, details) is wrapped to fit the width */
	size_t before = 0, last_col = t->cols ? t->cols - 1 : 0;
	for (size_t k = 0; k < last_col; k++)
		before += w[k] + 2;
	if (t->cols && !t->right[last_col] && before + w[last_col] > table_width) {
		/* as wide as the line leaves, but never narrower than its longest word (up to 30 columns) */
		size_t word = 10;
		for (size_t r = 0; r < t->rows; r++) {
			size_t lw = longest_word(t->cells[r * t->cols + last_col]);
			if (lw > word)
				word = lw < 30 ? lw : 30;
		}
		w[last_col] = before + word < table_width ? table_width - before : word;
	}
	for (size_t r = 0; r < t->rows; r++) {
		if (r == 0 && table_color)
			fputs("\033[1m", f); /* the header in bold */
		for (size_t k = 0; k < t->cols; k++) {
			const char *c = t->cells[r * t->cols + k];
			if (!c)
				c = "";
			bool last = k + 1 == t->cols;
			if (r == 0 && last && table_color) {
				fprintf(f, "%s\033[0m\n", c);
				continue;
			}
			if (last && !t->right[k] && display_width(c) > w[k]) {
				for (bool first = true; *c; first = false) {
					size_t n = wrap_at(c, w[k]), shown = n;
					while (shown > 0 && c[shown - 1] == ' ') /* the space a line ends at is not shown */
						shown--;
					fprintf(f, "%*s%.*s\n", first ? 0 : (int)before, "", (int)shown, c);
					c += n;
					while (*c == ' ')
						c++;
				}
				continue;
			}
			size_t pad = w[k] - display_width(c);
			if (t->right[k])
				fprintf(f, "%*s%s", (int)pad, "", c);
			else
				fprintf(f, "%s%*s", c, last ? 0 : (int)pad, "");
			fputs(last ? "\n" : "  ", f);
		}
		if (r == 0) { /* rule under the header */
			size_t total = 0;
			for (size_t k = 0; k < t->cols; k++)
				total += w[k] + (k + 1 < t->cols ? 2 : 0);
			for (size_t i = 0; i < total; i++)
				fputc('-', f);
			fputc('\n', f);
		}
	}
	free(w);
}

void table_free(table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	memset(t, 0, sizeof *t);
}
