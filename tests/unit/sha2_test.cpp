#include "crypto/sha2.hpp"

#include <gtest/gtest.h>

#include "crypto/cpu.hpp"
#include "crypto/hex.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::as_bytes;

TEST(Sha2, AbcDigests) {
  // FIPS 180-4 examples (also in vectors/sha2-fips180.kat).
  EXPECT_EQ(to_hex(Sha256::hash(as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(Sha384::hash(as_bytes("abc"))),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(to_hex(Sha512::hash(as_bytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Sha2, ForkedStateFinishesIndependently) {
  // A transcript hash: hash "ab", fork, then continue the original with "c".
  Sha256 h;
  h.update(as_bytes("ab"));
  Sha256 fork = h;
  h.update(as_bytes("c"));
  EXPECT_EQ(h.finish(), Sha256::hash(as_bytes("abc")));
  EXPECT_EQ(fork.finish(), Sha256::hash(as_bytes("ab")));
  // finish() resets: the object hashes a new message from scratch.
  h.update(as_bytes("abc"));
  EXPECT_EQ(h.finish(), Sha256::hash(as_bytes("abc")));

  Hash t(HashId::sha384);
  t.update(as_bytes("ab"));
  Hash t2 = t;
  t2.update(as_bytes("c"));
  std::array<std::uint8_t, 48> out;
  t2.finish(out);
  EXPECT_EQ(out, Sha384::hash(as_bytes("abc")));
}

TEST(Sha2, StreamingEqualsOneShotAcrossBlockBoundaries) {
  test::TestRandom rnd(7);
  const auto data = rnd.bytes(600);
  for (HashId id : {HashId::sha256, HashId::sha384, HashId::sha512}) {
    for (std::size_t len :
         {0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 255, 600}) {
      const auto msg = std::span(data).first(len);
      std::vector<std::uint8_t> one(digest_size(id)), streamed(digest_size(id));
      hash(id, msg, one);
      Hash h(id);
      for (std::size_t i = 0; i < len;) {
        const std::size_t n = std::min<std::size_t>(len - i, 1 + rnd.below(70));
        h.update(msg.subspan(i, n));
        i += n;
      }
      h.finish(streamed);
      EXPECT_EQ(one, streamed) << name(id) << " len " << len;
    }
  }
}

TEST(Sha256Backends, ShaNiAgreesWithPortable) {
  if (!cpu_features().sha_ni) GTEST_SKIP() << "this CPU has no SHA extensions";
  test::TestRandom rnd(11);
  for (std::size_t blocks = 1; blocks <= 40; ++blocks) {
    const auto data = rnd.bytes(64 * blocks);
    std::uint32_t a[8], b[8];
    for (int i = 0; i < 8; ++i) a[i] = b[i] = static_cast<std::uint32_t>(rnd.next());
    sha256_compress_portable(a, data.data(), blocks);
    sha256_compress_shani(b, data.data(), blocks);
    EXPECT_EQ(std::vector<std::uint32_t>(a, a + 8), std::vector<std::uint32_t>(b, b + 8))
        << blocks << " blocks";
  }
}

TEST(Sha256Backends, PortableCanBeForced) {
  {
    ScopedPortable portable;
    EXPECT_FALSE(Sha256().accelerated());
    EXPECT_EQ(sha256_default_compress(), &sha256_compress_portable);
  }
  if (cpu_features().sha_ni && !portable_forced()) {
    EXPECT_TRUE(Sha256().accelerated());
  }
}

}  // namespace
}  // namespace glasstls::crypto
