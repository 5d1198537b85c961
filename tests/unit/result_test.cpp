#include "crypto/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace glasstls {
namespace {

Result<int> parse_positive(int x) {
  if (x <= 0) return make_error(AlertDescription::illegal_parameter, "x must be positive", 3);
  return x * 2;
}

TEST(Result, CarriesValueOrError) {
  auto good = parse_positive(4);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(static_cast<bool>(good));
  EXPECT_EQ(*good, 8);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().alert, AlertDescription::illegal_parameter);
  EXPECT_EQ(bad.error().describe(), "illegal_parameter at byte 3: x must be positive");
}

TEST(Result, MoveOnlyValuesAndVoid) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
  Result<void> ok = success();
  EXPECT_TRUE(ok.ok());
  Result<void> err = make_error(AlertDescription::decode_error, "bad");
  EXPECT_FALSE(err.ok());
  EXPECT_EQ(err.error().describe(), "decode_error: bad");
}

TEST(Result, AssignmentReplacesState) {
  Result<std::string> r = std::string("hello");
  r = make_error(AlertDescription::internal_error, "oops");
  EXPECT_FALSE(r.ok());
  r = std::string("again");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "again");
}

TEST(Alert, NamesKnownAndUnknownValues) {
  EXPECT_EQ(to_string(AlertDescription::bad_record_mac), "bad_record_mac");
  EXPECT_EQ(to_string(static_cast<AlertDescription>(0x1a)), "unknown(0x1a)");
}

TEST(ResultDeath, ValueOfErrorAborts) {
  auto bad = parse_positive(0);
  EXPECT_DEATH({ (void)bad.value(); }, "");
}

}  // namespace
}  // namespace glasstls
