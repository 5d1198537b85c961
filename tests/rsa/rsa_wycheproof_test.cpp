// Every vector of Wycheproof's RSA files (../shared/vectors/wycheproof):
//   rsa_signature_{2048,3072,4096}_sha{256,384,512}_test.json  PKCS#1 v1.5 verify
//   rsa_pss_*_test.json                                         PSS verify (given sLen)
//   rsa_pkcs1_{2048,3072,4096}_sig_gen_test.json                sign == expected signature
//   rsa_pkcs1_{2048,3072,4096}_test.json                        PKCS#1 v1.5 decryption
// "acceptable" vectors may pass or fail (they are counted apart). Vectors using
// a hash GlassTLS does not offer for RSA (SHA-1, SHA-224) are counted as
// skipped with that reason; every other vector must have the expected outcome.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "crypto/rng.hpp"
#include "crypto/rsa.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;
using nlohmann::json;

std::optional<HashId> hash_of(const std::string& name) {
  if (name == "SHA-256") return HashId::sha256;
  if (name == "SHA-384") return HashId::sha384;
  if (name == "SHA-512") return HashId::sha512;
  return std::nullopt;
}

Bytes field(const json& j, const char* name) { return test::unhex(j[name].get<std::string>()); }

struct Counts {
  std::size_t total = 0, valid = 0, invalid = 0, acceptable = 0, skipped = 0;
  void print(const std::string& file) const {
    std::printf(
        "[wycheproof] %s: %zu vectors: %zu valid ok, %zu invalid rejected, "
        "%zu acceptable, %zu skipped (unsupported hash)\n",
        file.c_str(), total, valid, invalid, acceptable, skipped);
  }
};

// Runs `check(group, test)` -> error text ("" = outcome as expected) on every
// vector; `pass` is whether our code accepted the vector.
template <typename Check>
void run_file(const std::string& file, Check check) {
  const auto doc = test::wycheproof(file);
  if (!doc) return;
  Counts c;
  for (const auto& group : (*doc)["testGroups"]) {
    for (const auto& t : group["tests"]) {
      ++c.total;
      const std::string result = t["result"].get<std::string>();
      std::optional<bool> accepted = check(group, t);
      if (!accepted) {
        ++c.skipped;
        continue;
      }
      if (result == "valid") {
        EXPECT_TRUE(*accepted) << file << " tcId " << t["tcId"] << " " << t["comment"];
        c.valid += *accepted;
      } else if (result == "invalid") {
        EXPECT_FALSE(*accepted) << file << " tcId " << t["tcId"] << " " << t["comment"];
        c.invalid += !*accepted;
      } else {
        ++c.acceptable;
      }
    }
  }
  c.print(file);
  EXPECT_EQ(c.total, (*doc)["numberOfTests"].get<std::size_t>());
  EXPECT_EQ(c.valid + c.invalid + c.acceptable + c.skipped, c.total);
}

RsaPublicKey public_key(const json& group) {
  const json& pk = group["publicKey"];
  auto key = RsaPublicKey::from_components(field(pk, "modulus"), field(pk, "publicExponent"));
  if (!key) ADD_FAILURE() << key.error().describe();
  return std::move(key).value();
}

class RsaSignatureFile : public testing::TestWithParam<std::string> {};
TEST_P(RsaSignatureFile, Pkcs1Verify) {
  const std::string file = "rsa_signature_" + GetParam() + "_test.json";
  std::optional<RsaPublicKey> key;
  const json* key_group = nullptr;
  run_file(file, [&](const json& group, const json& t) -> std::optional<bool> {
    if (key_group != &group) key = public_key(group), key_group = &group;
    auto h = hash_of(group["sha"].get<std::string>());
    if (!h) return std::nullopt;
    return rsa_pkcs1_verify(*key, *h, field(t, "msg"), field(t, "sig")).ok();
  });
}
INSTANTIATE_TEST_SUITE_P(Wycheproof, RsaSignatureFile,
                         testing::Values("2048_sha256", "2048_sha384", "2048_sha512", "3072_sha256",
                                         "3072_sha384", "3072_sha512", "4096_sha256", "4096_sha384",
                                         "4096_sha512"));

class RsaPssFile : public testing::TestWithParam<std::string> {};
TEST_P(RsaPssFile, PssVerify) {
  const std::string file = "rsa_pss_" + GetParam() + "_test.json";
  std::optional<RsaPublicKey> key;
  const json* key_group = nullptr;
  run_file(file, [&](const json& group, const json& t) -> std::optional<bool> {
    if (key_group != &group) key = public_key(group), key_group = &group;
    auto h = hash_of(group["sha"].get<std::string>());
    if (!h || group["mgfSha"] != group["sha"]) return std::nullopt;
    const auto slen = group["sLen"].get<std::size_t>();
    return rsa_pss_verify(*key, *h, field(t, "msg"), field(t, "sig"), slen).ok();
  });
}
INSTANTIATE_TEST_SUITE_P(Wycheproof, RsaPssFile,
                         testing::Values("2048_sha256_mgf1_32", "2048_sha384_mgf1_48",
                                         "3072_sha256_mgf1_32", "4096_sha256_mgf1_32",
                                         "4096_sha384_mgf1_48"));

class RsaSigGenFile : public testing::TestWithParam<std::string> {};
TEST_P(RsaSigGenFile, Pkcs1SignReproducesSignature) {
  const std::string file = "rsa_pkcs1_" + GetParam() + "_sig_gen_test.json";
  auto rng = HmacDrbg::from_seed(1);
  std::optional<RsaPrivateKey> key;
  const json* key_group = nullptr;
  run_file(file, [&](const json& group, const json& t) -> std::optional<bool> {
    auto h = hash_of(group["sha"].get<std::string>());
    if (!h) return std::nullopt;
    if (key_group != &group) {
      const json& pk = group["privateKey"];
      auto k = RsaPrivateKey::from_n_e_d(field(pk, "modulus"), field(pk, "publicExponent"),
                                         field(pk, "privateExponent"), rng);
      if (!k) {
        ADD_FAILURE() << file << ": " << k.error().describe();
        return false;
      }
      key = std::move(k).value();
      key_group = &group;
    }
    auto sig = rsa_pkcs1_sign(*key, *h, field(t, "msg"), rng);
    if (!sig) return false;
    // RFC 8017 §8.2: PKCS#1 v1.5 signatures are deterministic.
    return *sig == field(t, "sig") &&
           rsa_pkcs1_verify(key->public_key(), *h, field(t, "msg"), *sig).ok();
  });
}
INSTANTIATE_TEST_SUITE_P(Wycheproof, RsaSigGenFile, testing::Values("2048", "3072", "4096"));

class RsaDecryptFile : public testing::TestWithParam<std::string> {};
TEST_P(RsaDecryptFile, Pkcs1Decrypt) {
  const std::string file = "rsa_pkcs1_" + GetParam() + "_test.json";
  auto rng = HmacDrbg::from_seed(2);
  std::optional<RsaPrivateKey> key;
  const json* key_group = nullptr;
  run_file(file, [&](const json& group, const json& t) -> std::optional<bool> {
    if (key_group != &group) {
      const json& pk = group["privateKey"];
      auto k = RsaPrivateKey::from_components(field(pk, "modulus"), field(pk, "publicExponent"),
                                              field(pk, "privateExponent"), field(pk, "prime1"),
                                              field(pk, "prime2"), field(pk, "exponent1"),
                                              field(pk, "exponent2"), field(pk, "coefficient"));
      if (!k) {
        ADD_FAILURE() << file << ": " << k.error().describe();
        return false;
      }
      key = std::move(k).value();
      key_group = &group;
    }
    auto m = rsa_pkcs1_decrypt(*key, field(t, "ct"), rng);
    return m.ok() && *m == field(t, "msg");
  });
}
INSTANTIATE_TEST_SUITE_P(Wycheproof, RsaDecryptFile, testing::Values("2048", "3072", "4096"));

}  // namespace
}  // namespace glasstls::crypto
