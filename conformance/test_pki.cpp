#include "conformance/test_pki.hpp"

#include <array>
#include <ctime>
#include <string_view>

#include "crypto/rng.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::conformance {

namespace {

constexpr std::array kClientKinds = {
    std::string_view("none"),    std::string_view("valid"),     std::string_view("bad_signature"),
    std::string_view("expired"), std::string_view("wrong_eku"), std::string_view("unknown_ca")};
constexpr std::array kServerKinds = {std::string_view("expired"), std::string_view("wrong_name"),
                                     std::string_view("unknown_ca"),
                                     std::string_view("no_intermediate")};

constexpr x509::UnixTime kDay = 86400;

x509::UnixTime now() { return static_cast<x509::UnixTime>(std::time(nullptr)); }

struct Issued {
  x509::Certificate certificate;
  x509::PrivateKey key;
};

// A fresh key, and a certificate for it from `ca` (`san` empty: no
// subjectAltName asked for).
std::optional<Issued> issue_certificate(const x509::CertificateAuthority& ca, x509::Profile profile,
                                        const std::string& subject, const std::string& san,
                                        x509::UnixTime not_before, x509::UnixTime not_after,
                                        std::string& problem) {
  auto& rng = crypto::os_rng();
  auto key = x509::PrivateKey::generate("p256", rng);
  auto name = x509::build_name(subject);
  auto names = san.empty() ? Result<x509::Bytes>(x509::Bytes{}) : x509::build_general_names(san);
  if (!key || !name || !names) {
    problem = "cannot make a test key or name";
    return std::nullopt;
  }
  auto csr = x509::make_csr(*key, *name, *names, rng);
  if (!csr) {
    problem = "cannot make a test certification request: " + csr.error().describe();
    return std::nullopt;
  }
  auto cert = ca.issue(*csr, profile, not_before, not_after, rng);
  if (!cert) {
    problem = "the test CA cannot issue: " + cert.error().describe();
    return std::nullopt;
  }
  return Issued{std::move(*cert), std::move(*key)};
}

// The same, as a key store: the leaf, then `also` when given.
std::shared_ptr<const x509::KeyStore> issue(const x509::CertificateAuthority& ca,
                                            x509::Profile profile, const std::string& subject,
                                            const std::string& san, x509::UnixTime not_before,
                                            x509::UnixTime not_after, std::string& problem,
                                            const x509::Certificate* also = nullptr) {
  auto issued = issue_certificate(ca, profile, subject, san, not_before, not_after, problem);
  if (!issued) return nullptr;
  std::vector<x509::Certificate> chain;
  chain.push_back(std::move(issued->certificate));
  if (also) chain.push_back(*also);
  auto store = x509::KeyStore::create(std::move(chain), std::move(issued->key));
  if (!store) {
    problem = "cannot make a test key store: " + store.error().describe();
    return nullptr;
  }
  return std::make_shared<const x509::KeyStore>(std::move(*store));
}

// A root nobody trusts, made for one scenario.
std::optional<x509::CertificateAuthority> unknown_root(std::string& problem) {
  auto& rng = crypto::os_rng();
  auto key = x509::PrivateKey::generate("p256", rng);
  auto name = x509::build_name("CN=GlassTLS conformance unknown root");
  if (!key || !name) {
    problem = "cannot make the unknown root's key";
    return std::nullopt;
  }
  auto root = x509::CertificateAuthority::create_root(std::move(*key), *name, now() - kDay,
                                                      now() + kDay, rng);
  if (!root) {
    problem = "cannot make the unknown root: " + root.error().describe();
    return std::nullopt;
  }
  return std::move(*root);
}

}  // namespace

bool is_client_cert_kind(const std::string& kind) {
  return std::find(kClientKinds.begin(), kClientKinds.end(), kind) != kClientKinds.end();
}

bool is_server_cert_kind(const std::string& kind) {
  return std::find(kServerKinds.begin(), kServerKinds.end(), kind) != kServerKinds.end();
}

std::shared_ptr<const TestPki> TestPki::load(const x509::Bytes& certificate, const x509::Bytes& key,
                                             std::string& problem) {
  auto certs = x509::Certificate::parse_any(certificate);
  if (!certs || certs->empty()) {
    problem =
        "--test-ca: no certificate" + (certs ? std::string() : ": " + certs.error().describe());
    return nullptr;
  }
  auto private_key = x509::PrivateKey::parse_pem(
      std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  if (!private_key) private_key = x509::PrivateKey::parse_der(key);
  if (!private_key) {
    problem = "--test-ca-key: " + private_key.error().describe();
    return nullptr;
  }
  auto ca = x509::CertificateAuthority::from(std::move(certs->front()), std::move(*private_key));
  if (!ca) {
    problem = "--test-ca: " + ca.error().describe();
    return nullptr;
  }
  return std::shared_ptr<const TestPki>(new TestPki(std::move(*ca)));
}

std::shared_ptr<const x509::KeyStore> TestPki::client_identity(const std::string& kind,
                                                               std::string& problem) const {
  const auto t = now();
  const std::string subject = "CN=GlassTLS conformance client";
  const std::string san = "DNS:client.conformance.test";
  if (kind == "valid" || kind == "bad_signature") {
    return issue(ca_, x509::Profile::client, subject, san, t - 3600, t + kDay, problem);
  }
  if (kind == "expired") {
    return issue(ca_, x509::Profile::client, subject, san, t - 3 * kDay, t - kDay, problem);
  }
  if (kind == "wrong_eku") {
    // Issued as a server certificate, whose Common Name our CA accepts only as
    // one of its SAN values (CA/B Forum BR §7.1.4.3).
    return issue(ca_, x509::Profile::server, "CN=client.conformance.test", san, t - 3600, t + kDay,
                 problem);
  }
  if (kind == "unknown_ca") {
    // The chain we send: the leaf, then the trusted CA's certificate, which
    // does not vouch for it. A client (ours too) answers a CertificateRequest
    // that lists its CAs only with a chain that names one of them.
    auto root = unknown_root(problem);
    if (!root) return nullptr;
    return issue(*root, x509::Profile::client, subject, san, t - 3600, t + kDay, problem,
                 &ca_.certificate());
  }
  problem = "no client certificate of kind " + kind;
  return nullptr;
}

std::shared_ptr<const x509::KeyStore> TestPki::server_identity(const std::string& kind,
                                                               const std::string& server_name,
                                                               std::string& problem) const {
  const auto t = now();
  // No Common Name: the SAN names the server (a CN would have to be one of
  // its values, CA/B Forum BR §7.1.4.3, and wrong_name's must not be).
  const std::string subject = "O=GlassTLS conformance server";
  const std::string san = "DNS:" + server_name;
  if (kind == "expired") {
    return issue(ca_, x509::Profile::server, subject, san, t - 3 * kDay, t - kDay, problem);
  }
  if (kind == "wrong_name") {
    return issue(ca_, x509::Profile::server, subject, "DNS:another-name.conformance.test", t - 3600,
                 t + kDay, problem);
  }
  if (kind == "unknown_ca") {
    auto root = unknown_root(problem);
    if (!root) return nullptr;
    return issue(*root, x509::Profile::server, subject, san, t - 3600, t + kDay, problem);
  }
  if (kind == "no_intermediate") {
    // An intermediate of the trusted CA issues the leaf; the chain we
    // present holds the leaf alone.
    auto issued =
        issue_certificate(ca_, x509::Profile::intermediate, "CN=GlassTLS conformance intermediate",
                          "", t - 3600, t + kDay, problem);
    if (!issued) return nullptr;
    auto intermediate =
        x509::CertificateAuthority::from(std::move(issued->certificate), std::move(issued->key));
    if (!intermediate) {
      problem = "cannot use the test intermediate: " + intermediate.error().describe();
      return nullptr;
    }
    return issue(*intermediate, x509::Profile::server, subject, san, t - 3600, t + kDay, problem);
  }
  problem = "no server certificate of kind " + kind;
  return nullptr;
}

}  // namespace glasstls::conformance
