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
