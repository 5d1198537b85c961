// One curve's CurveOps (ec_ops.hpp), written once over the curve spec C.
// Included by p256.cpp and p384.cpp only.
//
// C provides: using F (base field), using Fn (scalar field, modulus n), b, gx,
// gy (plain limbs) and kName.
#pragma once

#include <cstring>

#include "crypto/ec_ops.hpp"
#include "crypto/ec_point.hpp"

namespace glasstls::crypto::ec {

template <class C>
struct CurveImpl {
  using E = Curve<C>;
  using F = typename C::F;
  using Fn = typename C::Fn;
  using L = typename E::L;
  using Point = typename E::Point;
  using Affine = typename E::Affine;
  static constexpr std::size_t kBytes = F::kBytes;

  static void store_affine(const Affine& a, std::uint8_t* xy) {
    F::store_be(xy, F::from_mont(a.x));
    F::store_be(xy + kBytes, F::from_mont(a.y));
  }
  static Point load_point(const std::uint8_t* xy) {
    return Point{F::to_mont(F::load_be(xy)), F::to_mont(F::load_be(xy + kBytes)), F::one};
  }

  // Public data: branches are fine here.
  static bool decode_point(std::span<const std::uint8_t> in, std::uint8_t* xy) {
    // SEC 1 §2.3.4 step 1: "If the octet string is 00, output O" -- and a
    // public key that is the point at infinity is invalid (§3.2.2.1 step 1).
    if (in.empty()) return false;
    const std::uint8_t tag = in[0];
    if (tag == 0x04 && in.size() == 1 + 2 * kBytes) {
      const L x = F::load_be(in.data() + 1), y = F::load_be(in.data() + 1 + kBytes);
      // SEC 1 §3.2.2.1 step 2: "Check that xQ and yQ are integers in the interval [0, p-1]"
      if (!F::lt_modulus(x) || !F::lt_modulus(y)) return false;
      const Affine a{F::to_mont(x), F::to_mont(y)};
      // SEC 1 §3.2.2.1 step 3: "Check that yQ^2 = xQ^3 + a xQ + b (mod p)"
      if (!E::on_curve(a)) return false;
      // Step 4 (nQ = O) holds for every point on a curve of prime order (h = 1).
      std::memcpy(xy, in.data() + 1, 2 * kBytes);
      return true;
    }
    if ((tag == 0x02 || tag == 0x03) && in.size() == 1 + kBytes) {
      const L x = F::load_be(in.data() + 1);
      // SEC 1 §2.3.4 step 2.2: "Convert X to a field element xP ... output 'invalid' if ... fails"
      if (!F::lt_modulus(x)) return false;
      const L xm = F::to_mont(x);
      // SEC 1 §2.3.4 step 2.4.1: "Compute the field element alpha = xP^3 + a xP + b"
      const L alpha = E::rhs_of(xm);
      // "compute a square root beta of alpha modulo p. Output 'invalid' if there are
      // no square roots". p = 3 mod 4 for both curves, so beta = alpha^((p+1)/4).
      L e = F::m;
      std::uint64_t carry = 1;
      for (std::size_t i = 0; i < F::N; ++i) {
        const u128 t = static_cast<u128>(e[i]) + carry;
        e[i] = static_cast<std::uint64_t>(t);
        carry = static_cast<std::uint64_t>(t >> 64);
      }
      for (std::size_t i = 0; i < F::N; ++i) {  // (p+1) >> 2; p+1 < 2^(64N)
        e[i] = (e[i] >> 2) | (i + 1 < F::N ? e[i + 1] << 62 : 0);
      }
      L beta, check;
      F::pow_public(beta, alpha, e);
      F::sqr(check, beta);
      if (!F::eq(check, alpha)) return false;
      // "If beta = yP~ (mod 2), set yP = beta. Otherwise, set yP = p - beta."
      L y = F::from_mont(beta);
      if ((y[0] & 1) != static_cast<std::uint64_t>(tag & 1)) {
        F::neg(beta, beta);
        y = F::from_mont(beta);
      }
      std::memcpy(xy, in.data() + 1, kBytes);
      F::store_be(xy + kBytes, y);
      return true;
    }
    return false;
  }

  // CT: a comparison with n and a zero test, both masks.
  static std::uint64_t scalar_in_range(const std::uint8_t* k) {
    const L v = Fn::load_be(k);
    return Fn::lt_modulus(v) & ~Fn::is_zero(v);
  }

  // CT: mul_base is constant time; the inversion in to_affine is a fixed exponentiation.
  static void public_from_private(const std::uint8_t* d, std::uint8_t* xy) {
    store_affine(E::to_affine(E::mul_base(d)), xy);
  }

  // CT: fixed-window mul, fixed inversion; the identity test is a mask.
  static std::uint64_t ecdh(const std::uint8_t* d, const std::uint8_t* xy, std::uint8_t* x) {
    Point p = E::mul(d, load_point(xy));
    const std::uint64_t ok = ~F::is_zero(p.z);
    Affine a = E::to_affine(p);
    F::store_be(x, F::from_mont(a.x));
    // The shared point is as secret as the shared secret: leave no copy behind.
    ct::secure_wipe(&p, sizeof p);
    ct::secure_wipe(&a, sizeof a);
    return ok;
  }

  // CT: every step is a field operation, an exponentiation with a public
  // exponent (n-2, p-2) or a constant-time scalar multiplication.
  static std::uint64_t sign_with_k(const std::uint8_t* d, const std::uint8_t* k,
                                   const std::uint8_t* e, std::uint8_t* r_out,
                                   std::uint8_t* s_out) {
    // FIPS 186-5 §6.4.1 step 5: "Compute the elliptic curve point R = (xR, yR) = kG"
    Affine big_r = E::to_affine(E::mul_base(k));
    // Step 6-7: "Compute r = xR mod n" (xR < p < 2n: one conditional subtraction).
    L r{};
    Fn::reduce_once(r, F::from_mont(big_r.x), 0);
    // Step 4: e reduced mod n (e < 2^bits(n) < 2n).
    L e_red{};
    Fn::reduce_once(e_red, Fn::load_be(e), 0);
    // Step 8: "Compute s = (k^-1 (e + r d)) mod n"
    L km = Fn::to_mont(Fn::load_be(k)), kinv;
    Fn::inv(kinv, km);
    L rm = Fn::to_mont(r), dm = Fn::to_mont(Fn::load_be(d)), t;
    Fn::mul(t, rm, dm);
    Fn::add(t, t, Fn::to_mont(e_red));
    Fn::mul(t, t, kinv);
    const L s = Fn::from_mont(t);
    Fn::store_be(r_out, r);
    Fn::store_be(s_out, s);
    // Step 9 is the caller's: "If r = 0 or s = 0, ... go back to step 1" (a mask here).
    const std::uint64_t ok = ~Fn::is_zero(r) & ~Fn::is_zero(s);
    ct::secure_wipe(&km, sizeof km);
    ct::secure_wipe(&kinv, sizeof kinv);
    ct::secure_wipe(&dm, sizeof dm);
    ct::secure_wipe(&big_r, sizeof big_r);  // kG reveals k's relation to r
    return ok;
  }

  // Public data: variable time by design.
  static bool verify(const std::uint8_t* xy, const std::uint8_t* e, const std::uint8_t* r_in,
                     const std::uint8_t* s_in) {
    L e_red{};
    Fn::reduce_once(e_red, Fn::load_be(e), 0);
    const L r = Fn::load_be(r_in);
    // FIPS 186-5 §6.4.2 step 4: "Compute s^-1 mod n"
    L w;
    Fn::inv(w, Fn::to_mont(Fn::load_be(s_in)));
    // Step 5: "Compute u = e s^-1 mod n and v = r s^-1 mod n"
    L u, v;
    Fn::mul(u, Fn::to_mont(e_red), w);
    Fn::mul(v, Fn::to_mont(r), w);
    std::uint8_t ub[kBytes], vb[kBytes];
    Fn::store_be(ub, Fn::from_mont(u));
    Fn::store_be(vb, Fn::from_mont(v));
    // Step 6: "Compute R = (xR, yR) = uG + vQ. If R = O, output INVALID"
    const Point big_r = E::mul2_vartime(ub, vb, load_point(xy));
    if (F::is_zero(big_r.z)) return false;
    // Steps 7-8: "Compute r' = xR mod n ... If r' = r, output VALID". With
    // Jacobian xR = X/Z^2: check X == r*Z^2, and X == (r+n)*Z^2 when r + n < p.
    L z2, t;
    F::sqr(z2, big_r.z);
    F::mul(t, F::to_mont(r), z2);
    if (F::eq(t, big_r.x)) return true;
    L rn{};
    std::uint8_t carry = 0;
    for (std::size_t i = 0; i < F::N; ++i) rn[i] = addc(r[i], Fn::m[i], carry);
    if (carry != 0 || !F::lt_modulus(rn)) return false;
    F::mul(t, F::to_mont(rn), z2);
    return F::eq(t, big_r.x) != 0;
  }

  // CT.
  static void reduce_mod_n(const std::uint8_t* in, std::uint8_t* out) {
    L v{};
    Fn::reduce_once(v, Fn::load_be(in), 0);
    Fn::store_be(out, v);
  }

  static constexpr CurveOps ops{
      C::kName, kBytes,      decode_point, scalar_in_range, public_from_private,
      ecdh,     sign_with_k, verify,       reduce_mod_n};
};

}  // namespace glasstls::crypto::ec
