/*
 * testutil.h — helpers shared by the Check suites.
 */
#ifndef WUHONG_TESTUTIL_H
#define WUHONG_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>

/* Load a policy from text, failing the test with the message if it fails. */
static inline wuhong_policy *policy_from(const char *text)
{
	wuhong_policy *p = NULL;
	wuhong_error err;
	int rc = wuhong_policy_load_string(&p, text, strlen(text), "test.yaml", &err);
	if (rc) {
		char msg[2048];
		wuhong_error_format(&err, msg, sizeof msg);
		ck_abort_msg("policy did not load: %s", msg);
	}
	return p;
}

static inline wuhong_dataset *data_from(const char *csv)
{
	wuhong_dataset *ds = NULL;
	wuhong_error err;
	int rc = wuhong_dataset_load_csv_string(&ds, csv, strlen(csv), "test.csv", NULL, &err);
	if (rc) {
		char msg[2048];
		wuhong_error_format(&err, msg, sizeof msg);
		ck_abort_msg("data did not load: %s", msg);
	}
	return ds;
}

/* The embedded default policy and the bundled data set. */
static inline void load_bundled(wuhong_policy **p, wuhong_dataset **ds)
{
	ck_assert_int_eq(wuhong_policy_default(p, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_load_csv(ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, NULL), 0);
}

/* A policy with one indicator set and one sector whose five criteria are given. */
static inline char *policy_text(const char *indicators, const char *c1, const char *c2, const char *c3,
				const char *c4, const char *c5)
{
	char *s = malloc(8192);
	snprintf(s, 8192,
		 "wuhong: 1\nindicators:\n%s\nsectors:\n  - key: village\n    criteria:\n"
		 "      - {key: c1, rule: \"%s\"}\n      - {key: c2, rule: \"%s\"}\n"
		 "      - {key: c3, rule: \"%s\"}\n      - {key: c4, rule: \"%s\"}\n"
		 "      - {key: c5, rule: \"%s\"}\n"
		 "tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\n"
		 "awards: {village: {5: 100, 3: 10}}\n",
		 indicators, c1, c2, c3, c4, c5);
	return s;
}

/* Policy text: one sector, village, whose criteria c1..c5 pass at f >= 1 ..
 * f >= 5 (a unit's flags are its f), and the tiers 5, 4 and 3 (five, four, three). */
#define FLAGS_ARE_F \
	"indicators: [{key: f, type: count}]\n" \
	"sectors:\n" \
	"  - key: village\n" \
	"    criteria:\n" \
	"      - {key: c1, rule: f >= 1}\n" \
	"      - {key: c2, rule: f >= 2}\n" \
	"      - {key: c3, rule: f >= 3}\n" \
	"      - {key: c4, rule: f >= 4}\n" \
	"      - {key: c5, rule: f >= 5}\n" \
	"tiers: [{flags: 5, name: five}, {flags: 4, name: four}, {flags: 3, name: three}]\n"

#define RUN_SUITE(make) \
	int main(void) \
	{ \
		SRunner *sr = srunner_create(make()); \
		srunner_run_all(sr, CK_NORMAL); \
		int failed = srunner_ntests_failed(sr); \
		srunner_free(sr); \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
	}

#endif
