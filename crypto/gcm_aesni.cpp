// AES-GCM with AES-NI and PCLMULQDQ, stitched: one pass over the data, 8 blocks
// (128 bytes) per step, with the GHASH multiplies of one batch issued between
// the AES rounds of another (SP 800-38D §7.1 steps 3-5 at once).
//
// seal: the ciphertext of batch i is hashed while batch i+1 is encrypted
//       (GHASH needs the ciphertext, which exists only after the last round);
// open: the ciphertext is the input, so each batch is hashed while its own
//       keystream is computed, and read before it is overwritten (in place).
// Eight blocks share one reduction: Y' = (Y ^ C1) H^8 ^ C2 H^7 ^ ... ^ C8 H.
//
// CT: AESENC and PCLMULQDQ run in constant time; the loop counts depend on
// the length only.
#include "crypto/gcm_x86.hpp"
#include "crypto/ghash_x86.hpp"

#define GLASSTLS_AESNI_CLMUL __attribute__((target("aes,pclmul,sse4.1,ssse3")))

namespace glasstls::crypto {
namespace {

constexpr std::size_t kBatch = 8;

GLASSTLS_AESNI_CLMUL inline __m128i load(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
GLASSTLS_AESNI_CLMUL inline void store(std::uint8_t* p, __m128i x) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), x);
}
GLASSTLS_AESNI_CLMUL inline __m128i power(const GhashKey& key, std::size_t k) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(&key.words[2 * (GhashKey::kPowers - k)]));
}

struct Batch {
  __m128i b[kBatch];
};

// Counter blocks ctr+0..7 (ctr is byte-reversed: the 32-bit counter is lane 0),
// already XORed with round key 0.
GLASSTLS_AESNI_CLMUL inline Batch first_round(__m128i& ctr, __m128i bswap, __m128i k0) {
  Batch s;
  for (int j = 0; j < static_cast<int>(kBatch); ++j) {
    s.b[j] =
        _mm_xor_si128(_mm_shuffle_epi8(_mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, j)), bswap), k0);
  }
  ctr = _mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, static_cast<int>(kBatch)));
  return s;
}

// AES rounds `from`..Nr-1 on the batch.
GLASSTLS_AESNI_CLMUL inline void aes_rounds(Batch& s, const std::uint8_t* rk, unsigned from,
                                            unsigned rounds) {
  for (unsigned r = from; r < rounds; ++r) {
    const __m128i k = load(rk + 16 * r);
    for (auto& x : s.b) x = _mm_aesenc_si128(x, k);
  }
}

// AES rounds 1..Nr-1; between rounds 1..8 (every AES has at least 10), the
// GHASH product of `text` block r-1 with H^(8-(r-1)). Fixed trip counts, so
// the batch stays in registers.
GLASSTLS_AESNI_CLMUL inline void rounds_with_ghash(Batch& s, const std::uint8_t* rk,
                                                   unsigned rounds, const std::uint8_t* text,
                                                   __m128i& y, const GhashKey& key, __m128i bswap) {
  clmul::Acc acc = clmul::zero_acc();
  for (unsigned r = 1; r <= kBatch; ++r) {
    const __m128i k = load(rk + 16 * r);
    for (auto& x : s.b) x = _mm_aesenc_si128(x, k);
    __m128i c = _mm_shuffle_epi8(load(text + 16 * (r - 1)), bswap);
    if (r == 1) c = _mm_xor_si128(c, y);
    clmul::mul_acc(acc, c, power(key, kBatch + 1 - r));
  }
  y = clmul::reduce(acc);
  aes_rounds(s, rk, kBatch + 1, rounds);
}

GLASSTLS_AESNI_CLMUL inline void last_round_xor(Batch& s, const std::uint8_t* rk, unsigned rounds,
                                                const std::uint8_t* in, std::uint8_t* out) {
  const __m128i k = load(rk + 16 * rounds);
  for (std::size_t j = 0; j < kBatch; ++j) {
    store(out + 16 * j, _mm_xor_si128(_mm_aesenclast_si128(s.b[j], k), load(in + 16 * j)));
  }
}

}  // namespace

GLASSTLS_AESNI_CLMUL std::size_t gcm_seal_aesni(const Aes& aes, const GhashKey& key,
                                                std::uint8_t counter[16], std::uint8_t y[16],
                                                const std::uint8_t* in, std::uint8_t* out,
                                                std::size_t nblocks) {
  const std::size_t batches = nblocks / kBatch;
  if (batches == 0) return 0;
  const __m128i bswap = clmul::bswap_mask();
  const std::uint8_t* rk = aes.round_keys();
  const unsigned rounds = aes.rounds();
  __m128i ctr = _mm_shuffle_epi8(load(counter), bswap);
  __m128i acc_y = _mm_shuffle_epi8(load(y), bswap);
  const std::uint8_t* pending = nullptr;  // ciphertext batch not yet hashed
  for (std::size_t i = 0; i < batches; ++i, in += 16 * kBatch, out += 16 * kBatch) {
    Batch s = first_round(ctr, bswap, load(rk));
    if (pending == nullptr) {
      aes_rounds(s, rk, 1, rounds);  // the first batch: nothing to hash yet
    } else {
      rounds_with_ghash(s, rk, rounds, pending, acc_y, key, bswap);
    }
    last_round_xor(s, rk, rounds, in, out);
    pending = out;
  }
  // The last batch's ciphertext, with nothing left to interleave.
  clmul::Acc acc = clmul::zero_acc();
  for (std::size_t j = 0; j < kBatch; ++j) {
    __m128i c = _mm_shuffle_epi8(load(pending + 16 * j), bswap);
    if (j == 0) c = _mm_xor_si128(c, acc_y);
    clmul::mul_acc(acc, c, power(key, kBatch - j));
  }
  acc_y = clmul::reduce(acc);
  store(counter, _mm_shuffle_epi8(ctr, bswap));
  store(y, _mm_shuffle_epi8(acc_y, bswap));
  return batches * kBatch;
}

GLASSTLS_AESNI_CLMUL std::size_t gcm_open_aesni(const Aes& aes, const GhashKey& key,
                                                std::uint8_t counter[16], std::uint8_t y[16],
                                                const std::uint8_t* in, std::uint8_t* out,
                                                std::size_t nblocks) {
  const std::size_t batches = nblocks / kBatch;
  if (batches == 0) return 0;
  const __m128i bswap = clmul::bswap_mask();
  const std::uint8_t* rk = aes.round_keys();
  const unsigned rounds = aes.rounds();
  __m128i ctr = _mm_shuffle_epi8(load(counter), bswap);
  __m128i acc_y = _mm_shuffle_epi8(load(y), bswap);
  for (std::size_t i = 0; i < batches; ++i, in += 16 * kBatch, out += 16 * kBatch) {
    Batch s = first_round(ctr, bswap, load(rk));
    rounds_with_ghash(s, rk, rounds, in, acc_y, key, bswap);
    last_round_xor(s, rk, rounds, in, out);
  }
  store(counter, _mm_shuffle_epi8(ctr, bswap));
  store(y, _mm_shuffle_epi8(acc_y, bswap));
  return batches * kBatch;
}

}  // namespace glasstls::crypto
