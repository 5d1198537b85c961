// The two validation profiles (x509/path.hpp ValidationProfile): each rule
// the webpki profile adds to RFC 5280, on a certificate made by the openssl
// CLI that breaks it and nothing else. webpki rejects it naming its CA/B Forum
// BR section; rfc5280 accepts it, and so does `openssl verify` (which applies
// RFC 5280, not the Baseline Requirements).
#include <ctime>

#include <gtest/gtest.h>

#include "pki.hpp"
#include "x509/path.hpp"

namespace glasstls::x509 {
namespace {

std::string server_ext(const std::string& eku = "serverAuth", const std::string& basic = "CA:FALSE",
                       const std::string& ku = "digitalSignature") {
  return "basicConstraints=critical," + basic + "\nkeyUsage=critical," + ku +
         "\nextendedKeyUsage=" + eku +
         "\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=DNS:www."
         "example.test\n";
}

// One root and one leaf per rule, made once for the test program.
const test::Pki& profile_pki() {
  static const test::Pki* pki = [] {
    auto* p = new test::Pki;
    const std::string root_eku = std::string(test::kRootExt) + "extendedKeyUsage=serverAuth\n";
    const test::CertSpec specs[] = {
        {"root", "/CN=Profile Root", "", test::kRootExt},
        {"good", "/CN=www.example.test", "root", server_ext()},
        {"any_eku", "/CN=www.example.test", "root", server_ext("serverAuth,anyExtendedKeyUsage")},
        {"critical_eku", "/CN=www.example.test", "root", server_ext("critical,serverAuth")},
        {"ca_leaf", "/CN=www.example.test", "root",
         server_ext("serverAuth", "CA:TRUE", "keyCertSign,digitalSignature")},
        {"rsa2052", "/CN=www.example.test", "root", server_ext(), "", "rsa2052"},
        {"serial_zero", "/CN=www.example.test", "root", server_ext(), "", "ec", 3650, "-sha256",
         "0"},
        {"serial_negative", "/CN=www.example.test", "root", server_ext(), "", "ec", 3650, "-sha256",
         "-7"},
        {"eku_root", "/CN=Profile Root With EKU", "", root_eku},
        {"under_eku_root", "/CN=www.example.test", "eku_root", server_ext()},
    };
    for (const auto& s : specs) p->make(s);
    return p;
  }();
  return *pki;
}

class ProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!profile_pki().ok()) FAIL() << "openssl could not make the test certificates";
    options.time = static_cast<UnixTime>(std::time(nullptr));
    options.hostname = "www.example.test";
    options.purpose = Purpose::server;
  }

  test::PathOutcome verify(const std::string& leaf, const std::string& root,
                           ValidationProfile profile) {
    TrustStore store;
    store.add(profile_pki().cert(root));
    options.profile = profile;
    return test::verify_logged(profile_pki().cert(leaf), {}, store, options);
  }

  VerifyOptions options;
};

TEST_F(ProfileTest, DefaultIsWebPki) {
  EXPECT_EQ(VerifyOptions{}.profile, ValidationProfile::webpki);
}

TEST_F(ProfileTest, AGoodServerCertificatePassesBoth) {
  EXPECT_TRUE(verify("good", "root", ValidationProfile::webpki).valid);
  EXPECT_TRUE(verify("good", "root", ValidationProfile::rfc5280).valid);
}

TEST_F(ProfileTest, EachBaselineRequirementRejectsInWebPkiOnly) {
  struct Case {
    const char* leaf;
    const char* root;
    const char* section;
  };
  const Case cases[] = {
      {"any_eku", "root", "CA/B Forum BR §7.1.2.7.10"},
      {"critical_eku", "root", "CA/B Forum BR §7.1.2.7.6"},
      {"ca_leaf", "root", "CA/B Forum BR §7.1.2.7.8"},
      {"rsa2052", "root", "CA/B Forum BR §6.1.5"},
      {"serial_zero", "root", "CA/B Forum BR §7.1.2.7"},
      {"serial_negative", "root", "CA/B Forum BR §7.1.2.7"},
      {"under_eku_root", "eku_root", "CA/B Forum BR §7.1.2.1.2"},
  };
  for (const auto& c : cases) {
    const auto web = verify(c.leaf, c.root, ValidationProfile::webpki);
    ASSERT_FALSE(web.valid) << c.leaf;
    EXPECT_TRUE(std::string(web.rejection->error.rule).starts_with(c.section))
        << c.leaf << ": " << web.rejection->error.rule;
    const auto rfc = verify(c.leaf, c.root, ValidationProfile::rfc5280);
    EXPECT_TRUE(rfc.valid) << c.leaf << ": " << (rfc.rejection ? rfc.rejection->explain() : "");
  }
}

TEST_F(ProfileTest, SubscriberRulesApplyToServerCertificates) {
  // The BR's subscriber rules (§7.1.2.7.x) are about TLS server certificates;
  // a client certificate checked by a mutual-TLS server is not held to them.
  options.purpose = Purpose::client;
  options.hostname.reset();
  EXPECT_TRUE(verify("any_eku", "root", ValidationProfile::webpki).valid);
}

TEST_F(ProfileTest, OpensslVerifyAcceptsWhatOnlyTheBaselineRequirementsForbid) {
  // openssl verify applies RFC 5280 (even with -x509_strict): it agrees with
  // the rfc5280 profile, and browsers (the webpki profile) are stricter.
  for (const char* leaf : {"any_eku", "critical_eku", "rsa2052", "serial_zero"})
    EXPECT_TRUE(profile_pki().openssl_verify({"root"}, {}, leaf, "-purpose sslserver")) << leaf;
  EXPECT_TRUE(
      profile_pki().openssl_verify({"eku_root"}, {}, "under_eku_root", "-purpose sslserver"));
}

}  // namespace
}  // namespace glasstls::x509
