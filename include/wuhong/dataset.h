/*
 * wuhong/dataset.h — units (the roster: id, name, sector, township,
 * committee) and their indicator values, stored column by column.
 *
 * A dataset does not depend on a policy: sector, township and indicator
 * names are matched against a policy when it is evaluated, so one dataset
 * can be evaluated under several policies (what-if). Values are doubles;
 * a missing value is NaN and is never taken as 0.
 *
 * Datasets are reference-counted and immutable once handed to an
 * evaluation; do not modify a dataset while another thread evaluates it.
 */
#ifndef WUHONG_DATASET_H
#define WUHONG_DATASET_H

#include "common.h"
#include "error.h"
#include "problems.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_dataset wuhong_dataset;

/**
 * Options for reading the files of units, panels, adjustments, decisions
 * and applications. Each is a CSV file or an .xlsx workbook (Excel, WPS),
 * told apart by its bytes: a workbook's sheet is read as the CSV would be.
 */
typedef struct wuhong_csv_options {
	unsigned version;      /**< WUHONG_CSV_OPTIONS_VERSION */
	/**
	 * Input encoding of a CSV file: NULL or "auto" (strict UTF-8 if the bytes
	 * are valid UTF-8, else GB18030), "utf-8", "gb18030" or "gbk" (read as
	 * GB18030, its superset). A workbook is always UTF-8 inside.
	 */
	const char *encoding;
	/** Version 2: the sheet of a workbook to read, or NULL for the first. */
	const char *sheet;
	/**
	 * Version 3: a list for every problem of the file (wuhong/problems.h), or
	 * NULL to stop at the first. Given one, the units loader does not stop at
	 * a bad row: it records the problem, leaves the row out and reads on, so
	 * it may return 0 with problems listed (check wuhong_problems_count before
	 * using the data); it also keeps every cell that is not a number, for an
	 * evaluation with the same list to name them all.
	 */
	wuhong_problems *problems;
	/**
	 * Version 4: the row of the units file that holds the header, counted as
	 * a spreadsheet counts rows (for a CSV, its line); the rows above it are
	 * left out. 0 (the default) finds it: the first row, within the first
	 * WUHONG_HEADER_SEARCH_ROWS, one of whose cells names a roster column
	 * (id/编号, name/名称, sector/领域, town/乡镇, committee/党委), so a title
	 * above the table (「2024年绛县五面红旗考核数据」) is passed over, and
	 * wuhong_dataset_notice says which row was taken when it is not the first.
	 */
	long header_row;
} wuhong_csv_options;

#define WUHONG_CSV_OPTIONS_VERSION 4
#define WUHONG_CSV_OPTIONS_INIT { WUHONG_CSV_OPTIONS_VERSION, NULL, NULL, NULL, 0 }

/** How many rows from the top the header is looked for in (wuhong_csv_options.header_row). */
#define WUHONG_HEADER_SEARCH_ROWS 10

/**
 * Read units and indicators from a CSV file: a header row with the columns
 * id, name, sector, town (optionally committee), then indicator columns.
 * Header names may be the English keys or Chinese labels (编号 名称 领域 乡镇
 * 党委). Empty cells are missing; cells are numbers or booleans (1/0,
 * true/false, 是/否). A non-numeric cell does not fail the load: it fails an
 * evaluation that uses the column, naming the cell.
 *
 * @param out  receives the dataset; the caller frees it with wuhong_dataset_free
 * @param opts NULL for defaults
 * @return 0, WUHONG_EIO, WUHONG_EDATA (with file, line, row, column) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_dataset_load_csv(wuhong_dataset **out, const char *path,
					  const wuhong_csv_options *opts, wuhong_error *err);

/** As wuhong_dataset_load_csv(), from bytes in memory; name is used in errors. */
WUHONG_EXTERN int wuhong_dataset_load_csv_string(wuhong_dataset **out, const char *data, size_t len,
						 const char *name, const wuhong_csv_options *opts,
						 wuhong_error *err);

/**
 * Read units and indicators from a sheet of an .xlsx workbook (`sheet`:
 * its name, or NULL for the first), as wuhong_dataset_load_csv() reads a
 * CSV: numbers, shared and inline strings, booleans, empty cells; a cell
 * formatted as a percentage reads as "96.9%". Errors name the cell as Excel
 * does: the record's file is "book.xlsx[Sheet1]", its line and column the
 * cell's row and column, and wuhong_error_format() writes "book.xlsx:
 * Sheet1!C17". (wuhong_dataset_load_csv() reads a workbook too, by its bytes.)
 *
 * @return 0, WUHONG_EIO, WUHONG_EDATA (not a workbook; a cell), WUHONG_ENOTFOUND
 *         (no such sheet) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_dataset_load_xlsx(wuhong_dataset **out, const char *path, const char *sheet,
					   wuhong_error *err);

/**
 * Add panel observations from a long CSV "unit,indicator,judge,value"
 * (Chinese headers 单位 指标 评委 分值 also accepted). They are aggregated
 * per unit as the policy says when evaluated. Units must exist in ds.
 */
WUHONG_EXTERN int wuhong_dataset_load_panel(wuhong_dataset *ds, const char *path,
					    const wuhong_csv_options *opts, wuhong_error *err);

/** As wuhong_dataset_load_panel(), from bytes in memory. */
WUHONG_EXTERN int wuhong_dataset_load_panel_string(wuhong_dataset *ds, const char *data, size_t len,
						   const char *name, const wuhong_csv_options *opts,
						   wuhong_error *err);

/**
 * Create a dataset of n units with no values yet; fill it with the
 * functions below.
 */
WUHONG_EXTERN int wuhong_dataset_new(wuhong_dataset **out, size_t n_units, wuhong_error *err);

/**
 * Describe unit i (strings are copied). id must be unique and non-empty;
 * committee may be NULL.
 */
WUHONG_EXTERN int wuhong_dataset_set_unit(wuhong_dataset *ds, size_t i, const char *id,
					  const char *name, const char *sector, const char *town,
					  const char *committee, wuhong_error *err);

/**
 * Set every unit's sector at once from codes into a name table (copied):
 * unit i's sector is names[codes[i]]. Fast path for large arrays.
 */
WUHONG_EXTERN int wuhong_dataset_set_sector_codes(wuhong_dataset *ds, const uint16_t *codes,
						  const char *const *names, size_t n_names,
						  wuhong_error *err);

/** As wuhong_dataset_set_sector_codes(), for townships. */
WUHONG_EXTERN int wuhong_dataset_set_town_codes(wuhong_dataset *ds, const uint16_t *codes,
						const char *const *names, size_t n_names,
						wuhong_error *err);

/**
 * Set one value (NaN = missing). Creates an owned column, all missing, on
 * first use. Fails with WUHONG_EINVAL on a bound (borrowed) column.
 */
WUHONG_EXTERN int wuhong_dataset_set_value(wuhong_dataset *ds, size_t i, const char *indicator,
					   double value, wuhong_error *err);

/**
 * Bind a caller-owned array of n_units doubles as an indicator column,
 * without copying. NaN means missing. The array must stay valid and
 * unchanged while the dataset or any evaluation running on it is in use;
 * changes made between evaluations are seen by the next one. Replaces a
 * column of the same name.
 */
WUHONG_EXTERN int wuhong_dataset_bind_column(wuhong_dataset *ds, const char *indicator,
					     const double *values, wuhong_error *err);

/** Add one panel observation for a unit (by id). */
WUHONG_EXTERN int wuhong_dataset_add_observation(wuhong_dataset *ds, const char *unit_id,
						 const char *indicator, const char *judge,
						 double value, wuhong_error *err);

/** Take another reference. Returns ds. */
WUHONG_EXTERN wuhong_dataset *wuhong_dataset_ref(wuhong_dataset *ds);

/** Drop a reference; the last one frees. Accepts NULL. */
WUHONG_EXTERN void wuhong_dataset_free(wuhong_dataset *ds);

/**
 * What loading the data skipped and the user should hear of, a line each
 * (separated by newlines), each with its file and row: title rows above the
 * header, a last row of totals (合计/总计/小计, which is not a unit); NULL if
 * nothing. Borrowed for the dataset's life.
 */
WUHONG_EXTERN const char *wuhong_dataset_notice(const wuhong_dataset *ds);

/** Number of units. */
WUHONG_EXTERN size_t wuhong_dataset_count(const wuhong_dataset *ds);

/** Unit fields, borrowed for the dataset's life; "" when unset. */
WUHONG_EXTERN const char *wuhong_dataset_unit_id(const wuhong_dataset *ds, size_t i);
/** Unit i's name; borrowed for the dataset's life ("" past the end). */
WUHONG_EXTERN const char *wuhong_dataset_unit_name(const wuhong_dataset *ds, size_t i);
/** Unit i's sector as the data names it; borrowed. */
WUHONG_EXTERN const char *wuhong_dataset_unit_sector(const wuhong_dataset *ds, size_t i);
/** Unit i's township; borrowed. */
WUHONG_EXTERN const char *wuhong_dataset_unit_town(const wuhong_dataset *ds, size_t i);
/** Unit i's Party (work) committee, or ""; borrowed. */
WUHONG_EXTERN const char *wuhong_dataset_unit_committee(const wuhong_dataset *ds, size_t i);

/** A roster field, for wuhong_dataset_roster. */
typedef enum wuhong_roster_field {
	WUHONG_ROSTER_ID = 0,
	WUHONG_ROSTER_NAME = 1,
	WUHONG_ROSTER_SECTOR = 2,
	WUHONG_ROSTER_TOWN = 3,
	WUHONG_ROSTER_COMMITTEE = 4
} wuhong_roster_field;

/**
 * One roster field of every unit in one buffer: the values in unit order,
 * each followed by a NUL byte ("" for an unset one). A binding turns it into
 * a column of strings in one call instead of one call a unit.
 *
 * @param out receives the bytes (freed with wuhong_free); *len their number
 * @return 0, WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_dataset_roster(char **out, size_t *len, const wuhong_dataset *ds, wuhong_roster_field field,
					wuhong_error *err);

/** The index of the unit with this id in *out; WUHONG_ENOTFOUND if none. */
WUHONG_EXTERN int wuhong_dataset_find(size_t *out, const wuhong_dataset *ds, const char *id, wuhong_error *err);

/**
 * A value as stored in the data (before panel aggregation); NaN if missing
 * or the column does not exist.
 */
WUHONG_EXTERN double wuhong_dataset_value(const wuhong_dataset *ds, size_t i, const char *indicator);

WUHONG_END_DECL

#endif
