/*
 * test-applications.c — the year's creation list (申报, 推荐, 审定, 验收): only
 * the units on it are created; a unit short of its application gets what the
 * policy says; the re-review covers created units only; every step is in the
 * ledger with who and why.
 */
#include <sqlite3.h>
#include <unistd.h>

#include "testutil.h"

/* flags = f; tiers 5/4/3; awards and rewards in yuan; %s: more review rules */
static wuhong_policy *campaign(const char *more_review)
{
	char text[2048];
	snprintf(text, sizeof text,
		 "wuhong: 1\n"
		 FLAGS_ARE_F
		 "awards: {village: {5: 600, 4: 300, 3: 200}}\n"
		 "review: {wait: 1, rewards: {village: {5: 100, 4: 70, 3: 50}}%s}\n",
		 more_review);
	return policy_from(text);
}

static char ledger_path[64];

static void setup(void)
{
	snprintf(ledger_path, sizeof ledger_path, "/tmp/wuhong-apps-%d.db", (int)getpid());
	unlink(ledger_path);
}

static void teardown(void)
{
	unlink(ledger_path);
}

/* units A..F with these flag counts */
static wuhong_evaluation *year(const wuhong_policy *p, const int f[6])
{
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, 6, NULL), 0);
	for (size_t i = 0; i < 6; i++) {
		char id[2] = { (char)('A' + i), '\0' };
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, id, id, "village", "t", NULL, NULL), 0);
		ck_assert_int_eq(wuhong_dataset_set_value(ds, i, "f", f[i], NULL), 0);
	}
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	wuhong_dataset_free(ds);
	return ev;
}

static wuhong_applications *list_from(const char *csv)
{
	wuhong_applications *a;
	wuhong_error err;
	int rc = wuhong_applications_load_csv_string(&a, csv, strlen(csv), "apps.csv", NULL, &err);
	ck_assert_msg(rc == 0, "%s", err.message);
	return a;
}

/* Review a period; the events as "unit:event " joined, and the rows. */
static void record(wuhong_ledger *l, const char *period, wuhong_evaluation *ev, const wuhong_applications *apps,
		   const wuhong_adjustments *adj, char *events, size_t size)
{
	wuhong_rows *r;
	wuhong_error err;
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.applications = apps;
	o.adjustments = adj;
	int rc = wuhong_review(&r, NULL, l, period, ev, &o, &err);
	ck_assert_msg(rc == 0, "%s: %s", period, err.message);
	events[0] = '\0';
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		snprintf(events + strlen(events), size - strlen(events), "%s:%s ", wuhong_rows_cell(r, k, 1),
			 wuhong_rows_cell(r, k, 3));
	wuhong_rows_free(r);
}

/* The detail of a unit's event in a period, from the ledger. */
static void detail_of(wuhong_ledger *l, const char *unit, const char *event, char *out, size_t size)
{
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_HISTORY, unit, NULL), 0);
	out[0] = '\0';
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 1), event) == 0)
			snprintf(out, size, "%s", wuhong_rows_cell(r, k, 5));
	wuhong_rows_free(r);
}

static const char *LIST_2023 =
	"单位,申报,推荐,推荐单位,推荐理由,审定,审定单位,审定理由\n"
	"A,五面红旗,是,甲镇党委,各项指标达标,批准,县委常委会,同意创建\n"
	"B,5,yes,甲镇党委,,approve,县委常委会,\n"    /* reaches 4 of the 5 it applied for */
	"D,5,否,甲镇党委,群众评议未过半,,,\n"        /* not recommended */
	"E,5,推荐,甲镇党委,,不予批准,县委常委会,公示期有异议\n"
	"F,4,yes,甲镇党委,,,,\n";                     /* undecided: approval automatic */

START_TEST(test_the_creation_list)
{
	wuhong_policy *p = campaign("");
	wuhong_ledger *l;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, NULL), 0);
	wuhong_applications *apps = list_from(LIST_2023);
	ck_assert_uint_eq(wuhong_applications_count(apps), 5);
	char ev[4096], d[512];
	/* C has five flags but is not on the list: nothing happens to it */
	const int y2023[] = { 5, 4, 5, 5, 5, 2 };
	wuhong_evaluation *e = year(p, y2023);
	record(l, "2023", e, apps, NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:applied A:recommended A:approved A:accepted A:awarded "
			     "B:applied B:recommended B:approved B:accepted B:awarded "
			     "D:applied D:not_recommended "
			     "E:applied E:recommended E:refused "
			     "F:applied F:recommended F:approved F:acceptance_failed ");
	wuhong_evaluation_free(e);
	/* who and why, step by step */
	detail_of(l, "A", "recommended", d, sizeof d);
	ck_assert_str_eq(d, "推荐 by 甲镇党委: 各项指标达标");
	detail_of(l, "A", "approved", d, sizeof d);
	ck_assert_str_eq(d, "审定 approved by 县委常委会: 同意创建");
	detail_of(l, "D", "not_recommended", d, sizeof d);
	ck_assert_str_eq(d, "推荐: not recommended by 甲镇党委: 群众评议未过半");
	detail_of(l, "E", "refused", d, sizeof d);
	ck_assert_str_eq(d, "审定 refused by 县委常委会: 公示期有异议");
	detail_of(l, "B", "accepted", d, sizeof d);
	ck_assert_str_eq(d, "验收: 4 flags, short of the five applied for; accepted at four (the policy: the tier reached)");
	detail_of(l, "F", "acceptance_failed", d, sizeof d);
	ck_assert_str_eq(d, "验收 failed: 2 flags, four applied for");
	/* the money: A's creation award, and B's at the tier it reached */
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PAID, "B", NULL), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 1);
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 2), "30000");
	wuhong_rows_free(r);
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PAID, "C", NULL), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 0);
	wuhong_rows_free(r);
	/* the list itself is in the ledger, verdicts not given as NULL */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open_v2(ledger_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT unit, tier, recommended, recommended_by, decision, decided_by,"
					    " decision_reason FROM applications ORDER BY unit", -1, &st, NULL), SQLITE_OK);
	char got[512] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < 7; c++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
				 sqlite3_column_type(st, c) == SQLITE_NULL ? "-" : (const char *)sqlite3_column_text(st, c),
				 c < 6 ? "," : ";");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_str_eq(got, "A,5,1,甲镇党委,1,县委常委会,同意创建;B,5,1,甲镇党委,1,县委常委会,;D,5,0,甲镇党委,-,-,-;"
			      "E,5,1,甲镇党委,0,县委常委会,公示期有异议;F,4,1,甲镇党委,-,-,-;");
	wuhong_applications_free(apps);

	/* 2024: the re-review covers A and B, created in 2023, not C (five flags,
	 * never accepted); A applies for the five it holds (void), C applies now.
	 * An override raises A's re-review reward */
	apps = list_from("unit,tier,recommended,recommended_by,decision,decided_by\n"
			 "A,5,yes,甲镇党委,approve,县委常委会\n"
			 "C,5,yes,甲镇党委,approve,县委常委会\n");
	wuhong_adjustments *adj;
	const char *raise = "unit,kind,amount,reason,reference\nA,override,80,纪念馆,运城日报\n";
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adj, raise, strlen(raise), "adj.csv", NULL, NULL), 0);
	const int y2024[] = { 5, 4, 5, 5, 5, 5 };
	e = year(p, y2024);
	record(l, "2024", e, apps, adj, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:review_passed A:application_void B:review_passed "
			     "C:applied C:recommended C:approved C:accepted C:awarded ");
	wuhong_evaluation_free(e);
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PAID, "A", NULL), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 2);
	ck_assert_str_eq(wuhong_rows_cell(r, 1, 2), "8000"); /* 100 yuan scheduled, 80 by the override */
	ck_assert_ptr_nonnull(strstr(wuhong_rows_cell(r, 1, 3), "override: 纪念馆 (运城日报)"));
	wuhong_rows_free(r);
	detail_of(l, "A", "application_void", d, sizeof d);
	ck_assert_str_eq(d, "申报 five: already holds five since 2023; nothing to create");
	wuhong_adjustments_free(adj);
	wuhong_applications_free(apps);

	/* 2025: an empty list creates nobody, however well they score; B (4 flags
	 * held) would have been promoted without a list */
	ck_assert_int_eq(wuhong_applications_new(&apps, NULL), 0);
	const int y2025[] = { 5, 5, 5, 5, 5, 5 };
	e = year(p, y2025);
	record(l, "2025", e, apps, NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:review_passed B:review_passed C:review_passed ");
	wuhong_evaluation_free(e);
	wuhong_applications_free(apps);
	wuhong_ledger_free(l);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_what_the_policy_says)
{
	/* short of the tier applied for: nothing; applying for a tier held: an error */
	wuhong_policy *p = campaign(", short_of_application: nothing, already_held: error, approval: applications");
	wuhong_review_rules rules;
	ck_assert_int_eq(wuhong_policy_review_rules(&rules, p, NULL), 0);
	ck_assert_int_eq(rules.short_gets_nothing, 1);
	ck_assert_int_eq(rules.held_is_error, 1);
	ck_assert_int_eq(rules.applications_only, 1);
	char *json;
	ck_assert_int_eq(wuhong_policy_to_json(&json, p, NULL), 0);
	ck_assert_ptr_nonnull(strstr(json, "\"approval\":\"applications\""));
	ck_assert_ptr_nonnull(strstr(json, "\"short_of_application\":\"nothing\""));
	wuhong_free(json);
	wuhong_ledger *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, NULL), 0);
	char ev[2048];
	/* approval: applications, and no list: nobody is created */
	const int y[] = { 5, 4, 5, 5, 5, 3 };
	wuhong_evaluation *e = year(p, y);
	record(l, "2022", e, NULL, NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "");
	/* approval: applications waits for 审定: F is pending; B gets nothing short of five */
	wuhong_applications *apps = list_from("unit,tier,recommended,recommended_by,decision,decided_by\n"
					      "A,5,yes,党委,approve,常委会\nB,5,yes,党委,approve,常委会\nF,3,yes,党委,,\n");
	record(l, "2023", e, apps, NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:applied A:recommended A:approved A:accepted A:awarded "
			     "B:applied B:recommended B:approved B:acceptance_failed F:applied F:recommended F:pending ");
	wuhong_applications_free(apps);
	/* A applies again for the five it holds: an error naming it */
	apps = list_from("unit,tier\nA,5\n");
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.applications = apps;
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024", e, &o, &err), WUHONG_EDATA);
	ck_assert_str_eq(err.unit, "A");
	ck_assert_ptr_nonnull(strstr(err.message, "already holds"));
	wuhong_applications_free(apps);
	/* a tier the policy lacks, a unit outside the data, a monthly period */
	const char *bad[][2] = { { "unit,tier\nA,2\n", "not a tier of the policy" },
				 { "unit,tier\nZ,5\n", "not in the data" } };
	for (size_t k = 0; k < 2; k++) {
		apps = list_from(bad[k][0]);
		o.applications = apps;
		ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024", e, &o, &err), WUHONG_EDATA);
		ck_assert_msg(strstr(err.message, bad[k][1]), "%s", err.message);
		wuhong_applications_free(apps);
	}
	ck_assert_int_eq(wuhong_applications_new(&apps, NULL), 0);
	o.applications = apps;
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024-03", e, &o, &err), WUHONG_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "yearly"));
	/* a decision in both the list and the decisions is refused */
	wuhong_applications_free(apps);
	apps = list_from("unit,tier,recommended,recommended_by,decision,decided_by\nC,5,yes,党委,approve,常委会\n");
	wuhong_decisions *dec;
	ck_assert_int_eq(wuhong_decisions_new(&dec, NULL), 0);
	ck_assert_int_eq(wuhong_decisions_add(dec, "C", WUHONG_REFUSE, "常委会", "", NULL, NULL), 0);
	o.applications = apps;
	o.decisions = dec;
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024", e, &o, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "decided twice"));
	wuhong_decisions_free(dec);
	wuhong_applications_free(apps);
	wuhong_evaluation_free(e);
	wuhong_ledger_free(l);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_the_list_by_the_api_and_its_errors)
{
	wuhong_applications *a;
	wuhong_error err;
	ck_assert_int_eq(wuhong_applications_new(&a, NULL), 0);
	ck_assert_int_eq(wuhong_applications_add(a, "A", 5, NULL), 0);
	ck_assert_int_eq(wuhong_applications_add(a, "A", 4, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "two applications"));
	ck_assert_int_eq(wuhong_applications_add(a, "B", 6, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_applications_recommend(a, "Z", WUHONG_YES, "党委", NULL, &err), WUHONG_EDATA);
	ck_assert_str_eq(err.unit, "Z");
	ck_assert_int_eq(wuhong_applications_recommend(a, "A", WUHONG_YES, "", NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_applications_recommend(a, "A", WUHONG_NOT_YET, "党委", NULL, &err), WUHONG_EINVAL);
	ck_assert_int_eq(wuhong_applications_recommend(a, "A", WUHONG_YES, "党委", "好", NULL), 0);
	ck_assert_int_eq(wuhong_applications_recommend(a, "A", WUHONG_NO, "党委", NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(wuhong_applications_decide(a, "A", WUHONG_YES, "常委会", NULL, NULL), 0);
	ck_assert_uint_eq(wuhong_applications_count(a), 1);
	const wuhong_application *x = wuhong_applications_at(a, 0);
	ck_assert_str_eq(x->unit, "A");
	ck_assert_int_eq(x->tier, 5);
	ck_assert_int_eq(x->recommended, WUHONG_YES);
	ck_assert_str_eq(x->recommendation, "好");
	ck_assert_int_eq(x->decision, WUHONG_YES);
	ck_assert_str_eq(x->decision_reason, "");
	ck_assert_ptr_null(wuhong_applications_at(a, 1));
	wuhong_applications_free(a);
	/* the file's errors say where and what was expected */
	const char *bad[][3] = {
		{ "unit,tier\nA,六\n", "tier '六' is not a number of flags", "2" },
		{ "unit,tier,recommended,recommended_by\nA,5,maybe,党委\n", "recommended 'maybe' is not yes or no", "2" },
		{ "unit,tier,recommended,recommended_by\nA,5,yes,\n", "needs who made it", "2" },
		{ "unit,tier,decision,decided_by\nA,5,,常委会\n", "decided_by is given but not decision", "2" },
		{ "unit,tier\nA,5\nB,4\nA,3\n", "two applications", "4" },
		{ "unit,recommended\nA,yes\n", "tier", "1" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		int rc = wuhong_applications_load_csv_string(&a, bad[k][0], strlen(bad[k][0]), "apps.csv", NULL, &err);
		ck_assert_int_eq(rc, WUHONG_EDATA);
		ck_assert_ptr_null(a);
		ck_assert_msg(strstr(err.message, bad[k][1]), "'%s' lacks '%s'", err.message, bad[k][1]);
		ck_assert_str_eq(err.file, "apps.csv");
		ck_assert_int_eq(err.line, atoi(bad[k][2]));
	}
}
END_TEST

/* A ledger of schema 2 (no applications table) opens as schema 3 with its seals intact. */
START_TEST(test_a_schema_2_ledger_migrates)
{
	wuhong_policy *p = campaign("");
	wuhong_ledger *l;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, NULL), 0);
	const int y[] = { 5, 4, 3, 2, 1, 0 };
	wuhong_evaluation *e = year(p, y);
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2023", e, NULL, NULL), 0);
	wuhong_ledger_free(l);
	/* make it what schema 2 wrote: the same tables but the creation list's */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE applications; PRAGMA user_version = 2;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(wuhong_ledger_open_readonly(&l, ledger_path, NULL), WUHONG_EDATA); /* older: migrate first */
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, NULL), 0);
	wuhong_error err;
	ck_assert_msg(wuhong_ledger_verify(NULL, l, &err) == 0, "%s", err.message);
	/* and records creation lists from then on, sealed */
	wuhong_applications *apps = list_from("unit,tier,recommended,recommended_by,decision,decided_by\nB,4,yes,党委,approve,常委会\n");
	char ev[1024];
	record(l, "2024", e, apps, NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:review_passed B:review_passed B:application_void C:review_passed ");
	ck_assert_msg(wuhong_ledger_verify(NULL, l, &err) == 0, "%s", err.message);
	wuhong_ledger_free(l);
	/* a changed application is found by the seals */
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DROP TRIGGER applications_no_update; UPDATE applications SET decided_by = 'x';",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(wuhong_ledger_open_readonly(&l, ledger_path, NULL), 0);
	ck_assert_int_ne(wuhong_ledger_verify(NULL, l, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "2024"));
	wuhong_ledger_free(l);
	wuhong_applications_free(apps);
	wuhong_evaluation_free(e);
	wuhong_policy_free(p);
}
END_TEST

static Suite *applications_suite(void)
{
	Suite *s = suite_create("applications");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_the_creation_list);
	tcase_add_test(tc, test_what_the_policy_says);
	tcase_add_test(tc, test_the_list_by_the_api_and_its_errors);
	tcase_add_test(tc, test_a_schema_2_ledger_migrates);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(applications_suite)
