// ct subject: the portable GHASH (crypto/ghash_ctmul64.cpp: integer
// multiplication with masked holes) with a secret hash key H, state and data,
// and a whole portable AES-GCM seal with a secret key and plaintext.
#include <array>
#include <vector>

#include "crypto/gcm.hpp"
#include "crypto/ghash.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

GLASSTLS_CT_CASE("GHASH ctmul64: secret H, state and blocks") {
  const auto h_bytes = ct_test::pattern<16>(1);
  const auto y_bytes = ct_test::pattern<16>(2);
  const auto data = ct_test::pattern<16 * 5>(3);
  std::array<std::uint8_t, 16> expected = y_bytes;
  {
    crypto::GhashKey key;
    crypto::ghash_init(key, h_bytes.data(), crypto::GhashBackend::ctmul64);
    crypto::ghash_update(key, expected.data(), data.data(), 5);
  }
  auto h = h_bytes;
  auto y = y_bytes;
  auto blocks = data;
  ct_test::secret(h);
  ct_test::secret(y);
  ct_test::secret(blocks);
  crypto::GhashKey key;
  crypto::ghash_init(key, h.data(), crypto::GhashBackend::ctmul64);
  crypto::ghash_update(key, y.data(), blocks.data(), 5);
  ct_test::declassify(y);
  ct_test::check(y == expected, "secret-input GHASH equals the public one");
}

GLASSTLS_CT_CASE("AES-GCM portable seal: secret key and plaintext (IV, AAD, lengths public)") {
  const auto key_bytes = ct_test::pattern<16>(4);
  const auto iv = ct_test::pattern<12>(5);
  const auto aad = ct_test::pattern<13>(6);
  const auto data = ct_test::pattern<100>(7);  // 6 blocks and a partial one
  std::vector<std::uint8_t> expected(data.size());
  std::array<std::uint8_t, 16> expected_tag{};
  {
    auto gcm = crypto::AesGcm::create(key_bytes, crypto::AesBackend::portable);
    ct_test::check(gcm.ok() && gcm->seal(iv, aad, data, expected, expected_tag).ok(),
                   "public seal");
  }
  auto key = key_bytes;
  std::vector<std::uint8_t> msg(data.begin(), data.end()), out(data.size());
  std::array<std::uint8_t, 16> tag{};
  ct_test::secret(key);
  ct_test::secret(msg);
  auto gcm = crypto::AesGcm::create(key, crypto::AesBackend::portable);
  const bool sealed = gcm.ok() && gcm->seal(iv, aad, msg, out, tag).ok();  // sizes only
  ct_test::declassify(out);
  ct_test::declassify(tag);
  ct_test::check(sealed && out == expected && tag == expected_tag,
                 "secret-input seal equals the public one");
}

}  // namespace
