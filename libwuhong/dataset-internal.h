/*
 * dataset-internal.h — the dataset's structures, shared by the CSV loaders
 * and the evaluator. Not installed.
 */
#ifndef WUHONG_DATASET_INTERNAL_H
#define WUHONG_DATASET_INTERNAL_H

#include <stdatomic.h>

#include "util.h"
#include "wuhong/dataset.h"

/* Interned names with small integer codes; code 0 is "" (unset). */
typedef struct ds_names {
	const char **names;
	size_t n, cap;
	wh_map map;
	uint32_t last;     /* the code last looked up: files list units of a township together */
} ds_names;

typedef struct ds_column {
	const char *name;
	double *owned;         /* NULL for a bound column */
	const double *data;
	long csv_col;          /* 1-based CSV column, 0 if not from CSV */
	size_t bad_unit;       /* first unit whose cell is not a number, or SIZE_MAX */
	const char *bad_text;
	size_t percent_unit;   /* first unit whose cell is written "96.9%", or SIZE_MAX */
	const char *percent_text;
} ds_column;

/* A cell that is not a number (or is written "96.9%"), kept when loading
 * with a problems list so an evaluation can name every one. */
typedef struct ds_bad_cell {
	size_t unit, col;
	const char *text;
	bool percent;
} ds_bad_cell;

typedef struct ds_obs {
	uint32_t unit;
	uint32_t indicator;    /* code in panel_names */
	double value;
	const char *judge;
	long line;
} ds_obs;

struct wuhong_dataset {
	atomic_int refs;
	size_t n;
	wh_arena arena;
	const char **ids, **names;
	uint16_t *sector, *town;
	uint64_t codes_version;  /* changes whenever a unit's sector or township does */
	uint32_t *committee;
	ds_names sectors, towns, committees;
	wh_index_map id_map;     /* ids[i] -> i */
	ds_column *cols;
	size_t n_cols, cap_cols;
	wh_map col_map;
	const char *file;      /* source CSV, or NULL */
	const char *notice;    /* what loading skipped, for the user (a totals row), or NULL */
	uint32_t *lines;       /* line each unit's record starts on, or NULL */
	ds_obs *obs;
	size_t n_obs, cap_obs;
	ds_names panel_names;
	wh_map obs_map;        /* unit, indicator, judge -> observation */
	const char *panel_file;
	ds_bad_cell *bad_cells;
	size_t n_bad, cap_bad;
	long roster_col[5];    /* the file's column of id, name, sector, town, committee (from 1); 0 if none */
	long header_line;      /* the file's row of the header (below a title: not 1); 0 if none */
};

int ds_names_code(wuhong_dataset *ds, ds_names *t, const char *name, uint32_t *code);
ds_column *ds_find_column(const wuhong_dataset *ds, const char *name);
/* Where unit i came from, for error messages. */
void ds_locate(const wuhong_dataset *ds, size_t i, wuhong_error *err);

#endif
