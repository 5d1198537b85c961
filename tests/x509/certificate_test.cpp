// Certificates made by the openssl CLI, parsed by GlassTLS and compared with
// what openssl prints or what was asked of it on the command line.
#include <gtest/gtest.h>

#include <filesystem>

#include "openssl_certs.hpp"
#include "tests/support/test_support.hpp"
#include "x509/certificate.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

using test::made_certs;
using test::made_certs_dir;

std::string upper_hex(ByteView b) {
  std::string s = test::hex(b);
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The value after "key=" in openssl's one-line output.
std::string openssl_field(const std::string& name, const std::string& args) {
  std::string out;
  EXPECT_TRUE(made_certs_dir().openssl("x509 -in " + name + ".pem -noout " + args, &out)) << args;
  return trim(out.substr(out.find('=') + 1));
}

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (made_certs().empty()) GTEST_FAIL() << "openssl could not make the test certificates";
  }
  static Certificate cert(const std::string& name) {
    auto c = Certificate::parse(made_certs().at(name).der);
    EXPECT_TRUE(c.ok()) << name << ": " << (c.ok() ? "" : c.error().describe());
    return c.ok() ? *c : Certificate{};
  }
};

TEST_F(CertificateTest, EveryCertificateParsesFromDerAndPem) {
  for (const auto& [name, made] : made_certs()) {
    auto from_der = Certificate::parse(made.der);
    ASSERT_TRUE(from_der.ok()) << name << ": " << from_der.error().describe();
    auto from_pem = Certificate::parse_any(test::as_bytes(made.pem));
    ASSERT_TRUE(from_pem.ok()) << name << ": " << from_pem.error().describe();
    ASSERT_EQ(from_pem->size(), 1u);
    const ByteView a = from_der->der(), b = (*from_pem)[0].der();
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << name;
    EXPECT_EQ(from_der->version(), 3) << name;
  }
}

TEST_F(CertificateTest, FieldsMatchWhatOpensslPrints) {
  for (const auto& [name, made] : made_certs()) {
    SCOPED_TRACE(name);
    const Certificate c = cert(name);
    std::string serial = upper_hex(c.serial());
    if (serial.size() > 2 && serial.starts_with("00")) serial.erase(0, 2);
    EXPECT_EQ(serial, made.serial_hex);
    EXPECT_EQ(c.subject().to_string(), openssl_field(name, "-subject -nameopt RFC2253"));
    EXPECT_EQ(c.issuer().to_string(), openssl_field(name, "-issuer -nameopt RFC2253"));
    // "2026-11-23 21:04:13Z" (openssl) against "2026-11-23 21:04:13 UTC".
    const std::string nb = format_time(c.validity().not_before),
                      na = format_time(c.validity().not_after);
    EXPECT_EQ(nb.substr(0, 19) + "Z", openssl_field(name, "-startdate -dateopt iso_8601"));
    EXPECT_EQ(na.substr(0, 19) + "Z", openssl_field(name, "-enddate -dateopt iso_8601"));
    std::string fp = openssl_field(name, "-fingerprint -sha256");
    std::erase(fp, ':');
    EXPECT_EQ(upper_hex(c.fingerprint_sha256()), fp);
    // openssl's subjectKeyIdentifier=hash is RFC 5280 §4.2.1.2 method (1): SHA-1.
    ASSERT_TRUE(c.extensions().subject_key_id.has_value());
    const auto kid = c.public_key().key_identifier();
    EXPECT_EQ(test::hex(*c.extensions().subject_key_id), test::hex(kid));
    EXPECT_EQ(c.is_self_issued(), made.issuer == name);
    EXPECT_TRUE(c.serial_is_positive());
    // The ranges point at the bytes they name.
    EXPECT_EQ(c.tbs_range().offset, 4u);
    EXPECT_EQ(c.tbs_range().length, c.tbs().size());
    const ByteView der = c.der();
    EXPECT_EQ(der[c.serial_range().offset], tag::integer);
    EXPECT_EQ(der[c.signature_range().offset], tag::bit_string);
    EXPECT_EQ(c.signature_range().offset + c.signature_range().length, der.size());
    EXPECT_EQ(der[c.validity().range.offset], tag::sequence);
    EXPECT_EQ(der[c.public_key().range.offset], tag::sequence);
  }
}

TEST_F(CertificateTest, AlgorithmsAndKeys) {
  struct Expect {
    const char* name;
    SignatureAlgorithm scheme;
    KeyType key;
    std::size_t bits;
  };
  const Expect expected[] = {
      {"ca", SignatureAlgorithm::rsa_pkcs1_sha256, KeyType::rsa, 2048},
      {"rsa_leaf", SignatureAlgorithm::rsa_pkcs1_sha256, KeyType::rsa, 2048},
      {"pss_leaf", SignatureAlgorithm::rsa_pss_sha384, KeyType::rsa, 2048},
      {"p256_leaf", SignatureAlgorithm::rsa_pkcs1_sha512, KeyType::ec_p256, 256},
      {"p256_self", SignatureAlgorithm::ecdsa_sha256, KeyType::ec_p256, 256},
      {"p384_self", SignatureAlgorithm::ecdsa_sha384, KeyType::ec_p384, 384},
      {"ed25519_self", SignatureAlgorithm::ed25519, KeyType::ed25519, 256},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.name);
    const Certificate c = cert(e.name);
    EXPECT_EQ(c.signature_algorithm().algorithm, e.scheme);
    EXPECT_EQ(c.tbs_signature_algorithm().algorithm, e.scheme);
    EXPECT_EQ(c.public_key().type, e.key);
    EXPECT_EQ(c.public_key().bits(), e.bits);
  }
  EXPECT_EQ(cert("pss_leaf").signature_algorithm().pss_salt_len, 48u);
  EXPECT_EQ(cert("ca").public_key().describe(), "RSA 2048 bits (e=65537)");
}

TEST_F(CertificateTest, CaExtensions) {
  const Certificate ca = cert("ca");
  const Extensions& x = ca.extensions();
  ASSERT_TRUE(x.basic_constraints.has_value());
  EXPECT_TRUE(x.basic_constraints->ca);
  EXPECT_EQ(x.basic_constraints->path_len, std::optional<std::uint64_t>(2));
  EXPECT_TRUE(ca.is_ca());
  ASSERT_NE(x.find(oid::basic_constraints), nullptr);
  EXPECT_TRUE(x.find(oid::basic_constraints)->critical);
  EXPECT_TRUE(x.find(oid::basic_constraints)->understood);
  ASSERT_TRUE(x.key_usage.has_value());
  EXPECT_EQ(x.key_usage->to_string(), "keyCertSign, cRLSign");
  ASSERT_TRUE(x.name_constraints.has_value());
  ASSERT_EQ(x.name_constraints->permitted.size(), 2u);
  EXPECT_EQ(x.name_constraints->permitted[0].to_string(), "DNS:example.com");
  EXPECT_EQ(x.name_constraints->permitted[1].to_string(), "IP:10.0.0.0/8");
  ASSERT_EQ(x.name_constraints->excluded.size(), 2u);
  EXPECT_EQ(x.name_constraints->excluded[0].to_string(), "DNS:bad.example.com");
  EXPECT_EQ(x.name_constraints->excluded[1].to_string(), "IP:2001:db8::/32");
  EXPECT_TRUE(x.find(oid::name_constraints)->critical);
  EXPECT_EQ(ca.subject().to_string(), "CN=Test Root CA,O=GlassTLS Test,C=US");
  EXPECT_EQ(ca.subject().values(oid::organization_name), std::vector<std::string>{"GlassTLS Test"});
}

TEST_F(CertificateTest, LeafExtensions) {
  const Certificate leaf = cert("rsa_leaf");
  const Extensions& x = leaf.extensions();
  ASSERT_TRUE(x.basic_constraints.has_value());
  EXPECT_FALSE(x.basic_constraints->ca);
  EXPECT_FALSE(x.basic_constraints->path_len.has_value());
  EXPECT_FALSE(leaf.is_ca());
  ASSERT_TRUE(x.key_usage.has_value());
  EXPECT_TRUE(x.key_usage->has(KeyUsageBit::digital_signature));
  EXPECT_TRUE(x.key_usage->has(KeyUsageBit::key_encipherment));
  EXPECT_FALSE(x.key_usage->has(KeyUsageBit::key_cert_sign));
  ASSERT_TRUE(x.ext_key_usage.has_value());
  EXPECT_EQ(*x.ext_key_usage, (std::vector<Oid>{oid::kp_server_auth, oid::kp_client_auth}));
  EXPECT_FALSE(x.find(oid::ext_key_usage)->critical);
  ASSERT_TRUE(x.subject_alt_names.has_value());
  std::vector<std::string> sans;
  for (const auto& g : *x.subject_alt_names) sans.push_back(g.to_string());
  EXPECT_EQ(sans,
            (std::vector<std::string>{"DNS:www.example.com", "DNS:*.api.example.com",
                                      "IP:192.0.2.7", "IP:2001:db8::42", "email:admin@example.com",
                                      "URI:https://example.com/path"}));
  EXPECT_EQ((*x.subject_alt_names)[0].kind, GeneralNameKind::dns_name);
  EXPECT_EQ((*x.subject_alt_names)[2].bytes.size(), 4u);
  EXPECT_EQ((*x.subject_alt_names)[3].bytes.size(), 16u);
  EXPECT_EQ(leaf.subject().to_string(), "CN=www.example.com,O=Example\\, Inc.,C=US");
  // authorityKeyIdentifier of the leaf = subjectKeyIdentifier of the CA.
  const Certificate ca = cert("ca");
  ASSERT_TRUE(x.authority_key_id.has_value() && x.authority_key_id->key_id.has_value());
  EXPECT_EQ(test::hex(*x.authority_key_id->key_id), test::hex(*ca.extensions().subject_key_id));
  EXPECT_FALSE(x.authority_key_id->has_issuer_and_serial);
  EXPECT_TRUE(leaf.issuer().matches(ca.subject()));
  EXPECT_FALSE(leaf.subject().matches(ca.subject()));
  EXPECT_EQ(x.all.size(), 6u);
}

TEST_F(CertificateTest, SignaturesVerifyWithTheIssuerKey) {
  for (const auto& [name, made] : made_certs()) {
    SCOPED_TRACE(name);
    const Certificate c = cert(name);
    const Certificate issuer = cert(made.issuer);
    auto ok = c.verify_signed_by(issuer.public_key());
    EXPECT_TRUE(ok.ok()) << (ok.ok() ? "" : ok.error().describe());
  }
}

TEST_F(CertificateTest, AFlippedTbsByteFailsVerification) {
  for (const auto& [name, made] : made_certs()) {
    SCOPED_TRACE(name);
    const Certificate original = cert(name);
    std::vector<std::uint8_t> der = made.der;
    // The last octet of the serial number: still a well-formed certificate.
    der[original.serial_range().offset + original.serial_range().length - 1] ^= 0x01;
    auto changed = Certificate::parse(der);
    ASSERT_TRUE(changed.ok()) << changed.error().describe();
    auto ok = changed->verify_signed_by(cert(made.issuer).public_key());
    ASSERT_FALSE(ok.ok());
    EXPECT_EQ(ok.error().alert, AlertDescription::decrypt_error);
  }
}

TEST_F(CertificateTest, AKeyOfTheWrongTypeIsAClearError) {
  const Certificate rsa_leaf = cert("rsa_leaf");
  auto ok = rsa_leaf.verify_signed_by(cert("p256_self").public_key());
  ASSERT_FALSE(ok.ok());
  EXPECT_EQ(ok.error().alert, AlertDescription::bad_certificate);
  EXPECT_NE(ok.error().rule.find("RSA issuer key"), std::string_view::npos);
  auto ec = cert("p256_self").verify_signed_by(cert("ed25519_self").public_key());
  ASSERT_FALSE(ec.ok());
  EXPECT_NE(ec.error().rule.find("EC issuer key"), std::string_view::npos);
  // The right type, the wrong key.
  auto wrong = cert("p384_self").verify_signed_by(cert("p256_self").public_key());
  EXPECT_FALSE(wrong.ok());
}

TEST_F(CertificateTest, PemBundleGivesEveryCertificateInOrder) {
  std::string bundle = "A bundle, with text around its blocks.\r\n";
  for (const char* n : {"rsa_leaf", "ca", "ed25519_self"})
    bundle += made_certs().at(n).pem + "\r\n";
  auto certs = Certificate::parse_any(test::as_bytes(bundle));
  ASSERT_TRUE(certs.ok()) << certs.error().describe();
  ASSERT_EQ(certs->size(), 3u);
  EXPECT_EQ((*certs)[0].subject().to_string(), cert("rsa_leaf").subject().to_string());
  EXPECT_EQ((*certs)[2].public_key().type, KeyType::ed25519);
  auto all = Certificate::parse_pem_all(bundle);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(CertificateTest, PemWithAKeyBlockNamesTheLabel) {
  const std::string pem = made_certs().at("ca").pem + made_certs_dir().read("ca.key");
  auto certs = Certificate::parse_any(test::as_bytes(pem));
  ASSERT_FALSE(certs.ok());
  EXPECT_EQ(certs.error().alert, AlertDescription::decode_error);
  EXPECT_NE(certs.error().rule.find("found PRIVATE KEY"), std::string_view::npos)
      << certs.error().rule;
  EXPECT_EQ(certs.error().offset, made_certs().at("ca").pem.size());
}

// Real-world roots: the system bundle (when the machine has one) parses, except
// SHA-1-signed roots, which are refused as unsupported; each self-signed root
// verifies with its own key.
TEST(SystemRoots, ParseOrAreUnsupported) {
  const std::filesystem::path bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (!std::filesystem::exists(bundle)) GTEST_SKIP() << bundle << " is not on this machine";
  auto blocks = pem_decode_all(test::read_file(bundle));
  ASSERT_TRUE(blocks.ok()) << blocks.error().describe();
  std::size_t parsed = 0;
  for (const auto& b : *blocks) {
    auto c = Certificate::parse(b.der);
    if (!c.ok()) {
      EXPECT_EQ(c.error().alert, AlertDescription::unsupported_certificate) << c.error().describe();
      continue;
    }
    ++parsed;
    if (c->is_self_issued()) {
      EXPECT_TRUE(c->verify_signed_by(c->public_key(), true).ok()) << c->subject_string();
    }
  }
  EXPECT_GT(parsed, blocks->size() / 2);
}

TEST(CertificateParseAny, EmptyInputGivesNoCertificates) {
  auto certs = Certificate::parse_any({});
  ASSERT_TRUE(certs.ok());
  EXPECT_TRUE(certs->empty());
}

}  // namespace
}  // namespace glasstls::x509
