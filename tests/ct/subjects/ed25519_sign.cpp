// ct subject: Ed25519 key derivation and signing (RFC 8032 §5.1.5, §5.1.6)
// with a secret private key: SHA-512 of the seed, clamping, the fixed-base
// scalar multiplication (masked scans of the table of multiples of B), the
// scalar arithmetic mod L and the point encoding must not branch on or index
// by the key or the nonce r. The message is public.
#include <array>

#include "crypto/ed25519.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

void sign_case(std::uint32_t seed_pattern, std::size_t msg_len) {
  const auto seed_bytes = ct_test::pattern<32>(seed_pattern);
  const auto msg_all = ct_test::pattern<256>(seed_pattern + 1);
  const std::span<const std::uint8_t> msg(msg_all.data(), msg_len);
  // The reference run, on public inputs (it also builds the table of B).
  const auto ref_key = crypto::ed25519::SigningKey::from_seed(seed_bytes);
  const auto expected_sig = ref_key.sign(msg);
  const auto expected_pub = ref_key.public_key();

  auto seed = seed_bytes;
  ct_test::secret(seed);
  const auto key = crypto::ed25519::SigningKey::from_seed(seed);
  auto sig = key.sign(msg);
  auto pub = key.public_key();
  ct_test::declassify(sig);  // a signature is sent
  ct_test::declassify(pub);
  ct_test::check(sig == expected_sig, "signature equals the public run");
  ct_test::check(pub == expected_pub, "public key equals the public run");
}

GLASSTLS_CT_CASE("Ed25519 from_seed + sign, secret seed, empty message") { sign_case(1, 0); }
GLASSTLS_CT_CASE("Ed25519 from_seed + sign, secret seed, 64-byte message") { sign_case(2, 64); }
GLASSTLS_CT_CASE("Ed25519 from_seed + sign, secret seed, 255-byte message") { sign_case(3, 255); }

}  // namespace
