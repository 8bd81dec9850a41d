/*
 * diff.c — what-if: one dataset under two policies, compared unit by unit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "wuhong/diff.h"

struct wuhong_diff_result {
	wuhong_evaluation *a, *b;
	wuhong_diff_entry *entries;
	size_t n;
	int64_t total_a, total_b;
};

/* Changes by group; the group names are the policy's and the dataset's, kept alive. */
struct wuhong_diff_summary {
	wuhong_policy *policy;
	wuhong_dataset *ds;
	wuhong_diff_group *rows;
	size_t n;
};

void wuhong_diff_free(wuhong_diff_result *d)
{
	if (!d)
		return;
	wuhong_evaluation_free(d->a);
	wuhong_evaluation_free(d->b);
	wh_free(d->entries);
	wh_free(d);
}

static int evaluate_one(wuhong_evaluation **out, const wuhong_policy *p, const wuhong_dataset *ds, char which,
			wuhong_error *err)
{
	int rc = wuhong_evaluate(out, p, ds, NULL, err);
	if (rc && err) {
		char msg[WUHONG_ERROR_MESSAGE_MAX + 32];
		snprintf(msg, sizeof msg, "under policy %c: %s", which, err->message);
		wh_copy(err->message, sizeof err->message, msg);
	}
	return rc;
}

int wuhong_diff(wuhong_diff_result **out, const wuhong_policy *a, const wuhong_policy *b, const wuhong_dataset *ds,
		    wuhong_error *err)
{
	if (!out || !a || !b || !ds)
		return wh_error(err, WUHONG_EINVAL, "wuhong_diff: NULL argument");
	*out = NULL;
	wuhong_diff_result *d = wh_calloc(1, sizeof *d);
	if (!d)
		return wh_error_oom(err);
	int rc = evaluate_one(&d->a, a, ds, 'A', err);
	if (!rc)
		rc = evaluate_one(&d->b, b, ds, 'B', err);
	size_t n = ds->n, cap = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const wuhong_evaluation *ea = d->a, *eb = d->b;
		if (__builtin_add_overflow(d->total_a, ea->amount[i], &d->total_a) ||
		    __builtin_add_overflow(d->total_b, eb->amount[i], &d->total_b)) {
			rc = wh_error(err, WUHONG_EOVERFLOW, "the award totals do not fit in 64 bits of fen");
			break;
		}
		if (ea->flags[i] == eb->flags[i] && ea->pass[i] == eb->pass[i] && ea->tier[i] == eb->tier[i] &&
		    ea->amount[i] == eb->amount[i])
			continue;
		if (!wh_grow((void **)&d->entries, &cap, d->n, sizeof *d->entries)) {
			rc = wh_error_oom(err);
			break;
		}
		d->entries[d->n++] = (wuhong_diff_entry){ i, ea->flags[i], eb->flags[i], ea->pass[i], eb->pass[i],
							  ea->tier[i], eb->tier[i], ea->amount[i], eb->amount[i] };
	}
	if (rc) {
		wuhong_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

size_t wuhong_diff_count(const wuhong_diff_result *d) { return d ? d->n : 0; }
int64_t wuhong_diff_total_a(const wuhong_diff_result *d) { return d ? d->total_a : 0; }
int64_t wuhong_diff_total_b(const wuhong_diff_result *d) { return d ? d->total_b : 0; }
const wuhong_evaluation *wuhong_diff_evaluation_a(const wuhong_diff_result *d) { return d ? d->a : NULL; }
const wuhong_evaluation *wuhong_diff_evaluation_b(const wuhong_diff_result *d) { return d ? d->b : NULL; }

const wuhong_diff_entry *wuhong_diff_at(const wuhong_diff_result *d, size_t k)
{
	return d && k < d->n ? &d->entries[k] : NULL;
}

void wuhong_diff_summary_free(wuhong_diff_summary *s)
{
	if (!s)
		return;
	wuhong_policy_free(s->policy);
	wuhong_dataset_free(s->ds);
	wh_free(s->rows);
	wh_free(s);
}

size_t wuhong_diff_summary_count(const wuhong_diff_summary *s) { return s ? s->n : 0; }

const wuhong_diff_group *wuhong_diff_summary_at(const wuhong_diff_summary *s, size_t k)
{
	return s && k < s->n ? &s->rows[k] : NULL;
}

int wuhong_diff_groups(wuhong_diff_summary **out, const wuhong_diff_result *d, wuhong_grouping by, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_diff_groups: NULL argument");
	*out = NULL;
	if (!d)
		return wh_error(err, WUHONG_EINVAL, "wuhong_diff_groups: NULL argument");
	if (by != WUHONG_BY_SECTOR && by != WUHONG_BY_TOWN)
		return wh_error(err, WUHONG_EINVAL, "a diff is grouped by sector or township");
	wuhong_diff_summary *s = wh_calloc(1, sizeof *s);
	if (!s)
		return wh_error_oom(err);
	/* the group names and unit counts come from policy A's tally */
	wuhong_tally *t;
	int rc = wuhong_evaluation_tally(&t, d->a, by, err);
	if (rc) {
		wh_free(s);
		return rc;
	}
	size_t groups = wuhong_tally_count(t);
	wuhong_diff_group *g = wh_calloc(groups ? groups : 1, sizeof *g);
	if (!g) {
		wuhong_tally_free(t);
		wh_free(s);
		return wh_error_oom(err);
	}
	const pol_def *pd = &d->a->policy->def;
	for (size_t k = 0; k < groups; k++) {
		const wuhong_tally_row *r = wuhong_tally_at(t, k);
		g[k] = (wuhong_diff_group){ .group = r->group, .label = r->label, .units = r->units, .amount_a = r->amount };
	}
	/* the tally's strings belong to the policy and dataset, which the summary keeps */
	wuhong_tally_free(t);
	const wuhong_dataset *ds = d->a->ds;
	for (size_t i = 0; i < d->a->n; i++) {
		size_t k;
		if (by == WUHONG_BY_SECTOR)
			k = d->a->sector[i];
		else if (pd->n_towns)
			k = d->a->town[i];
		else /* towns as the data names them; the tally dropped the empty code 0 */
			k = ds->town[i] ? ds->town[i] - 1u : SIZE_MAX;
		if (k >= groups)
			continue;
		g[k].amount_b += d->b->amount[i];
	}
	for (size_t e = 0; e < d->n; e++) {
		const wuhong_diff_entry *x = &d->entries[e];
		size_t i = x->unit, k;
		if (by == WUHONG_BY_SECTOR)
			k = d->a->sector[i];
		else if (pd->n_towns)
			k = d->a->town[i];
		else
			k = ds->town[i] ? ds->town[i] - 1u : SIZE_MAX;
		if (k >= groups)
			continue;
		g[k].changed++;
		g[k].lost += x->flags_b < x->flags_a;
		g[k].gained += x->flags_b > x->flags_a;
	}
	s->policy = wuhong_policy_ref((wuhong_policy *)d->a->policy);
	s->ds = wuhong_dataset_ref((wuhong_dataset *)d->a->ds);
	s->rows = g;
	s->n = groups;
	*out = s;
	return 0;
}
