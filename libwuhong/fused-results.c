/*
 * fused-results.c — a fused group's results from its masks
 * (fused-results.h), for AVX-512, AVX2 and plain C.
 *
 * Unit j's pass byte has bit c set where bit j of pass[c] is; its flag
 * count is the number of those bits; its tier is tier_of_flags[flags] where
 * it may hold one (ok), else 0; its award is the sector's for that tier.
 * The tally counts units by sector and tier as popcounts of the tier
 * masks and the sector masks, so nothing is counted one unit at a time.
 */
#include <stdint.h>
#include <string.h>

#include "fused-results.h"

#if defined(__GNUC__) && defined(__x86_64__) && !defined(WUHONG_NO_MULTIVERSION)
#include <immintrin.h>
#define HAVE_X86_KERNELS 1
#endif

/* The tally from the group's tier masks (tm[i]: units holding vals[i]) and
 * its sector masks, each made by sector_mask(s). */
#define TALLY(SECTOR_MASK) \
	do { \
		if (!g->secv) { \
			uint64_t *row = cnt->units[g->sector]; \
			for (int i = 0; i < nv; i++) \
				row[vals[i]] += (uint64_t)__builtin_popcountll(tm[i]); \
			cnt->vetoed[g->sector] += (uint64_t)__builtin_popcountll(g->vetoed); \
			cnt->missing[g->sector] += (uint64_t)__builtin_popcountll(g->missing); \
			break; \
		} \
		uint64_t left = valid; \
		for (int s = 0; s < g->n_sectors && left; s++) { \
			uint64_t sm = (SECTOR_MASK) & left; \
			if (!sm) \
				continue; \
			left &= ~sm; \
			for (int i = 0; i < nv; i++) \
				cnt->units[s][vals[i]] += (uint64_t)__builtin_popcountll(sm & tm[i]); \
			cnt->vetoed[s] += (uint64_t)__builtin_popcountll(sm & g->vetoed); \
			cnt->missing[s] += (uint64_t)__builtin_popcountll(sm & g->missing); \
		} \
	} while (0)

/* ---- plain C: eight units in a 64-bit word ---------------------------------- */

/* Byte i of the result is bit i of b (0 or 1): eight units' bits as bytes. */
static inline uint64_t spread8(uint64_t b)
{
	uint64_t x = (b & 0xff) * UINT64_C(0x0101010101010101) & UINT64_C(0x8040201008040201);
	return ((x + UINT64_C(0x7f7f7f7f7f7f7f7f)) >> 7) & UINT64_C(0x0101010101010101);
}

static void results_baseline(const wuhong_policy *p, const fused_group *g, const result_rows *out, ev_counts *cnt)
{
	/* the tier held by flag count f is a sum of steps, inc[k] wherever f >= at[k] */
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t at[WUHONG_CRITERIA], inc[WUHONG_CRITERIA];
	int steps = 0;
	for (int k = 1; k <= WUHONG_CRITERIA; k++)
		if (p->tier_of_flags[k] != p->tier_of_flags[k - 1]) {
			at[steps] = (uint64_t)k * ones;
			inc[steps++] = (uint64_t)(p->tier_of_flags[k] - p->tier_of_flags[k - 1]);
		}
	const int n = g->n;
	for (int sh = 0; sh < n; sh += 8) {
		uint64_t pw = 0, mw = 0, fw = 0, tw = 0;
		for (int c = 0; c < WUHONG_CRITERIA; c++) {
			uint64_t b = spread8(g->pass[c] >> sh);
			pw |= b << c;
			fw += b;
			mw |= spread8(g->miss[c] >> sh) << c;
		}
		/* bytewise f >= at: (f | 0x80) - at keeps its high bit exactly then (f, at <= 5) */
		for (int k = 0; k < steps; k++)
			tw += ((((fw | high) - at[k]) & high) >> 7) * inc[k];
		tw &= spread8(g->ok >> sh) * 0xff; /* no tier without the prerequisite, or when vetoed */
		int len = n - sh < 8 ? n - sh : 8;
		for (int b = 0; b < len; b++) {
			unsigned tv = (unsigned)(tw >> (8 * b)) & 0xff;
			int s = g->secv ? g->secv[sh + b] : g->sector;
			out->amount[sh + b] = p->award_table[s * 8 + (int)tv];
			cnt->units[s][tv]++;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		pw = __builtin_bswap64(pw), mw = __builtin_bswap64(mw), fw = __builtin_bswap64(fw);
		tw = __builtin_bswap64(tw);
#endif
		memcpy(out->pass + sh, &pw, (size_t)len);
		memcpy(out->miss + sh, &mw, (size_t)len);
		memcpy(out->flags + sh, &fw, (size_t)len);
		memcpy(out->tier + sh, &tw, (size_t)len);
	}
	if (g->secv) {
		for (uint64_t v = g->vetoed; v; v &= v - 1)
			cnt->vetoed[g->secv[__builtin_ctzll(v)]]++;
		for (uint64_t m = g->missing; m; m &= m - 1)
			cnt->missing[g->secv[__builtin_ctzll(m)]]++;
	} else {
		cnt->vetoed[g->sector] += (uint64_t)__builtin_popcountll(g->vetoed);
		cnt->missing[g->sector] += (uint64_t)__builtin_popcountll(g->missing);
	}
}

#ifdef HAVE_X86_KERNELS
/* The distinct tier values a unit can hold (0 always among them). */
static int tier_values(const wuhong_policy *p, uint8_t vals[WUHONG_CRITERIA + 2])
{
	int nv = 0;
	vals[nv++] = 0;
	for (int k = 0; k <= WUHONG_CRITERIA; k++) {
		bool seen = false;
		for (int i = 0; i < nv; i++)
			seen |= vals[i] == p->tier_of_flags[k];
		if (!seen)
			vals[nv++] = p->tier_of_flags[k];
	}
	return nv;
}

static uint64_t valid_mask(int n)
{
	return n == MASK_GROUP ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

/* Whether a group's results go past the cache: whole, aligned cache lines
 * (the plain-C results are stored as usual: eight bytes at a time). */
static bool store_past_cache(const result_rows *out, int n)
{
	uintptr_t at = (uintptr_t)out->pass | (uintptr_t)out->miss | (uintptr_t)out->flags | (uintptr_t)out->tier |
		       (uintptr_t)out->amount;
	return out->past_cache && n == MASK_GROUP && (at & 63) == 0;
}

/* ---- AVX-512 (BW): the group's 64 units in one vector ------------------------ */

__attribute__((target("avx512f,avx512bw,popcnt")))
static void results_avx512(const wuhong_policy *p, const fused_group *g, const result_rows *out, ev_counts *cnt)
{
	const int n = g->n;
	const uint64_t valid = valid_mask(n);
	__m512i pw = _mm512_setzero_si512(), mw = pw, fw = pw;
	for (int c = 0; c < WUHONG_CRITERIA; c++) {
		const __m512i bit = _mm512_set1_epi8((char)(1 << c));
		pw = _mm512_or_si512(pw, _mm512_maskz_mov_epi8(g->pass[c], bit));
		mw = _mm512_or_si512(mw, _mm512_maskz_mov_epi8(g->miss[c], bit));
		fw = _mm512_sub_epi8(fw, _mm512_movm_epi8(g->pass[c])); /* -(-1) per pass */
	}
	uint8_t tab[16] = { 0 };
	memcpy(tab, p->tier_of_flags, sizeof p->tier_of_flags);
	const __m512i tabv = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)tab));
	const __m512i tw = _mm512_maskz_shuffle_epi8(g->ok, tabv, fw);
	const bool past = store_past_cache(out, n);
	if (past) {
		_mm512_stream_si512((void *)out->pass, pw);
		_mm512_stream_si512((void *)out->miss, mw);
		_mm512_stream_si512((void *)out->flags, fw);
		_mm512_stream_si512((void *)out->tier, tw);
	} else {
		_mm512_mask_storeu_epi8(out->pass, valid, pw);
		_mm512_mask_storeu_epi8(out->miss, valid, mw);
		_mm512_mask_storeu_epi8(out->flags, valid, fw);
		_mm512_mask_storeu_epi8(out->tier, valid, tw);
	}
	/* awards: eight units' tiers (and sectors) as 64-bit lanes, looked up */
	const __m512i aw = g->secv ? _mm512_setzero_si512() : _mm512_loadu_si512(p->award_table + g->sector * 8);
	for (int i = 0; i < n; i += 8) {
		__m128i q = _mm512_extracti32x4_epi32(tw, 0);
		switch (i >> 4) { /* the immediate must be a constant */
		case 1: q = _mm512_extracti32x4_epi32(tw, 1); break;
		case 2: q = _mm512_extracti32x4_epi32(tw, 2); break;
		case 3: q = _mm512_extracti32x4_epi32(tw, 3); break;
		}
		const __m512i ti = _mm512_cvtepu8_epi64(i & 8 ? _mm_srli_si128(q, 8) : q);
		const __mmask8 m = n - i >= 8 ? 0xff : (__mmask8)((1u << (n - i)) - 1);
		__m512i v;
		if (g->secv) {
			uint64_t s8;
			memcpy(&s8, g->secv + i, sizeof s8);
			const __m512i si = _mm512_cvtepu8_epi64(_mm_cvtsi64_si128((long long)s8));
			v = _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), m,
							_mm512_add_epi64(_mm512_slli_epi64(si, 3), ti), p->award_table, 8);
		} else {
			v = _mm512_permutexvar_epi64(ti, aw);
		}
		if (past)
			_mm512_stream_si512((void *)(out->amount + i), v);
		else
			_mm512_mask_storeu_epi64(out->amount + i, m, v);
	}
	uint8_t vals[WUHONG_CRITERIA + 2];
	int nv = tier_values(p, vals);
	uint64_t tm[WUHONG_CRITERIA + 2];
	for (int i = 0; i < nv; i++)
		tm[i] = _mm512_mask_cmpeq_epi8_mask(valid, tw, _mm512_set1_epi8((char)vals[i]));
	const __m512i sv = g->secv ? _mm512_maskz_loadu_epi8(valid, g->secv) : _mm512_setzero_si512();
	TALLY(_mm512_cmpeq_epi8_mask(sv, _mm512_set1_epi8((char)s)));
}

/* ---- AVX2: two vectors of 32 units -------------------------------------------- */

/* Byte j of the result is 0xff where bit j of m is set. */
__attribute__((target("avx2")))
static inline __m256i expand32(uint32_t m)
{
	const __m256i pick = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3,
					      3, 3, 3, 3, 3, 3);
	const __m256i bits = _mm256_set1_epi64x((long long)UINT64_C(0x8040201008040201));
	__m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)m), pick);
	return _mm256_cmpeq_epi8(_mm256_and_si256(v, bits), bits);
}

__attribute__((target("avx2,popcnt")))
static void results_avx2(const wuhong_policy *p, const fused_group *g, const result_rows *out, ev_counts *cnt)
{
	const int n = g->n;
	const uint64_t valid = valid_mask(n);
	uint8_t tab[16] = { 0 };
	memcpy(tab, p->tier_of_flags, sizeof p->tier_of_flags);
	const __m256i tabv = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tab));
	/* the group's bytes here first when it is short, then copied */
	uint8_t buf[4][MASK_GROUP], secb[MASK_GROUP];
	const bool whole = n == MASK_GROUP, past = store_past_cache(out, n);
	uint8_t *pm = whole ? out->pass : buf[0], *mm = whole ? out->miss : buf[1];
	uint8_t *fl = whole ? out->flags : buf[2], *tr = whole && !past ? out->tier : buf[3];
	uint8_t vals[WUHONG_CRITERIA + 2];
	int nv = tier_values(p, vals);
	uint64_t tm[WUHONG_CRITERIA + 2] = { 0 };
	for (int h = 0; h < 2; h++) {
		const int sh = 32 * h;
		__m256i pw = _mm256_setzero_si256(), mw = pw, fw = pw;
		for (int c = 0; c < WUHONG_CRITERIA; c++) {
			const __m256i bit = _mm256_set1_epi8((char)(1 << c)), e = expand32((uint32_t)(g->pass[c] >> sh));
			pw = _mm256_or_si256(pw, _mm256_and_si256(e, bit));
			mw = _mm256_or_si256(mw, _mm256_and_si256(expand32((uint32_t)(g->miss[c] >> sh)), bit));
			fw = _mm256_sub_epi8(fw, e);
		}
		const __m256i tw = _mm256_and_si256(_mm256_shuffle_epi8(tabv, fw), expand32((uint32_t)(g->ok >> sh)));
		if (past) { /* the tiers kept here too: the awards read them back */
			_mm256_stream_si256((__m256i *)(out->pass + sh), pw);
			_mm256_stream_si256((__m256i *)(out->miss + sh), mw);
			_mm256_stream_si256((__m256i *)(out->flags + sh), fw);
			_mm256_stream_si256((__m256i *)(out->tier + sh), tw);
			_mm256_storeu_si256((__m256i *)(tr + sh), tw);
		} else {
			_mm256_storeu_si256((__m256i *)(pm + sh), pw);
			_mm256_storeu_si256((__m256i *)(mm + sh), mw);
			_mm256_storeu_si256((__m256i *)(fl + sh), fw);
			_mm256_storeu_si256((__m256i *)(tr + sh), tw);
		}
		for (int i = 0; i < nv; i++)
			tm[i] |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
					 _mm256_cmpeq_epi8(tw, _mm256_set1_epi8((char)vals[i])))
				 << sh;
	}
	if (!whole) {
		memcpy(out->pass, pm, (size_t)n);
		memcpy(out->miss, mm, (size_t)n);
		memcpy(out->flags, fl, (size_t)n);
		memcpy(out->tier, tr, (size_t)n);
	}
	for (int i = 0; i < nv; i++)
		tm[i] &= valid;
	/* awards: four units at a time, gathered by sector and tier */
	const long long *table = (const long long *)p->award_table + (g->secv ? 0 : g->sector * 8);
	int i = 0;
	for (; i + 4 <= n; i += 4) {
		uint32_t t4, s4 = 0;
		memcpy(&t4, tr + i, sizeof t4);
		if (g->secv)
			memcpy(&s4, g->secv + i, sizeof s4);
		__m256i idx = _mm256_add_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128((int)t4)),
					       _mm256_slli_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128((int)s4)), 3));
		const __m256i v = _mm256_i64gather_epi64(table, idx, 8);
		if (past)
			_mm256_stream_si256((__m256i *)(out->amount + i), v);
		else
			_mm256_storeu_si256((__m256i *)(out->amount + i), v);
	}
	for (; i < n; i++)
		out->amount[i] = table[(g->secv ? g->secv[i] * 8 : 0) + tr[i]];
	__m256i sv[2] = { _mm256_setzero_si256(), _mm256_setzero_si256() };
	if (g->secv) {
		memset(secb, 0xff, sizeof secb);
		memcpy(secb, g->secv, (size_t)n);
		sv[0] = _mm256_loadu_si256((const __m256i *)secb);
		sv[1] = _mm256_loadu_si256((const __m256i *)(secb + 32));
	}
#define SECTOR_MASK2(s) \
	((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(sv[0], _mm256_set1_epi8((char)(s)))) | \
	 (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(sv[1], _mm256_set1_epi8((char)(s)))) << 32)
	TALLY(SECTOR_MASK2(s));
#undef SECTOR_MASK2
}
#endif

void fused_results(const wuhong_policy *p, const fused_group *g, int isa, const result_rows *out, ev_counts *cnt)
{
#ifdef HAVE_X86_KERNELS
	if (isa == MASK_AVX512)
		results_avx512(p, g, out, cnt);
	else if (isa == MASK_AVX2)
		results_avx2(p, g, out, cnt);
	else
#else
	(void)isa;
#endif
		results_baseline(p, g, out, cnt);
}

void fused_results_flush(void)
{
#ifdef HAVE_X86_KERNELS
	_mm_sfence();
#endif
}
