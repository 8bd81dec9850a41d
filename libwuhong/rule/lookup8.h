/*
 * rule/lookup8.h — each unit's constant from a table of at most eight
 * sectors, four units at a time in AVX2 registers (the block VM's merged
 * programs and the fused kernels both use it).
 */
#ifndef WUHONG_RULE_LOOKUP8_H
#define WUHONG_RULE_LOOKUP8_H

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define HAVE_AVX2_LOOKUP8 1

/*
 * Four units' constants from a table of at most eight sectors, held in two
 * registers: a permute picks each unit's double (as two 32-bit halves)
 * from the low and the high four entries, a blend chooses between them.
 */
__attribute__((target("avx2")))
static inline __m256d lookup8_avx2_4(__m256 lo, __m256 hi, const uint8_t *sec)
{
	int32_t four;
	memcpy(&four, sec, sizeof four);
	const __m256i three = _mm256_set1_epi64x(3), next_half = _mm256_set1_epi64x(INT64_C(1) << 32);
	__m256i s64 = _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(four));
	__m256i pair = _mm256_slli_epi64(_mm256_and_si256(s64, three), 1); /* 2 * (s & 3) */
	__m256i idx = _mm256_add_epi64(_mm256_or_si256(pair, _mm256_slli_epi64(pair, 32)), next_half);
	__m256d vlo = _mm256_castps_pd(_mm256_permutevar8x32_ps(lo, idx));
	__m256d vhi = _mm256_castps_pd(_mm256_permutevar8x32_ps(hi, idx));
	return _mm256_blendv_pd(vlo, vhi, _mm256_castsi256_pd(_mm256_cmpgt_epi64(s64, three)));
}

#endif

#endif
