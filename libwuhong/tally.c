/*
 * tally.c — units counted by sector, township, committee or tier, with
 * their money. Shared by evaluations (scheduled awards) and awards (final
 * amounts).
 */
#include <stdlib.h>
#include <string.h>

#include "tally-internal.h"

struct wuhong_tally {
	wuhong_tally_row *rows;
	size_t n;
	wuhong_tally_row total;
	char tier_names[6][8];
	/* the rows' strings are the policy's and the dataset's: held, so a tally
	 * outlives the evaluation it was made from (the counts are atomic, so
	 * taking a reference through a const pointer is safe) */
	wuhong_policy *policy;
	wuhong_dataset *ds;
};

int tally_build(wuhong_tally **out, const tally_input *in, wuhong_grouping by, wuhong_error *err)
{
	*out = NULL;
	const pol_def *d = &in->policy->def;
	const wuhong_dataset *ds = in->ds;
	size_t groups;
	switch (by) {
	case WUHONG_BY_SECTOR: groups = d->n_sectors; break;
	case WUHONG_BY_TOWN: groups = d->n_towns ? d->n_towns : ds->towns.n; break;
	case WUHONG_BY_COMMITTEE: groups = ds->committees.n ? ds->committees.n : 1; break;
	case WUHONG_BY_TIER: groups = d->n_tiers + 1; break;
	default: return wh_error(err, WUHONG_EINVAL, "unknown grouping %d", (int)by);
	}
	wuhong_tally *t = wh_calloc(1, sizeof *t);
	if (!t || !(t->rows = wh_calloc(groups ? groups : 1, sizeof *t->rows))) {
		wh_free(t);
		return wh_error_oom(err);
	}
	t->n = groups;
	t->policy = wuhong_policy_ref((wuhong_policy *)in->policy);
	t->ds = wuhong_dataset_ref((wuhong_dataset *)ds);
	uint8_t group_of_tier[6] = { 0 };
	for (size_t g = 0; g < groups; g++) {
		wuhong_tally_row *r = &t->rows[g];
		if (by == WUHONG_BY_SECTOR) {
			r->group = d->sectors[g].key;
			r->label = d->sectors[g].label ? d->sectors[g].label : r->group;
		} else if (by == WUHONG_BY_TOWN) {
			r->group = r->label = d->n_towns ? d->towns[g] : ds->towns.names[g];
		} else if (by == WUHONG_BY_COMMITTEE) {
			r->group = r->label = ds->committees.n ? ds->committees.names[g] : "";
		} else { /* tiers from the highest down, then no tier */
			int tv = g < d->n_tiers ? d->tiers[g].flags : 0;
			snprintf(t->tier_names[g < 6 ? g : 5], sizeof t->tier_names[0], "%d", tv);
			r->group = t->tier_names[g < 6 ? g : 5];
			r->label = g < d->n_tiers ? d->tiers[g].name : "";
			group_of_tier[tv] = (uint8_t)g;
		}
	}
	t->total.group = t->total.label = "total";
	if (in->counts && by == WUHONG_BY_SECTOR) { /* counted while the units were judged */
		for (size_t g = 0; g < groups; g++) {
			wuhong_tally_row *r = &t->rows[g];
			for (int tv = 0; tv < 6; tv++) {
				uint64_t k = in->counts->units[g][tv];
				int64_t money;
				if (__builtin_mul_overflow((int64_t)k, d->sectors[g].award[tv], &money) ||
				    __builtin_add_overflow(r->amount, money, &r->amount) ||
				    __builtin_add_overflow(t->total.amount, money, &t->total.amount)) {
					wuhong_tally_free(t);
					return wh_error(err, WUHONG_EOVERFLOW, "the award total does not fit in 64 bits of fen");
				}
				r->by_tier[tv] = (size_t)k;
				r->units += (size_t)k;
				t->total.by_tier[tv] += (size_t)k;
			}
			r->vetoed = (size_t)in->counts->vetoed[g];
			r->missing = (size_t)in->counts->missing[g];
			t->total.units += r->units;
			t->total.vetoed += r->vetoed;
			t->total.missing += r->missing;
		}
		*out = t;
		return 0;
	}
	for (size_t i = 0; i < in->n; i++) {
		size_t g = by == WUHONG_BY_SECTOR ? in->sector[i] :
			   by == WUHONG_BY_TOWN ? (d->n_towns ? in->town[i] : ds->town[i]) :
			   by == WUHONG_BY_COMMITTEE ? ds->committee[i] : group_of_tier[in->tier[i]];
		wuhong_tally_row *rows[2] = { g < groups ? &t->rows[g] : NULL, &t->total };
		for (int k = 0; k < 2; k++) {
			wuhong_tally_row *r = rows[k];
			if (!r)
				continue;
			r->units++;
			r->by_tier[in->tier[i]]++;
			r->vetoed += in->veto && in->veto[i] != 0;
			r->missing += in->miss && in->miss[i] != 0;
			if (__builtin_add_overflow(r->amount, in->amount[i], &r->amount)) {
				wuhong_tally_free(t);
				return wh_error(err, WUHONG_EOVERFLOW, "the award total does not fit in 64 bits of fen");
			}
		}
	}
	/* an unnamed first group (code 0 = no committee given) with no units is noise */
	if ((by == WUHONG_BY_COMMITTEE || (by == WUHONG_BY_TOWN && !d->n_towns)) && groups &&
	    t->rows[0].units == 0 && !*t->rows[0].group) {
		memmove(t->rows, t->rows + 1, (groups - 1) * sizeof *t->rows);
		t->n--;
	}
	*out = t;
	return 0;
}

int wuhong_evaluation_tally(wuhong_tally **out, const wuhong_evaluation *ev, wuhong_grouping by,
			    wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_tally: NULL argument");
	tally_input in = { ev->policy, ev->ds, ev->n, ev->tier, ev->sector, ev->town, ev->veto, ev->miss, ev->amount,
			   ev->counts };
	return tally_build(out, &in, by, err);
}

void wuhong_tally_free(wuhong_tally *t)
{
	if (!t)
		return;
	wuhong_policy_free(t->policy);
	wuhong_dataset_free(t->ds);
	wh_free(t->rows);
	wh_free(t);
}

size_t wuhong_tally_count(const wuhong_tally *t)
{
	return t ? t->n : 0;
}

const wuhong_tally_row *wuhong_tally_at(const wuhong_tally *t, size_t k)
{
	return t && k < t->n ? &t->rows[k] : NULL;
}

const wuhong_tally_row *wuhong_tally_total(const wuhong_tally *t)
{
	return t ? &t->total : NULL;
}
