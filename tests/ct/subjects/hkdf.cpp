// ct subject: HKDF extract/expand and the TLS 1.3 labels with secret inputs.
#include <algorithm>
#include <array>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/hkdf.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::HashId;

GLASSTLS_CT_CASE("HKDF RFC 5869 test case 1 with secret salt and IKM") {
  std::array<std::uint8_t, 22> ikm;
  ikm.fill(0x0b);
  std::array<std::uint8_t, 13> salt;
  for (std::size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<std::uint8_t>(i);
  std::array<std::uint8_t, 10> info;
  for (std::size_t i = 0; i < info.size(); ++i) info[i] = static_cast<std::uint8_t>(0xf0 + i);
  // In TLS 1.3 the salt is itself a derived secret, so it is secret here too.
  ct_test::secret(ikm);
  ct_test::secret(salt);
  auto prk = crypto::hkdf_extract(HashId::sha256, salt, ikm);
  std::array<std::uint8_t, 42> okm{};
  const bool ok = crypto::hkdf_expand(HashId::sha256, prk.bytes(), info, okm).ok();
  ct_test::declassify(prk.bytes());
  ct_test::declassify(okm);
  ct_test::check(ok, "expand succeeds");
  ct_test::check(crypto::to_hex(prk.bytes()) ==
                     "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                 "PRK");
  ct_test::check(crypto::to_hex(okm) ==
                     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                     "34007208d5b887185865",
                 "OKM");
}

GLASSTLS_CT_CASE("HKDF-Expand-Label and Derive-Secret on a secret (SHA-256, SHA-384)") {
  const auto secret_bytes = ct_test::pattern<48>(31);
  const auto transcript = ct_test::pattern<48>(32);
  for (auto id : {HashId::sha256, HashId::sha384}) {
    const std::size_t n = crypto::digest_size(id);
    std::array<std::uint8_t, 48> pub_secret{};
    std::copy_n(secret_bytes.begin(), n, pub_secret.begin());
    const auto s_pub = std::span(pub_secret).first(n);
    const auto th = std::span(transcript).first(n);

    std::array<std::uint8_t, 32> key_ref{};
    const bool ok_ref = crypto::hkdf_expand_label(id, s_pub, "key", {}, key_ref).ok();
    auto derived_ref = crypto::derive_secret(id, s_pub, "c hs traffic", th);
    auto prk_ref = crypto::hkdf_extract(id, s_pub, s_pub);

    auto s = pub_secret;
    ct_test::secret(s);
    const auto s_sec = std::span(s).first(n);
    std::array<std::uint8_t, 32> key{};
    const bool ok = crypto::hkdf_expand_label(id, s_sec, "key", {}, key).ok();
    auto derived = crypto::derive_secret(id, s_sec, "c hs traffic", th);
    auto prk = crypto::hkdf_extract(id, s_sec, s_sec);  // secret salt and IKM
    ct_test::declassify(key);
    ct_test::declassify(prk.bytes());
    ct_test::check(ok && ok_ref && key == key_ref, "expand_label equals the public run");
    ct_test::check(derived.ok() && derived_ref.ok(), "derive_secret succeeds");
    if (derived.ok() && derived_ref.ok()) {
      ct_test::declassify(derived->bytes());
      ct_test::check(crypto::to_hex(derived->bytes()) == crypto::to_hex(derived_ref->bytes()),
                     "derive_secret equals the public run");
    }
    ct_test::check(crypto::to_hex(prk.bytes()) == crypto::to_hex(prk_ref.bytes()),
                   "extract equals the public run");
  }
}

}  // namespace
