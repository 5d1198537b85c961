// Two modular exponentiations modulo 1024-bit odd moduli at once, on AVX-512
// IFMA (the CRT halves of an RSA-2048 private operation). Internal to
// crypto/: mont::modexp_pair() (mont.hpp) calls it when mont::ifma_enabled()
// and both moduli have 16 limbs; tests and ct subjects call it directly.
//
// How it works (docs/crypto-pk.md, "The AVX-512 IFMA path"): numbers are 20
// limbs of 52 bits held in five 256-bit registers; VPMADD52LUQ/VPMADD52HUQ
// add the low and high 52 bits of 52x52-bit products to 64-bit lanes. The
// Montgomery radix is R' = 2^1040, and the multiplication is "almost"
// Montgomery: it never subtracts m, its results stay below 2m (inputs below
// 2m and 4m <= R'), and one constant-time subtraction at the very end brings
// the result below m.
#pragma once

#include <span>

#include "crypto/mont.hpp"

namespace glasstls::crypto::mont {

// out_a = base_a^exp_a mod ma and out_b = base_b^exp_b mod mb. ma and mb have
// 16 limbs (961 to 1024 bits); bases in Montgomery form (R = 2^1024, as
// to_mont() makes them, below their modulus); exponents 16 limbs each;
// outputs plain and below their modulus. Requires ifma_enabled() (CPUID), not
// checked here. out_* may alias base_*.
// CT: time and memory accesses are the same for every modulus, base and
// exponent (fixed 5-bit windows, every window reads all 32 table entries).
void modexp_pair_ifma(const Modulus& ma, Limb* out_a, const Limb* base_a,
                      std::span<const Limb> exp_a, const Modulus& mb, Limb* out_b,
                      const Limb* base_b, std::span<const Limb> exp_b);

}  // namespace glasstls::crypto::mont
