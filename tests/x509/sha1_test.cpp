#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "x509/sha1.hpp"

namespace glasstls::x509 {
namespace {

// FIPS 180-4 examples (NIST CSRC "SHA1.pdf" and "SHA1_LongMsg").
TEST(Sha1, FipsVectors) {
  EXPECT_EQ(test::hex(sha1(test::as_bytes("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(
      test::hex(sha1(test::as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(test::hex(sha1({})), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  const std::string million(1000000, 'a');
  EXPECT_EQ(test::hex(sha1(test::as_bytes(million))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// Lengths around the padding boundary (55, 56, 64 bytes) against known digests.
TEST(Sha1, PaddingBoundaries) {
  EXPECT_EQ(test::hex(sha1(test::as_bytes(std::string(55, 'a')))),
            "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(test::hex(sha1(test::as_bytes(std::string(56, 'a')))),
            "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(test::hex(sha1(test::as_bytes(std::string(64, 'a')))),
            "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

}  // namespace
}  // namespace glasstls::x509
