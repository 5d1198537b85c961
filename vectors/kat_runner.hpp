// Runs known-answer records against the library: `glasstls selftest` and the
// `vectors` tests both use it. Each [section] of a .kat file names an
// algorithm with a check function here; records run once per backend the
// algorithm has on this CPU (e.g. SHA-256: "sha-ni" and "portable").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vectors/kat_file.hpp"

namespace glasstls::vectors {

struct KatOutcome {
  std::string algorithm;  // "HMAC-SHA-256"
  std::string backend;    // "portable", "sha-ni", ...
  std::string file;       // "hmac-rfc4231.kat"
  std::string source;     // first header line of the file
  std::size_t passed = 0;
  std::size_t total = 0;
  std::vector<std::string> failures;  // "record name: what differed"
};

// Every record of `file`, under every backend of its algorithm; records of
// sections with no checker fail (a .kat file must not be silently ignored).
std::vector<KatOutcome> run_kat(const KatFile& file);

struct EmbeddedKat {
  std::string_view name;  // file name in vectors/
  std::string_view text;
};
// The vectors/*.kat files, compiled in (see vectors/CMakeLists.txt).
std::span<const EmbeddedKat> embedded_kats();

// Parses and runs every embedded file; a file that does not parse becomes a
// failing outcome.
std::vector<KatOutcome> run_selftest();

}  // namespace glasstls::vectors
