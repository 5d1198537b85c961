// x509/private_key: PKCS#8 round trips, the shapes and checks of each format,
// signing with every scheme, determinism from a seed.
#include <gtest/gtest.h>

#include <algorithm>

#include "issue_keys.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

using test::issue_key;

class KeyTypes : public ::testing::TestWithParam<const char*> {};

TEST_P(KeyTypes, Pkcs8DerAndPemRoundTrip) {
  const PrivateKey& key = issue_key(GetParam());
  auto back = PrivateKey::parse_der(key.to_pkcs8_der());
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->spki_der(), key.spki_der());
  EXPECT_EQ(back->type(), key.type());
  EXPECT_EQ(back->to_pkcs8_der(), key.to_pkcs8_der());
  auto pem = PrivateKey::parse_pem(key.to_pkcs8_pem());
  ASSERT_TRUE(pem.ok()) << pem.error().describe();
  EXPECT_EQ(pem->spki_der(), key.spki_der());
  EXPECT_NE(key.to_pkcs8_pem().view().find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
}

TEST_P(KeyTypes, PublicKeyParsesAndMatchesType) {
  const PrivateKey& key = issue_key(GetParam());
  auto pub = key.public_key();
  ASSERT_TRUE(pub.ok()) << pub.error().describe();
  EXPECT_EQ(pub->type, key.type());
}

std::vector<SignatureAlgorithm> schemes_for(KeyType t) {
  switch (t) {
    case KeyType::rsa:
      return {SignatureAlgorithm::rsa_pkcs1_sha256, SignatureAlgorithm::rsa_pkcs1_sha384,
              SignatureAlgorithm::rsa_pkcs1_sha512, SignatureAlgorithm::rsa_pss_sha256,
              SignatureAlgorithm::rsa_pss_sha384,   SignatureAlgorithm::rsa_pss_sha512};
    case KeyType::ed25519: return {SignatureAlgorithm::ed25519};
    case KeyType::rsa_pss:
      return {SignatureAlgorithm::rsa_pss_sha256, SignatureAlgorithm::rsa_pss_sha384,
              SignatureAlgorithm::rsa_pss_sha512};
    default:
      return {SignatureAlgorithm::ecdsa_sha256, SignatureAlgorithm::ecdsa_sha384,
              SignatureAlgorithm::ecdsa_sha512};
  }
}

TEST_P(KeyTypes, EverySchemeSignsAndVerifies) {
  const PrivateKey& key = issue_key(GetParam());
  auto rng = crypto::HmacDrbg::from_seed(11);
  const Bytes message = {'t', 'b', 's'};
  for (const SignatureAlgorithm s : schemes_for(key.type())) {
    SCOPED_TRACE(std::string(signature_algorithm_name(s)));
    auto alg = key.algorithm_identifier(s);
    ASSERT_TRUE(alg.ok());
    auto sig = key.sign(s, message, rng);
    ASSERT_TRUE(sig.ok()) << sig.error().describe();
    auto ok = test::verify_with(key, *alg, message, *sig);
    EXPECT_TRUE(ok.ok()) << ok.error().describe();
    Bytes bad = *sig;
    bad[bad.size() / 2] ^= 1;
    EXPECT_FALSE(test::verify_with(key, *alg, message, bad).ok());
  }
}

TEST_P(KeyTypes, DefaultSchemeFitsTheKey) {
  const PrivateKey& key = issue_key(GetParam());
  const auto all = schemes_for(key.type());
  EXPECT_NE(std::find(all.begin(), all.end(), key.default_signature_algorithm()), all.end());
}

INSTANTIATE_TEST_SUITE_P(All, KeyTypes,
                         ::testing::Values("rsa2048", "rsa-pss2048", "p256", "p384", "ed25519"),
                         [](const auto& param_info) {
                           std::string name(param_info.param);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(PrivateKey, SchemeMustFitTheKey) {
  auto rng = crypto::HmacDrbg::from_seed(1);
  EXPECT_FALSE(issue_key("p256").sign(SignatureAlgorithm::rsa_pkcs1_sha256, Bytes{1}, rng).ok());
  EXPECT_FALSE(issue_key("rsa2048").sign(SignatureAlgorithm::ed25519, Bytes{1}, rng).ok());
  EXPECT_FALSE(issue_key("ed25519").algorithm_identifier(SignatureAlgorithm::ecdsa_sha256).ok());
}

TEST(PrivateKey, AlgorithmIdentifierParameters) {
  // RFC 4055 §5: NULL parameters for PKCS#1; RFC 5758 §3.2 / RFC 8410 §3: absent.
  auto rsa = issue_key("rsa2048").algorithm_identifier(SignatureAlgorithm::rsa_pkcs1_sha256);
  ASSERT_TRUE(rsa.ok());
  EXPECT_EQ(rsa->size(), 15u);
  EXPECT_EQ(rsa->back(), 0x00);
  EXPECT_EQ((*rsa)[rsa->size() - 2], 0x05);
  auto ec = issue_key("p256").algorithm_identifier(SignatureAlgorithm::ecdsa_sha256);
  ASSERT_TRUE(ec.ok());
  EXPECT_EQ(*ec, (Bytes{0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02}));
  auto ed = issue_key("ed25519").algorithm_identifier(SignatureAlgorithm::ed25519);
  ASSERT_TRUE(ed.ok());
  EXPECT_EQ(*ed, (Bytes{0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70}));
}

TEST(PrivateKey, GenerateIsDeterministicFromASeed) {
  for (const char* spec : {"p256", "p384", "ed25519", "rsa2048"}) {
    auto r1 = crypto::HmacDrbg::from_seed(42);
    auto r2 = crypto::HmacDrbg::from_seed(42);
    auto r3 = crypto::HmacDrbg::from_seed(43);
    auto a = PrivateKey::generate(spec, r1);
    auto b = PrivateKey::generate(spec, r2);
    auto c = PrivateKey::generate(spec, r3);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << spec;
    EXPECT_EQ(a->to_pkcs8_der(), b->to_pkcs8_der()) << spec;
    EXPECT_NE(a->to_pkcs8_der(), c->to_pkcs8_der()) << spec;
  }
}

TEST(PrivateKey, Generates3072BitRsa) {
  auto rng = crypto::HmacDrbg::from_seed(3072);
  auto key = PrivateKey::generate("rsa3072", rng);
  ASSERT_TRUE(key.ok()) << key.error().describe();
  ASSERT_NE(key->rsa(), nullptr);
  EXPECT_EQ(key->rsa()->bits(), 3072u);
  auto back = PrivateKey::parse_der(key->to_pkcs8_der());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->spki_der(), key->spki_der());
}

TEST(PrivateKey, UnknownSpecIsRefused) {
  auto rng = crypto::HmacDrbg::from_seed(1);
  EXPECT_FALSE(PrivateKey::generate("rsa1024", rng).ok());
  EXPECT_FALSE(PrivateKey::generate("p521", rng).ok());
}

TEST(PrivateKey, EncryptedPemSaysHowToDecrypt) {
  const std::string pem = pem_encode("ENCRYPTED PRIVATE KEY", Bytes{0x30, 0x00});
  auto key = PrivateKey::parse_pem(pem);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().rule.find("openssl pkey"), std::string_view::npos);
}

TEST(PrivateKey, OtherPemLabelsAreRefused) {
  EXPECT_FALSE(PrivateKey::parse_pem(pem_encode("CERTIFICATE", Bytes{0x30, 0x00})).ok());
  EXPECT_FALSE(PrivateKey::parse_pem("no pem here").ok());
}

TEST(PrivateKey, PemLabelMustMatchTheShape) {
  // A PKCS#8 key under "RSA PRIVATE KEY" is refused (RFC 7468 labels).
  EXPECT_FALSE(
      PrivateKey::parse_pem(pem_encode("RSA PRIVATE KEY", issue_key("rsa2048").to_pkcs8_der()))
          .ok());
}

// SEC1 ECPrivateKey written by hand (RFC 5915 §3).
Bytes sec1(const crypto::EcPrivateKey& k, const Oid* curve, const crypto::EcPublicKey* pub,
           std::int64_t version = 1) {
  DerWriter w;
  w.sequence([&](DerWriter& s) {
    s.integer(version);
    s.octet_string(k.scalar().bytes());
    if (curve) s.constructed(tag::context_constructed(0), [&](DerWriter& p) { p.oid(*curve); });
    if (pub)
      s.constructed(tag::context_constructed(1),
                    [&](DerWriter& p) { p.bit_string(pub->encode_uncompressed()); });
  });
  return std::move(w).take();
}

TEST(PrivateKey, Sec1WithAndWithoutPublicKey) {
  const auto& k = *issue_key("p256").ec();
  auto with = PrivateKey::parse_der(sec1(k, &oid::secp256r1, &k.public_key()));
  ASSERT_TRUE(with.ok()) << with.error().describe();
  EXPECT_EQ(with->spki_der(), issue_key("p256").spki_der());
  auto without = PrivateKey::parse_der(sec1(k, &oid::secp256r1, nullptr));
  ASSERT_TRUE(without.ok()) << without.error().describe();  // the public key is derived
  EXPECT_EQ(without->spki_der(), issue_key("p256").spki_der());
  auto pem = PrivateKey::parse_pem(pem_encode("EC PRIVATE KEY", sec1(k, &oid::secp256r1, nullptr)));
  EXPECT_TRUE(pem.ok());
}

TEST(PrivateKey, Sec1RefusesMismatchedOrMissingFields) {
  const auto& k = *issue_key("p256").ec();
  const auto& other = issue_key("p384").ec()->public_key();
  auto rng = crypto::HmacDrbg::from_seed(5);
  const auto second = crypto::EcPrivateKey::generate(crypto::EcCurve::p256, rng);
  EXPECT_FALSE(PrivateKey::parse_der(sec1(k, &oid::secp256r1, &second.public_key()))
                   .ok());  // wrong public key
  EXPECT_FALSE(PrivateKey::parse_der(sec1(k, &oid::secp256r1, &other)).ok());
  EXPECT_FALSE(PrivateKey::parse_der(sec1(k, nullptr, nullptr)).ok());  // no curve anywhere
  EXPECT_FALSE(
      PrivateKey::parse_der(sec1(k, &oid::secp384r1, nullptr)).ok());  // 32-byte d on P-384
  EXPECT_FALSE(PrivateKey::parse_der(sec1(k, &oid::secp521r1, nullptr)).ok());  // unsupported curve
  EXPECT_FALSE(PrivateKey::parse_der(sec1(k, &oid::secp256r1, nullptr, 0)).ok());  // version 0
}

TEST(PrivateKey, Pkcs8RefusesTrailingBytesAndBadVersions) {
  Bytes der = issue_key("ed25519").to_pkcs8_der();
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_FALSE(PrivateKey::parse_der(trailing).ok());
  Bytes v3 = der;
  v3[4] = 2;  // SEQUENCE(30 2e) INTEGER(02 01) version
  ASSERT_EQ(der[2], 0x02);
  EXPECT_FALSE(PrivateKey::parse_der(v3).ok());
  EXPECT_FALSE(PrivateKey::parse_der(Bytes{}).ok());
  EXPECT_FALSE(PrivateKey::parse_der(Bytes{0x30, 0x03, 0x02, 0x01, 0x00}).ok());
}

TEST(PrivateKey, Pkcs8V2PublicKeyIsChecked) {
  // RFC 5958 §2 OneAsymmetricKey v2 with publicKey [1].
  const auto& ed = *issue_key("ed25519").ed25519();
  auto build = [&](const crypto::ed25519::PublicKey& pub) {
    DerWriter w;
    w.sequence([&](DerWriter& s) {
      s.integer(1);
      s.sequence([](DerWriter& a) { a.oid(oid::ed25519); });
      s.octet_string_containing([&](DerWriter& in) { in.octet_string(ed.seed().bytes()); });
      s.bit_string(pub);
    });
    Bytes der = std::move(w).take();
    // retag the BIT STRING as [1] IMPLICIT
    der[der.size() - 35] = tag::context(1);
    return der;
  };
  auto good = PrivateKey::parse_der(build(ed.public_key()));
  ASSERT_TRUE(good.ok()) << good.error().describe();
  EXPECT_EQ(good->spki_der(), issue_key("ed25519").spki_der());
  auto wrong = ed.public_key();
  wrong[0] ^= 1;
  EXPECT_FALSE(PrivateKey::parse_der(build(wrong)).ok());
}

}  // namespace
}  // namespace glasstls::x509
