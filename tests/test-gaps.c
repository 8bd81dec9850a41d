/*
 * test-gaps.c — who to help next (wuhong/gaps.h): every gap agrees with the
 * explanation of its unit, the list is ordered by the smallest total, `and`
 * needs every failing clause and `or` its nearest alternative, and what
 * cannot be a gap says why.
 */
#include <check.h>
#include <math.h>

#include "testutil.h"

/* The clause of criterion c's explanation with this text, or NULL. */
static const wuhong_clause *clause_of(const wuhong_explanation *x, size_t c, const char *text)
{
	const wuhong_reason *r = wuhong_explanation_at(x, c);
	for (size_t k = 0; k < r->n_clauses; k++)
		if (strcmp(r->clauses[k].text, text) == 0)
			return &r->clauses[k];
	return NULL;
}

START_TEST(test_bundled_gaps_agree_with_explain)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	load_bundled(&p, &ds);
	wuhong_evaluation *ev;
	wuhong_gaps *g;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_gaps(&g, ev, NULL), 0);
	size_t below = 0;
	for (size_t i = 0; i < wuhong_evaluation_count(ev); i++)
		below += wuhong_evaluation_tiers(ev)[i] < 5;
	ck_assert_uint_eq(wuhong_gaps_count(g), below); /* every unit not at the top, and only those */
	double last = 0;
	size_t checked = 0;
	for (size_t k = 0; k < wuhong_gaps_count(g); k++) {
		const wuhong_gap_unit *u = wuhong_gaps_at(g, k);
		ck_assert(u->total >= last); /* the smallest total first */
		last = u->total;
		ck_assert_uint_eq(u->flags, wuhong_evaluation_flags(ev)[u->unit]);
		ck_assert_uint_eq(u->tier, wuhong_evaluation_tiers(ev)[u->unit]);
		ck_assert(u->next_tier > u->tier);
		ck_assert_int_eq(u->vetoed, wuhong_evaluation_veto_masks(ev)[u->unit] != 0);
		wuhong_explanation *x;
		ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, u->unit, NULL), 0);
		double total = 0;
		for (size_t c = 0; c < u->n_criteria; c++) {
			const wuhong_gap_criterion *cr = wuhong_gap_unit_criterion(u, c);
			ck_assert_int_ne(wuhong_evaluation_verdict(ev, u->unit, cr->index), WUHONG_PASS);
			double cost = 0;
			for (size_t j = 0; j < cr->n_gaps; j++) {
				const wuhong_gap *gp = wuhong_gap_criterion_gap(cr, j);
				const wuhong_clause *cl = clause_of(x, cr->index, gp->clause);
				ck_assert_msg(cl != NULL, "%s: gap '%s' is not a clause of the explanation",
					      wuhong_dataset_unit_id(ds, u->unit), gp->clause);
				ck_assert_int_ne(cl->verdict, WUHONG_PASS);
				ck_assert_int_eq(gp->verdict, cl->verdict);
				if (gp->why) {
					cost = INFINITY;
					continue;
				}
				ck_assert_str_eq(gp->op, cl->op);
				ck_assert(gp->actual == cl->actual && gp->threshold == cl->threshold);
				double want = !strcmp(gp->op, ">=") || !strcmp(gp->op, ">") ? gp->threshold - gp->actual
					      : !strcmp(gp->op, "==") ? fabs(gp->actual - gp->threshold) : gp->actual - gp->threshold;
				ck_assert(fabs(gp->gap - want) < 1e-8 && gp->gap > 0);
				cost += gp->relative;
				checked++;
			}
			ck_assert(cr->n_gaps > 0);
			ck_assert(isinf(cost) ? isinf(cr->cost) : fabs(cr->cost - cost) < 1e-12);
			if (c < u->flags_short)
				total += cr->cost;
		}
		ck_assert(u->vetoed ? isinf(u->total) : (isinf(total) ? isinf(u->total) : fabs(u->total - total) < 1e-12));
		ck_assert_uint_ge(u->flags + u->flags_short, u->vetoed ? 0 : u->next_tier);
		wuhong_explanation_free(x);
	}
	ck_assert_uint_gt(checked, 300);
	ck_assert_ptr_null(wuhong_gaps_at(g, wuhong_gaps_count(g)));
	wuhong_gaps_free(g);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_and_or_and_what_is_no_gap)
{
	char *text = policy_text("  - {key: a, type: number}\n  - {key: b, type: number}\n  - {key: f, type: bool}",
				 "a >= 10 and b >= 100", "a >= 20 or b >= 110", "not f", "a + b >= 200", "12 <= a");
	wuhong_policy *p = policy_from(text);
	free(text);
	wuhong_dataset *ds = data_from("id,name,sector,town,a,b,f\nA,甲,village,东镇,8,90,1\nB,乙,village,东镇,,90,0\n");
	wuhong_evaluation *ev;
	wuhong_gaps *g;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_gaps(&g, ev, NULL), 0);
	ck_assert_uint_eq(wuhong_gaps_count(g), 2);
	const wuhong_gap_unit *a = wuhong_gaps_at(g, 0);
	ck_assert_str_eq(wuhong_dataset_unit_id(ds, a->unit), "A");
	ck_assert_uint_eq(a->next_tier, 3);
	ck_assert_uint_eq(a->flags_short, 3); /* no criterion passed: three to close */
	for (size_t c = 0; c < a->n_criteria; c++) {
		const wuhong_gap_criterion *cr = wuhong_gap_unit_criterion(a, c);
		if (cr->index == 0) { /* and: both failing clauses, 2/10 + 10/100 */
			ck_assert_uint_eq(cr->n_gaps, 2);
			ck_assert(fabs(cr->cost - 0.3) < 1e-12);
		} else if (cr->index == 1) { /* or: the nearer alternative, b (20/110) before a (12/20) */
			ck_assert_uint_eq(cr->n_gaps, 1);
			ck_assert_str_eq(wuhong_gap_criterion_gap(cr, 0)->clause, "b >= 110");
		} else if (cr->index == 2 || cr->index == 3) { /* not, arithmetic: said, not guessed */
			ck_assert(isinf(cr->cost));
			ck_assert_ptr_nonnull(wuhong_gap_criterion_gap(cr, 0)->why);
			ck_assert(isnan(wuhong_gap_criterion_gap(cr, 0)->gap));
		} else { /* "12 <= a" reads as "a >= 12": short 4 */
			ck_assert_str_eq(wuhong_gap_criterion_gap(cr, 0)->op, ">=");
			ck_assert(wuhong_gap_criterion_gap(cr, 0)->gap == 4);
		}
	}
	/* the cheapest three of the five count: and (0.3), 12 <= a (4/12), or (20/110) */
	ck_assert(fabs(a->total - (0.3 + 20.0 / 110 + 4.0 / 12)) < 1e-12);
	const wuhong_gap_unit *b = wuhong_gaps_at(g, 1); /* a missing value: no gap to close */
	ck_assert(isinf(b->total));
	const wuhong_gap_criterion *first = wuhong_gap_unit_criterion(b, 0);
	ck_assert_ptr_nonnull(first);
	wuhong_gaps_free(g);
	wuhong_gaps *none = (wuhong_gaps *)&g;
	ck_assert_int_eq(wuhong_evaluation_gaps(&none, NULL, NULL), WUHONG_EINVAL);
	ck_assert_ptr_null(none);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static Suite *gaps_suite(void)
{
	Suite *s = suite_create("gaps");
	TCase *tc = tcase_create("gaps");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bundled_gaps_agree_with_explain);
	tcase_add_test(tc, test_and_or_and_what_is_no_gap);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(gaps_suite)
