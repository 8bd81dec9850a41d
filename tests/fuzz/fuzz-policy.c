/*
 * fuzz-policy.c — a policy file (YAML or JSON) of any bytes. One that loads
 * must print a canonical JSON that loads again to the same fingerprint.
 */
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wuhong_policy *p = NULL;
	if (wuhong_policy_load_string(&p, (const char *)data, size, "fuzz.yaml", NULL) != 0)
		return 0;
	char *json = NULL;
	if (wuhong_policy_to_json(&json, p, NULL) == 0) {
		wuhong_policy *q = NULL;
		if (wuhong_policy_load_string(&q, json, strlen(json), "canonical.json", NULL) != 0)
			abort(); /* the canonical form must be a valid policy */
		if (strcmp(wuhong_policy_fingerprint(p), wuhong_policy_fingerprint(q)) != 0)
			abort(); /* and mean the same */
		wuhong_policy_free(q);
		wuhong_free(json);
	}
	wuhong_policy_free(p);
	return 0;
}
