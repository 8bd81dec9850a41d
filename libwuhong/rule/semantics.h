/*
 * rule/semantics.h — the one definition of what every operator means on
 * scalars, three-valued logic included. The constant folder (rule/vm.c)
 * and the explainer (rule/explain.c) both compute through sem_node, and
 * the block loops of rule/vm.c are built from the same sem_* functions and
 * tested against it (tests/test-differential.c).
 */
#ifndef WUHONG_RULE_SEMANTICS_H
#define WUHONG_RULE_SEMANTICS_H

#include "rule/ast.h"


static inline double sem_div(double a, double b)
{
	/* Division by zero has no value: the result is missing. */
	return b == 0.0 ? NAN : a / b;
}

static inline double sem_min(double a, double b)
{
	return (isnan(a) || isnan(b)) ? NAN : (a < b ? a : b);
}

static inline double sem_max(double a, double b)
{
	return (isnan(a) || isnan(b)) ? NAN : (a > b ? a : b);
}

static inline uint8_t sem_cmp(rule_kind k, double a, double b)
{
	if (isnan(a) || isnan(b))
		return TRI_UNKNOWN;
	bool r;
	switch (k) {
	case RK_LT: r = a < b; break;
	case RK_LE: r = a <= b; break;
	case RK_GT: r = a > b; break;
	case RK_GE: r = a >= b; break;
	case RK_EQ: r = a == b; break;
	default: r = a != b; break;
	}
	return r ? TRI_TRUE : TRI_FALSE;
}

static inline uint8_t sem_bool_eq(uint8_t a, uint8_t b, bool negate)
{
	if (a == TRI_UNKNOWN || b == TRI_UNKNOWN)
		return TRI_UNKNOWN;
	return ((a == b) != negate) ? TRI_TRUE : TRI_FALSE;
}

static inline uint8_t sem_and(uint8_t a, uint8_t b) { return a < b ? a : b; }
static inline uint8_t sem_or(uint8_t a, uint8_t b) { return a > b ? a : b; }
static inline uint8_t sem_not(uint8_t a) { return (uint8_t)(TRI_TRUE - a); }

static inline uint8_t sem_bool_value(double v)
{
	return isnan(v) ? TRI_UNKNOWN : (v != 0.0 ? TRI_TRUE : TRI_FALSE);
}

/* A node's value: a number (NaN = missing) or a truth value (TRI_*). */
typedef struct rule_value {
	double num;
	uint8_t tri;
} rule_value;

/*
 * The value of an operator node of kind k whose (first) operand has type
 * at, from its operands' values (b is ignored for unary operators).
 * Leaves (numbers, truth values, names) are not operators.
 */
static inline rule_value sem_node(rule_kind k, rule_type at, rule_value a, rule_value b)
{
	rule_value r = { NAN, TRI_UNKNOWN };
	bool bools = at == RT_BOOL;
	switch (k) {
	case RK_NEG: r.num = -a.num; break;
	case RK_ABS: r.num = fabs(a.num); break;
	case RK_NOT: r.tri = sem_not(a.tri); break;
	case RK_MISSING: r.tri = (bools ? a.tri == TRI_UNKNOWN : isnan(a.num)) ? TRI_TRUE : TRI_FALSE; break;
	case RK_ADD: r.num = a.num + b.num; break;
	case RK_SUB: r.num = a.num - b.num; break;
	case RK_MUL: r.num = a.num * b.num; break;
	case RK_DIV: r.num = sem_div(a.num, b.num); break;
	case RK_MIN: r.num = sem_min(a.num, b.num); break;
	case RK_MAX: r.num = sem_max(a.num, b.num); break;
	case RK_COALESCE:
		if (bools)
			r.tri = a.tri == TRI_UNKNOWN ? b.tri : a.tri;
		else
			r.num = isnan(a.num) ? b.num : a.num;
		break;
	case RK_EQ: case RK_NE:
		if (bools) {
			r.tri = sem_bool_eq(a.tri, b.tri, k == RK_NE);
			break;
		}
		/* fall through */
	case RK_LT: case RK_LE: case RK_GT: case RK_GE: r.tri = sem_cmp(k, a.num, b.num); break;
	case RK_AND: r.tri = sem_and(a.tri, b.tri); break;
	case RK_OR: r.tri = sem_or(a.tri, b.tri); break;
	default: break;
	}
	return r;
}

#endif
