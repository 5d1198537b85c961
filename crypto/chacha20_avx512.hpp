// The ChaCha20 AVX-512 kernel (RFC 8439 §2.3, vectorised), used by
// chacha20_avx512.cpp (the plain cipher and the fused ChaCha20-Poly1305 loops).
// Include it only inside a GLASSTLS_TARGET_BEGIN region (target_region.hpp)
// that enables AVX-512F, from code called only when CPUID reports it.
//
// The layout of chacha20_avx2.hpp, twice as wide: sixteen 512-bit registers
// x[0..15] hold the state of sixteen consecutive blocks "vertically", x[i]
// holding word i of blocks n .. n+15, one per 32-bit lane; the rounds are the
// RFC's quarter rounds on sixteen lanes per instruction. AVX-512 rotates
// 32-bit lanes in one instruction (VPROLD), where AVX2 needs a byte shuffle
// or two shifts and an OR. After the rounds, a 16x16 transpose turns "word i
// of sixteen blocks" back into "the 64 bytes of block j", one register each.
//
// CT: vector ARX and fixed permutations only; no branch or memory index
// depends on key, nonce or data.
#pragma once

#include <immintrin.h>

#include "crypto/chacha20.hpp"

namespace glasstls::crypto::chacha20_avx512 {

constexpr std::size_t kLanes = 16;
constexpr std::size_t kBatch = kLanes * kChaCha20BlockSize;  // 1024 bytes

// RFC 8439 §2.1, on sixteen lanes.
inline void quarter_round(__m512i& a, __m512i& b, __m512i& c, __m512i& d) {
  a = _mm512_add_epi32(a, b);
  d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);
  c = _mm512_add_epi32(c, d);
  b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);
  a = _mm512_add_epi32(a, b);
  d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);
  c = _mm512_add_epi32(c, d);
  b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);
}

// The block function (§2.3) for blocks counter .. counter+15: x[i] = word i of
// each. after_round(r) runs after double round r (0..9): the fused AEAD loop
// puts Poly1305 work there, for the CPU to overlap with the vector rounds.
template <typename AfterRound>
__attribute__((always_inline)) inline void sixteen_blocks(const ChaChaState& s,
                                                          std::uint32_t counter, __m512i x[16],
                                                          AfterRound&& after_round) {
  __m512i initial[16];
  for (std::size_t i = 0; i < 16; ++i) initial[i] = _mm512_set1_epi32(static_cast<int>(s[i]));
  // Word 12, the block count, is counter + lane (modulo 2^32, like the RFC's word).
  initial[12] =
      _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(counter)),
                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  for (std::size_t i = 0; i < 16; ++i) x[i] = initial[i];
  for (int round = 1; round <= 10; ++round) {
    // inner_block: the column round, then the diagonal round.
    quarter_round(x[0], x[4], x[8], x[12]);
    quarter_round(x[1], x[5], x[9], x[13]);
    quarter_round(x[2], x[6], x[10], x[14]);
    quarter_round(x[3], x[7], x[11], x[15]);
    quarter_round(x[0], x[5], x[10], x[15]);
    quarter_round(x[1], x[6], x[11], x[12]);
    quarter_round(x[2], x[7], x[8], x[13]);
    quarter_round(x[3], x[4], x[9], x[14]);
    after_round(round - 1);
  }
  // "state += initial_state"
  for (std::size_t i = 0; i < 16; ++i) x[i] = _mm512_add_epi32(x[i], initial[i]);
}

// 1024 bytes of keystream: blocks[j] = the 64 serialized bytes of block j
// (x86 stores little-endian, as §2.3's serialization asks). The transpose
// works in two steps: a 4x4 transpose of 32-bit words inside each 128-bit
// lane, for each group of four words (x[4g .. 4g+3]), leaves words 4g .. 4g+3
// of block 4L+m in lane L of a[g][m]; a 4x4 transpose of the 128-bit lanes
// then gathers the four groups of each block.
template <typename AfterRound>
__attribute__((always_inline)) inline void keystream_blocks(const ChaChaState& s,
                                                            std::uint32_t counter,
                                                            __m512i blocks[16],
                                                            AfterRound&& after_round) {
  __m512i x[16];
  sixteen_blocks(s, counter, x, after_round);
  __m512i a[4][4];
  for (int g = 0; g < 4; ++g) {
    const __m512i* w = x + 4 * g;
    const __m512i t0 = _mm512_unpacklo_epi32(w[0], w[1]);
    const __m512i t1 = _mm512_unpackhi_epi32(w[0], w[1]);
    const __m512i t2 = _mm512_unpacklo_epi32(w[2], w[3]);
    const __m512i t3 = _mm512_unpackhi_epi32(w[2], w[3]);
    a[g][0] = _mm512_unpacklo_epi64(t0, t2);
    a[g][1] = _mm512_unpackhi_epi64(t0, t2);
    a[g][2] = _mm512_unpacklo_epi64(t1, t3);
    a[g][3] = _mm512_unpackhi_epi64(t1, t3);
  }
  for (int m = 0; m < 4; ++m) {
    // _mm512_shuffle_i32x4(p, q, imm) takes its two low lanes from p and its
    // two high lanes from q, each chosen by two bits of imm.
    const __m512i s0 = _mm512_shuffle_i32x4(a[0][m], a[1][m], 0x44);  // lanes 0,1 of g=0,1
    const __m512i s1 = _mm512_shuffle_i32x4(a[0][m], a[1][m], 0xee);  // lanes 2,3 of g=0,1
    const __m512i s2 = _mm512_shuffle_i32x4(a[2][m], a[3][m], 0x44);
    const __m512i s3 = _mm512_shuffle_i32x4(a[2][m], a[3][m], 0xee);
    blocks[m] = _mm512_shuffle_i32x4(s0, s2, 0x88);       // lane 0 of each group
    blocks[4 + m] = _mm512_shuffle_i32x4(s0, s2, 0xdd);   // lane 1
    blocks[8 + m] = _mm512_shuffle_i32x4(s1, s3, 0x88);   // lane 2
    blocks[12 + m] = _mm512_shuffle_i32x4(s1, s3, 0xdd);  // lane 3
  }
}

// blocks ^= the 1024 bytes at in, stored to out (in == out allowed).
inline void xor_batch(const __m512i blocks[16], const std::uint8_t* in, std::uint8_t* out) {
  for (std::size_t j = 0; j < 16; ++j) {
    const __m512i m = _mm512_loadu_si512(in + 64 * j);
    _mm512_storeu_si512(out + 64 * j, _mm512_xor_si512(m, blocks[j]));
  }
}

}  // namespace glasstls::crypto::chacha20_avx512
