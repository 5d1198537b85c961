// The AVX-512 ChaCha20 and ChaCha20-Poly1305 backend (crypto/chacha20_avx512.cpp)
// against the portable code on the same random inputs: every length to 1100 and
// around the multiples of 64, 512 and 1024 bytes (block, AVX2 batch, AVX-512
// batch) up to five batches and 16 KiB, in place and not, unaligned, counters
// that wrap, the keystream split at every block boundary, tag failures; the
// same for the avx512_ifma backend (Poly1305 with IFMA, poly1305_ifma.cpp). And
// the two-chain Poly1305 join (crypto/poly1305_halves.hpp), which is plain
// C++ and runs on every CPU, against the one-chain loop.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/chacha20_poly1305_avx512.hpp"
#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "crypto/poly1305_halves.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> out;
  for (std::size_t n = 0; n <= 1100; ++n) out.push_back(n);
  for (std::size_t m = 1152; m <= 5 * 1024 + 64; m += 64) {
    for (std::size_t d = m - 1; d <= m + 1; ++d) out.push_back(d);
  }
  for (std::size_t n : {16383, 16384, 16385}) out.push_back(n);
  return out;
}

std::span<const std::uint8_t, 32> key32(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 32>(v.data(), 32);
}
std::span<const std::uint8_t, 12> nonce12(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t, 12>(v.data(), 12);
}

bool have_avx512() { return cpu_features().avx2 && cpu_features().avx512f; }

TEST(ChaCha20Avx512, MatchesPortableAtEveryBoundary) {
  if (!have_avx512()) GTEST_SKIP() << "this CPU has no AVX-512F";
  test::TestRandom rng(512);
  for (std::size_t n : lengths()) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12);
    const std::size_t offset = n % 5;  // unaligned input and output
    const auto buf = rng.bytes(n + offset);
    const auto in = std::span(buf).subspan(offset);
    const std::uint32_t counter = n % 3 == 0 ? 0xfffffff3U : static_cast<std::uint32_t>(rng.next());
    std::vector<std::uint8_t> a(n), b(n + offset);
    chacha20_encrypt(key32(key), counter, nonce12(nonce), in, a, &chacha20_xor_portable);
    chacha20_encrypt(key32(key), counter, nonce12(nonce), in, std::span(b).subspan(offset),
                     &chacha20_xor_avx512);
    ASSERT_EQ(hex(a), hex(std::span(b).subspan(offset)))
        << "length " << n << " counter " << counter;
    std::vector<std::uint8_t> c(in.begin(), in.end());  // in place
    chacha20_encrypt(key32(key), counter, nonce12(nonce), c, c, &chacha20_xor_avx512);
    ASSERT_EQ(hex(c), hex(a)) << "in place, length " << n;
  }
}

TEST(ChaCha20Avx512, KeystreamSplitAtEveryBlockBoundary) {
  if (!have_avx512()) GTEST_SKIP() << "this CPU has no AVX-512F";
  test::TestRandom rng(513);
  const auto key = rng.bytes(32), nonce = rng.bytes(12), in = rng.bytes(2 * 1024 + 100);
  std::vector<std::uint8_t> expected(in.size());
  chacha20_encrypt(key32(key), 5, nonce12(nonce), in, expected, &chacha20_xor_portable);
  for (std::size_t blocks = 0; blocks * 64 <= in.size(); ++blocks) {
    const std::size_t split = blocks * 64;
    std::vector<std::uint8_t> out(in.size());
    chacha20_encrypt(key32(key), 5, nonce12(nonce), std::span(in).first(split),
                     std::span(out).first(split), &chacha20_xor_avx512);
    chacha20_encrypt(key32(key), static_cast<std::uint32_t>(5 + blocks), nonce12(nonce),
                     std::span(in).subspan(split), std::span(out).subspan(split),
                     &chacha20_xor_avx512);
    ASSERT_EQ(hex(out), hex(expected)) << "split after " << blocks << " blocks";
  }
}

bool have_ifma() { return have_avx512() && Poly1305::ifma_usable(); }

void seal_and_open_agree_with_portable(ChaChaBackend backend, std::string_view name) {
  test::TestRandom rng(514);
  for (std::size_t n : lengths()) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), aad = rng.bytes(n % 41);
    const auto pt = rng.bytes(n);
    auto portable = make_chacha20_poly1305(key, ChaChaBackend::portable);
    auto fast = make_chacha20_poly1305(key, backend);
    ASSERT_TRUE(portable.ok() && fast.ok());
    ASSERT_EQ((*fast)->backend(), name);
    std::vector<std::uint8_t> expected(n + 16);
    ASSERT_TRUE((*portable)->seal(nonce12(nonce), aad, pt, expected).ok());
    // Out of place, at an odd offset.
    std::vector<std::uint8_t> sealed(n + 16 + 3);
    ASSERT_TRUE((*fast)->seal(nonce12(nonce), aad, pt, std::span(sealed).subspan(3)).ok());
    ASSERT_EQ(hex(std::span(sealed).subspan(3)), hex(expected)) << "seal, length " << n;
    // In place.
    std::vector<std::uint8_t> buf = pt;
    buf.resize(n + 16);
    ASSERT_TRUE((*fast)->seal(nonce12(nonce), aad, std::span(buf).first(n), buf).ok());
    ASSERT_EQ(hex(buf), hex(expected)) << "seal in place, length " << n;
    ASSERT_TRUE((*fast)->open(nonce12(nonce), aad, buf, std::span(buf).first(n)).ok());
    ASSERT_EQ(hex(std::span(buf).first(n)), hex(pt)) << "open in place, length " << n;
    std::vector<std::uint8_t> opened(n);
    ASSERT_TRUE((*fast)->open(nonce12(nonce), aad, expected, opened).ok());
    ASSERT_EQ(hex(opened), hex(pt)) << "open, length " << n;
  }
}

void forged_tag_is_rejected_and_output_wiped(ChaChaBackend backend) {
  test::TestRandom rng(515);
  for (std::size_t n : {1024, 2047, 4096}) {
    const auto key = rng.bytes(32), nonce = rng.bytes(12), aad = rng.bytes(13);
    auto aead = make_chacha20_poly1305(key, backend);
    ASSERT_TRUE(aead.ok());
    std::vector<std::uint8_t> sealed(n + 16);
    ASSERT_TRUE((*aead)->seal(nonce12(nonce), aad, rng.bytes(n), sealed).ok());
    for (std::size_t flip : {std::size_t{0}, n / 2, n + 15}) {  // early, late, in the tag
      auto forged = sealed;
      forged[flip] ^= 0x20;
      std::vector<std::uint8_t> out(n, 0xAA);
      EXPECT_FALSE((*aead)->open(nonce12(nonce), aad, forged, out).ok()) << n << " " << flip;
      EXPECT_EQ(out, std::vector<std::uint8_t>(n, 0)) << "not wiped: " << n << " " << flip;
    }
  }
}

TEST(ChaCha20Poly1305Avx512, SealAndOpenAgreeWithPortableAtEveryBoundary) {
  if (!have_avx512()) GTEST_SKIP() << "this CPU has no AVX-512F";
  seal_and_open_agree_with_portable(ChaChaBackend::avx512, "avx512");
}

TEST(ChaCha20Poly1305Avx512, ForgedTagIsRejectedAndOutputWiped) {
  if (!have_avx512()) GTEST_SKIP() << "this CPU has no AVX-512F";
  forged_tag_is_rejected_and_output_wiped(ChaChaBackend::avx512);
}

// The same with Poly1305 on AVX-512 IFMA (crypto/poly1305_ifma.cpp).
TEST(ChaCha20Poly1305Avx512Ifma, SealAndOpenAgreeWithPortableAtEveryBoundary) {
  if (!have_ifma()) GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  seal_and_open_agree_with_portable(ChaChaBackend::avx512_ifma, "avx512_ifma");
}

TEST(ChaCha20Poly1305Avx512Ifma, ForgedTagIsRejectedAndOutputWiped) {
  if (!have_ifma()) GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  forged_tag_is_rejected_and_output_wiped(ChaChaBackend::avx512_ifma);
}

TEST(ChaCha20Poly1305Dispatch, PicksAvx512WhereTheCpuHasIt) {
  {
    ScopedPortable portable;
    EXPECT_EQ(best_chacha_backend(), ChaChaBackend::portable);
  }
  ScopedPortable accelerated(false);
  const auto expected = have_ifma()           ? ChaChaBackend::avx512_ifma
                        : have_avx512()       ? ChaChaBackend::avx512
                        : cpu_features().avx2 ? ChaChaBackend::avx2
                                              : ChaChaBackend::portable;
  EXPECT_EQ(best_chacha_backend(), expected);
}

// first = Horner over 2k blocks, against the two chains of k joined by r^k.
void check_join(const std::vector<std::uint8_t>& key, const std::vector<std::uint8_t>& msg,
                std::uint64_t h0, std::uint64_t h1, std::uint64_t h2) {
  Poly1305 p(key32(key));
  Poly1305Core one = p.core();
  one.h0 = h0;
  one.h1 = h1;
  one.h2 = h2;
  Poly1305Core first = one, second = one;
  second.h0 = second.h1 = second.h2 = 0;
  const std::size_t k = msg.size() / 32;  // blocks per half
  for (std::size_t i = 0; i < 2 * k; ++i) one.block(msg.data() + 16 * i, 1);
  for (std::size_t i = 0; i < k; ++i) {
    first.block(msg.data() + 16 * i, 1);
    second.block(msg.data() + 16 * (k + i), 1);
  }
  int doublings = 0;
  while ((std::size_t{1} << doublings) < k) ++doublings;
  poly1305_halves::join(first, second, poly1305_halves::r_power(first, doublings));
  // Equal modulo p = 2^130 - 5: compare after one more block, which reduces
  // both the same way, and then fully, through a tag.
  auto tag = [](Poly1305Core c) {
    // h mod p: subtract p when h >= p (h < 2^131 here), as Poly1305::finish does.
    __extension__ typedef unsigned __int128 u128;
    for (int round = 0; round < 2; ++round) {
      const u128 lo = static_cast<u128>(c.h0) + 5;
      const std::uint64_t g0 = static_cast<std::uint64_t>(lo);
      const u128 mid = static_cast<u128>(c.h1) + static_cast<std::uint64_t>(lo >> 64);
      const std::uint64_t g1 = static_cast<std::uint64_t>(mid);
      const std::uint64_t g2 = c.h2 + static_cast<std::uint64_t>(mid >> 64);
      const std::uint64_t mask = 0 - (g2 >> 2);  // all ones when h + 5 >= 2^130
      c.h0 = (g0 & mask) | (c.h0 & ~mask);
      c.h1 = (g1 & mask) | (c.h1 & ~mask);
      c.h2 = ((g2 & 3) & mask) | (c.h2 & ~mask);
    }
    return std::vector<std::uint64_t>{c.h0, c.h1, c.h2};
  };
  EXPECT_EQ(tag(first), tag(one)) << "k = " << k;
}

TEST(Poly1305Halves, JoinedChainsEqualOneChain) {
  test::TestRandom rng(516);
  for (std::size_t k : {1, 2, 4, 16, 32}) {
    for (int trial = 0; trial < 20; ++trial) {
      auto key = rng.bytes(32);
      auto msg = rng.bytes(32 * k);
      if (trial == 1) std::fill(msg.begin(), msg.end(), 0xff);         // largest blocks
      if (trial == 2) std::fill(key.begin(), key.begin() + 16, 0xff);  // largest r
      // A start below 2^130 + 2^64, the bound Poly1305Core keeps.
      const bool top = trial % 3 == 0;
      check_join(key, msg, rng.next(), top ? 0 : rng.next(), top ? 4 : rng.next() % 4);
    }
  }
}

}  // namespace
}  // namespace glasstls::crypto
