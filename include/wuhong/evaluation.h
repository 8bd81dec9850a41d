/*
 * wuhong/evaluation.h — judging every unit of a dataset under a policy:
 * each criterion's verdict (pass / fail / missing), vetoes, flag count,
 * tier and scheduled award; reasons on demand; tallies.
 *
 * Results are kept as compact columns (bitmasks, bytes, fen) that callers
 * may read directly; the human-readable reason for a unit is built only
 * when asked for. An evaluation holds references to its policy and dataset,
 * so it stays valid after the caller frees them.
 */
#ifndef WUHONG_EVALUATION_H
#define WUHONG_EVALUATION_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "dataset.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_evaluation wuhong_evaluation;
typedef struct wuhong_explanation wuhong_explanation;
typedef struct wuhong_tally wuhong_tally;

/**
 * A criterion's verdict, and a rule's three-valued result. The numeric
 * values are an order: fail < missing < pass.
 */
typedef enum wuhong_verdict {
	WUHONG_FAIL = 0,    /**< the rule is false */
	WUHONG_MISSING = 1, /**< unknown: a value it needed is missing */
	WUHONG_PASS = 2     /**< the rule is true */
} wuhong_verdict;

typedef struct wuhong_evaluate_options {
	unsigned version;  /**< WUHONG_EVALUATE_OPTIONS_VERSION */
	/**
	 * Worker threads. 0 (the default) = automatic: one per online CPU for
	 * large datasets (at least 64 Ki units per thread), else the calling
	 * thread only. 1 = the calling thread only. Results are identical
	 * whatever the number.
	 */
	unsigned threads;
	/**
	 * Version 2: a list for every problem of the data (wuhong/problems.h), or
	 * NULL. The evaluation still fails with the first (in the order of the
	 * file); the list then holds each, up to its max.
	 */
	wuhong_problems *problems;
} wuhong_evaluate_options;

#define WUHONG_EVALUATE_OPTIONS_VERSION 2
#define WUHONG_EVALUATE_OPTIONS_INIT { WUHONG_EVALUATE_OPTIONS_VERSION, 0, NULL }

/**
 * Evaluate every unit of ds under p.
 *
 * Data problems that depend on the policy are found here: an unknown sector
 * or township, a missing indicator column, a value out of its type's range,
 * a non-numeric cell in a used column. The error names the unit, its row
 * and the column.
 *
 * @param out  receives the evaluation (caller frees with wuhong_evaluation_free)
 * @param opts NULL for defaults
 * @return 0, WUHONG_EDATA, WUHONG_EINVAL or WUHONG_ENOMEM
 *
 * Thread-safe: many threads may evaluate with one policy and dataset.
 */
WUHONG_EXTERN int wuhong_evaluate(wuhong_evaluation **out, const wuhong_policy *p,
				  const wuhong_dataset *ds, const wuhong_evaluate_options *opts,
				  wuhong_error *err);

/**
 * Evaluate again: ev's policy over ev's dataset, into ev's own result
 * columns — no allocation for the results, and no page to fault in, so a
 * program that re-judges the same units (new values in bound columns, a
 * simulation, a benchmark) pays for the evaluation only. The columns'
 * addresses stay the same and now hold the new results.
 *
 * On failure (the same errors as wuhong_evaluate) ev holds no results:
 * wuhong_evaluation_count() is 0 until a run succeeds.
 *
 * @return 0, WUHONG_EDATA, WUHONG_EINVAL or WUHONG_ENOMEM
 *
 * Not thread-safe for one ev (it is written); other evaluations may run.
 */
WUHONG_EXTERN int wuhong_evaluate_again(wuhong_evaluation *ev, const wuhong_evaluate_options *opts,
					wuhong_error *err);

/**
 * How the last run judged the units, for performance work: "avx512",
 * "avx2" or "baseline" when every unit went through the fused kernels with
 * that instruction set, "vm" when none did (rules with arithmetic, or
 * blocks mixing sectors of different shapes, run on the block VM), and
 * "avx512+vm" (and so on) when both were used. $WUHONG_SIMD (avx512, avx2,
 * baseline) chooses a lesser instruction set when policies are compiled.
 * A static string; NULL for NULL.
 */
WUHONG_EXTERN const char *wuhong_evaluation_kernel(const wuhong_evaluation *ev);

/** Free an evaluation. Accepts NULL. */
WUHONG_EXTERN void wuhong_evaluation_free(wuhong_evaluation *ev);

/** The policy and dataset evaluated; borrowed for the evaluation's life. */
WUHONG_EXTERN const wuhong_policy *wuhong_evaluation_policy(const wuhong_evaluation *ev);
/** The dataset evaluated (held by the evaluation; borrowed). */
WUHONG_EXTERN const wuhong_dataset *wuhong_evaluation_dataset(const wuhong_evaluation *ev);

/** Number of units (equals the dataset's). */
WUHONG_EXTERN size_t wuhong_evaluation_count(const wuhong_evaluation *ev);

/*
 * Result columns: arrays of wuhong_evaluation_count() entries, in dataset
 * order, borrowed for the evaluation's life. Bit c of a mask is criterion c
 * (policy order within the unit's sector); bit v of a veto mask is veto v.
 */
/** Flags earned, 0-5, before any veto. */
WUHONG_EXTERN const uint8_t *wuhong_evaluation_flags(const wuhong_evaluation *ev);
/** Criteria passed. */
WUHONG_EXTERN const uint8_t *wuhong_evaluation_flag_masks(const wuhong_evaluation *ev);
/** Criteria that came out unknown (verdict missing). */
WUHONG_EXTERN const uint8_t *wuhong_evaluation_missing_masks(const wuhong_evaluation *ev);
/** Vetoes that are true (the unit is vetoed when non-zero). */
WUHONG_EXTERN const uint32_t *wuhong_evaluation_veto_masks(const wuhong_evaluation *ev);
/** Vetoes that came out unknown: reported, but they do not veto. */
WUHONG_EXTERN const uint32_t *wuhong_evaluation_veto_unknown_masks(const wuhong_evaluation *ev);
/** Tier value held (0 = none, else the flags the tier needs). */
WUHONG_EXTERN const uint8_t *wuhong_evaluation_tiers(const wuhong_evaluation *ev);
/** Policy sector index of each unit. */
WUHONG_EXTERN const uint8_t *wuhong_evaluation_sectors(const wuhong_evaluation *ev);
/** Policy township index of each unit (UINT16_MAX when the policy lists none). */
WUHONG_EXTERN const uint16_t *wuhong_evaluation_towns(const wuhong_evaluation *ev);
/** Scheduled award for the tier held, in fen. */
WUHONG_EXTERN const int64_t *wuhong_evaluation_amounts(const wuhong_evaluation *ev);

/** The verdict of criterion c (0-4) for unit i. */
WUHONG_EXTERN wuhong_verdict wuhong_evaluation_verdict(const wuhong_evaluation *ev, size_t i, size_t c);

/* ---- reasons ------------------------------------------------------------ */

/**
 * One clause that decided a rule: a comparison, a boolean indicator, or
 * another leaf. For `a >= b`, `actual` is a's value and `threshold` b's.
 */
typedef struct wuhong_clause {
	const char *text;       /**< the clause as written in the rule */
	wuhong_verdict verdict; /**< its three-valued result */
	const char *op;         /**< "<", "<=", ">", ">=", "==", "!=", or NULL */
	double actual;          /**< left side's value (NaN: missing) */
	double threshold;       /**< right side's value, for comparisons */
	const char *indicator;  /**< key of the indicator on the left, or NULL */
	const char *label;      /**< its Chinese label, or NULL */
	const char *unit;       /**< its unit of measure, or NULL */
} wuhong_clause;

/** The verdict on one criterion or veto, with the clauses that decided it. */
typedef struct wuhong_reason {
	int is_veto;            /**< 0: criterion, 1: veto */
	size_t index;           /**< criterion (0-4) or veto index */
	const char *key;        /**< criterion or veto key */
	const char *label;      /**< its Chinese label */
	const char *rule;       /**< its rule text */
	wuhong_verdict verdict; /**< for a veto, PASS means the veto applies */
	const wuhong_clause *clauses; /**< the deciding clauses */
	size_t n_clauses;
} wuhong_reason;

/**
 * Explain unit i: every criterion's verdict and every applicable veto, each
 * with the clauses that decided it, their actual values and thresholds.
 *
 * @param out receives the explanation; caller frees with wuhong_explanation_free
 */
WUHONG_EXTERN int wuhong_evaluation_explain(wuhong_explanation **out, const wuhong_evaluation *ev,
					    size_t i, wuhong_error *err);

/** Free an explanation. Accepts NULL. */
WUHONG_EXTERN void wuhong_explanation_free(wuhong_explanation *x);
/** Number of reasons: the five criteria, then the vetoes that apply. */
WUHONG_EXTERN size_t wuhong_explanation_count(const wuhong_explanation *x);
/** Reason k; borrowed for the explanation's life. */
WUHONG_EXTERN const wuhong_reason *wuhong_explanation_at(const wuhong_explanation *x, size_t k);
/**
 * The whole explanation as readable text (UTF-8, several lines): the unit,
 * its tier, then one block per criterion and veto. Borrowed.
 */
WUHONG_EXTERN const char *wuhong_explanation_text(const wuhong_explanation *x);

/* ---- tallies ----------------------------------------------------------- */

typedef enum wuhong_grouping {
	WUHONG_BY_SECTOR = 0,    /**< policy sector order */
	WUHONG_BY_TOWN = 1,      /**< policy township order */
	WUHONG_BY_COMMITTEE = 2, /**< order of first appearance in the data */
	WUHONG_BY_TIER = 3       /**< tiers from the highest down, then no tier ("0") */
} wuhong_grouping;

/** One group's counts. by_tier is indexed by tier value (0-5). */
typedef struct wuhong_tally_row {
	const char *group;      /**< sector key, township or committee name */
	const char *label;      /**< sector's Chinese label; else as group */
	size_t units;
	size_t by_tier[6];
	size_t vetoed;
	size_t missing;         /**< units with at least one missing verdict */
	int64_t amount;         /**< scheduled awards, fen */
} wuhong_tally_row;

/** Count units by group and tier. Caller frees with wuhong_tally_free. */
WUHONG_EXTERN int wuhong_evaluation_tally(wuhong_tally **out, const wuhong_evaluation *ev,
					  wuhong_grouping by, wuhong_error *err);
/** Free a tally. Accepts NULL. */
WUHONG_EXTERN void wuhong_tally_free(wuhong_tally *t);
/** Number of group rows (the total is wuhong_tally_total). */
WUHONG_EXTERN size_t wuhong_tally_count(const wuhong_tally *t);
/** Row k (borrowed); NULL past the end. */
WUHONG_EXTERN const wuhong_tally_row *wuhong_tally_at(const wuhong_tally *t, size_t k);
/** All groups together (borrowed). */
WUHONG_EXTERN const wuhong_tally_row *wuhong_tally_total(const wuhong_tally *t);

WUHONG_END_DECL

#endif
