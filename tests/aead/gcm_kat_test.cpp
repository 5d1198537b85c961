// vectors/gcm-mcgrew-viega.kat (the GCM specification's Test Cases 1-18) on
// every backend: one-shot seal and open, in place, streamed byte by byte and
// in odd pieces, and with a flipped tag bit.
#include <gtest/gtest.h>

#include <array>

#include "crypto/gcm.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes stream(const AesGcm& gcm, GcmStream::Direction dir, const Bytes& iv, const Bytes& aad,
             const Bytes& in, std::size_t piece, std::array<std::uint8_t, 16>& tag, bool& ok) {
  auto s = GcmStream::start(gcm, iv, dir);
  EXPECT_TRUE(s.ok());
  for (std::size_t i = 0; i < aad.size(); i += piece) {
    EXPECT_TRUE(s->aad(std::span(aad).subspan(i, std::min(piece, aad.size() - i))).ok());
  }
  Bytes out(in.size());
  for (std::size_t i = 0; i < in.size(); i += piece) {
    const std::size_t n = std::min(piece, in.size() - i);
    EXPECT_TRUE(s->update(std::span(in).subspan(i, n), std::span(out).subspan(i, n)).ok());
  }
  if (dir == GcmStream::Direction::seal) {
    ok = s->finish(tag).ok();
  } else {
    auto v = s->verify(tag);
    ok = v.ok() && v->declassify();
  }
  return out;
}

TEST(GcmKat, McGrewViegaOnEveryBackend) {
  const auto text = test::read_file(test::vectors_dir() / "gcm-mcgrew-viega.kat");
  vectors::KatParseError error;
  const auto file = vectors::parse_kat("gcm-mcgrew-viega.kat", text, &error);
  ASSERT_TRUE(error.message.empty()) << error.line << ": " << error.message;
  std::size_t checks = 0;
  for (const auto& r : file.records) {
    ASSERT_EQ(r.section, "aes-gcm");
    const Bytes& iv = r.bytes("iv");
    const Bytes& aad = r.bytes("aad");
    const Bytes& pt = r.bytes("plaintext");
    const Bytes& ct = r.bytes("ciphertext");
    const Bytes& want_tag = r.bytes("tag");
    ASSERT_EQ(want_tag.size(), 16u);
    for (auto backend : test::usable_aes_backends()) {
      SCOPED_TRACE(r.name + " on " + std::string(to_string(backend)));
      auto gcm = AesGcm::create(r.bytes("key"), backend);
      ASSERT_TRUE(gcm.ok());
      // One-shot, in place.
      Bytes buf = pt;
      std::array<std::uint8_t, 16> tag{};
      ASSERT_TRUE(gcm->seal(iv, aad, buf, buf, tag).ok());
      EXPECT_EQ(test::hex(buf), test::hex(ct));
      EXPECT_EQ(test::hex(tag), test::hex(want_tag));
      ASSERT_TRUE(gcm->open(iv, aad, buf, tag, buf).ok());
      EXPECT_EQ(buf, pt);
      // Streamed in pieces of 1, 7 and 17 bytes.
      for (std::size_t piece : {1u, 7u, 17u}) {
        bool ok = false;
        std::array<std::uint8_t, 16> t{};
        EXPECT_EQ(stream(*gcm, GcmStream::Direction::seal, iv, aad, pt, piece, t, ok), ct);
        EXPECT_TRUE(ok);
        EXPECT_EQ(test::hex(t), test::hex(want_tag));
        EXPECT_EQ(stream(*gcm, GcmStream::Direction::open, iv, aad, ct, piece, t, ok), pt);
        EXPECT_TRUE(ok) << "piece " << piece;
      }
      // A flipped tag bit: FAIL, and the output is wiped.
      tag[15] ^= 0x01;
      Bytes out(ct.size(), 0xAA);
      auto r2 = gcm->open(iv, aad, ct, tag, out);
      ASSERT_FALSE(r2.ok());
      EXPECT_EQ(r2.error().alert, AlertDescription::bad_record_mac);
      EXPECT_EQ(out, Bytes(ct.size(), 0));
      ++checks;
    }
  }
  EXPECT_EQ(checks, 18 * test::usable_aes_backends().size());
  std::printf("McGrew-Viega GCM: %zu records x backends passed\n", checks);
}

}  // namespace
}  // namespace glasstls::crypto
