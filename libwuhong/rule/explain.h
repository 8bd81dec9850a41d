/*
 * rule/explain.h — one rule explained for one unit: its verdict and the
 * clauses that decided it. Not installed.
 */
#ifndef WUHONG_RULE_EXPLAIN_H
#define WUHONG_RULE_EXPLAIN_H

#include "rule/ast.h"
#include "rule/semantics.h"
#include "wuhong/evaluation.h"

/* Every node's value for unit u alone (nodes are stored children first); cols[i] is
 * symbol i's column. The explainer and the gap finder (rule/gap.c) share it. */
void rule_eval_nodes(const rule_ast *ast, const double *const *cols, size_t u, rule_value *v);

/* Comparison node k read with the constant on the right ("12 <= x" as "x >= 12"):
 * its kind, left and right nodes. */
void rule_comparison(const rule_ast *ast, int k, rule_kind *kind, int *left, int *right);

/* Symbol ind's key, label and unit (NULL past the indicators, e.g. a list rule's passed(k)). */
void rule_symbol_names(const rule_symbols *syms, int ind, const char **key, const char **label, const char **unit);

/*
 * Evaluate rule ast for unit u alone and record its verdict and deciding
 * clauses in r (clause memory from arena). syms names the rule's symbols;
 * cols[i] is symbol i's column. 0 or WUHONG_ENOMEM.
 */
int rule_explain(wh_arena *arena, const rule_symbols *syms, const rule_ast *ast, const double *const *cols, size_t u,
		 wuhong_reason *r);

#endif
