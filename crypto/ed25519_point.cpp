// Ed25519 group arithmetic (RFC 8032 §5.1.2-§5.1.4), see ed25519_point.hpp.
#include "crypto/ed25519_point.hpp"

#include <algorithm>

#include "crypto/ct.hpp"

namespace glasstls::crypto::ed25519 {
namespace {

using f25519::Fe;
namespace F = f25519;

Fe fe_small(std::uint32_t k) { return Fe{{k, 0, 0, 0, 0}}; }

// The curve constants, computed once from their definitions (a learner can
// check them against RFC 8032 §5.1 without trusting a hex string).
struct Constants {
  Fe d;       // RFC 8032 §5.1: "d = -121665/121666"
  Fe d2;      // 2*d (the addition formula's "2*d")
  Fe sqrtm1;  // 2^((p-1)/4), a square root of -1 (RFC 8032 §5.1.3 step 3)
};

const Constants& constants() {
  static const Constants c = [] {
    Constants k;
    k.d = F::neg(F::mul(fe_small(121665), F::invert(fe_small(121666))));
    k.d2 = F::carry(F::add(k.d, k.d));
    // 2^((p-1)/4) = 2^(2^253 - 5) = (2^(2^252 - 3))^2 * 2.
    k.sqrtm1 = F::mul(F::sqr(F::pow22523(fe_small(2))), fe_small(2));
    return k;
  }();
  return c;
}

// A point with Z = 1 stored as (y + x, y - x, 2*d*x*y): what the addition
// formula needs of its second operand ("Niels" form), for the fixed-base table.
struct Niels {
  Fe ypx, ymx, xy2d;
};

Niels to_niels(const Point& p) {
  const Fe zi = F::invert(p.Z);
  const Fe x = F::mul(p.X, zi), y = F::mul(p.Y, zi);
  return Niels{F::carry(F::add(y, x)), F::sub(y, x), F::mul(F::mul(x, y), constants().d2)};
}

// RFC 8032 §5.1.4 addition with Z2 = 1 and the second point pre-processed.
// CT: fixed sequence of field operations.
Point add_niels(const Point& p, const Niels& q) {
  const Fe A = F::mul(F::sub(p.Y, p.X), q.ymx);
  const Fe B = F::mul(F::add(p.Y, p.X), q.ypx);
  const Fe C = F::mul(p.T, q.xy2d);
  const Fe D = F::add(p.Z, p.Z);
  const Fe E = F::sub(B, A), F_ = F::sub(D, C), G = F::add(D, C), H = F::add(B, A);
  return Point{F::mul(E, F_), F::mul(G, H), F::mul(F_, G), F::mul(E, H)};
}

// The fixed-base table: kTable[j][k] = (k + 1) * 256^j * B, j < 32, k < 8
// (the signed radix-16 method of Bernstein, Duif, Lange, Schwabe, Yang,
// "High-speed high-security signatures", 2011, §4). 32 * 8 points, built once.
using Table = std::array<std::array<Niels, 8>, 32>;

const Table& base_table() {
  static const Table table = [] {
    Table t;
    Point base = base_point();
    for (auto& row : t) {
      Point p = base;
      row[0] = to_niels(p);
      for (std::size_t k = 1; k < 8; ++k) {
        p = add(p, base);
        row[k] = to_niels(p);
      }
      for (int i = 0; i < 8; ++i) base = dbl(base);
    }
    return t;
  }();
  return table;
}

// b * 256^j * B for a digit b in [-8, 8].
// CT: all eight entries of the row are read and combined with masks; the sign
// is applied with a mask too, so neither the address nor a branch depends on b.
Niels select(std::size_t j, std::int64_t b) {
  const std::uint64_t sign = static_cast<std::uint64_t>(b) >> 63;
  const std::uint64_t sign_mask = 0 - sign;
  const std::uint64_t babs = (static_cast<std::uint64_t>(b) ^ sign_mask) - sign_mask;
  Niels t{F::kOne, F::kOne, F::kZero};  // the identity
  const auto& row = base_table()[j];
  for (std::uint64_t k = 0; k < 8; ++k) {
    const ct::Mask m = ct::eq(babs, k + 1);
    F::cmov(m, t.ypx, row[k].ypx);
    F::cmov(m, t.ymx, row[k].ymx);
    F::cmov(m, t.xy2d, row[k].xy2d);
  }
  // -(x, y) = (-x, y): swap y+x and y-x, negate 2dxy.
  const ct::Mask neg = ct::Mask::from_bit(sign);
  F::cswap(neg, t.ypx, t.ymx);
  F::cmov(neg, t.xy2d, F::neg(t.xy2d));
  return t;
}

}  // namespace

const Point& base_point() {
  static const Point B = [] {
    // RFC 8032 §5.1: "B = (X(P),Y(P)) ... y = 4/5 ... x positive": decode the
    // encoding of y = 4/5 with sign bit 0.
    const auto y = F::to_bytes(F::mul(fe_small(4), F::invert(fe_small(5))));
    return *decode_vartime(y);
  }();
  return B;
}

Point identity() { return Point{F::kZero, F::kOne, F::kOne, F::kZero}; }

Point add(const Point& p, const Point& q) {
  // RFC 8032 §5.1.4: A = (Y1-X1)*(Y2-X2), B = (Y1+X1)*(Y2+X2), C = T1*2*d*T2,
  // D = Z1*2*Z2, E = B-A, F = D-C, G = D+C, H = B+A,
  // X3 = E*F, Y3 = G*H, T3 = E*H, Z3 = F*G.
  const Fe A = F::mul(F::sub(p.Y, p.X), F::sub(q.Y, q.X));
  const Fe B = F::mul(F::add(p.Y, p.X), F::add(q.Y, q.X));
  const Fe C = F::mul(F::mul(p.T, constants().d2), q.T);
  const Fe D = F::mul(p.Z, F::add(q.Z, q.Z));
  const Fe E = F::sub(B, A), F_ = F::sub(D, C), G = F::add(D, C), H = F::add(B, A);
  return Point{F::mul(E, F_), F::mul(G, H), F::mul(F_, G), F::mul(E, H)};
}

Point dbl(const Point& p) {
  // RFC 8032 §5.1.4: A = X1^2, B = Y1^2, C = 2*Z1^2, H = A+B, E = H-(X1+Y1)^2,
  // G = A-B, F = C+G, X3 = E*F, Y3 = G*H, T3 = E*H, Z3 = F*G.
  const Fe A = F::sqr(p.X);
  const Fe B = F::sqr(p.Y);
  const Fe C = F::mul_small(F::sqr(p.Z), 2);
  const Fe H = F::add(A, B);
  const Fe E = F::sub(H, F::sqr(F::add(p.X, p.Y)));
  const Fe G = F::sub(A, B);
  const Fe F_ = F::add(C, G);
  return Point{F::mul(E, F_), F::mul(G, H), F::mul(F_, G), F::mul(E, H)};
}

Point negate(const Point& p) { return Point{F::neg(p.X), p.Y, p.Z, F::neg(p.T)}; }

std::array<std::uint8_t, 32> encode(const Point& p) {
  // RFC 8032 §5.1.2: "encode the y-coordinate as a little-endian string of 32
  // octets. The most significant bit of the final octet is always zero. To form
  // the encoding of the point, copy the least significant bit of the
  // x-coordinate to the most significant bit of the final octet."
  const Fe zi = F::invert(p.Z);
  const Fe x = F::mul(p.X, zi), y = F::mul(p.Y, zi);
  auto out = F::to_bytes(y);
  out[31] = static_cast<std::uint8_t>(out[31] | (F::is_negative(x) << 7));
  return out;
}

std::optional<Point> decode_vartime(std::span<const std::uint8_t, 32> s) {
  // RFC 8032 §5.1.3 step 1: "the most significant bit of the final octet
  // indicates whether x is odd ... The y-coordinate is recovered simply by
  // clearing this bit. If the resulting value is >= p, decoding fails."
  std::array<std::uint8_t, 32> y_bytes;
  std::copy(s.begin(), s.end(), y_bytes.begin());
  const std::uint64_t x_0 = y_bytes[31] >> 7;
  y_bytes[31] &= 0x7f;
  const Fe y = F::from_bytes(y_bytes);
  if (F::to_bytes(y) != y_bytes) return std::nullopt;  // y >= p: not canonical

  // Step 2: "u = y^2 - 1 and v = d y^2 + 1 ... x = u v^3 (u v^7)^((p-5)/8)".
  const Constants& c = constants();
  const Fe y2 = F::sqr(y);
  const Fe u = F::sub(y2, F::kOne);
  const Fe v = F::carry(F::add(F::mul(c.d, y2), F::kOne));
  const Fe v3 = F::mul(F::sqr(v), v);
  const Fe v7 = F::mul(F::sqr(v3), v);
  Fe x = F::mul(F::mul(u, v3), F::pow22523(F::mul(u, v7)));

  // Step 3: "If v x^2 = u (mod p), x is a square root. Otherwise, if
  // v x^2 = -u (mod p), set x <-- x * 2^((p-1)/4) ... Otherwise, no square
  // root exists ... and decoding fails."
  const Fe vx2 = F::mul(v, F::sqr(x));
  if (F::eq(vx2, u).declassify()) {
    // x is a square root
  } else if (F::eq(vx2, F::neg(u)).declassify()) {
    x = F::mul(x, c.sqrtm1);
  } else {
    return std::nullopt;
  }

  // Step 4: "If x = 0, and x_0 = 1, decoding fails. Otherwise, if x_0 != x mod
  // 2, set x <-- p - x."
  if (F::is_zero(x).declassify() && x_0 == 1) return std::nullopt;
  if (F::is_negative(x) != x_0) x = F::neg(x);
  return Point{x, y, F::kOne, F::mul(x, y)};
}

Point base_mult(std::span<const std::uint8_t, 32> a) {
  // a = sum e[i] * 16^i with signed digits e[i] in [-8, 8).
  // CT: the recoding is arithmetic only (no branch on a's digits).
  std::int64_t e[64];
  for (std::size_t i = 0; i < 32; ++i) {
    e[2 * i] = a[i] & 15;
    e[2 * i + 1] = (a[i] >> 4) & 15;
  }
  std::int64_t carry = 0;
  for (std::size_t i = 0; i < 63; ++i) {
    e[i] += carry;
    carry = (e[i] + 8) >> 4;  // arithmetic shift (C++20)
    e[i] -= carry * 16;
  }
  e[63] += carry;  // a < 2^255, so e[63] <= 8

  // [a]B = 16 * sum_{i odd} e[i] 16^(i-1) B + sum_{i even} e[i] 16^i B, and
  // 16^(2j) B = 256^j B is row j of the table.
  Point h = identity();
  for (std::size_t i = 1; i < 64; i += 2) h = add_niels(h, select(i / 2, e[i]));
  h = dbl(dbl(dbl(dbl(h))));
  for (std::size_t i = 0; i < 64; i += 2) h = add_niels(h, select(i / 2, e[i]));
  ct::secure_wipe(e, sizeof e);
  return h;
}

Point double_mult_vartime(std::span<const std::uint8_t, 32> a, const Point& A,
                          std::span<const std::uint8_t, 32> b) {
  // [a]A by 4-bit windows from the top (public a and A: branches are fine),
  // then + [b]B through the fixed-base table.
  std::array<Point, 16> multiples;
  multiples[0] = identity();
  for (std::size_t k = 1; k < 16; ++k) multiples[k] = add(multiples[k - 1], A);
  Point h = identity();
  for (int i = 63; i >= 0; --i) {
    h = dbl(dbl(dbl(dbl(h))));
    const unsigned nibble = (a[static_cast<std::size_t>(i / 2)] >> (4 * (i % 2))) & 15u;
    if (nibble != 0) h = add(h, multiples[nibble]);
  }
  // base_mult needs b < 2^255: verification passes S only once S < L.
  return add(h, base_mult(b));
}

}  // namespace glasstls::crypto::ed25519
