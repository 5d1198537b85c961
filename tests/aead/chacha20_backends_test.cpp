// ChaCha20 and the AEAD, portable against AVX2 on the same inputs, at every
// length that crosses a block (64 bytes) or batch (8 blocks = 512 bytes)
// boundary, in place and not; and the AEAD's contract (sizes, tag failures,
// wiping). The AVX2 comparisons are skipped on a CPU without AVX2.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/cpu.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;

// 0..600, then around every multiple of 64 and of 512 up to 5 batches.
std::vector<std::size_t> lengths() {
  std::vector<std::size_t> out;
  for (std::size_t n = 0; n <= 600; ++n) out.push_back(n);
  for (std::size_t m = 640; m <= 5 * 512 + 64; m += 64) {
    for (std::size_t d = m - 2; d <= m + 2; ++d) out.push_back(d);
  }
  out.push_back(16384);
  out.push_back(16384 + 256 - 1);
  return out;
}

std::span<const std::uint8_t, 32> key32(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 32>(v.data(), 32);
}
std::span<const std::uint8_t, 12> nonce12(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 12>(v.data(), 12);
}

TEST(ChaCha20Backends, Avx2MatchesPortableAtEveryBoundary) {
  if (!cpu_features().avx2) GTEST_SKIP() << "this CPU has no AVX2";
  test::TestRandom rng(1);
  for (std::size_t n : lengths()) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), in = rng.bytes(n);
    // Counters near 2^32 check that both wrap the 32-bit block count alike.
    const std::uint32_t counter = n % 3 == 0 ? 0xfffffffdU : static_cast<std::uint32_t>(rng.next());
    std::vector<std::uint8_t> a(n), b(n);
    chacha20_encrypt(key32(key), counter, nonce12(nonce), in, a, &chacha20_xor_portable);
    chacha20_encrypt(key32(key), counter, nonce12(nonce), in, b, &chacha20_xor_avx2);
    ASSERT_EQ(hex(a), hex(b)) << "length " << n << " counter " << counter;
    // In place.
    std::vector<std::uint8_t> c = in;
    chacha20_encrypt(key32(key), counter, nonce12(nonce), c, c, &chacha20_xor_avx2);
    ASSERT_EQ(hex(c), hex(a)) << "in place, length " << n;
  }
}

TEST(ChaCha20Backends, PortableInPlaceAndRoundTrip) {
  test::TestRandom rng(2);
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 129u, 600u}) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), in = rng.bytes(n);
    std::vector<std::uint8_t> a(n), c = in;
    chacha20_encrypt(key32(key), 7, nonce12(nonce), in, a, &chacha20_xor_portable);
    chacha20_encrypt(key32(key), 7, nonce12(nonce), c, c, &chacha20_xor_portable);
    EXPECT_EQ(hex(a), hex(c));
    chacha20_encrypt(key32(key), 7, nonce12(nonce), c, c, &chacha20_xor_portable);
    EXPECT_EQ(hex(c), hex(in));
  }
}

std::unique_ptr<Aead> make(const std::vector<std::uint8_t>& key, bool avx2) {
  auto r = make_chacha20_poly1305(key, avx2 ? ChaChaBackend::avx2 : ChaChaBackend::portable);
  EXPECT_TRUE(r.ok());
  return std::move(r).value();
}

TEST(ChaCha20Poly1305Backends, SealAndOpenAgreeAtEveryBoundary) {
  const bool have_avx2 = cpu_features().avx2;
  test::TestRandom rng(3);
  for (std::size_t n : lengths()) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), aad = rng.bytes(n % 37);
    const auto pt = rng.bytes(n);
    auto portable = make(key, false);
    std::vector<std::uint8_t> sealed(n + 16);
    ASSERT_TRUE(portable->seal(nonce12(nonce), aad, pt, sealed).ok());
    if (have_avx2) {
      auto fast = make(key, true);
      ASSERT_EQ(fast->backend(), "avx2");
      // Seal in place: the plaintext at the start of a buffer with room for the tag.
      std::vector<std::uint8_t> buf = pt;
      buf.resize(n + 16);
      ASSERT_TRUE(fast->seal(nonce12(nonce), aad, std::span(buf).first(n), buf).ok());
      ASSERT_EQ(hex(buf), hex(sealed)) << "length " << n;
      // Open in place on the other backend.
      ASSERT_TRUE(portable->open(nonce12(nonce), aad, buf, std::span(buf).first(n)).ok());
      ASSERT_EQ(hex(std::span(buf).first(n)), hex(pt)) << "length " << n;
      // The fused AVX2 open, out of place and in place.
      std::vector<std::uint8_t> opened(n);
      ASSERT_TRUE(fast->open(nonce12(nonce), aad, sealed, opened).ok());
      ASSERT_EQ(hex(opened), hex(pt)) << "avx2 open, length " << n;
      buf = sealed;
      ASSERT_TRUE(fast->open(nonce12(nonce), aad, buf, std::span(buf).first(n)).ok());
      ASSERT_EQ(hex(std::span(buf).first(n)), hex(pt)) << "avx2 open in place, length " << n;
      // A bad tag after the fused loop has decrypted whole batches: all wiped.
      buf = sealed;
      buf[n + 15] ^= 0x40;
      ASSERT_FALSE(fast->open(nonce12(nonce), aad, buf, std::span(buf).first(n)).ok());
      ASSERT_EQ(hex(std::span(buf).first(n)), hex(std::vector<std::uint8_t>(n, 0)))
          << "not wiped, length " << n;
    }
    std::vector<std::uint8_t> opened(n);
    ASSERT_TRUE(portable->open(nonce12(nonce), aad, sealed, opened).ok());
    ASSERT_EQ(hex(opened), hex(pt));
  }
}

TEST(ChaCha20Poly1305, EveryFlippedBitFailsAndWipes) {
  test::TestRandom rng(4);
  const auto key = rng.bytes(32), nonce = rng.bytes(12), aad = rng.bytes(13), pt = rng.bytes(70);
  for (bool avx2 : {false, true}) {
    if (avx2 && !cpu_features().avx2) continue;
    auto aead = make(key, avx2);
    std::vector<std::uint8_t> sealed(pt.size() + 16);
    ASSERT_TRUE(aead->seal(nonce12(nonce), aad, pt, sealed).ok());
    for (std::size_t bit = 0; bit < 8 * sealed.size(); ++bit) {
      auto bad = sealed;
      bad[bit / 8] = static_cast<std::uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
      std::vector<std::uint8_t> out(pt.size(), 0x55);
      const auto r = aead->open(nonce12(nonce), aad, bad, out);
      ASSERT_FALSE(r.ok()) << "bit " << bit;
      EXPECT_EQ(r.error().alert, AlertDescription::bad_record_mac);
      EXPECT_EQ(hex(out), hex(std::vector<std::uint8_t>(pt.size(), 0))) << "not wiped, bit " << bit;
    }
    // A changed AAD or nonce fails too.
    std::vector<std::uint8_t> out(pt.size());
    auto aad2 = aad;
    aad2[0] ^= 1;
    EXPECT_FALSE(aead->open(nonce12(nonce), aad2, sealed, out).ok());
    auto nonce2 = nonce;
    nonce2[11] ^= 0x80;
    EXPECT_FALSE(aead->open(nonce12(nonce2), aad, sealed, out).ok());
    // In place failure wipes the caller's buffer (the ciphertext) as documented.
    auto bad = sealed;
    bad.back() ^= 1;
    const auto r = aead->open(nonce12(nonce), aad, bad, std::span(bad).first(pt.size()));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(hex(std::span(bad).first(pt.size())), hex(std::vector<std::uint8_t>(pt.size(), 0)));
  }
}

TEST(ChaCha20Poly1305, SizeErrors) {
  test::TestRandom rng(5);
  EXPECT_EQ(make_chacha20_poly1305(rng.bytes(16)).error().alert, AlertDescription::internal_error);
  EXPECT_EQ(make_chacha20_poly1305(rng.bytes(33)).error().alert, AlertDescription::internal_error);
  auto aead = make(rng.bytes(32), false);
  EXPECT_EQ(aead->id(), AeadId::chacha20_poly1305);
  const auto nonce = rng.bytes(12);
  std::vector<std::uint8_t> pt(10), out(25);
  EXPECT_EQ(aead->seal(nonce12(nonce), {}, pt, out).error().alert,
            AlertDescription::internal_error);
  std::vector<std::uint8_t> short_record(15), none;
  EXPECT_EQ(aead->open(nonce12(nonce), {}, short_record, none).error().alert,
            AlertDescription::bad_record_mac);
  std::vector<std::uint8_t> record(20), wrong_out(5);
  EXPECT_EQ(aead->open(nonce12(nonce), {}, record, wrong_out).error().alert,
            AlertDescription::internal_error);
  // The empty message still has a tag.
  std::vector<std::uint8_t> tag_only(16);
  ASSERT_TRUE(aead->seal(nonce12(nonce), {}, none, tag_only).ok());
  EXPECT_TRUE(aead->open(nonce12(nonce), {}, tag_only, none).ok());
}

}  // namespace
}  // namespace glasstls::crypto
