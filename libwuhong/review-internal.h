/*
 * review-internal.h — a period's review as a plan: the standing before and
 * after, and the events and payments between (review.c), which the ledger
 * records in one transaction (ledger.c). Not installed.
 */
#ifndef WUHONG_REVIEW_INTERNAL_H
#define WUHONG_REVIEW_INTERNAL_H

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

/* An event; a payment when pay_kind is set (fen may be negative). */
typedef struct rv_row {
	const char *unit, *name, *event;
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
		   const wuhong_adjustments *adj, const char *period, wuhong_error *err);
void rv_plan_free(rv_plan *plan);

/* awards.c: the adjustments, one by one */
size_t adj_count(const wuhong_adjustments *a);
void adj_get(const wuhong_adjustments *a, size_t i, const char **unit, wuhong_adjustment_kind *kind, int64_t *fen,
	     const char **reason, const char **reference);

/* decisions.c: the decision for a unit, if any */
bool dec_lookup(const wuhong_decisions *d, const char *unit, wuhong_decision_kind *kind, const char **by,
		const char **reason, const char **into);
size_t dec_count(const wuhong_decisions *d);
const char *dec_unit(const wuhong_decisions *d, size_t i);
/* A digest of the decisions, for the ledger's input digest. */
void dec_digest_into(const wuhong_decisions *d, void *sha256_ctx);

#endif
