// Poly1305 with AVX-512 IFMA (crypto/poly1305_ifma.cpp) against the scalar
// Poly1305Core on the same random keys and messages: every length 0..1100 and
// the lengths around every multiple of one pass (8 blocks, 128 bytes) up to
// 40 passes and 16 KiB; the message fed in pieces (so a pass starts from a
// non-zero accumulator, as after the AEAD's AAD); keys and messages with all
// bits set (the largest limbs the lanes and the carries meet). RFC 8439's
// vectors and Wycheproof's run on the IFMA path in chacha20_poly1305_kat_test
// and chacha20_poly1305_wycheproof_test.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "crypto/poly1305_ifma.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;

std::span<const std::uint8_t, 32> key32(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 32>(v.data(), 32);
}

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> out;
  for (std::size_t n = 0; n <= 1100; ++n) out.push_back(n);
  constexpr std::size_t kPass = kPoly1305IfmaLanes * Poly1305::kBlockSize;
  for (std::size_t m = 9 * kPass; m <= 40 * kPass; m += kPass) {
    for (std::size_t d = m - 17; d <= m + 17; d += 1) out.push_back(d);
  }
  for (std::size_t n : {16383, 16384, 16385}) out.push_back(n);
  return out;
}

std::string tag_of(const std::vector<std::uint8_t>& key, const std::vector<std::uint8_t>& msg,
                   Poly1305Backend backend, std::size_t first_piece) {
  Poly1305 p(key32(key), backend);
  p.update(std::span(msg).first(first_piece));
  p.update(std::span(msg).subspan(first_piece));
  std::array<std::uint8_t, 16> tag;
  p.finish(tag);
  return hex(tag);
}

TEST(Poly1305Ifma, MatchesScalarAtEveryLengthAndPassBoundary) {
  if (!Poly1305::ifma_usable()) GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  test::TestRandom rng(1305);
  for (std::size_t n : lengths()) {
    const auto key = rng.bytes(32), msg = rng.bytes(n);
    const std::string expected = hex(Poly1305::mac(key32(key), msg));
    ASSERT_EQ(tag_of(key, msg, Poly1305Backend::ifma, 0), expected) << "length " << n;
    // A first piece of whole blocks then the rest: the IFMA pass starts from
    // the accumulator of the first piece.
    const std::size_t first = std::min(n, 16 * rng.below(5));
    ASSERT_EQ(tag_of(key, msg, Poly1305Backend::ifma, first), expected)
        << "length " << n << " split at " << first;
  }
}

TEST(Poly1305Ifma, AllOnesKeysAndMessages) {
  if (!Poly1305::ifma_usable()) GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  const std::vector<std::uint8_t> ones_key(32, 0xff);
  test::TestRandom rng(1306);
  for (std::size_t n : {128, 255, 256, 1024, 1040, 4096, 16384}) {
    const std::vector<std::uint8_t> ones(n, 0xff);
    for (const auto& key : {ones_key, rng.bytes(32)}) {
      for (std::size_t first : {0, 16, 48}) {
        EXPECT_EQ(tag_of(key, ones, Poly1305Backend::ifma, first),
                  tag_of(key, ones, Poly1305Backend::scalar, first))
            << "length " << n << " split at " << first;
      }
    }
  }
}

TEST(Poly1305Ifma, BlocksReturnsWholePassesOnly) {
  if (!Poly1305::ifma_usable()) GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  test::TestRandom rng(1307);
  const auto key = rng.bytes(32), msg = rng.bytes(16 * 23);
  for (std::size_t n = 0; n <= 23; ++n) {
    Poly1305 scalar(key32(key));
    scalar.update(std::span(msg).first(16 * (n / 8 * 8)));
    Poly1305Core core = scalar.core();
    core.h0 = core.h1 = core.h2 = 0;
    EXPECT_EQ(poly1305_blocks_ifma(core, msg.data(), n), n / 8 * 8) << n;
    // The accumulator equals the scalar one modulo p: feed both the same last
    // block and compare the tags.
    Poly1305 a(key32(key)), b(key32(key));
    a.core() = core;
    b.core() = scalar.core();
    std::array<std::uint8_t, 16> ta, tb;
    a.finish(ta);
    b.finish(tb);
    EXPECT_EQ(hex(ta), hex(tb)) << n;
  }
}

TEST(Poly1305Ifma, PortableForcedTurnsItOff) {
  ScopedPortable portable;
  EXPECT_FALSE(Poly1305::ifma_usable());
}

}  // namespace
}  // namespace glasstls::crypto
