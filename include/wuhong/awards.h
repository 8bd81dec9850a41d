/*
 * wuhong/awards.h — award money (奖励资金) for a period: the scheduled
 * amount of each unit's tier, per-unit adjustments (a bonus, or an override
 * of the amount, each with a reason and a reference), and a budget that is
 * either enforced (refuse) or met by scaling pro rata with exact rounding.
 * All money is integer fen; sums are checked and never wrap.
 */
#ifndef WUHONG_AWARDS_H
#define WUHONG_AWARDS_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "dataset.h"
#include "evaluation.h"
#include "money.h"

WUHONG_BEGIN_DECL

/** What a policy does when awards exceed the budget. */
typedef enum wuhong_over_budget {
	WUHONG_BUDGET_REFUSE = 0, /**< fail with WUHONG_EBUDGET */
	WUHONG_BUDGET_SCALE = 1   /**< scale every award pro rata, largest remainder to the fen */
} wuhong_over_budget;

/** No budget. */
#define WUHONG_NO_BUDGET INT64_C(-1)

/** Set the policy's budget rule: a default budget in fen (or WUHONG_NO_BUDGET) and what exceeding it does. */
WUHONG_EXTERN int wuhong_policy_builder_set_budget(wuhong_policy_builder *b, int64_t fen, wuhong_over_budget over,
						   wuhong_error *err);
/** The policy's default budget in fen, or WUHONG_NO_BUDGET. */
WUHONG_EXTERN int64_t wuhong_policy_budget(const wuhong_policy *p);
/** The policy's rule when awards exceed the budget (refuse or scale). */
WUHONG_EXTERN wuhong_over_budget wuhong_policy_over_budget(const wuhong_policy *p);

/* ---- adjustments ------------------------------------------------------------ */

typedef enum wuhong_adjustment_kind {
	WUHONG_ADJUST_BONUS = 0,    /**< added to the award */
	WUHONG_ADJUST_OVERRIDE = 1, /**< replaces the scheduled amount */
	WUHONG_ADJUST_PENALTY = 2   /**< taken from the award (not below zero) */
} wuhong_adjustment_kind;

typedef struct wuhong_adjustments wuhong_adjustments;

/** A new, empty set of adjustments; *out is freed with wuhong_adjustments_free. */
WUHONG_EXTERN int wuhong_adjustments_new(wuhong_adjustments **out, wuhong_error *err);
/** Free adjustments. Accepts NULL. */
WUHONG_EXTERN void wuhong_adjustments_free(wuhong_adjustments *a);

/**
 * Add one adjustment (strings copied). A unit may have several bonuses and
 * at most one override. fen >= 0 for an override.
 */
WUHONG_EXTERN int wuhong_adjustments_add(wuhong_adjustments *a, const char *unit_id, wuhong_adjustment_kind kind,
					 int64_t fen, const char *reason, const char *reference, wuhong_error *err);

/**
 * Read adjustments from a CSV "unit,kind,amount,reason,reference" (kind is
 * bonus, override or penalty, amount in yuan with at most two decimals;
 * Chinese headers 单位,类型,金额,事由,依据 and kinds 加奖,核定,扣减 accepted).
 */
WUHONG_EXTERN int wuhong_adjustments_load_csv(wuhong_adjustments **out, const char *path,
					      const wuhong_csv_options *opts, wuhong_error *err);
/** As wuhong_adjustments_load_csv, from text in memory (`name` for messages, may be NULL). */
WUHONG_EXTERN int wuhong_adjustments_load_csv_string(wuhong_adjustments **out, const char *data, size_t len,
						     const char *name, const wuhong_csv_options *opts,
						     wuhong_error *err);
/** Number of adjustments. */
WUHONG_EXTERN size_t wuhong_adjustments_count(const wuhong_adjustments *a);

/* ---- awards ----------------------------------------------------------------- */

typedef struct wuhong_award_options {
	unsigned version;                        /**< WUHONG_AWARD_OPTIONS_VERSION */
	const wuhong_adjustments *adjustments;   /**< NULL for none; borrowed during the call */
	int64_t budget;                          /**< fen; WUHONG_NO_BUDGET = the policy's budget, if any */
} wuhong_award_options;

#define WUHONG_AWARD_OPTIONS_VERSION 1
#define WUHONG_AWARD_OPTIONS_INIT { WUHONG_AWARD_OPTIONS_VERSION, NULL, WUHONG_NO_BUDGET }

typedef struct wuhong_awards wuhong_awards;

/**
 * The awards of an evaluation: scheduled amount, then adjustments, then the
 * budget. An adjustment for a unit not in the data is WUHONG_EDATA.
 * Over budget: WUHONG_EBUDGET when the policy refuses; otherwise every award
 * is scaled by budget/total, rounded down to the fen, and the fen left over
 * go one each to the largest remainders (ties: earlier units first), so the
 * awards sum to the budget exactly and none exceeds its unscaled amount.
 * One unit's award above WUHONG_MONEY_MAX (10^13 yuan), or a total beyond
 * the range of int64 fen, is WUHONG_EOVERFLOW: never a wrapped number.
 */
WUHONG_EXTERN int wuhong_evaluation_awards(wuhong_awards **out, const wuhong_evaluation *ev,
					   const wuhong_award_options *opts, wuhong_error *err);
/** Free awards. Accepts NULL. */
WUHONG_EXTERN void wuhong_awards_free(wuhong_awards *a);
/** Number of units (as the evaluation). */
WUHONG_EXTERN size_t wuhong_awards_count(const wuhong_awards *a);
/** Final amounts (fen) per unit; borrowed. */
WUHONG_EXTERN const int64_t *wuhong_awards_amounts(const wuhong_awards *a);
/** Amounts after adjustments, before any scaling (fen); borrowed. */
WUHONG_EXTERN const int64_t *wuhong_awards_unscaled(const wuhong_awards *a);
/** Sum of the final amounts, fen. */
WUHONG_EXTERN int64_t wuhong_awards_total(const wuhong_awards *a);
/** Sum of the amounts before the budget scaled them, fen. */
WUHONG_EXTERN int64_t wuhong_awards_unscaled_total(const wuhong_awards *a);
/** Whether the budget scaled the awards down. */
WUHONG_EXTERN bool wuhong_awards_scaled(const wuhong_awards *a);
/** The budget applied (fen), or WUHONG_NO_BUDGET. */
WUHONG_EXTERN int64_t wuhong_awards_budget(const wuhong_awards *a);
/** Why unit i gets its amount: tier and schedule, adjustments with reason and reference, scaling. Borrowed. */
WUHONG_EXTERN const char *wuhong_awards_reason(const wuhong_awards *a, size_t i);
/**
 * The same in Chinese, for a published award list: "五面红旗示范，按标准
 * 60000.00 元；核定为 80000.00 元：<reason>（<reference>）". Borrowed for the
 * awards' life; "" past the end.
 */
WUHONG_EXTERN const char *wuhong_awards_reason_zh(const wuhong_awards *a, size_t i);
/** Units and final amounts by group (see wuhong_evaluation_tally). */
WUHONG_EXTERN int wuhong_awards_tally(wuhong_tally **out, const wuhong_awards *a, wuhong_grouping by,
				      wuhong_error *err);

WUHONG_END_DECL

#endif
