// The ChaCha20 AVX2 kernel (RFC 8439 §2.3, vectorised), shared by the plain
// cipher (chacha20_avx2.cpp) and the fused AEAD loop (chacha20_poly1305_avx2.cpp).
// Include it only from files whose functions are compiled for AVX2 and called
// only when CPUID reports it.
//
// Sixteen 256-bit registers x[0..15] hold the ChaCha state of eight consecutive
// blocks "vertically": x[i] holds word i of blocks n, n+1, ..., n+7, one per
// 32-bit lane. Then a quarter round on words (a, b, c, d) is exactly the RFC's
// §2.1 quarter round with every + ^ <<< applied to eight lanes in one
// instruction, and the column and diagonal rounds need no shuffling at all: the
// only difference between the lanes is word 12, the block counter n+lane.
// After the twenty rounds a transpose turns "word i of eight blocks" back into
// "the 64 bytes of block j", which are XORed with the input.
//
// Rotations by 16 and 8 bits are byte shuffles (vpshufb); by 12 and 7 they are
// two shifts and an OR (AVX2 has no rotate; AVX-512's vprold would do it in one).
//
// Every function here is compiled for AVX2 only (target attribute) and is only
// called when CPUID says the CPU has it (chacha20_default_xor in chacha20.cpp).
// CT: vector ARX only; no branch or memory index depends on key, nonce or data.
#pragma once

#include <immintrin.h>

#include "crypto/chacha20.hpp"

namespace glasstls::crypto::chacha20_avx2 {

constexpr std::size_t kLanes = 8;
constexpr std::size_t kBatch = kLanes * kChaCha20BlockSize;  // 512 bytes

template <int N>
__attribute__((target("avx2"))) inline __m256i rotl_shift(__m256i v) {
  return _mm256_or_si256(_mm256_slli_epi32(v, N), _mm256_srli_epi32(v, 32 - N));
}

struct Shuffles {
  __m256i rot16;
  __m256i rot8;
};

__attribute__((target("avx2"))) inline Shuffles make_shuffles() {
  // Within each 32-bit word, output byte k comes from input byte mask[k].
  return {_mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,  //
                           2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13),
          _mm256_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14,  //
                           3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14)};
}

// RFC 8439 §2.1, on eight lanes.
__attribute__((target("avx2"))) inline void quarter_round(__m256i& a, __m256i& b, __m256i& c,
                                                          __m256i& d, const Shuffles& sh) {
  a = _mm256_add_epi32(a, b);
  d = _mm256_xor_si256(d, a);
  d = _mm256_shuffle_epi8(d, sh.rot16);
  c = _mm256_add_epi32(c, d);
  b = _mm256_xor_si256(b, c);
  b = rotl_shift<12>(b);
  a = _mm256_add_epi32(a, b);
  d = _mm256_xor_si256(d, a);
  d = _mm256_shuffle_epi8(d, sh.rot8);
  c = _mm256_add_epi32(c, d);
  b = _mm256_xor_si256(b, c);
  b = rotl_shift<7>(b);
}

// The block function (§2.3) for blocks counter .. counter+7: x[i] = word i of each.
// after_round(r) runs after double round r (0..9): the fused AEAD loop puts
// Poly1305 work there, for the CPU to overlap with the vector rounds.
template <typename AfterRound>
__attribute__((target("avx2"))) inline void eight_blocks(const ChaChaState& s,
                                                         std::uint32_t counter, __m256i x[16],
                                                         AfterRound&& after_round) {
  const Shuffles sh = make_shuffles();
  __m256i initial[16];
  for (std::size_t i = 0; i < 16; ++i) initial[i] = _mm256_set1_epi32(static_cast<int>(s[i]));
  // Word 12, the block count, is counter + lane (modulo 2^32, like the RFC's word).
  initial[12] = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(counter)),
                                 _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  for (std::size_t i = 0; i < 16; ++i) x[i] = initial[i];
  for (int round = 1; round <= 10; ++round) {
    // inner_block: the column round, then the diagonal round.
    quarter_round(x[0], x[4], x[8], x[12], sh);
    quarter_round(x[1], x[5], x[9], x[13], sh);
    quarter_round(x[2], x[6], x[10], x[14], sh);
    quarter_round(x[3], x[7], x[11], x[15], sh);
    quarter_round(x[0], x[5], x[10], x[15], sh);
    quarter_round(x[1], x[6], x[11], x[12], sh);
    quarter_round(x[2], x[7], x[8], x[13], sh);
    quarter_round(x[3], x[4], x[9], x[14], sh);
    after_round(round - 1);
  }
  // "state += initial_state"
  for (std::size_t i = 0; i < 16; ++i) x[i] = _mm256_add_epi32(x[i], initial[i]);
}

// Transposes eight registers w[0..7] (word k of blocks 0..7 in w[k]) into
// b[j] = words 0..7 of block j, which is 32 bytes of serialized keystream
// (x86 stores little-endian, as §2.3's serialization asks).
__attribute__((target("avx2"))) inline void transpose8(const __m256i w[8], __m256i b[8]) {
  // Interleave pairs of words: t0 holds (w0,w1) of blocks 0,1 | 4,5; t1 of 2,3 | 6,7.
  const __m256i t0 = _mm256_unpacklo_epi32(w[0], w[1]);
  const __m256i t1 = _mm256_unpackhi_epi32(w[0], w[1]);
  const __m256i t2 = _mm256_unpacklo_epi32(w[2], w[3]);
  const __m256i t3 = _mm256_unpackhi_epi32(w[2], w[3]);
  const __m256i t4 = _mm256_unpacklo_epi32(w[4], w[5]);
  const __m256i t5 = _mm256_unpackhi_epi32(w[4], w[5]);
  const __m256i t6 = _mm256_unpacklo_epi32(w[6], w[7]);
  const __m256i t7 = _mm256_unpackhi_epi32(w[6], w[7]);
  // Words 0-3 (u) and 4-7 (v) of block j in the low half, of block j+4 in the high.
  const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), v0 = _mm256_unpacklo_epi64(t4, t6);
  const __m256i u1 = _mm256_unpackhi_epi64(t0, t2), v1 = _mm256_unpackhi_epi64(t4, t6);
  const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), v2 = _mm256_unpacklo_epi64(t5, t7);
  const __m256i u3 = _mm256_unpackhi_epi64(t1, t3), v3 = _mm256_unpackhi_epi64(t5, t7);
  b[0] = _mm256_permute2x128_si256(u0, v0, 0x20);
  b[4] = _mm256_permute2x128_si256(u0, v0, 0x31);
  b[1] = _mm256_permute2x128_si256(u1, v1, 0x20);
  b[5] = _mm256_permute2x128_si256(u1, v1, 0x31);
  b[2] = _mm256_permute2x128_si256(u2, v2, 0x20);
  b[6] = _mm256_permute2x128_si256(u2, v2, 0x31);
  b[3] = _mm256_permute2x128_si256(u3, v3, 0x20);
  b[7] = _mm256_permute2x128_si256(u3, v3, 0x31);
}

// 512 bytes of keystream in memory order: row 2j is the first half of block j,
// row 2j+1 the second.
template <typename AfterRound>
__attribute__((target("avx2"))) inline void keystream_rows(const ChaChaState& s,
                                                           std::uint32_t counter, __m256i rows[16],
                                                           AfterRound&& after_round) {
  __m256i x[16];
  eight_blocks(s, counter, x, after_round);
  __m256i first[8], second[8];
  transpose8(x, first);
  transpose8(x + 8, second);
  for (std::size_t j = 0; j < kLanes; ++j) {
    rows[2 * j] = first[j];
    rows[2 * j + 1] = second[j];
  }
}

// rows ^= the 512 bytes at in, stored to out (in == out allowed).
__attribute__((target("avx2"))) inline void xor_batch(const __m256i rows[16],
                                                      const std::uint8_t* in, std::uint8_t* out) {
  for (std::size_t r = 0; r < 16; ++r) {
    const __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + 32 * r));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32 * r), _mm256_xor_si256(m, rows[r]));
  }
}

}  // namespace glasstls::crypto::chacha20_avx2
