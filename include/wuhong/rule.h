/*
 * wuhong/rule.h — the rule language on its own: compile one expression
 * against a policy's indicators and evaluate it over a dataset.
 *
 * Criteria and vetoes inside a policy use the same compiler; this header is
 * for tools that check or try out an expression (what-if scripts, editors).
 */
#ifndef WUHONG_RULE_H
#define WUHONG_RULE_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "dataset.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_rule wuhong_rule;

/**
 * Compile a boolean expression whose names are p's indicators.
 *
 * @param out receives the rule; caller frees with wuhong_rule_free
 * @return 0, WUHONG_ERULE (line, column, excerpt with caret) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_rule_compile(wuhong_rule **out, const wuhong_policy *p, const char *text,
				      wuhong_error *err);

/** Free a rule. Accepts NULL. */
WUHONG_EXTERN void wuhong_rule_free(wuhong_rule *r);

/**
 * Evaluate the rule for every unit of ds, writing one wuhong_verdict per unit
 * (FAIL, MISSING or PASS) into out[0 .. count-1] (the caller's array).
 */
WUHONG_EXTERN int wuhong_rule_eval(uint8_t *out, const wuhong_rule *r, const wuhong_dataset *ds,
				   wuhong_error *err);

WUHONG_END_DECL

#endif
