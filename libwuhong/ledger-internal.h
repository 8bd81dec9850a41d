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
/* Seal a period revision just written, chained to the latest seal (ledger-seal.c). */
int ledger_seal(wuhong_ledger *l, const char *period, int64_t rev, wuhong_error *err);
/* Seal every period in the order recorded (migrating a ledger that had no seals). */
int ledger_seal_all(wuhong_ledger *l, wuhong_error *err);
/* Integrity check, the whole chain, and no unsealed rows; out (may be NULL): period, revision, digest. */
int ledger_verify(wuhong_ledger *l, wuhong_rows **out, wuhong_error *err);
/* One step that must give a row or the end: 1 a row, 0 the end, or a negative error. */
int ledger_step(wuhong_ledger *l, sqlite3_stmt *st, const char *what, wuhong_error *err);

/* The events (and their payments) of a period's revision, as wuhong_review returns them. */
int ledger_period_rows(wuhong_rows **out, wuhong_ledger *l, const char *period, int64_t revision, wuhong_error *err);

#endif
