/*
 * test-awards.c — award money: schedule, adjustments, budgets (refuse,
 * and pro-rata scaling that sums to the budget to the fen, checked over
 * random schedules and budgets), penalties, overflow detection, totals.
 */
#include "testutil.h"

/* n units of one sector; unit i holds a tier given by tiers[i % ntiers]. */
static const char *POLICY_FMT =
	"wuhong: 1\n"
	FLAGS_ARE_F
	"awards: {village: {5: %s, 4: %s, 3: %s}}\n"
	"budget: {over: %s}\n";

static wuhong_policy *policy(const char *a5, const char *a4, const char *a3, const char *over)
{
	char text[2048];
	snprintf(text, sizeof text, POLICY_FMT, a5, a4, a3, over);
	return policy_from(text);
}

static wuhong_dataset *units(size_t n, const double *flags)
{
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, n, NULL), 0);
	for (size_t i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof id, "u%zu", i);
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, id, id, "village", "t", i % 2 ? "甲党委" : "乙党委", NULL), 0);
		ck_assert_int_eq(wuhong_dataset_set_value(ds, i, "f", flags[i], NULL), 0);
	}
	return ds;
}

START_TEST(test_schedule_and_adjustments)
{
	wuhong_policy *p = policy("60000", "30000", "20000.01", "refuse");
	double f[] = { 5, 4, 3, 2, 5 };
	wuhong_dataset *ds = units(5, f);
	wuhong_evaluation *ev;
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	wuhong_adjustments *adj;
	const char *csv = "unit,kind,amount,reason,reference\n"
			  "u0,override,80000,纪念馆,doc 1\n"
			  "u1,bonus,0.5,small,\n"
			  "u1,bonus,1000,more,doc 2\n"
			  "u3,bonus,100,no tier but a bonus,\n"
			  "u2,扣减,5000.01,材料不实,\n"
			  "u4,penalty,90000,more than the award,\n";
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adj, csv, strlen(csv), "adj.csv", NULL, &err), 0);
	ck_assert_uint_eq(wuhong_adjustments_count(adj), 6);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.adjustments = adj;
	wuhong_awards *a;
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, &o, &err), 0);
	const int64_t *amt = wuhong_awards_amounts(a);
	ck_assert_int_eq(amt[0], 8000000);
	ck_assert_int_eq(amt[1], 3000000 + 50 + 100000);
	ck_assert_int_eq(amt[2], 2000001 - 500001);
	ck_assert_int_eq(amt[3], 10000);
	ck_assert_int_eq(amt[4], 0); /* a penalty never takes an award below zero */
	ck_assert_int_eq(wuhong_awards_total(a), 8000000 + 3100050 + 1500000 + 10000 + 0);
	ck_assert(!wuhong_awards_scaled(a));
	ck_assert_ptr_nonnull(strstr(wuhong_awards_reason(a, 0), "override 80000.00: 纪念馆 (doc 1)"));
	ck_assert_ptr_nonnull(strstr(wuhong_awards_reason(a, 1), "bonus 0.50: small; bonus 1000.00: more (doc 2)"));
	ck_assert_ptr_nonnull(strstr(wuhong_awards_reason(a, 2), "penalty 5000.01: 材料不实"));
	/* totals by tier and committee */
	wuhong_tally *t;
	ck_assert_int_eq(wuhong_awards_tally(&t, a, WUHONG_BY_TIER, &err), 0);
	ck_assert_uint_eq(wuhong_tally_count(t), 4);
	ck_assert_str_eq(wuhong_tally_at(t, 0)->group, "5");
	ck_assert_int_eq(wuhong_tally_at(t, 0)->amount, 8000000);
	ck_assert_str_eq(wuhong_tally_at(t, 3)->group, "0");
	ck_assert_int_eq(wuhong_tally_at(t, 3)->amount, 10000);
	wuhong_tally_free(t);
	ck_assert_int_eq(wuhong_awards_tally(&t, a, WUHONG_BY_COMMITTEE, &err), 0);
	ck_assert_uint_eq(wuhong_tally_count(t), 2);
	wuhong_tally_free(t);
	/* the budget refuses when the policy says so */
	o.budget = 100;
	wuhong_awards *b = NULL;
	ck_assert_int_eq(wuhong_evaluation_awards(&b, ev, &o, &err), WUHONG_EBUDGET);
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(strstr(err.message, "over the budget"));
	wuhong_awards_free(a);
	wuhong_adjustments_free(adj);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_bad_adjustments)
{
	wuhong_adjustments *adj = NULL;
	wuhong_error err;
	const char *cases[][2] = {
		{ "unit,kind,amount,reason,reference\nu0,gift,1,x,\n", "not bonus, override or penalty" },
		{ "unit,kind,amount,reason,reference\nu0,bonus,1.001,x,\n", "at most two decimals" },
		{ "unit,kind,amount,reason,reference\nu0,bonus,-5,x,\n", "amount" },
		{ "unit,kind,amount,reason,reference\nu0,bonus,5,,\n", "needs a reason" },
		{ "unit,kind,amount,reason,reference\nu0,override,5,a,\nu0,override,6,b,\n", "two overrides" },
		{ "unit,amount,reason\nu0,5,x\n", "no 'kind' column" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		int rc = wuhong_adjustments_load_csv_string(&adj, cases[k][0], strlen(cases[k][0]), "adj.csv", NULL, &err);
		ck_assert_msg(rc == WUHONG_EDATA, "case %zu: rc %d", k, rc);
		ck_assert_ptr_null(adj);
		ck_assert_msg(strstr(err.message, cases[k][1]), "case %zu: '%s' lacks '%s'", k, err.message, cases[k][1]);
		ck_assert_str_eq(err.file, "adj.csv");
		ck_assert_int_ge(err.line, 1);
	}
	/* an adjustment for a unit that is not in the data */
	wuhong_policy *p = policy("3", "2", "1", "refuse");
	double f[] = { 5 };
	wuhong_dataset *ds = units(1, f);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	const char *csv = "unit,kind,amount,reason,reference\nnobody,bonus,1,x,\n";
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adj, csv, strlen(csv), "adj.csv", NULL, &err), 0);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.adjustments = adj;
	wuhong_awards *a = NULL;
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, &o, &err), WUHONG_EDATA);
	ck_assert_str_eq(err.unit, "nobody");
	ck_assert_int_eq(err.line, 2);
	wuhong_adjustments_free(adj);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint64_t next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Property: for random schedules, bonuses and budgets below the total, the
 * scaled awards sum to the budget exactly, none exceeds its unscaled amount,
 * and the result does not depend on anything but the inputs. */
START_TEST(test_prorata_property)
{
	for (int round = 0; round < 200; round++) {
		char a5[32], a4[32], a3[32];
		snprintf(a5, sizeof a5, "%llu.%02llu", (unsigned long long)(next() % 1000000),
			 (unsigned long long)(next() % 100));
		snprintf(a4, sizeof a4, "%llu", (unsigned long long)(next() % 50000));
		snprintf(a3, sizeof a3, "%llu.%02llu", (unsigned long long)(next() % 3000), (unsigned long long)(next() % 100));
		wuhong_policy *p = policy(a5, a4, a3, "scale");
		size_t n = 1 + next() % 300;
		double *f = malloc(n * sizeof *f);
		for (size_t i = 0; i < n; i++)
			f[i] = (double)(next() % 6);
		wuhong_dataset *ds = units(n, f);
		wuhong_evaluation *ev;
		wuhong_error err;
		ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
		wuhong_adjustments *adj;
		ck_assert_int_eq(wuhong_adjustments_new(&adj, &err), 0);
		for (int k = 0; k < 5; k++) {
			char id[16];
			snprintf(id, sizeof id, "u%zu", (size_t)(next() % n));
			ck_assert_int_eq(wuhong_adjustments_add(adj, id, WUHONG_ADJUST_BONUS, (int64_t)(next() % 100000), "r",
								NULL, &err), 0);
		}
		wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
		o.adjustments = adj;
		wuhong_awards *full;
		ck_assert_int_eq(wuhong_evaluation_awards(&full, ev, &o, &err), 0);
		int64_t total = wuhong_awards_total(full);
		if (total > 0) {
			o.budget = (int64_t)(next() % (uint64_t)total);
			wuhong_awards *a;
			ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, &o, &err), 0);
			ck_assert(wuhong_awards_scaled(a));
			int64_t sum = 0;
			for (size_t i = 0; i < n; i++) {
				int64_t x = wuhong_awards_amounts(a)[i];
				ck_assert_int_ge(x, 0);
				ck_assert_int_le(x, wuhong_awards_unscaled(a)[i]);
				sum += x;
			}
			ck_assert_int_eq(sum, o.budget);
			ck_assert_int_eq(wuhong_awards_total(a), o.budget);
			wuhong_awards_free(a);
		}
		wuhong_awards_free(full);
		wuhong_adjustments_free(adj);
		wuhong_evaluation_free(ev);
		wuhong_dataset_free(ds);
		wuhong_policy_free(p);
		free(f);
	}
}
END_TEST

START_TEST(test_largest_remainder_by_hand)
{
	/* three units of 1 yuan each, budget 2 yuan: 66.67 fen each -> 66, 66, 66 + 2
	 * left over, to the largest remainders (equal: the earlier units) */
	wuhong_policy *p = policy("1", "1", "1", "scale");
	double f[] = { 5, 5, 5 };
	wuhong_dataset *ds = units(3, f);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.budget = 200;
	wuhong_awards *a;
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, &o, NULL), 0);
	ck_assert_int_eq(wuhong_awards_amounts(a)[0], 67);
	ck_assert_int_eq(wuhong_awards_amounts(a)[1], 67);
	ck_assert_int_eq(wuhong_awards_amounts(a)[2], 66);
	ck_assert_ptr_nonnull(strstr(wuhong_awards_reason(a, 2), "scaled from 1.00"));
	wuhong_awards_free(a);
	/* a budget at or above the total changes nothing */
	o.budget = 300;
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, &o, NULL), 0);
	ck_assert(!wuhong_awards_scaled(a));
	ck_assert_int_eq(wuhong_awards_total(a), 300);
	wuhong_awards_free(a);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_overflow)
{
	/* the largest amount a schedule takes, 10^13 yuan, times many units */
	wuhong_policy *p = policy("10000000000000", "1", "1", "scale");
	size_t n = 10000;
	double *f = malloc(n * sizeof *f);
	for (size_t i = 0; i < n; i++)
		f[i] = 5;
	wuhong_dataset *ds = units(n, f);
	wuhong_evaluation *ev;
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	ck_assert_int_eq(wuhong_evaluation_amounts(ev)[0], INT64_C(1000000000000000));
	wuhong_awards *a = NULL;
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, NULL, &err), WUHONG_EOVERFLOW);
	ck_assert_ptr_null(a);
	ck_assert_ptr_nonnull(strstr(err.message, "exceeds"));
	wuhong_tally *t = NULL;
	ck_assert_int_eq(wuhong_evaluation_tally(&t, ev, WUHONG_BY_SECTOR, &err), WUHONG_EOVERFLOW);
	/* and 10^12 fen (10^10 yuan) per unit is fine */
	wuhong_evaluation_free(ev);
	wuhong_policy_free(p);
	p = policy("10000000000", "1", "1", "scale");
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, NULL, &err), 0);
	ck_assert_int_eq(wuhong_awards_total(a), INT64_C(1000000000000) * 10000);
	/* above 10^13 yuan a schedule is refused when the policy is loaded */
	wuhong_policy *q = NULL;
	char text[2048];
	snprintf(text, sizeof text, POLICY_FMT, "10000000000001", "1", "1", "scale");
	ck_assert_int_eq(wuhong_policy_load_string(&q, text, strlen(text), "big.yaml", &err), WUHONG_EPOLICY);
	ck_assert_int_eq(err.line, 12);
	wuhong_awards_free(a);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	free(f);
}
END_TEST

/* Yuan text is what printf would make of the fen, cut as snprintf cuts it
 * (wuhong_format_yuan writes its digits by hand, for speed). */
START_TEST(test_format_yuan)
{
	static const int64_t edges[] = { 0, 1, 9, 10, 99, 100, 101, 6000000, -1, -99, -100, -12345, INT64_MAX,
					 INT64_MIN, INT64_MIN + 1 };
	unsigned long long state = 5;
	for (int k = 0; k < 4000; k++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t fen = k < (int)(sizeof edges / sizeof *edges)
				      ? edges[k]
				      : (int64_t)(state >> (state % 64)) * ((state >> 3) & 1 ? -1 : 1);
		uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
		char want[40], got[40];
		for (size_t size = 0; size <= 32; size += size < 4 ? 1 : 7) {
			memset(want, 'x', sizeof want);
			memset(got, 'x', sizeof got);
			snprintf(want, size, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(mag / 100),
				 (unsigned long long)(mag % 100));
			ck_assert_ptr_eq(wuhong_format_yuan(got, size, fen), got);
			ck_assert_msg(memcmp(want, got, sizeof want) == 0, "%lld in %zu bytes: '%.*s', printf: '%.*s'",
				      (long long)fen, size, (int)size, got, (int)size, want);
		}
	}
}
END_TEST

/* The boards' 一票否决 and missing columns come from the awards' tallies:
 * they count what the evaluation's own tallies count (they were 0). */
START_TEST(test_awards_tally_counts_vetoes_and_missing)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	load_bundled(&p, &ds);
	wuhong_evaluation *ev;
	wuhong_awards *a;
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	ck_assert_int_eq(wuhong_evaluation_awards(&a, ev, NULL, &err), 0);
	const wuhong_grouping by[] = { WUHONG_BY_SECTOR, WUHONG_BY_TOWN, WUHONG_BY_COMMITTEE, WUHONG_BY_TIER };
	for (size_t g = 0; g < sizeof by / sizeof by[0]; g++) {
		wuhong_tally *te, *ta;
		ck_assert_int_eq(wuhong_evaluation_tally(&te, ev, by[g], &err), 0);
		ck_assert_int_eq(wuhong_awards_tally(&ta, a, by[g], &err), 0);
		ck_assert_uint_eq(wuhong_tally_count(te), wuhong_tally_count(ta));
		for (size_t k = 0; k < wuhong_tally_count(te); k++) {
			ck_assert_uint_eq(wuhong_tally_at(ta, k)->vetoed, wuhong_tally_at(te, k)->vetoed);
			ck_assert_uint_eq(wuhong_tally_at(ta, k)->missing, wuhong_tally_at(te, k)->missing);
		}
		ck_assert_uint_eq(wuhong_tally_total(ta)->vetoed, wuhong_tally_total(te)->vetoed);
		ck_assert_uint_eq(wuhong_tally_total(ta)->missing, wuhong_tally_total(te)->missing);
		/* the bundled data has vetoed units (VL010, PE001): a count of 0 is wrong */
		ck_assert_uint_ge(wuhong_tally_total(ta)->vetoed, 2);
		wuhong_tally_free(te);
		wuhong_tally_free(ta);
	}
	wuhong_awards_free(a);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static Suite *awards_suite(void)
{
	Suite *s = suite_create("awards");
	TCase *tc = tcase_create("awards");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_schedule_and_adjustments);
	tcase_add_test(tc, test_bad_adjustments);
	tcase_add_test(tc, test_prorata_property);
	tcase_add_test(tc, test_largest_remainder_by_hand);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_format_yuan);
	tcase_add_test(tc, test_awards_tally_counts_vetoes_and_missing);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(awards_suite)
