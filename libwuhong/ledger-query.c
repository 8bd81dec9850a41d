/*
 * ledger-query.c — reading the ledger: periods, payments, totals per year,
 * a unit's history, what was paid to a unit, a period's boards.
 * Superseded revisions stay in the ledger; payments include their
 * reversals, so sums are always the latest revisions' money.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger-internal.h"
#include "rows.h"

/* Run a query and copy its result into rows (column names from SQLite). */
static int query(wuhong_rows **out, wuhong_ledger *l, const char *sql, const char *fmt, const void *const *args,
		 wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, sql, fmt, args, err);
	if (rc)
		return rc;
	size_t n = (size_t)sqlite3_column_count(st);
	const char *names[16];
	for (size_t c = 0; c < n && c < 16; c++)
		names[c] = sqlite3_column_name(st, (int)c);
	wuhong_rows *r = rows_new(n, names);
	if (!r) {
		sqlite3_finalize(st);
		return wh_error_oom(err);
	}
	int step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		rows_value v[16];
		for (size_t c = 0; c < n && c < 16 && !rc; c++) {
			int col = (int)c;
			switch (sqlite3_column_type(st, col)) {
			case SQLITE_INTEGER: v[c] = ROWS_INT(sqlite3_column_int64(st, col)); break;
			case SQLITE_FLOAT: v[c] = (rows_value){ WUHONG_VALUE_REAL, NULL, 0, sqlite3_column_double(st, col) }; break;
			case SQLITE_NULL: v[c] = ROWS_NULL; break;
			default:
				v[c] = ROWS_TEXT((const char *)sqlite3_column_text(st, col));
				/* NULL for a value that is not NULL: SQLite could not convert it */
				if (!v[c].text)
					rc = wh_error_oom(err);
				break;
			}
		}
		if (!rc)
			rc = rows_add(r, v, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ledger_db_error(l, err, "reading");
	sqlite3_finalize(st);
	if (rc) {
		wuhong_rows_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int ledger_period_rows(wuhong_rows **out, wuhong_ledger *l, const char *period, int64_t revision, wuhong_error *err)
{
	const void *args[] = { period, &revision };
	return query(out, l,
		     "SELECT e.period, e.unit, coalesce(r.name, '') AS name, e.event, e.tier_from, e.tier_to,"
		     "  (SELECT y.fen FROM payments y WHERE y.event = e.seq) AS amount_fen, e.detail"
		     " FROM events e LEFT JOIN results r ON r.period = e.period AND r.revision = e.revision AND r.unit = e.unit"
		     " WHERE e.period = ?1 AND e.revision = ?2 ORDER BY e.seq",
		     "si", args, err);
}

int wuhong_ledger_query(wuhong_rows **out, wuhong_ledger *l, wuhong_ledger_question what, const char *key,
			wuhong_error *err)
{
	if (!out || !l)
		return wh_error(err, WUHONG_EINVAL, "wuhong_ledger_query: NULL argument");
	*out = NULL;
	const void *args[] = { key };
	switch (what) {
	case WUHONG_LEDGER_PERIODS:
		return query(out, l,
			     "SELECT p.period, p.revision, p.policy_name AS policy, substr(p.policy, 1, 12) AS fingerprint,"
			     "  substr(p.input_digest, 1, 12) AS digest,"
			     "  (SELECT count(*) FROM results r WHERE r.period = p.period AND r.revision = p.revision) AS units,"
			     "  (SELECT coalesce(sum(fen), 0) FROM payments y WHERE y.period = p.period AND y.revision = p.revision)"
			     "    AS paid_fen,"
			     "  CASE WHEN EXISTS (SELECT 1 FROM supersessions s WHERE s.period = p.period"
			     "    AND s.old_revision = p.revision) THEN 'superseded' ELSE 'current' END AS status"
			     " FROM periods p ORDER BY p.period, p.revision",
			     NULL, NULL, err);
	case WUHONG_LEDGER_PAYMENTS:
		return query(out, l,
			     "SELECT y.period, y.unit, coalesce((SELECT name FROM results r WHERE r.unit = y.unit"
			     "  ORDER BY r.period DESC LIMIT 1), '') AS name, y.kind, y.fen AS amount_fen, y.reason"
			     " FROM payments y WHERE ?1 IS NULL OR y.period = ?1 ORDER BY y.seq",
			     "n", args, err);
	case WUHONG_LEDGER_TOTALS:
		return query(out, l,
			     "SELECT substr(period, 1, 4) AS year,"
			     "  sum(CASE kind WHEN 'creation' THEN fen ELSE 0 END) AS creation_fen,"
			     "  sum(CASE kind WHEN 'promotion' THEN fen ELSE 0 END) AS promotion_fen,"
			     "  sum(CASE kind WHEN 'review' THEN fen ELSE 0 END) AS review_fen,"
			     "  sum(CASE kind WHEN 'clawback' THEN fen ELSE 0 END) AS clawback_fen,"
			     "  sum(CASE WHEN kind IN ('bonus', 'penalty') THEN fen ELSE 0 END) AS adjustments_fen,"
			     "  sum(CASE kind WHEN 'reversal' THEN fen ELSE 0 END) AS reversal_fen,"
			     "  sum(fen) AS total_fen FROM payments GROUP BY year ORDER BY year",
			     NULL, NULL, err);
	case WUHONG_LEDGER_HISTORY:
		if (!key)
			return wh_error(err, WUHONG_EINVAL, "a unit's history needs the unit id");
		return query(out, l,
			     /* the unit's own events, then those of the units merged into it
			      * (their standing carried over), recursively */
			     "WITH RECURSIVE line(unit) AS (SELECT ?1 UNION"
			     "  SELECT d.unit FROM decisions d JOIN line ON d.merge_into = line.unit"
			     "  WHERE d.decision = 'merge' AND NOT EXISTS (SELECT 1 FROM supersessions s"
			     "    WHERE s.period = d.period AND s.old_revision = d.revision))"
			     "SELECT e.period, e.event, e.tier_from, e.tier_to,"
			     "  (SELECT y.fen FROM payments y WHERE y.event = e.seq) AS amount_fen, e.detail, e.unit"
			     " FROM events e WHERE e.unit IN (SELECT unit FROM line)"
			     "   AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.period = e.period"
			     "     AND s.old_revision = e.revision)"
			     " ORDER BY e.period, e.seq",
			     "s", args, err);
	case WUHONG_LEDGER_PAID:
		if (!key)
			return wh_error(err, WUHONG_EINVAL, "what was paid to a unit needs the unit id");
		return query(out, l, "SELECT period, kind, fen AS amount_fen, reason FROM payments WHERE unit = ?1 ORDER BY seq",
			     "s", args, err);
	case WUHONG_LEDGER_BOARDS:
		if (!key)
			return wh_error(err, WUHONG_EINVAL, "a period's boards need the period");
		return query(out, l,
			     "SELECT b.list, b.rank, b.unit, coalesce(r.name, '') AS name, b.reason FROM boards b"
			     " LEFT JOIN results r ON r.period = b.period AND r.revision = b.revision AND r.unit = b.unit"
			     " WHERE b.period = ?1 AND b.revision = (SELECT max(revision) FROM periods WHERE period = ?1)"
			     " ORDER BY b.list = 'black', b.rank",
			     "s", args, err);
	default:
		return wh_error(err, WUHONG_EINVAL, "unknown ledger query %d", (int)what);
	}
}
