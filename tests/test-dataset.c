/*
 * test-dataset.c — reading units and indicators from CSV: encodings, BOM,
 * CRLF, quoted newlines, booleans, missing cells, and every kind of bad
 * input named by file, line, row and column.
 */
#include <math.h>
#include <unistd.h>

#include "testutil.h"

static int load(const char *csv, size_t len, const char *encoding, wuhong_dataset **ds, wuhong_error *err)
{
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encoding;
	return wuhong_dataset_load_csv_string(ds, csv, len, "d.csv", &o, err);
}

START_TEST(test_basic)
{
	wuhong_dataset *ds = data_from("编号,名称,领域,乡镇,党委,x,flag\n"
				       "A1,\"甲, 村\",行政村,东镇,东镇党委,1.5,是\n"
				       "A2,\"乙\n村\",村,西镇,,,否\n"
				       "A3,丙,village,西镇,, 7 ,TRUE\n");
	ck_assert_uint_eq(wuhong_dataset_count(ds), 3);
	ck_assert_str_eq(wuhong_dataset_unit_name(ds, 0), "甲, 村");
	ck_assert_str_eq(wuhong_dataset_unit_name(ds, 1), "乙\n村");
	ck_assert_str_eq(wuhong_dataset_unit_sector(ds, 1), "村");
	ck_assert_str_eq(wuhong_dataset_unit_committee(ds, 0), "东镇党委");
	ck_assert_str_eq(wuhong_dataset_unit_committee(ds, 1), "");
	ck_assert(wuhong_dataset_value(ds, 0, "x") == 1.5);
	ck_assert(isnan(wuhong_dataset_value(ds, 1, "x"))); /* empty is missing, never 0 */
	ck_assert(wuhong_dataset_value(ds, 2, "x") == 7);
	ck_assert(wuhong_dataset_value(ds, 0, "flag") == 1);
	ck_assert(wuhong_dataset_value(ds, 1, "flag") == 0);
	ck_assert(wuhong_dataset_value(ds, 2, "flag") == 1);
	size_t i;
	ck_assert_int_eq(wuhong_dataset_find(&i, ds, "A3", NULL), 0);
	ck_assert_uint_eq(i, 2);
	ck_assert_int_eq(wuhong_dataset_find(&i, ds, "A9", NULL), WUHONG_ENOTFOUND);
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_encodings_agree)
{
	const char *utf8 = "id,name,sector,town,x\nA,郝家窑村,行政村,古绛镇,1\n";
	/* the same text in GB18030, with a UTF-8 BOM + CRLF variant */
	const char gb[] = "id,name,sector,town,x\nA,\xBA\xC2\xBC\xD2\xD2\xA4\xB4\xE5,\xD0\xD0\xD5\xFE\xB4\xE5,"
			  "\xB9\xC5\xE7\xAD\xD5\xF2,1\n";
	const char *bom_crlf = "\xEF\xBB\xBFid,name,sector,town,x\r\nA,郝家窑村,行政村,古绛镇,1\r\n";
	wuhong_dataset *a, *b, *c, *d;
	wuhong_error err;
	ck_assert_int_eq(load(utf8, strlen(utf8), NULL, &a, &err), 0);
	ck_assert_int_eq(load(gb, sizeof gb - 1, NULL, &b, &err), 0);           /* detected */
	ck_assert_int_eq(load(gb, sizeof gb - 1, "gbk", &c, &err), 0);          /* named */
	ck_assert_int_eq(load(bom_crlf, strlen(bom_crlf), NULL, &d, &err), 0);
	const wuhong_dataset *all[] = { a, b, c, d };
	for (int k = 0; k < 4; k++) {
		ck_assert_str_eq(wuhong_dataset_unit_name(all[k], 0), "郝家窑村");
		ck_assert_str_eq(wuhong_dataset_unit_town(all[k], 0), "古绛镇");
		ck_assert(wuhong_dataset_value(all[k], 0, "x") == 1);
	}
	/* naming UTF-8 for GB18030 bytes is an error, not a silent drop */
	wuhong_dataset *e = NULL;
	ck_assert_int_eq(load(gb, sizeof gb - 1, "utf-8", &e, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 2);
	ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));
	ck_assert_int_eq(load(utf8, strlen(utf8), "latin1", &e, &err), WUHONG_EINVAL);
	for (int k = 0; k < 4; k++)
		wuhong_dataset_free((wuhong_dataset *)all[k]);
}
END_TEST

/* A file neither encoding reads is named where the one that read further
 * stopped: a UTF-8 file's bad byte on line 4, not line 2 where its first
 * CJK character is no GB18030; a GB18030 file's bad pair on its line. */
START_TEST(test_encoding_errors_where)
{
	const char utf8_bad[] = "id,name,sector,town,x\nA,郝家窑村,行政村,古绛镇,1\nB,b,行政村,古绛镇,2\nC,c\xFF,行政村,古绛镇,3\n";
	const char gb_bad[] = "id,name,sector,town,x\nA,\xBA\xC2\xBC\xD2,v,t,1\nB,b,v,t,2\nC,\x81\x20,v,t,3\n";
	wuhong_dataset *ds = NULL;
	wuhong_error err;
	ck_assert_int_eq(load(utf8_bad, sizeof utf8_bad - 1, NULL, &ds, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 4);
	char want[96];
	snprintf(want, sizeof want, "neither valid UTF-8 (byte %zu)", strchr(utf8_bad, '\xFF') - utf8_bad + 1);
	ck_assert_msg(strstr(err.message, want), "'%s' lacks '%s'", err.message, want);
	ck_assert_int_eq(load(gb_bad, sizeof gb_bad - 1, NULL, &ds, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 4);
	snprintf(want, sizeof want, "nor valid GB18030 (byte %zu)", strstr(gb_bad, "\x81\x20") - gb_bad + 1);
	ck_assert_msg(strstr(err.message, want), "'%s' lacks '%s'", err.message, want);
	/* GB18030 named: UTF-8 was not tried, and the message does not say it was */
	ck_assert_int_eq(load(utf8_bad, sizeof utf8_bad - 1, "gb18030", &ds, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 2);
	ck_assert_ptr_nonnull(strstr(err.message, "invalid GB18030 at byte"));
	ck_assert_ptr_null(ds);
}
END_TEST

static void expect_bad(const char *csv, long line, long row, const char *unit, const char *phrase)
{
	wuhong_dataset *ds = NULL;
	wuhong_error err;
	int rc = load(csv, strlen(csv), NULL, &ds, &err);
	ck_assert_msg(rc == WUHONG_EDATA, "rc %d for %s", rc, csv);
	ck_assert_ptr_null(ds);
	ck_assert_str_eq(err.file, "d.csv");
	ck_assert_msg(err.line == line, "line %ld, want %ld (%s)", err.line, line, err.message);
	ck_assert_msg(err.row == row, "row %ld, want %ld (%s)", err.row, row, err.message);
	ck_assert_str_eq(err.unit, unit);
	ck_assert_msg(strstr(err.message, phrase), "'%s' lacks '%s'", err.message, phrase);
}

START_TEST(test_bad_input)
{
	expect_bad("id,name,sector,town\nA,a,v,t\nA,b,v,t\n", 3, 3, "A", "used twice");
	expect_bad("id,name,sector,town,x\nA,a,v,t,1\nB,b,v,t\n", 3, 3, "B", "expected 5 fields");
	expect_bad("id,name,sector,town,x\nA,a,v,t,1\nB,b,v,t,1,2\n", 3, 3, "B", "expected 5 fields");
	expect_bad("id,name,town,x\nA,a,t,1\n", 1, 0, "", "no 'sector' column");
	expect_bad("id,name,sector,town\nA,a,v,t\nB,\"open,v,t\n", 3, 3, "", "unterminated");
	expect_bad("id,name,sector,town\nA,a\"b,v,t\n", 2, 2, "", "malformed CSV");
	expect_bad("id,name,sector,town\nA,a,,t\n", 2, 2, "A", "sector column is empty");
	expect_bad("id,name,sector,town,x,x\nA,a,v,t,1,2\n", 1, 0, "", "twice");
	expect_bad("", 1, 0, "", "empty");
}
END_TEST

START_TEST(test_api_and_zero_copy)
{
	wuhong_dataset *ds;
	wuhong_error err;
	ck_assert_int_eq(wuhong_dataset_new(&ds, 2, &err), 0);
	ck_assert_int_eq(wuhong_dataset_set_unit(ds, 0, "u0", "零", "village", "t", NULL, &err), 0);
	ck_assert_int_eq(wuhong_dataset_set_unit(ds, 1, "u0", "一", "village", "t", NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_dataset_set_unit(ds, 1, "u1", "一", "village", "t", NULL, &err), 0);
	ck_assert_int_eq(wuhong_dataset_set_unit(ds, 2, "u2", "二", "village", "t", NULL, &err), WUHONG_EINVAL);
	double x[2] = { 1, 2 };
	ck_assert_int_eq(wuhong_dataset_bind_column(ds, "x", x, &err), 0);
	ck_assert(wuhong_dataset_value(ds, 1, "x") == 2);
	x[1] = 5; /* bound, not copied: the change is seen */
	ck_assert(wuhong_dataset_value(ds, 1, "x") == 5);
	ck_assert_int_eq(wuhong_dataset_set_value(ds, 0, "x", 3, &err), WUHONG_EINVAL);
	ck_assert_int_eq(wuhong_dataset_set_value(ds, 0, "y", 3, &err), 0);
	ck_assert(isnan(wuhong_dataset_value(ds, 1, "y")));
	ck_assert_int_eq(wuhong_dataset_add_observation(ds, "u9", "s", "j", 80, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_dataset_add_observation(ds, "u1", "s", "j", 80, &err), 0);
	ck_assert_int_eq(wuhong_dataset_add_observation(ds, "u1", "s", "j", 81, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "twice"));
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_panel_errors)
{
	wuhong_dataset *ds = data_from("id,name,sector,town\nA,a,v,t\n");
	wuhong_error err;
	const char *bad_unit = "unit,indicator,judge,value\nA,s,j1,80\nB,s,j1,80\n";
	ck_assert_int_eq(wuhong_dataset_load_panel_string(ds, bad_unit, strlen(bad_unit), "p.csv", NULL, &err),
			 WUHONG_EDATA);
	ck_assert_int_eq(err.line, 3);
	ck_assert_str_eq(err.file, "p.csv");
	const char *bad_value = "unit,indicator,judge,value\nA,s,j1,eighty\n";
	ck_assert_int_eq(wuhong_dataset_load_panel_string(ds, bad_value, strlen(bad_value), "p.csv", NULL, &err),
			 WUHONG_EDATA);
	ck_assert_int_eq(err.line, 2);
	ck_assert_str_eq(err.unit, "A");
	/* a failed file adds nothing: the same rows load cleanly afterwards */
	const char *good = "单位,指标,评委,分值\nA,s,j1,80\n";
	ck_assert_int_eq(wuhong_dataset_load_panel_string(ds, good, strlen(good), "p.csv", NULL, &err), 0);
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_spreadsheet_exports)
{
	/* what Excel and WPS write: trailing empty columns, a totals row, "96.9%", "1,234.5",
	 * full-width digits, and -, —, /, 无 for no value */
	wuhong_dataset *ds = data_from("id,name,sector,town,x,y,,,\n"
				       "A,甲,village,东镇,96.9%,\"1,234.5\",,,\n"
				       "B,乙,village,东镇,１２．５,—,,\n"
				       "C,丙,village,东镇,-,无,,,\n"
				       "D,丁,village,东镇,/,\"-12,000\",,,\n"
				       "合计,,,,,,,,\n");
	ck_assert_uint_eq(wuhong_dataset_count(ds), 4);
	ck_assert(wuhong_dataset_value(ds, 0, "x") == 96.9);
	ck_assert(wuhong_dataset_value(ds, 0, "y") == 1234.5);
	ck_assert(wuhong_dataset_value(ds, 1, "x") == 12.5);
	ck_assert(isnan(wuhong_dataset_value(ds, 1, "y")) && isnan(wuhong_dataset_value(ds, 2, "x")) &&
		  isnan(wuhong_dataset_value(ds, 2, "y")) && isnan(wuhong_dataset_value(ds, 3, "x")));
	ck_assert(wuhong_dataset_value(ds, 3, "y") == -12000);
	ck_assert_str_eq(wuhong_dataset_notice(ds), "test.csv:6: the totals row (合计) was skipped");
	wuhong_dataset_free(ds);
	ds = data_from("id,name,sector,town,x\nA,甲,village,东镇,1\n");
	ck_assert_ptr_null(wuhong_dataset_notice(ds));
	wuhong_dataset_free(ds);
	static const char *const bad[][2] = {
		{ "id,name,sector,town,x\n合计,,,,\nA,甲,village,东镇,1\n", "a totals row (合计, 总计 or 小计) must be the last row" },
		{ "id,name,sector,town,x,\nA,甲,village,东镇,1,7\n", "column 6 has a value ('7') but no name in the header" },
		{ "id,name,sector,town,x,y\nA,甲,village,东镇,1\n", "expected 6 fields as in the header, found 5" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		wuhong_error err;
		ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, bad[k][0], strlen(bad[k][0]), "t.csv", NULL, &err),
				 WUHONG_EDATA);
		ck_assert_msg(strstr(err.message, bad[k][1]) != NULL, "%s", err.message);
	}
	/* a thousands separator must group by three, and "1,2" is not a number */
	ds = data_from("id,name,sector,town,x\nA,甲,village,东镇,\"1,2\"\n");
	ck_assert(isnan(wuhong_dataset_value(ds, 0, "x")));
	wuhong_dataset_free(ds);
}
END_TEST

/* The first rows of the bundled data as a workbook (the fuzz corpus' seed, after its mode byte). */
START_TEST(test_xlsx)
{
	FILE *f = fopen(WUHONG_SOURCE_DIR "/tests/fuzz/corpus/xlsx/bundled-head.xlsx", "rb");
	ck_assert_ptr_nonnull(f);
	static char book[65536];
	size_t n = fread(book, 1, sizeof book, f);
	fclose(f);
	ck_assert_uint_gt(n, 1000);
	wuhong_dataset *ds;
	wuhong_error err;
	ck_assert_msg(wuhong_dataset_load_csv_string(&ds, book + 1, n - 1, "head.xlsx", NULL, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(wuhong_dataset_count(ds), 5);
	ck_assert_str_eq(wuhong_dataset_unit_id(ds, 1), "VL002");
	ck_assert_str_eq(wuhong_dataset_unit_name(ds, 1), "柳庄村");
	wuhong_dataset_free(ds);
	/* a sheet that is not there names those that are */
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.sheet = "数据";
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, book + 1, n - 1, "head.xlsx", &o, &err), WUHONG_ENOTFOUND);
	ck_assert_str_eq(err.message, "head.xlsx: the workbook has no sheet '数据'; it has 'Sheet'");
	/* a version-1 options struct has no sheet: the first is read */
	struct { unsigned version; const char *encoding; } v1 = { 1, NULL };
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, book + 1, n - 1, "head.xlsx", (wuhong_csv_options *)&v1, &err), 0);
	wuhong_dataset_free(ds);
	/* the explicit loader refuses a CSV */
	ck_assert_int_eq(wuhong_dataset_load_xlsx(&ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, &err),
			 WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "not an .xlsx workbook"));
	/* a cell's position as Excel writes it */
	wuhong_error e = { .code = WUHONG_EDATA, .message = "bad", .file = "b.xlsx[数据]", .line = 17, .column = 28,
			   .row = 16, .unit = "VL016" };
	char text[256];
	wuhong_error_format(&e, text, sizeof text);
	ck_assert_str_eq(text, "b.xlsx: 数据!AB17: unit VL016: bad");
	e.column = 0;
	wuhong_error_format(&e, text, sizeof text);
	ck_assert_str_eq(text, "b.xlsx: 数据 row 17: unit VL016: bad");
}
END_TEST

/* A roster field of every unit in one buffer, NUL after each (the bindings' columns). */
/* Every number a file holds reads as strtod reads it, to the last bit: the
 * loader's fast path (15 significant digits, 22 decimals) and its fallback
 * (more digits, exponents) alike, around their edges. */
/* A text of 6,000 rows, about 400 KB (many of the loader's pieces, made
 * 16 KB here): a BOM, CR LF lines, quoted names with commas and newlines,
 * missing cells, blank lines. Row `extra` (0: none) has a field too many,
 * row 5000 repeats an
 * early row's id when `twice`, and row `nul` holds a NUL byte (an error of
 * the reader's, found before the row is a record). */
static char *large_table(size_t *len, long extra, bool twice, long nul)
{
	size_t cap = 1u << 20, n = 0;
	char *t = malloc(cap);
	n += (size_t)snprintf(t + n, cap - n, "\xEF\xBB\xBFid,name,sector,town,committee,x,y,flag\r\n");
	for (long r = 1; n < cap - 256 && r <= 6000; r++) {
		size_t start = n;
		const char *name = r % 97 == 0 ? "\"村,\n第二行\"" : r % 13 == 0 ? "\"甲村\"" : "郝家窑村";
		const char *x = r == extra ? "1,2" : r % 7 == 0 ? "" : "12.5";
		n += (size_t)snprintf(t + n, cap - n, "U%07ld,%s,行政村,古绛镇,%s,%s,%ld.25,%s%s%s", twice && r == 5000 ? 3L : r,
				      name, r % 5 ? "古绛镇党委" : "", x, r % 1000, r % 2 ? "是" : "否",
				      r % 3 ? "\n" : "\r\n", r % 211 == 0 ? "\n" : "");
		if (r == nul)
			t[start + 1] = '\0'; /* in the id */
	}
	*len = n;
	return t;
}

/* Read from a file a piece at a time — on one thread, and with the reader
 * on a thread of its own — a large table is what it is read whole from
 * memory: every unit, every value, and the first error in the file. */
START_TEST(test_large_file_in_pieces)
{
	setenv("WUHONG_CSV_PIECE", "16384", 1);
	static const struct {
		long extra, nul;
		bool twice;
		const char *error; /* in the message, or NULL: it loads */
	} variants[] = {
		{ 0, 0, false, NULL },
		{ 4000, 0, false, "unit U0004000: expected 8 fields" },
		{ 0, 5003, true, "'U0000003' is used twice" }, /* the reader's error comes just after */
		{ 5203, 5200, false, "NUL byte" },             /* the reader's error comes just before */
	};
	for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
		char path[] = "/tmp/wuhong-large-XXXXXX";
		size_t len;
		char *text = large_table(&len, variants[v].extra, variants[v].twice, variants[v].nul);
		ck_assert_uint_gt(len, 300000);
		int fd = mkstemp(path);
		ck_assert_int_ge(fd, 0);
		ck_assert_uint_eq((size_t)write(fd, text, len), len);
		close(fd);
		wuhong_dataset *whole = NULL, *pieces[2] = { NULL, NULL };
		wuhong_error e1, e2[2];
		int r1 = wuhong_dataset_load_csv_string(&whole, text, len, path, NULL, &e1);
		int r2[2];
		setenv("WUHONG_LOAD_THREADS", "1", 1);
		r2[0] = wuhong_dataset_load_csv(&pieces[0], path, NULL, &e2[0]);
		unsetenv("WUHONG_LOAD_THREADS");
		r2[1] = wuhong_dataset_load_csv(&pieces[1], path, NULL, &e2[1]);
		unlink(path);
		for (int t = 0; t < 2; t++) {
			ck_assert_int_eq(r1, r2[t]);
			if (variants[v].error) {
				char m1[2048], m2[2048];
				wuhong_error_format(&e1, m1, sizeof m1);
				wuhong_error_format(&e2[t], m2, sizeof m2);
				ck_assert_int_ne(r1, 0);
				ck_assert_str_eq(m1, m2);
				ck_assert_int_eq(e1.line, e2[t].line);
				ck_assert_int_eq(e1.row, e2[t].row);
				ck_assert_msg(strstr(m1, variants[v].error) != NULL, "%s", m1);
				continue;
			}
			ck_assert_int_eq(r1, 0);
			const wuhong_dataset *ds = pieces[t];
			size_t n = wuhong_dataset_count(whole);
			ck_assert_uint_eq(wuhong_dataset_count(ds), n);
			ck_assert_uint_eq(n, 6000);
			for (size_t i = 0; i < n; i++) {
				ck_assert_str_eq(wuhong_dataset_unit_id(ds, i), wuhong_dataset_unit_id(whole, i));
				ck_assert_str_eq(wuhong_dataset_unit_name(ds, i), wuhong_dataset_unit_name(whole, i));
				ck_assert_str_eq(wuhong_dataset_unit_committee(ds, i), wuhong_dataset_unit_committee(whole, i));
				static const char *const cols[] = { "x", "y", "flag" };
				for (int c = 0; c < 3; c++) {
					double a = wuhong_dataset_value(whole, i, cols[c]), b = wuhong_dataset_value(ds, i, cols[c]);
					ck_assert(memcmp(&a, &b, sizeof a) == 0);
				}
				size_t at = SIZE_MAX;
				ck_assert_int_eq(wuhong_dataset_find(&at, ds, wuhong_dataset_unit_id(whole, i), NULL), 0);
				ck_assert_uint_eq(at, i);
			}
			ck_assert_str_eq(wuhong_dataset_unit_name(ds, 96), "村,\n第二行");
			ck_assert(isnan(wuhong_dataset_value(ds, 6, "x")));
			ck_assert(wuhong_dataset_value(ds, 8, "y") == 9.25);
			ck_assert_int_eq(wuhong_dataset_find(NULL, ds, "U9999999", NULL), WUHONG_ENOTFOUND);
		}
		wuhong_dataset_free(whole);
		wuhong_dataset_free(pieces[0]);
		wuhong_dataset_free(pieces[1]);
		free(text);
	}
	unsetenv("WUHONG_CSV_PIECE");
}
END_TEST

START_TEST(test_numbers_exact)
{
	enum { N = 20000 };
	static char cells[N][56];
	unsigned long long state = 7;
	for (size_t i = 0; i < N; i++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned r = (unsigned)(state >> 33);
		int int_digits = (int)(r % 18), frac_digits = (int)((r >> 5) % 24);
		char *c = cells[i];
		size_t k = 0;
		if ((r >> 10) & 1)
			c[k++] = '-';
		for (int d = 0; d < int_digits || d == 0; d++) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			c[k++] = (char)('0' + (state >> 60) % 10);
		}
		if (frac_digits) {
			c[k++] = '.';
			for (int d = 0; d < frac_digits; d++) {
				state = state * 6364136223846793005ULL + 1442695040888963407ULL;
				c[k++] = (char)('0' + (state >> 60) % 10);
			}
		}
		if ((r >> 12) % 16 == 0)
			k += (size_t)snprintf(c + k, 8, "e%d", (int)((r >> 16) % 40) - 20);
		c[k] = '\0';
	}
	static const char *const edges[] = { "0.1", "0.3", "1e22", "9007199254740993", "999999999999999.5",
					     "123456789012345", "1234567890123456", "0.0000000000000000000001",
					     "-0", "5.", ".5", "+7.25", "2.2250738585072014e-308" };
	for (size_t e = 0; e < sizeof edges / sizeof *edges; e++)
		snprintf(cells[e], sizeof cells[e], "%s", edges[e]);
	size_t cap = (size_t)N * 64 + 64, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv, cap, "id,name,sector,town,x\n");
	for (size_t i = 0; i < N; i++)
		len += (size_t)snprintf(csv + len, cap - len, "U%zu,n,village,t,%s\n", i, cells[i]);
	wuhong_dataset *ds = data_from(csv);
	for (size_t i = 0; i < N; i++) {
		double want = strtod(cells[i], NULL), got = wuhong_dataset_value(ds, i, "x");
		ck_assert_msg(memcmp(&want, &got, sizeof want) == 0, "'%s' read as %.17g, strtod says %.17g", cells[i],
			      got, want);
	}
	wuhong_dataset_free(ds);
	free(csv);
}
END_TEST

START_TEST(test_roster_columns)
{
	wuhong_dataset *ds = data_from("id,name,sector,town,committee,x\nA1,甲村,village,古绛镇,,1\nB2,乙社区,community,横水镇,横水镇党委,2\n");
	char *bytes = NULL;
	size_t len = 0;
	wuhong_error err;
	ck_assert_int_eq(wuhong_dataset_roster(&bytes, &len, ds, WUHONG_ROSTER_NAME, &err), 0);
	ck_assert_uint_eq(len, sizeof "甲村\0乙社区" );
	ck_assert(memcmp(bytes, "甲村\0乙社区\0", len) == 0);
	wuhong_free(bytes);
	ck_assert_int_eq(wuhong_dataset_roster(&bytes, &len, ds, WUHONG_ROSTER_COMMITTEE, &err), 0);
	ck_assert_uint_eq(len, sizeof "\0横水镇党委");
	ck_assert(memcmp(bytes, "\0横水镇党委\0", len) == 0); /* unset: "" */
	wuhong_free(bytes);
	ck_assert_int_eq(wuhong_dataset_roster(&bytes, &len, ds, (wuhong_roster_field)5, &err), WUHONG_EINVAL);
	ck_assert_ptr_null(bytes);
	ck_assert_int_eq(wuhong_dataset_roster(&bytes, &len, NULL, WUHONG_ROSTER_ID, &err), WUHONG_EINVAL);
	wuhong_dataset_free(ds);
}
END_TEST

static Suite *dataset_suite(void)
{
	Suite *s = suite_create("dataset");
	TCase *tc = tcase_create("csv");
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_encodings_agree);
	tcase_add_test(tc, test_encoding_errors_where);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_api_and_zero_copy);
	tcase_add_test(tc, test_panel_errors);
	tcase_add_test(tc, test_spreadsheet_exports);
	tcase_add_test(tc, test_xlsx);
	tcase_add_test(tc, test_roster_columns);
	tcase_add_test(tc, test_numbers_exact);
	tcase_add_test(tc, test_large_file_in_pieces);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(dataset_suite)
