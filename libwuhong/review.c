/*
 * review.c — one period of the campaign as a plan (review-internal.h).
 *
 * For each unit of the period's evaluation, against its standing:
 *   - a unit holding at least the policy's min_tier is re-reviewed (回头看):
 *     it passes when its computed tier is at least the tier it holds (a
 *     reward from the review schedule), else it fails and is demoted to the
 *     computed tier, or stripped (降旗/摘旗), its pending benefits cancelled
 *     (取消相应待遇) and, if the policy says so, the award difference clawed back;
 *   - a higher computed tier is a proposal (申报/推荐) until the standing
 *     committee approves it (审定), after a demotion only once the waiting
 *     period is over; an approved tier is announced (公示) and plaqued (授牌),
 *     and paid: the creation award the first time a unit holds a tier, else
 *     the difference of the two awards, or the full award, as the policy says;
 *   - a merger (撤并) carries the unit's standing into its successor.
 * Monthly periods ("YYYY-MM") only record results: no rows, no money.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review-internal.h"
#include "wuhong/money.h"

/* Copy a string into the plan; a failure is remembered and reported by the
 * callers below, so every copy need not be checked where it is made. */
static const char *dup(rv_plan *p, const char *s)
{
	if (!s)
		return NULL;
	const char *c = wh_arena_strdup(&p->arena, s);
	p->oom |= !c;
	return c;
}

int rv_put_standing(rv_plan *plan, const rv_standing *s, wuhong_error *err)
{
	size_t at;
	if (wh_map_get(&plan->index, s->unit, &at)) {
		rv_standing *x = &plan->standing[at];
		*x = *s;
		x->unit = plan->standing[at].unit;
	} else {
		if (!wh_grow((void **)&plan->standing, &plan->cap_standing, plan->n_standing, sizeof *plan->standing))
			return wh_error_oom(err);
		at = plan->n_standing++;
		plan->standing[at] = *s;
		plan->standing[at].unit = dup(plan, s->unit);
		if (!plan->standing[at].unit || wh_map_put(&plan->index, plan->standing[at].unit, at, NULL, NULL))
			return wh_error_oom(err);
	}
	rv_standing *x = &plan->standing[at];
	x->sector = dup(plan, s->sector);
	x->since = dup(plan, s->since);
	x->demoted_in = dup(plan, s->demoted_in);
	x->merged_into = dup(plan, s->merged_into);
	return plan->oom ? wh_error_oom(err) : 0;
}

void rv_plan_free(rv_plan *plan)
{
	wh_free(plan->standing);
	wh_free(plan->rows);
	wh_map_free(&plan->index);
	wh_arena_free(&plan->arena);
	memset(plan, 0, sizeof *plan);
}

static const char *const event_names[RV_N_EVENTS] = {
	[RV_PROPOSED] = "proposed",
	[RV_APPROVED] = "approved",
	[RV_REFUSED] = "refused",
	[RV_PENDING] = "pending",
	[RV_AWARDED] = "awarded",
	[RV_PROMOTED] = "promoted",
	[RV_PROMOTION_DEFERRED] = "promotion_deferred",
	[RV_REVIEW_PASSED] = "review_passed",
	[RV_REVIEW_FAILED] = "review_failed",
	[RV_DEMOTED] = "demoted",
	[RV_STRIPPED] = "stripped",
	[RV_BENEFITS_CANCELLED] = "benefits_cancelled",
	[RV_MERGED] = "merged",
	[RV_MERGED_IN] = "merged_in",
	[RV_BONUS] = "bonus",
	[RV_PENALTY] = "penalty",
	[RV_OVERRIDE_UNUSED] = "override_unused",
	[RV_DECISION_UNUSED] = "decision_unused",
	[RV_APPLIED] = "applied",
	[RV_APPLICATION_VOID] = "application_void",
	[RV_RECOMMENDED] = "recommended",
	[RV_NOT_RECOMMENDED] = "not_recommended",
	[RV_ACCEPTED] = "accepted",
	[RV_ACCEPTANCE_FAILED] = "acceptance_failed",
};

const char *rv_event_name(rv_event e)
{
	return e < RV_N_EVENTS ? event_names[e] : "";
}

static int row(rv_plan *p, const char *unit, const char *name, rv_event event, int from, int to,
	       const char *pay_kind, int64_t fen, const char *detail, wuhong_error *err)
{
	if (!wh_grow((void **)&p->rows, &p->cap_rows, p->n_rows, sizeof *p->rows))
		return wh_error_oom(err);
	p->rows[p->n_rows++] = (rv_row){ dup(p, unit), dup(p, name), event, from, to, pay_kind, fen, dup(p, detail) };
	return p->oom ? wh_error_oom(err) : 0;
}

static int year_of(const char *period)
{
	return period ? atoi(period) : 0;
}

static rv_standing *standing_of(rv_plan *p, const char *unit)
{
	size_t at;
	return wh_map_get(&p->index, unit, &at) ? &p->standing[at] : NULL;
}

/* The money for reaching tier `to` from `from` (fen) and its kind. */
static int64_t promotion_money(const wuhong_policy *pol, size_t sector, const rv_standing *s, int to,
			       const char **kind)
{
	int64_t full = wuhong_policy_award(pol, sector, to);
	if (!s->ever) {
		*kind = "creation";
		return full;
	}
	*kind = "promotion";
	if (pol->def.review.full_promotion)
		return full;
	int64_t diff = full - wuhong_policy_award(pol, sector, s->tier);
	return diff > 0 ? diff : 0;
}

/* The unit keeps its standing this period. */
static void stays(rv_standing *s)
{
	if (s->tier)
		s->held++;
}

/* 公示 and 授牌 of an accepted tier, and its money: the creation award the
 * first time a unit holds a tier, else the promotion money. */
static int grant(rv_plan *p, const wuhong_evaluation *ev, size_t i, rv_standing *s, int target, const char *period,
		 wuhong_error *err)
{
	const wuhong_policy *pol = ev->policy;
	const char *pay;
	char detail[256];
	int64_t money = promotion_money(pol, ev->sector[i], s, target, &pay);
	snprintf(detail, sizeof detail, wh_tr(N_("公示 and 授牌: %s")), wuhong_policy_tier_name(pol, target));
	int rc = row(p, ev->ds->ids[i], ev->ds->names[i], s->ever ? RV_PROMOTED : RV_AWARDED, s->tier, target,
		     money ? pay : NULL, money, detail, err);
	if (rc)
		return rc;
	s->tier = target;
	s->since = dup(p, period);
	s->held = 1;
	s->ever = true;
	return 0;
}

/* Whether a unit demoted recently still waits (recorded as deferred). */
static int deferred(rv_plan *p, const wuhong_evaluation *ev, size_t i, rv_standing *s, int target, const char *period,
		    bool *waits, wuhong_error *err)
{
	int wait = ev->policy->def.review.wait;
	*waits = s->demoted_in && year_of(period) - year_of(s->demoted_in) <= wait;
	if (!*waits)
		return 0;
	char detail[256];
	snprintf(detail, sizeof detail, wh_tr(N_("proposal deferred: demoted in %s, waiting %d year(s)")), s->demoted_in, wait);
	stays(s);
	return row(p, ev->ds->ids[i], ev->ds->names[i], RV_PROMOTION_DEFERRED, s->tier, target, NULL, 0, detail, err);
}

/* "who: why", or "who" when there is no why. */
static const char *who_why(char *buf, size_t n, const char *by, const char *reason)
{
	if (reason && *reason)
		snprintf(buf, n, wh_tr(N_("%s: %s")), by, reason); /* who decided: why */
	else
		snprintf(buf, n, "%s", by);
	return buf;
}

/*
 * The creation list's steps for a unit on it (wuhong/applications.h):
 * 申报 (applied), 推荐 (recommended or not), 审定 (approved, refused, or
 * pending), then 验收 against the period's evaluation: the tier applied for
 * when the unit reaches it; short of it, the tier reached or nothing, as
 * the policy says.
 */
static int by_application(rv_plan *p, const wuhong_evaluation *ev, size_t i, rv_standing *s, const app_entry *a,
			  const wuhong_decisions *dec, const char *period, wuhong_error *err)
{
	const wuhong_policy *pol = ev->policy;
	const wuhong_review_rules *r = &pol->def.review;
	const char *id = ev->ds->ids[i], *name = ev->ds->names[i], *applied = wuhong_policy_tier_name(pol, a->tier);
	int computed = ev->tier[i], rc;
	char detail[640], ww[512];
	if (a->tier <= s->tier) {
		if (r->held_is_error) {
			wh_error(err, WUHONG_EDATA, "unit '%s' applies for %s, a tier it already holds (%s since %s)", id, applied,
				 wuhong_policy_tier_name(pol, s->tier), s->since ? s->since : "?");
			wh_error_set_unit(err, id, (long)i + 1);
			return WUHONG_EDATA;
		}
		snprintf(detail, sizeof detail, wh_tr(N_("申报 %s: already holds %s since %s; nothing to create")), applied,
			 wuhong_policy_tier_name(pol, s->tier), s->since ? s->since : "?");
		stays(s);
		return row(p, id, name, RV_APPLICATION_VOID, s->tier, a->tier, NULL, 0, detail, err);
	}
	snprintf(detail, sizeof detail, wh_tr(N_("申报 %s (%d flags)")), applied, a->tier);
	if ((rc = row(p, id, name, RV_APPLIED, s->tier, a->tier, NULL, 0, detail, err)))
		return rc;
	bool waits;
	if ((rc = deferred(p, ev, i, s, a->tier, period, &waits, err)) || waits)
		return rc;
	/* 推荐 */
	if (a->recommended == WUHONG_NOT_YET) {
		stays(s);
		return row(p, id, name, RV_PENDING, s->tier, a->tier, NULL, 0,
			   wh_tr(N_("awaiting the Party (work) committee's recommendation (推荐)")), err);
	}
	snprintf(detail, sizeof detail, a->recommended == WUHONG_YES ? wh_tr(N_("推荐 by %s")) : wh_tr(N_("推荐: not recommended by %s")),
		 who_why(ww, sizeof ww, a->recommended_by, a->recommendation));
	if ((rc = row(p, id, name, a->recommended == WUHONG_YES ? RV_RECOMMENDED : RV_NOT_RECOMMENDED, s->tier, a->tier,
		      NULL, 0, detail, err)) ||
	    a->recommended != WUHONG_YES) {
		stays(s);
		return rc;
	}
	/* 审定: in the list, or in the decisions (not both) */
	wuhong_answer verdict = a->decision;
	const char *by = a->decided_by, *reason = a->decision_reason, *into;
	wuhong_decision_kind kind;
	if (dec_lookup(dec, id, &kind, &by, &reason, &into) && kind != WUHONG_MERGE) {
		if (a->decision != WUHONG_NOT_YET) {
			wh_error(err, WUHONG_EDATA, "unit '%s' is decided twice: in the creation list and in the decisions", id);
			wh_error_set_unit(err, id, (long)i + 1);
			return WUHONG_EDATA;
		}
		verdict = kind == WUHONG_APPROVE ? WUHONG_YES : WUHONG_NO;
	}
	if (verdict == WUHONG_NOT_YET && r->explicit_approval) {
		stays(s);
		return row(p, id, name, RV_PENDING, s->tier, a->tier, NULL, 0,
			   wh_tr(N_("awaiting the standing committee's decision (审定)")), err);
	}
	if (verdict == WUHONG_NO) {
		snprintf(detail, sizeof detail, wh_tr(N_("审定 refused by %s")), who_why(ww, sizeof ww, by, reason));
		stays(s);
		return row(p, id, name, RV_REFUSED, s->tier, a->tier, NULL, 0, detail, err);
	}
	if (verdict == WUHONG_YES)
		snprintf(detail, sizeof detail, wh_tr(N_("审定 approved by %s")), who_why(ww, sizeof ww, by, reason));
	else
		snprintf(detail, sizeof detail, "%s", wh_tr(N_("审定 approved (the policy's automatic approval)")));
	if ((rc = row(p, id, name, RV_APPROVED, s->tier, a->tier, NULL, 0, detail, err)))
		return rc;
	/* 验收 */
	int to = computed >= a->tier ? a->tier : !r->short_gets_nothing && computed > s->tier ? computed : 0;
	if (!to) {
		snprintf(detail, sizeof detail,
			 computed > s->tier ? wh_tr(N_("验收 failed: %d flags, %s applied for (the policy: nothing short of it)"))
					    : wh_tr(N_("验收 failed: %d flags, %s applied for")),
			 ev->flags[i], applied);
		stays(s);
		return row(p, id, name, RV_ACCEPTANCE_FAILED, s->tier, computed, NULL, 0, detail, err);
	}
	if (to == a->tier)
		snprintf(detail, sizeof detail, wh_tr(N_("验收 passed: %d flags, %s applied for")), ev->flags[i], applied);
	else
		snprintf(detail, sizeof detail,
			 wh_tr(N_("验收: %d flags, short of the %s applied for; accepted at %s (the policy: the tier reached)")),
			 ev->flags[i], applied, wuhong_policy_tier_name(pol, to));
	if ((rc = row(p, id, name, RV_ACCEPTED, s->tier, to, NULL, 0, detail, err)))
		return rc;
	return grant(p, ev, i, s, to, period, err);
}

static int review_unit(rv_plan *p, const wuhong_evaluation *ev, size_t i, const wuhong_decisions *dec,
		       const wuhong_applications *apps, const char *period, wuhong_error *err)
{
	const wuhong_policy *pol = ev->policy;
	const pol_def *d = &pol->def;
	const char *id = ev->ds->ids[i], *name = ev->ds->names[i];
	size_t sector = ev->sector[i];
	int computed = ev->tier[i];
	rv_standing fresh = { .unit = id, .sector = d->sectors[sector].key };
	rv_standing *s = standing_of(p, id);
	if (!s) {
		int rc = rv_put_standing(p, &fresh, err);
		if (rc)
			return rc;
		s = standing_of(p, id);
	}
	if (s->merged_into) {
		wh_error(err, WUHONG_EDATA, "unit '%s' was merged into '%s'; it should not be in the data any more", id,
			 s->merged_into);
		wh_error_set_unit(err, id, (long)i + 1);
		return WUHONG_EDATA;
	}
	s->sector = d->sectors[sector].key;
	int rc = 0;
	int held = s->tier, target = computed;
	char detail[256];
	wuhong_decision_kind kind = WUHONG_APPROVE;
	const char *by = NULL, *reason = NULL, *into = NULL;
	bool decided = dec_lookup(dec, id, &kind, &by, &reason, &into);

	if (held >= d->review.min_tier) { /* the yearly re-review (回头看) */
		if (computed >= held) {
			int64_t reward = d->sectors[sector].review_reward[held];
			snprintf(detail, sizeof detail, wh_tr(N_("re-review passed: %d flags, keeps %s")), ev->flags[i],
				 wuhong_policy_tier_name(pol, held));
			if ((rc = row(p, id, name, RV_REVIEW_PASSED, held, held, reward ? "review" : NULL, reward, detail, err)))
				return rc;
		} else {
			int to = d->review.strip ? 0 : computed;
			snprintf(detail, sizeof detail, wh_tr(N_("re-review failed: %d flags, tier %d supported")), ev->flags[i],
				 computed);
			if ((rc = row(p, id, name, RV_REVIEW_FAILED, held, computed, NULL, 0, detail, err)))
				return rc;
			snprintf(detail, sizeof detail, "%s → %s", wuhong_policy_tier_name(pol, held),
				 to ? wuhong_policy_tier_name(pol, to) : wh_tr(N_("no tier")));
			if ((rc = row(p, id, name, d->review.strip || to == 0 ? RV_STRIPPED : RV_DEMOTED, held, to, NULL, 0, detail,
				      err)))
				return rc;
			int64_t back = wuhong_policy_award(pol, sector, held) - wuhong_policy_award(pol, sector, to);
			if ((rc = row(p, id, name, RV_BENEFITS_CANCELLED, held, to, d->review.clawback && back ? "clawback" : NULL,
				      d->review.clawback ? -back : 0, wh_tr(N_("取消相应待遇: the benefits of the tier lost")), err)))
				return rc;
			s->tier = to;
			s->since = dup(p, period);
			s->held = to ? 1 : 0;
			s->demoted_in = dup(p, period);
			return 0; /* a failed unit is not promoted in the same period */
		}
		target = computed;
	}
	if (apps || d->review.applications_only) { /* only the creation list creates */
		const app_entry *a = app_lookup(apps, id);
		if (a)
			return by_application(p, ev, i, s, a, dec, period, err);
		stays(s);
		return 0;
	}
	if (target <= s->tier) {
		stays(s);
		return 0;
	}
	/* a proposal: the computed tier is above the tier held */
	bool waits;
	if ((rc = deferred(p, ev, i, s, target, period, &waits, err)) || waits)
		return rc;
	if ((rc = row(p, id, name, RV_PROPOSED, s->tier, target, NULL, 0, wh_tr(N_("申报/推荐: the computed tier is proposed")),
		      err)))
		return rc;
	char ww[512];
	if (decided && kind == WUHONG_REFUSE) {
		snprintf(detail, sizeof detail, wh_tr(N_("审定 refused by %s")), who_why(ww, sizeof ww, by, reason));
		stays(s);
		return row(p, id, name, RV_REFUSED, s->tier, target, NULL, 0, detail, err);
	}
	if (!decided && d->review.explicit_approval) {
		stays(s);
		return row(p, id, name, RV_PENDING, s->tier, target, NULL, 0,
			   wh_tr(N_("awaiting the standing committee's decision (审定)")), err);
	}
	if (decided)
		snprintf(detail, sizeof detail, wh_tr(N_("审定 approved by %s")), who_why(ww, sizeof ww, by, reason));
	else
		snprintf(detail, sizeof detail, "%s", wh_tr(N_("审定 approved (the policy's automatic approval)")));
	if ((rc = row(p, id, name, RV_APPROVED, s->tier, target, NULL, 0, detail, err)))
		return rc;
	return grant(p, ev, i, s, target, period, err);
}

/* 撤并: the unit's standing goes to its successor, as the policy says. */
static int merge(rv_plan *p, const wuhong_evaluation *ev, const wuhong_decisions *dec, const char *period,
		 wuhong_error *err)
{
	for (size_t k = 0; k < dec_count(dec); k++) {
		wuhong_decision_kind kind;
		const char *by, *reason, *into, *unit = dec_unit(dec, k);
		dec_lookup(dec, unit, &kind, &by, &reason, &into);
		if (kind != WUHONG_MERGE)
			continue;
		size_t at;
		if (!standing_of(p, unit) && wuhong_dataset_find(&at, ev->ds, unit, NULL) == 0) {
			/* merged in its first period: it has no standing yet */
			rv_standing fresh = { .unit = unit, .sector = ev->policy->def.sectors[ev->sector[at]].key };
			int rc = rv_put_standing(p, &fresh, err);
			if (rc)
				return rc;
		}
		rv_standing *from = standing_of(p, unit), *to = standing_of(p, into);
		if (!from || !to) {
			wh_error(err, WUHONG_EDATA, "merge of '%s' into '%s': %s is not a unit the ledger or the data knows",
				 unit, into, from ? into : unit);
			wh_error_set_unit(err, from ? into : unit, 0);
			return WUHONG_EDATA;
		}
		char detail[256];
		int before = to->tier;
		bool higher = !ev->policy->def.review.merge_keep_successor && from->tier > to->tier;
		size_t ui, ii;
		const char *uname = wuhong_dataset_find(&ui, ev->ds, unit, NULL) == 0 ? ev->ds->names[ui] : "";
		const char *iname = wuhong_dataset_find(&ii, ev->ds, into, NULL) == 0 ? ev->ds->names[ii] : "";
		char ww[512];
		snprintf(detail, sizeof detail, wh_tr(N_("撤并 into %s %s by %s")), into, iname, who_why(ww, sizeof ww, by, reason));
		int rc = row(p, unit, uname, RV_MERGED, from->tier, 0, NULL, 0, detail, err);
		if (!rc) {
			snprintf(detail, sizeof detail,
				 higher ? wh_tr(N_("takes in %s %s (tier %d); keeps the higher tier")) : wh_tr(N_("takes in %s %s (tier %d)")),
				 unit, uname, from->tier);
			rc = row(p, into, iname, RV_MERGED_IN, before, higher ? from->tier : before, NULL, 0, detail, err);
		}
		if (rc)
			return rc;
		if (higher) {
			to->tier = from->tier;
			to->since = dup(p, period);
			to->held = from->held;
			to->ever = true;
		}
		from->merged_into = dup(p, into);
		from->tier = 0;
		from->held = 0;
	}
	return 0;
}

/*
 * Adjustments in a review: a bonus (加奖) or a penalty (扣减) is an event and a
 * payment of its own; an override replaces the amount of the award the unit
 * earns this period (or is recorded as unused when it earns none).
 */
static int adjust(rv_plan *p, const wuhong_evaluation *ev, const wuhong_adjustments *adj, wuhong_error *err)
{
	for (size_t k = 0; k < adj_count(adj); k++) {
		const char *unit, *reason, *reference;
		wuhong_adjustment_kind kind;
		int64_t fen;
		adj_get(adj, k, &unit, &kind, &fen, &reason, &reference);
		size_t i;
		if (wuhong_dataset_find(&i, ev->ds, unit, NULL) != 0) {
			wh_error(err, WUHONG_EDATA, "an adjustment names unit '%s', which is not in the data", unit);
			wh_error_set_unit(err, unit, 0);
			return WUHONG_EDATA;
		}
		char detail[512];
		snprintf(detail, sizeof detail, "%s%s%s%s", reason, *reference ? " (" : "", reference, *reference ? ")" : "");
		rv_standing *s = standing_of(p, unit);
		int tier = s ? s->tier : 0, rc;
		if (kind == WUHONG_ADJUST_OVERRIDE) {
			/* the award earned this period, else the re-review reward */
			rv_row *award = NULL, *reward = NULL;
			for (size_t r = 0; r < p->n_rows; r++) {
				if (strcmp(p->rows[r].unit, unit) != 0)
					continue;
				if (p->rows[r].pay_kind && (p->rows[r].event == RV_AWARDED || p->rows[r].event == RV_PROMOTED))
					award = &p->rows[r];
				if (p->rows[r].event == RV_REVIEW_PASSED)
					reward = &p->rows[r];
			}
			if (!award && reward) {
				award = reward;
				award->pay_kind = "review";
			}
			if (award) {
				char d2[768];
				snprintf(d2, sizeof d2, wh_tr(N_("%s; override: %s")), award->detail, detail);
				award->fen = fen;
				award->detail = dup(p, d2);
				rc = award->detail ? 0 : wh_error_oom(err);
			} else {
				rc = row(p, unit, ev->ds->names[i], RV_OVERRIDE_UNUSED, tier, tier, NULL, 0, detail, err);
			}
		} else if (kind == WUHONG_ADJUST_BONUS) {
			rc = row(p, unit, ev->ds->names[i], RV_BONUS, tier, tier, "bonus", fen, detail, err);
		} else {
			/* the one rule (adjustments-internal.h): what the unit earns this
			 * period, bonuses included, less what penalties already took */
			int64_t available = 0;
			for (size_t r = 0; r < p->n_rows; r++)
				if (p->rows[r].pay_kind && strcmp(p->rows[r].unit, unit) == 0)
					available += p->rows[r].fen;
			for (size_t later = k + 1; later < adj_count(adj); later++) {
				const char *u2, *r2, *ref2;
				wuhong_adjustment_kind k2;
				int64_t f2;
				adj_get(adj, later, &u2, &k2, &f2, &r2, &ref2);
				if (k2 == WUHONG_ADJUST_BONUS && strcmp(u2, unit) == 0)
					available += f2;
			}
			int64_t taken = adj_penalty_taken(available, fen);
			if (taken < fen) {
				char y1[32], y2[32], d2[768];
				snprintf(d2, sizeof d2,
					 wh_tr(N_("%s; %s yuan asked, %s taken: a penalty takes at most what the unit earns in the period")),
					 detail, wuhong_format_yuan(y1, sizeof y1, fen),
					 wuhong_format_yuan(y2, sizeof y2, taken));
				rc = row(p, unit, ev->ds->names[i], RV_PENALTY, tier, tier, "penalty", -taken, d2, err);
			} else {
				rc = row(p, unit, ev->ds->names[i], RV_PENALTY, tier, tier, "penalty", -fen, detail, err);
			}
		}
		if (rc)
			return rc;
	}
	return 0;
}

int rv_plan_period(rv_plan *p, const wuhong_evaluation *ev, const wuhong_decisions *dec,
		   const wuhong_applications *apps, const wuhong_adjustments *adj, const char *period, wuhong_error *err)
{
	/* the ledger keys everything by unit id */
	for (size_t i = 0; i < ev->n; i++)
		if (!ev->ds->ids[i][0]) {
			wh_error(err, WUHONG_EDATA, "unit %zu has no id; a review records units by their ids", i + 1);
			wh_error_set_unit(err, "", (long)i + 1);
			return WUHONG_EDATA;
		}
	/* every decision must name a unit of the data (or, for a merge's successor, the ledger) */
	for (size_t k = 0; k < dec_count(dec); k++) {
		size_t i;
		if (wuhong_dataset_find(&i, ev->ds, dec_unit(dec, k), NULL) != 0) {
			wh_error(err, WUHONG_EDATA, "a decision names unit '%s', which is not in the data", dec_unit(dec, k));
			wh_error_set_unit(err, dec_unit(dec, k), 0);
			return WUHONG_EDATA;
		}
	}
	/* every application must name a unit of the data and a tier of the policy */
	for (size_t k = 0; k < wuhong_applications_count(apps); k++) {
		const app_entry *a = app_at(apps, k);
		wh_pos pos = app_pos(apps, k);
		size_t i;
		if (wuhong_dataset_find(&i, ev->ds, a->unit, NULL) != 0) {
			wh_error_at(err, WUHONG_EDATA, &pos, "an application names unit '%s', which is not in the data", a->unit);
			wh_error_set_unit(err, a->unit, 0);
			return WUHONG_EDATA;
		}
		if (!*wuhong_policy_tier_name(ev->policy, a->tier)) {
			wh_error_at(err, WUHONG_EDATA, &pos, "unit '%s' applies for %d flags, which is not a tier of the policy",
				    a->unit, a->tier);
			wh_error_set_unit(err, a->unit, 0);
			return WUHONG_EDATA;
		}
	}
	if (strlen(period) != 4) { /* a monthly assessment: results only */
		if (apps)
			return wh_error(err, WUHONG_EINVAL,
					"period %s is a monthly assessment, which records results only; "
					"the creation list is reviewed in a yearly period", period);
		if (adj_count(adj))
			return wh_error(err, WUHONG_EINVAL,
					"period %s is a monthly assessment, which records results only; "
					"adjustments are paid in a yearly review", period);
		return 0;
	}
	for (size_t i = 0; i < ev->n; i++) {
		wuhong_decision_kind kind;
		const char *by, *reason, *into;
		if (dec_lookup(dec, ev->ds->ids[i], &kind, &by, &reason, &into) && kind == WUHONG_MERGE)
			continue; /* merged away this period: no review */
		size_t before = p->n_rows;
		int rc = review_unit(p, ev, i, dec, apps, period, err);
		if (rc)
			return rc;
		/* a decision with no proposal to decide is recorded, not silently dropped */
		bool proposed = false;
		for (size_t r = before; r < p->n_rows; r++)
			proposed |= p->rows[r].event == RV_PROPOSED || p->rows[r].event == RV_APPROVED ||
				    p->rows[r].event == RV_REFUSED;
		if (!proposed && dec_lookup(dec, ev->ds->ids[i], &kind, &by, &reason, &into)) {
			rv_standing *s = standing_of(p, ev->ds->ids[i]);
			char detail[512];
			snprintf(detail, sizeof detail,
				 kind == WUHONG_REFUSE ? wh_tr(N_("审定 refusal by %s has no proposal to decide (tier %d held, %d computed)"))
						       : wh_tr(N_("审定 approval by %s has no proposal to decide (tier %d held, %d computed)")),
				 by, s ? s->tier : 0, ev->tier[i]);
			if ((rc = row(p, ev->ds->ids[i], ev->ds->names[i], RV_DECISION_UNUSED, s ? s->tier : 0,
				      s ? s->tier : 0, NULL, 0, detail, err)))
				return rc;
		}
	}
	int rc = merge(p, ev, dec, period, err);
	if (!rc)
		rc = adjust(p, ev, adj, err);
	return !rc && p->oom ? wh_error_oom(err) : rc;
}

/* ---- the period's boards ------------------------------------------------------ */

int rv_boards(wuhong_lists **out, const rv_plan *plan, const wuhong_evaluation *ev, const int16_t *prev_flags,
	      wuhong_error *err)
{
	*out = NULL;
	size_t n = ev->n ? ev->n : 1;
	uint8_t *promoted = wh_calloc(n, 1), *demoted = wh_calloc(n, 1), *stripped = wh_calloc(n, 1),
		*flags_rose = wh_calloc(n, 1);
	int32_t *held = wh_calloc(n, sizeof *held);
	int rc = 0;
	if (!promoted || !demoted || !stripped || !flags_rose || !held) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t k = 0; k < plan->n_rows; k++) {
		size_t i;
		const rv_row *r = &plan->rows[k];
		if (wuhong_dataset_find(&i, ev->ds, r->unit, NULL) != 0)
			continue;
		promoted[i] |= r->event == RV_PROMOTED;
		demoted[i] |= r->event == RV_DEMOTED;
		stripped[i] |= r->event == RV_STRIPPED;
	}
	for (size_t k = 0; k < plan->n_standing; k++) {
		size_t i;
		if (wuhong_dataset_find(&i, ev->ds, plan->standing[k].unit, NULL) == 0)
			held[i] = plan->standing[k].held;
	}
	for (size_t i = 0; i < ev->n; i++)
		flags_rose[i] = prev_flags[i] >= 0 && ev->flags[i] > prev_flags[i];
	list_context ctx = { promoted, demoted, stripped, flags_rose, held };
	rc = lists_build(out, ev, &ctx, err);
out:
	wh_free(promoted);
	wh_free(demoted);
	wh_free(stripped);
	wh_free(flags_rose);
	wh_free(held);
	return rc;
}
