/*
 * wuhong/diff.h — what-if: the same data under two policies (or a policy
 * and a modified copy): the units whose flags, tier or scheduled award
 * change, and the budget delta by sector and township.
 */
#ifndef WUHONG_DIFF_H
#define WUHONG_DIFF_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "dataset.h"
#include "evaluation.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_diff_result wuhong_diff_result;

/** One unit whose result differs between policy A and policy B. */
typedef struct wuhong_diff_entry {
	size_t unit;                /**< index in the dataset */
	uint8_t flags_a, flags_b;   /**< flags earned */
	uint8_t mask_a, mask_b;     /**< criteria passed (bit c = criterion c) */
	uint8_t tier_a, tier_b;
	int64_t amount_a, amount_b; /**< scheduled award, fen */
} wuhong_diff_entry;

/** Changes within one sector or township. */
typedef struct wuhong_diff_group {
	const char *group, *label;  /**< as in wuhong_tally_row */
	size_t units;               /**< units in the group */
	size_t changed;             /**< units with any change */
	size_t lost, gained;        /**< units with fewer / more flags under B */
	int64_t amount_a, amount_b; /**< scheduled awards of the group, fen */
} wuhong_diff_group;

/**
 * Evaluate ds under a and under b and compare, unit by unit. Sectors and
 * townships are grouped as policy A declares them.
 *
 * @param out receives the result; the caller frees it with wuhong_diff_free
 * @return 0, or an evaluation error (the message says which policy)
 */
WUHONG_EXTERN int wuhong_diff(wuhong_diff_result **out, const wuhong_policy *a, const wuhong_policy *b,
				  const wuhong_dataset *ds, wuhong_error *err);
/** Free a diff. Accepts NULL. */
WUHONG_EXTERN void wuhong_diff_free(wuhong_diff_result *d);
/** Number of units that changed. */
WUHONG_EXTERN size_t wuhong_diff_count(const wuhong_diff_result *d);
/** Changed unit k, in dataset order; borrowed. */
WUHONG_EXTERN const wuhong_diff_entry *wuhong_diff_at(const wuhong_diff_result *d, size_t k);
/** Scheduled award totals over all units, fen; B minus A is the budget delta. */
WUHONG_EXTERN int64_t wuhong_diff_total_a(const wuhong_diff_result *d);
/** Scheduled award total under policy B, fen. */
WUHONG_EXTERN int64_t wuhong_diff_total_b(const wuhong_diff_result *d);
/** The two evaluations (borrowed for the diff's life). */
WUHONG_EXTERN const wuhong_evaluation *wuhong_diff_evaluation_a(const wuhong_diff_result *d);
/** The evaluation under policy B (borrowed for the diff's life). */
WUHONG_EXTERN const wuhong_evaluation *wuhong_diff_evaluation_b(const wuhong_diff_result *d);

/** The changes of a diff by group: rows of wuhong_diff_group. */
typedef struct wuhong_diff_summary wuhong_diff_summary;

/**
 * Changes by sector (WUHONG_BY_SECTOR) or township (WUHONG_BY_TOWN), one row per
 * group in the policy's order (townships as the data names them when the policy
 * lists none).
 *
 * @param out receives the summary; the caller frees it with wuhong_diff_summary_free
 *            (it does not depend on the diff)
 * @return 0, WUHONG_EINVAL (another grouping) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_diff_groups(wuhong_diff_summary **out, const wuhong_diff_result *d, wuhong_grouping by,
				     wuhong_error *err);
/** Free a summary. Accepts NULL. */
WUHONG_EXTERN void wuhong_diff_summary_free(wuhong_diff_summary *s);
/** Number of groups. */
WUHONG_EXTERN size_t wuhong_diff_summary_count(const wuhong_diff_summary *s);
/** Group k (borrowed for the summary's life), or NULL past the end. */
WUHONG_EXTERN const wuhong_diff_group *wuhong_diff_summary_at(const wuhong_diff_summary *s, size_t k);

WUHONG_END_DECL

#endif
