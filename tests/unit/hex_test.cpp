#include "crypto/hex.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace glasstls::crypto {
namespace {

TEST(Hex, RoundTrip) {
  const std::vector<std::uint8_t> bytes = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(to_hex(bytes), "00017f80abff");
  auto back = from_hex("00017F80ABff");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  EXPECT_EQ(to_hex({}), "");
  ASSERT_TRUE(from_hex("").ok());
}

TEST(Hex, StrictRejectsOddLengthAndBadDigitsWithOffset) {
  auto odd = from_hex("abc");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().alert, AlertDescription::decode_error);
  auto bad = from_hex("00zz");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().offset, 2u);
  EXPECT_FALSE(from_hex("00 11").ok());
}

TEST(Hex, LenientAcceptsRfcLayout) {
  auto r = from_hex_lenient("  0x00 11:22\n\t33 ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_hex(*r), "00112233");
  EXPECT_FALSE(from_hex_lenient("0 011").ok());  // a pair split by a space
  EXPECT_FALSE(from_hex_lenient("001").ok());
  EXPECT_FALSE(from_hex_lenient("g0").ok());
}

}  // namespace
}  // namespace glasstls::crypto
