/*
 * applications.c — the year's creation list (wuhong/applications.h): who
 * applied for which tier, who recommended them and why, and what the
 * standing committee decided.
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applications-internal.h"
#include "csv-read.h"
#include "wuhong/policy.h"

struct wuhong_applications {
	wh_arena arena;
	app_entry *items;
	long *lines;  /* items[i] was read from line lines[i] */
	const char *file; /* the file read, or NULL */
	size_t n, cap, cap_lines;
	wh_map units; /* one application per unit */
};

int wuhong_applications_new(wuhong_applications **out, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_new: out is NULL");
	*out = wh_calloc(1, sizeof **out);
	return *out ? 0 : wh_error_oom(err);
}

void wuhong_applications_free(wuhong_applications *a)
{
	if (!a)
		return;
	wh_free(a->items);
	wh_free(a->lines);
	wh_map_free(&a->units);
	wh_arena_free(&a->arena);
	wh_free(a);
}

size_t wuhong_applications_count(const wuhong_applications *a)
{
	return a ? a->n : 0;
}

static int unit_error(wuhong_error *err, const wh_pos *pos, const char *unit, const char *message)
{
	wh_error_text_at(err, WUHONG_EDATA, pos, wh_tr(message));
	wh_error_set_unit(err, unit, 0);
	return WUHONG_EDATA;
}

static int add(wuhong_applications *a, const char *unit, int tier, const wh_pos *pos, wuhong_error *err)
{
	if (!unit || !*unit)
		return wh_error_at(err, WUHONG_EDATA, pos, "an application needs a unit id");
	if (tier < 1 || tier > WUHONG_CRITERIA) {
		wh_error_at(err, WUHONG_EDATA, pos, "unit '%s' applies for %d flags; a tier is 1 to 5 flags", unit, tier);
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if (!wh_grow((void **)&a->items, &a->cap, a->n, sizeof *a->items) ||
	    !wh_grow((void **)&a->lines, &a->cap_lines, a->n, sizeof *a->lines))
		return wh_error_oom(err);
	app_entry *x = &a->items[a->n];
	*x = (app_entry){ .unit = wh_arena_strdup(&a->arena, unit), .tier = tier, .recommended = WUHONG_NOT_YET,
			  .decision = WUHONG_NOT_YET };
	a->lines[a->n] = pos ? pos->line : 0;
	if (!x->unit)
		return wh_error_oom(err);
	bool existed;
	if (wh_map_put(&a->units, x->unit, a->n, &existed, NULL))
		return wh_error_oom(err);
	if (existed)
		return unit_error(err, pos, unit, N_("the unit has two applications; expected one a year"));
	a->n++;
	return 0;
}

/* Record step `what` (推荐 or 审定) of an application; `slot` is its verdict. */
static int step(wuhong_applications *a, const char *unit, wuhong_answer verdict, const char *by, const char *reason,
		bool decision, const wh_pos *pos, wuhong_error *err)
{
	size_t i;
	if (!unit || !wh_map_get(&a->units, unit, &i)) {
		wh_error_at(err, WUHONG_EDATA, pos,
			    decision ? N_("unit '%s' has no application to decide") : N_("unit '%s' has no application to recommend"),
			    unit ? unit : "");
		wh_error_set_unit(err, unit ? unit : "", 0);
		return WUHONG_EDATA;
	}
	if (verdict != WUHONG_YES && verdict != WUHONG_NO)
		return wh_error_at(err, WUHONG_EINVAL, pos, "an answer is WUHONG_YES or WUHONG_NO, not %d", (int)verdict);
	if (!by || !*by)
		return unit_error(err, pos, unit,
				  decision ? N_("a decision (审定) needs who decided") : N_("a recommendation (推荐) needs who made it"));
	app_entry *x = &a->items[i];
	wuhong_answer *slot = decision ? &x->decision : &x->recommended;
	if (*slot != WUHONG_NOT_YET)
		return unit_error(err, pos, unit, decision ? N_("the application is decided twice") : N_("the application is recommended twice"));
	const char *b = wh_arena_strdup(&a->arena, by), *r = wh_arena_strdup(&a->arena, reason ? reason : "");
	if (!b || !r)
		return wh_error_oom(err);
	*slot = verdict;
	if (decision) {
		x->decided_by = b;
		x->decision_reason = r;
	} else {
		x->recommended_by = b;
		x->recommendation = r;
	}
	return 0;
}

int wuhong_applications_add(wuhong_applications *a, const char *unit_id, int tier, wuhong_error *err)
{
	if (!a)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_add: applications is NULL");
	return add(a, unit_id, tier, NULL, err);
}

int wuhong_applications_recommend(wuhong_applications *a, const char *unit_id, wuhong_answer verdict, const char *by,
				  const char *reason, wuhong_error *err)
{
	if (!a)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_recommend: applications is NULL");
	return step(a, unit_id, verdict, by, reason, false, NULL, err);
}

int wuhong_applications_decide(wuhong_applications *a, const char *unit_id, wuhong_answer verdict, const char *by,
			       const char *reason, wuhong_error *err)
{
	if (!a)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_decide: applications is NULL");
	return step(a, unit_id, verdict, by, reason, true, NULL, err);
}

/* ---- the CSV form ------------------------------------------------------------- */

enum { A_UNIT, A_TIER, A_RECOMMENDED, A_RECOMMENDED_BY, A_RECOMMENDATION, A_DECISION, A_DECIDED_BY, A_REASON, N_ACOLS };

static const char *const app_columns[N_ACOLS][4] = {
	{ "unit", "单位", "单位编号", NULL },
	{ "tier", "申报", "申报等次", NULL },
	{ "recommended", "推荐", NULL },
	{ "recommended_by", "推荐单位", "推荐人", NULL },
	{ "recommendation", "推荐理由", NULL },
	{ "decision", "审定", "审定结果", NULL },
	{ "decided_by", "审定单位", "审定人", NULL },
	{ "reason", "审定理由", "理由", NULL },
};

/* index / 2 is the verdict: the even rows say no, the odd ones yes */
static const char *const verdict_words[][2] = {
	{ "no", "否" },      { "yes", "是" },   { "refuse", "不予批准" }, { "approve", "批准" },
	{ "refused", "不同意" }, { "approved", "同意" }, { "not_recommended", "不推荐" }, { "recommended", "推荐" },
};

/* "5", "五", "五面红旗" (and 示范 after it): the flags applied for, or -1. */
static int tier_of(const char *s)
{
	static const char *const numerals[] = { "一", "二", "三", "四", "五" };
	if (s[0] >= '1' && s[0] <= '5' && s[1] == '\0')
		return s[0] - '0';
	for (int k = 0; k < 5; k++) {
		size_t n = strlen(numerals[k]);
		if (strncmp(s, numerals[k], n) != 0)
			continue;
		const char *rest = s + n;
		if (!*rest || strcmp(rest, "面红旗") == 0 || strcmp(rest, "面红旗示范") == 0)
			return k + 1;
	}
	return -1;
}

typedef struct app_loader {
	wuhong_applications *a;
	const char *file;
	wh_csv_columns cols;
} app_loader;

/* A recommendation or decision cell with its by and reason cells; empty: not given. */
static int verdict_cells(app_loader *L, char **f, size_t n, const char *unit, int verdict_col, int by_col,
			 int reason_col, const wh_pos *pos, long record, wuhong_error *err)
{
	const char *v = wh_csv_cell(&L->cols, f, n, verdict_col), *by = wh_csv_cell(&L->cols, f, n, by_col);
	bool decision = verdict_col == A_DECISION;
	if (!*v) {
		if (!*by)
			return 0;
		wh_error_at(err, WUHONG_EDATA, pos, "%s is given but not %s", app_columns[by_col][0], app_columns[verdict_col][0]);
		wh_error_set_unit(err, unit, record);
		wh_error_set_field(err, app_columns[verdict_col][0]);
		return WUHONG_EDATA;
	}
	int k = wh_csv_keyword(v, verdict_words, (int)WH_ARRAY_LEN(verdict_words), app_columns[verdict_col][0],
			       decision ? N_("approve or refuse (批准/不予批准), or empty") : N_("yes or no (是/否), or empty"), pos,
			       unit, record, err);
	if (k < 0)
		return WUHONG_EDATA;
	int rc = step(L->a, unit, k % 2 ? WUHONG_YES : WUHONG_NO, by, wh_csv_cell(&L->cols, f, n, reason_col), decision,
		      pos, err);
	if (rc && err) {
		err->row = record;
		if (rc == WUHONG_EDATA && !*by)
			wh_error_set_field(err, app_columns[by_col][0]);
	}
	return rc;
}

static int app_record(void *ctx, char **f, size_t n, long record, long line, wuhong_error *err)
{
	app_loader *L = ctx;
	wh_pos pos = { L->file, line, 0 };
	if (record == 0)
		return wh_csv_columns_header(&L->cols, f, n, &pos, err);
	record = line; /* rows are named by the row a spreadsheet shows (a CSV's line) */
	const char *unit = wh_csv_cell(&L->cols, f, n, A_UNIT), *t = wh_csv_cell(&L->cols, f, n, A_TIER);
	if (wh_csv_columns_width(&L->cols, n, &pos, unit, record, err))
		return WUHONG_EDATA;
	int tier = tier_of(t);
	if (tier < 0) {
		wh_error_at(err, WUHONG_EDATA, &pos, "tier '%s' is not a number of flags (3, 4, 5 or 三, 四, 五面红旗)", t);
		wh_error_set_unit(err, unit, record);
		wh_error_set_field(err, "tier");
		return WUHONG_EDATA;
	}
	int rc = add(L->a, unit, tier, &pos, err);
	if (!rc)
		rc = verdict_cells(L, f, n, unit, A_RECOMMENDED, A_RECOMMENDED_BY, A_RECOMMENDATION, &pos, record, err);
	if (!rc)
		rc = verdict_cells(L, f, n, unit, A_DECISION, A_DECIDED_BY, A_REASON, &pos, record, err);
	if (rc && err)
		err->row = record;
	return rc;
}

static int applications_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	void **args = ctx;
	wuhong_applications **out = args[0];
	const wuhong_csv_options *opts = args[1];
	int rc = wuhong_applications_new(out, err);
	if (rc)
		return rc;
	unsigned optional = ~(1u << A_UNIT | 1u << A_TIER) & ((1u << N_ACOLS) - 1);
	app_loader L = { .a = *out,
			 .file = name,
			 .cols = { .names = app_columns,
				   .n = N_ACOLS,
				   .optional = optional,
				   .what = N_("applications"),
				   .expected = "unit,tier[,recommended,recommended_by,recommendation,decision,decided_by,reason]" } };
	if (!((*out)->file = wh_arena_strdup(&(*out)->arena, name))) {
		wuhong_applications_free(*out);
		*out = NULL;
		return wh_error_oom(err);
	}
	rc = wh_csv_read(data, len, name, opts, app_record, &L, err);
	if (rc) {
		wuhong_applications_free(*out);
		*out = NULL;
	}
	return rc;
}

int wuhong_applications_load_csv(wuhong_applications **out, const char *path, const wuhong_csv_options *opts,
				 wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_load_csv: NULL argument");
	*out = NULL;
	void *args[2] = { out, (void *)opts };
	return wh_with_file(path, applications_from_bytes, args, err);
}

int wuhong_applications_load_csv_string(wuhong_applications **out, const char *data, size_t len, const char *name,
					const wuhong_csv_options *opts, wuhong_error *err)
{
	if (!out || !data)
		return wh_error(err, WUHONG_EINVAL, "wuhong_applications_load_csv_string: NULL argument");
	*out = NULL;
	void *args[2] = { out, (void *)opts };
	return applications_from_bytes(args, data, len, name ? name : "<string>", err);
}

/* ---- for the review and the ledger (applications-internal.h) ------------------ */

const app_entry *app_lookup(const wuhong_applications *a, const char *unit)
{
	size_t i;
	return a && wh_map_get(&a->units, unit, &i) ? &a->items[i] : NULL;
}

const app_entry *app_at(const wuhong_applications *a, size_t i)
{
	return &a->items[i];
}

wh_pos app_pos(const wuhong_applications *a, size_t i)
{
	return (wh_pos){ a->file, a->lines[i], 0 };
}

const wuhong_application *wuhong_applications_at(const wuhong_applications *a, size_t i)
{
	return a && i < a->n ? &a->items[i] : NULL;
}

void app_digest_into(const wuhong_applications *a, void *ctx)
{
	if (a) /* an empty list creates nobody; no list leaves it to the policy */
		sha256_update(ctx, 13, (const uint8_t *)"applications");
	for (size_t i = 0; a && i < a->n; i++) {
		const app_entry *x = &a->items[i];
		const char *f[] = { x->unit, x->recommended_by ? x->recommended_by : "", x->recommendation ? x->recommendation : "",
				    x->decided_by ? x->decided_by : "", x->decision_reason ? x->decision_reason : "" };
		for (int k = 0; k < 5; k++)
			sha256_update(ctx, strlen(f[k]) + 1, (const uint8_t *)f[k]);
		int8_t v[3] = { (int8_t)x->tier, (int8_t)x->recommended, (int8_t)x->decision };
		sha256_update(ctx, sizeof v, (const uint8_t *)v);
	}
}
