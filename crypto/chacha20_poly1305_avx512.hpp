// ChaCha20 and the fused ChaCha20-Poly1305 loops for AVX-512 CPUs (used by
// chacha20_poly1305.cpp): sixteen blocks per pass of the kernel in
// chacha20_avx512.hpp. The loops are those of chacha20_poly1305_avx2.hpp with
// 1024-byte batches: 64 Poly1305 blocks (scalar) between the ten double rounds
// of one vector batch, for the core to run side by side.
// Only call these when the CPU has AVX-512F and AVX2.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/chacha20.hpp"
#include "crypto/poly1305.hpp"

namespace glasstls::crypto {

// A ChaCha20XorFn (chacha20.hpp): whole 1024-byte batches here, the rest with
// chacha20_xor_avx2.
void chacha20_xor_avx512(const ChaChaState& state, const std::uint8_t* in, std::uint8_t* out,
                         std::size_t len);

// As chacha20_poly1305_seal_avx2 / _open_avx2, on whole 1024-byte batches:
// return len rounded down to a multiple of 1024.
std::size_t chacha20_poly1305_seal_avx512(const ChaChaState& state, const std::uint8_t* in,
                                          std::uint8_t* out, std::size_t len, Poly1305Core& mac);
std::size_t chacha20_poly1305_open_avx512(const ChaChaState& state, const std::uint8_t* in,
                                          std::uint8_t* out, std::size_t len, Poly1305Core& mac);

}  // namespace glasstls::crypto
