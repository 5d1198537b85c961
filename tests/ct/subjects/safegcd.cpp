// ct subject: the constant-time inversion by division steps (crypto/safegcd.cpp)
// with secret inputs, modulo P-256's p and n: 0, 1, m-1, a value with its high
// bits set and patterned ones, plain (factor 1) and in Montgomery form (factor
// R^2 mod m, itself secret). Each result, declassified, must be the inverse
// (0 for 0).
#include "crypto/safegcd.hpp"
#include "crypto/ec_field.hpp"
#include "crypto/p256_moduli.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::ec::Limbs;
using Fe = Limbs<4>;

template <class F>
void invert_secrets() {
  static constexpr crypto::ec::SafegcdModulus kMod = crypto::ec::safegcd_modulus(F::m);
  Fe m_minus_1;
  F::sub(m_minus_1, Fe{}, Fe{1, 0, 0, 0});
  std::array<Fe, 7> inputs = {Fe{}, Fe{1, 0, 0, 0}, m_minus_1,
                              Fe{0x1234, 0, 0, 0xf000000000000000ULL}};
  for (std::uint32_t i = 4; i < inputs.size(); ++i) {
    const auto b = ct_test::pattern<32>(40 + i);
    inputs[i] = F::load_be(b.data());
    inputs[i][3] &= 0x7fffffffffffffffULL;  // below m
  }
  for (const Fe& in : inputs) {
    for (const bool mont : {false, true}) {
      Fe a = mont ? F::to_mont(in) : in;
      Fe c = mont ? F::rr : Fe{1, 0, 0, 0};
      ct_test::secret_value(a);
      ct_test::secret_value(c);
      Fe r;
      crypto::ec::safegcd_inverse(r, a, c, kMod);
      r = ct_test::declassify_value(r);
      a = ct_test::declassify_value(a);
      // Montgomery: a = x R, r = x^-1 R, so r a / R = R (one); plain:
      // to_mont(r) to_mont(a) / R = (r a) R.
      Fe prod;
      if (mont) {
        F::mul(prod, r, a);
      } else {
        F::mul(prod, F::to_mont(r), F::to_mont(a));
      }
      const bool zero = F::is_zero(in) != 0;
      ct_test::check(zero ? F::is_zero(r) != 0 : prod == F::one, "r a = 1 (and 0 for 0)");
    }
  }
}

GLASSTLS_CT_CASE("safegcd inversion mod P-256's p and n: 0, 1, m-1, high bits, patterns") {
  invert_secrets<crypto::ec::Field<crypto::ec::P256p>>();
  invert_secrets<crypto::ec::Field<crypto::ec::P256n>>();
}

}  // namespace
