/*
 * test-policy.c — loading, validating and building policies; every error
 * names the place (file, line, column) and what was expected.
 */
#include "testutil.h"

static const char *GOOD =
	"wuhong: 1\n"
	"name: t\n"
	"townships: [东镇, 西镇]\n"
	"indicators:\n"
	"  - {key: a, label: 甲, unit: 次, type: count}\n"
	"  - {key: s, type: score, aggregate: trimmed_mean}\n"
	"sectors:\n"
	"  - key: village\n"
	"    label: 行政村\n"
	"    aliases: [村]\n"
	"    criteria:\n"
	"      - {key: party, rule: a >= 1}\n"
	"      - {key: c2, rule: a >= 2}\n"
	"      - {key: c3, rule: a >= 3}\n"
	"      - {key: c4, rule: s >= 80}\n"
	"      - key: c5\n"
	"        rule: |\n"
	"          a >= 5 and\n"
	"          s >= 90\n"
	"prerequisite: party\n"
	"tiers: [{flags: 5, name: five}, {flags: 4, name: four}]\n"
	"awards: {village: {5: 60000, 4: 30000.25}}\n";

/* Load GOOD with one substring replaced; expect failure with code, line,
 * column and a phrase of the message. */
static void expect_error(const char *from, const char *to, int code, long line, long col, const char *phrase)
{
	char text[4096];
	const char *at = strstr(GOOD, from);
	ck_assert_msg(at != NULL, "test bug: '%s' not in GOOD", from);
	snprintf(text, sizeof text, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	wuhong_policy *p = NULL;
	wuhong_error err;
	int rc = wuhong_policy_load_string(&p, text, strlen(text), "bad.yaml", &err);
	ck_assert_msg(rc == code, "'%s'->'%s': rc %d, want %d (%s)", from, to, rc, code, err.message);
	ck_assert_ptr_null(p);
	ck_assert_str_eq(err.file, "bad.yaml");
	ck_assert_msg(err.line == line, "'%s'->'%s': line %ld, want %ld (%s)", from, to, err.line, line, err.message);
	ck_assert_msg(col < 0 || err.column == col, "'%s'->'%s': column %ld, want %ld (%s)", from, to, err.column,
		      col, err.message);
	ck_assert_msg(strstr(err.message, phrase), "message '%s' lacks '%s'", err.message, phrase);
}

START_TEST(test_good)
{
	wuhong_policy *p = policy_from(GOOD);
	ck_assert_str_eq(wuhong_policy_name(p), "t");
	ck_assert_uint_eq(wuhong_policy_sector_count(p), 1);
	ck_assert_uint_eq(wuhong_policy_town_count(p), 2);
	ck_assert_int_eq(wuhong_policy_award(p, 0, 4), 3000025);
	ck_assert_int_eq(wuhong_policy_award(p, 0, 5), 6000000);
	size_t k;
	ck_assert_int_eq(wuhong_policy_find_sector(&k, p, "村", NULL), 0);
	ck_assert_int_eq(wuhong_policy_find_sector(&k, p, "行政村", NULL), 0);
	ck_assert_int_eq(wuhong_policy_find_sector(&k, p, "town", NULL), WUHONG_ENOTFOUND);
	ck_assert_str_eq(wuhong_policy_tier_name(p, 4), "four");
	char *json;
	ck_assert_int_eq(wuhong_policy_to_json(&json, p, NULL), 0);
	ck_assert_ptr_nonnull(strstr(json, "\"rule\":\"a >= 5 and s >= 90\""));
	wuhong_free(json);
	/* references: a second owner keeps it alive */
	wuhong_policy *q = wuhong_policy_ref(p);
	wuhong_policy_free(p);
	ck_assert_str_eq(wuhong_policy_name(q), "t");
	wuhong_policy_free(q);
}
END_TEST

START_TEST(test_errors)
{
	expect_error("name: t", "nmae: t", WUHONG_EPOLICY, 2, 1, "unknown key 'nmae'");
	expect_error("name: t", "nmae: t", WUHONG_EPOLICY, 2, 1, "did you mean 'name'");
	expect_error("type: count}", "type: count, typo: 1}", WUHONG_EPOLICY, 5, 46, "unknown key 'typo'");
	expect_error("name: t\n", "name: t\nname: u\n", WUHONG_EPOLICY, 3, 1, "appears twice");
	expect_error("rule: a >= 2}", "rule: b >= 2}", WUHONG_ERULE, 13, 25, "unknown name 'b'");
	expect_error("rule: a >= 3}", "rule: a >= }", WUHONG_ERULE, 14, 29, "rule ends here");
	expect_error("          s >= 90\n", "          s >= 90 +\n", WUHONG_ERULE, 19, -1, "rule ends here");
	expect_error("          a >= 5 and\n", "          a >= 5 and and\n", WUHONG_ERULE, 18, 22, "expected a number");
	expect_error("      - {key: c3, rule: a >= 3}\n", "", WUHONG_EPOLICY, 8, 5, "expected exactly 5");
	expect_error("type: count}", "type: counter}", WUHONG_EPOLICY, 5, 39, "unknown indicator type");
	expect_error("prerequisite: party", "prerequisite: partyy", WUHONG_EPOLICY, 20, 15, "not a criterion");
	expect_error("[{flags: 5, name: five}, {flags: 4, name: four}]", "[{flags: 4, name: four}, {flags: 5, name: five}]",
		     WUHONG_EPOLICY, 21, 33, "most flags down");
	expect_error("4: 30000.25}", "4: 30000.255}", WUHONG_EPOLICY, 22, 33, "at most two decimals");
	expect_error(", 4: 30000.25}", "}", WUHONG_EPOLICY, 22, 9, "no amount for sector 'village' and tier 4");
	expect_error("{village:", "{school:", WUHONG_EPOLICY, 22, 10, "not a declared sector");
	expect_error("townships: [东镇, 西镇]", "townships: [东镇, 东镇]", WUHONG_EPOLICY, 3, 17, "listed twice");
	expect_error("name: t\n", "name: [t\n", WUHONG_EPOLICY, 3, -1, "not valid YAML");
	expect_error("wuhong: 1", "wuhong: 2", WUHONG_EPOLICY, 1, 9, "not supported");
	expect_error("key: c2,", "key: party,", WUHONG_EPOLICY, 13, 9, "criterion 'party' twice");
	expect_error("{key: a, label", "{key: 1a, label", WUHONG_EPOLICY, 5, 5, "not valid");
}
END_TEST

START_TEST(test_empty_and_not_utf8)
{
	wuhong_policy *p = NULL;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_load_string(&p, "", 0, "e.yaml", &err), WUHONG_EPOLICY);
	ck_assert_ptr_nonnull(strstr(err.message, "empty"));
	ck_assert_int_eq(wuhong_policy_load_string(&p, "name: \xff\n", 8, "x.yaml", &err), WUHONG_EPOLICY);
	ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));
	ck_assert_int_eq(wuhong_policy_load(&p, "/nonexistent/policy.yaml", &err), WUHONG_EIO);
	ck_assert_str_eq(err.file, "/nonexistent/policy.yaml");
	ck_assert_int_eq(wuhong_policy_load_string(NULL, "", 0, NULL, &err), WUHONG_EINVAL);
}
END_TEST

START_TEST(test_default_policy)
{
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	ck_assert_uint_eq(wuhong_policy_sector_count(p), 8);
	static const char *const keys[] = { "village", "community", "organ", "state_enterprise",
					    "private_enterprise", "social_org", "hospital", "school" };
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(wuhong_policy_sector_key(p, i), keys[i]);
	ck_assert_uint_eq(wuhong_policy_town_count(p), 10);
	ck_assert_int_eq(wuhong_policy_award(p, 0, 5), 6000000);
	ck_assert_int_eq(wuhong_policy_award(p, 1, 4), 3000000);
	ck_assert_int_eq(wuhong_policy_award(p, 1, 3), 2000000);
	ck_assert_str_eq(wuhong_policy_criterion_key(p, 0, 0), "party");
	ck_assert_str_eq(wuhong_policy_criterion_label(p, 0, 1), "壮大产业发展");
	/* the source text is the embedded file itself, comments included */
	ck_assert_ptr_nonnull(strstr(wuhong_policy_default_source(), "ILLUSTRATIVE"));
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_builder)
{
	wuhong_policy_builder *b;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_builder_new(&b, "built", NULL), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_indicator(b, "x", "某指标", "%", WUHONG_TYPE_PERCENT, &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_indicator(b, "x", NULL, NULL, WUHONG_TYPE_COUNT, &err),
			 WUHONG_EPOLICY);
	ck_assert_int_eq(wuhong_policy_builder_add_indicator(b, "and", NULL, NULL, WUHONG_TYPE_COUNT, &err),
			 WUHONG_EPOLICY);
	ck_assert_int_eq(wuhong_policy_builder_add_sector(b, "village", "行政村", &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_add_criterion(b, "town", "c", NULL, "x > 1", &err), WUHONG_ENOTFOUND);
	for (int c = 0; c < 4; c++) {
		char key[8];
		snprintf(key, sizeof key, "c%d", c);
		ck_assert_int_eq(wuhong_policy_builder_add_criterion(b, "village", key, NULL, "x >= 50", &err), 0);
	}
	ck_assert_int_eq(wuhong_policy_builder_add_tier(b, 5, "five", &err), 0);
	ck_assert_int_eq(wuhong_policy_builder_set_award(b, "village", 5, 100, &err), 0);
	wuhong_policy *p = NULL;
	/* four criteria: not enough */
	ck_assert_int_eq(wuhong_policy_compile(&p, b, &err), WUHONG_EPOLICY);
	ck_assert_ptr_nonnull(strstr(err.message, "expected exactly 5"));
	ck_assert_int_eq(wuhong_policy_builder_add_criterion(b, "village", "c4", NULL, "x >= 50 and y", &err), 0);
	ck_assert_int_eq(wuhong_policy_compile(&p, b, &err), WUHONG_ERULE);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown name 'y'"));
	ck_assert_int_eq(err.column, 13);
	wuhong_policy_builder_free(b);

	ck_assert_int_eq(wuhong_policy_builder_new(&b, "built", NULL), 0);
	wuhong_policy_builder_add_indicator(b, "x", NULL, NULL, WUHONG_TYPE_PERCENT, &err);
	wuhong_policy_builder_add_sector(b, "village", NULL, &err);
	for (int c = 0; c < 5; c++) {
		char key[8];
		snprintf(key, sizeof key, "c%d", c);
		wuhong_policy_builder_add_criterion(b, "village", key, NULL, "x >= 50", &err);
	}
	wuhong_policy_builder_add_tier(b, 5, "five", &err);
	wuhong_policy_builder_set_award(b, "village", 5, 100, &err);
	/* an infinite bound has no canonical form: refused (it once compiled to "out of memory") */
	ck_assert_int_eq(wuhong_policy_builder_set_range(b, "x", -INFINITY, 100, &err), WUHONG_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "finite"));
	ck_assert_int_eq(wuhong_policy_builder_set_range(b, "x", NAN, 100, &err), 0);
	ck_assert_int_eq(wuhong_policy_compile(&p, b, &err), 0);
	ck_assert_int_eq(wuhong_policy_award(p, 0, 5), 100);
	ck_assert_ptr_null(wuhong_policy_board_title(p));
	char *without = NULL, *with = NULL;
	ck_assert_int_eq(wuhong_policy_to_json(&without, p, &err), 0);
	ck_assert_ptr_null(strstr(without, "\"board\"")); /* not given: not in the canonical form, the fingerprint kept */
	ck_assert_int_eq(wuhong_policy_builder_set_board(b, "绛县示范创建", "中共绛县县委组织部", &err), 0);
	wuhong_policy *q = NULL;
	ck_assert_int_eq(wuhong_policy_compile(&q, b, &err), 0);
	wuhong_policy_builder_free(b); /* the policy does not depend on the builder */
	ck_assert_str_eq(wuhong_policy_criterion_rule(p, 0, 4), "x >= 50");
	ck_assert_str_eq(wuhong_policy_board_title(q), "绛县示范创建");
	ck_assert_str_eq(wuhong_policy_board_issuer(q), "中共绛县县委组织部");
	ck_assert_str_ne(wuhong_policy_fingerprint(p), wuhong_policy_fingerprint(q));
	/* the canonical form reads back to the same policy (board: {title, issuer}) */
	ck_assert_int_eq(wuhong_policy_to_json(&with, q, &err), 0);
	wuhong_policy *r = NULL;
	ck_assert_int_eq(wuhong_policy_load_string(&r, with, strlen(with), "q.json", &err), 0);
	ck_assert_str_eq(wuhong_policy_fingerprint(r), wuhong_policy_fingerprint(q));
	ck_assert_str_eq(wuhong_policy_board_issuer(r), "中共绛县县委组织部");
	wuhong_free(without);
	wuhong_free(with);
	wuhong_policy_free(r);
	wuhong_policy_free(q);
	wuhong_policy_free(p);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");
	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_empty_and_not_utf8);
	tcase_add_test(tc, test_default_policy);
	tcase_add_test(tc, test_builder);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(policy_suite)
