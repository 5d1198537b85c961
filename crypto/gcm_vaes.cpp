// AES-GCM with VAES and VPCLMULQDQ on 256-bit registers (AVX2, no AVX-512).
//
// The same stitched loop as crypto/gcm_aesni.cpp, twice as wide: each ymm
// register holds two blocks, VAESENC runs a round on both, VPCLMULQDQ makes
// two carry-less products. A batch is 16 blocks (256 bytes) in eight
// registers, hashed with H^16..H^1 and one reduction.
//
// CT: the instructions run in constant time; loop counts depend on the length.
#include "crypto/aes_x86.hpp"
#include "crypto/gcm_x86.hpp"
#include "crypto/ghash_x86.hpp"

#define GLASSTLS_VAES __attribute__((target("vaes,vpclmulqdq,aes,pclmul,avx2,sse4.1,ssse3")))

namespace glasstls::crypto {
namespace {

constexpr std::size_t kRegs = 8;           // ymm registers per batch
constexpr std::size_t kBatch = 2 * kRegs;  // blocks per batch

GLASSTLS_VAES inline __m256i load2(const std::uint8_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
GLASSTLS_VAES inline void store2(std::uint8_t* p, __m256i x) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), x);
}
GLASSTLS_VAES inline __m256i round_key(const std::uint8_t* rk, unsigned r) {
  return _mm256_broadcastsi128_si256(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(rk + 16 * r)));
}
// [H^(16-2j), H^(15-2j)]: the powers for blocks 2j and 2j+1 of a batch.
GLASSTLS_VAES inline __m256i power_pair(const GhashKey& key, std::size_t j) {
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(&key.words[4 * j]));
}
GLASSTLS_VAES inline __m256i bswap2() { return _mm256_broadcastsi128_si256(clmul::bswap_mask()); }

struct Batch {
  __m256i b[kRegs];
};

// Counter state: a ymm with the byte-reversed counter block in both lanes,
// lane 1 one ahead of lane 0.
GLASSTLS_VAES inline __m256i load_counter(const std::uint8_t counter[16]) {
  const __m128i c = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(counter)),
                                     clmul::bswap_mask());
  return _mm256_add_epi32(_mm256_broadcastsi128_si256(c), _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
}
GLASSTLS_VAES inline void store_counter(std::uint8_t counter[16], __m256i ctr) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(counter),
                   _mm_shuffle_epi8(_mm256_castsi256_si128(ctr), clmul::bswap_mask()));
}

GLASSTLS_VAES inline Batch first_round(__m256i& ctr, __m256i k0, std::size_t regs) {
  Batch s;
  const __m256i two = _mm256_set_epi32(0, 0, 0, 2, 0, 0, 0, 2);
  for (std::size_t j = 0; j < regs; ++j) {
    s.b[j] = _mm256_xor_si256(_mm256_shuffle_epi8(ctr, bswap2()), k0);
    ctr = _mm256_add_epi32(ctr, two);
  }
  return s;
}

// Rounds `from`..Nr-1.
GLASSTLS_VAES inline void aes_rounds(Batch& s, const std::uint8_t* rk, unsigned from,
                                     unsigned rounds) {
  for (unsigned r = from; r < rounds; ++r) {
    const __m256i k = round_key(rk, r);
    for (auto& x : s.b) x = _mm256_aesenc_epi128(x, k);
  }
}

// Rounds 1..Nr-1; during rounds 1..8 (every AES has at least 10), the
// products of `text` register r-1 with its pair of powers. Fixed trip counts,
// so the batch stays in registers.
GLASSTLS_VAES inline void rounds_with_ghash(Batch& s, const std::uint8_t* rk, unsigned rounds,
                                            const std::uint8_t* text, __m128i& y,
                                            const GhashKey& key) {
  clmul::Acc2 acc = clmul::zero_acc2();
  for (unsigned r = 1; r <= kRegs; ++r) {
    const __m256i k = round_key(rk, r);
    for (auto& x : s.b) x = _mm256_aesenc_epi128(x, k);
    __m256i c = _mm256_shuffle_epi8(load2(text + 32 * (r - 1)), bswap2());
    if (r == 1) c = _mm256_xor_si256(c, _mm256_zextsi128_si256(y));
    clmul::mul_acc2(acc, c, power_pair(key, r - 1));
  }
  y = clmul::reduce2(acc);
  aes_rounds(s, rk, kRegs + 1, rounds);
}

GLASSTLS_VAES inline void last_round_xor(Batch& s, const std::uint8_t* rk, unsigned rounds,
                                         const std::uint8_t* in, std::uint8_t* out) {
  const __m256i k = round_key(rk, rounds);
  for (std::size_t j = 0; j < kRegs; ++j) {
    store2(out + 32 * j, _mm256_xor_si256(_mm256_aesenclast_epi128(s.b[j], k), load2(in + 32 * j)));
  }
}

}  // namespace

// Plain counter mode: 16 blocks per step (a fixed register count, so the
// batch stays in registers), then one step over the 1..15 blocks left; an odd
// last block uses the low lane of its register.
GLASSTLS_VAES void vaes_ctr32(const std::uint8_t* round_keys, unsigned rounds,
                              std::uint8_t counter[16], const std::uint8_t* in, std::uint8_t* out,
                              std::size_t nblocks) {
  __m256i ctr = load_counter(counter);
  for (; nblocks >= kBatch; nblocks -= kBatch, in += 16 * kBatch, out += 16 * kBatch) {
    Batch s = first_round(ctr, round_key(round_keys, 0), kRegs);
    aes_rounds(s, round_keys, 1, rounds);
    last_round_xor(s, round_keys, rounds, in, out);
  }
  if (nblocks > 0) {
    const std::size_t n = nblocks;
    const std::size_t regs = (n + 1) / 2;
    Batch s = first_round(ctr, round_key(round_keys, 0), regs);
    for (unsigned r = 1; r < rounds; ++r) {
      const __m256i k = round_key(round_keys, r);
      for (std::size_t j = 0; j < regs; ++j) s.b[j] = _mm256_aesenc_epi128(s.b[j], k);
    }
    const __m256i kl = round_key(round_keys, rounds);
    for (std::size_t j = 0; j < regs; ++j) {
      const __m256i ks = _mm256_aesenclast_epi128(s.b[j], kl);
      if (2 * j + 1 < n) {
        store2(out + 32 * j, _mm256_xor_si256(ks, load2(in + 32 * j)));
      } else {  // one block left (public length)
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 32 * j));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 32 * j),
                         _mm_xor_si128(x, _mm256_castsi256_si128(ks)));
      }
    }
    // The counter advanced by 2 per register; an odd n used one less.
    if (n % 2 == 1) ctr = _mm256_sub_epi32(ctr, _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 1));
  }
  store_counter(counter, ctr);
}

GLASSTLS_VAES std::size_t gcm_seal_vaes(const Aes& aes, const GhashKey& key,
                                        std::uint8_t counter[16], std::uint8_t y[16],
                                        const std::uint8_t* in, std::uint8_t* out,
                                        std::size_t nblocks) {
  const std::size_t batches = nblocks / kBatch;
  if (batches == 0) return 0;
  const std::uint8_t* rk = aes.round_keys();
  const unsigned rounds = aes.rounds();
  __m256i ctr = load_counter(counter);
  __m128i acc_y =
      _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y)), clmul::bswap_mask());
  const std::uint8_t* pending = nullptr;
  for (std::size_t i = 0; i < batches; ++i, in += 16 * kBatch, out += 16 * kBatch) {
    Batch s = first_round(ctr, round_key(rk, 0), kRegs);
    if (pending == nullptr) {
      aes_rounds(s, rk, 1, rounds);  // the first batch: nothing to hash yet
    } else {
      rounds_with_ghash(s, rk, rounds, pending, acc_y, key);
    }
    last_round_xor(s, rk, rounds, in, out);
    pending = out;
  }
  clmul::Acc2 acc = clmul::zero_acc2();
  for (std::size_t j = 0; j < kRegs; ++j) {
    __m256i c = _mm256_shuffle_epi8(load2(pending + 32 * j), bswap2());
    if (j == 0) c = _mm256_xor_si256(c, _mm256_zextsi128_si256(acc_y));
    clmul::mul_acc2(acc, c, power_pair(key, j));
  }
  acc_y = clmul::reduce2(acc);
  store_counter(counter, ctr);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), _mm_shuffle_epi8(acc_y, clmul::bswap_mask()));
  return batches * kBatch;
}

GLASSTLS_VAES std::size_t gcm_open_vaes(const Aes& aes, const GhashKey& key,
                                        std::uint8_t counter[16], std::uint8_t y[16],
                                        const std::uint8_t* in, std::uint8_t* out,
                                        std::size_t nblocks) {
  const std::size_t batches = nblocks / kBatch;
  if (batches == 0) return 0;
  const std::uint8_t* rk = aes.round_keys();
  const unsigned rounds = aes.rounds();
  __m256i ctr = load_counter(counter);
  __m128i acc_y =
      _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y)), clmul::bswap_mask());
  for (std::size_t i = 0; i < batches; ++i, in += 16 * kBatch, out += 16 * kBatch) {
    Batch s = first_round(ctr, round_key(rk, 0), kRegs);
    rounds_with_ghash(s, rk, rounds, in, acc_y, key);
    last_round_xor(s, rk, rounds, in, out);
  }
  store_counter(counter, ctr);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), _mm_shuffle_epi8(acc_y, clmul::bswap_mask()));
  return batches * kBatch;
}

}  // namespace glasstls::crypto
