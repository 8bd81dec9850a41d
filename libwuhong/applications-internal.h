/*
 * applications-internal.h — what the review and the ledger read of a
 * creation list (applications.c owns it). Not installed.
 */
#ifndef WUHONG_APPLICATIONS_INTERNAL_H
#define WUHONG_APPLICATIONS_INTERNAL_H

#include <stddef.h>

#include "util.h"
#include "wuhong/applications.h"

typedef wuhong_application app_entry;

/* The application of a unit, or NULL. */
const app_entry *app_lookup(const wuhong_applications *a, const char *unit);
/* Application i (< wuhong_applications_count), and where it was read from
 * (file NULL and line 0 when added by the API). */
const app_entry *app_at(const wuhong_applications *a, size_t i);
wh_pos app_pos(const wuhong_applications *a, size_t i);
/* A digest of the list, for the ledger's input digest. */
void app_digest_into(const wuhong_applications *a, void *sha256_ctx);

#endif
