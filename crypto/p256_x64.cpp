// The fast P-256 backend (see p256_x64.hpp). The portable backend (p256.cpp,
// ec_curve_impl.hpp, ec_point.hpp, ec_field.hpp) is the readable reference:
// this file computes the same CurveOps results, faster, by
//   1. a field dedicated to p = 2^256 - 2^224 + 2^192 + 2^96 - 1: four 64-bit
//      limbs in Montgomery form (R = 2^256) and Montgomery's reduction
//      specialised to p: -p^-1 mod 2^64 = 1, so q is the low word itself, and
//      q*p needs one multiplication (q * 0xffffffff00000001) and two shifts.
//      Two implementations: MULX/ADX inline assembly (rows with two carry
//      chains, chosen when CPUID reports BMI2 and ADX, with base x86-64
//      assembly for additions), and C with unsigned __int128 otherwise;
//   2. inversion by Bernstein-Yang division steps (safegcd.hpp), constant
//      time: z^-1 mod p for affine coordinates, k^-1 mod n for signing (they
//      replaced Fermat chains of about 270 multiplications each);
//      verification's s^-1 mod n by a variable-time binary Euclid;
//   3. Jacobian coordinates (x = X/Z^2, y = Y/Z^3, the identity has Z = 0)
//      with the a = -3 doubling "dbl-2001-b" rearranged for fewer additions
//      (4M + 4S), the general addition
//      "add-1998-cmo-2" (12M + 4S) and the mixed one (8M + 3S) of the
//      Explicit-Formulas Database;
//   4. k*G by signed 6-bit windows (Booth recoding, digits -32..32) over a
//      table of j * 64^w * G (43 windows of 32 affine points, built on first
//      use): 43 mixed additions and no doubling; every entry of a window is
//      read and selected with masks (AVX2 when CPUID reports it), and the
//      negation is a mask too;
//   5. k*Q by fixed 4-bit windows over a table of 16 multiples, read with
//      masks; 4 doublings and one addition per window;
//   6. u1*G + u2*Q for verification (public data, variable time): one chain
//      of doublings, u1 in width-8 NAF over a static table of 64 odd
//      multiples of G, u2 in width-5 NAF over 8 odd multiples of Q, and no
//      final inversion: r is compared with X / Z^2 as r Z^2 = X.
//
// Why the incomplete Jacobian formulas are safe on the secret paths: the
// addition formula fails only when both inputs are the identity or equal
// (it does not double). The identity cases are fixed up with masks. Equal
// inputs cannot occur for a scalar k in [1, n-1] on a point of prime order n:
//   - k*G (item 4): see mul_base;
//   - k*Q (item 5): before the window w addition the accumulator is A*Q with
//     A = 16*(k >> 4(w+1)), a multiple of 16, and the addend is d*Q with
//     0 <= d <= 15: A = d only for A = d = 0 (the identity: a mask); and
//     A = n - d would make k >= (k >> 4w) >= A + d = n.
// Both callers (ec.cpp, ecdsa.cpp) only pass scalars in [1, n-1]; tests check
// n-1, 2^256 - n, the small scalars and others against the portable backend.
//
// CT: as the portable backend: the secret scalar steers no branch and no
// address (tests/ct/subjects/p256_x64.cpp runs both fields under valgrind).
#include "crypto/p256_x64.hpp"

#include <array>
#include <cstring>
#include <memory>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/ec_field.hpp"
#include "crypto/p256_moduli.hpp"
#include "crypto/safegcd.hpp"
#include "crypto/target_region.hpp"

namespace glasstls::crypto::ec {
namespace {

using Fe = Limbs<4>;

// The generic fields supply constants (R mod m, R^2 mod m, -m^-1), additions,
// masks and byte conversions; multiplication is redone below.
using Gp = Field<P256p>;
using Gn = Field<P256n>;

constexpr Fe kGx = {0xf4a13945d898c296ULL, 0x77037d812deb33a0ULL, 0xf8bce6e563a440f2ULL,
                    0x6b17d1f2e12c4247ULL};
constexpr Fe kGy = {0xcbb6406837bf51f5ULL, 0x2bce33576b315eceULL, 0x8ee7eb4a7c0f9e16ULL,
                    0x4fe342e2fe1a7f9bULL};

inline std::uint64_t lo64(u128 x) { return static_cast<std::uint64_t>(x); }
inline std::uint64_t hi64(u128 x) { return static_cast<std::uint64_t>(x >> 64); }

// --- Wide products: (t0..t7) = a * b, a^2. CT (straight-line). ---
// Named words rather than an array: the compiler keeps them in registers
// (with an array g++ 12 moved the words through the stack and SSE registers).

using W = std::uint64_t;

// x * y + z + carry, low word returned, high word in carry. (2^64-1)^2 +
// 2 (2^64-1) = 2^128 - 1: no overflow.
inline W mac(W x, W y, W z, W& carry) {
  const u128 m = static_cast<u128>(x) * y + z + carry;
  carry = hi64(m);
  return lo64(m);
}

// (x0..x3) += a * y; returns the word carried out.
inline W mul_row(const Fe& a, W y, W& x0, W& x1, W& x2, W& x3) {
  W c = 0;
  x0 = mac(a[0], y, x0, c);
  x1 = mac(a[1], y, x1, c);
  x2 = mac(a[2], y, x2, c);
  x3 = mac(a[3], y, x3, c);
  return c;
}

inline void sqr_wide(const Fe& a, W& t0, W& t1, W& t2, W& t3, W& t4, W& t5, W& t6, W& t7) {
  // The six cross products a_i a_j (i < j), doubled, plus the four squares.
  W c = 0;
  t1 = mac(a[0], a[1], 0, c);
  t2 = mac(a[0], a[2], 0, c);
  t3 = mac(a[0], a[3], 0, c);
  t4 = c;
  c = 0;
  t3 = mac(a[1], a[2], t3, c);
  t4 = mac(a[1], a[3], t4, c);
  t5 = c;
  c = 0;
  t5 = mac(a[2], a[3], t5, c);
  t6 = c;
  std::uint8_t d = 0;
  t1 = addc(t1, t1, d);
  t2 = addc(t2, t2, d);
  t3 = addc(t3, t3, d);
  t4 = addc(t4, t4, d);
  t5 = addc(t5, t5, d);
  t6 = addc(t6, t6, d);
  t7 = d;
  const u128 s0 = static_cast<u128>(a[0]) * a[0];
  const u128 s1 = static_cast<u128>(a[1]) * a[1];
  const u128 s2 = static_cast<u128>(a[2]) * a[2];
  const u128 s3 = static_cast<u128>(a[3]) * a[3];
  t0 = lo64(s0);
  d = 0;
  t1 = addc(t1, hi64(s0), d);
  t2 = addc(t2, lo64(s1), d);
  t3 = addc(t3, hi64(s1), d);
  t4 = addc(t4, lo64(s2), d);
  t5 = addc(t5, hi64(s2), d);
  t6 = addc(t6, lo64(s3), d);
  t7 = addc(t7, hi64(s3), d);  // a^2 < 2^512: no carry out
}

// --- GF(p), Montgomery form. ---

// The limbs of p: p0 = 2^64 - 1, p1 = 2^32 - 1, p2 = 0, p3 = 2^64 - 2^32 + 1.
constexpr std::uint64_t kP1 = 0x00000000ffffffffULL, kP3 = 0xffffffff00000001ULL;

constexpr Fe kP = P256p::m;

// d = a + b, a - b mod 2^256; the carry, the borrow returned. CT.
inline W add4(Fe& d, const Fe& a, const Fe& b) {
  std::uint8_t c = 0;
  for (std::size_t i = 0; i < 4; ++i) d[i] = addc(a[i], b[i], c);
  return c;
}
inline W sub4(Fe& d, const Fe& a, const Fe& b) {
  std::uint8_t c = 0;
  for (std::size_t i = 0; i < 4; ++i) d[i] = subb(a[i], b[i], c);
  return c;
}

// r = d + (p & mask) mod 2^256; mask is all-ones or zero. CT.
inline void add_p_masked(Fe& r, const Fe& d, W mask) {
  (void)add4(r, d, Fe{mask, mask & kP1, 0, mask & kP3});
}

// r = x - p if x >= p, else x, for x + top 2^256 < 2p: p is subtracted, then
// added back under the mask of the borrow (additions, which the compiler
// keeps in general registers, unlike a select). CT.
inline void fp_reduce_once(Fe& r, const Fe& x, W top) {
  Fe d;
  const W borrow = sub4(d, x, kP);
  add_p_masked(r, d, mask_of(borrow & (top ^ 1)));  // x < p: add p back
}

// r = x - n if x + top 2^256 >= n, else x (x + top 2^256 < 2n): as
// fp_reduce_once, with additions rather than a select. CT.
inline void fn_reduce_once(Fe& r, const Fe& x, W top) {
  Fe d;
  const W keep = mask_of(sub4(d, x, Gn::m) & (top ^ 1));
  const Fe& n = Gn::m;
  (void)add4(r, d, Fe{n[0] & keep, n[1] & keep, n[2] & keep, n[3] & keep});
}

// One round of Montgomery's reduction modulo p (see Mont::reduce): it clears
// word i by adding q * p with q = t[i], as -p^-1 = 1 mod 2^64:
//   t[i] + q p = t[i] - q + q 2^96 + q (2^64 - 2^32 + 1) 2^192 + ...
// the first term cancels (t[i] = q), the second is q << 32 at word i+1 and
// q >> 32 at word i+2, the third one 128-bit product at words i+3, i+4
// (x1..x4 here). Returns the carry out of x4.
struct RoundP {
  static constexpr const Fe& rr = Gp::rr;
  static W round(W q, W& x1, W& x2, W& x3, W& x4) {
    const u128 qp = static_cast<u128>(q) * kP3;
    std::uint8_t c = 0;
    x1 = addc(x1, q << 32, c);
    x2 = addc(x2, q >> 32, c);
    x3 = addc(x3, lo64(qp), c);
    x4 = addc(x4, hi64(qp), c);
    return c;
  }
  static void reduce_once(Fe& r, W x0, W x1, W x2, W x3, W top) {
    fp_reduce_once(r, Fe{x0, x1, x2, x3}, top);
  }
};

// Modulo n (the scalars): the generic round. q = x0 (-n^-1) clears x0; q n is
// added at x0..x3 and its carry at x4.
struct RoundN {
  static constexpr const Fe& rr = Gn::rr;
  static W round(W x0, W& x1, W& x2, W& x3, W& x4) {
    const W q = x0 * Gn::m0inv;
    W c = 0;
    (void)mac(q, Gn::m[0], x0, c);  // the low word: zero
    x1 = mac(q, Gn::m[1], x1, c);
    x2 = mac(q, Gn::m[2], x2, c);
    x3 = mac(q, Gn::m[3], x3, c);
    std::uint8_t cc = 0;
    x4 = addc(x4, c, cc);
    return cc;
  }
  static void reduce_once(Fe& r, W x0, W x1, W x2, W x3, W top) {
    fn_reduce_once(r, Fe{x0, x1, x2, x3}, top);
  }
};

// Montgomery multiplication modulo p (R = RoundP) or n (R = RoundN), R = 2^256.
template <class R>
struct Mont {
  // r = t / 2^256 mod m for t < m 2^256: four rounds, each clearing one word.
  // A round's carry out of its fifth word enters the word above at once.
  static void reduce(Fe& r, W& t0, W& t1, W& t2, W& t3, W& t4, W& t5, W& t6, W& t7) {
    std::uint8_t c = 0;
    t5 = addc(t5, R::round(t0, t1, t2, t3, t4), c);
    t6 = addc(t6, 0, c);
    t7 = addc(t7, 0, c);
    W top = c;
    c = 0;
    t6 = addc(t6, R::round(t1, t2, t3, t4, t5), c);
    t7 = addc(t7, 0, c);
    top += c;
    c = 0;
    t7 = addc(t7, R::round(t2, t3, t4, t5, t6), c);
    top += c;
    top += R::round(t3, t4, t5, t6, t7);
    R::reduce_once(r, t4, t5, t6, t7, top);  // below 2m (Montgomery's bound)
  }
  // Operand scanning with the reduction interleaved (CIOS): row i adds a b[i]
  // to the five-word accumulator x, then one round clears its low word and x
  // moves down a word. Fewer words live at once than product-then-reduce, so
  // they stay in registers. Invariant: x < 2m.
  static void mul(Fe& r, const Fe& a, const Fe& b) {
    W x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const W c = mul_row(a, b[i], x0, x1, x2, x3);
      std::uint8_t k = 0;
      x4 = addc(x4, c, k);
      const W x5 = k + R::round(x0, x1, x2, x3, x4);
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
      x4 = x5;
    }
    R::reduce_once(r, x0, x1, x2, x3, x4);
  }
  static void sqr(Fe& r, const Fe& a) {
    W t0, t1, t2, t3, t4, t5, t6, t7;
    sqr_wide(a, t0, t1, t2, t3, t4, t5, t6, t7);
    reduce(r, t0, t1, t2, t3, t4, t5, t6, t7);
  }
  static Fe to_mont(const Fe& a) {
    Fe r;
    mul(r, a, R::rr);
    return r;
  }
  static Fe from_mont(const Fe& a) {
    Fe r;
    mul(r, a, Fe{1, 0, 0, 0});
    return r;
  }
};

// --- GF(p) multiplication with MULX/ADX, when CPUID reports BMI2 and ADX. ---
// The same CIOS order as Mont::mul, in inline assembly (as mont.cpp's rows):
// g++ 12 moves the C version's words through the stack. The assembler takes
// the mnemonics whatever the -m flags; they only run when the CPU has them.

#if defined(__x86_64__)
// r = s - p if s + top 2^256 >= p, else s (s + top 2^256 < 2p). CT.
inline void fp_reduce_once_asm(Fe& r, W s0, W s1, W s2, W s3, W top) {
  W t0, t1, t2, t3;
  __asm__(
      "movq %[s0], %[t0]\n\t"
      "movq %[s1], %[t1]\n\t"
      "movq %[s2], %[t2]\n\t"
      "movq %[s3], %[t3]\n\t"
      "subq $-1, %[t0]\n\t"  // t = s - p
      "sbbq %[p1], %[t1]\n\t"
      "sbbq $0, %[t2]\n\t"
      "sbbq %[p3], %[t3]\n\t"
      "sbbq $0, %[top]\n\t"  // all-ones when s + top 2^256 < p: keep s
      "xorq %[t0], %[s0]\n\t"
      "xorq %[t1], %[s1]\n\t"
      "xorq %[t2], %[s2]\n\t"
      "xorq %[t3], %[s3]\n\t"
      "andq %[top], %[s0]\n\t"
      "andq %[top], %[s1]\n\t"
      "andq %[top], %[s2]\n\t"
      "andq %[top], %[s3]\n\t"
      "xorq %[s0], %[t0]\n\t"  // t ^= (t ^ s) & top
      "xorq %[s1], %[t1]\n\t"
      "xorq %[s2], %[t2]\n\t"
      "xorq %[s3], %[t3]\n\t"
      : [s0] "+&r"(s0), [s1] "+&r"(s1), [s2] "+&r"(s2), [s3] "+&r"(s3), [top] "+&r"(top),
        [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
      : [p1] "r"(kP1), [p3] "r"(kP3)
      : "cc");
  r = Fe{t0, t1, t2, t3};
}

// (x0..x5) += a * y, x5 = 0 on entry: MULX products, the low words added by
// ADOX (carry in OF), the high words by ADCX (carry in CF), two independent
// chains. CT.
inline void row_adx(const Fe& a, W y, W& x0, W& x1, W& x2, W& x3, W& x4, W& x5) {
  W lo, hi;
  __asm__(
      "xorl %%eax, %%eax\n\t"  // CF = OF = 0, rax = 0
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[x0]\n\t"
      "adcxq %[hi], %[x1]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[x1]\n\t"
      "adcxq %[hi], %[x2]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[x2]\n\t"
      "adcxq %[hi], %[x3]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[x3]\n\t"
      "adcxq %[hi], %[x4]\n\t"
      "adcxq %%rax, %[x5]\n\t"  // the CF chain ends in x5
      "adoxq %%rax, %[x4]\n\t"  // the OF chain: x4, then x5
      "adoxq %%rax, %[x5]\n\t"
      : [x0] "+r"(x0), [x1] "+r"(x1), [x2] "+r"(x2), [x3] "+r"(x3), [x4] "+r"(x4), [x5] "+r"(x5),
        [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [a] "r"(a.data()), "d"(y), "m"(a)
      : "rax", "cc");
}

// RoundP::round on (x0..x5): q = x0; adds q << 32, q >> 32 and q p3 at x1..x4,
// the carry into x5. x0 is left as garbage (its value is zero). CT.
inline void round_p_adx(W& x0, W& x1, W& x2, W& x3, W& x4, W& x5) {
  W lo, hi, t;
  __asm__(
      "mulxq %[p3], %[lo], %[hi]\n\t"  // rdx = q
      "movq %%rdx, %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "shrq $32, %%rdx\n\t"
      "addq %[t], %[x1]\n\t"
      "adcq %%rdx, %[x2]\n\t"
      "adcq %[lo], %[x3]\n\t"
      "adcq %[hi], %[x4]\n\t"
      "adcq $0, %[x5]\n\t"
      : [x1] "+r"(x1), [x2] "+r"(x2), [x3] "+r"(x3), [x4] "+r"(x4), [x5] "+r"(x5), [lo] "=&r"(lo),
        [hi] "=&r"(hi), [t] "=&r"(t), "+d"(x0)
      : [p3] "r"(kP3)
      : "cc");
}

// sqr_wide with MULX: the six cross products, doubled, plus the four squares,
// along one carry chain (MULX leaves the flags alone). CT.
inline void sqr_wide_adx(const Fe& a, W& t0, W& t1, W& t2, W& t3, W& t4, W& t5, W& t6, W& t7) {
  W lo, hi, lo2;
  __asm__(
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"   // a0 a1 at words 1, 2
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"  // a0 a2 at words 2, 3
      "mulxq 24(%[a]), %[hi], %[t4]\n\t"  // a0 a3 at words 3, 4
      "addq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"   // a1 a2 at words 3, 4
      "mulxq 24(%[a]), %[lo2], %[t5]\n\t"  // a1 a3 at words 4, 5
      "addq %[lo2], %[hi]\n\t"             // the two products' word 4 first
      "adcq $0, %[t5]\n\t"
      "addq %[lo], %[t3]\n\t"
      "adcq %[hi], %[t4]\n\t"
      "adcq $0, %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t6]\n\t"  // a2 a3 at words 5, 6
      "addq %[lo], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      "xorl %k[t7], %k[t7]\n\t"  // doubled: t1..t6 into t1..t7
      "addq %[t1], %[t1]\n\t"
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "adcq $0, %[t7]\n\t"
      "movq 0(%[a]), %%rdx\n\t"  // plus a_i^2 at words 2i, 2i+1
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "addq %[hi], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t4]\n\t"
      "adcq %[hi], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t6]\n\t"
      "adcq %[hi], %[t7]\n\t"  // a^2 < 2^512: no carry out
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi),
        [lo2] "=&r"(lo2)
      : [a] "r"(a.data()), "m"(a)
      : "rdx", "cc");
}

// x += carry at the word of c0, rippled up through the words after it. CT.
inline void ripple_asm(W carry, W& c0, W& c1, W& c2) {
  __asm__(
      "addq %[c], %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      : [c0] "+r"(c0), [c1] "+r"(c1), [c2] "+r"(c2)
      : [c] "r"(carry)
      : "cc");
}

// The rounds of Montgomery's reduction on MULX/ADX: modulo p, round_p_adx;
// modulo n, one row of q n with q = x0 (-n^-1). Each clears x0 (left as
// garbage) and adds its carry into x5.
struct AdxP {
  static void round(W& x0, W& x1, W& x2, W& x3, W& x4, W& x5) {
    round_p_adx(x0, x1, x2, x3, x4, x5);
  }
  static void reduce_once(Fe& r, W x0, W x1, W x2, W x3, W top) {
    fp_reduce_once_asm(r, x0, x1, x2, x3, top);
  }
};
struct AdxN {
  // q n with n's top half n2 + n3 2^64 = 2^128 - 2^96 + 2^64 - 1: two MULX
  // for q n0, q n1, and w = q (2^128 - 2^96 + 2^64 - 1), three words at x2..x4,
  // as (0, q, q) - (q, q << 32, q >> 32) (no final borrow: w >= 0). CT.
  static void round(W& x0, W& x1, W& x2, W& x3, W& x4, W& x5) {
    W w2, w3, w4, t0, t1;  // few registers: the asm must also build at -O0
    __asm__(
        "movq %%rdx, %[w3]\n\t"
        "movq %%rdx, %[w4]\n\t"
        "movq %%rdx, %[t0]\n\t"
        "shlq $32, %[t0]\n\t"
        "movq %%rdx, %[t1]\n\t"
        "shrq $32, %[t1]\n\t"
        "xorl %k[w2], %k[w2]\n\t"
        "subq %%rdx, %[w2]\n\t"  // w = (0, q, q) - (q, q << 32, q >> 32)
        "sbbq %[t0], %[w3]\n\t"
        "sbbq %[t1], %[w4]\n\t"
        "addq %[w2], %[x2]\n\t"  // x += w 2^128
        "adcq %[w3], %[x3]\n\t"
        "adcq %[w4], %[x4]\n\t"
        "adcq $0, %[x5]\n\t"
        "mulxq %[n0], %[t0], %[t1]\n\t"
        "mulxq %[n1], %[w2], %[w3]\n\t"
        "testq %[w4], %[w4]\n\t"  // CF = OF = 0
        "adcxq %[t0], %[x0]\n\t"  // x0 + lo(q n0) = 0 mod 2^64: x0 is zero now
        "adcxq %[t1], %[x1]\n\t"
        "adoxq %[w2], %[x1]\n\t"
        "adcxq %[w3], %[x2]\n\t"
        "adoxq %[x0], %[x2]\n\t"
        "adcxq %[x0], %[x3]\n\t"
        "adoxq %[x0], %[x3]\n\t"
        "adcxq %[x0], %[x4]\n\t"
        "adoxq %[x0], %[x4]\n\t"
        "adcxq %[x0], %[x5]\n\t"
        "adoxq %[x0], %[x5]\n\t"
        : [x0] "+&r"(x0), [x1] "+&r"(x1), [x2] "+&r"(x2), [x3] "+&r"(x3), [x4] "+&r"(x4),
          [x5] "+&r"(x5), [w2] "=&r"(w2), [w3] "=&r"(w3), [w4] "=&r"(w4), [t0] "=&r"(t0),
          [t1] "=&r"(t1)
        : "d"(x0 * Gn::m0inv), [n0] "m"(Gn::m[0]), [n1] "m"(Gn::m[1])
        : "cc");
  }
  static void reduce_once(Fe& r, W x0, W x1, W x2, W x3, W top) {
    fn_reduce_once(r, Fe{x0, x1, x2, x3}, top);
  }
};

// a b / 2^256 mod m: the CIOS order of Mont::mul, row by row. CT.
template <class R>
inline void mul_adx(Fe& r, const Fe& a, const Fe& b) {
  W x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    row_adx(a, b[i], x0, x1, x2, x3, x4, x5);
    R::round(x0, x1, x2, x3, x4, x5);
    x0 = x1;  // the low word is zero: move down one word
    x1 = x2;
    x2 = x3;
    x3 = x4;
    x4 = x5;
    x5 = 0;
  }
  R::reduce_once(r, x0, x1, x2, x3, x4);
}

// a^2 / 2^256 mod m: the ten products of sqr_wide_adx, then four rounds on the
// eight words, each round's carry rippled into the words above its window
// (x5 collects the top). CT.
template <class R>
inline void sqr_adx(Fe& r, const Fe& a) {
  W t0, t1, t2, t3, t4, t5, t6, t7, c = 0, x5 = 0;
  sqr_wide_adx(a, t0, t1, t2, t3, t4, t5, t6, t7);
  R::round(t0, t1, t2, t3, t4, c);
  ripple_asm(c, t5, t6, t7);  // t7 cannot overflow here: a^2 + q m < 2^512
  c = 0;
  R::round(t1, t2, t3, t4, t5, c);
  ripple_asm(c, t6, t7, x5);
  c = 0;
  R::round(t2, t3, t4, t5, t6, c);
  W above = 0;  // stays zero: the value is below 2^513
  ripple_asm(c, t7, x5, above);
  R::round(t3, t4, t5, t6, t7, x5);
  R::reduce_once(r, t4, t5, t6, t7, x5);
}
#else
struct AdxP;  // the MULX/ADX rounds exist on x86-64 only
struct AdxN;
#endif

bool detect_adx() {
#if defined(__x86_64__)
  return cpu_features().bmi2 && cpu_features().adx;
#else
  return false;
#endif
}
// The assembly paths: MULX/ADX multiplication, and with it the base x86-64
// additions above. p256_x64_use_adx() changes it (tests).
bool g_asm = detect_adx();

// a b (or a^2) / 2^256 mod m: MULX/ADX rounds Adx (kAsm), or base rounds C.
template <class Adx, class C, bool kSquare, bool kAsm>
[[gnu::always_inline]] inline void mont_mul_on(Fe& r, const Fe& a, const Fe& b) {
#if defined(__x86_64__)
  if constexpr (kAsm) return kSquare ? sqr_adx<Adx>(r, a) : mul_adx<Adx>(r, a, b);
#endif
  return kSquare ? Mont<C>::sqr(r, a) : Mont<C>::mul(r, a, b);
}
// The same, on the implementation g_asm chooses.
template <class Adx, class C, bool kSquare>
[[gnu::always_inline]] inline void mont_mul(Fe& r, const Fe& a, const Fe& b) {
  if (g_asm) return mont_mul_on<Adx, C, kSquare, true>(r, a, b);
  return mont_mul_on<Adx, C, kSquare, false>(r, a, b);
}
inline void fn_mul(Fe& r, const Fe& a, const Fe& b) { mont_mul<AdxN, RoundN, false>(r, a, b); }
inline void fp_mul(Fe& r, const Fe& a, const Fe& b) { mont_mul<AdxP, RoundP, false>(r, a, b); }
inline void fp_sqr(Fe& r, const Fe& a) { mont_mul<AdxP, RoundP, true>(r, a, a); }
inline Fe fp_to_mont(const Fe& a) { return Mont<RoundP>::to_mont(a); }
inline Fe fp_from_mont(const Fe& a) { return Mont<RoundP>::from_mont(a); }

inline Fe fn_to_mont(const Fe& a) { return Mont<RoundN>::to_mont(a); }

#if defined(__x86_64__)
// fp_add and fp_sub below in assembly: g++ 12 turns each carry of the C
// versions into setb / movzbl / add and back. Masks, no cmov (memcheck counts
// a cmov on a secret flag as a branch, and so would a timing attacker on some
// cores).
inline void fp_add_asm(Fe& r, const Fe& a, const Fe& b) {
  W s0 = a[0], s1 = a[1], s2 = a[2], s3 = a[3], top = 0;
  __asm__(
      "addq 0(%[b]), %[s0]\n\t"
      "adcq 8(%[b]), %[s1]\n\t"
      "adcq 16(%[b]), %[s2]\n\t"
      "adcq 24(%[b]), %[s3]\n\t"
      "adcq $0, %[top]\n\t"
      : [s0] "+&r"(s0), [s1] "+&r"(s1), [s2] "+&r"(s2), [s3] "+&r"(s3), [top] "+&r"(top)
      : [b] "r"(b.data()), "m"(b)
      : "cc");
  fp_reduce_once_asm(r, s0, s1, s2, s3, top);
}
inline void fp_sub_asm(Fe& r, const Fe& a, const Fe& b) {
  W d0 = a[0], d1 = a[1], d2 = a[2], d3 = a[3], mask, m1, m3;
  __asm__(
      "subq 0(%[b]), %[d0]\n\t"
      "sbbq 8(%[b]), %[d1]\n\t"
      "sbbq 16(%[b]), %[d2]\n\t"
      "sbbq 24(%[b]), %[d3]\n\t"
      "sbbq %[mask], %[mask]\n\t"  // all-ones when a < b: add p back
      "movq %[mask], %[m1]\n\t"
      "movq %[mask], %[m3]\n\t"
      "andq %[p1], %[m1]\n\t"
      "andq %[p3], %[m3]\n\t"
      "addq %[mask], %[d0]\n\t"
      "adcq %[m1], %[d1]\n\t"
      "adcq $0, %[d2]\n\t"
      "adcq %[m3], %[d3]\n\t"
      : [d0] "+&r"(d0), [d1] "+&r"(d1), [d2] "+&r"(d2), [d3] "+&r"(d3), [mask] "=&r"(mask),
        [m1] "=&r"(m1), [m3] "=&r"(m3)
      : [b] "r"(b.data()), "m"(b), [p1] "r"(kP1), [p3] "r"(kP3)
      : "cc");
  r = Fe{d0, d1, d2, d3};
}
#endif

// GF(p) on the implementation chosen at compile time: kAsm, MULX/ADX and the
// assembly additions; otherwise the base ones. The point formulas (dbl,
// add_formula, madd_formula) test g_asm once per point operation and then run
// on one of these: testing it in every field operation kept both
// implementations inlined side by side and cost about 6% of a verification.
template <bool kAsm>
struct FpOn {
  static void mul(Fe& r, const Fe& a, const Fe& b) {
    mont_mul_on<AdxP, RoundP, false, kAsm>(r, a, b);
  }
  static void sqr(Fe& r, const Fe& a) { mont_mul_on<AdxP, RoundP, true, kAsm>(r, a, a); }
  static void add(Fe& r, const Fe& a, const Fe& b) {
#if defined(__x86_64__)
    if constexpr (kAsm) return fp_add_asm(r, a, b);
#endif
    Fe s;
    const W carry = add4(s, a, b);
    fp_reduce_once(r, s, carry);
  }
  // r = a - b, plus p under the mask of the borrow. CT.
  static void sub(Fe& r, const Fe& a, const Fe& b) {
#if defined(__x86_64__)
    if constexpr (kAsm) return fp_sub_asm(r, a, b);
#endif
    Fe d;
    const W borrow = sub4(d, a, b);
    add_p_masked(r, d, mask_of(borrow));
  }
};

inline void fp_sub(Fe& r, const Fe& a, const Fe& b) {
  return g_asm ? FpOn<true>::sub(r, a, b) : FpOn<false>::sub(r, a, b);
}

// r = a^-1 mod p in Montgomery form (inv(0) = 0): safegcd (safegcd.hpp) on
// a R with the factor R^2, (a R)^-1 R^2 = a^-1 R. CT.
constexpr SafegcdModulus kSafegcdP = safegcd_modulus(kP);
void fp_inv(Fe& r, const Fe& a) { safegcd_inverse(r, a, Gp::rr, kSafegcdP); }

// --- Z/nZ. ---

constexpr SafegcdModulus kSafegcdN = safegcd_modulus(Gn::m);

// --- Z/nZ, public data: verification's s^-1. ---

// Verification has no secret (the signature, the digest and the public key are
// public), so s^-1 mod n may take variable time: a binary extended Euclid,
// shifting out whole runs of zero bits at once. NOT constant time: never give
// it a secret.

// x = x / 2^k mod n for x < n and 0 < k < 64: adding m n with m = x (-n^-1)
// mod 2^k clears the low k bits (Montgomery's step), then a shift; the result
// (x + m n) / 2^k < (n + (2^k - 1) n) / 2^k = n needs no reduction.
void fn_div_pow2_vartime(Fe& x, unsigned k) {
  const W m = (x[0] * Gn::m0inv) & ((W{1} << k) - 1);
  W c = 0;
  W t[5];
  for (std::size_t i = 0; i < 4; ++i) t[i] = mac(m, Gn::m[i], x[i], c);
  t[4] = c;
  for (std::size_t i = 0; i < 4; ++i) x[i] = (t[i] >> k) | (t[i + 1] << (64 - k));
}

// While u is even: u = u / 2^k, x = x / 2^k mod n (u != 0; at most 63 bits a
// step, so a zero low word is a step of 63).
void make_odd_vartime(Fe& u, Fe& x) {
  while ((u[0] & 1) == 0) {
    const unsigned k = u[0] == 0 ? 63u : static_cast<unsigned>(__builtin_ctzll(u[0]));
    for (std::size_t i = 0; i < 3; ++i) u[i] = (u[i] >> k) | (u[i + 1] << (64 - k));
    u[3] >>= k;
    fn_div_pow2_vartime(x, k);
  }
}

// a > b, as numbers below 2^256.
bool gt_vartime(const Fe& a, const Fe& b) {
  for (std::size_t i = 4; i-- > 0;) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return false;
}

// r = a^-1 mod n for a in [1, n-1], a and r not in Montgomery form (a = 0
// gives 0, as safegcd_inverse). Binary extended Euclid on (u, v) = (a, n), both kept
// odd, with x1 a = u and x2 a = v (mod n): subtract the smaller from the
// larger (and its coefficient), shift the zeros out, until u = v = gcd = 1
// (n is prime). Public data, variable time.
void fn_inv_vartime(Fe& r, const Fe& a) {
  if (Gn::is_zero(a)) {
    r = Fe{};
    return;
  }
  Fe u = a, v = Gn::m, x1 = {1, 0, 0, 0}, x2{};
  make_odd_vartime(u, x1);
  while (u != v) {
    if (gt_vartime(u, v)) {
      (void)sub4(u, u, v);
      Gn::sub(x1, x1, x2);
      make_odd_vartime(u, x1);
    } else {
      (void)sub4(v, v, u);
      Gn::sub(x2, x2, x1);
      make_odd_vartime(v, x2);
    }
  }
  r = x1;
}

// --- Points. ---

struct Jac {
  Fe x, y, z;
};
struct Aff {
  Fe x, y;
};

constexpr Jac kIdentity = {Fe{}, Gp::one, Fe{}};

inline void cmov(Fe& r, const Fe& a, std::uint64_t mask) { Gp::cmov(r, a, mask); }
inline void cmov(Jac& r, const Jac& p, std::uint64_t mask) {
  cmov(r.x, p.x, mask);
  cmov(r.y, p.y, mask);
  cmov(r.z, p.z, mask);
}
inline void cmov(Aff& r, const Aff& p, std::uint64_t mask) {
  cmov(r.x, p.x, mask);
  cmov(r.y, p.y, mask);
}

// r = a / 2 mod p: a + p under the mask of a's low bit (even now), shifted
// down with the carry. (a + p) / 2 < p. CT.
inline void fp_half(Fe& r, const Fe& a) {
  const W mask = mask_of(a[0] & 1);
  Fe t;
  const W carry = add4(t, a, Fe{mask, mask & kP1, 0, mask & kP3});
  for (std::size_t i = 0; i < 3; ++i) r[i] = (t[i] >> 1) | (t[i + 1] << 63);
  r[3] = (t[3] >> 1) | (carry << 63);
}

// r = 2p, a = -3: the EFD's "dbl-2001-b" rearranged (as OpenSSL's
// ecp_nistz256 does) for fewer additions, 4M + 4S and ten additions instead
// of 3M + 5S and sixteen:
//   S = 4 X Y^2, M = 3 (X - Z^2)(X + Z^2),
//   X3 = M^2 - 2 S, Y3 = M (S - X3) - 8 Y^4, Z3 = 2 Y Z,
// with 8 Y^4 = (2Y)^4 / 2. The identity (Z = 0) stays the identity; P-256
// has no point of order 2. r may alias p. CT.
template <bool kAsm>
void dbl_on(Jac& r, const Jac& p) {
  using F = FpOn<kAsm>;
  Fe y2, zz, s, m, t, y4, z3;
  F::add(y2, p.y, p.y);  // 2Y
  F::sqr(zz, p.z);
  F::mul(z3, y2, p.z);  // Z3 = 2 Y Z
  F::sqr(s, y2);        // 4 Y^2
  F::add(m, p.x, zz);
  F::sub(zz, p.x, zz);
  F::mul(m, m, zz);
  F::add(t, m, m);
  F::add(m, t, m);  // M = 3 (X + Z^2)(X - Z^2)
  F::sqr(y4, s);
  fp_half(y4, y4);    // 8 Y^4
  F::mul(s, s, p.x);  // S = 4 X Y^2
  F::sqr(t, m);
  F::sub(t, t, s);
  F::sub(r.x, t, s);  // X3 = M^2 - 2 S
  F::sub(s, s, r.x);
  F::mul(s, s, m);
  F::sub(r.y, s, y4);  // Y3 = M (S - X3) - 8 Y^4
  r.z = z3;
}
void dbl(Jac& r, const Jac& p) { return g_asm ? dbl_on<true>(r, p) : dbl_on<false>(r, p); }

// r = p + q by "add-1998-cmo-2" (12M + 4S), no exceptional case handled:
// h and rr (H = U2 - U1, R = S2 - S1) are returned for the callers to do so.
// r may alias p or q.
template <bool kAsm>
void add_formula_on(Jac& r, const Jac& p, const Jac& q, Fe& h, Fe& rr) {
  using F = FpOn<kAsm>;
  Fe z1z1, z2z2, u1, u2, s1, s2, hh, hhh, v, t;
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
  F::sqr(hh, h);
  F::mul(hhh, hh, h);
  F::mul(v, u1, hh);
  Jac o;
  F::sqr(t, rr);
  F::sub(t, t, hhh);
  F::sub(t, t, v);
  F::sub(o.x, t, v);  // X3 = R^2 - H^3 - 2 V
  F::sub(t, v, o.x);
  F::mul(t, rr, t);
  F::mul(s1, s1, hhh);
  F::sub(o.y, t, s1);  // Y3 = R (V - X3) - S1 H^3
  F::mul(t, p.z, q.z);
  F::mul(o.z, t, h);  // Z3 = Z1 Z2 H
  r = o;
}
void add_formula(Jac& r, const Jac& p, const Jac& q, Fe& h, Fe& rr) {
  return g_asm ? add_formula_on<true>(r, p, q, h, rr) : add_formula_on<false>(r, p, q, h, rr);
}

// r = p + q with q = (x, y, 1) affine: 8M + 3S. Same contract as add_formula.
template <bool kAsm>
void madd_formula_on(Jac& r, const Jac& p, const Aff& q, Fe& h, Fe& rr) {
  using F = FpOn<kAsm>;
  Fe z1z1, u2, s2, hh, hhh, v, t;
  F::sqr(z1z1, p.z);
  F::mul(u2, q.x, z1z1);
  F::mul(s2, q.y, p.z);
  F::mul(s2, s2, z1z1);
  F::sub(h, u2, p.x);
  F::sub(rr, s2, p.y);
  F::sqr(hh, h);
  F::mul(hhh, hh, h);
  F::mul(v, p.x, hh);
  Jac o;
  F::sqr(t, rr);
  F::sub(t, t, hhh);
  F::sub(t, t, v);
  F::sub(o.x, t, v);
  F::sub(t, v, o.x);
  F::mul(t, rr, t);
  F::mul(u2, p.y, hhh);
  F::sub(o.y, t, u2);
  F::mul(o.z, p.z, h);
  r = o;
}
void madd_formula(Jac& r, const Jac& p, const Aff& q, Fe& h, Fe& rr) {
  return g_asm ? madd_formula_on<true>(r, p, q, h, rr) : madd_formula_on<false>(r, p, q, h, rr);
}

// r = p + q for p != q (see the file comment), either may be the identity. CT.
void add_ct(Jac& r, const Jac& p, const Jac& q) {
  const std::uint64_t p_inf = Gp::is_zero(p.z), q_inf = Gp::is_zero(q.z);
  Jac o;
  Fe h, rr;
  add_formula(o, p, q, h, rr);
  cmov(o, q, p_inf);
  cmov(o, p, q_inf);
  r = o;
}

// Public data: the exceptional cases are branches. o = the formula's result
// for p + q (neither the identity), h and rr its H and R: H = 0 means
// x(p) = x(q), so p = q (R = 0: double) or p = -q (the identity).
void finish_vartime(Jac& r, const Jac& o, const Jac& p, const Fe& h, const Fe& rr) {
  if (!Gp::is_zero(h)) {
    r = o;
  } else if (Gp::is_zero(rr)) {
    dbl(r, p);
  } else {
    r = kIdentity;
  }
}
void add_vartime(Jac& r, const Jac& p, const Jac& q) {
  if (Gp::is_zero(p.z) || Gp::is_zero(q.z)) {  // O + q = q, p + O = p
    r = Gp::is_zero(p.z) ? q : p;
    return;
  }
  Jac o;
  Fe h, rr;
  add_formula(o, p, q, h, rr);
  finish_vartime(r, o, p, h, rr);
}
void madd_vartime(Jac& r, const Jac& p, const Aff& q) {
  if (Gp::is_zero(p.z)) {
    r = Jac{q.x, q.y, Gp::one};
    return;
  }
  Jac o;
  Fe h, rr;
  madd_formula(o, p, q, h, rr);
  finish_vartime(r, o, p, h, rr);
}

// (X/Z^2, Y/Z^3); the identity maps to (0, 0). CT.
Aff to_affine(const Jac& p) {
  Fe zi, zi2, zi3;
  fp_inv(zi, p.z);
  fp_sqr(zi2, zi);
  fp_mul(zi3, zi2, zi);
  Aff a;
  fp_mul(a.x, p.x, zi2);
  fp_mul(a.y, p.y, zi3);
  return a;
}

// Converts n points at once with one inversion (Montgomery's trick); no Z may
// be zero. Public data (table building).
void to_affine_batch(Aff* out, const Jac* in, std::size_t n) {
  std::unique_ptr<Fe[]> prefix(new Fe[n]);
  prefix[0] = in[0].z;
  for (std::size_t j = 1; j < n; ++j) fp_mul(prefix[j], prefix[j - 1], in[j].z);
  Fe inv;
  fp_inv(inv, prefix[n - 1]);
  for (std::size_t j = n; j-- > 0;) {
    Fe zi = inv;
    if (j > 0) {
      fp_mul(zi, inv, prefix[j - 1]);
      fp_mul(inv, inv, in[j].z);
    }
    Fe zi2, zi3;
    fp_sqr(zi2, zi);
    fp_mul(zi3, zi2, zi);
    fp_mul(out[j].x, in[j].x, zi2);
    fp_mul(out[j].y, in[j].y, zi3);
  }
}

// Big-endian 32-byte scalar: window w (0 = least significant) is k >> 4w & 15.
constexpr std::size_t kWindows = 64;
inline std::uint64_t nibble(const std::uint8_t* k, std::size_t w) {
  return (k[31 - w / 2] >> (4 * (w & 1))) & 0xF;
}

// --- k*G. ---

// Signed kBooth-bit windows (Booth recoding): k = sum d_w 2^(kBooth w), d_w in
// [-2^(kBooth-1), 2^(kBooth-1)]; 257 bits (k and the sign bit above its top
// window) need ceil(257 / kBooth) windows. 6 bits: 43 windows of 32 affine
// points (88 KiB), 43 mixed additions. Measured (signing, AVX2 reads): 6
// bits 9% faster than 5 (52 additions over 16-point windows), 7 bits (37
// windows of 64, 148 KiB) within 1% of 6.
constexpr unsigned kBooth = 6;
constexpr std::size_t kBaseWindows = (256 + kBooth) / kBooth;
constexpr std::size_t kRow = std::size_t{1} << (kBooth - 1);
using BaseTable = std::array<std::array<Aff, kRow>, kBaseWindows>;

// table[w][j-1] = j * 2^(kBooth w) * G, built once on first use (public data).
std::unique_ptr<const BaseTable> build_base_table() {
  auto table = std::make_unique<BaseTable>();
  Jac base{fp_to_mont(kGx), fp_to_mont(kGy), Gp::one};
  Jac row[kRow];
  for (std::size_t w = 0; w < kBaseWindows; ++w) {
    row[0] = base;
    dbl(row[1], base);
    for (std::size_t j = 2; j < kRow; ++j) add_vartime(row[j], row[j - 1], base);
    to_affine_batch((*table)[w].data(), row, kRow);
    for (unsigned d = 0; d < kBooth; ++d) dbl(base, base);
  }
  return table;
}

const BaseTable& base_table() {
  static const std::unique_ptr<const BaseTable> table = build_base_table();
  return *table;
}

// Window w of the Booth recoding of k: with in = bits kBooth w - 1 ..
// kBooth (w+1) of k (bit -1 is 0), d_w = (in >> 1) + (in & 1) - 2^kBooth
// (in >> kBooth). Returns |d_w| and sets neg to all-ones when d_w < 0. CT:
// the bit position is public.
std::uint64_t booth(const Fe& k, std::size_t w, std::uint64_t& neg) {
  std::uint64_t in = 0;
  if (w == 0) {
    in = k[0] << 1;
  } else {
    const std::size_t pos = kBooth * w - 1, limb = pos / 64, shift = pos % 64;
    in = k[limb] >> shift;
    if (shift > 63 - kBooth && limb + 1 < 4) in |= k[limb + 1] << (64 - shift);
  }
  in &= (std::uint64_t{2} << kBooth) - 1;
  const std::uint64_t t = (in >> 1) + (in & 1);  // 0 .. 2^kBooth
  neg = mask_of(in >> kBooth);
  return t ^ ((t ^ ((std::uint64_t{1} << kBooth) - t)) & neg);  // neg: 2^kBooth - t
}

// out = row[d - 1] for d in [1, kRow], (0, 0) for d = 0: every entry is read
// and kept under a mask. CT.
void select_scalar(Aff& out, const Aff* row, std::uint64_t d) {
  Aff sel{};
  for (std::uint64_t j = 1; j <= kRow; ++j) cmov(sel, row[j - 1], ct::eq(d, j).bits());
  out = sel;
}

#if defined(__x86_64__)
GLASSTLS_TARGET_BEGIN("avx2")
// select_scalar on AVX2: an entry is two 256-bit words, kept under a mask
// from a vector comparison. CT: every entry is loaded, no branch.
void select_avx2(Aff& out, const Aff* row, std::uint64_t d) {
  const __m256i want = _mm256_set1_epi64x(static_cast<long long>(d));
  const __m256i one = _mm256_set1_epi64x(1);
  __m256i j = one, x = _mm256_setzero_si256(), y = _mm256_setzero_si256();
  for (std::size_t i = 0; i < kRow; ++i) {
    const __m256i mask = _mm256_cmpeq_epi64(j, want);
    const auto* e = reinterpret_cast<const __m256i*>(&row[i]);
    x = _mm256_or_si256(x, _mm256_and_si256(mask, _mm256_loadu_si256(e)));
    y = _mm256_or_si256(y, _mm256_and_si256(mask, _mm256_loadu_si256(e + 1)));
    j = _mm256_add_epi64(j, one);
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.x.data()), x);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.y.data()), y);
}
GLASSTLS_TARGET_END()
#endif

// The AVX2 table reads when CPUID reports AVX2; p256_x64_use_adx() turns them
// off with the MULX/ADX field (tests).
bool g_avx2 = cpu_features().avx2;

void select_affine(Aff& out, const Aff* row, std::uint64_t d) {
#if defined(__x86_64__)
  if (g_avx2) return select_avx2(out, row, d);
#endif
  select_scalar(out, row, d);
}

// k in [1, n-1]. CT: every entry of every window is read, the negation and
// the addition always run, and their results are kept under masks.
// No doubling (and no cancellation) case: before window w the accumulator is
// A*G, A = (k mod 2^6w) - 2^6w bit(6w-1) (the part of k below the window,
// less the borrow the window's digit takes), so |A| <= 2^(6w-1) < |d_w| 2^6w.
// Below the top window (6w <= 246), |A| + |d_w| 2^6w < 2^252 < n: A -+ d_w 2^6w
// is a nonzero integer smaller than n, so A != +-d_w 2^6w mod n. The top
// window (w = 42: bits 251..257 of k, zero from bit 256 up) has d >= 0, and
// A = d 2^252 mod n would need A = d 2^252 - n, so k = A + d 2^252 =
// d 2^253 - n, with d in [8, 15] for k in [1, n-1]: k = (d-8) 2^253 +
// (2^256 - n) with 2^256 - n < 2^224, whose top digit is 2d - 16, not d.
Jac mul_base(const std::uint8_t* kb) {
  static_assert(kBooth == 6 && kBaseWindows == 43, "the argument above is for 6-bit windows");
  const BaseTable& table = base_table();
  Fe k = Gn::load_be(kb);
  Jac acc = kIdentity;
  for (std::size_t w = 0; w < kBaseWindows; ++w) {
    std::uint64_t neg = 0;
    const std::uint64_t d = booth(k, w, neg);
    Aff sel;
    select_affine(sel, table[w].data(), d);
    Fe minus_y;
    fp_sub(minus_y, Fe{}, sel.y);
    cmov(sel.y, minus_y, neg);
    Jac sum;
    Fe h, rr;
    madd_formula(sum, acc, sel, h, rr);
    cmov(sum, Jac{sel.x, sel.y, Gp::one}, Gp::is_zero(acc.z));
    cmov(acc, sum, ct::is_nonzero(d).bits());
  }
  ct::secure_wipe(&k, sizeof k);
  return acc;
}

// --- k*Q. ---

// k in [1, n-1], q of order n. CT (fixed windows, masked reads of all 16
// multiples, the identity cases masked in add_ct).
Jac mul_point(const std::uint8_t* k, const Jac& q) {
  Jac table[16];
  table[0] = kIdentity;
  table[1] = q;
  dbl(table[2], q);
  for (std::size_t j = 3; j < 16; ++j) add_ct(table[j], table[j - 1], q);
  Jac acc = kIdentity;
  for (std::size_t w = kWindows; w-- > 0;) {
    if (w != kWindows - 1) {
      for (int d = 0; d < 4; ++d) dbl(acc, acc);
    }
    const std::uint64_t d = nibble(k, w);
    Jac sel = kIdentity;
    for (std::uint64_t j = 1; j < 16; ++j) cmov(sel, table[j], ct::eq(d, j).bits());
    add_ct(acc, acc, sel);
  }
  ct::secure_wipe(table, sizeof table);
  return acc;
}

// --- u1*G + u2*Q: public data, variable time. ---

// Width-w NAF of a 256-bit k: digits odd in (-2^(w-1), 2^(w-1)) or 0, any
// two nonzero digits at least w apart; 257 digits at most. Public data.
void wnaf(int naf[257], const Fe& k_in, int width) {
  const std::uint64_t window = (std::uint64_t{1} << width) - 1;
  const int half = 1 << (width - 1);
  std::uint64_t k[5] = {k_in[0], k_in[1], k_in[2], k_in[3], 0};
  for (std::size_t i = 0; i < 257; ++i) {
    int d = 0;
    if (k[0] & 1) {
      d = static_cast<int>(k[0] & window);
      if (d >= half) d -= 2 * half;
      // k -= d: the low bits become zero; a negative d is a carry upwards.
      std::uint8_t c = 0;
      if (d > 0) {
        k[0] = subb(k[0], static_cast<std::uint64_t>(d), c);
        for (std::size_t j = 1; j < 5; ++j) k[j] = subb(k[j], 0, c);
      } else {
        k[0] = addc(k[0], static_cast<std::uint64_t>(-d), c);
        for (std::size_t j = 1; j < 5; ++j) k[j] = addc(k[j], 0, c);
      }
    }
    naf[i] = d;
    for (std::size_t j = 0; j < 4; ++j) k[j] = (k[j] >> 1) | (k[j + 1] << 63);
    k[4] >>= 1;
  }
}

// (2j+1) G for j = 0..63: the odd digits of a width-8 NAF (4 KiB, built on
// first use; width 8 makes about 28 additions of G's multiples, width 7 32).
constexpr int kWidthG = 8;
constexpr std::size_t kOddG = std::size_t{1} << (kWidthG - 2);
using OddGTable = std::array<Aff, kOddG>;
std::unique_ptr<const OddGTable> build_odd_g_table() {
  auto table = std::make_unique<OddGTable>();
  Jac row[kOddG], g2;
  row[0] = Jac{fp_to_mont(kGx), fp_to_mont(kGy), Gp::one};
  dbl(g2, row[0]);
  for (std::size_t j = 1; j < kOddG; ++j) add_vartime(row[j], row[j - 1], g2);
  to_affine_batch(table->data(), row, kOddG);
  return table;
}
const OddGTable& odd_g_table() {
  static const std::unique_ptr<const OddGTable> table = build_odd_g_table();
  return *table;
}

// u1*G + u2*Q, public data: one chain of doublings for both scalars
// (Straus-Shamir), u1 in width-8 NAF over the static affine table of G's odd
// multiples, u2 in width-5 NAF over 8 odd multiples of Q made here.
Jac mul2_vartime(const Fe& u1, const Fe& u2, const Jac& q) {
  Jac odd[8];  // (2j+1) Q
  odd[0] = q;
  Jac q2;
  dbl(q2, q);
  for (std::size_t j = 1; j < 8; ++j) add_vartime(odd[j], odd[j - 1], q2);
  const OddGTable& odd_g = odd_g_table();
  int naf1[257], naf2[257];
  wnaf(naf1, u1, kWidthG);
  wnaf(naf2, u2, 5);
  Jac acc = kIdentity;
  for (std::size_t i = 257; i-- > 0;) {
    if (!Gp::is_zero(acc.z)) dbl(acc, acc);
    if (const int d = naf2[i]; d != 0) {
      Jac t = odd[(d > 0 ? d : -d) / 2];
      if (d < 0) fp_sub(t.y, Fe{}, t.y);
      add_vartime(acc, acc, t);
    }
    if (const int d = naf1[i]; d != 0) {
      Aff t = odd_g[static_cast<std::size_t>((d > 0 ? d : -d) / 2)];
      if (d < 0) fp_sub(t.y, Fe{}, t.y);
      madd_vartime(acc, acc, t);
    }
  }
  return acc;
}

// --- The CurveOps entries. ---

Jac load_point(const std::uint8_t* xy) {
  return Jac{fp_to_mont(Gp::load_be(xy)), fp_to_mont(Gp::load_be(xy + 32)), Gp::one};
}

bool decode_point(std::span<const std::uint8_t> in, std::uint8_t* xy) {
  return p256_portable_ops().decode_point(in, xy);
}
std::uint64_t scalar_in_range(const std::uint8_t* k) {
  return p256_portable_ops().scalar_in_range(k);
}
void reduce_mod_n(const std::uint8_t* in, std::uint8_t* out) {
  p256_portable_ops().reduce_mod_n(in, out);
}

// CT: mul_base, and the constant-time inversion.
void public_from_private(const std::uint8_t* d, std::uint8_t* xy) {
  Jac p = mul_base(d);
  Aff a = to_affine(p);
  Gp::store_be(xy, fp_from_mont(a.x));
  Gp::store_be(xy + 32, fp_from_mont(a.y));
  ct::secure_wipe(&p, sizeof p);
}

// CT: mul_point, the constant-time inversion; the identity test is a mask.
std::uint64_t ecdh(const std::uint8_t* d, const std::uint8_t* xy, std::uint8_t* x) {
  Jac p = mul_point(d, load_point(xy));
  const std::uint64_t ok = ~Gp::is_zero(p.z);
  Fe zi, zi2, ax;
  fp_inv(zi, p.z);
  fp_sqr(zi2, zi);
  fp_mul(ax, p.x, zi2);
  Gp::store_be(x, fp_from_mont(ax));
  ct::secure_wipe(&p, sizeof p);
  ct::secure_wipe(&ax, sizeof ax);
  ct::secure_wipe(&zi, sizeof zi);
  return ok;
}

// FIPS 186-5 §6.4.1 steps 4-9, as CurveImpl::sign_with_k. CT in d and k.
// The scalars stay plain numbers: a Montgomery product of two plain numbers
// carries a factor R^-1, and the inversion's factor R^2 cancels both:
// s = (r d R^-1 + e R^-1) (R^2 k^-1) R^-1 = k^-1 (e + r d).
std::uint64_t sign_with_k(const std::uint8_t* d, const std::uint8_t* k, const std::uint8_t* e,
                          std::uint8_t* r_out, std::uint8_t* s_out) {
  struct {  // every value derived from k or d, wiped at the end
    Jac big_r;
    Fe zi, zi2, xr, kp, dp, kinv, t, er;
  } v;
  // Step 5: R = kG; steps 6-7: r = xR mod n (xR < p < 2n).
  v.big_r = mul_base(k);
  // Z^-1 mod p (Montgomery form, as fp_inv) and R^2 k^-1 mod n, together.
  v.kp = Gn::load_be(k);
  safegcd_inverse_pair({v.zi, v.big_r.z, Gp::rr, kSafegcdP}, {v.kinv, v.kp, Gn::rr, kSafegcdN});
  fp_sqr(v.zi2, v.zi);
  fp_mul(v.xr, v.big_r.x, v.zi2);
  Fe r{}, e_red{};
  Gn::reduce_once(r, fp_from_mont(v.xr), 0);
  Gn::reduce_once(e_red, Gn::load_be(e), 0);
  // Step 8: s = k^-1 (e + r d) mod n.
  v.dp = Gn::load_be(d);
  fn_mul(v.t, r, v.dp);                 // r d R^-1
  fn_mul(v.er, e_red, Fe{1, 0, 0, 0});  // e R^-1
  Gn::add(v.t, v.t, v.er);
  fn_mul(v.t, v.t, v.kinv);
  const Fe s = v.t;
  Gn::store_be(r_out, r);
  Gn::store_be(s_out, s);
  ct::secure_wipe(&v, sizeof v);
  // Step 9 is the caller's: a mask, all-ones unless r = 0 or s = 0.
  return ~Gn::is_zero(r) & ~Gn::is_zero(s);
}

// FIPS 186-5 §6.4.2 steps 3-8, as CurveImpl::verify. Public data.
bool verify(const std::uint8_t* xy, const std::uint8_t* e, const std::uint8_t* r_in,
            const std::uint8_t* s_in) {
  Fe e_red{};
  Gn::reduce_once(e_red, Gn::load_be(e), 0);
  const Fe r = Gn::load_be(r_in);
  // w = s^-1 (plain), so the Montgomery products (e R) w / R, (r R) w / R
  // are u1 = e w and u2 = r w themselves.
  Fe w, u, v;
  fn_inv_vartime(w, Gn::load_be(s_in));
  fn_mul(u, fn_to_mont(e_red), w);
  fn_mul(v, fn_to_mont(r), w);
  const Jac big_r = mul2_vartime(u, v, load_point(xy));
  if (Gp::is_zero(big_r.z)) return false;
  // xR = X/Z^2: compare X with r Z^2, and with (r + n) Z^2 when r + n < p.
  Fe z2, t;
  fp_sqr(z2, big_r.z);
  fp_mul(t, fp_to_mont(r), z2);
  if (Gp::eq(t, big_r.x)) return true;
  Fe rn{};
  std::uint8_t carry = 0;
  for (std::size_t i = 0; i < 4; ++i) rn[i] = addc(r[i], Gn::m[i], carry);
  if (carry != 0 || !Gp::lt_modulus(rn)) return false;
  fp_mul(t, fp_to_mont(rn), z2);
  return Gp::eq(t, big_r.x) != 0;
}

constexpr CurveOps kOps{"P-256", 32,          decode_point, scalar_in_range, public_from_private,
                        ecdh,    sign_with_k, verify,       reduce_mod_n};

}  // namespace

const CurveOps& p256_x64_ops() { return kOps; }

bool p256_x64_use_adx(bool on) {
  g_asm = on && detect_adx();
  g_avx2 = on && cpu_features().avx2;
  return g_asm;
}

}  // namespace glasstls::crypto::ec
