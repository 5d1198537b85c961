// The body of the SHA-512 backends that compute the message schedule on
// vectors, two blocks at once, and the rounds in scalar code with BMI2's RORX
// (round_short_path in sha512_round.hpp):
// sha512_avx2.cpp and sha512_avx512.cpp. They differ only in how sigma0 and
// sigma1 (FIPS 180-4 (4.12), (4.13)) are computed on four words, which each
// supplies as a policy class `Sigmas` with static sigma0(__m256i), sigma1(__m256i).
//
// The rounds of FIPS 180-4 §6.4.2 are a chain of 64-bit operations that
// vectors cannot shorten, but the message schedule (step 1) is independent of
// the state and costs almost as much again. Here it runs on 256-bit vectors
// for two blocks at once: each register holds two consecutive schedule words
// of block i in its low 128-bit lane and the same two words of block i+1 in
// its high lane, so one pass of vector code yields four words. Two words per
// block is as far as one step can go: W[t+1] needs W[t-1], but not W[t].
//
// The schedule words plus K go to a table on the stack. Block i's rounds run
// interleaved with the schedule (which stays 16 words ahead of them, so the
// vector and scalar units work side by side); block i+1's rounds then read the
// table alone. A last odd block is scheduled in both lanes and its second copy
// ignored.
//
// Include this header inside a GLASSTLS_TARGET_BEGIN region (target_region.hpp)
// that enables at least AVX2 and BMI2: its functions take their instruction
// set from there.
// They live in an unnamed namespace, so each backend's file has its own copy,
// compiled for its own instruction set.
// CT: no branch or memory index depends on the data; only the block count.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "crypto/sha512_round.hpp"

namespace glasstls::crypto::sha512 {
namespace {

// Words W[2j], W[2j+1] of both blocks (see above), from the eight registers
// holding W[2j-16 .. 2j-1], x[k % 8] = W[2k], W[2k+1]:
//   W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16]     (6.4.2 step 1)
// ALIGNR shifts within each 128-bit lane, so the blocks never mix.
template <class Sigmas>
inline void schedule_step(__m256i x[8], int j) {
  const __m256i w16 = x[j & 7];                                              // W[t-16], W[t-15]
  const __m256i w15 = _mm256_alignr_epi8(x[(j + 1) & 7], w16, 8);            // W[t-15], W[t-14]
  const __m256i w7 = _mm256_alignr_epi8(x[(j + 5) & 7], x[(j + 4) & 7], 8);  // W[t-7], W[t-6]
  const __m256i w2 = x[(j + 7) & 7];                                         // W[t-2], W[t-1]
  x[j & 7] = _mm256_add_epi64(_mm256_add_epi64(w16, Sigmas::sigma0(w15)),
                              _mm256_add_epi64(w7, Sigmas::sigma1(w2)));
}

// K[2j], K[2j+1] in both lanes.
inline __m256i k_pair(int j) {
  return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(K + 2 * j)));
}

// Eight rounds (see sha512.cpp), which bring the renamed variables v[0..7] =
// a..h back home. wk points to W[t] + K[t] for the first of them in the
// table, where the four words at wk[4j] are the first block's W[2j] + K[2j],
// W[2j+1] + K[2j+1], then the second block's.
// b_xor_c is b ^ c of the first round's variables (see round_short_path).
__attribute__((always_inline)) inline void eight_rounds(std::uint64_t (&v)[8],
                                                        const std::uint64_t* wk,
                                                        std::uint64_t& b_xor_c) {
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    round_short_path(v[(8 - i) & 7], v[(9 - i) & 7], v[(10 - i) & 7], v[(11 - i) & 7],
                     v[(12 - i) & 7], v[(13 - i) & 7], v[(14 - i) & 7], v[(15 - i) & 7],
                     wk[4 * (i >> 1) + (i & 1)], b_xor_c);
  }
}

// Schedules words 2j .. 2j+7 of both blocks (j a multiple of 4) into x and
// their sums with K into the table.
template <class Sigmas>
__attribute__((always_inline)) inline void schedule_eight(__m256i x[8], std::uint64_t* wk, int j) {
#pragma GCC unroll 4
  for (int s = 0; s < 4; ++s) {
    schedule_step<Sigmas>(x, j + s);
    _mm256_store_si256(reinterpret_cast<__m256i*>(wk + 4 * (j + s)),
                       _mm256_add_epi64(x[(j + s) & 7], k_pair(j + s)));
  }
}

// Compresses n blocks (FIPS 180-4 §6.4.2), two at a time.
template <class Sigmas>
void compress_two_blocks(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n) {
  // Big-endian words: reverse the bytes of each 64-bit element.
  const __m256i byteswap = _mm256_set_epi64x(0x08090a0b0c0d0e0f, 0x0001020304050607,
                                             0x08090a0b0c0d0e0f, 0x0001020304050607);
  alignas(32) std::uint64_t wk[4 * 40];
  while (n > 0) {
    const std::uint8_t* second = n >= 2 ? blocks + 128 : blocks;  // n is public
    __m256i x[8];
    for (int j = 0; j < 8; ++j) {
      const __m256i both = _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(second + 16 * j),
                                               reinterpret_cast<const __m128i*>(blocks + 16 * j));
      x[j] = _mm256_shuffle_epi8(both, byteswap);
      _mm256_store_si256(reinterpret_cast<__m256i*>(wk + 4 * j), _mm256_add_epi64(x[j], k_pair(j)));
    }

    std::uint64_t v[8];
    for (int i = 0; i < 8; ++i) v[i] = state[i];
    std::uint64_t b_xor_c = v[1] ^ v[2];
    // The first block's rounds 16k .. 16k+15 use words up to 16k+15; meanwhile
    // the schedule computes words 16k+16 .. 16k+31, eight at a time.
    for (int k = 0; k < 4; ++k) {
      schedule_eight<Sigmas>(x, wk, 8 * k + 8);
      eight_rounds(v, wk + 32 * k, b_xor_c);
      schedule_eight<Sigmas>(x, wk, 8 * k + 12);
      eight_rounds(v, wk + 32 * k + 16, b_xor_c);
    }
    eight_rounds(v, wk + 128, b_xor_c);
    eight_rounds(v, wk + 144, b_xor_c);
    for (int i = 0; i < 8; ++i) state[i] = v[i] += state[i];
    if (n == 1) break;

    // The second block, from the table alone.
    b_xor_c = v[1] ^ v[2];
    for (int r = 0; r < 10; ++r) eight_rounds(v, wk + 16 * r + 2, b_xor_c);
    for (int i = 0; i < 8; ++i) state[i] += v[i];
    blocks += 256;
    n -= 2;
  }
}

}  // namespace
}  // namespace glasstls::crypto::sha512
