/*
 * wuhong/review.h — the campaign across periods: review rules in a policy,
 * the committee's decisions, the yearly re-review (回头看) with promotion,
 * demotion (降旗) and stripping (摘旗), and the monthly township rotation.
 *
 * A period is "YYYY" (a yearly review, which changes standing) or
 * "YYYY-MM" (a monthly assessment, which records results only). Given the
 * year's creation list (wuhong/applications.h), only the units on it that
 * were recommended and approved are accepted (验收); without one, a computed
 * tier is a proposal until the standing committee approves it (审定), and
 * without a decision the policy's `approval` default applies.
 */
#ifndef WUHONG_REVIEW_H
#define WUHONG_REVIEW_H

#include "common.h"
#include "rows.h"
#include "error.h"
#include "policy.h"
#include "dataset.h"
#include "evaluation.h"
#include "awards.h"
#include "applications.h"

WUHONG_BEGIN_DECL

/* ---- decisions (审定) ------------------------------------------------------- */

typedef struct wuhong_decisions wuhong_decisions;

typedef enum wuhong_decision_kind {
	WUHONG_APPROVE = 0, /**< the standing committee approves the computed tier */
	WUHONG_REFUSE = 1,  /**< it refuses: the unit keeps its standing */
	WUHONG_MERGE = 2    /**< the unit is merged into another (撤并) */
} wuhong_decision_kind;

/** A new, empty set of decisions; *out is freed with wuhong_decisions_free. */
WUHONG_EXTERN int wuhong_decisions_new(wuhong_decisions **out, wuhong_error *err);
/** Free decisions. Accepts NULL. */
WUHONG_EXTERN void wuhong_decisions_free(wuhong_decisions *d);
/** Add a decision (strings copied); `into` is the successor for WUHONG_MERGE, else NULL. */
WUHONG_EXTERN int wuhong_decisions_add(wuhong_decisions *d, const char *unit_id, wuhong_decision_kind kind,
				       const char *by, const char *reason, const char *into, wuhong_error *err);
/**
 * Read "unit,decision,by,reason[,into]" (decision: approve, refuse or merge;
 * Chinese headers 单位,决定,决定人,理由,并入 accepted).
 */
WUHONG_EXTERN int wuhong_decisions_load_csv(wuhong_decisions **out, const char *path,
					    const wuhong_csv_options *opts, wuhong_error *err);
/** As wuhong_decisions_load_csv, from text in memory (`name` for messages, may be NULL). */
WUHONG_EXTERN int wuhong_decisions_load_csv_string(wuhong_decisions **out, const char *data, size_t len,
						   const char *name, const wuhong_csv_options *opts,
						   wuhong_error *err);
/** Number of decisions. */
WUHONG_EXTERN size_t wuhong_decisions_count(const wuhong_decisions *d);

/* ---- review rules in a policy ------------------------------------------------ */

/** The rules of the yearly re-review and the monthly rotation (the policy file's `review:`). */
typedef struct wuhong_review_rules {
	unsigned version;         /**< WUHONG_REVIEW_RULES_VERSION */
	int min_tier;             /**< units holding at least this tier are re-reviewed (1-5; 3) */
	int strip;                /**< a failed re-review strips the tier (1) or demotes to the tier reached (0) */
	int full_promotion;       /**< a promotion pays the full award (1) or the difference (0) */
	int wait;                 /**< yearly periods before a demoted unit may be promoted again (>= 0; 1) */
	int clawback;             /**< a demotion claws back the award difference (1) or not (0) */
	int explicit_approval;    /**< proposals wait for the committee's approval (1) or are approved (0) */
	int merge_keep_successor; /**< a merger keeps the successor's tier (1) or the higher one (0) */
	int rotation_per_month;   /**< townships inspected a month (>= 1; 2) */
	/* version 2: the creation list (wuhong/applications.h) */
	int applications_only;    /**< without a creation list no unit is created (1), or `explicit_approval` says (0) */
	int short_gets_nothing;   /**< a unit reaching fewer flags than it applied for gets nothing (1) or the tier reached (0) */
	int held_is_error;        /**< applying for a tier already held is an error (1) or recorded as void (0) */
} wuhong_review_rules;

#define WUHONG_REVIEW_RULES_VERSION 2
/** The source's rules: 3+ flags re-reviewed, demotion, the difference paid, one year's wait, 2 townships a
 *  month; a unit short of the tier it applied for gets the tier it reached. */
#define WUHONG_REVIEW_RULES_INIT { WUHONG_REVIEW_RULES_VERSION, 3, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0 }

/**
 * Set the review rules of a policy being built (checked: min_tier 1-5,
 * wait >= 0, rotation_per_month >= 1). Rules are copied.
 *
 * @return 0, WUHONG_EPOLICY (a rule out of range) or WUHONG_EINVAL
 */
WUHONG_EXTERN int wuhong_policy_builder_set_review(wuhong_policy_builder *b, const wuhong_review_rules *rules,
						   wuhong_error *err);

/** The review rules of a compiled policy, in *out. */
WUHONG_EXTERN int wuhong_policy_review_rules(wuhong_review_rules *out, const wuhong_policy *p, wuhong_error *err);

/** The re-review reward (fen) for a sector and tier held; its own schedule. */
WUHONG_EXTERN int64_t wuhong_policy_review_reward(const wuhong_policy *p, size_t sector, int tier);

/* ---- the monthly rotation (月度考评) ------------------------------------------ */

/**
 * The townships to inspect each month, `per_month` a month (the policy's
 * rotation rule; default 2) for `months` months from `start` ("YYYY-MM").
 * Round robin in the policy's township order by default (each township
 * every n/2 months); with `priority` and an evaluation, the townships with
 * the most black-listed units first (ties: least recently visited, then
 * policy order). Rows: period, town, why — deterministic.
 *
 * @param ev_or_null NULL for round robin; an evaluation to prioritise by its black list
 */
WUHONG_EXTERN int wuhong_rotation(wuhong_rows **out, const wuhong_policy *p, const char *start, int months,
				  const wuhong_evaluation *ev_or_null, wuhong_error *err);

/* ---- the review of a period, recorded in a ledger (wuhong/ledger.h) ------------- */

typedef struct wuhong_ledger wuhong_ledger;

typedef struct wuhong_review_options {
	unsigned version;                    /**< WUHONG_REVIEW_OPTIONS_VERSION */
	const wuhong_decisions *decisions;   /**< the committee's decisions, or NULL */
	int supersede;                       /**< replace a period recorded with other inputs */
	/** Called as rows are written (for progress bars); may be NULL. */
	void (*progress)(void *ctx, size_t rows_written);
	void *progress_ctx;
	/** Bonuses and penalties (events and payments of their own) and overrides
	 *  (the amount of the award, else of the re-review reward, earned this period), or NULL. */
	const wuhong_adjustments *adjustments;
	/** Version 2: the year's creation list, or NULL. Given, only the units on
	 *  it can be created or promoted this year (an empty list: none). */
	const wuhong_applications *applications;
} wuhong_review_options;

#define WUHONG_REVIEW_OPTIONS_VERSION 2
#define WUHONG_REVIEW_OPTIONS_INIT { WUHONG_REVIEW_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL }

/**
 * Review period `period` ("YYYY": the yearly re-review; "YYYY-MM": a
 * monthly assessment, which records results only) against the standing
 * the ledger holds, and record it.
 *
 * @param out receives the period's events and payments as rows (period,
 *            unit, name, event, tier_from, tier_to, amount_fen, detail); the
 *            caller frees them with wuhong_rows_free. NULL to skip.
 * @param replayed set to 1 when the same inputs were already recorded (nothing written)
 * @return 0, WUHONG_EDATA (period out of order, other inputs without
 *         supersede, a decision, application or adjustment for an unknown unit,
 *         an application for a tier the policy lacks), WUHONG_EINVAL (a
 *         malformed period; adjustments or applications in a monthly
 *         assessment), WUHONG_EIO or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_review(wuhong_rows **out, int *replayed, wuhong_ledger *l, const char *period,
				const wuhong_evaluation *ev, const wuhong_review_options *opts, wuhong_error *err);

WUHONG_END_DECL

#endif
