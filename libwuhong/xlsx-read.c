/*
 * xlsx-read.c — a sheet of an .xlsx workbook as records (xlsx-read.h).
 *
 * An .xlsx file is a zip of XML parts: xl/workbook.xml names the sheets and
 * their relationship ids, xl/_rels/workbook.xml.rels maps the ids to parts
 * (xl/worksheets/sheet1.xml, xl/sharedStrings.xml, xl/styles.xml), the
 * shared strings are the texts cells of type "s" refer to by index, and the
 * styles say which cells are formatted as percentages (Excel stores 96.9%
 * as 0.969). Each part is streamed through expat in chunks, with
 * libwuhong's allocator, so a large sheet is never held whole.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/c-locale.h"

#include "xlsx-format.h"
#include "xlsx-read.h"

/* A part larger than this (uncompressed) is refused rather than inflated. */
#define MAX_PART ((zip_uint64_t)1 << 31)
/* Excel's last column, XFD. */
#define MAX_COLUMNS 16384

bool wh_is_zip(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

typedef struct book {
	zip_t *zip;
	const char *file;
	wuhong_error *err;
	wh_arena arena;
	/* workbook.xml: the sheets, in order */
	struct sheet_ref {
		const char *name, *rid;
		bool hidden; /* state="hidden" or "veryHidden": not what the clerk sees */
	} *sheets;
	size_t n_sheets, cap_sheets;
	long active;    /* the sheet the workbook opens on (workbookView activeTab) */
	bool date1904;  /* serial dates count from 1904-01-01 (old Mac workbooks) */
	/* the relationships: id -> part */
	struct rel {
		const char *id, *target, *type;
	} *rels;
	size_t n_rels, cap_rels;
	/* sharedStrings.xml */
	char **strings;
	size_t n_strings, cap_strings;
	/* styles.xml: what number format cell style k shows its value in */
	uint8_t *xf_kind;
	size_t n_xf, cap_xf;
	struct custom_fmt {
		int id;
		uint8_t kind;
	} *fmts; /* custom number formats that are percentages or dates */
	size_t n_fmts, cap_fmts;
} book;

/* What a part's handlers share: the parser (to stop it) and the first failure. */
typedef struct part {
	book *b;
	XML_Parser parser;
	const char *name;
	int rc;
	wh_buf text;   /* character data being collected */
	bool collect;  /* inside an element whose text is wanted */
	wh_buf *formula; /* inside a cell's formula: its text goes here */
	int depth;     /* element depth, for parts that need it */
	void *state;   /* the part's own */
} part;

/* The local name of an element or attribute: "x:row" is "row". */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t k = 0; atts[k]; k += 2)
		if (strcmp(local(atts[k]), name) == 0)
			return atts[k + 1];
	return NULL;
}

static void stop(part *p, int rc)
{
	if (!p->rc)
		p->rc = rc;
	XML_StopParser(p->parser, XML_FALSE);
}

static void oom(part *p)
{
	stop(p, wh_error_oom(p->b->err));
}

static void on_text(void *ud, const XML_Char *s, int n)
{
	part *p = ud;
	if (p->rc) /* stopped: expat may still call a handler or two */
		return;
	if (p->collect && !wh_buf_append(&p->text, s, (size_t)n))
		oom(p);
	else if (p->formula && !wh_buf_append(p->formula, s, (size_t)n))
		oom(p);
}

static const char *keep(part *p, const char *s)
{
	const char *c = wh_arena_strdup(&p->b->arena, s ? s : "");
	if (!c)
		oom(p);
	return c;
}

/* Stream part `name` through expat with the handlers; 0 when it is absent and not required. */
static int parse_part(book *b, const char *name, bool required, XML_StartElementHandler start,
		      XML_EndElementHandler end, void *state)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(b->zip, name, 0, &st) != 0) {
		if (!required)
			return 0;
		return wh_error(b->err, WUHONG_EDATA, "%s: an .xlsx file should hold %s, and this one does not", b->file,
				name);
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > MAX_PART)
		return wh_error(b->err, WUHONG_EDATA, "%s: %s is %llu bytes uncompressed; at most %llu are read", b->file,
				name, (unsigned long long)st.size, (unsigned long long)MAX_PART);
	zip_file_t *zf = zip_fopen(b->zip, name, 0);
	if (!zf)
		return wh_error(b->err, WUHONG_EDATA, "%s: cannot open %s in the workbook: %s", b->file, name,
				zip_strerror(b->zip));
	static const XML_Memory_Handling_Suite mem = { wh_malloc, wh_realloc, wh_free };
	part p = { .b = b, .name = name, .state = state };
	p.parser = XML_ParserCreate_MM(NULL, &mem, NULL);
	char *chunk = wh_malloc(1 << 16);
	int rc = 0;
	if (!p.parser || !chunk) {
		rc = wh_error_oom(b->err);
		goto out;
	}
	XML_SetUserData(p.parser, &p);
	XML_SetElementHandler(p.parser, start, end);
	XML_SetCharacterDataHandler(p.parser, on_text);
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, 1 << 16);
		if (n < 0) {
			rc = wh_error(b->err, WUHONG_EDATA, "%s: %s cannot be read (a damaged workbook?): %s", b->file, name,
				      zip_file_strerror(zf));
			break;
		}
		if (XML_Parse(p.parser, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (p.rc) {
				rc = p.rc;
			} else {
				enum XML_Error e = XML_GetErrorCode(p.parser);
				rc = e == XML_ERROR_NO_MEMORY
					     ? wh_error_oom(b->err)
					     : wh_error(b->err, WUHONG_EDATA, "%s: %s, line %lu: %s (a damaged workbook?)", b->file,
							name, (unsigned long)XML_GetCurrentLineNumber(p.parser), XML_ErrorString(e));
			}
			break;
		}
		if (n == 0)
			break;
	}
	if (!rc && p.rc)
		rc = p.rc;
out:
	if (p.parser)
		XML_ParserFree(p.parser);
	wh_buf_free(&p.text);
	wh_free(chunk);
	zip_fclose(zf);
	return rc;
}

/* ---- workbook.xml and its relationships ----------------------------------------- */

static bool push(void ***items, size_t *n, size_t *cap, void *item)
{
	if (!wh_grow((void **)items, cap, *n, sizeof **items))
		return false;
	(*items)[(*n)++] = item;
	return true;
}

static void workbook_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	part *p = ud;
	if (p->rc)
		return;
	book *b = p->b;
	const char *n = local(el);
	if (strcmp(n, "workbookView") == 0 && attr(atts, "activeTab")) {
		if (b->active < 0) /* the first view is the one Excel opens */
			b->active = atol(attr(atts, "activeTab"));
		return;
	}
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
		return;
	}
	if (strcmp(n, "sheet") != 0)
		return;
	const char *state = attr(atts, "state");
	const char *name = keep(p, attr(atts, "name")), *rid = keep(p, attr(atts, "id"));
	if (!name || !rid)
		return;
	if (!wh_grow((void **)&b->sheets, &b->cap_sheets, b->n_sheets, sizeof *b->sheets)) {
		oom(p);
		return;
	}
	b->sheets[b->n_sheets++] = (struct sheet_ref){ name, rid, state && strcmp(state, "visible") != 0 };
}

static void rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	part *p = ud;
	if (p->rc)
		return;
	book *b = p->b;
	if (strcmp(local(el), "Relationship") != 0)
		return;
	const char *id = keep(p, attr(atts, "Id")), *target = keep(p, attr(atts, "Target")),
		   *type = keep(p, attr(atts, "Type"));
	if (!id || !target || !type)
		return;
	if (!wh_grow((void **)&b->rels, &b->cap_rels, b->n_rels, sizeof *b->rels)) {
		oom(p);
		return;
	}
	b->rels[b->n_rels++] = (struct rel){ id, target, type };
}

/* A relationship's target as a path in the zip: "worksheets/sheet1.xml" is under xl/. */
static const char *part_path(book *b, const char *target)
{
	char path[512];
	if (target[0] == '/')
		snprintf(path, sizeof path, "%s", target + 1);
	else
		snprintf(path, sizeof path, "xl/%s", target);
	return wh_arena_strdup(&b->arena, path);
}

/* The part a relationship of this type (…/sharedStrings, …/styles) points to, or the default. */
static const char *part_of_type(book *b, const char *suffix, const char *fallback)
{
	size_t n = strlen(suffix);
	for (size_t k = 0; k < b->n_rels; k++) {
		size_t m = strlen(b->rels[k].type);
		if (m >= n && strcmp(b->rels[k].type + m - n, suffix) == 0)
			return part_path(b, b->rels[k].target);
	}
	return wh_arena_strdup(&b->arena, fallback);
}

/* ---- sharedStrings.xml ------------------------------------------------------------- */

enum { SS_OUT, SS_SI, SS_PHONETIC };

static void strings_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	(void)atts;
	part *p = ud;
	if (p->rc)
		return;
	int *where = p->state;
	const char *n = local(el);
	if (strcmp(n, "si") == 0) {
		*where = SS_SI;
		p->text.len = 0;
		if (p->text.data)
			p->text.data[0] = '\0';
	} else if (strcmp(n, "rPh") == 0 && *where == SS_SI) {
		*where = SS_PHONETIC; /* a reading aid (furigana), not the text */
	} else if (strcmp(n, "t") == 0 && *where == SS_SI) {
		p->collect = true;
	}
}

static void strings_end(void *ud, const XML_Char *el)
{
	part *p = ud;
	if (p->rc)
		return;
	book *b = p->b;
	int *where = p->state;
	const char *n = local(el);
	if (strcmp(n, "t") == 0) {
		p->collect = false;
	} else if (strcmp(n, "rPh") == 0 && *where == SS_PHONETIC) {
		*where = SS_SI;
	} else if (strcmp(n, "si") == 0) {
		*where = SS_OUT;
		char *s = wh_arena_strndup(&b->arena, p->text.data ? p->text.data : "", p->text.len);
		if (!s || p->text.oom || !push((void ***)&b->strings, &b->n_strings, &b->cap_strings, s))
			oom(p);
	}
}

/* ---- styles.xml: which cell styles show percentages or dates ------------------------- */

static uint8_t builtin_kind(const book *b, int id)
{
	if (id == 9 || id == 10) /* 0% and 0.00% */
		return FMT_PERCENT;
	/* dates and times: 14-22 and 45-47 everywhere, 27-36 and 50-58 in the
	 * Chinese, Japanese and Korean locales (yyyy"年"m"月"d"日" and the like) */
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return FMT_DATE;
	for (size_t k = 0; k < b->n_fmts; k++)
		if (b->fmts[k].id == id)
			return b->fmts[k].kind;
	return FMT_PLAIN;
}

static void styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	part *p = ud;
	if (p->rc)
		return;
	book *b = p->b;
	bool *in_xfs = p->state;
	const char *n = local(el);
	if (strcmp(n, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		uint8_t kind = code ? wh_xlsx_format_kind(code) : FMT_PLAIN;
		if (id && kind != FMT_PLAIN) {
			if (!wh_grow((void **)&b->fmts, &b->cap_fmts, b->n_fmts, sizeof *b->fmts)) {
				oom(p);
				return;
			}
			b->fmts[b->n_fmts++] = (struct custom_fmt){ atoi(id), kind };
		}
	} else if (strcmp(n, "cellXfs") == 0) {
		*in_xfs = true;
	} else if (strcmp(n, "xf") == 0 && *in_xfs) {
		const char *id = attr(atts, "numFmtId");
		if (!wh_grow((void **)&b->xf_kind, &b->cap_xf, b->n_xf, sizeof *b->xf_kind)) {
			oom(p);
			return;
		}
		b->xf_kind[b->n_xf++] = id ? builtin_kind(b, atoi(id)) : FMT_PLAIN;
	}
}

static void styles_end(void *ud, const XML_Char *el)
{
	part *p = ud;
	if (p->rc)
		return;
	if (strcmp(local(el), "cellXfs") == 0)
		*(bool *)p->state = false;
}

/* ---- the sheet ------------------------------------------------------------------------ */

typedef struct sheet {
	wh_csv_record_fn fn;
	void *ctx;
	const char *label; /* "file[Sheet1]" */
	char **fields;     /* the row's cells, wh_malloc'd, NULL when empty */
	size_t cap_fields;
	size_t width;      /* fields of the widest record yet: every record has at least these */
	size_t last;       /* 1 + the last column with a value in the row */
	long row;          /* the row's number */
	long record;
	/* the cell being read */
	long col;
	long prev_col;
	char type[16];
	long style;
	bool in_v, in_is;
	bool has_v;      /* the cell has a value (a formula's is the one last saved) */
	wh_buf formula;  /* the cell's formula, when it has one */
	bool has_f;
	/* merged ranges (mergeCell, after the rows in the part: read first) */
	struct merge {
		long r1, c1, r2, c2;
		char *value; /* the top-left cell's, once its row is read */
	} *merges;              /* sorted by their first row once read */
	size_t n_merges, cap_merges;
	size_t next_merge;      /* the first merge whose first row is still to come */
	size_t *active;         /* the merges over the current row and the ones before it still open */
	size_t n_active;
} sheet;

/* "C17" -> column 3 (and the row); 0 if it is not a cell reference. */
static long column_of(const char *ref, long *row)
{
	long col = 0;
	const char *s = ref;
	for (; *s >= 'A' && *s <= 'Z'; s++) {
		col = col * 26 + (*s - 'A' + 1);
		if (col > MAX_COLUMNS)
			return -1;
	}
	if (s == ref)
		return 0;
	*row = atol(s);
	return col;
}

static void clear_row(sheet *sh)
{
	for (size_t k = 0; k < sh->last; k++) {
		wh_free(sh->fields[k]);
		sh->fields[k] = NULL;
	}
	sh->last = 0;
}

/* Room for field k (0-based) in the row; false when out of memory. */
static bool room_for(sheet *sh, size_t k)
{
	if (k < sh->cap_fields)
		return true;
	size_t cap = sh->cap_fields ? sh->cap_fields : 16;
	while (cap <= k)
		cap *= 2;
	char **f = wh_realloc(sh->fields, cap * sizeof *f);
	if (!f)
		return false;
	memset(f + sh->cap_fields, 0, (cap - sh->cap_fields) * sizeof *f);
	sh->fields = f;
	sh->cap_fields = cap;
	return true;
}

/* The merged ranges: <mergeCell ref="D4:D9"/>. */
static void merges_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	part *p = ud;
	if (p->rc || strcmp(local(el), "mergeCell") != 0)
		return;
	sheet *sh = p->state;
	const char *ref = attr(atts, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
	if (!colon)
		return;
	char first[16];
	snprintf(first, sizeof first, "%.*s", (int)(colon - ref < 15 ? colon - ref : 15), ref);
	struct merge m = { 0 };
	m.c1 = column_of(first, &m.r1);
	m.c2 = column_of(colon + 1, &m.r2);
	if (m.c1 <= 0 || m.c2 < m.c1 || m.r1 <= 0 || m.r2 < m.r1 || m.c2 > MAX_COLUMNS)
		return; /* not a range Excel writes: nothing to fill */
	if (!wh_grow((void **)&sh->merges, &sh->cap_merges, sh->n_merges, sizeof *sh->merges)) {
		oom(p);
		return;
	}
	sh->merges[sh->n_merges++] = m;
}

/*
 * A merged range shows its top-left cell's value over the whole range (a
 * township merged down the rows of its units, an issuer across a row): each
 * of its empty cells reads as that value, as the clerk sees it.
 */
static bool fill_merges(sheet *sh)
{
	/* the rows come in order: merges start as their first row comes and end
	 * after their last, so a row looks only at the merges over it */
	while (sh->next_merge < sh->n_merges && sh->merges[sh->next_merge].r1 <= sh->row)
		sh->active[sh->n_active++] = sh->next_merge++;
	size_t kept = 0;
	for (size_t a = 0; a < sh->n_active; a++) {
		struct merge *m = &sh->merges[sh->active[a]];
		if (sh->row > m->r2)
			continue; /* over: dropped */
		sh->active[kept++] = sh->active[a];
		if (sh->row == m->r1) {
			const char *v = (size_t)m->c1 <= sh->last ? sh->fields[m->c1 - 1] : NULL;
			wh_free(m->value);
			if ((m->value = v ? wh_strdup(v) : NULL) == NULL && v)
				return false;
		}
		/* no further than the sheet's columns: a merge across to XFD fills what is read */
		size_t width = sh->width > sh->last ? sh->width : sh->last;
		size_t c2 = (size_t)m->c2 < width ? (size_t)m->c2 : width;
		if (!m->value || (size_t)m->c1 > c2)
			continue;
		if (!room_for(sh, c2 - 1))
			return false;
		for (size_t c = (size_t)m->c1; c <= c2; c++) {
			char **f = &sh->fields[c - 1];
			if (!*f && !(*f = wh_strdup(m->value)))
				return false;
		}
		if (c2 > sh->last)
			sh->last = c2;
	}
	sh->n_active = kept;
	return true;
}

static int by_first_row(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;
	return (x->r1 > y->r1) - (x->r1 < y->r1);
}

static void sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	part *p = ud;
	if (p->rc)
		return;
	sheet *sh = p->state;
	const char *n = local(el);
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		clear_row(sh); /* what a row left open held is not part of this one */
		sh->row = r ? atol(r) : sh->row + 1;
		sh->prev_col = 0;
	} else if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		long row = sh->row;
		sh->col = r ? column_of(r, &row) : sh->prev_col + 1;
		if (sh->col < 0 || (r && sh->col == 0)) {
			wh_pos pos = { sh->label, sh->row, 0 };
			stop(p, wh_error_at(p->b->err, WUHONG_EDATA, &pos,
					    "cell reference '%s' is not a cell of a sheet (A1 to XFD1048576)", r));
			return;
		}
		if (sh->col <= sh->prev_col) {
			wh_pos pos = { sh->label, sh->row, sh->col };
			stop(p, wh_error_at(p->b->err, WUHONG_EDATA, &pos,
					    "the cell comes twice, or out of order, in its row (a damaged workbook?)"));
			return;
		}
		sh->prev_col = sh->col;
		snprintf(sh->type, sizeof sh->type, "%s", t ? t : "n");
		sh->style = s ? atol(s) : 0;
		sh->has_v = sh->has_f = false;
		sh->formula.len = 0;
		p->text.len = 0;
		if (p->text.data)
			p->text.data[0] = '\0';
	} else if (strcmp(n, "v") == 0) {
		sh->in_v = p->collect = sh->has_v = true;
	} else if (strcmp(n, "f") == 0) {
		sh->has_f = true;
		p->formula = &sh->formula;
	} else if (strcmp(n, "is") == 0) {
		sh->in_is = true;
	} else if (strcmp(n, "t") == 0 && sh->in_is) {
		p->collect = true;
	}
}

/*
 * A cell's text as the CSV loaders read it, or NULL for none (wh_malloc'd):
 * what the cell shows, so a workbook reads as its CSV export would. A date
 * reads as the date ("2024-12-13", which no indicator takes for a number),
 * never as its serial; a formula with no saved value as its formula
 * ("=SUM(B3:E3)"), never as an empty cell.
 */
static char *cell_text(part *p, sheet *sh)
{
	book *b = p->b;
	const char *v = p->text.data ? p->text.data : "";
	char buf[64];
	uint8_t kind = sh->style >= 0 && (size_t)sh->style < b->n_xf ? b->xf_kind[sh->style] : FMT_PLAIN;
	/* no <v>, or an empty one for a number (a program that writes formulas and not their values) */
	if (sh->has_f && (!sh->has_v || (!*v && strcmp(sh->type, "str") != 0))) {
		/* a workbook written by a program that does not calculate: Excel and
		 * WPS save the values when the workbook is saved */
		char *s = wh_malloc(sh->formula.len + 2);
		if (!s) {
			oom(p);
			return NULL;
		}
		s[0] = '=';
		if (sh->formula.len)
			memcpy(s + 1, sh->formula.data, sh->formula.len);
		s[sh->formula.len + 1] = '\0';
		return s;
	}
	if (strcmp(sh->type, "s") == 0) {
		char *end;
		unsigned long k = strtoul(v, &end, 10);
		if (!*v || *end || k >= b->n_strings) {
			wh_pos pos = { sh->label, sh->row, sh->col };
			stop(p, wh_error_at(b->err, WUHONG_EDATA, &pos,
					    "the cell refers to shared string %s, which the workbook does not hold", v));
			return NULL;
		}
		v = b->strings[k];
	} else if (strcmp(sh->type, "n") == 0 && *v && kind != FMT_PLAIN) {
		locale_t prev = wh_c_locale_push();
		double x = strtod(v, NULL);
		if (kind == FMT_PERCENT) /* 96.9% is stored as 0.969: written back as the percentage it shows */
			snprintf(buf, sizeof buf, "%.15g%%", x * 100);
		else
			wh_xlsx_date_text(buf, sizeof buf, x, b->date1904);
		wh_c_locale_pop(prev);
		v = buf;
	} else if (strcmp(sh->type, "n") == 0 && strlen(v) > 16) {
		/* 94.99999999999999 (a formula's result) is 95 as Excel shows and
		 * exports it: the fifteen digits it keeps */
		locale_t prev = wh_c_locale_push();
		snprintf(buf, sizeof buf, "%.15g", strtod(v, NULL));
		wh_c_locale_pop(prev);
		v = buf;
	}
	if (!*v)
		return NULL;
	char *s = wh_strdup(v);
	if (!s)
		oom(p);
	return s;
}

static void sheet_end(void *ud, const XML_Char *el)
{
	part *p = ud;
	if (p->rc)
		return;
	sheet *sh = p->state;
	const char *n = local(el);
	if (strcmp(n, "v") == 0) {
		sh->in_v = p->collect = false;
	} else if (strcmp(n, "f") == 0) {
		p->formula = NULL;
	} else if (strcmp(n, "t") == 0 && sh->in_is) {
		p->collect = false;
	} else if (strcmp(n, "is") == 0) {
		sh->in_is = false;
	} else if (strcmp(n, "c") == 0) {
		if (p->text.oom) {
			oom(p);
			return;
		}
		char *s = cell_text(p, sh);
		if (!s)
			return;
		size_t k = (size_t)sh->col - 1;
		if (sh->col < 1 || k >= MAX_COLUMNS) {
			wh_free(s);
			wh_pos pos = { sh->label, sh->row, 0 };
			stop(p, wh_error_at(p->b->err, WUHONG_EDATA, &pos, "a row has more than %d cells", MAX_COLUMNS));
			return;
		}
		if (!room_for(sh, k)) {
			wh_free(s);
			oom(p);
			return;
		}
		wh_free(sh->fields[k]); /* a cell outside any row, or a row left open */
		sh->fields[k] = s;
		if (k + 1 > sh->last)
			sh->last = k + 1;
	} else if (strcmp(n, "row") == 0) {
		if (sh->n_merges && !fill_merges(sh)) {
			oom(p);
			return;
		}
		if (wh_fields_blank(sh->fields, sh->last)) {
			clear_row(sh); /* a row with no value, or only spaces, like a blank line */
			return;
		}
		size_t n_fields = sh->last;
		if (n_fields > sh->width) /* a sheet has no short rows: every row is as wide as the widest yet */
			sh->width = n_fields;
		else if (n_fields < sh->width) {
			/* short rows are padded with empty cells (their fields are NULL already) */
			if (sh->cap_fields < sh->width) {
				char **f = wh_realloc(sh->fields, sh->width * sizeof *f);
				if (!f) {
					oom(p);
					return;
				}
				memset(f + sh->cap_fields, 0, (sh->width - sh->cap_fields) * sizeof *f);
				sh->fields = f;
				sh->cap_fields = sh->width;
			}
			n_fields = sh->width;
		}
		int rc = sh->fn(sh->ctx, sh->fields, n_fields, sh->record++, sh->row, p->b->err);
		clear_row(sh);
		if (rc) {
			wuhong_error *err = p->b->err;
			/* the loader named the file; the cell is in a sheet of it */
			if (err && strcmp(err->file, p->b->file) == 0)
				wh_copy(err->file, sizeof err->file, sh->label);
			stop(p, rc);
		}
	}
}

/* ---- the workbook --------------------------------------------------------------------- */

static void book_free(book *b)
{
	wh_free(b->sheets);
	wh_free(b->rels);
	wh_free(b->strings);
	wh_free(b->xf_kind);
	wh_free(b->fmts);
	wh_arena_free(&b->arena);
	if (b->zip)
		zip_discard(b->zip);
}

/* The sheet a clerk sees on opening the workbook: the active one, unless it
 * is hidden; else the first that is not hidden; else the first. */
static size_t default_sheet(const book *b)
{
	if (b->active >= 0 && (size_t)b->active < b->n_sheets && !b->sheets[b->active].hidden)
		return (size_t)b->active;
	for (size_t k = 0; k < b->n_sheets; k++)
		if (!b->sheets[k].hidden)
			return k;
	return 0;
}

int wh_xlsx_each(const char *data, size_t len, const char *file, const char *sheet_name, wh_csv_record_fn fn,
		 void *ctx, char *label, size_t label_size, wuhong_error *err)
{
	book b = { .file = file, .err = err, .active = -1 };
	zip_error_t ze;
	zip_error_init(&ze);
	int rc = 0;
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src && !(b.zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	if (!b.zip) {
		rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY
			     ? wh_error_oom(err)
			     : wh_error(err, WUHONG_EDATA, "%s: not a readable .xlsx workbook: %s", file, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	bool in_xfs = false;
	int where = SS_OUT;
	if ((rc = parse_part(&b, "xl/workbook.xml", true, workbook_start, NULL, NULL)) ||
	    (rc = parse_part(&b, "xl/_rels/workbook.xml.rels", true, rels_start, NULL, NULL)))
		goto out;
	size_t k = sheet_name ? 0 : default_sheet(&b);
	while (k < b.n_sheets && sheet_name && strcmp(b.sheets[k].name, sheet_name) != 0)
		k++;
	if (k == b.n_sheets) {
		wh_buf names = { 0 };
		for (size_t j = 0; j < b.n_sheets; j++)
			wh_buf_printf(&names, b.sheets[j].hidden ? wh_tr(N_("%s'%s' (hidden)")) : "%s'%s'", j ? ", " : "",
				      b.sheets[j].name);
		rc = !wh_buf_text(&names) && b.n_sheets ? wh_error_oom(err)
		     : b.n_sheets ? wh_error(err, WUHONG_ENOTFOUND, "%s: the workbook has no sheet '%s'; it has %s", file,
					     sheet_name, wh_buf_text(&names))
				  : wh_error(err, WUHONG_EDATA, "%s: the workbook has no sheet", file);
		wh_buf_free(&names);
		goto out;
	}
	const char *target = NULL;
	for (size_t r = 0; r < b.n_rels && !target; r++)
		if (strcmp(b.rels[r].id, b.sheets[k].rid) == 0)
			target = b.rels[r].target;
	const char *sheet_part = target ? part_path(&b, target) : NULL,
		   *strings_part = part_of_type(&b, "/sharedStrings", "xl/sharedStrings.xml"),
		   *styles_part = part_of_type(&b, "/styles", "xl/styles.xml");
	if (!target) {
		rc = wh_error(err, WUHONG_EDATA, "%s: sheet '%s' has no part in the workbook (a damaged workbook?)", file,
			      b.sheets[k].name);
		goto out;
	}
	if (!sheet_part || !strings_part || !styles_part) {
		rc = wh_error_oom(err);
		goto out;
	}
	snprintf(label, label_size, "%s[%s]", file, b.sheets[k].name);
	if ((rc = parse_part(&b, strings_part, false, strings_start, strings_end, &where)) ||
	    (rc = parse_part(&b, styles_part, false, styles_start, styles_end, &in_xfs)))
		goto out;
	sheet sh = { .fn = fn, .ctx = ctx, .label = label };
	/* the merged ranges come after the rows: a first pass reads them */
	rc = parse_part(&b, sheet_part, true, merges_start, NULL, &sh);
	if (!rc && sh.n_merges) {
		qsort(sh.merges, sh.n_merges, sizeof *sh.merges, by_first_row);
		if (!(sh.active = wh_malloc(sh.n_merges * sizeof *sh.active)))
			rc = wh_error_oom(err);
	}
	if (!rc)
		rc = parse_part(&b, sheet_part, true, sheet_start, sheet_end, &sh);
	clear_row(&sh);
	wh_free(sh.fields);
	for (size_t m = 0; m < sh.n_merges; m++)
		wh_free(sh.merges[m].value);
	wh_free(sh.merges);
	wh_free(sh.active);
	wh_buf_free(&sh.formula);
	if (!rc && sh.record == 0) {
		wh_pos pos = { label, 0, 0 };
		rc = wh_error_at(err, WUHONG_EDATA, &pos, "the sheet is empty; expected a header row");
	}
out:
	book_free(&b);
	return rc;
}
