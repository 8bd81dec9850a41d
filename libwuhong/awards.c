/*
 * awards.c — award money for a period: the scheduled amount of each unit's
 * tier, then adjustments (override, bonuses), then the budget: refuse, or
 * scale pro rata by the largest-remainder method so that the sum equals
 * the budget to the fen. Every sum is checked; nothing wraps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjustments-internal.h"
#include "csv-read.h"
#include "tally-internal.h"
#include "wuhong/awards.h"
#include "wuhong/money.h"

typedef struct adjustment {
	const char *unit;
	wuhong_adjustment_kind kind;
	int64_t fen;
	const char *reason, *reference;
	const char *file;
	long line;
} adjustment;

struct wuhong_adjustments {
	wh_arena arena;
	adjustment *items;
	size_t n, cap;
	wh_map overrides; /* unit id -> item, to refuse a second override */
};

int wuhong_adjustments_new(wuhong_adjustments **out, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_adjustments_new: out is NULL");
	*out = wh_calloc(1, sizeof **out);
	return *out ? 0 : wh_error_oom(err);
}

void wuhong_adjustments_free(wuhong_adjustments *a)
{
	if (!a)
		return;
	wh_free(a->items);
	wh_map_free(&a->overrides);
	wh_arena_free(&a->arena);
	wh_free(a);
}

size_t wuhong_adjustments_count(const wuhong_adjustments *a)
{
	return a ? a->n : 0;
}

static int add(wuhong_adjustments *a, const char *unit, wuhong_adjustment_kind kind, int64_t fen,
	       const char *reason, const char *reference, const wh_pos *pos, wuhong_error *err)
{
	if (!unit || !*unit)
		return wh_error_at(err, WUHONG_EDATA, pos, "an adjustment needs a unit id");
	if (kind != WUHONG_ADJUST_BONUS && kind != WUHONG_ADJUST_OVERRIDE && kind != WUHONG_ADJUST_PENALTY)
		return wh_error_at(err, WUHONG_EINVAL, pos, "unknown adjustment kind %d", (int)kind);
	if (fen < 0 || fen > WUHONG_MONEY_MAX) {
		wh_error_at(err, WUHONG_EDATA, pos, "adjustment amount out of range; expected 0 to 10^13 yuan");
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if (!reason || !*reason) {
		wh_error_at(err, WUHONG_EDATA, pos, "an adjustment needs a reason");
		wh_error_set_unit(err, unit, 0);
		return WUHONG_EDATA;
	}
	if (!wh_grow((void **)&a->items, &a->cap, a->n, sizeof *a->items))
		return wh_error_oom(err);
	adjustment *x = &a->items[a->n];
	x->unit = wh_arena_strdup(&a->arena, unit);
	x->kind = kind;
	x->fen = fen;
	x->reason = wh_arena_strdup(&a->arena, reason);
	x->reference = wh_arena_strdup(&a->arena, reference ? reference : "");
	x->file = pos && pos->file ? wh_arena_strdup(&a->arena, pos->file) : NULL;
	x->line = pos ? pos->line : 0;
	if (!x->unit || !x->reason || !x->reference)
		return wh_error_oom(err);
	if (kind == WUHONG_ADJUST_OVERRIDE) {
		bool existed;
		if (wh_map_put(&a->overrides, x->unit, a->n, &existed, NULL))
			return wh_error_oom(err);
		if (existed) {
			wh_error_at(err, WUHONG_EDATA, pos, "unit '%s' has two overrides; expected at most one", unit);
			wh_error_set_unit(err, unit, 0);
			return WUHONG_EDATA;
		}
	}
	a->n++;
	return 0;
}

int wuhong_adjustments_add(wuhong_adjustments *a, const char *unit_id, wuhong_adjustment_kind kind, int64_t fen,
			   const char *reason, const char *reference, wuhong_error *err)
{
	if (!a)
		return wh_error(err, WUHONG_EINVAL, "adjustments is NULL");
	return add(a, unit_id, kind, fen, reason, reference, NULL, err);
}

/* ---- CSV ----------------------------------------------------------------- */

enum { A_UNIT, A_KIND, A_AMOUNT, A_REASON, A_REFERENCE, N_ACOLS };

static const char *const adj_names[N_ACOLS][4] = {
	{ "unit", "单位", "单位编号", NULL },
	{ "kind", "类型", NULL },
	{ "amount", "金额", NULL },
	{ "reason", "事由", NULL },
	{ "reference", "依据", NULL },
};

typedef struct adj_loader {
	wuhong_adjustments *a;
	const char *file;
	wh_csv_columns cols;
} adj_loader;

/* in the order of wuhong_adjustment_kind */
static const char *const adj_kinds[][2] = { { "bonus", "加奖" }, { "override", "核定" }, { "penalty", "扣减" } };

static int adj_record(void *ctx, char **f, size_t n, long record, long line, wuhong_error *err)
{
	adj_loader *L = ctx;
	wh_pos pos = { L->file, line, 0 };
	if (record == 0)
		return wh_csv_columns_header(&L->cols, f, n, &pos, err);
	record = line; /* rows are named by the row a spreadsheet shows (a CSV's line) */
	const char *unit = wh_csv_cell(&L->cols, f, n, A_UNIT);
	if (wh_csv_columns_width(&L->cols, n, &pos, unit, record, err))
		return WUHONG_EDATA;
	int k = wh_csv_keyword(wh_csv_cell(&L->cols, f, n, A_KIND), adj_kinds, (int)WH_ARRAY_LEN(adj_kinds), "kind",
			       N_("bonus, override or penalty"), &pos, unit, record, err);
	if (k < 0)
		return WUHONG_EDATA;
	int64_t fen;
	const char *amount = wh_csv_cell(&L->cols, f, n, A_AMOUNT);
	int prc = wuhong_parse_yuan(&fen, amount, NULL);
	if (prc || fen < 0) {
		wh_error_at(err, WUHONG_EDATA, &pos, "amount '%s' is not %s", amount,
			    wh_tr(prc == WUHONG_EOVERFLOW ? N_("within 10^13 yuan") : N_("an amount in yuan with at most two decimals")));
		wh_error_set_unit(err, unit, record);
		wh_error_set_field(err, "amount");
		return WUHONG_EDATA;
	}
	int rc = add(L->a, unit, (wuhong_adjustment_kind)k, fen, wh_csv_cell(&L->cols, f, n, A_REASON),
		     wh_csv_cell(&L->cols, f, n, A_REFERENCE), &pos, err);
	if (rc && err)
		err->row = record;
	return rc;
}

int wuhong_adjustments_load_csv_string(wuhong_adjustments **out, const char *data, size_t len, const char *name,
				       const wuhong_csv_options *opts, wuhong_error *err)
{
	if (!out || !data)
		return wh_error(err, WUHONG_EINVAL, "wuhong_adjustments_load_csv_string: NULL argument");
	int rc = wuhong_adjustments_new(out, err);
	if (rc)
		return rc;
	adj_loader L = { .a = *out,
			 .file = name ? name : "<string>",
			 .cols = { .names = adj_names,
				   .n = N_ACOLS,
				   .optional = 1u << A_REFERENCE,
				   .what = N_("adjustments"),
				   .expected = "unit,kind,amount,reason,reference" } };
	rc = wh_csv_read(data, len, L.file, opts, adj_record, &L, err);
	if (rc) {
		wuhong_adjustments_free(*out);
		*out = NULL;
	}
	return rc;
}

typedef struct adj_file {
	wuhong_adjustments **out;
	const wuhong_csv_options *opts;
} adj_file;

static int adj_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	adj_file *f = ctx;
	return wuhong_adjustments_load_csv_string(f->out, data, len, name, f->opts, err);
}

int wuhong_adjustments_load_csv(wuhong_adjustments **out, const char *path, const wuhong_csv_options *opts,
				wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_adjustments_load_csv: NULL argument");
	*out = NULL;
	adj_file f = { out, opts };
	return wh_with_file(path, adj_from_bytes, &f, err);
}

/* ---- awards ---------------------------------------------------------------- */

struct wuhong_awards {
	wuhong_policy *policy;
	wuhong_dataset *ds;
	size_t n;
	int64_t *amount, *unscaled;
	uint8_t *tier, *sector;
	uint16_t *town;
	uint32_t *veto; /* the evaluation's, for the tallies' vetoed column */
	uint8_t *miss;  /* the same for their missing column */
	int64_t total, unscaled_total, budget;
	bool scaled;
	const char **reasons, **reasons_zh;
	wh_arena arena;
};

void wuhong_awards_free(wuhong_awards *a)
{
	if (!a)
		return;
	wh_free(a->amount);
	wh_free(a->unscaled);
	wh_free(a->tier);
	wh_free(a->sector);
	wh_free(a->town);
	wh_free(a->veto);
	wh_free(a->miss);
	wh_free(a->reasons);
	wh_free(a->reasons_zh);
	wh_arena_free(&a->arena);
	wuhong_policy_free(a->policy);
	wuhong_dataset_free(a->ds);
	wh_free(a);
}

/* amount * budget needs up to 110 bits: exact with 128-bit integers */
__extension__ typedef unsigned __int128 u128;

typedef struct share_rem {
	u128 rem;
	size_t unit;
} share_rem;

static int by_remainder(const void *x, const void *y)
{
	const share_rem *a = x, *b = y;
	if (a->rem != b->rem)
		return a->rem > b->rem ? -1 : 1;
	return a->unit < b->unit ? -1 : a->unit > b->unit; /* ties: earlier units first */
}

/* amount_i * budget / total, rounded down; the leftover fen to the largest remainders. */
static int scale(wuhong_awards *a, int64_t budget, wuhong_error *err)
{
	share_rem *r = wh_malloc((a->n ? a->n : 1) * sizeof *r);
	if (!r)
		return wh_error_oom(err);
	int64_t sum = 0;
	for (size_t i = 0; i < a->n; i++) {
		u128 prod = (u128)a->unscaled[i] * (u128)budget;
		a->amount[i] = (int64_t)(prod / (u128)a->unscaled_total);
		r[i] = (share_rem){ prod % (u128)a->unscaled_total, i };
		sum += a->amount[i]; /* <= budget: cannot overflow */
	}
	int64_t left = budget - sum; /* < number of units with a remainder */
	qsort(r, a->n, sizeof *r, by_remainder);
	for (size_t k = 0; k < (size_t)left; k++)
		a->amount[r[k].unit] += 1;
	wh_free(r);
	a->total = budget;
	a->scaled = true;
	return 0;
}

/* The words of a unit's reason: English (for scripts, the CSV) and Chinese (for the published award list). */
static const struct reason_words {
	const char *no_tier, *vetoed, *adjustment, *override, *penalty, *bonus, *reference, *scaled;
} reason_words[2] = {
	{ "no tier", "no tier (vetoed)", "; %s %s: %s", "override", "penalty", "bonus", " (%s)",
	  "; scaled from %s to fit the budget" },
	{ "未达标", "一票否决，不予奖励", "；%s %s 元：%s", "核定为", "扣减", "奖励", "（%s）", "；按预算等比例核减，原 %s 元" },
};

/*
 * Why unit i gets its amount: the tier and its scheduled amount, each
 * adjustment with its reason and reference, the scaling. In English
 * ("tier 5 五面红旗示范: scheduled 60000.00; override 80000.00: …") or, zh, in
 * Chinese ("五面红旗示范，按标准 60000.00 元；核定为 80000.00 元：…").
 */
static const char *award_reason(wuhong_awards *a, const wuhong_evaluation *ev, size_t i, const wuhong_adjustments *adj,
				const size_t *first_adj, const size_t *next_adj, bool zh)
{
	const struct reason_words *w = &reason_words[zh];
	wh_buf b = { 0 };
	char y1[32];
	uint8_t tier = ev->tier[i];
	const char *name = wuhong_policy_tier_name(a->policy, tier);
	wuhong_format_yuan(y1, sizeof y1, ev->amount[i]);
	if (tier && zh)
		wh_buf_printf(&b, "%s，按标准 %s 元", name, y1);
	else if (tier)
		wh_buf_printf(&b, "tier %u %s: scheduled %s", tier, name, y1);
	else
		wh_buf_puts(&b, ev->veto[i] ? w->vetoed : w->no_tier);
	for (size_t k = first_adj ? first_adj[i] : SIZE_MAX; k != SIZE_MAX; k = next_adj[k]) {
		const adjustment *x = &adj->items[k];
		wh_buf_printf(&b, w->adjustment,
			      x->kind == WUHONG_ADJUST_OVERRIDE ? w->override : x->kind == WUHONG_ADJUST_PENALTY ? w->penalty : w->bonus,
			      wuhong_format_yuan(y1, sizeof y1, x->fen), x->reason);
		if (*x->reference)
			wh_buf_printf(&b, w->reference, x->reference);
	}
	if (a->scaled && a->unscaled[i])
		wh_buf_printf(&b, w->scaled, wuhong_format_yuan(y1, sizeof y1, a->unscaled[i]));
	const char *text = wh_buf_text(&b);
	const char *s = text ? wh_arena_strdup(&a->arena, text) : NULL;
	wh_buf_free(&b);
	return s;
}

int wuhong_evaluation_awards(wuhong_awards **out, const wuhong_evaluation *ev, const wuhong_award_options *opts,
			     wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_awards: NULL argument");
	*out = NULL;
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_AWARD_OPTIONS_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_award_options: unknown version %u", opts->version);
	const wuhong_adjustments *adj = opts ? opts->adjustments : NULL;
	int64_t budget = opts && opts->budget >= 0 ? opts->budget : ev->policy->def.budget.fen;
	if (budget > WUHONG_MONEY_MAX)
		return wh_error(err, WUHONG_EOVERFLOW, "the budget is beyond 10^13 yuan");
	size_t n = ev->n, m = n ? n : 1;
	wuhong_awards *a = wh_calloc(1, sizeof *a);
	size_t *first_adj = NULL, *next_adj = NULL;
	int rc = 0;
	if (!a)
		return wh_error_oom(err);
	a->policy = wuhong_policy_ref(ev->policy);
	a->ds = wuhong_dataset_ref(ev->ds);
	a->n = n;
	a->budget = budget;
	a->amount = wh_malloc(m * sizeof *a->amount);
	a->unscaled = wh_malloc(m * sizeof *a->unscaled);
	a->tier = wh_malloc(m);
	a->sector = wh_malloc(m);
	a->town = wh_malloc(m * sizeof *a->town);
	a->veto = wh_malloc(m * sizeof *a->veto);
	a->miss = wh_malloc(m);
	a->reasons = wh_calloc(m, sizeof *a->reasons);
	a->reasons_zh = wh_calloc(m, sizeof *a->reasons_zh);
	if (!a->amount || !a->unscaled || !a->tier || !a->sector || !a->town || !a->veto || !a->miss || !a->reasons ||
	    !a->reasons_zh) {
		rc = wh_error_oom(err);
		goto fail;
	}
	memcpy(a->tier, ev->tier, n);
	memcpy(a->sector, ev->sector, n);
	memcpy(a->town, ev->town, n * sizeof *a->town);
	memcpy(a->veto, ev->veto, n * sizeof *a->veto);
	memcpy(a->miss, ev->miss, n);
	memcpy(a->unscaled, ev->amount, n * sizeof *a->unscaled);
	/* adjustments: the override replaces the schedule, bonuses add */
	if (adj && adj->n) {
		first_adj = wh_malloc(m * sizeof *first_adj);
		next_adj = wh_malloc(adj->n * sizeof *next_adj);
		if (!first_adj || !next_adj) {
			rc = wh_error_oom(err);
			goto fail;
		}
		for (size_t i = 0; i < n; i++)
			first_adj[i] = SIZE_MAX;
		for (size_t k = adj->n; k-- > 0;) { /* build per-unit chains in file order */
			size_t u;
			const adjustment *x = &adj->items[k];
			if (wuhong_dataset_find(&u, ev->ds, x->unit, NULL) != 0) {
				wh_pos pos = { x->file, x->line, 0 };
				rc = wh_error_at(err, WUHONG_EDATA, &pos, "adjustment for unit '%s', which is not in the data",
						 x->unit);
				wh_error_set_unit(err, x->unit, 0);
				goto fail;
			}
			next_adj[k] = first_adj[u];
			first_adj[u] = k;
		}
		for (size_t k = 0; k < adj->n; k++) {
			size_t u;
			wuhong_dataset_find(&u, ev->ds, adj->items[k].unit, NULL);
			if (adj->items[k].kind == WUHONG_ADJUST_OVERRIDE)
				a->unscaled[u] = adj->items[k].fen;
		}
		/* bonuses, then penalties (adj_penalty_taken: never below zero) */
		for (size_t k = 0; k < adj->n; k++) {
			size_t u;
			wuhong_dataset_find(&u, ev->ds, adj->items[k].unit, NULL);
			if (adj->items[k].kind != WUHONG_ADJUST_BONUS)
				continue;
			/* both are at most 10^15 fen: the sum cannot wrap, but may pass the limit */
			a->unscaled[u] += adj->items[k].fen;
			if (a->unscaled[u] > WUHONG_MONEY_MAX) {
				wh_pos pos = { adj->items[k].file, adj->items[k].line, 0 };
				rc = wh_error_at(err, WUHONG_EOVERFLOW, &pos,
						 "unit '%s': with its bonuses the award exceeds the largest amount, 10^13 yuan",
						 adj->items[k].unit);
				wh_error_set_unit(err, adj->items[k].unit, 0);
				goto fail;
			}
		}
		for (size_t k = 0; k < adj->n; k++) {
			size_t u;
			wuhong_dataset_find(&u, ev->ds, adj->items[k].unit, NULL);
			if (adj->items[k].kind == WUHONG_ADJUST_PENALTY)
				a->unscaled[u] -= adj_penalty_taken(a->unscaled[u], adj->items[k].fen);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (__builtin_add_overflow(a->unscaled_total, a->unscaled[i], &a->unscaled_total)) {
			rc = wh_error(err, WUHONG_EOVERFLOW,
				      "the award total exceeds the range of 64-bit fen (about 9.2 * 10^16 yuan)");
			goto fail;
		}
	memcpy(a->amount, a->unscaled, n * sizeof *a->amount);
	a->total = a->unscaled_total;
	if (budget >= 0 && a->unscaled_total > budget) {
		if (ev->policy->def.budget.over == WUHONG_BUDGET_REFUSE) {
			char t[32], bb[32], over[32];
			rc = wh_error(err, WUHONG_EBUDGET,
				      "the awards total %s yuan, over the budget of %s yuan by %s yuan; the policy "
				      "refuses to scale (budget: {over: scale} would scale them)",
				      wuhong_format_yuan(t, sizeof t, a->unscaled_total), wuhong_format_yuan(bb, sizeof bb, budget),
				      wuhong_format_yuan(over, sizeof over, a->unscaled_total - budget));
			goto fail;
		}
		if ((rc = scale(a, budget, err)))
			goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (!(a->reasons[i] = award_reason(a, ev, i, adj, first_adj, next_adj, false)) ||
		    !(a->reasons_zh[i] = award_reason(a, ev, i, adj, first_adj, next_adj, true))) {
			rc = wh_error_oom(err);
			goto fail;
		}
	wh_free(first_adj);
	wh_free(next_adj);
	*out = a;
	return 0;
fail:
	wh_free(first_adj);
	wh_free(next_adj);
	wuhong_awards_free(a);
	return rc;
}

size_t wuhong_awards_count(const wuhong_awards *a) { return a ? a->n : 0; }
const int64_t *wuhong_awards_amounts(const wuhong_awards *a) { return a ? a->amount : NULL; }
const int64_t *wuhong_awards_unscaled(const wuhong_awards *a) { return a ? a->unscaled : NULL; }
int64_t wuhong_awards_total(const wuhong_awards *a) { return a ? a->total : 0; }
int64_t wuhong_awards_unscaled_total(const wuhong_awards *a) { return a ? a->unscaled_total : 0; }
bool wuhong_awards_scaled(const wuhong_awards *a) { return a && a->scaled; }
int64_t wuhong_awards_budget(const wuhong_awards *a) { return a ? a->budget : WUHONG_NO_BUDGET; }

const char *wuhong_awards_reason(const wuhong_awards *a, size_t i)
{
	return a && i < a->n ? a->reasons[i] : "";
}

const char *wuhong_awards_reason_zh(const wuhong_awards *a, size_t i)
{
	return a && i < a->n ? a->reasons_zh[i] : "";
}

int wuhong_awards_tally(wuhong_tally **out, const wuhong_awards *a, wuhong_grouping by, wuhong_error *err)
{
	if (!out || !a)
		return wh_error(err, WUHONG_EINVAL, "wuhong_awards_tally: NULL argument");
	tally_input in = { a->policy, a->ds, a->n, a->tier, a->sector, a->town, a->veto, a->miss, a->amount, NULL };
	return tally_build(out, &in, by, err);
}

/* ---- for the review (review-internal.h) --------------------------------- */

size_t adj_count(const wuhong_adjustments *a)
{
	return a ? a->n : 0;
}

void adj_get(const wuhong_adjustments *a, size_t i, const char **unit, wuhong_adjustment_kind *kind, int64_t *fen,
	     const char **reason, const char **reference)
{
	const adjustment *x = &a->items[i];
	*unit = x->unit;
	*kind = x->kind;
	*fen = x->fen;
	*reason = x->reason;
	*reference = x->reference;
}
