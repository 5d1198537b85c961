// The SHA-512 compression backends (sha512_avx2.cpp, sha512_avx512.cpp) against
// the portable one: random states and blocks for every block count up to and
// past the two-block batches, unaligned input, every message length up to
// 1100 and around the block and batch multiples, streamed and split at every
// boundary; the FIPS 180 known answers (vectors/sha2-fips180.kat) on each.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/cpu.hpp"
#include "crypto/sha2.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::crypto {
namespace {

struct Backend {
  std::string name;
  Sha512CompressFn compress;
};

// The accelerated backends this CPU can run (whether or not portable is forced).
std::vector<Backend> accelerated_backends() {
  const CpuFeatures& f = cpu_features();
  std::vector<Backend> b;
  if (f.avx2 && f.bmi2) b.push_back({"avx2", &sha512_compress_avx2});
  if (f.avx2 && f.bmi2 && f.avx512f && f.avx512vl) b.push_back({"avx512", &sha512_compress_avx512});
  return b;
}

class Sha512Backends : public ::testing::Test {
 protected:
  void SetUp() override {
    backends_ = accelerated_backends();
    if (backends_.empty()) GTEST_SKIP() << "this CPU has no AVX2+BMI2";
  }
  std::vector<Backend> backends_;
};

// Digest of msg through Sha512Family<N> with the given compression function.
template <std::size_t N>
std::vector<std::uint8_t> digest(Sha512CompressFn compress, std::span<const std::uint8_t> msg) {
  Sha512Family<N> h(compress);
  h.update(msg);
  const auto d = h.finish();
  return {d.begin(), d.end()};
}

TEST_F(Sha512Backends, CompressAgreesWithPortableForEveryBlockCount) {
  test::TestRandom rnd(512);
  for (const auto& b : backends_) {
    for (std::size_t blocks = 0; blocks <= 21; ++blocks) {
      for (std::size_t offset : {0, 1, 7}) {  // unaligned input too
        const auto buf = rnd.bytes(offset + 128 * blocks);
        std::uint64_t expected[8], got[8];
        for (int i = 0; i < 8; ++i) expected[i] = got[i] = rnd.next();
        sha512_compress_portable(expected, buf.data() + offset, blocks);
        b.compress(got, buf.data() + offset, blocks);
        EXPECT_EQ(std::vector<std::uint64_t>(expected, expected + 8),
                  std::vector<std::uint64_t>(got, got + 8))
            << b.name << ": " << blocks << " blocks at offset " << offset;
      }
    }
  }
}

TEST_F(Sha512Backends, DigestsAgreeWithPortableAtEveryLength) {
  test::TestRandom rnd(384);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 1100; ++n) lengths.push_back(n);
  for (std::size_t unit : {16, 64, 128, 256, 512, 1024}) {
    for (std::size_t m = 2; m * unit <= 16384; m *= 2) {
      for (std::size_t n : {m * unit - 1, m * unit, m * unit + 1}) {
        if (n > 1100) lengths.push_back(n);
      }
    }
  }
  const auto data = rnd.bytes(16384 + 1 + 8);
  for (const auto& b : backends_) {
    for (std::size_t n : lengths) {
      const std::size_t offset = n % 8;  // a different alignment for each length
      const auto msg = std::span(data).subspan(offset, n);
      EXPECT_EQ(digest<64>(b.compress, msg), digest<64>(&sha512_compress_portable, msg))
          << b.name << " SHA-512, length " << n;
      EXPECT_EQ(digest<48>(b.compress, msg), digest<48>(&sha512_compress_portable, msg))
          << b.name << " SHA-384, length " << n;
    }
  }
}

TEST_F(Sha512Backends, StreamingSplitAtEveryBoundary) {
  test::TestRandom rnd(5120);
  const auto msg = rnd.bytes(700);  // more than a batch of two blocks, plus a tail
  const auto expected = digest<64>(&sha512_compress_portable, msg);
  for (const auto& b : backends_) {
    for (std::size_t split = 0; split <= msg.size(); ++split) {
      Sha512 h(b.compress);
      h.update(std::span(msg).first(split));
      h.update(std::span(msg).subspan(split));
      const auto d = h.finish();
      EXPECT_EQ(std::vector<std::uint8_t>(d.begin(), d.end()), expected)
          << b.name << ": split at " << split;
    }
    // Uneven pieces, so the buffer is partly full at every kind of call.
    Sha512 h(b.compress);
    for (std::size_t i = 0; i < msg.size();) {
      const std::size_t n = std::min<std::size_t>(msg.size() - i, 1 + rnd.below(300));
      h.update(std::span(msg).subspan(i, n));
      i += n;
    }
    const auto d = h.finish();
    EXPECT_EQ(std::vector<std::uint8_t>(d.begin(), d.end()), expected) << b.name << ": pieces";
  }
}

TEST_F(Sha512Backends, Fips180KnownAnswers) {
  const auto text = test::read_file(test::vectors_dir() / "sha2-fips180.kat");
  vectors::KatParseError error;
  const auto file = vectors::parse_kat("sha2-fips180.kat", text, &error);
  ASSERT_TRUE(error.message.empty()) << error.line << ": " << error.message;
  std::size_t checked = 0;
  for (const auto& b : backends_) {
    for (const auto& r : file.records) {
      if (r.section != "sha384" && r.section != "sha512") continue;
      const auto& msg = r.bytes("msg");
      const auto got = r.section == "sha384" ? digest<48>(b.compress, msg)
                                             : digest<64>(b.compress, msg);
      EXPECT_EQ(test::hex(got), test::hex(r.bytes("md"))) << b.name << ": " << r.name;
      ++checked;
    }
  }
  EXPECT_GE(checked, 8 * backends_.size());
}

TEST(Sha512Dispatch, PicksTheBestBackendUnlessPortableIsForced) {
  {
    ScopedPortable portable;
    EXPECT_EQ(sha512_default_compress(), &sha512_compress_portable);
    EXPECT_FALSE(Sha384().accelerated());
    EXPECT_FALSE(Sha512().accelerated());
  }
  ScopedPortable accelerated(false);
  const auto backends = accelerated_backends();
  if (backends.empty()) {
    EXPECT_EQ(sha512_default_compress(), &sha512_compress_portable);
  } else {
    EXPECT_EQ(sha512_default_compress(), backends.back().compress);
    EXPECT_TRUE(Sha384().accelerated());
    EXPECT_TRUE(Sha512().accelerated());
  }
}

}  // namespace
}  // namespace glasstls::crypto
