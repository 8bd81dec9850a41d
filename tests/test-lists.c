/*
 * test-lists.c — red and black lists: rules over results and verdicts,
 * deterministic order and ties, limits, reasons, list-rule errors, and the
 * what-if diff.
 */
#include "testutil.h"

static const char *POLICY =
	"wuhong: 1\n"
	"townships: [东镇, 西镇]\n"
	"indicators: [{key: f, type: count}, {key: s, label: 评分, type: score}, {key: bad, type: bool}]\n"
	"sectors:\n"
	"  - key: village\n"
	"    criteria: &c\n"
	"      - {key: party, label: 党建, rule: f >= 1}\n"
	"      - {key: c2, rule: f >= 2}\n"
	"      - {key: c3, rule: f >= 3}\n"
	"      - {key: c4, rule: f >= 4}\n"
	"      - {key: c5, rule: f >= 5}\n"
	"  - key: school\n"
	"    criteria: *c\n"
	"prerequisite: party\n"
	"vetoes: [{key: bad, rule: bad}]\n"
	"tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\n"
	"awards: {village: {5: 5, 3: 3}, school: {5: 5, 3: 3}}\n"
	"lists:\n"
	"  red:\n"
	"    label: 红榜\n"
	"    order_by: s\n"
	"    rules: [{key: top, label: 五面红旗, rule: tier == 5}]\n"
	"  black:\n"
	"    label: 黑榜\n"
	"    order_by: flags\n"
	"    order: ascending\n"
	"%s"
	"    rules:\n"
	"      - {key: no_party, label: 党建未达标, rule: not passed(party)}\n"
	"      - {key: vetoed, label: 否决, rule: vetoed}\n"
	"      - {key: low, label: 低分, rule: s < 60}\n";

static const char *DATA =
	"id,name,sector,town,f,s,bad\n"
	"V9,九,village,东镇,5,70,0\n"
	"V2,二,village,东镇,5,90,0\n"
	"V1,一,village,西镇,5,70,0\n"
	"S1,校一,school,西镇,5,95,0\n"
	"V3,三,village,东镇,0,80,0\n"     /* no party */
	"V4,四,village,西镇,5,50,1\n"     /* vetoed and low score */
	"S2,校二,school,东镇,3,55,0\n"    /* low score */
	"V5,五,village,西镇,,70,0\n";     /* party unknown: not passed */

static wuhong_lists *make(const char *limit, wuhong_dataset **ds_out, wuhong_evaluation **ev_out)
{
	char text[4096];
	snprintf(text, sizeof text, POLICY, limit);
	wuhong_policy *p = policy_from(text);
	wuhong_dataset *ds = data_from(DATA);
	wuhong_evaluation *ev;
	wuhong_lists *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	int rc = wuhong_evaluation_lists(&l, ev, &err);
	ck_assert_msg(rc == 0, "%s", err.message);
	wuhong_policy_free(p);
	*ds_out = ds;
	*ev_out = ev;
	return l;
}

static void expect_ids(const wuhong_lists *l, const wuhong_dataset *ds, wuhong_list_kind k, const char *want)
{
	char got[256] = "";
	for (size_t i = 0; i < wuhong_lists_count(l, k); i++) {
		const wuhong_list_entry *e = wuhong_lists_at(l, k, i);
		ck_assert_uint_eq(e->rank, i + 1);
		ck_assert_ptr_nonnull(e->reason);
		ck_assert(strlen(e->reason) > 0);
		strncat(got, wuhong_dataset_unit_id(ds, e->unit), sizeof got - strlen(got) - 1);
		strncat(got, " ", sizeof got - strlen(got) - 1);
	}
	ck_assert_msg(strcmp(got, want) == 0, "list %d: got '%s', want '%s'", (int)k, got, want);
}

START_TEST(test_order_and_reasons)
{
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_lists *l = make("", &ds, &ev);
	/* red: villages first (policy order), by score descending, ties by id */
	expect_ids(l, ds, WUHONG_RED_LIST, "V2 V1 V9 S1 ");
	/* black: by flags ascending (V3 0, V5 0, V4 5 [vetoed]), then schools */
	expect_ids(l, ds, WUHONG_BLACK_LIST, "V3 V5 V4 S2 ");
	const wuhong_list_entry *v4 = wuhong_lists_at(l, WUHONG_BLACK_LIST, 2);
	ck_assert_uint_eq(v4->rules, 0x6); /* vetoed and low, not no_party */
	ck_assert_ptr_nonnull(strstr(v4->reason, "vetoed 否决"));
	ck_assert_ptr_nonnull(strstr(v4->reason, "low 低分: s < 60 [s 评分 = 50]"));
	const wuhong_list_entry *v3 = wuhong_lists_at(l, WUHONG_BLACK_LIST, 0);
	ck_assert_ptr_nonnull(strstr(v3->reason, "no_party 党建未达标: passed(party) is false"));
	ck_assert_ptr_nonnull(strstr(wuhong_lists_at(l, WUHONG_RED_LIST, 0)->reason, "top 五面红旗: tier == 5"));
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_deterministic)
{
	/* the same data in another row order gives the same lists */
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_lists *l = make("", &ds, &ev);
	char text[4096];
	snprintf(text, sizeof text, POLICY, "");
	wuhong_policy *p = policy_from(text);
	wuhong_dataset *rev = data_from("id,name,sector,town,f,s,bad\n"
					"V5,五,village,西镇,,70,0\n"
					"S2,校二,school,东镇,3,55,0\n"
					"V4,四,village,西镇,5,50,1\n"
					"V3,三,village,东镇,0,80,0\n"
					"S1,校一,school,西镇,5,95,0\n"
					"V1,一,village,西镇,5,70,0\n"
					"V2,二,village,东镇,5,90,0\n"
					"V9,九,village,东镇,5,70,0\n");
	wuhong_evaluation *ev2;
	wuhong_lists *l2;
	ck_assert_int_eq(wuhong_evaluate(&ev2, p, rev, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_lists(&l2, ev2, NULL), 0);
	expect_ids(l2, rev, WUHONG_RED_LIST, "V2 V1 V9 S1 ");
	expect_ids(l2, rev, WUHONG_BLACK_LIST, "V3 V5 V4 S2 ");
	wuhong_lists_free(l2);
	wuhong_evaluation_free(ev2);
	wuhong_dataset_free(rev);
	wuhong_policy_free(p);
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_limits)
{
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_lists *l = make("    limit: {per: sector, count: 1}\n", &ds, &ev);
	expect_ids(l, ds, WUHONG_BLACK_LIST, "V3 S2 ");
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	l = make("    limit: {per: town, count: 1}\n", &ds, &ev);
	/* 东镇: V3 (0 flags) before S2 (3); 西镇: V5 (0) before V4 (5) */
	expect_ids(l, ds, WUHONG_BLACK_LIST, "V3 V5 ");
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_list_errors)
{
	char text[4096];
	wuhong_policy *p = NULL;
	wuhong_error err;
	const char *bad[][3] = {
		{ "not passed(party)", "not passed(partyy)", "no sector has a criterion 'partyy'" },
		{ "order_by: flags", "order_by: flagz", "neither an indicator nor a result" },
		{ "rule: vetoed}", "rule: vetoed and}", "rule ends here" },
		{ "order: ascending", "order: upward", "ascending or descending" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		snprintf(text, sizeof text, POLICY, "");
		char *at = strstr(text, bad[k][0]);
		ck_assert_ptr_nonnull(at);
		char buf[4096];
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - text), text, bad[k][1], at + strlen(bad[k][0]));
		int rc = wuhong_policy_load_string(&p, buf, strlen(buf), "l.yaml", &err);
		ck_assert_msg(rc != 0, "case %zu loaded", k);
		ck_assert_msg(strstr(err.message, bad[k][2]), "case %zu: '%s'", k, err.message);
		ck_assert_int_gt(err.line, 20);
	}
	/* verdict functions belong to list rules only */
	snprintf(text, sizeof text, POLICY, "");
	char *at = strstr(text, "rule: f >= 2}");
	char buf[4096];
	snprintf(buf, sizeof buf, "%.*srule: passed(party)}%s", (int)(at - text), text, at + strlen("rule: f >= 2}"));
	ck_assert_int_eq(wuhong_policy_load_string(&p, buf, strlen(buf), "l.yaml", &err), WUHONG_ERULE);
	ck_assert_ptr_nonnull(strstr(err.message, "list rules only"));
}
END_TEST

START_TEST(test_no_lists)
{
	char *t = policy_text("  - {key: x, type: number}", "x > 0", "x > 0", "x > 0", "x > 0", "x > 0");
	wuhong_policy *p = policy_from(t);
	free(t);
	wuhong_dataset *ds = data_from("id,name,sector,town,x\nA,a,village,t,1\n");
	wuhong_evaluation *ev;
	wuhong_lists *l;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_lists(&l, ev, NULL), 0);
	ck_assert_uint_eq(wuhong_lists_count(l, WUHONG_RED_LIST), 0);
	ck_assert_uint_eq(wuhong_lists_count(l, WUHONG_BLACK_LIST), 0);
	ck_assert_ptr_null(wuhong_lists_at(l, WUHONG_RED_LIST, 0));
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

/* ---- diff ------------------------------------------------------------------- */

START_TEST(test_diff)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_default(&p, &err), 0);
	ck_assert_int_eq(wuhong_dataset_load_csv(&ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, &err), 0);
	wuhong_diff_result *d;
	/* a policy against itself: nothing changes */
	ck_assert_int_eq(wuhong_diff(&d, p, p, ds, &err), 0);
	ck_assert_uint_eq(wuhong_diff_count(d), 0);
	ck_assert_int_eq(wuhong_diff_total_a(d), wuhong_diff_total_b(d));
	wuhong_diff_free(d);
	/* raise one threshold: exactly the units that lose that flag change */
	const char *src = wuhong_policy_default_source();
	const char *from = "collective_income >= 10 and";
	const char *at = strstr(src, from);
	ck_assert_ptr_nonnull(at);
	size_t len = strlen(src) + 8;
	char *text = malloc(len);
	snprintf(text, len, "%.*scollective_income >= 20 and%s", (int)(at - src), src, at + strlen(from));
	wuhong_policy *q;
	ck_assert_int_eq(wuhong_policy_load_string(&q, text, strlen(text), "raised.yaml", &err), 0);
	ck_assert_str_ne(wuhong_policy_fingerprint(p), wuhong_policy_fingerprint(q));
	ck_assert_int_eq(wuhong_diff(&d, p, q, ds, &err), 0);
	size_t losing = 0;
	for (size_t i = 0; i < wuhong_dataset_count(ds); i++) {
		double v = wuhong_dataset_value(ds, i, "collective_income");
		const wuhong_evaluation *ea = wuhong_diff_evaluation_a(d);
		bool village = wuhong_evaluation_sectors(ea)[i] == 0;
		/* the industry flag (criterion 1) was earned and the income is in [10, 20) */
		if (village && (wuhong_evaluation_flag_masks(ea)[i] & 2) && v >= 10 && v < 20)
			losing++;
	}
	ck_assert_uint_gt(losing, 0);
	ck_assert_uint_eq(wuhong_diff_count(d), losing);
	int64_t delta = 0;
	for (size_t k = 0; k < wuhong_diff_count(d); k++) {
		const wuhong_diff_entry *e = wuhong_diff_at(d, k);
		ck_assert_int_eq(e->flags_b, e->flags_a - 1);
		ck_assert_int_eq(e->mask_b, e->mask_a & ~2);
		delta += e->amount_b - e->amount_a;
	}
	ck_assert_int_eq(wuhong_diff_total_b(d) - wuhong_diff_total_a(d), delta);
	wuhong_diff_summary *s;
	ck_assert_int_eq(wuhong_diff_groups(&s, d, WUHONG_BY_SECTOR, &err), 0);
	ck_assert_uint_eq(wuhong_diff_summary_count(s), 8);
	const wuhong_diff_group *g = wuhong_diff_summary_at(s, 0);
	ck_assert_uint_eq(g->changed, losing);
	ck_assert_uint_eq(g->lost, losing);
	ck_assert_int_eq(g->amount_b - g->amount_a, delta);
	ck_assert_ptr_null(wuhong_diff_summary_at(s, 8));
	wuhong_diff_summary_free(s);
	wuhong_diff_summary *none = (wuhong_diff_summary *)&err; /* set to NULL on failure */
	ck_assert_int_eq(wuhong_diff_groups(&none, d, WUHONG_BY_TIER, &err), WUHONG_EINVAL);
	ck_assert_ptr_null(none);
	ck_assert_int_eq(wuhong_diff_groups(&s, d, WUHONG_BY_TOWN, &err), 0);
	ck_assert_uint_eq(wuhong_diff_summary_count(s), 10);
	wuhong_diff_free(d); /* the summary does not depend on the diff */
	d = NULL;
	size_t changed = 0;
	for (size_t k = 0; k < wuhong_diff_summary_count(s); k++)
		changed += wuhong_diff_summary_at(s, k)->changed;
	ck_assert_uint_eq(changed, losing);
	wuhong_diff_summary_free(s);
	wuhong_policy_free(q);
	wuhong_policy_free(p);
	wuhong_dataset_free(ds);
	free(text);
}
END_TEST

/* The reasons in Chinese, from the policy's labels, as a board prints them. */
START_TEST(test_reasons_in_chinese)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	load_bundled(&p, &ds);
	wuhong_evaluation *ev;
	wuhong_lists *l;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_lists(&l, ev, NULL), 0);
	const wuhong_list_entry *red = wuhong_lists_at(l, WUHONG_RED_LIST, 0);
	ck_assert_str_eq(red->reason_zh, "五面红旗示范单位");
	size_t seen = 0;
	for (size_t k = 0; k < wuhong_lists_count(l, WUHONG_BLACK_LIST); k++) {
		const wuhong_list_entry *e = wuhong_lists_at(l, WUHONG_BLACK_LIST, k);
		const char *id = wuhong_dataset_unit_id(ds, e->unit);
		double meetings = wuhong_dataset_value(ds, e->unit, "party_meetings");
		if (strstr(e->reason_zh, "主题党日活动")) { /* the value and the threshold, with the unit */
			char want[96];
			snprintf(want, sizeof want, "主题党日活动 %g 次/年，低于 12", meetings);
			ck_assert_msg(strstr(e->reason_zh, want), "%s: %s", id, e->reason_zh);
			seen++;
		}
		ck_assert_msg(strncmp(e->reason_zh, "党建引领未达标：", strlen("党建引领未达标：")) == 0 ||
				      strncmp(e->reason_zh, "一票否决：", strlen("一票否决：")) == 0 ||
				      strncmp(e->reason_zh, "评审团", strlen("评审团")) == 0,
			      "%s: %s", id, e->reason_zh);
		ck_assert_ptr_null(strstr(e->reason_zh, "passed("));
	}
	ck_assert_uint_gt(seen, 0);
	wuhong_lists_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

/* The boards to publish: a workbook (a zip holding its sheets) and a page with every board. */
START_TEST(test_boards_to_publish)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	load_bundled(&p, &ds);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	char *out;
	size_t len;
	wuhong_error err;
	ck_assert_int_eq(wuhong_board_render(&out, &len, ev, WUHONG_BOARD_XLSX, NULL, &err), 0);
	ck_assert_uint_gt(len, 10000);
	ck_assert_int_eq(memcmp(out, "PK\x03\x04", 4), 0);
	wuhong_free(out);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.budget = 300000000; /* 3,000,000 yuan: scaled pro rata */
	ck_assert_int_eq(wuhong_board_render(&out, &len, ev, WUHONG_BOARD_HTML, &o, &err), 0);
	ck_assert_uint_eq(strlen(out), len);
	for (const char *const *s = (const char *const[]){ "<h2>红榜</h2>", "<h2>黑榜</h2>", "奖励资金发放名单", "按乡镇统计",
							   "党建引领未达标：", "一票否决：严重违纪违法案件", "帮扶名单", "（现 97.7，需 98）",
							   "3,000,000.00 元（300.00 万元）", "</svg>", "</html>", NULL };
	     *s; s++)
		ck_assert_msg(strstr(out, *s), "the page lacks %s", *s);
	wuhong_free(out);
	ck_assert_int_eq(wuhong_board_render(&out, &len, ev, (wuhong_board_format)7, NULL, &err), WUHONG_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(wuhong_board_render(&out, &len, NULL, WUHONG_BOARD_HTML, NULL, &err), WUHONG_EINVAL);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static Suite *lists_suite(void)
{
	Suite *s = suite_create("lists");
	TCase *tc = tcase_create("lists");
	tcase_add_test(tc, test_order_and_reasons);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_list_errors);
	tcase_add_test(tc, test_no_lists);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_boards_to_publish);
	tcase_add_test(tc, test_reasons_in_chinese);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(lists_suite)
