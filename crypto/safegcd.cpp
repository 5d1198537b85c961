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
constexpr int kRun = 19;      // divsteps per packed run
constexpr int kRuns = 3;      // runs per matrix: 57 divsteps
constexpr int kBatches = 11;  // 627 >= 590 divsteps (see safegcd.hpp)

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

// A transition matrix: 2^k (f', g') = (u f + v g, q f + r g) after k steps
// (k = kRun for one run, 62 for a batch as update_fg and update_de take it).
struct Matrix {
  std::int64_t u, v, q, r;
};

// a b, for matrices whose product has entries below 2^63. CT.
Matrix mul(const Matrix& a, const Matrix& b) {
  return {a.u * b.u + a.v * b.q, a.u * b.v + a.v * b.r, a.q * b.u + a.r * b.q,
          a.q * b.v + a.r * b.r};
}

// One run of kRun hddivsteps on the low bits of f (odd) and g. delta is kept
// as zeta = -1/2 - delta, an integer whose sign bit is the mask "delta > 0"
// (delta >= 1/2 is zeta <= -1); 1 - delta is -zeta - 2 and 1 + delta is
// zeta - 1. Each step, on masks:
//   g += (delta > 0 ? -f : f) if g is odd      (g - f or g + f, even now)
//   f += g, when delta > 0 and g was odd       (f becomes the old g)
//   g /= 2
// and the same on the rows (u, v) of f and (q, r) of g of the matrix T with
// (f_i, g_i) = T (f, g) / 2^kRun. The rows ride along in the same words:
// F = f + u 2^kA + v 2^kB, G = g + q 2^kA + r 2^kB, so one operation on F
// or G is the operation on all three fields. Why that is exact:
//   - f, g start as the low kRun bits of f and g, and stay in (-2^kRun,
//     2^kRun) ((g +- f) / 2 of two such values is one), with the low
//     kRun - i bits of the true f_i, g_i after step i: enough for the parity
//     tests of the run;
//   - T starts at 2^kRun I: after i steps its entries are multiples of
//     2^(kRun - i) (halving a row of them stays whole) with |u| + |v|,
//     |q| + |r| <= 2^kRun, so the halving of G (an arithmetic shift of an
//     even word whose fields are even) halves each field exactly;
//   - the fields do not overlap: |f + u 2^kA| < 2^kRun + 2^(kRun + kA) <
//     2^(kB - 1), and |F| < 2^(kRun + kB + 1) = 2^62 (before its halving
//     the g word is at most twice that, still a signed 64-bit value).
// zeta is updated; t gets T, read back from the words by rounding. CT: masks
// and shifts by constants only.
constexpr int kA = kRun + 2, kB = kRun + kA + 2;
static_assert(kRun + kB + 1 <= 62, "the packed fields must fit in a signed word");

// K independent runs at once (K = 2: two inversions): the steps of the K
// lanes interleave, so the processor overlaps their chains of dependent
// operations.
template <std::size_t K>
void run(std::int64_t (&zeta)[K], const std::uint64_t (&f)[K], const std::uint64_t (&g)[K],
         Matrix (&t)[K]) {
  constexpr std::uint64_t low = (std::uint64_t{1} << kRun) - 1;
  std::uint64_t ff[K], gg[K], z[K];
  for (std::size_t k = 0; k < K; ++k) {
    ff[k] = (f[k] & low) + (std::uint64_t{1} << (kRun + kA));  // u = 2^kRun
    gg[k] = (g[k] & low) + (std::uint64_t{1} << (kRun + kB));  // r = 2^kRun
    z[k] = static_cast<std::uint64_t>(zeta[k]);
  }
  for (int i = 0; i < kRun; ++i) {
    for (std::size_t k = 0; k < K; ++k) {
      const auto neg = static_cast<std::uint64_t>(static_cast<std::int64_t>(z[k]) >> 63);
      const std::uint64_t odd = 0 - (gg[k] & 1);
      const std::uint64_t swap = neg & odd;
      gg[k] += ((ff[k] ^ neg) - neg) & odd;
      ff[k] += gg[k] & swap;
      z[k] = (z[k] ^ swap) - 1;  // swap: ~zeta - 1 = -zeta - 2; otherwise zeta - 1
      gg[k] = static_cast<std::uint64_t>(static_cast<std::int64_t>(gg[k]) >> 1);
    }
  }
  // w = x + y 2^kA + z 2^kB with |x| < 2^(kA - 1), |x + y 2^kA| < 2^(kB - 1):
  // z and y by rounding.
  const auto fields = [](std::uint64_t w, std::int64_t& y, std::int64_t& hi) {
    const auto sw = static_cast<std::int64_t>(w);
    hi = (sw + (std::int64_t{1} << (kB - 1))) >> kB;
    const std::int64_t rest = sw - hi * (std::int64_t{1} << kB);
    y = (rest + (std::int64_t{1} << (kA - 1))) >> kA;
  };
  for (std::size_t k = 0; k < K; ++k) {
    fields(ff[k], t[k].u, t[k].v);
    fields(gg[k], t[k].q, t[k].r);
    zeta[k] = static_cast<std::int64_t>(z[k]);
  }
}

// kRuns runs, 57 hddivsteps, on the low words of f and g (62 bits), for each
// of K lanes: between runs the low bits of the new f and g come from the
// product of the runs' matrices applied to the low words (T (f, g) /
// 2^(steps so far) keeps 62 - steps correct bits, at least kRun). The batch
// matrix is that product times 2^(62 - 57), so that update_fg and update_de
// divide by 2^62; its rows stay within 2^62. CT.
template <std::size_t K>
void divsteps(std::int64_t (&zeta)[K], const std::uint64_t (&f)[K], const std::uint64_t (&g)[K],
              Matrix (&t)[K]) {
  Matrix acc[K], next[K];
  run<K>(zeta, f, g, acc);
  for (int r = 1; r < kRuns; ++r) {
    const int steps = r * kRun;
    std::uint64_t fr[K], gr[K];
    for (std::size_t k = 0; k < K; ++k) {
      const auto& a = acc[k];
      fr[k] = (static_cast<std::uint64_t>(a.u) * f[k] + static_cast<std::uint64_t>(a.v) * g[k]) >>
              steps;
      gr[k] = (static_cast<std::uint64_t>(a.q) * f[k] + static_cast<std::uint64_t>(a.r) * g[k]) >>
              steps;
    }
    run<K>(zeta, fr, gr, next);
    for (std::size_t k = 0; k < K; ++k) acc[k] = mul(next[k], acc[k]);
  }
  constexpr std::int64_t kScale = std::int64_t{1} << (62 - kRun * kRuns);
  for (std::size_t k = 0; k < K; ++k) {
    t[k] = Matrix{acc[k].u * kScale, acc[k].v * kScale, acc[k].q * kScale, acc[k].r * kScale};
  }
  ct::secure_wipe(acc, sizeof acc);  // derived from the secret f and g
  ct::secure_wipe(next, sizeof next);
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

// The inversions of K jobs, their steps interleaved (see run).
template <std::size_t K>
void inverse(const SafegcdJob (&jobs)[K]) {
  struct {  // everything derived from a or c, wiped at the end
    S62 f[K], g[K], d[K], e[K];
    Matrix t[K];
    std::int64_t zeta[K];
    std::uint64_t fl[K], gl[K];
  } s{};
  for (std::size_t k = 0; k < K; ++k) {
    for (int i = 0; i < 5; ++i) s.f[k][i] = jobs[k].m.limb[i];
    to_s62(s.g[k], jobs[k].a);
    to_s62(s.e[k], jobs[k].c);  // g = e a, f = d a (mod m): e = c, d = 0 scale the result by c
    s.zeta[k] = -1;             // delta = 1/2
  }
  for (int b = 0; b < kBatches; ++b) {
    for (std::size_t k = 0; k < K; ++k) {
      s.fl[k] = static_cast<std::uint64_t>(s.f[k][0]);
      s.gl[k] = static_cast<std::uint64_t>(s.g[k][0]);
    }
    divsteps<K>(s.zeta, s.fl, s.gl, s.t);
    for (std::size_t k = 0; k < K; ++k) {
      update_fg(s.f[k], s.g[k], s.t[k]);
      update_de(s.d[k], s.e[k], s.t[k], jobs[k].m);
    }
  }
  // g = 0 and f = +-1 = d a / c: the result is d f, brought from (-2m, m)
  // into [0, m): d + m if negative (now in (-m, m)), negated when f < 0,
  // then m again if negative. (a = 0: f = m, d = 0 throughout: 0.)
  for (std::size_t k = 0; k < K; ++k) {
    add_then_negate(s.d[k], jobs[k].m, s.d[k][4] >> 63, s.f[k][4] >> 63);
    add_then_negate(s.d[k], jobs[k].m, s.d[k][4] >> 63, 0);
    jobs[k].r = from_s62(s.d[k]);
  }
  ct::secure_wipe(&s, sizeof s);
}

}  // namespace

void safegcd_inverse(Limbs<4>& r, const Limbs<4>& a, const Limbs<4>& c, const SafegcdModulus& m) {
  inverse<1>({SafegcdJob{r, a, c, m}});
}

void safegcd_inverse_pair(const SafegcdJob& first, const SafegcdJob& second) {
  inverse<2>({first, second});
}

}  // namespace glasstls::crypto::ec
