/*
 * tier-bench — the tier-bench v1 workload (shared/bench/SPEC.md) on
 * libwuhong: the rules written as a policy in the rule language, the data in
 * caller-owned columns bound without copying, the median of REPS
 * evaluations. The same run times a hand-written C loop over an array of
 * structs (`&&` conditions, the way one would first write it) and prints
 * its speed as REFERENCE, so every run shows the ratio.
 *
 *   tier-bench N REPS [THREADS [ledger]]
 *
 * THREADS defaults to 0, libwuhong's automatic choice (one per CPU for a
 * large dataset); pass 1 to measure a single thread. With `ledger`, the
 * same units (now with ids) are also recorded in a temporary SQLite ledger
 * for two years — the creation year, then a re-review in which every tenth
 * unit loses its prerequisite — and a replay of the second; each is timed
 * once and compared with the evaluation's time.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <wuhong.h>

#include "sqlite-floor.h"

#define DOMAINS 8
#define INDICATORS 10

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Sum of every value of the ten columns, column by column: the fastest
 * honest way to read them once (vectors of four doubles, four accumulators,
 * AVX2 where the machine has it), so the loop is bound by memory. */
typedef double v4d __attribute__((vector_size(32)));

#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static double proxy_sum(double *const *cols, size_t n)
{
	double total = 0;
	for (int k = 0; k < INDICATORS; k++) {
		const double *c = cols[k];
		v4d a = { 0 }, b = { 0 }, d = { 0 }, e = { 0 };
		size_t i = 0;
		for (; i + 16 <= n; i += 16) {
			v4d x, y, z, w;
			memcpy(&x, c + i, sizeof x);
			memcpy(&y, c + i + 4, sizeof y);
			memcpy(&z, c + i + 8, sizeof z);
			memcpy(&w, c + i + 12, sizeof w);
			a += x;
			b += y;
			d += z;
			e += w;
		}
		v4d s = a + b + d + e;
		total += s[0] + s[1] + s[2] + s[3];
		for (; i < n; i++)
			total += c[i];
	}
	return total;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of n times (sorted in place). */
static double median_of(double *times, int n)
{
	qsort(times, (size_t)n, sizeof *times, cmp_double);
	return times[n / 2];
}

static const char *const sector_keys[DOMAINS] = { "village", "community", "organ", "state_enterprise",
						  "private_enterprise", "social_org", "hospital", "school" };

/* The SPEC's rules as a policy file. */
static char *bench_policy(void)
{
	size_t cap = 16384, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
#define P(...) len += (size_t)snprintf(s + len, cap - len, __VA_ARGS__)
	P("wuhong: 1\nname: tier-bench v1\nindicators:\n");
	for (int k = 0; k < INDICATORS; k++)
		P("  - {key: x%d, type: number}\n", k);
	P("sectors:\n");
	for (int d = 0; d < DOMAINS; d++) {
		P("  - key: %s\n    criteria:\n", sector_keys[d]);
		for (int c = 0; c < 5; c++)
			P("      - {key: c%d, rule: \"x%d >= %d and x%d >= %d\"}\n", c, 2 * c, 30 + 2 * d + c, 2 * c + 1,
			  25 + d + 3 * c);
	}
	P("prerequisite: c0\ntiers:\n  - {flags: 5}\n  - {flags: 4}\n  - {flags: 3}\nawards:\n");
	for (int d = 0; d < DOMAINS; d++)
		P("  %s: {5: %d, 4: %d, 3: %d}\n", sector_keys[d], d < 2 ? 60000 : 30000, d < 2 ? 30000 : 15000,
		  d < 2 ? 20000 : 10000);
#undef P
	return s;
}

struct unit {
	int d;
	double x[INDICATORS];
};

static const int64_t award_yuan[DOMAINS][6] = {
	{ 0, 0, 0, 20000, 30000, 60000 }, { 0, 0, 0, 20000, 30000, 60000 },
	{ 0, 0, 0, 10000, 15000, 30000 }, { 0, 0, 0, 10000, 15000, 30000 },
	{ 0, 0, 0, 10000, 15000, 30000 }, { 0, 0, 0, 10000, 15000, 30000 },
	{ 0, 0, 0, 10000, 15000, 30000 }, { 0, 0, 0, 10000, 15000, 30000 },
};

/* The reference: plain C, one unit at a time. */
static int64_t reference(const struct unit *u, size_t n, uint8_t *tier)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		int d = u[i].d, flags = 0;
		const double *x = u[i].x;
		int c0 = x[0] >= 30 + 2 * d && x[1] >= 25 + d;
		flags += c0;
		flags += x[2] >= 31 + 2 * d && x[3] >= 28 + d;
		flags += x[4] >= 32 + 2 * d && x[5] >= 31 + d;
		flags += x[6] >= 33 + 2 * d && x[7] >= 34 + d;
		flags += x[8] >= 34 + 2 * d && x[9] >= 37 + d;
		int t = flags == 5 ? 5 : (flags >= 3 && c0) ? flags : 0;
		tier[i] = (uint8_t)t;
		total += award_yuan[d][t];
	}
	return total;
}

static int fail(const char *what, const wuhong_error *err)
{
	char msg[1024];
	wuhong_error_format(err, msg, sizeof msg);
	fprintf(stderr, "tier-bench: %s: %s\n", what, msg);
	return 1;
}

/* Evaluate and record one period; its wall time in *secs. */
static int record(wuhong_ledger *l, const char *period, const wuhong_policy *p, const wuhong_dataset *ds,
		  unsigned threads, double *secs, int *replayed)
{
	wuhong_error err;
	wuhong_evaluate_options eo = WUHONG_EVALUATE_OPTIONS_INIT;
	eo.threads = threads;
	wuhong_evaluation *ev;
	if (wuhong_evaluate(&ev, p, ds, &eo, &err))
		return fail(period, &err);
	double t0 = now();
	int rc = wuhong_review(NULL, replayed, l, period, ev, NULL, &err);
	*secs = now() - t0;
	wuhong_evaluation_free(ev);
	return rc ? fail(period, &err) : 0;
}

/* The ledger mode: two yearly reviews and a replay of the second. */
static int bench_ledger(const wuhong_policy *p, size_t n, double **cols, unsigned threads, double eval_s)
{
	wuhong_error err;
	wuhong_dataset *ds;
	if (wuhong_dataset_new(&ds, n, &err))
		return fail("dataset", &err);
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "U%08zu", i);
		if (wuhong_dataset_set_unit(ds, i, id, id, sector_keys[i % DOMAINS], "t", NULL, &err))
			return fail("dataset", &err);
	}
	for (int k = 0; k < INDICATORS; k++) {
		char name[8];
		snprintf(name, sizeof name, "x%d", k);
		wuhong_dataset_bind_column(ds, name, cols[k], NULL);
	}
	char path[] = "/tmp/tier-bench-ledger-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "tier-bench: cannot create a temporary ledger\n");
		return 1;
	}
	close(fd);
	unlink(path); /* the ledger creates it */
	wuhong_ledger *l;
	double creation_s = 0, review_s = 0, replay_s = 0;
	int replayed = 0, rc = wuhong_ledger_open(&l, path, &err) ? fail("ledger", &err) : 0;
	if (!rc)
		rc = record(l, "2023", p, ds, threads, &creation_s, &replayed);
	/* the floor: the rows of that first review, inserted by a plain program */
	double floor_s = 0;
	size_t rows = 0;
	struct stat sb;
	long long bytes = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
	if (!rc && sqlite_floor(path, &floor_s, &rows)) {
		fprintf(stderr, "tier-bench: the SQLite floor failed\n");
		rc = 1;
	}
	if (!rc)
		printf("LEDGER-FLOOR n=%zu rows=%zu review_s=%.3f floor_s=%.3f (%.2fx the SQLite floor), %.0f bytes/unit\n", n,
		       rows, creation_s, floor_s, creation_s / floor_s, (double)bytes / (double)n);
	for (size_t i = 0; i < n; i += 10) /* every tenth unit loses its prerequisite (c0) */
		cols[0][i] = 0;
	if (!rc)
		rc = record(l, "2024", p, ds, threads, &review_s, &replayed);
	if (!rc)
		rc = record(l, "2024", p, ds, threads, &replay_s, &replayed);
	if (!rc && !replayed) {
		fprintf(stderr, "tier-bench: the same period with the same inputs was not a replay\n");
		rc = 1;
	}
	if (!rc)
		printf("LEDGER n=%zu eval_s=%.4f creation_s=%.3f review_s=%.3f replay_s=%.3f (%.3g, %.3g, %.3g units/s; "
		       "%.0fx, %.0fx, %.1fx the evaluation)\n",
		       n, eval_s, creation_s, review_s, replay_s, (double)n / creation_s, (double)n / review_s,
		       (double)n / replay_s, creation_s / eval_s, review_s / eval_s, replay_s / eval_s);
	wuhong_ledger_free(l);
	wuhong_dataset_free(ds);
	unlink(path);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tier-bench N REPS [THREADS]\n");
		return 2;
	}
	size_t n = strtoull(argv[1], NULL, 10);
	int reps = atoi(argv[2]);
	unsigned threads = argc > 3 ? (unsigned)atoi(argv[3]) : 0;
	bool ledger = argc > 4 && strcmp(argv[4], "ledger") == 0;
	if (n == 0 || reps < 1 || (argc > 4 && !ledger)) {
		fprintf(stderr, "usage: tier-bench N REPS [THREADS [ledger]] (N and REPS positive)\n");
		return 2;
	}
	double *cols[INDICATORS];
	uint16_t *codes = malloc(n * sizeof *codes);
	struct unit *aos = malloc(n * sizeof *aos);
	uint8_t *ref_tier = malloc(n);
	for (int k = 0; k < INDICATORS; k++)
		cols[k] = malloc(n * sizeof(double));
	uint64_t seed = 42;
	for (size_t i = 0; i < n; i++) {
		codes[i] = (uint16_t)(i % DOMAINS);
		aos[i].d = (int)(i % DOMAINS);
		for (int k = 0; k < INDICATORS; k++) {
			double x = (double)(splitmix64(&seed) >> 11) * 0x1.0p-53 * 100.0;
			cols[k][i] = x;
			aos[i].x[k] = x;
		}
	}

	wuhong_error err;
	wuhong_policy *policy;
	wuhong_dataset *ds;
	char *text = bench_policy();
	if (!text || wuhong_policy_load_string(&policy, text, strlen(text), "tier-bench policy", &err) ||
	    wuhong_dataset_new(&ds, n, &err) ||
	    wuhong_dataset_set_sector_codes(ds, codes, sector_keys, DOMAINS, &err)) {
		char msg[1024];
		wuhong_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "tier-bench: %s\n", msg);
		return 1;
	}
	free(text);
	for (int k = 0; k < INDICATORS; k++) {
		char name[8];
		snprintf(name, sizeof name, "x%d", k);
		wuhong_dataset_bind_column(ds, name, cols[k], NULL);
	}

	/* The first evaluation makes the result columns; it is timed apart. Then
	 * each repetition times, one after the other, the memory-speed proxy
	 * (every column read once and summed, one thread: what evaluation would
	 * cost if it only streamed its input), the reference loop, a re-run
	 * (wuhong_evaluate_again: no allocation) and a re-run with the tally by
	 * sector — interleaved, so that a machine whose speed drifts during the
	 * run moves all four alike and their ratios stay true. Medians. */
	wuhong_evaluate_options opts = WUHONG_EVALUATE_OPTIONS_INIT;
	opts.threads = threads;
	wuhong_evaluation *ev = NULL;
	double t0 = now();
	if (wuhong_evaluate(&ev, policy, ds, &opts, &err))
		return fail("evaluate", &err);
	printf("FIRST eval_s=%.6f (allocating the results)\n", now() - t0);
	double *proxy_times = malloc((size_t)reps * 4 * sizeof *proxy_times);
	double *ref_times = proxy_times + reps, *eval_times = ref_times + reps, *tally_times = eval_times + reps;
	volatile double proxy_sink = 0;
	int64_t ref_total = 0;
	for (int r = 0; r < reps; r++) {
		t0 = now();
		proxy_sink += proxy_sum(cols, n);
		proxy_times[r] = now() - t0;

		t0 = now();
		ref_total = reference(aos, n, ref_tier);
		ref_times[r] = now() - t0;

		t0 = now();
		if (wuhong_evaluate_again(ev, &opts, &err))
			return fail("evaluate again", &err);
		eval_times[r] = now() - t0;

		t0 = now();
		wuhong_tally *tally = NULL;
		if (wuhong_evaluate_again(ev, &opts, &err) || wuhong_evaluation_tally(&tally, ev, WUHONG_BY_SECTOR, &err))
			return fail("tally", &err);
		tally_times[r] = now() - t0;
		wuhong_tally_free(tally);
	}
	(void)proxy_sink; /* read only so that the sums are not optimised away */
	double proxy_s = median_of(proxy_times, reps), ref_s = median_of(ref_times, reps);
	double eval_s = median_of(eval_times, reps), tally_s = median_of(tally_times, reps);
	free(proxy_times);

	size_t counts[DOMAINS][4] = { { 0 } };
	int64_t award_fen = 0;
	const uint8_t *tier = wuhong_evaluation_tiers(ev);
	const int64_t *amount = wuhong_evaluation_amounts(ev);
	size_t mismatches = 0;
	for (size_t i = 0; i < n; i++) {
		int slot = tier[i] == 0 ? 0 : tier[i] - 2;
		counts[i % DOMAINS][slot]++;
		award_fen += amount[i];
		mismatches += tier[i] != ref_tier[i];
	}
	if (mismatches || award_fen != ref_total * 100) {
		fprintf(stderr, "tier-bench: libwuhong and the reference disagree (%zu tiers differ)\n", mismatches);
		return 1;
	}
	printf("PROXY ups=%.4g\n", (double)n / proxy_s);
	printf("REFERENCE ups=%.4g\n", (double)n / ref_s);
	printf("TALLY eval_s=%.6f eval_and_tally_s=%.6f (%.3fx the evaluation alone)\n", eval_s, tally_s,
	       tally_s / eval_s);
	printf("RATIOS %.2fx the proxy, %.2fx the reference (threads=%u%s, kernel %s)\n", proxy_s / eval_s,
	       ref_s / eval_s, threads, threads == 0 ? ", automatic" : "", wuhong_evaluation_kernel(ev));
	if (ledger && bench_ledger(policy, n, cols, threads, eval_s))
		return 1;
	printf("RESULT engine=libwuhong n=%zu eval_s=%.6f ups=%.4g award=%lld counts=", n, eval_s, (double)n / eval_s,
	       (long long)(award_fen / 100));
	for (int d = 0; d < DOMAINS; d++)
		for (int k = 0; k < 4; k++)
			printf("%zu%s", counts[d][k], d == DOMAINS - 1 && k == 3 ? "\n" : ",");

	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(policy);
	for (int k = 0; k < INDICATORS; k++)
		free(cols[k]);
	free(codes);
	free(aos);
	free(ref_tier);
	return 0;
}
