// ct subject: HMAC-SHA-256/384/512 with a secret key (and secret messages).
#include <array>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/hmac.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::HashId;

std::span<const std::uint8_t> text(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

GLASSTLS_CT_CASE("HMAC RFC 4231 test case 2 with a secret key") {
  const std::string_view msg = "what do ya want for nothing?";
  std::array<std::uint8_t, 4> key = {'J', 'e', 'f', 'e'};
  ct_test::secret(key);
  auto t256 = crypto::Hmac::mac(HashId::sha256, key, text(msg));
  auto t384 = crypto::Hmac::mac(HashId::sha384, key, text(msg));
  ct_test::declassify(t256.bytes());
  ct_test::declassify(t384.bytes());
  ct_test::check(crypto::to_hex(t256.bytes()) ==
                     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                 "HMAC-SHA-256");
  ct_test::check(crypto::to_hex(t384.bytes()) ==
                     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                     "8e2240ca5e69e2c78b3239ecfab21649",
                 "HMAC-SHA-384");
}

GLASSTLS_CT_CASE("HMAC with secret keys shorter than, equal to and longer than a block") {
  const auto key_bytes = ct_test::pattern<200>(21);
  const auto msg_bytes = ct_test::pattern<150>(22);
  for (auto id : {HashId::sha256, HashId::sha384, HashId::sha512}) {
    for (std::size_t key_len : {16, 32, 64, 128, 129, 200}) {
      const std::vector<std::uint8_t> pub_key(key_bytes.begin(),
                                              key_bytes.begin() + static_cast<long>(key_len));
      const auto expected = crypto::Hmac::mac(id, pub_key, msg_bytes);

      std::vector<std::uint8_t> key = pub_key;
      auto msg = msg_bytes;  // a secret message too (the PRF and HKDF MAC secrets)
      ct_test::secret(key);
      ct_test::secret(msg);
      crypto::Hmac h(id, key);
      h.update(std::span(msg).first(70));
      h.update(std::span(msg).subspan(70));
      auto tag = h.finish();
      // The object is reusable under the same key: MAC again and verify.
      h.update(msg);
      const bool ok = ct_test::declassify(h.verify(expected.bytes()));
      ct_test::declassify(tag.bytes());
      ct_test::check(crypto::to_hex(tag.bytes()) == crypto::to_hex(expected.bytes()),
                     "tag equals the public run");
      ct_test::check(ok, "verify accepts the right tag");

      auto wrong = crypto::HashSecret::from(expected.bytes());
      wrong.mutable_bytes()[5] ^= 1;
      ct_test::secret(wrong.mutable_bytes());  // a secret expected tag, too
      h.update(msg);
      ct_test::check(!ct_test::declassify(h.verify(wrong.bytes())), "verify rejects a wrong tag");
    }
  }
}

}  // namespace
