// ChaCha20, portable: RFC 8439 §2.3 and §2.4 one block at a time.
// The AVX2 backend (chacha20_avx2.cpp) computes the same blocks eight at a time.
#include "crypto/chacha20.hpp"

#include <cstdlib>

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"

namespace glasstls::crypto {
namespace {

std::uint32_t load32_le(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void store32_le(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  p[2] = static_cast<std::uint8_t>(v >> 16);
  p[3] = static_cast<std::uint8_t>(v >> 24);
}

// RFC 8439 §2.3: "ChaCha20 runs 20 rounds, alternating between 'column rounds' and
// 'diagonal rounds'. Each round consists of four quarter-rounds". This is the
// pseudocode's inner_block: one column round, then one diagonal round.
inline void inner_block(ChaChaState& s) {
  chacha20_quarter_round(s, 0, 4, 8, 12);  // the four columns
  chacha20_quarter_round(s, 1, 5, 9, 13);
  chacha20_quarter_round(s, 2, 6, 10, 14);
  chacha20_quarter_round(s, 3, 7, 11, 15);
  chacha20_quarter_round(s, 0, 5, 10, 15);  // the four diagonals
  chacha20_quarter_round(s, 1, 6, 11, 12);
  chacha20_quarter_round(s, 2, 7, 8, 13);
  chacha20_quarter_round(s, 3, 4, 9, 14);
}

// The block function, leaving the words (not yet serialized) in `working`.
inline void block_words(const ChaChaState& initial_state, ChaChaState& working) {
  working = initial_state;
  for (int i = 1; i <= 10; ++i) inner_block(working);
  // RFC 8439 §2.3: "state += initial_state" (word by word, modulo 2^32).
  for (std::size_t i = 0; i < 16; ++i) working[i] += initial_state[i];
}

}  // namespace

ChaChaState chacha20_initial_state(std::span<const std::uint8_t, kChaCha20KeySize> key,
                                   std::uint32_t counter,
                                   std::span<const std::uint8_t, kChaCha20NonceSize> nonce) {
  ChaChaState s;
  // RFC 8439 §2.3: "The first four words (0-3) are constants: 0x61707865,
  // 0x3320646e, 0x79622d32, 0x6b206574" ("expand 32-byte k" in ASCII).
  s[0] = 0x61707865;
  s[1] = 0x3320646e;
  s[2] = 0x79622d32;
  s[3] = 0x6b206574;
  // "The next eight words (4-11) are taken from the 256-bit key by reading the
  // bytes in little-endian order, in 4-byte chunks."
  for (std::size_t i = 0; i < 8; ++i) s[4 + i] = load32_le(key.data() + 4 * i);
  // "Word 12 is a block counter."
  s[12] = counter;
  // "Words 13-15 are a nonce ... The 13th word is the first 32 bits of the input
  // nonce taken as a little-endian integer, while the 15th word is the last 32 bits."
  for (std::size_t i = 0; i < 3; ++i) s[13 + i] = load32_le(nonce.data() + 4 * i);
  return s;
}

void chacha20_block(const ChaChaState& initial_state,
                    std::span<std::uint8_t, kChaCha20BlockSize> out) {
  ChaChaState working;
  block_words(initial_state, working);
  // RFC 8439 §2.3: "serialize the result by sequencing the words one-by-one in
  // little-endian order."
  for (std::size_t i = 0; i < 16; ++i) store32_le(out.data() + 4 * i, working[i]);
  ct::secure_wipe(working.data(), sizeof working);
}

void chacha20_block(std::span<const std::uint8_t, kChaCha20KeySize> key, std::uint32_t counter,
                    std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                    std::span<std::uint8_t, kChaCha20BlockSize> out) {
  ChaChaState state = chacha20_initial_state(key, counter, nonce);
  chacha20_block(state, out);
  ct::secure_wipe(state.data(), sizeof state);
}

// RFC 8439 §2.4.1: "for j = 0 upto floor(len(plaintext)/64)-1
//   key_stream = chacha20_block(key, counter+j, nonce)
//   encrypted_message += block ^ key_stream"
// and for the last partial block "(block^key_stream)[0..len(plaintext)%64]":
// "If there is extra keystream from the last block, it is discarded."
void chacha20_xor_portable(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                           std::size_t len) {
  ChaChaState block_state = state;
  ChaChaState key_stream;
  while (len > 0) {
    block_words(block_state, key_stream);
    const std::size_t n = len < kChaCha20BlockSize ? len : kChaCha20BlockSize;  // public
    if (n == kChaCha20BlockSize) {
      for (std::size_t i = 0; i < 16; ++i) {
        store32_le(out + 4 * i, load32_le(in + 4 * i) ^ key_stream[i]);
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        const auto byte = static_cast<std::uint8_t>(key_stream[i / 4] >> (8 * (i % 4)));
        out[i] = static_cast<std::uint8_t>(in[i] ^ byte);
      }
    }
    ++block_state[12];  // counter + j (a 32-bit word: it wraps)
    in += n;
    out += n;
    len -= n;
  }
  ct::secure_wipe(key_stream.data(), sizeof key_stream);
  ct::secure_wipe(block_state.data(), sizeof block_state);
}

ChaCha20XorFn chacha20_default_xor() {
  return usable_features().avx2 ? &chacha20_xor_avx2 : &chacha20_xor_portable;
}

void chacha20_encrypt(std::span<const std::uint8_t, kChaCha20KeySize> key, std::uint32_t counter,
                      std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                      std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                      ChaCha20XorFn xor_fn) {
  if (in.size() != out.size()) std::abort();  // sizes are public: a caller's bug
  ChaChaState state = chacha20_initial_state(key, counter, nonce);
  xor_fn(state, in.data(), out.data(), in.size());
  ct::secure_wipe(state.data(), sizeof state);
}

}  // namespace glasstls::crypto
