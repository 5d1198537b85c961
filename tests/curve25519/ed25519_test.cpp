// Ed25519 (RFC 8032): every Wycheproof ed25519_test.json vector, and the rules
// of §5.1.3 / §5.1.7 one at a time (S >= L, non-canonical A and R, lengths,
// every bit of a signature). The RFC's §7.1 vectors are in
// vectors/ed25519-rfc8032.kat (kat_vectors_test) and are re-run below.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "crypto/ed25519.hpp"
#include "crypto/rng.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;
using test::unhex;
using Bytes = std::vector<std::uint8_t>;
using Key = std::array<std::uint8_t, 32>;

Key key(const std::string& h) {
  const auto b = unhex(h);
  Key k{};
  EXPECT_EQ(b.size(), 32u);
  std::copy_n(b.begin(), std::min<std::size_t>(b.size(), 32), k.begin());
  return k;
}

bool verifies(const Key& pub, const Bytes& msg, const Bytes& sig) {
  return ed25519::verify(pub, msg, sig).ok();
}

// Wycheproof EddsaVerify: "valid" must verify, "invalid" must not (there is
// no "acceptable" in this file; the test fails if one appears).
TEST(Ed25519Wycheproof, EveryVector) {
  auto json = test::wycheproof("ed25519_test.json");
  if (!json) return;
  std::size_t valid = 0, invalid = 0, groups = 0;
  for (const auto& group : (*json)["testGroups"]) {
    ++groups;
    const auto pk_bytes = unhex(group["publicKey"]["pk"].get<std::string>());
    ASSERT_EQ(pk_bytes.size(), 32u);
    Key pk;
    std::copy(pk_bytes.begin(), pk_bytes.end(), pk.begin());
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(t["tcId"].get<int>()) + " " +
                   t["comment"].get<std::string>());
      const auto msg = unhex(t["msg"].get<std::string>());
      const auto sig = unhex(t["sig"].get<std::string>());
      const std::string result = t["result"];
      if (result == "valid") {
        EXPECT_TRUE(verifies(pk, msg, sig));
        ++valid;
      } else if (result == "invalid") {
        EXPECT_FALSE(verifies(pk, msg, sig));
        ++invalid;
      } else {
        ADD_FAILURE() << "unexpected result " << result;
      }
    }
  }
  std::printf("ed25519_test.json: %zu vectors in %zu key groups: %zu valid, %zu invalid\n",
              valid + invalid, groups, valid, invalid);
  EXPECT_EQ(valid + invalid, (*json)["numberOfTests"].get<std::size_t>());
  EXPECT_EQ(valid, 88u);
  EXPECT_EQ(invalid, 63u);
}

// RFC 8032 §7.1 TEST 1 (empty message), re-used by the rule tests below.
const char* kSeed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const char* kPub1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

TEST(Ed25519, Rfc8032Test1) {
  const auto k = ed25519::SigningKey::from_seed(key(kSeed1));
  EXPECT_EQ(hex(k.public_key()), kPub1);
  EXPECT_EQ(hex(k.sign({})),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(Ed25519, EveryBitOfTheSignatureMatters) {
  const auto k = ed25519::SigningKey::from_seed(key(kSeed1));
  const Bytes msg = {'g', 'l', 'a', 's', 's'};
  const auto sig = k.sign(msg);
  const Bytes good(sig.begin(), sig.end());
  ASSERT_TRUE(verifies(k.public_key(), msg, good));
  for (std::size_t bit = 0; bit < 512; ++bit) {
    Bytes bad = good;
    bad[bit / 8] = static_cast<std::uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
    EXPECT_FALSE(verifies(k.public_key(), msg, bad)) << "bit " << bit;
  }
  for (std::size_t n : {0u, 1u, 32u, 63u, 65u, 128u}) {
    Bytes other = good;
    other.resize(n);
    const auto r = ed25519::verify(k.public_key(), msg, other);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
  }
  Bytes other_msg = msg;
  other_msg[0] ^= 1;
  EXPECT_FALSE(verifies(k.public_key(), other_msg, good));
}

TEST(Ed25519, NonCanonicalSIsRejected) {
  // S + L also satisfies [S]B = R + [k]A; RFC 8032 §5.1.7 requires S < L.
  const auto k = ed25519::SigningKey::from_seed(key(kSeed1));
  const Bytes msg = {'m'};
  const auto sig = k.sign(msg);
  Bytes malleated(sig.begin(), sig.end());
  // Add L = 2^252 + 27742317777372353535851937790883648493 to S (little-endian).
  const auto L = unhex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned sum = malleated[32 + i] + L[i] + carry;
    malleated[32 + i] = static_cast<std::uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);  // S < L < 2^253, so S + L < 2^254
  const auto r = ed25519::verify(k.public_key(), msg, malleated);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::decrypt_error);
  EXPECT_NE(r.error().rule.find("not below L"), std::string_view::npos);
}

TEST(Ed25519, NonCanonicalPublicKeysAreRejected) {
  // RFC 8032 §5.1.3: y >= p fails; x = 0 with the sign bit set fails; a y with
  // no x on the curve fails.
  const Bytes msg = {'e'};
  const Bytes sig(64, 0);
  for (const char* pk : {
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p
           "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 1
           "0100000000000000000000000000000000000000000000000000000000000080",  // x = 0, sign 1
           "0200000000000000000000000000000000000000000000000000000000000000",  // y = 2: no x
       }) {
    const auto r = ed25519::verify(key(pk), msg, sig);
    ASSERT_FALSE(r.ok()) << pk;
    EXPECT_EQ(r.error().alert, AlertDescription::illegal_parameter) << pk;
  }
}

TEST(Ed25519, SignVerifyRoundTrip) {
  auto rng = HmacDrbg::from_seed(8032);
  test::TestRandom r(25519);
  for (int i = 0; i < 50; ++i) {
    const auto k = ed25519::SigningKey::generate(rng);
    const Bytes msg = r.bytes(r.below(300));
    const auto sig = k.sign(msg);
    EXPECT_EQ(sig, k.sign(msg)) << "deterministic";
    EXPECT_TRUE(verifies(k.public_key(), msg, Bytes(sig.begin(), sig.end())));
    const auto again = ed25519::SigningKey::from_seed(key(hex(k.seed().bytes())));
    EXPECT_EQ(again.public_key(), k.public_key());
  }
}

}  // namespace
}  // namespace glasstls::crypto
