// The subcommands of `glasstls`. Each registers itself on the CLI11 app and
// returns the exit code its handler sets: 0 success, 1 a check failed (a
// vector, a certificate, later a handshake), 2 bad usage or input.
#pragma once

#include <CLI/CLI.hpp>

namespace glasstls::tools {

// `glasstls selftest`: every known-answer vector compiled into the library.
void add_selftest_command(CLI::App& app, int& exit_code);
// `glasstls demo`: one TLS connection explained; `glasstls demo pki`: the PKI story.
void add_demo_command(CLI::App& app, int& exit_code);
// `glasstls key new`
void add_key_command(CLI::App& app, int& exit_code);
// `glasstls csr new|show`
void add_csr_command(CLI::App& app, int& exit_code);
// `glasstls ca new|sign`
void add_ca_command(CLI::App& app, int& exit_code);
// `glasstls x509 show|verify`
void add_x509_command(CLI::App& app, int& exit_code);
void add_x509_verify_command(CLI::App& x509, int& exit_code);
// `glasstls client HOST:PORT`
void add_client_command(CLI::App& app, int& exit_code);
// `glasstls server --listen HOST:PORT`
void add_server_command(CLI::App& app, int& exit_code);

}  // namespace glasstls::tools
