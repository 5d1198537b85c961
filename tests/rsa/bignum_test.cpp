// BigInt (public arithmetic) and the Montgomery core (crypto/mont.hpp):
// random values checked against identities and against each other, plus the
// edge cases (one-limb moduli, full top limbs, odd limb counts, m - 1).
#include <gtest/gtest.h>

#include "crypto/bignum.hpp"
#include "crypto/cpu.hpp"
#include "crypto/mont.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

BigInt random_big(test::TestRandom& r, std::size_t max_bytes) {
  const std::size_t n = 1 + r.below(max_bytes);
  return BigInt::from_bytes(r.bytes(n));
}

BigInt random_odd_modulus(test::TestRandom& r, std::size_t bytes) {
  auto b = r.bytes(bytes);
  b[0] |= 0x80;
  b.back() |= 1;
  return BigInt::from_bytes(b);
}

// Reference: square-and-multiply with BigInt's division.
BigInt slow_pow(const BigInt& b, const BigInt& e, const BigInt& m) {
  BigInt acc(1), base = b % m;
  for (std::size_t i = e.bit_length(); i-- > 0;) {
    acc = (acc * acc) % m;
    if (e.bit(i)) acc = (acc * base) % m;
  }
  return acc % m;
}

TEST(BigInt, HexAndBytesRoundTrip) {
  EXPECT_EQ(BigInt().to_hex(), "0");
  EXPECT_EQ(BigInt::from_hex("000001").to_hex(), "1");
  const auto v = BigInt::from_hex("0123456789abcdef0fedcba987654321ff");
  EXPECT_EQ(v.to_hex(), "123456789abcdef0fedcba987654321ff");
  EXPECT_EQ(BigInt::from_bytes(v.to_bytes()), v);
  std::vector<std::uint8_t> out(20);
  ASSERT_TRUE(v.to_bytes(out));
  EXPECT_EQ(test::hex(out), "0000000123456789abcdef0fedcba987654321ff");
  std::vector<std::uint8_t> small(16);
  EXPECT_FALSE(v.to_bytes(small));
  BigInt bad;
  EXPECT_FALSE(BigInt::parse_hex("12g4", bad));
}

TEST(BigInt, DivisionIdentityOnRandomValues) {
  test::TestRandom r(11);
  for (int i = 0; i < 3000; ++i) {
    const BigInt a = random_big(r, 300), b = random_big(r, 150);
    if (b.is_zero()) continue;
    BigInt q, rem;
    BigInt::divmod(a, b, q, rem);
    ASSERT_LT(rem, b);
    ASSERT_EQ(q * b + rem, a) << a.to_hex() << " / " << b.to_hex();
    ASSERT_EQ((a + b) - b, a);
  }
}

TEST(BigInt, DivisionEdgeCases) {
  // Divisors that make Knuth's qhat estimate too large (top digit 0x8000...).
  const BigInt b = BigInt::from_hex("80000000000000000000000000000001");
  const BigInt a =
      BigInt::from_hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  EXPECT_EQ((a / b) * b + a % b, a);
  EXPECT_EQ(BigInt(100) / BigInt(7), BigInt(14));
  EXPECT_EQ(BigInt(100) % BigInt(7), BigInt(2));
  EXPECT_EQ(BigInt(5) % BigInt(7), BigInt(5));
  EXPECT_EQ(BigInt::from_hex("10000000000000000").mod_u64(3), 1u);
}

TEST(BigInt, GcdAndInverse) {
  EXPECT_EQ(gcd(BigInt(12), BigInt(18)), BigInt(6));
  BigInt inv;
  EXPECT_FALSE(mod_inverse(BigInt(6), BigInt(9), inv));
  test::TestRandom r(12);
  for (int i = 0; i < 200; ++i) {
    const BigInt m = random_odd_modulus(r, 64), a = random_big(r, 64);
    if (gcd(a, m) != BigInt(1)) continue;
    ASSERT_TRUE(mod_inverse(a, m, inv));
    ASSERT_EQ((a * inv) % m, BigInt(1));
  }
}

TEST(Montgomery, InitRejectsEvenAndOversizedModuli) {
  mont::Modulus m;
  const mont::Limb even[] = {4};
  EXPECT_FALSE(m.init(even));
  const mont::Limb one[] = {1};
  EXPECT_FALSE(m.init(one));
  std::vector<mont::Limb> big(mont::kMaxLimbs + 1, 1);
  EXPECT_FALSE(m.init(big));
}

TEST(Montgomery, MulReduceAndExpAgreeWithBigInt) {
  test::TestRandom r(13);
  // Sizes: 1 limb, the unrolled sizes, odd counts (generic path), 4096 bits.
  for (std::size_t bytes : {8u, 24u, 128u, 136u, 192u, 256u, 384u, 504u, 512u}) {
    for (int iter = 0; iter < 4; ++iter) {
      const BigInt m = random_odd_modulus(r, bytes);
      mont::Modulus mod;
      ASSERT_TRUE(mod.init(m.limbs()));
      const std::size_t n = mod.limbs();
      ASSERT_EQ(mod.bits(), m.bit_length());
      BigInt a = random_big(r, bytes) % m, b = random_big(r, bytes) % m;
      if (iter == 0) a = m - BigInt(1), b = m - BigInt(1);  // the largest inputs
      mont::Limbs la{}, lb{}, out{};
      std::copy(a.limbs().begin(), a.limbs().end(), la.begin());
      std::copy(b.limbs().begin(), b.limbs().end(), lb.begin());
      mont::to_mont(mod, la.data(), la.data());
      mont::to_mont(mod, lb.data(), lb.data());
      mont::mul(mod, out.data(), la.data(), lb.data());
      mont::from_mont(mod, out.data(), out.data());
      ASSERT_EQ(BigInt::from_limbs(std::span(out).first(n)), (a * b) % m) << bytes;
      mont::add(mod, out.data(), la.data(), lb.data());
      mont::from_mont(mod, out.data(), out.data());
      ASSERT_EQ(BigInt::from_limbs(std::span(out).first(n)), (a + b) % m);
      mont::sub(mod, out.data(), la.data(), lb.data());
      mont::from_mont(mod, out.data(), out.data());
      ASSERT_EQ(BigInt::from_limbs(std::span(out).first(n)), (a + m - b) % m);
      // reduce_to_mont on a value of 2.5x the modulus size.
      const BigInt x = BigInt::from_bytes(r.bytes(bytes * 5 / 2));
      mont::reduce_to_mont(mod, out.data(), x.limbs());
      mont::from_mont(mod, out.data(), out.data());
      ASSERT_EQ(BigInt::from_limbs(std::span(out).first(n)), x % m);
      // modexp (constant time) == modexp_public == reference.
      const BigInt e = random_big(r, std::min<std::size_t>(bytes, 40));
      mont::Limbs ct_out{}, pub_out{};
      mont::modexp(mod, ct_out.data(), la.data(), e.limbs());
      mont::modexp_public(mod, pub_out.data(), la.data(), e.limbs());
      const BigInt want = slow_pow(a, e, m);
      ASSERT_EQ(BigInt::from_limbs(std::span(ct_out).first(n)), want) << bytes;
      ASSERT_EQ(BigInt::from_limbs(std::span(pub_out).first(n)), want);
      ASSERT_EQ(mod_pow(a, e, m), want);
    }
  }
}

TEST(Montgomery, ExponentEdgeCases) {
  const BigInt m =
      BigInt::from_hex("f123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  const BigInt a = BigInt::from_hex("1234567");
  EXPECT_EQ(mod_pow(a, BigInt(), m), BigInt(1));
  EXPECT_EQ(mod_pow(a, BigInt(1), m), a);
  EXPECT_EQ(mod_pow(BigInt(), BigInt(5), m), BigInt());
  mont::Modulus mod;
  ASSERT_TRUE(mod.init(m.limbs()));
  mont::Limbs base{}, out{};
  std::copy(a.limbs().begin(), a.limbs().end(), base.begin());
  mont::to_mont(mod, base.data(), base.data());
  const mont::Limb zero_exp[3] = {};
  mont::modexp(mod, out.data(), base.data(), zero_exp);  // all-zero windows
  EXPECT_EQ(BigInt::from_limbs(std::span(out).first(mod.limbs())), BigInt(1));
}

}  // namespace
}  // namespace glasstls::crypto

namespace glasstls::crypto {
namespace {

// The MULX/ADX rows and the base x86-64 rows must give the same products, for
// every limb count (multiples of four use the ADX blocks, the rest the tail).
TEST(MontgomeryBackends, AdxRowsAgreeWithBaseRows) {
  if (!cpu_features().bmi2 || !cpu_features().adx) GTEST_SKIP() << "no BMI2/ADX on this CPU";
  EXPECT_EQ(mont::adx_enabled(), !portable_forced());
  test::TestRandom r(99);
  for (std::size_t limbs = 1; limbs <= mont::kMaxLimbs; ++limbs) {
    mont::Limbs m{}, a{}, b{};
    for (std::size_t i = 0; i < limbs; ++i) m[i] = r.next();
    m[0] |= 1;
    m[limbs - 1] |= std::uint64_t{1} << 63;
    mont::Modulus mod;
    ASSERT_TRUE(mod.init(std::span(m).first(limbs)));
    for (int iter = 0; iter < 3; ++iter) {
      for (std::size_t i = 0; i < limbs; ++i) {
        a[i] = iter == 0 ? m[i] - (i == 0 ? 1 : 0) : r.next();  // m-1: the largest input
        b[i] = iter == 0 ? a[i] : r.next();
      }
      a[limbs - 1] &= m[limbs - 1] - 1;  // keep a, b < m
      b[limbs - 1] &= m[limbs - 1] - 1;
      mont::Limbs fast{}, base{};
      {
        ScopedPortable adx(false);
        ASSERT_TRUE(mont::adx_enabled());
        mont::mul(mod, fast.data(), a.data(), b.data());
      }
      {
        ScopedPortable portable(true);
        ASSERT_FALSE(mont::adx_enabled());
        mont::mul(mod, base.data(), a.data(), b.data());
      }
      ASSERT_EQ(fast, base) << limbs << " limbs, iteration " << iter;
    }
  }
}

}  // namespace
}  // namespace glasstls::crypto
