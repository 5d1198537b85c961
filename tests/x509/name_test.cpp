// Names (RFC 4514 strings, byte-exact matching) and GeneralName helpers.
#include <gtest/gtest.h>

#include <deque>

#include "tests/support/test_support.hpp"
#include "x509/general_name.hpp"
#include "x509/name.hpp"

namespace glasstls::x509 {
namespace {

struct Attr {
  Oid type;
  std::uint8_t string_tag;
  std::string value;
};

// One attribute per RDN, except the RDNs listed in `multi` (joined with the next).
Bytes name_der(const std::vector<Attr>& attrs, bool first_two_in_one_rdn = false) {
  DerWriter w;
  w.sequence([&](DerWriter& n) {
    for (std::size_t i = 0; i < attrs.size(); ++i) {
      n.set([&](DerWriter& rdn) {
        const std::size_t count = first_two_in_one_rdn && i == 0 ? 2 : 1;
        for (std::size_t k = 0; k < count; ++k)
          rdn.sequence([&](DerWriter& atv) {
            atv.oid(attrs[i + k].type);
            atv.element(attrs[i + k].string_tag, test::as_bytes(attrs[i + k].value));
          });
        i += count - 1;
      });
    }
  });
  return std::move(w).take();
}

// A Name points into its DER: keep every encoding alive for the whole test.
Name parse_name(Bytes der) {
  static std::deque<Bytes> keep;
  keep.push_back(std::move(der));
  DerReader r(keep.back());
  auto n = Name::parse(r);
  EXPECT_TRUE(n.ok()) << n.error().describe();
  return n.ok() ? *n : Name{};
}

TEST(Name, Rfc4514OrderAndEscaping) {
  const Bytes der =
      name_der({{oid::country_name, tag::printable_string, "US"},
                {oid::organization_name, tag::utf8_string, "Example, Inc. <\"x\">;+\\"},
                {oid::common_name, tag::utf8_string, " #lead and trail "}});
  const Name n = parse_name(der);
  EXPECT_EQ(n.to_string(),
            "CN=\\ #lead and trail\\ ,O=Example\\, Inc. \\<\\\"x\\\"\\>\\;\\+\\\\,C=US");
  EXPECT_EQ(n.rdns.size(), 3u);
  EXPECT_EQ(n.range.offset, 0u);
  EXPECT_EQ(n.range.length, der.size());
  EXPECT_EQ(n.values(oid::country_name), std::vector<std::string>{"US"});
}

TEST(Name, HashOnlyEscapedAtTheStartAndControlsAsHex) {
  const Name n =
      parse_name(name_der({{oid::common_name, tag::utf8_string, std::string("a#b\x01") + '\0'}}));
  EXPECT_EQ(n.to_string(), "CN=a#b\\01\\00");
}

TEST(Name, MultiValuedRdnAndUnknownTypes) {
  const Oid unknown = *Oid::from_dotted("1.2.3.4.5");
  const Name n = parse_name(name_der({{oid::common_name, tag::utf8_string, "a"},
                                      {oid::user_id, tag::utf8_string, "b"},
                                      {unknown, tag::utf8_string, "hi"}},
                                     true));
  // RFC 4514 §2.4: a dotted type gets "#" and the hex of the value's BER encoding.
  EXPECT_EQ(n.to_string(), "1.2.3.4.5=#0c026869,CN=a+UID=b");
}

TEST(Name, BmpAndUniversalStringsBecomeUtf8) {
  const std::string bmp("\x00\x41\x00\xe9\x20\xac", 6);  // "Aé€"
  const std::string universal("\x00\x01\xf6\x00", 4);    // U+1F600
  const Name n = parse_name(name_der({{oid::common_name, tag::bmp_string, bmp},
                                      {oid::organization_name, tag::universal_string, universal}}));
  EXPECT_EQ(n.values(oid::common_name)[0], "A\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(n.values(oid::organization_name)[0], "\xf0\x9f\x98\x80");
}

TEST(Name, MalformedStringsAreRejectedWithTheirOffset) {
  const Bytes odd_bmp =
      name_der({{oid::common_name, tag::bmp_string, std::string("\x00\x41\x00", 3)}});
  DerReader r(odd_bmp);
  auto n = Name::parse(r);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.error().rule.find("BMPString"), std::string_view::npos);
  EXPECT_EQ(n.error().offset, odd_bmp.size() - 3);
  const Bytes ia5 = name_der({{oid::email_address, tag::ia5_string, "\xc3\xa9@x"}});
  DerReader r2(ia5);
  EXPECT_FALSE(Name::parse(r2).ok());
}

TEST(Name, NonStringValuesAreKeptAndConstructedStringsRefused) {
  // A SEQUENCE value under a private attribute: kept, printed as #hex.
  Bytes der = test::unhex("300e310c300a06032a03040c03616263");
  der[11] = 0x30;  // the value's tag: UTF8String -> SEQUENCE (contents "abc" are not parsed)
  const Name n = parse_name(der);
  EXPECT_EQ(n.to_string(), "1.2.3.4=#3003616263");
  const Bytes constructed_utf8 = test::unhex("300e310c300a06032a03042c03616263");
  DerReader r(constructed_utf8);
  auto bad = Name::parse(r);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().rule.find("primitive form"), std::string_view::npos);
}

TEST(Name, MatchingIsByteForByte) {
  const Name a = parse_name(name_der({{oid::common_name, tag::utf8_string, "CA"}}));
  const Name b = parse_name(name_der({{oid::common_name, tag::utf8_string, "CA"}}));
  const Name printable = parse_name(name_der({{oid::common_name, tag::printable_string, "CA"}}));
  const Name lower = parse_name(name_der({{oid::common_name, tag::utf8_string, "ca"}}));
  EXPECT_TRUE(a.matches(b));
  EXPECT_FALSE(a.matches(printable));  // same text, other string type
  EXPECT_FALSE(a.matches(lower));
}

TEST(GeneralName, FormatIp) {
  const Bytes v4 = {192, 0, 2, 1};
  EXPECT_EQ(format_ip(v4), "192.0.2.1");
  // RFC 5952 §4: longest zero run compressed, first on a tie, lowercase, no "::" for one group.
  EXPECT_EQ(format_ip(test::unhex("20010db8000000000000000000000001")), "2001:db8::1");
  EXPECT_EQ(format_ip(test::unhex("20010db8000000010000000000000001")), "2001:db8:0:1::1");
  EXPECT_EQ(format_ip(test::unhex("20010db8000000000001000000000001")), "2001:db8::1:0:0:1");
  EXPECT_EQ(format_ip(test::unhex("20010db8aaaabbbbccccdddd0000eeee")),
            "2001:db8:aaaa:bbbb:cccc:dddd:0:eeee");
  EXPECT_EQ(format_ip(test::unhex("00000000000000000000000000000000")), "::");
  EXPECT_EQ(format_ip(test::unhex("00000000000000000000000000000001")), "::1");
  EXPECT_EQ(format_ip(test::unhex("fe800000000000000000000000000000")), "fe80::");
}

TEST(GeneralName, ParseIp) {
  std::vector<std::uint8_t> out;
  ASSERT_TRUE(parse_ip("10.1.2.3", out));
  EXPECT_EQ(out, (std::vector<std::uint8_t>{10, 1, 2, 3}));
  ASSERT_TRUE(parse_ip("2001:DB8::1", out));
  EXPECT_EQ(test::hex(out), "20010db8000000000000000000000001");
  ASSERT_TRUE(parse_ip("::ffff:192.0.2.1", out));
  EXPECT_EQ(test::hex(out), "00000000000000000000ffffc0000201");
  ASSERT_TRUE(parse_ip("::", out));
  EXPECT_EQ(out.size(), 16u);
  ASSERT_TRUE(parse_ip("1:2:3:4:5:6:7:8", out));
  EXPECT_EQ(format_ip(out), "1:2:3:4:5:6:7:8");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
                          ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                          "12345::", "1:", "g::", "::1.2.3.4:5", "1:2:3:4:5:6:7::8"})
    EXPECT_FALSE(parse_ip(bad, out)) << bad;
}

TEST(GeneralName, ConstraintsPrintAsPrefixes) {
  const Bytes der = {0x87, 0x08, 10, 0, 0, 0, 255, 0, 0, 0};
  DerReader r(der);
  auto g = GeneralName::parse(r, true);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->to_string(), "IP:10.0.0.0/8");
  const Bytes odd_mask = {0x87, 0x08, 10, 0, 0, 0, 255, 0, 255, 0};
  DerReader r2(odd_mask);
  auto g2 = GeneralName::parse(r2, true);
  ASSERT_TRUE(g2.ok());
  EXPECT_EQ(g2->to_string(), "IP:10.0.0.0/255.0.255.0");
  DerReader r3(der);
  EXPECT_FALSE(GeneralName::parse(r3, false).ok());  // 8 octets only in a constraint
}

TEST(GeneralName, DirectoryNameAndRawKinds) {
  const Bytes inner = name_der({{oid::common_name, tag::utf8_string, "Dir"}});
  DerWriter w;
  w.constructed(tag::context_constructed(4), [&](DerWriter& d) { d.raw(inner); });
  w.element(tag::context(8), Oid{0x2a, 0x03}.contents());
  const Bytes der = std::move(w).take();
  DerReader r(der);
  auto dir = GeneralName::parse(r);
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->kind, GeneralNameKind::directory_name);
  EXPECT_EQ(dir->to_string(), "DirName:CN=Dir");
  auto rid = GeneralName::parse(r);
  ASSERT_TRUE(rid.ok());
  EXPECT_EQ(rid->to_string(), "RID:1.2.3");
  const Bytes bad_tag = {0x89, 0x00};
  DerReader r2(bad_tag);
  EXPECT_FALSE(GeneralName::parse(r2).ok());
}

}  // namespace
}  // namespace glasstls::x509
