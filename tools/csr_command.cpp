// `glasstls csr new --key KEY.pem --subject "CN=..." [--san DNS:...,IP:...,email:...] --out REQ.pem`
// `glasstls csr show REQ.pem [--bytes]`
#include <fmt/core.h>

#include <memory>

#include "crypto/ct.hpp"
#include "crypto/rng.hpp"
#include "tools/commands.hpp"
#include "tools/explain_csr.hpp"
#include "tools/files.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::tools {
namespace {

struct CsrNewArgs {
  std::string key, subject, san, out;
};

std::string_view as_text(const x509::Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

int csr_new(const CsrNewArgs& a) {
  std::string problem;
  x509::Bytes key_pem;
  if (!read_file(a.key, key_pem, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  auto key = x509::PrivateKey::parse_pem(as_text(key_pem));
  crypto::ct::secure_wipe(key_pem.data(), key_pem.size());
  if (!key) {
    fmt::print(stderr, "error: {}: {}\n", a.key, key.error().describe());
    return 2;
  }
  auto subject = x509::build_name(a.subject);
  if (!subject) {
    fmt::print(stderr, "error: --subject \"{}\": {}\n", a.subject, subject.error().describe());
    return 2;
  }
  x509::Bytes san;
  if (!a.san.empty()) {
    auto names = x509::build_general_names(a.san);
    if (!names) {
      fmt::print(stderr, "error: --san \"{}\": {}\n", a.san, names.error().describe());
      return 2;
    }
    san = std::move(*names);
  }
  auto csr = x509::make_csr(*key, *subject, san, crypto::os_rng());
  if (!csr) {
    fmt::print(stderr, "error: cannot make the request: {}\n", csr.error().describe());
    return 2;
  }
  if (!write_file(a.out, csr->to_pem(), false, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  fmt::print(
      "Wrote a certificate signing request to {}, signed with {} to prove you hold that key.\n",
      a.out, a.key);
  fmt::print("Send it to your CA (for example: glasstls ca sign --ca-dir DIR --csr {} ...).\n",
             a.out);
  return 0;
}

int csr_show(const std::string& path, bool bytes) {
  std::string problem;
  x509::Bytes data;
  if (!read_file(path, data, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  auto csr = x509::looks_like_pem(data) ? x509::CertificationRequest::parse_pem(as_text(data))
                                        : x509::CertificationRequest::parse(data);
  if (!csr) {
    fmt::print(stderr, "error: {}: {}\n", path, csr.error().describe());
    return 2;
  }
  fmt::print("{}", explain_csr(*csr, bytes));
  return csr->verify_signature() ? 0 : 1;
}

}  // namespace

void add_csr_command(CLI::App& app, int& exit_code) {
  auto* csr = app.add_subcommand("csr", "Certificate signing requests (PKCS #10)");
  csr->require_subcommand(1);

  auto* new_cmd =
      csr->add_subcommand("new", "Make a request for a certificate, signed with your key");
  auto a = std::make_shared<CsrNewArgs>();
  new_cmd->add_option("--key", a->key, "Your private key (PEM)")->required();
  new_cmd
      ->add_option("--subject", a->subject,
                   "Subject name, RFC 4514: \"CN=www.example.test,O=Example\"")
      ->required();
  new_cmd->add_option("--san", a->san,
                      "Subject alternative names: DNS:name,IP:addr,email:addr,URI:uri");
  new_cmd->add_option("--out", a->out, "Where to write the request (PEM)")->required();
  new_cmd->callback([&exit_code, a] { exit_code = csr_new(*a); });

  auto* show_cmd =
      csr->add_subcommand("show", "Every field of a request, explained, and its signature checked");
  struct ShowArgs {
    std::string path;
    bool bytes = false;
  };
  auto s = std::make_shared<ShowArgs>();
  show_cmd->add_option("file", s->path, "The request (PEM or DER)")->required();
  show_cmd->add_flag("--bytes", s->bytes, "Also show where each field sits in the DER");
  show_cmd->callback([&exit_code, s] { exit_code = csr_show(s->path, s->bytes); });
}

}  // namespace glasstls::tools
