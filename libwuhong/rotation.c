/*
 * rotation.c — the monthly assessment's township rotation (每月重点调研2个乡镇).
 *
 * Round robin walks the policy's township order, `per_month` a month, so
 * every township is visited every n/per_month months. Priority keeps that
 * cycle (a township visited within the cycle waits) but, among those due,
 * takes the ones with the most black-listed units first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "rows.h"
#include "wuhong/review.h"
#include "wuhong/lists.h"

static bool parse_month(const char *s, int *year, int *month)
{
	char extra;
	return s && sscanf(s, "%4d-%2d%c", year, month, &extra) == 2 && strlen(s) == 7 && *month >= 1 &&
	       *month <= 12 && *year >= 1900 && *year <= 9999;
}

int wuhong_rotation(wuhong_rows **out, const wuhong_policy *p, const char *start, int months,
		    const wuhong_evaluation *ev, wuhong_error *err)
{
	if (!out || !p)
		return wh_error(err, WUHONG_EINVAL, "wuhong_rotation: NULL argument");
	*out = NULL;
	int year, month;
	if (!parse_month(start, &year, &month))
		return wh_error(err, WUHONG_EINVAL, "the start month '%s' is not YYYY-MM", start ? start : "");
	if (months < 1 || months > 1200)
		return wh_error(err, WUHONG_EINVAL, "months must be 1 to 1200, not %d", months);
	/* periods are YYYY-MM: the plan may not run past December 9999 */
	if ((long)year * 12 + (month - 1) + months - 1 > 9999L * 12 + 11)
		return wh_error(err, WUHONG_EINVAL, "%d months from %s run past 9999-12; periods are YYYY-MM", months, start);
	const pol_def *d = &p->def;
	size_t n = d->n_towns;
	if (n == 0)
		return wh_error(err, WUHONG_EPOLICY, "the policy lists no townships to rotate through");
	if (ev && ev->policy != p)
		return wh_error(err, WUHONG_EINVAL, "the evaluation was made with another policy");
	size_t k = (size_t)(d->review.rotation_per_month > 0 ? d->review.rotation_per_month : 2);
	if (k > n)
		k = n;
	size_t cycle = (n + k - 1) / k; /* months for every township once */
	size_t *black = wh_calloc(n, sizeof *black);
	long *last = wh_malloc(n * sizeof *last); /* month index of the last visit, -1 never */
	int rc = 0;
	if (!black || !last) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t t = 0; t < n; t++)
		last[t] = -1;
	if (ev) {
		wuhong_lists *l;
		if ((rc = wuhong_evaluation_lists(&l, ev, err)))
			goto out;
		for (size_t e = 0; e < wuhong_lists_count(l, WUHONG_BLACK_LIST); e++) {
			uint16_t town = ev->town[wuhong_lists_at(l, WUHONG_BLACK_LIST, e)->unit];
			if (town < n)
				black[town]++;
		}
		wuhong_lists_free(l);
	}
	static const char *const names[] = { "period", "town", "why" };
	wuhong_rows *r = rows_new(3, names);
	if (!r) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (long m = 0; m < months && !rc; m++) {
		char period[16];
		int y = year + (int)((month - 1 + m) / 12), mm = (int)((month - 1 + m) % 12) + 1;
		snprintf(period, sizeof period, "%04d-%02d", y, mm);
		for (size_t j = 0; j < k && !rc; j++) {
			size_t pick = 0;
			char why[160];
			if (!ev) {
				pick = (size_t)((m * (long)k + (long)j) % (long)n);
				snprintf(why, sizeof why, wh_tr(N_("round robin in the policy's order: every township once in %zu months")),
					 cycle);
			} else {
				/* due first (not visited within the cycle), then the most
				 * black-listed, then the policy's order */
				long best = -1;
				for (size_t t = 0; t < n; t++) {
					if (last[t] == m)
						continue; /* already picked this month */
					if (best < 0) {
						best = (long)t;
						continue;
					}
					bool due_t = last[t] < 0 || m - last[t] >= (long)cycle;
					bool due_b = last[best] < 0 || m - last[best] >= (long)cycle;
					if (due_t != due_b ? due_t : black[t] > black[(size_t)best])
						best = (long)t;
				}
				pick = (size_t)best;
				if (last[pick] < 0)
					snprintf(why, sizeof why, wh_tr(N_("%zu black-listed units; not visited before")), black[pick]);
				else
					snprintf(why, sizeof why, wh_tr(N_("%zu black-listed units; last visited %ld months ago")), black[pick],
						 m - last[pick]);
			}
			last[pick] = m;
			const rows_value cells[] = { ROWS_TEXT(period), ROWS_TEXT(d->towns[pick]), ROWS_TEXT(why) };
			rc = rows_add(r, cells, err);
		}
	}
	if (rc) {
		wuhong_rows_free(r);
		goto out;
	}
	*out = r;
out:
	wh_free(black);
	wh_free(last);
	return rc;
}
