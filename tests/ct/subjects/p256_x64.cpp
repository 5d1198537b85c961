// ct subject: the dedicated P-256 backend (crypto/p256_x64.cpp) with secret
// scalars: fixed-base d*G (the 43-window table, read with masks: AVX2 in the
// first pass, 64-bit words in the second), variable-base d*Q (ECDH, fixed
// 4-bit windows), the inversions by division steps (mod p and mod n,
// crypto/safegcd.cpp; its own subject is safegcd.cpp), and the signing core
// s = k^-1 (e + r d) with secret d and k. Scalars with zero windows, and n-1
// (whose top windows equal n's), take the same path as any other. Both
// fields: MULX/ADX (where the CPU, as valgrind presents it, has it) and base
// x86-64.
#include <algorithm>

#include "crypto/p256_x64.hpp"
#include "tests/ec/ec_ct_common.hpp"

namespace {

using namespace glasstls;

void scalar_mult_cases() { ct_test::ec_scalar_mult_cases(crypto::ec::p256_x64_ops()); }

void n_minus_1_and_signing_cases() {
  const auto& ops = crypto::ec::p256_x64_ops();
  // n - 1, big-endian.
  std::array<std::uint8_t, 32> d = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
                                    0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x50};
  std::array<std::uint8_t, 32> k = ct_test::pattern<32>(21);
  k[0] = 0x42;
  const std::array<std::uint8_t, 32> e = ct_test::pattern<32>(22);
  std::array<std::uint8_t, 32> one{};
  one[31] = 1;
  std::array<std::uint8_t, 64> g{};
  ops.public_from_private(one.data(), g.data());

  ct_test::secret(d);
  ct_test::secret(k);
  std::array<std::uint8_t, 64> q{};
  ops.public_from_private(d.data(), q.data());
  std::array<std::uint8_t, 32> x{};
  const std::uint64_t ok_dh = ops.ecdh(d.data(), g.data(), x.data());
  std::array<std::uint8_t, 32> r{}, s{};
  const std::uint64_t ok_sig = ops.sign_with_k(d.data(), k.data(), e.data(), r.data(), s.data());
  ct_test::declassify(q);
  ct_test::declassify(x);
  ct_test::declassify(r);
  ct_test::declassify(s);
  ct_test::check(ct_test::declassify_value(ok_dh) == ~std::uint64_t{0}, "ECDH result is not O");
  ct_test::check(ct_test::declassify_value(ok_sig) == ~std::uint64_t{0}, "r and s nonzero");
  // (n-1) G = -G: the x of G, the y of G negated.
  ct_test::check(std::equal(q.begin(), q.begin() + 32, g.begin()), "(n-1)G has G's x");
  ct_test::check(!std::equal(q.begin() + 32, q.end(), g.begin() + 32), "(n-1)G is not G");
  ct_test::check(std::equal(x.begin(), x.end(), g.begin()), "ECDH (n-1)*G has G's x");
  ct_test::check(ops.verify(q.data(), e.data(), r.data(), s.data()), "signature verifies");
}

// The MULX/ADX field first (valgrind runs MULX, ADCX and ADOX), then the base
// x86-64 one; on a CPU without BMI2/ADX both passes run the base one.
GLASSTLS_CT_CASE("P-256 x64, both fields: d*G, d*Q, the range check, d = n-1, signing") {
  for (const bool adx : {true, false}) {
    crypto::ec::p256_x64_use_adx(adx);
    scalar_mult_cases();
    n_minus_1_and_signing_cases();
  }
  crypto::ec::p256_x64_use_adx(true);
}

}  // namespace
