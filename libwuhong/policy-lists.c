/*
 * policy-lists.c — the red and black lists and the budget rule of a policy:
 * building, copying, compiling the list rules (with the result symbols and
 * criterion verdicts they may use) and the accessors.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "policy-internal.h"
#include "wuhong/awards.h"
#include "wuhong/lists.h"
#include "wuhong/money.h"
#include "wuhong/review.h"

static const char *const list_keys[2] = { "red", "black" };

static const char *const result_keys[LS_RESULTS] = { "tier", "flags", "vetoed", "veto_unknown", "missing_count",
						     "amount", "promoted", "demoted", "stripped", "periods_held",
						     "flags_rose" };
static const char *const result_labels[LS_RESULTS] = { "等级", "红旗数", "一票否决", "否决项数据缺失",
						       "判定缺失数", "奖励金额", "升旗", "降旗", "摘旗", "保持年数",
						       "红旗数增加" };
static const char *const result_units[LS_RESULTS] = { NULL, "面", NULL, NULL, "项", "元", NULL, NULL, NULL, "年",
						      NULL };
static const bool result_bool[LS_RESULTS] = { false, false, true, true, false, false, true, true, true, false, true };

static int check_list(int list, const wh_pos *pos, wuhong_error *err)
{
	if (list != WUHONG_RED_LIST && list != WUHONG_BLACK_LIST)
		return wh_error_at(err, WUHONG_EINVAL, pos, "unknown list %d; expected red or black", list);
	return 0;
}

int pol_set_list(pol_def *d, int list, const char *label, const char *order_by, bool ascending,
		 const wh_pos *pos, const wh_pos *order_pos, wuhong_error *err)
{
	int rc = check_list(list, pos, err);
	if (rc)
		return rc;
	pol_list *l = &d->lists[list];
	l->declared = true;
	l->label = label ? wh_arena_strdup(&d->arena, label) : NULL;
	l->order_by = order_by ? wh_arena_strdup(&d->arena, order_by) : NULL;
	l->ascending = ascending;
	l->pos = pos ? *pos : (wh_pos){ 0 };
	l->order_pos = order_pos ? *order_pos : l->pos;
	if ((label && !l->label) || (order_by && !l->order_by))
		return wh_error_oom(err);
	return 0;
}

int pol_add_list_rule(pol_def *d, int list, const char *key, const char *label, const char *rule,
		      const wh_pos *pos, const wh_pos *rule_pos, wuhong_error *err)
{
	int rc = check_list(list, pos, err);
	if (rc)
		return rc;
	pol_list *l = &d->lists[list];
	if (!key || !wh_is_identifier(key))
		return wh_error_at(err, WUHONG_EPOLICY, pos, "a %s list rule needs a key (letters, digits, _)",
				   list_keys[list]);
	for (size_t r = 0; r < l->n_rules; r++)
		if (strcmp(l->rules[r].key, key) == 0)
			return wh_error_at(err, WUHONG_EPOLICY, pos, "the %s list has rule '%s' twice", list_keys[list], key);
	if (l->n_rules >= POL_MAX_LIST_RULES)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "the %s list has too many rules (at most %d)",
				   list_keys[list], POL_MAX_LIST_RULES);
	if (!rule || !*rule)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "list rule '%s' needs a rule", key);
	if (!wh_grow((void **)&l->rules, &l->cap_rules, l->n_rules, sizeof *l->rules))
		return wh_error_oom(err);
	pol_list_rule *x = &l->rules[l->n_rules];
	memset(x, 0, sizeof *x);
	x->key = wh_arena_strdup(&d->arena, key);
	x->label = label ? wh_arena_strdup(&d->arena, label) : NULL;
	x->rule = wh_arena_strdup(&d->arena, rule);
	x->pos = pos ? *pos : (wh_pos){ 0 };
	x->rule_pos = rule_pos ? *rule_pos : x->pos;
	if (!x->key || !x->rule || (label && !x->label))
		return wh_error_oom(err);
	l->declared = true;
	l->n_rules++;
	return 0;
}

int pol_set_list_limit(pol_def *d, int list, int per, size_t count, const wh_pos *pos, wuhong_error *err)
{
	int rc = check_list(list, pos, err);
	if (rc)
		return rc;
	if (per < WUHONG_LIMIT_NONE || per > WUHONG_LIMIT_PER_TOWN)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "a list limit is per sector or per town");
	d->lists[list].limit_per = per;
	d->lists[list].limit = count;
	return 0;
}

int pol_copy_lists(pol_def *dst, const pol_def *src)
{
	for (int k = 0; k < 2; k++) {
		const pol_list *from = &src->lists[k];
		pol_list *to = &dst->lists[k];
		*to = *from;
		to->rules = NULL;
		to->n_rules = to->cap_rules = 0;
		if (!from->declared)
			continue;
		to->label = from->label ? wh_arena_strdup(&dst->arena, from->label) : NULL;
		to->order_by = from->order_by ? wh_arena_strdup(&dst->arena, from->order_by) : NULL;
		if ((from->label && !to->label) || (from->order_by && !to->order_by))
			return WUHONG_ENOMEM;
		if (from->n_rules && !(to->rules = wh_malloc(from->n_rules * sizeof *to->rules)))
			return WUHONG_ENOMEM;
		for (size_t r = 0; r < from->n_rules; r++) {
			pol_list_rule *x = &to->rules[r];
			*x = from->rules[r];
			x->key = wh_arena_strdup(&dst->arena, x->key);
			x->label = x->label ? wh_arena_strdup(&dst->arena, x->label) : NULL;
			x->rule = wh_arena_strdup(&dst->arena, x->rule);
			if (!x->key || !x->rule || (from->rules[r].label && !x->label))
				return WUHONG_ENOMEM;
		}
		to->n_rules = to->cap_rules = from->n_rules;
	}
	return 0;
}

/* The source's rules: units holding 3+ flags re-reviewed yearly, a failure
 * demotes, promotion pays the difference, one year's wait, 2 townships a month. */
int pol_set_review(pol_def *d, const wuhong_review_rules *r, const wh_pos *min_tier_pos, const wh_pos *wait_pos,
		   const wh_pos *per_month_pos, wuhong_error *err)
{
	if (!WH_VERSION_OK(r->version, WUHONG_REVIEW_RULES_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_review_rules: unknown version %u", r->version);
	if (r->min_tier < 1 || r->min_tier > WUHONG_CRITERIA)
		return wh_error_at(err, WUHONG_EPOLICY, min_tier_pos, "min_tier must be 1 to 5");
	if (r->wait < 0)
		return wh_error_at(err, WUHONG_EPOLICY, wait_pos, "wait must be 0 or more periods");
	if (r->rotation_per_month < 1)
		return wh_error_at(err, WUHONG_EPOLICY, per_month_pos, "per_month must be 1 or more");
	/* a version-1 caller's struct ends before the creation-list rules */
	wuhong_review_rules v2 = WUHONG_REVIEW_RULES_INIT;
	memcpy(&v2, r, r->version >= 2 ? sizeof v2 : offsetof(wuhong_review_rules, applications_only));
	r = &v2;
	d->review = *r;
	d->review.version = WUHONG_REVIEW_RULES_VERSION;
	/* flags are 0 or 1, whatever true the caller used */
	d->review.strip = r->strip != 0;
	d->review.full_promotion = r->full_promotion != 0;
	d->review.clawback = r->clawback != 0;
	d->review.explicit_approval = r->explicit_approval != 0;
	d->review.merge_keep_successor = r->merge_keep_successor != 0;
	d->review.applications_only = r->applications_only != 0;
	d->review.explicit_approval |= d->review.applications_only;
	d->review.short_gets_nothing = r->short_gets_nothing != 0;
	d->review.held_is_error = r->held_is_error != 0;
	return 0;
}

int pol_set_budget(pol_def *d, int64_t fen, wuhong_over_budget over, const wh_pos *pos, wuhong_error *err)
{
	if (fen < WUHONG_NO_BUDGET || fen > WUHONG_MONEY_MAX)
		return wh_error_at(err, WUHONG_EPOLICY, pos, "the budget is out of range (0 to 10^13 yuan)");
	if (over != WUHONG_BUDGET_REFUSE && over != WUHONG_BUDGET_SCALE)
		return wh_error_at(err, WUHONG_EINVAL, pos, "unknown over-budget rule %d", (int)over);
	d->budget = (pol_budget){ fen, over };
	return 0;
}

int wuhong_policy_builder_set_review(wuhong_policy_builder *b, const wuhong_review_rules *rules, wuhong_error *err)
{
	if (!b || !rules)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_builder_set_review: NULL argument");
	int rc = pol_set_review(&b->def, rules, NULL, NULL, NULL, err);
	if (!rc)
		b->def.review_declared = true;
	return rc;
}

int wuhong_policy_review_rules(wuhong_review_rules *out, const wuhong_policy *p, wuhong_error *err)
{
	if (!out || !p)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_review_rules: NULL argument");
	*out = p->def.review;
	return 0;
}

void pol_free_lists(pol_def *d)
{
	for (int k = 0; k < 2; k++)
		wh_free(d->lists[k].rules);
}

/* ---- compiling ---------------------------------------------------------- */

/* The list symbol table: indicators, results, then criterion verdicts. */
static int list_symbols(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	size_t n_ind = d->n_indicators;
	/* every criterion key, in order of first appearance */
	const char **crit = wh_arena_alloc(&d->arena, sizeof *crit * (d->n_sectors * WUHONG_CRITERIA + 1));
	if (!crit)
		return wh_error_oom(err);
	size_t nk = 0;
	for (size_t s = 0; s < d->n_sectors; s++)
		for (int c = 0; c < WUHONG_CRITERIA; c++) {
			size_t k = 0;
			while (k < nk && strcmp(crit[k], d->sectors[s].criteria[c].key) != 0)
				k++;
			if (k == nk)
				crit[nk++] = d->sectors[s].criteria[c].key;
		}
	p->crit_of = wh_arena_alloc(&d->arena, d->n_sectors * (nk ? nk : 1));
	size_t count = n_ind + LS_RESULTS, total = count + 3 * nk;
	const char **keys = wh_arena_alloc(&d->arena, sizeof *keys * total);
	const char **labels = wh_arena_alloc(&d->arena, sizeof *labels * total);
	const char **units = wh_arena_alloc(&d->arena, sizeof *units * total);
	bool *is_bool = wh_arena_alloc(&d->arena, sizeof *is_bool * total);
	p->list_used = wh_arena_alloc(&d->arena, sizeof *p->list_used * total);
	if (!p->crit_of || !keys || !labels || !units || !is_bool || !p->list_used)
		return wh_error_oom(err);
	for (size_t s = 0; s < d->n_sectors; s++)
		for (size_t k = 0; k < nk; k++) {
			int8_t at = -1;
			for (int c = 0; c < WUHONG_CRITERIA; c++)
				if (strcmp(d->sectors[s].criteria[c].key, crit[k]) == 0)
					at = (int8_t)c;
			p->crit_of[s * nk + k] = at;
		}
	memcpy(keys, p->syms.keys, sizeof *keys * n_ind);
	memcpy(labels, p->syms.labels, sizeof *labels * n_ind);
	memcpy(units, p->syms.units, sizeof *units * n_ind);
	memcpy(is_bool, p->syms.is_bool, sizeof *is_bool * n_ind);
	for (int r = 0; r < LS_RESULTS; r++) {
		for (size_t i = 0; i < n_ind; i++)
			if (strcmp(keys[i], result_keys[r]) == 0 && (d->lists[0].declared || d->lists[1].declared))
				return wh_error_at(err, WUHONG_EPOLICY, &d->indicators[i].pos,
						   "indicator key '%s' is also a result name of list rules; rename the indicator",
						   result_keys[r]);
		keys[n_ind + r] = result_keys[r];
		labels[n_ind + r] = result_labels[r];
		units[n_ind + r] = result_units[r];
		is_bool[n_ind + r] = result_bool[r];
	}
	for (size_t i = count; i < total; i++) {
		keys[i] = crit[(i - count) / 3];
		labels[i] = units[i] = NULL;
		is_bool[i] = true;
	}
	for (size_t i = 0; i < total; i++)
		p->list_used[i] = false;
	p->list_syms = (rule_symbols){ .count = count, .keys = keys, .is_bool = is_bool, .labels = labels,
				       .units = units, .n_criteria = nk, .criteria = crit, .criteria_base = count };
	return 0;
}

int pol_compile_lists(wuhong_policy *p, wuhong_error *err)
{
	pol_def *d = &p->def;
	int rc = list_symbols(p, err);
	for (int k = 0; k < 2 && !rc; k++) {
		pol_list *l = &d->lists[k];
		if (!l->declared)
			continue;
		if (l->n_rules == 0)
			return wh_error_at(err, WUHONG_EPOLICY, &l->pos, "the %s list has no rules", list_keys[k]);
		const rule_ast *rules[POL_MAX_LIST_RULES];
		for (size_t r = 0; r < l->n_rules && !rc; r++) {
			rc = rule_parse(&l->rules[r].ast, l->rules[r].rule, &p->list_syms, &l->rules[r].rule_pos,
					&d->arena, err);
			if (rc)
				wh_error_set_field(err, l->rules[r].key);
			rules[r] = &l->rules[r].ast;
			if (!rc)
				rule_mark_names(&l->rules[r].ast, p->list_used);
		}
		if (rc)
			return rc;
		const char *order = l->order_by ? l->order_by : "flags";
		l->order_symbol = -1;
		for (size_t i = 0; i < p->list_syms.count; i++)
			if (strcmp(p->list_syms.keys[i], order) == 0)
				l->order_symbol = (int)i;
		if (l->order_symbol < 0)
			return wh_error_at(err, WUHONG_EPOLICY, &l->order_pos,
					   "the %s list is ordered by '%s', which is neither an indicator nor a result "
					   "(tier, flags, missing_count, amount)", list_keys[k], order);
		p->list_used[l->order_symbol] = true;
		rc = vm_compile(&l->program, rules, (int)l->n_rules, &d->arena, err);
		if (!rc && l->program.n_regs > p->max_regs)
			p->max_regs = l->program.n_regs;
	}
	return rc;
}

/* ---- builder API and accessors -------------------------------------------- */

int wuhong_policy_builder_set_list(wuhong_policy_builder *b, wuhong_list_kind list, const char *label,
				   const char *order_by, int ascending, wuhong_error *err)
{
	if (!b)
		return wh_error(err, WUHONG_EINVAL, "builder is NULL");
	return pol_set_list(&b->def, (int)list, label, order_by, ascending != 0, NULL, NULL, err);
}

int wuhong_policy_builder_add_list_rule(wuhong_policy_builder *b, wuhong_list_kind list, const char *key,
					const char *label, const char *rule, wuhong_error *err)
{
	if (!b)
		return wh_error(err, WUHONG_EINVAL, "builder is NULL");
	return pol_add_list_rule(&b->def, (int)list, key, label, rule, NULL, NULL, err);
}

int wuhong_policy_builder_set_list_limit(wuhong_policy_builder *b, wuhong_list_kind list, wuhong_list_limit per,
					 size_t count, wuhong_error *err)
{
	if (!b)
		return wh_error(err, WUHONG_EINVAL, "builder is NULL");
	return pol_set_list_limit(&b->def, (int)list, (int)per, count, NULL, err);
}

int wuhong_policy_builder_set_budget(wuhong_policy_builder *b, int64_t fen, wuhong_over_budget over,
				     wuhong_error *err)
{
	if (!b)
		return wh_error(err, WUHONG_EINVAL, "builder is NULL");
	return pol_set_budget(&b->def, fen, over, NULL, err);
}

static const pol_list *list_of(const wuhong_policy *p, wuhong_list_kind list)
{
	return p && (list == WUHONG_RED_LIST || list == WUHONG_BLACK_LIST) ? &p->def.lists[list] : NULL;
}

size_t wuhong_policy_list_rule_count(const wuhong_policy *p, wuhong_list_kind list)
{
	const pol_list *l = list_of(p, list);
	return l ? l->n_rules : 0;
}

const char *wuhong_policy_list_rule_key(const wuhong_policy *p, wuhong_list_kind list, size_t r)
{
	const pol_list *l = list_of(p, list);
	return l && r < l->n_rules ? l->rules[r].key : NULL;
}

const char *wuhong_policy_list_rule_label(const wuhong_policy *p, wuhong_list_kind list, size_t r)
{
	const pol_list *l = list_of(p, list);
	if (!l || r >= l->n_rules)
		return NULL;
	return l->rules[r].label ? l->rules[r].label : l->rules[r].key;
}

const char *wuhong_policy_list_label(const wuhong_policy *p, wuhong_list_kind list)
{
	const pol_list *l = list_of(p, list);
	if (!l)
		return NULL;
	return l->label ? l->label : list_keys[list];
}

int64_t wuhong_policy_review_reward(const wuhong_policy *p, size_t sector, int tier)
{
	if (!p || sector >= p->def.n_sectors || tier < 1 || tier > WUHONG_CRITERIA)
		return 0;
	return p->def.sectors[sector].review_reward[tier];
}

int64_t wuhong_policy_budget(const wuhong_policy *p)
{
	return p ? p->def.budget.fen : WUHONG_NO_BUDGET;
}

wuhong_over_budget wuhong_policy_over_budget(const wuhong_policy *p)
{
	return p ? p->def.budget.over : WUHONG_BUDGET_REFUSE;
}
