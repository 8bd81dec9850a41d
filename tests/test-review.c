/*
 * test-review.c — review rules in a policy, the committee's decisions and
 * the monthly township rotation.
 */
#include <fcntl.h>
#include <unistd.h>

#include "testutil.h"

/* the re-review's min_tier, through the review rules */
static int min_tier(const wuhong_policy *p)
{
	wuhong_review_rules r;
	ck_assert_int_eq(wuhong_policy_review_rules(&r, p, NULL), 0);
	return r.min_tier;
}

START_TEST(test_default_review_rules)
{
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	ck_assert_int_eq(min_tier(p), 3);
	ck_assert_int_eq(wuhong_policy_review_reward(p, 0, 5), 6000000);
	ck_assert_int_eq(wuhong_policy_review_reward(p, 2, 3), 2000000);
	char *json;
	ck_assert_int_eq(wuhong_policy_to_json(&json, p, NULL), 0);
	ck_assert_ptr_nonnull(strstr(json, "\"on_failure\":\"demote\""));
	/* the canonical form, review rules included, loads back to the same policy */
	wuhong_policy *q;
	ck_assert_int_eq(wuhong_policy_load_string(&q, json, strlen(json), "canon.json", NULL), 0);
	ck_assert_str_eq(wuhong_policy_fingerprint(p), wuhong_policy_fingerprint(q));
	wuhong_free(json);
	wuhong_policy_free(q);
	wuhong_policy_free(p);
}
END_TEST

static int load_with_review(const char *review, wuhong_policy **p, wuhong_error *err)
{
	char text[4096];
	snprintf(text, sizeof text,
		 "wuhong: 1\ntownships: [a, b, c, d, e]\nindicators: [{key: x, type: number}]\nsectors:\n"
		 "  - key: village\n    criteria:\n"
		 "      - {key: c1, rule: x > 1}\n      - {key: c2, rule: x > 2}\n      - {key: c3, rule: x > 3}\n"
		 "      - {key: c4, rule: x > 4}\n      - {key: c5, rule: x > 5}\n"
		 "tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\nawards: {village: {5: 5, 3: 3}}\n%s",
		 review);
	return wuhong_policy_load_string(p, text, strlen(text), "r.yaml", err);
}

START_TEST(test_review_rules_errors)
{
	wuhong_policy *p;
	wuhong_error err;
	ck_assert_int_eq(load_with_review("", &p, &err), 0);
	ck_assert_int_eq(min_tier(p), 3); /* the source's rule by default */
	const char *fp = wuhong_policy_fingerprint(p);
	char first[65];
	memcpy(first, fp, 65);
	wuhong_policy_free(p);
	ck_assert_int_eq(load_with_review("review: {min_tier: 5, rewards: {village: {5: 12.5}}}\n", &p, &err), 0);
	ck_assert_int_eq(min_tier(p), 5);
	ck_assert_int_eq(wuhong_policy_review_reward(p, 0, 5), 1250);
	ck_assert_str_ne(wuhong_policy_fingerprint(p), first);
	wuhong_policy_free(p);
	const char *bad[][2] = {
		{ "review: {on_failure: shame}\n", "on_failure must be demote or strip" },
		{ "review: {min_tier: 9}\n", "min_tier must be 1 to 5" },
		{ "review: {rewards: {town: {5: 1}}}\n", "not a declared sector" },
		{ "review: {rewards: {village: {5: 1.234}}}\n", "at most two decimals" },
		{ "review: {rotation: {per_month: 0}}\n", "per_month must be 1" },
		{ "review: {waitt: 1}\n", "did you mean 'wait'" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		ck_assert_int_eq(load_with_review(bad[k][0], &p, &err), WUHONG_EPOLICY);
		ck_assert_msg(strstr(err.message, bad[k][1]), "'%s' lacks '%s'", err.message, bad[k][1]);
		ck_assert_int_eq(err.line, 14);
	}
}
END_TEST

START_TEST(test_round_robin)
{
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	wuhong_rows *r;
	wuhong_error err;
	ck_assert_int_eq(wuhong_rotation(&r, p, "2024-11", 12, NULL, &err), 0);
	ck_assert_uint_eq(wuhong_rows_columns(r), 3);
	ck_assert_str_eq(wuhong_rows_name(r, 1), "town");
	ck_assert_uint_eq(wuhong_rows_count(r), 24); /* 2 townships a month */
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 0), "2024-11");
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 1), "古绛镇");
	ck_assert_str_eq(wuhong_rows_cell(r, 1, 1), "横水镇");
	ck_assert_str_eq(wuhong_rows_cell(r, 2, 0), "2024-12");
	ck_assert_str_eq(wuhong_rows_cell(r, 4, 0), "2025-01");
	ck_assert_str_eq(wuhong_rows_cell(r, 10, 1), "古绛镇"); /* every township once in 5 months */
	/* over 12 months every township is visited at least twice */
	for (size_t t = 0; t < wuhong_policy_town_count(p); t++) {
		int visits = 0;
		for (size_t k = 0; k < wuhong_rows_count(r); k++)
			visits += strcmp(wuhong_rows_cell(r, k, 1), wuhong_policy_town(p, t)) == 0;
		ck_assert_int_ge(visits, 2);
	}
	ck_assert_ptr_nonnull(strstr(wuhong_rows_cell(r, 0, 2), "round robin"));
	wuhong_rows_free(r);
	ck_assert_int_eq(wuhong_rotation(&r, p, "2024-13", 12, NULL, &err), WUHONG_EINVAL);
	ck_assert_int_eq(wuhong_rotation(&r, p, "2024-1", 12, NULL, &err), WUHONG_EINVAL);
	ck_assert_int_eq(wuhong_rotation(&r, p, "2024-01", 0, NULL, &err), WUHONG_EINVAL);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_priority)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	load_bundled(&p, &ds);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	/* the black list by township, to know what to expect */
	wuhong_lists *l;
	ck_assert_int_eq(wuhong_evaluation_lists(&l, ev, NULL), 0);
	size_t black[16] = { 0 };
	for (size_t e = 0; e < wuhong_lists_count(l, WUHONG_BLACK_LIST); e++)
		black[wuhong_evaluation_towns(ev)[wuhong_lists_at(l, WUHONG_BLACK_LIST, e)->unit]]++;
	wuhong_lists_free(l);
	wuhong_rows *r, *again;
	ck_assert_int_eq(wuhong_rotation(&r, p, "2025-01", 12, ev, NULL), 0);
	ck_assert_int_eq(wuhong_rotation(&again, p, "2025-01", 12, ev, NULL), 0);
	/* the first month: the two townships with the most black-listed units */
	size_t first = 0, second = 0;
	for (size_t t = 0; t < 10; t++) {
		if (black[t] > black[first] || (black[t] == black[first] && t < first))
			first = t;
	}
	second = first == 0 ? 1 : 0;
	for (size_t t = 0; t < 10; t++)
		if (t != first && black[t] > black[second])
			second = t;
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 1), wuhong_policy_town(p, first));
	ck_assert_str_eq(wuhong_rows_cell(r, 1, 1), wuhong_policy_town(p, second));
	ck_assert_ptr_nonnull(strstr(wuhong_rows_cell(r, 0, 2), "black-listed"));
	/* still every township every 5 months, so at least twice a year; and deterministic */
	for (size_t t = 0; t < 10; t++) {
		int visits = 0;
		for (size_t k = 0; k < wuhong_rows_count(r); k++)
			visits += strcmp(wuhong_rows_cell(r, k, 1), wuhong_policy_town(p, t)) == 0;
		ck_assert_int_ge(visits, 2);
	}
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		for (size_t c = 0; c < 3; c++)
			ck_assert_str_eq(wuhong_rows_cell(r, k, c), wuhong_rows_cell(again, k, c));
	wuhong_rows_free(r);
	wuhong_rows_free(again);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_decisions)
{
	wuhong_decisions *d;
	wuhong_error err;
	const char *csv = "unit,decision,by,reason,into\n"
			  "VL001,approve,县委常委会,材料齐全,\n"
			  "VL002,refuse,县委常委会,公示期有异议,\n"
			  "VL131,merge,县委常委会,撤并,VL130\n";
	ck_assert_int_eq(wuhong_decisions_load_csv(&d, "/nonexistent.csv", NULL, &err), WUHONG_EIO);
	char path[] = "/tmp/wuhong-decisions-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq((int)write(fd, csv, strlen(csv)), (int)strlen(csv));
	close(fd);
	ck_assert_int_eq(wuhong_decisions_load_csv(&d, path, NULL, &err), 0);
	ck_assert_uint_eq(wuhong_decisions_count(d), 3);
	ck_assert_int_eq(wuhong_decisions_add(d, "VL001", WUHONG_REFUSE, "x", "", NULL, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "two decisions"));
	ck_assert_int_eq(wuhong_decisions_add(d, "VL009", WUHONG_MERGE, "x", "", NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_decisions_add(d, "VL009", WUHONG_MERGE, "x", "", "VL009", &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_decisions_add(d, "VL009", WUHONG_APPROVE, "", "", NULL, &err), WUHONG_EDATA);
	wuhong_decisions_free(d);
	const char *bad = "unit,decision,by\nVL001,maybe,me\n";
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq((int)write(fd, bad, strlen(bad)), (int)strlen(bad));
	close(fd);
	ck_assert_int_eq(wuhong_decisions_load_csv(&d, path, NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 2);
	ck_assert_ptr_nonnull(strstr(err.message, "not approve, refuse or merge"));
	unlink(path);
}
END_TEST


/* the review rules through the builder: the same checks as the policy file */
START_TEST(test_review_rules_through_the_builder)
{
	wuhong_policy_builder *b;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_builder_new(&b, "built", NULL), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_indicator(b, "f", NULL, NULL, WUHONG_TYPE_COUNT, &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_sector(b, "village", "行政村", &err), 0);
	static const char *const keys[] = { "c1", "c2", "c3", "c4", "c5" };
	static const char *const rules[] = { "f >= 1", "f >= 2", "f >= 3", "f >= 4", "f >= 5" };
	for (int c = 0; c < 5; c++)
		ck_assert_int_eq(wuhong_policy_builder_add_criterion(b, "village", keys[c], keys[c], rules[c], &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_tier(b, 5, "five", &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_set_award(b, "village", 5, 100, &err), 0);
	wuhong_review_rules r = WUHONG_REVIEW_RULES_INIT;
	r.min_tier = 6;
	ck_assert_int_eq(wuhong_policy_builder_set_review(b, &r, &err), WUHONG_EPOLICY);
	ck_assert_str_eq(err.message, "min_tier must be 1 to 5");
	r.min_tier = 4;
	r.strip = 7; /* any true */
	r.wait = 2;
	r.rotation_per_month = 3;
	ck_assert_int_eq(wuhong_policy_builder_set_review(b, &r, &err), 0);
	r.version = 0; /* a struct never initialised */
	ck_assert_int_eq(wuhong_policy_builder_set_review(b, &r, &err), WUHONG_EINVAL);
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_compile(&p, b, &err), 0);
	wuhong_review_rules got;
	ck_assert_int_eq(wuhong_policy_review_rules(&got, p, NULL), 0);
	ck_assert_int_eq(got.min_tier, 4);
	ck_assert_int_eq(got.strip, 1);
	ck_assert_int_eq(got.wait, 2);
	ck_assert_int_eq(got.rotation_per_month, 3);
	wuhong_policy_free(p);
	wuhong_policy_builder_free(b);
}
END_TEST

/* options structs of any version from 1 to the current one are accepted */
START_TEST(test_options_versions)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	load_bundled(&p, &ds);
	wuhong_evaluate_options o = WUHONG_EVALUATE_OPTIONS_INIT;
	o.version = 1;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &o, NULL), 0);
	wuhong_evaluation_free(ev);
	o.version = 0;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &o, NULL), WUHONG_EINVAL);
	o.version = WUHONG_EVALUATE_OPTIONS_VERSION + 1;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &o, NULL), WUHONG_EINVAL);
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT;
	co.version = 0;
	wuhong_dataset *other;
	ck_assert_int_eq(wuhong_dataset_load_csv(&other, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", &co, NULL),
			 WUHONG_EINVAL);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static Suite *review_suite(void)
{
	Suite *s = suite_create("review");
	TCase *tc = tcase_create("review");
	tcase_add_test(tc, test_default_review_rules);
	tcase_add_test(tc, test_review_rules_through_the_builder);
	tcase_add_test(tc, test_options_versions);
	tcase_add_test(tc, test_review_rules_errors);
	tcase_add_test(tc, test_round_robin);
	tcase_add_test(tc, test_priority);
	tcase_add_test(tc, test_decisions);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(review_suite)
