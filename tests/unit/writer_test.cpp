#include "crypto/writer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/hex.hpp"

namespace glasstls::crypto {
namespace {

TEST(Writer, WritesIntegersBigEndian) {
  Writer w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  w.u64(0x0b0c0d0e0f101112);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_hex(*out), "0102030405060708090a0b0c0d0e0f101112");
}

TEST(Writer, NestedPrefixesPatchThemselves) {
  Writer w;
  const std::vector<std::uint8_t> payload = {0xaa, 0xbb, 0xcc};
  w.u16_prefixed([&](Writer& outer) {
    outer.u8(0x01);
    outer.u8_prefixed([&](Writer& inner) { inner.bytes(payload); });
    outer.u24_prefixed([&](Writer&) {});
  });
  auto out = std::move(w).finish();
  ASSERT_TRUE(out.ok());
  // 00 08 | 01 | 03 aa bb cc | 00 00 00
  EXPECT_EQ(to_hex(*out), "00080103aabbcc000000");
}

TEST(Writer, OverlongBodyIsAnErrorAndSticks) {
  Writer w;
  const std::vector<std::uint8_t> big(256, 0x11);
  w.u8_prefixed([&](Writer& b) { b.bytes(big); });
  EXPECT_FALSE(w.ok());
  w.u8(0x42);  // ignored after the first error
  auto out = std::move(w).finish();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().alert, AlertDescription::internal_error);
  EXPECT_EQ(out.error().offset, 0u);
}

TEST(Writer, CustomMaximumIsEnforced) {
  Writer ok;
  ok.u16_prefixed([](Writer& b) { b.u16(1); }, 2);
  EXPECT_TRUE(ok.ok());
  Writer bad;
  bad.u16_prefixed(
      [](Writer& b) {
        b.u16(1);
        b.u8(2);
      },
      2);
  EXPECT_FALSE(bad.ok());
}

TEST(Writer, U24RejectsValuesOver24Bits) {
  Writer w;
  w.u24(0x1000000);
  EXPECT_FALSE(w.ok());
}

TEST(Writer, DerTlvUsesTheMinimalLength) {
  Writer w;
  w.der_tlv(0x02, std::vector<std::uint8_t>{0x05});
  const std::vector<std::uint8_t> long_body(0x100, 0xaa);
  w.der_tlv(0x04, long_body);
  const auto out = w.view();
  ASSERT_EQ(out.size(), 3u + 4u + 0x100u);
  EXPECT_EQ(to_hex(out.subspan(0, 7)), "02010504820100");
}

}  // namespace
}  // namespace glasstls::crypto
