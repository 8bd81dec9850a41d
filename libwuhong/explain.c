/*
 * explain.c — why a unit got its flags: every criterion and veto, with the
 * clauses that decided it, built on demand for one unit.
 *
 * The rules themselves are explained by rule/explain.c; this file puts a
 * unit's criteria and vetoes together and formats them.
 */
#include <stdarg.h>
#include <stdio.h>
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

/*
 * The lines of an explanation's text, each a template in the caller's
 * language (util/i18n.h) with {1}..{9} for its pieces: a translator sees
 * whole lines. Each is looked up once per explanation, when first used.
 */
enum {
	L_HEAD, L_FLAGS, L_VETOED, L_PREREQ, L_PASS, L_FAIL, L_MISSING, L_VETO_APPLIES, L_VETO_NO, L_VETO_UNKNOWN,
	L_LEFT, L_NEEDS, L_TRUE, L_FALSE, L_UNKNOWN, L_N
};
static const char *const line_ids[L_N] = {
	[L_HEAD] = N_("{1} {2} — {3} {4}, {5}\n"),
	[L_FLAGS] = N_("  flags {1} ({2}), tier {3}, award {4} yuan\n"),
	[L_VETOED] = N_("  no tier: vetoed (一票否决)\n"),
	[L_PREREQ] = N_("  no tier: the prerequisite {1} ({2}) is not passed\n"),
	[L_PASS] = N_("  [pass] {1} {2}: {3}\n"),
	[L_FAIL] = N_("  [fail] {1} {2}: {3}\n"),
	[L_MISSING] = N_("  [missing] {1} {2}: {3}\n"),
	[L_VETO_APPLIES] = N_("  [veto APPLIES] {1} {2}: {3}\n"),
	[L_VETO_NO] = N_("  [veto no] {1} {2}: {3}\n"),
	[L_VETO_UNKNOWN] = N_("  [veto unknown, reported, does not veto] {1} {2}: {3}\n"),
	[L_LEFT] = N_("   [left side = {1}]"),
	[L_NEEDS] = N_(" needs {1} {2}"),
	[L_TRUE] = N_(" -> true\n"),
	[L_FALSE] = N_(" -> false\n"),
	[L_UNKNOWN] = N_(" -> unknown (missing)\n"),
};

typedef struct lines {
	const char *text[L_N];
} lines;

static const char *line(lines *l, int k)
{
	if (!l->text[k])
		l->text[k] = wh_tr(line_ids[k]);
	return l->text[k];
}

/* A line's template with its pieces put in ({1} is values[0]); no printf. */
static void put_line(wh_buf *b, const char *tmpl, const char *const *values, int n)
{
	size_t len[9] = { 0 }, total = 0;
	for (int k = 0; k < n && k < 9; k++)
		len[k] = strlen(values[k]);
	for (const char *c = tmpl; *c; c++) {
		bool piece = c[0] == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}' && c[1] - '1' < n;
		total += piece ? len[c[1] - '1'] : 1;
		c += piece ? 2 : 0;
	}
	char *dst = wh_buf_grow(b, total);
	if (!dst)
		return;
	for (const char *c = tmpl; *c; c++) {
		if (c[0] == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}' && c[1] - '1' < n) {
			int k = c[1] - '1';
			memcpy(dst, values[k], len[k]);
			dst += len[k];
			c += 2;
		} else {
			*dst++ = *c;
		}
	}
}

#define PUT_LINE(b, tmpl, ...) do { \
		const char *const v_[] = { __VA_ARGS__ }; \
		put_line(b, tmpl, v_, (int)(sizeof v_ / sizeof *v_)); \
	} while (0)

static int verdict_index(wuhong_verdict v)
{
	return v == WUHONG_PASS ? 0 : v == WUHONG_FAIL ? 1 : 2;
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

static void format_clause(wh_buf *b, const wuhong_clause *cl, lines *l)
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
		PUT_LINE(b, line(l, L_LEFT), actual);
	if (cl->op)
		PUT_LINE(b, line(l, L_NEEDS), cl->op, threshold);
	wh_buf_puts(b, line(l, L_TRUE + verdict_index(cl->verdict)));
}

static char *format_text(const wuhong_evaluation *ev, size_t u, const wuhong_explanation *x)
{
	const wuhong_policy *p = ev->policy;
	const pol_sector *s = &p->def.sectors[ev->sector[u]];
	lines l = { { NULL } };
	wh_buf b = { 0 };
	wh_buf_reserve(&b, 2048); /* most explanations: one allocation (a failure shows at the end) */
	char yuan[32], mask[WUHONG_CRITERIA + 1];
	for (int c = 0; c < WUHONG_CRITERIA; c++)
		mask[c] = (ev->pass[u] >> c) & 1 ? '1' : '0';
	mask[WUHONG_CRITERIA] = '\0';
	/* flags and tier are single digits (at most five criteria) */
	char flags[] = { (char)('0' + ev->flags[u]), '/', (char)('0' + WUHONG_CRITERIA), '\0' };
	char tier[64];
	snprintf(tier, sizeof tier, "%u%s%s", ev->tier[u], ev->tier[u] ? " " : "", wuhong_policy_tier_name(p, ev->tier[u]));
	PUT_LINE(&b, line(&l, L_HEAD), ev->ds->ids[u], ev->ds->names[u], s->key, s->label ? s->label : "",
		 wuhong_dataset_unit_town(ev->ds, u));
	PUT_LINE(&b, line(&l, L_FLAGS), flags, mask, tier, wuhong_format_yuan(yuan, sizeof yuan, ev->amount[u]));
	if (ev->veto[u])
		wh_buf_puts(&b, line(&l, L_VETOED));
	else if (s->prereq_bit >= 0 && !((ev->pass[u] >> s->prereq_bit) & 1) && ev->flags[u] > 0)
		PUT_LINE(&b, line(&l, L_PREREQ), s->criteria[s->prereq_bit].key,
			 s->criteria[s->prereq_bit].label ? s->criteria[s->prereq_bit].label : "");
	for (size_t k = 0; k < x->n; k++) {
		const wuhong_reason *r = &x->reasons[k];
		int which = (r->is_veto ? L_VETO_APPLIES : L_PASS) + verdict_index(r->verdict);
		PUT_LINE(&b, line(&l, which), r->key, r->label ? r->label : "", r->rule);
		for (size_t c = 0; c < r->n_clauses; c++)
			format_clause(&b, &r->clauses[c], &l);
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
