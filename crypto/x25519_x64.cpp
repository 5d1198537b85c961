// The fast X25519 backend (see x25519_x64.hpp). The ladder is the portable
// one (x25519.cpp, RFC 7748 §5, with the RFC's names); only the field differs:
//
//   - An element is four 64-bit limbs, v = l0 + l1 2^64 + l2 2^128 + l3 2^192,
//     any value below 2^256 (not reduced mod p between operations: every
//     function takes and returns values < 2^256). Only to_bytes() makes the
//     value canonical (< p).
//   - Reduction: 2^256 = 2 (2^255 - 19) + 38 = 38 (mod p), so the high half of
//     a 512-bit product folds into the low half multiplied by 38: four MULX
//     and two carry chains, then the few bits above 2^256 once more (times 38),
//     and a last carry (one more 38) that cannot carry again.
//   - Products: 16 MULX (10 for a square) with the low and high words added
//     along two independent carry chains (ADOX on OF, ADCX on CF), in inline
//     assembly: g++ 12 turns the carries of _addcarryx_u64 into setc/movzbl
//     and back, and does not interleave two chains.
//   - Addition and subtraction: four ADC/SBB, then the carry (borrow) out of
//     2^256 folded back as + 38 (- 38), twice. The ladder's sums and
//     differences of the same two values are one block (add_sub), and
//     "AA + a24 * E" is one block (add_a24).
//
// The assembly reads its inputs through pointers, with a "memory" clobber:
// a memory operand per input costs a register each at -O0, which the 13
// registers of a product leave no room for in the Debug build. The blocks are
// volatile because g++ -O3 otherwise merged the repeated squarings of sqr_n
// (same pointer in, so "the same result").
//
// Inversion is z^(p-2) along field25519.cpp's chain (254 squarings, 11
// products). The base-x86-64 instructions besides MULX/ADCX/ADOX need nothing.
//
// CT: straight-line assembly and masks; no branch and no address depends on
// k or u. tests/ct/subjects/x25519_x64.cpp runs it under valgrind (memcheck
// executes MULX, ADCX and ADOX).
#include "crypto/x25519_x64.hpp"

#include <cstring>

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"

namespace glasstls::crypto::x25519 {

bool x64_supported() {
#if defined(__x86_64__)
  return cpu_features().bmi2 && cpu_features().adx;
#else
  return false;
#endif
}

bool x64_selected() { return !portable_forced() && x64_supported(); }

#if defined(__x86_64__)
namespace {

using W = std::uint64_t;

struct Fe {
  W v[4];
};

// The fold of a 512-bit value t0..t7 into four words below 2^256, congruent
// mod p: t0..t3 + 38 (t4..t7) (MULX with rdx = 38, two carry chains), then the
// word above, t4 < 39, times 38, then the last carry as + 38. The last
// addition cannot carry: a carry out of the previous one leaves t0 < 38 * 39
// and t1 = t2 = t3 = 0. Clobbers rdx, lo and hi (the zero register at the end).
#define GLASSTLS_X25519_X64_FOLD512           \
  "movl $38, %%edx\n\t"                       \
  "xorl %k[hi], %k[hi]\n\t" /* CF = OF = 0 */ \
  "mulxq %[t4], %[lo], %[hi]\n\t"             \
  "adcxq %[lo], %[t0]\n\t"                    \
  "adoxq %[hi], %[t1]\n\t"                    \
  "mulxq %[t5], %[lo], %[hi]\n\t"             \
  "adcxq %[lo], %[t1]\n\t"                    \
  "adoxq %[hi], %[t2]\n\t"                    \
  "mulxq %[t6], %[lo], %[hi]\n\t"             \
  "adcxq %[lo], %[t2]\n\t"                    \
  "adoxq %[hi], %[t3]\n\t"                    \
  "mulxq %[t7], %[lo], %[t4]\n\t"             \
  "movl $0, %k[hi]\n\t" /* keeps the flags */ \
  "adcxq %[lo], %[t3]\n\t"                    \
  "adoxq %[hi], %[t4]\n\t"                    \
  "adcxq %[hi], %[t4]\n\t"                    \
  "imulq $38, %[t4], %[t4]\n\t"               \
  "addq %[t4], %[t0]\n\t"                     \
  "adcq $0, %[t1]\n\t"                        \
  "adcq $0, %[t2]\n\t"                        \
  "adcq $0, %[t3]\n\t"                        \
  "sbbq %[lo], %[lo]\n\t"                     \
  "andq $38, %[lo]\n\t"                       \
  "addq %[lo], %[t0]\n\t"

// r = a b (mod p), r < 2^256. Row i adds a_i b at word i: the low words of
// its four products on OF, the high words on CF. CT (straight-line).
[[gnu::always_inline]] inline void mul(Fe& r, const Fe& a, const Fe& b) {
  W t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  __asm__ volatile(
      "movq 0(%[a]), %%rdx\n\t"  // row 0: plain ADD/ADC
      "mulxq 0(%[b]), %[t0], %[t1]\n\t"
      "mulxq 8(%[b]), %[lo], %[t2]\n\t"
      "addq %[lo], %[t1]\n\t"
      "mulxq 16(%[b]), %[lo], %[t3]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "mulxq 24(%[b]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"  // row 1, words 1..5
      "xorl %k[t5], %k[t5]\n\t"
      "mulxq 0(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq 8(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 16(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 24(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "movl $0, %k[lo]\n\t"  // (MOV keeps the flags)
      "adoxq %[lo], %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"  // row 2, words 2..6
      "xorl %k[t6], %k[t6]\n\t"
      "mulxq 0(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 8(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 16(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 24(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "movl $0, %k[lo]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "movq 24(%[a]), %%rdx\n\t"  // row 3, words 3..7
      "xorl %k[t7], %k[t7]\n\t"
      "mulxq 0(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 8(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 16(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 24(%[b]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t7]\n\t"
      "movl $0, %k[lo]\n\t"
      "adoxq %[lo], %[t7]\n\t" GLASSTLS_X25519_X64_FOLD512
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [a] "r"(a.v), [b] "r"(b.v)
      : "rdx", "cc", "memory");
  r.v[0] = t0;
  r.v[1] = t1;
  r.v[2] = t2;
  r.v[3] = t3;
}

// r = a^2 (mod p): the six products a_i a_j (i < j), a0's row on CF and
// a1's on OF, doubled on CF while the four squares a_i^2 are added on OF,
// then the fold. CT (straight-line).
[[gnu::always_inline]] inline void sqr(Fe& r, const Fe& a) {
  W t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  __asm__ volatile(
      "xorl %k[t6], %k[t6]\n\t"  // CF = OF = 0, t6 = 0 (the zero register)
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"   // a0 a1 at words 1, 2
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"  // a0 a2 at words 2, 3
      "adcxq %[lo], %[t2]\n\t"
      "mulxq 24(%[a]), %[lo], %[t4]\n\t"  // a0 a3 at words 3, 4
      "adcxq %[lo], %[t3]\n\t"
      "adcxq %[t6], %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"  // a1 a2 at words 3, 4
      "adoxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 24(%[a]), %[lo], %[t5]\n\t"  // a1 a3 at words 4, 5
      "adcxq %[lo], %[t4]\n\t"
      "adcxq %[t6], %[t5]\n\t"
      "adoxq %[t6], %[t5]\n\t"  // both chains end here: CF = OF = 0
      "xorl %k[t7], %k[t7]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t6]\n\t"  // a2 a3 at words 5, 6
      "adcxq %[lo], %[t5]\n\t"
      "adcxq %[t7], %[t6]\n\t"   // CF = 0 again
      "movq 0(%[a]), %%rdx\n\t"  // double on CF, add the squares on OF
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "adcxq %[t1], %[t1]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t2], %[t2]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[t3], %[t3]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t4], %[t4]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[t5], %[t5]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t6], %[t6]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[t7], %[t7]\n\t"  // the bit doubled out of t6
      "adoxq %[hi], %[t7]\n\t"  // a^2 < 2^512: no carry out
      GLASSTLS_X25519_X64_FOLD512
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [a] "r"(a.v)
      : "rdx", "cc", "memory");
  r.v[0] = t0;
  r.v[1] = t1;
  r.v[2] = t2;
  r.v[3] = t3;
}

#undef GLASSTLS_X25519_X64_FOLD512

// d = a - b (mod p), d < 2^256: the borrow out of 2^256 comes back as - 38;
// that subtraction's own borrow (then d0 > 2^64 - 38) as - 38 once more.
#define GLASSTLS_X25519_X64_DIFF \
  "movq 0(%[a]), %[d0]\n\t"      \
  "movq 8(%[a]), %[d1]\n\t"      \
  "movq 16(%[a]), %[d2]\n\t"     \
  "movq 24(%[a]), %[d3]\n\t"     \
  "subq 0(%[b]), %[d0]\n\t"      \
  "sbbq 8(%[b]), %[d1]\n\t"      \
  "sbbq 16(%[b]), %[d2]\n\t"     \
  "sbbq 24(%[b]), %[d3]\n\t"     \
  "sbbq %[m], %[m]\n\t"          \
  "andq $38, %[m]\n\t"           \
  "subq %[m], %[d0]\n\t"         \
  "sbbq $0, %[d1]\n\t"           \
  "sbbq $0, %[d2]\n\t"           \
  "sbbq $0, %[d3]\n\t"           \
  "sbbq %[m], %[m]\n\t"          \
  "andq $38, %[m]\n\t"           \
  "subq %[m], %[d0]\n\t"

// r = a - b (mod p). CT.
[[gnu::always_inline]] inline void sub(Fe& r, const Fe& a, const Fe& b) {
  W d0, d1, d2, d3, m;
  __asm__ volatile(GLASSTLS_X25519_X64_DIFF
                   : [d0] "=&r"(d0), [d1] "=&r"(d1), [d2] "=&r"(d2), [d3] "=&r"(d3), [m] "=&r"(m)
                   : [a] "r"(a.v), [b] "r"(b.v)
                   : "cc", "memory");
  r = Fe{{d0, d1, d2, d3}};
}

// s = a + b and d = a - b (mod p), both < 2^256, in one block (the ladder
// always wants both). The sum's carry out of 2^256 comes back as + 38; that
// addition's own carry (then s0 < 38) as + 38 once more. CT.
[[gnu::always_inline]] inline void add_sub(Fe& s, Fe& d, const Fe& a, const Fe& b) {
  W s0, s1, s2, s3, d0, d1, d2, d3, m;
  __asm__ volatile(
      "movq 0(%[a]), %[s0]\n\t"
      "movq 8(%[a]), %[s1]\n\t"
      "movq 16(%[a]), %[s2]\n\t"
      "movq 24(%[a]), %[s3]\n\t"
      "addq 0(%[b]), %[s0]\n\t"
      "adcq 8(%[b]), %[s1]\n\t"
      "adcq 16(%[b]), %[s2]\n\t"
      "adcq 24(%[b]), %[s3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "addq %[m], %[s0]\n\t"
      "adcq $0, %[s1]\n\t"
      "adcq $0, %[s2]\n\t"
      "adcq $0, %[s3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "andq $38, %[m]\n\t"
      "addq %[m], %[s0]\n\t" GLASSTLS_X25519_X64_DIFF
      : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [d0] "=&r"(d0),
        [d1] "=&r"(d1), [d2] "=&r"(d2), [d3] "=&r"(d3), [m] "=&r"(m)
      : [a] "r"(a.v), [b] "r"(b.v)
      : "cc", "memory");
  s = Fe{{s0, s1, s2, s3}};
  d = Fe{{d0, d1, d2, d3}};
}

#undef GLASSTLS_X25519_X64_DIFF

// r = a + 121665 e (mod p), RFC 7748 §5's "AA + a24 * E": four MULX into
// five words, plus a, the fifth word (< 2^18) folded as * 38, the last carry
// as + 38. CT.
[[gnu::always_inline]] inline void add_a24(Fe& r, const Fe& a, const Fe& e) {
  W t0, t1, t2, t3, t4, lo;
  __asm__ volatile(
      "movl $121665, %%edx\n\t"
      "mulxq 0(%[e]), %[t0], %[t1]\n\t"
      "mulxq 8(%[e]), %[lo], %[t2]\n\t"
      "addq %[lo], %[t1]\n\t"
      "mulxq 16(%[e]), %[lo], %[t3]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "mulxq 24(%[e]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "addq 0(%[a]), %[t0]\n\t"
      "adcq 8(%[a]), %[t1]\n\t"
      "adcq 16(%[a]), %[t2]\n\t"
      "adcq 24(%[a]), %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "imulq $38, %[t4], %[t4]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq $0, %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq $0, %[t3]\n\t"
      "sbbq %[lo], %[lo]\n\t"
      "andq $38, %[lo]\n\t"
      "addq %[lo], %[t0]\n\t"
      :
      [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [lo] "=&r"(lo)
      : [a] "r"(a.v), [e] "r"(e.v)
      : "rdx", "cc", "memory");
  r = Fe{{t0, t1, t2, t3}};
}

void sqr_n(Fe& r, const Fe& a, int n) {  // a^(2^n), n public
  sqr(r, a);
  for (int i = 1; i < n; ++i) sqr(r, r);
}

// r = z^(p-2) = 1/z (0 for 0): field25519.cpp's chain, whose names give the
// exponent (z2_10_0 = z^(2^10 - 2^0)). CT: a fixed sequence.
void invert(Fe& r, const Fe& z) {
  Fe z2, z9, z11, z2_5_0, z2_10_0, z2_20_0, z2_50_0, z2_100_0, t;
  sqr(z2, z);                 // 2
  sqr_n(t, z2, 2);            // 8
  mul(z9, t, z);              // 9
  mul(z11, z9, z2);           // 11
  sqr(t, z11);                // 22
  mul(z2_5_0, t, z9);         // 2^5 - 1
  sqr_n(t, z2_5_0, 5);        //
  mul(z2_10_0, t, z2_5_0);    // 2^10 - 1
  sqr_n(t, z2_10_0, 10);      //
  mul(z2_20_0, t, z2_10_0);   // 2^20 - 1
  sqr_n(t, z2_20_0, 20);      //
  mul(t, t, z2_20_0);         // 2^40 - 1
  sqr_n(t, t, 10);            //
  mul(z2_50_0, t, z2_10_0);   // 2^50 - 1
  sqr_n(t, z2_50_0, 50);      //
  mul(z2_100_0, t, z2_50_0);  // 2^100 - 1
  sqr_n(t, z2_100_0, 100);    //
  mul(t, t, z2_100_0);        // 2^200 - 1
  sqr_n(t, t, 50);            //
  mul(t, t, z2_50_0);         // 2^250 - 1
  sqr_n(t, t, 5);             //
  mul(r, t, z11);             // 2^255 - 32 + 11 = p - 2
  Fe* secrets[] = {&z2, &z9, &z11, &z2_5_0, &z2_10_0, &z2_20_0, &z2_50_0, &z2_100_0, &t};
  for (Fe* s : secrets) ct::secure_wipe(s, sizeof *s);
}

W load_le64(const std::uint8_t* p) {
  W w = 0;
  for (int i = 7; i >= 0; --i) w = (w << 8) | p[i];
  return w;
}

// RFC 7748 §5 decodeUCoordinate: little-endian, bit 255 masked. Values in
// [p, 2^255) stay as they are: every operation works on any value < 2^256.
Fe from_bytes(std::span<const std::uint8_t, 32> in) {
  Fe a;
  for (std::size_t i = 0; i < 4; ++i) a.v[i] = load_le64(in.data() + 8 * i);
  a.v[3] &= ~(W{1} << 63);
  return a;
}

// The canonical encoding of a < 2^256. First bit 255 is folded as + 19
// (2^255 = 19 mod p): t < 2^255 + 19. Then t >= p exactly when t + 19 has bit
// 255 set, and t - p is (t + 19) without that bit; a mask picks. CT.
void to_bytes(std::span<std::uint8_t, 32> out, const Fe& a) {
  __extension__ typedef unsigned __int128 u128;
  W t[4], s[4];
  const W top = a.v[3] >> 63;
  u128 c = static_cast<u128>(a.v[0]) + 19 * top;
  t[0] = static_cast<W>(c);
  for (std::size_t i = 1; i < 4; ++i) {
    c = static_cast<u128>((i == 3) ? (a.v[3] & ~(W{1} << 63)) : a.v[i]) + (c >> 64);
    t[i] = static_cast<W>(c);
  }
  c = static_cast<u128>(t[0]) + 19;
  s[0] = static_cast<W>(c);
  for (std::size_t i = 1; i < 4; ++i) {
    c = static_cast<u128>(t[i]) + (c >> 64);
    s[i] = static_cast<W>(c);
  }
  const W ge_p = ct::Mask::from_bit(s[3] >> 63).bits();
  s[3] &= ~(W{1} << 63);
  for (std::size_t i = 0; i < 4; ++i) {
    const W w = t[i] ^ (ge_p & (t[i] ^ s[i]));
    for (std::size_t j = 0; j < 8; ++j) out[8 * i + j] = static_cast<std::uint8_t>(w >> (8 * j));
  }
  ct::secure_wipe(t, sizeof t);
  ct::secure_wipe(s, sizeof s);
}

// RFC 7748 §5: "cswap(swap, x_2, x_3): dummy = mask(swap) AND (x_2 XOR x_3) ...".
// CT: a masked XOR swap, word by word in general registers (g++ vectorised
// the C loop through SSE registers, which cost the ladder 5%).
inline void cswap(W swap, Fe& a, Fe& b) {
  const W mask = ct::Mask::from_bit(swap).bits();
  W x, y;
  __asm__ volatile(
      "movq 0(%[a]), %[x]\n\t"
      "xorq 0(%[b]), %[x]\n\t"
      "andq %[m], %[x]\n\t"
      "xorq %[x], 0(%[a])\n\t"
      "xorq %[x], 0(%[b])\n\t"
      "movq 8(%[a]), %[y]\n\t"
      "xorq 8(%[b]), %[y]\n\t"
      "andq %[m], %[y]\n\t"
      "xorq %[y], 8(%[a])\n\t"
      "xorq %[y], 8(%[b])\n\t"
      "movq 16(%[a]), %[x]\n\t"
      "xorq 16(%[b]), %[x]\n\t"
      "andq %[m], %[x]\n\t"
      "xorq %[x], 16(%[a])\n\t"
      "xorq %[x], 16(%[b])\n\t"
      "movq 24(%[a]), %[y]\n\t"
      "xorq 24(%[b]), %[y]\n\t"
      "andq %[m], %[y]\n\t"
      "xorq %[y], 24(%[a])\n\t"
      "xorq %[y], 24(%[b])\n\t"
      : [x] "=&r"(x), [y] "=&r"(y)
      : [a] "r"(a.v), [b] "r"(b.v), [m] "r"(mask)
      : "cc", "memory");
}

}  // namespace

void scalar_mult_x64(std::span<std::uint8_t, 32> out, std::span<const std::uint8_t, 32> k_decoded,
                     std::span<const std::uint8_t, 32> u) {
  struct {  // every value derived from k, wiped at the end
    W k[4];
    Fe x_2, z_2, x_3, z_3, A, AA, B, BB, E, C, D, DA, CB, t, t2;
  } s;
  for (std::size_t i = 0; i < 4; ++i) s.k[i] = load_le64(k_decoded.data() + 8 * i);
  const Fe x_1 = from_bytes(u);
  s.x_2 = Fe{{1, 0, 0, 0}};
  s.z_2 = Fe{{0, 0, 0, 0}};
  s.x_3 = x_1;
  s.z_3 = Fe{{1, 0, 0, 0}};
  W swap = 0;

  // RFC 7748 §5: "for t = bits-1 down to 0", bits = 255; the same operations
  // whatever k_t is.
  for (int t = 254; t >= 0; --t) {
    const W k_t = (s.k[t >> 6] >> (t & 63)) & 1;
    swap ^= k_t;
    cswap(swap, s.x_2, s.x_3);
    cswap(swap, s.z_2, s.z_3);
    swap = k_t;

    // The RFC's formulas, in the order that lets the CPU overlap
    // independent products best (the longest chain, through DA, CB and z_3,
    // starts first): about 15% faster here than the RFC's order.
    add_sub(s.A, s.B, s.x_2, s.z_2);  // A = x_2 + z_2, B = x_2 - z_2
    add_sub(s.C, s.D, s.x_3, s.z_3);  // C = x_3 + z_3, D = x_3 - z_3
    mul(s.DA, s.D, s.A);              // DA = D * A
    mul(s.CB, s.C, s.B);              // CB = C * B
    sqr(s.AA, s.A);                   // AA = A^2
    sqr(s.BB, s.B);                   // BB = B^2
    add_sub(s.t, s.t2, s.DA, s.CB);   // DA + CB, DA - CB
    sub(s.E, s.AA, s.BB);             // E = AA - BB
    sqr(s.x_3, s.t);                  // x_3 = (DA + CB)^2
    sqr(s.t2, s.t2);                  // (DA - CB)^2
    add_a24(s.t, s.AA, s.E);          // AA + a24 * E
    mul(s.x_2, s.AA, s.BB);           // x_2 = AA * BB
    mul(s.z_3, x_1, s.t2);            // z_3 = x_1 * (DA - CB)^2
    mul(s.z_2, s.E, s.t);             // z_2 = E * (AA + a24 * E)
  }
  cswap(swap, s.x_2, s.x_3);
  cswap(swap, s.z_2, s.z_3);

  // RFC 7748 §5: "Return x_2 * (z_2^(p - 2))".
  invert(s.t, s.z_2);
  mul(s.x_2, s.x_2, s.t);
  to_bytes(out, s.x_2);
  ct::secure_wipe(&s, sizeof s);
}
#endif

}  // namespace glasstls::crypto::x25519
