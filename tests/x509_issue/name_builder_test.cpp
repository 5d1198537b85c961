// x509/name_builder: RFC 4514 strings and SAN lists written as DER, checked by
// parsing them back with Name / GeneralName.
#include <gtest/gtest.h>

#include "x509/name_builder.hpp"

namespace glasstls::x509 {
namespace {

Name parse_name(const Bytes& der) {
  DerReader r(der);
  auto n = Name::parse(r);
  EXPECT_TRUE(n.ok()) << n.error().describe();
  return n.ok() ? *n : Name{};
}

TEST(BuildName, ReversesTheRfc4514Order) {
  auto der = build_name("CN=www.example.com,O=Example,C=US");
  ASSERT_TRUE(der.ok()) << der.error().describe();
  const Name n = parse_name(*der);
  ASSERT_EQ(n.rdns.size(), 3u);
  EXPECT_EQ(n.rdns[0].attributes[0].type, oid::country_name);
  EXPECT_EQ(n.rdns[0].attributes[0].value_tag, tag::printable_string);
  EXPECT_EQ(n.rdns[2].attributes[0].type, oid::common_name);
  EXPECT_EQ(n.rdns[2].attributes[0].value_tag, tag::utf8_string);
  EXPECT_EQ(n.to_string(), "CN=www.example.com,O=Example,C=US");
}

TEST(BuildName, EscapesSpacesAndHexPairs) {
  auto der = build_name(" CN = a\\,b\\+c\\41 , O=Caf\\C3\\A9 ");
  ASSERT_TRUE(der.ok()) << der.error().describe();
  const Name n = parse_name(*der);
  EXPECT_EQ(n.values(oid::common_name), std::vector<std::string>{"a,b+cA"});
  EXPECT_EQ(n.values(oid::organization_name), std::vector<std::string>{"Caf\xc3\xa9"});
}

TEST(BuildName, MultiValuedRdnIsASortedSet) {
  auto a = build_name("CN=x+OU=y");
  auto b = build_name("OU=y+CN=x");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  const Name n = parse_name(*a);
  ASSERT_EQ(n.rdns.size(), 1u);
  EXPECT_EQ(n.rdns[0].attributes.size(), 2u);
}

TEST(BuildName, DottedTypesHexValuesAndEmpty) {
  auto der = build_name("2.5.4.3=#0c03616263,DC=example");
  ASSERT_TRUE(der.ok()) << der.error().describe();
  const Name n = parse_name(*der);
  EXPECT_EQ(n.values(oid::common_name), std::vector<std::string>{"abc"});
  EXPECT_EQ(n.rdns[0].attributes[0].value_tag, tag::ia5_string);  // DC
  auto empty = build_name("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, (Bytes{0x30, 0x00}));
}

TEST(BuildName, RefusesMalformedInput) {
  for (const char* bad : {"CN", "CN=", "XX=1", "C=USA", "C=U$", "CN=a,", "CN=#0c", "CN=#0c0561",
                          "CN=a\\", "emailAddress=caf\xc3\xa9@x"}) {
    EXPECT_FALSE(build_name(bad).ok()) << bad;
  }
}

std::vector<std::string> parse_sans(const Bytes& der) {
  std::vector<std::string> out;
  DerReader top(der);
  auto seq = top.read_sequence();
  EXPECT_TRUE(seq.ok());
  while (seq.ok() && !seq->empty()) {
    auto g = GeneralName::parse(*seq);
    EXPECT_TRUE(g.ok()) << g.error().describe();
    if (!g) break;
    out.push_back(g->to_string());
  }
  return out;
}

TEST(BuildGeneralNames, EveryKindRoundTrips) {
  auto der = build_general_names(
      "DNS:www.example.com, DNS:*.api.example.com,IP:192.0.2.1,IP:2001:db8::1,"
      "email:a@b.example,URI:https://example.com/x");
  ASSERT_TRUE(der.ok()) << der.error().describe();
  EXPECT_EQ(parse_sans(*der),
            (std::vector<std::string>{"DNS:www.example.com", "DNS:*.api.example.com",
                                      "IP:192.0.2.1", "IP:2001:db8::1", "email:a@b.example",
                                      "URI:https://example.com/x"}));
}

TEST(BuildGeneralNames, RefusesMalformedItems) {
  for (const char* bad : {"", "www.example.com", "DNS:", "DNS:-bad.example", "DNS:a..b",
                          "DNS:a_b.example", "DNS:*", "IP:192.0.2", "IP:1.2.3.4.5", "email:nobody",
                          "URI:relative/path", "FOO:x", "DNS:a.example,"}) {
    EXPECT_FALSE(build_general_names(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace glasstls::x509
