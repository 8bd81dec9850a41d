/*
 * policy.c — the policy builder, the compiler (every domain check lives
 * here, so a YAML file and a program that uses the builder get the same
 * checks and messages) and the compiled policy's accessors.
 */
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
		wh_pos *tp = realloc(d->town_pos, cap * sizeof *tp);
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
		v->sectors = malloc((n_sectors + 1) * sizeof *v->sectors);
		if (!v->sectors)
			return wh_error_oom(err);
		for (size_t i = 0; i < n_sectors; i++)
			if (!(v->sectors[i] = wh_arena_strdup(&d->arena, sectors[i])))
				return free(v->sectors), v->sectors = NULL, wh_error_oom(err);
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
		free(d->sectors[i].aliases);
	for (size_t i = 0; i < d->n_vetoes; i++)
		free(d->vetoes[i].sectors);
	free(d->towns);
	free(d->town_pos);
	free(d->indicators);
	free(d->sectors);
	free(d->vetoes);
	free(d->tiers);
	wh_arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}

/* ---- public builder wrappers -------------------------------------------- */

int wuhong_policy_builder_new(wuhong_policy_builder **out, const char *name)
{
	if (!out)
		return WUHONG_EINVAL;
	*out = NULL;
	wuhong_policy_builder *b = calloc(1, sizeof *b);
	if (!b)
		return WUHONG_ENOMEM;
	b->def.name = wh_arena_strdup(&b->def.arena, name ? name : "");
	if (!b->def.name) {
		free(b);
		return WUHONG_ENOMEM;
	}
	*out = b;
	return 0;
}

void wuhong_policy_builder_free(wuhong_policy_builder *b)
{
	if (!b)
		return;
	pol_def_free(&b->def);
	free(b);
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

/* ---- compile -------------------------------------------------------------- */

/* Deep copy: arrays with malloc, strings into dst's arena. */
static int def_copy(pol_def *dst, const pol_def *src)
{
	memset(dst, 0, sizeof *dst);
	wh_arena *a = &dst->arena;
#define DUP(s) ((s) ? wh_arena_strdup(a, (s)) : NULL)
#define ARR(field, n) \
	if ((n) && !(dst->field = malloc((n) * sizeof *dst->field))) return WUHONG_ENOMEM; \
	if (n) memcpy(dst->field, src->field, (n) * sizeof *dst->field)
	dst->name = DUP(src->name);
	ARR(towns, src->n_towns);
	ARR(town_pos, src->n_towns);
	dst->n_towns = dst->cap_towns = src->n_towns;
	for (size_t i = 0; i < src->n_towns; i++)
		if (!(dst->towns[i] = DUP(src->towns[i])))
			return WUHONG_ENOMEM;
	ARR(indicators, src->n_indicators);
	dst->n_indicators = dst->cap_indicators = src->n_indicators;
	for (size_t i = 0; i < src->n_indicators; i++) {
		pol_indicator *x = &dst->indicators[i];
		x->key = DUP(x->key);
		x->label = DUP(x->label);
		x->unit = DUP(x->unit);
		if (!x->key)
			return WUHONG_ENOMEM;
	}
	ARR(sectors, src->n_sectors);
	dst->n_sectors = dst->cap_sectors = src->n_sectors;
	for (size_t i = 0; i < src->n_sectors; i++) {
		pol_sector *s = &dst->sectors[i];
		s->aliases = NULL;
		s->key = DUP(s->key);
		s->label = DUP(s->label);
		if (s->n_aliases) {
			s->aliases = malloc(s->n_aliases * sizeof *s->aliases);
			if (!s->aliases)
				return WUHONG_ENOMEM;
			for (size_t k = 0; k < s->n_aliases; k++)
				s->aliases[k] = DUP(src->sectors[i].aliases[k]);
		}
		s->cap_aliases = s->n_aliases;
		for (int c = 0; c < s->n_criteria; c++) {
			pol_criterion *cr = &s->criteria[c];
			cr->key = DUP(cr->key);
			cr->label = DUP(cr->label);
			cr->rule = DUP(cr->rule);
			if (!cr->key || !cr->rule)
				return WUHONG_ENOMEM;
		}
	}
	ARR(vetoes, src->n_vetoes);
	dst->n_vetoes = dst->cap_vetoes = src->n_vetoes;
	for (size_t i = 0; i < src->n_vetoes; i++) {
		pol_veto *v = &dst->vetoes[i];
		v->sectors = NULL;
		v->key = DUP(v->key);
		v->label = DUP(v->label);
		v->rule = DUP(v->rule);
		if (!v->key || !v->rule)
			return WUHONG_ENOMEM;
		if (src->vetoes[i].sectors) {
			v->sectors = malloc((v->n_sectors + 1) * sizeof *v->sectors);
			if (!v->sectors)
				return WUHONG_ENOMEM;
			for (size_t k = 0; k < v->n_sectors; k++)
				v->sectors[k] = DUP(src->vetoes[i].sectors[k]);
		}
	}
	ARR(tiers, src->n_tiers);
	dst->n_tiers = dst->cap_tiers = src->n_tiers;
	for (size_t i = 0; i < src->n_tiers; i++)
		dst->tiers[i].name = DUP(dst->tiers[i].name);
	dst->prerequisite = DUP(src->prerequisite);
	dst->prerequisite_pos = src->prerequisite_pos;
	dst->awards_declared = src->awards_declared;
	dst->awards_pos = src->awards_pos;
#undef DUP
#undef ARR
	return 0;
}

static int map_unique(wh_map *m, const char *name, size_t value, const char *what, const wh_pos *pos,
		      wuhong_error *err)
{
	bool existed;
	if (wh_map_put(m, name, value, &existed, NULL))
		return wh_error_oom(err);
	if (existed)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "%s '%s' is used twice", what, name);
	return 0;
}

static int validate(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	int rc;
	for (size_t i = 0; i < d->n_towns; i++)
		if ((rc = map_unique(&p->town_map, d->towns[i], i, "township", &d->town_pos[i], err)))
			return rc;
	if (d->n_indicators == 0)
		return wh_error(err, WUHONG_EPOLICY, "the policy declares no indicators");
	for (size_t i = 0; i < d->n_indicators; i++) {
		pol_indicator *x = &d->indicators[i];
		if ((rc = map_unique(&p->indicator_map, x->key, i, "indicator name", &x->pos, err)))
			return rc;
		if (x->label && strcmp(x->label, x->key) != 0 &&
		    (rc = map_unique(&p->indicator_map, x->label, i, "indicator name", &x->pos, err)))
			return rc;
		if (!isnan(x->min) && !isnan(x->max) && x->min > x->max)
			return wh_error_at(err, WUHONG_EPOLICY, &x->pos, "indicator '%s': min is above max", x->key);
		if (x->aggregate != WUHONG_AGG_NONE && x->type == WUHONG_TYPE_BOOL)
			return wh_error_at(err, WUHONG_EPOLICY, &x->pos,
					   "indicator '%s': a true/false indicator cannot be aggregated", x->key);
	}
	if (d->n_sectors == 0)
		return wh_error(err, WUHONG_EPOLICY, "the policy declares no sectors");
	for (size_t i = 0; i < d->n_sectors; i++) {
		pol_sector *s = &d->sectors[i];
		if ((rc = map_unique(&p->sector_map, s->key, i, "sector name", &s->pos, err)))
			return rc;
		if (s->label && strcmp(s->label, s->key) != 0 &&
		    (rc = map_unique(&p->sector_map, s->label, i, "sector name", &s->pos, err)))
			return rc;
		for (size_t k = 0; k < s->n_aliases; k++)
			if ((rc = map_unique(&p->sector_map, s->aliases[k], i, "sector name", &s->pos, err)))
				return rc;
		if (s->n_criteria != WUHONG_CRITERIA)
			return wh_error_at(err, WUHONG_EPOLICY, &s->pos,
					   "sector '%s' has %d criteria; expected exactly %d", s->key,
					   s->n_criteria, WUHONG_CRITERIA);
		s->prereq_bit = -1;
		if (d->prerequisite) {
			for (int c = 0; c < s->n_criteria; c++)
				if (strcmp(s->criteria[c].key, d->prerequisite) == 0)
					s->prereq_bit = c;
			if (s->prereq_bit < 0)
				return wh_error_at(err, WUHONG_EPOLICY, &d->prerequisite_pos,
						   "prerequisite '%s' is not a criterion of sector '%s'",
						   d->prerequisite, s->key);
		}
	}
	if (d->n_tiers == 0)
		return wh_error(err, WUHONG_EPOLICY, "the policy declares no tiers");
	for (size_t i = 1; i < d->n_tiers; i++)
		if (d->tiers[i].flags >= d->tiers[i - 1].flags)
			return wh_error_at(err, WUHONG_EPOLICY, &d->tiers[i].pos,
					   "tiers must be listed from the most flags down; %d flags comes after %d",
					   d->tiers[i].flags, d->tiers[i - 1].flags);
	/* flags -> tier held: the highest tier whose flag count is reached */
	for (int f = 0; f <= WUHONG_CRITERIA; f++) {
		p->tier_of_flags[f] = 0;
		for (size_t i = 0; i < d->n_tiers; i++)
			if (f >= d->tiers[i].flags) {
				p->tier_of_flags[f] = (uint8_t)d->tiers[i].flags;
				break;
			}
	}
	for (size_t i = 0; i < d->n_sectors; i++)
		for (size_t t = 0; t < d->n_tiers; t++)
			if (!d->sectors[i].award_set[d->tiers[t].flags])
				return wh_error_at(err, WUHONG_EPOLICY, d->awards_declared ? &d->awards_pos : NULL,
						   "the award schedule has no amount for sector '%s' and tier %d; "
						   "every sector needs an amount (0 allowed) for every tier",
						   d->sectors[i].key, d->tiers[t].flags);
	for (size_t i = 0; i < d->n_sectors; i++)
		for (int t = 1; t <= WUHONG_CRITERIA; t++) {
			bool declared = false;
			for (size_t k = 0; k < d->n_tiers; k++)
				declared |= d->tiers[k].flags == t;
			if (d->sectors[i].award_set[t] && !declared)
				return wh_error_at(err, WUHONG_EPOLICY, d->awards_declared ? &d->awards_pos : NULL,
						   "the award schedule names tier %d for sector '%s', but no such tier is declared",
						   t, d->sectors[i].key);
		}
	for (size_t v = 0; v < d->n_vetoes; v++)
		for (size_t k = 0; k < d->vetoes[v].n_sectors; k++)
			if (!pol_find_sector(d, d->vetoes[v].sectors[k]))
				return wh_error_at(err, WUHONG_EPOLICY, &d->vetoes[v].pos,
						   "veto '%s' names sector '%s', which is not declared",
						   d->vetoes[v].key, d->vetoes[v].sectors[k]);
	return 0;
}

/*
 * Group sectors whose programs differ only in constants, with the same
 * prerequisite position and vetoes, so that blocks mixing them can run one
 * merged program (rule-vm.c, vm_merge).
 */
static int merge_classes(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	p->merged = wh_arena_alloc(&d->arena, sizeof *p->merged * (d->n_sectors + 1));
	if (!p->merged)
		return wh_error_oom(err);
	for (size_t i = 0; i < POL_MAX_SECTORS; i++)
		p->class_of[i] = -1;
	for (size_t i = 0; i < d->n_sectors; i++) {
		if (p->class_of[i] >= 0)
			continue;
		const pol_sector *si = &d->sectors[i];
		const vm_program *progs[POL_MAX_SECTORS];
		int members[POL_MAX_SECTORS], n = 0;
		progs[n] = &si->program;
		members[n++] = (int)i;
		for (size_t j = i + 1; j < d->n_sectors; j++) {
			const pol_sector *sj = &d->sectors[j];
			if (p->class_of[j] < 0 && sj->prereq_bit == si->prereq_bit && sj->vetoes == si->vetoes &&
			    vm_same_shape(&si->program, &sj->program)) {
				progs[n] = &sj->program;
				members[n++] = (int)j;
			}
		}
		if (n < 2)
			continue;
		bool oom;
		if (!vm_merge(&p->merged[p->n_classes], progs, members, n, &d->arena, &oom))
			return oom ? wh_error_oom(err) : 0;
		for (int k = 0; k < n; k++)
			p->class_of[members[k]] = (int8_t)p->n_classes;
		p->n_classes++;
	}
	return 0;
}

static int compile_rules(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	const char **keys = malloc(d->n_indicators * sizeof *keys);
	bool *is_bool = malloc(d->n_indicators * sizeof *is_bool);
	p->indicator_used = wh_arena_alloc(&d->arena, d->n_indicators * sizeof *p->indicator_used);
	int rc = 0;
	if (!keys || !is_bool || !p->indicator_used) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < d->n_indicators; i++) {
		keys[i] = d->indicators[i].key;
		is_bool[i] = d->indicators[i].type == WUHONG_TYPE_BOOL;
		p->indicator_used[i] = false;
	}
	rule_symbols syms = { d->n_indicators, keys, is_bool };
	for (size_t i = 0; i < d->n_sectors && !rc; i++)
		for (int c = 0; c < WUHONG_CRITERIA && !rc; c++) {
			pol_criterion *cr = &d->sectors[i].criteria[c];
			rc = rule_parse(&cr->ast, cr->rule, &syms, &cr->rule_pos, &d->arena, err);
			if (rc && err)
				wh_error_set_field(err, cr->key);
		}
	for (size_t v = 0; v < d->n_vetoes && !rc; v++) {
		rc = rule_parse(&d->vetoes[v].ast, d->vetoes[v].rule, &syms, &d->vetoes[v].rule_pos,
				&d->arena, err);
		if (rc && err)
			wh_error_set_field(err, d->vetoes[v].key);
	}
	if (rc)
		goto out;
	/* one program per sector: its five criteria, then the vetoes that apply */
	for (size_t i = 0; i < d->n_sectors && !rc; i++) {
		pol_sector *s = &d->sectors[i];
		const rule_ast *rules[WUHONG_CRITERIA + POL_MAX_VETOES];
		int n = 0;
		for (int c = 0; c < WUHONG_CRITERIA; c++)
			rules[n++] = &s->criteria[c].ast;
		s->vetoes = 0;
		s->n_vetoes = 0;
		for (size_t v = 0; v < d->n_vetoes; v++) {
			pol_veto *vt = &d->vetoes[v];
			bool applies = vt->sectors == NULL;
			for (size_t k = 0; k < vt->n_sectors; k++)
				applies |= strcmp(vt->sectors[k], s->key) == 0;
			if (!applies)
				continue;
			s->vetoes |= 1u << v;
			s->veto_index[s->n_vetoes++] = (int)v;
			rules[n++] = &vt->ast;
		}
		for (int r = 0; r < n; r++)
			for (int j = 0; j < rules[r]->n_nodes; j++)
				if (rules[r]->nodes[j].kind == RK_NAME)
					p->indicator_used[rules[r]->nodes[j].indicator] = true;
		rc = vm_compile(&s->program, rules, n, &d->arena, err);
		if (!rc && s->program.n_regs > p->max_regs)
			p->max_regs = s->program.n_regs;
	}
	if (!rc)
		rc = merge_classes(p, err);
out:
	free(keys);
	free(is_bool);
	return rc;
}

int wuhong_policy_compile(wuhong_policy **out, const wuhong_policy_builder *b, wuhong_error *err)
{
	if (!out || !b)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_compile: NULL argument");
	*out = NULL;
	wuhong_policy *p = calloc(1, sizeof *p);
	if (!p)
		return wh_error_oom(err);
	atomic_init(&p->refs, 1);
	int rc = def_copy(&p->def, &b->def);
	if (rc)
		rc = wh_error_oom(err);
	if (!rc)
		rc = validate(p, err);
	if (!rc)
		rc = compile_rules(p, err);
	if (!rc)
		rc = pol_fingerprint(p, err);
	if (rc) {
		wuhong_policy_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* ---- compiled policy ------------------------------------------------------ */

wuhong_policy *wuhong_policy_ref(wuhong_policy *p)
{
	if (p)
		atomic_fetch_add(&p->refs, 1);
	return p;
}

void wuhong_policy_free(wuhong_policy *p)
{
	if (!p || atomic_fetch_sub(&p->refs, 1) != 1)
		return;
	wh_map_free(&p->town_map);
	wh_map_free(&p->indicator_map);
	wh_map_free(&p->sector_map);
	pol_def_free(&p->def);
	free(p);
}

const char *wuhong_policy_name(const wuhong_policy *p)
{
	return p && p->def.name ? p->def.name : "";
}

const char *wuhong_policy_fingerprint(const wuhong_policy *p)
{
	return p ? p->fingerprint : "";
}

#define IN_RANGE(i, n) (p && (i) < (n))

size_t wuhong_policy_town_count(const wuhong_policy *p) { return p ? p->def.n_towns : 0; }

const char *wuhong_policy_town(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_towns) ? p->def.towns[i] : NULL;
}

size_t wuhong_policy_indicator_count(const wuhong_policy *p) { return p ? p->def.n_indicators : 0; }

const char *wuhong_policy_indicator_key(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_indicators) ? p->def.indicators[i].key : NULL;
}

const char *wuhong_policy_indicator_label(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_indicators) ? p->def.indicators[i].label : NULL;
}

const char *wuhong_policy_indicator_unit(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_indicators) ? p->def.indicators[i].unit : NULL;
}

wuhong_indicator_type wuhong_policy_indicator_type(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_indicators) ? p->def.indicators[i].type : WUHONG_TYPE_NUMBER;
}

size_t wuhong_policy_sector_count(const wuhong_policy *p) { return p ? p->def.n_sectors : 0; }

const char *wuhong_policy_sector_key(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_sectors) ? p->def.sectors[i].key : NULL;
}

const char *wuhong_policy_sector_label(const wuhong_policy *p, size_t i)
{
	if (!IN_RANGE(i, p->def.n_sectors))
		return NULL;
	return p->def.sectors[i].label ? p->def.sectors[i].label : p->def.sectors[i].key;
}

int wuhong_policy_find_sector(const wuhong_policy *p, const char *name, size_t *index)
{
	if (!p || !name)
		return WUHONG_EINVAL;
	size_t v;
	if (!wh_map_get(&p->sector_map, name, &v))
		return WUHONG_ENOTFOUND;
	if (index)
		*index = v;
	return 0;
}

static const pol_criterion *criterion(const wuhong_policy *p, size_t s, size_t c)
{
	if (!p || s >= p->def.n_sectors || c >= WUHONG_CRITERIA)
		return NULL;
	return &p->def.sectors[s].criteria[c];
}

const char *wuhong_policy_criterion_key(const wuhong_policy *p, size_t s, size_t c)
{
	const pol_criterion *cr = criterion(p, s, c);
	return cr ? cr->key : NULL;
}

const char *wuhong_policy_criterion_label(const wuhong_policy *p, size_t s, size_t c)
{
	const pol_criterion *cr = criterion(p, s, c);
	return cr ? (cr->label ? cr->label : cr->key) : NULL;
}

const char *wuhong_policy_criterion_rule(const wuhong_policy *p, size_t s, size_t c)
{
	const pol_criterion *cr = criterion(p, s, c);
	return cr ? cr->rule : NULL;
}

size_t wuhong_policy_veto_count(const wuhong_policy *p) { return p ? p->def.n_vetoes : 0; }

const char *wuhong_policy_veto_key(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_vetoes) ? p->def.vetoes[i].key : NULL;
}

const char *wuhong_policy_veto_label(const wuhong_policy *p, size_t i)
{
	if (!IN_RANGE(i, p->def.n_vetoes))
		return NULL;
	return p->def.vetoes[i].label ? p->def.vetoes[i].label : p->def.vetoes[i].key;
}

size_t wuhong_policy_tier_count(const wuhong_policy *p) { return p ? p->def.n_tiers : 0; }

int wuhong_policy_tier_flags(const wuhong_policy *p, size_t i)
{
	return IN_RANGE(i, p->def.n_tiers) ? p->def.tiers[i].flags : 0;
}

const char *wuhong_policy_tier_name(const wuhong_policy *p, int tier)
{
	for (size_t i = 0; p && i < p->def.n_tiers; i++)
		if (p->def.tiers[i].flags == tier)
			return p->def.tiers[i].name;
	return "";
}

int64_t wuhong_policy_award(const wuhong_policy *p, size_t s, int tier)
{
	if (!p || s >= p->def.n_sectors || tier < 1 || tier > WUHONG_CRITERIA)
		return 0;
	return p->def.sectors[s].award[tier];
}
