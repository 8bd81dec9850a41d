/*
 * ledger-sql.h — the SQLite helpers under the ledger's writer, reader and
 * seals (one layer below all three). Not installed.
 */
#ifndef WUHONG_LEDGER_SQL_H
#define WUHONG_LEDGER_SQL_H

#include <sqlite3.h>

#include "util.h"
#include "wuhong/ledger.h"

struct wuhong_ledger {
	sqlite3 *db;
	bool readonly; /* opened with wuhong_ledger_open_readonly: queries only */
};

/* The connection's last error as a status: out of memory, a damaged file (WUHONG_EDATA), else WUHONG_EIO. */
int ledger_db_error(wuhong_ledger *l, wuhong_error *err, const char *what);
/* One step that must give a row or the end: 1 a row, 0 the end, or a negative error. */
int ledger_step(wuhong_ledger *l, sqlite3_stmt *st, const char *what, wuhong_error *err);
/* Run SQL without results (several statements allowed). */
int ledger_exec(wuhong_ledger *l, const char *sql, wuhong_error *err);
/* ROLLBACK when a transaction is still open (SQLite may have rolled it back itself). */
void ledger_rollback(wuhong_ledger *l);
/* The integer in the first column of the first row of sql. */
int ledger_single_int(wuhong_ledger *l, const char *sql, const char *what, int *v, wuhong_error *err);
/* Bind args (fmt: 'i' int64_t *, 's' text or NULL) to a statement's parameters.
 * borrowed: the texts outlive the statement's next step, so SQLite need not copy them. */
int ledger_bind(wuhong_ledger *l, sqlite3_stmt *st, const char *fmt, const void *const *args, bool borrowed,
		wuhong_error *err);
/* Prepare sql and bind args; on failure nothing is left to finalize. */
int ledger_prepare(wuhong_ledger *l, sqlite3_stmt **st, const char *sql, const char *fmt, const void *const *args,
		   wuhong_error *err);
/* Run an INSERT (or any statement without rows). */
int ledger_run(wuhong_ledger *l, const char *sql, const char *fmt, const void *const *args, wuhong_error *err);

#endif
