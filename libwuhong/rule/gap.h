/*
 * rule/gap.h — how far one unit is from making one rule true: the failing
 * clauses that compare an indicator with a constant, and by how much each
 * misses. Not installed.
 */
#ifndef WUHONG_RULE_GAP_H
#define WUHONG_RULE_GAP_H

#include "rule/ast.h"
#include "wuhong/gaps.h"

/*
 * Evaluate rule ast for unit u and, when it is not true, record the clauses
 * to close (clause memory from arena): every failing clause of an `and`,
 * the nearest alternative of an `or`. *cost is the sum of the clauses'
 * relative gaps, or INFINITY when some clause cannot be reduced to a gap (a
 * missing value, a yes/no condition, arithmetic on the left); 0 when the
 * rule is true. 0 or WUHONG_ENOMEM.
 */
int rule_gap(wh_arena *arena, const rule_symbols *syms, const rule_ast *ast, const double *const *cols, size_t u,
	     double *cost, wuhong_gap **gaps, size_t *n_gaps);

#endif
