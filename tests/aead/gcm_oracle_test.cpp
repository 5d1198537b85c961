// Differential test of AES-GCM against mbedTLS 2.28 (tests only; never linked
// into the library): random keys (128/192/256), IVs of 12 bytes and of odd
// sizes, AAD and lengths, on every backend, both directions.
#include <gtest/gtest.h>

#include <mbedtls/gcm.h>

#include <array>
#include <vector>

#include "crypto/gcm.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Mbed {
  explicit Mbed(const Bytes& key) {
    mbedtls_gcm_init(&ctx);
    EXPECT_EQ(0, mbedtls_gcm_setkey(&ctx, MBEDTLS_CIPHER_ID_AES, key.data(),
                                    static_cast<unsigned>(8 * key.size())));
  }
  ~Mbed() { mbedtls_gcm_free(&ctx); }
  mbedtls_gcm_context ctx;
};

// Lengths skewed to records, but crossing the 8- and 16-block batches.
std::size_t random_length(test::TestRandom& rnd) {
  switch (rnd.below(4)) {
    case 0: return rnd.below(64);
    case 1: return rnd.below(600);
    case 2: return 256 * (1 + rnd.below(16)) + rnd.below(33) - 16;
    default: return rnd.below(20000);
  }
}

TEST(GcmOracle, MatchesMbedtlsOnRandomInputsOnEveryBackend) {
  test::TestRandom rnd(0x6c6d);
  std::size_t runs = 0;
  for (int i = 0; i < 300; ++i) {
    const Bytes key = rnd.bytes(std::array<std::size_t, 3>{16, 24, 32}[rnd.below(3)]);
    const Bytes iv = rnd.bytes(rnd.below(4) == 0 ? 1 + rnd.below(80) : 12);
    const Bytes aad = rnd.bytes(rnd.below(4) == 0 ? rnd.below(300) : 13);
    const Bytes pt = rnd.bytes(random_length(rnd));
    Mbed m(key);
    Bytes want(pt.size());
    std::array<std::uint8_t, 16> want_tag{};
    ASSERT_EQ(0, mbedtls_gcm_crypt_and_tag(&m.ctx, MBEDTLS_GCM_ENCRYPT, pt.size(), iv.data(),
                                           iv.size(), aad.data(), aad.size(), pt.data(),
                                           want.data(), 16, want_tag.data()));
    for (auto backend : test::usable_aes_backends()) {
      SCOPED_TRACE(std::string(to_string(backend)) + " len " + std::to_string(pt.size()) + " iv " +
                   std::to_string(iv.size()));
      auto gcm = AesGcm::create(key, backend);
      ASSERT_TRUE(gcm.ok());
      Bytes ct(pt.size());
      std::array<std::uint8_t, 16> tag{};
      ASSERT_TRUE(gcm->seal(iv, aad, pt, ct, tag).ok());
      ASSERT_EQ(ct, want);
      ASSERT_EQ(tag, want_tag);
      Bytes back(ct.size());
      ASSERT_TRUE(gcm->open(iv, aad, ct, tag, back).ok());
      ASSERT_EQ(back, pt);
      ++runs;
    }
    // And mbedTLS opens what we sealed (the same bytes, so one check suffices).
    Bytes back(pt.size());
    ASSERT_EQ(0,
              mbedtls_gcm_auth_decrypt(&m.ctx, want.size(), iv.data(), iv.size(), aad.data(),
                                       aad.size(), want_tag.data(), 16, want.data(), back.data()));
    ASSERT_EQ(back, pt);
  }
  std::printf("GCM vs mbedTLS: %zu random seal/open pairs matched\n", runs);
}

}  // namespace
}  // namespace glasstls::crypto
