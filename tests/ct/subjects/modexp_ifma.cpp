// ct subject: the AVX-512 IFMA exponentiation pair (crypto/mont_ifma.cpp, the
// CRT halves of RSA-2048) with secret moduli, bases and exponents.
//
// valgrind 3.19 cannot run AVX-512 instructions and its CPUID does not report
// them, so under valgrind this subject reports itself skipped (and
// ct.rsa_private runs the portable modexp there). What covers the backend
// instead: its only branches are loop counts fixed at compile time and the
// public window position; the secret window value only forms compare masks
// over the whole 32-entry table (select_entry, as modexp()'s scan checked by
// ct.modexp); carries are resolved with mask arithmetic on all 20 lanes
// (normalize); the last subtraction is mont::add(), checked by ct.modexp; and
// VPMADD52LUQ/HUQ, MULX/IMUL and the lane shifts have operand-independent
// timing. tests/rsa/mont_ifma_test.cpp checks its results.
#include <algorithm>

#include "crypto/cpu.hpp"
#include "crypto/mont.hpp"
#include "crypto/mont_ifma.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::mont::Limb;
using crypto::mont::Limbs;

constexpr std::size_t kLimbs = 16;

void secret_limbs(const Limb* p, std::size_t n) {
  ct_test::secret(std::span(reinterpret_cast<const std::uint8_t*>(p), n * sizeof(Limb)));
}
void public_limbs(const Limb* p, std::size_t n) {
  ct_test::declassify(std::span(reinterpret_cast<const std::uint8_t*>(p), n * sizeof(Limb)));
}

Limbs from_pattern(std::uint32_t seed) {
  const auto bytes = ct_test::pattern<8 * kLimbs>(seed);
  Limbs out{};
  crypto::mont::limbs_from_bytes(out.data(), kLimbs, bytes);
  return out;
}

GLASSTLS_CT_CASE("modexp pair, AVX-512 IFMA: secret 1024-bit moduli, bases and exponents") {
  const auto& cpu = crypto::cpu_features();
  if (!cpu.avx512ifma || !cpu.avx512vl) {
    ct_test::skip(ct_test::running_on_valgrind()
                      ? "CPUID under valgrind reports no AVX-512 (valgrind cannot run AVX-512 "
                        "instructions)"
                      : "this CPU has no AVX-512 IFMA/VL");
    return;
  }
  crypto::mont::Modulus mod[2];
  Limbs base[2], exp[2], expected[2], out[2];
  for (std::uint32_t h = 0; h < 2; ++h) {
    Limbs m = from_pattern(10 * h + 1);
    m[0] |= 1;
    m[kLimbs - 1] |= Limb{1} << 63;
    ct_test::check(mod[h].init(std::span(m).first(kLimbs)), "modulus accepted");
    base[h] = from_pattern(10 * h + 2);
    base[h][kLimbs - 1] &= ~(Limb{1} << 63);  // below m
    crypto::mont::to_mont(mod[h], base[h].data(), base[h].data());
    exp[h] = from_pattern(10 * h + 3);
    crypto::mont::modexp(mod[h], expected[h].data(), base[h].data(),
                         std::span(exp[h]).first(kLimbs));
    secret_limbs(mod[h].m(), kLimbs);
    secret_limbs(mod[h].r2(), kLimbs);
    secret_limbs(mod[h].one(), kLimbs);
    secret_limbs(base[h].data(), kLimbs);
    secret_limbs(exp[h].data(), kLimbs);
  }
  crypto::mont::modexp_pair_ifma(mod[0], out[0].data(), base[0].data(),
                                 std::span(exp[0]).first(kLimbs), mod[1], out[1].data(),
                                 base[1].data(), std::span(exp[1]).first(kLimbs));
  for (std::size_t h = 0; h < 2; ++h) {
    public_limbs(out[h].data(), kLimbs);
    ct_test::check(std::equal(out[h].begin(), out[h].begin() + kLimbs, expected[h].begin()),
                   "the IFMA pair equals modexp()");
  }
}

}  // namespace
