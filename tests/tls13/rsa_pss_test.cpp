// rsa_pss_pss_* (RFC 8446 §4.2.3): identities whose certificates carry an RSA
// key under the RSASSA-PSS OID. Both roles sign their CertificateVerify with
// rsa_pss_pss_* (never rsa_pss_rsae_*, never PKCS #1 v1.5), in TLS 1.3 and in
// TLS 1.2 ECDHE_RSA; such a key never decrypts a TLS 1.2 premaster secret.
#include <gtest/gtest.h>

#include "crypto/rng.hpp"
#include "issue_keys.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {
namespace {

using handshake::Connection;
using handshake::SignatureScheme;

constexpr std::int64_t kNotBefore = 1700000000;
constexpr std::int64_t kNotAfter = 2000000000;

struct PssPki {
  x509::TrustStore roots;
  std::shared_ptr<const x509::KeyStore> server;      // id-RSASSA-PSS, no parameters
  std::shared_ptr<const x509::KeyStore> server_384;  // parameters: SHA-384 only
  std::shared_ptr<const x509::KeyStore> client;      // id-RSASSA-PSS, clientAuth
};

std::shared_ptr<const x509::KeyStore> identity(const x509::CertificateAuthority& ca,
                                               x509::PrivateKey key, std::string_view subject,
                                               std::string_view sans, x509::Profile profile,
                                               crypto::Rng& rng) {
  auto csr = x509::make_csr(key, *x509::build_name(subject), *x509::build_general_names(sans), rng);
  if (!csr) std::abort();
  auto cert = ca.issue(*csr, profile, kNotBefore, kNotAfter, rng);
  if (!cert) std::abort();
  auto ks = x509::KeyStore::create({*cert}, std::move(key));
  if (!ks) std::abort();
  return std::make_shared<const x509::KeyStore>(std::move(*ks));
}

const PssPki& pss_pki() {
  static const PssPki p = [] {
    auto rng = crypto::HmacDrbg::from_seed(5756);
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto ca = x509::CertificateAuthority::create_root(
        std::move(*root_key), *x509::build_name("CN=PSS Test Root"), kNotBefore, kNotAfter, rng);
    if (!ca) std::abort();
    const x509::PrivateKey& key = issue_key("rsa-pss2048");
    const std::string sans = "DNS:server.example";
    PssPki out;
    out.roots.add(ca->certificate());
    out.server = identity(*ca, with_pss_params(key, {}), "CN=server.example", sans,
                          x509::Profile::server, rng);
    out.server_384 = identity(*ca, with_pss_params(key, {crypto::HashId::sha384, 48}),
                              "CN=server.example", sans, x509::Profile::server, rng);
    out.client = identity(*ca, with_pss_params(key, {}), "CN=pss client",
                          "email:client@example.com", x509::Profile::client, rng);
    return out;
  }();
  return p;
}

handshake::Config client_with(std::vector<std::uint16_t> versions) {
  auto c = client_config();
  c.trust = &pss_pki().roots;
  c.versions = std::move(versions);
  return c;
}
handshake::Config server_with(std::shared_ptr<const x509::KeyStore> id,
                              std::vector<std::uint16_t> versions) {
  auto s = server_config();
  s.identities = {std::move(id)};
  s.versions = std::move(versions);
  return s;
}

std::string why(const Connection& c, const Connection& s) {
  return (c.error() ? "client: " + c.error()->describe() : std::string()) +
         (s.error() ? " server: " + s.error()->describe() : std::string());
}

// Client and server after their handshake (pumped until both are quiet).
struct Pair {
  std::unique_ptr<Connection> client, server;
  bool ok = false;
};
Pair handshake_with(const handshake::Config& cc, const handshake::Config& sc) {
  Pair p{Connection::client(cc, "server.example"), Connection::server(sc)};
  p.ok = pump(*p.client, *p.server);
  return p;
}

class RsaPssVersions : public ::testing::TestWithParam<std::uint16_t> {};

TEST_P(RsaPssVersions, ServerSignsWithRsaPssPss) {
  auto cc = client_with({GetParam()});
  auto sc = server_with(pss_pki().server, {GetParam()});
  auto [client, server, ok] = handshake_with(cc, sc);
  ASSERT_TRUE(ok) << why(*client, *server);
  EXPECT_EQ(client->negotiated().version, GetParam());
  EXPECT_EQ(client->negotiated().signature_scheme, code(SignatureScheme::rsa_pss_pss_sha256));
  const std::vector<std::uint8_t> hello = {'h', 'i'};
  ASSERT_TRUE(client->write(hello));
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_EQ(server->read(), hello);
}

TEST_P(RsaPssVersions, ClientAuthenticatesWithRsaPssPss) {
  auto cc = client_with({GetParam()});
  cc.identities = {pss_pki().client};
  auto sc = server_with(pss_pki().server, {GetParam()});
  sc.client_auth = handshake::ClientAuth::required;
  sc.trust = &pss_pki().roots;
  auto [client, server, ok] = handshake_with(cc, sc);
  ASSERT_TRUE(ok) << why(*client, *server);
  EXPECT_EQ(server->negotiated().signature_scheme, code(SignatureScheme::rsa_pss_pss_sha256));
}

TEST_P(RsaPssVersions, KeyParametersChooseTheHash) {
  // The client prefers SHA-256, but the key's RSASSA-PSS-params allow SHA-384 only.
  auto cc = client_with({GetParam()});
  auto sc = server_with(pss_pki().server_384, {GetParam()});
  auto [client, server, ok] = handshake_with(cc, sc);
  ASSERT_TRUE(ok) << why(*client, *server);
  EXPECT_EQ(client->negotiated().signature_scheme, code(SignatureScheme::rsa_pss_pss_sha384));
}

TEST_P(RsaPssVersions, NoRsaPssPssOfferedNoHandshake) {
  // rsa_pss_rsae_* is for rsaEncryption keys only (RFC 8446 §4.2.3): a client
  // that offers no rsa_pss_pss_* scheme finds no certificate here.
  auto cc = client_with({GetParam()});
  cc.signature_schemes = {code(SignatureScheme::rsa_pss_rsae_sha256),
                          code(SignatureScheme::rsa_pkcs1_sha256)};
  auto sc = server_with(pss_pki().server, {GetParam()});
  auto [client, server, ok] = handshake_with(cc, sc);
  ASSERT_FALSE(ok);
  ASSERT_TRUE(server->error().has_value());
  EXPECT_EQ(server->error()->alert, AlertDescription::handshake_failure);
}

INSTANTIATE_TEST_SUITE_P(Versions, RsaPssVersions,
                         ::testing::Values(handshake::kTls13, handshake::kTls12),
                         [](const auto& param_info) {
                           return std::string(param_info.param == handshake::kTls13 ? "tls13"
                                                                                    : "tls12");
                         });

TEST(RsaPssTls12, NoRsaKeyTransportWithAnRsaPssKey) {
  // RFC 5246 §7.4.7.1 encrypts the premaster secret to an rsaEncryption key;
  // a server with only an id-RSASSA-PSS key has no certificate for TLS_RSA_*.
  auto cc = client_with({handshake::kTls12});
  cc.cipher_suites = {code(handshake::CipherSuite::tls_rsa_with_aes_128_gcm_sha256)};
  auto sc = server_with(pss_pki().server, {handshake::kTls12});
  auto [client, server, ok] = handshake_with(cc, sc);
  ASSERT_FALSE(ok);
  ASSERT_TRUE(server->error().has_value());
  EXPECT_EQ(server->error()->alert, AlertDescription::handshake_failure);
}

}  // namespace
}  // namespace glasstls::test
