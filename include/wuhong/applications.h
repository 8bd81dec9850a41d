/*
 * wuhong/applications.h — the year's creation list (创建名单), step by step
 * as the source describes it: "通过采取党组织申报、各党（工）委研究推荐、县委常委
 * 审定的方式，最终确定本年度创建名单". A unit applies for a tier (申报), its
 * Party (work) committee recommends it or not (推荐), and the standing
 * committee approves or refuses (审定). A yearly review given a list accepts
 * (验收) only the units on it that were recommended and approved
 * (wuhong/review.h).
 */
#ifndef WUHONG_APPLICATIONS_H
#define WUHONG_APPLICATIONS_H

#include "common.h"
#include "error.h"
#include "dataset.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_applications wuhong_applications;

/** A recommendation (推荐) or a decision (审定): yes, no, or not given yet. */
typedef enum wuhong_answer {
	WUHONG_NOT_YET = -1, /**< no decision yet (the policy's `approval` says what that means) */
	WUHONG_NO = 0,         /**< not recommended / refused */
	WUHONG_YES = 1         /**< recommended / approved */
} wuhong_answer;

/** One application as added or read; its strings belong to the list. */
typedef struct wuhong_application {
	const char *unit;                /**< the applicant's id */
	int tier;                        /**< the flags applied for (申报) */
	wuhong_answer recommended;       /**< 推荐: yes, no, or WUHONG_NOT_YET */
	const char *recommended_by;      /**< who recommended (NULL when not yet) */
	const char *recommendation;      /**< why ("" when no reason was given; NULL when not yet) */
	wuhong_answer decision;          /**< 审定: approved, refused, or WUHONG_NOT_YET */
	const char *decided_by;          /**< who decided (NULL when not yet) */
	const char *decision_reason;     /**< why ("" or NULL, as for the recommendation) */
} wuhong_application;

/** A new, empty creation list; *out is freed with wuhong_applications_free. */
WUHONG_EXTERN int wuhong_applications_new(wuhong_applications **out, wuhong_error *err);
/** Free a creation list. Accepts NULL. */
WUHONG_EXTERN void wuhong_applications_free(wuhong_applications *a);

/**
 * 申报: unit `unit_id` applies for `tier` flags (1-5; the review checks it
 * is a tier of the policy). One application per unit.
 *
 * @return 0, WUHONG_EDATA (no unit id, a tier out of range, a second
 *         application for the unit), WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_applications_add(wuhong_applications *a, const char *unit_id, int tier, wuhong_error *err);
/**
 * 推荐: the committee `by` recommends the applicant (WUHONG_YES) or not
 * (WUHONG_NO), for `reason` (may be NULL). Strings copied.
 *
 * @return 0, WUHONG_EDATA (no application for the unit, no `by`, a second
 *         recommendation), WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_applications_recommend(wuhong_applications *a, const char *unit_id, wuhong_answer answer,
						const char *by, const char *reason, wuhong_error *err);
/**
 * 审定: the standing committee `by` approves (WUHONG_YES) or refuses
 * (WUHONG_NO) the application, for `reason` (may be NULL). Strings copied.
 *
 * @return 0, WUHONG_EDATA (no application for the unit, no `by`, a second
 *         decision), WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_applications_decide(wuhong_applications *a, const char *unit_id, wuhong_answer answer,
					     const char *by, const char *reason, wuhong_error *err);

/**
 * Read a creation list: "unit,tier[,recommended,recommended_by,recommendation,
 * decision,decided_by,reason]" — tier 1-5 (or 三/四/五, 五面红旗); recommended
 * yes/no (是/否, 推荐/不推荐), decision approve/refuse (批准/不予批准,
 * 同意/不同意), either empty when not yet given. Chinese headers: 单位, 申报,
 * 推荐, 推荐单位, 推荐理由, 审定, 审定单位, 审定理由.
 */
WUHONG_EXTERN int wuhong_applications_load_csv(wuhong_applications **out, const char *path,
					       const wuhong_csv_options *opts, wuhong_error *err);
/** As wuhong_applications_load_csv, from text in memory (`name` for messages, may be NULL). */
WUHONG_EXTERN int wuhong_applications_load_csv_string(wuhong_applications **out, const char *data, size_t len,
						      const char *name, const wuhong_csv_options *opts,
						      wuhong_error *err);
/** Number of applications. */
WUHONG_EXTERN size_t wuhong_applications_count(const wuhong_applications *a);
/** Application i in the order added (NULL past the end); valid while the list lives. */
WUHONG_EXTERN const wuhong_application *wuhong_applications_at(const wuhong_applications *a, size_t i);

WUHONG_END_DECL

#endif
