// RSA keys under id-RSASSA-PSS (RFC 4055 §3.1; TLS's rsa_pss_pss_* schemes,
// RFC 8446 §4.2.3): parameters absent (any PSS hash) or present (one hash and
// a minimum salt), in the SPKI and in PKCS#8; PSS only, never PKCS #1 v1.5;
// certificates issued for such keys.
#include <gtest/gtest.h>

#include "issue_keys.hpp"
#include "x509/ca.hpp"
#include "x509/name_builder.hpp"
#include "x509/path.hpp"

namespace glasstls::x509 {
namespace {

using test::issue_key;

const PrivateKey& pss_key() { return issue_key("rsa-pss2048"); }

PrivateKey restricted(const PssKeyParams& params) {
  return test::with_pss_params(pss_key(), params);
}

TEST(RsaPssKey, SpkiUsesTheRsassaPssOidWithoutParameters) {
  const PrivateKey& key = pss_key();
  EXPECT_EQ(key.type(), KeyType::rsa_pss);
  EXPECT_FALSE(key.pss_params().has_value());
  auto pub = key.public_key();
  ASSERT_TRUE(pub.ok()) << pub.error().describe();
  EXPECT_EQ(pub->type, KeyType::rsa_pss);
  EXPECT_FALSE(pub->pss.has_value());
  EXPECT_EQ(pub->bits(), 2048u);
  EXPECT_EQ(pub->describe(), "RSA-PSS 2048 bits (e=65537)");
  // SEQUENCE { SEQUENCE { OID 1.2.840.113549.1.1.10 } BIT STRING ... }: no NULL.
  const Bytes& spki = key.spki_der();
  const Bytes alg = {0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
  EXPECT_TRUE(std::search(spki.begin(), spki.end(), alg.begin(), alg.end()) != spki.end());
}

TEST(RsaPssKey, SignsWithPssOnly) {
  auto rng = crypto::HmacDrbg::from_seed(4055);
  const Bytes message = {'t', 'b', 's'};
  EXPECT_FALSE(pss_key().sign(SignatureAlgorithm::rsa_pkcs1_sha256, message, rng).ok());
  EXPECT_FALSE(pss_key().algorithm_identifier(SignatureAlgorithm::rsa_pkcs1_sha256).ok());
  EXPECT_EQ(pss_key().default_signature_algorithm(), SignatureAlgorithm::rsa_pss_sha256);
  // A PKCS #1 v1.5 signature by the very same RSA key does not verify under
  // the id-RSASSA-PSS public key.
  auto pkcs1 = crypto::rsa_pkcs1_sign(*pss_key().rsa(), crypto::HashId::sha256, message, rng);
  ASSERT_TRUE(pkcs1.ok());
  auto alg = issue_key("rsa2048").algorithm_identifier(SignatureAlgorithm::rsa_pkcs1_sha256);
  ASSERT_TRUE(alg.ok());
  auto verified = test::verify_with(pss_key(), *alg, message, *pkcs1);
  ASSERT_FALSE(verified.ok());
  EXPECT_NE(verified.error().describe().find("RFC 4055"), std::string::npos);
}

TEST(RsaPssKey, ParametersRestrictTheHash) {
  const PrivateKey key = restricted({crypto::HashId::sha384, 48});
  EXPECT_EQ(key.type(), KeyType::rsa_pss);
  ASSERT_TRUE(key.pss_params().has_value());
  EXPECT_EQ(*key.pss_params(), (PssKeyParams{crypto::HashId::sha384, 48}));
  auto pub = key.public_key();
  ASSERT_TRUE(pub.ok()) << pub.error().describe();
  ASSERT_TRUE(pub->pss.has_value());
  EXPECT_EQ(*pub->pss, (PssKeyParams{crypto::HashId::sha384, 48}));
  EXPECT_EQ(pub->describe(), "RSA-PSS 2048 bits (e=65537), PSS with SHA-384 only, salt >= 48");
  // Round trip: the parameters stay in PKCS#8 and in the SPKI.
  auto back = PrivateKey::parse_der(key.to_pkcs8_der());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pss_params(), key.pss_params());
  EXPECT_EQ(back->spki_der(), key.spki_der());

  auto rng = crypto::HmacDrbg::from_seed(8446);
  const Bytes message = {'c', 'v'};
  EXPECT_EQ(key.default_signature_algorithm(), SignatureAlgorithm::rsa_pss_sha384);
  EXPECT_FALSE(key.sign(SignatureAlgorithm::rsa_pss_sha256, message, rng).ok());
  auto sig = key.sign(SignatureAlgorithm::rsa_pss_sha384, message, rng);
  ASSERT_TRUE(sig.ok()) << sig.error().describe();
  auto alg = key.algorithm_identifier(SignatureAlgorithm::rsa_pss_sha384);
  ASSERT_TRUE(alg.ok());
  EXPECT_TRUE(test::verify_with(key, *alg, message, *sig).ok());

  // A SHA-256 PSS signature by the same RSA key is refused under these
  // parameters (RFC 8446 §4.2.3: identical parameters), though its bytes are right.
  auto other = crypto::rsa_pss_sign(*key.rsa(), crypto::HashId::sha256, message, rng);
  ASSERT_TRUE(other.ok());
  auto alg256 = pss_key().algorithm_identifier(SignatureAlgorithm::rsa_pss_sha256);
  ASSERT_TRUE(alg256.ok());
  EXPECT_TRUE(test::verify_with(pss_key(), *alg256, message, *other).ok());
  auto refused = test::verify_with(key, *alg256, message, *other);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().describe().find("RFC 8446 §4.2.3"), std::string::npos);
}

TEST(RsaPssKey, SaltShorterThanTheKeysMinimumIsRefused) {
  // Parameters asking for a 64-byte salt with SHA-256: our signatures use
  // salt = hash length (RFC 8446 §4.2.3), so this key can make none, and a
  // signature with a 32-byte salt does not satisfy it.
  const PrivateKey key = restricted({crypto::HashId::sha256, 64});
  auto rng = crypto::HmacDrbg::from_seed(64);
  const Bytes message = {'m'};
  EXPECT_FALSE(key.sign(SignatureAlgorithm::rsa_pss_sha256, message, rng).ok());
  auto sig = crypto::rsa_pss_sign(*key.rsa(), crypto::HashId::sha256, message, rng);
  ASSERT_TRUE(sig.ok());
  auto alg = pss_key().algorithm_identifier(SignatureAlgorithm::rsa_pss_sha256);
  ASSERT_TRUE(alg.ok());
  EXPECT_FALSE(test::verify_with(key, *alg, message, *sig).ok());
}

TEST(RsaPssKey, DefaultSha1ParametersAreRefused) {
  // RSASSA-PSS-params with every field at its DEFAULT (SHA-1): an empty SEQUENCE.
  const Bytes der = pss_key().to_pkcs8_der();
  DerReader outer(der);
  auto seq = outer.read_sequence();
  (void)seq->read_small_unsigned();
  (void)seq->read_sequence();
  auto inner = seq->read_octet_string();
  ASSERT_TRUE(inner.ok());
  DerWriter w;
  w.sequence([&](DerWriter& info) {
    info.integer(0);
    info.sequence([&](DerWriter& alg) {
      alg.oid(oid::rsassa_pss);
      alg.sequence([](DerWriter&) {});
    });
    info.octet_string(*inner);
  });
  auto key = PrivateKey::parse_der(std::move(w).take());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().alert, AlertDescription::unsupported_certificate);
}

TEST(RsaPssKey, CertificateForAnRsaPssKeyValidates) {
  auto rng = crypto::HmacDrbg::from_seed(5756);
  constexpr UnixTime kNow = 1795000000;
  auto root_key = PrivateKey::generate("p256", rng);
  ASSERT_TRUE(root_key.ok());
  auto ca = CertificateAuthority::create_root(std::move(*root_key), *build_name("CN=PSS Root"),
                                              kNow - 86400, kNow + 86400 * 365, rng);
  ASSERT_TRUE(ca.ok());
  auto csr = make_csr(pss_key(), *build_name("CN=pss.example"),
                      *build_general_names("DNS:pss.example"), rng);
  ASSERT_TRUE(csr.ok()) << csr.error().describe();
  // The request is signed with RSASSA-PSS (the key can make nothing else).
  EXPECT_EQ(csr->signature_algorithm().algorithm, SignatureAlgorithm::rsa_pss_sha256);
  auto cert = ca->issue(*csr, Profile::server, kNow - 60, kNow + 86400, rng);
  ASSERT_TRUE(cert.ok()) << cert.error().describe();
  EXPECT_EQ(cert->public_key().type, KeyType::rsa_pss);
  // No keyEncipherment: the key cannot decrypt a TLS 1.2 premaster secret.
  const auto& usage = cert->extensions().key_usage;
  ASSERT_TRUE(usage.has_value());
  EXPECT_FALSE(usage->has(KeyUsageBit::key_encipherment));
  EXPECT_TRUE(usage->has(KeyUsageBit::digital_signature));

  TrustStore roots;
  roots.add(ca->certificate());
  VerifyOptions opt;
  opt.time = kNow;
  opt.hostname = "pss.example";
  auto verified = verify_path(*cert, {}, roots, opt);
  EXPECT_TRUE(verified.ok()) << verified.error().describe();
}

}  // namespace
}  // namespace glasstls::x509
