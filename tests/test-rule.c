/*
 * test-rule.c — the rule language: precedence, associativity, three-valued
 * logic, short-circuit shapes, division by zero, ??, missing(), type errors
 * and compile error positions.
 */
#include <math.h>

#include "testutil.h"

static const char *INDICATORS =
	"  - {key: x, type: number}\n  - {key: y, type: number}\n  - {key: z, type: number}\n"
	"  - {key: b, type: bool}";

static wuhong_policy *P;
static wuhong_dataset *D;

/* units: 0: x=2 y=3 z=0 b=1; 1: x missing, y=1, z=4, b=0; 2: all missing */
static void setup(void)
{
	char *t = policy_text(INDICATORS, "x >= 0", "x >= 0", "x >= 0", "x >= 0", "x >= 0");
	P = policy_from(t);
	free(t);
	D = data_from("id,name,sector,town,x,y,z,b\nu0,a,village,t,2,3,0,1\nu1,b,village,t,,1,4,0\nu2,c,village,t,,,,\n");
}

static void teardown(void)
{
	wuhong_dataset_free(D);
	wuhong_policy_free(P);
}

/* The verdicts of `rule` for the three units, as a string like "PF?". */
static void verdicts(const char *rule, char out[4])
{
	wuhong_rule *r;
	wuhong_error err;
	int rc = wuhong_rule_compile(&r, P, rule, &err);
	ck_assert_msg(rc == 0, "rule '%s' did not compile: %s", rule, err.message);
	uint8_t v[3];
	ck_assert_int_eq(wuhong_rule_eval(v, r, D, &err), 0);
	for (int i = 0; i < 3; i++)
		out[i] = v[i] == WUHONG_PASS ? 'P' : v[i] == WUHONG_FAIL ? 'F' : '?';
	out[3] = '\0';
	wuhong_rule_free(r);
}

#define EXPECT(rule, want) do { char got[4]; verdicts(rule, got); \
	ck_assert_msg(strcmp(got, want) == 0, "%s: got %s, want %s", rule, got, want); } while (0)

START_TEST(test_precedence)
{
	EXPECT("1 + 2 * 3 == 7", "PPP");           /* * binds tighter than + */
	EXPECT("(1 + 2) * 3 == 9", "PPP");
	EXPECT("10 - 4 - 3 == 3", "PPP");          /* left-associative */
	EXPECT("12 / 3 / 2 == 2", "PPP");
	EXPECT("-2 * -3 == 6", "PPP");
	EXPECT("not 1 > 2", "PPP");                /* not binds looser than comparisons */
	EXPECT("true or false and false", "PPP");  /* and binds tighter than or */
	EXPECT("x + 1 ?? 100 == 3", "PFF");        /* ?? between arithmetic and comparison */
}
END_TEST

START_TEST(test_kleene)
{
	/* u1: x missing, so x > 0 is unknown */
	EXPECT("x > 0", "P??");
	EXPECT("x > 0 and y > 2", "PF?");   /* unknown and false = false */
	EXPECT("x > 0 or y > 0", "PP?");    /* unknown or true = true */
	EXPECT("not (x > 0)", "F??");       /* not unknown = unknown */
	EXPECT("false and x > 0", "FFF");   /* false decides, whatever the other side */
	EXPECT("true or x > 0", "PPP");
	EXPECT("x > 0 and true", "P??");
	EXPECT("b", "PF?");                 /* a missing boolean is unknown */
	EXPECT("b == true", "PF?");
	EXPECT("b != false", "PF?");
}
END_TEST

START_TEST(test_missing_helpers)
{
	EXPECT("missing(x)", "FPP");
	EXPECT("missing(b)", "FFP");
	EXPECT("(x ?? 0) >= 0", "PPP");
	EXPECT("x ?? y ?? 7 == 7", "FFP");       /* ?? is right-associative */
	EXPECT("(b ?? true)", "PFP");
	EXPECT("min(x, y) >= 0", "P??");         /* min/max of a missing value is missing */
	EXPECT("max(y, z, 3) == 4", "FP?");
	EXPECT("abs(-y) == y", "PP?");
}
END_TEST

START_TEST(test_division_by_zero)
{
	EXPECT("y / z > 0", "?P?");          /* u0: 3 / 0 is missing */
	EXPECT("y / z > 0 or true", "PPP");
	EXPECT("(y / z ?? -1) == -1", "PFP");
	EXPECT("x >= 1 / 0", "???");         /* a constant division by zero too */
}
END_TEST

START_TEST(test_numbers)
{
	EXPECT("0.1 + 0.2 > 0.3", "PPP");    /* doubles, nearest representation */
	EXPECT("1e3 == 1000", "PPP");
	EXPECT(".5 == 0.5", "PPP");
	EXPECT("y <= 3 and y >= 1", "PP?");
}
END_TEST

static void compile_error(const char *rule, const char *want_msg, long want_col)
{
	wuhong_rule *r = NULL;
	wuhong_error err;
	int rc = wuhong_rule_compile(&r, P, rule, &err);
	ck_assert_msg(rc == WUHONG_ERULE, "'%s' should not compile (rc %d)", rule, rc);
	ck_assert_msg(strstr(err.message, want_msg), "'%s': message '%s' lacks '%s'", rule, err.message, want_msg);
	ck_assert_msg(err.column == want_col, "'%s': column %ld, want %ld", rule, err.column, want_col);
	ck_assert_msg(strchr(err.excerpt, '^') != NULL, "excerpt has a caret: %s", err.excerpt);
	ck_assert_ptr_null(r);
}

START_TEST(test_compile_errors)
{
	compile_error("x >= ", "rule ends here", 5);
	compile_error("x >= 1 and", "rule ends here", 11);
	compile_error("xx >= 1", "did you mean 'x'", 1);
	compile_error("nope >= 1", "unknown name 'nope'", 1);
	compile_error("x >= 1 && y", "write 'and'", 8);
	compile_error("x = 1", "write '=='", 3);
	compile_error("(x >= 1", "expected ')'", 8);
	compile_error("x >= 1)", "unmatched ')'", 7);
	compile_error("1 < x < 3", "cannot be chained", 7);
	compile_error("x + 1", "must be true/false", 1);
	compile_error("x and y > 1", "needs true/false", 1);
	compile_error("b > 1", "needs a number", 1);
	compile_error("x ?? true", "same type", 6);
	compile_error("foo(x) > 1", "unknown function", 1);
	compile_error("min(x) > 1", "2 or more", 1);
}
END_TEST

START_TEST(test_comments_and_newlines)
{
	EXPECT("x >= 1 # a comment\n and y >= 1", "P??");
}
END_TEST

START_TEST(test_canonical_fingerprint)
{
	/* the same meaning written differently has the same fingerprint */
	char *a = policy_text(INDICATORS, "x >= 1 and y >= 2", "x >= 0", "x >= 0", "x >= 0", "x >= 0");
	char *b = policy_text(INDICATORS, "(x>=1) and (y >= 2.0)", "x>=0", "x >=  0", "(x >= 0)", "x >= 0 # ok");
	char *c = policy_text(INDICATORS, "x >= 1 and y >= 3", "x >= 0", "x >= 0", "x >= 0", "x >= 0");
	wuhong_policy *pa = policy_from(a), *pb = policy_from(b), *pc = policy_from(c);
	ck_assert_str_eq(wuhong_policy_fingerprint(pa), wuhong_policy_fingerprint(pb));
	ck_assert_str_ne(wuhong_policy_fingerprint(pa), wuhong_policy_fingerprint(pc));
	ck_assert_int_eq((int)strlen(wuhong_policy_fingerprint(pa)), 64);
	wuhong_policy_free(pa);
	wuhong_policy_free(pb);
	wuhong_policy_free(pc);
	free(a);
	free(b);
	free(c);
}
END_TEST

static Suite *rule_suite(void)
{
	Suite *s = suite_create("rule");
	TCase *tc = tcase_create("semantics");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_kleene);
	tcase_add_test(tc, test_missing_helpers);
	tcase_add_test(tc, test_division_by_zero);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_compile_errors);
	tcase_add_test(tc, test_comments_and_newlines);
	tcase_add_test(tc, test_canonical_fingerprint);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(rule_suite)
