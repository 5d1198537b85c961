// GF(2^255 - 19) and the scalars mod L, on the values where carries and
// reductions are delicate (p - 1, p, p + 1, 2^255 - 1, L - 1, L, 2^512 - 1).
#include <gtest/gtest.h>

#include <array>

#include "crypto/ed25519_scalar.hpp"
#include "crypto/field25519.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;
using test::unhex;
using Bytes32 = std::array<std::uint8_t, 32>;

Bytes32 b32(const std::string& h) {
  Bytes32 out{};
  const auto v = unhex(h);
  std::copy_n(v.begin(), 32, out.begin());
  return out;
}

f25519::Fe fe(const std::string& h) { return f25519::from_bytes(b32(h)); }

const char* kP = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const char* kPMinus1 = "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const char* kZero = "0000000000000000000000000000000000000000000000000000000000000000";
// (2^512 - 1) mod L, computed with Python's integers.
const char* kReduced512 = "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903";

TEST(Field25519, CanonicalEncoding) {
  EXPECT_EQ(hex(f25519::to_bytes(fe(kP))), kZero);
  EXPECT_EQ(hex(f25519::to_bytes(fe(kPMinus1))), kPMinus1);
  EXPECT_EQ(
      hex(f25519::to_bytes(fe("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))),
      "0100000000000000000000000000000000000000000000000000000000000000");
  // 2^255 - 1 = p + 18.
  EXPECT_EQ(
      hex(f25519::to_bytes(fe("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))),
      "1200000000000000000000000000000000000000000000000000000000000000");
  // RFC 7748 §5: bit 255 is masked.
  EXPECT_EQ(
      hex(f25519::to_bytes(fe("0900000000000000000000000000000000000000000000000000000000000080"))),
      "0900000000000000000000000000000000000000000000000000000000000000");
}

TEST(Field25519, Arithmetic) {
  const auto minus1 = fe(kPMinus1);
  EXPECT_EQ(hex(f25519::to_bytes(f25519::sqr(minus1))),
            "0100000000000000000000000000000000000000000000000000000000000000");
  EXPECT_EQ(hex(f25519::to_bytes(f25519::add(minus1, f25519::kOne))), kZero);
  EXPECT_EQ(hex(f25519::to_bytes(f25519::sub(f25519::kZero, f25519::kOne))), kPMinus1);
  EXPECT_EQ(hex(f25519::to_bytes(f25519::invert(f25519::kZero))), kZero);
  test::TestRandom r(255);
  for (int i = 0; i < 200; ++i) {
    auto bytes = r.bytes(32);
    Bytes32 a_bytes;
    std::copy_n(bytes.begin(), 32, a_bytes.begin());
    const auto a = f25519::from_bytes(a_bytes);
    if (f25519::is_zero(a).declassify()) continue;
    EXPECT_EQ(hex(f25519::to_bytes(f25519::mul(a, f25519::invert(a)))),
              "0100000000000000000000000000000000000000000000000000000000000000");
    // (a + 1)^2 = a^2 + 2a + 1
    const auto lhs = f25519::sqr(f25519::add(a, f25519::kOne));
    const auto rhs = f25519::add(
        f25519::carry(f25519::add(f25519::sqr(a), f25519::mul_small(a, 2))), f25519::kOne);
    EXPECT_TRUE(f25519::eq(lhs, rhs).declassify());
  }
}

TEST(Ed25519Scalar, Reduction) {
  // L - 1 stays, L becomes 0 (reduce256), 2^512 - 1 mod L (computed with Python).
  const char* l_minus_1 = "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
  const char* l = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
  EXPECT_EQ(hex(ed25519::to_bytes(ed25519::reduce256(b32(l_minus_1)))), l_minus_1);
  EXPECT_EQ(hex(ed25519::to_bytes(ed25519::reduce256(b32(l)))), kZero);
  EXPECT_TRUE(ed25519::is_canonical(b32(l_minus_1)));
  EXPECT_FALSE(ed25519::is_canonical(b32(l)));
  std::array<std::uint8_t, 64> all_ones;
  all_ones.fill(0xff);
  EXPECT_EQ(hex(ed25519::to_bytes(ed25519::reduce512(all_ones))), kReduced512);
  // (L-1)(L-1) + (L-1) = L(L-1) = 0 mod L.
  const auto m = ed25519::reduce256(b32(l_minus_1));
  EXPECT_EQ(hex(ed25519::to_bytes(ed25519::mul_add(m, m, m))), kZero);
}

}  // namespace
}  // namespace glasstls::crypto
