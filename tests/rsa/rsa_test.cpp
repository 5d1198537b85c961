// RSA unit tests: reproducible key generation, round trips of every scheme,
// the TLS 1.2 premaster countermeasure, key-size policy and input checks.
#include <gtest/gtest.h>

#include "crypto/bignum.hpp"
#include "crypto/rsa.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

const RsaPrivateKey& key2048() {
  static const RsaPrivateKey key = [] {
    auto rng = HmacDrbg::from_seed(2048);
    auto k = RsaPrivateKey::generate(rng, 2048);
    if (!k) std::abort();
    return std::move(k).value();
  }();
  return key;
}

TEST(RsaKeygen, SeedReproducesTheKeyAndComponentsAreConsistent) {
  const auto& key = key2048();
  auto rng = HmacDrbg::from_seed(2048);
  auto again = RsaPrivateKey::generate(rng, 2048);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key().n(), key.public_key().n());
  EXPECT_EQ(again->d(), key.d());
  EXPECT_EQ(key.bits(), 2048u);
  EXPECT_EQ(key.public_key().e(), (Bytes{0x01, 0x00, 0x01}));
  const BigInt n = BigInt::from_bytes(key.public_key().n());
  const BigInt p = BigInt::from_bytes(key.p()), q = BigInt::from_bytes(key.q());
  EXPECT_EQ(p * q, n);
  EXPECT_EQ(p.bit_length(), 1024u);
  // The exported components rebuild the same key.
  auto rebuilt = RsaPrivateKey::from_components(key.public_key().n(), key.public_key().e(), key.d(),
                                                key.p(), key.q(), key.dp(), key.dq(), key.qinv());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().describe();
  // And (n, e, d) alone factors n again.
  auto from_d = RsaPrivateKey::from_n_e_d(key.public_key().n(), key.public_key().e(), key.d(), rng);
  ASSERT_TRUE(from_d.ok()) << from_d.error().describe();
  EXPECT_EQ(BigInt::from_bytes(from_d->p()) * BigInt::from_bytes(from_d->q()), n);
}

TEST(RsaKeygen, RefusesUnsupportedSizes) {
  auto rng = HmacDrbg::from_seed(1);
  EXPECT_FALSE(RsaPrivateKey::generate(rng, 1024).ok());
  EXPECT_FALSE(RsaPrivateKey::generate(rng, 2000).ok());
  EXPECT_FALSE(RsaPrivateKey::generate(rng, 8192).ok());
  EXPECT_FALSE(RsaPrivateKey::generate(rng, 2048, 3).ok());
}

TEST(RsaPkcs1, SignVerifyRoundTripAndTamper) {
  auto rng = HmacDrbg::from_seed(3);
  const auto& key = key2048();
  const Bytes msg = {'h', 'e', 'l', 'l', 'o'};
  for (HashId h : {HashId::sha256, HashId::sha384, HashId::sha512}) {
    auto sig = rsa_pkcs1_sign(key, h, msg, rng);
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(rsa_pkcs1_verify(key.public_key(), h, msg, *sig).ok());
    auto sig2 = rsa_pkcs1_sign(key, h, msg, rng);  // deterministic despite blinding
    EXPECT_EQ(*sig, *sig2);
    Bytes bad = *sig;
    bad[100] ^= 1;
    EXPECT_FALSE(rsa_pkcs1_verify(key.public_key(), h, msg, bad).ok());
    EXPECT_FALSE(rsa_pkcs1_verify(key.public_key(), h, Bytes{'x'}, *sig).ok());
    EXPECT_FALSE(rsa_pkcs1_verify(key.public_key(), h, msg, std::span(*sig).first(255)).ok());
  }
  // A signature value >= n is rejected (RFC 8017 §5.2.2).
  Bytes big(256, 0xff);
  EXPECT_FALSE(rsa_pkcs1_verify(key.public_key(), HashId::sha256, msg, big).ok());
}

TEST(RsaPss, SignVerifyRoundTripWithSaltLengths) {
  auto rng = HmacDrbg::from_seed(4);
  const auto& key = key2048();
  const Bytes msg = {1, 2, 3};
  for (HashId h : {HashId::sha256, HashId::sha384, HashId::sha512}) {
    auto sig = rsa_pss_sign(key, h, msg, rng);
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(rsa_pss_verify(key.public_key(), h, msg, *sig).ok());
    EXPECT_FALSE(rsa_pss_verify(key.public_key(), h, msg, *sig, 0).ok());
    EXPECT_FALSE(rsa_pss_verify(key.public_key(), h, Bytes{1, 2}, *sig).ok());
    auto sig0 = rsa_pss_sign(key, h, msg, rng, 0);
    ASSERT_TRUE(sig0.ok());
    EXPECT_TRUE(rsa_pss_verify(key.public_key(), h, msg, *sig0, 0).ok());
    EXPECT_NE(*rsa_pss_sign(key, h, msg, rng), *sig);  // random salt
  }
}

TEST(RsaPkcs1Encryption, RoundTripAndBadCiphertexts) {
  auto rng = HmacDrbg::from_seed(5);
  const auto& key = key2048();
  for (std::size_t len : {0u, 1u, 48u, 245u}) {
    const Bytes msg(len, 0x42);
    auto c = rsa_pkcs1_encrypt(key.public_key(), msg, rng);
    ASSERT_TRUE(c.ok());
    auto m = rsa_pkcs1_decrypt(key, *c, rng);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(*m, msg);
  }
  EXPECT_FALSE(rsa_pkcs1_encrypt(key.public_key(), Bytes(246, 1), rng).ok());
  EXPECT_FALSE(rsa_pkcs1_decrypt(key, Bytes(255, 1), rng).ok());
  EXPECT_FALSE(rsa_pkcs1_decrypt(key, Bytes(256, 0xff), rng).ok());
  // A raw value whose decryption is not PKCS#1 type 2.
  EXPECT_FALSE(rsa_pkcs1_decrypt(key, Bytes(256, 0x01), rng).ok());
}

// RFC 5246 §7.4.7.1: a bad ciphertext yields a random premaster, never an error.
TEST(RsaTls12, PremasterCountermeasure) {
  auto rng = HmacDrbg::from_seed(6);
  const auto& key = key2048();
  Bytes pms(48, 0x77);
  pms[0] = 0x03;
  pms[1] = 0x03;
  auto c = rsa_pkcs1_encrypt(key.public_key(), pms, rng);
  ASSERT_TRUE(c.ok());
  auto good = tls12_rsa_premaster_decrypt(key, *c, 0x0303, rng);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(Bytes(good->bytes().begin(), good->bytes().end()), pms);
  // Wrong version: random 48 bytes, and different each time.
  auto wrong_version = tls12_rsa_premaster_decrypt(key, *c, 0x0302, rng);
  auto wrong_version2 = tls12_rsa_premaster_decrypt(key, *c, 0x0302, rng);
  ASSERT_TRUE(wrong_version.ok() && wrong_version2.ok());
  EXPECT_EQ(wrong_version->size(), 48u);
  EXPECT_NE(Bytes(wrong_version->bytes().begin(), wrong_version->bytes().end()), pms);
  EXPECT_NE(Bytes(wrong_version->bytes().begin(), wrong_version->bytes().end()),
            Bytes(wrong_version2->bytes().begin(), wrong_version2->bytes().end()));
  // Wrong length (47 bytes) and bad padding: still a 48-byte premaster.
  auto c47 = rsa_pkcs1_encrypt(key.public_key(), std::span(pms).first(47), rng);
  auto r47 = tls12_rsa_premaster_decrypt(key, *c47, 0x0303, rng);
  ASSERT_TRUE(r47.ok());
  EXPECT_EQ(r47->size(), 48u);
  auto garbage = tls12_rsa_premaster_decrypt(key, Bytes(256, 0x01), 0x0303, rng);
  ASSERT_TRUE(garbage.ok());
  EXPECT_EQ(garbage->size(), 48u);
  // Only public conditions fail: the wrong ciphertext length.
  EXPECT_FALSE(tls12_rsa_premaster_decrypt(key, Bytes(255, 1), 0x0303, rng).ok());
}

TEST(RsaPolicy, SmallKeysOnlyForVerificationAndOnlyWhenAllowed) {
  test::TestRandom r(7);
  auto n = r.bytes(128);  // a 1024-bit odd "modulus": policy is checked first
  n[0] |= 0x80;
  n.back() |= 1;
  auto pub = RsaPublicKey::from_components(n, Bytes{1, 0, 1});
  ASSERT_TRUE(pub.ok());
  const Bytes msg = {1};
  const Bytes sig(128, 0x01);
  auto refused = rsa_pkcs1_verify(*pub, HashId::sha256, msg, sig);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().alert, AlertDescription::insufficient_security);
  auto allowed = rsa_pkcs1_verify(*pub, HashId::sha256, msg, sig, {.allow_small_key = true});
  ASSERT_FALSE(allowed.ok());
  EXPECT_EQ(allowed.error().alert, AlertDescription::decrypt_error);  // checked, just wrong
  EXPECT_EQ(rsa_pss_verify(*pub, HashId::sha256, msg, sig).error().alert,
            AlertDescription::insufficient_security);
  // Private keys under 2048 bits are refused outright.
  EXPECT_FALSE(RsaPrivateKey::from_components(n, Bytes{1, 0, 1}, {}, {}, {}, {}, {}, {}).ok());
  // Malformed public keys.
  EXPECT_FALSE(RsaPublicKey::from_components(Bytes(256, 0xfe), Bytes{1, 0, 1}).ok());  // even
  EXPECT_FALSE(RsaPublicKey::from_components(Bytes(64, 0xff), Bytes{1, 0, 1}).ok());   // 512 bits
  EXPECT_FALSE(RsaPublicKey::from_components(n, Bytes{1}).ok());                       // e = 1
  EXPECT_FALSE(RsaPublicKey::from_components(n, Bytes{1, 0, 0}).ok());                 // even e
}

TEST(RsaPrivateKey, RejectsInconsistentComponents) {
  const auto& key = key2048();
  const auto& pub = key.public_key();
  Bytes bad_dp = key.dp();
  bad_dp.back() ^= 2;
  EXPECT_FALSE(RsaPrivateKey::from_components(pub.n(), pub.e(), key.d(), key.p(), key.q(), bad_dp,
                                              key.dq(), key.qinv())
                   .ok());
  EXPECT_FALSE(RsaPrivateKey::from_components(pub.n(), pub.e(), key.d(), key.q(), key.q(), key.dp(),
                                              key.dq(), key.qinv())
                   .ok());
}

}  // namespace
}  // namespace glasstls::crypto
