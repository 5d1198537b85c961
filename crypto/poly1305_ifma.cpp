// Poly1305 with AVX-512 IFMA, eight blocks per pass: see poly1305_ifma.hpp.
//
// Compiled for AVX-512F and IFMA here only; Poly1305 calls it only when it was
// made with the ifma option, which the AEAD sets only when CPUID reports
// AVX-512F, VL and IFMA and GLASSTLS_PORTABLE is not set.
#include "crypto/poly1305_ifma.hpp"

#include <immintrin.h>

#include "crypto/ct.hpp"
#include "crypto/poly1305_halves.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_AVX512_BEGIN("avx2,avx512f,avx512ifma")

namespace glasstls::crypto {
namespace {

using poly1305_halves::kMask42;
using poly1305_halves::kMask44;
using poly1305_halves::Radix44;

// Eight numbers, one per 64-bit lane, in radix 2^44: l0 + l1 2^44 + l2 2^88.
struct Lanes {
  __m512i l0, l1, l2;
};

// A multiplier per lane: its limbs and 20 times its upper two, which fold the
// products at 2^132 and above (2^132 = 4 * 2^130 = 20 mod p).
struct Multiplier {
  __m512i r0, r1, r2, s1, s2;
};

// The eight powers, power[j] in lane j.
Lanes lanes_of(const Radix44 (&power)[8]) {
  alignas(64) std::uint64_t limbs[3][8];
  for (std::size_t j = 0; j < 8; ++j) {
    limbs[0][j] = power[j].l0;
    limbs[1][j] = power[j].l1;
    limbs[2][j] = power[j].l2;
  }
  const Lanes out{_mm512_load_si512(limbs[0]), _mm512_load_si512(limbs[1]),
                  _mm512_load_si512(limbs[2])};
  ct::secure_wipe(limbs, sizeof limbs);
  return out;
}

// v in every lane.
Lanes broadcast(const Radix44& v) {
  return {_mm512_set1_epi64(static_cast<long long>(v.l0)),
          _mm512_set1_epi64(static_cast<long long>(v.l1)),
          _mm512_set1_epi64(static_cast<long long>(v.l2))};
}

// v in lane 0, 0 in the others.
Lanes in_lane0(const Radix44& v) {
  return {_mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, static_cast<long long>(v.l0)),
          _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, static_cast<long long>(v.l1)),
          _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, static_cast<long long>(v.l2))};
}

__m512i times20(__m512i x) {
  return _mm512_add_epi64(_mm512_slli_epi64(x, 4), _mm512_slli_epi64(x, 2));
}

Multiplier multiplier(const Lanes& p) {
  return {p.l0, p.l1, p.l2, times20(p.l1), times20(p.l2)};
}

// Blocks 8i .. 8i+7 at m, block j in lane j, each with 2^128's bit: RFC 8439
// §2.5.1's "n = le_bytes_to_num(msg[...] | [0x01])".
Lanes load_blocks(const std::uint8_t* m) {
  const __m512i a = _mm512_loadu_si512(m), b = _mm512_loadu_si512(m + 64);
  const __m512i low = _mm512_permutex2var_epi64(a, _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0), b);
  const __m512i high =
      _mm512_permutex2var_epi64(a, _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1), b);
  const __m512i mask44 = _mm512_set1_epi64(kMask44);
  return {_mm512_and_si512(low, mask44),
          _mm512_and_si512(
              _mm512_or_si512(_mm512_srli_epi64(low, 44), _mm512_slli_epi64(high, 20)), mask44),
          _mm512_or_si512(_mm512_srli_epi64(high, 24), _mm512_set1_epi64(std::int64_t{1} << 40))};
}

// lo += the low 52 bits of a * b, hi += its high 52 bits (lane by lane).
inline void madd(__m512i& lo, __m512i& hi, __m512i a, __m512i b) {
  lo = _mm512_madd52lo_epu64(lo, a, b);
  hi = _mm512_madd52hi_epu64(hi, a, b);
}

// h * r mod p per lane, partially reduced (l0, l2 within 44 and 42 bits, l1
// within 44 plus a small carry). The inputs must be below 2^52 per limb.
//   d0 = h0 r0 + h1 20 r2 + h2 20 r1      at 2^0
//   d1 = h0 r1 + h1 r0    + h2 20 r2      at 2^44
//   d2 = h0 r2 + h1 r1    + h2 r0         at 2^88
// Each d is kept as the sum of its products' low 52 bits (lo) and of their
// high 52 bits (hi, worth hi * 2^52). Bounds: h's limbs are below 2^45 (a
// carried accumulator plus a block), r's below 2^45 and 20 r's below 2^50,
// so each product is below 2^95: every lo sum stays below 2^54 and every hi
// sum below 2^45, and after the carries l0 < 2^44, l1 < 2^44 + 2^15 and
// l2 < 2^42, well inside VPMADD52's 52-bit inputs for the next pass.
Lanes multiply(const Lanes& h, const Multiplier& r) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i d0lo = zero, d0hi = zero, d1lo = zero, d1hi = zero, d2lo = zero, d2hi = zero;
  madd(d0lo, d0hi, h.l0, r.r0);
  madd(d1lo, d1hi, h.l0, r.r1);
  madd(d2lo, d2hi, h.l0, r.r2);
  madd(d0lo, d0hi, h.l1, r.s2);
  madd(d1lo, d1hi, h.l1, r.r0);
  madd(d2lo, d2hi, h.l1, r.r1);
  madd(d0lo, d0hi, h.l2, r.s1);
  madd(d1lo, d1hi, h.l2, r.s2);
  madd(d2lo, d2hi, h.l2, r.r0);
  // Carries d0 -> d1 -> d2: d >> 44 is (lo >> 44) + (hi << 8), since hi
  // counts 2^52 = 2^8 * 2^44; what passes 2^130 (d2 >> 42) comes back * 5.
  const __m512i mask44 = _mm512_set1_epi64(kMask44);
  Lanes out;
  d1lo = _mm512_add_epi64(d1lo, _mm512_add_epi64(_mm512_srli_epi64(d0lo, 44),
                                                 _mm512_slli_epi64(d0hi, 8)));
  out.l0 = _mm512_and_si512(d0lo, mask44);
  d2lo = _mm512_add_epi64(d2lo, _mm512_add_epi64(_mm512_srli_epi64(d1lo, 44),
                                                 _mm512_slli_epi64(d1hi, 8)));
  out.l1 = _mm512_and_si512(d1lo, mask44);
  const __m512i c = _mm512_add_epi64(_mm512_srli_epi64(d2lo, 42), _mm512_slli_epi64(d2hi, 10));
  out.l2 = _mm512_and_si512(d2lo, _mm512_set1_epi64(kMask42));
  out.l0 = _mm512_add_epi64(out.l0, _mm512_add_epi64(c, _mm512_slli_epi64(c, 2)));
  out.l1 = _mm512_add_epi64(out.l1, _mm512_srli_epi64(out.l0, 44));
  out.l0 = _mm512_and_si512(out.l0, mask44);
  return out;
}

Lanes add(const Lanes& a, const Lanes& b) {
  return {_mm512_add_epi64(a.l0, b.l0), _mm512_add_epi64(a.l1, b.l1),
          _mm512_add_epi64(a.l2, b.l2)};
}

// The sum of the lanes (each limb below 2^46, so no overflow), carried.
Radix44 sum_lanes(const Lanes& h) {
  const std::uint64_t s0 = static_cast<std::uint64_t>(_mm512_reduce_add_epi64(h.l0));
  std::uint64_t s1 = static_cast<std::uint64_t>(_mm512_reduce_add_epi64(h.l1));
  std::uint64_t s2 = static_cast<std::uint64_t>(_mm512_reduce_add_epi64(h.l2));
  s1 += s0 >> 44;
  s2 += s1 >> 44;
  return poly1305_halves::carry(s0 & kMask44, s1 & kMask44, s2);
}

}  // namespace

std::size_t poly1305_blocks_ifma(Poly1305Core& core, const std::uint8_t* m, std::size_t n) {
  const std::size_t passes = n / kPoly1305IfmaLanes;
  if (passes == 0) return 0;  // public: the length
  // power[k] = r^(k+1), for k = 0..7; last[j] = r^(8-j), lane j's power in
  // the last pass.
  Radix44 power[8], last[8];
  power[0] = poly1305_halves::to_radix44(core.r0, core.r1, 0);
  for (std::size_t k = 1; k < 8; ++k) power[k] = poly1305_halves::mul(power[k - 1], power[0]);
  for (std::size_t j = 0; j < 8; ++j) last[j] = power[7 - j];
  Radix44 r16 = poly1305_halves::mul(power[7], power[7]);
  const Lanes last_lanes = lanes_of(last);
  Multiplier by_last8 = multiplier(last_lanes);
  Multiplier by_r8 = multiplier(broadcast(power[7]));
  Multiplier by_r16 = multiplier(broadcast(r16));
  Multiplier by_last16 = multiplier(multiply(last_lanes, by_r8));  // lane j: r^(16-j)

  constexpr std::size_t kPassBytes = kPoly1305IfmaLanes * Poly1305::kBlockSize;
  Radix44 h = poly1305_halves::to_radix44(core.h0, core.h1, core.h2);
  // An odd pass first, on its own: lane 0 starts from the accumulator, the
  // others from 0, and lane j is multiplied by r^(8-j).
  if (passes % 2 == 1) {  // public: the length
    h = sum_lanes(multiply(add(in_lane0(h), load_blocks(m)), by_last8));
    m += kPassBytes;
  }
  // Then pairs of passes as two independent sets of lanes (a: the first 8
  // blocks of each 16, b: the last 8), each multiplied by r^16, so that one
  // set's multiplications run while the other's wait; at the end a's lane j
  // is multiplied by r^(16-j) and b's by r^(8-j).
  const std::size_t pairs = passes / 2;
  if (pairs > 0) {  // public: the length
    Lanes a = in_lane0(h), b = in_lane0(Radix44{0, 0, 0});
    for (std::size_t i = 0; i + 1 < pairs; ++i, m += 2 * kPassBytes) {
      a = multiply(add(a, load_blocks(m)), by_r16);
      b = multiply(add(b, load_blocks(m + kPassBytes)), by_r16);
    }
    a = multiply(add(a, load_blocks(m)), by_last16);
    b = multiply(add(b, load_blocks(m + kPassBytes)), by_last8);
    h = sum_lanes(add(a, b));
  }
  poly1305_halves::to_core(h, core);

  ct::secure_wipe(power, sizeof power);
  ct::secure_wipe(last, sizeof last);
  ct::secure_wipe(&r16, sizeof r16);
  ct::secure_wipe(&by_last8, sizeof by_last8);
  ct::secure_wipe(&by_r8, sizeof by_r8);
  ct::secure_wipe(&by_r16, sizeof by_r16);
  ct::secure_wipe(&by_last16, sizeof by_last16);
  return passes * kPoly1305IfmaLanes;
}

}  // namespace glasstls::crypto

GLASSTLS_AVX512_END()
