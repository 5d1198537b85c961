// The fused ChaCha20-Poly1305 loop for AVX2 CPUs (used by chacha20_poly1305.cpp).
//
// The AEAD needs both ChaCha20 and Poly1305 over every byte. Run one after the
// other, they cost their sum; but ChaCha20 here is vector code (AVX2) while
// Poly1305 is a chain of scalar 64-bit multiplications, and a CPU runs the two
// kinds on different execution units. So these loops put the Poly1305 blocks of
// a 512-byte batch between the double rounds of a ChaCha20 batch and let the
// out-of-order core overlap them: the AEAD costs little more than the slower of
// the two. The results are exactly those of chacha20_xor_portable followed by
// Poly1305::update (the tests compare them).
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/chacha20.hpp"
#include "crypto/poly1305.hpp"

namespace glasstls::crypto {

// Whole 512-byte batches only: returns how many bytes were done (len rounded
// down to a multiple of 512). The keystream starts at block state[12]; `mac`
// must be at a block boundary (after pad16 of the AAD). in == out is allowed.
// Only call when the CPU has AVX2.
//
// Seal: out = in ^ keystream, and the ciphertext (out) is absorbed into mac.
std::size_t chacha20_poly1305_seal_avx2(const ChaChaState& state, const std::uint8_t* in,
                                        std::uint8_t* out, std::size_t len, Poly1305Core& mac);
// Open: the ciphertext (in) is absorbed into mac, and out = in ^ keystream.
std::size_t chacha20_poly1305_open_avx2(const ChaChaState& state, const std::uint8_t* in,
                                        std::uint8_t* out, std::size_t len, Poly1305Core& mac);

}  // namespace glasstls::crypto
