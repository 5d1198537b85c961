// safegcd_inverse (crypto/safegcd.hpp) against Fermat's a^(m-2) of the
// portable field (ec_field.hpp), modulo P-256's p and n: edge values (0, 1,
// 2, m-1, m-2, (m+-1)/2, powers of two, values with the high bits set, limbs
// of all ones or zeros) and random ones; plain (c = 1), Montgomery form
// (c = R^2 mod m) and an arbitrary factor c; and safegcd_inverse_pair
// against two single inversions.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/ec_field.hpp"
#include "crypto/p256_moduli.hpp"
#include "crypto/rng.hpp"
#include "crypto/safegcd.hpp"

namespace glasstls::crypto::ec {
namespace {

using Fe = Limbs<4>;

// m - v for a small v.
template <class F>
Fe minus(std::uint64_t v) {
  Fe r;
  F::sub(r, Fe{}, Fe{v, 0, 0, 0});
  return r;
}

template <class F>
std::vector<Fe> edge_values() {
  const Fe& m = F::m;
  std::vector<Fe> v = {
      Fe{}, Fe{1, 0, 0, 0}, Fe{2, 0, 0, 0}, Fe{3, 0, 0, 0}, minus<F>(1), minus<F>(2), minus<F>(3),
      // (m - 1) / 2 and (m + 1) / 2
      Fe{(m[0] >> 1) | (m[1] << 63), (m[1] >> 1) | (m[2] << 63), (m[2] >> 1) | (m[3] << 63),
         m[3] >> 1},
      Fe{((m[0] >> 1) | (m[1] << 63)) + 1, (m[1] >> 1) | (m[2] << 63), (m[2] >> 1) | (m[3] << 63),
         m[3] >> 1},
      Fe{0, 0, 0, std::uint64_t{1} << 63},             // 2^255
      Fe{1, 0, 0, std::uint64_t{1} << 63},             // 2^255 + 1
      Fe{~0ULL, ~0ULL, ~0ULL, 0x7fffffffffffffffULL},  // 2^255 - 1
      Fe{~0ULL, ~0ULL, ~0ULL, 0},                      // 2^192 - 1
      Fe{0, 0, 0, 0xfffffffe00000000ULL},              // high bits only
      Fe{~0ULL, 0, ~0ULL, 0xf000000000000000ULL}, Fe{0, ~0ULL, 0, 0xf000000000000000ULL}};
  for (int k = 1; k < 256; k += 13) {  // powers of two, and 2^62-limb boundaries
    Fe p{};
    p[static_cast<std::size_t>(k / 64)] = std::uint64_t{1} << (k % 64);
    v.push_back(p);
  }
  for (int k : {62, 124, 186, 248}) {
    Fe p{};
    p[static_cast<std::size_t>(k / 64)] = std::uint64_t{1} << (k % 64);
    v.push_back(p);
    Fe q;
    F::sub(q, p, Fe{1, 0, 0, 0});
    v.push_back(q);
  }
  return v;
}

template <class F>
std::vector<Fe> random_values(std::uint64_t seed, int count) {
  auto rng = HmacDrbg::from_seed(seed);
  std::vector<Fe> v;
  while (static_cast<int>(v.size()) < count) {
    std::uint8_t b[32];
    rng.fill(b);
    const Fe x = F::load_be(b);
    if (F::lt_modulus(x) != 0) v.push_back(x);
  }
  return v;
}

// Fermat, on plain numbers: from_mont(inv(to_mont(a))).
template <class F>
Fe fermat(const Fe& a) {
  Fe r;
  F::inv(r, F::to_mont(a));
  return F::from_mont(r);
}

template <class F>
void check_all(const std::vector<Fe>& values) {
  static constexpr SafegcdModulus kMod = safegcd_modulus(F::m);
  const Fe one{1, 0, 0, 0};
  const Fe c = random_values<F>(99, 1)[0];
  for (const Fe& a : values) {
    SCOPED_TRACE(::testing::Message()
                 << std::hex << a[3] << " " << a[2] << " " << a[1] << " " << a[0]);
    const Fe want = fermat<F>(a);
    Fe r;
    safegcd_inverse(r, a, one, kMod);
    EXPECT_EQ(r, want);
    if (F::is_zero(a) == 0) {  // a a^-1 = 1
      Fe prod;
      F::mul(prod, F::to_mont(a), F::to_mont(r));
      EXPECT_EQ(F::from_mont(prod), one);
    }
    // Montgomery form: (a R)^-1 R^2 = a^-1 R.
    Fe rm;
    safegcd_inverse(rm, F::to_mont(a), F::rr, kMod);
    EXPECT_EQ(rm, F::to_mont(want));
    // Any factor: c a^-1.
    Fe rc, want_c;
    safegcd_inverse(rc, a, c, kMod);
    F::mul(want_c, F::to_mont(c), F::to_mont(want));
    EXPECT_EQ(rc, F::from_mont(want_c));
  }
}

using Fp = Field<P256p>;
using Fn = Field<P256n>;

TEST(P256Safegcd, EdgeValuesModP) { check_all<Fp>(edge_values<Fp>()); }
TEST(P256Safegcd, EdgeValuesModN) { check_all<Fn>(edge_values<Fn>()); }
TEST(P256Safegcd, RandomValuesModP) { check_all<Fp>(random_values<Fp>(1, 500)); }
TEST(P256Safegcd, RandomValuesModN) { check_all<Fn>(random_values<Fn>(2, 500)); }

// Two inversions at once give what two single ones give: mod p and mod n
// (the signing pair), both mod n, with factors 1 and R^2, on random values
// and edge values (0 among them).
TEST(P256Safegcd, PairMatchesSingles) {
  static constexpr SafegcdModulus kP = safegcd_modulus(P256p::m), kN = safegcd_modulus(P256n::m);
  std::vector<Fe> ap = random_values<Fp>(3, 200), an = random_values<Fn>(4, 200);
  const std::vector<Fe> ep = edge_values<Fp>(), en = edge_values<Fn>();
  ap.insert(ap.end(), ep.begin(), ep.end());
  an.insert(an.end(), en.begin(), en.end());
  const Fe one{1, 0, 0, 0};
  for (std::size_t i = 0; i < ap.size() && i < an.size(); ++i) {
    Fe want_p, want_n, got_p, got_n;
    safegcd_inverse(want_p, ap[i], Fp::rr, kP);
    safegcd_inverse(want_n, an[i], one, kN);
    safegcd_inverse_pair({got_p, ap[i], Fp::rr, kP}, {got_n, an[i], one, kN});
    EXPECT_EQ(got_p, want_p);
    EXPECT_EQ(got_n, want_n);
    const Fe& other = an[an.size() - 1 - i];
    Fe want_o, got_o;
    safegcd_inverse(want_o, other, Fn::rr, kN);
    safegcd_inverse_pair({got_n, an[i], one, kN}, {got_o, other, Fn::rr, kN});
    EXPECT_EQ(got_n, want_n);
    EXPECT_EQ(got_o, want_o);
  }
}

// The modulus in 62-bit limbs, and m^-1 mod 2^62.
TEST(P256Safegcd, ModulusConversion) {
  constexpr SafegcdModulus p = safegcd_modulus(P256p::m);
  EXPECT_EQ((p.inv62 * static_cast<std::uint64_t>(p.limb[0])) & ((std::uint64_t{1} << 62) - 1), 1u);
  // p = 2^256 - 2^224 + 2^192 + 2^96 - 1: limb 4 holds bits 248..255.
  EXPECT_EQ(p.limb[4], 0xff);
  EXPECT_EQ(p.limb[0], static_cast<std::int64_t>((std::uint64_t{1} << 62) - 1));
}

}  // namespace
}  // namespace glasstls::crypto::ec
