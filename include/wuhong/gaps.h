/*
 * wuhong/gaps.h — who to help next (帮扶名单): for every unit below the next
 * tier, the criteria it fails and, clause by clause, how far it misses.
 */
#ifndef WUHONG_GAPS_H
#define WUHONG_GAPS_H

#include <stdbool.h>

#include "common.h"
#include "error.h"
#include "evaluation.h"

WUHONG_BEGIN_DECL

/** One failing clause of a criterion, and how far the unit is from it. */
typedef struct wuhong_gap {
	const char *clause;     /**< the clause as written in the rule */
	wuhong_verdict verdict; /**< FAIL, or MISSING when a value it needs is missing */
	const char *indicator;  /**< the indicator compared, or NULL */
	const char *label;      /**< its Chinese label, or NULL */
	const char *unit;       /**< its unit of measure, or NULL */
	const char *op;         /**< the comparison (with the indicator on the left), or NULL */
	double actual;          /**< the unit's value (NaN: missing or not a comparison) */
	double threshold;       /**< the constant it is compared with */
	double gap;             /**< how far, in the indicator's unit, to 1e-9 (NaN when it cannot be said) */
	double relative;        /**< the gap as a fraction of the threshold (the gap itself when it is 0) */
	const char *why;        /**< when there is no gap: why ("a value it needs is missing", ...); else NULL */
	const char *why_zh;     /**< the same in Chinese, for a published board ("所需数值缺失"); else NULL */
} wuhong_gap;

/** A failing criterion of a unit, with its gaps (every failing clause of an `and`, the nearest alternative of an `or`). */
typedef struct wuhong_gap_criterion {
	size_t index;           /**< criterion 0-4 */
	const char *key, *label;
	bool prerequisite;      /**< the policy's prerequisite: it must be passed for any tier */
	double cost;            /**< the sum of its clauses' relative gaps; INFINITY when some clause has none */
	const wuhong_gap *gaps;
	size_t n_gaps;
} wuhong_gap_criterion;

/** A unit below the next tier. */
typedef struct wuhong_gap_unit {
	size_t unit;            /**< index in the evaluation (and dataset) */
	unsigned flags;         /**< flags earned */
	unsigned tier;          /**< tier held (0: none) */
	unsigned next_tier;     /**< the next tier up */
	unsigned flags_short;   /**< criteria it must pass more to reach it (the prerequisite among them if failed) */
	double total;           /**< the sum of the cheapest such criteria's costs: the list's order; INFINITY when
				     the next tier cannot be reached by closing gaps (a veto, a missing value, ...) */
	const wuhong_gap_criterion *criteria; /**< every failing criterion, the ones counted in total first */
	size_t n_criteria;
	bool vetoed;            /**< a veto applies: no gap closes it */
} wuhong_gap_unit;

typedef struct wuhong_gaps wuhong_gaps;

/**
 * The units below the next tier (every unit not at the top one), ordered by
 * total (the smallest gap first; units that cannot close theirs last), then
 * by input order.
 *
 * @param out receives the list; the caller frees it with wuhong_gaps_free
 * @return 0, WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_evaluation_gaps(wuhong_gaps **out, const wuhong_evaluation *ev, wuhong_error *err);
/** Free a list. Accepts NULL. */
WUHONG_EXTERN void wuhong_gaps_free(wuhong_gaps *g);
/** Number of units in the list. */
WUHONG_EXTERN size_t wuhong_gaps_count(const wuhong_gaps *g);
/** Unit k of the list (borrowed for the list's life), or NULL past the end. */
WUHONG_EXTERN const wuhong_gap_unit *wuhong_gaps_at(const wuhong_gaps *g, size_t k);
/** Failing criterion c of a listed unit (borrowed for the list's life), or NULL past the end. */
WUHONG_EXTERN const wuhong_gap_criterion *wuhong_gap_unit_criterion(const wuhong_gap_unit *u, size_t c);
/** Gap k of a failing criterion (borrowed for the list's life), or NULL past the end. */
WUHONG_EXTERN const wuhong_gap *wuhong_gap_criterion_gap(const wuhong_gap_criterion *c, size_t k);

WUHONG_END_DECL

#endif
