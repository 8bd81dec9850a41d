/*
 * test-evaluation.c — evaluation end to end: tiers, prerequisite, vetoes,
 * explanations, tallies, data errors found at evaluation, results that
 * outlive their inputs, and one policy shared by four threads.
 */
#include <math.h>
#include <pthread.h>

#include "testutil.h"

/* a tally read after its evaluation, policy and data are freed showed freed memory */
START_TEST(test_tally_outlives_its_inputs)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	load_bundled(&p, &ds);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	wuhong_tally *by_sector, *by_committee;
	ck_assert_int_eq(wuhong_evaluation_tally(&by_sector, ev, WUHONG_BY_SECTOR, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_tally(&by_committee, ev, WUHONG_BY_COMMITTEE, NULL), 0);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	ck_assert_str_eq(wuhong_tally_at(by_sector, 0)->group, "village");
	ck_assert_str_eq(wuhong_tally_at(by_sector, 0)->label, "行政村");
	ck_assert_uint_gt(strlen(wuhong_tally_at(by_committee, 0)->group), 0);
	wuhong_tally_free(by_sector);
	wuhong_tally_free(by_committee);
}
END_TEST

START_TEST(test_demo_figures)
{
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	wuhong_error err;
	ck_assert_int_eq(wuhong_policy_default(&p, &err), 0);
	ck_assert_int_eq(wuhong_dataset_load_csv(&ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, &err), 0);
	ck_assert_uint_eq(wuhong_dataset_count(ds), 346);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	wuhong_tally *t;
	ck_assert_int_eq(wuhong_evaluation_tally(&t, ev, WUHONG_BY_SECTOR, &err), 0);
	/* the source: 21 demonstration units = 12 villages + 2 communities + 3 organs + 4 others */
	ck_assert_uint_eq(wuhong_tally_total(t)->by_tier[5], 21);
	ck_assert_uint_eq(wuhong_tally_at(t, 0)->by_tier[5], 12);
	ck_assert_uint_eq(wuhong_tally_at(t, 1)->by_tier[5], 2);
	ck_assert_uint_eq(wuhong_tally_at(t, 2)->by_tier[5], 3);
	static const size_t units[] = { 132, 13, 67, 2, 66, 35, 3, 28 };
	for (size_t k = 0; k < 8; k++)
		ck_assert_uint_eq(wuhong_tally_at(t, k)->units, units[k]);
	wuhong_tally_free(t);
	ck_assert_int_eq(wuhong_evaluation_tally(&t, ev, WUHONG_BY_TOWN, &err), 0);
	ck_assert_uint_eq(wuhong_tally_count(t), 10);
	ck_assert_str_eq(wuhong_tally_at(t, 0)->group, "古绛镇");
	wuhong_tally_free(t);
	size_t i;
	ck_assert_int_eq(wuhong_dataset_find(&i, ds, "VL001", NULL), 0);
	ck_assert_str_eq(wuhong_dataset_unit_name(ds, i), "郝家窑村");
	ck_assert_int_eq(wuhong_evaluation_tiers(ev)[i], 5);
	ck_assert_int_eq(wuhong_evaluation_amounts(ev)[i], 6000000);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static const char *POLICY =
	"wuhong: 1\n"
	"townships: [东镇]\n"
	"indicators:\n"
	"  - {key: a, label: 甲指标, unit: 次, type: count}\n"
	"  - {key: r, type: percent}\n"
	"  - {key: bad, type: bool}\n"
	"sectors:\n"
	"  - key: village\n"
	"    label: 行政村\n"
	"    criteria:\n"
	"      - {key: party, label: 党建, rule: a >= 12 and r >= 90}\n"
	"      - {key: c2, rule: r >= 50}\n"
	"      - {key: c3, rule: r >= 60}\n"
	"      - {key: c4, rule: r >= 70}\n"
	"      - {key: c5, rule: a >= 1 or r >= 99}\n"
	"prerequisite: party\n"
	"vetoes: [{key: bad, label: 否决, rule: bad}]\n"
	"tiers: [{flags: 5, name: five}, {flags: 4, name: four}, {flags: 3, name: three}]\n"
	"awards: {village: {5: 3, 4: 2, 3: 1}}\n";

/* A clause whose left side is in parentheses keeps them: "(a ?? 0) >= 12"
 * was explained as "a ?? 0) >= 12". */
START_TEST(test_clause_text_keeps_parentheses)
{
	char text[2048];
	snprintf(text, sizeof text, "%s", POLICY);
	char *at = strstr(text, "rule: a >= 12 and r >= 90");
	ck_assert_ptr_nonnull(at);
	const char *with = "rule: \"(a ?? 0) >= 12 and (r) >= 90\"";
	memmove(at + strlen(with), at + strlen("rule: a >= 12 and r >= 90"), strlen(at + strlen("rule: a >= 12 and r >= 90")) + 1);
	memcpy(at, with, strlen(with));
	wuhong_policy *p = policy_from(text);
	wuhong_dataset *ds = data_from("id,name,sector,town,a,r,bad\nA,甲,village,东镇,10,80,0\nB,乙,village,东镇,12,80,0\n");
	wuhong_evaluation *ev;
	wuhong_explanation *x;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 0, NULL), 0);
	const wuhong_reason *r = wuhong_explanation_at(x, 0);
	ck_assert_uint_eq(r->n_clauses, 1);
	ck_assert_str_eq(r->clauses[0].text, "(a ?? 0) >= 12");
	ck_assert_ptr_nonnull(strstr(wuhong_explanation_text(x), "- (a ?? 0) >= 12"));
	wuhong_explanation_free(x);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 1, NULL), 0);
	r = wuhong_explanation_at(x, 0);
	ck_assert_str_eq(r->clauses[r->n_clauses - 1].text, "(r) >= 90");
	wuhong_explanation_free(x);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

START_TEST(test_explain)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_dataset *ds = data_from("id,name,sector,town,a,r,bad\n"
				       "A,甲,village,东镇,10,95,0\n"
				       "B,乙,village,东镇,,95,\n");
	wuhong_evaluation *ev;
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
	ck_assert_int_eq(wuhong_evaluation_verdict(ev, 0, 0), WUHONG_FAIL);
	ck_assert_int_eq(wuhong_evaluation_verdict(ev, 1, 0), WUHONG_MISSING);
	ck_assert_int_eq(wuhong_evaluation_tiers(ev)[0], 0); /* 4 flags, no party building: no tier */
	ck_assert_int_eq(wuhong_evaluation_flags(ev)[0], 4);
	ck_assert_uint_eq(wuhong_evaluation_veto_unknown_masks(ev)[1], 1);
	wuhong_explanation *x;
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 0, &err), 0);
	ck_assert_uint_eq(wuhong_explanation_count(x), 6); /* five criteria and one veto */
	const wuhong_reason *r = wuhong_explanation_at(x, 0);
	ck_assert_str_eq(r->key, "party");
	ck_assert_int_eq(r->verdict, WUHONG_FAIL);
	ck_assert_uint_eq(r->n_clauses, 1); /* only the clause that decided it */
	ck_assert_str_eq(r->clauses[0].text, "a >= 12");
	ck_assert_str_eq(r->clauses[0].indicator, "a");
	ck_assert_str_eq(r->clauses[0].label, "甲指标");
	ck_assert(r->clauses[0].actual == 10 && r->clauses[0].threshold == 12);
	ck_assert_str_eq(r->clauses[0].op, ">=");
	r = wuhong_explanation_at(x, 4); /* a >= 1 or r >= 99: the first true side decides */
	ck_assert_int_eq(r->verdict, WUHONG_PASS);
	ck_assert_uint_eq(r->n_clauses, 1);
	ck_assert_str_eq(r->clauses[0].text, "a >= 1");
	const char *text = wuhong_explanation_text(x);
	ck_assert_ptr_nonnull(strstr(text, "a >= 12"));
	ck_assert_ptr_nonnull(strstr(text, "= 10 次"));
	ck_assert_ptr_nonnull(strstr(text, "needs >= 12"));
	ck_assert_ptr_nonnull(strstr(text, "prerequisite"));
	wuhong_explanation_free(x);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 1, &err), 0);
	r = wuhong_explanation_at(x, 0);
	ck_assert_int_eq(r->verdict, WUHONG_MISSING);
	ck_assert(isnan(r->clauses[0].actual));
	ck_assert_ptr_nonnull(strstr(wuhong_explanation_text(x), "unknown"));
	wuhong_explanation_free(x);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 2, &err), WUHONG_EINVAL);
	/* results outlive the policy and the dataset */
	wuhong_policy_free(p);
	wuhong_dataset_free(ds);
	ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, 0, &err), 0);
	wuhong_explanation_free(x);
	wuhong_evaluation_free(ev);
}
END_TEST

static void expect_eval_error(const char *csv, const char *phrase, long row, const char *field)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_dataset *ds = data_from(csv);
	wuhong_evaluation *ev = NULL;
	wuhong_error err;
	int rc = wuhong_evaluate(&ev, p, ds, NULL, &err);
	ck_assert_msg(rc == WUHONG_EDATA, "rc %d (%s)", rc, err.message);
	ck_assert_ptr_null(ev);
	ck_assert_msg(strstr(err.message, phrase), "'%s' lacks '%s'", err.message, phrase);
	ck_assert_int_eq(err.row, row);
	ck_assert_str_eq(err.field, field);
	ck_assert_str_eq(err.file, "test.csv");
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}

START_TEST(test_data_errors)
{
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,10,95,0\nB,乙,town,东镇,1,1,0\n",
			  "unknown sector 'town'", 3, "sector");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,西镇,10,95,0\n", "unknown township", 2, "town");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,10,101,0\n", "out of range", 2, "r");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,1.5,1,0\n", "whole number", 2, "a");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,-1,1,0\n", "out of range", 2, "a");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,1,1,2\n", "true/false", 2, "bad");
	expect_eval_error("id,name,sector,town,a,r,bad\nA,甲,village,东镇,1,1,0\nB,乙,village,东镇,x1,1,0\n",
			  "'x1' is not a number", 3, "a");
	expect_eval_error("id,name,sector,town,r,bad\nA,甲,village,东镇,1,0\n", "no column 'a'", 0, "a");
}
END_TEST

START_TEST(test_labels_as_columns)
{
	wuhong_policy *p = policy_from(POLICY);
	wuhong_dataset *ds = data_from("id,name,sector,town,甲指标,r,bad\nA,甲,行政村,东镇,12,99,否\n");
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_int_eq(wuhong_evaluation_tiers(ev)[0], 5);
	ck_assert_int_eq(wuhong_evaluation_amounts(ev)[0], 300);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

/* Sectors whose criteria differ only in thresholds share one merged
 * program; interleaved, a block mixes them. Every unit below has x = 50:
 * sector a needs 40 (pass), b needs 50 (pass), c needs 60 (fail). */
START_TEST(test_merged_sectors)
{
	char text[4096];
	int len = snprintf(text, sizeof text, "wuhong: 1\nindicators: [{key: x, type: number}]\nsectors:\n");
	const char *keys[] = { "a", "b", "c" };
	const int need[] = { 40, 50, 60 };
	for (int s = 0; s < 3; s++) {
		len += snprintf(text + len, sizeof text - (size_t)len, "  - key: %s\n    criteria:\n", keys[s]);
		for (int c = 0; c < 5; c++)
			len += snprintf(text + len, sizeof text - (size_t)len,
					"      - {key: c%d, rule: \"x >= %d\"}\n", c, need[s] - 2 + c);
	}
	snprintf(text + len, sizeof text - (size_t)len,
		 "tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\n"
		 "awards: {a: {5: 1, 3: 0.5}, b: {5: 2, 3: 1}, c: {5: 3, 3: 1.5}}\n");
	wuhong_policy *p = policy_from(text);
	size_t n = 3000;
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, n, NULL), 0);
	uint16_t *codes = malloc(n * sizeof *codes);
	double *x = malloc(n * sizeof *x);
	for (size_t i = 0; i < n; i++)
		codes[i] = (uint16_t)(i % 3), x[i] = 50;
	x[7] = NAN; /* a missing value inside a mixed block */
	ck_assert_int_eq(wuhong_dataset_set_sector_codes(ds, codes, keys, 3, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_bind_column(ds, "x", x, NULL), 0);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	/* a: thresholds 38..42 -> 5 flags; b: 48..52 -> 3 flags (48, 49, 50); c: 58..62 -> 0 */
	static const uint8_t want_flags[] = { 5, 3, 0 }, want_tier[] = { 5, 3, 0 };
	static const int64_t want_amount[] = { 100, 100, 0 };
	for (size_t i = 0; i < n; i++) {
		if (i == 7) {
			ck_assert_int_eq(wuhong_evaluation_missing_masks(ev)[i], 0x1f);
			continue;
		}
		ck_assert_int_eq(wuhong_evaluation_flags(ev)[i], want_flags[i % 3]);
		ck_assert_int_eq(wuhong_evaluation_tiers(ev)[i], want_tier[i % 3]);
		ck_assert_int_eq(wuhong_evaluation_amounts(ev)[i], want_amount[i % 3]);
		ck_assert_int_eq(wuhong_evaluation_sectors(ev)[i], i % 3);
	}
	ck_assert_int_eq(wuhong_evaluation_flag_masks(ev)[1], 0x07);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	free(codes);
	free(x);
}
END_TEST

/* ---- threads: one policy, one dataset, four evaluations at once ---------- */

typedef struct job {
	const wuhong_policy *p;
	const wuhong_dataset *ds;
	wuhong_evaluation *ev;
	int rc;
} job;

static void *run(void *arg)
{
	job *j = arg;
	wuhong_evaluate_options o = WUHONG_EVALUATE_OPTIONS_INIT;
	o.threads = 1;
	j->rc = wuhong_evaluate(&j->ev, j->p, j->ds, &o, NULL);
	return NULL;
}

START_TEST(test_threads)
{
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	/* a large mixed dataset: the bundled units repeated, so blocks mix sectors */
	wuhong_dataset *base;
	ck_assert_int_eq(wuhong_dataset_load_csv(&base, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, NULL), 0);
	size_t n = 40000, m = wuhong_dataset_count(base);
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, n, NULL), 0);
	size_t n_ind = wuhong_policy_indicator_count(p);
	double *cols = malloc(n * n_ind * sizeof *cols);
	for (size_t i = 0; i < n; i++) {
		char id[32];
		size_t s = (i * 7919) % m; /* shuffle the order of sectors */
		snprintf(id, sizeof id, "u%zu", i);
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, id, "", wuhong_dataset_unit_sector(base, s),
							 wuhong_dataset_unit_town(base, s), NULL, NULL), 0);
		for (size_t k = 0; k < n_ind; k++)
			cols[k * n + i] = wuhong_dataset_value(base, s, wuhong_policy_indicator_key(p, k));
	}
	for (size_t k = 0; k < n_ind; k++)
		wuhong_dataset_bind_column(ds, wuhong_policy_indicator_key(p, k), cols + k * n, NULL);
	job jobs[4];
	pthread_t t[4];
	for (int k = 0; k < 4; k++) {
		jobs[k] = (job){ p, ds, NULL, -1 };
		ck_assert_int_eq(pthread_create(&t[k], NULL, run, &jobs[k]), 0);
	}
	for (int k = 0; k < 4; k++)
		pthread_join(t[k], NULL);
	/* and once more with the evaluation itself split over threads */
	wuhong_evaluation *split;
	wuhong_evaluate_options o = WUHONG_EVALUATE_OPTIONS_INIT;
	o.threads = 3;
	ck_assert_int_eq(wuhong_evaluate(&split, p, ds, &o, NULL), 0);
	for (int k = 0; k < 4; k++) {
		ck_assert_int_eq(jobs[k].rc, 0);
		ck_assert(memcmp(wuhong_evaluation_tiers(jobs[k].ev), wuhong_evaluation_tiers(split), n) == 0);
		ck_assert(memcmp(wuhong_evaluation_flag_masks(jobs[k].ev), wuhong_evaluation_flag_masks(split), n) == 0);
		ck_assert(memcmp(wuhong_evaluation_amounts(jobs[k].ev), wuhong_evaluation_amounts(split),
				 n * sizeof(int64_t)) == 0);
		wuhong_evaluation_free(jobs[k].ev);
	}
	/* each unit agrees with the bundled unit it copies */
	wuhong_evaluation *ref;
	ck_assert_int_eq(wuhong_evaluate(&ref, p, base, NULL, NULL), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(wuhong_evaluation_tiers(split)[i], wuhong_evaluation_tiers(ref)[(i * 7919) % m]);
	wuhong_evaluation_free(ref);
	wuhong_evaluation_free(split);
	wuhong_dataset_free(ds);
	wuhong_dataset_free(base);
	wuhong_policy_free(p);
	free(cols);
}
END_TEST

/* A problems list: every bad row (loading) and cell (evaluation), in the order of the file. */
START_TEST(test_every_problem_at_once)
{
	wuhong_policy *p = policy_from("wuhong: 1\ntownships: [t]\nindicators: [{key: x, type: percent}, {key: n, type: count}]\n"
				       "sectors:\n  - key: village\n    criteria:\n"
				       "      - {key: c1, rule: x > 1}\n      - {key: c2, rule: n > 2}\n"
				       "      - {key: c3, rule: x > 3}\n      - {key: c4, rule: x > 4}\n      - {key: c5, rule: x > 5}\n"
				       "tiers: [{flags: 5, name: five}]\nawards: {village: {5: 1}}\n");
	const char *csv = "id,name,sector,town,x,n\n"
			  "A,a,village,t,abc,1\n"    /* line 2: not a number */
			  "B,b,village,t,120,1\n"    /* 3: out of range */
			  "A,c,village,t,1,1\n"      /* 4: id twice (the row is left out) */
			  "D,d,town,t,1,2.5\n"       /* 5: unknown sector; not a whole number */
			  "E,e,village,u,5%,1\n"     /* 6: unknown township */
			  "F,f,village\n";           /* 7: short */
	wuhong_problems *pr;
	ck_assert_int_eq(wuhong_problems_new(&pr, 0, NULL), 0);
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.problems = pr;
	wuhong_dataset *ds;
	wuhong_error err;
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, csv, strlen(csv), "p.csv", &o, &err), 0);
	ck_assert_uint_eq(wuhong_dataset_count(ds), 4); /* two rows left out */
	ck_assert_uint_eq(wuhong_problems_count(pr), 2);
	wuhong_evaluate_options eo = WUHONG_EVALUATE_OPTIONS_INIT;
	eo.problems = pr;
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &eo, &err), WUHONG_EDATA);
	ck_assert_ptr_null(ev);
	static const struct {
		long line, column, row;
		const char *says;
	} want[] = {
		{ 2, 5, 2, "'abc' is not a number" },           { 3, 5, 3, "120 is out of range for a percent" },
		{ 4, 0, 4, "unit id 'A' is used twice" },       { 5, 3, 5, "unknown sector 'town'" },
		{ 5, 6, 5, "2.5 is out of range for a count" }, { 6, 4, 6, "unknown township 'u'" },
		{ 7, 0, 7, "expected 6 fields" },
	};
	ck_assert_uint_eq(wuhong_problems_count(pr), 7);
	ck_assert_uint_eq(wuhong_problems_found(pr), 7);
	for (size_t k = 0; k < 7; k++) {
		const wuhong_error *e = wuhong_problems_at(pr, k);
		ck_assert_msg(e->line == want[k].line && e->column == want[k].column && e->row == want[k].row &&
				      strstr(e->message, want[k].says),
			      "problem %zu: %ld:%ld row %ld %s", k, e->line, e->column, e->row, e->message);
		ck_assert_str_eq(e->file, "p.csv");
	}
	ck_assert_ptr_null(wuhong_problems_at(pr, 7));
	ck_assert_int_eq(err.line, 2); /* the error returned is the first in the file */
	wuhong_dataset_free(ds);
	wuhong_problems_free(pr);
	/* a list of two shows the first two in the file, and counts the others */
	ck_assert_int_eq(wuhong_problems_new(&pr, 2, NULL), 0);
	o.problems = eo.problems = pr;
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, csv, strlen(csv), "p.csv", &o, &err), 0);
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &eo, &err), WUHONG_EDATA);
	ck_assert_uint_eq(wuhong_problems_count(pr), 2);
	ck_assert_uint_eq(wuhong_problems_found(pr), 7);
	ck_assert_int_eq(wuhong_problems_at(pr, 1)->line, 3);
	wuhong_dataset_free(ds);
	wuhong_problems_free(pr);
	/* without a list: the first only, nothing left out */
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&ds, csv, strlen(csv), "p.csv", NULL, &err), WUHONG_EDATA);
	ck_assert_int_eq(err.line, 4);
	ck_assert_int_eq(wuhong_problems_new(NULL, 0, &err), WUHONG_EINVAL);
	wuhong_problems_free(NULL);
	wuhong_policy_free(p);
}
END_TEST

static Suite *evaluation_suite(void)
{
	Suite *s = suite_create("evaluation");
	TCase *tc = tcase_create("evaluation");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_demo_figures);
	tcase_add_test(tc, test_tally_outlives_its_inputs);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_clause_text_keeps_parentheses);
	tcase_add_test(tc, test_data_errors);
	tcase_add_test(tc, test_labels_as_columns);
	tcase_add_test(tc, test_merged_sectors);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_every_problem_at_once);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(evaluation_suite)
