// X25519 (RFC 7748): every Wycheproof x25519_test.json vector, the all-zero
// shared-secret rule of RFC 8446 §7.4.2, key generation, and the optional
// 1,000,000-iteration check of RFC 7748 §5.2 (GLASSTLS_SLOW_TESTS=1 only).
// The RFC's own vectors (§5.2, §6.1, 1 and 1,000 iterations) are in
// vectors/x25519-rfc7748.kat and run by kat_vectors_test and below.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

#include "crypto/rng.hpp"
#include "crypto/x25519.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::unhex;
using Key = std::array<std::uint8_t, 32>;

Key key(const std::string& hex) {
  const auto b = unhex(hex);
  Key k{};
  EXPECT_EQ(b.size(), 32u) << hex;
  std::copy(b.begin(), b.begin() + static_cast<long>(std::min<std::size_t>(b.size(), 32)),
            k.begin());
  return k;
}

bool has_flag(const nlohmann::json& t, const char* flag) {
  for (const auto& f : t["flags"]) {
    if (f == flag) return true;
  }
  return false;
}

// Wycheproof's policy, made exact for TLS:
//   valid                          -> the shared secret matches;
//   acceptable + ZeroSharedSecret  -> we MUST refuse (RFC 8446 §7.4.2), with
//                                     illegal_parameter; the raw function still
//                                     gives the all-zero value Wycheproof lists;
//   other acceptable (Twist, NonCanonicalPublic, ...) -> RFC 7748 §5 says to
//                                     accept them: the shared secret matches.
TEST(X25519Wycheproof, EveryVector) {
  auto json = test::wycheproof("x25519_test.json");
  if (!json) return;
  std::size_t valid = 0, acceptable = 0, zero_rejected = 0, total = 0;
  for (const auto& group : (*json)["testGroups"]) {
    ASSERT_EQ(group["curve"], "curve25519");
    for (const auto& t : group["tests"]) {
      ++total;
      SCOPED_TRACE("tcId " + std::to_string(t["tcId"].get<int>()));
      const Key pub = key(t["public"]), priv = key(t["private"]), shared = key(t["shared"]);
      const std::string result = t["result"];
      Key raw;
      x25519::scalar_mult(raw, priv, pub);
      EXPECT_EQ(raw, shared) << "raw X25519(k, u)";
      auto s = x25519::shared_secret(priv, pub);
      EXPECT_EQ(shared == Key{}, has_flag(t, "ZeroSharedSecret"));
      if (shared == Key{}) {
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().alert, AlertDescription::illegal_parameter);
        ++zero_rejected;
      } else {
        ASSERT_TRUE(s.ok());
        EXPECT_TRUE(std::equal(s->bytes().begin(), s->bytes().end(), shared.begin()));
      }
      if (result == "valid")
        ++valid;
      else if (result == "acceptable")
        ++acceptable;
      else
        ADD_FAILURE() << "x25519_test.json has no invalid vectors; got " << result;
    }
  }
  std::printf(
      "x25519_test.json: %zu vectors: %zu valid, %zu acceptable "
      "(%zu all-zero shared secrets refused)\n",
      total, valid, acceptable, zero_rejected);
  EXPECT_EQ(total, (*json)["numberOfTests"].get<std::size_t>());
  EXPECT_EQ(total, 518u);
  EXPECT_EQ(valid, 264u);
  EXPECT_EQ(acceptable, 254u);
  EXPECT_EQ(zero_rejected, 31u);
}

TEST(X25519, ZeroSharedSecretIsRefused) {
  // u = 0 and u = 1 have small order: every private key gives K = 0.
  const Key priv = key("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  for (const Key& u : {Key{}, Key{1}}) {
    auto s = x25519::shared_secret(priv, u);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().alert, AlertDescription::illegal_parameter);
    EXPECT_NE(s.error().rule.find("RFC 8446 §7.4.2"), std::string_view::npos);
  }
}

TEST(X25519, GeneratedKeysAgree) {
  auto rng = HmacDrbg::from_seed(7748);
  for (int i = 0; i < 20; ++i) {
    const auto alice = x25519::generate(rng);
    const auto bob = x25519::generate(rng);
    const Key a_priv = key(test::hex(alice.private_key.bytes()));
    const Key b_priv = key(test::hex(bob.private_key.bytes()));
    EXPECT_EQ(alice.public_key, x25519::public_from_private(a_priv));
    auto k1 = x25519::shared_secret(a_priv, bob.public_key);
    auto k2 = x25519::shared_secret(b_priv, alice.public_key);
    ASSERT_TRUE(k1.ok() && k2.ok());
    EXPECT_EQ(test::hex(k1->bytes()), test::hex(k2->bytes()));
  }
}

TEST(X25519, FixedBasePublicKeyEqualsTheLadder) {
  // public_from_private goes through edwards25519's table (RFC 7748 §4.1's
  // birational map); it must equal the ladder's X25519(k, 9).
  test::TestRandom r(9);
  for (int i = 0; i < 200; ++i) {
    const Key k = key(test::hex(r.bytes(32)));
    Key ladder;
    x25519::scalar_mult(ladder, k, Key{9});
    EXPECT_EQ(test::hex(x25519::public_from_private(k)), test::hex(ladder)) << test::hex(k);
  }
}

TEST(X25519, TopBitOfUIsIgnored) {
  // RFC 7748 §5: implementations "MUST mask the most significant bit".
  const Key k = key("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  Key u = key("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
  Key a, b;
  x25519::scalar_mult(a, k, u);
  u[31] ^= 0x80;
  x25519::scalar_mult(b, k, u);
  EXPECT_EQ(a, b);
}

// RFC 7748 §5.2: "After 1,000,000 iterations:
// 7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424" (about
// a minute here; never in CI).
TEST(X25519, MillionIterations) {
  const char* slow = std::getenv("GLASSTLS_SLOW_TESTS");
  if (slow == nullptr || std::strcmp(slow, "1") != 0) {
    GTEST_SKIP() << "set GLASSTLS_SLOW_TESTS=1 to run the 1,000,000-iteration check";
  }
  Key k{9}, u{9};
  for (int i = 0; i < 1000000; ++i) {
    Key next;
    x25519::scalar_mult(next, k, u);
    u = k;
    k = next;
  }
  EXPECT_EQ(test::hex(k), "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424");
}

}  // namespace
}  // namespace glasstls::crypto
