// ct subject: the Montgomery core (crypto/mont.cpp) with a secret modulus (as
// p and q are), a secret base and a secret exponent: mul's final subtraction,
// reduce_to_mont's Horner loop and modexp's window extraction and full-table
// scan must not branch on or index by any of them. Only the limb counts are
// public.
#include <vector>

#include "crypto/mont.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::mont::Limb;
using crypto::mont::Limbs;

template <typename T>
void secret_limbs(const T* p, std::size_t n) {
  ct_test::secret(std::span(reinterpret_cast<const std::uint8_t*>(p), n * sizeof(T)));
}
template <typename T>
void public_limbs(const T* p, std::size_t n) {
  ct_test::declassify(std::span(reinterpret_cast<const std::uint8_t*>(p), n * sizeof(T)));
}

Limbs from_pattern(std::uint32_t seed, std::size_t n) {
  const auto bytes = ct_test::pattern<8 * crypto::mont::kMaxLimbs>(seed);
  Limbs out{};
  crypto::mont::limbs_from_bytes(out.data(), n, std::span(bytes).first(8 * n));
  return out;
}

void run(std::size_t n, std::uint32_t seed) {
  Limbs m = from_pattern(seed, n);
  m[0] |= 1;
  m[n - 1] |= Limb{1} << 63;
  crypto::mont::Modulus mod;
  ct_test::check(mod.init(std::span(m).first(n)), "modulus accepted");
  Limbs base = from_pattern(seed + 1, 2 * n < crypto::mont::kMaxLimbs ? 2 * n : n);
  const Limbs exp = from_pattern(seed + 2, n);
  // The public run.
  Limbs bm{}, expected{};
  crypto::mont::reduce_to_mont(mod, bm.data(), std::span(base).first(n));
  crypto::mont::modexp(mod, expected.data(), bm.data(), std::span(exp).first(n));
  // The secret run: modulus (and its R mod m, R^2 mod m), base and exponent.
  secret_limbs(mod.m(), n);
  secret_limbs(mod.r2(), n);
  secret_limbs(mod.one(), n);
  Limbs sbase = base, sexp = exp, sm{}, out{};
  secret_limbs(sbase.data(), n);
  secret_limbs(sexp.data(), n);
  crypto::mont::reduce_to_mont(mod, sm.data(), std::span(sbase).first(n));
  crypto::mont::modexp(mod, out.data(), sm.data(), std::span(sexp).first(n));
  public_limbs(out.data(), n);
  ct_test::check(
      std::equal(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), expected.begin()),
      "secret-input modexp equals the public one");
}

GLASSTLS_CT_CASE("modexp, 1024-bit secret modulus (the RSA-2048 CRT size, unrolled path)") {
  run(16, 1);
}
GLASSTLS_CT_CASE("modexp, 1536-bit secret modulus (RSA-3072 CRT size)") { run(24, 2); }
GLASSTLS_CT_CASE("modexp, 5-limb secret modulus (generic path)") { run(5, 3); }

}  // namespace
