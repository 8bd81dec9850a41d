/*
 * ledger-sql.c — the SQLite calls the ledger's writer (ledger.c), reader
 * (ledger-query.c) and seals (ledger-seal.c) share: every result checked,
 * SQLite's errors mapped to libwuhong's codes (see ledger-sql.h).
 */
#include <stdio.h>
#include <string.h>

#include "ledger-sql.h"

int ledger_db_error(wuhong_ledger *l, wuhong_error *err, const char *what)
{
	int code = sqlite3_errcode(l->db);
	if (code == SQLITE_NOMEM)
		return wh_error(err, WUHONG_ENOMEM, "ledger: %s: out of memory", what);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return wh_error(err, WUHONG_EDATA, "ledger: %s: the file is damaged (%s)", what, sqlite3_errmsg(l->db));
	return wh_error(err, WUHONG_EIO, "ledger: %s: %s", what, sqlite3_errmsg(l->db));
}

int ledger_step(wuhong_ledger *l, sqlite3_stmt *st, const char *what, wuhong_error *err)
{
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		return 1;
	if (step == SQLITE_DONE)
		return 0;
	return ledger_db_error(l, err, what);
}

int ledger_exec(wuhong_ledger *l, const char *sql, wuhong_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(l->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_errcode(l->db);
		int rc = code == SQLITE_NOMEM ? wh_error(err, WUHONG_ENOMEM, "ledger: out of memory")
			 : wh_error(err, code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? WUHONG_EDATA : WUHONG_EIO,
				    "ledger: %s", msg ? msg : sqlite3_errmsg(l->db));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* ROLLBACK when a transaction is still open (SQLite may have rolled it back itself). */
void ledger_rollback(wuhong_ledger *l)
{
	if (!sqlite3_get_autocommit(l->db))
		ledger_exec(l, "ROLLBACK", NULL);
}

int ledger_single_int(wuhong_ledger *l, const char *sql, const char *what, int *v, wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, sql, NULL, NULL, err);
	if (rc)
		return rc;
	rc = ledger_step(l, st, what, err);
	*v = rc == 1 ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc < 0 ? rc : 0;
}


/* Bind args (fmt: 'i' int64_t *, 's' text or NULL) to a statement's parameters. */
int ledger_bind(wuhong_ledger *l, sqlite3_stmt *st, const char *fmt, const void *const *args, bool borrowed,
		wuhong_error *err)
{
	for (int k = 0; fmt && fmt[k]; k++) {
		int r;
		if (fmt[k] == 'i')
			r = sqlite3_bind_int64(st, k + 1, *(const int64_t *)args[k]);
		else if (!args[k])
			r = sqlite3_bind_null(st, k + 1);
		else
			r = sqlite3_bind_text(st, k + 1, args[k], -1, borrowed ? SQLITE_STATIC : SQLITE_TRANSIENT);
		if (r != SQLITE_OK)
			return ledger_db_error(l, err, "binding a value");
	}
	return 0;
}

int ledger_prepare(wuhong_ledger *l, sqlite3_stmt **st, const char *sql, const char *fmt, const void *const *args,
		   wuhong_error *err)
{
	if (sqlite3_prepare_v2(l->db, sql, -1, st, NULL) != SQLITE_OK)
		return ledger_db_error(l, err, "preparing a statement");
	int rc = ledger_bind(l, *st, fmt, args, false, err);
	if (rc)
		sqlite3_finalize(*st);
	return rc;
}

/* Run an INSERT (or any statement without rows). */
int ledger_run(wuhong_ledger *l, const char *sql, const char *fmt, const void *const *args, wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, sql, fmt, args, err);
	if (rc)
		return rc;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ledger_db_error(l, err, "writing");
	sqlite3_finalize(st);
	return rc;
}
