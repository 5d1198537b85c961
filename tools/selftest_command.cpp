// `glasstls selftest`: run every known-answer vector the library carries.
#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <string>

#include "crypto/cpu.hpp"
#include "tools/commands.hpp"
#include "vectors/kat_runner.hpp"

namespace glasstls::tools {
namespace {

std::string cpu_summary() {
  const auto& f = crypto::cpu_features();
  std::string s;
  auto add = [&](bool has, const char* name) {
    if (has) s += s.empty() ? name : std::string(" ") + name;
  };
  add(f.aesni, "aes-ni");
  add(f.pclmulqdq, "pclmulqdq");
  add(f.sha_ni, "sha-ni");
  add(f.avx2, "avx2");
  add(f.vaes, "vaes");
  add(f.vpclmulqdq, "vpclmulqdq");
  add(f.avx512f, "avx512f");
  add(f.bmi2, "bmi2");
  add(f.adx, "adx");
  return s.empty() ? "none" : s;
}

int run(bool verbose) {
  const auto outcomes = vectors::run_selftest();
  fmt::print("GlassTLS self-test: known-answer vectors from vectors/*.kat (compiled in)\n");
  fmt::print("CPU features: {}{}\n\n", cpu_summary(),
             crypto::portable_forced() ? "  (GLASSTLS_PORTABLE set: portable code only)" : "");

  std::size_t w_alg = 9, w_backend = 7;
  for (const auto& o : outcomes) {
    w_alg = std::max(w_alg, o.algorithm.size());
    w_backend = std::max(w_backend, o.backend.size());
  }
  fmt::print("{:<{}}  {:<{}}  {:>9}  {}\n", "algorithm", w_alg, "backend", w_backend, "passed",
             "source");
  fmt::print("{:-<{}}  {:-<{}}  {:->9}  {:-<40}\n", "", w_alg, "", w_backend, "", "");
  std::size_t passed = 0, total = 0;
  for (const auto& o : outcomes) {
    passed += o.passed;
    total += o.total;
    fmt::print("{:<{}}  {:<{}}  {:>9}  {} ({})\n", o.algorithm, w_alg, o.backend, w_backend,
               fmt::format("{}/{}", o.passed, o.total), o.source, o.file);
    const std::size_t shown =
        verbose ? o.failures.size() : std::min<std::size_t>(3, o.failures.size());
    for (std::size_t i = 0; i < shown; ++i) fmt::print("    FAILED {}\n", o.failures[i]);
  }
  fmt::print("\n{} of {} vector checks passed{}\n", passed, total,
             passed == total ? "." : ": SELF-TEST FAILED");
  return passed == total && total > 0 ? 0 : 1;
}

}  // namespace

void add_selftest_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "selftest", "Run every known-answer test vector the library has, on every backend");
  auto verbose = std::make_shared<bool>(false);
  cmd->add_flag("-v,--verbose", *verbose, "List every failing record");
  cmd->callback([&exit_code, verbose] { exit_code = run(*verbose); });
}

}  // namespace glasstls::tools
