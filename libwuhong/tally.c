/*
 * tally.c — units counted by sector, township or committee, and by tier.
 */
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"

struct wuhong_tally {
	wuhong_tally_row *rows;
	size_t n;
	wuhong_tally_row total;
};

int wuhong_evaluation_tally(wuhong_tally **out, const wuhong_evaluation *ev, wuhong_grouping by,
			    wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_tally: NULL argument");
	*out = NULL;
	const pol_def *d = &ev->policy->def;
	const wuhong_dataset *ds = ev->ds;
	size_t groups;
	switch (by) {
	case WUHONG_BY_SECTOR: groups = d->n_sectors; break;
	case WUHONG_BY_TOWN: groups = d->n_towns ? d->n_towns : ds->towns.n; break;
	case WUHONG_BY_COMMITTEE: groups = ds->committees.n ? ds->committees.n : 1; break;
	default: return wh_error(err, WUHONG_EINVAL, "unknown grouping %d", (int)by);
	}
	wuhong_tally *t = calloc(1, sizeof *t);
	if (!t || !(t->rows = calloc(groups ? groups : 1, sizeof *t->rows))) {
		free(t);
		return wh_error_oom(err);
	}
	t->n = groups;
	for (size_t g = 0; g < groups; g++) {
		wuhong_tally_row *r = &t->rows[g];
		if (by == WUHONG_BY_SECTOR) {
			r->group = d->sectors[g].key;
			r->label = d->sectors[g].label ? d->sectors[g].label : r->group;
		} else if (by == WUHONG_BY_TOWN) {
			r->group = r->label = d->n_towns ? d->towns[g] : ds->towns.names[g];
		} else {
			r->group = r->label = ds->committees.n ? ds->committees.names[g] : "";
		}
	}
	t->total.group = t->total.label = "total";
	for (size_t i = 0; i < ev->n; i++) {
		size_t g = by == WUHONG_BY_SECTOR ? ev->sector[i] :
			   by == WUHONG_BY_TOWN ? (d->n_towns ? ev->town[i] : ds->town[i]) : ds->committee[i];
		wuhong_tally_row *rows[2] = { g < groups ? &t->rows[g] : NULL, &t->total };
		for (int k = 0; k < 2; k++) {
			wuhong_tally_row *r = rows[k];
			if (!r)
				continue;
			r->units++;
			r->by_tier[ev->tier[i]]++;
			r->vetoed += ev->veto[i] != 0;
			r->missing += ev->miss[i] != 0;
			if (__builtin_add_overflow(r->amount, ev->amount[i], &r->amount)) {
				wuhong_tally_free(t);
				return wh_error(err, WUHONG_EOVERFLOW,
						"the award total does not fit in 64 bits of fen");
			}
		}
	}
	/* an unnamed first group (code 0 = no committee given) with no units is noise */
	if (by != WUHONG_BY_SECTOR && groups && t->rows[0].units == 0 && !*t->rows[0].group &&
	    !(by == WUHONG_BY_TOWN && d->n_towns)) {
		memmove(t->rows, t->rows + 1, (groups - 1) * sizeof *t->rows);
		t->n--;
	}
	*out = t;
	return 0;
}

void wuhong_tally_free(wuhong_tally *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t);
}

size_t wuhong_tally_count(const wuhong_tally *t)
{
	return t ? t->n : 0;
}

const wuhong_tally_row *wuhong_tally_row_at(const wuhong_tally *t, size_t k)
{
	return t && k < t->n ? &t->rows[k] : NULL;
}

const wuhong_tally_row *wuhong_tally_total(const wuhong_tally *t)
{
	return t ? &t->total : NULL;
}
