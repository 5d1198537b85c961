// Wycheproof HMAC and HKDF vectors, read in place from ../shared/vectors/wycheproof.
#include <gtest/gtest.h>

#include "crypto/cpu.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::unhex;

struct Counts {
  std::size_t valid = 0, invalid = 0;
};

// Wycheproof MacTest: tag may be truncated to tagSize bits; "invalid" tests
// carry a wrong tag that must not verify.
Counts run_hmac(const std::string& file, HashId id) {
  Counts c;
  auto json = test::wycheproof(file);
  if (!json) return c;
  for (const auto& group : (*json)["testGroups"]) {
    const std::size_t tag_bytes = group["tagSize"].get<std::size_t>() / 8;
    for (const auto& t : group["tests"]) {
      const auto key = unhex(t["key"].get<std::string>());
      const auto msg = unhex(t["msg"].get<std::string>());
      const auto tag = unhex(t["tag"].get<std::string>());
      const std::string result = t["result"];
      const auto mac = Hmac::mac(id, key, msg);
      const bool matches =
          tag.size() == tag_bytes &&
          ct::memeq(mac.bytes().first(std::min(tag_bytes, mac.size())), tag).declassify();
      if (result == "valid") {
        EXPECT_TRUE(matches) << file << " tcId " << t["tcId"];
        ++c.valid;
      } else {
        EXPECT_FALSE(matches) << file << " tcId " << t["tcId"];
        ++c.invalid;
      }
    }
  }
  return c;
}

Counts run_hkdf(const std::string& file, HashId id) {
  Counts c;
  auto json = test::wycheproof(file);
  if (!json) return c;
  for (const auto& group : (*json)["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const auto ikm = unhex(t["ikm"].get<std::string>());
      const auto salt = unhex(t["salt"].get<std::string>());
      const auto info = unhex(t["info"].get<std::string>());
      const auto okm = unhex(t["okm"].get<std::string>());
      const std::size_t size = t["size"];
      const std::string result = t["result"];
      std::vector<std::uint8_t> out(size);
      const auto prk = hkdf_extract(id, salt, ikm);
      const bool ok = hkdf_expand(id, prk.bytes(), info, out).ok();
      if (result == "valid") {
        EXPECT_TRUE(ok) << file << " tcId " << t["tcId"];
        EXPECT_EQ(test::hex(out), test::hex(okm)) << file << " tcId " << t["tcId"];
        ++c.valid;
      } else {
        // The only invalid HKDF vectors ask for more than 255*HashLen bytes.
        EXPECT_FALSE(ok) << file << " tcId " << t["tcId"];
        ++c.invalid;
      }
    }
  }
  return c;
}

class WycheproofBackends : public ::testing::TestWithParam<bool> {
 protected:
  ScopedPortable portable_{GetParam() || portable_forced()};
};

TEST_P(WycheproofBackends, HmacSha256) {
  const Counts c = run_hmac("hmac_sha256_test.json", HashId::sha256);
  if (::testing::Test::IsSkipped()) return;
  EXPECT_GT(c.valid, 50u);
  EXPECT_GT(c.invalid, 50u);
  std::printf("hmac_sha256_test.json: %zu valid, %zu invalid vectors checked\n", c.valid,
              c.invalid);
}

TEST_P(WycheproofBackends, HmacSha384) {
  const Counts c = run_hmac("hmac_sha384_test.json", HashId::sha384);
  if (::testing::Test::IsSkipped()) return;
  EXPECT_GT(c.valid, 50u);
  EXPECT_GT(c.invalid, 50u);
  std::printf("hmac_sha384_test.json: %zu valid, %zu invalid vectors checked\n", c.valid,
              c.invalid);
}

TEST_P(WycheproofBackends, HkdfSha256) {
  const Counts c = run_hkdf("hkdf_sha256_test.json", HashId::sha256);
  if (::testing::Test::IsSkipped()) return;
  EXPECT_GT(c.valid, 50u);
  std::printf("hkdf_sha256_test.json: %zu valid, %zu invalid vectors checked\n", c.valid,
              c.invalid);
}

TEST_P(WycheproofBackends, HkdfSha384) {
  const Counts c = run_hkdf("hkdf_sha384_test.json", HashId::sha384);
  if (::testing::Test::IsSkipped()) return;
  EXPECT_GT(c.valid, 50u);
  std::printf("hkdf_sha384_test.json: %zu valid, %zu invalid vectors checked\n", c.valid,
              c.invalid);
}

INSTANTIATE_TEST_SUITE_P(Sha256Backend, WycheproofBackends, ::testing::Values(false, true),
                         [](const auto& param_info) {
                           return param_info.param ? "portable" : "accelerated";
                         });

}  // namespace
}  // namespace glasstls::crypto
