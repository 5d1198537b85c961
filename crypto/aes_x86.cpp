// AES-NI: FIPS 197 §5.1 Cipher() with one instruction per round.
//
// AESENC(state, rk) = AddRoundKey(MixColumns(ShiftRows(SubBytes(state))), rk);
// AESENCLAST omits MixColumns, as the last round of Figure 5 does. An AESENC
// has a latency of several cycles but the CPU starts a new one every cycle, so
// counter mode keeps eight independent blocks in flight.
//
// CT: the instructions' timing does not depend on their operands; the loop
// counts depend on the length only.
#include <immintrin.h>

#include "crypto/aes_x86.hpp"

namespace glasstls::crypto {
namespace {

#define GLASSTLS_AESNI __attribute__((target("aes,sse4.1,ssse3")))

GLASSTLS_AESNI inline __m128i load(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
GLASSTLS_AESNI inline void store(std::uint8_t* p, __m128i x) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), x);
}

GLASSTLS_AESNI inline __m128i encrypt1(const std::uint8_t* rk, unsigned rounds, __m128i b) {
  b = _mm_xor_si128(b, load(rk));
  for (unsigned r = 1; r < rounds; ++r) b = _mm_aesenc_si128(b, load(rk + 16 * r));
  return _mm_aesenclast_si128(b, load(rk + 16 * rounds));
}

}  // namespace

GLASSTLS_AESNI void aesni_encrypt_block(const std::uint8_t* round_keys, unsigned rounds,
                                        const std::uint8_t in[16], std::uint8_t out[16]) {
  store(out, encrypt1(round_keys, rounds, load(in)));
}

// The counter block is byte-reversed once so that its last four bytes (the
// big-endian inc32 counter) become the low 32-bit lane: _mm_add_epi32 on that
// lane then is exactly inc32, wrapping modulo 2^32 (SP 800-38D §6.2).
GLASSTLS_AESNI void aesni_ctr32(const std::uint8_t* round_keys, unsigned rounds,
                                std::uint8_t counter[16], const std::uint8_t* in, std::uint8_t* out,
                                std::size_t nblocks) {
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
