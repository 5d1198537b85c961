// x509/csr and x509/ca: requests made, parsed and verified; certificates issued
// for each profile, with the extensions the profile promises.
#include <gtest/gtest.h>

#include "issue_keys.hpp"
#include "x509/ca.hpp"
#include "x509/name_builder.hpp"
#include "x509/path.hpp"
#include "x509/pem.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::x509 {
namespace {

using test::issue_key;

constexpr UnixTime kNow = 1795000000;  // 2026-11-18
constexpr UnixTime kYear = 365 * 86400;

Bytes name(std::string_view s) {
  auto n = build_name(s);
  EXPECT_TRUE(n.ok());
  return n.ok() ? *n : Bytes{};
}
Bytes sans(std::string_view s) {
  auto n = build_general_names(s);
  EXPECT_TRUE(n.ok());
  return n.ok() ? *n : Bytes{};
}

CertificationRequest csr_for(const PrivateKey& key, std::string_view subject, std::string_view san,
                             std::uint64_t seed = 9) {
  auto rng = crypto::HmacDrbg::from_seed(seed);
  auto csr = make_csr(key, name(subject), san.empty() ? Bytes{} : sans(san), rng);
  EXPECT_TRUE(csr.ok()) << csr.error().describe();
  return std::move(*csr);
}

class CsrKeys : public ::testing::TestWithParam<const char*> {};

TEST_P(CsrKeys, MadeParsedAndVerified) {
  const PrivateKey& key = issue_key(GetParam());
  const auto csr = csr_for(key, "CN=www.example.com,O=Example", "DNS:www.example.com,IP:192.0.2.1");
  EXPECT_TRUE(csr.verify_signature().ok());
  EXPECT_EQ(csr.subject().to_string(), "CN=www.example.com,O=Example");
  EXPECT_EQ(Bytes(csr.public_key().spki_der.begin(), csr.public_key().spki_der.end()),
            key.spki_der());
  EXPECT_EQ(csr.signature_algorithm().algorithm, key.default_signature_algorithm());
  ASSERT_TRUE(csr.requested_extensions().subject_alt_names.has_value());
  EXPECT_EQ(csr.requested_extensions().subject_alt_names->size(), 2u);
  // DER and PEM round trips give the same request.
  auto again = CertificationRequest::parse(csr.der());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(
      std::equal(again->der().begin(), again->der().end(), csr.der().begin(), csr.der().end()));
  auto pem = CertificationRequest::parse_pem(csr.to_pem());
  ASSERT_TRUE(pem.ok()) << pem.error().describe();
  EXPECT_TRUE(pem->verify_signature().ok());
  // The signed bytes are the CertificationRequestInfo at its recorded range.
  EXPECT_EQ(csr.info_range().offset, csr.der()[1] & 0x80 ? 2u + (csr.der()[1] & 0x7fu) : 2u);
  EXPECT_EQ(csr.info().size(), csr.info_range().length);
}

INSTANTIATE_TEST_SUITE_P(All, CsrKeys, ::testing::Values("rsa2048", "p256", "p384", "ed25519"),
                         [](const auto& param_info) { return std::string(param_info.param); });

TEST(Csr, PssRequestVerifies) {
  auto rng = crypto::HmacDrbg::from_seed(4);
  auto csr =
      make_csr(issue_key("rsa2048"), name("CN=pss"), {}, rng, SignatureAlgorithm::rsa_pss_sha384);
  ASSERT_TRUE(csr.ok()) << csr.error().describe();
  EXPECT_EQ(csr->signature_algorithm().algorithm, SignatureAlgorithm::rsa_pss_sha384);
  EXPECT_EQ(csr->signature_algorithm().pss_salt_len, 48u);
  EXPECT_TRUE(csr->verify_signature().ok());
  EXPECT_FALSE(csr->requested_extensions().subject_alt_names.has_value());
}

TEST(Csr, OldPemLabelAcceptedOthersRefused) {
  const auto csr = csr_for(issue_key("p256"), "CN=x", "DNS:x.example");
  EXPECT_TRUE(
      CertificationRequest::parse_pem(pem_encode("NEW CERTIFICATE REQUEST", csr.der())).ok());
  EXPECT_FALSE(CertificationRequest::parse_pem(pem_encode("CERTIFICATE", csr.der())).ok());
}

TEST(Csr, TamperedSignatureFailsVerification) {
  const auto csr = csr_for(issue_key("ed25519"), "CN=x", "DNS:x.example");
  Bytes der(csr.der().begin(), csr.der().end());
  der[der.size() - 5] ^= 0x01;  // inside the signature
  auto bad = CertificationRequest::parse(der);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->verify_signature().ok());
}

TEST(Csr, RefusesMalformedRequests) {
  const auto csr = csr_for(issue_key("ed25519"), "CN=x", "");
  Bytes der(csr.der().begin(), csr.der().end());
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_FALSE(CertificationRequest::parse(trailing).ok());
  Bytes version = der;
  // CertificationRequestInfo SEQUENCE header, then INTEGER 02 01 00.
  const std::size_t info = csr.info_range().offset;
  const std::size_t at = info + ((der[info + 1] & 0x80) ? 2u + (der[info + 1] & 0x7fu) : 2u);
  ASSERT_EQ(version[at], 0x02);
  version[at + 2] = 1;
  EXPECT_FALSE(CertificationRequest::parse(version).ok());
  EXPECT_FALSE(CertificationRequest::parse(Bytes{0x30, 0x00}).ok());
}

TEST(Csr, IsDeterministicFromASeed) {
  for (const char* spec : {"p256", "ed25519", "rsa2048"}) {
    const auto a = csr_for(issue_key(spec), "CN=d", "DNS:d.example", 77);
    const auto b = csr_for(issue_key(spec), "CN=d", "DNS:d.example", 77);
    EXPECT_TRUE(std::equal(a.der().begin(), a.der().end(), b.der().begin(), b.der().end())) << spec;
  }
}

// ---- the CA ---------------------------------------------------------------

CertificateAuthority make_root(const char* spec, std::uint64_t seed = 1) {
  auto rng = crypto::HmacDrbg::from_seed(seed);
  auto key = PrivateKey::parse_der(issue_key(spec).to_pkcs8_der());  // a copy the CA can own
  EXPECT_TRUE(key.ok());
  auto ca = CertificateAuthority::create_root(
      std::move(*key), name("CN=GlassTLS Test Root,O=GlassTLS"), kNow, kNow + 10 * kYear, rng);
  EXPECT_TRUE(ca.ok()) << ca.error().describe();
  return std::move(*ca);
}

Bytes ski_of(const Certificate& c) {
  return c.extensions().subject_key_id
             ? Bytes(c.extensions().subject_key_id->begin(), c.extensions().subject_key_id->end())
             : Bytes{};
}

TEST(Ca, RootIsASelfSignedCa) {
  const auto ca = make_root("p384");
  const Certificate& c = ca.certificate();
  EXPECT_EQ(c.version(), 3);
  EXPECT_TRUE(c.is_self_issued());
  EXPECT_TRUE(c.is_ca());
  EXPECT_TRUE(c.serial_is_positive());
  EXPECT_LE(c.serial().size(), 16u);
  EXPECT_TRUE(c.verify_signed_by(c.public_key()).ok());
  ASSERT_TRUE(c.extensions().key_usage.has_value());
  EXPECT_TRUE(c.extensions().key_usage->has(KeyUsageBit::key_cert_sign));
  EXPECT_TRUE(c.extensions().key_usage->has(KeyUsageBit::crl_sign));
  EXPECT_FALSE(c.extensions().key_usage->has(KeyUsageBit::digital_signature));
  EXPECT_TRUE(c.extensions().find(oid::basic_constraints)->critical);
  EXPECT_TRUE(c.extensions().find(oid::key_usage)->critical);
  const auto id = c.public_key().key_identifier();
  EXPECT_EQ(ski_of(c), Bytes(id.begin(), id.end()));
  EXPECT_EQ(c.validity().not_before, kNow);
  EXPECT_EQ(c.validity().not_after, kNow + 10 * kYear);
}

TEST(Ca, IssuesAChainWithTheProfilesExtensions) {
  const auto root = make_root("rsa2048");
  auto rng = crypto::HmacDrbg::from_seed(2);
  auto inter_key = PrivateKey::parse_der(issue_key("p256").to_pkcs8_der());
  ASSERT_TRUE(inter_key.ok());
  auto inter_cert = root.issue(csr_for(*inter_key, "CN=GlassTLS Test Intermediate", ""),
                               Profile::intermediate, kNow, kNow + 5 * kYear, rng, 0);
  ASSERT_TRUE(inter_cert.ok()) << inter_cert.error().describe();
  EXPECT_TRUE(inter_cert->verify_signed_by(root.certificate().public_key()).ok());
  ASSERT_TRUE(inter_cert->extensions().basic_constraints.has_value());
  EXPECT_TRUE(inter_cert->extensions().basic_constraints->ca);
  EXPECT_EQ(inter_cert->extensions().basic_constraints->path_len, std::optional<std::uint64_t>(0));
  EXPECT_TRUE(inter_cert->issuer().matches(root.certificate().subject()));
  ASSERT_TRUE(inter_cert->extensions().authority_key_id.has_value());
  EXPECT_EQ(Bytes(inter_cert->extensions().authority_key_id->key_id->begin(),
                  inter_cert->extensions().authority_key_id->key_id->end()),
            ski_of(root.certificate()));
  EXPECT_FALSE(inter_cert->extensions().ext_key_usage.has_value());

  auto inter = CertificateAuthority::from(*inter_cert, std::move(*inter_key));
  ASSERT_TRUE(inter.ok()) << inter.error().describe();

  auto server = inter->issue(
      csr_for(issue_key("rsa2048"), "CN=www.example.com", "DNS:www.example.com,IP:192.0.2.1"),
      Profile::server, kNow, kNow + kYear, rng);
  ASSERT_TRUE(server.ok()) << server.error().describe();
  EXPECT_TRUE(server->verify_signed_by(inter->certificate().public_key()).ok());
  EXPECT_FALSE(server->is_ca());
  EXPECT_TRUE(server->extensions().basic_constraints.has_value());
  EXPECT_TRUE(server->extensions().key_usage->has(KeyUsageBit::digital_signature));
  EXPECT_TRUE(
      server->extensions().key_usage->has(KeyUsageBit::key_encipherment));  // RSA server key
  EXPECT_EQ(*server->extensions().ext_key_usage, std::vector<Oid>{oid::kp_server_auth});
  ASSERT_TRUE(server->extensions().subject_alt_names.has_value());
  EXPECT_EQ(server->extensions().subject_alt_names->size(), 2u);
  const auto id = server->public_key().key_identifier();
  EXPECT_EQ(ski_of(*server), Bytes(id.begin(), id.end()));
  EXPECT_EQ(server->signature_algorithm().algorithm,
            SignatureAlgorithm::ecdsa_sha256);  // the P-256 intermediate signs

  auto client = inter->issue(csr_for(issue_key("ed25519"), "CN=alice", ""), Profile::client, kNow,
                             kNow + kYear, rng);
  ASSERT_TRUE(client.ok()) << client.error().describe();
  EXPECT_EQ(*client->extensions().ext_key_usage, std::vector<Oid>{oid::kp_client_auth});
  EXPECT_TRUE(client->extensions().key_usage->has(KeyUsageBit::digital_signature));
  EXPECT_FALSE(client->extensions().key_usage->has(KeyUsageBit::key_encipherment));
  EXPECT_FALSE(client->extensions().subject_alt_names.has_value());
  EXPECT_NE(client->serial().size(), 0u);
  EXPECT_FALSE(std::equal(client->serial().begin(), client->serial().end(),
                          server->serial().begin(), server->serial().end()));
}

TEST(Ca, RefusesATamperedRequest) {
  const auto root = make_root("ed25519");
  const auto csr = csr_for(issue_key("p256"), "CN=x", "DNS:x.example");
  Bytes der(csr.der().begin(), csr.der().end());
  der[der.size() - 3] ^= 0x40;
  auto tampered = CertificationRequest::parse(der);
  ASSERT_TRUE(tampered.ok());
  auto rng = crypto::HmacDrbg::from_seed(3);
  auto cert = root.issue(*tampered, Profile::server, kNow, kNow + kYear, rng);
  ASSERT_FALSE(cert.ok());
  EXPECT_NE(cert.error().rule.find("RFC 2986 §3"), std::string_view::npos);
}

TEST(Ca, RefusesWhatTheProfileForbids) {
  const auto root = make_root("ed25519");
  auto rng = crypto::HmacDrbg::from_seed(3);
  // A server certificate needs a DNS or IP subjectAltName (a host-name CN
  // would be copied in: see ServerCommonName below).
  EXPECT_FALSE(
      root.issue(csr_for(issue_key("p256"), "O=x", ""), Profile::server, kNow, kNow + kYear, rng)
          .ok());
  EXPECT_FALSE(root.issue(csr_for(issue_key("p256"), "O=x", "email:a@b.example"), Profile::server,
                          kNow, kNow + kYear, rng)
                   .ok());
  // pathLen only for intermediates; validity must not run backwards.
  const auto good = csr_for(issue_key("p256"), "CN=x", "DNS:x.example");
  EXPECT_FALSE(root.issue(good, Profile::server, kNow, kNow + kYear, rng, 1).ok());
  EXPECT_FALSE(root.issue(good, Profile::server, kNow, kNow - 1, rng).ok());
  // An empty subject needs a SAN (and then the SAN is critical).
  auto empty_subject = root.issue(csr_for(issue_key("p256"), "", "DNS:x.example"), Profile::server,
                                  kNow, kNow + kYear, rng);
  ASSERT_TRUE(empty_subject.ok()) << empty_subject.error().describe();
  EXPECT_TRUE(empty_subject->extensions().find(oid::subject_alt_name)->critical);
  EXPECT_FALSE(
      root.issue(csr_for(issue_key("p256"), "", ""), Profile::client, kNow, kNow + kYear, rng)
          .ok());
}

TEST(Ca, PathLenZeroCaCannotIssueIntermediates) {
  const auto root = make_root("p256");
  auto rng = crypto::HmacDrbg::from_seed(8);
  auto inter_key = PrivateKey::parse_der(issue_key("p384").to_pkcs8_der());
  ASSERT_TRUE(inter_key.ok());
  auto inter_cert = root.issue(csr_for(*inter_key, "CN=Inter", ""), Profile::intermediate, kNow,
                               kNow + kYear, rng, 0);
  ASSERT_TRUE(inter_cert.ok());
  auto inter = CertificateAuthority::from(*inter_cert, std::move(*inter_key));
  ASSERT_TRUE(inter.ok());
  EXPECT_FALSE(inter
                   ->issue(csr_for(issue_key("p256"), "CN=Sub", ""), Profile::intermediate, kNow,
                           kNow + kYear, rng)
                   .ok());
}

TEST(Ca, FromChecksKeyAndCaFlag) {
  const auto root = make_root("p256");
  auto wrong = PrivateKey::parse_der(issue_key("p384").to_pkcs8_der());
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(CertificateAuthority::from(root.certificate(), std::move(*wrong)).ok());
  auto rng = crypto::HmacDrbg::from_seed(8);
  auto leaf = root.issue(csr_for(issue_key("p384"), "CN=leaf", "DNS:leaf.example"), Profile::server,
                         kNow, kNow + kYear, rng);
  ASSERT_TRUE(leaf.ok());
  auto leaf_key = PrivateKey::parse_der(issue_key("p384").to_pkcs8_der());
  ASSERT_TRUE(leaf_key.ok());
  EXPECT_FALSE(CertificateAuthority::from(*leaf, std::move(*leaf_key)).ok());
}

TEST(Ca, IsDeterministicFromASeed) {
  for (const char* spec : {"p256", "ed25519", "rsa2048"}) {
    const auto a = make_root(spec, 99);
    const auto b = make_root(spec, 99);
    const auto c = make_root(spec, 100);
    EXPECT_TRUE(std::equal(a.certificate().der().begin(), a.certificate().der().end(),
                           b.certificate().der().begin(), b.certificate().der().end()))
        << spec;
    EXPECT_FALSE(std::equal(a.certificate().der().begin(), a.certificate().der().end(),
                            c.certificate().der().begin(), c.certificate().der().end()))
        << spec;
  }
}

// ---- a server certificate's Common Name (CA/B Forum BR §7.1.4.3) ----------

// The server certificate the root issues for `subject` and `san`, or its refusal.
Result<Certificate> issue_server(std::string_view subject, std::string_view san) {
  static const CertificateAuthority root = make_root("p256");
  auto rng = crypto::HmacDrbg::from_seed(5);
  return root.issue(csr_for(issue_key("p256"), subject, san), Profile::server, kNow, kNow + kYear,
                    rng);
}

std::vector<std::string> san_strings(const Certificate& c) {
  std::vector<std::string> out;
  if (c.extensions().subject_alt_names)
    for (const GeneralName& g : *c.extensions().subject_alt_names) out.push_back(g.to_string());
  return out;
}

// The certificate passes the webpki profile for a server at `host` (a DNS name).
void expect_webpki_accepts(const Certificate& leaf, const std::string& host) {
  TrustStore roots;
  roots.add(make_root("p256").certificate());
  VerifyOptions o;
  o.time = kNow + 60;
  o.hostname = host;
  Rejection why;
  EXPECT_TRUE(verify_path(leaf, {}, roots, o, &why).ok()) << why.explain();
}

using Names = std::vector<std::string>;

TEST(ServerCommonName, AHostNameCnWithoutSanIsCopiedIntoTheSan) {
  auto cert = issue_server("CN=www.example.test,O=Example", "");
  ASSERT_TRUE(cert.ok()) << cert.error().describe();
  EXPECT_EQ(san_strings(*cert), Names{"DNS:www.example.test"});
  EXPECT_FALSE(cert->extensions().find(oid::subject_alt_name)->critical);
  expect_webpki_accepts(*cert, "www.example.test");
}

TEST(ServerCommonName, AnIpCnWithoutSanBecomesAnIpAddressEntry) {
  for (const char* ip : {"192.0.2.7", "2001:db8::1"}) {
    auto cert = issue_server(std::string("CN=") + ip, "");
    ASSERT_TRUE(cert.ok()) << ip << ": " << cert.error().describe();
    EXPECT_EQ(san_strings(*cert), Names{std::string("IP:") + ip});
  }
}

TEST(ServerCommonName, ACnMissingFromTheRequestedSanIsAddedLast) {
  auto cert = issue_server("CN=www.example.test", "DNS:example.test,IP:192.0.2.7");
  ASSERT_TRUE(cert.ok()) << cert.error().describe();
  EXPECT_EQ(san_strings(*cert),
            (Names{"DNS:example.test", "IP:192.0.2.7", "DNS:www.example.test"}));
  expect_webpki_accepts(*cert, "www.example.test");
  expect_webpki_accepts(*cert, "example.test");
}

TEST(ServerCommonName, ACnAlreadyListedLeavesTheRequestedSanAsItWas) {
  const auto csr =
      csr_for(issue_key("p256"), "CN=www.example.test", "DNS:a.test,DNS:www.example.test");
  auto rng = crypto::HmacDrbg::from_seed(5);
  auto cert = make_root("p256").issue(csr, Profile::server, kNow, kNow + kYear, rng);
  ASSERT_TRUE(cert.ok()) << cert.error().describe();
  const ByteView asked = csr.requested_extensions().find(oid::subject_alt_name)->value;
  const ByteView issued = cert->extensions().find(oid::subject_alt_name)->value;
  EXPECT_TRUE(std::ranges::equal(asked, issued));
  // Without a CN nothing is added either.
  auto no_cn = issue_server("O=Example", "DNS:a.test");
  ASSERT_TRUE(no_cn.ok()) << no_cn.error().describe();
  EXPECT_EQ(san_strings(*no_cn), Names{"DNS:a.test"});
}

TEST(ServerCommonName, WhatCannotBeASanValueIsRefused) {
  // Each refusal names the Baseline Requirement.
  for (const auto& [subject, san] : std::vector<std::pair<const char*, const char*>>{
           {"CN=My Web Server", "DNS:www.example.test"},     // names no host
           {"CN=bücher.example", ""},                        // Unicode, not the A-label
           {"CN=a.example+CN=b.example", "DNS:a.example"},   // two Common Names
           {"CN=WWW.example.test", "DNS:www.example.test"},  // differs in letter case
           {"CN=192.168.001.001", ""},                       // legacy IPv4 spelling
           {"CN=2001:DB8::1", ""},                           // IPv6 not in RFC 5952 form
       }) {
    auto cert = issue_server(subject, san);
    ASSERT_FALSE(cert.ok()) << subject;
    EXPECT_EQ(cert.error().alert, AlertDescription::illegal_parameter) << subject;
    EXPECT_NE(cert.error().rule.find("BR §7.1.4.3"), std::string_view::npos)
        << subject << ": " << cert.error().rule;
  }
}

TEST(ServerCommonName, ClientCertificatesKeepAPersonsName) {
  const auto root = make_root("p256");
  auto rng = crypto::HmacDrbg::from_seed(5);
  auto cert = root.issue(csr_for(issue_key("p256"), "CN=Alice Example", ""), Profile::client, kNow,
                         kNow + kYear, rng);
  ASSERT_TRUE(cert.ok()) << cert.error().describe();
  EXPECT_FALSE(cert->extensions().subject_alt_names.has_value());
}

}  // namespace
}  // namespace glasstls::x509
