/*
 * rule/gap.c — the gaps of one rule for one unit (rule/gap.h): the rule's
 * nodes evaluated for that unit, then walked from the root, the cheapest way
 * to make each false node true.
 */
#include "rule/gap.h"

#include <math.h>
#include <string.h>

#include "rule/explain.h"
#include "rule/semantics.h"
#include "util/alloc.h"
#include "util/array.h"

typedef struct walker {
	wh_arena *arena;
	const rule_symbols *syms;
	const rule_ast *ast;
	const rule_value *v;
	wuhong_gap *gaps;
	size_t n, cap;
	bool oom;
} walker;

/* Leaf k as a gap: an indicator compared with a constant, or why it is not one. */
static double add_leaf(walker *w, int k)
{
	const rule_node *x = &w->ast->nodes[k];
	if (w->oom || !wh_grow((void **)&w->gaps, &w->cap, w->n, sizeof *w->gaps)) {
		w->oom = true;
		return INFINITY;
	}
	wuhong_gap *g = &w->gaps[w->n++];
	memset(g, 0, sizeof *g);
	g->verdict = (wuhong_verdict)w->v[k].tri;
	g->actual = g->threshold = g->gap = g->relative = NAN;
	g->clause = wh_arena_strndup(w->arena, w->ast->text + x->start, (size_t)(x->end - x->start));
	if (!g->clause)
		w->oom = true;
	int a = -1, b = -1, ind = -1;
	rule_kind kind = x->kind;
	bool comparison = rule_op_text(kind) && w->ast->nodes[x->a].type == RT_NUMBER;
	if (comparison)
		rule_comparison(w->ast, k, &kind, &a, &b); /* "12 <= x" is "x >= 12" */
	if (comparison && w->ast->nodes[a].kind == RK_NAME && w->ast->nodes[b].kind == RK_NUM)
		ind = w->ast->nodes[a].indicator;
	else if (x->kind == RK_NAME)
		ind = x->indicator;
	rule_symbol_names(w->syms, ind, &g->indicator, &g->label, &g->unit);
	if (w->v[k].tri == TRI_UNKNOWN) {
		g->why = "a value it needs is missing";
		g->why_zh = "所需数值缺失";
		return INFINITY;
	}
	if (!(comparison && w->ast->nodes[a].kind == RK_NAME && w->ast->nodes[b].kind == RK_NUM) || kind == RK_NE) {
		g->why = x->kind == RK_NAME ? "a yes/no condition" : "not one indicator compared with a constant";
		g->why_zh = x->kind == RK_NAME ? "是否类条件" : "不是单个指标与常数的比较";
		return INFINITY;
	}
	double actual = w->v[a].num, limit = w->ast->nodes[b].num;
	g->op = rule_op_text(kind);
	g->actual = actual;
	g->threshold = limit;
	g->gap = kind == RK_GE || kind == RK_GT ? limit - actual : kind == RK_LE || kind == RK_LT ? actual - limit
											  : fabs(actual - limit);
	g->gap = round(g->gap * 1e9) / 1e9; /* 12 - 11.7 is 0.3, not 0.29999999999999893 */
	g->relative = limit != 0 ? g->gap / fabs(limit) : g->gap;
	return g->relative;
}

/* The cost of making node k true, recording the gaps that do it. */
static double walk(walker *w, int k)
{
	const rule_node *x = &w->ast->nodes[k];
	if (w->v[k].tri == TRI_TRUE)
		return 0;
	if (x->kind == RK_AND) {
		double a = walk(w, x->a);
		return a + walk(w, x->b);
	}
	if (x->kind == RK_OR) { /* the nearer alternative, its gaps alone */
		size_t mark = w->n;
		double a = walk(w, x->a);
		size_t after_a = w->n;
		double b = walk(w, x->b);
		if (w->oom)
			return INFINITY;
		if (b < a) { /* keep b's gaps: move them over a's */
			memmove(&w->gaps[mark], &w->gaps[after_a], (w->n - after_a) * sizeof *w->gaps);
			w->n = mark + (w->n - after_a);
			return b;
		}
		w->n = after_a;
		return a;
	}
	return add_leaf(w, k);
}

int rule_gap(wh_arena *arena, const rule_symbols *syms, const rule_ast *ast, const double *const *cols, size_t u,
	     double *cost, wuhong_gap **gaps, size_t *n_gaps)
{
	rule_value *v = wh_malloc((size_t)ast->n_nodes * sizeof *v);
	if (!v)
		return WUHONG_ENOMEM;
	rule_eval_nodes(ast, cols, u, v);
	walker w = { arena, syms, ast, v, NULL, 0, 0, false };
	*cost = walk(&w, ast->root);
	int rc = w.oom ? WUHONG_ENOMEM : 0;
	*gaps = NULL;
	*n_gaps = 0;
	if (!rc && w.n) {
		*gaps = wh_arena_alloc(arena, w.n * sizeof **gaps);
		if (*gaps) {
			memcpy(*gaps, w.gaps, w.n * sizeof **gaps);
			*n_gaps = w.n;
		} else {
			rc = WUHONG_ENOMEM;
		}
	}
	wh_free(w.gaps);
	wh_free(v);
	return rc;
}
