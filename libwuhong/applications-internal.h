/*
 * applications-internal.h — what the review and the ledger read of a
 * creation list (applications.c owns it). Not installed.
 */
#ifndef WUHONG_APPLICATIONS_INTERNAL_H
#define WUHONG_APPLICATIONS_INTERNAL_H

#include <stddef.h>

#include "util.h"
#include "wuhong/applications.h"

typedef struct app_entry {
	const char *unit;
	int tier;                               /* flags applied for */
	wuhong_answer recommended;             /* 推荐, or WUHONG_NOT_YET */
	const char *recommended_by, *recommendation;
	wuhong_answer decision;                /* 审定, or WUHONG_NOT_YET */
	const char *decided_by, *decision_reason;
	long line;                              /* in the file, 0 when added by the API */
} app_entry;

/* The application of a unit, or NULL. */
const app_entry *app_lookup(const wuhong_applications *a, const char *unit);
/* Application i (< wuhong_applications_count). */
const app_entry *app_at(const wuhong_applications *a, size_t i);
/* A digest of the list, for the ledger's input digest. */
void app_digest_into(const wuhong_applications *a, void *sha256_ctx);

#endif
