#include "crypto/reader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>
#include <vector>

namespace glasstls::crypto {
namespace {

TEST(Reader, ReadsBigEndianIntegersAndTracksOffsets) {
  const std::array<std::uint8_t, 18> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                             0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
  Reader r(data, 100);
  std::uint8_t a;
  std::uint16_t b;
  std::uint32_t c, d;
  std::uint64_t e;
  ASSERT_TRUE(r.read_u8(a));
  EXPECT_EQ(a, 0x01);
  EXPECT_EQ(r.offset(), 101u);
  ASSERT_TRUE(r.read_u16(b));
  EXPECT_EQ(b, 0x0203);
  ASSERT_TRUE(r.read_u24(c));
  EXPECT_EQ(c, 0x040506u);
  ASSERT_TRUE(r.read_u32(d));
  EXPECT_EQ(d, 0x0708090au);
  ASSERT_TRUE(r.read_u64(e));
  EXPECT_EQ(e, 0x0b0c0d0e0f101112ull);
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.offset(), 118u);
  EXPECT_TRUE(r.expect_end("done").ok());
}

TEST(Reader, FailedReadLeavesReaderUnchanged) {
  const std::array<std::uint8_t, 3> data = {0xaa, 0xbb, 0xcc};
  Reader r(data);
  std::uint32_t v = 7;
  EXPECT_FALSE(r.read_u32(v));
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(r.offset(), 0u);
  std::span<const std::uint8_t> s;
  EXPECT_FALSE(r.read_bytes(4, s));
  EXPECT_FALSE(r.skip(4));
  EXPECT_EQ(r.remaining(), 3u);
  std::uint8_t p;
  ASSERT_TRUE(r.peek_u8(p));
  EXPECT_EQ(p, 0xaa);
  EXPECT_EQ(r.remaining(), 3u);
}

TEST(Reader, PrefixedChildContinuesParentOffsets) {
  // u16 length 3, then 3 bytes, then one trailing byte.
  const std::array<std::uint8_t, 6> data = {0x00, 0x03, 0x0a, 0x0b, 0x0c, 0xff};
  Reader r(data, 10);
  Reader child;
  ASSERT_TRUE(r.read_u16_prefixed(child));
  EXPECT_EQ(child.offset(), 12u);
  EXPECT_EQ(child.remaining(), 3u);
  std::uint8_t x;
  ASSERT_TRUE(child.read_u8(x));
  const std::size_t start = child.offset();
  std::uint16_t y;
  ASSERT_TRUE(child.read_u16(y));
  EXPECT_EQ(y, 0x0b0c);
  const ByteRange range = child.range_since(start);
  EXPECT_EQ(range.offset, 13u);
  EXPECT_EQ(range.length, 2u);
  EXPECT_TRUE(child.expect_end("child").ok());

  const auto end = r.expect_end("RFC 8446 §4: trailing data");
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().alert, AlertDescription::decode_error);
  EXPECT_EQ(end.error().offset, 15u);
}

TEST(Reader, PrefixLongerThanDataFailsWithoutMoving) {
  const std::array<std::uint8_t, 4> data = {0x05, 0x01, 0x02, 0x03};
  Reader r(data);
  Reader child;
  EXPECT_FALSE(r.read_u8_prefixed(child));
  EXPECT_EQ(r.offset(), 0u);
  const std::array<std::uint8_t, 2> short_len = {0x00, 0x00};
  Reader r2{std::span<const std::uint8_t>(short_len)};
  EXPECT_FALSE(r2.read_u24_prefixed(child));
  EXPECT_EQ(r2.remaining(), 2u);
}

TEST(Reader, EmptyPrefixedVectorIsValid) {
  const std::array<std::uint8_t, 1> data = {0x00};
  Reader r(data);
  Reader child;
  ASSERT_TRUE(r.read_u8_prefixed(child));
  EXPECT_TRUE(child.empty());
  EXPECT_TRUE(r.empty());
}

TEST(Reader, ErrorHereCarriesAbsoluteOffset) {
  const std::array<std::uint8_t, 4> data = {1, 2, 3, 4};
  Reader r(data, 40);
  ASSERT_TRUE(r.skip(2));
  const Error e = r.error_here(AlertDescription::illegal_parameter, "test rule");
  EXPECT_EQ(e.offset, 42u);
  EXPECT_EQ(e.describe(), "illegal_parameter at byte 42: test rule");
}

// DER TLVs (X.690 §8.1, §10.1): the length rules, each at the first length
// octet, and a failed read leaves the Reader where it was.
TEST(Reader, DerTlvEnforcesDefiniteMinimalLengths) {
  struct Case {
    std::vector<std::uint8_t> der;
    std::size_t offset;
    std::string_view rule;
  };
  const std::vector<Case> cases = {
      {{0x30, 0x80, 0x00, 0x00}, 1, "indefinite"},
      {{0x30, 0x81, 0x01, 0x00}, 1, "short length written in the long form"},
      {{0x30, 0x82, 0x00, 0x01, 0x00}, 1, "minimum number of octets"},
      {{0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00}, 1, "more than 4 octets"},
      {{0x30, 0x82, 0x01}, 1, "truncated length"},
      {{0x30, 0x05, 0x00}, 1, "runs past the end"},
      {{0x30}, 0, "truncated element"},
      {{0x1f, 0x01, 0x00}, 0, "multi-octet tag"},
  };
  for (const auto& c : cases) {
    Reader r(c.der, 10);
    std::uint8_t tag = 0;
    Reader contents;
    auto result = r.read_tlv(tag, contents);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().alert, AlertDescription::decode_error);
    EXPECT_EQ(result.error().offset, 10 + c.offset) << c.rule;
    EXPECT_NE(result.error().rule.find(c.rule), std::string_view::npos) << result.error().rule;
    EXPECT_EQ(r.offset(), 10u) << c.rule;
  }
}

TEST(Reader, DerElementChecksTagAndKeepsOffsets) {
  std::vector<std::uint8_t> der = {0x02, 0x01, 0x05, 0x04, 0x81, 0x80};
  der.resize(der.size() + 0x80, 0xaa);
  Reader r(der, 7);
  Reader contents;
  ASSERT_FALSE(r.read_element(0x30, contents, "want a SEQUENCE").ok());
  EXPECT_EQ(r.offset(), 7u);
  ASSERT_TRUE(r.read_element(0x02, contents, "want an INTEGER").ok());
  EXPECT_EQ(contents.offset(), 9u);
  EXPECT_EQ(contents.remaining(), 1u);
  const std::size_t start = r.offset();
  std::uint8_t tag = 0;
  ASSERT_TRUE(r.read_tlv(tag, contents).ok());  // the long form where it is needed
  EXPECT_EQ(tag, 0x04);
  EXPECT_EQ(contents.offset(), start + 3);
  EXPECT_EQ(contents.remaining(), 0x80u);
  EXPECT_EQ(r.bytes_since(start).size(), 3u + 0x80);
  EXPECT_TRUE(r.empty());
  auto end = r.read_element(0x02, contents, "want an INTEGER");
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().rule, "want an INTEGER");
}

}  // namespace
}  // namespace glasstls::crypto
