/*
 * explain.c — why a unit got its flags: every criterion and veto, with the
 * clauses that decided it, built on demand for one unit.
 *
 * The rules themselves are explained by rule/explain.c; this file puts a
 * unit's criteria and vetoes together and formats them.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "wuhong/money.h"

struct wuhong_explanation {
	wh_arena arena;
	wuhong_reason *reasons;
	size_t n;
	char *text;
};

static const char *verdict_word(wuhong_verdict v)
{
	return v == WUHONG_PASS ? "pass" : v == WUHONG_FAIL ? "fail" : "missing";
}

/* Append the pieces, in order, up to a NULL: a line is strings put together,
 * no printf, the room for up to PUT_MAX pieces reserved at once. */
#define PUT_MAX 16
static void put_all(wh_buf *b, ...)
{
	va_list ap;
	va_start(ap, b);
	for (bool more = true; more;) {
		const char *piece[PUT_MAX];
		size_t len[PUT_MAX], n = 0, total = 0;
		while (n < PUT_MAX && (more = (piece[n] = va_arg(ap, const char *)) != NULL)) {
			len[n] = strlen(piece[n]);
			total += len[n++];
		}
		char *dst = wh_buf_grow(b, total);
		for (size_t k = 0; dst && k < n; k++) {
			memcpy(dst, piece[k], len[k]);
			dst += len[k];
		}
	}
	va_end(ap);
}

static void format_clause(wh_buf *b, const wuhong_clause *cl)
{
	char actual[48], threshold[48];
	wh_format_number(actual, sizeof actual, cl->actual);
	wh_format_number(threshold, sizeof threshold, cl->threshold);
	put_all(b, "      - ", cl->text, (const char *)NULL);
	if (cl->indicator)
		put_all(b, "   [", cl->indicator, cl->label ? " " : "", cl->label ? cl->label : "", " = ", actual,
			cl->unit && !isnan(cl->actual) ? " " : "", cl->unit && !isnan(cl->actual) ? cl->unit : "", "]",
			(const char *)NULL);
	else if (cl->op)
		put_all(b, "   [left side = ", actual, "]", (const char *)NULL);
	if (cl->op)
		put_all(b, " needs ", cl->op, " ", threshold, (const char *)NULL);
	put_all(b, " -> ", cl->verdict == WUHONG_PASS ? "true" : cl->verdict == WUHONG_FAIL ? "false" : "unknown (missing)",
		"\n", (const char *)NULL);
}

static char *format_text(const wuhong_evaluation *ev, size_t u, const wuhong_explanation *x)
{
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	wh_buf b = { 0 };
	wh_buf_reserve(&b, 2048); /* most explanations: one allocation (a failure shows at the end) */
	char yuan[32], mask[WUHONG_CRITERIA + 1];
	for (int c = 0; c < WUHONG_CRITERIA; c++)
		mask[c] = (ev->pass[u] >> c) & 1 ? '1' : '0';
	mask[WUHONG_CRITERIA] = '\0';
	/* flags and tier are single digits (at most five criteria) */
	char flags[] = { (char)('0' + ev->flags[u]), '/', (char)('0' + WUHONG_CRITERIA), '\0' };
	char tier[] = { (char)('0' + ev->tier[u]), '\0' };
	put_all(&b, ev->ds->ids[u], " ", ev->ds->names[u], " — ", s->key, " ", s->label ? s->label : "", ", ",
		wuhong_dataset_unit_town(ev->ds, u), "\n", (const char *)NULL);
	put_all(&b, "  flags ", flags, " (", mask, "), tier ", tier, ev->tier[u] ? " " : "",
		wuhong_policy_tier_name(p, ev->tier[u]), ", award ", wuhong_format_yuan(yuan, sizeof yuan, ev->amount[u]),
		" yuan\n", (const char *)NULL);
	if (ev->veto[u])
		wh_buf_puts(&b, "  no tier: vetoed (一票否决)\n");
	else if (s->prereq_bit >= 0 && !((ev->pass[u] >> s->prereq_bit) & 1) && ev->flags[u] > 0)
		wh_buf_printf(&b, "  no tier: the prerequisite %s (%s) is not passed\n", s->criteria[s->prereq_bit].key,
			      s->criteria[s->prereq_bit].label ? s->criteria[s->prereq_bit].label : "");
	for (size_t k = 0; k < x->n; k++) {
		const wuhong_reason *r = &x->reasons[k];
		if (r->is_veto)
			put_all(&b, "  [veto ",
				r->verdict == WUHONG_PASS ? "APPLIES" : r->verdict == WUHONG_FAIL ? "no" :
				"unknown, reported, does not veto", "] ", r->key, " ", r->label ? r->label : "", ": ", r->rule,
				"\n", (const char *)NULL);
		else
			put_all(&b, "  [", verdict_word(r->verdict), "] ", r->key, " ", r->label ? r->label : "", ": ", r->rule,
				"\n", (const char *)NULL);
		for (size_t c = 0; c < r->n_clauses; c++)
			format_clause(&b, &r->clauses[c]);
	}
	return wh_buf_steal(&b);
}

int wuhong_evaluation_explain(wuhong_explanation **out, const wuhong_evaluation *ev, size_t u,
			      wuhong_error *err)
{
	if (!out || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluation_explain: NULL argument");
	*out = NULL;
	if (u >= ev->n)
		return wh_error(err, WUHONG_EINVAL, "unit index %zu is past the end (%zu units)", u, ev->n);
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	wuhong_explanation *x = wh_calloc(1, sizeof *x);
	if (!x)
		return wh_error_oom(err);
	x->reasons = wh_calloc(WUHONG_CRITERIA + (size_t)s->n_vetoes, sizeof *x->reasons);
	int rc = x->reasons ? 0 : WUHONG_ENOMEM;
	for (int c = 0; c < WUHONG_CRITERIA && !rc; c++) {
		wuhong_reason *r = &x->reasons[x->n++];
		r->index = (size_t)c;
		r->key = s->criteria[c].key;
		r->label = s->criteria[c].label;
		r->rule = s->criteria[c].rule;
		rc = rule_explain(&x->arena, &p->syms, &s->criteria[c].ast, ev->cols, u, r);
	}
	for (int k = 0; k < s->n_vetoes && !rc; k++) {
		const pol_veto *v = &p->def.vetoes[s->veto_index[k]];
		wuhong_reason *r = &x->reasons[x->n++];
		r->is_veto = 1;
		r->index = (size_t)s->veto_index[k];
		r->key = v->key;
		r->label = v->label;
		r->rule = v->rule;
		rc = rule_explain(&x->arena, &p->syms, &v->ast, ev->cols, u, r);
	}
	if (!rc && !(x->text = format_text(ev, u, x)))
		rc = WUHONG_ENOMEM;
	if (rc) {
		wuhong_explanation_free(x);
		return wh_error_oom(err);
	}
	*out = x;
	return 0;
}

size_t wuhong_explanation_count(const wuhong_explanation *x)
{
	return x ? x->n : 0;
}

const wuhong_reason *wuhong_explanation_at(const wuhong_explanation *x, size_t k)
{
	return x && k < x->n ? &x->reasons[k] : NULL;
}

const char *wuhong_explanation_text(const wuhong_explanation *x)
{
	return x ? x->text : "";
}

void wuhong_explanation_free(wuhong_explanation *x)
{
	if (!x)
		return;
	wh_free(x->reasons);
	wh_free(x->text);
	wh_arena_free(&x->arena);
	wh_free(x);
}
