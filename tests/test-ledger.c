/*
 * test-ledger.c — the campaign across periods: creation awards, re-review
 * rewards, demotion with benefits cancelled, the waiting period, promotion
 * money, refusals, mergers; the ledger's replay (nothing paid twice),
 * supersession, order, append-only triggers, and a process killed
 * (SIGKILL) in the middle of recording a period.
 */
#include <signal.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* flags = f (criteria f >= 1 .. f >= 5); tiers 5/4/3; awards and rewards in yuan */
static const char *POLICY =
	"wuhong: 1\n"
	FLAGS_ARE_F
	"awards: {village: {5: 600, 4: 300, 3: 200}}\n"
	"review: {wait: 1, rewards: {village: {5: 100, 4: 70, 3: 50}}}\n"
	"lists:\n"
	"  red: {rules: [{key: rose, rule: flags_rose}, {key: up, rule: promoted}]}\n"
	"  black: {rules: [{key: down, rule: demoted or stripped}]}\n";

static char ledger_path[64];

static void setup(void)
{
	snprintf(ledger_path, sizeof ledger_path, "/tmp/wuhong-ledger-%d.db", (int)getpid());
	unlink(ledger_path);
}

static void teardown(void)
{
	unlink(ledger_path);
}

/* units A B C D with these flag counts (negative: not in the data) */
static wuhong_evaluation *year(const wuhong_policy *p, int a, int b, int c, int d)
{
	const char *ids[] = { "A", "B", "C", "D" };
	int f[] = { a, b, c, d };
	size_t n = 0;
	for (int k = 0; k < 4; k++)
		n += f[k] >= 0;
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, n, NULL), 0);
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		if (f[k] < 0)
			continue;
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, ids[k], ids[k], "village", "t", NULL, NULL), 0);
		ck_assert_int_eq(wuhong_dataset_set_value(ds, i, "f", f[k], NULL), 0);
		i++;
	}
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	wuhong_dataset_free(ds);
	return ev;
}

/* A period's events as "unit:event " joined. */
static void events_of(const wuhong_rows *r, char *events, size_t size)
{
	events[0] = '\0';
	for (size_t k = 0; k < wuhong_rows_count(r); k++) {
		strncat(events, wuhong_rows_cell(r, k, 1), size - strlen(events) - 1);
		strncat(events, ":", size - strlen(events) - 1);
		strncat(events, wuhong_rows_cell(r, k, 3), size - strlen(events) - 1);
		strncat(events, " ", size - strlen(events) - 1);
	}
}

/* Record a period; return the events as "unit:event" joined by spaces. */
static void record(wuhong_ledger *l, const char *period, wuhong_evaluation *ev, const wuhong_decisions *dec,
		   char *events, size_t size)
{
	wuhong_rows *r;
	wuhong_error err;
	int replayed;
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.decisions = dec;
	int rc = wuhong_review(&r, &replayed, l, period, ev, &o, &err);
	ck_assert_msg(rc == 0, "%s: %s", period, err.message);
	ck_assert_int_eq(replayed, 0);
	events_of(r, events, size);
	wuhong_rows_free(r);
	wuhong_evaluation_free(ev);
}

static long long total(wuhong_ledger *l, const char *year_, int column)
{
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_TOTALS, NULL, NULL), 0);
	long long v = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (!year_ || strcmp(wuhong_rows_cell(r, k, 0), year_) == 0)
			v += atoll(wuhong_rows_cell(r, k, (size_t)column));
	wuhong_rows_free(r);
	return v;
}

enum { T_CREATION = 1, T_PROMOTION, T_REVIEW, T_CLAWBACK, T_ADJUSTMENTS, T_REVERSAL, T_TOTAL };

START_TEST(test_four_years)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_ledger *l;
	wuhong_error err;
	char ev[2048];
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);

	/* 2023: creation. A 5, B 4, C 3 are awarded; D (2 flags) is not */
	record(l, "2023", year(p, 5, 4, 3, 2), NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "A:proposed A:approved A:awarded B:proposed B:approved B:awarded "
			     "C:proposed C:approved C:awarded ");
	ck_assert_int_eq(total(l, "2023", T_CREATION), 60000 + 30000 + 20000);

	/* 2024: re-review. A passes; B fails (2 flags) and is stripped, its benefits
	 * cancelled; C passes at 3 and is promoted to 4 (the difference); D reaches 3
	 * but the committee refuses */
	wuhong_decisions *dec;
	ck_assert_int_eq(wuhong_decisions_new(&dec, NULL), 0);
	ck_assert_int_eq(wuhong_decisions_add(dec, "D", WUHONG_REFUSE, "常委会", "公示期有异议", NULL, NULL), 0);
	record(l, "2024", year(p, 5, 2, 4, 3), dec, ev, sizeof ev);
	wuhong_decisions_free(dec);
	ck_assert_str_eq(ev, "A:review_passed B:review_failed B:stripped B:benefits_cancelled C:review_passed "
			     "C:proposed C:approved C:promoted D:proposed D:refused ");
	ck_assert_int_eq(total(l, "2024", T_REVIEW), 10000 + 5000);
	ck_assert_int_eq(total(l, "2024", T_PROMOTION), 30000 - 20000);
	/* transition terms on the period's boards: C and D rose (C was promoted), B was stripped */
	wuhong_rows *b;
	ck_assert_int_eq(wuhong_ledger_query(&b, l, WUHONG_LEDGER_BOARDS, "2024", &err), 0);
	char boards[256] = "";
	for (size_t k = 0; k < wuhong_rows_count(b); k++) {
		strncat(boards, wuhong_rows_cell(b, k, 0), sizeof boards - strlen(boards) - 1);
		strncat(boards, ":", sizeof boards - strlen(boards) - 1);
		strncat(boards, wuhong_rows_cell(b, k, 2), sizeof boards - strlen(boards) - 1);
		strncat(boards, " ", sizeof boards - strlen(boards) - 1);
	}
	ck_assert_str_eq(boards, "red:C red:D black:B ");
	wuhong_rows_free(b);
	/* without a ledger the transitions are unknown: nobody is listed by them */
	wuhong_evaluation *plain = year(p, 5, 2, 4, 3);
	wuhong_lists *lists;
	ck_assert_int_eq(wuhong_evaluation_lists(&lists, plain, &err), 0);
	ck_assert_uint_eq(wuhong_lists_count(lists, WUHONG_RED_LIST), 0);
	ck_assert_uint_eq(wuhong_lists_count(lists, WUHONG_BLACK_LIST), 0);
	wuhong_lists_free(lists);
	wuhong_evaluation_free(plain);

	/* 2025: B is back at 5 flags but waits (demoted in 2024, wait 1); A is merged
	 * into C, which keeps the higher tier (5) */
	ck_assert_int_eq(wuhong_decisions_new(&dec, NULL), 0);
	ck_assert_int_eq(wuhong_decisions_add(dec, "A", WUHONG_MERGE, "常委会", "村庄撤并", "C", NULL), 0);
	record(l, "2025", year(p, 5, 5, 4, 3), dec, ev, sizeof ev);
	wuhong_decisions_free(dec);
	ck_assert_str_eq(ev, "B:promotion_deferred C:review_passed D:proposed D:approved D:awarded A:merged C:merged_in ");

	/* 2026: B may be promoted again: a promotion (it held a tier before), from 0 to 5 */
	record(l, "2026", year(p, -1, 5, 5, 3), NULL, ev, sizeof ev);
	ck_assert_str_eq(ev, "B:proposed B:approved B:promoted C:review_passed D:review_passed ");
	ck_assert_int_eq(total(l, "2026", T_PROMOTION), 60000);
	ck_assert_int_eq(total(l, "2026", T_REVIEW), 10000 + 5000);

	/* a unit's trail, and what was paid to it */
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_HISTORY, "B", &err), 0);
	const char *trail[] = { "awarded", "review_failed", "stripped", "benefits_cancelled", "promotion_deferred",
				"promoted" };
	size_t t = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (t < 6 && strcmp(wuhong_rows_cell(r, k, 1), trail[t]) == 0)
			t++;
	ck_assert_uint_eq(t, 6);
	wuhong_rows_free(r);
	/* C's trail carries A's, merged into it in 2025 */
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_HISTORY, "C", &err), 0);
	size_t from_a = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 6), "A") == 0) {
			ck_assert_str_eq(wuhong_rows_cell(r, k, 0), from_a ? wuhong_rows_cell(r, k, 0) : "2023");
			from_a++;
		}
	ck_assert_uint_eq(from_a, 5); /* proposed, approved, awarded; review_passed 2024; merged 2025 */
	ck_assert_str_eq(wuhong_rows_cell(r, wuhong_rows_count(r) - 1, 0), "2026");
	wuhong_rows_free(r);
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PAID, "B", &err), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 2);
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 2), "30000");
	ck_assert_str_eq(wuhong_rows_cell(r, 1, 2), "60000");
	wuhong_rows_free(r);
	/* periods out of order are refused */
	wuhong_evaluation *old = year(p, 5, 5, 5, 5);
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2022", old, NULL, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "in order"));
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2026-13", old, NULL, &err), WUHONG_EINVAL);
	wuhong_evaluation_free(old);
	wuhong_ledger_free(l);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_replay_and_supersede)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_ledger *l;
	wuhong_error err;
	char ev[1024];
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	record(l, "2023", year(p, 5, 4, 3, 2), NULL, ev, sizeof ev);
	long long paid = total(l, NULL, T_TOTAL);
	/* the same period with the same inputs: nothing written, nothing paid twice */
	wuhong_evaluation *same = year(p, 5, 4, 3, 2);
	wuhong_rows *r;
	int replayed;
	ck_assert_int_eq(wuhong_review(&r, &replayed, l, "2023", same, NULL, &err), 0);
	ck_assert_int_eq(replayed, 1);
	ck_assert_uint_eq(wuhong_rows_count(r), 9); /* the events recorded the first time */
	wuhong_rows_free(r);
	ck_assert_int_eq(total(l, NULL, T_TOTAL), paid);
	wuhong_evaluation_free(same);
	/* other inputs are refused unless superseding */
	wuhong_evaluation *other = year(p, 5, 5, 3, 2);
	ck_assert_int_eq(wuhong_review(NULL, &replayed, l, "2023", other, NULL, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "supersede"));
	ck_assert_int_eq(total(l, NULL, T_TOTAL), paid);
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.supersede = 1;
	ck_assert_int_eq(wuhong_review(NULL, &replayed, l, "2023", other, &o, &err), 0);
	wuhong_evaluation_free(other);
	/* the old revision's money is reversed, the new one paid: B now at 5 */
	ck_assert_int_eq(total(l, NULL, T_TOTAL), 60000 + 60000 + 20000);
	ck_assert_int_eq(total(l, NULL, T_REVERSAL), -paid);
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PERIODS, NULL, &err), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 2);
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 7), "superseded");
	ck_assert_str_eq(wuhong_rows_cell(r, 1, 7), "current");
	wuhong_rows_free(r);
	wuhong_ledger_free(l);
	/* append-only: the file refuses changes made behind the library's back */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	char *msg = NULL;
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE payments SET fen = 0", NULL, NULL, &msg), SQLITE_OK);
	ck_assert_ptr_nonnull(strstr(msg, "append-only"));
	sqlite3_free(msg);
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	wuhong_policy_free(p);
}
END_TEST

/* bonuses and penalties are events and payments of their own; an override
 * sets the amount of the award earned this period; all are part of the input
 * (a different adjustment is a different input, not a replay) */
START_TEST(test_adjustments)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_ledger *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	wuhong_adjustments *adj;
	const char *csv = "unit,kind,amount,reason,reference\n"
			  "A,bonus,50,抗洪抢险,县委〔2023〕5号\n"
			  "A,bonus,30,抗洪抢险,县委〔2023〕5号\n"
			  "B,扣减,20.5,材料不实,\n"
			  "C,override,150,县核定,\n"
			  "D,bonus,10,进步奖,\n";
	ck_assert_msg(wuhong_adjustments_load_csv_string(&adj, csv, strlen(csv), "adj.csv", NULL, &err) == 0, "%s", err.message);
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.adjustments = adj;
	wuhong_rows *r;
	int replayed;
	wuhong_evaluation *ev = year(p, 5, 4, 3, 2);
	ck_assert_msg(wuhong_review(&r, &replayed, l, "2023", ev, &o, &err) == 0, "%s", err.message);
	char events[2048];
	events_of(r, events, sizeof events);
	wuhong_rows_free(r);
	ck_assert_str_eq(events, "A:proposed A:approved A:awarded B:proposed B:approved B:awarded "
				 "C:proposed C:approved C:awarded A:bonus A:bonus B:penalty D:bonus ");
	ck_assert_int_eq(total(l, "2023", T_CREATION), 60000 + 30000 + 15000);
	ck_assert_int_eq(total(l, "2023", T_ADJUSTMENTS), 5000 + 3000 - 2050 + 1000);
	ck_assert_int_eq(total(l, "2023", T_TOTAL), 60000 + 30000 + 15000 + 5000 + 3000 - 2050 + 1000);
	/* each event shows its own payment, even when two read the same */
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_HISTORY, "A", &err), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 5);
	ck_assert_str_eq(wuhong_rows_cell(r, 3, 4), "5000");
	ck_assert_str_eq(wuhong_rows_cell(r, 4, 4), "3000");
	ck_assert_str_eq(wuhong_rows_cell(r, 3, 5), wuhong_rows_cell(r, 4, 5));
	wuhong_rows_free(r);

	/* the same period again with the same adjustments is a replay */
	ck_assert_int_eq(wuhong_review(&r, &replayed, l, "2023", ev, &o, &err), 0);
	ck_assert_int_eq(replayed, 1);
	wuhong_rows_free(r);
	/* without them it is a different input: refused unless superseding */
	o.adjustments = NULL;
	ck_assert_int_eq(wuhong_review(&r, &replayed, l, "2023", ev, &o, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "other inputs"));

	/* money is not paid in a monthly assessment */
	o.adjustments = adj;
	ck_assert_int_eq(wuhong_review(&r, &replayed, l, "2024-03", ev, &o, &err), WUHONG_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "monthly"));
	o.adjustments = NULL;
	wuhong_evaluation_free(ev);
	wuhong_adjustments_free(adj);

	/* an adjustment for a unit outside the data is an error naming it */
	const char *bad = "unit,kind,amount,reason,reference\nZ,bonus,1,x,\n";
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adj, bad, strlen(bad), "adj.csv", NULL, &err), 0);
	o.adjustments = adj;
	ev = year(p, 5, 5, 5, 5);
	ck_assert_int_eq(wuhong_review(&r, &replayed, l, "2024", ev, &o, &err), WUHONG_EDATA);
	ck_assert_str_eq(err.unit, "Z");
	wuhong_evaluation_free(ev);
	wuhong_adjustments_free(adj);
	wuhong_ledger_free(l);
	wuhong_policy_free(p);
}
END_TEST

static void die_midway(void *ctx, size_t rows)
{
	(void)ctx;
	if (rows >= 256)
		kill(getpid(), SIGKILL); /* in the middle of the period's transaction */
}

START_TEST(test_killed_mid_write)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_ledger *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_load_csv(&ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2023", ev, NULL, &err), 0);
	long long before = total(l, NULL, T_TOTAL);
	wuhong_ledger_free(l);
	fflush(NULL);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		wuhong_ledger *cl;
		if (wuhong_ledger_open(&cl, ledger_path, NULL))
			_exit(3);
		wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
		o.progress = die_midway;
		wuhong_review(NULL, NULL, cl, "2024", ev, &o, NULL);
		_exit(4); /* not reached: killed on the way */
	}
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* the ledger still holds 2023 whole, and nothing of 2024 */
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PERIODS, NULL, &err), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 1);
	ck_assert_str_eq(wuhong_rows_cell(r, 0, 0), "2023");
	wuhong_rows_free(r);
	ck_assert_int_eq(total(l, NULL, T_TOTAL), before);
	/* and 2024 can be recorded now */
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024", ev, NULL, &err), 0);
	wuhong_ledger_free(l);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_not_a_ledger)
{
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE other (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	wuhong_ledger *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "not a wuhong ledger"));
	ck_assert_int_eq(wuhong_ledger_open(&l, "/nonexistent/dir/x.db", &err), WUHONG_EIO);
}
END_TEST

/* columns bound by code, without ids: evaluated fine, but a ledger needs ids */
/* The seal of a period as its format says, computed here the plain way:
 * "wuhong-seal-1\n" and its NUL, the previous digest, the period and its
 * NUL, the revision (8 bytes, big-endian); then each sealed table's name
 * (with its NUL; the applications table's only when it has rows) and its
 * rows ordered by every column, each row its column count then each value
 * (its SQLite type byte; an integer's or a real's 8 bytes; a text's length
 * and bytes). */
static void seal_by_format(sqlite3 *db, const char *period, sqlite3_int64 rev, const char *previous, char hex[65])
{
	static const char *const tables[][3] = { { "periods", "revision", "6" },     { "supersessions", "new_revision", "4" },
						 { "results", "revision", "10" },    { "boards", "revision", "6" },
						 { "decisions", "revision", "7" },   { "events", "revision", "8" },
						 { "payments", "revision", "8" },    { "standing", "revision", "10" },
						 { "applications", "revision", "10" } };
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, 15, (const uint8_t *)"wuhong-seal-1\n");
	sha256_update(&ctx, 64, (const uint8_t *)previous);
	sha256_update(&ctx, strlen(period) + 1, (const uint8_t *)period);
#define U64(v) \
	do { \
		uint8_t b_[8]; \
		for (int k_ = 0; k_ < 8; k_++) \
			b_[k_] = (uint8_t)((uint64_t)(v) >> (56 - 8 * k_)); \
		sha256_update(&ctx, 8, b_); \
	} while (0)
	U64(rev);
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
		char sql[256], order[64] = "";
		for (int c = 1; c <= atoi(tables[t][2]); c++)
			snprintf(order + strlen(order), sizeof order - strlen(order), "%s%d", c > 1 ? "," : "", c);
		snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE period = ?1 AND %s = ?2 ORDER BY %s", tables[t][0],
			 tables[t][1], order);
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rev);
		bool named = strcmp(tables[t][0], "applications") != 0;
		if (named)
			sha256_update(&ctx, strlen(tables[t][0]) + 1, (const uint8_t *)tables[t][0]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!named) {
				sha256_update(&ctx, strlen(tables[t][0]) + 1, (const uint8_t *)tables[t][0]);
				named = true;
			}
			int n = sqlite3_column_count(st);
			U64(n);
			for (int c = 0; c < n; c++) {
				uint8_t tag = (uint8_t)sqlite3_column_type(st, c);
				sha256_update(&ctx, 1, &tag);
				if (tag == SQLITE_INTEGER) {
					U64(sqlite3_column_int64(st, c));
				} else if (tag == SQLITE_FLOAT) {
					double d = sqlite3_column_double(st, c);
					uint64_t bits;
					memcpy(&bits, &d, sizeof bits);
					U64(bits);
				} else if (tag != SQLITE_NULL) {
					int len = sqlite3_column_bytes(st, c);
					const void *p = sqlite3_column_blob(st, c);
					U64(len);
					if (len > 0)
						sha256_update(&ctx, (size_t)len, p);
				}
			}
		}
		sqlite3_finalize(st);
	}
#undef U64
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Every seal the library writes is the one its format gives: the on-disk
 * seals of existing ledgers keep verifying whatever the code that makes
 * them becomes. */
START_TEST(test_seals_follow_their_format)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_ledger *l;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, NULL), 0);
	char ev[1024];
	record(l, "2023", year(p, 5, 4, 3, 2), NULL, ev, sizeof ev); /* record frees the evaluation */
	record(l, "2024", year(p, 2, 5, 4, -1), NULL, ev, sizeof ev);
	/* and a period of many units: more bytes than are gathered at once */
	enum { MANY = 400 };
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, MANY, NULL), 0);
	for (size_t i = 0; i < MANY; i++) {
		char id[16];
		snprintf(id, sizeof id, "U%03zu", i);
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, id, "一个很长的单位名称用来多写一些字节", "village", "t", NULL, NULL), 0);
		ck_assert_int_eq(wuhong_dataset_set_value(ds, i, "f", (double)(i % 6), NULL), 0);
	}
	wuhong_evaluation *many;
	ck_assert_int_eq(wuhong_evaluate(&many, p, ds, NULL, NULL), 0);
	wuhong_dataset_free(ds);
	char events[65536];
	record(l, "2025", many, NULL, events, sizeof events);
	wuhong_ledger_free(l);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(ledger_path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT period, revision, previous, digest FROM seals ORDER BY seq", -1,
					    &st, NULL),
			 SQLITE_OK);
	int seals = 0;
	char previous[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	while (sqlite3_step(st) == SQLITE_ROW) {
		char want[65];
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), previous);
		seal_by_format(db, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), previous, want);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 3), want);
		snprintf(previous, sizeof previous, "%s", want);
		seals++;
	}
	ck_assert_int_eq(seals, 3);
	sqlite3_finalize(st);
	sqlite3_close(db);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_units_without_ids)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_dataset *ds;
	wuhong_error err;
	static const uint16_t codes[] = { 0, 0 };
	static const char *const sectors[] = { "village" };
	static double f[] = { 5, 3 };
	ck_assert_int_eq(wuhong_dataset_new(&ds, 2, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_set_sector_codes(ds, codes, sectors, 1, &err), 0);
	ck_assert_int_eq(wuhong_dataset_bind_column(ds, "f", f, &err), 0);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	wuhong_ledger *l;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2023", ev, NULL, &err), WUHONG_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "unit 1 has no id"));
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_ledger_query(&r, l, WUHONG_LEDGER_PERIODS, NULL, &err), 0);
	ck_assert_uint_eq(wuhong_rows_count(r), 0); /* nothing recorded */
	wuhong_rows_free(r);
	wuhong_ledger_free(l);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST


/* one rule for penalties, in awards and reviews alike: override, bonuses,
 * then penalties, which take at most what the unit earns in the period */
START_TEST(test_one_rule_for_penalties)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_ledger *l;
	wuhong_error err;
	ck_assert_int_eq(wuhong_ledger_open(&l, ledger_path, &err), 0);
	/* B (4 flags) earns 300 yuan; the penalty of 400 comes before a bonus of 20 in the file */
	const char *csv = "unit,kind,amount,reason,reference\n"
			  "B,penalty,400,材料不实,\n"
			  "B,bonus,20,进步奖,\n"
			  "D,penalty,5,迟报,\n";
	wuhong_adjustments *adj;
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adj, csv, strlen(csv), "adj.csv", NULL, &err), 0);
	wuhong_evaluation *ev = year(p, 5, 4, 3, 2);
	wuhong_awards *aw;
	wuhong_award_options ao = WUHONG_AWARD_OPTIONS_INIT;
	ao.adjustments = adj;
	ck_assert_int_eq(wuhong_evaluation_awards(&aw, ev, &ao, &err), 0);
	ck_assert_int_eq(wuhong_awards_amounts(aw)[1], 0); /* 300 + 20 - min(400, 320) */
	ck_assert_int_eq(wuhong_awards_amounts(aw)[3], 0); /* D earns nothing: nothing to take */
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.adjustments = adj;
	wuhong_rows *r;
	ck_assert_int_eq(wuhong_review(&r, NULL, l, "2023", ev, &o, &err), 0);
	int64_t b = 0, d = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++) {
		if (strcmp(wuhong_rows_cell(r, k, 1), "B") == 0)
			b += wuhong_rows_int(r, k, 6);
		if (strcmp(wuhong_rows_cell(r, k, 1), "D") == 0)
			d += wuhong_rows_int(r, k, 6);
	}
	ck_assert_int_eq(b, wuhong_awards_amounts(aw)[1]); /* the review pays what the awards say */
	ck_assert_int_eq(d, 0);
	wuhong_rows_free(r);
	wuhong_awards_free(aw);
	wuhong_evaluation_free(ev);
	wuhong_adjustments_free(adj);
	wuhong_ledger_free(l);
	wuhong_policy_free(p);
}
END_TEST

static Suite *ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("ledger");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_four_years);
	tcase_add_test(tc, test_replay_and_supersede);
	tcase_add_test(tc, test_adjustments);
	tcase_add_test(tc, test_one_rule_for_penalties);
	tcase_add_test(tc, test_killed_mid_write);
	tcase_add_test(tc, test_not_a_ledger);
	tcase_add_test(tc, test_units_without_ids);
	tcase_add_test(tc, test_seals_follow_their_format);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(ledger_suite)
