// Stitched AES-GCM loops for x86 (internal to crypto/).
//
// One pass over the data interleaves counter-mode AES with GHASH, so the AES
// units and the carry-less multiplier work at the same time. Each function
// handles whole batches only (8 blocks for AES-NI, 16 for VAES) and returns the
// number of blocks it processed; crypto/gcm.cpp finishes the rest.
// counter and y are updated (y in SP 800-38D byte order).
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/aes.hpp"
#include "crypto/ghash.hpp"

namespace glasstls::crypto {

std::size_t gcm_seal_aesni(const Aes& aes, const GhashKey& key, std::uint8_t counter[16],
                           std::uint8_t y[16], const std::uint8_t* in, std::uint8_t* out,
                           std::size_t nblocks);
std::size_t gcm_open_aesni(const Aes& aes, const GhashKey& key, std::uint8_t counter[16],
                           std::uint8_t y[16], const std::uint8_t* in, std::uint8_t* out,
                           std::size_t nblocks);
std::size_t gcm_seal_vaes(const Aes& aes, const GhashKey& key, std::uint8_t counter[16],
                          std::uint8_t y[16], const std::uint8_t* in, std::uint8_t* out,
                          std::size_t nblocks);
std::size_t gcm_open_vaes(const Aes& aes, const GhashKey& key, std::uint8_t counter[16],
                          std::uint8_t y[16], const std::uint8_t* in, std::uint8_t* out,
                          std::size_t nblocks);

}  // namespace glasstls::crypto
