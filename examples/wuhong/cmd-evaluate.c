/*
 * cmd-evaluate.c — the commands about one evaluation: check, evaluate,
 * explain, policy, and the demo.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- evaluate ------------------------------------------------------------ */

json_t *unit_json(const session *s, size_t i)
{
	const wuhong_policy *p = s->policy;
	const wuhong_evaluation *ev = s->ev;
	char mask[8], miss[8];
	mask_text(mask, wuhong_evaluation_flag_masks(ev)[i]);
	mask_text(miss, wuhong_evaluation_missing_masks(ev)[i]);
	uint8_t sec = wuhong_evaluation_sectors(ev)[i];
	json_t *criteria = json_array(), *vetoes = json_array(), *unknown = json_array();
	static const char *const words[] = { "fail", "missing", "pass" };
	for (size_t c = 0; c < WUHONG_CRITERIA; c++)
		json_array_append_new(criteria, json_pack("{s:s, s:s}", "key", wuhong_policy_criterion_key(p, sec, c),
							  "verdict", words[wuhong_evaluation_verdict(ev, i, c)]));
	for (size_t v = 0; v < wuhong_policy_veto_count(p); v++) {
		if ((wuhong_evaluation_veto_masks(ev)[i] >> v) & 1)
			json_array_append_new(vetoes, json_string(wuhong_policy_veto_key(p, v)));
		if ((wuhong_evaluation_veto_unknown_masks(ev)[i] >> v) & 1)
			json_array_append_new(unknown, json_string(wuhong_policy_veto_key(p, v)));
	}
	uint8_t tier = wuhong_evaluation_tiers(ev)[i];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b, s:o, s:o, s:o, s:i, s:s, s:I}",
			 "id", wuhong_dataset_unit_id(s->data, i), "name", wuhong_dataset_unit_name(s->data, i),
			 "sector", wuhong_policy_sector_key(p, sec), "town", wuhong_dataset_unit_town(s->data, i),
			 "committee", wuhong_dataset_unit_committee(s->data, i),
			 "flags", (int)wuhong_evaluation_flags(ev)[i], "flag_mask", mask, "missing_mask", miss,
			 "veto", wuhong_evaluation_veto_masks(ev)[i] != 0, "criteria", criteria, "vetoes", vetoes,
			 "unknown_vetoes", unknown, "tier", (int)tier, "tier_name", wuhong_policy_tier_name(p, tier),
			 "amount_fen", (json_int_t)wuhong_evaluation_amounts(ev)[i]);
}

int write_evaluation(const session *s, const options *o, FILE *f)
{
	const wuhong_policy *p = s->policy;
	const wuhong_evaluation *ev = s->ev;
	size_t n = wuhong_evaluation_count(ev);
	if (o->format == FMT_JSON) {
		json_t *units = json_array();
		for (size_t i = 0; i < n; i++)
			if (selected(s, o, i))
				json_array_append_new(units, unit_json(s, i));
		json_t *root = json_pack("{s:o, s:o}", "policy", policy_json(p), "units", units);
		json_write(root, f);
		json_decref(root);
		return 0;
	}
	static const char *const header[] = { "id", "name", "sector", "town", "committee", "flags", "flag_mask",
					      "missing_mask", "veto", "tier", "tier_name", "amount" };
	table t;
	bool csv = o->format == FMT_CSV;
	if (csv) {
		csv_header(f, header, 12);
	} else {
		table_init(&t, 12);
		table_align_right(&t, 5);
		table_align_right(&t, 9);
		table_align_right(&t, 11);
		table_add(&t, header);
	}
	int64_t total = 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!selected(s, o, i))
			continue;
		/* flags and tier are single digits (at most five criteria) */
		char flags[2] = { (char)('0' + wuhong_evaluation_flags(ev)[i]), 0 }, mask[8], miss[8], yuan[32];
		uint8_t sec = wuhong_evaluation_sectors(ev)[i], tv = wuhong_evaluation_tiers(ev)[i];
		char veto[2] = { wuhong_evaluation_veto_masks(ev)[i] ? '1' : '0', 0 }, tier[2] = { (char)('0' + tv), 0 };
		mask_text(mask, wuhong_evaluation_flag_masks(ev)[i]);
		mask_text(miss, wuhong_evaluation_missing_masks(ev)[i]);
		wuhong_format_yuan(yuan, sizeof yuan, wuhong_evaluation_amounts(ev)[i]);
		total += wuhong_evaluation_amounts(ev)[i];
		shown++;
		const char *row[] = { wuhong_dataset_unit_id(s->data, i), wuhong_dataset_unit_name(s->data, i),
				      csv ? wuhong_policy_sector_key(p, sec) : wuhong_policy_sector_label(p, sec),
				      wuhong_dataset_unit_town(s->data, i), wuhong_dataset_unit_committee(s->data, i),
				      flags, mask, miss, veto, tier, wuhong_policy_tier_name(p, tv), yuan };
		if (csv)
			csv_row(f, row, 12);
		else
			table_add(&t, row);
	}
	if (!csv) {
		table_print(&t, f);
		table_free(&t);
		char yuan[32];
		fprintf(f, _("\n%zu units, awards %s yuan\n"), shown, wuhong_format_yuan(yuan, sizeof yuan, total));
	}
	return 0;
}

/* ---- demo summary ---------------------------------------------------------- */

int write_summary(const session *s, const options *o, FILE *f, const char *title)
{
	wuhong_error err;
	wuhong_tally *t;
	int rc = wuhong_evaluation_tally(&t, s->ev, WUHONG_BY_SECTOR, &err);
	if (rc)
		return report(rc, &err);
	const wuhong_policy *p = s->policy;
	size_t rows = wuhong_tally_count(t);
	if (o->format == FMT_JSON) {
		json_t *arr = json_array();
		for (size_t k = 0; k <= rows; k++) {
			const wuhong_tally_row *r = k < rows ? wuhong_tally_at(t, k) : wuhong_tally_total(t);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "sector",
							     r->group, "label", r->label, "units", (json_int_t)r->units,
							     "tier5", (json_int_t)r->by_tier[5], "tier4", (json_int_t)r->by_tier[4],
							     "tier3", (json_int_t)r->by_tier[3], "none", (json_int_t)r->by_tier[0],
							     "vetoed", (json_int_t)r->vetoed, "amount_fen", (json_int_t)r->amount));
		}
		json_t *root = json_pack("{s:o, s:o}", "policy", policy_json(p), "by_sector", arr);
		json_write(root, f);
		json_decref(root);
		wuhong_tally_free(t);
		return 0;
	}
	static const char *const header[] = { "sector", "label", "units", "5 flags", "4 flags", "3 flags", "no tier",
					      "vetoed", "award" };
	table tb;
	bool csv = o->format == FMT_CSV;
	if (csv) {
		static const char *const ch[] = { "sector", "label", "units", "tier5", "tier4", "tier3", "none", "vetoed",
						  "amount" };
		for (size_t k = 0; k < 9; k++)
			csv_field(f, ch[k], k == 8);
	} else {
		table_init(&tb, 9);
		for (size_t k = 2; k < 9; k++)
			table_align_right(&tb, k);
		table_add(&tb, header);
	}
	for (size_t k = 0; k <= rows; k++) {
		const wuhong_tally_row *r = k < rows ? wuhong_tally_at(t, k) : wuhong_tally_total(t);
		char c[7][32];
		snprintf(c[0], 32, "%zu", r->units);
		snprintf(c[1], 32, "%zu", r->by_tier[5]);
		snprintf(c[2], 32, "%zu", r->by_tier[4]);
		snprintf(c[3], 32, "%zu", r->by_tier[3]);
		snprintf(c[4], 32, "%zu", r->by_tier[0]);
		snprintf(c[5], 32, "%zu", r->vetoed);
		wuhong_format_yuan(c[6], 32, r->amount);
		const char *row[] = { language_zh() ? value_label("group", r->group) : r->group, k < rows ? r->label : "合计",
				      c[0], c[1], c[2], c[3], c[4], c[5], c[6] };
		if (csv)
			for (size_t j = 0; j < 9; j++)
				csv_field(f, row[j], j == 8);
		else
			table_add(&tb, row);
	}
	if (!csv) {
		fprintf(f, "%s\n", title);
		fprintf(f, _("policy: %s\nfingerprint: %s\n\n"), wuhong_policy_name(p), wuhong_policy_fingerprint(p));
		table_print(&tb, f);
		table_free(&tb);
		/* the source's own breakdown of demonstration (five-flag) units */
		size_t by[4] = { 0 };
		for (size_t k = 0; k < rows; k++) {
			const wuhong_tally_row *r = wuhong_tally_at(t, k);
			size_t slot = strcmp(r->group, "village") == 0 ? 0 : strcmp(r->group, "community") == 0 ? 1 :
				      strcmp(r->group, "organ") == 0 ? 2 : 3;
			by[slot] += r->by_tier[5];
		}
		fprintf(f, _("\nfive-flag (五面红旗示范) units: %zu = %zu villages + %zu communities + %zu organs + %zu in other sectors\n"),
			wuhong_tally_total(t)->by_tier[5], by[0], by[1], by[2], by[3]);
		char yuan[32];
		fprintf(f, _("scheduled creation awards: %s yuan\n"),
			wuhong_format_yuan(yuan, sizeof yuan, wuhong_tally_total(t)->amount));
	}
	wuhong_tally_free(t);
	return 0;
}

int cmd_evaluate(int argc, char **argv)
{
	return run_data_command(argc, argv, "evaluate needs one data file: wuhong evaluate DATA.csv", write_evaluation);
}

/* The explanation's text; with colour, each verdict tag ([pass], [fail], [missing], [veto …]) coloured. */
static void write_explanation(const char *text, bool color, FILE *f)
{
	static const struct {
		const char *tag, *sgr;
	} tags[] = { { "  [pass]", "32" }, { "  [fail]", "31" }, { "  [missing]", "33" }, { "  [veto yes]", "31;1" },
		     { "  [veto no]", "32" }, { "  [veto unknown]", "33" } };
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line + 1) : strlen(line);
		size_t k = 0, count = sizeof tags / sizeof tags[0];
		while (color && k < count && strncmp(line, tags[k].tag, strlen(tags[k].tag)) != 0)
			k++;
		if (color && k < count)
			fprintf(f, "  \033[%sm%s\033[0m%.*s", tags[k].sgr, tags[k].tag + 2, (int)(n - strlen(tags[k].tag)),
				line + strlen(tags[k].tag));
		else
			fwrite(line, 1, n, f);
		line += n;
	}
}

int cmd_explain(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 2)
		return usage_error(_("explain needs a data file and a unit id: wuhong explain DATA.csv UNIT_ID%s"), "");
	session s;
	if ((status = session_open(&s, &o, argv[first])))
		return status;
	size_t i;
	if (wuhong_dataset_find(&i, s.data, argv[first + 1], NULL) != 0) {
		fprintf(stderr, _("wuhong: %s: no unit with id '%s'\n"), argv[first], argv[first + 1]);
		session_free(&s);
		return EXIT_INVALID;
	}
	wuhong_error err;
	wuhong_explanation *x;
	int rc = wuhong_evaluation_explain(&x, s.ev, i, &err);
	if (rc) {
		session_free(&s);
		return report(rc, &err);
	}
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		if (o.format == FMT_JSON || o.format == FMT_CSV) {
			static const char *const words[] = { "fail", "missing", "pass" };
			json_t *reasons = json_array();
			for (size_t k = 0; k < wuhong_explanation_count(x); k++) {
				const wuhong_reason *r = wuhong_explanation_at(x, k);
				json_t *clauses = json_array();
				for (size_t c = 0; c < r->n_clauses; c++) {
					const wuhong_clause *cl = &r->clauses[c];
					json_array_append_new(clauses, json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s?, s:o}", "text", cl->text,
										 "verdict", words[cl->verdict], "indicator", cl->indicator,
										 "label", cl->label,
										 "actual", cl->actual == cl->actual ? json_real(cl->actual) : json_null(),
										 "op", cl->op,
										 "threshold", cl->op ? json_real(cl->threshold) : json_null()));
				}
				json_array_append_new(reasons, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:o}", "kind",
									 r->is_veto ? "veto" : "criterion", "key", r->key, "label", r->label,
									 "rule", r->rule, "verdict", words[r->verdict], "clauses", clauses));
			}
			json_t *root = json_pack("{s:o, s:o}", "unit", unit_json(&s, i), "reasons", reasons);
			json_write(root, sink.f);
			json_decref(root);
		} else {
			write_explanation(wuhong_explanation_text(x), o.color, sink.f);
		}
		status = finish(&sink, 0);
	}
	wuhong_explanation_free(x);
	session_free(&s);
	return status;
}

int cmd_check(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error(_("check needs one policy file: wuhong check POLICY%s"), "");
	wuhong_policy *p;
	wuhong_error err;
	int rc = wuhong_policy_load(&p, argv[first], &err);
	if (rc)
		return report(rc, &err);
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		size_t n[] = { wuhong_policy_town_count(p), wuhong_policy_indicator_count(p), wuhong_policy_sector_count(p),
			       wuhong_policy_veto_count(p), wuhong_policy_tier_count(p) };
		if (o.format == FMT_TABLE) {
			fprintf(sink.f, _("%s: OK\nname: %s\nfingerprint: %s\n"), argv[first], wuhong_policy_name(p),
				wuhong_policy_fingerprint(p));
			fprintf(sink.f, _("%zu townships, %zu indicators, %zu sectors, %zu vetoes, %zu tiers\n"), n[0], n[1], n[2],
				n[3], n[4]);
		} else {
			json_t *root = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "file", argv[first], "name",
						 wuhong_policy_name(p), "fingerprint", wuhong_policy_fingerprint(p), "townships",
						 (json_int_t)n[0], "indicators", (json_int_t)n[1], "sectors", (json_int_t)n[2],
						 "vetoes", (json_int_t)n[3], "tiers", (json_int_t)n[4]);
			if (o.format == FMT_JSON) {
				json_write(root, sink.f);
			} else { /* csv: one header line and one row */
				static const char *const columns[] = { "file", "name", "fingerprint", "townships",
								       "indicators", "sectors", "vetoes", "tiers" };
				csv_header(sink.f, columns, 8);
				csv_field(sink.f, argv[first], false);
				csv_field(sink.f, wuhong_policy_name(p), false);
				csv_field(sink.f, wuhong_policy_fingerprint(p), false);
				fprintf(sink.f, "%zu,%zu,%zu,%zu,%zu\n", n[0], n[1], n[2], n[3], n[4]);
			}
			json_decref(root);
		}
		status = finish(&sink, 0);
	}
	wuhong_policy_free(p);
	return status;
}

int cmd_policy(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 0)
		return usage_error(_("policy takes no arguments (it prints the embedded default)%s"), "");
	char *json = NULL;
	if (o.format == FMT_JSON) {
		wuhong_policy *p;
		wuhong_error err;
		int rc = wuhong_policy_default(&p, &err);
		if (!rc)
			rc = wuhong_policy_to_json(&json, p, &err);
		wuhong_policy_free(p);
		if (rc)
			return report(rc, &err);
	}
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		if (json)
			fprintf(sink.f, "%s\n", json);
		else
			fputs(wuhong_policy_default_source(), sink.f);
		status = finish(&sink, 0);
	}
	wuhong_free(json);
	return status;
}

int cmd_demo(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 0)
		return usage_error(_("demo takes no arguments%s"), "");
	if (o.panel)
		return usage_error(_("demo uses the bundled data; --panel goes with evaluate%s"), "");
	wuhong_error err;
	wuhong_adjustments *adj;
	int rc = wuhong_adjustments_load_csv_string(&adj, wh_demo_adjustments, wh_demo_adjustments_len,
						    "jiangxian-adjustments.csv (bundled)", NULL, &err);
	if (rc)
		return report(rc, &err);
	session s;
	if (!(status = session_open(&s, &o, NULL))) {
		out_sink sink;
		if (!(status = open_sink(&sink, &o))) {
			status = write_summary(&s, &o, sink.f,
					       _("Jiang County (绛县), 346 units, bundled synthetic data (examples/data/jiangxian.csv)"));
			/* the boards and the money read as a report only in the table format */
			if (!status && o.format == FMT_TABLE) {
				fputs("\n", sink.f);
				status = write_lists(&s, &o, sink.f);
			}
			if (!status && o.format == FMT_TABLE) {
				fputs("\n", sink.f);
				status = write_awards(&s, &o, sink.f, adj, true);
			}
			if (!status && o.format == FMT_TABLE)
				status = write_three_years(&o, sink.f);
			status = finish(&sink, status);
		}
		session_free(&s);
	}
	wuhong_adjustments_free(adj);
	return status;
}
