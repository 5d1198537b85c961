// ct subject: the GCM tag check (SP 800-38D §7.2 step 8). GcmStream::verify()
// computes the expected tag from a secret key and ciphertext and compares it
// with a secret received tag, returning a Mask; nothing may branch on the
// tag bytes before the verdict is declassified here.
#include <array>

#include "crypto/gcm.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

GLASSTLS_CT_CASE("AES-GCM open: verify() on a secret key, ciphertext and tag") {
  const auto key_bytes = ct_test::pattern<16>(1);
  const auto iv = ct_test::pattern<12>(2);
  const auto aad = ct_test::pattern<13>(3);
  const auto plaintext = ct_test::pattern<40>(4);
  std::array<std::uint8_t, 40> ciphertext{};
  std::array<std::uint8_t, 16> good_tag{};
  {
    auto gcm = crypto::AesGcm::create(key_bytes, crypto::AesBackend::portable);
    ct_test::check(gcm.ok() && gcm->seal(iv, aad, plaintext, ciphertext, good_tag).ok(),
                   "public seal");
  }
  // 16: the right tag; 0 and 15: one bit off in the first or the last byte.
  for (std::size_t flip : {std::size_t{16}, std::size_t{0}, std::size_t{15}}) {
    auto key = key_bytes;
    auto ct = ciphertext;
    auto tag = good_tag;
    if (flip < 16) tag[flip] ^= 0x01;
    ct_test::secret(key);
    ct_test::secret(ct);
    ct_test::secret(tag);
    auto gcm = crypto::AesGcm::create(key, crypto::AesBackend::portable);
    auto stream = crypto::GcmStream::start(*gcm, iv, crypto::GcmStream::Direction::open);
    ct_test::check(stream.ok() && stream->aad(aad).ok(), "start");
    std::array<std::uint8_t, 40> out{};
    ct_test::check(stream->update(ct, out).ok(), "update");
    auto verdict = stream->verify(tag);
    ct_test::check(verdict.ok(), "verify");
    const bool ok = ct_test::declassify(*verdict);
    ct_test::check(ok == (flip == 16), "the verdict");
  }
}

}  // namespace
