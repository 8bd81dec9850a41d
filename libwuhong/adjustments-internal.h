/*
 * adjustments-internal.h — what the review reads of a set of adjustments
 * (awards.c owns them). Not installed.
 */
#ifndef WUHONG_ADJUSTMENTS_INTERNAL_H
#define WUHONG_ADJUSTMENTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "wuhong/awards.h"

/* The adjustments, one by one. */
size_t adj_count(const wuhong_adjustments *a);
void adj_get(const wuhong_adjustments *a, size_t i, const char **unit, wuhong_adjustment_kind *kind, int64_t *fen,
	     const char **reason, const char **reference);

#endif
