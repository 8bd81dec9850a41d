/*
 * evaluation-internal.h — the evaluation's result columns and the values
 * each indicator resolved to. Not installed.
 */
#ifndef WUHONG_EVALUATION_INTERNAL_H
#define WUHONG_EVALUATION_INTERNAL_H

#include "dataset-internal.h"
#include "policy-model.h"
#include "wuhong/evaluation.h"
#include "wuhong/lists.h"

#define SECTOR_UNKNOWN 255
#define TOWN_NONE UINT16_MAX

/* What a tally by sector counts, counted while the units are judged. */
typedef struct ev_counts {
	uint64_t units[POL_MAX_SECTORS][6]; /* by sector and tier value */
	uint64_t vetoed[POL_MAX_SECTORS];   /* a veto is true */
	uint64_t missing[POL_MAX_SECTORS];  /* some criterion's verdict is missing */
} ev_counts;

struct wuhong_evaluation {
	wuhong_policy *policy;
	wuhong_dataset *ds;
	size_t n;
	void *columns;         /* one allocation holding every result column below */
	uint8_t *flags, *pass, *miss, *tier, *sector;
	uint16_t *town;
	uint32_t *veto, *veto_unknown;
	int64_t *amount;
	const double **cols;   /* per policy indicator; NULL when the data lacks it */
	double **agg;          /* aggregated panel columns this evaluation owns */
	size_t fused;          /* units the last run judged with fused programs */
	/* after a successful run, sector and town hold the dataset's codes mapped
	 * to the policy's (as of codes_version) and block_kind what each block of
	 * VM_BLOCK units mixes: a re-run of unchanged codes maps nothing again */
	bool mapped;
	uint64_t mapped_version;
	ev_counts *counts;     /* of the last successful run */
	uint8_t *block_kind;
	int isa;               /* their instruction set (rule/mask.h's mask_isa) */
	bool past_cache;       /* results stored past the cache (fused-results.h) */
};

/*
 * Resolve the policy's indicators to columns of the dataset (aggregating
 * panel observations where the policy says so). needed[i] says indicator i
 * must be present; cols[i] is NULL for one the data lacks and is not
 * needed. Shared by wuhong_evaluate and wuhong_rule_eval.
 */
int ev_resolve_columns(const wuhong_policy *p, const wuhong_dataset *ds, const bool *needed,
		       const double **cols, double **agg, wuhong_problems *pr, wuhong_error *err);

/* Check one indicator column's values [base, base+n) against its type. */
int ev_check_range(const wuhong_policy *p, const wuhong_dataset *ds, size_t ind, const double *col,
		   size_t base, size_t n, wuhong_problems *pr, wuhong_error *err);
/* A unit whose sector, or township, the policy does not know. */
int ev_sector_problem(const wuhong_policy *p, const wuhong_dataset *ds, size_t unit, wuhong_problems *pr,
		      wuhong_error *err);
int ev_town_problem(const wuhong_policy *p, const wuhong_dataset *ds, size_t unit, wuhong_problems *pr,
		    wuhong_error *err);
/*
 * Those checks (data-checks.c), above with pr NULL: the first problem is
 * returned; with a list, each is recorded and checking goes on (0 or
 * WUHONG_ENOMEM). ev_diagnose runs them all over the data, one thread, and
 * puts what it found in the order of the file.
 */
int ev_diagnose(const wuhong_policy *p, const wuhong_dataset *ds, const bool *needed, const uint8_t *sector_map,
		const uint16_t *town_map, wuhong_problems *pr, wuhong_error *err);

/*
 * What lists know of a unit's transitions when a period is reviewed
 * against a ledger (arrays of the evaluation's length; bytes 0/1).
 */
typedef struct list_context {
	const uint8_t *promoted, *demoted, *stripped, *flags_rose;
	const int32_t *periods_held;
} list_context;

/* wuhong_evaluation_lists with transition terms (ctx NULL: unknown). */
int lists_build(wuhong_lists **out, const wuhong_evaluation *ev, const list_context *ctx, wuhong_error *err);


#endif
