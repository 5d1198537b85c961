// Shared helpers of glasstls-bench (see bench_main.cpp for how to add benchmarks).
#pragma once

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crypto/cpu.hpp"

namespace glasstls::bench {

// The message sizes of sized operations: a tiny record, a typical one, a full one.
inline constexpr std::array<std::size_t, 3> kSizes{16, 1024, 16384};

enum class Lib { glasstls, glasstls_portable, mbedtls, openssl };
const char* name(Lib lib);  // "glasstls", "glasstls-portable", "mbedtls", "openssl"

// One benchmarked operation: its name, the input size that goes into the
// benchmark's name and throughput (0: none, the name is "<op>/<lib>" and the
// rate is operations/s), and how many bytes it outputs.
struct Op {
  std::string name;
  std::size_t bytes = 0;
  std::size_t out_len = 0;
};

// Deterministic filler bytes.
std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t salt = 0);

// A failed library call inside a benchmark: print what failed and exit.
[[noreturn]] void fail(const char* what, int ret);  // prints OpenSSL's error queue too
inline void mbed_ok(int ret) {
  if (ret != 0) fail("mbedTLS call", ret);
}
inline void ossl_ok(int ret) {
  if (ret != 1) fail("OpenSSL call", ret);
}

namespace detail {
// Runs `compute` (with the portable path forced when asked) and compares its output
// with the first one recorded for this Op; exits with a message on a mismatch.
void cross_check(const Op& op, Lib lib, const std::vector<std::uint8_t>& out);
std::string benchmark_name(const Op& op, Lib lib);
}  // namespace detail

// Registers "<op>/<lib>[/<bytes>]". `fn(std::span<std::uint8_t> out)` performs one
// operation on inputs it captured, writing op.out_len bytes. Before registering,
// fn runs three times and each output is cross-checked against the reference.
template <class Fn>
void add(const Op& op, Lib lib, Fn fn) {
  const bool portable = lib == Lib::glasstls_portable;
  {
    // Three runs: a context that keeps state between calls shows up as a mismatch.
    crypto::ScopedPortable guard(portable || crypto::portable_forced());
    for (int run = 0; run < 3; ++run) {
      std::vector<std::uint8_t> out(op.out_len);
      fn(std::span<std::uint8_t>(out));
      detail::cross_check(op, lib, out);
    }
  }
  benchmark::RegisterBenchmark(
      detail::benchmark_name(op, lib).c_str(),
      [op, portable, fn = std::move(fn)](benchmark::State& state) mutable {
        // Backends are picked when objects are built, so force around the whole loop.
        crypto::ScopedPortable guard(portable || crypto::portable_forced());
        std::vector<std::uint8_t> out(op.out_len);
        for (auto _ : state) {
          fn(std::span<std::uint8_t>(out));
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        const auto n = static_cast<std::int64_t>(state.iterations());
        if (op.bytes != 0)
          state.SetBytesProcessed(n * static_cast<std::int64_t>(op.bytes));
        else
          state.SetItemsProcessed(n);
      });
}

// GlassTLS twice: with the best backend this CPU allows, and with the portable one.
template <class Fn>
void add_glasstls(const Op& op, Fn fn) {
  add(op, Lib::glasstls, fn);
  add(op, Lib::glasstls_portable, std::move(fn));
}

// A group of benchmarks in one bench/*_bench.cpp file. Declare one at namespace
// scope; main() calls the registration functions sorted by `order`.
struct Area {
  Area(int order, void (*register_fn)());
};

}  // namespace glasstls::bench
