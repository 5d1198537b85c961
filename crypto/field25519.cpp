// GF(2^255 - 19) in radix 2^51 (see field25519.hpp for the representation and
// its bounds). Read next to RFC 7748 §4.1 (the prime) and §5 (decodeUCoordinate).
#include "crypto/field25519.hpp"

namespace glasstls::crypto::f25519 {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kMask51 = (std::uint64_t{1} << 51) - 1;

std::uint64_t load64_le(const std::uint8_t* p) {
  std::uint64_t x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

// Carries five 128-bit column sums into a carried element. The carry out of
// limb 4 is worth 2^255 = 19 (mod p), so it re-enters limb 0 times 19.
// Bound: t4 < 2^108 (no factor 19 in column 4), so 19 * (t4 >> 51) < 2^62.
Fe carry_wide(u128 t0, u128 t1, u128 t2, u128 t3, u128 t4) {
  Fe r;
  t1 += static_cast<std::uint64_t>(t0 >> 51);
  r.v[0] = static_cast<std::uint64_t>(t0) & kMask51;
  t2 += static_cast<std::uint64_t>(t1 >> 51);
  r.v[1] = static_cast<std::uint64_t>(t1) & kMask51;
  t3 += static_cast<std::uint64_t>(t2 >> 51);
  r.v[2] = static_cast<std::uint64_t>(t2) & kMask51;
  t4 += static_cast<std::uint64_t>(t3 >> 51);
  r.v[3] = static_cast<std::uint64_t>(t3) & kMask51;
  const std::uint64_t c = static_cast<std::uint64_t>(t4 >> 51);
  r.v[4] = static_cast<std::uint64_t>(t4) & kMask51;
  r.v[0] += c * 19;
  r.v[1] += r.v[0] >> 51;
  r.v[0] &= kMask51;
  return r;
}

}  // namespace

Fe from_bytes(std::span<const std::uint8_t, 32> in) {
  const std::uint64_t w0 = load64_le(in.data()), w1 = load64_le(in.data() + 8),
                      w2 = load64_le(in.data() + 16), w3 = load64_le(in.data() + 24);
  // RFC 7748 §5: "When receiving such an array, implementations of X25519
  // (but not X448) MUST mask the most significant bit in the final byte."
  // The mask on limb 4 (bits 204..254) drops bit 255.
  return Fe{{w0 & kMask51, ((w0 >> 51) | (w1 << 13)) & kMask51, ((w1 >> 38) | (w2 << 26)) & kMask51,
             ((w2 >> 25) | (w3 << 39)) & kMask51, (w3 >> 12) & kMask51}};
}

Fe carry(const Fe& a) {
  Fe r = a;
  r.v[1] += r.v[0] >> 51;
  r.v[0] &= kMask51;
  r.v[2] += r.v[1] >> 51;
  r.v[1] &= kMask51;
  r.v[3] += r.v[2] >> 51;
  r.v[2] &= kMask51;
  r.v[4] += r.v[3] >> 51;
  r.v[3] &= kMask51;
  r.v[0] += 19 * (r.v[4] >> 51);
  r.v[4] &= kMask51;
  return r;
}

void to_bytes(std::span<std::uint8_t, 32> out, const Fe& a) {
  // After two carries every limb is < 2^51 except limb 0 (< 2^51 + 19*8), so
  // the value h is below 2^255 + 2^8 < 2p: at most one p to subtract.
  Fe h = carry(carry(a));
  // q = 1 exactly when h >= p, i.e. when h + 19 reaches 2^255: the carry
  // chain of h + 19 out of bit 255, computed without branching.
  std::uint64_t q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  // h - q*p = h + 19q - q*2^255: add 19q, carry, and drop bit 255.
  h.v[0] += 19 * q;
  h.v[1] += h.v[0] >> 51;
  h.v[0] &= kMask51;
  h.v[2] += h.v[1] >> 51;
  h.v[1] &= kMask51;
  h.v[3] += h.v[2] >> 51;
  h.v[2] &= kMask51;
  h.v[4] += h.v[3] >> 51;
  h.v[3] &= kMask51;
  h.v[4] &= kMask51;
  const std::uint64_t w[4] = {h.v[0] | (h.v[1] << 51), (h.v[1] >> 13) | (h.v[2] << 38),
                              (h.v[2] >> 26) | (h.v[3] << 25), (h.v[3] >> 39) | (h.v[4] << 12)};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j)
      out[static_cast<std::size_t>(8 * i + j)] = static_cast<std::uint8_t>(w[i] >> (8 * j));
  }
}

std::array<std::uint8_t, 32> to_bytes(const Fe& a) {
  std::array<std::uint8_t, 32> out;
  to_bytes(std::span<std::uint8_t, 32>(out), a);
  return out;
}

Fe add(const Fe& a, const Fe& b) {
  return Fe{{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

Fe sub(const Fe& a, const Fe& b) {
  // a + 4p - b keeps every limb non-negative for b < 2^53 - 76 (4p's limbs
  // are 2^53 - 76 and 2^53 - 4), then one carry brings it back in bound.
  constexpr std::uint64_t k4p0 = 4 * (kMask51 - 18), k4pi = 4 * kMask51;
  return carry(Fe{{a.v[0] + k4p0 - b.v[0], a.v[1] + k4pi - b.v[1], a.v[2] + k4pi - b.v[2],
                   a.v[3] + k4pi - b.v[3], a.v[4] + k4pi - b.v[4]}});
}

Fe sub_lazy(const Fe& a, const Fe& b) {
  // a + 2p - b: 2p's limbs (2^52 - 38, 2^52 - 2) exceed any carried b.
  constexpr std::uint64_t k2p0 = 2 * (kMask51 - 18), k2pi = 2 * kMask51;
  return Fe{{a.v[0] + k2p0 - b.v[0], a.v[1] + k2pi - b.v[1], a.v[2] + k2pi - b.v[2],
             a.v[3] + k2pi - b.v[3], a.v[4] + k2pi - b.v[4]}};
}

Fe neg(const Fe& a) { return sub(kZero, a); }

Fe mul(const Fe& a, const Fe& b) {
  const std::uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const std::uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  // Schoolbook columns; a_i*b_j with i + j >= 5 lands at 2^(51(i+j)) =
  // 2^255 * 2^(51(i+j-5)) = 19 * 2^(51(i+j-5)): fold it down with a factor 19.
  const std::uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
  const u128 t0 =
      u128{a0} * b0 + u128{a1} * b4_19 + u128{a2} * b3_19 + u128{a3} * b2_19 + u128{a4} * b1_19;
  const u128 t1 =
      u128{a0} * b1 + u128{a1} * b0 + u128{a2} * b4_19 + u128{a3} * b3_19 + u128{a4} * b2_19;
  const u128 t2 =
      u128{a0} * b2 + u128{a1} * b1 + u128{a2} * b0 + u128{a3} * b4_19 + u128{a4} * b3_19;
  const u128 t3 = u128{a0} * b3 + u128{a1} * b2 + u128{a2} * b1 + u128{a3} * b0 + u128{a4} * b4_19;
  const u128 t4 = u128{a0} * b4 + u128{a1} * b3 + u128{a2} * b2 + u128{a3} * b1 + u128{a4} * b0;
  return carry_wide(t0, t1, t2, t3, t4);
}

Fe sqr(const Fe& a) {
  // mul(a, a) with the symmetric products a_i*a_j (i != j) counted once, doubled.
  const std::uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const std::uint64_t d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2;
  const std::uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
  const u128 t0 = u128{a0} * a0 + u128{d1} * a4_19 + u128{d2} * a3_19;
  const u128 t1 = u128{d0} * a1 + u128{d2} * a4_19 + u128{a3} * a3_19;
  const u128 t2 = u128{d0} * a2 + u128{a1} * a1 + u128{2 * a3} * a4_19;
  const u128 t3 = u128{d0} * a3 + u128{d1} * a2 + u128{a4} * a4_19;
  const u128 t4 = u128{d0} * a4 + u128{d1} * a3 + u128{a2} * a2;
  return carry_wide(t0, t1, t2, t3, t4);
}

Fe sqr_n(const Fe& a, int n) {
  Fe r = a;
  for (int i = 0; i < n; ++i) r = sqr(r);
  return r;
}

Fe mul_small(const Fe& a, std::uint32_t k) {
  return carry_wide(u128{a.v[0]} * k, u128{a.v[1]} * k, u128{a.v[2]} * k, u128{a.v[3]} * k,
                    u128{a.v[4]} * k);
}

Fe invert(const Fe& z) {
  // z^(p-2), p - 2 = 2^255 - 21: the classic chain (Bernstein's curve25519
  // paper, §5): names are the exponent, e.g. z2_10_0 = z^(2^10 - 2^0).
  const Fe z2 = sqr(z);                                     // 2
  const Fe z9 = mul(sqr_n(z2, 2), z);                       // 9
  const Fe z11 = mul(z9, z2);                               // 11
  const Fe z2_5_0 = mul(sqr(z11), z9);                      // 2^5 - 1 = 31
  const Fe z2_10_0 = mul(sqr_n(z2_5_0, 5), z2_5_0);         // 2^10 - 1
  const Fe z2_20_0 = mul(sqr_n(z2_10_0, 10), z2_10_0);      // 2^20 - 1
  const Fe z2_40_0 = mul(sqr_n(z2_20_0, 20), z2_20_0);      // 2^40 - 1
  const Fe z2_50_0 = mul(sqr_n(z2_40_0, 10), z2_10_0);      // 2^50 - 1
  const Fe z2_100_0 = mul(sqr_n(z2_50_0, 50), z2_50_0);     // 2^100 - 1
  const Fe z2_200_0 = mul(sqr_n(z2_100_0, 100), z2_100_0);  // 2^200 - 1
  const Fe z2_250_0 = mul(sqr_n(z2_200_0, 50), z2_50_0);    // 2^250 - 1
  return mul(sqr_n(z2_250_0, 5), z11);                      // 2^255 - 32 + 11 = p - 2
}

Fe pow22523(const Fe& z) {
  // z^(2^252 - 3) = z^((2^250 - 1) * 4 + 1): the same chain up to 2^250 - 1.
  const Fe z2 = sqr(z);
  const Fe z9 = mul(sqr_n(z2, 2), z);
  const Fe z11 = mul(z9, z2);
  const Fe z2_5_0 = mul(sqr(z11), z9);
  const Fe z2_10_0 = mul(sqr_n(z2_5_0, 5), z2_5_0);
  const Fe z2_20_0 = mul(sqr_n(z2_10_0, 10), z2_10_0);
  const Fe z2_40_0 = mul(sqr_n(z2_20_0, 20), z2_20_0);
  const Fe z2_50_0 = mul(sqr_n(z2_40_0, 10), z2_10_0);
  const Fe z2_100_0 = mul(sqr_n(z2_50_0, 50), z2_50_0);
  const Fe z2_200_0 = mul(sqr_n(z2_100_0, 100), z2_100_0);
  const Fe z2_250_0 = mul(sqr_n(z2_200_0, 50), z2_50_0);
  return mul(sqr_n(z2_250_0, 2), z);
}

void cswap(ct::Mask m, Fe& a, Fe& b) {
  const std::uint64_t mm = m.bits();
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t t = mm & (a.v[i] ^ b.v[i]);
    a.v[i] ^= t;
    b.v[i] ^= t;
  }
}

void cmov(ct::Mask m, Fe& a, const Fe& b) {
  for (int i = 0; i < 5; ++i) a.v[i] = ct::select(m, b.v[i], a.v[i]);
}

ct::Mask is_zero(const Fe& a) {
  const auto b = to_bytes(a);
  std::uint64_t acc = 0;
  for (std::uint8_t x : b) acc |= x;
  return ct::is_zero(acc);
}

ct::Mask eq(const Fe& a, const Fe& b) { return is_zero(sub(a, b)); }

std::uint64_t is_negative(const Fe& a) { return to_bytes(a)[0] & 1u; }

}  // namespace glasstls::crypto::f25519
