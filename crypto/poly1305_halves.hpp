// Poly1305 over a batch of 2k blocks as two independent chains, for the
// AVX-512 ChaCha20-Poly1305 loop (chacha20_avx512.cpp).
//
// RFC 8439 §2.5.1's loop, "a += n; a = (r * a) % p", is one chain of
// dependent multiplications: a CPU waits for each before starting the next.
// Written out for blocks m_1 .. m_2k, starting from a:
//   a' = a r^2k + m_1 r^2k + ... + m_k r^(k+1)  +  m_(k+1) r^k + ... + m_2k r
//      = A r^k + B,
// where A is the same loop over the first k blocks starting from a, and B the
// loop over the last k starting from 0. A and B do not depend on each other,
// so the core runs their multiplications side by side; one multiplication by
// r^k per batch joins them. Poly1305Core (poly1305.hpp) does the two loops;
// the join, which needs r^k, a value without the clamped shape that
// Poly1305Core's multiplication relies on, is done here with radix 2^44 limbs,
// in which any two values below 2^131 multiply without overflow (the layout
// of Andrew Moon's poly1305-donna-64).
//
// CT: multiplications, additions, shifts and masks; no branch or memory index
// depends on the key or the data.
#pragma once

#include <cstdint>

#include "crypto/poly1305.hpp"

namespace glasstls::crypto::poly1305_halves {

// v = l0 + l1 * 2^44 + l2 * 2^88, l0 and l2 within 44 and 42 bits (l2 at
// most 43 when converted in), l1 within 44 bits plus a small carry.
struct Radix44 {
  std::uint64_t l0, l1, l2;
};

// 64x64 -> 128-bit products (a GCC/Clang extension, hence __extension__).
__extension__ typedef unsigned __int128 u128;

inline constexpr std::uint64_t kMask44 = (std::uint64_t{1} << 44) - 1;
inline constexpr std::uint64_t kMask42 = (std::uint64_t{1} << 42) - 1;

// From Poly1305Core's h0 + h1 * 2^64 + h2 * 2^128 (h2 < 8).
inline Radix44 to_radix44(std::uint64_t h0, std::uint64_t h1, std::uint64_t h2) {
  return {h0 & kMask44, ((h0 >> 44) | (h1 << 20)) & kMask44, (h1 >> 24) | (h2 << 40)};
}

// Carries l0 -> l1 -> l2 and folds what passes 2^130 back into l0 as * 5
// (2^130 = 5 mod p); the result is below 2^130 + 2^57.
inline Radix44 carry(std::uint64_t l0, std::uint64_t l1, u128 d2) {
  const std::uint64_t c = static_cast<std::uint64_t>(d2 >> 42);
  l0 += c * 5;
  l1 += l0 >> 44;
  return {l0 & kMask44, l1, static_cast<std::uint64_t>(d2) & kMask42};
}

// a * b mod p (partially reduced): the nine limb products, those at 2^132 and
// above folded down with 2^132 = 4 * 2^130 = 20 mod p.
inline Radix44 mul(const Radix44& a, const Radix44& b) {
  auto m = [](std::uint64_t x, std::uint64_t y) { return static_cast<u128>(x) * y; };
  const std::uint64_t b1_20 = 20 * b.l1, b2_20 = 20 * b.l2;
  // Each product is below 2^44 * 2^50, so each sum of three fits easily.
  const u128 d0 = m(a.l0, b.l0) + m(a.l1, b2_20) + m(a.l2, b1_20);
  u128 d1 = m(a.l0, b.l1) + m(a.l1, b.l0) + m(a.l2, b2_20);
  u128 d2 = m(a.l0, b.l2) + m(a.l1, b.l1) + m(a.l2, b.l0);
  d1 += static_cast<std::uint64_t>(d0 >> 44);
  d2 += static_cast<std::uint64_t>(d1 >> 44);
  return carry(static_cast<std::uint64_t>(d0) & kMask44, static_cast<std::uint64_t>(d1) & kMask44,
               d2);
}

// a + b, carried the same way.
inline Radix44 add(const Radix44& a, const Radix44& b) {
  std::uint64_t l0 = a.l0 + b.l0, l1 = a.l1 + b.l1;
  const std::uint64_t l2 = a.l2 + b.l2 + ((l1 + (l0 >> 44)) >> 44);
  l1 = (l1 + (l0 >> 44)) & kMask44;
  return carry(l0 & kMask44, l1, l2);
}

// Back into Poly1305Core's accumulator: below 2^130 + 2^57, so h2 <= 4, the
// "partially reduced" bound its block() expects.
inline void to_core(const Radix44& v, Poly1305Core& core) {
  core.h0 = v.l0 | (v.l1 << 44);  // l0 < 2^44: no overlap
  const u128 high = static_cast<u128>(v.l1 >> 20) + (static_cast<u128>(v.l2) << 24);
  core.h1 = static_cast<std::uint64_t>(high);
  core.h2 = static_cast<std::uint64_t>(high >> 64);
}

// r^(2^doublings), from the clamped r of core.
inline Radix44 r_power(const Poly1305Core& core, int doublings) {
  Radix44 p = to_radix44(core.r0, core.r1, 0);
  for (int i = 0; i < doublings; ++i) p = mul(p, p);
  return p;
}

// first = first * r^k + second: the join of the two chains.
inline void join(Poly1305Core& first, const Poly1305Core& second, const Radix44& r_k) {
  const Radix44 a = mul(to_radix44(first.h0, first.h1, first.h2), r_k);
  to_core(add(a, to_radix44(second.h0, second.h1, second.h2)), first);
}

}  // namespace glasstls::crypto::poly1305_halves
