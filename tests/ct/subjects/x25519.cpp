// ct subject: X25519 (crypto/x25519.cpp, crypto/field25519.cpp) with a secret
// scalar, and with a secret u-coordinate too: the Montgomery ladder's cswap, the
// field arithmetic and the Fermat inversion must not branch on or index by
// either. shared_secret()'s all-zero check ends in a public verdict
// (Mask::declassify, a deliberate branch), so the subject runs the raw function
// and public_from_private and compares with runs on public inputs.
#include <array>

#include "crypto/x25519.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using Key = std::array<std::uint8_t, 32>;

GLASSTLS_CT_CASE("X25519(k, u) with a secret scalar k (RFC 7748 §5 ladder)") {
  const Key k_bytes = ct_test::pattern<32>(7748);
  const Key u = crypto::x25519::public_from_private(ct_test::pattern<32>(6));
  Key expected;
  crypto::x25519::scalar_mult(expected, k_bytes, u);
  Key k = k_bytes;
  ct_test::secret(k);
  Key out;
  crypto::x25519::scalar_mult(out, k, u);
  ct_test::declassify(out);
  ct_test::check(out == expected, "secret-scalar result equals the public one");
}

GLASSTLS_CT_CASE("X25519(k, u) with secret k and secret u (u off the curve, bit 255 set)") {
  const Key k_bytes = ct_test::pattern<32>(1);
  Key u_bytes = ct_test::pattern<32>(2);
  u_bytes[31] |= 0x80;
  Key expected;
  crypto::x25519::scalar_mult(expected, k_bytes, u_bytes);
  Key k = k_bytes, u = u_bytes;
  ct_test::secret(k);
  ct_test::secret(u);
  Key out;
  crypto::x25519::scalar_mult(out, k, u);
  ct_test::declassify(out);
  ct_test::check(out == expected, "secret-input result equals the public one");
}

GLASSTLS_CT_CASE("X25519 public key from a secret private key (k * 9)") {
  const Key k_bytes = ct_test::pattern<32>(3);
  const Key expected = crypto::x25519::public_from_private(k_bytes);
  Key k = k_bytes;
  ct_test::secret(k);
  Key pub = crypto::x25519::public_from_private(k);
  ct_test::declassify(pub);
  ct_test::check(pub == expected, "public key equals the public run");
}

}  // namespace
