// GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), with a portable
// constant-time backend and carry-less-multiply backends (internal to crypto/).
//
// SP 800-38D §6.4: "Y_i = (Y_{i-1} xor X_i) * H" over GF(2^128) with the
// polynomial x^128 + x^7 + x^2 + x + 1, where bit 0 of a block (the most
// significant bit of its first byte) is the coefficient of x^0.
//
// Every backend uses one representation (docs/crypto-aead.md, "GHASH"):
//   - a block read as a 128-bit big-endian integer ("reflected": x^0 is the
//     top bit), so no per-bit reversal of the data is ever needed;
//   - the key stored as H * x^-1 ("twisted"), which turns the carry-less
//     product of two reflected values directly into the reflected field
//     product after a Montgomery-style reduction by z^128 with the constant
//     0xC2000000_00000000 (two folds of 64 bits).
// The state Y travels between calls as its 16 bytes in SP 800-38D order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace glasstls::crypto {

enum class GhashBackend : std::uint8_t { ctmul64, pclmul, vpclmul };

struct GhashKey {
  static constexpr std::size_t kPowers = 16;  // H^1..H^16 for aggregated reduction

  GhashKey() = default;
  GhashKey(const GhashKey&) = delete;
  GhashKey& operator=(const GhashKey&) = delete;
  GhashKey(GhashKey&& o) noexcept;
  GhashKey& operator=(GhashKey&& o) noexcept;
  ~GhashKey();  // wipes

  GhashBackend backend = GhashBackend::ctmul64;
  // ctmul64: [0] = hi, [1] = lo word of the twisted H; then for each of
  //   lo, hi, lo^hi: its four masked parts, and those of its bit reversal.
  // pclmul/vpclmul: power[i] = twisted H^(16-i), as (low, high) 64-bit lanes,
  //   so H^16 comes first: blocks X_1..X_n of a batch meet H^n..H^1.
  alignas(32) std::array<std::uint64_t, 2 * kPowers> words{};
};

// H = CIPH_K(0^128), the hash subkey (SP 800-38D §7.1 step 1).
// CT: time independent of h.
void ghash_init(GhashKey& key, const std::uint8_t h[16], GhashBackend backend);

// y = GHASH update over nblocks full blocks.
// CT: time depends on nblocks only.
void ghash_update(const GhashKey& key, std::uint8_t y[16], const std::uint8_t* blocks,
                  std::size_t nblocks);

// The backends (ghash_ctmul64.cpp, ghash_pclmul.cpp).
void ghash_init_ctmul64(GhashKey& key, const std::uint8_t h[16]);
void ghash_ctmul64(const GhashKey& key, std::uint8_t y[16], const std::uint8_t* blocks,
                   std::size_t nblocks);
void ghash_init_pclmul(GhashKey& key, const std::uint8_t h[16]);
void ghash_pclmul(const GhashKey& key, std::uint8_t y[16], const std::uint8_t* blocks,
                  std::size_t nblocks);

}  // namespace glasstls::crypto
