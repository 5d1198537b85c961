// The AVX-512 IFMA exponentiation (crypto/mont_ifma.cpp) against the portable
// modexp() (crypto/mont.cpp) and BigInt: random moduli of every 16-limb size,
// random and extreme bases and exponents, values that fill 52-bit limbs (the
// carries of the radix-2^52 normalization), and the dispatch in modexp_pair().
#include <gtest/gtest.h>

#include "crypto/bignum.hpp"
#include "crypto/cpu.hpp"
#include "crypto/mont.hpp"
#include "crypto/mont_ifma.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

constexpr std::size_t kLimbs = 16;

bool have_ifma() { return cpu_features().avx512ifma && cpu_features().avx512vl; }

mont::Limbs limbs_of(const BigInt& v) {
  mont::Limbs out{};
  std::copy(v.limbs().begin(), v.limbs().end(), out.begin());
  return out;
}

BigInt big(const mont::Limbs& v) { return BigInt::from_limbs(std::span(v).first(kLimbs)); }

// An odd modulus of exactly `bits` bits (961..1024: 16 limbs).
BigInt random_modulus(test::TestRandom& r, std::size_t bits) {
  mont::Limbs m{};
  for (std::size_t i = 0; i < kLimbs; ++i) m[i] = r.next();
  const std::size_t top = bits - 1 - 64 * (kLimbs - 1);
  m[kLimbs - 1] &= (std::uint64_t{2} << top) - 1;
  m[kLimbs - 1] |= std::uint64_t{1} << top;
  m[0] |= 1;
  return big(m);
}

struct Case {
  BigInt m, base, exp;
};

// Runs the pair (a, b) through modexp_pair_ifma and checks each result against
// the portable modexp() and, when `reference`, against BigInt's mod_pow.
void check_pair(const Case& a, const Case& b, bool reference) {
  mont::Modulus ma, mb;
  ASSERT_TRUE(ma.init(a.m.limbs()));
  ASSERT_TRUE(mb.init(b.m.limbs()));
  ASSERT_EQ(ma.limbs(), kLimbs);
  ASSERT_EQ(mb.limbs(), kLimbs);
  mont::Limbs xa = limbs_of(a.base), xb = limbs_of(b.base);
  mont::to_mont(ma, xa.data(), xa.data());
  mont::to_mont(mb, xb.data(), xb.data());
  const mont::Limbs ea = limbs_of(a.exp), eb = limbs_of(b.exp);
  mont::Limbs want_a{}, want_b{};
  {
    ScopedPortable portable(true);
    mont::modexp(ma, want_a.data(), xa.data(), std::span(ea).first(kLimbs));
    mont::modexp(mb, want_b.data(), xb.data(), std::span(eb).first(kLimbs));
  }
  mont::Limbs out_a{}, out_b = xb;  // out_b aliases its base
  mont::modexp_pair_ifma(ma, out_a.data(), xa.data(), std::span(ea).first(kLimbs), mb, out_b.data(),
                         out_b.data(), std::span(eb).first(kLimbs));
  ASSERT_EQ(big(out_a), big(want_a))
      << "m = " << a.m.to_hex() << "\nbase = " << a.base.to_hex() << "\nexp = " << a.exp.to_hex();
  ASSERT_EQ(big(out_b), big(want_b))
      << "m = " << b.m.to_hex() << "\nbase = " << b.base.to_hex() << "\nexp = " << b.exp.to_hex();
  if (reference) {
    ASSERT_EQ(big(out_a), mod_pow(a.base, a.exp, a.m));
    ASSERT_EQ(big(out_b), mod_pow(b.base, b.exp, b.m));
  }
}

BigInt random_below(test::TestRandom& r, const BigInt& m) {
  return BigInt::from_bytes(r.bytes(136)) % m;
}

TEST(MontIfma, RandomModuliBasesAndExponents) {
  if (!have_ifma()) GTEST_SKIP() << "no AVX-512 IFMA/VL on this CPU";
  test::TestRandom r(1040);
  // Every size a 16-limb modulus can have, from 961 to 1024 bits, paired with
  // a full 1024-bit modulus (the RSA-2048 case) or an unbalanced one.
  for (std::size_t bits = 961; bits <= 1024; ++bits) {
    Case a{random_modulus(r, bits), {}, {}}, b{random_modulus(r, bits % 2 ? 1024 : 1000), {}, {}};
    a.base = random_below(r, a.m);
    b.base = random_below(r, b.m);
    a.exp = BigInt::from_bytes(r.bytes(128));
    b.exp = BigInt::from_bytes(r.bytes(128));
    check_pair(a, b, bits % 16 == 0);
  }
}

TEST(MontIfma, EdgeBasesExponentsAndModuli) {
  if (!have_ifma()) GTEST_SKIP() << "no AVX-512 IFMA/VL on this CPU";
  test::TestRandom r(52);
  const BigInt one(1), two52 = BigInt(1).shl(52);
  // Moduli: the largest (2^1024 - 1), the smallest 16-limb one (2^960 + 1),
  // 52-bit limbs all ones (2^1024 - 2^52 + 1 ...), and random ones.
  std::vector<BigInt> moduli = {one.shl(1024) - one,         one.shl(960) + one,
                                one.shl(1024) - two52 + one, one.shl(1023) + one,
                                random_modulus(r, 1024),     random_modulus(r, 1017)};
  std::vector<Case> cases;
  for (const BigInt& m : moduli) {
    // Bases: 0, 1, 2, m - 1, m - 2, limb-boundary values 2^52 - 1, 2^52,
    // 2^104 - 1, 2^(52*19) and 2^1023 mod m (filling 52-bit limbs with ones).
    std::vector<BigInt> bases = {BigInt(),
                                 one,
                                 BigInt(2),
                                 m - one,
                                 m - BigInt(2),
                                 two52 - one,
                                 two52,
                                 one.shl(104) - one,
                                 one.shl(52 * 19) % m,
                                 one.shl(1023) % m,
                                 (one.shl(1000) - one) % m};
    // Exponents: 0, 1, 2, all ones (every window 31), only the top bit (one
    // non-zero window, the top), m - 1, random.
    std::vector<BigInt> exps = {BigInt(),
                                one,
                                BigInt(2),
                                one.shl(1024) - one,
                                one.shl(1023),
                                m - one,
                                BigInt::from_bytes(r.bytes(128))};
    for (const BigInt& base : bases) {
      for (const BigInt& exp : exps) cases.push_back(Case{m, base, exp});
    }
  }
  // Two cases per call: each one is the first half of one pair or the second
  // (whose output aliases its base), so every case runs once.
  for (std::size_t i = 0; i + 1 < cases.size(); i += 2) {
    check_pair(cases[i], cases[i + 1],
               cases[i].exp.bit_length() < 3 && cases[i + 1].exp.bit_length() < 3);
    if (HasFatalFailure()) return;
  }
}

TEST(MontIfma, ModexpPairDispatch) {
  test::TestRandom r(7);
  {
    ScopedPortable portable(true);
    EXPECT_FALSE(mont::ifma_enabled());
  }
  EXPECT_EQ(mont::ifma_enabled(), have_ifma() && !portable_forced());
  // modexp_pair gives modexp's results whichever path it takes: 16 limbs (the
  // IFMA path where the CPU has it) and 24 limbs (two modexp calls).
  for (std::size_t bits : {1024u, 1536u}) {
    const BigInt m1 = [&] {
      auto b = r.bytes(bits / 8);
      b[0] |= 0x80;
      b.back() |= 1;
      return BigInt::from_bytes(b);
    }();
    const BigInt m2 = m1 + BigInt(2);
    mont::Modulus ma, mb;
    ASSERT_TRUE(ma.init(m1.limbs()));
    ASSERT_TRUE(mb.init(m2.limbs()));
    const std::size_t n = ma.limbs();
    const BigInt x = BigInt::from_bytes(r.bytes(bits / 8 - 1));
    const BigInt e1 = BigInt::from_bytes(r.bytes(bits / 8)), e2 = e1 + BigInt(1);
    mont::Limbs xa = limbs_of(x), xb = limbs_of(x), ea = limbs_of(e1), eb = limbs_of(e2);
    mont::to_mont(ma, xa.data(), xa.data());
    mont::to_mont(mb, xb.data(), xb.data());
    mont::Limbs oa{}, ob{};
    mont::modexp_pair(ma, oa.data(), xa.data(), std::span(ea).first(n), mb, ob.data(), xb.data(),
                      std::span(eb).first(n));
    EXPECT_EQ(BigInt::from_limbs(std::span(oa).first(n)), mod_pow(x, e1, m1)) << bits;
    EXPECT_EQ(BigInt::from_limbs(std::span(ob).first(n)), mod_pow(x, e2, m2)) << bits;
  }
}

}  // namespace
}  // namespace glasstls::crypto
