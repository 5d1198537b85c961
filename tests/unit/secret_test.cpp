#include "crypto/secret.hpp"

#include <gtest/gtest.h>

#include <type_traits>
#include <vector>

namespace glasstls::crypto {
namespace {

static_assert(!std::is_copy_constructible_v<Secret<32>>);
static_assert(!std::is_copy_assignable_v<Secret<32>>);
static_assert(std::is_nothrow_move_constructible_v<Secret<32>>);

template <typename T>
concept EqualityComparable = requires(const T& a, const T& b) {
  a == b;
};
static_assert(!EqualityComparable<Secret<32>>, "secrets are compared with ct_equal only");

template <typename T>
concept Streamable = requires(std::ostream& os, const T& t) {
  os << t;
};
static_assert(!Streamable<Secret<32>>, "secrets cannot be printed by accident");

TEST(Secret, HoldsBytesUpToCapacity) {
  const std::vector<std::uint8_t> key = {1, 2, 3, 4, 5};
  auto s = Secret<8>::from(key);
  EXPECT_EQ(s.size(), 5u);
  EXPECT_EQ(std::vector<std::uint8_t>(s.bytes().begin(), s.bytes().end()), key);
  Secret<8> zero(8);
  for (auto b : zero.bytes()) EXPECT_EQ(b, 0);
}

TEST(Secret, MoveWipesTheSource) {
  const std::vector<std::uint8_t> key = {9, 9, 9};
  auto a = Secret<16>::from(key);
  Secret<16> b = std::move(a);
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): the point of the test
  Secret<16> c;
  c = std::move(b);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(Secret, CloneAndConstantTimeEquality) {
  const std::vector<std::uint8_t> key = {1, 2, 3};
  auto a = Secret<16>::from(key);
  auto b = a.clone();
  EXPECT_TRUE(ct_equal(a, b).declassify());
  b.mutable_bytes()[2] ^= 1;
  EXPECT_FALSE(ct_equal(a, b).declassify());
  auto shorter = Secret<16>::from(std::span(key).first(2));
  EXPECT_FALSE(ct_equal(a, shorter).declassify());
}

TEST(Secret, WipeClearsAndTeachingRevealNeedsConsent) {
  const std::vector<std::uint8_t> key = {0xab, 0xcd};
  auto s = Secret<4>::from(key);
  EXPECT_EQ(
      s.reveal_hex_for_teaching(TeachingConsent::i_accept_that_secrets_will_be_printed()).view(),
      "abcd");
  s.wipe();
  EXPECT_TRUE(s.empty());
}

TEST(SecretDeath, OverCapacityAborts) {
  EXPECT_DEATH({ Secret<4> s(5); }, "");
}

}  // namespace
}  // namespace glasstls::crypto
