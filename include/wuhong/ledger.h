/*
 * wuhong/ledger.h — the campaign's ledger: an embedded SQLite file that
 * records each period whole or not at all (one transaction) and never
 * changes what it recorded (append-only, enforced by triggers).
 *
 * Recording a period again with the same inputs (policy fingerprint and a
 * digest of the parsed data and decisions — so a GB18030 and a UTF-8 copy
 * of the same data are the same input) does nothing and pays nothing twice.
 * Other inputs are refused unless the caller supersedes; the supersession
 * is recorded, the old revision's payments are reversed and the new ones
 * paid, so the period's money always equals its latest revision's.
 */
#ifndef WUHONG_LEDGER_H
#define WUHONG_LEDGER_H

#include "common.h"
#include "error.h"
#include "policy.h"
#include "evaluation.h"
#include "review.h"
#include "awards.h"

WUHONG_BEGIN_DECL

/* wuhong_ledger is declared in review.h, with wuhong_review */

/** The schema version this library writes; older ledgers are migrated on open. */
#define WUHONG_LEDGER_SCHEMA 3

/**
 * Open (creating or migrating) a ledger file.
 *
 * @return 0, WUHONG_EIO (cannot open), WUHONG_EDATA (not a wuhong ledger, or
 *         one from a newer version) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_ledger_open(wuhong_ledger **out, const char *path, wuhong_error *err);
/**
 * Open an existing ledger for queries only: nothing is created or migrated,
 * and wuhong_review() on it fails with WUHONG_EINVAL.
 *
 * @return 0, WUHONG_EIO (no such file, cannot open), WUHONG_EDATA (not a
 *         wuhong ledger, or one of another schema version) or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_ledger_open_readonly(wuhong_ledger **out, const char *path, wuhong_error *err);
/** Close a ledger. Accepts NULL. */
WUHONG_EXTERN void wuhong_ledger_free(wuhong_ledger *l);

/**
 * Check the ledger for damage and tampering: SQLite's integrity check, then
 * every period's seal (a SHA-256 over all of its rows, chained to the seal
 * before it), then that no row belongs to an unsealed period.
 * wuhong_review runs the same check before it records anything.
 *
 * @param out receives the chain (period, revision, digest), oldest first; its
 *            last digest stands for the whole ledger. NULL to skip.
 * @return 0, WUHONG_EDATA naming the first period that does not match (or
 *         the damage SQLite found), WUHONG_EIO or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_ledger_verify(wuhong_rows **out, wuhong_ledger *l, wuhong_error *err);

/**
 * What a query asks for, and the columns it answers with (in this order;
 * the types are wuhong_rows_type's: INTEGER, TEXT, or NULL where noted).
 */
typedef enum wuhong_ledger_question {
	/** period, revision (int), policy (name), fingerprint, digest (of the inputs), units (int),
	 *  paid_fen (int), status ("current" or "superseded") */
	WUHONG_LEDGER_PERIODS = 0,
	/** period, unit, name, kind, amount_fen (int), reason; key: a period, or NULL for all */
	WUHONG_LEDGER_PAYMENTS = 1,
	/** year, creation_fen, promotion_fen, review_fen, clawback_fen, adjustments_fen, reversal_fen,
	 *  total_fen (all int but the year) */
	WUHONG_LEDGER_TOTALS = 2,
	/** a unit's trail, with the units merged into it: period, event, tier_from (int), tier_to (int),
	 *  amount_fen (int, or NULL for an event without money), detail, unit; key: unit id */
	WUHONG_LEDGER_HISTORY = 3,
	/** everything paid to a unit: period, kind, amount_fen (int), reason; key: unit id */
	WUHONG_LEDGER_PAID = 4,
	/** a period's red and black lists: list, rank (int), unit, name, reason; key: period */
	WUHONG_LEDGER_BOARDS = 5
} wuhong_ledger_question;

/** Ask the ledger; rows are freed with wuhong_rows_free. */
WUHONG_EXTERN int wuhong_ledger_query(wuhong_rows **out, wuhong_ledger *l, wuhong_ledger_question what,
				      const char *key, wuhong_error *err);

WUHONG_END_DECL

#endif
