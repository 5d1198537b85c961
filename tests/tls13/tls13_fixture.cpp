#include "tests/tls13/tls13_fixture.hpp"

#include "crypto/rng.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {

namespace {

constexpr std::int64_t kNotBefore = 1700000000;  // 2023-11-14
constexpr std::int64_t kNotAfter = 2000000000;   // 2033-05-18

crypto::Rng& fixture_rng() {
  static crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(1303);
  return rng;
}

x509::Certificate issue(const x509::CertificateAuthority& ca, const x509::PrivateKey& key,
                        std::string_view subject, std::string_view sans, x509::Profile profile,
                        std::int64_t not_before = kNotBefore, std::int64_t not_after = kNotAfter) {
  auto name = x509::build_name(subject);
  auto san = x509::build_general_names(sans);
  auto csr = x509::make_csr(key, *name, *san, fixture_rng());
  auto cert = ca.issue(*csr, profile, not_before, not_after, fixture_rng());
  if (!cert) std::abort();
  return *cert;
}

std::shared_ptr<const x509::KeyStore> store(const x509::CertificateAuthority& ca,
                                            std::string_view spec, std::string_view subject,
                                            std::string_view sans, x509::Profile profile,
                                            std::int64_t not_before = kNotBefore,
                                            std::int64_t not_after = kNotAfter) {
  auto key = x509::PrivateKey::generate(spec, fixture_rng());
  auto cert = issue(ca, *key, subject, sans, profile, not_before, not_after);
  auto ks = x509::KeyStore::create({cert}, std::move(*key));
  if (!ks) std::abort();
  return std::make_shared<const x509::KeyStore>(std::move(*ks));
}

x509::CertificateAuthority make_root(std::string_view subject) {
  auto key = x509::PrivateKey::generate("p256", fixture_rng());
  auto name = x509::build_name(subject);
  auto ca = x509::CertificateAuthority::create_root(std::move(*key), *name, kNotBefore, kNotAfter,
                                                    fixture_rng());
  if (!ca) std::abort();
  return std::move(*ca);
}

Pki make_pki() {
  const auto root = make_root("CN=GlassTLS Test Root");
  const auto other = make_root("CN=Some Other Root");
  const std::string sans = "DNS:server.example,DNS:localhost";
  Pki p{{},
        store(root, "p256", "CN=server.example", sans, x509::Profile::server),
        store(root, "p384", "CN=server.example", sans, x509::Profile::server),
        store(root, "ed25519", "CN=server.example", sans, x509::Profile::server),
        store(root, "rsa2048", "CN=server.example", sans, x509::Profile::server),
        store(root, "p256", "CN=client", "email:client@example.com", x509::Profile::client),
        store(other, "p256", "CN=stranger", "email:stranger@example.com", x509::Profile::client),
        store(root, "p256", "CN=late client", "email:late@example.com", x509::Profile::client,
              kNotBefore, kNotBefore + 10),
        store(root, "p256", "CN=server.example", sans, x509::Profile::server)};
  p.roots.add(root.certificate());
  return p;
}

}  // namespace

const Pki& pki() {
  static const Pki p = make_pki();
  return p;
}

std::int64_t test_now() { return 1800000000; }

bool pump(handshake::Connection& client, handshake::Connection& server, std::size_t chunk) {
  auto deliver = [chunk](std::vector<std::uint8_t> bytes, handshake::Connection& to) {
    if (chunk == 0) return to.receive(bytes).ok();
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
      const std::size_t n = std::min(chunk, bytes.size() - at);
      if (!to.receive(std::span(bytes).subspan(at, n))) return false;
    }
    return true;
  };
  for (int round = 0; round < 32; ++round) {
    auto c = client.take_output();
    auto s = server.take_output();
    if (c.empty() && s.empty()) return !client.error() && !server.error();
    if (!c.empty() && !deliver(std::move(c), server)) {
      // Let the client see the server's alert.
      (void)client.receive(server.take_output());
      return false;
    }
    if (!s.empty() && !deliver(std::move(s), client)) {
      (void)server.receive(client.take_output());
      return false;
    }
  }
  return false;
}

handshake::Config client_config() {
  handshake::Config c;
  c.trust = &pki().roots;
  c.clock = test_now;
  return c;
}

handshake::Config server_config() {
  handshake::Config c;
  c.identities.push_back(pki().server_p256);
  c.clock = test_now;
  return c;
}

}  // namespace glasstls::test
