// HMAC, HKDF and PRF behaviour beyond the known answers (tests/vectors).
#include <gtest/gtest.h>

#include "crypto/hex.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/prf12.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::as_bytes;
using test::unhex;

TEST(Hmac, ReusableAfterFinishAndVerifies) {
  const auto key = unhex("000102030405060708090a0b0c0d0e0f");
  Hmac h(HashId::sha256, key);
  h.update(as_bytes("first"));
  const auto a = h.finish();
  h.update(as_bytes("fir"));
  h.update(as_bytes("st"));
  const auto b = h.finish();
  EXPECT_TRUE(ct_equal(a, b).declassify());
  h.update(as_bytes("first"));
  EXPECT_TRUE(h.verify(a.bytes()).declassify());
  h.update(as_bytes("First"));
  EXPECT_FALSE(h.verify(a.bytes()).declassify());
  h.update(as_bytes("first"));
  EXPECT_FALSE(h.verify(a.bytes().first(31)).declassify());
}

TEST(Hmac, KeyLongerThanBlockIsHashedFirst) {
  // RFC 2104 §2: a key longer than B bytes is replaced by H(key).
  test::TestRandom rnd(3);
  for (HashId id : {HashId::sha256, HashId::sha384, HashId::sha512}) {
    const auto long_key = rnd.bytes(block_size(id) + 1);
    std::vector<std::uint8_t> hashed(digest_size(id));
    hash(id, long_key, hashed);
    const auto m1 = Hmac::mac(id, long_key, as_bytes("msg"));
    const auto m2 = Hmac::mac(id, hashed, as_bytes("msg"));
    EXPECT_TRUE(ct_equal(m1, m2).declassify()) << name(id);
  }
}

TEST(Hkdf, ExpandLengthLimit) {
  // RFC 5869 §2.3: L <= 255*HashLen.
  const auto prk = hkdf_extract(HashId::sha256, {}, as_bytes("ikm"));
  std::vector<std::uint8_t> max(255 * 32), over(255 * 32 + 1);
  EXPECT_TRUE(hkdf_expand(HashId::sha256, prk.bytes(), {}, max).ok());
  const auto r = hkdf_expand(HashId::sha256, prk.bytes(), {}, over);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().rule.find("RFC 5869"), std::string_view::npos);
  // Shorter outputs are prefixes of longer ones.
  std::vector<std::uint8_t> shorter(100);
  ASSERT_TRUE(hkdf_expand(HashId::sha256, prk.bytes(), {}, shorter).ok());
  EXPECT_TRUE(std::equal(shorter.begin(), shorter.end(), max.begin()));
}

TEST(Hkdf, EmptySaltEqualsHashLenZeros) {
  const std::vector<std::uint8_t> zeros(48, 0);
  const auto a = hkdf_extract(HashId::sha384, {}, as_bytes("ikm"));
  const auto b = hkdf_extract(HashId::sha384, zeros, as_bytes("ikm"));
  EXPECT_TRUE(ct_equal(a, b).declassify());
}

TEST(Hkdf, LabelStructureMatchesRfc8446) {
  // The HkdfLabel bytes printed in draft-ietf-tls-tls13-vectors §3 ("key info"
  // and the "derived" info): length, "tls13 " + label, context.
  auto key_info = hkdf_label(16, "key", {});
  ASSERT_TRUE(key_info.ok());
  EXPECT_EQ(to_hex(*key_info),
            "001009746c73313320"
            "6b657900");
  const auto empty_hash = Sha256::hash({});
  auto derived = hkdf_label(32, "derived", empty_hash);
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(to_hex(*derived),
            "00200d746c7331332064657269766564"
            "20e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hkdf, LabelTooLongIsAnError) {
  const std::string label(250, 'x');  // "tls13 " + 250 > 255
  EXPECT_FALSE(hkdf_label(32, label, {}).ok());
  EXPECT_TRUE(hkdf_label(32, std::string(249, 'x'), {}).ok());
  EXPECT_FALSE(hkdf_label(32, "", {}).ok());  // label<7..255>: "tls13 " alone is too short
  const std::vector<std::uint8_t> context(256, 0);
  EXPECT_FALSE(hkdf_label(32, "derived", context).ok());
}

TEST(Hkdf, DeriveSecretHasHashLength) {
  const std::vector<std::uint8_t> secret(48, 7);
  const auto th = Sha384::hash(as_bytes("messages"));
  auto s = derive_secret(HashId::sha384, secret, "c hs traffic", th);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 48u);
  std::vector<std::uint8_t> direct(48);
  ASSERT_TRUE(hkdf_expand_label(HashId::sha384, secret, "c hs traffic", th, direct).ok());
  EXPECT_EQ(to_hex(s->bytes()), to_hex(direct));
}

TEST(Prf12, ShorterOutputIsPrefixAndLabelMatters) {
  const auto secret = unhex("0102030405060708");
  const auto seed = unhex("a0a1a2a3");
  std::vector<std::uint8_t> long_out(100), short_out(33), other(33), empty;
  tls12_prf(HashId::sha256, secret, "master secret", seed, long_out);
  tls12_prf(HashId::sha256, secret, "master secret", seed, short_out);
  tls12_prf(HashId::sha256, secret, "key expansion", seed, other);
  tls12_prf(HashId::sha256, secret, "master secret", seed, empty);
  EXPECT_TRUE(std::equal(short_out.begin(), short_out.end(), long_out.begin()));
  EXPECT_NE(short_out, other);
}

}  // namespace
}  // namespace glasstls::crypto
