/*
 * policy-default.c — the embedded Jiang County policy
 * (data/jiangxian-policy.yaml, compiled in by tools/embed.py).
 */
#include "policy-internal.h"

extern const char wh_default_policy[];
extern const size_t wh_default_policy_len;

const char *wuhong_policy_default_source(void)
{
	return wh_default_policy;
}

int wuhong_policy_default(wuhong_policy **out, wuhong_error *err)
{
	return wuhong_policy_load_string(out, wh_default_policy, wh_default_policy_len,
					 "<default policy>", err);
}
