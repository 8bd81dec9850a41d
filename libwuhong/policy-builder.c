/*
 * policy-builder.c — building a policy item by item: the functions the
 * YAML loader calls (with source positions) and the public builder API.
 * Items are checked one by one here; the policy as a whole is checked when
 * compiled (policy.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy-internal.h"
#include "wuhong/money.h"

/* ---- builder ------------------------------------------------------------ */

const char *pol_intern(pol_def *d, const char *s)
{
	return s ? wh_arena_strdup(&d->arena, s) : NULL;
}

static const char *dup_opt(pol_def *d, const char *s)
{
	return (s && *s) ? wh_arena_strdup(&d->arena, s) : NULL;
}

static wh_pos pos_or_none(const wh_pos *pos)
{
	return pos ? *pos : (wh_pos){ NULL, 0, 0 };
}

static const char *const reserved[] = { "and", "or", "not", "true", "false",
					"min", "max", "abs", "missing" };

static int check_key(const char *what, const char *key, const wh_pos *pos, wuhong_error *err)
{
	if (!key || !*key)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "%s needs a key", what);
	if (!wh_is_identifier(key))
		return wh_error_at(err, WUHONG_EPOLICY, pos,
				   "%s key '%s' is not valid; expected letters, digits and _ (not starting with a digit)",
				   what, key);
	for (size_t i = 0; i < WH_ARRAY_LEN(reserved); i++)
		if (strcmp(key, reserved[i]) == 0)
			return wh_error_at(err, WUHONG_EPOLICY, pos, "%s key '%s' is a reserved word of the rule language",
					   what, key);
	return 0;
}

int pol_add_town(pol_def *d, const char *name, const wh_pos *pos, wuhong_error *err)
{
	if (!name || !*name)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "a township needs a name");
	for (size_t i = 0; i < d->n_towns; i++)
		if (strcmp(d->towns[i], name) == 0)
			return wh_error_at(err, WUHONG_EPOLICY, pos, "township '%s' is listed twice", name);
	if (d->n_towns >= POL_MAX_TOWNS)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "too many townships (at most %d)", POL_MAX_TOWNS);
	size_t cap = d->cap_towns;
	if (!wh_grow((void **)&d->towns, &cap, d->n_towns, sizeof *d->towns))
		return wh_error_oom(err);
	if (cap != d->cap_towns) {
		wh_pos *tp = wh_realloc(d->town_pos, cap * sizeof *tp);
		if (!tp)
			return wh_error_oom(err);
		d->town_pos = tp;
		d->cap_towns = cap;
	}
	const char *copy = wh_arena_strdup(&d->arena, name);
	if (!copy)
		return wh_error_oom(err);
	d->town_pos[d->n_towns] = pos_or_none(pos);
	d->towns[d->n_towns++] = copy;
	return 0;
}

pol_indicator *pol_find_indicator(pol_def *d, const char *key)
{
	for (size_t i = 0; key && i < d->n_indicators; i++)
		if (strcmp(d->indicators[i].key, key) == 0)
			return &d->indicators[i];
	return NULL;
}

int pol_add_indicator(pol_def *d, const char *key, const char *label, const char *unit,
		      wuhong_indicator_type type, const wh_pos *pos, wuhong_error *err)
{
	int rc = check_key("an indicator", key, pos, err);
	if (rc)
		return rc;
	if (pol_find_indicator(d, key))
		return wh_error_at(err, WUHONG_EPOLICY, pos, "indicator '%s' is declared twice", key);
	if ((unsigned)type > WUHONG_TYPE_SCORE)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "indicator '%s' has an unknown type", key);
	if (!wh_grow((void **)&d->indicators, &d->cap_indicators, d->n_indicators, sizeof *d->indicators))
		return wh_error_oom(err);
	pol_indicator *x = &d->indicators[d->n_indicators];
	memset(x, 0, sizeof *x);
	x->key = wh_arena_strdup(&d->arena, key);
	x->label = dup_opt(d, label);
	x->unit = dup_opt(d, unit);
	x->type = type;
	x->min = x->max = NAN;
	x->pos = pos_or_none(pos);
	if (!x->key || (label && *label && !x->label) || (unit && *unit && !x->unit))
		return wh_error_oom(err);
	d->n_indicators++;
	return 0;
}

pol_sector *pol_find_sector(pol_def *d, const char *key)
{
	for (size_t i = 0; key && i < d->n_sectors; i++)
		if (strcmp(d->sectors[i].key, key) == 0)
			return &d->sectors[i];
	return NULL;
}

int pol_add_sector(pol_def *d, const char *key, const char *label, const wh_pos *pos,
		   wuhong_error *err)
{
	int rc = check_key("a sector", key, pos, err);
	if (rc)
		return rc;
	if (pol_find_sector(d, key))
		return wh_error_at(err, WUHONG_EPOLICY, pos, "sector '%s' is declared twice", key);
	if (d->n_sectors >= POL_MAX_SECTORS)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "too many sectors (at most %d)", POL_MAX_SECTORS);
	if (!wh_grow((void **)&d->sectors, &d->cap_sectors, d->n_sectors, sizeof *d->sectors))
		return wh_error_oom(err);
	pol_sector *s = &d->sectors[d->n_sectors];
	memset(s, 0, sizeof *s);
	s->key = wh_arena_strdup(&d->arena, key);
	s->label = dup_opt(d, label);
	s->pos = pos_or_none(pos);
	if (!s->key)
		return wh_error_oom(err);
	d->n_sectors++;
	return 0;
}

int pol_add_alias(pol_def *d, pol_sector *s, const char *alias, const wh_pos *pos, wuhong_error *err)
{
	if (!alias || !*alias)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "an alias of sector '%s' is empty", s->key);
	if (!wh_grow((void **)&s->aliases, &s->cap_aliases, s->n_aliases, sizeof *s->aliases))
		return wh_error_oom(err);
	const char *copy = wh_arena_strdup(&d->arena, alias);
	if (!copy)
		return wh_error_oom(err);
	s->aliases[s->n_aliases++] = copy;
	return 0;
}

int pol_add_criterion(pol_def *d, pol_sector *s, const char *key, const char *label,
		      const char *rule, const wh_pos *pos, const wh_pos *rule_pos, wuhong_error *err)
{
	int rc = check_key("a criterion", key, pos, err);
	if (rc)
		return rc;
	for (int i = 0; i < s->n_criteria; i++)
		if (strcmp(s->criteria[i].key, key) == 0)
			return wh_error_at(err, WUHONG_EPOLICY, pos, "sector '%s' has criterion '%s' twice",
					   s->key, key);
	if (s->n_criteria >= POL_MAX_CRITERIA)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "sector '%s' has too many criteria; expected exactly %d",
				   s->key, WUHONG_CRITERIA);
	if (!rule || !*rule)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "criterion '%s' of sector '%s' needs a rule", key,
				   s->key);
	pol_criterion *c = &s->criteria[s->n_criteria];
	memset(c, 0, sizeof *c);
	c->key = wh_arena_strdup(&d->arena, key);
	c->label = dup_opt(d, label);
	c->rule = wh_arena_strdup(&d->arena, rule);
	c->pos = pos_or_none(pos);
	c->rule_pos = rule_pos ? *rule_pos : c->pos;
	if (!c->key || !c->rule)
		return wh_error_oom(err);
	s->n_criteria++;
	return 0;
}

int pol_add_veto(pol_def *d, const char *key, const char *label, const char *rule,
		 const char *const *sectors, size_t n_sectors, const wh_pos *pos,
		 const wh_pos *rule_pos, wuhong_error *err)
{
	int rc = check_key("a veto", key, pos, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < d->n_vetoes; i++)
		if (strcmp(d->vetoes[i].key, key) == 0)
			return wh_error_at(err, WUHONG_EPOLICY, pos, "veto '%s' is declared twice", key);
	if (d->n_vetoes >= POL_MAX_VETOES)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "too many vetoes (at most %d)", POL_MAX_VETOES);
	if (!rule || !*rule)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "veto '%s' needs a rule", key);
	if (!wh_grow((void **)&d->vetoes, &d->cap_vetoes, d->n_vetoes, sizeof *d->vetoes))
		return wh_error_oom(err);
	pol_veto *v = &d->vetoes[d->n_vetoes];
	memset(v, 0, sizeof *v);
	v->key = wh_arena_strdup(&d->arena, key);
	v->label = dup_opt(d, label);
	v->rule = wh_arena_strdup(&d->arena, rule);
	v->pos = pos_or_none(pos);
	v->rule_pos = rule_pos ? *rule_pos : v->pos;
	if (!v->key || !v->rule)
		return wh_error_oom(err);
	if (sectors) {
		v->sectors = wh_malloc((n_sectors + 1) * sizeof *v->sectors);
		if (!v->sectors)
			return wh_error_oom(err);
		for (size_t i = 0; i < n_sectors; i++)
			if (!(v->sectors[i] = wh_arena_strdup(&d->arena, sectors[i])))
				return wh_free(v->sectors), v->sectors = NULL, wh_error_oom(err);
		v->n_sectors = n_sectors;
	}
	d->n_vetoes++;
	return 0;
}

int pol_add_tier(pol_def *d, int flags, const char *name, const wh_pos *pos, wuhong_error *err)
{
	if (flags < 1 || flags > WUHONG_CRITERIA)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "a tier needs 1 to %d flags, not %d",
				   WUHONG_CRITERIA, flags);
	if (!wh_grow((void **)&d->tiers, &d->cap_tiers, d->n_tiers, sizeof *d->tiers))
		return wh_error_oom(err);
	pol_tier *t = &d->tiers[d->n_tiers];
	t->flags = flags;
	t->name = wh_arena_strdup(&d->arena, name ? name : "");
	t->pos = pos_or_none(pos);
	if (!t->name)
		return wh_error_oom(err);
	d->n_tiers++;
	return 0;
}

int pol_set_award(pol_def *d, pol_sector *s, int tier, int64_t fen, const wh_pos *pos,
		  wuhong_error *err)
{
	(void)d;
	if (tier < 1 || tier > WUHONG_CRITERIA)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "award for sector '%s': tier %d does not exist",
				   s->key, tier);
	if (fen < 0 || fen > WUHONG_MONEY_MAX)
		return wh_error_at(err, WUHONG_EPOLICY, pos,
				   "award for sector '%s' tier %d is out of range (0 to 10^13 yuan)", s->key, tier);
	if (s->award_set[tier])
		return wh_error_at(err, WUHONG_EPOLICY, pos, "award for sector '%s' tier %d is given twice",
				   s->key, tier);
	s->award[tier] = fen;
	s->award_set[tier] = true;
	return 0;
}

void pol_def_free(pol_def *d)
{
	for (size_t i = 0; i < d->n_sectors; i++)
		wh_free(d->sectors[i].aliases);
	for (size_t i = 0; i < d->n_vetoes; i++)
		wh_free(d->vetoes[i].sectors);
	wh_free(d->towns);
	wh_free(d->town_pos);
	wh_free(d->indicators);
	wh_free(d->sectors);
	wh_free(d->vetoes);
	wh_free(d->tiers);
	pol_free_lists(d);
	wh_arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}

/* ---- public builder wrappers -------------------------------------------- */

int wuhong_policy_builder_new(wuhong_policy_builder **out, const char *name, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_builder_new: NULL argument");
	*out = NULL;
	wuhong_policy_builder *b = wh_calloc(1, sizeof *b);
	if (!b)
		return wh_error_oom(err);
	b->def.name = wh_arena_strdup(&b->def.arena, name ? name : "");
	b->def.budget = (pol_budget){ WUHONG_NO_BUDGET, WUHONG_BUDGET_REFUSE };
	b->def.review = (wuhong_review_rules)WUHONG_REVIEW_RULES_INIT;
	if (!b->def.name) {
		wh_free(b);
		return wh_error_oom(err);
	}
	*out = b;
	return 0;
}

void wuhong_policy_builder_free(wuhong_policy_builder *b)
{
	if (!b)
		return;
	pol_def_free(&b->def);
	wh_free(b);
}

#define NEED_BUILDER(b) \
	if (!(b)) return wh_error(err, WUHONG_EINVAL, "builder is NULL")

static int need_sector(pol_def *d, const char *key, pol_sector **out, wuhong_error *err)
{
	*out = pol_find_sector(d, key);
	if (!*out)
		return wh_error(err, WUHONG_ENOTFOUND, "no sector '%s'; add it first", key ? key : "(null)");
	return 0;
}

int wuhong_policy_builder_add_town(wuhong_policy_builder *b, const char *name, wuhong_error *err)
{
	NEED_BUILDER(b);
	return pol_add_town(&b->def, name, NULL, err);
}

int wuhong_policy_builder_add_indicator(wuhong_policy_builder *b, const char *key, const char *label,
					const char *unit, wuhong_indicator_type type, wuhong_error *err)
{
	NEED_BUILDER(b);
	return pol_add_indicator(&b->def, key, label, unit, type, NULL, err);
}

int wuhong_policy_builder_set_range(wuhong_policy_builder *b, const char *key, double min, double max,
				    wuhong_error *err)
{
	NEED_BUILDER(b);
	pol_indicator *x = pol_find_indicator(&b->def, key);
	if (!x)
		return wh_error(err, WUHONG_ENOTFOUND, "no indicator '%s'", key ? key : "(null)");
	/* NaN is "no bound"; an infinity has no canonical (JSON) form */
	if (isinf(min) || isinf(max))
		return wh_error(err, WUHONG_EINVAL, "the range of '%s' must be finite numbers (NaN for no bound)", key);
	x->min = min;
	x->max = max;
	return 0;
}

int wuhong_policy_builder_set_aggregate(wuhong_policy_builder *b, const char *key, wuhong_aggregate agg,
					wuhong_error *err)
{
	NEED_BUILDER(b);
	pol_indicator *x = pol_find_indicator(&b->def, key);
	if (!x)
		return wh_error(err, WUHONG_ENOTFOUND, "no indicator '%s'", key ? key : "(null)");
	if ((unsigned)agg > WUHONG_AGG_MEDIAN)
		return wh_error(err, WUHONG_EINVAL, "unknown aggregation");
	x->aggregate = agg;
	return 0;
}

int wuhong_policy_builder_add_sector(wuhong_policy_builder *b, const char *key, const char *label,
				     wuhong_error *err)
{
	NEED_BUILDER(b);
	return pol_add_sector(&b->def, key, label, NULL, err);
}

int wuhong_policy_builder_add_alias(wuhong_policy_builder *b, const char *sector, const char *alias,
				    wuhong_error *err)
{
	NEED_BUILDER(b);
	pol_sector *s;
	int rc = need_sector(&b->def, sector, &s, err);
	return rc ? rc : pol_add_alias(&b->def, s, alias, NULL, err);
}

int wuhong_policy_builder_add_criterion(wuhong_policy_builder *b, const char *sector, const char *key,
					const char *label, const char *rule, wuhong_error *err)
{
	NEED_BUILDER(b);
	pol_sector *s;
	int rc = need_sector(&b->def, sector, &s, err);
	return rc ? rc : pol_add_criterion(&b->def, s, key, label, rule, NULL, NULL, err);
}

int wuhong_policy_builder_set_prerequisite(wuhong_policy_builder *b, const char *key, wuhong_error *err)
{
	NEED_BUILDER(b);
	b->def.prerequisite = key ? wh_arena_strdup(&b->def.arena, key) : NULL;
	if (key && !b->def.prerequisite)
		return wh_error_oom(err);
	return 0;
}

int wuhong_policy_builder_set_board(wuhong_policy_builder *b, const char *title, const char *issuer, wuhong_error *err)
{
	NEED_BUILDER(b);
	b->def.board_title = title ? wh_arena_strdup(&b->def.arena, title) : NULL;
	b->def.board_issuer = issuer ? wh_arena_strdup(&b->def.arena, issuer) : NULL;
	if ((title && !b->def.board_title) || (issuer && !b->def.board_issuer))
		return wh_error_oom(err);
	return 0;
}

int wuhong_policy_builder_add_veto(wuhong_policy_builder *b, const char *key, const char *label,
				   const char *rule, const char *const *sectors, wuhong_error *err)
{
	NEED_BUILDER(b);
	size_t n = 0;
	while (sectors && sectors[n])
		n++;
	return pol_add_veto(&b->def, key, label, rule, sectors, n, NULL, NULL, err);
}

int wuhong_policy_builder_add_tier(wuhong_policy_builder *b, int flags, const char *name, wuhong_error *err)
{
	NEED_BUILDER(b);
	return pol_add_tier(&b->def, flags, name, NULL, err);
}

int wuhong_policy_builder_set_award(wuhong_policy_builder *b, const char *sector, int tier, int64_t fen,
				    wuhong_error *err)
{
	NEED_BUILDER(b);
	pol_sector *s;
	int rc = need_sector(&b->def, sector, &s, err);
	return rc ? rc : pol_set_award(&b->def, s, tier, fen, NULL, err);
}

