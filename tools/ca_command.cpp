// `glasstls ca new --out-dir DIR --subject "CN=..." [--key-type p256] [--days N]`
// `glasstls ca sign --ca-dir DIR --csr REQ.pem --profile server|client|intermediate --days N --out CERT.pem`
#include <fmt/core.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "crypto/ct.hpp"
#include "crypto/rng.hpp"
#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "x509/ca.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::tools {
namespace {

constexpr x509::UnixTime kDay = 86400;

x509::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view as_text(const x509::Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

struct CaNewArgs {
  std::string out_dir, subject, key_type = "p256";
  int days = 3650;
};

int ca_new(const CaNewArgs& a) {
  auto subject = x509::build_name(a.subject);
  if (!subject) {
    fmt::print(stderr, "error: --subject \"{}\": {}\n", a.subject, subject.error().describe());
    return 2;
  }
  auto key = x509::PrivateKey::generate(a.key_type, crypto::os_rng());
  if (!key) {
    fmt::print(stderr, "error: cannot make a {} key: {}\n", a.key_type, key.error().describe());
    return 2;
  }
  const auto t = now();
  auto ca = x509::CertificateAuthority::create_root(std::move(*key), *subject, t, t + a.days * kDay,
                                                    crypto::os_rng());
  if (!ca) {
    fmt::print(stderr, "error: cannot make the root certificate: {}\n", ca.error().describe());
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  const std::string cert_path = a.out_dir + "/ca.pem", key_path = a.out_dir + "/ca.key";
  std::string problem;
  const crypto::SecretString key_pem = ca->key().to_pkcs8_pem();
  const bool ok = write_file(key_path, key_pem, true, problem) &&
                  write_file(cert_path, x509::pem_encode("CERTIFICATE", ca->certificate().der()),
                             false, problem);
  if (!ok) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  fmt::print("Made a root CA \"{}\":\n", ca->certificate().subject().to_string());
  fmt::print(
      "  {}  the self-signed root certificate: give it to everyone who should trust\n"
      "      certificates you sign (it goes into their trust store)\n",
      cert_path);
  fmt::print(
      "  {}  its private key (mode 0600): keep it offline; whoever has it can issue\n"
      "      certificates in your name\n",
      key_path);
  fmt::print("Inspect it: glasstls x509 show {}\n", cert_path);
  return 0;
}

struct CaSignArgs {
  std::string ca_dir, csr, profile, out;
  int days = 90;
  std::optional<std::uint64_t> path_len;
};

int ca_sign(const CaSignArgs& a) {
  std::string problem;
  std::vector<x509::Certificate> ca_certs;
  x509::Bytes key_pem, csr_data;
  const std::string cert_path = a.ca_dir + "/ca.pem", key_path = a.ca_dir + "/ca.key";
  if (!load_certificates(cert_path, ca_certs, problem) ||
      !require_certificates(cert_path, ca_certs, problem) ||
      !read_file(key_path, key_pem, problem) || !read_file(a.csr, csr_data, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  auto key = x509::PrivateKey::parse_pem(as_text(key_pem));
  crypto::ct::secure_wipe(key_pem.data(), key_pem.size());
  if (!key) {
    fmt::print(stderr, "error: {}: {}\n", key_path, key.error().describe());
    return 2;
  }
  auto ca = x509::CertificateAuthority::from(ca_certs.front(), std::move(*key));
  if (!ca) {
    fmt::print(stderr, "error: {}: {}\n", a.ca_dir, ca.error().describe());
    return 2;
  }
  auto csr = x509::looks_like_pem(csr_data)
                 ? x509::CertificationRequest::parse_pem(as_text(csr_data))
                 : x509::CertificationRequest::parse(csr_data);
  if (!csr) {
    fmt::print(stderr, "error: {}: {}\n", a.csr, csr.error().describe());
    return 2;
  }
  const auto profile = a.profile == "server"   ? x509::Profile::server
                       : a.profile == "client" ? x509::Profile::client
                                               : x509::Profile::intermediate;
  const auto t = now();
  auto cert = ca->issue(*csr, profile, t, t + a.days * kDay, crypto::os_rng(), a.path_len);
  if (!cert) {
    fmt::print("REFUSED: {}\n", cert.error().describe());
    if (!csr->verify_signature())
      fmt::print(
          "  The request's signature does not verify with the public key inside it, so nothing\n"
          "  proves that the requester holds the private key (RFC 2986 §3). Ask for a new "
          "request.\n");
    return 1;
  }
  if (!write_file(a.out, x509::pem_encode("CERTIFICATE", cert->der()), false, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  fmt::print(
      "Checked the request's signature (proof of possession), then issued a {} certificate:\n",
      a.profile);
  fmt::print("  subject {}\n  issuer  {}\n  valid   {} .. {}\n", cert->subject().to_string(),
             cert->issuer().to_string(), x509::format_time(cert->validity().not_before),
             x509::format_time(cert->validity().not_after));
  const auto& issued = cert->extensions().subject_alt_names;
  if (issued) {
    std::vector<std::string> names;
    for (const auto& g : *issued) names.push_back(g.to_string());
    fmt::print("  names   {}\n", fmt::join(names, ", "));
    const auto& asked = csr->requested_extensions().subject_alt_names;
    if (issued->size() > (asked ? asked->size() : 0))
      fmt::print(
          "  The request's Common Name was added to the subjectAltName: CA/B Forum BR §7.1.4.3\n"
          "  wants a server certificate's CN to be one of its SAN values.\n");
  }
  fmt::print("  written to {}\n", a.out);
  fmt::print("Check it: glasstls x509 verify --roots ROOT.pem --leaf {}{}\n", a.out,
             profile == x509::Profile::intermediate ? "" : " --purpose " + a.profile);
  return 0;
}

}  // namespace

void add_ca_command(CLI::App& app, int& exit_code) {
  auto* ca = app.add_subcommand("ca", "Be your own certificate authority");
  ca->require_subcommand(1);

  auto* new_cmd =
      ca->add_subcommand("new", "Make a root CA: DIR/ca.pem (self-signed) and DIR/ca.key");
  auto n = std::make_shared<CaNewArgs>();
  new_cmd->add_option("--out-dir", n->out_dir, "Directory for ca.pem and ca.key")->required();
  new_cmd
      ->add_option("--subject", n->subject, "The CA's name, RFC 4514: \"CN=My Root CA,O=Example\"")
      ->required();
  new_cmd->add_option("--key-type", n->key_type, "Key type (default p256)")
      ->check(CLI::IsMember({"rsa2048", "rsa3072", "rsa4096", "rsa-pss2048", "rsa-pss3072",
                             "rsa-pss4096", "p256", "p384", "ed25519"}));
  new_cmd->add_option("--days", n->days, "Validity in days (default 3650)")
      ->check(CLI::Range(1, 36500));
  new_cmd->callback([&exit_code, n] { exit_code = ca_new(*n); });

  auto* sign_cmd = ca->add_subcommand("sign", "Check a request and issue a certificate for it");
  sign_cmd->footer(
      "A server certificate's Common Name, when the request has one, must be one of its\n"
      "subjectAltName values (CA/Browser Forum Baseline Requirements §7.1.4.3, which the\n"
      "webpki profile of glasstls client checks). As ACME CAs do, a CN that is a DNS name or\n"
      "an IP address missing from the request's subjectAltName is added to it (a request\n"
      "with CN=www.example.com and no --san gets DNS:www.example.com); a CN that names no\n"
      "host (\"My Server\"), more than one CN, or a CN that differs from its SAN entry in\n"
      "letter case is refused: put the host name in CN, or leave the CN out.");
  auto s = std::make_shared<CaSignArgs>();
  sign_cmd->add_option("--ca-dir", s->ca_dir, "The CA directory (ca.pem and ca.key)")->required();
  sign_cmd->add_option("--csr", s->csr, "The certificate signing request (PEM or DER)")->required();
  sign_cmd
      ->add_option("--profile", s->profile,
                   "server (a DNS or IP subjectAltName; a host-name CN is one of them), client "
                   "or intermediate")
      ->required()
      ->check(CLI::IsMember({"server", "client", "intermediate"}));
  sign_cmd->add_option("--days", s->days, "Validity in days (default 90)")
      ->check(CLI::Range(1, 36500));
  sign_cmd->add_option("--path-len", s->path_len,
                       "intermediate only: how many CAs may follow below it");
  sign_cmd->add_option("--out", s->out, "Where to write the certificate (PEM)")->required();
  sign_cmd->callback([&exit_code, s] { exit_code = ca_sign(*s); });
}

}  // namespace glasstls::tools
