/*
 * cmd-gaps.c — `wuhong gaps DATA`: who to help next (帮扶名单), the units
 * below the next tier by the smallest gap first (wuhong/gaps.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A number for reading (ten significant digits), "" when not a number. */
static const char *num(char *buf, size_t size, double x)
{
	if (isnan(x) || isinf(x))
		return "";
	snprintf(buf, size, "%.10g", x);
	return buf;
}

/* Why a gap cannot be said, in the reader's language. */
static const char *why(const wuhong_gap *g)
{
	return language_zh() ? g->why_zh : g->why;
}

/* One gap in words: "party_meetings 10 次/年 needs >= 12, short 2 (16.7%)", or why there is none. */
static void gap_text(char *buf, size_t size, const wuhong_gap *g)
{
	char a[32], t[32], d[32];
	if (g->why || isnan(g->gap))
		snprintf(buf, size, _("%s: %s"), g->clause, g->why ? why(g) : _("no gap"));
	else
		snprintf(buf, size, _("%s %s%s%s needs %s %s, short %s (%.1f%%)"), g->indicator, num(a, sizeof a, g->actual),
			 g->unit ? " " : "", g->unit ? g->unit : "", g->op, num(t, sizeof t, g->threshold),
			 num(d, sizeof d, g->gap), g->relative * 100);
}

static int write_gaps(const session *s, const options *o, FILE *f)
{
	wuhong_error err;
	wuhong_gaps *list;
	int rc = wuhong_evaluation_gaps(&list, s->ev, &err);
	if (rc)
		return report(rc, &err);
	const wuhong_dataset *ds = s->data;
	const wuhong_policy *p = s->policy;
	static const char *const heads[] = { "rank", "id", "name", "town", "flags", "tier", "next", "short", "total",
					     "what to close" };
	table t;
	table_init(&t, 10);
	for (size_t k = 0; k < 5; k++)
		table_align_right(&t, k == 0 ? 0 : k + 3);
	table_add(&t, heads);
	json_t *units = json_array();
	static const char *const gap_columns[] = { "rank", "id", "name", "sector", "town", "committee", "flags",
						   "tier", "next_tier", "flags_short", "total", "criterion", "clause",
						   "indicator", "actual", "threshold", "gap", "relative", "why" };
	if (o->format == FMT_CSV)
		csv_header(f, gap_columns, sizeof gap_columns / sizeof gap_columns[0]);
	size_t rank = 0;
	for (size_t k = 0; k < wuhong_gaps_count(list); k++) {
		const wuhong_gap_unit *u = wuhong_gaps_at(list, k);
		if (!selected(s, o, u->unit))
			continue;
		rank++;
		char r[16], fl[8], ti[8], nx[8], sh[8], tot[32], text[1024] = "";
		snprintf(r, sizeof r, "%zu", rank);
		snprintf(fl, sizeof fl, "%u", u->flags);
		snprintf(ti, sizeof ti, "%u", u->tier);
		snprintf(nx, sizeof nx, "%u", u->next_tier);
		snprintf(sh, sizeof sh, "%u", u->flags_short);
		if (isinf(u->total))
			snprintf(tot, sizeof tot, "%s", u->vetoed ? "vetoed" : "-");
		else
			snprintf(tot, sizeof tot, "%.3f", u->total);
		json_t *crits = json_array();
		for (size_t c = 0; c < u->n_criteria; c++) {
			const wuhong_gap_criterion *cr = wuhong_gap_unit_criterion(u, c);
			json_t *gaps = json_array();
			for (size_t g = 0; g < cr->n_gaps; g++) {
				const wuhong_gap *gp = wuhong_gap_criterion_gap(cr, g);
				char one[512], a[32], th[32], d[32], rel[32];
				gap_text(one, sizeof one, gp);
				if (c < u->flags_short && strlen(text) + strlen(one) + 4 < sizeof text)
					snprintf(text + strlen(text), sizeof text - strlen(text), _("%s%s: %s"), *text ? _("; ") : "",
						 cr->key, one);
				json_array_append_new(gaps, json_pack("{s:s, s:s?, s:s?, s:o, s:o, s:o, s:o, s:s?, s:s?}", "clause",
								      gp->clause, "indicator", gp->indicator, "op", gp->op,
								      "actual", isnan(gp->actual) ? json_null() : json_real(gp->actual),
								      "threshold", isnan(gp->threshold) ? json_null() : json_real(gp->threshold),
								      "gap", isnan(gp->gap) ? json_null() : json_real(gp->gap),
								      "relative", isnan(gp->relative) ? json_null() : json_real(gp->relative),
								      "why", gp->why, "why_zh", gp->why_zh));
				if (o->format == FMT_CSV) {
					fprintf(f, "%zu,", rank);
					csv_field(f, wuhong_dataset_unit_id(ds, u->unit), false);
					csv_field(f, wuhong_dataset_unit_name(ds, u->unit), false);
					csv_field(f, wuhong_policy_sector_key(p, wuhong_evaluation_sectors(s->ev)[u->unit]), false);
					csv_field(f, wuhong_dataset_unit_town(ds, u->unit), false);
					csv_field(f, wuhong_dataset_unit_committee(ds, u->unit), false);
					fprintf(f, "%u,%u,%u,%u,%s,", u->flags, u->tier, u->next_tier, u->flags_short,
						isinf(u->total) ? "" : tot);
					csv_field(f, cr->key, false);
					csv_field(f, gp->clause, false);
					csv_field(f, gp->indicator ? gp->indicator : "", false);
					fprintf(f, "%s,%s,%s,", num(a, sizeof a, gp->actual), gp->op ? num(th, sizeof th, gp->threshold) : "",
						num(d, sizeof d, gp->gap));
					fprintf(f, "%s,", num(rel, sizeof rel, gp->relative));
					csv_field(f, gp->why ? why(gp) : "", true);
				}
			}
			json_array_append_new(crits, json_pack("{s:s, s:s?, s:b, s:b, s:o, s:o}", "key", cr->key, "label", cr->label,
							       "prerequisite", cr->prerequisite, "counted", c < u->flags_short,
							       "cost", isinf(cr->cost) ? json_null() : json_real(cr->cost), "gaps", gaps));
		}
		if (u->vetoed)
			snprintf(text, sizeof text, "%s", _("vetoed (一票否决): no gap closes a veto"));
		const char *row[] = { r, wuhong_dataset_unit_id(ds, u->unit), wuhong_dataset_unit_name(ds, u->unit),
				      wuhong_dataset_unit_town(ds, u->unit), fl, ti, nx, sh, tot, text };
		table_add(&t, row);
		json_array_append_new(units, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:i, s:i, s:i, s:i, s:o, s:b, s:o}", "rank",
						       (json_int_t)rank, "id", wuhong_dataset_unit_id(ds, u->unit), "name",
						       wuhong_dataset_unit_name(ds, u->unit), "town", wuhong_dataset_unit_town(ds, u->unit),
						       "committee", wuhong_dataset_unit_committee(ds, u->unit), "flags", (int)u->flags,
						       "tier", (int)u->tier, "next_tier", (int)u->next_tier, "flags_short",
						       (int)u->flags_short, "total", isinf(u->total) ? json_null() : json_real(u->total),
						       "vetoed", u->vetoed, "criteria", crits));
	}
	if (o->format == FMT_JSON) {
		json_t *root = json_pack("{s:o, s:o}", "policy", policy_json(p), "units", units);
		json_write(root, f);
		json_decref(root);
	} else {
		json_decref(units);
	}
	if (o->format == FMT_TABLE) {
		fprintf(f, _("帮扶名单 (who to help next): %zu units below the next tier, the smallest gap first\n"), rank);
		table_print(&t, f);
	}
	table_free(&t);
	wuhong_gaps_free(list);
	return 0;
}

int cmd_gaps(int argc, char **argv)
{
	return run_data_command(argc, argv, "gaps needs one data file: wuhong gaps DATA.csv", write_gaps);
}
