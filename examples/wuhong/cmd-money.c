/*
 * cmd-money.c — `wuhong awards` (award money with adjustments and a
 * budget) and `wuhong diff` (what-if between two policies).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const group_names[] = { "sector", "town", "committee", "tier" };
static const char *const group_titles[] = { N_("\nby sector:\n"), N_("\nby town:\n"), N_("\nby committee:\n"),
					    N_("\nby tier:\n") };

static void write_totals_table(const wuhong_policy *p, wuhong_tally *t, wuhong_grouping by, FILE *f)
{
	(void)p;
	static const char *const header[] = { "group", "label", "units", "awarded", "amount (yuan)", "万元" };
	table tb;
	table_init(&tb, 6);
	for (size_t k = 2; k < 6; k++)
		table_align_right(&tb, k);
	table_add(&tb, header);
	for (size_t k = 0; k < wuhong_tally_count(t); k++) {
		const wuhong_tally_row *r = wuhong_tally_at(t, k);
		char units[24], awarded[24], y[32], w[32];
		snprintf(units, sizeof units, "%zu", r->units);
		snprintf(awarded, sizeof awarded, "%zu", r->units - r->by_tier[0]);
		const char *row[] = { r->group, r->label, units, awarded, yuan(y, sizeof y, r->amount),
				      wan(w, sizeof w, r->amount) };
		table_add(&tb, row);
	}
	fputs(_(group_titles[by]), f);
	table_print(&tb, f);
	table_free(&tb);
}

/* A unit's reason in the reader's language (CSV and tables; JSON gives both). */
static const char *award_reason(const wuhong_awards *a, size_t i)
{
	return language_zh() ? wuhong_awards_reason_zh(a, i) : wuhong_awards_reason(a, i);
}

int write_awards(const session *s, const options *o, FILE *f, const wuhong_adjustments *adj, bool totals_only)
{
	wuhong_error err;
	wuhong_awards *a;
	wuhong_award_options ao = WUHONG_AWARD_OPTIONS_INIT;
	ao.adjustments = adj;
	ao.budget = o->budget;
	int rc = wuhong_evaluation_awards(&a, s->ev, &ao, &err);
	if (rc)
		return report(rc, &err);
	const wuhong_policy *p = s->policy;
	const int64_t *amount = wuhong_awards_amounts(a), *unscaled = wuhong_awards_unscaled(a),
		      *scheduled = wuhong_evaluation_amounts(s->ev);
	const uint8_t *sec = wuhong_evaluation_sectors(s->ev), *tiers = wuhong_evaluation_tiers(s->ev);
	size_t n = wuhong_awards_count(a);
	char y1[32], y2[32], y3[32], w[32];
	int status = 0;
	if (o->format == FMT_JSON) {
		json_t *units = json_array(), *totals = json_object();
		for (size_t i = 0; i < n; i++)
			if (selected(s, o, i))
				json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:s, s:s}",
								       "id", wuhong_dataset_unit_id(s->data, i), "name",
								       wuhong_dataset_unit_name(s->data, i), "sector",
								       wuhong_policy_sector_key(p, sec[i]), "town",
								       wuhong_dataset_unit_town(s->data, i), "committee",
								       wuhong_dataset_unit_committee(s->data, i), "tier",
								       (int)tiers[i], "amount_fen", (json_int_t)amount[i],
								       "unscaled_fen", (json_int_t)unscaled[i], "scheduled_fen",
								       (json_int_t)scheduled[i], "reason", wuhong_awards_reason(a, i),
								       "reason_zh", wuhong_awards_reason_zh(a, i)));
		for (int by = 0; by < 4; by++) {
			wuhong_tally *t;
			if ((rc = wuhong_awards_tally(&t, a, (wuhong_grouping)by, &err))) {
				status = report(rc, &err);
				break;
			}
			json_t *rows = json_array();
			for (size_t k = 0; k < wuhong_tally_count(t); k++) {
				const wuhong_tally_row *r = wuhong_tally_at(t, k);
				json_array_append_new(rows, json_pack("{s:s, s:s, s:I, s:I}", "group", r->group, "label",
								      r->label, "units", (json_int_t)r->units, "amount_fen",
								      (json_int_t)r->amount));
			}
			json_object_set_new(totals, group_names[by], rows);
			wuhong_tally_free(t);
		}
		json_t *root = json_pack("{s:o, s:I, s:b, s:I, s:I, s:o, s:o}", "policy", policy_json(p), "budget_fen",
					 (json_int_t)wuhong_awards_budget(a), "scaled", wuhong_awards_scaled(a),
					 "total_fen", (json_int_t)wuhong_awards_total(a), "unscaled_total_fen",
					 (json_int_t)wuhong_awards_unscaled_total(a), "units", units, "totals", totals);
		json_write(root, f);
		json_decref(root);
	} else if (o->format == FMT_CSV) {
		static const char *const header[] = { "id", "name", "sector", "town", "committee", "tier", "amount",
						      "amount_fen", "unscaled_fen", "reason" };
		csv_header(f, header, 10);
		for (size_t i = 0; i < n; i++) {
			if (!selected(s, o, i))
				continue;
			char tier[8], fen[24], ufen[24];
			snprintf(tier, sizeof tier, "%u", tiers[i]);
			snprintf(fen, sizeof fen, "%lld", (long long)amount[i]);
			snprintf(ufen, sizeof ufen, "%lld", (long long)unscaled[i]);
			const char *row[] = { wuhong_dataset_unit_id(s->data, i), wuhong_dataset_unit_name(s->data, i),
					      wuhong_policy_sector_key(p, sec[i]), wuhong_dataset_unit_town(s->data, i),
					      wuhong_dataset_unit_committee(s->data, i), tier, yuan(y1, sizeof y1, amount[i]),
					      fen, ufen, award_reason(a, i) };
			for (size_t k = 0; k < 10; k++)
				csv_field(f, row[k], k == 9);
		}
	} else {
		/* the table: awarded units (or, in the demo, the adjusted ones), then totals */
		static const char *const header[] = { "id", "name", "sector", "town", "tier", "amount", "reason" };
		table t;
		table_init(&t, 7);
		table_align_right(&t, 4);
		table_align_right(&t, 5);
		table_add(&t, header);
		size_t rows = 0;
		for (size_t i = 0; i < n; i++) {
			bool adjusted = unscaled[i] != scheduled[i];
			if (!selected(s, o, i) || (totals_only ? !adjusted : unscaled[i] == 0))
				continue;
			char tier[8];
			snprintf(tier, sizeof tier, "%u", tiers[i]);
			const char *row[] = { wuhong_dataset_unit_id(s->data, i), wuhong_dataset_unit_name(s->data, i),
					      wuhong_policy_sector_label(p, sec[i]), wuhong_dataset_unit_town(s->data, i),
					      tier, yuan(y1, sizeof y1, amount[i]), award_reason(a, i) };
			table_add(&t, row);
			rows++;
		}
		if (totals_only)
			fprintf(f, _("adjusted awards (奖励调整): %zu\n"), rows);
		if (rows)
			table_print(&t, f);
		table_free(&t);
		for (int by = 0; by < 4 && !totals_only; by++) {
			wuhong_tally *tl;
			if ((rc = wuhong_awards_tally(&tl, a, (wuhong_grouping)by, &err))) {
				status = report(rc, &err);
				break;
			}
			write_totals_table(p, tl, (wuhong_grouping)by, f);
			wuhong_tally_free(tl);
		}
		fprintf(f, _("\naward total (奖励资金合计): %s yuan (%s 万元)\n"), yuan(y1, sizeof y1, wuhong_awards_total(a)),
			wan(w, sizeof w, wuhong_awards_total(a)));
		if (wuhong_awards_scaled(a))
			fprintf(f, _("scaled pro rata from %s yuan to the budget of %s yuan (largest remainder, to the fen)\n"),
				yuan(y2, sizeof y2, wuhong_awards_unscaled_total(a)), yuan(y3, sizeof y3, wuhong_awards_budget(a)));
		else if (wuhong_awards_budget(a) >= 0)
			fprintf(f, _("within the budget of %s yuan\n"), yuan(y3, sizeof y3, wuhong_awards_budget(a)));
	}
	wuhong_awards_free(a);
	return status;
}

int load_adjustments(const options *o, wuhong_adjustments **adj)
{
	*adj = NULL;
	if (!o->adjustments)
		return 0;
	wuhong_error err;
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT;
	co.encoding = o->encoding;
	int rc = wuhong_adjustments_load_csv(adj, o->adjustments, &co, &err);
	return rc ? report(rc, &err) : 0;
}

static int write_awards_command(const session *s, const options *o, FILE *f)
{
	wuhong_adjustments *adj;
	int status = load_adjustments(o, &adj);
	if (!status)
		status = write_awards(s, o, f, adj, false);
	wuhong_adjustments_free(adj);
	return status;
}

int cmd_awards(int argc, char **argv)
{
	return run_data_command(argc, argv,
				"awards needs one data file: wuhong awards DATA.csv [--adjustments ADJ.csv] [--budget YUAN]",
				write_awards_command);
}

/* ---- diff ------------------------------------------------------------------- */

static void write_diff(const wuhong_diff_result *d, const wuhong_dataset *ds, const wuhong_policy *pa,
		       const options *o, FILE *f)
{
	const uint8_t *sec = wuhong_evaluation_sectors(wuhong_diff_evaluation_a(d));
	size_t n = wuhong_diff_count(d);
	char y1[32], y2[32], y3[32], w[32];
	int64_t delta = wuhong_diff_total_b(d) - wuhong_diff_total_a(d);
	if (o->format == FMT_JSON) {
		json_t *units = json_array();
		for (size_t k = 0; k < n; k++) {
			const wuhong_diff_entry *e = wuhong_diff_at(d, k);
			char ma[8], mb[8];
			mask_text(ma, e->mask_a);
			mask_text(mb, e->mask_b);
			json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:i, s:i, s:I, s:I}",
							       "id", wuhong_dataset_unit_id(ds, e->unit), "name",
							       wuhong_dataset_unit_name(ds, e->unit), "sector",
							       wuhong_policy_sector_key(pa, sec[e->unit]), "town",
							       wuhong_dataset_unit_town(ds, e->unit), "flags_a", e->flags_a,
							       "flags_b", e->flags_b, "flag_mask_a", ma, "flag_mask_b", mb,
							       "tier_a", e->tier_a, "tier_b", e->tier_b, "amount_a_fen",
							       (json_int_t)e->amount_a, "amount_b_fen", (json_int_t)e->amount_b));
		}
		json_t *root = json_pack("{s:o, s:I, s:I, s:I}", "units", units, "total_a_fen",
					 (json_int_t)wuhong_diff_total_a(d), "total_b_fen", (json_int_t)wuhong_diff_total_b(d),
					 "delta_fen", (json_int_t)delta);
		json_write(root, f);
		json_decref(root);
		return;
	}
	static const char *const header[] = { "id", "name", "sector", "town", "flags_a", "flags_b", "flag_mask_a",
					      "flag_mask_b", "tier_a", "tier_b", "amount_a", "amount_b" };
	bool csv = o->format == FMT_CSV;
	table t;
	if (csv) {
		csv_header(f, header, 12);
	} else {
		table_init(&t, 12);
		for (size_t k = 4; k < 12; k++)
			if (k != 6 && k != 7)
				table_align_right(&t, k);
		table_add(&t, header);
	}
	for (size_t k = 0; k < n; k++) {
		const wuhong_diff_entry *e = wuhong_diff_at(d, k);
		char fa[8], fb[8], ma[8], mb[8], ta[8], tb[8];
		snprintf(fa, sizeof fa, "%u", e->flags_a);
		snprintf(fb, sizeof fb, "%u", e->flags_b);
		mask_text(ma, e->mask_a);
		mask_text(mb, e->mask_b);
		snprintf(ta, sizeof ta, "%u", e->tier_a);
		snprintf(tb, sizeof tb, "%u", e->tier_b);
		const char *row[] = { wuhong_dataset_unit_id(ds, e->unit), wuhong_dataset_unit_name(ds, e->unit),
				      csv ? wuhong_policy_sector_key(pa, sec[e->unit]) : wuhong_policy_sector_label(pa, sec[e->unit]),
				      wuhong_dataset_unit_town(ds, e->unit), fa, fb, ma, mb, ta, tb,
				      yuan(y1, sizeof y1, e->amount_a), yuan(y2, sizeof y2, e->amount_b) };
		if (csv)
			for (size_t c = 0; c < 12; c++)
				csv_field(f, row[c], c == 11);
		else
			table_add(&t, row);
	}
	if (csv)
		return;
	fprintf(f, _("%zu units change\n"), n);
	if (n)
		table_print(&t, f);
	table_free(&t);
	for (int by = 0; by < 2; by++) {
		wuhong_diff_summary *summary;
		if (wuhong_diff_groups(&summary, d, (wuhong_grouping)by, NULL))
			continue;
		static const char *const gh[] = { "group", "label", "units", "changed", "lost flags", "gained flags",
						  "award A", "award B", "delta" };
		table gt;
		table_init(&gt, 9);
		for (size_t k = 2; k < 9; k++)
			table_align_right(&gt, k);
		table_add(&gt, gh);
		for (size_t k = 0; k < wuhong_diff_summary_count(summary); k++) {
			const wuhong_diff_group *g = wuhong_diff_summary_at(summary, k);
			char u[24], c[24], l[24], gn[24], dd[32];
			snprintf(u, sizeof u, "%zu", g->units);
			snprintf(c, sizeof c, "%zu", g->changed);
			snprintf(l, sizeof l, "%zu", g->lost);
			snprintf(gn, sizeof gn, "%zu", g->gained);
			const char *row[] = { g->group, g->label, u, c, l, gn, yuan(y1, sizeof y1, g->amount_a),
					      yuan(y2, sizeof y2, g->amount_b), yuan(dd, sizeof dd, g->amount_b - g->amount_a) };
			table_add(&gt, row);
		}
		fputs(_(group_titles[by]), f); /* WUHONG_BY_SECTOR, WUHONG_BY_TOWN */
		table_print(&gt, f);
		table_free(&gt);
		wuhong_diff_summary_free(summary);
	}
	fprintf(f, _("\nscheduled awards: A %s yuan, B %s yuan, delta %s yuan (%s 万元)\n"),
		yuan(y1, sizeof y1, wuhong_diff_total_a(d)), yuan(y2, sizeof y2, wuhong_diff_total_b(d)),
		yuan(y3, sizeof y3, delta), wan(w, sizeof w, delta));
}

int cmd_diff(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error(_("diff needs one data file: wuhong diff --policy-a A --policy-b B DATA.csv%s"), "");
	if (!o.policy_a && !o.policy_b)
		return usage_error(_("diff needs --policy-a, --policy-b or both (the other is the embedded default)%s"), "");
	wuhong_policy *a = NULL, *b = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_diff_result *d = NULL;
	if ((status = load_policy_file(o.policy_a, &a)) || (status = load_policy_file(o.policy_b, &b)) ||
	    (status = load_data(&o, argv[first], &ds, NULL)))
		goto out;
	wuhong_error err;
	int rc = wuhong_diff(&d, a, b, ds, &err);
	if (rc) {
		status = report(rc, &err);
		goto out;
	}
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		write_diff(d, ds, a, &o, sink.f);
		status = finish(&sink, 0);
	}
out:
	wuhong_diff_free(d);
	wuhong_dataset_free(ds);
	wuhong_policy_free(a);
	wuhong_policy_free(b);
	return status;
}
