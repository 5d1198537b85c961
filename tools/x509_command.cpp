// `glasstls x509 show FILE [--bytes]` and `glasstls x509 verify ...`.
#include <fmt/core.h>

#include <memory>

#include "tools/commands.hpp"
#include "tools/explain.hpp"
#include "tools/files.hpp"

namespace glasstls::tools {
namespace {

int show(const std::string& path, bool bytes) {
  std::vector<x509::Certificate> certs;
  std::string problem;
  if (!load_certificates(path, certs, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  if (!require_certificates(path, certs, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  for (std::size_t i = 0; i < certs.size(); ++i) {
    if (certs.size() > 1) fmt::print("[{} of {}] ", i + 1, certs.size());
    fmt::print("{}", explain_certificate(certs[i], bytes));
    if (i + 1 < certs.size()) fmt::print("\n");
  }
  return 0;
}

}  // namespace

void add_x509_command(CLI::App& app, int& exit_code) {
  auto* x509 = app.add_subcommand("x509", "Read and check certificates");
  x509->require_subcommand(1);

  auto* show_cmd = x509->add_subcommand("show", "Every field of a certificate, explained");
  struct ShowOptions {
    std::string path;
    bool bytes = false;
  };
  auto opts = std::make_shared<ShowOptions>();
  show_cmd
      ->add_option("file", opts->path,
                   "PEM or DER certificate file (all certificates in it are shown)")
      ->required();
  show_cmd->add_flag("--bytes", opts->bytes, "Also show where each field sits in the DER");
  show_cmd->callback([&exit_code, opts] { exit_code = show(opts->path, opts->bytes); });

  add_x509_verify_command(*x509, exit_code);
}

}  // namespace glasstls::tools
