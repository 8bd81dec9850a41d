/*
 * rule/mask.c — fused programs (rule/mask.h): the translation from a block
 * program, the interpreter over 64 units, and the comparison kernels for
 * AVX-512, AVX2 and plain C.
 *
 * A truth value is two masks, t (true) and f (false); unknown is neither.
 * Kleene's logic is then bit arithmetic: and = (ta & tb, fa | fb), or =
 * (ta | tb, fa & fb), not = (f, t). A comparison sets t where it holds
 * and f where its opposite holds, both with ordered predicates, so a
 * missing operand (NaN) sets neither — exactly sem_cmp's unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "rule/mask.h"

#include "rule/lookup8.h"
#include "rule/semantics.h"
#include "util/alloc.h"

#if defined(__GNUC__) && defined(__x86_64__) && !defined(WUHONG_NO_MULTIVERSION)
#include <immintrin.h>
#define HAVE_X86_KERNELS 1
#endif

enum { MK_CMP, MK_CONST, MK_AND, MK_OR, MK_NOT, MK_MISST, MK_BEQ, MK_BNE, MK_COAL };

bool mask_compile(mask_program *out, const vm_program *prog, wh_arena *arena, bool *oom)
{
	*oom = false;
	int *num_col = wh_malloc(sizeof *num_col * (size_t)(prog->n_regs + 1)); /* register -> column loaded, or -1 */
	mask_insn *code = wh_arena_alloc(arena, sizeof *code * (size_t)(prog->n_code + 1));
	if (!num_col || !code) {
		wh_free(num_col);
		*oom = true;
		return false;
	}
	for (int r = 0; r < prog->n_regs; r++)
		num_col[r] = -1;
	int n = 0;
	bool ok = true;
	for (int pc = 0; pc < prog->n_code && ok; pc++) {
		const vm_insn *in = &prog->code[pc];
		mask_insn m = { .dst = in->dst, .a = in->a, .b = in->b, .col = -1, .col2 = -1, .k = in->k };
		switch (in->op) {
		case OP_LOADN:
			num_col[in->dst] = in->col; /* no instruction: comparisons read the column */
			continue;
		case OP_LOADB: /* a truth column: true where non-zero, false where 0 */
			m.op = MK_CMP, m.cmp = RK_NE, m.col = in->col, m.k = 0;
			break;
		case OP_CMPK:
		case OP_CMPKV:
		case OP_CMP:
		case OP_MISSN:
			m.op = MK_CMP;
			m.cmp = in->op == OP_MISSN ? MASK_IS_MISSING : in->cmp;
			m.col = num_col[in->a];
			if (in->op == OP_CMP)
				ok = (m.col2 = num_col[in->b]) >= 0;
			if (in->op == OP_CMPKV)
				m.tab = prog->ktab + (size_t)in->col * VM_MAX_SECTORS;
			ok &= m.col >= 0;
			break;
		case OP_CONSTT: m.op = MK_CONST; break;
		case OP_AND: m.op = MK_AND; break;
		case OP_OR: m.op = MK_OR; break;
		case OP_NOT: m.op = MK_NOT; break;
		case OP_MISST: m.op = MK_MISST; break;
		case OP_BEQ: m.op = MK_BEQ; break;
		case OP_BNE: m.op = MK_BNE; break;
		case OP_COALT: m.op = MK_COAL; break;
		default: ok = false; break; /* arithmetic: the VM's */
		}
		code[n++] = m;
	}
	wh_free(num_col);
	if (!ok)
		return false;
	int32_t *used = wh_arena_alloc(arena, sizeof *used * (size_t)(2 * n + 1));
	if (!used) {
		*oom = true;
		return false;
	}
	int n_used = 0;
	for (int pc = 0; pc < n; pc++)
		for (int k = 0; k < 2; k++) {
			int32_t c = k ? code[pc].col2 : code[pc].col;
			bool seen = c < 0;
			for (int u = 0; u < n_used && !seen; u++)
				seen = used[u] == c;
			if (!seen)
				used[n_used++] = c;
		}
	*out = (mask_program){ code, n, prog->n_regs, prog->n_outputs, prog->outputs, prog->max_sector,
			       mask_isa_chosen(), used, n_used };
	return true;
}

/* ---- comparison kernels ------------------------------------------------------
 * Each compares x = a[0..n) with y: the constant in->k, the column b, or
 * each unit's constant from in->tab by its sector, setting the t and f
 * masks. One loop per predicate (they are instruction immediates). */

typedef void cmp_kernel(const mask_insn *in, const double *a, const double *b, const uint8_t *sec, int max_sector,
			int n, uint64_t *t, uint64_t *f);

static void cmp_baseline(const mask_insn *in, const double *a, const double *b, const uint8_t *sec,
			 int max_sector, int n, uint64_t *pt, uint64_t *pf)
{
	(void)max_sector;
	uint64_t t = 0, f = 0;
#define Y(j) (in->tab ? in->tab[sec[j]] : b ? b[j] : in->k)
#define LOOP(T, F) \
	for (int j = 0; j < n; j++) { \
		double x = a[j], y = Y(j); \
		(void)y; \
		t |= (uint64_t)(T) << j; \
		f |= (uint64_t)(F) << j; \
	}
	switch (in->cmp) {
	case RK_LT: LOOP(x < y, x >= y) break;
	case RK_LE: LOOP(x <= y, x > y) break;
	case RK_GT: LOOP(x > y, x <= y) break;
	case RK_GE: LOOP(x >= y, x < y) break;
	case RK_EQ: LOOP(x == y, x < y || x > y) break;
	case RK_NE: LOOP(x < y || x > y, x == y) break;
	default: LOOP(x != x, x == x) break; /* missing(x) */
	}
#undef LOOP
#undef Y
	*pt = t;
	*pf = f;
}

#ifdef HAVE_X86_KERNELS
/* Each comparison's predicates for true and for false (ordered: a missing
 * operand sets neither); missing(x) compares x with itself. */
#define PREDICATES(LOOP) \
	case RK_LT: LOOP(_CMP_LT_OQ, _CMP_GE_OQ) break; \
	case RK_LE: LOOP(_CMP_LE_OQ, _CMP_GT_OQ) break; \
	case RK_GT: LOOP(_CMP_GT_OQ, _CMP_LE_OQ) break; \
	case RK_GE: LOOP(_CMP_GE_OQ, _CMP_LT_OQ) break; \
	case RK_EQ: LOOP(_CMP_EQ_OQ, _CMP_NEQ_OQ) break; \
	case RK_NE: LOOP(_CMP_NEQ_OQ, _CMP_EQ_OQ) break; \
	default: LOOP(_CMP_UNORD_Q, _CMP_ORD_Q) break;
#define SECOND(x, y, PT) ((PT) == _CMP_UNORD_Q ? (x) : (y))

/* Eight units' sector bytes as 64-bit lanes (mask_run's contract: sec is
 * readable in whole eights). */
__attribute__((target("avx512f")))
static inline __m512i sector_lanes(const uint8_t *sec)
{
	uint64_t s;
	memcpy(&s, sec, sizeof s);
	return _mm512_cvtepu8_epi64(_mm_cvtsi64_si128((long long)s));
}

/* y: the constant, the second column, or each unit's constant by sector —
 * from the table in a register (up to eight sectors) or gathered. */
#define Y512(MODE, m, i) \
	((MODE) == 0 ? kv \
	 : (MODE) == 1 ? _mm512_maskz_loadu_pd(m, b + (i)) \
	 : (MODE) == 2 ? _mm512_permutexvar_pd(sector_lanes(sec + (i)), tabv) \
		       : _mm512_mask_i64gather_pd(kv, m, sector_lanes(sec + (i)), in->tab, 8))
#define STEP512(MODE, m, i, PT, PF) \
	do { \
		__m512d x = _mm512_maskz_loadu_pd(m, a + (i)), y = Y512(MODE, m, i); \
		(void)y; \
		t |= (uint64_t)_mm512_mask_cmp_pd_mask(m, x, SECOND(x, y, PT), PT) << (i); \
		f |= (uint64_t)_mm512_mask_cmp_pd_mask(m, x, SECOND(x, y, PT), PF) << (i); \
	} while (0)
/* a whole group unrolled without masks; a short one eight at a time */
#define GROUP512(MODE, PT, PF) \
	if (n == MASK_GROUP) { \
		_Pragma("GCC unroll 8") for (int i = 0; i < MASK_GROUP; i += 8) \
			STEP512(MODE, (__mmask8)0xff, i, PT, PF); \
	} else { \
		for (int i = 0; i < n; i += 8) \
			STEP512(MODE, (__mmask8)(n - i >= 8 ? 0xff : (1u << (n - i)) - 1), i, PT, PF); \
	}
/* one loop per operand kind, so none is decided per step */
#define LOOP512(PT, PF) \
	switch (mode) { \
	case 0: GROUP512(0, PT, PF) break; \
	case 1: GROUP512(1, PT, PF) break; \
	case 2: GROUP512(2, PT, PF) break; \
	default: GROUP512(3, PT, PF) break; \
	}

__attribute__((target("avx512f")))
static void cmp_avx512(const mask_insn *in, const double *a, const double *b, const uint8_t *sec, int max_sector,
		       int n, uint64_t *pt, uint64_t *pf)
{
	uint64_t t = 0, f = 0;
	const __m512d kv = _mm512_set1_pd(in->k);
	const int mode = in->tab ? (max_sector < 8 ? 2 : 3) : b ? 1 : 0;
	const __m512d tabv = mode == 2 ? _mm512_loadu_pd(in->tab) : kv;
	switch (in->cmp) {
		PREDICATES(LOOP512)
	}
	*pt = t;
	*pf = f;
}
#undef LOOP512
#undef GROUP512
#undef STEP512
#undef Y512

__attribute__((target("avx2")))
static void cmp_avx2(const mask_insn *in, const double *a, const double *b, const uint8_t *sec, int max_sector,
		     int n, uint64_t *pt, uint64_t *pf)
{
	uint64_t t = 0, f = 0;
	const __m256d kv = _mm256_set1_pd(in->k);
	const bool small = in->tab && max_sector < 8;
	const __m256 lo = small ? _mm256_castpd_ps(_mm256_loadu_pd(in->tab)) : _mm256_setzero_ps();
	const __m256 hi = small ? _mm256_castpd_ps(_mm256_loadu_pd(in->tab + 4)) : _mm256_setzero_ps();
	int whole = n & ~3;
#define Y256(i) \
	(in->tab ? (small ? lookup8_avx2_4(lo, hi, sec + (i)) \
			  : _mm256_set_pd(in->tab[sec[(i) + 3]], in->tab[sec[(i) + 2]], in->tab[sec[(i) + 1]], \
					  in->tab[sec[i]])) \
		 : b ? _mm256_loadu_pd(b + (i)) : kv)
/* valgrind (3.19) runs _CMP_NEQ_OQ as _CMP_NEQ_UQ: the unordered lanes are
 * taken out explicitly, so the suite under valgrind tests what runs natively */
#define CMP256(x, y, P) \
	((P) == _CMP_NEQ_OQ ? _mm256_andnot_pd(_mm256_cmp_pd(x, y, _CMP_UNORD_Q), _mm256_cmp_pd(x, y, _CMP_NEQ_UQ)) \
			    : _mm256_cmp_pd(x, y, P))
#define LOOP(PT, PF) \
	for (int i = 0; i < whole; i += 4) { \
		__m256d x = _mm256_loadu_pd(a + i), y = Y256(i); \
		t |= (uint64_t)_mm256_movemask_pd(CMP256(x, SECOND(x, y, PT), PT)) << i; \
		f |= (uint64_t)_mm256_movemask_pd(CMP256(x, SECOND(x, y, PT), PF)) << i; \
	}
	switch (in->cmp) {
		PREDICATES(LOOP)
	}
#undef LOOP
#undef CMP256
#undef Y256
	if (whole < n) { /* the last few units */
		uint64_t tt, ff;
		cmp_baseline(in, a + whole, b ? b + whole : NULL, sec ? sec + whole : NULL, max_sector, n - whole, &tt,
			     &ff);
		t |= tt << whole;
		f |= ff << whole;
	}
	*pt = t;
	*pf = f;
}
#endif

static cmp_kernel *const kernels[] = {
#ifdef HAVE_X86_KERNELS
	[MASK_AVX512] = cmp_avx512,
	[MASK_AVX2] = cmp_avx2,
#else
	[MASK_AVX512] = cmp_baseline,
	[MASK_AVX2] = cmp_baseline,
#endif
	[MASK_BASELINE] = cmp_baseline,
};

static bool isa_available(mask_isa isa)
{
#ifdef HAVE_X86_KERNELS
	switch (isa) {
	case MASK_AVX512: /* BW too: the results from the masks (fused-results.c) use its byte ops */
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
	case MASK_AVX2: return __builtin_cpu_supports("avx2");
	default: return true;
	}
#else
	return isa == MASK_BASELINE;
#endif
}

const char *mask_isa_name(mask_isa isa)
{
	switch (isa) {
	case MASK_AVX512: return "avx512";
	case MASK_AVX2: return "avx2";
	default: return "baseline";
	}
}

mask_isa mask_isa_chosen(void)
{
	const char *asked = getenv("WUHONG_SIMD");
	for (int isa = MASK_AVX512; isa <= MASK_BASELINE; isa++)
		if (asked && strcmp(asked, mask_isa_name((mask_isa)isa)) == 0 && isa_available((mask_isa)isa))
			return (mask_isa)isa;
	for (int isa = MASK_AVX512; isa <= MASK_BASELINE; isa++)
		if (isa_available((mask_isa)isa))
			return (mask_isa)isa;
	return MASK_BASELINE;
}

void mask_prefetch(const mask_program *p, const double *const *cols, size_t at)
{
	for (int k = 0; k < p->n_cols; k++)
		for (int j = 0; j < MASK_GROUP; j += 64 / (int)sizeof(double)) /* a cache line */
			__builtin_prefetch(cols[p->cols[k]] + at + j, 0, 3);
}

/* ---- the interpreter ---------------------------------------------------------- */

void mask_run(const mask_program *p, const double *const *cols, size_t base, const uint8_t *sec, int n,
	      uint64_t *t, uint64_t *f)
{
	cmp_kernel *cmp = kernels[p->isa];
	for (int pc = 0; pc < p->n_code; pc++) {
		const mask_insn *in = &p->code[pc];
		uint64_t ta = t[in->a], fa = f[in->a], tb = t[in->b], fb = f[in->b], u = ~(ta | fa);
		uint64_t *td = &t[in->dst], *fd = &f[in->dst];
		switch (in->op) {
		case MK_CMP:
			cmp(in, cols[in->col] + base, in->col2 >= 0 ? cols[in->col2] + base : NULL, sec, p->max_sector, n,
			    td, fd);
			break;
		case MK_CONST:
			*td = in->k == TRI_TRUE ? ~UINT64_C(0) : 0;
			*fd = in->k == TRI_FALSE ? ~UINT64_C(0) : 0;
			break;
		case MK_AND: *td = ta & tb, *fd = fa | fb; break;
		case MK_OR: *td = ta | tb, *fd = fa & fb; break;
		case MK_NOT: *td = fa, *fd = ta; break;
		case MK_MISST: *td = u, *fd = ~u; break;
		case MK_BEQ: *td = (ta & tb) | (fa & fb), *fd = (ta & fb) | (fa & tb); break;
		case MK_BNE: *td = (ta & fb) | (fa & tb), *fd = (ta & tb) | (fa & fb); break;
		case MK_COAL: *td = ta | (u & tb), *fd = fa | (u & fb); break;
		}
	}
}
