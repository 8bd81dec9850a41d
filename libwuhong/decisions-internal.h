/*
 * decisions-internal.h — what the review and the ledger read of the
 * committee's decisions (decisions.c owns them). Not installed.
 */
#ifndef WUHONG_DECISIONS_INTERNAL_H
#define WUHONG_DECISIONS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "wuhong/review.h"

/* The decision for a unit, if any. */
bool dec_lookup(const wuhong_decisions *d, const char *unit, wuhong_decision_kind *kind, const char **by,
		const char **reason, const char **into);
size_t dec_count(const wuhong_decisions *d);
const char *dec_unit(const wuhong_decisions *d, size_t i);
/* A digest of the decisions, for the ledger's input digest. */
void dec_digest_into(const wuhong_decisions *d, void *sha256_ctx);

#endif
