// ChaCha20 (RFC 8439 §2.1-§2.4): the stream cipher of TLS's ChaCha20-Poly1305 suites.
//
// Read it in the RFC's order:
//   §2.1  the quarter round            chacha20_quarter_round(a, b, c, d)
//   §2.2  a quarter round on the state chacha20_quarter_round(state, x, y, z, w)
//   §2.3  the block function           chacha20_initial_state(), chacha20_block()
//   §2.4  the encryption algorithm     chacha20_encrypt(): the keystream XOR the input
//
// Two backends produce the same keystream:
//   chacha20_xor_portable (chacha20.cpp)     one block at a time, the RFC's pseudocode;
//   chacha20_xor_avx2     (chacha20_avx2.cpp) eight blocks at once, one block per
//                                            32-bit lane of sixteen AVX2 registers.
// chacha20_default_xor() picks AVX2 when the CPU has it and GLASSTLS_PORTABLE is not
// set (crypto/cpu.hpp).
//
// CT: ChaCha20 is additions, XORs and fixed rotations of 32-bit words (ARX): no
// branch and no memory index ever depends on the key, the nonce or the data. Only
// the (public) length decides how many blocks run.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace glasstls::crypto {

constexpr std::size_t kChaCha20KeySize = 32;    // RFC 8439 §2.3: "A 256-bit key"
constexpr std::size_t kChaCha20NonceSize = 12;  // RFC 8439 §2.3: "A 96-bit nonce"
constexpr std::size_t kChaCha20BlockSize = 64;  // 16 words of 32 bits

// The 4x4 matrix of 32-bit words the RFC calls "the ChaCha state" (§2.3):
//   cccccccc  cccccccc  cccccccc  cccccccc     c = constant
//   kkkkkkkk  kkkkkkkk  kkkkkkkk  kkkkkkkk     k = key
//   kkkkkkkk  kkkkkkkk  kkkkkkkk  kkkkkkkk     b = block count
//   bbbbbbbb  nnnnnnnn  nnnnnnnn  nnnnnnnn     n = nonce
using ChaChaState = std::array<std::uint32_t, 16>;

// RFC 8439 §2.1: a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12;
//                a += b; d ^= a; d <<<= 8;  c += d; b ^= c; b <<<= 7;
constexpr std::uint32_t rotl32(std::uint32_t v, int n) {
  return static_cast<std::uint32_t>((v << n) | (v >> (32 - n)));
}
constexpr void chacha20_quarter_round(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c,
                                      std::uint32_t& d) {
  a += b;
  d ^= a;
  d = rotl32(d, 16);
  c += d;
  b ^= c;
  b = rotl32(b, 12);
  a += b;
  d ^= a;
  d = rotl32(d, 8);
  c += d;
  b ^= c;
  b = rotl32(b, 7);
}

// RFC 8439 §2.2: QUARTERROUND(x, y, z, w) on the words at those indices.
constexpr void chacha20_quarter_round(ChaChaState& s, std::size_t x, std::size_t y, std::size_t z,
                                      std::size_t w) {
  chacha20_quarter_round(s[x], s[y], s[z], s[w]);
}

// RFC 8439 §2.3: "state = constants | key | counter | nonce".
// CT: copies the key; no branch on it.
ChaChaState chacha20_initial_state(std::span<const std::uint8_t, kChaCha20KeySize> key,
                                   std::uint32_t counter,
                                   std::span<const std::uint8_t, kChaCha20NonceSize> nonce);

// RFC 8439 §2.3: twenty rounds, add the initial state, serialize little-endian.
void chacha20_block(const ChaChaState& initial_state,
                    std::span<std::uint8_t, kChaCha20BlockSize> out);
void chacha20_block(std::span<const std::uint8_t, kChaCha20KeySize> key, std::uint32_t counter,
                    std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                    std::span<std::uint8_t, kChaCha20BlockSize> out);

// XOR `len` bytes of keystream, starting at block state[12], into out = in ^ keystream.
// in == out (in place) is allowed; other overlaps are not. The counter wraps modulo
// 2^32 as the RFC's 32-bit block count does; callers keep len below 2^32 blocks.
using ChaCha20XorFn = void (*)(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                               std::size_t len);
void chacha20_xor_portable(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                           std::size_t len);
// Only call when crypto::cpu_features().avx2 (it is compiled for AVX2).
void chacha20_xor_avx2(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                       std::size_t len);
// AVX2 if usable_features() allows it, else portable.
ChaCha20XorFn chacha20_default_xor();

// RFC 8439 §2.4: chacha20_encrypt(key, counter, nonce, plaintext). Decryption is
// the same operation. out.size() must equal in.size(); in place allowed.
void chacha20_encrypt(std::span<const std::uint8_t, kChaCha20KeySize> key, std::uint32_t counter,
                      std::span<const std::uint8_t, kChaCha20NonceSize> nonce,
                      std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                      ChaCha20XorFn xor_fn = chacha20_default_xor());

}  // namespace glasstls::crypto
