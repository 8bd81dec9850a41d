/*
 * rule/explain.c — why one rule gave one unit its verdict: the rule's
 * nodes evaluated again for that unit alone, and the clauses that decided
 * it, with their actual values and thresholds (rule/explain.h).
 */
#include "rule/explain.h"

#include <math.h>
#include <string.h>

#include "rule/semantics.h"
#include "util/alloc.h"
#include "util/array.h"

/* Every node's value for unit u: leaves read the columns, operators go
 * through the one scalar definition (rule/semantics.h). Nodes are stored
 * children-first, so one pass in index order computes them all. */
void rule_eval_nodes(const rule_ast *ast, const double *const *cols, size_t u, rule_value *v)
{
	for (int k = 0; k < ast->n_nodes; k++) {
		const rule_node *x = &ast->nodes[k];
		rule_value r = { NAN, TRI_UNKNOWN };
		switch (x->kind) {
		case RK_NUM: r.num = x->num; break;
		case RK_BOOL: r.tri = x->num ? TRI_TRUE : TRI_FALSE; break;
		case RK_NAME: {
			double val = cols[x->indicator] ? cols[x->indicator][u] : NAN;
			r.num = val;
			r.tri = sem_bool_value(val);
			break;
		}
		default: {
			rule_value none = { NAN, TRI_UNKNOWN };
			r = sem_node(x->kind, ast->nodes[x->a].type, v[x->a], x->b >= 0 ? v[x->b] : none);
			break;
		}
		}
		v[k] = r;
	}
}

void rule_comparison(const rule_ast *ast, int k, rule_kind *kind, int *left, int *right)
{
	const rule_node *x = &ast->nodes[k];
	*kind = x->kind, *left = x->a, *right = x->b;
	if (ast->nodes[x->a].kind == RK_NUM && ast->nodes[x->b].kind != RK_NUM) {
		*left = x->b, *right = x->a;
		*kind = x->kind == RK_LT ? RK_GT : x->kind == RK_LE ? RK_GE : x->kind == RK_GT ? RK_LT :
			x->kind == RK_GE ? RK_LE : x->kind;
	}
}

void rule_symbol_names(const rule_symbols *syms, int ind, const char **key, const char **label, const char **unit)
{
	*key = *label = *unit = NULL;
	if (ind < 0 || (size_t)ind >= syms->count)
		return;
	*key = syms->keys[ind];
	*label = syms->labels ? syms->labels[ind] : NULL;
	*unit = syms->units ? syms->units[ind] : NULL;
}

typedef struct collector {
	wh_arena *arena;
	const rule_symbols *syms;
	const rule_ast *ast;
	const rule_value *v;
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
		int a, b;
		rule_kind kind;
		rule_comparison(c->ast, k, &kind, &a, &b); /* "12 <= x" reads better as "x >= 12" */
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
	rule_symbol_names(c->syms, ind, &cl->indicator, &cl->label, &cl->unit);
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

int rule_explain(wh_arena *arena, const rule_symbols *syms, const rule_ast *ast, const double *const *cols,
		    size_t u, wuhong_reason *r)
{
	rule_value *v = wh_malloc((size_t)ast->n_nodes * sizeof *v);
	if (!v)
		return WUHONG_ENOMEM;
	rule_eval_nodes(ast, cols, u, v);
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

