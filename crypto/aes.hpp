// AES, the block cipher of FIPS 197 ("Advanced Encryption Standard"), as GCM
// uses it: encryption only (GCM never runs the inverse cipher).
//
// One key schedule (FIPS 197 §5.2, crypto/aes.cpp) feeds every backend; it is
// computed with AES-NI when the backend has it, bitsliced otherwise:
//   portable   - bitsliced, constant time, four blocks at once (crypto/aes_ct64.cpp)
//   aesni      - the AES-NI instructions, with PCLMULQDQ for GHASH (crypto/aes_x86.cpp)
//   vaes-avx2  - VAES on 256-bit registers, two blocks per instruction, with
//                VPCLMULQDQ for GHASH (crypto/gcm_vaes.cpp)
// The backend is fixed when the key is set: best_aes_backend() follows
// crypto::usable_features(), so GLASSTLS_PORTABLE=1 (or a ScopedPortable) at
// that moment selects the portable code.
//
// Keys: AES-128, AES-192 and AES-256 (16, 24, 32 bytes). TLS uses 128 and 256;
// 192 costs nothing here and lets the tests run all of Wycheproof.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/result.hpp"

namespace glasstls::crypto {

enum class AesBackend : std::uint8_t { portable, aesni, vaes_avx2 };

std::string_view to_string(AesBackend b);  // "portable", "aesni", "vaes-avx2"
// Whether this CPU (and GLASSTLS_PORTABLE) allows the backend, including the
// carry-less multiply GCM pairs it with.
bool aes_backend_usable(AesBackend b);
// The fastest usable backend.
AesBackend best_aes_backend();

class Aes {
 public:
  static constexpr std::size_t kBlockSize = 16;
  static constexpr unsigned kMaxRounds = 14;

  // key: 16, 24 or 32 bytes. A backend the CPU lacks is an internal_error.
  static Result<Aes> create(std::span<const std::uint8_t> key,
                            AesBackend backend = best_aes_backend());

  Aes(Aes&& o) noexcept;
  Aes& operator=(Aes&& o) noexcept;
  Aes(const Aes&) = delete;
  Aes& operator=(const Aes&) = delete;
  ~Aes();  // wipes every round key

  AesBackend backend() const { return backend_; }
  unsigned rounds() const { return rounds_; }  // Nr: 10, 12 or 14

  // FIPS 197 §5.1 Cipher(): one block. in == out allowed.
  // CT: time independent of the key and the block.
  void encrypt_block(const std::uint8_t in[16], std::uint8_t out[16]) const;

  // Counter mode over whole blocks: out[i] = in[i] ^ E(K, counter), then
  // counter = inc32(counter) (SP 800-38D §6.2: only the last 32 bits count,
  // big-endian, modulo 2^32). in == out allowed.
  // CT: time depends on nblocks only.
  void ctr32(std::uint8_t counter[16], const std::uint8_t* in, std::uint8_t* out,
             std::size_t nblocks) const;

  // For the backends: Nr+1 round keys of 16 bytes, in FIPS 197 byte order
  // (round key r is w[4r..4r+3], each word's bytes in order).
  const std::uint8_t* round_keys() const { return schedule_.data(); }
  // For the portable backend: the same round keys in bitsliced form.
  const std::uint64_t* sliced_round_keys() const { return sliced_.data(); }

 private:
  Aes() = default;
  void wipe();

  alignas(32) std::array<std::uint8_t, 16 * (kMaxRounds + 1)> schedule_{};
  alignas(32) std::array<std::uint64_t, 8 * (kMaxRounds + 1)> sliced_{};
  unsigned rounds_ = 0;
  AesBackend backend_ = AesBackend::portable;
};

// FIPS 197 §5.2 KeyExpansion(): key (Nk = 4, 6 or 8 words) -> 4*(Nr+1) words,
// written as bytes to `schedule`. Returns Nr. Used by Aes; exposed for tests.
// The schedule is the same for every backend; `backend` only picks how SubWord
// runs: portable = the bitsliced S-box, aesni and vaes-avx2 = AESENCLAST
// (crypto/aes_x86.cpp). The caller checks aes_backend_usable(backend) first.
// CT: no table is indexed by key bytes, no branch depends on them.
unsigned aes_expand_key(std::span<const std::uint8_t> key,
                        std::span<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> schedule,
                        AesBackend backend = AesBackend::portable);

inline void inc32(std::uint8_t block[16]) {
  // SP 800-38D §6.2: "inc_s(X) ... increments the right-most s bits of the string,
  // regarded as the binary representation of an integer, modulo 2^s".
  std::uint32_t c = (std::uint32_t{block[12]} << 24) | (std::uint32_t{block[13]} << 16) |
                    (std::uint32_t{block[14]} << 8) | block[15];
  ++c;
  block[12] = static_cast<std::uint8_t>(c >> 24);
  block[13] = static_cast<std::uint8_t>(c >> 16);
  block[14] = static_cast<std::uint8_t>(c >> 8);
  block[15] = static_cast<std::uint8_t>(c);
}

}  // namespace glasstls::crypto
