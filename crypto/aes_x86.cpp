// AES-NI: FIPS 197 §5.1 Cipher() with one instruction per round, and the
// §5.2 key expansion with one AESENCLAST per SubWord().
//
// AESENC(state, rk) = AddRoundKey(MixColumns(ShiftRows(SubBytes(state))), rk);
// AESENCLAST omits MixColumns, as the last round of Figure 5 does. An AESENC
// has a latency of several cycles but the CPU starts a new one every cycle, so
// counter mode keeps eight independent blocks in flight.
//
// CT: the instructions' timing does not depend on their operands; the loop
// counts depend on the length only.
#include <immintrin.h>

#include <cstring>

#include "crypto/aes_x86.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_TARGET_BEGIN("aes,sse4.1,ssse3")

namespace glasstls::crypto {
namespace {

inline __m128i load(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void store(std::uint8_t* p, __m128i x) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), x);
}

inline __m128i encrypt1(const std::uint8_t* rk, unsigned rounds, __m128i b) {
  b = _mm_xor_si128(b, load(rk));
  for (unsigned r = 1; r < rounds; ++r) b = _mm_aesenc_si128(b, load(rk + 16 * r));
  return _mm_aesenclast_si128(b, load(rk + 16 * rounds));
}

}  // namespace

void aesni_encrypt_block(const std::uint8_t* round_keys, unsigned rounds, const std::uint8_t in[16],
                         std::uint8_t out[16]) {
  store(out, encrypt1(round_keys, rounds, load(in)));
}

// FIPS 197 §5.2 KeyExpansion() for Nk = 4 and 8, four words per step.
//
// SubWord(RotWord(w)) xor Rcon with AESENCLAST: shuffle RotWord(w3) into all
// four columns; ShiftRows then moves bytes between equal columns (a no-op), so
// AESENCLAST(x, Rcon in every column) = SubWord(RotWord(w3)) xor Rcon in every
// column. (AESKEYGENASSIST computes the same but needs Rcon as an immediate,
// and is several micro-ops on Intel cores.) Without the shuffle to RotWord
// order, a broadcast of w3 gives SubWord(w3): the Nk = 8 half step.
//
// The four new words w[i..i+3] = w[i-Nk..i-Nk+3] xor prefix XORs: w[i] =
// w[i-Nk] ^ t, w[i+1] = w[i-Nk+1] ^ w[i], ... so with a = w[i-Nk..i-Nk+3]
// the result is (a ^ a<<32 ^ a<<64 ^ a<<96) ^ t, t in every lane.
namespace {

inline __m128i xor_prefix(__m128i a) {
  a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
  return _mm_xor_si128(a, _mm_slli_si128(a, 8));
}

// SubWord(RotWord(w3 of x)) xor rcon, in all four 32-bit lanes.
inline __m128i sub_rot_word(__m128i x, std::uint8_t rcon) {
  const __m128i rot3 =
      _mm_setr_epi8(13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12);
  return _mm_aesenclast_si128(_mm_shuffle_epi8(x, rot3), _mm_set1_epi32(rcon));
}

// SubWord(w3 of x), in all four lanes.
inline __m128i sub_word3(__m128i x) {
  return _mm_aesenclast_si128(_mm_shuffle_epi32(x, 0xff), _mm_setzero_si128());
}

// Rcon doubled by xtime (FIPS 197 §5.2); a public value (the step number).
inline std::uint8_t next_rcon(std::uint8_t rcon) {
  return static_cast<std::uint8_t>((rcon << 1) ^ ((rcon >> 7) * 0x1b));
}

}  // namespace

void aesni_expand_key_128(const std::uint8_t key[16], std::uint8_t* round_keys) {
  __m128i k = load(key);
  store(round_keys, k);
  std::uint8_t rcon = 0x01;
  for (unsigned r = 1; r <= 10; ++r, rcon = next_rcon(rcon)) {
    k = _mm_xor_si128(xor_prefix(k), sub_rot_word(k, rcon));
    store(round_keys + 16 * r, k);
  }
}

void aesni_expand_key_256(const std::uint8_t key[32], std::uint8_t* round_keys) {
  __m128i k0 = load(key);
  __m128i k1 = load(key + 16);
  store(round_keys, k0);
  store(round_keys + 16, k1);
  std::uint8_t rcon = 0x01;
  for (unsigned r = 2;; r += 2, rcon = next_rcon(rcon)) {
    k0 = _mm_xor_si128(xor_prefix(k0), sub_rot_word(k1, rcon));  // i mod 8 == 0
    store(round_keys + 16 * r, k0);
    if (r == 14) break;
    k1 = _mm_xor_si128(xor_prefix(k1), sub_word3(k0));  // i mod 8 == 4
    store(round_keys + 16 * (r + 1), k1);
  }
}

void aesni_sub_word(std::uint8_t word[4]) {
  std::uint32_t w;
  std::memcpy(&w, word, 4);
  w = static_cast<std::uint32_t>(_mm_cvtsi128_si32(
      _mm_aesenclast_si128(_mm_set1_epi32(static_cast<int>(w)), _mm_setzero_si128())));
  std::memcpy(word, &w, 4);
}

// The counter block is byte-reversed once so that its last four bytes (the
// big-endian inc32 counter) become the low 32-bit lane: _mm_add_epi32 on that
// lane then is exactly inc32, wrapping modulo 2^32 (SP 800-38D §6.2).
void aesni_ctr32(const std::uint8_t* round_keys, unsigned rounds, std::uint8_t counter[16],
                 const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks) {
  const __m128i bswap = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i ctr = _mm_shuffle_epi8(load(counter), bswap);
  const std::uint8_t* rk = round_keys;
  for (; nblocks >= 8; nblocks -= 8, in += 128, out += 128) {
    __m128i b[8];
    const __m128i k0 = load(rk);
    for (int j = 0; j < 8; ++j) {
      b[j] =
          _mm_xor_si128(_mm_shuffle_epi8(_mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, j)), bswap), k0);
    }
    ctr = _mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, 8));
    for (unsigned r = 1; r < rounds; ++r) {
      const __m128i k = load(rk + 16 * r);
      for (auto& x : b) x = _mm_aesenc_si128(x, k);
    }
    const __m128i kl = load(rk + 16 * rounds);
    for (int j = 0; j < 8; ++j) {
      store(out + 16 * j, _mm_xor_si128(_mm_aesenclast_si128(b[j], kl), load(in + 16 * j)));
    }
  }
  for (; nblocks > 0; --nblocks, in += 16, out += 16) {
    const __m128i ks = encrypt1(rk, rounds, _mm_shuffle_epi8(ctr, bswap));
    store(out, _mm_xor_si128(ks, load(in)));
    ctr = _mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, 1));
  }
  store(counter, _mm_shuffle_epi8(ctr, bswap));
}

}  // namespace glasstls::crypto

GLASSTLS_TARGET_END()
