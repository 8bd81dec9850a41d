/*
 * gaps.c — who to help next (wuhong/gaps.h): for every unit below the next
 * tier, its failing criteria with their gaps (rule/gap.c), and the cheapest
 * criteria that would lift it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "rule/gap.h"
#include "wuhong/gaps.h"

struct wuhong_gaps {
	wh_arena arena;         /* clause texts, gaps, criteria */
	wuhong_gap_unit *units;
	size_t n;
};

void wuhong_gaps_free(wuhong_gaps *g)
{
	if (!g)
		return;
	wh_arena_free(&g->arena);
	wh_free(g->units);
	wh_free(g);
}

size_t wuhong_gaps_count(const wuhong_gaps *g) { return g ? g->n : 0; }

const wuhong_gap_unit *wuhong_gaps_at(const wuhong_gaps *g, size_t k)
{
	return g && k < g->n ? &g->units[k] : NULL;
}

const wuhong_gap_criterion *wuhong_gap_unit_criterion(const wuhong_gap_unit *u, size_t c)
{
	return u && c < u->n_criteria ? &u->criteria[c] : NULL;
}

const wuhong_gap *wuhong_gap_criterion_gap(const wuhong_gap_criterion *c, size_t k)
{
	return c && k < c->n_gaps ? &c->gaps[k] : NULL;
}

/* The prerequisite first, then the cheapest. */
static int by_need(const void *pa, const void *pb)
{
	const wuhong_gap_criterion *a = pa, *b = pb;
	if (a->prerequisite != b->prerequisite)
		return a->prerequisite ? -1 : 1;
	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int by_total(const void *pa, const void *pb)
{
	const wuhong_gap_unit *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total < b->total ? -1 : 1;
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}

/* The next tier above `tier`, or 0 at the top. */
static unsigned next_tier(const pol_def *d, unsigned tier)
{
	for (size_t t = d->n_tiers; t-- > 0;) /* tiers are listed from the highest down */
		if ((unsigned)d->tiers[t].flags > tier)
			return (unsigned)d->tiers[t].flags;
	return 0;
}

/* Unit u's entry: its failing criteria, their gaps, and what it takes. */
static int gap_unit(wuhong_gaps *g, const wuhong_evaluation *ev, size_t u, wuhong_gap_unit *out)
{
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	*out = (wuhong_gap_unit){ .unit = u, .flags = ev->flags[u], .tier = ev->tier[u],
				  .next_tier = next_tier(&p->def, ev->tier[u]), .vetoed = ev->veto[u] != 0 };
	wuhong_gap_criterion *c = wh_arena_alloc(&g->arena, WUHONG_CRITERIA * sizeof *c);
	if (!c)
		return WUHONG_ENOMEM;
	size_t n = 0;
	for (int k = 0; k < WUHONG_CRITERIA; k++) {
		if ((ev->pass[u] >> k) & 1)
			continue;
		wuhong_gap_criterion *x = &c[n++];
		*x = (wuhong_gap_criterion){ .index = (size_t)k, .key = s->criteria[k].key, .label = s->criteria[k].label,
					     .prerequisite = k == s->prereq_bit };
		wuhong_gap *gaps;
		if (rule_gap(&g->arena, &p->syms, &s->criteria[k].ast, ev->cols, u, &x->cost, &gaps, &x->n_gaps))
			return WUHONG_ENOMEM;
		x->gaps = gaps;
	}
	qsort(c, n, sizeof *c, by_need);
	/* the prerequisite if failed, then the cheapest criteria up to the next tier's flags */
	unsigned have = out->flags, need = 0;
	double total = 0;
	for (size_t k = 0; k < n && (have < out->next_tier || c[k].prerequisite); k++, have++, need++)
		total += c[k].cost;
	out->flags_short = need;
	out->total = out->vetoed || have < out->next_tier ? INFINITY : total;
	out->criteria = c;
	out->n_criteria = n;
	return 0;
}

int wuhong_evaluation_gaps(wuhong_gaps **out, const wuhong_evaluation *ev, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_gaps: NULL argument");
	*out = NULL;
	if (!ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_gaps: NULL argument");
	wuhong_gaps *g = wh_calloc(1, sizeof *g);
	if (!g)
		return wh_error_oom(err);
	g->units = wh_calloc(ev->n ? ev->n : 1, sizeof *g->units);
	int rc = g->units ? 0 : WUHONG_ENOMEM;
	for (size_t u = 0; u < ev->n && !rc; u++)
		if (next_tier(&ev->policy->def, ev->tier[u]))
			rc = gap_unit(g, ev, u, &g->units[g->n++]);
	if (rc) {
		wuhong_gaps_free(g);
		return wh_error_oom(err);
	}
	qsort(g->units, g->n, sizeof *g->units, by_total);
	*out = g;
	return 0;
}
