// Host name, IP and e-mail matching (x509/identity.hpp) on hand-written values.
#include <gtest/gtest.h>

#include "x509/identity.hpp"

namespace glasstls::x509 {
namespace {

TEST(IdentityTest, ExactNamesMatchCaseInsensitively) {
  EXPECT_TRUE(dns_name_matches("example.com", "example.com"));
  EXPECT_TRUE(dns_name_matches("Example.COM", "example.com"));
  EXPECT_TRUE(dns_name_matches("www.example.com", "WWW.example.com"));
  EXPECT_FALSE(dns_name_matches("example.com", "example2.com"));
  EXPECT_FALSE(dns_name_matches("abc.example.com", "def.example.com"));
  EXPECT_FALSE(dns_name_matches("example.com", "abc.example.com"));
  EXPECT_FALSE(dns_name_matches("abc.example.com", "example.com"));
}

TEST(IdentityTest, TrailingDotIsTheSameName) {
  EXPECT_TRUE(dns_name_matches("example.com", "example.com."));
  EXPECT_TRUE(dns_name_matches("example.com.", "example.com"));
  EXPECT_FALSE(dns_name_matches("example.com", "example.com.."));
}

TEST(IdentityTest, WildcardIsOneWholeLeftMostLabel) {
  EXPECT_TRUE(dns_name_matches("*.example.com", "foo.example.com"));
  EXPECT_TRUE(dns_name_matches("*.Example.com", "FOO.example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", "foo.bar.example.com"));
  EXPECT_FALSE(dns_name_matches("ba*.example.com", "baz.example.com"));
  EXPECT_FALSE(dns_name_matches("*az.example.com", "baz.example.com"));
  EXPECT_FALSE(dns_name_matches("foo.*.example.com", "foo.bar.example.com"));
  EXPECT_FALSE(dns_name_matches("xn--*-1b3c148a.example.com", "xn--bliss-1b3c148a.example.com"));
  EXPECT_FALSE(dns_name_matches("*.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("*", "example"));
  EXPECT_FALSE(dns_name_matches("**.example.com", "foo.example.com"));
}

TEST(IdentityTest, ReferenceNamesMustBeHostNames) {
  EXPECT_TRUE(is_valid_reference_hostname("www.example.com"));
  EXPECT_TRUE(is_valid_reference_hostname("_service.example.com"));
  EXPECT_TRUE(is_valid_reference_hostname("localhost"));
  EXPECT_FALSE(is_valid_reference_hostname(""));
  EXPECT_FALSE(is_valid_reference_hostname("192.0.2.1"));
  EXPECT_FALSE(is_valid_reference_hostname("*.example.com"));
  EXPECT_FALSE(is_valid_reference_hostname("a..example.com"));
  EXPECT_FALSE(is_valid_reference_hostname("-a.example.com"));
  EXPECT_FALSE(is_valid_reference_hostname(std::string(64, 'a') + ".com"));
  // A wildcard in the reference never matches a wildcard in the certificate.
  EXPECT_FALSE(dns_name_matches("*.example.com", "*.example.com"));
}

TEST(IdentityTest, EmailLocalPartExactDomainCaseInsensitive) {
  EXPECT_TRUE(email_matches("alice@example.com", "alice@EXAMPLE.com"));
  EXPECT_FALSE(email_matches("Alice@example.com", "alice@example.com"));
  EXPECT_FALSE(email_matches("alice@example.com", "alice@mail.example.com"));
  EXPECT_FALSE(email_matches("example.com", "alice@example.com"));
  EXPECT_FALSE(email_matches("@example.com", "@example.com"));
}

}  // namespace
}  // namespace glasstls::x509
