// Issue 16, items 2 and 3: rules on names and depth, each in both
// validation profiles, on certificates made by the openssl CLI, with
// `openssl verify` run on the same files where it decides differently.
//   - both profiles: a dNSName with an underscore is outside the RFC 1034
//     preferred name syntax (RFC 5280 §4.2.1.6) and matches no host name;
//   - both profiles: max_depth does not count self-issued intermediates
//     (RFC 5280 §6.1.4 (l));
//   - webpki: a wildcard right under a public suffix is refused (CA/B Forum
//     BR §3.2.2.6), with the Public Suffix List the caller parsed.
#include <ctime>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "pki.hpp"
#include "x509/identity.hpp"
#include "x509/path.hpp"

namespace glasstls::x509 {
namespace {

constexpr const char* kDebianPsl = "/usr/share/publicsuffix/public_suffix_list.dat";

std::string leaf_ext(const std::string& san) {
  return std::string(test::kLeafExt).append("subjectAltName=").append(san).append("\n");
}

const test::Pki& names_pki() {
  static const test::Pki* pki = [] {
    auto* p = new test::Pki;
    const test::CertSpec specs[] = {
        {"root", "/CN=Names Root", "", test::kRootExt},
        {"underscore", "/O=Underscore", "root", leaf_ext("DNS:my_host.example.test")},
        {"hyphen", "/O=Hyphen", "root", leaf_ext("DNS:my-host.example.test")},
        {"wild_underscore", "/O=Wild", "root", leaf_ext("DNS:*.my_zone.example.test")},
        // Key rollover: "CN=Names Int" certifies its own new key (self-issued).
        {"int_old", "/CN=Names Int", "root", test::kCaExt},
        {"int_new", "/CN=Names Int", "int_old", test::kCaExt},
        {"leaf_rolled", "/O=Rolled", "int_new", leaf_ext("DNS:www.example.test")},
        // pathLenConstraint 0 above a self-issued CA: allowed (RFC 5280 §4.2.1.9).
        {"int_pl0", "/CN=Names Int PL", "root",
         "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n"
         "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n"},
        {"int_pl0_new", "/CN=Names Int PL", "int_pl0", test::kCaExt},
        {"leaf_pl0", "/O=PathLen", "int_pl0_new", leaf_ext("DNS:www.example.test")},
        // The same length of chain with two distinct CAs.
        {"int_a", "/CN=Names Int A", "root", test::kCaExt},
        {"int_b", "/CN=Names Int B", "int_a", test::kCaExt},
        {"leaf_two", "/O=Two", "int_b", leaf_ext("DNS:www.example.test")},
        // Wildcards at and below public suffixes.
        {"wild_couk", "/O=Wild", "root", leaf_ext("DNS:*.co.uk")},
        {"wild_s3", "/O=Wild", "root", leaf_ext("DNS:*.s3.amazonaws.com")},
        {"wild_com", "/O=Wild", "root", leaf_ext("DNS:*.com")},
        {"wild_kawasaki", "/O=Wild", "root", leaf_ext("DNS:*.shop.kawasaki.jp")},  // *.kawasaki.jp
        {"wild_city", "/O=Wild", "root", leaf_ext("DNS:*.city.kawasaki.jp")},  // !city.kawasaki.jp
        {"wild_ok", "/O=Wild", "root", leaf_ext("DNS:*.example.co.uk")},
        {"wild_bucket", "/O=Wild", "root", leaf_ext("DNS:*.bucket.s3.amazonaws.com")},
        {"wild_idn", "/O=Wild", "root", leaf_ext("DNS:*.xn--55qx5d.cn")},  // *.公司.cn
    };
    for (const auto& s : specs) p->make(s);
    return p;
  }();
  return *pki;
}

// The Debian package's list, read here: the library reads no file.
const PublicSuffixList* debian_psl() {
  static const PublicSuffixList* list = []() -> const PublicSuffixList* {
    std::ifstream in(kDebianPsl, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    return new PublicSuffixList(PublicSuffixList::parse(text.str()));
  }();
  return list;
}

class NamesDepthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!names_pki().ok()) FAIL() << "openssl could not make the test certificates";
    options.time = static_cast<UnixTime>(std::time(nullptr));
    options.purpose = Purpose::server;
  }

  test::PathOutcome verify(const std::string& leaf, const std::vector<std::string>& inters,
                           ValidationProfile profile) {
    TrustStore store;
    store.add(names_pki().cert("root"));
    options.profile = profile;
    const auto pool = names_pki().certs(inters);
    return test::verify_logged(names_pki().cert(leaf), pool, store, options);
  }

  static std::string rule(const test::PathOutcome& o) {
    return o.rejection ? std::string(o.rejection->error.rule) : std::string("(valid)");
  }

  VerifyOptions options;
};

constexpr ValidationProfile kBoth[] = {ValidationProfile::rfc5280, ValidationProfile::webpki};

// --- Underscores: RFC 5280 §4.2.1.6, both profiles ---

TEST_F(NamesDepthTest, AnUnderscoreDnsNameMatchesNoHostNameInEitherProfile) {
  for (const auto profile : kBoth) {
    options.hostname = "my_host.example.test";
    const auto r = verify("underscore", {}, profile);
    ASSERT_FALSE(r.valid) << profile_name(profile);
    EXPECT_TRUE(rule(r).starts_with("RFC 5280 §4.2.1.6: ")) << rule(r);
    EXPECT_NE(rule(r).find("underscore"), std::string::npos) << rule(r);
    EXPECT_EQ(r.rejection->error.alert, AlertDescription::bad_certificate);
    // The same certificate with a hyphen instead is fine.
    options.hostname = "my-host.example.test";
    EXPECT_TRUE(verify("hyphen", {}, profile).valid) << profile_name(profile);
    // Nor does a wildcard over an underscore label match.
    options.hostname = "a.my_zone.example.test";
    EXPECT_FALSE(verify("wild_underscore", {}, profile).valid) << profile_name(profile);
    // Without a host name to match, the certificate itself is not refused:
    // the rule is about matching (RFC 9525), not the certificate's form.
    options.hostname.reset();
    EXPECT_TRUE(verify("underscore", {}, profile).valid) << profile_name(profile);
  }
}

TEST_F(NamesDepthTest, TheMatcherItself) {
  EXPECT_FALSE(dns_name_matches("my_host.example.test", "my_host.example.test"));
  EXPECT_FALSE(dns_name_matches("*.my_zone.example.test", "a.my_zone.example.test"));
  EXPECT_TRUE(dns_name_matches("my-host.example.test", "MY-HOST.example.test."));
  // A reference name may hold '_' (DNS allows it); it just finds no match.
  EXPECT_TRUE(is_valid_reference_hostname("_sip._tcp.example.test"));
}

TEST_F(NamesDepthTest, OpensslVerifyMatchesAnUnderscoreName) {
  // OpenSSL's X509_check_host compares the characters of a dNSName without
  // checking its syntax, so `openssl verify -verify_hostname` accepts what
  // both our profiles refuse (and what the BR forbid CAs to issue since 2019).
  EXPECT_TRUE(names_pki().openssl_verify(
      {"root"}, {}, "underscore", "-purpose sslserver -verify_hostname my_host.example.test"));
  EXPECT_FALSE(names_pki().openssl_verify(
      {"root"}, {}, "underscore", "-purpose sslserver -verify_hostname other.example.test"));
}

// --- Depth: RFC 5280 §6.1.4 (l), both profiles ---

TEST_F(NamesDepthTest, MaxDepthDoesNotCountSelfIssuedIntermediates) {
  for (const auto profile : kBoth) {
    // leaf_rolled <- int_new (self-issued, key rollover) <- int_old <- root:
    // two intermediates, one of which counts.
    options.max_depth = 1;
    auto r = verify("leaf_rolled", {"int_old", "int_new"}, profile);
    ASSERT_TRUE(r.valid) << profile_name(profile) << ": " << rule(r);
    EXPECT_EQ(r.chain.size(), 4u);
    options.max_depth = 0;
    r = verify("leaf_rolled", {"int_old", "int_new"}, profile);
    ASSERT_FALSE(r.valid);
    EXPECT_TRUE(rule(r).starts_with("RFC 5280 §6.1.4 (l): ")) << rule(r);
    // Two distinct CAs both count: max_depth 1 refuses that chain.
    options.max_depth = 1;
    r = verify("leaf_two", {"int_a", "int_b"}, profile);
    ASSERT_FALSE(r.valid);
    EXPECT_NE(rule(r).find("maximum number of intermediate"), std::string::npos) << rule(r);
    options.max_depth = 2;
    EXPECT_TRUE(verify("leaf_two", {"int_a", "int_b"}, profile).valid) << profile_name(profile);
  }
}

TEST_F(NamesDepthTest, PathLenZeroAllowsASelfIssuedCaBelow) {
  // RFC 5280 §4.2.1.9: pathLenConstraint counts "non-self-issued
  // intermediate certificates"; openssl agrees here.
  for (const auto profile : kBoth) {
    const auto r = verify("leaf_pl0", {"int_pl0", "int_pl0_new"}, profile);
    EXPECT_TRUE(r.valid) << profile_name(profile) << ": " << rule(r);
  }
  EXPECT_TRUE(names_pki().openssl_verify({"root"}, {"int_pl0", "int_pl0_new"}, "leaf_pl0",
                                         "-purpose sslserver"));
}

TEST_F(NamesDepthTest, OpensslVerifyDepthCountsEveryIntermediate) {
  // OpenSSL's -verify_depth limits the number of intermediate certificates,
  // self-issued or not, so it refuses the rolled-over chain at depth 1 where
  // RFC 5280 §6.1.4 (l) (and we) count one intermediate. Its pathLenConstraint
  // check does skip self-issued certificates, as RFC 5280 §4.2.1.9 says.
  EXPECT_FALSE(names_pki().openssl_verify({"root"}, {"int_old", "int_new"}, "leaf_rolled",
                                          "-purpose sslserver -verify_depth 1"));
  EXPECT_TRUE(names_pki().openssl_verify({"root"}, {"int_old", "int_new"}, "leaf_rolled",
                                         "-purpose sslserver -verify_depth 2"));
}

// --- Wildcards under a public suffix: CA/B Forum BR §3.2.2.6, webpki ---

TEST_F(NamesDepthTest, TheDebianPublicSuffixListIsInstalled) {
  // scripts/install-deps.sh tests installs the package publicsuffix.
  ASSERT_NE(debian_psl(), nullptr) << kDebianPsl << " is missing: apt-get install publicsuffix";
  EXPECT_GT(debian_psl()->rules(), 5000u);
  EXPECT_TRUE(debian_psl()->is_public_suffix("co.uk"));
  EXPECT_TRUE(debian_psl()->is_public_suffix("S3.AmazonAWS.com."));
  EXPECT_FALSE(debian_psl()->is_public_suffix("example.co.uk"));
}

TEST_F(NamesDepthTest, AWildcardUnderAPublicSuffixIsRefusedByWebPkiOnly) {
  ASSERT_NE(debian_psl(), nullptr) << kDebianPsl << " is missing: apt-get install publicsuffix";
  options.public_suffixes = debian_psl();
  struct Case {
    const char* leaf;
    const char* host;
  };
  for (const Case c : {Case{"wild_couk", "shop.co.uk"}, Case{"wild_s3", "bucket.s3.amazonaws.com"},
                       Case{"wild_kawasaki", "x.shop.kawasaki.jp"}}) {
    options.hostname = c.host;
    const auto web = verify(c.leaf, {}, ValidationProfile::webpki);
    ASSERT_FALSE(web.valid) << c.leaf;
    EXPECT_EQ(
        rule(web),
        "CA/B Forum BR §3.2.2.6: a wildcard subjectAltName sits directly under a public suffix "
        "(Public Suffix List)")
        << c.leaf;
    // RFC 5280 has no such rule: the wildcard matches one label as usual.
    const auto rfc = verify(c.leaf, {}, ValidationProfile::rfc5280);
    EXPECT_TRUE(rfc.valid) << c.leaf << ": " << rule(rfc);
  }
  // One label lower, or under an exception rule, both accept.
  for (const Case c :
       {Case{"wild_ok", "shop.example.co.uk"}, Case{"wild_bucket", "x.bucket.s3.amazonaws.com"},
        Case{"wild_city", "www.city.kawasaki.jp"}}) {
    options.hostname = c.host;
    for (const auto profile : kBoth) {
      const auto r = verify(c.leaf, {}, profile);
      EXPECT_TRUE(r.valid) << c.leaf << " " << profile_name(profile) << ": " << rule(r);
    }
  }
}

TEST_F(NamesDepthTest, WithoutTheListOnlyATopLevelWildcardIsRefused) {
  // No list: the implicit rule "*" (one label) is all webpki knows.
  options.hostname = "shop.co.uk";
  EXPECT_TRUE(verify("wild_couk", {}, ValidationProfile::webpki).valid);
  options.hostname.reset();
  auto r = verify("wild_com", {}, ValidationProfile::webpki);
  ASSERT_FALSE(r.valid);
  EXPECT_TRUE(rule(r).starts_with("CA/B Forum BR §3.2.2.6: ")) << rule(r);
  // rfc5280 accepts the certificate, but "*.com" still matches no host name
  // (RFC 9525 §6.3 matching, both profiles).
  EXPECT_TRUE(verify("wild_com", {}, ValidationProfile::rfc5280).valid);
  options.hostname = "shop.com";
  r = verify("wild_com", {}, ValidationProfile::rfc5280);
  ASSERT_FALSE(r.valid);
  EXPECT_TRUE(rule(r).starts_with("RFC 9525 §6.3: ")) << rule(r);
}

TEST_F(NamesDepthTest, OnlyServerCertificatesAreHeldToTheWildcardRule) {
  // The BR subscriber rules, this one included, are checked on server
  // certificates (Purpose::server); for any other purpose webpki does not
  // refuse the wildcard.
  options.public_suffixes = debian_psl();
  options.purpose = Purpose::any;
  EXPECT_TRUE(verify("wild_couk", {}, ValidationProfile::webpki).valid);
}

TEST_F(NamesDepthTest, OpensslVerifyAcceptsAWildcardUnderAPublicSuffix) {
  // OpenSSL knows no Public Suffix List: it refuses a wildcard over a single
  // label ("*.com") but matches "*.co.uk" like any other wildcard; browsers
  // (our webpki profile) refuse it.
  EXPECT_TRUE(names_pki().openssl_verify({"root"}, {}, "wild_couk",
                                         "-purpose sslserver -verify_hostname shop.co.uk"));
  EXPECT_FALSE(names_pki().openssl_verify({"root"}, {}, "wild_com",
                                          "-purpose sslserver -verify_hostname shop.com"));
}

// --- The list's algorithm, on a small list ---

TEST(PublicSuffixListParse, RulesWildcardsExceptionsAndTheImplicitRule) {
  const auto list = PublicSuffixList::parse(
      "// ===BEGIN ICANN DOMAINS===\n"
      "uk\nco.uk\n*.ck\n!www.ck\nCOM  trailing words are ignored\r\n"
      "// a comment\n\n"
      "\xe5\x85\xac\xe5\x8f\xb8.cn\n"  // 公司.cn: kept as xn--55qx5d.cn
      "\xff\xfe.example\n"             // not UTF-8: skipped
      "s3.amazonaws.com");
  EXPECT_EQ(list.rules(), 7u);
  EXPECT_EQ(list.skipped(), 1u);
  EXPECT_TRUE(list.is_public_suffix("xn--55qx5d.cn"));
  EXPECT_FALSE(list.is_public_suffix("example.xn--55qx5d.cn"));
  EXPECT_TRUE(list.is_public_suffix("co.uk"));
  EXPECT_TRUE(list.is_public_suffix("CO.UK."));
  EXPECT_FALSE(list.is_public_suffix("example.co.uk"));
  EXPECT_TRUE(list.is_public_suffix("anything.ck"));  // *.ck
  EXPECT_FALSE(list.is_public_suffix("www.ck"));      // !www.ck
  EXPECT_FALSE(list.is_public_suffix("a.b.ck"));
  EXPECT_TRUE(list.is_public_suffix("com"));
  EXPECT_TRUE(list.is_public_suffix("example"));  // implicit "*": any single label
  EXPECT_TRUE(list.is_public_suffix("s3.amazonaws.com"));
  EXPECT_FALSE(list.is_public_suffix("amazonaws.com"));
  EXPECT_FALSE(list.is_public_suffix(""));
}

TEST(PublicSuffixListParse, UnicodeRulesBecomeALabels) {
  // RFC 3492 Punycode; the expected values are Python's "idna" codec's.
  struct Case {
    const char* utf8;
    const char* ascii;
  };
  const Case cases[] = {
      {"\xe5\x85\xac\xe5\x8f\xb8.cn", "xn--55qx5d.cn"},                     // 公司.cn
      {"\xe4\xb8\xaa\xe4\xba\xba.hk", "xn--ciqpn.hk"},                      // 个人.hk
      {"\xd0\xba\xd0\xbe\xd0\xbc.\xd1\x80\xd1\x84", "xn--j1aef.xn--p1ai"},  // ком.рф
      {"\xe3\x81\xbf\xe3\x82\x93\xe3\x81\xaa", "xn--q9jyb4c"},              // みんな
      {"b\xc3\xbcro.example", "xn--bro-hoa.example"},  // büro: basic code points kept
      {"plain.example", "plain.example"},
  };
  for (const auto& c : cases) {
    std::string out;
    ASSERT_TRUE(idn_to_ascii(c.utf8, out)) << c.ascii;
    EXPECT_EQ(out, c.ascii);
  }
  std::string out;
  EXPECT_FALSE(idn_to_ascii("\xc0\xaf.example", out));  // an overlong '/'
  EXPECT_FALSE(idn_to_ascii("\xe5\x85.cn", out));       // cut short
}

TEST_F(NamesDepthTest, TheDebianListsUnicodeSuffixesAreFound) {
  ASSERT_NE(debian_psl(), nullptr) << kDebianPsl << " is missing: apt-get install publicsuffix";
  EXPECT_EQ(debian_psl()->skipped(), 0u);
  EXPECT_TRUE(debian_psl()->is_public_suffix("xn--55qx5d.cn"));  // 公司.cn
  EXPECT_TRUE(debian_psl()->is_public_suffix("xn--ciqpn.hk"));   // 个人.hk
  EXPECT_FALSE(debian_psl()->is_public_suffix("example.xn--55qx5d.cn"));
  options.public_suffixes = debian_psl();
  options.hostname = "shop.xn--55qx5d.cn";
  const auto web = verify("wild_idn", {}, ValidationProfile::webpki);
  ASSERT_FALSE(web.valid);
  EXPECT_TRUE(rule(web).starts_with("CA/B Forum BR §3.2.2.6: ")) << rule(web);
  EXPECT_TRUE(verify("wild_idn", {}, ValidationProfile::rfc5280).valid);
}

}  // namespace
}  // namespace glasstls::x509
