// ct subject: the RSA private operation (crypto/rsa_key.cpp, rsa_blinding.cpp):
// blinding, reduction mod p and q, the two CRT exponentiations, Garner's
// recombination and unblinding, with p, q (and their Montgomery constants),
// dP, dQ, qInv and the blinding pair all secret. Both the refresh path (a new
// u, inverted by Fermat) and the squaring path run. The final re-encryption
// check of private_op ends in a public verdict (a fault or not), so the subject
// runs rsa_private_core, the part before it, and compares with a public run.
#include <vector>

#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::mont::Limbs;

void secret_limbs(const std::uint64_t* p, std::size_t n) {
  ct_test::secret(std::span(reinterpret_cast<const std::uint8_t*>(p), n * 8));
}

GLASSTLS_CT_CASE("RSA-2048 private operation (CRT + blinding), secret key and blinding") {
  auto rng = crypto::HmacDrbg::from_seed(8017);
  auto key = crypto::RsaPrivateKey::generate(rng, 2048).value();
  const auto& k = crypto::RsaKeyAccess::impl(key);
  const std::size_t nn = k.pub.modulus().limbs(), np = k.p.limbs(), nq = k.q.limbs();
  auto input = ct_test::pattern<256>(5);
  input[0] = 0x00;  // below n
  std::vector<std::uint8_t> expected(256);
  ct_test::check(key.private_op(input, expected, rng).ok(), "public run succeeded");
  for (const crypto::mont::Modulus* m : {&k.p, &k.q}) {
    secret_limbs(m->m(), m->limbs());
    secret_limbs(m->r2(), m->limbs());
    secret_limbs(m->one(), m->limbs());
  }
  secret_limbs(k.dp.data(), np);
  secret_limbs(k.dq.data(), nq);
  secret_limbs(k.qinv_mont.data(), np);
  secret_limbs(k.blind.data(), nn);
  secret_limbs(k.unblind.data(), nn);
  Limbs c{};
  crypto::mont::limbs_from_bytes(c.data(), nn, input);
  for (unsigned uses : {0u, 5u}) {  // 0: refresh the blinding pair; 5: square it
    k.uses = uses;
    Limbs out{};
    crypto::rsa_private_core(k, c.data(), out.data(), rng);
    std::vector<std::uint8_t> got(256);
    crypto::mont::limbs_to_bytes(got, out.data(), nn);
    ct_test::declassify(got);
    ct_test::check(got == expected, "secret-key result equals the public run");
  }
}

}  // namespace
