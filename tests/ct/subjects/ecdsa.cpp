// ct subject: ECDSA signing on P-256 and P-384 with a secret key: the RFC 6979
// nonce generator (HMAC_DRBG keyed by d) and the signing core s = k^-1 (e + r d)
// with secret d and k. The nonce loop's retry test ("k in [1, n-1]", a public
// verdict by design, see crypto/ecdsa.cpp) is the one branch left to the caller.
#include "crypto/p256_x64.hpp"
#include "crypto/rfc6979.hpp"
#include "tests/ec/ec_ct_common.hpp"

namespace {

using namespace glasstls;

void sign_case(const crypto::ec::CurveOps& ops, crypto::HashId id) {
  const std::size_t n = ops.bytes;
  auto d = ct_test::pattern<48>(11);
  d[0] = 0x3c;  // below n on both curves
  const auto e = ct_test::pattern<48>(12);
  std::array<std::uint8_t, 48> h{};
  ops.reduce_mod_n(e.data(), h.data());
  const auto extra = ct_test::pattern<48>(13);
  ct_test::secret(std::span(d.data(), n));
  ct_test::secret(std::span(extra.data(), n));

  crypto::Rfc6979 gen(id, std::span(d.data(), n), std::span(h.data(), n),
                      std::span(extra.data(), n));
  std::array<std::uint8_t, 48> k{};
  gen.next(std::span(k.data(), n));
  const std::uint64_t in_range = ops.scalar_in_range(k.data());
  std::array<std::uint8_t, 48> r{}, s{};
  const std::uint64_t ok = ops.sign_with_k(d.data(), k.data(), e.data(), r.data(), s.data());
  ct_test::declassify(std::span(r.data(), n));
  ct_test::declassify(std::span(s.data(), n));
  ct_test::check(ct_test::declassify_value(in_range) == ~std::uint64_t{0}, "k in range");
  ct_test::check(ct_test::declassify_value(ok) == ~std::uint64_t{0}, "r and s nonzero");
  // The signature verifies with the public key d*G.
  ct_test::declassify(std::span(d.data(), n));
  std::array<std::uint8_t, 96> xy{};
  ops.public_from_private(d.data(), xy.data());
  ct_test::check(ops.verify(xy.data(), e.data(), r.data(), s.data()), "signature verifies");
}

GLASSTLS_CT_CASE("ECDSA P-256 / SHA-256: RFC 6979 nonce and signing core") {
  sign_case(crypto::ec::p256_ops(), crypto::HashId::sha256);
}
// p256_ops() is the dedicated backend unless GLASSTLS_PORTABLE is set: the
// portable one too.
GLASSTLS_CT_CASE("ECDSA P-256 / SHA-256 on the portable backend") {
  sign_case(crypto::ec::p256_portable_ops(), crypto::HashId::sha256);
}
GLASSTLS_CT_CASE("ECDSA P-384 / SHA-384: RFC 6979 nonce and signing core") {
  sign_case(crypto::ec::p384_ops(), crypto::HashId::sha384);
}

}  // namespace
