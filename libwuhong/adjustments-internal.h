/*
 * adjustments-internal.h — what the review reads of a set of adjustments
 * (awards.c owns them). Not installed.
 */
#ifndef WUHONG_ADJUSTMENTS_INTERNAL_H
#define WUHONG_ADJUSTMENTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "wuhong/awards.h"

/*
 * The one rule for penalties, in awards and in reviews alike: adjustments
 * apply in the order override, bonuses, penalties, and a penalty takes at
 * most what the unit earns in that period (its award, re-review reward and
 * bonuses) — never below zero. The fen a penalty of `asked` takes from
 * `available`.
 */
static inline int64_t adj_penalty_taken(int64_t available, int64_t asked)
{
	return available <= 0 ? 0 : asked < available ? asked : available;
}

/* The adjustments, one by one. */
size_t adj_count(const wuhong_adjustments *a);
void adj_get(const wuhong_adjustments *a, size_t i, const char **unit, wuhong_adjustment_kind *kind, int64_t *fen,
	     const char **reason, const char **reference);

#endif
