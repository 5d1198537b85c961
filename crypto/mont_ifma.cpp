// Two 1024-bit modular exponentiations at once with AVX-512 IFMA: the CRT
// halves of an RSA-2048 private operation. The design is OpenSSL's
// rsaz-2k-avx512 (S. Gueron and V. Krasnov, "Accelerating Big Integer
// Arithmetic Using Intel IFMA Extensions", ARITH 2016): radix 2^52, an almost
// Montgomery multiplication, both halves interleaved so that one half's
// multiplications fill the other's waiting cycles. The portable reference is
// mont.cpp's mul_mont() and modexp(); read them first.
//
// Compiled for AVX-512F/VL/IFMA here only; mont::modexp_pair() calls it only
// when CPUID reports IFMA and VL and GLASSTLS_PORTABLE is not set.
//
// CT: no branch and no memory address depends on a modulus, a base or an
// exponent: the loops run a fixed number of times, the window bits are read
// at public positions, each window reads the whole table and keeps one entry
// with masks, the carries are resolved with mask arithmetic, and the one
// conditional subtraction at the end is mont::add()'s masked select.
#include "crypto/mont_ifma.hpp"

#include <immintrin.h>

#include "crypto/ct.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_TARGET_BEGIN("avx2,bmi2,avx512f,avx512vl,avx512ifma")

namespace glasstls::crypto::mont {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr std::size_t kLimbs64 = 16;  // a 1024-bit modulus in 64-bit limbs
constexpr std::size_t kLimbs = 20;    // ... in 52-bit limbs: 1040 bits
constexpr std::size_t kRegs = 5;      // four limbs per 256-bit register
constexpr Limb kMask52 = (Limb{1} << 52) - 1;
constexpr std::size_t kWindow = 5, kEntries = std::size_t{1} << kWindow;

// A number below 2^1040 in radix 2^52: limb i holds bits 52i..52i+51.
struct alignas(32) Num52 {
  Limb v[kLimbs];
};

// A modulus in radix 2^52 and k0 = -m^-1 mod 2^52 (the low 52 bits of
// Modulus::m0inv(), which is -m^-1 mod 2^64).
struct Mod52 {
  Num52 m;
  Limb k0;
};

// 16 64-bit limbs -> 20 52-bit limbs.
void to_radix52(Num52& out, const Limb* in) {
  for (std::size_t i = 0; i < kLimbs; ++i) {
    const std::size_t bit = 52 * i, w = bit / 64, s = bit % 64;
    Limb v = in[w] >> s;
    if (s > 12 && w + 1 < kLimbs64) v |= in[w + 1] << (64 - s);  // limb spans two words
    out.v[i] = v & kMask52;
  }
}

// 20 52-bit limbs (a value below 2^1024) -> 16 64-bit limbs.
void from_radix52(Limb* out, const Num52& in) {
  for (std::size_t w = 0; w < kLimbs64; ++w) out[w] = 0;
  for (std::size_t i = 0; i < kLimbs; ++i) {
    const std::size_t bit = 52 * i, w = bit / 64, s = bit % 64;
    out[w] |= in.v[i] << s;
    if (s > 12 && w + 1 < kLimbs64) out[w + 1] |= in.v[i] >> (64 - s);
  }
}

// The accumulator of one almost Montgomery multiplication: 20 lanes of up to
// 64 bits (unnormalized limbs), lane 0 of r[0] replaced by the scalar low.
struct Acc {
  __m256i r[kRegs];
  Limb low;
};

// One step of the word-by-word Montgomery multiplication (HAC 14.36, radix
// 2^52): acc = (acc + a b_i + m y) / 2^52 with y chosen so that the division
// is exact. The low limb is tracked in a scalar, where a_0 b_i and m_0 y are
// exact 104-bit products, so y and the carry out of the low limb come from
// scalar arithmetic; the vector lanes 1..19 hold the rest, and lane 1 moves to
// the scalar once per step, right after the shift.
__attribute__((always_inline)) inline void amm_step(Acc& acc, const Num52& a, const Mod52& mod,
                                                    Limb bi) {
  const __m256i b = _mm256_set1_epi64x(static_cast<long long>(bi));
  u128 t = static_cast<u128>(a.v[0]) * bi + acc.low;
  const Limb y = (static_cast<Limb>(t) * mod.k0) & kMask52;  // t + m_0 y == 0 mod 2^52
  const __m256i yv = _mm256_set1_epi64x(static_cast<long long>(y));
  t += static_cast<u128>(mod.m.v[0]) * y;
  const Limb carry = static_cast<Limb>(t >> 52);  // exact: t's low 52 bits are zero
  for (std::size_t k = 0; k < kRegs; ++k) {
    const __m256i ak = _mm256_load_si256(reinterpret_cast<const __m256i*>(a.v + 4 * k));
    const __m256i mk = _mm256_load_si256(reinterpret_cast<const __m256i*>(mod.m.v + 4 * k));
    acc.r[k] = _mm256_madd52lo_epu64(acc.r[k], ak, b);
    acc.r[k] = _mm256_madd52lo_epu64(acc.r[k], mk, yv);
  }
  // Divide by 2^52: every lane moves down one place (lane 0 is dropped: the
  // scalar has it), and the new low limb is lane 1 plus the scalar's carry.
  const __m256i zero = _mm256_setzero_si256();
  for (std::size_t k = 0; k + 1 < kRegs; ++k) {
    acc.r[k] = _mm256_alignr_epi64(acc.r[k + 1], acc.r[k], 1);
  }
  acc.r[kRegs - 1] = _mm256_alignr_epi64(zero, acc.r[kRegs - 1], 1);
  acc.low = carry + static_cast<Limb>(_mm_cvtsi128_si64(_mm256_castsi256_si128(acc.r[0])));
  // The high halves of the products land one place up, i.e. in place now.
  // (Lane 0's high halves are already in the scalar's carry.)
  for (std::size_t k = 0; k < kRegs; ++k) {
    const __m256i ak = _mm256_load_si256(reinterpret_cast<const __m256i*>(a.v + 4 * k));
    const __m256i mk = _mm256_load_si256(reinterpret_cast<const __m256i*>(mod.m.v + 4 * k));
    acc.r[k] = _mm256_madd52hi_epu64(acc.r[k], ak, b);
    acc.r[k] = _mm256_madd52hi_epu64(acc.r[k], mk, yv);
  }
}

// The accumulator as 20 limbs below 2^52 each, in out. Each lane is below 2^60
// (20 steps add at most four 52-bit values to it), and the value is below
// 2^1040, so no carry leaves lane 19.
// CT: one shift-and-add pass leaves each lane below 2^52 + 2^12; the carries
// that are left (0 or 1 per lane, rippling through lanes equal to 2^52 - 1)
// are resolved as in an adder: with generate and propagate bit masks,
// c = ((g << 1) + p) ^ p gives the lanes that receive a carry. No branch.
__attribute__((always_inline)) inline void normalize(Num52& out, Acc& acc) {
  const __m256i mask = _mm256_set1_epi64x(static_cast<long long>(kMask52));
  const __m256i zero = _mm256_setzero_si256();
  acc.r[0] = _mm256_mask_set1_epi64(acc.r[0], 1, static_cast<long long>(acc.low));
  __m256i hi[kRegs];
  for (std::size_t k = 0; k < kRegs; ++k) {
    hi[k] = _mm256_srli_epi64(acc.r[k], 52);
    acc.r[k] = _mm256_and_si256(acc.r[k], mask);
  }
  // Lane i gets lane i-1's carry: shift the carries up one lane.
  for (std::size_t k = kRegs; k-- > 0;) {
    const __m256i below = k == 0 ? zero : hi[k - 1];
    acc.r[k] = _mm256_add_epi64(acc.r[k], _mm256_alignr_epi64(hi[k], below, 3));
  }
  unsigned g = 0, p = 0;
  for (std::size_t k = 0; k < kRegs; ++k) {
    g |= static_cast<unsigned>(_mm256_cmpgt_epu64_mask(acc.r[k], mask)) << (4 * k);
    p |= static_cast<unsigned>(_mm256_cmpeq_epu64_mask(acc.r[k], mask)) << (4 * k);
  }
  const unsigned c = ((g << 1) + p) ^ p;
  const __m256i one = _mm256_set1_epi64x(1);
  for (std::size_t k = 0; k < kRegs; ++k) {
    const __mmask8 ck = static_cast<__mmask8>((c >> (4 * k)) & 0xf);
    acc.r[k] = _mm256_and_si256(_mm256_mask_add_epi64(acc.r[k], ck, acc.r[k], one), mask);
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.v + 4 * k), acc.r[k]);
  }
}

// Almost Montgomery multiplication, two independent products at once:
//   out = a b / 2^1040 mod m, represented by a value below a b / 2^1040 + m.
// With a, b < 2m and 4m <= 2^1040 that is below 2m, so outputs feed inputs
// without a subtraction. Outputs may alias inputs (they are written last).
void amm_x2(Num52& out_a, const Num52& a_a, const Num52& b_a, const Mod52& m_a, Num52& out_b,
            const Num52& a_b, const Num52& b_b, const Mod52& m_b) {
  Acc x{}, y{};
  for (std::size_t i = 0; i < kLimbs; ++i) {
    amm_step(x, a_a, m_a, b_a.v[i]);
    amm_step(y, a_b, m_b, b_b.v[i]);
  }
  normalize(out_a, x);
  normalize(out_b, y);
}

// out = table[index], reading every entry. CT: the index only forms masks.
void select_entry(Num52& out, const Num52* table, Limb index) {
  const __m256i want = _mm256_set1_epi64x(static_cast<long long>(index));
  __m256i r[kRegs];
  for (std::size_t k = 0; k < kRegs; ++k) r[k] = _mm256_setzero_si256();
  for (std::size_t e = 0; e < kEntries; ++e) {
    const __m256i hit = _mm256_cmpeq_epi64(_mm256_set1_epi64x(static_cast<long long>(e)), want);
    for (std::size_t k = 0; k < kRegs; ++k) {
      const __m256i v = _mm256_load_si256(reinterpret_cast<const __m256i*>(table[e].v + 4 * k));
      r[k] = _mm256_or_si256(r[k], _mm256_and_si256(hit, v));
    }
  }
  for (std::size_t k = 0; k < kRegs; ++k) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.v + 4 * k), r[k]);
  }
}

// Bits 5w..5w+4 of exp (16 limbs). CT: the positions are public.
Limb window_bits(std::span<const Limb> exp, std::size_t w) {
  Limb win = 0;
  for (std::size_t b = 0; b < kWindow; ++b) {
    const std::size_t bit = kWindow * w + b;
    if (bit < 64 * kLimbs64) win |= ((exp[bit / 64] >> (bit % 64)) & 1) << b;  // public bound
  }
  return win;
}

// One exponentiation's state: the modulus, the table base^i R' (i = 0..31)
// and the accumulator.
struct Half {
  Mod52 mod;
  Num52 table[kEntries];
  Num52 acc, pick;
};

// Radix conversion of the modulus and the base. base_mont = x R mod m with
// R = 2^1024; the AMM by c = 2^1056 mod m turns it into x R' (R' = 2^1040):
// x 2^1024 2^1056 / 2^1040 = x 2^1040. The same AMM turns R mod m into R'.
void prepare(Half& h, Num52& base, Num52& one, const Modulus& mod, const Limb* base_mont) {
  to_radix52(h.mod.m, mod.m());
  h.mod.k0 = mod.m0inv() & kMask52;
  Limb c[kLimbs64];
  for (std::size_t i = 0; i < kLimbs64; ++i) c[i] = mod.one()[i];
  for (int i = 0; i < 32; ++i) add(mod, c, c, c);  // 2^1024 -> 2^1056 mod m
  to_radix52(h.pick, c);
  to_radix52(base, base_mont);
  to_radix52(one, mod.one());
  ct::secure_wipe(c, sizeof c);
}

// out = value mod m for the final value <= m (an AMM by 1 of a value below 2m
// is at most m). mont::add(v, 0) is that subtraction, masked.
void finish(const Modulus& mod, Limb* out, const Half& h) {
  Limb plain[kLimbs64], zero[kLimbs64] = {};
  from_radix52(plain, h.acc);
  add(mod, out, plain, zero);
  ct::secure_wipe(plain, sizeof plain);
}

}  // namespace

void modexp_pair_ifma(const Modulus& ma, Limb* out_a, const Limb* base_a,
                      std::span<const Limb> exp_a, const Modulus& mb, Limb* out_b,
                      const Limb* base_b, std::span<const Limb> exp_b) {
  Half x, y;
  Num52 base_x, base_y, one_x, one_y;
  prepare(x, base_x, one_x, ma, base_a);
  prepare(y, base_y, one_y, mb, base_b);
  // table[0] = R', table[1] = base R', table[e] = table[e - 1] base R' / R'.
  amm_x2(x.table[0], one_x, x.pick, x.mod, y.table[0], one_y, y.pick, y.mod);
  amm_x2(x.table[1], base_x, x.pick, x.mod, y.table[1], base_y, y.pick, y.mod);
  for (std::size_t e = 2; e < kEntries; ++e) {
    amm_x2(x.table[e], x.table[e - 1], x.table[1], x.mod, y.table[e], y.table[e - 1], y.table[1],
           y.mod);
  }
  x.acc = x.table[0];
  y.acc = y.table[0];
  constexpr std::size_t kWindows = (64 * kLimbs64 + kWindow - 1) / kWindow;
  for (std::size_t w = kWindows; w-- > 0;) {
    // Invariant: acc = base^(exp >> (5(w+1))) R', below 2m.
    if (w + 1 != kWindows) {  // public: the position, not the bits
      for (std::size_t s = 0; s < kWindow; ++s) {
        amm_x2(x.acc, x.acc, x.acc, x.mod, y.acc, y.acc, y.acc, y.mod);
      }
    }
    select_entry(x.pick, x.table, window_bits(exp_a, w));
    select_entry(y.pick, y.table, window_bits(exp_b, w));
    amm_x2(x.acc, x.acc, x.pick, x.mod, y.acc, y.acc, y.pick, y.mod);
  }
  // Out of Montgomery form: an AMM by 1 gives (acc + q m) / R' <= m.
  Num52 unit{};
  unit.v[0] = 1;
  amm_x2(x.acc, x.acc, unit, x.mod, y.acc, y.acc, unit, y.mod);
  finish(ma, out_a, x);
  finish(mb, out_b, y);
  ct::secure_wipe(&x, sizeof x);
  ct::secure_wipe(&y, sizeof y);
  for (Num52* v : {&base_x, &base_y, &one_x, &one_y}) ct::secure_wipe(v, sizeof *v);
}

}  // namespace glasstls::crypto::mont

GLASSTLS_TARGET_END()
