// Constant-time inversion by division steps (see safegcd.hpp).
#include "crypto/safegcd.hpp"

#include "crypto/ct.hpp"

namespace glasstls::crypto::ec {
namespace {

__extension__ typedef __int128 i128;

// A signed number as five 62-bit limbs, least significant first: limbs 0..3
// in [0, 2^62), limb 4 signed (it carries the sign).
using S62 = std::int64_t[5];
constexpr std::uint64_t k62 = (std::uint64_t{1} << 62) - 1;
constexpr int kBatch = 62;    // divsteps per matrix
constexpr int kBatches = 10;  // 620 >= 590 divsteps (see safegcd.hpp)

// Limbs 0..3 of x (i128) as the low 62 bits, x shifted down by 62 (arithmetic).
inline std::int64_t low62(i128& x) {
  const auto w = static_cast<std::int64_t>(static_cast<std::uint64_t>(x) & k62);
  x >>= 62;
  return w;
}

void to_s62(S62 r, const Limbs<4>& a) {
  r[0] = static_cast<std::int64_t>(a[0] & k62);
  r[1] = static_cast<std::int64_t>(((a[0] >> 62) | (a[1] << 2)) & k62);
  r[2] = static_cast<std::int64_t>(((a[1] >> 60) | (a[2] << 4)) & k62);
  r[3] = static_cast<std::int64_t>(((a[2] >> 58) | (a[3] << 6)) & k62);
  r[4] = static_cast<std::int64_t>(a[3] >> 56);
}

// a in [0, 2^256) with normalised limbs.
Limbs<4> from_s62(const S62 a) {
  const auto w = [&](int i) { return static_cast<std::uint64_t>(a[i]); };
  return {w(0) | (w(1) << 62), (w(1) >> 2) | (w(2) << 60), (w(2) >> 4) | (w(3) << 58),
          (w(3) >> 6) | (w(4) << 56)};
}

// The transition matrix of a batch: 2^62 (f', g') = (u f + v g, q f + r g).
struct Matrix {
  std::int64_t u, v, q, r;
};

// kBatch hddivsteps on the low words of f (odd) and g. delta is kept as
// zeta = -1/2 - delta, an integer whose sign bit is the mask "delta > 0"
// (delta >= 1/2 is zeta <= -1); 1 - delta is -zeta - 2 and 1 + delta is
// zeta - 1. Returns the new zeta; t gets the matrix. Each step, on masks:
//   g += (delta > 0 ? -f : f) if g is odd      (g - f or g + f, even now)
//   f += g, when delta > 0 and g was odd       (f becomes the old g)
//   g /= 2
// and the same on the matrix rows (u, v) of f and (q, r) of g, whose
// invariant is 2^i (f_i, g_i) = (u f + v g, q f + r g) mod 2^64 after step i:
// halving g doubles the other row instead. CT: masks only.
std::int64_t divsteps(std::int64_t zeta, std::uint64_t f, std::uint64_t g, Matrix& t) {
  std::uint64_t u = 1, v = 0, q = 0, r = 1;
  auto z = static_cast<std::uint64_t>(zeta);
  for (int i = 0; i < kBatch; ++i) {
    const auto neg = static_cast<std::uint64_t>(static_cast<std::int64_t>(z) >> 63);
    const std::uint64_t odd = 0 - (g & 1);
    const std::uint64_t swap = neg & odd;
    g += ((f ^ neg) - neg) & odd;
    q += ((u ^ neg) - neg) & odd;
    r += ((v ^ neg) - neg) & odd;
    f += g & swap;
    u += q & swap;
    v += r & swap;
    z = (z ^ swap) - 1;  // swap: ~zeta - 1 = -zeta - 2; otherwise zeta - 1
    g >>= 1;
    u <<= 1;
    v <<= 1;
  }
  t = Matrix{static_cast<std::int64_t>(u), static_cast<std::int64_t>(v),
             static_cast<std::int64_t>(q), static_cast<std::int64_t>(r)};
  return static_cast<std::int64_t>(z);
}

// (f, g) <- T (f, g) / 2^62, exactly (the low 62 bits of both sums are
// zero by construction). |T's rows| <= 2^62 and |f|, |g| < 2^256 keep every
// column sum below 2^126. CT.
void update_fg(S62 f, S62 g, const Matrix& t) {
  i128 cf = static_cast<i128>(t.u) * f[0] + static_cast<i128>(t.v) * g[0];
  i128 cg = static_cast<i128>(t.q) * f[0] + static_cast<i128>(t.r) * g[0];
  cf >>= 62;
  cg >>= 62;
  for (int i = 1; i < 5; ++i) {
    cf += static_cast<i128>(t.u) * f[i] + static_cast<i128>(t.v) * g[i];
    cg += static_cast<i128>(t.q) * f[i] + static_cast<i128>(t.r) * g[i];
    f[i - 1] = low62(cf);
    g[i - 1] = low62(cg);
  }
  f[4] = static_cast<std::int64_t>(cf);
  g[4] = static_cast<std::int64_t>(cg);
}

// (d, e) <- T (d, e) / 2^62 mod m, for d, e in (-2m, m); the results are in
// (-2m, m) again. A negative d (e) is first taken as d + m: a multiple
// u (q) of m more in the first (second) row, so the rows act on values in
// (-m, m) and |T (d, e)| < 2^62 m. Then k in [0, 2^62) more multiples are
// subtracted, k = (row sum) m^-1 mod 2^62, so the division by 2^62 is exact:
// the result is in ((-2^62 m - 2^62 m) / 2^62, 2^62 m / 2^62) = (-2m, m).
// The multiples of m stay within (-2^63, 2^62]. CT: the signs are masks.
void update_de(S62 d, S62 e, const Matrix& t, const SafegcdModulus& m) {
  const std::int64_t sd = d[4] >> 63, se = e[4] >> 63;
  std::int64_t md = (t.u & sd) + (t.v & se);
  std::int64_t me = (t.q & sd) + (t.r & se);
  i128 cd = static_cast<i128>(t.u) * d[0] + static_cast<i128>(t.v) * e[0];
  i128 ce = static_cast<i128>(t.q) * d[0] + static_cast<i128>(t.r) * e[0];
  // (cd + md m0) m^-1 = cd m^-1 + md (mod 2^62).
  md -= static_cast<std::int64_t>(
      (m.inv62 * static_cast<std::uint64_t>(cd) + static_cast<std::uint64_t>(md)) & k62);
  me -= static_cast<std::int64_t>(
      (m.inv62 * static_cast<std::uint64_t>(ce) + static_cast<std::uint64_t>(me)) & k62);
  cd += static_cast<i128>(m.limb[0]) * md;
  ce += static_cast<i128>(m.limb[0]) * me;
  cd >>= 62;  // the low 62 bits are zero now
  ce >>= 62;
  for (int i = 1; i < 5; ++i) {
    cd += static_cast<i128>(t.u) * d[i] + static_cast<i128>(t.v) * e[i] +
          static_cast<i128>(m.limb[i]) * md;
    ce += static_cast<i128>(t.q) * d[i] + static_cast<i128>(t.r) * e[i] +
          static_cast<i128>(m.limb[i]) * me;
    d[i - 1] = low62(cd);
    e[i - 1] = low62(ce);
  }
  d[4] = static_cast<std::int64_t>(cd);
  e[4] = static_cast<std::int64_t>(ce);
}

// d + (m & mask), then d negated under neg; limbs normalised again. CT.
void add_then_negate(S62 d, const SafegcdModulus& m, std::int64_t mask, std::int64_t neg) {
  i128 c = 0;
  for (int i = 0; i < 5; ++i) {
    c += static_cast<i128>((d[i] + (m.limb[i] & mask)) ^ neg) - neg;
    d[i] = i < 4 ? low62(c) : static_cast<std::int64_t>(c);
  }
}

}  // namespace

void safegcd_inverse(Limbs<4>& r, const Limbs<4>& a, const Limbs<4>& c, const SafegcdModulus& m) {
  struct {  // everything derived from a or c, wiped at the end
    S62 f, g, d, e;
    Matrix t;
  } s{};
  for (int i = 0; i < 5; ++i) s.f[i] = m.limb[i];
  to_s62(s.g, a);
  to_s62(s.e, c);          // g = e a, f = d a (mod m): e = c, d = 0 scale the result by c
  std::int64_t zeta = -1;  // delta = 1/2
  for (int b = 0; b < kBatches; ++b) {
    zeta =
        divsteps(zeta, static_cast<std::uint64_t>(s.f[0]), static_cast<std::uint64_t>(s.g[0]), s.t);
    update_fg(s.f, s.g, s.t);
    update_de(s.d, s.e, s.t, m);
  }
  // g = 0 and f = +-1 = d a / c: the result is d f, brought from (-2m, m)
  // into [0, m): d + m if negative (now in (-m, m)), negated when f < 0,
  // then m again if negative. (a = 0: f = m, d = 0 throughout: 0.)
  add_then_negate(s.d, m, s.d[4] >> 63, s.f[4] >> 63);
  add_then_negate(s.d, m, s.d[4] >> 63, 0);
  r = from_s62(s.d);
  ct::secure_wipe(&s, sizeof s);
  ct::secure_wipe(&zeta, sizeof zeta);
}

}  // namespace glasstls::crypto::ec
