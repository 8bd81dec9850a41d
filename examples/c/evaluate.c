/*
 * evaluate.c — the C guide's example (docs/c-api.md): evaluate a CSV under
 * the embedded default policy, print the tiers by sector, and explain one
 * unit.
 *
 *   cc -o evaluate evaluate.c $(pkg-config --cflags --libs wuhong)
 *   ./evaluate examples/data/jiangxian.csv VL002
 */
#include <stdio.h>
#include <wuhong.h>

static int fail(int rc, const wuhong_error *err)
{
	char msg[1024];
	wuhong_error_format(err, msg, sizeof msg);
	fprintf(stderr, "evaluate: %s\n", msg);
	return rc == WUHONG_EIO ? 3 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: evaluate DATA.csv [UNIT_ID]\n");
		return 2;
	}
	wuhong_error err;
	wuhong_policy *policy = NULL;
	wuhong_dataset *data = NULL;
	wuhong_evaluation *ev = NULL;
	wuhong_tally *tally = NULL;
	int rc, status = 0;

	/* 1. the rules: the embedded Jiang County policy (or wuhong_policy_load) */
	if ((rc = wuhong_policy_default(&policy, &err)))
		return fail(rc, &err);
	/* 2. the units and their indicators */
	if ((rc = wuhong_dataset_load_csv(&data, argv[1], NULL, &err))) {
		status = fail(rc, &err);
		goto out;
	}
	/* 3. judge every unit; the results are columns we may read directly */
	if ((rc = wuhong_evaluate(&ev, policy, data, NULL, &err)) ||
	    (rc = wuhong_evaluation_tally(&tally, ev, WUHONG_BY_SECTOR, &err))) {
		status = fail(rc, &err);
		goto out;
	}
	printf("%-20s %6s %6s %6s %6s\n", "sector", "units", "5", "4", "3");
	for (size_t k = 0; k < wuhong_tally_count(tally); k++) {
		const wuhong_tally_row *r = wuhong_tally_at(tally, k);
		printf("%-20s %6zu %6zu %6zu %6zu\n", r->group, r->units, r->by_tier[5], r->by_tier[4],
		       r->by_tier[3]);
	}
	char yuan[32];
	printf("five-flag units: %zu; scheduled awards %s yuan\n", wuhong_tally_total(tally)->by_tier[5],
	       wuhong_format_yuan(yuan, sizeof yuan, wuhong_tally_total(tally)->amount));

	/* 4. why one unit got what it got */
	if (argc > 2) {
		size_t i;
		wuhong_explanation *x;
		if (wuhong_dataset_find(&i, data, argv[2], NULL) != 0) {
			fprintf(stderr, "evaluate: no unit '%s'\n", argv[2]);
			status = 1;
			goto out;
		}
		if ((rc = wuhong_evaluation_explain(&x, ev, i, &err))) {
			status = fail(rc, &err);
			goto out;
		}
		fputs(wuhong_explanation_text(x), stdout);
		wuhong_explanation_free(x);
	}
out:
	wuhong_tally_free(tally);
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(data);
	wuhong_policy_free(policy);
	return status;
}
