/*
 * fuzz-dataset.c — a data file of any bytes, in every encoding, then every
 * use of the result: evaluate, explain each unit, tally, lists, awards.
 * The first byte picks the encoding.
 */
#include <stdlib.h>
#include <wuhong.h>

static wuhong_policy *policy;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!policy && wuhong_policy_default(&policy, NULL))
		abort();
	if (size < 1)
		return 0;
	static const char *const encodings[] = { "auto", "utf-8", "gb18030", "gbk" };
	wuhong_csv_options o = WUHONG_CSV_OPTIONS_INIT;
	o.encoding = encodings[data[0] % 4];
	wuhong_dataset *ds = NULL;
	if (wuhong_dataset_load_csv_string(&ds, (const char *)data + 1, size - 1, "fuzz.csv", &o, NULL))
		return 0;
	wuhong_evaluation *ev = NULL;
	if (wuhong_evaluate(&ev, policy, ds, NULL, NULL) == 0) {
		size_t n = wuhong_evaluation_count(ev);
		for (size_t i = 0; i < n && i < 64; i++) {
			wuhong_explanation *x = NULL;
			if (wuhong_evaluation_explain(&x, ev, i, NULL) == 0)
				wuhong_explanation_free(x);
		}
		wuhong_tally *t = NULL;
		if (wuhong_evaluation_tally(&t, ev, WUHONG_BY_TOWN, NULL) == 0)
			wuhong_tally_free(t);
		wuhong_lists *l = NULL;
		if (wuhong_evaluation_lists(&l, ev, NULL) == 0)
			wuhong_lists_free(l);
		wuhong_awards *a = NULL;
		wuhong_award_options ao = WUHONG_AWARD_OPTIONS_INIT;
		ao.budget = 100000;
		if (wuhong_evaluation_awards(&a, ev, &ao, NULL) == 0)
			wuhong_awards_free(a);
		wuhong_evaluation_free(ev);
	}
	wuhong_dataset_free(ds);
	return 0;
}
