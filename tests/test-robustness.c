/*
 * test-robustness.c — nothing crashes on any input: seeded random mutations
 * of the default policy and the bundled data (bytes replaced, spans cut or
 * repeated) go through loading, evaluation, explanations, lists and
 * awards. Each call must return 0 or an error with a message; under the
 * sanitizer build (.ci/run) any memory or undefined-behaviour error fails.
 */
#include "testutil.h"

static uint64_t state = 20231222;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* A mutated copy of src (caller frees); *len receives its length. */
static char *mutate(const char *src, size_t n, size_t *len)
{
	static const char alphabet[] = ",\"\n\r:{}[]-#&|=<>!?()0123456789.e abcxyz\xe4\xb8\xad\xff\x00";
	char *s = malloc(n * 2 + 64);
	memcpy(s, src, n);
	size_t m = n;
	int edits = 1 + (int)(next() % 4);
	for (int e = 0; e < edits && m > 0; e++) {
		size_t at = next() % m;
		switch (next() % 3) {
		case 0: /* replace a byte */
			s[at] = alphabet[next() % (sizeof alphabet - 1)];
			break;
		case 1: { /* cut a span */
			size_t span = 1 + next() % 40;
			if (at + span > m)
				span = m - at;
			memmove(s + at, s + at + span, m - at - span);
			m -= span;
			break;
		}
		default: { /* repeat a span */
			size_t span = 1 + next() % 40;
			if (at + span > m)
				span = m - at;
			if (m + span > n * 2 + 60)
				break;
			memmove(s + at + span, s + at, m - at);
			m += span;
			break;
		}
		}
	}
	*len = m;
	return s;
}

static void exercise(const wuhong_policy *p, const wuhong_dataset *ds)
{
	wuhong_evaluation *ev = NULL;
	wuhong_error err;
	int rc = wuhong_evaluate(&ev, p, ds, NULL, &err);
	if (rc) {
		ck_assert_ptr_null(ev);
		ck_assert(err.message[0] != '\0');
		return;
	}
	if (wuhong_evaluation_count(ev) > 0) {
		wuhong_explanation *x;
		if (wuhong_evaluation_explain(&x, ev, wuhong_evaluation_count(ev) - 1, &err) == 0)
			wuhong_explanation_free(x);
	}
	wuhong_lists *l;
	if (wuhong_evaluation_lists(&l, ev, &err) == 0)
		wuhong_lists_free(l);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.budget = 1000000;
	wuhong_awards *a;
	if (wuhong_evaluation_awards(&a, ev, &o, &err) == 0)
		wuhong_awards_free(a);
	for (int by = 0; by < 4; by++) {
		wuhong_tally *t;
		if (wuhong_evaluation_tally(&t, ev, (wuhong_grouping)by, &err) == 0)
			wuhong_tally_free(t);
	}
	wuhong_evaluation_free(ev);
}

START_TEST(test_mutated_policies)
{
	const char *src = wuhong_policy_default_source();
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_load_csv(&ds, WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", NULL, NULL), 0);
	int loaded = 0;
	for (int round = 0; round < 400; round++) {
		size_t len;
		char *text = mutate(src, strlen(src), &len);
		wuhong_policy *p = NULL;
		wuhong_error err;
		int rc = wuhong_policy_load_string(&p, text, len, "m.yaml", &err);
		if (rc == 0) {
			loaded++;
			exercise(p, ds);
			wuhong_policy_free(p);
		} else {
			ck_assert_ptr_null(p);
			ck_assert_msg(err.message[0] != '\0', "round %d: an error without a message", round);
		}
		free(text);
	}
	ck_assert_int_gt(loaded, 0); /* some mutations are harmless: the path after loading ran */
	wuhong_dataset_free(ds);
}
END_TEST

START_TEST(test_mutated_data)
{
	FILE *f = fopen(WUHONG_SOURCE_DIR "/examples/data/jiangxian.csv", "rb");
	ck_assert_ptr_nonnull(f);
	static char src[1 << 17];
	size_t n = fread(src, 1, sizeof src, f);
	fclose(f);
	wuhong_policy *p;
	ck_assert_int_eq(wuhong_policy_default(&p, NULL), 0);
	int loaded = 0;
	for (int round = 0; round < 300; round++) {
		size_t len;
		char *text = mutate(src, n, &len);
		wuhong_dataset *ds = NULL;
		wuhong_error err;
		int rc = wuhong_dataset_load_csv_string(&ds, text, len, "m.csv", NULL, &err);
		if (rc == 0) {
			loaded++;
			const char *panel = "unit,indicator,judge,value\nVL001,panel_party,j1,80\n";
			wuhong_dataset_load_panel_string(ds, panel, strlen(panel), "p.csv", NULL, &err);
			exercise(p, ds);
			wuhong_dataset_free(ds);
		} else {
			ck_assert_ptr_null(ds);
			ck_assert_msg(err.message[0] != '\0', "round %d: an error without a message", round);
		}
		free(text);
	}
	ck_assert_int_gt(loaded, 0);
	wuhong_policy_free(p);
}
END_TEST

static Suite *robustness_suite(void)
{
	Suite *s = suite_create("robustness");
	TCase *tc = tcase_create("mutations");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_mutated_policies);
	tcase_add_test(tc, test_mutated_data);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(robustness_suite)
