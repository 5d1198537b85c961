// The lead's DER reader/writer (x509/der.*) and OIDs (x509/oid.*): every
// strictness rule of der.hpp rejected at the right offset, writer round trips,
// the RFC 5280 time rules.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "x509/der.hpp"

namespace glasstls::x509 {
namespace {

// Parses `hex` (starting at absolute offset 100) with `read` and expects a
// decode_error at `offset` whose rule mentions `rule`.
template <typename Read>
void expect_error(std::string_view hex, Read read, std::size_t offset, std::string_view rule) {
  const Bytes der = test::unhex(hex);
  DerReader r(der, 100);
  auto result = read(r);
  ASSERT_FALSE(result.ok()) << hex;
  EXPECT_EQ(result.error().alert, AlertDescription::decode_error) << hex;
  EXPECT_EQ(result.error().offset, 100 + offset) << hex << ": " << result.error().describe();
  EXPECT_NE(result.error().rule.find(rule), std::string_view::npos)
      << hex << ": " << result.error().rule;
}

auto any = [](DerReader& r) { return r.read_any(); };

TEST(DerReader, LengthRules) {
  expect_error("3080", any, 1, "indefinite");
  expect_error("30810100", any, 1, "short length written in the long form");
  expect_error("3082000100", any, 1, "minimum number of octets");
  expect_error("3085010000000000", any, 1, "more than 4 octets");
  expect_error("3082", any, 1, "truncated length");
  expect_error("300500", any, 1, "runs past the end");
  expect_error("30", any, 0, "truncated element");
  expect_error("", any, 0, "truncated element");
  expect_error("1f0100", any, 0, "multi-octet tag");
  // The long form is fine when needed.
  const Bytes ok = test::unhex("048180" + std::string(2 * 0x80, 'a'));
  DerReader r(ok);
  auto e = r.read_any();
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->contents.size(), 0x80u);
  EXPECT_EQ(e->value_range.offset, 3u);
  EXPECT_TRUE(r.empty());
}

TEST(DerReader, Boolean) {
  auto read = [](DerReader& r) { return r.read_boolean(); };
  expect_error("010101", read, 2, "X.690 §11.1");
  expect_error("01020000", read, 2, "X.690 §11.1");
  expect_error("0100", read, 2, "X.690 §11.1");
  expect_error("020100", read, 0, "expected a BOOLEAN");
  for (const auto& [hex, value] : {std::pair{"0101ff", true}, std::pair{"010100", false}}) {
    const Bytes der = test::unhex(hex);
    DerReader r(der);
    auto b = r.read_boolean();
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*b, value);
  }
}

TEST(DerReader, Integer) {
  auto read = [](DerReader& r) { return r.read_integer_bytes(); };
  expect_error("0200", read, 2, "at least one octet");
  expect_error("0202007f", read, 2, "minimal");
  expect_error("0202ff80", read, 2, "minimal");
  auto unsigned_read = [](DerReader& r) { return r.read_unsigned_integer_bytes(); };
  expect_error("020180", unsigned_read, 0, "negative");
  auto small = [](DerReader& r) { return r.read_small_unsigned(); };
  expect_error("0209010000000000000000", small, 0, "64 bits");
  expect_error("0201ff", small, 0, "negative");
  const Bytes der = test::unhex(
      "020200ff"
      "02090080000000000000ff"
      "020100");
  DerReader r(der);
  auto a = r.read_unsigned_integer_bytes();
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(test::hex(*a), "ff");
  auto b = r.read_small_unsigned();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, 0x80000000000000ffULL);
  auto c = r.read_small_unsigned();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 0u);
}

TEST(DerReader, BitString) {
  auto read = [](DerReader& r) { return r.read_bit_string(); };
  expect_error("0300", read, 2, "unused-bits octet");
  expect_error("030208ff", read, 2, "0..7");
  expect_error("030101", read, 2, "empty BIT STRING");
  expect_error("030203ff", read, 2, "must be zero");
  const Bytes der = test::unhex("030205a0");
  DerReader r(der);
  auto b = r.read_bit_string();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->bit_count(), 3u);
  EXPECT_TRUE(b->bit(0));
  EXPECT_FALSE(b->bit(1));
  EXPECT_TRUE(b->bit(2));
  EXPECT_FALSE(b->bit(3));  // past the end
}

TEST(DerReader, ObjectIdentifier) {
  auto read = [](DerReader& r) { return r.read_oid(); };
  expect_error("0600", read, 2, "at least one octet");
  expect_error("0603808101", read, 2, "minimal");
  expect_error("06022a86", read, 2, "middle of a subidentifier");
  expect_error("0641" + std::string(130, '2'), read, 2, "longer than 64");
  const Bytes der = test::unhex("06092a864886f70d01010b");
  DerReader r(der);
  auto o = r.read_oid();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, oid::sha256_with_rsa);
  EXPECT_EQ(o->dotted(), "1.2.840.113549.1.1.11");
  EXPECT_EQ(oid_name(*o), "sha256WithRSAEncryption");
}

TEST(DerReader, NullOctetStringTagsAndEnd) {
  auto null = [](DerReader& r) { return r.read_null(); };
  expect_error("050100", null, 2, "no contents");
  auto octets = [](DerReader& r) { return r.read_octet_string(); };
  expect_error("2403040100", octets, 0,
               "expected an OCTET STRING");  // X.690 §10.2: no constructed form
  auto implicit_octets = [](DerReader& r) {
    return r.read_octet_string(tag::context_constructed(0));
  };
  expect_error("a003040100", implicit_octets, 0, "primitive form");
  expect_error("0500", octets, 0, "expected an OCTET STRING");
  auto seq = [](DerReader& r) { return r.read_sequence(); };
  expect_error("3100", seq, 0, "expected a SEQUENCE");
  expect_error("", seq, 0, "found the end");
  auto end = [](DerReader& r) {
    auto e = r.read_any();
    return e.ok() ? r.expect_end("trailing rule") : Result<void>(e.error());
  };
  expect_error("05000500", end, 2, "trailing rule");
  auto enter_primitive = [](DerReader& r) {
    auto e = r.read_any();
    return e.ok() ? r.enter(*e) : Result<DerReader>(e.error());
  };
  expect_error("0400", enter_primitive, 0, "constructed");
  EXPECT_FALSE(parse_single(test::unhex("300000"), tag::sequence).ok());
  EXPECT_TRUE(parse_single(test::unhex("3000"), tag::sequence).ok());
}

TEST(DerReader, NestingLimit) {
  // kMaxDepth nested SEQUENCEs can be entered; one more cannot.
  auto nested = [](int depth) {
    Bytes der = {0x05, 0x00};
    for (int i = 0; i < depth; ++i) {
      DerWriter w;
      w.sequence([&](DerWriter& s) { s.raw(der); });
      der = std::move(w).take();
    }
    return der;
  };
  auto descend = [](const Bytes& der) -> Result<int> {
    DerReader r(der);
    int levels = 0;
    while (r.next_is(tag::sequence)) {
      auto inner = r.read_sequence();
      if (!inner) return inner.error();
      r = *inner;
      ++levels;
    }
    return levels;
  };
  auto ok = descend(nested(DerReader::kMaxDepth));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, DerReader::kMaxDepth);
  const Bytes deep = nested(DerReader::kMaxDepth + 1);
  auto too_deep = descend(deep);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_NE(too_deep.error().rule.find("nested"), std::string_view::npos);
  EXPECT_EQ(too_deep.error().offset, 2u * DerReader::kMaxDepth);
}

TEST(DerReader, ChildReadersKeepAbsoluteOffsets) {
  const Bytes der = test::unhex(
      "3008"
      "0201"
      "05"
      "3003"
      "0101ff");
  DerReader r(der, 1000);
  auto seq = r.read_sequence();
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(seq->offset(), 1002u);
  auto i = seq->read(tag::integer);
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->range.offset, 1002u);
  EXPECT_EQ(i->value_range.offset, 1004u);
  auto inner = seq->read_sequence();
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->depth(), 2);
  EXPECT_EQ(inner->offset(), 1007u);
}

TEST(DerWriter, RoundTrips) {
  const std::int64_t values[] = {0,  1,    127,  128,   255,       256,
                                 -1, -128, -129, 65537, INT64_MAX, INT64_MIN};
  for (const std::int64_t v : values) {
    DerWriter w;
    w.integer(v);
    const Bytes der = std::move(w).take();
    DerReader r(der);
    auto bytes = r.read_integer_bytes();
    ASSERT_TRUE(bytes.ok()) << v;
    std::int64_t back = (*bytes)[0] & 0x80 ? -1 : 0;
    for (const auto b : *bytes)
      back = static_cast<std::int64_t>(static_cast<std::uint64_t>(back) << 8 | b);
    EXPECT_EQ(back, v);
  }
  DerWriter w;
  w.sequence([](DerWriter& s) {
    s.boolean(true);
    s.unsigned_integer(test::unhex("0000ff01"));
    s.unsigned_integer({});
    s.oid(oid::ed25519);
    s.bit_string(test::unhex("a0"), 5);
    s.octet_string_containing([](DerWriter& o) { o.null(); });
    s.utf8_string(std::string(300, 'x'));
  });
  const Bytes der = std::move(w).take();
  auto outer = parse_single(der, tag::sequence);
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(der[1], 0x82);  // 300-byte string: a two-octet length
  DerReader r(der);
  auto seq = r.read_sequence();
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(*seq->read_boolean(), true);
  EXPECT_EQ(test::hex(*seq->read_integer_bytes()), "00ff01");
  EXPECT_EQ(test::hex(*seq->read_integer_bytes()), "00");
  EXPECT_EQ(*seq->read_oid(), oid::ed25519);
  auto bits = seq->read_bit_string();
  ASSERT_TRUE(bits.ok());
  EXPECT_EQ(bits->unused_bits, 5);
  EXPECT_EQ(test::hex(*seq->read_octet_string()), "0500");
  auto text = seq->read(tag::utf8_string);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->contents.size(), 300u);
  EXPECT_TRUE(seq->empty());
}

Element time_element(std::uint8_t t, std::string_view s) {
  static Bytes storage;
  DerWriter w;
  w.element(t, test::as_bytes(s));
  storage = std::move(w).take();
  DerReader r(storage);
  return *r.read_any();
}

UnixTime civil(std::int64_t y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

TEST(DerTime, UtcTimeCenturyRule) {
  // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
  EXPECT_EQ(*parse_time(time_element(tag::utc_time, "500101000000Z")), civil(1950, 1, 1));
  EXPECT_EQ(*parse_time(time_element(tag::utc_time, "491231235959Z")),
            civil(2049, 12, 31, 23, 59, 59));
  EXPECT_EQ(*parse_time(time_element(tag::utc_time, "700101000000Z")), 0);
  EXPECT_EQ(*parse_time(time_element(tag::generalized_time, "20500101000000Z")), civil(2050, 1, 1));
  EXPECT_EQ(*parse_time(time_element(tag::generalized_time, "19491231235959Z")),
            civil(1949, 12, 31, 23, 59, 59));
}

TEST(DerTime, February29) {
  EXPECT_TRUE(parse_time(time_element(tag::utc_time, "240229120000Z")).ok());
  EXPECT_FALSE(parse_time(time_element(tag::utc_time, "230229120000Z")).ok());
  EXPECT_TRUE(
      parse_time(time_element(tag::generalized_time, "20000229000000Z")).ok());  // divisible by 400
  EXPECT_FALSE(
      parse_time(time_element(tag::generalized_time, "21000229000000Z")).ok());  // by 100, not 400
  EXPECT_FALSE(parse_time(time_element(tag::utc_time, "240230000000Z")).ok());
}

TEST(DerTime, MalformedTimesAreRejected) {
  const std::pair<std::uint8_t, const char*> bad[] = {
      {tag::utc_time, "2001010000Z"},           {tag::utc_time, "200101000000"},
      {tag::utc_time, "200101000000+0100"},     {tag::utc_time, "2001010000000Z"},
      {tag::utc_time, "201301000000Z"},         {tag::utc_time, "200001000000Z"},
      {tag::utc_time, "200100000000Z"},         {tag::utc_time, "200101240000Z"},
      {tag::utc_time, "200101006000Z"},         {tag::utc_time, "200101000060Z"},
      {tag::utc_time, "2001a1000000Z"},         {tag::generalized_time, "20200101000000.5Z"},
      {tag::generalized_time, "202001010000Z"}, {tag::generalized_time, "20200101000000"},
      {tag::printable_string, "200101000000Z"}};
  for (const auto& [t, s] : bad) {
    auto r = parse_time(time_element(t, s));
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
  }
}

TEST(DerTime, WriterPicksTheTypeByYear) {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950).
  const std::pair<UnixTime, std::uint8_t> cases[] = {
      {civil(2049, 12, 31, 23, 59, 59), tag::utc_time},
      {civil(2050, 1, 1), tag::generalized_time},
      {civil(1950, 1, 1), tag::utc_time},
      {civil(1949, 12, 31), tag::generalized_time},
      {civil(2024, 2, 29, 12, 34, 56), tag::utc_time},
      {civil(9999, 12, 31), tag::generalized_time}};
  for (const auto& [t, expected_tag] : cases) {
    DerWriter w;
    w.time(t);
    const Bytes der = std::move(w).take();
    DerReader r(der);
    auto e = r.read_any();
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->tag, expected_tag) << format_time(t);
    auto back = parse_time(*e);
    ASSERT_TRUE(back.ok()) << format_time(t);
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(format_time(civil(2026, 11, 23, 20, 38, 5)), "2026-11-23 20:38:05 UTC");
  EXPECT_EQ(format_time(-1), "1969-12-31 23:59:59 UTC");
}

TEST(Oid, DottedRoundTrip) {
  for (const char* dotted :
       {"1.2.840.113549.1.1.11", "2.5.29.17", "0.9.2342.19200300.100.1.25", "2.999.3",
        "1.3.6.1.4.1.11129.2.4.2", "2.5.4.3", "1.39", "2.100000",
        // arcs beyond 64 bits: a UUID OID (X.667), and a huge second arc
        "2.25.329800735698586629295641978511506172918", "2.18446744073709551616000000000.1",
        "1.2.1000000000.999999999999999999999"}) {
    auto o = Oid::from_dotted(dotted);
    ASSERT_TRUE(o.has_value()) << dotted;
    EXPECT_EQ(o->dotted(), dotted);
    DerWriter w;
    w.oid(*o);
    const Bytes der = std::move(w).take();
    DerReader r(der);
    auto back = r.read_oid();
    ASSERT_TRUE(back.ok()) << dotted;
    EXPECT_EQ(*back, *o);
  }
  EXPECT_EQ(*Oid::from_dotted("1.2.840.113549.1.1.11"), oid::sha256_with_rsa);
  EXPECT_EQ(*Oid::from_dotted("2.5.29.37.0"), oid::any_extended_key_usage);
  for (const char* bad : {"", "1", "1.", ".1", "1..2", "3.1", "1.40", "0.40", "1.2.x", "1.2.-3",
                          "1.2 .3", "1.02", "1.100000000000000000000"})
    EXPECT_FALSE(Oid::from_dotted(bad).has_value()) << bad;
  EXPECT_EQ(oid_display(*Oid::from_dotted("1.2.3.4")), "1.2.3.4");
  EXPECT_EQ(oid_display(oid::common_name), "CN");
  EXPECT_FALSE(oid_description(oid::subject_alt_name).empty());
}

}  // namespace
}  // namespace glasstls::x509
