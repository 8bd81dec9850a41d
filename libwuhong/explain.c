/*
 * explain.c — why a unit got its flags: every criterion and veto, with the
 * clauses that decided it, built on demand for one unit.
 *
 * The rule's nodes are evaluated again for that unit alone, with the same
 * scalar functions as the block loops (rule-ast.h). Nodes are stored
 * children-first, so one pass in index order computes them all.
 */
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "wuhong/money.h"

struct wuhong_explanation {
	wh_arena arena;
	wuhong_reason *reasons;
	size_t n;
	char *text;
};

typedef struct xval {
	double num;
	uint8_t tri;
} xval;

static void eval_nodes(const rule_ast *ast, const double *const *cols, size_t u, xval *v)
{
	for (int k = 0; k < ast->n_nodes; k++) {
		const rule_node *x = &ast->nodes[k];
		const xval *a = x->a >= 0 ? &v[x->a] : NULL;
		const xval *b = x->b >= 0 ? &v[x->b] : NULL;
		bool bool_args = x->a >= 0 && ast->nodes[x->a].type == RT_BOOL;
		xval r = { NAN, TRI_UNKNOWN };
		switch (x->kind) {
		case RK_NUM: r.num = x->num; break;
		case RK_BOOL: r.tri = x->num ? TRI_TRUE : TRI_FALSE; break;
		case RK_NAME: {
			double val = cols[x->indicator] ? cols[x->indicator][u] : NAN;
			r.num = val;
			r.tri = sem_bool_value(val);
			break;
		}
		case RK_NEG: r.num = -a->num; break;
		case RK_ABS: r.num = fabs(a->num); break;
		case RK_NOT: r.tri = sem_not(a->tri); break;
		case RK_MISSING:
			r.tri = (bool_args ? a->tri == TRI_UNKNOWN : isnan(a->num)) ? TRI_TRUE : TRI_FALSE;
			break;
		case RK_ADD: r.num = a->num + b->num; break;
		case RK_SUB: r.num = a->num - b->num; break;
		case RK_MUL: r.num = a->num * b->num; break;
		case RK_DIV: r.num = sem_div(a->num, b->num); break;
		case RK_MIN: r.num = sem_min(a->num, b->num); break;
		case RK_MAX: r.num = sem_max(a->num, b->num); break;
		case RK_COALESCE:
			if (bool_args)
				r.tri = a->tri == TRI_UNKNOWN ? b->tri : a->tri;
			else
				r.num = isnan(a->num) ? b->num : a->num;
			break;
		case RK_EQ: case RK_NE:
			if (bool_args) {
				r.tri = sem_bool_eq(a->tri, b->tri, x->kind == RK_NE);
				break;
			}
			/* fall through */
		case RK_LT: case RK_LE: case RK_GT: case RK_GE:
			r.tri = sem_cmp(x->kind, a->num, b->num);
			break;
		case RK_AND: r.tri = sem_and(a->tri, b->tri); break;
		case RK_OR: r.tri = sem_or(a->tri, b->tri); break;
		}
		v[k] = r;
	}
}

typedef struct collector {
	wh_arena *arena;
	const rule_symbols *syms;
	const rule_ast *ast;
	const xval *v;
	wuhong_clause *clauses;
	size_t n, cap;
	bool oom;
} collector;

static void add_clause(collector *c, int k)
{
	if (c->oom || !wh_grow((void **)&c->clauses, &c->cap, c->n, sizeof *c->clauses)) {
		c->oom = true;
		return;
	}
	const rule_node *x = &c->ast->nodes[k];
	wuhong_clause *cl = &c->clauses[c->n++];
	memset(cl, 0, sizeof *cl);
	cl->verdict = (wuhong_verdict)c->v[k].tri;
	cl->actual = cl->threshold = NAN;
	cl->text = wh_arena_strndup(c->arena, c->ast->text + x->start, (size_t)(x->end - x->start));
	if (!cl->text)
		c->oom = true;
	int ind = -1;
	const char *op = rule_op_text(x->kind);
	if (op && c->ast->nodes[x->a].type == RT_NUMBER) {
		int a = x->a, b = x->b;
		rule_kind kind = x->kind;
		/* "12 <= x" reads better as "x >= 12" */
		if (c->ast->nodes[a].kind == RK_NUM && c->ast->nodes[b].kind != RK_NUM) {
			int t = a;
			a = b, b = t;
			kind = kind == RK_LT ? RK_GT : kind == RK_LE ? RK_GE : kind == RK_GT ? RK_LT :
			       kind == RK_GE ? RK_LE : kind;
		}
		cl->op = rule_op_text(kind);
		cl->actual = c->v[a].num;
		cl->threshold = c->v[b].num;
		if (c->ast->nodes[a].kind == RK_NAME)
			ind = c->ast->nodes[a].indicator;
	} else if (x->kind == RK_NAME) {
		cl->actual = c->v[k].num;
		ind = x->indicator;
	} else if (x->kind == RK_MISSING && c->ast->nodes[x->a].kind == RK_NAME) {
		cl->actual = c->v[x->a].num;
		ind = c->ast->nodes[x->a].indicator;
	}
	/* verdict symbols of list rules (passed(k), ...) speak for themselves */
	if (ind >= 0 && (size_t)ind < c->syms->count) {
		cl->indicator = c->syms->keys[ind];
		cl->label = c->syms->labels ? c->syms->labels[ind] : NULL;
		cl->unit = c->syms->units ? c->syms->units[ind] : NULL;
	}
}

/* The clauses that decided node k's value (see docs/policy.md, "Reasons"). */
static void collect(collector *c, int k)
{
	const rule_node *x = &c->ast->nodes[k];
	uint8_t v = c->v[k].tri;
	if (x->kind == RK_NOT) {
		collect(c, x->a);
		return;
	}
	if (x->kind != RK_AND && x->kind != RK_OR) {
		add_clause(c, k);
		return;
	}
	uint8_t va = c->v[x->a].tri, vb = c->v[x->b].tri;
	/* the value that settles it alone: false for and, true for or */
	uint8_t settles = x->kind == RK_AND ? TRI_FALSE : TRI_TRUE;
	if (v == settles) {
		collect(c, va == settles ? x->a : x->b);
	} else if (v == TRI_UNKNOWN) {
		if (va == TRI_UNKNOWN)
			collect(c, x->a);
		if (vb == TRI_UNKNOWN)
			collect(c, x->b);
	} else {
		collect(c, x->a);
		collect(c, x->b);
	}
}

int ev_explain_rule(wh_arena *arena, const rule_symbols *syms, const rule_ast *ast, const double *const *cols,
		    size_t u, wuhong_reason *r)
{
	xval *v = wh_malloc((size_t)ast->n_nodes * sizeof *v);
	if (!v)
		return WUHONG_ENOMEM;
	eval_nodes(ast, cols, u, v);
	collector c = { arena, syms, ast, v, NULL, 0, 0, false };
	collect(&c, ast->root);
	int rc = c.oom ? WUHONG_ENOMEM : 0;
	wuhong_clause *copy = NULL;
	if (!rc && c.n) {
		copy = wh_arena_alloc(arena, c.n * sizeof *copy);
		if (copy)
			memcpy(copy, c.clauses, c.n * sizeof *copy);
		else
			rc = WUHONG_ENOMEM;
	}
	r->verdict = (wuhong_verdict)v[ast->root].tri;
	r->clauses = copy;
	r->n_clauses = rc ? 0 : c.n;
	wh_free(c.clauses);
	wh_free(v);
	return rc;
}

static const char *verdict_word(wuhong_verdict v)
{
	return v == WUHONG_PASS ? "pass" : v == WUHONG_FAIL ? "fail" : "missing";
}

static void format_clause(wh_buf *b, const wuhong_clause *cl)
{
	char actual[48], threshold[48];
	wh_format_number(actual, sizeof actual, cl->actual);
	wh_format_number(threshold, sizeof threshold, cl->threshold);
	wh_buf_printf(b, "      - %s", cl->text);
	if (cl->indicator && cl->label)
		wh_buf_printf(b, "   [%s %s", cl->indicator, cl->label);
	else if (cl->indicator)
		wh_buf_printf(b, "   [%s", cl->indicator);
	if (cl->indicator) {
		wh_buf_printf(b, " = %s%s%s]", actual, cl->unit && !isnan(cl->actual) ? " " : "",
			      cl->unit && !isnan(cl->actual) ? cl->unit : "");
	} else if (cl->op) {
		wh_buf_printf(b, "   [left side = %s]", actual);
	}
	if (cl->op)
		wh_buf_printf(b, " needs %s %s", cl->op, threshold);
	wh_buf_printf(b, " -> %s\n", cl->verdict == WUHONG_PASS ? "true" : cl->verdict == WUHONG_FAIL ? "false" : "unknown (missing)");
}

static char *format_text(const wuhong_evaluation *ev, size_t u, const wuhong_explanation *x)
{
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	wh_buf b = { 0 };
	char yuan[32], mask[WUHONG_CRITERIA + 1];
	for (int c = 0; c < WUHONG_CRITERIA; c++)
		mask[c] = (ev->pass[u] >> c) & 1 ? '1' : '0';
	mask[WUHONG_CRITERIA] = '\0';
	wh_buf_printf(&b, "%s %s — %s %s, %s\n", ev->ds->ids[u], ev->ds->names[u], s->key,
		      s->label ? s->label : "", wuhong_dataset_unit_town(ev->ds, u));
	wh_buf_printf(&b, "  flags %u/%d (%s), tier %u%s%s, award %s yuan\n", ev->flags[u], WUHONG_CRITERIA, mask,
		      ev->tier[u], ev->tier[u] ? " " : "", wuhong_policy_tier_name(p, ev->tier[u]),
		      wuhong_format_yuan(yuan, sizeof yuan, ev->amount[u]));
	if (ev->veto[u])
		wh_buf_puts(&b, "  no tier: vetoed (一票否决)\n");
	else if (s->prereq_bit >= 0 && !((ev->pass[u] >> s->prereq_bit) & 1) && ev->flags[u] > 0)
		wh_buf_printf(&b, "  no tier: the prerequisite %s (%s) is not passed\n", s->criteria[s->prereq_bit].key,
			      s->criteria[s->prereq_bit].label ? s->criteria[s->prereq_bit].label : "");
	for (size_t k = 0; k < x->n; k++) {
		const wuhong_reason *r = &x->reasons[k];
		if (r->is_veto)
			wh_buf_printf(&b, "  [veto %s] %s %s: %s\n",
				      r->verdict == WUHONG_PASS ? "APPLIES" : r->verdict == WUHONG_FAIL ? "no" :
				      "unknown, reported, does not veto", r->key, r->label ? r->label : "", r->rule);
		else
			wh_buf_printf(&b, "  [%s] %s %s: %s\n", verdict_word(r->verdict), r->key, r->label ? r->label : "",
				      r->rule);
		for (size_t c = 0; c < r->n_clauses; c++)
			format_clause(&b, &r->clauses[c]);
	}
	return wh_buf_steal(&b);
}

int wuhong_evaluation_explain(wuhong_explanation **out, const wuhong_evaluation *ev, size_t u,
			      wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_explain: NULL argument");
	*out = NULL;
	if (u >= ev->n)
		return wh_error(err, WUHONG_EINVAL, "unit index %zu is past the end (%zu units)", u, ev->n);
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	wuhong_explanation *x = wh_calloc(1, sizeof *x);
	if (!x)
		return wh_error_oom(err);
	x->reasons = wh_calloc(WUHONG_CRITERIA + (size_t)s->n_vetoes, sizeof *x->reasons);
	int rc = x->reasons ? 0 : WUHONG_ENOMEM;
	for (int c = 0; c < WUHONG_CRITERIA && !rc; c++) {
		wuhong_reason *r = &x->reasons[x->n++];
		r->index = (size_t)c;
		r->key = s->criteria[c].key;
		r->label = s->criteria[c].label;
		r->rule = s->criteria[c].rule;
		rc = ev_explain_rule(&x->arena, &p->syms, &s->criteria[c].ast, ev->cols, u, r);
	}
	for (int k = 0; k < s->n_vetoes && !rc; k++) {
		const pol_veto *v = &p->def.vetoes[s->veto_index[k]];
		wuhong_reason *r = &x->reasons[x->n++];
		r->is_veto = 1;
		r->index = (size_t)s->veto_index[k];
		r->key = v->key;
		r->label = v->label;
		r->rule = v->rule;
		rc = ev_explain_rule(&x->arena, &p->syms, &v->ast, ev->cols, u, r);
	}
	if (!rc && !(x->text = format_text(ev, u, x)))
		rc = WUHONG_ENOMEM;
	if (rc) {
		wuhong_explanation_free(x);
		return wh_error_oom(err);
	}
	*out = x;
	return 0;
}

size_t wuhong_explanation_count(const wuhong_explanation *x)
{
	return x ? x->n : 0;
}

const wuhong_reason *wuhong_explanation_reason(const wuhong_explanation *x, size_t k)
{
	return x && k < x->n ? &x->reasons[k] : NULL;
}

const char *wuhong_explanation_text(const wuhong_explanation *x)
{
	return x ? x->text : "";
}

void wuhong_explanation_free(wuhong_explanation *x)
{
	if (!x)
		return;
	wh_free(x->reasons);
	wh_free(x->text);
	wh_arena_free(&x->arena);
	wh_free(x);
}
