// Path building and validation (x509/path.hpp) on certificate trees made by
// the openssl CLI (pki.cpp lists them).
#include <ctime>
#include <type_traits>

#include <gtest/gtest.h>

#include "pki.hpp"
#include "trace/text_renderer.hpp"
#include "x509/path.hpp"

namespace glasstls::x509 {
namespace {

using test::path_pki;

class PathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!path_pki().ok())
      FAIL()
          << "openssl could not make the test certificates (the openssl CLI is a test dependency)";
    options.time = static_cast<UnixTime>(std::time(nullptr));
    options.hostname = "www.example.test";
  }

  test::PathOutcome verify(const std::string& leaf, const std::vector<std::string>& intermediates,
                           const std::vector<std::string>& roots = {"root"}) {
    TrustStore store;
    for (const auto& r : roots) store.add(path_pki().cert(r));
    const auto inter = path_pki().certs(intermediates);
    return test::verify_logged(path_pki().cert(leaf), inter, store, options);
  }

  static std::string rule(const test::PathOutcome& r) {
    return r.rejection ? std::string(r.rejection->error.rule) : std::string("(accepted)");
  }

  VerifyOptions options;
};

TEST_F(PathTest, ValidChainIsLeafIntermediateRoot) {
  const auto r = verify("leaf", {"int"});
  ASSERT_TRUE(r.valid) << rule(r);
  ASSERT_EQ(r.chain.size(), 3u);
  EXPECT_EQ(r.chain[0].subject_string(), "CN=www.example.test");
  EXPECT_EQ(r.chain[1].subject_string(), "CN=Test Intermediate");
  EXPECT_EQ(r.chain[2].subject_string(), "CN=Test Root");
  EXPECT_FALSE(r.log.empty());
}

// VerifiedChain is a proof token: only verify_path() makes one.
static_assert(!std::is_default_constructible_v<VerifiedChain>);
static_assert(!std::is_constructible_v<VerifiedChain, std::vector<Certificate>>);

TEST_F(PathTest, TypedEventsTellTheStory) {
  const auto r = verify("leaf", {"int"});
  ASSERT_TRUE(r.valid) << rule(r);
  ASSERT_GE(r.log.size(), 6u);
  const auto& first = r.log.front();
  EXPECT_EQ(first.step, trace::PathStep::leaf);
  EXPECT_EQ(first.depth, 0u);
  EXPECT_EQ(first.subject, "CN=www.example.test");
  EXPECT_EQ(trace::describe_path_step(first),
            "leaf CN=www.example.test: validity, extensions, purpose and identity pass");
  EXPECT_EQ(r.log.back().step, trace::PathStep::anchor);
  EXPECT_EQ(r.log.back().depth, 2u);
  EXPECT_EQ(r.log.back().subject, "CN=Test Root");
  std::size_t signatures = 0, anchors_tried = 0;
  for (const auto& e : r.log) {
    EXPECT_TRUE(e.ok) << trace::describe_path_step(e);
    EXPECT_FALSE(e.rule.empty()) << trace::path_step_name(e.step);
    if (e.step == trace::PathStep::signature) ++signatures;
    if (e.step == trace::PathStep::issuer_candidate && e.trust_anchor) {
      ++anchors_tried;
      EXPECT_EQ(e.subject, "CN=Test Root");
    }
  }
  EXPECT_EQ(signatures, 2u);  // the leaf's and the intermediate's
  EXPECT_EQ(anchors_tried, 1u);
}

TEST_F(PathTest, AFailedCheckIsATypedEventWithItsRule) {
  options.hostname = "other.example.test";
  const auto r = verify("leaf", {"int"});
  ASSERT_FALSE(r.valid);
  ASSERT_EQ(r.log.size(), 1u);  // the leaf fails before any issuer is looked for
  const auto& e = r.log.front();
  EXPECT_EQ(e.step, trace::PathStep::identity);
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.rule, r.rejection->error.rule);
  EXPECT_EQ(trace::describe_path_step(e), std::string(e.rule));
  options.hostname = "www.example.test";
  options.time += 3 * 86400;  // leaf_short lives one day
  const auto expired = verify("leaf_short", {"int"});
  ASSERT_FALSE(expired.valid);
  EXPECT_EQ(expired.log.back().step, trace::PathStep::validity);
  EXPECT_EQ(expired.rejection->error.alert, AlertDescription::certificate_expired);
}

TEST_F(PathTest, MissingIntermediateIsUnknownCa) {
  const auto r = verify("leaf", {});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::unknown_ca);
  EXPECT_EQ(r.rejection->index, 0u);
  EXPECT_NE(r.rejection->advice.find("intermediate"), std::string::npos);
}

TEST_F(PathTest, UnrelatedRootIsUnknownCa) {
  const auto r = verify("leaf", {"int"}, {"oldroot"});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::unknown_ca);
  EXPECT_EQ(r.rejection->index, 1u);  // the intermediate's issuer is missing
}

TEST_F(PathTest, ExpiredAndNotYetValid) {
  options.time += 3 * 86400;  // leaf_short lives one day
  auto r = verify("leaf_short", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::certificate_expired);
  EXPECT_NE(rule(r).find("expired"), std::string::npos);
  options.time -= 6 * 86400;  // before every notBefore
  r = verify("leaf", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("not yet valid"), std::string::npos);
}

TEST_F(PathTest, ValidityBoundsAreInclusive) {
  const auto leaf = path_pki().cert("leaf_short");
  options.time = leaf.validity().not_after;
  EXPECT_TRUE(verify("leaf_short", {"int"}).valid);
  options.time = leaf.validity().not_after + 1;
  EXPECT_FALSE(verify("leaf_short", {"int"}).valid);
}

TEST_F(PathTest, ExtendedKeyUsageMustAllowThePurpose) {
  options.hostname.reset();
  options.purpose = Purpose::server;
  auto r = verify("leaf_client", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("serverAuth"), std::string::npos);
  options.purpose = Purpose::client;
  options.email = "alice@example.test";
  EXPECT_TRUE(verify("leaf_client", {"int"}).valid);
  options.email = "bob@example.test";
  EXPECT_FALSE(verify("leaf_client", {"int"}).valid);
  options.email.reset();
  options.purpose = Purpose::any;
  EXPECT_TRUE(verify("leaf_client", {"int"}).valid);
}

TEST_F(PathTest, HostNameAndIpComeFromTheSanOnly) {
  options.hostname = "WWW.Example.Test.";
  EXPECT_TRUE(verify("leaf", {"int"}).valid);
  options.hostname = "example.test";
  EXPECT_FALSE(verify("leaf", {"int"}).valid);
  options.hostname.reset();
  options.ip = Bytes{192, 0, 2, 7};
  EXPECT_TRUE(verify("leaf", {"int"}).valid);
  options.ip = Bytes{192, 0, 2, 8};
  EXPECT_FALSE(verify("leaf", {"int"}).valid);
  // The Common Name is never a fallback (RFC 9525 §6.3).
  options.ip.reset();
  options.hostname = "www.example.test";
  const auto r = verify("leaf_cn_only", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("RFC 9525"), std::string::npos) << rule(r);
  // Without a name to match, webpki still refuses it: its CN copies no SAN
  // value (CA/B Forum BR §7.1.4.3); rfc5280 accepts it.
  options.hostname.reset();
  const auto web = verify("leaf_cn_only", {"int"});
  ASSERT_FALSE(web.valid);
  EXPECT_NE(rule(web).find("BR §7.1.4.3"), std::string::npos) << rule(web);
  options.profile = ValidationProfile::rfc5280;
  EXPECT_TRUE(verify("leaf_cn_only", {"int"}).valid);
}

TEST_F(PathTest, WildcardCoversOneLabel) {
  options.hostname = "foo.example.test";
  EXPECT_TRUE(verify("leaf_wild", {"int"}).valid);
  options.hostname = "a.foo.example.test";
  EXPECT_FALSE(verify("leaf_wild", {"int"}).valid);
  options.hostname = "example.test";
  EXPECT_FALSE(verify("leaf_wild", {"int"}).valid);
}

TEST_F(PathTest, PathLenCountsIntermediatesBelow) {
  EXPECT_TRUE(verify("leaf_pl_ok", {"pl0"}).valid);
  const auto r = verify("leaf_pl", {"below", "pl0"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("pathLenConstraint"), std::string::npos);
  EXPECT_EQ(r.rejection->subject, "CN=PathLen Zero");
  // RFC 5280: a CA certificate may itself be the last certificate of a path;
  // the web PKI refuses it as a server certificate (profile_test.cpp).
  options.hostname.reset();
  options.profile = ValidationProfile::rfc5280;
  EXPECT_TRUE(verify("below", {"pl0"}).valid);
}

TEST_F(PathTest, NameConstraintsPermittedAndExcluded) {
  EXPECT_TRUE(verify("nc_ok", {"nc_ca"}).valid) << rule(verify("nc_ok", {"nc_ca"}));
  options.hostname.reset();
  for (const char* leaf :
       {"nc_dns_out", "nc_dns_excluded", "nc_ip_out", "nc_dir_out", "nc_wild_excluded"}) {
    const auto r = verify(leaf, {"nc_ca"});
    EXPECT_FALSE(r.valid) << leaf;
    EXPECT_NE(rule(r).find("§4.2.1.10"), std::string::npos) << leaf << ": " << rule(r);
  }
  options.purpose = Purpose::client;
  EXPECT_FALSE(verify("nc_email_out", {"nc_ca"}).valid);
}

TEST_F(PathTest, BacktracksPastADeadEndIssuer) {
  // Both "Cross Int" certificates carry the same name and key; the first one
  // tried leads to an untrusted root, the second to ours.
  auto r = verify("leaf_x", {"xint_dead", "xint_good"});
  ASSERT_TRUE(r.valid) << rule(r);
  EXPECT_EQ(r.chain.size(), 3u);
  bool backtracked = false;
  for (const auto& e : r.log) backtracked |= e.step == trace::PathStep::backtrack;
  EXPECT_TRUE(backtracked);
  // An expired alternative is passed over the same way.
  options.time += 3 * 86400;
  r = verify("leaf_x", {"xint_expired", "xint_good"});
  EXPECT_TRUE(r.valid) << rule(r);
  r = verify("leaf_x", {"xint_expired"});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::certificate_expired);
}

TEST_F(PathTest, WorkBudgetBoundsTheSearch) {
  options.work_budget = 2;
  const auto r = verify("leaf_x", {"xint_dead", "xint_good"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("budget"), std::string::npos);
}

TEST_F(PathTest, LoopsEndWithoutAPath) {
  const auto r = verify("leaf_loop", {"loop_a2", "loop_b", "loop_a"});
  ASSERT_FALSE(r.valid);
  bool loop_seen = false;
  for (const auto& e : r.log) loop_seen |= e.step == trace::PathStep::loop;
  EXPECT_TRUE(loop_seen);
}

TEST_F(PathTest, MaxDepthCountsIntermediates) {
  options.max_depth = 1;
  EXPECT_TRUE(verify("leaf", {"int"}).valid);
  options.max_depth = 0;
  const auto r = verify("leaf", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("maximum"), std::string::npos);
}

TEST_F(PathTest, UnknownCriticalExtensionAndSmallKeysAreRefused) {
  auto r = verify("leaf_crit", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::unsupported_certificate);
  r = verify("leaf_rsa1024", {"int"});
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.rejection->error.alert, AlertDescription::insufficient_security);
}

TEST_F(PathTest, ProfileRulesTheLimboSuiteChecks) {
  struct Case {
    const char* leaf;
    std::vector<std::string> intermediates;
    std::vector<std::string> roots;
    const char* rule_part;
  };
  const Case cases[] = {
      {"nc_noncrit_leaf", {"nc_noncrit_ca"}, {"root"}, "nameConstraints MUST be marked critical"},
      {"pc_leaf", {"pc_ca"}, {"root"}, "policyConstraints MUST be critical"},
      {"badku_leaf", {}, {"badku_root"}, "keyCertSign"},
      {"leaf_no_aki", {"int"}, {"root"}, "authorityKeyIdentifier"},
      {"leaf_is_ca", {"int"}, {"root"}, "cA is TRUE but keyUsage lacks keyCertSign"},
      {"leaf_crit_san", {"int"}, {"root"}, "§7.1.2.7.12"},
      {"aki_root_leaf", {}, {"aki_root"}, "§7.1.2.1.3"},
  };
  for (const auto& c : cases) {
    const auto r = verify(c.leaf, c.intermediates, c.roots);
    EXPECT_FALSE(r.valid) << c.leaf;
    EXPECT_NE(rule(r).find(c.rule_part), std::string::npos) << c.leaf << ": " << rule(r);
  }
  // A critical subjectAltName next to a subject is a server-profile rule only.
  options.purpose = Purpose::client;
  options.hostname.reset();
  EXPECT_TRUE(verify("leaf_crit_san", {"int"}).valid);
  // Both BR rules belong to the webpki profile: rfc5280 accepts them.
  options.purpose = Purpose::server;
  options.hostname = "www.example.test";
  options.profile = ValidationProfile::rfc5280;
  EXPECT_TRUE(verify("leaf_crit_san", {"int"}).valid) << rule(verify("leaf_crit_san", {"int"}));
  EXPECT_TRUE(verify("aki_root_leaf", {}, {"aki_root"}).valid)
      << rule(verify("aki_root_leaf", {}, {"aki_root"}));
}

// x509-limbo cve::cve-2024-0567: the trust anchor is a cross-signed CA
// certificate (issuer != subject) without an authorityKeyIdentifier. RFC 5280
// §6.1.1 (d) takes the anchor as trusted input, so the §4.2.1.1 AKI rule holds
// for the leaf and the intermediates only, not for the anchor.
TEST_F(PathTest, CrossSignedTrustAnchorNeedsNoAuthorityKeyId) {
  test::Pki pki;
  const std::string ca_ext =
      "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier="
      "hash\n";
  ASSERT_TRUE(pki.make({"xroot", "/CN=Cross Root", "", ca_ext}));
  ASSERT_TRUE(
      pki.make({"xanchor", "/CN=Cross Anchor", "xroot", ca_ext + "authorityKeyIdentifier=none\n"}));
  ASSERT_TRUE(
      pki.make({"xleaf", "/OU=x leaf", "xanchor",
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\n"
                "authorityKeyIdentifier=keyid:always\nsubjectAltName=DNS:www.example.test\n"}));
  const auto leaf = pki.cert("xleaf");
  options.time = static_cast<UnixTime>(std::time(nullptr));  // after openssl made the certificates
  ASSERT_FALSE(pki.cert("xanchor").extensions().authority_key_id.has_value());
  // Trusted directly: valid.
  TrustStore anchor_store;
  anchor_store.add(pki.cert("xanchor"));
  auto r = test::verify_logged(leaf, {}, anchor_store, options);
  EXPECT_TRUE(r.valid) << rule(r);
  // The same certificate as an intermediate below Cross Root: the AKI rule applies.
  TrustStore root_store;
  root_store.add(pki.cert("xroot"));
  const std::vector<Certificate> inter{pki.cert("xanchor")};
  r = test::verify_logged(leaf, inter, root_store, options);
  EXPECT_FALSE(r.valid);
  EXPECT_NE(rule(r).find("authorityKeyIdentifier"), std::string::npos) << rule(r);
}

// x509-limbo webpki::cn::*: CA/B Forum BR §7.1.4.3 wants a server
// certificate's Common Name to be an exact copy of a SAN entry, IPs in their
// canonical text. The webpki profile also refuses a CN the SAN does not list
// (BetterTLS, part of x509-limbo, expects such legacy certificates to pass, as
// browsers let them: the BR bind the CA, and browsers do not check this one).
TEST_F(PathTest, ServerCommonNameMustBeCanonicallyWritten) {
  test::Pki pki;
  const std::string ca_ext =
      "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier="
      "hash\n";
  ASSERT_TRUE(pki.make({"cnroot", "/CN=CN Root", "", ca_ext}));
  TrustStore store;
  store.add(pki.cert("cnroot"));
  struct Case {
    const char* cn;
    const char* san;
    bool valid;
  };
  const Case cases[] = {
      {"192.168.1.1", "IP:192.168.1.1", true},
      {"2001:db8::1", "IP:2001:db8::1", true},
      {"unlisted.example.test", "IP:192.168.1.1", false},  // not in the SAN
      {"192.168.001.001", "IP:192.168.1.1", false},
      {"0xC0A80101", "IP:192.168.1.1", false},
      {"2001:DB8::1", "IP:2001:db8::1", false},
      {"2001:db8:0:0:0:0:0:1", "IP:2001:db8::1", false},
      {"Example.TEST", "DNS:example.test", false},
  };
  int n = 0;
  for (const auto& c : cases) {
    const std::string name = "cnleaf" + std::to_string(n++);
    ASSERT_TRUE(pki.make(
        {name, std::string("/CN=") + c.cn, "cnroot",
         "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
         "extendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=" +
             std::string(c.san) + "\n"}));
    options.time = static_cast<UnixTime>(std::time(nullptr));  // after openssl made the certificate
    options.hostname.reset();
    options.purpose = Purpose::server;
    auto r = test::verify_logged(pki.cert(name), {}, store, options);
    EXPECT_EQ(r.valid, c.valid) << c.cn << ": " << rule(r);
    if (!c.valid) {
      EXPECT_NE(rule(r).find("§7.1.4.3"), std::string::npos) << rule(r);
    }
    // The rule belongs to the server profile only.
    options.purpose = Purpose::any;
    EXPECT_TRUE(test::verify_logged(pki.cert(name), {}, store, options).valid) << c.cn;
  }
}

TEST_F(PathTest, IpLiteralHostNameIsCheckedAsAnAddress) {
  options.hostname = "192.0.2.7";
  EXPECT_TRUE(verify("leaf", {"int"}).valid);
  options.hostname = "192.0.2.8";
  EXPECT_FALSE(verify("leaf", {"int"}).valid);
}

TEST_F(PathTest, RsaPssAndEd25519Chains) {
  auto r = verify("pss_leaf", {}, {"pss_root"});
  EXPECT_TRUE(r.valid) << rule(r);
  r = verify("ed_leaf", {}, {"ed_root"});
  EXPECT_TRUE(r.valid) << rule(r);
}

TEST_F(PathTest, RejectionExplainsItself) {
  options.hostname = "nope.example.test";
  const auto r = verify("leaf", {"int"});
  ASSERT_FALSE(r.valid);
  const std::string text = r.rejection->explain();
  EXPECT_NE(text.find("certificate #0 (CN=www.example.test)"), std::string::npos) << text;
  EXPECT_NE(text.find("RFC 9525"), std::string::npos) << text;
  EXPECT_FALSE(r.rejection->advice.empty());
}

TEST(TrustStoreTest, LoadsPemAndReportsBadEntries) {
  if (!path_pki().ok())
    FAIL() << "openssl could not make the test certificates (the openssl CLI is a test dependency)";
  const std::string good = path_pki().pem("root");
  const std::string bad = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
  TrustStore store;
  const auto problems = store.add_pem("roots.pem", good + bad + path_pki().pem("root"));
  EXPECT_EQ(store.size(), 1u);  // the duplicate is not added twice
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].index, 2u);
  EXPECT_GT(problems[0].line, 1u);
  EXPECT_NE(problems[0].describe().find("roots.pem, certificate #2"), std::string::npos);
  EXPECT_EQ(store.find_by_subject(path_pki().cert("int").issuer()).size(), 1u);
}

}  // namespace
}  // namespace glasstls::x509
