// Carry-less-multiply building blocks for GHASH on x86 (internal to crypto/).
//
// PCLMULQDQ multiplies two 64-bit halves without carries into a 128-bit
// product. A 128x128 product takes four of them (schoolbook), accumulated
// unreduced in three registers (low, middle, high); several blocks can share
// one reduction ("aggregated reduction"): with powers of H precomputed,
//   Y' = (Y ^ X1) H^n ^ X2 H^(n-1) ^ ... ^ Xn H
// is n products summed and reduced once. The reduction is the two 64-bit
// folds with 0xC2000000_00000000 described in crypto/ghash.hpp.
//
// Header-only so that the stitched GCM loops can inline them; each function
// carries the target attribute of the instructions it uses.
#pragma once

#include <immintrin.h>

#include <cstdint>

#define GLASSTLS_CLMUL __attribute__((target("pclmul,sse4.1,ssse3")))
#define GLASSTLS_VCLMUL __attribute__((target("vpclmulqdq,pclmul,avx2,sse4.1,ssse3")))

namespace glasstls::crypto::clmul {

struct Acc {
  __m128i lo, mid, hi;
};

GLASSTLS_CLMUL inline __m128i bswap_mask() {
  return _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

GLASSTLS_CLMUL inline Acc zero_acc() {
  return {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
}

// acc += a * b, unreduced.
GLASSTLS_CLMUL inline void mul_acc(Acc& acc, __m128i a, __m128i b) {
  acc.lo = _mm_xor_si128(acc.lo, _mm_clmulepi64_si128(a, b, 0x00));
  acc.hi = _mm_xor_si128(acc.hi, _mm_clmulepi64_si128(a, b, 0x11));
  acc.mid = _mm_xor_si128(
      acc.mid, _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01), _mm_clmulepi64_si128(a, b, 0x10)));
}

// Adds the clear 0x..C2.. multiple that empties the low 64 bits, then drops them.
GLASSTLS_CLMUL inline __m128i fold(__m128i v) {
  const __m128i c = _mm_set_epi64x(0, static_cast<long long>(0xC200000000000000ULL));
  return _mm_xor_si128(_mm_shuffle_epi32(v, 0x4E), _mm_clmulepi64_si128(v, c, 0x00));
}

// The reflected field element of the 256-bit product hi:mid:lo.
GLASSTLS_CLMUL inline __m128i reduce(const Acc& acc) {
  const __m128i vlo = _mm_xor_si128(acc.lo, _mm_slli_si128(acc.mid, 8));
  const __m128i vhi = _mm_xor_si128(acc.hi, _mm_srli_si128(acc.mid, 8));
  return _mm_xor_si128(vhi, fold(fold(vlo)));
}

GLASSTLS_CLMUL inline __m128i mul(__m128i a, __m128i b) {
  Acc acc = zero_acc();
  mul_acc(acc, a, b);
  return reduce(acc);
}

// 256-bit versions: two independent 128-bit lanes at once.
struct Acc2 {
  __m256i lo, mid, hi;
};

GLASSTLS_VCLMUL inline Acc2 zero_acc2() {
  return {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
}

GLASSTLS_VCLMUL inline void mul_acc2(Acc2& acc, __m256i a, __m256i b) {
  acc.lo = _mm256_xor_si256(acc.lo, _mm256_clmulepi64_epi128(a, b, 0x00));
  acc.hi = _mm256_xor_si256(acc.hi, _mm256_clmulepi64_epi128(a, b, 0x11));
  acc.mid = _mm256_xor_si256(acc.mid, _mm256_xor_si256(_mm256_clmulepi64_epi128(a, b, 0x01),
                                                       _mm256_clmulepi64_epi128(a, b, 0x10)));
}

GLASSTLS_VCLMUL inline __m128i sum_lanes(__m256i v) {
  return _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
}

// Sums the two lanes (reduction is linear, so sum first, reduce once).
GLASSTLS_VCLMUL inline __m128i reduce2(const Acc2& acc) {
  return reduce(Acc{sum_lanes(acc.lo), sum_lanes(acc.mid), sum_lanes(acc.hi)});
}

}  // namespace glasstls::crypto::clmul
