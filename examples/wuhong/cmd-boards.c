/*
 * cmd-boards.c — `wuhong lists`: the red and black lists (红黑榜).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const list_keys[2] = { "red", "black" };

int write_lists(const session *s, const options *o, FILE *f)
{
	wuhong_error err;
	wuhong_lists *l;
	int rc = wuhong_evaluation_lists(&l, s->ev, &err);
	if (rc)
		return report(rc, &err);
	const wuhong_policy *p = s->policy;
	const uint8_t *sec = wuhong_evaluation_sectors(s->ev), *tiers = wuhong_evaluation_tiers(s->ev),
		      *flags = wuhong_evaluation_flags(s->ev);
	json_t *root = o->format == FMT_JSON ? json_pack("{s:o}", "policy", policy_json(p)) : NULL;
	static const char *const columns[] = { "list", "rank", "id", "name", "sector", "town", "flags", "tier",
						  "reason" };
	if (o->format == FMT_CSV)
		csv_header(f, columns, 9);
	for (int k = 0; k < 2; k++) {
		wuhong_list_kind kind = (wuhong_list_kind)k;
		size_t n = wuhong_lists_count(l, kind), shown = 0;
		table t;
		json_t *units = json_array();
		if (o->format == FMT_TABLE) {
			static const char *const header[] = { "rank", "id", "name", "sector", "town", "flags", "tier",
							      "reason" };
			table_init(&t, 8);
			table_align_right(&t, 0);
			table_align_right(&t, 5);
			table_align_right(&t, 6);
			table_add(&t, header);
		}
		for (size_t e = 0; e < n; e++) {
			const wuhong_list_entry *x = wuhong_lists_at(l, kind, e);
			size_t i = x->unit;
			if (!selected(s, o, i))
				continue;
			shown++;
			char rank[24], fl[8], tier[8];
			snprintf(rank, sizeof rank, "%zu", x->rank);
			snprintf(fl, sizeof fl, "%u", flags[i]);
			snprintf(tier, sizeof tier, "%u", tiers[i]);
			const char *sector = o->format == FMT_TABLE ? wuhong_policy_sector_label(p, sec[i])
								    : wuhong_policy_sector_key(p, sec[i]);
			const char *row[] = { list_keys[k], rank, wuhong_dataset_unit_id(s->data, i),
					      wuhong_dataset_unit_name(s->data, i), sector,
					      wuhong_dataset_unit_town(s->data, i), fl, tier,
					      language_zh() ? x->reason_zh : x->reason }; /* JSON gives both */
			if (o->format == FMT_CSV) {
				for (size_t c = 0; c < 9; c++)
					csv_field(f, row[c], c == 8);
			} else if (o->format == FMT_TABLE) {
				table_add(&t, row + 1);
			} else {
				json_t *rules = json_array();
				for (size_t r = 0; r < wuhong_policy_list_rule_count(p, kind); r++)
					if ((x->rules >> r) & 1)
						json_array_append_new(rules, json_string(wuhong_policy_list_rule_key(p, kind, r)));
				json_array_append_new(units, json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:s, s:s}", "rank",
								       (json_int_t)x->rank, "id", row[2], "name", row[3],
								       "sector", sector, "town", row[5], "flags", (int)flags[i],
								       "tier", (int)tiers[i], "rules", rules, "reason", x->reason,
								       "reason_zh", x->reason_zh));
			}
		}
		if (o->format == FMT_TABLE) {
			fprintf(f, _("%s%s (%s list): %zu units\n"), k ? "\n" : "", wuhong_policy_list_label(p, kind),
				list_keys[k], shown);
			if (shown)
				table_print(&t, f);
			table_free(&t);
		}
		if (root)
			json_object_set_new(root, list_keys[k], json_pack("{s:s, s:o}", "label",
									   wuhong_policy_list_label(p, kind), "units", units));
		else
			json_decref(units);
	}
	if (root) {
		json_write(root, f);
		json_decref(root);
	}
	wuhong_lists_free(l);
	return 0;
}

int cmd_lists(int argc, char **argv)
{
	return run_data_command(argc, argv, "lists needs one data file: wuhong lists DATA.csv", write_lists);
}
