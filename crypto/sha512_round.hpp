// SHA-512's round constants and round function (FIPS 180-4 §4.1.3, §4.2.3,
// §6.4.2): `round`, the reference used by the portable compression function
// (sha512.cpp), and `round_short_path`, the same computation ordered for speed,
// used by the vector backends (sha512_two_blocks.hpp).
#pragma once

#include <cstdint>

namespace glasstls::crypto::sha512 {

// FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube
// roots of the first 80 primes.
alignas(32) inline constexpr std::uint64_t K[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

constexpr std::uint64_t rotr(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

// FIPS 180-4 §4.1.3, functions (4.8)-(4.13); Ch and Maj in their cheaper
// equivalent forms (see sha256.cpp).
constexpr std::uint64_t Ch(std::uint64_t x, std::uint64_t y, std::uint64_t z) {
  return ((y ^ z) & x) ^ z;
}
constexpr std::uint64_t Maj(std::uint64_t x, std::uint64_t y, std::uint64_t z) {
  return ((x ^ y) & (y ^ z)) ^ y;
}
constexpr std::uint64_t Sigma0(std::uint64_t x) { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
constexpr std::uint64_t Sigma1(std::uint64_t x) { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }
constexpr std::uint64_t sigma0(std::uint64_t x) { return rotr(x, 1) ^ rotr(x, 8) ^ (x >> 7); }
constexpr std::uint64_t sigma1(std::uint64_t x) { return rotr(x, 19) ^ rotr(x, 61) ^ (x >> 6); }

// One round of FIPS 180-4 §6.4.2 step 3, with the working variables renamed
// rather than shifted (see sha256.cpp): d becomes the new e, h the new a.
inline void round(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t& d,
                  std::uint64_t e, std::uint64_t f, std::uint64_t g, std::uint64_t& h,
                  std::uint64_t k_plus_w) {
  const std::uint64_t T1 = h + Sigma1(e) + Ch(e, f, g) + k_plus_w;
  const std::uint64_t T2 = Sigma0(a) + Maj(a, b, c);
  d += T1;
  h = T1 + T2;
}

// The same round for the accelerated backends, arranged for a short critical
// path. The rounds are one chain: each needs the e and a of the one before, so
// what bounds their speed is the number of dependent steps from e to the new e
// and from a to the new a, not the instruction count (the core has spare
// issue slots). Each step below is one instruction of one cycle.
// - New e = d + T1 = ((d + (h + K[t] + W[t])) + Ch(e, f, g)) + Sigma1(e): the
//   first sum does not need e, Ch is ready two steps after e and Sigma1 three,
//   so the new e is four steps after e.
// - T1 = new e - d (one subtraction where the sum again would take two).
// - Maj(a, b, c) = (a & (b ^ c)) + (b & c), a sum as the two halves share no
//   bit; b ^ c is this round's b_xor_c, the previous round's a ^ b. New a =
//   ((T1 + (b & c)) + (a & (b ^ c))) + Sigma0(a): four steps after a (the
//   usual ((a ^ b) & (b ^ c)) ^ b is three steps on its own, so five).
// The compiler may reassociate integer sums, and left alone adds Sigma1 and Ch
// first (seven steps from e); fixed_order() hides a partial sum from it (an
// empty asm statement, no instruction), so the sums happen as written.
// This costs about three instructions more per round than `round` and runs
// about 10% faster on the Xeon (Sapphire Rapids) of docs/performance.md.
inline std::uint64_t fixed_order(std::uint64_t x) {
  asm("" : "+r"(x));
  return x;
}

inline void round_short_path(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t& d,
                             std::uint64_t e, std::uint64_t f, std::uint64_t g, std::uint64_t& h,
                             std::uint64_t k_plus_w, std::uint64_t& b_xor_c) {
  const std::uint64_t hk = fixed_order(h + k_plus_w);
  const std::uint64_t dhk = fixed_order(d + hk);
  const std::uint64_t old_d = d;
  d = fixed_order(dhk + Ch(e, f, g)) + Sigma1(e);
  const std::uint64_t T1 = d - old_d;
  h = fixed_order(fixed_order(T1 + (b & c)) + (a & b_xor_c)) + Sigma0(a);
  b_xor_c = a ^ b;
}

}  // namespace glasstls::crypto::sha512
