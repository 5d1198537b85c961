// ChaCha20 with AVX2: eight blocks at once (RFC 8439 §2.4 over the kernel in
// chacha20_avx2.hpp). Whole batches of 512 bytes are XORed straight from the
// registers; a tail is done from one more batch (long tails) or block by block.
// CT: vector ARX only; branches depend on the (public) length alone.
#include "crypto/chacha20_avx2.hpp"

#include "crypto/ct.hpp"

namespace glasstls::crypto {

using namespace chacha20_avx2;

namespace {
// Tails shorter than this are cheaper one block at a time than as a whole batch.
constexpr std::size_t kMinTailBatch = 4 * kChaCha20BlockSize;
}  // namespace

__attribute__((target("avx2"))) void chacha20_xor_avx2(const ChaChaState& state,
                                                       const std::uint8_t* in, std::uint8_t* out,
                                                       std::size_t len) {
  std::uint32_t counter = state[12];
  __m256i rows[16];
  // Whole batches of eight blocks: XOR straight from the registers.
  for (; len >= kBatch; len -= kBatch, in += kBatch, out += kBatch, counter += kLanes) {
    keystream_rows(state, counter, rows, [](int) {});
    xor_batch(rows, in, out);
  }
  // Lengths are public: branching on them is fine.
  if (len >= kMinTailBatch) {
    // A long tail: one more batch into a buffer; the unused keystream is discarded
    // (RFC 8439 §2.4: "If there is extra keystream from the last block, it is discarded.")
    alignas(32) std::uint8_t key_stream[kBatch];
    keystream_rows(state, counter, rows, [](int) {});
    for (std::size_t r = 0; r < 16; ++r) {
      _mm256_store_si256(reinterpret_cast<__m256i*>(key_stream + 32 * r), rows[r]);
    }
    for (std::size_t i = 0; i < len; ++i) {
      out[i] = static_cast<std::uint8_t>(in[i] ^ key_stream[i]);
    }
    ct::secure_wipe(key_stream, sizeof key_stream);
  } else if (len > 0) {
    // A short tail: the portable code, one block at a time, from block `counter`.
    ChaChaState tail_state = state;
    tail_state[12] = counter;
    chacha20_xor_portable(tail_state, in, out, len);
    ct::secure_wipe(tail_state.data(), sizeof tail_state);
  }
  ct::secure_wipe(rows, sizeof rows);
}

}  // namespace glasstls::crypto
