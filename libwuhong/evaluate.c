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

/* ---- the block loop ------------------------------------------------------- */

typedef struct ev_job {
	const wuhong_policy *p;
	const wuhong_dataset *ds;
	wuhong_evaluation *ev;
	const uint8_t *sector_map;   /* dataset sector code -> policy sector */
	const uint16_t *town_map;    /* dataset town code -> policy town */
	size_t first, last;          /* units [first, last) */
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
static void finish_group(const wuhong_policy *p, wuhong_evaluation *ev, const pol_sector *s, int sec,
			 const uint8_t *secv, const vm_program *prog, const vm_scratch *scr, size_t base,
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

static int run_blocks(ev_job *job)
{
	const wuhong_policy *p = job->p;
	const wuhong_dataset *ds = job->ds;
	wuhong_evaluation *ev = job->ev;
	const pol_def *d = &p->def;
	vm_scratch scr;
	if (vm_scratch_init(&scr, p->max_regs))
		return wh_error_oom(&job->err);
	uint16_t idx[VM_BLOCK];
	uint8_t sec[VM_BLOCK];
	size_t count[POL_MAX_SECTORS], offset[POL_MAX_SECTORS];
	int rc = 0;
	for (size_t base = job->first; base < job->last && !rc; base += VM_BLOCK) {
		int n = (int)(job->last - base < VM_BLOCK ? job->last - base : VM_BLOCK);
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
		for (size_t i = 0; i < d->n_indicators && !rc; i++)
			if (ev->cols[i] && ev->cols[i] != ev->agg[i])
				rc = ev_check_range(p, ds, i, ev->cols[i], base, (size_t)n, NULL, &job->err);
		if (rc)
			break;
		bool uniform = true;
		for (int j = 1; j < n; j++)
			uniform &= sec[j] == sec[0];
		if (uniform) {
			const pol_sector *s = &d->sectors[sec[0]];
			vm_run(&s->program, &scr, ev->cols, base, NULL, sec, n);
			finish_group(p, ev, s, sec[0], NULL, &s->program, &scr, base, NULL, n);
			continue;
		}
		/* sectors that share a merged program: one run over the columns in place */
		int cls = p->class_of[sec[0]];
		bool one_class = cls >= 0;
		for (int j = 1; j < n; j++)
			one_class &= p->class_of[sec[j]] == cls;
		if (one_class) {
			const vm_program *m = &p->merged[cls];
			vm_run(m, &scr, ev->cols, base, NULL, sec, n);
			finish_group(p, ev, &d->sectors[sec[0]], -1, sec, m, &scr, base, NULL, n);
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
			if (count[k]) {
				const pol_sector *s = &d->sectors[k];
				vm_run(&s->program, &scr, ev->cols, base, idx + acc, NULL, (int)count[k]);
				finish_group(p, ev, s, (int)k, NULL, &s->program, &scr, base, idx + acc, (int)count[k]);
			}
			acc += count[k];
		}
	}
	vm_scratch_free(&scr);
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
	wh_free(ev->columns);
	wuhong_policy_free(ev->policy);
	wuhong_dataset_free(ev->ds);
	wh_free(ev);
}

#define MAX_THREADS 64
/* below this many units per thread, starting threads costs more than it saves */
#define AUTO_UNITS_PER_THREAD 65536

int wuhong_evaluate(wuhong_evaluation **out, const wuhong_policy *p, const wuhong_dataset *ds,
		    const wuhong_evaluate_options *opts, wuhong_error *err)
{
	if (!out || !p || !ds)
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluate: NULL argument");
	*out = NULL;
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_EVALUATE_OPTIONS_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_evaluate_options: unknown version %u", opts->version);
	size_t n = ds->n, m = n ? n : 1;
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
	const pol_def *d = &p->def;
	wuhong_evaluation *ev = wh_calloc(1, sizeof *ev);
	uint8_t *sector_map = wh_malloc(ds->sectors.n + 1);
	uint16_t *town_map = wh_malloc((ds->towns.n + 1) * sizeof *town_map);
	bool *needed = NULL;
	int rc = 0;
	if (!ev || !sector_map || !town_map) {
		rc = wh_error_oom(err);
		goto fail;
	}
	ev->policy = wuhong_policy_ref((wuhong_policy *)p);
	ev->ds = wuhong_dataset_ref((wuhong_dataset *)ds);
	ev->n = n;
	/* one block for all result columns, widest first so each stays aligned:
	 * fewer, larger allocations are reused by malloc from one evaluation to
	 * the next instead of being returned to the kernel and faulted in again */
	size_t bytes = m * (sizeof(int64_t) + 2 * sizeof(uint32_t) + sizeof(uint16_t) + 5);
	char *c = ev->columns = wh_malloc(bytes);
	if (c) {
		ev->amount = (int64_t *)c, c += m * sizeof(int64_t);
		ev->veto = (uint32_t *)c, c += m * sizeof(uint32_t);
		ev->veto_unknown = (uint32_t *)c, c += m * sizeof(uint32_t);
		ev->town = (uint16_t *)c, c += m * sizeof(uint16_t);
		ev->flags = (uint8_t *)c, c += m;
		ev->pass = (uint8_t *)c, c += m;
		ev->miss = (uint8_t *)c, c += m;
		ev->tier = (uint8_t *)c, c += m;
		ev->sector = (uint8_t *)c;
	}
	ev->cols = wh_calloc(d->n_indicators, sizeof *ev->cols);
	ev->agg = wh_calloc(d->n_indicators, sizeof *ev->agg);
	if (!ev->columns || !ev->cols || !ev->agg) {
		rc = wh_error_oom(err);
		goto fail;
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
	needed = wh_calloc(d->n_indicators + 1, sizeof *needed);
	if (!needed) {
		rc = wh_error_oom(err);
		goto fail;
	}
	for (size_t k = 1; k < ds->sectors.n; k++)
		if (sector_map[k] != SECTOR_UNKNOWN)
			for (size_t i = 0; i < d->n_indicators; i++)
				needed[i] |= p->sector_uses[sector_map[k] * d->n_indicators + i];
	if ((rc = ev_resolve_columns(p, ds, needed, ev->cols, ev->agg, NULL, err)))
		goto fail;

	/* split the units into whole blocks, one run per thread */
	size_t blocks = (n + VM_BLOCK - 1) / VM_BLOCK;
	if (threads > blocks)
		threads = blocks ? (unsigned)blocks : 1;
	ev_job jobs[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	size_t per = (blocks + threads - 1) / threads;
	for (unsigned t = 0; t < threads; t++) {
		size_t first = (size_t)t * per * VM_BLOCK, last = first + per * VM_BLOCK;
		jobs[t] = (ev_job){ p, ds, ev, sector_map, town_map, first < n ? first : n, last < n ? last : n,
				    0, { 0 } };
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
	for (unsigned t = 0; t < threads; t++) {
		if (jobs[t].rc) { /* jobs are in unit order: the first failure is the earliest */
			rc = jobs[t].rc;
			if (err)
				*err = jobs[t].err;
			goto fail;
		}
	}
	wh_free(sector_map);
	wh_free(town_map);
	wh_free(needed);
	*out = ev;
	return 0;
fail:
	/* with a problems list, a failure over the data is followed by finding every problem */
	if (rc == WUHONG_EDATA && needed && opts && opts->version >= 2 && opts->problems) {
		int drc = ev_diagnose(p, ds, needed, sector_map, town_map, opts->problems, err);
		if (drc)
			rc = drc;
		else if (err && wuhong_problems_count(opts->problems))
			*err = *wuhong_problems_at(opts->problems, 0); /* the first in the file */
	}
	wh_free(sector_map);
	wh_free(town_map);
	wh_free(needed);
	wuhong_evaluation_free(ev);
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

wuhong_verdict wuhong_evaluation_verdict(const wuhong_evaluation *ev, size_t i, size_t c)
{
	if (!ev || i >= ev->n || c >= WUHONG_CRITERIA)
		return WUHONG_MISSING;
	if ((ev->pass[i] >> c) & 1)
		return WUHONG_PASS;
	return ((ev->miss[i] >> c) & 1) ? WUHONG_MISSING : WUHONG_FAIL;
}
