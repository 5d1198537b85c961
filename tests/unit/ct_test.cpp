#include "crypto/ct.hpp"

#include <gtest/gtest.h>

#include <array>
#include <type_traits>

#include "tests/support/test_support.hpp"

namespace glasstls::crypto::ct {
namespace {

// A Mask must never be usable as a bool.
static_assert(!std::is_convertible_v<Mask, bool>);
static_assert(!std::is_constructible_v<bool, Mask>);

std::uint64_t bits_of(bool b) { return b ? ~std::uint64_t{0} : 0; }

TEST(Ct, ComparisonsMatchOrdinaryOperatorsOnEdgeValues) {
  const std::uint64_t values[] = {0,
                                  1,
                                  2,
                                  0x7f,
                                  0x80,
                                  0xff,
                                  0x7fffffffffffffffULL,
                                  0x8000000000000000ULL,
                                  0xfffffffffffffffeULL,
                                  0xffffffffffffffffULL};
  for (std::uint64_t a : values) {
    for (std::uint64_t b : values) {
      EXPECT_EQ(eq(a, b).bits(), bits_of(a == b)) << a << " " << b;
      EXPECT_EQ(ne(a, b).bits(), bits_of(a != b));
      EXPECT_EQ(lt(a, b).bits(), bits_of(a < b)) << a << " < " << b;
      EXPECT_EQ(gt(a, b).bits(), bits_of(a > b));
      EXPECT_EQ(le(a, b).bits(), bits_of(a <= b));
      EXPECT_EQ(ge(a, b).bits(), bits_of(a >= b));
    }
    EXPECT_EQ(is_zero(a).bits(), bits_of(a == 0));
  }
}

TEST(Ct, ComparisonsOnRandomValues) {
  test::TestRandom rnd(1);
  for (int i = 0; i < 10000; ++i) {
    std::uint64_t a = rnd.next(), b = rnd.next();
    if (i % 3 == 0) b = a + (rnd.next() % 3) - 1;  // neighbours
    EXPECT_EQ(lt(a, b).bits(), bits_of(a < b));
    EXPECT_EQ(eq(a, b).bits(), bits_of(a == b));
  }
}

TEST(Ct, SelectAndMaskAlgebra) {
  EXPECT_EQ(select(Mask::all_ones(), 0x1234u, 0x5678u), 0x1234u);
  EXPECT_EQ(select(Mask::zero(), 0x1234u, 0x5678u), 0x5678u);
  EXPECT_EQ(select<std::uint8_t>(Mask::from_bit(1), 0xaa, 0x55), 0xaa);
  EXPECT_EQ((Mask::all_ones() & Mask::zero()).bits(), 0u);
  EXPECT_EQ((Mask::all_ones() | Mask::zero()).bits(), ~std::uint64_t{0});
  EXPECT_EQ((~Mask::zero()).bits(), ~std::uint64_t{0});
  EXPECT_TRUE(Mask::all_ones().declassify());
  EXPECT_FALSE(Mask::zero().declassify());
}

TEST(Ct, CmovAndCswap) {
  std::array<std::uint8_t, 4> a = {1, 2, 3, 4}, b = {9, 8, 7, 6};
  cmov(Mask::zero(), a, b);
  EXPECT_EQ(a, (std::array<std::uint8_t, 4>{1, 2, 3, 4}));
  cmov(Mask::all_ones(), a, b);
  EXPECT_EQ(a, b);
  std::array<std::uint8_t, 3> x = {1, 2, 3}, y = {4, 5, 6};
  cswap(Mask::zero(), x, y);
  EXPECT_EQ(x[0], 1);
  cswap(Mask::all_ones(), x, y);
  EXPECT_EQ(x, (std::array<std::uint8_t, 3>{4, 5, 6}));
  EXPECT_EQ(y, (std::array<std::uint8_t, 3>{1, 2, 3}));
}

TEST(Ct, MemeqFindsAnySingleBitDifference) {
  std::array<std::uint8_t, 32> a{}, b{};
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<std::uint8_t>(i * 7);
  EXPECT_TRUE(memeq(a, b).declassify());
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      b[i] ^= static_cast<std::uint8_t>(1 << bit);
      EXPECT_FALSE(memeq(a, b).declassify()) << i << "/" << bit;
      b[i] ^= static_cast<std::uint8_t>(1 << bit);
    }
  }
  EXPECT_FALSE(memeq(std::span(a).first(3), std::span(b).first(4)).declassify());
  EXPECT_TRUE(memeq({}, {}).declassify());
}

TEST(Ct, SecureWipeZeroes) {
  std::array<std::uint8_t, 16> buf;
  buf.fill(0xee);
  secure_wipe(buf.data(), buf.size());
  for (auto v : buf) EXPECT_EQ(v, 0);
}

}  // namespace
}  // namespace glasstls::crypto::ct
