/*
 * review-internal.h — a period's review as a plan: the standing before and
 * after, and the events and payments between (review.c), which the ledger
 * records in one transaction (ledger.c). Not installed.
 */
#ifndef WUHONG_REVIEW_INTERNAL_H
#define WUHONG_REVIEW_INTERNAL_H

#include "adjustments-internal.h"
#include "applications-internal.h"
#include "decisions-internal.h"
#include "evaluation-internal.h"
#include "wuhong/awards.h"
#include "wuhong/review.h"

typedef struct rv_standing {
	const char *unit, *sector;
	int tier;
	const char *since;       /* period the tier was reached */
	int held;                /* yearly periods held at this tier */
	const char *demoted_in;  /* period of the last demotion, or NULL */
	const char *merged_into; /* successor, or NULL */
	bool ever;               /* has held a tier (a later one is a promotion, not a creation) */
} rv_standing;

/* What happens to a unit in a period (docs/periods-ledger.md, "Events"). */
typedef enum rv_event {
	RV_PROPOSED,
	RV_APPROVED,
	RV_REFUSED,
	RV_PENDING,
	RV_AWARDED,
	RV_PROMOTED,
	RV_PROMOTION_DEFERRED,
	RV_REVIEW_PASSED,
	RV_REVIEW_FAILED,
	RV_DEMOTED,
	RV_STRIPPED,
	RV_BENEFITS_CANCELLED,
	RV_MERGED,
	RV_MERGED_IN,
	RV_BONUS,
	RV_PENALTY,
	RV_OVERRIDE_UNUSED,
	RV_DECISION_UNUSED,
	RV_APPLIED,
	RV_APPLICATION_VOID,
	RV_RECOMMENDED,
	RV_NOT_RECOMMENDED,
	RV_ACCEPTED,
	RV_ACCEPTANCE_FAILED,
	RV_N_EVENTS
} rv_event;

/* The event's name, as the ledger stores it and queries return it. */
const char *rv_event_name(rv_event e);

/* An event; a payment when pay_kind is set (fen may be negative). */
typedef struct rv_row {
	const char *unit, *name;
	rv_event event;
	int from, to;
	const char *pay_kind;
	int64_t fen;
	const char *detail;
} rv_row;

typedef struct rv_plan {
	wh_arena arena;
	rv_standing *standing;
	size_t n_standing, cap_standing;
	wh_map index;            /* unit -> standing */
	rv_row *rows;
	size_t n_rows, cap_rows;
	bool oom;                /* a string copy failed: the plan is incomplete */
} rv_plan;

/* Add a unit's standing (as read from the ledger); strings copied. */
int rv_put_standing(rv_plan *plan, const rv_standing *s, wuhong_error *err);
/* Turn the standing before `period` into the standing after, with its rows. */
int rv_plan_period(rv_plan *plan, const wuhong_evaluation *ev, const wuhong_decisions *dec,
		   const wuhong_applications *apps, const wuhong_adjustments *adj, const char *period,
		   wuhong_error *err);
void rv_plan_free(rv_plan *plan);
/* The period's red and black lists, with the transition terms (promoted,
 * demoted, stripped, periods held, flags_rose against prev_flags[i], the
 * previous period's flags or -1) the plan and the ledger know. */
int rv_boards(wuhong_lists **out, const rv_plan *plan, const wuhong_evaluation *ev, const int16_t *prev_flags,
	      wuhong_error *err);

#endif
