// Points of a short Weierstrass curve y^2 = x^3 - 3x + b over GF(p) (SEC 1 §2.2.1,
// SP 800-186 §3.2.1 for P-256 / P-384), and the three scalar multiplications.
//
// Points are kept in homogeneous projective coordinates (X : Y : Z), x = X/Z,
// y = Y/Z, with the identity (0 : 1 : 0), and added with the *complete* formulas
// of Renes, Costello and Batina, "Complete addition formulas for prime order
// elliptic curves" (EUROCRYPT 2016), Algorithms 4 (add), 5 (mixed add) and 6
// (double) for a = -3. Complete means one sequence of field operations is right
// for every pair of inputs: P + P, P + (-P), P + O. There is no special case,
// so no branch on a secret to get wrong. The step numbers in the comments are
// the paper's.
//
// Scalar multiplications:
//   - mul_base: k*G with a precomputed table (comb-like: the scalar in 4-bit
//     windows, table[w][j] = j * 16^w * G, affine), no doublings at all; every
//     entry of a window is read and kept under a mask. CT.
//   - mul: k*P, fixed 4-bit window from the top: 4 doublings and one complete
//     addition per window; the 16 multiples are all read under masks. CT.
//   - mul2_vartime: u1*G + u2*Q for ECDSA verification. Everything in it is
//     public (the signature, the hash, the public key), so it skips zero
//     windows, indexes tables directly and uses the cheaper (incomplete)
//     Jacobian formulas with branches for their exceptions. NOT constant
//     time, on purpose.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "crypto/ec_field.hpp"

namespace glasstls::crypto::ec {

// C: a curve spec with `using F = Field<...>` (the base field), `static
// constexpr Limbs b` (plain), `gx`, `gy` (plain).
template <class C>
struct Curve {
  using F = typename C::F;
  static constexpr std::size_t N = F::N;
  static constexpr std::size_t kWindows = 2 * F::kBytes;  // 4-bit windows per scalar
  using L = Limbs<N>;

  struct Point {
    L x, y, z;
  };
  struct Affine {
    L x, y;
  };

  static constexpr L b = F::to_mont(C::b);
  static constexpr L three = F::to_mont(L{3});

  static constexpr Point identity() { return Point{L{}, F::one, L{}}; }

  // if (mask) r = p. CT.
  static void cmov(Point& r, const Point& p, std::uint64_t mask) {
    F::cmov(r.x, p.x, mask);
    F::cmov(r.y, p.y, mask);
    F::cmov(r.z, p.z, mask);
  }
  static void cmov(Affine& r, const Affine& p, std::uint64_t mask) {
    F::cmov(r.x, p.x, mask);
    F::cmov(r.y, p.y, mask);
  }

  // RCB Algorithm 4: r = p + q, complete. CT. 12M + 2 mul by b.
  static void add(Point& r, const Point& p, const Point& q) {
    L t0, t1, t2, t3, t4, x3, y3;
    F::mul(t0, p.x, q.x);  // 1
    F::mul(t1, p.y, q.y);  // 2
    F::mul(t2, p.z, q.z);  // 3
    F::add(t3, p.x, p.y);
    F::add(t4, q.x, q.y);
    F::mul(t3, t3, t4);  // 4-6
    F::add(t4, t0, t1);
    F::sub(t3, t3, t4);  // 7-8: t3 = XY pairs
    F::add(t4, p.y, p.z);
    F::add(x3, q.y, q.z);
    F::mul(t4, t4, x3);  // 9-11
    F::add(x3, t1, t2);
    F::sub(t4, t4, x3);  // 12-13: t4 = YZ pairs
    F::add(x3, p.x, p.z);
    F::add(y3, q.x, q.z);
    F::mul(x3, x3, y3);  // 14-16
    F::add(y3, t0, t2);
    F::sub(y3, x3, y3);  // 17-18: y3 = XZ pairs
    finish(r, t0, t1, t2, t3, t4, y3);
  }

  // RCB Algorithm 5: r = p + q with q affine (Z = 1); q must not be the
  // identity (it cannot be written in affine form). CT. 11M + 2 mul by b.
  static void add_affine(Point& r, const Point& p, const Affine& q) {
    L t0, t1, t3, t4, y3;
    F::mul(t0, p.x, q.x);  // 1
    F::mul(t1, p.y, q.y);  // 2
    F::add(t3, q.x, q.y);
    F::add(t4, p.x, p.y);
    F::mul(t3, t3, t4);  // 3-5
    F::add(t4, t0, t1);
    F::sub(t3, t3, t4);  // 6-7
    F::mul(t4, q.y, p.z);
    F::add(t4, t4, p.y);  // 8-9
    F::mul(y3, q.x, p.z);
    F::add(y3, y3, p.x);  // 10-11
    finish(r, t0, t1, p.z, t3, t4, y3);
  }

  // RCB Algorithm 6: r = 2p, complete. CT. 8M + 3S + 2 mul by b (as written).
  static void dbl(Point& r, const Point& p) {
    L t0, t1, t2, t3, x3, y3, z3;
    F::sqr(t0, p.x);  // 1
    F::sqr(t1, p.y);  // 2
    F::sqr(t2, p.z);  // 3
    F::mul(t3, p.x, p.y);
    F::dbl(t3, t3);  // 4-5
    F::mul(z3, p.x, p.z);
    F::dbl(z3, z3);  // 6-7
    F::mul(y3, b, t2);
    F::sub(y3, y3, z3);  // 8-9
    F::add(x3, y3, y3);
    F::add(y3, x3, y3);  // 10-11
    F::sub(x3, t1, y3);
    F::add(y3, t1, y3);  // 12-13
    F::mul(y3, x3, y3);
    F::mul(x3, x3, t3);  // 14-15
    F::add(t3, t2, t2);
    F::add(t2, t2, t3);  // 16-17
    F::mul(z3, b, z3);
    F::sub(z3, z3, t2);
    F::sub(z3, z3, t0);  // 18-20
    F::add(t3, z3, z3);
    F::add(z3, z3, t3);  // 21-22
    F::add(t3, t0, t0);
    F::add(t0, t3, t0);
    F::sub(t0, t0, t2);  // 23-25
    F::mul(t0, t0, z3);
    F::add(y3, y3, t0);  // 26-27
    F::mul(t0, p.y, p.z);
    F::dbl(t0, t0);  // 28-29
    F::mul(z3, t0, z3);
    F::sub(x3, x3, z3);  // 30-31
    F::mul(z3, t0, t1);
    F::dbl(z3, z3);
    F::dbl(z3, z3);  // 32-33
    r = Point{x3, y3, z3};
  }

  // The common tail of Algorithms 4 and 5 (steps 19-43 / 12-38), from
  // xx = X1X2, yy = Y1Y2, zz = Z1Z2, and the three "pairs" sums.
  static void finish(Point& r, const L& xx, const L& yy, const L& zz, const L& xy, const L& yz,
                     const L& xz) {
    L t0, t1, t2, x3, y3, z3;
    F::mul(z3, b, zz);
    F::sub(x3, xz, z3);  // bzz part
    F::add(z3, x3, x3);
    F::add(x3, x3, z3);  // times 3
    F::sub(z3, yy, x3);
    F::add(x3, yy, x3);  // yy - 3bzz', yy + 3bzz'
    F::mul(y3, b, xz);   // b*xz
    F::add(t1, zz, zz);
    F::add(t2, t1, zz);  // 3zz
    F::sub(y3, y3, t2);
    F::sub(y3, y3, xx);  // b*xz - 3zz - xx
    F::add(t1, y3, y3);
    F::add(y3, t1, y3);  // times 3
    F::add(t1, xx, xx);
    F::add(t0, t1, xx);
    F::sub(t0, t0, t2);  // 3xx - 3zz
    F::mul(t1, yz, y3);
    F::mul(t2, t0, y3);
    F::mul(y3, x3, z3);
    F::add(y3, y3, t2);  // Y3
    F::mul(x3, xy, x3);
    F::sub(x3, x3, t1);  // X3
    F::mul(z3, yz, z3);
    F::mul(t1, xy, t0);
    F::add(z3, z3, t1);  // Z3
    r = Point{x3, y3, z3};
  }

  // (x, y) = (X/Z, Y/Z). The identity maps to (0, 0). CT.
  static Affine to_affine(const Point& p) {
    L zi;
    F::inv(zi, p.z);
    Affine a;
    F::mul(a.x, p.x, zi);
    F::mul(a.y, p.y, zi);
    return a;
  }

  // y^2 == x^3 - 3x + b, for (x, y) in Montgomery form (public inputs).
  static bool on_curve(const Affine& a) {
    L lhs;
    F::sqr(lhs, a.y);
    const L rhs = rhs_of(a.x);
    return F::eq(lhs, rhs) != 0;
  }
  // x^3 - 3x + b (Montgomery form).
  static L rhs_of(const L& x) {
    L r, t;
    F::sqr(r, x);
    F::mul(r, r, x);
    F::mul(t, three, x);
    F::sub(r, r, t);
    F::add(r, r, b);
    return r;
  }

  // Scalars are big-endian byte strings of F::kBytes; window w (0 = least
  // significant) is the nibble k >> 4w & 15.
  static std::uint64_t nibble(const std::uint8_t* k, std::size_t w) {
    return (k[F::kBytes - 1 - w / 2] >> (4 * (w & 1))) & 0xF;
  }

  // --- Fixed base: k*G. ---
  using Table = std::array<std::array<Affine, 15>, kWindows>;

  // table[w][j-1] = j * 16^w * G, built once on first use (one inversion per
  // window thanks to Montgomery's simultaneous inversion trick).
  static const Table& base_table() {
    static const std::unique_ptr<const Table> table = build_table();
    return *table;
  }
  static std::unique_ptr<const Table> build_table() {
    auto t = std::make_unique<Table>();
    Point base{F::to_mont(C::gx), F::to_mont(C::gy), F::one};
    for (std::size_t w = 0; w < kWindows; ++w) {
      Point row[15];
      row[0] = base;
      for (int j = 1; j < 15; ++j) add(row[j], row[j - 1], base);
      // Simultaneous inversion: prefix products, one inverse, walk back.
      L prefix[15];
      prefix[0] = row[0].z;
      for (int j = 1; j < 15; ++j) F::mul(prefix[j], prefix[j - 1], row[j].z);
      L inv;
      F::inv(inv, prefix[14]);
      for (int j = 14; j >= 0; --j) {
        L zi = inv;
        if (j > 0) {
          F::mul(zi, inv, prefix[j - 1]);
          F::mul(inv, inv, row[j].z);
        }
        F::mul((*t)[w][static_cast<std::size_t>(j)].x, row[j].x, zi);
        F::mul((*t)[w][static_cast<std::size_t>(j)].y, row[j].y, zi);
      }
      for (int d = 0; d < 4; ++d) dbl(base, base);
    }
    return t;
  }

  // CT: the scalar's value does not leak: every table entry is read, the
  // addition always runs, and its result is kept under a mask.
  static Point mul_base(const std::uint8_t* k) {
    const Table& table = base_table();
    Point acc = identity();
    for (std::size_t w = 0; w < kWindows; ++w) {
      const std::uint64_t d = nibble(k, w);
      Affine sel{};
      for (std::uint64_t j = 1; j < 16; ++j) cmov(sel, table[w][j - 1], ct::eq(d, j).bits());
      Point sum;
      add_affine(sum, acc, sel);
      cmov(acc, sum, ct::is_nonzero(d).bits());
    }
    return acc;
  }

  // CT: the scalar's value does not leak (fixed windows, masked reads of all
  // 16 multiples, complete formulas). p may be public or secret.
  static Point mul(const std::uint8_t* k, const Point& p) {
    Point table[16];
    table[0] = identity();
    table[1] = p;
    for (int j = 2; j < 16; ++j) add(table[j], table[j - 1], p);
    Point acc = identity();
    for (std::size_t w = kWindows; w-- > 0;) {
      for (int d = 0; d < 4; ++d) dbl(acc, acc);
      const std::uint64_t d = nibble(k, w);
      Point sel = identity();
      for (std::uint64_t j = 1; j < 16; ++j) cmov(sel, table[j], ct::eq(d, j).bits());
      add(acc, acc, sel);
    }
    return acc;
  }

  // --- Verification: public data only, variable time. ---
  // Jacobian coordinates (x = X/Z^2, y = Y/Z^3, identity: Z = 0) with the
  // cheaper incomplete formulas of the Explicit-Formulas Database; their
  // exceptional cases (P = Q, P = -Q, O) are plain branches, which is fine
  // for public inputs and wrong for secret ones, hence only here.

  // "dbl-2001-b" for a = -3: 3M + 5S.
  static void jdbl(Point& r, const Point& p) {
    if (F::is_zero(p.z)) {
      r = p;
      return;
    }
    L delta, gamma, beta, alpha, t, u;
    F::sqr(delta, p.z);
    F::sqr(gamma, p.y);
    F::mul(beta, p.x, gamma);
    F::sub(t, p.x, delta);
    F::add(u, p.x, delta);
    F::mul(alpha, t, u);
    F::add(t, alpha, alpha);
    F::add(alpha, t, alpha);  // alpha = 3(X-delta)(X+delta)
    F::add(u, p.y, p.z);
    F::sqr(u, u);
    F::sub(u, u, gamma);
    F::sub(r.z, u, delta);  // Z3 = (Y+Z)^2 - gamma - delta
    F::dbl(beta, beta);
    F::dbl(beta, beta);  // 4 beta
    F::sqr(t, alpha);
    F::sub(t, t, beta);
    F::sub(r.x, t, beta);  // X3 = alpha^2 - 8 beta
    F::sub(u, beta, r.x);
    F::mul(u, alpha, u);
    F::sqr(gamma, gamma);
    F::dbl(gamma, gamma);
    F::dbl(gamma, gamma);
    F::dbl(gamma, gamma);   // 8 gamma^2
    F::sub(r.y, u, gamma);  // Y3 = alpha(4 beta - X3) - 8 gamma^2
  }

  // "add-2007-bl": 11M + 5S, with the exceptional cases handled by branches.
  static void jadd(Point& r, const Point& p, const Point& q) {
    if (F::is_zero(p.z)) {
      r = q;
      return;
    }
    if (F::is_zero(q.z)) {
      r = p;
      return;
    }
    L z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    F::sqr(z1z1, p.z);
    F::sqr(z2z2, q.z);
    F::mul(u1, p.x, z2z2);
    F::mul(u2, q.x, z1z1);
    F::mul(s1, p.y, q.z);
    F::mul(s1, s1, z2z2);
    F::mul(s2, q.y, p.z);
    F::mul(s2, s2, z1z1);
    F::sub(h, u2, u1);
    F::sub(rr, s2, s1);
    if (F::is_zero(h)) {
      if (F::is_zero(rr)) {
        jdbl(r, p);  // P == Q
      } else {
        r = identity();  // P == -Q
      }
      return;
    }
    F::dbl(rr, rr);
    F::dbl(i, h);
    F::sqr(i, i);
    F::mul(j, h, i);
    F::mul(v, u1, i);
    Point out;
    F::sqr(t, rr);
    F::sub(t, t, j);
    F::sub(t, t, v);
    F::sub(out.x, t, v);  // X3 = r^2 - J - 2V
    F::sub(t, v, out.x);
    F::mul(t, rr, t);
    F::mul(s1, s1, j);
    F::dbl(s1, s1);
    F::sub(out.y, t, s1);  // Y3 = r(V - X3) - 2 S1 J
    F::add(t, p.z, q.z);
    F::sqr(t, t);
    F::sub(t, t, z1z1);
    F::sub(t, t, z2z2);
    F::mul(out.z, t, h);  // Z3 = ((Z1+Z2)^2 - Z1Z1 - Z2Z2) H
    r = out;
  }

  // "madd-2007-bl" (q affine, Z2 = 1): 7M + 4S.
  static void jadd_affine(Point& r, const Point& p, const Affine& q) {
    if (F::is_zero(p.z)) {
      r = Point{q.x, q.y, F::one};
      return;
    }
    L z1z1, u2, s2, h, hh, i, j, rr, v, t;
    F::sqr(z1z1, p.z);
    F::mul(u2, q.x, z1z1);
    F::mul(s2, q.y, p.z);
    F::mul(s2, s2, z1z1);
    F::sub(h, u2, p.x);
    F::sub(rr, s2, p.y);
    if (F::is_zero(h)) {
      if (F::is_zero(rr)) {
        jdbl(r, p);
      } else {
        r = identity();
      }
      return;
    }
    F::dbl(rr, rr);
    F::sqr(hh, h);
    F::dbl(i, hh);
    F::dbl(i, i);
    F::mul(j, h, i);
    F::mul(v, p.x, i);
    Point out;
    F::sqr(t, rr);
    F::sub(t, t, j);
    F::sub(t, t, v);
    F::sub(out.x, t, v);
    F::sub(t, v, out.x);
    F::mul(t, rr, t);
    F::mul(u2, p.y, j);
    F::dbl(u2, u2);
    F::sub(out.y, t, u2);
    F::add(t, p.z, h);
    F::sqr(t, t);
    F::sub(t, t, z1z1);
    F::sub(out.z, t, hh);
    r = out;
  }

  // u1*G + u2*Q in Jacobian coordinates (the caller compares x = X/Z^2).
  // u1*G: one mixed addition per nonzero window from the fixed-base table.
  // u2*Q: 4-bit windows, 4 doublings each, one addition per nonzero digit.
  static Point mul2_vartime(const std::uint8_t* u1, const std::uint8_t* u2, const Point& q) {
    const Table& table = base_table();
    Point qt[16];
    qt[0] = identity();
    qt[1] = q;
    jdbl(qt[2], q);
    for (int j = 3; j < 16; ++j) jadd(qt[j], qt[j - 1], q);
    Point acc = identity();
    for (std::size_t w = kWindows; w-- > 0;) {
      for (int d = 0; d < 4; ++d) jdbl(acc, acc);
      const std::uint64_t d = nibble(u2, w);
      if (d != 0) jadd(acc, acc, qt[d]);
    }
    for (std::size_t w = 0; w < kWindows; ++w) {
      const std::uint64_t d = nibble(u1, w);
      if (d != 0) jadd_affine(acc, acc, table[w][d - 1]);
    }
    return acc;
  }
};

}  // namespace glasstls::crypto::ec
