// Portable vs accelerated AES-GCM on the same inputs: every length 0..300 and
// the lengths around each multiple of 64, 128 and 256 bytes up to 4 KiB (the
// 4-, 8- and 16-block batches), in place and not, one-shot and streamed with
// random splits; and the Aead interface the record layer uses.
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/cpu.hpp"
#include "crypto/gcm.hpp"
#include "tests/aead/aes_test_backends.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::vector<std::size_t> boundary_lengths() {
  std::set<std::size_t> s;
  for (std::size_t n = 0; n <= 300; ++n) s.insert(n);
  for (std::size_t m : {64u, 128u, 256u}) {
    for (std::size_t k = m; k <= 4096; k += m) {
      for (std::size_t d : {0u, 1u, 15u, 16u, 17u}) {
        s.insert(k + d);
        s.insert(k - d);
      }
    }
  }
  return {s.begin(), s.end()};
}

struct Sealed {
  Bytes ct;
  std::array<std::uint8_t, 16> tag{};
};

Sealed seal(const AesGcm& g, const Bytes& iv, const Bytes& aad, const Bytes& pt, bool in_place) {
  Sealed s;
  s.ct = pt;
  if (in_place) {
    EXPECT_TRUE(g.seal(iv, aad, s.ct, s.ct, s.tag).ok());
  } else {
    EXPECT_TRUE(g.seal(iv, aad, pt, s.ct, s.tag).ok());
  }
  return s;
}

TEST(GcmBackends, AcceleratedEqualsPortableAcrossEveryBatchBoundary) {
  test::TestRandom rnd(7);
  const auto backends = test::usable_aes_backends();
  if (backends.size() == 1) GTEST_SKIP() << "no accelerated backend on this CPU";
  std::size_t checks = 0;
  for (std::size_t key_len : {16u, 32u}) {
    const Bytes key = rnd.bytes(key_len);
    auto portable = AesGcm::create(key, AesBackend::portable);
    ASSERT_TRUE(portable.ok());
    for (std::size_t len : boundary_lengths()) {
      const Bytes iv = rnd.bytes(len % 7 == 0 ? 1 + len % 40 : 12);
      const Bytes aad = rnd.bytes(len % 33);
      const Bytes pt = rnd.bytes(len);
      const Sealed want = seal(*portable, iv, aad, pt, false);
      for (auto backend : backends) {
        if (backend == AesBackend::portable) continue;
        SCOPED_TRACE(std::string(to_string(backend)) + " len " + std::to_string(len));
        auto fast = AesGcm::create(key, backend);
        ASSERT_TRUE(fast.ok());
        for (bool in_place : {false, true}) {
          const Sealed got = seal(*fast, iv, aad, pt, in_place);
          ASSERT_EQ(got.ct, want.ct);
          ASSERT_EQ(got.tag, want.tag);
          Bytes back = got.ct;
          ASSERT_TRUE(fast->open(iv, aad, back, got.tag, back).ok());  // in place
          ASSERT_EQ(back, pt);
          ++checks;
        }
      }
    }
  }
  std::printf("portable == accelerated on %zu (length, backend, in-place) cases\n", checks);
}

// The stream API with random splits (including empty pieces) equals one-shot.
TEST(GcmBackends, StreamingWithRandomSplitsEqualsOneShot) {
  test::TestRandom rnd(11);
  for (auto backend : test::usable_aes_backends()) {
    for (int i = 0; i < 200; ++i) {
      const Bytes key = rnd.bytes(i % 2 ? 16 : 32);
      auto g = AesGcm::create(key, backend);
      ASSERT_TRUE(g.ok());
      const Bytes iv = rnd.bytes(i % 5 == 0 ? 1 + rnd.below(30) : 12);
      const Bytes aad = rnd.bytes(rnd.below(100));
      const Bytes pt = rnd.bytes(rnd.below(3000));
      const Sealed want = seal(*g, iv, aad, pt, false);
      for (auto dir : {GcmStream::Direction::seal, GcmStream::Direction::open}) {
        auto s = GcmStream::start(*g, iv, dir);
        ASSERT_TRUE(s.ok());
        for (std::size_t off = 0; off < aad.size();) {
          const std::size_t n = std::min(rnd.below(40), aad.size() - off);
          ASSERT_TRUE(s->aad(std::span(aad).subspan(off, n)).ok());
          off += n;
        }
        const Bytes& in = dir == GcmStream::Direction::seal ? pt : want.ct;
        Bytes out = in;
        for (std::size_t off = 0; off < in.size();) {
          const std::size_t n = std::min(rnd.below(rnd.below(2) ? 40 : 700), in.size() - off);
          auto piece = std::span(out).subspan(off, n);
          ASSERT_TRUE(s->update(piece, piece).ok());  // in place
          off += n;
        }
        if (dir == GcmStream::Direction::seal) {
          std::array<std::uint8_t, 16> tag{};
          ASSERT_TRUE(s->finish(tag).ok());
          EXPECT_EQ(out, want.ct) << to_string(backend);
          EXPECT_EQ(tag, want.tag) << to_string(backend);
        } else {
          auto ok = s->verify(want.tag);
          ASSERT_TRUE(ok.ok());
          EXPECT_TRUE(ok->declassify()) << to_string(backend);
          EXPECT_EQ(out, pt) << to_string(backend);
        }
      }
    }
  }
}

TEST(GcmStream, EnforcesTheOrderOfCalls) {
  const Bytes key(16, 1), iv(12, 2);
  auto g = AesGcm::create(key);
  ASSERT_TRUE(g.ok());
  auto s = GcmStream::start(*g, iv, GcmStream::Direction::seal);
  ASSERT_TRUE(s.ok());
  std::array<std::uint8_t, 4> buf{};
  ASSERT_TRUE(s->update(buf, buf).ok());
  EXPECT_FALSE(s->aad(buf).ok());  // AAD after text
  std::array<std::uint8_t, 16> tag{};
  EXPECT_FALSE(s->verify(tag).ok());  // verify on a seal stream
  ASSERT_TRUE(s->finish(tag).ok());
  EXPECT_FALSE(s->finish(tag).ok());                                        // twice
  EXPECT_FALSE(GcmStream::start(*g, {}, GcmStream::Direction::seal).ok());  // empty IV
}

TEST(AeadAesGcm, SealOpenInPlaceAndFailures) {
  test::TestRandom rnd(3);
  for (bool portable : {true, false}) {
    ScopedPortable scope(portable);
    for (AeadId id : {AeadId::aes128_gcm, AeadId::aes256_gcm}) {
      EXPECT_EQ(key_size(id), id == AeadId::aes128_gcm ? 16u : 32u);
      const Bytes key = rnd.bytes(key_size(id));
      auto aead = make_aead(id, key);
      ASSERT_TRUE(aead.ok());
      EXPECT_EQ((*aead)->id(), id);
      if (portable) {
        EXPECT_EQ((*aead)->backend(), "portable");
      }
      std::array<std::uint8_t, 12> nonce{};
      const Bytes aad = rnd.bytes(13), pt = rnd.bytes(1000);
      Bytes buf = pt;
      buf.resize(pt.size() + 16);
      ASSERT_TRUE((*aead)->seal(nonce, aad, std::span(buf).first(pt.size()), buf).ok());
      const Bytes sealed = buf;
      ASSERT_TRUE((*aead)->open(nonce, aad, buf, std::span(buf).first(pt.size())).ok());
      EXPECT_TRUE(std::equal(pt.begin(), pt.end(), buf.begin()));
      // Every single-bit flip of the last byte of the tag or ciphertext fails,
      // with bad_record_mac and a wiped output.
      for (std::size_t pos : {std::size_t{0}, pt.size() - 1, pt.size(), sealed.size() - 1}) {
        Bytes bad = sealed;
        bad[pos] ^= 0x10;
        Bytes out(pt.size(), 0x77);
        auto r = (*aead)->open(nonce, aad, bad, out);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().alert, AlertDescription::bad_record_mac);
        EXPECT_EQ(out, Bytes(pt.size(), 0));
      }
      Bytes small(15), none;
      auto r = (*aead)->open(nonce, aad, small, none);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().alert, AlertDescription::bad_record_mac);
      Bytes wrong(3);
      EXPECT_EQ((*aead)->seal(nonce, aad, pt, wrong).error().alert,
                AlertDescription::internal_error);
    }
  }
  EXPECT_FALSE(make_aead(AeadId::aes128_gcm, Bytes(32)).ok());
  EXPECT_EQ(name(AeadId::aes128_gcm), "AES-128-GCM");
  EXPECT_EQ(name(AeadId::aes256_gcm), "AES-256-GCM");
}

}  // namespace
}  // namespace glasstls::crypto
