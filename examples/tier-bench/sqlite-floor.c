/*
 * sqlite-floor.c — the SQLite floor of a ledger's writing: the same rows,
 * the same schema, written by a plain program the fastest plain way — one
 * transaction, one prepared INSERT per table, the same durability
 * (synchronous = FULL, the default rollback journal).
 *
 * The rows are those a review just wrote: every table of that ledger is
 * read into memory first (not timed), then inserted into a fresh file
 * with the ledger's own CREATE statements (timed).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sqlite-floor.h"

typedef struct table_rows {
	char *name;
	int cols;
	size_t n, cap;
	sqlite3_value **cells; /* n * cols */
} table_rows;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int read_table(sqlite3 *src, table_rows *t)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", t->name);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	t->cols = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 1024;
			t->cells = realloc(t->cells, t->cap * (size_t)t->cols * sizeof *t->cells);
		}
		for (int c = 0; c < t->cols; c++)
			t->cells[t->n * (size_t)t->cols + (size_t)c] = sqlite3_value_dup(sqlite3_column_value(st, c));
		t->n++;
	}
	sqlite3_finalize(st);
	return 0;
}

int sqlite_floor(const char *ledger_path, double *secs, size_t *rows)
{
	sqlite3 *src, *dst;
	if (sqlite3_open_v2(ledger_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	/* the schema in creation order: tables, then indexes and triggers */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(src,
			       "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
			       "AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	char **schema = NULL;
	size_t n_schema = 0;
	table_rows *tables = NULL;
	size_t n_tables = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		schema = realloc(schema, (n_schema + 1) * sizeof *schema);
		schema[n_schema++] = strdup((const char *)sqlite3_column_text(st, 2));
		if (strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0) {
			tables = realloc(tables, (n_tables + 1) * sizeof *tables);
			tables[n_tables++] = (table_rows){ strdup((const char *)sqlite3_column_text(st, 1)), 0, 0, 0, NULL };
		}
	}
	sqlite3_finalize(st);
	*rows = 0;
	for (size_t k = 0; k < n_tables; k++) {
		if (read_table(src, &tables[k]))
			return -1;
		*rows += tables[k].n;
	}
	sqlite3_close(src);

	char path[] = "/tmp/sqlite-floor-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	double t0 = now();
	int rc = sqlite3_open(path, &dst) == SQLITE_OK ? 0 : -1;
	if (!rc)
		rc = sqlite3_exec(dst, "PRAGMA synchronous = FULL; BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	for (size_t k = 0; k < n_schema && !rc; k++)
		rc = sqlite3_exec(dst, schema[k], NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	for (size_t k = 0; k < n_tables && !rc; k++) {
		table_rows *t = &tables[k];
		char sql[4096];
		int len = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES (", t->name);
		for (int c = 0; c < t->cols; c++)
			len += snprintf(sql + len, sizeof sql - (size_t)len, "%s?", c ? "," : "");
		snprintf(sql + len, sizeof sql - (size_t)len, ")");
		sqlite3_stmt *ins;
		if (sqlite3_prepare_v2(dst, sql, -1, &ins, NULL) != SQLITE_OK) {
			rc = -1;
			break;
		}
		for (size_t r = 0; r < t->n && !rc; r++) {
			for (int c = 0; c < t->cols; c++)
				sqlite3_bind_value(ins, c + 1, t->cells[r * (size_t)t->cols + (size_t)c]);
			rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(ins);
		}
		sqlite3_finalize(ins);
	}
	if (!rc)
		rc = sqlite3_exec(dst, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_close(dst);
	*secs = now() - t0;
	unlink(path);
	for (size_t k = 0; k < n_tables; k++) {
		for (size_t c = 0; c < tables[k].n * (size_t)tables[k].cols; c++)
			sqlite3_value_free(tables[k].cells[c]);
		free(tables[k].cells);
		free(tables[k].name);
	}
	for (size_t k = 0; k < n_schema; k++)
		free(schema[k]);
	free(schema);
	free(tables);
	return rc;
}
