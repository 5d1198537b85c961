// The portable AES: FIPS 197 §5.1 Cipher() on four bitsliced blocks.
//
// Layout (crypto/aes_ct64.hpp): plane q[i] holds bit i of every byte; the byte
// at row r, column c of block b is at bit 16*r + 4*c + b. Each row is a 16-bit
// slice of a plane, each column a 4-bit group inside it, so
//   - ShiftRows rotates each 16-bit row slice by 4*r bits,
//   - MixColumns reads row r+1 of the same column by rotating a plane 16 bits,
//   - SubBytes is the boolean circuit of crypto/aes_ct64_sbox.cpp.
//
// Getting there: load each block as two 64-bit words holding eight bytes in the
// order that ortho() (an 8x8 bit-matrix transpose across the eight words) turns
// into the layout above. Derivation in docs/crypto-aead.md ("Bitslicing").
//
// CT: every function is straight-line code over the words; the number of
// blocks and rounds is the only thing that changes the instruction stream.
#include <cstring>

#include "crypto/aes.hpp"
#include "crypto/aes_ct64.hpp"
#include "crypto/ct.hpp"

namespace glasstls::crypto::aes_ct64 {
namespace {

std::uint32_t load32le(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}
void store32le(std::uint8_t* p, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(x >> (8 * i));
}

// The four bytes of x to the even byte positions of a 64-bit word.
std::uint64_t spread(std::uint32_t x32) {
  std::uint64_t x = x32;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  return x;
}
std::uint32_t unspread(std::uint64_t x) {
  x &= 0x00FF00FF00FF00FFULL;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
  return static_cast<std::uint32_t>(x);
}

// Exchanges bit `s`-groups between two words (one step of the transpose).
void swap_bits(std::uint64_t& x, std::uint64_t& y, std::uint64_t low_mask, int s) {
  const std::uint64_t a = x, b = y;
  x = (a & low_mask) | ((b & low_mask) << s);
  y = ((a & ~low_mask) >> s) | (b & ~low_mask);
}

std::uint64_t rotr(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

// FIPS 197 §5.1.2 ShiftRows: s'[r][c] = s[r][(c + r) mod 4]. In a row slice,
// column c is 4 bits at 4c, so row r rotates right by 4r bits.
void shift_rows(State& q) {
  for (auto& x : q) {
    x = (x & 0x000000000000FFFFULL)                                                  // row 0
        | ((x & 0x00000000FFF00000ULL) >> 4) | ((x & 0x00000000000F0000ULL) << 12)   // row 1
        | ((x & 0x0000FF0000000000ULL) >> 8) | ((x & 0x000000FF00000000ULL) << 8)    // row 2
        | ((x & 0xF000000000000000ULL) >> 12) | ((x & 0x0FFF000000000000ULL) << 4);  // row 3
  }
}

// FIPS 197 §5.1.3 MixColumns: s'[r] = {02}s[r] ^ {03}s[r+1] ^ s[r+2] ^ s[r+3],
// rewritten as {02}(s[r]^s[r+1]) ^ s[r+1] ^ (s[r+2]^s[r+3]).
// rotr(plane, 16) moves row r+1 onto row r; rotr(.., 32) row r+2.
// Multiplying by {02} (xtime, §4.2.1) shifts the bit planes up by one and
// reduces the carry q[7] by x^8 = x^4 + x^3 + x + 1 into planes 0, 1, 3, 4.
void mix_columns(State& q) {
  State b, ab;
  for (int i = 0; i < 8; ++i) {
    b[i] = rotr(q[i], 16);
    ab[i] = q[i] ^ b[i];
  }
  State x2;  // {02} * ab
  x2[0] = ab[7];
  x2[1] = ab[0] ^ ab[7];
  x2[2] = ab[1];
  x2[3] = ab[2] ^ ab[7];
  x2[4] = ab[3] ^ ab[7];
  x2[5] = ab[4];
  x2[6] = ab[5];
  x2[7] = ab[6];
  for (int i = 0; i < 8; ++i) q[i] = x2[i] ^ b[i] ^ rotr(ab[i], 32);
}

// FIPS 197 §5.1.4 AddRoundKey.
void add_round_key(State& q, const std::uint64_t* rk) {
  for (int i = 0; i < 8; ++i) q[i] ^= rk[i];
}

}  // namespace

// An 8x8 bit transpose inside each group of eight words: bit i of byte m of
// word k moves to bit k of byte m of word i. Three exchange steps swap one
// bit of the byte-bit index i with one bit of the word index k each.
void ortho(State& q) {
  for (int k = 0; k < 8; k += 2) swap_bits(q[k], q[k + 1], 0x5555555555555555ULL, 1);
  for (int k : {0, 1, 4, 5}) swap_bits(q[k], q[k + 2], 0x3333333333333333ULL, 2);
  for (int k = 0; k < 4; ++k) swap_bits(q[k], q[k + 4], 0x0F0F0F0F0F0F0F0FULL, 4);
}

// Block b becomes words q[b] (columns 0 and 2 interleaved byte by byte) and
// q[b + 4] (columns 1 and 3). After ortho(), byte m of word k lands in row
// m / 2, column 2 * (m % 2) + k / 4, block k % 4: the layout above.
void load_blocks(State& q, const std::uint8_t* blocks, std::size_t n) {
  for (std::size_t b = 0; b < 4; ++b) {
    if (b < n) {
      const std::uint8_t* p = blocks + 16 * b;
      q[b] = spread(load32le(p)) | (spread(load32le(p + 8)) << 8);
      q[b + 4] = spread(load32le(p + 4)) | (spread(load32le(p + 12)) << 8);
    } else {
      q[b] = q[b + 4] = 0;
    }
  }
  ortho(q);
}

void store_blocks(State q, std::uint8_t* blocks, std::size_t n) {
  ortho(q);
  for (std::size_t b = 0; b < n; ++b) {
    std::uint8_t* p = blocks + 16 * b;
    store32le(p, unspread(q[b]));
    store32le(p + 8, unspread(q[b] >> 8));
    store32le(p + 4, unspread(q[b + 4]));
    store32le(p + 12, unspread(q[b + 4] >> 8));
  }
}

// Each round key is loaded as four copies (one per block), so AddRoundKey is
// eight XORs.
void slice_round_keys(const std::uint8_t* schedule, unsigned rounds, std::uint64_t* sliced) {
  for (unsigned r = 0; r <= rounds; ++r) {
    std::uint8_t four[64];
    for (int b = 0; b < 4; ++b) std::memcpy(four + 16 * b, schedule + 16 * r, 16);
    State q;
    load_blocks(q, four, 4);
    for (int i = 0; i < 8; ++i) sliced[8 * r + i] = q[i];
    ct::secure_wipe(four, sizeof four);
    ct::secure_wipe(q.data(), sizeof q);
  }
}

// FIPS 197 §5.1 Cipher(), Figure 5: AddRoundKey, Nr-1 full rounds, and a final
// round without MixColumns.
void encrypt(const std::uint64_t* sliced, unsigned rounds, State& q) {
  add_round_key(q, sliced);
  for (unsigned r = 1; r < rounds; ++r) {
    sub_bytes(q);
    shift_rows(q);
    mix_columns(q);
    add_round_key(q, sliced + 8 * r);
  }
  sub_bytes(q);
  shift_rows(q);
  add_round_key(q, sliced + 8 * rounds);
}

// SubWord() of the key schedule: the word goes through the same circuit as
// bytes 0..3 of a block (the other 60 byte slots compute S(0) and are dropped).
void sub_word(std::uint8_t word[4]) {
  std::uint8_t block[16] = {word[0], word[1], word[2], word[3]};
  State q;
  load_blocks(q, block, 1);
  sub_bytes(q);
  store_blocks(q, block, 1);
  std::memcpy(word, block, 4);
  ct::secure_wipe(block, sizeof block);
  ct::secure_wipe(q.data(), sizeof q);
}

void ctr32(const std::uint64_t* sliced, unsigned rounds, std::uint8_t counter[16],
           const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks) {
  std::uint8_t ks[64];
  while (nblocks > 0) {
    const std::size_t n = nblocks < 4 ? nblocks : 4;
    for (std::size_t b = 0; b < 4; ++b) {
      std::memcpy(ks + 16 * b, counter, 16);
      if (b < n) inc32(counter);
    }
    State q;
    load_blocks(q, ks, 4);
    encrypt(sliced, rounds, q);
    store_blocks(q, ks, n);
    for (std::size_t i = 0; i < 16 * n; ++i) out[i] = static_cast<std::uint8_t>(in[i] ^ ks[i]);
    in += 16 * n;
    out += 16 * n;
    nblocks -= n;
  }
  ct::secure_wipe(ks, sizeof ks);
}

}  // namespace glasstls::crypto::aes_ct64
