// Poly1305 (RFC 8439 §2.5) over whole runs of 8 blocks with AVX-512 IFMA
// (VPMADD52LUQ/VPMADD52HUQ), the method of OpenSSL's poly1305_blocks_vpmadd52.
//
// RFC 8439 §2.5.1's loop, "a += n; a = (r * a) % p", over blocks m_0 .. m_N-1
// (N a multiple of 8) starting from a gives
//   a' = a r^N + m_0 r^N + m_1 r^(N-1) + ... + m_N-1 r.
// Lane j of eight (j = 0..7) keeps its own accumulator over the blocks
// j, j+8, j+16, ...: each pass adds the next 8 blocks, one per lane, and
// multiplies every lane by r^8, except the last pass, which multiplies lane j
// by r^(8-j). Block m_(8i+j) has then been multiplied by r^(N-8i-j), the
// power the loop above gives it; lane 0 starts from a, the others from 0, and
// the sum of the lanes is a'. To hide the latency of one pass behind the
// next, the passes run in pairs as two independent sets of eight lanes, each
// multiplied by r^16 (the same sum with 16 lanes: in the last pair the first
// set's lane j is multiplied by r^(16-j), the second's by r^(8-j)); an odd
// pass runs first, alone. The powers r^2 .. r^8 and r^16 come from the
// scalar radix 2^44 code of poly1305_halves.hpp, r^9 .. r^16 from one vector
// multiplication of r^1 .. r^8 by r^8.
//
// Numbers are three limbs of radix 2^44 (44, 44 and 42 bits), so a limb fits
// the 52-bit inputs of VPMADD52, which adds to a 64-bit lane either the low or
// the high 52 bits of a 52x52-bit product; the high halves are shifted back
// into place when the carries run (2^52 = 2^8 * 2^44).
//
// Only call this when the CPU has AVX-512F, VL and IFMA (Poly1305's ifma
// option, poly1305.hpp).
//
// CT: multiplications, additions, shifts and masks on every lane; the number
// of passes is the (public) message length; no branch or memory index
// depends on the key, the accumulator or the message. The powers of r are
// wiped before returning.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/poly1305.hpp"

namespace glasstls::crypto {

inline constexpr std::size_t kPoly1305IfmaLanes = 8;

// Absorbs the first (n / 8) * 8 of the n whole 16-byte blocks at m (each with
// the 2^128 bit) into core and returns how many blocks that was.
std::size_t poly1305_blocks_ifma(Poly1305Core& core, const std::uint8_t* m, std::size_t n);

}  // namespace glasstls::crypto
