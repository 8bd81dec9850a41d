/*
 * evaluate.c — judging units block by block.
 *
 * A block is VM_BLOCK consecutive units. Its units are grouped by sector
 * (a counting sort of local indices), each group runs its sector's
 * program, and the results are scattered back. The block's column slices
 * stay in cache while every sector's program reads them, so the data is
 * read from memory once whatever the mix of sectors. A block of a single
 * sector (data sorted by sector) reads the columns in place.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evaluation-internal.h"
#include "fused-results.h"

/* ---- the block loop ------------------------------------------------------- */

typedef struct ev_job {
	const wuhong_policy *p;
	const wuhong_dataset *ds;
	wuhong_evaluation *ev;
	const uint8_t *sector_map;   /* dataset sector code -> policy sector */
	const uint16_t *town_map;    /* dataset town code -> policy town */
	size_t first, last;          /* units [first, last) */
	bool premapped;              /* ev->sector, ->town, ->block_kind hold this dataset's mapping */
	ev_counts *counts;           /* this thread's share of the tally by sector */
	size_t fused;                /* units judged by a fused program */
	int isa;                     /* their instruction set (mask_isa) */
	int rc;
	wuhong_error err;
} ev_job;

/*
 * From the program's outputs to the result columns. Column-wise loops
 * (one criterion or veto at a time) so they vectorise; then one pass stores
 * into the unit's slots (contiguous for a single-sector block, scattered by
 * idx otherwise). For a merged program, secv gives each unit's sector (s is
 * any member: they share prerequisite and vetoes) and sec is unused.
 */
WH_MULTIVERSION
static void finish_group(const wuhong_policy *p, wuhong_evaluation *ev, ev_counts *cnt, const pol_sector *s,
			 int sec, const uint8_t *secv, const vm_program *prog, const vm_scratch *scr, size_t base,
			 const uint16_t *idx, int n)
{
	uint8_t pm[VM_BLOCK], mm[VM_BLOCK], flags[VM_BLOCK], tier[VM_BLOCK];
	uint32_t vm[VM_BLOCK], vu[VM_BLOCK];
	int64_t amount[VM_BLOCK];
	memset(pm, 0, (size_t)n);
	memset(mm, 0, (size_t)n);
	memset(flags, 0, (size_t)n);
	memset(vm, 0, (size_t)n * sizeof *vm);
	memset(vu, 0, (size_t)n * sizeof *vu);
	for (int c = 0; c < WUHONG_CRITERIA; c++) {
		const uint8_t *o = vm_output(prog, scr, c);
		for (int j = 0; j < n; j++) {
			uint8_t passed = o[j] == TRI_TRUE;
			pm[j] |= (uint8_t)(passed << c);
			mm[j] |= (uint8_t)((o[j] == TRI_UNKNOWN) << c);
			flags[j] += passed;
		}
	}
	for (int k = 0; k < s->n_vetoes; k++) {
		const uint8_t *o = vm_output(prog, scr, WUHONG_CRITERIA + k);
		int bit = s->veto_index[k];
		for (int j = 0; j < n; j++) {
			vm[j] |= (uint32_t)(o[j] == TRI_TRUE) << bit;
			vu[j] |= (uint32_t)(o[j] == TRI_UNKNOWN) << bit;
		}
	}
	/* tier: the highest tier whose flags are reached, if not vetoed and the
	 * prerequisite passed; tiers are listed from the most flags down */
	int prereq = s->prereq_bit;
	for (int j = 0; j < n; j++)
		tier[j] = 0;
	for (size_t t = p->def.n_tiers; t-- > 0;) {
		uint8_t need = (uint8_t)p->def.tiers[t].flags;
		for (int j = 0; j < n; j++)
			tier[j] = flags[j] >= need ? need : tier[j];
	}
	for (int j = 0; j < n; j++) {
		bool ok = vm[j] == 0 && (prereq < 0 || ((pm[j] >> prereq) & 1));
		tier[j] = ok ? tier[j] : 0;
	}
	if (secv) {
		for (int j = 0; j < n; j++)
			amount[j] = p->def.sectors[secv[j]].award[tier[j]];
	} else {
		for (int j = 0; j < n; j++)
			amount[j] = 0;
		for (size_t t = 0; t < p->def.n_tiers; t++) {
			uint8_t tv = (uint8_t)p->def.tiers[t].flags;
			int64_t a = s->award[tv];
			for (int j = 0; j < n; j++)
				amount[j] = tier[j] == tv ? a : amount[j];
		}
	}
	for (int j = 0; j < n; j++) {
		int sj = secv ? secv[j] : sec;
		cnt->units[sj][tier[j]]++;
		cnt->vetoed[sj] += vm[j] != 0;
		cnt->missing[sj] += mm[j] != 0;
	}
	if (!idx) {
		memcpy(ev->pass + base, pm, (size_t)n);
		memcpy(ev->miss + base, mm, (size_t)n);
		memcpy(ev->flags + base, flags, (size_t)n);
		memcpy(ev->tier + base, tier, (size_t)n);
		if (secv)
			memcpy(ev->sector + base, secv, (size_t)n);
		else
			memset(ev->sector + base, sec, (size_t)n);
		memcpy(ev->veto + base, vm, (size_t)n * sizeof *vm);
		memcpy(ev->veto_unknown + base, vu, (size_t)n * sizeof *vu);
		memcpy(ev->amount + base, amount, (size_t)n * sizeof *amount);
		return;
	}
	for (int j = 0; j < n; j++) {
		size_t u = base + idx[j];
		ev->pass[u] = pm[j];
		ev->miss[u] = mm[j];
		ev->flags[u] = flags[j];
		ev->tier[u] = tier[j];
		ev->sector[u] = (uint8_t)sec;
		ev->veto[u] = vm[j];
		ev->veto_unknown[u] = vu[j];
		ev->amount[u] = amount[j];
	}
}

/* Results of this many units or more are stored past the cache (fused-results.h):
 * ~13 bytes a unit, beyond a core's share of the cache. $WUHONG_RESULTS_PAST_CACHE
 * sets another count, for tests. */
static size_t results_past_cache(void)
{
	const char *asked = getenv("WUHONG_RESULTS_PAST_CACHE");
	long long n = asked ? atoll(asked) : 0;
	return n > 0 ? (size_t)n : (size_t)1 << 18;
}

static result_rows rows_at(wuhong_evaluation *ev, size_t base)
{
	return (result_rows){ ev->pass + base, ev->miss + base, ev->flags + base, ev->tier + base,
			      ev->amount + base, ev->past_cache };
}

/*
 * From a fused program's masks to the results of units base .. base+n-1
 * (n <= MASK_GROUP), the same as finish_group's: the prerequisite and the
 * vetoes are masks too, fused_results does the rest. The veto columns are
 * written only when the policy has vetoes (else they stay zero from the
 * allocation).
 */
static void finish_fused(const wuhong_policy *p, const result_rows *out, uint32_t *veto, uint32_t *veto_unknown,
			 ev_counts *cnt, const pol_sector *s, int sec, const uint8_t *secv, const mask_program *fp,
			 const uint64_t *t, const uint64_t *f, int n)
{
	uint64_t pass[WUHONG_CRITERIA], miss[WUHONG_CRITERIA], missing = 0;
	for (int c = 0; c < WUHONG_CRITERIA; c++) {
		pass[c] = t[fp->outputs[c]];
		miss[c] = ~(pass[c] | f[fp->outputs[c]]);
		missing |= miss[c];
	}
	uint64_t ok = s->prereq_bit >= 0 ? pass[s->prereq_bit] : ~UINT64_C(0), vetoed = 0;
	for (int k = 0; k < s->n_vetoes; k++)
		vetoed |= t[fp->outputs[WUHONG_CRITERIA + k]];
	uint64_t valid = n == MASK_GROUP ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
	fused_group g = { pass, miss, ok & ~vetoed, vetoed & valid, missing & valid, secv, sec,
			  (int)p->def.n_sectors, n };
	fused_results(p, &g, fp->isa, out, cnt);
	if (!p->def.n_vetoes)
		return;
	memset(veto, 0, (size_t)n * sizeof *veto);
	memset(veto_unknown, 0, (size_t)n * sizeof *veto_unknown);
	for (int k = 0; k < s->n_vetoes; k++) {
		uint64_t vt = t[fp->outputs[WUHONG_CRITERIA + k]], vf = f[fp->outputs[WUHONG_CRITERIA + k]];
		uint32_t bit = UINT32_C(1) << s->veto_index[k];
		for (int j = 0; j < n; j++) {
			veto[j] |= (vt >> j) & 1 ? bit : 0;
			veto_unknown[j] |= ((vt | vf) >> j) & 1 ? 0 : bit;
		}
	}
}

/* A block's units through a fused program, MASK_GROUP at a time. */
static void run_fused(const wuhong_policy *p, wuhong_evaluation *ev, ev_counts *cnt, const pol_sector *s, int sec,
		      const uint8_t *secv, const mask_program *fp, uint64_t *t, uint64_t *f, size_t base, int n)
{
	for (int g = 0; g < n; g += MASK_GROUP) {
		int len = n - g < MASK_GROUP ? n - g : MASK_GROUP;
		if (base + (size_t)g + MASK_PREFETCH_AHEAD + MASK_GROUP <= ev->n) /* a group within the columns */
			mask_prefetch(fp, ev->cols, base + (size_t)g + MASK_PREFETCH_AHEAD);
		mask_run(fp, ev->cols, base + (size_t)g, secv ? secv + g : NULL, len, t, f);
		result_rows out = rows_at(ev, base + (size_t)g);
		finish_fused(p, &out, ev->veto + base + g, ev->veto_unknown + base + g, cnt, s, sec,
			     secv ? secv + g : NULL, fp, t, f, len);
	}
}

/*
 * The units idx[0 .. n-1] of a block (all of sector sec) through its fused
 * program: MASK_GROUP at a time, the columns the program reads gathered
 * into gbuf (which cols_at then points into), the results scattered back.
 */
static void run_fused_gathered(const wuhong_policy *p, wuhong_evaluation *ev, ev_counts *cnt, const pol_sector *s,
			       int sec, const mask_program *fp, uint64_t *t, uint64_t *f, size_t base,
			       const uint16_t *idx, int n, double *gbuf, const double **cols_at)
{
	uint8_t pass[MASK_GROUP], miss[MASK_GROUP], flags[MASK_GROUP], tier[MASK_GROUP];
	uint32_t veto[MASK_GROUP], veto_unknown[MASK_GROUP];
	int64_t amount[MASK_GROUP];
	result_rows out = { pass, miss, flags, tier, amount, false };
	for (int g = 0; g < n; g += MASK_GROUP) {
		int len = n - g < MASK_GROUP ? n - g : MASK_GROUP;
		const uint16_t *gi = idx + g;
		for (int u = 0; u < fp->n_cols; u++) {
			double *dst = gbuf + (size_t)u * MASK_GROUP;
			const double *src = ev->cols[fp->cols[u]] + base;
			for (int j = 0; j < len; j++)
				dst[j] = src[gi[j]];
			cols_at[fp->cols[u]] = dst;
		}
		mask_run(fp, cols_at, 0, NULL, len, t, f);
		finish_fused(p, &out, veto, veto_unknown, cnt, s, sec, NULL, fp, t, f, len);
		for (int j = 0; j < len; j++) {
			size_t i = base + gi[j];
			ev->pass[i] = pass[j], ev->miss[i] = miss[j], ev->flags[i] = flags[j], ev->tier[i] = tier[j];
			ev->amount[i] = amount[j];
		}
		if (p->def.n_vetoes)
			for (int j = 0; j < len; j++)
				ev->veto[base + gi[j]] = veto[j], ev->veto_unknown[base + gi[j]] = veto_unknown[j];
	}
}

/* What a block of units mixes, which decides how it is run. */
enum { BLOCK_ONE_SECTOR, BLOCK_ONE_CLASS, BLOCK_MIXED };

static uint8_t block_kind(const wuhong_policy *p, const uint8_t *sec, int n)
{
	bool uniform = true;
	for (int j = 1; j < n; j++)
		uniform &= sec[j] == sec[0];
	if (uniform)
		return BLOCK_ONE_SECTOR;
	int cls = p->class_of[sec[0]];
	bool one_class = cls >= 0;
	for (int j = 1; j < n; j++)
		one_class &= p->class_of[sec[j]] == cls;
	return one_class ? BLOCK_ONE_CLASS : BLOCK_MIXED;
}

static int run_blocks(ev_job *job)
{
	const wuhong_policy *p = job->p;
	const wuhong_dataset *ds = job->ds;
	wuhong_evaluation *ev = job->ev;
	const pol_def *d = &p->def;
	vm_scratch scr;
	size_t regs = (size_t)(p->max_regs > 0 ? p->max_regs : 1);
	uint64_t *mt = wh_calloc(2 * regs, sizeof *mt), *mf = mt + regs; /* the fused programs' masks */
	/* a mixed block's units gathered, MASK_GROUP of each column a fused program reads */
	double *gbuf = wh_malloc((d->n_indicators + 1) * MASK_GROUP * sizeof *gbuf);
	const double **cols_at = wh_calloc(d->n_indicators + 1, sizeof *cols_at);
	if (!mt || !gbuf || !cols_at || vm_scratch_init(&scr, p->max_regs)) {
		wh_free(mt);
		wh_free(gbuf);
		wh_free(cols_at);
		return wh_error_oom(&job->err);
	}
	uint16_t idx[VM_BLOCK];
	uint8_t sec[VM_BLOCK];
	size_t count[POL_MAX_SECTORS], offset[POL_MAX_SECTORS];
	int rc = 0;
	for (size_t base = job->first; base < job->last && !rc; base += VM_BLOCK) {
		int n = (int)(job->last - base < VM_BLOCK ? job->last - base : VM_BLOCK);
		uint8_t *kind = &ev->block_kind[base / VM_BLOCK]; /* jobs start at whole blocks */
		if (job->premapped) { /* the last run's mapping of the same codes */
			memcpy(sec, ev->sector + base, (size_t)n);
		} else {
			uint8_t any_unknown = 0;
			for (int j = 0; j < n; j++) {
				sec[j] = job->sector_map[ds->sector[base + j]];
				any_unknown |= sec[j] == SECTOR_UNKNOWN;
			}
			for (int j = 0; j < n; j++)
				ev->town[base + j] = job->town_map[ds->town[base + j]];
			if (any_unknown) {
				for (int j = 0; j < n && !rc; j++)
					if (sec[j] == SECTOR_UNKNOWN)
						rc = ev_sector_problem(p, ds, base + (size_t)j, NULL, &job->err);
				break;
			}
			if (p->def.n_towns) {
				for (int j = 0; j < n && !rc; j++)
					if (ev->town[base + j] == TOWN_NONE)
						rc = ev_town_problem(p, ds, base + (size_t)j, NULL, &job->err);
				if (rc)
					break;
			}
			*kind = block_kind(p, sec, n);
			memcpy(ev->sector + base, sec, (size_t)n); /* kept for the next run (premapped) */
		}
		for (size_t i = 0; i < d->n_indicators && !rc; i++)
			if (ev->cols[i] && ev->cols[i] != ev->agg[i])
				rc = ev_check_range(p, ds, i, ev->cols[i], base, (size_t)n, NULL, &job->err);
		if (rc)
			break;
		if (*kind == BLOCK_ONE_SECTOR) {
			const pol_sector *s = &d->sectors[sec[0]];
			if (s->has_fused) {
				run_fused(p, ev, job->counts, s, sec[0], NULL, &s->fused, mt, mf, base, n);
				job->fused += (size_t)n;
				job->isa = s->fused.isa;
				continue;
			}
			vm_run(&s->program, &scr, ev->cols, base, NULL, sec, n);
			finish_group(p, ev, job->counts, s, sec[0], NULL, &s->program, &scr, base, NULL, n);
			continue;
		}
		/* sectors that share a merged program: one run over the columns in place */
		int cls = p->class_of[sec[0]];
		bool one_class = *kind == BLOCK_ONE_CLASS;
		if (one_class && p->merged_has_fused[cls]) {
			run_fused(p, ev, job->counts, &d->sectors[sec[0]], -1, sec, &p->merged_fused[cls], mt, mf, base, n);
			job->fused += (size_t)n;
			job->isa = p->merged_fused[cls].isa;
			continue;
		}
		if (one_class) {
			const vm_program *m = &p->merged[cls];
			vm_run(m, &scr, ev->cols, base, NULL, sec, n);
			finish_group(p, ev, job->counts, &d->sectors[sec[0]], -1, sec, m, &scr, base, NULL, n);
			continue;
		}
		memset(count, 0, sizeof(size_t) * d->n_sectors);
		for (int j = 0; j < n; j++)
			count[sec[j]]++;
		size_t acc = 0;
		for (size_t k = 0; k < d->n_sectors; k++)
			offset[k] = acc, acc += count[k];
		for (int j = 0; j < n; j++)
			idx[offset[sec[j]]++] = (uint16_t)j;
		acc = 0;
		for (size_t k = 0; k < d->n_sectors; k++) {
			if (count[k] && d->sectors[k].has_fused) {
				const pol_sector *s = &d->sectors[k];
				run_fused_gathered(p, ev, job->counts, s, (int)k, &s->fused, mt, mf, base, idx + acc,
						   (int)count[k], gbuf, cols_at);
				job->fused += count[k];
				job->isa = s->fused.isa;
			} else if (count[k]) {
				const pol_sector *s = &d->sectors[k];
				vm_run(&s->program, &scr, ev->cols, base, idx + acc, NULL, (int)count[k]);
				finish_group(p, ev, job->counts, s, (int)k, NULL, &s->program, &scr, base, idx + acc,
					     (int)count[k]);
			}
			acc += count[k];
		}
	}
	fused_results_flush();
	vm_scratch_free(&scr);
	wh_free(mt);
	wh_free(gbuf);
	wh_free(cols_at);
	return rc;
}

static void *run_thread(void *arg)
{
	ev_job *job = arg;
	job->rc = run_blocks(job);
	return NULL;
}

void wuhong_evaluation_free(wuhong_evaluation *ev)
{
	if (!ev)
		return;
	if (ev->agg && ev->policy)
		for (size_t i = 0; i < ev->policy->def.n_indicators; i++)
			wh_free(ev->agg[i]);
	wh_free(ev->agg);
	wh_free(ev->cols);
	wh_free(ev->counts);
	wh_free(ev->columns);
	wuhong_policy_free(ev->policy);
	wuhong_dataset_free(ev->ds);
	wh_free(ev);
}

#define MAX_THREADS 64
/* below this many units per thread, starting threads costs more than it saves */
#define AUTO_UNITS_PER_THREAD 65536

/* One run of ev's policy over its dataset into ev's result columns. */
static int ev_run(wuhong_evaluation *ev, const wuhong_evaluate_options *opts, wuhong_error *err)
{
	const wuhong_policy *p = ev->policy;
	const wuhong_dataset *ds = ev->ds;
	size_t n = ev->n;
	unsigned threads = opts ? opts->threads : 0;
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		size_t by_size = n / AUTO_UNITS_PER_THREAD;
		threads = (unsigned)(cpus < 1 ? 1 : cpus);
		if (threads > by_size)
			threads = by_size ? (unsigned)by_size : 1;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	ev->past_cache = n >= results_past_cache();
	const pol_def *d = &p->def;
	uint8_t *sector_map = wh_malloc(ds->sectors.n + 1);
	uint16_t *town_map = wh_malloc((ds->towns.n + 1) * sizeof *town_map);
	bool *needed = wh_calloc(d->n_indicators + 1, sizeof *needed);
	ev_counts *counts = wh_calloc(threads, sizeof *counts); /* each thread's share of the tally */
	int rc = 0;
	if (!sector_map || !town_map || !needed || !counts) {
		rc = wh_error_oom(err);
		goto out;
	}
	/* code 0 (no name) and unknown names both map to "unknown" */
	sector_map[0] = SECTOR_UNKNOWN;
	for (size_t k = 1; k < ds->sectors.n; k++) {
		size_t s;
		sector_map[k] = wh_map_get(&p->sector_map, ds->sectors.names[k], &s) ? (uint8_t)s : SECTOR_UNKNOWN;
	}
	town_map[0] = TOWN_NONE;
	for (size_t k = 1; k < ds->towns.n; k++) {
		size_t t;
		town_map[k] = wh_map_get(&p->town_map, ds->towns.names[k], &t) ? (uint16_t)t : TOWN_NONE;
	}
	/* a column is needed when a rule of a sector the data names uses it */
	for (size_t k = 1; k < ds->sectors.n; k++)
		if (sector_map[k] != SECTOR_UNKNOWN)
			for (size_t i = 0; i < d->n_indicators; i++)
				needed[i] |= p->sector_uses[sector_map[k] * d->n_indicators + i];
	for (size_t i = 0; i < d->n_indicators; i++) { /* a re-run aggregates panels afresh */
		wh_free(ev->agg[i]);
		ev->agg[i] = NULL;
		ev->cols[i] = NULL;
	}
	if ((rc = ev_resolve_columns(p, ds, needed, ev->cols, ev->agg, NULL, err)))
		goto out;

	/* split the units into whole blocks, one run per thread */
	size_t blocks = (n + VM_BLOCK - 1) / VM_BLOCK;
	bool premapped = ev->mapped && ev->mapped_version == ds->codes_version;
	ev->mapped = false; /* until this run succeeds */
	if (threads > blocks)
		threads = blocks ? (unsigned)blocks : 1;
	ev_job jobs[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	size_t per = (blocks + threads - 1) / threads;
	for (unsigned t = 0; t < threads; t++) {
		size_t first = (size_t)t * per * VM_BLOCK, last = first + per * VM_BLOCK;
		jobs[t] = (ev_job){ .p = p, .ds = ds, .ev = ev, .sector_map = sector_map, .town_map = town_map,
				    .first = first < n ? first : n, .last = last < n ? last : n, .premapped = premapped,
				    .counts = &counts[t] };
	}
	for (unsigned t = 1; t < threads; t++)
		started[t] = pthread_create(&tids[t], NULL, run_thread, &jobs[t]) == 0;
	run_thread(&jobs[0]);
	for (unsigned t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		else
			run_thread(&jobs[t]); /* could not start a thread: do its share here */
	}
	ev->fused = 0;
	memset(ev->counts, 0, sizeof *ev->counts);
	for (unsigned t = 0; t < threads; t++) {
		for (size_t s = 0; s < d->n_sectors; s++) {
			for (int k = 0; k < 6; k++)
				ev->counts->units[s][k] += counts[t].units[s][k];
			ev->counts->vetoed[s] += counts[t].vetoed[s];
			ev->counts->missing[s] += counts[t].missing[s];
		}
		ev->fused += jobs[t].fused;
		if (jobs[t].fused)
			ev->isa = jobs[t].isa;
		if (jobs[t].rc && !rc) { /* jobs are in unit order: the first failure is the earliest */
			rc = jobs[t].rc;
			if (err)
				*err = jobs[t].err;
		}
	}
	if (!rc) {
		ev->mapped = true;
		ev->mapped_version = ds->codes_version;
	}
out:
	/* with a problems list, a failure over the data is followed by finding every problem */
	if (rc == WUHONG_EDATA && opts && opts->version >= 2 && opts->problems) {
		int drc = ev_diagnose(p, ds, needed, sector_map, town_map, opts->problems, err);
		if (drc)
			rc = drc;
		else if (err && wuhong_problems_count(opts->problems))
			*err = *wuhong_problems_at(opts->problems, 0); /* the first in the file */
	}
	wh_free(sector_map);
	wh_free(town_map);
	wh_free(needed);
	wh_free(counts);
	return rc;
}

static bool options_ok(const wuhong_evaluate_options *opts, wuhong_error *err)
{
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_EVALUATE_OPTIONS_VERSION)) {
		wh_error(err, WUHONG_EINVAL, "wuhong_evaluate_options: unknown version %u", opts->version);
		return false;
	}
	return true;
}

int wuhong_evaluate(wuhong_evaluation **out, const wuhong_policy *p, const wuhong_dataset *ds,
		    const wuhong_evaluate_options *opts, wuhong_error *err)
{
	if (!out || !p || !ds)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluate: NULL argument");
	*out = NULL;
	if (!options_ok(opts, err))
		return WUHONG_EINVAL;
	size_t n = ds->n, m = n ? n : 1;
	const pol_def *d = &p->def;
	wuhong_evaluation *ev = wh_calloc(1, sizeof *ev);
	if (!ev)
		return wh_error_oom(err);
	ev->policy = wuhong_policy_ref((wuhong_policy *)p);
	ev->ds = wuhong_dataset_ref((wuhong_dataset *)ds);
	ev->n = n;
	/* one block for all result columns, each starting on a cache line (so a
	 * group's results are whole lines, fused-results.h); wuhong_evaluate_again
	 * reuses it */
	size_t stride = (m + MASK_GROUP - 1) / MASK_GROUP * MASK_GROUP;
	size_t bytes = stride * (sizeof(int64_t) + 2 * sizeof(uint32_t) + sizeof(uint16_t) + 5) + m / VM_BLOCK + 1;
	char *c = ev->columns = wh_calloc(1, bytes + 64); /* zero: the veto columns of a policy without vetoes */
	if (c) {
		c += (64 - (uintptr_t)c % 64) % 64;
		ev->amount = (int64_t *)c, c += stride * sizeof(int64_t);
		ev->veto = (uint32_t *)c, c += stride * sizeof(uint32_t);
		ev->veto_unknown = (uint32_t *)c, c += stride * sizeof(uint32_t);
		ev->town = (uint16_t *)c, c += stride * sizeof(uint16_t);
		ev->flags = (uint8_t *)c, c += stride;
		ev->pass = (uint8_t *)c, c += stride;
		ev->miss = (uint8_t *)c, c += stride;
		ev->tier = (uint8_t *)c, c += stride;
		ev->sector = (uint8_t *)c, c += stride;
		ev->block_kind = (uint8_t *)c;
	}
	ev->cols = wh_calloc(d->n_indicators + 1, sizeof *ev->cols);
	ev->agg = wh_calloc(d->n_indicators + 1, sizeof *ev->agg);
	ev->counts = wh_calloc(1, sizeof *ev->counts);
	int rc = !ev->columns || !ev->cols || !ev->agg || !ev->counts ? wh_error_oom(err) : ev_run(ev, opts, err);
	if (rc) {
		wuhong_evaluation_free(ev);
		return rc;
	}
	*out = ev;
	return 0;
}

int wuhong_evaluate_again(wuhong_evaluation *ev, const wuhong_evaluate_options *opts, wuhong_error *err)
{
	if (!ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluate_again: NULL argument");
	if (!options_ok(opts, err))
		return WUHONG_EINVAL;
	ev->n = ev->ds->n; /* a dataset's number of units is fixed when it is made */
	int rc = ev_run(ev, opts, err);
	if (rc) { /* no results rather than some of two runs' */
		ev->n = 0;
		memset(ev->counts, 0, sizeof *ev->counts);
	}
	return rc;
}

/* ---- accessors -------------------------------------------------------------- */

const wuhong_policy *wuhong_evaluation_policy(const wuhong_evaluation *ev) { return ev ? ev->policy : NULL; }
const wuhong_dataset *wuhong_evaluation_dataset(const wuhong_evaluation *ev) { return ev ? ev->ds : NULL; }
size_t wuhong_evaluation_count(const wuhong_evaluation *ev) { return ev ? ev->n : 0; }
const uint8_t *wuhong_evaluation_flags(const wuhong_evaluation *ev) { return ev ? ev->flags : NULL; }
const uint8_t *wuhong_evaluation_flag_masks(const wuhong_evaluation *ev) { return ev ? ev->pass : NULL; }
const uint8_t *wuhong_evaluation_missing_masks(const wuhong_evaluation *ev) { return ev ? ev->miss : NULL; }
const uint32_t *wuhong_evaluation_veto_masks(const wuhong_evaluation *ev) { return ev ? ev->veto : NULL; }
const uint32_t *wuhong_evaluation_veto_unknown_masks(const wuhong_evaluation *ev) { return ev ? ev->veto_unknown : NULL; }
const uint8_t *wuhong_evaluation_tiers(const wuhong_evaluation *ev) { return ev ? ev->tier : NULL; }
const uint8_t *wuhong_evaluation_sectors(const wuhong_evaluation *ev) { return ev ? ev->sector : NULL; }
const uint16_t *wuhong_evaluation_towns(const wuhong_evaluation *ev) { return ev ? ev->town : NULL; }
const int64_t *wuhong_evaluation_amounts(const wuhong_evaluation *ev) { return ev ? ev->amount : NULL; }

const char *wuhong_evaluation_kernel(const wuhong_evaluation *ev)
{
	static const char *const names[3][2] = { { "avx512", "avx512+vm" }, { "avx2", "avx2+vm" },
						  { "baseline", "baseline+vm" } };
	if (!ev)
		return NULL;
	if (ev->fused == 0)
		return "vm";
	return names[ev->isa][ev->fused < ev->n];
}

wuhong_verdict wuhong_evaluation_verdict(const wuhong_evaluation *ev, size_t i, size_t c)
{
	if (!ev || i >= ev->n || c >= WUHONG_CRITERIA)
		return WUHONG_MISSING;
	if ((ev->pass[i] >> c) & 1)
		return WUHONG_PASS;
	return ((ev->miss[i] >> c) & 1) ? WUHONG_MISSING : WUHONG_FAIL;
}
