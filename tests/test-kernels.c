/*
 * test-kernels.c — the fused kernels (libwuhong/rule/mask.c) judge as the
 * block VM does. Policies whose rules use every construct the kernels
 * express (comparisons with constants, per-sector thresholds, two columns
 * compared, boolean columns, missing(), ??, not, and, or, == and != of
 * truth values, a veto) are evaluated over data with missing values, in
 * unit counts that end inside a group of 64 and inside a vector of 8,
 * with sectors interleaved (one merged program, per-unit thresholds: a
 * permute for up to 8 sectors, a gather past that) and sorted (one
 * sector's program). Every verdict is compared with the same rule,
 * with that sector's constants, run by wuhong_rule_eval (the block VM).
 *
 * meson runs this suite three times: with the best instruction set the
 * machine has, and with $WUHONG_SIMD=avx2 and =baseline; each run checks
 * the evaluation says it used the kernel asked for.
 */
#include <math.h>

#include "testutil.h"

#define N_NUM 4

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* Sectors of two shapes (odd ones' first criterion differs in form, not
 * only in constants): blocks that mix them are grouped by sector. */
static bool two_shapes;

/* criterion c's rule for sector s, its thresholds moved by the sector */
static void rule_text(char *buf, size_t size, int c, int s)
{
	switch (c) {
	case 0:
		if (two_shapes && s % 2)
			snprintf(buf, size, "x0 >= %d or (b1 and x1 < %d)", 20 + 3 * s, 30 + s);
		else
			snprintf(buf, size, "x0 >= %d", 20 + 3 * s);
		break;
	case 1: snprintf(buf, size, "x1 < %d or not (x2 == 5)", 60 - 2 * s); break;
	case 2: snprintf(buf, size, "b0 and not missing(x3) and x3 > %d", 10 + s); break;
	case 3: snprintf(buf, size, "(x0 > x1 or b1 != b0) and x3 <= %d.5", 70 + s); break;
	default: snprintf(buf, size, "not ((b1 ?? b0) == b0) or x2 == %d", s % 7); break;
	}
}

static const char *const veto_rule = "x2 > 8 and b1";

static wuhong_policy *make_policy(int sectors)
{
	static char text[32768];
	int len = snprintf(text, sizeof text,
			   "wuhong: 1\nindicators:\n  - {key: x0, type: number}\n  - {key: x1, type: number}\n"
			   "  - {key: x2, type: number}\n  - {key: x3, type: number}\n"
			   "  - {key: b0, type: bool}\n  - {key: b1, type: bool}\nsectors:\n");
	for (int s = 0; s < sectors; s++) {
		len += snprintf(text + len, sizeof text - (size_t)len, "  - key: s%d\n    criteria:\n", s);
		for (int c = 0; c < 5; c++) {
			char rule[128];
			rule_text(rule, sizeof rule, c, s);
			len += snprintf(text + len, sizeof text - (size_t)len, "      - {key: c%d, rule: \"%s\"}\n", c,
					rule);
		}
	}
	len += snprintf(text + len, sizeof text - (size_t)len,
			"prerequisite: c0\ntiers: [{flags: 5}, {flags: 4}, {flags: 3}]\n"
			"vetoes:\n  - {key: v, rule: \"%s\"}\nawards:\n",
			veto_rule);
	for (int s = 0; s < sectors; s++)
		len += snprintf(text + len, sizeof text - (size_t)len, "  s%d: {5: %d, 4: %d, 3: %d}\n", s, 500 + s,
				400 + s, 300 + s);
	return policy_from(text);
}

static double number(void)
{
	unsigned r = rnd(100);
	if (r < 12)
		return NAN;
	if (r < 30)
		return (double)rnd(10); /* small integers: == and != hit */
	if (r < 50)
		return (double)rnd(100); /* thresholds hit exactly */
	return (double)rnd(10000) / 100.0;
}

static double truth(void)
{
	unsigned r = rnd(10);
	return r < 2 ? NAN : (double)(r & 1);
}

static const char *expected_kernel(void)
{
#ifdef WUHONG_NO_MULTIVERSION
	return "baseline"; /* a build with only the plain-C kernel (CI's clang build) */
#endif
	const char *asked = getenv("WUHONG_SIMD");
#if defined(__GNUC__) && defined(__x86_64__)
	bool avx512 = __builtin_cpu_supports("avx512f"), avx2 = __builtin_cpu_supports("avx2");
#else
	bool avx512 = false, avx2 = false;
#endif
	if (asked && strcmp(asked, "baseline") == 0)
		return "baseline";
	if (asked && strcmp(asked, "avx2") == 0 && avx2)
		return "avx2";
	return avx512 ? "avx512" : avx2 ? "avx2" : "baseline";
}

/* The tally by sector (counted while judging) against the result columns. */
static void check_tally(const wuhong_evaluation *ev, const uint16_t *codes, int sectors)
{
	wuhong_tally *t;
	ck_assert_int_eq(wuhong_evaluation_tally(&t, ev, WUHONG_BY_SECTOR, NULL), 0);
	ck_assert_uint_eq(wuhong_tally_count(t), (size_t)sectors);
	size_t n = wuhong_evaluation_count(ev), total = 0;
	for (int s = 0; s < sectors; s++) {
		size_t units = 0, by_tier[6] = { 0 }, vetoed = 0, missing = 0;
		int64_t amount = 0;
		for (size_t i = 0; i < n; i++) {
			if (codes[i] != s)
				continue;
			units++;
			by_tier[wuhong_evaluation_tiers(ev)[i]]++;
			vetoed += wuhong_evaluation_veto_masks(ev)[i] != 0;
			missing += wuhong_evaluation_missing_masks(ev)[i] != 0;
			amount += wuhong_evaluation_amounts(ev)[i];
		}
		const wuhong_tally_row *r = wuhong_tally_at(t, (size_t)s);
		ck_assert_uint_eq(r->units, units);
		ck_assert_mem_eq(r->by_tier, by_tier, sizeof by_tier);
		ck_assert_uint_eq(r->vetoed, vetoed);
		ck_assert_uint_eq(r->missing, missing);
		ck_assert_int_eq(r->amount, amount);
		total += units;
	}
	ck_assert_uint_eq(wuhong_tally_total(t)->units, total);
	wuhong_tally_free(t);
}

/* Evaluate, then check every unit against the VM, criterion by criterion. */
static void check(int sectors, size_t n, bool sorted)
{
	wuhong_policy *p = make_policy(sectors);
	wuhong_dataset *ds;
	ck_assert_int_eq(wuhong_dataset_new(&ds, n, NULL), 0);
	uint16_t *codes = malloc(n * sizeof *codes);
	double *cols[N_NUM + 2];
	for (int k = 0; k < N_NUM + 2; k++)
		cols[k] = malloc(n * sizeof(double));
	const char *keys[16];
	char key_text[16][16];
	for (int s = 0; s < sectors; s++) {
		snprintf(key_text[s], sizeof key_text[s], "s%d", s);
		keys[s] = key_text[s];
	}
	for (size_t i = 0; i < n; i++) {
		codes[i] = (uint16_t)(sorted ? i * (size_t)sectors / n : rnd((unsigned)sectors));
		for (int k = 0; k < N_NUM; k++)
			cols[k][i] = number();
		cols[N_NUM][i] = truth();
		cols[N_NUM + 1][i] = truth();
	}
	ck_assert_int_eq(wuhong_dataset_set_sector_codes(ds, codes, keys, (size_t)sectors, NULL), 0);
	static const char *const names[] = { "x0", "x1", "x2", "x3", "b0", "b1" };
	for (int k = 0; k < N_NUM + 2; k++)
		ck_assert_int_eq(wuhong_dataset_bind_column(ds, names[k], cols[k], NULL), 0);
	wuhong_evaluation *ev;
	wuhong_evaluate_options o = WUHONG_EVALUATE_OPTIONS_INIT;
	o.threads = 1;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, &o, NULL), 0);
	ck_assert_str_eq(wuhong_evaluation_kernel(ev), expected_kernel());

	uint8_t *verdict = malloc(n);
	const uint8_t *flags = wuhong_evaluation_flags(ev), *tiers = wuhong_evaluation_tiers(ev);
	const int64_t *amounts = wuhong_evaluation_amounts(ev);
	const uint32_t *veto = wuhong_evaluation_veto_masks(ev), *veto_unknown = wuhong_evaluation_veto_unknown_masks(ev);
	wuhong_rule *r;
	ck_assert_int_eq(wuhong_rule_compile(&r, p, veto_rule, NULL), 0);
	ck_assert_int_eq(wuhong_rule_eval(verdict, r, ds, NULL), 0);
	wuhong_rule_free(r);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(veto[i], verdict[i] == WUHONG_PASS);
		ck_assert_uint_eq(veto_unknown[i], verdict[i] == WUHONG_MISSING);
	}
	unsigned *pass_count = calloc(n, sizeof *pass_count);
	for (int s = 0; s < sectors; s++)
		for (int c = 0; c < 5; c++) {
			char rule[128];
			rule_text(rule, sizeof rule, c, s);
			ck_assert_int_eq(wuhong_rule_compile(&r, p, rule, NULL), 0);
			ck_assert_int_eq(wuhong_rule_eval(verdict, r, ds, NULL), 0);
			wuhong_rule_free(r);
			for (size_t i = 0; i < n; i++) {
				if (codes[i] != s)
					continue;
				ck_assert_msg(wuhong_evaluation_verdict(ev, i, (size_t)c) == verdict[i],
					      "unit %zu (sector s%d, %zu units, %s) criterion %d '%s': %d, the VM says %d",
					      i, s, n, sorted ? "sorted" : "interleaved", c, rule,
					      wuhong_evaluation_verdict(ev, i, (size_t)c), verdict[i]);
				pass_count[i] += verdict[i] == WUHONG_PASS;
			}
		}
	size_t judged = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(flags[i], pass_count[i]);
		bool prereq = wuhong_evaluation_verdict(ev, i, 0) == WUHONG_PASS;
		unsigned tier = (!prereq || veto[i]) ? 0 : pass_count[i] >= 3 ? pass_count[i] : 0;
		ck_assert_uint_eq(tiers[i], tier);
		int64_t award = tier == 5 ? 500 : tier == 4 ? 400 : tier == 3 ? 300 : 0;
		ck_assert_int_eq(amounts[i], tier ? (award + codes[i]) * 100 : 0);
		ck_assert_uint_eq(wuhong_evaluation_sectors(ev)[i], codes[i]);
		judged += tier > 0;
	}
	if (n >= 1000)
		ck_assert_uint_gt(judged, 0); /* the data reaches the tiers */
	check_tally(ev, codes, sectors);
	/* a re-run into the same results, after the data changed, agrees with a new evaluation */
	for (size_t i = 0; i < n; i += 3)
		cols[0][i] = number();
	ck_assert_int_eq(wuhong_evaluate_again(ev, &o, NULL), 0);
	wuhong_evaluation *fresh;
	ck_assert_int_eq(wuhong_evaluate(&fresh, p, ds, &o, NULL), 0);
	ck_assert_uint_eq(wuhong_evaluation_count(ev), n);
	ck_assert_mem_eq(wuhong_evaluation_flag_masks(ev), wuhong_evaluation_flag_masks(fresh), n);
	ck_assert_mem_eq(wuhong_evaluation_missing_masks(ev), wuhong_evaluation_missing_masks(fresh), n);
	ck_assert_mem_eq(wuhong_evaluation_tiers(ev), wuhong_evaluation_tiers(fresh), n);
	ck_assert_mem_eq(wuhong_evaluation_amounts(ev), wuhong_evaluation_amounts(fresh), n * sizeof(int64_t));
	wuhong_evaluation_free(fresh);
	/* and after units changed sector: the re-run maps the new codes */
	for (size_t i = 0; i < n; i += 5)
		codes[i] = (uint16_t)((codes[i] + 1) % (unsigned)sectors);
	ck_assert_int_eq(wuhong_dataset_set_sector_codes(ds, codes, keys, (size_t)sectors, NULL), 0);
	ck_assert_int_eq(wuhong_evaluate_again(ev, &o, NULL), 0);
	ck_assert_int_eq(wuhong_evaluate(&fresh, p, ds, &o, NULL), 0);
	ck_assert_mem_eq(wuhong_evaluation_sectors(ev), wuhong_evaluation_sectors(fresh), n);
	ck_assert_mem_eq(wuhong_evaluation_tiers(ev), wuhong_evaluation_tiers(fresh), n);
	ck_assert_mem_eq(wuhong_evaluation_amounts(ev), wuhong_evaluation_amounts(fresh), n * sizeof(int64_t));
	if (sectors > 1 && n > 5)
		ck_assert_uint_eq(wuhong_evaluation_sectors(ev)[0], codes[0]);
	check_tally(ev, codes, sectors);
	wuhong_evaluation_free(fresh);
	free(pass_count);
	free(verdict);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	for (int k = 0; k < N_NUM + 2; k++)
		free(cols[k]);
	free(codes);
}

START_TEST(test_interleaved_sectors)
{
	rng_state = 11;
	static const int sectors[] = { 1, 3, 8, 12 }; /* 12: per-unit thresholds gathered */
	static const size_t sizes[] = { 1, 7, 64, 1000, 4096 + 77 };
	for (size_t s = 0; s < sizeof sectors / sizeof *sectors; s++)
		for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
			check(sectors[s], sizes[k], false);
}
END_TEST

START_TEST(test_mixed_shapes)
{
	rng_state = 13;
	two_shapes = true;
	check(3, 3000 + 41, false);
	check(12, 5000 + 3, false);
	check(5, 4000, true);
	two_shapes = false;
}
END_TEST

START_TEST(test_sorted_sectors)
{
	rng_state = 12;
	check(3, 5000 + 13, true);
	check(12, 30000 + 5, true);
}
END_TEST

/* Results stored past the cache, as a large evaluation's are (2^18 units
 * and more; fewer here, so that valgrind runs it): whole groups that way,
 * the last one not. */
START_TEST(test_results_past_cache)
{
	rng_state = 14;
	setenv("WUHONG_RESULTS_PAST_CACHE", "64", 1);
	check(1, 4096 + 77, false);
	check(3, 5000 + 13, false);
	check(12, 3000 + 1, true);
	unsetenv("WUHONG_RESULTS_PAST_CACHE");
}
END_TEST

/* A failed re-run leaves no results, and a later one brings them back. */
START_TEST(test_failed_rerun)
{
	wuhong_policy *p = policy_from("wuhong: 1\nindicators: [{key: x, type: percent}]\nsectors:\n"
				       "  - key: a\n    criteria:\n"
				       "      - {key: c0, rule: \"x >= 1\"}\n      - {key: c1, rule: \"x >= 2\"}\n"
				       "      - {key: c2, rule: \"x >= 3\"}\n      - {key: c3, rule: \"x >= 4\"}\n"
				       "      - {key: c4, rule: \"x >= 5\"}\n"
				       "tiers: [{flags: 5}]\nawards: {a: {5: 1}}\n");
	wuhong_dataset *ds;
	const char *keys[] = { "a" };
	uint16_t codes[100] = { 0 };
	double x[100];
	for (int i = 0; i < 100; i++)
		x[i] = i;
	ck_assert_int_eq(wuhong_dataset_new(&ds, 100, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_set_sector_codes(ds, codes, keys, 1, NULL), 0);
	ck_assert_int_eq(wuhong_dataset_bind_column(ds, "x", x, NULL), 0);
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, p, ds, NULL, NULL), 0);
	ck_assert_uint_eq(wuhong_evaluation_tiers(ev)[50], 5);
	x[60] = 150; /* out of range for a percentage */
	wuhong_error err;
	ck_assert_int_eq(wuhong_evaluate_again(ev, NULL, &err), WUHONG_EDATA);
	ck_assert_uint_eq(wuhong_evaluation_count(ev), 0);
	wuhong_tally *t;
	ck_assert_int_eq(wuhong_evaluation_tally(&t, ev, WUHONG_BY_SECTOR, NULL), 0);
	ck_assert_uint_eq(wuhong_tally_total(t)->units, 0); /* nothing of the runs before */
	wuhong_tally_free(t);
	ck_assert_int_eq(err.row, 61);
	x[60] = 60;
	ck_assert_int_eq(wuhong_evaluate_again(ev, NULL, NULL), 0);
	ck_assert_uint_eq(wuhong_evaluation_count(ev), 100);
	ck_assert_uint_eq(wuhong_evaluation_tiers(ev)[60], 5);
	ck_assert_int_eq(wuhong_evaluate_again(NULL, NULL, &err), WUHONG_EINVAL);
	ck_assert_ptr_null(wuhong_evaluation_kernel(NULL));
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
}
END_TEST

static Suite *kernels_suite(void)
{
	Suite *s = suite_create("kernels");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_interleaved_sectors);
	tcase_add_test(tc, test_sorted_sectors);
	tcase_add_test(tc, test_mixed_shapes);
	tcase_add_test(tc, test_results_past_cache);
	tcase_add_test(tc, test_failed_rerun);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(kernels_suite)
