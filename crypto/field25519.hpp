// GF(2^255 - 19): the field under X25519 (RFC 7748 §4.1) and Ed25519 (RFC 8032 §5.1).
//
// An element is five 64-bit limbs in radix 2^51: v = l0 + l1*2^51 + l2*2^102 +
// l3*2^153 + l4*2^204. The limbs are not kept canonical: "carried" means every
// limb is below 2^51 + 2^12 (what mul, sqr, sub and mul_small return), which is
// what lets a product of two limbs, times 19 and summed five times, fit in an
// unsigned __int128 (5 * 19 * 2^54 * 2^54 < 2^115). add() does not carry: its
// result (limbs < 2^53) may be passed to mul/sqr/sub but not to add() again.
//
// Why radix 2^51: 2^255 = 19 (mod p), so the part of a product that falls
// above limb 4 folds back into the low limbs multiplied by 19 (RFC 7748 §4.1:
// p = 2^255 - 19), with no division anywhere.
//
// CT: every function here takes the same time whatever the limb values; none
// branches on or indexes memory by them (loop counts such as sqr_n's n are public).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crypto/ct.hpp"

namespace glasstls::crypto::f25519 {

struct Fe {
  std::uint64_t v[5];
};

inline constexpr Fe kZero{{0, 0, 0, 0, 0}};
inline constexpr Fe kOne{{1, 0, 0, 0, 0}};

// RFC 7748 §5 decodeUCoordinate: little-endian, the top bit (bit 255) is ignored;
// values in [p, 2^255) are accepted and behave as their reduction mod p.
Fe from_bytes(std::span<const std::uint8_t, 32> in);
// The canonical encoding: the value reduced to [0, p), 32 bytes little-endian.
void to_bytes(std::span<std::uint8_t, 32> out, const Fe& a);
std::array<std::uint8_t, 32> to_bytes(const Fe& a);

Fe add(const Fe& a, const Fe& b);  // not carried (see above)
Fe sub(const Fe& a, const Fe& b);  // a - b, carried
// a - b without the final carry, for b carried and a carried or add()'s output:
// limbs < 2^54, fine as an input of mul, sqr and mul_small (not of sub/add).
// The ladder uses it where a profile showed the carry costing ~8%.
Fe sub_lazy(const Fe& a, const Fe& b);
Fe neg(const Fe& a);  // -a, carried
Fe mul(const Fe& a, const Fe& b);
Fe sqr(const Fe& a);
Fe sqr_n(const Fe& a, int n);                // a^(2^n), n public
Fe mul_small(const Fe& a, std::uint32_t k);  // a * k, k < 2^20 (121665, ...)
Fe carry(const Fe& a);                       // the same value, carried

// a^(p-2) = 1/a (Fermat), 0 for 0. A fixed chain of 254 squarings and 11 products.
Fe invert(const Fe& a);
// a^((p-5)/8) = a^(2^252 - 3), the square-root helper of RFC 8032 §5.1.3.
Fe pow22523(const Fe& a);

// if (m) swap(a, b) / if (m) a = b, without branching on m.
void cswap(ct::Mask m, Fe& a, Fe& b);
void cmov(ct::Mask m, Fe& a, const Fe& b);

ct::Mask is_zero(const Fe& a);           // a == 0 (mod p)
ct::Mask eq(const Fe& a, const Fe& b);   // a == b (mod p)
std::uint64_t is_negative(const Fe& a);  // the low bit of the canonical value (RFC 8032 §5.1.2)

}  // namespace glasstls::crypto::f25519
