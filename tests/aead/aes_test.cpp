// Unit tests of the AES building blocks: the bitsliced S-box circuit against
// the field definition of FIPS 197 §5.1.1, the transpose, counter mode on
// every backend (including the 32-bit counter wrap), key handling, and the
// AES-NI key expansion against the portable one.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <vector>

#include "crypto/aes.hpp"
#include "crypto/aes_ct64.hpp"
#include "crypto/cpu.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

// GF(2^8) with x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2), the slow, obvious way.
std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t r = 0;
  for (int i = 0; i < 8; ++i) {
    if (b & 1) r ^= a;
    a = static_cast<std::uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
    b >>= 1;
  }
  return r;
}

// FIPS 197 §5.1.1: inverse (0 maps to 0), then the affine transformation
// b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i with c = 0x63.
std::uint8_t reference_sbox(std::uint8_t x) {
  std::uint8_t inv = 0;
  for (int c = 1; c < 256 && x != 0; ++c) {
    if (gf_mul(x, static_cast<std::uint8_t>(c)) == 1) inv = static_cast<std::uint8_t>(c);
  }
  std::uint8_t out = 0;
  for (int i = 0; i < 8; ++i) {
    const int bit = ((inv >> i) ^ (inv >> ((i + 4) % 8)) ^ (inv >> ((i + 5) % 8)) ^
                     (inv >> ((i + 6) % 8)) ^ (inv >> ((i + 7) % 8)) ^ (0x63 >> i)) &
                    1;
    out = static_cast<std::uint8_t>(out | (bit << i));
  }
  return out;
}

TEST(AesCt64, SboxCircuitMatchesTheFieldDefinitionForAll256Inputs) {
  // Four calls of 64 bytes cover all 256 inputs, in every byte position.
  for (int base = 0; base < 256; base += 64) {
    std::array<std::uint8_t, 64> in{}, out{};
    for (int i = 0; i < 64; ++i) in[i] = static_cast<std::uint8_t>(base + i);
    aes_ct64::State q;
    aes_ct64::load_blocks(q, in.data(), 4);
    aes_ct64::sub_bytes(q);
    aes_ct64::store_blocks(q, out.data(), 4);
    for (int i = 0; i < 64; ++i) {
      EXPECT_EQ(out[i], reference_sbox(in[i])) << "S-box input " << base + i;
    }
  }
  EXPECT_EQ(reference_sbox(0x53), 0xed);  // FIPS 197 Figure 7 example
}

TEST(AesCt64, LoadStoreRoundTripsAndOrthoIsAnInvolution) {
  test::TestRandom rnd(1);
  const auto blocks = rnd.bytes(64);
  aes_ct64::State q;
  aes_ct64::load_blocks(q, blocks.data(), 4);
  auto q2 = q;
  aes_ct64::ortho(q2);
  aes_ct64::ortho(q2);
  EXPECT_EQ(q, q2);
  std::array<std::uint8_t, 64> back{};
  aes_ct64::store_blocks(q, back.data(), 4);
  EXPECT_TRUE(std::equal(back.begin(), back.end(), blocks.begin()));
}

TEST(Aes, RejectsBadKeySizes) {
  const std::array<std::uint8_t, 33> key{};
  for (std::size_t n : {0u, 15u, 17u, 20u, 31u, 33u}) {
    auto aes = Aes::create(std::span(key).first(n), AesBackend::portable);
    ASSERT_FALSE(aes.ok()) << n;
    EXPECT_EQ(aes.error().alert, AlertDescription::internal_error);
  }
}

// Counter mode on every backend equals block-by-block encryption of the
// counters, for every count 0..40 (crossing the 4-, 8- and 16-block batches)
// and with the 32-bit counter wrapping from 0xffffffff to 0 (SP 800-38D inc32:
// the upper 96 bits never change).
TEST(Aes, Ctr32MatchesBlockByBlockOnEveryBackend) {
  test::TestRandom rnd(2);
  for (std::size_t key_len : {16u, 24u, 32u}) {
    const auto key = rnd.bytes(key_len);
    for (auto backend : test::usable_aes_backends()) {
      auto aes = Aes::create(key, backend);
      ASSERT_TRUE(aes.ok());
      for (std::size_t n = 0; n <= 40; ++n) {
        const auto in = rnd.bytes(16 * n);
        std::uint8_t start[16];
        const auto s = rnd.bytes(16);
        std::memcpy(start, s.data(), 16);
        start[12] = start[13] = start[14] = 0xff;
        start[15] = static_cast<std::uint8_t>(0xff - (n % 5));  // wraps inside the run
        std::vector<std::uint8_t> want(16 * n);
        std::uint8_t c[16];
        std::memcpy(c, start, 16);
        for (std::size_t i = 0; i < n; ++i) {
          std::uint8_t ks[16];
          aes->encrypt_block(c, ks);
          for (int j = 0; j < 16; ++j)
            want[16 * i + j] = static_cast<std::uint8_t>(in[16 * i + j] ^ ks[j]);
          inc32(c);
        }
        std::vector<std::uint8_t> got(in);
        std::uint8_t counter[16];
        std::memcpy(counter, start, 16);
        aes->ctr32(counter, got.data(), got.data(), n);  // in place
        EXPECT_EQ(got, want) << to_string(backend) << " n=" << n;
        EXPECT_EQ(0, std::memcmp(counter, c, 16)) << to_string(backend) << " n=" << n;
        EXPECT_EQ(0, std::memcmp(counter, start, 12)) << "inc32 must not carry into the IV";
      }
    }
  }
}

// The AES-NI key expansion (crypto/aes_x86.cpp) against the portable one,
// every round key, on random keys of each size. The FIPS 197 Appendix A keys
// are in aes_kat_test.
TEST(Aes, KeyExpansionOfEveryBackendEqualsThePortableOneOnRandomKeys) {
  const auto backends = test::usable_aes_backends();
  if (backends.size() == 1) GTEST_SKIP() << "only the portable AES backend is usable here";
  std::mt19937_64 rng(0x6b657973);  // fixed seed: a failure reproduces
  std::size_t compared = 0;
  for (std::size_t len : {16u, 24u, 32u}) {
    for (int n = 0; n < 500; ++n) {
      std::vector<std::uint8_t> key(len);
      for (auto& b : key) b = static_cast<std::uint8_t>(rng());
      std::array<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> portable{};
      const unsigned nr = aes_expand_key(key, portable);
      ASSERT_EQ(nr, len / 4 + 6);
      for (auto backend : backends) {
        std::array<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> schedule{};
        ASSERT_EQ(aes_expand_key(key, schedule, backend), nr);
        ASSERT_EQ(test::hex(schedule), test::hex(portable))
            << "key " << test::hex(key) << " on " << to_string(backend);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 3 * 500 * backends.size());
}

TEST(Aes, BackendNamesAndSelection) {
  EXPECT_EQ(to_string(AesBackend::portable), "portable");
  EXPECT_EQ(to_string(AesBackend::aesni), "aesni");
  EXPECT_EQ(to_string(AesBackend::vaes_avx2), "vaes-avx2");
  {
    ScopedPortable portable;
    EXPECT_EQ(best_aes_backend(), AesBackend::portable);
    EXPECT_FALSE(aes_backend_usable(AesBackend::aesni));
  }
  std::printf("AES backends usable here:");
  for (auto b : test::usable_aes_backends()) std::printf(" %s", std::string(to_string(b)).c_str());
  std::printf("\n");
}

}  // namespace
}  // namespace glasstls::crypto
