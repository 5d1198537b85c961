// SHA-512 (and so SHA-384) with the message schedule on AVX2, two blocks at
// once, and the rounds in scalar code with BMI2's RORX: the body is in
// sha512_two_blocks.hpp; here are sigma0 and sigma1 in AVX2.
//
// Compiled for AVX2 and BMI2 here only, called only when CPUID reports both
// (crypto/cpu.cpp, sha512_default_compress()).
// CT: vector shifts, shuffles and XORs, scalar ARX; no branch or memory index
// depends on the data.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "crypto/sha2.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_TARGET_BEGIN("avx2,bmi2")

#include "crypto/sha512_two_blocks.hpp"

namespace glasstls::crypto {
namespace {

template <int N>
__m256i shr(__m256i x) {
  return _mm256_srli_epi64(x, N);
}
template <int N>
__m256i shl(__m256i x) {
  return _mm256_slli_epi64(x, N);
}

// AVX2 has no 64-bit rotation: ROTR^n x = (x >> n) | (x << 64-n), and as the
// two halves share no bit, the ORs fold into the XORs. ROTR^8 moves whole
// bytes: one byte shuffle.
struct Avx2Sigmas {
  static __m256i sigma0(__m256i x) {
    const __m256i rotr8 = _mm256_set_epi64x(0x080f0e0d0c0b0a09, 0x0007060504030201,
                                            0x080f0e0d0c0b0a09, 0x0007060504030201);
    const __m256i r1 = _mm256_xor_si256(shr<1>(x), shl<63>(x));
    return _mm256_xor_si256(_mm256_xor_si256(r1, _mm256_shuffle_epi8(x, rotr8)), shr<7>(x));
  }
  static __m256i sigma1(__m256i x) {
    const __m256i r19 = _mm256_xor_si256(shr<19>(x), shl<45>(x));
    const __m256i r61 = _mm256_xor_si256(shr<61>(x), shl<3>(x));
    return _mm256_xor_si256(_mm256_xor_si256(r19, r61), shr<6>(x));
  }
};

}  // namespace

void sha512_compress_avx2(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n) {
  sha512::compress_two_blocks<Avx2Sigmas>(state, blocks, n);
}

}  // namespace glasstls::crypto

GLASSTLS_TARGET_END()
