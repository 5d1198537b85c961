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
                       const std::string& ku = "digitalSignature",
                       const std::string& san = "DNS:www.example.test") {
  return "basicConstraints=critical," + basic + "\nkeyUsage=critical," + ku +
         "\nextendedKeyUsage=" + eku +
         "\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=" + san +
         "\n";
}

// A server certificate for www.example.test (and more SAN values) with this subject.
test::CertSpec named_leaf(const char* name, const char* subject,
                          const char* san = "DNS:www.example.test") {
  return {name, subject, "root", server_ext("serverAuth", "CA:FALSE", "digitalSignature", san)};
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
        // BR §7.1.4.3: the Common Name, if any, is one of the SAN values.
        named_leaf("cn_unlisted", "/CN=shop.example.test"),
        named_leaf("cn_ip_unlisted", "/CN=192.0.2.9", "DNS:www.example.test,IP:192.0.2.1"),
        named_leaf("cn_twice", "/CN=www.example.test/CN=www.example.test"),
        named_leaf("cn_second_san", "/O=Example/CN=shop.example.test",
                   "DNS:www.example.test,DNS:shop.example.test"),
        named_leaf("cn_ip", "/CN=192.0.2.1", "DNS:www.example.test,IP:192.0.2.1"),
        named_leaf("cn_wildcard", "/CN=*.example.test", "DNS:*.example.test"),
        named_leaf("no_cn", "/O=Example"),
        {"client_alice", "/CN=alice", "root",
         server_ext("clientAuth", "CA:FALSE", "digitalSignature", "email:alice@example.test")},
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
  // A Common Name that is one of the SAN values (the first, another, an IP
  // address, a wildcard) or no Common Name at all: BR §7.1.4.3 is satisfied.
  for (const char* leaf : {"good", "cn_second_san", "cn_ip", "cn_wildcard", "no_cn"})
    for (const auto profile : {ValidationProfile::webpki, ValidationProfile::rfc5280}) {
      const auto r = verify(leaf, "root", profile);
      EXPECT_TRUE(r.valid) << leaf << " (" << profile_name(profile)
                           << "): " << (r.rejection ? r.rejection->explain() : "");
    }
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
      {"cn_unlisted", "root", "CA/B Forum BR §7.1.4.3"},
      {"cn_ip_unlisted", "root", "CA/B Forum BR §7.1.4.3"},
      {"cn_twice", "root", "CA/B Forum BR §7.1.4.3"},
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

TEST_F(ProfileTest, CommonNameOutsideTheSanNamesTheWayOut) {
  // A private PKI's server certificate often has a CN that is not among its
  // SAN values ("CN=My Server"): the rejection says how to validate it anyway.
  const auto web = verify("cn_unlisted", "root", ValidationProfile::webpki);
  ASSERT_FALSE(web.valid);
  const std::string rule(web.rejection->error.rule);
  EXPECT_NE(rule.find("not one of the subjectAltName values"), std::string::npos) << rule;
  EXPECT_NE(rule.find("a private PKI can use --profile rfc5280"), std::string::npos) << rule;
  EXPECT_NE(std::string(web.rejection->advice).find("--profile rfc5280"), std::string::npos);
  // Checked last: a certificate for another name, or one no trusted CA
  // signed, is refused for that, not for how its Common Name was written.
  options.hostname = "shop.example.test";
  const auto other_name = verify("cn_unlisted", "root", ValidationProfile::webpki);
  ASSERT_FALSE(other_name.valid);
  EXPECT_NE(std::string(other_name.rejection->error.rule).find("RFC 9525"), std::string::npos)
      << other_name.rejection->error.rule;
  options.hostname = "www.example.test";
  const auto untrusted = verify("cn_unlisted", "eku_root", ValidationProfile::webpki);
  ASSERT_FALSE(untrusted.valid);
  EXPECT_EQ(std::string(untrusted.rejection->error.rule).find("BR §7.1.4.3"), std::string::npos)
      << untrusted.rejection->error.rule;
  // Several Common Names: "exactly one entry".
  const auto twice = verify("cn_twice", "root", ValidationProfile::webpki);
  ASSERT_FALSE(twice.valid);
  EXPECT_NE(std::string(twice.rejection->error.rule).find("more than one Common Name"),
            std::string::npos);
}

TEST_F(ProfileTest, SubscriberRulesApplyToServerCertificates) {
  // The BR's subscriber rules (§7.1.2.7.x, §7.1.4.3) are about TLS server
  // certificates; a client certificate checked by a mutual-TLS server is not
  // held to them.
  options.purpose = Purpose::client;
  options.hostname.reset();
  EXPECT_TRUE(verify("any_eku", "root", ValidationProfile::webpki).valid);
  // A person's name as the Common Name of a client certificate is fine.
  options.email = "alice@example.test";
  EXPECT_TRUE(verify("client_alice", "root", ValidationProfile::webpki).valid);
}

TEST_F(ProfileTest, OpensslVerifyAcceptsWhatOnlyTheBaselineRequirementsForbid) {
  // openssl verify applies RFC 5280 (even with -x509_strict): it agrees with
  // the rfc5280 profile, and browsers (the webpki profile) are stricter.
  // (BR §7.1.4.3 is a rule for the issuing CA: openssl, and browsers when they
  // validate, ignore a Common Name that is not one of the SAN values; the
  // webpki profile applies the BR as written.)
  for (const char* leaf : {"any_eku", "critical_eku", "rsa2052", "serial_zero", "cn_unlisted",
                           "cn_ip_unlisted", "cn_twice"})
    EXPECT_TRUE(profile_pki().openssl_verify({"root"}, {}, leaf, "-purpose sslserver")) << leaf;
  EXPECT_TRUE(
      profile_pki().openssl_verify({"eku_root"}, {}, "under_eku_root", "-purpose sslserver"));
}

}  // namespace
}  // namespace glasstls::x509
