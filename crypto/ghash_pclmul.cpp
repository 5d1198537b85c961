// GHASH with PCLMULQDQ and aggregated reduction over 8 blocks (SP 800-38D §6.4).
//
// The key precomputes the twisted powers H^1..H^16 (crypto/ghash.hpp); each
// batch of eight blocks costs 32 carry-less multiplies and one reduction.
// CT: the instructions' timing does not depend on their operands.
#include <cstring>

#include "crypto/ghash.hpp"
#include "crypto/ghash_x86.hpp"

namespace glasstls::crypto {

namespace {
GLASSTLS_CLMUL inline __m128i load_block(const std::uint8_t* p, __m128i bswap) {
  return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), bswap);
}
GLASSTLS_CLMUL inline __m128i power(const GhashKey& key, std::size_t k) {  // twisted H^k
  return _mm_load_si128(reinterpret_cast<const __m128i*>(&key.words[2 * (GhashKey::kPowers - k)]));
}
}  // namespace

GLASSTLS_CLMUL void ghash_init_pclmul(GhashKey& key, const std::uint8_t h[16]) {
  // The twist is the same left shift as in ghash_ctmul64.cpp, on two words.
  std::uint64_t w[2];
  std::memcpy(w, h, 16);
  std::uint64_t hh = __builtin_bswap64(w[0]), hl = __builtin_bswap64(w[1]);
  const std::uint64_t carry = 0 - (hh >> 63);
  hh = (hh << 1) | (hl >> 63);
  hl <<= 1;
  hh ^= carry & 0xC200000000000000ULL;
  hl ^= carry & 1;
  const __m128i h1 = _mm_set_epi64x(static_cast<long long>(hh), static_cast<long long>(hl));
  // mul(a, twisted H^j) = a * H^j, so twisted H^k = mul(twisted H^(k-1), twisted H).
  __m128i hk = h1;
  for (std::size_t k = 1; k <= GhashKey::kPowers; ++k) {
    _mm_store_si128(reinterpret_cast<__m128i*>(&key.words[2 * (GhashKey::kPowers - k)]), hk);
    hk = clmul::mul(hk, h1);
  }
}

GLASSTLS_CLMUL void ghash_pclmul(const GhashKey& key, std::uint8_t y[16],
                                 const std::uint8_t* blocks, std::size_t nblocks) {
  const __m128i bswap = clmul::bswap_mask();
  __m128i acc_y = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y)), bswap);
  for (; nblocks >= 8; nblocks -= 8, blocks += 128) {
    clmul::Acc acc = clmul::zero_acc();
    clmul::mul_acc(acc, _mm_xor_si128(acc_y, load_block(blocks, bswap)), power(key, 8));
    for (std::size_t i = 1; i < 8; ++i)
      clmul::mul_acc(acc, load_block(blocks + 16 * i, bswap), power(key, 8 - i));
    acc_y = clmul::reduce(acc);
  }
  const __m128i h1 = power(key, 1);
  for (std::size_t i = 0; i < nblocks; ++i)
    acc_y = clmul::mul(_mm_xor_si128(acc_y, load_block(blocks + 16 * i, bswap)), h1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), _mm_shuffle_epi8(acc_y, bswap));
}

}  // namespace glasstls::crypto
