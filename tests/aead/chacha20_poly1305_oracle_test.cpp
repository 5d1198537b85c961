// Differential test against mbedTLS 2.28 (tests only; never linked into the
// library): ChaCha20, Poly1305 and the AEAD on random keys, nonces, AAD and
// lengths, on every backend.
#include <gtest/gtest.h>

#include <mbedtls/chacha20.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/poly1305.h>

#include <vector>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;

std::span<const std::uint8_t, 32> key32(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 32>(v.data(), 32);
}
std::span<const std::uint8_t, 12> nonce12(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 12>(v.data(), 12);
}

std::vector<bool> backends() {
  std::vector<bool> b{false};
  if (cpu_features().avx2) b.push_back(true);
  return b;
}

// A length skewed to small records but reaching past several AVX2 batches.
std::size_t random_length(test::TestRandom& rng) {
  switch (rng.below(4)) {
    case 0: return rng.below(64);
    case 1: return rng.below(600);
    case 2: return rng.below(5000);
    default: return 16384 + rng.below(300);
  }
}

class MbedChaChaPoly {
 public:
  explicit MbedChaChaPoly(const std::vector<std::uint8_t>& key) {
    mbedtls_chachapoly_init(&ctx_);
    EXPECT_EQ(mbedtls_chachapoly_setkey(&ctx_, key.data()), 0);
  }
  ~MbedChaChaPoly() { mbedtls_chachapoly_free(&ctx_); }
  std::vector<std::uint8_t> seal(const std::vector<std::uint8_t>& nonce,
                                 const std::vector<std::uint8_t>& aad,
                                 const std::vector<std::uint8_t>& pt) {
    std::vector<std::uint8_t> out(pt.size() + 16);
    EXPECT_EQ(
        mbedtls_chachapoly_encrypt_and_tag(&ctx_, pt.size(), nonce.data(), aad.data(), aad.size(),
                                           pt.data(), out.data(), out.data() + pt.size()),
        0);
    return out;
  }
  bool open(const std::vector<std::uint8_t>& nonce, const std::vector<std::uint8_t>& aad,
            const std::vector<std::uint8_t>& sealed, std::vector<std::uint8_t>& pt) {
    const std::size_t n = sealed.size() - 16;
    pt.resize(n);
    return mbedtls_chachapoly_auth_decrypt(&ctx_, n, nonce.data(), aad.data(), aad.size(),
                                           sealed.data() + n, sealed.data(), pt.data()) == 0;
  }

 private:
  mbedtls_chachapoly_context ctx_;
};

TEST(ChaCha20Oracle, KeystreamMatchesMbedtls) {
  test::TestRandom rng(21);
  for (int trial = 0; trial < 300; ++trial) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), in = rng.bytes(random_length(rng));
    const auto counter = static_cast<std::uint32_t>(rng.next() >> (trial % 2 ? 0 : 40));
    std::vector<std::uint8_t> expected(in.size());
    ASSERT_EQ(mbedtls_chacha20_crypt(key.data(), nonce.data(), counter, in.size(), in.data(),
                                     expected.data()),
              0);
    std::vector<std::uint8_t> ours(in.size());
    chacha20_encrypt(key32(key), counter, nonce12(nonce), in, ours, &chacha20_xor_portable);
    ASSERT_EQ(hex(ours), hex(expected)) << "portable, trial " << trial;
    if (cpu_features().avx2) {
      chacha20_encrypt(key32(key), counter, nonce12(nonce), in, ours, &chacha20_xor_avx2);
      ASSERT_EQ(hex(ours), hex(expected)) << "avx2, trial " << trial;
    }
  }
}

TEST(Poly1305Oracle, MacMatchesMbedtls) {
  test::TestRandom rng(22);
  for (int trial = 0; trial < 1000; ++trial) {
    auto key = rng.bytes(32);
    auto msg = rng.bytes(random_length(rng));
    if (trial % 5 == 0) {  // extreme values: all-ones message blocks and key halves
      std::fill(msg.begin(), msg.end(), 0xff);
      std::fill(key.begin() + (trial % 10 == 0 ? 0 : 16), key.end(), 0xff);
    }
    std::uint8_t expected[16];
    ASSERT_EQ(mbedtls_poly1305_mac(key.data(), msg.data(), msg.size(), expected), 0);
    ASSERT_EQ(hex(Poly1305::mac(key32(key), msg)), hex(std::span(expected)))
        << "trial " << trial << " length " << msg.size();
  }
}

TEST(ChaCha20Poly1305Oracle, SealAndOpenMatchMbedtls) {
  test::TestRandom rng(23);
  for (int trial = 0; trial < 400; ++trial) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12);
    const auto aad = rng.bytes(trial % 3 == 0 ? rng.below(40) : rng.below(300));
    const auto pt = rng.bytes(random_length(rng));
    MbedChaChaPoly mbed(key);
    const auto expected = mbed.seal(nonce, aad, pt);
    for (bool avx2 : backends()) {
      ScopedPortable portable(!avx2);
      auto aead = make_chacha20_poly1305(key);
      ASSERT_TRUE(aead.ok());
      std::vector<std::uint8_t> sealed(pt.size() + 16);
      ASSERT_TRUE((*aead)->seal(nonce12(nonce), aad, pt, sealed).ok());
      ASSERT_EQ(hex(sealed), hex(expected))
          << (*aead)->backend() << " trial " << trial << " length " << pt.size();
      // mbedTLS opens ours; we open mbedTLS's.
      std::vector<std::uint8_t> back;
      ASSERT_TRUE(mbed.open(nonce, aad, sealed, back));
      EXPECT_EQ(hex(back), hex(pt));
      std::vector<std::uint8_t> opened(pt.size());
      ASSERT_TRUE((*aead)->open(nonce12(nonce), aad, expected, opened).ok());
      EXPECT_EQ(hex(opened), hex(pt));
      // Both reject the same forgery.
      auto forged = expected;
      forged[rng.below(forged.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
      EXPECT_FALSE((*aead)->open(nonce12(nonce), aad, forged, opened).ok());
      EXPECT_FALSE(mbed.open(nonce, aad, forged, back));
    }
  }
}

}  // namespace
}  // namespace glasstls::crypto
