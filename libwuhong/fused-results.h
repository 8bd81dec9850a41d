/*
 * fused-results.h — a fused group's masks (rule/mask.h) turned into the
 * result columns of its units: the pass, missing, flag-count and tier
 * bytes, the award, and the tally by sector and tier. With AVX-512 (BW)
 * the 64 units are one vector per column; with AVX2, two; plain C works
 * eight units at a time in 64-bit words. Internal.
 */
#ifndef WUHONG_FUSED_RESULTS_H
#define WUHONG_FUSED_RESULTS_H

#include "evaluation-internal.h"
#include "rule/mask.h"

/* Where a group's results go: the result columns at its first unit, or the
 * group's own arrays, scattered after (units gathered from a mixed block).
 * past_cache: the columns are too large to stay in the cache, so a whole
 * group's results, whole cache lines when the columns are 64-byte aligned,
 * are stored past it (non-temporal: no line is read only to be written). */
typedef struct result_rows {
	uint8_t *pass, *miss, *flags, *tier;
	int64_t *amount;
	bool past_cache;
} result_rows;

/* One group of n <= MASK_GROUP units, bit j of each mask being unit j. */
typedef struct fused_group {
	const uint64_t *pass, *miss; /* [WUHONG_CRITERIA]: passed; its verdict is missing */
	uint64_t ok;                 /* may hold a tier: prerequisite passed, no veto true */
	uint64_t vetoed, missing;    /* some veto is true; some criterion is missing */
	const uint8_t *secv;         /* each unit's sector (readable past n to the next 8), or NULL: */
	int sector;                  /* every unit's sector */
	int n_sectors;               /* secv's values are below it */
	int n;
} fused_group;

/* Store g's results in out and add its units to cnt, with the instruction
 * set isa (a mask_isa the CPU has). */
void fused_results(const wuhong_policy *p, const fused_group *g, int isa, const result_rows *out, ev_counts *cnt);

/* After the last group of a run: the results stored past the cache are
 * visible to every thread (the stores are weakly ordered). */
void fused_results_flush(void);

#endif
