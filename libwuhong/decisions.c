/*
 * decisions.c — the standing committee's decisions (审定) on a period's
 * proposals: approve, refuse, or merge a unit into another (撤并).
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv-read.h"
#include "decisions-internal.h"
#include "wuhong/review.h"

typedef struct decision {
	const char *unit, *by, *reason, *into;
	wuhong_decision_kind kind;
	long line;
} decision;

struct wuhong_decisions {
	wh_arena arena;
	decision *items;
	size_t n, cap;
	wh_map units; /* one decision per unit */
};

int wuhong_decisions_new(wuhong_decisions **out, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_decisions_new: out is NULL");
	*out = wh_calloc(1, sizeof **out);
	return *out ? 0 : wh_error_oom(err);
}

void wuhong_decisions_free(wuhong_decisions *d)
{
	if (!d)
		return;
	wh_free(d->items);
	wh_map_free(&d->units);
	wh_arena_free(&d->arena);
	wh_free(d);
}

size_t wuhong_decisions_count(const wuhong_decisions *d)
{
	return d ? d->n : 0;
}

static int add(wuhong_decisions *d, const char *unit, wuhong_decision_kind kind, const char *by, const char *reason,
	       const char *into, const wh_pos *pos, wuhong_error *err)
{
	if (!unit || !*unit)
		return wh_error_at(err, WUHONG_EDATA, pos, "a decision needs a unit id");
	if (kind != WUHONG_APPROVE && kind != WUHONG_REFUSE && kind != WUHONG_MERGE)
		return wh_error_at(err, WUHONG_EINVAL, pos, "unknown decision %d", (int)kind);
	if (!by || !*by) {
		wh_error_at(err, WUHONG_EDATA, pos, "a decision needs who decided (by)");
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if ((kind == WUHONG_MERGE) != (into && *into)) {
		wh_error_at(err, WUHONG_EDATA, pos, kind == WUHONG_MERGE ? "a merge needs the unit it goes into"
									 : "only a merge names a unit to go into");
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if (into && strcmp(unit, into) == 0) {
		wh_error_at(err, WUHONG_EDATA, pos, "a unit cannot be merged into itself");
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if (!wh_grow((void **)&d->items, &d->cap, d->n, sizeof *d->items))
		return wh_error_oom(err);
	decision *x = &d->items[d->n];
	x->unit = wh_arena_strdup(&d->arena, unit);
	x->by = wh_arena_strdup(&d->arena, by);
	x->reason = wh_arena_strdup(&d->arena, reason ? reason : "");
	x->into = into && *into ? wh_arena_strdup(&d->arena, into) : NULL;
	x->kind = kind;
	x->line = pos ? pos->line : 0;
	if (!x->unit || !x->by || !x->reason || (into && *into && !x->into))
		return wh_error_oom(err);
	bool existed;
	if (wh_map_put(&d->units, x->unit, d->n, &existed, NULL))
		return wh_error_oom(err);
	if (existed) {
		wh_error_at(err, WUHONG_EDATA, pos, "unit '%s' has two decisions; expected one", unit);
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	d->n++;
	return 0;
}

int wuhong_decisions_add(wuhong_decisions *d, const char *unit_id, wuhong_decision_kind kind, const char *by,
			 const char *reason, const char *into, wuhong_error *err)
{
	if (!d)
		return wh_error(err, WUHONG_EINVAL, "decisions is NULL");
	return add(d, unit_id, kind, by, reason, into, NULL, err);
}

enum { D_UNIT, D_DECISION, D_BY, D_REASON, D_INTO, N_DCOLS };

static const char *const decision_names[N_DCOLS][4] = {
	{ "unit", "单位", "单位编号", NULL },
	{ "decision", "决定", NULL },
	{ "by", "决定人", "审定", NULL },
	{ "reason", "理由", NULL },
	{ "into", "并入", NULL },
};

typedef struct dec_loader {
	wuhong_decisions *d;
	const char *file;
	wh_csv_columns cols;
} dec_loader;

/* in the order of wuhong_decision_kind */
static const char *const decision_kinds[][2] = { { "approve", "批准" }, { "refuse", "不予批准" }, { "merge", "撤并" } };

static int dec_record(void *ctx, char **f, size_t n, long record, long line, wuhong_error *err)
{
	dec_loader *L = ctx;
	wh_pos pos = { L->file, line, 0 };
	if (record == 0)
		return wh_csv_columns_header(&L->cols, f, n, &pos, err);
	record = line; /* rows are named by the row a spreadsheet shows (a CSV's line) */
	const char *unit = wh_csv_cell(&L->cols, f, n, D_UNIT);
	if (wh_csv_columns_width(&L->cols, n, &pos, unit, record, err))
		return WUHONG_EDATA;
	int kind = wh_csv_keyword(wh_csv_cell(&L->cols, f, n, D_DECISION), decision_kinds, (int)WH_ARRAY_LEN(decision_kinds),
				  "decision", N_("approve, refuse or merge"), &pos, unit, record, err);
	if (kind < 0)
		return WUHONG_EDATA;
	int rc = add(L->d, unit, (wuhong_decision_kind)kind, wh_csv_cell(&L->cols, f, n, D_BY),
		     wh_csv_cell(&L->cols, f, n, D_REASON), wh_csv_cell(&L->cols, f, n, D_INTO), &pos, err);
	if (rc && err)
		err->row = record;
	return rc;
}

static int decisions_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	void **args = ctx;
	wuhong_decisions **out = args[0];
	const wuhong_csv_options *opts = args[1];
	int rc = wuhong_decisions_new(out, err);
	if (rc)
		return rc;
	dec_loader L = { .d = *out,
			 .file = name,
			 .cols = { .names = decision_names,
				   .n = N_DCOLS,
				   .optional = 1u << D_REASON | 1u << D_INTO,
				   .what = N_("decisions"),
				   .expected = "unit,decision,by,reason[,into]" } };
	rc = wh_csv_read(data, len, name, opts, dec_record, &L, err);
	if (rc) {
		wuhong_decisions_free(*out);
		*out = NULL;
	}
	return rc;
}

int wuhong_decisions_load_csv(wuhong_decisions **out, const char *path, const wuhong_csv_options *opts,
			      wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_decisions_load_csv: NULL argument");
	*out = NULL;
	void *args[2] = { out, (void *)opts };
	return wh_with_file(path, decisions_from_bytes, args, err);
}

int wuhong_decisions_load_csv_string(wuhong_decisions **out, const char *data, size_t len, const char *name,
				     const wuhong_csv_options *opts, wuhong_error *err)
{
	if (!out || !data)
		return wh_error(err, WUHONG_EINVAL, "wuhong_decisions_load_csv_string: NULL argument");
	*out = NULL;
	void *args[2] = { out, (void *)opts };
	return decisions_from_bytes(args, data, len, name ? name : "<string>", err);
}

/* ---- for the review (review-internal.h) --------------------------------- */

bool dec_lookup(const wuhong_decisions *d, const char *unit, wuhong_decision_kind *kind, const char **by,
		const char **reason, const char **into)
{
	size_t i;
	if (!d || !wh_map_get(&d->units, unit, &i))
		return false;
	*kind = d->items[i].kind;
	*by = d->items[i].by;
	*reason = d->items[i].reason;
	*into = d->items[i].into;
	return true;
}

size_t dec_count(const wuhong_decisions *d)
{
	return d ? d->n : 0;
}

const char *dec_unit(const wuhong_decisions *d, size_t i)
{
	return d->items[i].unit;
}

void dec_digest_into(const wuhong_decisions *d, void *ctx)
{
	for (size_t i = 0; d && i < d->n; i++) {
		const decision *x = &d->items[i];
		const char *f[] = { x->unit, x->by, x->reason, x->into ? x->into : "" };
		for (int k = 0; k < 4; k++)
			sha256_update(ctx, strlen(f[k]) + 1, (const uint8_t *)f[k]);
		uint8_t kind = (uint8_t)x->kind;
		sha256_update(ctx, 1, &kind);
	}
}
