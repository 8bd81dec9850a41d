/*
 * dataset-csv.c — units and indicators from a wide CSV, panel observations
 * from a long CSV. Header names may be English keys or Chinese labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <math.h>

#include "csv-file.h"
#include "csv-read.h"
#include "problems-internal.h"
#include "xlsx-read.h"
#include "dataset-internal.h"

enum { COL_ID, COL_NAME, COL_SECTOR, COL_TOWN, COL_COMMITTEE, N_ROSTER };

static const char *const roster_names[N_ROSTER][6] = {
	{ "id", "编号", "单位编号", "代码", NULL },
	{ "name", "名称", "单位名称", NULL },
	{ "sector", "领域", "类别", NULL },
	{ "town", "township", "乡镇", NULL },
	{ "committee", "党委", "党（工）委", "党(工)委", "上级党组织", NULL },
};

static int roster_column(const char *h)
{
	for (int r = 0; r < N_ROSTER; r++)
		for (int k = 0; roster_names[r][k]; k++)
			if (strcmp(h, roster_names[r][k]) == 0)
				return r;
	return -1;
}

/* Full-width forms as Excel and WPS users type them (０-９ ． － ％ ，) to ASCII, in place. */
static void halfwidth(char *s)
{
	char *w = s;
	for (const unsigned char *r = (const unsigned char *)s; *r;) {
		/* U+FF01..U+FF5E is EF BC 81 .. EF BD 9E: ASCII 0x21..0x7E shifted */
		if (r[0] == 0xEF && (r[1] == 0xBC || r[1] == 0xBD) && r[2] >= 0x80 && r[2] <= 0xBF) {
			unsigned cp = 0xFF00u + (r[1] == 0xBD ? 0x40u : 0) + (r[2] - 0x80u);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*w++ = (char)(cp - 0xFF01 + 0x21);
				r += 3;
				continue;
			}
		}
		*w++ = (char)*r++;
	}
	*w = '\0';
}

/* "1,234.5" (thousands in groups of three) without its commas, in place; false if it is not that. */
static bool drop_thousands(char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t lead = 0;
	while (p[lead] >= '0' && p[lead] <= '9')
		lead++;
	if (lead == 0 || lead > 3 || p[lead] != ',')
		return false;
	for (p += lead; *p == ','; p += 4)
		if (!(p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9'))
			return false;
	if (*p && *p != '.')
		return false;
	char *w = s;
	for (const char *r = s; *r; r++)
		if (*r != ',')
			*w++ = *r;
	*w = '\0';
	return true;
}

/* Cells spreadsheets write for "no value" (besides an empty one). */
static bool means_missing(const char *s)
{
	static const char *const words[] = { "-", "—", "/", "无", "－", "／" };
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strcmp(s, words[k]) == 0)
			return true;
	return false;
}

/*
 * A cell's value: empty (or -, —, /, 无) is missing; booleans; numbers, as
 * Excel and WPS write them too (full-width digits, "1,234.5"; *percent set
 * for "96.9%", which is 96.9). false if none of these.
 */
static bool parse_cell(const char *s, double *v, bool *percent)
{
	*percent = false;
	if (!s) {
		*v = NAN;
		return true;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (wh_parse_decimal(s, n, v)) /* most cells: read in place */
		return true;
	char tmp[64];
	if (n >= sizeof tmp)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (n == 0) {
		*v = NAN;
		return true;
	}
	/* the common case first: a plain number (one pass, no string compares) */
	if (((tmp[0] >= '0' && tmp[0] <= '9') || tmp[0] == '.' || tmp[0] == '-' || tmp[0] == '+') &&
	    wh_parse_number(tmp, v))
		return true;
	if (means_missing(tmp)) {
		*v = NAN;
		return true;
	}
	if (strcasecmp(tmp, "true") == 0 || strcmp(tmp, "是") == 0) {
		*v = 1;
		return true;
	}
	if (strcasecmp(tmp, "false") == 0 || strcmp(tmp, "否") == 0) {
		*v = 0;
		return true;
	}
	halfwidth(tmp);
	n = strlen(tmp);
	if (n > 1 && tmp[n - 1] == '%') {
		tmp[--n] = '\0';
		*percent = true;
	}
	if (wh_parse_number(tmp, v))
		return true;
	return drop_thousands(tmp) && wh_parse_number(tmp, v);
}

static const char *trimmed(char *s)
{
	if (!s)
		return "";
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

typedef struct loader {
	wuhong_dataset *ds;
	const char *file;
	size_t n_fields;
	size_t n_named;             /* header fields up to the last with a name; empty ones after are ignored */
	long totals_line;           /* the line of a totals row (合计), which must be the last; 0 if none */
	int roster_at[N_ROSTER];    /* field index of each roster column, -1 if absent */
	long *col_of_field;         /* field -> dataset column, -1 for roster fields */
	double *row_values;         /* a row's cells, parsed before the row is taken */
	uint8_t *row_kinds;         /* how each parsed: CELL_NUMBER, CELL_PERCENT, or 0: not a number */
	double *stage;              /* the last rows' values, row by row: STAGE_ROWS x the columns */
	size_t staged_from;         /* the unit stage[0] holds */
	size_t cap;                 /* allocated units */
	size_t expect;              /* units the file can hold at most (its lines) */
	wuhong_problems *problems;  /* every bad row and cell goes here, or NULL: stop at the first */
	long header_row;            /* the header's row as the options name it; 0: find it */
} loader;

/* Rows whose values are kept row by row, then written to the columns
 * together: a value stored straight into each of thirty columns is a
 * store into thirty streams, each waiting for its line; a block of rows
 * writes whole lines of each column at once. */
#define STAGE_ROWS 64

/* Columns a data file may have: far more than any policy's indicators, few
 * enough that a malformed header cannot take the memory of a real data set. */
#define MAX_DATA_COLUMNS 16384

static int grow_units(loader *L, wuhong_error *err)
{
	wuhong_dataset *ds = L->ds;
	if (ds->n < L->cap)
		return 0;
	/* sized once from the file's lines, so memory grows with the data and
	 * columns are not copied as they grow; doubling is only the fallback */
	size_t cap = L->cap ? L->cap * 2 : (L->expect ? L->expect : 1);
#define GROW(field) do { \
		void *p_ = wh_realloc(ds->field, cap * sizeof *ds->field); \
		if (!p_) return wh_error_oom(err); \
		ds->field = p_; \
	} while (0)
	GROW(ids);
	GROW(names);
	GROW(sector);
	GROW(town);
	GROW(committee);
	GROW(lines);
#undef GROW
	for (size_t c = 0; c < ds->n_cols; c++) {
		double *p = wh_realloc(ds->cols[c].owned, cap * sizeof *p);
		if (!p)
			return wh_error_oom(err);
		ds->cols[c].owned = p;
		ds->cols[c].data = p;
	}
	L->cap = cap;
	return 0;
}

static int header(loader *L, char **f, size_t n, long line, wuhong_error *err)
{
	wuhong_dataset *ds = L->ds;
	wh_pos pos = { L->file, line, 0 };
	L->n_fields = n;
	if (n > MAX_DATA_COLUMNS)
		return wh_error_at(err, WUHONG_EDATA, &pos, "the header has %zu columns; at most %d are allowed", n,
				   MAX_DATA_COLUMNS);
	L->col_of_field = wh_malloc((n ? n : 1) * sizeof *L->col_of_field);
	L->row_values = wh_malloc((n ? n : 1) * sizeof *L->row_values);
	L->row_kinds = wh_malloc(n ? n : 1);
	if (!L->col_of_field || !L->row_values || !L->row_kinds)
		return wh_error_oom(err);
	for (int r = 0; r < N_ROSTER; r++)
		L->roster_at[r] = -1;
	/* trailing columns without a name (a spreadsheet's empty columns) are not columns */
	L->n_named = n;
	while (L->n_named > 0 && !*trimmed(f[L->n_named - 1]))
		L->n_named--;
	for (size_t i = 0; i < n; i++)
		L->col_of_field[i] = -1;
	for (size_t i = 0; i < L->n_named; i++) {
		const char *h = trimmed(f[i]);
		if (!*h) {
			wh_error_at(err, WUHONG_EDATA, &pos, "column %zu of the header has no name", i + 1);
			return WUHONG_EDATA;
		}
		int r = roster_column(h);
		if (r >= 0) {
			if (L->roster_at[r] >= 0) {
				wh_error_at(err, WUHONG_EDATA, &pos, "the header names the %s column twice (columns %d and %zu)",
					    roster_names[r][0], L->roster_at[r] + 1, i + 1);
				wh_error_set_field(err, h);
				return WUHONG_EDATA;
			}
			L->roster_at[r] = (int)i;
			ds->roster_col[r] = (long)i + 1;
			continue;
		}
		if (ds_find_column(ds, h)) {
			wh_error_at(err, WUHONG_EDATA, &pos, "the header names column '%s' twice", h);
			wh_error_set_field(err, h);
			return WUHONG_EDATA;
		}
		ds_column *c;
		if (!wh_grow((void **)&ds->cols, &ds->cap_cols, ds->n_cols, sizeof *ds->cols))
			return wh_error_oom(err);
		/* counted before its allocations, so the dataset frees what they get */
		size_t k = ds->n_cols++;
		c = &ds->cols[k];
		memset(c, 0, sizeof *c);
		c->name = wh_arena_strdup(&ds->arena, h);
		c->csv_col = (long)i + 1;
		c->bad_unit = SIZE_MAX;
		c->percent_unit = SIZE_MAX;
		c->owned = wh_malloc(L->cap * sizeof *c->owned);
		c->data = c->owned;
		if (!c->name || !c->owned || wh_map_put(&ds->col_map, c->name, k, NULL, NULL))
			return wh_error_oom(err);
		L->col_of_field[i] = (long)k;
	}
	if (!(L->stage = wh_malloc(STAGE_ROWS * (ds->n_cols ? ds->n_cols : 1) * sizeof *L->stage)))
		return wh_error_oom(err);
	for (int r = 0; r < COL_COMMITTEE; r++)
		if (L->roster_at[r] < 0) {
			wh_error_at(err, WUHONG_EDATA, &pos,
				    "the header has no '%s' column (%s); expected id, name, sector, town, then indicators",
				    roster_names[r][0], roster_names[r][1]);
			wh_error_set_field(err, roster_names[r][0]);
			return WUHONG_EDATA;
		}
	return 0;
}

/* Keep a cell that is not a number, for an evaluation to name (with a problems list). */
enum { CELL_NUMBER = 1, CELL_PERCENT = 2 };

/* The staged rows' values into their columns. */
static void flush_stage(loader *L)
{
	wuhong_dataset *ds = L->ds;
	size_t rows = ds->n - L->staged_from, stride = ds->n_cols;
	for (size_t c = 0; c < ds->n_cols; c++) {
		double *out = ds->cols[c].owned + L->staged_from;
		for (size_t r = 0; r < rows; r++)
			out[r] = L->stage[r * stride + c];
	}
	L->staged_from = ds->n;
}

static int keep_bad_cell(loader *L, size_t unit, long col, const char *text, bool percent, wuhong_error *err)
{
	wuhong_dataset *ds = L->ds;
	if (!L->problems || ds->n_bad >= pr_max(L->problems))
		return 0;
	if (!wh_grow((void **)&ds->bad_cells, &ds->cap_bad, ds->n_bad, sizeof *ds->bad_cells))
		return wh_error_oom(err);
	const char *t = wh_arena_strdup(&ds->arena, text ? text : "");
	if (!t)
		return wh_error_oom(err);
	ds->bad_cells[ds->n_bad++] = (ds_bad_cell){ unit, (size_t)col, t, percent };
	return 0;
}

static int unit_row(loader *L, char **f, size_t n, long record, long line, wuhong_error *err)
{
	wuhong_dataset *ds = L->ds;
	wh_pos pos = { L->file, line, 0 };
	const char *id = L->roster_at[COL_ID] < (int)n ? trimmed(f[L->roster_at[COL_ID]]) : "";
	if (L->totals_line)
		return wh_error_at(err, WUHONG_EDATA, &(wh_pos){ L->file, L->totals_line, 0 },
				   "a totals row (合计, 总计 or 小计) must be the last row; line %ld follows it", line);
	const char *first = n ? trimmed(f[0]) : "";
	if (!strcmp(first, "合计") || !strcmp(first, "总计") || !strcmp(first, "小计")) {
		L->totals_line = line; /* skipped, and said so (wuhong_dataset_notice) */
		return 0;
	}
	if (n < L->n_named) {
		wh_error_at(err, WUHONG_EDATA, &pos, "expected %zu fields as in the header, found %zu", L->n_named, n);
		wh_error_set_unit(err, id, record);
		return WUHONG_EDATA;
	}
	/* a spreadsheet writes as many fields as its widest row: empty ones past the named columns say nothing */
	for (size_t k = L->n_named; k < n; k++)
		if (*trimmed(f[k])) {
			if (n != L->n_fields) {
				wh_error_at(err, WUHONG_EDATA, &pos, "expected %zu fields as in the header, found %zu",
					    L->n_named, n);
			} else {
				wh_error_at(err, WUHONG_EDATA, &pos, "column %zu has a value ('%s') but no name in the header",
					    k + 1, trimmed(f[k]));
			}
			wh_error_set_unit(err, id, record);
			return WUHONG_EDATA;
		}
	static const char *const what[] = { N_("an id"), N_("a name"), N_("a sector"), N_("a township") };
	for (int r = 0; r < COL_COMMITTEE; r++) {
		if (!*trimmed(f[L->roster_at[r]])) {
			wh_error_at(err, WUHONG_EDATA, &pos, "the %s column is empty; every unit needs %s",
				    roster_names[r][0], wh_tr(what[r]));
			wh_error_set_unit(err, id, record);
			wh_error_set_field(err, roster_names[r][0]);
			return WUHONG_EDATA;
		}
	}
	/* the cells first, into the row's scratch: parsing them hides the wait
	 * for the id's slot in the index (fetched now), and nothing of the row
	 * is kept until its id is known to be new */
	wh_index_map_prefetch(&ds->id_map, id);
	for (size_t k = 0; k < n && k < L->n_named; k++) {
		if (L->col_of_field[k] < 0)
			continue;
		bool percent;
		bool ok = parse_cell(f[k], &L->row_values[k], &percent);
		L->row_kinds[k] = !ok ? 0 : percent ? CELL_PERCENT : CELL_NUMBER;
	}
	int rc = grow_units(L, err);
	if (rc)
		return rc;
	size_t i = ds->n;
	size_t prev;
	bool twice;
	const char *id_copy = wh_arena_strdup(&ds->arena, id);
	if (!id_copy)
		return wh_error_oom(err);
	/* the index reads ids[i]; a row that fails later leaves slot i to the
	 * next, whose id then replaces this one there (the index then never
	 * finds this one) */
	ds->ids[i] = id_copy;
	if (wh_index_map_put(&ds->id_map, ds->ids, id_copy, i, &twice, &prev)) /* one lookup: new, or used before */
		return wh_error_oom(err);
	if (twice) {
		wh_error_at(err, WUHONG_EDATA, &pos, "unit id '%s' is used twice (rows %ld and %ld)", id,
			    (long)ds->lines[prev], line);
		wh_error_set_unit(err, id, record);
		wh_error_set_field(err, "id");
		return WUHONG_EDATA;
	}
	const char *name = wh_arena_strdup(&ds->arena, trimmed(f[L->roster_at[COL_NAME]]));
	uint32_t s, t, c = 0;
	if (!name || ds_names_code(ds, &ds->sectors, trimmed(f[L->roster_at[COL_SECTOR]]), &s) ||
	    ds_names_code(ds, &ds->towns, trimmed(f[L->roster_at[COL_TOWN]]), &t) ||
	    (L->roster_at[COL_COMMITTEE] >= 0 &&
	     ds_names_code(ds, &ds->committees, trimmed(f[L->roster_at[COL_COMMITTEE]]), &c)))
		return wh_error_oom(err);
	if (s > UINT16_MAX || t > UINT16_MAX)
		return wh_error_at(err, WUHONG_EDATA, &pos, "too many distinct sectors or townships (at most 65535)");
	ds->ids[i] = id_copy;
	ds->names[i] = name;
	ds->sector[i] = (uint16_t)s;
	ds->town[i] = (uint16_t)t;
	ds->codes_version++;
	ds->committee[i] = c;
	ds->lines[i] = (uint32_t)line;
	for (size_t k = 0; k < n && k < L->n_named; k++) {
		long col = L->col_of_field[k];
		if (col < 0)
			continue;
		ds_column *cl = &ds->cols[col];
		double v = L->row_values[k];
		bool ok = L->row_kinds[k] != 0, percent = L->row_kinds[k] == CELL_PERCENT;
		if ((!ok || percent) && (rc = keep_bad_cell(L, i, col, f[k], ok && percent, err)))
			return rc;
		if (ok && percent && cl->percent_unit == SIZE_MAX) {
			/* "96.9%" is 96.9 for a percent indicator; evaluate.c refuses it for any other */
			cl->percent_unit = i;
			cl->percent_text = wh_arena_strdup(&ds->arena, f[k]);
			if (!cl->percent_text)
				return wh_error_oom(err);
		}
		if (!ok) {
			v = NAN;
			/* reported when a policy uses this column (see evaluate.c) */
			if (cl->bad_unit == SIZE_MAX) {
				cl->bad_unit = i;
				cl->bad_text = wh_arena_strdup(&ds->arena, f[k]);
				if (!cl->bad_text)
					return wh_error_oom(err);
			}
		}
		L->stage[(i - L->staged_from) * ds->n_cols + (size_t)col] = v;
	}
	ds->n++;
	if (ds->n - L->staged_from == STAGE_ROWS)
		flush_stage(L);
	return 0;
}

/* Whether a row names a roster column in one of its cells: the header, not a title above it. */
static bool names_roster(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i] && roster_column(trimmed(f[i])) >= 0)
			return true;
	return false;
}

/* Rows before the header: a title (「2024年绛县五面红旗考核数据」), a subtitle, the issuer. */
static int before_header(loader *L, char **f, size_t n, long line, bool *is_header, wuhong_error *err)
{
	wh_pos pos = { L->file, line, 0 };
	if (L->header_row) {
		*is_header = line >= L->header_row;
		if (line > L->header_row)
			return wh_error_at(err, WUHONG_EDATA, &pos, "row %ld is blank; expected the header there (--header-row)",
					   L->header_row);
		return 0;
	}
	bool names = names_roster(f, n);
	*is_header = names || line > WUHONG_HEADER_SEARCH_ROWS;
	if (!names && *is_header)
		return wh_error_at(err, WUHONG_EDATA, &pos,
				   "no header row in the first %d rows: expected a row naming the columns id (编号), name "
				   "(名称), sector (领域), town (乡镇), then indicators; or give the header's row (--header-row N)",
				   WUHONG_HEADER_SEARCH_ROWS);
	return 0;
}

static int unit_record(void *ctx, char **f, size_t n, long record, long line, wuhong_error *err)
{
	loader *L = ctx;
	(void)record; /* a row is named by the row a spreadsheet shows it on (for a CSV, its line) */
	if (!L->ds->header_line) {
		bool is_header;
		int rc = before_header(L, f, n, line, &is_header, err);
		if (rc || !is_header)
			return rc;
		L->ds->header_line = line;
		return header(L, f, n, line, err);
	}
	if (!L->problems)
		return unit_row(L, f, n, line, line, err);
	/* with a problems list, a bad row is recorded and left out, and the next read */
	wuhong_error e;
	e.code = WUHONG_OK; /* not cleared whole per row: every error unit_row makes starts by clearing it */
	int rc = unit_row(L, f, n, line, line, &e);
	if (rc == WUHONG_EDATA)
		return pr_add(L->problems, &e, err);
	if (rc && err)
		*err = e;
	return rc;
}

/* A notice placed as an error is (file:line, or book.xlsx: Sheet row N), on a line of its own. */
static void add_notice(wh_buf *note, const char *where, long line, const char *msg)
{
	wuhong_error e;
	wuhong_error_clear(&e);
	wh_copy(e.file, sizeof e.file, where);
	e.line = line;
	wh_copy(e.message, sizeof e.message, msg);
	char text[WUHONG_ERROR_FILE_MAX + WUHONG_ERROR_MESSAGE_MAX + 64];
	wuhong_error_format(&e, text, sizeof text);
	wh_buf_printf(note, "%s%s", note->len ? "\n" : "", text);
}

/* What the loader skipped, for wuhong_dataset_notice: the rows above the header, the totals row. */
static int keep_notices(loader *L, const char *where, wuhong_error *err)
{
	wh_buf note = { 0 };
	if (L->ds->header_line > 1)
		add_notice(&note, where, L->ds->header_line, wh_tr(N_("the header is on this row; the rows above it are not read (a title)")));
	if (L->totals_line)
		add_notice(&note, where, L->totals_line, wh_tr(N_("the totals row (合计) was skipped")));
	int rc = 0;
	if (note.len && !(L->ds->notice = wh_buf_text(&note) ? wh_arena_strdup(&L->ds->arena, wh_buf_text(&note)) : NULL))
		rc = wh_error_oom(err);
	wh_buf_free(&note);
	return rc;
}

/* Where units come from: bytes in memory, or a file parsed a piece at a
 * time (csv-file.h) whose lines a first pass counted. */
typedef struct units_source {
	const char *data;
	size_t len;
	const char *path;
	size_t lines;
} units_source;

static int load_units(wuhong_dataset **out, const units_source *src, const char *file,
		      const wuhong_csv_options *opts, wuhong_error *err)
{
	const char *data = src->data;
	size_t len = src->len;
	wuhong_dataset *ds;
	int rc = wuhong_dataset_new(&ds, 0, err);
	if (rc)
		return rc;
	/* positions name the file, or the workbook's sheet (wh_table_read fills it in) */
	char where[WUHONG_ERROR_FILE_MAX];
	wh_copy(where, sizeof where, file);
	loader L = { .ds = ds, .file = where, .expect = 1,
		     .problems = opts && opts->version >= 3 ? opts->problems : NULL,
		     .header_row = opts && opts->version >= 4 ? opts->header_row : 0 };
	if (L.header_row < 0) {
		wuhong_dataset_free(ds);
		return wh_error(err, WUHONG_EINVAL, "the header row is %ld; expected 1 or more (0: find it)", L.header_row);
	}
	if (src->path) {
		L.expect = src->lines;
	} else if (!wh_is_zip(data, len)) { /* a workbook's lines say nothing of its rows */
		for (const char *s = data, *end = data + len; (s = memchr(s, '\n', (size_t)(end - s))); s++)
			L.expect++;
	}
	/* the empty dataset's one-slot arrays are replaced by grow_units */
	rc = grow_units(&L, err);
	if (!rc && wh_index_map_reserve(&ds->id_map, ds->ids, L.expect))
		rc = wh_error_oom(err);
	if (!rc && src->path)
		rc = wh_csv_file_each(src->path, unit_record, &L, err);
	else if (!rc)
		rc = wh_table_read(data, len, file, opts, unit_record, &L, where, sizeof where, err);
	if (!rc && L.stage)
		flush_stage(&L);
	/* a workbook's cells are named by their sheet, later errors too */
	if (!rc && !(ds->file = wh_arena_strdup(&ds->arena, where)))
		rc = wh_error_oom(err);
	if (!rc && L.col_of_field)
		rc = keep_notices(&L, where, err);
	if (!rc && L.col_of_field == NULL) {
		wh_pos pos = { file, 1, 0 };
		rc = wh_error_at(err, WUHONG_EDATA, &pos, "the file is empty; expected a header row id,name,sector,town,...");
	}
	wh_free(L.col_of_field);
	wh_free(L.row_values);
	wh_free(L.row_kinds);
	wh_free(L.stage);
	if (rc) {
		wuhong_dataset_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}

int wuhong_dataset_load_csv_string(wuhong_dataset **out, const char *data, size_t len, const char *name,
				   const wuhong_csv_options *opts, wuhong_error *err)
{
	if (!out || !data)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_load_csv_string: NULL argument");
	*out = NULL;
	units_source src = { .data = data, .len = len };
	return load_units(out, &src, name ? name : "<string>", opts, err);
}

typedef struct file_load {
	wuhong_dataset **out;
	wuhong_dataset *ds;
	const wuhong_csv_options *opts;
} file_load;

static int units_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	file_load *f = ctx;
	units_source src = { .data = data, .len = len };
	return load_units(f->out, &src, name, f->opts, err);
}

int wuhong_dataset_load_csv(wuhong_dataset **out, const char *path, const wuhong_csv_options *opts,
			    wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_load_csv: NULL argument");
	*out = NULL;
	int rc = wh_csv_options_check(opts, err);
	bool streamable = false;
	size_t lines = 0;
	if (!rc)
		rc = wh_csv_file_scan(path, opts ? opts->encoding : NULL, &streamable, &lines, err);
	if (rc)
		return rc;
	if (streamable) { /* a large UTF-8 file: never held whole beside its columns */
		units_source src = { .path = path, .lines = lines };
		return load_units(out, &src, path, opts, err);
	}
	file_load f = { out, NULL, opts };
	return wh_with_file(path, units_from_bytes, &f, err);
}

typedef struct xlsx_load {
	wuhong_dataset **out;
	const char *sheet;
} xlsx_load;

static int units_from_workbook(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	xlsx_load *x = ctx;
	if (!wh_is_zip(data, len))
		return wh_error(err, WUHONG_EDATA, "%s: not an .xlsx workbook (a CSV file is read by wuhong_dataset_load_csv)",
				name);
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.sheet = x->sheet;
	units_source src = { .data = data, .len = len };
	return load_units(x->out, &src, name, &o, err);
}

int wuhong_dataset_load_xlsx(wuhong_dataset **out, const char *path, const char *sheet, wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_load_xlsx: NULL argument");
	*out = NULL;
	xlsx_load x = { out, sheet };
	return wh_with_file(path, units_from_workbook, &x, err);
}

/* ---- panel observations ------------------------------------------------- */

enum { P_UNIT, P_INDICATOR, P_JUDGE, P_VALUE, N_PANEL };

static const char *const panel_names[N_PANEL][5] = {
	{ "unit", "单位", "单位编号", "id", NULL },
	{ "indicator", "指标", NULL },
	{ "judge", "评委", "评审", NULL },
	{ "value", "分值", "得分", "分数", NULL },
};

typedef struct panel_loader {
	wuhong_dataset *ds;
	const char *file;
	int at[N_PANEL];
	size_t n_fields;
} panel_loader;

static int panel_record(void *ctx, char **f, size_t n, long record, long line, wuhong_error *err)
{
	panel_loader *P = ctx;
	wh_pos pos = { P->file, line, 0 };
	if (record == 0) {
		P->n_fields = n;
		for (int k = 0; k < N_PANEL; k++) {
			P->at[k] = -1;
			for (size_t i = 0; i < n; i++)
				for (int a = 0; panel_names[k][a]; a++)
					if (strcmp(trimmed(f[i]), panel_names[k][a]) == 0)
						P->at[k] = (int)i;
			if (P->at[k] < 0)
				return wh_error_at(err, WUHONG_EDATA, &pos,
						   "the panel header has no '%s' column; expected unit,indicator,judge,value",
						   panel_names[k][0]);
		}
		return 0;
	}
	if (n != P->n_fields) {
		wh_error_at(err, WUHONG_EDATA, &pos, "expected %zu fields as in the header, found %zu", P->n_fields, n);
		if (err)
			err->row = line;
		return WUHONG_EDATA;
	}
	const char *unit = trimmed(f[P->at[P_UNIT]]);
	const char *value = f[P->at[P_VALUE]];
	double v;
	bool percent; /* a panel score is a number: "85%" is not refused, it is 85 */
	if (!parse_cell(value, &v, &percent) || isnan(v)) {
		wh_error_at(err, WUHONG_EDATA, &pos, "the value '%s' is not a number; expected a score such as 85",
			    value ? value : "");
		wh_error_set_unit(err, unit, line);
		wh_error_set_field(err, "value");
		return WUHONG_EDATA;
	}
	int rc = wuhong_dataset_add_observation(P->ds, unit, trimmed(f[P->at[P_INDICATOR]]),
						trimmed(f[P->at[P_JUDGE]]), v, err);
	if (rc) {
		if (err) {
			wh_copy(err->file, sizeof err->file, P->file);
			err->line = line;
			err->row = line;
		}
		return rc;
	}
	P->ds->obs[P->ds->n_obs - 1].line = line;
	return 0;
}

static int load_panel(wuhong_dataset *ds, const char *data, size_t len, const char *file,
		      const wuhong_csv_options *opts, wuhong_error *err)
{
	size_t before = ds->n_obs;
	panel_loader P = { .ds = ds, .file = file };
	int rc = wh_csv_read(data, len, file, opts, panel_record, &P, err);
	if (!rc) {
		ds->panel_file = wh_arena_strdup(&ds->arena, file);
		if (!ds->panel_file)
			rc = wh_error_oom(err);
	}
	if (rc) {
		/* all or nothing: drop what this file added (the duplicate-check
		 * keys stay in the map, so rebuild it) */
		ds->n_obs = before;
		wh_map_free(&ds->obs_map);
		for (size_t k = 0; k < ds->n_obs; k++) {
			wh_buf key = { 0 };
			const ds_obs *o = &ds->obs[k];
			wh_buf_printf(&key, "%u\x1f%u\x1f%s", o->unit, o->indicator, o->judge);
			const char *kk = wh_buf_text(&key) ? wh_arena_strdup(&ds->arena, wh_buf_text(&key)) : NULL;
			wh_buf_free(&key);
			if (!kk || wh_map_put(&ds->obs_map, kk, k, NULL, NULL))
				break;
		}
	}
	return rc;
}

int wuhong_dataset_load_panel_string(wuhong_dataset *ds, const char *data, size_t len, const char *name,
				     const wuhong_csv_options *opts, wuhong_error *err)
{
	if (!ds || !data)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_load_panel_string: NULL argument");
	return load_panel(ds, data, len, name ? name : "<string>", opts, err);
}

static int panel_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	file_load *f = ctx;
	return load_panel(f->ds, data, len, name, f->opts, err);
}

int wuhong_dataset_load_panel(wuhong_dataset *ds, const char *path, const wuhong_csv_options *opts,
			      wuhong_error *err)
{
	if (!ds || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_load_panel: NULL argument");
	file_load f = { NULL, ds, opts };
	return wh_with_file(path, panel_from_bytes, &f, err);
}
