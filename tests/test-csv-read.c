/*
 * test-csv-read.c — the CSV reader's records (libwuhong/csv-read.c), from
 * the inside: plain lines are split without libcsv (plain_record), and
 * every record must be exactly what libcsv makes of the line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv-read.h"

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

/* Tables made of spaces, tabs, empty fields, quoted fields (with commas
 * and newlines), CR LF and bare CR, NUL bytes, blank lines, lines of
 * spaces and a last line without its newline read the same record for
 * record, line for line, and fail with the same error, whether plain lines
 * are split here or every line goes through libcsv ($WUHONG_CSV=libcsv). */
START_TEST(test_plain_lines_as_libcsv)
{
	static const char *const pieces[] = { "1",     "2.5", " 3 ",  "\t4",  "5\t",  "",   " ",     "x y",
					      "\"q\"", "\"a,b\"", "\"l1\nl2\"", "7\r8", "甲", "  9  ", "\"\"", "a\t b",
					      "\t",    "\"open", "x\"y" };
	enum { PIECES = sizeof pieces / sizeof *pieces, TABLES = 5000 };
	unsigned long long state = 11;
#define NEXT() (state = state * 6364136223846793005ULL + 1442695040888963407ULL, (unsigned)(state >> 33))
	static char csv[4096];
	static summary plain, libcsv;
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

int main(void)
{
	Suite *s = suite_create("csv-read");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_plain_lines_as_libcsv);
	tcase_add_test(tc, test_plain_fields);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
