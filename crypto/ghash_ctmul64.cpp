// Portable, constant-time GHASH (SP 800-38D §6.3-6.4) by integer multiplication.
//
// The field product needs a carry-less multiplication (XOR instead of ADD for
// the partial products). Table methods (Shoup's 4-bit tables) index memory by
// secret bits; instead we use the CPU's integer multiplier and stop carries
// from spoiling the result, the idea of BearSSL's ghash_ctmul64:
//
//   Split x into four "sparse" words x0 = x & 0x1111.., x1 = x & 0x2222..,
//   x2 = x & 0x4444.., x3 = x & 0x8888.. (every fourth bit, "holes" between),
//   and y likewise. In the integer product x_i * y_j the terms land on bit
//   positions of one residue class mod 4, and at most 15 of them meet on any
//   position below bit 60 (at most 16 on 60..63, whose overflow leaves the
//   64-bit word): the carries stay in the three hole bits above and never reach
//   the next position of the class. So bit p of the carry-less product is bit p
//   of  XOR of x_i * y_j over i + j = p (mod 4), masked to that class.
//
// That gives the low 64 bits of a 64x64 carry-less product. The high 64 bits
// are the low bits of the product of the bit-reversed operands, reversed again
// and shifted by one. Karatsuba makes a 128x128 product from three 64x64 ones.
//
// CT: integer multiplication runs in constant time on x86-64 and AArch64
// (unlike some small embedded cores; see docs/crypto-aead.md). No branch or
// memory index depends on data.
#include <cstring>

#include "crypto/ct.hpp"
#include "crypto/ghash.hpp"

namespace glasstls::crypto {
namespace {

constexpr std::uint64_t kM0 = 0x1111111111111111ULL;
constexpr std::uint64_t kM1 = kM0 << 1, kM2 = kM0 << 2, kM3 = kM0 << 3;

// Low 64 bits of the carry-less product of x and y (y given as its 4 parts).
std::uint64_t bmul64(std::uint64_t x, const std::uint64_t* y) {
  const std::uint64_t x0 = x & kM0, x1 = x & kM1, x2 = x & kM2, x3 = x & kM3;
  const std::uint64_t z0 = (x0 * y[0]) ^ (x1 * y[3]) ^ (x2 * y[2]) ^ (x3 * y[1]);
  const std::uint64_t z1 = (x0 * y[1]) ^ (x1 * y[0]) ^ (x2 * y[3]) ^ (x3 * y[2]);
  const std::uint64_t z2 = (x0 * y[2]) ^ (x1 * y[1]) ^ (x2 * y[0]) ^ (x3 * y[3]);
  const std::uint64_t z3 = (x0 * y[3]) ^ (x1 * y[2]) ^ (x2 * y[1]) ^ (x3 * y[0]);
  return (z0 & kM0) | (z1 & kM1) | (z2 & kM2) | (z3 & kM3);
}

std::uint64_t rev64(std::uint64_t x) {
  x = ((x & 0x5555555555555555ULL) << 1) | ((x >> 1) & 0x5555555555555555ULL);
  x = ((x & 0x3333333333333333ULL) << 2) | ((x >> 2) & 0x3333333333333333ULL);
  x = ((x & 0x0F0F0F0F0F0F0F0FULL) << 4) | ((x >> 4) & 0x0F0F0F0F0F0F0F0FULL);
  return __builtin_bswap64(x);
}

void split(std::uint64_t y, std::uint64_t* out) {
  out[0] = y & kM0;
  out[1] = y & kM1;
  out[2] = y & kM2;
  out[3] = y & kM3;
}

struct U128 {
  std::uint64_t lo, hi;
};

// The full 128-bit carry-less product of x and a key word (8 precomputed parts).
U128 clmul64(std::uint64_t x, const std::uint64_t* parts) {
  return {bmul64(x, parts), rev64(bmul64(rev64(x), parts + 4)) >> 1};
}

std::uint64_t load64be(const std::uint8_t* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return __builtin_bswap64(x);
}
void store64be(std::uint8_t* p, std::uint64_t x) {
  x = __builtin_bswap64(x);
  std::memcpy(p, &x, 8);
}

// clmul(v, 0xC2000000_00000000) = v * (z^63 + z^62 + z^57) as a 128-bit value.
U128 times_c2(std::uint64_t v) {
  return {(v << 63) ^ (v << 62) ^ (v << 57), (v >> 1) ^ (v >> 2) ^ (v >> 7)};
}

}  // namespace

// Twist: H * x^-1. In the reflected form, multiplying by x^-1 is a left shift
// by one; the coefficient of x^0 shifted out becomes x^-1 = x^127 + x^6 + x + 1,
// that is 0xC2000000_00000000_00000000_00000001.
void ghash_init_ctmul64(GhashKey& key, const std::uint8_t h[16]) {
  std::uint64_t hh = load64be(h), hl = load64be(h + 8);
  const std::uint64_t carry = 0 - (hh >> 63);  // all ones when the top bit is set
  hh = (hh << 1) | (hl >> 63);
  hl <<= 1;
  hh ^= carry & 0xC200000000000000ULL;
  hl ^= carry & 1;
  key.words[0] = hh;
  key.words[1] = hl;
  const std::uint64_t operand[3] = {hl, hh, hl ^ hh};
  for (int j = 0; j < 3; ++j) {
    split(operand[j], &key.words[2 + 8 * j]);
    split(rev64(operand[j]), &key.words[2 + 8 * j + 4]);
  }
}

// SP 800-38D §6.4 Algorithm 2: Y_i = (Y_{i-1} xor X_i) * H.
void ghash_ctmul64(const GhashKey& key, std::uint8_t y[16], const std::uint8_t* blocks,
                   std::size_t nblocks) {
  std::uint64_t yh = load64be(y), yl = load64be(y + 8);
  const std::uint64_t* k = key.words.data();
  for (; nblocks > 0; --nblocks, blocks += 16) {
    const std::uint64_t a1 = yh ^ load64be(blocks);
    const std::uint64_t a0 = yl ^ load64be(blocks + 8);
    // Karatsuba: (a1 z^64 + a0)(b1 z^64 + b0) with the middle term
    // (a0^a1)(b0^b1) ^ a0b0 ^ a1b1.
    const U128 p0 = clmul64(a0, k + 2);
    const U128 p1 = clmul64(a1, k + 10);
    U128 pm = clmul64(a0 ^ a1, k + 18);
    pm.lo ^= p0.lo ^ p1.lo;
    pm.hi ^= p0.hi ^ p1.hi;
    // The 256-bit product V3:V2:V1:V0.
    std::uint64_t v0 = p0.lo, v1 = p0.hi ^ pm.lo, v2 = p1.lo ^ pm.hi, v3 = p1.hi;
    // Reduction: twice, add the multiple of the field polynomial that clears
    // the lowest word and drop it (divide by z^64).
    const U128 t = times_c2(v0);
    v1 ^= t.lo;
    v2 ^= t.hi ^ v0;
    const U128 u = times_c2(v1);
    v2 ^= u.lo;
    v3 ^= u.hi ^ v1;
    yh = v3;
    yl = v2;
  }
  store64be(y, yh);
  store64be(y + 8, yl);
}

}  // namespace glasstls::crypto
