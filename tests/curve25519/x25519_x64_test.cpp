// The MULX/ADX X25519 backend (crypto/x25519_x64.cpp) against RFC 7748 §5.2
// (both vectors, 1 and 1,000 iterations), §6.1 (Alice and Bob), every
// Wycheproof x25519_test.json vector, and the portable ladder (x25519.cpp over
// field25519.cpp) on random and edge inputs: u = 0, 1, p - 1, p, p + 1,
// 2^255 - 1, the small-order points (all-zero output, refused by
// shared_secret), bit 255 set, scalars whose clamped bits are all ones or all
// zeros. Dispatch: scalar_mult() uses the backend unless portable is forced.
// On a CPU without BMI2 and ADX every test here is skipped.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "crypto/cpu.hpp"
#include "crypto/x25519.hpp"
#include "crypto/x25519_x64.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Key = std::array<std::uint8_t, 32>;

#if defined(__x86_64__)
Key key(const std::string& hex) {
  const auto b = test::unhex(hex);
  Key k{};
  EXPECT_EQ(b.size(), 32u) << hex;
  std::copy_n(b.begin(), std::min<std::size_t>(b.size(), 32), k.begin());
  return k;
}

class X25519X64 : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!x25519::x64_supported()) GTEST_SKIP() << "this CPU has no BMI2/ADX";
  }
};

// The backend itself: X25519(k, u) with k clamped as decodeScalar25519 does.
Key fast(const Key& k, const Key& u) {
  Key c = k;
  c[0] &= 248;
  c[31] &= 127;
  c[31] |= 64;
  Key out;
  x25519::scalar_mult_x64(out, c, u);
  return out;
}
// The portable reference, through the public API with the portable path forced.
Key portable(const Key& k, const Key& u) {
  ScopedPortable forced;
  Key out;
  x25519::scalar_mult(out, k, u);
  return out;
}

TEST_F(X25519X64, DispatchPicksItUnlessPortableIsForced) {
  EXPECT_TRUE(x25519::x64_selected() || portable_forced());
  {
    ScopedPortable forced;
    EXPECT_FALSE(x25519::x64_selected());
  }
  ScopedPortable allowed(false);
  EXPECT_TRUE(x25519::x64_selected());
}

TEST_F(X25519X64, Rfc7748Vectors) {
  // RFC 7748 §5.2, the two test vectors (the second u has bit 255 set).
  EXPECT_EQ(
      test::hex(fast(key("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                     key("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))),
      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  EXPECT_EQ(
      test::hex(fast(key("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                     key("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))),
      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  // RFC 7748 §6.1: Alice's and Bob's public keys and their shared secret.
  const Key a = key("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const Key b = key("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const Key a_pub = fast(a, Key{9}), b_pub = fast(b, Key{9});
  EXPECT_EQ(test::hex(a_pub), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(test::hex(b_pub), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  const char* shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  EXPECT_EQ(test::hex(fast(a, b_pub)), shared);
  EXPECT_EQ(test::hex(fast(b, a_pub)), shared);
}

TEST_F(X25519X64, Rfc7748ThousandIterations) {
  // RFC 7748 §5.2: k = u = 9, then (k, u) = (X25519(k, u), k).
  Key k{9}, u{9};
  for (int i = 1; i <= 1000; ++i) {
    const Key next = fast(k, u);
    u = k;
    k = next;
    if (i == 1) {
      EXPECT_EQ(test::hex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(test::hex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

TEST_F(X25519X64, EveryWycheproofVector) {
  auto json = test::wycheproof("x25519_test.json");
  if (!json) return;
  std::size_t total = 0;
  for (const auto& group : (*json)["testGroups"]) {
    for (const auto& t : group["tests"]) {
      ++total;
      const Key pub = key(t["public"]), priv = key(t["private"]), shared = key(t["shared"]);
      EXPECT_EQ(test::hex(fast(priv, pub)), test::hex(shared))
          << "tcId " << t["tcId"].get<int>() << " " << t["comment"].get<std::string>();
    }
  }
  EXPECT_EQ(total, 518u);
}

// The encodings of the points of order 1, 2, 4 and 8 (and p, p + 1, which are
// 0 and 1 again): X25519 of any scalar is 0 for each, also with bit 255 set.
std::vector<Key> small_order_points() {
  std::vector<Key> out;
  for (const char* hex : {
           "0000000000000000000000000000000000000000000000000000000000000000",
           "0100000000000000000000000000000000000000000000000000000000000000",
           "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
           "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
           "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p
           "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1
       }) {
    Key u = key(hex);
    out.push_back(u);
    u[31] |= 0x80;
    out.push_back(u);
  }
  return out;
}

TEST_F(X25519X64, SmallOrderPointsGiveZeroAndAreRefused) {
  ScopedPortable allowed(false);  // shared_secret() on the backend
  test::TestRandom r(25519);
  for (const Key& u : small_order_points()) {
    for (int i = 0; i < 4; ++i) {
      const Key k = key(test::hex(r.bytes(32)));
      EXPECT_EQ(fast(k, u), Key{}) << test::hex(u);
      auto s = x25519::shared_secret(k, u);
      ASSERT_FALSE(s.ok()) << test::hex(u);
      EXPECT_EQ(s.error().alert, AlertDescription::illegal_parameter);
    }
  }
}

// u values at the edges of the field and of the 4x64 representation.
std::vector<Key> edge_us() {
  std::vector<Key> out = small_order_points();
  for (const char* hex : {
           "0900000000000000000000000000000000000000000000000000000000000000",
           "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // 2^255 - 1
           "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  // 2^256 - 1
           "efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 2
           "ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 2
           "0000000000000000000000000000000000000000000000000000000000000080",  // 2^255
           "ffffffffffffffff000000000000000000000000000000000000000000000000",
           "00000000000000000000000000000000000000000000000000000000ffffff7f",
           "0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff",
       }) {
    out.push_back(key(hex));
  }
  return out;
}

std::vector<Key> edge_ks() {
  std::vector<Key> out;
  Key k{};
  out.push_back(k);  // clamped: 2^254
  k.fill(0xff);
  out.push_back(k);  // clamped: 2^255 - 8
  k.fill(0);
  k[0] = 8;
  out.push_back(k);  // 2^254 + 8
  k.fill(0xaa);
  out.push_back(k);
  k.fill(0x55);
  out.push_back(k);
  return out;
}

TEST_F(X25519X64, EdgeInputsAgreeWithThePortableLadder) {
  test::TestRandom r(7748);
  std::vector<Key> ks = edge_ks();
  for (int i = 0; i < 3; ++i) ks.push_back(key(test::hex(r.bytes(32))));
  for (const Key& u : edge_us()) {
    for (const Key& k : ks) {
      EXPECT_EQ(test::hex(fast(k, u)), test::hex(portable(k, u)))
          << "k " << test::hex(k) << " u " << test::hex(u);
    }
  }
}

TEST_F(X25519X64, RandomInputsAgreeWithThePortableLadder) {
  // 2,000 random (k, u), u with bit 255 set or not, and the results fed back
  // as u (points on the curve) for another 1,000.
  test::TestRandom r(2026);
  Key chained{9};
  for (int i = 0; i < 3000; ++i) {
    const Key k = key(test::hex(r.bytes(32)));
    const Key u = i < 2000 ? key(test::hex(r.bytes(32))) : chained;
    const Key got = fast(k, u);
    ASSERT_EQ(test::hex(got), test::hex(portable(k, u)))
        << "k " << test::hex(k) << " u " << test::hex(u);
    chained = got;
  }
}

TEST_F(X25519X64, TheApiUsesItAndAgreesWithPortable) {
  // shared_secret() and scalar_mult() through the dispatch, both ways.
  test::TestRandom r(8446);
  for (int i = 0; i < 50; ++i) {
    const Key a = key(test::hex(r.bytes(32))), b = key(test::hex(r.bytes(32)));
    const Key b_pub = x25519::public_from_private(b);
    Key via_api;
    {
      ScopedPortable allowed(false);
      x25519::scalar_mult(via_api, a, b_pub);
    }
    EXPECT_EQ(via_api, fast(a, b_pub));
    EXPECT_EQ(via_api, portable(a, b_pub));
    ScopedPortable allowed(false);
    auto s = x25519::shared_secret(a, b_pub);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(test::hex(s->bytes()), test::hex(via_api));
  }
}
#endif

}  // namespace
}  // namespace glasstls::crypto
