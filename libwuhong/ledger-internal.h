/*
 * ledger-internal.h — what ledger.c and ledger-query.c share. Not installed.
 */
#ifndef WUHONG_LEDGER_INTERNAL_H
#define WUHONG_LEDGER_INTERNAL_H

#include <sqlite3.h>

#include "util.h"
#include "wuhong/ledger.h"

struct wuhong_ledger {
	sqlite3 *db;
	bool readonly; /* opened with wuhong_ledger_open_readonly: queries only */
};

int ledger_db_error(wuhong_ledger *l, wuhong_error *err, const char *what);
int ledger_prepare(wuhong_ledger *l, sqlite3_stmt **st, const char *sql, const char *fmt, const void *const *args,
		   wuhong_error *err);
/* The events (and their payments) of a period's revision, as wuhong_review returns them. */
int ledger_period_rows(wuhong_rows **out, wuhong_ledger *l, const char *period, int64_t revision, wuhong_error *err);

#endif
