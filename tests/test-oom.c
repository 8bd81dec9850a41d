/*
 * test-oom.c — allocation failure at every point of every public entry
 * point, on the bundled data. For each entry point the test first counts
 * the allocations of a normal run, then reruns it once for every N, with
 * the Nth allocation failing: each run must either give exactly the normal
 * result or return WUHONG_ENOMEM with a message saying so, and must leave
 * no allocation behind.
 *
 * The allocator is libwuhong's hook (wuhong_set_alloc_funcs), armed only
 * around the calls under test; results are rendered to text with the C
 * library's allocator, outside the armed window.
 */
#include <unistd.h>

#include "testutil.h"

#define WH_N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the counting, failing allocator ---------------------------------------- */

static bool armed;
static long calls;   /* allocations while armed */
static long fail_at; /* 0: never */
static long live;    /* blocks handed out and not yet freed */

static bool should_fail(void)
{
	return armed && ++calls == fail_at;
}

/* Every block carries a header, so that freeing memory the hook did not
 * hand out (or freeing twice) is caught here, not by the C library. */
#define MAGIC 0x57484f4f4d5a5aULL
#define HEADER 16

static void *t_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	unsigned long long *p = malloc(n + HEADER);
	if (!p)
		return NULL;
	*p = MAGIC;
	live++;
	return (char *)p + HEADER;
}

static void t_free(void *q)
{
	if (!q)
		return;
	unsigned long long *p = (unsigned long long *)((char *)q - HEADER);
	ck_assert_msg(*p == MAGIC, "libwuhong frees a block its allocator did not hand out");
	*p = 0;
	live--;
	free(p);
}

static void *t_realloc(void *q, size_t n)
{
	if (!q)
		return t_malloc(n);
	if (should_fail())
		return NULL;
	unsigned long long *p = (unsigned long long *)((char *)q - HEADER);
	ck_assert_msg(*p == MAGIC, "libwuhong reallocates a block its allocator did not hand out");
	p = realloc(p, n + HEADER);
	return p ? (char *)p + HEADER : NULL;
}

#define ARM() (armed = true)
#define DISARM() (armed = false)

/* ---- inputs, loaded once without failures -------------------------------------- */

static char *read_text(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", WUHONG_SOURCE_DIR, rel);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	ck_assert(fread(s, 1, (size_t)n, f) == (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static char *csv_text, *adj_text, *policy_yaml, *policy_json;
static size_t csv_len, adj_len;
static wuhong_policy *policy, *policy_b;
static wuhong_dataset *data;
static wuhong_evaluation *eval;
static wuhong_adjustments *adjustments;
static char ledger_dir[64];

static void load_inputs(void)
{
	wuhong_error err;
	csv_text = read_text("examples/data/jiangxian.csv", &csv_len);
	adj_text = read_text("examples/data/jiangxian-adjustments.csv", &adj_len);
	ck_assert_int_eq(wuhong_policy_default(&policy, &err), 0);
	policy_yaml = strdup(wuhong_policy_default_source());
	char *json;
	ck_assert_int_eq(wuhong_policy_to_json(&json, policy, &err), 0);
	policy_json = strdup(json);
	wuhong_free(json);
	/* a what-if policy: the village industry threshold raised */
	char *yaml = strdup(policy_yaml), *at = strstr(yaml, "collective_income >= 10");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "collective_income >= 20", 23);
	ck_assert_int_eq(wuhong_policy_load_string(&policy_b, yaml, strlen(yaml), "b.yaml", &err), 0);
	free(yaml);
	ck_assert_int_eq(wuhong_dataset_load_csv_string(&data, csv_text, csv_len, "jiangxian.csv", NULL, &err), 0);
	ck_assert_int_eq(wuhong_evaluate(&eval, policy, data, NULL, &err), 0);
	ck_assert_int_eq(wuhong_adjustments_load_csv_string(&adjustments, adj_text, adj_len, "adj.csv", NULL, &err), 0);
	snprintf(ledger_dir, sizeof ledger_dir, "/tmp/wuhong-oom-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(ledger_dir));
}

static void free_inputs(void)
{
	wuhong_adjustments_free(adjustments);
	wuhong_evaluation_free(eval);
	wuhong_dataset_free(data);
	wuhong_policy_free(policy_b);
	wuhong_policy_free(policy);
	free(csv_text);
	free(adj_text);
	free(policy_yaml);
	free(policy_json);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", ledger_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* ---- rendering results as text (C library allocator, disarmed) ------------------ */

typedef struct text {
	char *s;
	size_t n;
	FILE *f;
} text;

static void text_open(text *t)
{
	t->s = NULL;
	t->f = open_memstream(&t->s, &t->n);
}

static char *text_close(text *t)
{
	fclose(t->f);
	return t->s;
}

static void render_policy(FILE *f, const wuhong_policy *p)
{
	fprintf(f, "%s %s\n", wuhong_policy_name(p), wuhong_policy_fingerprint(p));
}

static void render_evaluation(FILE *f, const wuhong_evaluation *ev)
{
	size_t n = wuhong_evaluation_count(ev);
	const uint8_t *mask = wuhong_evaluation_flag_masks(ev), *miss = wuhong_evaluation_missing_masks(ev),
		      *tier = wuhong_evaluation_tiers(ev);
	const int64_t *amount = wuhong_evaluation_amounts(ev);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%zu %u %u %u %lld\n", i, mask[i], miss[i], tier[i], (long long)amount[i]);
}

static void render_dataset(FILE *f, const wuhong_dataset *ds)
{
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, policy, ds, NULL, NULL), 0);
	for (size_t i = 0; i < wuhong_dataset_count(ds); i++)
		fprintf(f, "%s|%s|%s|%s|%s\n", wuhong_dataset_unit_id(ds, i), wuhong_dataset_unit_name(ds, i),
			wuhong_dataset_unit_sector(ds, i), wuhong_dataset_unit_town(ds, i),
			wuhong_dataset_unit_committee(ds, i));
	render_evaluation(f, ev);
	wuhong_evaluation_free(ev);
}

static void render_rows(FILE *f, const wuhong_rows *r)
{
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		for (size_t c = 0; c < wuhong_rows_columns(r); c++)
			fprintf(f, "%s%c", wuhong_rows_cell(r, k, c), c + 1 == wuhong_rows_columns(r) ? '\n' : '|');
}

static void render_tally(FILE *f, const wuhong_tally *t)
{
	for (size_t k = 0; k <= wuhong_tally_count(t); k++) {
		const wuhong_tally_row *r = k < wuhong_tally_count(t) ? wuhong_tally_at(t, k) : wuhong_tally_total(t);
		fprintf(f, "%s %s %zu %zu %zu %zu %zu %lld\n", r->group, r->label, r->units, r->by_tier[5], r->by_tier[3],
			r->vetoed, r->missing, (long long)r->amount);
	}
}

/* ---- the entry points: each returns 0 and its result as text, or an error -------- */

typedef int (*entry_fn)(char **out, wuhong_error *err);

/* A policy entry point's outcome: its error, or the policy as text (and freed). */
static int policy_outcome(int rc, wuhong_policy *p, char **out)
{
	if (rc)
		return rc;
	text t;
	text_open(&t);
	render_policy(t.f, p);
	wuhong_policy_free(p);
	*out = text_close(&t);
	return 0;
}

static int e_policy_default(char **out, wuhong_error *err)
{
	wuhong_policy *p;
	ARM();
	int rc = wuhong_policy_default(&p, err);
	DISARM();
	return policy_outcome(rc, p, out);
}

static int e_policy_json(char **out, wuhong_error *err)
{
	wuhong_policy *p;
	ARM();
	int rc = wuhong_policy_load_string(&p, policy_json, strlen(policy_json), "p.json", err);
	DISARM();
	return policy_outcome(rc, p, out);
}

static int e_policy_to_json(char **out, wuhong_error *err)
{
	char *json;
	ARM();
	int rc = wuhong_policy_to_json(&json, policy, err);
	DISARM();
	if (rc)
		return rc;
	*out = strdup(json);
	wuhong_free(json);
	return 0;
}

/* the builder: a small policy built call by call, then compiled */
static int e_policy_builder(char **out, wuhong_error *err)
{
	wuhong_policy_builder *b = NULL;
	wuhong_policy *p = NULL;
	int rc;
	static const char *const keys[] = { "c1", "c2", "c3", "c4", "c5" };
	ARM();
	if ((rc = wuhong_policy_builder_new(&b, "built", NULL)))
		goto out;
	if ((rc = wuhong_policy_builder_add_indicator(b, "x", "指标", "次", WUHONG_TYPE_NUMBER, err)) ||
	    (rc = wuhong_policy_builder_add_sector(b, "village", "行政村", err)))
		goto out;
	for (int c = 0; c < 5; c++) {
		char rule[32];
		snprintf(rule, sizeof rule, "x >= %d", c + 1);
		if ((rc = wuhong_policy_builder_add_criterion(b, "village", keys[c], keys[c], rule, err)))
			goto out;
	}
	if ((rc = wuhong_policy_builder_add_tier(b, 5, "five", err)) ||
	    (rc = wuhong_policy_builder_add_tier(b, 3, "three", err)) ||
	    (rc = wuhong_policy_builder_set_award(b, "village", 5, 6000000, err)) ||
	    (rc = wuhong_policy_builder_set_award(b, "village", 3, 2000000, err)) ||
	    (rc = wuhong_policy_compile(&p, b, err)))
		goto out;
out:
	DISARM();
	if (rc == WUHONG_ENOMEM && err && !err->message[0])
		snprintf(err->message, sizeof err->message, "out of memory");
	wuhong_policy_builder_free(b);
	return policy_outcome(rc, p, out);
}

/* A dataset entry point's outcome: its error, or the dataset as text (and freed). */
static int dataset_outcome(int rc, wuhong_dataset *ds, char **out)
{
	if (rc) {
		wuhong_dataset_free(ds);
		return rc;
	}
	text t;
	text_open(&t);
	render_dataset(t.f, ds);
	wuhong_dataset_free(ds);
	*out = text_close(&t);
	return 0;
}

static int e_dataset_csv(char **out, wuhong_error *err)
{
	wuhong_dataset *ds = NULL;
	ARM();
	int rc = wuhong_dataset_load_csv_string(&ds, csv_text, csv_len, "jiangxian.csv", NULL, err);
	DISARM();
	return dataset_outcome(rc, ds, out);
}

/* the first rows of the bundled data as a workbook: expat's allocations are libwuhong's */
static int e_dataset_xlsx(char **out, wuhong_error *err)
{
	size_t len;
	char *book = read_text("tests/fuzz/corpus/xlsx/bundled-head.xlsx", &len);
	wuhong_dataset *ds = NULL;
	ARM();
	int rc = wuhong_dataset_load_csv_string(&ds, book + 1, len - 1, "head.xlsx", NULL, err);
	DISARM();
	free(book);
	return dataset_outcome(rc, ds, out);
}

/* the bundled data with a bad row and bad cells, every problem listed */
static int e_problems(char **out, wuhong_error *err)
{
	char *bad = malloc(csv_len + 64);
	memcpy(bad, csv_text, csv_len);
	memcpy(bad + csv_len, "VL001,dup,行政村,古绛镇\nX1,x,行政村,北京镇\n", strlen("VL001,dup,行政村,古绛镇\nX1,x,行政村,北京镇\n"));
	size_t len = csv_len + strlen("VL001,dup,行政村,古绛镇\nX1,x,行政村,北京镇\n");
	wuhong_problems *pr = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_evaluation *ev = NULL;
	ARM();
	int rc = wuhong_problems_new(&pr, 0, err);
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	wuhong_evaluate_options eo = WUHONG_EVALUATE_OPTIONS_INIT;
	o.problems = eo.problems = pr;
	if (!rc)
		rc = wuhong_dataset_load_csv_string(&ds, bad, len, "bad.csv", &o, err);
	if (!rc && (rc = wuhong_evaluate(&ev, policy, ds, &eo, err)) == WUHONG_EDATA)
		rc = 0; /* the problems are the result */
	DISARM();
	free(bad);
	text t;
	text_open(&t);
	for (size_t k = 0; !rc && k < wuhong_problems_count(pr); k++) {
		char line[2048];
		wuhong_error_format(wuhong_problems_at(pr, k), line, sizeof line);
		fprintf(t.f, "%s\n", line);
	}
	char *s = text_close(&t);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_problems_free(pr);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* the bundled data again, from arrays: units set one by one, columns bound */
static double *bound_cols[64];
static size_t n_bound;

static int e_dataset_arrays(char **out, wuhong_error *err)
{
	size_t n = wuhong_dataset_count(data), n_ind = wuhong_policy_indicator_count(policy);
	if (!n_bound) {
		for (size_t k = 0; k < n_ind; k++) {
			bound_cols[k] = malloc(n * sizeof(double));
			for (size_t i = 0; i < n; i++)
				bound_cols[k][i] = wuhong_dataset_value(data, i, wuhong_policy_indicator_key(policy, k));
		}
		n_bound = n_ind;
	}
	wuhong_dataset *ds = NULL;
	int rc;
	ARM();
	if ((rc = wuhong_dataset_new(&ds, n, err)))
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = wuhong_dataset_set_unit(ds, i, wuhong_dataset_unit_id(data, i), wuhong_dataset_unit_name(data, i),
						  wuhong_dataset_unit_sector(data, i), wuhong_dataset_unit_town(data, i),
						  wuhong_dataset_unit_committee(data, i), err)))
			goto out;
	for (size_t k = 0; k < n_ind; k++)
		if ((rc = wuhong_dataset_bind_column(ds, wuhong_policy_indicator_key(policy, k), bound_cols[k], err)))
			goto out;
out:
	DISARM();
	return dataset_outcome(rc, ds, out);
}

/* An evaluation entry point's outcome: its error, or the evaluation as text (and freed). */
static int evaluation_outcome(int rc, wuhong_evaluation *ev, char **out)
{
	if (rc) {
		wuhong_evaluation_free(ev);
		return rc;
	}
	text t;
	text_open(&t);
	render_evaluation(t.f, ev);
	wuhong_evaluation_free(ev);
	*out = text_close(&t);
	return 0;
}

static int e_evaluate(char **out, wuhong_error *err)
{
	wuhong_evaluation *ev = NULL;
	ARM();
	int rc = wuhong_evaluate(&ev, policy, data, NULL, err);
	DISARM();
	return evaluation_outcome(rc, ev, out);
}

/* a re-run into the same results; a failed one leaves none */
static int e_evaluate_again(char **out, wuhong_error *err)
{
	wuhong_evaluation *ev;
	ck_assert_int_eq(wuhong_evaluate(&ev, policy, data, NULL, NULL), 0);
	ARM();
	int rc = wuhong_evaluate_again(ev, NULL, err);
	DISARM();
	if (rc)
		ck_assert_uint_eq(wuhong_evaluation_count(ev), 0);
	return evaluation_outcome(rc, ev, out);
}

/* the first unit, one in the middle and the last */
static int e_explain(char **out, wuhong_error *err)
{
	size_t n = wuhong_evaluation_count(eval), units[] = { 0, n / 2, n - 1 };
	text t;
	text_open(&t);
	for (size_t k = 0; k < 3; k++) {
		wuhong_explanation *x;
		ARM();
		int rc = wuhong_evaluation_explain(&x, eval, units[k], err);
		DISARM();
		if (rc) {
			free(text_close(&t));
			return rc;
		}
		fputs(wuhong_explanation_text(x), t.f);
		wuhong_explanation_free(x);
	}
	*out = text_close(&t);
	return 0;
}

static int e_tally(char **out, wuhong_error *err)
{
	text t;
	text_open(&t);
	for (int by = 0; by < 4; by++) {
		wuhong_tally *ty;
		ARM();
		int rc = wuhong_evaluation_tally(&ty, eval, (wuhong_grouping)by, err);
		DISARM();
		if (rc) {
			free(text_close(&t));
			return rc;
		}
		render_tally(t.f, ty);
		wuhong_tally_free(ty);
	}
	*out = text_close(&t);
	return 0;
}

static int e_lists(char **out, wuhong_error *err)
{
	wuhong_lists *l;
	ARM();
	int rc = wuhong_evaluation_lists(&l, eval, err);
	DISARM();
	if (rc)
		return rc;
	text t;
	text_open(&t);
	for (int list = 0; list < 2; list++)
		for (size_t k = 0; k < wuhong_lists_count(l, (wuhong_list_kind)list); k++) {
			const wuhong_list_entry *e = wuhong_lists_at(l, (wuhong_list_kind)list, k);
			fprintf(t.f, "%d %zu %zu %u %s\n", list, e->unit, e->rank, e->rules, e->reason);
		}
	wuhong_lists_free(l);
	*out = text_close(&t);
	return 0;
}

static int e_gaps(char **out, wuhong_error *err)
{
	wuhong_gaps *g;
	ARM();
	int rc = wuhong_evaluation_gaps(&g, eval, err);
	DISARM();
	if (rc)
		return rc;
	text t;
	text_open(&t);
	for (size_t k = 0; k < wuhong_gaps_count(g); k++) {
		const wuhong_gap_unit *u = wuhong_gaps_at(g, k);
		fprintf(t.f, "%zu %u %g", u->unit, u->flags_short, u->total);
		for (size_t c = 0; c < u->n_criteria; c++)
			for (size_t j = 0; j < wuhong_gap_unit_criterion(u, c)->n_gaps; j++)
				fprintf(t.f, " %s", wuhong_gap_criterion_gap(wuhong_gap_unit_criterion(u, c), j)->clause);
		fputc('\n', t.f);
	}
	wuhong_gaps_free(g);
	*out = text_close(&t);
	return 0;
}

static int e_adjustments_csv(char **out, wuhong_error *err)
{
	wuhong_adjustments *a;
	ARM();
	int rc = wuhong_adjustments_load_csv_string(&a, adj_text, adj_len, "adj.csv", NULL, err);
	DISARM();
	if (rc)
		return rc;
	text t;
	text_open(&t);
	fprintf(t.f, "%zu\n", wuhong_adjustments_count(a));
	wuhong_adjustments_free(a);
	*out = text_close(&t);
	return 0;
}

/* adjustments, then a budget below the total (largest-remainder scaling), then the tally */
static int e_awards(char **out, wuhong_error *err)
{
	wuhong_awards *a = NULL;
	wuhong_tally *ty = NULL;
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.adjustments = adjustments;
	o.budget = 300000000;
	ARM();
	int rc = wuhong_evaluation_awards(&a, eval, &o, err);
	if (!rc)
		rc = wuhong_awards_tally(&ty, a, WUHONG_BY_TOWN, err);
	DISARM();
	if (rc) {
		wuhong_awards_free(a);
		return rc;
	}
	text t;
	text_open(&t);
	for (size_t i = 0; i < wuhong_awards_count(a); i++)
		fprintf(t.f, "%lld %lld %s\n", (long long)wuhong_awards_amounts(a)[i], (long long)wuhong_awards_unscaled(a)[i],
			wuhong_awards_reason(a, i));
	render_tally(t.f, ty);
	wuhong_tally_free(ty);
	wuhong_awards_free(a);
	*out = text_close(&t);
	return 0;
}

static int e_diff(char **out, wuhong_error *err)
{
	wuhong_diff_result *d = NULL;
	wuhong_diff_summary *g = NULL;
	ARM();
	int rc = wuhong_diff(&d, policy, policy_b, data, err);
	if (!rc)
		rc = wuhong_diff_groups(&g, d, WUHONG_BY_TOWN, err);
	DISARM();
	if (rc) {
		wuhong_diff_free(d);
		return rc;
	}
	text t;
	text_open(&t);
	for (size_t k = 0; k < wuhong_diff_count(d); k++) {
		const wuhong_diff_entry *e = wuhong_diff_at(d, k);
		fprintf(t.f, "%zu %u %u %lld\n", e->unit, e->mask_a, e->mask_b, (long long)e->amount_b);
	}
	for (size_t k = 0; k < wuhong_diff_summary_count(g); k++)
		fprintf(t.f, "%s %zu %zu\n", wuhong_diff_summary_at(g, k)->group, wuhong_diff_summary_at(g, k)->units,
			wuhong_diff_summary_at(g, k)->changed);
	wuhong_diff_summary_free(g);
	wuhong_diff_free(d);
	*out = text_close(&t);
	return 0;
}

static long ledger_runs;

/* what a ledger holds, read without failures; "" when it holds nothing */
static char *ledger_text(const char *path)
{
	text t;
	text_open(&t);
	wuhong_ledger *l;
	if (wuhong_ledger_open_readonly(&l, path, NULL) == 0) {
		static const wuhong_ledger_question q[] = { WUHONG_LEDGER_PERIODS, WUHONG_LEDGER_PAYMENTS,
							    WUHONG_LEDGER_TOTALS, WUHONG_LEDGER_BOARDS };
		for (size_t k = 0; k < WH_N(q); k++) {
			wuhong_rows *r;
			ck_assert_int_eq(wuhong_ledger_query(&r, l, q[k], q[k] == WUHONG_LEDGER_BOARDS ? "2023" : NULL, NULL), 0);
			render_rows(t.f, r);
			wuhong_rows_free(r);
		}
		wuhong_ledger_free(l);
	}
	return text_close(&t);
}

/* a first review (creation, with adjustments) into a new ledger */
static int e_review(char **out, wuhong_error *err)
{
	char path[128];
	snprintf(path, sizeof path, "%s/review-%ld.ledger", ledger_dir, ledger_runs++);
	wuhong_ledger *l = NULL;
	wuhong_rows *r = NULL;
	int replayed = 0;
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	o.adjustments = adjustments;
	ARM();
	int rc = wuhong_ledger_open(&l, path, err);
	if (!rc)
		rc = wuhong_review(&r, &replayed, l, "2023", eval, &o, err);
	DISARM();
	wuhong_ledger_free(l);
	char *held = ledger_text(path);
	if (rc) {
		/* nothing recorded: the period is there whole or not at all */
		ck_assert_msg(strstr(held, "2023|") == NULL, "a failed review left rows behind:\n%.400s", held);
		free(held);
		unlink(path);
		return rc;
	}
	text t;
	text_open(&t);
	render_rows(t.f, r);
	fprintf(t.f, "replayed %d\n%s", replayed, held);
	free(held);
	wuhong_rows_free(r);
	unlink(path);
	*out = text_close(&t);
	return 0;
}

/* The creation list read, then a review that walks its steps. */
static int e_applications(char **out, wuhong_error *err)
{
	size_t len;
	char *list = read_text("examples/data/jiangxian-applications-2023.csv", &len), path[128];
	snprintf(path, sizeof path, "%s/applications-%ld.ledger", ledger_dir, ledger_runs++);
	wuhong_applications *apps = NULL;
	wuhong_ledger *l = NULL;
	wuhong_rows *r = NULL;
	wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
	ARM();
	int rc = wuhong_applications_load_csv_string(&apps, list, len, "applications.csv", NULL, err);
	if (!rc)
		rc = wuhong_ledger_open(&l, path, err);
	o.applications = apps;
	if (!rc)
		rc = wuhong_review(&r, NULL, l, "2023", eval, &o, err);
	DISARM();
	wuhong_ledger_free(l);
	wuhong_applications_free(apps);
	free(list);
	char *held = ledger_text(path);
	unlink(path);
	if (rc) {
		ck_assert_msg(strstr(held, "2023|") == NULL, "a failed review left rows behind:\n%.400s", held);
		free(held);
		return rc;
	}
	text t;
	text_open(&t);
	render_rows(t.f, r);
	fputs(held, t.f);
	free(held);
	wuhong_rows_free(r);
	*out = text_close(&t);
	return 0;
}

/* The page of boards (the workbook's allocations are libxlsxwriter's own). */
static int e_board_html(char **out, wuhong_error *err)
{
	char *page = NULL;
	size_t len;
	ARM();
	int rc = wuhong_board_render(&page, &len, eval, WUHONG_BOARD_HTML, NULL, err);
	DISARM();
	if (rc)
		return rc;
	*out = strdup(page);
	wuhong_free(page);
	return 0;
}

/* CSV text as GB18030, for Excel and WPS (its buffer is the one allocation). */
static int e_encode_gb18030(char **out, wuhong_error *err)
{
	static const char text[] = "id,name\r\nVL001,郝家窑村\r\n";
	char *bytes = NULL;
	size_t len;
	ARM();
	int rc = wuhong_encode_gb18030(&bytes, &len, text, sizeof text - 1, err);
	DISARM();
	if (rc)
		return rc;
	*out = strndup(bytes, len);
	wuhong_free(bytes);
	return 0;
}

/* The names of every unit in one buffer (one allocation). */
static int e_dataset_roster(char **out, wuhong_error *err)
{
	char *bytes = NULL;
	size_t len;
	ARM();
	int rc = wuhong_dataset_roster(&bytes, &len, data, WUHONG_ROSTER_NAME, err);
	DISARM();
	if (rc)
		return rc;
	*out = strndup(bytes, len);
	wuhong_free(bytes);
	return 0;
}

static char queried_path[128];

static int e_ledger_query(char **out, wuhong_error *err)
{
	if (!queried_path[0]) {
		snprintf(queried_path, sizeof queried_path, "%s/queried.ledger", ledger_dir);
		wuhong_ledger *l;
		ck_assert_int_eq(wuhong_ledger_open(&l, queried_path, NULL), 0);
		ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2023", eval, NULL, NULL), 0);
		ck_assert_int_eq(wuhong_review(NULL, NULL, l, "2024", eval, NULL, NULL), 0);
		wuhong_ledger_free(l);
	}
	static const struct {
		wuhong_ledger_question q;
		const char *key;
	} asks[] = { { WUHONG_LEDGER_PERIODS, NULL }, { WUHONG_LEDGER_PAYMENTS, NULL }, { WUHONG_LEDGER_TOTALS, NULL },
		     { WUHONG_LEDGER_HISTORY, "VL001" }, { WUHONG_LEDGER_PAID, "VL001" }, { WUHONG_LEDGER_BOARDS, "2024" } };
	wuhong_ledger *l = NULL;
	text t;
	text_open(&t);
	ARM();
	int rc = wuhong_ledger_open_readonly(&l, queried_path, err);
	DISARM();
	for (size_t k = 0; !rc && k < WH_N(asks); k++) {
		wuhong_rows *r;
		ARM();
		rc = wuhong_ledger_query(&r, l, asks[k].q, asks[k].key, err);
		DISARM();
		if (!rc) {
			render_rows(t.f, r);
			wuhong_rows_free(r);
		}
	}
	wuhong_ledger_free(l);
	char *s = text_close(&t);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* ---- the loop ------------------------------------------------------------------------ */

static void every_failure(const char *name, entry_fn fn)
{
	wuhong_error err;
	char *normal = NULL;
	long live0 = live;
	calls = 0;
	fail_at = 0;
	int rc = fn(&normal, &err);
	ck_assert_msg(rc == 0, "%s: the normal run fails: %s", name, err.message);
	ck_assert_msg(live == live0, "%s: the normal run leaks %ld blocks", name, live - live0);
	long total = calls, failed = 0;
	ck_assert_msg(total > 0, "%s: no allocation counted", name);
	for (long n = 1; n <= total; n++) {
		char *got = NULL;
		calls = 0;
		fail_at = n;
		wuhong_error_clear(&err);
		rc = fn(&got, &err);
		fail_at = 0;
		if (rc == 0) {
			ck_assert_msg(strcmp(got, normal) == 0, "%s: allocation %ld of %ld failed and the result differs", name,
				      n, total);
			free(got);
		} else {
			failed++;
			ck_assert_msg(rc == WUHONG_ENOMEM, "%s: allocation %ld of %ld failed and gave %d (%s)", name, n, total,
				      rc, err.message);
			ck_assert_msg(strstr(err.message, "out of memory") != NULL,
				      "%s: allocation %ld failed with the message '%s'", name, n, err.message);
		}
		ck_assert_msg(live == live0, "%s: allocation %ld of %ld failed and %ld blocks leak", name, n, total,
			      live - live0);
	}
	printf("%s: %ld allocations, each failed once: %ld reported out of memory, %ld recovered\n", name, total,
	       failed, total - failed);
	free(normal);
}

#define ENTRY(fn) \
	START_TEST(test_##fn) { every_failure(&#fn[2], fn); } /* the name past "e_" */ \
	END_TEST

ENTRY(e_policy_default)
ENTRY(e_policy_json)
ENTRY(e_policy_to_json)
ENTRY(e_policy_builder)
ENTRY(e_dataset_csv)
ENTRY(e_dataset_arrays)
ENTRY(e_dataset_xlsx)
ENTRY(e_problems)
ENTRY(e_board_html)
ENTRY(e_encode_gb18030)
ENTRY(e_dataset_roster)
ENTRY(e_evaluate)
ENTRY(e_evaluate_again)
ENTRY(e_explain)
ENTRY(e_tally)
ENTRY(e_lists)
ENTRY(e_adjustments_csv)
ENTRY(e_awards)
ENTRY(e_diff)
ENTRY(e_gaps)
ENTRY(e_review)
ENTRY(e_applications)
ENTRY(e_ledger_query)

static void setup(void)
{
	ck_assert_int_eq(wuhong_set_alloc_funcs(t_malloc, t_realloc, t_free), 0);
	load_inputs();
}

static void teardown(void)
{
	free_inputs();
	for (size_t k = 0; k < n_bound; k++)
		free(bound_cols[k]);
	n_bound = 0;
	queried_path[0] = '\0';
	ck_assert_msg(live == 0, "%ld blocks of libwuhong's are never freed", live);
	wuhong_set_alloc_funcs(NULL, NULL, NULL);
}

static Suite *make(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("every allocation fails once");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, test_e_policy_default);
	tcase_add_test(tc, test_e_policy_json);
	tcase_add_test(tc, test_e_policy_to_json);
	tcase_add_test(tc, test_e_policy_builder);
	tcase_add_test(tc, test_e_dataset_csv);
	tcase_add_test(tc, test_e_dataset_arrays);
	tcase_add_test(tc, test_e_dataset_xlsx);
	tcase_add_test(tc, test_e_problems);
	tcase_add_test(tc, test_e_board_html);
	tcase_add_test(tc, test_e_encode_gb18030);
	tcase_add_test(tc, test_e_dataset_roster);
	tcase_add_test(tc, test_e_evaluate);
	tcase_add_test(tc, test_e_evaluate_again);
	tcase_add_test(tc, test_e_explain);
	tcase_add_test(tc, test_e_tally);
	tcase_add_test(tc, test_e_lists);
	tcase_add_test(tc, test_e_adjustments_csv);
	tcase_add_test(tc, test_e_awards);
	tcase_add_test(tc, test_e_diff);
	tcase_add_test(tc, test_e_gaps);
	tcase_add_test(tc, test_e_review);
	tcase_add_test(tc, test_e_applications);
	tcase_add_test(tc, test_e_ledger_query);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(make)
