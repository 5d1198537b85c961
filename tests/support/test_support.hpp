// Helpers shared by the test programs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace glasstls::test {

// Hex to bytes; aborts the test on bad hex (test data is ours).
std::vector<std::uint8_t> unhex(std::string_view hex);
std::string hex(std::span<const std::uint8_t> bytes);
std::span<const std::uint8_t> as_bytes(std::string_view s);

// The repository's vectors/ folder.
std::filesystem::path vectors_dir();

// A file under ../shared (e.g. "vectors/wycheproof/hmac_sha256_test.json").
// When it is missing, says so loudly; with CI=true in the environment that is
// a test failure, otherwise the calling test is skipped. Returns nullopt then:
// the caller must return.
std::optional<std::filesystem::path> shared_file(const std::string& relative);

// Loads ../shared/vectors/wycheproof/<name> (same rules as shared_file).
std::optional<nlohmann::json> wycheproof(const std::string& name);

std::string read_file(const std::filesystem::path& p);

// Deterministic pseudo-random bytes for differential tests (not for keys).
class TestRandom {
 public:
  explicit TestRandom(std::uint64_t seed) : state_(seed ^ 0x9e3779b97f4a7c15ULL) {}
  std::uint64_t next();
  std::vector<std::uint8_t> bytes(std::size_t n);
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }

 private:
  std::uint64_t state_;
};

}  // namespace glasstls::test
