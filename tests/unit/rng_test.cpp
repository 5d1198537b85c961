#include "crypto/rng.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace glasstls::crypto {
namespace {

TEST(OsRng, ProducesDifferentOutputs) {
  std::vector<std::uint8_t> a(32), b(32);
  os_rng().fill(a);
  os_rng().fill(b);
  EXPECT_NE(a, b);
  os_rng().fill({});  // an empty request is fine
}

TEST(HmacDrbg, SameSeedSameBytesDifferentSeedDifferentBytes) {
  auto a = HmacDrbg::from_seed(42);
  auto b = HmacDrbg::from_seed(42);
  auto c = HmacDrbg::from_seed(43);
  std::vector<std::uint8_t> x(100), y(100), z(100);
  a.fill(x);
  b.fill(y);
  c.fill(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  // The next call continues the stream rather than repeating it.
  a.fill(y);
  EXPECT_NE(x, y);
}

TEST(HmacDrbg, RequestLimitAndLargeFill) {
  auto d = HmacDrbg::from_seed(1);
  std::vector<std::uint8_t> big(HmacDrbg::kMaxRequestBytes + 1);
  EXPECT_FALSE(d.generate(big, {}).ok());
  EXPECT_TRUE(d.generate(std::span(big).first(HmacDrbg::kMaxRequestBytes), {}).ok());
  d.fill(big);  // fill() splits into allowed requests
}

TEST(HmacDrbg, AdditionalInputAndReseedChangeTheStream) {
  const std::vector<std::uint8_t> entropy(32, 1), nonce(16, 2), add = {1, 2, 3};
  HmacDrbg a(HashId::sha256, entropy, nonce, {});
  HmacDrbg b(HashId::sha256, entropy, nonce, {});
  std::vector<std::uint8_t> x(64), y(64);
  ASSERT_TRUE(a.generate(x, {}).ok());
  ASSERT_TRUE(b.generate(y, add).ok());
  EXPECT_NE(x, y);
  a.reseed(entropy, {});
  ASSERT_TRUE(a.generate(x, {}).ok());
  ASSERT_TRUE(b.generate(y, {}).ok());
  EXPECT_NE(x, y);
}

}  // namespace
}  // namespace glasstls::crypto
