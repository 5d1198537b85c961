// The browsers' wildcard rule in a handshake (CA/B Forum BR §3.2.2.6): a
// client given a Public Suffix List (Config::public_suffixes) refuses a server
// certificate for "*.co.uk"; without a list only a wildcard right under a
// top-level domain is refused. A server checking mTLS clients uses RFC 5280
// alone, where no such rule exists. Both TLS versions.
#include <gtest/gtest.h>

#include "crypto/rng.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "x509/csr.hpp"
#include "x509/identity.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {
namespace {

using handshake::Connection;

constexpr std::int64_t kNotBefore = 1700000000, kNotAfter = 2000000000;

struct WildcardPki {
  x509::TrustStore roots;
  std::shared_ptr<const x509::KeyStore> server;  // SAN DNS:*.co.uk, DNS:*.example
};

const WildcardPki& wildcard_pki() {
  static const WildcardPki pki = [] {
    crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(3226);
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto root = x509::CertificateAuthority::create_root(std::move(*root_key),
                                                        *x509::build_name("CN=Wildcard Test Root"),
                                                        kNotBefore, kNotAfter, rng);
    auto key = x509::PrivateKey::generate("p256", rng);
    auto csr = x509::make_csr(*key, *x509::build_name("CN=*.example"),
                              *x509::build_general_names("DNS:*.co.uk,DNS:*.example"), rng);
    auto cert = root->issue(*csr, x509::Profile::server, kNotBefore, kNotAfter, rng);
    if (!root || !cert) std::abort();
    WildcardPki p;
    p.roots.add(root->certificate());
    auto store = x509::KeyStore::create({*cert}, std::move(*key));
    if (!store) std::abort();
    p.server = std::make_shared<const x509::KeyStore>(std::move(*store));
    return p;
  }();
  return pki;
}

// Enough of the list for the test: the ICANN rules for the UK's second level.
std::shared_ptr<const x509::PublicSuffixList> uk_suffixes() {
  return std::make_shared<const x509::PublicSuffixList>(
      x509::PublicSuffixList::parse("// ===BEGIN ICANN DOMAINS===\nuk\nco.uk\norg.uk\n"));
}

class PublicSuffixInHandshake : public ::testing::TestWithParam<std::uint16_t> {};

Result<void> connect(std::uint16_t version, const std::string& name,
                     std::shared_ptr<const x509::PublicSuffixList> suffixes,
                     std::optional<x509::ValidationProfile> profile = std::nullopt) {
  auto client_cfg = client_config();
  client_cfg.versions = {version};
  client_cfg.trust = &wildcard_pki().roots;
  client_cfg.public_suffixes = std::move(suffixes);
  client_cfg.profile = profile;
  auto server_cfg = server_config();
  server_cfg.versions = {version};
  server_cfg.identities = {wildcard_pki().server};
  auto client = Connection::client(client_cfg, name);
  auto server = Connection::server(server_cfg);
  if (pump(*client, *server)) return success();
  if (client->error()) return *client->error();
  return *server->error();
}

TEST_P(PublicSuffixInHandshake, AWildcardUnderAPublicSuffixIsRefusedWithTheList) {
  const auto refused = connect(GetParam(), "shop.co.uk", uk_suffixes());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().alert, AlertDescription::bad_certificate);
  EXPECT_NE(refused.error().rule.find("BR §3.2.2.6"), std::string_view::npos)
      << refused.error().describe();
  // The same certificate, for a name its other wildcard covers: the rule is
  // about any wildcard in the certificate, so it is refused as well.
  EXPECT_FALSE(connect(GetParam(), "www.example", uk_suffixes()));
}

TEST_P(PublicSuffixInHandshake, WithoutTheListOnlyATopLevelWildcardIsRefused) {
  // "*.example" sits right under a single label: the list's implicit rule "*".
  const auto refused = connect(GetParam(), "shop.co.uk", nullptr);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().rule.find("top-level domain"), std::string_view::npos)
      << refused.error().describe();
}

TEST_P(PublicSuffixInHandshake, ConfigProfileRfc5280LeavesTheBaselineRequirementsOut) {
  // Config::profile overrides the client's default (webpki): RFC 5280 alone
  // has no wildcard rule of the CA/B Forum, so the handshake completes.
  const auto web =
      connect(GetParam(), "shop.co.uk", uk_suffixes(), x509::ValidationProfile::webpki);
  EXPECT_FALSE(web);
  const auto rfc =
      connect(GetParam(), "shop.co.uk", uk_suffixes(), x509::ValidationProfile::rfc5280);
  EXPECT_TRUE(rfc) << rfc.error().describe();
}

INSTANTIATE_TEST_SUITE_P(Versions, PublicSuffixInHandshake,
                         ::testing::Values(handshake::kTls13, handshake::kTls12),
                         [](const testing::TestParamInfo<std::uint16_t>& param_info) {
                           return param_info.param == handshake::kTls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace glasstls::test
