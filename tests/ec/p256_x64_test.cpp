// The dedicated P-256 backend (crypto/p256_x64.cpp) against the portable one
// (ec_curve_impl.hpp over p256.cpp) on random inputs and on edge cases: the
// scalars 1, 2, 15, 16, 17, n-1, n-2, n-16, n - 16^w, scalars whose windows are
// all 0 or all 15, whose 6-bit Booth digits are all negative or all +-32,
// public keys at +-G, verification where u1*G + u2*Q doubles (u1 G = u2 Q) or
// cancels (the point at infinity), and hash values 0 and 2^256 - 1. Both
// backends see the same bytes; every output must be equal.
// Dispatch: p256_ops() picks the dedicated backend unless portable is forced.
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "crypto/cpu.hpp"
#include "crypto/ec_ops.hpp"
#include "crypto/p256_x64.hpp"
#include "crypto/rng.hpp"

namespace glasstls::crypto::ec {
namespace {

using B32 = std::array<std::uint8_t, 32>;
using B64 = std::array<std::uint8_t, 64>;

// n, big-endian.
constexpr B32 kN = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                    0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                    0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

const CurveOps& fast() { return p256_x64_ops(); }
const CurveOps& slow() { return p256_portable_ops(); }

B32 small(std::uint64_t v) {
  B32 b{};
  for (std::size_t i = 0; i < 8; ++i) b[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return b;
}
// a - b (mod 2^256), big-endian.
B32 sub(const B32& a, const B32& b) {
  B32 r{};
  int borrow = 0;
  for (std::size_t i = 32; i-- > 0;) {
    const int d = a[i] - b[i] - borrow;
    r[i] = static_cast<std::uint8_t>(d & 0xff);
    borrow = d < 0 ? 1 : 0;
  }
  return r;
}
B32 n_minus(std::uint64_t v) { return sub(kN, small(v)); }

std::vector<B32> edge_scalars() {
  std::vector<B32> s = {small(1),    small(2),    small(3),    small(15),   small(16),
                        small(17),   small(255),  small(256),  n_minus(1),  n_minus(2),
                        n_minus(15), n_minus(16), n_minus(17), n_minus(256)};
  for (std::size_t w = 1; w < 64; w += 7) {  // n - 16^w, 16^w
    B32 p{};
    p[31 - w / 2] = static_cast<std::uint8_t>(1u << (4 * (w & 1)));
    s.push_back(sub(kN, p));
    s.push_back(p);
  }
  B32 fifteens;  // every window 15 except the top ones (below n)
  fifteens.fill(0xff);
  fifteens[0] = 0x7f;
  s.push_back(fifteens);
  // 2^256 - n and 2 (2^256 - n): d 2^256 mod n for the signed windows' top digit d.
  const B32 r256 = sub(B32{}, kN);
  s.push_back(r256);
  s.push_back(sub(r256, sub(B32{}, r256)));
  B32 signs{};  // every 5-bit window's sign bit (bits 4, 9, ...) set
  for (std::size_t bit = 4; bit < 255; bit += 5)
    signs[31 - bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
  s.push_back(signs);
  B32 signs6{};  // every 6-bit window's sign bit (bits 5, 11, ...) set: digits < 0
  for (std::size_t bit = 5; bit < 255; bit += 6)
    signs6[31 - bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
  s.push_back(signs6);
  B32 digits32;  // all bits but 5, 11, ...: the 6-bit windows' digits are 32 or -32
  for (std::size_t i = 0; i < 32; ++i) digits32[i] = static_cast<std::uint8_t>(~signs6[i]);
  digits32[0] &= 0x7f;  // below n
  s.push_back(digits32);
  B32 sparse{};  // alternating zero and nonzero windows
  for (std::size_t i = 0; i < 32; ++i) sparse[i] = 0x0f;
  s.push_back(sparse);
  return s;
}

std::vector<B32> random_scalars(std::size_t count, std::uint64_t seed) {
  auto rng = HmacDrbg::from_seed(seed);
  std::vector<B32> out;
  while (out.size() < count) {
    B32 k;
    rng.fill(k);
    if (slow().scalar_in_range(k.data()) != 0) out.push_back(k);
  }
  return out;
}

// Runs body with the MULX/ADX field (where the CPU has it) and with the base
// x86-64 one, and leaves the default (MULX/ADX when available) behind.
template <class Body>
void on_both_fields(Body body) {
  for (const bool adx : {true, false}) {
    SCOPED_TRACE(adx ? "MULX/ADX field" : "base field");
    const bool in_use = p256_x64_use_adx(adx);
    if (adx && !in_use) continue;  // this CPU has no BMI2/ADX
    body();
  }
  p256_x64_use_adx(true);
}

B64 pub(const CurveOps& ops, const B32& d) {
  B64 xy{};
  ops.public_from_private(d.data(), xy.data());
  return xy;
}

TEST(P256x64, DispatchFollowsPortableFlag) {
  {
    ScopedPortable portable(true);
    EXPECT_EQ(&p256_ops(), &slow());
  }
  {
    ScopedPortable accelerated(false);
    EXPECT_EQ(&p256_ops(), &fast());
  }
  EXPECT_NE(&fast(), &slow());
  // MULX/ADX exactly when CPUID reports BMI2 and ADX.
  EXPECT_EQ(p256_x64_use_adx(true), cpu_features().bmi2 && cpu_features().adx);
  EXPECT_FALSE(p256_x64_use_adx(false));
  p256_x64_use_adx(true);
}

TEST(P256x64, FixedBaseMatchesPortable) {
  on_both_fields([] {
    auto scalars = edge_scalars();
    for (const auto& k : random_scalars(200, 1)) scalars.push_back(k);
    for (const auto& k : scalars) {
      ASSERT_EQ(pub(fast(), k), pub(slow(), k));
    }
    // 1*G is G (SEC 2 §2.4.2), and (n-1)*G is -G: same x.
    const B64 g = pub(fast(), small(1)), minus_g = pub(fast(), n_minus(1));
    EXPECT_EQ(g[0], 0x6b);
    EXPECT_EQ(g[63], 0xf5);
    EXPECT_TRUE(std::equal(g.begin(), g.begin() + 32, minus_g.begin()));
    EXPECT_FALSE(std::equal(g.begin() + 32, g.end(), minus_g.begin() + 32));
  });
}

TEST(P256x64, EcdhMatchesPortable) {
  on_both_fields([] {
    const auto ds = random_scalars(60, 2), qs = random_scalars(60, 3);
    std::vector<std::pair<B32, B32>> cases;
    for (std::size_t i = 0; i < ds.size(); ++i) cases.emplace_back(ds[i], qs[i]);
    for (const auto& e : edge_scalars()) {
      cases.emplace_back(e, small(1));    // Q = G
      cases.emplace_back(e, n_minus(1));  // Q = -G
      cases.emplace_back(e, ds[0]);
      cases.emplace_back(ds[1], e);
    }
    for (const auto& [d, qd] : cases) {
      const B64 q = pub(slow(), qd);
      B32 x_fast{}, x_slow{};
      const std::uint64_t ok_fast = fast().ecdh(d.data(), q.data(), x_fast.data());
      const std::uint64_t ok_slow = slow().ecdh(d.data(), q.data(), x_slow.data());
      ASSERT_EQ(ok_fast, ~std::uint64_t{0});
      ASSERT_EQ(ok_slow, ~std::uint64_t{0});
      ASSERT_EQ(x_fast, x_slow);
    }
  });
}

TEST(P256x64, SignWithKMatchesPortableAndVerifies) {
  on_both_fields([] {
    const auto ds = random_scalars(40, 4), ks = random_scalars(40, 5), es = random_scalars(40, 6);
    B32 ff;
    ff.fill(0xff);
    std::vector<std::array<B32, 3>> cases;
    for (std::size_t i = 0; i < ds.size(); ++i) cases.push_back({ds[i], ks[i], es[i]});
    for (const auto& e : edge_scalars()) {
      cases.push_back({e, ks[0], es[0]});
      cases.push_back({ds[0], e, es[1]});
    }
    cases.push_back({ds[2], ks[2], B32{}});  // e = 0
    cases.push_back({ds[3], ks[3], ff});     // e = 2^256 - 1 (above n)
    cases.push_back({ds[4], ks[4], kN});     // e = n
    for (const auto& [d, k, e] : cases) {
      B32 r1{}, s1{}, r2{}, s2{};
      const std::uint64_t ok1 =
          fast().sign_with_k(d.data(), k.data(), e.data(), r1.data(), s1.data());
      const std::uint64_t ok2 =
          slow().sign_with_k(d.data(), k.data(), e.data(), r2.data(), s2.data());
      ASSERT_EQ(ok1, ok2);
      ASSERT_EQ(r1, r2);
      ASSERT_EQ(s1, s2);
      if (ok1 == 0) continue;
      const B64 q = pub(slow(), d);
      EXPECT_TRUE(fast().verify(q.data(), e.data(), r1.data(), s1.data()));
      EXPECT_TRUE(slow().verify(q.data(), e.data(), r1.data(), s1.data()));
      B32 e_bad = e;
      e_bad[31] ^= 1;
      EXPECT_FALSE(fast().verify(q.data(), e_bad.data(), r1.data(), s1.data()));
      B32 s_bad = s1;
      s_bad[0] ^= 0x10;  // may leave [1, n-1]: verify's precondition
      if (slow().scalar_in_range(s_bad.data()) != 0) {
        EXPECT_FALSE(fast().verify(q.data(), e.data(), r1.data(), s_bad.data()));
      }
    }
  });
}

// Verification on arbitrary (r, s, e): both backends must reach the same
// verdict, including the exceptional sums of u1*G + u2*Q.
TEST(P256x64, VerifyVerdictsMatchPortable) {
  on_both_fields([] {
    const auto rs = random_scalars(40, 7), ss = random_scalars(40, 8), es = random_scalars(40, 9);
    const B64 g = pub(slow(), small(1));
    const B64 q = pub(slow(), rs[0]);
    struct Case {
      B64 key;
      B32 e, r, s;
    };
    std::vector<Case> cases;
    for (std::size_t i = 0; i < rs.size(); ++i) cases.push_back({q, es[i], rs[i], ss[i]});
    for (const auto& r : edge_scalars()) {
      // Q = G, s = r: u2 = 1. e = r: u1 = 1, and the sum G + G doubles.
      cases.push_back({g, r, r, r});
      // e = -r: u1 = -1, u1*G + u2*Q is the point at infinity (INVALID).
      cases.push_back({g, sub(kN, r), r, r});
      // Q = G with a random e and s.
      cases.push_back({g, es[0], r, ss[0]});
    }
    for (const auto& c : cases) {
      const bool v_fast = fast().verify(c.key.data(), c.e.data(), c.r.data(), c.s.data());
      const bool v_slow = slow().verify(c.key.data(), c.e.data(), c.r.data(), c.s.data());
      ASSERT_EQ(v_fast, v_slow);
    }
    // The doubling case with a valid signature: Q = G, r = x(2G), s = r, e = r
    // give u1 = u2 = 1 and R = G + G = 2G, whose x is r.
    const B64 g2 = pub(slow(), small(2));
    B32 r2{};
    std::memcpy(r2.data(), g2.data(), 32);
    ASSERT_NE(slow().scalar_in_range(r2.data()), 0u);
    EXPECT_TRUE(slow().verify(g.data(), r2.data(), r2.data(), r2.data()));
    EXPECT_TRUE(fast().verify(g.data(), r2.data(), r2.data(), r2.data()));
  });
}

// Verification inverts s with a variable-time binary Euclid (s is public):
// valid signatures for many s, edge values included (1, 2, n - 1, powers of
// 16, a whole zero low word). With Q = G, r = x(G) and e = s - r mod n,
// u1 + u2 = (e + r) / s = 1, so R = G and (r, s) is valid for every s; so is
// (r, n - s) (R = -G, the same x), and e + 1 is not.
TEST(P256x64, VerifyInvertsEveryS) {
  on_both_fields([] {
    const B64 g = pub(slow(), small(1));
    B32 r{};
    std::memcpy(r.data(), g.data(), 32);  // x(G) < n
    ASSERT_NE(slow().scalar_in_range(r.data()), 0u);
    auto sub_mod_n = [](const B32& a, const B32& b) {
      return a >= b ? sub(a, b) : sub(kN, sub(b, a));
    };
    std::vector<B32> ss = random_scalars(16, 10);
    for (const auto& e : edge_scalars()) ss.push_back(e);
    B32 low_zero{};  // 2^64 and 2^64 + 2^128: the low word is zero
    low_zero[23] = 1;
    ss.push_back(low_zero);
    low_zero[15] = 1;
    ss.push_back(low_zero);
    ss.push_back(r);  // e = 0
    for (const auto& s : ss) {
      if (slow().scalar_in_range(s.data()) == 0) continue;
      const B32 e = sub_mod_n(s, r);
      const B32 s_neg = sub(kN, s);
      B32 e_bad = e;
      e_bad[31] ^= 1;
      for (const CurveOps* ops : {&fast(), &slow()}) {
        EXPECT_TRUE(ops->verify(g.data(), e.data(), r.data(), s.data()));
        EXPECT_TRUE(ops->verify(g.data(), e.data(), r.data(), s_neg.data()));
        EXPECT_FALSE(ops->verify(g.data(), e_bad.data(), r.data(), s.data()));
      }
    }
  });
}

}  // namespace
}  // namespace glasstls::crypto::ec
