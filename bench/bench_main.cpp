// glasstls-bench: GlassTLS against mbedTLS 2.28 and OpenSSL 3 on the same inputs.
//
// Every benchmark is named "<operation>/<library>/<bytes>" (or "<operation>/<library>"
// for operations without a message size, reported in operations/s), with library one
// of glasstls, glasstls-portable (GLASSTLS_PORTABLE forced), mbedtls, openssl.
// bench/perf_table.py turns the JSON output into docs/performance.md.
//
// Adding benchmarks (e.g. AEAD, public key):
//   1. Create bench/<area>_bench.cpp and list it in bench/CMakeLists.txt.
//   2. In it, define one registration function and declare it as an Area:
//
//        static const bench::Area area(30, [] {   // 30: order among areas
//          for (std::size_t n : bench::kSizes) {
//            const bench::Op op{"aes128gcm_seal", n, n + 16};   // name, size, output bytes
//            const auto msg = bench::pattern(n);
//            bench::add_glasstls(op, [msg](std::span<std::uint8_t> out) { ... });
//            bench::add(op, bench::Lib::mbedtls, [msg](std::span<std::uint8_t> out) { ... });
//            bench::add(op, bench::Lib::openssl, [msg](std::span<std::uint8_t> out) { ... });
//          }
//        });
//
//      Each lambda performs one operation on inputs it captured by value and writes
//      exactly op.out_len bytes to `out`. Set up long-lived contexts (keys, fetched
//      algorithms) outside the lambda and capture them, e.g. in a std::shared_ptr.
//      The first library added for an Op is the reference: every other library's
//      output is compared with it once before the run, so a benchmark that computes
//      the wrong thing fails instead of producing a flattering number.
//      Operations whose output is random (signatures) should output something
//      deterministic instead, e.g. the verification result.
//   3. perf_table.py needs no change: it groups by operation and size.
//
// Areas: 10 hash_bench.cpp, 20 kdf_bench.cpp.
#include <mbedtls/version.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::bench {
namespace {

std::vector<std::pair<int, void (*)()>>& areas() {
  static std::vector<std::pair<int, void (*)()>> list;
  return list;
}

std::string hex(const std::vector<std::uint8_t>& v) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : v) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

// "model name" from /proc/cpuinfo (Google Benchmark's context has no CPU model).
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
  }
  return "unknown";
}

std::string features() {
  const auto& f = crypto::cpu_features();
  std::string s;
  auto add_if = [&](bool has, const char* what) {
    if (!has) return;
    if (!s.empty()) s += ' ';
    s += what;
  };
  add_if(f.aesni, "aesni");
  add_if(f.pclmulqdq, "pclmulqdq");
  add_if(f.avx2, "avx2");
  add_if(f.bmi2, "bmi2");
  add_if(f.adx, "adx");
  add_if(f.sha_ni, "sha_ni");
  add_if(f.vaes, "vaes");
  add_if(f.vpclmulqdq, "vpclmulqdq");
  add_if(f.avx512f, "avx512f");
  add_if(f.avx512ifma, "avx512ifma");
  return s;
}

}  // namespace

const char* name(Lib lib) {
  switch (lib) {
    case Lib::glasstls: return "glasstls";
    case Lib::glasstls_portable: return "glasstls-portable";
    case Lib::mbedtls: return "mbedtls";
    case Lib::openssl: return "openssl";
  }
  return "?";
}

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t salt) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 31 + salt);
  return v;
}

void fail(const char* what, int ret) {
  std::fprintf(stderr, "glasstls-bench: %s failed (%d)\n", what, ret);
  ERR_print_errors_fp(stderr);
  std::exit(1);
}

Area::Area(int order, void (*register_fn)()) { areas().emplace_back(order, register_fn); }

namespace detail {

std::string benchmark_name(const Op& op, Lib lib) {
  // Built with += only: g++ 12 warns wrongly (-Wrestrict) on "/" + std::string.
  std::string s = op.name;
  s += '/';
  s += name(lib);
  if (op.bytes != 0) {
    s += '/';
    s += std::to_string(op.bytes);
  }
  return s;
}

void cross_check(const Op& op, Lib lib, const std::vector<std::uint8_t>& out) {
  static std::map<std::string, std::vector<std::uint8_t>> reference;
  std::string key = op.name;
  key += ' ';
  key += std::to_string(op.bytes);
  auto [it, first] = reference.emplace(key, out);
  if (!first && it->second != out) {
    std::fprintf(stderr, "glasstls-bench: %s disagrees with the reference\n  got  %s\n  want %s\n",
                 benchmark_name(op, lib).c_str(), hex(out).c_str(), hex(it->second).c_str());
    std::exit(1);
  }
}

}  // namespace detail
}  // namespace glasstls::bench

int main(int argc, char** argv) {
  using namespace glasstls;
  std::string command;
  for (int i = 0; i < argc; ++i) {
    if (i != 0) command += ' ';
    command += argv[i];
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  auto& list = bench::areas();
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, register_fn] : list) register_fn();

  benchmark::AddCustomContext("command", command);
  benchmark::AddCustomContext("cpu_model", bench::cpu_model());
  benchmark::AddCustomContext("glasstls_cpu_features", bench::features());
  benchmark::AddCustomContext("glasstls_portable_forced_by_env",
                              crypto::portable_forced() ? "yes" : "no");
  benchmark::AddCustomContext("glasstls_sha256_backend",
                              crypto::Sha256().accelerated() ? "sha-ni" : "portable");
  benchmark::AddCustomContext("mbedtls_version", MBEDTLS_VERSION_STRING);
  benchmark::AddCustomContext("openssl_version", OpenSSL_version(OPENSSL_VERSION));

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
