// Every vector of Wycheproof's aes_gcm_test.json (../shared/vectors/wycheproof),
// on every backend: valid ones must seal to exactly ct || tag and open; invalid
// ones (modified tags, a zero-length IV, ...) must be rejected, with the output
// wiped. AES-192 groups run too (the low-level API accepts 24-byte keys).
#include <gtest/gtest.h>

#include <array>
#include <map>

#include "crypto/gcm.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

// One vector on one backend: "" when the outcome is what Wycheproof expects.
std::string run_vector(AesBackend backend, const nlohmann::json& t) {
  const Bytes key = test::unhex(t["key"].get<std::string>());
  const Bytes iv = test::unhex(t["iv"].get<std::string>());
  const Bytes aad = test::unhex(t["aad"].get<std::string>());
  const Bytes msg = test::unhex(t["msg"].get<std::string>());
  const Bytes ct = test::unhex(t["ct"].get<std::string>());
  const Bytes tag = test::unhex(t["tag"].get<std::string>());
  const bool valid = t["result"] == "valid";
  auto gcm = AesGcm::create(key, backend);
  if (!gcm) return "create failed";
  if (tag.size() != 16) return valid ? "unsupported tag size for a valid vector" : "";

  std::array<std::uint8_t, 16> tag16;
  std::copy(tag.begin(), tag.end(), tag16.begin());
  Bytes out(ct.size(), 0x5A);
  const auto opened = gcm->open(iv, aad, ct, tag16, out);
  if (!valid) {
    if (opened.ok()) return "invalid vector was accepted";
    if (out != Bytes(ct.size(), 0)) return "rejected, but the output was not wiped";
    return "";
  }
  if (!opened.ok()) return "valid vector rejected: " + opened.error().describe();
  if (out != msg) return "open produced the wrong plaintext";
  Bytes sealed(msg.size());
  std::array<std::uint8_t, 16> got_tag{};
  if (!gcm->seal(iv, aad, msg, sealed, got_tag).ok()) return "seal failed";
  if (sealed != ct) return "seal: wrong ciphertext";
  if (!std::equal(got_tag.begin(), got_tag.end(), tag.begin())) return "seal: wrong tag";
  return "";
}

TEST(GcmWycheproof, EveryVectorOnEveryBackend) {
  const auto doc = test::wycheproof("aes_gcm_test.json");
  if (!doc) return;  // shared_file() said why (and failed the test under CI)
  const std::size_t declared = (*doc)["numberOfTests"].get<std::size_t>();
  for (auto backend : test::usable_aes_backends()) {
    std::map<std::string, std::size_t> passed;  // by result
    std::size_t total = 0;
    for (const auto& group : (*doc)["testGroups"]) {
      for (const auto& t : group["tests"]) {
        ++total;
        const std::string why = run_vector(backend, t);
        if (why.empty()) {
          ++passed[t["result"].get<std::string>()];
        } else {
          ADD_FAILURE() << to_string(backend) << " tcId " << t["tcId"] << " ("
                        << t["comment"].get<std::string>() << "): " << why;
        }
      }
    }
    std::size_t all = 0;
    for (const auto& [k, v] : passed) all += v;
    EXPECT_EQ(total, declared);
    EXPECT_EQ(all, total) << to_string(backend);
    std::printf("Wycheproof aes_gcm_test.json [%s]: %zu/%zu passed (%zu valid, %zu invalid)\n",
                std::string(to_string(backend)).c_str(), all, total, passed["valid"],
                passed["invalid"]);
  }
}

}  // namespace
}  // namespace glasstls::crypto
