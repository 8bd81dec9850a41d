/*
 * policy-yaml.c — the policy file front end: YAML (or JSON) read with
 * libyaml's document API, whose nodes carry line and column marks. Every
 * mapping is checked for unknown and duplicate keys (libyaml accepts
 * duplicates silently). What it reads goes through the builder functions,
 * so the checks and messages are those of the C API.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "policy-internal.h"
#include "wuhong/awards.h"
#include "wuhong/lists.h"
#include "wuhong/money.h"

typedef struct yctx {
	yaml_document_t *doc;
	const char *file;  /* interned */
	const char *text;
	size_t len;
	pol_def *d;
	wuhong_error *err;
} yctx;

static wh_pos pos_of(const yctx *y, const yaml_node_t *n)
{
	return (wh_pos){ y->file, (long)n->start_mark.line + 1, (long)n->start_mark.column + 1 };
}

static yaml_node_t *node(const yctx *y, int id)
{
	return yaml_document_get_node(y->doc, id);
}

static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return wh_tr(N_("a single value"));
	case YAML_SEQUENCE_NODE: return wh_tr(N_("a list"));
	case YAML_MAPPING_NODE: return wh_tr(N_("a mapping"));
	default: return wh_tr(N_("nothing"));
	}
}

static int want(const yctx *y, const yaml_node_t *n, yaml_node_type_t type, const char *what)
{
	if (n->type == type)
		return 0;
	wh_pos pos = pos_of(y, n);
	return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "%s must be %s, not %s", wh_tr(what),
			   wh_tr(type == YAML_SCALAR_NODE ? N_("a single value") :
				 type == YAML_SEQUENCE_NODE ? N_("a list") : N_("a mapping")),
			   kind_name(n));
}

static const char *str(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/*
 * Read a mapping whose keys must come from `allowed` (NULL-terminated);
 * values[i] gets the node for allowed[i] or NULL. Rejects unknown and
 * duplicate keys, naming the allowed ones.
 */
static int fields(const yctx *y, const yaml_node_t *map, const char *what, const char *const *allowed,
		  yaml_node_t **values)
{
	int rc = want(y, map, YAML_MAPPING_NODE, what);
	if (rc)
		return rc;
	size_t n_allowed = 0;
	uint32_t seen = 0; /* keys given, null or not: a key twice is an error either way */
	while (allowed[n_allowed])
		values[n_allowed++] = NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(y, pr->key);
		wh_pos pos = pos_of(y, k);
		if (k->type != YAML_SCALAR_NODE)
			return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "keys in %s must be names", wh_tr(what));
		size_t i = 0;
		while (i < n_allowed && strcmp(allowed[i], str(k)) != 0)
			i++;
		if (i == n_allowed) {
			char list[256] = "";
			for (size_t j = 0; j < n_allowed; j++) {
				strncat(list, allowed[j], sizeof list - strlen(list) - 1);
				if (j + 1 < n_allowed)
					strncat(list, ", ", sizeof list - strlen(list) - 1);
			}
			const char *best = wh_nearest(str(k), wh_string_at, allowed, n_allowed);
			if (best)
				wh_error_at(y->err, WUHONG_EPOLICY, &pos,
					    "unknown key '%s' in %s (did you mean '%s'?); expected one of: %s", str(k), wh_tr(what),
					    best, list);
			else
				wh_error_at(y->err, WUHONG_EPOLICY, &pos, "unknown key '%s' in %s; expected one of: %s",
					    str(k), wh_tr(what), list);
			wh_error_set_field(y->err, str(k));
			return WUHONG_EPOLICY;
		}
		if (seen & (1u << i)) {
			wh_error_at(y->err, WUHONG_EPOLICY, &pos, "key '%s' appears twice in %s", str(k), wh_tr(what));
			wh_error_set_field(y->err, str(k));
			return WUHONG_EPOLICY;
		}
		seen |= 1u << i;
		yaml_node_t *v = node(y, pr->value);
		/* null (~, null, or nothing) leaves an optional key unset, as JSON writers emit it */
		bool is_null = v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			       (strcmp(str(v), "null") == 0 || strcmp(str(v), "~") == 0 || str(v)[0] == '\0');
		values[i] = is_null ? NULL : v;
	}
	return 0;
}

static int required(const yctx *y, const yaml_node_t *map, const yaml_node_t *v, const char *key,
		    const char *what)
{
	if (v)
		return 0;
	wh_pos pos = pos_of(y, map);
	wh_error_at(y->err, WUHONG_EPOLICY, &pos, "%s is missing the key '%s'", wh_tr(what), key);
	wh_error_set_field(y->err, key);
	return WUHONG_EPOLICY;
}

/* An optional scalar's text, or NULL. */
static int opt_str(const yctx *y, const yaml_node_t *v, const char *what, const char **out)
{
	*out = NULL;
	if (!v)
		return 0;
	int rc = want(y, v, YAML_SCALAR_NODE, what);
	if (!rc)
		*out = str(v);
	return rc;
}

static int number(const yctx *y, const yaml_node_t *v, const char *what, double *out)
{
	int rc = want(y, v, YAML_SCALAR_NODE, what);
	if (rc)
		return rc;
	if (!wh_parse_number(str(v), out)) {
		wh_pos pos = pos_of(y, v);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "%s must be a number, not '%s'", wh_tr(what), str(v));
	}
	return 0;
}

static int integer(const yctx *y, const yaml_node_t *v, const char *what, int *out)
{
	double x;
	int rc = number(y, v, what, &x);
	if (rc)
		return rc;
	/* compare as doubles first: converting an out-of-range double is undefined */
	if (!(x >= INT_MIN && x <= INT_MAX) || x != (int)x) {
		wh_pos pos = pos_of(y, v);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "%s must be a whole number, not '%s'", wh_tr(what), str(v));
	}
	*out = (int)x;
	return 0;
}

/* Where a rule's text starts, for error positions inside it. */
static wh_pos rule_origin(const yctx *y, const yaml_node_t *v)
{
	wh_pos pos = pos_of(y, v);
	yaml_scalar_style_t style = v->data.scalar.style;
	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
		pos.column += 1;
	} else if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
		/* content starts on the next line, indented. (libyaml's mark.index
		 * counts characters, not bytes, so find the line by number.) */
		size_t off = 0;
		for (size_t line = 0; off < y->len && line <= v->start_mark.line; off++)
			line += y->text[off] == '\n';
		long indent = 0;
		for (; off < y->len && y->text[off] == ' '; off++)
			indent++;
		pos.line += 1;
		pos.column = -indent;
	}
	return pos;
}

static int seq_of(const yctx *y, const yaml_node_t *v, const char *what)
{
	return want(y, v, YAML_SEQUENCE_NODE, what);
}

#define EACH(item, seqnode) \
	for (yaml_node_item_t *it_ = (seqnode)->data.sequence.items.start; \
	     it_ < (seqnode)->data.sequence.items.top && ((item) = node(y, *it_)); it_++)

static int read_towns(yctx *y, yaml_node_t *v)
{
	int rc = seq_of(y, v, "townships");
	yaml_node_t *t;
	if (rc)
		return rc;
	EACH(t, v) {
		if ((rc = want(y, t, YAML_SCALAR_NODE, N_("a township"))))
			return rc;
		wh_pos pos = pos_of(y, t);
		if ((rc = pol_add_town(y->d, str(t), &pos, y->err)))
			return rc;
	}
	return 0;
}

static int parse_type(const char *s, wuhong_indicator_type *t)
{
	static const char *const names[] = { "number", "bool", "count", "percent", "score" };
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (wuhong_indicator_type)i;
			return 0;
		}
	return -1;
}

static int parse_agg(const char *s, wuhong_aggregate *a)
{
	static const char *const names[] = { "none", "mean", "trimmed_mean", "median" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*a = (wuhong_aggregate)i;
			return 0;
		}
	return -1;
}

static int read_indicators(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "key", "label", "unit", "type", "min", "max", "aggregate", NULL };
	int rc = seq_of(y, v, "indicators");
	yaml_node_t *item;
	if (rc)
		return rc;
	EACH(item, v) {
		yaml_node_t *f[8];
		const char *key, *label, *unit, *type = "number", *agg = NULL;
		if ((rc = fields(y, item, N_("an indicator"), keys, f)) ||
		    (rc = required(y, item, f[0], "key", N_("an indicator"))) ||
		    (rc = opt_str(y, f[0], "key", &key)) || (rc = opt_str(y, f[1], "label", &label)) ||
		    (rc = opt_str(y, f[2], "unit", &unit)) ||
		    (f[3] && (rc = opt_str(y, f[3], "type", &type))) ||
		    (rc = opt_str(y, f[6], "aggregate", &agg)))
			return rc;
		wuhong_indicator_type t;
		if (parse_type(type, &t)) {
			wh_pos pos = pos_of(y, f[3]);
			return wh_error_at(y->err, WUHONG_EPOLICY, &pos,
					   "unknown indicator type '%s'; expected number, bool, count, percent or score",
					   type);
		}
		wh_pos pos = pos_of(y, item);
		if ((rc = pol_add_indicator(y->d, key, label, unit, t, &pos, y->err)))
			return rc;
		pol_indicator *x = &y->d->indicators[y->d->n_indicators - 1];
		if ((f[4] && (rc = number(y, f[4], "min", &x->min))) ||
		    (f[5] && (rc = number(y, f[5], "max", &x->max))))
			return rc;
		if (agg && parse_agg(agg, &x->aggregate)) {
			wh_pos ap = pos_of(y, f[6]);
			return wh_error_at(y->err, WUHONG_EPOLICY, &ap,
					   "unknown aggregate '%s'; expected mean, trimmed_mean or median", agg);
		}
	}
	return 0;
}

/* An item with a key, an optional label and a rule — the shape of criteria,
 * vetoes and list rules; keys[] starts with "key", "label", "rule". */
typedef struct keyed_rule {
	const char *key, *label, *rule;
	wh_pos pos, rule_pos;
} keyed_rule;

static int read_keyed_rule(yctx *y, yaml_node_t *item, const char *what, const char *const *keys,
			   yaml_node_t **f, keyed_rule *out)
{
	int rc;
	if ((rc = fields(y, item, what, keys, f)) || (rc = required(y, item, f[0], "key", what)) ||
	    (rc = required(y, item, f[2], "rule", what)) || (rc = opt_str(y, f[0], "key", &out->key)) ||
	    (rc = opt_str(y, f[1], "label", &out->label)) || (rc = opt_str(y, f[2], "rule", &out->rule)))
		return rc;
	out->pos = pos_of(y, item);
	out->rule_pos = rule_origin(y, f[2]);
	return 0;
}

static int read_criteria(yctx *y, pol_sector *s, yaml_node_t *v)
{
	static const char *const keys[] = { "key", "label", "rule", NULL };
	int rc = seq_of(y, v, "criteria");
	yaml_node_t *item;
	if (rc)
		return rc;
	EACH(item, v) {
		yaml_node_t *f[3];
		keyed_rule k;
		if ((rc = read_keyed_rule(y, item, N_("a criterion"), keys, f, &k)) ||
		    (rc = pol_add_criterion(y->d, s, k.key, k.label, k.rule, &k.pos, &k.rule_pos, y->err)))
			return rc;
	}
	return 0;
}

static int read_sectors(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "key", "label", "aliases", "criteria", NULL };
	int rc = seq_of(y, v, "sectors");
	yaml_node_t *item;
	if (rc)
		return rc;
	EACH(item, v) {
		yaml_node_t *f[4];
		const char *key, *label;
		if ((rc = fields(y, item, N_("a sector"), keys, f)) ||
		    (rc = required(y, item, f[0], "key", N_("a sector"))) ||
		    (rc = required(y, item, f[3], "criteria", N_("a sector"))) ||
		    (rc = opt_str(y, f[0], "key", &key)) || (rc = opt_str(y, f[1], "label", &label)))
			return rc;
		wh_pos pos = pos_of(y, item);
		if ((rc = pol_add_sector(y->d, key, label, &pos, y->err)))
			return rc;
		pol_sector *s = &y->d->sectors[y->d->n_sectors - 1];
		if (f[2]) {
			yaml_node_t *a;
			if ((rc = seq_of(y, f[2], "aliases")))
				return rc;
			EACH(a, f[2]) {
				wh_pos apos = pos_of(y, a);
				if ((rc = want(y, a, YAML_SCALAR_NODE, N_("an alias"))) ||
				    (rc = pol_add_alias(y->d, s, str(a), &apos, y->err)))
					return rc;
			}
		}
		if ((rc = read_criteria(y, s, f[3])))
			return rc;
	}
	return 0;
}

static int read_vetoes(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "key", "label", "rule", "sectors", NULL };
	int rc = seq_of(y, v, "vetoes");
	yaml_node_t *item;
	if (rc)
		return rc;
	EACH(item, v) {
		yaml_node_t *f[4];
		keyed_rule k;
		if ((rc = read_keyed_rule(y, item, N_("a veto"), keys, f, &k)))
			return rc;
		const char *sectors[POL_MAX_SECTORS];
		size_t n = 0;
		if (f[3]) {
			yaml_node_t *s;
			if ((rc = seq_of(y, f[3], "a veto's sectors")))
				return rc;
			EACH(s, f[3]) {
				if ((rc = want(y, s, YAML_SCALAR_NODE, N_("a sector key"))))
					return rc;
				if (n == POL_MAX_SECTORS) {
					wh_pos pos = pos_of(y, s);
					return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "too many sectors");
				}
				sectors[n++] = str(s);
			}
		}
		if ((rc = pol_add_veto(y->d, k.key, k.label, k.rule, f[3] ? sectors : NULL, n, &k.pos, &k.rule_pos,
				       y->err)))
			return rc;
	}
	return 0;
}

static int read_tiers(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "flags", "name", NULL };
	int rc = seq_of(y, v, "tiers");
	yaml_node_t *item;
	if (rc)
		return rc;
	EACH(item, v) {
		yaml_node_t *f[2];
		const char *name;
		int flags;
		if ((rc = fields(y, item, N_("a tier"), keys, f)) || (rc = required(y, item, f[0], "flags", N_("a tier"))) ||
		    (rc = integer(y, f[0], "flags", &flags)) || (rc = opt_str(y, f[1], "name", &name)))
			return rc;
		wh_pos pos = pos_of(y, item);
		if ((rc = pol_add_tier(y->d, flags, name, &pos, y->err)))
			return rc;
	}
	return 0;
}

static int read_awards(yctx *y, yaml_node_t *v)
{
	int rc = want(y, v, YAML_MAPPING_NODE, "awards");
	if (rc)
		return rc;
	y->d->awards_declared = true;
	y->d->awards_pos = pos_of(y, v);
	for (yaml_node_pair_t *pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(y, pr->key), *val = node(y, pr->value);
		wh_pos pos = pos_of(y, k);
		if ((rc = want(y, k, YAML_SCALAR_NODE, N_("a sector key"))))
			return rc;
		pol_sector *s = pol_find_sector(y->d, str(k));
		if (!s)
			return wh_error_at(y->err, WUHONG_EPOLICY, &pos,
					   "awards: '%s' is not a declared sector key", str(k));
		if ((rc = want(y, val, YAML_MAPPING_NODE, N_("a sector's awards (tier: yuan)"))))
			return rc;
		for (yaml_node_pair_t *q = val->data.mapping.pairs.start; q < val->data.mapping.pairs.top; q++) {
			yaml_node_t *tk = node(y, q->key), *amount = node(y, q->value);
			int tier;
			int64_t fen;
			if ((rc = integer(y, tk, "a tier (flags)", &tier)) ||
			    (rc = want(y, amount, YAML_SCALAR_NODE, N_("an amount"))))
				return rc;
			wh_pos apos = pos_of(y, amount);
			int prc = wuhong_parse_yuan(&fen, str(amount), NULL);
			if (prc)
				return wh_error_at(y->err, WUHONG_EPOLICY, &apos,
						   "award '%s' is not an amount in yuan; expected digits with at most two decimals, up to 10^13",
						   str(amount));
			wh_pos tpos = pos_of(y, tk);
			if ((rc = pol_set_award(y->d, s, tier, fen, &tpos, y->err)))
				return rc;
		}
	}
	return 0;
}

static int read_list(yctx *y, int list, yaml_node_t *v)
{
	static const char *const keys[] = { "label", "order_by", "order", "limit", "rules", NULL };
	yaml_node_t *f[5];
	const char *label, *order_by, *order = NULL;
	int rc;
	if ((rc = fields(y, v, list ? N_("the black list") : N_("the red list"), keys, f)) ||
	    (rc = required(y, v, f[4], "rules", N_("a list"))) || (rc = opt_str(y, f[0], "label", &label)) ||
	    (rc = opt_str(y, f[1], "order_by", &order_by)) || (rc = opt_str(y, f[2], "order", &order)))
		return rc;
	if (order && strcmp(order, "ascending") != 0 && strcmp(order, "descending") != 0) {
		wh_pos pos = pos_of(y, f[2]);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "order must be ascending or descending, not '%s'", order);
	}
	wh_pos pos = pos_of(y, v), opos = f[1] ? pos_of(y, f[1]) : pos;
	if ((rc = pol_set_list(y->d, list, label, order_by, order && strcmp(order, "ascending") == 0, &pos, &opos,
			       y->err)))
		return rc;
	if (f[3]) {
		static const char *const lkeys[] = { "per", "count", NULL };
		yaml_node_t *g[2];
		const char *per;
		int count;
		if ((rc = fields(y, f[3], N_("a list limit"), lkeys, g)) || (rc = required(y, f[3], g[0], "per", N_("a limit"))) ||
		    (rc = required(y, f[3], g[1], "count", N_("a limit"))) || (rc = opt_str(y, g[0], "per", &per)) ||
		    (rc = integer(y, g[1], "count", &count)))
			return rc;
		wh_pos lpos = pos_of(y, g[0]);
		int which = strcmp(per, "sector") == 0 ? WUHONG_LIMIT_PER_SECTOR :
			    strcmp(per, "town") == 0 ? WUHONG_LIMIT_PER_TOWN : -1;
		if (which < 0 || count < 1)
			return wh_error_at(y->err, WUHONG_EPOLICY, &lpos,
					   "a list limit is {per: sector|town, count: N} with N >= 1");
		if ((rc = pol_set_list_limit(y->d, list, which, (size_t)count, &lpos, y->err)))
			return rc;
	}
	static const char *const rkeys[] = { "key", "label", "rule", NULL };
	yaml_node_t *item;
	if ((rc = seq_of(y, f[4], "rules")))
		return rc;
	EACH(item, f[4]) {
		yaml_node_t *g[3];
		keyed_rule k;
		if ((rc = read_keyed_rule(y, item, N_("a list rule"), rkeys, g, &k)) ||
		    (rc = pol_add_list_rule(y->d, list, k.key, k.label, k.rule, &k.pos, &k.rule_pos, y->err)))
			return rc;
	}
	return 0;
}

static int read_lists(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "red", "black", NULL };
	yaml_node_t *f[2];
	int rc = fields(y, v, "lists", keys, f);
	for (int k = 0; k < 2 && !rc; k++)
		if (f[k])
			rc = read_list(y, k, f[k]);
	return rc;
}

static int read_budget(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "amount", "over", NULL };
	yaml_node_t *f[2];
	const char *over = NULL;
	int rc;
	if ((rc = fields(y, v, "budget", keys, f)) || (rc = opt_str(y, f[1], "over", &over)))
		return rc;
	if (over && strcmp(over, "refuse") != 0 && strcmp(over, "scale") != 0) {
		wh_pos pos = pos_of(y, f[1]);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "budget over must be refuse or scale, not '%s'", over);
	}
	wuhong_over_budget rule = over && strcmp(over, "scale") == 0 ? WUHONG_BUDGET_SCALE : WUHONG_BUDGET_REFUSE;
	int64_t fen = WUHONG_NO_BUDGET;
	wh_pos pos = pos_of(y, f[0] ? f[0] : v);
	if (f[0]) {
		if ((rc = want(y, f[0], YAML_SCALAR_NODE, N_("the budget amount"))))
			return rc;
		if (wuhong_parse_yuan(&fen, str(f[0]), NULL) || fen < 0) {
			wh_pos pos = pos_of(y, f[0]);
			return wh_error_at(y->err, WUHONG_EPOLICY, &pos,
					   "budget '%s' is not an amount in yuan; expected digits with at most two decimals",
					   str(f[0]));
		}
	}
	return pol_set_budget(y->d, fen, rule, &pos, y->err);
}

static int choice(yctx *y, yaml_node_t *v, const char *what, const char *a, const char *b, int *out)
{
	const char *s;
	int rc = opt_str(y, v, what, &s);
	if (rc || !s)
		return rc;
	if (strcmp(s, a) != 0 && strcmp(s, b) != 0) {
		wh_pos pos = pos_of(y, v);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "%s must be %s or %s, not '%s'", wh_tr(what), a, b, s);
	}
	*out = strcmp(s, b) == 0;
	return 0;
}

/* approval: automatic, explicit, or applications (only a creation list creates) */
static int approval(yctx *y, yaml_node_t *v, wuhong_review_rules *r)
{
	const char *s;
	int rc = opt_str(y, v, "approval", &s);
	if (rc || !s)
		return rc;
	bool by_list = strcmp(s, "applications") == 0;
	if (!by_list && strcmp(s, "automatic") != 0 && strcmp(s, "explicit") != 0) {
		wh_pos pos = pos_of(y, v);
		return wh_error_at(y->err, WUHONG_EPOLICY, &pos,
				   "approval must be automatic, explicit or applications, not '%s'", s);
	}
	r->explicit_approval = strcmp(s, "automatic") != 0;
	r->applications_only = by_list;
	return 0;
}

static int read_review(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "min_tier", "on_failure", "promotion", "wait", "clawback", "approval",
					    "merge", "rewards", "rotation", "short_of_application", "already_held", NULL };
	yaml_node_t *f[11];
	pol_def *d = y->d;
	int rc;
	if ((rc = fields(y, v, "review", keys, f)))
		return rc;
	d->review_declared = true;
	wuhong_review_rules r = d->review;
	if ((f[0] && (rc = integer(y, f[0], "min_tier", &r.min_tier))) ||
	    (rc = choice(y, f[1], "on_failure", "demote", "strip", &r.strip)) ||
	    (rc = choice(y, f[2], "promotion", "difference", "full", &r.full_promotion)) ||
	    (f[3] && (rc = integer(y, f[3], "wait", &r.wait))) ||
	    (rc = choice(y, f[4], "clawback", "false", "true", &r.clawback)) ||
	    (rc = approval(y, f[5], &r)) ||
	    (rc = choice(y, f[6], "merge", "keep_higher", "keep_successor", &r.merge_keep_successor)) ||
	    (rc = choice(y, f[9], "short_of_application", "reached", "nothing", &r.short_gets_nothing)) ||
	    (rc = choice(y, f[10], "already_held", "record", "error", &r.held_is_error)))
		return rc;
	wh_pos per_month_pos = pos_of(y, f[8] ? f[8] : v);
	if (f[8]) {
		static const char *const rkeys[] = { "per_month", NULL };
		yaml_node_t *g[1];
		if ((rc = fields(y, f[8], "rotation", rkeys, g)) ||
		    (g[0] && (rc = integer(y, g[0], "per_month", &r.rotation_per_month))))
			return rc;
		if (g[0])
			per_month_pos = pos_of(y, g[0]);
	}
	wh_pos min_tier_pos = pos_of(y, f[0] ? f[0] : v), wait_pos = pos_of(y, f[3] ? f[3] : v);
	if ((rc = pol_set_review(d, &r, &min_tier_pos, &wait_pos, &per_month_pos, y->err)))
		return rc;
	if (f[7]) {
		if ((rc = want(y, f[7], YAML_MAPPING_NODE, "rewards")))
			return rc;
		for (yaml_node_pair_t *pr = f[7]->data.mapping.pairs.start; pr < f[7]->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = node(y, pr->key), *val = node(y, pr->value);
			wh_pos pos = pos_of(y, k);
			if ((rc = want(y, k, YAML_SCALAR_NODE, N_("a sector key"))))
				return rc;
			pol_sector *s = pol_find_sector(d, str(k));
			if (!s)
				return wh_error_at(y->err, WUHONG_EPOLICY, &pos, "review rewards: '%s' is not a declared sector key",
						   str(k));
			if ((rc = want(y, val, YAML_MAPPING_NODE, N_("a sector's rewards (tier: yuan)"))))
				return rc;
			for (yaml_node_pair_t *q = val->data.mapping.pairs.start; q < val->data.mapping.pairs.top; q++) {
				yaml_node_t *tk = node(y, q->key), *amount = node(y, q->value);
				int tier;
				int64_t fen;
				if ((rc = integer(y, tk, "a tier (flags)", &tier)) ||
				    (rc = want(y, amount, YAML_SCALAR_NODE, N_("an amount"))))
					return rc;
				wh_pos apos = pos_of(y, amount);
				if (tier < 1 || tier > WUHONG_CRITERIA)
					return wh_error_at(y->err, WUHONG_EPOLICY, &apos, "review rewards: no tier %d", tier);
				if (wuhong_parse_yuan(&fen, str(amount), NULL) || fen < 0)
					return wh_error_at(y->err, WUHONG_EPOLICY, &apos,
							   "reward '%s' is not an amount in yuan with at most two decimals",
							   str(amount));
				s->review_reward[tier] = fen;
			}
		}
	}
	return 0;
}

/* board: {title: 绛县“五面红旗”示范创建, issuer: 中共绛县县委组织部} — what a published board is headed with. */
static int read_board(yctx *y, yaml_node_t *v)
{
	static const char *const keys[] = { "title", "issuer", NULL };
	yaml_node_t *f[2];
	const char *title = NULL, *issuer = NULL;
	int rc;
	if ((rc = fields(y, v, "board", keys, f)) || (rc = opt_str(y, f[0], "board title", &title)) ||
	    (rc = opt_str(y, f[1], "board issuer", &issuer)))
		return rc;
	if ((title && !(y->d->board_title = pol_intern(y->d, title))) ||
	    (issuer && !(y->d->board_issuer = pol_intern(y->d, issuer))))
		return wh_error_oom(y->err);
	return 0;
}

static int read_policy(yctx *y, yaml_node_t *root)
{
	static const char *const keys[] = { "wuhong", "name", "description", "townships", "indicators",
					    "sectors", "prerequisite", "vetoes", "tiers", "awards", "lists",
					    "budget", "review", "board", NULL };
	enum { F_VERSION, F_NAME, F_DESC, F_TOWNS, F_IND, F_SECT, F_PREREQ, F_VETO, F_TIERS, F_AWARDS, F_LISTS,
	       F_BUDGET, F_REVIEW, F_BOARD };
	yaml_node_t *f[14];
	int rc = fields(y, root, N_("the policy"), keys, f);
	if (rc)
		return rc;
	if (f[F_VERSION]) {
		int version;
		if ((rc = integer(y, f[F_VERSION], "wuhong (the format version)", &version)))
			return rc;
		if (version != 1) {
			wh_pos pos = pos_of(y, f[F_VERSION]);
			return wh_error_at(y->err, WUHONG_EPOLICY, &pos,
					   "policy format version %d is not supported; expected 1", version);
		}
	}
	const char *name = NULL, *desc = NULL;
	if ((rc = opt_str(y, f[F_NAME], "name", &name)) || (rc = opt_str(y, f[F_DESC], "description", &desc)))
		return rc;
	if (name && !(y->d->name = pol_intern(y->d, name)))
		return wh_error_oom(y->err);
	if ((rc = required(y, root, f[F_IND], "indicators", N_("the policy"))) ||
	    (rc = required(y, root, f[F_SECT], "sectors", N_("the policy"))) ||
	    (rc = required(y, root, f[F_TIERS], "tiers", N_("the policy"))) ||
	    (rc = required(y, root, f[F_AWARDS], "awards", N_("the policy"))))
		return rc;
	if (f[F_TOWNS] && (rc = read_towns(y, f[F_TOWNS])))
		return rc;
	if ((rc = read_indicators(y, f[F_IND])) || (rc = read_sectors(y, f[F_SECT])))
		return rc;
	if (f[F_PREREQ]) {
		const char *pre;
		if ((rc = opt_str(y, f[F_PREREQ], "prerequisite", &pre)))
			return rc;
		y->d->prerequisite = pol_intern(y->d, pre);
		y->d->prerequisite_pos = pos_of(y, f[F_PREREQ]);
	}
	if ((f[F_VETO] && (rc = read_vetoes(y, f[F_VETO]))) || (rc = read_tiers(y, f[F_TIERS])) ||
	    (rc = read_awards(y, f[F_AWARDS])) || (f[F_LISTS] && (rc = read_lists(y, f[F_LISTS]))) ||
	    (f[F_BUDGET] && (rc = read_budget(y, f[F_BUDGET]))) || (f[F_REVIEW] && (rc = read_review(y, f[F_REVIEW]))) ||
	    (f[F_BOARD] && (rc = read_board(y, f[F_BOARD]))))
		return rc;
	return 0;
}

/*
 * libyaml's scanner slows down with the square of the flow nesting depth
 * ([[[[...), and a policy never nests deeply: refuse deep nesting before
 * libyaml sees it. Brackets inside quotes and comments do not count.
 */
static int check_nesting(const char *text, size_t len, const char *file, wuhong_error *err)
{
	int depth = 0;
	long line = 1, column = 0;
	char quote = 0;
	bool comment = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		column += ((unsigned char)c & 0xC0) != 0x80;
		if (c == '\n') {
			line++;
			column = 0;
			comment = false;
			continue;
		}
		if (comment)
			continue;
		if (quote) {
			if (c == '\\' && quote == '"' && i + 1 < len)
				i++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n'))
			comment = true;
		else if (c == '"' || c == '\'')
			quote = c;
		else if ((c == '[' || c == '{') && ++depth > POL_MAX_NESTING) {
			wh_pos pos = { file, line, column };
			return wh_error_at(err, WUHONG_EPOLICY, &pos,
					   "the policy nests more than %d lists or mappings inside one another", POL_MAX_NESTING);
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/* A failed load: libyaml's own out of memory, or a syntax error at its mark. */
static int yaml_failure(const yaml_parser_t *parser, const char *file, wuhong_error *err)
{
	if (parser->error == YAML_MEMORY_ERROR || !parser->problem)
		return wh_error_oom(err);
	yaml_mark_t m = parser->problem_mark;
	wh_pos pos = { file, (long)m.line + 1, (long)m.column + 1 };
	return wh_error_at(err, WUHONG_EPOLICY, &pos, "not valid YAML: %s%s%s", parser->problem,
			   parser->context ? " " : "", parser->context ? parser->context : "");
}

int pol_parse_yaml(pol_def *d, const char *text, size_t len, const char *file, wuhong_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yctx y = { &doc, pol_intern(d, file), text, len, d, err };
	if (!y.file)
		return wh_error_oom(err);
	if (len > POL_MAX_SIZE) {
		wh_pos pos = { y.file, 0, 0 };
		return wh_error_at(err, WUHONG_EPOLICY, &pos, "the policy is %zu bytes long; at most %d are allowed", len,
				   POL_MAX_SIZE);
	}
	int rc = check_nesting(text, len, y.file, err);
	if (rc)
		return rc;
	if (!yaml_parser_initialize(&parser))
		return wh_error_oom(err);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = yaml_failure(&parser, y.file, err);
		yaml_parser_delete(&parser);
		return rc;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		wh_pos pos = { y.file, 1, 1 };
		rc = wh_error_at(err, WUHONG_EPOLICY, &pos, "the policy is empty; expected a mapping with sectors, indicators, tiers and awards");
	} else {
		/* exactly one document: whatever follows the first is read too, and refused */
		yaml_document_t next;
		if (!yaml_parser_load(&parser, &next)) {
			rc = yaml_failure(&parser, y.file, err);
		} else {
			yaml_node_t *extra = yaml_document_get_root_node(&next);
			if (extra) {
				wh_pos pos = { y.file, (long)extra->start_mark.line + 1, (long)extra->start_mark.column + 1 };
				rc = wh_error_at(err, WUHONG_EPOLICY, &pos,
						 "a second YAML document; a policy file holds exactly one");
			}
			yaml_document_delete(&next);
		}
		if (!rc)
			rc = read_policy(&y, root);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* ---- public loading ------------------------------------------------------- */

int wuhong_policy_load_string(wuhong_policy **out, const char *text, size_t len, const char *name,
			      wuhong_error *err)
{
	if (!out || !text)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_load_string: NULL argument");
	*out = NULL;
	wuhong_policy_builder *b;
	if (wuhong_policy_builder_new(&b, NULL, NULL))
		return wh_error_oom(err);
	const char *file = name ? name : "<string>";
	size_t valid = wh_utf8_valid_prefix(text, len);
	const char *nul = memchr(text, '\0', valid);
	int rc;
	if (nul) {
		long line = 1, column = 1;
		for (const char *s = text; s < nul; s++) {
			line += *s == '\n';
			column = *s == '\n' ? 1 : column + (((unsigned char)*s & 0xC0) != 0x80);
		}
		wh_pos pos = { file, line, column };
		rc = wh_error_at(err, WUHONG_EPOLICY, &pos, "the policy holds a NUL byte; expected text");
	} else if (valid < len) {
		long line = 1;
		for (size_t i = 0; i < valid; i++)
			line += text[i] == '\n';
		wh_pos pos = { file, line, 0 };
		rc = wh_error_at(err, WUHONG_EPOLICY, &pos, "the policy is not valid UTF-8 (byte %zu); save it as UTF-8",
				 valid + 1);
	} else {
		rc = pol_parse_yaml(&b->def, text, len, file, err);
	}
	if (!rc)
		rc = wuhong_policy_compile(out, b, err);
	wuhong_policy_builder_free(b);
	return rc;
}


static int policy_from_bytes(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err)
{
	return wuhong_policy_load_string(ctx, data, len, name, err);
}

int wuhong_policy_load(wuhong_policy **out, const char *path, wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_load: NULL argument");
	*out = NULL;
	return wh_with_file(path, policy_from_bytes, out, err);
}
