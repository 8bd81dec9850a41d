/*
 * ledger-internal.h — what the ledger's writer (ledger.c) uses of its reader
 * (ledger-query.c) and its seals (ledger-seal.c). Not installed.
 */
#ifndef WUHONG_LEDGER_INTERNAL_H
#define WUHONG_LEDGER_INTERNAL_H

#include "ledger-sql.h"
#include "wuhong/rows.h"

/* Seal a period revision just written, chained to the latest seal (ledger-seal.c). */
int ledger_seal(wuhong_ledger *l, const char *period, int64_t rev, wuhong_error *err);
/* Seal every period in the order recorded (migrating a ledger that had no seals). */
int ledger_seal_all(wuhong_ledger *l, wuhong_error *err);
/* Integrity check, the whole chain, and no unsealed rows; out (may be NULL): period, revision, digest. */
int ledger_verify(wuhong_ledger *l, wuhong_rows **out, wuhong_error *err);

/* The events (and their payments) of a period's revision, as wuhong_review returns them. */
int ledger_period_rows(wuhong_rows **out, wuhong_ledger *l, const char *period, int64_t revision, wuhong_error *err);

#endif
