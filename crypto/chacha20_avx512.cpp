// ChaCha20 and the fused ChaCha20-Poly1305 loops on AVX-512: sixteen blocks
// per pass (chacha20_avx512.hpp), see chacha20_poly1305_avx512.hpp.
//
// A 1024-byte batch is 64 Poly1305 blocks and 10 ChaCha20 double rounds. The
// Poly1305 blocks run as two independent chains, the first and the second
// half of the batch, joined at its end (poly1305_halves.hpp); three blocks of
// each go after each double round, the last two of each after the rounds.
// Seal MACs the ciphertext, which exists only after the XOR, so it absorbs the
// previous batch's ciphertext while computing the next keystream; open MACs its
// input, so it absorbs the batch it is about to decrypt (before overwriting it,
// which keeps in-place decryption correct).
//
// Compiled for AVX-512F and AVX2 here only; called only when CPUID reports them
// (chacha20_poly1305.cpp).
// CT: vector ARX, fixed permutations and poly1305.hpp's scalar arithmetic; the
// branches depend on the (public) length alone.
#include "crypto/chacha20_poly1305_avx512.hpp"

#include <immintrin.h>

#include "crypto/ct.hpp"
#include "crypto/target_region.hpp"

GLASSTLS_AVX512_BEGIN("avx2,avx512f")

#include "crypto/chacha20_avx512.hpp"
#include "crypto/poly1305_halves.hpp"

namespace glasstls::crypto {

using namespace chacha20_avx512;

namespace {

constexpr std::size_t kHalf = kBatch / Poly1305::kBlockSize / 2;  // 32 blocks
constexpr std::size_t kBlocksPerRound = 3;                        // 30 of each half
constexpr int kHalfDoublings = 5;                                 // r^32 = r^(2^5)

// Blocks i .. i+count-1 of each half of the batch at m, one of each in turn.
__attribute__((always_inline)) inline void absorb_pairs(Poly1305Core& first, Poly1305Core& second,
                                                        const std::uint8_t* m, std::size_t i,
                                                        std::size_t count) {
  for (std::size_t k = i; k < i + count; ++k) {
    first.block(m + Poly1305::kBlockSize * k, 1);
    second.block(m + Poly1305::kBlockSize * (kHalf + k), 1);
  }
}

// The batch at `counter` into blocks, absorbing the 64 Poly1305 blocks at
// `absorb` (if not null) into mac on the way; r_half is r^32.
inline void batch(const ChaChaState& state, std::uint32_t counter, __m512i blocks[16],
                  const std::uint8_t* absorb, Poly1305Core& mac,
                  const poly1305_halves::Radix44& r_half) {
  if (absorb == nullptr) {  // public: only the first batch of seal has nothing to absorb
    keystream_blocks(state, counter, blocks, [](int) {});
    return;
  }
  Poly1305Core second = mac;
  second.h0 = second.h1 = second.h2 = 0;
  keystream_blocks(state, counter, blocks, [&](int round) {
    absorb_pairs(mac, second, absorb, kBlocksPerRound * static_cast<std::size_t>(round),
                 kBlocksPerRound);
  });
  absorb_pairs(mac, second, absorb, 10 * kBlocksPerRound, kHalf - 10 * kBlocksPerRound);
  poly1305_halves::join(mac, second, r_half);
  ct::secure_wipe(&second, sizeof second);
}

}  // namespace

void chacha20_xor_avx512(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                         std::size_t len) {
  std::uint32_t counter = state[12];
  __m512i blocks[16];
  for (; len >= kBatch; len -= kBatch, in += kBatch, out += kBatch, counter += kLanes) {
    keystream_blocks(state, counter, blocks, [](int) {});
    xor_batch(blocks, in, out);
  }
  ct::secure_wipe(blocks, sizeof blocks);
  if (len > 0) {  // lengths are public
    ChaChaState tail_state = state;
    tail_state[12] = counter;
    chacha20_xor_avx2(tail_state, in, out, len);
    ct::secure_wipe(tail_state.data(), sizeof tail_state);
  }
}

std::size_t chacha20_poly1305_seal_avx512(const ChaChaState& state, const std::uint8_t* in,
                                          std::uint8_t* out, std::size_t len,
                                          Poly1305Core& mac_core) {
  const std::size_t batches = len / kBatch;
  if (batches == 0) return 0;
  Poly1305Core mac = mac_core;  // a local copy: kept in registers across the stores
  auto r_half = poly1305_halves::r_power(mac, kHalfDoublings);
  __m512i blocks[16];
  std::uint32_t counter = state[12];
  // Batch b's keystream while absorbing batch b-1's ciphertext; the first
  // batch has no ciphertext before it.
  for (std::size_t b = 0; b < batches; ++b, counter += kLanes) {
    batch(state, counter, blocks, b == 0 ? nullptr : out + (b - 1) * kBatch, mac, r_half);
    xor_batch(blocks, in + b * kBatch, out + b * kBatch);
  }
  // The last batch's ciphertext.
  Poly1305Core second = mac;
  second.h0 = second.h1 = second.h2 = 0;
  absorb_pairs(mac, second, out + (batches - 1) * kBatch, 0, kHalf);
  poly1305_halves::join(mac, second, r_half);
  mac_core = mac;
  ct::secure_wipe(&mac, sizeof mac);
  ct::secure_wipe(&second, sizeof second);
  ct::secure_wipe(&r_half, sizeof r_half);
  ct::secure_wipe(blocks, sizeof blocks);
  return batches * kBatch;
}

std::size_t chacha20_poly1305_open_avx512(const ChaChaState& state, const std::uint8_t* in,
                                          std::uint8_t* out, std::size_t len,
                                          Poly1305Core& mac_core) {
  const std::size_t batches = len / kBatch;
  if (batches == 0) return 0;
  Poly1305Core mac = mac_core;
  auto r_half = poly1305_halves::r_power(mac, kHalfDoublings);
  __m512i blocks[16];
  std::uint32_t counter = state[12];
  for (std::size_t b = 0; b < batches; ++b, counter += kLanes) {
    batch(state, counter, blocks, in + b * kBatch, mac, r_half);  // reads before the XOR
    xor_batch(blocks, in + b * kBatch, out + b * kBatch);
  }
  mac_core = mac;
  ct::secure_wipe(&mac, sizeof mac);
  ct::secure_wipe(&r_half, sizeof r_half);
  ct::secure_wipe(blocks, sizeof blocks);
  return batches * kBatch;
}

}  // namespace glasstls::crypto

GLASSTLS_AVX512_END()
