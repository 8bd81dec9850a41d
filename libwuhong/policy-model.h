/*
 * policy-model.h — a policy's structures as the modules that read a compiled
 * policy see them (evaluation, explanations, lists, awards, reviews, the
 * ledger). Building and compiling one is policy-internal.h's, for policy*.c
 * only. Not installed.
 */
#ifndef WUHONG_POLICY_MODEL_H
#define WUHONG_POLICY_MODEL_H

#include <stdatomic.h>

#include "rule/ast.h"
#include "rule/explain.h"
#include "rule/mask.h"
#include "rule/vm.h"
#include "util.h"
#include "wuhong/awards.h"
#include "wuhong/policy.h"
#include "wuhong/review.h"

#define POL_MAX_SECTORS 64   /* sector index fits a byte; 255 = unknown */
#define POL_MAX_VETOES 32    /* veto mask fits 32 bits */
#define POL_MAX_CRITERIA 16  /* builder accepts up to this, compile wants 5 */
#define POL_MAX_TOWNS 65000
#define POL_MAX_SIZE (1 << 20)  /* bytes of policy text (the default is 12 KB) */
#define POL_MAX_NESTING 64      /* flow lists and mappings inside one another */

typedef struct pol_indicator {
	const char *key, *label, *unit;
	wuhong_indicator_type type;
	double min, max;          /* NaN = open */
	wuhong_aggregate aggregate;
	wh_pos pos;
} pol_indicator;

/* A named rule with where it was written: a criterion, or a list's rule. */
typedef struct pol_rule {
	const char *key, *label, *rule;
	wh_pos pos, rule_pos;
	rule_ast ast;             /* compiled policies only */
} pol_rule;
typedef pol_rule pol_criterion;

typedef struct pol_sector {
	const char *key, *label;
	const char **aliases;
	size_t n_aliases, cap_aliases;
	pol_criterion criteria[POL_MAX_CRITERIA];
	int n_criteria;
	int64_t award[6];         /* fen, by tier value */
	bool award_set[6];
	int64_t review_reward[6]; /* fen: re-review rewards, their own schedule */
	wh_pos pos;
	/* compiled policies only */
	int prereq_bit;           /* -1: no prerequisite */
	uint32_t vetoes;          /* vetoes that apply to this sector */
	int veto_index[POL_MAX_VETOES]; /* program output k+5 -> veto index */
	int n_vetoes;
	vm_program program;       /* outputs: 5 criteria, then its vetoes */
	mask_program fused;       /* the same, fused (rule/mask.h), when has_fused */
	bool has_fused;
} pol_sector;

typedef struct pol_veto {
	const char *key, *label, *rule;
	const char **sectors;     /* NULL = all */
	size_t n_sectors;
	wh_pos pos, rule_pos;
	rule_ast ast;
} pol_veto;

typedef struct pol_tier {
	int flags;
	const char *name;
	wh_pos pos;
} pol_tier;

#define POL_MAX_LIST_RULES 32

typedef pol_rule pol_list_rule;

/* A red or black list (wuhong/lists.h). */
typedef struct pol_list {
	bool declared;
	const char *label;
	const char *order_by;     /* a list symbol; NULL = flags */
	bool ascending;
	int limit_per;            /* wuhong_list_limit */
	size_t limit;
	wh_pos pos, order_pos;
	pol_list_rule *rules;
	size_t n_rules, cap_rules;
	/* compiled policies only */
	int order_symbol;
	vm_program program;       /* outputs: each rule */
} pol_list;

/* The budget and what happens over it. */
typedef struct pol_budget {
	int64_t fen;              /* or WUHONG_NO_BUDGET */
	wuhong_over_budget over;
} pol_budget;

/* What a builder and a compiled policy both hold. */
typedef struct pol_def {
	wh_arena arena;
	const char *name;
	const char *board_title, *board_issuer; /* board: what a published board is headed with; NULL if unset */
	const char **towns;
	wh_pos *town_pos;
	size_t n_towns, cap_towns;
	pol_indicator *indicators;
	size_t n_indicators, cap_indicators;
	pol_sector *sectors;
	size_t n_sectors, cap_sectors;
	pol_veto *vetoes;
	size_t n_vetoes, cap_vetoes;
	pol_tier *tiers;
	size_t n_tiers, cap_tiers;
	const char *prerequisite;
	wh_pos prerequisite_pos;
	bool awards_declared;     /* the source had an awards section */
	wh_pos awards_pos;
	pol_list lists[2];        /* red, black */
	pol_budget budget;
	bool review_declared;     /* the source had a review section */
	wuhong_review_rules review; /* defaults: WUHONG_REVIEW_RULES_INIT */
} pol_def;

struct wuhong_policy_builder {
	pol_def def;
};

struct wuhong_policy {
	atomic_int refs;
	pol_def def;
	wh_map town_map;
	wh_map indicator_map;     /* keys and labels */
	wh_map sector_map;        /* keys, labels and aliases */
	bool *indicator_used;     /* referenced by some rule */
	bool *sector_uses;        /* [sector * n_indicators + i]: a rule of the sector uses indicator i */
	rule_symbols syms;        /* the indicators, as rules see them */
	/* list rules see the indicators, then the results (LS_*), then
	 * passed/failed/unknown of each criterion key (list_criteria) */
	rule_symbols list_syms;
	bool *list_used;          /* list symbol used by a list rule or order */
	int8_t *crit_of;          /* [sector * n_criteria + k]: criterion index or -1 */
	uint8_t tier_of_flags[6]; /* flags -> tier value held */
	int64_t award_table[POL_MAX_SECTORS * 8]; /* [sector * 8 + tier value]: fen, for vector lookups */
	int max_regs;             /* largest program, for scratch sizing */
	/* sectors whose programs differ only in constants share a merged one */
	int8_t class_of[POL_MAX_SECTORS]; /* -1: no merged program */
	vm_program *merged;
	mask_program *merged_fused; /* of merged[k], when merged_has_fused[k] */
	bool *merged_has_fused;
	int n_classes;
	char fingerprint[65];
};

/* Result symbols of list rules, after the indicators. */
enum { LS_TIER, LS_FLAGS, LS_VETOED, LS_VETO_UNKNOWN, LS_MISSING_COUNT, LS_AMOUNT,
       /* transition terms: known when a period is reviewed against a ledger, else unknown */
       LS_PROMOTED, LS_DEMOTED, LS_STRIPPED, LS_PERIODS_HELD, LS_FLAGS_ROSE, LS_RESULTS };

/* The name of an indicator type, as the policy file spells it. */
const char *pol_type_name(wuhong_indicator_type t);

#endif
