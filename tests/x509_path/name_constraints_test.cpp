// Subtree membership for each name form (x509/name_constraints.hpp).
#include <gtest/gtest.h>

#include "x509/name_constraints.hpp"

namespace glasstls::x509 {
namespace {

TEST(NameConstraintsTest, DnsSubtreeAddsLabelsOnTheLeft) {
  EXPECT_TRUE(dns_in_subtree("example.com", "example.com"));
  EXPECT_TRUE(dns_in_subtree("www.example.com", "example.com"));
  EXPECT_TRUE(dns_in_subtree("a.b.EXAMPLE.com", "example.COM"));
  EXPECT_TRUE(dns_in_subtree("*.example.com", "example.com"));
  EXPECT_FALSE(dns_in_subtree("notexample.com", "example.com"));
  EXPECT_FALSE(dns_in_subtree("example.com.evil", "example.com"));
  EXPECT_FALSE(dns_in_subtree("com", "example.com"));
}

// One subtree of one form, for validate_name_constraints.
bool valid_subtree(GeneralNameKind kind, const std::string& text,
                   std::vector<std::uint8_t> bytes = {}) {
  static std::vector<std::vector<std::uint8_t>> keep;  // GeneralName::bytes is a view
  keep.push_back(std::move(bytes));
  GeneralName g;
  g.kind = kind;
  g.text = text;
  g.bytes = keep.back();
  NameConstraints nc;
  nc.excluded.push_back(g);
  return validate_name_constraints(nc).ok();
}

TEST(NameConstraintsTest, MalformedSubtreesAreRejected) {
  EXPECT_TRUE(valid_subtree(GeneralNameKind::dns_name, "example.com"));
  EXPECT_TRUE(valid_subtree(GeneralNameKind::dns_name, ""));
  // RFC 5280 §4.2.1.10 has no leading-period or wildcard form for dNSName.
  EXPECT_FALSE(valid_subtree(GeneralNameKind::dns_name, ".example.com"));
  EXPECT_FALSE(valid_subtree(GeneralNameKind::dns_name, "*.example.com"));
  EXPECT_TRUE(valid_subtree(GeneralNameKind::rfc822_name, "a@example.com"));
  EXPECT_TRUE(valid_subtree(GeneralNameKind::rfc822_name, ".example.com"));
  EXPECT_FALSE(valid_subtree(GeneralNameKind::rfc822_name, "invalid@invalid@example.com"));
  EXPECT_TRUE(valid_subtree(GeneralNameKind::ip_address, "", {10, 0, 0, 0, 255, 0, 0, 0}));
  EXPECT_FALSE(valid_subtree(GeneralNameKind::ip_address, "", {10, 0, 0, 0, 255, 0, 255, 0}));
}

TEST(NameConstraintsTest, EmptyDnsBaseCoversEverything) {
  EXPECT_TRUE(dns_in_subtree("anything.test", ""));
}

TEST(NameConstraintsTest, EmailMailboxHostAndDomain) {
  EXPECT_TRUE(email_in_subtree("alice@example.com", "alice@example.com"));
  EXPECT_FALSE(email_in_subtree("bob@example.com", "alice@example.com"));
  EXPECT_TRUE(email_in_subtree("bob@EXAMPLE.com", "example.com"));
  EXPECT_FALSE(email_in_subtree("bob@mail.example.com", "example.com"));
  EXPECT_TRUE(email_in_subtree("bob@mail.example.com", ".example.com"));
  EXPECT_FALSE(email_in_subtree("bob@example.com", ".example.com"));
}

TEST(NameConstraintsTest, IpAddressUnderMask) {
  const std::uint8_t net10[] = {10, 0, 0, 0, 255, 0, 0, 0};
  const std::uint8_t in[] = {10, 1, 2, 3};
  const std::uint8_t out[] = {11, 1, 2, 3};
  EXPECT_TRUE(ip_in_subtree(in, net10));
  EXPECT_FALSE(ip_in_subtree(out, net10));
  // An IPv6 address is never inside an IPv4 subtree.
  const std::uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
  EXPECT_FALSE(ip_in_subtree(v6, net10));
  std::uint8_t net_v6[32] = {0x20, 0x01, 0x0d, 0xb8};
  for (int i = 16; i < 20; ++i) net_v6[i] = 0xff;
  EXPECT_TRUE(ip_in_subtree(v6, net_v6));
}

}  // namespace
}  // namespace glasstls::x509
