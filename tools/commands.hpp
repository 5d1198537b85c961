// The subcommands of `glasstls`. Each registers itself on the CLI11 app and
// returns the exit code its handler sets: 0 success, 1 a check failed (a
// vector, later a certificate or handshake), 2 bad usage or input.
#pragma once

#include <CLI/CLI.hpp>

namespace glasstls::tools {

// `glasstls selftest`: every known-answer vector compiled into the library.
void add_selftest_command(CLI::App& app, int& exit_code);

}  // namespace glasstls::tools
