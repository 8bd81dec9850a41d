/*
 * ledger-seal.c — tamper evidence for the ledger: each recorded period
 * revision is sealed with a SHA-256 over every row that belongs to it,
 * chained to the seal recorded before it. Verification recomputes the
 * chain and names the first period that does not match.
 *
 * Rows are hashed in an order that depends only on their values (ORDER BY
 * every column), so VACUUM, which may renumber rowids, never breaks a seal.
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "ledger-internal.h"
#include "rows.h"

/* The tables a period's rows live in, and the column naming its revision. */
static const struct {
	const char *name;
	const char *revision;
	int columns;
	bool since_v3; /* added in schema 3: named in a digest only when it has rows, so older seals hold */
} sealed[] = {
	{ "periods", "revision", 6, false },   { "supersessions", "new_revision", 4, false },
	{ "results", "revision", 10, false },  { "boards", "revision", 6, false },
	{ "decisions", "revision", 7, false }, { "events", "revision", 8, false },
	{ "payments", "revision", 8, false },  { "standing", "revision", 10, false },
	{ "applications", "revision", 10, true },
};

static const char zero_digest[65] = "0000000000000000000000000000000000000000000000000000000000000000";

static void put_u64(struct sha256_ctx *ctx, uint64_t v)
{
	uint8_t b[8];
	for (int k = 0; k < 8; k++)
		b[k] = (uint8_t)(v >> (56 - 8 * k));
	sha256_update(ctx, sizeof b, b);
}

/* One value: a type byte, then its bytes (lengths first, so no two rows hash alike). */
static void put_value(struct sha256_ctx *ctx, sqlite3_stmt *st, int c)
{
	int type = sqlite3_column_type(st, c);
	uint8_t tag = (uint8_t)type;
	sha256_update(ctx, 1, &tag);
	if (type == SQLITE_INTEGER) {
		put_u64(ctx, (uint64_t)sqlite3_column_int64(st, c));
	} else if (type == SQLITE_FLOAT) {
		double d = sqlite3_column_double(st, c);
		uint64_t bits;
		memcpy(&bits, &d, sizeof bits);
		put_u64(ctx, bits);
	} else if (type != SQLITE_NULL) {
		const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, c) : sqlite3_column_blob(st, c);
		int n = sqlite3_column_bytes(st, c);
		put_u64(ctx, (uint64_t)n);
		if (n > 0)
			sha256_update(ctx, (size_t)n, p);
	}
}

static void to_hex(const uint8_t *digest, char hex[65])
{
	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* The digest of a period revision's rows, chained to `previous`. */
static int period_digest(wuhong_ledger *l, const char *period, int64_t rev, const char *previous, char hex[65],
			 wuhong_error *err)
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, 15, (const uint8_t *)"wuhong-seal-1\n");
	sha256_update(&ctx, 64, (const uint8_t *)previous);
	sha256_update(&ctx, strlen(period) + 1, (const uint8_t *)period);
	put_u64(&ctx, (uint64_t)rev);
	for (size_t t = 0; t < WH_ARRAY_LEN(sealed); t++) {
		char sql[256], order[64] = "";
		for (int c = 1; c <= sealed[t].columns; c++)
			snprintf(order + strlen(order), sizeof order - strlen(order), "%s%d", c > 1 ? "," : "", c);
		snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE period = ? AND %s = ? ORDER BY %s", sealed[t].name,
			 sealed[t].revision, order);
		sqlite3_stmt *st;
		const void *args[] = { period, &rev };
		int rc = ledger_prepare(l, &st, sql, "si", args, err);
		if (rc)
			return rc;
		if (!sealed[t].since_v3)
			sha256_update(&ctx, strlen(sealed[t].name) + 1, (const uint8_t *)sealed[t].name);
		int step;
		for (bool first = true; (step = sqlite3_step(st)) == SQLITE_ROW; first = false) {
			if (first && sealed[t].since_v3)
				sha256_update(&ctx, strlen(sealed[t].name) + 1, (const uint8_t *)sealed[t].name);
			int n = sqlite3_column_count(st);
			put_u64(&ctx, (uint64_t)n);
			for (int c = 0; c < n; c++)
				put_value(&ctx, st, c);
		}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			return ledger_db_error(l, err, "reading a period to seal or verify it");
	}
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof digest, digest);
	to_hex(digest, hex);
	return 0;
}

/* The digest of the latest seal, or 64 zeros before the first. */
static int head(wuhong_ledger *l, char hex[65], wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, "SELECT digest FROM seals ORDER BY seq DESC LIMIT 1", NULL, NULL, err);
	if (rc)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		wh_copy(hex, 65, (const char *)sqlite3_column_text(st, 0));
	else if (step == SQLITE_DONE)
		memcpy(hex, zero_digest, 65);
	else
		rc = ledger_db_error(l, err, "reading the last seal");
	sqlite3_finalize(st);
	return rc;
}

int ledger_seal(wuhong_ledger *l, const char *period, int64_t rev, wuhong_error *err)
{
	char previous[65], digest[65];
	int rc = head(l, previous, err);
	if (!rc)
		rc = period_digest(l, period, rev, previous, digest, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	const void *args[] = { period, &rev, previous, digest };
	if ((rc = ledger_prepare(l, &st, "INSERT INTO seals (period, revision, previous, digest) VALUES (?, ?, ?, ?)",
				 "siss", args, err)))
		return rc;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ledger_db_error(l, err, "sealing the period");
	sqlite3_finalize(st);
	return rc;
}

int ledger_seal_all(wuhong_ledger *l, wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, "SELECT period, revision FROM periods ORDER BY rowid", NULL, NULL, err);
	if (rc)
		return rc;
	int step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char period[16];
		wh_copy(period, sizeof period, (const char *)sqlite3_column_text(st, 0));
		rc = ledger_seal(l, period, sqlite3_column_int64(st, 1), err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ledger_db_error(l, err, "reading the periods to seal");
	sqlite3_finalize(st);
	return rc;
}

/* Rows that belong to no sealed period were added behind the library's back. */
static int unsealed_rows(wuhong_ledger *l, wuhong_error *err)
{
	for (size_t t = 0; t < WH_ARRAY_LEN(sealed); t++) {
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT period, %s FROM %s t WHERE NOT EXISTS (SELECT 1 FROM seals s"
			 " WHERE s.period = t.period AND s.revision = t.%s) LIMIT 1",
			 sealed[t].revision, sealed[t].name, sealed[t].revision);
		sqlite3_stmt *st;
		int rc = ledger_prepare(l, &st, sql, NULL, NULL, err);
		if (rc)
			return rc;
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			char period[32];
			wh_copy(period, sizeof period, (const char *)sqlite3_column_text(st, 0));
			int64_t rev = sqlite3_column_int64(st, 1);
			rc = wh_error(err, WUHONG_EDATA,
				      "ledger verification failed: table %s holds rows of period %s (revision %lld), which was never "
				      "sealed; they were added outside libwuhong",
				      sealed[t].name, period, (long long)rev);
		} else if (step != SQLITE_DONE) {
			rc = ledger_db_error(l, err, "looking for unsealed rows");
		}
		sqlite3_finalize(st);
		if (rc)
			return rc;
	}
	return 0;
}

int ledger_verify(wuhong_ledger *l, wuhong_rows **out, wuhong_error *err)
{
	sqlite3_stmt *st;
	int rc = ledger_prepare(l, &st, "PRAGMA integrity_check", NULL, NULL, err);
	if (rc)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = wh_error(err, WUHONG_EDATA, "ledger verification failed: the SQLite file is damaged: %s",
			      (const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_ROW)
		rc = ledger_db_error(l, err, "checking the file's integrity");
	sqlite3_finalize(st);
	if (rc)
		return rc;

	static const char *const names[] = { "period", "revision", "digest" };
	wuhong_rows *rows = NULL;
	if (out && !(rows = rows_new(3, names)))
		return wh_error_oom(err);
	if ((rc = ledger_prepare(l, &st, "SELECT period, revision, previous, digest FROM seals ORDER BY seq", NULL, NULL,
				 err)))
		goto out;
	char running[65];
	memcpy(running, zero_digest, 65);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char period[32], previous[65], recorded[65], digest[65];
		wh_copy(period, sizeof period, (const char *)sqlite3_column_text(st, 0));
		int64_t rev = sqlite3_column_int64(st, 1);
		wh_copy(previous, sizeof previous, (const char *)sqlite3_column_text(st, 2));
		wh_copy(recorded, sizeof recorded, (const char *)sqlite3_column_text(st, 3));
		if (strcmp(previous, running) != 0) {
			rc = wh_error(err, WUHONG_EDATA,
				      "ledger verification failed: the chain breaks at period %s (revision %lld): the seal "
				      "before it was changed or removed", period, (long long)rev);
			break;
		}
		if ((rc = period_digest(l, period, rev, previous, digest, err)))
			break;
		if (strcmp(digest, recorded) != 0) {
			rc = wh_error(err, WUHONG_EDATA,
				      "ledger verification failed: period %s (revision %lld) does not match its seal: its rows "
				      "were changed, added or removed after it was recorded", period, (long long)rev);
			break;
		}
		memcpy(running, digest, 65);
		const rows_value cells[] = { ROWS_TEXT(period), ROWS_INT(rev), ROWS_TEXT(digest) };
		if (rows)
			rc = rows_add(rows, cells, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ledger_db_error(l, err, "reading the seals");
	sqlite3_finalize(st);
	if (!rc)
		rc = unsealed_rows(l, err);
out:
	if (rc) {
		wuhong_rows_free(rows);
		return rc;
	}
	if (out)
		*out = rows;
	return 0;
}
