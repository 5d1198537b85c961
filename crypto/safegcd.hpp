// Constant-time modular inversion for 256-bit odd moduli by Bernstein and
// Yang's division steps ("Fast constant-time gcd computation and modular
// inversion", TCHES 2019), used by the dedicated P-256 backend
// (p256_x64.cpp) for z^-1 mod p (affine coordinates) and k^-1 mod n (signing).
//
// The algorithm keeps f (odd, starts at m) and g (starts at a) and applies
// "hddivsteps", the variant of the paper's divstep that starts from
// delta = 1/2 (the paper's §11, with the half-delta start of libsecp256k1's
// safegcd notes):
//   delta > 0 and g odd:  (delta, f, g) <- (1 - delta, g, (g - f) / 2)
//   g odd otherwise:      (delta, f, g) <- (1 + delta, f, (g + f) / 2)
//   g even:               (delta, f, g) <- (1 + delta, f, g / 2)
// Each step keeps gcd(f, g) and roughly halves |g|; once g = 0, |f| is the
// gcd, 1 for a prime m and a != 0. For 0 <= g <= f < 2^256, 590 steps always
// reach g = 0: the bound Wuille's safegcd-bounds computation established for
// this variant, the one libsecp256k1 relies on (the paper proves 741 for its
// delta = 1 start). We run 627 = 11 x 57, a margin of 37: a step after g = 0
// changes nothing but delta.
//
// Speed: the steps are done 57 at a time on the low 62 bits of f and g only
// (a step looks at bit 0 of g, and step i needs only the low i+1 bits), which
// yields a 2x2 matrix T of integers with |u| + |v|, |q| + |r| <= 2^62 and
// (f, g) <- T (f, g) / 2^62 (T is the steps' matrix times 2^5); that product
// is then applied once to the full numbers. Alongside, d and e with f = d a
// and g = e a (mod m) get the same matrix modulo m (a multiple of m is added
// first so that the division by 2^62 is exact, Montgomery-style). At the end
// f = +-1, so a^-1 = +-d. Numbers are five signed limbs of 62 bits (the top
// one carries the sign), so that a limb times a matrix entry, plus another,
// fits in 128 bits. The 57 steps are three runs of 19 in which the low bits
// of f and the row of T that goes with it share one 64-bit word (g and its
// row another), so a step is about a dozen word operations, not three times
// that (safegcd.cpp, run()).
//
// CT: the number of steps is fixed; each step is the same straight-line mask
// arithmetic whatever the bits of f, g and delta (no branch, no table, no
// secret-dependent shift); the matrix products are multiplications of
// 64-bit words, constant time on x86-64. tests/ct/subjects/safegcd.cpp runs
// it under valgrind with secret inputs.
#pragma once

#include <cstdint>

#include "crypto/ec_field.hpp"

namespace glasstls::crypto::ec {

// An odd modulus m < 2^256 as safegcd_inverse wants it: five 62-bit limbs
// (value = sum limb[i] 2^(62 i)) and m^-1 mod 2^62.
struct SafegcdModulus {
  std::int64_t limb[5];
  std::uint64_t inv62;
};

constexpr SafegcdModulus safegcd_modulus(const Limbs<4>& m) {
  constexpr std::uint64_t k62 = (std::uint64_t{1} << 62) - 1;
  std::uint64_t inv = 1;  // Newton's iteration: each step doubles the correct bits
  for (int i = 0; i < 6; ++i) inv *= 2 - m[0] * inv;
  return SafegcdModulus{{static_cast<std::int64_t>(m[0] & k62),
                         static_cast<std::int64_t>(((m[0] >> 62) | (m[1] << 2)) & k62),
                         static_cast<std::int64_t>(((m[1] >> 60) | (m[2] << 4)) & k62),
                         static_cast<std::int64_t>(((m[2] >> 58) | (m[3] << 6)) & k62),
                         static_cast<std::int64_t>(m[3] >> 56)},
                        inv & k62};
}

// r = c a^-1 mod m, for a and c in [0, m) and m prime (a = 0 gives 0, as a
// Fermat inversion does). c = 1 inverts a plain number; for a in Montgomery
// form (a R), c = R^2 mod m gives a^-1 in Montgomery form (a^-1 R). CT in a
// and c.
void safegcd_inverse(Limbs<4>& r, const Limbs<4>& a, const Limbs<4>& c, const SafegcdModulus& m);

// One inversion for safegcd_inverse_pair: r = c a^-1 mod m.
struct SafegcdJob {
  Limbs<4>& r;
  const Limbs<4>& a;
  const Limbs<4>& c;
  const SafegcdModulus& m;
};
// Two independent inversions (each as safegcd_inverse; the moduli may differ)
// computed together: their steps interleave, so the processor overlaps the
// two chains of dependent operations (signing inverts z mod p and k mod n).
// Every input is read before an output is written. CT in every a and c.
void safegcd_inverse_pair(const SafegcdJob& first, const SafegcdJob& second);

}  // namespace glasstls::crypto::ec
