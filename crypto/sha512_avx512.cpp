// SHA-512 (and so SHA-384) as in sha512_avx2.cpp, with AVX-512VL's 64-bit
// rotation (VPRORQ) and three-input logic (VPTERNLOGQ) for sigma0 and sigma1:
// four vector instructions each instead of seven and nine. On a core that
// issues six instructions a cycle, the schedule then stops competing with the
// scalar rounds for issue slots (the vectors are still 256 bits wide).
//
// Compiled for AVX2, BMI2, AVX-512F and AVX-512VL here only, called only when
// CPUID reports them all (crypto/cpu.cpp, sha512_default_compress()).
// CT: as sha512_avx2.cpp. valgrind cannot run AVX-512 instructions; the ct
// subject checks the AVX2 twin, whose code differs only in these two functions.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "crypto/sha2.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_TARGET_BEGIN("avx2,bmi2,avx512f,avx512vl")

#include "crypto/sha512_two_blocks.hpp"

namespace glasstls::crypto {
namespace {

// 0x96 is the truth table of a XOR b XOR c.
constexpr int kXor3 = 0x96;

struct Avx512Sigmas {
  static __m256i sigma0(__m256i x) {
    return _mm256_ternarylogic_epi64(_mm256_ror_epi64(x, 1), _mm256_ror_epi64(x, 8),
                                     _mm256_srli_epi64(x, 7), kXor3);
  }
  static __m256i sigma1(__m256i x) {
    return _mm256_ternarylogic_epi64(_mm256_ror_epi64(x, 19), _mm256_ror_epi64(x, 61),
                                     _mm256_srli_epi64(x, 6), kXor3);
  }
};

}  // namespace

void sha512_compress_avx512(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n) {
  sha512::compress_two_blocks<Avx512Sigmas>(state, blocks, n);
}

}  // namespace glasstls::crypto

GLASSTLS_TARGET_END()
