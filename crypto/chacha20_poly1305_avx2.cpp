// The fused ChaCha20-Poly1305 loops (see chacha20_poly1305_avx2.hpp).
//
// A 512-byte batch is 32 Poly1305 blocks and 10 ChaCha20 double rounds: three
// Poly1305 blocks go after each double round, the last two after the rounds.
// Seal MACs the ciphertext, which exists only after the XOR, so it absorbs the
// previous batch's ciphertext while computing the next keystream; open MACs its
// input, so it absorbs the batch it is about to decrypt (before overwriting it,
// which keeps in-place decryption correct).
// CT: as chacha20_avx2.hpp and poly1305.hpp; branches depend on the length only.
#include "crypto/chacha20_poly1305_avx2.hpp"

#include "crypto/chacha20_avx2.hpp"
#include "crypto/ct.hpp"

namespace glasstls::crypto {

using namespace chacha20_avx2;

namespace {

constexpr std::size_t kBlocksPerBatch = kBatch / Poly1305::kBlockSize;  // 32
constexpr std::size_t kBlocksPerRound = 3;                              // 30 of them

// The 512-byte ChaCha20 batch at `counter` into rows, absorbing the 32 Poly1305
// blocks at `absorb` on the way.
__attribute__((target("avx2"))) inline void batch_with_mac(const ChaChaState& state,
                                                           std::uint32_t counter, __m256i rows[16],
                                                           const std::uint8_t* absorb,
                                                           Poly1305Core& mac) {
  keystream_rows(state, counter, rows, [&](int round) {
    const std::uint8_t* m = absorb + kBlocksPerRound * Poly1305::kBlockSize * round;
    for (std::size_t k = 0; k < kBlocksPerRound; ++k) mac.block(m + Poly1305::kBlockSize * k, 1);
  });
  for (std::size_t k = 10 * kBlocksPerRound; k < kBlocksPerBatch; ++k) {
    mac.block(absorb + Poly1305::kBlockSize * k, 1);
  }
}

}  // namespace

__attribute__((target("avx2"))) std::size_t chacha20_poly1305_seal_avx2(const ChaChaState& state,
                                                                        const std::uint8_t* in,
                                                                        std::uint8_t* out,
                                                                        std::size_t len,
                                                                        Poly1305Core& mac_core) {
  const std::size_t batches = len / kBatch;
  if (batches == 0) return 0;
  Poly1305Core mac = mac_core;  // a local copy: kept in registers across the stores
  __m256i rows[16];
  std::uint32_t counter = state[12];
  // The first batch has no ciphertext before it to absorb.
  keystream_rows(state, counter, rows, [](int) {});
  xor_batch(rows, in, out);
  for (std::size_t b = 1; b < batches; ++b) {
    counter += kLanes;
    batch_with_mac(state, counter, rows, out + (b - 1) * kBatch, mac);
    xor_batch(rows, in + b * kBatch, out + b * kBatch);
  }
  // The last batch's ciphertext.
  for (std::size_t k = 0; k < kBlocksPerBatch; ++k) {
    mac.block(out + (batches - 1) * kBatch + Poly1305::kBlockSize * k, 1);
  }
  mac_core = mac;
  ct::secure_wipe(&mac, sizeof mac);
  ct::secure_wipe(rows, sizeof rows);
  return batches * kBatch;
}

__attribute__((target("avx2"))) std::size_t chacha20_poly1305_open_avx2(const ChaChaState& state,
                                                                        const std::uint8_t* in,
                                                                        std::uint8_t* out,
                                                                        std::size_t len,
                                                                        Poly1305Core& mac_core) {
  const std::size_t batches = len / kBatch;
  if (batches == 0) return 0;
  Poly1305Core mac = mac_core;
  __m256i rows[16];
  std::uint32_t counter = state[12];
  for (std::size_t b = 0; b < batches; ++b, counter += kLanes) {
    batch_with_mac(state, counter, rows, in + b * kBatch, mac);  // reads before the XOR
    xor_batch(rows, in + b * kBatch, out + b * kBatch);
  }
  mac_core = mac;
  ct::secure_wipe(&mac, sizeof mac);
  ct::secure_wipe(rows, sizeof rows);
  return batches * kBatch;
}

}  // namespace glasstls::crypto
