/*
 * fuzz-panel.c — panel observations of any bytes over a small fixed data
 * set, then an evaluation that aggregates them.
 */
#include <stdlib.h>
#include <wuhong.h>

static wuhong_policy *policy;

/* criteria on a panel score, aggregated as the trimmed mean */
static const char policy_text[] =
	"wuhong: 1\n"
	"indicators: [{key: f, type: count}, {key: panel_party, type: score, aggregate: trimmed_mean}]\n"
	"sectors:\n"
	"  - key: village\n"
	"    criteria:\n"
	"      - {key: c1, rule: panel_party >= 80}\n"
	"      - {key: c2, rule: f >= 2}\n"
	"      - {key: c3, rule: f >= 3}\n"
	"      - {key: c4, rule: f >= 4}\n"
	"      - {key: c5, rule: f >= 5 or panel_party > 90}\n"
	"tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\n"
	"awards: {village: {5: 600, 3: 200}}\n";

static const char csv[] = "id,name,sector,town,f\nVL001,a,village,t,5\nVL002,b,village,t,3\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!policy && wuhong_policy_load_string(&policy, policy_text, sizeof policy_text - 1, "fuzz.yaml", NULL))
		abort();
	wuhong_dataset *ds = NULL;
	if (wuhong_dataset_load_csv_string(&ds, csv, sizeof csv - 1, "fuzz.csv", NULL, NULL))
		abort();
	if (wuhong_dataset_load_panel_string(ds, (const char *)data, size, "panel.csv", NULL, NULL) == 0) {
		wuhong_evaluation *ev = NULL;
		if (wuhong_evaluate(&ev, policy, ds, NULL, NULL) == 0)
			wuhong_evaluation_free(ev);
	}
	wuhong_dataset_free(ds);
	return 0;
}
