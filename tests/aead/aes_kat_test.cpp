// vectors/aes-fips197.kat (FIPS 197 Appendices A-C) on every AES backend:
// the cipher, and the key expansion (Appendix A) each backend uses.
#include <gtest/gtest.h>

#include <array>

#include "crypto/aes.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::crypto {
namespace {

vectors::KatFile load(const char* name) {
  const auto text = test::read_file(test::vectors_dir() / name);
  vectors::KatParseError error;
  auto file = vectors::parse_kat(name, text, &error);
  EXPECT_TRUE(error.message.empty()) << name << ":" << error.line << ": " << error.message;
  return file;
}

TEST(AesKat, Fips197OnEveryBackend) {
  const auto file = load("aes-fips197.kat");
  std::size_t cipher = 0, expansion = 0;
  for (const auto& r : file.records) {
    if (r.section == "aes-key-expansion") {
      std::array<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> portable{};
      const unsigned nr = aes_expand_key(r.bytes("key"), portable);
      const std::vector<std::uint8_t> last(portable.begin() + 16 * nr,
                                           portable.begin() + 16 * nr + 16);
      EXPECT_EQ(test::hex(last), test::hex(r.bytes("last_round_key"))) << r.name;
      // Every other backend expands with AES-NI: the whole schedule must match.
      for (auto backend : test::usable_aes_backends()) {
        std::array<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> schedule{};
        EXPECT_EQ(aes_expand_key(r.bytes("key"), schedule, backend), nr);
        EXPECT_EQ(test::hex(schedule), test::hex(portable))
            << r.name << " on " << to_string(backend);
      }
      ++expansion;
      continue;
    }
    ASSERT_EQ(r.section, "aes") << r.name;
    for (auto backend : test::usable_aes_backends()) {
      auto aes = Aes::create(r.bytes("key"), backend);
      ASSERT_TRUE(aes.ok()) << r.name;
      std::array<std::uint8_t, 16> out{};
      aes->encrypt_block(r.bytes("plaintext").data(), out.data());
      EXPECT_EQ(test::hex(out), test::hex(r.bytes("ciphertext")))
          << r.name << " on " << to_string(backend);
      ++cipher;
    }
  }
  EXPECT_GE(expansion, 3u);
  EXPECT_GE(cipher, 4 * test::usable_aes_backends().size());
  std::printf("FIPS 197: %zu cipher checks over %zu backends, %zu key expansions\n", cipher,
              test::usable_aes_backends().size(), expansion);
}

}  // namespace
}  // namespace glasstls::crypto
