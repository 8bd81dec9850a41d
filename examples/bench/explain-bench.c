/*
 * explain-bench — every unit's explanation, text included, in one run.
 *
 *   explain-bench DATA N REPS
 *
 * N units in DATA's format (bench-data.h), loaded and evaluated under the
 * embedded default policy; then, median of REPS, wuhong_evaluation_explain
 * of every unit and its text, beside the evaluation's own time.
 */
#include <wuhong.h>

#include "bench-data.h"

static int fail(const wuhong_error *err)
{
	char msg[1024];
	wuhong_error_format(err, msg, sizeof msg);
	fprintf(stderr, "explain-bench: %s\n", msg);
	return 1;
}

int main(int argc, char **argv)
{
	size_t n;
	int reps;
	char path[] = "/tmp/explain-bench-XXXXXX";
	if (bench_setup(argc, argv, 4, "explain-bench DATA N REPS", &n, &reps, path, NULL))
		return 2;
	wuhong_error err;
	wuhong_policy *p;
	wuhong_dataset *ds;
	wuhong_evaluation *ev;
	int rc = wuhong_dataset_load_csv(&ds, path, NULL, &err);
	unlink(path);
	if (rc || wuhong_policy_default(&p, &err))
		return fail(&err);
	double t0 = now();
	if (wuhong_evaluate(&ev, p, ds, NULL, &err))
		return fail(&err);
	double eval_s = now() - t0;
	double *times = malloc((size_t)reps * sizeof *times);
	size_t bytes = 0;
	for (int r = 0; r < reps; r++) {
		bytes = 0;
		t0 = now();
		for (size_t i = 0; i < n; i++) {
			wuhong_explanation *x;
			if (wuhong_evaluation_explain(&x, ev, i, &err))
				return fail(&err);
			bytes += strlen(wuhong_explanation_text(x));
			wuhong_explanation_free(x);
		}
		times[r] = now() - t0;
	}
	double explain_s = median(times, reps);
	printf("EXPLAIN n=%zu s=%.3f ups=%.4g text=%.0f bytes/unit (the evaluation: %.4f s, %.0fx)\n", n, explain_s,
	       (double)n / explain_s, (double)bytes / (double)n, eval_s, explain_s / eval_s);
	free(times);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	return 0;
}
