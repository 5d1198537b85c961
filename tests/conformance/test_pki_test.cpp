// conformance/test_pki: each kind of certificate is what its scenarios say
// it is (issuer, validity, extKeyUsage, name, chain).
#include "conformance/test_pki.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "crypto/rng.hpp"
#include "x509/identity.hpp"
#include "x509/name_builder.hpp"
#include "x509/oid.hpp"

namespace glasstls::conformance {
namespace {

class TestPkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& rng = crypto::os_rng();
    auto key = x509::PrivateKey::generate("p256", rng);
    ASSERT_TRUE(key);
    const x509::Bytes key_der = key->to_pkcs8_der();
    auto name = x509::build_name("CN=TestPki test root");
    ASSERT_TRUE(name);
    const auto t = static_cast<x509::UnixTime>(std::time(nullptr));
    auto root =
        x509::CertificateAuthority::create_root(std::move(*key), *name, t - 60, t + 86400, rng);
    ASSERT_TRUE(root);
    root_der_.assign(root->certificate().der().begin(), root->certificate().der().end());
    std::string problem;
    pki_ = TestPki::load(root_der_, key_der, problem);
    ASSERT_TRUE(pki_) << problem;
    subject_ = x509::Bytes(root->certificate().subject().der.begin(),
                           root->certificate().subject().der.end());
  }
  bool issued_by_root(const x509::Certificate& c) const {
    return x509::Bytes(c.issuer().der.begin(), c.issuer().der.end()) == subject_;
  }
  static x509::UnixTime now() { return static_cast<x509::UnixTime>(std::time(nullptr)); }

  x509::Bytes root_der_, subject_;
  std::shared_ptr<const TestPki> pki_;
};

TEST_F(TestPkiTest, ClientCertificates) {
  std::string problem;
  auto valid = pki_->client_identity("valid", problem);
  ASSERT_TRUE(valid) << problem;
  EXPECT_TRUE(issued_by_root(valid->leaf()));
  EXPECT_TRUE(valid->leaf().validity().contains(now()));
  const auto& eku = valid->leaf().extensions().ext_key_usage;
  ASSERT_TRUE(eku);
  EXPECT_EQ(*eku, std::vector<x509::Oid>{x509::oid::kp_client_auth});

  auto expired = pki_->client_identity("expired", problem);
  ASSERT_TRUE(expired) << problem;
  EXPECT_TRUE(issued_by_root(expired->leaf()));
  EXPECT_LT(expired->leaf().validity().not_after, now());

  auto wrong_eku = pki_->client_identity("wrong_eku", problem);
  ASSERT_TRUE(wrong_eku) << problem;
  ASSERT_TRUE(wrong_eku->leaf().extensions().ext_key_usage);
  EXPECT_EQ(*wrong_eku->leaf().extensions().ext_key_usage,
            std::vector<x509::Oid>{x509::oid::kp_server_auth});

  // From another root; the trusted root's certificate follows it.
  auto unknown = pki_->client_identity("unknown_ca", problem);
  ASSERT_TRUE(unknown) << problem;
  EXPECT_FALSE(issued_by_root(unknown->leaf()));
  ASSERT_EQ(unknown->chain().size(), 2u);
  const auto second = unknown->chain()[1].der();
  EXPECT_EQ(x509::Bytes(second.begin(), second.end()), root_der_);

  EXPECT_FALSE(pki_->client_identity("forged", problem));
  EXPECT_NE(problem.find("forged"), std::string::npos) << problem;
}

TEST_F(TestPkiTest, ServerCertificates) {
  std::string problem;
  auto expired = pki_->server_identity("expired", "localhost", problem);
  ASSERT_TRUE(expired) << problem;
  EXPECT_TRUE(issued_by_root(expired->leaf()));
  EXPECT_LT(expired->leaf().validity().not_after, now());
  EXPECT_TRUE(x509::verify_hostname(expired->leaf(), "localhost"));

  auto wrong_name = pki_->server_identity("wrong_name", "localhost", problem);
  ASSERT_TRUE(wrong_name) << problem;
  EXPECT_TRUE(issued_by_root(wrong_name->leaf()));
  EXPECT_TRUE(wrong_name->leaf().validity().contains(now()));
  EXPECT_FALSE(x509::verify_hostname(wrong_name->leaf(), "localhost"));

  auto unknown = pki_->server_identity("unknown_ca", "localhost", problem);
  ASSERT_TRUE(unknown) << problem;
  EXPECT_FALSE(issued_by_root(unknown->leaf()));
  EXPECT_EQ(unknown->chain().size(), 1u);

  // Issued by an intermediate of the root, which the chain leaves out.
  auto no_intermediate = pki_->server_identity("no_intermediate", "localhost", problem);
  ASSERT_TRUE(no_intermediate) << problem;
  EXPECT_FALSE(issued_by_root(no_intermediate->leaf()));
  EXPECT_EQ(no_intermediate->chain().size(), 1u);
  EXPECT_TRUE(x509::verify_hostname(no_intermediate->leaf(), "localhost"));
}

TEST_F(TestPkiTest, ALeafIsNotACa) {
  std::string problem;
  auto leaf = pki_->client_identity("valid", problem);
  ASSERT_TRUE(leaf) << problem;
  const auto der = leaf->leaf().der();
  EXPECT_FALSE(
      TestPki::load(x509::Bytes(der.begin(), der.end()), leaf->key().to_pkcs8_der(), problem));
  EXPECT_NE(problem.find("--test-ca"), std::string::npos) << problem;
}

}  // namespace
}  // namespace glasstls::conformance
