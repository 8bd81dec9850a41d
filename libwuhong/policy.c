/*
 * policy.c — compiling a policy (every domain check lives here, so a YAML
 * file and a program that uses the builder get the same checks and
 * messages) and the compiled policy's accessors.
 */
#include <stdlib.h>
#include <string.h>

#include "policy-internal.h"
#include "wuhong/money.h"

/* ---- compile -------------------------------------------------------------- */

/* A copy in progress: strings go into the copy's arena; the first failure sticks. */
typedef struct copier {
	wh_arena *arena;
	bool failed;
} copier;

static const char *dup_str(copier *c, const char *s)
{
	if (!s)
		return NULL;
	const char *d = wh_arena_strdup(c->arena, s);
	c->failed |= !d;
	return d;
}

static void *dup_array(copier *c, const void *src, size_t n, size_t size)
{
	if (!n)
		return NULL;
	void *d = wh_malloc(n * size);
	if (d)
		memcpy(d, src, n * size);
	c->failed |= !d;
	return d;
}

/*
 * Deep copy. The struct is copied whole (so no setting can be forgotten);
 * then every owned pointer is cleared before anything is allocated, so a
 * failure half-way leaves dst owning only what it allocated itself, and
 * pol_def_free(dst) never touches src's memory.
 */
static int def_copy(pol_def *dst, const pol_def *src)
{
	*dst = *src;
	memset(&dst->arena, 0, sizeof dst->arena);
	dst->towns = NULL;
	dst->town_pos = NULL;
	dst->indicators = NULL;
	dst->sectors = NULL;
	dst->vetoes = NULL;
	dst->tiers = NULL;
	dst->n_towns = dst->n_indicators = dst->n_sectors = dst->n_vetoes = dst->n_tiers = 0;
	for (int k = 0; k < 2; k++) {
		dst->lists[k].rules = NULL;
		dst->lists[k].n_rules = 0;
	}
	copier c = { &dst->arena, false };
	dst->name = dup_str(&c, src->name);
	dst->board_title = dup_str(&c, src->board_title);
	dst->board_issuer = dup_str(&c, src->board_issuer);
	dst->prerequisite = dup_str(&c, src->prerequisite);

	dst->towns = dup_array(&c, src->towns, src->n_towns, sizeof *src->towns);
	dst->town_pos = dup_array(&c, src->town_pos, src->n_towns, sizeof *src->town_pos);
	if (c.failed)
		return WUHONG_ENOMEM;
	dst->n_towns = src->n_towns;
	for (size_t i = 0; i < src->n_towns; i++)
		dst->towns[i] = dup_str(&c, src->towns[i]);

	if (!(dst->indicators = dup_array(&c, src->indicators, src->n_indicators, sizeof *src->indicators)) && c.failed)
		return WUHONG_ENOMEM;
	dst->n_indicators = src->n_indicators;
	for (size_t i = 0; i < src->n_indicators; i++) {
		pol_indicator *x = &dst->indicators[i];
		x->key = dup_str(&c, x->key);
		x->label = dup_str(&c, x->label);
		x->unit = dup_str(&c, x->unit);
	}

	if (!(dst->sectors = dup_array(&c, src->sectors, src->n_sectors, sizeof *src->sectors)) && c.failed)
		return WUHONG_ENOMEM;
	for (size_t i = 0; i < src->n_sectors; i++) {
		dst->sectors[i].aliases = NULL;
		dst->sectors[i].n_aliases = 0;
	}
	dst->n_sectors = src->n_sectors;
	for (size_t i = 0; i < src->n_sectors && !c.failed; i++) {
		pol_sector *s = &dst->sectors[i];
		const pol_sector *from = &src->sectors[i];
		s->key = dup_str(&c, s->key);
		s->label = dup_str(&c, s->label);
		s->aliases = dup_array(&c, from->aliases, from->n_aliases, sizeof *from->aliases);
		if (c.failed)
			break;
		s->n_aliases = s->cap_aliases = from->n_aliases;
		for (size_t k = 0; k < s->n_aliases; k++)
			s->aliases[k] = dup_str(&c, from->aliases[k]);
		for (int k = 0; k < s->n_criteria; k++) {
			pol_criterion *cr = &s->criteria[k];
			cr->key = dup_str(&c, cr->key);
			cr->label = dup_str(&c, cr->label);
			cr->rule = dup_str(&c, cr->rule);
		}
	}
	if (c.failed)
		return WUHONG_ENOMEM;

	if (!(dst->vetoes = dup_array(&c, src->vetoes, src->n_vetoes, sizeof *src->vetoes)) && c.failed)
		return WUHONG_ENOMEM;
	for (size_t i = 0; i < src->n_vetoes; i++)
		dst->vetoes[i].sectors = NULL;
	dst->n_vetoes = src->n_vetoes;
	for (size_t i = 0; i < src->n_vetoes && !c.failed; i++) {
		pol_veto *v = &dst->vetoes[i];
		const pol_veto *from = &src->vetoes[i];
		v->key = dup_str(&c, v->key);
		v->label = dup_str(&c, v->label);
		v->rule = dup_str(&c, v->rule);
		if (from->sectors) {
			/* NULL means every sector, so an empty list is still an array */
			v->sectors = wh_malloc((from->n_sectors + 1) * sizeof *v->sectors);
			c.failed |= !v->sectors;
			for (size_t k = 0; v->sectors && k < from->n_sectors; k++)
				v->sectors[k] = dup_str(&c, from->sectors[k]);
		}
	}

	if (!(dst->tiers = dup_array(&c, src->tiers, src->n_tiers, sizeof *src->tiers)) && c.failed)
		return WUHONG_ENOMEM;
	dst->n_tiers = src->n_tiers;
	for (size_t i = 0; i < src->n_tiers; i++)
		dst->tiers[i].name = dup_str(&c, dst->tiers[i].name);
	dst->cap_towns = dst->n_towns;
	dst->cap_indicators = dst->n_indicators;
	dst->cap_sectors = dst->n_sectors;
	dst->cap_vetoes = dst->n_vetoes;
	dst->cap_tiers = dst->n_tiers;
	if (c.failed || pol_copy_lists(dst, src))
		return WUHONG_ENOMEM;
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
		for (int t = 0; t <= WUHONG_CRITERIA; t++)
			p->award_table[i * 8 + (size_t)t] = d->sectors[i].award[t];
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
	p->merged_fused = wh_arena_alloc(&d->arena, sizeof *p->merged_fused * (d->n_sectors + 1));
	p->merged_has_fused = wh_arena_alloc(&d->arena, sizeof *p->merged_has_fused * (d->n_sectors + 1));
	if (!p->merged || !p->merged_fused || !p->merged_has_fused)
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
		p->merged_has_fused[p->n_classes] =
			mask_compile(&p->merged_fused[p->n_classes], &p->merged[p->n_classes], &d->arena, &oom);
		if (oom)
			return wh_error_oom(err);
		for (int k = 0; k < n; k++)
			p->class_of[members[k]] = (int8_t)p->n_classes;
		p->n_classes++;
	}
	return 0;
}

static int compile_rules(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	size_t n = d->n_indicators;
	const char **keys = wh_arena_alloc(&d->arena, n * sizeof *keys);
	const char **labels = wh_arena_alloc(&d->arena, n * sizeof *labels);
	const char **units = wh_arena_alloc(&d->arena, n * sizeof *units);
	bool *is_bool = wh_arena_alloc(&d->arena, n * sizeof *is_bool);
	p->indicator_used = wh_arena_alloc(&d->arena, n * sizeof *p->indicator_used);
	int rc = 0;
	if (!keys || !labels || !units || !is_bool || !p->indicator_used)
		return wh_error_oom(err);
	for (size_t i = 0; i < n; i++) {
		keys[i] = d->indicators[i].key;
		labels[i] = d->indicators[i].label;
		units[i] = d->indicators[i].unit;
		is_bool[i] = d->indicators[i].type == WUHONG_TYPE_BOOL;
		p->indicator_used[i] = false;
	}
	p->syms = (rule_symbols){ .count = n, .keys = keys, .is_bool = is_bool, .labels = labels, .units = units };
	const rule_symbols *syms = &p->syms;
	for (size_t i = 0; i < d->n_sectors && !rc; i++)
		for (int c = 0; c < WUHONG_CRITERIA && !rc; c++) {
			pol_criterion *cr = &d->sectors[i].criteria[c];
			rc = rule_parse(&cr->ast, cr->rule, syms, &cr->rule_pos, &d->arena, err);
			if (rc && err)
				wh_error_set_field(err, cr->key);
		}
	for (size_t v = 0; v < d->n_vetoes && !rc; v++) {
		rc = rule_parse(&d->vetoes[v].ast, d->vetoes[v].rule, syms, &d->vetoes[v].rule_pos,
				&d->arena, err);
		if (rc && err)
			wh_error_set_field(err, d->vetoes[v].key);
	}
	if (rc)
		return rc;
	p->sector_uses = wh_arena_alloc(&d->arena, d->n_sectors * n * sizeof *p->sector_uses + 1);
	if (!p->sector_uses)
		return wh_error_oom(err);
	memset(p->sector_uses, 0, d->n_sectors * n * sizeof *p->sector_uses);
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
		for (int r = 0; r < n; r++) {
			rule_mark_names(rules[r], p->indicator_used);
			rule_mark_names(rules[r], p->sector_uses + i * d->n_indicators);
		}
		rc = vm_compile(&s->program, rules, n, &d->arena, err);
		if (!rc && s->program.n_regs > p->max_regs)
			p->max_regs = s->program.n_regs;
		bool oom = false;
		if (!rc)
			s->has_fused = mask_compile(&s->fused, &s->program, &d->arena, &oom);
		if (oom)
			rc = wh_error_oom(err);
	}
	if (!rc)
		rc = merge_classes(p, err);
	if (!rc)
		rc = pol_compile_lists(p, err);
	return rc;
}

int wuhong_policy_compile(wuhong_policy **out, const wuhong_policy_builder *b, wuhong_error *err)
{
	if (!out || !b)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_compile: NULL argument");
	*out = NULL;
	wuhong_policy *p = wh_calloc(1, sizeof *p);
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
	wh_free(p);
}

const char *wuhong_policy_name(const wuhong_policy *p)
{
	return p && p->def.name ? p->def.name : "";
}

const char *wuhong_policy_board_title(const wuhong_policy *p)
{
	return p ? p->def.board_title : NULL;
}

const char *wuhong_policy_board_issuer(const wuhong_policy *p)
{
	return p ? p->def.board_issuer : NULL;
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

/* Sector keys and labels, in turn (for "did you mean"). */
static const char *sector_name_at(const void *def, size_t i)
{
	const pol_sector *sec = &((const pol_def *)def)->sectors[i / 2];
	return i % 2 ? sec->label : sec->key;
}

int wuhong_policy_find_town(size_t *index, const wuhong_policy *p, const char *name, wuhong_error *err)
{
	if (!p || !name)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_find_town: NULL argument");
	size_t v;
	if (!wh_map_get(&p->town_map, name, &v)) {
		const char *best = wh_nearest(name, wh_string_at, p->def.towns, p->def.n_towns);
		return best ? wh_error(err, WUHONG_ENOTFOUND, "no township '%s' in the policy; did you mean '%s'?", name, best)
			    : wh_error(err, WUHONG_ENOTFOUND, "no township '%s' in the policy", name);
	}
	if (index)
		*index = v;
	return 0;
}

int wuhong_policy_find_sector(size_t *index, const wuhong_policy *p, const char *name, wuhong_error *err)
{
	if (!p || !name)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_find_sector: NULL argument");
	size_t v;
	if (!wh_map_get(&p->sector_map, name, &v)) {
		const char *best = wh_nearest(name, sector_name_at, &p->def, 2 * p->def.n_sectors);
		return best ? wh_error(err, WUHONG_ENOTFOUND,
					"no sector '%s' (key, label or alias) in the policy; did you mean '%s'?", name, best)
			    : wh_error(err, WUHONG_ENOTFOUND, "no sector '%s' (key, label or alias) in the policy", name);
	}
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

unsigned wuhong_policy_tier_flags(const wuhong_policy *p, size_t i)
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
