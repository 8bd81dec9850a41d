/*
 * wuhong.i — the SWIG interface shared by every language binding.
 *
 * It wraps a small glue API (wb_*) over the C API, shaped for bindings:
 * each function returns a new object or a value, and its last parameter
 * `wuhong_error *err` is hidden from the target language; when the call
 * fails, the language file's WUHONG_RAISE turns the record into that
 * language's exception (Python) or error value (Lua). Objects are opaque
 * handles owned by the binding and freed by their destructors.
 *
 * A language file (python/wuhong_python.i, lua/wuhong_lua.i) defines
 * WUHONG_RAISE(err), then includes this file.
 */

%{
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>

/* The rows of wuhong_diff_groups, owned (a handle of the bindings' own). */
typedef struct wb_groups {
	wuhong_diff_group *rows;
	size_t n;
} wb_groups;

static void wb_groups_free(wb_groups *g)
{
	if (g)
		wuhong_free(g->rows);
	free(g);
}

/* A review's rows and whether it was a replay (a handle of the bindings' own). */
typedef struct wb_review_result {
	wuhong_rows *rows;
	int replayed;
} wb_review_result;

static void wb_review_result_free(wb_review_result *r)
{
	if (r)
		wuhong_rows_free(r->rows);
	free(r);
}
%}



/* ---- errors ---------------------------------------------------------------- */

%typemap(in, numinputs=0) wuhong_error *err (wuhong_error temp) {
	wuhong_error_clear(&temp);
	$1 = &temp;
}
%typemap(argout) wuhong_error *err {
	if ($1->code != 0) {
		WUHONG_RAISE($1);
		SWIG_fail;
	}
}

/* ---- owned handles --------------------------------------------------------- */

%include "exception.i"

%nodefaultctor;
/*
 * A handle: freed by its destructor when the language collects it, or at
 * once by wb_close_TYPE, which also clears the language object's pointer
 * (WUHONG_CLEAR_HANDLE, per language): a closed handle is then NULL, and
 * NULL is refused by every function but a second close, which does nothing.
 */
%define WUHONG_HANDLE(TYPE, FREE)
struct TYPE {};
typedef struct TYPE TYPE;
%extend TYPE {
	~TYPE() { FREE($self); }
}
%typemap(check) TYPE *, const TYPE * {
	if (!$1)
		SWIG_exception(SWIG_ValueError, "this TYPE is closed (or NULL)");
}
%typemap(in) TYPE *closing {
	$1 = ($1_ltype)WUHONG_CLEAR_HANDLE($input, $descriptor);
}
%typemap(check) TYPE *closing ""
%inline %{
static void wb_close_ ## TYPE(TYPE *closing) { FREE(closing); }
%}
%enddef

/* the parameters that may be NULL (None, nil): optional inputs */
%typemap(check) const wuhong_decisions *dec, const wuhong_adjustments *adj, const wuhong_evaluation *optional_ev ""

/* An index past the end raises instead of reading past an array. */
%define WUHONG_INDEX(HANDLE, INDEX, COUNT)
%typemap(check) (HANDLE, INDEX) {
	if (!$1)
		SWIG_exception(SWIG_ValueError, "the handle is closed (or NULL)");
	if ($2 >= (size_t)(COUNT))
		SWIG_exception(SWIG_IndexError, "index out of range");
}
%enddef
WUHONG_INDEX(const wuhong_evaluation *ev, size_t i, wuhong_evaluation_count($1))
WUHONG_INDEX(const wuhong_explanation *x, size_t k, wuhong_explanation_count($1))
WUHONG_INDEX(const wuhong_awards *a, size_t i, wuhong_awards_count($1))
WUHONG_INDEX(const wuhong_diff_result *d, size_t k, wuhong_diff_count($1))
WUHONG_INDEX(const wb_groups *g, size_t k, $1->n)
WUHONG_INDEX(const wuhong_dataset *ds, size_t i, wuhong_dataset_count($1))
WUHONG_INDEX(wuhong_dataset *ds, size_t i, wuhong_dataset_count($1))
WUHONG_INDEX(const wuhong_tally *t, size_t k, wuhong_tally_count($1) + 1) /* k == count: the total */
%typemap(check) (const wuhong_lists *l, int list, size_t k) {
	if (!$1)
		SWIG_exception(SWIG_ValueError, "the lists are closed (or NULL)");
	if (($2 != 0 && $2 != 1) || $3 >= wuhong_lists_count($1, (wuhong_list_kind)$2))
		SWIG_exception(SWIG_IndexError, "index out of range");
}
%typemap(check) (const wuhong_explanation *x, size_t k, size_t c) {
	if (!$1)
		SWIG_exception(SWIG_ValueError, "the explanation is closed (or NULL)");
	if ($2 >= wuhong_explanation_count($1) || $3 >= wuhong_explanation_at($1, $2)->n_clauses)
		SWIG_exception(SWIG_IndexError, "index out of range");
}

WUHONG_HANDLE(wuhong_policy, wuhong_policy_free)
WUHONG_HANDLE(wuhong_dataset, wuhong_dataset_free)
WUHONG_HANDLE(wuhong_evaluation, wuhong_evaluation_free)
WUHONG_HANDLE(wuhong_explanation, wuhong_explanation_free)
WUHONG_HANDLE(wuhong_tally, wuhong_tally_free)
WUHONG_HANDLE(wuhong_lists, wuhong_lists_free)
WUHONG_HANDLE(wuhong_adjustments, wuhong_adjustments_free)
WUHONG_HANDLE(wuhong_awards, wuhong_awards_free)
WUHONG_HANDLE(wuhong_diff_result, wuhong_diff_free)
WUHONG_HANDLE(wb_groups, wb_groups_free)
WUHONG_HANDLE(wuhong_decisions, wuhong_decisions_free)
WUHONG_HANDLE(wuhong_ledger, wuhong_ledger_free)
WUHONG_HANDLE(wuhong_rows, wuhong_rows_free)
WUHONG_HANDLE(wb_review_result, wb_review_result_free)

%newobject wb_policy_default;
%newobject wb_policy_load;
%newobject wb_policy_from_string;
%newobject wb_policy_to_json;
%newobject wb_dataset_from_csv;
%newobject wb_dataset_new;
%newobject wb_evaluate;
%newobject wb_explain;
%newobject wb_tally;
%newobject wb_lists;
%newobject wb_adjustments_new;
%newobject wb_adjustments_load;
%newobject wb_awards;
%newobject wb_awards_tally;
%newobject wb_diff;
%newobject wb_diff_groups;
%newobject wb_decisions_new;
%newobject wb_decisions_load;
%newobject wb_ledger_open;
%newobject wb_review;
%newobject wb_ledger_query;
%newobject wb_ledger_verify;
%newobject wb_rotation;

%inline %{
/* ---- policy ---------------------------------------------------------------- */

static wuhong_policy *wb_policy_default(wuhong_error *err)
{
	wuhong_policy *p = NULL;
	wuhong_policy_default(&p, err);
	return p;
}

static wuhong_policy *wb_policy_load(const char *path, wuhong_error *err)
{
	wuhong_policy *p = NULL;
	wuhong_policy_load(&p, path, err);
	return p;
}

static wuhong_policy *wb_policy_from_string(const char *text, const char *name, wuhong_error *err)
{
	wuhong_policy *p = NULL;
	wuhong_policy_load_string(&p, text, text ? strlen(text) : 0, name, err);
	return p;
}

static char *wb_policy_to_json(const wuhong_policy *p, wuhong_error *err)
{
	/* SWIG frees a new char * with free(): hand it a copy of its own */
	char *s = NULL;
	if (wuhong_policy_to_json(&s, p, err))
		return NULL;
	char *copy = strdup(s);
	wuhong_free(s);
	return copy;
}

static const char *wb_policy_default_source(void) { return wuhong_policy_default_source(); }
static const char *wb_policy_name(const wuhong_policy *p) { return wuhong_policy_name(p); }
static const char *wb_policy_fingerprint(const wuhong_policy *p) { return wuhong_policy_fingerprint(p); }
static size_t wb_policy_sector_count(const wuhong_policy *p) { return wuhong_policy_sector_count(p); }
static const char *wb_policy_sector_key(const wuhong_policy *p, size_t i) { return wuhong_policy_sector_key(p, i); }
static const char *wb_policy_sector_label(const wuhong_policy *p, size_t i) { return wuhong_policy_sector_label(p, i); }
static const char *wb_policy_criterion_key(const wuhong_policy *p, size_t s, size_t c) { return wuhong_policy_criterion_key(p, s, c); }
static const char *wb_policy_tier_name(const wuhong_policy *p, int tier) { return wuhong_policy_tier_name(p, tier); }
static size_t wb_policy_veto_count(const wuhong_policy *p) { return wuhong_policy_veto_count(p); }
static const char *wb_policy_veto_key(const wuhong_policy *p, size_t i) { return wuhong_policy_veto_key(p, i); }
static size_t wb_policy_list_rule_count(const wuhong_policy *p, int list) { return wuhong_policy_list_rule_count(p, (wuhong_list_kind)list); }
static const char *wb_policy_list_rule_key(const wuhong_policy *p, int list, size_t r) { return wuhong_policy_list_rule_key(p, (wuhong_list_kind)list, r); }
static const char *wb_policy_list_label(const wuhong_policy *p, int list) { return wuhong_policy_list_label(p, (wuhong_list_kind)list); }
static long long wb_policy_budget(const wuhong_policy *p) { return wuhong_policy_budget(p); }

/* ---- dataset --------------------------------------------------------------- */

static wuhong_dataset *wb_dataset_from_csv(const char *path, const char *encoding, const char *panel,
					   wuhong_error *err)
{
	wuhong_dataset *ds = NULL;
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encoding;
	if (wuhong_dataset_load_csv(&ds, path, &o, err))
		return NULL;
	if (panel && wuhong_dataset_load_panel(ds, panel, &o, err)) {
		wuhong_dataset_free(ds);
		return NULL;
	}
	return ds;
}

static wuhong_dataset *wb_dataset_new(size_t n, wuhong_error *err)
{
	wuhong_dataset *ds = NULL;
	wuhong_dataset_new(&ds, n, err);
	return ds;
}

static void wb_dataset_set_unit(wuhong_dataset *ds, size_t i, const char *id, const char *name, const char *sector,
				const char *town, const char *committee, wuhong_error *err)
{
	wuhong_dataset_set_unit(ds, i, id, name, sector, town, committee, err);
}

/* Many units at once: fields separated by \x1f (unit separator), one list per field. */
static void wb_dataset_set_units(wuhong_dataset *ds, const char *ids, const char *names, const char *sectors,
				 const char *towns, const char *committees, wuhong_error *err)
{
	const char *f[5] = { ids, names, sectors, towns, committees };
	size_t n = wuhong_dataset_count(ds);
	char *field[5] = { NULL };
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 5; k++) {
			free(field[k]);
			field[k] = NULL;
			if (!f[k])
				continue;
			const char *end = strchr(f[k], '\x1f');
			size_t len = end ? (size_t)(end - f[k]) : strlen(f[k]);
			field[k] = malloc(len + 1);
			if (!field[k]) {
				err->code = WUHONG_ENOMEM;
				snprintf(err->message, sizeof err->message, "out of memory");
				goto out;
			}
			memcpy(field[k], f[k], len);
			field[k][len] = '\0';
			f[k] = end ? end + 1 : f[k] + len;
		}
		if (wuhong_dataset_set_unit(ds, i, field[0], field[1], field[2], field[3], field[4], err))
			goto out;
	}
out:
	for (int k = 0; k < 5; k++)
		free(field[k]);
}

static void wb_dataset_set_value(wuhong_dataset *ds, size_t i, const char *indicator, double value,
				 wuhong_error *err)
{
	wuhong_dataset_set_value(ds, i, indicator, value, err);
}

/* Bind a caller's array of doubles, given by address: zero copy. The
 * language layer checks its type and length and keeps it alive. */
static void wb_dataset_bind_column(wuhong_dataset *ds, const char *indicator, unsigned long long address, wuhong_error *err)
{
	wuhong_dataset_bind_column(ds, indicator, (const double *)(uintptr_t)address, err);
}

static void wb_dataset_load_panel(wuhong_dataset *ds, const char *path, const char *encoding, wuhong_error *err)
{
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encoding;
	wuhong_dataset_load_panel(ds, path, &o, err);
}

static void wb_dataset_add_observation(wuhong_dataset *ds, const char *unit, const char *indicator,
				       const char *judge, double value, wuhong_error *err)
{
	wuhong_dataset_add_observation(ds, unit, indicator, judge, value, err);
}

static size_t wb_dataset_count(const wuhong_dataset *ds) { return wuhong_dataset_count(ds); }
static const char *wb_dataset_unit_id(const wuhong_dataset *ds, size_t i) { return wuhong_dataset_unit_id(ds, i); }
static const char *wb_dataset_unit_name(const wuhong_dataset *ds, size_t i) { return wuhong_dataset_unit_name(ds, i); }
static const char *wb_dataset_unit_sector(const wuhong_dataset *ds, size_t i) { return wuhong_dataset_unit_sector(ds, i); }
static const char *wb_dataset_unit_town(const wuhong_dataset *ds, size_t i) { return wuhong_dataset_unit_town(ds, i); }
static const char *wb_dataset_unit_committee(const wuhong_dataset *ds, size_t i) { return wuhong_dataset_unit_committee(ds, i); }
static double wb_dataset_value(const wuhong_dataset *ds, size_t i, const char *indicator) { return wuhong_dataset_value(ds, i, indicator); }

/* Index of a unit, or -1. */
static long long wb_dataset_find(const wuhong_dataset *ds, const char *id)
{
	size_t i;
	return wuhong_dataset_find(&i, ds, id) == 0 ? (long long)i : -1;
}

/* ---- evaluation ------------------------------------------------------------ */

static wuhong_evaluation *wb_evaluate(const wuhong_policy *p, const wuhong_dataset *ds, unsigned threads,
				      wuhong_error *err)
{
	wuhong_evaluation *ev = NULL;
	wuhong_evaluate_options o = WUHONG_EVALUATE_OPTIONS_INIT;
	o.threads = threads;
	wuhong_evaluate(&ev, p, ds, &o, err);
	return ev;
}

static size_t wb_evaluation_count(const wuhong_evaluation *ev) { return wuhong_evaluation_count(ev); }
/* The evaluation's own policy and dataset: borrowed, valid while it lives,
 * whatever became of the caller's handles. */
static const wuhong_policy *wb_evaluation_policy(const wuhong_evaluation *ev) { return wuhong_evaluation_policy(ev); }
static const wuhong_dataset *wb_evaluation_dataset(const wuhong_evaluation *ev) { return wuhong_evaluation_dataset(ev); }

/* Where a result column is (0 flags, 1 flag masks, 2 missing masks, 3 veto
 * masks, 4 unknown-veto masks, 5 tiers, 6 sectors, 7 towns, 8 amounts), for
 * languages that read whole columns; borrowed for the evaluation's life. */
static unsigned long long wb_evaluation_column(const wuhong_evaluation *ev, int which)
{
	switch (which) {
	case 0: return (unsigned long long)(uintptr_t)wuhong_evaluation_flags(ev);
	case 1: return (unsigned long long)(uintptr_t)wuhong_evaluation_flag_masks(ev);
	case 2: return (unsigned long long)(uintptr_t)wuhong_evaluation_missing_masks(ev);
	case 3: return (unsigned long long)(uintptr_t)wuhong_evaluation_veto_masks(ev);
	case 4: return (unsigned long long)(uintptr_t)wuhong_evaluation_veto_unknown_masks(ev);
	case 5: return (unsigned long long)(uintptr_t)wuhong_evaluation_tiers(ev);
	case 6: return (unsigned long long)(uintptr_t)wuhong_evaluation_sectors(ev);
	case 7: return (unsigned long long)(uintptr_t)wuhong_evaluation_towns(ev);
	case 8: return (unsigned long long)(uintptr_t)wuhong_evaluation_amounts(ev);
	default: return 0;
	}
}

/* One unit's results, element by element, for languages without arrays. */
static int wb_flags(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_flags(ev)[i]; }
static int wb_flag_mask(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_flag_masks(ev)[i]; }
static int wb_missing_mask(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_missing_masks(ev)[i]; }
static unsigned wb_veto_mask(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_veto_masks(ev)[i]; }
static unsigned wb_veto_unknown_mask(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_veto_unknown_masks(ev)[i]; }
static int wb_tier(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_tiers(ev)[i]; }
static int wb_sector(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_sectors(ev)[i]; }
static long long wb_amount(const wuhong_evaluation *ev, size_t i) { return wuhong_evaluation_amounts(ev)[i]; }
static int wb_verdict(const wuhong_evaluation *ev, size_t i, size_t c) { return (int)wuhong_evaluation_verdict(ev, i, c); }

static wuhong_explanation *wb_explain(const wuhong_evaluation *ev, size_t i, wuhong_error *err)
{
	wuhong_explanation *x = NULL;
	wuhong_evaluation_explain(&x, ev, i, err);
	return x;
}

static const char *wb_explanation_text(const wuhong_explanation *x) { return wuhong_explanation_text(x); }
static size_t wb_reason_count(const wuhong_explanation *x) { return wuhong_explanation_count(x); }
static int wb_reason_is_veto(const wuhong_explanation *x, size_t k) { return wuhong_explanation_at(x, k)->is_veto; }
static const char *wb_reason_key(const wuhong_explanation *x, size_t k) { return wuhong_explanation_at(x, k)->key; }
static const char *wb_reason_label(const wuhong_explanation *x, size_t k) { return wuhong_explanation_at(x, k)->label; }
static const char *wb_reason_rule(const wuhong_explanation *x, size_t k) { return wuhong_explanation_at(x, k)->rule; }
static int wb_reason_verdict(const wuhong_explanation *x, size_t k) { return (int)wuhong_explanation_at(x, k)->verdict; }
static size_t wb_clause_count(const wuhong_explanation *x, size_t k) { return wuhong_explanation_at(x, k)->n_clauses; }
static const char *wb_clause_text(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].text; }
static int wb_clause_verdict(const wuhong_explanation *x, size_t k, size_t c) { return (int)wuhong_explanation_at(x, k)->clauses[c].verdict; }
static const char *wb_clause_op(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].op; }
static double wb_clause_actual(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].actual; }
static double wb_clause_threshold(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].threshold; }
static const char *wb_clause_indicator(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].indicator; }
static const char *wb_clause_label(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].label; }
static const char *wb_clause_unit(const wuhong_explanation *x, size_t k, size_t c) { return wuhong_explanation_at(x, k)->clauses[c].unit; }

/* ---- tallies (row `count` is the total) -------------------------------------- */

static wuhong_tally *wb_tally(const wuhong_evaluation *ev, int by, wuhong_error *err)
{
	wuhong_tally *t = NULL;
	wuhong_evaluation_tally(&t, ev, (wuhong_grouping)by, err);
	return t;
}

static size_t wb_tally_count(const wuhong_tally *t) { return wuhong_tally_count(t); }
static const wuhong_tally_row *wb_row(const wuhong_tally *t, size_t k)
{
	return k < wuhong_tally_count(t) ? wuhong_tally_at(t, k) : wuhong_tally_total(t);
}
static const char *wb_tally_group(const wuhong_tally *t, size_t k) { return wb_row(t, k)->group; }
static const char *wb_tally_label(const wuhong_tally *t, size_t k) { return wb_row(t, k)->label; }
static size_t wb_tally_units(const wuhong_tally *t, size_t k) { return wb_row(t, k)->units; }
static size_t wb_tally_tier(const wuhong_tally *t, size_t k, int tier) { return tier >= 0 && tier <= 5 ? wb_row(t, k)->by_tier[tier] : 0; }
static size_t wb_tally_vetoed(const wuhong_tally *t, size_t k) { return wb_row(t, k)->vetoed; }
static size_t wb_tally_missing(const wuhong_tally *t, size_t k) { return wb_row(t, k)->missing; }
static long long wb_tally_amount(const wuhong_tally *t, size_t k) { return wb_row(t, k)->amount; }

/* ---- lists ----------------------------------------------------------------- */

static wuhong_lists *wb_lists(const wuhong_evaluation *ev, wuhong_error *err)
{
	wuhong_lists *l = NULL;
	wuhong_evaluation_lists(&l, ev, err);
	return l;
}

static size_t wb_lists_count(const wuhong_lists *l, int list) { return wuhong_lists_count(l, (wuhong_list_kind)list); }
static size_t wb_entry_unit(const wuhong_lists *l, int list, size_t k) { return wuhong_lists_at(l, (wuhong_list_kind)list, k)->unit; }
static size_t wb_entry_rank(const wuhong_lists *l, int list, size_t k) { return wuhong_lists_at(l, (wuhong_list_kind)list, k)->rank; }
static unsigned wb_entry_rules(const wuhong_lists *l, int list, size_t k) { return wuhong_lists_at(l, (wuhong_list_kind)list, k)->rules; }
static const char *wb_entry_reason(const wuhong_lists *l, int list, size_t k) { return wuhong_lists_at(l, (wuhong_list_kind)list, k)->reason; }

/* ---- awards ---------------------------------------------------------------- */

static wuhong_adjustments *wb_adjustments_new(wuhong_error *err)
{
	wuhong_adjustments *a = NULL;
	wuhong_adjustments_new(&a, err);
	return a;
}

static wuhong_adjustments *wb_adjustments_load(const char *path, const char *encoding, wuhong_error *err)
{
	wuhong_adjustments *a = NULL;
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encoding;
	wuhong_adjustments_load_csv(&a, path, &o, err);
	return a;
}

/* kind: 0 bonus, 1 override; amount in yuan text (exact) */
static void wb_adjustments_add(wuhong_adjustments *a, const char *unit, int kind, const char *yuan,
			       const char *reason, const char *reference, wuhong_error *err)
{
	int64_t fen;
	int rc = wuhong_parse_yuan(&fen, yuan);
	if (rc) {
		err->code = WUHONG_EDATA;
		snprintf(err->message, sizeof err->message,
			 "amount '%s' is not an amount in yuan with at most two decimals, up to 10^13", yuan ? yuan : "");
		return;
	}
	wuhong_adjustments_add(a, unit, (wuhong_adjustment_kind)kind, fen, reason, reference, err);
}

static size_t wb_adjustments_count(const wuhong_adjustments *a) { return wuhong_adjustments_count(a); }

/* budget: fen, or -1 for the policy's own */
static wuhong_awards *wb_awards(const wuhong_evaluation *ev, const wuhong_adjustments *adj, long long budget,
				wuhong_error *err)
{
	wuhong_awards *a = NULL;
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.adjustments = adj;
	o.budget = budget;
	wuhong_evaluation_awards(&a, ev, &o, err);
	return a;
}

static size_t wb_awards_count(const wuhong_awards *a) { return wuhong_awards_count(a); }
static long long wb_awards_amount(const wuhong_awards *a, size_t i) { return wuhong_awards_amounts(a)[i]; }
static long long wb_awards_unscaled(const wuhong_awards *a, size_t i) { return wuhong_awards_unscaled(a)[i]; }
static unsigned long long wb_awards_column(const wuhong_awards *a, int unscaled) { return (unsigned long long)(uintptr_t)(unscaled ? wuhong_awards_unscaled(a) : wuhong_awards_amounts(a)); }
static long long wb_awards_total(const wuhong_awards *a) { return wuhong_awards_total(a); }
static long long wb_awards_unscaled_total(const wuhong_awards *a) { return wuhong_awards_unscaled_total(a); }
static int wb_awards_scaled(const wuhong_awards *a) { return wuhong_awards_scaled(a); }
static long long wb_awards_budget(const wuhong_awards *a) { return wuhong_awards_budget(a); }
static const char *wb_awards_reason(const wuhong_awards *a, size_t i) { return wuhong_awards_reason(a, i); }

static wuhong_tally *wb_awards_tally(const wuhong_awards *a, int by, wuhong_error *err)
{
	wuhong_tally *t = NULL;
	wuhong_awards_tally(&t, a, (wuhong_grouping)by, err);
	return t;
}

/* ---- diff ------------------------------------------------------------------ */

static wuhong_diff_result *wb_diff(const wuhong_policy *a, const wuhong_policy *b, const wuhong_dataset *ds,
				   wuhong_error *err)
{
	wuhong_diff_result *d = NULL;
	wuhong_diff(&d, a, b, ds, err);
	return d;
}

static size_t wb_diff_count(const wuhong_diff_result *d) { return wuhong_diff_count(d); }
static size_t wb_diff_unit(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->unit; }
static int wb_diff_flags_a(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->flags_a; }
static int wb_diff_flags_b(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->flags_b; }
static int wb_diff_mask_a(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->mask_a; }
static int wb_diff_mask_b(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->mask_b; }
static int wb_diff_tier_a(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->tier_a; }
static int wb_diff_tier_b(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->tier_b; }
static long long wb_diff_amount_a(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->amount_a; }
static long long wb_diff_amount_b(const wuhong_diff_result *d, size_t k) { return wuhong_diff_at(d, k)->amount_b; }
static long long wb_diff_total_a(const wuhong_diff_result *d) { return wuhong_diff_total_a(d); }
static long long wb_diff_total_b(const wuhong_diff_result *d) { return wuhong_diff_total_b(d); }
static int wb_diff_sector(const wuhong_diff_result *d, size_t k) { return wuhong_evaluation_sectors(wuhong_diff_evaluation_a(d))[wuhong_diff_at(d, k)->unit]; }

static wb_groups *wb_diff_groups(const wuhong_diff_result *d, int by, wuhong_error *err)
{
	wb_groups *g = calloc(1, sizeof *g);
	if (!g) {
		err->code = WUHONG_ENOMEM;
		snprintf(err->message, sizeof err->message, "out of memory");
		return NULL;
	}
	if (wuhong_diff_groups(&g->rows, &g->n, d, (wuhong_grouping)by, err)) {
		free(g);
		return NULL;
	}
	return g;
}

static size_t wb_groups_count(const wb_groups *g) { return g->n; }
static const char *wb_group_name(const wb_groups *g, size_t k) { return g->rows[k].group; }
static const char *wb_group_label(const wb_groups *g, size_t k) { return g->rows[k].label; }
static size_t wb_group_units(const wb_groups *g, size_t k) { return g->rows[k].units; }
static size_t wb_group_changed(const wb_groups *g, size_t k) { return g->rows[k].changed; }
static size_t wb_group_lost(const wb_groups *g, size_t k) { return g->rows[k].lost; }
static size_t wb_group_gained(const wb_groups *g, size_t k) { return g->rows[k].gained; }
static long long wb_group_amount_a(const wb_groups *g, size_t k) { return g->rows[k].amount_a; }
static long long wb_group_amount_b(const wb_groups *g, size_t k) { return g->rows[k].amount_b; }

/* ---- periods and the ledger ------------------------------------------------ */

static wuhong_decisions *wb_decisions_new(wuhong_error *err)
{
	wuhong_decisions *d = NULL;
	wuhong_decisions_new(&d, err);
	return d;
}

static wuhong_decisions *wb_decisions_load(const char *path, const char *encoding, wuhong_error *err)
{
	wuhong_decisions *d = NULL;
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encoding;
	wuhong_decisions_load_csv(&d, path, &o, err);
	return d;
}

/* kind: 0 approve, 1 refuse, 2 merge (into the unit `into`) */
static void wb_decisions_add(wuhong_decisions *d, const char *unit, int kind, const char *by, const char *reason,
			     const char *into, wuhong_error *err)
{
	wuhong_decisions_add(d, unit, (wuhong_decision_kind)kind, by, reason, into, err);
}

static size_t wb_decisions_count(const wuhong_decisions *d) { return wuhong_decisions_count(d); }

static wuhong_ledger *wb_ledger_open(const char *path, int readonly, wuhong_error *err)
{
	wuhong_ledger *l = NULL;
	if (readonly)
		wuhong_ledger_open_readonly(&l, path, err);
	else
		wuhong_ledger_open(&l, path, err);
	return l;
}

static wb_review_result *wb_review(wuhong_ledger *l, const char *period, const wuhong_evaluation *ev,
				   const wuhong_decisions *dec, const wuhong_adjustments *adj, int supersede,
				   wuhong_error *err)
{
	wb_review_result *r = calloc(1, sizeof *r);
	if (!r) {
		err->code = WUHONG_ENOMEM;
		snprintf(err->message, sizeof err->message, "out of memory");
		return NULL;
	}
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.decisions = dec;
	o.adjustments = adj;
	o.supersede = supersede;
	if (wuhong_review(&r->rows, &r->replayed, l, period, ev, &o, err)) {
		free(r);
		return NULL;
	}
	return r;
}

static int wb_review_replayed(const wb_review_result *r) { return r->replayed; }
static const wuhong_rows *wb_review_rows(const wb_review_result *r) { return r->rows; }

/* what: 0 periods, 1 payments, 2 totals, 3 history, 4 paid, 5 boards */
static wuhong_rows *wb_ledger_query(wuhong_ledger *l, int what, const char *key, wuhong_error *err)
{
	wuhong_rows *r = NULL;
	wuhong_ledger_query(&r, l, (wuhong_ledger_question)what, key, err);
	return r;
}

static wuhong_rows *wb_ledger_verify(wuhong_ledger *l, wuhong_error *err)
{
	wuhong_rows *r = NULL;
	wuhong_ledger_verify(&r, l, err);
	return r;
}

static wuhong_rows *wb_rotation(const wuhong_policy *p, const char *start, int months, const wuhong_evaluation *optional_ev,
				wuhong_error *err)
{
	wuhong_rows *r = NULL;
	wuhong_rotation(&r, p, start, months, optional_ev, err);
	return r;
}

static size_t wb_rows_count(const wuhong_rows *r) { return wuhong_rows_count(r); }
static size_t wb_rows_columns(const wuhong_rows *r) { return wuhong_rows_columns(r); }
static const char *wb_rows_name(const wuhong_rows *r, size_t c) { return wuhong_rows_name(r, c); }
static const char *wb_rows_cell(const wuhong_rows *r, size_t k, size_t c) { return wuhong_rows_cell(r, k, c); }
static int wb_rows_type(const wuhong_rows *r, size_t k, size_t c) { return (int)wuhong_rows_type(r, k, c); }
static long long wb_rows_int(const wuhong_rows *r, size_t k, size_t c) { return wuhong_rows_int(r, k, c); }
static double wb_rows_double(const wuhong_rows *r, size_t k, size_t c) { return wuhong_rows_double(r, k, c); }

static const char *wb_version(void) { return wuhong_version(); }
%}
