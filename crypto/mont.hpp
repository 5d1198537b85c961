// Montgomery arithmetic modulo an odd m: the constant-time core under RSA.
//
// Numbers are little-endian arrays of 64-bit limbs. A Modulus fixes the limb
// count n (from m's size: the "announced bit length", as BearSSL calls it) and
// every loop below runs a number of times set by n alone, never by a value.
// No function here allocates or branches or indexes memory on a value.
//
// Montgomery form (P. Montgomery, "Modular multiplication without trial
// division", 1985): with R = 2^(64n), x is represented by xR mod m, and
//   mul(aR, bR) = aR * bR / R = (ab)R  (mod m),
// so a product costs one multi-precision multiply plus one reduction that only
// divides by R (a shift), never by m.
//
// CT: for a given Modulus size, every function's time and memory accesses are
// independent of the values of its inputs (modexp_public: of the base only).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace glasstls::crypto::mont {

using Limb = std::uint64_t;
constexpr std::size_t kMaxLimbs = 64;  // 4096-bit moduli (RFC 8017 keys up to 4096 bits)
using Limbs = std::array<Limb, kMaxLimbs>;

class Modulus {
 public:
  // m: little-endian limbs, odd, > 1, at most kMaxLimbs significant limbs.
  // Returns false otherwise (a public check on a public property).
  // CT: the time depends on the limb count and the bit length of m only.
  [[nodiscard]] bool init(std::span<const Limb> m);

  std::size_t limbs() const { return n_; }
  std::size_t bits() const { return bits_; }
  const Limb* m() const { return m_.data(); }
  Limb m0inv() const { return m0inv_; }            // -m^-1 mod 2^64
  const Limb* r2() const { return r2_.data(); }    // R^2 mod m
  const Limb* one() const { return one_.data(); }  // R mod m: 1 in Montgomery form

 private:
  Limbs m_{};
  Limbs r2_{};
  Limbs one_{};
  Limb m0inv_ = 0;
  std::size_t n_ = 0;
  std::size_t bits_ = 0;
};

// out = a * b / R mod m, fully reduced (< m). Requires a * b < R * m (true when
// a < R and b < m). out may alias a or b.
void mul(const Modulus& mod, Limb* out, const Limb* a, const Limb* b);

// Whether mul() uses the MULX/ADX rows (CPUID reports BMI2 and ADX and
// GLASSTLS_PORTABLE is not set) rather than the base x86-64 / C ones.
bool adx_enabled();
// out = a R mod m (a < R); out = a / R mod m.
void to_mont(const Modulus& mod, Limb* out, const Limb* a);
void from_mont(const Modulus& mod, Limb* out, const Limb* a);
// out = (a + b) mod m, (a - b) mod m, for a, b < m (add: any a + b < 2m).
void add(const Modulus& mod, Limb* out, const Limb* a, const Limb* b);
void sub(const Modulus& mod, Limb* out, const Limb* a, const Limb* b);
// out = x R mod m for an x of any length (the length is public): reduces a
// double-size value modulo a CRT prime straight into Montgomery form.
void reduce_to_mont(const Modulus& mod, Limb* out, std::span<const Limb> x);

// out = base^exp mod m (out plain, base in Montgomery form). Fixed 5-bit windows
// over all 64*exp.size() bits; each window reads all 32 table entries.
// CT: time and memory accesses depend on mod.limbs() and exp.size() only.
void modexp(const Modulus& mod, Limb* out, const Limb* base_mont, std::span<const Limb> exp);
// Two exponentiations (the CRT halves of one private operation): out_a =
// base_a^exp_a mod ma and out_b = base_b^exp_b mod mb, as two modexp() calls.
// When ifma_enabled() and both moduli and both exponents have 16 limbs (the
// halves of RSA-2048) it runs both at once on AVX-512 IFMA (mont_ifma.hpp);
// the results are the same. CT: as modexp(), for every modulus, base and
// exponent of those sizes (the choice depends on CPUID and the sizes only).
void modexp_pair(const Modulus& ma, Limb* out_a, const Limb* base_a,
                 std::span<const Limb> exp_a, const Modulus& mb, Limb* out_b,
                 const Limb* base_b, std::span<const Limb> exp_b);
// Whether modexp_pair() may use AVX-512 IFMA: CPUID reports AVX-512 IFMA and
// VL (with the OS saving their state) and GLASSTLS_PORTABLE is not set.
bool ifma_enabled();
// Same result, square-and-multiply over the bits of a PUBLIC exponent (e).
// CT: in the base only; the exponent's bits steer branches.
void modexp_public(const Modulus& mod, Limb* out, const Limb* base_mont, std::span<const Limb> exp);

// Plain helpers on fixed lengths (CT in the values).
// out[0..na+nb) = a[0..na) * b[0..nb).
void mul_plain(Limb* out, const Limb* a, std::size_t na, const Limb* b, std::size_t nb);
// a[0..n) += b[0..nb) (nb <= n), carry out returned.
Limb add_in_place(Limb* a, std::size_t n, const Limb* b, std::size_t nb);
// 0 or ~0: a[0..n) < b[0..n).
Limb lt_mask(const Limb* a, const Limb* b, std::size_t n);
// Big-endian bytes <-> limbs; n limbs; bytes longer than 8n must be zero-padded by the caller.
void limbs_from_bytes(Limb* out, std::size_t n, std::span<const std::uint8_t> be);
void limbs_to_bytes(std::span<std::uint8_t> be, const Limb* in, std::size_t n);

}  // namespace glasstls::crypto::mont
