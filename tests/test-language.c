/*
 * test-language.c — the library's messages in the caller's locale (gettext,
 * domain libwuhong), and numbers that do not change with it. Run with
 * LOCPATH holding zh_CN.UTF-8 and de_DE.UTF-8 (tests/make-locale.py) and
 * LIBWUHONG_LOCALEDIR at the catalogs built.
 */
#include <locale.h>

#include "testutil.h"

static const char header[] = "id,name,sector,town,committee,party_meetings,three_one_rate,panel_party,collective_income,"
			     "industry_projects,civility_events,volunteer_services,toilet_rate,waste_rate,grid_coverage,"
			     "mediation_rate,discipline_violations,serious_case,major_accident\n";

/* The first problem of csv's data under the default policy, formatted. */
static int first_problem(const char *csv, char *msg, size_t size)
{
	wuhong_policy *p = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_evaluation *ev = NULL;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_default(&p, &err), 0);
	int rc = wuhong_dataset_load_csv_string(&ds, csv, strlen(csv), "村.csv", NULL, &err);
	if (!rc)
		rc = wuhong_evaluate(&ev, p, ds, NULL, &err);
	wuhong_error_format(&err, msg, size);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	return rc;
}

static char *with_row(const char *row)
{
	static char buf[2048];
	snprintf(buf, sizeof buf, "%s%s", header, row);
	return buf;
}

START_TEST(test_chinese_messages)
{
	ck_assert_msg(setlocale(LC_ALL, "zh_CN.UTF-8"), "the zh_CN.UTF-8 locale is not in LOCPATH");
	char msg[2048];
	int rc = first_problem(with_row("VL1,郝家窑村,village,古绛镇,古绛镇党委,十二,96.9,90,24.5,9,14,13,92.2,96.4,95.3,94,0,0,0\n"),
			       msg, sizeof msg);
	ck_assert_int_eq(rc, WUHONG_EDATA);
	ck_assert_msg(strstr(msg, "村.csv:2:6: 单位 VL1：") && strstr(msg, "“十二”不是数字") && strstr(msg, "主题党日活动"),
		      "not in Chinese: %s", msg);
	ck_assert_str_eq(wuhong_strerror(WUHONG_EDATA), "数据无效");
	/* a rule's error, with its caret, in Chinese too */
	wuhong_policy *p = NULL;
	wuhong_error err;
	const char yaml[] = "version: 1\nindicators: [{key: x, type: number}]\n";
	ck_assert_int_ne(wuhong_policy_load_string(&p, yaml, strlen(yaml), "p.yaml", &err), 0);
	ck_assert_msg(strstr(err.message, "政策中有未知的键“version”"), "%s", err.message);
}
END_TEST

START_TEST(test_english_in_c_locale)
{
	ck_assert(setlocale(LC_ALL, "C"));
	char msg[2048];
	first_problem(with_row("VL1,郝家窑村,village,古绛镇,古绛镇党委,十二,96.9,90,24.5,9,14,13,92.2,96.4,95.3,94,0,0,0\n"),
		      msg, sizeof msg);
	ck_assert_msg(strstr(msg, "村.csv:2:6: unit VL1: ") && strstr(msg, "'十二' is not a number"), "%s", msg);
	ck_assert_str_eq(wuhong_strerror(WUHONG_EDATA), "invalid data");
}
END_TEST

/* A caller that sets LC_ALL to a decimal-comma locale still gets 96.9 read
 * as 96.9, and 100.5 written as 100.5. */
START_TEST(test_numbers_ignore_the_locale)
{
	ck_assert_msg(setlocale(LC_ALL, "de_DE.UTF-8"), "the de_DE.UTF-8 locale is not in LOCPATH");
	char buf[16];
	snprintf(buf, sizeof buf, "%.1f", 1.5);
	ck_assert_str_eq(buf, "1,5"); /* the locale is in force */
	const char *csv = with_row("VL1,郝家窑村,village,古绛镇,古绛镇党委,12,96.9,90,24.5,9,14,13,92.2,96.4,95.3,94,0,0,0\n");
	wuhong_dataset *ds = data_from(csv);
	ck_assert(wuhong_dataset_value(ds, 0, "three_one_rate") == 96.9);
	wuhong_dataset_free(ds);
	char msg[2048];
	first_problem(with_row("VL1,郝家窑村,village,古绛镇,古绛镇党委,12,100.5,90,24.5,9,14,13,92.2,96.4,95.3,94,0,0,0\n"), msg,
		      sizeof msg);
	ck_assert_msg(strstr(msg, "100.5") && !strstr(msg, "100,5"), "%s", msg);
	setlocale(LC_ALL, "C");
}
END_TEST

/* Text for Excel and WPS: GB18030 that the CSV reader reads back as the same units. */
START_TEST(test_gb18030_out)
{
	const char *csv = with_row("VL1,郝家窑村,village,古绛镇,古绛镇党委,12,96.9,90,24.5,9,14,13,92.2,96.4,95.3,94,0,0,0\n");
	char *bytes = NULL;
	size_t len = 0;
	wuhong_error err;
	ck_assert_int_eq(wuhong_encode_gb18030(&bytes, &len, csv, strlen(csv), &err), 0);
	ck_assert(len < strlen(csv) && bytes[len] == '\0');                   /* two bytes a Han character, not three */
	bool found = false; /* 郝家窑 in GB18030 */
	for (size_t i = 0; i + 6 <= len && !found; i++)
		found = memcmp(bytes + i, "\xba\xc2\xbc\xd2\xd2\xa4", 6) == 0;
	ck_assert(found);
	wuhong_csv_options o = { .version = WUHONG_CSV_OPTIONS_VERSION, .encoding = "gb18030" };
	wuhong_dataset *ds = NULL;
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, bytes, len, "gb.csv", &o, &err), 0);
	ck_assert_str_eq(wuhong_dataset_unit_name(ds, 0), "郝家窑村");
	ck_assert(wuhong_dataset_value(ds, 0, "three_one_rate") == 96.9);
	wuhong_dataset_free(ds);
	wuhong_free(bytes);
	ck_assert_int_eq(wuhong_encode_gb18030(&bytes, &len, "ok\xff", 3, &err), WUHONG_EDATA);
	ck_assert_ptr_null(bytes);
	ck_assert_msg(strstr(err.message, "byte 3"), "%s", err.message);
	ck_assert_int_eq(wuhong_encode_gb18030(&bytes, &len, "", 0, &err), 0);
	ck_assert_uint_eq(len, 0);
	wuhong_free(bytes);
	ck_assert_int_eq(wuhong_encode_gb18030(NULL, &len, "x", 1, &err), WUHONG_EINVAL);
}
END_TEST

/* wuhong_explanation_text in the caller's language: Chinese under zh_CN, the
 * same words as the English text in C (it was English in every locale). */
static char *explain_bundled(const char *unit)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_explanation *x;
	size_t i;
	load_bundled(&p, &ds);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_find(&i, ds, unit, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, i, NULL), 0);
	char *text = strdup(wuhong_explanation_text(x));
	wuhong_explanation_free(x);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	return text;
}

START_TEST(test_explanation_in_the_callers_language)
{
	ck_assert_msg(setlocale(LC_ALL, "zh_CN.UTF-8"), "the zh_CN.UTF-8 locale is not in LOCPATH");
	char *zh = explain_bundled("VL010");
	ck_assert_msg(strstr(zh, "VL010 张家村 — village 行政村，南樊镇\n  红旗 4/5（11110），等次 0，奖励资金 0.00 元\n"
				 "  无等次：一票否决\n  [达标] party 强化党建引领：") != NULL, "%s", zh);
	ck_assert_msg(strstr(zh, "要求 >= 12 → 是\n") && strstr(zh, "[一票否决：成立]"), "%s", zh);
	ck_assert_ptr_null(strstr(zh, "needs"));
	free(zh);
	ck_assert(setlocale(LC_ALL, "C"));
	char *en = explain_bundled("VL010");
	ck_assert_msg(strstr(en, "  flags 4/5 (11110), tier 0, award 0.00 yuan\n  no tier: vetoed (一票否决)\n  [pass] party ")
			      && strstr(en, "needs >= 12 -> true\n") && strstr(en, "[veto APPLIES]"),
		      "%s", en);
	free(en);
}
END_TEST

static Suite *language_suite(void)
{
	Suite *s = suite_create("language");
	TCase *tc = tcase_create("language");
	tcase_add_test(tc, test_chinese_messages);
	tcase_add_test(tc, test_explanation_in_the_callers_language);
	tcase_add_test(tc, test_english_in_c_locale);
	tcase_add_test(tc, test_numbers_ignore_the_locale);
	tcase_add_test(tc, test_gb18030_out);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(language_suite)
