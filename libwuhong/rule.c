/*
 * rule.c — the public face of the rule language: one expression compiled
 * against a policy's indicators and evaluated over a whole dataset.
 */
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "wuhong/rule.h"

struct wuhong_rule {
	wuhong_policy *policy;
	wh_arena arena;
	rule_ast ast;
	vm_program program;
};

void wuhong_rule_free(wuhong_rule *r)
{
	if (!r)
		return;
	wuhong_policy_free(r->policy);
	wh_arena_free(&r->arena);
	wh_free(r);
}

int wuhong_rule_compile(wuhong_rule **out, const wuhong_policy *p, const char *text, wuhong_error *err)
{
	if (!out || !p || !text)
		return wh_error(err, WUHONG_EINVAL, "wuhong_rule_compile: NULL argument");
	*out = NULL;
	wuhong_rule *r = wh_calloc(1, sizeof *r);
	if (!r)
		return wh_error_oom(err);
	char *copy = wh_arena_strdup(&r->arena, text);
	int rc = 0;
	if (!copy) {
		rc = wh_error_oom(err);
		goto out;
	}
	wh_pos origin = { "<rule>", 1, 1 };
	rc = rule_parse(&r->ast, copy, &p->syms, &origin, &r->arena, err);
	if (!rc) {
		const rule_ast *one = &r->ast;
		rc = vm_compile(&r->program, &one, 1, &r->arena, err);
	}
out:
	if (rc) {
		wuhong_rule_free(r);
		return rc;
	}
	r->policy = wuhong_policy_ref((wuhong_policy *)p);
	*out = r;
	return 0;
}

int wuhong_rule_eval(uint8_t *out, const wuhong_rule *r, const wuhong_dataset *ds, wuhong_error *err)
{
	if (!r || !ds || !out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_rule_eval: NULL argument");
	const pol_def *d = &r->policy->def;
	const double **cols = wh_calloc(d->n_indicators + 1, sizeof *cols);
	double **agg = wh_calloc(d->n_indicators + 1, sizeof *agg);
	vm_scratch scr = { 0 };
	int rc = 0;
	if (!cols || !agg || vm_scratch_init(&scr, r->program.n_regs)) {
		rc = wh_error_oom(err);
		goto out;
	}
	/* the rule's own indicators are the ones needed */
	bool *needed = wh_calloc(d->n_indicators + 1, sizeof *needed);
	if (!needed) {
		rc = wh_error_oom(err);
		goto out;
	}
	rule_mark_names(&r->ast, needed);
	rc = ev_resolve_columns(r->policy, ds, needed, cols, agg, NULL, err);
	wh_free(needed);
	if (rc)
		goto out;
	for (size_t base = 0; base < ds->n && !rc; base += VM_BLOCK) {
		size_t n = ds->n - base < VM_BLOCK ? ds->n - base : VM_BLOCK;
		for (size_t i = 0; i < d->n_indicators && !rc; i++)
			if (cols[i] && cols[i] != agg[i])
				rc = ev_check_range(r->policy, ds, i, cols[i], base, n, NULL, err);
		if (rc)
			break;
		vm_run(&r->program, &scr, cols, base, NULL, NULL, (int)n);
		memcpy(out + base, vm_output(&r->program, &scr, 0), n);
	}
out:
	if (agg)
		for (size_t i = 0; i < d->n_indicators; i++)
			wh_free(agg[i]);
	wh_free(agg);
	wh_free(cols);
	vm_scratch_free(&scr);
	return rc;
}
