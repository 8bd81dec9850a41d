/*
 * policy-internal.h — building and compiling a policy: the operations the
 * builder API, the YAML loader, the compiler and the canonical form share
 * (policy*.c only; the structures are policy-model.h's). Not installed.
 */
#ifndef WUHONG_POLICY_INTERNAL_H
#define WUHONG_POLICY_INTERNAL_H

#include "policy-model.h"

/* Builder operations with a source position (the YAML loader's path). */
int pol_add_town(pol_def *d, const char *name, const wh_pos *pos, wuhong_error *err);
int pol_add_indicator(pol_def *d, const char *key, const char *label, const char *unit,
		      wuhong_indicator_type type, const wh_pos *pos, wuhong_error *err);
pol_indicator *pol_find_indicator(pol_def *d, const char *key);
int pol_add_sector(pol_def *d, const char *key, const char *label, const wh_pos *pos,
		   wuhong_error *err);
pol_sector *pol_find_sector(pol_def *d, const char *key);
int pol_add_alias(pol_def *d, pol_sector *s, const char *alias, const wh_pos *pos, wuhong_error *err);
int pol_add_criterion(pol_def *d, pol_sector *s, const char *key, const char *label,
		      const char *rule, const wh_pos *pos, const wh_pos *rule_pos, wuhong_error *err);
int pol_add_veto(pol_def *d, const char *key, const char *label, const char *rule,
		 const char *const *sectors, size_t n_sectors, const wh_pos *pos,
		 const wh_pos *rule_pos, wuhong_error *err);
int pol_add_tier(pol_def *d, int flags, const char *name, const wh_pos *pos, wuhong_error *err);
int pol_set_award(pol_def *d, pol_sector *s, int tier, int64_t fen, const wh_pos *pos,
		  wuhong_error *err);
int pol_set_list(pol_def *d, int list, const char *label, const char *order_by, bool ascending,
		 const wh_pos *pos, const wh_pos *order_pos, wuhong_error *err);
int pol_add_list_rule(pol_def *d, int list, const char *key, const char *label, const char *rule,
		      const wh_pos *pos, const wh_pos *rule_pos, wuhong_error *err);
int pol_set_list_limit(pol_def *d, int list, int per, size_t count, const wh_pos *pos, wuhong_error *err);
/* Copy the lists of src into dst (def_copy's share); free them. */
int pol_copy_lists(pol_def *dst, const pol_def *src);
void pol_free_lists(pol_def *d);
/* The budget and the review rules, checked (a position names the field a
 * check is about; any may be NULL). */
int pol_set_budget(pol_def *d, int64_t fen, wuhong_over_budget over, const wh_pos *pos, wuhong_error *err);
int pol_set_review(pol_def *d, const wuhong_review_rules *r, const wh_pos *min_tier_pos, const wh_pos *wait_pos,
		   const wh_pos *per_month_pos, wuhong_error *err);
/* Compile the list rules of a policy whose criteria are compiled. */
int pol_compile_lists(struct wuhong_policy *p, wuhong_error *err);
/* Intern a file name for positions. */
const char *pol_intern(pol_def *d, const char *s);
void pol_def_free(pol_def *d);

/* The YAML front end: parse text into a builder. */
int pol_parse_yaml(pol_def *d, const char *text, size_t len, const char *file, wuhong_error *err);

/* Canonical JSON (policy-json.c); fills p->fingerprint. */
int pol_fingerprint(struct wuhong_policy *p, wuhong_error *err);

const char *pol_aggregate_name(wuhong_aggregate a);

#endif
