/*
 * data-checks.c — what the data must be for a policy: its columns (or panel
 * observations) for the indicators the rules use, cells that are numbers,
 * values in their type's range, sectors and townships the policy knows.
 * The evaluation stops at the first problem; given a problems list
 * (wuhong/problems.h), ev_diagnose walks the same checks over the whole
 * data and records every problem, for a clerk to fix in one pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation-internal.h"
#include "problems-internal.h"

static int col_error(const wuhong_policy *p, const wuhong_dataset *ds, size_t ind, size_t unit,
		     const char *fmt_value, const char *expected, wuhong_error *err)
{
	const pol_indicator *x = &p->def.indicators[ind];
	const ds_column *c = ds_find_column(ds, x->key);
	if (!c && x->label)
		c = ds_find_column(ds, x->label);
	wh_error(err, WUHONG_EDATA, "column '%s'%s%s%s: %s; expected %s", c ? c->name : x->key,
		 x->label ? " (" : "", x->label ? x->label : "", x->label ? ")" : "", fmt_value, expected);
	ds_locate(ds, unit, err);
	wh_error_set_field(err, c ? c->name : x->key);
	if (err && c && c->csv_col)
		err->column = c->csv_col;
	return WUHONG_EDATA;
}

static void type_range(const pol_indicator *x, double *lo, double *hi, bool *integral)
{
	*lo = -INFINITY;
	*hi = INFINITY;
	*integral = false;
	switch (x->type) {
	case WUHONG_TYPE_BOOL: *lo = 0, *hi = 1, *integral = true; break;
	case WUHONG_TYPE_COUNT: *lo = 0, *integral = true; break;
	case WUHONG_TYPE_PERCENT:
	case WUHONG_TYPE_SCORE: *lo = 0, *hi = 100; break;
	default: break;
	}
	if (!isnan(x->min) && x->min > *lo)
		*lo = x->min;
	if (!isnan(x->max) && x->max < *hi)
		*hi = x->max;
}

static void expected_text(const pol_indicator *x, char *buf, size_t size)
{
	double lo, hi;
	bool integral;
	type_range(x, &lo, &hi, &integral);
	char a[40], b[40];
	wh_format_number(a, sizeof a, lo);
	wh_format_number(b, sizeof b, hi);
	if (x->type == WUHONG_TYPE_BOOL)
		snprintf(buf, size, "%s", wh_tr(N_("a true/false value (1/0, true/false, 是/否)")));
	else if (isinf(lo) && isinf(hi))
		snprintf(buf, size, "%s", wh_tr(N_("a number")));
	else if (isinf(hi))
		snprintf(buf, size, wh_tr(integral ? N_("a whole number >= %s") : N_("a number >= %s")), a);
	else if (isinf(lo))
		snprintf(buf, size, wh_tr(N_("a number <= %s")), b);
	else
		snprintf(buf, size, wh_tr(integral ? N_("a whole number from %s to %s") : N_("a number from %s to %s")), a, b);
}

/* A problem found: without a list it is the caller's error (returned); with
 * one it is recorded and the checking goes on (0, or WUHONG_ENOMEM). */
static int found(wuhong_problems *pr, const wuhong_error *e, wuhong_error *err)
{
	if (pr)
		return pr_add(pr, e, err);
	if (err)
		*err = *e;
	return e->code ? e->code : WUHONG_EDATA;
}

WH_MULTIVERSION
int ev_check_range(const wuhong_policy *p, const wuhong_dataset *ds, size_t ind, const double *col,
		   size_t base, size_t n, wuhong_problems *pr, wuhong_error *err)
{
	const pol_indicator *x = &p->def.indicators[ind];
	double lo, hi;
	bool integral;
	type_range(x, &lo, &hi, &integral);
	if (isinf(lo) && isinf(hi) && !integral)
		return 0; /* any number, and missing, is fine */
	const double *v = col + base;
	int bad = 0;
	/* branch-free scan first; locate the culprit only when there is one.
	 * NaN (missing) fails neither test: its comparisons are false. */
	for (size_t j = 0; j < n; j++)
		bad |= (v[j] < lo) | (v[j] > hi);
	if (integral)
		for (size_t j = 0; j < n; j++)
			bad |= v[j] != floor(v[j]) && v[j] == v[j];
	if (!bad)
		return 0;
	for (size_t j = 0; j < n; j++) {
		if (isnan(v[j]) || ((v[j] >= lo && v[j] <= hi) && (!integral || v[j] == floor(v[j]))))
			continue;
		char val[48], exp[128];
		wh_format_number(val, sizeof val, v[j]);
		expected_text(x, exp, sizeof exp);
		char msg[160];
		snprintf(msg, sizeof msg, wh_tr(x->type == WUHONG_TYPE_NUMBER ? N_("%s is out of range for this %s")
								      : N_("%s is out of range for a %s")),
			 val, pol_type_name(x->type));
		wuhong_error e;
		col_error(p, ds, ind, base + j, msg, exp, (wuhong_error_clear(&e), &e));
		int rc = found(pr, &e, err);
		if (rc || !pr)
			return rc;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Aggregate one indicator's observations per unit (v sorted ascending). */
static double aggregate(wuhong_aggregate how, double *v, size_t k)
{
	if (k == 0)
		return NAN;
	qsort(v, k, sizeof *v, cmp_double);
	double sum = 0;
	switch (how) {
	case WUHONG_AGG_MEDIAN:
		return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
	case WUHONG_AGG_TRIMMED_MEAN:
		if (k >= 3) {
			for (size_t i = 1; i + 1 < k; i++)
				sum += v[i];
			return sum / (double)(k - 2);
		}
		/* fewer than 3 judges: nothing to trim */
		/* fall through */
	default:
		for (size_t i = 0; i < k; i++)
			sum += v[i];
		return sum / (double)k;
	}
}

/* Observations may name the indicator by key or by label: both codes count. */
static int panel_column(const wuhong_policy *p, const wuhong_dataset *ds, size_t ind, uint32_t key_code,
			uint32_t label_code, double **out, wuhong_problems *pr, wuhong_error *err)
{
	const pol_indicator *x = &p->def.indicators[ind];
	double lo, hi;
	bool integral;
	type_range(x, &lo, &hi, &integral);
	/* group this indicator's observations by unit: count, then place */
	size_t *start = wh_calloc(ds->n + 1, sizeof *start);
	double *col = wh_malloc((ds->n ? ds->n : 1) * sizeof *col);
	double *vals = NULL;
	int rc = 0;
	if (!start || !col) {
		rc = wh_error_oom(err);
		goto out;
	}
	size_t total = 0;
	for (size_t k = 0; k < ds->n_obs; k++) {
		const ds_obs *o = &ds->obs[k];
		if (o->indicator != key_code && o->indicator != label_code)
			continue;
		if (!(o->value >= lo && o->value <= hi) || (integral && o->value != floor(o->value))) {
			char val[48], exp[128];
			wh_format_number(val, sizeof val, o->value);
			expected_text(x, exp, sizeof exp);
			wh_pos pos = { ds->panel_file, o->line, 0 };
			wuhong_error e;
			wuhong_error_clear(&e);
			wh_error_at(&e, WUHONG_EDATA, &pos, "panel score %s by judge '%s' for '%s' is out of range; expected %s",
				    val, o->judge, x->key, exp);
			wh_error_set_unit(&e, ds->ids[o->unit], 0);
			if ((rc = found(pr, &e, err)) || !pr)
				goto out;
			continue; /* collecting: the score is left out */
		}
		start[o->unit + 1]++;
		total++;
	}
	for (size_t i = 0; i < ds->n; i++)
		start[i + 1] += start[i];
	vals = wh_malloc((total ? total : 1) * sizeof *vals);
	size_t *fill = vals ? wh_calloc(ds->n + 1, sizeof *fill) : NULL;
	if (!fill) {
		wh_free(vals);
		vals = NULL;
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t k = 0; k < ds->n_obs; k++) {
		const ds_obs *o = &ds->obs[k];
		if (o->indicator == key_code || o->indicator == label_code)
			vals[start[o->unit] + fill[o->unit]++] = o->value;
	}
	wh_free(fill);
	for (size_t i = 0; i < ds->n; i++)
		col[i] = aggregate(x->aggregate, vals + start[i], start[i + 1] - start[i]);
	*out = col;
	col = NULL;
out:
	wh_free(start);
	wh_free(col);
	wh_free(vals);
	return rc;
}

static bool panel_code(const wuhong_dataset *ds, const char *name, uint32_t *code)
{
	size_t v;
	if (!name || !wh_map_get(&ds->panel_names.map, name, &v))
		return false;
	*code = (uint32_t)v;
	return true;
}

/* "2024-12-13", "2024/12/13", "2024年12月13日", with or without a time, or
 * "08:30": what a spreadsheet shows for a date or a time. */
static bool looks_like_date(const char *s)
{
	const char *c = s;
	int digits = 0;
	while (*c >= '0' && *c <= '9' && digits < 5)
		c++, digits++;
	if (digits == 4 && (*c == '-' || *c == '/' || *c == '.' || strncmp(c, "年", 3) == 0)) {
		c += *c == '-' || *c == '/' || *c == '.' ? 1 : 3;
		return *c >= '0' && *c <= '9';
	}
	return digits >= 1 && digits <= 2 && *c == ':' && c[1] >= '0' && c[1] <= '5' && c[2] >= '0' && c[2] <= '9';
}

/* The message for a cell that is not a number, saying what it is when that is
 * what went wrong: a date, or a formula whose value was never saved. */
static void not_a_number(char *msg, size_t size, const char *text)
{
	if (text[0] == '=')
		snprintf(msg, size, wh_tr(N_("'%s' is a formula with no saved value: open and save the workbook in Excel/WPS")),
			 text);
	else if (looks_like_date(text))
		snprintf(msg, size, wh_tr(N_("'%s' is a date, not a number")), text);
	else
		snprintf(msg, size, wh_tr(N_("'%s' is not a number")), text);
}

/* The problems of column c that loading noted: every bad cell (with a list), or the first. */
static int cell_problems(const wuhong_policy *p, const wuhong_dataset *ds, size_t ind, const ds_column *c,
			 wuhong_problems *pr, wuhong_error *err)
{
	const pol_indicator *x = &p->def.indicators[ind];
	const char *number = wh_tr(x->type == WUHONG_TYPE_BOOL ? N_("1/0, true/false or 是/否 (empty = missing)")
								       : N_("a number (empty = missing)"));
	size_t col = (size_t)(c - ds->cols);
	bool listed = pr && ds->n_bad;
	for (size_t k = 0; k < (listed ? ds->n_bad : 2); k++) {
		size_t unit = listed ? ds->bad_cells[k].unit : k == 0 ? c->bad_unit : c->percent_unit;
		bool percent = listed ? ds->bad_cells[k].percent : k == 1;
		const char *text = listed ? ds->bad_cells[k].text : k == 0 ? c->bad_text : c->percent_text;
		if ((listed && ds->bad_cells[k].col != col) || unit == SIZE_MAX || (percent && x->type == WUHONG_TYPE_PERCENT))
			continue;
		char msg[WUHONG_ERROR_MESSAGE_MAX];
		wuhong_error e;
		wuhong_error_clear(&e);
		if (percent) {
			snprintf(msg, sizeof msg, wh_tr(N_("'%s' has a percent sign, but '%s' is not a percent indicator")), text ? text : "",
				 x->key);
			col_error(p, ds, ind, unit, msg, wh_tr(N_("a number without %")), &e);
		} else {
			not_a_number(msg, sizeof msg, text ? text : "");
			col_error(p, ds, ind, unit, msg, number, &e);
		}
		int rc = found(pr, &e, err);
		if (rc || !pr)
			return rc;
	}
	return 0;
}

int ev_resolve_columns(const wuhong_policy *p, const wuhong_dataset *ds, const bool *needed,
		       const double **cols, double **agg, wuhong_problems *pr, wuhong_error *err)
{
	const pol_def *d = &p->def;
	wuhong_error e;
	int rc;
	/* every panel indicator name must be one the policy knows */
	for (size_t k = 1; k < ds->panel_names.n; k++) {
		size_t ind;
		wh_pos pos = { ds->panel_file, 0, 0 };
		wuhong_error_clear(&e);
		if (!wh_map_get(&p->indicator_map, ds->panel_names.names[k], &ind))
			wh_error_at(&e, WUHONG_EDATA, &pos,
				    "panel observations name indicator '%s', which the policy does not declare",
				    ds->panel_names.names[k]);
		else if (d->indicators[ind].aggregate == WUHONG_AGG_NONE)
			wh_error_at(&e, WUHONG_EDATA, &pos,
				    "panel observations name indicator '%s', which the policy does not aggregate "
				    "(give it an aggregate: mean, trimmed_mean or median)",
				    ds->panel_names.names[k]);
		if (e.code && ((rc = found(pr, &e, err)) || !pr))
			return rc;
	}
	for (size_t i = 0; i < d->n_indicators; i++) {
		const pol_indicator *x = &d->indicators[i];
		const ds_column *c = ds_find_column(ds, x->key);
		if (!c && x->label)
			c = ds_find_column(ds, x->label);
		uint32_t key_code = UINT32_MAX, label_code = UINT32_MAX;
		bool by_key = panel_code(ds, x->key, &key_code); /* both looked up: each code is used below */
		bool by_label = panel_code(ds, x->label, &label_code);
		bool in_panel = by_key || by_label;
		cols[i] = NULL;
		wuhong_error_clear(&e);
		if (in_panel) {
			if (c) {
				wh_pos pos = { ds->file, ds->header_line, c->csv_col };
				wh_error_at(&e, WUHONG_EDATA, &pos,
					    "indicator '%s' is given both as column '%s' and as panel observations; keep one",
					    x->key, c->name);
				if ((rc = found(pr, &e, err)) || !pr)
					return rc;
				continue;
			}
			if ((rc = panel_column(p, ds, i, key_code, label_code, &agg[i], pr, err)))
				return rc;
			cols[i] = agg[i];
			continue;
		}
		if (!c) {
			if (!needed[i])
				continue;
			wh_pos pos = { ds->file, ds->file ? ds->header_line : 0, 0 };
			wh_error_at(&e, WUHONG_EDATA, &pos, "the data has no column '%s'%s%s%s, which the policy's rules use%s",
				    x->key, x->label ? " (" : "", x->label ? x->label : "", x->label ? ")" : "",
				    x->aggregate ? wh_tr(N_(" (or give it as panel observations)")) : "");
			wh_error_set_field(&e, x->key);
			if ((rc = found(pr, &e, err)) || !pr)
				return rc;
			continue;
		}
		if ((rc = cell_problems(p, ds, i, c, pr, err)))
			return rc;
		cols[i] = c->data;
	}
	return 0;
}

/* Every name of the policy's sectors: keys, labels and aliases (for "did you mean"). */
static const char **sector_names(const pol_def *d, size_t *n)
{
	size_t cap = 2 * d->n_sectors;
	for (size_t k = 0; k < d->n_sectors; k++)
		cap += d->sectors[k].n_aliases;
	const char **names = wh_malloc((cap ? cap : 1) * sizeof *names);
	*n = 0;
	for (size_t k = 0; names && k < d->n_sectors; k++) {
		names[(*n)++] = d->sectors[k].key;
		if (d->sectors[k].label)
			names[(*n)++] = d->sectors[k].label;
		for (size_t a = 0; a < d->sectors[k].n_aliases; a++)
			names[(*n)++] = d->sectors[k].aliases[a];
	}
	return names;
}

/* The cell of a roster column (sector, town) in the unit's row, and the field. */
static void roster_cell(const wuhong_dataset *ds, size_t unit, int col, const char *field, wuhong_error *e)
{
	ds_locate(ds, unit, e);
	wh_error_set_field(e, field);
	if (ds->file && ds->roster_col[col])
		e->column = ds->roster_col[col];
}

/*
 * A sector the policy does not know: the cell, the choices (each sector's
 * Chinese name with its key, so the list reads in either language) and the
 * nearest name when one is within two edits.
 */
int ev_sector_problem(const wuhong_policy *p, const wuhong_dataset *ds, size_t unit, wuhong_problems *pr,
		      wuhong_error *err)
{
	const pol_def *d = &p->def;
	wh_buf list = { 0 };
	for (size_t k = 0; k < d->n_sectors; k++)
		wh_buf_printf(&list, d->sectors[k].label ? "%s%s (%s)" : "%s%s%.0s", k ? wh_tr(N_(", ")) : "",
			      d->sectors[k].label ? d->sectors[k].label : d->sectors[k].key, d->sectors[k].key);
	size_t n;
	const char **names = sector_names(d, &n);
	if (!names || !wh_buf_text(&list)) {
		wh_buf_free(&list);
		wh_free(names);
		return wh_error_oom(err);
	}
	const char *given = wuhong_dataset_unit_sector(ds, unit);
	const char *near = wh_nearest(given, wh_string_at, names, n);
	wuhong_error e;
	wuhong_error_clear(&e);
	if (near)
		wh_error(&e, WUHONG_EDATA, "unknown sector '%s'; did you mean '%s'? expected one of: %s", given, near,
			 wh_buf_text(&list));
	else
		wh_error(&e, WUHONG_EDATA, "unknown sector '%s'; expected one of: %s", given, wh_buf_text(&list));
	wh_buf_free(&list);
	wh_free(names);
	roster_cell(ds, unit, 2, "sector", &e);
	return found(pr, &e, err);
}

/* A township the policy does not list: the cell, the policy's townships and the nearest. */
int ev_town_problem(const wuhong_policy *p, const wuhong_dataset *ds, size_t unit, wuhong_problems *pr,
		    wuhong_error *err)
{
	const pol_def *d = &p->def;
	wh_buf list = { 0 };
	for (size_t k = 0; k < d->n_towns; k++)
		wh_buf_printf(&list, "%s%s", k ? wh_tr(N_(", ")) : "", d->towns[k]);
	if (list.oom) {
		wh_buf_free(&list);
		return wh_error_oom(err);
	}
	const char *given = wuhong_dataset_unit_town(ds, unit), *towns = wh_buf_text(&list) ? wh_buf_text(&list) : "";
	const char *near = wh_nearest(given, wh_string_at, d->towns, d->n_towns);
	wuhong_error e;
	wuhong_error_clear(&e);
	if (near)
		wh_error(&e, WUHONG_EDATA, "unknown township '%s'; did you mean '%s'? expected one of the policy's %zu townships: %s",
			 given, near, d->n_towns, towns);
	else
		wh_error(&e, WUHONG_EDATA, "unknown township '%s'; expected one of the policy's %zu townships: %s", given,
			 d->n_towns, towns);
	wh_buf_free(&list);
	roster_cell(ds, unit, 3, "town", &e);
	return found(pr, &e, err);
}

int ev_diagnose(const wuhong_policy *p, const wuhong_dataset *ds, const bool *needed, const uint8_t *sector_map,
		const uint16_t *town_map, wuhong_problems *pr, wuhong_error *err)
{
	const pol_def *d = &p->def;
	const double **cols = wh_calloc(d->n_indicators + 1, sizeof *cols);
	double **agg = wh_calloc(d->n_indicators + 1, sizeof *agg);
	int rc = cols && agg ? ev_resolve_columns(p, ds, needed, cols, agg, pr, err) : wh_error_oom(err);
	for (size_t i = 0; i < ds->n && !rc && !pr_full(pr); i++) {
		if (sector_map[ds->sector[i]] == SECTOR_UNKNOWN)
			rc = ev_sector_problem(p, ds, i, pr, err);
		if (!rc && d->n_towns && town_map[ds->town[i]] == TOWN_NONE)
			rc = ev_town_problem(p, ds, i, pr, err);
	}
	for (size_t k = 0; k < d->n_indicators && !rc; k++)
		if (cols[k] && cols[k] != agg[k])
			for (size_t base = 0; base < ds->n && !rc && !pr_full(pr); base += VM_BLOCK)
				rc = ev_check_range(p, ds, k, cols[k], base, ds->n - base < VM_BLOCK ? ds->n - base : VM_BLOCK, pr,
						    err);
	for (size_t k = 0; agg && k < d->n_indicators; k++)
		wh_free(agg[k]);
	wh_free(agg);
	wh_free(cols);
	pr_sort_from(pr, 0); /* the loader's problems and these: one list in the order of the file */
	return rc;
}

