/*
 * lists.c — the red and black boards (红黑榜) of an evaluation: run each
 * list's rules over every unit, order the matches (sector, then the list's
 * order symbol, then id), apply the limit, and write each entry's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "wuhong/lists.h"

struct wuhong_lists {
	wh_arena arena;
	wuhong_list_entry *entries[2];
	size_t n[2];
};

/* Columns of every list symbol that some list uses (see policy-lists.c). */
typedef struct list_cols {
	const double **cols;
	double **owned;
	size_t total;
} list_cols;

static void list_cols_free(list_cols *lc)
{
	for (size_t i = 0; lc->owned && i < lc->total; i++)
		wh_free(lc->owned[i]);
	wh_free(lc->owned);
	wh_free(lc->cols);
}

static double result_value(const wuhong_evaluation *ev, const list_context *ctx, int r, size_t i)
{
	if (r >= LS_PROMOTED && !ctx)
		return NAN; /* transitions are unknown without a ledger */
	switch (r) {
	case LS_PROMOTED: return ctx->promoted[i];
	case LS_DEMOTED: return ctx->demoted[i];
	case LS_STRIPPED: return ctx->stripped[i];
	case LS_PERIODS_HELD: return ctx->periods_held[i];
	case LS_FLAGS_ROSE: return ctx->flags_rose[i];
	case LS_TIER: return ev->tier[i];
	case LS_FLAGS: return ev->flags[i];
	case LS_VETOED: return ev->veto[i] != 0;
	case LS_VETO_UNKNOWN: return ev->veto_unknown[i] != 0;
	case LS_MISSING_COUNT: return __builtin_popcount(ev->miss[i]);
	default: return (double)ev->amount[i] / 100.0; /* yuan */
	}
}

static int build_cols(const wuhong_evaluation *ev, const list_context *ctx, list_cols *lc, wuhong_error *err)
{
	const wuhong_policy *p = ev->policy;
	const rule_symbols *ls = &p->list_syms;
	size_t n_ind = p->def.n_indicators, n = ev->n;
	lc->total = ls->count + 3 * ls->n_criteria;
	lc->cols = wh_calloc(lc->total, sizeof *lc->cols);
	lc->owned = wh_calloc(lc->total, sizeof *lc->owned);
	if (!lc->cols || !lc->owned)
		return wh_error_oom(err);
	for (size_t s = 0; s < lc->total; s++) {
		if (!p->list_used[s])
			continue;
		if (s < n_ind) {
			if (!ev->cols[s]) {
				wh_error(err, WUHONG_EDATA, "the data has no column '%s', which a list rule uses",
					 p->def.indicators[s].key);
				wh_error_set_field(err, p->def.indicators[s].key);
				return WUHONG_EDATA;
			}
			lc->cols[s] = ev->cols[s];
			continue;
		}
		double *col = lc->owned[s] = wh_malloc((n ? n : 1) * sizeof *col);
		if (!col)
			return wh_error_oom(err);
		lc->cols[s] = col;
		if (s < ls->count) {
			for (size_t i = 0; i < n; i++)
				col[i] = result_value(ev, ctx, (int)(s - n_ind), i);
			continue;
		}
		/* passed(k) / failed(k) / unknown(k); false where the sector lacks k */
		size_t k = (s - ls->count) / 3;
		wuhong_verdict want = (s - ls->count) % 3 == 0 ? WUHONG_PASS :
				      (s - ls->count) % 3 == 1 ? WUHONG_FAIL : WUHONG_MISSING;
		for (size_t i = 0; i < n; i++) {
			int c = p->crit_of[ev->sector[i] * ls->n_criteria + k];
			col[i] = c >= 0 && wuhong_evaluation_verdict(ev, i, (size_t)c) == want;
		}
	}
	return 0;
}

typedef struct sort_item {
	size_t unit;
	uint32_t rules;
	uint8_t sector;
	uint16_t town;
	double key;       /* already negated for descending order; NaN sorts last */
	const char *id;
	bool keep;
} sort_item;

static int cmp_key_id(const sort_item *a, const sort_item *b)
{
	bool na = isnan(a->key), nb = isnan(b->key);
	if (na != nb)
		return na ? 1 : -1;
	if (!na && a->key != b->key)
		return a->key < b->key ? -1 : 1;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->unit < b->unit ? -1 : a->unit > b->unit);
}

static int by_sector(const void *x, const void *y)
{
	const sort_item *a = x, *b = y;
	if (a->sector != b->sector)
		return a->sector < b->sector ? -1 : 1;
	return cmp_key_id(a, b);
}

static int by_town(const void *x, const void *y)
{
	const sort_item *a = x, *b = y;
	if (a->town != b->town)
		return a->town < b->town ? -1 : 1;
	return cmp_key_id(a, b);
}

static void format_clause(wh_buf *b, const wuhong_clause *cl)
{
	char v[48];
	wh_format_number(v, sizeof v, cl->actual);
	const char *truth = cl->verdict == WUHONG_PASS ? "true" : cl->verdict == WUHONG_FAIL ? "false" : "unknown";
	if (cl->indicator && cl->op)
		wh_buf_printf(b, "%s [%s%s%s = %s%s%s]", cl->text, cl->indicator, cl->label ? " " : "",
			      cl->label ? cl->label : "", v, cl->unit && !isnan(cl->actual) ? " " : "",
			      cl->unit && !isnan(cl->actual) ? cl->unit : "");
	else if (cl->indicator)
		wh_buf_printf(b, "%s [%s%s%s: %s]", cl->text, cl->indicator, cl->label ? " " : "",
			      cl->label ? cl->label : "", truth);
	else
		wh_buf_printf(b, "%s is %s", cl->text, truth);
}

static const char *reason_text(wuhong_lists *L, const wuhong_evaluation *ev, const pol_list *l,
			       const list_cols *lc, const sort_item *it)
{
	wh_buf b = { 0 };
	bool first = true;
	for (size_t r = 0; r < l->n_rules; r++) {
		if (!((it->rules >> r) & 1))
			continue;
		wuhong_reason reason = { 0 };
		if (rule_explain(&L->arena, &ev->policy->list_syms, &l->rules[r].ast, lc->cols, it->unit, &reason)) {
			wh_buf_free(&b);
			return NULL;
		}
		wh_buf_printf(&b, "%s%s%s%s: ", first ? "" : "; ", l->rules[r].key, l->rules[r].label ? " " : "",
			      l->rules[r].label ? l->rules[r].label : "");
		for (size_t c = 0; c < reason.n_clauses; c++) {
			if (c)
				wh_buf_puts(&b, ", ");
			format_clause(&b, &reason.clauses[c]);
		}
		first = false;
	}
	const char *text = wh_buf_text(&b) ? wh_arena_strdup(&L->arena, wh_buf_text(&b)) : NULL;
	wh_buf_free(&b);
	return text;
}

/* The relation that holds: op when the clause is true, its opposite when false; in Chinese. */
static const char *relation_zh(const char *op, bool holds)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	static const char *const zh[] = { "低于", "不高于", "高于", "不低于", "等于", "不等于" };
	static const int opposite[] = { 3, 2, 1, 0, 5, 4 };
	for (int k = 0; k < 6; k++)
		if (strcmp(op, ops[k]) == 0)
			return zh[holds ? k : opposite[k]];
	return op;
}

/* "主题党日活动 10 次/年，低于 12" (a comparison), "年检合格：否" (a boolean), or the clause as written. */
static void clause_zh(wh_buf *b, const wuhong_clause *cl, bool holds)
{
	char v[48], t[48];
	const char *name = cl->label ? cl->label : cl->indicator;
	if (cl->indicator && cl->op && isnan(cl->actual)) {
		wh_buf_printf(b, "%s 缺失", name);
	} else if (cl->indicator && cl->op) {
		wh_format_number(v, sizeof v, cl->actual);
		wh_format_number(t, sizeof t, cl->threshold);
		bool tight = cl->unit && strcmp(cl->unit, "%") == 0;
		wh_buf_printf(b, "%s %s%s%s，%s %s", name, v, cl->unit && !tight ? " " : "", cl->unit ? cl->unit : "",
			      relation_zh(cl->op, holds), t);
	} else if (cl->indicator) {
		wh_buf_printf(b, "%s：%s", name, cl->verdict == WUHONG_MISSING ? "缺失" : cl->verdict == WUHONG_PASS ? "是" : "否");
	} else {
		wh_buf_puts(b, cl->text);
	}
}

/*
 * The Chinese reason of an entry: each matched rule's label, then why, from
 * the policy's labels — for passed(c), the clauses of criterion c that
 * failed; for vetoed, the vetoes that apply; for a comparison, the value
 * and the threshold.
 */
static const char *reason_zh_text(wuhong_lists *L, const wuhong_evaluation *ev, const pol_list *l,
				  const list_cols *lc, const sort_item *it)
{
	wh_buf b = { 0 };
	wuhong_explanation *x = NULL; /* the unit's, when a rule needs it */
	bool first = true, failed = false;
	for (size_t r = 0; r < l->n_rules && !failed; r++) {
		if (!((it->rules >> r) & 1))
			continue;
		wuhong_reason reason = { 0 };
		if (rule_explain(&L->arena, &ev->policy->list_syms, &l->rules[r].ast, lc->cols, it->unit, &reason)) {
			failed = true;
			break;
		}
		wh_buf_printf(&b, "%s%s", first ? "" : "。", l->rules[r].label ? l->rules[r].label : l->rules[r].key);
		const char *sep = "：";
		for (size_t c = 0; c < reason.n_clauses; c++) {
			const wuhong_clause *cl = &reason.clauses[c];
			char crit[64] = "";
			bool passed_of = sscanf(cl->text, "passed(%63[^)])", crit) == 1, vetoed = strcmp(cl->text, "vetoed") == 0;
			if ((passed_of || vetoed) && !x && wuhong_evaluation_explain(&x, ev, it->unit, NULL)) {
				failed = true;
				break;
			}
			if (passed_of || vetoed) { /* the criterion's failing clauses, or the vetoes that apply */
				for (size_t k = 0; k < wuhong_explanation_count(x); k++) {
					const wuhong_reason *why = wuhong_explanation_at(x, k);
					if (vetoed ? !(why->is_veto && why->verdict == WUHONG_PASS)
						   : why->is_veto || strcmp(why->key, crit) != 0)
						continue;
					if (vetoed) {
						wh_buf_printf(&b, "%s%s", sep, why->label ? why->label : why->key);
						sep = "；";
						continue;
					}
					for (size_t j = 0; j < why->n_clauses; j++)
						if (why->clauses[j].verdict != WUHONG_PASS) {
							wh_buf_puts(&b, sep);
							clause_zh(&b, &why->clauses[j], false);
							sep = "；";
						}
				}
			} else if (strncmp(cl->text, "tier", 4) == 0 || strcmp(cl->text, "flags_rose") == 0 ||
				   cl->indicator == NULL) {
				continue; /* the label says it (五面红旗示范单位, 红旗数增加) */
			} else {
				wh_buf_puts(&b, sep);
				clause_zh(&b, cl, cl->verdict == WUHONG_PASS);
				sep = "；";
			}
		}
		first = false;
	}
	wuhong_explanation_free(x);
	const char *text = !failed && wh_buf_text(&b) ? wh_arena_strdup(&L->arena, wh_buf_text(&b)) : NULL;
	wh_buf_free(&b);
	return text;
}

static int build_list(wuhong_lists *L, const wuhong_evaluation *ev, int k, const list_cols *lc, vm_scratch *scr,
		      wuhong_error *err)
{
	const pol_list *l = &ev->policy->def.lists[k];
	size_t n = ev->n;
	sort_item *items = wh_malloc((n ? n : 1) * sizeof *items);
	if (!items)
		return wh_error_oom(err);
	size_t m = 0;
	const double *order = lc->cols[l->order_symbol];
	for (size_t base = 0; base < n; base += VM_BLOCK) {
		int len = (int)(n - base < VM_BLOCK ? n - base : VM_BLOCK);
		vm_run(&l->program, scr, lc->cols, base, NULL, NULL, len);
		for (int j = 0; j < len; j++) {
			uint32_t mask = 0;
			for (size_t r = 0; r < l->n_rules; r++)
				mask |= (uint32_t)(vm_output(&l->program, scr, (int)r)[j] == TRI_TRUE) << r;
			if (!mask)
				continue;
			size_t u = base + (size_t)j;
			items[m++] = (sort_item){ u, mask, ev->sector[u], ev->town[u],
						  l->ascending ? order[u] : -order[u], ev->ds->ids[u], true };
		}
	}
	if (l->limit_per != WUHONG_LIMIT_NONE && l->limit) {
		qsort(items, m, sizeof *items, l->limit_per == WUHONG_LIMIT_PER_TOWN ? by_town : by_sector);
		size_t run = 0;
		for (size_t i = 0; i < m; i++) {
			bool same = i && (l->limit_per == WUHONG_LIMIT_PER_TOWN ? items[i].town == items[i - 1].town
									: items[i].sector == items[i - 1].sector);
			run = same ? run + 1 : 1;
			items[i].keep = run <= l->limit;
		}
		size_t kept = 0;
		for (size_t i = 0; i < m; i++)
			if (items[i].keep)
				items[kept++] = items[i];
		m = kept;
	}
	qsort(items, m, sizeof *items, by_sector);
	wuhong_list_entry *entries = wh_arena_alloc(&L->arena, (m ? m : 1) * sizeof *entries);
	int rc = entries ? 0 : wh_error_oom(err);
	for (size_t i = 0; i < m && !rc; i++) {
		entries[i] = (wuhong_list_entry){ items[i].unit, i + 1, items[i].rules, NULL, NULL };
		if (!(entries[i].reason = reason_text(L, ev, l, lc, &items[i])) ||
		    !(entries[i].reason_zh = reason_zh_text(L, ev, l, lc, &items[i])))
			rc = wh_error_oom(err);
	}
	wh_free(items);
	if (!rc) {
		L->entries[k] = entries;
		L->n[k] = m;
	}
	return rc;
}

int wuhong_evaluation_lists(wuhong_lists **out, const wuhong_evaluation *ev, wuhong_error *err)
{
	return lists_build(out, ev, NULL, err);
}

int lists_build(wuhong_lists **out, const wuhong_evaluation *ev, const list_context *ctx, wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_lists: NULL argument");
	*out = NULL;
	wuhong_lists *L = wh_calloc(1, sizeof *L);
	if (!L)
		return wh_error_oom(err);
	list_cols lc = { 0 };
	vm_scratch scr = { 0 };
	int rc = build_cols(ev, ctx, &lc, err);
	if (!rc && vm_scratch_init(&scr, ev->policy->max_regs))
		rc = wh_error_oom(err);
	for (int k = 0; k < 2 && !rc; k++)
		if (ev->policy->def.lists[k].declared)
			rc = build_list(L, ev, k, &lc, &scr, err);
	vm_scratch_free(&scr);
	list_cols_free(&lc);
	if (rc) {
		wuhong_lists_free(L);
		return rc;
	}
	*out = L;
	return 0;
}

void wuhong_lists_free(wuhong_lists *l)
{
	if (!l)
		return;
	wh_arena_free(&l->arena);
	wh_free(l);
}

size_t wuhong_lists_count(const wuhong_lists *l, wuhong_list_kind list)
{
	return l && (list == WUHONG_RED_LIST || list == WUHONG_BLACK_LIST) ? l->n[list] : 0;
}

const wuhong_list_entry *wuhong_lists_at(const wuhong_lists *l, wuhong_list_kind list, size_t k)
{
	if (!l || (list != WUHONG_RED_LIST && list != WUHONG_BLACK_LIST) || k >= l->n[list])
		return NULL;
	return &l->entries[list][k];
}
