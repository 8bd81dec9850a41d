/*
 * test-differential.c — one semantics, checked three ways. Random rules
 * over random data (missing values included) are evaluated by
 *   1. the block VM (wuhong_rule_eval; the AVX2 clones on a machine that
 *      has AVX2, the baseline loops in a build with -DWUHONG_NO_MULTIVERSION),
 *   2. the constant folder: the same rule with one unit's values written
 *      in as constants, which the compiler folds to a single verdict,
 *   3. the explainer: the rule as a criterion, explained unit by unit,
 * and every unit's verdict must be the same in all three.
 */
#include <math.h>

#include "testutil.h"

#define WH_N(a) (sizeof(a) / sizeof((a)[0]))

#define UNITS 48
#define RULES 400

/* a small deterministic generator (the test must fail the same way twice) */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

enum { N_NUM = 4, N_BOOL = 2 };
static const char *const num_names[N_NUM] = { "x0", "x1", "x2", "x3" };
static const char *const bool_names[N_BOOL] = { "b0", "b1" };
static const double num_values[] = { 0, 1, 2.5, -3, 10, 0.001, 1e300, NAN };
static const double bool_values[] = { 0, 1, NAN };

static double values[UNITS][N_NUM + N_BOOL];

typedef struct text {
	char s[4096];
	size_t n;
} text;

static void put(text *t, const char *s)
{
	size_t k = strlen(s);
	ck_assert_uint_lt(t->n + k, sizeof t->s);
	memcpy(t->s + t->n, s, k + 1);
	t->n += k;
}

/* A number or truth value as a constant the compiler folds: NaN (missing)
 * as 1/0, unknown as a comparison with it. */
static void constant(text *t, double v, bool is_bool)
{
	char buf[64];
	if (isnan(v))
		put(t, is_bool ? "(1/0 > 0)" : "(1/0)");
	else if (is_bool)
		put(t, v != 0 ? "true" : "false");
	else {
		snprintf(buf, sizeof buf, "(%.17g)", v);
		put(t, buf);
	}
}

/* unit < 0: indicator names; else that unit's values as constants */
static void gen_num(text *t, int depth, int unit, unsigned long long seed);
static void gen_bool(text *t, int depth, int unit, unsigned long long seed);

/* Both renderings of one random rule come from the same seed. */
static void gen_num(text *t, int depth, int unit, unsigned long long seed)
{
	unsigned long long saved = rng_state;
	rng_state = seed;
	unsigned pick = depth <= 0 ? rnd(2) : rnd(9);
	unsigned long long a = rng_state ^ 0x9E3779B97F4A7C15ULL, b = rng_state * 31 + 7;
	unsigned which = rnd(N_NUM), k = rnd(WH_N(num_values) - 1), use_min = rnd(2);
	rng_state = saved;
	static const char *const ops[] = { " + ", " - ", " * ", " / ", " ?? " };
	switch (pick) {
	case 0:
		if (unit < 0)
			put(t, num_names[which]);
		else
			constant(t, values[unit][which], false);
		break;
	case 1:
		constant(t, num_values[k], false); /* a literal (never missing) */
		break;
	case 2: case 3: case 4: case 5: case 6:
		put(t, "(");
		gen_num(t, depth - 1, unit, a);
		put(t, ops[pick - 2]);
		gen_num(t, depth - 1, unit, b);
		put(t, ")");
		break;
	case 7:
		put(t, use_min ? "min(" : "max(");
		gen_num(t, depth - 1, unit, a);
		put(t, ", ");
		gen_num(t, depth - 1, unit, b);
		put(t, ")");
		break;
	default:
		put(t, "abs(-");
		gen_num(t, depth - 1, unit, a);
		put(t, ")");
		break;
	}
}

static void gen_bool(text *t, int depth, int unit, unsigned long long seed)
{
	unsigned long long saved = rng_state;
	rng_state = seed;
	unsigned pick = depth <= 0 ? rnd(2) : rnd(9);
	unsigned long long a = rng_state ^ 0x9E3779B97F4A7C15ULL, b = rng_state * 31 + 7;
	unsigned which = rnd(N_BOOL), cmp = rnd(6);
	rng_state = saved;
	static const char *const cmps[] = { " < ", " <= ", " > ", " >= ", " == ", " != " };
	switch (pick) {
	case 0:
		if (unit < 0)
			put(t, bool_names[which]);
		else
			constant(t, values[unit][N_NUM + which], true);
		break;
	case 1: case 2: case 3:
		put(t, "(");
		gen_num(t, depth - 1, unit, a);
		put(t, cmps[cmp]);
		gen_num(t, depth - 1, unit, b);
		put(t, ")");
		break;
	case 4: case 5:
		put(t, "(");
		gen_bool(t, depth - 1, unit, a);
		put(t, pick == 4 ? " and " : " or ");
		gen_bool(t, depth - 1, unit, b);
		put(t, ")");
		break;
	case 6:
		put(t, "(not ");
		gen_bool(t, depth - 1, unit, a);
		put(t, ")");
		break;
	case 7:
		put(t, "missing(");
		gen_num(t, depth - 1, unit, a);
		put(t, ")");
		break;
	default:
		put(t, "(");
		gen_bool(t, depth - 1, unit, a);
		put(t, " ?? ");
		gen_bool(t, depth - 1, unit, b);
		put(t, ")");
		break;
	}
}

static const char *const POLICY_HEAD =
	"wuhong: 1\n"
	"indicators:\n"
	"  - {key: x0}\n  - {key: x1}\n  - {key: x2}\n  - {key: x3}\n"
	"  - {key: b0, type: bool}\n  - {key: b1, type: bool}\n"
	"sectors:\n"
	"  - key: village\n"
	"    criteria:\n";

static wuhong_policy *policy_with(const char *rule)
{
	char yaml[8192];
	snprintf(yaml, sizeof yaml,
		 "%s      - {key: c1, rule: \"%s\"}\n      - {key: c2, rule: \"true\"}\n"
		 "      - {key: c3, rule: \"true\"}\n      - {key: c4, rule: \"true\"}\n"
		 "      - {key: c5, rule: \"true\"}\n"
		 "tiers: [{flags: 5, name: five}]\nawards: {village: {5: 1}}\n",
		 POLICY_HEAD, rule);
	return policy_from(yaml);
}

static wuhong_dataset *random_data(void)
{
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, UNITS, NULL), 0);
	for (size_t i = 0; i < UNITS; i++) {
		char id[16];
		snprintf(id, sizeof id, "U%zu", i);
		ck_assert_int_eq(wuhong_dataset_set_unit(ds, i, id, id, "village", "t", NULL, NULL), 0);
		for (int k = 0; k < N_NUM; k++) {
			values[i][k] = num_values[rnd(WH_N(num_values))];
			ck_assert_int_eq(wuhong_dataset_set_value(ds, i, num_names[k], values[i][k], NULL), 0);
		}
		for (int k = 0; k < N_BOOL; k++) {
			values[i][N_NUM + k] = bool_values[rnd(WH_N(bool_values))];
			ck_assert_int_eq(wuhong_dataset_set_value(ds, i, bool_names[k], values[i][N_NUM + k], NULL), 0);
		}
	}
	return ds;
}

START_TEST(test_vm_folder_and_explainer_agree)
{
	rng_state = 20231201;
	wuhong_dataset *ds = random_data();
	size_t checked = 0;
	for (int r = 0; r < RULES; r++) {
		unsigned long long seed = rng_state * 2862933555777941757ULL + (unsigned long long)r;
		text rule = { .n = 0 };
		rule.s[0] = '\0';
		gen_bool(&rule, 1 + r % 4, -1, seed);
		wuhong_policy *p = policy_with(rule.s);

		/* 1. the block VM */
		wuhong_rule *compiled;
		wuhong_error err;
		ck_assert_msg(wuhong_rule_compile(&compiled, p, rule.s, &err) == 0, "%s: %s", rule.s, err.message);
		uint8_t vm[UNITS];
		ck_assert_int_eq(wuhong_rule_eval(vm, compiled, ds, &err), 0);
		wuhong_rule_free(compiled);

		/* 3. the explainer (and the evaluation's own verdicts) */
		wuhong_evaluation *ev;
		ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, &err), 0);
		for (size_t i = 0; i < UNITS; i++) {
			ck_assert_msg(wuhong_evaluation_verdict(ev, i, 0) == vm[i], "rule %s, unit %zu: evaluation %d, VM %d",
				      rule.s, i, wuhong_evaluation_verdict(ev, i, 0), vm[i]);
			wuhong_explanation *x;
			ck_assert_int_eq(wuhong_evaluation_explain(&x, ev, i, &err), 0);
			const wuhong_reason *why = wuhong_explanation_at(x, 0);
			ck_assert_msg((int)why->verdict == vm[i], "rule %s, unit %zu: explainer %d, VM %d", rule.s, i,
				      (int)why->verdict, vm[i]);
			wuhong_explanation_free(x);

			/* 2. the constant folder, on the unit's values written in */
			text folded = { .n = 0 };
			folded.s[0] = '\0';
			gen_bool(&folded, 1 + r % 4, (int)i, seed);
			ck_assert_msg(wuhong_rule_compile(&compiled, p, folded.s, &err) == 0, "%s: %s", folded.s, err.message);
			uint8_t k[UNITS];
			ck_assert_int_eq(wuhong_rule_eval(k, compiled, ds, &err), 0);
			wuhong_rule_free(compiled);
			ck_assert_msg(k[i] == vm[i], "rule %s, unit %zu: folded %s gives %d, VM %d", rule.s, i, folded.s, k[i],
				      vm[i]);
			checked++;
		}
		wuhong_evaluation_free(ev);
		wuhong_policy_free(p);
	}
	ck_assert_uint_eq(checked, (size_t)RULES * UNITS);
	printf("differential: %zu verdicts of %d random rules agree in the VM, the folder and the explainer\n", checked,
	       RULES);
	wuhong_dataset_free(ds);
}
END_TEST

static Suite *make(void)
{
	Suite *s = suite_create("differential");
	TCase *tc = tcase_create("one semantics");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_vm_folder_and_explainer_agree);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(make)
