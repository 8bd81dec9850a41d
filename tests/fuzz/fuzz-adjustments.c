/*
 * fuzz-adjustments.c — an adjustments, a decisions or a creation-list file of
 * any bytes (the first byte picks which); adjustments are then applied to
 * awards, a creation list reviewed into a ledger in memory.
 */
#include <stdlib.h>
#include <wuhong.h>

static wuhong_policy *policy;
static wuhong_evaluation *ev;

/* five criteria f >= 1 .. f >= 5, and awards, so adjustments have something to adjust */
static const char policy_text[] =
	"wuhong: 1\n"
	"indicators: [{key: f, type: count}]\n"
	"sectors:\n"
	"  - key: village\n"
	"    criteria:\n"
	"      - {key: c1, rule: f >= 1}\n"
	"      - {key: c2, rule: f >= 2}\n"
	"      - {key: c3, rule: f >= 3}\n"
	"      - {key: c4, rule: f >= 4}\n"
	"      - {key: c5, rule: f >= 5}\n"
	"tiers: [{flags: 5, name: five}, {flags: 3, name: three}]\n"
	"awards: {village: {5: 600, 3: 200}}\n";

static const char csv[] = "id,name,sector,town,f\nVL001,a,village,t,5\nVL002,b,village,t,3\nVL003,c,village,t,\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!policy) {
		wuhong_dataset *ds = NULL;
		if (wuhong_policy_load_string(&policy, policy_text, sizeof policy_text - 1, "fuzz.yaml", NULL) ||
		    wuhong_dataset_load_csv_string(&ds, csv, sizeof csv - 1, "fuzz.csv", NULL, NULL) ||
		    wuhong_evaluate(&ev, policy, ds, NULL, NULL))
			abort();
		wuhong_dataset_free(ds);
	}
	if (size < 1)
		return 0;
	if (data[0] % 3 == 2) {
		wuhong_applications *a = NULL;
		if (wuhong_applications_load_csv_string(&a, (const char *)data + 1, size - 1, "apps.csv", NULL, NULL) == 0) {
			wuhong_ledger *l = NULL;
			wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
			o.applications = a;
			if (wuhong_ledger_open(&l, ":memory:", NULL) == 0)
				wuhong_review(NULL, NULL, l, "2023", ev, &o, NULL);
			wuhong_ledger_free(l);
			wuhong_applications_free(a);
		}
		return 0;
	}
	if (data[0] % 3 == 1) {
		wuhong_decisions *d = NULL;
		if (wuhong_decisions_load_csv_string(&d, (const char *)data + 1, size - 1, "d.csv", NULL, NULL) == 0)
			wuhong_decisions_free(d);
		return 0;
	}
	wuhong_adjustments *a = NULL;
	if (wuhong_adjustments_load_csv_string(&a, (const char *)data + 1, size - 1, "a.csv", NULL, NULL) == 0) {
		wuhong_awards *aw = NULL;
		wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
		o.adjustments = a;
		if (wuhong_evaluation_awards(&aw, ev, &o, NULL) == 0)
			wuhong_awards_free(aw);
		wuhong_adjustments_free(a);
	}
	return 0;
}
