/*
 * ledger.c — the campaign's SQLite ledger (wuhong/ledger.h).
 *
 * Each period is one transaction: its revision, the units' results, the
 * boards, the events and payments of its review (review.c) and the
 * standing after it. Triggers make every table append-only. A supersession
 * adds a revision, reverses the old revision's payments and records why.
 */
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger-internal.h"
#include "review-internal.h"
#include "rows.h"
#include "wuhong/ledger.h"
#include "wuhong/lists.h"

static const char *const tables[] = { "periods", "supersessions", "results", "boards", "decisions", "events",
				      "payments", "standing", "seals", "applications" };

/* Schema version 3. Migrations from version k to k+1 are migrations[k]; the
 * seals of version 2 are computed for the periods a version-1 ledger holds. */
static const char *const migrations[] = {
	"CREATE TABLE periods (period TEXT NOT NULL, revision INTEGER NOT NULL, policy TEXT NOT NULL,"
	"  policy_name TEXT NOT NULL, input_digest TEXT NOT NULL, recorded_at TEXT NOT NULL,"
	"  PRIMARY KEY (period, revision));"
	"CREATE TABLE supersessions (period TEXT NOT NULL, old_revision INTEGER NOT NULL,"
	"  new_revision INTEGER NOT NULL, reason TEXT NOT NULL);"
	"CREATE TABLE results (period TEXT NOT NULL, revision INTEGER NOT NULL, unit TEXT NOT NULL,"
	"  name TEXT NOT NULL, sector TEXT NOT NULL, town TEXT NOT NULL, flags INTEGER NOT NULL,"
	"  flag_mask TEXT NOT NULL, veto INTEGER NOT NULL, tier INTEGER NOT NULL);"
	"CREATE TABLE boards (period TEXT NOT NULL, revision INTEGER NOT NULL, list TEXT NOT NULL,"
	"  rank INTEGER NOT NULL, unit TEXT NOT NULL, reason TEXT NOT NULL);"
	"CREATE TABLE decisions (period TEXT NOT NULL, revision INTEGER NOT NULL, unit TEXT NOT NULL,"
	"  decision TEXT NOT NULL, decided_by TEXT NOT NULL, reason TEXT NOT NULL, merge_into TEXT);"
	"CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, period TEXT NOT NULL,"
	"  revision INTEGER NOT NULL, unit TEXT NOT NULL, event TEXT NOT NULL, tier_from INTEGER,"
	"  tier_to INTEGER, detail TEXT NOT NULL);"
	"CREATE TABLE payments (seq INTEGER PRIMARY KEY AUTOINCREMENT, period TEXT NOT NULL,"
	"  revision INTEGER NOT NULL, unit TEXT NOT NULL, kind TEXT NOT NULL, fen INTEGER NOT NULL,"
	"  reason TEXT NOT NULL, event INTEGER REFERENCES events (seq));"
	"CREATE TABLE standing (period TEXT NOT NULL, revision INTEGER NOT NULL, unit TEXT NOT NULL,"
	"  sector TEXT NOT NULL, tier INTEGER NOT NULL, since TEXT, held INTEGER NOT NULL,"
	"  demoted_in TEXT, merged_into TEXT, ever INTEGER NOT NULL, PRIMARY KEY (period, revision, unit));"
	"CREATE INDEX events_unit ON events (unit);"
	"CREATE INDEX payments_unit ON payments (unit);"
	"CREATE INDEX payments_period ON payments (period);"
	"CREATE INDEX payments_event ON payments (event);",
	"CREATE TABLE seals (seq INTEGER PRIMARY KEY AUTOINCREMENT, period TEXT NOT NULL, revision INTEGER NOT NULL,"
	"  previous TEXT NOT NULL, digest TEXT NOT NULL, UNIQUE (period, revision));",
	/* 3: the creation list of a yearly period (wuhong/applications.h) */
	"CREATE TABLE applications (period TEXT NOT NULL, revision INTEGER NOT NULL, unit TEXT NOT NULL,"
	"  tier INTEGER NOT NULL, recommended INTEGER, recommended_by TEXT, recommendation TEXT,"
	"  decision INTEGER, decided_by TEXT, decision_reason TEXT);",
};

static int user_version(wuhong_ledger *l, int *v, wuhong_error *err)
{
	return ledger_single_int(l, "PRAGMA user_version", "reading the schema version", v, err);
}

/* Under BEGIN IMMEDIATE from the first read: two first uses of a new file
 * serialise (the second waits, then finds the schema made). */
static int migrate(wuhong_ledger *l, const char *path, wuhong_error *err)
{
	int v = 0, rc = ledger_exec(l, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	if ((rc = user_version(l, &v, err)))
		goto fail;
	if (v > WUHONG_LEDGER_SCHEMA) {
		rc = wh_error(err, WUHONG_EDATA, "%s: ledger schema %d is newer than this libwuhong (%d)", path, v,
			      WUHONG_LEDGER_SCHEMA);
		goto fail;
	}
	if (v == 0) { /* a new file, or not ours */
		int objects;
		if ((rc = ledger_single_int(l, "SELECT count(*) FROM sqlite_master", "reading the schema", &objects, err)))
			goto fail;
		if (objects) {
			rc = wh_error(err, WUHONG_EDATA, "%s: a SQLite database, but not a wuhong ledger", path);
			goto fail;
		}
	}
	for (; v < WUHONG_LEDGER_SCHEMA; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v + 1);
		if ((rc = ledger_exec(l, migrations[v], err)) || (rc = ledger_exec(l, pragma, err)))
			goto fail;
		if (v + 1 == 2 && (rc = ledger_seal_all(l, err)))
			goto fail;
	}
	/* append-only: no row is ever changed or removed */
	for (size_t t = 0; t < WH_ARRAY_LEN(tables) && !rc; t++) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "CREATE TRIGGER IF NOT EXISTS %s_no_update BEFORE UPDATE ON %s BEGIN"
			 " SELECT RAISE(ABORT, 'the wuhong ledger is append-only'); END;"
			 "CREATE TRIGGER IF NOT EXISTS %s_no_delete BEFORE DELETE ON %s BEGIN"
			 " SELECT RAISE(ABORT, 'the wuhong ledger is append-only'); END;",
			 tables[t], tables[t], tables[t], tables[t]);
		rc = ledger_exec(l, sql, err);
	}
	if (rc)
		goto fail;
	if ((rc = ledger_exec(l, "COMMIT", err)))
		goto fail;
	return 0;
fail:
	ledger_rollback(l);
	return rc;
}

static int open_ledger(wuhong_ledger **out, const char *path, bool readonly, wuhong_error *err)
{
	if (!out || !path)
		return wh_error(err, WUHONG_EINVAL, "wuhong_ledger_open: NULL argument");
	*out = NULL;
	wuhong_ledger *l = wh_calloc(1, sizeof *l);
	if (!l)
		return wh_error_oom(err);
	l->readonly = readonly;
	int rc = 0;
	/* one connection, one thread at a time (a ledger is not shared between
	 * threads): no mutex around every SQLite call */
	int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		rc = wh_error(err, WUHONG_EIO, "%s: cannot open the ledger: %s", path,
			      l->db ? sqlite3_errmsg(l->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(l->db, 5000);
	if (readonly) {
		int v;
		if ((rc = user_version(l, &v, err)))
			goto fail;
		if (v != WUHONG_LEDGER_SCHEMA) {
			rc = wh_error(err, WUHONG_EDATA,
				      v == 0 ? "%s: not a wuhong ledger" :
				      v < WUHONG_LEDGER_SCHEMA ? "%s: an older ledger schema; open it for writing once to migrate it"
							       : "%s: ledger schema newer than this libwuhong",
				      path);
			goto fail;
		}
	} else if ((rc = ledger_exec(l, "PRAGMA synchronous = FULL", err)) ||
		   /* a seal's sort (a period ordered by every column) on a second core too:
		    * 1.19-1.25x the SQLite floor became 1.15-1.18x (docs/performance.md) */
		   (rc = ledger_exec(l, "PRAGMA threads = 2", err)) || (rc = migrate(l, path, err))) {
		goto fail;
	}
	*out = l;
	return 0;
fail:
	wuhong_ledger_free(l);
	return rc;
}

int wuhong_ledger_open(wuhong_ledger **out, const char *path, wuhong_error *err)
{
	return open_ledger(out, path, false, err);
}

int wuhong_ledger_open_readonly(wuhong_ledger **out, const char *path, wuhong_error *err)
{
	return open_ledger(out, path, true, err);
}

void wuhong_ledger_free(wuhong_ledger *l)
{
	if (!l)
		return;
	sqlite3_close(l->db);
	wh_free(l);
}

/* ---- statements ----------------------------------------------------------- */

/* ---- the input digest --------------------------------------------------------- */

/* SHA-256 over what was parsed, not the bytes read: encodings and formatting
 * do not change it. */
static void input_digest(const wuhong_evaluation *ev, const wuhong_decisions *dec, const wuhong_applications *apps,
			 const wuhong_adjustments *adj, char hex[65])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	const wuhong_dataset *ds = ev->ds;
	const pol_def *d = &ev->policy->def;
	for (size_t i = 0; i < ds->n; i++) {
		const char *f[] = { ds->ids[i], ds->names[i], wuhong_dataset_unit_sector(ds, i),
				    wuhong_dataset_unit_town(ds, i), wuhong_dataset_unit_committee(ds, i) };
		for (int k = 0; k < 5; k++)
			sha256_update(&ctx, strlen(f[k]) + 1, (const uint8_t *)f[k]);
	}
	for (size_t c = 0; c < d->n_indicators; c++) {
		if (!ev->cols[c])
			continue;
		sha256_update(&ctx, strlen(d->indicators[c].key) + 1, (const uint8_t *)d->indicators[c].key);
		for (size_t i = 0; i < ds->n; i++) {
			double v = ev->cols[c][i];
			if (v != v)
				v = NAN; /* one NaN for every missing value */
			sha256_update(&ctx, sizeof v, (const uint8_t *)&v);
		}
	}
	dec_digest_into(dec, &ctx);
	app_digest_into(apps, &ctx);
	for (size_t k = 0; k < adj_count(adj); k++) {
		const char *unit, *reason, *reference;
		wuhong_adjustment_kind kind;
		int64_t fen;
		adj_get(adj, k, &unit, &kind, &fen, &reason, &reference);
		const char *f[] = { unit, reason, reference };
		for (int j = 0; j < 3; j++)
			sha256_update(&ctx, strlen(f[j]) + 1, (const uint8_t *)f[j]);
		int64_t v[2] = { kind, fen };
		sha256_update(&ctx, sizeof v, (const uint8_t *)v);
	}
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* ---- recording a period ---------------------------------------------------------- */

static bool valid_period(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	if (n != 4 && n != 7)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i == 4 ? p[i] != '-' : !(p[i] >= '0' && p[i] <= '9'))
			return false;
	return n == 4 || (atoi(p + 5) >= 1 && atoi(p + 5) <= 12);
}

/* The current revision of a period (0 if none), with its policy and digest. */
static int current(wuhong_ledger *l, const char *period, int64_t *rev, char *policy, char *digest,
		   wuhong_error *err)
{
	sqlite3_stmt *st;
	const void *args[] = { period };
	int rc = ledger_prepare(l, &st,
			 "SELECT revision, policy, input_digest FROM periods WHERE period = ? ORDER BY revision DESC LIMIT 1",
			 "s", args, err);
	if (rc)
		return rc;
	*rev = 0;
	rc = ledger_step(l, st, "reading the period's revision", err);
	if (rc == 1) {
		*rev = sqlite3_column_int64(st, 0);
		wh_copy(policy, 65, (const char *)sqlite3_column_text(st, 1));
		wh_copy(digest, 65, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc < 0 ? rc : 0;
}

/* The standing after the latest yearly period before `period`. */
static int load_standing(wuhong_ledger *l, const char *period, rv_plan *plan, wuhong_error *err)
{
	sqlite3_stmt *st;
	const void *args[] = { period };
	int rc = ledger_prepare(l, &st,
			 "SELECT unit, sector, tier, since, held, demoted_in, merged_into, ever FROM standing s"
			 " WHERE s.period = (SELECT max(period) FROM periods WHERE length(period) = 4 AND period < ?1)"
			 "   AND s.revision = (SELECT max(revision) FROM periods p WHERE p.period = s.period)",
			 "s", args, err);
	if (rc)
		return rc;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && !rc) {
		rv_standing s = { (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
				  sqlite3_column_int(st, 2), (const char *)sqlite3_column_text(st, 3),
				  sqlite3_column_int(st, 4), (const char *)sqlite3_column_text(st, 5),
				  (const char *)sqlite3_column_text(st, 6), sqlite3_column_int(st, 7) != 0 };
		rc = rv_put_standing(plan, &s, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ledger_db_error(l, err, "reading the standing");
	sqlite3_finalize(st);
	return rc;
}

/* Writes a period: its INSERTs are prepared once and reused for every row
 * (preparing one per row made a review of 100,000 units several times slower). */
typedef struct writer {
	wuhong_ledger *l;
	const wuhong_review_options *opts;
	size_t rows;
	struct {
		const char *sql; /* a string literal: the call site's own */
		sqlite3_stmt *st;
	} cache[16];
	size_t n_cached;
} writer;

static void writer_close(writer *w)
{
	for (size_t k = 0; k < w->n_cached; k++)
		sqlite3_finalize(w->cache[k].st);
	w->n_cached = 0;
}

static int put(writer *w, const char *sql, const char *fmt, const void *const *args, wuhong_error *err)
{
	size_t k = 0;
	while (k < w->n_cached && w->cache[k].sql != sql)
		k++;
	if (k == WH_ARRAY_LEN(w->cache))
		return ledger_run(w->l, sql, fmt, args, err); /* more statements than the cache holds */
	if (k == w->n_cached) {
		if (sqlite3_prepare_v2(w->l->db, sql, -1, &w->cache[k].st, NULL) != SQLITE_OK)
			return ledger_db_error(w->l, err, "preparing a statement");
		w->cache[k].sql = sql;
		w->n_cached++;
	}
	sqlite3_stmt *st = w->cache[k].st;
	sqlite3_reset(st); /* every parameter is bound again below, so none is cleared */
	int rc = ledger_bind(w->l, st, fmt, args, true, err); /* args live until the step below */
	if (rc)
		return rc;
	if (sqlite3_step(st) != SQLITE_DONE)
		return ledger_db_error(w->l, err, "writing");
	if (sqlite3_get_autocommit(w->l->db)) /* SQLite rolled the period back: nothing more may be written */
		return wh_error(err, WUHONG_EIO, "ledger: the period's transaction ended before it was complete");
	if (w->opts && w->opts->progress && ++w->rows % 64 == 0)
		w->opts->progress(w->opts->progress_ctx, w->rows);
	return 0;
}

/* The flags each unit earned in the previous period of the same kind
 * (yearly or monthly): prev[i], or -1 for a unit it did not hold. */
static int previous_flags(wuhong_ledger *l, const char *period, const wuhong_evaluation *ev, int16_t *prev,
			  wuhong_error *err)
{
	for (size_t i = 0; i < ev->n; i++)
		prev[i] = -1;
	sqlite3_stmt *st;
	const void *args[] = { period };
	int rc = ledger_prepare(l, &st,
				"SELECT unit, flags FROM results r WHERE r.period = (SELECT max(period) FROM periods"
				"  WHERE period < ?1 AND length(period) = length(?1))"
				" AND r.revision = (SELECT max(revision) FROM periods p WHERE p.period = r.period)",
				"s", args, err);
	if (rc)
		return rc;
	while ((rc = ledger_step(l, st, "reading the previous period's flags", err)) == 1) {
		size_t i;
		if (wuhong_dataset_find(&i, ev->ds, (const char *)sqlite3_column_text(st, 0), NULL) == 0)
			prev[i] = (int16_t)sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc < 0 ? rc : 0;
}

static int write_period(writer *w, const char *period, int64_t rev, int64_t old_rev, const wuhong_evaluation *ev,
			const wuhong_decisions *dec, const wuhong_applications *apps, const char *digest,
			const rv_plan *plan, wuhong_error *err)
{
	char now[32];
	time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	const char *fp = wuhong_policy_fingerprint(ev->policy), *pname = wuhong_policy_name(ev->policy);
	const void *pa[] = { period, &rev, fp, pname, digest, now };
	int rc = put(w, "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?)", "sisss" "s", pa, err);
	if (!rc && old_rev) {
		const void *sa[] = { period, &old_rev, &rev };
		rc = put(w, "INSERT INTO supersessions VALUES (?, ?, ?, 'superseded with other inputs')", "sii", sa, err);
		/* what the old revisions paid for this period is reversed, then the new one pays */
		const void *ra[] = { &rev, period };
		if (!rc)
			rc = put(w, "INSERT INTO payments (period, revision, unit, kind, fen, reason)"
				    " SELECT period, ?1, unit, 'reversal', -sum(fen), 'superseded: reverses the earlier revisions'"
				    " FROM payments WHERE period = ?2 GROUP BY unit HAVING sum(fen) != 0",
				 "is", ra, err);
	}
	for (size_t i = 0; i < ev->n && !rc; i++) {
		char mask[6];
		for (int c = 0; c < 5; c++)
			mask[c] = (ev->pass[i] >> c) & 1 ? '1' : '0';
		mask[5] = '\0';
		int64_t flags = ev->flags[i], veto = ev->veto[i] != 0, tier = ev->tier[i];
		const void *a[] = { period, &rev, ev->ds->ids[i], ev->ds->names[i], ev->policy->def.sectors[ev->sector[i]].key,
				    wuhong_dataset_unit_town(ev->ds, i), &flags, mask, &veto, &tier };
		rc = put(w, "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sissssisii", a, err);
	}
	wuhong_lists *boards = NULL;
	int16_t *prev = NULL;
	if (!rc && !(prev = wh_calloc(ev->n ? ev->n : 1, sizeof *prev)))
		rc = wh_error_oom(err);
	if (!rc)
		rc = previous_flags(w->l, period, ev, prev, err);
	if (!rc)
		rc = rv_boards(&boards, plan, ev, prev, err);
	wh_free(prev);
	for (int k = 0; k < 2 && !rc; k++)
		for (size_t e = 0; e < wuhong_lists_count(boards, (wuhong_list_kind)k) && !rc; e++) {
			const wuhong_list_entry *x = wuhong_lists_at(boards, (wuhong_list_kind)k, e);
			int64_t rank = (int64_t)x->rank;
			/* as published: the boards' Chinese reasons */
			const void *a[] = { period, &rev, k ? "black" : "red", &rank, ev->ds->ids[x->unit], x->reason_zh };
			rc = put(w, "INSERT INTO boards VALUES (?, ?, ?, ?, ?, ?)", "sisiss", a, err);
		}
	wuhong_lists_free(boards);
	for (size_t k = 0; k < dec_count(dec) && !rc; k++) {
		wuhong_decision_kind kind;
		const char *by, *reason, *into, *unit = dec_unit(dec, k);
		dec_lookup(dec, unit, &kind, &by, &reason, &into);
		static const char *const names[] = { "approve", "refuse", "merge" };
		const void *a[] = { period, &rev, unit, names[kind], by, reason, into };
		rc = put(w, "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?)", "sisssss", a, err);
	}
	for (size_t k = 0; k < wuhong_applications_count(apps) && !rc; k++) {
		const app_entry *x = app_at(apps, k);
		int64_t tier = x->tier, rec = x->recommended, dcs = x->decision;
		/* a verdict not yet given is NULL, with its who and why (a NULL 's' binds NULL) */
		bool r_given = x->recommended != WUHONG_NOT_YET, d_given = x->decision != WUHONG_NOT_YET;
		const void *a[] = { period, &rev, x->unit, &tier, r_given ? &rec : NULL, x->recommended_by, x->recommendation,
				    d_given ? &dcs : NULL, x->decided_by, x->decision_reason };
		char fmt[] = "sisi?ss?ss";
		fmt[4] = r_given ? 'i' : 's';
		fmt[7] = d_given ? 'i' : 's';
		rc = put(w, "INSERT INTO applications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fmt, a, err);
	}
	for (size_t k = 0; k < plan->n_rows && !rc; k++) {
		const rv_row *r = &plan->rows[k];
		int64_t from = r->from, to = r->to;
		const void *a[] = { period, &rev, r->unit, rv_event_name(r->event), &from, &to, r->detail };
		rc = put(w, "INSERT INTO events (period, revision, unit, event, tier_from, tier_to, detail)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?)", "sissiis", a, err);
		if (!rc && r->pay_kind) { /* the payment names the event it is for */
			int64_t event = sqlite3_last_insert_rowid(w->l->db);
			const void *b[] = { period, &rev, r->unit, r->pay_kind, &r->fen, r->detail, &event };
			rc = put(w, "INSERT INTO payments (period, revision, unit, kind, fen, reason, event)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?)", "sissisi", b, err);
		}
	}
	for (size_t k = 0; k < plan->n_standing && !rc && strlen(period) == 4; k++) {
		const rv_standing *s = &plan->standing[k];
		int64_t tier = s->tier, held = s->held, ever = s->ever;
		const void *a[] = { period, &rev, s->unit, s->sector, &tier, s->since, &held, s->demoted_in, s->merged_into,
				    &ever };
		rc = put(w, "INSERT INTO standing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sissisinni", a, err);
	}
	return rc;
}

static wuhong_rows *plan_rows(const char *period, const rv_plan *plan, wuhong_error *err)
{
	static const char *const names[] = { "period", "unit", "name", "event", "tier_from", "tier_to", "amount_fen",
					     "detail" };
	wuhong_rows *r = rows_new(8, names);
	if (!r) {
		wh_error_oom(err);
		return NULL;
	}
	for (size_t k = 0; k < plan->n_rows; k++) {
		const rv_row *x = &plan->rows[k];
		const rows_value cells[] = { ROWS_TEXT(period), ROWS_TEXT(x->unit),  ROWS_TEXT(x->name),
					     ROWS_TEXT(rv_event_name(x->event)), ROWS_INT(x->from),   ROWS_INT(x->to),
					     x->pay_kind ? ROWS_INT(x->fen) : ROWS_NULL, ROWS_TEXT(x->detail) };
		if (rows_add(r, cells, err)) {
			wuhong_rows_free(r);
			return NULL;
		}
	}
	return r;
}

/* Whether a period revision's seal is in the file (after an ambiguous COMMIT). */
static bool sealed_in_file(wuhong_ledger *l, const char *period, int64_t rev)
{
	sqlite3_stmt *st;
	const void *args[] = { period, &rev };
	if (ledger_prepare(l, &st, "SELECT 1 FROM seals WHERE period = ? AND revision = ?", "si", args, NULL))
		return false;
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int wuhong_review(wuhong_rows **out, int *replayed, wuhong_ledger *l, const char *period, const wuhong_evaluation *ev,
		  const wuhong_review_options *opts, wuhong_error *err)
{
	if (out)
		*out = NULL;
	if (replayed)
		*replayed = 0;
	if (!l || !ev || !period)
		return wh_error(err, WUHONG_EINVAL, "wuhong_review: NULL argument");
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_REVIEW_OPTIONS_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_review_options: unknown version %u", opts->version);
	if (l->readonly)
		return wh_error(err, WUHONG_EINVAL, "wuhong_review: the ledger was opened read-only");
	if (!valid_period(period))
		return wh_error(err, WUHONG_EINVAL, "period '%s' is not YYYY (a yearly review) or YYYY-MM (a monthly assessment)",
				period);
	const wuhong_decisions *dec = opts ? opts->decisions : NULL;
	const wuhong_adjustments *adj = opts ? opts->adjustments : NULL;
	const wuhong_applications *apps = opts && opts->version >= 2 ? opts->applications : NULL;
	char digest[65], old_policy[65] = "", old_digest[65] = "";
	input_digest(ev, dec, apps, adj, digest);
	rv_plan plan = { 0 };
	int64_t rev;
	wuhong_rows *rows = NULL;
	int rc = ledger_exec(l, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	/* nothing is computed from a ledger that was changed behind our back */
	if ((rc = ledger_verify(l, NULL, err)))
		goto rollback;
	if ((rc = current(l, period, &rev, old_policy, old_digest, err)))
		goto rollback;
	if (rev && strcmp(old_policy, wuhong_policy_fingerprint(ev->policy)) == 0 && strcmp(old_digest, digest) == 0) {
		/* the same period with the same inputs: recorded already, nothing to do */
		if (out)
			rc = ledger_period_rows(out, l, period, rev, err);
		if (!rc && replayed)
			*replayed = 1;
		ledger_rollback(l);
		return rc;
	}
	if (rev && !(opts && opts->supersede)) {
		rc = wh_error(err, WUHONG_EDATA,
			      "period %s is already recorded with other inputs (policy %.12s, data %.12s; now %.12s, %.12s); "
			      "supersede it to replace it",
			      period, old_policy, old_digest, wuhong_policy_fingerprint(ev->policy), digest);
		goto rollback;
	}
	/* a yearly period comes after every yearly period recorded (or replaces the latest) */
	if (strlen(period) == 4) {
		sqlite3_stmt *st;
		const void *args[] = { period };
		if ((rc = ledger_prepare(l, &st, "SELECT max(period) FROM periods WHERE length(period) = 4 AND period > ?", "s", args,
				  err)))
			goto rollback;
		rc = ledger_step(l, st, "reading the periods", err);
		const char *later = rc == 1 ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (rc < 0) {
			sqlite3_finalize(st);
			goto rollback;
		}
		rc = 0;
		if (later) {
			rc = wh_error(err, WUHONG_EDATA, "period %s comes before %s, which is recorded; periods are recorded in order",
				      period, later);
			sqlite3_finalize(st);
			goto rollback;
		}
		sqlite3_finalize(st);
		if ((rc = load_standing(l, period, &plan, err)) || (rc = rv_plan_period(&plan, ev, dec, apps, adj, period, err)))
			goto rollback;
	} else if ((rc = rv_plan_period(&plan, ev, dec, apps, adj, period, err))) {
		goto rollback;
	}
	writer w = { .l = l, .opts = opts };
	rc = write_period(&w, period, rev + 1, rev, ev, dec, apps, digest, &plan, err);
	writer_close(&w);
	if (!rc)
		rc = ledger_seal(l, period, rev + 1, err);
	/* the caller's rows are made before COMMIT: after it, nothing can fail */
	if (!rc && out && !(rows = plan_rows(period, &plan, err)))
		rc = WUHONG_ENOMEM;
	if (!rc && (rc = ledger_exec(l, "COMMIT", err)) && sqlite3_get_autocommit(l->db) && sealed_in_file(l, period, rev + 1))
		rc = 0; /* COMMIT reported an error after the period reached the file */
	if (rc)
		goto rollback;
	if (out)
		*out = rows;
	rv_plan_free(&plan);
	return 0;
rollback:
	ledger_rollback(l);
	wuhong_rows_free(rows);
	rv_plan_free(&plan);
	return rc;
}

int wuhong_ledger_verify(wuhong_rows **out, wuhong_ledger *l, wuhong_error *err)
{
	if (out)
		*out = NULL;
	if (!l)
		return wh_error(err, WUHONG_EINVAL, "wuhong_ledger_verify: NULL argument");
	/* one read transaction: the chain is checked on one snapshot of the file */
	int rc = ledger_exec(l, "BEGIN", err);
	if (rc)
		return rc;
	rc = ledger_verify(l, out, err);
	ledger_rollback(l);
	return rc;
}
