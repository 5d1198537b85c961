// PEM (RFC 7468) and Base64 (RFC 4648).
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

TEST(Base64, Rfc4648Vectors) {
  // RFC 4648 §10.
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(test::as_bytes(plain)), encoded);
    bool ok = false;
    const Bytes back = base64_decode_strict(encoded, ok);
    EXPECT_TRUE(ok) << encoded;
    EXPECT_EQ(std::string(back.begin(), back.end()), plain);
  }
}

TEST(Base64, StrictDecodingRejects) {
  for (const char* bad : {"Zg=", "Zg", "Zm9v\n", "Zm 9v",
                          "Zh==", "Zm9=", "Z===", "====", "Zg==Zg==", "Zm9v!AAA", "=Zm9", "Zm-_"}) {
    bool ok = true;
    const Bytes out = base64_decode_strict(bad, ok);
    EXPECT_FALSE(ok) << bad;
    EXPECT_TRUE(out.empty());
  }
}

TEST(Pem, EncodeIsStrictAndDecodesBack) {
  Bytes der(100);
  for (std::size_t i = 0; i < der.size(); ++i) der[i] = static_cast<std::uint8_t>(i * 13);
  const std::string pem = pem_encode("CERTIFICATE", der);
  // RFC 7468 §3: 64-character lines.
  EXPECT_TRUE(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
  EXPECT_TRUE(pem.ends_with("\n-----END CERTIFICATE-----\n"));
  EXPECT_EQ(pem.find('\n', 28) - 28, 64u);
  auto back = pem_decode_one(pem, "CERTIFICATE");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, der);
  EXPECT_TRUE(looks_like_pem(test::as_bytes(pem)));
  EXPECT_FALSE(looks_like_pem(der));
}

TEST(Pem, LaxReading) {
  const std::string text =
      "Subject: something\r\n"
      "-----BEGIN CERTIFICATE-----\r\n"
      "  Zm9v\tYmFy \r\n"
      "\r\n"
      "-----END CERTIFICATE-----\r\n"
      "between\n"
      "-----BEGIN PRIVATE KEY-----\nZg==\n-----END PRIVATE KEY-----";
  auto blocks = pem_decode_all(text);
  ASSERT_TRUE(blocks.ok()) << blocks.error().describe();
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
  EXPECT_EQ(std::string((*blocks)[0].der.begin(), (*blocks)[0].der.end()), "foobar");
  EXPECT_EQ((*blocks)[0].line, 2u);
  EXPECT_EQ((*blocks)[0].offset, text.find("-----BEGIN"));
  EXPECT_EQ((*blocks)[1].label, "PRIVATE KEY");
  EXPECT_EQ((*blocks)[1].line, 7u);
  auto none = pem_decode_all("no blocks here");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(Pem, ErrorsCarryOffsets) {
  const std::string bad_char = "-----BEGIN X-----\nZm9v\nYm*y\n-----END X-----\n";
  auto a = pem_decode_all(bad_char);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().offset, bad_char.find('*'));
  EXPECT_EQ(a.error().alert, AlertDescription::decode_error);

  const std::string no_end = "text\n-----BEGIN X-----\nZm9v\n";
  auto b = pem_decode_all(no_end);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().offset, 5u);

  const std::string mismatch = "-----BEGIN X-----\nZm9v\n-----END Y-----\n";
  auto c = pem_decode_all(mismatch);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().offset, mismatch.find("Y-----"));

  const std::string bad_pad = "-----BEGIN X-----\nZh==\n-----END X-----\n";
  EXPECT_FALSE(pem_decode_all(bad_pad).ok());
  // Non-zero pad bits (RFC 4648 §3.5): the offset is the last character before
  // the padding, whitespace between them skipped.
  const std::string split_pad = "-----BEGIN X-----\nZm9vZ\nh =\r\n=\n-----END X-----\n";
  auto d = pem_decode_all(split_pad);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().offset, split_pad.find('h'));
  const std::string split_pad1 = "-----BEGIN X-----\nZm9v\tZm\n9 =\n-----END X-----\n";
  auto e = pem_decode_all(split_pad1);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().offset, split_pad1.find('9', 22));
  // A wrong length is reported at the END line.
  const std::string short_body = "-----BEGIN X-----\nZm9vY\n-----END X-----\n";
  auto f = pem_decode_all(short_body);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().offset, short_body.find("-----END"));
  const std::string unterminated_begin = "-----BEGIN X\nZm9v\n-----END X-----\n";
  EXPECT_FALSE(pem_decode_all(unterminated_begin).ok());
}

TEST(Pem, DecodeOneNamesTheWrongLabel) {
  const std::string key = "junk\n" + pem_encode("PRIVATE KEY", Bytes{1, 2, 3});
  auto r = pem_decode_one(key, "CERTIFICATE");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().rule.find("found PRIVATE KEY"), std::string_view::npos);
  EXPECT_EQ(r.error().offset, 5u + 11u);
  auto odd = pem_decode_one(pem_encode("SOMETHING ELSE", Bytes{1}), "CERTIFICATE");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.error().rule.find("unknown label"), std::string_view::npos);
  EXPECT_FALSE(pem_decode_one("nothing", "CERTIFICATE").ok());
  const std::string two = pem_encode("CERTIFICATE", Bytes{1}) + pem_encode("CERTIFICATE", Bytes{2});
  EXPECT_FALSE(pem_decode_one(two, "CERTIFICATE").ok());
}

}  // namespace
}  // namespace glasstls::x509
