/*
 * test-vectors.c — the conformance vectors under tests/vectors/<case>/:
 * policy.yaml, data.csv, optional panel.csv, and expected.json (per-unit
 * results, or the error expected). The Python and Lua suites run the same
 * folders.
 */
#include <dirent.h>
#include <jansson.h>
#include <sys/stat.h>

#include "testutil.h"

static const char *code_name(int rc)
{
	switch (rc) {
	case WUHONG_EPOLICY: return "policy";
	case WUHONG_ERULE: return "rule";
	case WUHONG_EDATA: return "data";
	case WUHONG_EIO: return "io";
	default: return "other";
	}
}

static void mask_text(char *buf, unsigned mask)
{
	for (int c = 0; c < 5; c++)
		buf[c] = (mask >> c) & 1 ? '1' : '0';
	buf[5] = '\0';
}

static void check_error(const char *name, json_t *want, int rc, const wuhong_error *err)
{
	ck_assert_msg(rc != 0, "%s: expected an error", name);
	ck_assert_str_eq(code_name(rc), json_string_value(json_object_get(want, "code")));
	const char *key;
	json_t *v;
	json_object_foreach(want, key, v) {
		if (strcmp(key, "line") == 0)
			ck_assert_msg(err->line == json_integer_value(v), "%s: line %ld", name, err->line);
		else if (strcmp(key, "row") == 0)
			ck_assert_msg(err->row == json_integer_value(v), "%s: row %ld", name, err->row);
		else if (strcmp(key, "column") == 0)
			ck_assert_msg(err->column == json_integer_value(v), "%s: column %ld", name, err->column);
		else if (strcmp(key, "unit") == 0)
			ck_assert_str_eq(err->unit, json_string_value(v));
		else if (strcmp(key, "field") == 0)
			ck_assert_str_eq(err->field, json_string_value(v));
	}
}

/* "red" / "black": the ids on each board, in order. */
static void check_lists(const char *name, json_t *expected, const wuhong_evaluation *ev, const wuhong_dataset *ds)
{
	static const char *const keys[2] = { "red", "black" };
	if (!json_object_get(expected, "red") && !json_object_get(expected, "black"))
		return;
	wuhong_lists *l;
	wuhong_error err;
	ck_assert_msg(wuhong_evaluation_lists(&l, ev, &err) == 0, "%s: %s", name, err.message);
	for (int k = 0; k < 2; k++) {
		json_t *want = json_object_get(expected, keys[k]);
		if (!want)
			continue;
		ck_assert_msg(json_array_size(want) == wuhong_lists_count(l, (wuhong_list_kind)k), "%s: %s list has %zu units",
			      name, keys[k], wuhong_lists_count(l, (wuhong_list_kind)k));
		size_t i;
		json_t *id;
		json_array_foreach(want, i, id) {
			const wuhong_list_entry *e = wuhong_lists_at(l, (wuhong_list_kind)k, i);
			ck_assert_str_eq(wuhong_dataset_unit_id(ds, e->unit), json_string_value(id));
			ck_assert_uint_eq(e->rank, i + 1);
		}
	}
	wuhong_lists_free(l);
}

/* "awards": budget_fen (optional), totals, and amounts by unit id;
 * adjustments.csv beside the data when present. */
static void check_awards(const char *dir, const char *name, json_t *want, const wuhong_evaluation *ev,
			 const wuhong_dataset *ds)
{
	if (!want)
		return;
	char path[1024];
	struct stat st;
	wuhong_error err;
	wuhong_adjustments *adj = NULL;
	snprintf(path, sizeof path, "%s/%s/adjustments.csv", dir, name);
	if (stat(path, &st) == 0)
		ck_assert_msg(wuhong_adjustments_load_csv(&adj, path, NULL, &err) == 0, "%s: %s", name, err.message);
	wuhong_award_options o = WUHONG_AWARD_OPTIONS_INIT;
	o.adjustments = adj;
	if (json_object_get(want, "budget_fen"))
		o.budget = json_integer_value(json_object_get(want, "budget_fen"));
	wuhong_awards *a;
	ck_assert_msg(wuhong_evaluation_awards(&a, ev, &o, &err) == 0, "%s: %s", name, err.message);
	ck_assert_int_eq(wuhong_awards_total(a), json_integer_value(json_object_get(want, "total_fen")));
	ck_assert_int_eq(wuhong_awards_unscaled_total(a), json_integer_value(json_object_get(want, "unscaled_total_fen")));
	const char *id;
	json_t *v;
	json_object_foreach(json_object_get(want, "amounts_fen"), id, v) {
		size_t i;
		ck_assert_int_eq(wuhong_dataset_find(&i, ds, id, NULL), 0);
		ck_assert_msg(wuhong_awards_amounts(a)[i] == json_integer_value(v), "%s %s: amount %lld", name, id,
			      (long long)wuhong_awards_amounts(a)[i]);
	}
	wuhong_awards_free(a);
	wuhong_adjustments_free(adj);
}

static void run_case(const char *dir, const char *name)
{
	char path[1024];
	json_error_t jerr;
	snprintf(path, sizeof path, "%s/%s/expected.json", dir, name);
	json_t *expected = json_load_file(path, 0, &jerr);
	ck_assert_msg(expected != NULL, "%s: %s", path, jerr.text);
	json_t *want_error = json_object_get(expected, "error");

	wuhong_policy *p = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_evaluation *ev = NULL;
	wuhong_error err;
	snprintf(path, sizeof path, "%s/%s/policy.yaml", dir, name);
	int rc = wuhong_policy_load(&p, path, &err);
	if (!rc) {
		snprintf(path, sizeof path, "%s/%s/data.csv", dir, name);
		rc = wuhong_dataset_load_csv(&ds, path, NULL, &err);
	}
	struct stat st;
	snprintf(path, sizeof path, "%s/%s/panel.csv", dir, name);
	if (!rc && stat(path, &st) == 0)
		rc = wuhong_dataset_load_panel(ds, path, NULL, &err);
	if (!rc)
		rc = wuhong_evaluate(&ev, p, ds, NULL, &err);
	if (want_error) {
		check_error(name, want_error, rc, &err);
	} else {
		ck_assert_msg(rc == 0, "%s: %s", name, err.message);
		json_t *units = json_object_get(expected, "units");
		ck_assert_uint_eq(json_array_size(units), wuhong_evaluation_count(ev));
		size_t i;
		json_t *u;
		json_array_foreach(units, i, u) {
			char mask[8], miss[8];
			const char *id = json_string_value(json_object_get(u, "id"));
			ck_assert_str_eq(wuhong_dataset_unit_id(ds, i), id);
			mask_text(mask, wuhong_evaluation_flag_masks(ev)[i]);
			mask_text(miss, wuhong_evaluation_missing_masks(ev)[i]);
			ck_assert_msg(wuhong_evaluation_flags(ev)[i] == json_integer_value(json_object_get(u, "flags")),
				      "%s %s: flags", name, id);
			ck_assert_msg(strcmp(mask, json_string_value(json_object_get(u, "flag_mask"))) == 0,
				      "%s %s: flag_mask %s", name, id, mask);
			ck_assert_msg(strcmp(miss, json_string_value(json_object_get(u, "missing_mask"))) == 0,
				      "%s %s: missing_mask %s", name, id, miss);
			ck_assert_msg((wuhong_evaluation_veto_masks(ev)[i] != 0) ==
					      json_integer_value(json_object_get(u, "veto")), "%s %s: veto", name, id);
			if (json_object_get(u, "veto_mask"))
				ck_assert_int_eq(wuhong_evaluation_veto_masks(ev)[i],
						 json_integer_value(json_object_get(u, "veto_mask")));
			if (json_object_get(u, "veto_unknown_mask"))
				ck_assert_int_eq(wuhong_evaluation_veto_unknown_masks(ev)[i],
						 json_integer_value(json_object_get(u, "veto_unknown_mask")));
			ck_assert_msg(wuhong_evaluation_tiers(ev)[i] == json_integer_value(json_object_get(u, "tier")),
				      "%s %s: tier", name, id);
			ck_assert_msg(wuhong_evaluation_amounts(ev)[i] ==
					      json_integer_value(json_object_get(u, "amount_fen")), "%s %s: amount", name, id);
		}
	}
	if (!want_error) {
		check_lists(name, expected, ev, ds);
		check_awards(dir, name, json_object_get(expected, "awards"), ev, ds);
	}
	wuhong_evaluation_free(ev);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	json_decref(expected);
}

START_TEST(test_vectors)
{
	DIR *d = opendir(WUHONG_VECTORS_DIR);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	int cases = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		run_case(WUHONG_VECTORS_DIR, e->d_name);
		cases++;
	}
	closedir(d);
	ck_assert_int_ge(cases, 5);
}
END_TEST

static Suite *vectors_suite(void)
{
	Suite *s = suite_create("vectors");
	TCase *tc = tcase_create("conformance");
	tcase_add_test(tc, test_vectors);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(vectors_suite)
