// Poly1305 streaming: any split of the message gives the one-shot tag, and
// pad16() is exactly RFC 8439 §2.8's zero padding.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/poly1305.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;

std::span<const std::uint8_t, 32> key32(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 32>(v.data(), 32);
}

TEST(Poly1305Stream, RandomSplitsMatchOneShot) {
  test::TestRandom rng(11);
  for (int trial = 0; trial < 400; ++trial) {
    const auto key = rng.bytes(32);
    const auto msg = rng.bytes(rng.below(trial < 200 ? 100 : 3000));
    const auto expected = Poly1305::mac(key32(key), msg);
    Poly1305 p(key32(key));
    std::size_t at = 0;
    while (at < msg.size()) {
      // Mostly small pieces (to cross the 16-byte buffer in every way), some large.
      const std::size_t max = rng.below(4) == 0 ? 300 : 20;
      const std::size_t n = std::min(msg.size() - at, rng.below(max + 1));
      p.update(std::span(msg).subspan(at, n));
      at += n;
    }
    std::array<std::uint8_t, 16> tag;
    p.finish(tag);
    ASSERT_EQ(hex(tag), hex(expected)) << "trial " << trial << " length " << msg.size();
  }
}

TEST(Poly1305Stream, Pad16IsZeroPadding) {
  test::TestRandom rng(12);
  for (std::size_t a = 0; a <= 40; ++a) {
    const auto key = rng.bytes(32), first = rng.bytes(a), second = rng.bytes(a % 7 + 1);
    std::vector<std::uint8_t> padded = first;
    padded.resize((a + 15) / 16 * 16, 0);
    padded.insert(padded.end(), second.begin(), second.end());
    Poly1305 p(key32(key));
    p.update(first);
    p.pad16();
    p.update(second);
    std::array<std::uint8_t, 16> tag;
    p.finish(tag);
    EXPECT_EQ(hex(tag), hex(Poly1305::mac(key32(key), padded))) << "aad length " << a;
  }
}

// Accumulators near 2^130 - 5: all-ones blocks with r = 1 and various s exercise
// the final carry and the mask-selected reduction (RFC 8439 A.3 #5-#11 have more).
TEST(Poly1305Stream, ExtremeValuesRoundTripThroughSplits) {
  std::vector<std::uint8_t> key(32, 0);
  key[0] = 1;
  for (std::size_t n = 0; n <= 96; ++n) {
    std::vector<std::uint8_t> msg(n, 0xff);
    const auto one_shot = Poly1305::mac(key32(key), msg);
    Poly1305 p(key32(key));
    for (std::size_t i = 0; i < n; ++i) p.update(std::span(msg).subspan(i, 1));
    std::array<std::uint8_t, 16> tag;
    p.finish(tag);
    EXPECT_EQ(hex(tag), hex(one_shot)) << n;
  }
}

}  // namespace
}  // namespace glasstls::crypto
