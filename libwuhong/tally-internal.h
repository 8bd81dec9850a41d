/*
 * tally-internal.h — what a tally counts: per-unit tier, sector, township
 * and money, with optional veto and missing columns. Not installed.
 */
#ifndef WUHONG_TALLY_INTERNAL_H
#define WUHONG_TALLY_INTERNAL_H

#include <stdio.h>

#include "evaluation-internal.h"

typedef struct tally_input {
	const wuhong_policy *policy;
	const wuhong_dataset *ds;
	size_t n;
	const uint8_t *tier, *sector;
	const uint16_t *town;
	const uint32_t *veto;   /* may be NULL */
	const uint8_t *miss;    /* may be NULL */
	const int64_t *amount;
	const ev_counts *counts; /* an evaluation's own count by sector, or NULL */
} tally_input;

int tally_build(wuhong_tally **out, const tally_input *in, wuhong_grouping by, wuhong_error *err);

#endif
