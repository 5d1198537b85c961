// ct subject: the constant-time inversion by division steps (crypto/safegcd.cpp)
// with secret inputs, modulo P-256's p and n: 0, 1, m-1, a value with its high
// bits set and patterned ones, plain (factor 1) and in Montgomery form (factor
// R^2 mod m, itself secret), and two at once (safegcd_inverse_pair, the
// signing pair z mod p and k mod n). Each result, declassified, must be the
// inverse (0 for 0).
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

// The signing pair: z mod p and k mod n at once, both secret, factors R^2.
void invert_secret_pair() {
  using Fp = crypto::ec::Field<crypto::ec::P256p>;
  using Fn = crypto::ec::Field<crypto::ec::P256n>;
  static constexpr crypto::ec::SafegcdModulus kP = crypto::ec::safegcd_modulus(Fp::m);
  static constexpr crypto::ec::SafegcdModulus kN = crypto::ec::safegcd_modulus(Fn::m);
  for (std::uint32_t i = 0; i < 3; ++i) {
    const auto bz = ct_test::pattern<32>(60 + i), bk = ct_test::pattern<32>(70 + i);
    Fe z = Fp::load_be(bz.data()), k = Fn::load_be(bk.data());
    z[3] &= 0x7fffffffffffffffULL;  // below p and n
    k[3] &= 0x7fffffffffffffffULL;
    if (i == 2) k = Fe{};  // a zero in one lane
    ct_test::secret_value(z);
    ct_test::secret_value(k);
    Fe rz, rk;
    crypto::ec::safegcd_inverse_pair({rz, z, Fp::rr, kP}, {rk, k, Fn::rr, kN});
    rz = ct_test::declassify_value(rz);
    rk = ct_test::declassify_value(rk);
    z = ct_test::declassify_value(z);
    k = ct_test::declassify_value(k);
    Fe pz, pk;
    Fp::mul(pz, rz, z);  // (R^2 z^-1) z / R = R
    Fn::mul(pk, rk, k);
    ct_test::check(pz == Fp::one, "pair: z z^-1 = 1 mod p");
    ct_test::check(i == 2 ? Fn::is_zero(rk) != 0 : pk == Fn::one, "pair: k k^-1 = 1 mod n");
  }
}

GLASSTLS_CT_CASE("safegcd inversion mod P-256's p and n: 0, 1, m-1, high bits, patterns, pairs") {
  invert_secrets<crypto::ec::Field<crypto::ec::P256p>>();
  invert_secrets<crypto::ec::Field<crypto::ec::P256n>>();
  invert_secret_pair();
}

}  // namespace
