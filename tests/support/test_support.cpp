#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "crypto/hex.hpp"

namespace glasstls::test {

std::vector<std::uint8_t> unhex(std::string_view text) {
  auto r = crypto::from_hex_lenient(text);
  if (!r) {
    ADD_FAILURE() << "bad hex in test data: " << r.error().describe();
    return {};
  }
  return std::move(r).value();
}

std::string hex(std::span<const std::uint8_t> bytes) { return crypto::to_hex(bytes); }

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::filesystem::path vectors_dir() { return GLASSTLS_VECTORS_DIR; }

std::optional<std::filesystem::path> shared_file(const std::string& relative) {
  const std::filesystem::path p = std::filesystem::path(GLASSTLS_SHARED_DIR) / relative;
  if (std::filesystem::exists(p)) return p;
  const char* ci = std::getenv("CI");
  const bool in_ci = ci != nullptr && std::string(ci) == "true";
  std::cerr << "\n*** " << p.string() << " is missing.\n"
            << "*** These vectors are read in place from ../shared beside the repository;\n"
            << "*** without them this test cannot run. "
            << (in_ci ? "CI=true: this is a FAILURE." : "SKIPPED (outside CI).") << "\n\n";
  if (in_ci) {
    ADD_FAILURE() << "required shared file missing in CI: " << p;
  } else {
    // GTEST_SKIP returns from the function it is in: a lambda keeps ours going.
    [&] { GTEST_SKIP() << "missing " << p; }();
  }
  return std::nullopt;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<nlohmann::json> wycheproof(const std::string& name) {
  auto p = shared_file("vectors/wycheproof/" + name);
  if (!p) return std::nullopt;
  return nlohmann::json::parse(read_file(*p));
}

std::uint64_t TestRandom::next() {
  // splitmix64
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<std::uint8_t> TestRandom::bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t v = next();
    for (std::size_t j = i; j < n && j < i + 8; ++j, v >>= 8) out[j] = static_cast<std::uint8_t>(v);
  }
  return out;
}

}  // namespace glasstls::test
