/*
 * wuhong/policy.h — one campaign's rules: townships, indicators, sectors with
 * their five criteria, the prerequisite, vetoes, tiers and the award schedule.
 *
 * A policy is built either from a YAML (or JSON) file or string, or through
 * the builder below, and then compiled. A compiled wuhong_policy is
 * immutable and reference-counted: any number of threads may evaluate with
 * it at once, and results that use it keep it alive.
 */
#ifndef WUHONG_POLICY_H
#define WUHONG_POLICY_H

#include "common.h"
#include "error.h"

WUHONG_BEGIN_DECL

/** Number of criteria every sector has. */
#define WUHONG_CRITERIA 5

typedef struct wuhong_policy wuhong_policy;
typedef struct wuhong_policy_builder wuhong_policy_builder;

/** Indicator value types; each brings its own range check. */
typedef enum wuhong_indicator_type {
	WUHONG_TYPE_NUMBER = 0,  /**< any finite number (optionally min/max) */
	WUHONG_TYPE_BOOL = 1,    /**< 0/1; true/false; 是/否 in CSV */
	WUHONG_TYPE_COUNT = 2,   /**< a whole number >= 0 */
	WUHONG_TYPE_PERCENT = 3, /**< 0 to 100 */
	WUHONG_TYPE_SCORE = 4    /**< a panel score, 0 to 100 */
} wuhong_indicator_type;

/** How panel observations of one indicator are combined per unit. */
typedef enum wuhong_aggregate {
	WUHONG_AGG_NONE = 0,         /**< not a panel indicator */
	WUHONG_AGG_MEAN = 1,         /**< arithmetic mean */
	WUHONG_AGG_TRIMMED_MEAN = 2, /**< drop one highest and one lowest; plain mean below 3 judges */
	WUHONG_AGG_MEDIAN = 3        /**< median (mean of the middle two when even) */
} wuhong_aggregate;

/* ---- loading ----------------------------------------------------------- */

/**
 * Load and compile a policy file (YAML 1.1; JSON is accepted as YAML).
 *
 * @param out  receives the new policy; the caller owns it (wuhong_policy_free)
 * @param path file to read
 * @param err  optional; filled with file, line, column and message on failure
 * @return 0, WUHONG_EIO, WUHONG_EPOLICY, WUHONG_ERULE or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_policy_load(wuhong_policy **out, const char *path, wuhong_error *err);

/**
 * Load and compile a policy from text.
 *
 * @param name a name used as the file name in errors (may be NULL: "<string>")
 * Otherwise as wuhong_policy_load().
 */
WUHONG_EXTERN int wuhong_policy_load_string(wuhong_policy **out, const char *text, size_t len,
					    const char *name, wuhong_error *err);

/**
 * The embedded default: the Jiang County (绛县) policy. Its thresholds are
 * illustrative (see docs/policy.md).
 *
 * @param out receives a new reference the caller frees with wuhong_policy_free
 */
WUHONG_EXTERN int wuhong_policy_default(wuhong_policy **out, wuhong_error *err);

/**
 * The YAML source text of the embedded default policy, with its comments,
 * suitable to copy and edit. Static; never NULL.
 */
WUHONG_EXTERN const char *wuhong_policy_default_source(void);

/* ---- building through the API ------------------------------------------ */

/**
 * Start an empty policy. Names and texts passed to builder functions are
 * copied. Errors found while building (duplicate keys, unknown names) are
 * reported by the function that finds them; the whole policy is checked again
 * by wuhong_policy_compile().
 *
 * @param name a human-readable policy name (copied); may be NULL
 */
WUHONG_EXTERN int wuhong_policy_builder_new(wuhong_policy_builder **out, const char *name, wuhong_error *err);

/** Free a builder. Accepts NULL. */
WUHONG_EXTERN void wuhong_policy_builder_free(wuhong_policy_builder *b);

/** Append a township; the order given is the policy's township order. */
WUHONG_EXTERN int wuhong_policy_builder_add_town(wuhong_policy_builder *b, const char *name,
						 wuhong_error *err);

/**
 * Declare an indicator.
 *
 * @param key   identifier used in rules ([A-Za-z_][A-Za-z0-9_]*)
 * @param label Chinese label, also accepted as a CSV column header; may be NULL
 * @param unit  unit of measure for display ("次/年", "%"); may be NULL
 */
WUHONG_EXTERN int wuhong_policy_builder_add_indicator(wuhong_policy_builder *b, const char *key,
						      const char *label, const char *unit,
						      wuhong_indicator_type type, wuhong_error *err);

/** Narrow an indicator's accepted range (inclusive; NaN leaves a bound open; an infinity is
 *  WUHONG_EINVAL). */
WUHONG_EXTERN int wuhong_policy_builder_set_range(wuhong_policy_builder *b, const char *key,
						  double min, double max, wuhong_error *err);

/** Make an indicator a panel score aggregated from judges' observations. */
WUHONG_EXTERN int wuhong_policy_builder_set_aggregate(wuhong_policy_builder *b, const char *key,
						      wuhong_aggregate agg, wuhong_error *err);

/** Declare a sector (key, Chinese label). */
WUHONG_EXTERN int wuhong_policy_builder_add_sector(wuhong_policy_builder *b, const char *key,
						   const char *label, wuhong_error *err);

/** Another name by which CSV data may name the sector (机关单位 for 机关). */
WUHONG_EXTERN int wuhong_policy_builder_add_alias(wuhong_policy_builder *b, const char *sector,
						  const char *alias, wuhong_error *err);

/** Append a criterion to a sector; exactly five are required, in order. */
WUHONG_EXTERN int wuhong_policy_builder_add_criterion(wuhong_policy_builder *b, const char *sector,
						      const char *key, const char *label,
						      const char *rule, wuhong_error *err);

/** Name the prerequisite criterion (a key every sector has); NULL for none. */
WUHONG_EXTERN int wuhong_policy_builder_set_prerequisite(wuhong_policy_builder *b, const char *key,
							 wuhong_error *err);

/**
 * What the policy's published boards are headed with (the policy file's
 * `board: {title, issuer}`): the campaign's title, 绛县“五面红旗”示范创建,
 * and who publishes it, 中共绛县县委组织部. Either may be NULL (unset).
 * Strings are copied.
 */
WUHONG_EXTERN int wuhong_policy_builder_set_board(wuhong_policy_builder *b, const char *title, const char *issuer,
						  wuhong_error *err);

/**
 * Add a veto (一票否决): when its rule is true, the unit gets no tier.
 *
 * @param sectors NULL-terminated list of sector keys it applies to, or NULL for all
 */
WUHONG_EXTERN int wuhong_policy_builder_add_veto(wuhong_policy_builder *b, const char *key,
						 const char *label, const char *rule,
						 const char *const *sectors, wuhong_error *err);

/** Add a tier: a unit with at least `flags` flags (1-5) holds it. */
WUHONG_EXTERN int wuhong_policy_builder_add_tier(wuhong_policy_builder *b, int flags,
						 const char *name, wuhong_error *err);

/** Set the award for a sector and tier, in integer fen (0 allowed). */
WUHONG_EXTERN int wuhong_policy_builder_set_award(wuhong_policy_builder *b, const char *sector,
						  int tier, int64_t fen, wuhong_error *err);

/**
 * Check and compile the builder's policy. The builder stays usable (and must
 * still be freed).
 *
 * @return 0, WUHONG_EPOLICY (with the key at fault), WUHONG_ERULE (with line,
 *         column and excerpt of the rule) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_policy_compile(wuhong_policy **out, const wuhong_policy_builder *b,
					wuhong_error *err);

/* ---- the compiled policy ---------------------------------------------- */

/** Take another reference. Returns p. Thread-safe. */
WUHONG_EXTERN wuhong_policy *wuhong_policy_ref(wuhong_policy *p);

/** Drop a reference; the last one frees. Accepts NULL. Thread-safe. */
WUHONG_EXTERN void wuhong_policy_free(wuhong_policy *p);

/** The policy's name; borrowed for the policy's life. */
WUHONG_EXTERN const char *wuhong_policy_name(const wuhong_policy *p);

/** The policy's board title (`board: title`), or NULL when it has none; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_board_title(const wuhong_policy *p);
/** The policy's board issuer (`board: issuer`), or NULL when it has none; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_board_issuer(const wuhong_policy *p);

/**
 * SHA-256 of the policy's canonical form, as 64 lowercase hex digits.
 * Two policies that mean the same (whatever their formatting, comments or
 * key order) have the same fingerprint. Borrowed for the policy's life.
 */
WUHONG_EXTERN const char *wuhong_policy_fingerprint(const wuhong_policy *p);

/**
 * The canonical form as compact JSON (sorted keys, rules re-printed, money as exact yuan text). It is a valid policy file itself: loading it gives the same policy. The caller
 * frees *out with wuhong_free().
 */
WUHONG_EXTERN int wuhong_policy_to_json(char **out, const wuhong_policy *p, wuhong_error *err);

/** Number of townships the policy lists. */
WUHONG_EXTERN size_t wuhong_policy_town_count(const wuhong_policy *p);
/** Township i; borrowed for the policy's life (NULL past the end). */
WUHONG_EXTERN const char *wuhong_policy_town(const wuhong_policy *p, size_t i);
/**
 * The index of the township with this name in *out; WUHONG_ENOTFOUND if the
 * policy lists no such township (the message suggests the nearest name).
 */
WUHONG_EXTERN int wuhong_policy_find_town(size_t *out, const wuhong_policy *p, const char *name, wuhong_error *err);

/** Number of indicators. */
WUHONG_EXTERN size_t wuhong_policy_indicator_count(const wuhong_policy *p);
/** Indicator i's key (its CSV column); borrowed (NULL past the end). */
WUHONG_EXTERN const char *wuhong_policy_indicator_key(const wuhong_policy *p, size_t i);
/** Indicator i's Chinese label, or NULL; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_indicator_label(const wuhong_policy *p, size_t i);
/** Indicator i's unit of measure (次, 万元, %), or NULL; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_indicator_unit(const wuhong_policy *p, size_t i);
/** Indicator i's type. */
WUHONG_EXTERN wuhong_indicator_type wuhong_policy_indicator_type(const wuhong_policy *p, size_t i);

/** Number of sectors. */
WUHONG_EXTERN size_t wuhong_policy_sector_count(const wuhong_policy *p);
/** Sector i's key (village, …); borrowed (NULL past the end). */
WUHONG_EXTERN const char *wuhong_policy_sector_key(const wuhong_policy *p, size_t i);
/** Sector i's Chinese label (行政村, …); borrowed. */
WUHONG_EXTERN const char *wuhong_policy_sector_label(const wuhong_policy *p, size_t i);
/** The index of the sector with this key, label or alias in *out; WUHONG_ENOTFOUND if none (the
 *  message suggests the nearest key or label). */
WUHONG_EXTERN int wuhong_policy_find_sector(size_t *out, const wuhong_policy *p, const char *name, wuhong_error *err);

/** Criterion c (0-4) of sector s: its key; borrowed (NULL past the end). */
WUHONG_EXTERN const char *wuhong_policy_criterion_key(const wuhong_policy *p, size_t sector, size_t c);
/** Criterion c of sector s: its Chinese label; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_criterion_label(const wuhong_policy *p, size_t sector, size_t c);
/** Criterion c of sector s: its rule text as written; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_criterion_rule(const wuhong_policy *p, size_t sector, size_t c);

/** Number of veto items. */
WUHONG_EXTERN size_t wuhong_policy_veto_count(const wuhong_policy *p);
/** Veto i's key; borrowed (NULL past the end). */
WUHONG_EXTERN const char *wuhong_policy_veto_key(const wuhong_policy *p, size_t i);
/** Veto i's Chinese label; borrowed. */
WUHONG_EXTERN const char *wuhong_policy_veto_label(const wuhong_policy *p, size_t i);

/** Tiers from the highest down; tier value = flags needed. */
WUHONG_EXTERN size_t wuhong_policy_tier_count(const wuhong_policy *p);
/** Tier i's flags needed (tiers from the highest down). */
WUHONG_EXTERN unsigned wuhong_policy_tier_flags(const wuhong_policy *p, size_t i);
/** The tier's name for a tier value (3, 4, 5); "" for 0 or unknown. */
WUHONG_EXTERN const char *wuhong_policy_tier_name(const wuhong_policy *p, int tier);

/** Scheduled award for a sector and tier value, in fen; 0 for tier 0. */
WUHONG_EXTERN int64_t wuhong_policy_award(const wuhong_policy *p, size_t sector, int tier);

WUHONG_END_DECL

#endif
