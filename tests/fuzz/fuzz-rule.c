/*
 * fuzz-rule.c — one rule expression of any bytes, compiled against the
 * default policy's indicators and run over the bundled data's first units.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>

static wuhong_policy *policy;
static wuhong_dataset *data;

static const char csv[] =
	"id,name,sector,town,party_meetings,collective_income,industry_projects\n"
	"VL001,a,village,古绛镇,12,10,1\n"
	"VL002,b,village,横水镇,,3.5,0\n"
	"VL003,c,village,陈村镇,-1,1e300,\n";

int LLVMFuzzerTestOneInput(const unsigned char *bytes, size_t size)
{
	if (!policy && (wuhong_policy_default(&policy, NULL) ||
			wuhong_dataset_load_csv_string(&data, csv, sizeof csv - 1, "fuzz.csv", NULL, NULL)))
		abort();
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, bytes, size);
	text[size] = '\0';
	wuhong_rule *r = NULL;
	wuhong_error err;
	if (wuhong_rule_compile(&r, policy, text, &err) == 0) {
		uint8_t out[3] = { 0 };
		if (wuhong_rule_eval(out, r, data, NULL) == 0)
			for (int i = 0; i < 3; i++)
				if (out[i] > 2)
					abort(); /* a verdict is false, unknown or true */
		wuhong_rule_free(r);
	}
	free(text);
	return 0;
}
