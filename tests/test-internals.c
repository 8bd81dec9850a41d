/*
 * test-internals.c — internal pieces tested from the inside, each against
 * a slower, plainly right way: the CSV reader's records (plain lines are
 * split without libcsv, and must be what libcsv makes of them), the UTF-8
 * check, and number text.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv-file.h"
#include "csv-read.h"
#include "testutil.h"
#include "util/number.h"
#include "util/utf8.h"
#include "xlsx-format.h"

typedef struct summary {
	char text[65536];
	size_t len;
} summary;

/* Each record as its number, line and fields, NULL told apart from "". */
static int keep_record(void *ctx, char **fields, size_t n, long record, long line, wuhong_error *err)
{
	(void)err;
	summary *s = ctx;
	s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "%ld@%ld:", record, line);
	for (size_t k = 0; k < n && s->len < sizeof s->text - 64; k++)
		s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, fields[k] ? "[%s]" : "(null)",
					   fields[k]);
	s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "\n");
	return 0;
}

static void read_all(summary *s, const char *csv, size_t len)
{
	s->len = 0;
	wuhong_error err;
	wuhong_error_clear(&err);
	int rc = wh_csv_each(csv, len, "t.csv", keep_record, s, &err);
	char msg[1024];
	wuhong_error_format(&err, msg, sizeof msg);
	s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "rc=%d %s\n", rc, rc ? msg : "");
}

/* The same through a stream, fed pieces cut after newlines picked by seed
 * (a quoted field, a record, a blank run may all span two pieces). */
static void read_in_pieces(summary *s, const char *csv, size_t len, unsigned seed)
{
	s->len = 0;
	wuhong_error err;
	wuhong_error_clear(&err);
	wh_csv_stream cs;
	int rc = wh_csv_stream_init(&cs, "t.csv", keep_record, s, &err);
	size_t at = 0;
	for (size_t i = 0; i < len && !rc; i++)
		if (csv[i] == '\n' && (seed = seed * 1103515245u + 12345u) >> 16 & 1) {
			rc = wh_csv_stream_feed(&cs, csv + at, i + 1 - at);
			at = i + 1;
		}
	if (!rc)
		rc = wh_csv_stream_feed(&cs, csv + at, len - at);
	if (!rc)
		rc = wh_csv_stream_finish(&cs);
	wh_csv_stream_free(&cs);
	char msg[1024];
	wuhong_error_format(&err, msg, sizeof msg);
	s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "rc=%d %s\n", rc, rc ? msg : "");
}

/* Tables made of spaces, tabs, empty fields, quoted fields (with commas
 * and newlines), CR LF and bare CR, NUL bytes, blank lines, lines of
 * spaces and a last line without its newline read the same record for
 * record, line for line, and fail with the same error, whether plain lines
 * are split here or every line goes through libcsv ($WUHONG_CSV=libcsv),
 * and whether the text is read whole or a piece at a time. */
START_TEST(test_plain_lines_as_libcsv)
{
	static const char *const pieces[] = { "1",     "2.5", " 3 ",  "\t4",  "5\t",  "",   " ",     "x y",
					      "\"q\"", "\"a,b\"", "\"l1\nl2\"", "7\r8", "甲", "  9  ", "\"\"", "a\t b",
					      "\t",    "\"open", "x\"y" };
	enum { PIECES = sizeof pieces / sizeof *pieces, TABLES = 3000 };
	unsigned long long state = 11;
#define NEXT() (state = state * 6364136223846793005ULL + 1442695040888963407ULL, (unsigned)(state >> 33))
	static char csv[4096];
	static summary plain, libcsv, pieced;
	for (int t = 0; t < TABLES; t++) {
		size_t len = 0;
		int rows = 1 + (int)(NEXT() % 7);
		for (int r = 0; r < rows && len < sizeof csv - 256; r++) {
			if (NEXT() % 8 == 0) {
				static const char *const blank[] = { "\n", "\r\n", "  \t\n", " \r\n", "\r" };
				len += (size_t)snprintf(csv + len, sizeof csv - len, "%s", blank[NEXT() % 5]);
				continue;
			}
			int fields = 1 + (int)(NEXT() % 5);
			for (int f = 0; f < fields; f++) {
				unsigned pick = NEXT();
				const char *piece = pieces[pick % 4 ? pick % 8 : (pick >> 8) % PIECES];
				len += (size_t)snprintf(csv + len, sizeof csv - len, "%s%s", f ? "," : "", piece);
			}
			if (NEXT() % 64 == 0)
				csv[len++] = '\0'; /* a NUL byte in the last field */
			if (r < rows - 1 || NEXT() % 4)
				len += (size_t)snprintf(csv + len, sizeof csv - len, "%s", NEXT() % 4 ? "\n" : "\r\n");
		}
		unsetenv("WUHONG_CSV");
		read_all(&plain, csv, len);
		setenv("WUHONG_CSV", "libcsv", 1);
		read_all(&libcsv, csv, len);
		unsetenv("WUHONG_CSV");
		read_in_pieces(&pieced, csv, len, (unsigned)t);
		ck_assert_msg(plain.len == pieced.len && memcmp(plain.text, pieced.text, plain.len) == 0,
			      "table %d reads differently in pieces:\n%.*s\nwhole:\n%s\nin pieces:\n%s", t, (int)len, csv,
			      plain.text, pieced.text);
		ck_assert_msg(plain.len == libcsv.len && memcmp(plain.text, libcsv.text, plain.len) == 0,
			      "table %d reads differently:\n%.*s\nplain:\n%s\nlibcsv:\n%s", t, (int)len, csv, plain.text,
			      libcsv.text);
	}
#undef NEXT
}
END_TEST

/* A plain line's fields: trimmed of spaces and tabs, empty ones NULL, and
 * the line each record starts on counted across quoted newlines. */
START_TEST(test_plain_fields)
{
	static summary s;
	const char csv[] = "a, b ,\t,\r\n\"x\ny\",2\n  \n3\n";
	read_all(&s, csv, sizeof csv - 1);
	ck_assert_str_eq(s.text, "0@1:[a][b](null)(null)\n1@2:[x\ny][2]\n2@5:[3]\nrc=0 \n");
}
END_TEST

/* The length of the valid UTF-8 prefix of s[0 .. n), by the Unicode
 * standard's table of well-formed sequences (Table 3-7), byte by byte. */
static size_t valid_prefix_by_table(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		unsigned lo = 0x80, hi = 0xBF;
		size_t len;
		if (c <= 0x7F)
			len = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		else
			return i;
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++)
			if (s[i + k] < (k == 1 ? lo : 0x80) || s[i + k] > (k == 1 ? hi : 0xBF))
				return i;
		i += len;
	}
	return n;
}

/* The decoder's valid prefix (its ASCII and three-byte fast paths too) is
 * the table's, on random text of ASCII, CJK, and every lead and
 * continuation byte around the edges (E0, ED, F0, F4, overlong, surrogate). */
START_TEST(test_utf8_prefix)
{
	static const unsigned char bytes[] = { 'a', ',', 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
					       0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5,
					       0xFF };
	unsigned long long state = 3;
	unsigned char text[64];
	for (int t = 0; t < 50000; t++) {
		size_t n = 0;
		while (n < sizeof text - 4) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			unsigned r = (unsigned)(state >> 33);
			if (r % 4 == 0) { /* a well-formed CJK character: 甲 */
				memcpy(text + n, "\xE7\x94\xB2", 3);
				n += 3;
			} else if (r % 4 == 1) {
				text[n++] = (unsigned char)('a' + r % 26);
			} else {
				text[n++] = bytes[(r >> 8) % sizeof bytes];
			}
			if ((r >> 20) % 16 == 0)
				break;
		}
		size_t want = valid_prefix_by_table(text, n), got = wh_utf8_valid_prefix((const char *)text, n);
		ck_assert_msg(got == want, "text %d: valid prefix %zu, the table says %zu", t, got, want);
	}
}
END_TEST

/* A number's text the plain way: the fewest of 15, 16, 17 significant
 * digits that read back, never in exponent form for everyday magnitudes. */
static void number_by_printf(char *buf, size_t size, double v)
{
	bool plain = fabs(v) >= 1e-4 && fabs(v) < 1e15;
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (prec == 17 || (!(plain && strchr(buf, 'e')) && strtod(buf, NULL) == v))
			return;
	}
}

/* wh_format_number's short cuts (whole numbers, a few decimals) write what
 * printf's search writes, on decimals of every length and magnitude. */
START_TEST(test_number_text)
{
	unsigned long long state = 9;
	static const double edges[] = { 0.1, 0.25, 96.9, 1e-4, 0.00015, 999999999.999999, 123456.123456, 0.3,
					-2.5,  1e9, 1e15, 0.1 + 0.2, 5e-5, 100.05, 8.675309, -0.0001 };
	for (int t = 0; t < 60000; t++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned r = (unsigned)(state >> 33);
		double v;
		if (t < (int)(sizeof edges / sizeof *edges))
			v = edges[t];
		else if (r % 3 == 0) /* a decimal: up to 9 integer digits, up to 8 places */
			v = (double)(state >> (20 + r % 30)) / pow(10, (r >> 4) % 9) * ((r >> 9) & 1 ? -1 : 1);
		else if (r % 3 == 1) /* any double of an everyday magnitude */
			v = ldexp((double)(state >> 11), -(int)((r >> 4) % 80));
		else
			v = (double)((r >> 4) % 100000) / 100.0 + ((r >> 20) % 2 ? 0.1 : 0);
		char want[64], got[64];
		number_by_printf(want, sizeof want, v);
		wh_format_number(got, sizeof got, v);
		ck_assert_msg(strcmp(want, got) == 0, "%.17g: '%s', printf: '%s'", v, got, want);
	}
}
END_TEST

/* The file's first pass, on one thread and in two parts: lines counted and
 * UTF-8 checked alike wherever the middle falls (in a long line, just
 * before a newline, on the last line), and a bad byte in either part seen. */
static void scan_both_ways(const char *path, bool want_streamable, size_t want_lines)
{
	static const char *const threads[] = { "1", "2" };
	for (int k = 0; k < 2; k++) {
		setenv("WUHONG_LOAD_THREADS", threads[k], 1);
		bool streamable;
		size_t lines;
		ck_assert_int_eq(wh_csv_file_scan(path, NULL, &streamable, &lines, NULL), 0);
		ck_assert_msg(streamable == want_streamable && (!want_streamable || lines == want_lines),
			      "threads=%s: streamable %d lines %zu, want %d and %zu", threads[k], streamable, lines,
			      want_streamable, want_lines);
	}
	unsetenv("WUHONG_LOAD_THREADS");
}

START_TEST(test_first_pass_in_two_parts)
{
	setenv("WUHONG_CSV_PIECE", "4096", 1);
	char path[] = "/tmp/wuhong-scan-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "wb");
	unsigned long long state = 5;
	for (int shape = 0; shape < 40; shape++) {
		ck_assert_int_eq(ftruncate(fd, 0), 0);
		rewind(f);
		size_t newlines = 0, bytes = 0, target = 9000 + (size_t)shape * 517;
		long bad_at = shape % 4 == 1 ? (long)(target / 4) : shape % 4 == 2 ? (long)(target * 3 / 4) : -1;
		while (bytes < target) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			unsigned r = (unsigned)(state >> 33);
			/* a short line, or now and then one longer than a piece */
			size_t len = r % 23 == 0 ? 5000 + r % 3000 : 1 + r % 90;
			for (size_t j = 0; j < len; j++, bytes++) {
				if (bad_at >= 0 && (long)bytes >= bad_at)
					fputc(0xFF, f), bad_at = -2; /* once */
				else if (j % 7 == 3 && j + 3 <= len)
					fputs("\xE7\x94\xB2", f), j += 2, bytes += 2;
				else
					fputc('a' + (int)(j % 26), f);
			}
			if (shape % 5 == 4 && bytes >= target)
				break; /* the last line without its newline */
			fputc('\n', f);
			bytes++;
			newlines++;
		}
		ck_assert_int_eq(fflush(f), 0);
		ck_assert_int_ne(bad_at, shape % 4 == 1 || shape % 4 == 2 ? -1 : -2);
		scan_both_ways(path, bad_at == -1, newlines + 1);
	}
	fclose(f);
	unlink(path);
	unsetenv("WUHONG_CSV_PIECE");
}
END_TEST

/* What a workbook's number format shows: a date is told from a number by its
 * tokens outside quotes and brackets, and a serial is written as the date. */
START_TEST(test_xlsx_formats_and_dates)
{
	static const struct {
		const char *code;
		int kind;
	} formats[] = {
		{ "General", FMT_PLAIN }, { "0.00", FMT_PLAIN }, { "#,##0.00_);[Red](#,##0.00)", FMT_PLAIN },
		{ "0.0%", FMT_PERCENT }, { "yyyy-mm-dd", FMT_DATE }, { "yyyy\"年\"m\"月\"d\"日\"", FMT_DATE },
		{ "[$-804]yyyy/m/d", FMT_DATE }, { "h:mm", FMT_DATE }, { "[h]:mm", FMT_DATE }, { "[Magenta]0", FMT_PLAIN },
		{ "0\"次/月\"", FMT_PLAIN }, { "\"日期\"0", FMT_PLAIN }, { "0.0\\m", FMT_PLAIN }, { "[", FMT_PLAIN },
	};
	for (size_t k = 0; k < sizeof formats / sizeof *formats; k++)
		ck_assert_msg(wh_xlsx_format_kind(formats[k].code) == formats[k].kind, "%s", formats[k].code);
	static const struct {
		double serial;
		bool date1904;
		const char *text;
	} dates[] = {
		{ 45639, false, "2024-12-13" }, { 45639.75, false, "2024-12-13 18:00" }, { 0.5, false, "12:00" },
		{ 1, false, "1900-01-01" }, { 61, false, "1900-03-01" }, { 0, true, "1904-01-01" },
		{ 2958465, false, "9999-12-31" }, { -1, false, "########" }, { 2958466, false, "########" },
		{ NAN, false, "########" }, { INFINITY, false, "########" }, { 1e300, false, "########" },
	};
	for (size_t k = 0; k < sizeof dates / sizeof *dates; k++) {
		char buf[64];
		wh_xlsx_date_text(buf, sizeof buf, dates[k].serial, dates[k].date1904);
		ck_assert_msg(strcmp(buf, dates[k].text) == 0, "%.17g: %s, want %s", dates[k].serial, buf, dates[k].text);
	}
}
END_TEST

static Suite *internals_suite(void)
{
	Suite *s = suite_create("internals");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_plain_lines_as_libcsv);
	tcase_add_test(tc, test_plain_fields);
	tcase_add_test(tc, test_utf8_prefix);
	tcase_add_test(tc, test_number_text);
	tcase_add_test(tc, test_first_pass_in_two_parts);
	tcase_add_test(tc, test_xlsx_formats_and_dates);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(internals_suite)
