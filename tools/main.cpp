// glasstls: a TLS toolkit that explains itself. See docs/index.md.
#include <CLI/CLI.hpp>

#include "tools/commands.hpp"

namespace glasstls::tools { void add_conformance_command(CLI::App& app, int& exit_code); }

int main(int argc, char** argv) {
  CLI::App app{
      "glasstls: a TLS 1.2/1.3 stack you can read. Every subcommand explains what it does."};
  app.require_subcommand(1);
  int exit_code = 0;
  glasstls::tools::add_demo_command(app, exit_code);
  glasstls::tools::add_selftest_command(app, exit_code);
  glasstls::tools::add_key_command(app, exit_code);
  glasstls::tools::add_csr_command(app, exit_code);
  glasstls::tools::add_ca_command(app, exit_code);
  glasstls::tools::add_x509_command(app, exit_code);
  glasstls::tools::add_client_command(app, exit_code);
  glasstls::tools::add_server_command(app, exit_code);
  glasstls::tools::add_conformance_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // Help is not an error; every other parse failure is a usage error (2).
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
