// What the seed generators (make_tls13_corpus, make_tls12_corpus) share:
// where the corpora go, writing one seed file, gluing parts together, the
// [flags][param] head of an endpoint input, and an endpoint seed that must
// (or must not) finish its handshake — a seed that does not do what it was
// made for is counted in g_problems, and the generator exits 1.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "tests/fuzz/tls13_fuzz_support.hpp"

namespace glasstls::fuzz::seeds {

inline std::filesystem::path g_root;  // tests/fuzz/corpus
inline int g_problems = 0;

inline void write_seed(const std::string& target, const std::string& name, const Bytes& bytes) {
  const std::filesystem::path dir = g_root / target;
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (bytes.size() > 4096) {
    std::printf("  note: %s/%s is %zu bytes\n", target.c_str(), name.c_str(), bytes.size());
  }
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// An endpoint input's first two bytes, for options `o` (fuzz::Options, or
// fuzz::tls12::Options, whose second byte holds more than `param`).
template <typename O>
Bytes head(const O& o) {
  if constexpr (requires { o.param_byte(); }) {
    return {o.flags(), o.param_byte()};
  } else {
    return {o.flags(), o.param};
  }
}

// Writes the seed; counts a problem when `outcome` (its run) did not end as
// `done` says.
inline void expect_outcome(const Outcome& outcome, const std::string& target,
                           const std::string& name, const Bytes& input, bool done) {
  if (outcome.handshake_done != done) {
    std::printf("  PROBLEM %s/%s: handshake_done=%d, expected %d (%s)\n", target.c_str(),
                name.c_str(), outcome.handshake_done, done, outcome.error.c_str());
    ++g_problems;
  }
  write_seed(target, name, input);
}

}  // namespace glasstls::fuzz::seeds
