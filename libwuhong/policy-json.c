/*
 * policy-json.c — the policy's canonical form and its SHA-256 fingerprint.
 * The canonical form is compact JSON with sorted keys, rules re-printed
 * from their syntax trees and money as exact yuan text; it is itself a
 * valid policy file, so it round-trips (Python's to_dict / from_dict).
 * Formatting, comments and key order of the source change neither.
 */
#include <jansson.h>
#include <stdio.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "policy-internal.h"
#include "wuhong/money.h"

const char *pol_type_name(wuhong_indicator_type t)
{
	static const char *const names[] = { "number", "bool", "count", "percent", "score" };
	return (unsigned)t <= WUHONG_TYPE_SCORE ? names[t] : "number";
}

const char *pol_aggregate_name(wuhong_aggregate a)
{
	static const char *const names[] = { "none", "mean", "trimmed_mean", "median" };
	return (unsigned)a <= WUHONG_AGG_MEDIAN ? names[a] : "none";
}

/* json_string that tolerates NULL (as JSON null). */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jrule(const rule_ast *ast)
{
	wh_buf b = { 0 };
	if (!rule_canonical(ast, &b)) {
		wh_buf_free(&b);
		return NULL;
	}
	json_t *j = json_string(b.data ? b.data : "");
	wh_buf_free(&b);
	return j;
}

/* json_*_set_new and json_array_append_new free the value on failure,
 * so building goes on and one check at the end (*ok) finds any failure. */
static void set_(bool *ok, json_t *obj, const char *key, json_t *v)
{
	if (!v || !obj || json_object_set_new(obj, key, v))
		*ok = false;
}

static void push_(bool *ok, json_t *arr, json_t *v)
{
	if (!v || !arr || json_array_append_new(arr, v))
		*ok = false;
}

#define set(o, k, v) set_(&ok, o, k, v)
#define push(a, v) push_(&ok, a, v)

static json_t *to_json(const wuhong_policy *p, bool *good)
{
	bool ok = true;
	const pol_def *d = &p->def;
	json_t *root = json_object();
	if (!root) {
		*good = false;
		return NULL;
	}
	set(root, "wuhong", json_integer(1));
	set(root, "name", jstr(d->name));
	json_t *towns = json_array();
	for (size_t i = 0; towns && i < d->n_towns; i++)
		push(towns, json_string(d->towns[i]));
	set(root, "townships", towns);
	json_t *inds = json_array();
	for (size_t i = 0; inds && i < d->n_indicators; i++) {
		const pol_indicator *x = &d->indicators[i];
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		set(o, "key", json_string(x->key));
		set(o, "label", jstr(x->label));
		set(o, "unit", jstr(x->unit));
		set(o, "type", json_string(pol_type_name(x->type)));
		set(o, "min", isnan(x->min) ? json_null() : json_real(x->min));
		set(o, "max", isnan(x->max) ? json_null() : json_real(x->max));
		set(o, "aggregate", json_string(pol_aggregate_name(x->aggregate)));
		push(inds, o);
	}
	set(root, "indicators", inds);
	json_t *secs = json_array();
	for (size_t i = 0; secs && i < d->n_sectors; i++) {
		const pol_sector *s = &d->sectors[i];
		json_t *o = json_object(), *aliases = json_array(), *crits = json_array();
		for (size_t k = 0; aliases && k < s->n_aliases; k++)
			push(aliases, json_string(s->aliases[k]));
		for (int c = 0; crits && c < s->n_criteria; c++) {
			json_t *co = json_object();
			if (co) {
				set(co, "key", json_string(s->criteria[c].key));
				set(co, "label", jstr(s->criteria[c].label));
				set(co, "rule", jrule(&s->criteria[c].ast));
			}
			push(crits, co);
		}
		if (o) {
			set(o, "key", json_string(s->key));
			set(o, "label", jstr(s->label));
			set(o, "aliases", aliases);
			set(o, "criteria", crits);
		} else {
			json_decref(aliases);
			json_decref(crits);
		}
		push(secs, o);
	}
	set(root, "sectors", secs);
	set(root, "prerequisite", jstr(d->prerequisite));
	json_t *vetoes = json_array();
	for (size_t v = 0; vetoes && v < d->n_vetoes; v++) {
		const pol_veto *vt = &d->vetoes[v];
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		set(o, "key", json_string(vt->key));
		set(o, "label", jstr(vt->label));
		set(o, "rule", jrule(&vt->ast));
		if (vt->sectors) {
			json_t *ss = json_array();
			for (size_t k = 0; ss && k < vt->n_sectors; k++)
				push(ss, json_string(vt->sectors[k]));
			set(o, "sectors", ss);
		} else {
			set(o, "sectors", json_null());
		}
		push(vetoes, o);
	}
	set(root, "vetoes", vetoes);
	json_t *tiers = json_array();
	for (size_t t = 0; tiers && t < d->n_tiers; t++) {
		json_t *o = json_object();
		if (o) {
			set(o, "flags", json_integer(d->tiers[t].flags));
			set(o, "name", json_string(d->tiers[t].name));
		}
		push(tiers, o);
	}
	set(root, "tiers", tiers);
	json_t *awards = json_object();
	for (size_t i = 0; awards && i < d->n_sectors; i++) {
		json_t *o = json_object();
		for (size_t t = 0; o && t < d->n_tiers; t++) {
			char key[8], yuan[32];
			snprintf(key, sizeof key, "%d", d->tiers[t].flags);
			/* yuan as exact decimal text: the file format, with no float in between */
			set(o, key, json_string(wuhong_format_yuan(yuan, sizeof yuan, d->sectors[i].award[d->tiers[t].flags])));
		}
		set(awards, d->sectors[i].key, o);
	}
	set(root, "awards", awards);
	json_t *lists = json_object();
	static const char *const list_keys[2] = { "red", "black" };
	static const char *const per_names[3] = { NULL, "sector", "town" };
	for (int k = 0; lists && k < 2; k++) {
		const pol_list *l = &d->lists[k];
		if (!l->declared)
			continue;
		json_t *o = json_object(), *rules = json_array();
		for (size_t r = 0; rules && r < l->n_rules; r++) {
			json_t *ro = json_object();
			if (ro) {
				set(ro, "key", json_string(l->rules[r].key));
				set(ro, "label", jstr(l->rules[r].label));
				set(ro, "rule", jrule(&l->rules[r].ast));
			}
			push(rules, ro);
		}
		if (o) {
			set(o, "label", jstr(l->label));
			set(o, "order_by", json_string(l->order_by ? l->order_by : "flags"));
			set(o, "order", json_string(l->ascending ? "ascending" : "descending"));
			set(o, "limit", l->limit_per && l->limit ? json_pack("{s:s, s:I}", "per", per_names[l->limit_per], "count",
									   (json_int_t)l->limit) : json_null());
			set(o, "rules", rules);
		} else {
			json_decref(rules);
		}
		set(lists, list_keys[k], o);
	}
	set(root, "lists", lists);
	if (d->board_title || d->board_issuer) /* only when given: a policy without it keeps its fingerprint */
		set(root, "board", json_pack("{s:o, s:o}", "title", jstr(d->board_title), "issuer", jstr(d->board_issuer)));
	char budget[32];
	set(root, "budget", json_pack("{s:o, s:s}", "amount",
				      d->budget.fen >= 0 ? json_string(wuhong_format_yuan(budget, sizeof budget, d->budget.fen)) : json_null(),
				      "over", d->budget.over ? "scale" : "refuse"));
	json_t *rewards = json_object();
	for (size_t i = 0; rewards && i < d->n_sectors; i++) {
		json_t *o = json_object();
		for (size_t t = 0; o && t < d->n_tiers; t++) {
			char key[8], yuan[32];
			snprintf(key, sizeof key, "%d", d->tiers[t].flags);
			set(o, key, json_string(wuhong_format_yuan(yuan, sizeof yuan, d->sectors[i].review_reward[d->tiers[t].flags])));
		}
		set(rewards, d->sectors[i].key, o);
	}
	set(root, "review", json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:{s:i}}", "min_tier", d->review.min_tier,
				      "on_failure", d->review.strip ? "strip" : "demote", "promotion",
				      d->review.full_promotion ? "full" : "difference", "wait", d->review.wait, "clawback",
				      d->review.clawback ? "true" : "false", "approval",
				      d->review.applications_only ? "applications" : d->review.explicit_approval ? "explicit" : "automatic",
				      "short_of_application", d->review.short_gets_nothing ? "nothing" : "reached",
				      "already_held", d->review.held_is_error ? "error" : "record", "merge",
				      d->review.merge_keep_successor ? "keep_successor" : "keep_higher", "rewards", rewards,
				      "rotation", "per_month", d->review.rotation_per_month));
	*good = ok;
	return root;
}

static int dump_to_buf(const char *text, size_t n, void *data)
{
	return wh_buf_append(data, text, n) ? 0 : -1;
}

/* The canonical text, in libwuhong's allocator (the caller frees it with wh_free). */
static char *dump(const wuhong_policy *p)
{
	bool good;
	json_t *j = to_json(p, &good);
	wh_buf b = { 0 };
	bool ok = good && json_dump_callback(j, dump_to_buf, &b, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)) == 0;
	json_decref(j);
	char *s = ok ? wh_buf_steal(&b) : NULL;
	wh_buf_free(&b);
	return s;
}

int pol_fingerprint(struct wuhong_policy *p, wuhong_error *err)
{
	char *s = dump(p);
	if (!s)
		return wh_error_oom(err);
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(s), (const uint8_t *)s);
	sha256_digest(&ctx, sizeof digest, digest);
	wh_free(s);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(p->fingerprint + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

int wuhong_policy_to_json(char **out, const wuhong_policy *p, wuhong_error *err)
{
	if (!out || !p)
		return wh_error(err, WUHONG_EINVAL, "wuhong_policy_to_json: NULL argument");
	*out = dump(p);
	return *out ? 0 : wh_error_oom(err);
}
