/*
 * dataset.c — the column store of units and indicator values, built through
 * the API (owned or caller-bound columns) or by the CSV loaders.
 */
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "dataset-internal.h"

int ds_names_code(wuhong_dataset *ds, ds_names *t, const char *name, uint32_t *code)
{
	if (!name || !*name) {
		*code = 0;
		return 0;
	}
	if (t->last && strcmp(t->names[t->last], name) == 0) {
		*code = t->last;
		return 0;
	}
	size_t v;
	if (wh_map_get(&t->map, name, &v)) {
		*code = t->last = (uint32_t)v;
		return 0;
	}
	if (t->n == 0) { /* code 0 is the empty name */
		if (!wh_grow((void **)&t->names, &t->cap, 0, sizeof *t->names))
			return WUHONG_ENOMEM;
		t->names[t->n++] = "";
	}
	if (!wh_grow((void **)&t->names, &t->cap, t->n, sizeof *t->names))
		return WUHONG_ENOMEM;
	const char *copy = wh_arena_strdup(&ds->arena, name);
	if (!copy || wh_map_put(&t->map, copy, t->n, NULL, NULL))
		return WUHONG_ENOMEM;
	t->names[t->n] = copy;
	*code = t->last = (uint32_t)t->n++;
	return 0;
}

static void names_free(ds_names *t)
{
	wh_free(t->names);
	wh_map_free(&t->map);
}

static const char *name_of(const ds_names *t, uint32_t code)
{
	return code < t->n ? t->names[code] : "";
}

ds_column *ds_find_column(const wuhong_dataset *ds, const char *name)
{
	size_t v;
	return wh_map_get(&ds->col_map, name, &v) ? &ds->cols[v] : NULL;
}

void ds_locate(const wuhong_dataset *ds, size_t i, wuhong_error *err)
{
	if (!err)
		return;
	/* a loaded unit's row is the row its file shows it on; a unit made in memory's, its position */
	long row = ds->file && ds->lines ? (long)ds->lines[i] : (long)i + 1;
	wh_error_set_unit(err, ds->ids[i], row);
	if (ds->file) {
		wh_copy(err->file, sizeof err->file, ds->file);
		err->line = ds->lines ? (long)ds->lines[i] : 0;
	}
}

int wuhong_dataset_new(wuhong_dataset **out, size_t n, wuhong_error *err)
{
	if (!out)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_new: out is NULL");
	*out = NULL;
	if (n > UINT32_MAX)
		return wh_error(err, WUHONG_EINVAL, "too many units (at most %u)", UINT32_MAX);
	wuhong_dataset *ds = wh_calloc(1, sizeof *ds);
	if (!ds)
		return wh_error_oom(err);
	atomic_init(&ds->refs, 1);
	ds->n = n;
	size_t m = n ? n : 1;
	ds->ids = wh_calloc(m, sizeof *ds->ids);
	ds->names = wh_calloc(m, sizeof *ds->names);
	ds->sector = wh_calloc(m, sizeof *ds->sector);
	ds->town = wh_calloc(m, sizeof *ds->town);
	ds->committee = wh_calloc(m, sizeof *ds->committee);
	if (!ds->ids || !ds->names || !ds->sector || !ds->town || !ds->committee) {
		wuhong_dataset_free(ds);
		return wh_error_oom(err);
	}
	for (size_t i = 0; i < n; i++)
		ds->ids[i] = ds->names[i] = "";
	*out = ds;
	return 0;
}

wuhong_dataset *wuhong_dataset_ref(wuhong_dataset *ds)
{
	if (ds)
		atomic_fetch_add(&ds->refs, 1);
	return ds;
}

void wuhong_dataset_free(wuhong_dataset *ds)
{
	if (!ds || atomic_fetch_sub(&ds->refs, 1) != 1)
		return;
	for (size_t c = 0; c < ds->n_cols; c++)
		wh_free(ds->cols[c].owned);
	wh_free(ds->cols);
	wh_free(ds->ids);
	wh_free(ds->names);
	wh_free(ds->sector);
	wh_free(ds->town);
	wh_free(ds->committee);
	wh_free(ds->lines);
	wh_free(ds->obs);
	wh_free(ds->bad_cells);
	names_free(&ds->sectors);
	names_free(&ds->towns);
	names_free(&ds->committees);
	names_free(&ds->panel_names);
	wh_index_map_free(&ds->id_map);
	wh_map_free(&ds->col_map);
	wh_map_free(&ds->obs_map);
	wh_arena_free(&ds->arena);
	wh_free(ds);
}

#define NEED(ds) \
	if (!(ds)) return wh_error(err, WUHONG_EINVAL, "dataset is NULL")

int wuhong_dataset_set_unit(wuhong_dataset *ds, size_t i, const char *id, const char *name,
			    const char *sector, const char *town, const char *committee, wuhong_error *err)
{
	NEED(ds);
	if (i >= ds->n)
		return wh_error(err, WUHONG_EINVAL, "unit index %zu is past the end (%zu units)", i, ds->n);
	if (!id || !*id)
		return wh_error(err, WUHONG_EINVAL, "unit %zu needs a non-empty id", i);
	if (!sector || !*sector)
		return wh_error(err, WUHONG_EINVAL, "unit '%s' needs a sector", id);
	size_t prev;
	if (wh_index_map_get(&ds->id_map, ds->ids, id, &prev) && prev != i) {
		wh_error(err, WUHONG_EDATA, "unit id '%s' is used twice (units %zu and %zu)", id, prev + 1, i + 1);
		wh_error_set_unit(err, id, (long)i + 1);
		return WUHONG_EDATA;
	}
	const char *id_copy = wh_arena_strdup(&ds->arena, id);
	const char *name_copy = wh_arena_strdup(&ds->arena, name ? name : "");
	uint32_t s, t, c;
	if (!id_copy || !name_copy || ds_names_code(ds, &ds->sectors, sector, &s) ||
	    ds_names_code(ds, &ds->towns, town, &t) || ds_names_code(ds, &ds->committees, committee, &c))
		return wh_error_oom(err);
	if (s > UINT16_MAX || t > UINT16_MAX)
		return wh_error(err, WUHONG_EDATA, "too many distinct sectors or townships (at most 65535)");
	if (ds->ids[i][0])
		return wh_error(err, WUHONG_EINVAL, "unit %zu is already set (id '%s')", i, ds->ids[i]);
	const char *unset = ds->ids[i];
	ds->ids[i] = id_copy; /* the index reads it */
	if (wh_index_map_put(&ds->id_map, ds->ids, id_copy, i, NULL, NULL)) {
		ds->ids[i] = unset;
		return wh_error_oom(err);
	}
	ds->names[i] = name_copy;
	ds->sector[i] = (uint16_t)s;
	ds->town[i] = (uint16_t)t;
	ds->codes_version++;
	ds->committee[i] = c;
	return 0;
}

static int set_codes(wuhong_dataset *ds, ds_names *table, uint16_t *dst, const uint16_t *codes,
		     const char *const *names, size_t n_names, wuhong_error *err)
{
	NEED(ds);
	if (!codes || !names)
		return wh_error(err, WUHONG_EINVAL, "codes and names are required");
	if (n_names > 65535)
		return wh_error(err, WUHONG_EINVAL, "too many names (at most 65535)");
	for (size_t i = 0; i < ds->n; i++)
		if (codes[i] >= n_names)
			return wh_error(err, WUHONG_EINVAL, "unit %zu: code %u has no name (%zu names)", i,
					codes[i], n_names);
	uint16_t *map = wh_malloc((n_names + 1) * sizeof *map);
	if (!map)
		return wh_error_oom(err);
	for (size_t k = 0; k < n_names; k++) {
		uint32_t c;
		int rc = !names[k] ? wh_error(err, WUHONG_EINVAL, "name %zu is NULL", k) :
			 ds_names_code(ds, table, names[k], &c) ? wh_error_oom(err) : 0;
		if (rc) {
			wh_free(map);
			return rc;
		}
		map[k] = (uint16_t)c;
	}
	for (size_t i = 0; i < ds->n; i++)
		dst[i] = map[codes[i]];
	ds->codes_version++;
	wh_free(map);
	return 0;
}

int wuhong_dataset_set_sector_codes(wuhong_dataset *ds, const uint16_t *codes, const char *const *names,
				    size_t n_names, wuhong_error *err)
{
	NEED(ds);
	return set_codes(ds, &ds->sectors, ds->sector, codes, names, n_names, err);
}

int wuhong_dataset_set_town_codes(wuhong_dataset *ds, const uint16_t *codes, const char *const *names,
				  size_t n_names, wuhong_error *err)
{
	NEED(ds);
	return set_codes(ds, &ds->towns, ds->town, codes, names, n_names, err);
}

static int add_column(wuhong_dataset *ds, const char *name, ds_column **out, wuhong_error *err)
{
	if (!name || !*name)
		return wh_error(err, WUHONG_EINVAL, "an indicator column needs a name");
	if (!wh_grow((void **)&ds->cols, &ds->cap_cols, ds->n_cols, sizeof *ds->cols))
		return wh_error_oom(err);
	ds_column *c = &ds->cols[ds->n_cols];
	memset(c, 0, sizeof *c);
	c->bad_unit = SIZE_MAX;
	c->percent_unit = SIZE_MAX;
	c->name = wh_arena_strdup(&ds->arena, name);
	if (!c->name || wh_map_put(&ds->col_map, c->name, ds->n_cols, NULL, NULL))
		return wh_error_oom(err);
	ds->n_cols++;
	*out = c;
	return 0;
}

int wuhong_dataset_set_value(wuhong_dataset *ds, size_t i, const char *indicator, double value,
			     wuhong_error *err)
{
	NEED(ds);
	if (i >= ds->n)
		return wh_error(err, WUHONG_EINVAL, "unit index %zu is past the end (%zu units)", i, ds->n);
	ds_column *c = indicator ? ds_find_column(ds, indicator) : NULL;
	if (!c) {
		int rc = add_column(ds, indicator, &c, err);
		if (rc)
			return rc;
		c->owned = wh_malloc((ds->n ? ds->n : 1) * sizeof *c->owned);
		if (!c->owned)
			return wh_error_oom(err);
		for (size_t k = 0; k < ds->n; k++)
			c->owned[k] = NAN;
		c->data = c->owned;
	}
	if (!c->owned)
		return wh_error(err, WUHONG_EINVAL, "column '%s' is bound to a caller's array; change the array instead",
				indicator);
	c->owned[i] = value;
	return 0;
}

int wuhong_dataset_bind_column(wuhong_dataset *ds, const char *indicator, const double *values,
			       wuhong_error *err)
{
	NEED(ds);
	if (!values)
		return wh_error(err, WUHONG_EINVAL, "values is NULL");
	ds_column *c = indicator ? ds_find_column(ds, indicator) : NULL;
	if (!c) {
		int rc = add_column(ds, indicator, &c, err);
		if (rc)
			return rc;
	}
	wh_free(c->owned);
	c->owned = NULL;
	c->data = values;
	c->csv_col = 0;
	c->bad_unit = SIZE_MAX;
	c->percent_unit = SIZE_MAX;
	return 0;
}

int wuhong_dataset_add_observation(wuhong_dataset *ds, const char *unit_id, const char *indicator,
				   const char *judge, double value, wuhong_error *err)
{
	NEED(ds);
	size_t u;
	if (!unit_id || !wh_index_map_get(&ds->id_map, ds->ids, unit_id, &u)) {
		wh_error(err, WUHONG_EDATA, "panel observation for unknown unit '%s'", unit_id ? unit_id : "");
		wh_error_set_unit(err, unit_id, 0);
		return WUHONG_EDATA;
	}
	if (!indicator || !*indicator)
		return wh_error(err, WUHONG_EDATA, "panel observation without an indicator");
	if (isnan(value) || isinf(value))
		return wh_error(err, WUHONG_EDATA, "panel observation for unit '%s' has no value", unit_id);
	uint32_t code;
	if (ds_names_code(ds, &ds->panel_names, indicator, &code) ||
	    !wh_grow((void **)&ds->obs, &ds->cap_obs, ds->n_obs, sizeof *ds->obs))
		return wh_error_oom(err);
	/* the same judge scoring the same unit and indicator twice is an error */
	wh_buf key = { 0 };
	wh_buf_printf(&key, "%zu\x1f%u\x1f%s", u, code, judge ? judge : "");
	const char *k = wh_buf_text(&key) ? wh_arena_strdup(&ds->arena, wh_buf_text(&key)) : NULL;
	const char *j = wh_arena_strdup(&ds->arena, judge ? judge : "");
	wh_buf_free(&key);
	bool existed;
	if (!k || !j || wh_map_put(&ds->obs_map, k, ds->n_obs, &existed, NULL))
		return wh_error_oom(err);
	if (existed) {
		wh_error(err, WUHONG_EDATA, "judge '%s' scored unit '%s' on '%s' twice", judge ? judge : "",
			 unit_id, indicator);
		wh_error_set_unit(err, unit_id, 0);
		return WUHONG_EDATA;
	}
	ds->obs[ds->n_obs++] = (ds_obs){ (uint32_t)u, code, value, j, 0 };
	return 0;
}

const char *wuhong_dataset_notice(const wuhong_dataset *ds)
{
	return ds ? ds->notice : NULL;
}

size_t wuhong_dataset_count(const wuhong_dataset *ds)
{
	return ds ? ds->n : 0;
}

const char *wuhong_dataset_unit_id(const wuhong_dataset *ds, size_t i)
{
	return ds && i < ds->n ? ds->ids[i] : "";
}

const char *wuhong_dataset_unit_name(const wuhong_dataset *ds, size_t i)
{
	return ds && i < ds->n ? ds->names[i] : "";
}

const char *wuhong_dataset_unit_sector(const wuhong_dataset *ds, size_t i)
{
	return ds && i < ds->n ? name_of(&ds->sectors, ds->sector[i]) : "";
}

const char *wuhong_dataset_unit_town(const wuhong_dataset *ds, size_t i)
{
	return ds && i < ds->n ? name_of(&ds->towns, ds->town[i]) : "";
}

const char *wuhong_dataset_unit_committee(const wuhong_dataset *ds, size_t i)
{
	return ds && i < ds->n ? name_of(&ds->committees, ds->committee[i]) : "";
}

int wuhong_dataset_roster(char **out, size_t *len, const wuhong_dataset *ds, wuhong_roster_field field,
			  wuhong_error *err)
{
	static const char *(*const of[])(const wuhong_dataset *, size_t) = {
		wuhong_dataset_unit_id, wuhong_dataset_unit_name, wuhong_dataset_unit_sector,
		wuhong_dataset_unit_town, wuhong_dataset_unit_committee,
	};
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !len || !ds || (unsigned)field >= WH_ARRAY_LEN(of))
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_roster: NULL argument or unknown field");
	size_t total = 0;
	for (size_t i = 0; i < ds->n; i++)
		total += strlen(of[field](ds, i)) + 1;
	char *buf = wh_malloc(total + 1);
	if (!buf)
		return wh_error_oom(err);
	char *p = buf;
	for (size_t i = 0; i < ds->n; i++) {
		const char *s = of[field](ds, i);
		size_t n = strlen(s) + 1;
		memcpy(p, s, n);
		p += n;
	}
	*out = buf;
	*len = total;
	return 0;
}

int wuhong_dataset_find(size_t *index, const wuhong_dataset *ds, const char *id, wuhong_error *err)
{
	if (!ds || !id)
		return wh_error(err, WUHONG_EINVAL, "wuhong_dataset_find: NULL argument");
	size_t v;
	if (!wh_index_map_get(&ds->id_map, ds->ids, id, &v)) {
		wh_error(err, WUHONG_ENOTFOUND, "no unit with id '%s'", id);
		wh_error_set_unit(err, id, 0);
		return WUHONG_ENOTFOUND;
	}
	if (index)
		*index = v;
	return 0;
}

double wuhong_dataset_value(const wuhong_dataset *ds, size_t i, const char *indicator)
{
	if (!ds || i >= ds->n || !indicator)
		return NAN;
	const ds_column *c = ds_find_column(ds, indicator);
	return c ? c->data[i] : NAN;
}
