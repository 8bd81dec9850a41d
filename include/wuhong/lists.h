/*
 * wuhong/lists.h — the red and black lists (红黑榜): their rules in a
 * policy, and the two boards of an evaluation.
 *
 * A list is a set of named rules in the rule language. Besides indicators,
 * list rules may use the evaluation's results: `tier`, `flags`, `vetoed`,
 * `veto_unknown`, `missing_count`, `amount` (scheduled award, yuan), and
 * each criterion's verdict as `passed(k)`, `failed(k)`, `unknown(k)` for a
 * criterion key k (false for a sector without that criterion). A unit is
 * listed when any rule is true; the entry says which rules matched and why.
 */
#ifndef WUHONG_LISTS_H
#define WUHONG_LISTS_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "evaluation.h"

WUHONG_BEGIN_DECL

typedef enum wuhong_list_kind {
	WUHONG_RED_LIST = 0,   /**< 红榜: exemplary units */
	WUHONG_BLACK_LIST = 1  /**< 黑榜: units whose work lags */
} wuhong_list_kind;

/** Limits: keep the first N of each sector or township (0 = no limit). */
typedef enum wuhong_list_limit {
	WUHONG_LIMIT_NONE = 0,
	WUHONG_LIMIT_PER_SECTOR = 1,
	WUHONG_LIMIT_PER_TOWN = 2
} wuhong_list_limit;

/* ---- in a policy (builder) ----------------------------------------------- */

/**
 * Declare a list: its label (红榜), the symbol it is ordered by within a
 * sector (an indicator or result name such as "flags"; NULL = flags) and
 * the direction. Units are ordered by sector (policy order), then this
 * value (missing last), then id.
 */
WUHONG_EXTERN int wuhong_policy_builder_set_list(wuhong_policy_builder *b, wuhong_list_kind list,
						 const char *label, const char *order_by, int ascending,
						 wuhong_error *err);

/** Add a rule to a list (at most 32 per list). */
WUHONG_EXTERN int wuhong_policy_builder_add_list_rule(wuhong_policy_builder *b, wuhong_list_kind list,
						      const char *key, const char *label, const char *rule,
						      wuhong_error *err);

/** Keep only the first `count` units of each sector or township. */
WUHONG_EXTERN int wuhong_policy_builder_set_list_limit(wuhong_policy_builder *b, wuhong_list_kind list,
						       wuhong_list_limit per, size_t count, wuhong_error *err);

/** Number of rules of a list in a compiled policy (0 if not declared). */
WUHONG_EXTERN size_t wuhong_policy_list_rule_count(const wuhong_policy *p, wuhong_list_kind list);
/** List rule r's key; borrowed ("" past the end). */
WUHONG_EXTERN const char *wuhong_policy_list_rule_key(const wuhong_policy *p, wuhong_list_kind list, size_t r);
/** List rule r's label, or its key; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_list_rule_label(const wuhong_policy *p, wuhong_list_kind list, size_t r);
/** The list's label ("红榜"), or its key ("red") if it has none. */
WUHONG_EXTERN const char *wuhong_policy_list_label(const wuhong_policy *p, wuhong_list_kind list);

/* ---- the boards of an evaluation ----------------------------------------- */

typedef struct wuhong_lists wuhong_lists;

/** One listed unit. */
typedef struct wuhong_list_entry {
	size_t unit;        /**< index in the evaluation (and dataset) */
	size_t rank;        /**< 1-based position within its list */
	uint32_t rules;     /**< bit r: list rule r matched */
	const char *reason; /**< the matched rules, keys and labels, with the values that decided them */
	/** The same in Chinese from the policy's labels, for a published board:
	 *  "党建引领未达标：主题党日活动 10 次/年，低于 12". */
	const char *reason_zh;
} wuhong_list_entry;

/**
 * Build both boards for an evaluation. A policy without lists gives two
 * empty boards.
 *
 * @param out receives the boards; the caller frees them with wuhong_lists_free
 * @return 0, WUHONG_ENOMEM or WUHONG_EINVAL
 */
WUHONG_EXTERN int wuhong_evaluation_lists(wuhong_lists **out, const wuhong_evaluation *ev, wuhong_error *err);
/** Free the boards. Accepts NULL. */
WUHONG_EXTERN void wuhong_lists_free(wuhong_lists *l);
/** Number of entries on one list. */
WUHONG_EXTERN size_t wuhong_lists_count(const wuhong_lists *l, wuhong_list_kind list);
/** Entry k of a list, in order; borrowed; NULL past the end. */
WUHONG_EXTERN const wuhong_list_entry *wuhong_lists_at(const wuhong_lists *l, wuhong_list_kind list, size_t k);

WUHONG_END_DECL

#endif
